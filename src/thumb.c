/*
 * thumb.c -- first-page previews of evidence.  In the caller's process:
 * the file is copied into a sealed memory file while it is hashed, and
 * handed to a child of the preview server (preview_proc.c) only when it
 * holds the bytes check hashed.  In the child (th_work): poppler draws a
 * PDF's first page small (thumb_pdf.cc), libpng decodes a PNG a row at a
 * time into a box-filtered preview, gdk-pixbuf decodes a JPEG already
 * scaled down, and the result is kept as a small JPEG.
 */
#define _GNU_SOURCE /* memfd_create, F_ADD_SEALS */

#include "thumb.h"
#include "thumb_pdf.h"

#include "dossier/error.h"
#include "dossier/hash.h"

#include "internal.h"
#include "preview_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <png.h>
#include <setjmp.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
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

/* What a JPEG's headers say, up to its first scan. */
struct jpeg_head {
    unsigned marker;            /* its SOFn */
    uint64_t width, height;
    unsigned ncomp;             /* components in the frame */
    unsigned scan_comps;        /* and in the first scan */
    uint64_t coefficients;      /* bytes of DCT coefficients, whole image */
};

/*
 * The frame header (SOFn) and the first scan header (SOS) of the JPEG in
 * 'd', both before any compressed data.  False when they are not found.
 */
static bool
jpeg_headers(const unsigned char *d, size_t len, struct jpeg_head *jh)
{
    bool frame = false;
    size_t i = 2;

    memset(jh, 0, sizeof(*jh));
    if (len < 4 || d[0] != 0xff || d[1] != 0xd8)
        return false;
    while (i + 4 <= len) {
        unsigned marker = d[i + 1], seg;

        if (d[i] != 0xff)
            return false;
        if (marker == 0xff) {
            i++;
            continue;
        }
        if (marker == 0xd9)
            return false;
        seg = (unsigned)d[i + 2] << 8 | d[i + 3];
        if (seg < 2 || i + 2 + seg > len)
            return false;
        if (marker == 0xda) {
            jh->scan_comps = seg >= 3 ? d[i + 4] : 0;
            return frame;
        }
        if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 &&
            marker != 0xcc && !frame) {
            const unsigned char *f = d + i + 4;
            unsigned hmax = 1, vmax = 1;

            if (seg < 8 || seg < 8 + 3 * (unsigned)f[5])
                return false;
            jh->marker = marker;
            jh->height = (uint64_t)f[1] << 8 | f[2];
            jh->width = (uint64_t)f[3] << 8 | f[4];
            jh->ncomp = f[5];
            for (unsigned c = 0; c < jh->ncomp; c++) {
                hmax = (f[7 + 3 * c] >> 4) > hmax ? f[7 + 3 * c] >> 4 : hmax;
                vmax = (f[7 + 3 * c] & 15) > vmax ? f[7 + 3 * c] & 15 : vmax;
            }
            for (unsigned c = 0; c < jh->ncomp; c++) {
                uint64_t cw = (jh->width * (f[7 + 3 * c] >> 4) + hmax - 1) / hmax;
                uint64_t ch = (jh->height * (f[7 + 3 * c] & 15) + vmax - 1) / vmax;

                jh->coefficients += ((cw + 7) / 8) * ((ch + 7) / 8) * 64 * 2;
            }
            frame = true;
        }
        i += 2 + seg;
    }
    return false;
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
    struct jpeg_head jh;

    if (!jpeg_headers(d, len, &jh))
        return 0;
    return (jh.marker & 3) == 2 || jh.scan_comps < jh.ncomp ? jh.coefficients : 0;
}

/* The preview's result as the child hands it back, before its JPEG. */
struct th_result {
    int32_t state;
    int32_t pages;
    int32_t width, height;
    uint64_t len;
};

static int
write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
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
    if (p.len > TH_MAX_RESULT_BYTES)
        th_release(&p);
    res = (struct th_result){.state = p.state, .pages = p.pages,
                             .width = p.width, .height = p.height, .len = p.len};
    if (write_all(out, &res, sizeof(res)) < 0 ||
        (p.len && write_all(out, p.jpeg, p.len) < 0))
        return 1;
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

