/*
 * scan_splice.c -- insert scan's new evidence entries into manifest text.
 *
 * scan edits a file people wrote, so it never re-serialises the XML: it
 * asks libxml2's SAX parser where each indicator's tags are (as byte
 * offsets) and inserts text there, leaving every other byte alone.
 */
#include "internal.h"
#include "workspace_int.h"

#include "dossier/buf.h"
#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "xml.h"

#include <iconv.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlmemory.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- scan: where to insert ------------------------------------------ */

struct spot {
    char id[64];
    size_t start;               /* '<' of the start tag */
    size_t end_tag;             /* '<' of the end tag (not for empty ones) */
    size_t end;                 /* just past the final '>' */
    bool empty;                 /* <indicator .../> */
    size_t nev;                 /* its evidence elements so far */
};

/* An evidence element of an indicator. */
struct evspot {
    size_t ind;                 /* the indicator's spot */
    size_t nth;                 /* its place among the indicator's */
    size_t start;               /* '<' of the start tag */
    size_t stag_end;            /* just past the start tag's '>' */
    size_t end;                 /* just past the element's final '>' */
};

struct sax_state {
    xmlParserCtxtPtr ctxt;
    const char *data;
    size_t len;
    int depth;
    struct spot *spots;
    size_t n, cap;
    struct evspot *ev;
    size_t nev, cap_ev;
    bool in_indicator;          /* in the last spot's element */
    size_t root_end_tag;
    char pfx[64];               /* the root's prefix and ':', or "" */
    bool failed;
};

static bool
manifest_element(const xmlChar *localname, const xmlChar *uri,
                 const char *name)
{
    return xmlStrEqual(localname, (const xmlChar *)name) && uri &&
           xmlStrEqual(uri, (const xmlChar *)"urn:dossier:manifest:1");
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

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct sax_state *st = ctx;
    struct spot *sp;

    (void)nb_namespaces;
    (void)namespaces;
    (void)nb_defaulted;
    st->depth++;
    /* new elements take the manifest's own prefix (<m:dossier xmlns:m=...>) */
    if (st->depth == 1 && prefix &&
        snprintf(st->pfx, sizeof(st->pfx), "%s:", (const char *)prefix) >=
            (int)sizeof(st->pfx))
        st->failed = true;
    if (st->depth == 2 && manifest_element(localname, uri, "indicator")) {
        char mine[sizeof(st->pfx)];

        /* an indicator under another prefix than the root's: unsafe */
        snprintf(mine, sizeof(mine), "%s%s", prefix ? (const char *)prefix : "",
                 prefix ? ":" : "");
        if (strcmp(mine, st->pfx) != 0)
            st->failed = true;
    }
    if (st->depth == 3 && st->in_indicator &&
        manifest_element(localname, uri, "evidence")) {
        struct evspot *ev;
        long pos = xmlByteConsumed(st->ctxt);

        if (st->nev == st->cap_ev) {
            size_t cap = st->cap_ev ? st->cap_ev * 2 : 64;
            struct evspot *p = realloc(st->ev, cap * sizeof(*p));

            if (!p) {
                st->failed = true;
                return;
            }
            st->ev = p;
            st->cap_ev = cap;
        }
        ev = &st->ev[st->nev++];
        memset(ev, 0, sizeof(*ev));
        ev->ind = st->n - 1;
        ev->nth = st->spots[st->n - 1].nev++;
        ev->start = tag_start(st);
        if (pos < 0 || (size_t)pos > st->len)
            st->failed = true;
        else
            ev->stag_end = (size_t)pos;
        return;
    }
    if (st->depth != 2 || !manifest_element(localname, uri, "indicator"))
        return;
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        struct spot *p = realloc(st->spots, cap * sizeof(*p));

        if (!p) {
            st->failed = true;
            return;
        }
        st->spots = p;
        st->cap = cap;
    }
    sp = &st->spots[st->n++];
    memset(sp, 0, sizeof(*sp));
    st->in_indicator = true;
    sp->start = tag_start(st);
    /* attributes come as (localname, prefix, URI, value, end) */
    for (int i = 0; i < nb_attributes; i++) {
        const xmlChar **a = attributes + 5 * i;

        if (xmlStrEqual(a[0], (const xmlChar *)"id") && !a[2]) {
            size_t len = (size_t)(a[4] - a[3]);

            if (len >= sizeof(sp->id))
                len = sizeof(sp->id) - 1;
            memcpy(sp->id, a[3], len);
            sp->id[len] = '\0';
        }
    }
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
       const xmlChar *uri)
{
    struct sax_state *st = ctx;
    long pos;

    (void)prefix;
    st->depth--;
    if (st->depth == 2 && st->in_indicator && st->nev > 0 &&
        st->ev[st->nev - 1].end == 0 &&
        manifest_element(localname, uri, "evidence")) {
        pos = xmlByteConsumed(st->ctxt);
        if (pos < 2 || (size_t)pos > st->len)
            st->failed = true;
        else
            st->ev[st->nev - 1].end = (size_t)pos;
        return;
    }
    if (st->depth != 0 &&
        !(st->depth == 1 && manifest_element(localname, uri, "indicator")))
        return;
    pos = xmlByteConsumed(st->ctxt);
    if (pos < 2 || (size_t)pos > st->len) {
        st->failed = true;
        return;
    }
    if (st->depth == 1)
        st->in_indicator = false;
    if (st->depth == 0) {
        st->root_end_tag = tag_start(st);
    } else if (st->depth == 1 && manifest_element(localname, uri, "indicator") &&
               st->n > 0) {
        struct spot *sp = &st->spots[st->n - 1];

        sp->end = (size_t)pos;
        sp->empty = pos >= 2 && st->data[pos - 2] == '/';
        if (!sp->empty)
            sp->end_tag = tag_start(st);
    }
}

