/* fileio.c -- the core's private file layer (see fileio.h). */
#define _GNU_SOURCE /* renameat2 */

#include "fileio.h"

#include "dossier/error.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 64

static int sync_dir(int fd, const char *path, int depth, struct dsr_error *err);
static int remove_below(int fd, int depth);

int
dsr_fio_open_beneath(int dirfd, const char *rel, int flags)
{
    char part[4096];
    const char *p = rel;
    int fd = dirfd;

    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        int next;

        if (n == 0 || n >= sizeof(part) || (n == 1 && p[0] == '.') ||
            (n == 2 && p[0] == '.' && p[1] == '.')) {
            if (fd != dirfd)
                close(fd);
            errno = ENOENT;
            return -1;
        }
        memcpy(part, p, n);
        part[n] = '\0';
        next = openat(fd, part,
                      (slash ? O_RDONLY | O_DIRECTORY : flags) | O_NOFOLLOW |
                          O_CLOEXEC,
                      0666);
        if (fd != dirfd) {
            int saved = errno;

            close(fd);
            errno = saved;
        }
        if (next < 0)
            return -1;
        fd = next;
        if (!slash)
            return fd;
        p = slash + 1;
    }
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

int
dsr_fio_publish_link(const char *target, const char *from, const void *data,
                     size_t len, enum dsr_fio_step *step)
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
    rc = dsr_fio_tmp_publish(&t, target, (mode_t)-1, DSR_FIO_REPLACE, step);
out:
    dsr_fio_tmp_discard(&t);
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
