/* bag_write.c -- the BagIt writer: tag files over data/, and their signature. */
#include "dossier/bag.h"

#include "bag_impl.h"
#include "dossier/buf.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/hash.h"
#include "fileio.h"
#include "internal.h"
#include "liberr.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What dsr_bag_write() writes, built in memory first. */
struct tags {
    /* the algorithms, the primary (opts->alg) first */
    enum dsr_hash_alg alg[DSR_HASH_COUNT];
    size_t nalg;
    struct dsr_buf manifest[DSR_HASH_COUNT], info, tagmanifest[DSR_HASH_COUNT];
    /* manifest-ALG.txt, tagmanifest-ALG.txt, by slot */
    char name[DSR_HASH_COUNT][64], tagname[DSR_HASH_COUNT][64];
    char *signature;                /* base64 + LF, or NULL */
};

static const char declaration[] =
    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

/* Append "Label: value\n" with line breaks in value made spaces. */
static int
add_field(struct dsr_buf *b, const char *label, const char *value,
          struct dsr_error *err)
{
    if (!value)
        return 0;
    if (dsr_buf_addf(b, err, "%s: ", label) < 0)
        return -1;
    for (const char *p = value; *p; p++) {
        char c = *p == '\n' || *p == '\r' ? ' ' : *p;

        if (dsr_buf_add(b, &c, 1, err) < 0)
            return -1;
    }
    return dsr_buf_add(b, "\n", 1, err);
}

char *
dsr_bag_encode_path(const char *path, struct dsr_error *err)
{
    struct dsr_buf b;
    char *s;

    dsr_buf_init(&b, 0);
    for (const char *p = path; *p; p++) {
        int rc;

        if (*p == '%')
            rc = dsr_buf_adds(&b, "%25", err);
        else if (*p == '\n')
            rc = dsr_buf_adds(&b, "%0A", err);
        else if (*p == '\r')
            rc = dsr_buf_adds(&b, "%0D", err);
        else
            rc = dsr_buf_add(&b, p, 1, err);
        if (rc < 0) {
            dsr_buf_release(&b);
            return NULL;
        }
    }
    s = b.len ? dsr_buf_detach(&b) : strdup("");
    dsr_buf_release(&b);
    if (!s)
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    return s;
}

static int
add_manifest_line(struct dsr_buf *b, const char *digest, const char *path,
                  struct dsr_error *err)
{
    char *enc = dsr_bag_encode_path(path, err);
    int rc;

    if (!enc)
        return -1;
    rc = dsr_buf_addf(b, err, "%s  %s\n", digest, enc);
    free(enc);
    return rc;
}

EVP_PKEY *
bag_read_key(const char *path, bool private_key, struct dsr_error *err)
{
    FILE *f = fopen(path, "r");
    EVP_PKEY *k;

    if (!f) {
        dsr_error_sys(err, errno, path, "cannot read the key file");
        return NULL;
    }
    k = private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL)
                    : PEM_read_PUBKEY(f, NULL, NULL, NULL);
    fclose(f);
    if (!k) {
        const char *why = dsr_ssl_text(N_("the key file is damaged or not "
                                          "a key"));

        if (private_key)
            dsr_error_set(err, DSR_USAGE, path, 0,
                          _("not a PEM private key: %s"), why);
        else
            dsr_error_set(err, DSR_USAGE, path, 0,
                          _("not a PEM public key: %s"), why);
        return NULL;
    }
    if (EVP_PKEY_get_base_id(k) != EVP_PKEY_ED25519) {
        EVP_PKEY_free(k);
        dsr_error_set(err, DSR_USAGE, path, 0,
                      _("not an Ed25519 key; make one with 'openssl genpkey "
                        "-algorithm ed25519'"));
        return NULL;
    }
    return k;
}

/* The base64 Ed25519 signature of 'data', with a final LF. */
static char *
sign(const char *key_path, const void *data, size_t len, struct dsr_error *err)
{
    EVP_PKEY *k = bag_read_key(key_path, true, err);
    EVP_MD_CTX *ctx = NULL;
    unsigned char sig[64];
    size_t siglen = sizeof(sig);
    char *out = NULL;

    if (!k)
        return NULL;
    ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) != 1 ||
        EVP_DigestSign(ctx, sig, &siglen, data, len) != 1) {
        dsr_error_set(err, DSR_USAGE, key_path, 0,
                      _("cannot sign with this key: %s"),
                      dsr_ssl_text(N_("the key cannot be used for this")));
        goto out;
    }
    out = malloc(4 * ((siglen + 2) / 3) + 2);
    if (!out) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    strcat(out + EVP_EncodeBlock((unsigned char *)out, sig, (int)siglen), "\n");
