"""Writers for the file formats of the example's evidence: PDF, PNG, DOCX,
XLSX and CSV.  Standard library only and deterministic: the same input
always gives the same bytes (fixed timestamps, no randomness)."""

import hashlib
import io
import zipfile
import zlib

from . import font5x7

# ---------------------------------------------------------------- PDF

# Helvetica advance widths (1/1000 em) for ASCII 32..126, from the AFM.
_HELV = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333,
    278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278,
    584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
    500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
    667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556,
    278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]


def text_width(text, size, bold=False):
    """Approximate width in points of 'text' set in Helvetica."""
    w = 0
    for ch in text:
        o = ord(ch)
        w += _HELV[o - 32] if 32 <= o <= 126 else 556
    return w * size / 1000.0 * (1.07 if bold else 1.0)


def _pdf_str(text):
    """A PDF literal string in WinAnsiEncoding."""
    raw = text.encode("cp1252", errors="replace")
    out = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + out + b")"


def _pdf_utf16(text):
    """A PDF text string (UTF-16BE with BOM, hex) for the Info dictionary."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _wrap(text, size, width, bold=False):
    words = text.split()
    lines, cur = [], ""
    for w in words:
        cand = w if not cur else cur + " " + w
        if cur and text_width(cand, size, bold) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    if cur or not lines:
        lines.append(cur)
    return lines


class PdfDoc:
    """A minimal A4 page layout: text in Helvetica, rules, boxes, tables."""

    W, H = 595, 842
    LEFT, RIGHT, TOP, BOTTOM = 72, 523, 780, 72

    def __init__(self):
        self.pages = []
        self._new_page()

    def _new_page(self):
        self.ops = []
        self.pages.append(self.ops)
        self.y = self.TOP

    def _need(self, h):
        if self.y - h < self.BOTTOM:
            self._new_page()

    def _text(self, x, y, text, size, bold):
        font = b"/F2" if bold else b"/F1"
        self.ops.append(b"BT " + font + b" %d Tf 1 0 0 1 %.2f %.2f Tm " % (size, x, y)
                        + _pdf_str(text) + b" Tj ET")

    def rule(self, weight=0.8, gap=6):
        self._need(gap * 2)
        self.y -= gap
        self.ops.append(b"%.1f w %d %.2f m %d %.2f l S" % (weight, self.LEFT, self.y,
                                                         self.RIGHT, self.y))
        self.y -= gap

    def gap(self, h=8):
        self.y -= h

    def line(self, text, size=10, bold=False, align="left", indent=0):
        lead = size * 1.35
        self._need(lead)
        self.y -= lead
        w = text_width(text, size, bold)
        if align == "center":
            x = (self.LEFT + self.RIGHT - w) / 2
        elif align == "right":
            x = self.RIGHT - w
        else:
            x = self.LEFT + indent
        self._text(x, self.y, text, size, bold)

    def para(self, text, size=10, bold=False, align="left", indent=0, hang=0):
        """A wrapped paragraph; 'hang' indents lines after the first."""
        width = self.RIGHT - self.LEFT - indent - hang
        lines = _wrap(text, size, width, bold)
        for i, ln in enumerate(lines):
            self.line(ln, size, bold, align, indent + (hang if i else 0))

    def item(self, label, text, size=10, indent=0, label_w=18):
        """A numbered or lettered item: 'a.' then wrapped text."""
        width = self.RIGHT - self.LEFT - indent - label_w
        lines = _wrap(text, size, width)
        for i, ln in enumerate(lines):
            lead = size * 1.35
            self._need(lead)
            self.y -= lead
            if i == 0:
                self._text(self.LEFT + indent, self.y, label, size, False)
            self._text(self.LEFT + indent + label_w, self.y, ln, size, False)

    def field(self, label, value, size=10, label_w=110):
        """'Label : value' with the values aligned."""
        width = self.RIGHT - self.LEFT - label_w - 10
        lines = _wrap(value, size, width)
        for i, ln in enumerate(lines):
            lead = size * 1.35
            self._need(lead)
            self.y -= lead
            if i == 0:
                self._text(self.LEFT, self.y, label, size, False)
                self._text(self.LEFT + label_w, self.y, ":", size, False)
            self._text(self.LEFT + label_w + 10, self.y, ln, size, False)

    def table(self, headers, rows, widths, size=9):
        """A ruled table; 'widths' are column widths in points."""
        lead = size * 1.45
        total = sum(widths)

        def row(cells, bold, shade):
            self._need(lead + 4)
            top = self.y - 4
            self.y -= lead
            if shade:
                self.ops.append(b"0.88 g %d %.2f %.2f %.2f re f 0 g"
                                % (self.LEFT, self.y - 4, total, lead))
            x = self.LEFT
            for c, w in zip(cells, widths):
                s = str(c)
                while s and text_width(s, size, bold) > w - 6:
                    s = s[:-1]
                self._text(x + 3, self.y, s, size, bold)
                x += w
            self.ops.append(b"0.4 w %d %.2f m %.2f %.2f l S"
                            % (self.LEFT, self.y - 4, self.LEFT + total, self.y - 4))
            if bold:
                self.ops.append(b"0.4 w %d %.2f m %.2f %.2f l S"
                                % (self.LEFT, top - 0, self.LEFT + total, top))
        self.y -= 4
        row(headers, True, True)
        for r in rows:
            row(r, False, False)
        self.y -= 6

    def signature(self, lines, size=10, x=330):
        """A right-hand signature block; '' lines leave room to sign."""
        self._need(len(lines) * size * 1.35 + 10)
        for ln in lines:
            self.y -= size * 1.35 if ln else size * 2.2
            if ln:
                self._text(x, self.y, ln, size, ln.isupper() or ln.startswith("("))

    def render(self, title, author, subject, date):
        """The finished PDF 1.4 file as bytes; 'date' is 'YYYY-MM-DD'."""
        n = len(self.pages)
        for i, ops in enumerate(self.pages):
            footer = "Halaman %d dari %d" % (i + 1, n)
            w = text_width(footer, 8)
            ops.append(b"0.35 g")
            ops.append(b"BT /F1 8 Tf 1 0 0 1 %.2f 40 Tm " % ((self.W - w) / 2)
                       + _pdf_str(footer) + b" Tj ET")
            ops.append(b"0 g")
        return _pdf_assemble([b"\n".join(p) + b"\n" for p in self.pages],
                             title, author, subject, date)


def _pdf_assemble(streams, title, author, subject, date):
    objs = {}
    n = len(streams)
    first_page = 6
    kids = []
    for i, s in enumerate(streams):
        page_id = first_page + 2 * i
        content_id = page_id + 1
        kids.append(page_id)
        body = zlib.compress(s, 9)
        objs[content_id] = (b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body)
                            + body + b"\nendstream")
        objs[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                         b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> "
                         b"/ProcSet [/PDF /Text] >> /Contents %d 0 R >>" % content_id)
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
               + b"] /Count %d >>" % n)
    objs[3] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    objs[4] = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
               b"/Encoding /WinAnsiEncoding >>")
    d = date.replace("-", "").encode()
    stamp = b"(D:" + d + b"090000+07'00')"
    objs[5] = (b"<< /Title " + _pdf_utf16(title) + b" /Author " + _pdf_utf16(author)
               + b" /Subject " + _pdf_utf16(subject)
               + b" /Creator (dossier scripts/make-example.py) /Producer (dossier example)"
               + b" /CreationDate " + stamp + b" /ModDate " + stamp + b" >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    size = max(objs) + 1
    offsets = [0] * size
    for num in range(1, size):
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n" % size)
    out.write(b"0000000000 65535 f \n")
    for num in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[num])
    fid = hashlib.md5(out.getvalue()).hexdigest().encode()
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R /ID [<%s> <%s>] >>\n"
              % (size, fid, fid))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


# ---------------------------------------------------------------- PNG

class Canvas:
    """An RGB pixel canvas with flat rectangles and 5x7 bitmap text."""

    def __init__(self, width, height, bg=(255, 255, 255)):
        self.w, self.h = width, height
        self.px = bytearray(bytes(bg) * (width * height))

    def rect(self, x, y, w, h, color):
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.w, x + w), min(self.h, y + h)
        if x1 <= x0 or y1 <= y0:
            return
        span = bytes(color) * (x1 - x0)
        for yy in range(y0, y1):
            i = (yy * self.w + x0) * 3
            self.px[i:i + len(span)] = span

    def frame(self, x, y, w, h, color, t=1):
        self.rect(x, y, w, t, color)
        self.rect(x, y + h - t, w, t, color)
        self.rect(x, y, t, h, color)
        self.rect(x + w - t, y, t, h, color)

    def text(self, x, y, s, color, scale=1):
        """Draw 's' with its top-left corner at (x, y); returns the end x."""
        for ch in s:
            for r, row in enumerate(font5x7.glyph(ch)):
                for c, on in enumerate(row):
                    if on:
                        self.rect(x + c * scale, y + r * scale, scale, scale, color)
            x += font5x7.ADVANCE * scale
        return x

    def png(self, scale=1):
        """The canvas as PNG bytes, each pixel drawn 'scale' times larger."""
        raw = bytearray()
        stride = self.w * 3
        for y in range(self.h):
            row = self.px[y * stride:(y + 1) * stride]
            if scale > 1:
                row = b"".join(row[i:i + 3] * scale for i in range(0, stride, 3))
            for _ in range(scale):
                raw.append(0)
                raw += row

        def chunk(kind, data):
            return (len(data).to_bytes(4, "big") + kind + data
                    + (zlib.crc32(kind + data) & 0xFFFFFFFF).to_bytes(4, "big"))
        ihdr = ((self.w * scale).to_bytes(4, "big") + (self.h * scale).to_bytes(4, "big")
                + bytes([8, 2, 0, 0, 0]))
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
                + chunk(b"tEXt", b"Software\x00dossier make-example.py")
                + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
                + chunk(b"IEND", b""))


# ---------------------------------------------------------------- OOXML

ZIP_TIME = (2024, 6, 28, 8, 0, 0)


def _esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _zip(entries, when=ZIP_TIME):
    """A zip of (name, bytes) in the given order, with fixed metadata."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED,
                       compresslevel=9)
    return buf.getvalue()


