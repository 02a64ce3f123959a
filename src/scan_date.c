/*
 * scan_date.c -- the date a document says it was made, for scan.
 *
 * A freshly copied file has the copy's modification time, which says
 * nothing about the document.  The document itself often says: a PDF in
 * its Info dictionary or XMP packet, an OOXML file (Word, Excel,
 * PowerPoint) in docProps/core.xml, an ODF file in meta.xml.  Everything
 * here reads untrusted bytes, so every read is bounded, nothing is
 * rendered (poppler never runs in this process: a PDF is only searched
 * as bytes) and XML is parsed with dsr_xml_parse() (no DOCTYPE, no
 * entities, no network).
 */
#define _GNU_SOURCE /* memmem */

#include "workspace_int.h"

#include "dossier/error.h"
#include "dossier/manifest.h"
#include "xml.h"
#include "zipindex.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

/*
 * 'year' is plausible for a document made with a computer: from 1990 to
 * next year (Word writes 1601-01-01 for "none"; a wrong clock, the far
 * future).
 */
static bool
plausible(const struct dsr_date *d)
{
    time_t now = time(NULL);
    struct tm tm;

    localtime_r(&now, &tm);
    return d->year >= 1990 && d->year <= tm.tm_year + 1900 + 1;
}

/* "YYYY-MM-DD" at 'p' (or "YYYYMMDD" when 'compact'), into 'out'. */
static bool
date_at(const char *p, size_t left, bool compact, char out[16])
{
    char s[11];
    struct dsr_date d;

    if (compact) {
        if (left < 8)
            return false;
        memcpy(s, p, 4);
        s[4] = '-';
        memcpy(s + 5, p + 4, 2);
        s[7] = '-';
        memcpy(s + 8, p + 6, 2);
    } else {
        if (left < 10)
            return false;
        memcpy(s, p, 10);
    }
    s[10] = '\0';
    if (dsr_date_parse(s, &d) < 0 || !plausible(&d))
        return false;
    memcpy(out, s, 11);
    return true;
}

/* ---- PDF ------------------------------------------------------------- */

/*
 * The last date after 'key' in 'len' bytes of 'buf': a PDF string
 * "(D:YYYYMMDD" (the "D:" optional) after /CreationDate or /ModDate, or
 * XMP's "YYYY-MM-DD" as element text or attribute value.
 */
static bool
pdf_find(const char *buf, size_t len, const char *key, bool xmp, char out[16])
{
    size_t klen = strlen(key);
    const char *p = buf, *end = buf + len;
    bool found = false;

    while ((p = memmem(p, (size_t)(end - p), key, klen)) != NULL) {
        const char *q = p + klen;
        int ws = 0;

        p = q;
        while (q < end && ws < 16 && strchr(" \t\r\n", *q) && *q) {
            q++;
            ws++;
        }
        if (q >= end)
            break;
        if (xmp) {
            /* <xmp:CreateDate>2023-...  or  xmp:CreateDate="2023-..." */
            if (*q == '>')
                q++;
            else if (*q == '=' && q + 1 < end && (q[1] == '"' || q[1] == '\''))
                q += 2;
            else
                continue;
            found |= date_at(q, (size_t)(end - q), false, out);
        } else {
            if (*q++ != '(')
                continue;
            if (end - q >= 2 && q[0] == 'D' && q[1] == ':')
                q += 2;
            found |= date_at(q, (size_t)(end - q), true, out);
        }
    }
    return found;
}

