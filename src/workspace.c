/*
 * workspace.c -- dossier init and dossier scan: the evidence folders and
 * the manifest entries that follow them.
 *
 * scan edits a file people wrote, so it never re-serialises the XML: it
 * asks libxml2's SAX parser where each indicator's tags are (as byte
 * offsets) and inserts text there, leaving every other byte alone.
 */
#include "dossier/workspace.h"

#include "dossier/buf.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/format.h"
#include "dossier/manifest.h"
#include "internal.h"
#include "xml.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EVIDENCE_DIR "bukti"
#define NOTE_NAME "BACA-SAYA.txt"
#define SLUG_MAX 40

/* ---- folders and names ---------------------------------------------- */

char *
dsr_indicator_folder(const struct dsr_indicator *ind, char *out, size_t size)
{
    static const char prefix[] = "Tingkat Kematangan ";
    const char *name = dsr_text_get(&ind->name, DSR_LANG_ID);
    char slug[SLUG_MAX + 1];
    size_t n = 0;
    int words = 0;
    bool numeric = *ind->id != '\0';

    for (const char *p = ind->id; *p; p++)
        numeric = numeric && isdigit((unsigned char)*p);
    if (strncasecmp(name, prefix, sizeof(prefix) - 1) == 0)
        name += sizeof(prefix) - 1;
    /* the first four words, lowercase ASCII, joined by hyphens */
    for (const char *p = name; *p && n < SLUG_MAX && words < 4; p++) {
        unsigned char ch = (unsigned char)*p;

        if (isalnum(ch) && ch < 0x80) {
            slug[n++] = (char)tolower(ch);
        } else if (n > 0 && slug[n - 1] != '-') {
            words++;
            if (words < 4)
                slug[n++] = '-';
        }
    }
    while (n > 0 && slug[n - 1] == '-')
        n--;
    slug[n] = '\0';
    snprintf(out, size, "%s%s%s%s", numeric && strlen(ind->id) == 1 ? "0" : "",
             ind->id, n ? "-" : "", slug);
    return out;
}

bool
dsr_indicator_owns_folder(const struct dsr_indicator *ind, const char *name)
{
    char pad[40];
    size_t n;

    snprintf(pad, sizeof(pad), "%s%s",
             strlen(ind->id) == 1 && isdigit((unsigned char)ind->id[0]) ? "0"
                                                                        : "",
             ind->id);
    n = strlen(pad);
    return strncmp(name, pad, n) == 0 && (name[n] == '\0' || name[n] == '-');
}

/* XML-escape 's' for text or an attribute (libxml2 does the escaping). */
static int
add_escaped(struct dsr_buf *b, const char *s, struct dsr_error *err)
{
    xmlChar *e = xmlEncodeSpecialChars(NULL, (const xmlChar *)s);
    int rc;

    if (!e)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    rc = dsr_buf_adds(b, (const char *)e, err);
    xmlFree(e);
    return rc;
}

/* A name inside an XML comment: "--" may not appear there. */
static int
add_comment_text(struct dsr_buf *b, const char *s, struct dsr_error *err)
{
    for (; *s; s++) {
        if (dsr_buf_add(b, s, 1, err) < 0)
            return -1;
        if (s[0] == '-' && s[1] == '-' && dsr_buf_adds(b, " ", err) < 0)
            return -1;
    }
    return 0;
}

/* ---- writing files --------------------------------------------------- */

/*
 * Write 'len' bytes to a new file 'path' without ever replacing one that
 * exists: the data goes to a temporary file in the same directory, which
 * is then hard-linked into place (link fails if 'path' exists).
 */
static int
write_new_file(const char *path, const void *data, size_t len,
               struct dsr_error *err)
{
    char tmp[PATH_MAX];
    int fd;
    int rc = -1;

