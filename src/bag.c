/*
 * bag.c -- BagIt 1.0 bags (RFC 8493): the tag files over data/, the
 * verifier, and the readers of a bag's text files.
 *
 * Files inside a bag are reached one path component at a time with
 * O_NOFOLLOW, so neither the writer nor the verifier ever follows a
 * symbolic link planted in a bag.
 */
#include "dossier/bag.h"

#include "dossier/buf.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/hash.h"
#include "internal.h"
#include "xml.h"

#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#define CHUNK ((size_t)1 << 20)
#define MAX_DEPTH 64
#define MAX_FIELDS 10000
#define INDEX_NAME "index.xml"
#define INDEX_NS "urn:dossier:index:1"
#define ZIP_DIR "data/indicators/"
/* deflate cannot expand beyond about 1032:1; a larger claim is a lie */
#define MAX_RATIO 1100

/* A file found under data/ (or a tag file), by its path in the bag. */
struct bfile {
    char *path;
    uint64_t size;
    bool regular;
    bool listed[2];             /* in the payload manifest of each alg */
    bool need[2];               /* digests to compute, by alg */
    char digest[2][DSR_HASH_HEX_MAX];
    /* what hash_all() found: as hash_file() returns, bytes read, errno */
    int rc;
    uint64_t got;
    int sys_errno;
};

struct blist {
    struct bfile *items;
    size_t n, cap;
};

struct hashing {
    const volatile sig_atomic_t *cancel;
    void (*progress)(void *ctx, const struct dsr_bag_progress *p);
    void *progress_ctx;
    pthread_mutex_t lock;       /* 'p', when threads hash at once */
    struct dsr_bag_progress p;
};

#define HASHING_INIT(cancel_, progress_, ctx_)                                \
    {.cancel = (cancel_), .progress = (progress_), .progress_ctx = (ctx_),    \
     .lock = PTHREAD_MUTEX_INITIALIZER}

static int walk(int rootfd, const char *rel, int depth, struct blist *l,
                struct dsr_error *err);
static void blist_release(struct blist *l);

/* ---- small helpers ------------------------------------------------------ */

const char *
dsr_bag_alg_name(enum dsr_hash_alg alg)
{
    return alg == DSR_HASH_SHA256 ? "sha256" : "sha512";
}

const char *
dsr_bag_kind_name(enum dsr_bag_kind kind)
{
    switch (kind) {
    case DSR_BAG_MISSING:
        return "missing";
    case DSR_BAG_EXTRA:
        return "extra";
    case DSR_BAG_ALTERED:
        return "altered";
    case DSR_BAG_MALFORMED:
        return "malformed";
    }
    return "malformed";
}

static size_t
hex_len(enum dsr_hash_alg alg)
{
    return alg == DSR_HASH_SHA256 ? 64 : 128;
}

static bool
cancelled(const volatile sig_atomic_t *cancel)
{
    return cancel && *cancel;
}

static int
interrupted(struct dsr_error *err)
{
    return dsr_error_set(err, DSR_INTERRUPTED, NULL, 0, "interrupted");
}

/*
 * Open 'rel' below 'dirfd' one component at a time, never following a
 * symbolic link.  'flags' apply to the last component.  Returns the fd or
 * -1 with errno set (ELOOP for a link).
 */
static int
open_beneath(int dirfd, const char *rel, int flags)
{
    char part[4096];
    const char *p = rel;
    int fd = dirfd;

    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        int next;

        if (n == 0 || n >= sizeof(part)) {
            if (fd != dirfd)
                close(fd);
            errno = ENOENT;
            return -1;
        }
        memcpy(part, p, n);
        part[n] = '\0';
        next = openat(fd, part,
                      (slash ? O_RDONLY | O_DIRECTORY : flags) | O_NOFOLLOW |
                          O_CLOEXEC,
                      0666);
        if (fd != dirfd) {
            int saved = errno;

            close(fd);
            errno = saved;
        }
        if (next < 0)
            return -1;
        fd = next;
        if (!slash)
            return fd;
        p = slash + 1;
    }
}

/* Read all of an open file, at most 'limit' bytes; NUL-terminated. */
static int
read_fd(int fd, size_t limit, char **data, size_t *len, const char *path,
        struct dsr_error *err)
{
    struct dsr_buf b;
    char chunk[65536];

    dsr_buf_init(&b, limit + 1);
    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            dsr_buf_release(&b);
            return dsr_error_sys(err, errno, path, "cannot read");
        }
        if (n == 0)
            break;
        if (b.len + (size_t)n > limit) {
            dsr_buf_release(&b);
            return dsr_error_set(err, DSR_INPUT, path, 0,
                                 "larger than the %zu MiB limit", limit >> 20);
        }
        if (dsr_buf_add(&b, chunk, (size_t)n, err) < 0) {
            dsr_buf_release(&b);
            return -1;
        }
    }
    *len = b.len;
    *data = b.len ? dsr_buf_detach(&b) : strdup("");
    dsr_buf_release(&b);
    if (!*data)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    return 0;
}

/* Write 'len' bytes to a new file dir/name; EEXIST is an error. */
static int
write_new(int dirfd, const char *dir, const char *name, const void *data,
          size_t len, struct dsr_error *err)
{
    const char *p = data;
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                                     O_CLOEXEC, 0666);

    if (fd < 0)
        return dsr_error_sys(err, errno, dir, "cannot create '%s'", name);
    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;

            close(fd);
            return dsr_error_sys(err, e, dir, "cannot write '%s'", name);
        }
        p += n;
        len -= (size_t)n;
    }
    if (close(fd) < 0)
        return dsr_error_sys(err, errno, dir, "cannot write '%s'", name);
    return 0;
}

/*
 * Hash the file 'rel' below 'dirfd' with every algorithm 'need' asks for.
 * 'size' receives the bytes read.  Returns 0; 1 when the file cannot be
 * opened (errno in *sys_errno); -1 with 'err' set when the run must stop.
 */
static int
hash_file(int dirfd, const char *rel, const bool need[2], char out[2][DSR_HASH_HEX_MAX],
          uint64_t *size, int *sys_errno, struct hashing *h,
          struct dsr_error *err)
{
    struct dsr_hash *ctx[2] = {NULL, NULL};
    char *chunk = NULL;
    int fd = -1;
    int ret = -1;

    *size = 0;
    fd = open_beneath(dirfd, rel, O_RDONLY);
    if (fd < 0) {
        *sys_errno = errno;
        return 1;
    }
    chunk = malloc(CHUNK);
    if (!chunk) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (int a = 0; a < 2; a++) {
        if (!need[a])
            continue;
        ctx[a] = dsr_hash_new(a == 0 ? DSR_HASH_SHA256 : DSR_HASH_SHA512, err);
        if (!ctx[a])
            goto out;
    }
    for (;;) {
        ssize_t n;

        if (cancelled(h->cancel)) {
            interrupted(err);
            goto out;
        }
        n = read(fd, chunk, CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *sys_errno = errno;
            ret = 1;
            goto out;
        }
        if (n == 0)
            break;
        for (int a = 0; a < 2; a++)
            if (ctx[a] && dsr_hash_update(ctx[a], chunk, (size_t)n, err) < 0)
                goto out;
        *size += (uint64_t)n;
        pthread_mutex_lock(&h->lock);
        h->p.path = rel;
        h->p.bytes_done += (uint64_t)n;
        if (h->progress)
            h->progress(h->progress_ctx, &h->p);
        pthread_mutex_unlock(&h->lock);
    }
    for (int a = 0; a < 2; a++)
        if (ctx[a] && dsr_hash_final(ctx[a], out[a], err) < 0)
            goto out;
    ret = 0;
out:
    for (int a = 0; a < 2; a++)
        dsr_hash_free(ctx[a]);
    free(chunk);
    close(fd);
    return ret;
}

static int
cmp_size_desc(const void *a, const void *b)
{
    uint64_t x = (*(struct bfile *const *)a)->size, y = (*(struct bfile *const *)b)->size;

    return x < y ? 1 : x > y ? -1 : 0;
}