static bool
pdf_date(int fd, const struct stat *st, char out[16])
{
    static const struct {
        const char *key;
        bool xmp;
    } keys[] = {
        {"/CreationDate", false},
        {"xmp:CreateDate", true},
        {"/ModDate", false},
        {"xmp:ModifyDate", true},
    };
    size_t size = (size_t)st->st_size, head, tail = 0;
    char *buf;
    bool found = false;
    ssize_t r;

    /* the Info dictionary sits near one end or the other: both ends are
     * read, DSR_SCAN_PDF_WINDOW bytes each */
    head = size < DSR_SCAN_PDF_WINDOW ? size : DSR_SCAN_PDF_WINDOW;
    if (size > DSR_SCAN_PDF_WINDOW)
        tail = size - DSR_SCAN_PDF_WINDOW < DSR_SCAN_PDF_WINDOW
                   ? size - DSR_SCAN_PDF_WINDOW
                   : DSR_SCAN_PDF_WINDOW;
    buf = malloc(head + tail + 1);
    if (!buf)
        return false;
    r = pread(fd, buf, head, 0);
    if (r != (ssize_t)head)
        goto out;
    if (tail && pread(fd, buf + head, tail, (off_t)(size - tail)) != (ssize_t)tail)
        goto out;
    if (head < 5 || memcmp(buf, "%PDF-", 5) != 0)
        goto out;
    for (size_t i = 0; i < sizeof(keys) / sizeof(*keys) && !found; i++)
        found = pdf_find(buf, head + tail, keys[i].key, keys[i].xmp, out);
out:
    free(buf);
    return found;
}

/* ---- OOXML and ODF --------------------------------------------------- */

/* The first element 'ns':'name' below 'n', depth first, at most 'budget'
 * nodes visited. */
static xmlNode *
find_element(xmlNode *n, const char *ns, const char *name, size_t *budget)
{
    for (; n && *budget; n = n->next) {
        xmlNode *hit;

        (*budget)--;
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (n->ns && xmlStrEqual(n->ns->href, (const xmlChar *)ns) &&
            xmlStrEqual(n->name, (const xmlChar *)name))
            return n;
        if ((hit = find_element(n->children, ns, name, budget)) != NULL)
            return hit;
    }
    return NULL;
}

struct meta_key {
    const char *ns, *name;
};

/* The date of the first of 'keys' that 'xml' holds, in that order. */
static bool
meta_date(const char *xml, size_t len, const struct meta_key *keys, size_t nkeys,
          char out[16])
{
    struct dsr_xml_problems probs = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    xmlDocPtr doc = NULL;
    bool found = false;

    if (dsr_xml_parse(xml, len, "meta", &doc, &probs, &err) != DSR_XML_OK) {
        dsr_xml_problems_release(&probs);
        return false;
    }
    for (size_t i = 0; i < nkeys && !found; i++) {
        size_t budget = DSR_SCAN_META_NODES;
        xmlNode *n = find_element(xmlDocGetRootElement(doc), keys[i].ns,
                                  keys[i].name, &budget);
        xmlChar *text = n ? xmlNodeGetContent(n) : NULL;
        const char *t = (const char *)text;

        if (t) {
            while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
                t++;
            found = date_at(t, strlen(t), false, out);
        }
        xmlFree(text);
    }
    xmlFreeDoc(doc);
    dsr_xml_problems_release(&probs);
    return found;
}

static unsigned
le16(const unsigned char *p)
{
    return p[0] | (unsigned)p[1] << 8;
}

static unsigned long
le32(const unsigned char *p)
{
    return p[0] | (unsigned long)p[1] << 8 | (unsigned long)p[2] << 16 |
           (unsigned long)p[3] << 24;
}

/*
 * Whether the zip 'fd' ('size' bytes) has a central directory of at most
 * DSR_SCAN_ZIP_CD_MAX bytes: libzip reads all of it into memory, so a
 * crafted directory of millions of entries is refused before it opens.
 * A ZIP64 archive (over 4 GiB or 65,535 entries, never an office
 * document) is refused too.
 */
