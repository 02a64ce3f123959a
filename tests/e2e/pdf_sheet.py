#!/usr/bin/env python3
"""pdf_sheet.py -- looks at the verification sheets of a rendered dossier
(issue 21 point 3), with pdftotext -bbox only.

  pdf_sheet.py sheets PDF LANG   one line per indicator section:
                                 "ID HEADPAGE SHEETPAGE HEIGHT", HEADPAGE
                                 the page of its heading (its first line,
                                 "Indicator N Aspect A · weight W"),
                                 SHEETPAGE the page of its sheet's
                                 title (0: none), HEIGHT the distance from
                                 that title to the signature line's label
  pdf_sheet.py page PDF LANG ID  the text of indicator ID's section from
                                 its heading's page to its sheet's
LANG is id or en.
"""
import html
import re
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pdfcheck import tool_text  # noqa: E402

WORDS = {
    "id": {"ind": "Indikator", "title": ("Lembar", "verifikasi"),
           "sign": ("Tanda", "tangan")},
    "en": {"ind": "Indicator", "title": ("Verification", "sheet"),
           "sign": ("Signature",)},
}


def pages(pdf):
    """Per page, its words as (text, xMin, yMin), in reading order."""
    out = tool_text(["pdftotext", "-bbox", pdf, "-"], pdf)
    result = []
    for body in re.split(r"<page [^>]*>", out)[1:]:
        words = []
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                             r'xMax="[\d.]+" yMax="[\d.]+">(.*?)</word>', body):
            words.append((html.unescape(m.group(3)), float(m.group(1)),
                          float(m.group(2))))
        result.append(words)
    return result


def seq(words, k, want):
    return all(k + j < len(words) and words[k + j][0] == w
               for j, w in enumerate(want))


def find(pdf, lang):
    """[(id, head page, sheet page, title y, signature y)] in order."""
    w = WORDS[lang]
    head = {}      # id -> the page of its heading
    sheet = {}     # id -> (page, title y, signature y)
    order = []
    for p, words in enumerate(pages(pdf), 1):
        for k, (t, x, y) in enumerate(words):
            # the heading's first line: "Indikator N ... \u00b7 ..." in the
            # body, not after the "\u00b7" of a sheet's title
            if t == w["ind"] and y > 50 and k + 1 < len(words) and \
                    (k == 0 or words[k - 1][0] != "\u00b7") and \
                    re.search(r"\d", words[k + 1][0]) and \
                    any(v[0] == "\u00b7" and abs(v[2] - y) < 1
                        for v in words[k + 2:]):
                ident = words[k + 1][0]
                if ident not in head:
                    head[ident] = p
                    order.append(ident)
            # the sheet's title band: "Lembar verifikasi · Indikator N"
            if seq(words, k, w["title"] + ("\u00b7", w["ind"])):
                ident = words[k + len(w["title"]) + 2][0]
                sign = next((yy for j, (tt, xx, yy) in enumerate(words)
                             if j > k and seq(words, j, w["sign"])), None)
                sheet.setdefault(ident, (p, y, sign))
    return [(i, head[i]) + sheet.get(i, (0, 0, None)) for i in order]


def sheets(pdf, lang):
    for ident, head, p, y, sign in find(pdf, lang):
        height = "-" if sign is None else f"{sign - y:.1f}"
        print(ident, head, p, height)


def page(pdf, lang, ident):
    for i, head, p, _, _ in find(pdf, lang):
        if i == ident and p:
            sys.stdout.write(tool_text(
                ["pdftotext", "-f", str(head), "-l", str(p), pdf, "-"], pdf))
            return
    sys.exit(f"no sheet for indicator {ident}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "sheets":
        sheets(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "page":
        page(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
