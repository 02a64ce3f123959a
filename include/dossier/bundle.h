/*
 * bundle.h -- the assessor's and archivist's way into a yearly bundle
 * (issue 22, point 5): what it holds at a glance and per indicator
 * (show), its documents found by title, file name or SHA-256 prefix
 * (find), and one indicator's zip verified, then unpacked safely
 * (extract).  The bundle's layout is in docs/design.md, "The yearly
 * bundle".
 *
 * Everything read from a bundle is hostile: files are opened beneath the
 * bundle's folder without following a link (diff.c's bundle view),
 * data/manifest.xml goes through the manifest loader, every index.xml
 * through dsr_zip_index_read() (at most DSR_BAG_INDEX_LIMIT bytes,
 * DSR_ZIP_INDEX_MAX_ENTRIES entries), bag manifests through
 * dsr_bag_parse_manifest().
 */
#ifndef DOSSIER_BUNDLE_H
#define DOSSIER_BUNDLE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/bag.h"
#include "dossier/diff.h"

struct dsr_error;

/* A SHA-256 prefix given to find is taken as one from this many hex digits. */
#define DSR_FIND_HASH_MIN 6
/* At most this many bytes of bag-info.txt are read. */
#define DSR_BUNDLE_INFO_LIMIT ((size_t)1 << 20)

/* An open bundle: its view (manifest, catalog, score, zips) and tags. */
struct dsr_bundle {
    struct dsr_bundle_view view;
    char *bundle_id;            /* External-Identifier; "" when absent */
    char *bagging_date;         /* Bagging-Date; "" when absent */
    bool is_signed;             /* a tagmanifest-*.txt.sig is there */
};

#define DSR_BUNDLE_INIT {.view = DSR_BUNDLE_VIEW_INIT}

/*
 * Open the bundle at 'dir' (dsr_bundle_view_load()) and read its
 * bag-info.txt.  A folder without bagit.txt is refused with DSR_INPUT
 * and a message saying what it is: a workspace when it holds a
 * manifest.xml, else not a bundle at all.  Release with
 * dsr_bundle_close() whatever the outcome.
 */
int dsr_bundle_open(const char *dir, const char *frameworks_dir,
                    const char *schemas_dir, struct dsr_bundle *b,
                    struct dsr_error *err);
void dsr_bundle_close(struct dsr_bundle *b);

/*
 * The manifest indicator of 'b' called 'id' (its id, or its assessors'
 * code, "2.1"); NULL with 'err' set (DSR_USAGE, saying how to list the
 * ids) when there is none.
 */
const struct dsr_mindicator *dsr_bundle_indicator(const struct dsr_bundle *b,
                                                  const char *id,
                                                  struct dsr_error *err);

/* What reading one indicator's zip gave. */
enum dsr_bundle_zip_status {
    DSR_BZIP_NONE,              /* the indicator has no zip */
    DSR_BZIP_OK,                /* index.xml read into 'idx' */
    DSR_BZIP_ENCRYPTED,         /* index.xml is encrypted: not read */
    DSR_BZIP_BAD,               /* unreadable: 'problem' says why */
};

struct dsr_bundle_zip {
    enum dsr_bundle_zip_status status;
    char rel[64];               /* "data/indicators/NN.zip" */
    char problem[1024];
    struct dsr_zip_index idx;   /* with DSR_BZIP_OK */
    uint64_t bytes;             /* the sizes index.xml declares, summed */
};

/*
 * Read index.xml of the zip of the indicator 'ind' of 'b'.  A zip that is
 * missing, encrypted or damaged is a status, not an error: -1 only with
 * 'err' set for DSR_NOMEM or DSR_IO.  Release 'z' with
 * dsr_bundle_zip_release() whatever the outcome.
 */
int dsr_bundle_zip_read(const struct dsr_bundle *b,
                        const struct dsr_mindicator *ind,
                        struct dsr_bundle_zip *z, struct dsr_error *err);
void dsr_bundle_zip_release(struct dsr_bundle_zip *z);

/* The evidence of 'ind' that index.xml's 'file' names; NULL: none. */
const struct dsr_evidence *dsr_bundle_evidence(const struct dsr_mindicator *ind,
                                               const char *file);

/* ---- find --------------------------------------------------------------- */

struct dsr_find_hit {
    char *indicator;
    char *title, *file, *name;
    char sha256[65];
    uint64_t size;
};

struct dsr_find_result {
    struct dsr_find_hit *hits;  /* indicator order, then index.xml order */
    size_t n, cap;
    bool by_hash;               /* the query was taken as a SHA-256 prefix */
    size_t encrypted;           /* zips not searched: index.xml encrypted */
    size_t unreadable;          /* zips not searched: damaged */
};

/*
 * Whether 'q' is taken as a SHA-256 prefix: DSR_FIND_HASH_MIN to 64 hex
 * digits and nothing else.
 */
bool dsr_find_is_hash(const char *q);

/*
 * Every document of every indicator's index.xml whose SHA-256 starts with
 * 'q' (dsr_find_is_hash(), either case), or else whose title or file
 * name holds 'q' ignoring ASCII case (bytes beyond ASCII compared as
 * they are).  Returns 0, or -1 with 'err' set (DSR_USAGE for an empty
 * query, DSR_NOMEM, DSR_IO).  Release with dsr_find_result_release().
 */
int dsr_bundle_find(const struct dsr_bundle *b, const char *q,
                    struct dsr_find_result *r, struct dsr_error *err);
void dsr_find_result_release(struct dsr_find_result *r);

/* ---- extract ------------------------------------------------------------ */

struct dsr_extract_opts {
    const char *out_dir;        /* made when missing; existing files kept */
    const volatile sig_atomic_t *cancel;
};

struct dsr_extract_result {
    /* why the zip was refused (nothing extracted); empty when it passed */
    struct dsr_bag_report problems;
    bool encrypted;             /* refused: the zip is encrypted */
    size_t files;               /* extracted */
    uint64_t bytes;
};

/*
 * Verify the zip of 'ind': its digest against every payload manifest of
 * the bag that lists it (at least one must), then (zipcheck.c) every
 * entry's form, CRC, size and SHA-256 against index.xml.  Anything wrong
 * goes into res->problems and nothing is written (0 returned).  Else
 * make opts->out_dir and write each document listed in index.xml below
 * it: parts made without following links, each file written to a
 * temporary in its folder (never more bytes than index.xml declares, its
 * SHA-256 checked again), given mode 0644 and linked or renamed to its
 * name only when complete, never over an existing name.  A name already
 * taken in out_dir is refused before anything is written: DSR_USAGE.
 * -1 with 'err' set also for DSR_IO, DSR_NOMEM, DSR_INTERRUPTED, and
 * DSR_INPUT when the zip changed between the check and the extraction
 * (what was extracted until then stays, every file of it complete).
 */
int dsr_bundle_extract(const struct dsr_bundle *b,
                       const struct dsr_mindicator *ind,
                       const struct dsr_extract_opts *opts,
                       struct dsr_extract_result *res, struct dsr_error *err);
void dsr_extract_result_release(struct dsr_extract_result *res);

#endif
