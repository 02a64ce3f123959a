/*
 * test_manifest.c -- loading a manifest: values, lines, and every way a
 * file can fail to be one, reported as findings without libxml2 printing.
 */
#include "testutil.h"

#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char good[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                            /* 1 */
    "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
    "year=\"2024\">\n"                                                        /* 2 */
    "  <instance name=\"Kabupaten Contoh\" kind=\"kabupaten\"/>\n"            /* 3 */
    "  <coordinator name=\"Rahmat\" position=\"Kepala Dinas\" unit=\"Diskominfo\"/>\n"
    "  <period from=\"2023-01-01\" to=\"2024-06-30\"/>\n"                     /* 5 */
    "  <target index=\"2,6\"/>\n"                                             /* 6 */
    "  <previous year=\"2023\" index=\"2.45\"/>\n"                            /* 7 */
    "  <evidence-root path=\"bukti\"/>\n"                                     /* 8 */
    "  <indicator id=\"1\" owner=\"Bagian Organisasi\">\n"                    /* 9 */
    "    <assessment stage=\"mandiri\" level=\"3\">  Penjelasan  </assessment>\n"
    "    <assessment stage=\"dokumen\" level=\"2\"/>\n"                       /* 11 */
    "    <evidence file=\"01/perbup.pdf\" level=\"2\" date=\"2023-03-01\"\n"
    "              sha256=\"ABCDEF0000000000000000000000000000000000000000000000000000000000\">"
    "Peraturan Bupati</evidence>\n"                                           /* 13 */
    "    <evidence file=\"01/notulen rapat.pdf\"/>\n"                         /* 14 */
    "    <link href=\"https://contoh.go.id/app\" level=\"3\">Aplikasi</link>\n"
    "    <question stage=\"dokumen\">Mohon tunjukkan reviu</question>\n"     /* 16 */
    "    <answer stage=\"dokumen\">Terlampir</answer>\n"                      /* 17 */
    "  </indicator>\n"
    "  <indicator id=\"2\"/>\n"                                               /* 19 */
    "</dossier>\n";

static char dir[512];

/* Write 'text' as m.xml in a fresh directory and load it. */
static struct dsr_manifest *
load_text(const char *text, struct dsr_findings *f)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;
    char path[600];

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    tu_write(dir, "m.xml", text, (size_t)-1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    m = dsr_manifest_load(path, TEST_MANIFEST_XSD, f, &err);
    ck_assert_int_eq(err.code, DSR_OK);
    return m;
}

START_TEST(test_manifest_values)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m = load_text(good, &f);
    const struct dsr_mindicator *ind;

    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : "?");
    ck_assert_uint_eq(f.n, 0);
    ck_assert_str_eq(m->framework, "spbe-2020");
    ck_assert_int_eq(m->year, 2024);
    ck_assert_str_eq(m->instance_name, "Kabupaten Contoh");
    ck_assert_str_eq(m->coordinator_unit, "Diskominfo");
    ck_assert_str_eq(m->dir, dir);
    ck_assert(m->has_period);
    ck_assert_int_eq(m->period_to.month, 6);
    ck_assert_int_eq(m->target, 260);
    ck_assert_int_eq(m->previous, 245);
    ck_assert_int_eq(m->previous_year, 2023);
    ck_assert_str_eq(m->evidence_root, "bukti");
    ck_assert_uint_eq(m->nindicators, 2);
    ind = dsr_manifest_indicator(m, "1");
    ck_assert_ptr_nonnull(ind);
    ck_assert_str_eq(ind->owner, "Bagian Organisasi");
    ck_assert_uint_eq(ind->line, 9);
    ck_assert_uint_eq(ind->nassessments, 2);
    ck_assert_str_eq(ind->assessments[0].text, "Penjelasan");
    ck_assert_int_eq(ind->assessments[1].stage, DSR_STAGE_DOKUMEN);
    ck_assert_uint_eq(ind->assessments[1].line, 11);
    ck_assert_uint_eq(ind->nevidence, 2);
    ck_assert_str_eq(ind->evidence[0].title, "Peraturan Bupati");
    ck_assert_int_eq(ind->evidence[0].level, 2);
    ck_assert_int_eq(ind->evidence[0].date.year, 2023);
    ck_assert_str_eq(ind->evidence[0].sha256,
                     "abcdef0000000000000000000000000000000000000000000000000000000000");
    ck_assert_str_eq(ind->evidence[1].file, "01/notulen rapat.pdf");
    ck_assert_int_eq(ind->evidence[1].level, DSR_LEVEL_NONE);
    ck_assert_ptr_null(ind->evidence[1].date_text);
    ck_assert_uint_eq(ind->evidence[1].line, 14);
    ck_assert_uint_eq(ind->nlinks, 1);
    ck_assert_int_eq(ind->links[0].level, 3);
    ck_assert_uint_eq(ind->nnotes, 2);
    ck_assert(!ind->notes[0].answer);
    ck_assert(ind->notes[1].answer);
    ck_assert_uint_eq(ind->notes[1].line, 17);
    /* the latest stage counts, unless a stage is asked for */
    ck_assert_int_eq(dsr_mindicator_assessment(ind, -1)->level, 2);
    ck_assert_int_eq(dsr_mindicator_assessment(ind, DSR_STAGE_MANDIRI)->level, 3);
    ck_assert_ptr_null(dsr_mindicator_assessment(ind, DSR_STAGE_VISITASI));
    ck_assert_ptr_null(dsr_mindicator_assessment(dsr_manifest_indicator(m, "2"), -1));
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

