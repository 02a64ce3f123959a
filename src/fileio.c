/* fileio.c -- the core's private file layer (see fileio.h). */
#define _GNU_SOURCE /* renameat2, O_PATH, O_TMPFILE, mkostemp, syscall() */

#include "fileio.h"

#include "dossier/error.h"
#include "dossier/evidence.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* openat2() needs its header and a kernel number for the call */
#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#if defined(SYS_openat2)
#define HAVE_OPENAT2 1
#endif
#endif
#endif

#define MAX_DEPTH 64

static int sync_dir(int fd, const char *path, int depth, struct dsr_error *err);
static int remove_below(int fd, int depth);

/*
 * Whether 'rel' is a path dsr_fio_open_beneath() may take: relative, no
 * empty, "." or ".." part (a bag's rules, dsr_path_check()), and no part
 * over NAME_MAX bytes, so that openat2() and the walk refuse the same
 * paths.
 */
static bool
parts_ok(const char *rel)
{
    if (dsr_path_check(rel, DSR_PATH_RULES_BAG) != DSR_PATH_OK)
        return false;
    for (const char *p = rel;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);

        if (n > NAME_MAX)
            return false;
        if (!slash)
            return true;
        p = slash + 1;
    }
}

/* openat2() where the kernel has it; ENOSYS where it does not. */
static int
open_beneath2(int dirfd, const char *rel, int flags)
{
#ifdef HAVE_OPENAT2
    struct open_how how;

    memset(&how, 0, sizeof(how));
    how.flags = (uint64_t)(flags | O_CLOEXEC);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    return (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
#else
    (void)dirfd;
    (void)rel;
    (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

/*
 * After openat2(O_DIRECTORY | O_NOFOLLOW) said ENOTDIR: ELOOP instead
 * when the last part of 'rel' is a link (looked at with O_PATH, beneath
 * 'dirfd' still), so a linked folder is a link both ways.
 */
static void
final_link(int dirfd, const char *rel)
{
    struct stat sb;
    int fd = open_beneath2(dirfd, rel, O_PATH | O_NOFOLLOW);
    int linked = fd >= 0 && fstat(fd, &sb) == 0 && S_ISLNK(sb.st_mode);

    if (fd >= 0)
        close(fd);
    errno = linked ? ELOOP : ENOTDIR;
}

/*
 * The walk for kernels without openat2(): one openat() per part,
 * O_NOFOLLOW on each and O_PATH | O_DIRECTORY on the folders (search
 * permission is enough), so no link is followed anywhere.  A folder that
 * is a link is ELOOP, as for openat2(), not the ENOTDIR openat() says.
 */
static int
open_walk(int dirfd, const char *rel, int flags)
{
    char part[NAME_MAX + 1];
    const char *p = rel;
    int fd = dirfd;

    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        struct stat sb;
        int next;
        int saved;

        memcpy(part, p, n);     /* parts_ok(): n <= NAME_MAX */
        part[n] = '\0';
        next = openat(fd, part,
                      (slash ? O_PATH | O_DIRECTORY : flags) | O_NOFOLLOW |
                          O_CLOEXEC,
                      0666);
        if (next < 0 && errno == ENOTDIR &&
            (slash || (flags & O_DIRECTORY)) &&
            fstatat(fd, part, &sb, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISLNK(sb.st_mode))
            errno = ELOOP;
        saved = errno;
        if (fd != dirfd)
            close(fd);
        errno = saved;
        if (next < 0)
            return -1;
        fd = next;
        if (!slash)
            return fd;
        p = slash + 1;
    }
}

int
dsr_fio_open_beneath(int dirfd, const char *rel, int flags, bool walk_only)
{
    int fd;

    if (!rel || !parts_ok(rel)) {
        errno = ENOENT;
        return -1;
    }
    if (!walk_only) {
        fd = open_beneath2(dirfd, rel, flags | O_NOFOLLOW);
        if (fd < 0 && errno == ENOTDIR && (flags & O_DIRECTORY))
            final_link(dirfd, rel);
        if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
            return fd;
    }
    return open_walk(dirfd, rel, flags);
}

/* Clear O_NONBLOCK again: reads of a regular file then behave as usual. */
static int
set_blocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);

    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
}

/* The folder part of 'rel' opened below 'dirfd' ('dirfd' itself for none). */
static int
open_parent(int dirfd, const char *rel, const char **last)
{
    const char *slash = strrchr(rel, '/');
    char dir[PATH_MAX];
    size_t n;

    *last = slash ? slash + 1 : rel;
    if (!slash)
        return dirfd;
    n = (size_t)(slash - rel);
    if (n == 0 || n >= sizeof(dir)) {
        errno = n ? ENAMETOOLONG : ENOENT;
        return -1;
    }
    memcpy(dir, rel, n);
    dir[n] = '\0';
    return dsr_fio_open_beneath(dirfd, dir, O_PATH | O_DIRECTORY, false);
}

int
dsr_fio_open_regular(int dirfd, const char *rel, mode_t *type)
{
    const char *last;
    struct stat st;
    int pfd, fd = -1;
    int saved;

    *type = 0;
    pfd = open_parent(dirfd, rel, &last);
    if (pfd < 0) {
        /* a link among the folders: say so rather than "too many levels" */
        if (errno == ELOOP)
            *type = S_IFLNK;
        return -1;
    }
    if (!parts_ok(last)) {
        errno = ENOENT;
        goto out;
    }
    /* the type first: a FIFO or device is never opened at all */
    if (fstatat(pfd, last, &st, AT_SYMLINK_NOFOLLOW) < 0)
        goto out;
    if (!S_ISREG(st.st_mode)) {
        *type = st.st_mode & S_IFMT;
        errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        goto out;
    }
    /* and again after the open, for one swapped in meanwhile */
    fd = openat(pfd, last,
                O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ELOOP)
            *type = S_IFLNK;
        goto out;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || set_blocking(fd) < 0) {
        saved = errno;
        if (!S_ISREG(st.st_mode)) {
            /* only when fstat() succeeded: st still held a regular file */
            *type = st.st_mode & S_IFMT;
            saved = EINVAL;
        }
        close(fd);
        fd = -1;
        errno = saved;
    }
out:
    saved = errno;
    if (pfd != dirfd)
        close(pfd);
    errno = saved;
    return fd;
}