static bool
central_directory_small(int fd, off_t size)
{
    enum { EOCD = 22, TAIL = EOCD + 0xffff };
    size_t n = size < TAIL ? (size_t)size : TAIL;
    unsigned char *buf;
    bool small = false;

    if (n < EOCD || !(buf = malloc(n)))
        return false;
    if (pread(fd, buf, n, size - (off_t)n) != (ssize_t)n) {
        free(buf);
        return false;
    }
    /* the end of central directory record, the last one there (a
     * comment may follow it) */
    for (size_t i = n - EOCD + 1; i-- > 0;)
        if (memcmp(buf + i, "PK\5\6", 4) == 0) {
            unsigned entries = le16(buf + i + 10);
            unsigned long cd = le32(buf + i + 12);

            small = entries != 0xffff && cd != 0xffffffffUL &&
                    cd <= DSR_SCAN_ZIP_CD_MAX;
            break;
        }
    free(buf);
    return small;
}

/* The member 'name' of the zip 'fd', at most DSR_SCAN_META_MAX bytes. */
static char *
zip_member(int fd, const char *name, size_t *len)
{
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za;
    zip_int64_t idx;
    char *buf = NULL, why[256];
    uint64_t n = 0;
    FILE *fp;
    struct stat st;
    int dfd;

    if (fstat(fd, &st) < 0 || !central_directory_small(fd, st.st_size))
        return NULL;
    dfd = dup(fd);
    if (dfd < 0)
        return NULL;
    fp = fdopen(dfd, "rb");
    if (!fp) {
        close(dfd);
        return NULL;
    }
    zip_error_init(&ze);
    src = zip_source_filep_create(fp, 0, -1, &ze);
    if (!src) {
        fclose(fp);
        zip_error_fini(&ze);
        return NULL;
    }
    za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    zip_error_fini(&ze);
    if (!za) {
        zip_source_free(src);
        return NULL;
    }
    idx = zip_name_locate(za, name, 0);
    /* what the member's header claims is not trusted: the read stops one
     * byte past the limit */
    if (idx >= 0 && (dsr_zip_entry_read(za, (zip_uint64_t)idx,
                                        DSR_SCAN_META_MAX, NULL, &buf, -1, &n,
                                        why, sizeof(why)) < 0 ||
                     n == 0)) {
        free(buf);
        buf = NULL;
    }
    zip_discard(za);
    *len = buf ? (size_t)n : 0;
    return buf;
}

static bool
container_date(int fd, const char *member, const struct meta_key *keys,
               size_t nkeys, char out[16])
{
    size_t len = 0;
    char *xml = zip_member(fd, member, &len);
    bool found = xml && meta_date(xml, len, keys, nkeys, out);

    free(xml);
    return found;
}

/* ---- which kind ------------------------------------------------------ */

static bool
ext_in(const char *ext, const char *const *list)
{
    for (; *list; list++)
        if (strcasecmp(ext, *list) == 0)
            return true;
    return false;
}

bool
dsr_scan_document_date(int fd, const char *name, char out[16])
{
    static const char *const ooxml[] = {"docx", "docm", "dotx", "xlsx", "xlsm",
                                        "xltx", "pptx", "pptm", "ppsx", NULL};
    static const char *const odf[] = {"odt", "ods", "odp", "odg", "ott",
                                      "ots", "otp", NULL};
    static const struct meta_key core[] = {
        {"http://purl.org/dc/terms/", "created"},
        {"http://purl.org/dc/terms/", "modified"},
    };
    static const struct meta_key meta[] = {
        {"urn:oasis:names:tc:opendocument:xmlns:meta:1.0", "creation-date"},
        {"http://purl.org/dc/elements/1.1/", "date"},
    };
    const char *base = strrchr(name, '/');
    const char *ext;
    struct stat st;

    base = base ? base + 1 : name;
    ext = strrchr(base, '.');
    if (!ext || ext == base || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        return false;
    ext++;
    if (strcasecmp(ext, "pdf") == 0)
        return pdf_date(fd, &st, out);
    if (ext_in(ext, ooxml))
        return container_date(fd, "docProps/core.xml", core,
                              sizeof(core) / sizeof(*core), out);
    if (ext_in(ext, odf))
        return container_date(fd, "meta.xml", meta, sizeof(meta) / sizeof(*meta),
                              out);
    return false;
}
