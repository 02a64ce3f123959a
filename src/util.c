/*
 * util.c -- small allocation, file and thread helpers used across the core.
 */
#include "internal.h"

#include "dossier/dossier.h"
#include "dossier/error.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *
dsr_strdup(const char *s, struct dsr_error *err)
{
    char *d;

    if (!s)
        return NULL;
    d = strdup(s);
    if (!d)
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    return d;
}

int
dsr_grow(void **items, size_t size, size_t *cap, size_t need,
         struct dsr_error *err)
{
    size_t ncap;
    void *p;

    if (need <= *cap)
        return 0;
    ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / size)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    p = realloc(*items, ncap * size);
    if (!p)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    *items = p;
    *cap = ncap;
    return 0;
}

enum dsr_read_result
dsr_read_file(const char *path, size_t limit, char **data, size_t *len,
              int *sys_errno)
{
    struct stat st;
    char *buf = NULL;
    size_t n = 0;
    size_t cap;
    int fd;
    enum dsr_read_result ret = DSR_READ_IO;

    *data = NULL;
    *len = 0;
    *sys_errno = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *sys_errno = errno;
        return DSR_READ_IO;
    }
    if (fstat(fd, &st) < 0) {
        *sys_errno = errno;
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        *sys_errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        goto out;
    }
    if ((uintmax_t)st.st_size > (uintmax_t)limit) {
        ret = DSR_READ_TOO_LARGE;
        goto out;
    }
    cap = (size_t)st.st_size + 1;
    buf = malloc(cap);
    if (!buf) {
        ret = DSR_READ_NOMEM;
        goto out;
    }
    for (;;) {
        ssize_t r;

        if (n + 1 == cap) {
            /* full: only a further byte means the file grew meanwhile */
            char probe;
            char *p;

            do
                r = read(fd, &probe, 1);
            while (r < 0 && errno == EINTR);
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
            buf[n++] = probe;
            continue;
        }
        r = read(fd, buf + n, cap - 1 - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
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
    close(fd);
    return ret;
}

void
dsr_library_init(void)
{
    xmlInitParser();
}

void
dsr_library_cleanup(void)
{
    xmlCleanupParser();
}

struct parallel {
    size_t n;
    atomic_size_t next;
    void (*fn)(void *ctx, size_t i);
    void *ctx;
};

static void *
parallel_worker(void *arg)
{
    struct parallel *p = arg;

    for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
        p->fn(p->ctx, i);
    return NULL;
}

void
dsr_parallel(size_t n, unsigned jobs, void (*fn)(void *ctx, size_t i), void *ctx)
{
    struct parallel p = {.n = n, .fn = fn, .ctx = ctx};
    pthread_t threads[DSR_MAX_JOBS];
    unsigned started = 0;

    atomic_init(&p.next, 0);
    if (jobs == 0) {
        long nproc = sysconf(_SC_NPROCESSORS_ONLN);

        jobs = nproc > 0 ? (unsigned)nproc : 1;
    }
    if (jobs > DSR_MAX_JOBS)
        jobs = DSR_MAX_JOBS;
    if (jobs > n)
        jobs = n ? (unsigned)n : 1;
    while (started + 1 < jobs &&
           pthread_create(&threads[started], NULL, parallel_worker, &p) == 0)
        started++;
    parallel_worker(&p);
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
}