enum dsr_read_result
dsr_fio_read_beneath(int dirfd, const char *rel, size_t limit, char **data,
                     size_t *len, mode_t *type, int *sys_errno)
{
    enum dsr_read_result ret;
    int fd;

    *data = NULL;
    *len = 0;
    fd = dsr_fio_open_regular(dirfd, rel, type);
    if (fd < 0) {
        *sys_errno = errno;
        return DSR_READ_IO;
    }
    ret = dsr_fio_read_fd(fd, limit, data, len, sys_errno);
    close(fd);
    return ret;
}

/*
 * Read one byte past a buffer that is full, which only a file that grew
 * meanwhile has: 1 with '*byte', 0 at the end, -1 with errno set.
 */
static int
probe(int fd, char *byte)
{
    ssize_t r;

    do
        r = read(fd, byte, 1);
    while (r < 0 && errno == EINTR);
    return r < 0 ? -1 : (int)r;
}

enum dsr_read_result
dsr_fio_read_fd(int fd, size_t limit, char **data, size_t *len, int *sys_errno)
{
    struct stat st;
    char *buf = NULL;
    size_t n = 0;
    size_t cap;
    enum dsr_read_result ret = DSR_READ_IO;

    *data = NULL;
    *len = 0;
    *sys_errno = 0;
    if (fstat(fd, &st) < 0) {
        *sys_errno = errno;
        return DSR_READ_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        *sys_errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return DSR_READ_IO;
    }
    if ((uintmax_t)st.st_size > (uintmax_t)limit)
        return DSR_READ_TOO_LARGE;
    cap = (size_t)st.st_size + 1;
    buf = malloc(cap);
    if (!buf)
        return DSR_READ_NOMEM;
    for (;;) {
        ssize_t r;

        if (n + 1 == cap) {
            char byte;
            char *p;

            r = probe(fd, &byte);
            if (r < 0) {
                *sys_errno = errno;
                goto out;
            }
            if (r == 0)
                break;
            if (cap - 1 >= limit) {
                ret = DSR_READ_TOO_LARGE;
                goto out;
            }
            cap = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
            p = realloc(buf, cap);
            if (!p) {
                ret = DSR_READ_NOMEM;
                goto out;
            }
            buf = p;
            buf[n++] = byte;
            continue;
        }
        r = read(fd, buf + n, cap - 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            *sys_errno = errno;
            goto out;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
    ret = DSR_READ_OK;
out:
    free(buf);
    return ret;
}

enum dsr_read_result
dsr_read_file(const char *path, size_t limit, char **data, size_t *len,
              int *sys_errno)
{
    enum dsr_read_result ret;
    int fd;

    *data = NULL;
    *len = 0;
    *sys_errno = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *sys_errno = errno;
        return DSR_READ_IO;
    }
    ret = dsr_fio_read_fd(fd, limit, data, len, sys_errno);
    close(fd);
    return ret;
}

int
dsr_fio_write_all(int fd, const void *data, size_t len,
                  const volatile sig_atomic_t *cancel)
{
    const char *p = data;

    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR && !(cancel && *cancel))
            continue;
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int
dsr_fio_write_new(int dirfd, const char *dir, const char *name,
                  const void *data, size_t len, struct dsr_error *err)
{
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
                                     O_CLOEXEC, 0666);

    if (fd < 0)
        return dsr_error_sys(err, errno, dir, "cannot create '%s'", name);
    if (dsr_fio_write_all(fd, data, len, NULL) < 0 || fsync(fd) < 0) {
        int e = errno;

        close(fd);
        return dsr_error_sys(err, e, dir, "cannot write '%s'", name);
    }
    if (close(fd) < 0)
        return dsr_error_sys(err, errno, dir, "cannot write '%s'", name);
    return 0;
}

