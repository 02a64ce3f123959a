"""The example's institution and its 47 indicators: official names, folder
slugs, owners (OPD), levels per stage with explanations, links, and the
assessors' questions.  The evidence files are listed in evidence.py."""

INSTANCE = "Pemerintah Kabupaten Sukamaju"
KIND = "kabupaten"
FRAMEWORK = "spbe-2020"
YEAR = "2024"
PERIOD = ("2023-01-01", "2024-06-30")
TARGET = "2.80"
PREVIOUS = ("2023", "2.45")
COORDINATOR = ("Drs. Rahmat Hidayat, M.Si.",
               "Kepala Dinas Komunikasi dan Informatika",
               "Dinas Komunikasi dan Informatika")
BUPATI = "H. Ahmad Sudrajat, S.E., M.M."
SEKDA = "Dr. Ir. Budi Santoso, M.T."
SITE = "https://sukamaju.example.go.id"

ORG = "Bagian Organisasi Setda"
HUKUM = "Bagian Hukum Setda"
KOMINFO = "Dinas Komunikasi dan Informatika"
BAPPEDA = "Bappeda"
BPKAD = "BPKAD"
BKPSDM = "BKPSDM"
INSPEKTORAT = "Inspektorat Daerah"
ARSIP = "Dinas Perpustakaan dan Kearsipan"
DPMPTSP = "DPMPTSP"
DINKES = "Dinas Kesehatan"
DUKCAPIL = "Disdukcapil"

# Official names, PermenPANRB 59/2020 Lampiran I (Tabel 3-6).
_P = "Instansi Pusat/Pemerintah Daerah"
NAMES = {
    1: "Tingkat Kematangan Kebijakan Internal Arsitektur SPBE " + _P,
    2: "Tingkat Kematangan Kebijakan Internal Peta Rencana SPBE " + _P,
    3: "Tingkat Kematangan Kebijakan Internal Manajemen Data",
    4: "Tingkat Kematangan Kebijakan Internal Pembangunan Aplikasi SPBE",
    5: "Tingkat Kematangan Kebijakan Internal Layanan Pusat Data",
    6: "Tingkat Kematangan Kebijakan Internal Layanan Jaringan Intra " + _P,
    7: "Tingkat Kematangan Kebijakan Internal Penggunaan Sistem Penghubung "
       "Layanan " + _P,
    8: "Tingkat Kematangan Kebijakan Internal Manajemen Keamanan Informasi",
    9: "Tingkat Kematangan Kebijakan Internal Audit Teknologi Informasi dan "
       "Komunikasi",
    10: "Tingkat Kematangan Kebijakan Internal Tim Koordinasi SPBE " + _P,
    11: "Tingkat Kematangan Arsitektur SPBE " + _P,
    12: "Tingkat Kematangan Peta Rencana SPBE " + _P,
    13: "Tingkat Kematangan Keterpaduan Rencana dan Anggaran SPBE",
    14: "Tingkat Kematangan Inovasi Proses Bisnis SPBE",
    15: "Tingkat Kematangan Pembangunan Aplikasi SPBE",
    16: "Tingkat Kematangan Layanan Pusat Data",
    17: "Tingkat Kematangan Layanan Jaringan Intra " + _P,
    18: "Tingkat Kematangan Penggunaan Sistem Penghubung Layanan " + _P,
    19: "Tingkat Kematangan Pelaksanaan Tim Koordinasi SPBE " + _P,
    20: "Tingkat Kematangan Kolaborasi Penerapan SPBE",
    21: "Tingkat Kematangan Penerapan Manajemen Risiko SPBE",
    22: "Tingkat Kematangan Penerapan Manajemen Keamanan Informasi",
    23: "Tingkat Kematangan Penerapan Manajemen Data",
    24: "Tingkat Kematangan Penerapan Manajemen Aset TIK",
    25: "Tingkat Kematangan Penerapan Kompetensi Sumber Daya Manusia",
    26: "Tingkat Kematangan Penerapan Manajemen Pengetahuan",
    27: "Tingkat Kematangan Penerapan Manajemen Perubahan",
    28: "Tingkat Kematangan Penerapan Manajemen Layanan SPBE",
    29: "Tingkat Kematangan Pelaksanaan Audit Infrastruktur SPBE",
    30: "Tingkat Kematangan Pelaksanaan Audit Aplikasi SPBE",
    31: "Tingkat Kematangan Pelaksanaan Audit Keamanan SPBE",
    32: "Tingkat Kematangan Layanan Perencanaan",
    33: "Tingkat Kematangan Layanan Penganggaran",
    34: "Tingkat Kematangan Layanan Keuangan",
    35: "Tingkat Kematangan Layanan Pengadaan Barang dan Jasa",
    36: "Tingkat Kematangan Layanan Kepegawaian",
    37: "Tingkat Kematangan Layanan Kearsipan Dinamis",
    38: "Tingkat Kematangan Layanan Pengelolaan Barang Milik Negara/Daerah",
    39: "Tingkat Kematangan Layanan Pengawasan Internal Pemerintah",
    40: "Tingkat Kematangan Layanan Akuntabilitas Kinerja Organisasi",
    41: "Tingkat Kematangan Layanan Kinerja Pegawai",
    42: "Tingkat Kematangan Layanan Pengaduan Pelayanan Publik",
    43: "Tingkat Kematangan Layanan Data Terbuka",
    44: "Tingkat Kematangan Jaringan Dokumentasi dan Informasi Hukum (JDIH)",
    45: "Tingkat Kematangan Layanan Publik Sektor 1",
    46: "Tingkat Kematangan Layanan Publik Sektor 2",
    47: "Tingkat Kematangan Layanan Publik Sektor 3",
}