out:
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(k);
    return out;
}

/*
 * Hash every file under dir/data with 'alg' into the payload manifest, in
 * byte order of the paths; '*bytes' and '*count' make the Payload-Oxum.
 */
static int
payload_manifest(int dirfd, const char *dir, const struct dsr_bag_opts *opts,
                 struct tags *t, uint64_t *bytes, size_t *count,
                 struct dsr_error *err)
{
    struct bag_list files = {0};
    struct bag_hashing h = BAG_HASHING_INIT(opts->cancel, NULL, NULL);
    int ret = -1;

    if (bag_walk(dirfd, DSR_BAG_PAYLOAD_DIR, &files, err) < 0)
        goto out;
    bag_list_sort(&files);
    for (size_t i = 0; i < files.n; i++) {
        struct bag_file *f = &files.items[i];

        if (!f->regular) {
            dsr_error_set(err, DSR_INTERNAL, dir, 0,
                          "'%s' is not a regular file", f->path);
            goto out;
        }
        for (size_t a = 0; a < t->nalg; a++)
            f->need[bag_alg_slot(t->alg[a])] = true;
        if (opts->known &&
            opts->known(opts->known_ctx, f->path, &f->st, f->need, f->digest)) {
            memset(f->need, 0, sizeof(f->need));
            f->got = f->size;
        }
    }
    if (bag_hash_all(dirfd, &files, opts->jobs, &h, err) < 0)
        goto out;
    for (size_t i = 0; i < files.n; i++) {
        const struct bag_file *f = &files.items[i];

        if (f->rc > 0) {
            dsr_error_sys(err, f->sys_errno, dir, "cannot read '%s'", f->path);
            goto out;
        }
        *bytes += f->got;
        for (size_t a = 0; a < t->nalg; a++) {
            int slot = bag_alg_slot(t->alg[a]);

            if (add_manifest_line(&t->manifest[slot], f->digest[slot], f->path,
                                  err) < 0)
                goto out;
        }
    }
    *count = files.n;
    ret = 0;
out:
    bag_list_release(&files);
    return ret;
}

static int
bag_info(struct dsr_buf *b, const struct dsr_bag_info *info, uint64_t bytes,
         size_t count, struct dsr_error *err)
{
    char size[32], oxum[64];

    snprintf(oxum, sizeof(oxum), "%" PRIu64 ".%zu", bytes, count);
    if (add_field(b, "Source-Organization", info->source_organization, err) < 0 ||
        add_field(b, "Contact-Name", info->contact_name, err) < 0 ||
        add_field(b, "External-Description", info->external_description, err) < 0 ||
        add_field(b, "External-Identifier", info->external_identifier, err) < 0 ||
        add_field(b, "Bagging-Date", info->bagging_date, err) < 0 ||
        add_field(b, "Bag-Group-Identifier", info->group_identifier, err) < 0 ||
        add_field(b, "Internal-Sender-Identifier",
                  info->internal_sender_identifier, err) < 0 ||
        add_field(b, "Bag-Producing-Organization",
                  info->bag_producing_organization, err) < 0 ||
        add_field(b, "BagIt-Profile-Identifier", info->profile_identifier,
                  err) < 0 ||
        add_field(b, "Bag-Size",
                  dsr_format_size(bytes, DSR_LANG_EN, size, sizeof(size)), err) < 0 ||
        add_field(b, "Payload-Oxum", oxum, err) < 0)
        return -1;
    return 0;
}

/* One tag file's line, for sorting the tag manifest by name. */
struct tag_line {
    const char *path;
    char digest[DSR_HASH_HEX_MAX];
};

static int
cmp_tag_line(const void *a, const void *b)
{
    return strcmp(((const struct tag_line *)a)->path,
                  ((const struct tag_line *)b)->path);
}

/*
 * The caller's tag files: every entry outside data/ now in the bag
 * (bagit.txt and the manifests are not written yet).  Each must be a
 * regular file; each is hashed with 'alg'.
 */
