/*
 * bag_archive.c -- verify a bundle delivered as one .zip or .tar file
 * (gzip, bzip2, xz or zstd compressed tar too) through libarchive,
 * nothing unpacked to disk.
 *
 * Pass 1 lists the entries (names, types, sizes; unsafe names, hard links
 * and duplicates reported and left out) and keeps the small files outside
 * data/ in memory (DSR_BAG_TAG_LIMIT each, AR_TAG_TOTAL in all), and
 * data/manifest.xml.  The verifier of bag_verify.c then runs as on a
 * folder, reading through the hooks below.  Pass 2
 * (bag_archive_hash_all()) streams every payload file once, hashing it
 * with the manifests' algorithms; the bytes of each data/indicators/NN.zip
 * are kept as they are hashed (in memory up to AR_ZIP_IN_MEMORY, else in
 * an unnamed temporary file under $TMPDIR) and that zip is then
 * checked from those bytes with libzip exactly as a zip in a folder is
 * (zipcheck.c): its central directory, which unzip, 7-Zip and libzip
 * obey, not only its local headers.
 */
#include "bag_impl.h"

#include "dossier/bag.h"
#include "dossier/bundle_layout.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/hash.h"
#include "dossier/manifest.h"
#include "dossier/zips.h"
#include "fileio.h"
#include "internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Limits on what an archive may hold (docs/design.md, "verify"). */
#define AR_MAX_ENTRIES 500000                   /* entries of the archive */
#define AR_MAX_OWN_PROBLEMS 1000                /* of its names, links, ... */
#define AR_NAME_MAX 4096                        /* bytes of an entry's name */
#define AR_TAG_TOTAL (4 * DSR_BAG_TAG_LIMIT)    /* tag files kept in memory */
/*
 * libzip needs the whole of a zip to read its central directory, so an
 * inner data/indicators/NN.zip is kept as it streams: up to this many
 * bytes in memory, a larger one in an unnamed temporary file under
 * $TMPDIR, one file for the whole archive, written over from its start
 * for each zip (its pages are then reused).  The file is never written
 * past the size the archive declares, and it leaves AR_TMP_SPARE or a
 * tenth of its file system free, whichever is more.  The declared size
 * bounds a compressed or sparse entry too (a stored recording of a
 * still screen gzips a hundredfold, so no ratio to the archive's size
 * can tell a bomb from a bundle); one that grows past it is reported
 * (malformed, not checked).  No temporary file, or no room for the zip,
 * stops verify (DSR_IO, exit 3): the bundle is not at fault.
 */
#define AR_ZIP_IN_MEMORY ((size_t)16 << 20)
#define AR_TMP_SPARE ((uint64_t)64 << 20)
#define AR_CHUNK ((size_t)1 << 16)

/* One entry of the archive, by its path in the bag. */
struct ar_entry {
    char *name;
    mode_t mode;
    uint64_t size;
    size_t ord;                 /* its place in the archive */
    char *mem;                  /* its bytes, when kept */
    size_t len;
    bool kept;
    bool too_large;             /* not kept: over a limit */
};

/* One inner zip: its problems apart, merged in path order at the end. */
struct ar_zip {
    char *rel;
    struct dsr_bag_report rep;
    struct dsr_zip_index idx;
    bool have_idx;              /* index.xml parsed, not encrypted */
};

struct bag_archive {
    const char *path;
    const char *shown;          /* the archive's name in problems */
    int fd;
    const struct dsr_bag_verify_opts *opts;
    struct ar_entry *items;     /* sorted by name after pass 1 */
    size_t n, cap;
    size_t nord;                /* entries seen in pass 1 */
    size_t *role;               /* per ordinal: index in items + 1, or 0 */
    bool data_dir;              /* a data/ folder (or a file below it) */
    mode_t data_mode;           /* "data" is this, not a folder; 0: it is not */
    size_t kept;                /* bytes kept in memory */
    struct dsr_bag_report stash;    /* problems of the archive itself */
    struct ar_zip *zips;
    size_t nzips, capzips;
    bool streamed;              /* pass 2 done */
    int tmp;                    /* the inner zips' temporary file, or -1 */
};

/*
 * A reader of the outer archive: tar (plain, gzip, bzip2, xz, zstd) or
 * zip.  '*opened' false when it is neither (archive_error_string() says
 * why).
 */
static struct archive *
outer_reader(struct bag_archive *ar, bool *opened, struct dsr_error *err)
{
    struct archive *a = archive_read_new();

    if (!a) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    archive_read_support_format_tar(a);
    archive_read_support_format_zip(a);
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_zstd(a);
    *opened = lseek(ar->fd, 0, SEEK_SET) == 0 &&
              archive_read_open_fd(a, ar->fd, 1 << 16) == ARCHIVE_OK;
    return a;
}

