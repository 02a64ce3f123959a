/* bag_verify.c -- checks a bag: tag files, manifests, payload, signature. */
#include "dossier/bag.h"

#include "bag_impl.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/format.h"
#include "dossier/hash.h"
#include "dossier/manifest.h"
#include "dossier/zips.h"
#include "fileio.h"
#include "internal.h"
#include "xml.h"

#include <libxml/tree.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The most bytes of an indicator id a manifest holds: 32 characters
 * (manifest.c's limit), four bytes each in UTF-8.
 */
#define ID_MAX_BYTES (4 * 32)

#define TAG_PREFIX "tagmanifest-"
#define MANIFEST_PREFIX "manifest-"

/* A manifest or tag manifest found at the top of the bag. */
struct manifest_file {
    char name[256];
    enum dsr_hash_alg alg;
    bool tag;
    struct dsr_bag_entries entries;
    bool parsed;
    /* the bytes parsed, which a signature is checked over */
    char *raw;
    size_t rawlen;
};

/* The manifests found, for dsr_bag_verify(). */
struct manifests {
    struct manifest_file *items;
    size_t n, cap;
};

int
bag_problem(struct bag_verify *v, const char *path, enum dsr_bag_kind kind,
            const char *fmt, ...)
{
    struct dsr_bag_report *r = v->rep;
    struct dsr_bag_problem *p;
    char msg[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap, r->n + 1, v->err) < 0)
        return -1;
    p = &r->items[r->n];
    p->kind = kind;
    p->severity = DSR_BAG_ERROR;
    p->path = strdup(path);
    p->message = strdup(msg);
    r->n++;
    if (!p->path || !p->message)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    return 0;
}

/* What read_tag() returns for a problem bag_problem() returned 'rc' for. */
static int
reported(int rc)
{
    return rc < 0 ? -1 : 1;
}

/* The problem of 'rel' being 'type' where a regular file must be. */
static int
not_regular(struct bag_verify *v, const char *rel, mode_t type)
{
    return bag_problem(v, rel, DSR_BAG_MALFORMED,
                       _("%s, not a regular file: a bag holds only regular "
                         "files and folders; replace it with the file itself "
                         "or remove it"),
                       dsr_file_type_name(type));
}

/*
 * Read a small file of the bag (never through a link, never opening a
 * FIFO or device).  Returns 0 with the data; 1 when it is absent,
 * unreadable or not a regular file (reported only when 'report'); -1 on a
 * fatal error.
 */
static int
read_tag(struct bag_verify *v, const char *rel, char **data, size_t *len,
         bool report)
{
    mode_t type = 0;
    int sys_errno = 0;
    enum dsr_read_result rc;

    rc = v->ar ? bag_archive_read(v->ar, rel, DSR_BAG_TAG_LIMIT, data, len,
                                  &type, &sys_errno)
               : dsr_fio_read_beneath(v->dirfd, rel, DSR_BAG_TAG_LIMIT, data,
                                      len, &type, &sys_errno);
    switch (rc) {
    case DSR_READ_OK:
        return 0;
    case DSR_READ_NOMEM:
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    case DSR_READ_TOO_LARGE:
        if (!report)
            return 1;
        return reported(bag_problem(v, rel, DSR_BAG_MALFORMED,
                                    _("larger than the %zu MiB limit for a tag "
                                      "file; not read"),
                                    DSR_BAG_TAG_LIMIT >> 20));
    case DSR_READ_IO:
        break;
    }
    if (!report)
        return 1;
    if (type)
        return reported(not_regular(v, rel, type));
    if (sys_errno == ENOENT)
        return reported(bag_problem(v, rel, DSR_BAG_MISSING,
                                    _("the file is missing")));
    return reported(bag_problem(v, rel, DSR_BAG_MALFORMED, _("cannot read: %s"),
                                dsr_strerror(sys_errno)));
}

static int
check_declaration(struct bag_verify *v)
{
    struct dsr_error e = DSR_ERROR_INIT;
    char *data = NULL;
    size_t len = 0;
    char version[32];
    int rc = read_tag(v, DSR_BAG_DECLARATION, &data, &len, true);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (dsr_bag_parse_declaration(data, len, version, sizeof(version), &e) < 0)
        rc = bag_problem(v, DSR_BAG_DECLARATION, DSR_BAG_MALFORMED, _("line %lu: %s"),
                         e.line, e.msg);
    free(data);
    return rc;
}

/* Whether 'n' is named as a manifest or tag manifest of any algorithm. */
static bool
is_manifest_name(const char *n)
{
    size_t len = strlen(n);

    return (strncmp(n, TAG_PREFIX, strlen(TAG_PREFIX)) == 0 ||
            strncmp(n, MANIFEST_PREFIX, strlen(MANIFEST_PREFIX)) == 0) &&
           len > 4 && strcmp(n + len - 4, ".txt") == 0;
}

/*
 * The top-level file 'n' when its name is a manifest's: 1 when it is one
 * (added to 'mf', or reported for an algorithm we cannot check), 0 when
 * it is not, -1 on a fatal error.
 */
