/* zipindex.h -- index.xml of the indicator zips, written and read back. */
#ifndef DOSSIER_ZIPINDEX_H
#define DOSSIER_ZIPINDEX_H

/*
 * index.xml lists the entries of every indicator zip.  bundle.c writes
 * it; the bag verifier and diff read it back out of zips that came from
 * someone else.  The parser itself, dsr_zip_index_parse(), is public in
 * dossier/bag.h, as are the names DSR_INDEX_NAME and DSR_INDEX_NS.
 */

#include "dossier/bag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <zip.h>

struct dsr_checked_file;
struct dsr_error;
struct dsr_evidence;
struct dsr_hash;
struct dsr_manifest;

/* One evidence file in a zip, as index.xml lists it. */
struct dsr_zip_item {
    char *name;                             /* inside the zip */
    const struct dsr_checked_file *file;    /* size, media type, SHA-256 */
    const struct dsr_evidence *ev;          /* title, file, level, date */
};

/*
 * index.xml for the zip of 'indicator' of 'm', listing 'items' in their
 * order, as UTF-8 in '*out' (malloc'd, '*len' bytes; the caller frees
 * it).  Returns 0, or -1 when out of memory.
 */
int dsr_zip_index_write(const struct dsr_manifest *m, const char *indicator,
                        const struct dsr_zip_item *items, size_t n, char **out,
                        size_t *len);

/*
 * A declared size that deflate could not give from the compressed size
 * (or one that is not declared at all): such an entry is not inflated.
 */
bool dsr_zip_stat_absurd(const zip_stat_t *st);

/*
 * Read the entry 'i' of 'za' to its end, failing as soon as it holds more
 * than 'limit' bytes.  Every byte goes into 'h' when not NULL, into
 * '*keep' (malloc'd, NUL-terminated; at most DSR_BAG_INDEX_LIMIT bytes)
 * when 'keep' is not NULL, and to the file 'out' when it is not -1.
 * '*got' receives the bytes read.  Returns 0; -1 with the reason in
 * 'why' when the entry cannot be read; or -2 with errno set when writing
 * to 'out' failed (the tool's failure, not the zip's).
 */
int dsr_zip_entry_read(zip_t *za, zip_uint64_t i, uint64_t limit,
                       struct dsr_hash *h, char **keep, int out, uint64_t *got,
                       char *why, size_t whysize);

/*
 * Open the zip 'rel' below 'dirfd' for reading with consistency checks,
 * through dsr_fio_open_regular() (no link followed, no FIFO or device
 * opened).  Returns the archive; or NULL with either '*sys_errno' set
 * and '*type' as dsr_fio_open_regular() says (it cannot be opened) or
 * 'ze' set (it is no readable zip; ZIP_ER_MEMORY when out of memory).
 * The caller calls zip_error_fini(ze) either way.
 */
zip_t *dsr_zip_open_beneath(int dirfd, const char *rel, mode_t *type,
                            int *sys_errno, zip_error_t *ze);
/*
 * dsr_zip_open_beneath(), and a second descriptor of the same open file
 * in '*copy' (close-on-exec; the caller closes it) for reading the zip's
 * own bytes with pread(), when the archive is returned; -1 otherwise.
 */
zip_t *dsr_zip_open_beneath_fd(int dirfd, const char *rel, mode_t *type,
                               int *sys_errno, zip_error_t *ze, int *copy);

/* What dsr_zip_index_read() found. */
enum dsr_zip_index_status {
    DSR_ZIDX_OK,                /* read and parsed into 'idx' */
    DSR_ZIDX_ABSENT,            /* the zip has no index.xml */
    DSR_ZIDX_NO_STAT,           /* its size cannot be had: 'why' says */
    DSR_ZIDX_ENCRYPTED,         /* encrypted, so not read */
    DSR_ZIDX_REFUSED,           /* declares an absurd or too large size */
    DSR_ZIDX_UNREADABLE,        /* inflating it failed: 'why' says */
    DSR_ZIDX_INVALID,           /* not a valid index: 'err' says */
};

/*
 * Find index.xml in 'za' and, unless it is encrypted, read it (never more
 * than the size it declares, which must be at most DSR_BAG_INDEX_LIMIT
 * and possible for deflate given the compressed size; fewer bytes than
 * declared fail too) and parse it into 'idx' with dsr_zip_index_parse(),
 * 'where' naming it in messages.  '*pos' receives its index in the zip,
 * -1 when absent.  Release 'idx' with dsr_zip_index_release() whatever
 * the outcome.
 */
enum dsr_zip_index_status dsr_zip_index_read(zip_t *za, const char *where,
                                             struct dsr_zip_index *idx,
                                             zip_int64_t *pos, char *why,
                                             size_t whysize,
                                             struct dsr_error *err);

#endif
