/*
 * diff.c -- read two bundles back and match their evidence by content.
 *
 * A bundle may come from anyone, so every file of it is opened beneath
 * the bundle's folder with fileio.c's helpers, never through a symbolic
 * link, and its type is looked at before it is opened: a symbolic link
 * anywhere (data/ included) or a FIFO, device or socket is refused with
 * its path, never followed, opened or waited on.  The zips are read one at a
 * time and only the four strings the comparison needs are kept of each
 * index.xml entry; the matching sorts instead of comparing pairs.
 */
#include "diff_impl.h"
#include "dossier/diff.h"

#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/format.h"
#include "fileio.h"
#include "internal.h"
#include "liberr.h"
#include "zipindex.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* A bundle path under data/ without "data/": "indicators", "manifest.xml". */
#define IN_DATA(path) ((path) + sizeof(DSR_BAG_PAYLOAD_DIR))

struct key;

static const char *bundle_path(char *buf, size_t size, const char *dir,
                               const char *rel);
static int open_part(int parent, const char *dir, const char *rel,
                     const char *name, bool want_dir, struct dsr_error *err);
static int open_failed(const char *dir, const char *rel, bool want_dir,
                       mode_t type, int e, struct dsr_error *err);
static int cmp_str(const void *a, const void *b);
static int list_zips(int fd, struct dsr_bundle_view *v, struct dsr_error *err);
static int read_manifest(const struct dsr_bundle_view *v, int datafd,
                         char **data, size_t *len, struct dsr_error *err);
static int load_rest(const char *frameworks_dir, const char *fschema,
                     int datafd, struct dsr_bundle_view *v,
                     struct dsr_error *err);
static void refs_release(struct dsr_evidence_refs *r);
static zip_t *open_zip(const struct dsr_bundle_view *v, const char *name,
                       const char *rel, struct dsr_error *err);
static int collect_zip(const struct dsr_bundle_view *v, const char *name,
                       struct dsr_evidence_refs *r,
                       struct dsr_evidence_diffs *d, size_t *peak,
                       struct dsr_error *err);
static int same_place(const struct dsr_evidence_ref *a,
                      const struct dsr_evidence_ref *b);
static int same_content(const struct dsr_evidence_ref *a,
                        const struct dsr_evidence_ref *b);
static int cmp_pos(const struct key *a, const struct key *b);
static int cmp_place(const void *a, const void *b);
static int cmp_content(const void *a, const void *b);
static size_t lower_bound(const struct key *k, size_t n,
                          const struct dsr_evidence_ref *want,
                          int (*cmp)(const struct dsr_evidence_ref *,
                                     const struct dsr_evidence_ref *));
static size_t take(const struct key *k, size_t n, size_t *next,
                   const bool *used, const struct dsr_evidence_ref *want,
                   int (*cmp)(const struct dsr_evidence_ref *,
                              const struct dsr_evidence_ref *));
static int push(struct dsr_evidence_diffs *d, enum dsr_evidence_change c,
                const struct dsr_evidence_ref *o,
                const struct dsr_evidence_ref *n, struct dsr_error *err);

const char *
dsr_evidence_change_name(enum dsr_evidence_change c)
{
    static const char *const names[] = {"added", "removed", "changed", "moved",
                                        "reused"};

    return (unsigned)c < sizeof(names) / sizeof(*names) ? names[c] : "changed";
}

/* ---- opening inside a bundle -------------------------------------------- */

/* 'dir'/'rel' in 'buf', for messages. */
static const char *
bundle_path(char *buf, size_t size, const char *dir, const char *rel)
{
    snprintf(buf, size, "%s/%s", dir, rel);
    return buf;
}

/*
 * Open the single component 'name' of the folder 'parent' (whose path in
 * the bundle is 'dir'/'rel', the path of 'name' itself) as a folder when
 * 'want_dir', else as a regular file: never through a symbolic link and
 * never waiting on a FIFO or device.  Returns the fd; -2 when it does not
 * exist (nothing set, for the caller to say); -1 with 'err' set.
 */
