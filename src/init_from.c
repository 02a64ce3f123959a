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
#include "dossier/check.h"
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
#include <fcntl.h>
#include <limits.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_CHUNK ((size_t)1 << 20)
/* At most this many files of one name in one new folder ("a-999.pdf"). */
#define DSR_CARRY_MAX_CLASHES 999
/* At most this many bytes copied out of a bundle's zips in all. */
#define DSR_CARRY_MAX_BYTES ((uint64_t)16 << 30)

/* ---- the previous year ------------------------------------------------ */

static struct dsr_previous *
previous_new(struct dsr_error *err)
{
    struct dsr_previous *p = calloc(1, sizeof(*p));

    if (!p) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    p->view.zipdirfd = -1;
    p->root.fd = -1;
    return p;
}

/*
 * A manifest's evidence root, opened, and only when it lies inside the
 * manifest's folder: a previous year handed over by someone else must
 * not bring files from elsewhere on this machine into the new year (the
 * rule check applies, evidence-root-outside).
 */
static int
open_root(struct dsr_previous *p, const char *path, struct dsr_error *err)
{
    const struct dsr_manifest *m = p->view.manifest;
    char root[PATH_MAX];
    int sys_errno = 0;
    int inside;

    if (dsr_manifest_evidence_root(m, root, sizeof(root)) < 0)
        return dsr_error_set(err, DSR_INPUT, path, m->evidence_root_line,
                             _("path too long"));
    if (dsr_root_open(&p->root, root, err) < 0)
        return -1;
    inside = dsr_root_inside(&p->root, m->dir, &sys_errno);
    if (inside < 0)
        return dsr_error_sys(err, sys_errno, m->dir, _("cannot read"));
    if (!inside)
        return dsr_error_set(err, DSR_INPUT, path, m->evidence_root_line,
                             _("its evidence folder '%s' lies outside the "
                               "manifest's folder; init --from reads only "
                               "files beside last year's manifest: copy last "
                               "year's workspace whole and give that copy"),
                             p->root.real);
    return 0;
}

struct dsr_previous *
dsr_previous_load(const char *path, const char *frameworks_dir,
                  const char *schemas_dir, struct dsr_error *err)
{
    struct dsr_previous *p = previous_new(err);
    struct stat st;
    int rc;

    if (!p)
        return NULL;
    if (stat(path, &st) < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            dsr_error_set(err, DSR_INPUT, path, 0,
                          _("missing; give last year's bundle folder or its "
                            "manifest"));
        else
            dsr_error_sys(err, errno, path, _("cannot read"));
        rc = -1;
    } else if (S_ISDIR(st.st_mode)) {
        p->bundle = true;
        rc = dsr_bundle_view_load(path, frameworks_dir, schemas_dir, &p->view, err);
    } else if (!S_ISREG(st.st_mode)) {
        rc = dsr_error_set(err, DSR_INPUT, path, 0,
                           _("neither a bundle folder nor a manifest file"));
    } else {
        rc = dsr_bundle_view_load_manifest(path, frameworks_dir, schemas_dir,
                                           &p->view, err);
        if (rc == 0)
            rc = open_root(p, path, err);
    }
    if (rc < 0) {
        dsr_previous_free(p);
        return NULL;
    }
    return p;
}

void
dsr_previous_free(struct dsr_previous *p)
{
    if (!p)
        return;
    dsr_bundle_view_release(&p->view);
    dsr_root_release(&p->root);
    free(p);
}

int
dsr_previous_year(const struct dsr_previous *p)
{
    return p->view.manifest->year;
}

const char *
dsr_previous_framework(const struct dsr_previous *p)
{
    return p->view.manifest->framework;
}

const char *
dsr_previous_instance(const struct dsr_previous *p)
{
    return p->view.manifest->instance_name;
}

bool
dsr_previous_index(const struct dsr_previous *p, long *hundredths)
{
    if (!p->view.score.nfilled)
        return false;
    *hundredths = dsr_index_hundredths(p->view.catalog, p->view.score.index);
    return true;
}

