/*
 * zipread.c -- r23-verify: a libzip read source that hashes the zip for
 * the bag as libzip reads it (zipread.h).
 */
#include "zipread.h"

#include "dossier/error.h"
#include "dossier/hash.h"
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZR_CHUNK ((size_t)1 << 20)
/* the most bytes past the hashed offset a read may start to be hashed on */
#define ZR_GAP ((uint64_t)64 << 10)

struct zread {
    int fd;
    uint64_t size;              /* fstat()'s, what libzip is told */
    uint64_t pos;               /* libzip's position */
    uint64_t hashed;            /* every byte before it hashed, in order */
    unsigned char *buf;         /* the file's [boff, boff + blen) */
    uint64_t boff;
    size_t blen;
    uint64_t bytes_read;
    struct dsr_hash *ctx[DSR_HASH_COUNT];
    bool failed;                /* a digest failed: 'herr' says */
    struct dsr_error herr;
    zip_error_t ze;
    struct bag_hashing *h;
    const char *rel;
};

struct zread *
zread_new(int fd, const bool need[DSR_HASH_COUNT], struct bag_hashing *h,
          const char *rel, struct dsr_error *err)
{
    struct zread *r = calloc(1, sizeof(*r));
    struct stat st;

    if (!r || !(r->buf = malloc(ZR_CHUNK))) {
        free(r);
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    r->fd = fd;
    r->h = h;
    r->rel = rel;
    r->herr = (struct dsr_error)DSR_ERROR_INIT;
    zip_error_init(&r->ze);
    for (int a = 0; a < DSR_HASH_COUNT; a++)
        if (need[a] && !(r->ctx[a] = dsr_hash_new((enum dsr_hash_alg)a, err))) {
            zread_free(r);
            return NULL;
        }
    if (fstat(fd, &st) < 0) {
        dsr_error_sys(err, errno, rel, "cannot stat");
        zread_free(r);
        return NULL;
    }
    r->size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
    return r;
}

void
zread_free(struct zread *r)
{
    if (!r)
        return;
    for (int a = 0; a < DSR_HASH_COUNT; a++)
        dsr_hash_free(r->ctx[a]);
    zip_error_fini(&r->ze);
    free(r->buf);
    free(r);
}

uint64_t
zread_bytes_read(const struct zread *r)
{
    return r->bytes_read;
}

/* pread() 'n' bytes at 'off', short only at end of file; -1: errno. */
static ssize_t
read_full(int fd, unsigned char *p, size_t n, uint64_t off)
{
    size_t done = 0;

    while (done < n) {
        ssize_t got = pread(fd, p + done, n - done, (off_t)(off + done));

        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        done += (size_t)got;
    }
    return (ssize_t)done;
}

/*
 * The buffer filled from the hashed offset, every byte hashed: the bytes
 * loaded (0 at end of file), or -1 with errno set.
 */
static ssize_t
fill(struct zread *r)
{
    ssize_t got = read_full(r->fd, r->buf, ZR_CHUNK, r->hashed);

    if (got <= 0)
        return got;
    for (int a = 0; a < DSR_HASH_COUNT; a++)
        if (r->ctx[a] && !r->failed &&
            dsr_hash_update(r->ctx[a], r->buf, (size_t)got, &r->herr) < 0)
            r->failed = true;
    r->boff = r->hashed;
    r->blen = (size_t)got;
    r->hashed += (uint64_t)got;
    r->bytes_read += (uint64_t)got;
    if (r->h)
        bag_hashing_advance(r->h, r->rel, (size_t)got);
    return got;
}

/* libzip's read of 'len' bytes at r->pos into 'out'. */
static zip_int64_t
source_read(struct zread *r, unsigned char *out, uint64_t len)
{
    uint64_t done = 0;

    while (done < len) {
        uint64_t p = r->pos;
        ssize_t got;

        if (p >= r->boff && p - r->boff < r->blen) {
            size_t k = r->blen - (size_t)(p - r->boff);

            if (k > len - done)
                k = (size_t)(len - done);
            memcpy(out + done, r->buf + (p - r->boff), k);
            r->pos += k;
            done += k;
            continue;
        }
        /* a zip of at most the buffer is read whole at the first read */
        if (p >= r->hashed && (p - r->hashed <= ZR_GAP || r->size <= ZR_CHUNK)) {
            got = fill(r);
        } else {
            /* before the hashed offset or far past it: not hashed */
            size_t want = len - done > ZR_CHUNK ? ZR_CHUNK : (size_t)(len - done);

            got = read_full(r->fd, out + done, want, p);
            if (got > 0) {
                r->bytes_read += (uint64_t)got;
                r->pos += (uint64_t)got;
                done += (uint64_t)got;
            }
        }
        if (got < 0) {
            zip_error_set(&r->ze, ZIP_ER_READ, errno);
            return -1;
        }
        if (r->failed) {
            zip_error_set(&r->ze, ZIP_ER_INTERNAL, 0);
            return -1;
        }
        if (got == 0)
            break;
    }
    return (zip_int64_t)done;
}

/*
 * libzip's seek: as its file source without a known end, past the end of
 * the file too (a read there gives nothing), never before its start.
 */
static zip_int64_t
source_seek(struct zread *r, const zip_source_args_seek_t *args)
{
    int64_t base;

    if (!args)
        return -1;
    switch (args->whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = (int64_t)r->pos;
        break;
    case SEEK_END:
        base = (int64_t)r->size;
        break;
    default:
        zip_error_set(&r->ze, ZIP_ER_INVAL, 0);
        return -1;
    }
    if ((args->offset < 0 && base + args->offset < 0) ||
        (args->offset > 0 && args->offset > INT64_MAX - base)) {
        zip_error_set(&r->ze, ZIP_ER_INVAL, 0);
        return -1;
    }
    r->pos = (uint64_t)(base + args->offset);
    return 0;
}

static zip_int64_t
source_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    struct zread *r = ud;

    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        r->pos = 0;
        return 0;
    case ZIP_SOURCE_READ:
        return source_read(r, data, len);
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
        /* 'r' belongs to the caller, which finishes the hashing after */
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;

        if (len < sizeof(*st)) {
            zip_error_set(&r->ze, ZIP_ER_INVAL, 0);
            return -1;
        }
        zip_stat_init(st);
        st->size = r->size;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(*st);
    }
    case ZIP_SOURCE_SEEK:
        return source_seek(r, ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data,
                                                  len, &r->ze));
    case ZIP_SOURCE_TELL:
        return (zip_int64_t)r->pos;
    case ZIP_SOURCE_ACCEPT_EMPTY:
        /* an empty file is no zip, as zip_fdopen() says */
        return 0;
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&r->ze, data, len);
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(
            ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
            ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_ACCEPT_EMPTY, -1);
    default:
        zip_error_set(&r->ze, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

zip_t *
zread_open(struct zread *r, zip_error_t *ze)
{
    zip_source_t *src;
    zip_t *za = NULL;
    int code;

    zip_error_init(ze);
    src = zip_source_function_create(source_cb, r, ze);
    if (src) {
        za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, ze);
        if (!za)
            zip_source_free(src);
    }
    if (za)
        return za;
    /* as zip_fdopen() gives it: the code alone */
    code = zip_error_code_zip(ze);
    zip_error_fini(ze);
    zip_error_init(ze);
    zip_error_set(ze, code ? code : ZIP_ER_INTERNAL, 0);
    return NULL;
}

int
zread_finish(struct zread *r, char out[DSR_HASH_COUNT][DSR_HASH_HEX_MAX],
             uint64_t *size, int *sys_errno, struct dsr_error *err)
{
    for (;;) {
        ssize_t got;

        if (r->h && dsr_cancelled(r->h->cancel))
            return dsr_interrupted(err);
        got = fill(r);
        if (got < 0) {
            *sys_errno = errno;
            *size = r->hashed;
            return 1;
        }
        if (got == 0)
            break;
    }
    if (r->failed) {
        *err = r->herr;
        return -1;
    }
    for (int a = 0; a < DSR_HASH_COUNT; a++)
        if (r->ctx[a] && dsr_hash_final(r->ctx[a], out[a], err) < 0)
            return -1;
    *size = r->hashed;
    return 0;
}
