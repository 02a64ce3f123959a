/*
 * test_render_sheet.c -- the verification sheet (issue 21 point 3): one
 * height for every indicator, never split, on the heading's page or the
 * next; the criteria of the claimed level even when a later stage
 * lowered it; and a link's secret only when asked for.
 */
#include "testutil.h"

#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/render.h"
#include "dossier/score.h"

#include "layout.h"
#include "render_int.h"

#include <cairo-pdf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXAMPLE TEST_SOURCE_DIR "/templates/example/manifest.xml"
#define EXAMPLE_PEMDI TEST_SOURCE_DIR "/templates/example-pemdi/manifest.xml"
#define FONTS TEST_SOURCE_DIR "/fonts"
#define DATE 1732320000 /* 2024-11-23 */

static struct dsr_check_result checked;
static struct dsr_score score;

static void
check_manifest(const char *path)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS};
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    struct dsr_error err = DSR_ERROR_INIT;

    memset(&checked, 0, sizeof(checked));
    memset(&score, 0, sizeof(score));
    ck_assert_int_eq(dsr_check(path, &opts, &checked, &err), 0);
    ck_assert_ptr_nonnull(checked.catalog);
    ck_assert_uint_eq(checked.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert_int_eq(dsr_score_checked(&checked, &sopts, &score, &err), 0);
}

static void
teardown(void)
{
    dsr_score_release(&score);
    dsr_check_result_release(&checked);
    memset(&score, 0, sizeof(score));
    memset(&checked, 0, sizeof(checked));
}

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/* A render of 'checked' laid out on a PDF that goes nowhere. */
static void
rnd_open(struct rnd *r, struct dsr_render_opts *opts, cairo_surface_t **surface)
{
    struct dsr_error err = DSR_ERROR_INIT;

    memset(opts, 0, sizeof(*opts));
    opts->lang = DSR_LANG_ID;
    opts->fonts_dir = FONTS;
    memset(r, 0, sizeof(*r));
    r->res = &checked;
    r->m = checked.manifest;
    r->cat = checked.catalog;
    r->opts = opts;
    r->lang = opts->lang;
    r->score = &score;
    *surface = cairo_pdf_surface_create_for_stream(discard, NULL, LY_PAGE_W,
                                                   LY_PAGE_H);
    ck_assert_int_eq(ly_open(&r->ly, *surface, FONTS, false, &err), 0);
    snprintf(r->running_buf, sizeof(r->running_buf), "Indikator");
}

