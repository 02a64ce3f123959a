/*
 * bundle_query.c -- show, find and extract on a yearly bundle (issue 22,
 * point 5).  The bundle is read through diff.c's view (manifest, catalog,
 * score, the zips' names, every file opened beneath the bundle without
 * following a link), the zips' index.xml through dsr_zip_index_read(),
 * and a zip is verified for extract by the bag's payload manifests and
 * zipcheck.c before a byte is written.
 */
#define _GNU_SOURCE /* O_PATH */
#include "dossier/bundle.h"

#include "bag_impl.h"
#include "dossier/bag.h"
#include "dossier/bundle_layout.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/format.h"
#include "dossier/hash.h"
#include "dossier/zips.h"
#include "fileio.h"
#include "internal.h"
#include "liberr.h"
#include "zipindex.h"

#include <ctype.h>
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

/* ---- opening ------------------------------------------------------------ */

/* Whether 'name' exists in the folder 'fd' (as anything, links included). */
static bool
exists_at(int fd, const char *name)
{
    struct stat st;

    return fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* A tagmanifest-*.txt.sig at the top of the bag. */
static bool
has_signature(int fd)
{
    DIR *d = dsr_fio_opendir_at(fd);
    const char *name;
    bool found = false;

    if (!d)
        return false;
    while (!found && dsr_fio_readdir(d, &name) > 0) {
        size_t n = strlen(name);

        found = strncmp(name, "tagmanifest-", 12) == 0 && n > 8 &&
                strcmp(name + n - 8, ".txt" DSR_BAG_SIGNATURE_SUFFIX) == 0;
    }
    closedir(d);
    return found;
}

/* bag-info.txt's External-Identifier and Bagging-Date, when readable. */
static int
read_info(int fd, struct dsr_bundle *b, struct dsr_error *err)
{
    struct dsr_bag_fields f = {0};
    struct dsr_error e = DSR_ERROR_INIT;
    char *data = NULL;
    size_t len = 0;
    mode_t type = 0;
    int sys_errno = 0;
    const char *id = NULL, *date = NULL;

    if (dsr_fio_read_beneath(fd, DSR_BAG_INFO, DSR_BUNDLE_INFO_LIMIT, &data,
                             &len, &type, &sys_errno) == DSR_READ_OK &&
        dsr_bag_parse_info(data, len, &f, &e) == 0) {
        id = dsr_bag_fields_get(&f, "External-Identifier");
        date = dsr_bag_fields_get(&f, "Bagging-Date");
    }
    /* a bag-info.txt that does not read leaves them empty: verify says why */
    b->bundle_id = dsr_strdup(id ? id : "", err);
    b->bagging_date = dsr_strdup(date ? date : "", err);
    dsr_bag_fields_release(&f);
    free(data);
    return b->bundle_id && b->bagging_date ? 0 : -1;
}

int
dsr_bundle_open(const char *dir, const char *frameworks_dir,
                const char *schemas_dir, struct dsr_bundle *b,
                struct dsr_error *err)
{
    int fd;
    int ret = -1;

    memset(b, 0, sizeof(*b));
    b->view.zipdirfd = -1;
    /* the folder named on the command line is the user's to choose */
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return dsr_error_set(err, DSR_INPUT, dir, 0,
                                 _("no such folder; give the folder of a "
                                   "bundle written by 'dossier pack'"));
        if (errno == ENOTDIR)
            return dsr_error_set(err, DSR_INPUT, dir, 0,
                                 _("not a folder; give the folder of a bundle "
                                   "written by 'dossier pack' (a bundle "
                                   "delivered as a .zip or .tar must be "
                                   "unpacked first)"));
        return dsr_error_sys(err, errno, dir, _("cannot open"));
    }
    if (!exists_at(fd, DSR_BAG_DECLARATION)) {
        if (exists_at(fd, "manifest.xml"))
            dsr_error_set(err, DSR_INPUT, dir, 0,
                          _("a workspace (it holds manifest.xml but no "
                            "bagit.txt), not a bundle; make the bundle with "
                            "'dossier pack %s/manifest.xml -o OUTDIR'"),
                          dir);
        else
            dsr_error_set(err, DSR_INPUT, dir, 0,
                          _("not a bundle: it has no bagit.txt; give the "
                            "folder written by 'dossier pack'"));
        goto out;
    }
    if (dsr_bundle_view_load(dir, frameworks_dir, schemas_dir, &b->view, err) < 0 ||
        read_info(fd, b, err) < 0)
        goto out;
    b->is_signed = has_signature(fd);
    ret = 0;
out:
    close(fd);
    return ret;
}

