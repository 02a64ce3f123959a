/*
 * scan.c -- dossier scan: add the evidence files the manifest lacks to it.
 */
#include "dossier/workspace.h"

#include "dossier/buf.h"
#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/finding.h"
#include "dossier/format.h"
#include "dossier/manifest.h"
#include "internal.h"
#include "workspace_int.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

/* ---- scan: what is on disk ------------------------------------------ */

#define NO_INDICATOR ((size_t)-1)
#define MAX_DEPTH 32

struct scan {
    const struct dsr_scan_opts *opts;
    struct dsr_scan_result *res;
    struct dsr_error *err;
    const struct dsr_manifest *m;
    const struct dsr_catalog *cat;
    struct dsr_root root;
    char **listed;              /* listed evidence, normalised, sorted */
    size_t nlisted;
    struct dsr_scan_newfile *files;
    size_t nfiles, cap_files;
};

static int
item(struct scan *s, enum dsr_scan_action action, const char *ind,
     const char *file, unsigned long line)
{
    struct dsr_scan_result *r = s->res;
    struct dsr_scan_item *it;

    if (dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap, r->n + 1,
                 s->err) < 0)
        return -1;
    it = &r->items[r->n];
    it->action = action;
    it->line = line;
    it->indicator = strdup(ind ? ind : "");
    it->file = dsr_printable(file);
    if (!it->indicator || !it->file) {
        free(it->indicator);
        free(it->file);
        return dsr_error_set(s->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    r->n++;
    return 0;
}

/* Hidden files and what editors and file managers leave behind. */
static bool
leftover(const char *name)
{
    size_t n = strlen(name);

    return name[0] == '.' || strncmp(name, "~$", 2) == 0 ||
           (n > 0 && name[n - 1] == '~') || strcasecmp(name, "Thumbs.db") == 0 ||
           strcasecmp(name, "desktop.ini") == 0;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 'rel' is a path the walk made, so already in normal form */
static bool
is_listed(const struct scan *s, const char *rel)
{
    return s->nlisted &&
           bsearch(&rel, s->listed, s->nlisted, sizeof(*s->listed), cmp_str);
}

/* "perbup-12_2023.arsitektur.pdf" -> "Perbup 12 2023 arsitektur" */
static char *
title_of(const char *rel)
{
    const char *base = strrchr(rel, '/');
    const char *dot;
    char *t;
    size_t n = 0;

    base = base ? base + 1 : rel;
    dot = strrchr(base, '.');
    if (!dot || dot == base)
        dot = base + strlen(base);
    t = malloc((size_t)(dot - base) + 1);
    if (!t)
        return NULL;
    for (const char *p = base; p < dot; p++) {
        char ch = (*p == '-' || *p == '_' || *p == '.') ? ' ' : *p;

        if (ch == ' ' && (n == 0 || t[n - 1] == ' '))
            continue;
        t[n++] = ch;
    }
    while (n > 0 && t[n - 1] == ' ')
        n--;
    t[n] = '\0';
    if (n && t[0] >= 'a' && t[0] <= 'z')
        t[0] = (char)(t[0] - 'a' + 'A');
    return t;
}

static int
add_file(struct scan *s, size_t ind, const char *rel, const struct stat *st)
{
    struct dsr_scan_newfile *f;
    struct tm tm;
    time_t mtime = st->st_mtime;

    if (ind == NO_INDICATOR)
        return item(s, DSR_SCAN_UNASSIGNED, NULL, rel, 0);
    if (is_listed(s, rel))
        return 0;
    if (dsr_grow((void **)&s->files, sizeof(*s->files), &s->cap_files,
                 s->nfiles + 1, s->err) < 0)
        return -1;
    f = &s->files[s->nfiles];
    f->ind = ind;
    f->rel = strdup(rel);
    f->title = title_of(rel);
    if (!f->rel || !f->title) {
        free(f->rel);
        free(f->title);
        return dsr_error_set(s->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    localtime_r(&mtime, &tm);
    strftime(f->date, sizeof(f->date), "%Y-%m-%d", &tm);
    s->nfiles++;
    return item(s, DSR_SCAN_ADDED, s->cat->indicators[ind].id, rel, 0);
}

static int walk(struct scan *s, const char *rel_dir, size_t ind, int depth);

static int
visit(struct scan *s, const char *rel, const char *name, size_t ind, int depth)
{
    const char *id = ind == NO_INDICATOR ? NULL : s->cat->indicators[ind].id;
    char full[2 * PATH_MAX + 2];
    struct stat st;

    if (leftover(name))
        return item(s, DSR_SCAN_SKIPPED, id, rel, 0);
    /* it could not be written in the manifest, nor pass check */
    if (!dsr_is_printable(name) || strchr(name, '\\'))
        return item(s, DSR_SCAN_BAD_NAME, id, rel, 0);
    if (depth > 0 && strcmp(name, DSR_WS_NOTE_NAME) == 0)
        return 0;               /* our own note */
    snprintf(full, sizeof(full), "%s/%s", s->root.real, rel);
    if (lstat(full, &st) < 0)
        return 0;               /* gone while we looked */
    if (S_ISLNK(st.st_mode)) {
        char *norm = NULL;
        int sys_errno;
        enum dsr_path_status ps = dsr_root_resolve(&s->root, rel, &norm,
                                                   &sys_errno);

        /* a link is never followed, into a folder or to a file: check
         * refuses it (path-link) */
        free(norm);
        if (ps == DSR_PATH_ESCAPES || ps == DSR_PATH_LINK)
            return item(s, DSR_SCAN_OUTSIDE, id, rel, 0);
        return item(s, DSR_SCAN_SKIPPED, id, rel, 0);
    }
    if (S_ISDIR(st.st_mode)) {
        if (depth == 0)
            for (size_t i = 0; i < s->cat->nindicators; i++)
                if (dsr_indicator_owns_folder(&s->cat->indicators[i], name)) {
                    ind = i;
                    break;
                }
        if (depth >= MAX_DEPTH)
            return item(s, DSR_SCAN_SKIPPED, id, rel, 0);
        return walk(s, rel, ind, depth + 1);
    }
    if (!S_ISREG(st.st_mode))
        return item(s, DSR_SCAN_SKIPPED, id, rel, 0);
    return add_file(s, ind, rel, &st);
}

static int
walk(struct scan *s, const char *rel_dir, size_t ind, int depth)
{
    char path[2 * PATH_MAX + 2];
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    DIR *d;
    int rc = 0;

    snprintf(path, sizeof(path), "%s%s%s", s->root.real, *rel_dir ? "/" : "",
             rel_dir);
    d = opendir(path);
    if (!d)
        return dsr_error_sys(s->err, errno, path, "cannot list");
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (dsr_grow((void **)&names, sizeof(*names), &cap, n + 1, s->err) < 0 ||
            !(names[n++] = strdup(e->d_name))) {
            rc = dsr_error_set(s->err, DSR_NOMEM, NULL, 0, "out of memory");
            break;
        }
    }
    closedir(d);
    /* readdir order is the file system's; ours is the same everywhere */
    if (rc == 0 && n)
        qsort(names, n, sizeof(*names), cmp_str);
    for (size_t i = 0; i < n && rc == 0; i++) {
        char rel[PATH_MAX + 1];

        if (snprintf(rel, sizeof(rel), "%s%s%s", rel_dir, *rel_dir ? "/" : "",
                     names[i]) >= (int)sizeof(rel))
            continue;
        rc = visit(s, rel, names[i], ind, depth);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* Resolve what the manifest lists; what is gone is reported, not removed. */
static int
collect_listed(struct scan *s)
{
    const struct dsr_manifest *m = s->m;
    size_t cap = 0;

    for (size_t i = 0; i < m->nindicators; i++) {
        for (size_t j = 0; j < m->indicators[i].nevidence; j++) {
            const struct dsr_evidence *e = &m->indicators[i].evidence[j];
            char *real = NULL;
            int sys_errno;
            enum dsr_path_status ps =
                dsr_root_resolve(&s->root, e->file, &real, &sys_errno);

            if (ps == DSR_PATH_MISSING &&
                item(s, DSR_SCAN_GONE, m->indicators[i].id, e->file, e->line) < 0)
                return -1;
            if (!real)
                continue;
            if (dsr_grow((void **)&s->listed, sizeof(*s->listed), &cap,
                         s->nlisted + 1, s->err) < 0) {
                free(real);
                return -1;
            }
            s->listed[s->nlisted++] = real;
        }
    }
    if (s->nlisted)
        qsort(s->listed, s->nlisted, sizeof(*s->listed), cmp_str);
    return 0;
}

/* ---- scan: writing --------------------------------------------------- */

/*
 * Replace 'path' by 'len' bytes of 'data' atomically, keeping the current
 * file ('oldlen' bytes of 'old') as path.bak: the new text goes to a
 * temporary file beside it, the backup is published as a second name for
 * the current file (a copy where links are not possible), and a rename
 * swaps the new text in.
 */
static int
replace_keeping_backup(const char *path, const char *old, size_t oldlen,
                       const char *data, size_t len, struct dsr_error *err)
{
    struct dsr_fio_tmp t = DSR_FIO_TMP_INIT;
    enum dsr_fio_step step;
    char bak[PATH_MAX];
    struct stat st;
    int rc = -1;

    if (snprintf(bak, sizeof(bak), "%s.bak", path) >= (int)sizeof(bak))
        return dsr_error_set(err, DSR_IO, path, 0, "path too long");
    if (stat(path, &st) < 0)
        return dsr_error_sys(err, errno, path, "cannot read");
    if (dsr_fio_tmp_create(&t, path, false, &step) < 0) {
        if (step == DSR_FIO_NAME)
            return dsr_error_set(err, DSR_IO, path, 0, "path too long");
        return dsr_error_sys(err, errno, path, "cannot write next to");
    }
    if (dsr_fio_write_all(t.fd, data, len, NULL) < 0 ||
        dsr_fio_tmp_finish(&t, st.st_mode & 07777) < 0) {
        dsr_error_sys(err, errno, t.name, "cannot write");
        goto out;
    }
    if (dsr_fio_publish_link(bak, path, old, oldlen, &step) < 0) {
        if (step == DSR_FIO_NAME)
            dsr_error_set(err, DSR_IO, path, 0, "path too long");
        else
            dsr_error_sys(err, errno, bak, "cannot write");
        goto out;
    }
    if (dsr_fio_tmp_place(&t, path, DSR_FIO_REPLACE) < 0) {
        dsr_error_sys(err, errno, path, "cannot replace");
        goto out;
    }
    rc = 0;
out:
    dsr_fio_tmp_discard(&t);
    return rc;
}

static int
cmp_item(const void *a, const void *b)
{
    const struct dsr_scan_item *x = a;
    const struct dsr_scan_item *y = b;

    if (x->action != y->action)
        return x->action < y->action ? -1 : 1;
    return strcmp(x->file, y->file);
}

static int
cmp_newfile(const void *a, const void *b)
{
    return strcmp(((const struct dsr_scan_newfile *)a)->rel,
                  ((const struct dsr_scan_newfile *)b)->rel);
}

int
dsr_scan(const char *manifest, const struct dsr_scan_opts *opts,
         struct dsr_scan_result *res, struct dsr_error *err)
{
    struct scan s = {.opts = opts, .res = res, .err = err};
    struct dsr_manifest *m = NULL;
    struct dsr_catalog *cat = NULL;
    struct dsr_error cerr = DSR_ERROR_INIT;
    struct dsr_buf out = DSR_BUF_INIT;
    char schema[PATH_MAX], root[PATH_MAX];
    char *data = NULL;
    size_t len = 0;
    int sys_errno = 0;
    int rc = -1;

    memset(res, 0, sizeof(*res));
    snprintf(schema, sizeof(schema), "%s/manifest.xsd", opts->schemas_dir);
    switch (dsr_read_file(manifest, DSR_MANIFEST_MAX_BYTES, &data, &len,
                          &sys_errno)) {
    case DSR_READ_OK:
        break;
    case DSR_READ_NOMEM:
        dsr_error_set(err, DSR_NOMEM, manifest, 0, "out of memory");
        goto out;
    default:
        /* the loader reports unreadable and too large as findings */
        m = dsr_manifest_load(manifest, schema, &res->findings, err);
        rc = m || err->code != DSR_OK ? -1 : 0;
        goto out;
    }
    m = dsr_manifest_load_mem(data, len, manifest, schema, &res->findings, err);
    if (!m) {
        rc = err->code == DSR_OK ? 0 : -1;
        goto out;
    }
    s.m = m;
    snprintf(schema, sizeof(schema), "%s/framework.xsd", opts->schemas_dir);
    cat = dsr_catalog_load_id(opts->frameworks_dir, m->framework, schema, &cerr);
    if (!cat) {
        if (cerr.code != DSR_INPUT) {
            *err = cerr;
            goto out;
        }
        rc = dsr_findings_add(&res->findings, DSR_F_FRAMEWORK_UNKNOWN, NULL,
                              manifest, m->framework_line, err,
                              _("unknown framework '%s'"), m->framework);
        goto out;
    }
    s.cat = cat;
    if (dsr_manifest_evidence_root(m, root, sizeof(root)) < 0)
        dsr_error_set(&cerr, DSR_INPUT, NULL, 0, "path too long");
    else
        dsr_root_open(&s.root, root, &cerr);
    if (cerr.code != DSR_OK) {
        if (cerr.code == DSR_NOMEM) {
            *err = cerr;
            goto out;
        }
        rc = dsr_findings_add(&res->findings, DSR_F_EVIDENCE_ROOT_INVALID, NULL,
                              manifest, m->evidence_root_line, err,
                              _("evidence root '%s' cannot be used: %s"), root,
                              cerr.msg);
        goto out;
    }
    /* as check: a manifest's root lies inside the manifest's folder */
    if (dsr_root_inside(&s.root, m->dir, &sys_errno) != 1) {
        rc = dsr_findings_add(&res->findings, DSR_F_EVIDENCE_ROOT_OUTSIDE, NULL,
                              manifest, m->evidence_root_line, err,
                              _("evidence root '%s' lies outside the "
                                "manifest's folder; nothing was scanned: move "
                                "the evidence folder into the manifest's "
                                "folder"),
                              root);
        goto out;
    }
    if (collect_listed(&s) < 0 || walk(&s, "", NO_INDICATOR, 0) < 0)
        goto out;
    /* qsort may not be given a NULL array, even of zero elements */
    if (s.nfiles)
        qsort(s.files, s.nfiles, sizeof(*s.files), cmp_newfile);
    if (res->n)
        qsort(res->items, res->n, sizeof(*res->items), cmp_item);
    res->added = s.nfiles;
    if (s.nfiles && !opts->dry_run) {
        struct dsr_findings check = DSR_FINDINGS_INIT;
        struct dsr_manifest *again;

        if (dsr_scan_compose(cat, s.files, s.nfiles, data, len, &out, err) < 0)
            goto out;
        /* never write a manifest that does not load */
        snprintf(schema, sizeof(schema), "%s/manifest.xsd", opts->schemas_dir);
        again = dsr_manifest_load_mem(out.data, out.len, manifest, schema,
                                      &check, err);
        dsr_findings_release(&check);
        if (!again) {
            dsr_error_set(err, DSR_INTERNAL, manifest, 0,
                          "the updated manifest would not be valid; nothing "
                          "was written");
            goto out;
        }
        dsr_manifest_free(again);
        if (replace_keeping_backup(manifest, data, len, out.data, out.len,
                                   err) < 0)
            goto out;
        res->written = true;
    }
    rc = 0;
out:
    for (size_t i = 0; i < s.nfiles; i++) {
        free(s.files[i].rel);
        free(s.files[i].title);
    }
    free(s.files);
    for (size_t i = 0; i < s.nlisted; i++)
        free(s.listed[i]);
    free(s.listed);
    dsr_root_release(&s.root);
    dsr_buf_release(&out);
    dsr_catalog_free(cat);
    dsr_manifest_free(m);
    free(data);
    return rc;
}

void
dsr_scan_result_release(struct dsr_scan_result *res)
{
    if (!res)
        return;
    dsr_findings_release(&res->findings);
    for (size_t i = 0; i < res->n; i++) {
        free(res->items[i].indicator);
        free(res->items[i].file);
    }
    free(res->items);
    memset(res, 0, sizeof(*res));
}
