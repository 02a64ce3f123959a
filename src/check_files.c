/*
 * check_files.c -- judge a manifest's evidence files for dossier check.
 *
 * Every path is resolved beneath the evidence root (opened once, kept in
 * the result) without reading anything; the accepted files are then read
 * once, in parallel on dsr_parallel()'s threads (hash and sniff), and what
 * was read is judged: size, type, checksum, dates, and files used twice.
 * Documents are also opened as their kind (document health): Office and
 * OpenDocument containers here, with libzip, on the reading threads; PDFs
 * and images afterwards, each in a child of the preview server.
 */
#include "check_int.h"

#include "dossier/check.h"
#include "dossier/dossier.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/format.h"
#include "internal.h"
#include "preview_proc.h"
#include "thumb.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* ---- the evidence root and each path -------------------------------- */

/*
 * Open the evidence root: the one named on the command line, else the
 * manifest's, which must lie inside the manifest's folder.  Returns 1
 * when it can be used, 0 when it cannot (a finding says why), or -1 with
 * c->err set.
 */
static int
open_root(struct check_ctx *c, struct dsr_root *root)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct dsr_error rerr = DSR_ERROR_INIT;
    char path[PATH_MAX];
    const char *given = c->opts->evidence_root ? c->opts->evidence_root
                                               : m->evidence_root;
    unsigned long line = c->opts->evidence_root ? 0 : m->evidence_root_line;
    int sys_errno;
    int inside;

    if (c->opts->evidence_root) {
        if (snprintf(path, sizeof(path), "%s", given) >= (int)sizeof(path))
            return check_add(c, DSR_F_EVIDENCE_ROOT_INVALID, NULL, given, 0,
                             _("evidence root path is too long"));
    } else if (dsr_manifest_evidence_root(m, path, sizeof(path)) < 0) {
        return check_add(c, DSR_F_EVIDENCE_ROOT_INVALID, NULL, c->mpath, line,
                         _("evidence root path is too long"));
    }
    if (dsr_root_open(root, path, &rerr) < 0) {
        if (rerr.code == DSR_NOMEM) {
            if (c->err)
                *c->err = rerr;
            return -1;
        }
        if (check_add(c, DSR_F_EVIDENCE_ROOT_INVALID, NULL,
                      c->opts->evidence_root ? given : c->mpath, line,
                      _("evidence root '%s' cannot be used: %s; no evidence "
                        "file was checked"),
                      given ? given : ".", rerr.msg) < 0)
            return -1;
        return 0;
    }
    root->walk = c->opts->no_openat2;
    if (c->opts->evidence_root)
        return 1;
    /* a received manifest must not reach files elsewhere on this machine */
    inside = dsr_root_inside(root, m->dir, &sys_errno);
    if (inside == 1)
        return 1;
    dsr_root_release(root);
    if (inside < 0) {
        if (check_add(c, DSR_F_EVIDENCE_ROOT_INVALID, NULL, c->mpath, line,
                      _("evidence root '%s' cannot be used: %s; no evidence "
                        "file was checked"),
                      given ? given : ".", dsr_strerror(sys_errno)) < 0)
            return -1;
        return 0;
    }
    if (check_add(c, DSR_F_EVIDENCE_ROOT_OUTSIDE, NULL, c->mpath, line,
                  _("evidence root '%s' lies outside the manifest's folder, so "
                    "no evidence file was checked: move the evidence folder "
                    "into the manifest's folder, or name it on the command "
                    "line with --evidence-root DIR if you trust this "
                    "manifest"),
                  given) < 0)
        return -1;
    return 0;
}

/*
 * The first 'keep' bytes of 's' ending on a whole character, and an
 * ellipsis when something was left out; 'buf' holds keep + 4 bytes.
 */
static const char *
abbreviate(const char *s, char *buf, size_t keep)
{
    size_t len = strlen(s);

    if (len <= keep)
        return s;
    while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
        keep--;
    memcpy(buf, s, keep);
    memcpy(buf + keep, "\xe2\x80\xa6", 4);
    return buf;
}

static int
too_long(struct check_ctx *c, const char *id, const struct dsr_evidence *e)
{
    char start[64 + 4];
    size_t len = strlen(e->file);

    if (len > DSR_EVIDENCE_PATH_MAX)
        return check_add(c, DSR_F_PATH_INVALID, id, e->file, e->line,
                         _("'%s' is %zu bytes long; an evidence path may have "
                           "at most %d bytes: move the file up or shorten its "
                           "folders' names"),
                         abbreviate(e->file, start, 64), len,
                         DSR_EVIDENCE_PATH_MAX);
    return check_add(c, DSR_F_PATH_INVALID, id, e->file, e->line,
                     _("'%s' is too long: a folder or file name in it has "
                       "more than %d bytes, or with the evidence root it "
                       "exceeds %d; shorten the names"),
                     abbreviate(e->file, start, 64), DSR_EVIDENCE_NAME_MAX,
                     PATH_MAX);
}

