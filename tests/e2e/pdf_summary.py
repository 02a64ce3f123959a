#!/usr/bin/env python3
"""pdf_summary.py -- looks at the scoring summary of a rendered dossier
for render_summary.sh, with poppler-utils and qpdf output only.

  pdf_summary.py boxes PDF       print the numbers of the index boxes at
                                 the top of the summary, left to right
                                 ("-" for none), then a line of their labels
  pdf_summary.py rowlinks PDF    print, for every link as wide as the text
                                 on the summary's first page (the group
                                 table's rows), top to bottom, the id in
                                 the running head of the page its named
                                 destination resolves to
  pdf_summary.py firsts CAT      print the id of the first indicator of
                                 every row of the group table (domains
                                 and their aspects, or aspects), from
                                 `dossier catalog --format json` in CAT
  pdf_summary.py table PDF       print the rows of the indicator table:
                                 "ID CELL..." (the numbers of its first line)
  pdf_summary.py groups PDF      print the rows of the domain and aspect
                                 table: "ID INDEX..." (each stage's index)
"""
import json
import re
import subprocess
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pdfcheck import qpdf_json  # noqa: E402

TITLES = ("Ringkasan penilaian", "Scoring summary")
NUM = r"(?:[\u2212+-]?\d+[,.]\d+|[\u2212+]?\d+|-|=|\u2013)"


def pages(pdf):
    return subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True,
                          capture_output=True, text=True).stdout.split("\f")


def summary_pages(pdf):
    return [p for p in pages(pdf)
            if p.split("\n", 1)[0].rstrip().endswith(TITLES)]


def boxes(pdf):
    lines = summary_pages(pdf)[0].split("\n")
    title = next(i for i, l in enumerate(lines) if l.strip() in TITLES)
    for i in range(title + 1, len(lines)):
        cells = lines[i].split()
        if cells and all(re.fullmatch(r"\d+[,.]\d\d|-", c) for c in cells):
            print(" ".join(cells))
            print(" ".join(l.strip() for l in lines[title + 1:i] if l.strip()))
            return 0
    return 1


def heads(pdf):
    out = []
    for p in pages(pdf):
        m = re.search(r"(?:Indikator|Indicator) (\S+)\s*$", p.split("\n", 1)[0])
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
    first = next(i for i, t in enumerate(pages(pdf))
                 if t.split("\n", 1)[0].rstrip().endswith(TITLES))
    rows = []
    for a in obj(obj(pagelist[first]).get("/Annots", [])):
        v = obj(a)
        x0, y0, x1, y1 = v["/Rect"]
        if v.get("/Subtype") != "/Link" or abs(x1 - x0) < 400:
            continue
        d = obj(dests[v["/Dest"][2:]])
        d = obj(d["/D"]) if isinstance(d, dict) else d
        rows.append((-max(y0, y1), head[pagelist.index(d[0])]))
    for _, h in sorted(rows):
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
    for line in summary_pages(pdf)[0].split("\n"):
        m = re.match(r"^\s*(\S+)\s.*?\d+[,.]\d\d %((?:\s+\d+[,.]\d\d)+)\s+\S", line)
        if m:
            print(m.group(1), " ".join(m.group(2).split()))
    return 0


if __name__ == "__main__":
    cmd, arg = sys.argv[1], sys.argv[2]
    sys.exit({"boxes": boxes, "rowlinks": rowlinks, "firsts": firsts,
              "table": table, "groups": groups}[cmd](arg))
