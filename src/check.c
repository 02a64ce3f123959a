/*
 * check.c -- run every check on a manifest, its framework and its evidence.
 *
 * Order of work: load the manifest (stop if it cannot be read as one),
 * load its framework, check the manifest's own values, resolve every
 * evidence path without opening anything, read the accepted files once in
 * parallel (hash and sniff), then judge what was read.
 */
#include "dossier/check.h"

#include "dossier/buf.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/tree.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define YEAR_MIN 2018
#define YEAR_MAX 2100

struct ctx {
    const struct dsr_check_opts *opts;
    struct dsr_check_result *res;
    struct dsr_error *err;
    const char *mpath;              /* the manifest, for findings */
};

static int add(struct ctx *c, enum dsr_finding_code code, const char *ind,
               const char *file, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static int
add(struct ctx *c, enum dsr_finding_code code, const char *ind,
    const char *file, unsigned long line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return dsr_findings_add(&c->res->findings, code, ind, file, line, c->err,
                            "%s", msg);
}

static bool
level_ok(long level)
{
    return level >= DSR_LEVEL_MIN && level <= DSR_LEVEL_MAX;
}

/* ---- framework and manifest-wide values ---------------------------- */

static int
load_catalog(struct ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct dsr_error cerr = DSR_ERROR_INIT;
    char schema[PATH_MAX];
    char **ids = NULL;
    size_t nids = 0;
    struct dsr_buf known = DSR_BUF_INIT;
    int rc = 0;

    snprintf(schema, sizeof(schema), "%s/framework.xsd",
             c->opts->schemas_dir);
    c->res->catalog =
        dsr_catalog_load_id(c->opts->frameworks_dir, m->framework, schema,
                            &cerr);
    if (c->res->catalog)
        return 0;
    if (cerr.code != DSR_INPUT) {
        /* a shipped catalog that does not load is a broken installation */
        if (c->err)
            *c->err = cerr;
        return -1;
    }
    if (dsr_catalog_list(c->opts->frameworks_dir, &ids, &nids, c->err) < 0)
        return -1;
    for (size_t i = 0; i < nids && rc == 0; i++)
        rc = dsr_buf_addf(&known, c->err, "%s%s", i ? ", " : "", ids[i]);
    if (rc == 0)
        rc = add(c, DSR_F_FRAMEWORK_UNKNOWN, NULL, c->mpath, m->framework_line,
                 _("unknown framework '%s' (known: %s)"), m->framework,
                 dsr_buf_str(&known));
    dsr_catalog_ids_free(ids, nids);
    dsr_buf_release(&known);
    return rc;
}

static int
check_header(struct ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    const struct dsr_catalog *cat = c->res->catalog;
    enum dsr_lang lang = c->opts->lang;
    char a[32], b[32];

    if (m->year < YEAR_MIN || m->year > YEAR_MAX) {
        if (add(c, DSR_F_YEAR_INVALID, NULL, c->mpath, m->year_line,
                _("year %s is outside %d to %d"), m->year_text, YEAR_MIN,
                YEAR_MAX) < 0)
            return -1;
    }
    if (cat && cat->provisional &&
        add(c, DSR_F_FRAMEWORK_PROVISIONAL, NULL, c->mpath, m->framework_line,
            _("framework '%s' is provisional: its weights, bands and level "
              "names are not yet checked against the official text"),
            cat->id) < 0)
        return -1;
    if (cat && cat->year_from && m->year >= YEAR_MIN &&
        (unsigned)m->year < cat->year_from &&
        add(c, DSR_F_FRAMEWORK_YEAR, NULL, c->mpath, m->framework_line,
            _("framework '%s' applies from %u, but the manifest is for %d"),
            cat->id, cat->year_from, m->year) < 0)
        return -1;
    if (m->has_period) {
        bool from_ok = m->period_from.year != 0;
        bool to_ok = m->period_to.year != 0;

        if (!from_ok &&
            add(c, DSR_F_DATE_INVALID, NULL, c->mpath, m->period_line,
                _("period start '%s' is not a real date"),
                m->period_from_text) < 0)
            return -1;
        if (!to_ok && add(c, DSR_F_DATE_INVALID, NULL, c->mpath,
                          m->period_line, _("period end '%s' is not a real date"),
                          m->period_to_text) < 0)
            return -1;
        if (from_ok && to_ok &&
            dsr_date_cmp(&m->period_from, &m->period_to) > 0 &&
            add(c, DSR_F_PERIOD_INVALID, NULL, c->mpath, m->period_line,
                _("period ends (%s) before it starts (%s)"),
                m->period_to_text, m->period_from_text) < 0)
            return -1;
        if (from_ok && to_ok && m->year >= YEAR_MIN &&
            (m->period_to.year > m->year + 1 ||
             m->period_to.year < m->year - 2) &&
            add(c, DSR_F_PERIOD_YEAR, NULL, c->mpath, m->period_line,
                _("period %s to %s is far from the evaluation year %d"),
                m->period_from_text, m->period_to_text, m->year) < 0)
            return -1;
    }
    if (m->has_target && (m->target < 100 || m->target > 500) &&
        add(c, DSR_F_INDEX_INVALID, NULL, c->mpath, m->target_line,
            _("target index '%s' is outside %s to %s"), m->target_text,
            dsr_format_hundredths(100, lang, a, sizeof(a)),
            dsr_format_hundredths(500, lang, b, sizeof(b))) < 0)
        return -1;
    if (m->has_previous && (m->previous < 100 || m->previous > 500) &&
        add(c, DSR_F_INDEX_INVALID, NULL, c->mpath, m->previous_line,
            _("previous index '%s' is outside %s to %s"), m->previous_text,
            dsr_format_hundredths(100, lang, a, sizeof(a)),
            dsr_format_hundredths(500, lang, b, sizeof(b))) < 0)
        return -1;
    return 0;
}

/* ---- one indicator's own values ------------------------------------ */

static bool
http_url(const char *href)
{
    const char *rest = NULL;

    if (strncmp(href, "https://", 8) == 0)
        rest = href + 8;
    else if (strncmp(href, "http://", 7) == 0)
        rest = href + 7;
    if (!rest || !*rest || *rest == '/')
        return false;
    for (const unsigned char *p = (const unsigned char *)href; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return false;
    return true;
}

static int
check_level(struct ctx *c, const char *id, long level, unsigned long line,
            const char *what)
{
    if (level == DSR_LEVEL_NONE || level_ok(level))
        return 0;
    if (level == LONG_MAX)
        return add(c, DSR_F_LEVEL_RANGE, id, c->mpath, line,
                   _("%s level is not a number from 1 to 5"), what);
    return add(c, DSR_F_LEVEL_RANGE, id, c->mpath, line,
               _("%s level %ld is outside 1 to 5"), what, level);
}

static int
cmp_mind(const void *pa, const void *pb)
{
    const struct dsr_mindicator *a = *(const struct dsr_mindicator *const *)pa;
    const struct dsr_mindicator *b = *(const struct dsr_mindicator *const *)pb;
    int r = strcmp(a->id, b->id);

    if (r)
        return r;
    return (a->line > b->line) - (a->line < b->line);
}

/* Indicators listed twice; sorted, so large manifests stay fast. */
static int
check_duplicates(struct ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    const struct dsr_mindicator **v;
    int rc = 0;

    if (m->nindicators < 2)
        return 0;
    v = calloc(m->nindicators, sizeof(*v));
    if (!v)
        return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < m->nindicators; i++)
        v[i] = &m->indicators[i];
    qsort(v, m->nindicators, sizeof(*v), cmp_mind);
    for (size_t i = 1, first = 0; i < m->nindicators && rc == 0; i++) {
        if (strcmp(v[i]->id, v[first]->id) != 0) {
            first = i;
            continue;
        }
        rc = add(c, DSR_F_INDICATOR_DUPLICATE, v[i]->id, c->mpath, v[i]->line,
                 _("indicator '%s' already appears on line %lu"), v[i]->id,
                 v[first]->line);
    }
    free(v);
    return rc;
}

static int
check_indicator(struct ctx *c, size_t idx)
{
    const struct dsr_manifest *m = c->res->manifest;
    const struct dsr_mindicator *ind = &m->indicators[idx];
    const struct dsr_catalog *cat = c->res->catalog;
    const char *id = ind->id;
    const struct dsr_assessment *first_at[DSR_STAGE_COUNT] = {NULL};
    bool answered[DSR_STAGE_COUNT] = {false};

    if (cat && !dsr_catalog_indicator(cat, id) &&
        add(c, DSR_F_INDICATOR_UNKNOWN, id, c->mpath, ind->line,
            _("indicator '%s' is not in framework '%s' (it has %zu "
              "indicators)"),
            id, cat->id, cat->nindicators) < 0)
        return -1;
    /* one pass each, so that thousands of entries stay linear */
    for (size_t j = 0; j < ind->nassessments; j++) {
        const struct dsr_assessment *a = &ind->assessments[j];

        if (check_level(c, id, a->level, a->line, _("assessment")) < 0)
            return -1;
        if ((size_t)a->stage >= DSR_STAGE_COUNT)
            continue;
        if (first_at[a->stage] == NULL) {
            first_at[a->stage] = a;
            continue;
        }
        if (add(c, DSR_F_STAGE_DUPLICATE, id, c->mpath, a->line,
                _("a second '%s' assessment (the first is on line %lu)"),
                dsr_stage_name(a->stage), first_at[a->stage]->line) < 0)
            return -1;
    }
    for (size_t j = 0; j < ind->nlinks; j++) {
        const struct dsr_link *l = &ind->links[j];

        if (check_level(c, id, l->level, l->line, _("link")) < 0)
            return -1;
        if (!http_url(l->href) &&
            add(c, DSR_F_LINK_INVALID, id, c->mpath, l->line,
                _("link '%s' is not an http:// or https:// URL"), l->href) < 0)
            return -1;
    }
    for (size_t j = 0; j < ind->nnotes; j++)
        if (ind->notes[j].answer && (size_t)ind->notes[j].stage < DSR_STAGE_COUNT)
            answered[ind->notes[j].stage] = true;
    for (size_t j = 0; j < ind->nnotes; j++) {
        const struct dsr_note *q = &ind->notes[j];

        if (q->answer || ((size_t)q->stage < DSR_STAGE_COUNT && answered[q->stage]))
            continue;
        if (add(c, DSR_F_QUESTION_UNANSWERED, id, c->mpath, q->line,
                _("the '%s' question has no answer yet"),
                dsr_stage_name(q->stage)) < 0)
            return -1;
    }
    return 0;
}

static int
check_claims(struct ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    const struct dsr_catalog *cat = c->res->catalog;

    if (!cat)
        return 0;
    for (size_t i = 0; i < cat->nindicators; i++) {
        const struct dsr_indicator *ci = &cat->indicators[i];
        const struct dsr_mindicator *ind = dsr_manifest_indicator(m, ci->id);
        const struct dsr_assessment *a = dsr_mindicator_assessment(ind, -1);
        struct dsr_buf missing = DSR_BUF_INIT;
        bool explained = false;
        int rc = 0;

        if (!a) {
            int rc2 = ind && *ind->owner
                          ? add(c, DSR_F_INDICATOR_NOT_FILLED, ci->id,
                                c->mpath, ind->line,
                                _("indicator %s has no assessment yet (owner: "
                                  "%s); it counts as level 1"),
                                ci->id, ind->owner)
                          : add(c, DSR_F_INDICATOR_NOT_FILLED, ci->id,
                                c->mpath, ind ? ind->line : 0,
                                _("indicator %s has no assessment yet; it "
                                  "counts as level 1"),
                                ci->id);

            if (rc2 < 0)
                return -1;
            continue;
        }
        if (!level_ok(a->level) || a->level == 1)
            continue;
        for (long lv = 2; lv <= a->level && rc == 0; lv++)
            if (!dsr_mindicator_supports(ind, lv))
                rc = dsr_buf_addf(&missing, c->err, "%s%ld",
                                  missing.len ? ", " : "", lv);
        if (rc == 0 && missing.len)
            rc = add(c, DSR_F_LEVEL_UNSUPPORTED, ci->id, c->mpath, a->line,
                     _("claimed level %ld (%s) has no evidence for level %s"),
                     a->level, dsr_stage_name(a->stage),
                     dsr_buf_str(&missing));
        dsr_buf_release(&missing);
        if (rc < 0)
            return -1;
        for (size_t j = 0; j < ind->nassessments; j++)
            if (*ind->assessments[j].text)
                explained = true;
        if (!explained &&
            add(c, DSR_F_EXPLANATION_MISSING, ci->id, c->mpath, a->line,
                _("claimed level %ld has no explanation"), a->level) < 0)
            return -1;
    }
    return 0;
}

/* ---- evidence files ------------------------------------------------- */

static int
open_root(struct ctx *c, struct dsr_root *root)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct dsr_error rerr = DSR_ERROR_INIT;
    char path[PATH_MAX];
    const char *given = m->evidence_root;

    if (dsr_manifest_evidence_root(m, path, sizeof(path)) < 0)
        return add(c, DSR_F_EVIDENCE_ROOT_INVALID, NULL, c->mpath,
                   m->evidence_root_line, _("evidence root path is too long"));
    if (dsr_root_open(root, path, &rerr) == 0)
        return 1;
    if (rerr.code == DSR_NOMEM) {
        if (c->err)
            *c->err = rerr;
        return -1;
    }
    if (add(c, DSR_F_EVIDENCE_ROOT_INVALID, NULL, c->mpath,
            m->evidence_root_line,
            _("evidence root '%s' cannot be used: %s; no evidence file was "
              "checked"),
            given ? given : ".", rerr.msg) < 0)
        return -1;
    return 0;
}

