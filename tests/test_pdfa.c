/*
 * test_pdfa.c -- src/pdfa.c (issue 22, point 1): a tiny tagged cairo PDF
 * made here comes out as PDF/A-2 (XMP with pdfaid part 2 and the Info
 * entries, the sRGB output intent, a trailer /ID, /Lang, /F 4 on the
 * link, no /Interpolate, /Alt on the figure), the same bytes twice; a
 * missing or wrong colour profile is an error naming it; input that is
 * not a PDF is an error, not a crash.
 */
#define _GNU_SOURCE /* memmem */
#include "pdfa.h"

#include "dossier/error.h"
#include "testutil.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib.h>
#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ICC TEST_SOURCE_DIR "/templates/color/sRGB.icc"

static cairo_status_t
to_array(void *closure, const unsigned char *data, unsigned int length)
{
    g_byte_array_append(closure, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/* A one-page tagged PDF: text, a link, and an interpolated image. */
static GByteArray *
tiny_pdf(void)
{
    GByteArray *a = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_array, a, 200, 200);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8);
    cairo_t *cr = cairo_create(s);

    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Dosir <uji> & co");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, "Kabupaten Sukamaju");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "dossier");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
                                   "2024-01-02T03:04:05Z");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE,
                                   "2024-01-02T03:04:05Z");
    cairo_tag_begin(cr, "Document", NULL);
    cairo_tag_begin(cr, "H1", NULL);
    cairo_move_to(cr, 20, 40);
    cairo_show_text(cr, "Judul");
    cairo_tag_end(cr, "H1");
    cairo_tag_begin(cr, CAIRO_TAG_LINK, "uri='https://example.org/'");
    cairo_move_to(cr, 20, 60);
    cairo_show_text(cr, "tautan");
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    cairo_tag_begin(cr, "Figure", NULL);
    cairo_scale(cr, 4, 4);
    cairo_set_source_surface(cr, img, 5, 20);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_paint(cr);
    cairo_tag_end(cr, "Figure");
    cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_finish(s);
    ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    cairo_surface_destroy(img);
    return a;
}

static const char *const alt[] = {"scan-01.pdf"};

static int
convert(const GByteArray *in, const char *icc, const char *doc_id,
        unsigned char **out, size_t *len, struct dsr_pdfa_info *info,
        struct dsr_error *err)
{
    struct dsr_pdfa_opts o = {.icc_path = icc, .lang = "en-US",
                              .document_id = doc_id, .alt = alt, .nalt = 1};

    return dsr_pdfa_convert(in->data, in->len, &o, out, len, info, err);
}

static bool
has(const unsigned char *buf, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(buf + i, needle, n) == 0)
            return true;
    return false;
}

/* The value of key in dict 'oh', unparsed, "" when absent. */
static const char *
key_text(qpdf_data q, qpdf_oh oh, const char *key)
{
    if (!qpdf_oh_has_key(q, oh, key))
        return "";
    return qpdf_oh_unparse_resolved(q, qpdf_oh_get_key(q, oh, key));
}

/*
 * 'out' read back by qpdf without its repairs and without a warning;
 * every object the cross-reference stream places at an offset begins
 * there, and the /ID is the MD5 of every byte before that stream.
 */
