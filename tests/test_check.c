/*
 * test_check.c -- dsr_check on small manifests with real files: each
 * problem gives its finding, and a clean manifest gives none.
 */
#include "testutil.h"

#include "dossier/check.h"
#include "dossier/error.h"

#include <stdio.h>
#include <string.h>

static const char pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
static const char pdf2[] = "%PDF-1.4\n2 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
static char dir[512];

/*
 * Check a manifest made of 'framework', the header lines in 'head' (after
 * instance) and the indicator elements in 'body', beside an evidence root
 * bukti/ holding a.pdf, b.pdf (a copy of a.pdf) and c.pdf.
 */
static void
run(const char *framework, const char *year, const char *head,
    const char *body, struct dsr_check_result *res)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS,
                                  .jobs = 2};
    struct dsr_error err = DSR_ERROR_INIT;
    char xml[16384];
    char path[600];

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    tu_write(dir, "bukti/a.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/b.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/c.pdf", pdf2, sizeof(pdf2) - 1);
    snprintf(xml, sizeof(xml),
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"%s\" "
             "year=\"%s\">\n<instance name=\"Uji\"/>\n%s"
             "<evidence-root path=\"bukti\"/>\n%s</dossier>\n",
             framework, year, head, body);
    tu_write(dir, "m.xml", xml, (size_t)-1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    ck_assert_int_eq(dsr_check(path, &opts, res, &err), 0);
    ck_assert_int_eq(err.code, DSR_OK);
}

static void
done(struct dsr_check_result *res)
{
    dsr_check_result_release(res);
    tu_rmtree(dir);
}

#define PERIOD "<period from=\"2023-01-01\" to=\"2024-06-30\"/>\n"
#define IND(id, lv, rest)                                                    \
    "<indicator id=\"" id "\" owner=\"Diskominfo\"><assessment "            \
    "stage=\"mandiri\" level=\"" lv "\">penjelasan</assessment>" rest        \
    "</indicator>\n"
#define EV(file, lv) "<evidence file=\"" file "\" level=\"" lv "\">judul</evidence>"

static size_t
count(const struct dsr_check_result *res, enum dsr_finding_code code)
{
    return dsr_findings_count_code(&res->findings, code);
}

START_TEST(test_check_clean_manifest)
{
    struct dsr_check_result res;

    run("spbe-2020", "2024", PERIOD,
        IND("1", "2", EV("a.pdf", "2")) IND("2", "3", EV("c.pdf", "2") "<link href=\"https://x.go.id\" level=\"3\">app</link>"),
        &res);
    ck_assert_uint_eq(res.findings.counts[DSR_SEV_ERROR], 0);
    /* everything else is not filled, and nothing more is reported */
    ck_assert_uint_eq(count(&res, DSR_F_INDICATOR_NOT_FILLED), 45);
    ck_assert_uint_eq(res.findings.n, 45);
    ck_assert_uint_eq(res.nfiles, 2);
    ck_assert(res.files[0].read);
    ck_assert_str_eq(res.files[0].info.mime, "application/pdf");
    ck_assert(dsr_check_filled(&res, "2"));
    ck_assert(!dsr_check_filled(&res, "3"));
    done(&res);
}
END_TEST

