#!/usr/bin/env python3
"""pdf_layout.py -- the layout rules of the dossier PDF (issue 21, point
7), read from the PDF itself: its content streams (through qpdf --json)
and its outline.  Standard library and qpdf only.

  pdf_layout.py CHECK PDF     run one check, print its findings, exit 1
                              if there are any; CHECK is one of
    sizes     every text is at least 7.5 pt (labels); body text is at
              least 9 pt: inside the text area, a run (one font, one
              baseline) of more than 60 characters, or a line of a
              paragraph or cell of several lines (a run of its size starts
              at its x a line above or below), but for table headers
              (white text) and checksums (monospaced)
    fill      every page's content (text and drawing) reaches down a
              third of the text area at least, but the exempt pages:
              page 1 (the cover), the last page (the sign-off), and a
              page after which a section starts at the top of a new page,
              when that page is not itself a section's first page (the
              short end of a long section); so a section of a page alone
              and less than a third full fails (docs/design.md)
    headings  no heading (a bold run of 10 pt or more) is a page's
              lowest line of text
    headers   no table header line (white text, not on the cover) ends in
              a letter and a hyphen: a header never hyphenates
    running   the running head (top right) names what is at the top of
              the page: it changes from one page to the next only when a
              section begins at the top of the page, or began lower down
              on the page before
  pdf_layout.py all PDF       every check above
  pdf_layout.py dump PDF      print every run: page, x, y, size, font, text
"""
import base64
import json
import re
import subprocess
import sys

# the text area of src/layout.h (points, from the top of the page)
TOP = 62.0
BOTTOM = 841.890 - 64.0
FILL = 1.0 / 3.0
LABEL_MIN = 7.5
BODY_MIN = 9.0
BODY_CHARS = 60
HEADING_MIN = 10.0
EPS = 0.01

TOKEN = re.compile(rb"""
    (?P<ws>[\s]+|%[^\r\n]*)
  | (?P<str>\()
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dict><<|>>)
  | (?P<arr>[\[\]])
  | (?P<name>/[^\s/\[\]()<>{}%]*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<op>[A-Za-z'"*]+[A-Za-z0-9*]*)
  | (?P<other>.)
""", re.X | re.S)

ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
       b"(": b"(", b")": b")", b"\\": b"\\"}


def literal(data, i):
    """The literal string starting after the '(' at i-1; (bytes, end)."""
    out = bytearray()
    depth = 1
    while i < len(data):
        c = data[i:i + 1]
        if c == b"\\":
            n = data[i + 1:i + 2]
            if n in ESC:
                out += ESC[n]
                i += 2
            elif n.isdigit():
                m = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4])
                out.append(int(m.group(0), 8) & 255)
                i += 1 + len(m.group(0))
            elif n in (b"\r", b"\n"):
                i += 2
            else:
                out += n
                i += 2
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out += c
        i += 1
    return bytes(out), i


def tokens(data):
    i = 0
    while i < len(data):
        m = TOKEN.match(data, i)
        i = m.end()
        kind = m.lastgroup
        if kind == "ws":
            continue
        if kind == "str":
            s, i = literal(data, i)
            yield "str", s
        elif kind == "hex":
            h = re.sub(rb"\s", b"", m.group(0)[1:-1])
            if len(h) % 2:
                h += b"0"
            yield "str", bytes.fromhex(h.decode())
        elif kind == "num":
            yield "num", float(m.group(0))
        elif kind == "name":
            yield kind, m.group(0).decode("latin-1")
        else:
            yield kind, m.group(0)


def mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


IDENT = [1, 0, 0, 1, 0, 0]
OPEN = object()     # the start of an array among the operands


class Page:
    def __init__(self, number, height):
        self.number = number
        self.height = height
        # (x, y from the top, size, font, text, fill rgb, x where it ends)
        self.runs = []
        self.marks = []     # y from the top of every painted path point
        self.starts = []    # y from the top of every outline destination