void
dsr_bundle_close(struct dsr_bundle *b)
{
    if (!b)
        return;
    dsr_bundle_view_release(&b->view);
    free(b->bundle_id);
    free(b->bagging_date);
    memset(b, 0, sizeof(*b));
    b->view.zipdirfd = -1;
}

const struct dsr_mindicator *
dsr_bundle_indicator(const struct dsr_bundle *b, const char *id,
                     struct dsr_error *err)
{
    const struct dsr_manifest *m = b->view.manifest;
    const struct dsr_mindicator *ind = dsr_manifest_indicator(m, id);

    if (ind)
        return ind;
    /* the assessors' code ("2.1") names it too */
    for (size_t i = 0; i < m->nindicators && b->view.catalog; i++) {
        const struct dsr_indicator *def =
            dsr_catalog_indicator(b->view.catalog, m->indicators[i].id);

        if (def && def->code && strcmp(def->code, id) == 0)
            return &m->indicators[i];
    }
    dsr_error_set(err, DSR_USAGE, b->view.dir, 0,
                  _("the bundle has no indicator '%s'; 'dossier show %s' "
                    "lists its indicators with their ids"),
                  id, b->view.dir);
    return NULL;
}

/* ---- one zip's index.xml ------------------------------------------------ */

int
dsr_bundle_zip_read(const struct dsr_bundle *b, const struct dsr_mindicator *ind,
                    struct dsr_bundle_zip *z, struct dsr_error *err)
{
    char name[32], where[PATH_MAX + 128], why[512];
    struct dsr_error e = DSR_ERROR_INIT;
    zip_error_t ze;
    mode_t type = 0;
    int sys_errno = 0;
    zip_int64_t pos;
    zip_t *za;

    memset(z, 0, sizeof(*z));
    dsr_zip_name(ind->id, name, sizeof(name));
    snprintf(z->rel, sizeof(z->rel), "%s/%s", DSR_BUNDLE_ZIP_DIR, name);
    z->status = DSR_BZIP_NONE;
    if (b->view.zipdirfd < 0)
        return 0;
    za = dsr_zip_open_beneath(b->view.zipdirfd, name, &type, &sys_errno, &ze);
    if (!za) {
        int code = zip_error_code_zip(&ze);

        if (code == ZIP_ER_MEMORY) {
            zip_error_fini(&ze);
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        }
        if (!type && sys_errno == ENOENT) {
            zip_error_fini(&ze);
            return 0;
        }
        z->status = DSR_BZIP_BAD;
        if (type)
            snprintf(z->problem, sizeof(z->problem),
                     _("not a regular file but %s; check the bundle with "
                       "'dossier verify'"),
                     dsr_file_type_name(type));
        else if (sys_errno)
            snprintf(z->problem, sizeof(z->problem), _("cannot open: %s"),
                     dsr_strerror(sys_errno));
        else
            snprintf(z->problem, sizeof(z->problem),
                     _("not a readable zip (%s); check the bundle with "
                       "'dossier verify'"),
                     dsr_zip_error_text(&ze));
        zip_error_fini(&ze);
        return 0;
    }
    zip_error_fini(&ze);
    snprintf(where, sizeof(where), "%s/%s:%s", b->view.dir, z->rel, DSR_INDEX_NAME);
    switch (dsr_zip_index_read(za, where, &z->idx, &pos, why, sizeof(why), &e)) {
    case DSR_ZIDX_OK:
        z->status = DSR_BZIP_OK;
        for (size_t i = 0; i < z->idx.n; i++)
            z->bytes += z->idx.entries[i].size;
        break;
    case DSR_ZIDX_ENCRYPTED:
        z->status = DSR_BZIP_ENCRYPTED;
        break;
    case DSR_ZIDX_ABSENT:
        z->status = DSR_BZIP_BAD;
        snprintf(z->problem, sizeof(z->problem), _("the zip has no %s"),
                 DSR_INDEX_NAME);
        break;
    case DSR_ZIDX_INVALID:
        if (e.code == DSR_NOMEM) {
            zip_discard(za);
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        }
        z->status = DSR_BZIP_BAD;
        snprintf(z->problem, sizeof(z->problem), _("%s: line %lu: %s"),
                 DSR_INDEX_NAME, e.line, e.msg);
        break;
    default:
        z->status = DSR_BZIP_BAD;
        snprintf(z->problem, sizeof(z->problem), "%s: %s", DSR_INDEX_NAME, why);
        break;
    }
    if (z->status != DSR_BZIP_OK)
        dsr_zip_index_release(&z->idx);
    zip_discard(za);
    return 0;
}

