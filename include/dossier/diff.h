/*
 * diff.h -- two yearly bundles side by side: each bundle's manifest,
 * catalog and score, and the evidence added, removed, changed, moved or
 * reused between them, matched by SHA-256.  The bundle's layout is in
 * docs/design.md, "The yearly bundle".
 */
#ifndef DOSSIER_DIFF_H
#define DOSSIER_DIFF_H

#include <stddef.h>

#include "dossier/bag.h"
#include "dossier/catalog.h"
#include "dossier/manifest.h"
#include "dossier/score.h"

struct dsr_error;

/* A bundle read back for comparison. */
struct dsr_bundle_view {
    struct dsr_manifest *manifest;
    struct dsr_catalog *catalog;
    struct dsr_score score;
    struct dsr_zip_index *zips;     /* data/indicators/NN.zip, by name */
    size_t nzips;
    size_t encrypted;               /* zips whose index.xml is encrypted */
};

/*
 * Read the bundle at 'dir': data/manifest.xml with the manifest loader
 * (schema 'schemas_dir'/manifest.xsd), its framework from
 * 'frameworks_dir', the score of every stage, and index.xml of every
 * zip.  Nothing outside 'dir' but the catalog and schemas is opened.
 * Returns 0, or -1 with 'err' set (DSR_INPUT with the file for a bundle
 * that cannot be read as one, DSR_IO, DSR_NOMEM).  Release 'v' with
 * dsr_bundle_view_release() whatever the outcome.
 */
int dsr_bundle_view_load(const char *dir, const char *frameworks_dir,
                         const char *schemas_dir, struct dsr_bundle_view *v,
                         struct dsr_error *err);
void dsr_bundle_view_release(struct dsr_bundle_view *v);

enum dsr_evidence_change {
    DSR_EV_ADDED,       /* only in the new bundle */
    DSR_EV_REMOVED,     /* only in the old bundle */
    DSR_EV_CHANGED,     /* same indicator and file, other content */
    DSR_EV_MOVED,       /* same content under another indicator or file */
    DSR_EV_REUSED,      /* same indicator, file and content as last time */
};

/* "added", "removed", "changed", "moved", "reused". */
const char *dsr_evidence_change_name(enum dsr_evidence_change c);

/* One evidence difference; strings borrow from the two views. */
struct dsr_evidence_diff {
    enum dsr_evidence_change change;
    const char *old_indicator, *new_indicator;     /* NULL when absent */
    const struct dsr_index_entry *old, *new;       /* NULL when absent */
};

struct dsr_evidence_diffs {
    struct dsr_evidence_diff *items;
    size_t n, cap;
};

/*
 * Compare the evidence of two bundles.  A new entry with the same
 * indicator and manifest path as an old one is reused (same SHA-256) or
 * changed; otherwise one whose SHA-256 an unmatched old entry has is
 * moved; otherwise added.  Old entries matched by nothing are removed.
 * Items come in that order: new entries in zip order, then removals.
 * Returns 0, or -1 with 'err' set (DSR_NOMEM).  Release with
 * dsr_evidence_diffs_release().
 */
int dsr_diff_evidence(const struct dsr_bundle_view *old_view,
                      const struct dsr_bundle_view *new_view,
                      struct dsr_evidence_diffs *d, struct dsr_error *err);
void dsr_evidence_diffs_release(struct dsr_evidence_diffs *d);

#endif