/*
 * The items of 'l' by decreasing size, for threads to take the largest
 * first, so that no large file is left to one thread at the end.  NULL
 * (path order) without memory; the caller frees it.
 */
static struct bfile **
largest_first(const struct blist *l)
{
    struct bfile **order = l->n ? malloc(l->n * sizeof(*order)) : NULL;

    if (!order)
        return NULL;
    for (size_t i = 0; i < l->n; i++)
        order[i] = &l->items[i];
    qsort(order, l->n, sizeof(*order), cmp_size_desc);
    return order;
}

/* The index in l->items of the i-th item to work on. */
static size_t
nth(const struct blist *l, struct bfile *const *order, size_t i)
{
    return order ? (size_t)(order[i] - l->items) : i;
}

struct hash_job {
    int dirfd;
    struct blist *files;
    struct bfile **order;       /* largest_first() */
    struct hashing *h;
    pthread_mutex_t lock;       /* 'err' */
    struct dsr_error *err;      /* the first fatal error */
};

static void
hash_one(void *ctx, size_t i)
{
    struct hash_job *job = ctx;
    struct bfile *f = &job->files->items[nth(job->files, job->order, i)];
    struct dsr_error e = DSR_ERROR_INIT;

    if (!f->regular || (!f->need[0] && !f->need[1]))
        return;
    f->rc = hash_file(job->dirfd, f->path, f->need, f->digest, &f->got,
                      &f->sys_errno, job->h, &e);
    if (f->rc < 0) {
        pthread_mutex_lock(&job->lock);
        if (job->err->code == DSR_OK)
            *job->err = e;
        pthread_mutex_unlock(&job->lock);
    }
}

/*
 * hash_file() every regular file of 'files' that needs a digest, on
 * 'jobs' threads, leaving each outcome in the file's rc, got and
 * sys_errno.  Returns -1 with 'err' set when any file failed fatally (out
 * of memory, interrupted), else 0.
 */
static int
hash_all(int dirfd, struct blist *files, unsigned jobs, struct hashing *h,
         struct dsr_error *err)
{
    struct hash_job job = {.dirfd = dirfd, .files = files, .h = h,
                           .order = largest_first(files),
                           .lock = PTHREAD_MUTEX_INITIALIZER, .err = err};

    dsr_parallel(files->n, jobs, hash_one, &job);
    free(job.order);
    return err->code == DSR_OK ? 0 : -1;
}

static int
alg_slot(enum dsr_hash_alg alg)
{
    return alg == DSR_HASH_SHA256 ? 0 : 1;
}

static int
cmp_bfile(const void *a, const void *b)
{
    return strcmp(((const struct bfile *)a)->path, ((const struct bfile *)b)->path);
}

static struct bfile *
blist_find(const struct blist *l, const char *path)
{
    struct bfile key = {.path = (char *)(uintptr_t)path};

    if (l->n == 0)
        return NULL;
    return bsearch(&key, l->items, l->n, sizeof(*l->items), cmp_bfile);
}

static void
blist_release(struct blist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].path);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

static int
blist_add(struct blist *l, const char *path, uint64_t size, bool regular,
          struct dsr_error *err)
{
    if (dsr_grow((void **)&l->items, sizeof(*l->items), &l->cap, l->n + 1, err) < 0)
        return -1;
    memset(&l->items[l->n], 0, sizeof(l->items[l->n]));
    l->items[l->n].path = dsr_strdup(path, err);
    if (!l->items[l->n].path)
        return -1;
    l->items[l->n].size = size;
    l->items[l->n].regular = regular;
    l->n++;
    return 0;
}

/* Every entry below 'rel' (a directory under 'dirfd'), physically. */
static int
walk(int rootfd, const char *rel, int depth, struct blist *l, struct dsr_error *err)
{
    DIR *d = NULL;
    struct dirent *de;
    int fd;
    int ret = -1;

    if (depth > MAX_DEPTH)
        return dsr_error_set(err, DSR_INPUT, rel, 0, "directories nested too deep");
    fd = open_beneath(rootfd, rel, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return dsr_error_sys(err, errno, rel, "cannot open the directory");
    d = fdopendir(fd);
    if (!d) {
        close(fd);
        return dsr_error_sys(err, errno, rel, "cannot open the directory");
    }
    for (;;) {
        struct stat st;
        char *path;
        size_t n;

        errno = 0;
        de = readdir(d);
        if (!de) {
            if (errno)
                dsr_error_sys(err, errno, rel, "cannot list the directory");
            else
                ret = 0;
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            dsr_error_sys(err, errno, rel, "cannot stat '%s'", de->d_name);
            break;
        }
        n = strlen(rel) + strlen(de->d_name) + 2;
        path = malloc(n);
        if (!path) {
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            break;
        }
        snprintf(path, n, "%s/%s", rel, de->d_name);
        if (S_ISDIR(st.st_mode)) {
            int rc = walk(rootfd, path, depth + 1, l, err);

            free(path);
            if (rc < 0)
                break;
            continue;
        }
        if (blist_add(l, path, (uint64_t)st.st_size, S_ISREG(st.st_mode), err) < 0) {
            free(path);
            break;
        }
        free(path);
    }
    closedir(d);
    return ret;
}

/* ---- writing ------------------------------------------------------------ */

/* Append "Label: value\n" with line breaks in value made spaces. */
static int
add_field(struct dsr_buf *b, const char *label, const char *value,
          struct dsr_error *err)
{
    if (!value)
        return 0;
    if (dsr_buf_addf(b, err, "%s: ", label) < 0)
        return -1;
    for (const char *p = value; *p; p++) {
        char c = *p == '\n' || *p == '\r' ? ' ' : *p;

        if (dsr_buf_add(b, &c, 1, err) < 0)
            return -1;
    }
    return dsr_buf_add(b, "\n", 1, err);
}

char *
dsr_bag_encode_path(const char *path, struct dsr_error *err)
{
    struct dsr_buf b;

    dsr_buf_init(&b, 0);
    for (const char *p = path; *p; p++) {
        int rc;

        if (*p == '%')
            rc = dsr_buf_adds(&b, "%25", err);
        else if (*p == '\n')
            rc = dsr_buf_adds(&b, "%0A", err);
        else if (*p == '\r')
            rc = dsr_buf_adds(&b, "%0D", err);
        else
            rc = dsr_buf_add(&b, p, 1, err);
        if (rc < 0) {
            dsr_buf_release(&b);
            return NULL;
        }
    }
    {
        char *s = b.len ? dsr_buf_detach(&b) : strdup("");

        dsr_buf_release(&b);
        if (!s)
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        return s;
    }
}

static int
add_manifest_line(struct dsr_buf *b, const char *digest, const char *path,
                  struct dsr_error *err)
{
    char *enc = dsr_bag_encode_path(path, err);
    int rc;

    if (!enc)
        return -1;
    rc = dsr_buf_addf(b, err, "%s  %s\n", digest, enc);
    free(enc);
    return rc;
}

static EVP_PKEY *
read_key(const char *path, bool private_key, struct dsr_error *err)
{
    FILE *f = fopen(path, "r");
    EVP_PKEY *k;

    if (!f) {
        dsr_error_sys(err, errno, path, "cannot read the key");
        return NULL;
    }
    k = private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
                    : PEM_read_PUBKEY(f, NULL, NULL, NULL);
    fclose(f);
    if (!k) {
        dsr_error_set(err, DSR_USAGE, path, 0, "not a PEM %s key",
                      private_key ? "private" : "public");
        return NULL;
    }
    if (EVP_PKEY_get_base_id(k) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(k);
        dsr_error_set(err, DSR_USAGE, path, 0, "not an Ed25519 key");
        return NULL;
    }
    return k;
}

/* The base64 Ed25519 signature of 'data', with a final LF. */
static char *
sign(const char *key_path, const void *data, size_t len, struct dsr_error *err)
{
    EVP_PKEY *k = read_key(key_path, true, err);
    EVP_MD_CTX *ctx = NULL;
    unsigned char sig[64];
    size_t siglen = sizeof(sig);
    char *out = NULL;

    if (!k)
        return NULL;
    ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) != 1 ||
        EVP_DigestSign(ctx, sig, &siglen, data, len) != 1) {
        dsr_error_set(err, DSR_USAGE, key_path, 0, "cannot sign with this key");
        goto out;
    }
    out = malloc(4 * ((siglen + 2) / 3) + 2);
    if (!out) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    strcat(out + EVP_EncodeBlock((unsigned char *)out, sig, (int)siglen), "\n");
