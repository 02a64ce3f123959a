/*
 * manifest_text.c -- the manifest as text people wrote: where its
 * elements are (libxml2's SAX parser gives byte offsets), which
 * encodings can take new text, how new text is written in the file's own
 * line ending and encoding, and the write that keeps a numbered backup.
 * scan (scan_splice.c) and the editor (manifest_edit.c) both build on it.
 */
#include "manifest_text.h"

#include "dossier/buf.h"
#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/format.h"
#include "dossier/manifest.h"
#include "dossier/workspace.h"
#include "internal.h"
#include "workspace_int.h"
#include "xml.h"

#include <errno.h>
#include <limits.h>
#include <iconv.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlmemory.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- where the elements are ------------------------------------------ */

#define MT_DEPTH 3              /* the root, its children, theirs */

struct sax_state {
    xmlParserCtxtPtr ctxt;
    const char *data;
    size_t len;
    int depth;
    size_t open[MT_DEPTH];      /* the open elements' indices by depth */
    struct dsr_mt_doc *doc;
    struct dsr_buf text;        /* of the open depth-3 element */
    bool failed;
};

static bool
manifest_ns(const xmlChar *uri)
{
    return uri && xmlStrEqual(uri, (const xmlChar *)"urn:dossier:manifest:1");
}

/* Byte offset of the last '<' before the parser's position. */
static size_t
tag_start(struct sax_state *st)
{
    long pos = xmlByteConsumed(st->ctxt);

    /* libxml2 cannot say where it is in the bytes (an encoding it cannot
     * count back): no offset is to be trusted */
    if (pos < 0 || (size_t)pos > st->len) {
        st->failed = true;
        pos = 0;
    }
    while (pos > 0 && st->data[pos - 1] != '<')
        pos--;
    if (pos <= 0)
        st->failed = true;
    return pos > 0 ? (size_t)pos - 1 : 0;
}

static int
copy_attrs(struct dsr_mt_el *el, int nb, const xmlChar **attributes)
{
    if (nb <= 0)
        return 0;
    el->attrs = calloc((size_t)nb, sizeof(*el->attrs));
    if (!el->attrs)
        return -1;
    /* attributes come as (localname, prefix, URI, value, end) */
    for (int i = 0; i < nb; i++) {
        const xmlChar **a = attributes + 5 * i;
        struct dsr_mt_attr *at = &el->attrs[el->nattrs++];
        size_t len = (size_t)(a[4] - a[3]);
        size_t nl = strlen((const char *)a[0]) +
                    (a[1] ? strlen((const char *)a[1]) + 1 : 0) + 1;

        at->name = malloc(nl);
        at->value = malloc(len + 1);
        if (!at->name || !at->value)
            return -1;
        snprintf(at->name, nl, "%s%s%s", a[1] ? (const char *)a[1] : "",
                 a[1] ? ":" : "", (const char *)a[0]);
        memcpy(at->value, a[3], len);
        at->value[len] = '\0';
    }
    return 0;
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct sax_state *st = ctx;
    struct dsr_mt_doc *doc = st->doc;
    struct dsr_mt_el *el;
    char mine[sizeof(doc->pfx)];
    long pos;

    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    st->depth++;
    if (st->depth > MT_DEPTH || st->failed)
        return;
    snprintf(mine, sizeof(mine), "%s%s", prefix ? (const char *)prefix : "",
             prefix ? ":" : "");
    /* new elements take the manifest's own prefix (<m:dossier xmlns:m=...>) */
    if (st->depth == 1 && prefix &&
        snprintf(doc->pfx, sizeof(doc->pfx), "%s:", (const char *)prefix) >=
            (int)sizeof(doc->pfx))
        st->failed = true;
    /* a manifest element under another prefix than the root's: unsafe */
    if (st->depth > 1 && manifest_ns(uri) && strcmp(mine, doc->pfx) != 0)
        st->failed = true;
    if (dsr_grow((void **)&doc->els, sizeof(*doc->els), &doc->cap, doc->n + 1,
                 NULL) < 0) {
        st->failed = true;
        return;
    }
    el = &doc->els[doc->n];
    memset(el, 0, sizeof(*el));
    el->depth = st->depth;
    el->parent = st->depth > 1 ? st->open[st->depth - 2] : DSR_MT_NONE;
    if (manifest_ns(uri) && xmlStrlen(localname) < (int)sizeof(el->name))
        snprintf(el->name, sizeof(el->name), "%s", (const char *)localname);
    el->start = tag_start(st);
    /* libxml2 calls back before it reads the tag's closing '>' or "/>" */
    pos = xmlByteConsumed(st->ctxt);
    while (pos >= 0 && (size_t)pos < st->len && st->data[pos] != '>')
        pos++;
    if (pos <= 0 || (size_t)pos >= st->len) {
        st->failed = true;
    } else {
        el->stag_end = (size_t)pos + 1;
        el->empty = st->data[pos - 1] == '/';
    }
    st->open[st->depth - 1] = doc->n++;
    if (el->name[0] && copy_attrs(el, nb_attributes, attributes) < 0)
        st->failed = true;
    if (st->depth == MT_DEPTH)
        dsr_buf_reset(&st->text);
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
       const xmlChar *uri)
{
    struct sax_state *st = ctx;
    struct dsr_mt_el *el;
    long pos;

    (void)localname;
    (void)prefix;
    (void)uri;
    st->depth--;
    if (st->depth >= MT_DEPTH || st->failed)
        return;
    el = &st->doc->els[st->open[st->depth]];
    pos = xmlByteConsumed(st->ctxt);
    if (pos < 2 || (size_t)pos > st->len) {
        st->failed = true;
        return;
    }
    if (el->empty) {
        el->end = el->stag_end;
    } else {
        el->end = (size_t)pos;
        el->end_tag = tag_start(st);
    }
    if (st->depth == MT_DEPTH - 1 && el->name[0]) {
        el->text = strdup(dsr_buf_str(&st->text));
        if (!el->text)
            st->failed = true;
    }
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
    struct sax_state *st = ctx;

    if (st->depth == MT_DEPTH && !st->failed &&
        dsr_buf_add(&st->text, ch, (size_t)len, NULL) < 0)
        st->failed = true;
}