static const struct {
    const char *s;
    int ok;
} dates[] = {
    {"2024-02-29", 1}, {"2023-02-29", 0}, {"2024-13-01", 0}, {"2024-04-31", 0},
    {"2024-04-30", 1}, {"2024-4-30", 0},  {"2024-00-10", 0}, {"1900-02-29", 0},
    {"2000-02-29", 1}, {"abcd-01-01", 0},
};

START_TEST(test_manifest_date_parse)
{
    struct dsr_date d;

    ck_assert_int_eq(dsr_date_parse(dates[_i].s, &d) == 0, dates[_i].ok);
}
END_TEST

START_TEST(test_manifest_index_parse)
{
    ck_assert_int_eq(dsr_index_parse("2.60"), 260);
    ck_assert_int_eq(dsr_index_parse("2,6"), 260);
    ck_assert_int_eq(dsr_index_parse("3"), 300);
    ck_assert_int_eq(dsr_index_parse("4.2"), 420);
    ck_assert_int_eq(dsr_index_parse("2."), -1);
    ck_assert_int_eq(dsr_index_parse("x"), -1);
    ck_assert_int_eq(dsr_index_parse("2.605"), -1);
    ck_assert_int_eq(dsr_index_parse(NULL), -1);
}
END_TEST

static const struct {
    const char *name;
    const char *text;
    enum dsr_finding_code code;
    unsigned long line;
} bad[] = {
    {"malformed", "<dossier xmlns=\"urn:dossier:manifest:1\">\n<instance>\n</dossier>\n",
     DSR_F_XML_MALFORMED, 3},
    {"unknown element",
     "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">\n"
     "<instance name=\"x\"/>\n<foo/>\n</dossier>\n",
     DSR_F_SCHEMA_INVALID, 3},
    {"missing instance",
     "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">\n"
     "</dossier>\n",
     DSR_F_SCHEMA_INVALID, 1},
    {"bad stage",
     "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">\n"
     "<instance name=\"x\"/>\n<indicator id=\"1\">\n"
     "<assessment stage=\"nanti\" level=\"2\"/>\n</indicator>\n</dossier>\n",
     DSR_F_SCHEMA_INVALID, 4},
    {"wrong namespace",
     "<dossier framework=\"spbe-2020\" year=\"2024\"><instance name=\"x\"/></dossier>\n",
     DSR_F_SCHEMA_INVALID, 1},
    {"external entity",
     "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
     "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
     "<instance name=\"&x;\"/></dossier>\n",
     DSR_F_XML_DOCTYPE, 2},
    {"billion laughs",
     "<?xml version=\"1.0\"?>\n<!DOCTYPE d [\n<!ENTITY a \"aaaaaaaaaa\">\n"
     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
     "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
     "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
     "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
     "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
     "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n]>\n"
     "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
     "<instance name=\"&g;\"/></dossier>\n",
     DSR_F_XML_DOCTYPE, 2},
};

START_TEST(test_manifest_refuses_bad_documents)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    char errfile[600];
    int saved = dup(2);
    int fd;
    off_t size;

    /* libxml2 must not print: catch fd 2 around the load */
    snprintf(errfile, sizeof(errfile), "%s", "/tmp/dossier-test-stderr-XXXXXX");
    fd = mkstemp(errfile);
    ck_assert_int_ge(fd, 0);
    dup2(fd, 2);
    m = load_text(bad[_i].text, &f);
    dup2(saved, 2);
    close(saved);
    size = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(errfile);
    ck_assert_msg(size == 0, "%s: something was printed on stderr", bad[_i].name);
    ck_assert_ptr_null(m);
    ck_assert_uint_ge(f.n, 1);
    ck_assert_msg(f.items[0].code == bad[_i].code, "%s: got %s", bad[_i].name,
                  dsr_finding_name(f.items[0].code));
    ck_assert_uint_eq(f.items[0].line, bad[_i].line);
    ck_assert_int_eq(f.items[0].severity, DSR_SEV_ERROR);
    ck_assert_ptr_null(strstr(f.items[0].message, "root:"));
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_manifest_unreadable_and_too_large)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    const char *d = tu_tmpdir();
    char path[600];
    int fd;

    snprintf(path, sizeof(path), "%s/none.xml", d);
    ck_assert_ptr_null(dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_UNREADABLE);
    ck_assert_str_eq(f.items[0].file, path);
    dsr_findings_release(&f);

    /* a directory is no manifest either */
    ck_assert_ptr_null(dsr_manifest_load(d, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_UNREADABLE);
    dsr_findings_release(&f);

    snprintf(path, sizeof(path), "%s/big.xml", d);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)DSR_MANIFEST_MAX_BYTES + 1), 0);
    close(fd);
    ck_assert_ptr_null(dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_TOO_LARGE);
    dsr_findings_release(&f);
    tu_rmtree(d);
}
END_TEST

START_TEST(test_manifest_stage_names)
{
    ck_assert_int_eq(dsr_stage_parse("interviu"), DSR_STAGE_INTERVIU);
    ck_assert_int_eq(dsr_stage_parse("wawancara"), -1);
    ck_assert_str_eq(dsr_stage_name(DSR_STAGE_VISITASI), "visitasi");
}
END_TEST

Suite *
manifest_suite(void)
{
    Suite *s = suite_create("manifest");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_manifest_values);
    tcase_add_loop_test(tc, test_manifest_date_parse, 0, sizeof(dates) / sizeof(*dates));
    tcase_add_test(tc, test_manifest_index_parse);
    tcase_add_loop_test(tc, test_manifest_refuses_bad_documents, 0, sizeof(bad) / sizeof(*bad));
    tcase_add_test(tc, test_manifest_unreadable_and_too_large);
    tcase_add_test(tc, test_manifest_stage_names);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(manifest_suite());
}