const char *
dsr_previous_evidence_root(const struct dsr_previous *p)
{
    return p->bundle ? NULL : p->root.real;
}

/* ---- what carries over ------------------------------------------------ */

/*
 * Words that open the title or file name of a document that stays in
 * force from year to year: laws and regulations, decisions, circulars,
 * policies, plans and standard operating procedures, in the forms
 * Indonesian offices write them.  A word must end there (followed by a
 * space, '-', '_', '.', ',', ':' or a digit); a stem ("permen...") may
 * go on ("PermenPANRB", "Permendagri").
 */
static const char *const in_force_words[] = {
    "peraturan", "perbup", "perwal", "pergub", "perda", "perkada", "perpres",
    "pp", "uu", "undang undang", "keputusan", "kepbup", "kepwal", "kepgub",
    "sk", "surat keputusan", "salinan keputusan", "salinan peraturan",
    "instruksi", "surat edaran", "se", "sop", "standar operasional",
    "standar prosedur", "pedoman", "manual", "kebijakan", "renstra",
    "rpjmd", "rpjmn",
};
static const char *const in_force_stems[] = {"permen"};

/* 'c' folded for comparing words: lowercase, '-' and '_' as a space. */
static int
fold(char c)
{
    return c == '-' || c == '_' ? ' ' : tolower((unsigned char)c);
}

/* Whether 's' opens with 'word', followed by a separator or its end
 * unless 'stem'. */
static bool
opens_with(const char *s, const char *word, bool stem)
{
    size_t n = strlen(word);

    for (size_t i = 0; i < n; i++)
        if (fold(s[i]) != word[i])
            return false;
    return stem || s[n] == '\0' || strchr(" -_.,:0123456789", s[n]) != NULL;
}

/* A year from 1990 to 2100 at 's' (four digits, not more). */
static int
year_at(const char *s)
{
    int y = 0;

    for (int i = 0; i < 4; i++) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        y = y * 10 + (s[i] - '0');
    }
    return !isdigit((unsigned char)s[4]) && y >= 1990 && y <= 2100 ? y : 0;
}

/*
 * Whether 's' names a span of years ("2023-2026", "2023 – 2026",
 * "2023/2026") that reaches 'year': a plan or document for that span.
 */
static bool
span_reaches(const char *s, int year)
{
    for (const char *p = s; *p; p++) {
        const char *q;
        int from, to;

        if ((p > s && isdigit((unsigned char)p[-1])) || !(from = year_at(p)))
            continue;
        q = p + 4;
        while (*q == ' ')
            q++;
        if (*q == '-' || *q == '/')
            q++;
        else if (strncmp(q, "\u2013", 3) == 0)     /* an en dash */
            q += 3;
        else
            continue;
        while (*q == ' ')
            q++;
        to = year_at(q);
        if (to > from && to >= year)
            return true;
    }
    return false;
}

