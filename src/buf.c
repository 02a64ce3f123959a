/*
 * buf.c -- bounded growable buffer.
 */
#include "dossier/buf.h"

#include "dossier/error.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char empty_string[1];

void
dsr_buf_init(struct dsr_buf *b, size_t limit)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->limit = limit;
}

static size_t
buf_limit(const struct dsr_buf *b)
{
    return b->limit ? b->limit : DSR_BUF_DEFAULT_LIMIT;
}

static int
buf_grow(struct dsr_buf *b, size_t extra, struct dsr_error *err)
{
    size_t need;
    size_t cap;
    char *p;

    if (extra > buf_limit(b) || b->len > buf_limit(b) - extra)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0,
                             "buffer would exceed its limit of %zu bytes",
                             buf_limit(b));
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    p = realloc(b->data, cap);
    if (!p)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    b->data = p;
    b->cap = cap;
    return 0;
}

int
dsr_buf_add(struct dsr_buf *b, const void *p, size_t len,
            struct dsr_error *err)
{
    if (buf_grow(b, len, err) < 0)
        return -1;
    if (len)
        memcpy(b->data + b->len, p, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int
dsr_buf_adds(struct dsr_buf *b, const char *s, struct dsr_error *err)
{
    return dsr_buf_add(b, s, strlen(s), err);
}

int
dsr_buf_addf(struct dsr_buf *b, struct dsr_error *err, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0, "bad format");
    if (buf_grow(b, (size_t)n, err) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void
dsr_buf_reset(struct dsr_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

const char *
dsr_buf_str(const struct dsr_buf *b)
{
    return b->data ? b->data : empty_string;
}

char *
dsr_buf_detach(struct dsr_buf *b)
{
    char *s = b->data;

    if (!s)
        s = calloc(1, 1);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return s;
}

void
dsr_buf_release(struct dsr_buf *b)
{
    if (!b)
        return;
    free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}
