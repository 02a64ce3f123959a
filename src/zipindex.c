/* zipindex.c -- index.xml in each indicator zip: writer, reader and parser. */
#include "zipindex.h"

#include "dossier/bag.h"
#include "dossier/buf.h"
#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/hash.h"
#include "dossier/manifest.h"
#include "fileio.h"
#include "internal.h"
#include "liberr.h"
#include "xml.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctype.h>
#include <inttypes.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* deflate cannot expand beyond about 1032:1; a larger claim is a lie */
#define MAX_RATIO 1100

/* ---- writing ------------------------------------------------------------ */

static void
set(xmlNodePtr node, const char *name, const char *value)
{
    xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)value);
}

/* The <entry> of 'it' under 'root'; -1 when out of memory. */
static int
add_entry(xmlNodePtr root, xmlNsPtr ns, const struct dsr_zip_item *it)
{
    const struct dsr_file_info *info = &it->file->info;
    xmlNodePtr node = xmlNewTextChild(root, ns, (const xmlChar *)"entry",
                                      (const xmlChar *)it->ev->title);
    char buf[64];

    if (!node)
        return -1;
    set(node, "name", it->name);
    set(node, "file", it->ev->file);
    if (it->ev->level != DSR_LEVEL_NONE) {
        snprintf(buf, sizeof(buf), "%ld", it->ev->level);
        set(node, "level", buf);
    }
    if (it->ev->date_text)
        set(node, "date", it->ev->date_text);
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)info->size);
    set(node, "size", buf);
    set(node, "media-type", info->mime);
    set(node, "sha256", info->sha256);
    return 0;
}

int
dsr_zip_index_write(const struct dsr_manifest *m, const char *indicator,
                    const struct dsr_zip_item *items, size_t n, char **out,
                    size_t *len)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlChar *xml = NULL;
    xmlNodePtr root;
    xmlNsPtr ns;
    int xlen = 0;
    int ret = -1;

    *out = NULL;
    *len = 0;
    if (!doc)
        return -1;
    root = xmlNewDocNode(doc, NULL, (const xmlChar *)"index", NULL);
    if (!root)
        goto out;
    xmlDocSetRootElement(doc, root);
    ns = xmlNewNs(root, (const xmlChar *)DSR_INDEX_NS, NULL);
    xmlSetNs(root, ns);
    set(root, "framework", m->framework);
    set(root, "year", m->year_text);
    set(root, "indicator", indicator);
    set(root, "instance", m->instance_name);
    for (size_t i = 0; i < n; i++)
        if (add_entry(root, ns, &items[i]) < 0)
            goto out;
    xmlDocDumpFormatMemoryEnc(doc, &xml, &xlen, "UTF-8", 1);
    /* a plain malloc'd copy: libzip frees its buffers with free() */
    *out = xml ? malloc((size_t)xlen) : NULL;
    if (!*out)
        goto out;
    memcpy(*out, xml, (size_t)xlen);
    *len = (size_t)xlen;
    ret = 0;
out:
    if (xml)
        xmlFree(xml);
    xmlFreeDoc(doc);
    return ret;
}

/* ---- parsing ------------------------------------------------------------ */

void
dsr_zip_index_release(struct dsr_zip_index *idx)
{
    if (!idx)
        return;
    free(idx->framework);
    free(idx->year);
    free(idx->indicator);
    free(idx->instance);
    for (size_t i = 0; i < idx->n; i++) {
        free(idx->entries[i].name);
        free(idx->entries[i].file);
        free(idx->entries[i].title);
        free(idx->entries[i].sha256);
    }
    free(idx->entries);
    free(idx->by_name);
    memset(idx, 0, sizeof(*idx));
}

_Static_assert(DSR_ZIP_INDEX_PATH_MAX == DSR_EVIDENCE_PATH_MAX,
               "an index.xml path is an evidence path");

zip_t *
dsr_zip_open_beneath(int dirfd, const char *rel, mode_t *type, int *sys_errno,
                     zip_error_t *ze)
{
    return dsr_zip_open_beneath_fd(dirfd, rel, type, sys_errno, ze, NULL);
}