static const struct {
    const char *name;
    const char *framework, *year, *head, *body;
    enum dsr_finding_code code;
    size_t n;
} cases[] = {
    {"missing file", "spbe-2020", "2024", "", IND("1", "2", EV("x.pdf", "2")), DSR_F_FILE_MISSING, 1},
    {"sha256 mismatch", "spbe-2020", "2024", "",
     IND("1", "2", "<evidence file=\"a.pdf\" level=\"2\" sha256=\"" "0000000000000000000000000000000000000000000000000000000000000000" "\">t</evidence>"),
     DSR_F_SHA256_MISMATCH, 1},
    {"level 0", "spbe-2020", "2024", "", IND("1", "0", ""), DSR_F_LEVEL_RANGE, 1},
    {"level 6", "spbe-2020", "2024", "", IND("1", "6", ""), DSR_F_LEVEL_RANGE, 1},
    {"evidence level 9", "spbe-2020", "2024", "", IND("1", "2", EV("a.pdf", "9")), DSR_F_LEVEL_RANGE, 1},
    {"duplicate indicator", "spbe-2020", "2024", "", IND("3", "2", "") IND("3", "2", ""), DSR_F_INDICATOR_DUPLICATE, 1},
    {"unknown indicator", "spbe-2020", "2024", "", IND("48", "2", ""), DSR_F_INDICATOR_UNKNOWN, 1},
    {"unknown framework", "spbe-1999", "2024", "", "", DSR_F_FRAMEWORK_UNKNOWN, 1},
    {"impossible evidence date", "spbe-2020", "2024", PERIOD,
     IND("1", "2", "<evidence file=\"a.pdf\" level=\"2\" date=\"2023-02-30\">t</evidence>"), DSR_F_DATE_INVALID, 1},
    {"date outside period", "spbe-2020", "2024", PERIOD,
     IND("1", "2", "<evidence file=\"a.pdf\" level=\"2\" date=\"2021-05-01\">t</evidence>"), DSR_F_DATE_OUTSIDE_PERIOD, 1},
    {"level unsupported", "spbe-2020", "2024", "", IND("1", "4", EV("a.pdf", "2") EV("c.pdf", "4")), DSR_F_LEVEL_UNSUPPORTED, 1},
    {"shared across indicators", "spbe-2020", "2024", "", IND("1", "2", EV("a.pdf", "2")) IND("2", "2", EV("a.pdf", "2")), DSR_F_FILE_SHARED, 1},
    {"listed twice", "spbe-2020", "2024", "", IND("1", "3", EV("a.pdf", "2") EV("a.pdf", "3")), DSR_F_EVIDENCE_DUPLICATE, 1},
    {"same content", "spbe-2020", "2024", "", IND("1", "3", EV("a.pdf", "2") EV("b.pdf", "3")), DSR_F_CONTENT_DUPLICATE, 1},
    {"no level", "spbe-2020", "2024", "", IND("1", "1", "<evidence file=\"a.pdf\">t</evidence>"), DSR_F_EVIDENCE_NO_LEVEL, 1},
    {"no title", "spbe-2020", "2024", "", IND("1", "2", "<evidence file=\"a.pdf\" level=\"2\"/>"), DSR_F_EVIDENCE_NO_TITLE, 1},
    {"bad link", "spbe-2020", "2024", "", IND("1", "1", "<link href=\"javascript:alert(1)\">x</link>"), DSR_F_LINK_INVALID, 1},
    {"unanswered", "spbe-2020", "2024", "", IND("1", "1", "<question stage=\"dokumen\">?</question><answer stage=\"interviu\">!</answer>"),
     DSR_F_QUESTION_UNANSWERED, 1},
    {"no explanation", "spbe-2020", "2024", "",
     "<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\"/>" EV("a.pdf", "2") "</indicator>", DSR_F_EXPLANATION_MISSING, 1},
    {"two mandiri", "spbe-2020", "2024", "", IND("1", "1", "<assessment stage=\"mandiri\" level=\"1\"/>"), DSR_F_STAGE_DUPLICATE, 1},
    {"year", "spbe-2020", "1999", "", "", DSR_F_YEAR_INVALID, 1},
    {"period backwards", "spbe-2020", "2024", "<period from=\"2024-06-30\" to=\"2023-01-01\"/>\n", "", DSR_F_PERIOD_INVALID, 1},
    {"period far away", "spbe-2020", "2024", "<period from=\"2010-01-01\" to=\"2011-06-30\"/>\n", "", DSR_F_PERIOD_YEAR, 1},
    {"target", "spbe-2020", "2024", "<target index=\"5.50\"/>\n", "", DSR_F_INDEX_INVALID, 1},
    {"provisional", "pemdi-2026", "2026", "", "", DSR_F_FRAMEWORK_PROVISIONAL, 1},
    {"framework too new", "pemdi-2026", "2024", "", "", DSR_F_FRAMEWORK_YEAR, 1},
    {"pemdi not filled", "pemdi-2026", "2026", "", "", DSR_F_INDICATOR_NOT_FILLED, 20},
};

START_TEST(test_check_finds)
{
    struct dsr_check_result res;

    run(cases[_i].framework, cases[_i].year, cases[_i].head, cases[_i].body, &res);
    ck_assert_msg(count(&res, cases[_i].code) == cases[_i].n, "%s: %zu '%s', want %zu",
                  cases[_i].name, count(&res, cases[_i].code),
                  dsr_finding_name(cases[_i].code), cases[_i].n);
    /* every finding points at its line, except for indicators left out */
    for (size_t i = 0; i < res.findings.n; i++)
        if (res.findings.items[i].code == cases[_i].code &&
            cases[_i].code != DSR_F_INDICATOR_NOT_FILLED)
            ck_assert_uint_gt(res.findings.items[i].line, 0);
    done(&res);
}
END_TEST

START_TEST(test_check_missing_evidence_root)
{
    struct dsr_check_result res;

    run("spbe-2020", "2024", "", IND("1", "2", EV("a.pdf", "2")), &res);
    done(&res);
    /* the same, with the root pointing nowhere */
    {
        struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                      .schemas_dir = TEST_SCHEMAS};
        struct dsr_error err = DSR_ERROR_INIT;
        char path[600];

        snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
        tu_write(dir, "m.xml",
                 "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
                 "year=\"2024\"><instance name=\"x\"/><evidence-root path=\"tiada\"/>"
                 "<indicator id=\"1\"><evidence file=\"a.pdf\" level=\"2\">t</evidence>"
                 "</indicator></dossier>",
                 (size_t)-1);
        snprintf(path, sizeof(path), "%s/m.xml", dir);
        ck_assert_int_eq(dsr_check(path, &opts, &res, &err), 0);
        ck_assert_uint_eq(count(&res, DSR_F_EVIDENCE_ROOT_INVALID), 1);
        ck_assert_uint_eq(count(&res, DSR_F_FILE_MISSING), 0);
        done(&res);
    }
}
END_TEST

START_TEST(test_check_manifest_only_reads_no_file)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS,
                                  .manifest_only = true};
    struct dsr_check_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    char path[600];

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    tu_write(dir, "m.xml",
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
             "year=\"2024\"><instance name=\"x\"/><indicator id=\"1\">"
             "<evidence file=\"hilang.pdf\" level=\"2\">t</evidence></indicator></dossier>",
             (size_t)-1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    ck_assert_int_eq(dsr_check(path, &opts, &res, &err), 0);
    ck_assert_uint_eq(count(&res, DSR_F_FILE_MISSING), 0);
    ck_assert(!res.files[0].read);
    done(&res);
}
END_TEST

Suite *
check_suite(void)
{
    Suite *s = suite_create("check");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_check_clean_manifest);
    tcase_add_loop_test(tc, test_check_finds, 0, sizeof(cases) / sizeof(*cases));
    tcase_add_test(tc, test_check_missing_evidence_root);
    tcase_add_test(tc, test_check_manifest_only_reads_no_file);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(check_suite());
}