static int
open_part(int parent, const char *dir, const char *rel, const char *name,
          bool want_dir, struct dsr_error *err)
{
    mode_t type = 0;
    int fd;

    if (want_dir) {
        struct stat st;

        fd = dsr_fio_open_beneath(parent, name, O_RDONLY | O_DIRECTORY, false);
        if (fd < 0 && errno == ENOTDIR &&
            fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            type = st.st_mode & S_IFMT;
        else if (fd < 0 && errno == ELOOP)
            type = S_IFLNK;
    } else {
        fd = dsr_fio_open_regular(parent, name, &type);
    }
    if (fd >= 0)
        return fd;
    return open_failed(dir, rel, want_dir, type, errno, err);
}

/*
 * Why 'dir'/'rel' could not be opened as a folder ('want_dir') or a
 * regular file: it is of the S_IFMT 'type' (0: errno 'e' says).  -2 when
 * it does not exist (nothing set), else -1 with 'err' set.
 */
static int
open_failed(const char *dir, const char *rel, bool want_dir, mode_t type,
            int e, struct dsr_error *err)
{
    char path[PATH_MAX + 64];

    bundle_path(path, sizeof(path), dir, rel);
    if (!type && e == ENOENT)
        return -2;
    if (type == S_IFLNK)
        return dsr_error_set(err, DSR_INPUT, path, 0,
                             _("a symbolic link, which dossier never "
                               "follows; a bundle holds only files and "
                               "folders (check it with 'dossier verify')"));
    if (!type)
        return dsr_error_sys(err, e, path, _("cannot open"));
    if (want_dir)
        return dsr_error_set(err, DSR_INPUT, path, 0,
                             _("not a folder; is this a bundle written by "
                               "'dossier pack'?"));
    if (type == S_IFDIR)
        return dsr_error_set(err, DSR_INPUT, path, 0,
                             _("a folder where a file should be; is this a "
                               "bundle written by 'dossier pack'?"));
    return dsr_error_set(err, DSR_INPUT, path, 0,
                         _("not a regular file but %s, so it is not read; "
                           "check the bundle with 'dossier verify'"),
                         dsr_file_type_name(type));
}

/* ---- the bundle --------------------------------------------------------- */

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names of the zips in data/indicators (open as 'fd'), sorted, at
 * most DSR_DIFF_MAX_ZIPS of them.
 */
static int
list_zips(int fd, struct dsr_bundle_view *v, struct dsr_error *err)
{
    char path[PATH_MAX + 64];
    size_t cap = 0;
    const char *name;
    DIR *d = dsr_fio_opendir_at(fd);
    int ret = -1;

    bundle_path(path, sizeof(path), v->dir, DSR_BUNDLE_ZIP_DIR);
    if (!d)
        return dsr_error_sys(err, errno, path, _("cannot list the folder"));
    for (;;) {
        int rc = dsr_fio_readdir(d, &name);
        size_t len;

        if (rc < 0) {
            dsr_error_sys(err, errno, path, _("cannot list the folder"));
            goto out;
        }
        if (rc == 0)
            break;
        len = strlen(name);
        if (len < 5 || strcmp(name + len - 4, ".zip") != 0 || name[0] == '.')
            continue;
        if (v->nzips == DSR_DIFF_MAX_ZIPS) {
            dsr_error_set(err, DSR_INPUT, path, 0,
                          _("more than %zu zips; a bundle has one per "
                            "indicator, so this is not one written by "
                            "'dossier pack'"),
                          DSR_DIFF_MAX_ZIPS);
            goto out;
        }
        if (dsr_grow((void **)&v->zips, sizeof(*v->zips), &cap, v->nzips + 1,
                     err) < 0)
            goto out;
        v->zips[v->nzips] = dsr_strdup(name, err);
        if (!v->zips[v->nzips])
            goto out;
        v->nzips++;
    }
    if (v->nzips)
        qsort(v->zips, v->nzips, sizeof(*v->zips), cmp_str);
    ret = 0;
out:
    closedir(d);
    return ret;
}

/* Read data/manifest.xml below the open data/ 'datafd'. */
static int
read_manifest(const struct dsr_bundle_view *v, int datafd, char **data,
              size_t *len, struct dsr_error *err)
{
    char path[PATH_MAX + 64];
    int sys_errno = 0;
    mode_t type = 0;
    enum dsr_read_result rc;

    bundle_path(path, sizeof(path), v->dir, DSR_BUNDLE_MANIFEST);
    rc = dsr_fio_read_beneath(datafd, IN_DATA(DSR_BUNDLE_MANIFEST),
                              DSR_MANIFEST_MAX_BYTES, data, len, &type,
                              &sys_errno);
    switch (rc) {
    case DSR_READ_OK:
        return 0;
    case DSR_READ_IO:
        if (type || sys_errno == ENOENT) {
            if (open_failed(v->dir, DSR_BUNDLE_MANIFEST, false, type,
                            sys_errno, err) != -2)
                return -1;
            return dsr_error_set(err, DSR_INPUT, path, 0,
                                 _("missing; is '%s' a bundle written by "
                                   "'dossier pack'?"),
                                 v->dir);
        }
        return dsr_error_sys(err, sys_errno, path, _("cannot read"));
    case DSR_READ_TOO_LARGE:
        return dsr_error_set(err, DSR_INPUT, path, 0,
                             _("larger than the %zu MiB limit"),
                             DSR_MANIFEST_MAX_BYTES >> 20);
    case DSR_READ_NOMEM:
        break;
    }
    return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
}

/*
 * The catalog and the score of the manifest just loaded from 'mpath'
 * (which names it in errors).
 */
static int
load_catalog_score(const char *frameworks_dir, const char *fschema,
                   const char *mpath, struct dsr_bundle_view *v,
                   struct dsr_error *err)
{
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    struct dsr_error e = DSR_ERROR_INIT;

    v->catalog = dsr_catalog_load_id(frameworks_dir, v->manifest->framework,
                                     fschema, &e);
    if (!v->catalog) {
        if (e.code == DSR_INPUT)
            return dsr_error_set(err, DSR_INPUT, mpath, v->manifest->framework_line,
                                 _("written for the framework '%s', which this "
                                   "dossier does not ship; 'dossier catalog' "
                                   "lists the ones it does"),
                                 v->manifest->framework);
        /* name the manifest whose framework it is */
        if (!e.path[0])
            snprintf(e.path, sizeof(e.path), "%s", mpath);
        if (err && err->code == DSR_OK)
            *err = e;
        return -1;
    }
    return dsr_score_compute(v->manifest, v->catalog, &sopts, &v->score, err);
}

/* The score and the zips' names, once the manifest is loaded. */
static int
load_rest(const char *frameworks_dir, const char *fschema, int datafd,
          struct dsr_bundle_view *v, struct dsr_error *err)
{
    char mpath[PATH_MAX + 64];
    int fd;

    bundle_path(mpath, sizeof(mpath), v->dir, DSR_BUNDLE_MANIFEST);
    if (load_catalog_score(frameworks_dir, fschema, mpath, v, err) < 0)
        return -1;
    fd = open_part(datafd, v->dir, DSR_BUNDLE_ZIP_DIR,
                   IN_DATA(DSR_BUNDLE_ZIP_DIR), true, err);
    if (fd == -2)
        return 0;
    if (fd < 0)
        return -1;
    v->zipdirfd = fd;
    return list_zips(fd, v, err);
}

int
dsr_bundle_view_load(const char *dir, const char *frameworks_dir,
                     const char *schemas_dir, struct dsr_bundle_view *v,
                     struct dsr_error *err)
{
    struct dsr_findings findings = DSR_FINDINGS_INIT;
    char path[PATH_MAX + 64], schema[PATH_MAX], fschema[PATH_MAX];
    char *data = NULL;
    size_t len = 0;
    int rootfd = -1, datafd = -1;
    int ret = -1;

    memset(v, 0, sizeof(*v));
    v->zipdirfd = -1;
    if (snprintf(schema, sizeof(schema), "%s/manifest.xsd", schemas_dir) >=
            (int)sizeof(schema) ||
        snprintf(fschema, sizeof(fschema), "%s/framework.xsd", schemas_dir) >=
            (int)sizeof(fschema) ||
        strlen(dir) >= PATH_MAX)
        return dsr_error_set(err, DSR_INPUT, dir, 0, _("path too long"));
    v->dir = dsr_strdup(dir, err);
    if (!v->dir)
        return -1;
    bundle_path(path, sizeof(path), dir, DSR_BUNDLE_MANIFEST);
    /* the folder named on the command line is the user's to choose */
    rootfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return dsr_error_set(err, DSR_INPUT, path, 0,
                                 _("missing; is '%s' a bundle written by "
                                   "'dossier pack'?"),
                                 dir);
        return dsr_error_sys(err, errno, dir, _("cannot open"));
    }
    datafd = open_part(rootfd, dir, DSR_BAG_PAYLOAD_DIR, DSR_BAG_PAYLOAD_DIR,
                       true, err);
    if (datafd == -2)
        dsr_error_set(err, DSR_INPUT, path, 0,
                      _("missing; is '%s' a bundle written by 'dossier pack'?"),
                      dir);
    if (datafd < 0 || read_manifest(v, datafd, &data, &len, err) < 0)
        goto out;
    v->manifest = dsr_manifest_load_mem(data, len, path, schema, &findings, err);
    if (!v->manifest) {
        if (findings.n)
            dsr_findings_error(&findings, path, err);
        goto out;
    }
    if (load_rest(frameworks_dir, fschema, datafd, v, err) < 0)
        goto out;
    ret = 0;
out:
    if (datafd >= 0)
        close(datafd);
    close(rootfd);
    dsr_findings_release(&findings);
    free(data);
    return ret;
}

