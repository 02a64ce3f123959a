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
#include "dossier/hash.h"
#include "dossier/manifest.h"
#include "internal.h"
#include "workspace_int.h"
#include "manifest_text.h"

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
#include <unistd.h>

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
    struct stale *stale;        /* entries whose file is gone, in order */
    size_t nstale, cap_stale;
};

/* An entry of the manifest whose file is gone. */
struct stale {
    size_t ind, nth;            /* m->indicators[ind].evidence[nth] */
    const struct dsr_evidence *e;
    const char *id;
    const char *moved_to;       /* the new file that has its SHA-256 */
};

static int
item_why(struct scan *s, enum dsr_scan_action action, const char *ind,
         const char *file, unsigned long line, enum dsr_scan_reason why)
{
    struct dsr_scan_result *r = s->res;
    struct dsr_scan_item *it;

    if (dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap, r->n + 1,
                 s->err) < 0)
        return -1;
    it = &r->items[r->n];
    it->action = action;
    it->line = line;
    it->reason = why;
    it->indicator = strdup(ind ? ind : "");
    it->file = dsr_printable(file);
    it->from = NULL;
    if (!it->indicator || !it->file) {
        free(it->indicator);
        free(it->file);
        return dsr_error_set(s->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    r->n++;
    r->bad_names += action == DSR_SCAN_BAD_NAME;
    r->gone += action == DSR_SCAN_GONE;
    r->pruned += action == DSR_SCAN_PRUNED;
    return 0;
}

static int
item(struct scan *s, enum dsr_scan_action action, const char *ind,
     const char *file, unsigned long line)
{
    return item_why(s, action, ind, file, line, DSR_SCAN_NAME_OK);
}

/*
 * Why the file or folder 'name' cannot go into a manifest as it is, or
 * DSR_SCAN_NAME_OK: what XML cannot hold (control characters, bytes that
 * are not UTF-8, U+FFFE and U+FFFF) and what check refuses in a path (a
 * backslash, a name over DSR_EVIDENCE_NAME_MAX bytes).
 */
static enum dsr_scan_reason
name_reason(const char *name)
{
    const unsigned char *p = (const unsigned char *)name;
    size_t len = strlen(name);
    bool invalid = false, not_xml = false;

    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = dsr_utf8_next(p + i, len - i, &cp);

        if (n == 0) {
            invalid = true;
            i++;
            continue;
        }
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
            return DSR_SCAN_NAME_CONTROL;
        if (cp == 0xfffe || cp == 0xffff)
            not_xml = true;
        i += n;
    }
    if (invalid)
        return DSR_SCAN_NAME_NOT_UTF8;
    if (not_xml)
        return DSR_SCAN_NAME_NOT_XML;
    if (strchr(name, '\\'))
        return DSR_SCAN_NAME_BACKSLASH;
    /* check's own rule, for a name alone */
    if (dsr_path_check(name, 0) == DSR_PATH_NOT_PORTABLE)
        return DSR_SCAN_NAME_WINDOWS;
    if (strlen(name) > DSR_EVIDENCE_NAME_MAX)
        return DSR_SCAN_NAME_TOO_LONG;
    return DSR_SCAN_NAME_OK;
}

/*
 * Whether 'rel' is longer than check accepts: DSR_EVIDENCE_PATH_MAX bytes
 * as written, or PATH_MAX with the evidence root before it.
 */
static bool
path_too_long(const struct scan *s, const char *rel)
{
    size_t n = strlen(rel);

    return n > DSR_EVIDENCE_PATH_MAX || strlen(s->root.real) + 1 + n >= PATH_MAX;
}