static void
quiet(void *ctx, dsr_xml_error_ptr e)
{
    (void)ctx;
    (void)e;
}

/*
 * Where each indicator's tags are, from libxml2's own parser, in the
 * UTF-8 text 'data'.  With 'ignore_enc' the XML declaration's encoding is
 * not applied: 'data' is already converted from it.
 */
static int
find_spots(const char *data, size_t len, bool ignore_enc, struct sax_state *st,
           struct dsr_error *err)
{
    xmlSAXHandler *sax;
    xmlParserCtxtPtr ctxt;
    int ok;

    memset(st, 0, sizeof(*st));
    st->data = data;
    st->len = len;
    ctxt = xmlCreateMemoryParserCtxt(data, (int)len);
    sax = xmlMalloc(sizeof(*sax));
    if (!ctxt || !sax) {
        xmlFree(sax);
        if (ctxt)
            xmlFreeParserCtxt(ctxt);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    memset(sax, 0, sizeof(*sax));
    sax->initialized = XML_SAX2_MAGIC;
    sax->startElementNs = on_start;
    sax->endElementNs = on_end;
    sax->serror = quiet;
    xmlFree(ctxt->sax);
    ctxt->sax = sax;
    ctxt->userData = st;
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
                                XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
                                (ignore_enc ? XML_PARSE_IGNORE_ENC : 0));
    st->ctxt = ctxt;
    xmlParseDocument(ctxt);
    ok = ctxt->wellFormed && !st->failed;
    st->ctxt = NULL;
    xmlFreeParserCtxt(ctxt);
    if (!ok)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                             "cannot locate the indicators in the manifest");
    return 0;
}

