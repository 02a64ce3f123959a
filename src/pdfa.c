/*
 * pdfa.c -- cairo's PDF made PDF/A-2 (ISO 19005-2) with libqpdf's C API
 * (r22-pdfa).  cairo 1.16 writes a tagged PDF with its fonts embedded,
 * but no XMP metadata, no output intent, no /Lang, links without the
 * print flag, and no /Alt.  This pass adds them; the clauses:
 *
 *   6.1.3    a trailer /ID, an MD5 of every byte before it, so the same
 *            input gives the same bytes
 *   6.2.3    /OutputIntents with a GTS_PDFA1 intent whose
 *            /DestOutputProfile is the shipped sRGB profile (which also
 *            makes DeviceRGB, DeviceGray and cairo's transparency groups
 *            and soft masks legal, 6.2.4.3 and 6.2.10)
 *   6.2.8.3  no image with /Interpolate true (cairo sets it on scaled
 *            previews; viewers interpolate or not, nothing is lost)
 *   6.3.2    every annotation has /F 4 (print) and none of hidden,
 *            invisible, noview; no /AA anywhere we know of (6.5.2)
 *   6.6.2.1  an uncompressed XMP /Metadata stream on the catalog, with
 *   6.6.4    pdfaid:part 2 and conformance U when every font has a
 *            /ToUnicode map (cairo writes one for each font it embeds),
 *            else B
 *   6.6.3    each Info entry cairo wrote has its XMP twin with the same
 *            value (dates as the same instant); an Info date that cannot
 *            be read is dropped rather than left unmatched
 *   /Lang    on the catalog (6.2.11 of PDF/UA's sense; PDF/A-2 level A
 *            asks for it, and screen readers use it)
 *
 * The structure's /Figure elements get /Alt (cairo 1.16 cannot write it)
 * from the list the render recorded in drawing order, matched in the
 * tree's depth-first order, which is also the drawing order.
 *
 * The file is written here, one object at a time, as qpdf would write
 * it (streams as they are, every other object in compressed object
 * streams, a cross-reference stream), with qpdf's text of each object:
 * qpdf's own writer holds every object of the file in memory, about
 * 2 kB each, 40 MB for the 18,808 objects of the 4 GiB bench set's
 * dossier (issue 23), where this needs one reading's worth.
 *
 * The input is the render's own output, but the code reads it as any PDF:
 * every walk is bounded (PDFA_OBJECTS_MAX objects, PDFA_STRUCT_DEPTH_MAX
 * levels), and qpdf's errors come back as DSR_RENDER, never a crash.
 */
#include "pdfa.h"

#include "fileio.h"
#include "internal.h"

#include <errno.h>
#include <glib.h>
#include <stdarg.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/*
 * At least PDFA_CHUNK objects parsed by one reading of qpdf, and at most
 * PDFA_READINGS readings (reading() below); PDFA_STM_OBJECTS objects in
 * one object stream, as qpdf puts them.
 */
#define PDFA_CHUNK 2048
#define PDFA_READINGS 16
#define PDFA_STM_OBJECTS 100

/* An object's row in the cross-reference stream (ISO 32000-1 7.5.8.3). */
struct xref_row {
    guint8 type;                    /* 0 free, 1 at an offset, 2 in a stream */
    guint32 f2;                     /* the offset, or the object stream */
    guint16 f3;                     /* the generation, or the index in it */
};

struct pdfa {
    const unsigned char *in;        /* cairo's PDF */
    size_t len;
    const struct dsr_pdfa_opts *o;
    const char *lang;               /* o->lang, or id-ID */
    char *icc;                      /* the colour profile's bytes */
    size_t icc_len;
    qpdf_data q;                    /* the current reading, or NULL */
    size_t got;                     /* objects got from it */
    size_t chunk;                   /* how many one reading may give */
    struct dsr_pdfa_info info;
    bool all_unicode;
    int size;                       /* the input trailer's /Size */
    int root_id, info_id;           /* the catalog, Info (0: none) */
    int next_id;                    /* the next new object's number */
    GArray *kids;                   /* int: structure kids, see collect_kids() */
    guint top, ntop;                /* the tree's top kids in 'kids' */
    GArray *elems;                  /* struct elem */
    GHashTable *elem_of;            /* object number -> index in elems + 1 */
    size_t visits;
    GArray *figures;                /* int: /Figure elements, written last */
    GHashTable *alt_of;             /* a /Figure's number -> its /Alt */
    bool walk_cut;                  /* the walk stopped at a bound */
    /* the output */
    GByteArray *mem;                /* without o->out_file */
    size_t at;                      /* bytes written */
    int write_errno;                /* the first failed write's, or 0 */
    bool nomem;                     /* zlib had no memory */
    GChecksum *md5;                 /* of every byte written */
    GArray *xref;                   /* struct xref_row by object number */
    GString *stm_head, *stm_body;   /* the object stream being filled */
    int stm_id, stm_n;
};

/* qpdf's error, or else its first warning, as DSR_RENDER. */
static int
qpdf_failed(struct pdfa *p, struct dsr_error *err)
{
    qpdf_error e = qpdf_get_error(p->q);
    const char *text;

    if (!e && qpdf_more_warnings(p->q))
        e = qpdf_next_warning(p->q);
    text = e ? qpdf_get_error_full_text(p->q, e) : "unknown error";
    return dsr_error_set(err, DSR_RENDER, NULL, 0,
                         "cannot make the PDF a PDF/A file (qpdf: %s)", text);
}

