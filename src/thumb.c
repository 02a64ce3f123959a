/*
 * thumb.c -- first-page previews of evidence: poppler draws a PDF's first
 * page small (thumb_pdf.cc), libpng decodes a PNG a row at a time into a
 * box-filtered preview, gdk-pixbuf decodes a JPEG already scaled down, and
 * the result is kept as a small JPEG.
 */
#include "thumb.h"
#include "thumb_pdf.h"

#include "dossier/evidence.h"

#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

/* Keep an opaque RGB pixbuf as the preview's JPEG. */
static void
keep_jpeg(GdkPixbuf *rgb, struct th_preview *p)
{
    gchar *buf = NULL;
    gsize len = 0;

    if (!gdk_pixbuf_save_to_buffer(rgb, &buf, &len, "jpeg", NULL, "quality",
                                   JPEG_QUALITY, NULL)) {
        p->state = TH_FAILED;
        return;
    }
    p->jpeg = (unsigned char *)buf;
    p->len = len;
    p->width = gdk_pixbuf_get_width(rgb);
    p->height = gdk_pixbuf_get_height(rgb);
    p->state = TH_OK;
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
    guchar buf[65536];
    bool ok = loader != NULL;
    ssize_t n;

    p->state = TH_FAILED;
    if (loader)
        g_signal_connect(loader, "size-prepared", G_CALLBACK(size_prepared), &il);
    while (ok && !il.too_large && (n = read(fd, buf, sizeof(buf))) != 0) {
        if (n < 0 || !gdk_pixbuf_loader_write(loader, buf, (gsize)n, NULL))
            ok = false;
    }
    close(fd);
    if (!loader)
        return;
    if (!gdk_pixbuf_loader_close(loader, NULL) || il.too_large)
        ok = false;
    if (il.too_large)
        p->state = TH_LARGE;
    pb = ok ? gdk_pixbuf_loader_get_pixbuf(loader) : NULL;
    if (pb)
        flat = flatten(pb);
    if (flat) {
        keep_jpeg(flat, p);
        g_object_unref(flat);
    }
    g_object_unref(loader);
}

void
th_make(const struct dsr_root *root, const char *resolved, const char *mime,
        uint64_t size, int max_w, int max_h, bool image, struct th_preview *p)
{
    enum dsr_path_status status;
    int sys_errno;
    int fd;
    bool pdf = strcmp(mime, "application/pdf") == 0;
    const char *type = strcmp(mime, "image/png") == 0    ? "png"
                       : strcmp(mime, "image/jpeg") == 0 ? "jpeg"
                                                         : NULL;

    memset(p, 0, sizeof(*p));
    if (!pdf && (!type || !image))
        return;
    if (!pdf && size > TH_MAX_IMAGE_BYTES) {
        p->state = TH_LARGE;
        return;
    }
    fd = root ? dsr_root_open_file(root, resolved, &status, &sys_errno)
              : open(resolved, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
                                   O_CLOEXEC);
    if (fd < 0) {
        p->state = TH_FAILED;
        return;
    }
    if (pdf) {
        preview_pdf(fd, max_w, max_h, image && size <= TH_MAX_PDF_BYTES, p);
        if (image && size > TH_MAX_PDF_BYTES && p->state == TH_NONE)
            p->state = TH_LARGE;
        return;
    }
    if (strcmp(type, "png") == 0 && preview_png(fd, max_w, max_h, p)) {
        close(fd);
        return;
    }
    if (lseek(fd, 0, SEEK_SET) < 0) {
        close(fd);
        p->state = TH_FAILED;
        return;
    }
    preview_image(fd, type, max_w, max_h, p);
}

void
th_release(struct th_preview *p)
{
    g_free(p->jpeg);
    memset(p, 0, sizeof(*p));
}

static void
unref_bytes(void *data)
{
    g_bytes_unref(data);
}

cairo_surface_t *
th_surface(const struct th_preview *p)
{
    GdkPixbufLoader *loader;
    GdkPixbuf *pb;
    cairo_surface_t *s = NULL;
    GBytes *bytes;
    unsigned char *dst;
    int w, h, stride, pstride, nch;
    const guchar *src;

    if (p->state != TH_OK)
        return NULL;
    loader = gdk_pixbuf_loader_new_with_type("jpeg", NULL);
    if (!loader)
        return NULL;
    if (!gdk_pixbuf_loader_write(loader, p->jpeg, p->len, NULL) ||
        !gdk_pixbuf_loader_close(loader, NULL) ||
        !(pb = gdk_pixbuf_loader_get_pixbuf(loader))) {
        g_object_unref(loader);
        return NULL;
    }
    w = gdk_pixbuf_get_width(pb);
    h = gdk_pixbuf_get_height(pb);
    nch = gdk_pixbuf_get_n_channels(pb);
    pstride = gdk_pixbuf_get_rowstride(pb);
    src = gdk_pixbuf_read_pixels(pb);
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    stride = cairo_image_surface_get_stride(s);
    dst = cairo_image_surface_get_data(s);
    for (int y = 0; dst && y < h; y++) {
        uint32_t *out = (uint32_t *)(void *)(dst + (size_t)y * stride);
        const guchar *in = src + (size_t)y * pstride;

        for (int x = 0; x < w; x++)
            out[x] = 0xff000000u | (uint32_t)in[nch * x] << 16 |
                     (uint32_t)in[nch * x + 1] << 8 | in[nch * x + 2];
    }
    cairo_surface_mark_dirty(s);
    bytes = g_bytes_new(p->jpeg, p->len);
    cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG,
                                g_bytes_get_data(bytes, NULL), p->len,
                                unref_bytes, bytes);
    g_object_unref(loader);
    return s;
}