static int
add_manifest_file(struct bag_verify *v, struct manifests *mf, const char *n)
{
    bool tag = strncmp(n, TAG_PREFIX, strlen(TAG_PREFIX)) == 0;
    struct manifest_file *m;
    const char *alg;

    if (!is_manifest_name(n))
        return 0;
    alg = n + strlen(tag ? TAG_PREFIX : MANIFEST_PREFIX);
    if (dsr_grow((void **)&mf->items, sizeof(*mf->items), &mf->cap, mf->n + 1,
                 v->err) < 0)
        return -1;
    m = &mf->items[mf->n];
    memset(m, 0, sizeof(*m));
    snprintf(m->name, sizeof(m->name), "%s", n);
    m->tag = tag;
    {
        char name[32];
        size_t len = strlen(alg) - 4;   /* without ".txt" */
        int a = -1;

        if (len < sizeof(name)) {
            memcpy(name, alg, len);
            name[len] = '\0';
            a = dsr_hash_from_name(name);
        }
        if (a < 0)
            return reported(bag_problem(v, n, DSR_BAG_MALFORMED,
                                        _("an algorithm dossier cannot check "
                                          "(only sha512, sha256, sha1 and md5)")));
        m->alg = (enum dsr_hash_alg)a;
    }
    mf->n++;
    return 1;
}

/*
 * A top-level entry that is neither a regular file nor a folder: reported
 * here (1), unless it is a file read_tag() reads and reports anyway;
 * never opened.  0 for anything else, -1 on a fatal error.
 */
static int
top_special(struct bag_verify *v, const char *n, mode_t mode)
{
    if (S_ISREG(mode) || S_ISDIR(mode))
        return 0;
    if (strcmp(n, DSR_BAG_DECLARATION) == 0 || strcmp(n, DSR_BAG_INFO) == 0)
        return 1;
    if (is_manifest_name(n))
        return 0;           /* load_manifests() reads and reports it */
    return reported(not_regular(v, n, mode));
}

int
bag_top_entry(struct bag_verify *v, struct manifests *mf, struct bag_list *others,
              const char *n, mode_t mode, uint64_t size)
{
    int rc = top_special(v, n, mode);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    rc = add_manifest_file(v, mf, n);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    return bag_list_add(others, n, size, mode, v->err);
}