zip_t *
dsr_zip_open_beneath_fd(int dirfd, const char *rel, mode_t *type,
                        int *sys_errno, zip_error_t *ze, int *copy)
{
    int zerr = 0;
    zip_t *za;
    int fd;

    *sys_errno = 0;
    zip_error_init(ze);
    fd = dsr_fio_open_regular(dirfd, rel, type);
    if (fd < 0) {
        *sys_errno = errno;
        return NULL;
    }
    if (copy) {
        *copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
        if (*copy < 0) {
            *sys_errno = errno;
            close(fd);
            return NULL;
        }
    }
    /* on success libzip owns 'fd' */
    za = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (za)
        return za;
    close(fd);
    if (copy) {
        close(*copy);
        *copy = -1;
    }
    zip_error_set(ze, zerr ? zerr : ZIP_ER_INTERNAL, 0);
    return NULL;
}

static bool
is_hex64(const char *s)
{
    size_t n = 0;

    for (; s[n]; n++)
        if (!isxdigit((unsigned char)s[n]) || isupper((unsigned char)s[n]))
            return false;
    return n == 64;
}

static bool
parse_u64(const char *s, uint64_t *v)
{
    uint64_t x = 0;

    if (!*s)
        return false;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s) || x > (UINT64_MAX - 9) / 10)
            return false;
        x = x * 10 + (uint64_t)(*s - '0');
    }
    *v = x;
    return true;
}

static bool
in_index_ns(const xmlNode *n)
{
    return n->ns && xmlStrEqual(n->ns->href, (const xmlChar *)DSR_INDEX_NS);
}

/* The <entry> 'n' appended to 'idx'; -1 with 'err' set. */
static int
parse_entry(const xmlNode *n, const char *path, struct dsr_zip_index *idx,
            struct dsr_error *err)
{
    struct dsr_index_entry *e;
    char *size = NULL, *level = NULL;
    bool ok;

    if (!dsr_xml_is(n, "entry") || !in_index_ns(n))
        return dsr_error_set(err, DSR_INPUT, path, dsr_xml_line(n),
                             "unexpected element <%s>", (const char *)n->name);
    if (idx->n >= DSR_ZIP_INDEX_MAX_ENTRIES)
        return dsr_error_set(err, DSR_INPUT, path, dsr_xml_line(n),
                             _("more than %d entries"),
                             DSR_ZIP_INDEX_MAX_ENTRIES);
    if (dsr_grow((void **)&idx->entries, sizeof(*idx->entries), &idx->cap,
                 idx->n + 1, err) < 0)
        return -1;
    e = &idx->entries[idx->n++];
    memset(e, 0, sizeof(*e));
    e->line = dsr_xml_line(n);
    e->name = dsr_xml_attr(n, "name");
    e->file = dsr_xml_attr(n, "file");
    e->sha256 = dsr_xml_attr(n, "sha256");
    e->title = dsr_xml_text(n);
    size = dsr_xml_attr(n, "size");
    level = dsr_xml_attr(n, "level");
    ok = e->name && e->file && e->sha256 && e->title && size &&
         is_hex64(e->sha256) && parse_u64(size, &e->size) && *e->name;
    if (ok && level) {
        ok = strlen(level) == 1 && level[0] >= '1' && level[0] <= '5';
        e->level = ok ? level[0] - '0' : 0;
    }
    free(size);
    free(level);
    if (!ok)
        return dsr_error_set(err, DSR_INPUT, path, dsr_xml_line(n),
                             "an <entry> lacks name, file, size or sha256, or "
                             "one is malformed");
    if (strlen(e->name) > DSR_ZIP_INDEX_PATH_MAX ||
        strlen(e->file) > DSR_ZIP_INDEX_PATH_MAX ||
        strlen(e->title) > DSR_ZIP_INDEX_TITLE_MAX)
        return dsr_error_set(err, DSR_INPUT, path, dsr_xml_line(n),
                             _("an <entry> whose name or file is longer than "
                               "%d bytes, or whose title is longer than %d "
                               "bytes, which no manifest allows"),
                             DSR_ZIP_INDEX_PATH_MAX, DSR_ZIP_INDEX_TITLE_MAX);
    return 0;
}

