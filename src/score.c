/*
 * score.c -- exact indices, predikat, the indices per stage, gap and plan.
 */
#include "dossier/score.h"

#include "dossier/error.h"
#include "dossier/format.h"
#include "check_int.h"
#include "internal.h"
#include "score_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plan's table: best[i][j][e] flattened, and the step taken there. */
struct plan_dp {
    size_t k;                   /* steps in the plan */
    size_t dim;                 /* (k + 1)^2 cells per indicator */
    long long *best;
    unsigned char *take;
};

/*
 * What supports each level of one indicator, as bit masks (bit L: level
 * L), gathered in one pass over its entries: the table asks for every
 * step many times, and one indicator may list 200,000 entries.
 */
struct plan_support {
    unsigned char evidenced;    /* evidence or a link for that level */
    unsigned char claimed;      /* an assessment gives that level or more */
};

static int base_of(const struct dsr_score_indicator *si);
static long long gain_of(const struct dsr_score_indicator *si, int t);
static int room_of(const struct dsr_score *s, size_t i);
static void support_of(const struct dsr_mindicator *mi,
                       struct plan_support *sup);
static bool step_preferred(const struct plan_support *sup, int level);
static int plan_length(struct dsr_score *s, long long need, size_t *k,
                       struct dsr_error *err);
static void plan_row(const struct dsr_score_indicator *si,
                     const struct plan_support *sup, int room, size_t k,
                     const long long *prev, long long *cur, unsigned char *tk);
static void plan_add(struct dsr_score *s,
                     const struct dsr_check_indicator *facts,
                     const struct plan_support *sup, size_t i, int t);
static void plan_walk(struct dsr_score *s,
                      const struct dsr_check_indicator *facts,
                      const struct plan_support *sup,
                      const struct plan_dp *dp, long long need);
static void plan_order(struct dsr_score *s);
static int make_plan(const struct dsr_check_indicator *facts,
                     struct dsr_score *s, long long need,
                     struct dsr_error *err);

long
dsr_index_hundredths(const struct dsr_catalog *c, struct dsr_index x)
{
    return x.den ? dsr_catalog_round(c, x.num, x.den) : 0;
}

bool
dsr_index_crosses(const struct dsr_catalog *c, struct dsr_index x)
{
    if (!x.den)
        return false;
    return dsr_catalog_band(c, x.num, x.den) !=
           dsr_catalog_band(c, (unsigned long long)dsr_index_hundredths(c, x),
                            100);
}

const char *
dsr_index_crossing_note(const struct dsr_catalog *c, struct dsr_index x,
                        enum dsr_lang lang, char *buf, size_t size)
{
    char e[32];

    if (!dsr_index_crosses(c, x)) {
        if (size)
            buf[0] = '\0';
        return buf;
    }
    /* the exact value cut to four decimals: the rounded one hides it */
    dsr_format_value((long)(x.num * 10000ULL / x.den), 4, lang, e, sizeof(e));
    snprintf(buf, size, _("(rounded; the exact value %s is %s)"), e,
             dsr_text_get(&dsr_catalog_band(c, x.num, x.den)->name, lang));
    return buf;
}

/* The whole level a plan starts from: floor(value). */
static int
base_of(const struct dsr_score_indicator *si)
{
    return (int)(si->value / DSR_VALUE_ONE);
}

/*
 * What raising 'si' by 't' whole levels adds to sum(value * weight): the
 * first step only gains the rest of its level (1.30 to 2 is 0.70).
 */
static long long
gain_of(const struct dsr_score_indicator *si, int t)
{
    if (t <= 0)
        return 0;
    return ((long long)(base_of(si) + t) * DSR_VALUE_ONE - si->value) *
           si->def->weight;
}

/* How many levels indicator i may still rise in the plan. */
static int
room_of(const struct dsr_score *s, size_t i)
{
    int room = DSR_LEVEL_MAX - base_of(&s->indicators[i]);

    if (room < 0)
        room = 0;
    return room < s->max_raise ? room : s->max_raise;
}