    if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >= (int)sizeof(tmp))
        return dsr_error_set(err, DSR_IO, path, 0, "path too long");
    fd = mkstemp(tmp);
    if (fd < 0)
        return dsr_error_sys(err, errno, path, "cannot create");
    if (write(fd, data, len) != (ssize_t)len || fchmod(fd, 0644) < 0 ||
        fsync(fd) < 0) {
        dsr_error_sys(err, errno, path, "cannot write");
        close(fd);
        goto out;
    }
    if (close(fd) < 0) {
        dsr_error_sys(err, errno, path, "cannot write");
        goto out;
    }
    if (link(tmp, path) < 0) {
        if (errno == EEXIST)
            dsr_error_set(err, DSR_USAGE, path, 0,
                          _("'%s' exists; dossier init never overwrites it"),
                          path);
        else
            dsr_error_sys(err, errno, path, "cannot create");
        goto out;
    }
    rc = 0;
out:
    unlink(tmp);
    return rc;
}

static int
mkdirs(const char *path, struct dsr_error *err)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);

    if (n == 0 || n >= sizeof(buf))
        return dsr_error_set(err, DSR_USAGE, path, 0, "bad directory name");
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            return dsr_error_sys(err, errno, buf, "cannot create directory");
        *p = '/';
    }
    if (mkdir(buf, 0755) < 0 && errno != EEXIST)
        return dsr_error_sys(err, errno, buf, "cannot create directory");
    return 0;
}

/* ---- init -------------------------------------------------------------- */

static int
note_text(struct dsr_buf *b, const struct dsr_catalog *c,
          const struct dsr_indicator *ind, struct dsr_error *err)
{
    const struct dsr_aspect *a = &c->aspects[ind->aspect];
    const char *hint = ind->hint.s[DSR_LANG_ID];
    char w[32];
    int rc;

    rc = dsr_buf_addf(b, err, "Indikator %s: %s\n", ind->id,
                      dsr_text_get(&ind->name, DSR_LANG_ID));
    if (rc == 0 && c->ndomains)
        rc = dsr_buf_addf(b, err, "Domain: %s\n",
                          dsr_text_get(&c->domains[a->domain].name, DSR_LANG_ID));
    if (rc == 0)
        rc = dsr_buf_addf(b, err, "Aspek: %s\nBobot: %s %%\n\n",
                          dsr_text_get(&a->name, DSR_LANG_ID),
                          dsr_format_hundredths((long)ind->weight, DSR_LANG_ID,
                                                w, sizeof(w)));
    if (rc == 0 && hint)
        rc = dsr_buf_addf(b, err,
                          "Bukti dukung yang biasanya diletakkan di folder "
                          "ini:\n%s\n\n",
                          hint);
    if (rc == 0)
        rc = dsr_buf_addf(b, err, "Kriteria tiap level (%s):\n",
                          dsr_text_get(&ind->scale->name, DSR_LANG_ID));
    for (int lv = DSR_LEVEL_MIN; rc == 0 && lv <= DSR_LEVEL_MAX; lv++)
        rc = dsr_buf_addf(
            b, err, "  %d %s: %s\n", lv,
            dsr_text_get(&ind->scale->level_name[lv], DSR_LANG_ID),
            dsr_text_get(&ind->criterion[lv], DSR_LANG_ID));
    if (rc == 0)
        rc = dsr_buf_adds(
            b,
            "\nLetakkan berkas bukti (PDF, tangkapan layar, dokumen, tabel) di "
            "folder ini,\nboleh di dalam subfolder, lalu jalankan:\n\n"
            "    dossier scan manifest.xml\n\n"
            "Setelah itu isi level setiap bukti di manifes (level=\"N\"), "
            "tanggal dokumen\nbila berbeda, dan penilaian mandiri indikator "
            "ini.\n",
            err);
    return rc;
}

static int
manifest_text(struct dsr_buf *b, const struct dsr_init_opts *o,
              struct dsr_error *err)
{
    const struct dsr_catalog *c = o->catalog;
    int rc;

