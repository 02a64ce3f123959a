"""Tabular content of the example's spreadsheets (XLSX), CSV files and SOPs
(DOCX), keyed by file name.  All names and figures are fictional."""

KECAMATAN = ["Sukamaju", "Cibodas", "Warungkiara", "Sindangsari", "Cikadu",
             "Mekarwangi", "Sukaresmi", "Cijambu", "Pasirjaya", "Girimukti",
             "Karangsari", "Tanjungjaya", "Sumberjaya", "Margaluyu", "Bojongsari"]

OPD = ["Sekretariat Daerah", "Bappeda", "BPKAD", "BKPSDM", "Inspektorat Daerah",
       "Dinas Komunikasi dan Informatika", "Dinas Kesehatan", "Dinas Pendidikan",
       "Dinas PUPR", "Disdukcapil", "DPMPTSP", "Dinas Perpustakaan dan Kearsipan",
       "Dinas Sosial", "Dinas Perhubungan"]


def _n(seed, k, lo, hi):
    """A deterministic pseudo-random integer in [lo, hi]."""
    return lo + (seed * 7919 + k * 104729 + k * k * 31) % (hi - lo + 1)


SHEETS = {
    "matriks-cakupan-peta-rencana.xlsx": ("Cakupan", [10, 34, 46, 12, 30, 12], [
        ["No", "Muatan Peta Rencana", "Program Utama", "Tahun", "Penanggung Jawab",
         "Status"],
        [1, "Tata Kelola SPBE", "Penguatan Tim Koordinasi dan kebijakan internal",
         "2023-2024", "Bagian Organisasi Setda", "Tercakup"],
        [2, "Manajemen SPBE", "Penerapan manajemen risiko, data dan aset TIK",
         "2024-2025", "Dinas Komunikasi dan Informatika", "Tercakup"],
        [3, "Layanan SPBE", "Integrasi layanan administrasi dan publik",
         "2023-2026", "Dinas Komunikasi dan Informatika", "Tercakup"],
        [4, "Infrastruktur SPBE", "Pusat data, jaringan intra, sistem penghubung",
         "2023-2025", "Dinas Komunikasi dan Informatika", "Tercakup"],
        [5, "Aplikasi SPBE", "Konsolidasi aplikasi umum dan khusus", "2024-2026",
         "Dinas Komunikasi dan Informatika", "Tercakup"],
        [6, "Keamanan SPBE", "Penerapan SMKI dan CSIRT daerah", "2023-2026",
         "Dinas Komunikasi dan Informatika", "Tercakup"],
        [7, "Audit TIK", "Audit infrastruktur, aplikasi dan keamanan", "2025-2026",
         "Inspektorat Daerah", "Tercakup"],
    ]),
    "matriks-referensi-arsitektur.xlsx": ("Referensi", [6, 30, 44, 14, 12], [
        ["No", "Domain Arsitektur", "Referensi Arsitektur", "Jumlah Elemen",
         "Status"],
        [1, "Proses Bisnis", "Referensi Arsitektur Proses Bisnis", 48, "Lengkap"],
        [2, "Data dan Informasi", "Referensi Arsitektur Data dan Informasi", 126,
         "Lengkap"],
        [3, "Layanan SPBE", "Referensi Arsitektur Layanan", 37, "Lengkap"],
        [4, "Aplikasi SPBE", "Referensi Arsitektur Aplikasi", 64, "Lengkap"],
        [5, "Infrastruktur SPBE", "Referensi Arsitektur Infrastruktur", 29,
         "Lengkap"],
        [6, "Keamanan SPBE", "Referensi Arsitektur Keamanan", 18, "Lengkap"],
    ]),
    "rencana-kerja-spbe-2024.xlsx": ("Rencana 2024", [6, 46, 24, 16, 30, 14], [
        ["No", "Program/Kegiatan", "Muatan Peta Rencana", "Pagu (Rp)",
         "Perangkat Daerah", "Target"],
        [1, "Reviu Arsitektur SPBE", "Tata Kelola SPBE", 150000000, "Bappeda",
         "Agustus 2024"],
        [2, "Penyusunan pedoman manajemen risiko SPBE", "Manajemen SPBE", 85000000,
         "Inspektorat Daerah", "Juni 2024"],
        [3, "Integrasi SP4N-LAPOR! dengan Sukamaju Lapor", "Layanan SPBE",
         120000000, "Dinas Komunikasi dan Informatika", "Oktober 2024"],
        [4, "Perluasan jaringan fiber optik kecamatan", "Infrastruktur SPBE",
         780000000, "Dinas Komunikasi dan Informatika", "Desember 2024"],
        [5, "Konsolidasi aplikasi perangkat daerah", "Aplikasi SPBE", 210000000,
         "Dinas Komunikasi dan Informatika", "November 2024"],
        [6, "Penilaian kepatuhan SMKI", "Keamanan SPBE", 95000000,
         "Dinas Komunikasi dan Informatika", "September 2024"],
    ]),
    "rekap-belanja-tik-dpa-2024.xlsx": ("Belanja TIK", [6, 34, 16, 20, 24],
        [["No", "Perangkat Daerah", "Kegiatan TIK", "Pagu Belanja TIK (Rp)",
          "Dikonsultasikan ke Diskominfo"]]
        + [[k + 1, o, _n(13, k, 1, 9), _n(13, k, 12, 480) * 1000000,
            "Ya" if k < 8 else "Belum"] for k, o in enumerate(OPD)]),
    "daftar-api-sistem-penghubung.xlsx": ("API", [6, 34, 30, 30, 10, 12], [
        ["No", "Nama API", "Penyedia", "Pengguna", "Metode", "Status"],
        [1, "Data kependudukan (NIK)", "Disdukcapil", "DPMPTSP, Dinas Sosial", "GET",
         "Aktif"],
        [2, "Data pegawai", "BKPSDM", "BPKAD, Inspektorat Daerah", "GET", "Aktif"],
        [3, "Status SP2D", "BPKAD", "Seluruh perangkat daerah", "GET", "Aktif"],
        [4, "Pagu anggaran", "BPKAD", "Bappeda", "GET", "Aktif"],
        [5, "Produk hukum daerah", "Bagian Hukum Setda", "Portal Satu Data", "GET",
         "Aktif"],
        [6, "Registrasi pengaduan", "Dinas Komunikasi dan Informatika",
         "Perangkat daerah", "POST", "Uji coba"],
    ]),
    "register-risiko-keamanan-informasi.xlsx": ("Register", [6, 28, 40, 12, 10, 12,
                                                             40], [
        ["No", "Aset Informasi", "Risiko", "Kemungkinan", "Dampak", "Level",
         "Kontrol"],
        [1, "Server aplikasi pusat data", "Serangan ransomware", 3, 5, "Tinggi",
         "Pencadangan harian terpisah dan patch bulanan"],
        [2, "Basis data kepegawaian", "Kebocoran data pribadi", 2, 5, "Tinggi",
         "Enkripsi basis data dan pembatasan akses"],
        [3, "Portal layanan publik", "Deface situs", 3, 3, "Sedang",
         "WAF dan pemantauan integritas berkas"],
        [4, "Jaringan intra", "Gangguan koneksi", 3, 3, "Sedang",
         "Jalur cadangan VPN"],
        [5, "Akun pengguna aplikasi", "Pencurian kata sandi", 4, 3, "Tinggi",
         "Otentikasi dua faktor untuk admin"],
    ]),
    "daftar-aset-tik-2023.xlsx": ("Aset TIK", [6, 18, 34, 16, 30, 10, 14, 12],
        [["No", "Kode Barang", "Nama Aset", "Jenis", "Lokasi", "Jumlah",
          "Tahun Perolehan", "Kondisi"]]
        + [[k + 1, "1.3.2.10.%02d.%03d" % (k % 7 + 1, k + 1), name, kind, loc,
            _n(24, k, 1, 40), 2017 + k % 7, "Baik" if k % 5 else "Kurang baik"]
           for k, (name, kind, loc) in enumerate([
               ("Server rak 2U", "Perangkat keras", "Pusat Data Diskominfo"),
               ("Storage SAN 48 TB", "Perangkat keras", "Pusat Data Diskominfo"),
               ("Switch inti 48 port", "Jaringan", "Pusat Data Diskominfo"),
               ("Firewall generasi baru", "Keamanan", "Pusat Data Diskominfo"),
               ("Access point", "Jaringan", "Seluruh perangkat daerah"),
               ("Komputer desktop", "Perangkat keras", "Seluruh perangkat daerah"),
               ("Laptop", "Perangkat keras", "Seluruh perangkat daerah"),
               ("UPS 10 kVA", "Pendukung", "Pusat Data Diskominfo"),
               ("Lisensi sistem operasi server", "Perangkat lunak",
                "Pusat Data Diskominfo"),
               ("Lisensi antivirus", "Perangkat lunak", "Seluruh perangkat daerah"),
               ("Router kecamatan", "Jaringan", "15 kecamatan"),
               ("Videotron command center", "Perangkat keras", "Command Center")])]),
}