void
dsr_bundle_zip_release(struct dsr_bundle_zip *z)
{
    if (!z)
        return;
    dsr_zip_index_release(&z->idx);
    memset(z, 0, sizeof(*z));
}

const struct dsr_evidence *
dsr_bundle_evidence(const struct dsr_mindicator *ind, const char *file)
{
    char *want = NULL;
    const struct dsr_evidence *hit = NULL;

    if (dsr_path_normalise(file, &want) != DSR_PATH_OK)
        return NULL;
    for (size_t i = 0; i < ind->nevidence && !hit; i++) {
        char *have = NULL;

        if (dsr_path_normalise(ind->evidence[i].file, &have) == DSR_PATH_OK &&
            strcmp(have, want) == 0)
            hit = &ind->evidence[i];
        free(have);
    }
    free(want);
    return hit;
}

/* ---- find --------------------------------------------------------------- */

bool
dsr_find_is_hash(const char *q)
{
    size_t n = strlen(q);

    if (n < DSR_FIND_HASH_MIN || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)q[i]))
            return false;
    return true;
}

/* Whether 'hay' holds 'needle' ignoring ASCII case. */
static bool
holds(const char *hay, const char *needle)
{
    size_t n = strlen(needle);

    if (!hay)
        return false;
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return true;
    return n == 0;
}

static int
add_hit(struct dsr_find_result *r, const char *indicator,
        const struct dsr_index_entry *e, struct dsr_error *err)
{
    struct dsr_find_hit *h;

    if (dsr_grow((void **)&r->hits, sizeof(*r->hits), &r->cap, r->n + 1, err) < 0)
        return -1;
    h = &r->hits[r->n];
    memset(h, 0, sizeof(*h));
    r->n++;
    h->indicator = dsr_strdup(indicator, err);
    h->title = dsr_strdup(e->title ? e->title : "", err);
    h->file = dsr_strdup(e->file ? e->file : "", err);
    h->name = dsr_strdup(e->name ? e->name : "", err);
    snprintf(h->sha256, sizeof(h->sha256), "%s", e->sha256 ? e->sha256 : "");
    h->size = e->size;
    return h->indicator && h->title && h->file && h->name ? 0 : -1;
}

int
dsr_bundle_find(const struct dsr_bundle *b, const char *q,
                struct dsr_find_result *r, struct dsr_error *err)
{
    const struct dsr_manifest *m = b->view.manifest;
    size_t qn = strlen(q);