static void
quiet(void *ctx, dsr_xml_error_ptr e)
{
    (void)ctx;
    (void)e;
}

/*
 * 'len' bytes of 'data' in the single-byte encoding 'enc', converted to
 * UTF-8 in '*out' (caller frees).  Returns 0, or -1 with 'err' set
 * (DSR_INPUT when a byte is not a character of 'enc').
 */
static int
to_utf8(const char *data, size_t len, const char *enc, char **out,
        size_t *outlen, struct dsr_error *err)
{
    iconv_t cd = iconv_open("UTF-8", enc);
    char *in = (char *)data, *o;
    size_t inleft = len, cap, oleft;

    if (cd == (iconv_t)-1)
        return dsr_error_set(err, DSR_INPUT, NULL, 0,
                             _("cannot convert from the encoding '%s'"), enc);
    /* a character of a single-byte encoding is at most 3 bytes in UTF-8 */
    cap = 3 * len + 1;
    *out = o = malloc(cap);
    if (!o) {
        iconv_close(cd);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    oleft = cap - 1;
    if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
        iconv_close(cd);
        free(*out);
        *out = NULL;
        return dsr_error_set(err, DSR_INPUT, NULL, (unsigned long)0,
                             _("byte %zu is not a character of '%s'"),
                             len - inleft, enc);
    }
    iconv_close(cd);
    *o = '\0';
    *outlen = (size_t)(o - *out);
    return 0;
}

static int
cmp_offset_ptr(const void *a, const void *b)
{
    size_t x = **(size_t *const *)a, y = **(size_t *const *)b;

    return (x > y) - (x < y);
}

/*
 * Turn the offsets in 'doc', found in 'u8' (the UTF-8 conversion of a
 * text in a single-byte encoding), into offsets in that text: there, one
 * byte is one character, so an offset is the number of characters before
 * it.  One pass over 'u8'.  Returns 0, or -1 with 'err' set.
 */
static int
offsets_to_single_byte(struct dsr_mt_doc *doc, const char *u8,
                       struct dsr_error *err)
{
    size_t **offs = calloc(4 * doc->n + 1, sizeof(*offs));
    size_t n = 0, pos = 0, chars = 0;

    if (!offs)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    for (size_t i = 0; i < doc->n; i++) {
        offs[n++] = &doc->els[i].start;
        offs[n++] = &doc->els[i].stag_end;
        offs[n++] = &doc->els[i].end;
        if (!doc->els[i].empty)
            offs[n++] = &doc->els[i].end_tag;
    }
    if (n)
        qsort(offs, n, sizeof(*offs), cmp_offset_ptr);
    for (size_t i = 0; i < n; i++) {
        size_t target = *offs[i];

        for (; pos < target; pos++)
            chars += ((unsigned char)u8[pos] & 0xc0) != 0x80;
        *offs[i] = chars;
    }
    free(offs);
    return 0;
}