CSVS = {
    "daftar-data-induk-dan-referensi.csv": [
        ["kode", "nama_data", "jenis", "walidata", "produsen_data", "periode"],
        ["DI-01", "Data kependudukan", "data induk", "Diskominfo", "Disdukcapil",
         "semesteran"],
        ["DI-02", "Data pegawai ASN", "data induk", "Diskominfo", "BKPSDM",
         "bulanan"],
        ["DI-03", "Data barang milik daerah", "data induk", "Diskominfo", "BPKAD",
         "tahunan"],
        ["DI-04", "Data perizinan", "data induk", "Diskominfo", "DPMPTSP", "bulanan"],
        ["DR-01", "Kode wilayah kecamatan dan desa", "data referensi", "Diskominfo",
         "Bagian Pemerintahan Setda", "tahunan"],
        ["DR-02", "Kode perangkat daerah", "data referensi", "Diskominfo",
         "Bagian Organisasi Setda", "tahunan"],
        ["DR-03", "Klasifikasi urusan pemerintahan", "data referensi", "Diskominfo",
         "Bappeda", "tahunan"],
    ],
    "daftar-pengguna-pusat-data.csv": (
        [["no", "perangkat_daerah", "layanan", "jumlah_vm", "mulai_digunakan"]]
        + [[k + 1, o, "colocation" if k % 4 == 3 else "virtual machine",
            _n(16, k, 1, 8), "2023-%02d" % (1 + k % 9)] for k, o in enumerate(OPD)]),
    "rekap-pelatihan-sdm-tik-2023.csv": [
        ["no", "nama_pelatihan", "penyelenggara", "peserta", "kompetensi",
         "sertifikat"],
        [1, "Arsitektur SPBE", "Kementerian PANRB", 4, "arsitektur", "ya"],
        [2, "Pengelolaan keamanan informasi", "BSSN", 6, "keamanan", "ya"],
        [3, "Analisis data dan visualisasi", "BPS Kabupaten Sukamaju", 12,
         "data dan informasi", "tidak"],
        [4, "Pengembangan aplikasi web", "Diskominfo", 15, "aplikasi", "tidak"],
        [5, "Administrasi jaringan", "Diskominfo", 10, "infrastruktur", "tidak"],
        [6, "Pemetaan proses bisnis", "Bagian Organisasi Setda", 20, "proses bisnis",
         "tidak"],
    ],
    "dataset-penduduk-per-kecamatan-2023.csv": (
        [["kode_kecamatan", "nama_kecamatan", "laki_laki", "perempuan", "jumlah"]]
        + [["32.99.%02d" % (k + 1), name, _n(43, k, 14000, 39000),
            _n(44, k, 14000, 39000), 0] for k, name in enumerate(KECAMATAN)]),
}
for _row in CSVS["dataset-penduduk-per-kecamatan-2023.csv"][1:]:
    _row[4] = _row[2] + _row[3]