static int
path_finding(struct check_ctx *c, const struct dsr_mindicator *ind,
             const struct dsr_evidence *e, enum dsr_path_status st,
             int sys_errno)
{
    const char *id = ind->id;

    switch (st) {
    case DSR_PATH_OK:
    case DSR_PATH_NOMEM:        /* failed before: never reported */
        return 0;
    case DSR_PATH_ABSOLUTE:
        return check_add(c, DSR_F_PATH_ABSOLUTE, id, e->file, e->line,
                         _("'%s' is an absolute path; write it relative to the "
                           "evidence root"),
                         e->file);
    case DSR_PATH_INVALID:
        return check_add(c, DSR_F_PATH_INVALID, id, e->file, e->line,
                         _("'%s' is not a usable path (use '/' between "
                           "folders; no empty parts or control characters)"),
                         e->file);
    case DSR_PATH_ESCAPES:
        return check_add(c, DSR_F_PATH_ESCAPES, id, e->file, e->line,
                         _("'%s' leads outside the evidence root; the file "
                           "was not opened"),
                         e->file);
    case DSR_PATH_LINK:
        return check_add(c, DSR_F_PATH_LINK, id, e->file, e->line,
                         _("'%s' is, or goes through, a symbolic link, which "
                           "dossier never follows; the file was not opened: "
                           "put the file itself under the evidence root"),
                         e->file);
    case DSR_PATH_NOT_PORTABLE:
        return check_add(c, DSR_F_PATH_NOT_PORTABLE, id, e->file, e->line,
                         _("'%s' has a name Windows cannot hold (a "
                           "backslash, one of : * ? \" < > |, a drive letter "
                           "such as 'C:', a name ending in a dot or a space, "
                           "or a device name such as CON or NUL), so an "
                           "assessor on Windows could not open it from the "
                           "zip: rename the file or folder and write the path "
                           "with '/' only"),
                         e->file);
    case DSR_PATH_MISSING:
        return check_add(c, DSR_F_FILE_MISSING, id, e->file, e->line,
                         _("'%s' does not exist under the evidence root"),
                         e->file);
    case DSR_PATH_NOT_REGULAR:
        return check_add(c, DSR_F_FILE_NOT_REGULAR, id, e->file, e->line,
                         _("'%s' is not a regular file (a directory, FIFO, "
                           "device or socket); it was not read"),
                         e->file);
    case DSR_PATH_UNREADABLE:
        return check_add(c, DSR_F_FILE_UNREADABLE, id, e->file, e->line,
                         _("'%s' cannot be read: %s"), e->file,
                         dsr_strerror(sys_errno ? sys_errno : EACCES));
    case DSR_PATH_TOO_LONG:
        return too_long(c, id, e);
    }
    return 0;
}

/* ---- Office and OpenDocument containers ---------------------------- */

/* The parts each kind of container must hold, by extension. */
static const struct {
    const char *ext;
    const char *parts[3];
} office_parts[] = {
    {"docx", {"word/document.xml", "[Content_Types].xml"}},
    {"xlsx", {"xl/workbook.xml", "[Content_Types].xml"}},
    {"pptx", {"ppt/presentation.xml", "[Content_Types].xml"}},
    {"odt", {"content.xml", "mimetype"}},
    {"ods", {"content.xml", "mimetype"}},
    {"odp", {"content.xml", "mimetype"}},
};

static const char *const *
container_parts(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');

    if (!dot || (slash && dot < slash))
        return NULL;
    for (size_t i = 0; i < sizeof(office_parts) / sizeof(*office_parts); i++)
        if (strcasecmp(dot + 1, office_parts[i].ext) == 0)
            return office_parts[i].parts;
    return NULL;
}

