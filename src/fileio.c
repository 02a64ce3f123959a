/* fileio.c -- the core's private file layer (see fileio.h). */
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