/* The top-level files: manifests found, anything else into 'others'. */
static int
list_top(struct bag_verify *v, struct manifests *mf, struct bag_list *others)
{
    DIR *d;
    const char *n;
    int ret = -1;

    if (v->ar)
        return bag_archive_list_top(v, mf, others);
    d = dsr_fio_opendir_at(v->dirfd);
    if (!d)
        return dsr_error_sys(v->err, errno, v->dir, "cannot list");
    for (;;) {
        struct stat st;
        int rc = dsr_fio_readdir(d, &n);

        if (rc < 0)
            dsr_error_sys(v->err, errno, v->dir, "cannot list");
        if (rc == 0)
            ret = 0;
        if (rc <= 0)
            break;
        if (strcmp(n, DSR_BAG_PAYLOAD_DIR) == 0)
            continue;
        if (fstatat(dirfd(d), n, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            dsr_error_sys(v->err, errno, v->dir, "cannot stat '%s'", n);
            break;
        }
        if (bag_top_entry(v, mf, others, n, st.st_mode, (uint64_t)st.st_size) < 0)
            break;
    }
    closedir(d);
    if (ret == 0)
        bag_list_sort(others);
    return ret;
}

static int
load_manifest(struct bag_verify *v, struct manifest_file *m)
{
    struct dsr_error e = DSR_ERROR_INIT;
    char *data = NULL;
    size_t len = 0;
    int rc = read_tag(v, m->name, &data, &len, true);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (dsr_bag_parse_manifest(data, len, m->alg, &m->entries, &e) < 0) {
        dsr_bag_entries_release(&m->entries);
        free(data);
        if (e.code == DSR_NOMEM)
            return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
        return bag_problem(v, m->name, DSR_BAG_MALFORMED, _("line %lu: %s"), e.line,
                           e.msg);
    }
    /* only the tag manifest's bytes are needed again, for the signature */
    if (m->tag) {
        m->raw = data;
        m->rawlen = len;
    } else {
        free(data);
    }
    m->parsed = true;
    return 0;
}

/* Compare one hashed file with a manifest's digest. */
static int
compare_digest(struct bag_verify *v, const struct manifest_file *m,
               const struct dsr_bag_entry *en, const char *got)
{
    if (strcmp(got, en->digest) == 0)
        return 0;
    return bag_problem(v, en->path, DSR_BAG_ALTERED,
                       _("its %s differs from %s line %lu"), dsr_bag_alg_name(m->alg),
                       m->name, en->line);
}

static bool
is_payload_manifest(const struct manifest_file *m)
{
    return !m->tag && m->parsed;
}

/* What each_entry() does with one manifest entry; -1 stops it. */
typedef int (*entry_fn)(struct bag_verify *v, const struct manifest_file *m,
                        const struct dsr_bag_entry *en, struct bag_list *files);

/*
 * fn() on every entry of every parsed tag manifest ('tag') or payload
 * manifest (not 'tag').  Returns how many manifests there were, or -1.
 */
static int
each_entry(struct bag_verify *v, const struct manifests *mf, bool tag,
           struct bag_list *files, entry_fn fn)
{
    int count = 0;

    for (size_t i = 0; i < mf->n; i++) {
        const struct manifest_file *m = &mf->items[i];

        if (m->tag != tag || !m->parsed)
            continue;
        count++;
        for (size_t k = 0; k < m->entries.n; k++)
            if (fn(v, m, &m->entries.items[k], files) < 0)
                return -1;
    }
    return count;
}

/*
 * A payload manifest entry: its file marked as listed and to be hashed,
 * or reported when outside data/ or absent.
 */
static int
mark_listed(struct bag_verify *v, const struct manifest_file *m,
            const struct dsr_bag_entry *en, struct bag_list *data)
{
    static const char prefix[] = DSR_BAG_PAYLOAD_DIR "/";
    int slot = bag_alg_slot(m->alg);
    struct bag_file *f;

    if (strncmp(en->path, prefix, sizeof(prefix) - 1) != 0)
        return bag_problem(v, m->name, DSR_BAG_MALFORMED,
                           _("line %lu: '%s' is not under data/"), en->line,
                           en->path);
    f = bag_list_find(data, en->path);
    if (!f)
        return bag_problem(v, en->path, DSR_BAG_MISSING,
                           _("listed in %s line %lu but absent"), m->name,
                           en->line);
    f->listed[slot] = true;
    f->need[slot] = true;
    return 0;
}

/* A payload manifest entry whose file was hashed: compared. */
static int
compare_listed(struct bag_verify *v, const struct manifest_file *m,
               const struct dsr_bag_entry *en, struct bag_list *data)
{
    const struct bag_file *f = bag_list_find(data, en->path);
    int slot = bag_alg_slot(m->alg);

    if (!f || !f->regular || !f->digest[slot][0])
        return 0;
    return compare_digest(v, m, en, f->digest[slot]);
}

/* One hashed payload file: in the Payload-Oxum count, or reported. */
static int
tally_file(struct bag_verify *v, const struct manifests *mf,
           const struct bag_file *f, uint64_t *bytes, size_t *count)
{
    if (!f->regular)
        return not_regular(v, f->path, f->type);
    for (size_t m = 0; m < mf->n; m++) {
        const struct manifest_file *mm = &mf->items[m];

        if (!is_payload_manifest(mm) || f->listed[bag_alg_slot(mm->alg)])
            continue;
        if (bag_problem(v, f->path, DSR_BAG_EXTRA, _("not listed in %s"),
                        mm->name) < 0)
            return -1;
    }
    bool hashed = false;

    for (int a = 0; a < DSR_HASH_COUNT; a++)
        hashed = hashed || f->need[a];
    if (!hashed) {
        *bytes += f->size;
        (*count)++;
        return 0;
    }
    if (f->rc > 0)
        return bag_problem(v, f->path, DSR_BAG_MALFORMED, _("cannot read: %s"),
                           dsr_strerror(f->sys_errno));
    *bytes += f->got;
    (*count)++;
    v->rep->files++;
    v->rep->bytes += f->got;
    return 0;
}

static int
check_payload(struct bag_verify *v, const struct manifests *mf,
              struct bag_list *data, uint64_t *bytes, size_t *count)
{
    int manifests = each_entry(v, mf, false, data, mark_listed);

    if (manifests <= 0)
        return manifests;
    if ((v->ar ? bag_archive_hash_all(v, data)
               : bag_hash_all(v->dirfd, data, v->opts->jobs, &v->h, v->err)) < 0)
        return -1;
    for (size_t i = 0; i < data->n; i++)
        if (tally_file(v, mf, &data->items[i], bytes, count) < 0)
            return -1;
    return each_entry(v, mf, false, data, compare_listed) < 0 ? -1 : 0;
}

/*
 * r22-profile: the top-level folder of the tag file 'path' ("metadata"
 * of "metadata/arsip.xml") in 'top', or NULL.
 */
static struct bag_file *
tag_folder(const struct bag_list *top, const char *path)
{
    const char *slash = strchr(path, '/');
    struct bag_file *t;
    char name[256];

    if (!slash || (size_t)(slash - path) >= sizeof(name))
        return NULL;
    memcpy(name, path, (size_t)(slash - path));
    name[slash - path] = '\0';
    t = bag_list_find(top, name);
    return t && t->type == S_IFDIR ? t : NULL;
}

/* One entry of a tag manifest: hashed and compared. */
static int
check_tag(struct bag_verify *v, const struct manifest_file *m,
          const struct dsr_bag_entry *en, struct bag_list *top)
{
    bool need[DSR_HASH_COUNT] = {false};
    char digest[DSR_HASH_COUNT][DSR_HASH_HEX_MAX];
    struct bag_file *t = bag_list_find(top, en->path);
    int slot = bag_alg_slot(m->alg);
    uint64_t got;
    int sys_errno = 0;
    mode_t type = 0;
    int rc;

    if (t)
        t->listed[0] = true;
    /* r22-profile: a tag folder (metadata/) is listed through its files */
    t = tag_folder(top, en->path);
    if (t)
        t->listed[0] = true;
    need[slot] = true;
    rc = v->ar ? bag_archive_hash_tag(v->ar, en->path, need, digest, &got,
                                      &sys_errno, &type, v->err)
               : bag_hash_file(v->dirfd, en->path, need, digest, &got,
                               &sys_errno, &type, &v->h, v->err);
    if (rc < 0)
        return -1;
    if (rc > 0 && type)
        return bag_problem(v, en->path, DSR_BAG_MALFORMED,
                           _("listed in %s line %lu, but %s, not a regular "
                             "file; replace it with the file itself"),
                           m->name, en->line, dsr_file_type_name(type));
    if (rc > 0)
        return bag_problem(v, en->path,
                           sys_errno == ENOENT ? DSR_BAG_MISSING : DSR_BAG_MALFORMED,
                           sys_errno == ENOENT ? _("listed in %s line %lu but absent")
                                               : _("listed in %s line %lu but "
                                                   "unreadable"),
                           m->name, en->line);
    return compare_digest(v, m, en, digest[slot]);
}

static int
check_tags(struct bag_verify *v, const struct manifests *mf, struct bag_list *top)
{
    return each_entry(v, mf, true, top, check_tag) < 0 ? -1 : 0;
}

static int
check_info(struct bag_verify *v, uint64_t bytes, size_t count, bool payload_known)
{
    struct dsr_bag_fields f = {0};
    struct dsr_error e = DSR_ERROR_INIT;
    char *data = NULL;
    size_t len = 0;
    const char *oxum;
    char want[64];
    int rc = read_tag(v, DSR_BAG_INFO, &data, &len, true);

    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (dsr_bag_parse_info(data, len, &f, &e) < 0) {
        rc = e.code == DSR_NOMEM
                 ? dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory")
                 : bag_problem(v, DSR_BAG_INFO, DSR_BAG_MALFORMED, _("line %lu: %s"),
                               e.line, e.msg);
        goto out;
    }
    if (dsr_bag_fields_get(&f, "External-Identifier") && !v->rep->bundle_id &&
        !(v->rep->bundle_id = strdup(dsr_bag_fields_get(&f, "External-Identifier")))) {
        rc = dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    oxum = dsr_bag_fields_get(&f, "Payload-Oxum");
    snprintf(want, sizeof(want), "%" PRIu64 ".%zu", bytes, count);
    if (!oxum)
        rc = bag_problem(v, DSR_BAG_INFO, DSR_BAG_MALFORMED, _("no Payload-Oxum"));
    else if (payload_known && strcmp(oxum, want) != 0)
        rc = bag_problem(v, DSR_BAG_INFO, DSR_BAG_ALTERED,
                         _("Payload-Oxum is %s but data/ holds %s (bytes.files)"),
                         oxum, want);
out:
    dsr_bag_fields_release(&f);
    free(data);
    return rc;
}

/*
 * Whether the base64 'sig64' ('slen' bytes, line ends allowed) over
 * 'data' verifies with 'k': 1 yes, 0 no, -1 not a signature, -2 when
 * verifying cannot be set up.
 */
static int
signature_matches(EVP_PKEY *k, const char *sig64, size_t slen, const char *data,
                  size_t len)
{
    unsigned char sig[128];
    EVP_MD_CTX *ctx;
    int n;
    int ret;

    while (slen > 0 && (sig64[slen - 1] == '\n' || sig64[slen - 1] == '\r'))
        slen--;
    n = slen == 88 ? EVP_DecodeBlock(sig, (const unsigned char *)sig64, (int)slen) : -1;
    if (n != 66)
        return -1;
    ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k) != 1) {
        EVP_MD_CTX_free(ctx);
        return -2;
    }
    ret = EVP_DigestVerify(ctx, sig, 64, (const unsigned char *)data, len) == 1;
    EVP_MD_CTX_free(ctx);
    return ret;
}