/*
 * Why libarchive stopped, for a message: never NULL, its trailing line
 * break dropped.  Valid until the next call.
 */
static const char *
why(struct archive *a)
{
    static _Thread_local char buf[512];
    const char *s = archive_error_string(a);
    size_t n;

    snprintf(buf, sizeof(buf), "%s", s && *s ? s : _("unknown error"));
    n = strlen(buf);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        buf[--n] = '\0';
    return buf;
}

/* Add a problem of the archive itself to the stash. */
static int
stash_problem(struct bag_archive *ar, struct dsr_error *err, const char *path,
              enum dsr_bag_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int
stash_problem(struct bag_archive *ar, struct dsr_error *err, const char *path,
              enum dsr_bag_kind kind, const char *fmt, ...)
{
    struct bag_verify v = {.rep = &ar->stash, .err = err};
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return bag_problem(&v, path, kind, "%s", msg);
}

/*
 * The entry name 'raw' as a path in the archive: a leading "./" dropped,
 * a trailing '/' marking a folder.  false when unsafe (absolute, empty
 * segment, '.' or '..' segment, too long).
 */
static bool
clean_name(const char *raw, char *out, size_t size, bool *dir)
{
    size_t n;
    const char *s = raw;

    *dir = false;
    out[0] = '\0';
    while (s[0] == '.' && s[1] == '/')
        s += 2;
    n = strlen(s);
    if (n == 0 || n >= size || n >= AR_NAME_MAX || s[0] == '/')
        return n == 0 && s != raw;      /* "./" itself: the root, fine */
    memcpy(out, s, n + 1);
    if (out[n - 1] == '/') {
        *dir = true;
        out[--n] = '\0';
    }
    for (char *seg = out; seg;) {
        char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);

        if (len == 0 || (len == 1 && seg[0] == '.') ||
            (len == 2 && seg[0] == '.' && seg[1] == '.'))
            return false;
        seg = slash ? slash + 1 : NULL;
    }
    return true;
}

/* Whether the file 'name' (possibly below one top folder) is payload. */
static bool
maybe_payload(const char *name)
{
    const char *slash = strchr(name, '/');

    if (strncmp(name, "data/", 5) == 0)
        return true;
    return slash && strncmp(slash + 1, "data/", 5) == 0;
}

static bool
is_bundle_manifest(const char *name)
{
    const char *slash = strchr(name, '/');

    return strcmp(name, DSR_BUNDLE_MANIFEST) == 0 ||
           (slash && strcmp(slash + 1, DSR_BUNDLE_MANIFEST) == 0);
}

/* Keep the bytes of the regular entry 'e' when it is small enough. */
static int
keep_bytes(struct bag_archive *ar, struct archive *a, struct ar_entry *e,
           size_t limit, struct dsr_error *err)
{
    size_t cap = e->size < 65536 ? 65536 : (size_t)e->size + 1;
    char *buf;

    if (e->size > limit || ar->kept + e->size > AR_TAG_TOTAL) {
        e->too_large = true;
        return 0;
    }
    buf = malloc(cap);
    if (!buf)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (;;) {
        la_ssize_t got;

        if (e->len + 1 >= cap) {
            char *nb;

            if (cap > limit || ar->kept + cap > AR_TAG_TOTAL) {
                free(buf);
                e->too_large = true;
                return 0;
            }
            nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            }
            buf = nb;
            cap *= 2;
        }
        got = archive_read_data(a, buf + e->len, cap - e->len - 1);
        if (got < 0) {
            free(buf);
            return 1;
        }
        if (got == 0)
            break;
        e->len += (size_t)got;
    }
    if (e->len > limit) {
        free(buf);
        e->too_large = true;
        return 0;
    }
    buf[e->len] = '\0';
    e->mem = buf;
    e->kept = true;
    ar->kept += e->len;
    return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
    const struct ar_entry *x = a, *y = b;
    int d = strcmp(x->name, y->name);

    return d ? d : (x->ord > y->ord) - (x->ord < y->ord);
}

/* One header of pass 1. */
static int
list_entry(struct bag_archive *ar, struct archive *a, struct archive_entry *ae,
           struct dsr_error *err)
{
    const char *raw = archive_entry_pathname(ae);
    char name[AR_NAME_MAX];
    mode_t mode = archive_entry_filetype(ae);
    struct ar_entry *e;
    bool dir;
    int rc;

