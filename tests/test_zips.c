/*
 * test_bundle.c -- the zips hold every file once under a unique name,
 * index.xml first, media stored and text deflated, the same bytes twice,
 * AES-256 when asked, and nothing published when a file changed between
 * check and bundle (rewritten, truncated, grown, replaced, removed, or
 * swapped for a link or a FIFO), with a message naming the file; a
 * thousand equal names stay unique.
 */
#include "testutil.h"

#include "dossier/buf.h"
#include "dossier/zips.h"
#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
static const char pdf2[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 2 2] >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
static char dir[512];
static struct dsr_check_result checked;

static void
setup(void)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[700];

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    tu_write(dir, "b/01-kebijakan/perbup (2023).pdf", pdf, sizeof(pdf) - 1);
    tu_write(dir, "b/01-kebijakan/sub/notulen é.pdf", pdf2, sizeof(pdf2) - 1);
    tu_write(dir, "b/umum/data.csv", "a,b\n1,2\n3,4\n", (size_t)-1);
    tu_write(dir, "b/lain/data.csv", "a,b\n5,6\n7,8\n", (size_t)-1);
    tu_write(dir, "b/umum/index.xml", "<a/>\n", (size_t)-1);
    tu_write(dir, "m.xml",
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
             "<instance name=\"Uji &amp; Co\"/><evidence-root path=\"b\"/>\n"
             "<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\">x</assessment>\n"
             "<evidence file=\"01-kebijakan/perbup (2023).pdf\" level=\"2\" date=\"2024-01-02\">Perbup &amp; lampiran</evidence>\n"
             "<evidence file=\"01-kebijakan/sub/notulen é.pdf\" level=\"2\">Notulen</evidence>\n"
             "<evidence file=\"umum/data.csv\" level=\"2\">Data 1</evidence>\n"
             "<evidence file=\"lain/data.csv\" level=\"2\">Data 2</evidence>\n"
             "<evidence file=\"umum/index.xml\" level=\"2\">Indeks lama</evidence>\n"
             "</indicator>\n"
             "<indicator id=\"12\"><assessment stage=\"mandiri\" level=\"2\">x</assessment>\n"
             "<evidence file=\"umum/data.csv\" level=\"2\">Data 1</evidence></indicator>\n"
             "</dossier>\n",
             (size_t)-1);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    ck_assert_int_eq(dsr_check(path, &opts, &checked, &err), 0);
    ck_assert_uint_eq(checked.findings.counts[DSR_SEV_ERROR], 0);
}

static void
teardown(void)
{
    dsr_check_result_release(&checked);
    tu_rmtree(dir);
}

static void
bundle(const char *out, const char *passphrase, unsigned jobs,
       struct dsr_zips_result *res)
{
    struct dsr_zips_opts opts = {.out_dir = out, .passphrase = passphrase,
                                   .jobs = jobs, .source_date_epoch = 1700000000};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[700];

    snprintf(path, sizeof(path), "%s/%s", dir, out);
    mkdir(path, 0755);
    opts.out_dir = path;
    ck_assert_int_eq(dsr_zips_write(&checked, &opts, res, &err), 0);
}

static zip_t *
open_zip(const char *out, const char *name)
{
    char path[800];
    int zerr = 0;
    zip_t *za;

    snprintf(path, sizeof(path), "%s/%s/%s", dir, out, name);
    za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    ck_assert_msg(za != NULL, "cannot open %s (%d)", path, zerr);
    return za;
}

static char *
read_entry(zip_t *za, const char *name, zip_uint64_t *size)
{
    zip_stat_t st;
    zip_file_t *f;
    char *buf;

    ck_assert_int_eq(zip_stat(za, name, 0, &st), 0);
    buf = malloc(st.size + 1);
    f = zip_fopen(za, name, 0);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    buf[st.size] = '\0';
    *size = st.size;
    return buf;
}

