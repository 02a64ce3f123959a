/*
 * test_render_summary.c -- the scoring summary of the dossier PDF (issue
 * 21, point 2): every stage's index side by side, the stage the headline
 * counts (render --stage), and the change of every indicator since last
 * year, read back from the PDF's text with pdftotext.
 */
#include "testutil.h"

#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/render.h"
#include "dossier/score.h"

#include "render_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXAMPLE TEST_SOURCE_DIR "/templates/example/manifest.xml"
#define PEMDI TEST_SOURCE_DIR "/templates/example-pemdi/manifest.xml"
#define FONTS TEST_SOURCE_DIR "/fonts"
#define DATE 1732320000 /* 2024-11-23 */
#define MINUS "\xe2\x88\x92"
#define DASH "\xe2\x80\x93"

static struct dsr_check_result checked;
static struct dsr_score score;

static void
check_manifest(const char *path, int stage)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS};
    struct dsr_score_opts sopts = {.stage = stage, .target = -1};
    struct dsr_error err = DSR_ERROR_INIT;

    memset(&checked, 0, sizeof(checked));
    memset(&score, 0, sizeof(score));
    ck_assert_int_eq(dsr_check(path, &opts, &checked, &err), 0);
    ck_assert_ptr_nonnull(checked.catalog);
    ck_assert_uint_eq(checked.findings.counts[DSR_SEV_ERROR], 0);
    ck_assert_int_eq(dsr_score_checked(&checked, &sopts, &score, &err), 0);
}

static void
setup(void)
{
    memset(&checked, 0, sizeof(checked));
    memset(&score, 0, sizeof(score));
}

static void
teardown(void)
{
    dsr_score_release(&score);
    dsr_check_result_release(&checked);
}

/* The line after the one at 'l'; NULL after the last. */
static const char *
next_line(const char *l)
{
    const char *e = strchr(l, '\n');

    return e ? e + 1 : NULL;
}

/*
 * The line of the page at 'p' (up to its form feed) that is 'title'
 * alone, below its running head: the summary's title; NULL: none.
 */
static const char *
title_line(const char *p, const char *title)
{
    size_t n = strlen(title);

    /* the next page's first line starts with its form feed */
    for (const char *l = next_line(p); l && *l && *l != '\f';
         l = next_line(l)) {
        const char *s = l + strspn(l, " ");

        if (strncmp(s, title, n) == 0) {
            const char *e = s + n;

            while (*e == ' ')
                e++;
            if (*e == '\n' || *e == '\f' || *e == '\0')
                return l;
        }
    }
    return NULL;
}

/*
 * The text of the render of 'checked', laid out, from the summary's
 * title to the end of the 'npages'th page from there: the summary may
 * begin below the end of the table of contents.
 */
static char *
render_text(enum dsr_lang lang, int npages)
{
    struct dsr_render_opts opts = {.fonts_dir = FONTS, .date = DATE,
                                   .no_thumbnails = true, .lang = lang};
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char pdf[512], cmd[1200];
    char *text = NULL;
    size_t len = 0, cap = 0, n;
    FILE *p;

    snprintf(pdf, sizeof(pdf), "%s/s.pdf", dir);
    ck_assert_msg(dsr_render_write(&checked, &score, &opts, pdf, NULL,
                                   &err) == 0,
                  "%s", err.msg);
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", pdf);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    do {
        if (len + 4096 + 1 > cap) {
            cap = (cap + 4096) * 2;
            text = realloc(text, cap);
            ck_assert_ptr_nonnull(text);
        }
        n = fread(text + len, 1, 4096, p);
        len += n;
    } while (n > 0);
    ck_assert_int_eq(pclose(p), 0);
    text[len] = '\0';
    tu_rmtree(dir);
    /* from the summary's title, 'npages' pages (the messages may not be
     * translated here: either title) */
    {
        const char *page = text, *at = NULL;
        char *end;

        while (page && *page &&
               !(at = title_line(page, "Scoring summary")) &&
               !(at = title_line(page, "Ringkasan penilaian"))) {
            page = strchr(page, '\f');
            page = page ? page + 1 : NULL;
        }
        ck_assert_msg(at != NULL, "no page has the summary's title");
        end = text + (at - text);
        for (int k = 0; k < npages && end; k++) {
            end = strchr(end, '\f');
            end = end ? end + 1 : NULL;
        }
        if (end)
            *end = '\0';
        memmove(text, at, strlen(at) + 1);
    }
    return text;
}