static qpdf_data
read_back(const unsigned char *out, size_t len)
{
    qpdf_data q = qpdf_init();
    const char *tail = NULL;
    size_t xref_at;
    int xref_id;
    qpdf_oh xs, w, ids;
    unsigned char *rows = NULL;
    size_t nrows = 0;
    char *md5, *want;

    qpdf_silence_errors(q);
    qpdf_set_attempt_recovery(q, QPDF_FALSE);
    ck_assert_int_eq(qpdf_read_memory(q, "out", (const char *)out, len, NULL), QPDF_SUCCESS);
    for (size_t i = len > 64 ? len - 64 : 0; i + 10 <= len; i++)
        if (memcmp(out + i, "startxref\n", 10) == 0)
            tail = (const char *)out + i;
    ck_assert_ptr_nonnull(tail);
    xref_at = strtoul(tail + 10, NULL, 10);
    ck_assert_uint_lt(xref_at, len);
    xref_id = atoi((const char *)out + xref_at);
    xs = qpdf_get_object_by_id(q, xref_id, 0);
    ck_assert(qpdf_oh_is_stream(q, xs));
    w = qpdf_oh_get_key(q, qpdf_oh_get_dict(q, xs), "/W");
    ck_assert_str_eq(qpdf_oh_unparse(q, w), "[ 1 4 2 ]");
    ck_assert_int_eq(qpdf_oh_get_stream_data(q, xs, qpdf_dl_generalized, NULL, &rows,
                                             &nrows), QPDF_SUCCESS);
    ck_assert_uint_eq(nrows % 7, 0);
    for (size_t i = 0; i < nrows / 7; i++) {
        const unsigned char *r = rows + i * 7;
        size_t at = (size_t)r[1] << 24 | (size_t)r[2] << 16 | (size_t)r[3] << 8 | r[4];
        char *head;

        if (r[0] != 1)
            continue;
        head = g_strdup_printf("%zu 0 obj\n", i);
        ck_assert_uint_lt(at, len);
        ck_assert_msg(strncmp((const char *)out + at, head, strlen(head)) == 0,
                      "object %zu is not at %zu", i, at);
        g_free(head);
    }
    free(rows);
    md5 = g_compute_checksum_for_data(G_CHECKSUM_MD5, out, xref_at);
    want = g_strdup_printf("[ <%s> <%s> ]", md5, md5);
    ids = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/ID");
    ck_assert_str_eq(qpdf_oh_unparse(q, ids), want);
    g_free(want);
    g_free(md5);
    ck_assert(!qpdf_has_error(q));
    return q;
}

START_TEST(test_pdfa_adds_what_pdfa_needs)
{
    GByteArray *in = tiny_pdf();
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_pdfa_info info;
    unsigned char *out = NULL;
    size_t len = 0;
    qpdf_data q;
    qpdf_oh root, trailer, intents;
    bool link_f4 = false, interpolate = false;

    ck_assert_int_eq(convert(in, ICC, NULL, &out, &len, &info, &err), 0);
    /* 6.6.2.1, 6.6.4: the XMP, uncompressed, with its identification */
    ck_assert(has(out, len, "<pdfaid:part>2</pdfaid:part>"));
    ck_assert_int_eq(info.conformance, 'U');
    ck_assert(has(out, len, "<pdfaid:conformance>U</pdfaid:conformance>"));
    /* 6.6.3: Info's title, escaped, and its date as the same instant */
    ck_assert(has(out, len, "Dosir &lt;uji&gt; &amp; co</rdf:li>"));
    ck_assert(has(out, len, "<xmp:CreateDate>2024-01-02T03:04:05Z</xmp:CreateDate>"));
    ck_assert(has(out, len, "<dc:language><rdf:Bag><rdf:li>en-US</rdf:li>"));
    ck_assert(has(out, len, "<xmpMM:DocumentID>urn:sha256:"));
    ck_assert_uint_eq(info.annotations, 1);
    ck_assert_uint_eq(info.figures, 1);

    q = read_back(out, len);
    root = qpdf_get_root(q);
    trailer = qpdf_get_trailer(q);
    /* 6.1.3 */
    ck_assert(qpdf_oh_is_array(q, qpdf_oh_get_key(q, trailer, "/ID")));
    ck_assert(!qpdf_oh_has_key(q, trailer, "/Encrypt"));
    ck_assert_str_eq(key_text(q, root, "/Lang"), "(en-US)");
    ck_assert_str_eq(key_text(q, qpdf_oh_get_dict(q, qpdf_oh_get_key(q, root, "/Metadata")),
                              "/Subtype"), "/XML");
    ck_assert(!qpdf_oh_has_key(q, qpdf_oh_get_dict(q, qpdf_oh_get_key(q, root, "/Metadata")),
                               "/Filter"));
    /* 6.2.3 */
    intents = qpdf_oh_get_key(q, root, "/OutputIntents");
    ck_assert_int_eq(qpdf_oh_get_array_n_items(q, intents), 1);
    ck_assert_str_eq(key_text(q, qpdf_oh_get_array_item(q, intents, 0), "/S"),
                     "/GTS_PDFA1");
    ck_assert(qpdf_oh_is_stream(
        q, qpdf_oh_get_key(q, qpdf_oh_get_array_item(q, intents, 0), "/DestOutputProfile")));
    /* 6.3.2 and 6.2.8.3, over every object */
    for (int id = 1; id < 200; id++) {
        qpdf_oh oh = qpdf_get_object_by_id(q, id, 0);
        qpdf_oh d = qpdf_oh_is_stream(q, oh) ? qpdf_oh_get_dict(q, oh) : oh;

        if (!qpdf_oh_is_dictionary(q, d))
            continue;
        if (strcmp(key_text(q, d, "/Subtype"), "/Link") == 0)
            link_f4 = strcmp(key_text(q, d, "/F"), "4") == 0;
        if (strcmp(key_text(q, d, "/Interpolate"), "true") == 0)
            interpolate = true;
        if (strcmp(key_text(q, d, "/S"), "/Figure") == 0)
            ck_assert_str_eq(key_text(q, d, "/Alt"), "(scan-01.pdf)");
    }
    ck_assert(link_f4);
    ck_assert(!interpolate);
    qpdf_cleanup(&q);
    free(out);
    g_byte_array_unref(in);
}
END_TEST

