/*
 * thumb.c -- first-page previews of evidence, the caller's side: the file
 * is copied into a sealed memory file while it is hashed, and handed to a
 * child of the preview server (preview_proc.c) only when it holds the
 * bytes check hashed; the child (thumb_work.c) hands back a JPEG and its
 * pixels, which are checked against the limits here and given to cairo.
 * No decoder runs in this file: it includes neither gdk-pixbuf, libpng,
 * libjpeg nor poppler (tests/no_decoder.sh checks its object).
 */
#define _GNU_SOURCE /* memfd_create, F_ADD_SEALS */

#include "thumb.h"

#include "dossier/error.h"
#include "dossier/hash.h"

#include "internal.h"
#include "preview_proc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* th_jpeg_headers() of thumb.h: the child's, and the caller's check. */
bool
th_jpeg_headers(const unsigned char *d, size_t len, struct th_jpeg_head *jh)
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


/* ---- the caller's side --------------------------------------------- */

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
    b->deadline_ms = pv_now_ms() + 1000 * (int64_t)seconds;
}

static bool
budget_left(struct th_budget *b)
{
    return !b || (__atomic_load_n(&b->used_ms, __ATOMIC_RELAXED) < b->max_cpu_ms &&
                  pv_now_ms() < b->deadline_ms);
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
        if (dsr_hash_update(h, buf, (size_t)n, &err) < 0 || dsr_fio_write_all(mfd, buf, (size_t)n, NULL) < 0)
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

/* th_take_result() of thumb.h */
void
th_take_result(int out, int max_w, int max_h, struct th_preview *p)
{
    struct th_result res;
    struct th_jpeg_head jh;
    struct stat st;
    unsigned char *jpeg = NULL;
    uint32_t *pixels = NULL;

    memset(p, 0, sizeof(*p));
    p->state = TH_FAILED;
    if (fstat(out, &st) < 0 || pread(out, &res, sizeof(res), 0) != (ssize_t)sizeof(res))
        return;
    if (res.state < TH_NONE || res.state > TH_CHANGED || res.state == TH_BUDGET ||
        res.state == TH_CHANGED || res.pages < 0)
        return;
    if (res.state != TH_OK) {
        /* no preview: nothing may follow */
        if (res.len != 0 || res.pixels_len != 0 || st.st_size != (off_t)sizeof(res))
            return;
        p->pages = res.pages;
        p->state = res.state;
        return;
    }
    /* within the box, the JPEG within its limit, and exactly the pixels of
       a preview of that size behind it: nothing else */
    if (res.width < 1 || res.height < 1 || res.width > max_w || res.height > max_h ||
        res.len == 0 || res.len > TH_MAX_RESULT_BYTES ||
        res.pixels_len != (uint64_t)res.width * (uint64_t)res.height * 4 ||
        (uint64_t)st.st_size != sizeof(res) + res.len + res.pixels_len)
        return;
    jpeg = malloc(res.len);
    pixels = malloc(res.pixels_len);
    /* the JPEG's headers (only read, never decoded) say the same size: a
       baseline JPEG, as gdk-pixbuf writes */
    if (!jpeg || !pixels ||
        pread(out, jpeg, res.len, sizeof(res)) != (ssize_t)res.len ||
        pread(out, pixels, res.pixels_len, (off_t)(sizeof(res) + res.len)) !=
            (ssize_t)res.pixels_len ||
        !th_jpeg_headers(jpeg, res.len, &jh) || jh.marker != 0xc0 ||
        jh.width != (uint64_t)res.width || jh.height != (uint64_t)res.height ||
        jh.scan_comps != jh.ncomp) {
        free(jpeg);
        free(pixels);
        return;
    }
    p->jpeg = jpeg;
    p->len = res.len;
    p->pixels = pixels;
    p->pages = res.pages;
    p->width = res.width;
    p->height = res.height;
    p->state = TH_OK;
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
    int rc;

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
    if (out < 0) {
        p->state = TH_FAILED;
        goto out;
    }
    rc = pv_run(&rq, in, out, lim->cancel, &rp);
    if (rc < 0) {
        p->state = rc == PV_NO_SERVER ? TH_NO_SERVER : TH_FAILED;
        goto out;
    }
    p->cpu_ms = rp.cpu_ms;
    if (lim->budget)
        __atomic_add_fetch(&lim->budget->used_ms, rp.cpu_ms, __ATOMIC_RELAXED);
    if (rp.outcome == PV_DONE)
        th_take_result(out, max_w, max_h, p);
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
    enum th_state state;
    int pages;

    /* a PDF is opened and its pages counted; an image decoded, tiny */
    make(fd, sha256, mime, size, TH_PROBE_PIXELS, TH_PROBE_PIXELS, !pdf, lim,
         p);
    if (pdf && p->state == TH_NONE)
        p->state = p->pages > 0 ? TH_OK : TH_FAILED;
    /* what was learnt, not the image */
    state = p->state;
    pages = p->pages;
    th_release(p);
    p->state = state;
    p->pages = pages;
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
    case TH_NO_SERVER:
        return _("no preview: previews are not available in this run");
    default:
        return _("no preview: the file cannot be read as its type");
    }
}

void
th_release(struct th_preview *p)
{
    free(p->jpeg);
    free(p->pixels);
    memset(p, 0, sizeof(*p));
}

cairo_surface_t *
th_surface(const struct th_preview *p)
{
    cairo_surface_t *s;
    unsigned char *dst, *jpeg;
    int stride;

    if (p->state != TH_OK || !p->pixels || !p->jpeg)
        return NULL;
    s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, p->width, p->height);
    stride = cairo_image_surface_get_stride(s);
    dst = cairo_image_surface_get_data(s);
    jpeg = malloc(p->len);
    if (!dst || !jpeg) {
        free(jpeg);
        cairo_surface_destroy(s);
        return NULL;
    }
    cairo_surface_flush(s);
    for (int y = 0; y < p->height; y++)
        memcpy(dst + (size_t)y * stride, p->pixels + (size_t)y * p->width,
               (size_t)p->width * 4);
    cairo_surface_mark_dirty(s);
    memcpy(jpeg, p->jpeg, p->len);
    if (cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, jpeg, p->len, free, jpeg) !=
        CAIRO_STATUS_SUCCESS) {
        free(jpeg);
        cairo_surface_destroy(s);
        return NULL;
    }
    return s;
}