START_TEST(test_zips_entries_names_and_index)
{
    static const char *const names[] = {
        "data (2).csv", "data.csv", "index (2).xml",
        "perbup (2023).pdf", "sub/notulen é.pdf", "index.xml",
    };
    struct dsr_zips_result res;
    zip_t *za;
    zip_uint64_t size;
    char *xml;

    bundle("out", NULL, 2, &res);
    ck_assert_uint_eq(res.nzips, 2);
    ck_assert_uint_eq(res.failed, 0);
    ck_assert_str_eq(res.zips[0].name, "01.zip");
    ck_assert_str_eq(res.zips[1].name, "12.zip");
    ck_assert_uint_eq(res.zips[0].entries, 5);
    za = open_zip("out", "01.zip");
    ck_assert_int_eq(zip_get_num_entries(za, 0), 6);
    for (zip_int64_t i = 0; i < 6; i++)
        ck_assert_str_eq(zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW), names[i]);
    xml = read_entry(za, "index.xml", &size);
    ck_assert_ptr_nonnull(strstr(xml, "xmlns=\"urn:dossier:index:1\""));
    ck_assert_ptr_nonnull(strstr(xml, "instance=\"Uji &amp; Co\""));
    ck_assert_ptr_nonnull(strstr(xml, "name=\"perbup (2023).pdf\""));
    ck_assert_ptr_nonnull(strstr(xml, ">Perbup &amp; lampiran</entry>"));
    ck_assert_ptr_nonnull(strstr(xml, "media-type=\"application/pdf\""));
    ck_assert_ptr_nonnull(strstr(xml, "date=\"2024-01-02\""));
    /* every entry's bytes have the SHA-256 its index line gives */
    for (zip_int64_t i = 0; i < 5; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
        char *data = read_entry(za, name, &size);
        char hex[DSR_HASH_HEX_MAX], want[200];
        struct dsr_error err = DSR_ERROR_INIT;

        dsr_hash_buffer(DSR_HASH_SHA256, data, size, hex, &err);
        snprintf(want, sizeof(want), "sha256=\"%s\"", hex);
        ck_assert_msg(strstr(xml, want) != NULL, "%s: no %s in index.xml", name, want);
        free(data);
    }
    free(xml);
    zip_close(za);
    dsr_zips_result_release(&res);
}
END_TEST

START_TEST(test_zips_stores_media_and_deflates_text)
{
    struct dsr_zips_result res;
    zip_stat_t st;
    zip_t *za;

    bundle("out", NULL, 1, &res);
    za = open_zip("out", "01.zip");
    ck_assert_int_eq(zip_stat(za, "perbup (2023).pdf", 0, &st), 0);
    ck_assert_int_eq(st.comp_method, ZIP_CM_STORE);
    ck_assert_int_eq(zip_stat(za, "data.csv", 0, &st), 0);
    ck_assert_int_eq(st.comp_method, ZIP_CM_DEFLATE);
    ck_assert_int_eq(zip_stat(za, "index.xml", 0, &st), 0);
    ck_assert_int_eq(st.comp_method, ZIP_CM_DEFLATE);
    /* times are clamped to SOURCE_DATE_EPOCH */
    ck_assert_int_le(st.mtime, 1700000000 + 86400);
    zip_close(za);
    dsr_zips_result_release(&res);
}
END_TEST

static char *
slurp(const char *rel, size_t *len)
{
    char path[800];
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof(path), "%s/%s", dir, rel);
    f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* Noise from a 64-bit LCG: looks like encrypted or packed data. */
static void
noise(unsigned char *p, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        p[i] = (unsigned char)(seed >> 56);
    }
}

/* Check 'manifest' (in 'dir') in place of the fixture's. */
static void
recheck(const char *manifest)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[700];

    dsr_check_result_release(&checked);
    tu_write(dir, "m2.xml", manifest, (size_t)-1);
    snprintf(path, sizeof(path), "%s/m2.xml", dir);
    ck_assert_int_eq(dsr_check(path, &opts, &checked, &err), 0);
    ck_assert_uint_eq(checked.findings.counts[DSR_SEV_ERROR], 0);
}

/*
 * A file of an unknown type is stored when its first block does not
 * deflate, and deflated when it does; the same bytes get the same method.
 */