    rc = dsr_buf_addf(
        b, err,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!--\n"
        "  Manifes bukti dukung %s, tahun %d.\n"
        "  1. Isi nama instansi dan pengampu (owner) setiap indikator.\n"
        "  2. Letakkan berkas bukti di folder " EVIDENCE_DIR
        "/NN-.../ indikatornya.\n"
        "  3. Jalankan: dossier scan manifest.xml\n"
        "  4. Isi level setiap bukti dan penilaian (assessment) setiap "
        "indikator,\n"
        "     lalu periksa dengan: dossier check manifest.xml\n"
        "-->\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"",
        c->id, o->year);
    if (rc == 0)
        rc = add_escaped(b, c->id, err);
    if (rc == 0)
        rc = dsr_buf_addf(b, err, "\" year=\"%d\">\n  <instance name=\"",
                          o->year);
    if (rc == 0)
        rc = add_escaped(b, o->instance ? o->instance : "ISI NAMA INSTANSI", err);
    if (rc == 0)
        rc = dsr_buf_addf(
            b, err,
            "\"/>\n"
            "  <!-- <coordinator name=\"\" position=\"\" unit=\"\"/> -->\n"
            "  <!-- <period from=\"%d-01-01\" to=\"%d-06-30\"/> -->\n"
            "  <!-- <target index=\"2.60\"/> -->\n"
            "  <!-- <previous year=\"%d\" index=\"\"/> -->\n"
            "  <evidence-root path=\"" EVIDENCE_DIR "\"/>\n",
            o->year - 1, o->year, o->year - 1);
    for (size_t i = 0; rc == 0 && i < c->nindicators; i++) {
        const struct dsr_indicator *ind = &c->indicators[i];

        rc = dsr_buf_addf(b, err, "\n  <!-- %s. ", ind->id);
        if (rc == 0)
            rc = add_comment_text(b, dsr_text_get(&ind->name, DSR_LANG_ID), err);
        if (rc == 0)
            rc = dsr_buf_adds(b, " -->\n  <indicator id=\"", err);
        if (rc == 0)
            rc = add_escaped(b, ind->id, err);
        if (rc == 0)
            rc = dsr_buf_adds(b, "\" owner=\"\">\n  </indicator>\n", err);
    }
    if (rc == 0)
        rc = dsr_buf_adds(b, "</dossier>\n", err);
    return rc;
}

int
dsr_init_write(const char *dir, const struct dsr_init_opts *opts,
               struct dsr_error *err)
{
    const struct dsr_catalog *c = opts->catalog;
    struct dsr_buf b = DSR_BUF_INIT;
    char path[PATH_MAX];
    char folder[128];
    struct stat st;
    int rc = -1;

    if (snprintf(path, sizeof(path), "%s/manifest.xml", dir) >=
        (int)sizeof(path))
        return dsr_error_set(err, DSR_USAGE, dir, 0, "path too long");
    if (lstat(path, &st) == 0)
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("'%s' exists; dossier init never overwrites it"),
                             path);
    if (mkdirs(dir, err) < 0 || manifest_text(&b, opts, err) < 0)
        goto out;
    for (size_t i = 0; i < c->nindicators; i++) {
        const struct dsr_indicator *ind = &c->indicators[i];

        dsr_indicator_folder(ind, folder, sizeof(folder));
        if (snprintf(path, sizeof(path), "%s/" EVIDENCE_DIR "/%s", dir,
                     folder) >= (int)sizeof(path)) {
            dsr_error_set(err, DSR_USAGE, dir, 0, "path too long");
            goto out;
        }
        if (mkdirs(path, err) < 0)
            goto out;
        strncat(path, "/" NOTE_NAME, sizeof(path) - strlen(path) - 1);
        if (lstat(path, &st) == 0)
            continue;           /* a note people may have edited: keep it */
        {
            struct dsr_buf note = DSR_BUF_INIT;
            int nrc = note_text(&note, c, ind, err);

            if (nrc == 0)
                nrc = write_new_file(path, note.data, note.len, err);
            dsr_buf_release(&note);
            if (nrc < 0)
                goto out;
        }
    }
    /* the manifest last, so that a failure above leaves no manifest */
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    if (write_new_file(path, b.data, b.len, err) < 0)
        goto out;
    rc = 0;
