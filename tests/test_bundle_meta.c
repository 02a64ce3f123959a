/*
 * test_bundle_meta.c -- the bundle's metadata/arsip.xml and events.xml
 * (r22-anri) and the manifest's <archive> element they draw on.
 */
#include "dossier/bag.h"
#include "dossier/bundle_meta.h"
#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"
#include "testutil.h"

#include <check.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMAS TEST_SOURCE_DIR "/templates/schemas"
#define HEAD                                                                  \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                            \
    "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "      \
    "year=\"2024\">\n"
#define HOSTILE "Kab. <b>&amp;\"Contoh\"</b> ]]> &lt;!--"

static const char with_archive[] =
    HEAD
    "  <instance name=\"" "Kab. &lt;b&gt;&amp;amp;&quot;Contoh&quot;&lt;/b&gt; ]]&gt; &amp;lt;!--"
    "\" kind=\"kabupaten\"/>\n"
    "  <period from=\"2023-01-01\" to=\"2024-06-30\"/>\n"
    "  <evidence-root path=\"bukti\"/>\n"
    "  <archive classification=\"000.5.2\" access=\"terbatas\" "
    "security=\"biasa\" active-years=\"2\" inactive-years=\"8\" "
    "disposition=\"permanen\"/>\n"
    "  <indicator id=\"1\">\n"
    "    <link href=\"https://contoh.go.id/app\" account=\"demo\" "
    "secret=\"RahasiaSekali42\">Aplikasi</link>\n"
    "  </indicator>\n"
    "</dossier>\n";

static const char without_archive[] =
    HEAD
    "  <instance name=\"Kabupaten Contoh\"/>\n"
    "</dossier>\n";

static const char bad_archive[] =
    HEAD
    "  <instance name=\"Kabupaten Contoh\"/>\n"
    "  <archive classification=\"000 5\" access=\"publik\" security=\"Rahasia\" "
    "active-years=\"-1\" inactive-years=\"101\" disposition=\"hapus\"/>\n"
    "</dossier>\n";

static const char partial_archive[] =
    HEAD
    "  <instance name=\"Kabupaten Contoh\"/>\n"
    "  <archive classification=\"800\" security=\"rahasia\" access=\"\"/>\n"
    "</dossier>\n";

#define D1 "0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd0123abcd"
#define D2 "4567ef014567ef014567ef014567ef014567ef014567ef014567ef014567ef01"

static struct dsr_findings findings;
static struct dsr_check_result checked;
static struct dsr_bag_entries payload;
static char *arsip, *events;
static size_t arsip_len, events_len;

static struct dsr_manifest *
load(const char *text)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;
    char path[600];
    const char *dir = tu_tmpdir();

    tu_write(dir, "m.xml", text, strlen(text));
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    m = dsr_manifest_load(path, SCHEMAS "/manifest.xsd", &findings, &err);
    tu_rmtree(dir);
    ck_assert_msg(m != NULL, "manifest not loaded: %s",
                  findings.n ? findings.items[0].message : err.msg);
    return m;
}

/* Both documents for the manifest 'text' in 'lang'. */
static void
build(const char *text, enum dsr_lang lang)
{
    struct dsr_error err = DSR_ERROR_INIT;
    static char d1[] = D1, d2[] = D2;
    static char p1[] = "data/dossier.pdf", p2[] = "data/indicators/01.zip";
    static struct dsr_bag_entry items[2];
    struct dsr_bundle_meta bm = {
        .checked = &checked,
        .id = "spbe-2020-2024-0123456789abcdef",
        .date = 1700000000,
        .lang = lang,
        .alg = DSR_HASH_SHA256,
        .tool_version = "9.8.7",
    };

    memset(&checked, 0, sizeof(checked));
    checked.manifest = load(text);
    checked.findings.counts[DSR_SEV_WARNING] = 4;
    checked.findings.counts[DSR_SEV_NOTE] = 2;
    items[0] = (struct dsr_bag_entry){.digest = d1, .path = p1};
    items[1] = (struct dsr_bag_entry){.digest = d2, .path = p2};
    payload.items = items;
    payload.n = 2;
    ck_assert_int_eq(dsr_bundle_arsip_xml(&bm, 12345, 2, &arsip, &arsip_len, &err),
                     0);
    ck_assert_int_eq(dsr_bundle_events_xml(&bm, &payload, &events, &events_len,
                                           &err),
                     0);
    ck_assert_uint_eq(strlen(arsip), arsip_len);
    ck_assert_uint_eq(strlen(events), events_len);
}

static void
teardown(void)
{
    dsr_manifest_free(checked.manifest);
    checked.manifest = NULL;
    dsr_findings_release(&findings);
    free(arsip);
    free(events);
    arsip = events = NULL;
}

