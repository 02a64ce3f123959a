/*
 * sheet.h -- the worksheet round trip: a manifest exported to a workbook
 * (xlsx) or CSV for people who live in spreadsheets, the workbook read
 * back within stated limits, and the import plan: what people changed,
 * by a three-way merge against the values the workbook carries from the
 * export.  The plan is a list of struct dsr_change for
 * dsr_manifest_edit() (dossier/edit.h).  docs/design.md, "The worksheet
 * round trip", has the layout and the decisions.
 */
#ifndef DOSSIER_SHEET_H
#define DOSSIER_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/catalog.h"
#include "dossier/edit.h"

struct dsr_error;
struct dsr_manifest;
/* A workbook read back (opaque; sheet_int.h has its cells). */
struct dsr_workbook;

/* ---- export ----------------------------------------------------------- */

/* Which sheet a CSV export writes (a workbook has both). */
enum dsr_sheet_kind {
    DSR_SHEET_INDICATORS,
    DSR_SHEET_EVIDENCE,
};

struct dsr_export_opts {
    enum dsr_lang lang;         /* headers, sheet names, hints */
    const char *owner;          /* only this OPD's indicators; NULL: all */
    bool csv;                   /* CSV (one sheet) instead of xlsx */
    enum dsr_sheet_kind sheet;  /* csv: which one */
    int64_t now;                /* export time, seconds since the epoch */
};

/*
 * Write the workbook (or CSV) of manifest 'm' (catalog 'cat', for names
 * and criteria) to 'out', atomically: a file is there whole or not at
 * all; an existing 'out' is replaced.  An owner no indicator has is
 * DSR_INPUT.  Returns 0, or -1 with 'err' set.
 */
int dsr_sheet_export(const struct dsr_manifest *m, const struct dsr_catalog *cat,
                     const struct dsr_export_opts *opts, const char *out,
                     struct dsr_error *err);

/* ---- reading ---------------------------------------------------------- */

/*
 * Limits on what is read from a workbook or CSV file someone sent.  Past
 * any of them the file is refused with a message naming it.
 */
#define DSR_WB_MAX_FILE ((size_t)64 << 20)      /* the .xlsx / .csv file */
#define DSR_WB_MAX_PART ((uint64_t)16 << 20)    /* one part, inflated */
#define DSR_WB_MAX_ENTRIES 1000                 /* zip entries */
#define DSR_WB_MAX_SHEETS 32
#define DSR_WB_MAX_ROWS 100000                  /* highest row number */
#define DSR_WB_MAX_COLS 64                      /* highest column number */
#define DSR_WB_MAX_CELLS ((size_t)1000000)      /* in all sheets */
#define DSR_WB_MAX_STRINGS ((size_t)1000000)    /* shared strings */
#define DSR_WB_MAX_CELL_BYTES 32767             /* Excel's own limit */
#define DSR_WB_MAX_TEXT ((size_t)64 << 20)      /* all cells' text */
#define DSR_WB_MAX_ELEMENTS ((size_t)1000000)   /* XML elements, all parts */

/*
 * Read the workbook at 'path': an .xlsx file (by its zip signature), or
 * else CSV (RFC 4180; UTF-8, a BOM skipped; ',' or ';' as separator,
 * whichever the first line uses outside quotes; one sheet, named after
 * nothing: "").  Returns the workbook (free with dsr_workbook_free()), or
 * NULL with 'err' set: DSR_INPUT with the file (and sheet and cell where
 * known) for a file that is not a readable workbook or passes a limit;
 * DSR_IO, DSR_NOMEM.
 */
struct dsr_workbook *dsr_workbook_read(const char *path, struct dsr_error *err);

/*
 * The same, under the same limits, parsing the workbook's first visible
 * sheet whatever its name (the others are listed, never parsed): a sheet
 * someone made, not an export (verdicts import).  A CSV file is its one
 * sheet.
 */
struct dsr_workbook *dsr_workbook_read_first(const char *path,
                                             struct dsr_error *err);

void dsr_workbook_free(struct dsr_workbook *wb);

/* ---- the import plan -------------------------------------------------- */

enum dsr_import_issue_kind {
    DSR_IMPORT_CONFLICT,        /* changed in both, differently: not applied */
    DSR_IMPORT_UNKNOWN,         /* an indicator the catalog does not have */
    DSR_IMPORT_GONE,            /* no longer in the manifest: left alone */
    DSR_IMPORT_DUPLICATE,       /* a row whose key an earlier row has */
    DSR_IMPORT_NO_KEY,          /* a row without indicator (or file) */
    DSR_IMPORT_ADDED,           /* a new evidence row: an entry is added */
    DSR_IMPORT_NOT_EXPORTED,    /* in the manifest, no export-time row: left alone */
    DSR_IMPORT_OUT_OF_SCOPE,    /* not the exported owner's ('base'): left alone */
};

struct dsr_import_issue {
    enum dsr_import_issue_kind kind;
    char *where;                /* "Indikator!D7", or the row: "Bukti!A9" */
    char *indicator, *file;     /* file: evidence rows only, else NULL */
    /* CONFLICT: at export, in the workbook, in the manifest */
    char *base, *theirs, *ours;
};

struct dsr_import_plan {
    struct dsr_change *changes; /* for dsr_manifest_edit(), strings owned */
    size_t n, cap;
    struct dsr_import_issue *issues;
    size_t nissues, icap;
    size_t conflicts;           /* issues that are conflicts */
    size_t skipped;             /* rows with edits that were not applied */
    bool three_way;             /* export-time values were there */
    bool manifest_changed;      /* its SHA-256 differs from the export's */
    char *exported;             /* export time as written, or NULL */
};

/*
 * The changes people made in workbook 'wb' to manifest 'm' (loaded from
 * the bytes whose SHA-256 is 'm->source'): for every editable cell, the
 * value at export B (from the hidden sheet), in the workbook W and in the
 * manifest now M, compared after normalising (white space trimmed; a
 * level "3", "3.0" or "3,0" is 3; a date cell is its date): W = B: left
 * alone; M = B: a change to W (as typed, 'where' its cell); M = W:
 * nothing; else a conflict.  Without export-time values (a CSV file, or a
 * workbook that is not an export), W != M is a change.  Rows are
 * reported as 'issues' says.  Pure: reads nothing but its arguments.
 * Returns 0, or -1 with 'err' set (DSR_INPUT when the workbook has no
 * sheet or header this can read, naming it; DSR_NOMEM).  Release 'plan'
 * with dsr_import_plan_release() whatever the outcome.
 */
int dsr_import_plan(const struct dsr_manifest *m, const struct dsr_catalog *cat,
                    const struct dsr_workbook *wb, struct dsr_import_plan *plan,
                    struct dsr_error *err);

void dsr_import_plan_release(struct dsr_import_plan *plan);

#endif
