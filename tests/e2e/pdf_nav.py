#!/usr/bin/env python3
"""pdf_nav.py -- the dossier's navigation on paper (issue 21, point 4),
checked on the PDF itself with pdftotext and qpdf only.

  pdf_nav.py toc PDF LANG    the contents (the pages headed "Daftar isi" /
                             "Contents") list every top-level section of
                             the outline but the cover and the contents,
                             and every indicator; each entry's page is
                             where that section or indicator starts, and
                             each entry is a link to that page
  pdf_nav.py refs PDF LANG   every page reference ("hal. N" / "p. N") on
                             the pages of the OPD table, the visit plan
                             and the appendices is inside a link to page
                             N, and N is the page of the section of the
                             indicator the row names
  pdf_nav.py links PDF HEAD  print the named destination of every link on
                             the pages whose running head ends with HEAD,
                             above a section that follows on the page
  pdf_nav.py text PDF N      print page N's text (pdftotext -layout)

Each check prints one line per problem and a count, and exits 1 when it
found a problem.
"""
import re
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pdfcheck import qpdf_json, tool_text  # noqa: E402

WORDS = {
    "id": {"toc": "Daftar isi", "ind": "Indikator", "ref": "hal.",
           "refs": ("Pengampu dan indikatornya", "Rencana visitasi",
                    "Lampiran A", "Lampiran B"),
           "group": ("Indikator", "Domain ", "Aspek ")},
    "en": {"toc": "Contents", "ind": "Indicator", "ref": "p.",
           "refs": ("Who answers for what", "Visit plan", "Appendix A",
                    "Appendix B"),
           "group": ("Indicators", "Domain ", "Aspect ")},
}


def pages_text(pdf):
    out = tool_text(["pdftotext", "-layout", pdf, "-"], pdf)
    return out.split("\f")[:-1]


def heads(pages):
    """The running head of each page (its first line's right part)."""
    return [p.split("\n", 1)[0].strip() for p in pages]


def indicator_starts(pages, w):
    """The page of each indicator's heading: its first line, "Indicator N
    Domain · Aspect A · weight W %", read from the page's text (not from
    the running head, which names the section at the top of the page)."""
    starts = {}
    for n, page in enumerate(pages, 1):
        for line in page.split("\n")[1:]:
            m = re.match(r"\s*" + w["ind"] + r" (\S+) .*\u00b7", line)
            if m and m.group(1) not in starts:
                starts[m.group(1)] = n
    return starts


def words(pdf):
    """Per page (1-based), its words: (xmin, ymin, xmax, ymax, text),
    y from the top of the page."""
    html = tool_text(["pdftotext", "-bbox", pdf, "-"], pdf)
    out = []
    for page in re.split(r"<page ", html)[1:]:
        ws = []
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                             r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                             page):
            ws.append(tuple(float(m.group(i)) for i in range(1, 5)) +
                      (m.group(5),))
        out.append(ws)
    return out


def links(pdf):
    """Per page (1-based), its internal links: (rect top-origin, page)."""
    d = qpdf_json(pdf, "qpdf", "pages")
    objs = d["qpdf"][1]
    pageno = {p["object"]: p["pageposfrom1"] for p in d["pages"]}
    dests = {}

    def walk(ref):
        node = objs["obj:" + ref]["value"] if isinstance(ref, str) else ref
        names = node.get("/Names", [])
        for k in range(0, len(names) - 1, 2):
            dests[names[k]] = pageno.get(names[k + 1][0], 0)
        for kid in node.get("/Kids", []):
            walk(kid)

    for v in objs.values():
        val = v.get("value")
        if isinstance(val, dict) and val.get("/Type") == "/Catalog":
            names = val.get("/Names")
            if isinstance(names, str):
                names = objs["obj:" + names]["value"]
            if names and "/Dests" in names:
                walk(names["/Dests"])
    out = {n: [] for n in range(1, len(d["pages"]) + 1)}
    for p in d["pages"]:
        page = objs["obj:" + p["object"]]["value"]
        height = page["/MediaBox"][3]
        annots = page.get("/Annots", [])
        if isinstance(annots, str):
            annots = objs["obj:" + annots]["value"]
        for a in annots:
            val = objs["obj:" + a]["value"] if isinstance(a, str) else a
            dest = val.get("/Dest")
            if val.get("/Subtype") != "/Link" or not isinstance(dest, str):
                continue
            x1, y1, x2, y2 = val["/Rect"]
            out[p["pageposfrom1"]].append(
                ((x1, height - y2, x2, height - y1), dests.get(dest, 0),
                 dest[2:]))
    return out


def inside(word, rect):
    cx = (word[0] + word[2]) / 2
    cy = (word[1] + word[3]) / 2
    return rect[0] <= cx <= rect[2] and rect[1] <= cy <= rect[3]


def link_to(lks, word):
    """The page the link over 'word' goes to; None: no link."""
    for rect, page, _ in lks:
        if inside(word, rect):
            return page
    return None