START_TEST(test_zips_stores_incompressible_unknown_types)
{
    size_t n = (size_t)100 << 10;
    unsigned char *buf = malloc(n);
    struct dsr_zips_result res;
    zip_stat_t st;
    zip_t *za;

    ck_assert_ptr_nonnull(buf);
    noise(buf, n, 3);
    tu_write(dir, "b/02-x/acak.bin", buf, n);
    memset(buf, 0, n);
    tu_write(dir, "b/02-x/nol.bin", buf, n);
    free(buf);
    recheck("<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
            "<instance name=\"Uji\"/><evidence-root path=\"b\"/>\n"
            "<indicator id=\"2\"><assessment stage=\"mandiri\" level=\"1\">x</assessment>\n"
            "<evidence file=\"02-x/acak.bin\" level=\"1\">Acak</evidence>\n"
            "<evidence file=\"02-x/nol.bin\" level=\"1\">Nol</evidence>\n"
            "</indicator></dossier>\n");
    bundle("out", NULL, 2, &res);
    ck_assert_uint_eq(res.failed, 0);
    za = open_zip("out", "02.zip");
    ck_assert_int_eq(zip_stat(za, "acak.bin", 0, &st), 0);
    ck_assert_int_eq(st.comp_method, ZIP_CM_STORE);
    ck_assert_int_eq(zip_stat(za, "nol.bin", 0, &st), 0);
    ck_assert_int_eq(st.comp_method, ZIP_CM_DEFLATE);
    ck_assert_uint_lt(st.comp_size, 1024);
    zip_close(za);
    dsr_zips_result_release(&res);
}
END_TEST

/*
 * Renaming: a real "a (2).csv" keeps its name, and the second "a.csv"
 * becomes "a (3).csv"; a file listed twice goes in once; many files in
 * one indicator stay quick.
 */
START_TEST(test_zips_unique_names_and_many_files)
{
    enum { MANY = 3000 };
    struct dsr_buf m = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_zips_result res;
    zip_uint64_t size;
    char name[64];
    char *data;
    zip_t *za;

    tu_write(dir, "b/x/a.csv", "x\n", (size_t)-1);
    tu_write(dir, "b/y/a.csv", "y\n", (size_t)-1);
    tu_write(dir, "b/z/a (2).csv", "z\n", (size_t)-1);
    dsr_buf_adds(&m, "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
                     "<instance name=\"Uji\"/><evidence-root path=\"b\"/>\n"
                     "<indicator id=\"3\"><assessment stage=\"mandiri\" level=\"1\">x</assessment>\n"
                     "<evidence file=\"x/a.csv\" level=\"1\">X</evidence>\n"
                     "<evidence file=\"y/a.csv\" level=\"1\">Y</evidence>\n"
                     "<evidence file=\"z/a (2).csv\" level=\"1\">Z</evidence>\n"
                     "<evidence file=\"x/a.csv\" level=\"1\">X again</evidence>\n",
                 &err);
    for (int i = 0; i < MANY; i++) {
        snprintf(name, sizeof(name), "many/%d/f.txt", i % 300);
        if (i < 300)
            tu_write(dir, (snprintf(name, sizeof(name), "b/many/%d/f.txt", i), name),
                     "f\n", (size_t)-1);
        dsr_buf_addf(&m, &err, "<evidence file=\"many/%d/f.txt\" level=\"1\">F</evidence>\n",
                     i % 300);
    }
    dsr_buf_adds(&m, "</indicator></dossier>\n", &err);
    recheck(dsr_buf_str(&m));
    dsr_buf_release(&m);
    bundle("out", NULL, 2, &res);
    ck_assert_uint_eq(res.failed, 0);
    /* three a*.csv and 300 different f.txt */
    ck_assert_uint_eq(res.zips[0].entries, 303);
    za = open_zip("out", "03.zip");
    ck_assert_int_eq(zip_get_num_entries(za, 0), 304);
    ck_assert_str_eq(zip_get_name(za, 0, 0), "a (2).csv");
    ck_assert_str_eq(zip_get_name(za, 1, 0), "a (3).csv");
    ck_assert_str_eq(zip_get_name(za, 2, 0), "a.csv");
    ck_assert_str_eq(zip_get_name(za, 3, 0), "f (10).txt");
    /* index.xml last: written once every file is hashed */
    ck_assert_str_eq(zip_get_name(za, 303, 0), "index.xml");
    data = read_entry(za, "a (2).csv", &size);
    ck_assert_str_eq(data, "z\n");
    free(data);
    data = read_entry(za, "a (3).csv", &size);
    ck_assert_str_eq(data, "y\n");
    free(data);
    data = read_entry(za, "a.csv", &size);
    ck_assert_str_eq(data, "x\n");
    free(data);
    zip_close(za);
    dsr_zips_result_release(&res);
}
END_TEST

