/*
 * test_requests.c -- dossier requests: the safe folder names of OPDs, the
 * OPD --owner names, what each indicator's entry asks for, and the output
 * folder (one letter per OPD, the summary, published whole or not at all).
 */
#include "testutil.h"

#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/requests.h"
#include "dossier/score.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FONTS TEST_SOURCE_DIR "/fonts"
/* 2024-11-19 07:06:40 UTC */
#define DATE 1732000000

static const char pdf[] = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

static char dir[512];
static char mpath[600];
static struct dsr_check_result res;
static struct dsr_score score;
static bool scored;

static void
setup(void)
{
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(mpath, sizeof(mpath), "%s/m.xml", dir);
    tu_write(dir, "bukti/01-arsitektur/perbup.pdf", pdf, sizeof(pdf) - 1);
    memset(&res, 0, sizeof(res));
    memset(&score, 0, sizeof(score));
    scored = false;
}

static void
teardown(void)
{
    if (scored)
        dsr_score_release(&score);
    dsr_check_result_release(&res);
    tu_rmtree(dir);
}

/*
 * Indicator 1 (Diskominfo): level 3 at mandiri, one file present and one
 * missing.  Indicator 2 (Bagian Hukum & HAM): not assessed.  Indicator 3
 * (Diskominfo) level 2 at dokumen.  The rest: no owner.
 */
static void
check_manifest(const char *target)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS, .jobs = 1};
    struct dsr_score_opts so = {.stage = -1, .target = -1};
    struct dsr_error err = DSR_ERROR_INIT;
    char xml[4096];

    snprintf(xml, sizeof(xml),
             "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
             "year=\"2024\">\n"
             "<instance name=\"Pemerintah Kota Uji\"/>\n"
             "<coordinator name=\"Budi\" position=\"Kepala Diskominfo\" "
             "unit=\"Diskominfo\"/>\n"
             "<period from=\"2023-01-01\" to=\"2024-06-30\"/>\n%s"
             "<evidence-root path=\"bukti\"/>\n"
             "<indicator id=\"1\" owner=\"Diskominfo\">"
             "<assessment stage=\"mandiri\" level=\"3\"/>"
             "<evidence file=\"01-arsitektur/perbup.pdf\" level=\"3\" "
             "date=\"2024-01-02\">Perbup</evidence>"
             "<evidence file=\"01-arsitektur/hilang.pdf\" level=\"2\" "
             "date=\"2024-01-02\">Hilang</evidence></indicator>\n"
             "<indicator id=\"2\" owner=\"Bagian Hukum &amp; HAM\"/>\n"
             "<indicator id=\"3\" owner=\"Diskominfo\">"
             "<assessment stage=\"dokumen\" level=\"2\"/></indicator>\n"
             "</dossier>\n",
             target ? target : "");
    tu_write(dir, "m.xml", xml, (size_t)-1);
    ck_assert_int_eq(dsr_check(mpath, &opts, &res, &err), 0);
    ck_assert_msg(err.code == DSR_OK, "tool error: %s", err.msg);
    ck_assert_ptr_nonnull(res.manifest);
    ck_assert_ptr_nonnull(res.catalog);
    ck_assert_int_eq(dsr_score_checked(&res, &so, &score, &err), 0);
    scored = true;
}

/* The index of catalog indicator 'id' in res.indicators. */
static size_t
ind(const char *id)
{
    for (size_t i = 0; i < res.nindicators; i++)
        if (strcmp(res.indicators[i].def->id, id) == 0)
            return i;
    ck_abort_msg("no indicator %s", id);
    return 0;
}

static bool
exists(const char *sub)
{
    char p[1200];
    struct stat st;

    snprintf(p, sizeof(p), "%s/%s", dir, sub);
    return stat(p, &st) == 0;
}