/* The name of the signature of 'tm' into 'out'. */
static void
signature_name(const struct manifest_file *tm, char *out, size_t size)
{
    snprintf(out, size, "%s%s", tm->name, DSR_BAG_SIGNATURE_SUFFIX);
}

/*
 * The tag manifest a signature file lies beside (the sha512 one when
 * both are signed), or NULL when the bag is unsigned.
 */
static const struct manifest_file *
signed_manifest(const struct manifests *mf, const struct bag_list *top)
{
    const struct manifest_file *tm = NULL;
    char signame[300];

    for (size_t i = 0; i < mf->n; i++) {
        const struct manifest_file *m = &mf->items[i];
        const struct bag_file *f;

        if (!m->tag)
            continue;
        signature_name(m, signame, sizeof(signame));
        f = bag_list_find(top, signame);
        if (f && f->regular && (!tm || m->alg == DSR_HASH_SHA512))
            tm = m;
    }
    return tm;
}

/* Whether the signed 'tm' lists 'path'. */
static bool
tm_lists(const struct manifest_file *tm, const char *path)
{
    for (size_t k = 0; k < tm->entries.n; k++)
        if (strcmp(tm->entries.items[k].path, path) == 0)
            return true;
    return false;
}

/*
 * With a public key, everything verify accepts must be covered by the
 * signed tag manifest 'tm': every other manifest listed in it (a second
 * tag manifest is not allowed at all), and every top-level file that some
 * tag manifest lists listed in 'tm' itself.  Top-level files no tag
 * manifest lists are check_unlisted_top()'s; data/ is covered through the
 * payload manifests.
 */
