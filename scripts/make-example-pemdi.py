#!/usr/bin/env python3
"""(Re)generate templates/example-pemdi/: the bundled Pemdi 2026 example,
the same fictional Pemerintah Kabupaten Sukamaju one evaluation later,
after the assessors' document stage (Penilaian Dokumen, Tahap 1).

    python3 scripts/make-example-pemdi.py [OUTDIR]

Standard library only and deterministic: two runs give identical files.
It shows what the 2026 evaluation adds: evidence tied to items (butir),
the assessors' item verdicts (diterima / revisi, with the three kinds of
revisi), the institution's responses (catatan mandiri), the assessor's
fractional values, and indicators scored from another agency's index.

Like the SPBE example it carries a few findings on purpose (warnings and
notes, no errors): item-unsupported, revisi-no-response,
accepted-above-rejected and external-missing."""

import hashlib
import os
import shutil
import sys

sys.dont_write_bytecode = True     # leave no __pycache__ in scripts/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from example import docs  # noqa: E402
from example.files import PdfDoc  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_TOTAL = 512 * 1024

KOMINFO = "Dinas Komunikasi dan Informatika"
BAPPEDA = "Bappeda"
ORG = "Bagian Organisasi Setda"
DPMPTSP = "DPMPTSP"

NOTE_BELUM = "Dokumen pendukung/evidence terkait belum tersedia dan belum diunggah."
NOTE_OTOMATIS = "Otomatis ditolak karena tingkat kematangan sebelumnya ditolak."

