/*
 * zips.c -- per-indicator evidence zips with libzip.
 *
 * Each evidence file reaches libzip through a zip_source_function that
 * opens it safely, hashes every byte libzip reads, and closes it.  At the
 * end of each file its first bytes, size and time are compared with what
 * check saw (and its SHA-256, when check computed one), so a file that
 * changed in between is caught without reading it twice; the hash is
 * the one index.xml records, which is the zip's last entry for that
 * reason: libzip writes the entries in order, so every file has been
 * read when index.xml is made.
 */
#include "dossier/zips.h"

#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/hash.h"
#include "dossier/workspace.h"
#include "internal.h"
#include "liberr.h"
#include "zipindex.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>
#include <zlib.h>

#include "bag_impl.h"

#define DEFLATE_LEVEL 1
/* libzip asks for 8 KiB at a time; read ahead in larger pieces */
#define READ_AHEAD ((size_t)256 << 10)

/* One evidence file as a libzip source. */
struct source {
    struct dsr_checked_file *file;
    struct run *run;
    int fd;
    unsigned char *buf;             /* read ahead, while open */
    size_t have, pos;               /* bytes in 'buf', bytes handed out */
    struct dsr_hash *hash;
    uint64_t read;
    char sha256[DSR_HASH_HEX_MAX];
    uint32_t head_crc;              /* of the bytes check sniffed */
    bool ended;                     /* read to its end, and still the same */
    bool changed;                   /* not what check saw */
    bool closed;
    bool failed;                    /* could not be opened or read */
    enum dsr_path_status status;    /* why, when failed */
    int sys_errno;
    zip_error_t error;
};

struct run {
    mode_t mode;                    /* of the published zips */
    struct dsr_check_result *checked;    /* the zips fill info.sha256 */
    const struct dsr_zips_opts *opts;
    struct dsr_zips_result *res;
    size_t *zip_indicator;          /* into checked->indicators, per zip */
    struct dsr_job *order;          /* the zips, the costliest first */
    pthread_mutex_t lock;           /* progress and the first fatal error */
    struct dsr_zips_progress progress;
    struct dsr_error err;
};

char *
dsr_zip_name(const char *id, char *out, size_t size)
{
    bool numeric = *id != '\0';

    for (const char *p = id; *p; p++)
        numeric = numeric && isdigit((unsigned char)*p);
    snprintf(out, size, "%s%s.zip", numeric && strlen(id) == 1 ? "0" : "", id);
    return out;
}

static void
report(struct run *r, const char *indicator, uint64_t bytes, bool file_done,
       bool zip_done)
{
    if (!r->opts->progress)
        return;
    pthread_mutex_lock(&r->lock);
    r->progress.bytes_done += bytes;
    r->progress.files_done += file_done;
    r->progress.zips_done += zip_done;
    r->progress.indicator = indicator;
    r->opts->progress(r->opts->progress_ctx, &r->progress);
    pthread_mutex_unlock(&r->lock);
}

/* ---- the hashing source ---------------------------------------------- */

/*
 * At the end of the file: is it still what check judged?  The same
 * first bytes, size and modification time, and the same SHA-256 when
 * check hashed it; then the hash is the file's, for index.xml and for
 * dsr_check_content().  Returns 0, or -1 (s->changed) when it is not.
 */
static int
source_end(struct source *s)
{
    struct dsr_checked_file *f = s->file;
    struct dsr_error err = DSR_ERROR_INIT;
    struct stat sb;

    s->ended = true;
    if (dsr_hash_final(s->hash, s->sha256, &err) < 0 || fstat(s->fd, &sb) < 0 ||
        s->read != f->info.size || (uint64_t)sb.st_size != f->info.size ||
        (int64_t)sb.st_mtim.tv_sec != f->info.mtime ||
        sb.st_mtim.tv_nsec != f->info.mtime_nsec ||
        s->head_crc != f->info.head_crc ||
        (f->info.sha256[0] && strcmp(f->info.sha256, s->sha256) != 0)) {
        dsr_error_clear(&err);
        s->changed = true;
        return -1;
    }
    /* one thread writes this zip, and this file is in no other zip */
    if (!f->info.sha256[0])
        memcpy(f->info.sha256, s->sha256, DSR_SHA256_HEX);
    return 0;
}