int
dsr_mt_locate(const char *data, size_t len, const char *single_byte,
              struct dsr_mt_doc *doc, struct dsr_error *err)
{
    struct sax_state st;
    xmlSAXHandler *sax;
    xmlParserCtxtPtr ctxt = NULL;
    char *u8 = NULL;
    size_t u8len = 0, line = 1, at = 0;
    const char *text = data;
    size_t tlen = len;
    int ok;

    memset(doc, 0, sizeof(*doc));
    memset(&st, 0, sizeof(st));
    {
        const char *nl = memchr(data, '\n', len);

        doc->crlf = nl && nl > data && nl[-1] == '\r';
    }
    /*
     * In a single-byte encoding, libxml2 would have to convert the rest
     * of the text back for each offset (and 2.9 miscounts past 32000
     * bytes): the tags are found in a UTF-8 copy instead, and their
     * offsets counted back in characters, which are bytes there.
     */
    if (single_byte) {
        if (to_utf8(data, len, single_byte, &u8, &u8len, err) < 0)
            return -1;
        text = u8;
        tlen = u8len;
    }
    if (tlen > INT_MAX) {
        free(u8);
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                             "cannot locate the elements of the manifest");
    }
    st.data = text;
    st.len = tlen;
    st.doc = doc;
    ctxt = xmlCreateMemoryParserCtxt(text, (int)tlen);
    sax = xmlMalloc(sizeof(*sax));
    if (!ctxt || !sax) {
        xmlFree(sax);
        if (ctxt)
            xmlFreeParserCtxt(ctxt);
        free(u8);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    memset(sax, 0, sizeof(*sax));
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->characters = on_text;
    sax->cdataBlock = on_text;
    sax->serror = quiet;
    xmlFree(ctxt->sax);
    ctxt->sax = sax;
    ctxt->userData = &st;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
                                (single_byte ? XML_PARSE_IGNORE_ENC : 0));
    st.ctxt = ctxt;
    xmlParseDocument(ctxt);
    ok = ctxt->wellFormed && !st.failed && doc->n > 0;
    xmlFreeParserCtxt(ctxt);
    dsr_buf_release(&st.text);
    if (ok && single_byte && offsets_to_single_byte(doc, u8, err) < 0) {
        free(u8);
        return -1;
    }
    free(u8);
    if (!ok)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                             "cannot locate the elements of the manifest");
    /* the elements are in document order: one pass counts their lines */
    for (size_t i = 0; i < doc->n; i++) {
        for (; at < doc->els[i].start && at < len; at++)
            line += data[at] == '\n';
        doc->els[i].line = line;
    }
    return 0;
}

void
dsr_mt_doc_release(struct dsr_mt_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n; i++) {
        for (size_t k = 0; k < doc->els[i].nattrs; k++) {
            free(doc->els[i].attrs[k].name);
            free(doc->els[i].attrs[k].value);
        }
        free(doc->els[i].attrs);
        free(doc->els[i].text);
    }
    free(doc->els);
    memset(doc, 0, sizeof(*doc));
}

const char *
dsr_mt_attr(const struct dsr_mt_el *el, const char *name)
{
    for (size_t i = 0; i < el->nattrs; i++)
        if (el->attrs[i].name && strcmp(el->attrs[i].name, name) == 0)
            return el->attrs[i].value;
    return NULL;
}

size_t
dsr_mt_child(const struct dsr_mt_doc *doc, size_t parent, const char *name,
             size_t from)
{
    for (size_t i = from; i < doc->n; i++)
        if (doc->els[i].parent == parent && strcmp(doc->els[i].name, name) == 0)
            return i;
    return DSR_MT_NONE;
}

/* ---- new text ---------------------------------------------------------- */

static bool
space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Only ASCII bytes delimit, so this holds in UTF-8 and in the
 * ASCII-compatible single-byte encodings alike.
 */
bool
dsr_mt_attr_span(const char *data, size_t start, size_t stop,
                 const char *name, size_t *nstart, size_t *vstart,
                 size_t *vlen)
{
    size_t i = start + 1, nlen = strlen(name);

    while (i < stop && !space(data[i]) && data[i] != '>' && data[i] != '/')
        i++;
    for (;;) {
        size_t ns, ne, vs;
        char q;

        while (i < stop && space(data[i]))
            i++;
        if (i >= stop || data[i] == '>' || data[i] == '/')
            return false;
        ns = i;
        while (i < stop && !space(data[i]) && data[i] != '=')
            i++;
        ne = i;
        while (i < stop && space(data[i]))
            i++;
        if (i >= stop || data[i] != '=')
            return false;
        i++;
        while (i < stop && space(data[i]))
            i++;
        if (i >= stop || (data[i] != '"' && data[i] != '\''))
            return false;
        q = data[i++];
        vs = i;
        while (i < stop && data[i] != q)
            i++;
        if (i >= stop)
            return false;
        if (ne - ns == nlen && memcmp(data + ns, name, nlen) == 0) {
            if (nstart)
                *nstart = ns;
            *vstart = vs;
            *vlen = i - vs;
            return true;
        }
        i++;
    }
}

