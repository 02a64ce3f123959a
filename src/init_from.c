/*
 * init_from.c -- dossier init --from: a new year started from the last.
 *
 * The previous year is a bundle (what pack wrote) or a manifest with its
 * evidence.  From it come the instance and coordinator, the period one
 * year on, last year's index as 'previous', every owner, the links, and
 * every document still in force: a regulation, decision or standard
 * operating procedure (by its title or file name), or one the manifest
 * marks in-force="true".  Each is brought into the new workspace with
 * its SHA-256, as a hard link where possible or a copy, and marked with
 * the year it came from.  Documents that record a year's work (reports,
 * minutes, screenshots) are left behind and listed: they must be new.
 *
 * Across frameworks the new catalog's mapping says which indicator an
 * old one continues as (dsr_catalog_map_indicator()); levels and items
 * are not carried across, since the scales differ.
 *
 * The previous year may come from anyone: every path it names is checked
 * as an evidence path (dsr_path_normalise()) before it names a file here,
 * a manifest's files are opened beneath its evidence root without
 * following links, and a bundle's zip entries are read no further than
 * the size its index declares and kept only when their SHA-256 is the
 * one the index gives.
 */
#define _GNU_SOURCE /* asprintf, tdestroy */
#include "dossier/workspace.h"

#include "dossier/buf.h"
#include "dossier/bundle_layout.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/format.h"
#include "dossier/hash.h"
#include "dossier/zips.h"
#include "fileio.h"
#include "internal.h"
#include "liberr.h"
#include "workspace_int.h"
#include "zipindex.h"

#include <ctype.h>
#include <errno.h>
#include <search.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_CHUNK ((size_t)1 << 20)

/* ---- the previous year ------------------------------------------------ */



/* The first finding of a manifest that would not load, as an error. */
static int
findings_error(const struct dsr_findings *f, const char *path,
               struct dsr_error *err)
{
    if (f->n)
        return dsr_error_set(err, DSR_INPUT, f->items[0].file[0] ? f->items[0].file : path,
                             f->items[0].line, "%s", f->items[0].message);
    return dsr_error_set(err, DSR_INPUT, path, 0, _("cannot be read as a manifest"));
}

static int
load_manifest(const char *path, const char *frameworks_dir,
              const char *schemas_dir, struct dsr_previous *p,
              struct dsr_error *err)
{
    struct dsr_findings findings = DSR_FINDINGS_INIT;
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    char schema[PATH_MAX], fschema[PATH_MAX], root[PATH_MAX];
    struct dsr_bundle_view *v = &p->view;

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
        if (!err || err->code == DSR_OK)
            findings_error(&findings, path, err);
        dsr_findings_release(&findings);
        return -1;
    }
    dsr_findings_release(&findings);
    v->catalog = dsr_catalog_load_id(frameworks_dir, v->manifest->framework,
                                     fschema, err);
    if (!v->catalog) {
        if (err && !err->path[0])
            snprintf(err->path, sizeof(err->path), "%s", path);
        return -1;
    }
    if (dsr_score_compute(v->manifest, v->catalog, &sopts, &v->score, err) < 0)
        return -1;
    if (dsr_manifest_evidence_root(v->manifest, root, sizeof(root)) < 0)
        return dsr_error_set(err, DSR_INPUT, path, v->manifest->evidence_root_line,
                             _("path too long"));
    return dsr_root_open(&p->root, root, err);
}

int
dsr_previous_load(const char *path, const char *frameworks_dir,
                  const char *schemas_dir, struct dsr_previous *p,
                  struct dsr_error *err)
{
    struct stat st;

    memset(p, 0, sizeof(*p));
    p->view.zipdirfd = -1;
    p->root.fd = -1;
    if (stat(path, &st) < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return dsr_error_set(err, DSR_INPUT, path, 0,
                                 _("missing; give last year's bundle folder or "
                                   "its manifest"));
        return dsr_error_sys(err, errno, path, _("cannot read"));
    }
    if (S_ISDIR(st.st_mode)) {
        p->bundle = true;
        return dsr_bundle_view_load(path, frameworks_dir, schemas_dir, &p->view,
                                    err);
    }
    if (!S_ISREG(st.st_mode))
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("neither a bundle folder nor a manifest file"));
    return load_manifest(path, frameworks_dir, schemas_dir, p, err);
}