static uint64_t
le(const unsigned char *p, int n)
{
    uint64_t v = 0;

    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/*
 * Find the zip's end of central directory in the last 64 KiB of 'fd' (of
 * 'size' bytes) and read how many entries and bytes its central directory
 * has (from the ZIP64 record when there is one).  Returns 1 within the
 * limits of check.h, 0 over them, -1 when there is no end record (not a
 * zip, or one cut short).  Reads at most 64 KiB and 56 bytes.
 */
static int
zip_directory_bounded(int fd, uint64_t size)
{
    enum { EOCD = 22, TAIL = 65535 + EOCD, LOC64 = 20, END64 = 56 };
    unsigned char *buf;
    unsigned char rec[END64];
    size_t want = size < TAIL ? (size_t)size : TAIL;
    uint64_t start = size - want;
    uint64_t entries, dirsize;
    ssize_t got;
    size_t at;
    int rc = -1;

    if (size < EOCD)
        return -1;
    buf = malloc(want);
    if (!buf)
        return 0;
    got = pread(fd, buf, want, (off_t)start);
    if (got != (ssize_t)want)
        goto out;
    for (at = want - EOCD + 1; at-- > 0;)
        if (memcmp(buf + at, "PK\5\6", 4) == 0)
            break;
    if (at == (size_t)-1)
        goto out;
    entries = le(buf + at + 10, 2);
    dirsize = le(buf + at + 12, 4);
    if ((entries == 0xffff || dirsize == 0xffffffffu) && at >= LOC64 &&
        memcmp(buf + at - LOC64, "PK\6\7", 4) == 0) {
        uint64_t off = le(buf + at - LOC64 + 8, 8);

        if (off > size - END64 ||
            pread(fd, rec, END64, (off_t)off) != (ssize_t)END64 ||
            memcmp(rec, "PK\6\6", 4) != 0)
            goto out;
        entries = le(rec + 32, 8);
        dirsize = le(rec + 40, 8);
    }
    rc = entries <= DSR_OFFICE_MAX_ENTRIES &&
         dirsize <= DSR_OFFICE_MAX_DIRECTORY;
out:
    free(buf);
    return rc;
}

/*
 * Open the Office or OpenDocument container on 'fd' (a zip, by its sniffed
 * type) with libzip, which reads its central directory and each entry's
 * local header, and look for the parts its kind must hold.  Nothing is
 * inflated.
 */
static void
check_container(int fd, const char *name, struct dsr_checked_file *f)
{
    const char *const *parts = container_parts(name);
    zip_t *za;
    int zerr = 0;
    int bounded;
    int copy;

    if (!parts)
        return;
    bounded = zip_directory_bounded(fd, f->info.size);
    if (bounded == 0) {
        f->health = DSR_DOC_NOT_OPENED;
        f->limit = DSR_DOC_LIMIT_SIZE;
        return;
    }
    f->health = DSR_DOC_DAMAGED;
    if (bounded < 0)
        return;
    copy = dup(fd);
    if (copy < 0) {
        f->health = DSR_DOC_UNCHECKED;
        return;
    }
    za = zip_fdopen(copy, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!za) {
        close(copy);
        if (zerr == ZIP_ER_MEMORY) {
            f->health = DSR_DOC_NOT_OPENED;
            f->limit = DSR_DOC_LIMIT_MEMORY;
        }
        return;
    }
    f->health = DSR_DOC_OK;
    for (size_t i = 0; i < 3 && parts[i]; i++) {
        if (zip_name_locate(za, parts[i], 0) < 0) {
            f->health = DSR_DOC_DAMAGED;
            f->missing_part = parts[i];
            break;
        }
    }
    zip_discard(za);
}

/* ---- reading each file once, on dsr_parallel()'s threads ------------ */

struct pool {
    struct dsr_check_result *res;
    const struct dsr_check_opts *opts;
    struct dsr_job *order;          /* files by size when resolved, largest first */
    size_t total;
    atomic_bool stop;               /* an error: skip what is left */
    atomic_size_t done;
    atomic_uint_fast64_t bytes;
    pthread_mutex_t lock;           /* guards 'err' and the progress hook */
    struct dsr_error err;
    int *sys_errnos;
    /* libmagic handles are not shared: one per worker, made when needed */
    struct dsr_sniffer *sniffers[DSR_MAX_JOBS];
};

/* Keep the first error and make the other workers skip their files. */
static void
stop(struct pool *p, const struct dsr_error *err)
{
    pthread_mutex_lock(&p->lock);
    if (p->err.code == DSR_OK)
        p->err = *err;
    pthread_mutex_unlock(&p->lock);
    atomic_store(&p->stop, true);
}

/* Read the k-th largest file, on worker 'worker'. */
static void
read_one(void *ctx, unsigned worker, size_t k)
{
    struct pool *p = ctx;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_checked_file *f;
    size_t i = p->order[k].item;
    int fd;

    if (atomic_load(&p->stop))
        return;
    if (!p->sniffers[worker]) {
        p->sniffers[worker] = dsr_sniffer_new(&err);
        if (!p->sniffers[worker]) {
            stop(p, &err);
            return;
        }
    }
    if (p->opts->cancel && *p->opts->cancel) {
        dsr_error_set(&err, DSR_INTERRUPTED, NULL, 0, "interrupted");
        stop(p, &err);
        return;
    }
    f = &p->res->files[i];
    if (f->status != DSR_PATH_OK)
        return;
    fd = dsr_root_open_file(&p->res->root, f->resolved, &f->status,
                            &p->sys_errnos[i]);
    if (fd < 0)
        return;
    if ((p->opts->content_later
             ? dsr_file_inspect_head(fd, f->resolved, p->sniffers[worker],
                                     &f->info, &err)
             : dsr_file_inspect(fd, f->resolved, p->sniffers[worker], &f->info,
                                &err)) == 0) {
        f->read = true;
        if (f->info.size > 0 &&
            dsr_type_judge(f->resolved, f->info.mime, NULL) == DSR_TYPE_OK)
            check_container(fd, f->resolved, f);
    } else if (err.code == DSR_IO) {
        f->status = DSR_PATH_UNREADABLE;
        p->sys_errnos[i] = err.sys_errno;
        dsr_error_clear(&err);
    }
    close(fd);
    if (err.code != DSR_OK) {
        stop(p, &err);
        return;
    }
    atomic_fetch_add(&p->bytes, f->info.size);
    if (p->opts->progress) {
        size_t done = atomic_fetch_add(&p->done, 1) + 1;

        pthread_mutex_lock(&p->lock);
        p->opts->progress(p->opts->progress_ctx, done, p->total,
                          atomic_load(&p->bytes));
        pthread_mutex_unlock(&p->lock);
    }
}

/* Read every resolved file once, on up to opts->jobs threads. */
static int
read_files(struct check_ctx *c, int *sys_errnos)
{
    struct pool p = {.res = c->res, .opts = c->opts, .sys_errnos = sys_errnos,
                     .err = DSR_ERROR_INIT};

    p.order = calloc(c->res->nfiles ? c->res->nfiles : 1, sizeof(*p.order));
    if (!p.order)
        return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < c->res->nfiles; i++) {
        struct stat sb;

        if (c->res->files[i].status != DSR_PATH_OK)
            continue;
        p.order[p.total].item = i;
        /* only an estimate for the order of work: nothing is opened */
        p.order[p.total].cost =
            fstatat(c->res->root.fd, c->res->files[i].resolved, &sb,
                    AT_SYMLINK_NOFOLLOW) == 0
                ? (uint64_t)sb.st_size
                : 0;
        p.total++;
    }
    /* what is found does not depend on the order */
    dsr_jobs_sort(p.order, p.total);
    atomic_init(&p.stop, false);
    atomic_init(&p.done, 0);
    atomic_init(&p.bytes, 0);
    pthread_mutex_init(&p.lock, NULL);
    dsr_parallel_workers(p.total, c->opts->jobs, read_one, &p);
    pthread_mutex_destroy(&p.lock);
    for (unsigned w = 0; w < DSR_MAX_JOBS; w++)
        dsr_sniffer_free(p.sniffers[w]);
    free(p.order);
    if (p.err.code != DSR_OK) {
        if (c->err)
            *c->err = p.err;
        return -1;
    }
    return 0;
}