int
dsr_fio_create(const char *path, const void *data, size_t len, mode_t mode,
               struct dsr_error *err)
{
    enum dsr_fio_step step;
    int e;

    if (dsr_fio_publish(path, data, len, mode, DSR_FIO_NEW, &step) == 0)
        return 0;
    e = errno;
    if (step == DSR_FIO_NAME)
        dsr_error_set(err, DSR_IO, path, 0, "path too long");
    else
        dsr_error_sys(err, e, path, "%s",
                      step == DSR_FIO_WRITE ? "cannot write" : "cannot create");
    errno = e;
    return -1;
}

/* ---- publishing ------------------------------------------------------ */

int
dsr_fio_tmp_create(struct dsr_fio_tmp *t, const char *target, bool hidden,
                   enum dsr_fio_step *step)
{
    const char *slash = strrchr(target, '/');
    int dirlen = slash ? (int)(slash - target) + 1 : 0;
    int n;

    t->fd = -1;
    if (hidden)
        n = snprintf(t->name, sizeof(t->name), "%.*s.%s.tmp-XXXXXX", dirlen,
                     target, target + dirlen);
    else
        n = snprintf(t->name, sizeof(t->name), "%s.tmp-XXXXXX", target);
    if (n < 0 || (size_t)n >= sizeof(t->name)) {
        t->name[0] = '\0';
        *step = DSR_FIO_NAME;
        errno = ENAMETOOLONG;
        return -1;
    }
    t->fd = mkstemp(t->name);
    if (t->fd < 0) {
        t->name[0] = '\0';
        *step = DSR_FIO_CREATE;
        return -1;
    }
    return 0;
}

