/*
 * check_int.h -- state shared by the parts of dossier check: check.c (the
 * manifest's own values and the run) and check_files.c (the evidence
 * files), and score.c for a manifest it scores without a check.  Private
 * to the core.
 */
#ifndef DOSSIER_CHECK_INT_H
#define DOSSIER_CHECK_INT_H

#include "dossier/check.h"
#include "dossier/finding.h"

struct dsr_error;

/* One run of dsr_check(): what it was asked, and where findings go. */
struct check_ctx {
    const struct dsr_check_opts *opts;
    struct dsr_check_result *res;
    struct dsr_error *err;
    const char *mpath;              /* the manifest, for findings */
};

/*
 * Add a finding to c->res; 'ind' and 'file' may be NULL, and the message
 * is cut at 1023 bytes.  Returns 0, or -1 with c->err set to DSR_NOMEM.
 */
int check_add(struct check_ctx *c, enum dsr_finding_code code,
              const char *ind, const char *file, unsigned long line,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/*
 * A level-range finding when 'level', given for 'what' (assessment, link,
 * evidence) on manifest line 'line' of indicator 'id', is set but not 1
 * to 5.  Returns 0, or -1 with c->err set.
 */
int check_level(struct check_ctx *c, const char *id, long level,
                unsigned long line, const char *what);

/*
 * Resolve, read and judge every evidence entry of c->res->manifest
 * (check_files.c).  Fills c->res->files (one per entry, in manifest order)
 * and c->res->evidence_root; with opts->manifest_only, or when the root
 * cannot be used, nothing is resolved or read and only the manifest's
 * own evidence values are judged.  Returns 0, or -1 with c->err set.
 */
int check_evidence(struct check_ctx *c);

/*
 * Match each indicator of 'cat' in 'm' and decide its level, as
 * dsr_check() fills res->indicators (but every 'owner' is 0).  '*out' gets
 * cat->nindicators entries, which the caller frees with free().  Returns
 * 0, or -1 with 'err' set (DSR_NOMEM).
 */
int check_match(const struct dsr_manifest *m, const struct dsr_catalog *cat,
                struct dsr_check_indicator **out, struct dsr_error *err);

/*
 * The assessment whose level counts for 'ci' at 'stage' (-1: the latest),
 * by the rule of dsr_check_counted_level(); NULL when the indicator
 * counts as level 1.  score.c reads its value.
 */
const struct dsr_assessment *
check_counted_assessment(const struct dsr_check_indicator *ci, int stage);

/*
 * The findings of items, verdicts, responses, values and external indices
 * (check_items.c), on c->res->manifest against c->res->catalog (which may
 * be NULL: then only what needs no catalog).  Returns 0, or -1 with c->err
 * set.
 */
int check_items(struct check_ctx *c);

/*
 * Whether 'href' is a link check accepts without a link-invalid warning:
 * http or https, with a host, no space or control byte.  The dossier
 * links only such addresses.
 */
bool dsr_check_url(const char *href);

/* ---- issue 21, the data (check_visits.c) ---- */

/*
 * The findings of visits (visit-owner-unknown, visit-duplicate,
 * visit-date-invalid), of last year's indicators (previous-id-unknown,
 * previous-id-duplicate, level-range, value-invalid) and of passwords in
 * link texts (link-secret-in-text).  Returns 0, or -1 with c->err set.
 */
int check_plan(struct check_ctx *c);

/*
 * Whether a link's text looks like it holds a password: it names one
 * ("sandi", "password", "pass:", "pwd", ...), or names an account and
 * then gives "user / password".
 */
bool dsr_link_text_has_secret(const char *text);

#endif
