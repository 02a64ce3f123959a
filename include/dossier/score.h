/*
 * score.h -- the index of an evaluation: indicator levels, aspect, domain
 * and overall indices, predikat, the gap to a target and the plan to
 * reach it.
 *
 * All arithmetic is on integers.  With weights in hundredths of a percent,
 * an index is exactly  sum(level * weight) / sum(weight), kept as that
 * fraction; predikat bands are applied to the exact fraction.  For display
 * an index is rounded DOWN to two decimals ("truncated"): because band
 * thresholds have two decimals, the shown value always lies in the band of
 * its predikat (2.5995 shows as 2.59 Cukup, never as 2.60 Cukup).
 */
#ifndef DOSSIER_SCORE_H
#define DOSSIER_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/catalog.h"
#include "dossier/check.h"
#include "dossier/manifest.h"

struct dsr_error;

/* An exact index: num / den. */
struct dsr_index {
    unsigned long long num;
    unsigned long long den;
};

/* The index in hundredths, rounded down (see above). */
long dsr_index_hundredths(struct dsr_index x);

struct dsr_score_indicator {
    const struct dsr_indicator *def;
    int level;                  /* the level that counts, 1..5 */
    int stage;                  /* its stage, or -1 when not filled */
};

struct dsr_score_group {
    const char *id;
    const struct dsr_text *name;
    unsigned weight;
    struct dsr_index index;
    const struct dsr_band *band;
};

/* How many levels one indicator may rise in a plan, by default. */
#define DSR_PLAN_MAX_RAISE_DEFAULT 1

struct dsr_plan_step {
    const struct dsr_indicator *def;
    const char *owner;          /* the manifest's owner (OPD); "" when none */
    int from, to;
    bool evidenced;             /* the manifest lists evidence for 'to' */
    /* an assessment at another stage already gave 'to' or more: the
     * institution claims the criteria are met, the proof is what lacks */
    bool claimed;
};

struct dsr_score {
    struct dsr_index index;
    const struct dsr_band *band;
    struct dsr_score_indicator *indicators;     /* catalog order */
    size_t nindicators;
    size_t nfilled;             /* indicators with a level that counts */
    struct dsr_score_group *aspects;
    size_t naspects;
    struct dsr_score_group *domains;            /* empty without domains */
    size_t ndomains;
    long target;                /* hundredths; -1 when none */
    /* target minus index, in ten-thousandths (index * 10000); <= 0: met */
    long long gap;
    struct dsr_plan_step *plan;
    size_t nplan;
    int max_raise;              /* the cap the plan was made under, 1..4 */
    /*
     * With a target not met: whether the plan reaches it.  When it cannot
     * be reached under the cap, the plan is every step the cap allows and
     * 'best' the index it gives (also set when reachable).
     */
    bool reachable;
    struct dsr_index best;
    const struct dsr_band *best_band;
};

struct dsr_score_opts {
    int stage;                  /* count levels up to this stage; -1: all */
    long target;                /* hundredths; -1: the manifest's target */
    /* levels one indicator may rise in the plan, 1..4; 0: the default,
     * DSR_PLAN_MAX_RAISE_DEFAULT */
    int max_raise;
};

/*
 * Score 'm' against 'cat'.  The manifest must have passed dsr_check()
 * without errors (levels 1..5, known indicator ids).  An indicator without
 * an assessment (at or before opts->stage) counts as level 1.  The plan is
 * the fewest single-level steps that reach the target, no indicator rising
 * more than opts->max_raise levels; among plans of that length it takes
 * as many steps as possible that are evidenced (evidence or a link for
 * that level in the manifest) or claimed (an assessment at another stage
 * gives that level).  When the cap makes the target unreachable, the plan
 * is every allowed step and s->reachable is false.  Steps are in catalog
 * order.  Returns 0, or -1 with 'err' set (DSR_NOMEM, or DSR_USAGE for a
 * cap outside 1..4).  Free with dsr_score_release().
 */
int dsr_score_compute(const struct dsr_manifest *m,
                      const struct dsr_catalog *cat,
                      const struct dsr_score_opts *opts, struct dsr_score *s,
                      struct dsr_error *err);

/*
 * dsr_score_compute() on the result of dsr_check(), with the indicators
 * it matched and its rule for the level that counts
 * (dsr_check_counted_level()).  'res' must have a manifest and a catalog
 * (else -1 with 'err' set to DSR_INPUT) and, as above, no errors.
 */
int dsr_score_checked(const struct dsr_check_result *res,
                      const struct dsr_score_opts *opts, struct dsr_score *s,
                      struct dsr_error *err);

void dsr_score_release(struct dsr_score *s);

#endif
