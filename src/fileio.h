/* fileio.h -- the core's private file layer, declared once for all. */
#ifndef DOSSIER_FILEIO_H
#define DOSSIER_FILEIO_H

/*
 * Opening below a directory without following links, bounded whole-file
 * reads, new files written in full, and directory trees listed, synced
 * and removed.  Self-contained on purpose (no internal.h): the command
 * layer removes its temporary bundle with it too.
 */

#include <dirent.h>
#include <signal.h>
#include <stddef.h>

struct dsr_error;

/*
 * Open 'rel' below 'dirfd' one component at a time, never following a
 * symbolic link and never leaving 'dirfd' (an empty, "." or ".."
 * component is ENOENT).  'flags' apply to the last component, the others
 * are opened as directories.  Returns the fd, or -1 with errno set (ELOOP
 * for a link).
 */
int dsr_fio_open_beneath(int dirfd, const char *rel, int flags);

/* Read all of a file (at most 'limit' bytes) into a NUL-terminated buffer. */
enum dsr_read_result {
    DSR_READ_OK,
    DSR_READ_IO,        /* errno in *sys_errno */
    DSR_READ_TOO_LARGE,
    DSR_READ_NOMEM,
};

/*
 * Read the open file 'fd' to its end into '*data' (malloc'd, NUL after
 * '*len' bytes; the caller frees it).  Only a regular file is read
 * (EISDIR or EINVAL otherwise); one larger than 'limit' bytes, or one
 * that grows past it while read, is DSR_READ_TOO_LARGE.  'fd' stays open.
 */
enum dsr_read_result dsr_fio_read_fd(int fd, size_t limit, char **data,
                                     size_t *len, int *sys_errno);

/* dsr_fio_read_fd() on 'path', opened without blocking on a FIFO. */
enum dsr_read_result dsr_read_file(const char *path, size_t limit,
                                   char **data, size_t *len, int *sys_errno);

/*
 * write() all 'len' bytes, retrying short writes and EINTR (unless
 * *cancel, when 'cancel' is not NULL, is non-zero).  Returns 0, or -1
 * with errno set.
 */
int dsr_fio_write_all(int fd, const void *data, size_t len,
                      const volatile sig_atomic_t *cancel);

/*
 * Create the new file 'name' in 'dirfd' (which is 'dir', for messages),
 * never through a symbolic link, write 'len' bytes and fsync it.  An
 * existing file is an error.  Returns 0, or -1 with 'err' set (DSR_IO).
 */
int dsr_fio_write_new(int dirfd, const char *dir, const char *name,
                      const void *data, size_t len, struct dsr_error *err);

/*
 * A directory stream over the directory 'fd', from its start; 'fd' stays
 * open and the stream (closedir() it) has its own descriptor.  NULL with
 * errno set on failure.
 */
DIR *dsr_fio_opendir_at(int fd);

/*
 * The next entry of 'd' other than "." and "..": 1 with '*name' set
 * (valid until the next call), 0 at the end, -1 with errno set.
 */
int dsr_fio_readdir(DIR *d, const char **name);

/*
 * fsync every regular file and directory under 'dir' (no symbolic link
 * followed), and 'dir' itself.  Returns 0, or -1 with 'err' set (DSR_IO).
 */
int dsr_fio_sync_tree(const char *dir, struct dsr_error *err);

/* fsync the directory that holds 'path'.  Returns 0, or -1 with errno. */
int dsr_fio_sync_parent(const char *path);

/*
 * Remove 'dir' and everything under it, as far as possible, never
 * following a symbolic link.  Returns 0, or -1 with errno set when
 * something is left.
 */
int dsr_fio_remove_tree(const char *dir);

#endif
