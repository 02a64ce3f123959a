/*
 * test_workspace.c -- init lays out a valid manifest and the folders;
 * scan adds new files and changes no other byte of the manifest.
 */
#include "testutil.h"

#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/manifest.h"
#include "dossier/workspace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
static char dir[512];
static struct dsr_catalog *cat;

static void
setup(void)
{
    struct dsr_error err = DSR_ERROR_INIT;

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    cat = dsr_catalog_load_id(TEST_FRAMEWORKS, "spbe-2020", TEST_FRAMEWORK_XSD, &err);
    ck_assert_ptr_nonnull(cat);
}

static void
teardown(void)
{
    dsr_catalog_free(cat);
    tu_rmtree(dir);
}

static char *
slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len)
        *len = (size_t)n;
    return buf;
}

/*
 * 'after' is 'before' with whole lines added and nothing else changed:
 * dropping every line of 'after' that contains "<evidence" and is not in
 * 'before' gives 'before' back.
 */
static void
assert_only_evidence_added(const char *before, const char *after)
{
    char *kept = malloc(strlen(after) + 1);
    size_t n = 0;
    const char *p = after;

    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        char *line = strndup(p, len);

        if (!(strstr(line, "<evidence file=") && !strstr(before, line))) {
            memcpy(kept + n, p, len);
            n += len;
        }
        free(line);
        p += len;
    }
    kept[n] = '\0';
    ck_assert_str_eq(kept, before);
    free(kept);
}

static int
scan(const char *manifest, bool dry, struct dsr_scan_result *res)
{
    struct dsr_scan_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                 .schemas_dir = TEST_SCHEMAS,
                                 .dry_run = dry};
    struct dsr_error err = DSR_ERROR_INIT;
    int rc = dsr_scan(manifest, &opts, res, &err);

    ck_assert_msg(rc == 0, "scan failed: %s", err.msg);
    return rc;
}

static size_t
count_action(const struct dsr_scan_result *res, enum dsr_scan_action a)
{
    size_t n = 0;

    for (size_t i = 0; i < res->n; i++)
        n += res->items[i].action == a;
    return n;
}

START_TEST(test_workspace_folder_names)
{
    char buf[128];

    ck_assert_str_eq(dsr_indicator_folder(&cat->indicators[0], buf, sizeof(buf)),
                     "01-kebijakan-internal-arsitektur-spbe");
    ck_assert_str_eq(dsr_indicator_folder(&cat->indicators[41], buf, sizeof(buf)),
                     "42-layanan-pengaduan-pelayanan-publik");
    ck_assert_str_eq(dsr_indicator_folder(&cat->indicators[43], buf, sizeof(buf)),
                     "44-jaringan-dokumentasi-dan-informasi");
}
END_TEST

START_TEST(test_workspace_init_writes_valid_skeleton)
{
    struct dsr_init_opts opts = {.catalog = cat, .instance = "Kabupaten <Uji> & Co",
                                 .year = 2025};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    char path[700], folder[128];
    struct stat st;

    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    m = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : err.msg);
    ck_assert_str_eq(m->instance_name, "Kabupaten <Uji> & Co");
    ck_assert_int_eq(m->year, 2025);
    ck_assert_str_eq(m->evidence_root, "bukti");
    ck_assert_uint_eq(m->nindicators, 47);
    for (size_t i = 0; i < m->nindicators; i++) {
        ck_assert_str_eq(m->indicators[i].id, cat->indicators[i].id);
        ck_assert_uint_eq(m->indicators[i].nassessments, 0);
        snprintf(path, sizeof(path), "%s/bukti/%s/BACA-SAYA.txt", dir,
                 dsr_indicator_folder(&cat->indicators[i], folder, sizeof(folder)));
        ck_assert_msg(stat(path, &st) == 0 && st.st_size > 200, "no note %s", path);
    }
    dsr_manifest_free(m);
}
END_TEST

