/*
 * test_render.c -- the dossier PDF: refusals and failures leave nothing
 * behind, the same input and date give the same bytes, paragraphs flow
 * across pages, and previews are made, bounded, or replaced by a
 * placeholder state.
 */
#define _GNU_SOURCE /* memmem */

#include "testutil.h"

#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/render.h"
#include "dossier/score.h"

#include "layout.h"
#include "thumb.h"

#include <cairo-pdf.h>
#include <dirent.h>
#include <png.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

#define EXAMPLE TEST_SOURCE_DIR "/templates/example/manifest.xml"
#define FONTS TEST_SOURCE_DIR "/fonts"
#define DATE 1732320000 /* 2024-11-23 */

static struct dsr_check_result checked;
static struct dsr_score score;

static void
check_manifest(const char *path)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS};
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    struct dsr_error err = DSR_ERROR_INIT;

    memset(&checked, 0, sizeof(checked));
    memset(&score, 0, sizeof(score));
    ck_assert_int_eq(dsr_check(path, &opts, &checked, &err), 0);
    if (checked.catalog && !checked.findings.counts[DSR_SEV_ERROR])
        ck_assert_int_eq(dsr_score_checked(&checked, &sopts, &score, &err), 0);
}

static void
teardown(void)
{
    dsr_score_release(&score);
    dsr_check_result_release(&checked);
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long n;

    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    data = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return data;
}

/* Files in 'dir' (to prove no temporary file is left). */
static int
count_files(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    ck_assert_ptr_nonnull(d);
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

START_TEST(test_render_example_is_reproducible)
{
    struct dsr_render_opts opts = {.fonts_dir = FONTS, .date = DATE,
                                   .bundle_id = "spbe-2020-2024-0123456789abcdef"};
    struct dsr_render_stats stats;
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char a[512], b[512];
    char *da, *db;
    size_t la, lb;

    check_manifest(EXAMPLE);
    snprintf(a, sizeof(a), "%s/a.pdf", dir);
    snprintf(b, sizeof(b), "%s/b.pdf", dir);
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, a, &stats, &err), 0);
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, b, NULL, &err), 0);
    /* cover, 3 summary pages, owners, visit plan, 47 indicators, appendices */
    ck_assert_uint_gt(stats.pages, 47 + 6);
    ck_assert_uint_eq(stats.thumbnails, 78);
    ck_assert_uint_eq(stats.thumbnails_missing, 0);
    da = slurp(a, &la);
    db = slurp(b, &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(da, db, la), 0);
    ck_assert_int_eq(memcmp(da, "%PDF-", 5), 0);
    ck_assert_ptr_nonnull(memmem(da + la - 16, 16, "%%EOF", 5));
    ck_assert_ptr_nonnull(memmem(da, la, "/CreationDate (20241123000000Z)", 31));
    ck_assert_int_eq(count_files(dir), 2);
    free(da);
    free(db);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_render_refuses_errors)
{
    struct dsr_render_opts opts = {.fonts_dir = FONTS, .date = DATE};
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char out[512];

    tu_write(dir, "m.xml",
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
             "year=\"2024\"><instance name=\"x\"/><indicator id=\"99\"/></dossier>\n",
             (size_t)-1);
    snprintf(out, sizeof(out), "%s/m.xml", dir);
    check_manifest(out);
    snprintf(out, sizeof(out), "%s/d.pdf", dir);
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, out, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_str_eq(err.msg, "the manifest has errors; run dossier check");
    ck_assert_int_eq(count_files(dir), 1);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_render_missing_font)
{
    struct dsr_render_opts opts = {.fonts_dir = NULL, .date = DATE};
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char fonts[512], out[512];

    check_manifest(EXAMPLE);
    snprintf(fonts, sizeof(fonts), "%s/fonts", dir);
    tu_write(fonts, "LiberationSans-Regular.ttf", "not a font", (size_t)-1);
    opts.fonts_dir = fonts;
    snprintf(out, sizeof(out), "%s/d.pdf", dir);
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, out, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_RENDER);
    ck_assert_ptr_nonnull(strstr(err.path, "/fonts/LiberationSans-Regular.ttf"));
    ck_assert_str_eq(err.msg, "cannot load this font; the installation is incomplete");
    ck_assert_int_eq(count_files(dir), 1);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_render_unwritable_place)
{
    struct dsr_render_opts opts = {.fonts_dir = FONTS, .date = DATE};
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char out[512];

    check_manifest(EXAMPLE);
    snprintf(out, sizeof(out), "%s/missing/d.pdf", dir);
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, out, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_str_eq(err.path, out);
    ck_assert_int_eq(count_files(dir), 0);
    tu_rmtree(dir);
}
END_TEST

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