static int
check_coverage(struct bag_verify *v, const struct manifests *mf,
               const struct manifest_file *tm, struct bag_list *top)
{
    for (size_t k = 0; k < tm->entries.n; k++) {
        struct bag_file *f = bag_list_find(top, tm->entries.items[k].path);

        if (f)
            f->in_signed = true;
        f = tag_folder(top, tm->entries.items[k].path);
        if (f)
            f->in_signed = true;
    }
    for (size_t i = 0; i < mf->n; i++) {
        const struct manifest_file *m = &mf->items[i];
        int rc = 0;

        if (m == tm)
            continue;
        /* r22-profile: the other algorithms' tag manifests, which the
           signed one lists (dsr_bag_write()), are covered */
        if (m->tag && !tm_lists(tm, m->name))
            rc = bag_problem(v, m->name, DSR_BAG_EXTRA,
                             _("a second tag manifest, which the signature over "
                               "%s does not cover; remove it"),
                             tm->name);
        else if (!tm_lists(tm, m->name))
            rc = bag_problem(v, m->name, DSR_BAG_EXTRA,
                             _("not listed in the signed %s, so the signature "
                               "does not cover it"),
                             tm->name);
        if (rc < 0)
            return -1;
    }
    for (size_t i = 0; i < top->n; i++) {
        const struct bag_file *f = &top->items[i];
        bool required = strcmp(f->path, DSR_BAG_DECLARATION) == 0 ||
                        strcmp(f->path, DSR_BAG_INFO) == 0;

        if (f->in_signed || !(f->listed[0] || required))
            continue;
        if (bag_problem(v, f->path, DSR_BAG_EXTRA,
                        _("not listed in the signed %s, so the signature does "
                          "not cover it"),
                        tm->name) < 0)
            return -1;
    }
    return 0;
}

/*
 * Whether the bag is signed (rep->signature), and with a public key that
 * the signature matches the bytes of the tag manifest that were parsed,
 * and that it covers everything.
 */
static int
check_signature(struct bag_verify *v, const struct manifests *mf,
                struct bag_list *top)
{
    const struct manifest_file *tm = signed_manifest(mf, top);
    EVP_PKEY *k = NULL;
    char *sig64 = NULL;
    size_t slen = 0;
    char signame[300];
    int rc;
    int ret = -1;

    v->rep->signature = tm ? DSR_BAG_SIGNED : DSR_BAG_UNSIGNED;
    if (!v->opts->pubkey)
        return 0;
    if (!tm) {
        for (size_t i = 0; i < mf->n && !tm; i++)
            if (mf->items[i].tag)
                tm = &mf->items[i];
        if (!tm)
            return bag_problem(v, "tagmanifest-sha512.txt", DSR_BAG_MISSING,
                               _("no tag manifest to check the signature against"));
        signature_name(tm, signame, sizeof(signame));
        return bag_problem(v, signame, DSR_BAG_MISSING,
                           _("the bag is not signed, but a public key was given"));
    }
    signature_name(tm, signame, sizeof(signame));
    if (!tm->parsed)
        return 0;           /* reported as malformed already */
    k = bag_read_key(v->opts->pubkey, false, v->err);
    if (!k)
        return -1;
    rc = read_tag(v, signame, &sig64, &slen, true);
    if (rc != 0) {
        ret = rc < 0 ? -1 : 0;
        goto out;
    }
    switch (signature_matches(k, sig64, slen, tm->raw, tm->rawlen)) {
    case 1:
        v->rep->signature = DSR_BAG_SIGNATURE_CHECKED;
        ret = check_coverage(v, mf, tm, top);
        break;
    case 0:
        ret = bag_problem(v, signame, DSR_BAG_ALTERED,
                          _("the signature does not match %s and this public key"),
                          tm->name);
        break;
    case -1:
        ret = bag_problem(v, signame, DSR_BAG_MALFORMED,
                          _("not a base64 Ed25519 signature"));
        break;
    default:
        dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "cannot set up verification");
        break;
    }
out:
    EVP_PKEY_free(k);
    free(sig64);
    return ret;
}