int
dsr_bundle_view_load_manifest(const char *path, const char *frameworks_dir,
                              const char *schemas_dir,
                              struct dsr_bundle_view *v, struct dsr_error *err)
{
    struct dsr_findings findings = DSR_FINDINGS_INIT;
    char schema[PATH_MAX], fschema[PATH_MAX];
    int ret = -1;

    memset(v, 0, sizeof(*v));
    v->zipdirfd = -1;
    if (snprintf(schema, sizeof(schema), "%s/manifest.xsd", schemas_dir) >=
            (int)sizeof(schema) ||
        snprintf(fschema, sizeof(fschema), "%s/framework.xsd", schemas_dir) >=
            (int)sizeof(fschema))
        return dsr_error_set(err, DSR_INPUT, schemas_dir, 0, _("path too long"));
    v->dir = dsr_strdup(path, err);
    if (!v->dir)
        return -1;
    v->manifest = dsr_manifest_load(path, schema, &findings, err);
    if (!v->manifest) {
        if (findings.n)
            dsr_findings_error(&findings, path, err);
        goto out;
    }
    if (findings.n) {
        /* loaded, but a text over its limit: not a manifest to build on */
        dsr_findings_error(&findings, path, err);
        goto out;
    }
    ret = load_catalog_score(frameworks_dir, fschema, path, v, err);
out:
    dsr_findings_release(&findings);
    return ret;
}