/* ---- PDFs and images, in children of the preview server ------------ */

/* What the probes share. */
struct probe_run {
    struct dsr_check_result *res;
    const struct dsr_check_opts *opts;
    size_t *which;                  /* indexes into res->files */
    struct th_limits lim;
    struct th_budget budget;
};

static bool
probed_type(const struct dsr_checked_file *f)
{
    return f->read && f->info.size > 0 &&
           (strcmp(f->info.mime, "application/pdf") == 0 ||
            strcmp(f->info.mime, "image/png") == 0 ||
            strcmp(f->info.mime, "image/jpeg") == 0) &&
           dsr_type_judge(f->resolved, f->info.mime, NULL) == DSR_TYPE_OK;
}

/*
 * Whether the PDF on 'fd' ends as a PDF must: "%%EOF" in its last 1024
 * bytes.  A PDF cut short while copied lacks it even when poppler can
 * rebuild enough of it to count its pages.  Reads 1 KiB, in this process,
 * parsing nothing.
 */
static bool
pdf_ends(int fd, uint64_t size)
{
    char tail[1024];
    size_t want = size < sizeof(tail) ? (size_t)size : sizeof(tail);
    ssize_t got = pread(fd, tail, want, (off_t)(size - want));

    if (got != (ssize_t)want)
        return true;            /* unreadable now: the probe says why */
    for (size_t i = 0; i + 5 <= want; i++)
        if (memcmp(tail + i, "%%EOF", 5) == 0)
            return true;
    return false;
}

/* A buffered reader of a file from its start, for jpeg_ends(). */
struct bytes {
    int fd;
    unsigned char buf[65536];
    size_t len, at;
    uint64_t off;               /* of buf[0] in the file */
};

/* The next byte, or -1 at the end of the file or on a read error. */
static int
next_byte(struct bytes *b)
{
    if (b->at == b->len) {
        ssize_t got;

        b->off += b->len;
        b->len = b->at = 0;
        do
            got = pread(b->fd, b->buf, sizeof(b->buf), (off_t)b->off);
        while (got < 0 && errno == EINTR);
        if (got <= 0)
            return -1;
        b->len = (size_t)got;
    }
    return b->buf[b->at++];
}

/*
 * Whether the JPEG on 'fd' reaches its end marker (EOI): its segments
 * are walked, and the compressed data of each scan skipped byte by byte
 * to the marker after it, reading the file once in 64 KiB pieces and
 * decoding nothing.  libjpeg fills a JPEG cut short with grey and calls
 * it a success, so its decoder cannot tell; data after EOI (a motion
 * photo's video) is allowed.
 */
static bool
jpeg_ends(int fd)
{
    struct bytes *b = calloc(1, sizeof(*b));
    bool ends = false;
    int c;

    if (!b)
        return true;            /* cannot tell: not an error */
    b->fd = fd;
    if (next_byte(b) != 0xff || next_byte(b) != 0xd8)
        goto out;
    c = next_byte(b);
    for (;;) {
        int m, hi, lo;

        if (c != 0xff)
            goto out;
        do
            m = next_byte(b);
        while (m == 0xff);
        if (m < 0)
            goto out;
        if (m == 0xd9) {
            ends = true;
            goto out;
        }
        if ((m >= 0xd0 && m <= 0xd7) || m == 0x01) {
            c = next_byte(b);
            continue;
        }
        hi = next_byte(b);
        lo = next_byte(b);
        if (hi < 0 || lo < 0 || (hi << 8 | lo) < 2)
            goto out;
        for (int n = (hi << 8 | lo) - 2; n > 0; n--)
            if (next_byte(b) < 0)
                goto out;
        c = next_byte(b);
        if (m != 0xda)
            continue;
        /* the scan's data: up to a marker other than a stuffed 0 or RSTn */
        for (;;) {
            if (c < 0)
                goto out;
            if (c == 0xff) {
                int d = next_byte(b);

                while (d == 0xff)
                    d = next_byte(b);
                if (d < 0)
                    goto out;
                if (d != 0 && !(d >= 0xd0 && d <= 0xd7)) {
                    /* give the marker back to the segment walk */
                    b->at--;
                    c = 0xff;
                    break;
                }
            }
            c = next_byte(b);
        }
    }
out:
    free(b);
    return ends;
}

static void
set_limit(struct dsr_checked_file *f, enum dsr_doc_limit limit)
{
    f->health = DSR_DOC_NOT_OPENED;
    f->limit = limit;
}

