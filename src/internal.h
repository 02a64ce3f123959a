/*
 * internal.h -- declarations shared inside the core library only.
 */
#ifndef DOSSIER_INTERNAL_H
#define DOSSIER_INTERNAL_H

#include "fileio.h"     /* dsr_read_file(), used across the core */

#include <libintl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DSR_TEXTDOMAIN "dossier"
#define _(s) dgettext(DSR_TEXTDOMAIN, s)
#define N_(s) (s)

struct dsr_error;

/* Whether the caller's flag 'cancel' (may be NULL) asks to stop. */
bool dsr_cancelled(const volatile sig_atomic_t *cancel);

/* Whether two names are the same but for ASCII case and spaces or tabs
 * ("ISI  nama instansi" is "ISI NAMA INSTANSI"). */
bool dsr_same_name(const char *a, const char *b);

/* Whether 's' is one or more ASCII digits and nothing else. */
bool dsr_all_digits(const char *s);

/* Set DSR_INTERRUPTED, translated, in 'err'; returns -1. */
int dsr_interrupted(struct dsr_error *err);

/* strdup that records DSR_NOMEM in 'err'; NULL 's' gives NULL. */
char *dsr_strdup(const char *s, struct dsr_error *err);

/*
 * Grow '*items' (of 'size'-byte elements, '*cap' allocated) to hold at
 * least 'need' elements.  Overflow-checked.  Returns 0 or -1 (DSR_NOMEM).
 */
int dsr_grow(void **items, size_t size, size_t *cap, size_t need,
             struct dsr_error *err);

/*
 * fn(ctx, i) once for every i below n, taken in order by up to 'jobs'
 * threads (0: one per core; at most DSR_MAX_JOBS, from dossier/dossier.h).
 * The calling thread works too, so everything is done even when no
 * thread can be started.  Returns when all are done.
 */
void dsr_parallel(size_t n, unsigned jobs, void (*fn)(void *ctx, size_t i),
                  void *ctx);

/* One piece of work for dsr_parallel(): what it is about and its cost. */
struct dsr_job {
    uint64_t cost;
    size_t item;
};

/*
 * Sort 'jobs' costliest first, equal costs by item: the longest work
 * starts first, so that no thread begins a big job when the others are
 * done.  Only the order of work changes, never what it gives.
 */
void dsr_jobs_sort(struct dsr_job *jobs, size_t n);

/*
 * dsr_parallel() telling each call which worker makes it: 'worker' is
 * below DSR_MAX_JOBS, the same for all the calls one thread makes, and
 * never in use on two threads at once; per-thread state (a libmagic
 * handle) can live in ctx's array[worker].  The calling thread is 0.
 */
void dsr_parallel_workers(size_t n, unsigned jobs,
                          void (*fn)(void *ctx, unsigned worker, size_t i),
                          void *ctx);

/*
 * Sort the 'n' elements of 'size' bytes at 'base' with 'cmp' and return
 * the later of the first two that compare equal, NULL when all differ:
 * duplicates found in n log n, never pairwise.
 */
void *dsr_find_duplicate(void *base, size_t n, size_t size,
                         int (*cmp)(const void *, const void *));

/*
 * The first character of item id 's' that no item id has (ids are ASCII
 * letters, digits, '-', '_' and '.'), as a code point, with its position
 * (1-based, in characters) in '*at'; 0 when there is none, or when 's' is
 * not UTF-8.  A zero-width space or a bidi control pasted with an id
 * makes it unknown while it looks right (check_items.c; check and
 * verdicts import say which).
 */
unsigned dsr_item_odd_char(const char *s, size_t *at);

/* ---- issue 21, the data: secrets kept out of a bundle ---- */

/*
 * The manifest bytes 's' ('len') with every link's secret= attribute
 * removed, and the password of a link's href (user:password@, see
 * dsr_url_password()) (manifest_secrets.c), for the copy a bundle
 * archives; every
 * other byte and every line stays as it was.  When something was
 * removed, 'note' (an XML comment with its line break, or NULL) is
 * appended after the last line.  '*out' (malloc'd, '*out_len' bytes, not
 * NUL-terminated) and '*removed' (the number of secrets removed) are
 * set.  The input must be a manifest that loaded without errors.
 * Returns 0, or -1 with 'err' set (DSR_NOMEM).
 */
/*
 * Whether the URL 'url' ('len' bytes) carries a password in its user
 * information (scheme://user:password@host...): then '*from' is the
 * offset of the ':' before the password and '*to' that of the '@' after
 * it, so cutting [from, to) leaves scheme://user@host.
 */
bool dsr_url_password(const char *url, size_t len, size_t *from, size_t *to);
/* 'url' without that password (malloc'd), or NULL with 'err' set. */
char *dsr_url_public(const char *url, struct dsr_error *err);

int dsr_manifest_strip_secrets(const char *s, size_t len, const char *note,
                               char **out, size_t *out_len, size_t *removed,
                               struct dsr_error *err);

/*
 * The SHA-256 (64 hex digits and a NUL into 'hex', DSR_HASH_HEX_MAX bytes)
 * of the manifest's bytes as checked, without its links' secrets: the
 * hash every output that names the manifest uses (the bundle id, the
 * exported workbook), so that none of them lets whoever holds the copy
 * without secrets test a guessed password.  Returns 0, or -1 with 'err'.
 */
struct dsr_manifest;
int dsr_manifest_public_sha256(const struct dsr_manifest *m, char *hex,
                               struct dsr_error *err);

#endif
