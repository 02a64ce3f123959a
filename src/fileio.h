/* fileio.h -- the core's private file layer, declared once for all. */
#ifndef DOSSIER_FILEIO_H
#define DOSSIER_FILEIO_H

/*
 * Opening below a directory without following links, bounded whole-file
 * reads, new files written in full, files published whole under their
 * final name, and directory trees made, listed, synced and removed.
 * Self-contained on purpose (no internal.h): the command layer removes
 * its temporary bundle with it too.
 */

#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct dsr_error;

/*
 * Open 'rel' below 'dirfd' without following a symbolic link anywhere
 * and never leaving 'dirfd': openat2(RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS), or, when 'walk_only' or when the kernel or a
 * seccomp filter refuses openat2 (ENOSYS, EPERM), one openat() per part
 * with O_NOFOLLOW, the folders opened O_PATH (search permission is
 * enough).  An empty, "." or ".." part, or one over NAME_MAX bytes, is
 * ENOENT.  'flags' apply to the last part.  Returns the fd, or -1 with
 * errno set: ELOOP for a link, a folder on the way included.
 */
int dsr_fio_open_beneath(int dirfd, const char *rel, int flags, bool walk_only);

/*
 * Open the regular file 'rel' below 'dirfd' for reading, as
 * dsr_fio_open_beneath() does, and never open anything else: the type is
 * looked at before the open (so a FIFO or device is never opened) and
 * again after it.  Returns the fd (blocking reads), or -1 with errno set
 * and '*type' the S_IFMT type that stopped it (S_IFLNK for a link, a
 * linked folder on the way included; 0 when the path is missing or
 * unreadable).
 */
int dsr_fio_open_regular(int dirfd, const char *rel, mode_t *type);

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

/*
 * dsr_fio_read_fd() on 'rel' below 'dirfd', opened with
 * dsr_fio_open_regular(): an open that fails is DSR_READ_IO with
 * '*sys_errno' set and '*type' as dsr_fio_open_regular() says.
 */
enum dsr_read_result dsr_fio_read_beneath(int dirfd, const char *rel,
                                          size_t limit, char **data,
                                          size_t *len, mode_t *type,
                                          int *sys_errno);

/* dsr_fio_read_fd() on 'path', opened without blocking on a FIFO. */
enum dsr_read_result dsr_read_file(const char *path, size_t limit,
                                   char **data, size_t *len, int *sys_errno);

/*
 * Whether two stats are of the same file unchanged: device, inode, size
 * and modification time to the nanosecond.
 */
bool dsr_fio_same_file(const struct stat *a, const struct stat *b);

/*
 * A new file in the folder 'dir' that has no name (O_TMPFILE, or where
 * the file system has none a name removed at once), open for reading and
 * writing and closed on exec: gone when closed, whatever happens.
 * Returns the descriptor, or -1 with errno set.
 */
int dsr_fio_open_unnamed(const char *dir);

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
 * Create the new file 'path' with 'len' bytes of 'data' and mode 'mode',
 * as dsr_fio_publish() with DSR_FIO_NEW: it appears whole or not at all,
 * and an existing file is never replaced.  Returns 0, or -1 with 'err'
 * set (DSR_IO: "cannot create", "cannot write" or "path too long") and
 * errno kept (EEXIST when 'path' exists).
 */
int dsr_fio_create(const char *path, const void *data, size_t len,
                   mode_t mode, struct dsr_error *err);

/* ---- publishing: a temporary file beside the target, then its name --- */

/*
 * Rename 'from' to 'to' only if 'to' does not exist (RENAME_NOREPLACE),
 * so that not even an empty directory there is replaced.  Returns 0; 1
 * when this file system cannot (the caller decides what then); or -1 with
 * errno set (EEXIST when 'to' exists).
 */
int dsr_fio_rename_new(const char *from, const char *to);

/* How a temporary file takes its final name. */
enum dsr_fio_place {
    DSR_FIO_REPLACE,    /* rename(): atomically replaces what is there */
    DSR_FIO_NEW,        /* fails with EEXIST when the name is taken */
};

/* The step of a publication that failed; errno says why. */
enum dsr_fio_step {
    DSR_FIO_NAME,       /* the temporary's name is too long (ENAMETOOLONG) */
    DSR_FIO_CREATE,     /* the temporary cannot be created */
    DSR_FIO_WRITE,      /* writing, fchmod, fsync or close failed */
    DSR_FIO_PLACE,      /* the rename or link into place failed */
};

/* A temporary file being written; set it to DSR_FIO_TMP_INIT first. */
struct dsr_fio_tmp {
    char name[PATH_MAX];    /* its path, "" when there is none */
    int fd;                 /* open for writing, or -1 */
};

#define DSR_FIO_TMP_INIT {.fd = -1}

/*
 * Create a new private temporary file for 'target' in its directory:
 * "TARGET.tmp-XXXXXX", or ".NAME.tmp-XXXXXX" beside it when 'hidden'.
 * Returns 0 with t->name and t->fd set, or -1 with '*step' and errno set.
 */
int dsr_fio_tmp_create(struct dsr_fio_tmp *t, const char *target, bool hidden,
                       enum dsr_fio_step *step);

/*
 * Give the temporary 'mode' (unless it is (mode_t)-1), fsync and close
 * it.  With t->fd at -1 the file is opened by name first, for one that
 * something else wrote.  Returns 0, or -1 with errno set (DSR_FIO_WRITE).
 */