START_TEST(test_zips_is_deterministic)
{
    struct dsr_zips_result a, b;
    size_t la, lb;
    char *x, *y;

    bundle("a", NULL, 2, &a);
    bundle("b", NULL, 1, &b);
    x = slurp("a/01.zip", &la);
    y = slurp("b/01.zip", &lb);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(x, y, la), 0);
    free(x);
    free(y);
    dsr_zips_result_release(&a);
    dsr_zips_result_release(&b);
}
END_TEST

START_TEST(test_zips_encrypts_with_aes_256)
{
    struct dsr_zips_result res;
    zip_stat_t st;
    zip_t *za;
    zip_file_t *f;

    bundle("enc", "kata sandi", 2, &res);
    za = open_zip("enc", "01.zip");
    ck_assert_int_eq(zip_stat(za, "data.csv", 0, &st), 0);
    ck_assert_int_eq(st.encryption_method, ZIP_EM_AES_256);
    ck_assert_ptr_null(zip_fopen(za, "data.csv", 0));
    ck_assert_int_eq(zip_error_code_zip(zip_get_error(za)), ZIP_ER_NOPASSWD);
    f = zip_fopen_encrypted(za, "data.csv", 0, "kata sandi");
    ck_assert_ptr_nonnull(f);
    zip_fclose(f);
    zip_close(za);
    dsr_zips_result_release(&res);
}
END_TEST

START_TEST(test_zips_catches_a_file_changed_after_check)
{
    struct dsr_zips_result res;
    char path[800];
    struct stat st;
    FILE *f;

    /* same size, other bytes: only the hash can tell */
    snprintf(path, sizeof(path), "%s/b/umum/data.csv", dir);
    f = fopen(path, "r+");
    ck_assert_ptr_nonnull(f);
    fputs("A", f);
    fclose(f);
    bundle("out", NULL, 2, &res);
    ck_assert_uint_eq(res.failed, 2);
    ck_assert(!res.zips[0].written);
    ck_assert_int_eq(res.zips[0].code, DSR_INPUT);
    ck_assert_ptr_nonnull(strstr(res.zips[0].message, "umum/data.csv"));
    snprintf(path, sizeof(path), "%s/out/01.zip", dir);
    ck_assert_int_ne(stat(path, &st), 0);
    /* and no temporary file is left behind */
    snprintf(path, sizeof(path), "%s/out", dir);
    {
        char cmd[900];

        snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s')\"", path);
        ck_assert_int_eq(system(cmd), 0);
    }
    dsr_zips_result_release(&res);
}
END_TEST

/* Nothing in 'out' at all: no zip, no temporary file. */
static void
assert_empty(const char *out)
{
    char cmd[900];

    snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A '%s/%s')\"", dir, out);
    ck_assert_int_eq(system(cmd), 0);
}

/*
 * Bundle after data.csv was altered: both zips that hold it fail, with
 * 'why' and the zip's name, and nothing is left in the output folder.
 */