/* The first line of 'text' that starts with the row id 'id'; "" none. */
static char *
row_of(const char *text, const char *id, char *buf, size_t size)
{
    for (const char *l = text; l && *l; l = next_line(l)) {
        const char *e = strchr(l, '\n');
        const char *s = l;
        size_t n = e ? (size_t)(e - l) : strlen(l);

        while (*s == ' ')
            s++;
        if (strncmp(s, id, strlen(id)) == 0 && s[strlen(id)] == ' ' &&
            strstr(s, "Tingkat") && (size_t)(s - l) < 4) {
            snprintf(buf, size, "%.*s", (int)n, l);
            /* trailing blanks off */
            n = strlen(buf);
            while (n && buf[n - 1] == ' ')
                buf[--n] = '\0';
            return buf;
        }
    }
    buf[0] = '\0';
    return buf;
}

/* 's' with every run of spaces made one; returns 's'. */
static char *
squeeze(char *s)
{
    char *w = s;

    for (const char *r = s; *r; r++)
        if (*r != ' ' || (w > s && w[-1] != ' '))
            *w++ = *r;
    *w = '\0';
    return s;
}

static bool
ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);

    return a >= b && strcmp(s + a - b, tail) == 0;
}

START_TEST(test_render_summary_change_text)
{
    static const struct {
        long now, prev;
        enum dsr_lang lang;
        const char *want;
    } cases[] = {
        {30000, 20000, DSR_LANG_ID, "+1"},
        {20000, 40000, DSR_LANG_ID, MINUS "2"},
        {20000, 13000, DSR_LANG_ID, "+0,70"},
        {20000, 13000, DSR_LANG_EN, "+0.70"},
        {11000, 13000, DSR_LANG_ID, MINUS "0,20"},
        {11667, 10000, DSR_LANG_ID, "+0,1667"},
        {30000, 30000, DSR_LANG_ID, "="},
        {13000, 13000, DSR_LANG_ID, "="},
        {30000, -1, DSR_LANG_ID, DASH},
        {-1, 30000, DSR_LANG_ID, DASH},
    };
    char buf[32];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_str_eq(rd_change_text(cases[i].now, cases[i].prev,
                                        cases[i].lang, buf, sizeof(buf)),
                         cases[i].want);
}
END_TEST

START_TEST(test_render_summary_prev_value)
{
    static char id[][2] = {"4", "5", "6", "7"};
    struct dsr_prev_indicator prev[] = {
        {.id = id[0], .level = 2, .value = 13000},
        {.id = id[1], .level = 3, .value = DSR_VALUE_NONE},
        {.id = id[2], .level = DSR_LEVEL_NONE, .value = DSR_VALUE_NONE},
        {.id = id[1], .level = 1, .value = DSR_VALUE_NONE},
        {.id = id[3], .level = 9, .value = -2},
    };
    struct dsr_manifest m = {.previous_indicators = prev,
                             .nprevious_indicators = 5};

    ck_assert_int_eq(rd_prev_value(&m, "4"), 13000);
    ck_assert_int_eq(rd_prev_value(&m, "5"), 30000);      /* the first */
    ck_assert_int_eq(rd_prev_value(&m, "6"), -1);
    ck_assert_int_eq(rd_prev_value(&m, "7"), -1);
    ck_assert_int_eq(rd_prev_value(&m, "8"), -1);
    m.nprevious_indicators = 0;
    ck_assert_int_eq(rd_prev_value(&m, "4"), -1);
}
END_TEST

/* Every stage's index is in the summary's boxes, in stage order. */
START_TEST(test_render_summary_indices_side_by_side)
{
    const char *files[] = {EXAMPLE, PEMDI};

    for (size_t f = 0; f < 2; f++) {
        char *text, *at;
        char v[32];

        check_manifest(files[f], -1);
        ck_assert_uint_ge(score.nstages, 2);
        text = render_text(DSR_LANG_ID, 1);
        at = text;
        for (size_t k = 0; k < score.nstages; k++) {
            dsr_format_hundredths(dsr_index_hundredths(checked.catalog,
                                                       score.stages[k].index),
                                  DSR_LANG_ID, v, sizeof(v));
            at = strstr(at, v);
            ck_assert_msg(at != NULL, "%s: stage %d index %s not in order",
                          files[f], score.stages[k].stage, v);
            at += strlen(v);
        }
        ck_assert_ptr_nonnull(strstr(text, "Self-assessment"));
        ck_assert_ptr_nonnull(strstr(text, "Document review"));
        ck_assert_ptr_null(strstr(text, "render --stage"));
        free(text);
        teardown();
    }
}
END_TEST