int dsr_fio_tmp_finish(struct dsr_fio_tmp *t, mode_t mode);

/*
 * Move a finished temporary to 'target' as 'how' says, then fsync the
 * directory (as far as possible: the file is in place by then).  Returns
 * 0 with t->name cleared, or -1 with errno set (DSR_FIO_PLACE).
 */
int dsr_fio_tmp_place(struct dsr_fio_tmp *t, const char *target,
                      enum dsr_fio_place how);

/* dsr_fio_tmp_finish() then dsr_fio_tmp_place(); '*step' on failure. */
int dsr_fio_tmp_publish(struct dsr_fio_tmp *t, const char *target, mode_t mode,
                        enum dsr_fio_place how, enum dsr_fio_step *step);

/* Close and remove what is left of a temporary; safe to call twice. */
void dsr_fio_tmp_discard(struct dsr_fio_tmp *t);

/*
 * The same inside an open folder, for a writer that must not follow a
 * link planted on the way (its folders opened with
 * dsr_fio_mkdirs_beneath()): an unnamed O_TMPFILE where the file system
 * has one, else a hidden ".NAME.tmp-PID-N" made with O_EXCL | O_NOFOLLOW.
 * Set it to DSR_FIO_TMPAT_INIT first.
 */
struct dsr_fio_tmpat {
    int dirfd;                      /* not owned */
    int fd;                         /* open for writing, or -1 */
    char name[NAME_MAX + 1];        /* the named temporary, "" for none */
};

#define DSR_FIO_TMPAT_INIT {.dirfd = -1, .fd = -1}

/* Returns 0 with t->fd set, or -1 with errno set. */
int dsr_fio_tmpat_create(struct dsr_fio_tmpat *t, int dirfd, const char *name);

/*
 * fsync it, give it 'mode', and make it 'name' in its folder, never over
 * a name that exists (EEXIST).  Returns 0, or -1 with errno set; the
 * temporary is gone either way.
 */
int dsr_fio_tmpat_publish(struct dsr_fio_tmpat *t, const char *name, mode_t mode);

/* Close and remove what is left; safe to call twice. */
void dsr_fio_tmpat_discard(struct dsr_fio_tmpat *t);

/*
 * Write 'len' bytes of 'data' to a temporary beside 'target' and publish
 * it with 'mode' as 'how' says: readers see the old file or the whole new
 * one, never part of it.  Returns 0, or -1 with '*step' and errno set.
 */
int dsr_fio_publish(const char *target, const void *data, size_t len,
                    mode_t mode, enum dsr_fio_place how,
                    enum dsr_fio_step *step);

/*
 * Publish at 'target' a second name for the file 'from' (a hard link), or
 * where a link is not possible, a copy: 'len' bytes of 'data', which hold
 * what 'from' holds, with mode 0644 less the umask.  Returns 0, or -1 with
 * '*step' and errno set.
 */
int dsr_fio_publish_link(const char *target, const char *from,
                         const void *data, size_t len, enum dsr_fio_step *step);

/* The highest N dsr_fio_backup_numbered() reads or writes. */
#define DSR_FIO_BACKUP_MAX 999999999UL

/*
 * Keep the file 'path' (whose bytes are the 'len' bytes of 'data') as its
 * next numbered backup, "PATH.~N~" with N one more than the highest
 * there, as GNU cp --backup=numbered names them: a hard link, or a copy
 * where links are not possible; never over a name that exists.  Then the
 * numbered backups of 'path' are removed but for the 'keep' highest.
 * Reads the folder once: time is linear in its entries.  Returns 0 with
 * '*number' set to N, or -1 with '*step' and errno set (DSR_FIO_NAME and
 * EEXIST when N would pass DSR_FIO_BACKUP_MAX).
 */
int dsr_fio_backup_numbered(const char *path, const void *data, size_t len,
                            size_t keep, unsigned long *number,
                            enum dsr_fio_step *step);

/*
 * 0666 less the process's umask: the mode open() gives a new file.  Reads
 * the umask by setting it, so call it before threads start.
 */
mode_t dsr_fio_default_mode(void);

/* ---- directories ---------------------------------------------------- */

/*
 * Make the directory 'path' and any missing parent (mode 0755 less the
 * umask); one that exists is fine.  Returns 0, or -1 with 'err' set
 * (DSR_USAGE for an empty or too long name, DSR_IO).
 */
int dsr_fio_mkdirs(const char *path, struct dsr_error *err);

/*
 * Open the folder 'rel' below 'dirfd' (a relative path of plain parts),
 * making each missing part (0755 less the umask) and never following a
 * symbolic link: each part is made with mkdirat() and opened with
 * O_DIRECTORY | O_NOFOLLOW from the one before, so that a link planted
 * anywhere on the way leads nowhere.  Returns the folder's descriptor,
 * or -1 with errno set (ELOOP or ENOTDIR for a link or a file in the
 * way, ENOENT for a path that is not plain).
 */
int dsr_fio_mkdirs_beneath(int dirfd, const char *rel);

/*
 * Make the missing folders above the file or folder 'target', as an output
 * named with -o needs ("out/2025/dossier.pdf" makes out/ and out/2025/).
 * What exists is left alone, even when it is not a folder (the write that
 * follows then says so).  Returns 0, or -1 with 'err' set.
 */
int dsr_fio_mkparents(const char *target, struct dsr_error *err);

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
