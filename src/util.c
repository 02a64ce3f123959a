/*
 * util.c -- small allocation and thread helpers used across the core.
 */
#include "internal.h"

#include "dossier/dossier.h"
#include "dossier/error.h"

#include <ctype.h>
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

static int
cmp_job(const void *a, const void *b)
{
    const struct dsr_job *x = a;
    const struct dsr_job *y = b;

    if (x->cost != y->cost)
        return x->cost < y->cost ? 1 : -1;
    return (x->item > y->item) - (x->item < y->item);
}

void
dsr_jobs_sort(struct dsr_job *jobs, size_t n)
{
    if (n > 1)
        qsort(jobs, n, sizeof(*jobs), cmp_job);
}

struct parallel {
    size_t n;
    atomic_size_t next;
    void (*fn)(void *ctx, unsigned worker, size_t i);
    void *ctx;
};

/* One thread of dsr_parallel_workers(), and its number. */
struct worker {
    struct parallel *p;
    unsigned id;
};

static void *
parallel_worker(void *arg)
{
    struct worker *w = arg;
    struct parallel *p = w->p;

    for (size_t i; (i = atomic_fetch_add(&p->next, 1)) < p->n;)
        p->fn(p->ctx, w->id, i);
    return NULL;
}

void
dsr_parallel_workers(size_t n, unsigned jobs,
                     void (*fn)(void *ctx, unsigned worker, size_t i), void *ctx)
{
    struct parallel p = {.n = n, .fn = fn, .ctx = ctx};
    struct worker workers[DSR_MAX_JOBS];
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
    for (unsigned t = 0; t < jobs; t++)
        workers[t] = (struct worker){.p = &p, .id = t};
    while (started + 1 < jobs &&
           pthread_create(&threads[started], NULL, parallel_worker,
                          &workers[started + 1]) == 0)
        started++;
    parallel_worker(&workers[0]);
    for (unsigned t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
}

/* What dsr_parallel() runs: a job that has no use for the worker. */
struct plain {
    void (*fn)(void *ctx, size_t i);
    void *ctx;
};

static void
plain_job(void *ctx, unsigned worker, size_t i)
{
    struct plain *p = ctx;

    (void)worker;
    p->fn(p->ctx, i);
}

bool
dsr_same_name(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ' || *a == '\t')
            a++;
        while (*b == ' ' || *b == '\t')
            b++;
        if (!*a || !*b)
            return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++;
        b++;
    }
}

void
dsr_parallel(size_t n, unsigned jobs, void (*fn)(void *ctx, size_t i), void *ctx)
{
    struct plain p = {.fn = fn, .ctx = ctx};

    dsr_parallel_workers(n, jobs, plain_job, &p);
}

void *
dsr_find_duplicate(void *base, size_t n, size_t size,
                   int (*cmp)(const void *, const void *))
{
    char *p = base;

    if (n < 2)
        return NULL;
    qsort(base, n, size, cmp);
    for (size_t i = 1; i < n; i++)
        if (cmp(p + (i - 1) * size, p + i * size) == 0)
            return p + i * size;
    return NULL;
}

bool
dsr_all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}
