/*
 * test_pack.c -- the yearly bundle: dsr_pack_write() publishes a bag that
 * verifies, with the manifest byte for byte as checked; it refuses an
 * existing OUTDIR, a manifest with errors and a cancelled run, leaving
 * nothing behind; the bundle id follows the input and only the input.
 */
#include "testutil.h"

#include "dossier/pack.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
static const char manifest[] =
    "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
    "<instance name=\"Kabupaten Uji\"/><evidence-root path=\"b\"/>\n"
    "<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\">x</assessment>\n"
    "<evidence file=\"01/perbup.pdf\" level=\"2\" date=\"2024-01-02\">Perbup</evidence>\n"
    "<evidence file=\"01/data.csv\" level=\"2\">Data</evidence>\n"
    "</indicator>\n"
    "</dossier>\n";
static char dir[512];
static char mpath[700];
static char out[700];

static void
setup(void)
{
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    tu_write(dir, "b/01/perbup.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/01/data.csv", "a,b\n1,2\n", (size_t)-1);
    tu_write(dir, "m.xml", manifest, (size_t)-1);
    snprintf(mpath, sizeof(mpath), "%s/m.xml", dir);
    snprintf(out, sizeof(out), "%s/out", dir);
}

static void
teardown(void)
{
    tu_rmtree(dir);
}

static struct dsr_pack_opts
opts(void)
{
    struct dsr_pack_opts o = {
        .frameworks_dir = TEST_FRAMEWORKS,
        .schemas_dir = TEST_SCHEMAS,
        .fonts_dir = TEST_SOURCE_DIR "/fonts",
        .alg = DSR_HASH_SHA512,
        .jobs = 2,
        .source_date_epoch = 1700000000,
    };

    return o;
}

/* Nothing in 'dir' but m.xml and b/: no OUTDIR, no out.tmp-* */
static void
assert_nothing_written(void)
{
    char cmd[1024];
    struct stat st;

    ck_assert_int_ne(lstat(out, &st), 0);
    snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s' | grep -v -x -e m.xml -e b)\"",
             dir);
    ck_assert_msg(system(cmd) == 0, "something was left in %s", dir);
}

START_TEST(test_pack_writes_a_bag_that_verifies)
{
    struct dsr_pack_opts o = opts();
    struct dsr_pack_result res;
    struct dsr_bag_verify_opts vo = {.jobs = 2};
    struct dsr_bag_report rep = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[800];
    char data[4096];
    size_t len;
    FILE *f;

    ck_assert_msg(dsr_pack_write(mpath, out, &o, &res, &err) == 0, "%s", err.msg);
    ck_assert(res.published);
    ck_assert_uint_eq(res.files, 2);
    ck_assert_uint_eq(res.zips.nzips, 1);
    ck_assert_int_eq(strncmp(res.id, "spbe-2020-2024-", 15), 0);
    ck_assert_int_eq(dsr_bag_verify(out, &vo, &rep, &err), 0);
    ck_assert_uint_eq(rep.n, 0);
    ck_assert_uint_eq(rep.zips, 1);
    dsr_bag_report_release(&rep);
    /* the manifest archived is the input, byte for byte */
    snprintf(path, sizeof(path), "%s/%s", out, DSR_BUNDLE_MANIFEST);
    f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    len = fread(data, 1, sizeof(data), f);
    fclose(f);
    ck_assert_uint_eq(len, strlen(manifest));
    ck_assert_int_eq(memcmp(data, manifest, len), 0);
    snprintf(path, sizeof(path), "%s/%s/01.zip", out, DSR_BUNDLE_ZIP_DIR);
    ck_assert_int_eq(access(path, R_OK), 0);
    snprintf(path, sizeof(path), "%s/%s", out, DSR_BUNDLE_DOSSIER);
    ck_assert_int_eq(access(path, R_OK), 0);
    snprintf(path, sizeof(path), "%s/%s", out, DSR_BUNDLE_FINDINGS);
    ck_assert_int_eq(access(path, R_OK), 0);
    dsr_pack_result_release(&res);
}
END_TEST

