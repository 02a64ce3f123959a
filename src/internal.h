/*
 * internal.h -- declarations shared inside the core library only.
 */
#ifndef DOSSIER_INTERNAL_H
#define DOSSIER_INTERNAL_H

#include "fileio.h"     /* dsr_read_file(), used across the core */

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#define DSR_TEXTDOMAIN "dossier"
#define _(s) dgettext(DSR_TEXTDOMAIN, s)
#define N_(s) (s)

struct dsr_error;

/* strdup that records DSR_NOMEM in 'err'; NULL 's' gives NULL. */
char *dsr_strdup(const char *s, struct dsr_error *err);

/*
 * Grow '*items' (of 'size'-byte elements, '*cap' allocated) to hold at
 * least 'need' elements.  Overflow-checked.  Returns 0 or -1 (DSR_NOMEM).
 */
int dsr_grow(void **items, size_t size, size_t *cap, size_t need,
             struct dsr_error *err);

/* Threads a job may use: --jobs is at most this. */
#define DSR_MAX_JOBS 64

/*
 * fn(ctx, i) once for every i below n, taken in order by up to 'jobs'
 * threads (0: one per core; at most DSR_MAX_JOBS).  The calling thread
 * works too, so everything is done even when no thread can be started.
 * Returns when all are done.
 */
void dsr_parallel(size_t n, unsigned jobs, void (*fn)(void *ctx, size_t i),
                  void *ctx);

#endif