    memset(r, 0, sizeof(*r));
    if (!qn)
        return dsr_error_set(err, DSR_USAGE, NULL, 0,
                             _("nothing to look for: give a part of a title "
                               "or file name, or at least %d hex digits of a "
                               "SHA-256"),
                             DSR_FIND_HASH_MIN);
    r->by_hash = dsr_find_is_hash(q);
    for (size_t i = 0; i < m->nindicators; i++) {
        struct dsr_bundle_zip z;
        int ret = dsr_bundle_zip_read(b, &m->indicators[i], &z, err);

        if (ret == 0 && z.status == DSR_BZIP_ENCRYPTED)
            r->encrypted++;
        if (ret == 0 && z.status == DSR_BZIP_BAD)
            r->unreadable++;
        for (size_t k = 0; ret == 0 && z.status == DSR_BZIP_OK && k < z.idx.n; k++) {
            const struct dsr_index_entry *e = &z.idx.entries[k];
            bool hit = r->by_hash ? strncasecmp(e->sha256, q, qn) == 0
                                  : holds(e->title, q) || holds(e->file, q) ||
                                        holds(e->name, q);

            if (hit)
                ret = add_hit(r, m->indicators[i].id, e, err);
        }
        dsr_bundle_zip_release(&z);
        if (ret < 0)
            return -1;
    }
    return 0;
}

void
dsr_find_result_release(struct dsr_find_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->hits[i].indicator);
        free(r->hits[i].title);
        free(r->hits[i].file);
        free(r->hits[i].name);
    }
    free(r->hits);
    memset(r, 0, sizeof(*r));
}

/* ---- extract: the zip against the bag's payload manifests --------------- */

static int
problem(struct dsr_bag_report *rep, const char *path, enum dsr_bag_kind kind,
        const char *msg, struct dsr_error *err)
{
    struct dsr_bag_problem *p;

    if (dsr_grow((void **)&rep->items, sizeof(*rep->items), &rep->cap,
                 rep->n + 1, err) < 0)
        return -1;
    p = &rep->items[rep->n];
    p->kind = kind;
    p->path = strdup(path);
    p->message = strdup(msg);
    rep->n++;
    if (!p->path || !p->message)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    return 0;
}

/* The digest by 'alg' of the regular file 'rel' below 'rootfd'. */
static int
hash_file(int rootfd, const char *rel, enum dsr_hash_alg alg, char *hex,
          int *sys_errno, mode_t *type, struct dsr_error *err)
{
    char buf[65536];
    struct dsr_hash *h;
    int fd = dsr_fio_open_regular(rootfd, rel, type);
    int ret = -1;

    if (fd < 0) {
        *sys_errno = errno;
        return 1;
    }
    h = dsr_hash_new(alg, err);
    if (!h) {
        close(fd);
        return -1;
    }
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            *sys_errno = errno;
            ret = 1;
            goto out;
        }
        if (n == 0)
            break;
        if (dsr_hash_update(h, buf, (size_t)n, err) < 0)
            goto out;
    }
    ret = dsr_hash_final(h, hex, err) < 0 ? -1 : 0;
out:
    dsr_hash_free(h);
    close(fd);
    return ret;
}

/*
 * The zip 'rel' against every payload manifest at the top of the bag
 * 'rootfd' (the algorithms dsr_bag_alg_name() knows): listed in at least
 * one, and the same digest in each that lists it.
 */
static int
check_bag_digest(int rootfd, const char *rel, struct dsr_bag_report *rep,
                 struct dsr_error *err)
{
    static const enum dsr_hash_alg algs[] = {DSR_HASH_SHA512, DSR_HASH_SHA256,
                                             DSR_HASH_SHA1, DSR_HASH_MD5};
    char msg[1024];
    size_t listed = 0, manifests = 0;