def weight(i):
    """Indicator weight in percent (PermenPANRB 59/2020, Tabel 9)."""
    if i <= 10:
        return 1.30
    if i <= 20:
        return 2.50
    if i <= 31:
        return 1.50
    if i <= 41:
        return 2.75
    return 3.00


INDICATORS = {}


def _ind(i, slug, owner, topic, app=None, path=None, **kw):
    """Register indicator 'i'.  Stages are given as m=, d=, iv=, v= with a
    (level, text) pair; qa= is a list of (stage, question, answer-or-None);
    links= a list of (level, text) or (level, text, (account, secret))."""
    stages = []
    for key, stage in (("m", "mandiri"), ("d", "dokumen"), ("iv", "interviu"),
                       ("v", "visitasi")):
        if key in kw:
            stages.append((stage,) + tuple(kw[key]))
    INDICATORS[i] = dict(id=i, slug=slug, folder="%02d-%s" % (i, slug),
                         owner=owner, topic=topic, app=app,
                         url=SITE + "/" + path if path else None,
                         stages=stages, qa=kw.get("qa", []),
                         links=kw.get("links", []))


# ---- Domain 1: Kebijakan Internal SPBE (1-10)

_ind(1, "kebijakan-arsitektur", KOMINFO, "Arsitektur SPBE",
     m=(3, "Arsitektur SPBE ditetapkan dengan Peraturan Bupati Nomor 31 Tahun "
           "2022 dan diubah dengan Peraturan Bupati Nomor 18 Tahun 2023 sehingga "
           "memuat seluruh domain arsitektur (proses bisnis, data dan informasi, "
           "infrastruktur, aplikasi, keamanan dan layanan SPBE)."),
     d=(3, "Cakupan seluruh domain arsitektur terverifikasi pada Perbup 18/2023."))
_ind(2, "kebijakan-peta-rencana", BAPPEDA, "Peta Rencana SPBE",
     m=(3, "Peta Rencana SPBE 2023-2026 ditetapkan dengan Peraturan Bupati Nomor "
           "19 Tahun 2023 dan memuat seluruh muatan peta rencana sebagaimana "
           "ditunjukkan pada matriks cakupan."),
     d=(3, ""))
