#!/usr/bin/env python3
"""gen.py -- a deterministic synthetic evidence set and its manifest.

    gen.py OUTDIR [--size 1G] [--seed 8]       evidence of about SIZE bytes
    gen.py OUTDIR --count 2000 [--seed 8]      COUNT small files (2-24 KB)

Writes OUTDIR/manifest.xml (framework spbe-2020, all 47 indicators filled)
and OUTDIR/bukti/NN-bench/... .  With --size, about 70 % of the bytes are
already-compressed formats carrying incompressible content (PDF with a
random stream object, PNG of random pixels, DOCX/XLSX holding random
members, MP4 with a random mdat), about 30 % compressible text (CSV, XML,
TXT); file sizes run from 4 KB to 200 MB, most of them small.  The same
seed and size give the same bytes (standard library only).  OUTDIR must
not exist.
"""

import argparse
import math
import os
import random
import struct
import sys
import zipfile
import zlib

INDICATORS = 47
MIN_SIZE = 4 << 10
MAX_SIZE = 200 << 20
MAX_TEXT = 64 << 20
CHUNK = 4 << 20
ZIP_TIME = (2024, 3, 1, 9, 0, 0)

WORDS = ("arsitektur peta rencana layanan aplikasi data informasi keamanan "
         "audit infrastruktur jaringan pusat kebijakan manajemen risiko "
         "pengetahuan aset teknologi sumber daya manusia inovasi proses "
         "bisnis kearsipan pengaduan publik perencanaan anggaran keuangan "
         "kinerja pengadaan kepegawaian perizinan dinas kabupaten bupati "
         "peraturan keputusan laporan evaluasi rapat koordinasi tim "
         "integrasi interoperabilitas sistem penghubung domain").split()
OPD = ("Dinas Komunikasi dan Informatika", "Bappeda", "BKPSDM",
       "Inspektorat", "Bagian Organisasi Setda", "BPKAD", "DPMPTSP")


def parse_size(text):
    units = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    t = text.strip().upper().rstrip("B").rstrip("I")
    num = t.rstrip("KMGT")
    return int(float(num) * units[t[len(num):]])