/* Gather 'sup' for the manifest indicator 'mi' (NULL: nothing). */
static void
support_of(const struct dsr_mindicator *mi, struct plan_support *sup)
{
    int top = 0;

    sup->evidenced = sup->claimed = 0;
    if (!mi)
        return;
    for (size_t j = 0; j < mi->nevidence; j++)
        if (mi->evidence[j].level >= DSR_LEVEL_MIN &&
            mi->evidence[j].level <= DSR_LEVEL_MAX)
            sup->evidenced |= (unsigned char)(1u << mi->evidence[j].level);
    for (size_t j = 0; j < mi->nlinks; j++)
        if (mi->links[j].level >= DSR_LEVEL_MIN &&
            mi->links[j].level <= DSR_LEVEL_MAX)
            sup->evidenced |= (unsigned char)(1u << mi->links[j].level);
    for (size_t a = 0; a < mi->nassessments; a++)
        if (mi->assessments[a].level <= DSR_LEVEL_MAX &&
            mi->assessments[a].level > top)
            top = (int)mi->assessments[a].level;
    for (int lv = DSR_LEVEL_MIN; lv <= top; lv++)
        sup->claimed |= (unsigned char)(1u << lv);
}

/* A step to 'level' the plan prefers: evidenced or claimed. */
static bool
step_preferred(const struct plan_support *sup, int level)
{
    return ((sup->evidenced | sup->claimed) >> level) & 1u;
}

/*
 * The fewest steps that reach 'need', in '*k': every step raises one
 * indicator by one level (at most s->max_raise levels each).  A first
 * step from a fractional value gains less than the next ones, so the
 * heaviest steps are not simply taken first: most[j], the largest gain
 * of j steps, comes from a small table over indicators (at most 4n + 1
 * cells).  Also sets s->best to the index with every allowed step taken.
 * '*k' is 0 when the target is out of reach.
 */
static int
plan_length(struct dsr_score *s, long long need, size_t *k,
            struct dsr_error *err)
{
    size_t total_steps = 0;
    long long all = 0;
    long long *most, *next;

    *k = 0;
    for (size_t i = 0; i < s->nindicators; i++) {
        total_steps += (size_t)room_of(s, i);
        all += gain_of(&s->indicators[i], room_of(s, i));
    }
    s->best.num = s->index.num + (unsigned long long)all;
    s->best.den = s->index.den;
    most = malloc((total_steps + 1) * sizeof(*most));
    next = malloc((total_steps + 1) * sizeof(*next));
    if (!most || !next) {
        free(most);
        free(next);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t j = 0; j <= total_steps; j++)
        most[j] = j ? -1 : 0;
    for (size_t i = 0; i < s->nindicators; i++) {
        int room = room_of(s, i);

        for (size_t j = 0; j <= total_steps; j++) {
            next[j] = -1;
            for (int t = 0; t <= room && (size_t)t <= j; t++) {
                long long g;

                if (most[j - (size_t)t] < 0)
                    continue;
                g = most[j - (size_t)t] + gain_of(&s->indicators[i], t);
                if (g > next[j])
                    next[j] = g;
            }
        }
        memcpy(most, next, (total_steps + 1) * sizeof(*most));
    }
    while (*k < total_steps && most[*k] < need)
        (*k)++;
    if (most[*k] < need)
        *k = 0;
    free(most);
    free(next);
    return 0;
}

/* One indicator's row of the table: 'cur' from 'prev' (see make_plan). */
static void
plan_row(const struct dsr_score_indicator *si, const struct plan_support *sup,
         int room, size_t k, const long long *prev, long long *cur,
         unsigned char *tk)
{
    for (size_t j = 0; j <= k; j++) {
        for (size_t e = 0; e <= j; e++) {
            int evid = 0;

            if (prev[j * (k + 1) + e] < 0)
                continue;
            for (int t = 0; t <= room && j + (size_t)t <= k; t++) {
                size_t nj = j + (size_t)t;
                size_t ne;
                long long g;

                if (t > 0 && step_preferred(sup, base_of(si) + t))
                    evid++;
                ne = e + (size_t)evid;
                g = prev[j * (k + 1) + e] + gain_of(si, t);
                if (g > cur[nj * (k + 1) + ne]) {
                    cur[nj * (k + 1) + ne] = g;
                    tk[nj * (k + 1) + ne] = (unsigned char)t;
                }
            }
        }
    }
}

