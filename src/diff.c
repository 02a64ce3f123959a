/*
 * diff.c -- read two bundles back and match their evidence by content.
 */
#include "dossier/diff.h"

#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "internal.h"
#include "zipindex.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

const char *
dsr_evidence_change_name(enum dsr_evidence_change c)
{
    static const char *const names[] = {"added", "removed", "changed", "moved",
                                        "reused"};

    return (unsigned)c < sizeof(names) / sizeof(*names) ? names[c] : "changed";
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Read index.xml of one zip into 'idx'.  Returns 0; 1 for an encrypted
 * one (counted); -1 with 'err' set.
 */
static int
read_index(const char *path, const char *name, struct dsr_zip_index *idx,
           size_t *encrypted, struct dsr_error *err)
{
    char where[PATH_MAX + 64], why[512];
    zip_int64_t pos;
    zip_t *za;
    int zerr = 0;
    int ret = -1;

    snprintf(where, sizeof(where), "%s/%s:%s", DSR_BUNDLE_ZIP_DIR, name,
             DSR_INDEX_NAME);
    za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!za)
        return dsr_error_set(err, DSR_INPUT, path, 0,
                             "not a readable zip; run 'dossier verify'");
    switch (dsr_zip_index_read(za, where, idx, &pos, why, sizeof(why), err)) {
    case DSR_ZIDX_OK:
        ret = 0;
        break;
    case DSR_ZIDX_ENCRYPTED:
        (*encrypted)++;
        ret = 1;
        break;
    case DSR_ZIDX_ABSENT:
    case DSR_ZIDX_NO_STAT:
        dsr_error_set(err, DSR_INPUT, where, 0, "missing; run 'dossier verify'");
        break;
    case DSR_ZIDX_REFUSED:
        dsr_error_set(err, DSR_INPUT, where, 0, "too large");
        break;
    case DSR_ZIDX_UNREADABLE:
        dsr_error_set(err, DSR_INPUT, where, 0, "cannot be read; run 'dossier verify'");
        break;
    case DSR_ZIDX_INVALID:
        break;
    }
    zip_discard(za);
    return ret;
}

static int
load_zips(const char *dir, struct dsr_bundle_view *v, struct dsr_error *err)
{
    char path[PATH_MAX];
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    DIR *d;
    int ret = -1;

    if (snprintf(path, sizeof(path), "%s/%s", dir, DSR_BUNDLE_ZIP_DIR) >= (int)sizeof(path))
        return dsr_error_set(err, DSR_INPUT, dir, 0, "path too long");
    d = opendir(path);
    if (!d)
        return errno == ENOENT ? 0 : dsr_error_sys(err, errno, path, "cannot list");
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);

        if (len < 5 || strcmp(de->d_name + len - 4, ".zip") != 0 || de->d_name[0] == '.')
            continue;
        if (dsr_grow((void **)&names, sizeof(*names), &cap, n + 1, err) < 0)
            goto out;
        names[n] = dsr_strdup(de->d_name, err);
        if (!names[n])
            goto out;
        n++;
    }
    if (n)
        qsort(names, n, sizeof(*names), cmp_str);
    v->zips = calloc(n ? n : 1, sizeof(*v->zips));
    if (!v->zips) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        int rc;

        snprintf(path, sizeof(path), "%s/%s/%s", dir, DSR_BUNDLE_ZIP_DIR, names[i]);
        if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
            continue;
        rc = read_index(path, names[i], &v->zips[v->nzips], &v->encrypted, err);
        if (rc < 0) {
            v->nzips++;
            goto out;
        }
        if (rc == 0)
            v->nzips++;
    }
    ret = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return ret;
}

int
dsr_bundle_view_load(const char *dir, const char *frameworks_dir,
                     const char *schemas_dir, struct dsr_bundle_view *v,
                     struct dsr_error *err)
{
    struct dsr_findings findings = DSR_FINDINGS_INIT;
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    char path[PATH_MAX], schema[PATH_MAX], fschema[PATH_MAX];
    char *data = NULL;
    size_t len = 0;
    int sys_errno = 0;
    int ret = -1;