static void
rnd_close(struct rnd *r, cairo_surface_t *surface)
{
    ck_assert_int_eq(ly_close(&r->ly), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(surface);
}

/*
 * Every indicator's sheet, started at the top of a page, in the middle
 * and with less room than it needs: always the same height, whole on one
 * page, on the page it started on when it fits there, else at the top of
 * the next; what did not fit follows it on the page it names.
 */
static void
fixed_and_whole(const char *manifest, bool long_criteria)
{
    struct dsr_render_opts opts;
    cairo_surface_t *surface;
    struct rnd r;
    double height;
    size_t more = 0;

    check_manifest(manifest);
    if (long_criteria) {
        /* the first indicator's criteria, 40 lines each: cut, continued */
        struct dsr_indicator *def = (struct dsr_indicator *)score.indicators[0].def;
        GString *t = g_string_new(NULL);

        while (t->len < 4000)
            g_string_append(t, "Kriteria yang sangat panjang sekali. ");
        for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++) {
            free(def->criterion[lv].s[DSR_LANG_ID]);
            def->criterion[lv].s[DSR_LANG_ID] = strdup(t->str);
        }
        g_string_free(t, TRUE);
    }
    rnd_open(&r, &opts, &surface);
    height = rd_sheet_height(&r);
    ck_assert(height > 200);
    ck_assert(height < LY_BOTTOM - LY_TOP - 100);
    for (size_t i = 0; i < score.nindicators; i++) {
        const double starts[] = {LY_TOP, LY_TOP + 120, LY_BOTTOM - height + 1,
                                 LY_BOTTOM - 30};

        for (size_t s = 0; s < sizeof(starts) / sizeof(starts[0]); s++) {
            struct rd_sheet_place at;
            int page;

            ly_page_break(&r.ly);
            r.ly.y = starts[s];
            page = r.ly.page;
            rd_sheet(&r, i, &at);
            ck_assert_double_eq_tol(at.bottom - at.top, height, 1e-6);
            ck_assert(at.top >= LY_TOP);
            ck_assert(at.bottom <= LY_BOTTOM);
            if (starts[s] + height <= LY_BOTTOM) {
                ck_assert_int_eq(at.page, page);
                ck_assert_double_eq_tol(at.top, starts[s], 1e-6);
            } else {
                ck_assert_int_eq(at.page, page + 1);
                ck_assert_double_eq_tol(at.top, LY_TOP, 1e-6);
            }
            /* what did not fit follows, on the page the sheet names */
            if (at.more_page) {
                ck_assert_int_eq(at.more_page, at.more_ref);
                ck_assert(at.more_page == at.page || at.more_page == at.page + 1);
                more++;
            } else {
                ck_assert_int_eq(r.ly.page, at.page);
                ck_assert(r.ly.y >= at.bottom);
            }
        }
        ck_assert_double_eq_tol(rd_sheet_height(&r), height, 1e-6);
    }
    /* Pemdi's item lists overflow the checklist at some indicators */
    if (checked.catalog->has_items || long_criteria)
        ck_assert_uint_gt(more, 0);
    rnd_close(&r, surface);
}

START_TEST(test_render_sheet_fixed_spbe)
{
    fixed_and_whole(EXAMPLE, false);
    teardown();
    fixed_and_whole(EXAMPLE, true);
}
END_TEST

START_TEST(test_render_sheet_fixed_pemdi)
{
    fixed_and_whole(EXAMPLE_PEMDI, false);
}
END_TEST

/* A one-indicator SPBE manifest in a scratch folder: its path. */
static const char *
write_manifest(const char *dir, const char *indicator)
{
    static char path[1024];
    char *xml = g_strdup_printf(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "
        "year=\"2024\">\n"
        "  <instance name=\"Pemerintah Kabupaten Uji\" kind=\"kabupaten\"/>\n"
        "%s"
        "</dossier>\n",
        indicator);

    tu_write(dir, "manifest.xml", xml, strlen(xml));
    g_free(xml);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    return path;
}

static void
levels_of(const char *assessments, int want0, int want1, int want2)
{
    const char *dir = tu_tmpdir();
    char *ind = g_strdup_printf("  <indicator id=\"1\" owner=\"Diskominfo\">\n"
                                "%s"
                                "  </indicator>\n",
                                assessments);
    struct dsr_render_opts opts;
    cairo_surface_t *surface;
    struct rnd r;
    int lv[3];

    check_manifest(write_manifest(dir, ind));
    g_free(ind);
    rnd_open(&r, &opts, &surface);
    rd_sheet_levels(&r, 0, lv);
    ck_assert_msg(lv[0] == want0 && lv[1] == want1 && lv[2] == want2,
                  "%s: levels %d %d %d, want %d %d %d", assessments, lv[0],
                  lv[1], lv[2], want0, want1, want2);
    rnd_close(&r, surface);
    teardown();
    tu_rmtree(dir);
}

/*
 * A claim of 4 that the document stage lowered to 2 shows the claimed
 * level 4 (the old page showed 2 and 3 only), with the counted level
 * below it and the next; the ends of the scale stay inside it.
 */