/* render --stage mandiri: the self-assessment index is the headline. */
START_TEST(test_render_summary_stage)
{
    char *text;
    char v[32];

    check_manifest(EXAMPLE, DSR_STAGE_MANDIRI);
    ck_assert_uint_eq(score.nstages, 1);
    text = render_text(DSR_LANG_EN, 1);
    dsr_format_hundredths(dsr_index_hundredths(checked.catalog, score.index),
                          DSR_LANG_EN, v, sizeof(v));
    ck_assert_ptr_nonnull(strstr(text, v));
    ck_assert_ptr_nonnull(strstr(text, "Self-assessment"));
    ck_assert_ptr_null(strstr(text, "Document review"));
    ck_assert_ptr_nonnull(strstr(text, "(render --stage mandiri)"));
    free(text);
}
END_TEST

/* The change column, from last year's levels and values. */
START_TEST(test_render_summary_change_column)
{
    static char id[][2] = {"1", "2", "3", "4"};
    struct dsr_prev_indicator prev[4];
    struct dsr_manifest *m;
    char *text;
    char row[1024], want[64];
    long c[4];

    check_manifest(EXAMPLE, -1);
    /* relative to what counts now: one level up, 0.20 up, equal, 0.30 down */
    for (int i = 0; i < 4; i++) {
        c[i] = score.indicators[i].value;
        ck_assert_int_eq(c[i] % DSR_VALUE_ONE, 0);
        ck_assert_int_ge(c[i], 2 * DSR_VALUE_ONE);
        ck_assert_int_le(c[i], 4 * DSR_VALUE_ONE);
    }
    memset(prev, 0, sizeof(prev));
    prev[0] = (struct dsr_prev_indicator){.id = id[0],
                                          .level = c[0] / DSR_VALUE_ONE - 1,
                                          .value = DSR_VALUE_NONE};
    prev[1] = (struct dsr_prev_indicator){.id = id[1], .level = 1,
                                          .value = c[1] - 2000};
    prev[2] = (struct dsr_prev_indicator){.id = id[2],
                                          .level = c[2] / DSR_VALUE_ONE,
                                          .value = DSR_VALUE_NONE};
    prev[3] = (struct dsr_prev_indicator){.id = id[3],
                                          .level = DSR_LEVEL_NONE,
                                          .value = c[3] + 3000};
    m = checked.manifest;
    m->previous_indicators = prev;
    m->nprevious_indicators = 4;
    text = render_text(DSR_LANG_ID, 4);
    m->previous_indicators = NULL;
    m->nprevious_indicators = 0;

    row_of(text, "1", row, sizeof(row));
    snprintf(want, sizeof(want), " %ld +1", c[0] / DSR_VALUE_ONE - 1);
    ck_assert_msg(ends_with(squeeze(row), want), "row 1: '%s'", row);
    row_of(text, "2", row, sizeof(row));
    ck_assert_msg(ends_with(squeeze(row), " +0,20"), "row 2: '%s'", row);
    row_of(text, "3", row, sizeof(row));
    snprintf(want, sizeof(want), " %ld =", c[2] / DSR_VALUE_ONE);
    ck_assert_msg(ends_with(squeeze(row), want), "row 3: '%s'", row);
    row_of(text, "4", row, sizeof(row));
    ck_assert_msg(ends_with(squeeze(row), " " MINUS "0,30"), "row 4: '%s'",
                  row);
    row_of(text, "5", row, sizeof(row));
    ck_assert_msg(ends_with(squeeze(row), " " DASH " " DASH), "row 5: '%s'",
                  row);
    free(text);
}
END_TEST

/*
 * A stage whose rounded index shows another band says so: 2.5996 shows
 * as 2.60, a Baik number, but is Cukup in spbe-2020.
 */
START_TEST(test_render_summary_crossing_note)
{
    char *text;

    check_manifest(EXAMPLE, -1);
    ck_assert_uint_ge(score.nstages, 2);
    score.stages[0].index.num = 259960000;
    score.stages[0].index.den = 100000000;
    ck_assert(dsr_index_crosses(checked.catalog, score.stages[0].index));
    text = render_text(DSR_LANG_EN, 1);
    ck_assert_ptr_nonnull(strstr(text, "Self-assessment 2.60"));
    ck_assert_ptr_nonnull(strstr(text, "2.5996"));
    free(text);
}
END_TEST

static Suite *
render_summary_suite(void)
{
    Suite *s = suite_create("render_summary");
    TCase *tc = tcase_create("text");

    tcase_add_test(tc, test_render_summary_change_text);
    tcase_add_test(tc, test_render_summary_prev_value);
    suite_add_tcase(s, tc);

    tc = tcase_create("pdf");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_render_summary_indices_side_by_side);
    tcase_add_test(tc, test_render_summary_stage);
    tcase_add_test(tc, test_render_summary_change_column);
    tcase_add_test(tc, test_render_summary_crossing_note);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(render_summary_suite());
}