/*
 * The first 'keep' bytes of 's' ending on a whole character, and an
 * ellipsis when something was left out; 'buf' holds keep + 4 bytes.
 */
static const char *
abbreviate(const char *s, char *buf, size_t keep)
{
    size_t len = strlen(s);

    if (len <= keep)
        return s;
    while (keep > 0 && ((unsigned char)s[keep] & 0xc0) == 0x80)
        keep--;
    memcpy(buf, s, keep);
    memcpy(buf + keep, "\xe2\x80\xa6", 4);
    return buf;
}

static int
too_long(struct ctx *c, const char *id, const struct dsr_evidence *e)
{
    char start[64 + 4];
    size_t len = strlen(e->file);

    if (len > DSR_EVIDENCE_PATH_MAX)
        return add(c, DSR_F_PATH_INVALID, id, e->file, e->line,
                   _("'%s' is %zu bytes long; an evidence path may have at "
                     "most %d bytes: move the file up or shorten its folders' "
                     "names"),
                   abbreviate(e->file, start, 64), len, DSR_EVIDENCE_PATH_MAX);
    return add(c, DSR_F_PATH_INVALID, id, e->file, e->line,
               _("'%s' is too long: a folder or file name in it has more than "
                 "%d bytes, or with the evidence root it exceeds %d; shorten "
                 "the names"),
               abbreviate(e->file, start, 64), DSR_EVIDENCE_NAME_MAX, PATH_MAX);
}