    if (!raw || !clean_name(raw, name, sizeof(name), &dir))
        return stash_problem(ar, err, raw ? raw : "?", DSR_BAG_MALFORMED,
                             _("an unsafe entry name (absolute, too long, or "
                               "with an empty, '.' or '..' segment): unpacking "
                               "it could write outside the bundle; not read"));
    if (!name[0] && !dir)
        return 0;
    if (archive_entry_hardlink(ae))
        return stash_problem(ar, err, raw, DSR_BAG_MALFORMED,
                             _("a hard link to '%s': a bag holds only regular "
                               "files and folders; not followed"),
                             archive_entry_hardlink(ae));
    if (dir)
        mode = S_IFDIR;
    if (mode == 0)
        mode = S_IFREG;
    if (dsr_grow((void **)&ar->items, sizeof(*ar->items), &ar->cap, ar->n + 1, err) < 0)
        return -1;
    e = &ar->items[ar->n];
    memset(e, 0, sizeof(*e));
    e->name = dsr_strdup(name, err);
    if (!e->name)
        return -1;
    e->mode = mode;
    e->size = archive_entry_size_is_set(ae) && archive_entry_size(ae) > 0
                  ? (uint64_t)archive_entry_size(ae)
                  : 0;
    e->ord = ar->nord - 1;
    ar->n++;
    if (!S_ISREG(mode))
        return 0;
    if (is_bundle_manifest(name))
        rc = keep_bytes(ar, a, e, DSR_MANIFEST_MAX_BYTES, err);
    else if (!maybe_payload(name))
        rc = keep_bytes(ar, a, e, DSR_BAG_TAG_LIMIT, err);
    else
        rc = 0;
    if (rc > 0)
        return 1;           /* the archive broke: the caller reports it */
    return rc;
}

/*
 * The length of "TOP/" when the bag is not at the archive's root and every
 * entry is below the one folder TOP (or is TOP itself); else 0.
 */
static size_t
find_prefix(struct bag_archive *ar)
{
    const char *top = NULL;
    size_t len = 0;

    for (size_t i = 0; i < ar->n; i++)
        if (strcmp(ar->items[i].name, DSR_BAG_DECLARATION) == 0)
            return 0;
    for (size_t i = 0; i < ar->n && !top; i++) {
        const char *slash = strchr(ar->items[i].name, '/');

        if (slash) {
            top = ar->items[i].name;
            len = (size_t)(slash - top);
        }
    }
    if (!top)
        return 0;
    for (size_t i = 0; i < ar->n; i++) {
        const struct ar_entry *e = &ar->items[i];

        if (strncmp(e->name, top, len) != 0)
            return 0;
        if (e->name[len] == '/')
            continue;
        if (e->name[len] != '\0' || !S_ISDIR(e->mode))
            return 0;
    }
    return len + 1;
}

/* Names relative to the bag, sorted, duplicates reported and dropped. */
static int
settle(struct bag_archive *ar, struct dsr_error *err)
{
    size_t pre = find_prefix(ar), k = 0;

    for (size_t i = 0; i < ar->n; i++) {
        struct ar_entry *e = &ar->items[i];
        size_t n = strlen(e->name);

        if (n < pre)
            e->name[0] = '\0';     /* the top folder itself */
        else
            memmove(e->name, e->name + pre, n - pre + 1);
    }
    if (ar->n)
        qsort(ar->items, ar->n, sizeof(*ar->items), cmp_entry);
    for (size_t i = 0; i < ar->n; i++) {
        struct ar_entry *e = &ar->items[i];

        if (!e->name[0] ||
            (k && S_ISDIR(e->mode) && S_ISDIR(ar->items[k - 1].mode) &&
             strcmp(ar->items[k - 1].name, e->name) == 0)) {
            free(e->name);      /* the top folder, or a folder again */
            free(e->mem);
            continue;
        }
        if (k && strcmp(ar->items[k - 1].name, e->name) == 0) {
            int rc = stash_problem(ar, err, e->name, DSR_BAG_MALFORMED,
                                   _("in the archive more than once: unpacking "
                                     "tools keep either copy; only the first "
                                     "was checked"));

            free(e->name);
            free(e->mem);
            if (rc < 0) {
                for (size_t j = i + 1; j < ar->n; j++) {
                    free(ar->items[j].name);
                    free(ar->items[j].mem);
                }
                ar->n = k;
                return -1;
            }
            continue;
        }
        ar->items[k++] = *e;
    }
    ar->n = k;
    ar->role = calloc(ar->nord ? ar->nord : 1, sizeof(*ar->role));
    if (!ar->role)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < ar->n; i++) {
        struct ar_entry *e = &ar->items[i];
        const char *slash = strchr(e->name, '/');

        if (strcmp(e->name, DSR_BAG_PAYLOAD_DIR) == 0) {
            ar->data_mode = e->mode;
            ar->data_dir = ar->data_dir || S_ISDIR(e->mode);
            continue;
        }
        if (strncmp(e->name, DSR_BAG_PAYLOAD_DIR "/", 5) == 0) {
            ar->data_dir = true;
            if (S_ISREG(e->mode))
                ar->role[e->ord] = i + 1;
            continue;
        }
        /* a link or device below a tag folder: nothing else names it */
        if (slash && !S_ISREG(e->mode) && !S_ISDIR(e->mode) &&
            stash_problem(ar, err, e->name, DSR_BAG_MALFORMED,
                          _("%s, not a regular file: a bag holds only regular "
                            "files and folders; replace it with the file itself "
                            "or remove it"),
                          dsr_file_type_name(e->mode)) < 0)
            return -1;
    }
    return 0;
}