_ind(3, "kebijakan-manajemen-data", KOMINFO, "Manajemen Data",
     m=(3, "Peraturan Bupati Nomor 7 Tahun 2024 tentang Satu Data Kabupaten "
           "Sukamaju mengatur arsitektur data, data induk, data referensi, basis "
           "data, kualitas data dan interoperabilitas data."),
     d=(2, "Ketentuan interoperabilitas data belum diatur secara rinci; tingkat 3 "
           "belum terpenuhi."),
     qa=[("dokumen", "Mohon tunjukkan pasal yang mengatur kualitas data dan "
                     "interoperabilitas data dalam Perbup 7/2024.",
          "Kualitas data dan interoperabilitas data disebut dalam Pasal 2 huruf e "
          "dan huruf f; ketentuan rincinya akan diatur dalam perubahan Perbup "
          "pada Semester II 2024.")])
_ind(4, "kebijakan-pembangunan-aplikasi", KOMINFO, "Pembangunan Aplikasi SPBE",
     m=(3, "Tata kelola pembangunan aplikasi diatur dalam Peraturan Bupati Nomor "
           "22 Tahun 2023, termasuk kewajiban konsultasi seluruh perangkat daerah "
           "kepada Dinas Komunikasi dan Informatika sebelum membangun aplikasi."),
     d=(3, ""))
_ind(5, "kebijakan-pusat-data", KOMINFO, "Layanan Pusat Data",
     m=(3, "Peraturan Bupati Nomor 23 Tahun 2023 mewajibkan seluruh perangkat "
           "daerah menempatkan aplikasi dan data pada Pusat Data Daerah; "
           "pelaksanaannya dijabarkan dalam SOP pemanfaatan pusat data."))
_ind(6, "kebijakan-jaringan-intra", KOMINFO, "Layanan Jaringan Intra",
     m=(3, "Penggunaan jaringan intra oleh seluruh perangkat daerah diatur dalam "
           "Peraturan Bupati Nomor 24 Tahun 2023 dan Keputusan Kepala Dinas "
           "tentang standar teknis jaringan intra."),
     d=(3, ""))
_ind(7, "kebijakan-sistem-penghubung", KOMINFO, "Sistem Penghubung Layanan",
     m=(3, "Peraturan Bupati Nomor 25 Tahun 2023 mengatur penggunaan sistem "
           "penghubung layanan oleh seluruh perangkat daerah."),
     d=(2, "Perbup 25/2023 baru mewajibkan sebagian perangkat daerah; tingkat 2."))
_ind(8, "kebijakan-keamanan-informasi", KOMINFO, "Manajemen Keamanan Informasi",
     m=(3, "Kebijakan SMKI ditetapkan dengan Peraturan Bupati Nomor 26 Tahun 2023 "
           "dan dijabarkan dalam Manual SMKI yang memuat ruang lingkup, penanggung "
           "jawab, perencanaan, dukungan pengoperasian, evaluasi kinerja dan "
           "perbaikan berkelanjutan."),
     d=(3, ""))
_ind(9, "kebijakan-audit-tik", INSPEKTORAT, "Audit TIK",
     m=(2, "Pedoman audit TIK telah ditetapkan dengan Peraturan Bupati Nomor 27 "
           "Tahun 2023, namun baru mengatur audit aplikasi dan audit keamanan; "
           "audit infrastruktur belum diatur."))
_ind(10, "kebijakan-tim-koordinasi", ORG, "Tim Koordinasi SPBE",
     m=(4, "Tim Koordinasi SPBE dibentuk dengan Keputusan Bupati dan tata kerjanya "
           "diatur dalam Peraturan Bupati Nomor 11 Tahun 2023 untuk seluruh "
           "perangkat daerah. Kebijakan tersebut direviu setiap tahun; hasil reviu "
           "2023 terlampir."),
     d=(4, ""),
     iv=(4, "Asesor mengonfirmasi reviu tahunan kebijakan Tim Koordinasi."))

# ---- Domain 2: Tata Kelola SPBE (11-20)

