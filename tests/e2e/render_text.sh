#!/bin/sh
# render_text.sh -- every text and URL field the manifest accepts, at its
# limit and in the worst characters, renders (issue 21): for each kind of
# text below, each field of the SPBE and the Pemdi example at its limit
# (instance 200 and kind 120, coordinator 200 each, owners 120,
# explanations 4,000, evidence titles 300, link texts 300 and hrefs
# 2,048, questions and answers 4,000, verdicts and responses 4,000,
# external sources 200) holds that text.  Each render exits 0 in
# bounded time, silently, leaves no temporary file, passes qpdf, keeps
# every word inside the margins, and links to every whole URL.  A
# 2,048-character link made cairo 1.16 assert (exit 134) when its
# attributes were cut short; a noncharacter in the instance name made
# cairo refuse the whole PDF (exit 3).  Pack makes a bundle of the
# hardest manifest.
# usage: render_text.sh DOSSIER SOURCE_DIR
set -u
dossier=$1
src=$2
# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
check=$src/tests/e2e/pdfcheck.py
export SOURCE_DATE_EPOCH=1732320000

# gen.py BASE KIND OUT: BASE with every field at its limit in KIND text
cat >"$tmp/gen.py" <<'PY'
import re, sys
from xml.sax.saxutils import escape, quoteattr
base, kind, out = sys.argv[1:]
# the pieces each kind of text is made of, repeated to the field's limit
KINDS = {
    # quotes, apostrophes, backslashes, spaces, %, #, XML's specials
    "quote": ['He said "ok" ', "it's ", "C:\\dir\\ ", "100% ", "#1 ",
              "& <b> ", "\\\\ "],
    # the same without a space: one word of 4,000 characters
    "word": ['a"b', "c'd", "e\\f", "g%h", "i#j", "(k)", "l&m", "<n>"],
    # combining marks, and one letter under 3,999 of them
    "comb": ["e\u0301", "a\u0300\u0323", "o\u0308\u0304", "n\u0303"],
    "stack": [],
    # right to left: Arabic and Hebrew among Latin and digits
    "rtl": ["مرحبا ", "بالعالم ", "שלום ", "עולם ", "abc ", "123 ", "(x) "],
    # emoji: a family (ZWJ), a flag, a skin tone, a variation selector
    "emoji": ["\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466",
              "\U0001F1EE\U0001F1E9", "\U0001F44D\U0001F3FD", "\u2764\uFE0F",
              "\U0001F600"],
    # CJK and Hangul, no spaces
    "cjk": ["中文", "測試", "数据", "データ", "한국어"],
    # separators, bidirectional controls, invisible characters, tabs and
    # line breaks, a tag character, noncharacters (which cairo refuses in
    # metadata), a private-use character
    "ctrl": ["a\u2028b ", "c\u2029d ", "e\u0085f ", "\u202eRLO ", "\u202bRLE ",
             "g\u200bh", "\ufeffi", "j\u00adk", "l\tm ", "n\r\no ", "p\nq ",
             "\U000E0041", "\ufdd0", "\U0001FFFE", "\U0010FFFF", "\U0010FFFD",
             "\u034f", "\u2066x"],
}
def text(n, url=False):
    if kind == "stack":
        return "a" + "\u0301" * (n - 1)
    s, i, parts = "", 0, KINDS[kind]
    while True:
        p = parts[i % len(parts)]
        if url:   # what check takes as a link: no space or control
            p = re.sub(r"[\s\x85]", "", p) or "_"
        if len(s) + len(p) > n:
            break
        s += p
        i += 1
    return s + "x" * (n - len(s))
def attr(n):  # attributes are one line
    return quoteattr(re.sub(r"[\t\r\n]", "_", text(n)))
def href():
    return "https://x.example/" + text(2048 - 18, url=True)
t = open(base, encoding="utf-8").read()
# only the indicators whose fields are filled below, and the first four:
# a shorter run
n = [0]
def keep(m):
    n[0] += 1
    b = m.group(0)
    return b if n[0] <= 4 or re.search(r"<(link|question|verdict|external)[ >]", b) else ""
t = re.sub(r'  <indicator [^>]*?(/>|>.*?</indicator>)\n', keep, t, flags=re.S)
t = re.sub(r'<instance name="[^"]*"( kind="[^"]*")?',
           lambda m: "<instance name=%s kind=%s" % (attr(200), attr(120)), t, 1)
t = re.sub(r"<coordinator [^>]*/>", lambda m: "<coordinator name=%s position=%s unit=%s/>"
           % (attr(200), attr(200), attr(200)), t, 1)
t = re.sub(r'(<indicator id="[^"]*") owner="[^"]*"', lambda m: m.group(1) + " owner=" + attr(120), t)
t = re.sub(r'(<assessment stage="mandiri" level="\d">)[^<]*', lambda m: m.group(1) + escape(text(4000)), t, 4)
t = re.sub(r'(<evidence file="[^"]*"[^>]*>)[^<]*', lambda m: m.group(1) + escape(text(300)), t, 12)
t = re.sub(r'<link href="[^"]*"([^>]*>)[^<]*',
           lambda m: "<link href=" + quoteattr(href()) + m.group(1) + escape(text(300)), t, 4)
