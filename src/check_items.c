/*
 * check_items.c -- the findings of issue 20: items (butir) and their
 * evidence, the assessors' item verdicts and the institution's responses,
 * the assessor's fractional values and the external indices.
 *
 * Every pass sorts what it compares (verdicts by item and stage, evidence
 * and response items by id), so that a manifest with many thousands of
 * verdicts stays n log n.
 */
#include "check_int.h"

#include "dossier/buf.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* At most this many item ids are named in one accepted-above-rejected. */
#define MAX_LISTED 8

static int
nomem(struct check_ctx *c)
{
    return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
}

/* Items compare as strings, the indicator's level (NULL) first. */
static int
item_cmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/*
 * The later of two verdicts of one item: the later stage, and at one stage
 * the later in the file.
 */
static bool
verdict_later(const struct dsr_verdict *v, const struct dsr_verdict *than)
{
    if (v->stage != than->stage)
        return v->stage > than->stage;
    return v > than;
}

const struct dsr_verdict *
dsr_check_verdict(const struct dsr_mindicator *ind, const char *item,
                  int stage)
{
    const struct dsr_verdict *best = NULL;

    if (!ind)
        return NULL;
    for (size_t i = 0; i < ind->nverdicts; i++) {
        const struct dsr_verdict *v = &ind->verdicts[i];

        if (item_cmp(v->item, item) != 0 ||
            (stage >= 0 && (int)v->stage > stage))
            continue;
        if (!best || verdict_later(v, best))
            best = v;
    }
    return best;
}

/* ---- sorted views ---------------------------------------------------- */

static int
cmp_verdict(const void *pa, const void *pb)
{
    const struct dsr_verdict *a = *(const struct dsr_verdict *const *)pa;
    const struct dsr_verdict *b = *(const struct dsr_verdict *const *)pb;
    int r = item_cmp(a->item, b->item);

    if (r)
        return r;
    if (a->stage != b->stage)
        return a->stage < b->stage ? -1 : 1;
    return (a > b) - (a < b);
}

/* The verdicts of 'ind' by item, then stage, then file order. */
static const struct dsr_verdict **
sorted_verdicts(struct check_ctx *c, const struct dsr_mindicator *ind)
{
    const struct dsr_verdict **v =
        calloc(ind->nverdicts ? ind->nverdicts : 1, sizeof(*v));

    if (!v) {
        nomem(c);
        return NULL;
    }
    for (size_t i = 0; i < ind->nverdicts; i++)
        v[i] = &ind->verdicts[i];
    qsort(v, ind->nverdicts, sizeof(*v), cmp_verdict);
    return v;
}

