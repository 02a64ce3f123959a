/*
 * diff.h -- two yearly bundles side by side: each bundle's manifest,
 * catalog and score, and the evidence added, removed, changed, moved or
 * reused between them, matched by SHA-256.  The bundle's layout is in
 * docs/design.md, "The yearly bundle".
 *
 * A bundle given to diff may come from anyone.  Every file of it is
 * opened beneath the bundle's folder one path component at a time,
 * never through a symbolic link, and only a regular file is read (a
 * FIFO, device or socket is refused without blocking).  The zips'
 * index.xml files are read one at a time: only what the comparison
 * needs of each entry is kept, so memory is the largest single zip's
 * parsed index plus the result.
 */
#ifndef DOSSIER_DIFF_H
#define DOSSIER_DIFF_H

#include <stddef.h>

#include "dossier/bag.h"
#include "dossier/catalog.h"
#include "dossier/manifest.h"
#include "dossier/score.h"

struct dsr_error;

/* At most this many zips in data/indicators of one bundle. */
#define DSR_DIFF_MAX_ZIPS ((size_t)1000)
/* At most this many index.xml entries in one bundle, all zips together. */
#define DSR_DIFF_MAX_ENTRIES DSR_MANIFEST_MAX_ENTRIES
/*
 * At most this many bytes of index.xml strings (indicator, file, title,
 * SHA-256) kept of one bundle, all zips together: they all come from its
 * manifest, which is at most as large.
 */
#define DSR_DIFF_MAX_BYTES DSR_MANIFEST_MAX_BYTES

/* A bundle read back for comparison. */
struct dsr_bundle_view {
    struct dsr_manifest *manifest;
    struct dsr_catalog *catalog;
    struct dsr_score score;
    char *dir;                      /* as given, for messages */
    int zipdirfd;                   /* data/indicators, -1 when absent */
    char **zips;                    /* the names of its zips, sorted */
    size_t nzips;
};

/* A view that holds nothing yet (no descriptor: not fd 0). */
#define DSR_BUNDLE_VIEW_INIT {.zipdirfd = -1}

/*
 * Read the bundle at 'dir': data/manifest.xml with the manifest loader
 * (schema 'schemas_dir'/manifest.xsd), its framework from
 * 'frameworks_dir', the score of every stage, and the names of the zips
 * in data/indicators (their index.xml is read by dsr_diff_evidence()).
 * Nothing outside 'dir' but the catalog and schemas is opened; a link
 * or a file that is not regular on the way is refused.  Returns 0, or -1
 * with 'err' set (DSR_INPUT with the file for a bundle that cannot be
 * read as one, DSR_IO, DSR_NOMEM).  Release 'v' with
 * dsr_bundle_view_release() whatever the outcome (a view only set to
 * DSR_BUNDLE_VIEW_INIT may be released too).
 */
int dsr_bundle_view_load(const char *dir, const char *frameworks_dir,
                         const char *schemas_dir, struct dsr_bundle_view *v,
                         struct dsr_error *err);
/*
 * The same view of a manifest at 'path' that is not in a bundle (a
 * previous year's workspace): its manifest, catalog and score; no zips
 * ('zipdirfd' -1, 'dir' the path).  A manifest with any finding of the
 * loader (a text over its limit included) is refused: DSR_INPUT with the
 * file and line of the first.
 */
int dsr_bundle_view_load_manifest(const char *path, const char *frameworks_dir,
                                  const char *schemas_dir,
                                  struct dsr_bundle_view *v,
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

/* One evidence entry of a bundle, copied out of its zip's index.xml. */
struct dsr_evidence_ref {
    const char *indicator;          /* the zip's; owned by the list */
    char *file, *title, *sha256;
};

/* Every evidence entry of one bundle, in zip order. */
struct dsr_evidence_refs {
    struct dsr_evidence_ref *items;
    size_t n, cap;
    char **indicators;              /* the strings 'indicator' points to */
    size_t nindicators, capindicators;
    size_t bytes;                   /* kept, at most DSR_DIFF_MAX_BYTES */
};

/* One evidence difference; the entries belong to the diffs' lists. */
struct dsr_evidence_diff {
    enum dsr_evidence_change change;
    const struct dsr_evidence_ref *old, *new;      /* NULL when absent */
};

struct dsr_evidence_diffs {
    struct dsr_evidence_diff *items;
    size_t n, cap;
    struct dsr_evidence_refs old, new;  /* what the items point to */
    size_t encrypted;       /* zips left out: their index.xml is encrypted */
};

/*
 * Compare the evidence of two bundles.  Reads the index.xml of every zip
 * of 'old_view', then of 'new_view', one zip at a time, into d->old and
 * d->new, then matches them by content (same place: reused or
 * changed; same SHA-256 elsewhere: moved; else added or removed).  An
 * encrypted index.xml is counted in d->encrypted and left out.  Returns 0, or -1 with 'err' set
 * (DSR_INPUT naming the zip, DSR_NOMEM).  Release 'd' with
 * dsr_evidence_diffs_release() whatever the outcome.
 */
int dsr_diff_evidence(const struct dsr_bundle_view *old_view,
                      const struct dsr_bundle_view *new_view,
                      struct dsr_evidence_diffs *d, struct dsr_error *err);

void dsr_evidence_diffs_release(struct dsr_evidence_diffs *d);

/* How the indicators of two bundles are paired. */
enum dsr_pairing {
    DSR_PAIR_SAME,      /* the same framework: by id */
    DSR_PAIR_MAPPED,    /* the new catalog maps from the old framework */
    DSR_PAIR_NONE,      /* no mapping known: nothing is paired */
};

/* One row: an old indicator and the new one it continues as. */
struct dsr_indicator_pair {
    const struct dsr_score_indicator *old, *new;    /* NULL when absent */
};

struct dsr_indicator_pairs {
    enum dsr_pairing how;
    struct dsr_indicator_pair *items;
    size_t n;
};

/*
 * Pair the indicators of two bundles, by their scores.  The same
 * framework: every new indicator with the old one of the same id (old
 * NULL when it has none).  The new catalog mapping from the old one
 * (dsr_catalog_map_indicator()): every old indicator in catalog order
 * with the new one it continues as (new NULL when none), then the new
 * indicators no old one continues as (old NULL).  Otherwise: every old
 * indicator alone, then every new one alone, never paired by number.
 * The pairs point into the views' scores.  Returns 0, or -1 with 'err'
 * set (DSR_NOMEM).  Release 'p' with dsr_indicator_pairs_release()
 * whatever the outcome.
 */
int dsr_diff_indicators(const struct dsr_bundle_view *old_view,
                        const struct dsr_bundle_view *new_view,
                        struct dsr_indicator_pairs *p, struct dsr_error *err);

void dsr_indicator_pairs_release(struct dsr_indicator_pairs *p);

#endif