/* ---- the caller's side --------------------------------------------- */

static int64_t
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
th_limits_default(struct th_limits *lim)
{
    *lim = (struct th_limits){.cpu_seconds = TH_CPU_SECONDS,
                              .wall_seconds = TH_WALL_SECONDS,
                              .memory = TH_MEMORY_BYTES};
}

void
th_budget_start(struct th_budget *b, unsigned seconds)
{
    memset(b, 0, sizeof(*b));
    b->max_cpu_ms = 1000 * (uint64_t)seconds;
    b->started_ms = now_ms();
    b->deadline_ms = b->started_ms + 1000 * (int64_t)seconds;
}

static bool
budget_left(struct th_budget *b)
{
    return !b || (__atomic_load_n(&b->used_ms, __ATOMIC_RELAXED) < b->max_cpu_ms &&
                  now_ms() < b->deadline_ms);
}

/*
 * A sealed memory file holding the bytes of 'fd', or -1 with '*state' set:
 * TH_CHANGED when they are not 'size' bytes of SHA-256 'sha256', TH_FAILED
 * when they cannot be read.
 */
static int
copy_checked(int fd, uint64_t size, const char *sha256, enum th_state *state)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_hash *h = dsr_hash_new(DSR_HASH_SHA256, &err);
    char hex[DSR_HASH_HEX_MAX];
    unsigned char *buf = malloc(65536);
    uint64_t total = 0;
    int mfd = memfd_create("dossier-preview", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    int ret = -1;

    *state = TH_FAILED;
    if (!h || !buf || mfd < 0)
        goto out;
    /* one byte more than check found: a file that grew has changed */
    while (total <= size) {
        uint64_t want = size + 1 - total;
        ssize_t n = pread(fd, buf, want < 65536 ? (size_t)want : 65536, (off_t)total);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto out;
        if (n == 0)
            break;
        if (dsr_hash_update(h, buf, (size_t)n, &err) < 0 || write_all(mfd, buf, (size_t)n) < 0)
            goto out;
        total += (uint64_t)n;
    }
    if (dsr_hash_final(h, hex, &err) < 0)
        goto out;
    if (total != size || !sha256 || strcmp(hex, sha256) != 0) {
        *state = TH_CHANGED;
        goto out;
    }
    if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
        goto out;
    ret = mfd;
    mfd = -1;
out:
    if (mfd >= 0)
        close(mfd);
    free(buf);
    dsr_hash_free(h);
    return ret;
}

/* The child's result from the memory file 'out'. */
static void
read_result(int out, int max_w, int max_h, struct th_preview *p)
{
    struct th_result res;

    p->state = TH_FAILED;
    if (pread(out, &res, sizeof(res), 0) != (ssize_t)sizeof(res))
        return;
    if (res.state < TH_NONE || res.state > TH_CHANGED || res.state == TH_BUDGET ||
        res.state == TH_CHANGED || res.pages < 0)
        return;
    if (res.state == TH_OK &&
        (res.len == 0 || res.len > TH_MAX_RESULT_BYTES || res.width < 1 ||
         res.height < 1 || res.width > max_w || res.height > max_h))
        return;
    if (res.state != TH_OK && res.len != 0)
        return;
    if (res.len) {
        struct jpeg_head jh;

        p->jpeg = g_malloc(res.len);
        /* th_surface() decodes it here: only the small baseline JPEG that
           gdk-pixbuf writes, of the size the child said */
        if (pread(out, p->jpeg, res.len, sizeof(res)) != (ssize_t)res.len ||
            !jpeg_headers(p->jpeg, res.len, &jh) || jh.marker != 0xc0 ||
            jh.width != (uint64_t)res.width || jh.height != (uint64_t)res.height ||
            jh.scan_comps != jh.ncomp) {
            g_free(p->jpeg);
            p->jpeg = NULL;
            return;
        }
    }
    p->len = res.len;
    p->pages = res.pages;
    p->width = res.width;
    p->height = res.height;
    p->state = res.state;
}