def _core(title, author, date):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
            'package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            '<dc:title>%s</dc:title><dc:creator>%s</dc:creator>'
            '<dcterms:created xsi:type="dcterms:W3CDTF">%sT09:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">%sT09:00:00Z</dcterms:modified>'
            '</cp:coreProperties>' % (_esc(title), _esc(author), date, date)).encode()


_RELS_ROOT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
              'relationships"><Relationship Id="rId1" Type="http://schemas.'
              'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
              'Target="%s"/><Relationship Id="rId2" Type="http://schemas.'
              'openxmlformats.org/package/2006/relationships/metadata/core-properties" '
              'Target="docProps/core.xml"/></Relationships>')

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w_par(text, bold=False, size=None, center=False, indent=None):
    ppr = ""
    if center or indent:
        ppr = "<w:pPr>%s%s</w:pPr>" % (
            '<w:jc w:val="center"/>' if center else "",
            '<w:ind w:left="%d" w:hanging="284"/>' % indent if indent else "")
    rpr = ""
    if bold or size:
        rpr = "<w:rPr>%s%s</w:rPr>" % ("<w:b/>" if bold else "",
                                       '<w:sz w:val="%d"/>' % (size * 2) if size else "")
    return ('<w:p>%s<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r></w:p>'
            % (ppr, rpr, _esc(text)))