/* Pass 1.  Returns 0 (problems stashed), or -1 with 'err' set. */
static int
pass1(struct bag_archive *ar, struct dsr_error *err)
{
    bool opened = false;
    struct archive *a = outer_reader(ar, &opened, err);
    struct archive_entry *ae;
    int ret = -1;

    if (!a)
        return -1;
    for (;;) {
        int r = opened ? archive_read_next_header(a, &ae) : ARCHIVE_FATAL;
        int rc;

        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN && ar->nord == 0) {
            /* not an archive at all: nothing to report on */
            dsr_error_set(err, DSR_INPUT, ar->path, 0,
                          _("neither a bundle folder nor a .zip or .tar file "
                            "of one (%s); give the folder 'dossier pack' "
                            "wrote, or a .zip or .tar file of it"),
                          why(a));
            goto out;
        }
        if (r < ARCHIVE_WARN) {
            if (stash_problem(ar, err, ar->shown, DSR_BAG_MALFORMED,
                              _("cannot be read as a .zip or .tar archive "
                                "(%s); what comes after was not checked"),
                              why(a)) < 0)
                goto out;
            break;
        }
        if (dsr_cancelled(ar->opts->cancel)) {
            dsr_interrupted(err);
            goto out;
        }
        if (ar->nord++ >= AR_MAX_ENTRIES) {
            if (stash_problem(ar, err, ar->shown, DSR_BAG_MALFORMED,
                              _("the archive holds more than %d entries, "
                                "dossier's limit; the rest was not read"),
                              AR_MAX_ENTRIES) < 0)
                goto out;
            ar->nord--;
            break;
        }
        rc = list_entry(ar, a, ae, err);
        if (rc < 0)
            goto out;
        /* no bundle has these; a flood of them says nothing more */
        if (rc == 0 && ar->stash.n >= AR_MAX_OWN_PROBLEMS) {
            if (stash_problem(ar, err, ar->shown, DSR_BAG_MALFORMED,
                              _("the archive has %d problems of its own "
                                "(names, links, entries twice); the rest was "
                                "not read"),
                              AR_MAX_OWN_PROBLEMS) < 0)
                goto out;
            break;
        }
        if (rc > 0) {
            if (stash_problem(ar, err, ar->shown, DSR_BAG_MALFORMED,
                              _("cannot be read as a .zip or .tar archive "
                                "(%s); what comes after was not checked"),
                              why(a)) < 0)
                goto out;
            break;
        }
    }
    ret = settle(ar, err);
out:
    archive_read_free(a);
    return ret;
}