static zip_int64_t
source_cb(void *userdata, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct source *s = userdata;
    struct dsr_error err = DSR_ERROR_INIT;

    switch (cmd) {
    case ZIP_SOURCE_OPEN: {
        enum dsr_path_status st;
        int sys_errno;

        s->fd = dsr_root_open_file(&s->run->checked->root, s->file->resolved,
                                   &st, &sys_errno);
        if (s->fd < 0) {
            s->failed = true;
            s->status = st;
            s->sys_errno = sys_errno;
            zip_error_set(&s->error, ZIP_ER_OPEN, sys_errno ? sys_errno : EINVAL);
            return -1;
        }
        if (!s->hash)
            s->hash = dsr_hash_new(DSR_HASH_SHA256, &err);
        if (!s->buf)
            s->buf = malloc(READ_AHEAD);
        s->have = s->pos = 0;
        if (!s->hash || !s->buf) {
            zip_error_set(&s->error, ZIP_ER_MEMORY, 0);
            return -1;
        }
        s->read = 0;
        s->head_crc = 0;
        s->ended = s->changed = false;
        s->closed = false;
        return 0;
    }
    case ZIP_SOURCE_READ: {
        ssize_t n = 0;

        if (s->run->opts->cancel && *s->run->opts->cancel) {
            zip_error_set(&s->error, ZIP_ER_READ, EINTR);
            return -1;
        }
        if (s->pos == s->have) {
            /* hash each piece once, as it comes in */
            do
                n = read(s->fd, s->buf, READ_AHEAD);
            while (n < 0 && errno == EINTR);
            if (n < 0) {
                s->failed = true;
                s->status = DSR_PATH_UNREADABLE;
                s->sys_errno = errno;
                zip_error_set(&s->error, ZIP_ER_READ, errno);
                return -1;
            }
            if (dsr_hash_update(s->hash, s->buf, (size_t)n, &err) < 0) {
                zip_error_set(&s->error, ZIP_ER_INTERNAL, 0);
                return -1;
            }
            if (s->read < s->file->info.head_len) {
                uint64_t k = s->file->info.head_len - s->read;

                s->head_crc = (uint32_t)crc32(s->head_crc, s->buf,
                                              (uInt)(k < (uint64_t)n ? k : (uint64_t)n));
            }
            if (n == 0 && !s->ended && source_end(s) < 0) {
                zip_error_set(&s->error, ZIP_ER_READ, EIO);
                return -1;
            }
            s->have = (size_t)n;
            s->pos = 0;
            s->read += (uint64_t)n;
            report(s->run, NULL, (uint64_t)n, false, false);
        }
        n = (ssize_t)(s->have - s->pos < len ? s->have - s->pos : len);
        memcpy(data, s->buf + s->pos, (size_t)n);
        s->pos += (size_t)n;
        return n;
    }
    case ZIP_SOURCE_CLOSE:
        close(s->fd);
        s->fd = -1;
        free(s->buf);
        s->buf = NULL;
        s->closed = true;
        report(s->run, NULL, 0, true, false);
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;

        if (len < sizeof(*st)) {
            zip_error_set(&s->error, ZIP_ER_INVAL, 0);
            return -1;
        }
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_MTIME;
        st->size = s->file->info.size;
        st->mtime = (time_t)s->file->info.mtime;
        return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&s->error, data, len);
    case ZIP_SOURCE_FREE:
        if (s->fd >= 0)
            close(s->fd);
        free(s->buf);
        dsr_hash_free(s->hash);
        zip_error_fini(&s->error);
        /* the struct itself belongs to the zip job, which reads the hash */
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
        zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* ---- names, times, index.xml ----------------------------------------- */

bool
dsr_zip_entry_name_safe(const char *name)
{
    return dsr_path_check(name, 0) == DSR_PATH_OK;
}

/*
 * The entry name: the path below the indicator's own folder when the file
 * is there, else the file name, from the normalised path check resolved
 * (no ".", ".." or empty part).  Names are made unique afterwards.
 */
static char *
entry_name(const struct dsr_indicator *def, const char *file)
{
    const char *slash = strchr(file, '/');
    const char *base = strrchr(file, '/');

    if (def && slash) {
        char first[256];
        size_t n = (size_t)(slash - file);

        if (n < sizeof(first)) {
            memcpy(first, file, n);
            first[n] = '\0';
            if (dsr_indicator_owns_folder(def, first))
                return strdup(slash + 1);
        }
    }
    return strdup(base ? base + 1 : file);
}

static int
cmp_entry(const void *a, const void *b)
{
    const struct dsr_zip_item *x = a;
    const struct dsr_zip_item *y = b;
    int r = strcmp(x->name, y->name);

    if (r)
        return r;
    /* equal names: manifest order decides, so renaming is deterministic */
    return (x->ev->line > y->ev->line) - (x->ev->line < y->ev->line);
}

/* "a.pdf" -> "a (2).pdf" */
static char *
renamed(const char *name, int n)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    size_t stem = dot && (!slash || dot > slash) && dot != name ? (size_t)(dot - name)
                                                                 : strlen(name);
    size_t len = strlen(name) + 16;
    char *out = malloc(len);

    if (out)
        snprintf(out, len, "%.*s (%d)%s", (int)stem, name, n, name + stem);
    return out;
}

