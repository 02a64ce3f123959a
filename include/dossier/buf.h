/*
 * buf.h -- a bounded, growable byte buffer.
 *
 * Invariants:
 *  - 'data' is NULL until the first append; dsr_buf_str() returns "" then.
 *  - After a successful append, data[len] == '\0' (the buffer is always
 *    NUL-terminated, so it can be used as a C string when it holds text).
 *  - Growing past 'limit' bytes fails with DSR_NOMEM and leaves the buffer
 *    as it was.  A limit of 0 means DSR_BUF_DEFAULT_LIMIT.
 *  - The only way to take the storage is dsr_buf_detach().
 */
#ifndef DOSSIER_BUF_H
#define DOSSIER_BUF_H

#include <stddef.h>

struct dsr_error;

#define DSR_BUF_DEFAULT_LIMIT ((size_t)1 << 30)

struct dsr_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t limit;
};

#define DSR_BUF_INIT {.data = NULL}

void dsr_buf_init(struct dsr_buf *b, size_t limit);

/* Append 'len' bytes of 'p'.  Returns 0, or -1 with 'err' set. */
int dsr_buf_add(struct dsr_buf *b, const void *p, size_t len,
                struct dsr_error *err);
int dsr_buf_adds(struct dsr_buf *b, const char *s, struct dsr_error *err);
int dsr_buf_addf(struct dsr_buf *b, struct dsr_error *err, const char *fmt,
                 ...) __attribute__((format(printf, 3, 4)));

/* Empty the buffer, keeping its storage. */
void dsr_buf_reset(struct dsr_buf *b);

/* The contents as a C string; "" when empty.  Borrowed from 'b'. */
const char *dsr_buf_str(const struct dsr_buf *b);

/*
 * Take the storage: the caller owns the returned string (free with free())
 * and the buffer is empty again.  Never returns NULL unless out of memory.
 */
char *dsr_buf_detach(struct dsr_buf *b);

/* Free the storage; the buffer is empty and reusable.  NULL-safe. */
void dsr_buf_release(struct dsr_buf *b);

#endif