void
dsr_bundle_view_release(struct dsr_bundle_view *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->nzips; i++)
        free(v->zips[i]);
    free(v->zips);
    if (v->zipdirfd >= 0)
        close(v->zipdirfd);
    free(v->dir);
    dsr_score_release(&v->score);
    dsr_catalog_free(v->catalog);
    dsr_manifest_free(v->manifest);
    memset(v, 0, sizeof(*v));
    v->zipdirfd = -1;
}

/* ---- the evidence of a bundle, one zip at a time ------------------------ */

int
dsr_evidence_refs_add(struct dsr_evidence_refs *r, const char *indicator,
                      const char *file, const char *title, const char *sha256,
                      struct dsr_error *err)
{
    struct dsr_evidence_ref *x;
    size_t bytes = strlen(indicator ? indicator : "") +
                   strlen(file ? file : "") + strlen(title ? title : "") +
                   strlen(sha256 ? sha256 : "") + 4;

    if (bytes > DSR_DIFF_MAX_BYTES - r->bytes)
        return dsr_error_set(err, DSR_INPUT, NULL, 0,
                             _("the evidence entries of the bundle's zips "
                               "take more than %zu MiB, more than any "
                               "manifest holds"),
                             DSR_DIFF_MAX_BYTES >> 20);
    r->bytes += bytes;
    if (!r->nindicators || strcmp(r->indicators[r->nindicators - 1],
                                  indicator ? indicator : "") != 0) {
        if (dsr_grow((void **)&r->indicators, sizeof(*r->indicators),
                     &r->capindicators, r->nindicators + 1, err) < 0)
            return -1;
        r->indicators[r->nindicators] = dsr_strdup(indicator ? indicator : "", err);
        if (!r->indicators[r->nindicators])
            return -1;
        r->nindicators++;
    }
    if (dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap, r->n + 1, err) < 0)
        return -1;
    x = &r->items[r->n];
    x->indicator = r->indicators[r->nindicators - 1];
    x->file = dsr_strdup(file ? file : "", err);
    x->title = dsr_strdup(title ? title : "", err);
    x->sha256 = dsr_strdup(sha256 ? sha256 : "", err);
    r->n++;
    return x->file && x->title && x->sha256 ? 0 : -1;
}

