/*
 * thumb_work.c -- the child's side of previews (th_work()), run only in
 * a child of the preview server (preview_proc.c) under its budget, never
 * in dossier's process: poppler draws a PDF's first page small
 * (thumb_pdf.cc), libpng decodes a PNG a row at a time into a
 * box-filtered preview, gdk-pixbuf decodes a JPEG already scaled down.
 * The result is kept as a small JPEG and, decoded here again, as the
 * pixels of that JPEG, so that the caller needs no decoder at all.
 */
#define _GNU_SOURCE

#include "thumb.h"
#include "thumb_pdf.h"

#include "fileio.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define JPEG_QUALITY "82"

static void
fit(double w, double h, int max_w, int max_h, int *out_w, int *out_h)
{
    double s = (double)max_w / w;

    if (h * s > max_h)
        s = (double)max_h / h;
    *out_w = (int)(w * s + 0.5) < 1 ? 1 : (int)(w * s + 0.5);
    *out_h = (int)(h * s + 0.5) < 1 ? 1 : (int)(h * s + 0.5);
}

/*
 * The pixels of the JPEG 'buf' as the caller wants them (thumb.h,
 * th_preview.pixels), decoded here, with the decoder the caller would
 * have used: the surface matches the JPEG the PDF embeds.  NULL when the
 * JPEG is not of 'w' x 'h' pixels.
 */
static uint32_t *
jpeg_pixels(const gchar *buf, gsize len, int w, int h)
{
    GdkPixbufLoader *loader = gdk_pixbuf_loader_new_with_type("jpeg", NULL);
    GdkPixbuf *pb;
    uint32_t *px = NULL;

    if (!loader)
        return NULL;
    if (gdk_pixbuf_loader_write(loader, (const guchar *)buf, len, NULL) &&
        gdk_pixbuf_loader_close(loader, NULL) &&
        (pb = gdk_pixbuf_loader_get_pixbuf(loader)) && gdk_pixbuf_get_width(pb) == w &&
        gdk_pixbuf_get_height(pb) == h && gdk_pixbuf_get_n_channels(pb) >= 3 &&
        (px = malloc((size_t)w * (size_t)h * 4))) {
        int nch = gdk_pixbuf_get_n_channels(pb);
        int stride = gdk_pixbuf_get_rowstride(pb);
        const guchar *src = gdk_pixbuf_read_pixels(pb);

        for (int y = 0; y < h; y++) {
            const guchar *in = src + (size_t)y * stride;

            for (int x = 0; x < w; x++)
                px[(size_t)y * w + x] = 0xff000000u | (uint32_t)in[nch * x] << 16 |
                                        (uint32_t)in[nch * x + 1] << 8 | in[nch * x + 2];
        }
    } else {
        gdk_pixbuf_loader_close(loader, NULL);
    }
    g_object_unref(loader);
    return px;
}

/* Keep an opaque RGB pixbuf as the preview's JPEG, and its pixels. */
static void
keep_jpeg(GdkPixbuf *rgb, struct th_preview *p)
{
    gchar *buf = NULL;
    gsize len = 0;
    int w = gdk_pixbuf_get_width(rgb), h = gdk_pixbuf_get_height(rgb);

    if (!gdk_pixbuf_save_to_buffer(rgb, &buf, &len, "jpeg", NULL, "quality",
                                   JPEG_QUALITY, NULL)) {
        p->state = TH_FAILED;
        return;
    }
    p->pixels = jpeg_pixels(buf, len, w, h);
    if (!p->pixels) {
        g_free(buf);
        p->state = TH_FAILED;
        return;
    }
    p->jpeg = (unsigned char *)buf;
    p->len = len;
    p->width = w;
    p->height = h;
    p->state = TH_OK;
}

/* Free what the child made (its JPEG comes from gdk-pixbuf). */
static void
drop(struct th_preview *p)
{
    g_free(p->jpeg);
    free(p->pixels);
    p->jpeg = NULL;
    p->pixels = NULL;
    p->len = 0;
    p->width = p->height = 0;
}

static void
free_pixels(guchar *pixels, gpointer data)
{
    (void)data;
    free(pixels);
}