/* A set of names (borrowed), open addressing; linear in the entries. */
struct name_set {
    const char **slot;
    size_t mask;
};

static size_t
name_hash(const char *s)
{
    size_t h = 2166136261u;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h;
}

/* Add 'name' unless it is there; false when it was there already. */
static bool
name_set_add(struct name_set *set, const char *name)
{
    size_t i = name_hash(name) & set->mask;

    while (set->slot[i]) {
        if (strcmp(set->slot[i], name) == 0)
            return false;
        i = (i + 1) & set->mask;
    }
    set->slot[i] = name;
    return true;
}

/*
 * Sorted, with every name unique and none equal to index.xml.  A name
 * used before becomes "a (2).pdf", "a (3).pdf" ...; equal names are next
 * to each other after sorting, so the counter carries on through them and
 * a thousand copies of one name cost a thousand tries, not a million.
 */
static int
unique_names(struct dsr_zip_item *e, size_t n)
{
    struct name_set set = {NULL, 0};
    size_t cap = 16;

    if (n == 0)
        return 0;
    while (cap < 2 * (n + 1))
        cap *= 2;
    set.slot = calloc(cap, sizeof(*set.slot));
    if (!set.slot)
        return -1;
    set.mask = cap - 1;
    qsort(e, n, sizeof(*e), cmp_entry);
    name_set_add(&set, DSR_INDEX_NAME);
    for (size_t i = 0, j; i < n; i = j) {
        int k = 2;

        for (j = i + 1; j < n && strcmp(e[j].name, e[i].name) == 0; j++)
            ;
        for (size_t x = i; x < j; x++) {
            char *orig = e[x].name;
            char *r = NULL;

            if (name_set_add(&set, orig))
                continue;
            do {
                free(r);
                r = renamed(orig, k++);
                if (!r) {
                    free(set.slot);
                    return -1;
                }
            } while (!name_set_add(&set, r));
            e[x].name = r;
            free(orig);
        }
    }
    free(set.slot);
    qsort(e, n, sizeof(*e), cmp_entry);
    return 0;
}

/* DOS date and time, in UTC so that the time zone cannot change bytes. */
static void
dos_time(int64_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    time_t tt = (time_t)(t < 315532800 ? 315532800 : t);   /* >= 1980 */
    struct tm tm;

    gmtime_r(&tt, &tm);
    *dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
    *ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) |
                            tm.tm_mday);
}