void
dsr_mt_indent_at(const char *data, size_t at, char *out, size_t size,
                 const char *fallback)
{
    size_t b = at;

    while (b > 0 && (data[b - 1] == ' ' || data[b - 1] == '\t'))
        b--;
    if ((b == 0 || data[b - 1] == '\n') && at - b < size) {
        memcpy(out, data + b, at - b);
        out[at - b] = '\0';
    } else {
        snprintf(out, size, "%s", fallback);
    }
}

void
dsr_mt_line_span(const char *data, size_t len, size_t start, size_t end,
                 size_t *at, size_t *cut)
{
    size_t a = start, b = end;

    while (a > 0 && (data[a - 1] == ' ' || data[a - 1] == '\t'))
        a--;
    while (b < len && (data[b] == ' ' || data[b] == '\t'))
        b++;
    if (b + 1 < len && data[b] == '\r' && data[b + 1] == '\n')
        b++;
    if ((a == 0 || data[a - 1] == '\n') && b < len && data[b] == '\n') {
        *at = a;
        *cut = b + 1 - a;
    } else {
        *at = start;
        *cut = end - start;
    }
}

/* Where a line above 'at' starts, past comment lines right above it. */
static long
catalog_index(const struct dsr_catalog *cat, const char *id)
{
    for (size_t i = 0; i < cat->nindicators; i++)
        if (id && strcmp(cat->indicators[i].id, id) == 0)
            return (long)i;
    return -1;
}

static size_t
above_comments(const char *d, size_t at)
{
    for (;;) {
        size_t ls = at, e, s;

        while (ls > 0 && (d[ls - 1] == ' ' || d[ls - 1] == '\t'))
            ls--;
        if (ls > 0 && d[ls - 1] != '\n')
            return at;
        at = ls;
        if (ls == 0)
            return at;
        e = ls - 1;             /* the '\n' ending the line above */
        if (e > 0 && d[e - 1] == '\r')
            e--;
        while (e > 0 && (d[e - 1] == ' ' || d[e - 1] == '\t'))
            e--;
        if (e < 3 || memcmp(d + e - 3, "-->", 3) != 0)
            return at;
        s = e - 3;
        while (s > 0 && d[s - 1] != '\n')
            s--;
        while (d[s] == ' ' || d[s] == '\t')
            s++;
        if (strncmp(d + s, "<!--", 4) != 0)
            return at;
        at = s;
    }
}

int
dsr_mt_indicator_place(const char *data, const struct dsr_mt_doc *doc,
                       const struct dsr_catalog *cat, const char *id,
                       const char *indent, const char *elem, size_t *at,
                       struct dsr_buf *out, struct dsr_error *err)
{
    long want = catalog_index(cat, id), best = -1;
    size_t pred = DSR_MT_NONE, first = DSR_MT_NONE;

    for (size_t i = 1; i < doc->n; i++) {
        const struct dsr_mt_el *e = &doc->els[i];
        long k;

        if (e->depth != 2 || strcmp(e->name, "indicator") != 0)
            continue;
        if (first == DSR_MT_NONE)
            first = i;
        k = catalog_index(cat, dsr_mt_attr(e, "id"));
        if (k >= 0 && k < want && k >= best) {
            best = k;
            pred = i;
        }
    }
    if (pred != DSR_MT_NONE) {
        *at = doc->els[pred].end;
        return dsr_buf_addf(out, err, "\n\n%s%s", indent, elem);
    }
    if (first != DSR_MT_NONE) {
        *at = above_comments(data, doc->els[first].start);
        return dsr_buf_addf(out, err, "%s%s\n\n", indent, elem);
    }
    {
        bool own_line;

        *at = dsr_mt_before_end_tag(data, doc->els[0].end_tag, &own_line);
        return dsr_buf_addf(out, err, "%s\n%s%s\n", own_line ? "" : "\n",
                            indent, elem);
    }
}