START_TEST(test_pdfa_same_bytes_and_bundle_id)
{
    GByteArray *in = tiny_pdf();
    struct dsr_error err = DSR_ERROR_INIT;
    unsigned char *a = NULL, *b = NULL;
    size_t alen = 0, blen = 0;

    ck_assert_int_eq(convert(in, ICC, "SPBE-2024-x y", &a, &alen, NULL, &err), 0);
    ck_assert_int_eq(convert(in, ICC, "SPBE-2024-x y", &b, &blen, NULL, &err), 0);
    ck_assert_uint_eq(alen, blen);
    ck_assert(memcmp(a, b, alen) == 0);
    ck_assert(has(a, alen, "<xmpMM:DocumentID>urn:dossier:SPBE-2024-x%20y<"));
    free(a);
    free(b);
    g_byte_array_unref(in);
}
END_TEST

/* Into an open stream: the same bytes as into memory. */
START_TEST(test_pdfa_to_a_file_same_bytes)
{
    GByteArray *in = tiny_pdf();
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_pdfa_opts o = {.icc_path = ICC, .lang = "en-US",
                              .document_id = "x", .alt = alt, .nalt = 1};
    unsigned char *a = NULL, *b = NULL;
    size_t alen = 0, none = 1;
    FILE *f = tmpfile();
    long blen;

    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(dsr_pdfa_convert(in->data, in->len, &o, &a, &alen, NULL, &err), 0);
    o.out_file = f;
    ck_assert_int_eq(dsr_pdfa_convert(in->data, in->len, &o, &b, &none, NULL, &err), 0);
    ck_assert_ptr_null(b);
    ck_assert_uint_eq(none, 0);
    ck_assert_int_eq(fflush(f), 0);
    blen = ftell(f);
    ck_assert_int_eq(blen, (long)alen);
    b = malloc(alen);
    rewind(f);
    ck_assert_uint_eq(fread(b, 1, alen, f), alen);
    ck_assert(memcmp(a, b, alen) == 0);
    fclose(f);
    free(a);
    free(b);
    g_byte_array_unref(in);
}
END_TEST

/*
 * Every object but the streams goes into compressed object streams,
 * listed by a cross-reference stream, as qpdf's writer puts them: the
 * structure tree's many small objects take little room.
 */
START_TEST(test_pdfa_object_streams)
{
    GByteArray *in = tiny_pdf();
    struct dsr_error err = DSR_ERROR_INIT;
    unsigned char *out = NULL;
    size_t len = 0;

    ck_assert_int_eq(convert(in, ICC, NULL, &out, &len, NULL, &err), 0);
    ck_assert(memcmp(out, "%PDF-1.5\n%", 10) == 0);
    ck_assert(has(out, len, "/Type /ObjStm"));
    ck_assert(has(out, len, "/Type /XRef"));
    ck_assert(!has(out, len, "/StructElem"));       /* compressed */
    ck_assert(!has(out, len, "\ntrailer"));
    ck_assert_int_eq(memcmp(out + len - 6, "%%EOF\n", 6), 0);
    free(out);
    g_byte_array_unref(in);
}
END_TEST

