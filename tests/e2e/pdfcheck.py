#!/usr/bin/env python3
"""pdfcheck.py -- looks inside a rendered dossier for the end-to-end tests,
with the standard library and poppler-utils/qpdf output only.

  pdfcheck.py outline PDF        print every outline title, one per line,
                                 indented by depth
  pdfcheck.py links PDF          print the named destination of every link
  pdfcheck.py ink DIR            every PGM page image in DIR has dark pixels
                                 between the running head and the footer
  pdfcheck.py layout BBOX.html   every word (pdftotext -bbox) lies inside the
                                 page's margins and overlaps no other word
                                 (but the digits of hex boxes, which touch)
  pdfcheck.py agenda PDF         print the rows of the agenda (Indonesian),
                                 one a line: "ID ITEM RESPONSE PAGE REAL",
                                 ITEM "-" for the indicator's level,
                                 RESPONSE "none" or "given", PAGE the page
                                 printed, REAL the page the indicator's
                                 section starts on (0: not found)
"""
import glob
import hashlib
import json
import os
import re
import subprocess
import sys


def tool(args, pdf):
    """The standard output of a poppler or qpdf command ARGS that reads the
    file PDF.  A script asks several questions of one PDF, each in its own
    process, and each would run pdftotext or qpdf on it again: with
    DOSSIER_TEST_CACHE set (tests/e2e/lib.sh sets it), the output is kept
    there, named by the command and the SHA-256 of the file's bytes."""
    cache = os.environ.get("DOSSIER_TEST_CACHE")
    if not cache:
        return subprocess.run(args, check=True, capture_output=True).stdout
    h = hashlib.sha256()
    with open(pdf, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    h.update(b"\0".join(a.encode() for a in args if a != pdf))
    path = os.path.join(cache, h.hexdigest())
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        pass
    out = subprocess.run(args, check=True, capture_output=True).stdout
    with open(path + ".part", "wb") as f:
        f.write(out)
    os.replace(path + ".part", path)
    return out


def tool_text(args, pdf, errors="strict"):
    """tool() as text, newlines as subprocess's text mode gives them."""
    out = tool(args, pdf).decode("utf-8", errors)
    return out.replace("\r\n", "\n").replace("\r", "\n")


def qpdf_json(pdf, *keys):
    args = ["qpdf", "--json=2"] + [f"--json-key={k}" for k in keys] + [pdf]
    return json.loads(tool(args, pdf))


def outline(pdf):
    def walk(items, depth):
        for it in items:
            print("  " * depth + it["title"])
            walk(it["kids"], depth + 1)

    walk(qpdf_json(pdf, "outlines")["outlines"], 0)


def links(pdf):
    objs = qpdf_json(pdf, "qpdf")["qpdf"][1]
    for val in (v.get("value") for v in objs.values()):
        if isinstance(val, dict) and val.get("/Subtype") == "/Link":
            dest = val.get("/Dest")
            uri = val.get("/A", {}).get("/URI")
            print(f"dest {dest[2:]}" if isinstance(dest, str) else f"uri {uri[2:]}")


def ink(directory):
    bad = []
    pages = sorted(glob.glob(directory + "/*.pgm"))
    for name in pages:
        with open(name, "rb") as f:
            data = f.read()
        # binary PGM: P5 <w> <h> <max>\n<pixels>
        m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        w, h = int(m.group(1)), int(m.group(2))
        # the body of the page: below the running head, above the footer
        top, bottom = h * 50 // 842, h * 792 // 842
        pixels = data[m.end() + top * w:m.end() + bottom * w]
        if min(pixels) > 128:
            bad.append(name)
    print(f"{len(pages)} pages, {len(bad)} without ink")
    for name in bad:
        print("no ink:", name)
    return 1 if bad or not pages else 0


TOFU = re.compile(r"[0-9A-F]{1,3}$")


def layout(html, margin=20.0):
    # poppler writes a character outside the BMP in the <title> as
    # surrogates, which are not UTF-8
    text = open(html, encoding="utf-8", errors="replace").read()
    problems = 0
    for n, (attrs, body) in enumerate(
            re.findall(r"<page ([^>]*)>(.*?)</page>", text, re.S), 1):
        w = float(re.search(r'width="([\d.]+)"', attrs).group(1))
        h = float(re.search(r'height="([\d.]+)"', attrs).group(1))
        words = [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                            r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', body)]
        for x0, y0, x1, y1, t in words:
            if x0 < margin or y0 < margin or x1 > w - margin or y1 > h - margin:
                print(f"page {n}: '{t}' outside the margins at {x0:.0f},{y0:.0f}")
                problems += 1
        # pango draws a character no font has as a box of its code in
        # tiny digits, which touch one another: they are left out
        words = [wd for wd in words if not TOFU.match(wd[4])]
        # sweep down the page: a word can only overlap the ones that
        # start above its bottom (a line's words, not a column's)
        words.sort(key=lambda w: w[1])
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b[1] >= a[3]:
                    break
                ix = min(a[2], b[2]) - max(a[0], b[0])
                iy = min(a[3], b[3]) - max(a[1], b[1])
                small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
                if ix > 0 and iy > 0 and ix * iy > 0.2 * small:
                    print(f"page {n}: '{a[4]}' and '{b[4]}' overlap")
                    problems += 1
    print(f"{problems} layout problems")
    return 1 if problems else 0


def agenda(pdf):
    text = tool_text(["pdftotext", "-layout", pdf, "-"], pdf)
    pages = text.split("\f")
    starts = {}
    for n, page in enumerate(pages, 1):
        head = page.split("\n", 1)[0]
        m = re.search(r"Indikator (\S+)\s*$", head)
        if m and m.group(1) not in starts:
            starts[m.group(1)] = n
    lines = []
    for page in pages:
        if re.search(r"Agenda klarifikasi\s*$", page.split("\n", 1)[0]):
            lines += page.split("\n")
    rows = []
    for line in lines:
        # a row starts with the indicator's id (and its code), and its
        # first line ends with the gain and the page
        m = re.match(r"^\s*(\S+)(?: \u00b7 \S+)? .*\+\d+,\d{4}\s+(\d+)\s*$", line)
        if m:
            rows.append([m.group(1), "-", "given", m.group(2)])
        elif not rows:
            continue
        block = line
        b = re.search(r"Butir (I\d+-L\d-\d\d)", block)
        if b:
            rows[-1][1] = b.group(1)
        if "belum ada tanggapan" in block:
            rows[-1][2] = "none"
    for r in rows:
        print(" ".join(r + [str(starts.get(r[0], 0))]))


if __name__ == "__main__":
    cmd, arg = sys.argv[1], sys.argv[2]
    if cmd == "outline":
        sys.exit(outline(arg))
    if cmd == "links":
        sys.exit(links(arg))
    if cmd == "ink":
        sys.exit(ink(arg))
    if cmd == "agenda":
        sys.exit(agenda(arg))
    if cmd == "layout":
        sys.exit(layout(arg))
    sys.exit(f"unknown command {cmd}")