static int
path_finding(struct ctx *c, const struct dsr_mindicator *ind,
             const struct dsr_evidence *e, enum dsr_path_status st,
             int sys_errno)
{
    const char *id = ind->id;

    switch (st) {
    case DSR_PATH_OK:
        return 0;
    case DSR_PATH_ABSOLUTE:
        return add(c, DSR_F_PATH_ABSOLUTE, id, e->file, e->line,
                   _("'%s' is an absolute path; write it relative to the "
                     "evidence root"),
                   e->file);
    case DSR_PATH_INVALID:
        if (sys_errno == ELOOP)
            return add(c, DSR_F_PATH_INVALID, id, e->file, e->line,
                       _("'%s' goes through a loop of symbolic links"),
                       e->file);
        return add(c, DSR_F_PATH_INVALID, id, e->file, e->line,
                   _("'%s' is not a usable path (use '/' between folders; no "
                     "empty parts or control characters)"),
                   e->file);
    case DSR_PATH_ESCAPES:
        return add(c, DSR_F_PATH_ESCAPES, id, e->file, e->line,
                   _("'%s' leads outside the evidence root; the file was not "
                     "opened"),
                   e->file);
    case DSR_PATH_MISSING:
        return add(c, DSR_F_FILE_MISSING, id, e->file, e->line,
                   _("'%s' does not exist under the evidence root"), e->file);
    case DSR_PATH_NOT_REGULAR:
        return add(c, DSR_F_FILE_NOT_REGULAR, id, e->file, e->line,
                   _("'%s' is not a regular file (a directory, FIFO, device or "
                     "socket); it was not read"),
                   e->file);
    case DSR_PATH_UNREADABLE:
        return add(c, DSR_F_FILE_UNREADABLE, id, e->file, e->line,
                   _("'%s' cannot be read: %s"), e->file,
                   strerror(sys_errno ? sys_errno : EACCES));
    case DSR_PATH_TOO_LONG:
        return too_long(c, id, e);
    }
    return 0;
}