static void
assert_caught(const char *why)
{
    struct dsr_zips_result res;
    char want[300];

    bundle("out", NULL, 1, &res);
    ck_assert_uint_eq(res.failed, 2);
    for (size_t i = 0; i < 2; i++) {
        ck_assert(!res.zips[i].written);
        ck_assert_int_eq(res.zips[i].code, DSR_INPUT);
        snprintf(want, sizeof(want), "'umum/data.csv' %s; %s was not written",
                 why, i == 0 ? "01.zip" : "12.zip");
        ck_assert_str_eq(res.zips[i].message, want);
    }
    assert_empty("out");
    dsr_zips_result_release(&res);
}

/* check as pack does: only the first bytes read, the rest by the zips */
static const struct dsr_check_opts later_opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                                 .schemas_dir = TEST_SCHEMAS,
                                                 .content_later = true};

/* check again as pack does: only the first bytes read (content_later) */
static void
check_later(void)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char path[700];

    dsr_check_result_release(&checked);
    snprintf(path, sizeof(path), "%s/m.xml", dir);
    ck_assert_int_eq(dsr_check(path, &later_opts, &checked, &err), 0);
    ck_assert_uint_eq(checked.findings.counts[DSR_SEV_ERROR], 0);
    for (size_t i = 0; i < checked.nfiles; i++)
        ck_assert_str_eq(checked.files[i].info.sha256, "");
}

/* The zips' one read gives every file its hash, as check's own would. */
START_TEST(test_zips_content_later_fills_the_hashes)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_zips_result res;

    check_later();
    bundle("out", NULL, 2, &res);
    ck_assert_uint_eq(res.failed, 0);
    ck_assert_int_eq(dsr_check_content(&checked, &later_opts, &err), 0);
    for (size_t i = 0; i < checked.nfiles; i++) {
        const struct dsr_checked_file *f = &checked.files[i];
        const struct dsr_evidence *e =
            &checked.manifest->indicators[f->indicator].evidence[f->evidence];
        char path[800], hex[DSR_HASH_HEX_MAX];
        char data[4096];
        size_t len;
        FILE *in;

        snprintf(path, sizeof(path), "%s/b/%s", dir, e->file);
        in = fopen(path, "rb");
        ck_assert_ptr_nonnull(in);
        len = fread(data, 1, sizeof(data), in);
        fclose(in);
        dsr_hash_buffer(DSR_HASH_SHA256, data, len, hex, &err);
        ck_assert_str_eq(f->info.sha256, hex);
    }
    dsr_zips_result_release(&res);
}
END_TEST

/* Its first bytes changed, size and time kept: the head's CRC tells. */
START_TEST(test_zips_content_later_catches_a_changed_start)
{
    char path[800];
    struct stat st;
    struct timespec times[2];
    FILE *f;

    check_later();
    snprintf(path, sizeof(path), "%s/b/umum/data.csv", dir);
    ck_assert_int_eq(stat(path, &st), 0);
    f = fopen(path, "r+");
    ck_assert_ptr_nonnull(f);
    fputs("A", f);
    fclose(f);
    times[0] = st.st_atim;
    times[1] = st.st_mtim;
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
    assert_caught("changed after it was checked");
}
END_TEST

/*
 * Rewritten past its first 256 KiB within the same second, size kept:
 * only the time's nanoseconds tell.  Touching the small file stands for
 * that here (its head covers all of it).
 */
START_TEST(test_zips_content_later_catches_a_new_nanosecond)
{
    char path[800];
    struct stat st, now;
    struct timespec times[2];

    check_later();
    snprintf(path, sizeof(path), "%s/b/umum/data.csv", dir);
    ck_assert_int_eq(stat(path, &st), 0);
    times[0] = st.st_atim;
    times[1] = st.st_mtim;
    times[1].tv_nsec = (st.st_mtim.tv_nsec + 500000000L) % 1000000000L;
    ck_assert_int_eq(utimensat(AT_FDCWD, path, times, 0), 0);
    ck_assert_int_eq(stat(path, &now), 0);
    ck_assert_msg(now.st_mtim.tv_nsec != st.st_mtim.tv_nsec,
                  "this file system keeps no nanoseconds");
    assert_caught("changed after it was checked");
}
END_TEST