void
dsr_previous_release(struct dsr_previous *p)
{
    if (!p)
        return;
    dsr_bundle_view_release(&p->view);
    dsr_root_release(&p->root);
    memset(p, 0, sizeof(*p));
    p->view.zipdirfd = -1;
    p->root.fd = -1;
}

/* ---- what carries over ------------------------------------------------ */

/*
 * Words that open the title or file name of a document that stays in
 * force from year to year: regulations, decisions, circulars and standard
 * operating procedures, in the forms Indonesian offices write them.
 */
static const char *const in_force_words[] = {
    "peraturan", "perbup", "perwal", "pergub", "perda", "perkada", "permen",
    "keputusan", "kepbup", "kepwal", "kepgub", "sk", "surat keputusan",
    "instruksi", "surat edaran", "se", "sop", "standar operasional",
    "standar prosedur", "pedoman", "manual",
};

/* Whether 's' opens with 'word' followed by a separator or its end. */
static bool
opens_with(const char *s, const char *word)
{
    size_t n = strlen(word);

    for (size_t i = 0; i < n; i++) {
        char c = s[i];

        if (c == '-' || c == '_')
            c = ' ';
        if (tolower((unsigned char)c) != word[i])
            return false;
    }
    return s[n] == '\0' || strchr(" -_.,:0123456789", s[n]) != NULL;
}

bool
dsr_evidence_in_force(const struct dsr_evidence *e)
{
    const char *base;

    if (e->in_force)
        return true;
    base = strrchr(e->file, '/');
    base = base ? base + 1 : e->file;
    for (size_t i = 0; i < sizeof(in_force_words) / sizeof(*in_force_words); i++)
        if (opens_with(e->title, in_force_words[i]) ||
            opens_with(base, in_force_words[i]))
            return true;
    return false;
}

static int
add_item(struct dsr_carry_result *r, enum dsr_carry_action action,
         const char *indicator, const char *new_indicator, const char *file,
         const char *to, const char *why, struct dsr_error *err)
{
    struct dsr_carry_item *it;

    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        void *p = realloc(r->items, cap * sizeof(*r->items));

        if (!p)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        r->items = p;
        r->cap = cap;
    }
    it = &r->items[r->n];
    memset(it, 0, sizeof(*it));
    it->action = action;
    it->indicator = dsr_printable(indicator);
    it->new_indicator = dsr_printable(new_indicator ? new_indicator : "");
    it->file = dsr_printable(file);
    it->to = to ? dsr_printable(to) : NULL;
    it->why = why ? strdup(why) : NULL;
    if (!it->indicator || !it->new_indicator || !it->file || (to && !it->to) ||
        (why && !it->why)) {
        free(it->indicator);
        free(it->new_indicator);
        free(it->file);
        free(it->to);
        free(it->why);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    r->n++;
    switch (action) {
    case DSR_CARRY_LINKED:
    case DSR_CARRY_COPIED:
    case DSR_CARRY_PRESENT:
    case DSR_CARRY_SHARED:
        r->carried++;
        break;
    case DSR_CARRY_LEFT:
    case DSR_CARRY_UNMAPPED:
        r->left++;
        break;
    case DSR_CARRY_FAILED:
        r->failed++;
        break;
    }
    return 0;
}

void
dsr_carry_result_release(struct dsr_carry_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].indicator);
        free(r->items[i].new_indicator);
        free(r->items[i].file);
        free(r->items[i].to);
        free(r->items[i].why);
    }
    free(r->items);
    for (size_t i = 0; i < r->nentries; i++)
        free(r->entries[i].to);
    free(r->entries);
    memset(r, 0, sizeof(*r));
}

/* ---- bringing one file in --------------------------------------------- */