/* A full disk is an error naming the file, not a short PDF. */
START_TEST(test_pdfa_write_error_named)
{
    GByteArray *in = tiny_pdf();
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_pdfa_opts o = {.icc_path = ICC, .lang = "en-US",
                              .out_name = "dosir.pdf"};
    unsigned char *out = NULL;
    size_t len = 0;
    FILE *f = fopen("/dev/full", "w");

    ck_assert_ptr_nonnull(f);
    setvbuf(f, NULL, _IONBF, 0);
    o.out_file = f;
    ck_assert_int_eq(dsr_pdfa_convert(in->data, in->len, &o, &out, &len, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_str_eq(err.path, "dosir.pdf");
    ck_assert_ptr_null(out);
    dsr_error_clear(&err);
    fclose(f);
    g_byte_array_unref(in);
}
END_TEST

/*
 * More objects than one reading of qpdf parses (PDFA_CHUNK): every link
 * on every page gets /F 4, and every figure its own /Alt, in order,
 * across the readings, figures nested in sections and paragraphs whose
 * objects fall in other readings.
 */
#define MANY 2200

START_TEST(test_pdfa_many_objects)
{
    GByteArray *in = g_byte_array_new();
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_array, in, 200, 200);
    cairo_t *cr = cairo_create(s);
    char **names = g_new0(char *, MANY + 1);
    struct dsr_pdfa_opts o = {.icc_path = ICC, .lang = "id-ID"};
    struct dsr_pdfa_info info;
    struct dsr_error err = DSR_ERROR_INIT;
    unsigned char *out = NULL;
    size_t len = 0, links = 0, figures = 0;
    qpdf_data q;

    for (int i = 0; i < MANY; i++) {
        names[i] = g_strdup_printf("bukti-%04d.pdf", i);
        /* a section per page, and every third figure in a paragraph */
        if (i % 100 == 0)
            cairo_tag_begin(cr, "Sect", NULL);
        if (i % 3 == 0)
            cairo_tag_begin(cr, "P", NULL);
        cairo_tag_begin(cr, "Figure", NULL);
        cairo_rectangle(cr, 10, 10, 20, 20);
        cairo_fill(cr);
        cairo_tag_end(cr, "Figure");
        cairo_tag_begin(cr, CAIRO_TAG_LINK, "uri='https://example.org/'");
        cairo_rectangle(cr, 40, 10, 20, 20);
        cairo_fill(cr);
        cairo_tag_end(cr, CAIRO_TAG_LINK);
        if (i % 3 == 0)
            cairo_tag_end(cr, "P");
        if (i % 100 == 99) {
            cairo_tag_end(cr, "Sect");
            cairo_show_page(cr);
        }
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    o.alt = (const char *const *)names;
    o.nalt = MANY;
    ck_assert_int_eq(dsr_pdfa_convert(in->data, in->len, &o, &out, &len, &info, &err), 0);
    ck_assert_uint_eq(info.annotations, MANY);
    ck_assert_uint_eq(info.figures, MANY);

    q = read_back(out, len);
    /* the figures in the tree's order: the drawing order */
    {
        qpdf_oh k = qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_root(q),
                                                      "/StructTreeRoot"), "/K");
        GPtrArray *stack = g_ptr_array_new();

        ck_assert(qpdf_oh_is_array(q, k) || qpdf_oh_is_dictionary(q, k));
        /* cairo: a Document-less tree is an array of the top elements */
        for (int i = qpdf_oh_is_array(q, k) ? qpdf_oh_get_array_n_items(q, k) - 1 : -1;
             i >= 0; i--)
            g_ptr_array_add(stack, GUINT_TO_POINTER(qpdf_oh_get_array_item(q, k, i)));
        if (!qpdf_oh_is_array(q, k))
            g_ptr_array_add(stack, GUINT_TO_POINTER(k));
        while (stack->len) {
            qpdf_oh e = GPOINTER_TO_UINT(g_ptr_array_steal_index(stack, stack->len - 1));
            qpdf_oh kids;

            if (!qpdf_oh_is_dictionary(q, e) || !qpdf_oh_has_key(q, e, "/S"))
                continue;
            if (strcmp(key_text(q, e, "/S"), "/Figure") == 0) {
                char *want = g_strdup_printf("(%s)", names[figures]);

                ck_assert_str_eq(key_text(q, e, "/Alt"), want);
                g_free(want);
                figures++;
            }
            kids = qpdf_oh_get_key(q, e, "/K");
            if (qpdf_oh_is_array(q, kids))
                for (int i = qpdf_oh_get_array_n_items(q, kids) - 1; i >= 0; i--)
                    g_ptr_array_add(stack,
                                    GUINT_TO_POINTER(qpdf_oh_get_array_item(q, kids, i)));
            else
                g_ptr_array_add(stack, GUINT_TO_POINTER(kids));
        }
        g_ptr_array_free(stack, TRUE);
    }
    ck_assert_uint_eq(figures, MANY);
    for (int id = 1; id < 4 * MANY + 100; id++) {
        qpdf_oh oh = qpdf_get_object_by_id(q, id, 0);

        if (qpdf_oh_is_dictionary(q, oh) &&
            strcmp(key_text(q, oh, "/Subtype"), "/Link") == 0) {
            ck_assert_str_eq(key_text(q, oh, "/F"), "4");
            links++;
        }
        qpdf_oh_release_all(q);
    }
    ck_assert_uint_eq(links, MANY);
    ck_assert(!qpdf_has_error(q));
    qpdf_cleanup(&q);
    free(out);
    g_strfreev(names);
    g_byte_array_unref(in);
}
END_TEST