out:
    dsr_buf_release(&b);
    return rc;
}

/* ---- scan: what is on disk ------------------------------------------ */

#define NO_INDICATOR ((size_t)-1)
#define MAX_DEPTH 32

struct newfile {
    size_t ind;                 /* catalog index */
    char *rel;                  /* relative to the root */
    char *title;
    char date[16];
};

struct scan {
    const struct dsr_scan_opts *opts;
    struct dsr_scan_result *res;
    struct dsr_error *err;
    const struct dsr_manifest *m;
    const struct dsr_catalog *cat;
    struct dsr_root root;
    char **listed;              /* real paths of listed evidence, sorted */
    size_t nlisted;
    struct newfile *files;
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

static bool
is_listed(const struct scan *s, const char *real)
{
    return s->nlisted &&
           bsearch(&real, s->listed, s->nlisted, sizeof(*s->listed), cmp_str);
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
add_file(struct scan *s, size_t ind, const char *rel, const char *real,
         const struct stat *st)
{
    struct newfile *f;
    struct tm tm;
    time_t mtime = st->st_mtime;

    if (ind == NO_INDICATOR)
        return item(s, DSR_SCAN_UNASSIGNED, NULL, rel, 0);
    if (is_listed(s, real))
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
    if (depth > 0 && strcmp(name, NOTE_NAME) == 0)
        return 0;               /* our own note */
    snprintf(full, sizeof(full), "%s/%s", s->root.real, rel);
    if (lstat(full, &st) < 0)
        return 0;               /* gone while we looked */
    if (S_ISLNK(st.st_mode)) {
        char *real = NULL;
        int sys_errno;
        enum dsr_path_status ps = dsr_root_resolve(&s->root, rel, &real,
                                                   &sys_errno);
        int rc;

        /* a link is never followed into a folder; a link to a file inside
         * the root counts as that file */
        if (ps == DSR_PATH_ESCAPES)
            return item(s, DSR_SCAN_OUTSIDE, id, rel, 0);
        if (ps != DSR_PATH_OK)
            return item(s, DSR_SCAN_SKIPPED, id, rel, 0);
        rc = stat(real, &st) == 0 ? add_file(s, ind, rel, real, &st) : 0;
        free(real);
        return rc;
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
    return add_file(s, ind, rel, full, &st);
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

/* ---- scan: where to insert ------------------------------------------ */

struct spot {
    char id[64];
    size_t start;               /* '<' of the start tag */
    size_t end_tag;             /* '<' of the end tag (not for empty ones) */
    size_t end;                 /* just past the final '>' */
    bool empty;                 /* <indicator .../> */
};

struct sax_state {
    xmlParserCtxtPtr ctxt;
    const char *data;
    int depth;
    struct spot *spots;
    size_t n, cap;
    size_t root_end_tag;
    bool failed;
};

static bool
manifest_element(const xmlChar *localname, const xmlChar *uri,
                 const char *name)
{
    return xmlStrEqual(localname, (const xmlChar *)name) && uri &&
           xmlStrEqual(uri, (const xmlChar *)"urn:dossier:manifest:1");
}

/* Byte offset of the last '<' before the parser's position. */
static size_t
tag_start(const struct sax_state *st)
{
    long pos = xmlByteConsumed(st->ctxt);

    while (pos > 0 && st->data[pos - 1] != '<')
        pos--;
    return pos > 0 ? (size_t)pos - 1 : 0;
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct sax_state *st = ctx;
    struct spot *sp;

    (void)prefix;
    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    st->depth++;
    if (st->depth != 2 || !manifest_element(localname, uri, "indicator"))
        return;
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        struct spot *p = realloc(st->spots, cap * sizeof(*p));

        if (!p) {
            st->failed = true;
            return;
        }
        st->spots = p;
        st->cap = cap;
    }
    sp = &st->spots[st->n++];
    memset(sp, 0, sizeof(*sp));
    sp->start = tag_start(st);
    /* attributes come as (localname, prefix, URI, value, end) */
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar **a = attributes + 5 * i;

        if (xmlStrEqual(a[0], (const xmlChar *)"id") && !a[2]) {
            size_t len = (size_t)(a[4] - a[3]);

            if (len >= sizeof(sp->id))
                len = sizeof(sp->id) - 1;
            memcpy(sp->id, a[3], len);
            sp->id[len] = '\0';
        }
    }
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
       const xmlChar *uri)
{
    struct sax_state *st = ctx;
    long pos = xmlByteConsumed(st->ctxt);

    (void)prefix;
    st->depth--;
    if (st->depth == 0) {
        st->root_end_tag = tag_start(st);
    } else if (st->depth == 1 && manifest_element(localname, uri, "indicator") &&
               st->n > 0) {
        struct spot *sp = &st->spots[st->n - 1];

        sp->end = (size_t)pos;
        sp->empty = pos >= 2 && st->data[pos - 2] == '/';
        if (!sp->empty)
            sp->end_tag = tag_start(st);
    }
}

static void
quiet(void *ctx, dsr_xml_error_ptr e)
{
    (void)ctx;
    (void)e;
}

/* Where each indicator's tags are, from libxml2's own parser. */
static int
find_spots(const char *data, size_t len, struct sax_state *st,
           struct dsr_error *err)
{
    xmlSAXHandler *sax;
    xmlParserCtxtPtr ctxt;
    int ok;

    memset(st, 0, sizeof(*st));
    st->data = data;
    ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
    sax = xmlMalloc(sizeof(*sax));
    if (!ctxt || !sax) {
        xmlFree(sax);
        if (ctxt)
            xmlFreeParserCtxt(ctxt);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    memset(sax, 0, sizeof(*sax));
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->serror = quiet;
    xmlFree(ctxt->sax);
    ctxt->sax = sax;
    ctxt->userData = st;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
    st->ctxt = ctxt;
    xmlParseDocument(ctxt);
    ok = ctxt->wellFormed && !st->failed;
    st->ctxt = NULL;
    xmlFreeParserCtxt(ctxt);
    if (!ok)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                             "cannot locate the indicators in the manifest");
    return 0;
}

/* The white space before 'at' on its line, if only white space is there. */
static void
indent_at(const char *data, size_t at, char *out, size_t size,
          const char *fallback)
{
    size_t b = at;

    while (b > 0 && (data[b - 1] == ' ' || data[b - 1] == '\t'))
        b--;
    if ((b == 0 || data[b - 1] == '\n') && at - b < size) {
        memcpy(out, data + b, at - b);
        out[at - b] = '\0';
    } else {
        snprintf(out, size, "%s", fallback);
    }
}

static int
entries_text(struct dsr_buf *b, const struct scan *s, size_t ind,
             const char *indent, struct dsr_error *err)
{
    int rc = 0;

    for (size_t i = 0; i < s->nfiles && rc == 0; i++) {
        const struct newfile *f = &s->files[i];

        if (f->ind != ind)
            continue;
        rc = dsr_buf_addf(b, err, "%s<evidence file=\"", indent);
        if (rc == 0)
            rc = add_escaped(b, f->rel, err);
        if (rc == 0)
            rc = dsr_buf_addf(b, err, "\" date=\"%s\">", f->date);
        if (rc == 0)
            rc = add_escaped(b, f->title, err);
        if (rc == 0)
            rc = dsr_buf_adds(b, "</evidence>\n", err);
    }
    return rc;
}

struct insertion {
    size_t at, cut;
    struct dsr_buf text;
};

static int
cmp_insertion(const void *a, const void *b)
{
    const struct insertion *x = a;
    const struct insertion *y = b;

    return (x->at > y->at) - (x->at < y->at);
}

/* Where text goes before the end tag at 'tag': at the start of its line if
 * the tag stands alone there (the text then ends in a newline), else right
 * before the tag, which then moves to a line of its own. */
static size_t
before_end_tag(const char *data, size_t tag, bool *own_line)
{
    size_t b = tag;

    while (b > 0 && (data[b - 1] == ' ' || data[b - 1] == '\t'))
        b--;
    *own_line = b == 0 || data[b - 1] == '\n';
    return *own_line ? b : tag;
}

/* The manifest's new text: every new entry inserted, nothing else moved. */
static int
compose(const struct scan *s, const char *data, size_t len,
        struct dsr_buf *out, struct dsr_error *err)
{
    struct sax_state st;
    struct insertion *ins = NULL;
    size_t nins = 0;
    struct dsr_buf append = DSR_BUF_INIT;
    char indent[64] = "  ";
    size_t pos = 0;
    int rc = -1;

    if (find_spots(data, len, &st, err) < 0)
        return -1;
    ins = calloc(s->cat->nindicators + 1, sizeof(*ins));
    if (!ins) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if (st.n)
        indent_at(data, st.spots[0].start, indent, sizeof(indent), "  ");
    for (size_t i = 0; i < s->cat->nindicators; i++) {
        const char *id = s->cat->indicators[i].id;
        const struct spot *sp = NULL;
        char own[64], child[80];
        bool any = false;

        for (size_t k = 0; k < s->nfiles && !any; k++)
            any = s->files[k].ind == i;
        if (!any)
            continue;
        for (size_t k = 0; k < st.n && !sp; k++)
            if (strcmp(st.spots[k].id, id) == 0)
                sp = &st.spots[k];
        if (!sp) {
            /* not in the manifest yet: a new indicator at the end */
            snprintf(child, sizeof(child), "%s  ", indent);
            if (dsr_buf_addf(&append, err, "\n%s<!-- %s. ", indent, id) < 0 ||
                add_comment_text(&append,
                                 dsr_text_get(&s->cat->indicators[i].name,
                                              DSR_LANG_ID),
                                 err) < 0 ||
                dsr_buf_addf(&append, err, " -->\n%s<indicator id=\"", indent) < 0 ||
                add_escaped(&append, id, err) < 0 ||
                dsr_buf_adds(&append, "\">\n", err) < 0 ||
                entries_text(&append, s, i, child, err) < 0 ||
                dsr_buf_addf(&append, err, "%s</indicator>\n", indent) < 0)
                goto out;
            continue;
        }
        indent_at(data, sp->start, own, sizeof(own), indent);
        snprintf(child, sizeof(child), "%s  ", own);
        {
            struct insertion *in = &ins[nins++];
            bool own_line;

            if (sp->empty) {
                /* <indicator .../> becomes <indicator ...> ... </indicator> */
                in->at = sp->end - 2;
                in->cut = 2;
                if (dsr_buf_adds(&in->text, ">\n", err) < 0 ||
                    entries_text(&in->text, s, i, child, err) < 0 ||
                    dsr_buf_addf(&in->text, err, "%s</indicator>", own) < 0)
                    goto out;
            } else {
                in->at = before_end_tag(data, sp->end_tag, &own_line);
                if ((!own_line && dsr_buf_adds(&in->text, "\n", err) < 0) ||
                    entries_text(&in->text, s, i, child, err) < 0 ||
                    (!own_line && dsr_buf_adds(&in->text, own, err) < 0))
                    goto out;
            }
        }
    }
    if (append.len) {
        struct insertion *in = &ins[nins++];
        bool own_line;

        /* the appended text starts and ends with a newline, so the end tag
         * lands at the start of a line either way */
        in->at = before_end_tag(data, st.root_end_tag, &own_line);
        if (dsr_buf_add(&in->text, append.data, append.len, err) < 0)
            goto out;
    }
    if (nins)
        qsort(ins, nins, sizeof(*ins), cmp_insertion);
    for (size_t i = 0; i < nins; i++) {
        if (dsr_buf_add(out, data + pos, ins[i].at - pos, err) < 0 ||
            dsr_buf_add(out, dsr_buf_str(&ins[i].text), ins[i].text.len, err) < 0)
            goto out;
        pos = ins[i].at + ins[i].cut;
    }
    if (dsr_buf_add(out, data + pos, len - pos, err) < 0)
        goto out;
    rc = 0;
out:
    for (size_t i = 0; ins && i < s->cat->nindicators + 1; i++)
        dsr_buf_release(&ins[i].text);
    free(ins);
    free(st.spots);
    dsr_buf_release(&append);
    return rc;
}

/* ---- scan: writing --------------------------------------------------- */

/*
 * Replace 'path' by 'len' bytes of 'data' atomically, keeping the current
 * file as path.bak: the new text goes to a temporary file beside it, the
 * current file is hard-linked to the backup name (a copy where links are
 * not possible), and a rename swaps the new text in.
 */
static int
replace_keeping_backup(const char *path, const char *old, size_t oldlen,
                       const char *data, size_t len, struct dsr_error *err)
{
    char tmp[PATH_MAX], bak[PATH_MAX], baktmp[PATH_MAX], dir[PATH_MAX];
    struct stat st;
    char *slash;
    int fd = -1;
    int rc = -1;

    if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", path) >= (int)sizeof(tmp) ||
        snprintf(bak, sizeof(bak), "%s.bak", path) >= (int)sizeof(bak) ||
        snprintf(baktmp, sizeof(baktmp), "%s.bak.tmp-XXXXXX", path) >=
            (int)sizeof(baktmp))
        return dsr_error_set(err, DSR_IO, path, 0, "path too long");
    if (stat(path, &st) < 0)
        return dsr_error_sys(err, errno, path, "cannot read");
    fd = mkstemp(tmp);
    if (fd < 0)
        return dsr_error_sys(err, errno, path, "cannot write next to");
    if (write(fd, data, len) != (ssize_t)len || fchmod(fd, st.st_mode & 07777) < 0 ||
        fsync(fd) < 0 || close(fd) < 0) {
        dsr_error_sys(err, errno, tmp, "cannot write");
        if (fd >= 0)
            close(fd);
        goto out;
    }
    fd = -1;
    /* the backup: a second name for the current file, or a copy of it */
    fd = mkstemp(baktmp);
    if (fd < 0) {
        dsr_error_sys(err, errno, bak, "cannot write");
        goto out;
    }
    close(fd);
    fd = -1;
    unlink(baktmp);
    if (link(path, baktmp) < 0) {
        fd = open(baktmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 || write(fd, old, oldlen) != (ssize_t)oldlen || fsync(fd) < 0) {
            dsr_error_sys(err, errno, bak, "cannot write");
            goto out;
        }
        close(fd);
        fd = -1;
    }
    if (rename(baktmp, bak) < 0) {
        dsr_error_sys(err, errno, bak, "cannot write");
        goto out;
    }
    if (rename(tmp, path) < 0) {
        dsr_error_sys(err, errno, path, "cannot replace");
        goto out;
    }
    /* make the renames durable */
    snprintf(dir, sizeof(dir), "%s", path);
    slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof(dir), ".");
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
        fd = -1;
    }
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    unlink(baktmp);
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
    return strcmp(((const struct newfile *)a)->rel,
                  ((const struct newfile *)b)->rel);
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

        if (compose(&s, data, len, &out, err) < 0)
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