static int64_t
clamp(int64_t t, int64_t sde)
{
    return sde >= 0 && t > sde ? sde : t;
}

/* ---- one zip ----------------------------------------------------------- */

static void zip_failed(struct dsr_zip_outcome *z, enum dsr_code code,
                       const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Record why this zip was not written; the first reason wins. */
static void
zip_failed(struct dsr_zip_outcome *z, enum dsr_code code, const char *fmt, ...)
{
    va_list ap;

    if (z->code != DSR_OK)
        return;
    z->code = code;
    va_start(ap, fmt);
    vsnprintf(z->message, sizeof(z->message), fmt, ap);
    va_end(ap);
}

/* Why 'file' could not be packed after check had read it. */
static void
source_failed(struct dsr_zip_outcome *z, const struct source *s,
              const char *file)
{
    switch (s->status) {
    case DSR_PATH_MISSING:
        zip_failed(z, DSR_INPUT,
                   _("'%s' was removed after it was checked; %s was not "
                     "written"),
                   file, z->name);
        break;
    case DSR_PATH_ESCAPES:
    case DSR_PATH_LINK:
        zip_failed(z, DSR_INPUT,
                   _("'%s' was replaced by a symbolic link after it was "
                     "checked, and was not followed; %s was not written"),
                   file, z->name);
        break;
    case DSR_PATH_NOT_REGULAR:
        zip_failed(z, DSR_INPUT,
                   _("'%s' is no longer a regular file; %s was not written"),
                   file, z->name);
        break;
    default:
        zip_failed(z, DSR_INPUT,
                   _("'%s' can no longer be read: %s; %s was not written"),
                   file, dsr_strerror(s->sys_errno ? s->sys_errno : EIO), z->name);
        break;
    }
}

/*
 * index.xml as a libzip source made when libzip comes to it: the last
 * entry, so every file before it has been read and hashed (libzip writes
 * the entries in order, asking each source's size first).
 */
struct index_source {
    const struct run *run;
    const struct dsr_mindicator *ind;
    const struct dsr_zip_item *e;
    size_t n;
    char *xml;
    size_t len, pos;
    zip_error_t error;
};

static int
index_build(struct index_source *x)
{
    if (x->xml)
        return 0;
    for (size_t i = 0; i < x->n; i++)
        if (!x->e[i].file->info.sha256[0]) {
            zip_error_set(&x->error, ZIP_ER_INTERNAL, 0);
            return -1;
        }
    if (dsr_zip_index_write(x->run->checked->manifest, x->ind->id, x->e, x->n,
                            &x->xml, &x->len) < 0) {
        zip_error_set(&x->error, ZIP_ER_MEMORY, 0);
        return -1;
    }
    return 0;
}

static zip_int64_t
index_cb(void *userdata, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct index_source *x = userdata;

    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        x->pos = 0;
        return index_build(x);
    case ZIP_SOURCE_READ: {
        size_t n = x->len - x->pos < len ? x->len - x->pos : (size_t)len;

        memcpy(data, x->xml + x->pos, n);
        x->pos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;

        if (len < sizeof(*st)) {
            zip_error_set(&x->error, ZIP_ER_INVAL, 0);
            return -1;
        }
        if (index_build(x) < 0)
            return -1;
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE;
        st->size = x->len;
        return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&x->error, data, len);
    case ZIP_SOURCE_FREE:
        /* the struct belongs to the zip job */
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
        zip_error_set(&x->error, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

static int
add_index(zip_t *za, const struct run *r, struct index_source *x,
          int64_t when, struct dsr_zip_outcome *z)
{
    zip_source_t *src;
    zip_int64_t idx;
    zip_uint16_t dt, dd;
    zip_error_t zerr;

    zip_error_init(&zerr);
    src = zip_source_function_create(index_cb, x, &zerr);
    zip_error_fini(&zerr);
    if (!src) {
        zip_failed(z, DSR_NOMEM, _("out of memory"));
        return -1;
    }
    idx = zip_file_add(za, DSR_INDEX_NAME, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        zip_failed(z, DSR_IO, _("cannot add %s: %s"), DSR_INDEX_NAME, dsr_zip_strerror(za));
        return -1;
    }
    dos_time(when, &dt, &dd);
    if (zip_file_set_dostime(za, (zip_uint64_t)idx, dt, dd, 0) < 0 ||
        zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE,
                                 DEFLATE_LEVEL) < 0 ||
        zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
                                          ZIP_OPSYS_UNIX, 0100644u << 16) < 0 ||
        (r->opts->passphrase &&
         zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256,
                                 r->opts->passphrase) < 0)) {
        zip_failed(z, DSR_IO, _("cannot set up %s: %s"), DSR_INDEX_NAME, dsr_zip_strerror(za));
        return -1;
    }
    return 0;
}