/* A file to read and its size when it was resolved. */
struct job {
    uint64_t size;
    size_t file;
};

struct pool {
    struct dsr_check_result *res;
    const struct dsr_check_opts *opts;
    struct job *order;              /* the files to read, largest first */
    atomic_size_t next;
    atomic_size_t done;
    atomic_uint_fast64_t bytes;
    size_t total;
    pthread_mutex_t lock;           /* guards 'err' and the progress hook */
    struct dsr_error err;
    int *sys_errnos;
};

static void *
reader(void *arg)
{
    struct pool *p = arg;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_sniffer *sniffer = dsr_sniffer_new(&err);

    for (;;) {
        size_t next = atomic_fetch_add(&p->next, 1);
        struct dsr_checked_file *f;
        size_t i;
        int fd;

        if (next >= p->total || !sniffer)
            break;
        if (p->opts->cancel && *p->opts->cancel) {
            dsr_error_set(&err, DSR_INTERRUPTED, NULL, 0, "interrupted");
            break;
        }
        i = p->order[next].file;
        f = &p->res->files[i];
        if (f->status != DSR_PATH_OK)
            continue;
        fd = dsr_root_open_file(f->resolved, &f->status, &p->sys_errnos[i]);
        if (fd < 0)
            continue;
        if (dsr_file_inspect(fd, f->resolved, sniffer, &f->info, &err) == 0) {
            f->read = true;
        } else if (err.code == DSR_IO) {
            f->status = DSR_PATH_UNREADABLE;
            p->sys_errnos[i] = err.sys_errno;
            dsr_error_clear(&err);
        }
        close(fd);
        if (err.code != DSR_OK)
            break;
        atomic_fetch_add(&p->bytes, f->info.size);
        if (p->opts->progress) {
            size_t done = atomic_fetch_add(&p->done, 1) + 1;

            pthread_mutex_lock(&p->lock);
            p->opts->progress(p->opts->progress_ctx, done, p->total,
                              atomic_load(&p->bytes));
            pthread_mutex_unlock(&p->lock);
        }
    }
    if (err.code != DSR_OK) {
        pthread_mutex_lock(&p->lock);
        if (p->err.code == DSR_OK)
            p->err = err;
        pthread_mutex_unlock(&p->lock);
        /* make the other readers stop early */
        atomic_store(&p->next, p->total);
    }
    dsr_sniffer_free(sniffer);
    return NULL;
}