static struct ar_entry *
find_entry(struct bag_archive *ar, const char *rel)
{
    size_t lo = 0, hi = ar->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(ar->items[mid].name, rel);

        if (d == 0)
            return &ar->items[mid];
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

enum dsr_read_result
bag_archive_read(struct bag_archive *ar, const char *rel, size_t limit,
                 char **data, size_t *len, mode_t *type, int *sys_errno)
{
    struct ar_entry *e = find_entry(ar, rel);

    *type = 0;
    if (!e) {
        *sys_errno = ENOENT;
        return DSR_READ_IO;
    }
    if (!S_ISREG(e->mode)) {
        *type = e->mode;
        *sys_errno = EINVAL;
        return DSR_READ_IO;
    }
    if (e->too_large || e->len > limit)
        return DSR_READ_TOO_LARGE;
    if (!e->kept) {
        *sys_errno = EIO;
        return DSR_READ_IO;
    }
    *data = malloc(e->len + 1);
    if (!*data)
        return DSR_READ_NOMEM;
    memcpy(*data, e->mem, e->len + 1);
    *len = e->len;
    return DSR_READ_OK;
}

int
bag_archive_hash_tag(struct bag_archive *ar, const char *rel, const bool need[2],
                     char out[2][DSR_HASH_HEX_MAX], uint64_t *size,
                     int *sys_errno, mode_t *type, struct dsr_error *err)
{
    struct ar_entry *e = find_entry(ar, rel);

    *size = 0;
    *type = 0;
    if (!e) {
        *sys_errno = ENOENT;
        return 1;
    }
    if (!S_ISREG(e->mode)) {
        *type = e->mode;
        *sys_errno = EINVAL;
        return 1;
    }
    if (!e->kept) {
        *sys_errno = e->too_large ? EFBIG : EIO;
        return 1;
    }
    for (int a = 0; a < 2; a++)
        if (need[a] && dsr_hash_buffer(a == 0 ? DSR_HASH_SHA256 : DSR_HASH_SHA512,
                                       e->mem, e->len, out[a], err) < 0)
            return -1;
    *size = e->len;
    return 0;
}

int
bag_archive_list_top(struct bag_verify *v, struct manifests *mf,
                     struct bag_list *others)
{
    struct bag_archive *ar = v->ar;
    char last[AR_NAME_MAX] = "";

    /* sorted: the entries below one top folder follow each other */
    for (size_t i = 0; i < ar->n; i++) {
        const struct ar_entry *e = &ar->items[i];
        const char *slash = strchr(e->name, '/');
        size_t len = slash ? (size_t)(slash - e->name) : strlen(e->name);
        char top[AR_NAME_MAX];

        snprintf(top, sizeof(top), "%.*s", (int)len, e->name);
        if (strcmp(top, DSR_BAG_PAYLOAD_DIR) == 0 || strcmp(top, last) == 0)
            continue;
        snprintf(last, sizeof(last), "%s", top);
        if (bag_top_entry(v, mf, others, top, slash ? S_IFDIR : e->mode,
                          slash ? 0 : e->size) < 0)
            return -1;
    }
    bag_list_sort(others);
    return 0;
}

int
bag_archive_list_payload(struct bag_verify *v, struct bag_list *data)
{
    struct bag_archive *ar = v->ar;

    if (ar->data_mode && !S_ISDIR(ar->data_mode))
        return bag_problem(v, DSR_BAG_PAYLOAD_DIR "/", DSR_BAG_MALFORMED,
                           _("%s, not a folder: the payload must be a real "
                             "folder; not followed"),
                           dsr_file_type_name(ar->data_mode));
    if (!ar->data_dir)
        return bag_problem(v, DSR_BAG_PAYLOAD_DIR "/", DSR_BAG_MISSING,
                           _("the payload directory is missing"));
    for (size_t i = 0; i < ar->n; i++) {
        const struct ar_entry *e = &ar->items[i];

        if (strncmp(e->name, DSR_BAG_PAYLOAD_DIR "/", 5) != 0 || S_ISDIR(e->mode))
            continue;
        if (bag_list_add(data, e->name, e->size, e->mode, v->err) < 0)
            return -1;
        v->h.p.bytes_total += e->size;
    }
    bag_list_sort(data);
    return 0;
}

/* ---- pass 2: the payload streamed once ------------------------------- */

/* The bytes of one outer entry as they go by, hashed. */
struct ar_stream {
    struct bag_verify *v;
    struct archive *outer;
    const char *rel;
    struct dsr_hash *ctx[2];
    uint64_t got;
    bool failed;                /* the outer archive could not be read */
    bool fatal;                 /* 'err' set */
    char *buf;
    unsigned char *zip;         /* an inner zip's bytes, kept in memory */
    size_t ziplen, zipcap;
    uint64_t declared;          /* its size as the archive declares it, */
    bool size_known;            /* when it does */
    bool in_tmp;                /* or kept in ar->tmp, from its start */
    uint64_t tmplen, tmpmax;    /* bytes there; the most it may take */
    const char *not_kept;       /* why it was not kept (then not checked) */
    bool keep;                  /* an inner zip: keep its bytes */
};

/* The inner zip is not kept, for the archive's fault 'why'. */
static int
not_kept(struct ar_stream *s, const char *why)
{
    free(s->zip);
    s->zip = NULL;
    s->ziplen = s->zipcap = 0;
    s->in_tmp = false;
    s->not_kept = why;
    return 0;
}

/* The temporary file cannot be used: verify stops (-1, DSR_IO). */
static int
tmp_failed(struct ar_stream *s, int e)
{
    return dsr_error_set(s->v->err, DSR_IO, NULL, 0,
                         _("cannot check %s: it needs a temporary file in "
                           "'%s' (%s); set TMPDIR to a folder with room that "
                           "you can write to, or unpack the bundle and verify "
                           "the folder"),
                         s->rel, g_get_tmp_dir(), dsr_strerror(e));
}

/* pwrite() all 'n' bytes at 'off'; -1 with errno set. */
static int
pwrite_all(int fd, const void *data, size_t n, uint64_t off)
{
    const char *p = data;

    while (n) {
        ssize_t w = pwrite(fd, p, n, (off_t)off);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return -1;
        }
        p += w;
        n -= (size_t)w;
        off += (uint64_t)w;
    }
    return 0;
}

