/*
 * check.c -- run every check on a manifest, its framework and its evidence.
 *
 * Order of work: load the manifest (stop if it cannot be read as one),
 * load its framework, check the manifest's own values, then judge the
 * evidence files (check_files.c: resolve every path without opening
 * anything, read the accepted files once in parallel, judge what was read)
 * and sort the findings.  findings_xml.c writes them as findings.xml.
 */
#include "dossier/check.h"

#include "check_int.h"
#include "dossier/buf.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "internal.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define YEAR_MIN 2018
#define YEAR_MAX 2100

int
check_add(struct check_ctx *c, enum dsr_finding_code code, const char *ind,
          const char *file, unsigned long line, const char *fmt, ...)
{
    char msg[1024];
    char note[160];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* on a manifest read despite its errors, say what may follow from them */
    dsr_manifest_followon(c->res->manifest, note, sizeof(note));
    return dsr_findings_add(&c->res->findings, code, ind, file, line, c->err,
                            "%s%s", msg, note);
}

static bool
level_ok(long level)
{
    return level >= DSR_LEVEL_MIN && level <= DSR_LEVEL_MAX;
}

/* ---- framework and manifest-wide values ---------------------------- */

static int
load_catalog(struct check_ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    struct dsr_error cerr = DSR_ERROR_INIT;
    char schema[PATH_MAX];
    char **ids = NULL;
    size_t nids = 0;
    struct dsr_buf known = DSR_BUF_INIT;
    int rc = 0;

    /* a recovered manifest without a framework: the schema said so */
    if (m->recovered && !*m->framework)
        return 0;
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
        rc = check_add(c, DSR_F_FRAMEWORK_UNKNOWN, NULL, c->mpath,
                       m->framework_line,
                       _("unknown framework '%s' (known: %s)"), m->framework,
                       dsr_buf_str(&known));
    dsr_catalog_ids_free(ids, nids);
    dsr_buf_release(&known);
    return rc;
}

/*
 * The manifest line of the <instance> element in 'src': the first one
 * outside a comment, or 0.  The manifest keeps no line for it.
 */
static unsigned long
instance_line(const char *src, size_t len)
{
    unsigned long line = 1;

    for (size_t i = 0; i < len; i++) {
        if (src[i] == '\n') {
            line++;
        } else if (len - i >= 4 && memcmp(src + i, "<!--", 4) == 0) {
            for (i += 4; i + 3 <= len && memcmp(src + i, "-->", 3) != 0; i++)
                line += src[i] == '\n';
        } else if (len - i > 9 && memcmp(src + i, "<instance", 9) == 0 &&
                   strchr(" \t\r\n/>", src[i + 9])) {
            return line;
        }
    }
    return 0;
}

static int
check_instance(struct check_ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;

    if (!m->instance_name ||
        !dsr_same_name(m->instance_name, DSR_INSTANCE_PLACEHOLDER))
        return 0;
    return check_add(c, DSR_F_INSTANCE_PLACEHOLDER, NULL, c->mpath,
                     instance_line(m->source, m->source_len),
                     _("the instance name is still '%s', the placeholder that "
                       "init writes: write the institution's name in "
                       "<instance name=\"...\"/>"),
                     m->instance_name);
}