# Each indicator: owner, folder, assessments [(stage, level, value, text)],
# evidence [(file, level, items, date, title, body)], verdicts
# [(item, status, kind, note)], responses [(item, text)], external.
INDICATORS = {
    1: dict(owner=BAPPEDA, folder="01-tata-kelola",
            assessments=[("mandiri", 2, None,
                          "Substansi Rencana Aksi Nasional Pemerintah Digital sudah masuk ke "
                          "Renstra Bappeda dan Renja 2026; Tim Koordinasi Pemdi menyusunnya "
                          "bersama dalam dua rapat konsolidasi."),
                         ("dokumen", 2, "2.0", "")],
            evidence=[
                ("rancangan-renstra-2025-2029.pdf", 1, "I1-L1-01", "2025-11-20",
                 "Rancangan Renstra Bappeda 2025-2029 (bab Pemerintah Digital)",
                 "Rancangan rencana strategis memuat sasaran Pemerintah Digital yang "
                 "diturunkan dari Rencana Aksi Nasional: arsitektur, layanan prioritas "
                 "dan keterpaduan data."),
                ("renja-2026-pemdi.pdf", 2, "I1-L2-01", "2026-01-15",
                 "Rencana Kerja Perangkat Daerah Tahun 2026: substansi Pemerintah Digital",
                 "Rencana kerja tahun 2026 memuat sebagian substansi Rencana Aksi "
                 "Nasional Pemerintah Digital pada program perencanaan dan layanan."),
                ("siap-digital-arsitektur-layanan.pdf", 2, "I1-L2-02", "2026-03-02",
                 "Rekapitulasi pengisian Arsitektur Pemdi pada SIAP Digital",
                 "Rekapitulasi layanan digital yang arsitekturnya sudah diisi pada "
                 "aplikasi SIAP Digital, per perangkat daerah."),
                ("notulen-konsolidasi-tim-koordinasi.pdf", 2, "I1-L2-03", "2026-03-12",
                 "Notulen rapat konsolidasi Tim Koordinasi Pemdi, 12 Maret 2026",
                 "Tim Koordinasi Pemdi membahas bersama substansi Rencana Aksi yang "
                 "masuk ke perencanaan tiap perangkat daerah."),
                ("siap-digital-arsitektur-layanan-rev1.pdf", 2, "I1-L2-02", "2026-09-24",
                 "Tangkapan layar Arsitektur Pemdi per layanan pada SIAP Digital (perbaikan)",
                 "Tangkapan layar arsitektur tiap layanan digital pada SIAP Digital, "
                 "menggantikan rekapitulasi yang diunggah pada Tahap 1."),
            ],
            verdicts=[("I1-L1-01", "diterima", None, ""),
                      ("I1-L2-01", "diterima", None, ""),
                      ("I1-L2-02", "revisi", "tidak-tepat",
                       "Bukti dukung yang diberikan berupa rekapitulasi jumlah layanan, "
                       "semestinya berupa tampilan arsitektur layanan digital yang diisi "
                       "pada SIAP Digital."),
                      ("I1-L2-03", "diterima", None, "")],
            responses=[("I1-L2-02",
                        "Tangkapan layar arsitektur per layanan pada SIAP Digital sudah "
                        "diunggah ulang (siap-digital-arsitektur-layanan-rev1.pdf); "
                        "12 dari 31 layanan digital sudah diisi lengkap.")]),
    2: dict(owner=KOMINFO, folder="02-manajemen-layanan",
            assessments=[("mandiri", 2, None,
                          "Manajemen layanan digital (perubahan, insiden, pengetahuan) "
                          "dijalankan pada layanan internal dan sebagian layanan publik."),
                         ("dokumen", 1, "1.5", "")],
            evidence=[
                ("renja-kominfo-2026-layanan-digital.pdf", 1, "I2-L1-01", "2026-01-20",
                 "Renja Dinas Kominfo 2026: program manajemen layanan digital",
                 "Program dan kegiatan manajemen layanan digital tahun 2026."),
                ("laporan-manajemen-layanan-internal.pdf", 1, "I2-L1-02", "2026-06-30",
                 "Laporan pelaksanaan manajemen layanan digital internal Semester I 2026",
                 "Catatan perubahan, insiden dan basis pengetahuan layanan internal."),
            ],
            verdicts=[("I2-L1-01", "diterima", None, ""),
                      ("I2-L1-02", "diterima", None, ""),
                      ("I2-L2-01", "revisi", "belum-diunggah", NOTE_BELUM)],
            responses=[("I2-L2-01",
                        "Laporan manajemen layanan pada layanan perizinan dan "
                        "kependudukan sedang disusun DPMPTSP dan Disdukcapil; diunggah "
                        "sebelum interviu.")]),
    4: dict(owner=ORG, folder="04-kolaborasi",
            assessments=[("mandiri", 2, None,
                          "Kolaborasi antar perangkat daerah dan dengan Pemerintah "
                          "Provinsi berjalan melalui Tim Koordinasi Pemdi."),
                         ("dokumen", 1, "1.3", "")],
            evidence=[
                ("sk-tim-koordinasi-pemdi.pdf", 1, "I4-L1-01", "2026-02-03",
                 "Keputusan Bupati Sukamaju Nomor 100.3.3.2/41/2026 tentang Tim Koordinasi "
                 "Pemerintah Digital",
                 "Keputusan Bupati menetapkan susunan dan tugas Tim Koordinasi "
                 "Pemerintah Digital Kabupaten Sukamaju."),
                ("rka-bagian-organisasi-2026.pdf", 1, "I4-L1-02", "2026-01-10",
                 "RKA Bagian Organisasi Setda Tahun 2026",
                 "Rencana kerja dan anggaran Bagian Organisasi tahun 2026."),
                ("dokumentasi-kolaborasi-antar-opd.pdf", 1, "I4-L1-03", "2026-04-22",
                 "Undangan, notulen dan dokumentasi rapat kolaborasi antar perangkat daerah",
                 "Rapat kolaborasi layanan perizinan terpadu antara DPMPTSP, Dinas "
                 "Kominfo dan Disdukcapil."),
                ("pks-satu-data-provinsi.pdf", 2, "I4-L2-02", "2026-05-14",
                 "Perjanjian Kerja Sama berbagi pakai data dengan Pemerintah Provinsi",
                 "Perjanjian kerja sama berbagi pakai data kependudukan dan perizinan."),
                ("rencana-kolaborasi-antar-instansi.pdf", 2, "I4-L2-01", "2026-03-30",
                 "Rencana kolaborasi antar instansi pemerintah 2026",
                 "Rincian rencana kolaborasi dengan Pemerintah Provinsi dan kabupaten "
                 "tetangga."),
            ],
            verdicts=[("I4-L1-01", "diterima", None, ""),
                      ("I4-L1-02", "revisi", "tidak-tepat",
                       "Bukti dukung yang diberikan berupa RKA, belum terdapat item "
                       "kegiatan yang memuat rencana kolaborasi antar perangkat daerah."),
                      ("I4-L1-03", "diterima", None, ""),
                      ("I4-L2-01", "diterima", None, ""),
                      ("I4-L2-02", "revisi", "otomatis-ditolak", NOTE_OTOMATIS)],
            responses=[("I4-L1-02",
                        "Rincian rencana kolaborasi antar perangkat daerah ada pada "
                        "lampiran Renja Bagian Organisasi halaman 14-16; lampiran itu "
                        "diunggah terpisah.")]),
    5: dict(owner=KOMINFO, folder=None, assessments=[],
            external=("SDI", "25", "2025", "Bappenas")),
    7: dict(owner=KOMINFO, folder=None, assessments=[],
            external=("IPS", "2.10", "2025", "BPS")),
    13: dict(owner=KOMINFO, folder="13-aplikasi",
             assessments=[("mandiri", 2, None,
                           "Pengembangan aplikasi dikonsultasikan ke Dinas Kominfo dan "
                           "tercatat pada Arsitektur Teknologi di SIAP Digital."),
                          ("dokumen", 1, "1.1667", "")],
             evidence=[
                 ("kak-pengembangan-aplikasi-perizinan.pdf", 1, "I13-L1-01", "2026-02-16",
                  "KAK pengembangan aplikasi perizinan terpadu",
                  "Kerangka acuan kerja pengembangan aplikasi perizinan, dengan "
                  "notulen konsultasi dengan unit pengelola TIK."),
                 ("dpa-kominfo-2026.pdf", 1, "I13-L1-02", "2026-01-08",
                  "DPA Dinas Kominfo Tahun 2026",
                  "Dokumen pelaksanaan anggaran Dinas Kominfo tahun 2026."),
             ],
             verdicts=[("I13-L1-01", "diterima", None, ""),
                       ("I13-L1-02", "revisi", "tidak-tepat",
                        "Bukti dukung yang diberikan berupa DPA, belum memuat program "
                        "pembangunan aplikasi sesuai Rencana Aksi Pemerintah Digital."),
                       ("I13-L1-03", "revisi", "belum-diunggah", NOTE_BELUM)],
             responses=[("I13-L1-02",
                         "Program pembangunan aplikasi ada pada sub kegiatan 2.16.03.1.01 "
                         "DPA halaman 7; halaman itu sudah ditandai."),
                        ("I13-L1-03",
                         "Daftar aplikasi pada Arsitektur Teknologi SIAP Digital sedang "
                         "dilengkapi; target selesai 28 September 2026.")]),
    17: dict(owner=DPMPTSP, folder="17-portal-layanan",
             assessments=[("mandiri", 3, None,
                           "Portal layanan Kabupaten Sukamaju memadukan 31 layanan digital "
                           "dan terhubung ke portal nasional."),
                          ("dokumen", 2, "2.5", "")],
             evidence=[
                 ("portal-layanan-sukamaju.pdf", 1, "I17-L1-01 I17-L1-02", "2026-05-05",
                  "Profil Portal Layanan Digital Kabupaten Sukamaju",
                  "Portal layanan digital instansi dan keterhubungannya dengan portal "
                  "nasional."),
                 ("rencana-layanan-portal-2026.pdf", 2, "I17-L2-01", "2026-02-20",
                  "Rencana layanan digital yang dipadukan pada portal 2026",
                  "Daftar layanan yang dipadukan ke portal, sesuai Rencana Aksi."),
                 ("laporan-portal-siklus-hidup.pdf", 2, "I17-L2-02", "2026-06-10",
                  "Laporan portal layanan berbasis siklus hidup pada sebagian layanan",
                  "Layanan perizinan dan kependudukan disajikan menurut peristiwa "
                  "kehidupan."),
                 ("dasbor-pemanfaatan-portal.pdf", 3, "I17-L3-03", "2026-06-25",
                  "Dasbor pemantauan pemanfaatan portal layanan",
                  "Jumlah pengguna dan transaksi portal layanan per bulan."),
             ],
             verdicts=[("I17-L1-01", "diterima", None, ""),
                       ("I17-L1-02", "diterima", None, ""),
                       ("I17-L2-01", "diterima", None, ""),
                       ("I17-L2-02", "diterima", None, "")],
             responses=[]),
    20: dict(owner=DPMPTSP, folder="20-kepuasan-pengguna",
             assessments=[("mandiri", 1, None,
                           "Survei kepuasan pengguna layanan digital dilakukan setiap "
                           "semester dan hasilnya diumumkan pada portal."),
                          ("dokumen", 1, "1.3", "")],
             evidence=[
                 ("hasil-survei-kepuasan-2026.pdf", 1, "I20-L1-01", "2026-07-15",
                  "Hasil survei kepuasan pengguna layanan digital Semester I 2026",
                  "Indeks kepuasan per layanan digital, dipublikasikan pada portal."),
                 ("rekap-transaksi-layanan-2025.pdf", 1, "I20-L1-02", "2026-01-31",
                  "Rekapitulasi jumlah transaksi layanan digital tahun 2025",
                  "Jumlah transaksi per layanan digital selama satu tahun."),
             ],
             verdicts=[("I20-L1-01", "diterima", None, ""),
                       ("I20-L1-02", "diterima", None, ""),
                       ("I20-L1-03", "revisi", "belum-diunggah", NOTE_BELUM),
                       ("I20-L1-04", "revisi", "belum-diunggah", NOTE_BELUM)],
             responses=[("I20-L1-03",
                         "Forum konsultasi publik dengan perwakilan penyandang "
                         "disabilitas dan lansia dilaksanakan 18 September 2026; "
                         "notulennya diunggah pada tahap interviu.")]),
}