START_TEST(test_pack_never_touches_an_existing_outdir)
{
    struct dsr_pack_opts o = opts();
    struct dsr_pack_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    struct stat st;

    /* an empty directory: rename() would have replaced it */
    ck_assert_int_eq(mkdir(out, 0755), 0);
    ck_assert_int_eq(dsr_pack_write(mpath, out, &o, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    ck_assert(!res.published);
    ck_assert_int_eq(stat(out, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert_int_eq(rmdir(out), 0);
    dsr_pack_result_release(&res);
    assert_nothing_written();
}
END_TEST

START_TEST(test_pack_refuses_errors_and_writes_nothing)
{
    struct dsr_pack_opts o = opts();
    struct dsr_pack_result res;
    struct dsr_error err = DSR_ERROR_INIT;

    /* a listed file that does not exist is an error finding */
    tu_write(dir, "m.xml",
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
             "<instance name=\"Uji\"/><evidence-root path=\"b\"/>"
             "<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\"/>"
             "<evidence file=\"01/tidak-ada.pdf\" level=\"2\">t</evidence></indicator>"
             "</dossier>\n", (size_t)-1);
    ck_assert_int_eq(dsr_pack_write(mpath, out, &o, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_uint_ge(res.checked.findings.counts[DSR_SEV_ERROR], 1);
    ck_assert(!res.published);
    dsr_pack_result_release(&res);
    assert_nothing_written();
}
END_TEST

/*
 * An error only the content can show (the manifest's SHA-256 of a file),
 * found once the zips have read it: still nothing is published.
 */
START_TEST(test_pack_refuses_a_content_error_found_by_the_zips)
{
    struct dsr_pack_opts o = opts();
    struct dsr_pack_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    bool mismatch = false;

    tu_write(dir, "m.xml",
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
             "<instance name=\"Uji\"/><evidence-root path=\"b\"/>"
             "<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\"/>"
             "<evidence file=\"01/data.csv\" level=\"2\" sha256=\""
             "0000000000000000000000000000000000000000000000000000000000000000"
             "\">t</evidence></indicator>"
             "</dossier>\n", (size_t)-1);
    ck_assert_int_eq(dsr_pack_write(mpath, out, &o, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "nothing was packed"));
    for (size_t i = 0; i < res.checked.findings.n; i++)
        mismatch = mismatch ||
                   res.checked.findings.items[i].code == DSR_F_SHA256_MISMATCH;
    ck_assert(mismatch);
    ck_assert(!res.published);
    dsr_pack_result_release(&res);
    assert_nothing_written();
}
END_TEST

START_TEST(test_pack_cancelled_writes_nothing)
{
    static volatile sig_atomic_t cancel = 1;
    struct dsr_pack_opts o = opts();
    struct dsr_pack_result res;
    struct dsr_error err = DSR_ERROR_INIT;

    o.cancel = &cancel;
    ck_assert_int_eq(dsr_pack_write(mpath, out, &o, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_INTERRUPTED);
    ck_assert(!res.published);
    dsr_pack_result_release(&res);
    assert_nothing_written();
}
END_TEST

START_TEST(test_pack_bundle_id_follows_the_input)
{
    struct dsr_check_opts co = {.frameworks_dir = TEST_FRAMEWORKS,
                                .schemas_dir = TEST_SCHEMAS};
    struct dsr_check_result checked;
    struct dsr_error err = DSR_ERROR_INIT;
    char id[DSR_BUNDLE_ID_MAX], again[DSR_BUNDLE_ID_MAX], small[8];
    size_t n = strlen("spbe-2020-2024-");
    char first;

    ck_assert_int_eq(dsr_check(mpath, &co, &checked, &err), 0);
    ck_assert_ptr_eq(dsr_bundle_id(&checked, id, sizeof(id)), id);
    ck_assert_uint_eq(strlen(id), n + 16);
    ck_assert_int_eq(strncmp(id, "spbe-2020-2024-", n), 0);
    ck_assert_uint_eq(strspn(id + n, "0123456789abcdef"), 16);
    ck_assert_str_eq(dsr_bundle_id(&checked, again, sizeof(again)), id);
    ck_assert_ptr_null(dsr_bundle_id(&checked, small, sizeof(small)));
    /* the id follows the evidence: another digest, another id */
    first = checked.files[0].info.sha256[0];
    checked.files[0].info.sha256[0] = first == 'a' ? 'b' : 'a';
    ck_assert_str_ne(dsr_bundle_id(&checked, again, sizeof(again)), id);
    /* and the manifest's bytes as checked, not the file on disk now */
    checked.files[0].info.sha256[0] = first;
    tu_write(dir, "m.xml", "changed since check\n", (size_t)-1);
    ck_assert_str_eq(dsr_bundle_id(&checked, again, sizeof(again)), id);
    dsr_check_result_release(&checked);
}
END_TEST

Suite *
pack_suite(void)
{
    Suite *s = suite_create("pack");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_pack_writes_a_bag_that_verifies);
    tcase_add_test(tc, test_pack_never_touches_an_existing_outdir);
    tcase_add_test(tc, test_pack_refuses_errors_and_writes_nothing);
    tcase_add_test(tc, test_pack_refuses_a_content_error_found_by_the_zips);
    tcase_add_test(tc, test_pack_cancelled_writes_nothing);
    tcase_add_test(tc, test_pack_bundle_id_follows_the_input);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(pack_suite());
}