    memset(v, 0, sizeof(*v));
    if (snprintf(path, sizeof(path), "%s/%s", dir, DSR_BUNDLE_MANIFEST) >= (int)sizeof(path) ||
        snprintf(schema, sizeof(schema), "%s/manifest.xsd", schemas_dir) >=
            (int)sizeof(schema) ||
        snprintf(fschema, sizeof(fschema), "%s/framework.xsd", schemas_dir) >=
            (int)sizeof(fschema))
        return dsr_error_set(err, DSR_INPUT, dir, 0, "path too long");
    switch (dsr_read_file(path, DSR_MANIFEST_MAX_BYTES, &data, &len, &sys_errno)) {
    case DSR_READ_OK:
        break;
    case DSR_READ_IO:
        if (sys_errno == ENOENT || sys_errno == ENOTDIR)
            return dsr_error_set(err, DSR_INPUT, path, 0,
                                 "missing; is '%s' a bundle written by 'dossier pack'?",
                                 dir);
        return dsr_error_sys(err, sys_errno, path, "cannot read");
    case DSR_READ_TOO_LARGE:
        return dsr_error_set(err, DSR_INPUT, path, 0, "too large");
    case DSR_READ_NOMEM:
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    v->manifest = dsr_manifest_load_mem(data, len, path, schema, &findings, err);
    if (!v->manifest) {
        if (findings.n)
            dsr_error_set(err, DSR_INPUT, path, findings.items[0].line, "%s",
                          findings.items[0].message);
        goto out;
    }
    v->catalog = dsr_catalog_load_id(frameworks_dir, v->manifest->framework,
                                     fschema, err);
    if (!v->catalog)
        goto out;
    if (dsr_score_compute(v->manifest, v->catalog, &sopts, &v->score, err) < 0)
        goto out;
    if (load_zips(dir, v, err) < 0)
        goto out;
    ret = 0;
out:
    dsr_findings_release(&findings);
    free(data);
    return ret;
}

void
dsr_bundle_view_release(struct dsr_bundle_view *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nzips; i++)
        dsr_zip_index_release(&v->zips[i]);
    free(v->zips);
    dsr_score_release(&v->score);
    dsr_catalog_free(v->catalog);
    dsr_manifest_free(v->manifest);
    memset(v, 0, sizeof(*v));
}

/* A flat list of (indicator, entry) with a 'used' mark. */
struct flat {
    const char *indicator;
    const struct dsr_index_entry *e;
    bool used;
};

static struct flat *
flatten(const struct dsr_bundle_view *v, size_t *n, struct dsr_error *err)
{
    struct flat *f;
    size_t total = 0, k = 0;

    for (size_t i = 0; i < v->nzips; i++)
        total += v->zips[i].n;
    f = calloc(total ? total : 1, sizeof(*f));
    if (!f) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < v->nzips; i++)
        for (size_t j = 0; j < v->zips[i].n; j++) {
            f[k].indicator = v->zips[i].indicator;
            f[k].e = &v->zips[i].entries[j];
            k++;
        }
    *n = total;
    return f;
}

static int
push(struct dsr_evidence_diffs *d, enum dsr_evidence_change c,
     const struct flat *o, const struct flat *n, struct dsr_error *err)
{
    struct dsr_evidence_diff *x;

    if (dsr_grow((void **)&d->items, sizeof(*d->items), &d->cap, d->n + 1, err) < 0)
        return -1;
    x = &d->items[d->n++];
    x->change = c;
    x->old_indicator = o ? o->indicator : NULL;
    x->old = o ? o->e : NULL;
    x->new_indicator = n ? n->indicator : NULL;
    x->new = n ? n->e : NULL;
    return 0;
}

int
dsr_diff_evidence(const struct dsr_bundle_view *old_view,
                  const struct dsr_bundle_view *new_view,
                  struct dsr_evidence_diffs *d, struct dsr_error *err)
{
    struct flat *o = NULL, *n = NULL;
    size_t no = 0, nn = 0;
    bool *done = NULL;
    int ret = -1;

    memset(d, 0, sizeof(*d));
    o = flatten(old_view, &no, err);
    n = o ? flatten(new_view, &nn, err) : NULL;
    done = n ? calloc(nn ? nn : 1, sizeof(*done)) : NULL;
    if (!o || !n || !done) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    /* first the same place: reused or changed */
    for (size_t i = 0; i < nn; i++) {
        for (size_t j = 0; j < no && !done[i]; j++) {
            if (o[j].used || strcmp(o[j].indicator, n[i].indicator) != 0 ||
                strcmp(o[j].e->file, n[i].e->file) != 0)
                continue;
            o[j].used = true;
            done[i] = true;
            if (push(d, strcmp(o[j].e->sha256, n[i].e->sha256) == 0 ? DSR_EV_REUSED
                                                                     : DSR_EV_CHANGED,
                     &o[j], &n[i], err) < 0)
                goto out;
        }
    }
    /* then the same content elsewhere: moved; else added */
    for (size_t i = 0; i < nn; i++) {
        if (done[i])
            continue;
        for (size_t j = 0; j < no && !done[i]; j++) {
            if (o[j].used || strcmp(o[j].e->sha256, n[i].e->sha256) != 0)
                continue;
            o[j].used = true;
            done[i] = true;
            if (push(d, DSR_EV_MOVED, &o[j], &n[i], err) < 0)
                goto out;
        }
        if (!done[i] && push(d, DSR_EV_ADDED, NULL, &n[i], err) < 0)
            goto out;
    }
    for (size_t j = 0; j < no; j++)
        if (!o[j].used && push(d, DSR_EV_REMOVED, &o[j], NULL, err) < 0)
            goto out;
    ret = 0;
out:
    free(done);
    free(o);
    free(n);
    return ret;
}

void
dsr_evidence_diffs_release(struct dsr_evidence_diffs *d)
{
    if (!d)
        return;
    free(d->items);
    memset(d, 0, sizeof(*d));
}