def toc(pdf, lang):
    w = WORDS[lang]
    pages = pages_text(pdf)
    starts = indicator_starts(pages, w)
    outline = qpdf_json(pdf, "outlines")["outlines"]
    sections = {o["title"]: o["destpageposfrom1"] for o in outline}
    allwords = words(pdf)
    lks = links(pdf)
    problems = 0
    listed = {}
    pending = []        # group entries: the page of the next indicator
    indicators = 0
    tocpages = [n for n, h in enumerate(heads(pages), 1)
                if h.endswith(w["toc"])]
    if not tocpages:
        print("no contents page")
        return 1
    for n in tocpages:
        # the entries: a line of words ending in a number at the right
        lines = {}
        for wd in allwords[n - 1]:
            if wd[1] < 50 or wd[1] > 790:
                continue
            lines.setdefault(round(wd[1]), []).append(wd)
        for y in sorted(lines):
            ws = sorted(lines[y])
            # a section that follows the contents on their last page ends them
            whole = " ".join(x[4] for x in ws)
            if whole != w["toc"] and sections.get(whole) == n:
                break
            if ws[0][4] == w["toc"] or not re.fullmatch(r"\d+", ws[-1][4]):
                continue
            title = " ".join(x[4] for x in ws[:-1])
            num = int(ws[-1][4])
            target = link_to(lks[n], ws[-1])
            if target != num:
                print(f"'{title}' prints {num}, links to {target}")
                problems += 1
            m = re.match(r"(\S+)\. ", title)
            if m and m.group(1) in starts:
                indicators += 1
                for t in pending:
                    if num != starts[m.group(1)]:
                        print(f"'{t}' prints {num}")
                        problems += 1
                pending = []
                if starts[m.group(1)] != num:
                    print(f"indicator {m.group(1)} prints {num}, starts on "
                          f"{starts[m.group(1)]}")
                    problems += 1
            elif title.startswith(w["group"]) and title not in sections:
                pending.append(title)
            else:
                listed[title] = num
    for title, page in sections.items():
        if title in ("Cover", w["toc"], w["group"][0]) or page < tocpages[0]:
            continue
        # an entry is one line: a long title is cut with an ellipsis
        got = [v for k, v in listed.items()
               if k == title or (k.endswith("\u2026") and title.startswith(k[:-1]))]
        if not got:
            print(f"section '{title}' not in the contents")
            problems += 1
        elif got[0] != page:
            print(f"section '{title}' prints {got[0]}, starts on {page}")
            problems += 1
    if indicators != len(starts):
        print(f"{indicators} indicators listed, {len(starts)} sections")
        problems += 1
    print(f"{len(listed)} sections, {indicators} indicators, "
          f"{problems} problems")
    return 1 if problems else 0


def refs(pdf, lang):
    w = WORDS[lang]
    pages = pages_text(pdf)
    starts = indicator_starts(pages, w)
    allwords = words(pdf)
    lks = links(pdf)
    problems = checked = 0
    for n, head in enumerate(heads(pages), 1):
        if not head.endswith(w["refs"]) and not any(
                head.endswith(s) or s in head for s in w["refs"]):
            continue
        ws = allwords[n - 1]
        for k, wd in enumerate(ws[:-1]):
            nxt = ws[k + 1]
            if wd[4] != w["ref"] or not re.fullmatch(r"\d+", nxt[4]):
                continue
            num = int(nxt[4])
            checked += 1
            target = link_to(lks[n], nxt)
            if target != num:
                print(f"page {n}: {w['ref']} {num} links to {target}")
                problems += 1
            # the row's indicator: the leftmost word on the line
            row = [x for x in ws if abs(x[1] - wd[1]) < 2]
            first = min(row)[4]
            if first in starts and starts[first] != num:
                print(f"page {n}: indicator {first} printed {w['ref']} {num}, "
                      f"starts on {starts[first]}")
                problems += 1
            elif first not in starts:
                print(f"page {n}: {w['ref']} {num} in a row of '{first}'")
                problems += 1
    print(f"{checked} page references, {problems} problems")
    if not checked:
        return 1
    return 1 if problems else 0


def links_under(pdf, head):
    """Print the named destination of every link on the pages whose
    running head ends with 'head', one a line."""
    hs = heads(pages_text(pdf))
    # a section that follows on one of those pages ends them there
    cut = {}
    for o in qpdf_json(pdf, "outlines")["outlines"]:
        if o["title"] != head and len(o["dest"]) > 3:
            n = o["destpageposfrom1"]
            cut[n] = min(cut.get(n, 1e9), 841.89 - o["dest"][3])
    for n, lks in links(pdf).items():
        if hs[n - 1].endswith(head):
            for rect, _, name in lks:
                if rect[1] < cut.get(n, 1e9):
                    print(name)
    return 0


if __name__ == "__main__":
    cmd, pdf = sys.argv[1], sys.argv[2]
    if cmd == "toc":
        sys.exit(toc(pdf, sys.argv[3]))
    if cmd == "refs":
        sys.exit(refs(pdf, sys.argv[3]))
    if cmd == "links":
        sys.exit(links_under(pdf, sys.argv[3]))
    if cmd == "text":
        print(pages_text(pdf)[int(sys.argv[3]) - 1])
        sys.exit(0)
    sys.exit(f"unknown command {cmd}")
