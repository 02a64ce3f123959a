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
#include "dossier/hash.h"
#include "dossier/render.h"
#include "dossier/score.h"

#include "layout.h"
#include "render_int.h"
#include "thumb.h"

#include <cairo-pdf.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jpeglib.h>
#include <png.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
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

/* Each test runs in a process of its own: its own preview server. */
static void
setup(void)
{
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_previews_start(&err), 0);
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

/*
 * th_make() on the file at 'path' as check would have seen it: its SHA-256
 * and, when 'size' is (uint64_t)-1, its size; 'lim' NULL for the defaults.
 */
static void
preview_lim(const char *path, const char *mime, uint64_t size, bool image,
            const struct th_limits *lim, struct th_preview *p)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char hex[DSR_HASH_HEX_MAX] = "";
    struct th_limits def;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd >= 0) {
        size_t len;
        char *data = slurp(path, &len);

        ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, data, len, hex, &err), 0);
        if (size == (uint64_t)-1)
            size = len;
        free(data);
    }
    th_limits_default(&def);
    th_make(fd, hex, mime, size, 148, 208, image, lim ? lim : &def, p);
    if (fd >= 0)
        close(fd);
}

static void
tmake(const char *path, const char *mime, bool image, struct th_preview *p)
{
    preview_lim(path, mime, (uint64_t)-1, image, NULL, p);
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

/* Without dsr_previews_start(): every PDF and image in a placeholder. */
START_TEST(test_render_without_server)
{
    struct dsr_render_opts opts = {.fonts_dir = FONTS, .date = DATE};
    struct dsr_render_stats stats;
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char a[512];

    check_manifest(EXAMPLE);
    snprintf(a, sizeof(a), "%s/a.pdf", dir);
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, a, &stats, &err), 0);
    ck_assert_uint_eq(stats.thumbnails, 0);
    ck_assert_uint_eq(stats.thumbnails_missing, 78);
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
    /* a missing folder is made (-o out/x.pdf); a file in its place is not */
    tu_write(dir, "file", "x", (size_t)-1);
    snprintf(out, sizeof(out), "%s/file/d.pdf", dir);
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, out, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_int_eq(err.sys_errno, ENOTDIR);
    ck_assert_str_eq(err.path, out);
    ck_assert_int_eq(count_files(dir), 1);
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
    tmake(path, "image/png", true, &p);
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
    tmake(path, "image/png", true, &p);
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
    tmake(path, "image/png", true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_int_eq(p.width, 148);
    ck_assert(near(pixel_at(&p, 20, 50), 0xff0000));
    ck_assert(near(pixel_at(&p, 128, 50), 0xffffff));
    th_release(&p);

    /* interlaced and over the whole-decoding limit: no preview, no failure */
    snprintf(path, sizeof(path), "%s/adam7-big.png", dir);
    write_halves(path, 3000, 2000, true);
    tmake(path, "image/png", true, &p);
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
    tmake(path, "image/png", true, &p);
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
    tmake(path, "application/pdf", true, &p);
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

    tmake(pdf, "application/pdf", false, &p);
    ck_assert_int_eq(p.state, TH_NONE);
    ck_assert_int_eq(p.pages, 2);
    th_release(&p);
    tmake(pdf, "application/pdf", true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_int_eq(p.pages, 2);
    /* A4 portrait inside 148 x 208 */
    ck_assert_int_eq(p.height, 208);
    ck_assert_int_eq(p.width, 147);
    th_release(&p);
    /* a PDF over the preview limit is not copied: no preview, no pages */
    preview_lim(pdf, "application/pdf", TH_MAX_PDF_BYTES + 1, true, NULL, &p);
    ck_assert_int_eq(p.state, TH_LARGE);
    ck_assert_int_eq(p.pages, 0);
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
 * previewed with memory that follows the preview, not the scan (within a
 * hard limit of 48 MiB, in a child process): poppler's
 * cairo renderer needed the whole decoded image (about 140 MB) for this.
 * The picture comes out right, and a turned page is previewed turned.
 */
START_TEST(test_thumb_pdf_scan_in_bounded_memory)
{
    const char *dir = tu_tmpdir();
    struct th_limits lim;
    struct th_preview p;
    char path[512];
    long before;

    snprintf(path, sizeof(path), "%s/scan.pdf", dir);
    write_scan_pdf(path, 4960, 7016, 0);
    before = peak_rss_kib();
    /* made in a child whose address space may grow by 48 MiB at most */
    th_limits_default(&lim);
    lim.memory = (uint64_t)48 << 20;
    preview_lim(path, "application/pdf", (uint64_t)-1, true, &lim, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_int_eq(p.pages, 1);
    /* and never in this process */
    ck_assert_int_le(peak_rss_kib() - before, 8 * 1024);
    ck_assert_int_eq(p.width, 148); /* 612 x 792 pt inside 148 x 208 */
    ck_assert_int_eq(p.height, 192);
    ck_assert(near(pixel_at(&p, 20, 100), 0xff0000));
    ck_assert(near(pixel_at(&p, 140, 100), 0xffffff));
    th_release(&p);

    write_scan_pdf(path, 200, 300, 90);
    tmake(path, "application/pdf", true, &p);
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
 * th_begin() draws poppler's first page itself, so that the preview
 * server's children inherit poppler's global state; a second call does
 * nothing, and previews work after it.
 */
START_TEST(test_thumb_begin_once)
{
    const char *pdf = TEST_SOURCE_DIR "/templates/example/bukti/01-kebijakan-arsitektur/"
                      "peraturan-bupati-31-2022-arsitektur-spbe.pdf";
    struct th_preview p;

    ck_assert(th_begin());
    ck_assert(th_begin());
    tmake(pdf, "application/pdf", true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    th_release(&p);
}
END_TEST

/* A result file as a child would write it: 'res', then 'len' bytes of
   'jpeg', then 'plen' bytes of 'pixels', then 'extra' zero bytes. */
static int
result_file(struct th_result res, const void *jpeg, size_t len, const void *pixels,
            size_t plen, size_t extra)
{
    int fd = memfd_create("test-result", MFD_CLOEXEC);
    static const char zero[16];

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, &res, sizeof(res)), (ssize_t)sizeof(res));
    if (len)
        ck_assert_int_eq(write(fd, jpeg, len), (ssize_t)len);
    if (plen)
        ck_assert_int_eq(write(fd, pixels, plen), (ssize_t)plen);
    ck_assert_uint_le(extra, sizeof(zero));
    if (extra)
        ck_assert_int_eq(write(fd, zero, extra), (ssize_t)extra);
    return fd;
}

/* th_take_result() on that file, for a 148 x 208 box: the state */
static enum th_state
take(struct th_result res, const void *jpeg, size_t len, const void *pixels, size_t plen,
     size_t extra)
{
    struct th_preview q;
    int fd = result_file(res, jpeg, len, pixels, plen, extra);
    enum th_state state;

    th_take_result(fd, 148, 208, &q);
    close(fd);
    state = q.state;
    if (state != TH_OK) {
        ck_assert_ptr_null(q.jpeg);
        ck_assert_ptr_null(q.pixels);
        ck_assert_ptr_null(th_surface(&q));
    }
    th_release(&q);
    return state;
}

/*
 * The caller decodes nothing a child hands back: it takes the pixels as
 * they come, and only when the result keeps every limit and its JPEG's
 * headers agree with them; anything else is a placeholder.  (That no
 * decoder is even linked into the caller's side: tests/no_decoder.sh.)
 */
START_TEST(test_thumb_result_checked_not_decoded)
{
    const char *dir = tu_tmpdir();
    struct th_preview p;
    struct th_result ok, r;
    cairo_surface_t *s;
    unsigned char *big;
    char path[512];
    size_t plen;

    snprintf(path, sizeof(path), "%s/a.png", dir);
    write_png(path, 1000, 500);
    tmake(path, "image/png", true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    ck_assert_ptr_nonnull(p.pixels);
    plen = (size_t)p.width * (size_t)p.height * 4;
    ok = (struct th_result){.state = TH_OK, .pages = 0, .width = p.width,
                            .height = p.height, .len = p.len, .pixels_len = plen};
    ck_assert_int_eq(take(ok, p.jpeg, p.len, p.pixels, plen, 0), TH_OK);

    /* the surface is the child's pixels, with the JPEG for the PDF */
    s = th_surface(&p);
    ck_assert_ptr_nonnull(s);
    cairo_surface_flush(s);
    ck_assert_int_eq(cairo_image_surface_get_width(s), p.width);
    ck_assert_uint_eq(*(const uint32_t *)(const void *)cairo_image_surface_get_data(s) &
                          0xffffff,
                      p.pixels[0] & 0xffffff);
    cairo_surface_destroy(s);

    /* pixels and JPEG of different sizes */
    r = ok;
    r.width = p.width - 1;
    r.pixels_len = (uint64_t)r.width * r.height * 4;
    ck_assert_int_eq(take(r, p.jpeg, p.len, p.pixels, (size_t)r.pixels_len, 0), TH_FAILED);
    /* fewer pixels than the size says, or more bytes after them */
    r = ok;
    r.pixels_len -= 4;
    ck_assert_int_eq(take(r, p.jpeg, p.len, p.pixels, plen - 4, 0), TH_FAILED);
    ck_assert_int_eq(take(ok, p.jpeg, p.len, p.pixels, plen, 4), TH_FAILED);
    r = ok;
    r.pixels_len += 4;
    ck_assert_int_eq(take(r, p.jpeg, p.len, p.pixels, plen, 4), TH_FAILED);
    /* larger than the box, JPEG and pixels agreeing or not */
    big = calloc(149 * 209, 4);
    ck_assert_ptr_nonnull(big);
    r = ok;
    r.width = 149;
    r.pixels_len = (uint64_t)149 * r.height * 4;
    ck_assert_int_eq(take(r, p.jpeg, p.len, big, (size_t)r.pixels_len, 0), TH_FAILED);
    r = ok;
    r.height = 209;
    r.pixels_len = (uint64_t)r.width * 209 * 4;
    ck_assert_int_eq(take(r, p.jpeg, p.len, big, (size_t)r.pixels_len, 0), TH_FAILED);
    /* a JPEG over its limit, or none */
    r = ok;
    r.len = TH_MAX_RESULT_BYTES + 1;
    ck_assert_int_eq(take(r, p.jpeg, p.len, p.pixels, plen, 0), TH_FAILED);
    r = ok;
    r.len = 0;
    ck_assert_int_eq(take(r, NULL, 0, p.pixels, plen, 0), TH_FAILED);
    /* no JPEG at all where one should be: only its headers are read */
    memset(big, 0x5a, p.len);
    ck_assert_int_eq(take(ok, big, p.len, p.pixels, plen, 0), TH_FAILED);
    /* no preview, with bytes after it */
    r = (struct th_result){.state = TH_FAILED};
    ck_assert_int_eq(take(r, NULL, 0, NULL, 0, 0), TH_FAILED);
    r.state = TH_LOCKED;
    ck_assert_int_eq(take(r, NULL, 0, NULL, 0, 0), TH_LOCKED);
    ck_assert_int_eq(take(r, NULL, 0, NULL, 0, 8), TH_FAILED);
    r.pixels_len = 4;
    ck_assert_int_eq(take(r, NULL, 0, big, 4, 0), TH_FAILED);
    /* a state only the caller sets */
    r = ok;
    r.state = TH_NO_SERVER;
    ck_assert_int_eq(take(r, p.jpeg, p.len, p.pixels, plen, 0), TH_FAILED);
    free(big);
    th_release(&p);
    tu_rmtree(dir);
}
END_TEST

/*
 * Only dsr_previews_start() starts the preview server: without it (a
 * process that never called it, or a copy forked from one that did), a
 * PDF or image is a placeholder that says so, and nothing is forked.
 */
START_TEST(test_thumb_without_server)
{
    const char *pdf = TEST_SOURCE_DIR "/templates/example/bukti/01-kebijakan-arsitektur/"
                      "peraturan-bupati-31-2022-arsitektur-spbe.pdf";
    const char *dir = tu_tmpdir();
    struct th_preview p;
    char path[512];
    pid_t pid;
    int status;

    snprintf(path, sizeof(path), "%s/a.png", dir);
    write_png(path, 300, 200);
    tmake(path, "image/png", true, &p);
    ck_assert_int_eq(p.state, TH_NO_SERVER);
    ck_assert_ptr_null(th_surface(&p));
    ck_assert_str_eq(th_reason(&p), "no preview: previews are not available in this run");
    th_release(&p);
    tmake(pdf, "application/pdf", true, &p);
    ck_assert_int_eq(p.state, TH_NO_SERVER);
    ck_assert_int_eq(p.pages, 0);
    th_release(&p);
    tmake(pdf, "application/pdf", false, &p);
    ck_assert_int_eq(p.pages, 0);
    th_release(&p);

    /* a server started, then fork(): the copy has none of its own */
    setup();
    tmake(path, "image/png", true, &p);
    ck_assert_int_eq(p.state, TH_OK);
    th_release(&p);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        tmake(path, "image/png", true, &p);
        _exit(p.state == TH_NO_SERVER ? 0 : 1);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    dsr_previews_stop();
    tu_rmtree(dir);
}
END_TEST


START_TEST(test_thumb_other_types_and_missing_files)
{
    struct th_preview p;

    tmake("/nonexistent.csv", "text/csv", true, &p);
    ck_assert_int_eq(p.state, TH_NONE);
    tmake("/nonexistent.png", "image/png", true, &p);
    ck_assert_int_eq(p.state, TH_FAILED);
    tmake("/nonexistent.png", "image/png", false, &p);
    ck_assert_int_eq(p.state, TH_NONE);
}
END_TEST

/* ---- previews within a budget, from the bytes check hashed ---------- */

/*
 * A one-page PDF whose page draws form Fm0, and each form Fm<i> draws
 * Fm<i+1> twice, 'depth' levels down: 2^depth drawings of the last one
 * from a file of a few kilobytes, so poppler would take hours.
 */
static void
write_nested_forms_pdf(const char *path, int depth)
{
    FILE *f = fopen(path, "wb");
    long *off = calloc((size_t)depth + 6, sizeof(*off));
    long xref;
    int n = depth + 5;

    ck_assert_ptr_nonnull(f);
    ck_assert_ptr_nonnull(off);
    fputs("%PDF-1.4\n", f);
    off[1] = ftell(f);
    fputs("1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n", f);
    off[2] = ftell(f);
    fputs("2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n", f);
    off[3] = ftell(f);
    fputs("3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
          "/Resources << /XObject << /Fm0 5 0 R >> >> /Contents 4 0 R >> endobj\n", f);
    off[4] = ftell(f);
    fputs("4 0 obj << /Length 8 >> stream\n/Fm0 Do\n\nendstream endobj\n", f);
    for (int i = 0; i <= depth; i++) {
        char content[64];

        if (i < depth)
            snprintf(content, sizeof(content), "/Fm%d Do /Fm%d Do", i + 1, i + 1);
        else
            snprintf(content, sizeof(content), "0 0 1 rg 10 10 100 100 re f");
        off[5 + i] = ftell(f);
        fprintf(f, "%d 0 obj << /Type /XObject /Subtype /Form /BBox [0 0 612 792] ",
                5 + i);
        if (i < depth)
            fprintf(f, "/Resources << /XObject << /Fm%d %d 0 R >> >> ", i + 1, 6 + i);
        fprintf(f, "/Length %zu >> stream\n%s\nendstream endobj\n", strlen(content),
                content);
    }
    xref = ftell(f);
    fprintf(f, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (int i = 1; i <= n; i++)
        fprintf(f, "%010ld 00000 n \n", off[i]);
    fprintf(f, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%ld\n%%%%EOF\n", n + 1,
            xref);
    ck_assert_int_eq(fclose(f), 0);
    free(off);
}

/*
 * A 16 x 16 JPEG of three components written by libjpeg with the scan
 * script 'kind' ("progressive", or "separate": sequential, one component
 * a scan), then its frame header patched to claim w x h: libjpeg keeps
 * every coefficient of such an image (w x h x 6 bytes) before it draws.
 */
static void
write_claiming_jpeg(const char *path, const char *kind, unsigned w, unsigned h)
{
    static jpeg_scan_info separate[3] = {
        {1, {0}, 0, 63, 0, 0}, {1, {1}, 0, 63, 0, 0}, {1, {2}, 0, 63, 0, 0}};
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr jerr;
    unsigned char *mem = NULL;
    unsigned long len = 0;
    unsigned char row[16 * 3];
    JSAMPROW rows[1] = {row};
    bool patched = false;
    FILE *f;

    for (int i = 0; i < 16 * 3; i++)
        row[i] = (unsigned char)(i * 5);
    c.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &mem, &len);
    c.image_width = 16;
    c.image_height = 16;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    for (int i = 0; i < 3; i++)
        c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
    if (strcmp(kind, "progressive") == 0) {
        jpeg_simple_progression(&c);
    } else {
        c.scan_info = separate;
        c.num_scans = 3;
    }
    jpeg_start_compress(&c, TRUE);
    for (int y = 0; y < 16; y++)
        jpeg_write_scanlines(&c, rows, 1);
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    /* the frame header: FFCx, length, precision, height, width */
    for (unsigned long i = 2; i + 9 < len && !patched; i++) {
        if (mem[i] == 0xff && (mem[i + 1] == 0xc0 || mem[i + 1] == 0xc1 ||
                               mem[i + 1] == 0xc2)) {
            mem[i + 5] = (unsigned char)(h >> 8);
            mem[i + 6] = (unsigned char)h;
            mem[i + 7] = (unsigned char)(w >> 8);
            mem[i + 8] = (unsigned char)w;
            patched = true;
        }
    }
    ck_assert(patched);
    f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(mem, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
    free(mem);
}

/* CPU time of this process's waited-for descendants, in ms. */
static long
children_cpu_ms(void)
{
    struct rusage ru;

    ck_assert_int_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
    return ru.ru_utime.tv_sec * 1000L + ru.ru_utime.tv_usec / 1000 +
           ru.ru_stime.tv_sec * 1000L + ru.ru_stime.tv_usec / 1000;
}

static long
self_cpu_ms(void)
{
    struct rusage ru;

    ck_assert_int_eq(getrusage(RUSAGE_SELF, &ru), 0);
    return ru.ru_utime.tv_sec * 1000L + ru.ru_utime.tv_usec / 1000 +
           ru.ru_stime.tv_sec * 1000L + ru.ru_stime.tv_usec / 1000;
}

/*
 * Nested forms, 30 levels: poppler would draw for hours; the child is
 * stopped by its CPU limit and the file gets a placeholder saying so.
 * poppler never runs in this process, whose own CPU time stays small.
 */
START_TEST(test_preview_nested_forms_stop_at_cpu_limit)
{
    const char *dir = tu_tmpdir();
    struct th_limits lim;
    struct th_preview p;
    char path[512];
    long before = self_cpu_ms();

    snprintf(path, sizeof(path), "%s/forms.pdf", dir);
    write_nested_forms_pdf(path, 30);
    th_limits_default(&lim);
    lim.cpu_seconds = 1;
    preview_lim(path, "application/pdf", (uint64_t)-1, true, &lim, &p);
    ck_assert_int_eq(p.state, TH_SLOW);
    ck_assert_ptr_null(p.jpeg);
    /* the soft limit (1 s) or the hard one a second later, never more */
    ck_assert_uint_ge(p.cpu_ms, 500);
    ck_assert_uint_le(p.cpu_ms, 2500);
    ck_assert_int_lt(self_cpu_ms() - before, 900);
    ck_assert_str_eq(th_reason(&p), "no preview: drawing it took longer than allowed");
    th_release(&p);

    /* pages only (--no-thumbnails): no box, and no hang either */
    preview_lim(path, "application/pdf", (uint64_t)-1, false, &lim, &p);
    ck_assert_int_eq(p.state, TH_NONE);
    ck_assert_int_eq(p.pages, 1);
    th_release(&p);
    tu_rmtree(dir);
}
END_TEST

/*
 * JPEGs whose decoding would keep every coefficient of 8000 x 8000 pixels
 * (384 MB), progressive or sequential in separate scans: within the pixel
 * limit, over the memory budget; a placeholder says so, quickly.
 */
START_TEST(test_preview_jpeg_coefficients_over_memory)
{
    static const char *const kinds[] = {"progressive", "separate"};
    const char *dir = tu_tmpdir();
    struct th_preview p;
    char path[512];

    ck_assert_uint_le(8000u * 8000u, TH_MAX_PIXELS);
    ck_assert_uint_gt(8000ull * 8000 * 6, TH_MEMORY_BYTES);
    for (int k = 0; k < 2; k++) {
        long before = children_cpu_ms();

        snprintf(path, sizeof(path), "%s/%s.jpg", dir, kinds[k]);
        write_claiming_jpeg(path, kinds[k], 8000, 8000);
        tmake(path, "image/jpeg", true, &p);
        ck_assert_msg(p.state == TH_MEMORY, "%s: state %d", kinds[k], p.state);
        ck_assert_ptr_null(p.jpeg);
        ck_assert_int_lt(p.cpu_ms, 1000);
        (void)before;
        ck_assert_str_eq(th_reason(&p), "no preview: drawing it needs more memory than allowed");
        th_release(&p);

        /* the same image at a size within the budget is previewed */
        write_claiming_jpeg(path, kinds[k], 16, 16);
        tmake(path, "image/jpeg", true, &p);
        ck_assert_msg(p.state == TH_OK, "%s small: state %d", kinds[k], p.state);
        th_release(&p);
    }
    tu_rmtree(dir);
}
END_TEST

/*
 * The memory limit is a hard one, for what no estimate foresees: an
 * interlaced PNG of 2000 x 2000 pixels, decoded whole (16 MB), with a
 * budget of 4 MiB, and then with the default budget.
 */
START_TEST(test_preview_memory_limit_is_hard)
{
    const char *dir = tu_tmpdir();
    struct th_limits lim;
    struct th_preview p;
    char path[512];

    snprintf(path, sizeof(path), "%s/adam7.png", dir);
    write_halves(path, 2000, 2000, true);
    th_limits_default(&lim);
    lim.memory = (uint64_t)4 << 20;
    preview_lim(path, "image/png", (uint64_t)-1, true, &lim, &p);
    ck_assert_msg(p.state == TH_MEMORY, "state %d", p.state);
    th_release(&p);
    lim.memory = TH_MEMORY_BYTES;
    preview_lim(path, "image/png", (uint64_t)-1, true, &lim, &p);
    ck_assert_int_eq(p.state, TH_OK);
    th_release(&p);
    tu_rmtree(dir);
}
END_TEST

/*
 * The bytes previewed are the bytes check hashed: a file rewritten in
 * place, grown, or shrunk after its hash was taken gets the "changed"
 * placeholder, and no child ever sees its new bytes.
 */
START_TEST(test_preview_changed_file_is_not_previewed)
{
    const char *dir = tu_tmpdir();
    struct dsr_error err = DSR_ERROR_INIT;
    char hex[DSR_HASH_HEX_MAX];
    struct th_limits lim;
    struct th_preview p;
    char path[512];
    size_t len;
    char *data;
    int fd;

    snprintf(path, sizeof(path), "%s/a.png", dir);
    write_png(path, 300, 200);
    data = slurp(path, &len);
    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, data, len, hex, &err), 0);
    th_limits_default(&lim);

    fd = open(path, O_RDWR);
    ck_assert_int_ge(fd, 0);
    th_make(fd, hex, "image/png", len, 148, 208, true, &lim, &p);
    ck_assert_int_eq(p.state, TH_OK);
    th_release(&p);

    /* one byte changed, same size */
    ck_assert_int_eq(pwrite(fd, "\x01", 1, (off_t)len - 20), 1);
    th_make(fd, hex, "image/png", len, 148, 208, true, &lim, &p);
    ck_assert_int_eq(p.state, TH_CHANGED);
    ck_assert_ptr_null(p.jpeg);
    ck_assert_str_eq(th_reason(&p),
                     "no preview: the file changed after it was checked; check again");
    th_release(&p);

    /* the original bytes and more after them */
    ck_assert_int_eq(pwrite(fd, data + len - 20, 1, (off_t)len - 20), 1);
    ck_assert_int_eq(pwrite(fd, "xyz", 3, (off_t)len), 3);
    th_make(fd, hex, "image/png", len, 148, 208, true, &lim, &p);
    ck_assert_int_eq(p.state, TH_CHANGED);
    th_release(&p);

    /* cut short */
    ck_assert_int_eq(ftruncate(fd, (off_t)len - 1), 0);
    th_make(fd, hex, "image/png", len, 148, 208, true, &lim, &p);
    ck_assert_int_eq(p.state, TH_CHANGED);
    th_release(&p);
    close(fd);
    free(data);
    tu_rmtree(dir);
}
END_TEST

/* The example copied to a scratch folder, for a render to change. */
static const char *
copy_example(void)
{
    const char *dir = tu_tmpdir();
    char cmd[1200];

    snprintf(cmd, sizeof(cmd), "cp -R '%s/templates/example/.' '%s'", TEST_SOURCE_DIR, dir);
    ck_assert_int_eq(system(cmd), 0);
    return dir;
}

#define FIRST_PDF "bukti/01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf"

/*
 * Check, then an evidence file rewritten before render: the dossier
 * shows it without a preview (the "changed" placeholder), and every
 * other preview is made.
 */
START_TEST(test_render_file_changed_after_check)
{
    const char *dir = copy_example();
    struct dsr_render_opts opts = {.fonts_dir = FONTS, .date = DATE, .jobs = 2};
    struct dsr_render_stats stats;
    struct dsr_error err = DSR_ERROR_INIT;
    char manifest[600], pdf[700], out[600];
    size_t len;
    char *data;

    snprintf(manifest, sizeof(manifest), "%s/manifest.xml", dir);
    snprintf(pdf, sizeof(pdf), "%s/" FIRST_PDF, dir);
    snprintf(out, sizeof(out), "%s/d.pdf", dir);
    check_manifest(manifest);
    ck_assert_uint_eq(checked.findings.counts[DSR_SEV_ERROR], 0);
    /* the same size, another first page */
    data = slurp(pdf, &len);
    data[len / 2] ^= 0x20;
    tu_write(dir, FIRST_PDF, data, len);
    free(data);
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, out, &stats, &err), 0);
    ck_assert_uint_eq(stats.thumbnails, 77);
    ck_assert_uint_eq(stats.thumbnails_missing, 1);
    tu_rmtree(dir);
}
END_TEST

/*
 * The render's total budget: the first evidence file is the nested forms,
 * which run until their own limit of two seconds, twice the total budget
 * of one, so no rounding of CPU time and no speed of machine leaves any
 * budget over; every preview after it gets the "used up" placeholder, and
 * the dossier is still written in full.
 */
START_TEST(test_render_preview_budget_used_up)
{
    const char *dir = copy_example();
    struct dsr_render_opts opts = {.fonts_dir = FONTS, .date = DATE, .jobs = 1,
                                   .preview_cpu_seconds = 2,
                                   .preview_total_seconds = 1};
    struct dsr_render_stats stats;
    struct dsr_error err = DSR_ERROR_INIT;
    char manifest[600], pdf[700], out[600];
    size_t len;
    char *m, *sha;

    snprintf(manifest, sizeof(manifest), "%s/manifest.xml", dir);
    snprintf(pdf, sizeof(pdf), "%s/" FIRST_PDF, dir);
    snprintf(out, sizeof(out), "%s/d.pdf", dir);
    write_nested_forms_pdf(pdf, 30);
    /* the manifest records that file's hash: drop it */
    m = slurp(manifest, &len);
    sha = strstr(m, " sha256=\"7dc51be6");
    ck_assert_ptr_nonnull(sha);
    memset(sha, ' ', strlen(" sha256=\"\"") + 64);
    tu_write(dir, "manifest.xml", m, len);
    free(m);
    check_manifest(manifest);
    ck_assert_uint_eq(checked.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, out, &stats, &err), 0);
    ck_assert_uint_eq(stats.thumbnails, 0);
    ck_assert_uint_eq(stats.thumbnails_missing, 78);
    ck_assert_uint_gt(stats.pages, 50);
    tu_rmtree(dir);
}
END_TEST

