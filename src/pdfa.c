/*
 * pdfa.c -- cairo's PDF made PDF/A-2 (ISO 19005-2) with libqpdf's C API
 * (r22-pdfa).  cairo 1.16 writes a tagged PDF with its fonts embedded,
 * but no XMP metadata, no output intent, no /Lang, links without the
 * print flag, and no /Alt.  One pass of qpdf adds them; the clauses:
 *
 *   6.1.3    a trailer /ID: qpdf's deterministic one, an MD5 of the
 *            written content, so the same input gives the same bytes
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
 * The input is the render's own output, but the code reads it as any PDF:
 * every walk is bounded (PDFA_OBJECTS_MAX objects, PDFA_STRUCT_DEPTH_MAX
 * levels), and qpdf's errors come back as DSR_RENDER, never a crash.
 */
#include "pdfa.h"

#include "fileio.h"
#include "internal.h"

#include <errno.h>
#include <glib.h>
#include <qpdf/qpdf-c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pdfa {
    qpdf_data q;
    const struct dsr_pdfa_opts *o;
    struct dsr_pdfa_info info;
    bool all_unicode;
    size_t visits;
};

static int
qpdf_failed(struct pdfa *p, struct dsr_error *err)
{
    qpdf_error e = qpdf_get_error(p->q);
    const char *text = e ? qpdf_get_error_full_text(p->q, e) : "unknown error";

    return dsr_error_set(err, DSR_RENDER, NULL, 0,
                         "cannot make the PDF a PDF/A file (qpdf: %s)", text);
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
    if (n != 6)
        return false;
    n = snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d", d[0], d[1], d[2],
                 d[3], d[4], d[5]);
    if (*c == 'Z' && c[1] == '\0')
        g_strlcat(out, "Z", size);
    else if ((*c == '+' || *c == '-') && g_ascii_isdigit(c[1]) &&
             g_ascii_isdigit(c[2]) && c[3] == '\'' && g_ascii_isdigit(c[4]) &&
             g_ascii_isdigit(c[5]) && (c[6] == '\0' || (c[6] == '\'' && !c[7]))) {
        char zone[8] = {c[0], c[1], c[2], ':', c[4], c[5], '\0'};

        g_strlcat(out, zone, size);
    } else if (*c != '\0')
        return false;
    return n > 0 && (size_t)n < size;
}

/* Info's 'key' as UTF-8, or NULL when it is not a string. */
static const char *
info_text(struct pdfa *p, qpdf_oh info, const char *key)
{
    qpdf_oh v;

    if (!qpdf_oh_has_key(p->q, info, key))
        return NULL;
    v = qpdf_oh_get_key(p->q, info, key);
    return qpdf_oh_is_string(p->q, v) ? qpdf_oh_get_utf8_value(p->q, v) : NULL;
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
    const char *v = info_text(p, info, key);
    char iso[40];

    if (!v)
        return;
    if (!xmp_date(v, iso, sizeof(iso))) {
        qpdf_oh_remove_key(p->q, info, key);
        return;
    }
    /* cairo 1.16 leaves out the "D:" the PDF date syntax begins with */
    if (strncmp(v, "D:", 2) != 0) {
        char *fixed = g_strconcat("D:", v, NULL);

        qpdf_oh_replace_key(p->q, info, key, qpdf_oh_new_string(p->q, fixed));
        g_free(fixed);
    }
    xmp_simple(s, prop, iso);
    if (also)
        xmp_simple(s, also, iso);
}