/* Entries of dir/sub, "." and ".." not counted. */
static int
entries(const char *sub)
{
    char p[1200];
    struct dirent *e;
    DIR *d;
    int n = 0;

    snprintf(p, sizeof(p), "%s/%s", dir, sub);
    d = opendir(p);
    if (!d)
        return -1;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static struct dsr_requests_opts
default_opts(void)
{
    return (struct dsr_requests_opts){.lang = DSR_LANG_ID, .fonts_dir = FONTS,
                                      .date = DATE,
                                      .due = {2024, 12, 6}, .owner = -1};
}

START_TEST(test_slug)
{
    char s[DSR_REQUESTS_SLUG_MAX + 1];
    char big[400];

    ck_assert_str_eq(dsr_requests_slug("Bagian Hukum & HAM", DSR_LANG_ID, s,
                                       sizeof(s)), "bagian-hukum-dan-ham");
    ck_assert_str_eq(dsr_requests_slug("Bagian Hukum & HAM", DSR_LANG_EN, s,
                                       sizeof(s)), "bagian-hukum-and-ham");
    ck_assert_str_eq(dsr_requests_slug("Dinas PU/PR", DSR_LANG_ID, s, sizeof(s)),
                     "dinas-pu-pr");
    ck_assert_str_eq(dsr_requests_slug("Dinas Pariwisata Bumi Ñusantara ÉLOK",
                                       DSR_LANG_ID, s, sizeof(s)),
                     "dinas-pariwisata-bumi-nusantara-elok");
    ck_assert_str_eq(dsr_requests_slug("../../etc/passwd", DSR_LANG_ID, s,
                                       sizeof(s)), "etc-passwd");
    ck_assert_str_eq(dsr_requests_slug("", DSR_LANG_ID, s, sizeof(s)), "opd");
    ck_assert_str_eq(dsr_requests_slug("日本 ..", DSR_LANG_ID, s, sizeof(s)), "opd");
    ck_assert_str_eq(dsr_requests_slug("\xff\xfe" "A\xc3", DSR_LANG_ID, s,
                                       sizeof(s)), "a");
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    big[59] = ' ';
    dsr_requests_slug(big, DSR_LANG_ID, s, sizeof(s));
    ck_assert_uint_le(strlen(s), DSR_REQUESTS_SLUG_MAX);
    ck_assert(s[strlen(s) - 1] != '-');
    for (const char *p = s; *p; p++)
        ck_assert(strchr("abcdefghijklmnopqrstuvwxyz0123456789-", *p));
}
END_TEST

START_TEST(test_find_owner)
{
    long a, b;

    check_manifest(NULL);
    a = dsr_requests_find_owner(&res, "Diskominfo");
    b = dsr_requests_find_owner(&res, "Bagian Hukum & HAM");
    ck_assert_int_ge(a, 0);
    ck_assert_int_ge(b, 0);
    ck_assert_int_ne(a, b);
    ck_assert_int_eq(dsr_requests_find_owner(&res, "  diskominfo "), a);
    ck_assert_int_eq(dsr_requests_find_owner(&res, "Bappeda"), -1);
    ck_assert_int_eq(dsr_requests_find_owner(&res, ""), -1);
}
END_TEST

START_TEST(test_items)
{
    struct dsr_request_item it;

    check_manifest(NULL);
    /* claimed: level 3 at mandiri; one file there, one missing */
    dsr_request_item(&res, &score, ind("1"), "01-arsitektur", &it);
    ck_assert_int_eq(it.basis, DSR_REQUEST_CLAIMED);
    ck_assert_int_eq(it.level, 3);
    ck_assert_int_eq(it.stage, DSR_STAGE_MANDIRI);
    ck_assert_uint_eq(it.listed, 2);
    ck_assert_uint_eq(it.valid, 1);
    ck_assert_uint_ge(it.errors, 1);
    ck_assert_str_eq(it.folder, "bukti/01-arsitektur/");
    /* not assessed, no target: the level after the one that counts */
    dsr_request_item(&res, &score, ind("2"), NULL, &it);
    ck_assert_int_eq(it.basis, DSR_REQUEST_NEXT);
    ck_assert_int_eq(it.level, 2);
    ck_assert_uint_eq(it.listed, 0);
    ck_assert_str_eq(it.folder, "bukti/02-kebijakan-internal-peta-rencana/");
    dsr_request_item(&res, &score, ind("3"), NULL, &it);
    ck_assert_int_eq(it.basis, DSR_REQUEST_CLAIMED);
    ck_assert_int_eq(it.level, 2);
    ck_assert_int_eq(it.stage, DSR_STAGE_DOKUMEN);
}
END_TEST

START_TEST(test_items_planned)
{
    struct dsr_request_item it;
    size_t planned = 0;

    check_manifest("<target index=\"1.30\"/>\n");
    ck_assert_uint_gt(score.nplan, 0);
    for (size_t s = 0; s < score.nplan; s++) {
        const struct dsr_plan_step *p = &score.plan[s];
        size_t i = (size_t)(p->def - res.catalog->indicators);

        dsr_request_item(&res, &score, i, NULL, &it);
        if (res.indicators[i].filled) {
            ck_assert_int_eq(it.basis, DSR_REQUEST_CLAIMED);
            ck_assert_int_eq(it.plan_to, p->to);
        } else {
            ck_assert_int_eq(it.basis, DSR_REQUEST_PLANNED);
            ck_assert_int_eq(it.level, p->to);
            planned++;
        }
    }
    ck_assert_uint_gt(planned, 0);
}
END_TEST

START_TEST(test_write)
{
    struct dsr_requests_opts opts = default_opts();
    struct dsr_requests_stats st;
    struct dsr_error err = DSR_ERROR_INIT;
    char out[700];

    check_manifest(NULL);
    snprintf(out, sizeof(out), "%s/surat/2024", dir);
    ck_assert_msg(dsr_requests_write(&res, &score, &opts, out, &st, &err) == 0,
                  "%s", err.msg);
    ck_assert_uint_eq(st.letters, 2);
    ck_assert_uint_eq(st.unowned, res.nindicators - 3);
    ck_assert_uint_eq(st.rows, res.nindicators);
    ck_assert_uint_ge(st.pages, 4);
    ck_assert(exists("surat/2024/01-diskominfo/" DSR_REQUESTS_LETTER));
    ck_assert(exists("surat/2024/02-bagian-hukum-dan-ham/" DSR_REQUESTS_LETTER));
    ck_assert(exists("surat/2024/" DSR_REQUESTS_SUMMARY));
    ck_assert_int_eq(entries("surat/2024"), 3);
    /* nothing left beside it */
    ck_assert_int_eq(entries("surat"), 1);

    /* a folder that is not empty is refused and left alone */
    ck_assert_int_eq(dsr_requests_write(&res, &score, &opts, out, &st, &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    ck_assert_int_eq(entries("surat/2024"), 3);
    ck_assert_int_eq(entries("surat"), 1);
}
END_TEST

START_TEST(test_write_owner)
{
    struct dsr_requests_opts opts = default_opts();
    struct dsr_requests_stats st;
    struct dsr_error err = DSR_ERROR_INIT;
    char out[700];

    check_manifest(NULL);
    /* an empty folder is taken */
    snprintf(out, sizeof(out), "%s/kosong", dir);
    ck_assert_int_eq(mkdir(out, 0755), 0);
    opts.owner = dsr_requests_find_owner(&res, "Bagian Hukum & HAM");
    ck_assert_msg(dsr_requests_write(&res, &score, &opts, out, &st, &err) == 0,
                  "%s", err.msg);
    ck_assert_uint_eq(st.letters, 1);
    /* numbered as in the full run; the summary lists every OPD */
    ck_assert(exists("kosong/02-bagian-hukum-dan-ham/" DSR_REQUESTS_LETTER));
    ck_assert(!exists("kosong/01-diskominfo"));
    ck_assert_uint_eq(st.rows, res.nindicators);
}
END_TEST

START_TEST(test_write_fails_whole)
{
    struct dsr_requests_opts opts = default_opts();
    struct dsr_error err = DSR_ERROR_INIT;
    char out[700];

    check_manifest(NULL);
    /* no fonts: the first letter fails, and nothing is left */
    opts.fonts_dir = "/nonexistent-fonts";
    snprintf(out, sizeof(out), "%s/gagal", dir);
    ck_assert_int_eq(dsr_requests_write(&res, &score, &opts, out, NULL, &err), -1);
    ck_assert(!exists("gagal"));
    ck_assert_int_eq(entries(""), 2);   /* m.xml and bukti */
}
END_TEST

static Suite *
requests_suite(void)
{
    Suite *s = suite_create("requests");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_slug);
    tcase_add_test(tc, test_find_owner);
    tcase_add_test(tc, test_items);
    tcase_add_test(tc, test_items_planned);
    tcase_add_test(tc, test_write);
    tcase_add_test(tc, test_write_owner);
    tcase_add_test(tc, test_write_fails_whole);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(requests_suite());
}