/* Open the k-th PDF or image in a child, and note what came of it. */
static void
probe_one(void *ctx, size_t k)
{
    struct probe_run *run = ctx;
    struct dsr_checked_file *f = &run->res->files[run->which[k]];
    struct th_preview p;
    enum dsr_path_status status;
    int sys_errno;
    int fd;

    if (run->opts->cancel && *run->opts->cancel)
        return;
    fd = dsr_root_open_file(&run->res->root, f->resolved, &status, &sys_errno);
    if (fd < 0) {
        set_limit(f, DSR_DOC_LIMIT_CHANGED);
        return;
    }
    /* cut short: no child is needed to tell */
    if ((strcmp(f->info.mime, "application/pdf") == 0 &&
         !pdf_ends(fd, f->info.size)) ||
        (strcmp(f->info.mime, "image/jpeg") == 0 && !jpeg_ends(fd))) {
        f->health = DSR_DOC_DAMAGED;
        f->truncated = true;
        close(fd);
        return;
    }
    th_probe(fd, f->info.sha256, f->info.mime, f->info.size, &run->lim, &p);
    f->pages = p.pages;
    switch (p.state) {
    case TH_OK:
        f->health = DSR_DOC_OK;
        break;
    case TH_FAILED:
        f->health = DSR_DOC_DAMAGED;
        break;
    case TH_LOCKED:
        f->health = DSR_DOC_ENCRYPTED;
        break;
    case TH_LARGE:
        set_limit(f, DSR_DOC_LIMIT_SIZE);
        break;
    case TH_SLOW:
    case TH_BUDGET:
        set_limit(f, DSR_DOC_LIMIT_TIME);
        break;
    case TH_MEMORY:
        set_limit(f, DSR_DOC_LIMIT_MEMORY);
        break;
    case TH_CHANGED:
        set_limit(f, DSR_DOC_LIMIT_CHANGED);
        break;
    case TH_NO_SERVER:
        set_limit(f, DSR_DOC_LIMIT_NO_SERVER);
        break;
    case TH_NONE:
        break;
    }
    th_release(&p);
    close(fd);
}

/*
 * Open every PDF, PNG and JPEG whose type matched in a child of the
 * preview server (dsr_previews_start(); without it each is noted as not
 * opened), its children under the budget of src/thumb.h, with
 * DSR_CHECK_DOCS_SECONDS for all of them.  Returns 0, or -1 with c->err
 * set.
 */
static int
probe_documents(struct check_ctx *c)
{
    struct dsr_check_result *res = c->res;
    struct probe_run run = {.res = res, .opts = c->opts};
    size_t n = 0;

    run.which = calloc(res->nfiles ? res->nfiles : 1, sizeof(*run.which));
    if (!run.which)
        return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < res->nfiles; k++)
        if (probed_type(&res->files[k]))
            run.which[n++] = k;
    if (n > 0 && !pv_running()) {
        for (size_t k = 0; k < n; k++)
            set_limit(&res->files[run.which[k]], DSR_DOC_LIMIT_NO_SERVER);
        n = 0;
    }
    th_limits_default(&run.lim);
    th_budget_start(&run.budget, DSR_CHECK_DOCS_SECONDS);
    run.lim.budget = &run.budget;
    dsr_parallel(n, c->opts->jobs, probe_one, &run);
    free(run.which);
    if (c->opts->cancel && *c->opts->cancel)
        return dsr_error_set(c->err, DSR_INTERRUPTED, NULL, 0, "interrupted");
    return 0;
}

/* ---- judging each entry and what was read --------------------------- */

/* The extension of 'name', without its dot; "" when it has none. */
static const char *
extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');

    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

static int
not_opened(struct check_ctx *c, const char *id, const struct dsr_evidence *e,
           enum dsr_doc_limit limit)
{
    const char *msg = NULL;

    switch (limit) {
    case DSR_DOC_LIMIT_SIZE:
        msg = _("'%s' is too large to be opened within dossier's limits, so "
                "whether it opens was not checked; open it yourself to be "
                "sure");
        break;
    case DSR_DOC_LIMIT_TIME:
        msg = _("opening '%s' took longer than allowed, so whether it opens "
                "was not checked; open it yourself to be sure");
        break;
    case DSR_DOC_LIMIT_MEMORY:
        msg = _("opening '%s' needs more memory than allowed, so whether it "
                "opens was not checked; open it yourself to be sure");
        break;
    case DSR_DOC_LIMIT_CHANGED:
        msg = _("'%s' changed while it was being checked; run check again");
        break;
    case DSR_DOC_LIMIT_NO_SERVER:
        msg = _("'%s' was not opened: the process that opens documents could "
                "not be started");
        break;
    }
    return check_add(c, DSR_F_DOCUMENT_UNCHECKED, id, e->file, e->line, msg,
                     e->file);
}

/* What opening the document as its kind showed, as a finding. */
static int
judge_health(struct check_ctx *c, const struct dsr_checked_file *f,
             const char *id, const struct dsr_evidence *e)
{
    const char *kind = dsr_type_ext_kind(e->file);
    bool pdf = strcmp(f->info.mime, "application/pdf") == 0;

    switch (f->health) {
    case DSR_DOC_UNCHECKED:
    case DSR_DOC_OK:
        return 0;
    case DSR_DOC_NOT_OPENED:
        return not_opened(c, id, e, f->limit);
    case DSR_DOC_ENCRYPTED:
        return check_add(c, DSR_F_PDF_ENCRYPTED, id, e->file, e->line,
                         _("'%s' is a PDF protected by a password, so "
                           "assessors cannot open it: save or print it again "
                           "as a PDF without a password"),
                         e->file);
    case DSR_DOC_DAMAGED:
        break;
    }
    if (pdf && f->truncated)
        return check_add(c, DSR_F_PDF_DAMAGED, id, e->file, e->line,
                         _("'%s' is cut short: the PDF does not end as a PDF "
                           "must, so part of it is missing; copy or scan it "
                           "again from the original"),
                         e->file);
    if (pdf)
        return check_add(c, DSR_F_PDF_DAMAGED, id, e->file, e->line,
                         _("'%s' is a damaged PDF that cannot be opened; copy "
                           "or save it again from the original"),
                         e->file);
    if (strncmp(f->info.mime, "image/", 6) == 0)
        return check_add(c, DSR_F_IMAGE_DAMAGED, id, e->file, e->line,
                         _("'%s' is %s that cannot be decoded (damaged or cut "
                           "short); copy or export it again from the original"),
                         e->file, dsr_type_kind(f->info.mime));
    if (f->missing_part)
        return check_add(c, DSR_F_OFFICE_DAMAGED, id, e->file, e->line,
                         _("'%s' is a zip archive, not %s: it lacks the part "
                           "%s; open the original and save it again as %s"),
                         e->file, kind, f->missing_part, kind);
    return check_add(c, DSR_F_OFFICE_DAMAGED, id, e->file, e->line,
                     _("'%s' should be %s, but it is damaged: its contents "
                       "cannot be read (perhaps it was cut short when "
                       "copied); save it again from the original program"),
                     e->file, kind);
}


