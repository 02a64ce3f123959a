/*
 * score_int.h -- what score.c and score_estimate.c share: the
 * band-interpolation estimate of an indicator's value from its item
 * verdicts, and the plan in items.  Private to the core.
 */
#ifndef DOSSIER_SCORE_INT_H
#define DOSSIER_SCORE_INT_H

#include "dossier/score.h"

#include "check_int.h"

struct dsr_error;

/*
 * The verdict of each of 'def's items at or before 'stage' (-1: any
 * stage), by dsr_check_verdict(): 'out' gets def->nitems pointers, NULL
 * for an item with none.  Costs nitems x nverdicts comparisons.
 * Returns the number of items with a verdict.
 */
size_t score_item_verdicts(const struct dsr_indicator *def,
                           const struct dsr_mindicator *mi, int stage,
                           const struct dsr_verdict **out);

/*
 * The band-interpolation value (ten-thousandths) of 'def' given the
 * verdicts 'v' (from score_item_verdicts()), with item 'flip' counted as
 * diterima (SIZE_MAX: none): L is the highest level all of whose items
 * are diterima, counting up from level 1 (a level without items ends the
 * count); the value is the bottom of level L+1's band plus its width
 * times the share of L+1's items that are diterima, rounded half-up to
 * ten-thousandths (the top of level 5 when all five are complete).
 */
long score_rule_value(const struct dsr_catalog *cat,
                      const struct dsr_indicator *def,
                      const struct dsr_verdict *const *v, size_t flip);

/*
 * The estimate for 'def' at 'stage' in '*value', and in '*from' the
 * latest stage of the item verdicts it rests on: 1 when it has item
 * verdicts at or before 'stage', 0 when it has none (no estimate), -1
 * with 'err' set (DSR_NOMEM).
 */
int score_estimate(const struct dsr_catalog *cat,
                   const struct dsr_indicator *def,
                   const struct dsr_mindicator *mi, int stage, long *value,
                   int *from, struct dsr_error *err);

/*
 * Fill s->item_plan: every item of an evidence indicator whose verdict
 * at or before 'stage' is revisi, with what turning it diterima alone
 * adds under score_rule_value(), largest gain first, ties in catalog
 * order.  Nothing for a catalog without items.  Returns 0, or -1 with
 * 'err' set (DSR_NOMEM).
 */
int score_item_plan(const struct dsr_catalog *cat,
                    const struct dsr_check_indicator *facts, int stage,
                    struct dsr_score *s, struct dsr_error *err);

#endif
