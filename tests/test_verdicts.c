/*
 * test_verdicts.c -- the verdicts import: a sheet's rows read into
 * verdicts and values (item forms, codes, kinds inferred, stages), bad
 * rows named by row and column, and the plan applied by the manifest
 * editor: new, unchanged and replaced verdicts, a value set on an
 * assessment or added with one, an indicator created, and importing the
 * same sheet again changing nothing.
 */
#include "testutil.h"

#include "dossier/edit.h"
#include "dossier/error.h"
#include "dossier/sheet.h"
#include "dossier/verdicts.h"
#include "sheet_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char dir[512];
/* the shipped catalogs: pemdi-2026 has I4-L1-01..03 (PG_04_01..03),
 * I4-L2-01..02, code 2.2 for indicator 4, and I1-L1-01 */
static const char fwdir[] = TEST_FRAMEWORKS;
static char path[600];
static char csv[600];

static char *
slurp(const char *p)
{
    FILE *f = fopen(p, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Whether dir/name exists. */
static bool
exists(const char *name)
{
    char p[700];
    struct stat st;

    snprintf(p, sizeof(p), "%s/%s", dir, name);
    return stat(p, &st) == 0;
}

static void
setup(void)
{
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    snprintf(csv, sizeof(csv), "%s/putusan.csv", dir);
}

static void
teardown(void)
{
    tu_rmtree(dir);
}

static struct dsr_catalog *
catalog(void)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = dsr_catalog_load_id(fwdir, "pemdi-2026",
                                                TEST_FRAMEWORK_XSD, &err);

    ck_assert_msg(c != NULL, "catalog: %s", err.msg);
    return c;
}

/* The plan of CSV 'text' (default stage dokumen). */
static void
plan_of(const char *text, struct dsr_verdicts_plan *plan)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *cat = catalog();
    struct dsr_workbook *wb;

    tu_write(dir, "putusan.csv", text, (size_t)-1);
    wb = dsr_workbook_read_first(csv, &err);
    ck_assert_msg(wb != NULL, "read: %s", err.msg);
    ck_assert_int_eq(dsr_verdicts_plan(cat, wb, DSR_STAGE_DOKUMEN, plan, &err),
                     0);
    dsr_workbook_free(wb);
    dsr_catalog_free(cat);
}

/* The plan of 'text' applied to the manifest; no problems allowed. */
static void
import(const char *text, bool dry, struct dsr_edit_result *res)
{
    struct dsr_verdicts_plan plan;
    struct dsr_edit_opts opts = {.frameworks_dir = fwdir,
                                 .schemas_dir = TEST_SCHEMAS,
                                 .dry_run = dry};
    struct dsr_error err = DSR_ERROR_INIT;

    plan_of(text, &plan);
    for (size_t i = 0; i < plan.nproblems; i++)
        ck_abort_msg("problem: %s", plan.problems[i].message);
    ck_assert_int_eq(dsr_manifest_edit(path, plan.changes, plan.n, &opts, res,
                                       &err),
                     0);
    ck_assert_uint_eq(res->findings.counts[DSR_SEV_ERROR], 0);
    for (size_t i = 0; i < res->n; i++)
        ck_assert_msg(res->items[i].outcome != DSR_EDIT_REFUSED, "refused: %s",
                      res->items[i].why);
    dsr_verdicts_plan_release(&plan);
}