/* Append the steps raising indicator i by t levels, highest first. */
static void
plan_add(struct dsr_score *s, const struct dsr_check_indicator *facts,
         const struct plan_support *sup, size_t i, int t)
{
    const struct dsr_score_indicator *si = &s->indicators[i];
    const struct dsr_mindicator *mi = facts[i].mind;
    int base = base_of(si);

    for (int u = t; u >= 1; u--)
        s->plan[s->nplan++] = (struct dsr_plan_step){
            .def = si->def,
            .owner = mi ? mi->owner : "",
            .from = base + u - 1,
            .to = base + u,
            .from_value = u == 1 ? si->value
                                 : (long)(base + u - 1) * DSR_VALUE_ONE,
            .evidenced = (sup[i].evidenced >> (base + u)) & 1u,
            .claimed = (sup[i].claimed >> (base + u)) & 1u,
        };
}

/* Walk back through the table's choices; s->plan has room for dp->k. */
static void
plan_walk(struct dsr_score *s, const struct dsr_check_indicator *facts,
          const struct plan_support *sup, const struct plan_dp *dp,
          long long need)
{
    size_t n = s->nindicators;
    size_t k = dp->k;
    const long long *last = dp->best + n * dp->dim;
    size_t e = k + 1;
    size_t j = k;

    while (e-- > 0)
        if (last[k * (k + 1) + e] >= need)
            break;
    for (size_t i = n; i-- > 0;) {
        const struct dsr_score_indicator *si = &s->indicators[i];
        int t = dp->take[(i + 1) * dp->dim + j * (k + 1) + e];
        size_t evid = 0;

        for (int u = 1; u <= t; u++)
            evid += step_preferred(&sup[i], base_of(si) + u);
        plan_add(s, facts, sup, i, t);
        j -= (size_t)t;
        e -= evid;
    }
}

/* Present the steps in catalog order, each indicator's levels rising. */
static void
plan_order(struct dsr_score *s)
{
    for (size_t a = 0; a < s->nplan / 2; a++) {
        struct dsr_plan_step t = s->plan[a];
        s->plan[a] = s->plan[s->nplan - 1 - a];
        s->plan[s->nplan - 1 - a] = t;
    }
}

/*
 * Choose the plan ('need' in units of the index's numerator).  The
 * fewest steps that reach 'need' come from plan_length().  Then, among
 * all choices of k steps that still reach 'need', a small dynamic
 * programme over indicators picks the one with the most preferred steps:
 * best[j][e] = the largest gain using j steps of which e are preferred.  k is at most 4 steps per indicator,
 * so the table is at most (n + 1) * (4n + 1)^2 cells (1 MB for 47
 * indicators at --max-raise 1, 15 MB at 4).  Out of reach under the cap:
 * every allowed step, without a table.
 */
