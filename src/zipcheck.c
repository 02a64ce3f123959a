/* zipcheck.c -- verify's check of each indicator zip against its index.xml. */
#include "bag_impl.h"

#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/format.h"
#include "dossier/hash.h"
#include "dossier/zips.h"
#include "fileio.h"
#include "internal.h"
#include "liberr.h"
#include "zipindex.h"
#include "zipread.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

/* One zip being checked. */
struct zcheck {
    struct bag_verify *v;
    const char *rel;                /* data/indicators/NN.zip */
    zip_t *za;
    int fd;                         /* the zip's bytes, for pread() */
    uint64_t fdlen;                 /* its first fdlen bytes; 0: all of it */
    const unsigned char *mem;       /* or in memory (an archive's zip) */
    uint64_t memlen;
    struct dsr_zip_index idx;
    zip_int64_t index_pos;          /* of index.xml in the zip */
    bool encrypted;                 /* index.xml is: idx stays empty */
    bool indexed;                   /* idx read from index.xml */
    zip_uint16_t em;                /* index.xml's encryption method */
    bool *seen;                     /* per idx entry: found in the zip */
    struct dsr_hash *h;
};

struct zip_job {
    const struct bag_verify *v;
    const struct bag_list *data;
    struct dsr_job *order;          /* bag_largest_first() */
    struct dsr_bag_report *reps;    /* per file of 'data' */
    struct dsr_error *errs;
    const bool *done;               /* r23-verify: checked while hashed */
};

/* What the check of a zip returns after bag_problem() returned 'rc'. */
static int
reported(int rc)
{
    return rc < 0 ? -1 : 1;
}

/*
 * The problem of the zip that cannot be opened: as dsr_zip_open_beneath()
 * says, 'type' or 'sys_errno' (not a regular file, cannot be opened) or
 * 'ze' (not a zip).  1 (reported), or -1 on a fatal error.
 */
static int
open_problem(struct zcheck *z, zip_error_t *ze, mode_t type, int sys_errno)
{
    int rc;

    if (!type && !sys_errno && zip_error_code_zip(ze) == ZIP_ER_MEMORY)
        return dsr_error_set(z->v->err, DSR_NOMEM, NULL, 0, "out of memory");
    else if (type)
        rc = bag_problem(z->v, z->rel, DSR_BAG_MALFORMED,
                         _("%s, not a regular file: a bag holds only regular "
                           "files and folders; replace it with the file itself "
                           "or remove it"),
                         dsr_file_type_name(type));
    else if (sys_errno)
        rc = bag_problem(z->v, z->rel, DSR_BAG_MALFORMED, _("cannot open: %s"),
                         dsr_strerror(sys_errno));
    else
        rc = bag_problem(z->v, z->rel, DSR_BAG_MALFORMED,
                         _("cannot be opened as a zip: %s"), dsr_zip_error_text(ze));
    return reported(rc);
}

/*
 * Open the zip with dsr_zip_open_beneath() (no link followed, no FIFO or
 * device opened); 1 when it cannot be (reported), -1 on a fatal error.
 */
static int
open_zip(struct zcheck *z)
{
    zip_error_t ze;
    mode_t type = 0;
    int sys_errno = 0;
    int rc = 0;

    z->za = dsr_zip_open_beneath_fd(z->v->dirfd, z->rel, &type, &sys_errno, &ze,
                                    &z->fd);
    if (z->za)
        z->v->rep->zips++;
    else
        rc = open_problem(z, &ze, type, sys_errno);
    zip_error_fini(&ze);
    return rc;
}

/* Little-endian fields of the zip format. */
static uint32_t
le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}

