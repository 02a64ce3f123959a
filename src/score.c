/*
 * score.c -- exact indices, predikat, gap and plan.
 */
#include "dossier/score.h"

#include "dossier/error.h"
#include "check_int.h"
#include "internal.h"

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
dsr_index_hundredths(struct dsr_index x)
{
    return x.den ? (long)(x.num * 100ULL / x.den) : 0;
}

static int
cmp_desc(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a;
    unsigned y = *(const unsigned *)b;

    return (x < y) - (x > y);
}

/* How many levels indicator i may still rise in the plan. */
static int
room_of(const struct dsr_score *s, size_t i)
{
    int room = DSR_LEVEL_MAX - s->indicators[i].level;

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
 * indicator by one level (at most s->max_raise levels each) and adds its
 * weight to sum(level * weight), so the heaviest steps go first.  Also
 * sets s->best to the index with every allowed step taken.  '*k' is 0
 * when the target is out of reach.
 */
static int
plan_length(struct dsr_score *s, long long need, size_t *k,
            struct dsr_error *err)
{
    size_t total_steps = 0;
    long long gain = 0;
    unsigned long long all = 0;
    unsigned *w;

    *k = 0;
    w = calloc(s->nindicators * DSR_LEVEL_MAX + 1, sizeof(*w));
    if (!w)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < s->nindicators; i++)
        for (int t = 0; t < room_of(s, i); t++) {
            w[total_steps++] = s->indicators[i].def->weight;
            all += s->indicators[i].def->weight;
        }
    s->best.num = s->index.num + all;
    s->best.den = s->index.den;
    if (total_steps)
        qsort(w, total_steps, sizeof(*w), cmp_desc);
    while (*k < total_steps && gain < need)
        gain += w[(*k)++];
    if (gain < need)
        *k = 0;
    free(w);
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

                if (t > 0 && step_preferred(sup, si->level + t))
                    evid++;
                ne = e + (size_t)evid;
                g = prev[j * (k + 1) + e] + (long long)t * si->def->weight;
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

    for (int u = t; u >= 1; u--)
        s->plan[s->nplan++] = (struct dsr_plan_step){
            .def = si->def,
            .owner = mi ? mi->owner : "",
            .from = si->level + u - 1,
            .to = si->level + u,
            .evidenced = (sup[i].evidenced >> (si->level + u)) & 1u,
            .claimed = (sup[i].claimed >> (si->level + u)) & 1u,
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
            evid += step_preferred(&sup[i], si->level + u);
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
 * Choose the plan.  The fewest steps that reach 'need' come from a greedy
 * pass (plan_length).  Then, among all choices of k steps that still
 * reach 'need', a small dynamic programme over indicators picks the one
 * with the most preferred steps: best[j][e] = the largest gain using j
 * steps of which e are preferred.  k is at most 4 steps per indicator,
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

static void
score_groups(const struct dsr_catalog *cat, struct dsr_score *s)
{
    for (size_t a = 0; a < cat->naspects; a++) {
        const struct dsr_aspect *asp = &cat->aspects[a];
        struct dsr_score_group *g = &s->aspects[a];

        g->id = asp->id;
        g->name = &asp->name;
        g->weight = asp->weight;
        g->index.den = asp->weight;
        for (size_t i = asp->first; i < asp->first + asp->count; i++)
            g->index.num +=
                (unsigned long long)s->indicators[i].level * cat->indicators[i].weight;
        g->band = dsr_catalog_band(cat, g->index.num, g->index.den);
    }
    for (size_t d = 0; d < cat->ndomains; d++) {
        const struct dsr_domain *dom = &cat->domains[d];
        struct dsr_score_group *g = &s->domains[d];

        g->id = dom->id;
        g->name = &dom->name;
        g->weight = dom->weight;
        g->index.den = dom->weight;
        /* aspect index * aspect weight is its sum(level * weight), exactly */
        for (size_t a = dom->first; a < dom->first + dom->count; a++)
            g->index.num += s->aspects[a].index.num;
        g->band = dsr_catalog_band(cat, g->index.num, g->index.den);
    }
}

/* The score of 'cat's indicators as 'facts' matched them in 'm'. */
static int
score_facts(const struct dsr_manifest *m, const struct dsr_catalog *cat,
            const struct dsr_check_indicator *facts,
            const struct dsr_score_opts *opts, struct dsr_score *s,
            struct dsr_error *err)
{
    unsigned long long total = 0;

    if (opts->max_raise < 0 || opts->max_raise > DSR_LEVEL_MAX - DSR_LEVEL_MIN)
        return dsr_error_set(err, DSR_USAGE, NULL, 0,
                             "the plan's cap of %d levels is not 1 to %d",
                             opts->max_raise, DSR_LEVEL_MAX - DSR_LEVEL_MIN);
    s->nindicators = cat->nindicators;
    s->naspects = cat->naspects;
    s->ndomains = cat->ndomains;
    s->indicators = calloc(cat->nindicators, sizeof(*s->indicators));
    s->aspects = calloc(cat->naspects, sizeof(*s->aspects));
    s->domains = calloc(cat->ndomains ? cat->ndomains : 1, sizeof(*s->domains));
    if (!s->indicators || !s->aspects || !s->domains)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < cat->nindicators; i++) {
        struct dsr_score_indicator *si = &s->indicators[i];

        si->def = &cat->indicators[i];
        si->level = dsr_check_counted_level(&facts[i], opts->stage, &si->stage);
        s->nfilled += si->stage >= 0;
        total += (unsigned long long)si->level * si->def->weight;
    }
    score_groups(cat, s);
    s->index.num = total;
    s->index.den = DSR_WEIGHT_TOTAL;
    s->band = dsr_catalog_band(cat, s->index.num, s->index.den);
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
    /* index * 10000 == total, since the weights add up to 10000 */
    s->gap = (long long)s->target * 100 - (long long)total;
    if (make_plan(facts, s, s->gap, err) < 0)
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

void
dsr_score_release(struct dsr_score *s)
{
    if (!s)
        return;
    free(s->indicators);
    free(s->aspects);
    free(s->domains);
    free(s->plan);
    memset(s, 0, sizeof(*s));
}