static int
cmp_str(const void *pa, const void *pb)
{
    return item_cmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Whether sorted 'ids' ('n' of them) hold 'id' (NULL: a NULL entry). */
static bool
has_id(const char **ids, size_t n, const char *id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = item_cmp(ids[mid], id);

        if (r == 0)
            return true;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Every item id the evidence of 'ind' names, sorted, in '*out'. */
static int
evidence_items(struct check_ctx *c, const struct dsr_mindicator *ind,
               const char ***out, size_t *n)
{
    size_t total = 0;

    for (size_t j = 0; j < ind->nevidence; j++)
        total += ind->evidence[j].nitems;
    *n = 0;
    *out = calloc(total ? total : 1, sizeof(**out));
    if (!*out)
        return nomem(c);
    for (size_t j = 0; j < ind->nevidence; j++)
        for (size_t k = 0; k < ind->evidence[j].nitems; k++)
            (*out)[(*n)++] = ind->evidence[j].items[k];
    qsort(*out, *n, sizeof(**out), cmp_str);
    return 0;
}

/* Every response's item of 'ind' (NULL for one on the whole), sorted. */
static int
response_items(struct check_ctx *c, const struct dsr_mindicator *ind,
               const char ***out, size_t *n)
{
    *n = ind->nresponses;
    *out = calloc(*n ? *n : 1, sizeof(**out));
    if (!*out)
        return nomem(c);
    for (size_t j = 0; j < ind->nresponses; j++)
        (*out)[j] = ind->responses[j].item;
    qsort(*out, *n, sizeof(**out), cmp_str);
    return 0;
}

/* ---- values ----------------------------------------------------------- */

static int
check_values(struct check_ctx *c, const struct dsr_mindicator *ind)
{
    const struct dsr_catalog *cat = c->res->catalog;
    enum dsr_lang lang = c->opts->lang;
    char a[32], b[32];

    for (size_t j = 0; j < ind->nassessments; j++) {
        const struct dsr_assessment *as = &ind->assessments[j];
        const char *stage = dsr_stage_name(as->stage);
        long lo, hi;

        if (as->value == DSR_VALUE_NONE || !as->value_text)
            continue;
        if (as->value < 0) {
            if (check_add(c, DSR_F_VALUE_INVALID, ind->id, c->mpath, as->line,
                          _("value '%s' of the %s assessment is not a number "
                            "with at most four decimals: write it as 1.1667 "
                            "or 1,1667"),
                          as->value_text, stage) < 0)
                return -1;
            continue;
        }
        if (as->value < DSR_VALUE_ONE || as->value > 5 * DSR_VALUE_ONE) {
            if (check_add(c, DSR_F_VALUE_INVALID, ind->id, c->mpath, as->line,
                          _("value '%s' of the %s assessment is outside %s to "
                            "%s: an indicator's value lies from 1 to 5"),
                          as->value_text, stage,
                          dsr_format_hundredths(100, lang, a, sizeof(a)),
                          dsr_format_hundredths(500, lang, b, sizeof(b))) < 0)
                return -1;
            continue;
        }
        if (!cat || as->level < DSR_LEVEL_MIN || as->level > DSR_LEVEL_MAX)
            continue;
        dsr_catalog_level_band(cat, (int)as->level, &lo, &hi);
        if ((as->value < lo || as->value > hi) &&
            check_add(c, DSR_F_VALUE_OUT_OF_BAND, ind->id, c->mpath, as->line,
                      _("value '%s' of the %s assessment lies outside the "
                        "band of level %ld (%s to %s): correct the value or "
                        "the level"),
                      as->value_text, stage, as->level,
                      dsr_format_hundredths(lo / 100, lang, a, sizeof(a)),
                      dsr_format_hundredths(hi / 100, lang, b, sizeof(b))) < 0)
            return -1;
    }
    return 0;
}

/* <external> of 'ind' against its catalog indicator 'def' (may be NULL). */
static int
check_external(struct check_ctx *c, const struct dsr_mindicator *ind,
               const struct dsr_indicator *def)
{
    const struct dsr_mexternal *x = ind->external;
    const struct dsr_external *e;
    enum dsr_lang lang = c->opts->lang;
    char a[32], b[32];

    if (!x || !def)
        return 0;
    e = def->external;
    if (def->source != DSR_SOURCE_EXTERNAL || !e)
        return check_add(c, DSR_F_EXTERNAL_INVALID, ind->id, c->mpath, x->line,
                         _("indicator %s is scored from evidence, not from an "
                           "external index: remove <external>"),
                         ind->id);
    if (strcmp(x->index, e->index) != 0)
        return check_add(c, DSR_F_EXTERNAL_INVALID, ind->id, c->mpath, x->line,
                         _("index '%s' is not the one indicator %s is scored "
                           "from: write index=\"%s\" (%s, %s)"),
                         x->index, ind->id, e->index,
                         dsr_text_get(&e->name, lang), e->agency);
    if (x->value < 0)
        return check_add(c, DSR_F_VALUE_INVALID, ind->id, c->mpath, x->line,
                         _("%s value '%s' is not a number with at most four "
                           "decimals: write it as the agency publishes it, "
                           "such as 68.75 or 68,75"),
                         e->index, x->value_text ? x->value_text : "");
    if (e->converts && e->has_bands) {
        long lo = e->band[DSR_LEVEL_MIN].min;
        long hi = e->band[DSR_LEVEL_MAX].max;

        if (x->value >= lo && x->value <= hi)
            return 0;
        dsr_format_hundredths(lo / 100, lang, a, sizeof(a));
        dsr_format_hundredths(hi / 100, lang, b, sizeof(b));
        return check_add(c, DSR_F_EXTERNAL_INVALID, ind->id, c->mpath,
                         x->line,
                         _("%s value '%s' is outside the index's range %s "
                           "to %s: write the value the agency published"),
                         e->index, x->value_text, a, b);
    }
    if (x->value < DSR_VALUE_ONE || x->value > 5 * DSR_VALUE_ONE)
        return check_add(c, DSR_F_EXTERNAL_INVALID, ind->id, c->mpath, x->line,
                         _("%s value '%s' is outside %s to %s: no conversion "
                           "of the %s index is known, so value is the "
                           "indicator's value itself"),
                         e->index, x->value_text,
                         dsr_format_hundredths(100, lang, a, sizeof(a)),
                         dsr_format_hundredths(500, lang, b, sizeof(b)),
                         e->index);
    return 0;
}

/* ---- item ids --------------------------------------------------------- */

/* internal.h */
unsigned
dsr_item_odd_char(const char *s, size_t *at)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;

    for (*at = 1; i < len; ++*at) {
        unsigned cp;
        size_t n = dsr_utf8_next(u + i, len - i, &cp);

        if (n == 0)
            return 0;
        if (!((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
              (cp >= 'a' && cp <= 'z') || cp == '-' || cp == '_' || cp == '.'))
            return cp;
        i += n;
    }
    return 0;
}

/*
 * Report 'item', named by an evidence, response or (verdict) a verdict on
 * 'line' of 'ind', when its indicator 'def' does not have it.
 */
static int
check_item_id(struct check_ctx *c, const struct dsr_mindicator *ind,
              const struct dsr_indicator *def, const char *item,
              unsigned long line, bool verdict)
{
    const struct dsr_catalog *cat = c->res->catalog;
    enum dsr_finding_code code =
        verdict ? DSR_F_VERDICT_ITEM_UNKNOWN : DSR_F_ITEM_UNKNOWN;
    const struct dsr_indicator *other = NULL;
    size_t at;
    unsigned odd;

    if (!item || !def || dsr_indicator_item(def, item))
        return 0;
    odd = dsr_item_odd_char(item, &at);
    if (odd)
        return check_add(c, code, ind->id, c->mpath, line,
                         _("item %s holds the character U+%04X (character "
                           "%zu), which no item id has (often pasted with "
                           "the text): retype the id"),
                         item, odd, at);
    if (!cat->has_items)
        return verdict
                   ? check_add(c, code, ind->id, c->mpath, line,
                               _("framework '%s' has no items (butir): a "
                                 "verdict there is on the indicator's level; "
                                 "remove item=\"%s\""),
                               cat->id, item)
                   : check_add(c, code, ind->id, c->mpath, line,
                               _("framework '%s' has no items (butir): "
                                 "remove item=\"%s\""),
                               cat->id, item);
    if (dsr_catalog_item(cat, item, &other) && other)
        return check_add(c, code, ind->id, c->mpath, line,
                         _("item %s belongs to indicator %s, not to indicator "
                           "%s: move it there, or correct the id"),
                         item, other->id, ind->id);
    if (def->nitems == 0)
        return check_add(c, code, ind->id, c->mpath, line,
                         _("indicator %s has no items (butir): remove "
                           "item=\"%s\""),
                         ind->id, item);
    return check_add(c, code, ind->id, c->mpath, line,
                     _("item %s is not an item of indicator %s (its items "
                       "run from %s to %s): correct the id"),
                     item, ind->id, def->items[0].id,
                     def->items[def->nitems - 1].id);
}

static int
check_item_ids(struct check_ctx *c, const struct dsr_mindicator *ind,
               const struct dsr_indicator *def)
{
    const struct dsr_catalog *cat = c->res->catalog;

    for (size_t j = 0; j < ind->nevidence; j++)
        for (size_t k = 0; k < ind->evidence[j].nitems; k++)
            if (check_item_id(c, ind, def, ind->evidence[j].items[k],
                              ind->evidence[j].line, false) < 0)
                return -1;
    for (size_t j = 0; j < ind->nresponses; j++)
        if (check_item_id(c, ind, def, ind->responses[j].item,
                          ind->responses[j].line, false) < 0)
            return -1;
    for (size_t j = 0; j < ind->nverdicts; j++) {
        const struct dsr_verdict *v = &ind->verdicts[j];

        if (check_item_id(c, ind, def, v->item, v->line, true) < 0)
            return -1;
        if (v->status == DSR_VERDICT_DITERIMA && v->kind != DSR_KIND_NONE &&
            check_add(c, DSR_F_VERDICT_KIND_IGNORED, ind->id, c->mpath,
                      v->line,
                      _("a diterima verdict has kind '%s', which only a "
                        "revisi has, and it is ignored: remove kind, or "
                        "write status=\"revisi\""),
                      dsr_verdict_kind_name(v->kind)) < 0)
            return -1;
        if (!v->item && def && cat->has_items && def->nitems > 0 &&
            check_add(c, DSR_F_VERDICT_ITEM_MISSING, ind->id, c->mpath,
                      v->line,
                      _("the %s verdict names no item: framework '%s' judges "
                        "items (butir), so write the item's id, such as "
                        "item=\"%s\""),
                      dsr_stage_name(v->stage), cat->id, def->items[0].id) < 0)
            return -1;
    }
    return 0;
}

/* Two verdicts for one stage and item: the later one counts. */
static int
check_verdict_duplicates(struct check_ctx *c, const struct dsr_mindicator *ind,
                         const struct dsr_verdict **v)
{
    for (size_t j = 1; j < ind->nverdicts; j++) {
        const struct dsr_verdict *p = v[j - 1], *q = v[j];

        if (item_cmp(p->item, q->item) != 0 || p->stage != q->stage)
            continue;
        if (q->item ? check_add(c, DSR_F_VERDICT_DUPLICATE, ind->id, c->mpath,
                                q->line,
                                _("a second %s verdict on item %s (the first "
                                  "is on line %lu): the later one counts; "
                                  "remove the one that no longer holds"),
                                dsr_stage_name(q->stage), q->item, p->line)
                    : check_add(c, DSR_F_VERDICT_DUPLICATE, ind->id, c->mpath,
                                q->line,
                                _("a second %s verdict on the indicator's "
                                  "level (the first is on line %lu): the "
                                  "later one counts; remove the one that no "
                                  "longer holds"),
                                dsr_stage_name(q->stage), p->line))
            return -1;
    }
    return 0;
}

/* ---- verdicts against responses and levels ---------------------------- */

/*
 * The latest verdict of each item (the last of its group in sorted 'v'):
 * a revisi without a response for its item is on the interview agenda.
 */
static int
check_revisi(struct check_ctx *c, const struct dsr_mindicator *ind,
             const struct dsr_indicator *def, const struct dsr_verdict **v)
{
    const char **resp = NULL;
    size_t nresp = 0;
    int rc = 0;

    if (response_items(c, ind, &resp, &nresp) < 0)
        return -1;
    for (size_t j = 0; j < ind->nverdicts && rc == 0; j++) {
        const struct dsr_verdict *last = v[j];

        if (j + 1 < ind->nverdicts && item_cmp(v[j + 1]->item, last->item) == 0)
            continue;
        if (last->status != DSR_VERDICT_REVISI ||
            has_id(resp, nresp, last->item))
            continue;
        /* a verdict on an item the catalog lacks is an error already
         * (verdict-item-unknown); no agenda entry for it */
        if (last->item && (!def || !dsr_indicator_item(def, last->item)))
            continue;
        if (last->item)
            rc = check_add(c, DSR_F_REVISI_NO_RESPONSE, ind->id, c->mpath,
                           last->line,
                           _("item %s is revisi at the %s stage and has no "
                             "response yet: it is on the interview agenda; "
                             "write <response item=\"%s\"> with the "
                             "institution's answer and its evidence"),
                           last->item, dsr_stage_name(last->stage),
                           last->item);
        else
            rc = check_add(c, DSR_F_REVISI_NO_RESPONSE, ind->id, c->mpath,
                           last->line,
                           _("the level is revisi at the %s stage and has no "
                             "response yet: it is on the interview agenda; "
                             "write a <response> with the institution's "
                             "answer and its evidence"),
                           dsr_stage_name(last->stage));
    }
    free(resp);
    return rc;
}

/*
 * Items whose latest verdict is diterima on a level above the lowest level
 * with a revisi item: the portal rejects them (otomatis ditolak).
 */
static int
check_above_rejected(struct check_ctx *c, const struct dsr_mindicator *ind,
                     const struct dsr_indicator *def,
                     const struct dsr_verdict **v)
{
    const struct dsr_verdict *rejected = NULL;
    const struct dsr_verdict *first = NULL;
    int low = DSR_LEVEL_MAX + 1;
    struct dsr_buf list = DSR_BUF_INIT;
    size_t n = 0;
    int rc = 0;

    for (size_t pass = 0; pass < 2 && rc == 0; pass++) {
        for (size_t j = 0; j < ind->nverdicts && rc == 0; j++) {
            const struct dsr_verdict *last = v[j];
            const struct dsr_item *it;

            if (j + 1 < ind->nverdicts &&
                item_cmp(v[j + 1]->item, last->item) == 0)
                continue;
            it = last->item ? dsr_indicator_item(def, last->item) : NULL;
            if (!it)
                continue;
            if (pass == 0) {
                if (last->status == DSR_VERDICT_REVISI && it->level < low) {
                    low = it->level;
                    rejected = last;
                }
                continue;
            }
            if (last->status != DSR_VERDICT_DITERIMA || it->level <= low)
                continue;
            if (!first || last->line < first->line)
                first = last;
            if (n++ < MAX_LISTED)
                rc = dsr_buf_addf(&list, c->err, "%s%s", n > 1 ? ", " : "",
                                  last->item);
        }
    }
    if (rc == 0 && n > MAX_LISTED)
        rc = dsr_buf_addf(&list, c->err, _(" and %zu more"), n - MAX_LISTED);
    if (rc == 0 && n > 0)
        rc = check_add(c, DSR_F_ACCEPTED_ABOVE_REJECTED, ind->id, c->mpath,
                       first->line,
                       dngettext(DSR_TEXTDOMAIN,
                                 "item %s is accepted although level %d "
                                 "below it has the revisi item %s: the "
                                 "portal will reject it automatically "
                                 "(otomatis ditolak) until %s is accepted",
                                 "items %s are accepted although level %d "
                                 "below them has the revisi item %s: the "
                                 "portal will reject them automatically "
                                 "(otomatis ditolak) until %s is accepted",
                                 n),
                       dsr_buf_str(&list), low, rejected->item,
                       rejected->item);
    dsr_buf_release(&list);
    return rc;
}

/* ---- per catalog indicator -------------------------------------------- */

/* Whether some assessment of 'ind' gives a usable value. */
static bool
has_value(const struct dsr_mindicator *ind)
{
    for (size_t j = 0; ind && j < ind->nassessments; j++)
        if (ind->assessments[j].value >= 0)
            return true;
    return false;
}

static int
check_external_missing(struct check_ctx *c,
                       const struct dsr_check_indicator *ci)
{
    const struct dsr_indicator *def = ci->def;
    const struct dsr_external *e = def->external;

    if (def->source != DSR_SOURCE_EXTERNAL || !e)
        return 0;
    if (ci->mind && (ci->mind->external || has_value(ci->mind)))
        return 0;
    return check_add(c, DSR_F_EXTERNAL_MISSING, def->id, c->mpath,
                     ci->mind ? ci->mind->line : 0,
                     _("indicator %s is scored from the %s index (%s) and has "
                       "no value yet: it counts as 1; add <external "
                       "index=\"%s\" value=\"...\"/> with the value %s "
                       "published"),
                     def->id, e->index, dsr_text_get(&e->name, c->opts->lang),
                     e->index, e->agency ? e->agency : "?");
}

/*
 * The items of the claimed level that no evidence names, in one finding
 * per indicator: a claim of level 1 on an indicator with seven items
 * would otherwise say the same thing seven times.  An item the assessors
 * accepted is left out: its document was judged on the portal.
 */
static int
check_items_supported(struct check_ctx *c,
                      const struct dsr_check_indicator *ci)
{
    const struct dsr_indicator *def = ci->def;
    const struct dsr_assessment *a = ci->counted;
    const char **named = NULL;
    struct dsr_buf list = DSR_BUF_INIT;
    size_t nnamed = 0;
    size_t n = 0;
    int rc = 0;
    int lv;

    if (!a || !ci->mind || def->nitems == 0 ||
        def->source == DSR_SOURCE_EXTERNAL || a->level < DSR_LEVEL_MIN ||
        a->level > DSR_LEVEL_MAX)
        return 0;
    lv = (int)a->level;
    if (def->level_first[lv] == def->level_first[lv + 1])
        return 0;
    if (evidence_items(c, ci->mind, &named, &nnamed) < 0)
        return -1;
    for (size_t k = def->level_first[lv];
         k < def->level_first[lv + 1] && rc == 0; k++) {
        const char *id = def->items[k].id;
        const struct dsr_verdict *v;

        if (has_id(named, nnamed, id))
            continue;
        v = dsr_check_verdict(ci->mind, id, -1);
        if (v && v->status == DSR_VERDICT_DITERIMA)
            continue;
        rc = dsr_buf_addf(&list, c->err, "%s%s", n++ ? ", " : "", id);
    }
    if (rc == 0 && n > 0)
        rc = check_add(c, DSR_F_ITEM_UNSUPPORTED, def->id, c->mpath, a->line,
                       dngettext(DSR_TEXTDOMAIN,
                                 "item %s of the claimed level %d (%s) has "
                                 "no evidence: name it in the item attribute "
                                 "of the evidence that supports it, or add "
                                 "that document",
                                 "items %s of the claimed level %d (%s) have "
                                 "no evidence: name each in the item "
                                 "attribute of the evidence that supports it, "
                                 "or add those documents",
                                 n),
                       dsr_buf_str(&list), lv, dsr_stage_name(a->stage));
    dsr_buf_release(&list);
    free(named);
    return rc;
}

/* ---- entry point ------------------------------------------------------ */

static int
check_one(struct check_ctx *c, const struct dsr_mindicator *ind)
{
    const struct dsr_catalog *cat = c->res->catalog;
    const struct dsr_indicator *def =
        cat ? dsr_catalog_indicator(cat, ind->id) : NULL;
    const struct dsr_verdict **v;
    int rc;

    if (check_values(c, ind) < 0 || check_external(c, ind, def) < 0 ||
        check_item_ids(c, ind, def) < 0)
        return -1;
    if (ind->nverdicts == 0)
        return 0;
    v = sorted_verdicts(c, ind);
    if (!v)
        return -1;
    rc = check_verdict_duplicates(c, ind, v);
    if (rc == 0)
        rc = check_revisi(c, ind, def, v);
    if (rc == 0 && def && def->nitems > 0)
        rc = check_above_rejected(c, ind, def, v);
    free(v);
    return rc;
}

int
check_items(struct check_ctx *c)
{
    const struct dsr_check_result *res = c->res;

    for (size_t i = 0; i < res->manifest->nindicators; i++)
        if (check_one(c, &res->manifest->indicators[i]) < 0)
            return -1;
    for (size_t i = 0; i < res->nindicators; i++)
        if (check_external_missing(c, &res->indicators[i]) < 0 ||
            check_items_supported(c, &res->indicators[i]) < 0)
            return -1;
    return 0;
}