    for (size_t a = 0; a < sizeof(algs) / sizeof(*algs); a++) {
        struct dsr_bag_entries e = {0};
        struct dsr_error pe = DSR_ERROR_INIT;
        char name[64], hex[DSR_HASH_HEX_MAX];
        char *data = NULL;
        size_t len = 0;
        mode_t type = 0;
        int sys_errno = 0, rc;
        const struct dsr_bag_entry *hit = NULL;

        snprintf(name, sizeof(name), "manifest-%s.txt", dsr_bag_alg_name(algs[a]));
        switch (dsr_fio_read_beneath(rootfd, name, DSR_BAG_TAG_LIMIT, &data, &len,
                                     &type, &sys_errno)) {
        case DSR_READ_OK:
            break;
        case DSR_READ_NOMEM:
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        case DSR_READ_TOO_LARGE:
            snprintf(msg, sizeof(msg), _("larger than %zu MiB; not read"),
                     DSR_BAG_TAG_LIMIT >> 20);
            free(data);
            manifests++;
            if (problem(rep, name, DSR_BAG_MALFORMED, msg, err) < 0)
                return -1;
            continue;
        case DSR_READ_IO:
            free(data);
            if (!type && sys_errno == ENOENT)
                continue;
            manifests++;
            snprintf(msg, sizeof(msg), _("cannot be read: %s"),
                     type ? dsr_file_type_name(type) : dsr_strerror(sys_errno));
            if (problem(rep, name, DSR_BAG_MALFORMED, msg, err) < 0)
                return -1;
            continue;
        }
        manifests++;
        if (dsr_bag_parse_manifest(data, len, algs[a], &e, &pe) < 0) {
            free(data);
            dsr_bag_entries_release(&e);
            if (pe.code == DSR_NOMEM)
                return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            snprintf(msg, sizeof(msg), _("line %lu: %s"), pe.line, pe.msg);
            if (problem(rep, name, DSR_BAG_MALFORMED, msg, err) < 0)
                return -1;
            continue;
        }
        free(data);
        for (size_t i = 0; i < e.n && !hit; i++)
            if (strcmp(e.items[i].path, rel) == 0)
                hit = &e.items[i];
        if (!hit) {
            dsr_bag_entries_release(&e);
            continue;
        }
        listed++;
        rc = hash_file(rootfd, rel, algs[a], hex, &sys_errno, &type, err);
        if (rc < 0) {
            dsr_bag_entries_release(&e);
            return -1;
        }
        msg[0] = '\0';
        if (rc > 0)
            snprintf(msg, sizeof(msg), _("cannot be read: %s"),
                     type ? dsr_file_type_name(type) : dsr_strerror(sys_errno));
        else if (strcmp(hex, hit->digest) != 0)
            snprintf(msg, sizeof(msg),
                     _("its %s checksum differs from %s line %lu: the zip "
                       "was altered or damaged; ask for the bundle again"),
                     dsr_bag_alg_name(algs[a]), name, hit->line);
        dsr_bag_entries_release(&e);
        if (msg[0] && problem(rep, rel, rc > 0 ? DSR_BAG_MALFORMED : DSR_BAG_ALTERED,
                              msg, err) < 0)
            return -1;
    }
    if (!listed) {
        snprintf(msg, sizeof(msg),
                 manifests ? _("listed in no payload manifest of the bag, so "
                               "its checksum cannot be checked; check the "
                               "bundle with 'dossier verify'")
                           : _("the bag has no payload manifest "
                               "(manifest-sha512.txt or manifest-sha256.txt), "
                               "so the zip's checksum cannot be checked"));
        return problem(rep, rel, DSR_BAG_MISSING, msg, err);
    }
    return 0;
}

/* ---- extract: the zip against data/manifest.xml ------------------------- */

/*
 * The evidence data/manifest.xml gives 'ind' (whose zip is 'rel') as
 * verify's bag_calls, for zipcheck.c's comparison with index.xml: each
 * file normalised (kept as written when it cannot be), sorted, once.  No
 * evidence: no entry, so that the zip is one pack never writes.
 */
static int
calls_of(const struct dsr_mindicator *ind, const char *rel, struct bag_calls *cs,
         struct bag_called *c, struct dsr_error *err)
{
    memset(cs, 0, sizeof(*cs));
    memset(c, 0, sizeof(*c));
    if (!ind->nevidence)
        return 0;
    cs->items = c;
    cs->n = cs->cap = 1;
    c->zip = strdup(rel);
    c->indicator = strdup(ind->id);
    c->files = calloc(ind->nevidence, sizeof(*c->files));
    if (!c->zip || !c->indicator || !c->files)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < ind->nevidence; i++) {
        const struct dsr_evidence *e = &ind->evidence[i];
        char *norm = NULL;

        if (dsr_path_normalise(e->file, &norm) != DSR_PATH_OK)
            norm = strdup(e->file);
        if (!norm)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        c->files[c->n].file = norm;
        c->files[c->n].line = (long)e->line;
        c->n++;
    }
    bag_called_sort(c);
    return 0;
}