int
dsr_fio_tmp_finish(struct dsr_fio_tmp *t, mode_t mode)
{
    int fd = t->fd;
    int e = 0;

    t->fd = -1;
    if (fd < 0)
        fd = open(t->name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /*
     * The mode before the fsync, so that both are durable together.  A
     * file system without Unix modes (FAT on a USB stick) refuses it with
     * EPERM; the file is whole all the same.
     */
    if (mode != (mode_t)-1 && fchmod(fd, mode) < 0 && errno != EPERM)
        e = errno;
    if (e == 0 && fsync(fd) < 0)
        e = errno;
    if (close(fd) < 0 && e == 0)
        e = errno;
    errno = e;
    return e ? -1 : 0;
}

bool
dsr_fio_same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
           a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
           a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

int
dsr_fio_open_unnamed(const char *dir)
{
    /* mkostemp() replaces the six X's */
    static const char pattern[] = "dossier-XXXXXX";
    char path[PATH_MAX];
    int fd, e;

    fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
        return fd;
    if (snprintf(path, sizeof(path), "%s/%s", dir, pattern) >= (int)sizeof(path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    fd = mkostemp(path, O_CLOEXEC);
    e = errno;
    if (fd >= 0)
        unlink(path);
    errno = e;
    return fd;
}

int
dsr_fio_tmpat_create(struct dsr_fio_tmpat *t, int dirfd, const char *name)
{
    static unsigned long counter;

    t->dirfd = dirfd;
    t->name[0] = '\0';
    /* an unnamed file is named through /proc, so only where /proc is */
    t->fd = access("/proc/self/fd", X_OK) == 0
                ? openat(dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600)
                : -1;
    if (t->fd >= 0)
        return 0;
    /* no O_TMPFILE on this file system: a hidden name, made anew */
    for (int tries = 0; tries < 100; tries++) {
        unsigned long n = __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED);

        if (snprintf(t->name, sizeof(t->name), ".%.*s.tmp-%ld-%lu", NAME_MAX - 40,
                     name, (long)getpid(), n) >= (int)sizeof(t->name)) {
            errno = ENAMETOOLONG;
            break;
        }
        t->fd = openat(dirfd, t->name,
                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (t->fd >= 0 || errno != EEXIST)
            break;
    }
    if (t->fd < 0)
        t->name[0] = '\0';
    return t->fd < 0 ? -1 : 0;
}

int
dsr_fio_tmpat_publish(struct dsr_fio_tmpat *t, const char *name, mode_t mode)
{
    int rc = -1, saved;

    if (fchmod(t->fd, mode) < 0 || fsync(t->fd) < 0)
        goto out;
    if (!t->name[0]) {
        char proc[64];

        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", t->fd);
        rc = linkat(AT_FDCWD, proc, t->dirfd, name, AT_SYMLINK_FOLLOW);
    } else if (renameat2(t->dirfd, t->name, t->dirfd, name, RENAME_NOREPLACE) == 0) {
        t->name[0] = '\0';
        rc = 0;
    } else if (errno == EINVAL || errno == ENOSYS) {
        /* no RENAME_NOREPLACE here: a hard link also never replaces */
        rc = linkat(t->dirfd, t->name, t->dirfd, name, 0);
    }
    if (rc == 0)
        fsync(t->dirfd);
out:
    saved = errno;
    dsr_fio_tmpat_discard(t);
    errno = saved;
    return rc;
}

void
dsr_fio_tmpat_discard(struct dsr_fio_tmpat *t)
{
    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
    if (t->name[0] && t->dirfd >= 0)
        unlinkat(t->dirfd, t->name, 0);
    t->name[0] = '\0';
}

int
dsr_fio_rename_new(const char *from, const char *to)
{
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return 0;
    return errno == EINVAL || errno == ENOSYS ? 1 : -1;
}

int
dsr_fio_tmp_place(struct dsr_fio_tmp *t, const char *target,
                  enum dsr_fio_place how)
{
    if (how == DSR_FIO_NEW) {
        int rc = dsr_fio_rename_new(t->name, target);

        if (rc < 0)
            return -1;
        /* no RENAME_NOREPLACE here: a hard link also never replaces */
        if (rc > 0) {
            if (link(t->name, target) < 0)
                return -1;
            unlink(t->name);
        }
    } else if (rename(t->name, target) < 0) {
        return -1;
    }
    t->name[0] = '\0';
    /* the file is in place: a directory that cannot sync changes nothing */
    dsr_fio_sync_parent(target);
    return 0;
}

int
dsr_fio_tmp_publish(struct dsr_fio_tmp *t, const char *target, mode_t mode,
                    enum dsr_fio_place how, enum dsr_fio_step *step)
{
    if (dsr_fio_tmp_finish(t, mode) < 0) {
        *step = DSR_FIO_WRITE;
        return -1;
    }
    if (dsr_fio_tmp_place(t, target, how) < 0) {
        *step = DSR_FIO_PLACE;
        return -1;
    }
    return 0;
}

void
dsr_fio_tmp_discard(struct dsr_fio_tmp *t)
{
    int saved = errno;

    if (t->fd >= 0)
        close(t->fd);
    t->fd = -1;
    if (t->name[0])
        unlink(t->name);
    t->name[0] = '\0';
    errno = saved;
}

int
dsr_fio_publish(const char *target, const void *data, size_t len, mode_t mode,
                enum dsr_fio_place how, enum dsr_fio_step *step)
{
    struct dsr_fio_tmp t = DSR_FIO_TMP_INIT;
    int rc = -1;

    if (dsr_fio_tmp_create(&t, target, false, step) < 0)
        return -1;
    if (dsr_fio_write_all(t.fd, data, len, NULL) < 0)
        *step = DSR_FIO_WRITE;
    else
        rc = dsr_fio_tmp_publish(&t, target, mode, how, step);
    dsr_fio_tmp_discard(&t);
    return rc;
}

static int
publish_link(const char *target, const char *from, const void *data,
             size_t len, enum dsr_fio_place how, enum dsr_fio_step *step)
{
    struct dsr_fio_tmp t = DSR_FIO_TMP_INIT;
    int rc = -1;

    if (dsr_fio_tmp_create(&t, target, false, step) < 0)
        return -1;
    /* a unique name, ours; freed again for link(), which will not replace */
    close(t.fd);
    t.fd = -1;
    unlink(t.name);
    if (link(from, t.name) < 0) {
        t.fd = open(t.name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0644);
        if (t.fd < 0 || dsr_fio_write_all(t.fd, data, len, NULL) < 0) {
            *step = DSR_FIO_WRITE;
            goto out;
        }
    }
    /* no chmod: a link's mode is the file's own */
    rc = dsr_fio_tmp_publish(&t, target, (mode_t)-1, how, step);
out:
    dsr_fio_tmp_discard(&t);
    return rc;
}

int
dsr_fio_publish_link(const char *target, const char *from, const void *data,
                     size_t len, enum dsr_fio_step *step)
{
    return publish_link(target, from, data, len, DSR_FIO_REPLACE, step);
}

/* ---- numbered backups ------------------------------------------------ */

/*
 * The N of "BASE.~N~" when 'name' is that ('blen' the length of BASE),
 * with N of 1 to DSR_FIO_BACKUP_MAX; else 0.
 */
static unsigned long
backup_number(const char *name, const char *base, size_t blen)
{
    const char *p = name + blen + 2, *q;
    unsigned long n = 0;

    if (strncmp(name, base, blen) != 0 || strncmp(name + blen, ".~", 2) != 0)
        return 0;
    for (q = p; *q >= '0' && *q <= '9'; q++) {
        n = n * 10 + (unsigned long)(*q - '0');
        if (n > DSR_FIO_BACKUP_MAX)
            return 0;
    }
    return q > p && q[0] == '~' && q[1] == '\0' ? n : 0;
}

static int
cmp_ulong(const void *a, const void *b)
{
    unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

    return (x > y) - (x < y);
}

int
dsr_fio_backup_numbered(const char *path, const void *data, size_t len,
                        size_t keep, unsigned long *number,
                        enum dsr_fio_step *step)
{
    char dirbuf[PATH_MAX], target[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t blen = strlen(base);
    unsigned long *nums = NULL, top = 0;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int dfd, rc = -1;
    DIR *d;

    *number = 0;
    if (slash == path)
        snprintf(dirbuf, sizeof(dirbuf), "/");
    else if (slash)
        snprintf(dirbuf, sizeof(dirbuf), "%.*s", (int)(slash - path), path);
    else
        snprintf(dirbuf, sizeof(dirbuf), ".");
    d = opendir(dirbuf);
    if (!d) {
        *step = DSR_FIO_CREATE;
        return -1;
    }
    dfd = dirfd(d);
    while ((e = readdir(d)) != NULL) {
        unsigned long k = backup_number(e->d_name, base, blen);

        if (!k)
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 16;
            unsigned long *p = realloc(nums, c * sizeof(*nums));

            if (!p) {
                *step = DSR_FIO_CREATE;
                errno = ENOMEM;
                goto out;
            }
            nums = p;
            cap = c;
        }
        nums[n++] = k;
        if (k > top)
            top = k;
    }
    /* another scan may take the same number at the same moment: the
     * backup is never placed over a name that exists */
    for (int tries = 0;; tries++) {
        if (top >= DSR_FIO_BACKUP_MAX) {
            *step = DSR_FIO_NAME;
            errno = EEXIST;
            goto out;
        }
        if (snprintf(target, sizeof(target), "%s.~%lu~", path, top + 1) >=
            (int)sizeof(target)) {
            *step = DSR_FIO_NAME;
            errno = ENAMETOOLONG;
            goto out;
        }
        if (publish_link(target, path, data, len, DSR_FIO_NEW, step) == 0)
            break;
        if (errno != EEXIST || tries >= 16)
            goto out;
        top++;
    }
    *number = ++top;
    rc = 0;
    /* keep the 'keep' newest, the new one among them; a backup that
     * cannot be removed stays, which loses nothing */
    if (n + 1 > keep && n) {
        qsort(nums, n, sizeof(*nums), cmp_ulong);
        for (size_t i = 0; i + keep < n + 1 && i < n; i++) {
            char name[NAME_MAX + 1];

            if (snprintf(name, sizeof(name), "%s.~%lu~", base, nums[i]) <
                (int)sizeof(name))
                unlinkat(dfd, name, 0);
        }
    }
out:
    closedir(d);
    free(nums);
    return rc;
}

mode_t
dsr_fio_default_mode(void)
{
    mode_t mask = umask(022);

    umask(mask);
    return 0666 & ~mask;
}

/* ---- directories ----------------------------------------------------- */

int
dsr_fio_mkdirs(const char *path, struct dsr_error *err)
{
    char buf[PATH_MAX];
    size_t n = strlen(path);

    if (n == 0 || n >= sizeof(buf))
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             "the folder name is empty or too long");
    memcpy(buf, path, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) < 0 && errno != EEXIST)
            return dsr_error_sys(err, errno, buf, "cannot create the folder");
        *p = '/';
    }
    if (mkdir(buf, 0755) < 0 && errno != EEXIST)
        return dsr_error_sys(err, errno, buf, "cannot create the folder");
    return 0;
}