GAP = 400.0


class Font:
    """What the checks need of a font: its name, the bytes of a code, and
    its glyph widths (thousandths of an em)."""

    def __init__(self, name="", nbytes=1, widths=None, default=0.0, uni=None):
        self.name = name
        self.nbytes = nbytes
        self.widths = widths or {}
        self.default = default
        self.uni = uni or {}

    def codes(self, s):
        if self.nbytes == 1:
            return list(s)
        return [s[i] << 8 | s[i + 1] for i in range(0, len(s) - 1, 2)]

    def width(self, s):
        return sum(self.widths.get(c, self.default) for c in self.codes(s)) / 1000.0

    def text(self, s):
        if self.nbytes == 1 and not self.uni:
            return s.decode("cp1252", "replace")
        return "".join(self.uni.get(c, "?") for c in self.codes(s))


def to_unicode(data):
    """The code-to-text map of a ToUnicode CMap (bfchar and bfrange)."""
    uni = {}

    def text(h):
        return bytes.fromhex(h.decode()).decode("utf-16-be", "replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for c, t in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            uni[int(c, 16)] = text(t)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for a, b, t in re.findall(
                rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int(t, 16)
            for k, c in enumerate(range(int(a, 16), int(b, 16) + 1)):
                uni[c] = chr(base + k) if base + k < 0x110000 else "?"
    return uni


def interpret(page, data, fonts):
    ctm, stack = list(IDENT), []
    tm = lm = list(IDENT)
    font, size = None, 0.0
    fill = (0.0, 0.0, 0.0)
    path = []
    args = []
    for kind, v in tokens(data):
        if kind != "op":
            if kind == "arr" and v == b"[":
                args.append(OPEN)
            elif kind == "arr":
                j = max((k for k, a in enumerate(args) if a is OPEN), default=None)
                if j is not None:
                    arr = tuple(args[j + 1:])
                    del args[j:]
                    args.append(arr)
            else:
                args.append(v)
            continue
        op = v.decode("latin-1")
        nums = [a for a in args if isinstance(a, float)]
        if op == "q":
            stack.append((ctm, fill))
        elif op == "Q" and stack:
            ctm, fill = stack.pop()
        elif op == "cm" and len(nums) >= 6:
            ctm = mul(nums[-6:], ctm)
        elif op == "BT":
            tm = lm = list(IDENT)
        elif op == "Tm" and len(nums) >= 6:
            tm = lm = nums[-6:]
        elif op in ("Td", "TD") and len(nums) >= 2:
            lm = mul([1, 0, 0, 1, nums[-2], nums[-1]], lm)
            tm = lm
        elif op == "Tf" and nums:
            font = args[0] if isinstance(args[0], str) else None
            size = nums[-1]
        elif op in ("Tj", "TJ", "'", '"'):
            info = fonts.get(font, Font())
            items = []
            for a in args:
                items += list(a) if isinstance(a, tuple) else [a]
            adv, start, seg = 0.0, 0.0, b""

            def emit():
                if seg:
                    m = mul(mul([1, 0, 0, 1, start, 0], tm), ctm)
                    end = mul(mul([1, 0, 0, 1, adv, 0], tm), ctm)
                    eff = abs(size) * abs(m[0] * m[3] - m[1] * m[2]) ** 0.5
                    page.runs.append((m[4], page.height - m[5], eff, info.name,
                                      info.text(seg), fill, end[4]))

            for a in items:
                if isinstance(a, bytes):
                    seg += a
                    adv += info.width(a) * size
                elif isinstance(a, float):
                    # a jump of more than 0.4 em is the gap between cells
                    if -a > GAP:
                        emit()
                        seg = b""
                        adv -= a / 1000.0 * size
                        start = adv
                    else:
                        adv -= a / 1000.0 * size
            emit()
            tm = mul([1, 0, 0, 1, adv, 0], tm)
        elif op == "rg" and len(nums) >= 3:
            fill = tuple(nums[-3:])
        elif op == "g" and nums:
            fill = (nums[-1],) * 3
        elif op in ("m", "l") and len(nums) >= 2:
            path.append((nums[-2], nums[-1]))
        elif op == "c" and len(nums) >= 6:
            path += [(nums[-2], nums[-1])]
        elif op == "re" and len(nums) >= 4:
            x, y, w, h = nums[-4:]
            path += [(x, y), (x + w, y + h)]
        elif op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*"):
            for x, y in path:
                page.marks.append(page.height - (x * ctm[1] + y * ctm[3] + ctm[5]))
            path = []
        elif op == "n":
            path = []
        args = []


def font_of(f, deref, stream):
    uni = to_unicode(stream(f.get("/ToUnicode"))) if f.get("/ToUnicode") else {}
    if f.get("/Subtype") != "/Type0":
        first = int(f.get("/FirstChar", 0))
        widths = deref(f.get("/Widths", [])) or []
        return Font(f.get("/BaseFont", ""), 1,
                    {first + i: float(w) for i, w in enumerate(widths)}, 0.0,
                    uni if f.get("/Encoding") != "/WinAnsiEncoding" else {})
    d = deref((deref(f.get("/DescendantFonts")) or [{}])[0]) or {}
    w = deref(d.get("/W", [])) or []
    widths, i = {}, 0
    while i + 1 < len(w):
        c, nxt = int(w[i]), deref(w[i + 1])
        if isinstance(nxt, list):
            for k, x in enumerate(nxt):
                widths[c + k] = float(x)
            i += 2
        else:
            for k in range(c, int(nxt) + 1):
                widths[k] = float(w[i + 2])
            i += 3
    return Font(f.get("/BaseFont", ""), 2, widths, float(d.get("/DW", 1000)), uni)


def load(pdf):
    out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline",
                          "--decode-level=generalized", pdf],
                         check=True, capture_output=True).stdout
    doc = json.loads(out)
    objs = doc["qpdf"][1]

    def get(ref):
        o = objs.get("obj:" + ref, {})
        return o.get("value", o.get("stream", {}).get("dict", {}))

    def deref(v):
        return get(v) if isinstance(v, str) and v.endswith(" R") else v

    def stream(ref):
        o = objs.get("obj:" + ref, {}) if isinstance(ref, str) else {}
        return base64.b64decode(o.get("stream", {}).get("data", ""))

    pages = []
    for n, p in enumerate(doc["pages"], 1):
        pd = get(p["object"])
        box = deref(pd.get("/MediaBox")) or [0, 0, 595.276, 841.89]
        page = Page(n, float(box[3]))
        fonts = {}
        res = deref(pd.get("/Resources", {})) or {}
        for name, ref in (deref(res.get("/Font", {})) or {}).items():
            fonts[name] = font_of(deref(ref), deref, stream)
        for c in p["contents"]:
            data = objs["obj:" + c]["stream"].get("data", "")
            interpret(page, base64.b64decode(data), fonts)
        for o in p["outlines"]:
            d = o.get("dest")
            if isinstance(d, list) and len(d) >= 4 and isinstance(d[3], (int, float)):
                page.starts.append(page.height - d[3])
        pages.append(page)
    return pages