static int
caller_tags(int dirfd, const char *dir, const struct dsr_bag_opts *opts,
            const struct tags *t, struct bag_list *files, struct dsr_error *err)
{
    struct bag_hashing h = BAG_HASHING_INIT(opts->cancel, NULL, NULL);

    if (bag_walk_tags(dirfd, dir, DSR_BAG_MANIFEST_MAX_LINES, false, files, err) < 0)
        return -1;
    for (size_t i = 0; i < files->n; i++) {
        if (!files->items[i].regular)
            return dsr_error_set(err, DSR_INTERNAL, dir, 0,
                                 "tag file '%s' is not a regular file",
                                 files->items[i].path);
        for (size_t a = 0; a < t->nalg; a++)
            files->items[i].need[bag_alg_slot(t->alg[a])] = true;
    }
    if (bag_hash_all(dirfd, files, opts->jobs, &h, err) < 0)
        return -1;
    for (size_t i = 0; i < files->n; i++)
        if (files->items[i].rc > 0)
            return dsr_error_sys(err, files->items[i].sys_errno, dir,
                                 "cannot read '%s'", files->items[i].path);
    return 0;
}

/*
 * The tag manifest of 'alg', in byte order of the names: bagit.txt,
 * bag-info.txt, every payload manifest, the caller's tag files 'files',
 * and when 'primary' the other algorithms' tag manifests (made first), so
 * that the one signature over the primary covers every file of the bag.
 * The others do not list each other: no cycle.
 */
static int
one_tag_manifest(struct tags *t, enum dsr_hash_alg alg, bool primary,
                 const struct bag_list *files, struct dsr_error *err)
{
    struct tag_line *lines = NULL;
    int slot = bag_alg_slot(alg);
    size_t n = 0;
    int ret = -1;

    lines = calloc(files->n + 2 + 2 * t->nalg, sizeof(*lines));
    if (!lines)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    lines[n].path = DSR_BAG_INFO;
    if (dsr_hash_buffer(alg, t->info.data, t->info.len, lines[n++].digest,
                        err) < 0)
        goto out;
    lines[n].path = DSR_BAG_DECLARATION;
    if (dsr_hash_buffer(alg, declaration, sizeof(declaration) - 1,
                        lines[n++].digest, err) < 0)
        goto out;
    for (size_t a = 0; a < t->nalg; a++) {
        int s = bag_alg_slot(t->alg[a]);

        lines[n].path = t->name[s];
        if (dsr_hash_buffer(alg, dsr_buf_str(&t->manifest[s]), t->manifest[s].len,
                            lines[n++].digest, err) < 0)
            goto out;
        if (!primary || t->alg[a] == alg)
            continue;
        lines[n].path = t->tagname[s];
        if (dsr_hash_buffer(alg, dsr_buf_str(&t->tagmanifest[s]),
                            t->tagmanifest[s].len, lines[n++].digest, err) < 0)
            goto out;
    }
    for (size_t i = 0; i < files->n; i++, n++) {
        lines[n].path = files->items[i].path;
        memcpy(lines[n].digest, files->items[i].digest[slot], DSR_HASH_HEX_MAX);
    }
    qsort(lines, n, sizeof(*lines), cmp_tag_line);
    for (size_t i = 0; i < n; i++)
        if (add_manifest_line(&t->tagmanifest[slot], lines[i].digest,
                              lines[i].path, err) < 0)
            goto out;
    ret = 0;
out:
    free(lines);
    return ret;
}

/* The tag manifests, the primary last, and the primary's signature. */
static int
tag_manifest(int dirfd, const char *dir, struct tags *t,
             const struct dsr_bag_opts *opts, struct dsr_error *err)
{
    struct bag_list files = {0};
    int primary = bag_alg_slot(t->alg[0]);
    int ret = -1;

    if (caller_tags(dirfd, dir, opts, t, &files, err) < 0)
        goto out;
    for (size_t a = 1; a < t->nalg; a++)
        if (one_tag_manifest(t, t->alg[a], false, &files, err) < 0)
            goto out;
    if (one_tag_manifest(t, t->alg[0], true, &files, err) < 0)
        goto out;
    if (opts->sign_key) {
        t->signature = sign(opts->sign_key, t->tagmanifest[primary].data,
                            t->tagmanifest[primary].len, err);
        if (!t->signature)
            goto out;
    }
    ret = 0;
out:
    bag_list_release(&files);
    return ret;
}

