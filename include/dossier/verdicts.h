/*
 * verdicts.h -- the assessors' verdicts and values, as a coordinator
 * copies them from the evaluation portal into a sheet (CSV or a
 * workbook's first sheet), turned into changes of the manifest for the
 * byte-preserving editor (dossier/edit.h): `dossier verdicts import`.
 * docs/design.md, "Importing the assessors' verdicts", has the column
 * layout and the decisions.
 */
#ifndef DOSSIER_VERDICTS_H
#define DOSSIER_VERDICTS_H

#include <stddef.h>

#include "dossier/edit.h"

struct dsr_catalog;
struct dsr_error;
struct dsr_workbook;

/* What is wrong with one cell (or row) of the sheet. */
struct dsr_verdicts_problem {
    unsigned row, col;          /* 0-based; the header is a row too */
    char *message;              /* "FILE, row 5, column B (butir): ...",
                                   translated */
};

/* At most this many problems are kept (the rest are counted). */
#define DSR_VERDICTS_MAX_PROBLEMS 1000

struct dsr_verdicts_plan {
    /*
     * DSR_FIELD_VERDICT and DSR_FIELD_VALUE changes, in the order of the
     * rows, each verdict and each value once; strings owned
     */
    struct dsr_change *changes;
    size_t n, cap;
    /* the bad cells, by row (the first DSR_VERDICTS_MAX_PROBLEMS found;
     * 'more_problems' counts the others); with any, nothing may be
     * written */
    struct dsr_verdicts_problem *problems;
    size_t nproblems, pcap;
    size_t more_problems;
    size_t rows;                /* rows read, blank ones aside */
    size_t verdicts, values;    /* distinct verdicts and values in them */
};

/*
 * The verdicts and values of the first visible sheet of 'wb' (read with
 * dsr_workbook_read_first()) for a manifest of catalog 'cat': a header
 * row (the first row with a cell), then one verdict or value per row.
 * A row with an empty stage takes 'default_stage' (DSR_STAGE_DOKUMEN ..
 * DSR_STAGE_VISITASI).  Bad cells are 'problems', not errors.  Pure:
 * reads nothing but its arguments.  Returns 0, or -1 with 'err' set
 * (DSR_NOMEM).  Release 'plan' with dsr_verdicts_plan_release() whatever
 * the outcome.
 */
int dsr_verdicts_plan(const struct dsr_catalog *cat,
                      const struct dsr_workbook *wb, int default_stage,
                      struct dsr_verdicts_plan *plan, struct dsr_error *err);

void dsr_verdicts_plan_release(struct dsr_verdicts_plan *plan);

#endif