/* The white space before 'at' on its line, if only white space is there. */
static void
indent_at(const char *data, size_t at, char *out, size_t size,
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

static int
entries_text(struct dsr_buf *b, const struct dsr_scan_newfile *files,
             size_t nfiles, size_t ind, const char *indent, const char *pfx,
             struct dsr_error *err)
{
    int rc = 0;

    for (size_t i = 0; i < nfiles && rc == 0; i++) {
        const struct dsr_scan_newfile *f = &files[i];

        if (f->ind != ind || f->moved)
            continue;
        rc = dsr_buf_addf(b, err, "%s<%sevidence file=\"", indent, pfx);
        if (rc == 0)
            rc = dsr_ws_add_escaped(b, f->rel, err);
        if (rc == 0)
            rc = dsr_buf_addf(b, err, "\" date=\"%s\" date-source=\"%s\"",
                              f->date,
                              f->date_from_document ? "document" : "file");
        if (rc == 0 && f->sha256[0])
            rc = dsr_buf_addf(b, err, " sha256=\"%s\"", f->sha256);
        if (rc == 0)
            rc = dsr_buf_adds(b, ">", err);
        if (rc == 0)
            rc = dsr_ws_add_escaped(b, f->title, err);
        if (rc == 0)
            rc = dsr_buf_addf(b, err, "</%sevidence>\n", pfx);
    }
    return rc;
}

struct insertion {
    size_t at, cut;
    struct dsr_buf text;
};

static int
cmp_insertion(const void *a, const void *b)
{
    const struct insertion *x = a;
    const struct insertion *y = b;

    /* at one place, pure insertions before a cut */
    if (x->at != y->at)
        return (x->at > y->at) - (x->at < y->at);
    return (x->cut > y->cut) - (x->cut < y->cut);
}

static bool
space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * The value of the unprefixed attribute 'name' in the start tag
 * data[start, stop) of a well-formed document: its offset and length.
 * Only ASCII bytes delimit, so this holds in UTF-8 and in the
 * ASCII-compatible single-byte encodings alike.
 */
static bool
attr_value(const char *data, size_t start, size_t stop, const char *name,
           size_t *vstart, size_t *vlen)
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
            *vstart = vs;
            *vlen = i - vs;
            return true;
        }
        i++;
    }
}

/* 's' escaped for an attribute value in either kind of quotes. */
static int
add_attr_escaped(struct dsr_buf *b, const char *s, struct dsr_error *err)
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
 * The insertion that carries out 'ed' on the text 'data' ('len' bytes)
 * whose tags 'st' located: a new file attribute value, or the element's
 * removal, with its line when it stands alone there.
 */
static int
edit_insertion(const struct sax_state *st, const char *data, size_t len,
               const struct dsr_scan_edit *ed, struct insertion *in,
               struct dsr_error *err)
{
    const struct evspot *ev = NULL;

    size_t lo = 0, hi = st->nev;

    /* the elements are in document order, so sorted by (ind, nth) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct evspot *e = &st->ev[mid];

        if (e->ind < ed->ind || (e->ind == ed->ind && e->nth < ed->nth))
            lo = mid + 1;
        else
            hi = mid;
    }
    /* the id is a check: a spot keeps its first 63 bytes */
    if (lo < st->nev && st->ev[lo].ind == ed->ind && st->ev[lo].nth == ed->nth &&
        strncmp(st->spots[ed->ind].id, ed->indicator,
                sizeof(st->spots[0].id) - 1) == 0)
        ev = &st->ev[lo];
    if (!ev || ev->end <= ev->start || ev->stag_end <= ev->start ||
        ev->end > len)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                             "cannot locate an evidence entry of indicator "
                             "%s in the manifest", ed->indicator);
    if (ed->new_file) {
        size_t vs, vl;

        if (!attr_value(data, ev->start, ev->stag_end, "file", &vs, &vl))
            return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                                 "cannot locate the file attribute of an "
                                 "evidence entry of indicator %s",
                                 ed->indicator);
        in->at = vs;
        in->cut = vl;
        return add_attr_escaped(&in->text, ed->new_file, err);
    }
    {
        size_t a = ev->start, b = ev->end;

        while (a > 0 && (data[a - 1] == ' ' || data[a - 1] == '\t'))
            a--;
        while (b < len && (data[b] == ' ' || data[b] == '\t'))
            b++;
        if (b + 1 < len && data[b] == '\r' && data[b + 1] == '\n')
            b++;
        if ((a == 0 || data[a - 1] == '\n') && b < len && data[b] == '\n') {
            in->at = a;
            in->cut = b + 1 - a;
        } else {
            in->at = ev->start;
            in->cut = ev->end - ev->start;
        }
    }
    return 0;
}