static void
called_release(struct bag_called *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->files[i].file);
    free(c->files);
    free(c->zip);
    free(c->indicator);
}

/* ---- extract: names that clash ------------------------------------------ */

/* Order of names with '/' first, so that "a", "a/b" sort next to each other. */
static int
cmp_name_key(const void *pa, const void *pb)
{
    const unsigned char *a = *(const unsigned char *const *)pa;
    const unsigned char *b = *(const unsigned char *const *)pb;

    for (; *a && *a == *b; a++, b++)
        ;
    if (*a == *b)
        return 0;
    if (*a == '/' || *b == '/')
        return *a == '/' ? (*b ? -1 : 1) : (*a ? 1 : -1);
    return *a < *b ? -1 : 1;
}

/*
 * Whether two entries of 'idx' clash once normalised: the same name, or
 * one entry's name a folder of another's ("a" and "a/b.pdf").  Sorted
 * once with '/' lowest, a folder and the names below it are neighbours:
 * time n log n.  0: none; 1: a clash, 'msg' says which; -1: no memory.
 */
static int
find_clash(const struct dsr_zip_index *idx, char *msg, size_t msglen,
           struct dsr_error *err)
{
    char **names = calloc(idx->n ? idx->n : 1, sizeof(*names));
    size_t n = 0;
    int ret = -1;

    if (!names)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (; n < idx->n; n++) {
        if (dsr_path_normalise(idx->entries[n].name, &names[n]) != DSR_PATH_OK)
            names[n] = strdup(idx->entries[n].name);
        if (!names[n]) {
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
    }
    if (n)
        qsort(names, n, sizeof(*names), cmp_name_key);
    ret = 0;
    for (size_t k = 1; k < n && !ret; k++) {
        size_t len = strlen(names[k - 1]);

        if (strncmp(names[k - 1], names[k], len) == 0 &&
            (names[k][len] == '\0' || names[k][len] == '/')) {
            snprintf(msg, msglen,
                     names[k][len] ? _("index.xml lists both '%s' and '%s', "
                                       "a file and a folder of the same "
                                       "name, which pack never writes; the "
                                       "zip was altered: ask for the bundle "
                                       "again")
                                   : _("index.xml lists '%s' twice ('%s'), "
                                       "which pack never writes; the zip was "
                                       "altered: ask for the bundle again"),
                     names[k - 1], names[k]);
            ret = 1;
        }
    }
out:
    for (size_t k = 0; k < n; k++)
        free(names[k]);
    free(names);
    return ret;
}

/* ---- extract: writing ---------------------------------------------------- */

/*
 * Whether the name 'rel' is free below 'outfd': nothing there, and no
 * link or file in the way of its folders.
 */
static bool
name_free(int outfd, const char *rel)
{
    int fd = dsr_fio_open_beneath(outfd, rel, O_PATH | O_NOFOLLOW, false);

    if (fd >= 0) {
        close(fd);
        return false;
    }
    return errno == ENOENT;
}

/* The output folder, made when missing; -1 with 'err' set. */
static int
open_out(const char *dir, struct dsr_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0)
        return fd;
    if (errno == ENOTDIR)
        return dsr_error_set(err, DSR_USAGE, dir, 0,
                             _("not a folder; give a new or existing folder "
                               "with -o"));
    if (errno != ENOENT)
        return dsr_error_sys(err, errno, dir, _("cannot open"));
    if (dsr_fio_mkdirs(dir, err) < 0)
        return -1;
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return dsr_error_sys(err, errno, dir, _("cannot open"));
    return fd;
}