static void
preview_pdf(int fd, int max_w, int max_h, bool image, struct th_preview *p)
{
    struct th_pdf_page page;
    GdkPixbuf *pb;

    p->state = th_pdf_first_page(fd, max_w, max_h, image, &page);
    p->pages = page.pages;
    if (p->state != TH_OK)
        return;
    pb = gdk_pixbuf_new_from_data(page.rgb, GDK_COLORSPACE_RGB, FALSE, 8,
                                  page.width, page.height, page.stride,
                                  free_pixels, NULL);
    if (!pb) {
        free(page.rgb);
        p->state = TH_FAILED;
        return;
    }
    keep_jpeg(pb, p);
    g_object_unref(pb);
}

/* ---- PNG, a row at a time ------------------------------------------- */

static void
png_fail(png_structp png, png_const_charp msg)
{
    (void)msg;
    png_longjmp(png, 1);
}

static void
png_quiet(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/*
 * The scaled-down image as an RGB pixbuf: every preview pixel is the mean
 * of the source pixels that fall in it (a box filter), summed row by row,
 * so memory is one source row and one preview row of sums, whatever the
 * size of the PNG.  Transparency is laid on white by libpng.
 */
static GdkPixbuf *
png_scaled(png_structp png, png_infop info, int max_w, int max_h)
{
    png_uint_32 w = png_get_image_width(png, info);
    png_uint_32 h = png_get_image_height(png, info);
    png_color_16 white = {0, 0xffff, 0xffff, 0xffff, 0xffff};
    GdkPixbuf *volatile pb = NULL;
    png_bytep volatile row = NULL;
    uint32_t *volatile sum = NULL;
    uint32_t *volatile cols = NULL;
    uint32_t *volatile col_of = NULL;
    guchar *out;
    uint32_t rows = 0;
    int tw, th, stride, oy = 0;

    fit(w, h, max_w, max_h, &tw, &th);
    if ((png_uint_32)tw > w || (png_uint_32)th > h) {
        tw = (int)w;
        th = (int)h;
    }
    if (setjmp(png_jmpbuf(png))) {
        if (pb)
            g_object_unref(pb);
        free(row);
        free(sum);
        free(cols);
        free(col_of);
        return NULL;
    }
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_background(png, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
    png_read_update_info(png, info);
    if (png_get_channels(png, info) != 3 || png_get_bit_depth(png, info) != 8)
        png_error(png, "unexpected pixel layout");
    row = malloc(png_get_rowbytes(png, info));
    sum = calloc((size_t)tw * 3, sizeof(*sum));
    cols = calloc((size_t)tw, sizeof(*cols));
    col_of = malloc((size_t)w * sizeof(*col_of));
    pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, tw, th);
    if (!row || !sum || !cols || !col_of || !pb)
        png_error(png, "out of memory");
    out = gdk_pixbuf_get_pixels(pb);
    stride = gdk_pixbuf_get_rowstride(pb);
    /* the preview column of each source column, and how many fall in it */
    for (png_uint_32 x = 0; x < w; x++) {
        col_of[x] = (uint32_t)((uint64_t)x * tw / w);
        cols[col_of[x]]++;
    }
    for (png_uint_32 y = 0; y <= h; y++) {
        int ny = y < h ? (int)((uint64_t)y * th / h) : th;

        if (ny != oy) {
            /* preview row 'oy' is complete */
            for (int x = 0; x < tw; x++)
                for (int c = 0; c < 3; c++)
                    out[(size_t)oy * stride + 3 * x + c] =
                        (guchar)(sum[3 * x + c] / (cols[x] * rows));
            memset(sum, 0, (size_t)tw * 3 * sizeof(*sum));
            rows = 0;
            oy = ny;
        }
        if (y == h)
            break;
        png_read_row(png, row, NULL);
        for (png_uint_32 x = 0; x < w; x++) {
            uint32_t *s = &sum[3 * (size_t)col_of[x]];

            s[0] += row[3 * x];
            s[1] += row[3 * x + 1];
            s[2] += row[3 * x + 2];
        }
        rows++;
    }
    free(row);
    free(sum);
    free(cols);
    free(col_of);
    return pb;
}

/*
 * A PNG's preview.  Returns false, having read nothing the caller cannot
 * read again, for an interlaced PNG: its rows come in seven passes, so it
 * is decoded whole by gdk-pixbuf instead (when small enough).
 */
static bool
preview_png(int fd, int max_w, int max_h, struct th_preview *p)
{
    int copy = dup(fd);
    FILE *f = copy >= 0 ? fdopen(copy, "rb") : NULL;
    png_structp png = NULL;
    png_infop info = NULL;
    GdkPixbuf *pb = NULL;
    volatile bool done = true;

    p->state = TH_FAILED;
    if (!f) {
        if (copy >= 0)
            close(copy);
        return true;
    }
    png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_quiet);
    info = png ? png_create_info_struct(png) : NULL;
    if (!info)
        goto out;
    if (setjmp(png_jmpbuf(png)))
        goto out;
    /* no screenshot or scan is this wide; ancillary chunks stay small */
    png_set_user_limits(png, 1u << 20, 1u << 20);
    png_set_chunk_malloc_max(png, (png_alloc_size_t)8 << 20);
    png_init_io(png, f);
    png_read_info(png, info);
    if ((uint64_t)png_get_image_width(png, info) * png_get_image_height(png, info) >
        TH_MAX_PIXELS) {
        p->state = TH_LARGE;
        goto out;
    }
    if (png_get_interlace_type(png, info) != PNG_INTERLACE_NONE) {
        done = false;
        goto out;
    }
    pb = png_scaled(png, info, max_w, max_h);
    if (pb) {
        keep_jpeg(pb, p);
        g_object_unref(pb);
    }
out:
    png_destroy_read_struct(png ? &png : NULL, info ? &info : NULL, NULL);
    fclose(f);
    return done;
}

