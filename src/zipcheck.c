/* zipcheck.c -- verify's check of each indicator zip against its index.xml. */
#include "bag_impl.h"

#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/hash.h"
#include "dossier/zips.h"
#include "fileio.h"
#include "internal.h"
#include "liberr.h"
#include "zipindex.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* One zip being checked. */
struct zcheck {
    struct bag_verify *v;
    const char *rel;                /* data/indicators/NN.zip */
    zip_t *za;
    struct dsr_zip_index idx;
    zip_int64_t index_pos;          /* of index.xml in the zip */
    bool *seen;                     /* per idx entry: found in the zip */
    struct dsr_hash *h;
};

struct zip_job {
    const struct bag_verify *v;
    const struct bag_list *data;
    struct dsr_job *order;          /* bag_largest_first() */
    struct dsr_bag_report *reps;    /* per file of 'data' */
    struct dsr_error *errs;
};

/* What the check of a zip returns after bag_problem() returned 'rc'. */
static int
reported(int rc)
{
    return rc < 0 ? -1 : 1;
}

/*
 * Open the zip with dsr_zip_open_beneath() (no link followed, no FIFO or
 * device opened); 1 when it cannot be (reported), -1 on a fatal error.
 */
static int
open_zip(struct zcheck *z)
{
    zip_error_t ze;
    mode_t type = 0;
    int sys_errno = 0;
    int rc;

    z->za = dsr_zip_open_beneath(z->v->dirfd, z->rel, &type, &sys_errno, &ze);
    if (z->za) {
        z->v->rep->zips++;
        zip_error_fini(&ze);
        return 0;
    }
    if (zip_error_code_zip(&ze) == ZIP_ER_MEMORY)
        rc = dsr_error_set(z->v->err, DSR_NOMEM, NULL, 0, "out of memory");
    else if (type)
        rc = bag_problem(z->v, z->rel, DSR_BAG_MALFORMED,
                         _("%s, not a regular file: a bag holds only regular "
                           "files and folders; replace it with the file itself "
                           "or remove it"),
                         dsr_file_type_name(type));
    else if (sys_errno)
        rc = bag_problem(z->v, z->rel, DSR_BAG_MALFORMED, _("cannot open: %s"),
                         dsr_strerror(sys_errno));
    else
        rc = bag_problem(z->v, z->rel, DSR_BAG_MALFORMED,
                         _("cannot be opened as a zip: %s"), dsr_zip_error_text(&ze));
    zip_error_fini(&ze);
    return rc < 0 ? -1 : reported(rc);
}

/*
 * Read the zip's index.xml into z->idx; 1 when it cannot be (reported) or
 * is encrypted (counted), -1 on a fatal error.
 */
static int
load_index(struct zcheck *z)
{
    struct bag_verify *v = z->v;
    struct dsr_error e = DSR_ERROR_INIT;
    char where[8192], why[512];

    snprintf(where, sizeof(where), "%s:%s", z->rel, DSR_INDEX_NAME);
    switch (dsr_zip_index_read(z->za, where, &z->idx, &z->index_pos, why,
                               sizeof(why), &e)) {
    case DSR_ZIDX_OK:
        return 0;
    case DSR_ZIDX_ABSENT:
        return reported(bag_problem(v, where, DSR_BAG_MISSING, _("the zip has no %s"),
                                    DSR_INDEX_NAME));
    case DSR_ZIDX_ENCRYPTED:
        v->rep->encrypted++;
        return 1;
    case DSR_ZIDX_NO_STAT:
    case DSR_ZIDX_REFUSED:
        return reported(bag_problem(v, where, DSR_BAG_MALFORMED, "%s", why));
    case DSR_ZIDX_UNREADABLE:
        return reported(bag_problem(v, where, DSR_BAG_ALTERED, "%s", why));
    case DSR_ZIDX_INVALID:
        break;
    }
    if (e.code == DSR_NOMEM)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    return reported(bag_problem(v, where, DSR_BAG_MALFORMED, _("line %lu: %s"),
                                e.line, e.msg));
}