/* No room for 'need' bytes where 'room' can be spared: verify stops. */
static int
no_room(struct ar_stream *s, uint64_t need, uint64_t room)
{
    return dsr_error_set(s->v->err, DSR_IO, NULL, 0,
                         _("cannot check %s: it needs %llu MiB in '%s', "
                           "which can spare %llu MiB; free some space "
                           "there or set TMPDIR to a folder with more, or "
                           "unpack the bundle and verify the folder"),
                         s->rel, (unsigned long long)((need >> 20) + 1),
                         g_get_tmp_dir(), (unsigned long long)(room >> 20));
}

/*
 * Move the inner zip kept so far into the temporary file, when the file
 * system has room for as much as it may grow to.  -1: verify stops.
 */
static int
start_tmp(struct ar_stream *s)
{
    struct bag_archive *ar = s->v->ar;
    struct statvfs vfs;
    struct stat st;
    uint64_t room, keep, held;

    if (ar->tmp < 0 && (ar->tmp = dsr_fio_open_unnamed(g_get_tmp_dir())) < 0)
        return tmp_failed(s, errno);
    if (fstatvfs(ar->tmp, &vfs) < 0 || fstat(ar->tmp, &st) < 0)
        return tmp_failed(s, errno);
    /* what the file holds already (an earlier zip's) is room for this one */
    held = (uint64_t)st.st_blocks * 512;
    room = (uint64_t)vfs.f_bavail * vfs.f_frsize;
    room = held > UINT64_MAX - room ? UINT64_MAX : room + held;
    keep = (uint64_t)vfs.f_blocks * vfs.f_frsize / 10;
    if (keep < AR_TMP_SPARE)
        keep = AR_TMP_SPARE;
    room = room > keep ? room - keep : 0;
    /* a size the archive does not give: as much as there is room for */
    s->tmpmax = s->size_known ? s->declared : room;
    if (s->tmpmax > room)
        return no_room(s, s->tmpmax, room);
    if (pwrite_all(ar->tmp, s->zip, s->ziplen, 0) < 0)
        return tmp_failed(s, errno);
    s->in_tmp = true;
    s->tmplen = s->ziplen;
    free(s->zip);
    s->zip = NULL;
    s->ziplen = s->zipcap = 0;
    return 0;
}

/*
 * Keep the 'n' bytes of s->buf with the inner zip: in memory up to
 * AR_ZIP_IN_MEMORY, then in the temporary file.  -1: verify stops.
 */
static int
keep_zip_bytes(struct ar_stream *s, size_t n)
{
    if (s->not_kept)
        return 0;
    if (!s->in_tmp && s->ziplen + n > AR_ZIP_IN_MEMORY && start_tmp(s) < 0)
        return -1;
    if (s->in_tmp) {
        if (s->tmplen + n > s->tmpmax && !s->size_known)
            return no_room(s, s->tmplen + n, s->tmpmax);
        if (s->tmplen + n > s->tmpmax)
            return not_kept(s, _("not checked: longer than the archive "
                                 "says; the archive is damaged"));
        if (pwrite_all(s->v->ar->tmp, s->buf, n, s->tmplen) < 0)
            return tmp_failed(s, errno);
        s->tmplen += n;
        return 0;
    }
    if (s->ziplen + n > s->zipcap) {
        size_t cap = s->zipcap ? s->zipcap : AR_CHUNK;
        unsigned char *nz;

        while (cap < s->ziplen + n)
            cap *= 2;
        if (cap > AR_ZIP_IN_MEMORY)
            cap = AR_ZIP_IN_MEMORY;
        nz = realloc(s->zip, cap);
        if (!nz)
            return dsr_error_set(s->v->err, DSR_NOMEM, NULL, 0, "out of memory");
        s->zip = nz;
        s->zipcap = cap;
    }
    memcpy(s->zip + s->ziplen, s->buf, n);
    s->ziplen += n;
    return 0;
}

/* The next bytes of the outer entry; 0 at its end, -1 when unreadable. */
static la_ssize_t
stream_next(struct ar_stream *s)
{
    struct bag_hashing *h = &s->v->h;
    la_ssize_t n;

    if (s->failed || s->fatal)
        return -1;
    if (dsr_cancelled(s->v->opts->cancel)) {
        dsr_interrupted(s->v->err);
        s->fatal = true;
        return -1;
    }
    n = archive_read_data(s->outer, s->buf, AR_CHUNK);
    if (n < 0) {
        s->failed = true;
        return -1;
    }
    for (int a = 0; a < 2; a++)
        if (s->ctx[a] && dsr_hash_update(s->ctx[a], s->buf, (size_t)n, s->v->err) < 0) {
            s->fatal = true;
            return -1;
        }
    if (s->keep && n > 0 && keep_zip_bytes(s, (size_t)n) < 0) {
        s->fatal = true;
        return -1;
    }
    s->got += (uint64_t)n;
    h->p.path = s->rel;
    h->p.bytes_done += (uint64_t)n;
    if (h->progress && n)
        h->progress(h->progress_ctx, &h->p);
    return n;
}

