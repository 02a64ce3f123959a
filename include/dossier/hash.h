/*
 * hash.h -- streaming message digests (SHA-256, SHA-512, and for the
 * bag's extra manifests SHA-1 and MD5) over OpenSSL's EVP interface,
 * with lowercase hex output.
 */
#ifndef DOSSIER_HASH_H
#define DOSSIER_HASH_H

#include <stddef.h>
#include <stdint.h>

struct dsr_error;

enum dsr_hash_alg {
    DSR_HASH_SHA256,
    DSR_HASH_SHA512,
    /* r22-profile: only for a bag's extra manifests (APTrust, MetaArchive) */
    DSR_HASH_SHA1,
    DSR_HASH_MD5,
};
#define DSR_HASH_COUNT 4                /* the algorithms above */
#define DSR_HASH_BIT(alg) (1u << (unsigned)(alg))

/* Lowercase hex digits of a digest of 'alg' (64, 128, 40, 32). */
size_t dsr_hash_hex_len(enum dsr_hash_alg alg);
/* The BagIt name: "sha256", "sha512", "sha1", "md5". */
const char *dsr_hash_name(enum dsr_hash_alg alg);
/* The algorithm named 'name' (exactly, lowercase); -1 when none. */
int dsr_hash_from_name(const char *name);

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