static uint64_t
le64(const unsigned char *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static bool
read_at(const struct zcheck *z, void *buf, size_t n, uint64_t off)
{
    unsigned char *p = buf;
    int fd = z->fd;

    if (z->mem) {
        if (off > z->memlen || n > z->memlen - off)
            return false;
        memcpy(buf, z->mem + off, n);
        return true;
    }
    if (z->fdlen && (off > z->fdlen || n > z->fdlen - off))
        return false;
    while (n) {
        ssize_t got = pread(fd, p, n, (off_t)off);

        if (got <= 0)
            return false;
        p += got;
        n -= (size_t)got;
        off += (uint64_t)got;
    }
    return true;
}

/*
 * Where the central directory starts and how many entries it has, from
 * the end of central directory record that ends the file (ZIP_CHECKCONS
 * made libzip insist on that too) and its zip64 form when it has one.
 */
static bool
find_central_dir(const struct zcheck *z, uint64_t *off, uint64_t *count)
{
    enum { EOCD = 22, LOC64 = 20, EOCD64 = 56, TAIL = EOCD + 65535 };
    unsigned char l[EOCD64];
    unsigned char *buf;
    struct stat st;
    uint64_t base, size;
    bool ok = false;
    size_t n;

    if (z->mem)
        size = z->memlen;
    else if (z->fdlen)
        size = z->fdlen;
    else if (fstat(z->fd, &st) < 0 || st.st_size < 0)
        return false;
    else
        size = (uint64_t)st.st_size;
    if (size < EOCD)
        return false;
    n = size < TAIL ? (size_t)size : TAIL;
    base = size - n;
    buf = malloc(n);
    if (!buf || !read_at(z, buf, n, base)) {
        free(buf);
        return false;
    }
    for (size_t k = n - EOCD + 1; k-- > 0;) {
        if (le32(buf + k) != 0x06054b50u || k + EOCD + le16(buf + k + 20) != n)
            continue;
        *off = le32(buf + k + 16);
        *count = le16(buf + k + 10);
        ok = true;
        if (*off != 0xffffffffu && *count != 0xffffu)
            break;
        ok = base + k >= LOC64 && read_at(z, l, LOC64, base + k - LOC64) &&
             le32(l) == 0x07064b50u;
        if (ok)
            ok = read_at(z, l, EOCD64, le64(l + 8)) && le32(l) == 0x06064b50u;
        if (ok) {
            *count = le64(l + 32);
            *off = le64(l + 48);
        }
        break;
    }
    free(buf);
    return ok;
}

/* The data of the extra field 'id' ('*flen' bytes) in 'ef'; NULL: none. */
static const unsigned char *
extra_field(const unsigned char *ef, size_t len, uint32_t id, size_t *flen)
{
    for (size_t k = 0; k + 4 <= len; k += 4 + le16(ef + k + 2))
        if (le16(ef + k) == id) {
            *flen = le16(ef + k + 2);
            return k + 4 + *flen <= len ? ef + k + 4 : NULL;
        }
    return NULL;
}

/*
 * The local header offset of the central directory entry 'h' with the
 * extra fields 'ef': from its zip64 field when it has one.
 */
static uint64_t
local_offset(const unsigned char *h, const unsigned char *ef, size_t elen)
{
    uint64_t lho = le32(h + 42);
    const unsigned char *z64;
    size_t flen = 0, at = 0;

    if (lho != 0xffffffffu)
        return lho;
    z64 = extra_field(ef, elen, 0x0001, &flen);
    if (!z64)
        return UINT64_MAX;
    at += le32(h + 24) == 0xffffffffu ? 8 : 0;
    at += le32(h + 20) == 0xffffffffu ? 8 : 0;
    return at + 8 <= flen ? le64(z64 + at) : UINT64_MAX;
}

/*
 * Whether the local header at 'lho' stores the name 'name' ('nlen'
 * bytes) with no Unicode Path field, as streaming readers read it.
 */
static bool
local_name_same(const struct zcheck *z, uint64_t lho, const char *name, size_t nlen,
                unsigned char *var)
{
    unsigned char h[30];
    size_t flen;

    if (lho == UINT64_MAX || !read_at(z, h, sizeof(h), lho) ||
        le32(h) != 0x04034b50u || le16(h + 26) != nlen ||
        !read_at(z, var, nlen + le16(h + 28), lho + sizeof(h)))
        return false;
    return memcmp(var, name, nlen) == 0 &&
           !extra_field(var + nlen, le16(h + 28), 0x7075, &flen);
}

/*
 * The zip's own entry names, read from its central directory, against
 * the names libzip gives: libzip silently takes the name of an Info-ZIP
 * Unicode Path field (0x7075), so an entry stored as "../x" can show as
 * "x"; tools that use the stored name unpack it elsewhere.  pack never
 * writes that field, so any entry with one, or whose stored name differs
 * from libzip's, is reported under its stored name.  1 when the central
 * directory is not as libzip read it (reported), 0, or -1 on a fatal
 * error.  Time and memory: one pass over the central directory, at most
 * 64 KiB per entry.
 */
static int
check_raw_names(struct zcheck *z)
{
    struct bag_verify *v = z->v;
    zip_int64_t n = zip_get_num_entries(z->za, 0);
    uint64_t off = 0, count = 0;
    unsigned char h[46];
    char *var = NULL;
    unsigned char *lvar = NULL;
    int ret = -1;

    if (!find_central_dir(z, &off, &count) || count != (uint64_t)n)
        return reported(bag_problem(v, z->rel, DSR_BAG_MALFORMED,
                                    _("its central directory cannot be read as "
                                      "pack writes it; the zip must be made "
                                      "again")));
    var = malloc(3 * 65535 + 1);
    lvar = malloc(2 * 65535);
    if (!var || !lvar)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(z->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        size_t nlen, elen, clen, flen;
        bool same;
        char where[8192];

        if (!read_at(z, h, sizeof(h), off) || le32(h) != 0x02014b50u) {
            ret = reported(bag_problem(v, z->rel, DSR_BAG_MALFORMED,
                                       _("its central directory cannot be read "
                                         "as pack writes it; the zip must be "
                                         "made again")));
            goto out;
        }
        nlen = le16(h + 28);
        elen = le16(h + 30);
        clen = le16(h + 32);
        if (!read_at(z, var, nlen + elen, off + sizeof(h))) {
            ret = reported(bag_problem(v, z->rel, DSR_BAG_MALFORMED,
                                       _("its central directory cannot be read "
                                         "as pack writes it; the zip must be "
                                         "made again")));
            goto out;
        }
        off += sizeof(h) + nlen + elen + clen;
        same = !extra_field((unsigned char *)var + nlen, elen, 0x7075, &flen) &&
               local_name_same(z,
                               local_offset(h, (unsigned char *)var + nlen, elen),
                               var, nlen, lvar);
        var[nlen] = '\0';
        if (same && name && strlen(var) == nlen && strcmp(var, name) == 0)
            continue;
        /* a name over 4 KiB is cut short in the report */
        snprintf(where, sizeof(where), "%s:%.4096s", z->rel, var);
        if (bag_problem(v, where, DSR_BAG_MALFORMED,
                        _("the entry's stored name differs from the name read "
                          "from its Unicode Path field or its local header "
                          "('%s'): tools would unpack it to different places; "
                          "the zip must be made again"),
                        name ? name : "") < 0)
            goto out;
    }
    ret = 0;
out:
    free(var);
    free(lvar);
    return ret;
}

/*
 * Read the zip's index.xml into z->idx; 1 when it cannot be (reported),
 * -1 on a fatal error.  An encrypted one is counted and not read: 0 with
 * z->encrypted set, as the names and types of the entries are still
 * there to check.
 */
static int
load_index(struct zcheck *z)
{
    struct bag_verify *v = z->v;
    struct dsr_error e = DSR_ERROR_INIT;
    char where[8192], why[512];

    snprintf(where, sizeof(where), "%s:%s", z->rel, DSR_INDEX_NAME);
    switch (dsr_zip_index_read(z->za, where, &z->idx, &z->index_pos, why,
                               sizeof(why), &e)) {
    case DSR_ZIDX_OK:
        z->indexed = true;
        return 0;
    case DSR_ZIDX_ABSENT:
        return reported(bag_problem(v, where, DSR_BAG_MISSING, _("the zip has no %s"),
                                    DSR_INDEX_NAME));
    case DSR_ZIDX_ENCRYPTED:
        v->rep->encrypted++;
        z->encrypted = true;
        return 0;
    case DSR_ZIDX_NO_STAT:
    case DSR_ZIDX_REFUSED:
        return reported(bag_problem(v, where, DSR_BAG_MALFORMED, "%s", why));
    case DSR_ZIDX_UNREADABLE:
        return reported(bag_problem(v, where, DSR_BAG_ALTERED, "%s", why));
    case DSR_ZIDX_INVALID:
        break;
    }
    if (e.code == DSR_NOMEM)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    return reported(bag_problem(v, where, DSR_BAG_MALFORMED, _("line %lu: %s"),
                                e.line, e.msg));
}

/*
 * The index.xml entry named 'name', marked as seen; NULL when none.  A
 * binary search, so that a zip of n entries costs n log n, not n^2.
 */
static const struct dsr_index_entry *
find_listed(struct zcheck *z, const char *name)
{
    const struct dsr_index_entry *hit = dsr_zip_index_find(&z->idx, name);

    if (hit)
        z->seen[hit - z->idx.entries] = true;
    return hit;
}

/* Inflate the entry 'i' (called 'where') and compare it with 'ie'. */
static int
check_content(struct zcheck *z, zip_int64_t i, const char *where,
              const struct dsr_index_entry *ie)
{
    struct bag_verify *v = z->v;
    char hex[DSR_HASH_HEX_MAX], why[512];
    uint64_t got;

    if (dsr_zip_entry_read(z->za, (zip_uint64_t)i, ie->size, z->h, NULL, -1, &got,
                           why, sizeof(why)) < 0) {
        /* resets the hash for the next entry */
        dsr_hash_final(z->h, hex, NULL);
        return bag_problem(v, where, DSR_BAG_ALTERED, "%s", why);
    }
    if (dsr_hash_final(z->h, hex, v->err) < 0)
        return -1;
    v->rep->entries++;
    if (got != ie->size || strcmp(hex, ie->sha256) != 0)
        return bag_problem(v, where, DSR_BAG_ALTERED, _("its SHA-256 differs from %s"),
                           DSR_INDEX_NAME);
    return 0;
}

/*
 * The type an entry declares when it is not a regular file: a name ending
 * in '/' is a folder; the Unix mode in the high half of the external
 * attributes may say link, FIFO, device (the host, which form_problem()
 * requires to be Unix, is in '*opsys').  0 for a regular file (or one
 * that declares no type).
 */
static mode_t
entry_type(zip_t *za, zip_int64_t i, const char *name, zip_uint8_t *opsys)
{
    zip_uint32_t attr = 0;
    mode_t type;

    *opsys = ZIP_OPSYS_UNIX;
    if (name[0] && name[strlen(name) - 1] == '/')
        return S_IFDIR;
    if (zip_file_get_external_attributes(za, (zip_uint64_t)i, 0, opsys, &attr) < 0)
        return 0;
    type = (mode_t)(attr >> 16) & S_IFMT;
    return type == S_IFREG ? 0 : type;
}

/*
 * What is wrong with the form of the entry 'i' (index.xml included),
 * which needs no passphrase: its name, type, host and encryption, as pack
 * writes them (zips.c: names checked safe, stored as UTF-8 without a
 * Unicode Path field, made by Unix as regular files, every entry AES-256
 * encrypted or none).  Reported even when index.xml lists it: an
 * extracting tool obeys the zip.  1 when reported, 0 when fine, -1 on a
 * fatal error.
 */
static int
form_problem(struct zcheck *z, zip_int64_t i, const char *name, const char *raw,
             const char *where)
{
    struct bag_verify *v = z->v;
    zip_uint8_t opsys;
    zip_stat_t st;
    mode_t type;

    type = entry_type(z->za, i, name, &opsys);
    if (opsys != ZIP_OPSYS_UNIX)
        return reported(bag_problem(v, where, DSR_BAG_MALFORMED,
                                    _("the entry is made by host %u, not by Unix "
                                      "as pack writes it: unpacking tools may "
                                      "read its type differently; the zip must "
                                      "be made again"),
                                    (unsigned)opsys));
    if (type)
        return reported(bag_problem(v, where, DSR_BAG_MALFORMED,
                                    _("the entry is %s, not a regular file: a zip "
                                      "in a bundle holds only files; the zip must "
                                      "be made again"),
                                    dsr_file_type_name(type)));
    if (!dsr_zip_entry_name_safe(name) || !dsr_zip_entry_name_safe(raw))
        return reported(bag_problem(v, where, DSR_BAG_MALFORMED,
                                    _("an unsafe entry name (empty, too long, a "
                                      "leading '/', a backslash, a drive letter, "
                                      "a control character, or a '.' or '..' "
                                      "segment): unpacking it could write "
                                      "outside its folder; the zip must be made "
                                      "again")));
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) < 0 ||
        !(st.valid & ZIP_STAT_ENCRYPTION_METHOD))
        st.encryption_method = ZIP_EM_NONE;
    if (st.encryption_method != ZIP_EM_NONE &&
        st.encryption_method != ZIP_EM_AES_256)
        return reported(bag_problem(v, where, DSR_BAG_MALFORMED,
                                    _("the entry is encrypted with a method pack "
                                      "never uses (only AES-256); the zip must be "
                                      "made again")));
    if (st.encryption_method != z->em)
        return reported(bag_problem(v, where, DSR_BAG_MALFORMED,
                                    z->em == ZIP_EM_NONE
                                        ? _("the entry is encrypted but %s is not: "
                                            "pack encrypts every entry of a zip or "
                                            "none; the zip must be made again")
                                        : _("the entry is not encrypted but %s is: "
                                            "pack encrypts every entry of a zip or "
                                            "none; the zip must be made again"),
                                    DSR_INDEX_NAME));
    return 0;
}

