"""The content of the example's PDF documents: peraturan and keputusan
bupati, notulen, laporan, berita acara, letters and plans, all fictional,
in Indonesian, laid out with files.PdfDoc."""

import datetime
import re

from . import data as D
from .files import PdfDoc

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
          "Agustus", "September", "Oktober", "November", "Desember"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]

# unit (owner) -> (letterhead name, head's position, head's name)
UNITS = {
    D.KOMINFO: ("DINAS KOMUNIKASI DAN INFORMATIKA",
                "Kepala Dinas Komunikasi dan Informatika", D.COORDINATOR[0]),
    D.BAPPEDA: ("BADAN PERENCANAAN PEMBANGUNAN DAERAH",
                "Kepala Badan Perencanaan Pembangunan Daerah",
                "Ir. Siti Nurhaliza, M.T."),
    D.BPKAD: ("BADAN PENGELOLAAN KEUANGAN DAN ASET DAERAH",
              "Kepala Badan Pengelolaan Keuangan dan Aset Daerah",
              "Hendra Gunawan, S.E., M.Ak."),
    D.BKPSDM: ("BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
               "Kepala BKPSDM", "Dra. Lestari Wulandari, M.Si."),
    D.INSPEKTORAT: ("INSPEKTORAT DAERAH", "Inspektur Daerah",
                    "Agus Salim, S.H., M.H."),
    D.ARSIP: ("DINAS PERPUSTAKAAN DAN KEARSIPAN",
              "Kepala Dinas Perpustakaan dan Kearsipan", "Dewi Kartika, S.Sos., M.AP."),
    D.DPMPTSP: ("DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU",
                "Kepala DPMPTSP", "Bambang Prasetyo, S.T., M.M."),
    D.DINKES: ("DINAS KESEHATAN", "Kepala Dinas Kesehatan", "dr. Andi Pratama, M.Kes."),
    D.DUKCAPIL: ("DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL",
                 "Kepala Dinas Kependudukan dan Pencatatan Sipil",
                 "Yusuf Maulana, S.IP., M.Si."),
    D.ORG: ("SEKRETARIAT DAERAH - BAGIAN ORGANISASI", "Kepala Bagian Organisasi",
            "Rina Marlina, S.STP., M.Si."),
    D.HUKUM: ("SEKRETARIAT DAERAH - BAGIAN HUKUM", "Kepala Bagian Hukum",
              "Fajar Nugroho, S.H., M.H."),
}

ADDRESS = ("Jalan Merdeka Nomor 1, Sukamaju 40123  -  Telepon (0260) 555 0101  -  "
           "sukamaju.example.go.id")

# What a policy or plan on each topic covers (Ruang Lingkup).
SCOPE = {
    1: ["arsitektur proses bisnis", "arsitektur data dan informasi",
        "arsitektur infrastruktur SPBE", "arsitektur aplikasi SPBE",
        "arsitektur keamanan SPBE", "arsitektur layanan SPBE"],
    2: ["tata kelola SPBE", "manajemen SPBE", "layanan SPBE", "infrastruktur SPBE",
        "aplikasi SPBE", "keamanan SPBE", "audit teknologi informasi dan komunikasi"],
    3: ["arsitektur data", "data induk", "data referensi", "basis data",
        "kualitas data", "interoperabilitas data"],
    4: ["perencanaan aplikasi", "analisis kebutuhan", "perancangan", "pembangunan "
        "dan pengujian", "implementasi", "pemeliharaan dan evaluasi aplikasi"],
    5: ["penempatan aplikasi dan data", "pengelolaan fasilitas pusat data",
        "keamanan pusat data", "pencadangan dan pemulihan data"],
    6: ["infrastruktur jaringan intra", "konektivitas perangkat daerah",
        "pengamanan jaringan", "pemantauan kinerja jaringan"],
    7: ["katalog layanan dan API", "standar interoperabilitas", "tata cara "
        "pendaftaran layanan", "pemantauan pertukaran data"],
    8: ["ruang lingkup SMKI", "penanggung jawab", "perencanaan", "dukungan "
        "pengoperasian", "evaluasi kinerja", "perbaikan berkelanjutan"],
    9: ["audit aplikasi SPBE", "audit keamanan SPBE", "tindak lanjut hasil audit"],
    10: ["susunan keanggotaan", "tugas dan fungsi", "tata kerja", "pelaporan dan "
         "evaluasi"],
}