/*
 * The index.xml entry named 'name', marked as seen; NULL when none.  A
 * binary search, so that a zip of n entries costs n log n, not n^2.
 */
static const struct dsr_index_entry *
find_listed(struct zcheck *z, const char *name)
{
    const struct dsr_index_entry *hit = dsr_zip_index_find(&z->idx, name);

    if (hit)
        z->seen[hit - z->idx.entries] = true;
    return hit;
}

/* Inflate the entry 'i' (called 'where') and compare it with 'ie'. */
static int
check_content(struct zcheck *z, zip_int64_t i, const char *where,
              const struct dsr_index_entry *ie)
{
    struct bag_verify *v = z->v;
    char hex[DSR_HASH_HEX_MAX], why[512];
    uint64_t got;

    if (dsr_zip_entry_read(z->za, (zip_uint64_t)i, ie->size, z->h, NULL, &got, why,
                           sizeof(why)) < 0) {
        /* resets the hash for the next entry */
        dsr_hash_final(z->h, hex, NULL);
        return bag_problem(v, where, DSR_BAG_ALTERED, "%s", why);
    }
    if (dsr_hash_final(z->h, hex, v->err) < 0)
        return -1;
    v->rep->entries++;
    if (got != ie->size || strcmp(hex, ie->sha256) != 0)
        return bag_problem(v, where, DSR_BAG_ALTERED, _("its SHA-256 differs from %s"),
                           DSR_INDEX_NAME);
    return 0;
}

/*
 * The type an entry declares when it is not a regular file: a name ending
 * in '/' is a folder; Unix external attributes may say link, FIFO, device.
 * 0 for a regular file (or one that declares no type).
 */
static mode_t
entry_type(zip_t *za, zip_int64_t i, const char *name)
{
    zip_uint8_t opsys = 0;
    zip_uint32_t attr = 0;
    mode_t type;

    if (name[0] && name[strlen(name) - 1] == '/')
        return S_IFDIR;
    if (zip_file_get_external_attributes(za, (zip_uint64_t)i, 0, &opsys, &attr) < 0 ||
        opsys != ZIP_OPSYS_UNIX)
        return 0;
    type = (mode_t)(attr >> 16) & S_IFMT;
    return type == S_IFREG ? 0 : type;
}

/* The entry 'i' of the zip: listed, of the listed size and content. */
static int
check_entry(struct zcheck *z, zip_int64_t i)
{
    struct bag_verify *v = z->v;
    const char *name = zip_get_name(z->za, (zip_uint64_t)i, 0);
    const struct dsr_index_entry *ie;
    char where[8192];
    zip_stat_t st;
    mode_t type;

    if (!name || i == z->index_pos)
        return 0;
    snprintf(where, sizeof(where), "%s:%s", z->rel, name);
    ie = find_listed(z, name);
    /* reported even when index.xml lists it: an extracting tool obeys the zip */
    type = entry_type(z->za, i, name);
    if (type)
        return bag_problem(v, where, DSR_BAG_MALFORMED,
                           _("the entry is %s, not a regular file: a zip in a "
                             "bundle holds only files; the zip must be made "
                             "again"),
                           dsr_file_type_name(type));
    if (!dsr_zip_entry_name_safe(name))
        return bag_problem(v, where, DSR_BAG_MALFORMED,
                           _("an unsafe entry name (empty, a leading '/', a "
                             "backslash, a drive letter, or a '.' or '..' "
                             "segment): unpacking it could write outside its "
                             "folder; the zip must be made again"));
    if (!ie)
        return bag_problem(v, where, DSR_BAG_EXTRA, _("an entry %s does not list"),
                           DSR_INDEX_NAME);
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) < 0 || dsr_zip_stat_absurd(&st))
        return bag_problem(v, where, DSR_BAG_MALFORMED,
                           _("declares an impossible size; not inflated"));
    if (st.size != ie->size)
        return bag_problem(v, where, DSR_BAG_ALTERED,
                           "%" PRIu64 " bytes in the zip, %" PRIu64 " in %s",
                           (uint64_t)st.size, ie->size, DSR_INDEX_NAME);
    return check_content(z, i, where, ie);
}