/* Where one carried file is read from. */
struct source {
    int fd;                     /* a manifest's file; -1 for a zip entry */
    zip_t *za;                  /* the zip of a bundle's indicator */
    zip_uint64_t entry;
    uint64_t size;              /* what the index declares */
};

/* A file carried already: its old (normalised) path and its entry. */
struct carried_from {
    char *from;
    size_t entry;               /* in r->entries */
};

/* The state of one init --from run. */
struct carry {
    const struct dsr_init_opts *o;
    const struct dsr_previous *p;
    struct dsr_carry_result *r;
    const char *dir;            /* the new workspace */
    char why[512];              /* why the current file failed */
    struct dsr_hash *h;
    unsigned char *buf;
    /* search trees (tsearch()), so that n entries take n log n */
    void *taken;                /* the places given: r->entries[].to */
    void *by_from;              /* struct carried_from, by 'from' */
};

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(a, b);
}

static int
cmp_from(const void *a, const void *b)
{
    return strcmp(((const struct carried_from *)a)->from,
                  ((const struct carried_from *)b)->from);
}

static void
free_from(void *p)
{
    struct carried_from *x = p;

    free(x->from);
    free(x);
}

static void
no_free(void *p)
{
    (void)p;
}

/*
 * Read 's' to its end, hashing, and when 'out' >= 0 writing every byte
 * there.  Returns 0 with 'hex' set, 1 when the source fails (c->why
 * says), or -1 with 'err' set when the tool fails.
 */
static int
transfer(struct carry *c, struct source *s, int out, char *hex,
         struct dsr_error *err)
{
    zip_file_t *zf = NULL;
    uint64_t total = 0;
    int ret = 1;

