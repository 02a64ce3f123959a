/*
 * bag.c -- what the BagIt writer and verifier share: the files of a bag
 * as a list, found without following links, and hashed on several
 * threads.
 *
 * Files inside a bag are reached one path component at a time with
 * O_NOFOLLOW (dsr_fio_open_beneath()), so neither the writer nor the
 * verifier ever follows a symbolic link planted in a bag.
 */
#include "bag_impl.h"

#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/hash.h"
#include "fileio.h"
#include "internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK ((size_t)1 << 20)
#define MAX_DEPTH 64

struct hash_job {
    int dirfd;
    struct bag_list *files;
    struct dsr_job *order;      /* bag_largest_first() */
    struct bag_hashing *h;
    pthread_mutex_t lock;       /* 'err' */
    struct dsr_error *err;      /* the first fatal error */
};

static int walk(int rootfd, const char *rel, int depth, struct bag_list *l,
                struct dsr_error *err);

const char *
dsr_bag_alg_name(enum dsr_hash_alg alg)
{
    return dsr_hash_name(alg);
}

const char *
dsr_bag_kind_name(enum dsr_bag_kind kind)
{
    switch (kind) {
    case DSR_BAG_MISSING:
        return N_("missing");
    case DSR_BAG_EXTRA:
        return N_("extra");
    case DSR_BAG_ALTERED:
        return N_("altered");
    case DSR_BAG_MALFORMED:
        return N_("malformed");
    }
    return N_("malformed");
}

const char *
dsr_bag_signature_name(enum dsr_bag_signature sig)
{
    switch (sig) {
    case DSR_BAG_SIGNATURE_CHECKED:
        return "checked";
    case DSR_BAG_SIGNED:
        return "unchecked";
    case DSR_BAG_UNSIGNED:
        break;
    }
    return "none";
}

int
bag_alg_slot(enum dsr_hash_alg alg)
{
    return (unsigned)alg < DSR_HASH_COUNT ? (int)alg : (int)DSR_HASH_SHA512;
}

/* ---- the list of files -------------------------------------------------- */

static int
cmp_file(const void *a, const void *b)
{
    return strcmp(((const struct bag_file *)a)->path,
                  ((const struct bag_file *)b)->path);
}

void
bag_list_sort(struct bag_list *l)
{
    if (l->n)
        qsort(l->items, l->n, sizeof(*l->items), cmp_file);
}

struct bag_file *
bag_list_find(const struct bag_list *l, const char *path)
{
    struct bag_file key = {.path = (char *)(uintptr_t)path};

    if (l->n == 0)
        return NULL;
    return bsearch(&key, l->items, l->n, sizeof(*l->items), cmp_file);
}

void
bag_list_release(struct bag_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i].path);
    free(l->items);
    memset(l, 0, sizeof(*l));
}

int
bag_list_add(struct bag_list *l, const char *path, uint64_t size, mode_t mode,
             struct dsr_error *err)
{
    if (dsr_grow((void **)&l->items, sizeof(*l->items), &l->cap, l->n + 1, err) < 0)
        return -1;
    memset(&l->items[l->n], 0, sizeof(l->items[l->n]));
    l->items[l->n].path = dsr_strdup(path, err);
    if (!l->items[l->n].path)
        return -1;
    l->items[l->n].size = size;
    l->items[l->n].regular = S_ISREG(mode);
    l->items[l->n].type = mode & S_IFMT;
    l->n++;
    return 0;
}

/* Add the entry 'name' of the directory 'rel' (open as 'dfd'), or walk it. */
static int
walk_entry(int rootfd, const char *rel, int dfd, const char *name, int depth,
           struct bag_list *l, struct dsr_error *err)
{
    struct stat st;
    char *path;
    size_t n;
    int rc;

    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return dsr_error_sys(err, errno, rel, "cannot stat '%s'", name);
    n = strlen(rel) + strlen(name) + 2;
    path = malloc(n);
    if (!path)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    snprintf(path, n, "%s/%s", rel, name);
    if (S_ISDIR(st.st_mode))
        rc = walk(rootfd, path, depth + 1, l, err);
    else if ((rc = bag_list_add(l, path, (uint64_t)st.st_size, st.st_mode,
                                err)) == 0)
        l->items[l->n - 1].st = st;
    free(path);
    return rc;
}