out:
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(k);
    return out;
}

int
dsr_bag_write(const char *dir, const struct dsr_bag_info *info,
              const struct dsr_bag_opts *opts, struct dsr_error *err)
{
    const char *alg = dsr_bag_alg_name(opts->alg);
    int slot = alg_slot(opts->alg);
    struct blist files = {0};
    struct dsr_buf manifest, bag_info, tags;
    struct hashing h = HASHING_INIT(opts->cancel, NULL, NULL);
    static const char declaration[] =
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
    char name[64], tagname[64], hex[DSR_HASH_HEX_MAX], size[32], oxum[64];
    char *signature = NULL;
    uint64_t bytes = 0;
    int dirfd;
    int ret = -1;

    dsr_buf_init(&manifest, 0);
    dsr_buf_init(&bag_info, 0);
    dsr_buf_init(&tags, 0);
    dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0)
        return dsr_error_sys(err, errno, dir, "cannot open the bag");
    if (walk(dirfd, "data", 0, &files, err) < 0)
        goto out;
    if (files.n)
        qsort(files.items, files.n, sizeof(*files.items), cmp_bfile);
    for (size_t i = 0; i < files.n; i++) {
        struct bfile *f = &files.items[i];

        if (!f->regular) {
            dsr_error_set(err, DSR_INTERNAL, dir, 0,
                          "'%s' is not a regular file", f->path);
            goto out;
        }
        f->need[slot] = true;
    }
    if (hash_all(dirfd, &files, opts->jobs, &h, err) < 0)
        goto out;
    for (size_t i = 0; i < files.n; i++) {
        const struct bfile *f = &files.items[i];

        if (f->rc > 0) {
            dsr_error_sys(err, f->sys_errno, dir, "cannot read '%s'", f->path);
            goto out;
        }
        bytes += f->got;
        if (add_manifest_line(&manifest, f->digest[slot], f->path, err) < 0)
            goto out;
    }
    snprintf(oxum, sizeof(oxum), "%" PRIu64 ".%zu", bytes, files.n);
    if (add_field(&bag_info, "Source-Organization", info->source_organization, err) < 0 ||
        add_field(&bag_info, "Contact-Name", info->contact_name, err) < 0 ||
        add_field(&bag_info, "External-Description", info->external_description, err) < 0 ||
        add_field(&bag_info, "External-Identifier", info->external_identifier, err) < 0 ||
        add_field(&bag_info, "Bagging-Date", info->bagging_date, err) < 0 ||
        add_field(&bag_info, "Bag-Group-Identifier", info->group_identifier, err) < 0 ||
        add_field(&bag_info, "Bag-Size",
                  dsr_format_size(bytes, DSR_LANG_EN, size, sizeof(size)), err) < 0 ||
        add_field(&bag_info, "Payload-Oxum", oxum, err) < 0)
        goto out;
    snprintf(name, sizeof(name), "manifest-%s.txt", alg);
    snprintf(tagname, sizeof(tagname), "tagmanifest-%s.txt", alg);
    /* the tag manifest in byte order of the names */
    if (dsr_hash_buffer(opts->alg, bag_info.data, bag_info.len, hex, err) < 0 ||
        add_manifest_line(&tags, hex, DSR_BAG_INFO, err) < 0 ||
        dsr_hash_buffer(opts->alg, declaration, sizeof(declaration) - 1, hex, err) < 0 ||
        add_manifest_line(&tags, hex, DSR_BAG_DECLARATION, err) < 0 ||
        dsr_hash_buffer(opts->alg, dsr_buf_str(&manifest), manifest.len, hex, err) < 0 ||
        add_manifest_line(&tags, hex, name, err) < 0)
        goto out;
    if (opts->sign_key) {
        signature = sign(opts->sign_key, tags.data, tags.len, err);
        if (!signature)
            goto out;
    }
    if (cancelled(opts->cancel)) {
        interrupted(err);
        goto out;
    }
    if (write_new(dirfd, dir, DSR_BAG_DECLARATION, declaration,
                  sizeof(declaration) - 1, err) < 0 ||
        write_new(dirfd, dir, DSR_BAG_INFO, bag_info.data, bag_info.len, err) < 0 ||
        write_new(dirfd, dir, name, dsr_buf_str(&manifest), manifest.len, err) < 0 ||
        write_new(dirfd, dir, tagname, tags.data, tags.len, err) < 0)
        goto out;
    if (signature) {
        char signame[80];

        snprintf(signame, sizeof(signame), "%s%s", tagname, DSR_BAG_SIGNATURE_SUFFIX);
        if (write_new(dirfd, dir, signame, signature, strlen(signature), err) < 0)
            goto out;
    }
    ret = 0;
out:
    free(signature);
    dsr_buf_release(&manifest);
    dsr_buf_release(&bag_info);
    dsr_buf_release(&tags);
    blist_release(&files);
    close(dirfd);
    return ret;
}

static int
sync_tree(int fd, const char *path, int depth, struct dsr_error *err)
{
    DIR *d;
    struct dirent *de;
    int ret = 0;
    int dfd;

    if (depth > MAX_DEPTH)
        return dsr_error_set(err, DSR_IO, path, 0, "directories nested too deep");
    dfd = dup(fd);
    if (dfd < 0)
        return dsr_error_sys(err, errno, path, "cannot open");
    d = fdopendir(dfd);
    if (!d) {
        close(dfd);
        return dsr_error_sys(err, errno, path, "cannot open");
    }
    while (ret == 0) {
        struct stat st;
        int sub;

        errno = 0;
        de = readdir(d);
        if (!de) {
            if (errno)
                ret = dsr_error_sys(err, errno, path, "cannot list");
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
            !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
            continue;
        sub = openat(dirfd(d), de->d_name,
                     (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0) | O_RDONLY |
                         O_NOFOLLOW | O_CLOEXEC);
        if (sub < 0) {
            ret = dsr_error_sys(err, errno, path, "cannot open '%s'", de->d_name);
            break;
        }
        if (S_ISDIR(st.st_mode))
            ret = sync_tree(sub, de->d_name, depth + 1, err);
        else if (fsync(sub) < 0)
            ret = dsr_error_sys(err, errno, path, "cannot sync '%s'", de->d_name);
        close(sub);
    }
    closedir(d);
    if (ret == 0 && fsync(fd) < 0)
        ret = dsr_error_sys(err, errno, path, "cannot sync");
    return ret;
}

int
dsr_bag_sync(const char *dir, struct dsr_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return dsr_error_sys(err, errno, dir, "cannot open");
    rc = sync_tree(fd, dir, 0, err);
    close(fd);
    return rc;
}

/* ---- readers ------------------------------------------------------------ */

/* The next line of buf[*pos..len) without its LF or CRLF; false at end. */
static bool
next_line(const char *buf, size_t len, size_t *pos, const char **line,
          size_t *n)
{
    const char *nl;

    if (*pos >= len)
        return false;
    *line = buf + *pos;
    nl = memchr(*line, '\n', len - *pos);
    *n = nl ? (size_t)(nl - *line) : len - *pos;
    *pos += *n + (nl ? 1 : 0);
    if (*n > 0 && (*line)[*n - 1] == '\r')
        (*n)--;
    return true;
}

int
dsr_bag_parse_declaration(const char *buf, size_t len, char *version,
                          size_t size, struct dsr_error *err)
{
    static const char vkey[] = "BagIt-Version: ";
    static const char ekey[] = "Tag-File-Character-Encoding: UTF-8";
    const char *line;
    size_t n, pos = 0;
    unsigned long no = 0;
    bool seen_v = false, seen_e = false;

    while (next_line(buf, len, &pos, &line, &n)) {
        no++;
        if (no == 1 && n >= sizeof(vkey) - 1 &&
            memcmp(line, vkey, sizeof(vkey) - 1) == 0) {
            const char *v = line + sizeof(vkey) - 1;
            size_t vn = n - (sizeof(vkey) - 1);
            size_t i = 0;

            while (i < vn && isdigit((unsigned char)v[i]))
                i++;
            if (i == 0 || i >= vn || v[i] != '.' || i + 1 >= vn)
                return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no,
                                     "BagIt-Version is not M.N");
            for (i++; i < vn; i++)
                if (!isdigit((unsigned char)v[i]))
                    return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no,
                                         "BagIt-Version is not M.N");
            if (vn >= size)
                return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no,
                                     "BagIt-Version is too long");
            memcpy(version, v, vn);
            version[vn] = '\0';
            seen_v = true;
        } else if (no == 2 && n == sizeof(ekey) - 1 && memcmp(line, ekey, n) == 0) {
            seen_e = true;
        } else if (n != 0 || pos < len) {
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no,
                                 no == 1 ? "the first line must be 'BagIt-Version: M.N'"
                                 : no == 2 ? "the second line must be "
                                             "'Tag-File-Character-Encoding: UTF-8'"
                                           : "unexpected line");
        }
    }
    if (!seen_v || !seen_e)
        return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no + 1,
                             "the declaration is incomplete");
    return 0;
}