static int
add_file(zip_t *za, const struct run *r, const struct dsr_zip_item *e,
         struct source *s, struct dsr_zip_outcome *z)
{
    zip_source_t *src;
    zip_int64_t idx;
    zip_uint16_t dt, dd;
    zip_error_t zerr;
    bool store = e->file->info.store;

    /* by construction, whatever the manifest wrote: refuse, never fix up */
    if (!dsr_zip_entry_name_safe(e->name)) {
        zip_failed(z, DSR_INPUT,
                   _("'%s' would be stored under an unsafe name in %s; "
                     "rename the file"),
                   e->ev->file, z->name);
        return -1;
    }
    zip_error_init(&zerr);
    src = zip_source_function_create(source_cb, s, &zerr);
    if (!src) {
        zip_failed(z, DSR_NOMEM, _("cannot add '%s': %s"), e->ev->file,
                   dsr_zip_error_text(&zerr));
        zip_error_fini(&zerr);
        return -1;
    }
    zip_error_fini(&zerr);
    idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(src);
        zip_failed(z, DSR_IO, _("cannot add '%s': %s"), e->ev->file, dsr_zip_strerror(za));
        return -1;
    }
    dos_time(clamp(e->file->info.mtime, r->opts->source_date_epoch), &dt, &dd);
    if (zip_file_set_dostime(za, (zip_uint64_t)idx, dt, dd, 0) < 0 ||
        zip_set_file_compression(za, (zip_uint64_t)idx,
                                 store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 store ? 0 : DEFLATE_LEVEL) < 0 ||
        zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
                                          ZIP_OPSYS_UNIX, 0100644u << 16) < 0 ||
        (r->opts->passphrase &&
         zip_file_set_encryption(za, (zip_uint64_t)idx, ZIP_EM_AES_256,
                                 r->opts->passphrase) < 0)) {
        zip_failed(z, DSR_IO, _("cannot set up '%s': %s"), e->ev->file,
                   dsr_zip_strerror(za));
        return -1;
    }
    return 0;
}

static int
cmp_inode(const void *a, const void *b)
{
    const struct dsr_checked_file *x = ((const struct dsr_zip_item *)a)->file;
    const struct dsr_checked_file *y = ((const struct dsr_zip_item *)b)->file;

    if (x->info.dev != y->info.dev)
        return x->info.dev < y->info.dev ? -1 : 1;
    if (x->info.ino != y->info.ino)
        return x->info.ino < y->info.ino ? -1 : 1;
    /* the same array: the first listed comes first */
    return (x > y) - (x < y);
}