    if (s->za) {
        zf = zip_fopen_index(s->za, s->entry, 0);
        if (!zf) {
            snprintf(c->why, sizeof(c->why), "%s",
                     dsr_zip_error_text(zip_get_error(s->za)));
            return 1;
        }
    } else if (lseek(s->fd, 0, SEEK_SET) < 0) {
        snprintf(c->why, sizeof(c->why), "%s", dsr_strerror(errno));
        return 1;
    }
    for (;;) {
        ssize_t n;

        if (dsr_cancelled(c->o->cancel)) {
            ret = dsr_error_set(err, DSR_INTERRUPTED, NULL, 0, "interrupted");
            goto out;
        }
        if (zf) {
            /* one byte past the declared size shows a lie */
            uint64_t want = s->size - total + 1;

            n = zip_fread(zf, c->buf, want < COPY_CHUNK ? want : COPY_CHUNK);
        } else {
            n = read(s->fd, c->buf, COPY_CHUNK);
            if (n < 0 && errno == EINTR)
                continue;
        }
        if (n < 0) {
            snprintf(c->why, sizeof(c->why), "%s",
                     zf ? dsr_zip_error_text(zip_file_get_error(zf))
                        : dsr_strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        total += (uint64_t)n;
        if (zf && total > s->size) {
            snprintf(c->why, sizeof(c->why),
                     _("it holds more than the %llu bytes its index declares"),
                     (unsigned long long)s->size);
            goto out;
        }
        if (dsr_hash_update(c->h, c->buf, (size_t)n, err) < 0) {
            ret = -1;
            goto out;
        }
        if (out >= 0 && dsr_fio_write_all(out, c->buf, (size_t)n, c->o->cancel) < 0) {
            ret = dsr_error_sys(err, errno, NULL, _("cannot write"));
            goto out;
        }
    }
    if (zf && total != s->size) {
        snprintf(c->why, sizeof(c->why),
                 _("it holds %llu bytes, not the %llu its index declares"),
                 (unsigned long long)total, (unsigned long long)s->size);
        goto out;
    }
    ret = dsr_hash_final(c->h, hex, err) < 0 ? -1 : 0;
out:
    if (zf)
        zip_fclose(zf);
    if (ret != 0)
        dsr_hash_final(c->h, hex, NULL);     /* reset for the next file */
    return ret;
}

/* Whether the file 'target' exists with SHA-256 'sha' (1), with other
 * content (0), or not at all (-1). */
static int
same_file_there(struct carry *c, const char *target, const char *sha)
{
    struct source s = {.fd = open(target, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)};
    char hex[DSR_HASH_HEX_MAX];
    struct stat st;
    int rc;

    if (s.fd < 0)
        return errno == ENOENT ? -1 : 0;
    if (fstat(s.fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(s.fd);
        return 0;
    }
    rc = transfer(c, &s, -1, hex, NULL);
    close(s.fd);
    return rc == 0 && strcmp(hex, sha) == 0;
}

/* 'target' is taken: PRESENT (with 'sha' set) when it holds 'hex'. */
static int
present(struct carry *c, const char *target, const char *hex, char *sha)
{
    if (same_file_there(c, target, hex) != 1)
        return DSR_CARRY_FAILED;
    snprintf(sha, DSR_HASH_HEX_MAX, "%s", hex);
    return DSR_CARRY_PRESENT;
}

/*
 * Bring 's' in as 'target' (absolute), whose bytes must have SHA-256
 * 'sha' (hex; "" when last year did not record one: 'sha' then receives
 * it).  A hard link for a manifest's file unless the options say copy.
 * Returns the action, DSR_CARRY_FAILED with c->why set, or -1 with 'err'
 * set.
 */
static int
bring_in(struct carry *c, struct source *s, const char *target, char *sha,
         struct dsr_error *err)
{
    struct dsr_fio_tmp t = DSR_FIO_TMP_INIT;
    enum dsr_fio_step step;
    char hex[DSR_HASH_HEX_MAX];
    int rc;

    if (s->fd >= 0 && !c->o->copy) {
        char proc[64];

        rc = transfer(c, s, -1, hex, err);
        if (rc != 0)
            return rc < 0 ? -1 : DSR_CARRY_FAILED;
        if (*sha && strcmp(hex, sha) != 0) {
            snprintf(c->why, sizeof(c->why),
                     _("its content is not what last year recorded (SHA-256 "
                       "%.12s…, not %.12s…)"),
                     hex, sha);
            return DSR_CARRY_FAILED;
        }
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", s->fd);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, target, AT_SYMLINK_FOLLOW) == 0) {
            snprintf(sha, DSR_HASH_HEX_MAX, "%s", hex);
            return DSR_CARRY_LINKED;
        }
        if (errno == EEXIST)
            return present(c, target, hex, sha);
        /* another file system, no /proc, or links not allowed: a copy */
    }
    if (dsr_fio_tmp_create(&t, target, true, &step) < 0)
        return dsr_error_sys(err, errno, target, _("cannot create"));
    rc = transfer(c, s, t.fd, hex, err);
    if (rc == 0 && *sha && strcmp(hex, sha) != 0) {
        snprintf(c->why, sizeof(c->why),
                 _("its content is not what last year recorded (SHA-256 "
                   "%.12s…, not %.12s…)"),
                 hex, sha);
        rc = 1;
    }
    if (rc != 0) {
        dsr_fio_tmp_discard(&t);
        return rc < 0 ? -1 : DSR_CARRY_FAILED;
    }
    if (dsr_fio_tmp_publish(&t, target, dsr_fio_default_mode(), DSR_FIO_NEW,
                            &step) < 0) {
        int e = errno;

        dsr_fio_tmp_discard(&t);
        if (e == EEXIST)
            return present(c, target, hex, sha);
        return dsr_error_sys(err, e, target, _("cannot write"));
    }
    snprintf(sha, DSR_HASH_HEX_MAX, "%s", hex);
    return DSR_CARRY_COPIED;
}

/* ---- where a carried file goes ---------------------------------------- */

/*
 * The old catalog's indicator whose folder the first part of 'file' is
 * (a file listed by two indicators lives in one's folder), else NULL.
 */
static const struct dsr_indicator *
folder_owner(const struct dsr_catalog *cat, const char *file)
{
    const char *slash = strchr(file, '/');
    char first[DSR_EVIDENCE_NAME_MAX + 1];
    size_t n;

    if (!slash || (n = (size_t)(slash - file)) >= sizeof(first))
        return NULL;
    memcpy(first, file, n);
    first[n] = '\0';
    for (size_t i = 0; i < cat->nindicators; i++)
        if (dsr_indicator_owns_folder(&cat->indicators[i], first))
            return &cat->indicators[i];
    return NULL;
}


/*
 * The new place of 'file' (normalised) relative to the new evidence root:
 * the folder of the indicator it continues as, then the path below the
 * old folder (or the file name), with "-2", "-3", ... before the
 * extension when that place is taken.  NULL when no place is found.
 */
static char *
new_place(struct carry *c, const struct dsr_indicator *to, const char *file)
{
    const char *slash = strchr(file, '/');
    const char *rest = slash ? slash + 1 : file;
    const char *dot = strrchr(rest, '.');
    char folder[128], *out = NULL;
    size_t stem;

    if (!dot || strchr(dot, '/') || dot == rest || dot[-1] == '/')
        dot = rest + strlen(rest);
    stem = (size_t)(dot - rest);
    dsr_indicator_folder(to, folder, sizeof(folder));
    for (unsigned k = 1; k < 1000; k++) {
        char num[16] = "";

        if (k > 1)
            snprintf(num, sizeof(num), "-%u", k);
        free(out);
        if (asprintf(&out, "%s/%.*s%s%s", folder, (int)stem, rest, num, dot) < 0)
            return NULL;
        if (dsr_path_check(out, 0) != DSR_PATH_OK)
            break;
        if (!tfind(out, &c->taken, cmp_str))
            return out;
    }
    free(out);
    return NULL;
}

/* Make the folders of 'rel' below the new evidence root. */
static int
make_parents(struct carry *c, const char *rel, struct dsr_error *err)
{
    char path[PATH_MAX];

    if (snprintf(path, sizeof(path), "%s/%s/%s", c->dir, DSR_WS_EVIDENCE_DIR, rel) >=
        (int)sizeof(path))
        return dsr_error_set(err, DSR_USAGE, c->dir, 0, _("path too long"));
    return dsr_fio_mkparents(path, err);
}

/* ---- the zips of a bundle --------------------------------------------- */

/* One indicator's zip of the previous bundle, open with its index. */
struct zip_open {
    zip_t *za;
    struct dsr_zip_index idx;
    struct dsr_index_entry **by_file;   /* idx entries sorted by 'file' */
    enum dsr_zip_index_status status;
    char why[512];
};

static int
cmp_by_file(const void *a, const void *b)
{
    const struct dsr_index_entry *x = *(const struct dsr_index_entry *const *)a;
    const struct dsr_index_entry *y = *(const struct dsr_index_entry *const *)b;

    return strcmp(x->file, y->file);
}

static void
zip_close_index(struct zip_open *z)
{
    free(z->by_file);
    dsr_zip_index_release(&z->idx);
    if (z->za)
        zip_discard(z->za);
    memset(z, 0, sizeof(*z));
}

/* Open the zip of old indicator 'id'; 0, or -1 when out of memory. */
static int
zip_open_index(struct carry *c, const char *id, struct zip_open *z,
               struct dsr_error *err)
{
    char name[300], where[PATH_MAX];
    zip_error_t ze;
    zip_int64_t pos;
    mode_t type = 0;
    int sys_errno = 0;

    memset(z, 0, sizeof(*z));
    z->status = DSR_ZIDX_ABSENT;
    dsr_zip_name(id, name, sizeof(name));
    if (c->p->view.zipdirfd < 0)
        return 0;
    zip_error_init(&ze);
    z->za = dsr_zip_open_beneath(c->p->view.zipdirfd, name, &type, &sys_errno, &ze);
    if (!z->za) {
        int nomem = zip_error_code_zip(&ze) == ZIP_ER_MEMORY;

        snprintf(z->why, sizeof(z->why), "%s",
                 sys_errno ? dsr_strerror(sys_errno) : dsr_zip_error_text(&ze));
        zip_error_fini(&ze);
        return nomem ? dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory") : 0;
    }
    zip_error_fini(&ze);
    snprintf(where, sizeof(where), "%s/%s/%s:%s", c->p->view.dir, DSR_BUNDLE_ZIP_DIR,
             name, DSR_INDEX_NAME);
    z->status = dsr_zip_index_read(z->za, where, &z->idx, &pos, z->why,
                                   sizeof(z->why), err);
    if (z->status == DSR_ZIDX_INVALID) {
        if (err && err->code == DSR_NOMEM)
            return -1;
        snprintf(z->why, sizeof(z->why), "%s", err ? err->msg : "");
        dsr_error_clear(err);
    }
    if (z->status != DSR_ZIDX_OK)
        return 0;
    z->by_file = malloc((z->idx.n ? z->idx.n : 1) * sizeof(*z->by_file));
    if (!z->by_file)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < z->idx.n; i++)
        z->by_file[i] = &z->idx.entries[i];
    qsort(z->by_file, z->idx.n, sizeof(*z->by_file), cmp_by_file);
    return 0;
}

/*
 * The source of 'file' in the open zip: 0 with 's' set; 1 with c->why
 * set when it cannot be had; 2 when the entry is encrypted.  'sha'
 * receives the index's SHA-256.
 */
static int
zip_source_of(struct carry *c, struct zip_open *z, const char *file,
              struct source *s, char *sha)
{
    struct dsr_index_entry key = {.file = (char *)file}, *kp = &key, **hit;
    zip_int64_t i;
    zip_stat_t st;

