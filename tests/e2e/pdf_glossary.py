#!/usr/bin/env python3
"""pdf_glossary.py -- hold Indonesian text to docs/glossary.md.

usage: pdf_glossary.py GLOSSARY.md po FILE.po
       pdf_glossary.py GLOSSARY.md text FILE.txt

Reads the glossary's table, column "Do not use (id)": every word or phrase
there in backquotes is refused.  'po' checks every msgstr of FILE.po;
'text' checks a text (pdftotext of an Indonesian PDF).  A refused word
that begins the row's own term ("bukti" of "bukti dukung") is refused
only when the rest of the term does not follow it, and only in 'po': the
PDF also prints the catalogs' own texts as they are.  So is a word marked
"(messages only)".

Literal names are taken out first, as the glossary allows them: text in
single quotes or backquotes, <xml tags>, name="value" attributes,
--options, hyphenated codes (level-unsupported), file names and paths
(manifest.xml, share/dossier, urn:...), the metavar MANIFEST, and the
program named as "program dossier" or as a command ("dossier check").
Prints one line per refused word with its context; exit 1 when any.
"""
import re
import sys

COMMANDS = ("init scan set check score render requests pack verify diff "
            "export import verdicts catalog help PERINTAH COMMAND").split()


def refused_words(glossary):
    """[(regex, in_text)] from the table's "Do not use (id)" column."""
    col = None
    rules = []
    for line in open(glossary, encoding="utf-8"):
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if col is None:
            if "Do not use (id)" in cells:
                col = cells.index("Do not use (id)")
            continue
        if len(cells) <= col or set(cells[0]) <= set("-: "):
            continue
        term = re.sub(r"\s*\(.*?\)", "", cells[0]).strip().lower()
        for m in re.finditer(r"`([^`]+)`(\s*\(messages only)?", cells[col]):
            word = m.group(1)
            w = word.strip().lower()
            pat = r"\b" + r"\s+".join(map(re.escape, w.split())) + r"\b"
            in_text = m.group(2) is None
            if term.startswith(w + " "):
                rest = term[len(w):].split()
                # "bukti dukungnya" is the term too
                pat += r"(?!\s+" + r"\s+".join(map(re.escape, rest)) + ")"
                in_text = False
            rules.append((word, re.compile(pat, re.I), in_text))
    if not rules:
        sys.exit("%s: no 'Do not use (id)' words found" % glossary)
    return rules


LITERALS = [
    r"'[^'\n]*'",                       # 'dossier check', '%s', values
    r"`[^`\n]*`",
    r"<[^<>\n]*>",                      # <dossier ...>, <evidence>
    r"\{[^{}\n]*\}",                    # I4-L{level}-{NN}
    r"[\w:-]+=\"[^\"\n]*\"",            # level="N", xmlns="urn:..."
    r"[\w:-]+=\S*",                     # level=N, YEAR=INDEX
    r"(?<![\w-])--?[A-Za-z][\w-]*",     # --level, -o
    r"\b\w+(?:-\w+)+\b",                # level-unsupported, evidence-root
    r"\S*\w[/.:]\w\S*",                 # manifest.xml, share/dossier, urn:
    r"\bMANIFEST\b",                    # the metavar
    r"\bprogram\s+dossier\b",
    r"\bdossier\s+(?:%s)\b" % "|".join(COMMANDS + ["%s"]),
    r"\bdossier\s+(?=\[?--)",         # a synopsis: dossier [--lang id|en]
]
LITERAL = re.compile("|".join("(?:%s)" % p for p in LITERALS))


def check(where, text, rules, po):
    bad = 0
    plain = LITERAL.sub(" ", text)
    for word, rx, in_text in rules:
        if not po and not in_text:
            continue
        for m in rx.finditer(plain):
            a = max(0, m.start() - 50)
            print("%s: '%s' is not in the glossary's Indonesian: ...%s..."
                  % (where, word, plain[a:m.end() + 30].replace("\n", " ")))
            bad += 1
    return bad


def msgstrs(path):
    """(line, text) of every msgstr but the header."""
    entry_line = 0
    out = []
    cur = None
    msgid = None
    mode = None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        m = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) "(.*)"$',
                     line)
        if m:
            if mode and mode.startswith("msgstr") and cur is not None:
                out.append((entry_line, msgid, cur))
            mode = m.group(1)
            if mode == "msgid":
                msgid = m.group(2)
            elif mode.startswith("msgstr"):
                cur = m.group(2)
                entry_line = n
            continue
        m = re.match(r'^"(.*)"$', line)
        if m and mode:
            if mode == "msgid":
                msgid += m.group(1)
            elif mode.startswith("msgstr"):
                cur += m.group(1)
            continue
        if mode and mode.startswith("msgstr") and cur is not None:
            out.append((entry_line, msgid, cur))
        mode = None
        cur = None
    if mode and mode.startswith("msgstr") and cur is not None:
        out.append((entry_line, msgid, cur))
    return [(n, s) for n, mid, s in out if mid != ""]


def unescape(s):
    return s.replace('\\"', '"').replace("\\n", "\n").replace("\\t", " ")


def main():
    if len(sys.argv) != 4 or sys.argv[2] not in ("po", "text"):
        sys.exit(__doc__)
    rules = refused_words(sys.argv[1])
    bad = 0
    if sys.argv[2] == "po":
        for n, s in msgstrs(sys.argv[3]):
            bad += check("%s:%d" % (sys.argv[3], n), unescape(s), rules, True)
    else:
        text = open(sys.argv[3], encoding="utf-8", errors="replace").read()
        # a word a line break split with a hyphen is one word
        text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
        bad += check(sys.argv[3], re.sub(r"\s+", " ", text), rules, False)
    sys.exit(1 if bad else 0)


main()