int
dsr_mt_indicator_text(struct dsr_buf *b, const char *id, const char *name,
                      const char *indent, const char *pfx,
                      struct dsr_error *err)
{
    if (dsr_buf_addf(b, err, "<!-- %s. ", id) < 0 ||
        dsr_ws_add_comment_text(b, name, err) < 0 ||
        dsr_buf_addf(b, err, " -->\n%s<%sindicator id=\"", indent, pfx) < 0 ||
        dsr_ws_add_escaped(b, id, err) < 0 ||
        dsr_buf_adds(b, "\"", err) < 0)
        return -1;
    return 0;
}

size_t
dsr_mt_before_end_tag(const char *data, size_t tag, bool *own_line)
{
    size_t b = tag;

    while (b > 0 && (data[b - 1] == ' ' || data[b - 1] == '\t'))
        b--;
    *own_line = b == 0 || data[b - 1] == '\n';
    return *own_line ? b : tag;
}

int
dsr_mt_add_attr_escaped(struct dsr_buf *b, const char *s,
                        struct dsr_error *err)
{
    for (; *s; s++) {
        const char *e = NULL;
        char one[8];

        switch (*s) {
        case '&': e = "&amp;"; break;
        case '<': e = "&lt;"; break;
        case '>': e = "&gt;"; break;
        case '"': e = "&quot;"; break;
        case '\'': e = "&apos;"; break;
        case '\t': case '\n': case '\r':
            snprintf(one, sizeof(one), "&#%d;", *s);
            e = one;
            break;
        default:
            break;
        }
        if ((e ? dsr_buf_adds(b, e, err) : dsr_buf_add(b, s, 1, err)) < 0)
            return -1;
    }
    return 0;
}

/*
 * Append the UTF-8 text 'p' ('len' bytes) in ASCII: every other character
 * as a character reference, which means the same in any encoding whose
 * ASCII bytes are ASCII.  In a comment it stays visible as "&#xE9;"
 * rather than decoded, which is harmless.  A byte that starts no valid
 * sequence (none does: names and the catalog are checked UTF-8) is '?'.
 */
static int
add_ascii(struct dsr_buf *b, const char *p, size_t len, struct dsr_error *err)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0;

    while (i < len) {
        size_t run = i, n;
        unsigned cp;

        while (run < len && u[run] < 0x80)
            run++;
        if (run > i && dsr_buf_add(b, p + i, run - i, err) < 0)
            return -1;
        i = run;
        if (i == len)
            break;
        n = dsr_utf8_next(u + i, len - i, &cp);
        if (n == 0) {
            if (dsr_buf_adds(b, "?", err) < 0)
                return -1;
            i++;
            continue;
        }
        if (dsr_buf_addf(b, err, "&#x%X;", cp) < 0)
            return -1;
        i += n;
    }
    return 0;
}

int
dsr_mt_add_new_text(struct dsr_buf *b, const char *p, size_t len, bool ascii,
                    bool crlf, struct dsr_error *err)
{
    while (len) {
        const char *nl = crlf ? memchr(p, '\n', len) : NULL;
        size_t seg = nl ? (size_t)(nl - p) : len;
        bool has_cr = nl && seg > 0 && p[seg - 1] == '\r';

        if ((ascii ? add_ascii(b, p, seg, err)
                   : dsr_buf_add(b, p, seg, err)) < 0)
            return -1;
        if (nl && dsr_buf_adds(b, has_cr ? "\n" : "\r\n", err) < 0)
            return -1;
        seg += nl ? 1 : 0;
        p += seg;
        len -= seg;
    }
    return 0;
}

/* ---- the manifest's encoding ------------------------------------------ */

/*
 * scan and set splice new text into the manifest's bytes, so the new text must be
 * in the manifest's own encoding.  It is for UTF-8, and for the
 * single-byte encodings below when the new text is pure ASCII (every
 * other character as a character reference): ASCII means the same there.
 * Anything else (UTF-16, UTF-32, EBCDIC, multi-byte Asian encodings) is
 * refused with a way to convert it.
 */

#define DECL_SCAN_MAX 1024      /* bytes in which an XML declaration ends */