static int
check_header(struct check_ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    const struct dsr_catalog *cat = c->res->catalog;
    enum dsr_lang lang = c->opts->lang;
    char a[32], b[32];

    if (check_instance(c) < 0)
        return -1;
    /* a recovered manifest's refused year: the schema said so */
    if ((m->year < YEAR_MIN || m->year > YEAR_MAX) &&
        !(m->recovered && !*m->year_text)) {
        if (check_add(c, DSR_F_YEAR_INVALID, NULL, c->mpath, m->year_line,
                      _("year %s is outside %d to %d"), m->year_text, YEAR_MIN,
                      YEAR_MAX) < 0)
            return -1;
    }
    if (cat && cat->provisional &&
        check_add(c, DSR_F_FRAMEWORK_PROVISIONAL, NULL, c->mpath,
                  m->framework_line,
                  _("framework '%s' is provisional: its weights, bands and "
                    "level names are not yet checked against the official "
                    "text"),
                  cat->id) < 0)
        return -1;
    if (cat && m->year >= YEAR_MIN && !dsr_catalog_covers(cat, m->year)) {
        char years[64];

        if (check_add(c, DSR_F_FRAMEWORK_YEAR, NULL, c->mpath, m->framework_line,
                      _("framework '%s' covers %s, but the manifest is for "
                        "%d; 'dossier catalog' lists the framework of each "
                        "year"),
                      cat->id, dsr_catalog_years(cat, years, sizeof(years)),
                      m->year) < 0)
            return -1;
    }
    if (m->has_period) {
        bool from_ok = m->period_from.year != 0;
        bool to_ok = m->period_to.year != 0;

        if (!from_ok &&
            check_add(c, DSR_F_DATE_INVALID, NULL, c->mpath, m->period_line,
                      _("period start '%s' is not a real date"),
                      m->period_from_text) < 0)
            return -1;
        if (!to_ok &&
            check_add(c, DSR_F_DATE_INVALID, NULL, c->mpath, m->period_line,
                      _("period end '%s' is not a real date"),
                      m->period_to_text) < 0)
            return -1;
        if (from_ok && to_ok &&
            dsr_date_cmp(&m->period_from, &m->period_to) > 0 &&
            check_add(c, DSR_F_PERIOD_INVALID, NULL, c->mpath, m->period_line,
                      _("period ends (%s) before it starts (%s)"),
                      m->period_to_text, m->period_from_text) < 0)
            return -1;
        if (from_ok && to_ok && m->year >= YEAR_MIN &&
            (m->period_to.year > m->year + 1 ||
             m->period_to.year < m->year - 2) &&
            check_add(c, DSR_F_PERIOD_YEAR, NULL, c->mpath, m->period_line,
                      _("period %s to %s is far from the evaluation year %d"),
                      m->period_from_text, m->period_to_text, m->year) < 0)
            return -1;
    }
    if (m->has_target && (m->target < 100 || m->target > 500) &&
        check_add(c, DSR_F_INDEX_INVALID, NULL, c->mpath, m->target_line,
                  _("target index '%s' is outside %s to %s"), m->target_text,
                  dsr_format_hundredths(100, lang, a, sizeof(a)),
                  dsr_format_hundredths(500, lang, b, sizeof(b))) < 0)
        return -1;
    if (m->has_previous && (m->previous < 100 || m->previous > 500) &&
        check_add(c, DSR_F_INDEX_INVALID, NULL, c->mpath, m->previous_line,
                  _("previous index '%s' is outside %s to %s"),
                  m->previous_text,
                  dsr_format_hundredths(100, lang, a, sizeof(a)),
                  dsr_format_hundredths(500, lang, b, sizeof(b))) < 0)
        return -1;
    return 0;
}

/* ---- one indicator's own values ------------------------------------ */

bool
dsr_check_url(const char *href)
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

int
check_level(struct check_ctx *c, const char *id, long level, unsigned long line,
            const char *what)
{
    if (level == DSR_LEVEL_NONE || level_ok(level))
        return 0;
    if (level == LONG_MAX)
        return check_add(c, DSR_F_LEVEL_RANGE, id, c->mpath, line,
                         _("%s level is not a number from 1 to 5"), what);
    return check_add(c, DSR_F_LEVEL_RANGE, id, c->mpath, line,
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
check_duplicates(struct check_ctx *c)
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
        rc = check_add(c, DSR_F_INDICATOR_DUPLICATE, v[i]->id, c->mpath,
                       v[i]->line,
                       _("indicator '%s' already appears on line %lu"),
                       v[i]->id, v[first]->line);
    }
    free(v);
    return rc;
}

/* link-invalid, quoting the address without a password it may hold */
static int
link_invalid(struct check_ctx *c, const char *id, const struct dsr_link *l)
{
    char *href = dsr_url_public(l->href, c->err);
    int rc;

    if (!href)
        return -1;
    rc = check_add(c, DSR_F_LINK_INVALID, id, c->mpath, l->line,
                   _("link '%s' is not an http:// or https:// URL"), href);
    free(href);
    return rc;
}