static int judge_sha256(struct check_ctx *c, const struct dsr_checked_file *f,
                        const char *id, const struct dsr_evidence *e);

static int
judge_file(struct check_ctx *c, const struct dsr_checked_file *f)
{
    const struct dsr_mindicator *ind =
        &c->res->manifest->indicators[f->indicator];
    const struct dsr_evidence *e = &ind->evidence[f->evidence];
    uint64_t limit = c->opts->max_file_size ? c->opts->max_file_size
                                            : DSR_DEFAULT_MAX_FILE_SIZE;
    char a[32], b[32];

    if (f->info.size == 0)
        return check_add(c, DSR_F_FILE_EMPTY, ind->id, e->file, e->line,
                         _("'%s' is empty (0 bytes): attach the document "
                           "itself, or remove the entry"),
                         e->file);
    if (f->info.size > limit &&
        check_add(c, DSR_F_FILE_TOO_LARGE, ind->id, e->file, e->line,
                  _("'%s' is %s, over the limit of %s; the evaluation portal "
                    "may refuse it"),
                  e->file,
                  dsr_format_size(f->info.size, c->opts->lang, a, sizeof(a)),
                  dsr_format_size(limit, c->opts->lang, b, sizeof(b))) < 0)
        return -1;
    switch (dsr_type_judge(e->file, f->info.mime, NULL)) {
    case DSR_TYPE_OK:
        if (judge_health(c, f, ind->id, e) < 0)
            return -1;
        break;
    case DSR_TYPE_EXECUTABLE:
        if (check_add(c, DSR_F_TYPE_EXECUTABLE, ind->id, e->file, e->line,
                      _("'%s' is a program or script, not a document: remove "
                        "it and attach the document itself"),
                      e->file) < 0)
            return -1;
        break;
    case DSR_TYPE_MISMATCH:
        if (check_add(c, DSR_F_TYPE_MISMATCH, ind->id, e->file, e->line,
                      _("'%s' holds %s, but its extension .%s is for %s: save "
                        "it again in the right format, or rename it to match "
                        "its content"),
                      e->file, dsr_type_kind(f->info.mime),
                      extension(e->file), dsr_type_ext_kind(e->file)) < 0)
            return -1;
        break;
    case DSR_TYPE_UNKNOWN:
        if (check_add(c, DSR_F_TYPE_UNKNOWN, ind->id, e->file, e->line,
                      _("'%s' has an extension dossier does not know (it "
                        "holds %s), so its type was not checked"),
                      e->file, dsr_type_kind(f->info.mime)) < 0)
            return -1;
        break;
    }
    return judge_sha256(c, f, ind->id, e);
}

/* A SHA-256 the manifest gives, against the file's, once it is known. */
static int
judge_sha256(struct check_ctx *c, const struct dsr_checked_file *f,
             const char *id, const struct dsr_evidence *e)
{
    if (e->sha256 && f->info.sha256[0] && strcmp(e->sha256, f->info.sha256) != 0 &&
        check_add(c, DSR_F_SHA256_MISMATCH, id, e->file, e->line,
                  _("'%s' has SHA-256 %.12s…, the manifest says %.12s…"),
                  e->file, f->info.sha256, e->sha256) < 0)
        return -1;
    return 0;
}

static int
check_entry(struct check_ctx *c, const struct dsr_mindicator *ind,
            const struct dsr_evidence *e)
{
    const struct dsr_manifest *m = c->res->manifest;

    if (check_level(c, ind->id, e->level, e->line, _("evidence")) < 0)
        return -1;
    if (e->level == DSR_LEVEL_NONE &&
        check_add(c, DSR_F_EVIDENCE_NO_LEVEL, ind->id, e->file, e->line,
                  _("'%s' does not say which level it supports; add "
                    "level=\"N\""),
                  e->file) < 0)
        return -1;
    if (!*e->title &&
        check_add(c, DSR_F_EVIDENCE_NO_TITLE, ind->id, e->file, e->line,
                  _("'%s' has no title; write the document's title as the "
                    "element's text"),
                  e->file) < 0)
        return -1;
    if (e->date_text && e->date.year == 0)
        return check_add(c, DSR_F_DATE_INVALID, ind->id, e->file, e->line,
                         _("date '%s' of '%s' is not a real date"),
                         e->date_text, e->file);
    if (!e->date_text || !m->has_period || !m->period_from.year ||
        !m->period_to.year)
        return 0;
    /* a regulation in force may be older than the period, never newer */
    if (e->in_force ? dsr_date_cmp(&e->date, &m->period_to) <= 0
                    : dsr_date_cmp(&e->date, &m->period_from) >= 0 &&
                          dsr_date_cmp(&e->date, &m->period_to) <= 0)
        return 0;
    /* a copy's modification time says nothing of the document */
    if (e->date_source == DSR_DATE_SOURCE_FILE)
        return check_add(c, DSR_F_DATE_FROM_FILE, ind->id, e->file, e->line,
                         _("'%s' is dated %s only by its file's modification "
                           "time (when it was copied, not when it was "
                           "signed), outside the period %s to %s; write the "
                           "document's own date in date=\"YYYY-MM-DD\" and "
                           "remove date-source"),
                         e->file, e->date_text, m->period_from_text,
                         m->period_to_text);
    return check_add(c, DSR_F_DATE_OUTSIDE_PERIOD, ind->id, e->file, e->line,
                     e->in_force
                         ? _("'%s' is dated %s, after the period %s to %s "
                             "ended; a document in force must exist within "
                             "the period")
                         : _("'%s' is dated %s, outside the period %s to %s; "
                             "if it is a regulation still in force, add "
                             "in-force=\"true\""),
                     e->file, e->date_text, m->period_from_text,
                     m->period_to_text);
}