static int
cmp_job(const void *a, const void *b)
{
    const struct job *x = a;
    const struct job *y = b;

    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return (x->file > y->file) - (x->file < y->file);
}

/* Read every resolved file once, on 'jobs' threads. */
static int
read_files(struct ctx *c, int *sys_errnos)
{
    struct pool p = {.res = c->res, .opts = c->opts, .sys_errnos = sys_errnos,
                     .err = DSR_ERROR_INIT};
    pthread_t threads[DSR_MAX_JOBS];
    unsigned jobs = c->opts->jobs;
    unsigned started = 0;

    p.order = calloc(c->res->nfiles ? c->res->nfiles : 1, sizeof(*p.order));
    if (!p.order)
        return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < c->res->nfiles; i++) {
        struct stat sb;

        if (c->res->files[i].status != DSR_PATH_OK)
            continue;
        p.order[p.total].file = i;
        p.order[p.total].size =
            stat(c->res->files[i].resolved, &sb) == 0 ? (uint64_t)sb.st_size : 0;
        p.total++;
    }
    /*
     * Largest first, so that no thread starts a big file when the others
     * are done; what is found does not depend on the order.
     */
    if (p.total > 1)
        qsort(p.order, p.total, sizeof(*p.order), cmp_job);
    if (jobs == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (unsigned)n : 1;
    }
    if (jobs > DSR_MAX_JOBS)
        jobs = DSR_MAX_JOBS;
    if (jobs > p.total)
        jobs = p.total ? (unsigned)p.total : 1;
    atomic_init(&p.next, 0);
    atomic_init(&p.done, 0);
    atomic_init(&p.bytes, 0);
    pthread_mutex_init(&p.lock, NULL);
    for (unsigned t = 1; t < jobs; t++) {
        if (pthread_create(&threads[started], NULL, reader, &p) != 0)
            break;
        started++;
    }
    reader(&p);
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    pthread_mutex_destroy(&p.lock);
    free(p.order);
    if (p.err.code != DSR_OK) {
        if (c->err)
            *c->err = p.err;
        return -1;
    }
    return 0;
}

static int
judge_file(struct ctx *c, const struct dsr_checked_file *f)
{
    const struct dsr_mindicator *ind =
        &c->res->manifest->indicators[f->indicator];
    const struct dsr_evidence *e = &ind->evidence[f->evidence];
    const char *expected = NULL;
    uint64_t limit = c->opts->max_file_size ? c->opts->max_file_size
                                            : DSR_DEFAULT_MAX_FILE_SIZE;
    char a[32], b[32];

    if (f->info.size == 0)
        return add(c, DSR_F_FILE_EMPTY, ind->id, e->file, e->line,
                   _("'%s' is empty"), e->file);
    if (f->info.size > limit &&
        add(c, DSR_F_FILE_TOO_LARGE, ind->id, e->file, e->line,
            _("'%s' is %s, over the limit of %s; the evaluation portal may "
              "refuse it"),
            e->file, dsr_format_size(f->info.size, c->opts->lang, a, sizeof(a)),
            dsr_format_size(limit, c->opts->lang, b, sizeof(b))) < 0)
        return -1;
    switch (dsr_type_judge(e->file, f->info.mime, &expected)) {
    case DSR_TYPE_OK:
        break;
    case DSR_TYPE_EXECUTABLE:
        if (add(c, DSR_F_TYPE_EXECUTABLE, ind->id, e->file, e->line,
                _("'%s' is a program or script (%s), not a document"),
                e->file, f->info.mime) < 0)
            return -1;
        break;
    case DSR_TYPE_MISMATCH:
        if (add(c, DSR_F_TYPE_MISMATCH, ind->id, e->file, e->line,
                _("'%s' contains %s, but its extension promises %s"), e->file,
                f->info.mime, expected) < 0)
            return -1;
        break;
    case DSR_TYPE_UNKNOWN:
        if (add(c, DSR_F_TYPE_UNKNOWN, ind->id, e->file, e->line,
                _("'%s' has an extension dossier does not know (content: "
                  "%s); its type was not checked"),
                e->file, f->info.mime) < 0)
            return -1;
        break;
    }
    if (e->sha256 && strcmp(e->sha256, f->info.sha256) != 0 &&
        add(c, DSR_F_SHA256_MISMATCH, ind->id, e->file, e->line,
            _("'%s' has SHA-256 %.12s…, the manifest says %.12s…"), e->file,
            f->info.sha256, e->sha256) < 0)
        return -1;
    return 0;
}