static int
check_indicator(struct check_ctx *c, size_t idx)
{
    const struct dsr_manifest *m = c->res->manifest;
    const struct dsr_mindicator *ind = &m->indicators[idx];
    const struct dsr_catalog *cat = c->res->catalog;
    const char *id = ind->id;
    const struct dsr_assessment *first_at[DSR_STAGE_COUNT] = {NULL};
    bool answered[DSR_STAGE_COUNT] = {false};

    if (cat && !dsr_catalog_indicator(cat, id) &&
        check_add(c, DSR_F_INDICATOR_UNKNOWN, id, c->mpath, ind->line,
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
        if (check_add(c, DSR_F_STAGE_DUPLICATE, id, c->mpath, a->line,
                      _("a second '%s' assessment (the first is on line %lu)"),
                      dsr_stage_name(a->stage), first_at[a->stage]->line) < 0)
            return -1;
    }
    for (size_t j = 0; j < ind->nlinks; j++) {
        const struct dsr_link *l = &ind->links[j];

        if (check_level(c, id, l->level, l->line, _("link")) < 0)
            return -1;
        if (!dsr_check_url(l->href) && link_invalid(c, id, l) < 0)
            return -1;
    }
    for (size_t j = 0; j < ind->nnotes; j++)
        if (ind->notes[j].answer && (size_t)ind->notes[j].stage < DSR_STAGE_COUNT)
            answered[ind->notes[j].stage] = true;
    for (size_t j = 0; j < ind->nnotes; j++) {
        const struct dsr_note *q = &ind->notes[j];

        if (q->answer || ((size_t)q->stage < DSR_STAGE_COUNT && answered[q->stage]))
            continue;
        if (check_add(c, DSR_F_QUESTION_UNANSWERED, id, c->mpath, q->line,
                      _("the '%s' question has no answer yet"),
                      dsr_stage_name(q->stage)) < 0)
            return -1;
    }
    return 0;
}

/* ---- claims: filled indicators and supported levels ----------------- */

static int
check_claims(struct check_ctx *c)
{
    const struct dsr_check_result *res = c->res;

    for (size_t i = 0; i < res->nindicators; i++) {
        const struct dsr_indicator *ci = res->indicators[i].def;
        const struct dsr_mindicator *ind = res->indicators[i].mind;
        const struct dsr_assessment *a = res->indicators[i].counted;
        struct dsr_buf missing = DSR_BUF_INIT;
        bool explained = false;
        int rc = 0;

        if (!a) {
            /* an external index's value is not assessed: external-missing
               (check_items.c) says when it is missing */
            if (ci->source == DSR_SOURCE_EXTERNAL)
                continue;
            if (ind && *ind->owner)
                rc = check_add(c, DSR_F_INDICATOR_NOT_FILLED, ci->id,
                               c->mpath, ind->line,
                               _("indicator %s has no assessment yet (owner: "
                                 "%s); it counts as level 1"),
                               ci->id, ind->owner);
            else
                rc = check_add(c, DSR_F_INDICATOR_NOT_FILLED, ci->id,
                               c->mpath, ind ? ind->line : 0,
                               _("indicator %s has no assessment yet; it "
                                 "counts as level 1"),
                               ci->id);
            if (rc < 0)
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
            rc = check_add(c, DSR_F_LEVEL_UNSUPPORTED, ci->id, c->mpath,
                           a->line,
                           _("claimed level %ld (%s) has no evidence for "
                             "level %s"),
                           a->level, dsr_stage_name(a->stage),
                           dsr_buf_str(&missing));
        dsr_buf_release(&missing);
        if (rc < 0)
            return -1;
        for (size_t j = 0; j < ind->nassessments; j++)
            if (*ind->assessments[j].text)
                explained = true;
        if (!explained &&
            check_add(c, DSR_F_EXPLANATION_MISSING, ci->id, c->mpath, a->line,
                      _("claimed level %ld has no explanation"), a->level) < 0)
            return -1;
    }
    return 0;
}

/* ---- facts: matching, the counted level, owners -------------------- */

/* Manifest indicator ids sorted, to match and order in n log n. */
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

/* The ids of 'm' sorted by id, then by position, in '*ix'. */
static int
index_ids(const struct dsr_manifest *m, struct order_index *ix,
          struct dsr_error *err)
{
    ix->n = m->nindicators;
    ix->ids = calloc(ix->n ? ix->n : 1, sizeof(*ix->ids));
    if (!ix->ids)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < ix->n; i++)
        ix->ids[i] = (struct id_pos){m->indicators[i].id, i};
    if (ix->n)
        qsort(ix->ids, ix->n, sizeof(*ix->ids), cmp_id_pos);
    return 0;
}

/* The first manifest entry for 'id' in 'ix'; NULL: none. */
static const struct id_pos *
find_id(const struct order_index *ix, const char *id)
{
    size_t lo = 0, hi = ix->n;

    /* the first entry whose id is not below 'id' */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(ix->ids[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < ix->n && strcmp(ix->ids[lo].id, id) == 0)
        return &ix->ids[lo];
    return NULL;
}

/*
 * The one rule: the latest stage at or before 'stage' (-1: any); of two
 * at one stage, the first listed.
 */
static const struct dsr_assessment *
counted_at(const struct dsr_mindicator *ind, int stage)
{
    const struct dsr_assessment *best = NULL;

    if (!ind)
        return NULL;
    for (size_t i = 0; i < ind->nassessments; i++) {
        const struct dsr_assessment *a = &ind->assessments[i];

        if (stage >= 0 && (int)a->stage > stage)
            continue;
        if (!best || a->stage > best->stage)
            best = a;
    }
    return best;
}

int
dsr_check_counted_level(const struct dsr_check_indicator *ci, int stage,
                        int *counted_stage)
{
    const struct dsr_assessment *a =
        stage < 0 ? ci->counted : counted_at(ci->mind, stage);
    bool ok = a && level_ok(a->level);

    if (counted_stage)
        *counted_stage = ok ? (int)a->stage : -1;
    return ok ? (int)a->level : 1;
}

const struct dsr_assessment *
check_counted_assessment(const struct dsr_check_indicator *ci, int stage)
{
    const struct dsr_assessment *a =
        stage < 0 ? ci->counted : counted_at(ci->mind, stage);

    return a && level_ok(a->level) ? a : NULL;
}

/* Match every catalog indicator of 'cat' in 'm' and decide its level. */
static void
match_indicators(const struct dsr_manifest *m, const struct dsr_catalog *cat,
                 const struct order_index *ix, struct dsr_check_indicator *out)
{
    for (size_t i = 0; i < cat->nindicators; i++) {
        struct dsr_check_indicator *ci = &out[i];
        const struct id_pos *hit = find_id(ix, cat->indicators[i].id);

        ci->def = &cat->indicators[i];
        ci->mind = hit ? &m->indicators[hit->pos] : NULL;
        ci->mindex = hit ? hit->pos : 0;
        ci->counted = counted_at(ci->mind, -1);
        /* an indicator scored from another agency's index is filled by
         * that index's value, not by an assessment */
        ci->filled = ci->counted != NULL ||
                     (ci->def->source == DSR_SOURCE_EXTERNAL && ci->mind &&
                      ci->mind->external);
        ci->level = dsr_check_counted_level(ci, -1, &ci->stage);
    }
}

int
check_match(const struct dsr_manifest *m, const struct dsr_catalog *cat,
            struct dsr_check_indicator **out, struct dsr_error *err)
{
    struct order_index ix = {0};

    *out = calloc(cat->nindicators ? cat->nindicators : 1, sizeof(**out));
    if (!*out || index_ids(m, &ix, err) < 0) {
        free(*out);
        *out = NULL;
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    match_indicators(m, cat, &ix, *out);
    free(ix.ids);
    return 0;
}

/* The owner group named 'name', added when new; SIZE_MAX: out of memory. */
static size_t
owner_group(struct dsr_check_result *res, const char *name)
{
    size_t o;

    for (o = 0; o < res->nowners; o++)
        if (strcmp(res->owners[o].name, name) == 0)
            return o;
    res->owners[o].name = name;
    res->owners[o].indicators =
        calloc(res->nindicators, sizeof(*res->owners[o].indicators));
    if (!res->owners[o].indicators)
        return SIZE_MAX;
    res->nowners++;
    return o;
}

static int
check_facts(struct check_ctx *c, const struct order_index *ix)
{
    struct dsr_check_result *res = c->res;
    size_t n = res->catalog->nindicators;

    res->indicators = calloc(n ? n : 1, sizeof(*res->indicators));
    res->owners = calloc(n ? n : 1, sizeof(*res->owners));
    if (!res->indicators || !res->owners)
        return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
    res->nindicators = n;
    match_indicators(res->manifest, res->catalog, ix, res->indicators);
    for (size_t i = 0; i < n; i++) {
        struct dsr_check_indicator *ci = &res->indicators[i];
        size_t o = owner_group(res, ci->mind ? ci->mind->owner : "");
        struct dsr_check_owner *g;

        if (o == SIZE_MAX)
            return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
        g = &res->owners[o];
        ci->owner = o;
        g->indicators[g->nindicators++] = i;
        res->nfilled += ci->filled;
    }
    return 0;
}

/* ---- entry point ---------------------------------------------------- */

/* dsr_check_order() with a binary search for ids not in the catalog. */
static long
indexed_order(const char *id, const void *ctx)
{
    const struct order_index *ix = ctx;
    const struct id_pos *hit;

    if (ix->res->catalog) {
        const struct dsr_indicator *ci =
            dsr_catalog_indicator(ix->res->catalog, id);

        if (ci)
            return (long)ci->number;
    }
    hit = find_id(ix, id);
    if (hit)
        return 100000L + (long)hit->pos;
    return LONG_MAX;
}

static int
check_manifest(struct check_ctx *c, struct order_index *ix)
{
    struct dsr_check_result *res = c->res;

    if (load_catalog(c) < 0 || index_ids(res->manifest, ix, c->err) < 0)
        return -1;
    if (res->catalog && check_facts(c, ix) < 0)
        return -1;
    if (check_header(c) < 0 || check_duplicates(c) < 0)
        return -1;
    for (size_t i = 0; i < res->manifest->nindicators; i++)
        if (check_indicator(c, i) < 0)
            return -1;
    if (check_claims(c) < 0 || check_items(c) < 0 || check_plan(c) < 0 ||
        check_evidence(c) < 0)
        return -1;
    dsr_findings_sort(&res->findings, indexed_order, ix);
    return 0;
}

int
dsr_check(const char *path, const struct dsr_check_opts *opts,
          struct dsr_check_result *res, struct dsr_error *err)
{
    struct check_ctx c = {.opts = opts, .res = res, .err = err, .mpath = path};
    struct order_index ix = {.res = res};
    char schema[PATH_MAX];
    int rc;

    memset(res, 0, sizeof(*res));
    snprintf(schema, sizeof(schema), "%s/manifest.xsd", opts->schemas_dir);
    /* a manifest with XML or schema errors is checked as far as it can be
       read; its errors make the result one nothing is produced from */
    res->manifest = dsr_manifest_load_recover(path, schema, &res->findings, err);
    if (!res->manifest)
        return err && err->code != DSR_OK ? -1 : 0;
    rc = check_manifest(&c, &ix);
    free(ix.ids);
    return rc;
}

/* ---- the result: release, filled, order ----------------------------- */

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
    for (size_t o = 0; o < res->nowners; o++)
        free(res->owners[o].indicators);
    free(res->owners);
    free(res->indicators);
    free(res->evidence_root);
    dsr_root_release(&res->root);
    memset(res, 0, sizeof(*res));
}

bool
dsr_check_filled(const struct dsr_check_result *res, const char *id)
{
    if (!res->manifest)
        return false;
    for (size_t i = 0; i < res->nindicators; i++)
        if (strcmp(res->indicators[i].def->id, id) == 0)
            return res->indicators[i].filled;
    /* not in the catalog: by the same rule, on the manifest's entry */
    return counted_at(dsr_manifest_indicator(res->manifest, id), -1) != NULL;
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
