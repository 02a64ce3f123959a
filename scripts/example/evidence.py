"""The example's evidence, per indicator: (file, level, date, title).
'file' is relative to the indicator's folder, or 'NN-slug/name' for a file
that lives in another indicator's folder (shared).  level None leaves the
level attribute out.  The kind of file follows from its extension; the
content is made by docs.py."""

SK_TIM = "10-kebijakan-tim-koordinasi/keputusan-bupati-45-2023-tim-koordinasi-spbe.pdf"

EVIDENCE = {
    1: [
        ("peraturan-bupati-31-2022-arsitektur-spbe.pdf", 2, "2022-08-15",
         "Peraturan Bupati Sukamaju Nomor 31 Tahun 2022 tentang Arsitektur SPBE"),
        ("peraturan-bupati-18-2023-perubahan-arsitektur-spbe.pdf", 3, "2023-05-22",
         "Peraturan Bupati Sukamaju Nomor 18 Tahun 2023 tentang Perubahan atas "
         "Peraturan Bupati Nomor 31 Tahun 2022 tentang Arsitektur SPBE"),
    ],
    2: [
        ("peraturan-bupati-19-2023-peta-rencana-spbe.pdf", 2, "2023-05-22",
         "Peraturan Bupati Sukamaju Nomor 19 Tahun 2023 tentang Peta Rencana SPBE "
         "Tahun 2023-2026"),
        ("matriks-cakupan-peta-rencana.xlsx", 3, "2023-06-05",
         "Matriks Cakupan Muatan Peta Rencana SPBE 2023-2026"),
    ],
    3: [
        ("peraturan-bupati-7-2024-satu-data.pdf", 2, "2024-02-12",
         "Peraturan Bupati Sukamaju Nomor 7 Tahun 2024 tentang Penyelenggaraan "
         "Satu Data Kabupaten Sukamaju"),
        ("daftar-data-induk-dan-referensi.csv", 3, "2024-03-04",
         "Daftar Data Induk dan Data Referensi Kabupaten Sukamaju"),
    ],
    4: [
        ("peraturan-bupati-22-2023-pembangunan-aplikasi.pdf", 2, "2023-07-03",
         "Peraturan Bupati Sukamaju Nomor 22 Tahun 2023 tentang Tata Kelola "
         "Pembangunan dan Pengembangan Aplikasi SPBE"),
        ("keputusan-bupati-88-2023-standar-konsultasi-aplikasi.pdf", 3, "2023-09-11",
         "Keputusan Bupati Sukamaju Nomor 88 Tahun 2023 tentang Standar Konsultasi "
         "Pembangunan Aplikasi kepada Dinas Komunikasi dan Informatika"),
    ],
    5: [
        ("peraturan-bupati-23-2023-pusat-data.pdf", 2, "2023-07-03",
         "Peraturan Bupati Sukamaju Nomor 23 Tahun 2023 tentang Penyelenggaraan "
         "Pusat Data Daerah"),
        ("sop-pemanfaatan-pusat-data.docx", 3, "2023-08-14",
         "SOP Pemanfaatan Layanan Pusat Data oleh Seluruh Perangkat Daerah"),
    ],
    6: [
        ("peraturan-bupati-24-2023-jaringan-intra.pdf", 2, "2023-07-03",
         "Peraturan Bupati Sukamaju Nomor 24 Tahun 2023 tentang Jaringan Intra "
         "Pemerintah Kabupaten Sukamaju"),
        ("keputusan-kepala-dinas-standar-jaringan-intra.pdf", 3, "2023-10-02",
         "Keputusan Kepala Dinas Komunikasi dan Informatika Nomor 500.12/210/2023 "
         "tentang Standar Teknis Jaringan Intra"),
    ],
    7: [
        ("peraturan-bupati-25-2023-sistem-penghubung-layanan.pdf", 2, "2023-07-03",
         "Peraturan Bupati Sukamaju Nomor 25 Tahun 2023 tentang Penggunaan Sistem "
         "Penghubung Layanan"),
        ("notulen-sosialisasi-sistem-penghubung.pdf", 3, "2023-11-20",
         "Notulen Sosialisasi Penggunaan Sistem Penghubung Layanan kepada "
         "Perangkat Daerah"),
    ],
    8: [
        ("peraturan-bupati-26-2023-smki.pdf", 2, "2023-08-21",
         "Peraturan Bupati Sukamaju Nomor 26 Tahun 2023 tentang Sistem Manajemen "
         "Keamanan Informasi"),
        ("manual-smki-kabupaten-sukamaju.pdf", 3, "2023-09-25",
         "Manual Sistem Manajemen Keamanan Informasi (SMKI) Kabupaten Sukamaju"),
    ],
    9: [
        ("peraturan-bupati-27-2023-pedoman-audit-tik.pdf", 2, "2023-08-21",
         "Peraturan Bupati Sukamaju Nomor 27 Tahun 2023 tentang Pedoman Audit "
         "Teknologi Informasi dan Komunikasi"),
    ],
    10: [
        ("keputusan-bupati-45-2023-tim-koordinasi-spbe.pdf", 2, "2023-02-06",
         "Keputusan Bupati Sukamaju Nomor 45 Tahun 2023 tentang Tim Koordinasi "
         "SPBE Kabupaten Sukamaju"),
        ("peraturan-bupati-11-2023-tata-kerja-tim-koordinasi.pdf", 3, "2023-03-13",
         "Peraturan Bupati Sukamaju Nomor 11 Tahun 2023 tentang Tata Kerja Tim "
         "Koordinasi SPBE"),
        ("laporan-reviu-tahunan-é.pdf", 4, "2024-01-29",
         "Laporan Reviu Tahunan Kebijakan Tim Koordinasi SPBE Tahun 2023"),
    ],
    11: [
        ("dokumen-arsitektur-spbe-2023-2026.pdf", 2, "2023-05-22",
         "Dokumen Arsitektur SPBE Kabupaten Sukamaju Tahun 2023-2026"),
        ("matriks-referensi-arsitektur.xlsx", 3, "2023-06-19",
         "Matriks Referensi dan Domain Arsitektur SPBE"),
    ],
    12: [
        ("dokumen-peta-rencana-spbe-2023-2026.pdf", 2, "2023-06-05",
         "Dokumen Peta Rencana SPBE Kabupaten Sukamaju Tahun 2023-2026"),
        ("rencana-kerja-spbe-2024.xlsx", 3, "2024-01-15",
         "Rencana Kerja Program SPBE Tahun 2024 sesuai Peta Rencana"),
    ],
    13: [
        ("rekap-belanja-tik-dpa-2024.xlsx", 2, "2024-01-22",
         "Rekapitulasi Belanja TIK dalam DPA Perangkat Daerah Tahun 2024"),
        ("notulen-konsultasi-rencana-belanja-tik.pdf", 3, "2023-09-18",
         "Notulen Konsultasi Rencana Belanja TIK Perangkat Daerah Tahun 2024"),
    ],
    14: [
        ("peta-proses-bisnis-pemkab-sukamaju.pdf", 2, "2023-10-16",
         "Peta Proses Bisnis Pemerintah Kabupaten Sukamaju"),
    ],
    15: [
        ("sop-siklus-pengembangan-aplikasi.docx", 2, "2023-08-07",
         "SOP Siklus Hidup Pengembangan Aplikasi (SDLC)"),
        ("notulen rapat koordinasi.pdf", 3, "2023-11-06",
         "Notulen Rapat Koordinasi Konsultasi Pembangunan Aplikasi Perangkat Daerah"),
    ],
    16: [
        ("daftar-pengguna-pusat-data.csv", 2, "2023-09-04",
         "Daftar Perangkat Daerah Pengguna Layanan Pusat Data"),
        ("berita-acara-uji-koneksi-pdn.pdf", 4, "2024-03-18",
         "Berita Acara Uji Koneksi Pusat Data Daerah dengan Pusat Data Nasional"),
    ],
    17: [
        ("topologi-jaringan-intra.png", 2, "2023-07-24",
         "Topologi Jaringan Intra Pemerintah Kabupaten Sukamaju"),
        ("laporan-konektivitas-jaringan-intra-2023.pdf", 3, "2024-01-08",
         "Laporan Konektivitas Jaringan Intra Seluruh Perangkat Daerah Tahun 2023"),
    ],
    18: [
        ("daftar-api-sistem-penghubung.xlsx", 2, "2023-12-04",
         "Daftar API pada Sistem Penghubung Layanan"),
        ("tangkapan-layar-pertukaran-data.png", 3, "2024-02-19",
         "Tangkapan Layar Log Pertukaran Data melalui Sistem Penghubung Layanan"),
    ],
    19: [
        (SK_TIM, 2, "2023-02-06",
         "Keputusan Bupati Sukamaju Nomor 45 Tahun 2023 tentang Tim Koordinasi "
         "SPBE Kabupaten Sukamaju"),
        ("program-kerja-tim-koordinasi-2023.pdf", 2, "2023-02-20",
         "Program Kerja Tim Koordinasi SPBE Tahun 2023"),
        ("laporan-pelaksanaan-tim-koordinasi-2023.pdf", 3, "2023-12-18",
         "Laporan Pelaksanaan Tugas Tim Koordinasi SPBE Tahun 2023"),
        ("notulen-rapat-pleno-tim-koordinasi-2024.pdf", 4, "2024-02-26",
         "Notulen Rapat Pleno Reviu Pelaksanaan Tugas Tim Koordinasi SPBE"),
    ],
    20: [
        ("keputusan-bupati-52-2023-forum-kolaborasi-spbe.pdf", 2, "2023-04-10",
         "Keputusan Bupati Sukamaju Nomor 52 Tahun 2023 tentang Forum Kolaborasi "
         "SPBE"),
        ("notulen-forum-kolaborasi-triwulan-iv.pdf", 3, "2023-12-11",
         "Notulen Pertemuan Forum Kolaborasi SPBE Triwulan IV Tahun 2023"),
    ],
    21: [
        ("rencana-program-manajemen-risiko-spbe-2024.pdf", 2, "2024-01-10",
         "Rencana Program Manajemen Risiko SPBE Tahun 2024"),
    ],
    22: [
        ("kebijakan-kontrol-keamanan-informasi.pdf", 2, "2023-08-28",
         "Daftar Kontrol Keamanan Informasi yang Diterapkan Perangkat Daerah"),
        ("register-risiko-keamanan-informasi.xlsx", 3, "2023-11-13",
         "Register Risiko Keamanan Informasi Tahun 2023"),
    ],
    23: [
        ("rencana-aksi-satu-data-2024.pdf", 2, "2024-01-24",
         "Rencana Aksi Satu Data Kabupaten Sukamaju Tahun 2024"),
    ],
    24: [
        ("daftar-aset-tik-2023.xlsx", 2, "2023-12-27",
         "Daftar Aset TIK Pemerintah Kabupaten Sukamaju per 31 Desember 2023"),
    ],
    25: [
        ("rencana-pengembangan-kompetensi-sdm-tik.pdf", 2, "2023-03-06",
         "Rencana Pengembangan Kompetensi SDM TIK Tahun 2023"),
        ("rekap-pelatihan-sdm-tik-2023.csv", None, "2023-12-29",
         "Rekapitulasi Pelatihan dan Sertifikasi SDM TIK Tahun 2023"),
    ],
    26: [
        ("rencana-manajemen-pengetahuan-2024.pdf", 2, "2024-02-05",
         "Rencana Penerapan Manajemen Pengetahuan Tahun 2024"),
    ],
    28: [
        ("sop-layanan-helpdesk-tik.docx", 2, "2023-10-09",
         "SOP Layanan Helpdesk TIK"),
    ],
    29: [
        ("rencana-audit-infrastruktur-spbe-2024.pdf", 2, "2024-01-31",
         "Rencana Audit Infrastruktur SPBE Tahun 2024"),
    ],
    30: [
        ("rencana-audit-aplikasi-spbe-2024.pdf", 2, "2024-01-31",
         "Rencana Audit Aplikasi SPBE Tahun 2024"),
    ],
    31: [
        ("surat-permohonan-asistensi-audit-keamanan.pdf", 1, "2024-04-22",
         "Surat Permohonan Asistensi Audit Keamanan SPBE kepada BSSN"),
    ],
}

