/*
 * hash.c -- streaming digests over OpenSSL EVP.
 */
#include "dossier/hash.h"

#include "dossier/error.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    size_t hex;
} algs[DSR_HASH_COUNT] = {
    [DSR_HASH_SHA256] = {"sha256", 64},
    [DSR_HASH_SHA512] = {"sha512", 128},
    [DSR_HASH_SHA1] = {"sha1", 40},
    [DSR_HASH_MD5] = {"md5", 32},
};

size_t
dsr_hash_hex_len(enum dsr_hash_alg alg)
{
    return (unsigned)alg < DSR_HASH_COUNT ? algs[alg].hex : 0;
}

const char *
dsr_hash_name(enum dsr_hash_alg alg)
{
    return (unsigned)alg < DSR_HASH_COUNT ? algs[alg].name : "sha512";
}

int
dsr_hash_from_name(const char *name)
{
    for (int a = 0; a < DSR_HASH_COUNT; a++)
        if (strcmp(name, algs[a].name) == 0)
            return a;
    return -1;
}

struct dsr_hash {
    EVP_MD_CTX *ctx;
    const EVP_MD *md;
};

struct dsr_hash *
dsr_hash_new(enum dsr_hash_alg alg, struct dsr_error *err)
{
    struct dsr_hash *h = calloc(1, sizeof(*h));

    if (!h)
        goto nomem;
    switch (alg) {
    case DSR_HASH_SHA512:
        h->md = EVP_sha512();
        break;
    case DSR_HASH_SHA1:
        h->md = EVP_sha1();
        break;
    case DSR_HASH_MD5:
        h->md = EVP_md5();
        break;
    case DSR_HASH_SHA256:
    default:
        h->md = EVP_sha256();
        break;
    }
    h->ctx = EVP_MD_CTX_new();
    if (!h->ctx)
        goto nomem;
    if (EVP_DigestInit_ex(h->ctx, h->md, NULL) != 1) {
        dsr_error_set(err, DSR_INTERNAL, NULL, 0, "cannot start digest");
        dsr_hash_free(h);
        return NULL;
    }
    return h;
nomem:
    dsr_hash_free(h);
    dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    return NULL;
}

int
dsr_hash_update(struct dsr_hash *h, const void *data, size_t len,
                struct dsr_error *err)
{
    if (len && EVP_DigestUpdate(h->ctx, data, len) != 1)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0, "digest failed");
    return 0;
}

int
dsr_hash_final(struct dsr_hash *h, char *hex, struct dsr_error *err)
{
    static const char digits[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    if (EVP_DigestFinal_ex(h->ctx, md, &n) != 1 ||
        EVP_DigestInit_ex(h->ctx, h->md, NULL) != 1)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0, "digest failed");
    for (unsigned int i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * n] = '\0';
    return 0;
}

void
dsr_hash_free(struct dsr_hash *h)
{
    if (!h)
        return;
    EVP_MD_CTX_free(h->ctx);
    free(h);
}

int
dsr_hash_buffer(enum dsr_hash_alg alg, const void *data, size_t len,
                char *hex, struct dsr_error *err)
{
    struct dsr_hash *h = dsr_hash_new(alg, err);
    int rc;

    if (!h)
        return -1;
    rc = dsr_hash_update(h, data, len, err);
    if (rc == 0)
        rc = dsr_hash_final(h, hex, err);
    dsr_hash_free(h);
    return rc;
}