static char *
xmp_packet(struct pdfa *p, qpdf_oh info, const char *doc_id, size_t *len)
{
    GString *s = g_string_new(NULL);
    const char *v;

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
    if ((v = info_text(p, info, "/Title")))
        xmp_list(s, "dc:title", "Alt", v, true);
    if ((v = info_text(p, info, "/Author")))
        xmp_list(s, "dc:creator", "Seq", v, false);
    if ((v = info_text(p, info, "/Subject")))
        xmp_list(s, "dc:description", "Alt", v, true);
    xmp_list(s, "dc:language", "Bag", p->o->lang, false);
    if ((v = info_text(p, info, "/Keywords")))
        xmp_simple(s, "pdf:Keywords", v);
    if ((v = info_text(p, info, "/Producer")))
        xmp_simple(s, "pdf:Producer", v);
    if ((v = info_text(p, info, "/Creator")))
        xmp_simple(s, "xmp:CreatorTool", v);
    xmp_info_date(p, info, s, "/CreationDate", "xmp:CreateDate", NULL);
    xmp_info_date(p, info, s, "/ModDate", "xmp:ModifyDate", "xmp:MetadataDate");
    xmp_simple(s, "xmpMM:DocumentID", doc_id);
    xmp_simple(s, "xmpMM:InstanceID", doc_id);
    g_string_append(s, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n"
                       "<?xpacket end=\"r\"?>\n");
    *len = s->len;
    return g_string_free(s, FALSE);
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

/* One numbered object: annotations, images, fonts and pages. */
static void
fix_object(struct pdfa *p, qpdf_oh oh)
{
    qpdf_data q = p->q;
    qpdf_oh d = oh;

    if (qpdf_oh_is_stream(q, oh))
        d = qpdf_oh_get_dict(q, oh);
    else if (!qpdf_oh_is_dictionary(q, oh))
        return;
    if (qpdf_oh_is_stream(q, oh)) {
        if (is_name(p, d, "/Subtype", "/Image") && qpdf_oh_has_key(q, d, "/Interpolate"))
            qpdf_oh_remove_key(q, d, "/Interpolate");
        return;
    }
    if (is_name(p, d, "/Type", "/Annot") ||
        (qpdf_oh_has_key(q, d, "/Subtype") && qpdf_oh_has_key(q, d, "/Rect") &&
         !qpdf_oh_has_key(q, d, "/Type"))) {
        qpdf_oh_replace_key(q, d, "/F", qpdf_oh_new_integer(q, 4));
        qpdf_oh_remove_key(q, d, "/AA");
        p->info.annotations++;
    } else if (is_name(p, d, "/Type", "/Page")) {
        qpdf_oh_remove_key(q, d, "/AA");
    } else if (is_name(p, d, "/Type", "/Font")) {
        /* a CIDFont's map is its Type0 parent's */
        if (!is_name(p, d, "/Subtype", "/CIDFontType0") &&
            !is_name(p, d, "/Subtype", "/CIDFontType2") &&
            !qpdf_oh_has_key(q, d, "/ToUnicode"))
            p->all_unicode = false;
    }
}

static void
fix_objects(struct pdfa *p)
{
    qpdf_data q = p->q;
    qpdf_oh size = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Size");
    long long n = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value(q, size) : 0;

    if (n < 0 || (unsigned long long)n > PDFA_OBJECTS_MAX)
        n = (long long)PDFA_OBJECTS_MAX;
    /*
     * Every handle the C API returns is kept until released; one object
     * at a time, so that they do not pile up (PDFA_OBJECTS_MAX of them,
     * each a few handles): none is held across iterations.
     */
    qpdf_oh_release_all(q);
    for (long long id = 1; id < n; id++) {
        fix_object(p, qpdf_get_object_by_id(q, (int)id, 0));
        qpdf_oh_release_all(q);
    }
}

/* The structure element (or array of them) 'k', depth first. */
static void
walk_struct(struct pdfa *p, qpdf_oh k, int depth)
{
    qpdf_data q = p->q;

    if (depth > PDFA_STRUCT_DEPTH_MAX || ++p->visits > PDFA_OBJECTS_MAX)
        return;
    if (qpdf_oh_is_array(q, k)) {
        int n = qpdf_oh_get_array_n_items(q, k);

        for (int i = 0; i < n; i++) {
            qpdf_oh item = qpdf_oh_get_array_item(q, k, i);

            walk_struct(p, item, depth + 1);
            qpdf_oh_release(q, item);
        }
        return;
    }
    if (!qpdf_oh_is_dictionary(q, k) || !qpdf_oh_has_key(q, k, "/S"))
        return;         /* a marked-content id, an MCR or an OBJR */
    if (is_name(p, k, "/S", "/Figure")) {
        if (p->info.figures < p->o->nalt && p->o->alt[p->info.figures] &&
            *p->o->alt[p->info.figures])
            qpdf_oh_replace_key(q, k, "/Alt",
                                qpdf_oh_new_unicode_string(
                                    q, p->o->alt[p->info.figures]));
        p->info.figures++;
    }
    if (qpdf_oh_has_key(q, k, "/K")) {
        qpdf_oh kids = qpdf_oh_get_key(q, k, "/K");

        walk_struct(p, kids, depth + 1);
        qpdf_oh_release(q, kids);
    }
}

/* ---- the catalog ------------------------------------------------------- */

static int
add_output_intent(struct pdfa *p, struct dsr_error *err)
{
    qpdf_data q = p->q;
    char *icc = NULL;
    size_t icc_len = 0;
    int sys_errno = 0;
    enum dsr_read_result rr;
    qpdf_oh profile, intent, list;

    rr = dsr_read_file(p->o->icc_path, PDFA_ICC_MAX, &icc, &icc_len, &sys_errno);
    if (rr == DSR_READ_NOMEM)
        return dsr_error_set(err, DSR_NOMEM, p->o->icc_path, 0, "out of memory");
    if (rr != DSR_READ_OK || icc_len < 128 || memcmp(icc + 36, "acsp", 4) != 0) {
        free(icc);
        if (rr == DSR_READ_IO)
            return dsr_error_sys(err, sys_errno, p->o->icc_path,
                                 "cannot read the colour profile of the PDF/A "
                                 "dossier; reinstall dossier");
        return dsr_error_set(err, DSR_IO, p->o->icc_path, 0,
                             "this is not an ICC colour profile; reinstall "
                             "dossier");
    }
    profile = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, profile, (const unsigned char *)icc, icc_len,
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    free(icc);
    qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, profile), "/N",
                        qpdf_oh_new_integer(q, 3));
    intent = qpdf_oh_parse(q, "<< /Type /OutputIntent /S /GTS_PDFA1 "
                              "/OutputConditionIdentifier (sRGB IEC61966-2.1) "
                              "/Info (sRGB IEC61966-2.1) "
                              "/RegistryName (http://www.color.org) >>");
    qpdf_oh_replace_key(q, intent, "/DestOutputProfile", profile);
    list = qpdf_oh_new_array(q);
    qpdf_oh_append_item(q, list, intent);
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", list);
    return 0;
}