/*
 * The entry 'i' of the zip: of the form pack writes; unless index.xml is
 * encrypted, listed, of the listed size and content.
 */
static int
check_entry(struct zcheck *z, zip_int64_t i)
{
    struct bag_verify *v = z->v;
    const char *name = zip_get_name(z->za, (zip_uint64_t)i, 0);
    const char *raw = zip_get_name(z->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
    const struct dsr_index_entry *ie;
    char where[8192];
    zip_stat_t st;
    int rc;

    if (!name || !raw)
        return 0;
    snprintf(where, sizeof(where), "%s:%s", z->rel, name);
    ie = z->encrypted ? NULL : find_listed(z, name);
    rc = form_problem(z, i, name, raw, where);
    if (rc != 0 || i == z->index_pos || z->encrypted)
        return rc < 0 ? -1 : 0;
    if (!ie)
        return bag_problem(v, where, DSR_BAG_EXTRA, _("an entry %s does not list"),
                           DSR_INDEX_NAME);
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) < 0 || dsr_zip_stat_absurd(&st))
        return bag_problem(v, where, DSR_BAG_MALFORMED,
                           _("declares an impossible size; not inflated"));
    if (st.size != ie->size)
        return bag_problem(v, where, DSR_BAG_ALTERED,
                           "%" PRIu64 " bytes in the zip, %" PRIu64 " in %s",
                           (uint64_t)st.size, ie->size, DSR_INDEX_NAME);
    return check_content(z, i, where, ie);
}