static void
quiet(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
}

/* Whether 'xml' is valid against the schema 'xsd' (0: valid). */
static int
validate(const char *xml, size_t len, const char *xsd)
{
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    xmlSchemaValidCtxtPtr vc;
    xmlDocPtr doc;
    int rc;

    ck_assert_ptr_nonnull(schema);
    /* the refusals the tests expect are not printed */
    xmlSetStructuredErrorFunc(NULL, quiet);
    doc = xmlReadMemory(xml, (int)len, "doc.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    vc = xmlSchemaNewValidCtxt(schema);
    rc = xmlSchemaValidateDoc(vc, doc);
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(doc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
    return rc;
}

/* The text content of the first element 'name' of 'xml', or NULL. */
static char *
text_of(const char *xml, size_t len, const char *name)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "doc.xml", NULL, XML_PARSE_NONET);
    char *ret = NULL;

    ck_assert_ptr_nonnull(doc);
    for (xmlNodePtr n = xmlDocGetRootElement(doc)->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0) {
            xmlChar *c = xmlNodeGetContent(n);

            ret = strdup((const char *)c);
            xmlFree(c);
            break;
        }
    xmlFreeDoc(doc);
    return ret;
}

START_TEST(test_bundle_meta_documents_validate)
{
    build(with_archive, DSR_LANG_ID);
    ck_assert_int_eq(validate(arsip, arsip_len, SCHEMAS "/arsip.xsd"), 0);
    ck_assert_int_eq(validate(events, events_len, SCHEMAS "/events.xsd"), 0);
    teardown();
    build(without_archive, DSR_LANG_EN);
    ck_assert_int_eq(validate(arsip, arsip_len, SCHEMAS "/arsip.xsd"), 0);
    ck_assert_int_eq(validate(events, events_len, SCHEMAS "/events.xsd"), 0);
    teardown();
}
END_TEST

START_TEST(test_bundle_meta_schemas_refuse)
{
    /* the schemas can fail: a value outside the regulation's words */
    const char *bad = "<arsip xmlns=\"urn:dossier:arsip:1\"><judul>x</judul></arsip>";

    ck_assert_int_ne(validate(bad, strlen(bad), SCHEMAS "/arsip.xsd"), 0);
    build(with_archive, DSR_LANG_ID);
    {
        char *p = strstr(arsip, ">terbatas<");

        ck_assert_ptr_nonnull(p);
        memcpy(p + 1, "publik  ", 8);
        ck_assert_int_ne(validate(arsip, arsip_len, SCHEMAS "/arsip.xsd"), 0);
    }
    teardown();
}
END_TEST

START_TEST(test_bundle_meta_hostile_text_escaped)
{
    char *v;

    build(with_archive, DSR_LANG_ID);
    /* the name comes back exactly, and no markup of it got through */
    v = text_of(arsip, arsip_len, "pencipta-arsip");
    ck_assert_str_eq(v, HOSTILE);
    free(v);
    v = text_of(arsip, arsip_len, "judul");
    ck_assert_ptr_nonnull(strstr(v, HOSTILE));
    free(v);
    ck_assert_ptr_null(strstr(arsip, "<b>"));
    ck_assert_ptr_nonnull(strstr(arsip, "&lt;b&gt;&amp;amp;"));
    /* nothing secret: the link's password and account */
    ck_assert_ptr_null(strstr(arsip, "RahasiaSekali42"));
    ck_assert_ptr_null(strstr(events, "RahasiaSekali42"));
    ck_assert_ptr_null(strstr(arsip, "demo"));
    teardown();
}
END_TEST

START_TEST(test_bundle_meta_values_from_manifest)
{
    build(with_archive, DSR_LANG_ID);
    ck_assert_ptr_nonnull(strstr(arsip, "<kode-klasifikasi>000.5.2</kode-klasifikasi>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<klasifikasi-akses>terbatas</klasifikasi-akses>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<klasifikasi-keamanan>biasa</klasifikasi-keamanan>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<retensi aktif=\"2\" inaktif=\"8\" nasib-akhir=\"permanen\"/>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<kurun-waktu dari=\"2023-01-01\" sampai=\"2024-06-30\"/>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<jumlah berkas=\"2\" bita=\"12345\"/>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<bahasa kode=\"id\">Indonesia</bahasa>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<media>elektronik</media>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<tanggal>2023-11-14</tanggal>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<nomor-arsip>spbe-2020-2024-0123456789abcdef</nomor-arsip>"));
    ck_assert_ptr_null(strstr(arsip, "diberikan"));
    /* the event: tool, date, check summary, each digest */
    ck_assert_ptr_nonnull(strstr(events, "<eventType>creation</eventType>"));
    ck_assert_ptr_nonnull(strstr(events, "<eventDateTime>2023-11-14T22:13:20Z</eventDateTime>"));
    ck_assert_ptr_nonnull(strstr(events, "<version>9.8.7</version>"));
    ck_assert_ptr_nonnull(strstr(events, "errors=\"0\" warnings=\"4\" notes=\"2\""));
    ck_assert_ptr_nonnull(strstr(events, "algorithm=\"sha256\" files=\"2\""));
    ck_assert_ptr_nonnull(strstr(events, "path=\"data/dossier.pdf\" digest=\"" D1 "\""));
    ck_assert_ptr_nonnull(strstr(events, "path=\"data/indicators/01.zip\" digest=\"" D2 "\""));
    teardown();
}
END_TEST