    if (z->status == DSR_ZIDX_ENCRYPTED)
        return 2;
    if (z->status != DSR_ZIDX_OK) {
        snprintf(c->why, sizeof(c->why), _("its zip cannot be read: %s"),
                 z->why[0] ? z->why : _("missing"));
        return 1;
    }
    hit = bsearch(&kp, z->by_file, z->idx.n, sizeof(*z->by_file), cmp_by_file);
    if (!hit) {
        snprintf(c->why, sizeof(c->why), _("its zip's index does not list it"));
        return 1;
    }
    i = zip_name_locate(z->za, (*hit)->name, ZIP_FL_ENC_RAW);
    zip_stat_init(&st);
    if (i < 0 || zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) < 0) {
        snprintf(c->why, sizeof(c->why), _("its zip has no entry '%s'"),
                 (*hit)->name);
        return 1;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
        st.encryption_method != ZIP_EM_NONE)
        return 2;
    if (dsr_zip_stat_absurd(&st) || st.size != (*hit)->size) {
        snprintf(c->why, sizeof(c->why),
                 _("its zip entry declares a size that does not fit its "
                   "index or its compressed size"));
        return 1;
    }
    *s = (struct source){.fd = -1, .za = z->za, .entry = (zip_uint64_t)i,
                         .size = (*hit)->size};
    snprintf(sha, DSR_HASH_HEX_MAX, "%s", (*hit)->sha256);
    return 0;
}