struct image_load {
    int max_w, max_h;
    uint64_t max_pixels;
    bool too_large;
};

static void
size_prepared(GdkPixbufLoader *loader, int w, int h, gpointer data)
{
    struct image_load *il = data;
    int tw, th;

    if (w <= 0 || h <= 0 || (uint64_t)w * (uint64_t)h > il->max_pixels) {
        /* a size of 0 makes the loader give up before it allocates */
        il->too_large = true;
        gdk_pixbuf_loader_set_size(loader, 0, 0);
        return;
    }
    fit(w, h, il->max_w, il->max_h, &tw, &th);
    if (tw < w || th < h)
        gdk_pixbuf_loader_set_size(loader, tw, th);
}

/* An image decoded with its alpha laid on white, as an opaque RGB pixbuf. */
static GdkPixbuf *
flatten(GdkPixbuf *src)
{
    int w = gdk_pixbuf_get_width(src);
    int h = gdk_pixbuf_get_height(src);

    if (!gdk_pixbuf_get_has_alpha(src))
        return g_object_ref(src);
    return gdk_pixbuf_composite_color_simple(src, w, h, GDK_INTERP_NEAREST,
                                             255, 8, 0xffffff, 0xffffff);
}

static void
preview_image(int fd, const char *type, int max_w, int max_h,
              struct th_preview *p)
{
    /* libjpeg decodes a JPEG scaled down; anything else is decoded whole */
    struct image_load il = {.max_w = max_w, .max_h = max_h,
                            .max_pixels = strcmp(type, "jpeg") == 0
                                              ? TH_MAX_PIXELS
                                              : TH_MAX_DECODED_PIXELS};
    GdkPixbufLoader *loader = gdk_pixbuf_loader_new_with_type(type, NULL);
    GdkPixbuf *pb, *flat = NULL;
    GError *error = NULL;
    guchar buf[65536];
    bool ok = loader != NULL;
    bool memory = false;
    ssize_t n;

