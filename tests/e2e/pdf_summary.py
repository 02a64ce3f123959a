#!/usr/bin/env python3
"""pdf_summary.py -- looks at the scoring summary of a rendered dossier
for render_summary.sh, with poppler-utils and qpdf output only.

  pdf_summary.py boxes PDF       print the numbers of the index boxes at
                                 the top of the summary, left to right
                                 ("-" for none), then a line of their labels,
                                 each label's lines joined
  pdf_summary.py rowlinks PDF    print, for every link as wide as the text
                                 between the summary's title and the
                                 indicator table (the group table's rows,
                                 over a page break), top to bottom, the id of
                                 the indicator whose heading is on the page
                                 its named destination resolves to
  pdf_summary.py firsts CAT      print the id of the first indicator of
                                 every row of the group table (domains
                                 and their aspects, or aspects), from
                                 `dossier catalog --format json` in CAT
  pdf_summary.py pages PDF       print the numbers of the summary's first
                                 and last page (it may begin below the
                                 end of the table of contents)
  pdf_summary.py table PDF       print the rows of the indicator table:
                                 "ID CELL..." (the numbers of its first line)
  pdf_summary.py groups PDF      print the rows of the domain and aspect
                                 table: "ID INDEX..." (each stage's index)
"""
import json
import re
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pdfcheck import qpdf_json, tool, tool_text  # noqa: E402

TITLES = ("Ringkasan penilaian", "Scoring summary")
NUM = r"(?:[\u2212+-]?\d+[,.]\d+|[\u2212+]?\d+|-|=|\u2013)"


def pages(pdf):
    return tool_text(["pdftotext", "-layout", pdf, "-"], pdf).split("\f")


def summary_start(pgs):
    """The index of the page the summary's title is on: the summary may
    follow the table of contents on its last page, whose running head
    names the contents (a section that begins lower heads the pages
    after it)."""
    return next(i for i, p in enumerate(pgs)
                if any(l.strip() in TITLES for l in p.split("\n")[1:]))


def summary_range(pdf):
    """The indices of the summary's pages: the one its title is on and
    those after it that its running head names."""
    pgs = pages(pdf)
    first = summary_start(pgs)
    last = first
    while (last + 1 < len(pgs) and
           pgs[last + 1].split("\n", 1)[0].rstrip().endswith(TITLES)):
        last += 1
    return first, last


def summary_pages(pdf):
    pgs = pages(pdf)
    first, last = summary_range(pdf)
    return pgs[first:last + 1]