static int
make_plan(const struct dsr_check_indicator *facts, struct dsr_score *s,
          long long need, struct dsr_error *err)
{
    size_t n = s->nindicators;
    struct plan_dp dp = {0};
    struct plan_support *sup = NULL;
    int rc = -1;

    s->reachable = true;
    if (plan_length(s, need, &dp.k, err) < 0)
        return -1;
    if (need <= 0)
        return 0;
    sup = calloc(n ? n : 1, sizeof(*sup));
    if (!sup)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        support_of(facts[i].mind, &sup[i]);
    if (dp.k == 0) {
        /* out of reach: the steps to the best reachable index */
        size_t all = 0;

        s->reachable = false;
        for (size_t i = 0; i < n; i++)
            all += (size_t)room_of(s, i);
        s->plan = calloc(all ? all : 1, sizeof(*s->plan));
        if (!s->plan) {
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        for (size_t i = n; i-- > 0;)
            plan_add(s, facts, sup, i, room_of(s, i));
        plan_order(s);
        rc = 0;
        goto out;
    }
    dp.dim = (dp.k + 1) * (dp.k + 1);
    dp.best = malloc((n + 1) * dp.dim * sizeof(*dp.best));
    dp.take = calloc((n + 1) * dp.dim, sizeof(*dp.take));
    s->plan = calloc(dp.k, sizeof(*s->plan));
    if (!dp.best || !dp.take || !s->plan) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    for (size_t x = 0; x < (n + 1) * dp.dim; x++)
        dp.best[x] = -1;
    dp.best[0] = 0;
    for (size_t i = 0; i < n; i++)
        plan_row(&s->indicators[i], &sup[i], room_of(s, i), dp.k,
                 dp.best + i * dp.dim, dp.best + (i + 1) * dp.dim,
                 dp.take + (i + 1) * dp.dim);
    plan_walk(s, facts, sup, &dp, need);
    plan_order(s);
    rc = 0;
out:
    free(sup);
    free(dp.best);
    free(dp.take);
    return rc;
}

/* Clamp a value to the scale, 1.0000 to 5.0000. */
static long
on_scale(long v)
{
    if (v < DSR_LEVEL_MIN * DSR_VALUE_ONE)
        return DSR_LEVEL_MIN * DSR_VALUE_ONE;
    if (v > DSR_LEVEL_MAX * DSR_VALUE_ONE)
        return DSR_LEVEL_MAX * DSR_VALUE_ONE;
    return v;
}

/*
 * The value of an external indicator: its <external> converted by the
 * catalog where it has a conversion, else the value as given; 1.0000,
 * flagged, when the manifest gives none.  Never a bare level.
 */
static void
external_value(const struct dsr_catalog *cat, const struct dsr_mindicator *mi,
               struct dsr_score_indicator *si)
{
    const struct dsr_mexternal *x = mi ? mi->external : NULL;
    long v = -1;

    si->external = true;
    si->external_index = -1;
    if (x && x->value >= 0) {
        si->external_index = x->value;
        if (si->def->external && si->def->external->converts)
            v = dsr_external_convert(cat, si->def->external, x->value);
        if (v < 0)
            v = x->value;
        si->value = on_scale(v);
    } else {
        si->value = DSR_VALUE_ONE;
        si->external_missing = true;
    }
    si->level = dsr_catalog_value_level(cat, si->value);
}

/*
 * The value that counts for each indicator at 'stage' (see struct
 * dsr_score_indicator), into 'inds' (cat->nindicators), with the counts
 * of filled, estimated and missing external ones.
 */
static int
score_values(const struct dsr_catalog *cat,
             const struct dsr_check_indicator *facts, int stage, bool estimate,
             struct dsr_score_indicator *inds, struct dsr_score *counts,
             struct dsr_error *err)
{
    counts->nfilled = counts->nestimated = counts->nexternal_missing = 0;
    for (size_t i = 0; i < cat->nindicators; i++) {
        struct dsr_score_indicator *si = &inds[i];
        const struct dsr_assessment *a;

        memset(si, 0, sizeof(*si));
        si->def = &cat->indicators[i];
        si->external_index = -1;
        si->level = dsr_check_counted_level(&facts[i], stage, &si->stage);
        si->value = (long)si->level * DSR_VALUE_ONE;
        a = check_counted_assessment(&facts[i], stage);
        if (a && a->value >= 0) {
            si->value = on_scale(a->value);
            si->given = true;
        } else if (si->def->source == DSR_SOURCE_EXTERNAL) {
            external_value(cat, facts[i].mind, si);
        } else if (estimate) {
            long v = 0;
            int from = -1;
            int rc = score_estimate(cat, si->def, facts[i].mind, stage, &v,
                                    &from, err);

            if (rc < 0)
                return -1;
            /*
             * It fills a value not given yet: a level the assessors gave
             * at a stage after the verdicts is newer than them and counts.
             */
            if (rc > 0 && from >= si->stage) {
                si->value = v;
                si->level = dsr_catalog_value_level(cat, v);
                si->stage = from;
                si->estimated = true;
            }
        }
        counts->nestimated += si->estimated;
        counts->nexternal_missing += si->external_missing;
        counts->nfilled += si->stage >= 0 || si->estimated ||
                           (si->external && !si->external_missing);
    }
    return 0;
}

/* Aspects (and domains, when 'domains' is not NULL) from 'inds'. */
static void
score_groups(const struct dsr_catalog *cat,
             const struct dsr_score_indicator *inds,
             struct dsr_score_group *aspects, struct dsr_score_group *domains)
{
    for (size_t a = 0; a < cat->naspects; a++) {
        const struct dsr_aspect *asp = &cat->aspects[a];
        struct dsr_score_group *g = &aspects[a];

        g->id = asp->id;
        g->name = &asp->name;
        g->weight = asp->weight;
        g->index.num = 0;
        g->index.den = (unsigned long long)asp->weight * DSR_VALUE_ONE;
        for (size_t i = asp->first; i < asp->first + asp->count; i++)
            g->index.num += (unsigned long long)inds[i].value *
                            cat->indicators[i].weight;
        g->band = dsr_catalog_band(cat, g->index.num, g->index.den);
    }
    for (size_t d = 0; domains && d < cat->ndomains; d++) {
        const struct dsr_domain *dom = &cat->domains[d];
        struct dsr_score_group *g = &domains[d];

        g->id = dom->id;
        g->name = &dom->name;
        g->weight = dom->weight;
        g->index.num = 0;
        g->index.den = (unsigned long long)dom->weight * DSR_VALUE_ONE;
        /* an aspect's numerator is its sum(value * weight), exactly */
        for (size_t a = dom->first; a < dom->first + dom->count; a++)
            g->index.num += aspects[a].index.num;
        g->band = dsr_catalog_band(cat, g->index.num, g->index.den);
    }
}

/* The whole index of 'inds': sum(value * weight) / (10000 * 100.00 %). */
static struct dsr_index
score_total(const struct dsr_catalog *cat,
            const struct dsr_score_indicator *inds)
{
    struct dsr_index x = {0, (unsigned long long)DSR_WEIGHT_TOTAL *
                                 DSR_VALUE_ONE};

    for (size_t i = 0; i < cat->nindicators; i++)
        x.num += (unsigned long long)inds[i].value * cat->indicators[i].weight;
    return x;
}

/*
 * The indices per stage: mandiri always, and each later stage (up to
 * opts->stage when given) at which any indicator has an assessment, or
 * with an estimate an item verdict.
 */
static int
score_stages(const struct dsr_catalog *cat,
             const struct dsr_check_indicator *facts,
             const struct dsr_score_opts *opts, struct dsr_score *s,
             struct dsr_error *err)
{
    struct dsr_score_indicator *inds;
    struct dsr_score counts;
    bool present[DSR_STAGE_COUNT] = {true};
    int rc = -1;

    for (size_t i = 0; i < cat->nindicators; i++) {
        const struct dsr_mindicator *mi = facts[i].mind;

        for (size_t a = 0; mi && a < mi->nassessments; a++)
            present[mi->assessments[a].stage] = true;
        for (size_t v = 0; opts->estimate && mi && v < mi->nverdicts; v++)
            if (mi->verdicts[v].item)
                present[mi->verdicts[v].stage] = true;
    }
    inds = calloc(cat->nindicators ? cat->nindicators : 1, sizeof(*inds));
    if (!inds)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (int st = 0; st < DSR_STAGE_COUNT; st++) {
        struct dsr_stage_score *ss = &s->stages[s->nstages];

        if (!present[st] || (opts->stage >= 0 && st > opts->stage))
            continue;
        if (score_values(cat, facts, st, opts->estimate, inds, &counts,
                         err) < 0)
            goto out;
        ss->aspects = calloc(cat->naspects ? cat->naspects : 1,
                             sizeof(*ss->aspects));
        if (!ss->aspects) {
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        s->nstages++;
        ss->stage = st;
        score_groups(cat, inds, ss->aspects, NULL);
        ss->index = score_total(cat, inds);
        ss->band = dsr_catalog_band(cat, ss->index.num, ss->index.den);
        ss->nestimated = counts.nestimated;
    }
    rc = 0;
out:
    free(inds);
    return rc;
}

/* Ceiling of n / d for d > 0, n of either sign. */
static long long
div_up(long long n, long long d)
{
    return n >= 0 ? (n + d - 1) / d : -(-n / d);
}

/* The score of 'cat's indicators as 'facts' matched them in 'm'. */
static int
score_facts(const struct dsr_manifest *m, const struct dsr_catalog *cat,
            const struct dsr_check_indicator *facts,
            const struct dsr_score_opts *opts, struct dsr_score *s,
            struct dsr_error *err)
{
    long long need;

    if (opts->max_raise < 0 || opts->max_raise > DSR_LEVEL_MAX - DSR_LEVEL_MIN)
        return dsr_error_set(err, DSR_USAGE, NULL, 0,
                             "the plan's cap of %d levels is not 1 to %d",
                             opts->max_raise, DSR_LEVEL_MAX - DSR_LEVEL_MIN);
    if (opts->estimate && !cat->has_items)
        return dsr_error_set(err, DSR_USAGE, cat->path, 0,
                             "framework '%s' has no items to estimate from",
                             cat->id);
    s->nindicators = cat->nindicators;
    s->naspects = cat->naspects;
    s->ndomains = cat->ndomains;
    s->indicators = calloc(cat->nindicators ? cat->nindicators : 1,
                           sizeof(*s->indicators));
    s->aspects = calloc(cat->naspects ? cat->naspects : 1, sizeof(*s->aspects));
    s->domains = calloc(cat->ndomains ? cat->ndomains : 1, sizeof(*s->domains));
    if (!s->indicators || !s->aspects || !s->domains)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    if (score_values(cat, facts, opts->stage, opts->estimate, s->indicators,
                     s, err) < 0)
        return -1;
    score_groups(cat, s->indicators, s->aspects, s->domains);
    s->index = score_total(cat, s->indicators);
    s->band = dsr_catalog_band(cat, s->index.num, s->index.den);
    if (score_stages(cat, facts, opts, s, err) < 0 ||
        score_item_plan(cat, facts, opts->stage, s, err) < 0)
        return -1;
    s->max_raise = opts->max_raise ? opts->max_raise
                                   : DSR_PLAN_MAX_RAISE_DEFAULT;
    s->best = s->index;
    s->best_band = s->band;
    s->reachable = true;
    s->target = opts->target >= 0 ? opts->target
                : m->has_target   ? m->target
                                  : -1;
    if (s->target < 0)
        return 0;
    /* in units of the numerator: the index times 10^8 */
    need = (long long)s->target * (long long)(s->index.den / 100) -
           (long long)s->index.num;
    s->gap = div_up(need, (long long)(s->index.den / DSR_VALUE_ONE));
    if (make_plan(facts, s, need, err) < 0)
        return -1;
    s->best_band = dsr_catalog_band(cat, s->best.num, s->best.den);
    return 0;
}

int
dsr_score_compute(const struct dsr_manifest *m, const struct dsr_catalog *cat,
                  const struct dsr_score_opts *opts, struct dsr_score *s,
                  struct dsr_error *err)
{
    struct dsr_check_indicator *facts = NULL;
    int rc;

    memset(s, 0, sizeof(*s));
    if (check_match(m, cat, &facts, err) < 0)
        return -1;
    rc = score_facts(m, cat, facts, opts, s, err);
    free(facts);
    if (rc < 0)
        dsr_score_release(s);
    return rc;
}

int
dsr_score_checked(const struct dsr_check_result *res,
                  const struct dsr_score_opts *opts, struct dsr_score *s,
                  struct dsr_error *err)
{
    memset(s, 0, sizeof(*s));
    if (!res->manifest || !res->catalog)
        return dsr_error_set(err, DSR_INPUT, NULL, 0,
                             "the manifest has errors; run dossier check");
    if (score_facts(res->manifest, res->catalog, res->indicators, opts, s,
                    err) < 0) {
        dsr_score_release(s);
        return -1;
    }
    return 0;
}

long
dsr_score_gap_hundredths(const struct dsr_score *s)
{
    if (s->target < 0 || s->gap <= 0)
        return 0;
    return (long)div_up(s->gap, DSR_VALUE_ONE / 100);
}

void
dsr_score_release(struct dsr_score *s)
{
    if (!s)
        return;
    free(s->indicators);
    free(s->aspects);
    free(s->domains);
    free(s->plan);
    for (size_t i = 0; i < s->nstages; i++)
        free(s->stages[i].aspects);
    free(s->item_plan);
    memset(s, 0, sizeof(*s));
}
