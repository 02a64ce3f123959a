/* zipcheck.c -- verify's check of each indicator zip against its index.xml. */
#include "bag_impl.h"

#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/hash.h"
#include "dossier/manifest.h"
#include "dossier/zips.h"
#include "fileio.h"
#include "internal.h"
#include "liberr.h"
#include "xml.h"
#include "zipindex.h"

#include <libxml/tree.h>

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
    const struct dsr_index_entry **by_name; /* idx entries sorted, for bsearch */
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
 * Open the zip through an fd bag_open_file() gave (no link followed, no
 * FIFO or device opened); 1 when it cannot be (reported), -1 on a fatal
 * error.
 */
static int
open_zip(struct zcheck *z)
{
    zip_source_t *src = NULL;
    zip_error_t ze;
    mode_t type = 0;
    FILE *fp = NULL;
    int fd;
    int rc;

    zip_error_init(&ze);
    fd = bag_open_file(z->v->dirfd, z->rel, &type);
    if (fd < 0) {
        rc = type ? bag_problem(z->v, z->rel, DSR_BAG_MALFORMED,
                                _("%s, not a regular file: a bag holds only "
                                  "regular files and folders; replace it with "
                                  "the file itself or remove it"),
                                bag_type_name(type))
                  : bag_problem(z->v, z->rel, DSR_BAG_MALFORMED, _("cannot open: %s"),
                                dsr_strerror(errno));
        return reported(rc);
    }
    fp = fdopen(fd, "rb");
    if (!fp) {
        close(fd);
        return dsr_error_set(z->v->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    /* the source owns fp from here on, and the archive the source */
    src = zip_source_filep_create(fp, 0, -1, &ze);
    if (!src) {
        fclose(fp);
        zip_error_fini(&ze);
        return dsr_error_set(z->v->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    z->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (z->za) {
        z->v->rep->zips++;
        zip_error_fini(&ze);
        return 0;
    }
    zip_source_free(src);
    rc = bag_problem(z->v, z->rel, DSR_BAG_MALFORMED, _("cannot be opened as a zip: %s"),
                     dsr_zip_error_text(&ze));
    zip_error_fini(&ze);
    return reported(rc);
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

static int
cmp_by_name(const void *a, const void *b)
{
    const struct dsr_index_entry *const *x = a;
    const struct dsr_index_entry *const *y = b;

    return strcmp((*x)->name, (*y)->name);
}

/*
 * The index.xml entry named 'name', marked as seen; NULL when none.  A
 * binary search, so that a zip of n entries costs n log n, not n^2.
 */
static const struct dsr_index_entry *
find_listed(struct zcheck *z, const char *name)
{
    struct dsr_index_entry key = {.name = (char *)(uintptr_t)name};
    const struct dsr_index_entry *kp = &key;
    const struct dsr_index_entry **hit;

    if (z->idx.n == 0)
        return NULL;
    hit = bsearch(&kp, z->by_name, z->idx.n, sizeof(*z->by_name), cmp_by_name);
    if (!hit)
        return NULL;
    z->seen[*hit - z->idx.entries] = true;
    return *hit;
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
 * Whether an entry name could lead an extracting tool anywhere but to a
 * file inside its folder: empty, a leading '/', a backslash (a separator
 * on Windows), a drive letter ("C:"), or an empty, "." or ".." segment.
 */
static bool
unsafe_entry_name(const char *name)
{
    const char *seg = name;

    if (*name == '\0' || *name == '/' || strchr(name, '\\') ||
        (((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) &&
         name[1] == ':'))
        return true;
    for (;;) {
        const char *slash = strchr(seg, '/');
        size_t n = slash ? (size_t)(slash - seg) : strlen(seg);

        if (n == 0 || (n == 1 && seg[0] == '.') ||
            (n == 2 && seg[0] == '.' && seg[1] == '.'))
            return true;
        if (!slash)
            return false;
        seg = slash + 1;
    }
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
                           bag_type_name(type));
    if (unsafe_entry_name(name))
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
    z->by_name = malloc((z->idx.n ? z->idx.n : 1) * sizeof(*z->by_name));
    z->h = dsr_hash_new(DSR_HASH_SHA256, v->err);
    if (!z->seen || !z->by_name || !z->h)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < z->idx.n; k++)
        z->by_name[k] = &z->idx.entries[k];
    if (z->idx.n > 1)
        qsort(z->by_name, z->idx.n, sizeof(*z->by_name), cmp_by_name);
    n = zip_get_num_entries(z->za, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        if (bag_cancelled(v->opts->cancel))
            return bag_interrupted(v->err);
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
    free(z.by_name);
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

/* ---- the parts every bundle has ---------------------------------------- */

/* Whether 'data' holds the regular file 'rel'. */
static bool
has_file(const struct bag_list *data, const char *rel)
{
    const struct bag_file *f = bag_list_find(data, rel);

    return f && f->regular;
}

static int
missing_part(struct bag_verify *v, const char *rel, const char *what)
{
    return bag_problem(v, rel, DSR_BAG_MISSING,
                       _("a required part of the bundle is missing (%s); the "
                         "bundle is incomplete: ask for it again"),
                       what);
}

/*
 * The zip of each <indicator> of the bundle's manifest.xml ('doc') that
 * lists at least one <evidence>, as pack writes one for each.
 */
static int
check_called_zips(struct bag_verify *v, xmlDocPtr doc, const struct bag_list *data)
{
    const xmlNode *root = xmlDocGetRootElement(doc);

    if (!root)
        return 0;
    for (const xmlNode *n = root->children; n; n = n->next) {
        char name[64], rel[128], what[160];
        const xmlNode *c;
        char *id;
        int rc = 0;

        if (!dsr_xml_is(n, "indicator"))
            continue;
        for (c = n->children; c && !dsr_xml_is(c, "evidence"); c = c->next)
            ;
        if (!c)
            continue;
        id = dsr_xml_attr(n, "id");
        if (!id)
            continue;   /* a manifest pack would not have taken */
        if (strlen(id) < 32) {
            snprintf(rel, sizeof(rel), "%s/%s", DSR_BUNDLE_ZIP_DIR,
                     dsr_zip_name(id, name, sizeof(name)));
            snprintf(what, sizeof(what),
                     _("the zip of indicator %s, which has evidence in %s"), id,
                     DSR_BUNDLE_MANIFEST);
            if (!has_file(data, rel))
                rc = missing_part(v, rel, what);
        }
        free(id);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/*
 * The bundle's manifest.xml, read as a bag file is (no link, no FIFO, at
 * most DSR_MANIFEST_MAX_BYTES) and parsed with the hardened parser;
 * every zip it calls for is checked for.
 */
static int
check_manifest_zips(struct bag_verify *v, const struct bag_list *data)
{
    struct dsr_xml_problems problems = {0};
    struct dsr_error e = DSR_ERROR_INIT;
    xmlDocPtr doc = NULL;
    mode_t type = 0;
    char *buf = NULL;
    size_t len = 0;
    int sys_errno = 0;
    int fd;
    int ret = 0;

    fd = bag_open_file(v->dirfd, DSR_BUNDLE_MANIFEST, &type);
    if (fd < 0)
        return 0;   /* reported with the payload */
    if (dsr_fio_read_fd(fd, DSR_MANIFEST_MAX_BYTES, &buf, &len, &sys_errno) !=
        DSR_READ_OK) {
        close(fd);
        return 0;   /* the same */
    }
    close(fd);
    switch (dsr_xml_parse(buf, len, DSR_BUNDLE_MANIFEST, &doc, &problems, &e)) {
    case DSR_XML_OK:
        ret = check_called_zips(v, doc, data);
        break;
    case DSR_XML_FAILED:
        *v->err = e;
        ret = -1;
        break;
    default:
        ret = bag_problem(v, DSR_BUNDLE_MANIFEST, DSR_BAG_MALFORMED,
                          _("cannot be read as a manifest (line %lu: %s), so the "
                            "zips it calls for cannot be checked"),
                          problems.n ? problems.items[0].line : 0UL,
                          problems.n ? problems.items[0].msg : "not well-formed XML");
        break;
    }
    if (doc)
        xmlFreeDoc(doc);
    dsr_xml_problems_release(&problems);
    free(buf);
    return ret;
}

int
bag_check_parts(struct bag_verify *v, const struct bag_list *data)
{
    static const struct {
        const char *rel;
        const char *what;
    } parts[] = {
        {DSR_BUNDLE_MANIFEST, N_("the manifest the bundle was made from")},
        {DSR_BUNDLE_FINDINGS, N_("the check report")},
        {DSR_BUNDLE_DOSSIER, N_("the dossier")},
    };

    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        if (!has_file(data, parts[i].rel) &&
            missing_part(v, parts[i].rel, _(parts[i].what)) < 0)
            return -1;
    if (!has_file(data, DSR_BUNDLE_MANIFEST))
        return 0;
    return check_manifest_zips(v, data);
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
