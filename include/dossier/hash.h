/*
 * hash.h -- streaming message digests (SHA-256, SHA-512) over OpenSSL's
 * EVP interface, with lowercase hex output.
 */
#ifndef DOSSIER_HASH_H
#define DOSSIER_HASH_H

#include <stddef.h>
#include <stdint.h>

struct dsr_error;

enum dsr_hash_alg {
    DSR_HASH_SHA256,
    DSR_HASH_SHA512,
};

/* Longest hex digest plus its NUL. */
#define DSR_HASH_HEX_MAX 129
#define DSR_SHA256_HEX 65

struct dsr_hash;

/* A new digest context, or NULL with 'err' set (DSR_NOMEM). */
struct dsr_hash *dsr_hash_new(enum dsr_hash_alg alg, struct dsr_error *err);
int dsr_hash_update(struct dsr_hash *h, const void *data, size_t len,
                    struct dsr_error *err);
/*
 * Finish and write the lowercase hex digest to 'hex' (at least
 * DSR_HASH_HEX_MAX bytes).  The context is reset for a new message.
 */
int dsr_hash_final(struct dsr_hash *h, char *hex, struct dsr_error *err);
void dsr_hash_free(struct dsr_hash *h);

/* One-shot digest of a buffer. */
int dsr_hash_buffer(enum dsr_hash_alg alg, const void *data, size_t len,
                    char *hex, struct dsr_error *err);

#endif
