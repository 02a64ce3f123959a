/*
 * score.h -- the index of an evaluation: indicator values, aspect, domain
 * and overall indices, predikat, the indices per stage, the gap to a
 * target and the plan to reach it (in levels, and for catalogs with items
 * in items).
 *
 * All arithmetic is on integers.  An indicator's value is in
 * ten-thousandths (DSR_VALUE_ONE is 1.0000): the assessor's value when
 * the manifest gives one, else the level that counts times 10000 (an
 * external indicator: its converted index, else 1.0000).  With weights in
 * hundredths of a percent, an index is exactly
 * sum(value * weight) / (10000 * sum(weight)), kept as that fraction, and
 * predikat bands are applied to the exact fraction.  For display an index
 * is rounded to two decimals by the catalog's rule (dsr_catalog_round(),
 * half-up by default, as results are published: 1.1667 shows as 1.17).
 * A rounded value can then show a number of the next band (1.4996 shows
 * as 1.50 but is Kurang); dsr_index_crosses() says when, and the outputs
 * say so next to the number.
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

/*
 * The index in hundredths as shown: rounded by the rule of 'c' (the
 * catalog it was computed with; NULL: half-up).  0 when x.den is 0.
 */
long dsr_index_hundredths(const struct dsr_catalog *c, struct dsr_index x);

/*
 * Whether the shown (rounded) value of 'x' lies in another predikat band
 * of 'c' than the exact value: 1.4996 shows as 1.50, a Cukup number, but
 * is Kurang.
 */
bool dsr_index_crosses(const struct dsr_catalog *c, struct dsr_index x);

/*
 * With dsr_index_crosses(): "(rounded; the exact value 1,4996 is Kurang)"
 * (translated) in 'buf', the exact value cut to four decimals; else "".
 * Every output that shows a rounded index says it this way.  Returns
 * 'buf'.
 */
const char *dsr_index_crossing_note(const struct dsr_catalog *c,
                                    struct dsr_index x, enum dsr_lang lang,
                                    char *buf, size_t size);

struct dsr_score_indicator {
    const struct dsr_indicator *def;
    int level;                  /* the level that counts, 1..5 */
    int stage;                  /* its stage, or -1 when not filled */
    /*
     * The value that counts, in ten-thousandths (1.0000 to 5.0000): the
     * counted assessment's value, else (external) the converted index,
     * else (with --estimate) the estimate from item verdicts, unless an
     * assessment at a later stage than those verdicts gives the level,
     * else level x 10000.  For an external or estimated indicator 'level'
     * is floor(value), and for an estimated one 'stage' is the latest
     * stage of its verdicts.
     */
    long value;
    bool given;                 /* the assessor's value="..." counted */
    bool estimated;             /* value estimated from item verdicts */
    bool external;              /* the catalog scores it from an index */
    /* external, and the manifest gives no usable <external>: counts 1 */
    bool external_missing;
    long external_index;        /* the index as given; -1: none */
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
    /* the value the step starts from, ten-thousandths: from x 10000, or
     * the indicator's fractional value for its first step (1.3000) */
    long from_value;
    bool evidenced;             /* the manifest lists evidence for 'to' */
    /* an assessment at another stage already gave 'to' or more: the
     * institution claims the criteria are met, the proof is what lacks */
    bool claimed;
};

/*
 * One revisi item that resolving (alone, turning it diterima) would
 * raise the index by 'gain' / 10^8, under the band-interpolation rule
 * (docs/design.md, "Scoring").
 */
struct dsr_item_step {
    const struct dsr_indicator *def;
    const struct dsr_item *item;
    const char *owner;          /* the manifest's owner; "" when none */
    enum dsr_verdict_kind kind;
    long from_value, to_value;  /* the rule's value before and after */
    unsigned long long gain;    /* (to - from) x weight; 0: no gain alone */
};

/* The index at one stage, as dsr_score_compute() with that stage gives. */
struct dsr_stage_score {
    int stage;                  /* enum dsr_stage */
    struct dsr_index index;
    const struct dsr_band *band;
    struct dsr_score_group *aspects;    /* naspects of struct dsr_score */
    size_t nestimated;          /* indicators whose value is an estimate */
};

struct dsr_score {
    struct dsr_index index;
    const struct dsr_band *band;
    struct dsr_score_indicator *indicators;     /* catalog order */
    size_t nindicators;
    size_t nfilled;             /* indicators with a level that counts */
    size_t nestimated;          /* values estimated from item verdicts */
    size_t nexternal_missing;   /* external indicators counted as 1 */
    struct dsr_score_group *aspects;
    size_t naspects;
    struct dsr_score_group *domains;            /* empty without domains */
    size_t ndomains;
    long target;                /* hundredths; -1 when none */
    /* target minus index, in ten-thousandths (index * 10000) rounded
     * up; <= 0: met */
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
    /*
     * The indices per stage: mandiri, then each assessor stage that any
     * indicator has an assessment at, in stage order.
     */
    struct dsr_stage_score stages[DSR_STAGE_COUNT];
    size_t nstages;
    /* the plan in items: the revisi items, largest gain first (catalog
     * with items only; else empty) */
    struct dsr_item_step *item_plan;
    size_t nitem_plan;
};

struct dsr_score_opts {
    int stage;                  /* count levels up to this stage; -1: all */
    long target;                /* hundredths; -1: the manifest's target */
    /* levels one indicator may rise in the plan, 1..4; 0: the default,
     * DSR_PLAN_MAX_RAISE_DEFAULT */
    int max_raise;
    /*
     * Fill the value of an evidence indicator whose counted assessment
     * gives none, and is not at a later stage than its item verdicts, from
     * those verdicts (band interpolation); only for a catalog with items
     * (else DSR_USAGE).
     */
    bool estimate;
};

/*
 * Score 'm' against 'cat'.  The manifest must have passed dsr_check()
 * without errors (levels 1..5, known indicator ids).  An indicator without
 * an assessment (at or before opts->stage), an estimate or an external
 * value counts as level 1 (value 1.0000).  The plan is the fewest single-level steps that reach the
 * target (a first step from a fractional value gains only the rest of
 * the level: 1.30 to 2 adds 0.70 x weight), no indicator rising more
 * than opts->max_raise levels above floor(value); among plans of that
 * length it takes as many steps as possible that are evidenced
 * (evidence or a link for that level in the manifest) or claimed (an
 * assessment at another stage gives that level).  When the cap makes the
 * target unreachable, the plan is every allowed step and s->reachable is
 * false.  Steps are in catalog
 * order.  The indices per stage and the item plan are filled as described
 * at struct dsr_score.  Returns 0, or -1 with 'err' set (DSR_NOMEM, or
 * DSR_USAGE for a cap outside 1..4 or an estimate without items).  Free
 * with dsr_score_release().
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

/*
 * The gap as shown, in hundredths: s->gap rounded up (a gap of 0.0005
 * still needs a step, so it shows as 0.01); 0 when the target is met or
 * there is none.
 */
long dsr_score_gap_hundredths(const struct dsr_score *s);

void dsr_score_release(struct dsr_score *s);

#endif