void
dsr_bag_fields_release(struct dsr_bag_fields *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].label);
        free(f->items[i].value);
    }
    free(f->items);
    memset(f, 0, sizeof(*f));
}

const char *
dsr_bag_fields_get(const struct dsr_bag_fields *f, const char *label)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcasecmp(f->items[i].label, label) == 0)
            return f->items[i].value;
    return NULL;
}

int
dsr_bag_parse_info(const char *buf, size_t len, struct dsr_bag_fields *f,
                   struct dsr_error *err)
{
    const char *line;
    size_t n, pos = 0;
    unsigned long no = 0;

    memset(f, 0, sizeof(*f));
    while (next_line(buf, len, &pos, &line, &n)) {
        const char *colon;
        size_t ln, vs;
        struct dsr_bag_field *fd;

        no++;
        if (memchr(line, '\0', n))
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no, "a NUL byte");
        if (n == 0) {
            if (pos < len)
                return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no, "an empty line");
            continue;
        }
        if (line[0] == ' ' || line[0] == '\t') {
            size_t s = 0, old;
            char *v;

            if (f->n == 0)
                return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no,
                                     "a continuation line before any label");
            while (s < n && (line[s] == ' ' || line[s] == '\t'))
                s++;
            fd = &f->items[f->n - 1];
            old = strlen(fd->value);
            v = realloc(fd->value, old + 1 + (n - s) + 1);
            if (!v)
                return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            v[old] = ' ';
            memcpy(v + old + 1, line + s, n - s);
            v[old + 1 + n - s] = '\0';
            fd->value = v;
            continue;
        }
        colon = memchr(line, ':', n);
        if (!colon || colon == line)
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no,
                                 "not 'Label: value'");
        ln = (size_t)(colon - line);
        while (ln > 0 && (line[ln - 1] == ' ' || line[ln - 1] == '\t'))
            ln--;
        if (ln == 0)
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no, "an empty label");
        vs = (size_t)(colon - line) + 1;
        while (vs < n && (line[vs] == ' ' || line[vs] == '\t'))
            vs++;
        if (f->n >= MAX_FIELDS)
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no, "too many fields");
        if (dsr_grow((void **)&f->items, sizeof(*f->items), &f->cap, f->n + 1, err) < 0)
            return -1;
        fd = &f->items[f->n];
        fd->label = strndup(line, ln);
        fd->value = strndup(line + vs, n - vs);
        f->n++;
        if (!fd->label || !fd->value)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    return 0;
}

void
dsr_bag_entries_release(struct dsr_bag_entries *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++) {
        free(e->items[i].digest);
        free(e->items[i].path);
    }
    free(e->items);
    memset(e, 0, sizeof(*e));
}

/* Decode %0A, %0D and %25; anything else stays as written. */
static char *
decode_path(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t o = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n) {
            if (s[i + 1] == '0' && (s[i + 2] == 'A' || s[i + 2] == 'a')) {
                out[o++] = '\n';
                i += 2;
                continue;
            }
            if (s[i + 1] == '0' && (s[i + 2] == 'D' || s[i + 2] == 'd')) {
                out[o++] = '\r';
                i += 2;
                continue;
            }
            if (s[i + 1] == '2' && s[i + 2] == '5') {
                out[o++] = '%';
                i += 2;
                continue;
            }
        }
        out[o++] = s[i];
    }
    out[o] = '\0';
    return out;
}

static bool
safe_path(const char *p)
{
    const char *c = p;

    if (*p == '\0' || *p == '/')
        return false;
    for (;;) {
        const char *slash = strchr(c, '/');
        size_t n = slash ? (size_t)(slash - c) : strlen(c);

        if (n == 0 || (n == 1 && c[0] == '.') ||
            (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        if (!slash)
            return true;
        c = slash + 1;
    }
}

static int
cmp_entry_path(const void *a, const void *b)
{
    return strcmp(((const struct dsr_bag_entry *)a)->path,
                  ((const struct dsr_bag_entry *)b)->path);
}

int
dsr_bag_parse_manifest(const char *buf, size_t len, enum dsr_hash_alg alg,
                       struct dsr_bag_entries *e, struct dsr_error *err)
{
    const char *line;
    size_t n, pos = 0;
    unsigned long no = 0;
    size_t want = hex_len(alg);

    memset(e, 0, sizeof(*e));
    while (next_line(buf, len, &pos, &line, &n)) {
        struct dsr_bag_entry *en;
        size_t h = 0, s;

        no++;
        if (n == 0 && pos >= len)
            break;
        if (memchr(line, '\0', n))
            return dsr_error_set(err, DSR_INPUT, NULL, no, "a NUL byte");
        while (h < n && isxdigit((unsigned char)line[h]))
            h++;
        if (h != want || h >= n || (line[h] != ' ' && line[h] != '\t'))
            return dsr_error_set(err, DSR_INPUT, NULL, no,
                                 "not '%zu-digit checksum, space, path'", want);
        s = h;
        while (s < n && (line[s] == ' ' || line[s] == '\t'))
            s++;
        if (dsr_grow((void **)&e->items, sizeof(*e->items), &e->cap, e->n + 1, err) < 0)
            return -1;
        en = &e->items[e->n];
        en->digest = strndup(line, h);
        en->path = decode_path(line + s, n - s);
        en->line = no;
        e->n++;
        if (!en->digest || !en->path)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        for (char *d = en->digest; *d; d++)
            *d = (char)tolower((unsigned char)*d);
        if (!safe_path(en->path))
            return dsr_error_set(err, DSR_INPUT, NULL, no,
                                 "the path is empty, absolute or has a '.' or "
                                 "'..' component");
    }
    if (e->n > 1) {
        struct dsr_bag_entry *sorted = malloc(e->n * sizeof(*sorted));

        if (!sorted)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        memcpy(sorted, e->items, e->n * sizeof(*sorted));
        qsort(sorted, e->n, sizeof(*sorted), cmp_entry_path);
        for (size_t i = 1; i < e->n; i++) {
            if (strcmp(sorted[i - 1].path, sorted[i].path) == 0) {
                unsigned long l = sorted[i].line > sorted[i - 1].line
                                      ? sorted[i].line
                                      : sorted[i - 1].line;

                free(sorted);
                return dsr_error_set(err, DSR_INPUT, NULL, l,
                                     "a path listed twice");
            }
        }
        free(sorted);
    }
    return 0;
}

void
dsr_zip_index_release(struct dsr_zip_index *idx)
{
    if (!idx)
        return;
    free(idx->framework);
    free(idx->year);
    free(idx->indicator);
    free(idx->instance);
    for (size_t i = 0; i < idx->n; i++) {
        free(idx->entries[i].name);
        free(idx->entries[i].file);
        free(idx->entries[i].title);
        free(idx->entries[i].sha256);
    }
    free(idx->entries);
    memset(idx, 0, sizeof(*idx));
}

static bool
is_hex64(const char *s)
{
    size_t n = 0;

    for (; s[n]; n++)
        if (!isxdigit((unsigned char)s[n]) || isupper((unsigned char)s[n]))
            return false;
    return n == 64;
}

static bool
parse_u64(const char *s, uint64_t *v)
{
    uint64_t x = 0;

    if (!*s)
        return false;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s) || x > (UINT64_MAX - 9) / 10)
            return false;
        x = x * 10 + (uint64_t)(*s - '0');
    }
    *v = x;
    return true;
}