bool
dsr_evidence_in_force(const struct dsr_evidence *e, int year)
{
    const char *base;

    if (e->in_force)
        return true;
    base = strrchr(e->file, '/');
    base = base ? base + 1 : e->file;
    for (size_t i = 0; i < sizeof(in_force_words) / sizeof(*in_force_words); i++)
        if (opens_with(e->title, in_force_words[i], false) ||
            opens_with(base, in_force_words[i], false))
            return true;
    for (size_t i = 0; i < sizeof(in_force_stems) / sizeof(*in_force_stems); i++)
        if (opens_with(e->title, in_force_stems[i], true) ||
            opens_with(base, in_force_stems[i], true))
            return true;
    return span_reaches(e->title, year) || span_reaches(base, year);
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

/* A file carried already: its old (normalised) path, its entry, and the
 * new indicators that list it (one entry each). */
struct carried_from {
    char *from;
    size_t entry;               /* in r->entries */
    const struct dsr_indicator **listed;
    size_t nlisted;
};

/* The next suffix to try for a clashing name ("-2", "-3", ...). */
struct next_name {
    char *base;
    unsigned next;
};

/* The state of one init --from run. */
struct carry {
    const struct dsr_init_opts *o;
    const struct dsr_previous *p;
    struct dsr_carry_result *r;
    const char *dir;            /* the new workspace, for messages */
    int evfd;                   /* its evidence folder, opened once */
    char why[512];              /* why the current file failed */
    struct dsr_hash *h;
    unsigned char *buf;
    uint64_t bytes;             /* written so far, DSR_CARRY_MAX_BYTES at most */
    /* search trees (tsearch()), so that n entries take n log n */
    void *taken;                /* the places given: r->entries[].to */
    void *by_from;              /* struct carried_from, by 'from' */
    void *names;                /* struct next_name, by 'base' */
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

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(((const struct next_name *)a)->base,
                  ((const struct next_name *)b)->base);
}

static void
free_from(void *p)
{
    struct carried_from *x = p;

    free(x->from);
    free(x->listed);
    free(x);
}

static void
free_name(void *p)
{
    struct next_name *x = p;

    free(x->base);
    free(x);
}

static void
free_str(void *p)
{
    free(p);
}

/*
 * Read 's' to its end, hashing, and when 'out' >= 0 writing every byte
 * there ('target' names it in messages).  Returns 0 with 'hex' set, 1
 * when the source fails (c->why says), or -1 with 'err' set when the
 * tool fails.
 */
static int
transfer(struct carry *c, struct source *s, int out, const char *target,
         char *hex, struct dsr_error *err)
{
    int ret = 1;

    if (dsr_cancelled(c->o->cancel))
        return dsr_error_set(err, DSR_INTERRUPTED, NULL, 0, _("interrupted"));
    if (s->za) {
        uint64_t got;
        int rc = dsr_zip_entry_read(s->za, s->entry, s->size, c->h, NULL, out, &got,
                                    c->why, sizeof(c->why));

        if (rc == -2)
            ret = dsr_error_sys(err, errno, target, _("cannot write"));
        else if (rc == 0 && got != s->size)
            snprintf(c->why, sizeof(c->why),
                     _("it holds %llu bytes, not the %llu its index declares"),
                     (unsigned long long)got, (unsigned long long)s->size);
        else if (rc == 0)
            ret = 0;
    } else if (lseek(s->fd, 0, SEEK_SET) < 0) {
        snprintf(c->why, sizeof(c->why), "%s", dsr_strerror(errno));
    } else {
        ret = 0;
        for (;;) {
            ssize_t n = read(s->fd, c->buf, COPY_CHUNK);

            if (n < 0 && errno == EINTR && !dsr_cancelled(c->o->cancel))
                continue;
            if (n < 0) {
                snprintf(c->why, sizeof(c->why), "%s", dsr_strerror(errno));
                ret = 1;
                break;
            }
            if (n == 0)
                break;
            if (dsr_hash_update(c->h, c->buf, (size_t)n, err) < 0) {
                ret = -1;
                break;
            }
            if (out >= 0 && dsr_fio_write_all(out, c->buf, (size_t)n, c->o->cancel) < 0) {
                ret = dsr_error_sys(err, errno, target, _("cannot write"));
                break;
            }
        }
    }
    if (ret == 0)
        return dsr_hash_final(c->h, hex, err) < 0 ? -1 : 0;
    dsr_hash_final(c->h, hex, NULL);     /* reset for the next file */
    return ret;
}

/* A name in the new folder taken by another file (not an outcome). */
#define TAKEN (-2)

/*
 * 'name' in the folder 'dirfd' is taken: PRESENT (with 'sha' set) when
 * it is a regular file holding 'hex', else TAKEN.
 */
static int
present(struct carry *c, int dirfd, const char *name, const char *hex, char *sha)
{
    struct source s = {.fd = openat(dirfd, name,
                                    O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)};
    char there[DSR_HASH_HEX_MAX];
    struct stat st;
    int rc = 1;

    if (s.fd < 0)
        return TAKEN;
    if (fstat(s.fd, &st) == 0 && S_ISREG(st.st_mode))
        rc = transfer(c, &s, -1, name, there, NULL);
    close(s.fd);
    if (rc != 0 || strcmp(there, hex) != 0)
        return TAKEN;
    snprintf(sha, DSR_HASH_HEX_MAX, "%s", hex);
    return DSR_CARRY_PRESENT;
}

/*
 * Bring 's' in as 'name' in the folder 'dirfd' ('target' names it in
 * messages), whose bytes must have SHA-256 'sha' (hex; "" when last year
 * did not record one: 'sha' then receives it).  A hard link for a
 * manifest's file unless the options say copy: linkat() of the
 * descriptor that was hashed, so what is linked is what was checked
 * (dsr_fio_publish_link() links by name and copies from memory, which a
 * document of hundreds of MiB should not take).  A copy is written to a
 * temporary in that folder and named only when whole.  Returns the
 * action, TAKEN, DSR_CARRY_FAILED with c->why set, or -1 with 'err' set.
 */
static int
bring_in(struct carry *c, struct source *s, int dirfd, const char *name,
         const char *target, char *sha, struct dsr_error *err)
{
    struct dsr_fio_tmpat t = DSR_FIO_TMPAT_INIT;
    char hex[DSR_HASH_HEX_MAX];
    int rc;

    if (s->fd >= 0 && !c->o->copy) {
        char proc[64];

        rc = transfer(c, s, -1, target, hex, err);
        if (rc != 0)
            return rc < 0 ? -1 : DSR_CARRY_FAILED;
        if (*sha && strcmp(hex, sha) != 0)
            goto changed;
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", s->fd);
        if (linkat(AT_FDCWD, proc, dirfd, name, AT_SYMLINK_FOLLOW) == 0) {
            snprintf(sha, DSR_HASH_HEX_MAX, "%s", hex);
            return DSR_CARRY_LINKED;
        }
        if (errno == EEXIST)
            return present(c, dirfd, name, hex, sha);
        /* another file system, no /proc, or links not allowed: a copy */
    }
    if (dsr_fio_tmpat_create(&t, dirfd, name) < 0)
        return dsr_error_sys(err, errno, target, _("cannot create"));
    rc = transfer(c, s, t.fd, target, hex, err);
    if (rc != 0) {
        dsr_fio_tmpat_discard(&t);
        return rc < 0 ? -1 : DSR_CARRY_FAILED;
    }
    if (*sha && strcmp(hex, sha) != 0) {
        dsr_fio_tmpat_discard(&t);
        goto changed;
    }
    if (dsr_fio_tmpat_publish(&t, name, dsr_fio_default_mode()) < 0) {
        if (errno == EEXIST)
            return present(c, dirfd, name, hex, sha);
        return dsr_error_sys(err, errno, target, _("cannot write"));
    }
    snprintf(sha, DSR_HASH_HEX_MAX, "%s", hex);
    return DSR_CARRY_COPIED;
changed:
    snprintf(c->why, sizeof(c->why),
             _("its content is not what last year recorded (SHA-256 "
               "%.12s…, not %.12s…)"),
             hex, sha);
    return DSR_CARRY_FAILED;
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
 * A new place for 'file' (normalised) relative to the new evidence root:
 * the folder of the indicator 'to', then the path below the old folder
 * (or the file name), with "-2", "-3", ... before the extension when
 * that place is taken, up to DSR_CARRY_MAX_CLASHES.  The next suffix to
 * try is remembered per name, so that n clashing names take time linear
 * in n.  NULL with errno ENOSPC when no place is left, ENOMEM without
 * memory.
 */
static char *
new_place(struct carry *c, const struct dsr_indicator *to, const char *file)
{
    const char *slash = strchr(file, '/');
    const char *rest = slash ? slash + 1 : file;
    const char *dot = strrchr(rest, '.');
    struct next_name key, *x, **hit;
    char folder[128], *out = NULL;
    size_t stem;

    if (!dot || strchr(dot, '/') || dot == rest || dot[-1] == '/')
        dot = rest + strlen(rest);
    stem = (size_t)(dot - rest);
    dsr_indicator_folder(to, folder, sizeof(folder));
    if (asprintf(&key.base, "%s/%s", folder, rest) < 0) {
        errno = ENOMEM;
        return NULL;
    }
    hit = tfind(&key, &c->names, cmp_name);
    if (hit) {
        free(key.base);
        x = *hit;
    } else {
        x = malloc(sizeof(*x));
        if (x) {
            x->base = key.base;
            x->next = 1;
        }
        if (!x || !tsearch(x, &c->names, cmp_name)) {
            free(x);
            free(key.base);
            errno = ENOMEM;
            return NULL;
        }
    }
    for (; x->next <= DSR_CARRY_MAX_CLASHES; x->next++) {
        char num[16] = "";

        if (x->next > 1)
            snprintf(num, sizeof(num), "-%u", x->next);
        if (asprintf(&out, "%s/%.*s%s%s", folder, (int)stem, rest, num, dot) < 0) {
            errno = ENOMEM;
            return NULL;
        }
        if (dsr_path_check(out, 0) == DSR_PATH_OK && !tfind(out, &c->taken, cmp_str))
            return out;
        free(out);
        out = NULL;
    }
    errno = ENOSPC;
    return NULL;
}

/* Mark 'rel' as given, whether to an entry or to a file found there. */
static int
take(struct carry *c, const char *rel, struct dsr_error *err)
{
    char *copy = strdup(rel);

    if (!copy || !tsearch(copy, &c->taken, cmp_str)) {
        free(copy);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    return 0;
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
    struct dsr_index_entry **dup;
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

        if (type && !S_ISREG(type))
            snprintf(z->why, sizeof(z->why), _("%s is %s, not a file"), name,
                     dsr_file_type_name(type));
        else
            snprintf(z->why, sizeof(z->why), "%s: %s", name,
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
    /* two entries for one file: which is the document is anyone's guess */
    dup = dsr_find_duplicate(z->by_file, z->idx.n, sizeof(*z->by_file), cmp_by_file);
    if (dup) {
        snprintf(z->why, sizeof(z->why), _("%s lists '%s' twice"), DSR_INDEX_NAME,
                 (*dup)->file);
        z->status = DSR_ZIDX_INVALID;
    }
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
        snprintf(c->why, sizeof(c->why), _("its zip: %s"),
                 z->why[0] ? z->why : _("missing"));
        return 1;
    }
    hit = bsearch(&kp, z->by_file, z->idx.n, sizeof(*z->by_file), cmp_by_file);
    if (!hit) {
        snprintf(c->why, sizeof(c->why), "%s", _("its zip's index does not list it"));
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
        snprintf(c->why, sizeof(c->why), "%s",
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

/*
 * 'e' names a file carried already (for another entry, or twice by one
 * indicator): the new indicator 'ni' lists that file once, whatever
 * last year did.
 */
static int
carry_again(struct carry *c, struct carried_from *f,
            const struct dsr_mindicator *oi, const struct dsr_indicator *ni,
            const struct dsr_evidence *e, struct dsr_error *err)
{
    const struct dsr_carried *x = &c->r->entries[f->entry];
    char *to = strdup(x->to);
    char sha[DSR_SHA256_HEX];
    bool listed = false;
    int ret = 0;

    if (!to)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    snprintf(sha, sizeof(sha), "%s", x->sha256);
    for (size_t i = 0; i < f->nlisted; i++)
        listed = listed || f->listed[i] == ni;
    if (!listed) {
        const struct dsr_indicator **l =
            realloc(f->listed, (f->nlisted + 1) * sizeof(*f->listed));

        if (!l)
            ret = dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        else {
            f->listed = l;
            f->listed[f->nlisted++] = ni;
            ret = carry_entry_add(c->r, ni, e, to, sha, err);
        }
    }
    if (ret == 0)
        ret = add_item(c->r, DSR_CARRY_SHARED, oi->id, ni->id, e->file, to, NULL,
                       err);
    free(to);
    return ret;
}

/* The source of 'e' opened: 0, 1 with c->why set, or -1 with 'err'. */
static int
open_source(struct carry *c, const struct dsr_evidence *e, struct zip_open *z,
            struct source *s, char *sha, struct dsr_error *err)
{
    enum dsr_path_status st;
    char *resolved = NULL;
    int sys_errno = 0;

    if (c->p->bundle) {
        char zsha[DSR_HASH_HEX_MAX];
        int zr = zip_source_of(c, z, e->file, s, zsha);

        if (zr == 2)
            snprintf(c->why, sizeof(c->why), "%s",
                     _("its zip is encrypted; carry it from last year's "
                       "workspace manifest instead"));
        else if (zr == 0 && *sha && strcmp(sha, zsha) != 0)
            snprintf(c->why, sizeof(c->why), "%s",
                     _("its zip's index and the manifest disagree on its "
                       "SHA-256"));
        else if (zr == 0 && s->size > DSR_DEFAULT_MAX_FILE_SIZE)
            snprintf(c->why, sizeof(c->why),
                     _("its zip entry declares %llu bytes, over the %llu MiB "
                       "that check accepts of one file"),
                     (unsigned long long)s->size,
                     (unsigned long long)(DSR_DEFAULT_MAX_FILE_SIZE >> 20));
        else if (zr == 0)
            snprintf(sha, DSR_HASH_HEX_MAX, "%s", zsha);
        return zr == 0 && !c->why[0] ? 0 : 1;
    }
    st = dsr_root_resolve(&c->p->root, e->file, &resolved, &sys_errno);
    if (st == DSR_PATH_OK)
        s->fd = dsr_root_open_file(&c->p->root, resolved, &st, &sys_errno);
    free(resolved);
    if (st == DSR_PATH_NOMEM)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    if (s->fd >= 0)
        return 0;
    snprintf(c->why, sizeof(c->why), "%s",
             st == DSR_PATH_MISSING       ? _("it is gone")
             : st == DSR_PATH_LINK        ? _("it is a symbolic link, which is "
                                              "never followed")
             : st == DSR_PATH_NOT_REGULAR ? _("it is not a regular file")
                                          : _("it cannot be read"));
    return 1;
}

/*
 * Bring the source in at a free place for 'norm' in the folder of
 * 'place': the folders made beneath the new evidence folder without
 * following a link, a name taken by another file skipped for the next.
 * Returns the action with '*to' set, DSR_CARRY_FAILED with c->why set,
 * or -1 with 'err' set.
 */
static int
place_file(struct carry *c, const struct dsr_indicator *place, const char *norm,
           struct source *s, char *sha, char **to, struct dsr_error *err)
{
    for (;;) {
        char *rel = new_place(c, place, norm);
        char target[PATH_MAX];
        const char *name;
        int dirfd, action;

        if (!rel) {
            if (errno == ENOMEM)
                return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            snprintf(c->why, sizeof(c->why),
                     _("more than %d files of this name in one folder"),
                     DSR_CARRY_MAX_CLASHES);
            return DSR_CARRY_FAILED;
        }
        snprintf(target, sizeof(target), "%s/%s/%s", c->dir, DSR_WS_EVIDENCE_DIR, rel);
        name = strrchr(rel, '/') + 1;
        {
            char *folder = strndup(rel, (size_t)(name - rel - 1));

            dirfd = folder ? dsr_fio_mkdirs_beneath(c->evfd, folder) : -1;
            free(folder);
        }
        if (dirfd < 0) {
            int e = errno;

            free(rel);
            if (e == ENOMEM)
                return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            if (e == ELOOP || e == ENOTDIR || e == EEXIST) {
                snprintf(c->why, sizeof(c->why), "%s",
                         _("a symbolic link or a file stands where its folder "
                           "goes in the new workspace"));
                return DSR_CARRY_FAILED;
            }
            return dsr_error_sys(err, e, target, _("cannot create the folder"));
        }
        action = bring_in(c, s, dirfd, name, target, sha, err);
        close(dirfd);
        if (action == TAKEN) {
            /* another file has that name: the next one */
            action = take(c, rel, err);
            free(rel);
            if (action < 0)
                return -1;
            continue;
        }
        if (action < 0 || action == DSR_CARRY_FAILED) {
            free(rel);
            return action;
        }
        *to = rel;
        return action;
    }
}

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
    const struct dsr_indicator *place = ni;
    struct source s = {.fd = -1};
    struct carried_from key, **hit, *f;
    char sha[DSR_HASH_HEX_MAX] = "";
    char *norm = NULL, *to = NULL;
    int action, ret = -1;

    c->why[0] = '\0';
    if (!dsr_evidence_in_force(e, c->o->year))
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
    key.from = norm;
    hit = tfind(&key, &c->by_from, cmp_from);
    if (hit) {
        free(norm);
        return carry_again(c, *hit, oi, ni, e, err);
    }
    {
        const struct dsr_indicator *owner = folder_owner(ocat, norm);
        const struct dsr_indicator *mapped =
            owner ? dsr_catalog_map_indicator(c->o->catalog, ocat->id, owner->id)
                  : NULL;

        if (mapped)
            place = mapped;
    }
    if (e->sha256)
        snprintf(sha, sizeof(sha), "%s", e->sha256);
    ret = open_source(c, e, z, &s, sha, err);
    if (ret == 0 && s.za && s.size > DSR_CARRY_MAX_BYTES - c->bytes) {
        snprintf(c->why, sizeof(c->why),
                 _("the files carried would pass %llu GiB in all"),
                 (unsigned long long)(DSR_CARRY_MAX_BYTES >> 30));
        ret = 1;
    }
    if (ret != 0) {
        if (ret > 0)
            ret = add_item(c->r, DSR_CARRY_FAILED, oi->id, ni->id, e->file, NULL,
                           c->why, err);
        goto out;
    }
    action = place_file(c, place, norm, &s, sha, &to, err);
    if (action < 0)
        goto out;
    if (action == DSR_CARRY_FAILED) {
        ret = add_item(c->r, DSR_CARRY_FAILED, oi->id, ni->id, e->file, NULL,
                       c->why, err);
        goto out;
    }
    if (s.za)
        c->bytes += s.size;
    f = calloc(1, sizeof(*f));
    ret = f ? carry_entry_add(c->r, ni, e, to, sha, err)
            : dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    if (ret == 0) {
        f->from = norm;
        f->entry = c->r->nentries - 1;
        f->listed = malloc(sizeof(*f->listed));
        if (!f->listed || take(c, to, err) < 0 || !tsearch(f, &c->by_from, cmp_from)) {
            free(f->listed);
            free(f);
            f = NULL;
            ret = dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        f->listed[0] = ni;
        f->nlisted = 1;
        norm = NULL;        /* the tree's now */
        f = NULL;
        ret = add_item(c->r, (enum dsr_carry_action)action, oi->id, ni->id, e->file,
                       to, NULL, err);
    }
    free(f);
out:
    if (s.fd >= 0)
        close(s.fd);
    free(norm);
    free(to);
    return ret;
}

int
dsr_carry(const char *dir, const struct dsr_init_opts *o,
          struct dsr_carry_result *r, struct dsr_error *err)
{
    const struct dsr_previous *p = o->from;
    const struct dsr_manifest *m = p->view.manifest;
    struct carry c = {.o = o, .p = p, .r = r, .dir = dir, .evfd = -1};
    char path[PATH_MAX];
    int ret = -1;

    r->no_mapping = strcmp(m->framework, o->catalog->id) != 0 &&
                    !(o->catalog->maps_from &&
                      strcmp(o->catalog->maps_from, m->framework) == 0);
    if (snprintf(path, sizeof(path), "%s/%s", dir, DSR_WS_EVIDENCE_DIR) >=
        (int)sizeof(path))
        return dsr_error_set(err, DSR_USAGE, dir, 0, _("path too long"));
    /* opened once, never through a link: everything below goes from it */
    c.evfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (c.evfd < 0)
        return dsr_error_sys(err, errno, path, _("cannot open"));
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

            if (p->bundle && !opened && ni && dsr_evidence_in_force(e, o->year)) {
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
    tdestroy(c.taken, free_str);
    tdestroy(c.by_from, free_from);
    tdestroy(c.names, free_name);
    dsr_hash_free(c.h);
    free(c.buf);
    close(c.evfd);
    return ret;
}
