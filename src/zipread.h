/*
 * zipread.h -- r23-verify: a libzip read source over a zip's file
 * descriptor that hashes the file for the bag while libzip reads it, so
 * that verify reads each indicator zip once (issue 23, point 3).
 *
 * The source keeps an offset up to which the file is hashed, in file
 * order.  Reads are served from a buffer of up to 1 MiB filled from that
 * offset, each byte hashed as it is loaded; a read just past the offset
 * (at most 64 KiB on: a data descriptor, a gap) fills from the offset
 * too, so those bytes are hashed on the way; so does any read at or past
 * the offset of a zip of at most 1 MiB, read whole at once.  Any other read (libzip
 * reads the central directory at the end first; a hostile zip's entries
 * out of order) is served straight from the file without hashing.
 * zread_finish() then hashes what is left from the offset to the end of
 * the file: for a zip written as pack writes it, only the central
 * directory is read twice.  Private to the core.
 */
#ifndef DOSSIER_ZIPREAD_H
#define DOSSIER_ZIPREAD_H

#include "bag_impl.h"
#include "dossier/error.h"
#include "dossier/hash.h"

#include <stdbool.h>
#include <stdint.h>
#include <zip.h>

struct zread;

/*
 * A source over 'fd' (the caller keeps and closes it; its size is
 * fstat()'s) hashing with every algorithm 'need' asks for (none: the
 * buffer only).  Progress of 'rel' goes to 'h' when not NULL.  NULL
 * with 'err' set (DSR_NOMEM, DSR_IO when fstat() fails).
 */
struct zread *zread_new(int fd, const bool need[DSR_HASH_COUNT],
                        struct bag_hashing *h, const char *rel,
                        struct dsr_error *err);
/*
 * The zip read through 'r', opened read-only with consistency checks as
 * dsr_zip_open_beneath() opens one.  NULL with 'ze' set to the code
 * zip_fdopen() would give (no system error), which the caller
 * finalises either way.  'r' outlives the archive.
 */
zip_t *zread_open(struct zread *r, zip_error_t *ze);
/*
 * Hash what is left of the file from the hashed offset to its end (to
 * end of file, as a plain read does) and write each digest 'need' asked
 * for into 'out', the bytes hashed into '*size'.  Returns 0; 1 when the
 * file cannot be read (errno in '*sys_errno'); -1 with 'err' set when
 * the run must stop (interrupted, a digest failed).
 */
int zread_finish(struct zread *r, char out[DSR_HASH_COUNT][DSR_HASH_HEX_MAX],
                 uint64_t *size, int *sys_errno, struct dsr_error *err);
/* Every byte read from the file so far, hashed or not (for the tests). */
uint64_t zread_bytes_read(const struct zread *r);
void zread_free(struct zread *r);

#endif