/* th_make() and th_probe(): the preview or page count, and the state. */
static void
make(int fd, const char *sha256, const char *mime, uint64_t size, int max_w,
     int max_h, bool image, const struct th_limits *lim, struct th_preview *p)
{
    struct pv_request rq = {.max_w = max_w, .max_h = max_h, .image = image,
                            .cpu_seconds = lim->cpu_seconds,
                            .wall_seconds = lim->wall_seconds,
                            .memory = lim->memory};
    struct pv_reply rp;
    enum th_state state;
    bool pdf = strcmp(mime, "application/pdf") == 0;
    bool png = strcmp(mime, "image/png") == 0;
    bool jpeg = strcmp(mime, "image/jpeg") == 0;
    int in = -1, out = -1;

    memset(p, 0, sizeof(*p));
    if (!pdf && (!(png || jpeg) || !image))
        return;
    rq.kind = pdf ? TH_KIND_PDF : png ? TH_KIND_PNG : TH_KIND_JPEG;
    if (fd < 0) {
        p->state = TH_FAILED;
        goto out;
    }
    if (size > (pdf ? TH_MAX_PDF_BYTES : TH_MAX_IMAGE_BYTES)) {
        p->state = TH_LARGE;
        goto out;
    }
    if (!budget_left(lim->budget)) {
        p->state = TH_BUDGET;
        goto out;
    }
    in = copy_checked(fd, size, sha256, &state);
    if (in < 0) {
        p->state = state;
        goto out;
    }
    out = memfd_create("dossier-preview-out", MFD_CLOEXEC);
    if (out < 0 || pv_run(&rq, in, out, &rp) < 0) {
        p->state = TH_FAILED;
        goto out;
    }
    p->cpu_ms = rp.cpu_ms;
    if (lim->budget)
        __atomic_add_fetch(&lim->budget->used_ms, rp.cpu_ms, __ATOMIC_RELAXED);
    if (rp.outcome == PV_DONE)
        read_result(out, max_w, max_h, p);
    else
        p->state = rp.outcome == PV_SLOW ? TH_SLOW : TH_FAILED;
out:
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
}

void
th_make(int fd, const char *sha256, const char *mime, uint64_t size, int max_w,
        int max_h, bool image, const struct th_limits *lim, struct th_preview *p)
{
    make(fd, sha256, mime, size, max_w, max_h, image, lim, p);
    /* page counts only: a file without one has no box either */
    if (!image && p->state != TH_NONE) {
        int pages = p->state == TH_OK ? p->pages : 0;

        th_release(p);
        p->pages = pages;
    }
}

void
th_probe(int fd, const char *sha256, const char *mime, uint64_t size,
         const struct th_limits *lim, struct th_preview *p)
{
    bool pdf = strcmp(mime, "application/pdf") == 0;

    /* a PDF is opened and its pages counted; an image decoded, tiny */
    make(fd, sha256, mime, size, TH_PROBE_PIXELS, TH_PROBE_PIXELS, !pdf, lim,
         p);
    if (pdf && p->state == TH_NONE)
        p->state = p->pages > 0 ? TH_OK : TH_FAILED;
    g_free(p->jpeg);
    p->jpeg = NULL;
    p->len = 0;
}

const char *
th_reason(const struct th_preview *p)
{
    switch (p->state) {
    case TH_LOCKED:
        return _("encrypted PDF: no preview");
    case TH_LARGE:
        return _("no preview: a file this large is not previewed");
    case TH_SLOW:
        return _("no preview: drawing it took longer than allowed");
    case TH_MEMORY:
        return _("no preview: drawing it needs more memory than allowed");
    case TH_BUDGET:
        return _("no preview: the time for previews was used up");
    case TH_CHANGED:
        return _("no preview: the file changed after it was checked; check again");
    default:
        return _("no preview: the file cannot be read as its type");
    }
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
