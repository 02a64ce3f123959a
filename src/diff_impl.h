/*
 * diff_impl.h -- the parts of diff.c its tests call directly: appending
 * entries and matching them without zips, and how many entries reading
 * the zips held at once.
 */
#ifndef DOSSIER_DIFF_IMPL_H
#define DOSSIER_DIFF_IMPL_H

#include "dossier/diff.h"

/*
 * Append a copy of one entry; 'indicator' is copied once per run of
 * entries that share it.  Returns 0, or -1 with 'err' set (DSR_NOMEM;
 * DSR_INPUT past DSR_DIFF_MAX_BYTES).
 */
int dsr_evidence_refs_add(struct dsr_evidence_refs *r, const char *indicator,
                          const char *file, const char *title,
                          const char *sha256, struct dsr_error *err);

/*
 * Match d->old against d->new into d->items.  A new entry with the same
 * indicator and manifest path as an old one is reused (same SHA-256) or
 * changed; otherwise one whose SHA-256 an unmatched old entry has is
 * moved; otherwise added.  Old entries matched by nothing are removed.
 * Items come in that order: new entries in zip order, then removals;
 * where several old entries fit, the first is taken.  O(n log n) time.
 * Returns 0, or -1 with 'err' set (DSR_NOMEM).
 */
int dsr_diff_match(struct dsr_evidence_diffs *d, struct dsr_error *err);

/*
 * dsr_diff_evidence(), telling in '*peak' the most index.xml entries held
 * at once while the zips were read: the largest single zip's count,
 * never the sum over zips.
 */
int diff_evidence_run(const struct dsr_bundle_view *old_view,
                      const struct dsr_bundle_view *new_view,
                      struct dsr_evidence_diffs *d, size_t *peak,
                      struct dsr_error *err);

#endif