/*
 * 0 when qpdf has neither an error nor a warning.  A warning counts: an
 * object qpdf cannot read (a /Length that lies, an offset that misses)
 * is only a warning, and it reads as null, which would drop it silently.
 */
static int
qpdf_ok(struct pdfa *p, struct dsr_error *err)
{
    return qpdf_has_error(p->q) || qpdf_more_warnings(p->q) ? qpdf_failed(p, err) : 0;
}

/* ---- XMP ---------------------------------------------------------------- */

static void
xml_escaped(GString *s, const char *text)
{
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        switch (*c) {
        case '&': g_string_append(s, "&amp;"); break;
        case '<': g_string_append(s, "&lt;"); break;
        case '>': g_string_append(s, "&gt;"); break;
        case '"': g_string_append(s, "&quot;"); break;
        default:
            /* XML 1.0 has no other control characters */
            if (*c >= 0x20 || *c == '\t' || *c == '\n')
                g_string_append_c(s, (char)*c);
        }
    }
}

/*
 * A PDF date "D:YYYYMMDDHHmmSS" with "Z", "+HH'mm'" or nothing after it,
 * as XMP's "YYYY-MM-DDTHH:mm:SS" with the same zone ("Z", "+HH:mm", or
 * none: the same instant, unknown zone, in both).  False when it is not
 * one of these.
 */
static bool
xmp_date(const char *pdf, char *out, size_t size)
{
    int d[6] = {0, 1, 1, 0, 0, 0};
    static const int width[6] = {4, 2, 2, 2, 2, 2};
    const char *c = pdf;
    int n;

    if (strncmp(c, "D:", 2) == 0)
        c += 2;
    for (n = 0; n < 6 && g_ascii_isdigit(*c); n++) {
        d[n] = 0;
        for (int k = 0; k < width[n]; k++, c++) {
            if (!g_ascii_isdigit(*c))
                return false;
            d[n] = d[n] * 10 + (*c - '0');
        }
    }
    if (n != 6 || d[1] < 1 || d[1] > 12 || d[2] < 1 || d[2] > 31 || d[3] > 23 ||
        d[4] > 59 || d[5] > 59)
        return false;
    n = snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d", d[0], d[1], d[2],
                 d[3], d[4], d[5]);
    if (*c == 'Z' && c[1] == '\0')
        g_strlcat(out, "Z", size);
    else if ((*c == '+' || *c == '-') && g_ascii_isdigit(c[1]) &&
             g_ascii_isdigit(c[2]) && c[3] == '\'' && g_ascii_isdigit(c[4]) &&
             g_ascii_isdigit(c[5]) && (c[6] == '\0' || (c[6] == '\'' && !c[7])) &&
             (c[1] - '0') * 10 + (c[2] - '0') <= 23 && (c[4] - '0') * 10 + (c[5] - '0') <= 59) {
        char zone[8] = {c[0], c[1], c[2], ':', c[4], c[5], '\0'};

        g_strlcat(out, zone, size);
    } else if (*c != '\0')
        return false;
    return n > 0 && (size_t)n < size;
}

/*
 * Info's 'key' as UTF-8 that XML can hold (g_free() it), or NULL when it
 * is not a string.  What XML cannot hold (bytes that are not UTF-8, NUL
 * and the other control characters but tab and line feed) is left out
 * of Info too, so that the two still agree (6.6.3).
 */
static char *
info_text(struct pdfa *p, qpdf_oh info, const char *key)
{
    qpdf_oh v;
    const char *raw;
    size_t len = 0;
    char *valid;
    GString *clean;

    if (!qpdf_oh_has_key(p->q, info, key))
        return NULL;
    v = qpdf_oh_get_key(p->q, info, key);
    if (!qpdf_oh_is_string(p->q, v))
        return NULL;
    raw = qpdf_oh_get_binary_utf8_value(p->q, v, &len);
    /* control bytes first (never part of a UTF-8 sequence), then NUL-free */
    clean = g_string_sized_new(len);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)raw[i] >= 0x20 || raw[i] == '\t' || raw[i] == '\n')
            g_string_append_c(clean, raw[i]);
    valid = g_utf8_make_valid(clean->str, (gssize)clean->len);
    if (strlen(valid) != len || memcmp(valid, raw, len) != 0)
        qpdf_oh_replace_key(p->q, info, key, qpdf_oh_new_unicode_string(p->q, valid));
    g_string_free(clean, TRUE);
    return valid;
}

static void
xmp_simple(GString *s, const char *prop, const char *value)
{
    g_string_append_printf(s, "   <%s>", prop);
    xml_escaped(s, value);
    g_string_append_printf(s, "</%s>\n", prop);
}

static void
xmp_list(GString *s, const char *prop, const char *kind, const char *value,
         bool lang_alt)
{
    g_string_append_printf(s, "   <%s><rdf:%s><rdf:li%s>", prop, kind,
                           lang_alt ? " xml:lang=\"x-default\"" : "");
    xml_escaped(s, value);
    g_string_append_printf(s, "</rdf:li></rdf:%s></%s>\n", kind, prop);
}