/* The payload under data/, by path; its absence is a problem. */
static int
list_payload(struct bag_verify *v, struct bag_list *data)
{
    struct stat st;

    if (v->ar)
        return bag_archive_list_payload(v, data);
    if (fstatat(v->dirfd, DSR_BAG_PAYLOAD_DIR, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return bag_problem(v, DSR_BAG_PAYLOAD_DIR "/", DSR_BAG_MISSING,
                           _("the payload directory is missing"));
    if (!S_ISDIR(st.st_mode))
        return bag_problem(v, DSR_BAG_PAYLOAD_DIR "/", DSR_BAG_MALFORMED,
                           _("%s, not a folder: the payload must be a real "
                             "folder; not followed"),
                           dsr_file_type_name(st.st_mode));
    if (bag_walk(v->dirfd, DSR_BAG_PAYLOAD_DIR, data, v->err) < 0)
        return -1;
    bag_list_sort(data);
    for (size_t i = 0; i < data->n; i++)
        v->h.p.bytes_total += data->items[i].size;
    return 0;
}

/* Load every manifest; report when there is no payload or no tag manifest. */
static int
load_manifests(struct bag_verify *v, struct manifests *mf, bool *has_payload)
{
    bool has_tag = false;

    for (size_t i = 0; i < mf->n; i++) {
        if (load_manifest(v, &mf->items[i]) < 0)
            return -1;
        *has_payload = *has_payload || !mf->items[i].tag;
        has_tag = has_tag || mf->items[i].tag;
    }
    if (!*has_payload &&
        bag_problem(v, "manifest-sha512.txt", DSR_BAG_MISSING,
                    _("the bag has no payload manifest")) < 0)
        return -1;
    if (!has_tag &&
        bag_problem(v, "tagmanifest-sha512.txt", DSR_BAG_MISSING,
                    _("the bag has no tag manifest")) < 0)
        return -1;
    return 0;
}

/* Whether 'n' is the signature of a tag manifest of 'mf'. */
static bool
is_signature_of(const struct manifests *mf, const char *n)
{
    char signame[300];

    for (size_t i = 0; i < mf->n; i++) {
        if (!mf->items[i].tag)
            continue;
        signature_name(&mf->items[i], signame, sizeof(signame));
        if (strcmp(n, signame) == 0)
            return true;
    }
    return false;
}

/*
 * Top-level files that no tag manifest lists and are not tag files: RFC
 * 8493 allows them, so a warning each, but an error in a signed bag,
 * whose signature must cover everything (issue 22 point 4).
 */
static int
check_unlisted_top(struct bag_verify *v, const struct manifests *mf,
                   const struct bag_list *top)
{
    bool is_signed = signed_manifest(mf, top) != NULL;

    for (size_t i = 0; i < top->n; i++) {
        const char *n = top->items[i].path;

        if (top->items[i].listed[0] || strcmp(n, DSR_BAG_DECLARATION) == 0 ||
            strcmp(n, DSR_BAG_INFO) == 0 ||
            (top->items[i].regular && is_signature_of(mf, n)))
            continue;
        /* a folder posing as a signature is never harmless */
        if (is_signed || (!top->items[i].regular &&
                          strncmp(n, TAG_PREFIX, strlen(TAG_PREFIX)) == 0 &&
                          strstr(n, DSR_BAG_SIGNATURE_SUFFIX))) {
            if (bag_problem(v, n, DSR_BAG_EXTRA,
                            _("a file no tag manifest lists, in a signed bag: "
                              "the signature does not cover it; remove it or "
                              "pack the bundle again")) < 0)
                return -1;
            continue;
        }
        if (bag_problem(v, n, DSR_BAG_EXTRA,
                        _("a file no tag manifest lists; allowed in a bag, "
                          "but nothing proves it came with the bundle")) < 0)
            return -1;
        v->rep->items[v->rep->n - 1].severity = DSR_BAG_WARNING;
    }
    return 0;
}

/* ---- the parts every bundle has ---------------------------------------- */

/* Whether 'data' holds the regular file 'rel'. */
static bool
has_file(const struct bag_list *data, const char *rel)
{
    const struct bag_file *f = bag_list_find(data, rel);

    return f && f->regular;
}

static int
missing_part(struct bag_verify *v, const char *rel, const char *what)
{
    return bag_problem(v, rel, DSR_BAG_MISSING,
                       _("a required part of the bundle is missing (%s); the "
                         "bundle is incomplete: ask for it again"),
                       what);
}

static int
cmp_called_file(const void *a, const void *b)
{
    return strcmp(((const struct bag_called_file *)a)->file,
                  ((const struct bag_called_file *)b)->file);
}

void
bag_called_sort(struct bag_called *c)
{
    size_t k = 0;

    if (c->n)
        qsort(c->files, c->n, sizeof(*c->files), cmp_called_file);
    for (size_t i = 0; i < c->n; i++) {
        if (k && strcmp(c->files[k - 1].file, c->files[i].file) == 0) {
            free(c->files[i].file);
            continue;
        }
        c->files[k++] = c->files[i];
    }
    c->n = k;
}

static int
cmp_called(const void *a, const void *b)
{
    return strcmp(((const struct bag_called *)a)->zip,
                  ((const struct bag_called *)b)->zip);
}

const struct bag_called *
bag_calls_find(const struct bag_calls *c, const char *rel)
{
    struct bag_called key = {.zip = (char *)(uintptr_t)rel};

    if (!c || c->n == 0)
        return NULL;
    return bsearch(&key, c->items, c->n, sizeof(*c->items), cmp_called);
}

static void
calls_release(struct bag_calls *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (size_t k = 0; k < c->items[i].n; k++)
            free(c->items[i].files[k].file);
        free(c->items[i].files);
        free(c->items[i].zip);
        free(c->items[i].indicator);
    }
    free(c->items);
    memset(c, 0, sizeof(*c));
}

/*
 * The evidence of the indicator 'n' (its zip 'rel') into v->calls: each
 * file normalised as pack does before naming entries (kept as written
 * when it cannot be, so that it is reported as missing), sorted, each
 * once.  Time n log n in the manifest's evidence.
 */
static int
add_called(struct bag_verify *v, const xmlNode *n, const char *rel, const char *id)
{
    struct bag_calls *cs = v->calls;
    struct bag_called *c;

    if (!cs)
        return 0;
    if (dsr_grow((void **)&cs->items, sizeof(*cs->items), &cs->cap, cs->n + 1,
                 v->err) < 0)
        return -1;
    c = &cs->items[cs->n++];
    memset(c, 0, sizeof(*c));
    c->zip = strdup(rel);
    c->indicator = strdup(id);
    if (!c->zip || !c->indicator)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (const xmlNode *e = n->children; e; e = e->next) {
        char *file, *norm = NULL;

        if (!dsr_xml_is(e, "evidence"))
            continue;
        file = dsr_xml_attr(e, "file");
        if (!file)
            continue;
        if (dsr_path_normalise(file, &norm) != DSR_PATH_OK)
            norm = NULL;
        if (norm)
            free(file);
        else
            norm = file;
        if (dsr_grow((void **)&c->files, sizeof(*c->files), &c->cap, c->n + 1,
                     v->err) < 0) {
            free(norm);
            return -1;
        }
        c->files[c->n].file = norm;
        c->files[c->n].line = xmlGetLineNo(e);
        c->n++;
    }
    bag_called_sort(c);
    return 0;
}

/*
 * The zip of each <indicator> of the bundle's manifest.xml ('doc') that
 * lists at least one <evidence>, as pack writes one for each; its
 * evidence into v->calls, for the check of the zips.
 */
static int
check_called_zips(struct bag_verify *v, xmlDocPtr doc, const struct bag_list *data)
{
    const xmlNode *root = xmlDocGetRootElement(doc);

    if (!root)
        return 0;
    for (const xmlNode *n = root->children; n; n = n->next) {
        /* an id of ID_MAX_BYTES, a leading '0', ".zip" */
        char name[ID_MAX_BYTES + 8];
        char rel[sizeof(DSR_BUNDLE_ZIP_DIR) + sizeof(name)];
        char what[ID_MAX_BYTES + 256];
        const xmlNode *c;
        char *id;
        int rc = 0;

        if (!dsr_xml_is(n, "indicator"))
            continue;
        for (c = n->children; c && !dsr_xml_is(c, "evidence"); c = c->next)
            ;
        if (!c)
            continue;
        id = dsr_xml_attr(n, "id");
        if (!id)
            continue;   /* a manifest pack would not have taken */
        if (strlen(id) <= ID_MAX_BYTES) {
            snprintf(rel, sizeof(rel), "%s/%s", DSR_BUNDLE_ZIP_DIR,
                     dsr_zip_name(id, name, sizeof(name)));
            snprintf(what, sizeof(what),
                     _("the zip of indicator %s, which has evidence in %s"), id,
                     DSR_BUNDLE_MANIFEST);
            if (!has_file(data, rel))
                rc = missing_part(v, rel, what);
            if (rc == 0)
                rc = add_called(v, n, rel, id);
        }
        free(id);
        if (rc < 0)
            return -1;
    }
    if (v->calls && v->calls->n)
        qsort(v->calls->items, v->calls->n, sizeof(*v->calls->items), cmp_called);
    return 0;
}

/*
 * The bundle's manifest.xml, read as a bag file is (no link, no FIFO, at
 * most DSR_MANIFEST_MAX_BYTES) and parsed with the hardened parser;
 * every zip it calls for is checked for.
 */
static int
check_manifest_zips(struct bag_verify *v, const struct bag_list *data)
{
    struct dsr_xml_problems problems = {0};
    struct dsr_error e = DSR_ERROR_INIT;
    xmlDocPtr doc = NULL;
    mode_t type = 0;
    char *buf = NULL;
    size_t len = 0;
    int sys_errno = 0;
    int ret = 0;

    switch (v->ar ? bag_archive_read(v->ar, DSR_BUNDLE_MANIFEST,
                                     DSR_MANIFEST_MAX_BYTES, &buf, &len, &type,
                                     &sys_errno)
                  : dsr_fio_read_beneath(v->dirfd, DSR_BUNDLE_MANIFEST,
                                         DSR_MANIFEST_MAX_BYTES, &buf, &len,
                                         &type, &sys_errno)) {
    case DSR_READ_OK:
        break;
    case DSR_READ_NOMEM:
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    default:
        return 0;   /* reported with the payload */
    }
    switch (dsr_xml_parse(buf, len, DSR_BUNDLE_MANIFEST, &doc, &problems, &e)) {
    case DSR_XML_OK:
        ret = check_called_zips(v, doc, data);
        break;
    case DSR_XML_FAILED:
        *v->err = e;
        ret = -1;
        break;
    default:
        ret = bag_problem(v, DSR_BUNDLE_MANIFEST, DSR_BAG_MALFORMED,
                          _("cannot be read as a manifest (line %lu: %s), so the "
                            "zips it calls for cannot be checked"),
                          problems.n ? problems.items[0].line : 0UL,
                          problems.n ? problems.items[0].msg : "not well-formed XML");
        break;
    }
    if (doc)
        xmlFreeDoc(doc);
    dsr_xml_problems_release(&problems);
    free(buf);
    return ret;
}

/*
 * The parts every bundle has (bundle_layout.h): data/manifest.xml,
 * data/findings.xml, data/dossier.pdf, and the zip of every indicator
 * that data/manifest.xml gives evidence for.  Each one absent from 'data'
 * is a missing problem naming it.  Returns 0, or -1 with v->err set
 * (DSR_NOMEM).
 */
static int
check_parts(struct bag_verify *v, const struct bag_list *data)
{
    static const struct {
        const char *rel;
        const char *what;
    } parts[] = {
        {DSR_BUNDLE_MANIFEST, N_("the manifest the bundle was made from")},
        {DSR_BUNDLE_FINDINGS, N_("the check report")},
        {DSR_BUNDLE_DOSSIER, N_("the dossier")},
    };

    for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
        if (!has_file(data, parts[i].rel) &&
            missing_part(v, parts[i].rel, _(parts[i].what)) < 0)
            return -1;
    if (!has_file(data, DSR_BUNDLE_MANIFEST))
        return 0;
    return check_manifest_zips(v, data);
}

/*
 * r23-verify: set up the one read of each indicator zip (bag_zip_pass_start()).
 * The check of a zip compares its index.xml with data/manifest.xml, so
 * check_parts() runs first, its problems kept in 'parts' until their turn
 * in the report, after the signature's.
 */
static int
read_zips_once(struct bag_verify *v, const struct bag_list *data, bool bag_only,
               struct bag_calls *calls, struct dsr_bag_report *parts)
{
    struct dsr_bag_report *rep = v->rep;
    int rc = 0;

    if (!bag_only) {
        v->calls = calls;
        v->rep = parts;
        rc = check_parts(v, data);
        v->rep = rep;
    }
    return rc < 0 ? -1 : bag_zip_pass_start(v, data);
}

int
dsr_bag_verify(const char *dir, const struct dsr_bag_verify_opts *opts,
               struct dsr_bag_report *rep, struct dsr_error *err)
{
    struct stat st;

    /* a bundle delivered as one .zip or .tar file (bag_archive.c) */
    if (stat(dir, &st) == 0 && S_ISREG(st.st_mode))
        return bag_archive_verify(dir, opts, false, rep, err);
    return bag_verify_run(dir, opts, false, rep, err);
}

int
bag_verify_run(const char *dir, const struct dsr_bag_verify_opts *opts,
               bool bag_only, struct dsr_bag_report *rep,
               struct dsr_error *err)
{
    return bag_verify_in(dir, NULL, opts, bag_only, rep, err);
}

int
bag_verify_in(const char *dir, struct bag_archive *ar,
              const struct dsr_bag_verify_opts *opts, bool bag_only,
              struct dsr_bag_report *rep, struct dsr_error *err)
{
    struct bag_verify v = {.dir = dir, .opts = opts, .rep = rep, .err = err,
                           .ar = ar, .dirfd = -1,
                           .h = BAG_HASHING_INIT(opts->cancel, opts->progress,
                                                 opts->progress_ctx)};
    struct manifests mf = {0};
    struct bag_list top = {0}, data = {0};
    struct bag_calls calls = {0};
    struct dsr_bag_report parts = {0};
    size_t count = 0;
    uint64_t bytes = 0;
    bool has_payload = false;
    int ret = -1;

    memset(rep, 0, sizeof(*rep));
    if (!ar)
        v.dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!ar && v.dirfd < 0)
        return dsr_error_sys(err, errno, dir, "cannot open the bundle");
    if (check_declaration(&v) < 0 || list_top(&v, &mf, &top) < 0 ||
        list_payload(&v, &data) < 0 || load_manifests(&v, &mf, &has_payload) < 0)
        goto out;
    if (!ar && read_zips_once(&v, &data, bag_only, &calls, &parts) < 0)
        goto out;
    if (check_payload(&v, &mf, &data, &bytes, &count) < 0 ||
        check_tags(&v, &mf, &top) < 0 ||
        check_info(&v, bytes, count, has_payload) < 0 ||
        check_unlisted_top(&v, &mf, &top) < 0 ||
        check_signature(&v, &mf, &top) < 0)
        goto out;
    if (!bag_only)
        v.calls = &calls;
    if (!bag_only && (ar ? check_parts(&v, &data)
                         : bag_report_merge(rep, &parts, true, err)) < 0)
        goto out;
    if ((ar ? bag_archive_check_zips(&v, &data) : bag_check_zips(&v, &data)) < 0)
        goto out;
    ret = 0;
out:
    bag_zip_pass_release(&v);
    dsr_bag_report_release(&parts);
    for (size_t i = 0; i < mf.n; i++) {
        dsr_bag_entries_release(&mf.items[i].entries);
        free(mf.items[i].raw);
    }
    free(mf.items);
    bag_list_release(&top);
    bag_list_release(&data);
    calls_release(&calls);
    if (v.dirfd >= 0)
        close(v.dirfd);
    return ret;
}

void
dsr_bag_report_release(struct dsr_bag_report *rep)
{
    if (!rep)
        return;
    for (size_t i = 0; i < rep->n; i++) {
        free(rep->items[i].path);
        free(rep->items[i].message);
    }
    free(rep->items);
    free(rep->bundle_id);
    memset(rep, 0, sizeof(*rep));
}