    p->state = TH_FAILED;
    if (loader)
        g_signal_connect(loader, "size-prepared", G_CALLBACK(size_prepared), &il);
    while (ok && !il.too_large && (n = read(fd, buf, sizeof(buf))) != 0) {
        if (n < 0 || !gdk_pixbuf_loader_write(loader, buf, (gsize)n, &error))
            ok = false;
    }
    if (!loader)
        return;
    if (!gdk_pixbuf_loader_close(loader, ok ? &error : NULL) || il.too_large)
        ok = false;
    /* libjpeg out of memory: over the child's memory limit */
    memory = error && error->domain == GDK_PIXBUF_ERROR &&
             error->code == GDK_PIXBUF_ERROR_INSUFFICIENT_MEMORY;
    g_clear_error(&error);
    if (il.too_large)
        p->state = TH_LARGE;
    else if (memory)
        p->state = TH_MEMORY;
    pb = ok ? gdk_pixbuf_loader_get_pixbuf(loader) : NULL;
    if (pb)
        flat = flatten(pb);
    if (flat) {
        keep_jpeg(flat, p);
        g_object_unref(flat);
    }
    g_object_unref(loader);
}

/*
 * The memory libjpeg needs before it draws a pixel of a JPEG that is
 * progressive (SOF2, SOF6, SOF10, SOF14), or sequential with its
 * components in separate scans (0 for any other JPEG): it keeps every DCT
 * coefficient of the whole image, two bytes each, at full size, whatever
 * the scale it decodes at.
 */
static uint64_t
coefficient_bytes(const unsigned char *d, size_t len)
{
    struct th_jpeg_head jh;

    if (!th_jpeg_headers(d, len, &jh))
        return 0;
    return (jh.marker & 3) == 2 || jh.scan_comps < jh.ncomp ? jh.coefficients : 0;
}

int
th_work(int in, int out, int kind, int max_w, int max_h, bool image,
        uint64_t memory)
{
    struct th_preview p;
    struct th_result res;
    struct stat st;

    memset(&p, 0, sizeof(p));
    /* the caller wrote the copy through this same open file */
    if (fstat(in, &st) < 0 || lseek(in, 0, SEEK_SET) != 0)
        return 1;
    if (kind == TH_KIND_PDF) {
        preview_pdf(in, max_w, max_h, image, &p);
    } else if (kind == TH_KIND_PNG && preview_png(in, max_w, max_h, &p)) {
        /* done */
    } else if (lseek(in, 0, SEEK_SET) == 0) {
        void *map = st.st_size > 0 ? mmap(NULL, (size_t)st.st_size, PROT_READ,
                                          MAP_PRIVATE, in, 0)
                                   : MAP_FAILED;
        uint64_t need = map != MAP_FAILED && kind == TH_KIND_JPEG
                            ? coefficient_bytes(map, (size_t)st.st_size)
                            : 0;

        if (map != MAP_FAILED)
            munmap(map, (size_t)st.st_size);
        if (memory && need > memory)
            p.state = TH_MEMORY;
        else
            preview_image(in, kind == TH_KIND_PNG ? "png" : "jpeg", max_w, max_h, &p);
    } else {
        p.state = TH_FAILED;
    }
    if (p.state == TH_OK && p.len > TH_MAX_RESULT_BYTES)
        p.state = TH_FAILED;
    if (p.state != TH_OK)
        drop(&p);
    res = (struct th_result){.state = p.state, .pages = p.pages,
                             .width = p.width, .height = p.height, .len = p.len,
                             .pixels_len = p.pixels ? (uint64_t)p.width * p.height * 4 : 0};
    if (dsr_fio_write_all(out, &res, sizeof(res), NULL) < 0 ||
        (p.len && dsr_fio_write_all(out, p.jpeg, p.len, NULL) < 0) ||
        (res.pixels_len &&
         dsr_fio_write_all(out, p.pixels, (size_t)res.pixels_len, NULL) < 0))
        return 1;
    drop(&p);
    return 0;
}

void
th_warm(void)
{
    GdkPixbufLoader *loader;

    th_begin();
    /* gdk-pixbuf's loaders are modules, loaded once here */
    loader = gdk_pixbuf_loader_new_with_type("jpeg", NULL);
    if (loader) {
        gdk_pixbuf_loader_close(loader, NULL);
        g_object_unref(loader);
    }
    loader = gdk_pixbuf_loader_new_with_type("png", NULL);
    if (loader) {
        gdk_pixbuf_loader_close(loader, NULL);
        g_object_unref(loader);
    }
}