/* A date of Info as its XMP twin; an unreadable one leaves Info. */
static void
xmp_info_date(struct pdfa *p, qpdf_oh info, GString *s, const char *key,
              const char *prop, const char *also)
{
    char *v = info_text(p, info, key);
    char iso[40];

    if (!v)
        return;
    if (!xmp_date(v, iso, sizeof(iso))) {
        qpdf_oh_remove_key(p->q, info, key);
        g_free(v);
        return;
    }
    /* cairo 1.16 leaves out the "D:" the PDF date syntax begins with */
    if (strncmp(v, "D:", 2) != 0) {
        char *fixed = g_strconcat("D:", v, NULL);

        qpdf_oh_replace_key(p->q, info, key, qpdf_oh_new_string(p->q, fixed));
        g_free(fixed);
    }
    g_free(v);
    xmp_simple(s, prop, iso);
    if (also)
        xmp_simple(s, also, iso);
}

/* Info's text entries and their XMP twins, in the packet's order. */
static const struct {
    const char *key, *prop, *kind;      /* kind: NULL for a simple value */
    bool lang_alt;
} twins[] = {
    {"/Title", "dc:title", "Alt", true},
    {"/Author", "dc:creator", "Seq", false},
    {"/Subject", "dc:description", "Alt", true},
    {"/Keywords", "pdf:Keywords", NULL, false},
    {"/Producer", "pdf:Producer", NULL, false},
    {"/Creator", "xmp:CreatorTool", NULL, false},
};

static char *
xmp_packet(struct pdfa *p, qpdf_oh info, const char *doc_id, size_t *len)
{
    GString *s = g_string_new(NULL);

    g_string_append(s, "<?xpacket begin=\"\xEF\xBB\xBF\" "
                       "id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                       "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                       " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                       "  <rdf:Description rdf:about=\"\"\n"
                       "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
                       "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
                       "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
                       "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
                       "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n");
    xmp_simple(s, "pdfaid:part", "2");
    xmp_simple(s, "pdfaid:conformance", p->all_unicode ? "U" : "B");
    for (size_t i = 0; i < G_N_ELEMENTS(twins); i++) {
        char *v = info_text(p, info, twins[i].key);

        if (v && twins[i].kind)
            xmp_list(s, twins[i].prop, twins[i].kind, v, twins[i].lang_alt);
        else if (v)
            xmp_simple(s, twins[i].prop, v);
        g_free(v);
        if (i == 2)                     /* dc:language after dc:description */
            xmp_list(s, "dc:language", "Bag", p->lang, false);
    }
    xmp_info_date(p, info, s, "/CreationDate", "xmp:CreateDate", NULL);
    xmp_info_date(p, info, s, "/ModDate", "xmp:ModifyDate", "xmp:MetadataDate");
    xmp_simple(s, "xmpMM:DocumentID", doc_id);
    xmp_simple(s, "xmpMM:InstanceID", doc_id);
    g_string_append(s, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                       "<?xpacket end=\"r\"?>\n");
    *len = s->len;
    return g_string_free(s, FALSE);
}

/* ---- readings ---------------------------------------------------------- */

/*
 * qpdf keeps every object it has parsed until qpdf_cleanup(), about 2 kB
 * each: 40 MB for the 18,808 objects of the 4 GiB bench set's dossier.
 * So no reading lives long: after p->chunk objects the next object is
 * got from a new reading of the same bytes, and no handle is kept
 * across.  Each reading parses the whole cross-reference table again
 * (about 10 ms for 20,000 objects), so their number is bounded too:
 * p->chunk is PDFA_CHUNK, or the objects over PDFA_READINGS.
 */
static int
reading(struct pdfa *p, struct dsr_error *err)
{
    if (p->q && p->got < p->chunk)
        return 0;
    if (p->q && qpdf_ok(p, err) < 0)
        return -1;
    if (p->q)
        qpdf_cleanup(&p->q);            /* qpdf 11.3 does not take NULL */
    p->got = 0;
    p->q = qpdf_init();
    if (!p->q)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    qpdf_silence_errors(p->q);
    qpdf_set_suppress_warnings(p->q, QPDF_TRUE);
    /* a damaged PDF is an error, not something to repair silently */
    qpdf_set_attempt_recovery(p->q, QPDF_FALSE);
    if (qpdf_read_memory(p->q, "dossier.pdf", (const char *)p->in, p->len, NULL) !=
        QPDF_SUCCESS)
        return qpdf_failed(p, err);
    return 0;
}

/* Object 'id' from the current reading, or 0 on an error. */
static qpdf_oh
object(struct pdfa *p, int id, struct dsr_error *err)
{
    if (reading(p, err) < 0)
        return 0;
    p->got++;
    return qpdf_get_object_by_id(p->q, id, 0);
}

/* ---- the objects ------------------------------------------------------- */

static bool
is_name(struct pdfa *p, qpdf_oh dict, const char *key, const char *name)
{
    qpdf_oh v;
    bool same;

    if (!qpdf_oh_has_key(p->q, dict, key))
        return false;
    v = qpdf_oh_get_key(p->q, dict, key);
    same = qpdf_oh_is_name(p->q, v) && strcmp(qpdf_oh_get_name(p->q, v), name) == 0;
    qpdf_oh_release(p->q, v);
    return same;
}

static bool
is_true(struct pdfa *p, qpdf_oh dict, const char *key)
{
    qpdf_oh v;

    if (!qpdf_oh_has_key(p->q, dict, key))
        return false;
    v = qpdf_oh_get_key(p->q, dict, key);
    return qpdf_oh_is_bool(p->q, v) && qpdf_oh_get_bool_value(p->q, v);
}

static bool
is_annotation(struct pdfa *p, qpdf_oh d)
{
    return is_name(p, d, "/Type", "/Annot") ||
           (qpdf_oh_has_key(p->q, d, "/Subtype") && qpdf_oh_has_key(p->q, d, "/Rect") &&
            !qpdf_oh_has_key(p->q, d, "/Type"));
}