static bool
in_index_ns(const xmlNode *n)
{
    return n->ns && xmlStrEqual(n->ns->href, (const xmlChar *)INDEX_NS);
}

int
dsr_zip_index_parse(const char *buf, size_t len, const char *path,
                    struct dsr_zip_index *idx, struct dsr_error *err)
{
    struct dsr_xml_problems problems = {0};
    xmlDocPtr doc = NULL;
    xmlNodePtr root;
    enum dsr_xml_status st;
    int ret = -1;

    memset(idx, 0, sizeof(*idx));
    if (len > DSR_BAG_INDEX_LIMIT)
        return dsr_error_set(err, DSR_INPUT, path, 0, "larger than the %zu MiB limit",
                             DSR_BAG_INDEX_LIMIT >> 20);
    st = dsr_xml_parse(buf, len, path, &doc, &problems, err);
    if (st == DSR_XML_FAILED)
        goto out;
    if (st != DSR_XML_OK) {
        dsr_error_set(err, DSR_INPUT, path, problems.n ? problems.items[0].line : 0,
                      "%s", st == DSR_XML_DOCTYPE ? "a DOCTYPE; refused"
                            : problems.n      ? problems.items[0].msg
                                              : "not well-formed XML");
        goto out;
    }
    root = xmlDocGetRootElement(doc);
    if (!dsr_xml_is(root, "index") || !in_index_ns(root)) {
        dsr_error_set(err, DSR_INPUT, path, root ? dsr_xml_line(root) : 0,
                      "the root is not <index> in %s", INDEX_NS);
        goto out;
    }
    idx->framework = dsr_xml_attr(root, "framework");
    idx->year = dsr_xml_attr(root, "year");
    idx->indicator = dsr_xml_attr(root, "indicator");
    idx->instance = dsr_xml_attr(root, "instance");
    if (!idx->framework || !idx->year || !idx->indicator) {
        dsr_error_set(err, DSR_INPUT, path, dsr_xml_line(root),
                      "<index> lacks framework, year or indicator");
        goto out;
    }
    for (xmlNodePtr n = root->children; n; n = n->next) {
        struct dsr_index_entry *e;
        char *size = NULL, *level = NULL;
        bool ok;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!dsr_xml_is(n, "entry") || !in_index_ns(n)) {
            dsr_error_set(err, DSR_INPUT, path, dsr_xml_line(n),
                          "unexpected element <%s>", (const char *)n->name);
            goto out;
        }
        if (dsr_grow((void **)&idx->entries, sizeof(*idx->entries), &idx->cap,
                     idx->n + 1, err) < 0)
            goto out;
        e = &idx->entries[idx->n++];
        memset(e, 0, sizeof(*e));
        e->name = dsr_xml_attr(n, "name");
        e->file = dsr_xml_attr(n, "file");
        e->sha256 = dsr_xml_attr(n, "sha256");
        e->title = dsr_xml_text(n);
        size = dsr_xml_attr(n, "size");
        level = dsr_xml_attr(n, "level");
        ok = e->name && e->file && e->sha256 && e->title && size &&
             is_hex64(e->sha256) && parse_u64(size, &e->size) && *e->name;
        if (ok && level) {
            ok = strlen(level) == 1 && level[0] >= '1' && level[0] <= '5';
            e->level = ok ? level[0] - '0' : 0;
        }
        free(size);
        free(level);
        if (!ok) {
            dsr_error_set(err, DSR_INPUT, path, dsr_xml_line(n),
                          "an <entry> lacks name, file, size or sha256, or one "
                          "is malformed");
            goto out;
        }
        for (size_t k = 0; k + 1 < idx->n; k++) {
            if (strcmp(idx->entries[k].name, e->name) == 0) {
                dsr_error_set(err, DSR_INPUT, path, dsr_xml_line(n),
                              "entry '%s' is listed twice", e->name);
                goto out;
            }
        }
    }
    ret = 0;
out:
    if (doc)
        xmlFreeDoc(doc);
    dsr_xml_problems_release(&problems);
    return ret;
}

/* ---- verifying ---------------------------------------------------------- */

struct verify {
    int dirfd;
    const char *dir;
    const struct dsr_bag_verify_opts *opts;
    struct dsr_bag_report *rep;
    struct dsr_error *err;
    struct hashing h;
};

static int problem(struct verify *v, const char *path, enum dsr_bag_kind kind,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
problem(struct verify *v, const char *path, enum dsr_bag_kind kind,
        const char *fmt, ...)
{
    struct dsr_bag_report *r = v->rep;
    struct dsr_bag_problem *p;
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap, r->n + 1, v->err) < 0)
        return -1;
    p = &r->items[r->n];
    p->kind = kind;
    p->path = strdup(path);
    p->message = strdup(msg);
    r->n++;
    if (!p->path || !p->message)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    return 0;
}

/*
 * Read a small file of the bag.  Returns 0 with the data; 1 when it is
 * absent or unreadable (already reported as 'kind' when 'report'); -1 on
 * a fatal error.
 */
static int
read_tag(struct verify *v, const char *rel, char **data, size_t *len, bool report)
{
    struct dsr_error e = DSR_ERROR_INIT;
    int fd = open_beneath(v->dirfd, rel, O_RDONLY);

    if (fd < 0) {
        if (!report)
            return 1;
        if (errno == ENOENT)
            return problem(v, rel, DSR_BAG_MISSING, _("the file is missing")) < 0 ? -1 : 1;
        return problem(v, rel, DSR_BAG_MALFORMED, _("cannot open: %s"),
                       strerror(errno)) < 0 ? -1 : 1;
    }
    if (read_fd(fd, DSR_BAG_TAG_LIMIT, data, len, rel, &e) < 0) {
        close(fd);
        if (e.code == DSR_NOMEM)
            return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
        return problem(v, rel, DSR_BAG_MALFORMED, "%s", e.msg) < 0 ? -1 : 1;
    }
    close(fd);
    return 0;
}

struct manifest_file {
    char name[256];
    enum dsr_hash_alg alg;
    bool tag;
    struct dsr_bag_entries entries;
    bool parsed;
};

static int
check_declaration(struct verify *v)
{
    struct dsr_error e = DSR_ERROR_INIT;
    char *data = NULL;
    size_t len = 0;
    char version[32];
    int rc = read_tag(v, DSR_BAG_DECLARATION, &data, &len, true);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (dsr_bag_parse_declaration(data, len, version, sizeof(version), &e) < 0)
        rc = problem(v, DSR_BAG_DECLARATION, DSR_BAG_MALFORMED, _("line %lu: %s"),
                     e.line, e.msg);
    free(data);
    return rc;
}

/* The top-level files: manifests found, anything unexpected reported. */
static int
list_top(struct verify *v, struct manifest_file **mf, size_t *nmf,
         struct blist *others)
{
    DIR *d;
    struct dirent *de;
    int fd = dup(v->dirfd);
    size_t cap = 0;
    int ret = -1;

