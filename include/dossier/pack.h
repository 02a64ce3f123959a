/*
 * pack.h -- the yearly bundle: check a manifest, then write OUTDIR as a
 * BagIt bag holding the manifest as checked, the check report, the
 * dossier and one zip per indicator, laid out as dossier/bundle_layout.h
 * says (docs/design.md, "The yearly bundle").
 */
#ifndef DOSSIER_PACK_H
#define DOSSIER_PACK_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/bag.h"
#include "dossier/bundle_layout.h"
#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/hash.h"
#include "dossier/zips.h"

/*
 * The bundle id of a checked manifest, written to 'out' (at least
 * DSR_BUNDLE_ID_MAX bytes): "<framework>-<year>-" and the first 16 hex
 * digits of SHA-256 over the manifest's bytes as checked (its 'source')
 * without the links' secret= attributes (as the bundle archives them, so
 * the id gives no way to test a guessed password) followed by, for each evidence entry in manifest order, its path
 * relative to the evidence root, a NUL, its 64-hex SHA-256 and a newline.
 * It depends only on the input.  Returns 'out', or NULL when there is no
 * manifest, memory runs out or 'size' is too small.
 */
#define DSR_BUNDLE_ID_MAX 256
char *dsr_bundle_id(const struct dsr_check_result *checked, char *out,
                    size_t size);

struct dsr_pack_opts {
    const char *frameworks_dir;     /* templates/frameworks */
    const char *schemas_dir;        /* templates/schemas */
    const char *fonts_dir;          /* the fonts the dossier embeds */
    const char *color_dir;          /* r22-pdfa: the PDF/A sRGB.icc's folder */
    enum dsr_lang lang;             /* the dossier's and messages' language */
    unsigned jobs;                  /* threads for every phase; 0: per core */
    enum dsr_hash_alg alg;          /* the bag's manifests */
    /* r22-profile: more manifests (DSR_HASH_BIT()s; 0: 'alg' only), and
       the BagIt profile to carry (templates/bagit-profile-dossier.json;
       NULL: none, for tests of other parts) */
    unsigned algs;
    const char *profile;
    const char *sign_key;           /* Ed25519 private key PEM, or NULL */
    const char *passphrase;         /* AES-256 zips when not NULL */
    /* --evidence-root: as dsr_check_opts.evidence_root; NULL: the manifest's */
    const char *evidence_root;
    bool no_openat2;                    /* as dsr_check_opts.no_openat2 */
    int64_t source_date_epoch;      /* fixed times and dates; -1: now */
    /* the zips' progress, as dsr_zips_write() reports it; may be NULL */
    void (*progress)(void *ctx, const struct dsr_zips_progress *p);
    void *progress_ctx;
    /* stop (DSR_INTERRUPTED) as soon as *cancel is non-zero; may be NULL */
    const volatile sig_atomic_t *cancel;
};

struct dsr_pack_result {
    struct dsr_check_result checked;    /* the check pack ran first */
    struct dsr_zips_result zips;      /* what happened to each zip */
    char id[DSR_BUNDLE_ID_MAX];         /* the bundle id, once known */
    size_t files;                       /* evidence files packed */
    uint64_t bytes;                     /* and their bytes */
    bool published;                     /* OUTDIR is in place */
    /* links' secret= removed from the bundle's copy of the manifest */
    size_t secrets_removed;
};

/*
 * Check the manifest at 'manifest', then write the bundle 'out'.  The
 * manifest is read once: what is archived and identified is what was
 * checked, except that the links' secret= attributes (passwords) are
 * removed from the copy in data/manifest.xml, and the dossier is rendered
 * without them: no part of a bundle holds a secret.  Everything is built in a private directory beside 'out'
 * (out.tmp-XXXXXX), synced, and renamed to 'out' only when complete; on
 * any failure or cancellation that directory is removed, so no 'out'
 * that looks finished is ever left half-written.  An existing 'out' is
 * never touched.
 *
 * Returns 0 when 'out' is published.  Otherwise -1, with 'err' set:
 * DSR_INPUT when check found errors (they are in res->checked) or a zip
 * was refused for its input (res->zips says which and why); DSR_USAGE
 * when 'out' exists; DSR_INTERRUPTED; DSR_IO, DSR_NOMEM or DSR_RENDER
 * when the tool could not do its job.  When syncing the directory that
 * holds 'out' fails after the rename, res->published is true and the
 * result is -1 (DSR_IO).  Release 'res' with dsr_pack_result_release(),
 * whatever the outcome.
 */
int dsr_pack_write(const char *manifest, const char *out,
                   const struct dsr_pack_opts *opts, struct dsr_pack_result *res,
                   struct dsr_error *err);

void dsr_pack_result_release(struct dsr_pack_result *res);

#endif
