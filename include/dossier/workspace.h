/*
 * workspace.h -- the coordinator's working folder: `init` lays out a
 * manifest skeleton with one evidence folder per indicator, and `scan`
 * adds the files dropped into those folders to the manifest.
 */
#ifndef DOSSIER_WORKSPACE_H
#define DOSSIER_WORKSPACE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "dossier/catalog.h"
#include "dossier/finding.h"
#include "dossier/hash.h"
#include "dossier/manifest.h"

struct dsr_error;

/*
 * The folder of indicator 'ind' under the evidence root: its id (zero-
 * padded to two digits when numeric), a hyphen and a short slug of its
 * name, e.g. "01-kebijakan-internal-arsitektur-spbe".  Written to 'out'.
 */
char *dsr_indicator_folder(const struct dsr_indicator *ind, char *out,
                           size_t size);

/* Whether a folder named 'name' belongs to 'ind': its (padded) id alone,
 * or followed by a hyphen and anything. */
bool dsr_indicator_owns_folder(const struct dsr_indicator *ind,
                               const char *name);

/*
 * The previous year that init --from starts from: a bundle written by
 * pack, or a manifest with its evidence (opaque; dsr_previous_load()).
 */
struct dsr_previous;

/*
 * Load the previous year at 'path': a folder is read as a bundle
 * (dsr_bundle_view_load()), a file as a manifest (validated, its catalog
 * loaded, scored, and its evidence root opened, which must lie inside
 * the manifest's folder, as check requires of a received manifest).
 * Returns the previous year, or NULL with 'err' set (DSR_INPUT with the
 * file and line of the first problem).  Free with dsr_previous_free().
 */
struct dsr_previous *dsr_previous_load(const char *path,
                                       const char *frameworks_dir,
                                       const char *schemas_dir,
                                       struct dsr_error *err);
void dsr_previous_free(struct dsr_previous *p);

/* Its evaluation year, framework id and institution's name. */
int dsr_previous_year(const struct dsr_previous *p);
const char *dsr_previous_framework(const struct dsr_previous *p);
const char *dsr_previous_instance(const struct dsr_previous *p);

/*
 * Its index, as its manifest scores it (the latest stage of each
 * indicator counting), in hundredths rounded by its catalog's rule
 * (half-up by default): false when no indicator was filled.
 */
bool dsr_previous_index(const struct dsr_previous *p, long *hundredths);

/* A manifest's evidence folder (its real path); NULL for a bundle. */
const char *dsr_previous_evidence_root(const struct dsr_previous *p);

/*
 * Whether last year's evidence 'e' is still in force in evaluation year
 * 'year': marked in-force="true"; or a regulation, decision, circular,
 * policy, plan or standard operating procedure by the first word of its
 * title or file name ("Peraturan Bupati ...", "sk-tim-...", "SOP ...",
 * "PermenPANRB ..."); or one whose title or file name gives a span of
 * years ("2023-2026") that reaches 'year'.
 */
bool dsr_evidence_in_force(const struct dsr_evidence *e, int year);

/* What init --from did with one evidence entry of the previous year. */
enum dsr_carry_action {
    DSR_CARRY_LINKED,       /* a hard link to last year's file */
    DSR_CARRY_COPIED,       /* copied: from a bundle's zip, or where a link
                             * is not possible (or not wanted: 'copy') */
    DSR_CARRY_PRESENT,      /* already in place with that content (init
                             * --from run again after a failure) */
    DSR_CARRY_SHARED,       /* a file carried above for another entry */
    DSR_CARRY_LEFT,         /* not in force: a record of last year's work,
                             * which the new year needs anew */
    DSR_CARRY_UNMAPPED,     /* its indicator continues as none */
    DSR_CARRY_FAILED,       /* gone, unreadable, encrypted or not what last
                             * year recorded: 'why' says */
};

struct dsr_carry_item {
    enum dsr_carry_action action;
    char *indicator;        /* last year's; these are dsr_printable() */
    char *new_indicator;    /* "" when none */
    char *file;             /* last year's path */
    char *to;               /* the new path below the new evidence root;
                             * NULL when not carried */
    char *why;              /* FAILED: why, in the user's language */
};