    if (fd < 0)
        return dsr_error_sys(v->err, errno, v->dir, "cannot list");
    d = fdopendir(fd);
    if (!d) {
        close(fd);
        return dsr_error_sys(v->err, errno, v->dir, "cannot list");
    }
    rewinddir(d);
    for (;;) {
        const char *n;
        bool tag;
        const char *alg;
        struct stat st;

        errno = 0;
        de = readdir(d);
        if (!de) {
            if (errno)
                dsr_error_sys(v->err, errno, v->dir, "cannot list");
            else
                ret = 0;
            break;
        }
        n = de->d_name;
        if (strcmp(n, ".") == 0 || strcmp(n, "..") == 0 || strcmp(n, "data") == 0)
            continue;
        tag = strncmp(n, "tagmanifest-", 12) == 0;
        if ((tag || strncmp(n, "manifest-", 9) == 0) && strlen(n) > 4 &&
            strcmp(n + strlen(n) - 4, ".txt") == 0) {
            alg = n + (tag ? 12 : 9);
            if (dsr_grow((void **)mf, sizeof(**mf), &cap, *nmf + 1, v->err) < 0)
                break;
            memset(&(*mf)[*nmf], 0, sizeof(**mf));
            snprintf((*mf)[*nmf].name, sizeof((*mf)[*nmf].name), "%s", n);
            (*mf)[*nmf].tag = tag;
            if (strcmp(alg, "sha512.txt") == 0)
                (*mf)[*nmf].alg = DSR_HASH_SHA512;
            else if (strcmp(alg, "sha256.txt") == 0)
                (*mf)[*nmf].alg = DSR_HASH_SHA256;
            else {
                if (problem(v, n, DSR_BAG_MALFORMED,
                            _("an algorithm dossier cannot check (only sha512 "
                            "and sha256)")) < 0)
                    break;
                continue;
            }
            (*nmf)++;
            continue;
        }
        if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            dsr_error_sys(v->err, errno, v->dir, "cannot stat '%s'", n);
            break;
        }
        if (blist_add(others, n, (uint64_t)st.st_size, S_ISREG(st.st_mode), v->err) < 0)
            break;
    }
    closedir(d);
    if (ret == 0 && others->n)
        qsort(others->items, others->n, sizeof(*others->items), cmp_bfile);
    return ret;
}

static int
load_manifest(struct verify *v, struct manifest_file *m)
{
    struct dsr_error e = DSR_ERROR_INIT;
    char *data = NULL;
    size_t len = 0;
    int rc = read_tag(v, m->name, &data, &len, true);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (dsr_bag_parse_manifest(data, len, m->alg, &m->entries, &e) < 0) {
        dsr_bag_entries_release(&m->entries);
        free(data);
        if (e.code == DSR_NOMEM)
            return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
        return problem(v, m->name, DSR_BAG_MALFORMED, _("line %lu: %s"), e.line, e.msg);
    }
    free(data);
    m->parsed = true;
    return 0;
}

/* Compare one hashed file with a manifest's digest. */
static int
compare_digest(struct verify *v, const struct manifest_file *m,
               const struct dsr_bag_entry *en, const char *got)
{
    if (strcmp(got, en->digest) == 0)
        return 0;
    return problem(v, en->path, DSR_BAG_ALTERED,
                   _("its %s differs from %s line %lu"), dsr_bag_alg_name(m->alg),
                   m->name, en->line);
}

static int
check_payload(struct verify *v, struct manifest_file *mf, size_t nmf,
              struct blist *data, uint64_t *bytes, size_t *count)
{
    bool any = false;

    for (size_t i = 0; i < nmf; i++) {
        if (mf[i].tag || !mf[i].parsed)
            continue;
        any = true;
        for (size_t k = 0; k < mf[i].entries.n; k++) {
            const struct dsr_bag_entry *en = &mf[i].entries.items[k];
            struct bfile *f;

            if (strncmp(en->path, "data/", 5) != 0) {
                if (problem(v, mf[i].name, DSR_BAG_MALFORMED,
                            _("line %lu: '%s' is not under data/"), en->line, en->path) < 0)
                    return -1;
                continue;
            }
            f = blist_find(data, en->path);
            if (!f) {
                if (problem(v, en->path, DSR_BAG_MISSING,
                            _("listed in %s line %lu but absent"), mf[i].name,
                            en->line) < 0)
                    return -1;
                continue;
            }
            f->listed[alg_slot(mf[i].alg)] = true;
            f->need[alg_slot(mf[i].alg)] = true;
        }
    }
    if (!any)
        return 0;
    if (hash_all(v->dirfd, data, v->opts->jobs, &v->h, v->err) < 0)
        return -1;
    for (size_t i = 0; i < data->n; i++) {
        struct bfile *f = &data->items[i];

        if (!f->regular) {
            if (problem(v, f->path, DSR_BAG_MALFORMED,
                        _("not a regular file (a bag holds only files and "
                        "directories)")) < 0)
                return -1;
            continue;
        }
        for (size_t m = 0; m < nmf; m++) {
            if (mf[m].tag || !mf[m].parsed || f->listed[alg_slot(mf[m].alg)])
                continue;
            if (problem(v, f->path, DSR_BAG_EXTRA, _("not listed in %s"),
                        mf[m].name) < 0)
                return -1;
        }
        if (!f->need[0] && !f->need[1]) {
            *bytes += f->size;
            (*count)++;
            continue;
        }
        if (f->rc > 0) {
            if (problem(v, f->path, DSR_BAG_MALFORMED, _("cannot read: %s"),
                        strerror(f->sys_errno)) < 0)
                return -1;
            continue;
        }
        *bytes += f->got;
        (*count)++;
        v->rep->files++;
        v->rep->bytes += f->got;
    }
    for (size_t i = 0; i < nmf; i++) {
        if (mf[i].tag || !mf[i].parsed)
            continue;
        for (size_t k = 0; k < mf[i].entries.n; k++) {
            const struct dsr_bag_entry *en = &mf[i].entries.items[k];
            struct bfile *f = blist_find(data, en->path);
            int slot = alg_slot(mf[i].alg);

            if (!f || !f->regular || !f->digest[slot][0])
                continue;
            if (compare_digest(v, &mf[i], en, f->digest[slot]) < 0)
                return -1;
        }
    }
    return 0;
}

static int
check_tags(struct verify *v, struct manifest_file *mf, size_t nmf,
           struct blist *top)
{
    for (size_t i = 0; i < nmf; i++) {
        if (!mf[i].tag || !mf[i].parsed)
            continue;
        for (size_t k = 0; k < mf[i].entries.n; k++) {
            const struct dsr_bag_entry *en = &mf[i].entries.items[k];
            bool need[2] = {false, false};
            char digest[2][DSR_HASH_HEX_MAX];
            struct bfile *t = blist_find(top, en->path);
            uint64_t got;
            int sys_errno = 0;
            int rc;

            if (t)
                t->listed[0] = true;
            need[alg_slot(mf[i].alg)] = true;
            rc = hash_file(v->dirfd, en->path, need, digest, &got, &sys_errno,
                           &v->h, v->err);
            if (rc < 0)
                return -1;
            if (rc > 0) {
                if (problem(v, en->path,
                            sys_errno == ENOENT ? DSR_BAG_MISSING : DSR_BAG_MALFORMED,
                            sys_errno == ENOENT ? _("listed in %s line %lu but absent")
                                                : _("listed in %s line %lu but "
                                                    "unreadable"),
                            mf[i].name, en->line) < 0)
                    return -1;
                continue;
            }
            if (compare_digest(v, &mf[i], en, digest[alg_slot(mf[i].alg)]) < 0)
                return -1;
        }
    }
    return 0;
}

static int
check_info(struct verify *v, uint64_t bytes, size_t count, bool payload_known)
{
    struct dsr_bag_fields f = {0};
    struct dsr_error e = DSR_ERROR_INIT;
    char *data = NULL;
    size_t len = 0;
    const char *oxum;
    char want[64];
    int rc = read_tag(v, DSR_BAG_INFO, &data, &len, true);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (dsr_bag_parse_info(data, len, &f, &e) < 0) {
        rc = e.code == DSR_NOMEM
                 ? dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory")
                 : problem(v, DSR_BAG_INFO, DSR_BAG_MALFORMED, _("line %lu: %s"),
                           e.line, e.msg);
        goto out;
    }
    oxum = dsr_bag_fields_get(&f, "Payload-Oxum");
    snprintf(want, sizeof(want), "%" PRIu64 ".%zu", bytes, count);
    if (!oxum)
        rc = problem(v, DSR_BAG_INFO, DSR_BAG_MALFORMED, _("no Payload-Oxum"));
    else if (payload_known && strcmp(oxum, want) != 0)
        rc = problem(v, DSR_BAG_INFO, DSR_BAG_ALTERED,
                     _("Payload-Oxum is %s but data/ holds %s (bytes.files)"), oxum,
                     want);
out:
    dsr_bag_fields_release(&f);
    free(data);
    return rc;
}