int
dsr_fio_mkdirs_beneath(int dirfd, const char *rel)
{
    int fd = -1;

    if (!rel || !parts_ok(rel)) {
        errno = ENOENT;
        return -1;
    }
    for (const char *p = rel;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        char part[NAME_MAX + 1];
        int next;

        memcpy(part, p, n);     /* parts_ok(): n <= NAME_MAX */
        part[n] = '\0';
        if (mkdirat(fd >= 0 ? fd : dirfd, part, 0755) < 0 && errno != EEXIST)
            next = -1;
        else
            next = openat(fd >= 0 ? fd : dirfd, part,
                          O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0) {
            int saved = errno;

            if (fd >= 0)
                close(fd);
            errno = saved;
            return -1;
        }
        if (fd >= 0)
            close(fd);
        fd = next;
        if (!slash)
            return fd;
        p = slash + 1;
    }
}

int
dsr_fio_mkparents(const char *target, struct dsr_error *err)
{
    char buf[PATH_MAX];
    size_t n = strlen(target);
    struct stat st;

    if (n >= sizeof(buf))
        return dsr_error_sys(err, ENAMETOOLONG, target, "cannot create the folder");
    memcpy(buf, target, n + 1);
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = '\0';
    while (n > 0 && buf[n - 1] != '/')
        n--;
    while (n > 1 && buf[n - 1] == '/')
        n--;
    /* no folder named, or "/": nothing to make */
    if (n <= 1)
        return 0;
    buf[n] = '\0';
    if (stat(buf, &st) == 0)
        return 0;
    return dsr_fio_mkdirs(buf, err);
}