static void
refs_release(struct dsr_evidence_refs *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].file);
        free(r->items[i].title);
        free(r->items[i].sha256);
    }
    free(r->items);
    for (size_t i = 0; i < r->nindicators; i++)
        free(r->indicators[i]);
    free(r->indicators);
    memset(r, 0, sizeof(*r));
}

/* Open the zip 'name' of 'v' for reading; NULL with 'err' set. */
static zip_t *
open_zip(const struct dsr_bundle_view *v, const char *name, const char *rel,
         struct dsr_error *err)
{
    char path[PATH_MAX + 64];
    zip_error_t ze;
    mode_t type = 0;
    int sys_errno = 0;
    zip_t *za = dsr_zip_open_beneath(v->zipdirfd, name, &type, &sys_errno, &ze);

    bundle_path(path, sizeof(path), v->dir, rel);
    if (za) {
        /* nothing to say */
    } else if (zip_error_code_zip(&ze) == ZIP_ER_MEMORY) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    } else if (type || sys_errno) {
        if (open_failed(v->dir, rel, false, type, sys_errno, err) == -2)
            /* listed a moment ago */
            dsr_error_set(err, DSR_INPUT, path, 0,
                          _("disappeared while diff was reading the bundle"));
    } else {
        dsr_error_set(err, DSR_INPUT, path, 0,
                      _("not a readable zip (%s); check the bundle with "
                        "'dossier verify'"),
                      dsr_zip_error_text(&ze));
    }
    zip_error_fini(&ze);
    return za;
}

/*
 * Append the entries of the zip 'name' of 'v' to 'r'; the zip's parsed
 * index is released before the next zip is read ('*peak': the most
 * entries parsed at once so far).
 */