static volatile sig_atomic_t test_cancel;

static void *
cancel_later(void *arg)
{
    (void)arg;
    usleep(300 * 1000);
    test_cancel = 1;
    return NULL;
}

/*
 * A preview still running is abandoned once the caller's flag is set:
 * th_make() returns within a fraction of a second, not at the child's
 * CPU limit, and the child is killed.
 */
START_TEST(test_preview_cancel_is_prompt)
{
    const char *dir = tu_tmpdir();
    struct th_limits lim;
    struct th_preview p;
    struct timespec t0, t1;
    pthread_t thread;
    char path[512];
    double took;

    snprintf(path, sizeof(path), "%s/forms.pdf", dir);
    write_nested_forms_pdf(path, 30);
    th_limits_default(&lim);
    ck_assert_uint_ge(lim.cpu_seconds, 5);
    lim.cancel = &test_cancel;
    test_cancel = 0;
    ck_assert_int_eq(pthread_create(&thread, NULL, cancel_later, NULL), 0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    preview_lim(path, "application/pdf", (uint64_t)-1, true, &lim, &p);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    pthread_join(thread, NULL);
    took = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_int_ne(p.state, TH_OK);
    ck_assert_msg(took < 2.0, "cancelled preview took %.2f s", took);
    th_release(&p);
    tu_rmtree(dir);
}
END_TEST

/* "4/I4-L1-02", or "4" for the indicator's own point. */
static void
point_name(const struct rd_point *p, char *out, size_t size)
{
    snprintf(out, size, "%s%s%s", score.indicators[p->ind].def->id,
             p->item ? "/" : "", p->item ? p->item->id : "");
}

static void
assert_points(const char *const *want, size_t nwant)
{
    size_t n;
    struct rd_point *list = rd_agenda_points(&checked, &score, &n);
    char name[64];

    for (size_t k = 0; k < n && k < nwant; k++) {
        point_name(&list[k], name, sizeof(name));
        ck_assert_msg(strcmp(name, want[k]) == 0, "point %zu is %s, not %s", k,
                      name, want[k]);
        if (k > 0)
            ck_assert(list[k - 1].gain >= list[k].gain);
    }
    ck_assert_uint_eq(n, nwant);
    g_free(list);
}

/* The agenda of the Pemdi example: every revisi item and every lowered
 * claim, largest gain first, ties in catalog order. */
START_TEST(test_agenda_pemdi_order)
{
    static const char *const want[] = {
        "2/I2-L2-01", "13", "4", "4/I4-L1-02", "2", "17", "20/I20-L1-03",
        "20/I20-L1-04", "1/I1-L2-02", "13/I13-L1-02", "13/I13-L1-03",
        "4/I4-L2-02",
    };
    size_t n;
    struct rd_point *list;

    check_manifest(TEST_SOURCE_DIR "/templates/example-pemdi/manifest.xml");
    ck_assert_uint_eq(checked.findings.counts[DSR_SEV_ERROR], 0);
    assert_points(want, sizeof(want) / sizeof(*want));
    list = rd_agenda_points(&checked, &score, &n);
    /* 2: claimed 2, counted 1.5 at weight 5 %: (20000 - 15000) x 500 */
    ck_assert_uint_eq(list[4].gain, 5000ULL * 500);
    ck_assert(list[4].lowered);
    ck_assert_int_eq(list[4].claim, 2);
    /* 13: lowered, and level 2 has no evidence, in the same row */
    ck_assert(list[1].lowered);
    ck_assert_str_eq(list[1].unsupported, "2");
    ck_assert_ptr_nonnull(list[11].verdict);
    ck_assert_int_eq(list[11].verdict->kind, DSR_KIND_OTOMATIS_DITOLAK);
    ck_assert_uint_eq(list[11].gain, 0);
    g_free(list);
}
END_TEST

/* The SPBE example: its seven lowered claims, then the claim without
 * evidence (gain 0). */
START_TEST(test_agenda_spbe_lowered)
{
    static const char *const want[] = {"42", "47", "13", "18", "20", "3", "7",
                                       "16"};

    check_manifest(EXAMPLE);
    assert_points(want, sizeof(want) / sizeof(*want));
}
END_TEST

/* Without items (spbe-2020) a revisi applies to the indicator's level,
 * and an accepted level or a level that is not lowered is no point. */
START_TEST(test_agenda_level_verdicts)
{
    static const char *const want[] = {"2", "1"};
    const char *dir = tu_tmpdir();
    char path[512];
    static const char manifest[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
        "year=\"2024\">\n"
        "  <instance name=\"Kabupaten Uji\"/>\n"
        "  <indicator id=\"1\">\n"
        "    <assessment stage=\"mandiri\" level=\"1\">a</assessment>\n"
        "    <verdict stage=\"dokumen\" status=\"revisi\">Belum cukup."
        "</verdict>\n"
        "  </indicator>\n"
        "  <indicator id=\"2\">\n"
        "    <assessment stage=\"mandiri\" level=\"2\">b</assessment>\n"
        "    <assessment stage=\"dokumen\" level=\"1\"/>\n"
        "    <link href=\"https://a.example/\" level=\"2\">A</link>\n"
        "    <verdict stage=\"dokumen\" status=\"revisi\">Turun.</verdict>\n"
        "  </indicator>\n"
        "  <indicator id=\"3\">\n"
        "    <assessment stage=\"mandiri\" level=\"2\">c</assessment>\n"
        "    <assessment stage=\"dokumen\" level=\"2\"/>\n"
        "    <link href=\"https://a.example/\" level=\"2\">A</link>\n"
        "    <verdict stage=\"dokumen\" status=\"revisi\">Lama.</verdict>\n"
        "    <verdict stage=\"interviu\" status=\"diterima\"/>\n"
        "  </indicator>\n"
        "</dossier>\n";
    size_t n;
    struct rd_point *list;

    tu_write(dir, "manifest.xml", manifest, sizeof(manifest) - 1);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    check_manifest(path);
    ck_assert_msg(checked.findings.counts[DSR_SEV_ERROR] == 0, "%s",
                  checked.findings.n ? checked.findings.items[0].message : "");
    assert_points(want, sizeof(want) / sizeof(*want));
    list = rd_agenda_points(&checked, &score, &n);
    ck_assert_ptr_nonnull(list[0].verdict);
    ck_assert_str_eq(list[0].verdict->text, "Turun.");
    ck_assert(list[0].lowered);
    ck_assert_uint_gt(list[0].gain, 0);
    ck_assert(!list[1].lowered);
    ck_assert_uint_eq(list[1].gain, 0);
    g_free(list);
    tu_rmtree(dir);
}
END_TEST

static Suite *
render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("render");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_render_example_is_reproducible);
    tcase_add_test(tc, test_render_refuses_errors);
    tcase_add_test(tc, test_render_missing_font);
    tcase_add_test(tc, test_render_unwritable_place);
    tcase_add_test(tc, test_agenda_pemdi_order);
    tcase_add_test(tc, test_agenda_spbe_lowered);
    tcase_add_test(tc, test_agenda_level_verdicts);
    suite_add_tcase(s, tc);

    tc = tcase_create("layout");
    tcase_add_test(tc, test_layout_paragraph_flows_across_pages);
    tcase_add_test(tc, test_layout_need_breaks_only_when_short);
    suite_add_tcase(s, tc);

    tc = tcase_create("thumb");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_thumb_png_is_downscaled);
    tcase_add_test(tc, test_thumb_refuses_huge_image);
    tcase_add_test(tc, test_thumb_png_streamed_and_interlaced);
    tcase_add_test(tc, test_thumb_broken_pdf);
    tcase_add_test(tc, test_thumb_pdf_pages_without_image);
    tcase_add_test(tc, test_thumb_pdf_scan_in_bounded_memory);
    tcase_add_test(tc, test_thumb_begin_once);
    tcase_add_test(tc, test_thumb_result_checked_not_decoded);
    tcase_add_test(tc, test_thumb_other_types_and_missing_files);
    suite_add_tcase(s, tc);

    tc = tcase_create("budget");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_preview_nested_forms_stop_at_cpu_limit);
    tcase_add_test(tc, test_preview_jpeg_coefficients_over_memory);
    tcase_add_test(tc, test_preview_memory_limit_is_hard);
    tcase_add_test(tc, test_preview_changed_file_is_not_previewed);
    tcase_add_test(tc, test_render_file_changed_after_check);
    tcase_add_test(tc, test_render_preview_budget_used_up);
    tcase_add_test(tc, test_preview_cancel_is_prompt);
    suite_add_tcase(s, tc);

    /* no dsr_previews_start() here */
    tc = tcase_create("no_server");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_thumb_without_server);
    tcase_add_test(tc, test_render_without_server);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(render_suite());
}
