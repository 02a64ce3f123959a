/*
 * sheet_int.h -- the workbook as read back (its sheets and cells), the
 * columns of the exported sheets and the record layout of the hidden
 * sheet of export-time values, shared by the reader (sheet_read.c), the
 * writer (sheet_write.c) and the import plan (sheet_plan.c).  Private
 * to the core (and its tests).
 */
#ifndef DOSSIER_SHEET_INT_H
#define DOSSIER_SHEET_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "dossier/catalog.h"
#include "dossier/manifest.h"
#include "dossier/sheet.h"

/* ---- the workbook read back (sheet_read.c) ------------------------------ */

/* Names of the sheets the export writes, in 'lang'. */
const char *dsr_sheet_name(enum dsr_sheet_kind kind, enum dsr_lang lang);
/* The hidden sheet of the export-time values, and that of the lists. */
#define DSR_SHEET_BASE "_dossier"
#define DSR_SHEET_LISTS "_lists"

/* What a cell held, as its text says it. */
enum dsr_cell_type {
    DSR_CELL_STRING,
    DSR_CELL_NUMBER,            /* text: "%.15g", "3" for 3.0 */
    DSR_CELL_BOOL,              /* text: "TRUE" or "FALSE" */
    DSR_CELL_DATE,              /* a number styled as a date: "YYYY-MM-DD" */
};

struct dsr_cell {
    unsigned row, col;          /* 0-based */
    enum dsr_cell_type type;
    char *text;
};

struct dsr_sheet {
    char *name;
    bool hidden;
    struct dsr_cell *cells;     /* sorted by row, then column */
    size_t ncells;
    unsigned nrows;             /* 1 + the highest row with a cell */
};

struct dsr_workbook {
    char *path;                 /* as given, for messages */
    bool csv;
    struct dsr_sheet *sheets;   /* in workbook order */
    size_t nsheets;
};

/* The same from 'len' bytes; 'path' names it in messages. */
struct dsr_workbook *dsr_workbook_read_mem(const void *data, size_t len,
                                           const char *path,
                                           struct dsr_error *err);

/* The sheet named 'name' (exactly), or NULL. */
const struct dsr_sheet *dsr_workbook_sheet(const struct dsr_workbook *wb,
                                           const char *name);

/* The cell at 'row', 'col' (0-based), or NULL when empty. */
const struct dsr_cell *dsr_sheet_cell(const struct dsr_sheet *s, unsigned row,
                                      unsigned col);
/* Its text, "" when empty. */
const char *dsr_sheet_text(const struct dsr_sheet *s, unsigned row,
                           unsigned col);

/* "D7" for row 6, column 3 (0-based), in 'buf' (at least 16 bytes). */
char *dsr_cell_ref(unsigned row, unsigned col, char *buf, size_t size);

/* What a column of the indicators or evidence sheet holds. */
enum dsr_col {
    DSR_COL_UNKNOWN,
    DSR_COL_ID,
    DSR_COL_NAME,               /* read-only */
    DSR_COL_OWNER,
    DSR_COL_LEVEL,              /* at 'stage' */
    DSR_COL_EXPLAIN,            /* at 'stage' */
    DSR_COL_HINT,               /* read-only */
    DSR_COL_EV_INDICATOR,
    DSR_COL_EV_FILE,
    DSR_COL_EV_TITLE,
    DSR_COL_EV_LEVEL,
    DSR_COL_EV_DATE,
    DSR_COL_EV_SHA256,          /* read-only */
};

struct dsr_colspec {
    enum dsr_col col;
    int stage;                  /* LEVEL, EXPLAIN: the stage; else -1 */
};

/*
 * A CSV export puts a single quote before a value starting with one of
 * these (a formula to a spreadsheet, or the quote itself); a CSV import
 * takes exactly that quote off again.
 */
#define DSR_CSV_FORMULA_START "=+-@\t\r'"

#define DSR_IND_NCOLS (3 + 2 * DSR_STAGE_COUNT + 1)
#define DSR_EV_NCOLS 6

/* How many columns the export writes on a sheet of 'kind'. */
unsigned dsr_sheet_ncols(enum dsr_sheet_kind kind);
/* The column 'i' of 'kind' as the export writes it. */
struct dsr_colspec dsr_sheet_column(enum dsr_sheet_kind kind, unsigned i);
/* Its header in 'lang', in 'buf'; returns 'buf'. */
const char *dsr_sheet_header(enum dsr_sheet_kind kind, unsigned i,
                             enum dsr_lang lang, char *buf, size_t size);
/*
 * The column a header names, in either language, case and surrounding
 * space ignored; DSR_COL_UNKNOWN when none.
 */
struct dsr_colspec dsr_sheet_header_parse(enum dsr_sheet_kind kind,
                                          const char *text);

/*
 * The text of column 'c' for indicator 'ind' (and evidence entry 'ev' of
 * it, on the evidence sheet) as the manifest gives it: a level "3" or "",
 * a date as written.  'buf' (at least 32 bytes) may hold the result.
 */
const char *dsr_sheet_value(const struct dsr_mindicator *ind,
                            const struct dsr_evidence *ev, struct dsr_colspec c,
                            const struct dsr_catalog *cat, enum dsr_lang lang,
                            char *buf, size_t size);

/*
 * The hidden sheet DSR_SHEET_BASE: key/value rows first, then one row per
 * indicator ("I", id, owner, level and explanation per stage) and one
 * per evidence entry ("E", indicator, file, title, level, date), every
 * value a string as the manifest gives it.
 */
#define DSR_BASE_MAGIC "dossier-export"
#define DSR_BASE_VERSION "1"
#define DSR_BASE_SHA256 "manifest-sha256"
#define DSR_BASE_TIME "exported"
#define DSR_BASE_OWNER "owner"
#define DSR_BASE_IND_SHEET "indicators-sheet"
#define DSR_BASE_EV_SHEET "evidence-sheet"
#define DSR_BASE_IND "I"
#define DSR_BASE_EV "E"

#endif