# SOPs: file -> (number, unit, legal basis, steps as (activity, who, time))
SOPS = {
    "sop-pemanfaatan-pusat-data.docx": (
        "SOP/DISKOMINFO/PD/01/2023",
        ["Peraturan Bupati Sukamaju Nomor 23 Tahun 2023 tentang Penyelenggaraan "
         "Pusat Data Daerah"],
        [("Perangkat daerah mengajukan permohonan layanan pusat data melalui "
          "helpdesk", "Perangkat daerah", "1 hari"),
         ("Verifikasi kebutuhan sumber daya (vCPU, memori, penyimpanan)",
          "Bidang Infrastruktur", "2 hari"),
         ("Penyiapan mesin virtual dan konfigurasi keamanan", "Administrator "
          "pusat data", "2 hari"),
         ("Serah terima akses dan dokumentasi", "Bidang Infrastruktur", "1 hari"),
         ("Pemantauan dan pencadangan berkala", "Administrator pusat data",
          "berkelanjutan")]),
    "sop-siklus-pengembangan-aplikasi.docx": (
        "SOP/DISKOMINFO/APL/02/2023",
        ["Peraturan Bupati Sukamaju Nomor 22 Tahun 2023 tentang Tata Kelola "
         "Pembangunan dan Pengembangan Aplikasi SPBE"],
        [("Pengajuan rencana pembangunan aplikasi dan analisis kebutuhan",
          "Perangkat daerah", "5 hari"),
         ("Konsultasi dan rekomendasi teknis", "Bidang Aplikasi Informatika",
          "5 hari"),
         ("Perancangan dan pembangunan", "Tim pengembang", "sesuai rencana"),
         ("Pengujian fungsional dan keamanan", "Bidang Persandian", "10 hari"),
         ("Implementasi di pusat data dan serah terima", "Bidang Aplikasi "
          "Informatika", "3 hari"),
         ("Evaluasi pascaimplementasi", "Perangkat daerah dan Diskominfo",
          "3 bulan")]),
    "sop-layanan-helpdesk-tik.docx": (
        "SOP/DISKOMINFO/HD/03/2023",
        ["Peraturan Bupati Sukamaju Nomor 22 Tahun 2023",
         "Keputusan Kepala Dinas tentang Katalog Layanan TIK"],
        [("Pengguna menyampaikan permintaan atau gangguan melalui aplikasi "
          "helpdesk", "Pengguna", "-"),
         ("Pencatatan tiket dan penentuan prioritas", "Petugas helpdesk",
          "15 menit"),
         ("Penanganan tingkat 1", "Petugas helpdesk", "4 jam"),
         ("Eskalasi ke tim teknis bila belum selesai", "Tim teknis", "1 hari"),
         ("Konfirmasi penyelesaian dan survei kepuasan", "Petugas helpdesk",
          "1 hari")]),
    "sop-pelayanan-perizinan-elektronik.docx": (
        "SOP/DPMPTSP/PRZ/07/2023",
        ["Peraturan Daerah Kabupaten Sukamaju tentang Penyelenggaraan Perizinan",
         "Peraturan Bupati Sukamaju tentang Pendelegasian Kewenangan Perizinan"],
        [("Pemohon mengisi formulir dan mengunggah persyaratan di SIMPATIK",
          "Pemohon", "-"),
         ("Verifikasi kelengkapan berkas", "Petugas front office", "1 hari"),
         ("Pemeriksaan teknis oleh perangkat daerah teknis", "Tim teknis", "3 hari"),
         ("Penerbitan kode bayar dan pembayaran retribusi", "Sistem/pemohon",
          "1 hari"),
         ("Penandatanganan elektronik dan penerbitan izin", "Kepala DPMPTSP",
          "1 hari"),
         ("Notifikasi dan unduh izin oleh pemohon", "Sistem", "otomatis")]),
}