/* Every entry of index.xml that the zip lacks. */
static int
check_unseen(struct zcheck *z)
{
    char where[8192];

    for (size_t k = 0; k < z->idx.n; k++) {
        if (z->seen[k])
            continue;
        snprintf(where, sizeof(where), "%s:%s", z->rel, z->idx.entries[k].name);
        if (bag_problem(z->v, where, DSR_BAG_MISSING,
                        _("listed in %s but not in the zip"), DSR_INDEX_NAME) < 0)
            return -1;
    }
    return 0;
}

/* Every entry of the zip against index.xml, and index.xml against them. */
static int
check_entries(struct zcheck *z)
{
    struct bag_verify *v = z->v;
    zip_int64_t n;

    z->seen = calloc(z->idx.n ? z->idx.n : 1, sizeof(*z->seen));
    z->h = dsr_hash_new(DSR_HASH_SHA256, v->err);
    if (!z->seen || !z->h)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    n = zip_get_num_entries(z->za, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        if (dsr_cancelled(v->opts->cancel))
            return dsr_interrupted(v->err);
        if (check_entry(z, i) < 0)
            return -1;
    }
    return check_unseen(z);
}

static int
check_zip(struct bag_verify *v, const char *rel)
{
    struct zcheck z = {.v = v, .rel = rel, .index_pos = -1};
    int rc = open_zip(&z);

    if (rc == 0)
        rc = load_index(&z);
    if (rc == 0)
        rc = check_entries(&z);
    dsr_hash_free(z.h);
    free(z.seen);
    dsr_zip_index_release(&z.idx);
    if (z.za)
        zip_discard(z.za);
    return rc < 0 ? -1 : 0;
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

static void
check_one_zip(void *ctx, size_t i)
{
    struct zip_job *job = ctx;
    size_t k = bag_nth(job->order, i);
    const struct bag_file *f = &job->data->items[k];
    struct bag_verify local = {.dirfd = job->v->dirfd, .dir = job->v->dir,
                               .opts = job->v->opts, .rep = &job->reps[k],
                               .err = &job->errs[k]};

    if (f->regular && is_indicator_zip(f->path))
        check_zip(&local, f->path);
}

/*
 * Add the counts of the report 'z' of one zip to 'r', and its problems
 * too when 'items'; 'z' is released either way.
 */
static int
merge_report(struct dsr_bag_report *r, struct dsr_bag_report *z, bool items,
             struct dsr_error *err)
{
    int ret = 0;

    r->zips += z->zips;
    r->entries += z->entries;
    r->encrypted += z->encrypted;
    if (items && z->n &&
        dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap, r->n + z->n,
                 err) < 0)
        ret = -1;
    if (items && ret == 0 && z->n) {
        memcpy(&r->items[r->n], z->items, z->n * sizeof(*z->items));
        r->n += z->n;
        z->n = 0;
    }
    dsr_bag_report_release(z);
    return ret;
}

/*
 * Every data/indicators/NN.zip, on the cores: each zip's problems are
 * gathered apart, then added to the report in path order, so the report
 * does not depend on which thread finished first.
 */
int
bag_check_zips(struct bag_verify *v, const struct bag_list *data)
{
    struct zip_job job = {.v = v, .data = data};
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
    job.order = bag_largest_first(data);
    dsr_parallel(data->n, v->opts->jobs, check_one_zip, &job);
    free(job.order);
    for (size_t i = 0; i < data->n; i++) {
        if (job.errs[i].code != DSR_OK && ret == 0) {
            *v->err = job.errs[i];
            ret = -1;
        }
        if (merge_report(v->rep, &job.reps[i], ret == 0, v->err) < 0)
            ret = -1;
    }
    free(job.reps);
    free(job.errs);
    return ret;
}
