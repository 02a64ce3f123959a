"""The example's PNG evidence: application "screenshots" (browser frame,
application header, menu, and a page that shows what the claimed level is
about) and a network topology diagram, drawn with flat rectangles and a
5x7 bitmap font."""

from . import data as D
from .files import Canvas

W, H = 480, 300
SCALE = 2        # written at 960x600, like a screenshot on a HiDPI screen

GREY = (223, 227, 232)
DARK = (45, 55, 72)
INK = (33, 37, 41)
MUTED = (108, 117, 125)
WHITE = (255, 255, 255)
LINE = (206, 212, 218)
GREEN = (40, 167, 69)
AMBER = (255, 193, 7)
BLUE = (0, 123, 255)
PALE = (248, 249, 250)

# one brand colour per application
COLOURS = [(30, 80, 160), (0, 128, 128), (142, 68, 173), (192, 57, 43),
           (39, 174, 96), (211, 84, 0), (41, 128, 185), (22, 160, 133),
           (127, 140, 141), (44, 62, 80)]

SHORT = {D.KOMINFO: "DISKOMINFO", D.ORG: "BAG. ORGANISASI", D.HUKUM: "BAG. HUKUM",
         D.INSPEKTORAT: "INSPEKTORAT", D.ARSIP: "DISPUSIP", D.DINKES: "DINKES",
         D.DUKCAPIL: "DISDUKCAPIL"}


def short(owner):
    return SHORT.get(owner, owner.upper())


MENUS = {
    "default": ["BERANDA", "DATA", "DOKUMEN", "PERSETUJUAN", "LAPORAN", "PENGATURAN"],
}

# sample rows per indicator: (label, detail)
ROWS = {
    18: [("GET /KEPENDUDUKAN/NIK", "200 OK"), ("GET /PEGAWAI/NIP", "200 OK"),
         ("GET /KEUANGAN/SP2D", "200 OK"), ("POST /PENGADUAN", "201 CREATED")],
    32: [("RENJA DINKES 2025", "DRAF"), ("RENJA DISDIK 2025", "VERIFIKASI"),
         ("RENJA DPUPR 2025", "DISETUJUI"), ("RENJA BAPPEDA 2025", "DISETUJUI")],
    33: [("RKA 1.02.01 DINKES", "DIAJUKAN"), ("RKA 2.16.01 KOMINFO", "VALID"),
         ("RKA 5.02.01 BPKAD", "VALID"), ("RKA 1.01.01 DISDIK", "REVISI")],
    34: [("SPP-LS 0412/2024", "PROSES"), ("SPM-LS 0398/2024", "TERBIT"),
         ("SP2D 0377/2024", "CAIR"), ("SPP-UP 0021/2024", "DRAF")],
    35: [("PEMBANGUNAN PUSKESMAS", "TENDER"), ("PENGADAAN LAPTOP", "E-KATALOG"),
         ("JALAN DESA CIBODAS", "SELESAI"), ("JASA KONSULTAN TIK", "EVALUASI")],
    36: [("198203 ASEP S.", "GOL III/C"), ("199011 RINA M.", "GOL III/A"),
         ("197805 DEDI K.", "GOL IV/A"), ("198512 SRI W.", "GOL III/B")],
    37: [("800/112/DINKES", "MASUK"), ("005/341/SETDA", "DISPOSISI"),
         ("500.12/88/KOMINFO", "MASUK"), ("100.3/45/ORG", "ARSIP")],
    38: [("KIB A TANAH", "1.204"), ("KIB B PERALATAN", "18.552"),
         ("KIB C GEDUNG", "2.113"), ("KIB E ASET LAIN", "940")],
    39: [("LHP 12/INSP/2024", "TINDAK LANJUT"), ("LHP 09/INSP/2024", "SELESAI"),
         ("LHP 07/INSP/2024", "PROSES"), ("LHP 03/INSP/2024", "SELESAI")],
    40: [("PK DINAS KESEHATAN", "DITANDATANGANI"), ("PK BAPPEDA", "VERIFIKASI"),
         ("PK DISDUKCAPIL", "DITANDATANGANI"), ("PK KOMINFO", "DIAJUKAN")],
    41: [("SKP JANUARI 2024", "DINILAI"), ("SKP FEBRUARI 2024", "DIAJUKAN"),
         ("SKP MARET 2024", "DRAF"), ("REALISASI Q1 2024", "DISETUJUI")],
    42: [("LAMPU JALAN MATI", "DITINDAKLANJUTI"), ("ANTREAN PUSKESMAS", "DISPOSISI"),
         ("JALAN RUSAK KM 12", "SELESAI"), ("SAMPAH PASAR BARU", "DIVERIFIKASI")],
    43: [("PENDUDUK PER KECAMATAN", "CSV JSON"), ("FASILITAS KESEHATAN", "CSV"),
         ("APBD 2024 RINGKAS", "XLSX"), ("SEKOLAH DASAR", "CSV JSON")],
    44: [("PERDA 3/2024 RETRIBUSI", "BERLAKU"), ("PERBUP 7/2024 SATU DATA", "BERLAKU"),
         ("PERBUP 18/2023 ARSITEKTUR", "BERLAKU"), ("KEPBUP 45/2023 TIM", "BERLAKU")],
    45: [("PBG 2024-0311", "VERIFIKASI"), ("IZIN REKLAME 0187", "BAYAR"),
         ("SIP DOKTER 0452", "TERBIT"), ("IZIN TOKO 0093", "DIAJUKAN")],
    46: [("PKM CIBODAS - UMUM", "A-012"), ("PKM SUKAMAJU - KIA", "B-004"),
         ("PKM WARUNG - GIGI", "C-009"), ("RUJUKAN RSUD 0334", "DITERIMA")],
    47: [("AKTA LAHIR 2024-1123", "PROSES"), ("KK PERUBAHAN 0871", "VERIFIKASI"),
         ("AKTA MATI 0112", "SELESAI"), ("PINDAH DATANG 0457", "DIAJUKAN")],
}