START_TEST(test_render_sheet_claimed_level)
{
    levels_of("    <assessment stage=\"mandiri\" level=\"4\"/>\n"
              "    <assessment stage=\"dokumen\" level=\"2\"/>\n",
              2, 4, 5);
    levels_of("    <assessment stage=\"mandiri\" level=\"3\"/>\n", 2, 3, 4);
    levels_of("    <assessment stage=\"mandiri\" level=\"3\"/>\n"
              "    <assessment stage=\"dokumen\" level=\"2\"/>\n",
              2, 3, 4);
    levels_of("    <assessment stage=\"mandiri\" level=\"1\"/>\n", 1, 2, 3);
    levels_of("    <assessment stage=\"mandiri\" level=\"5\"/>\n", 3, 4, 5);
    levels_of("    <assessment stage=\"mandiri\" level=\"5\"/>\n"
              "    <assessment stage=\"visitasi\" level=\"1\"/>\n",
              1, 4, 5);
}
END_TEST

/* The text of the PDF at 'pdf' (pdftotext), g_free()d by the caller. */
static char *
pdf_text(const char *pdf)
{
    char *cmd = g_strdup_printf("pdftotext -enc UTF-8 '%s' -", pdf);
    GString *out = g_string_new(NULL);
    FILE *p = popen(cmd, "r");
    char buf[4096];
    size_t n;

    ck_assert_ptr_nonnull(p);
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
        g_string_append_len(out, buf, n);
    ck_assert_int_eq(pclose(p), 0);
    g_free(cmd);
    return g_string_free(out, FALSE);
}

/*
 * A link's account is always printed, its secret only with
 * include_secrets, else "given separately"; the manifest is set up in
 * memory, whatever the loader reads.
 */
START_TEST(test_render_sheet_secrets)
{
    const char *dir = tu_tmpdir();
    struct dsr_render_opts opts = {.lang = DSR_LANG_EN, .fonts_dir = FONTS,
                                   .date = DATE, .no_thumbnails = true};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_mindicator *mi;
    char *pdf = g_strdup_printf("%s/d.pdf", dir);
    char *text;

    if (system("pdftotext -v >/dev/null 2>&1") != 0) {
        tu_rmtree(dir);
        g_free(pdf);
        return; /* no poppler-utils: the e2e script covers it */
    }
    check_manifest(write_manifest(
        dir, "  <indicator id=\"1\">\n"
             "    <assessment stage=\"mandiri\" level=\"2\"/>\n"
             "    <link href=\"https://uji.example.go.id/app\" level=\"2\">"
             "Aplikasi Uji</link>\n"
             "  </indicator>\n"));
    mi = (struct dsr_mindicator *)&checked.manifest->indicators[0];
    ck_assert_uint_eq(mi->nlinks, 1);
    free(mi->links[0].account);
    free(mi->links[0].secret);
    mi->links[0].account = strdup("asesor.uji");
    mi->links[0].secret = strdup("Rahasia7Sekali");

    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, pdf, NULL, &err), 0);
    text = pdf_text(pdf);
    ck_assert_msg(strstr(text, "account: asesor.uji"), "no account");
    ck_assert_msg(!strstr(text, "Rahasia7Sekali"), "the secret is printed");
    ck_assert_msg(strstr(text, "password given separately"), "no notice");
    g_free(text);

    opts.include_secrets = true;
    ck_assert_int_eq(dsr_render_write(&checked, &score, &opts, pdf, NULL, &err), 0);
    text = pdf_text(pdf);
    ck_assert_msg(strstr(text, "password: \u201cRahasia7Sekali\u201d"), "no secret");
    ck_assert_msg(!strstr(text, "given separately"), "notice with the secret");
    g_free(text);
    g_free(pdf);
    tu_rmtree(dir);
}
END_TEST

Suite *
render_sheet_suite(void)
{
    Suite *s = suite_create("render_sheet");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_render_sheet_fixed_spbe);
    tcase_add_test(tc, test_render_sheet_fixed_pemdi);
    tcase_add_test(tc, test_render_sheet_claimed_level);
    tcase_add_test(tc, test_render_sheet_secrets);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(render_sheet_suite());
}