def body_runs(page):
    return [r for r in page.runs if TOP - 8 <= r[1] <= BOTTOM + 4]


def wrapped(page, run):
    """Whether 'run' is a line of a paragraph or cell of several lines: a
    run of the same size starts at the same x a line above or below."""
    x, y, size = run[0], run[1], run[2]
    return any(abs(o[0] - x) < 0.5 and abs(o[2] - size) < EPS and
               0 < abs(o[1] - y) <= 1.25 * size and o[4].strip()
               for o in page.runs)


def check_sizes(pages):
    bad = []
    for p in pages:
        for run in p.runs:
            x, y, size, font, text, fill, _ = run
            t = text.strip()
            if not t:
                continue
            if size < LABEL_MIN - EPS:
                bad.append(f"page {p.number}: {size:.2f} pt label '{t[:40]}'")
            elif size < BODY_MIN - EPS and TOP - 8 <= y <= BOTTOM + 4 and \
                    min(fill) < 0.99 and "Mono" not in font and (len(t) > BODY_CHARS or wrapped(p, run)):
                bad.append(f"page {p.number}: {size:.2f} pt body text '{t[:40]}'")
    return bad


def starts_at_top(page):
    # a section's destination lies 12 points above its first line
    return any(y <= TOP + 2 for y in page.starts)