def words(pdf, index):
    """The words of page 'index' (from 0): (yMin, yMax, text), top down."""
    html = tool(["pdftotext", "-bbox", "-f", str(index + 1),
                 "-l", str(index + 1), pdf, "-"], pdf).decode("utf-8", "replace")
    return [(float(b), float(d), t) for b, d, t in
            re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" '
                       r'xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)]


def pairs_at(ws, first, second):
    """The words 'first' directly followed by 'second' on its line."""
    return [(a[0], a[1]) for a, b in zip(ws, ws[1:])
            if a[2] in first and b[2] in second and abs(a[0] - b[0]) < 1]


def boxes(pdf):
    lines = summary_pages(pdf)[0].split("\n")
    title = next(i for i, l in enumerate(lines) if l.strip() in TITLES)
    for i in range(title + 1, len(lines)):
        cells = lines[i].split()
        if cells and all(re.fullmatch(r"\d+[,.]\d\d|-", c) for c in cells):
            print(" ".join(cells))
            # a label may take two lines: cut the lines above at the
            # boxes' left edges (where their numbers start), past the
            # heading that starts left of them
            cols = [m.start() - 2 for m in re.finditer(r"\S+", lines[i])]
            labels = [[] for _ in cols]
            for line in lines[title + 1:i]:
                if not line.strip() or len(line) - len(line.lstrip()) < cols[0]:
                    continue
                for k, c in enumerate(cols):
                    cell = line[c:cols[k + 1] if k + 1 < len(cols) else None]
                    if cell.strip():
                        labels[k].append(cell.strip())
            print(" ".join(" ".join(lb) for lb in labels))
            return 0
    return 1


def heads(pdf):
    """The indicator whose heading ("Indicator N Aspect A \u00b7 weight W")
    is on each page; "?" for a page with none."""
    out = []
    for p in pages(pdf):
        m = next(filter(None, (re.match(r"\s*(?:Indikator|Indicator) (\S+) .*\u00b7", l)
                               for l in p.split("\n")[1:])), None)
        out.append(m.group(1) if m else "?")
    return out


def rowlinks(pdf):
    doc = qpdf_json(pdf, "qpdf", "pages")
    objs = doc["qpdf"][1]
    pagelist = [p["object"] for p in doc["pages"]]
    head = heads(pdf)

    def obj(ref):
        return objs[f"obj:{ref}"]["value"] if isinstance(ref, str) else ref

    def names(node, out):
        node = obj(node)
        arr = node.get("/Names", [])
        for k in range(0, len(arr), 2):
            out[arr[k][2:]] = arr[k + 1]
        for kid in node.get("/Kids", []):
            names(kid, out)

    root = objs["trailer"]["value"]["/Root"]
    dests = {}
    names(obj(obj(obj(root)["/Names"])["/Dests"]), dests)
    # the group table runs from below the summary's title (the contents
    # above it link their rows too) to the indicator table's header
    # (whose rows link too), over a page break or more
    first, last = summary_range(pdf)
    ws = words(pdf, first)
    top = max(pairs_at(ws, ("Ringkasan", "Scoring"), ("penilaian", "summary")),
              key=lambda w: w[1] - w[0])[1]
    rows = []
    for n in range(first, last + 1):
        ws = words(pdf, n)
        end = pairs_at(ws, ("Id",), ("Indikator", "Indicator"))
        bottom = end[0][0] if end else float("inf")
        box = obj(obj(pagelist[n])["/MediaBox"])
        for a in obj(obj(pagelist[n]).get("/Annots", [])):
            v = obj(a)
            x0, y0, x1, y1 = v["/Rect"]
            if v.get("/Subtype") != "/Link" or abs(x1 - x0) < 400:
                continue
            y = box[3] - max(y0, y1)  # its top, from the page's top
            if (n == first and y < top) or y >= bottom:
                continue
            d = obj(dests[v["/Dest"][2:]])
            d = obj(d["/D"]) if isinstance(d, dict) else d
            rows.append((n, y, head[pagelist.index(d[0])]))
        if end:
            break
    for _, _, h in sorted(rows):
        print(h)
    return 0


def firsts(path):
    cat = json.load(open(path))
    inds = cat["indicators"]
    asp = {a["id"]: a for a in cat["aspects"]}

    def first(pred):
        return next((i["id"] for i in inds if pred(i)), None)

    if cat["domains"]:
        for d in cat["domains"]:
            f = first(lambda i: asp[i["aspect"]]["domain"] == d["id"])
            if f:
                print(f)
            for a in cat["aspects"]:
                if a["domain"] == d["id"]:
                    f = first(lambda i: i["aspect"] == a["id"])
                    if f:
                        print(f)
    else:
        for a in cat["aspects"]:
            f = first(lambda i: i["aspect"] == a["id"])
            if f:
                print(f)
    return 0


def span(pdf):
    first, last = summary_range(pdf)
    print(first + 1, last + 1)
    return 0


def table(pdf):
    on = False
    for p in summary_pages(pdf):
        for line in p.split("\n"):
            if re.match(r"^\s*Id\s+(Indikator|Indicator)\s", line):
                on = True
                continue
            m = re.match(r"^\s*(\S+)\s+\S.*?((?:\s+" + NUM + r"){3,})\s*$", line)
            if on and m:
                print(m.group(1), " ".join(m.group(2).split()))
            elif on and re.match(r"^\S", line):
                on = False
    return 0


def groups(pdf):
    lines = "\n".join(summary_pages(pdf)).split("\n")
    for line in lines:
        m = re.match(r"^\s*(\S+)\s.*?\d+[,.]\d\d %((?:\s+\d+[,.]\d\d)+)\s+\S", line)
        if m:
            print(m.group(1), " ".join(m.group(2).split()))
    return 0


if __name__ == "__main__":
    cmd, arg = sys.argv[1], sys.argv[2]
    sys.exit({"boxes": boxes, "rowlinks": rowlinks, "firsts": firsts,
              "pages": span, "table": table, "groups": groups}[cmd](arg))