/* ---- carrying ---------------------------------------------------------- */

static int carry_entry_add(struct dsr_carry_result *r,
                           const struct dsr_indicator *ni,
                           const struct dsr_evidence *ev, const char *to,
                           const char *sha256, struct dsr_error *err);

/*
 * Carry evidence 'e' of old indicator 'oi', which continues as 'ni'
 * (NULL: none).  'z' is the old indicator's zip for a bundle.
 */
static int
carry_one(struct carry *c, const struct dsr_mindicator *oi,
          const struct dsr_indicator *ni, const struct dsr_evidence *e,
          struct zip_open *z, struct dsr_error *err)
{
    const struct dsr_catalog *ocat = c->p->view.catalog;
    const struct dsr_indicator *place_ind = ni;
    struct source s = {.fd = -1};
    char sha[DSR_HASH_HEX_MAX] = "";
    char target[PATH_MAX];
    char *norm = NULL, *to = NULL;
    int action, ret = -1;

    c->why[0] = '\0';
    if (!dsr_evidence_in_force(e))
        return add_item(c->r, DSR_CARRY_LEFT, oi->id, ni ? ni->id : NULL, e->file,
                        NULL, NULL, err);
    if (!ni)
        return add_item(c->r, DSR_CARRY_UNMAPPED, oi->id, NULL, e->file, NULL,
                        NULL, err);
    switch (dsr_path_normalise(e->file, &norm)) {
    case DSR_PATH_OK:
        break;
    case DSR_PATH_NOMEM:
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    default:
        return add_item(c->r, DSR_CARRY_FAILED, oi->id, ni->id, e->file, NULL,
                        _("its path is not a plain relative path"), err);
    }
    /* the same file listed twice: one copy, listed twice again */
    {
        struct carried_from key = {.from = norm};
        struct carried_from **hit = tfind(&key, &c->by_from, cmp_from);

        if (hit) {
            const struct dsr_carried *x = &c->r->entries[(*hit)->entry];
            char *xto = strdup(x->to);
            char xsha[DSR_SHA256_HEX];

            snprintf(xsha, sizeof(xsha), "%s", x->sha256);
            ret = xto ? carry_entry_add(c->r, ni, e, xto, xsha, err)
                      : dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            if (ret == 0)
                ret = add_item(c->r, DSR_CARRY_SHARED, oi->id, ni->id, e->file,
                               xto, NULL, err);
            free(xto);
            free(norm);
            return ret;
        }
    }
    {
        const struct dsr_indicator *owner = folder_owner(ocat, norm);
        const struct dsr_indicator *mapped =
            owner ? dsr_catalog_map_indicator(c->o->catalog, ocat->id, owner->id)
                  : NULL;

        if (mapped)
            place_ind = mapped;
    }
    to = new_place(c, place_ind, norm);
    if (!to) {
        ret = add_item(c->r, DSR_CARRY_FAILED, oi->id, ni->id, e->file, NULL,
                       _("no free name for it in the new folder"), err);
        goto out;
    }
    if (e->sha256)
        snprintf(sha, sizeof(sha), "%s", e->sha256);
    if (c->p->bundle) {
        char zsha[DSR_HASH_HEX_MAX];
        int zr = zip_source_of(c, z, e->file, &s, zsha);

        if (zr == 2) {
            ret = add_item(c->r, DSR_CARRY_FAILED, oi->id, ni->id, e->file, NULL,
                           _("its zip is encrypted; carry it from last year's "
                             "workspace manifest instead"),
                           err);
            goto out;
        }
        if (zr == 1) {
            ret = add_item(c->r, DSR_CARRY_FAILED, oi->id, ni->id, e->file, NULL,
                           c->why, err);
            goto out;
        }
        if (*sha && strcmp(sha, zsha) != 0) {
            ret = add_item(c->r, DSR_CARRY_FAILED, oi->id, ni->id, e->file, NULL,
                           _("its zip's index and the manifest disagree on its "
                             "SHA-256"),
                           err);
            goto out;
        }
        snprintf(sha, sizeof(sha), "%s", zsha);
    } else {
        enum dsr_path_status st;
        int sys_errno = 0;
        char *resolved = NULL;

        st = dsr_root_resolve(&c->p->root, e->file, &resolved, &sys_errno);
        if (st == DSR_PATH_OK)
            s.fd = dsr_root_open_file(&c->p->root, resolved, &st, &sys_errno);
        free(resolved);
        if (st == DSR_PATH_NOMEM) {
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        if (s.fd < 0) {
            ret = add_item(c->r, DSR_CARRY_FAILED, oi->id, ni->id, e->file, NULL,
                           st == DSR_PATH_MISSING ? _("it is gone")
                           : st == DSR_PATH_LINK  ? _("it is a symbolic link, "
                                                      "which is never followed")
                           : st == DSR_PATH_NOT_REGULAR
                               ? _("it is not a regular file")
                               : _("it cannot be read"),
                           err);
            goto out;
        }
    }
    if (make_parents(c, to, err) < 0 ||
        snprintf(target, sizeof(target), "%s/%s/%s", c->dir, DSR_WS_EVIDENCE_DIR, to) >=
            (int)sizeof(target)) {
        if (!err || err->code == DSR_OK)
            dsr_error_set(err, DSR_USAGE, c->dir, 0, _("path too long"));
        goto out;
    }
    action = bring_in(c, &s, target, sha, err);
    if (action < 0)
        goto out;
    if (action == DSR_CARRY_FAILED) {
        ret = add_item(c->r, DSR_CARRY_FAILED, oi->id, ni->id, e->file, NULL,
                       c->why[0] ? c->why
                                 : _("a different file already has its name "
                                     "in the new folder"),
                       err);
        goto out;
    }
    ret = carry_entry_add(c->r, ni, e, to, sha, err);
    if (ret == 0) {
        struct carried_from *x = malloc(sizeof(*x));

        if (x) {
            x->from = norm;
            x->entry = c->r->nentries - 1;
        }
        if (!x || !tsearch(c->r->entries[x->entry].to, &c->taken, cmp_str) ||
            !tsearch(x, &c->by_from, cmp_from)) {
            free(x);
            ret = dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        norm = NULL;
        ret = add_item(c->r, (enum dsr_carry_action)action, oi->id, ni->id, e->file,
                       to, NULL, err);
    }
out:
    if (s.fd >= 0)
        close(s.fd);
    free(norm);
    free(to);
    return ret;
}

static int
carry_entry_add(struct dsr_carry_result *r, const struct dsr_indicator *ni,
                    const struct dsr_evidence *ev, const char *to,
                    const char *sha256, struct dsr_error *err)
{
    struct dsr_carried *x;

    if (r->nentries == r->capentries) {
        size_t cap = r->capentries ? 2 * r->capentries : 64;
        void *p = realloc(r->entries, cap * sizeof(*r->entries));

        if (!p)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        r->entries = p;
        r->capentries = cap;
    }
    x = &r->entries[r->nentries];
    memset(x, 0, sizeof(*x));
    x->ind = ni;
    x->ev = ev;
    x->to = strdup(to);
    if (!x->to)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    snprintf(x->sha256, sizeof(x->sha256), "%s", sha256);
    r->nentries++;
    return 0;
}

int
dsr_carry(const char *dir, const struct dsr_init_opts *o,
          struct dsr_carry_result *r, struct dsr_error *err)
{
    const struct dsr_previous *p = o->from;
    const struct dsr_manifest *m = p->view.manifest;
    struct carry c = {.o = o, .p = p, .r = r, .dir = dir};
    int ret = -1;

    c.h = dsr_hash_new(DSR_HASH_SHA256, err);
    c.buf = malloc(COPY_CHUNK);
    if (!c.h || !c.buf) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < m->nindicators; i++) {
        const struct dsr_mindicator *oi = &m->indicators[i];
        const struct dsr_indicator *ni =
            dsr_catalog_map_indicator(o->catalog, m->framework, oi->id);
        struct zip_open z;
        bool opened = false;
        int rc = 0;

        memset(&z, 0, sizeof(z));
        for (size_t k = 0; k < oi->nevidence && rc == 0; k++) {
            const struct dsr_evidence *e = &oi->evidence[k];

            if (p->bundle && !opened && ni && dsr_evidence_in_force(e)) {
                rc = zip_open_index(&c, oi->id, &z, err);
                opened = true;
            }
            if (rc == 0)
                rc = carry_one(&c, oi, ni, e, &z, err);
        }
        zip_close_index(&z);
        if (rc < 0)
            goto out;
    }
    ret = 0;
out:
    tdestroy(c.taken, no_free);     /* the strings belong to r->entries */
    tdestroy(c.by_from, free_from);
    dsr_hash_free(c.h);
    free(c.buf);
    return ret;
}
