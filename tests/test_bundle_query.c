/*
 * test_bundle_query.c -- show, find and extract on a bundle packed here:
 * the bundle's tags and one zip's index read back; find by title, file
 * name (ASCII case ignored) and SHA-256 prefix; extract gives the files
 * byte for byte with mode 0644, never over an existing file, and writes
 * nothing when the zip's checksum differs from the bag's manifest; a
 * workspace or a folder that is no bundle is named as such.
 */
#include "testutil.h"

#include "dossier/bundle.h"
#include "dossier/bundle_layout.h"
#include "dossier/hash.h"
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
static const char csv[] = "a,b\n1,2\n";
static const char manifest[] =
    "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
    "<instance name=\"Kabupaten Uji\"/><evidence-root path=\"b\"/>\n"
    "<indicator id=\"1\" owner=\"Diskominfo\">"
    "<assessment stage=\"mandiri\" level=\"2\">x</assessment>\n"
    "<evidence file=\"01/perbup.pdf\" level=\"2\" date=\"2024-01-02\">Peraturan Bupati</evidence>\n"
    "<evidence file=\"01/sub/data.csv\" level=\"2\">Data Pengguna</evidence>\n"
    "</indicator>\n"
    "<indicator id=\"2\"><assessment stage=\"mandiri\" level=\"1\">y</assessment>"
    "</indicator>\n"
    "</dossier>\n";
static char dir[512];
static char bundle[700];

static void
setup(void)
{
    struct dsr_pack_opts o = {
        .frameworks_dir = TEST_FRAMEWORKS,
        .schemas_dir = TEST_SCHEMAS,
        .fonts_dir = TEST_SOURCE_DIR "/fonts",
        .alg = DSR_HASH_SHA512,
        .jobs = 2,
        .source_date_epoch = 1700000000,
    };
    struct dsr_pack_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    char mpath[700];

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    tu_write(dir, "b/01/perbup.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/01/sub/data.csv", csv, (size_t)-1);
    tu_write(dir, "manifest.xml", manifest, (size_t)-1);
    snprintf(mpath, sizeof(mpath), "%s/manifest.xml", dir);
    snprintf(bundle, sizeof(bundle), "%s/bundle", dir);
    ck_assert_msg(dsr_pack_write(mpath, bundle, &o, &res, &err) == 0, "%s", err.msg);
    dsr_pack_result_release(&res);
}

static void
teardown(void)
{
    tu_rmtree(dir);
}

static void
open_bundle(struct dsr_bundle *b)
{
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_msg(dsr_bundle_open(bundle, TEST_FRAMEWORKS, TEST_SCHEMAS, b, &err) == 0,
                  "%s", err.msg);
}

START_TEST(test_open_and_read_a_zip)
{
    struct dsr_bundle b = DSR_BUNDLE_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bundle_zip z;
    const struct dsr_mindicator *ind;

    open_bundle(&b);
    ck_assert_int_eq(strncmp(b.bundle_id, "spbe-2020-2024-", 15), 0);
    ck_assert_str_eq(b.bagging_date, "2023-11-14");
    ck_assert(!b.is_signed);
    ind = dsr_bundle_indicator(&b, "1", &err);
    ck_assert_ptr_nonnull(ind);
    ck_assert_ptr_null(dsr_bundle_indicator(&b, "99", &err));
    ck_assert_int_eq(err.code, DSR_USAGE);
    ck_assert_ptr_nonnull(strstr(err.msg, "dossier show"));
    ck_assert_int_eq(dsr_bundle_zip_read(&b, ind, &z, &err), 0);
    ck_assert_int_eq(z.status, DSR_BZIP_OK);
    ck_assert_str_eq(z.rel, "data/indicators/01.zip");
    ck_assert_uint_eq(z.idx.n, 2);
    ck_assert_uint_eq(z.bytes, sizeof(pdf) - 1 + strlen(csv));
    ck_assert_ptr_nonnull(dsr_bundle_evidence(ind, z.idx.entries[0].file));
    dsr_bundle_zip_release(&z);
    /* an indicator without evidence has no zip */
    ck_assert_int_eq(dsr_bundle_zip_read(&b, dsr_bundle_indicator(&b, "2", &err), &z,
                                         &err), 0);
    ck_assert_int_eq(z.status, DSR_BZIP_NONE);
    dsr_bundle_zip_release(&z);
    dsr_bundle_close(&b);
}
END_TEST