/* What PDF/A asks of an annotation (6.3.2, 6.5.2). */
static void
fix_annotation(struct pdfa *p, qpdf_oh a)
{
    qpdf_oh_replace_key(p->q, a, "/F", qpdf_oh_new_integer(p->q, 4));
    qpdf_oh_remove_key(p->q, a, "/AA");
    p->info.annotations++;
}

/* The annotations written into the page's /Annots itself (numbered ones
 * are objects of their own, fixed as they go by). */
static void
fix_direct_annotations(struct pdfa *p, qpdf_oh page)
{
    qpdf_oh annots;
    int n;

    if (!qpdf_oh_has_key(p->q, page, "/Annots"))
        return;
    annots = qpdf_oh_get_key(p->q, page, "/Annots");
    if (qpdf_oh_is_indirect(p->q, annots) || !qpdf_oh_is_array(p->q, annots))
        return;
    n = qpdf_oh_get_array_n_items(p->q, annots);
    for (int i = 0; i < n; i++) {
        qpdf_oh a = qpdf_oh_get_array_item(p->q, annots, i);

        if (!qpdf_oh_is_indirect(p->q, a) && qpdf_oh_is_dictionary(p->q, a))
            fix_annotation(p, a);
    }
}

/* What PDF/A asks of object 'oh' (a dictionary, or a stream's). */
static void
fix_object(struct pdfa *p, qpdf_oh oh)
{
    qpdf_data q = p->q;

    if (qpdf_oh_is_stream(q, oh)) {
        qpdf_oh d = qpdf_oh_get_dict(q, oh);

        if (is_name(p, d, "/Subtype", "/Image") && is_true(p, d, "/Interpolate"))
            qpdf_oh_remove_key(q, d, "/Interpolate");
    } else if (!qpdf_oh_is_dictionary(q, oh)) {
        return;
    } else if (is_annotation(p, oh)) {
        fix_annotation(p, oh);
    } else if (is_name(p, oh, "/Type", "/Page")) {
        qpdf_oh_remove_key(q, oh, "/AA");
        fix_direct_annotations(p, oh);
    } else if (is_name(p, oh, "/Type", "/Font") &&
               /* a CIDFont's map is its Type0 parent's */
               !is_name(p, oh, "/Subtype", "/CIDFontType0") &&
               !is_name(p, oh, "/Subtype", "/CIDFontType2") &&
               !qpdf_oh_has_key(q, oh, "/ToUnicode")) {
        p->all_unicode = false;
    }
}

/*
 * The structure elements (or arrays of them) in 'k', depth first, onto
 * p->kids: an indirect one by its number, to be looked up in p->elems
 * (so that no other object is parsed here); a direct one in place
 * (KID_FIGURE when it is a /Figure, then its own kids).  Marked-content
 * ids, MCRs and OBJRs are left out.  'depth' counts levels within one
 * object.
 */
#define KID_FIGURE (-1)

static void collect_kids(struct pdfa *p, qpdf_oh k, int depth);

/* The items of the array 'a' (direct or not), as collect_kids() does. */
static void
collect_items(struct pdfa *p, qpdf_oh a, int depth)
{
    int n = qpdf_oh_get_array_n_items(p->q, a);

    for (int i = 0; i < n; i++)
        collect_kids(p, qpdf_oh_get_array_item(p->q, a, i), depth + 1);
}

static void
collect_kids(struct pdfa *p, qpdf_oh k, int depth)
{
    qpdf_data q = p->q;

    if (depth > PDFA_STRUCT_DEPTH_MAX || p->kids->len >= PDFA_OBJECTS_MAX)
        return;
    if (qpdf_oh_is_indirect(q, k)) {
        int id = qpdf_oh_get_object_id(q, k);

        g_array_append_val(p->kids, id);
    } else if (qpdf_oh_is_array(q, k)) {
        collect_items(p, k, depth);
    } else if (qpdf_oh_is_dictionary(q, k) && qpdf_oh_has_key(q, k, "/S")) {
        if (is_name(p, k, "/S", "/Figure")) {
            int fig = KID_FIGURE;

            g_array_append_val(p->kids, fig);
        }
        if (qpdf_oh_has_key(q, k, "/K"))
            collect_kids(p, qpdf_oh_get_key(q, k, "/K"), depth + 1);
    }
}

/* An element (a dictionary with /S) or an array that may hold some. */
struct elem {
    bool figure;
    guint first, n;                 /* its kids in p->kids */
};

static void
add_elem(struct pdfa *p, int id, qpdf_oh oh)
{
    qpdf_data q = p->q;
    struct elem e = {.first = p->kids->len};

    if (qpdf_oh_is_array(q, oh)) {
        collect_items(p, oh, 0);        /* 'oh' is indirect: its items */
    } else {
        e.figure = is_name(p, oh, "/S", "/Figure");
        if (qpdf_oh_has_key(q, oh, "/K"))
            collect_kids(p, qpdf_oh_get_key(q, oh, "/K"), 0);
    }
    e.n = p->kids->len - e.first;
    g_array_append_val(p->elems, e);
    g_hash_table_insert(p->elem_of, GINT_TO_POINTER(id),
                        GUINT_TO_POINTER(p->elems->len));
}

/*
 * The kids p->kids[first .. first + n), depth first, in the tree's order:
 * the figures counted, and each /Figure object given its /Alt ('depth'
 * counts objects; a direct /Figure is counted but gets none).
 */