static int
add_metadata(struct pdfa *p, const unsigned char *in, size_t len,
             struct dsr_error *err)
{
    qpdf_data q = p->q;
    qpdf_oh trailer = qpdf_get_trailer(q);
    qpdf_oh info;
    qpdf_oh meta;
    char *doc_id;
    char *xmp;
    size_t xmp_len;

    (void)err;
    if (!qpdf_oh_has_key(q, trailer, "/Info") ||
        !qpdf_oh_is_dictionary(q, qpdf_oh_get_key(q, trailer, "/Info"))) {
        info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
        qpdf_oh_replace_key(q, trailer, "/Info", info);
    }
    info = qpdf_oh_get_key(q, trailer, "/Info");
    if (p->o->document_id && *p->o->document_id) {
        char *esc = g_uri_escape_string(p->o->document_id, NULL, FALSE);

        doc_id = g_strconcat("urn:dossier:", esc, NULL);
        g_free(esc);
    } else {
        char *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, in, len);

        doc_id = g_strconcat("urn:sha256:", sum, NULL);
        g_free(sum);
    }
    xmp = xmp_packet(p, info, doc_id, &xmp_len);
    g_free(doc_id);
    meta = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, meta, (const unsigned char *)xmp, xmp_len,
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    g_free(xmp);
    qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, meta), "/Type",
                        qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, meta), "/Subtype",
                        qpdf_oh_new_name(q, "/XML"));
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/Metadata", meta);
    return 0;
}