/* ---- files used twice ----------------------------------------------- */

struct file_key {
    const struct dsr_checked_file *f;
    size_t pos;
};

static int
cmp_inode(const void *pa, const void *pb)
{
    const struct file_key *a = pa;
    const struct file_key *b = pb;

    if (a->f->info.dev != b->f->info.dev)
        return a->f->info.dev < b->f->info.dev ? -1 : 1;
    if (a->f->info.ino != b->f->info.ino)
        return a->f->info.ino < b->f->info.ino ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static int
cmp_content(const void *pa, const void *pb)
{
    const struct file_key *a = pa;
    const struct file_key *b = pb;
    int r = strcmp(a->f->info.sha256, b->f->info.sha256);

    if (r)
        return r;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static bool
same_inode(const struct dsr_checked_file *a, const struct dsr_checked_file *b)
{
    return a->info.dev == b->info.dev && a->info.ino == b->info.ino;
}

/* The same bytes as far as fstat and the first bytes tell. */
static bool
same_version(const struct dsr_checked_file *a, const struct dsr_checked_file *b)
{
    return same_inode(a, b) && a->info.size == b->info.size &&
           a->info.mtime == b->info.mtime &&
           a->info.mtime_nsec == b->info.mtime_nsec &&
           a->info.head_crc == b->info.head_crc &&
           a->info.head_len == b->info.head_len;
}

static int check_same_content(struct check_ctx *c);

/*
 * The files read (with 'nonempty', only those of more than 0 bytes) as
 * keys, in '*n'; NULL without memory.
 */
static struct file_key *
file_keys(const struct dsr_check_result *res, bool nonempty, size_t *n)
{
    struct file_key *keys = calloc(res->nfiles ? res->nfiles : 1, sizeof(*keys));

    *n = 0;
    for (size_t i = 0; keys && i < res->nfiles; i++)
        if (res->files[i].read && (!nonempty || res->files[i].info.size > 0))
            keys[(*n)++] = (struct file_key){&res->files[i], i};
    return keys;
}

/*
 * Files used twice: the same file twice in one indicator (a warning), in
 * several indicators (a note), and identical content under two names (a
 * note; with content_later, in dsr_check_content()).  Sorting keeps this
 * linear-logarithmic in the number of files.
 */
static int
check_sharing(struct check_ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct file_key *keys = NULL;
    size_t n = 0;
    int rc = 0;

    keys = file_keys(c->res, true, &n);
    if (!keys)
        return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
    qsort(keys, n, sizeof(*keys), cmp_inode);
    for (size_t i = 1; i < n && rc == 0; i++) {
        const struct dsr_checked_file *first = NULL;
        const struct dsr_checked_file *f = keys[i].f;
        const struct dsr_mindicator *ind = &m->indicators[f->indicator];
        const struct dsr_evidence *e = &ind->evidence[f->evidence];

        if (!same_inode(keys[i - 1].f, f))
            continue;
        /* the first earlier use in the same indicator, else any earlier */
        for (size_t k = i; k-- > 0 && same_inode(keys[k].f, f);) {
            if (keys[k].f->indicator == f->indicator) {
                first = keys[k].f;
                break;
            }
            first = keys[k].f;
        }
        if (first->indicator == f->indicator)
            rc = check_add(c, DSR_F_EVIDENCE_DUPLICATE, ind->id, e->file,
                           e->line,
                           _("'%s' is already listed for this indicator on "
                             "line %lu"),
                           e->file,
                           m->indicators[first->indicator]
                               .evidence[first->evidence]
                               .line);
        else
            rc = check_add(c, DSR_F_FILE_SHARED, ind->id, e->file, e->line,
                           _("'%s' is also attached to indicator %s"), e->file,
                           m->indicators[first->indicator].id);
    }
    free(keys);
    if (rc == 0 && !c->opts->content_later)
        rc = check_same_content(c);
    return rc;
}

/* Identical content under two names (a note), by the files' SHA-256. */
static int
check_same_content(struct check_ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct file_key *keys = NULL;
    size_t n = 0;
    int rc = 0;

    keys = file_keys(c->res, true, &n);
    if (!keys)
        return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
    qsort(keys, n, sizeof(*keys), cmp_content);
    for (size_t i = 1; i < n && rc == 0; i++) {
        const struct dsr_checked_file *f = keys[i].f;
        const struct dsr_checked_file *prev = keys[i - 1].f;
        const struct dsr_mindicator *ind = &m->indicators[f->indicator];
        const struct dsr_evidence *e = &ind->evidence[f->evidence];

        if (strcmp(prev->info.sha256, f->info.sha256) != 0 ||
            same_inode(prev, f))
            continue;
        rc = check_add(c, DSR_F_CONTENT_DUPLICATE, ind->id, e->file, e->line,
                       _("'%s' has the same content as '%s' (indicator %s)"),
                       e->file,
                       m->indicators[prev->indicator]
                           .evidence[prev->evidence]
                           .file,
                       m->indicators[prev->indicator].id);
    }
    free(keys);
    return rc;
}

/* ---- entry point ---------------------------------------------------- */

int
check_evidence(struct check_ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct dsr_root *root = &c->res->root;
    int *sys_errnos = NULL;
    size_t total = 0;
    size_t k = 0;
    int have_root;
    int rc = -1;

    for (size_t i = 0; i < m->nindicators; i++)
        total += m->indicators[i].nevidence;
    have_root = c->opts->manifest_only ? 0 : open_root(c, root);
    if (have_root < 0)
        return -1;
    c->res->files = calloc(total ? total : 1, sizeof(*c->res->files));
    sys_errnos = calloc(total ? total : 1, sizeof(*sys_errnos));
    if (!c->res->files || !sys_errnos) {
        dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    c->res->nfiles = total;
    if (have_root) {
        c->res->evidence_root = dsr_strdup(root->real, c->err);
        if (!c->res->evidence_root)
            goto out;
    }
    for (size_t i = 0; i < m->nindicators; i++) {
        for (size_t j = 0; j < m->indicators[i].nevidence; j++, k++) {
            struct dsr_checked_file *f = &c->res->files[k];

            f->indicator = i;
            f->evidence = j;
            /* without a root nothing is resolved, read or reported */
            f->status = DSR_PATH_MISSING;
            if (have_root)
                f->status = dsr_root_resolve(
                    root, m->indicators[i].evidence[j].file, &f->resolved,
                    &sys_errnos[k]);
            if (f->status == DSR_PATH_NOMEM) {
                dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
                goto out;
            }
        }
    }
    if (have_root && read_files(c, sys_errnos) < 0)
        goto out;
    if (have_root && !c->opts->content_later && probe_documents(c) < 0)
        goto out;
    for (k = 0; k < total; k++) {
        struct dsr_checked_file *f = &c->res->files[k];
        const struct dsr_mindicator *ind = &m->indicators[f->indicator];
        const struct dsr_evidence *e = &ind->evidence[f->evidence];

        if (check_entry(c, ind, e) < 0)
            goto out;
        if (!have_root)
            continue;
        if (path_finding(c, ind, e, f->status, sys_errnos[k]) < 0)
            goto out;
        if (f->read && judge_file(c, f) < 0)
            goto out;
    }
    if (check_sharing(c) < 0)
        goto out;
    rc = 0;
out:
    free(sys_errnos);
    /* the root stays open in c->res, for the zips and the previews */
    return rc;
}

/* Entries of one file (one inode) share the hash of the one that has it. */
static int
share_hashes(struct dsr_check_result *res, struct dsr_error *err)
{
    size_t n = 0;
    struct file_key *keys = file_keys(res, false, &n);

    if (!keys)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    qsort(keys, n, sizeof(*keys), cmp_inode);
    for (size_t i = 0, j; i < n; i = j) {
        const struct dsr_checked_file *from = NULL;

        for (j = i; j < n && same_inode(keys[i].f, keys[j].f); j++)
            if (keys[j].f->info.sha256[0])
                from = keys[j].f;
        /* only to an entry that saw the same version of the file */
        for (size_t k = i; from && k < j; k++)
            if (!keys[k].f->info.sha256[0] && same_version(from, keys[k].f))
                memcpy(res->files[keys[k].pos].info.sha256, from->info.sha256,
                       DSR_SHA256_HEX);
    }
    free(keys);
    for (size_t i = 0; i < res->nfiles; i++) {
        const struct dsr_checked_file *f = &res->files[i];

        if (!f->read || f->info.sha256[0])
            continue;
        /* listed twice, and rewritten between check's two looks at it */
        return dsr_error_set(
            err, DSR_INPUT, NULL, 0,
            _("'%s' changed while it was being packed; nothing was "
              "packed: run pack again once no one is changing the "
              "evidence"),
            res->manifest->indicators[f->indicator].evidence[f->evidence].file);
    }
    return 0;
}

int
dsr_check_content(struct dsr_check_result *res,
                  const struct dsr_check_opts *opts, struct dsr_error *err)
{
    struct check_ctx c = {.opts = opts, .res = res, .err = err,
                          .mpath = res->manifest ? res->manifest->path : NULL};
    const struct dsr_manifest *m = res->manifest;

    if (!m || !opts->content_later)
        return 0;
    if (share_hashes(res, err) < 0 || probe_documents(&c) < 0)
        return -1;
    for (size_t k = 0; k < res->nfiles; k++) {
        const struct dsr_checked_file *f = &res->files[k];
        const struct dsr_mindicator *ind = &m->indicators[f->indicator];
        const struct dsr_evidence *e = &ind->evidence[f->evidence];

        if (!f->read || f->info.size == 0)
            continue;
        /* what check_entry() left for now: the documents opened here */
        if (probed_type(f) && judge_health(&c, f, ind->id, e) < 0)
            return -1;
        if (judge_sha256(&c, f, ind->id, e) < 0)
            return -1;
    }
    if (check_same_content(&c) < 0)
        return -1;
    dsr_findings_sort(&res->findings, dsr_check_order, res);
    return 0;
}