/*
 * Two entries of one file share the hash the zips computed only when
 * check saw the same version of it in both; else pack stops, naming it.
 */
START_TEST(test_zips_content_later_shares_only_the_same_version)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_zips_result res;
    struct dsr_checked_file *second = NULL;
    bool first = true;

    check_later();
    bundle("out", NULL, 1, &res);
    ck_assert_uint_eq(res.failed, 0);
    for (size_t i = 0; i < checked.nfiles; i++) {
        const struct dsr_checked_file *f = &checked.files[i];

        if (strcmp(checked.manifest->indicators[f->indicator]
                       .evidence[f->evidence].file,
                   "umum/data.csv") != 0)
            continue;
        if (!first)
            second = &checked.files[i];
        first = false;
    }
    ck_assert_ptr_nonnull(second);
    /* as if its zip had not read it: the first entry's hash is shared */
    second->info.sha256[0] = '\0';
    ck_assert_int_eq(dsr_check_content(&checked, &later_opts, &err), 0);
    ck_assert_str_ne(second->info.sha256, "");
    /* and now check had seen another version there */
    second->info.sha256[0] = '\0';
    second->info.mtime_nsec = (second->info.mtime_nsec + 1) % 1000000000L;
    ck_assert_int_eq(dsr_check_content(&checked, &later_opts, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_str_eq(err.msg, "'umum/data.csv' changed while it was being packed; "
                              "nothing was packed: run pack again once no one "
                              "is changing the evidence");
    dsr_error_clear(&err);
    dsr_zips_result_release(&res);
}
END_TEST

START_TEST(test_zips_catches_a_truncated_file)
{
    char path[800];

    snprintf(path, sizeof(path), "%s/b/umum/data.csv", dir);
    ck_assert_int_eq(truncate(path, 3), 0);
    assert_caught("changed after it was checked");
}
END_TEST

START_TEST(test_zips_catches_an_emptied_file)
{
    char path[800];

    snprintf(path, sizeof(path), "%s/b/umum/data.csv", dir);
    ck_assert_int_eq(truncate(path, 0), 0);
    assert_caught("changed after it was checked");
}
END_TEST

START_TEST(test_zips_catches_a_grown_file)
{
    char path[800];
    FILE *f;

    snprintf(path, sizeof(path), "%s/b/umum/data.csv", dir);
    f = fopen(path, "a");
    ck_assert_ptr_nonnull(f);
    fputs("9,9\n", f);
    fclose(f);
    assert_caught("changed after it was checked");
}
END_TEST

START_TEST(test_zips_catches_a_replaced_file)
{
    char from[800], to[800];

    /* another file renamed over it: a new inode, other bytes */
    tu_write(dir, "b/umum/new.csv", "x,y\n", (size_t)-1);
    snprintf(from, sizeof(from), "%s/b/umum/new.csv", dir);
    snprintf(to, sizeof(to), "%s/b/umum/data.csv", dir);
    ck_assert_int_eq(rename(from, to), 0);
    assert_caught("changed after it was checked");
}
END_TEST

START_TEST(test_zips_catches_a_removed_file)
{
    char path[800];

    snprintf(path, sizeof(path), "%s/b/umum/data.csv", dir);
    ck_assert_int_eq(unlink(path), 0);
    assert_caught("was removed after it was checked");
}
END_TEST

START_TEST(test_zips_refuses_a_link_swapped_in)
{
    char path[800];

    /* a symbolic link to a secret put in its place is never followed */
    tu_write(dir, "secret.csv", "p,q\n", (size_t)-1);
    snprintf(path, sizeof(path), "%s/b/umum/data.csv", dir);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(symlink("../../secret.csv", path), 0);
    assert_caught("was replaced by a symbolic link after it was checked, and was not followed");
}
END_TEST

/*
 * A folder on the way swapped for a link after check, to a folder outside
 * holding a file with the very same bytes: the zip still refuses it, as
 * it is opened beneath the root again (_i 0: openat2, 1: the walk).
 */
START_TEST(test_zips_refuses_a_folder_swapped_for_a_link)
{
    char from[800], to[800];

    checked.root.walk = _i == 1;
    tu_write(dir, "luar/data.csv", "a,b\n1,2\n3,4\n", (size_t)-1);
    snprintf(from, sizeof(from), "%s/b/umum", dir);
    snprintf(to, sizeof(to), "%s/b/umum-lama", dir);
    ck_assert_int_eq(rename(from, to), 0);
    ck_assert_int_eq(symlink("../luar", from), 0);
    assert_caught("was replaced by a symbolic link after it was checked, and was not followed");
}
END_TEST

/*
 * Entry names come from the normalised path: no ".", ".." or empty part
 * reaches libzip, whatever way the manifest wrote a path inside the root.
 */
START_TEST(test_zips_entry_names_normalised)
{
    static const char *const names[] = {
        "data (2).csv", "data.csv", "perbup (2023).pdf",
        "sub/notulen é.pdf", "index.xml",
    };
    struct dsr_zips_result res;
    zip_t *za;

    recheck("<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" year=\"2024\">"
            "<instance name=\"Uji\"/><evidence-root path=\"b\"/>\n"
            "<indicator id=\"1\"><assessment stage=\"mandiri\" level=\"2\">x</assessment>\n"
            "<evidence file=\"01-kebijakan/./perbup (2023).pdf\" level=\"2\">A</evidence>\n"
            "<evidence file=\"01-kebijakan/sub/../sub/notulen é.pdf\" level=\"2\">B</evidence>\n"
            "<evidence file=\"01-kebijakan/../umum/data.csv\" level=\"2\">C</evidence>\n"
            "<evidence file=\"./lain/./data.csv\" level=\"2\">D</evidence>\n"
            "</indicator></dossier>\n");
    bundle("out", NULL, 1, &res);
    ck_assert_uint_eq(res.failed, 0);
    za = open_zip("out", "01.zip");
    ck_assert_int_eq(zip_get_num_entries(za, 0), 5);
    for (zip_int64_t i = 0; i < 5; i++) {
        const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);

        ck_assert_str_eq(name, names[i]);
        ck_assert(dsr_zip_entry_name_safe(name));
    }
    zip_close(za);
    dsr_zips_result_release(&res);
}
END_TEST