/* Every entry of index.xml that the zip lacks. */
static int
check_unseen(struct zcheck *z)
{
    char where[8192];

    for (size_t k = 0; k < z->idx.n; k++) {
        if (z->seen[k])
            continue;
        snprintf(where, sizeof(where), "%s:%s", z->rel, z->idx.entries[k].name);
        if (bag_problem(z->v, where, DSR_BAG_MISSING,
                        _("listed in %s but not in the zip"), DSR_INDEX_NAME) < 0)
            return -1;
    }
    return 0;
}

/* One entry of index.xml with its evidence path normalised. */
struct listed_file {
    char *file;
    const char *name;
};

static int
cmp_listed_file(const void *a, const void *b)
{
    return strcmp(((const struct listed_file *)a)->file,
                  ((const struct listed_file *)b)->file);
}

/*
 * The evidence data/manifest.xml gives the zip's indicator, missing from
 * index.xml and so from the zip; the documents index.xml lists that
 * data/manifest.xml does not give it.  Both sides compared as sorted
 * lists of normalised evidence paths: time n log n.
 */
static int
compare_called(struct zcheck *z, const struct bag_called *c,
               struct listed_file *l, size_t n)
{
    struct bag_verify *v = z->v;
    char where[8192];
    size_t i = 0, k = 0;