START_TEST(test_workspace_init_never_overwrites)
{
    struct dsr_init_opts opts = {.catalog = cat, .year = 2025};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[700];
    char *before, *after;

    tu_write(dir, "manifest.xml", "mine", (size_t)-1);
    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    before = slurp(path, NULL);
    ck_assert_str_eq(before, "mine");
    free(before);
    /* an edited note survives a second init in a fresh folder */
    unlink(path);
    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/bukti/01-kebijakan-internal-arsitektur-spbe/BACA-SAYA.txt", dir);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/BACA-SAYA.txt", "catatan saya", (size_t)-1);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    unlink(path);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/bukti/01-kebijakan-internal-arsitektur-spbe/BACA-SAYA.txt", dir);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, "catatan saya");
    free(after);
}
END_TEST

START_TEST(test_workspace_scan_adds_only_new_files)
{
    struct dsr_init_opts opts = {.catalog = cat, .year = 2025};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    char path[700], bak[720], outside[700];
    char *before, *after, *backup;
    size_t before_len;

    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    before = slurp(path, &before_len);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/perbup 12 2023.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/sub/notulen-é.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/42-layanan-pengaduan-pelayanan-publik/layar (1).png", "x", 1);
    tu_write(dir, "bukti/42-layanan-pengaduan-pelayanan-publik/.DS_Store", "x", 1);
    tu_write(dir, "bukti/42-layanan-pengaduan-pelayanan-publik/~$draf.docx", "x", 1);
    tu_write(dir, "bukti/lepas.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "rahasia/r.pdf", pdf, sizeof(pdf) - 1);
    snprintf(outside, sizeof(outside), "%s/rahasia", dir);
    snprintf(bak, sizeof(bak), "%s/bukti/02-kebijakan-internal-peta-rencana/keluar", dir);
    ck_assert_int_eq(symlink(outside, bak), 0);

    scan(path, false, &res);
    ck_assert_uint_eq(res.added, 3);
    ck_assert(res.written);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_SKIPPED), 2);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_UNASSIGNED), 1);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_OUTSIDE), 1);
    dsr_scan_result_release(&res);

    after = slurp(path, NULL);
    ck_assert_ptr_nonnull(strstr(after, "file=\"01-kebijakan-internal-arsitektur-spbe/perbup 12 2023.pdf\""));
    ck_assert_ptr_nonnull(strstr(after, ">Perbup 12 2023</evidence>"));
    ck_assert_ptr_nonnull(strstr(after, "sub/notulen-é.pdf"));
    ck_assert_ptr_nonnull(strstr(after, "layar (1).png"));
    ck_assert_ptr_null(strstr(after, "r.pdf"));
    ck_assert_ptr_null(strstr(after, "lepas.pdf"));
    assert_only_evidence_added(before, after);
    snprintf(bak, sizeof(bak), "%s.bak", path);
    backup = slurp(bak, NULL);
    ck_assert_str_eq(backup, before);
    free(backup);

    /* a second scan adds nothing and leaves the file as it is */
    scan(path, false, &res);
    ck_assert_uint_eq(res.added, 0);
    ck_assert(!res.written);
    dsr_scan_result_release(&res);
    backup = slurp(path, NULL);
    ck_assert_str_eq(backup, after);
    free(backup);
    free(before);
    free(after);
}
END_TEST

/*
 * A name a manifest cannot hold is reported, escaped, and the other files
 * are still added: one bad name does not stop the scan.
 */
START_TEST(test_workspace_scan_reports_unusable_names)
{
    struct dsr_init_opts opts = {.catalog = cat, .year = 2025};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    char path[700];
    char *after;

    ck_assert_int_eq(dsr_init_write(dir, &opts, &err), 0);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/baik.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/baris\ndua.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/lat\xe9.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/miring\\garis.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "bukti/01-kebijakan-internal-arsitektur-spbe/map\xff/isi.pdf", pdf, sizeof(pdf) - 1);

    scan(path, false, &res);
    ck_assert_uint_eq(res.added, 1);
    ck_assert(res.written);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_BAD_NAME), 4);
    /* sorted by action, then name; every name printable */
    ck_assert_int_eq(res.items[0].action, DSR_SCAN_ADDED);
    ck_assert_str_eq(res.items[1].file, "01-kebijakan-internal-arsitektur-spbe/baris\\ndua.pdf");
    ck_assert_str_eq(res.items[2].file, "01-kebijakan-internal-arsitektur-spbe/lat\\xE9.pdf");
    ck_assert_str_eq(res.items[3].file, "01-kebijakan-internal-arsitektur-spbe/map\\xFF");
    ck_assert_str_eq(res.items[4].file, "01-kebijakan-internal-arsitektur-spbe/miring\\garis.pdf");
    ck_assert_str_eq(res.items[1].indicator, "1");
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_ptr_nonnull(strstr(after, "01-kebijakan-internal-arsitektur-spbe/baik.pdf"));
    ck_assert_ptr_null(strstr(after, "isi.pdf"));
    free(after);
}
END_TEST