class Writer:
    """Writes a file in pieces and counts its bytes."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.n = 0

    def write(self, b):
        self.f.write(b)
        self.n += len(b)

    def close(self):
        self.f.close()


def random_stream(rng, n):
    while n > 0:
        k = min(n, CHUNK)
        yield rng.randbytes(k)
        n -= k


# ---- already-compressed formats ------------------------------------------

def write_pdf(path, rng, size):
    """A one-page PDF whose page carries an image XObject of random bytes."""
    payload = max(size - 700, 64)
    w = Writer(path)
    offsets = []

    def obj(body):
        offsets.append(w.n)
        w.write(b"%d 0 obj\n" % len(offsets) + body + b"\nendobj\n")

    w.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    obj(b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    obj(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>")
    side = max(1, int(math.sqrt(payload / 3)))
    offsets.append(w.n)
    w.write(b"4 0 obj\n<< /Type /XObject /Subtype /Image /Width %d "
            b"/Height %d /ColorSpace /DeviceRGB /BitsPerComponent 8 "
            b"/Length %d >>\nstream\n" % (side, payload // (3 * side), payload))
    for block in random_stream(rng, payload):
        w.write(block)
    w.write(b"\nendstream\nendobj\n")
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    obj(b"<< /Length %d >>\nstream\n" % len(content) + content +
        b"\nendstream")
    xref = w.n
    w.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    for off in offsets:
        w.write(b"%010d 00000 n \n" % off)
    w.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (len(offsets) + 1, xref))
    w.close()


def png_chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))


def write_png(path, rng, size):
    """An RGB PNG of random pixels, its rows zlib-compressed in IDATs."""
    width = 1024
    height = max(1, size // (3 * width + 1))
    w = Writer(path)
    w.write(b"\x89PNG\r\n\x1a\n")
    w.write(png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                           0, 0, 0)))
    comp = zlib.compressobj(1)
    rows_per_block = max(1, CHUNK // (3 * width))
    left = height
    while left > 0:
        k = min(left, rows_per_block)
        pixels = rng.randbytes(k * 3 * width)
        raw = bytearray()
        for r in range(k):
            raw += b"\x00" + pixels[r * 3 * width:(r + 1) * 3 * width]
        out = comp.compress(bytes(raw))
        if out:
            w.write(png_chunk(b"IDAT", out))
        left -= k
    w.write(png_chunk(b"IDAT", comp.flush()))
    w.write(png_chunk(b"IEND", b""))
    w.close()


def write_ooxml(path, rng, size, kind):
    """A DOCX or XLSX: the usual parts, plus a stored random media part."""
    main = "word/document.xml" if kind == "docx" else "xl/workbook.xml"
    ctype = ("application/vnd.openxmlformats-officedocument.wordprocessingml."
             "document.main+xml" if kind == "docx" else
             "application/vnd.openxmlformats-officedocument.spreadsheetml."
             "sheet.main+xml")
    types = ('<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://'
             'schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.'
             'openxmlformats-package.relationships+xml"/><Default '
             'Extension="xml" ContentType="application/xml"/><Override '
             'PartName="/%s" ContentType="%s"/></Types>' % (main, ctype))
    rels = ('<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns='
            '"http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="%s"/>'
            '</Relationships>' % main)
    body = '<?xml version="1.0" encoding="UTF-8"?>\n<document/>'
    media = ("word" if kind == "docx" else "xl") + "/media/image1.bin"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", types),
                           ("_rels/.rels", rels), (main, body)):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
        info = zipfile.ZipInfo(media, ZIP_TIME)
        info.compress_type = zipfile.ZIP_STORED
        info.file_size = max(size - 1200, 64)
        with z.open(info, "w", force_zip64=info.file_size > (1 << 31)) as f:
            for block in random_stream(rng, info.file_size):
                f.write(block)


def write_mp4(path, rng, size):
    """An ISO base media file: ftyp, a stub moov, and a random mdat."""
    payload = max(size - 64, 64)
    w = Writer(path)
    w.write(struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) +
            b"isomiso2")
    w.write(struct.pack(">I", 8) + b"free")
    w.write(struct.pack(">I", payload + 8) + b"mdat")
    for block in random_stream(rng, payload):
        w.write(block)
    w.close()


# ---- compressible text ----------------------------------------------------

def text_lines(rng, kind, size):
    """Lines of plausible text until about 'size' bytes."""
    n = 0
    row = 0
    words = WORDS
    if kind == "csv":
        line = "no,tanggal,opd,kegiatan,anggaran,realisasi,keterangan\n"
    elif kind == "xml":
        line = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<laporan tahun="2024">\n')
    else:
        line = "LAPORAN PELAKSANAAN SPBE\n\n"
    while n < size:
        yield line
        n += len(line)
        row += 1
        r = rng.random
        if kind == "csv":
            line = "%d,2024-%02d-%02d,%s,%s %s,%d,%d,%s\n" % (
                row, 1 + int(r() * 12), 1 + int(r() * 28),
                OPD[int(r() * len(OPD))], words[int(r() * len(words))],
                words[int(r() * len(words))], int(r() * 1e9),
                int(r() * 1e9), words[int(r() * len(words))])
        elif kind == "xml":
            line = ('  <kegiatan no="%d" tanggal="2024-%02d-%02d"><opd>%s'
                    '</opd><nama>%s %s</nama><anggaran>%d</anggaran>'
                    '</kegiatan>\n' % (
                        row, 1 + int(r() * 12), 1 + int(r() * 28),
                        OPD[int(r() * len(OPD))],
                        words[int(r() * len(words))],
                        words[int(r() * len(words))], int(r() * 1e9)))
        else:
            line = " ".join(words[int(r() * len(words))]
                            for _ in range(6 + int(r() * 10))) + ".\n"
    if kind == "xml":
        yield "</laporan>\n"


def write_text(path, rng, size, kind):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        buf = []
        held = 0
        for line in text_lines(rng, kind, size):
            buf.append(line)
            held += len(line)
            if held >= CHUNK:
                f.write("".join(buf))
                buf = []
                held = 0
        f.write("".join(buf))


MEDIA = (("pdf", 4), ("png", 2), ("docx", 1), ("xlsx", 1), ("mp4", 1))
TEXT = (("csv", 3), ("xml", 2), ("txt", 1))


def pick(rng, table):
    total = sum(w for _, w in table)
    x = rng.random() * total
    for kind, w in table:
        x -= w
        if x < 0:
            return kind
    return table[-1][0]


def write_file(path, rng, size, kind):
    if kind == "pdf":
        write_pdf(path, rng, size)
    elif kind == "png":
        write_png(path, rng, size)
    elif kind in ("docx", "xlsx"):
        write_ooxml(path, rng, size, kind)
    elif kind == "mp4":
        write_mp4(path, rng, size)
    else:
        write_text(path, rng, size, kind)


def plan_sized(rng, total):
    """(kind, size) pairs: ~70 % compressed media, ~30 % text."""
    files = []
    budget = {"media": total * 0.7, "text": total * 0.3}
    if total >= (1 << 30):
        files.append(("mp4", MAX_SIZE))     # the largest file, always
        budget["media"] -= MAX_SIZE
    for group, table, top in (("media", MEDIA, MAX_SIZE),
                              ("text", TEXT, MAX_TEXT)):
        while budget[group] >= MIN_SIZE:
            # log-uniform, skewed to small sizes: most files are small
            u = rng.random() ** 3
            size = int(MIN_SIZE * (top / MIN_SIZE) ** u)
            size = max(MIN_SIZE, min(size, int(budget[group])))
            files.append((pick(rng, table), size))
            budget[group] -= size
    rng.shuffle(files)
    return files


def plan_counted(rng, count):
    table = MEDIA[:4] + TEXT
    return [(pick(rng, table), 2048 + int(rng.random() * 22528))
            for _ in range(count)]


def xml_escape(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--size", default="1G",
                    help="total evidence bytes (K, M, G suffixes)")
    ap.add_argument("--count", type=int, default=0,
                    help="instead of --size: this many small files")
    ap.add_argument("--seed", type=int, default=8)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    files = (plan_counted(rng, args.count) if args.count
             else plan_sized(rng, parse_size(args.size)))
    root = os.path.join(args.outdir, "bukti")
    os.makedirs(root)
    per = [[] for _ in range(INDICATORS)]
    written = 0
    for n, (kind, size) in enumerate(files):
        ind = rng.randrange(INDICATORS) if n >= INDICATORS else n
        folder = "%02d-bench" % (ind + 1)
        sub = "" if n % 5 else "lampiran/"
        rel = "%s/%s%s-%05d.%s" % (folder, sub, "dokumen", n, kind)
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # each file from its own generator, so files do not depend on order
        write_file(path, random.Random(args.seed * 1000003 + n), size, kind)
        written += os.path.getsize(path)
        per[ind].append((rel, 1 + n % 3, "2024-%02d-%02d" %
                         (1 + n % 6, 1 + n % 28)))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<!-- synthetic benchmark evidence: bench/gen.py, seed %d, %s -->'
           % (args.seed, "count %d" % args.count if args.count
              else "size %s" % args.size),
           '<dossier xmlns="urn:dossier:manifest:1" framework="spbe-2020" '
           'year="2024">',
           '  <instance name="Pemerintah Kabupaten Tolok Ukur" '
           'kind="kabupaten"/>',
           '  <period from="2023-01-01" to="2024-06-30"/>',
           '  <target index="2.60"/>',
           '  <evidence-root path="bukti"/>']
    for i in range(INDICATORS):
        out.append('  <indicator id="%d" owner="%s">' %
                   (i + 1, OPD[i % len(OPD)]))
        out.append('    <assessment stage="mandiri" level="3">Penjelasan '
                   'indikator %d untuk uji kinerja.</assessment>' % (i + 1))
        for rel, level, date in per[i]:
            out.append('    <evidence file="%s" level="%d" date="%s">%s'
                       '</evidence>' % (xml_escape(rel), level, date,
                                        xml_escape("Dokumen " + rel)))
        out.append("  </indicator>")
    out.append("</dossier>")
    with open(os.path.join(args.outdir, "manifest.xml"), "w",
              encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("gen.py: %d files, %d bytes in %s" % (len(files), written,
                                                  args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