static int
check_signature(struct verify *v, const struct manifest_file *mf, size_t nmf)
{
    const struct manifest_file *tm = NULL;
    EVP_PKEY *k = NULL;
    EVP_MD_CTX *ctx = NULL;
    char *data = NULL, *sig64 = NULL;
    size_t len = 0, slen = 0;
    unsigned char sig[128];
    char signame[300];
    int n;
    int rc;
    int ret = -1;

    for (size_t i = 0; i < nmf; i++)
        if (mf[i].tag && (!tm || mf[i].alg == DSR_HASH_SHA512))
            tm = &mf[i];
    if (!tm)
        return problem(v, "tagmanifest-sha512.txt", DSR_BAG_MISSING,
                       _("no tag manifest to check the signature against"));
    snprintf(signame, sizeof(signame), "%s%s", tm->name, DSR_BAG_SIGNATURE_SUFFIX);
    k = read_key(v->opts->pubkey, false, v->err);
    if (!k)
        return -1;
    rc = read_tag(v, signame, &sig64, &slen, false);
    if (rc < 0)
        goto out;
    if (rc > 0) {
        ret = problem(v, signame, DSR_BAG_MISSING, _("the bag is not signed"));
        goto out;
    }
    rc = read_tag(v, tm->name, &data, &len, false);
    if (rc != 0) {
        ret = rc < 0 ? -1 : 0;
        goto out;
    }
    while (slen > 0 && (sig64[slen - 1] == '\n' || sig64[slen - 1] == '\r'))
        slen--;
    n = slen == 88 ? EVP_DecodeBlock(sig, (const unsigned char *)sig64, (int)slen) : -1;
    if (n != 66) {
        ret = problem(v, signame, DSR_BAG_MALFORMED,
                      _("not a base64 Ed25519 signature"));
        goto out;
    }
    ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k) != 1) {
        dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "cannot set up verification");
        goto out;
    }
    if (EVP_DigestVerify(ctx, sig, 64, (const unsigned char *)data, len) != 1)
        ret = problem(v, signame, DSR_BAG_ALTERED,
                      _("the signature does not match %s and this public key"),
                      tm->name);
    else {
        v->rep->signature_checked = true;
        ret = 0;
    }
out:
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(k);
    free(data);
    free(sig64);
    return ret;
}

/* Read a zip entry, at most 'limit' bytes, hashing it. */
static int
read_entry(zip_t *za, zip_uint64_t i, uint64_t limit, struct dsr_hash *h,
           char **keep, uint64_t *got, char *why, size_t whysize)
{
    zip_file_t *zf = zip_fopen_index(za, i, 0);
    char chunk[65536];
    struct dsr_buf b;
    struct dsr_error e = DSR_ERROR_INIT;
    int ret = -1;

    dsr_buf_init(&b, DSR_BAG_INDEX_LIMIT + 1);
    *got = 0;
    if (!zf) {
        snprintf(why, whysize, "cannot open: %s", zip_strerror(za));
        return -1;
    }
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, sizeof(chunk));

        if (n < 0) {
            snprintf(why, whysize, "cannot read: %s", zip_file_strerror(zf));
            goto out;
        }
        if (n == 0)
            break;
        *got += (uint64_t)n;
        if (*got > limit) {
            snprintf(why, whysize, "holds more than the %" PRIu64
                     " bytes declared", limit);
            goto out;
        }
        if (h && dsr_hash_update(h, chunk, (size_t)n, &e) < 0) {
            snprintf(why, whysize, "out of memory");
            goto out;
        }
        if (keep && dsr_buf_add(&b, chunk, (size_t)n, &e) < 0) {
            snprintf(why, whysize, "larger than %zu MiB", DSR_BAG_INDEX_LIMIT >> 20);
            goto out;
        }
    }
    if (keep) {
        *keep = b.len ? dsr_buf_detach(&b) : strdup("");
        if (!*keep) {
            snprintf(why, whysize, "out of memory");
            goto out;
        }
    }
    ret = 0;
out:
    dsr_buf_release(&b);
    zip_fclose(zf);
    return ret;
}

/* A declared size that deflate could not give from the compressed size. */
static bool
absurd(const zip_stat_t *st)
{
    if (!(st->valid & ZIP_STAT_SIZE) || !(st->valid & ZIP_STAT_COMP_SIZE))
        return true;
    if (st->size <= (1u << 20))
        return false;
    return st->comp_size == 0 || st->size / st->comp_size > MAX_RATIO;
}