static bool
is_indicator_zip(const char *path)
{
    static const char dir[] = DSR_BUNDLE_ZIP_DIR "/";
    size_t n = strlen(path);

    return strncmp(path, dir, sizeof(dir) - 1) == 0 &&
           !strchr(path + sizeof(dir) - 1, '/') && n > 4 &&
           strcmp(path + n - 4, ".zip") == 0;
}

static struct ar_zip *
new_zip(struct bag_archive *ar, const char *rel, struct dsr_error *err)
{
    struct ar_zip *z;

    if (dsr_grow((void **)&ar->zips, sizeof(*ar->zips), &ar->capzips,
                 ar->nzips + 1, err) < 0)
        return NULL;
    z = &ar->zips[ar->nzips];
    memset(z, 0, sizeof(*z));
    z->rel = dsr_strdup(rel, err);
    if (!z->rel)
        return NULL;
    ar->nzips++;
    return z;
}

/*
 * The inner zip streamed whole into memory or the temporary file: checked as
 * zipcheck.c checks a zip in a folder, its problems kept apart (merged in
 * path order by bag_archive_check_zips()).  Not kept: reported, so that
 * verify fails rather than pass a zip it did not check.
 */
static int
check_kept_zip(struct bag_verify *v, struct ar_stream *s)
{
    struct ar_zip *z = new_zip(v->ar, s->rel, v->err);
    struct bag_verify zv;

    if (!z)
        return -1;
    zv = (struct bag_verify){.rep = &z->rep, .err = v->err, .opts = v->opts};
    if (s->not_kept)
        return bag_problem(&zv, z->rel, DSR_BAG_MALFORMED, "%s", s->not_kept);
    if (!s->in_tmp)
        return bag_check_zip_buffer(&zv, z->rel, s->zip, s->ziplen, &z->idx,
                                    &z->have_idx);
    return bag_check_zip_fd(&zv, z->rel, v->ar->tmp, s->tmplen, &z->idx,
                            &z->have_idx);
}

/* One payload file streamed: hashed, and checked when an indicator zip. */
static int
stream_file(struct bag_verify *v, struct archive *outer, struct bag_file *f,
            char *buf)
{
    struct ar_stream s = {.v = v, .outer = outer, .rel = f->path, .buf = buf,
                          .declared = f->size, .size_known = f->size > 0};
    bool zip = is_indicator_zip(f->path);
    int ret = -1;

    for (int a = 0; a < 2; a++)
        if (f->need[a] &&
            !(s.ctx[a] = dsr_hash_new(a == 0 ? DSR_HASH_SHA256 : DSR_HASH_SHA512,
                                      v->err)))
            goto out;
    /* an inner zip: kept whole to be opened with libzip */
    s.keep = zip;
    while (stream_next(&s) > 0)
        ;
    if (s.fatal)
        goto out;
    if (s.failed) {
        f->rc = 0;
        f->need[0] = f->need[1] = false;
        ret = 1;
        goto out;
    }
    for (int a = 0; a < 2; a++)
        if (s.ctx[a] && dsr_hash_final(s.ctx[a], f->digest[a], v->err) < 0)
            goto out;
    f->rc = 0;
    f->got = s.got;
    if (zip && check_kept_zip(v, &s) < 0)
        goto out;
    ret = 0;
out:
    for (int a = 0; a < 2; a++)
        dsr_hash_free(s.ctx[a]);
    free(s.zip);
    return ret;
}