static int decorated;

static void
count_decorations(void *ctx, cairo_t *cr, int page)
{
    (void)ctx;
    (void)cr;
    decorated += page;
}

START_TEST(test_layout_paragraph_flows_across_pages)
{
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(discard, NULL, LY_PAGE_W, LY_PAGE_H);
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;
    char *text = malloc(200 * 64 + 1);
    double line;
    int per_page, pages;

    text[0] = '\0';
    for (int i = 0; i < 200; i++)
        strcat(text, "line of a long explanation that goes on and on\n");
    ck_assert_int_eq(ly_open(&ly, s, FONTS, false, &err), 0);
    {
        PangoLayout *l = ly_text(&ly, LY_BODY, "one line", false, LY_WIDTH, 0);

        line = ly_height(l);
        g_object_unref(l);
    }
    per_page = (int)((LY_BOTTOM - LY_TOP) / line);
    pages = (200 + per_page - 1) / per_page;
    ck_assert_int_ge(pages, 3);
    decorated = 0;
    ly.decorate = count_decorations;
    ly_para(&ly, LY_BODY, text, false, 0, (struct ly_rgb){0, 0, 0}, 0);
    ck_assert_int_eq(ly.page, pages);
    ck_assert(ly.y > LY_TOP && ly.y <= LY_BOTTOM);
    ck_assert_int_eq(decorated, pages * (pages - 1) / 2);
    ly_close(&ly);
    ck_assert_int_eq(decorated, pages * (pages + 1) / 2);
    cairo_surface_destroy(s);
    free(text);
}
END_TEST

START_TEST(test_layout_need_breaks_only_when_short)
{
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(discard, NULL, LY_PAGE_W, LY_PAGE_H);
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;

    ck_assert_int_eq(ly_open(&ly, s, FONTS, false, &err), 0);
    /* an empty page keeps what fits nowhere */
    ly_need(&ly, 10000);
    ck_assert_int_eq(ly.page, 1);
    ly.y = LY_BOTTOM - 50;
    ly_need(&ly, 50);
    ck_assert_int_eq(ly.page, 1);
    ly_need(&ly, 51);
    ck_assert_int_eq(ly.page, 2);
    ck_assert(ly.y == LY_TOP);
    ly_close(&ly);
    cairo_surface_destroy(s);
}
END_TEST

/* A PNG of w x h pixels, drawn by cairo. */
static void
write_png(const char *path, int w, int h)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);

    cairo_set_source_rgba(cr, 0.2, 0.4, 0.8, 0.5);
    cairo_paint(cr);
    cairo_destroy(cr);
    ck_assert_int_eq(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

START_TEST(test_thumb_png_is_downscaled)
{
    const char *dir = tu_tmpdir();
    struct th_preview p;
    cairo_surface_t *s;
    char path[512];

    snprintf(path, sizeof(path), "%s/a.png", dir);
    write_png(path, 1000, 500);
    th_make(NULL, path, "image/png", 1000, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_int_eq(p.width, 148);
    ck_assert_int_eq(p.height, 74);
    ck_assert_uint_gt(p.len, 100);
    ck_assert_int_eq(p.jpeg[0], 0xff);
    ck_assert_int_eq(p.jpeg[1], 0xd8);
    s = th_surface(&p);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(cairo_image_surface_get_width(s), 148);
    {
        const unsigned char *data;
        unsigned long len;

        cairo_surface_get_mime_data(s, CAIRO_MIME_TYPE_JPEG, &data, &len);
        ck_assert_uint_eq(len, p.len);
    }
    cairo_surface_destroy(s);
    th_release(&p);
    ck_assert_ptr_null(p.jpeg);
    tu_rmtree(dir);
}
END_TEST

/*
 * A w x h RGBA PNG written with libpng: the left half opaque red, the
 * right half fully transparent.
 */
static void
write_halves(const char *path, unsigned w, unsigned h, bool interlaced)
{
    FILE *f = fopen(path, "wb");
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    unsigned char *row = calloc(w, 4);
    int passes;

    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(row);
    for (unsigned x = 0; x < w / 2; x++) {
        row[4 * x] = 255;
        row[4 * x + 3] = 255;
    }
    ck_assert_int_eq(setjmp(png_jmpbuf(png)), 0);
    png_init_io(png, f);
    png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGBA,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 1);
    png_write_info(png, info);
    passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; pass++)
        for (unsigned y = 0; y < h; y++)
            png_write_row(png, row);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    fclose(f);
}

