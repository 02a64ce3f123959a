/*
 * edit.h -- changes to a manifest that keep every other byte: what
 * `dossier set` and `dossier import` apply.
 *
 * A manifest is a file people wrote, so it is never re-serialised: each
 * change rewrites one attribute value or one element's text in place,
 * or inserts one element (indented as its neighbours are), and every
 * other byte stays (comments, order, formatting, encoding).  Values come
 * as a person typed them (a decimal comma or point, a stage in any case,
 * spaces around) and are checked as `check` would check them before
 * anything is written; a refused value names where it came from.  The
 * new text must load and validate before it replaces the file
 * atomically, and the previous version is kept as a numbered backup
 * (MANIFEST.~N~, the last DSR_SCAN_BACKUPS), as scan does.
 */
#ifndef DOSSIER_EDIT_H
#define DOSSIER_EDIT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "dossier/finding.h"

struct dsr_error;

/* What one change sets. */
enum dsr_field {
    /* the manifest's own elements ('indicator' NULL) */
    DSR_FIELD_INSTANCE_NAME,
    DSR_FIELD_INSTANCE_KIND,
    DSR_FIELD_COORDINATOR_NAME,
    DSR_FIELD_COORDINATOR_POSITION,
    DSR_FIELD_COORDINATOR_UNIT,
    DSR_FIELD_PERIOD,           /* "FROM..TO", two YYYY-MM-DD dates */
    DSR_FIELD_TARGET,           /* an index, "3.10" or "3,10" */
    DSR_FIELD_PREVIOUS,         /* "YEAR=INDEX" */
    /* an indicator's ('indicator' set; added to the manifest if missing) */
    DSR_FIELD_OWNER,
    DSR_FIELD_LEVEL,            /* the assessment at 'stage'; added if missing */
    DSR_FIELD_EXPLAIN,          /* its explanation (the element's text) */
    /* the assessor's value at 'stage' ("1,1667": 1 to 5, at most four
     * decimals): value= of that assessment, and its level= the value's
     * whole part; the assessment is added if missing */
    DSR_FIELD_VALUE,
    /* a verdict at 'stage' on 'item' (NULL: on the level), 'status' and
     * 'kind' as the manifest spells them, the note in 'value': the
     * verdict of that stage and item is replaced when it says anything
     * else, or added after the indicator's last verdict */
    DSR_FIELD_VERDICT,
    /* an evidence entry of the indicator, by 'file' (added if missing) */
    DSR_FIELD_EVIDENCE_LEVEL,
    DSR_FIELD_EVIDENCE_TITLE,
    DSR_FIELD_EVIDENCE_DATE,
};

/* One change, as a person asked for it. */
struct dsr_change {
    enum dsr_field field;
    const char *indicator;      /* the indicator's id; NULL for the manifest */
    const char *stage;          /* LEVEL, EXPLAIN: a stage name, any case */
    const char *file;           /* EVIDENCE_*: its path below the root */
    const char *value;          /* as typed; "" clears an optional value;
                                   NULL (EVIDENCE_* only): just make sure
                                   the entry is there */
    const char *where;          /* for messages: "--level", "Indikator!D7" */
    /* VERDICT: the item ("I4-L1-02", NULL: none), status and kind
     * ("revisi", "tidak-tepat"; kind NULL or "" for none) */
    const char *item;
    const char *status;
    const char *kind;
};

/* What became of one change. */
enum dsr_edit_outcome {
    DSR_EDIT_SET,               /* a value replaced */
    DSR_EDIT_ADDED,             /* an element or attribute added */
    DSR_EDIT_CLEARED,           /* an optional value removed */
    DSR_EDIT_SAME,              /* already so: nothing to do */
    DSR_EDIT_REFUSED,           /* not applied: 'why' says */
};

struct dsr_edit_item {
    size_t change;              /* index into the caller's changes */
    enum dsr_edit_outcome outcome;
    char *before, *after;       /* as the manifest says them; NULL: none */
    char *why;                  /* REFUSED: in the user's language */
    unsigned long line;         /* manifest line of the element, 0: new */
    int stage;                  /* LEVEL, EXPLAIN, VALUE, VERDICT: the
                                   stage as read (enum dsr_stage); -1
                                   otherwise */
};

struct dsr_edit_result {
    struct dsr_findings findings;   /* why the manifest could not be used */
    struct dsr_edit_item *items;    /* in the order of the changes */
    size_t n, cap;
    size_t applied, refused;
    bool written;                   /* the manifest was replaced */
    unsigned long backup;           /* written: MANIFEST.~backup~ */
};

struct dsr_edit_opts {
    const char *frameworks_dir;
    const char *schemas_dir;
    bool dry_run;                   /* report, change nothing */
    /* apply the changes that pass even when some are refused (import);
     * false: one refused change refuses them all (set) */
    bool partial;
    /* stop (DSR_INTERRUPTED), writing nothing, once *cancel is non-zero;
     * may be NULL */
    const volatile sig_atomic_t *cancel;
    /* the text the changes were worked out against (import: the
     * manifest its plan compared); when the file read differs, nothing
     * is changed and the call fails (DSR_INPUT).  NULL: not checked. */
    const char *expect_text;
    size_t expect_len;
};

/*
 * Apply 'n' changes to the manifest at 'path', in order (a later change
 * of the same value wins).  A manifest that cannot be loaded gives
 * findings in 'res' and changes nothing.  Returns 0 (whatever was
 * refused: see 'res'), or -1 with 'err' set when the tool failed (I/O,
 * out of memory, interrupted, the file changed while it was edited).
 * Release 'res' with dsr_edit_result_release() whatever the outcome.
 */
int dsr_manifest_edit(const char *path, const struct dsr_change *changes,
                      size_t n, const struct dsr_edit_opts *opts,
                      struct dsr_edit_result *res, struct dsr_error *err);

void dsr_edit_result_release(struct dsr_edit_result *res);

/*
 * Free every string of 'c' (for plans that own their changes' strings,
 * as import and verdicts import do) and zero it.
 */
void dsr_change_free(struct dsr_change *c);

#endif