int
bag_archive_hash_all(struct bag_verify *v, struct bag_list *data)
{
    struct bag_archive *ar = v->ar;
    struct archive *a;
    struct archive_entry *ae;
    bool opened = false;
    char *buf;
    size_t ord = 0;
    int ret = -1;

    if (ar->streamed)
        return 0;
    ar->streamed = true;
    for (size_t i = 0; i < data->n; i++) {
        data->items[i].rc = 1;              /* until streamed */
        data->items[i].sys_errno = EIO;
    }
    buf = malloc(AR_CHUNK);
    if (!buf)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    a = outer_reader(ar, &opened, v->err);
    if (!a) {
        free(buf);
        return -1;
    }
    while (opened && ord < ar->nord) {
        int r = archive_read_next_header(a, &ae);
        size_t k = ord++;
        struct bag_file *f;
        int rc;

        if (r == ARCHIVE_EOF || r < ARCHIVE_WARN)
            break;          /* pass 1 reported what it could not read */
        if (!ar->role[k])
            continue;
        f = bag_list_find(data, ar->items[ar->role[k] - 1].name);
        if (!f || !f->regular ||
            (!f->need[0] && !f->need[1] && !is_indicator_zip(f->path))) {
            if (f)
                f->rc = 0;
            continue;
        }
        rc = stream_file(v, a, f, buf);
        if (rc < 0)
            goto out;
        /* unreadable: reported here alone, not counted as hashed */
        if (rc > 0 &&
            stash_problem(ar, v->err, f->path, DSR_BAG_ALTERED,
                          _("cannot be read out of the archive: %s"),
                          why(a)) < 0)
            goto out;
    }
    /* files not hashed (no manifest asks) count as done */
    v->h.p.bytes_done = v->h.p.bytes_total;
    if (v->h.progress)
        v->h.progress(v->h.progress_ctx, &v->h.p);
    ret = 0;
out:
    archive_read_free(a);
    free(buf);
    return ret;
}

static int
cmp_zip(const void *a, const void *b)
{
    return strcmp(((const struct ar_zip *)a)->rel, ((const struct ar_zip *)b)->rel);
}

int
bag_archive_check_zips(struct bag_verify *v, const struct bag_list *data)
{
    struct bag_archive *ar = v->ar;
    struct dsr_bag_report *r = v->rep;

    if (!ar->streamed && bag_archive_hash_all(v, (struct bag_list *)data) < 0)
        return -1;
    if (ar->nzips)
        qsort(ar->zips, ar->nzips, sizeof(*ar->zips), cmp_zip);
    for (size_t i = 0; i < ar->nzips; i++) {
        struct ar_zip *z = &ar->zips[i];
        struct bag_verify zv = {.rep = &z->rep, .err = v->err, .opts = v->opts,
                                .calls = v->calls};

        if (z->have_idx && bag_zip_check_called(&zv, z->rel, &z->idx) < 0)
            return -1;
        r->zips += z->rep.zips;
        r->entries += z->rep.entries;
        r->encrypted += z->rep.encrypted;
        if (z->rep.n &&
            dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap,
                     r->n + z->rep.n, v->err) < 0)
            return -1;
        if (z->rep.n)
            memcpy(&r->items[r->n], z->rep.items, z->rep.n * sizeof(*z->rep.items));
        r->n += z->rep.n;
        z->rep.n = 0;
        dsr_bag_report_release(&z->rep);
    }
    return 0;
}

/* Put the problems of the archive itself before the others in 'rep'. */
static int
prepend_stash(struct bag_archive *ar, struct dsr_bag_report *rep,
              struct dsr_error *err)
{
    size_t k = ar->stash.n;

    if (!k)
        return 0;
    if (dsr_grow((void **)&rep->items, sizeof(*rep->items), &rep->cap, rep->n + k,
                 err) < 0)
        return -1;
    memmove(&rep->items[k], rep->items, rep->n * sizeof(*rep->items));
    memcpy(rep->items, ar->stash.items, k * sizeof(*rep->items));
    rep->n += k;
    ar->stash.n = 0;
    return 0;
}

static void
archive_release(struct bag_archive *ar)
{
    for (size_t i = 0; i < ar->n; i++) {
        free(ar->items[i].name);
        free(ar->items[i].mem);
    }
    free(ar->items);
    free(ar->role);
    for (size_t i = 0; i < ar->nzips; i++) {
        free(ar->zips[i].rel);
        dsr_bag_report_release(&ar->zips[i].rep);
        dsr_zip_index_release(&ar->zips[i].idx);
    }
    free(ar->zips);
    dsr_bag_report_release(&ar->stash);
    if (ar->tmp >= 0)
        close(ar->tmp);
    ar->tmp = -1;
}

int
bag_archive_verify(const char *path, const struct dsr_bag_verify_opts *opts,
                   bool bag_only, struct dsr_bag_report *rep,
                   struct dsr_error *err)
{
    struct bag_archive ar = {.path = path, .opts = opts, .tmp = -1};
    const char *slash = strrchr(path, '/');
    int ret = -1;

    memset(rep, 0, sizeof(*rep));
    ar.shown = slash && slash[1] ? slash + 1 : path;
    ar.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (ar.fd < 0)
        return dsr_error_sys(err, errno, path, "cannot open the bundle");
    if (pass1(&ar, err) == 0 &&
        bag_verify_in(path, &ar, opts, bag_only, rep, err) == 0 &&
        prepend_stash(&ar, rep, err) == 0)
        ret = 0;
    archive_release(&ar);
    close(ar.fd);
    return ret;
}