/* Hidden files and what editors and file managers leave behind. */
static bool
leftover(const char *name)
{
    size_t n = strlen(name);

    /* ":Zone.Identifier": the mark Windows leaves beside a downloaded
     * file copied into WSL */
    return name[0] == '.' || strncmp(name, "~$", 2) == 0 ||
           (n > 0 && name[n - 1] == '~') || strcasecmp(name, "Thumbs.db") == 0 ||
           strcasecmp(name, "desktop.ini") == 0 ||
           (n > 16 && strcasecmp(name + n - 16, ":Zone.Identifier") == 0);
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
char *
dsr_scan_title_of(const char *rel)
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

/*
 * The SHA-256 of 'fd' in 'hex', read to its end; "" when it cannot be
 * read (check reports that file).  -1 only when out of memory or
 * cancelled, with 'err' set.
 */
static int
hash_file(int fd, char *hex, const volatile sig_atomic_t *cancel,
          struct dsr_error *err)
{
    enum { CHUNK = 1 << 16 };
    struct dsr_hash *h = dsr_hash_new(DSR_HASH_SHA256, err);
    char *buf = malloc(CHUNK);
    ssize_t r;
    int rc = -1;

    hex[0] = '\0';
    if (!h || !buf) {
        if (h)
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    while ((r = read(fd, buf, CHUNK)) != 0) {
        if (dsr_cancelled(cancel)) {
            dsr_interrupted(err);
            goto out;
        }
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = 0;             /* unreadable: no hash */
            goto out;
        }
        if (dsr_hash_update(h, buf, (size_t)r, err) < 0)
            goto out;
    }
    if (dsr_hash_final(h, hex, err) < 0)
        goto out;
    rc = 0;
out:
    dsr_hash_free(h);
    free(buf);
    return rc;
}

/*
 * The new entry's SHA-256 and date: the document's own date where it
 * says, else the modification time 'st' gives.  The file is opened
 * beneath the root as check opens it; one that cannot be is dated by
 * 'st' and has no SHA-256.
 */
int
dsr_scan_file_facts(const struct dsr_root *root, const char *rel,
                    const struct stat *st, const volatile sig_atomic_t *cancel,
                    struct dsr_scan_newfile *f, struct dsr_error *err)
{
    enum dsr_path_status ps;
    int sys_errno, fd, rc = 0;
    time_t mtime = st->st_mtime;
    struct tm tm;

    f->sha256[0] = '\0';
    f->date_from_document = false;
    fd = dsr_root_open_file(root, rel, &ps, &sys_errno);
    if (fd >= 0) {
        rc = hash_file(fd, f->sha256, cancel, err);
        if (rc == 0)
            f->date_from_document = dsr_scan_document_date(fd, rel, f->date);
        close(fd);
    }
    if (!f->date_from_document) {
        localtime_r(&mtime, &tm);
        strftime(f->date, sizeof(f->date), "%Y-%m-%d", &tm);
    }
    return rc;
}

static int
add_file(struct scan *s, size_t ind, const char *rel, const struct stat *st)
{
    struct dsr_scan_newfile *f;

    if (ind == NO_INDICATOR)
        return item(s, DSR_SCAN_UNASSIGNED, NULL, rel, 0);
    if (is_listed(s, rel))
        return 0;
    if (dsr_grow((void **)&s->files, sizeof(*s->files), &s->cap_files,
                 s->nfiles + 1, s->err) < 0)
        return -1;
    f = &s->files[s->nfiles];
    memset(f, 0, sizeof(*f));
    f->ind = ind;
    f->rel = strdup(rel);
    f->title = dsr_scan_title_of(rel);
    if (!f->rel || !f->title) {
        free(f->rel);
        free(f->title);
        return dsr_error_set(s->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    s->nfiles++;
    /* listed once the moves are known */
    return dsr_scan_file_facts(&s->root, rel, st, s->opts->cancel, f, s->err);
}

static int walk(struct scan *s, const char *rel_dir, size_t ind, int depth);

static int
visit(struct scan *s, const char *rel, const char *name, size_t ind, int depth)
{
    const char *id = ind == NO_INDICATOR ? NULL : s->cat->indicators[ind].id;
    char full[2 * PATH_MAX + 2];
    enum dsr_scan_reason why;
    struct stat st;

    if (dsr_cancelled(s->opts->cancel))
        return dsr_interrupted(s->err);
    if (leftover(name))
        return item(s, DSR_SCAN_SKIPPED, id, rel, 0);
    /* it could not be written in the manifest, or not pass check; a
     * folder is listed once and not entered */
    why = name_reason(name);
    if (why == DSR_SCAN_NAME_OK && path_too_long(s, rel))
        why = DSR_SCAN_NAME_TOO_LONG;
    if (why != DSR_SCAN_NAME_OK)
        return item_why(s, DSR_SCAN_BAD_NAME, id, rel, 0, why);
    if (depth > 0 && strcmp(name, DSR_WS_NOTE_NAME) == 0)
        return 0;               /* our own note */
    snprintf(full, sizeof(full), "%s/%s", s->root.real, rel);
    if (lstat(full, &st) < 0)
        return 0;               /* gone while we looked */
    if (S_ISLNK(st.st_mode)) {
        /* never followed, into a folder or to a file, wherever it leads:
         * check refuses it (path-link) */
        return item(s, DSR_SCAN_OUTSIDE, id, rel, 0);
    }
    if (S_ISDIR(st.st_mode)) {
        if (depth == 0)
            for (size_t i = 0; i < s->cat->nindicators; i++)
                if (dsr_indicator_owns_folder(&s->cat->indicators[i], name)) {
                    ind = i;
                    break;
                }
        if (depth >= MAX_DEPTH)
            return item(s, DSR_SCAN_TOO_DEEP, id, rel, 0);
        return walk(s, rel, ind, depth + 1);
    }
    if (!S_ISREG(st.st_mode))
        return item(s, DSR_SCAN_NOT_FILE, id, rel, 0);
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
                     names[i]) >= (int)sizeof(rel)) {
            /* the start of it is enough to find it */
            rc = item_why(s, DSR_SCAN_BAD_NAME,
                          ind == NO_INDICATOR ? NULL : s->cat->indicators[ind].id,
                          rel, 0, DSR_SCAN_NAME_TOO_LONG);
            continue;
        }
        rc = visit(s, rel, names[i], ind, depth);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* Resolve what the manifest lists, and note what is gone. */
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

            if (ps == DSR_PATH_MISSING) {
                if (dsr_grow((void **)&s->stale, sizeof(*s->stale),
                             &s->cap_stale, s->nstale + 1, s->err) < 0)
                    return -1;
                s->stale[s->nstale++] = (struct stale){
                    .ind = i, .nth = j, .e = e, .id = m->indicators[i].id};
            }
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

/* ---- scan: moved files and stale entries ----------------------------- */

static int
cmp_stale_ptr(const void *a, const void *b)
{
    const struct stale *x = *(const struct stale *const *)a;
    const struct stale *y = *(const struct stale *const *)b;
    int c = strcmp(x->e->sha256, y->e->sha256);

    if (c == 0)
        c = strcmp(x->id, y->id);
    if (c == 0)
        c = x < y ? -1 : x > y;
    return c;
}

/*
 * Pair each new file with the first entry of its indicator whose file is
 * gone and whose sha256 is the file's (new files in name order, entries
 * in manifest order): the entry follows the file.  Sorting makes it
 * O((files + entries) log entries).  Then list what was added, moved,
 * and gone or pruned.
 */
static int
match_moves(struct scan *s)
{
    struct stale **by = NULL;
    size_t n = 0;

    for (size_t i = 0; i < s->nstale; i++)
        n += s->stale[i].e->sha256 != NULL;
    if (n && !(by = calloc(n, sizeof(*by))))
        return dsr_error_set(s->err, DSR_NOMEM, NULL, 0, "out of memory");
    n = 0;
    for (size_t i = 0; i < s->nstale; i++)
        if (s->stale[i].e->sha256)
            by[n++] = &s->stale[i];
    if (n)
        qsort(by, n, sizeof(*by), cmp_stale_ptr);
    for (size_t k = 0; k < s->nfiles && n; k++) {
        struct dsr_scan_newfile *f = &s->files[k];
        const char *id = s->cat->indicators[f->ind].id;
        size_t lo = 0, hi = n;

        if (!f->sha256[0])
            continue;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(by[mid]->e->sha256, f->sha256);

            if (c == 0)
                c = strcmp(by[mid]->id, id);
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < n && strcmp(by[lo]->e->sha256, f->sha256) == 0 &&
               strcmp(by[lo]->id, id) == 0; lo++)
            if (!by[lo]->moved_to) {
                by[lo]->moved_to = f->rel;
                f->moved = true;
                break;
            }
    }
    free(by);
    for (size_t k = 0; k < s->nfiles; k++) {
        const struct dsr_scan_newfile *f = &s->files[k];

        if (f->moved)
            continue;
        if (item(s, DSR_SCAN_ADDED, s->cat->indicators[f->ind].id, f->rel, 0) < 0)
            return -1;
        s->res->added++;
    }
    for (size_t i = 0; i < s->nstale; i++) {
        const struct stale *t = &s->stale[i];
        enum dsr_scan_action a = t->moved_to   ? DSR_SCAN_MOVED
                                 : s->opts->prune ? DSR_SCAN_PRUNED
                                                  : DSR_SCAN_GONE;

        if (item(s, a, t->id, t->moved_to ? t->moved_to : t->e->file,
                 t->e->line) < 0)
            return -1;
        if (t->moved_to) {
            struct dsr_scan_item *it = &s->res->items[s->res->n - 1];

            if (!(it->from = dsr_printable(t->e->file)))
                return dsr_error_set(s->err, DSR_NOMEM, NULL, 0,
                                     "out of memory");
            s->res->moved++;
        }
    }
    return 0;
}

/* The changes to entries the manifest has, for dsr_scan_compose(). */
static int
stale_edits(const struct scan *s, struct dsr_scan_edit **edits, size_t *n)
{
    *n = 0;
    *edits = calloc(s->nstale ? s->nstale : 1, sizeof(**edits));
    if (!*edits)
        return dsr_error_set(s->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < s->nstale; i++) {
        const struct stale *t = &s->stale[i];

        if (!t->moved_to && !s->opts->prune)
            continue;
        (*edits)[(*n)++] = (struct dsr_scan_edit){
            .ind = t->ind, .indicator = t->id, .nth = t->nth,
            .new_file = t->moved_to};
    }
    return 0;
}

/*
 * Whether 'again', the manifest as scan would write it, lists exactly
 * what 'm' lists (the entries of s->stale renamed when moved, left out
 * when pruned) plus the new files, each entry's file, title, level, date
 * and sha256 intact: the last guard against new text misread in the
 * manifest's encoding or an edit in the wrong place.  Sorts two arrays
 * of the entries, so time is O(n log n).
 */
struct entry_key {
    const char *file, *title, *date, *sha256;
    long level;
};

static int
cmp_entry_key(const void *a, const void *b)
{
    const struct entry_key *x = a;
    const struct entry_key *y = b;
    int c = strcmp(x->file, y->file);

    if (c == 0)
        c = strcmp(x->title, y->title);
    if (c == 0)
        c = strcmp(x->date, y->date);
    if (c == 0)
        c = strcmp(x->sha256, y->sha256);
    if (c == 0)
        c = (x->level > y->level) - (x->level < y->level);
    return c;
}

static struct entry_key
key_of(const struct dsr_evidence *e, const char *file)
{
    return (struct entry_key){.file = file ? file : e->file,
                              .title = e->title,
                              .date = e->date_text ? e->date_text : "",
                              .sha256 = e->sha256 ? e->sha256 : "",
                              .level = e->level};
}

static int
same_as_planned(const struct scan *s, const struct dsr_manifest *again,
                bool *same, struct dsr_error *err)
{
    const struct dsr_manifest *m = s->m;
    struct entry_key *want = NULL, *got = NULL;
    size_t nwant = 0, ngot = 0, total = 0, t = 0;

    *same = false;
    for (size_t i = 0; i < m->nindicators; i++)
        total += m->indicators[i].nevidence;
    total += s->nfiles;
    for (size_t i = 0; i < again->nindicators; i++)
        ngot += again->indicators[i].nevidence;
    want = calloc(total ? total : 1, sizeof(*want));
    got = calloc(ngot ? ngot : 1, sizeof(*got));
    if (!want || !got) {
        free(want);
        free(got);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    /* s->stale is in manifest order, as this walk is */
    for (size_t i = 0; i < m->nindicators; i++)
        for (size_t j = 0; j < m->indicators[i].nevidence; j++) {
            const struct dsr_evidence *e = &m->indicators[i].evidence[j];
            const char *file = NULL;

            if (t < s->nstale && s->stale[t].e == e) {
                file = s->stale[t++].moved_to;
                if (!file && s->opts->prune)
                    continue;
            }
            want[nwant++] = key_of(e, file);
        }
    for (size_t k = 0; k < s->nfiles; k++) {
        const struct dsr_scan_newfile *f = &s->files[k];

        if (!f->moved)
            want[nwant++] = (struct entry_key){.file = f->rel,
                                               .title = f->title,
                                               .date = f->date,
                                               .sha256 = f->sha256,
                                               .level = DSR_LEVEL_NONE};
    }
    ngot = 0;
    for (size_t i = 0; i < again->nindicators; i++)
        for (size_t j = 0; j < again->indicators[i].nevidence; j++)
            got[ngot++] = key_of(&again->indicators[i].evidence[j], NULL);
    if (nwant == ngot) {
        if (nwant) {
            qsort(want, nwant, sizeof(*want), cmp_entry_key);
            qsort(got, ngot, sizeof(*got), cmp_entry_key);
        }
        *same = true;
        for (size_t i = 0; i < nwant && *same; i++)
            *same = cmp_entry_key(&want[i], &got[i]) == 0;
    }
    free(want);
    free(got);
    return 0;
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
    int inside;
    char enc[64] = "";
    struct dsr_scan_edit *edits = NULL;
    size_t nedits = 0;
    int rc = -1;

    memset(res, 0, sizeof(*res));
    snprintf(schema, sizeof(schema), "%s/manifest.xsd", opts->schemas_dir);
    switch (dsr_read_file(manifest, DSR_MANIFEST_MAX_BYTES, &data, &len,
                          &sys_errno)) {
    case DSR_READ_OK:
        switch (dsr_mt_splice_encoding(data, len, manifest, true, enc,
                                       sizeof(enc), &res->findings, err)) {
        case 0:
            break;
        case 1:
            rc = 0;
            goto out;
        default:
            goto out;
        }
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
    inside = dsr_root_inside(&s.root, m->dir, &sys_errno);
    if (inside < 0) {
        rc = dsr_findings_add(&res->findings, DSR_F_EVIDENCE_ROOT_INVALID, NULL,
                              manifest, m->evidence_root_line, err,
                              _("evidence root '%s' cannot be used: %s; "
                                "nothing was scanned"),
                              root, dsr_strerror(sys_errno));
        goto out;
    }
    if (inside == 0) {
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
    if (match_moves(&s) < 0)
        goto out;
    if (res->n)
        qsort(res->items, res->n, sizeof(*res->items), cmp_item);
    if ((res->added || res->moved || res->pruned) && !opts->dry_run) {
        struct dsr_findings check = DSR_FINDINGS_INIT;
        struct dsr_manifest *again;
        bool same = false;

        if (stale_edits(&s, &edits, &nedits) < 0)
            goto out;
        if (dsr_scan_compose(cat, s.files, s.nfiles, edits, nedits, data, len,
                             enc[0] ? enc : NULL, &out, err) < 0) {
            if (!err->path[0])
                snprintf(err->path, sizeof(err->path), "%s", manifest);
            goto out;
        }
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
        rc = same_as_planned(&s, again, &same, err);
        dsr_manifest_free(again);
        if (rc < 0)
            goto out;
        rc = -1;
        if (!same) {
            dsr_error_set(err, DSR_INTERNAL, manifest, 0,
                          _("the updated manifest would not list the same "
                            "entries with only the planned changes; nothing "
                            "was written"));
            goto out;
        }
        if (dsr_cancelled(s.opts->cancel)) {
            dsr_interrupted(err);
            goto out;
        }
        if (dsr_mt_replace(manifest, true, data, len, out.data, out.len,
                           opts->cancel, &res->backup, err) < 0)
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
    free(s.stale);
    free(edits);
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
        free(res->items[i].from);
    }
    free(res->items);
    memset(res, 0, sizeof(*res));
}
