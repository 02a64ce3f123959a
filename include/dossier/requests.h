/*
 * requests.h -- dossier requests: a letter to every responsible office
 * (OPD) asking for the evidence of the indicators it answers for, and a
 * summary workbook of who owes what and what has arrived.  The letters'
 * content and the decisions behind it are in docs/design.md, "Evidence
 * requests".
 */
#ifndef DOSSIER_REQUESTS_H
#define DOSSIER_REQUESTS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/catalog.h"
#include "dossier/check.h"
#include "dossier/manifest.h"

struct dsr_error;
struct dsr_score;

/* The file names inside the output folder (language-neutral). */
#define DSR_REQUESTS_LETTER "surat-permintaan-bukti.pdf"
#define DSR_REQUESTS_SUMMARY "ringkasan-permintaan.xlsx"
/* Beside each letter: that OPD's worksheet, as `dossier export --owner`
 * writes it, to fill in and send back for `dossier import`. */
#define DSR_REQUESTS_WORKBOOK "lembar-kerja-bukti.xlsx"

/* Longest slug of an OPD's name in its folder name, in bytes. */
#define DSR_REQUESTS_SLUG_MAX 60

/*
 * Most findings one indicator's entry in a letter lists; the rest are
 * counted in one line that points to dossier check.
 */
#define DSR_REQUESTS_FINDINGS_MAX 30

/* Why a letter asks for the level it asks for. */
enum dsr_request_basis {
    DSR_REQUEST_CLAIMED,    /* the level of the latest assessment */
    DSR_REQUEST_PLANNED,    /* not assessed: the level the plan targets */
    DSR_REQUEST_NEXT,       /* neither: the level after the one counted */
};

/* What a letter and the summary say about one catalog indicator. */
struct dsr_request_item {
    size_t indicator;               /* into res->indicators */
    int level;                      /* the level asked for, 1..5 */
    enum dsr_request_basis basis;
    int stage;                      /* CLAIMED: the assessment's stage */
    /* CLAIMED: a higher level the plan to the target raises it to; 0 */
    int plan_to;
    size_t listed;                  /* evidence entries the manifest lists */
    size_t valid;                   /* of those: read, and no error on them */
    size_t errors, warnings;        /* the indicator's open findings */
    /* where its files go: "<evidence root>/<folder>/" as the manifest
     * writes the root; an existing folder the indicator owns, else the
     * one init makes (dsr_indicator_folder()) */
    char folder[512];
};

/*
 * The item of catalog indicator 'i' of 'res' (a dsr_check() result with a
 * manifest and a catalog), with 'score' from dsr_score_checked() on it
 * (may be NULL: no plan).  'folder_name' is the indicator's folder below
 * the evidence root, NULL for dsr_indicator_folder()'s.
 */
void dsr_request_item(const struct dsr_check_result *res,
                      const struct dsr_score *score, size_t i,
                      const char *folder_name, struct dsr_request_item *it);

/*
 * A safe file name for an OPD's name: lowercase ASCII letters and digits
 * joined by single hyphens (Latin letters with accents lose them, '&'
 * becomes "dan" in Indonesian and "and" in English, everything else
 * separates words), at most DSR_REQUESTS_SLUG_MAX bytes, "opd" when
 * nothing is left.  Returns 'out'.
 */
char *dsr_requests_slug(const char *name, enum dsr_lang lang, char *out,
                        size_t size);

/*
 * The index in res->owners of the OPD named 'name' (exactly, or else the
 * only one named so but for ASCII case and spaces), never the group
 * without an owner; -1 when none, -2 when several differ only so.
 */
long dsr_requests_find_owner(const struct dsr_check_result *res,
                             const char *name);

struct dsr_requests_opts {
    enum dsr_lang lang;             /* language of the letters and sheet */
    const char *fonts_dir;          /* the shipped fonts (fonts/) */
    /* the letters' date, in seconds since the epoch (SOURCE_DATE_EPOCH or
     * now, chosen by the caller) */
    int64_t date;
    struct dsr_date due;            /* the due date, a real date */
    /* only this OPD's letter (an index into res->owners); -1: every OPD */
    long owner;
    /* stop (DSR_INTERRUPTED), writing nothing, once *cancel is non-zero */
    const volatile sig_atomic_t *cancel;
};

struct dsr_requests_stats {
    size_t letters;                 /* PDFs written */
    unsigned pages;                 /* in all of them */
    size_t unowned;                 /* indicators without an owner */
    size_t rows;                    /* indicator rows in the summary */
};

/*
 * Write the requests of 'res' into the new folder 'dir': for each OPD
 * (or opts->owner's alone) NN-SLUG/DSR_REQUESTS_LETTER, NN its place in
 * res->owners among the named ones (01, 02, ...), and
 * DSR_REQUESTS_SUMMARY listing every OPD's indicators, the ones without
 * an owner included.  'res' must have a manifest and a catalog; other
 * errors in it are what the letters ask to fix.  'dir' must not exist or
 * be an empty folder: everything is written into a temporary folder
 * beside it, synced, and renamed to 'dir' when complete, so 'dir' holds
 * all of it or nothing.  Returns 0, or -1 with 'err' set (DSR_USAGE for a
 * 'dir' that exists and is not empty, DSR_INPUT without a manifest or
 * catalog, DSR_IO, DSR_NOMEM, DSR_RENDER, DSR_INTERRUPTED).
 */
int dsr_requests_write(const struct dsr_check_result *res,
                       const struct dsr_score *score,
                       const struct dsr_requests_opts *opts, const char *dir,
                       struct dsr_requests_stats *stats,
                       struct dsr_error *err);

#endif