def lowest(page):
    ys = [y for _, y, _, _, t, _, _ in body_runs(page) if t.strip()]
    ys += [y for y in page.marks if TOP - 8 <= y <= BOTTOM + 4]
    return max(ys) if ys else TOP


def check_fill(pages):
    bad = []
    for i, p in enumerate(pages):
        if i == 0 or i == len(pages) - 1:
            continue
        if starts_at_top(pages[i + 1]) and not starts_at_top(p):
            continue
        fill = (lowest(p) - TOP) / (BOTTOM - TOP)
        if fill < FILL:
            bad.append(f"page {p.number}: {fill:.0%} full")
    return bad


def check_headings(pages):
    bad = []
    for p in pages[1:]:
        runs = [r for r in body_runs(p) if r[4].strip()]
        if not runs:
            continue
        y = max(r[1] for r in runs)
        last = [r for r in runs if abs(r[1] - y) < 2]
        if all("Bold" in r[3] and r[2] >= HEADING_MIN - EPS for r in last):
            bad.append(f"page {p.number}: heading '{''.join(r[4] for r in last)[:50]}' "
                       "is the last line")
    return bad


def check_headers(pages):
    bad = []
    for p in pages[1:]:
        # a header cell's line: white runs on one baseline that touch
        runs = sorted((r for r in p.runs if min(r[5]) > 0.99),
                      key=lambda r: (round(r[1], 1), r[0]))
        lines = []
        for r in runs:
            if lines and abs(lines[-1][0] - r[1]) < 0.5 and r[0] - lines[-1][1] < 1.0:
                lines[-1] = (r[1], r[6], lines[-1][2] + r[4])
            else:
                lines.append((r[1], r[6], r[4]))
        for _, _, text in lines:
            if re.search(r"[^\W\d_][-\u2010\u00ad]\s*$", text):
                bad.append(f"page {p.number}: header line '{text}' is hyphenated")
    return bad


def running_head(page):
    """The running head: the text right of the middle above the text area."""
    return "".join(r[4] for r in sorted(page.runs, key=lambda r: r[0])
                   if r[1] < TOP - 8 and r[0] > 297.0).strip()


def check_running(pages):
    bad = []
    for before, p in zip(pages[1:], pages[2:]):
        began_lower = any(y > TOP + 2 for y in before.starts)
        if running_head(p) != running_head(before) and \
                not starts_at_top(p) and not began_lower:
            bad.append(f"page {p.number}: running head '{running_head(p)}' "
                       f"after '{running_head(before)}' with no section "
                       "begun between")
    return bad


CHECKS = {"sizes": check_sizes, "fill": check_fill, "headings": check_headings,
          "headers": check_headers, "running": check_running}


def main():
    what, pdf = sys.argv[1], sys.argv[2]
    pages = load(pdf)
    if what == "dump":
        for p in pages:
            for x, y, size, font, text, fill, _ in p.runs:
                print(f"{p.number} {x:.1f} {y:.1f} {size:.2f} {font} {text!r}")
        return 0
    names = list(CHECKS) if what == "all" else [what]
    problems = 0
    for name in names:
        bad = CHECKS[name](pages)
        for b in bad:
            print(f"{name}: {b}")
        print(f"{name}: {len(bad)} problems")
        problems += len(bad)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