static const struct {
    const char *name;
    bool safe;
} entry_names[] = {
    {"a.pdf", true},
    {"sub/a.pdf", true},
    {"a (2).pdf", true},
    {"laporan é.pdf", true},
    {"ab:c.pdf", false},        /* NTFS: stream "c.pdf" of file "ab" */
    {"a?.pdf", false},
    {"", false},
    {"/a.pdf", false},
    {"./a.pdf", false},
    {"a/./b.pdf", false},
    {"../a.pdf", false},
    {"a/../../b.pdf", false},
    {"a/..", false},
    {"a//b.pdf", false},
    {"a/", false},
    {"a\\b.pdf", false},
    {"C:/a.pdf", false},
    {"c:a.pdf", false},
    {"sub/D:a.pdf", false},
    {"a\nb.pdf", false},
};

START_TEST(test_zips_entry_name_safe)
{
    ck_assert_msg(dsr_zip_entry_name_safe(entry_names[_i].name) ==
                      entry_names[_i].safe,
                  "'%s'", entry_names[_i].name);
}
END_TEST

START_TEST(test_zips_catches_a_fifo_swapped_in)
{
    char path[800];

    snprintf(path, sizeof(path), "%s/b/umum/data.csv", dir);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    assert_caught("is no longer a regular file");
}
END_TEST

