/*
 * util.c -- small allocation and thread helpers used across the core.
 */
#include "internal.h"

#include "dossier/dossier.h"
#include "dossier/error.h"

#include <libxml/parser.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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