/* Where text goes before the end tag at 'tag': at the start of its line if
 * the tag stands alone there (the text then ends in a newline), else right
 * before the tag, which then moves to a line of its own. */
static size_t
before_end_tag(const char *data, size_t tag, bool *own_line)
{
    size_t b = tag;

    while (b > 0 && (data[b - 1] == ' ' || data[b - 1] == '\t'))
        b--;
    *own_line = b == 0 || data[b - 1] == '\n';
    return *own_line ? b : tag;
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
 * Turn the offsets in 'st', found in 'u8' (the UTF-8 conversion of a text
 * in a single-byte encoding), into offsets in that text: there, one byte
 * is one character, so an offset is the number of characters before it.
 * One pass over 'u8'.  Returns 0, or -1 with 'err' set.
 */
static int
offsets_to_single_byte(struct sax_state *st, const char *u8,
                       struct dsr_error *err)
{
    size_t **offs = calloc(3 * st->n + 3 * st->nev + 1, sizeof(*offs));
    size_t n = 0, pos = 0, chars = 0;

    if (!offs)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    offs[n++] = &st->root_end_tag;
    for (size_t i = 0; i < st->n; i++) {
        offs[n++] = &st->spots[i].start;
        offs[n++] = &st->spots[i].end;
        if (!st->spots[i].empty)
            offs[n++] = &st->spots[i].end_tag;
    }
    for (size_t i = 0; i < st->nev; i++) {
        offs[n++] = &st->ev[i].start;
        offs[n++] = &st->ev[i].stag_end;
        offs[n++] = &st->ev[i].end;
    }
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

/* The manifest's new text: every new entry inserted, nothing else moved. */
int
dsr_scan_compose(const struct dsr_catalog *cat,
                 const struct dsr_scan_newfile *files, size_t nfiles,
                 const struct dsr_scan_edit *edits, size_t nedits,
                 const char *data, size_t len, const char *single_byte,
                 struct dsr_buf *out, struct dsr_error *err)
{
    bool ascii = single_byte != NULL;
    char *u8 = NULL;
    size_t u8len = 0;
    struct sax_state st;
    struct insertion *ins = NULL;
    size_t nins = 0;
    struct dsr_buf append = DSR_BUF_INIT;
    char indent[64] = "  ";
    size_t pos = 0;
    int rc = -1;

    /*
     * In a single-byte encoding, libxml2 would have to convert the rest
     * of the text back for each offset (and 2.9 miscounts past 32000
     * bytes): the tags are found in a UTF-8 copy instead, and their
     * offsets counted back in characters, which are bytes there.
     */
    if (ascii && to_utf8(data, len, single_byte, &u8, &u8len, err) < 0)
        return -1;
    if (find_spots(ascii ? u8 : data, ascii ? u8len : len, ascii, &st, err) < 0 ||
        (ascii && offsets_to_single_byte(&st, u8, err) < 0)) {
        free(st.spots);
        free(st.ev);
        free(u8);
        return -1;
    }
    free(u8);
    ins = calloc(cat->nindicators + 1 + nedits, sizeof(*ins));
    if (!ins) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if (st.n)
        indent_at(data, st.spots[0].start, indent, sizeof(indent), "  ");
    for (size_t i = 0; i < cat->nindicators; i++) {
        const char *id = cat->indicators[i].id;
        const struct spot *sp = NULL;
        char own[64], child[80];
        bool any = false;

        for (size_t k = 0; k < nfiles && !any; k++)
            any = files[k].ind == i && !files[k].moved;
        if (!any)
            continue;
        for (size_t k = 0; k < st.n && !sp; k++)
            if (strcmp(st.spots[k].id, id) == 0)
                sp = &st.spots[k];
        if (!sp) {
            /* not in the manifest yet: a new indicator at the end */
            snprintf(child, sizeof(child), "%s  ", indent);
            if (dsr_buf_addf(&append, err, "\n%s<!-- %s. ", indent, id) < 0 ||
                dsr_ws_add_comment_text(&append,
                                        dsr_text_get(&cat->indicators[i].name,
                                                     DSR_LANG_ID),
                                        err) < 0 ||
                dsr_buf_addf(&append, err, " -->\n%s<%sindicator id=\"", indent, st.pfx) < 0 ||
                dsr_ws_add_escaped(&append, id, err) < 0 ||
                dsr_buf_adds(&append, "\">\n", err) < 0 ||
                entries_text(&append, files, nfiles, i, child, st.pfx, err) < 0 ||
                dsr_buf_addf(&append, err, "%s</%sindicator>\n", indent, st.pfx) < 0)
                goto out;
            continue;
        }
        indent_at(data, sp->start, own, sizeof(own), indent);
        snprintf(child, sizeof(child), "%s  ", own);
        {
            struct insertion *in = &ins[nins++];
            bool own_line;

            if (sp->empty) {
                /* <indicator .../> becomes <indicator ...> ... </indicator> */
                in->at = sp->end - 2;
                in->cut = 2;
                if (dsr_buf_adds(&in->text, ">\n", err) < 0 ||
                    entries_text(&in->text, files, nfiles, i, child, st.pfx, err) < 0 ||
                    dsr_buf_addf(&in->text, err, "%s</%sindicator>", own, st.pfx) < 0)
                    goto out;
            } else {
                in->at = before_end_tag(data, sp->end_tag, &own_line);
                if ((!own_line && dsr_buf_adds(&in->text, "\n", err) < 0) ||
                    entries_text(&in->text, files, nfiles, i, child, st.pfx, err) < 0 ||
                    (!own_line && dsr_buf_adds(&in->text, own, err) < 0))
                    goto out;
            }
        }
    }
    if (append.len) {
        struct insertion *in = &ins[nins++];
        bool own_line;

        /* the appended text starts and ends with a newline, so the end tag
         * lands at the start of a line either way */
        in->at = before_end_tag(data, st.root_end_tag, &own_line);
        if (dsr_buf_add(&in->text, append.data, append.len, err) < 0)
            goto out;
    }
    for (size_t i = 0; i < nedits; i++)
        if (edit_insertion(&st, data, len, &edits[i], &ins[nins++], err) < 0)
            goto out;
    if (nins)
        qsort(ins, nins, sizeof(*ins), cmp_insertion);
    for (size_t i = 0; i < nins; i++) {
        /* two edits of one place would garble it */
        if (ins[i].at < pos) {
            dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                          "two changes to the manifest overlap");
            goto out;
        }
        if (dsr_buf_add(out, data + pos, ins[i].at - pos, err) < 0 ||
            (ascii ? add_ascii(out, dsr_buf_str(&ins[i].text), ins[i].text.len,
                               err)
                   : dsr_buf_add(out, dsr_buf_str(&ins[i].text),
                                 ins[i].text.len, err)) < 0)
            goto out;
        pos = ins[i].at + ins[i].cut;
    }
    if (dsr_buf_add(out, data + pos, len - pos, err) < 0)
        goto out;
    rc = 0;
out:
    for (size_t i = 0; ins && i < cat->nindicators + 1 + nedits; i++)
        dsr_buf_release(&ins[i].text);
    free(ins);
    free(st.spots);
    free(st.ev);
    dsr_buf_release(&append);
    return rc;
}
