#!/usr/bin/env python3
"""pdf_fonts.py -- text that always renders (issue 21, point 6), for
render_fonts.sh; standard library and poppler-utils/fontconfig output only.

  pdf_fonts.py escape FONTS        stdin to stdout, every character that
                                   no font in FONTS (a fonts/ directory)
                                   has written as dossier writes it in the
                                   PDF: "\\u4E2D", "\\u1F4C4"
  pdf_fonts.py uncovered FONTS TXT print every character of TXT (pdftotext
                                   output) that no font in FONTS has, one
                                   a line as U+XXXX: what would be a hex box
  pdf_fonts.py boxes BBOX.html     print every word (pdftotext -bbox) that
                                   is a hex box's digits: pango draws a
                                   character no font has as a box of its
                                   code in two rows of tiny digits (under
                                   6 points high; the smallest text is
                                   larger)
  pdf_fonts.py arabic BBOX.html REF
                                   print "left" when a line of Arabic words
                                   (pdftotext -bbox) starts where the word
                                   REF starts (the same left-aligned
                                   column) on the first page with REF,
                                   else the lines' x positions
"""
import glob
import re
import subprocess
import sys

# what pdftotext adds around right-to-left text, and white space
POPPLER_MARKS = {0x202A, 0x202B, 0x202C, 0x200E, 0x200F}


def coverage(fonts):
    """The code points the fonts in 'fonts' have (fc-query's charsets)."""
    ranges = []
    for path in sorted(glob.glob(fonts + "/*.ttf")):
        out = subprocess.run(["fc-query", "-f", "%{charset}\\n", path],
                             check=True, capture_output=True, text=True).stdout
        for part in out.split():
            lo, _, hi = part.partition("-")
            ranges.append((int(lo, 16), int(hi or lo, 16)))
    return ranges


def covered(ranges, cp):
    return cp < 0x7F or any(lo <= cp <= hi for lo, hi in ranges)


def escape(fonts):
    ranges = coverage(fonts)
    for ch in sys.stdin.read():
        cp = ord(ch)
        keep = ch in "\n\t" or covered(ranges, cp)
        sys.stdout.write(ch if keep else "\\u%04X" % cp)


def uncovered(fonts, txt):
    ranges = coverage(fonts)
    with open(txt, encoding="utf-8") as f:
        text = f.read()
    for cp in sorted({ord(c) for c in text}):
        if cp in POPPLER_MARKS or chr(cp) in "\n\t\f\r ":
            continue
        if not covered(ranges, cp):
            print("U+%04X" % cp)


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" '
                  r'yMax="[\d.]+">([^<]*)</word>')
BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" '
                 r'yMax="([\d.]+)">([0-9A-F]{1,3})</word>')


def boxes(html):
    with open(html, encoding="utf-8") as f:
        for x, y0, y1, w in BOX.findall(f.read()):
            if float(y1) - float(y0) < 6.0:
                print("%s at %s, %s" % (w, x, y0))


def arabic(html, ref):
    with open(html, encoding="utf-8") as f:
        pages = f.read().split("<page ")
    # every page: the table the word heads a column of may break
    # between its row and the Arabic one (a sheet before it, issue 21)
    words = [(float(x), float(y), w) for page in pages
             for x, y, w in WORD.findall(page)]
    refs = [x for x, _, w in words if w == ref]
    if not refs:
        print("no word " + ref)
        return
    lines = {}
    for x, y, w in words:
        if any(0x0600 <= ord(c) <= 0x06FF for c in w):
            key = round(y)
            lines[key] = min(x, lines.get(key, x))
    if any(abs(x - refs[0]) < 0.5 for x in lines.values()):
        print("left")
    else:
        print("%s at %.1f; Arabic lines at %s" % (
            ref, refs[0], ", ".join("%.1f" % x for x in sorted(lines.values()))))


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "escape" and len(sys.argv) == 3:
        escape(sys.argv[2])
    elif cmd == "uncovered" and len(sys.argv) == 4:
        uncovered(sys.argv[2], sys.argv[3])
    elif cmd == "boxes" and len(sys.argv) == 3:
        boxes(sys.argv[2])
    elif cmd == "arabic" and len(sys.argv) == 4:
        arabic(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