_ind(11, "arsitektur-spbe", BAPPEDA, "Arsitektur SPBE",
     m=(3, "Dokumen Arsitektur SPBE 2023-2026 telah disusun dan memuat seluruh "
           "referensi dan domain arsitektur sesuai matriks referensi terlampir."),
     d=(3, ""),
     iv=(3, "Keselarasan dengan Arsitektur SPBE Nasional belum dapat ditunjukkan."),
     qa=[("interviu", "Apakah Arsitektur SPBE daerah sudah diselaraskan dengan "
                      "Arsitektur SPBE Nasional?",
          "Penyelarasan sedang dilakukan bersama Bappeda dan dijadwalkan selesai "
          "pada reviu arsitektur bulan Agustus 2024.")])
_ind(12, "peta-rencana-spbe", BAPPEDA, "Peta Rencana SPBE",
     m=(3, "Dokumen Peta Rencana SPBE 2023-2026 memuat seluruh muatan peta "
           "rencana dan telah dijabarkan dalam rencana kerja SPBE tahun 2024."),
     d=(3, ""))
_ind(13, "rencana-anggaran", BAPPEDA, "Keterpaduan Rencana dan Anggaran SPBE",
     m=(3, "Seluruh rencana belanja TIK perangkat daerah tahun 2024 telah "
           "dikonsultasikan kepada Dinas Komunikasi dan Informatika sebelum "
           "ditetapkan dalam DPA."),
     d=(2, "Notulen konsultasi hanya mencakup 14 dari 32 perangkat daerah."))
_ind(14, "inovasi-proses-bisnis", ORG, "Inovasi Proses Bisnis SPBE",
     m=(2, "Peta proses bisnis Pemerintah Kabupaten Sukamaju telah disusun sesuai "
           "standar; inovasi proses bisnis belum dilakukan."))
_ind(15, "pembangunan-aplikasi", KOMINFO, "Pembangunan Aplikasi SPBE",
     m=(3, "Pembangunan aplikasi mengikuti SOP siklus hidup pengembangan aplikasi "
           "dan setiap rencana pembangunan aplikasi dikonsultasikan kepada Dinas "
           "Komunikasi dan Informatika."),
     d=(3, ""))
_ind(16, "pusat-data", KOMINFO, "Layanan Pusat Data",
     m=(4, "Pusat Data Daerah digunakan oleh seluruh perangkat daerah dan telah "
           "terhubung dengan Pusat Data Nasional sesuai berita acara uji koneksi."))
_ind(17, "jaringan-intra", KOMINFO, "Layanan Jaringan Intra",
     m=(3, "Seluruh 32 perangkat daerah telah terhubung ke jaringan intra Pemerintah "
           "Kabupaten Sukamaju melalui fiber optik dan VPN."),
     d=(3, ""))
_ind(18, "sistem-penghubung", KOMINFO, "Sistem Penghubung Layanan", "API GATEWAY",
     "api-gateway",
     m=(3, "Sistem penghubung layanan digunakan untuk pertukaran data "
           "kependudukan, kepegawaian dan keuangan antar aplikasi."),
     d=(2, "Baru 9 perangkat daerah yang menggunakan sistem penghubung layanan."))
_ind(19, "tim-koordinasi", KOMINFO, "Pelaksanaan Tim Koordinasi SPBE",
     m=(4, "Tim Koordinasi SPBE melaksanakan seluruh program kerja 2023, hasilnya "
           "dikomunikasikan kepada seluruh perangkat daerah dan direviu dalam "
           "rapat pleno Februari 2024."),
     d=(3, "Bukti dukung komunikasi hasil kepada seluruh perangkat daerah perlu "
           "diklarifikasi."),
     iv=(4, "Klarifikasi diterima: notulen rapat pleno dan surat edaran hasil "
            "reviu ditunjukkan."))
_ind(20, "kolaborasi", ORG, "Kolaborasi Penerapan SPBE",
     m=(3, "Forum Kolaborasi SPBE dibentuk dengan Keputusan Bupati dan rutin "
           "bertemu setiap triwulan."),
     d=(2, "Forum belum melibatkan seluruh perangkat daerah; tingkat 2."))