static void
walk_struct(struct pdfa *p, guint first, guint n, int depth)
{
    if (depth > PDFA_STRUCT_DEPTH_MAX) {
        p->walk_cut = true;
        return;
    }
    for (guint i = first; i < first + n; i++) {
        int kid = g_array_index(p->kids, int, i);
        gpointer at;
        const struct elem *e;

        if (++p->visits > PDFA_OBJECTS_MAX) {
            p->walk_cut = true;
            return;
        }
        if (kid == KID_FIGURE) {
            p->info.figures++;          /* direct: counted, no /Alt */
            continue;
        }
        at = g_hash_table_lookup(p->elem_of, GINT_TO_POINTER(kid));
        if (!at)
            continue;
        e = &g_array_index(p->elems, struct elem, GPOINTER_TO_UINT(at) - 1);
        if (e->figure) {
            size_t f = p->info.figures++;

            if (f < p->o->nalt && p->o->alt[f] && *p->o->alt[f])
                g_hash_table_insert(p->alt_of, GINT_TO_POINTER(kid),
                                    (gpointer)p->o->alt[f]);
        }
        walk_struct(p, e->first, e->n, depth + 1);
    }
}

/* ---- the output -------------------------------------------------------- */

static void
put(struct pdfa *p, const void *data, size_t n)
{
    if (p->write_errno)
        return;
    g_checksum_update(p->md5, data, (gssize)n);
    if (p->o->out_file) {
        errno = 0;
        if (fwrite(data, 1, n, p->o->out_file) != n)
            p->write_errno = errno ? errno : EIO;
    } else {
        g_byte_array_append(p->mem, data, (guint)n);
    }
    p->at += n;
}

static void
put_text(struct pdfa *p, const char *text)
{
    put(p, text, strlen(text));
}

static void G_GNUC_PRINTF(2, 3)
put_printf(struct pdfa *p, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    put_text(p, s);
    g_free(s);
}

static struct xref_row *
row(struct pdfa *p, int id)
{
    if ((guint)id >= p->xref->len)
        g_array_set_size(p->xref, (guint)id + 1);
    return &g_array_index(p->xref, struct xref_row, id);
}

/* "ID 0 obj" at this offset (dsr_pdfa_convert() refuses a file past 4 GiB). */
static void
begin_object(struct pdfa *p, int id)
{
    *row(p, id) = (struct xref_row){1, (guint32)p->at, 0};
    put_printf(p, "%d 0 obj\n", id);
}

/*
 * 'data' compressed with zlib, as a FlateDecode stream's bytes; when zlib
 * has no memory (its only failure here), nothing, and p->nomem set.
 */
static GByteArray *
deflated(struct pdfa *p, const void *data, size_t n)
{
    uLongf len = compressBound((uLong)n);
    GByteArray *z = g_byte_array_sized_new((guint)len);

    g_byte_array_set_size(z, (guint)len);
    if (compress2(z->data, &len, data, (uLong)n, Z_DEFAULT_COMPRESSION) != Z_OK) {
        p->nomem = true;
        g_byte_array_set_size(z, 0);
        return z;
    }
    g_byte_array_set_size(z, (guint)len);
    return z;
}

/* Object 'id', a stream with dictionary 'd' (its /Length set here). */
static void
put_stream(struct pdfa *p, int id, qpdf_oh d, const void *data, size_t n)
{
    qpdf_oh_replace_key(p->q, d, "/Length", qpdf_oh_new_integer(p->q, (long long)n));
    begin_object(p, id);
    put_text(p, qpdf_oh_unparse_resolved(p->q, d));
    put_text(p, "\nstream\n");
    put(p, data, n);
    put_text(p, "\nendstream\nendobj\n");
}

/* The object stream being filled, written out (nothing when empty). */
static void
flush_objects(struct pdfa *p)
{
    GByteArray *z;

    if (p->stm_n == 0)
        return;
    g_string_append_len(p->stm_head, p->stm_body->str, (gssize)p->stm_body->len);
    z = deflated(p, p->stm_head->str, p->stm_head->len);
    begin_object(p, p->stm_id);
    put_printf(p, "<< /Type /ObjStm /N %d /First %zu /Filter /FlateDecode "
                  "/Length %u >>\nstream\n",
               p->stm_n, p->stm_head->len - p->stm_body->len, z->len);
    put(p, z->data, z->len);
    put_text(p, "\nendstream\nendobj\n");
    g_byte_array_unref(z);
    g_string_truncate(p->stm_head, 0);
    g_string_truncate(p->stm_body, 0);
    p->stm_n = 0;
}

/* Object 'id', not a stream, as 'text': into the object stream. */
static void
put_object(struct pdfa *p, int id, const char *text)
{
    if (p->stm_n == 0)
        p->stm_id = p->next_id++;
    *row(p, id) = (struct xref_row){2, (guint32)p->stm_id, (guint16)p->stm_n};
    g_string_append_printf(p->stm_head, "%d %zu ", id, p->stm_body->len);
    g_string_append(p->stm_body, text);
    g_string_append_c(p->stm_body, '\n');
    if (++p->stm_n == PDFA_STM_OBJECTS)
        flush_objects(p);
}