START_TEST(test_not_a_bundle)
{
    struct dsr_bundle b = DSR_BUNDLE_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    char path[800];

    ck_assert_int_eq(dsr_bundle_open(dir, TEST_FRAMEWORKS, TEST_SCHEMAS, &b, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "workspace"));
    dsr_bundle_close(&b);
    snprintf(path, sizeof(path), "%s/b", dir);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_bundle_open(path, TEST_FRAMEWORKS, TEST_SCHEMAS, &b, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no bagit.txt"));
    dsr_bundle_close(&b);
}
END_TEST

START_TEST(test_find)
{
    struct dsr_bundle b = DSR_BUNDLE_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_find_result r;
    char hex[DSR_HASH_HEX_MAX];

    ck_assert(!dsr_find_is_hash("abcde"));
    ck_assert(dsr_find_is_hash("ABCdef"));
    ck_assert(!dsr_find_is_hash("abcdeg"));
    open_bundle(&b);
    ck_assert_int_eq(dsr_bundle_find(&b, "peraturan BUPATI", &r, &err), 0);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(r.hits[0].indicator, "1");
    ck_assert_str_eq(r.hits[0].file, "01/perbup.pdf");
    dsr_find_result_release(&r);
    ck_assert_int_eq(dsr_bundle_find(&b, "DATA.CSV", &r, &err), 0);
    ck_assert_uint_eq(r.n, 1);
    ck_assert(!r.by_hash);
    dsr_find_result_release(&r);
    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, csv, strlen(csv), hex, &err), 0);
    hex[8] = '\0';
    ck_assert_int_eq(dsr_bundle_find(&b, hex, &r, &err), 0);
    ck_assert(r.by_hash);
    ck_assert_uint_eq(r.n, 1);
    ck_assert_str_eq(r.hits[0].name, "sub/data.csv");
    ck_assert_uint_eq(r.hits[0].size, strlen(csv));
    dsr_find_result_release(&r);
    ck_assert_int_eq(dsr_bundle_find(&b, "tidak ada", &r, &err), 0);
    ck_assert_uint_eq(r.n, 0);
    dsr_find_result_release(&r);
    ck_assert_int_eq(dsr_bundle_find(&b, "", &r, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    dsr_bundle_close(&b);
}
END_TEST

/* The 'len' bytes of 'path' are 'want'. */
static void
assert_file(const char *path, const char *want, size_t len)
{
    char got[4096];
    struct stat st;
    FILE *f = fopen(path, "rb");
    size_t n;

    ck_assert_msg(f != NULL, "%s missing", path);
    n = fread(got, 1, sizeof(got), f);
    fclose(f);
    ck_assert_uint_eq(n, len);
    ck_assert_int_eq(memcmp(got, want, len), 0);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0644);
}

START_TEST(test_extract)
{
    struct dsr_bundle b = DSR_BUNDLE_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_extract_result res;
    struct dsr_extract_opts o = {0};
    const struct dsr_mindicator *ind;
    char out[800], path[900];

    umask(077);
    snprintf(out, sizeof(out), "%s/x/y", dir);
    o.out_dir = out;
    open_bundle(&b);
    ind = dsr_bundle_indicator(&b, "1", &err);
    ck_assert_msg(dsr_bundle_extract(&b, ind, &o, &res, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(res.problems.n, 0);
    ck_assert_uint_eq(res.files, 2);
    dsr_extract_result_release(&res);
    snprintf(path, sizeof(path), "%s/perbup.pdf", out);
    assert_file(path, pdf, sizeof(pdf) - 1);
    snprintf(path, sizeof(path), "%s/sub/data.csv", out);
    assert_file(path, csv, strlen(csv));
    /* never over an existing file, and nothing written then */
    unlink(path);
    ck_assert_int_eq(dsr_bundle_extract(&b, ind, &o, &res, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    ck_assert_int_ne(access(path, F_OK), 0);
    dsr_extract_result_release(&res);
    /* nothing to extract for an indicator without evidence */
    ck_assert_int_eq(dsr_bundle_extract(&b, dsr_bundle_indicator(&b, "2", &err), &o,
                                        &res, &err), -1);
    dsr_extract_result_release(&res);
    umask(022);
    dsr_bundle_close(&b);
}
END_TEST

START_TEST(test_extract_refuses_a_changed_zip)
{
    struct dsr_bundle b = DSR_BUNDLE_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_extract_result res;
    struct dsr_extract_opts o = {0};
    char out[800], cmd[2048];

    /* the bag's manifest records another checksum for the zip */
    snprintf(cmd, sizeof(cmd),
             "sed -i 's/^[0-9a-f]\\{8\\}\\(.*data\\/indicators\\/01.zip\\)$/00000000\\1/' "
             "'%s/manifest-sha512.txt'",
             bundle);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(out, sizeof(out), "%s/x", dir);
    o.out_dir = out;
    open_bundle(&b);
    ck_assert_int_eq(dsr_bundle_extract(&b, dsr_bundle_indicator(&b, "1", &err), &o,
                                        &res, &err), 0);
    ck_assert_uint_eq(res.problems.n, 1);
    ck_assert_str_eq(res.problems.items[0].path, "data/indicators/01.zip");
    ck_assert_int_eq(res.problems.items[0].kind, DSR_BAG_ALTERED);
    ck_assert_uint_eq(res.files, 0);
    ck_assert_int_ne(access(out, F_OK), 0);
    dsr_extract_result_release(&res);
    dsr_bundle_close(&b);
}
END_TEST

Suite *
bundle_query_suite(void)
{
    Suite *s = suite_create("bundle_query");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_open_and_read_a_zip);
    tcase_add_test(tc, test_not_a_bundle);
    tcase_add_test(tc, test_find);
    tcase_add_test(tc, test_extract);
    tcase_add_test(tc, test_extract_refuses_a_changed_zip);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(bundle_query_suite());
}