/* Collect the indicator's readable files as entries with unique names. */
static int
collect(const struct run *r, size_t ci, struct dsr_zip_item **out, size_t *n)
{
    const struct dsr_check_result *c = r->checked;
    const struct dsr_check_indicator *fact = &c->indicators[ci];
    const struct dsr_mindicator *ind = fact->mind;
    const struct dsr_indicator *def = fact->def;
    size_t mi = fact->mindex;
    struct dsr_zip_item *e = NULL;
    size_t cap = 0;
    size_t all = 0;

    *n = 0;
    for (size_t i = 0; i < c->nfiles; i++) {
        const struct dsr_checked_file *f = &c->files[i];

        if (f->indicator != mi || !f->read)
            continue;
        if (dsr_grow((void **)&e, sizeof(*e), &cap, all + 1, NULL) < 0)
            goto fail;
        e[all].file = f;
        e[all].ev = &ind->evidence[f->evidence];
        e[all].name = NULL;
        all++;
    }
    /* the same file listed twice in one indicator goes in once */
    if (all)
        qsort(e, all, sizeof(*e), cmp_inode);
    for (size_t i = 0; i < all; i++) {
        if (*n && e[*n - 1].file->info.dev == e[i].file->info.dev &&
            e[*n - 1].file->info.ino == e[i].file->info.ino)
            continue;
        e[*n] = e[i];
        e[*n].name = entry_name(def, e[*n].file->resolved);
        if (!e[*n].name)
            goto fail;
        (*n)++;
    }
    if (unique_names(e, *n) < 0)
        goto fail;
    *out = e;
    return 0;
fail:
    for (size_t k = 0; k < *n; k++)
        free(e[k].name);
    free(e);
    *n = 0;
    return -1;
}