/*
 * tiny_pdf() as qpdf writes it after 'edit' (NULL: none), with object
 * streams or without: PDFs of shapes cairo does not write.
 */
static GByteArray *
rewritten(void (*edit)(qpdf_data q), bool object_streams)
{
    GByteArray *in = tiny_pdf(), *out = g_byte_array_new();
    qpdf_data q = qpdf_init();

    qpdf_silence_errors(q);
    ck_assert_int_eq(qpdf_read_memory(q, "in", (const char *)in->data, in->len, NULL) &
                         QPDF_ERRORS, 0);
    if (edit)
        edit(q);
    ck_assert_int_eq(qpdf_init_write_memory(q) & QPDF_ERRORS, 0);
    if (object_streams)
        qpdf_set_object_stream_mode(q, qpdf_o_generate);
    ck_assert_int_eq(qpdf_write(q) & QPDF_ERRORS, 0);
    g_byte_array_append(out, qpdf_get_buffer(q), (guint)qpdf_get_buffer_length(q));
    ck_assert(!qpdf_has_error(q));
    qpdf_cleanup(&q);
    g_byte_array_unref(in);
    return out;
}

/* 'dict'[key], when a direct array, made a numbered object. */
static void
make_indirect(qpdf_data q, qpdf_oh dict, const char *key)
{
    qpdf_oh v = qpdf_oh_get_key(q, dict, key);

    ck_assert(qpdf_oh_is_array(q, v));
    ck_assert(!qpdf_oh_is_indirect(q, v));
    qpdf_oh_replace_key(q, dict, key, qpdf_make_indirect_object(q, v));
}

/*
 * Kids in a numbered array, at the tree's top and in an element (PDF
 * allows it; cairo does not write it): the figure is still found, and
 * gets its /Alt.
 */
static void
kids_numbered(qpdf_data q)
{
    qpdf_oh str = qpdf_oh_get_key(q, qpdf_get_root(q), "/StructTreeRoot"), doc;

    if (!qpdf_oh_is_array(q, qpdf_oh_get_key(q, str, "/K")))
        qpdf_oh_replace_key(q, str, "/K",
                            qpdf_oh_wrap_in_array(q, qpdf_oh_get_key(q, str, "/K")));
    make_indirect(q, str, "/K");
    doc = qpdf_oh_get_array_item(q, qpdf_oh_get_key(q, str, "/K"), 0);
    ck_assert_str_eq(key_text(q, doc, "/S"), "/Document");
    make_indirect(q, doc, "/K");
}

START_TEST(test_pdfa_kids_in_numbered_arrays)
{
    GByteArray *moved = rewritten(kids_numbered, false);
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_pdfa_info info;
    unsigned char *out = NULL;
    size_t len = 0;
    qpdf_data q;
    bool found = false;

    ck_assert_int_eq(convert(moved, ICC, NULL, &out, &len, &info, &err), 0);
    ck_assert_uint_eq(info.figures, 1);
    q = read_back(out, len);
    for (int id = 1; id < 100; id++) {
        qpdf_oh oh = qpdf_get_object_by_id(q, id, 0);

        if (qpdf_oh_is_dictionary(q, oh) && strcmp(key_text(q, oh, "/S"), "/Figure") == 0) {
            ck_assert_str_eq(key_text(q, oh, "/Alt"), "(scan-01.pdf)");
            found = true;
        }
    }
    ck_assert(found);
    qpdf_cleanup(&q);
    free(out);
    g_byte_array_unref(moved);
}
END_TEST