# systems a level-4 (kolaborasi) screen shows as connected
PARTNERS = {
    34: ["E-BUDGETING", "BANK DAERAH", "SIPD RI"],
    35: ["SIRUP LKPP", "E-KATALOG", "E-KEUANGAN"],
    42: ["SP4N-LAPOR!", "E-KINERJA", "WHATSAPP GATEWAY"],
    44: ["JDIH NASIONAL", "BERITA DAERAH", "SATU DATA"],
}


def _bold(c, x, y, s, col, scale=1):
    c.text(x, y, s, col, scale)
    return c.text(x + 1, y, s, col, scale)


def _chrome(c, ind, colour, screen, active):
    """Browser bar, application header and left menu."""
    c.rect(0, 0, W, 22, GREY)
    for k, col in enumerate([(237, 106, 94), (245, 191, 79), (98, 197, 84)]):
        c.rect(8 + k * 10, 8, 6, 6, col)
    c.rect(44, 4, W - 52, 14, WHITE)
    c.frame(44, 4, W - 52, 14, LINE)
    c.text(50, 8, ind["url"].replace("https://", "").upper(), MUTED)
    c.rect(0, 22, W, 30, colour)
    _bold(c, 10, 30, ind["app"], WHITE, 2)
    user = "ADMIN " + short(ind["owner"])
    c.text(W - 8 - len(user) * 6, 34, user, WHITE)
    c.rect(0, 52, 104, H - 52, DARK)
    for k, item in enumerate(MENUS["default"]):
        y = 62 + k * 20
        if k == active:
            c.rect(0, y - 6, 104, 19, colour)
        c.text(12, y, item, WHITE if k == active else (190, 198, 210))
    c.rect(104, 52, W - 104, H - 52, PALE)
    _bold(c, 116, 62, screen.upper()[:58], INK)
    c.rect(116, 73, W - 128, 1, LINE)


def _table(c, x, y, rows, colour, head=("DATA", "STATUS")):
    w = W - 12 - x
    c.rect(x, y, w, 16, colour)
    _bold(c, x + 6, y + 5, head[0], WHITE)
    _bold(c, x + w - 110, y + 5, head[1], WHITE)
    for k, (a, b) in enumerate(rows):
        ry = y + 16 + k * 18
        c.rect(x, ry, w, 18, WHITE if k % 2 == 0 else (241, 243, 245))
        c.text(x + 6, ry + 6, a, INK)
        tone = GREEN if b in ("DISETUJUI", "SELESAI", "TERBIT", "VALID", "CAIR",
                              "BERLAKU", "DITERIMA", "DITANDATANGANI") else MUTED
        c.text(x + w - 110, ry + 6, b, tone)
    c.frame(x, y, w, 16 + 18 * len(rows), LINE)
    return y + 16 + 18 * len(rows)


def _button(c, x, y, label, colour):
    w = len(label) * 6 + 14
    c.rect(x, y, w, 16, colour)
    _bold(c, x + 7, y + 5, label, WHITE)
    return x + w + 6