# Indicators with only a self-assessment (level) and no document yet.
PLAIN = {3: 1, 8: 1, 9: 1, 10: 1, 11: 1, 12: 1, 14: 1, 15: 1, 16: 1, 19: 1}
OWNERS = {3: "BKPSDM", 8: KOMINFO, 9: "Inspektorat Daerah", 10: KOMINFO,
          11: KOMINFO, 12: KOMINFO, 14: KOMINFO, 15: ORG, 16: KOMINFO,
          19: DPMPTSP}


# Last year's result (2025), as init --from carries it: the index and
# each indicator's level and value (None: the level is the value).  The
# index 1.13 is what these levels give under the catalog's weights.
PREVIOUS = ("2025", "1.13")
PREVIOUS_LEVELS = {1: (1, None), 2: (1, "1.2"), 3: (1, None), 4: (1, None),
                   5: (1, None), 6: (1, None), 7: (2, "2.0"), 8: (1, None),
                   9: (1, None), 10: (1, None), 11: (1, None), 12: (1, None),
                   13: (2, None), 14: (1, None), 15: (1, None), 16: (1, None),
                   17: (2, "2.0"), 18: (1, None), 19: (1, None), 20: (1, None)}

# The visit plan (visitasi) of the interview and visit stage.
VISITS = [
    (KOMINFO, "2026-10-13", "09.00-11.00", "Ruang Command Center, Dinas Kominfo",
     "Andi Pratama, S.Kom., Kepala Bidang Aplikasi Informatika"),
    (BAPPEDA, "2026-10-13", "13.00-14.00", "Ruang Rapat Bappeda",
     "Sri Wahyuni, S.E., M.Si., Sekretaris Bappeda"),
    (DPMPTSP, "2026-10-14", "09.00-10.00", "Mal Pelayanan Publik Sukamaju",
     "Rina Marlina, S.H., Kepala Bidang Pelayanan Perizinan"),
]