    while (i < c->n || k < n) {
        int d = i == c->n ? 1 : k == n ? -1 : strcmp(c->files[i].file, l[k].file);
        int rc = 0;

        if (d < 0) {
            rc = bag_problem(v, z->rel, DSR_BAG_MISSING,
                             _("lacks the evidence '%s' that %s line %ld gives "
                               "indicator %s; the bundle is incomplete: ask for "
                               "it again"),
                             c->files[i].file, DSR_BUNDLE_MANIFEST,
                             c->files[i].line, c->indicator);
            i++;
        } else if (d > 0) {
            snprintf(where, sizeof(where), "%s:%s", z->rel, l[k].name);
            rc = bag_problem(v, where, DSR_BAG_EXTRA,
                             _("holds the evidence '%s', which %s does not give "
                               "indicator %s; the bundle was altered: ask for it "
                               "again"),
                             l[k].file, DSR_BUNDLE_MANIFEST, c->indicator);
            k++;
        } else {
            i++;
            k++;
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

/*
 * index.xml against the evidence data/manifest.xml gives the zip's
 * indicator (v->calls): pack puts each of those files in, once.
 */
static int
check_called(struct zcheck *z)
{
    struct bag_verify *v = z->v;
    const struct bag_called *c = bag_calls_find(v->calls, z->rel);
    struct listed_file *l;
    size_t n = 0;
    int ret = -1;

    if (!v->calls)
        return 0;
    if (!c)
        return bag_problem(v, z->rel, DSR_BAG_EXTRA,
                           _("a zip of no indicator that %s gives evidence, "
                             "which pack does not write; the bundle was "
                             "altered: ask for it again"),
                           DSR_BUNDLE_MANIFEST);
    l = calloc(z->idx.n ? z->idx.n : 1, sizeof(*l));
    if (!l)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < z->idx.n; k++) {
        const struct dsr_index_entry *e = &z->idx.entries[k];

        if (dsr_path_normalise(e->file, &l[n].file) != DSR_PATH_OK)
            l[n].file = strdup(e->file);
        if (!l[n].file) {
            dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        l[n++].name = e->name;
    }
    if (n)
        qsort(l, n, sizeof(*l), cmp_listed_file);
    ret = compare_called(z, c, l, n);
out:
    for (size_t k = 0; k < n; k++)
        free(l[k].file);
    free(l);
    return ret;
}

int
bag_zip_check_called(struct bag_verify *v, const char *rel,
                     const struct dsr_zip_index *idx)
{
    /* borrows 'idx', not released here */
    struct zcheck z = {.v = v, .rel = rel, .idx = *idx};

    return check_called(&z);
}

/* Every entry of the zip against index.xml, and index.xml against them. */
static int
check_entries(struct zcheck *z)
{
    struct bag_verify *v = z->v;
    zip_int64_t n;

    zip_stat_t st;

    z->seen = calloc(z->idx.n ? z->idx.n : 1, sizeof(*z->seen));
    z->h = dsr_hash_new(DSR_HASH_SHA256, v->err);
    if (!z->seen || !z->h)
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    z->em = ZIP_EM_NONE;
    if (zip_stat_index(z->za, (zip_uint64_t)z->index_pos, 0, &st) == 0 &&
        (st.valid & ZIP_STAT_ENCRYPTION_METHOD))
        z->em = st.encryption_method;
    n = zip_get_num_entries(z->za, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        if (dsr_cancelled(v->opts->cancel))
            return dsr_interrupted(v->err);
        if (check_entry(z, i) < 0)
            return -1;
    }
    if (z->encrypted)
        return 0;
    if (check_unseen(z) < 0)
        return -1;
    return check_called(z);
}

/*
 * The checks of the zip 'z', opened (z->za): the same for a zip in a
 * folder and for one read out of an archive into memory.
 */
static int
check_opened(struct zcheck *z)
{
    int rc = check_raw_names(z);

    if (rc == 0)
        rc = load_index(z);
    if (rc == 0)
        rc = check_entries(z);
    return rc;
}

static void
zcheck_release(struct zcheck *z)
{
    dsr_hash_free(z->h);
    free(z->seen);
    dsr_zip_index_release(&z->idx);
    if (z->za)
        zip_discard(z->za);
    if (z->fd >= 0)
        close(z->fd);
}

static int
check_zip(struct bag_verify *v, const char *rel)
{
    struct zcheck z = {.v = v, .rel = rel, .index_pos = -1, .fd = -1};
    int rc = open_zip(&z);

    if (rc == 0)
        rc = check_opened(&z);
    zcheck_release(&z);
    return rc < 0 ? -1 : 0;
}

/*
 * An archive's inner zip, kept in memory or in an unnamed temporary file
 * (bag_archive.c): opened with libzip from 'src' (taken over), checked.
 */
static int
check_kept(struct zcheck *z, zip_source_t *src, zip_error_t *ze,
           struct dsr_zip_index *idx, bool *have_idx)
{
    struct bag_verify *v = z->v;
    int rc = 0;

    *have_idx = false;
    if (src) {
        z->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, ze);
        if (!z->za)
            zip_source_free(src);
    }
    if (!z->za && zip_error_code_zip(ze) == ZIP_ER_MEMORY)
        rc = dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    else if (!z->za)
        rc = reported(bag_problem(v, z->rel, DSR_BAG_MALFORMED,
                                  _("cannot be opened as a zip: %s"),
                                  dsr_zip_error_text(ze)));
    else
        v->rep->zips++;
    zip_error_fini(ze);
    if (rc == 0)
        rc = check_opened(z);
    if (rc >= 0 && z->indexed && !z->encrypted) {
        /* the caller compares it with data/manifest.xml later */
        *idx = z->idx;
        memset(&z->idx, 0, sizeof(z->idx));
        *have_idx = true;
    }
    zcheck_release(z);
    return rc < 0 ? -1 : 0;
}

int
bag_check_zip_buffer(struct bag_verify *v, const char *rel, const void *data,
                     uint64_t len, struct dsr_zip_index *idx, bool *have_idx)
{
    struct zcheck z = {.v = v, .rel = rel, .index_pos = -1, .fd = -1,
                       .mem = data, .memlen = len};
    zip_error_t ze;

    zip_error_init(&ze);
    return check_kept(&z, zip_source_buffer_create(len ? data : "", len, 0, &ze),
                      &ze, idx, have_idx);
}

int
bag_check_zip_fd(struct bag_verify *v, const char *rel, int fd, uint64_t len,
                 struct dsr_zip_index *idx, bool *have_idx)
{
    struct zcheck z = {.v = v, .rel = rel, .index_pos = -1, .fd = dup(fd),
                       .fdlen = len};
    int own = dup(fd);
    FILE *f = own >= 0 ? fdopen(own, "rb") : NULL;
    zip_source_t *src = NULL;
    zip_error_t ze;

    zip_error_init(&ze);
    if (z.fd < 0 || !f) {
        int e = errno;

        if (own >= 0 && !f)
            close(own);
        if (f)
            fclose(f);
        zip_error_fini(&ze);
        zcheck_release(&z);
        return dsr_error_sys(v->err, e, rel, "cannot open the temporary file");
    }
    /* the FILE is the source's from here, closed with it; 'len' (> 0)
     * keeps an earlier, longer zip's tail out */
    src = zip_source_filep_create(f, 0, (zip_int64_t)len, &ze);
    if (!src)
        fclose(f);
    return check_kept(&z, src, &ze, idx, have_idx);
}

/* r22-query (extract): one zip alone, without the bag around it. */
int
bag_check_one_zip(int dirfd, const char *dir, const char *rel,
                  const volatile sig_atomic_t *cancel,
                  struct bag_calls *calls, struct dsr_bag_report *rep,
                  struct dsr_error *err)
{
    struct dsr_bag_verify_opts opts = {.jobs = 1, .cancel = cancel};
    struct bag_verify v = {.dirfd = dirfd, .dir = dir, .opts = &opts,
                           .rep = rep, .err = err, .calls = calls};

    return check_zip(&v, rel);
}

static bool
is_indicator_zip(const char *path)
{
    static const char dir[] = DSR_BUNDLE_ZIP_DIR "/";
    size_t n = strlen(path);

    return strncmp(path, dir, sizeof(dir) - 1) == 0 &&
           !strchr(path + sizeof(dir) - 1, '/') && n > 4 &&
           strcmp(path + n - 4, ".zip") == 0;
}

/* ---- r23-verify: each zip read once, for its entries and for the bag -- */

/* The zips of a bag's payload, checked while the bag hashes them. */
struct bag_zip_pass {
    struct bag_verify *v;
    const struct bag_list *data;
    struct dsr_bag_report *reps;    /* per file of 'data' */
    struct dsr_error *errs;
    bool *done;                     /* per file: checked here */
};

/*
 * check_zip() of the payload file 'f', hashed for the bag with every
 * algorithm f->need asks for through the same reads (zipread.h): its
 * digests, rc, got and sys_errno as bag_hash_file() leaves them.  A zip
 * libzip refuses is still hashed, by plain reads.  'h' watches the
 * hashing.  Returns 0, or -1 with v->err set.
 */
static int
check_zip_hashed(struct bag_verify *v, struct bag_file *f, struct bag_hashing *h)
{
    struct zcheck z = {.v = v, .rel = f->path, .index_pos = -1, .fd = -1};
    struct zread *rd = NULL;
    bool any = false;
    mode_t type = 0;
    zip_error_t ze;
    int rc = 0;

    for (int a = 0; a < DSR_HASH_COUNT; a++)
        any = any || f->need[a];
    z.fd = dsr_fio_open_regular(v->dirfd, f->path, &type);
    if (z.fd < 0) {
        int sys_errno = errno;

        zip_error_init(&ze);
        if (any) {
            /* as bag_hash_file() and hash_one() leave it */
            f->rc = 1;
            f->got = 0;
            f->sys_errno = sys_errno;
            if (type) {
                /* no longer regular: the bag reports it, the zips skip it */
                f->regular = false;
                f->type = type;
                zip_error_fini(&ze);
                return 0;
            }
        }
        rc = open_problem(&z, &ze, type, sys_errno);
        zip_error_fini(&ze);
        return rc < 0 ? -1 : 0;
    }
    rd = zread_new(z.fd, f->need, h, f->path, v->err);
    if (!rd) {
        close(z.fd);
        return -1;
    }
    z.za = zread_open(rd, &ze);
    if (z.za)
        v->rep->zips++;
    else
        rc = open_problem(&z, &ze, 0, 0);
    zip_error_fini(&ze);
    if (rc == 0)
        rc = check_opened(&z);
    if (rc >= 0 && any) {
        int hr = zread_finish(rd, f->digest, &f->got, &f->sys_errno, v->err);

        if (hr < 0)
            rc = -1;
        else
            f->rc = hr;
    }
    zcheck_release(&z);
    zread_free(rd);
    return rc < 0 ? -1 : 0;
}

/* bag_hashing's take(): an indicator zip, checked and hashed at once. */
static int
take_zip(void *ctx, struct bag_file *f, struct dsr_error *err)
{
    struct bag_zip_pass *zp = ctx;
    size_t k = (size_t)(f - zp->data->items);
    struct bag_verify local = {.dirfd = zp->v->dirfd, .dir = zp->v->dir,
                               .opts = zp->v->opts, .rep = &zp->reps[k],
                               .err = &zp->errs[k], .calls = zp->v->calls};

    if (!f->regular || !is_indicator_zip(f->path))
        return 0;
    zp->done[k] = true;
    if (check_zip_hashed(&local, f, &zp->v->h) < 0) {
        *err = zp->errs[k];
        return -1;
    }
    return 1;
}

int
bag_zip_pass_start(struct bag_verify *v, const struct bag_list *data)
{
    struct bag_zip_pass *zp = calloc(1, sizeof(*zp));
    size_t n = data->n ? data->n : 1;

    if (zp) {
        zp->reps = calloc(n, sizeof(*zp->reps));
        zp->errs = calloc(n, sizeof(*zp->errs));
        zp->done = calloc(n, sizeof(*zp->done));
    }
    if (!zp || !zp->reps || !zp->errs || !zp->done) {
        if (zp) {
            free(zp->reps);
            free(zp->errs);
            free(zp->done);
        }
        free(zp);
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    zp->v = v;
    zp->data = data;
    v->zp = zp;
    v->h.take = take_zip;
    v->h.take_ctx = zp;
    return 0;
}

void
bag_zip_pass_release(struct bag_verify *v)
{
    struct bag_zip_pass *zp = v->zp;

    if (!zp)
        return;
    for (size_t i = 0; i < zp->data->n; i++)
        dsr_bag_report_release(&zp->reps[i]);
    free(zp->reps);
    free(zp->errs);
    free(zp->done);
    free(zp);
    v->zp = NULL;
    v->h.take = NULL;
    v->h.take_ctx = NULL;
}

static void
check_one_zip(void *ctx, size_t i)
{
    struct zip_job *job = ctx;
    size_t k = bag_nth(job->order, i);
    const struct bag_file *f = &job->data->items[k];
    struct bag_verify local = {.dirfd = job->v->dirfd, .dir = job->v->dir,
                               .opts = job->v->opts, .rep = &job->reps[k],
                               .err = &job->errs[k], .calls = job->v->calls};

    if (f->regular && is_indicator_zip(f->path) && !(job->done && job->done[k]))
        check_zip(&local, f->path);
}

/*
 * Add the counts of the report 'z' of one zip to 'r', and its problems
 * too when 'items'; 'z' is released either way.
 */
int
bag_report_merge(struct dsr_bag_report *r, struct dsr_bag_report *z, bool items,
                 struct dsr_error *err)
{
    int ret = 0;

    r->zips += z->zips;
    r->entries += z->entries;
    r->encrypted += z->encrypted;
    if (items && z->n &&
        dsr_grow((void **)&r->items, sizeof(*r->items), &r->cap, r->n + z->n,
                 err) < 0)
        ret = -1;
    if (items && ret == 0 && z->n) {
        memcpy(&r->items[r->n], z->items, z->n * sizeof(*z->items));
        r->n += z->n;
        z->n = 0;
    }
    dsr_bag_report_release(z);
    return ret;
}

/*
 * Every data/indicators/NN.zip, on the cores: each zip's problems are
 * gathered apart, then added to the report in path order, so the report
 * does not depend on which thread finished first.
 */
int
bag_check_zips(struct bag_verify *v, const struct bag_list *data)
{
    struct zip_job job = {.v = v, .data = data};
    /* r23-verify: the zips the bag's hashing checked already */
    bool pass = v->zp && v->zp->data == data;
    int ret = 0;

    if (data->n == 0)
        return 0;
    if (pass) {
        job.reps = v->zp->reps;
        job.errs = v->zp->errs;
        job.done = v->zp->done;
    } else {
        job.reps = calloc(data->n, sizeof(*job.reps));
        job.errs = calloc(data->n, sizeof(*job.errs));
    }
    if (!job.reps || !job.errs) {
        free(job.reps);
        free(job.errs);
        return dsr_error_set(v->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    job.order = bag_largest_first(data);
    dsr_parallel(data->n, v->opts->jobs, check_one_zip, &job);
    free(job.order);
    for (size_t i = 0; i < data->n; i++) {
        if (job.errs[i].code != DSR_OK && ret == 0) {
            *v->err = job.errs[i];
            ret = -1;
        }
        if (bag_report_merge(v->rep, &job.reps[i], ret == 0, v->err) < 0)
            ret = -1;
    }
    if (!pass) {
        free(job.reps);
        free(job.errs);
    }
    return ret;
}