EVIDENCE.update({
    32: [
        ("manual-pengguna-e-planning.pdf", 2, "2023-11-27",
         "Manual Pengguna Aplikasi e-Planning Sukamaju"),
        ("tangkapan-layar-e-planning-unggah-renja.png", 2, "2024-01-15",
         "Tangkapan Layar e-Planning: Unggah dan Unduh Dokumen Renja"),
        ("tangkapan-layar-e-planning-verifikasi.png", 3, "2024-02-05",
         "Tangkapan Layar e-Planning: Alur Verifikasi dan Validasi Pagu"),
    ],
    33: [
        ("tangkapan-layar-e-budgeting-rka.png", 2, "2023-10-02",
         "Tangkapan Layar e-Budgeting: Pencarian dan Unggah RKA"),
        ("tangkapan-layar-e-budgeting-persetujuan.png", 3, "2023-11-06",
         "Tangkapan Layar e-Budgeting: Persetujuan Elektronik DPA"),
    ],
    34: [
        ("tangkapan-layar-e-keuangan-spp.png", 2, "2024-02-12",
         "Tangkapan Layar e-Keuangan: Pengajuan SPP"),
        ("tangkapan-layar-e-keuangan-sp2d.png", 3, "2024-02-12",
         "Tangkapan Layar e-Keuangan: Penerbitan SP2D Elektronik"),
        ("berita-acara-integrasi-e-keuangan.pdf", 4, "2024-03-25",
         "Berita Acara Integrasi e-Keuangan dengan e-Budgeting dan Bank Daerah"),
    ],
    35: [
        ("tangkapan-layar-lpse-paket.png", 2, "2023-06-12",
         "Tangkapan Layar SPSE: Pencarian Paket Pengadaan"),
        ("tangkapan-layar-lpse-tender.png", 3, "2023-06-12",
         "Tangkapan Layar SPSE: Proses Tender Elektronik"),
        ("laporan-integrasi-spse-sirup-ekatalog.pdf", 4, "2023-12-20",
         "Laporan Integrasi SPSE dengan SiRUP dan e-Katalog Tahun 2023"),
    ],
    36: [
        ("tangkapan-layar-simpeg-data-pegawai.png", 2, "2024-01-22",
         "Tangkapan Layar SIMPEG: Pencarian Data Pegawai"),
        ("tangkapan-layar-simpeg-usulan-kenaikan-pangkat.png", 3, "2024-01-22",
         "Tangkapan Layar SIMPEG: Usulan Kenaikan Pangkat Berjenjang"),
    ],
    37: [
        ("tangkapan-layar-srikandi-naskah-masuk.png", 2, "2023-09-18",
         "Tangkapan Layar SRIKANDI: Registrasi Naskah Masuk"),
    ],
    38: [
        ("tangkapan-layar-simbada-inventaris.png", 2, "2023-08-28",
         "Tangkapan Layar SIMBADA: Pencarian Inventaris Barang"),
        ("tangkapan-layar-simbada-usulan-penghapusan.png", 3, "2023-08-28",
         "Tangkapan Layar SIMBADA: Usulan dan Persetujuan Penghapusan Barang"),
    ],
    39: [
        ("tangkapan-layar-e-audit-lhp.png", 2, "2024-03-11",
         "Tangkapan Layar e-Audit: Unggah Laporan Hasil Pemeriksaan"),
    ],
    40: [
        ("tangkapan-layar-e-sakip-perjanjian-kinerja.png", 2, "2024-02-26",
         "Tangkapan Layar e-SAKIP: Perjanjian Kinerja Perangkat Daerah"),
        ("tangkapan-layar-e-sakip-pengukuran.png", 3, "2024-02-26",
         "Tangkapan Layar e-SAKIP: Pengukuran dan Verifikasi Kinerja"),
        ("laporan-kinerja-instansi-2023.pdf", 3, "2024-03-28",
         "Laporan Kinerja Instansi Pemerintah (LKjIP) Kabupaten Sukamaju Tahun 2023"),
    ],
    41: [
        ("tangkapan-layar-e-kinerja-sasaran.png", 2, "2024-01-08",
         "Tangkapan Layar e-Kinerja: Sasaran Kinerja Pegawai"),
        ("tangkapan-layar-e-kinerja-penilaian.png", 3, "2024-01-08",
         "Tangkapan Layar e-Kinerja: Penilaian dan Persetujuan Atasan"),
    ],
    42: [
        ("tangkapan-layar-pengaduan-formulir.png", 2, "2023-10-23",
         "Tangkapan Layar Sukamaju Lapor: Formulir dan Pelacakan Pengaduan"),
        ("tangkapan-layar-pengaduan-disposisi.png", 3, "2023-10-23",
         "Tangkapan Layar Sukamaju Lapor: Disposisi dan Tindak Lanjut"),
        ("tangkapan-layar-integrasi-sp4n-lapor.png", 4, "2024-04-15",
         "Tangkapan Layar Integrasi Sukamaju Lapor dengan SP4N-LAPOR!"),
        ("laporan-pengelolaan-pengaduan-2023.pdf", 3, "2024-01-15",
         "Laporan Pengelolaan Pengaduan Pelayanan Publik Tahun 2023"),
    ],
    43: [
        ("tangkapan-layar-satu-data-katalog.png", 2, "2024-03-04",
         "Tangkapan Layar Portal Satu Data: Katalog dan Unduh Dataset"),
        ("tangkapan-layar-satu-data-api.png", 3, "2024-03-04",
         "Tangkapan Layar Portal Satu Data: Layanan API Dataset"),
        ("dataset-penduduk-per-kecamatan-2023.csv", 3, "2024-03-04",
         "Contoh Dataset Terbuka: Jumlah Penduduk per Kecamatan Tahun 2023"),
    ],
    44: [
        ("tangkapan-layar-jdih-pencarian.png", 2, "2023-07-10",
         "Tangkapan Layar JDIH: Pencarian dan Unduh Produk Hukum"),
        ("tangkapan-layar-jdih-abstrak.png", 3, "2023-07-10",
         "Tangkapan Layar JDIH: Pengelolaan Abstrak dan Validasi Produk Hukum"),
        ("berita-acara-integrasi-jdihn.pdf", 4, "2023-10-23",
         "Berita Acara Integrasi JDIH Kabupaten Sukamaju dengan JDIH Nasional"),
    ],
    45: [
        ("tangkapan-layar-simpatik-permohonan.png", 2, "2024-02-19",
         "Tangkapan Layar SIMPATIK: Permohonan dan Unggah Persyaratan"),
        ("tangkapan-layar-simpatik-penerbitan-izin.png", 3, "2024-02-19",
         "Tangkapan Layar SIMPATIK: Verifikasi, Pembayaran Retribusi dan "
         "Penerbitan Izin"),
        ("sop-pelayanan-perizinan-elektronik.docx", 3, "2023-12-04",
         "SOP Pelayanan Perizinan Secara Elektronik"),
    ],
    46: [
        ("tangkapan-layar-sehat-pendaftaran.png", 2, "2024-04-01",
         "Tangkapan Layar Sehat Sukamaju: Pendaftaran Pasien Puskesmas"),
        ("tangkapan-layar-sehat-antrean-rujukan.png", 3, "2024-04-01",
         "Tangkapan Layar Sehat Sukamaju: Antrean dan Rujukan Elektronik"),
        ("manual-pengguna-sehat-sukamaju.pdf", 2, "2024-03-18",
         "Manual Pengguna Aplikasi Sehat Sukamaju"),
    ],
    47: [
        ("tangkapan-layar-dukcapil-permohonan.png", 2, "2024-05-06",
         "Tangkapan Layar Dukcapil Online: Permohonan Akta dan KK"),
        ("tangkapan-layar-dukcapil-pelacakan.png", 3, "2024-05-06",
         "Tangkapan Layar Dukcapil Online: Pelacakan Status Permohonan"),
    ],
})
