/*
 * score_estimate.c -- an indicator's value estimated from its item
 * verdicts by band interpolation, and the plan in items: which revisi
 * items to resolve first.  The rule is the candidate of the Pemdi facts
 * reference (§3.4); no source states it, so whatever it gives is shown
 * as an estimate (docs/design.md, "Scoring").
 */
#include "score_int.h"

#include "dossier/error.h"

#include <stdint.h>
#include <stdlib.h>

static int cmp_item_step(const void *a, const void *b);

size_t
score_item_verdicts(const struct dsr_indicator *def,
                    const struct dsr_mindicator *mi, int stage,
                    const struct dsr_verdict **out)
{
    size_t n = 0;

    for (size_t k = 0; k < def->nitems; k++) {
        /* check's one rule for the verdict that counts */
        out[k] = mi && mi->nverdicts
                     ? dsr_check_verdict(mi, def->items[k].id, stage)
                     : NULL;
        n += out[k] != NULL;
    }
    return n;
}

long
score_rule_value(const struct dsr_catalog *cat,
                 const struct dsr_indicator *def,
                 const struct dsr_verdict *const *v, size_t flip)
{
    long lo = 0, hi = 0;

    for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++) {
        size_t first = def->level_first[lv];
        size_t n = def->level_first[lv + 1] - first;
        size_t acc = 0;

        for (size_t k = first; k < first + n; k++)
            acc += k == flip ||
                   (v[k] && v[k]->status == DSR_VERDICT_DITERIMA);
        dsr_catalog_level_band(cat, lv, &lo, &hi);
        if (n == 0 || acc < n) {
            unsigned long long w = (unsigned long long)(hi - lo);

            /* lo + w * acc / n, half-up; n == 0: the level is not met */
            return n ? lo + (long)((2 * w * acc + n) / (2 * n)) : lo;
        }
    }
    return hi;
}

int
score_estimate(const struct dsr_catalog *cat, const struct dsr_indicator *def,
               const struct dsr_mindicator *mi, int stage, long *value,
               int *from, struct dsr_error *err)
{
    const struct dsr_verdict **v;
    int rc = 0;

    if (!mi || !def->nitems || !mi->nverdicts)
        return 0;
    v = calloc(def->nitems, sizeof(*v));
    if (!v)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    if (score_item_verdicts(def, mi, stage, v)) {
        *value = score_rule_value(cat, def, v, SIZE_MAX);
        *from = -1;
        for (size_t k = 0; k < def->nitems; k++)
            if (v[k] && (int)v[k]->stage > *from)
                *from = (int)v[k]->stage;
        rc = 1;
    }
    free(v);
    return rc;
}

/* Largest gain first; then catalog order of indicator and item. */
static int
cmp_item_step(const void *a, const void *b)
{
    const struct dsr_item_step *x = a;
    const struct dsr_item_step *y = b;

    if (x->gain != y->gain)
        return x->gain < y->gain ? 1 : -1;
    if (x->def != y->def)
        return x->def->number < y->def->number ? -1 : 1;
    return (x->item > y->item) - (x->item < y->item);
}

int
score_item_plan(const struct dsr_catalog *cat,
                const struct dsr_check_indicator *facts, int stage,
                struct dsr_score *s, struct dsr_error *err)
{
    size_t total = 0, most = 0;
    const struct dsr_verdict **v = NULL;

    if (!cat->has_items)
        return 0;
    for (size_t i = 0; i < cat->nindicators; i++) {
        total += cat->indicators[i].nitems;
        if (cat->indicators[i].nitems > most)
            most = cat->indicators[i].nitems;
    }
    if (!total)
        return 0;
    /* each item at most once: the plan is bounded by the catalog */
    s->item_plan = calloc(total, sizeof(*s->item_plan));
    v = calloc(most, sizeof(*v));
    if (!s->item_plan || !v) {
        free(v);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t i = 0; i < cat->nindicators; i++) {
        const struct dsr_indicator *def = &cat->indicators[i];
        const struct dsr_mindicator *mi = facts[i].mind;
        long from;

        if (def->source != DSR_SOURCE_EVIDENCE ||
            !score_item_verdicts(def, mi, stage, v))
            continue;
        from = score_rule_value(cat, def, v, SIZE_MAX);
        for (size_t k = 0; k < def->nitems; k++) {
            long to;

            if (!v[k] || v[k]->status != DSR_VERDICT_REVISI)
                continue;
            to = score_rule_value(cat, def, v, k);
            s->item_plan[s->nitem_plan++] = (struct dsr_item_step){
                .def = def,
                .item = &def->items[k],
                .owner = mi->owner,
                .kind = v[k]->kind,
                .from_value = from,
                .to_value = to,
                .gain = to > from
                            ? (unsigned long long)(to - from) * def->weight
                            : 0,
            };
        }
    }
    free(v);
    if (s->nitem_plan > 1)
        qsort(s->item_plan, s->nitem_plan, sizeof(*s->item_plan),
              cmp_item_step);
    return 0;
}