def _w_table(rows, widths):
    border = "".join('<w:%s w:val="single" w:sz="4" w:space="0" w:color="808080"/>' % b
                     for b in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = ['<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblBorders>%s'
           '</w:tblBorders></w:tblPr><w:tblGrid>' % (sum(widths), border)]
    out += ['<w:gridCol w:w="%d"/>' % w for w in widths]
    out.append("</w:tblGrid>")
    for i, r in enumerate(rows):
        out.append("<w:tr>")
        for c, w in zip(r, widths):
            out.append('<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>'
                       % (w, _w_par(str(c), bold=(i == 0))))
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def docx(blocks, title, author, date):
    """A minimal Word document.  'blocks' is a list of tuples:
    ('title', text), ('heading', text), ('para', text), ('item', n, text),
    ('table', rows, widths_in_twips)."""
    body = []
    for b in blocks:
        kind = b[0]
        if kind == "title":
            body.append(_w_par(b[1], bold=True, size=14, center=True))
        elif kind == "center":
            body.append(_w_par(b[1], center=True))
        elif kind == "heading":
            body.append(_w_par(b[1], bold=True, size=12))
        elif kind == "item":
            body.append(_w_par("%s\t%s" % (b[1], b[2]), indent=567))
        elif kind == "table":
            body.append(_w_table(b[1], b[2]))
            body.append(_w_par(""))
        else:
            body.append(_w_par(b[1]))
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="%s"><w:body>%s<w:sectPr><w:pgSz w:w="11906" '
           'w:h="16838"/><w:pgMar w:top="1418" w:right="1418" w:bottom="1418" '
           'w:left="1701" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>'
           '</w:body></w:document>' % (_W, "".join(body))).encode()
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
             'package.relationships+xml"/><Default Extension="xml" ContentType="'
             'application/xml"/><Override PartName="/word/document.xml" ContentType="'
             'application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
             'main+xml"/><Override PartName="/docProps/core.xml" ContentType="'
             'application/vnd.openxmlformats-package.core-properties+xml"/></Types>')
    return _zip([
        ("[Content_Types].xml", types.encode()),
        ("_rels/.rels", (_RELS_ROOT % "word/document.xml").encode()),
        ("word/document.xml", doc),
        ("docProps/core.xml", _core(title, author, date)),
    ])