/* Object 'id' of the current reading, fixed, /Alt given, written. */
static int
copy_object(struct pdfa *p, int id, qpdf_oh oh, struct dsr_error *err)
{
    qpdf_data q = p->q;
    const char *alt;

    fix_object(p, oh);
    if (qpdf_oh_is_stream(q, oh)) {
        unsigned char *data = NULL;
        size_t n = 0;

        if (qpdf_oh_get_stream_data(q, oh, qpdf_dl_none, NULL, &data, &n) & QPDF_ERRORS)
            return qpdf_failed(p, err);
        put_stream(p, id, qpdf_oh_get_dict(q, oh), data, n);
        free(data);
    } else if (!qpdf_oh_is_null(q, oh)) {
        alt = g_hash_table_lookup(p->alt_of, GINT_TO_POINTER(id));
        if (alt && qpdf_oh_is_dictionary(q, oh))
            qpdf_oh_replace_key(q, oh, "/Alt", qpdf_oh_new_unicode_string(q, alt));
        put_object(p, id, qpdf_oh_unparse_resolved(q, oh));
    }
    return qpdf_ok(p, err);
}

/*
 * Every numbered object once, in order, fixed and written, but the
 * catalog, Info and the /Figure elements, which are written once the
 * structure has been walked; the structure elements recorded.
 */
static int
copy_objects(struct pdfa *p, struct dsr_error *err)
{
    for (int id = 1; id < p->size; id++) {
        qpdf_oh oh = object(p, id, err);
        qpdf_data q = p->q;

        if (!oh)
            return -1;
        if (id != p->root_id && id != p->info_id) {
            bool dict = qpdf_oh_is_dictionary(q, oh);

            if (qpdf_oh_is_array(q, oh) || (dict && qpdf_oh_has_key(q, oh, "/S")))
                add_elem(p, id, oh);
            if (dict && is_name(p, oh, "/S", "/Figure"))
                g_array_append_val(p->figures, id);
            else if (copy_object(p, id, oh, err) < 0)
                return -1;
        }
        qpdf_oh_release_all(q);
    }
    return 0;
}

/* The /Figure elements copy_objects() left, with their /Alt. */
static int
copy_figures(struct pdfa *p, struct dsr_error *err)
{
    for (guint i = 0; i < p->figures->len; i++) {
        int id = g_array_index(p->figures, int, i);
        qpdf_oh oh = object(p, id, err);

        if (!oh || copy_object(p, id, oh, err) < 0)
            return -1;
        qpdf_oh_release_all(p->q);
    }
    return 0;
}

/* ---- the catalog ------------------------------------------------------- */

/* The sRGB profile, read before anything is written. */
static int
read_profile(struct pdfa *p, struct dsr_error *err)
{
    const char *path = p->o->icc_path;
    int sys_errno = 0;
    enum dsr_read_result rr;

    rr = dsr_read_file(path, PDFA_ICC_MAX, &p->icc, &p->icc_len, &sys_errno);
    if (rr == DSR_READ_NOMEM)
        return dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
    if (rr == DSR_READ_IO)
        return dsr_error_sys(err, sys_errno, path,
                             "cannot read the colour profile of the PDF/A "
                             "dossier; reinstall dossier");
    if (rr != DSR_READ_OK || p->icc_len < 128 || memcmp(p->icc + 36, "acsp", 4) != 0)
        return dsr_error_set(err, DSR_IO, path, 0,
                             "this is not an ICC colour profile; reinstall "
                             "dossier");
    return 0;
}

/* The profile as object 'id'. */
static void
put_output_profile(struct pdfa *p, int id)
{
    qpdf_data q = p->q;
    GByteArray *z = deflated(p, p->icc, p->icc_len);
    qpdf_oh d = qpdf_oh_new_dictionary(q);

    qpdf_oh_replace_key(q, d, "/N", qpdf_oh_new_integer(q, 3));
    qpdf_oh_replace_key(q, d, "/Filter", qpdf_oh_new_name(q, "/FlateDecode"));
    put_stream(p, id, d, z->data, z->len);
    g_byte_array_unref(z);
}

/*
 * The catalog, the Info dictionary and the new objects: the XMP
 * metadata and the colour profile.  Sets p->info_id when Info is new.
 */