/*
 * One evidence entry the new manifest lists, carried from last year.
 * 'ev' points into the previous year's manifest: valid while the
 * struct dsr_previous it came from is.
 */
struct dsr_carried {
    const struct dsr_indicator *ind;    /* in the new catalog */
    const struct dsr_evidence *ev;      /* last year's entry */
    char *to;                           /* below the new evidence root */
    char sha256[DSR_SHA256_HEX];
};

/* What init --from carried; set it to {0} and release it when done. */
struct dsr_carry_result {
    struct dsr_carry_item *items;       /* last year's manifest order */
    size_t n, cap;
    size_t carried, left, failed;       /* items by outcome */
    struct dsr_carried *entries;
    size_t nentries, capentries;
    /* the new framework is another, and no mapping from the old one is
     * known: no owner, link or document could be carried */
    bool no_mapping;
    /* last year's period was no real span of dates, so it was not carried */
    bool period_dropped;
};

void dsr_carry_result_release(struct dsr_carry_result *r);

struct dsr_init_opts {
    const struct dsr_catalog *catalog;
    const char *instance;           /* NULL: a name to fill in, or the
                                     * previous year's */
    int year;
    /* init --from: the previous year, or NULL */
    const struct dsr_previous *from;
    bool copy;                      /* copy, never hard-link, its files */
    /* with 'from': what was carried (the caller releases it) */
    struct dsr_carry_result *carried;
    /* validate the new manifest against 'schemas_dir'/manifest.xsd before
     * it is written; NULL: not validated (init alone writes a fixed
     * skeleton) */
    const char *schemas_dir;
    /* stop (DSR_INTERRUPTED), writing no manifest, once *cancel is
     * non-zero; may be NULL */
    const volatile sig_atomic_t *cancel;
};

/*
 * Create 'dir' (and its parents) if needed and write dir/manifest.xml
 * listing every indicator of the catalog (its name as a comment, an empty
 * owner, no assessment), plus dir/bukti/<folder>/BACA-SAYA.txt for each
 * indicator with the evidence that typically belongs there and the
 * criteria of each level.  Refuses (DSR_USAGE) when dir/manifest.xml
 * exists; never overwrites a note that exists.  Returns 0, or -1 with
 * 'err' set.
 */
int dsr_init_write(const char *dir, const struct dsr_init_opts *opts,
                   struct dsr_error *err);

/* What scan did, or would do, with one file. */
enum dsr_scan_action {
    DSR_SCAN_ADDED,         /* a new evidence entry */
    DSR_SCAN_MOVED,         /* a listed file found under another name (same
                             * SHA-256): its entry now names it */
    DSR_SCAN_SKIPPED,       /* hidden file or editor leftover */
    DSR_SCAN_OUTSIDE,       /* a symbolic link, never followed (check
                             * refuses links, wherever they lead) */
    DSR_SCAN_NOT_FILE,      /* a FIFO, socket or device: never opened */
    DSR_SCAN_TOO_DEEP,      /* a folder nested past the depth scan enters */
    DSR_SCAN_UNASSIGNED,    /* not in any indicator's folder */
    DSR_SCAN_GONE,          /* listed in the manifest, no longer there */
    DSR_SCAN_PRUNED,        /* gone, and its entry removed (--prune) */
    DSR_SCAN_BAD_NAME,      /* a name a manifest cannot hold, or that
                             * check would refuse: see 'reason' */
};

/* Why a file or folder was not added (DSR_SCAN_BAD_NAME). */
enum dsr_scan_reason {
    DSR_SCAN_NAME_OK,
    DSR_SCAN_NAME_CONTROL,  /* a control character (C0, DEL or C1) */
    DSR_SCAN_NAME_NOT_UTF8, /* bytes that are not UTF-8 */
    DSR_SCAN_NAME_NOT_XML,  /* U+FFFE or U+FFFF, which XML cannot hold */
    DSR_SCAN_NAME_BACKSLASH,
    DSR_SCAN_NAME_WINDOWS,  /* a name Windows cannot hold (a drive letter
                             * "C:", : * ? " < > |, a trailing dot or
                             * space, CON, NUL): an assessor on Windows
                             * could not open it from the zip */
    DSR_SCAN_NAME_TOO_LONG, /* over DSR_EVIDENCE_PATH_MAX or _NAME_MAX, or
                             * over PATH_MAX with the evidence root */
};