static int
collect_zip(const struct dsr_bundle_view *v, const char *name,
            struct dsr_evidence_refs *r, struct dsr_evidence_diffs *d,
            size_t *peak, struct dsr_error *err)
{
    char rel[PATH_MAX], where[PATH_MAX + 128], why[512];
    struct dsr_zip_index idx;
    zip_int64_t pos;
    zip_t *za;
    int ret = -1;

    snprintf(rel, sizeof(rel), "%s/%s", DSR_BUNDLE_ZIP_DIR, name);
    snprintf(where, sizeof(where), "%s/%s:%s", v->dir, rel, DSR_INDEX_NAME);
    za = open_zip(v, name, rel, err);
    if (!za)
        return -1;
    switch (dsr_zip_index_read(za, where, &idx, &pos, why, sizeof(why), err)) {
    case DSR_ZIDX_OK:
        if (idx.n > *peak)
            *peak = idx.n;
        if (idx.n > DSR_DIFF_MAX_ENTRIES - r->n) {
            dsr_error_set(err, DSR_INPUT, where, 0,
                          _("more than %zu evidence entries in the bundle; "
                            "a manifest holds at most that many"),
                          DSR_DIFF_MAX_ENTRIES);
            break;
        }
        ret = 0;
        for (size_t i = 0; i < idx.n && ret == 0; i++)
            ret = dsr_evidence_refs_add(r, idx.indicator, idx.entries[i].file,
                                        idx.entries[i].title,
                                        idx.entries[i].sha256, err);
        /* the limit on the whole bundle: name the zip that goes over */
        if (ret < 0 && err && err->code == DSR_INPUT && !err->path[0] &&
            snprintf(err->path, sizeof(err->path), "%s", where) < 0)
            err->path[0] = '\0';
        break;
    case DSR_ZIDX_ENCRYPTED:
        d->encrypted++;
        ret = 0;
        break;
    case DSR_ZIDX_ABSENT:
        dsr_error_set(err, DSR_INPUT, where, 0,
                      _("missing; check the bundle with 'dossier verify'"));
        break;
    case DSR_ZIDX_NO_STAT:
    case DSR_ZIDX_REFUSED:
    case DSR_ZIDX_UNREADABLE:
        dsr_error_set(err, DSR_INPUT, where, 0,
                      _("cannot be read (%s); check the bundle with 'dossier "
                        "verify'"),
                      why[0] ? why : _("unknown reason"));
        break;
    case DSR_ZIDX_INVALID:
        break;
    }
    dsr_zip_index_release(&idx);
    zip_discard(za);
    return ret;
}

int
dsr_diff_evidence(const struct dsr_bundle_view *old_view,
                  const struct dsr_bundle_view *new_view,
                  struct dsr_evidence_diffs *d, struct dsr_error *err)
{
    size_t peak;

    return diff_evidence_run(old_view, new_view, d, &peak, err);
}

int
diff_evidence_run(const struct dsr_bundle_view *old_view,
                  const struct dsr_bundle_view *new_view,
                  struct dsr_evidence_diffs *d, size_t *peak,
                  struct dsr_error *err)
{
    memset(d, 0, sizeof(*d));
    *peak = 0;
    for (size_t i = 0; i < old_view->nzips; i++)
        if (collect_zip(old_view, old_view->zips[i], &d->old, d, peak, err) < 0)
            return -1;
    for (size_t i = 0; i < new_view->nzips; i++)
        if (collect_zip(new_view, new_view->zips[i], &d->new, d, peak, err) < 0)
            return -1;
    return dsr_diff_match(d, err);
}

/* ---- matching ----------------------------------------------------------- */

/* An old entry in a sorted order: the entry and its place in d->old. */
struct key {
    const struct dsr_evidence_ref *r;
    size_t pos;
};

static int
same_place(const struct dsr_evidence_ref *a, const struct dsr_evidence_ref *b)
{
    int c = strcmp(a->indicator, b->indicator);

    return c ? c : strcmp(a->file, b->file);
}

static int
same_content(const struct dsr_evidence_ref *a, const struct dsr_evidence_ref *b)
{
    return strcmp(a->sha256, b->sha256);
}