static int
write_document(struct pdfa *p, struct dsr_error *err)
{
    qpdf_data q;
    qpdf_oh root, info, d;
    int meta_id = p->next_id++, icc_id = p->next_id++;
    char *doc_id, *xmp, *text, *tail;
    size_t xmp_len;

    if (reading(p, err) < 0)
        return -1;
    q = p->q;
    p->got += 2;                        /* the catalog and Info */
    if (p->info_id > 0) {
        info = qpdf_get_object_by_id(q, p->info_id, 0);
    } else {
        /* none, or a direct one (which PDF does not allow): a new object */
        info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
        if (!qpdf_oh_is_dictionary(q, info))
            info = qpdf_oh_new_dictionary(q);
        p->info_id = p->next_id++;
    }
    if (p->o->document_id && *p->o->document_id) {
        char *esc = g_uri_escape_string(p->o->document_id, NULL, FALSE);

        doc_id = g_strconcat("urn:dossier:", esc, NULL);
        g_free(esc);
    } else {
        char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, p->in, p->len);

        doc_id = g_strconcat("urn:sha256:", sum, NULL);
        g_free(sum);
    }
    xmp = xmp_packet(p, info, doc_id, &xmp_len);
    g_free(doc_id);
    put_object(p, p->info_id, qpdf_oh_unparse_resolved(q, info));

    root = qpdf_get_root(q);
    qpdf_oh_remove_key(q, root, "/AA");
    qpdf_oh_replace_key(q, root, "/Lang",
                        qpdf_oh_new_unicode_string(q, p->lang));
    qpdf_oh_remove_key(q, root, "/Metadata");
    qpdf_oh_remove_key(q, root, "/OutputIntents");
    /*
     * The new objects are not in qpdf's reading (making them there would
     * have it parse every object), so their references are written as
     * text before the ">>" that ends qpdf's text of the catalog.
     */
    text = g_strdup(qpdf_oh_unparse_resolved(q, root));
    if (!g_str_has_suffix(text, ">>")) {
        g_free(text);
        g_free(xmp);
        return qpdf_ok(p, err) < 0 ? -1
                                   : dsr_error_set(err, DSR_RENDER, NULL, 0,
                                                 "cannot make the PDF a PDF/A "
                                                 "file: its catalog is not a "
                                                 "dictionary");
    }
    text[strlen(text) - 2] = '\0';
    tail = g_strdup_printf("%s/Metadata %d 0 R /OutputIntents [ << /Type "
                           "/OutputIntent /S /GTS_PDFA1 "
                           "/OutputConditionIdentifier (sRGB IEC61966-2.1) "
                           "/Info (sRGB IEC61966-2.1) "
                           "/RegistryName (http://www.color.org) "
                           "/DestOutputProfile %d 0 R >> ] >>",
                           text, meta_id, icc_id);
    put_object(p, p->root_id, tail);
    g_free(tail);
    g_free(text);

    d = qpdf_oh_new_dictionary(q);
    qpdf_oh_replace_key(q, d, "/Type", qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, d, "/Subtype", qpdf_oh_new_name(q, "/XML"));
    put_stream(p, meta_id, d, xmp, xmp_len);
    g_free(xmp);
    put_output_profile(p, icc_id);
    return qpdf_ok(p, err);
}

/*
 * The cross-reference stream, which is also the trailer, and the end:
 * /W [1 4 2], one row per object number.  The /ID is the MD5 of every
 * byte before it, so the same input gives the same file.
 */