/* The preview's pixel at (x, y) as 0xRRGGBB. */
static uint32_t
pixel_at(const struct th_preview *p, int x, int y)
{
    cairo_surface_t *s = th_surface(p);
    uint32_t v;

    ck_assert_ptr_nonnull(s);
    cairo_surface_flush(s);
    v = ((const uint32_t *)(const void *)(cairo_image_surface_get_data(s) +
                                          (size_t)y * cairo_image_surface_get_stride(s)))[x];
    cairo_surface_destroy(s);
    return v & 0xffffff;
}

static bool
near(uint32_t rgb, uint32_t want)
{
    for (int shift = 0; shift <= 16; shift += 8) {
        int a = (int)((rgb >> shift) & 0xff), b = (int)((want >> shift) & 0xff);

        if (abs(a - b) > 24)
            return false;
    }
    return true;
}

/*
 * A PNG larger than any image decoded whole is scaled a row at a time:
 * the preview keeps the picture (red on the left, the transparent half laid
 * on white), and an interlaced PNG, decoded whole, comes out the same.
 */
START_TEST(test_thumb_png_streamed_and_interlaced)
{
    const char *dir = tu_tmpdir();
    struct th_preview p;
    char path[512];

    snprintf(path, sizeof(path), "%s/big.png", dir);
    write_halves(path, 3000, 2000, false);
    ck_assert_uint_gt(3000u * 2000u, TH_MAX_DECODED_PIXELS);
    th_make(NULL, path, "image/png", 1000, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_int_eq(p.width, 148);
    ck_assert_int_eq(p.height, 99);
    ck_assert_msg(near(pixel_at(&p, 20, 50), 0xff0000), "left %06x",
                  (unsigned)pixel_at(&p, 20, 50));
    ck_assert_msg(near(pixel_at(&p, 128, 50), 0xffffff), "right %06x",
                  (unsigned)pixel_at(&p, 128, 50));
    th_release(&p);

    snprintf(path, sizeof(path), "%s/adam7.png", dir);
    write_halves(path, 300, 200, true);
    th_make(NULL, path, "image/png", 1000, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_int_eq(p.width, 148);
    ck_assert(near(pixel_at(&p, 20, 50), 0xff0000));
    ck_assert(near(pixel_at(&p, 128, 50), 0xffffff));
    th_release(&p);

    /* interlaced and over the whole-decoding limit: no preview, no failure */
    snprintf(path, sizeof(path), "%s/adam7-big.png", dir);
    write_halves(path, 3000, 2000, true);
    th_make(NULL, path, "image/png", 1000, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_LARGE);
    th_release(&p);

    tu_rmtree(dir);
}
END_TEST

/* Patch a PNG's IHDR to claim w x h, with a correct CRC. */
static void
claim_size(const char *path, unsigned w, unsigned h)
{
    size_t len;
    unsigned char *d = (unsigned char *)slurp(path, &len);
    unsigned long crc;
    FILE *f;

    /* signature (8), length (4), "IHDR" at 12, width at 16, height at 20 */
    for (int i = 0; i < 4; i++) {
        d[16 + i] = (unsigned char)(w >> (24 - 8 * i));
        d[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    crc = crc32(0, d + 12, 17);
    for (int i = 0; i < 4; i++)
        d[29 + i] = (unsigned char)(crc >> (24 - 8 * i));
    f = fopen(path, "wb");
    fwrite(d, 1, len, f);
    fclose(f);
    free(d);
}

START_TEST(test_thumb_refuses_huge_image)
{
    const char *dir = tu_tmpdir();
    struct th_preview p;
    char path[512];

    snprintf(path, sizeof(path), "%s/bomb.png", dir);
    write_png(path, 10, 10);
    claim_size(path, 60000, 60000);
    th_make(NULL, path, "image/png", 1000, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_LARGE);
    ck_assert_ptr_null(p.jpeg);
    ck_assert_ptr_null(th_surface(&p));
    th_release(&p);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_thumb_broken_pdf)
{
    const char *dir = tu_tmpdir();
    struct th_preview p;
    char path[512];

    tu_write(dir, "x.pdf", "%PDF-1.4\nnot really\n", (size_t)-1);
    snprintf(path, sizeof(path), "%s/x.pdf", dir);
    th_make(NULL, path, "application/pdf", 20, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_FAILED);
    ck_assert_int_eq(p.pages, 0);
    th_release(&p);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_thumb_pdf_pages_without_image)
{
    const char *pdf = TEST_SOURCE_DIR "/templates/example/bukti/01-kebijakan-arsitektur/"
                      "peraturan-bupati-31-2022-arsitektur-spbe.pdf";
    struct th_preview p;

    th_make(NULL, pdf, "application/pdf", 1, 148, 208, false, &p);
    ck_assert_int_eq(p.state, TH_NONE);
    ck_assert_int_eq(p.pages, 2);
    th_release(&p);
    th_make(NULL, pdf, "application/pdf", 1, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_int_eq(p.pages, 2);
    /* A4 portrait inside 148 x 208 */
    ck_assert_int_eq(p.height, 208);
    ck_assert_int_eq(p.width, 147);
    th_release(&p);
    /* a PDF over the preview limit: its page count, no preview */
    th_make(NULL, pdf, "application/pdf", TH_MAX_PDF_BYTES + 1, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_LARGE);
    ck_assert_int_eq(p.pages, 2);
    ck_assert_ptr_null(p.jpeg);
    th_release(&p);
}
END_TEST

/*
 * A one-page PDF (a 612 x 792 pt page, turned by 'rotate' degrees) that
 * holds a w x h RGB image over the whole page, deflated a row at a time:
 * the left half red, the right half white, like a scan.
 */
static void
write_scan_pdf(const char *path, unsigned w, unsigned h, int rotate)
{
    FILE *f = fopen(path, "wb");
    unsigned char *row = malloc((size_t)w * 3);
    unsigned char out[65536];
    z_stream z = {0};
    long off[6], xref;
    char content[64];
    unsigned char *image = NULL;
    size_t len = 0, cap = 0;

    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(row);
    memset(row, 255, (size_t)w * 3);
    for (unsigned x = 0; x < w / 2; x++)
        row[3 * x + 1] = row[3 * x + 2] = 0;
    ck_assert_int_eq(deflateInit(&z, 1), Z_OK);
    for (unsigned y = 0; y <= h; y++) {
        int flush = y == h ? Z_FINISH : Z_NO_FLUSH;

        z.next_in = row;
        z.avail_in = y == h ? 0 : w * 3;
        do {
            z.next_out = out;
            z.avail_out = sizeof(out);
            ck_assert_int_ne(deflate(&z, flush), Z_STREAM_ERROR);
            if (len + (sizeof(out) - z.avail_out) > cap) {
                cap = 2 * (len + sizeof(out));
                image = realloc(image, cap);
                ck_assert_ptr_nonnull(image);
            }
            memcpy(image + len, out, sizeof(out) - z.avail_out);
            len += sizeof(out) - z.avail_out;
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    free(row);

    snprintf(content, sizeof(content), "q 612 0 0 792 0 0 cm /Im0 Do Q");
    fputs("%PDF-1.4\n", f);
    off[1] = ftell(f);
    fputs("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n", f);
    off[2] = ftell(f);
    fputs("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n", f);
    off[3] = ftell(f);
    fprintf(f, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
               "/Rotate %d /Resources << /XObject << /Im0 5 0 R >> >> "
               "/Contents 4 0 R >> endobj\n", rotate);
    off[4] = ftell(f);
    fprintf(f, "4 0 obj << /Length %zu >> stream\n%s\nendstream endobj\n",
            strlen(content), content);
    off[5] = ftell(f);
    fprintf(f, "5 0 obj << /Type /XObject /Subtype /Image /Width %u /Height %u "
               "/ColorSpace /DeviceRGB /BitsPerComponent 8 "
               "/Filter /FlateDecode /Length %zu >> stream\n", w, h, len);
    ck_assert_uint_eq(fwrite(image, 1, len, f), len);
    fputs("\nendstream endobj\n", f);
    xref = ftell(f);
    fputs("xref\n0 6\n0000000000 65535 f \n", f);
    for (int i = 1; i <= 5; i++)
        fprintf(f, "%010ld 00000 n \n", off[i]);
    fprintf(f, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", xref);
    ck_assert_int_eq(fclose(f), 0);
    free(image);
}

static long
peak_rss_kib(void)
{
    struct rusage ru;

    ck_assert_int_eq(getrusage(RUSAGE_SELF, &ru), 0);
    return ru.ru_maxrss;
}

/*
 * A page holding a 600-dpi A4 scan (4960 x 7016 pixels, 104 MB decoded) is
 * previewed with memory that follows the preview, not the scan: poppler's
 * cairo renderer needed the whole decoded image (about 140 MB) for this.
 * The picture comes out right, and a turned page is previewed turned.
 */
START_TEST(test_thumb_pdf_scan_in_bounded_memory)
{
    const char *dir = tu_tmpdir();
    struct th_preview p;
    char path[512];
    long before;

    snprintf(path, sizeof(path), "%s/scan.pdf", dir);
    write_scan_pdf(path, 4960, 7016, 0);
    before = peak_rss_kib();
    th_make(NULL, path, "application/pdf", 1000, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_int_eq(p.pages, 1);
    ck_assert_int_le(peak_rss_kib() - before, 48 * 1024);
    ck_assert_int_eq(p.width, 148); /* 612 x 792 pt inside 148 x 208 */
    ck_assert_int_eq(p.height, 192);
    ck_assert(near(pixel_at(&p, 20, 100), 0xff0000));
    ck_assert(near(pixel_at(&p, 140, 100), 0xffffff));
    th_release(&p);

    write_scan_pdf(path, 200, 300, 90);
    th_make(NULL, path, "application/pdf", 1000, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_int_eq(p.width, 148); /* turned: 792 x 612 pt */
    ck_assert_int_eq(p.height, 114);
    /* turned clockwise, the red left half is now on top */
    ck_assert(near(pixel_at(&p, 74, 10), 0xff0000));
    ck_assert(near(pixel_at(&p, 74, 100), 0xffffff));
    th_release(&p);
    tu_rmtree(dir);
}
END_TEST

/*
 * th_begin() draws poppler's first page itself, so that threads can
 * preview PDFs at once; it nests, and previews work inside and after it.
 */
START_TEST(test_thumb_begin_nests)
{
    const char *pdf = TEST_SOURCE_DIR "/templates/example/bukti/01-kebijakan-arsitektur/"
                      "peraturan-bupati-31-2022-arsitektur-spbe.pdf";
    struct th_preview p;

    ck_assert(th_begin());
    ck_assert(th_begin());
    th_end();
    th_make(NULL, pdf, "application/pdf", 1, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    th_release(&p);
    th_end();
    th_make(NULL, pdf, "application/pdf", 1, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    th_release(&p);
}
END_TEST

START_TEST(test_thumb_other_types_and_missing_files)
{
    struct th_preview p;

    th_make(NULL, "/nonexistent.csv", "text/csv", 1, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_NONE);
    th_make(NULL, "/nonexistent.png", "image/png", 1, 148, 208, true, &p);
    ck_assert_int_eq(p.state, TH_FAILED);
    th_make(NULL, "/nonexistent.png", "image/png", 1, 148, 208, false, &p);
    ck_assert_int_eq(p.state, TH_NONE);
}
END_TEST

static Suite *
render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("render");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_render_example_is_reproducible);
    tcase_add_test(tc, test_render_refuses_errors);
    tcase_add_test(tc, test_render_missing_font);
    tcase_add_test(tc, test_render_unwritable_place);
    suite_add_tcase(s, tc);

    tc = tcase_create("layout");
    tcase_add_test(tc, test_layout_paragraph_flows_across_pages);
    tcase_add_test(tc, test_layout_need_breaks_only_when_short);
    suite_add_tcase(s, tc);

    tc = tcase_create("thumb");
    tcase_add_test(tc, test_thumb_png_is_downscaled);
    tcase_add_test(tc, test_thumb_refuses_huge_image);
    tcase_add_test(tc, test_thumb_png_streamed_and_interlaced);
    tcase_add_test(tc, test_thumb_broken_pdf);
    tcase_add_test(tc, test_thumb_pdf_pages_without_image);
    tcase_add_test(tc, test_thumb_pdf_scan_in_bounded_memory);
    tcase_add_test(tc, test_thumb_begin_nests);
    tcase_add_test(tc, test_thumb_other_types_and_missing_files);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(render_suite());
}