static const char manifest[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"pemdi-2026\" year=\"2026\">\n"
    "  <instance name=\"Kab A\"/>\n"
    "\n"
    "  <!-- 4. kolaborasi -->\n"
    "  <indicator id=\"4\" owner=\"Diskominfo\">\n"
    "    <assessment stage=\"mandiri\" level=\"2\"/>\n"
    "    <assessment stage=\"dokumen\" level=\"2\"/>\n"
    "  </indicator>\n"
    "</dossier>\n";

START_TEST(test_verdicts_plan_reads_rows)
{
    struct dsr_verdicts_plan plan;

    plan_of("Hasil Penilaian Tahap 1;;;\n"
            ";Kabupaten Contoh\n"
            "Indikator;Butir;Tahap;Hasil;Jenis;Catatan;Nilai;Lain\n"
            "2.2;I4-L1-01;;Diterima;;;;x\n"
            ";gt.i4_l1_2;DOKUMEN;REVISI;;RKA tanpa rencana kolaborasi;;\n"
            ";PG_04_03;interviu;revisi;;Dokumen pendukung/evidence terkait "
            "belum tersedia dan belum diunggah.;;\n"
            "\n"
            "I4;I4-L2-2;;revisi;;Otomatis ditolak karena tingkat kematangan "
            "sebelumnya ditolak.;;\n"
            "4;;;;;;1,3;\n"
            ";I4-L1-01;;diterima;;;1.30;\n"
            ";;;;;;;\n",
            &plan);
    ck_assert_uint_eq(plan.nproblems, 0);
    ck_assert_uint_eq(plan.rows, 6);
    ck_assert_uint_eq(plan.verdicts, 4);
    ck_assert_uint_eq(plan.values, 1);
    ck_assert_uint_eq(plan.n, 5);
    ck_assert_int_eq(plan.changes[0].field, DSR_FIELD_VERDICT);
    ck_assert_str_eq(plan.changes[0].indicator, "4");
    ck_assert_str_eq(plan.changes[0].item, "I4-L1-01");
    ck_assert_str_eq(plan.changes[0].stage, "dokumen");
    ck_assert_str_eq(plan.changes[0].status, "diterima");
    ck_assert_str_eq(plan.changes[0].kind, "");
    ck_assert_str_eq(plan.changes[1].item, "I4-L1-02");
    ck_assert_str_eq(plan.changes[1].kind, "tidak-tepat");
    ck_assert_str_eq(plan.changes[1].value, "RKA tanpa rencana kolaborasi");
    ck_assert_str_eq(plan.changes[2].item, "I4-L1-03");
    ck_assert_str_eq(plan.changes[2].stage, "interviu");
    ck_assert_str_eq(plan.changes[2].kind, "belum-diunggah");
    ck_assert_str_eq(plan.changes[3].item, "I4-L2-02");
    ck_assert_str_eq(plan.changes[3].kind, "otomatis-ditolak");
    ck_assert_int_eq(plan.changes[4].field, DSR_FIELD_VALUE);
    ck_assert_str_eq(plan.changes[4].indicator, "4");
    ck_assert_str_eq(plan.changes[4].stage, "dokumen");
    ck_assert_str_eq(plan.changes[4].value, "1.30");
    ck_assert_ptr_nonnull(strstr(plan.changes[4].where, "row 9"));
    dsr_verdicts_plan_release(&plan);
}
END_TEST

/* 'msg' among the plan's problems, at the place given. */
static void
has_problem(const struct dsr_verdicts_plan *plan, const char *place,
            const char *msg)
{
    for (size_t i = 0; i < plan->nproblems; i++)
        if (strstr(plan->problems[i].message, place) &&
            strstr(plan->problems[i].message, msg))
            return;
    for (size_t i = 0; i < plan->nproblems; i++)
        fprintf(stderr, "  %s\n", plan->problems[i].message);
    ck_abort_msg("no problem '%s' at '%s'", msg, place);
}

START_TEST(test_verdicts_plan_bad_rows)
{
    struct dsr_verdicts_plan plan;

    plan_of("butir,status,jenis,catatan,nilai,indikator,tahap\n"
            "I4-L1-09,diterima,,,,,\n"
            "I4-L1-01,lulus,,,,,\n"
            "I4-L1-02,revisi,salah,,,,\n"
            "I4-L1-03,diterima,tidak tepat,,,,\n"
            ",,,,6,4,\n"
            ",,,,satu,4,\n"
            ",,,,1.5,4,interviu\n"
            ",,,,1.6,4,interviu\n"
            "I4-L2-01,revisi,,A,,,\n"
            "I4-L2-01,revisi,,B,,,\n"
            "I4-L1-01,diterima,,,,5,\n"
            "I4-L1-01,diterima,,,,,mandiri\n"
            ",diterima,,,,4,\n"
            "I4-L1-01,,,catatan,,,\n"
            "X-1,diterima,,,,,\n"
            "I99-L1-01,diterima,,,,,\n"
            ",,,,,99,\n",
            &plan);
    has_problem(&plan, "row 2, column A (butir)",
                "the items of indicator 4 at level 1 are I4-L1-01, "
                "I4-L1-02, I4-L1-03");
    has_problem(&plan, "row 3, column B (status)", "'lulus'");
    has_problem(&plan, "row 4, column C (jenis)", "'salah'");
    has_problem(&plan, "row 5, column C (jenis)", "diterima has no kind");
    has_problem(&plan, "row 6, column E (nilai)", "'6'");
    has_problem(&plan, "row 7, column E (nilai)", "'satu'");
    has_problem(&plan, "row 9, column E (nilai)", "differs from 1.50 in row 8");
    has_problem(&plan, "row 11, column B (status)", "otherwise than row 10");
    has_problem(&plan, "row 12, column F (indikator)", "indicator 4");
    has_problem(&plan, "row 13, column G (tahap)", "'mandiri'");
    has_problem(&plan, "row 14, column A (butir)", "e.g. I4-L1-01");
    has_problem(&plan, "row 15, column B (status)", "without a status");
    has_problem(&plan, "row 16, column A (butir)", "'X-1' is not an item");
    has_problem(&plan, "row 17, column A (butir)", "indicator 99 is not");
    has_problem(&plan, "row 18, column F (indikator)", "'99'");
    ck_assert_uint_eq(plan.nproblems, 16);
    dsr_verdicts_plan_release(&plan);

    /* an invisible character pasted with an id is named, not hidden */
    plan_of("butir,status\n"
            "I4-L1-0\xe2\x80\x8b" "1,diterima\n"
            "\xef\xbb\xbf" "PG_04_02,diterima\n",
            &plan);
    has_problem(&plan, "row 2, column A (butir)",
                "holds the character U+200B (character 8), which no item "
                "id or portal code has");
    has_problem(&plan, "row 3, column A (butir)",
                "holds the character U+FEFF (character 1)");
    ck_assert_uint_eq(plan.nproblems, 2);
    dsr_verdicts_plan_release(&plan);

    /* no usable header */
    plan_of("a,b\n1,2\n", &plan);
    ck_assert_uint_eq(plan.nproblems, 2);
    has_problem(&plan, "row 1", "no column 'indikator'");
    dsr_verdicts_plan_release(&plan);
    plan_of("butir,status,item\n", &plan);
    has_problem(&plan, "row 1", "'butir' is there twice (A1 and C1)");
    dsr_verdicts_plan_release(&plan);

    /* a sheet of bad rows: the first DSR_VERDICTS_MAX_PROBLEMS kept */
    {
        size_t n = DSR_VERDICTS_MAX_PROBLEMS + 200, len = 0;
        char *text = malloc(32 + n * 16);

        len += (size_t)sprintf(text, "butir,status\n");
        for (size_t i = 0; i < n; i++)
            len += (size_t)sprintf(text + len, "I4-L1-01,x\n");
        plan_of(text, &plan);
        free(text);
        ck_assert_uint_eq(plan.nproblems, DSR_VERDICTS_MAX_PROBLEMS);
        ck_assert_uint_eq(plan.more_problems, 200);
        has_problem(&plan, "row 2, column B (status)", "'x'");
        dsr_verdicts_plan_release(&plan);
    }
}
END_TEST

static const char sheet1[] =
    "indikator,butir,status,catatan,nilai\n"
    "4,I4-L1-01,diterima,,1.3333\n"
    "4,I4-L1-02,revisi,\"RKA <tanpa> \"\"rencana\"\" & kolaborasi\",1.3333\n"
    "1,I1-L1-01,revisi,Belum diunggah,\n"
    "1,,,,1\n";

START_TEST(test_verdicts_import_new_unchanged_replaced)
{
    struct dsr_edit_result res;
    char *got, *first;

    tu_write(dir, "manifest.xml", manifest, (size_t)-1);
    import(sheet1, false, &res);
    ck_assert(res.written);
    ck_assert_uint_eq(res.backup, 1);
    ck_assert_uint_eq(res.n, 5);
    ck_assert_int_eq(res.items[0].outcome, DSR_EDIT_ADDED); /* value= */
    ck_assert_ptr_null(res.items[0].before);
    ck_assert_str_eq(res.items[0].after, "1.3333");
    ck_assert_int_eq(res.items[1].outcome, DSR_EDIT_ADDED);
    ck_assert_int_eq(res.items[2].outcome, DSR_EDIT_ADDED);
    ck_assert_int_eq(res.items[3].outcome, DSR_EDIT_ADDED);
    ck_assert_str_eq(res.items[3].after, "revisi (belum-diunggah): Belum diunggah");
    ck_assert_int_eq(res.items[4].outcome, DSR_EDIT_ADDED);  /* new assessment */
    dsr_edit_result_release(&res);
    got = slurp(path);
    ck_assert_str_eq(got,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"pemdi-2026\" year=\"2026\">\n"
        "  <instance name=\"Kab A\"/>\n"
        "\n"
        "  <!-- 1. Tingkat Kematangan Tata Kelola Pemdi -->\n"
        "  <indicator id=\"1\">\n"
        "    <verdict stage=\"dokumen\" item=\"I1-L1-01\" status=\"revisi\" kind=\"belum-diunggah\">Belum diunggah</verdict>\n"
        "    <assessment stage=\"dokumen\" level=\"1\" value=\"1.00\"/>\n"
        "  </indicator>\n"
        "\n"
        "  <!-- 4. kolaborasi -->\n"
        "  <indicator id=\"4\" owner=\"Diskominfo\">\n"
        "    <assessment stage=\"mandiri\" level=\"2\"/>\n"
        "    <assessment stage=\"dokumen\" level=\"1\" value=\"1.3333\"/>\n"
        "    <verdict stage=\"dokumen\" item=\"I4-L1-01\" status=\"diterima\"/>\n"
        "    <verdict stage=\"dokumen\" item=\"I4-L1-02\" status=\"revisi\" kind=\"tidak-tepat\">RKA &lt;tanpa&gt; &quot;rencana&quot; &amp; kolaborasi</verdict>\n"
        "  </indicator>\n"
        "</dossier>\n");
    first = got;

    /* the same sheet again: nothing to do, nothing written */
    import(sheet1, false, &res);
    ck_assert(!res.written);
    ck_assert_uint_eq(res.applied, 0);
    for (size_t i = 0; i < res.n; i++)
        ck_assert_int_eq(res.items[i].outcome, DSR_EDIT_SAME);
    dsr_edit_result_release(&res);
    ck_assert(!exists("manifest.xml.~2~"));
    got = slurp(path);
    ck_assert_str_eq(got, first);
    free(got);

    /* one verdict changed, one value changed: replaced, reported */
    import("indikator,butir,status,jenis,catatan,nilai\n"
           "2.2,I4-L1-02,diterima,,,2.5\n"
           "4,I4-L1-01,diterima,,,2.5\n",
           false, &res);
    ck_assert(res.written);
    ck_assert_uint_eq(res.backup, 2);
    ck_assert_int_eq(res.items[0].outcome, DSR_EDIT_SET);
    ck_assert_str_eq(res.items[0].before, "1.3333");
    ck_assert_str_eq(res.items[0].after, "2.50");
    ck_assert_int_eq(res.items[1].outcome, DSR_EDIT_SET);
    ck_assert_str_eq(res.items[1].before,
                     "revisi (tidak-tepat): RKA <tanpa> \"rencana\" & kolaborasi");
    ck_assert_str_eq(res.items[1].after, "diterima");
    ck_assert_int_eq(res.items[2].outcome, DSR_EDIT_SAME);
    dsr_edit_result_release(&res);
    got = slurp(path);
    ck_assert_ptr_nonnull(strstr(got,
        "    <assessment stage=\"dokumen\" level=\"2\" value=\"2.50\"/>\n"
        "    <verdict stage=\"dokumen\" item=\"I4-L1-01\" status=\"diterima\"/>\n"
        "    <verdict stage=\"dokumen\" item=\"I4-L1-02\" status=\"diterima\"/>\n"
        "  </indicator>\n"));
    free(got);
    free(first);
}
END_TEST

START_TEST(test_verdicts_import_dry_run_and_stages)
{
    struct dsr_edit_result res;
    char *got;

    tu_write(dir, "manifest.xml", manifest, (size_t)-1);
    import(sheet1, true, &res);
    ck_assert(!res.written);
    ck_assert_uint_eq(res.applied, 5);
    dsr_edit_result_release(&res);
    got = slurp(path);
    ck_assert_str_eq(got, manifest);
    free(got);
    ck_assert(!exists("manifest.xml.~1~"));

    /* one item judged at two stages: two verdicts, the later one after
     * the earlier */
    import("butir,tahap,status,catatan\n"
           "I4-L1-02,dokumen,revisi,Kurang\n"
           "I4-L1-02,interviu,diterima,\n",
           false, &res);
    ck_assert_int_eq(res.items[0].outcome, DSR_EDIT_ADDED);
    ck_assert_int_eq(res.items[1].outcome, DSR_EDIT_ADDED);
    dsr_edit_result_release(&res);
    got = slurp(path);
    ck_assert_ptr_nonnull(strstr(got,
        "    <assessment stage=\"dokumen\" level=\"2\"/>\n"
        "    <verdict stage=\"dokumen\" item=\"I4-L1-02\" status=\"revisi\" kind=\"tidak-tepat\">Kurang</verdict>\n"
        "    <verdict stage=\"interviu\" item=\"I4-L1-02\" status=\"diterima\"/>\n"
        "  </indicator>\n"));
    free(got);
}
END_TEST

/* two verdicts of one stage and item in the manifest: the later one
 * counts (as check says), so it is the one compared and replaced */
START_TEST(test_verdicts_the_later_of_two_counts)
{
    struct dsr_edit_result res;
    char *got;

    tu_write(dir, "manifest.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"pemdi-2026\" year=\"2026\">\n"
             "  <instance name=\"Kab A\"/>\n"
             "  <indicator id=\"4\">\n"
             "    <verdict stage=\"dokumen\" item=\"I4-L1-02\" status=\"revisi\" kind=\"tidak-tepat\">Lama</verdict>\n"
             "    <verdict stage=\"dokumen\" item=\"I4-L1-02\" status=\"diterima\"/>\n"
             "  </indicator>\n"
             "</dossier>\n",
             (size_t)-1);
    import("butir,status\nI4-L1-02,diterima\n", false, &res);
    ck_assert_int_eq(res.items[0].outcome, DSR_EDIT_SAME);
    ck_assert(!res.written);
    dsr_edit_result_release(&res);
    import("butir,status,catatan\nI4-L1-02,revisi,Baru\n", false, &res);
    ck_assert_int_eq(res.items[0].outcome, DSR_EDIT_SET);
    ck_assert_str_eq(res.items[0].before, "diterima");
    dsr_edit_result_release(&res);
    got = slurp(path);
    ck_assert_ptr_nonnull(strstr(got,
        "    <verdict stage=\"dokumen\" item=\"I4-L1-02\" status=\"revisi\" kind=\"tidak-tepat\">Lama</verdict>\n"
        "    <verdict stage=\"dokumen\" item=\"I4-L1-02\" status=\"revisi\" kind=\"tidak-tepat\">Baru</verdict>\n"));
    free(got);
}
END_TEST

/* spbe-2020 has no items: a verdict is on the indicator's level */
START_TEST(test_verdicts_framework_without_items)
{
    struct dsr_verdicts_plan plan;
    struct dsr_edit_result res;
    struct dsr_edit_opts opts = {.frameworks_dir = fwdir,
                                 .schemas_dir = TEST_SCHEMAS};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *cat;
    struct dsr_workbook *wb;
    char *got;

    tu_write(dir, "manifest.xml",
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">\n"
             "  <instance name=\"Kab A\"/>\n"
             "  <indicator id=\"3\"/>\n"
             "</dossier>\n",
             (size_t)-1);
    tu_write(dir, "putusan.csv",
             "indicator,stage,status,note,item\n"
             "3,interviu,revisi,Belum ada reviu,\n"
             "4,,diterima,,I4-L1-01\n",
             (size_t)-1);
    cat = dsr_catalog_load_id(fwdir, "spbe-2020", TEST_FRAMEWORK_XSD, &err);
    ck_assert_ptr_nonnull(cat);
    wb = dsr_workbook_read_first(csv, &err);
    ck_assert_ptr_nonnull(wb);
    ck_assert_int_eq(dsr_verdicts_plan(cat, wb, DSR_STAGE_DOKUMEN, &plan, &err),
                     0);
    ck_assert_uint_eq(plan.nproblems, 1);
    has_problem(&plan, "row 3, column E (item)", "has no items");
    ck_assert_uint_eq(plan.n, 1);
    ck_assert_ptr_null(plan.changes[0].item);
    ck_assert_int_eq(dsr_manifest_edit(path, plan.changes, plan.n, &opts, &res,
                                       &err),
                     0);
    ck_assert_int_eq(res.items[0].outcome, DSR_EDIT_ADDED);
    ck_assert(res.written);
    got = slurp(path);
    ck_assert_ptr_nonnull(strstr(got,
        "  <indicator id=\"3\">\n"
        "    <verdict stage=\"interviu\" status=\"revisi\" kind=\"tidak-tepat\">Belum ada reviu</verdict>\n"
        "  </indicator>\n"));
    free(got);
    dsr_edit_result_release(&res);
    dsr_verdicts_plan_release(&plan);
    dsr_workbook_free(wb);
    dsr_catalog_free(cat);
}
END_TEST

static Suite *
verdicts_suite(void)
{
    Suite *s = suite_create("verdicts");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_verdicts_plan_reads_rows);
    tcase_add_test(tc, test_verdicts_plan_bad_rows);
    tcase_add_test(tc, test_verdicts_import_new_unchanged_replaced);
    tcase_add_test(tc, test_verdicts_import_dry_run_and_stages);
    tcase_add_test(tc, test_verdicts_framework_without_items);
    tcase_add_test(tc, test_verdicts_the_later_of_two_counts);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(verdicts_suite());
}