static int
cmp_entry_name(const void *a, const void *b)
{
    const struct dsr_index_entry *const *x = a;
    const struct dsr_index_entry *const *y = b;

    return strcmp((*x)->name, (*y)->name);
}

/*
 * idx->by_name, and a name listed twice found by sorting it (n log n),
 * not pairwise: the later of the two lines is named.
 */
static int
check_unique(struct dsr_zip_index *idx, const char *path,
             struct dsr_error *err)
{
    struct dsr_index_entry **dup;

    idx->by_name = malloc((idx->n ? idx->n : 1) * sizeof(*idx->by_name));
    if (!idx->by_name)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < idx->n; i++)
        idx->by_name[i] = &idx->entries[i];
    dup = dsr_find_duplicate(idx->by_name, idx->n, sizeof(*idx->by_name),
                             cmp_entry_name);
    if (!dup)
        return 0;
    return dsr_error_set(err, DSR_INPUT, path,
                         dup[0]->line > dup[-1]->line ? dup[0]->line
                                                      : dup[-1]->line,
                         _("entry '%s' is listed twice"), dup[0]->name);
}

struct dsr_index_entry *
dsr_zip_index_find(const struct dsr_zip_index *idx, const char *name)
{
    struct dsr_index_entry key = {.name = (char *)(uintptr_t)name};
    const struct dsr_index_entry *kp = &key;
    struct dsr_index_entry **hit;

    if (!idx->by_name || idx->n == 0)
        return NULL;
    hit = bsearch(&kp, idx->by_name, idx->n, sizeof(*idx->by_name),
                  cmp_entry_name);
    return hit ? *hit : NULL;
}

/* The root <index> 'root' and its entries into 'idx'; -1 with 'err' set. */
static int
parse_root(const xmlNode *root, const char *path, struct dsr_zip_index *idx,
           struct dsr_error *err)
{
    if (!dsr_xml_is(root, "index") || !in_index_ns(root))
        return dsr_error_set(err, DSR_INPUT, path, root ? dsr_xml_line(root) : 0,
                             "the root is not <index> in %s", DSR_INDEX_NS);
    idx->framework = dsr_xml_attr(root, "framework");
    idx->year = dsr_xml_attr(root, "year");
    idx->indicator = dsr_xml_attr(root, "indicator");
    idx->instance = dsr_xml_attr(root, "instance");
    if (!idx->framework || !idx->year || !idx->indicator)
        return dsr_error_set(err, DSR_INPUT, path, dsr_xml_line(root),
                             "<index> lacks framework, year or indicator");
    for (const xmlNode *n = root->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && parse_entry(n, path, idx, err) < 0)
            return -1;
    return check_unique(idx, path, err);
}

int
dsr_zip_index_parse(const char *buf, size_t len, const char *path,
                    struct dsr_zip_index *idx, struct dsr_error *err)
{
    struct dsr_xml_problems problems = {0};
    xmlDocPtr doc = NULL;
    enum dsr_xml_status st;
    int ret = -1;

    memset(idx, 0, sizeof(*idx));
    if (len > DSR_BAG_INDEX_LIMIT)
        return dsr_error_set(err, DSR_INPUT, path, 0, "larger than the %zu MiB limit",
                             DSR_BAG_INDEX_LIMIT >> 20);
    st = dsr_xml_parse(buf, len, path, &doc, &problems, err);
    if (st == DSR_XML_FAILED)
        goto out;
    if (st != DSR_XML_OK) {
        dsr_error_set(err, DSR_INPUT, path, problems.n ? problems.items[0].line : 0,
                      "%s", st == DSR_XML_DOCTYPE ? "a DOCTYPE; refused"
                            : problems.n      ? problems.items[0].msg
                                              : "not well-formed XML");
        goto out;
    }
    ret = parse_root(xmlDocGetRootElement(doc), path, idx, err);
out:
    if (doc)
        xmlFreeDoc(doc);
    dsr_xml_problems_release(&problems);
    return ret;
}

/* ---- reading out of a zip ----------------------------------------------- */

bool
dsr_zip_stat_absurd(const zip_stat_t *st)
{
    if (!(st->valid & ZIP_STAT_SIZE) || !(st->valid & ZIP_STAT_COMP_SIZE))
        return true;
    if (st->size <= (1u << 20))
        return false;
    return st->comp_size == 0 || st->size / st->comp_size > MAX_RATIO;
}