t = re.sub(r'(<question stage="[a-z]*">)[^<]*', lambda m: m.group(1) + escape(text(4000)), t, 2)
t = re.sub(r'(<answer stage="[a-z]*">)[^<]*', lambda m: m.group(1) + escape(text(4000)), t, 2)
t = re.sub(r'(<verdict [^>]*status="revisi"[^>]*>)[^<]*', lambda m: m.group(1) + escape(text(4000)), t, 3)
t = re.sub(r"(<response [^>]*>)[^<]*", lambda m: m.group(1) + escape(text(4000)), t, 3)
t = re.sub(r'source="[^"]*"', lambda m: "source=" + attr(200), t)
open(out, "w", encoding="utf-8").write(t)
PY

# same.py LINKS MANIFEST: every href of MANIFEST is a link, whole (the PDF
# percent-encodes what a PDF URI cannot hold)
cat >"$tmp/same.py" <<'PY'
import sys, urllib.parse, xml.etree.ElementTree as ET
links = [l.split(" ", 1)[1] for l in open(sys.argv[1], encoding="utf-8").read().splitlines()
         if l.startswith("uri ")]
got = {urllib.parse.unquote(u) for u in links}
want = [l.get("href") for l in ET.parse(sys.argv[2]).iter("{urn:dossier:manifest:1}link")]
missing = [h for h in want if urllib.parse.unquote(h) not in got]
print(len(want), "links,", len(missing), "missing")
sys.exit(1 if missing else 0)
PY

# every kind in the SPBE example; in the Pemdi example (whose own fields
# are verdicts, responses and external sources) the ones that broke or
# cost the most
for ex in example example-pemdi; do
    kinds="quote word comb stack rtl emoji cjk ctrl"
    [ "$ex" = example-pemdi ] && kinds="word rtl emoji ctrl"
    for kind in $kinds; do
        n="$ex, $kind"
        d=$tmp/$ex-$kind
        cp -R "$src/templates/$ex" "$d"
        if ! python3 "$tmp/gen.py" "$src/templates/$ex/manifest.xml" "$kind" "$d/manifest.xml"; then
            not_ok "$n: manifest not made"
            continue
        fi
        run "$n: render" "$dossier" render "$d/manifest.xml" -o "$d/d.pdf" --no-thumbnails
        expect "$n: render" 0
        quiet "$n: render"
        if find "$d" -name 'd.pdf.tmp-*' | grep -q .; then not_ok "$n: temporary file left"
        else ok "$n: no temporary file left"; fi
        [ -s "$d/d.pdf" ] || continue
        run "$n: qpdf --check" qpdf --check "$d/d.pdf"
        expect "$n: qpdf --check" 0
        lacks "$n: qpdf: no warning" "WARNING"
        pdftotext -bbox "$d/d.pdf" "$d/bbox.html"
        run "$n: layout" python3 "$check" layout "$d/bbox.html"
        expect "$n: nothing outside the margins or overprinted" 0
        # a cairo context in error draws nothing more: the last page has
        # the sign-off
        pdftotext -f "$(pdfinfo "$d/d.pdf" | sed -n 's/^Pages: *//p')" "$d/d.pdf" "$d/last.txt"
        has "$n: drawn to the end" "Pengesahan" "$d/last.txt"
        python3 "$check" links "$d/d.pdf" >"$d/links"
        run "$n: links" python3 "$tmp/same.py" "$d/links" "$d/manifest.xml"
        expect "$n: a link to every whole URL ($(snip "$tmp/out"))" 0
    done
done

# the Latin texts are in the PDF as written, the 4,000-character word
# whole: nothing cut, nothing escaped
pdftotext "$tmp/example-word/d.pdf" - | tr -d ' \n\t' >"$tmp/word.flat"
w=$(python3 -c 'print(("a\"bc'"'"'de\\fg%hi#j(k)l&m<n>" * 500)[:3000])')
if grep -qF -- "$w" "$tmp/word.flat"; then ok "word: 3,000 characters of it, as written"
else not_ok "word: not found as written"; fi
pdftotext -l 1 "$tmp/example-quote/d.pdf" - >"$tmp/quote.txt"
has "quote: the instance on the cover" "He said \"ok\" it's C:\\\\dir\\\\ 100% #1 & <b>" "$tmp/quote.txt"
# the noncharacters in the title: shown by their code
pdfinfo "$tmp/example-ctrl/d.pdf" >"$tmp/info"
has "ctrl: the title shows a noncharacter by its code" '\\uFDD0' "$tmp/info"

# pack: the bundle's PDF of the hardest manifest
run "pack, ctrl" "$dossier" pack "$tmp/example-ctrl/manifest.xml" -o "$tmp/bundle" --jobs 2
expect "pack, ctrl" 0
if find "$tmp/bundle" -name '*.pdf' -path '*data*' | grep -q .; then ok "pack, ctrl: the dossier is in the bundle"
else not_ok "pack, ctrl: no dossier PDF in the bundle"; fi

finish