def tanggal(date):
    """'2023-05-22' -> '22 Mei 2023'."""
    y, m, d = (int(x) for x in date.split("-"))
    return "%d %s %d" % (d, MONTHS[m - 1], y)


def hari(date):
    y, m, d = (int(x) for x in date.split("-"))
    return DAYS[datetime.date(y, m, d).weekday()]


_ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
         "sembilan", "sepuluh", "sebelas"]


def terbilang(n):
    """An integer below 10000 in Indonesian words."""
    if n < 12:
        return _ONES[n]
    if n < 20:
        return _ONES[n - 10] + " belas"
    if n < 100:
        return (_ONES[n // 10] + " puluh " + terbilang(n % 10)).strip()
    if n < 200:
        return ("seratus " + terbilang(n - 100)).strip()
    if n < 1000:
        return (_ONES[n // 100] + " ratus " + terbilang(n % 100)).strip()
    if n < 2000:
        return ("seribu " + terbilang(n - 1000)).strip()
    return (_ONES[n // 1000] + " ribu " + terbilang(n % 1000)).strip()


def subject(title):
    """What a document is about: the part of its title after 'tentang'."""
    m = re.search(r"\btentang\b (.*)", title)
    return m.group(1) if m else title


def number(title):
    m = re.search(r"Nomor (\S+)", title)
    return m.group(1) if m else "-"


def letterhead(doc, owner):
    unit = UNITS[owner][0]
    doc.line("PEMERINTAH KABUPATEN SUKAMAJU", 13, True, "center")
    doc.para(unit, 12, True, "center")
    doc.line(ADDRESS, 8, False, "center")
    doc.rule(1.6, 5)


def sign_unit(doc, owner, date, place=True):
    _, pos, name = UNITS[owner]
    lines = (["Sukamaju, " + tanggal(date)] if place else []) + [pos + ",", "", "",
                                                                 name]
    doc.gap(6)
    doc.signature(lines)


def _scope(ind):
    return SCOPE.get(ind["id"]) or [
        "perencanaan " + ind["topic"].lower(), "pelaksanaan oleh perangkat daerah",
        "pemantauan dan evaluasi", "pelaporan kepada Tim Koordinasi SPBE"]


def _consider(doc, ind, what):
    doc.line("Menimbang", 10, indent=0)
    doc.item("a.", "bahwa dalam rangka mewujudkan tata kelola pemerintahan yang "
             "bersih, efektif, transparan dan akuntabel diperlukan penerapan "
             "Sistem Pemerintahan Berbasis Elektronik di lingkungan Pemerintah "
             "Kabupaten Sukamaju;", indent=20)
    doc.item("b.", "bahwa pengaturan mengenai %s diperlukan agar penerapan SPBE "
             "berjalan terpadu di seluruh perangkat daerah;" % ind["topic"], indent=20)
    doc.item("c.", "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a "
             "dan huruf b, perlu menetapkan %s;" % what, indent=20)
    doc.line("Mengingat", 10)
    for k, law in enumerate([
            "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
            "Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan "
            "Berbasis Elektronik;",
            "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi "
            "Birokrasi Nomor 59 Tahun 2020 tentang Pemantauan dan Evaluasi SPBE;"]):
        doc.item("%d." % (k + 1), law, indent=20)


def peraturan(ind, title, date):
    doc = PdfDoc()
    subj = subject(title)
    doc.line("BUPATI SUKAMAJU", 13, True, "center")
    doc.gap(6)
    doc.line("PERATURAN BUPATI SUKAMAJU", 11, True, "center")
    doc.line("NOMOR %s TAHUN %s" % (number(title), date[:4]), 11, True, "center")
    doc.line("TENTANG", 11, True, "center")
    doc.para(subj.upper(), 11, True, "center")
    doc.gap(6)
    doc.line("DENGAN RAHMAT TUHAN YANG MAHA ESA", 10, True, "center")
    doc.line("BUPATI SUKAMAJU,", 10, True, "center")
    doc.gap(4)
    _consider(doc, ind, "Peraturan Bupati tentang " + subj)
    doc.line("MEMUTUSKAN:", 10, True, "center")
    doc.para("Menetapkan: PERATURAN BUPATI TENTANG %s." % subj.upper(), 10)
    doc.line("BAB I  KETENTUAN UMUM", 10, True, "center")
    doc.line("Pasal 1", 10, True, "center")
    doc.para("Dalam Peraturan Bupati ini yang dimaksud dengan:")
    for k, d in enumerate([
            "Daerah adalah Kabupaten Sukamaju.",
            "Bupati adalah Bupati Sukamaju.",
            "Perangkat Daerah adalah unsur pembantu Bupati dalam penyelenggaraan "
            "urusan pemerintahan yang menjadi kewenangan Daerah.",
            "Sistem Pemerintahan Berbasis Elektronik yang selanjutnya disingkat SPBE "
            "adalah penyelenggaraan pemerintahan yang memanfaatkan teknologi "
            "informasi dan komunikasi untuk memberikan layanan kepada pengguna SPBE.",
            "Tim Koordinasi SPBE adalah tim yang dibentuk oleh Bupati untuk "
            "mengoordinasikan penerapan SPBE di Daerah."]):
        doc.item("%d." % (k + 1), d, indent=20)
    doc.line("BAB II  RUANG LINGKUP", 10, True, "center")
    doc.line("Pasal 2", 10, True, "center")
    doc.para("Ruang lingkup Peraturan Bupati ini meliputi:")
    for k, s in enumerate(_scope(ind)):
        doc.item("%s." % "abcdefgh"[k], s + ";", indent=20)
    doc.line("Pasal 3", 10, True, "center")
    doc.para("Setiap Perangkat Daerah wajib melaksanakan ketentuan dalam Peraturan "
             "Bupati ini dan melaporkan pelaksanaannya kepada Bupati melalui Tim "
             "Koordinasi SPBE paling sedikit 1 (satu) kali dalam setahun.")
    doc.line("BAB III  KETENTUAN PENUTUP", 10, True, "center")
    doc.line("Pasal 4", 10, True, "center")
    doc.para("Peraturan Bupati ini mulai berlaku pada tanggal diundangkan. Agar "
             "setiap orang mengetahuinya, memerintahkan pengundangan Peraturan "
             "Bupati ini dengan penempatannya dalam Berita Daerah Kabupaten Sukamaju.")
    doc.signature(["Ditetapkan di Sukamaju", "pada tanggal " + tanggal(date),
                   "BUPATI SUKAMAJU,", "", "ttd.", D.BUPATI])
    doc.para("Diundangkan di Sukamaju pada tanggal %s, Sekretaris Daerah Kabupaten "
             "Sukamaju, ttd., %s." % (tanggal(date), D.SEKDA), 9)
    doc.line("BERITA DAERAH KABUPATEN SUKAMAJU TAHUN %s NOMOR %s"
             % (date[:4], number(title)), 9, True)
    return doc


def keputusan(ind, title, date):
    doc = PdfDoc()
    subj = subject(title)
    by_head = "Kepala Dinas" in title
    issuer = "KEPALA DINAS KOMUNIKASI DAN INFORMATIKA" if by_head else "BUPATI SUKAMAJU"
    if by_head:
        letterhead(doc, ind["owner"])
    doc.line("KEPUTUSAN " + issuer, 11, True, "center")
    doc.line("NOMOR " + number(title), 11, True, "center")
    doc.line("TENTANG", 11, True, "center")
    doc.para(subj.upper(), 11, True, "center")
    doc.gap(6)
    doc.line(issuer + ",", 10, True, "center")
    _consider(doc, ind, "Keputusan tentang " + subj)
    doc.line("MEMUTUSKAN:", 10, True, "center")
    doc.para("Menetapkan: KEPUTUSAN %s TENTANG %s." % (issuer, subj.upper()))
    for label, text in [
            ("KESATU", "Menetapkan %s sebagaimana tercantum dalam Lampiran yang "
                       "merupakan bagian tidak terpisahkan dari Keputusan ini." % subj),
            ("KEDUA", "Ketentuan sebagaimana dimaksud dalam Diktum KESATU berlaku "
                      "bagi seluruh Perangkat Daerah di lingkungan Pemerintah "
                      "Kabupaten Sukamaju."),
            ("KETIGA", "Segala biaya yang timbul akibat ditetapkannya Keputusan ini "
                       "dibebankan pada Anggaran Pendapatan dan Belanja Daerah."),
            ("KEEMPAT", "Keputusan ini mulai berlaku pada tanggal ditetapkan.")]:
        doc.item(label, text, label_w=62)
    signer = (["KEPALA DINAS,", "", "ttd.", D.COORDINATOR[0]] if by_head
              else ["BUPATI SUKAMAJU,", "", "ttd.", D.BUPATI])
    doc.signature(["Ditetapkan di Sukamaju", "pada tanggal " + tanggal(date)] + signer)
    doc.gap(10)
    doc.line("LAMPIRAN KEPUTUSAN NOMOR " + number(title), 10, True)
    if ind["id"] == 10:
        rows = [["1", "Sekretaris Daerah", "Ketua"],
                ["2", "Kepala Dinas Komunikasi dan Informatika", "Ketua Pelaksana"],
                ["3", "Kepala Bagian Organisasi Setda", "Sekretaris"],
                ["4", "Kepala Bappeda", "Anggota"],
                ["5", "Kepala BPKAD", "Anggota"],
                ["6", "Kepala BKPSDM", "Anggota"],
                ["7", "Inspektur Daerah", "Anggota"],
                ["8", "Kepala Dinas Perpustakaan dan Kearsipan", "Anggota"],
                ["9", "Kepala Bagian Hukum Setda", "Anggota"]]
        doc.table(["No", "Jabatan", "Kedudukan dalam Tim"], rows, [30, 270, 150])
    else:
        rows = [[str(k + 1), s[0].upper() + s[1:], "Seluruh Perangkat Daerah"]
                for k, s in enumerate(_scope(ind))]
        doc.table(["No", "Ketentuan", "Berlaku bagi"], rows, [30, 270, 150])
    return doc


def notulen(ind, title, date):
    doc = PdfDoc()
    letterhead(doc, ind["owner"])
    doc.line("NOTULEN RAPAT", 12, True, "center")
    doc.para(title, 10, True, "center")
    doc.gap(6)
    doc.field("Hari/tanggal", "%s, %s" % (hari(date), tanggal(date)))
    doc.field("Waktu", "09.00 - 12.00 WIB")
    doc.field("Tempat", "Ruang Rapat Command Center, Dinas Komunikasi dan Informatika")
    doc.field("Pimpinan rapat", UNITS[ind["owner"]][1])
    doc.field("Peserta", "Perwakilan Bappeda, BPKAD, BKPSDM, Inspektorat Daerah, "
                         "Bagian Organisasi Setda dan perangkat daerah terkait "
                         "(daftar hadir terlampir)")
    doc.field("Agenda", subject(title) if "tentang" in title else title)
    doc.gap(4)
    doc.line("Pembahasan", 10, True)
    for k, p in enumerate([
            "Pimpinan rapat menyampaikan maksud rapat, yaitu membahas %s sebagai "
            "bagian dari persiapan evaluasi SPBE tahun %s." % (ind["topic"], date[:4]),
            "Dinas Komunikasi dan Informatika memaparkan kondisi saat ini, capaian "
            "tahun sebelumnya dan kendala yang dihadapi perangkat daerah.",
            "Peserta menyampaikan tanggapan terkait kesiapan sumber daya manusia, "
            "anggaran dan infrastruktur di masing-masing perangkat daerah.",
            "Disepakati bahwa seluruh perangkat daerah menyampaikan data dukung "
            "kepada Tim Koordinasi SPBE paling lambat dua minggu setelah rapat."]):
        doc.item("%d." % (k + 1), p)
    doc.line("Kesimpulan dan tindak lanjut", 10, True)
    doc.item("a.", "Dinas Komunikasi dan Informatika menyusun rencana tindak lanjut "
             "dan memantau pelaksanaannya.")
    doc.item("b.", "Hasil rapat dilaporkan kepada Ketua Tim Koordinasi SPBE.")
    doc.signature(["Sukamaju, " + tanggal(date), "Notulis,", "", "",
                   "Nur Aisyah, S.Kom."])
    return doc


def laporan(ind, title, date):
    doc = PdfDoc()
    letterhead(doc, ind["owner"])
    doc.gap(4)
    doc.para(title.upper(), 12, True, "center")
    doc.gap(8)
    doc.line("BAB I  PENDAHULUAN", 11, True)
    doc.line("1.1  Latar Belakang", 10, True)
    doc.para("Peraturan Presiden Nomor 95 Tahun 2018 mengamanatkan penerapan SPBE "
             "yang terpadu. Pemerintah Kabupaten Sukamaju melaksanakan %s sebagai "
             "bagian dari upaya peningkatan indeks SPBE, dengan target indeks %s "
             "pada evaluasi tahun %s." % (ind["topic"], D.TARGET.replace(".", ","),
                                          D.YEAR))
    doc.line("1.2  Maksud dan Tujuan", 10, True)
    doc.para("Laporan ini disusun untuk menggambarkan pelaksanaan, capaian dan "
             "kendala %s, serta menjadi bahan reviu dan evaluasi oleh Tim "
             "Koordinasi SPBE." % ind["topic"])
    doc.line("1.3  Ruang Lingkup", 10, True)
    for k, s in enumerate(_scope(ind)):
        doc.item("%s." % "abcdefgh"[k], s[0].upper() + s[1:] + ".")
    doc.line("BAB II  HASIL PELAKSANAAN", 11, True)
    doc.para("Pelaksanaan dipantau setiap triwulan. Rekapitulasi capaian per "
             "perangkat daerah disajikan pada tabel berikut.")
    units = ["Dinas Komunikasi dan Informatika", "Bappeda", "BPKAD", "BKPSDM",
             "Inspektorat Daerah", "Dinas Kesehatan", "Disdukcapil", "DPMPTSP",
             "Dinas Perpustakaan dan Kearsipan", "Kecamatan (15 kecamatan)"]
    seed = sum(ord(c) for c in title)
    rows = []
    for k, u in enumerate(units):
        pct = 70 + (seed * (k + 3)) % 31
        rows.append([str(k + 1), u, "%d%%" % pct,
                     "Sesuai rencana" if pct >= 85 else "Perlu percepatan"])
    doc.table(["No", "Perangkat Daerah", "Capaian", "Keterangan"], rows,
              [30, 210, 70, 140])
    doc.para("Secara umum pelaksanaan berjalan sesuai rencana. Kendala utama adalah "
             "keterbatasan sumber daya manusia bidang TIK di perangkat daerah dan "
             "belum meratanya pemahaman terhadap standar yang ditetapkan.")
    doc.line("BAB III  KESIMPULAN DAN REKOMENDASI", 11, True)
    for k, r in enumerate([
            "Pelaksanaan %s tahun %s telah mencapai target utama." % (
                ind["topic"], int(date[:4]) - (0 if date[5:7] > "06" else 1)),
            "Perangkat daerah dengan capaian di bawah 85%% perlu pendampingan "
            "teknis oleh Dinas Komunikasi dan Informatika.",
            "Hasil laporan ini menjadi bahan reviu kebijakan dan perencanaan "
            "tahun berikutnya."]):
        doc.item("%d." % (k + 1), r)
    sign_unit(doc, ind["owner"], date)
    return doc


def berita_acara(ind, title, date):
    doc = PdfDoc()
    letterhead(doc, ind["owner"])
    y, m, d = (int(x) for x in date.split("-"))
    doc.line("BERITA ACARA", 12, True, "center")
    doc.para(subject(title) if "tentang" in title else title[len("Berita Acara "):],
             10, True, "center")
    doc.line("Nomor: 000.%d/%03d/BA/%d" % (m, d * 7, y), 10, False, "center")
    doc.gap(8)
    doc.para("Pada hari ini %s tanggal %s bulan %s tahun %s, bertempat di Kantor "
             "Pemerintah Kabupaten Sukamaju, kami yang bertanda tangan di bawah ini "
             "telah melaksanakan kegiatan sebagaimana dimaksud dalam judul berita "
             "acara ini, dengan hasil sebagai berikut:"
             % (hari(date), terbilang(d), MONTHS[m - 1], terbilang(y)))
    rows = [["1", "Kesiapan konfigurasi dan akses", "Berhasil"],
            ["2", "Uji pertukaran data (%s)" % ind["topic"], "Berhasil"],
            ["3", "Uji keamanan koneksi (TLS, otentikasi)", "Berhasil"],
            ["4", "Uji kinerja pada jam sibuk", "Berhasil dengan catatan"]]
    doc.table(["No", "Butir pengujian", "Hasil"], rows, [30, 300, 120])
    doc.para("Catatan: optimalisasi kinerja akan dilakukan pada triwulan berikutnya. "
             "Berita acara ini dibuat dengan sebenarnya untuk dipergunakan "
             "sebagaimana mestinya.")
    doc.gap(4)
    doc.line("Yang melaksanakan:", 10, True)
    doc.table(["No", "Nama", "Jabatan / Instansi", "Paraf"],
              [["1", UNITS[ind["owner"]][2], UNITS[ind["owner"]][1], ""],
               ["2", "Tim Teknis Integrasi", "Instansi mitra integrasi", ""],
               ["3", "Nur Aisyah, S.Kom.", "Pranata Komputer Ahli Muda", ""]],
              [30, 150, 210, 60])
    doc.signature(["Sukamaju, " + tanggal(date), "Mengetahui,",
                   UNITS[ind["owner"]][1] + ",", "", "", UNITS[ind["owner"]][2]])
    return doc


def surat(ind, title, date):
    doc = PdfDoc()
    letterhead(doc, ind["owner"])
    y, m, d = (int(x) for x in date.split("-"))
    doc.line("Sukamaju, " + tanggal(date), 10, align="right")
    doc.field("Nomor", "400.14/%d/Diskominfo/%d" % (d * 13, y), label_w=60)
    doc.field("Sifat", "Penting", label_w=60)
    doc.field("Lampiran", "1 (satu) berkas", label_w=60)
    doc.field("Hal", title, label_w=60)
    doc.gap(10)
    doc.para("Yth. Kepala Badan Siber dan Sandi Negara")
    doc.para("di Jakarta")
    doc.gap(6)
    doc.para("Dalam rangka meningkatkan keamanan SPBE di lingkungan Pemerintah "
             "Kabupaten Sukamaju, dengan hormat kami mengajukan permohonan "
             "asistensi pelaksanaan audit keamanan SPBE terhadap aplikasi dan "
             "infrastruktur yang dikelola Dinas Komunikasi dan Informatika.")
    doc.para("Sebagai bahan pertimbangan, bersama ini kami lampirkan daftar aplikasi "
             "prioritas dan profil infrastruktur pusat data daerah. Narahubung: "
             "Bidang Persandian dan Keamanan Informasi, telepon (0260) 555 0101.")
    doc.para("Demikian permohonan ini kami sampaikan. Atas perhatian dan kerja sama "
             "Bapak/Ibu, kami ucapkan terima kasih.")
    sign_unit(doc, ind["owner"], date, place=False)
    return doc


def rencana(ind, title, date):
    """Plans, programmes, manuals, architecture and other reference documents."""
    doc = PdfDoc()
    letterhead(doc, ind["owner"])
    doc.gap(4)
    doc.para(title.upper(), 12, True, "center")
    doc.gap(8)
    manual = title.startswith("Manual Pengguna")
    sections = ([("1. Pendahuluan", "Manual ini menjelaskan cara menggunakan aplikasi "
                  "%s bagi pengguna di perangkat daerah." % (ind["app"] or ind["topic"])),
                 ("2. Akses Aplikasi", "Aplikasi diakses melalui %s menggunakan akun "
                  "yang diberikan oleh administrator." % (ind["url"] or D.SITE)),
                 ("3. Fitur Utama", "Fitur utama meliputi pencarian data, unggah dan "
                  "unduh dokumen, alur persetujuan berjenjang, notifikasi dan "
                  "laporan.")]
                if manual else
                [("1. Pendahuluan", "Dokumen ini disusun sebagai acuan %s di "
                  "lingkungan Pemerintah Kabupaten Sukamaju dan merupakan penjabaran "
                  "kebijakan SPBE daerah." % ind["topic"]),
                 ("2. Tujuan", "Menjadi pedoman bagi seluruh perangkat daerah dalam "
                  "merencanakan, melaksanakan, memantau dan mengevaluasi %s secara "
                  "terpadu." % ind["topic"]),
                 ("3. Ruang Lingkup", "Dokumen ini mencakup:")])
    for head, text in sections:
        doc.line(head, 11, True)
        doc.para(text)
    if not manual:
        for k, s in enumerate(_scope(ind)):
            doc.item("%s." % "abcdefgh"[k], s[0].upper() + s[1:] + ".")
    doc.line("4. Rencana Kegiatan" if not manual else "4. Langkah Penggunaan", 11, True)
    steps = (["Masuk ke aplikasi", "Pilih menu sesuai kebutuhan",
              "Isi formulir dan unggah dokumen", "Ajukan untuk verifikasi",
              "Pantau status dan notifikasi"] if manual else
             ["Penyusunan rancangan", "Pembahasan bersama perangkat daerah",
              "Penetapan dan sosialisasi", "Pelaksanaan", "Pemantauan dan evaluasi"])
    y = int(date[:4])
    rows = [[str(k + 1), s, "Triwulan %s %d" % ("I II III IV".split()[k % 4],
                                                y + (1 if k == 4 else 0)),
             ind["owner"]] for k, s in enumerate(steps)]
    doc.table(["No", "Kegiatan" if not manual else "Langkah", "Waktu", "Pelaksana"],
              rows, [30, 190, 100, 130])
    doc.line("5. Penutup", 11, True)
    doc.para("Dokumen ini ditinjau kembali paling sedikit satu kali dalam setahun "
             "dan disesuaikan dengan perubahan kebijakan SPBE nasional.")
    sign_unit(doc, ind["owner"], date)
    return doc


def pdf(ind, name, title, date):
    """The PDF for evidence file 'name' of indicator 'ind', as bytes."""
    if name.startswith("peraturan-bupati"):
        doc = peraturan(ind, title, date)
    elif name.startswith("keputusan"):
        doc = keputusan(ind, title, date)
    elif name.startswith("notulen"):
        doc = notulen(ind, title, date)
    elif name.startswith("laporan"):
        doc = laporan(ind, title, date)
    elif name.startswith("berita-acara"):
        doc = berita_acara(ind, title, date)
    elif name.startswith("surat"):
        doc = surat(ind, title, date)
    else:
        doc = rencana(ind, title, date)
    return doc.render(title, D.INSTANCE + " - " + ind["owner"], D.NAMES[ind["id"]],
                      date)