/* The encoding the XML declaration at 'p' names, in 'out'; false if none. */
static bool
declared_encoding(const char *p, size_t len, char *out, size_t size)
{
    const char *end, *e;
    char quote;
    size_t n = 0;

    if (len > DECL_SCAN_MAX)
        len = DECL_SCAN_MAX;
    if (len < 6 || memcmp(p, "<?xml", 5) != 0 || !strchr(" \t\r\n", p[5]) || !p[5])
        return false;
    end = memchr(p, '>', len);
    if (!end)
        return false;
    for (e = p + 5; e + 8 < end; e++)
        if (strchr(" \t\r\n", e[-1]) && memcmp(e, "encoding", 8) == 0)
            break;
    if (e + 8 >= end)
        return false;
    e += 8;
    while (e < end && strchr(" \t\r\n", *e) && *e)
        e++;
    if (e >= end || *e++ != '=')
        return false;
    while (e < end && strchr(" \t\r\n", *e) && *e)
        e++;
    if (e >= end || (*e != '"' && *e != '\''))
        return false;
    quote = *e++;
    while (e < end && *e != quote && n + 1 < size)
        out[n++] = *e++;
    out[n] = '\0';
    /* XML's EncName; anything else is no encoding (and never reaches a
       command the user is told to run) */
    if (n == 0 || out[strspn(out, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                  "0123456789._-")] != '\0')
        return false;
    return e < end && *e == quote;
}

/* 'name' upper-cased without punctuation: "iso-8859-1" -> "ISO88591" */
static void
encoding_key(const char *name, char *out, size_t size)
{
    size_t n = 0;

    for (; *name && n + 1 < size; name++)
        if ((*name >= '0' && *name <= '9') || (*name >= 'a' && *name <= 'z') ||
            (*name >= 'A' && *name <= 'Z'))
            out[n++] = (char)(*name >= 'a' && *name <= 'z' ? *name - 32 : *name);
    out[n] = '\0';
}

/* ASCII-compatible single-byte encodings: ASCII bytes mean ASCII there. */
static bool
single_byte(const char *key)
{
    static const char *const known[] = {
        "ASCII", "USASCII", "LATIN1", "ISO88591", "ISO88592", "ISO88593",
        "ISO88594", "ISO88595", "ISO88596", "ISO88597", "ISO88598",
        "ISO88599", "ISO885910", "ISO885911", "ISO885913", "ISO885914",
        "ISO885915", "ISO885916", "WINDOWS1250", "WINDOWS1251",
        "WINDOWS1252", "WINDOWS1253", "WINDOWS1254", "WINDOWS1255",
        "WINDOWS1256", "WINDOWS1257", "WINDOWS1258", "CP1250", "CP1251",
        "CP1252", "CP1253", "CP1254", "CP1255", "CP1256", "CP1257", "CP1258",
    };

    for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
        if (strcmp(key, known[i]) == 0)
            return true;
    return false;
}

/*
 * Offset of the first byte of 'p' that is not part of valid UTF-8 (or is
 * NUL, which no XML text holds), or 'len' when there is none.
 */
static size_t
utf8_invalid_at(const unsigned char *p, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned cp;
        size_t n = dsr_utf8_next(p + i, len - i, &cp);

        if (n == 0 || cp == 0)
            return i;
        i += n;
    }
    return len;
}

/*
 * 'path' as one shell word, for a command the user is told to run: as it
 * is when it holds only safe characters, else in single quotes (a quote
 * inside as '\'').  NULL when out of memory.
 */
static char *
shell_word(const char *path)
{
    struct dsr_buf b = DSR_BUF_INIT;

    if (path[0] && path[strspn(path, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                     "0123456789._/-+")] == '\0')
        return strdup(path);
    if (dsr_buf_adds(&b, "'", NULL) < 0)
        return NULL;
    for (const char *p = path; *p; p++)
        if ((*p == '\'' ? dsr_buf_adds(&b, "'\\''", NULL)
                         : dsr_buf_add(&b, p, 1, NULL)) < 0) {
            dsr_buf_release(&b);
            return NULL;
        }
    if (dsr_buf_adds(&b, "'", NULL) < 0) {
        dsr_buf_release(&b);
        return NULL;
    }
    return dsr_buf_detach(&b);
}

/*
 * Whether scan can splice into the manifest text 'data': 0 when it can
 * ('enc' the declared single-byte encoding, in which the new text must
 * be ASCII, or "" for UTF-8), 1 when it cannot (an
 * error finding in 'f' says why and how to convert), -1 with 'err' set.
 */
int
dsr_mt_splice_encoding(const char *data, size_t len, const char *path,
                       bool scan, char *enc, size_t size,
                       struct dsr_findings *f, struct dsr_error *err)
{
    const unsigned char *u = (const unsigned char *)data;
    const char *wide = NULL;
    char name[64], key[64];
    char *word;
    size_t skip = 0, bad;
    unsigned long line = 1;
    int rc;