/* The zip's digests for the bag, on the thread that wrote it. */
static int
digest_zip(const struct run *r, const char *path, struct dsr_zip_outcome *z)
{
    struct bag_hashing h = BAG_HASHING_INIT(r->opts->cancel, NULL, NULL);
    struct dsr_error err = DSR_ERROR_INIT;
    bool need[DSR_HASH_COUNT] = {false};
    int sys_errno = 0;
    mode_t type = 0;
    int rc;

    const char *base = strrchr(path, '/');
    const char *rel = base ? base + 1 : path;
    int dirfd = open(r->opts->out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat before, after;

    for (int a = 0; a < DSR_HASH_COUNT; a++)
        need[a] = (r->opts->digest_algs & DSR_HASH_BIT(a)) != 0;
    if (dirfd < 0 || fstatat(dirfd, rel, &before, AT_SYMLINK_NOFOLLOW) < 0) {
        sys_errno = errno;
        rc = 1;
    } else {
        rc = bag_hash_file(dirfd, rel, need, z->digest, &z->zip_size,
                           &sys_errno, &type, &h, &err);
        /* which file the digests are of, for the bag to be sure */
        if (rc == 0 && fstatat(dirfd, rel, &after, AT_SYMLINK_NOFOLLOW) < 0) {
            sys_errno = errno;
            rc = 1;
        } else if (rc == 0 && (!dsr_fio_same_file(&before, &after) ||
                               (uint64_t)after.st_size != z->zip_size)) {
            close(dirfd);
            zip_failed(z, DSR_IO,
                       _("%s changed while its checksums were computed, in "
                         "pack's own temporary folder; it was not written: "
                         "run pack again"),
                       z->name);
            return -1;
        }
    }
    if (dirfd >= 0)
        close(dirfd);
    if (rc == 0) {
        z->zip_stat = after;
        return 0;
    }
    if (rc > 0)
        zip_failed(z, DSR_IO, _("cannot read '%s': %s"), path,
                   dsr_strerror(sys_errno ? sys_errno : EIO));
    else
        zip_failed(z, err.code, "%s", err.msg);
    dsr_error_clear(&err);
    return -1;
}

static void
write_zip(struct run *r, size_t zi)
{
    const struct dsr_check_result *c = r->checked;
    struct dsr_zip_outcome *z = &r->res->zips[zi];
    size_t ci = r->zip_indicator[zi];
    const struct dsr_mindicator *ind = c->indicators[ci].mind;
    struct dsr_zip_item *e = NULL;
    struct source *src = NULL;
    struct index_source index = {.run = r, .ind = ind};
    size_t n = 0;
    zip_t *za = NULL;
    struct dsr_fio_tmp tmp = DSR_FIO_TMP_INIT;
    enum dsr_fio_step step;
    char final[PATH_MAX];
    int64_t newest = 0;
    int zerr = 0;

    report(r, ind->id, 0, false, false);
    if (r->opts->cancel && *r->opts->cancel) {
        zip_failed(z, DSR_INTERRUPTED, _("interrupted"));
        goto out;
    }
    if (snprintf(final, sizeof(final), "%s/%s", r->opts->out_dir, z->name) >=
        (int)sizeof(final)) {
        zip_failed(z, DSR_IO, _("path too long"));
        goto out;
    }
    if (collect(r, ci, &e, &n) < 0) {
        zip_failed(z, DSR_NOMEM, _("out of memory"));
        goto out;
    }
    src = calloc(n ? n : 1, sizeof(*src));
    if (!src) {
        zip_failed(z, DSR_NOMEM, _("out of memory"));
        goto out;
    }
    /* a hidden temporary; libzip replaces it, so it is published by name */
    if (dsr_fio_tmp_create(&tmp, final, true, &step) < 0) {
        if (step == DSR_FIO_NAME)
            zip_failed(z, DSR_IO, _("path too long"));
        else
            zip_failed(z, DSR_IO, _("cannot write in '%s': %s"),
                       r->opts->out_dir, dsr_strerror(errno));
        goto out;
    }
    close(tmp.fd);
    tmp.fd = -1;
    za = zip_open(tmp.name, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!za) {
        zip_error_t ze;

        zip_error_init_with_code(&ze, zerr);
        zip_failed(z, DSR_IO, _("cannot create '%s': %s"), tmp.name,
                   dsr_zip_error_text(&ze));
        zip_error_fini(&ze);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t t = clamp(e[i].file->info.mtime, r->opts->source_date_epoch);

        newest = t > newest ? t : newest;
    }
    zip_error_init(&index.error);
    for (size_t i = 0; i < n; i++) {
        src[i].file = &r->checked->files[e[i].file - r->checked->files];
        src[i].run = r;
        src[i].fd = -1;
        zip_error_init(&src[i].error);
        if (add_file(za, r, &e[i], &src[i], z) < 0)
            goto out;
        z->entries++;
        z->bytes += e[i].file->info.size;
    }
    index.e = e;
    index.n = n;
    if (add_index(za, r, &index, newest, z) < 0)
        goto out;
    if (zip_close(za) < 0) {
        if (r->opts->cancel && *r->opts->cancel)
            zip_failed(z, DSR_INTERRUPTED, _("interrupted"));
        /* an evidence file that went away is the input's fault, not ours */
        for (size_t i = 0; i < n; i++) {
            if (src[i].failed)
                source_failed(z, &src[i], e[i].ev->file);
            if (src[i].changed)
                zip_failed(z, DSR_INPUT,
                           _("'%s' changed after it was checked; %s was not "
                             "written"),
                           e[i].ev->file, z->name);
        }
        zip_failed(z, DSR_IO, _("cannot write '%s': %s"), final, dsr_zip_strerror(za));
        goto out;
    }
    za = NULL;
    /* every file read to its end, and still what check saw */
    for (size_t i = 0; i < n; i++) {
        if (!src[i].closed || !src[i].ended || src[i].changed) {
            zip_failed(z, DSR_INPUT,
                       _("'%s' changed after it was checked; %s was not "
                         "written"),
                       e[i].ev->file, z->name);
            goto out;
        }
    }
    /* the bag's digests now, while the bytes are in the cache */
    if (r->opts->digest_algs && digest_zip(r, tmp.name, z) < 0)
        goto out;
    /* mkstemp made it private; a published zip is an ordinary file */
    if (dsr_fio_tmp_publish(&tmp, final, r->mode, DSR_FIO_REPLACE, &step) < 0) {
        zip_failed(z, DSR_IO, _("cannot write '%s': %s"), final, dsr_strerror(errno));
        goto out;
    }
    z->written = true;
out:
    if (za)
        zip_discard(za);
    dsr_fio_tmp_discard(&tmp);
    for (size_t i = 0; i < n; i++)
        free(e[i].name);
    free(e);
    free(src);
    free(index.xml);
    zip_error_fini(&index.error);
    report(r, ind->id, 0, false, true);
}

static void
free_run(struct run *r)
{
    free(r->zip_indicator);
    free(r->order);
    r->zip_indicator = NULL;
    r->order = NULL;
}

/* The i-th costliest zip. */
static void
zip_job(void *ctx, size_t i)
{
    struct run *r = ctx;

    write_zip(r, r->order[i].item);
}

int
dsr_zips_write(struct dsr_check_result *checked,
                 const struct dsr_zips_opts *opts,
                 struct dsr_zips_result *res, struct dsr_error *err)
{
    const struct dsr_manifest *m = checked->manifest;
    const struct dsr_catalog *cat = checked->catalog;
    struct run r = {.checked = checked, .opts = opts, .res = res,
                    .err = DSR_ERROR_INIT};

    memset(res, 0, sizeof(*res));
    if (!m || !cat)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                             "bundle needs a checked manifest");
    res->zips = calloc(cat->nindicators ? cat->nindicators : 1, sizeof(*res->zips));
    r.zip_indicator = calloc(cat->nindicators ? cat->nindicators : 1,
                             sizeof(*r.zip_indicator));
    r.order = calloc(cat->nindicators ? cat->nindicators : 1, sizeof(*r.order));
    if (!res->zips || !r.zip_indicator || !r.order) {
        free_run(&r);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    /* one zip per catalog indicator that has a readable file */
    for (size_t i = 0; i < checked->nindicators; i++) {
        const struct dsr_mindicator *ind = checked->indicators[i].mind;
        size_t mi = checked->indicators[i].mindex;
        bool any = false;
        char name[64];

        if (!ind)
            continue;
        for (size_t k = 0; k < checked->nfiles; k++) {
            const struct dsr_file_info *info = &checked->files[k].info;

            if (checked->files[k].indicator == mi && checked->files[k].read) {
                any = true;
                r.progress.files_total++;
                r.progress.bytes_total += info->size;
                /* deflating a byte costs about eight times storing it */
                r.order[res->nzips].cost += info->store ? info->size : 8 * info->size;
            }
        }
        if (!any)
            continue;
        r.zip_indicator[res->nzips] = i;
        res->zips[res->nzips].indicator = strdup(ind->id);
        res->zips[res->nzips].name =
            strdup(dsr_zip_name(ind->id, name, sizeof(name)));
        if (!res->zips[res->nzips].indicator || !res->zips[res->nzips].name) {
            res->nzips++;
            free_run(&r);
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        }
        res->nzips++;
    }
    r.progress.zips_total = res->nzips;
    /*
     * Longest first: the threads finish together instead of one starting
     * the largest zip last.  Only the order of work changes; each zip's
     * bytes do not depend on it.
     */
    for (size_t i = 0; i < res->nzips; i++)
        r.order[i].item = i;
    dsr_jobs_sort(r.order, res->nzips);
    /* read the umask once, before any thread exists */
    r.mode = dsr_fio_default_mode();
    pthread_mutex_init(&r.lock, NULL);
    dsr_parallel(res->nzips, opts->jobs, zip_job, &r);
    pthread_mutex_destroy(&r.lock);
    free_run(&r);
    for (size_t i = 0; i < res->nzips; i++)
        if (!res->zips[i].written)
            res->failed++;
    return 0;
}

void
dsr_zips_result_release(struct dsr_zips_result *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->nzips; i++) {
        free(res->zips[i].indicator);
        free(res->zips[i].name);
    }
    free(res->zips);
    memset(res, 0, sizeof(*res));
}