# ---- Domain 3: Manajemen SPBE (21-31)

_ind(21, "manajemen-risiko", INSPEKTORAT, "Manajemen Risiko SPBE",
     m=(2, "Program manajemen risiko SPBE tahun 2024 telah direncanakan, namun "
           "pedoman internal turunan PermenPANRB 5/2020 belum ditetapkan."))
_ind(22, "keamanan-informasi", KOMINFO, "Manajemen Keamanan Informasi",
     m=(3, "Kontrol keamanan informasi diterapkan di seluruh perangkat daerah "
           "berdasarkan register risiko keamanan informasi."),
     d=(3, ""),
     iv=(3, ""))
_ind(23, "manajemen-data", KOMINFO, "Manajemen Data",
     m=(2, "Rencana aksi Satu Data 2024 telah disusun; pedoman manajemen data "
           "masih dalam penyusunan."))
_ind(24, "manajemen-aset-tik", KOMINFO, "Manajemen Aset TIK",
     m=(2, "Aset TIK telah diinventarisasi dan direncanakan pengelolaannya; "
           "pedoman manajemen aset TIK belum tersedia."))
_ind(25, "kompetensi-sdm", BKPSDM, "Kompetensi Sumber Daya Manusia",
     m=(2, "Pengembangan kompetensi SDM TIK dilaksanakan sesuai rencana "
           "pengembangan kompetensi 2023, tetapi belum mencakup seluruh "
           "kompetensi yang dipersyaratkan."))
_ind(26, "manajemen-pengetahuan", ARSIP, "Manajemen Pengetahuan",
     m=(2, "Manajemen pengetahuan telah direncanakan untuk tahun 2024 dan "
           "dikoordinasikan oleh Dinas Perpustakaan dan Kearsipan."))
_ind(27, "manajemen-perubahan", ORG, "Manajemen Perubahan")
_ind(28, "manajemen-layanan", KOMINFO, "Manajemen Layanan SPBE",
     m=(2, "Layanan helpdesk TIK berjalan sesuai SOP untuk proses pelayanan "
           "pengguna; proses pengoperasian layanan belum terdokumentasi."))
_ind(29, "audit-infrastruktur", KOMINFO, "Audit Infrastruktur SPBE",
     m=(2, "Audit infrastruktur SPBE direncanakan dalam rencana audit 2024; "
           "pedoman audit infrastruktur belum tersedia."))
_ind(30, "audit-aplikasi", KOMINFO, "Audit Aplikasi SPBE",
     m=(2, "Audit aplikasi SPBE direncanakan berkelanjutan mulai 2024."))
_ind(31, "audit-keamanan", KOMINFO, "Audit Keamanan SPBE",
     m=(1, "Audit keamanan SPBE belum dilaksanakan; permohonan asistensi telah "
           "disampaikan kepada BSSN."))

# ---- Domain 4: Layanan SPBE (32-47)

# the demo account the assessors sign in with: account= and secret= of
# the link, so that the password is printed only on request
DEMO = ("asesor.spbe", "Sukamaju#2024")

# the visit plan (visitasi): OPD, date, time, place, person in charge
VISITS = [
    (KOMINFO, "2024-08-12", "09.00-11.30", "Ruang Command Center, Dinas Kominfo",
     "Andi Pratama, S.Kom., Kepala Bidang Aplikasi Informatika"),
    (BAPPEDA, "2024-08-12", "13.00-14.30", "Ruang Rapat Bappeda",
     "Sri Wahyuni, S.E., M.Si., Sekretaris Bappeda"),
    (BPKAD, "2024-08-13", "09.00-10.30", "Ruang Rapat BPKAD",
     "Hendra Gunawan, S.E., Kepala Bidang Perbendaharaan"),
    (ORG, "2024-08-13", "13.00-14.00", "Ruang Rapat Sekretariat Daerah",
     "Dewi Lestari, S.Sos., Kepala Bagian Organisasi"),
]