DIR *
dsr_fio_opendir_at(int fd)
{
    int dfd = dup(fd);
    DIR *d;

    if (dfd < 0)
        return NULL;
    d = fdopendir(dfd);
    if (!d) {
        int saved = errno;

        close(dfd);
        errno = saved;
        return NULL;
    }
    /* a dup shares the offset: start from the top whatever 'fd' read */
    rewinddir(d);
    return d;
}

int
dsr_fio_readdir(DIR *d, const char **name)
{
    for (;;) {
        struct dirent *de;

        errno = 0;
        de = readdir(d);
        if (!de)
            return errno ? -1 : 0;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        *name = de->d_name;
        return 1;
    }
}

/* Sync one entry of 'd' (named 'name' in messages of 'path'). */
static int
sync_entry(DIR *d, const char *path, const char *name, int depth,
           struct dsr_error *err)
{
    struct stat st;
    int ret = 0;
    int sub;

    if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
        !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
        return 0;
    sub = openat(dirfd(d), name,
                 (S_ISDIR(st.st_mode) ? O_DIRECTORY : 0) | O_RDONLY | O_NOFOLLOW |
                     O_CLOEXEC);
    if (sub < 0)
        return dsr_error_sys(err, errno, path, "cannot open '%s'", name);
    if (S_ISDIR(st.st_mode))
        ret = sync_dir(sub, name, depth + 1, err);
    else if (fsync(sub) < 0)
        ret = dsr_error_sys(err, errno, path, "cannot sync '%s'", name);
    close(sub);
    return ret;
}