    enc[0] = '\0';
    if (len >= 4 && ((u[0] == 0xff && u[1] == 0xfe && !u[2] && !u[3]) ||
                     (!u[0] && !u[1] && u[2] == 0xfe && u[3] == 0xff)))
        wide = "UTF-32";
    else if (len >= 2 && ((u[0] == 0xfe && u[1] == 0xff) ||
                          (u[0] == 0xff && u[1] == 0xfe)))
        wide = "UTF-16";
    word = shell_word(path);
    if (!word)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    if (wide) {
        rc = dsr_findings_add(f, DSR_F_MANIFEST_UNREADABLE, NULL, path, 1, err,
                              scan ? _("'%s' is stored as %s, which scan cannot "
                                       "edit: convert it with 'iconv -f %s -t UTF-8 "
                                       "%s > %s.utf8', write encoding=\"UTF-8\" in "
                                       "the first line of the new file, move it "
                                       "over the old one and scan again")
                                   : _("'%s' is stored as %s, which dossier "
                                       "cannot edit: convert it with 'iconv -f "
                                       "%s -t UTF-8 %s > %s.utf8', write "
                                       "encoding=\"UTF-8\" in the first line "
                                       "of the new file, move it over the old "
                                       "one and run the command again"),
                              path, wide, wide, word, word);
        goto out;
    }
    if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
        skip = 3;               /* the UTF-8 byte order mark */
    if (declared_encoding(data + skip, len - skip, name, sizeof(name))) {
        encoding_key(name, key, sizeof(key));
        if (strcmp(key, "UTF8") != 0) {
            if (!skip && single_byte(key)) {
                snprintf(enc, size, "%s", name);
                free(word);
                return 0;
            }
            rc = dsr_findings_add(f, DSR_F_MANIFEST_UNREADABLE, NULL, path, 1,
                                  err,
                                  scan ? _("'%s' declares the encoding '%s', which "
                                           "scan cannot edit safely (only UTF-8 "
                                           "and single-byte encodings): convert it "
                                           "with 'iconv -f %s -t "
                                           "UTF-8 %s > %s.utf8', write "
                                           "encoding=\"UTF-8\" in the first line of "
                                           "the new file, move it over the old one "
                                           "and scan again")
                                       : _("'%s' declares the encoding '%s', "
                                           "which dossier cannot edit safely "
                                           "(only UTF-8 and single-byte "
                                           "encodings): convert it with 'iconv "
                                           "-f %s -t UTF-8 %s > %s.utf8', write "
                                           "encoding=\"UTF-8\" in the first "
                                           "line of the new file, move it over "
                                           "the old one and run the command "
                                           "again"),
                                  path, name, name, word, word);
            goto out;
        }
    }
    bad = utf8_invalid_at(u, len);
    if (bad == len) {
        free(word);
        return 0;
    }
    for (size_t i = 0; i < bad; i++)
        line += u[i] == '\n';
    rc = dsr_findings_add(f, DSR_F_XML_MALFORMED, NULL, path, line, err,
                          scan ? _("byte 0x%02X is not UTF-8, the encoding the "
                                   "manifest declares or implies; if it was saved "
                                   "as Latin-1 or Windows-1252, convert it with "
                                   "'iconv -f WINDOWS-1252 -t UTF-8 %s > %s.utf8' "
                                   "and move that over the old one (or declare "
                                   "encoding=\"windows-1252\" in its first line), "
                                   "then scan again")
                               : _("byte 0x%02X is not UTF-8, the encoding "
                                   "the manifest declares or implies; if it "
                                   "was saved as Latin-1 or Windows-1252, "
                                   "convert it with 'iconv -f WINDOWS-1252 "
                                   "-t UTF-8 %s > %s.utf8' and move that over "
                                   "the old one (or declare "
                                   "encoding=\"windows-1252\" in its first "
                                   "line), then run the command again"),
                            u[bad], word, word);
out:
    free(word);
    return rc < 0 ? -1 : 1;
}

/* ---- writing --------------------------------------------------------- */

/*
 * Replace 'path' by 'len' bytes of 'data' atomically, keeping the current
 * file ('oldlen' bytes of 'old') as path.~N~ ('*backup' set to N, the
 * DSR_SCAN_BACKUPS newest kept): the new text goes to a temporary file
 * beside it, the backup is published as a second name for the current
 * file (a copy where links are not possible), and a rename swaps the new
 * text in.
 */
/*
 * Whether 'path' still holds the 'oldlen' bytes scan read and edited: an
 * edit saved from an editor during a long walk must not be overwritten
 * (the backup would be its only copy, and the next scan replaces that).
 */