/* One document of the zip 'za' written below 'outfd' as e->name. */
static int
write_entry(zip_t *za, const struct dsr_index_entry *e, int outfd,
            const char *out_dir, struct dsr_hash *h, struct dsr_error *err)
{
    struct dsr_fio_tmpat t = DSR_FIO_TMPAT_INIT;
    char path[PATH_MAX + 64], why[512], hex[DSR_HASH_HEX_MAX];
    char *dir = NULL;
    const char *base = e->name, *slash = strrchr(e->name, '/');
    zip_int64_t i = zip_name_locate(za, e->name, 0);
    zip_stat_t st;
    uint64_t got = 0;
    int dirfd = -1, rc, ret = -1;

    snprintf(path, sizeof(path), "%s/%s", out_dir, e->name);
    if (i < 0 || zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0 ||
        dsr_zip_stat_absurd(&st) || st.size != e->size)
        return dsr_error_set(err, DSR_INPUT, path, 0,
                             _("the zip changed after it was checked; "
                               "nothing more is extracted"));
    if (slash) {
        dir = strndup(e->name, (size_t)(slash - e->name));
        if (!dir)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        base = slash + 1;
        dirfd = dsr_fio_mkdirs_beneath(outfd, dir);
    } else {
        dirfd = dup(outfd);
    }
    if (dirfd < 0 && (errno == ENOTDIR || errno == ELOOP || errno == EEXIST)) {
        /* another entry of the zip took the folder's name as a file */
        dsr_error_set(err, DSR_INPUT, path, 0,
                      _("its folder is a file of the same zip; the rest is "
                        "not extracted"));
        goto out;
    }
    if (dirfd < 0) {
        dsr_error_sys(err, errno, path, _("cannot make its folder"));
        goto out;
    }
    if (dsr_fio_tmpat_create(&t, dirfd, base) < 0) {
        dsr_error_sys(err, errno, path, _("cannot create"));
        goto out;
    }
    rc = dsr_zip_entry_read(za, (zip_uint64_t)i, e->size, h, NULL, t.fd, &got,
                            why, sizeof(why));
    if (rc == -2) {
        dsr_error_sys(err, errno, path, _("cannot write"));
        goto out;
    }
    if (dsr_hash_final(h, hex, err) < 0)
        goto out;
    if (rc < 0 || got != e->size || strcmp(hex, e->sha256) != 0) {
        dsr_error_set(err, DSR_INPUT, path, 0,
                      _("the zip changed after it was checked (%s); this "
                        "file was not written and nothing more is extracted"),
                      rc < 0 ? why : _("another SHA-256"));
        goto out;
    }
    if (dsr_fio_tmpat_publish(&t, base, 0644) < 0) {
        if (errno == EEXIST)
            dsr_error_set(err, DSR_USAGE, path, 0,
                          _("appeared while extracting; it was not "
                            "replaced: extract into another folder"));
        else
            dsr_error_sys(err, errno, path, _("cannot write"));
        goto out;
    }
    ret = 0;
out:
    dsr_fio_tmpat_discard(&t);
    if (dirfd >= 0)
        close(dirfd);
    free(dir);
    return ret;
}

static int
extract_all(const struct dsr_bundle *b, const char *zipname, const char *rel,
            const struct dsr_extract_opts *opts, struct dsr_extract_result *res,
            struct dsr_error *err)
{
    char where[PATH_MAX + 128], why[512];
    struct dsr_zip_index idx;
    struct dsr_hash *h = NULL;
    zip_error_t ze;
    mode_t type = 0;
    int sys_errno = 0, outfd = -1, ret = -1;
    zip_int64_t pos;
    zip_t *za = dsr_zip_open_beneath(b->view.zipdirfd, zipname, &type,
                                     &sys_errno, &ze);