def screenshot(ind, title, level):
    """A screenshot for indicator 'ind' supporting 'level' (2, 3 or 4)."""
    i = ind["id"]
    colour = COLOURS[i % len(COLOURS)]
    screen = title.split(": ", 1)[-1].replace("Tangkapan Layar ", "")
    c = Canvas(W, H)
    rows = ROWS.get(i, [("DATA %d" % k, "AKTIF") for k in range(1, 5)])
    if level <= 2:
        _chrome(c, ind, colour, screen, 2)
        c.rect(116, 82, 230, 16, WHITE)
        c.frame(116, 82, 230, 16, LINE)
        c.text(122, 87, "CARI ...", MUTED)
        x = _button(c, 352, 82, "CARI", colour)
        bottom = _table(c, 116, 106, rows, colour)
        x = _button(c, 116, bottom + 10, "UNGGAH", BLUE)
        _button(c, x, bottom + 10, "UNDUH", MUTED)
    elif screen.startswith("Log "):
        _chrome(c, ind, colour, screen, 4)
        log = [("%s  %s" % ("08:%02d:%02d" % (k * 7 % 60, k * 13 % 60), a), b)
               for k, (a, b) in enumerate(rows * 2)]
        bottom = _table(c, 116, 84, log, colour, ("WAKTU / ENDPOINT", "RESPON"))
        c.text(116, bottom + 10, "TOTAL HARI INI: 12.408 TRANSAKSI, 0 GAGAL", INK)
    elif level == 3:
        _chrome(c, ind, colour, screen, 3)
        steps = ["DIAJUKAN", "VERIFIKASI", "PERSETUJUAN", "SELESAI"]
        for k, s in enumerate(steps):
            x = 116 + k * 88
            done = k < 3
            c.rect(x, 84, 80, 22, GREEN if done else WHITE)
            c.frame(x, 84, 80, 22, GREEN if done else LINE)
            c.text(x + (80 - len(s) * 6) // 2, 92, s, WHITE if done else MUTED)
            if k < 3:
                c.rect(x + 80, 94, 8, 2, GREEN)
        bottom = _table(c, 116, 116, rows[:3], colour, ("PERMOHONAN", "TAHAP"))
        c.rect(116, bottom + 10, W - 128, 22, (255, 243, 205))
        c.frame(116, bottom + 10, W - 128, 22, AMBER)
        c.text(124, bottom + 18, "NOTIFIKASI: 3 BERKAS MENUNGGU PERSETUJUAN ANDA", INK)
    else:
        _chrome(c, ind, colour, screen, 4)
        partners = PARTNERS.get(i, ["LAYANAN MITRA 1", "LAYANAN MITRA 2"])
        c.rect(116, 84, 96, 40, colour)
        _bold(c, 122, 100, ind["app"][:14], WHITE)
        c.rect(212, 103, 24, 2, GREEN)
        c.rect(236, 89, 2, 22 * (len(partners) - 1) + 2, GREEN)
        for k, p in enumerate(partners):
            y = 80 + k * 22
            c.rect(236, y + 9, 8, 2, GREEN)
            c.rect(244, y, 140, 18, WHITE)
            c.frame(244, y, 140, 18, GREEN)
            c.text(250, y + 6, p, INK)
            c.text(392, y + 6, "TERHUBUNG", GREEN)
        log = [("API SINKRON 08:00", "200 OK"), ("API SINKRON 12:00", "200 OK"),
               ("API SINKRON 16:00", "200 OK")]
        _table(c, 116, 156, log, colour, ("LOG INTEGRASI", "RESPON"))
    c.rect(104, H - 14, W - 104, 14, GREY)
    c.text(112, H - 10, "%s  -  %s" % (D.INSTANCE.upper(), short(ind["owner"])),
           MUTED)
    return c.png(SCALE)


def topology(ind, title):
    """A network diagram: the data centre and the offices connected to it."""
    c = Canvas(W, H, WHITE)
    c.rect(0, 0, W, 26, DARK)
    _bold(c, 10, 10, title.upper()[:76], WHITE)
    core = (190, 50, 100, 34)
    c.rect(*core, (30, 80, 160))
    _bold(c, 198, 57, "PUSAT DATA", WHITE)
    c.text(198, 70, "DISKOMINFO", WHITE)
    c.rect(core[0] + 48, 84, 4, 26, DARK)
    c.rect(10, 110, W - 50, 3, DARK)
    c.rect(10, 110, 3, 88, DARK)
    c.rect(10, 195, W - 50, 3, DARK)
    offices = ["SETDA", "BAPPEDA", "BPKAD", "BKPSDM", "INSPEKTORAT", "DINKES",
               "DISDUKCAPIL", "DPMPTSP", "DISPUSIP", "15 KECAMATAN"]
    for k, name in enumerate(offices):
        col, row = k % 5, k // 5
        x = 22 + col * 90
        bus = 113 if row == 0 else 198
        y = bus + 18
        vpn = name.endswith("KECAMATAN") or name == "DISPUSIP"
        link = (245, 166, 35) if vpn else GREEN
        c.rect(x + 40, bus, 3, 18, link)
        c.rect(x, y, 84, 26, PALE)
        c.frame(x, y, 84, 26, link, 2)
        c.text(x + 5, y + 10, name[:13], INK)
    c.rect(18, H - 22, 12, 4, GREEN)
    c.text(36, H - 24, "FIBER OPTIK", INK)
    c.rect(120, H - 22, 12, 4, (245, 166, 35))
    c.text(138, H - 24, "VPN", INK)
    c.text(W - 170, H - 24, "DIPERBARUI JULI 2023", MUTED)
    return c.png(SCALE)