/* Every entry below 'rel' (a directory under 'rootfd'), physically. */
static int
walk(int rootfd, const char *rel, int depth, struct bag_list *l,
     struct dsr_error *err)
{
    const char *name;
    DIR *d;
    int fd;
    int ret = -1;

    if (depth > MAX_DEPTH)
        return dsr_error_set(err, DSR_INPUT, rel, 0, "directories nested too deep");
    fd = dsr_fio_open_beneath(rootfd, rel, O_RDONLY | O_DIRECTORY, false);
    if (fd < 0)
        return dsr_error_sys(err, errno, rel, "cannot open the directory");
    d = fdopendir(fd);
    if (!d) {
        close(fd);
        return dsr_error_sys(err, errno, rel, "cannot open the directory");
    }
    for (;;) {
        int rc = dsr_fio_readdir(d, &name);

        if (rc < 0)
            dsr_error_sys(err, errno, rel, "cannot list the directory");
        if (rc == 0)
            ret = 0;
        if (rc <= 0 || walk_entry(rootfd, rel, dirfd(d), name, depth, l, err) < 0)
            break;
    }
    closedir(d);
    return ret;
}

int
bag_walk(int rootfd, const char *rel, struct bag_list *l, struct dsr_error *err)
{
    return walk(rootfd, rel, 0, l, err);
}

int
bag_walk_tags(int rootfd, const char *dir, size_t max, bool folders,
              struct bag_list *l, struct dsr_error *err)
{
    DIR *d = dsr_fio_opendir_at(rootfd);
    const char *n;
    int ret = -1;

    if (!d)
        return dsr_error_sys(err, errno, dir, "cannot list the bag");
    for (;;) {
        struct stat st;
        int rc = dsr_fio_readdir(d, &n);

        if (rc < 0)
            dsr_error_sys(err, errno, dir, "cannot list the bag");
        if (rc == 0)
            ret = 0;
        if (rc <= 0)
            break;
        if (strcmp(n, DSR_BAG_PAYLOAD_DIR) == 0)
            continue;
        if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            dsr_error_sys(err, errno, dir, "cannot stat '%s'", n);
            break;
        }
        rc = S_ISDIR(st.st_mode) && !folders
                 ? 0
                 : bag_list_add(l, n, (uint64_t)st.st_size, st.st_mode, err);
        if (rc == 0 && S_ISDIR(st.st_mode))
            rc = bag_walk(rootfd, n, l, err);
        if (rc < 0)
            break;
        if (l->n > max) {
            dsr_error_set(err, DSR_INPUT, dir, 0,
                          _("more than %zu files outside data/"), max);
            break;
        }
    }
    closedir(d);
    if (ret == 0)
        bag_list_sort(l);
    return ret;
}

/* ---- hashing ------------------------------------------------------------ */

void
bag_hashing_advance(struct bag_hashing *h, const char *rel, size_t n)
{
    pthread_mutex_lock(&h->lock);
    h->p.path = rel;
    h->p.bytes_done += (uint64_t)n;
    if (h->progress)
        h->progress(h->progress_ctx, &h->p);
    pthread_mutex_unlock(&h->lock);
}

/* The contexts of the algorithms 'need' asks for; -1 with 'err' set. */
static int
hash_contexts(const bool need[DSR_HASH_COUNT], struct dsr_hash *ctx[DSR_HASH_COUNT],
              struct dsr_error *err)
{
    for (int a = 0; a < DSR_HASH_COUNT; a++) {
        if (!need[a])
            continue;
        ctx[a] = dsr_hash_new((enum dsr_hash_alg)a, err);
        if (!ctx[a])
            return -1;
    }
    return 0;
}