    memset(&idx, 0, sizeof(idx));
    snprintf(where, sizeof(where), "%s/%s/%s:%s", b->view.dir,
             DSR_BUNDLE_ZIP_DIR, zipname, DSR_INDEX_NAME);
    zip_error_fini(&ze);
    if (!za)
        return dsr_error_set(err, DSR_INPUT, where, 0,
                             _("the zip changed after it was checked; "
                               "nothing was extracted"));
    if (dsr_zip_index_read(za, where, &idx, &pos, why, sizeof(why), err) !=
        DSR_ZIDX_OK) {
        if (!err || err->code != DSR_NOMEM)
            dsr_error_set(err, DSR_INPUT, where, 0,
                          _("the zip changed after it was checked; "
                            "nothing was extracted"));
        goto out;
    }
    for (size_t k = 0; k < idx.n; k++)
        if (!dsr_zip_entry_name_safe(idx.entries[k].name)) {
            dsr_error_set(err, DSR_INPUT, where, idx.entries[k].line,
                          _("an unsafe entry name; nothing was extracted"));
            goto out;
        }
    switch (find_clash(&idx, why, sizeof(why), err)) {
    case 0:
        break;
    case 1:
        ret = problem(&res->problems, rel, DSR_BAG_MALFORMED, why, err);
        goto out;
    default:
        goto out;
    }
    outfd = open_out(opts->out_dir, err);
    if (outfd < 0)
        goto out;
    for (size_t k = 0; k < idx.n; k++)
        if (!name_free(outfd, idx.entries[k].name)) {
            dsr_error_set(err, DSR_USAGE, opts->out_dir, 0,
                          _("'%s' is already there (or a link or file is in "
                            "its way); extract never replaces a file: choose "
                            "another folder with -o; nothing was extracted"),
                          idx.entries[k].name);
            goto out;
        }
    h = dsr_hash_new(DSR_HASH_SHA256, err);
    if (!h)
        goto out;
    for (size_t k = 0; k < idx.n; k++) {
        if (dsr_cancelled(opts->cancel)) {
            dsr_interrupted(err);
            goto out;
        }
        if (write_entry(za, &idx.entries[k], outfd, opts->out_dir, h, err) < 0)
            goto out;
        res->files++;
        res->bytes += idx.entries[k].size;
    }
    if (fsync(outfd) < 0 && errno != EINVAL) {
        dsr_error_sys(err, errno, opts->out_dir, _("cannot write"));
        goto out;
    }
    ret = 0;
out:
    dsr_hash_free(h);
    if (outfd >= 0)
        close(outfd);
    dsr_zip_index_release(&idx);
    zip_discard(za);
    return ret;
}

int
dsr_bundle_extract(const struct dsr_bundle *b, const struct dsr_mindicator *ind,
                   const struct dsr_extract_opts *opts,
                   struct dsr_extract_result *res, struct dsr_error *err)
{
    char name[32], rel[64];
    struct bag_calls calls;
    struct bag_called called;
    int rootfd, ret = -1;

    memset(res, 0, sizeof(*res));
    dsr_zip_name(ind->id, name, sizeof(name));
    snprintf(rel, sizeof(rel), "%s/%s", DSR_BUNDLE_ZIP_DIR, name);
    if (b->view.zipdirfd < 0 || !exists_at(b->view.zipdirfd, name)) {
        if (ind->nevidence)
            return problem(&res->problems, rel, DSR_BAG_MISSING,
                           _("missing, though the manifest gives the "
                             "indicator evidence; the bundle is incomplete: "
                             "ask for it again"),
                           err);
        return dsr_error_set(err, DSR_USAGE, b->view.dir, 0,
                             _("indicator %s has no evidence in this bundle, "
                               "so there is nothing to extract"),
                             ind->id);
    }
    rootfd = open(b->view.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return dsr_error_sys(err, errno, b->view.dir, _("cannot open"));
    if (calls_of(ind, rel, &calls, &called, err) < 0 ||
        check_bag_digest(rootfd, rel, &res->problems, err) < 0 ||
        bag_check_one_zip(rootfd, b->view.dir, rel, opts->cancel, &calls,
                          &res->problems, err) < 0)
        goto out;
    res->encrypted = res->problems.encrypted > 0;
    ret = 0;
    if (res->problems.n == 0 && !res->encrypted)
        ret = extract_all(b, name, rel, opts, res, err);
out:
    called_release(&called);
    close(rootfd);
    return ret;
}

void
dsr_extract_result_release(struct dsr_extract_result *res)
{
    if (!res)
        return;
    dsr_bag_report_release(&res->problems);
    memset(res, 0, sizeof(*res));
}