START_TEST(test_workspace_scan_shapes_and_gone_files)
{
    static const char m[] =
        "<?xml version=\"1.0\"?>\n<!-- tetap -->\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2025\">"
        "<instance name=\"X\"/><evidence-root path=\"b\"/>\n"
        "\t<indicator id=\"1\"/>\n"
        "\t<indicator id=\"2\"><assessment stage=\"mandiri\" level=\"1\">a</assessment></indicator>\n"
        "  <indicator id=\"3\"><evidence file=\"03/hilang.pdf\" level=\"2\">t</evidence>\n"
        "  </indicator></dossier>\n";
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_scan_result res;
    struct dsr_manifest *loaded;
    char path[700];
    char *after;

    tu_write(dir, "m.xml", m, (size_t)-1);
    tu_write(dir, "b/01/a.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/02-apa-saja/a & b.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/03/c.pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/10/d.pdf", pdf, sizeof(pdf) - 1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);

    /* a dry run reports and changes nothing */
    scan(path, true, &res);
    ck_assert_uint_eq(res.added, 4);
    ck_assert(!res.written);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, m);
    free(after);

    scan(path, false, &res);
    ck_assert_uint_eq(res.added, 4);
    ck_assert_uint_eq(count_action(&res, DSR_SCAN_GONE), 1);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    /* the gone entry stays, the comment stays, the text is escaped */
    ck_assert_ptr_nonnull(strstr(after, "03/hilang.pdf"));
    ck_assert_ptr_nonnull(strstr(after, "<!-- tetap -->"));
    ck_assert_ptr_nonnull(strstr(after, "02-apa-saja/a &amp; b.pdf"));
    ck_assert_ptr_nonnull(strstr(after, "\t<indicator id=\"1\">\n\t  <evidence file=\"01/a.pdf\""));
    ck_assert_ptr_nonnull(strstr(after, "<indicator id=\"10\">"));
    free(after);
    loaded = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_ptr_nonnull(loaded);
    ck_assert_uint_eq(dsr_manifest_indicator(loaded, "1")->nevidence, 1);
    ck_assert_uint_eq(dsr_manifest_indicator(loaded, "2")->nevidence, 1);
    ck_assert_uint_eq(dsr_manifest_indicator(loaded, "3")->nevidence, 2);
    ck_assert_uint_eq(dsr_manifest_indicator(loaded, "10")->nevidence, 1);
    ck_assert_int_eq(dsr_manifest_indicator(loaded, "10")->evidence[0].level, DSR_LEVEL_NONE);
    dsr_manifest_free(loaded);
}
END_TEST

START_TEST(test_workspace_scan_refuses_invalid_manifest)
{
    struct dsr_scan_result res;
    char path[700];
    char *after;

    tu_write(dir, "m.xml", "<dossier>", (size_t)-1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    scan(path, false, &res);
    ck_assert_uint_ge(res.findings.counts[DSR_SEV_ERROR], 1);
    ck_assert(!res.written);
    dsr_scan_result_release(&res);
    after = slurp(path, NULL);
    ck_assert_str_eq(after, "<dossier>");
    free(after);
}
END_TEST

Suite *
workspace_suite(void)
{
    Suite *s = suite_create("workspace");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_workspace_folder_names);
    tcase_add_test(tc, test_workspace_init_writes_valid_skeleton);
    tcase_add_test(tc, test_workspace_init_never_overwrites);
    tcase_add_test(tc, test_workspace_scan_adds_only_new_files);
    tcase_add_test(tc, test_workspace_scan_reports_unusable_names);
    tcase_add_test(tc, test_workspace_scan_shapes_and_gone_files);
    tcase_add_test(tc, test_workspace_scan_refuses_invalid_manifest);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(workspace_suite());
}