static int
cmp_pos(const struct key *a, const struct key *b)
{
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int
cmp_place(const void *a, const void *b)
{
    int c = same_place(((const struct key *)a)->r, ((const struct key *)b)->r);

    return c ? c : cmp_pos(a, b);
}

static int
cmp_content(const void *a, const void *b)
{
    int c = same_content(((const struct key *)a)->r, ((const struct key *)b)->r);

    return c ? c : cmp_pos(a, b);
}

/* The first of the 'n' sorted keys whose entry is not below 'want'. */
static size_t
lower_bound(const struct key *k, size_t n, const struct dsr_evidence_ref *want,
            int (*cmp)(const struct dsr_evidence_ref *, const struct dsr_evidence_ref *))
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (cmp(k[mid].r, want) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/*
 * The first old entry not yet used that 'cmp' finds equal to 'want', in
 * d->old's order, or SIZE_MAX.  'next' holds, at the start of each run of
 * equal keys, where the search in that run resumes: taken entries are
 * passed once, so all the searches together are linear besides the
 * binary searches.
 */
static size_t
take(const struct key *k, size_t n, size_t *next, const bool *used,
     const struct dsr_evidence_ref *want,
     int (*cmp)(const struct dsr_evidence_ref *, const struct dsr_evidence_ref *))
{
    size_t g = lower_bound(k, n, want, cmp);
    size_t i;

    if (g == n || cmp(k[g].r, want) != 0)
        return SIZE_MAX;
    for (i = next[g]; i < n && cmp(k[i].r, want) == 0 && used[k[i].pos]; i++)
        ;
    next[g] = i;
    if (i == n || cmp(k[i].r, want) != 0)
        return SIZE_MAX;
    next[g] = i + 1;
    return k[i].pos;
}

static int
push(struct dsr_evidence_diffs *d, enum dsr_evidence_change c,
     const struct dsr_evidence_ref *o, const struct dsr_evidence_ref *n,
     struct dsr_error *err)
{
    struct dsr_evidence_diff *x;

    if (dsr_grow((void **)&d->items, sizeof(*d->items), &d->cap, d->n + 1, err) < 0)
        return -1;
    x = &d->items[d->n++];
    x->change = c;
    x->old = o;
    x->new = n;
    return 0;
}

int
dsr_diff_match(struct dsr_evidence_diffs *d, struct dsr_error *err)
{
    const struct dsr_evidence_ref *o = d->old.items, *n = d->new.items;
    size_t no = d->old.n, nn = d->new.n;
    struct key *byplace = calloc(no ? no : 1, sizeof(*byplace));
    struct key *bycontent = calloc(no ? no : 1, sizeof(*bycontent));
    size_t *next_place = calloc(no ? no : 1, sizeof(*next_place));
    size_t *next_content = calloc(no ? no : 1, sizeof(*next_content));
    bool *used = calloc(no ? no : 1, sizeof(*used));
    bool *done = calloc(nn ? nn : 1, sizeof(*done));
    int ret = -1;

    if (!byplace || !bycontent || !next_place || !next_content || !used || !done) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (size_t j = 0; j < no; j++) {
        byplace[j] = bycontent[j] = (struct key){.r = &o[j], .pos = j};
        next_place[j] = next_content[j] = j;
    }
    qsort(byplace, no, sizeof(*byplace), cmp_place);
    qsort(bycontent, no, sizeof(*bycontent), cmp_content);
    /* first the same place: reused or changed */
    for (size_t i = 0; i < nn; i++) {
        size_t j = take(byplace, no, next_place, used, &n[i], same_place);

        if (j == SIZE_MAX)
            continue;
        used[j] = true;
        done[i] = true;
        if (push(d, same_content(&o[j], &n[i]) == 0 ? DSR_EV_REUSED : DSR_EV_CHANGED,
                 &o[j], &n[i], err) < 0)
            goto out;
    }
    /* then the same content elsewhere: moved; else added */
    for (size_t i = 0; i < nn; i++) {
        size_t j;

        if (done[i])
            continue;
        j = take(bycontent, no, next_content, used, &n[i], same_content);
        if (j != SIZE_MAX)
            used[j] = true;
        if (push(d, j != SIZE_MAX ? DSR_EV_MOVED : DSR_EV_ADDED,
                 j != SIZE_MAX ? &o[j] : NULL, &n[i], err) < 0)
            goto out;
    }
    for (size_t j = 0; j < no; j++)
        if (!used[j] && push(d, DSR_EV_REMOVED, &o[j], NULL, err) < 0)
            goto out;
    ret = 0;
out:
    free(byplace);
    free(bycontent);
    free(next_place);
    free(next_content);
    free(used);
    free(done);
    return ret;
}

void
dsr_evidence_diffs_release(struct dsr_evidence_diffs *d)
{
    if (!d)
        return;
    free(d->items);
    refs_release(&d->old);
    refs_release(&d->new);
    memset(d, 0, sizeof(*d));
}

/* The score row of the indicator 'def' in 's', or NULL. */
static const struct dsr_score_indicator *
score_of(const struct dsr_score *s, const struct dsr_indicator *def)
{
    if (!def)
        return NULL;
    for (size_t i = 0; i < s->nindicators; i++)
        if (s->indicators[i].def == def)
            return &s->indicators[i];
    return NULL;
}

static const struct dsr_score_indicator *
score_by_id(const struct dsr_score *s, const char *id)
{
    for (size_t i = 0; i < s->nindicators; i++)
        if (strcmp(s->indicators[i].def->id, id) == 0)
            return &s->indicators[i];
    return NULL;
}

int
dsr_diff_indicators(const struct dsr_bundle_view *old_view,
                    const struct dsr_bundle_view *new_view,
                    struct dsr_indicator_pairs *p, struct dsr_error *err)
{
    const struct dsr_score *os = &old_view->score;
    const struct dsr_score *ns = &new_view->score;
    const struct dsr_catalog *nc = new_view->catalog;
    bool *continued = NULL;
    size_t k = 0;

    p->items = NULL;
    p->n = 0;
    if (strcmp(old_view->catalog->id, nc->id) == 0)
        p->how = DSR_PAIR_SAME;
    else if (nc->maps_from && strcmp(nc->maps_from, old_view->catalog->id) == 0)
        p->how = DSR_PAIR_MAPPED;
    else
        p->how = DSR_PAIR_NONE;
    p->items = calloc(os->nindicators + ns->nindicators + 1, sizeof(*p->items));
    continued = calloc(ns->nindicators + 1, sizeof(*continued));
    if (!p->items || !continued) {
        free(continued);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    if (p->how == DSR_PAIR_SAME) {
        for (size_t i = 0; i < ns->nindicators; i++) {
            p->items[k].old = score_by_id(os, ns->indicators[i].def->id);
            p->items[k++].new = &ns->indicators[i];
        }
        p->n = k;
        free(continued);
        return 0;
    }
    for (size_t i = 0; i < os->nindicators; i++) {
        const struct dsr_score_indicator *y = NULL;

        if (p->how == DSR_PAIR_MAPPED)
            y = score_of(ns, dsr_catalog_map_indicator(
                                 nc, old_view->catalog->id,
                                 os->indicators[i].def->id));
        if (y)
            continued[y - ns->indicators] = true;
        p->items[k].old = &os->indicators[i];
        p->items[k++].new = y;
    }
    for (size_t i = 0; i < ns->nindicators; i++)
        if (!continued[i])
            p->items[k++].new = &ns->indicators[i];
    p->n = k;
    free(continued);
    return 0;
}

void
dsr_indicator_pairs_release(struct dsr_indicator_pairs *p)
{
    if (!p)
        return;
    free(p->items);
    p->items = NULL;
    p->n = 0;
}