struct dsr_scan_item {
    enum dsr_scan_action action;
    char *indicator;        /* "" when none */
    char *file;             /* relative to the evidence root, made
                             * printable by dsr_printable() */
    char *from;             /* MOVED: the name the entry had; else NULL */
    unsigned long line;     /* manifest line (GONE, PRUNED, MOVED), else 0 */
    enum dsr_scan_reason reason;    /* BAD_NAME: why; else NAME_OK */
};

struct dsr_scan_result {
    struct dsr_findings findings;   /* why the manifest could not be used */
    struct dsr_scan_item *items;    /* sorted by action, then file */
    size_t n, cap;
    size_t added;
    size_t moved;                   /* items with DSR_SCAN_MOVED */
    size_t gone;                    /* items with DSR_SCAN_GONE */
    size_t pruned;                  /* items with DSR_SCAN_PRUNED */
    size_t bad_names;               /* items with DSR_SCAN_BAD_NAME */
    bool written;                   /* the manifest was rewritten */
    unsigned long backup;           /* written: the previous version is
                                     * MANIFEST.~backup~ */
};

/* How many numbered backups of a manifest scan keeps. */
#define DSR_SCAN_BACKUPS 10

struct dsr_scan_opts {
    const char *frameworks_dir;
    const char *schemas_dir;
    bool dry_run;                   /* report, but change nothing */
    bool prune;                     /* remove the entries of files gone */
    /* stop (DSR_INTERRUPTED), writing nothing, once *cancel is non-zero;
     * may be NULL */
    const volatile sig_atomic_t *cancel;
};

/*
 * Add an evidence entry for every file in an indicator's folder (and its
 * subfolders) that the manifest does not list: title from the file name,
 * its SHA-256, date from the document itself where it says
 * (dsr_scan_document_date(): date-source="document"), else from its
 * modification time (date-source="file"), no level.  A new file with the
 * SHA-256 of an entry of the same indicator whose file is gone was moved
 * or renamed: that entry's file attribute is rewritten to the new name,
 * keeping its level, title, date and the rest (DSR_SCAN_MOVED).  The
 * other entries whose file is gone are listed (DSR_SCAN_GONE), or with
 * 'prune' removed (DSR_SCAN_PRUNED).  Nothing else in the file
 * changes: the entries are inserted as text before each indicator's end
 * tag (indicators not in the manifest yet are appended), and the rest of
 * the bytes stay as they were.  The manifest is replaced atomically and
 * its previous version kept as MANIFEST.~N~ (N one more than the highest
 * there), of which the DSR_SCAN_BACKUPS newest are kept.  A manifest that cannot be
 * loaded gives findings in 'res' and changes nothing, and so does one
 * whose text scan cannot splice safely: not UTF-8 (UTF-16, undeclared
 * Latin-1 bytes, ...) nor a declared single-byte encoding it knows
 * (US-ASCII, ISO-8859-n, Windows-125n, whose new entries are written in
 * ASCII with character references).  A name that cannot be added is a
 * DSR_SCAN_BAD_NAME item with its reason; the other files are still
 * added.  The new text must load again, listing exactly the old entries
 * (moved ones renamed, pruned ones left out) plus the new ones, before
 * it is written.  Returns 0, or -1
 * with 'err' set when the tool failed (I/O, out of memory).  Release
 * 'res' with dsr_scan_result_release() whatever the outcome.
 */
int dsr_scan(const char *manifest, const struct dsr_scan_opts *opts,
             struct dsr_scan_result *res, struct dsr_error *err);

void dsr_scan_result_release(struct dsr_scan_result *res);

#endif