/*
 * A PDF that is not cairo's, with object streams and a cross-reference
 * stream (qpdf's), is refused: its object streams would be copied dead.
 */
START_TEST(test_pdfa_xref_stream_refused)
{
    GByteArray *packed = rewritten(NULL, true);
    struct dsr_error err = DSR_ERROR_INIT;
    unsigned char *out = NULL;
    size_t len = 0;

    ck_assert(has(packed->data, packed->len, "/Type /XRef"));
    ck_assert_int_eq(convert(packed, ICC, NULL, &out, &len, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_RENDER);
    ck_assert_ptr_nonnull(strstr(err.msg, "cross-reference is a stream"));
    ck_assert_ptr_null(out);
    dsr_error_clear(&err);
    g_byte_array_unref(packed);
}
END_TEST

/* 'n' bytes at 'what' in 'a' replaced by 'with' (as long). */
static void
patch(GByteArray *a, const char *what, const char *with)
{
    for (size_t i = 0; i + strlen(what) <= a->len; i++)
        if (memcmp(a->data + i, what, strlen(what)) == 0) {
            ck_assert_uint_eq(strlen(what), strlen(with));
            memcpy(a->data + i, with, strlen(with));
            return;
        }
    ck_abort_msg("'%s' not found", what);
}

/*
 * Damage qpdf reads past with a warning (an object not where the table
 * says, which it would read as null) is an error, not a PDF with an
 * object silently gone; so is a /Size that does not fit the table.
 */
START_TEST(test_pdfa_damage_is_an_error)
{
    GByteArray *in = tiny_pdf();
    struct dsr_error err = DSR_ERROR_INIT;
    unsigned char *out = NULL;
    size_t len = 0;
    char size[32];

    /* object 1 of the table at offset 15, inside the header's comment */
    {
        unsigned char *t = memmem(in->data, in->len, "65535 f \n", 9);

        ck_assert_ptr_nonnull(t);
        memcpy(t + 9, "0000000015", 10);
    }
    ck_assert_int_eq(convert(in, ICC, NULL, &out, &len, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_RENDER);
    ck_assert_ptr_null(out);
    dsr_error_clear(&err);
    g_byte_array_unref(in);

    in = tiny_pdf();
    {
        const char *t = memmem(in->data, in->len, "/Size ", 6);
        int n;

        ck_assert_ptr_nonnull(t);
        n = atoi(t + 6);
        snprintf(size, sizeof(size), "/Size %d", n);
        patch(in, size, n < 10 ? "/Size 9" : n < 100 ? "/Size 99" : "/Size 999");
    }
    ck_assert_int_eq(convert(in, ICC, NULL, &out, &len, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_RENDER);
    dsr_error_clear(&err);
    g_byte_array_unref(in);
}
END_TEST

/*
 * Info text XML cannot hold (NUL, control characters) is left out of
 * Info and XMP alike, so that they agree (6.6.3); an impossible date is
 * dropped; an annotation written into the page's /Annots is printable.
 */
static void
odd_info_direct_annotation(qpdf_data q)
{
    qpdf_oh inf = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info"), annots;

    qpdf_oh_replace_key(q, inf, "/Title", qpdf_oh_new_binary_string(q, "A\0B\001C", 5));
    qpdf_oh_replace_key(q, inf, "/ModDate", qpdf_oh_new_string(q, "D:20241399999999Z"));
    annots = qpdf_oh_get_key(q, qpdf_get_page_n(q, 0), "/Annots");
    ck_assert_int_eq(qpdf_oh_get_array_n_items(q, annots), 1);
    qpdf_oh_make_direct(q, annots);
    ck_assert(!qpdf_oh_is_indirect(q, qpdf_oh_get_array_item(q, annots, 0)));
}

START_TEST(test_pdfa_odd_info_and_direct_annotation)
{
    GByteArray *odd = rewritten(odd_info_direct_annotation, false);
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_pdfa_info info;
    unsigned char *out = NULL;
    size_t len = 0;
    qpdf_data q;
    qpdf_oh inf, annots;

    ck_assert_int_eq(convert(odd, ICC, NULL, &out, &len, &info, &err), 0);
    ck_assert_uint_eq(info.annotations, 1);
    ck_assert(has(out, len, "<rdf:li xml:lang=\"x-default\">ABC</rdf:li>"));
    ck_assert(!has(out, len, "<xmp:ModifyDate>"));
    q = read_back(out, len);
    inf = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
    ck_assert_str_eq(key_text(q, inf, "/Title"), "(ABC)");
    ck_assert_str_eq(key_text(q, inf, "/ModDate"), "");
    annots = qpdf_oh_get_key(q, qpdf_get_page_n(q, 0), "/Annots");
    ck_assert_str_eq(key_text(q, qpdf_oh_get_array_item(q, annots, 0), "/F"), "4");
    qpdf_cleanup(&q);
    free(out);
    g_byte_array_unref(odd);
}
END_TEST

START_TEST(test_pdfa_missing_profile_named)
{
    GByteArray *in = tiny_pdf();
    struct dsr_error err = DSR_ERROR_INIT;
    char *dir = g_strdup(tu_tmpdir());
    char *missing = g_build_filename(dir, "no", "sRGB.icc", NULL);
    char *text;
    unsigned char *out = (unsigned char *)"x";
    size_t len = 1;

    ck_assert_int_eq(convert(in, missing, NULL, &out, &len, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_str_eq(err.path, missing);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(len, 0);
    /* a file that is not an ICC profile */
    tu_write(dir, "sRGB.icc", "not a profile", 13);
    text = g_build_filename(dir, "sRGB.icc", NULL);
    dsr_error_clear(&err);
    ck_assert_int_eq(convert(in, text, NULL, &out, &len, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_str_eq(err.path, text);
    tu_rmtree(dir);
    g_free(text);
    g_free(dir);
    g_free(missing);
    g_byte_array_unref(in);
}
END_TEST

START_TEST(test_pdfa_unreadable_input)
{
    GByteArray *in = tiny_pdf();
    struct dsr_error err = DSR_ERROR_INIT;
    GByteArray *bad = g_byte_array_new();
    unsigned char *out = NULL;
    size_t len = 0;

    /* not a PDF */
    g_byte_array_append(bad, (const guint8 *)"hello, world\n", 13);
    ck_assert_int_eq(convert(bad, ICC, NULL, &out, &len, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_RENDER);
    ck_assert_ptr_null(out);
    /* empty */
    g_byte_array_set_size(bad, 0);
    dsr_error_clear(&err);
    ck_assert_int_eq(convert(bad, ICC, NULL, &out, &len, NULL, &err), -1);
    /* cut short: an error (qpdf's recovery is off), never a crash */
    g_byte_array_append(bad, in->data, in->len / 2);
    dsr_error_clear(&err);
    ck_assert_int_eq(convert(bad, ICC, NULL, &out, &len, NULL, &err), -1);
    ck_assert_int_eq(err.code, DSR_RENDER);
    g_byte_array_unref(bad);
    g_byte_array_unref(in);
}
END_TEST

Suite *
pdfa_suite(void)
{
    Suite *s = suite_create("pdfa");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_pdfa_adds_what_pdfa_needs);
    tcase_add_test(tc, test_pdfa_same_bytes_and_bundle_id);
    tcase_add_test(tc, test_pdfa_to_a_file_same_bytes);
    tcase_add_test(tc, test_pdfa_object_streams);
    tcase_add_test(tc, test_pdfa_write_error_named);
    tcase_add_test(tc, test_pdfa_many_objects);
    tcase_add_test(tc, test_pdfa_xref_stream_refused);
    tcase_add_test(tc, test_pdfa_damage_is_an_error);
    tcase_add_test(tc, test_pdfa_odd_info_and_direct_annotation);
    tcase_add_test(tc, test_pdfa_kids_in_numbered_arrays);
    tcase_add_test(tc, test_pdfa_missing_profile_named);
    tcase_add_test(tc, test_pdfa_unreadable_input);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(pdfa_suite());
}