static int
sync_dir(int fd, const char *path, int depth, struct dsr_error *err)
{
    const char *name;
    DIR *d;
    int ret = 0;

    if (depth > MAX_DEPTH)
        return dsr_error_set(err, DSR_IO, path, 0, "directories nested too deep");
    d = dsr_fio_opendir_at(fd);
    if (!d)
        return dsr_error_sys(err, errno, path, "cannot open");
    while (ret == 0) {
        int rc = dsr_fio_readdir(d, &name);

        if (rc < 0)
            ret = dsr_error_sys(err, errno, path, "cannot list");
        if (rc <= 0)
            break;
        ret = sync_entry(d, path, name, depth, err);
    }
    closedir(d);
    if (ret == 0 && fsync(fd) < 0)
        ret = dsr_error_sys(err, errno, path, "cannot sync");
    return ret;
}

int
dsr_fio_sync_tree(const char *dir, struct dsr_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return dsr_error_sys(err, errno, dir, "cannot open");
    rc = sync_dir(fd, dir, 0, err);
    close(fd);
    return rc;
}

int
dsr_fio_sync_parent(const char *path)
{
    char *copy = strdup(path);
    int fd;
    int ret = -1;

    if (!copy)
        return -1;
    fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ret = fsync(fd);
        close(fd);
    }
    free(copy);
    return ret;
}

/* Remove the entry 'name' of the directory 'd', a directory with all in it. */
static int
remove_entry(DIR *d, const char *name, int depth)
{
    struct stat st;
    int ret = 0;

    if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return -1;
    if (S_ISDIR(st.st_mode)) {
        int sub = openat(dirfd(d), name,
                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

        if (sub < 0)
            return -1;
        ret = remove_below(sub, depth + 1);
        close(sub);
    }
    if (unlinkat(dirfd(d), name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0) < 0)
        ret = -1;
    return ret;
}

/*
 * One pass over the directory stream 'd', removing every entry.  Returns
 * how many went; '*saved' gets the errno of the last that could not.
 */
static size_t
remove_pass(DIR *d, int depth, int *saved)
{
    const char *name;
    size_t removed = 0;

    rewinddir(d);
    for (;;) {
        int rc = dsr_fio_readdir(d, &name);

        if (rc < 0)
            *saved = errno;
        if (rc <= 0)
            return removed;
        if (remove_entry(d, name, depth) < 0)
            *saved = errno;
        else
            removed++;
    }
}

/*
 * Everything in the directory 'fd', carrying on past what cannot go.
 * Passes repeat while they remove something, as removing entries while
 * reading a directory may hide others from that reading.
 */
static int
remove_below(int fd, int depth)
{
    DIR *d;
    int saved;

    if (depth > MAX_DEPTH) {
        errno = ELOOP;
        return -1;
    }
    d = dsr_fio_opendir_at(fd);
    if (!d)
        return -1;
    do
        saved = 0;
    while (remove_pass(d, depth, &saved) > 0);
    closedir(d);
    errno = saved;
    return saved ? -1 : 0;
}

int
dsr_fio_remove_tree(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int rc;

    if (fd < 0)
        return -1;
    rc = remove_below(fd, 0);
    close(fd);
    if (rmdir(dir) < 0)
        return -1;
    return rc;
}