static bool
still_as_read(const char *path, const char *old, size_t oldlen)
{
    char *now = NULL;
    size_t len = 0;
    int sys_errno = 0;
    bool same = dsr_read_file(path, DSR_MANIFEST_MAX_BYTES, &now, &len,
                              &sys_errno) == DSR_READ_OK &&
                len == oldlen && memcmp(now, old, len) == 0;

    free(now);
    return same;
}

/*
 * Whether 'path' may be replaced: the edit writes a new file and renames
 * it over the old one, which would turn a symbolic link into a copy (the
 * file it points to left as it was) and would change a file its owner
 * made read-only.  manifest_text.h.
 */
int
dsr_mt_replaceable(const char *path, struct dsr_error *err)
{
    struct stat st;

    if (lstat(path, &st) < 0)
        return 0;
    if (S_ISLNK(st.st_mode)) {
        char *real = realpath(path, NULL);
        int rc = dsr_error_set(
            err, DSR_INPUT, path, 0,
            _("it is a symbolic link, and dossier edits a manifest by "
              "replacing the file, which would turn the link into a copy; "
              "nothing was changed: give the path of the file itself (%s)"),
            real ? real : "?");

        free(real);
        return rc;
    }
    if (S_ISREG(st.st_mode) &&
        ((st.st_mode & 0222) == 0 || (access(path, W_OK) < 0 && errno == EACCES)))
        return dsr_error_set(err, DSR_INPUT, path, 0, "%s",
                             _("it is read-only; nothing was changed: make "
                               "it writable (chmod u+w) if it should be "
                               "edited, and run the command again"));
    return 0;
}

int
dsr_mt_replace(const char *path, bool scan, const char *old, size_t oldlen,
               const char *data, size_t len,
               const volatile sig_atomic_t *cancel, unsigned long *backup,
               struct dsr_error *err)
{
    struct dsr_fio_tmp t = DSR_FIO_TMP_INIT;
    enum dsr_fio_step step;
    struct stat st;
    int rc = -1;

    if (stat(path, &st) < 0)
        return dsr_error_sys(err, errno, path, "cannot read");
    if (dsr_mt_replaceable(path, err) < 0)
        return -1;
    if (dsr_fio_tmp_create(&t, path, false, &step) < 0) {
        if (step == DSR_FIO_NAME)
            return dsr_error_set(err, DSR_IO, path, 0, "path too long");
        return dsr_error_sys(err, errno, path, "cannot write next to");
    }
    if (dsr_fio_write_all(t.fd, data, len, cancel) < 0 ||
        dsr_fio_tmp_finish(&t, st.st_mode & 07777) < 0) {
        if (cancel && *cancel)
            dsr_interrupted(err);
        else
            dsr_error_sys(err, errno, t.name, "cannot write");
        goto out;
    }
    /* the last moment to stop with nothing changed */
    if (cancel && *cancel) {
        dsr_interrupted(err);
        goto out;
    }
    if (dsr_fio_backup_numbered(path, old, oldlen, DSR_SCAN_BACKUPS, backup,
                                &step) < 0) {
        if (step == DSR_FIO_NAME && errno == EEXIST)
            dsr_error_set(err, DSR_IO, path, 0, "%s",
                          scan ? _("no backup number is left; nothing was changed: "
                                   "remove its old numbered backups (.~N~) and "
                                   "scan again")
                               : _("no backup number is left; nothing was "
                                   "changed: remove its old numbered backups "
                                   "(.~N~) and run the command again"));
        else if (step == DSR_FIO_NAME)
            dsr_error_set(err, DSR_IO, path, 0, "path too long");
        else
            dsr_error_sys(err, errno, path, "%s",
                          _("cannot keep a backup beside it; nothing was "
                            "changed"));
        goto out;
    }
    if (!still_as_read(path, old, oldlen)) {
        dsr_error_set(err, DSR_INPUT, path, 0, "%s",
                      scan ? _("the manifest was changed while scan ran (saved from "
                               "an editor?); nothing was changed: save your edits "
                               "and scan again")
                           : _("the manifest was changed while it was being "
                               "edited (saved from an editor?); nothing was "
                               "changed: save your edits and run the command "
                               "again"));
        goto out;
    }
    if (dsr_fio_tmp_place(&t, path, DSR_FIO_REPLACE) < 0) {
        dsr_error_sys(err, errno, path, "cannot replace");
        goto out;
    }
    rc = 0;
out:
    dsr_fio_tmp_discard(&t);
    return rc;
}