int
bag_hash_file(int dirfd, const char *rel, const bool need[DSR_HASH_COUNT],
              char out[DSR_HASH_COUNT][DSR_HASH_HEX_MAX], uint64_t *size, int *sys_errno,
              mode_t *type, struct bag_hashing *h, struct dsr_error *err)
{
    struct dsr_hash *ctx[DSR_HASH_COUNT] = {NULL};
    char *chunk = NULL;
    int fd = -1;
    int ret = -1;

    *size = 0;
    fd = dsr_fio_open_regular(dirfd, rel, type);
    if (fd < 0) {
        *sys_errno = errno;
        return 1;
    }
    chunk = malloc(CHUNK);
    if (!chunk) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if (hash_contexts(need, ctx, err) < 0)
        goto out;
    for (;;) {
        ssize_t n;

        if (dsr_cancelled(h->cancel)) {
            dsr_interrupted(err);
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
        for (int a = 0; a < DSR_HASH_COUNT; a++)
            if (ctx[a] && dsr_hash_update(ctx[a], chunk, (size_t)n, err) < 0)
                goto out;
        *size += (uint64_t)n;
        bag_hashing_advance(h, rel, (size_t)n);
    }
    for (int a = 0; a < DSR_HASH_COUNT; a++)
        if (ctx[a] && dsr_hash_final(ctx[a], out[a], err) < 0)
            goto out;
    ret = 0;
out:
    for (int a = 0; a < DSR_HASH_COUNT; a++)
        dsr_hash_free(ctx[a]);
    free(chunk);
    close(fd);
    return ret;
}

/* So that no large file is left to one thread at the end. */
struct dsr_job *
bag_largest_first(const struct bag_list *l)
{
    struct dsr_job *order = l->n ? malloc(l->n * sizeof(*order)) : NULL;

    if (!order)
        return NULL;
    for (size_t i = 0; i < l->n; i++) {
        order[i].cost = l->items[i].size;
        order[i].item = i;
    }
    dsr_jobs_sort(order, l->n);
    return order;
}

size_t
bag_nth(const struct dsr_job *order, size_t i)
{
    return order ? order[i].item : i;
}

static void
hash_one(void *ctx, size_t i)
{
    struct hash_job *job = ctx;
    struct bag_file *f = &job->files->items[bag_nth(job->order, i)];
    struct dsr_error e = DSR_ERROR_INIT;
    mode_t type = 0;
    bool any = false;
    /* r23-verify: a file another pass reads (an indicator zip) */
    int taken = job->h->take ? job->h->take(job->h->take_ctx, f, &e) : 0;

    for (int a = 0; a < DSR_HASH_COUNT; a++)
        any = any || f->need[a];
    if (taken < 0)
        f->rc = -1;
    else if (taken == 0 && f->regular && any)
        f->rc = bag_hash_file(job->dirfd, f->path, f->need, f->digest, &f->got,
                              &f->sys_errno, &type, job->h, &e);
    if (f->rc > 0 && type) {
        /* swapped for a link, FIFO or device after the walk saw a file */
        f->regular = false;
        f->type = type;
    }
    if (f->rc < 0) {
        pthread_mutex_lock(&job->lock);
        if (job->err->code == DSR_OK)
            *job->err = e;
        pthread_mutex_unlock(&job->lock);
    }
}

int
bag_hash_all(int dirfd, struct bag_list *files, unsigned jobs,
             struct bag_hashing *h, struct dsr_error *err)
{
    struct hash_job job = {.dirfd = dirfd, .files = files, .h = h,
                           .order = bag_largest_first(files),
                           .lock = PTHREAD_MUTEX_INITIALIZER, .err = err};

    dsr_parallel(files->n, jobs, hash_one, &job);
    free(job.order);
    return err->code == DSR_OK ? 0 : -1;
}