def esc(s, attr=False):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if attr else s


def document(owner, title, body, date):
    """A short official document of 'owner' (a key of docs.UNITS) as PDF
    bytes, with the SPBE example's letterhead and signature block."""
    doc = PdfDoc()
    docs.letterhead(doc, owner)
    doc.gap(6)
    doc.para(title.upper(), 11, True, "center")
    doc.gap(10)
    doc.para(body)
    doc.gap(6)
    doc.para("Dokumen ini disusun sebagai bukti dukung Evaluasi Kinerja Pemerintah "
             "Digital Tahun 2026 Kabupaten Sukamaju.")
    docs.sign_unit(doc, owner, date)
    return doc.render(title, "Pemerintah Kabupaten Sukamaju - " + owner, title, date)


def owner_key(owner):
    return {KOMINFO: docs.D.KOMINFO, BAPPEDA: docs.D.BAPPEDA, ORG: docs.D.ORG,
            DPMPTSP: docs.D.DPMPTSP}.get(owner, docs.D.KOMINFO)


def evidence_files(out):
    bukti = os.path.join(out, "bukti")
    if os.path.isdir(bukti):
        shutil.rmtree(bukti)
    hashes = {}
    for i in sorted(INDICATORS):
        ind = INDICATORS[i]
        for name, _level, _items, date, title, body in ind.get("evidence", []):
            rel = ind["folder"] + "/" + name
            data = document(owner_key(ind["owner"]), title, body, date)
            path = os.path.join(bukti, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            hashes[rel] = hashlib.sha256(data).hexdigest()
    return hashes


def manifest(hashes):
    L = ['<?xml version="1.0" encoding="UTF-8"?>',
         "<!--",
         "  Example manifest for dossier: the FICTIONAL Kabupaten Sukamaju in the",
         "  Pemerintah Digital (Pemdi) evaluation of 2026, after the assessors'",
         "  document stage: evidence tied to items (butir), item verdicts, the",
         "  institution's responses, fractional assessor values and indicators",
         "  scored from another agency's index.",
         "  Generated by scripts/make-example-pemdi.py; edit the generator.",
         "",
         "  `dossier check` reports a few things on purpose (no errors): an item",
         "  of the claimed level without evidence, a revisi without a response,",
         "  an item accepted above a level with a rejected one, and external",
         "  indicators without a value.",
         "-->",
         '<dossier xmlns="urn:dossier:manifest:1" framework="pemdi-2026" year="2026">',
         '  <instance name="Pemerintah Kabupaten Sukamaju" kind="kabupaten"/>',
         '  <coordinator name="Dr. Ir. Budi Santoso, M.T." position="Sekretaris Daerah"'
         ' unit="Sekretariat Daerah"/>',
         '  <period from="2025-07-01" to="2026-09-30"/>',
         '  <target index="1.50"/>',
         '  <previous year="%s" index="%s">' % PREVIOUS]
    for i in sorted(PREVIOUS_LEVELS):
        level, value = PREVIOUS_LEVELS[i]
        v = ' value="%s"' % value if value else ""
        L.append('    <indicator id="%d" level="%d"%s/>' % (i, level, v))
    L += ['  </previous>',
          '  <evidence-root path="bukti"/>',
          # only part of the archival classification: arsip.xml marks the
          # retention not given
          '  <archive classification="000.5.2" access="terbuka" security="biasa"/>']
    for owner, date, time, place, person in VISITS:
        L.append('  <visit owner="%s" date="%s" time="%s" place="%s" person="%s"/>'
                 % (esc(owner, True), date, time, esc(place, True), esc(person, True)))
    L.append("")
    for i in range(1, 21):
        if i in INDICATORS:
            ind = INDICATORS[i]
        elif i in PLAIN:
            ind = dict(owner=OWNERS[i], assessments=[("mandiri", PLAIN[i], None, "")])
        else:
            L.append('  <indicator id="%d" owner="%s"/>' % (i, esc(KOMINFO, True)))
            continue
        L.append('  <indicator id="%d" owner="%s">' % (i, esc(ind["owner"], True)))
        for stage, level, value, text in ind.get("assessments", []):
            v = ' value="%s"' % value if value else ""
            if text:
                L.append('    <assessment stage="%s" level="%d"%s>%s</assessment>'
                         % (stage, level, v, esc(text)))
            else:
                L.append('    <assessment stage="%s" level="%d"%s/>' % (stage, level, v))
        if "external" in ind:
            index, value, year, source = ind["external"]
            L.append('    <external index="%s" value="%s" year="%s" source="%s"/>'
                     % (index, value, year, source))
        for name, level, items, date, title, _body in ind.get("evidence", []):
            rel = ind["folder"] + "/" + name
            L.append('    <evidence file="%s" level="%d" item="%s" date="%s" sha256="%s">%s'
                     '</evidence>' % (esc(rel, True), level, items, date, hashes[rel],
                                      esc(title)))
        for item, status, kind, note in ind.get("verdicts", []):
            k = ' kind="%s"' % kind if kind else ""
            if note:
                L.append('    <verdict stage="dokumen" item="%s" status="%s"%s>%s</verdict>'
                         % (item, status, k, esc(note)))
            else:
                L.append('    <verdict stage="dokumen" item="%s" status="%s"%s/>'
                         % (item, status, k))
        for item, text in ind.get("responses", []):
            L.append('    <response item="%s">%s</response>' % (item, esc(text)))
        L.append("  </indicator>")
    L.append("</dossier>")
    return "\n".join(L) + "\n"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "templates",
                                                             "example-pemdi")
    os.makedirs(out, exist_ok=True)
    hashes = evidence_files(out)
    with open(os.path.join(out, "manifest.xml"), "w", encoding="utf-8",
              newline="\n") as f:
        f.write(manifest(hashes))
    total = sum(os.path.getsize(os.path.join(d, n))
                for d, _, ns in os.walk(out) for n in ns)
    print("wrote %s: manifest.xml and %d evidence files, %d bytes in all"
          % (out, len(hashes), total))
    if total > MAX_TOTAL:
        print("problem: %s is %d bytes (over %d)" % (out, total, MAX_TOTAL),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