static int
check_zip(struct verify *v, const char *rel)
{
    char path[8192], where[8192], why[512];
    struct dsr_zip_index idx = {0};
    struct dsr_error e = DSR_ERROR_INIT;
    struct dsr_hash *h = NULL;
    bool *seen = NULL;
    char *xml = NULL;
    zip_t *za = NULL;
    zip_stat_t st;
    zip_int64_t ii, n;
    uint64_t got;
    int zerr = 0;
    int ret = -1;

    snprintf(path, sizeof(path), "%s/%s", v->dir, rel);
    za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!za) {
        zip_error_t ze;

        zip_error_init_with_code(&ze, zerr);
        ret = problem(v, rel, DSR_BAG_MALFORMED, _("not a readable zip: %s"),
                      zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return ret;
    }
    v->rep->zips++;
    snprintf(where, sizeof(where), "%s:%s", rel, INDEX_NAME);
    ii = zip_name_locate(za, INDEX_NAME, 0);
    if (ii < 0) {
        ret = problem(v, where, DSR_BAG_MISSING, _("the zip has no %s"), INDEX_NAME);
        goto out;
    }
    if (zip_stat_index(za, (zip_uint64_t)ii, 0, &st) < 0) {
        ret = problem(v, where, DSR_BAG_MALFORMED, "%s", zip_strerror(za));
        goto out;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
        st.encryption_method != ZIP_EM_NONE) {
        v->rep->encrypted++;
        ret = 0;
        goto out;
    }
    if (absurd(&st) || st.size > DSR_BAG_INDEX_LIMIT) {
        ret = problem(v, where, DSR_BAG_MALFORMED,
                      "declares %" PRIu64 " bytes; refused", (uint64_t)st.size);
        goto out;
    }
    if (read_entry(za, (zip_uint64_t)ii, st.size, NULL, &xml, &got, why,
                   sizeof(why)) < 0) {
        ret = problem(v, where, DSR_BAG_ALTERED, "%s", why);
        goto out;
    }
    if (dsr_zip_index_parse(xml, (size_t)got, where, &idx, &e) < 0) {
        if (e.code == DSR_NOMEM) {
            dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        ret = problem(v, where, DSR_BAG_MALFORMED, _("line %lu: %s"), e.line, e.msg);
        goto out;
    }
    seen = calloc(idx.n ? idx.n : 1, sizeof(*seen));
    h = dsr_hash_new(DSR_HASH_SHA256, v->err);
    if (!seen || !h) {
        dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    n = zip_get_num_entries(za, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
        const struct dsr_index_entry *ie = NULL;
        char hex[DSR_HASH_HEX_MAX];
        uint64_t limit;

        if (cancelled(v->opts->cancel)) {
            interrupted(v->err);
            goto out;
        }
        if (!name || i == ii)
            continue;
        snprintf(where, sizeof(where), "%s:%s", rel, name);
        for (size_t k = 0; k < idx.n && !ie; k++) {
            if (strcmp(idx.entries[k].name, name) == 0) {
                ie = &idx.entries[k];
                seen[k] = true;
            }
        }
        if (!ie) {
            if (problem(v, where, DSR_BAG_EXTRA, _("an entry %s does not list"),
                        INDEX_NAME) < 0)
                goto out;
            continue;
        }
        if (zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0 || absurd(&st)) {
            if (problem(v, where, DSR_BAG_MALFORMED,
                        _("declares an impossible size; not inflated")) < 0)
                goto out;
            continue;
        }
        if (st.size != ie->size) {
            if (problem(v, where, DSR_BAG_ALTERED,
                        "%" PRIu64 " bytes in the zip, %" PRIu64 " in %s",
                        (uint64_t)st.size, ie->size, INDEX_NAME) < 0)
                goto out;
            continue;
        }
        limit = st.size < ie->size ? st.size : ie->size;
        if (read_entry(za, (zip_uint64_t)i, limit, h, NULL, &got, why, sizeof(why)) < 0) {
            dsr_hash_final(h, hex, NULL);
            if (problem(v, where, DSR_BAG_ALTERED, "%s", why) < 0)
                goto out;
            continue;
        }
        if (dsr_hash_final(h, hex, v->err) < 0)
            goto out;
        v->rep->entries++;
        if (got != ie->size || strcmp(hex, ie->sha256) != 0) {
            if (problem(v, where, DSR_BAG_ALTERED,
                        _("its SHA-256 differs from %s"), INDEX_NAME) < 0)
                goto out;
        }
    }
    for (size_t k = 0; k < idx.n; k++) {
        if (seen[k])
            continue;
        snprintf(where, sizeof(where), "%s:%s", rel, idx.entries[k].name);
        if (problem(v, where, DSR_BAG_MISSING, _("listed in %s but not in the zip"),
                    INDEX_NAME) < 0)
            goto out;
    }
    ret = 0;
out:
    dsr_hash_free(h);
    free(seen);
    free(xml);
    dsr_zip_index_release(&idx);
    if (za)
        zip_discard(za);
    return ret;
}

static bool
is_indicator_zip(const char *path)
{
    size_t n = strlen(path);

    return strncmp(path, ZIP_DIR, strlen(ZIP_DIR)) == 0 &&
           !strchr(path + strlen(ZIP_DIR), '/') && n > 4 &&
           strcmp(path + n - 4, ".zip") == 0;
}

struct zip_job {
    const struct verify *v;
    const struct blist *data;
    struct bfile **order;           /* largest_first() */
    struct dsr_bag_report *reps;    /* per file of 'data' */
    struct dsr_error *errs;
};

static void
check_one_zip(void *ctx, size_t i)
{
    struct zip_job *job = ctx;
    size_t k = nth(job->data, job->order, i);
    const struct bfile *f = &job->data->items[k];
    struct verify local = {.dirfd = job->v->dirfd, .dir = job->v->dir,
                           .opts = job->v->opts, .rep = &job->reps[k],
                           .err = &job->errs[k]};

    if (f->regular && is_indicator_zip(f->path))
        check_zip(&local, f->path);
}

/*
 * Every data/indicators/NN.zip, on the cores: each zip's problems are
 * gathered apart, then added to the report in path order, so the report
 * does not depend on which thread finished first.
 */
static int
check_zips(struct verify *v, const struct blist *data)
{
    struct zip_job job = {.v = v, .data = data};
    struct dsr_bag_report *r = v->rep;
    int ret = 0;

    if (data->n == 0)
        return 0;
    job.reps = calloc(data->n, sizeof(*job.reps));
    job.errs = calloc(data->n, sizeof(*job.errs));
    if (!job.reps || !job.errs) {
        free(job.reps);
        free(job.errs);
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    job.order = largest_first(data);
    dsr_parallel(data->n, v->opts->jobs, check_one_zip, &job);
    free(job.order);
    for (size_t i = 0; i < data->n; i++) {
        struct dsr_bag_report *z = &job.reps[i];

        if (job.errs[i].code != DSR_OK && ret == 0) {
            *v->err = job.errs[i];
            ret = -1;
        }
        r->zips += z->zips;
        r->entries += z->entries;
        r->encrypted += z->encrypted;
        if (ret == 0 && z->n &&
            dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap, r->n + z->n,
                     v->err) < 0)
            ret = -1;
        if (ret == 0 && z->n) {
            memcpy(&r->items[r->n], z->items, z->n * sizeof(*z->items));
            r->n += z->n;
            z->n = 0;
        }
        dsr_bag_report_release(z);
    }
    free(job.reps);
    free(job.errs);
    return ret;
}

int
dsr_bag_verify(const char *dir, const struct dsr_bag_verify_opts *opts,
               struct dsr_bag_report *rep, struct dsr_error *err)
{
    struct verify v = {.dir = dir, .opts = opts, .rep = rep, .err = err,
                       .h = HASHING_INIT(opts->cancel, opts->progress,
                                         opts->progress_ctx)};
    struct manifest_file *mf = NULL;
    struct blist top = {0}, data = {0};
    size_t nmf = 0, count = 0;
    uint64_t bytes = 0;
    bool has_payload = false, has_tag = false;
    struct stat st;
    int ret = -1;

    memset(rep, 0, sizeof(*rep));
    v.dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (v.dirfd < 0)
        return dsr_error_sys(err, errno, dir, "cannot open the bundle");
    if (check_declaration(&v) < 0 || list_top(&v, &mf, &nmf, &top) < 0)
        goto out;
    if (fstatat(v.dirfd, "data", &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode)) {
        if (problem(&v, "data/", DSR_BAG_MISSING, _("the payload directory is missing")) < 0)
            goto out;
    } else if (walk(v.dirfd, "data", 0, &data, err) < 0) {
        goto out;
    }
    if (data.n)
        qsort(data.items, data.n, sizeof(*data.items), cmp_bfile);
    for (size_t i = 0; i < data.n; i++)
        v.h.p.bytes_total += data.items[i].size;
    for (size_t i = 0; i < nmf; i++) {
        if (load_manifest(&v, &mf[i]) < 0)
            goto out;
        has_payload = has_payload || !mf[i].tag;
        has_tag = has_tag || mf[i].tag;
    }
    if (!has_payload &&
        problem(&v, "manifest-sha512.txt", DSR_BAG_MISSING,
                _("the bag has no payload manifest")) < 0)
        goto out;
    if (!has_tag &&
        problem(&v, "tagmanifest-sha512.txt", DSR_BAG_MISSING,
                _("the bag has no tag manifest")) < 0)
        goto out;
    if (check_payload(&v, mf, nmf, &data, &bytes, &count) < 0 ||
        check_tags(&v, mf, nmf, &top) < 0 ||
        check_info(&v, bytes, count, has_payload) < 0)
        goto out;
    for (size_t i = 0; i < top.n; i++) {
        const char *n = top.items[i].path;
        size_t ln = strlen(n), sl = strlen(DSR_BAG_SIGNATURE_SUFFIX);

        if (top.items[i].listed[0] || strcmp(n, DSR_BAG_DECLARATION) == 0 ||
            strcmp(n, DSR_BAG_INFO) == 0 ||
            (strncmp(n, "tagmanifest-", 12) == 0 && ln > sl &&
             strcmp(n + ln - sl, DSR_BAG_SIGNATURE_SUFFIX) == 0))
            continue;
        if (problem(&v, n, DSR_BAG_EXTRA, _("a file no tag manifest lists")) < 0)
            goto out;
    }
    if (opts->pubkey && check_signature(&v, mf, nmf) < 0)
        goto out;
    if (check_zips(&v, &data) < 0)
        goto out;
    ret = 0;
out:
    for (size_t i = 0; i < nmf; i++)
        dsr_bag_entries_release(&mf[i].entries);
    free(mf);
    blist_release(&top);
    blist_release(&data);
    close(v.dirfd);
    return ret;
}

void
dsr_bag_report_release(struct dsr_bag_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n; i++) {
        free(rep->items[i].path);
        free(rep->items[i].message);
    }
    free(rep->items);
    memset(rep, 0, sizeof(*rep));
}