def _col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx(sheet, rows, widths, title, author, date):
    """A minimal one-sheet workbook; the first row is a bold header.
    Cells are str (inline strings) or int/float (numbers)."""
    S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    cols = "".join('<col min="%d" max="%d" width="%d" customWidth="1"/>' % (i + 1, i + 1, w)
                   for i, w in enumerate(widths))
    data = []
    for r, row in enumerate(rows):
        cells = []
        for c, v in enumerate(row):
            ref = "%s%d" % (_col(c), r + 1)
            style = ' s="1"' if r == 0 else ""
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                cells.append('<c r="%s"%s><v>%s</v></c>' % (ref, style, v))
            else:
                cells.append('<c r="%s"%s t="inlineStr"><is><t>%s</t></is></c>'
                             % (ref, style, _esc(str(v))))
        data.append('<row r="%d">%s</row>' % (r + 1, "".join(cells)))
    last = "%s%d" % (_col(max(len(r) for r in rows) - 1), len(rows))
    ws = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<worksheet xmlns="%s"><dimension ref="A1:%s"/><cols>%s</cols>'
          '<sheetData>%s</sheetData></worksheet>' % (S, last, cols, "".join(data)))
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="%s" sheetId="1" '
          'r:id="rId1"/></sheets></workbook>' % (S, R, _esc(sheet)))
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
               'relationships"><Relationship Id="rId1" Type="%s/worksheet" '
               'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
               'Type="%s/styles" Target="styles.xml"/></Relationships>' % (R, R))
    styles = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<styleSheet xmlns="%s"><fonts count="2"><font><sz val="11"/>'
              '<name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/>'
              '</font></fonts><fills count="2"><fill><patternFill patternType="none"/>'
              '</fill><fill><patternFill patternType="gray125"/></fill></fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
              '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
              'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf '
              'numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf '
              'numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" '
              'applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle '
              'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>' % S)
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
             'package.relationships+xml"/><Default Extension="xml" ContentType="'
             'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
             'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
             '<Override PartName="/xl/styles.xml" ContentType="application/vnd.'
             'openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
             '<Override PartName="/docProps/core.xml" ContentType="application/'
             'vnd.openxmlformats-package.core-properties+xml"/></Types>')
    return _zip([
        ("[Content_Types].xml", types.encode()),
        ("_rels/.rels", (_RELS_ROOT % "xl/workbook.xml").encode()),
        ("xl/workbook.xml", wb.encode()),
        ("xl/_rels/workbook.xml.rels", wb_rels.encode()),
        ("xl/worksheets/sheet1.xml", ws.encode()),
        ("xl/styles.xml", styles.encode()),
        ("docProps/core.xml", _core(title, author, date)),
    ])


# ---------------------------------------------------------------- CSV

def csv_bytes(rows):
    """Comma-separated UTF-8 text; fields with commas or quotes are quoted."""
    out = []
    for r in rows:
        cells = []
        for v in r:
            s = str(v)
            if any(c in s for c in ',"\n'):
                s = '"' + s.replace('"', '""') + '"'
            cells.append(s)
        out.append(",".join(cells))
    return ("\n".join(out) + "\n").encode("utf-8")