int
dsr_zip_entry_read(zip_t *za, zip_uint64_t i, uint64_t limit,
                   struct dsr_hash *h, char **keep, int out, uint64_t *got,
                   char *why, size_t whysize)
{
    zip_file_t *zf = zip_fopen_index(za, i, 0);
    char chunk[65536];
    struct dsr_buf b;
    struct dsr_error e = DSR_ERROR_INIT;
    int ret = -1;

    dsr_buf_init(&b, DSR_BAG_INDEX_LIMIT + 1);
    *got = 0;
    if (!zf) {
        snprintf(why, whysize, _("cannot open: %s"), dsr_zip_strerror(za));
        return -1;
    }
    for (;;) {
        zip_int64_t n = zip_fread(zf, chunk, sizeof(chunk));

        if (n < 0) {
            snprintf(why, whysize, _("cannot read: %s"), dsr_zip_file_strerror(zf));
            goto out;
        }
        if (n == 0)
            break;
        *got += (uint64_t)n;
        if (*got > limit) {
            snprintf(why, whysize, _("holds more than the %" PRIu64
                     " bytes declared"), limit);
            goto out;
        }
        if (h && dsr_hash_update(h, chunk, (size_t)n, &e) < 0) {
            snprintf(why, whysize, "%s", _("out of memory"));
            goto out;
        }
        if (keep && dsr_buf_add(&b, chunk, (size_t)n, &e) < 0) {
            snprintf(why, whysize, _("larger than %zu MiB"), DSR_BAG_INDEX_LIMIT >> 20);
            goto out;
        }
        if (out >= 0 && dsr_fio_write_all(out, chunk, (size_t)n, NULL) < 0) {
            int saved = errno;

            dsr_buf_release(&b);
            zip_fclose(zf);
            errno = saved;
            return -2;
        }
    }
    if (keep) {
        *keep = b.len ? dsr_buf_detach(&b) : strdup("");
        if (!*keep) {
            snprintf(why, whysize, "%s", _("out of memory"));
            goto out;
        }
    }
    ret = 0;
out:
    dsr_buf_release(&b);
    zip_fclose(zf);
    return ret;
}

enum dsr_zip_index_status
dsr_zip_index_read(zip_t *za, const char *where, struct dsr_zip_index *idx,
                   zip_int64_t *pos, char *why, size_t whysize,
                   struct dsr_error *err)
{
    enum dsr_zip_index_status ret;
    zip_stat_t st;
    char *xml = NULL;
    uint64_t got = 0;

    memset(idx, 0, sizeof(*idx));
    why[0] = '\0';
    *pos = zip_name_locate(za, DSR_INDEX_NAME, 0);
    if (*pos < 0)
        return DSR_ZIDX_ABSENT;
    if (zip_stat_index(za, (zip_uint64_t)*pos, 0, &st) < 0) {
        snprintf(why, whysize, "%s", dsr_zip_strerror(za));
        return DSR_ZIDX_NO_STAT;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
        st.encryption_method != ZIP_EM_NONE)
        return DSR_ZIDX_ENCRYPTED;
    if (dsr_zip_stat_absurd(&st) || st.size > DSR_BAG_INDEX_LIMIT) {
        snprintf(why, whysize, _("declares %llu bytes; refused"),
                 (unsigned long long)st.size);
        return DSR_ZIDX_REFUSED;
    }
    if (dsr_zip_entry_read(za, (zip_uint64_t)*pos, st.size, NULL, &xml, -1, &got,
                           why, whysize) < 0)
        return DSR_ZIDX_UNREADABLE;
    ret = DSR_ZIDX_UNREADABLE;
    if (got != st.size)
        snprintf(why, whysize, _("holds fewer than the %llu bytes declared"),
                 (unsigned long long)st.size);
    else if (dsr_zip_index_parse(xml, (size_t)got, where, idx, err) < 0)
        ret = DSR_ZIDX_INVALID;
    else
        ret = DSR_ZIDX_OK;
    free(xml);
    return ret;
}
