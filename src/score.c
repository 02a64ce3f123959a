/*
 * score.c -- exact indices, predikat, gap and plan.
 */
#include "dossier/score.h"

#include "dossier/error.h"
#include "internal.h"

#include <stdlib.h>
#include <string.h>

long
dsr_index_hundredths(struct dsr_index x)
{
    return x.den ? (long)(x.num * 100ULL / x.den) : 0;
}

/* The level that counts for 'ind' at or before 'stage' (-1: any). */
static const struct dsr_assessment *
counted(const struct dsr_mindicator *ind, int stage)
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

static int
cmp_desc(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a;
    unsigned y = *(const unsigned *)b;

    return (x < y) - (x > y);
}

/*
 * Choose the plan.  Every step raises one indicator by one level and adds
 * its weight to sum(level * weight); the fewest steps that reach 'need'
 * take the heaviest steps first, so their count k comes from a greedy
 * pass.  Then, among all choices of k steps that still reach 'need', a
 * small dynamic programme over indicators picks the one with the most
 * evidenced steps: best[j][e] = the largest gain using j steps of which e
 * are evidenced.
 */
static int
make_plan(const struct dsr_manifest *m, struct dsr_score *s, long long need,
          struct dsr_error *err)
{
    size_t n = s->nindicators;
    size_t k = 0;
    size_t total_steps = 0;
    long long gain = 0;
    unsigned *w = NULL;
    long long *best = NULL;
    unsigned char *take = NULL;
    size_t dim;
    int rc = -1;

    if (need <= 0)
        return 0;
    /* greedy count: heaviest available steps first */
    w = calloc(n * DSR_LEVEL_MAX + 1, sizeof(*w));
    if (!w)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        for (int lv = s->indicators[i].level; lv < DSR_LEVEL_MAX; lv++)
            w[total_steps++] = s->indicators[i].def->weight;
    if (total_steps)
        qsort(w, total_steps, sizeof(*w), cmp_desc);
    while (k < total_steps && gain < need)
        gain += w[k++];
    if (gain < need) {
        rc = 0;                 /* unreachable: no plan */
        goto out;
    }
    /* best[i][j][e] flattened; i = indicators considered so far */
    dim = (k + 1) * (k + 1);
    best = malloc((n + 1) * dim * sizeof(*best));
    take = calloc((n + 1) * dim, sizeof(*take));
    if (!best || !take)
        goto nomem;
    for (size_t x = 0; x < (n + 1) * dim; x++)
        best[x] = -1;
    best[0] = 0;
    for (size_t i = 0; i < n; i++) {
        const struct dsr_score_indicator *si = &s->indicators[i];
        const struct dsr_mindicator *mi =
            dsr_manifest_indicator(m, si->def->id);
        long long *prev = best + i * dim;
        long long *cur = best + (i + 1) * dim;
        unsigned char *tk = take + (i + 1) * dim;
        int room = DSR_LEVEL_MAX - si->level;

        for (size_t j = 0; j <= k; j++) {
            for (size_t e = 0; e <= j; e++) {
                int evid = 0;

                if (prev[j * (k + 1) + e] < 0)
                    continue;
                for (int t = 0; t <= room && j + (size_t)t <= k; t++) {
                    size_t nj = j + (size_t)t;
                    size_t ne;
                    long long g;

                    if (t > 0 && dsr_mindicator_supports(mi, si->level + t))
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
    {
        const long long *last = best + n * dim;
        size_t e = k + 1;
        size_t j = k;

        while (e-- > 0)
            if (last[k * (k + 1) + e] >= need)
                break;
        s->plan = calloc(k ? k : 1, sizeof(*s->plan));
        if (!s->plan)
            goto nomem;
        /* walk back through the choices */
        for (size_t i = n; i-- > 0;) {
            const struct dsr_score_indicator *si = &s->indicators[i];
            const struct dsr_mindicator *mi =
                dsr_manifest_indicator(m, si->def->id);
            int t = take[(i + 1) * dim + j * (k + 1) + e];
            size_t evid = 0;

            for (int u = 1; u <= t; u++) {
                bool ev = dsr_mindicator_supports(mi, si->level + u);

                evid += ev;
                s->plan[s->nplan++] = (struct dsr_plan_step){
                    .def = si->def,
                    .from = si->level + u - 1,
                    .to = si->level + u,
                    .evidenced = ev,
                };
            }
            j -= (size_t)t;
            e -= evid;
        }
    }
    /* present the steps in catalog order, each indicator's levels rising */
    for (size_t a = 0; a < s->nplan / 2; a++) {
        struct dsr_plan_step t = s->plan[a];
        s->plan[a] = s->plan[s->nplan - 1 - a];
        s->plan[s->nplan - 1 - a] = t;
    }
    for (size_t a = 0; a < s->nplan;) {
        size_t b = a;

        while (b < s->nplan && s->plan[b].def == s->plan[a].def)
            b++;
        for (size_t x = a, y = b - 1; x < y; x++, y--) {
            struct dsr_plan_step t = s->plan[x];
            s->plan[x] = s->plan[y];
            s->plan[y] = t;
        }
        a = b;
    }
    rc = 0;
    goto out;
nomem:
    dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
out:
    free(w);
    free(best);
    free(take);
    return rc;
}

int
dsr_score_compute(const struct dsr_manifest *m, const struct dsr_catalog *cat,
                  const struct dsr_score_opts *opts, struct dsr_score *s,
                  struct dsr_error *err)
{
    unsigned long long total = 0;

    memset(s, 0, sizeof(*s));
    s->nindicators = cat->nindicators;
    s->naspects = cat->naspects;
    s->ndomains = cat->ndomains;
    s->indicators = calloc(cat->nindicators, sizeof(*s->indicators));
    s->aspects = calloc(cat->naspects, sizeof(*s->aspects));
    s->domains = calloc(cat->ndomains ? cat->ndomains : 1, sizeof(*s->domains));
    if (!s->indicators || !s->aspects || !s->domains) {
        dsr_score_release(s);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < cat->nindicators; i++) {
        const struct dsr_indicator *def = &cat->indicators[i];
        const struct dsr_assessment *a =
            counted(dsr_manifest_indicator(m, def->id), opts->stage);
        struct dsr_score_indicator *si = &s->indicators[i];

        si->def = def;
        si->level = 1;
        si->stage = -1;
        if (a && a->level >= DSR_LEVEL_MIN && a->level <= DSR_LEVEL_MAX) {
            si->level = (int)a->level;
            si->stage = (int)a->stage;
        }
        total += (unsigned long long)si->level * def->weight;
    }
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
    s->index.num = total;
    s->index.den = DSR_WEIGHT_TOTAL;
    s->band = dsr_catalog_band(cat, s->index.num, s->index.den);
    s->target = opts->target >= 0 ? opts->target
                : m->has_target   ? m->target
                                  : -1;
    if (s->target >= 0) {
        /* index * 10000 == total, since the weights add up to 10000 */
        s->gap = (long long)s->target * 100 - (long long)total;
        if (make_plan(m, s, s->gap, err) < 0) {
            dsr_score_release(s);
            return -1;
        }
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