_ind(32, "perencanaan", BAPPEDA, "Layanan Perencanaan", "E-PLANNING", "e-planning",
     m=(3, "Aplikasi e-Planning Sukamaju digunakan seluruh perangkat daerah untuk "
           "menyusun Renja dengan alur verifikasi berjenjang, validasi pagu dan "
           "notifikasi otomatis."),
     d=(3, ""),
     links=[(3, "Aplikasi e-Planning Sukamaju", DEMO)])
_ind(33, "penganggaran", BPKAD, "Layanan Penganggaran", "E-BUDGETING", "e-budgeting",
     m=(3, "Penyusunan RKA dan DPA dilakukan melalui aplikasi e-Budgeting dengan "
           "persetujuan elektronik dan validasi pagu otomatis."),
     d=(3, ""))
_ind(34, "keuangan", BPKAD, "Layanan Keuangan", "E-KEUANGAN", "e-keuangan",
     m=(4, "Aplikasi e-Keuangan terintegrasi dengan e-Budgeting dan layanan "
           "perbankan daerah untuk penerbitan SP2D secara elektronik."),
     d=(3, "Integrasi dengan e-Budgeting perlu ditunjukkan pada interviu."),
     iv=(4, "Integrasi e-Keuangan dengan e-Budgeting dan bank daerah ditunjukkan "
            "secara langsung."),
     links=[(4, "Aplikasi e-Keuangan (SP2D elektronik)", DEMO)])
_ind(35, "pengadaan", KOMINFO, "Layanan Pengadaan Barang dan Jasa", "LPSE SUKAMAJU",
     "lpse",
     m=(4, "Layanan pengadaan menggunakan SPSE yang dikelola LPSE Kabupaten "
           "Sukamaju dan terintegrasi dengan SiRUP dan e-Katalog."),
     d=(4, ""),
     v=(4, "Visitasi ke LPSE: integrasi SPSE, SiRUP dan e-Katalog tervalidasi."),
     links=[(3, "Portal LPSE Kabupaten Sukamaju", DEMO)])
_ind(36, "kepegawaian", BKPSDM, "Layanan Kepegawaian", "SIMPEG", "simpeg",
     m=(3, "Usulan kenaikan pangkat, cuti dan mutasi diproses secara elektronik "
           "melalui SIMPEG dengan alur persetujuan berjenjang."),
     d=(3, ""),
     iv=(3, ""),
     qa=[("interviu", "Apakah SIMPEG sudah bertukar data dengan SIASN BKN?",
          "Sinkronisasi data dengan SIASN masih dilakukan manual setiap bulan; "
          "integrasi API direncanakan tahun 2025.")],
     links=[(3, "SIMPEG Kabupaten Sukamaju", DEMO)])
_ind(37, "kearsipan", ARSIP, "Layanan Kearsipan Dinamis", "SRIKANDI", "srikandi",
     m=(2, "Naskah dinas masuk dan keluar dicatat dan dapat diunduh melalui "
           "aplikasi SRIKANDI; alur disposisi elektronik belum digunakan semua "
           "perangkat daerah."))
_ind(38, "barang-milik-daerah", BPKAD, "Layanan Pengelolaan Barang Milik Daerah",
     "SIMBADA", "simbada",
     m=(3, "Pengelolaan barang milik daerah dilakukan melalui SIMBADA mulai dari "
           "perencanaan kebutuhan hingga penghapusan dengan persetujuan "
           "elektronik."),
     d=(3, ""))
_ind(39, "pengawasan-internal", INSPEKTORAT, "Layanan Pengawasan Internal",
     "E-AUDIT", "e-audit",
     m=(2, "Laporan hasil pemeriksaan dan tindak lanjutnya dapat diunggah dan "
           "dicari melalui aplikasi e-Audit."))
_ind(40, "akuntabilitas-kinerja", ORG, "Layanan Akuntabilitas Kinerja", "E-SAKIP",
     "e-sakip",
     m=(3, "Perjanjian kinerja, pengukuran kinerja dan LKjIP disusun melalui "
           "e-SAKIP dengan verifikasi elektronik."),
     d=(3, ""))