/* Let the caller write its tag files, knowing the payload's digests. */
static int
call_tag_files(int dirfd, const struct tags *t, const struct dsr_bag_opts *opts,
               uint64_t bytes, size_t count, struct dsr_error *err)
{
    struct dsr_bag_entries payload = {0};
    int rc;

    if (!opts->tag_files)
        return 0;
    rc = dsr_bag_parse_manifest(dsr_buf_str(&t->manifest[bag_alg_slot(opts->alg)]),
                                t->manifest[bag_alg_slot(opts->alg)].len,
                                opts->alg, &payload, err);
    if (rc == 0)
        rc = opts->tag_files(opts->tag_files_ctx, dirfd, &payload, bytes, count,
                             err);
    dsr_bag_entries_release(&payload);
    return rc;
}

static int
write_tags(int dirfd, const char *dir, const struct tags *t,
           struct dsr_error *err)
{
    char signame[80];

    if (dsr_fio_write_new(dirfd, dir, DSR_BAG_DECLARATION, declaration,
                          sizeof(declaration) - 1, err) < 0 ||
        dsr_fio_write_new(dirfd, dir, DSR_BAG_INFO, t->info.data, t->info.len,
                          err) < 0)
        return -1;
    for (size_t a = 0; a < t->nalg; a++) {
        int s = bag_alg_slot(t->alg[a]);

        if (dsr_fio_write_new(dirfd, dir, t->name[s], dsr_buf_str(&t->manifest[s]),
                              t->manifest[s].len, err) < 0 ||
            dsr_fio_write_new(dirfd, dir, t->tagname[s],
                              dsr_buf_str(&t->tagmanifest[s]),
                              t->tagmanifest[s].len, err) < 0)
            return -1;
    }
    if (!t->signature)
        return 0;
    snprintf(signame, sizeof(signame), "%s%s", t->tagname[bag_alg_slot(t->alg[0])],
             DSR_BAG_SIGNATURE_SUFFIX);
    return dsr_fio_write_new(dirfd, dir, signame, t->signature,
                             strlen(t->signature), err);
}

/* The algorithms of 'opts' into t->alg, the primary first. */
static void
tags_init(struct tags *t, const struct dsr_bag_opts *opts)
{
    static const enum dsr_hash_alg order[] = {DSR_HASH_SHA512, DSR_HASH_SHA256,
                                              DSR_HASH_SHA1, DSR_HASH_MD5};

    memset(t, 0, sizeof(*t));
    t->alg[t->nalg++] = opts->alg;
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (order[i] != opts->alg && (opts->algs & DSR_HASH_BIT(order[i])))
            t->alg[t->nalg++] = order[i];
    dsr_buf_init(&t->info, 0);
    for (int s = 0; s < DSR_HASH_COUNT; s++) {
        const char *alg = dsr_bag_alg_name((enum dsr_hash_alg)s);

        dsr_buf_init(&t->manifest[s], 0);
        dsr_buf_init(&t->tagmanifest[s], 0);
        snprintf(t->name[s], sizeof(t->name[s]), "manifest-%s.txt", alg);
        snprintf(t->tagname[s], sizeof(t->tagname[s]), "tagmanifest-%s.txt", alg);
    }
}

static void
tags_release(struct tags *t)
{
    free(t->signature);
    dsr_buf_release(&t->info);
    for (int s = 0; s < DSR_HASH_COUNT; s++) {
        dsr_buf_release(&t->manifest[s]);
        dsr_buf_release(&t->tagmanifest[s]);
    }
}

int
dsr_bag_write(const char *dir, const struct dsr_bag_info *info,
              const struct dsr_bag_opts *opts, struct dsr_error *err)
{
    struct tags t;
    uint64_t bytes = 0;
    size_t count = 0;
    int dirfd;
    int ret = -1;

    tags_init(&t, opts);
    dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        tags_release(&t);
        return dsr_error_sys(err, errno, dir, "cannot open the bag");
    }
    if (payload_manifest(dirfd, dir, opts, &t, &bytes, &count, err) < 0 ||
        bag_info(&t.info, info, bytes, count, err) < 0 ||
        call_tag_files(dirfd, &t, opts, bytes, count, err) < 0 ||
        tag_manifest(dirfd, dir, &t, opts, err) < 0)
        goto out;
    if (dsr_cancelled(opts->cancel)) {
        dsr_interrupted(err);
        goto out;
    }
    if (write_tags(dirfd, dir, &t, err) < 0)
        goto out;
    ret = 0;
out:
    tags_release(&t);
    close(dirfd);
    return ret;
}

int
dsr_bag_sync(const char *dir, struct dsr_error *err)
{
    return dsr_fio_sync_tree(dir, err);
}