static int
check_entry(struct ctx *c, const struct dsr_mindicator *ind,
            const struct dsr_evidence *e)
{
    const struct dsr_manifest *m = c->res->manifest;

    if (check_level(c, ind->id, e->level, e->line, _("evidence")) < 0)
        return -1;
    if (e->level == DSR_LEVEL_NONE &&
        add(c, DSR_F_EVIDENCE_NO_LEVEL, ind->id, e->file, e->line,
            _("'%s' does not say which level it supports; add level=\"N\""),
            e->file) < 0)
        return -1;
    if (!*e->title &&
        add(c, DSR_F_EVIDENCE_NO_TITLE, ind->id, e->file, e->line,
            _("'%s' has no title; write the document's title as the "
              "element's text"),
            e->file) < 0)
        return -1;
    if (e->date_text && e->date.year == 0)
        return add(c, DSR_F_DATE_INVALID, ind->id, e->file, e->line,
                   _("date '%s' of '%s' is not a real date"), e->date_text,
                   e->file);
    if (e->date_text && m->has_period && m->period_from.year &&
        m->period_to.year &&
        (dsr_date_cmp(&e->date, &m->period_from) < 0 ||
         dsr_date_cmp(&e->date, &m->period_to) > 0))
        return add(c, DSR_F_DATE_OUTSIDE_PERIOD, ind->id, e->file, e->line,
                   _("'%s' is dated %s, outside the period %s to %s"),
                   e->file, e->date_text, m->period_from_text,
                   m->period_to_text);
    return 0;
}

struct file_key {
    const struct dsr_checked_file *f;
    size_t pos;
};