_ind(41, "kinerja-pegawai", BKPSDM, "Layanan Kinerja Pegawai", "E-KINERJA",
     "e-kinerja",
     m=(3, "Penilaian kinerja pegawai dilakukan melalui e-Kinerja dengan "
           "persetujuan atasan secara elektronik."),
     d=(3, ""))
_ind(42, "pengaduan-publik", KOMINFO, "Layanan Pengaduan Pelayanan Publik",
     "SUKAMAJU LAPOR", "pengaduan",
     m=(4, "Pengaduan masyarakat dikelola melalui Sukamaju Lapor yang terhubung "
           "dengan SP4N-LAPOR! sehingga disposisi dan tindak lanjut tercatat "
           "otomatis."),
     d=(3, "Keterhubungan dengan SP4N-LAPOR! belum terlihat pada tangkapan layar."),
     iv=(3, ""),
     v=(3, "Integrasi dengan SP4N-LAPOR! masih berupa ekspor manual; tingkat 3."),
     qa=[("visitasi", "Tunjukkan alur tindak lanjut pengaduan dari SP4N-LAPOR! "
                      "sampai ke perangkat daerah.",
          "Admin Dinas Komunikasi dan Informatika menunjukkan alur disposisi; "
          "pengaduan dari SP4N-LAPOR! masih diimpor secara manual setiap hari.")],
     links=[(3, "Sukamaju Lapor (pengaduan masyarakat)", DEMO)])
_ind(43, "data-terbuka", KOMINFO, "Layanan Data Terbuka", "SATU DATA", "data",
     m=(3, "Portal Satu Data Sukamaju menyediakan dataset yang dapat diunduh dan "
           "API untuk pertukaran data secara otomatis."),
     d=(3, ""),
     links=[(3, "Portal Satu Data Sukamaju (API publik tanpa akun)")])
_ind(44, "jdih", HUKUM, "Jaringan Dokumentasi dan Informasi Hukum", "JDIH", "jdih",
     m=(4, "JDIH Kabupaten Sukamaju menyediakan pencarian dan unduhan produk "
           "hukum daerah dan terintegrasi dengan JDIH Nasional."),
     d=(4, ""),
     iv=(4, ""),
     v=(4, "Integrasi dengan JDIHN tervalidasi pada saat visitasi."),
     links=[(4, "JDIH Kabupaten Sukamaju", DEMO)])
_ind(45, "layanan-perizinan", DPMPTSP, "Layanan Perizinan Berusaha",
     "SIMPATIK", "perizinan",
     m=(3, "Sektor 1 adalah layanan perizinan: permohonan, verifikasi, pembayaran "
           "retribusi dan penerbitan izin dilakukan secara elektronik melalui "
           "SIMPATIK."),
     d=(3, ""),
     iv=(3, ""),
     qa=[("interviu", "Mohon tunjukkan keterhubungan SIMPATIK dengan Mal "
                      "Pelayanan Publik digital.", None)],
     links=[(3, "SIMPATIK (perizinan daerah)", DEMO)])
_ind(46, "layanan-kesehatan", DINKES, "Layanan Kesehatan", "SEHAT SUKAMAJU",
     "sehat",
     m=(3, "Sektor 2 adalah layanan kesehatan: pendaftaran puskesmas, antrean dan "
           "rujukan dilakukan secara elektronik melalui Sehat Sukamaju."),
     d=(3, ""))
_ind(47, "layanan-kependudukan", DUKCAPIL, "Layanan Administrasi Kependudukan",
     "DUKCAPIL ONLINE", "dukcapil",
     m=(3, "Sektor 3 adalah layanan administrasi kependudukan: permohonan akta "
           "dan KK dapat diajukan dan dilacak secara daring."),
     d=(2, "Dokumen hasil layanan belum diterbitkan secara elektronik; tingkat 2."),
     links=[(2, "Dukcapil Online Sukamaju", DEMO)])
