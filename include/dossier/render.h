/*
 * render.h -- the dossier PDF the external assessors read in the
 * interview: cover, scoring summary, who answers for what, a visit plan,
 * one section per indicator, the appendix of findings and checksums, and a
 * sign-off page.  A4, laid out with pango on cairo's PDF surface, with the
 * fonts shipped in fonts/ embedded.
 */
#ifndef DOSSIER_RENDER_H
#define DOSSIER_RENDER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/catalog.h"
#include "dossier/check.h"

struct dsr_error;
struct dsr_score;

struct dsr_render_opts {
    enum dsr_lang lang;             /* language of the document's text */
    const char *fonts_dir;          /* the shipped fonts (fonts/) */
    /*
     * r22-pdfa: the folder of the shipped sRGB.icc (templates/color/),
     * the PDF/A output intent's profile.  Set, the PDF is made PDF/A-2
     * (src/pdfa.h) and a missing profile is an error naming it; NULL
     * (library callers and tests that do not need PDF/A): the PDF is
     * cairo's own, not PDF/A.  The command line always sets it.
     */
    const char *color_dir;
    const char *bundle_id;          /* shown on the cover; NULL: none */
    /*
     * The document's date (cover, metadata), in seconds since the epoch;
     * the caller passes SOURCE_DATE_EPOCH or the current time, so the
     * same input and date give the same bytes.
     */
    int64_t date;
    bool no_thumbnails;             /* leave out first-page previews */
    /*
     * The bundle's zips are encrypted: no previews (they would show the
     * evidence in clear beside the locked zips), and the cover says so.
     */
    bool evidence_encrypted;
    /*
     * Print the links' secrets (passwords of demo accounts); never set
     * for a bundle's PDF.  The account names are always printed.
     */
    bool include_secrets;
    unsigned jobs;                  /* threads making previews; 0: one per core */
    /*
     * The previews' budget (0: the defaults, in README's limits table):
     * one preview's CPU time and memory, and the CPU time of all of them
     * together (also the most wall-clock time they may take in all).
     */
    unsigned preview_cpu_seconds;
    unsigned preview_memory_mib;
    unsigned preview_total_seconds;
    /*
     * Stop (DSR_INTERRUPTED), leaving 'path' as it was and no temporary
     * file, once *cancel is non-zero; may be NULL
     */
    const volatile sig_atomic_t *cancel;
};

/* What a render produced, for the caller's summary line. */
struct dsr_render_stats {
    unsigned pages;
    size_t thumbnails;              /* previews embedded */
    /*
     * PDFs and images shown in a "no preview" box instead: unreadable as
     * their type, encrypted, over the preview limits of src/thumb.h or
     * over their budget, or changed since check hashed them
     */
    size_t thumbnails_missing;
};

/*
 * Start the preview server, which makes every preview in a child process
 * under a budget of CPU time, memory and wall-clock time.  It must be
 * forked while the process has a single thread: call this first thing in
 * a program that starts threads.  Nothing else starts it: without it,
 * dsr_render_write() shows every PDF and image in a "no preview" box and
 * counts no PDF's pages.  Returns 0, or -1 with 'err' set (DSR_INTERNAL).
 */
int dsr_previews_start(struct dsr_error *err);

/* Stop the preview server and reap it; harmless when none runs. */
void dsr_previews_stop(void);

/*
 * Render the dossier of 'checked' (from dsr_check() with a catalog and no
 * errors) and its 'score' (from dsr_score_checked() on 'checked', at the
 * stage and target the caller chose; still the caller's) to 'path'.  The
 * text is translated through gettext in the catalog's language
 * 'opts->lang' chose by the caller (the core uses the current message
 * locale; numbers follow opts->lang).  Evidence files are opened again
 * only for their first-page previews, through the same safe open that
 * check uses, and previewed only when they still hold the bytes check
 * hashed; a file that cannot be previewed is shown in a box that says
 * why, and is never a failure.  The PDF is written to a mkstemp() file
 * beside 'path', synced, and renamed over 'path' only when complete; on
 * failure it is removed and 'path' is left as it was.  Returns 0, or -1
 * with 'err' set (DSR_INPUT for a manifest with errors, DSR_INTERNAL for
 * a missing score or one of another catalog, DSR_IO, DSR_NOMEM,
 * DSR_RENDER when the fonts or cairo fail, DSR_INTERRUPTED once
 * opts->cancel is set).  'stats' may be NULL.
 */
int dsr_render_write(const struct dsr_check_result *checked,
                     const struct dsr_score *score,
                     const struct dsr_render_opts *opts, const char *path,
                     struct dsr_render_stats *stats, struct dsr_error *err);

#endif