int
dsr_pdfa_convert(const unsigned char *in, size_t len,
                 const struct dsr_pdfa_opts *o, unsigned char **out,
                 size_t *out_len, struct dsr_pdfa_info *info,
                 struct dsr_error *err)
{
    struct pdfa p = {.o = o, .all_unicode = true};
    qpdf_oh root;
    const unsigned char *buf;
    size_t n;
    int ret = -1;

    *out = NULL;
    *out_len = 0;
    if (!o->icc_path)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0, "no colour profile");
    p.q = qpdf_init();
    if (!p.q)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    qpdf_silence_errors(p.q);
    qpdf_set_suppress_warnings(p.q, QPDF_TRUE);
    /* a damaged PDF is an error, not something to repair silently */
    qpdf_set_attempt_recovery(p.q, QPDF_FALSE);
    if (qpdf_read_memory(p.q, "dossier.pdf", (const char *)in, len, NULL) &
        QPDF_ERRORS) {
        qpdf_failed(&p, err);
        goto out;
    }
    if (qpdf_is_encrypted(p.q)) {
        dsr_error_set(err, DSR_RENDER, NULL, 0,
                      "cannot make an encrypted PDF a PDF/A file");
        goto out;
    }
    root = qpdf_get_root(p.q);
    if (qpdf_has_error(p.q) || !qpdf_oh_is_dictionary(p.q, root)) {
        qpdf_failed(&p, err);
        goto out;
    }
    fix_objects(&p);
    /* fix_objects() released every handle */
    root = qpdf_get_root(p.q);
    if (qpdf_oh_has_key(p.q, root, "/StructTreeRoot")) {
        qpdf_oh str = qpdf_oh_get_key(p.q, root, "/StructTreeRoot");

        if (qpdf_oh_is_dictionary(p.q, str) && qpdf_oh_has_key(p.q, str, "/K"))
            walk_struct(&p, qpdf_oh_get_key(p.q, str, "/K"), 0);
    }
    qpdf_oh_remove_key(p.q, root, "/AA");
    qpdf_oh_replace_key(p.q, root, "/Lang",
                        qpdf_oh_new_unicode_string(p.q, o->lang ? o->lang : "id-ID"));
    if (add_output_intent(&p, err) < 0 || add_metadata(&p, in, len, err) < 0)
        goto out;
    if (qpdf_has_error(p.q)) {
        qpdf_failed(&p, err);
        goto out;
    }

    /* the same input, the same bytes: no timestamps, an /ID from the content */
    if (o->out_path) {
        if (qpdf_init_write(p.q, o->out_path) & QPDF_ERRORS) {
            qpdf_failed(&p, err);
            goto out;
        }
    } else if (qpdf_init_write_memory(p.q) & QPDF_ERRORS) {
        qpdf_failed(&p, err);
        goto out;
    }
    qpdf_set_deterministic_ID(p.q, QPDF_TRUE);
    qpdf_set_object_stream_mode(p.q, qpdf_o_generate);
    /* cairo's streams as they are; ours (ICC) compressed, XMP left plain */
    qpdf_set_decode_level(p.q, qpdf_dl_none);
    qpdf_set_compress_streams(p.q, QPDF_TRUE);
    qpdf_set_preserve_encryption(p.q, QPDF_FALSE);
    if (qpdf_write(p.q) & QPDF_ERRORS) {
        qpdf_failed(&p, err);
        goto out;
    }
    if (!o->out_path) {
        buf = qpdf_get_buffer(p.q);
        n = qpdf_get_buffer_length(p.q);
        *out = malloc(n ? n : 1);
        if (!*out) {
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        memcpy(*out, buf, n);
        *out_len = n;
    }
    p.info.conformance = p.all_unicode ? 'U' : 'B';
    if (info)
        *info = p.info;
    ret = 0;
out:
    qpdf_cleanup(&p.q);
    return ret;
}