START_TEST(test_bundle_meta_not_given_marked)
{
    build(without_archive, DSR_LANG_EN);
    ck_assert_ptr_nonnull(strstr(arsip, "<kode-klasifikasi diberikan=\"tidak\"/>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<klasifikasi-akses diberikan=\"tidak\"/>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<klasifikasi-keamanan diberikan=\"tidak\"/>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<retensi diberikan=\"tidak\"/>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<kurun-waktu diberikan=\"tidak\"/>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<bahasa kode=\"en\">Inggris</bahasa>"));
    ck_assert_ptr_null(strstr(arsip, "terbatas"));
    ck_assert_ptr_null(strstr(arsip, "biasa"));
    teardown();
    /* a part given: that part only; an empty value is not given */
    build(partial_archive, DSR_LANG_ID);
    ck_assert_uint_eq(findings.n, 0);
    ck_assert_ptr_nonnull(strstr(arsip, "<kode-klasifikasi>800</kode-klasifikasi>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<klasifikasi-keamanan>rahasia</klasifikasi-keamanan>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<klasifikasi-akses diberikan=\"tidak\"/>"));
    ck_assert_ptr_nonnull(strstr(arsip, "<retensi diberikan=\"tidak\"/>"));
    ck_assert_int_eq(validate(arsip, arsip_len, SCHEMAS "/arsip.xsd"), 0);
    teardown();
}
END_TEST

START_TEST(test_bundle_meta_bad_values_are_findings)
{
    struct dsr_manifest *m = load(bad_archive);

    ck_assert_uint_eq(dsr_findings_count_code(&findings, DSR_F_ARCHIVE_INVALID), 4);
    ck_assert_uint_eq(dsr_findings_count_code(&findings, DSR_F_RETENTION_INVALID), 2);
    ck_assert_str_eq(findings.items[1].message,
                     "<archive>'s access is not one of terbuka, terbatas, "
                     "tertutup: write one of them, as the institution's "
                     "classification scheme gives it");
    for (size_t i = 0; i < findings.n; i++) {
        ck_assert_uint_eq(findings.items[i].line, 4);
        ck_assert_int_eq(findings.items[i].severity, DSR_SEV_ERROR);
        ck_assert_ptr_nonnull(strstr(findings.items[i].file, "m.xml"));
    }
    /* refused values are read as not given, never passed on */
    ck_assert_ptr_nonnull(m->archive);
    ck_assert_ptr_null(m->archive->classification);
    ck_assert_ptr_null(m->archive->access);
    ck_assert_ptr_null(m->archive->security);
    ck_assert_ptr_null(m->archive->disposition);
    ck_assert_int_eq(m->archive->active_years, -1);
    ck_assert_int_eq(m->archive->inactive_years, -1);
    dsr_manifest_free(m);
    dsr_findings_release(&findings);
}
END_TEST

START_TEST(test_bundle_meta_allowed_words)
{
    ck_assert(dsr_marchive_security_ok("sangat-rahasia"));
    ck_assert(!dsr_marchive_security_ok("sangat rahasia"));
    ck_assert(dsr_marchive_access_ok("tertutup"));
    ck_assert(!dsr_marchive_access_ok("Terbuka"));
    ck_assert(dsr_marchive_disposition_ok("dinilai-kembali"));
    ck_assert(!dsr_marchive_disposition_ok(NULL));
}
END_TEST

static Suite *
bundle_meta_suite(void)
{
    Suite *s = suite_create("bundle_meta");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_bundle_meta_documents_validate);
    tcase_add_test(tc, test_bundle_meta_schemas_refuse);
    tcase_add_test(tc, test_bundle_meta_hostile_text_escaped);
    tcase_add_test(tc, test_bundle_meta_values_from_manifest);
    tcase_add_test(tc, test_bundle_meta_not_given_marked);
    tcase_add_test(tc, test_bundle_meta_bad_values_are_findings);
    tcase_add_test(tc, test_bundle_meta_allowed_words);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(bundle_meta_suite());
}