static int
cmp_inode(const void *pa, const void *pb)
{
    const struct file_key *a = pa;
    const struct file_key *b = pb;

    if (a->f->info.dev != b->f->info.dev)
        return a->f->info.dev < b->f->info.dev ? -1 : 1;
    if (a->f->info.ino != b->f->info.ino)
        return a->f->info.ino < b->f->info.ino ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static int
cmp_content(const void *pa, const void *pb)
{
    const struct file_key *a = pa;
    const struct file_key *b = pb;
    int r = strcmp(a->f->info.sha256, b->f->info.sha256);

    if (r)
        return r;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

static bool
same_inode(const struct dsr_checked_file *a, const struct dsr_checked_file *b)
{
    return a->info.dev == b->info.dev && a->info.ino == b->info.ino;
}

/*
 * Files used twice: the same file twice in one indicator (a warning), in
 * several indicators (a note), and identical content under two names (a
 * note).  Sorting keeps this linear-logarithmic in the number of files.
 */
static int
check_sharing(struct ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct file_key *keys = NULL;
    size_t n = 0;
    int rc = 0;

    keys = calloc(c->res->nfiles ? c->res->nfiles : 1, sizeof(*keys));
    if (!keys)
        return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < c->res->nfiles; i++)
        if (c->res->files[i].read && c->res->files[i].info.size > 0)
            keys[n++] = (struct file_key){&c->res->files[i], i};
    qsort(keys, n, sizeof(*keys), cmp_inode);
    for (size_t i = 1; i < n && rc == 0; i++) {
        const struct dsr_checked_file *first = NULL;
        const struct dsr_checked_file *f = keys[i].f;
        const struct dsr_mindicator *ind = &m->indicators[f->indicator];
        const struct dsr_evidence *e = &ind->evidence[f->evidence];

        if (!same_inode(keys[i - 1].f, f))
            continue;
        /* the first earlier use in the same indicator, else any earlier */
        for (size_t k = i; k-- > 0 && same_inode(keys[k].f, f);) {
            if (keys[k].f->indicator == f->indicator) {
                first = keys[k].f;
                break;
            }
            first = keys[k].f;
        }
        if (first->indicator == f->indicator)
            rc = add(c, DSR_F_EVIDENCE_DUPLICATE, ind->id, e->file, e->line,
                     _("'%s' is already listed for this indicator on line %lu"),
                     e->file,
                     m->indicators[first->indicator]
                         .evidence[first->evidence]
                         .line);
        else
            rc = add(c, DSR_F_FILE_SHARED, ind->id, e->file, e->line,
                     _("'%s' is also attached to indicator %s"), e->file,
                     m->indicators[first->indicator].id);
    }
    qsort(keys, n, sizeof(*keys), cmp_content);
    for (size_t i = 1; i < n && rc == 0; i++) {
        const struct dsr_checked_file *f = keys[i].f;
        const struct dsr_checked_file *prev = keys[i - 1].f;
        const struct dsr_mindicator *ind = &m->indicators[f->indicator];
        const struct dsr_evidence *e = &ind->evidence[f->evidence];

        if (strcmp(prev->info.sha256, f->info.sha256) != 0 ||
            same_inode(prev, f))
            continue;
        rc = add(c, DSR_F_CONTENT_DUPLICATE, ind->id, e->file, e->line,
                 _("'%s' has the same content as '%s' (indicator %s)"),
                 e->file,
                 m->indicators[prev->indicator].evidence[prev->evidence].file,
                 m->indicators[prev->indicator].id);
    }
    free(keys);
    return rc;
}

static int
check_evidence(struct ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct dsr_root root = {0};
    int *sys_errnos = NULL;
    size_t total = 0;
    size_t k = 0;
    int have_root;
    int rc = -1;

    for (size_t i = 0; i < m->nindicators; i++)
        total += m->indicators[i].nevidence;
    have_root = c->opts->manifest_only ? 0 : open_root(c, &root);
    if (have_root < 0)
        return -1;
    c->res->files = calloc(total ? total : 1, sizeof(*c->res->files));
    sys_errnos = calloc(total ? total : 1, sizeof(*sys_errnos));
    if (!c->res->files || !sys_errnos) {
        dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    c->res->nfiles = total;
    if (have_root) {
        c->res->evidence_root = dsr_strdup(root.real, c->err);
        if (!c->res->evidence_root)
            goto out;
    }
    for (size_t i = 0; i < m->nindicators; i++) {
        for (size_t j = 0; j < m->indicators[i].nevidence; j++, k++) {
            struct dsr_checked_file *f = &c->res->files[k];

            f->indicator = i;
            f->evidence = j;
            /* without a root nothing is resolved, read or reported */
            f->status = DSR_PATH_MISSING;
            if (have_root)
                f->status = dsr_root_resolve(
                    &root, m->indicators[i].evidence[j].file, &f->resolved,
                    &sys_errnos[k]);
        }
    }
    if (have_root && read_files(c, sys_errnos) < 0)
        goto out;
    for (k = 0; k < total; k++) {
        struct dsr_checked_file *f = &c->res->files[k];
        const struct dsr_mindicator *ind = &m->indicators[f->indicator];
        const struct dsr_evidence *e = &ind->evidence[f->evidence];

        if (check_entry(c, ind, e) < 0)
            goto out;
        if (!have_root)
            continue;
        if (path_finding(c, ind, e, f->status, sys_errnos[k]) < 0)
            goto out;
        if (f->read && judge_file(c, f) < 0)
            goto out;
    }
    if (check_sharing(c) < 0)
        goto out;
    rc = 0;
out:
    free(sys_errnos);
    dsr_root_release(&root);
    return rc;
}

/* ---- entry point ---------------------------------------------------- */

/* Manifest indicator ids sorted, for dsr_check_order() in n log n. */
struct id_pos {
    const char *id;
    size_t pos;
};

struct order_index {
    const struct dsr_check_result *res;
    struct id_pos *ids;
    size_t n;
};

static int
cmp_id_pos(const void *pa, const void *pb)
{
    const struct id_pos *a = pa;
    const struct id_pos *b = pb;
    int r = strcmp(a->id, b->id);

    if (r)
        return r;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* dsr_check_order() with a binary search for ids not in the catalog. */
static long
indexed_order(const char *id, const void *ctx)
{
    const struct order_index *ix = ctx;
    size_t lo = 0, hi = ix->n;

    if (ix->res->catalog) {
        const struct dsr_indicator *ci =
            dsr_catalog_indicator(ix->res->catalog, id);

        if (ci)
            return (long)ci->number;
    }
    /* the first entry whose id is not below 'id' */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(ix->ids[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < ix->n && strcmp(ix->ids[lo].id, id) == 0)
        return 100000L + (long)ix->ids[lo].pos;
    return LONG_MAX;
}

static int
sort_findings(struct ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct order_index ix = {.res = c->res, .n = m->nindicators};

    ix.ids = calloc(ix.n ? ix.n : 1, sizeof(*ix.ids));
    if (!ix.ids)
        return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < ix.n; i++)
        ix.ids[i] = (struct id_pos){m->indicators[i].id, i};
    if (ix.n)
        qsort(ix.ids, ix.n, sizeof(*ix.ids), cmp_id_pos);
    dsr_findings_sort(&c->res->findings, indexed_order, &ix);
    free(ix.ids);
    return 0;
}

int
dsr_check(const char *path, const struct dsr_check_opts *opts,
          struct dsr_check_result *res, struct dsr_error *err)
{
    struct ctx c = {.opts = opts, .res = res, .err = err, .mpath = path};
    char schema[PATH_MAX];

    memset(res, 0, sizeof(*res));
    snprintf(schema, sizeof(schema), "%s/manifest.xsd", opts->schemas_dir);
    res->manifest = dsr_manifest_load(path, schema, &res->findings, err);
    if (!res->manifest)
        return err && err->code != DSR_OK ? -1 : 0;
    if (load_catalog(&c) < 0 || check_header(&c) < 0 ||
        check_duplicates(&c) < 0)
        return -1;
    for (size_t i = 0; i < res->manifest->nindicators; i++)
        if (check_indicator(&c, i) < 0)
            return -1;
    if (check_claims(&c) < 0 || check_evidence(&c) < 0 ||
        sort_findings(&c) < 0)
        return -1;
    return 0;
}

void
dsr_check_result_release(struct dsr_check_result *res)
{
    if (!res)
        return;
    dsr_findings_release(&res->findings);
    dsr_manifest_free(res->manifest);
    dsr_catalog_free(res->catalog);
    for (size_t i = 0; i < res->nfiles; i++)
        free(res->files[i].resolved);
    free(res->files);
    free(res->evidence_root);
    memset(res, 0, sizeof(*res));
}

bool
dsr_check_filled(const struct dsr_check_result *res, const char *id)
{
    const struct dsr_mindicator *ind;

    if (!res->manifest)
        return false;
    ind = dsr_manifest_indicator(res->manifest, id);
    return dsr_mindicator_assessment(ind, -1) != NULL;
}

long
dsr_check_order(const char *id, const void *ctx)
{
    const struct dsr_check_result *res = ctx;

    if (res->catalog) {
        const struct dsr_indicator *ci = dsr_catalog_indicator(res->catalog, id);

        if (ci)
            return (long)ci->number;
    }
    if (res->manifest)
        for (size_t i = 0; i < res->manifest->nindicators; i++)
            if (strcmp(res->manifest->indicators[i].id, id) == 0)
                return 100000L + (long)i;
    return LONG_MAX;
}

static xmlNodePtr
add_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
    return xmlNewTextChild(parent, ns, (const xmlChar *)name, (const xmlChar *)text);
}

int
dsr_check_write_xml(const struct dsr_check_result *res, const char *path,
                    struct dsr_error *err)
{
    static const char *const names[] = {"errors", "warnings", "notes"};
    const struct dsr_manifest *m = res->manifest;
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = NULL;
    xmlNsPtr ns;
    xmlChar *xml = NULL;
    char buf[64];
    int len = 0;
    int fd = -1;
    int ret = -1;

    if (doc)
        root = xmlNewDocNode(doc, NULL, (const xmlChar *)"findings", NULL);
    if (!root) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    xmlDocSetRootElement(doc, root);
    ns = xmlNewNs(root, (const xmlChar *)"urn:dossier:findings:1", NULL);
    xmlSetNs(root, ns);
    if (m) {
        xmlNewProp(root, (const xmlChar *)"framework", (const xmlChar *)m->framework);
        xmlNewProp(root, (const xmlChar *)"year", (const xmlChar *)m->year_text);
        xmlNewProp(root, (const xmlChar *)"instance",
                   (const xmlChar *)m->instance_name);
    }
    for (int sev = 0; sev < 3; sev++) {
        snprintf(buf, sizeof(buf), "%zu", res->findings.counts[sev]);
        xmlNewProp(root, (const xmlChar *)names[sev], (const xmlChar *)buf);
    }
    for (size_t i = 0; i < res->findings.n; i++) {
        const struct dsr_finding *f = &res->findings.items[i];
        xmlNodePtr node = add_child(root, ns, "finding", f->message);

        if (!node) {
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        xmlNewProp(node, (const xmlChar *)"code",
                   (const xmlChar *)dsr_finding_name(f->code));
        xmlNewProp(node, (const xmlChar *)"severity",
                   (const xmlChar *)dsr_severity_name(f->severity));
        if (f->indicator && *f->indicator)
            xmlNewProp(node, (const xmlChar *)"indicator", (const xmlChar *)f->indicator);
        if (f->file && *f->file)
            xmlNewProp(node, (const xmlChar *)"file", (const xmlChar *)f->file);
        if (f->line) {
            snprintf(buf, sizeof(buf), "%lu", f->line);
            xmlNewProp(node, (const xmlChar *)"line", (const xmlChar *)buf);
        }
    }
    xmlDocDumpFormatMemoryEnc(doc, &xml, &len, "UTF-8", 1);
    if (!xml) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        dsr_error_sys(err, errno, path, "cannot create");
        goto out;
    }
    for (const char *p = (const char *)xml; len > 0;) {
        ssize_t n = write(fd, p, (size_t)len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            dsr_error_sys(err, errno, path, "cannot write");
            goto out;
        }
        p += n;
        len -= (int)n;
    }
    if (close(fd) < 0) {
        fd = -1;
        dsr_error_sys(err, errno, path, "cannot write");
        goto out;
    }
    fd = -1;
    ret = 0;
out:
    if (fd >= 0)
        close(fd);
    xmlFree(xml);
    if (doc)
        xmlFreeDoc(doc);
    return ret;
}