/* A thousand files of one name get a thousand names, quickly. */
START_TEST(test_zips_many_equal_names)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS};
    struct dsr_zips_opts bopts = {.source_date_epoch = 0, .jobs = 1};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_check_result many;
    struct dsr_zips_result res;
    FILE *m;
    char path[800], name[64];
    zip_t *za;
    enum { N = 1000 };

    snprintf(path, sizeof(path), "%s/many.xml", dir);
    m = fopen(path, "w");
    ck_assert_ptr_nonnull(m);
    fputs("<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
          "year=\"2024\"><instance name=\"x\"/><evidence-root path=\"n\"/>"
          "<indicator id=\"3\"><assessment stage=\"mandiri\" level=\"1\">x"
          "</assessment>\n", m);
    for (int i = 0; i < N; i++) {
        char sub[32], body[32];

        snprintf(sub, sizeof(sub), "n/d%04d/a.csv", i);
        snprintf(body, sizeof(body), "n,%d\n", i);
        tu_write(dir, sub, body, (size_t)-1);
        fprintf(m, "<evidence file=\"d%04d/a.csv\" level=\"1\">a</evidence>\n", i);
    }
    fputs("</indicator></dossier>\n", m);
    fclose(m);
    ck_assert_int_eq(dsr_check(path, &opts, &many, &err), 0);
    ck_assert_uint_eq(many.findings.counts[DSR_SEV_ERROR], 0);
    snprintf(path, sizeof(path), "%s/many", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    bopts.out_dir = path;
    ck_assert_int_eq(dsr_zips_write(&many, &bopts, &res, &err), 0);
    ck_assert_uint_eq(res.failed, 0);
    ck_assert_uint_eq(res.zips[0].entries, N);
    za = open_zip("many", "03.zip");
    ck_assert_int_eq(zip_get_num_entries(za, 0), N + 1);
    ck_assert_int_ge(zip_name_locate(za, "a.csv", 0), 0);
    for (int i = 2; i <= N; i++) {
        snprintf(name, sizeof(name), "a (%d).csv", i);
        ck_assert_msg(zip_name_locate(za, name, 0) >= 0, "no %s", name);
    }
    zip_close(za);
    dsr_zips_result_release(&res);
    dsr_check_result_release(&many);
}
END_TEST

START_TEST(test_zips_zip_names)
{
    char buf[32];

    ck_assert_str_eq(dsr_zip_name("1", buf, sizeof(buf)), "01.zip");
    ck_assert_str_eq(dsr_zip_name("47", buf, sizeof(buf)), "47.zip");
    ck_assert_str_eq(dsr_zip_name("A1", buf, sizeof(buf)), "A1.zip");
}
END_TEST

Suite *
zips_suite(void)
{
    Suite *s = suite_create("zips");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_zips_entries_names_and_index);
    tcase_add_test(tc, test_zips_stores_media_and_deflates_text);
    tcase_add_test(tc, test_zips_is_deterministic);
    tcase_add_test(tc, test_zips_stores_incompressible_unknown_types);
    tcase_add_test(tc, test_zips_unique_names_and_many_files);
    tcase_add_test(tc, test_zips_encrypts_with_aes_256);
    tcase_add_test(tc, test_zips_catches_a_file_changed_after_check);
    tcase_add_test(tc, test_zips_catches_a_truncated_file);
    tcase_add_test(tc, test_zips_content_later_fills_the_hashes);
    tcase_add_test(tc, test_zips_content_later_catches_a_changed_start);
    tcase_add_test(tc, test_zips_content_later_catches_a_new_nanosecond);
    tcase_add_test(tc, test_zips_content_later_shares_only_the_same_version);
    tcase_add_test(tc, test_zips_catches_an_emptied_file);
    tcase_add_test(tc, test_zips_catches_a_grown_file);
    tcase_add_test(tc, test_zips_catches_a_replaced_file);
    tcase_add_test(tc, test_zips_catches_a_removed_file);
    tcase_add_test(tc, test_zips_refuses_a_link_swapped_in);
    tcase_add_loop_test(tc, test_zips_refuses_a_folder_swapped_for_a_link, 0, 2);
    tcase_add_test(tc, test_zips_entry_names_normalised);
    tcase_add_loop_test(tc, test_zips_entry_name_safe, 0,
                        (int)(sizeof(entry_names) / sizeof(*entry_names)));
    tcase_add_test(tc, test_zips_catches_a_fifo_swapped_in);
    tcase_add_test(tc, test_zips_many_equal_names);
    tcase_add_test(tc, test_zips_zip_names);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(zips_suite());
}