static void
write_xref(struct pdfa *p)
{
    int id = p->next_id++;
    GChecksum *done = g_checksum_copy(p->md5);  /* get_string closes it */
    char *md5 = g_strdup(g_checksum_get_string(done));
    size_t start = p->at;
    GByteArray *rows, *z;

    *row(p, 0) = (struct xref_row){0, 0, 65535};
    *row(p, id) = (struct xref_row){1, (guint32)p->at, 0};
    rows = g_byte_array_sized_new(p->xref->len * 7);
    for (guint i = 0; i < p->xref->len; i++) {
        const struct xref_row *r = &g_array_index(p->xref, struct xref_row, i);
        guint8 b[7] = {r->type,
                       (guint8)(r->f2 >> 24), (guint8)(r->f2 >> 16),
                       (guint8)(r->f2 >> 8), (guint8)r->f2,
                       (guint8)(r->f3 >> 8), (guint8)r->f3};

        g_byte_array_append(rows, b, sizeof(b));
    }
    z = deflated(p, rows->data, rows->len);
    put_printf(p, "%d 0 obj\n<< /Type /XRef /Size %u /W [ 1 4 2 ] /Root %d 0 R "
                  "/Info %d 0 R /ID [ <%s> <%s> ] /Filter /FlateDecode "
                  "/Length %u >>\nstream\n",
               id, p->xref->len, p->root_id, p->info_id, md5, md5, z->len);
    put(p, z->data, z->len);
    put_printf(p, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", start);
    g_byte_array_unref(z);
    g_byte_array_unref(rows);
    g_checksum_free(done);
    g_free(md5);
}

/*
 * The header: the input's version from 1.5 (object streams need it) to
 * 1.7 (PDF/A-2's), and the comment of four bytes over 127 (6.1.2).
 */
static void
write_header(struct pdfa *p, const char *version)
{
    bool keep = strlen(version) == 3 && strcmp(version, "1.5") > 0 &&
                strcmp(version, "1.7") <= 0;

    put_printf(p, "%%PDF-%s\n%%\xb5\xed\xae\xfb\n", keep ? version : "1.5");
}

/* The trailer's /Size, the catalog's and Info's numbers, the tree's top. */
static int
read_trailer(struct pdfa *p, struct dsr_error *err)
{
    qpdf_data q;
    qpdf_oh trailer, size, root, v;

    if (reading(p, err) < 0)
        return -1;
    q = p->q;
    if (qpdf_is_encrypted(q))
        return dsr_error_set(err, DSR_RENDER, NULL, 0,
                             "cannot make an encrypted PDF a PDF/A file");
    trailer = qpdf_get_trailer(q);
    size = qpdf_oh_get_key(q, trailer, "/Size");
    root = qpdf_get_root(q);
    if (qpdf_ok(p, err) < 0)
        return -1;
    /*
     * cairo writes a cross-reference table and no object streams.  Those
     * of another writer would be copied as dead objects, and each reading
     * would parse a whole object stream again for any one of its objects.
     */
    if (is_name(p, trailer, "/Type", "/XRef") || qpdf_oh_has_key(q, trailer, "/XRefStm"))
        return dsr_error_set(err, DSR_RENDER, NULL, 0,
                             "cannot make the PDF a PDF/A file: its "
                             "cross-reference is a stream, which the PDFs "
                             "dossier draws never have");
    if (!qpdf_oh_is_dictionary(q, root) || !qpdf_oh_is_indirect(q, root))
        return dsr_error_set(err, DSR_RENDER, NULL, 0,
                             "cannot make the PDF a PDF/A file: its catalog "
                             "is not a numbered dictionary");
    if (!qpdf_oh_is_integer(q, size) || qpdf_oh_get_int_value(q, size) < 1 ||
        (unsigned long long)qpdf_oh_get_int_value(q, size) > PDFA_OBJECTS_MAX)
        return dsr_error_set(err, DSR_RENDER, NULL, 0,
                             "cannot make the PDF a PDF/A file: its trailer's "
                             "/Size is missing or over %zu",
                             (size_t)PDFA_OBJECTS_MAX);
    p->size = p->next_id = (int)qpdf_oh_get_int_value(q, size);
    p->chunk = MAX(PDFA_CHUNK, (size_t)p->size / PDFA_READINGS + 1);
    p->root_id = qpdf_oh_get_object_id(q, root);
    v = qpdf_oh_get_key(q, trailer, "/Info");
    if (qpdf_oh_is_indirect(q, v) && qpdf_oh_is_dictionary(q, v))
        p->info_id = qpdf_oh_get_object_id(q, v);
    /*
     * Every object of a cross-reference table takes 20 bytes in it, so a
     * /Size past len / 20 claims objects the file cannot hold (the pass
     * would spend its time on numbers); the new objects are numbered
     * from /Size, so the catalog and Info must be below it.
     */
    if ((size_t)p->size > p->len / 20 + 1 || p->root_id >= p->size ||
        p->info_id >= p->size)
        return dsr_error_set(err, DSR_RENDER, NULL, 0,
                             "cannot make the PDF a PDF/A file: its trailer's "
                             "/Size (%d) does not fit the file", p->size);
    p->got++;                           /* the catalog */
    /* the structure tree's top: its elements come from copy_objects() */
    p->top = p->kids->len;
    if (qpdf_oh_has_key(q, root, "/StructTreeRoot")) {
        qpdf_oh str = qpdf_oh_get_key(q, root, "/StructTreeRoot");

        if (qpdf_oh_is_dictionary(q, str) && qpdf_oh_has_key(q, str, "/K"))
            collect_kids(p, qpdf_oh_get_key(q, str, "/K"), 0);
    }
    p->ntop = p->kids->len - p->top;
    write_header(p, qpdf_get_pdf_version(q));
    qpdf_oh_release_all(q);
    return qpdf_ok(p, err);
}

int
dsr_pdfa_convert(const unsigned char *in, size_t len,
                 const struct dsr_pdfa_opts *o, unsigned char **out,
                 size_t *out_len, struct dsr_pdfa_info *info,
                 struct dsr_error *err)
{
    struct pdfa p = {.in = in, .len = len, .o = o, .all_unicode = true,
                     .lang = o->lang ? o->lang : "id-ID", .chunk = PDFA_CHUNK};
    int ret = -1;

    *out = NULL;
    *out_len = 0;
    if (!o->icc_path)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0, "no colour profile");
    p.kids = g_array_new(FALSE, FALSE, sizeof(int));
    p.elems = g_array_new(FALSE, FALSE, sizeof(struct elem));
    p.elem_of = g_hash_table_new(NULL, NULL);
    p.figures = g_array_new(FALSE, FALSE, sizeof(int));
    p.alt_of = g_hash_table_new(NULL, NULL);
    p.mem = o->out_file ? NULL : g_byte_array_new();
    p.md5 = g_checksum_new(G_CHECKSUM_MD5);
    p.xref = g_array_new(FALSE, TRUE, sizeof(struct xref_row));
    p.stm_head = g_string_new(NULL);
    p.stm_body = g_string_new(NULL);

    if (read_profile(&p, err) < 0 || read_trailer(&p, err) < 0 ||
        copy_objects(&p, err) < 0)
        goto out;
    walk_struct(&p, p.top, p.ntop, 0);
    /*
     * A tree too deep, or a cycle or shared subtrees (no PDF of dossier
     * has either), hides figures from the count: the /Alt texts after the
     * first hidden one would name the wrong figures, so none is given.
     */
    if (p.walk_cut)
        g_hash_table_remove_all(p.alt_of);
    if (copy_figures(&p, err) < 0 || write_document(&p, err) < 0)
        goto out;
    flush_objects(&p);
    write_xref(&p);
    if (p.nomem) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if (p.write_errno) {
        dsr_error_sys(err, p.write_errno, o->out_name, "cannot write");
        goto out;
    }
    if (p.at > G_MAXUINT32) {
        dsr_error_set(err, DSR_RENDER, o->out_name, 0,
                      "cannot make the PDF a PDF/A file: it would be over 4 GiB");
        goto out;
    }
    if (p.mem) {
        *out_len = p.mem->len;
        /* GLib allocates with malloc() since 2.46: the caller's free() */
        *out = g_byte_array_steal(p.mem, NULL);
    }
    p.info.conformance = p.all_unicode ? 'U' : 'B';
    if (info)
        *info = p.info;
    ret = 0;
out:
    if (p.q)
        qpdf_cleanup(&p.q);
    g_array_free(p.kids, TRUE);
    g_array_free(p.elems, TRUE);
    g_hash_table_destroy(p.elem_of);
    g_array_free(p.figures, TRUE);
    g_hash_table_destroy(p.alt_of);
    if (p.mem)
        g_byte_array_unref(p.mem);
    g_checksum_free(p.md5);
    g_array_free(p.xref, TRUE);
    g_string_free(p.stm_head, TRUE);
    g_string_free(p.stm_body, TRUE);
    free(p.icc);
    return ret;
}
