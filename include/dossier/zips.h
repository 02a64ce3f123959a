/*
 * zips.h -- one zip per indicator: the evidence files under their names
 * in the indicator's folder, plus index.xml describing each entry (its
 * format: docs/design.md, "index.xml").
 */
#ifndef DOSSIER_ZIPS_H
#define DOSSIER_ZIPS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/hash.h"

/* Progress of a bundle run; called from worker threads, serialised. */
struct dsr_zips_progress {
    size_t zips_done, zips_total;
    size_t files_done, files_total;
    uint64_t bytes_done, bytes_total;
    const char *indicator;          /* the one just started or finished */
};

struct dsr_zips_opts {
    const char *out_dir;            /* existing directory for NN.zip */
    const char *passphrase;         /* AES-256 when not NULL */
    unsigned jobs;                  /* zips written at once; 0: per core */
    int64_t source_date_epoch;      /* clamp entry times; -1: none */
    void (*progress)(void *ctx, const struct dsr_zips_progress *p);
    void *progress_ctx;
    /* stop as soon as *cancel is non-zero (a zip then fails with
     * DSR_INTERRUPTED); may be NULL */
    const volatile sig_atomic_t *cancel;
    /*
     * DSR_HASH_BIT()s: digest each zip with these algorithms on the thread
     * that wrote it, while its bytes are still in the page cache (the
     * bag's manifests then need not read the zips again); 0: none.
     */
    unsigned digest_algs;
};

/* What happened to one indicator's zip. */
struct dsr_zip_outcome {
    char *indicator;
    char *name;                     /* "01.zip" */
    size_t entries;                 /* evidence files, without index.xml */
    uint64_t bytes;                 /* evidence bytes */
    bool written;
    /*
     * With written and opts->digest_algs: the zip's size and digests, and
     * which file they are of (its stat, unchanged from before the digest
     * to after).
     */
    uint64_t zip_size;
    struct stat zip_stat;
    char digest[DSR_HASH_COUNT][DSR_HASH_HEX_MAX];
    enum dsr_code code;             /* DSR_OK, or why it was not written */
    char message[512];
};

struct dsr_zips_result {
    struct dsr_zip_outcome *zips;    /* catalog order, indicators with files */
    size_t nzips;
    size_t failed;
};

/*
 * Write out_dir/NN.zip for every indicator of 'checked' that has evidence.
 * 'checked' must come from dsr_check() without errors.  Each file is read
 * once, by libzip, through a source that hashes what it reads: the
 * SHA-256 index.xml records (the zip's last entry, written after the
 * files) is of the very bytes stored.  A file whose first bytes, size or
 * modification time differ from what check saw, or whose SHA-256 differs
 * from the one check computed (without content_later), has changed since,
 * and its zip is not published; with content_later the hash is left in
 * the file's info.sha256 for dsr_check_content().  Each zip is written
 * under a temporary name and renamed into place only when complete and
 * verified.  Entries are sorted by name, times come from the files'
 * modification times (clamped to source_date_epoch), and
 * already-compressed media are stored, so the same input gives the same
 * bytes.  A failed zip does not
 * stop the others: its reason is in 'res', and the return value is 0.
 * -1 with 'err' set means the run as a whole failed.  Release 'res' with
 * dsr_zips_result_release().
 */
int dsr_zips_write(struct dsr_check_result *checked,
                     const struct dsr_zips_opts *opts,
                     struct dsr_zips_result *res, struct dsr_error *err);

void dsr_zips_result_release(struct dsr_zips_result *res);

/*
 * Whether 'name' is safe as a zip entry name for every unzip: not empty,
 * relative, parts separated by '/' only (no backslash), no empty, "." or
 * ".." part, no part starting with a drive letter ("C:"), no control
 * character, at most DSR_EVIDENCE_PATH_MAX bytes (DSR_EVIDENCE_NAME_MAX
 * a part): dsr_path_check() with no rules relaxed.  dsr_zips_write()
 * refuses to add an entry whose name is not, and verify reports one.
 */
bool dsr_zip_entry_name_safe(const char *name);

/* The zip's name for an indicator id: "1" -> "01.zip". */
char *dsr_zip_name(const char *id, char *out, size_t size);


#endif
