/*
 * test_render_fonts.c -- text that always renders (issue 21, point 6):
 * Arabic is drawn with a shipped font, every character no shipped font
 * has is written as the code check prints (dsr_cp_code()), never as a hex
 * box, bidirectional controls from the text are codes too, and a cell
 * that starts with Arabic keeps its alignment.
 */
#include "testutil.h"

#include "dossier/error.h"
#include "dossier/format.h"

#include "layout.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FONTS TEST_SOURCE_DIR "/fonts"

#define ARABIC "\xd9\x83\xd8\xaa\xd8\xa7\xd8\xa8"        /* U+0643 U+062A U+0627 U+0628 */
#define CHINESE "\xe4\xb8\xad\xe6\x96\x87"              /* U+4E2D U+6587 */
#define EMOJI "\xf0\x9f\x93\x84"                        /* U+1F4C4 */
#define RLO "\xe2\x80\xae"                              /* U+202E */
#define RLI "\xe2\x81\xa7"                              /* U+2067 */
#define PDI "\xe2\x81\xa9"                              /* U+2069 */

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int len)
{
    (void)closure;
    (void)data;
    (void)len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *surface;
static struct ly ly;

static void
setup(void)
{
    struct dsr_error err = DSR_ERROR_INIT;

    surface = cairo_pdf_surface_create_for_stream(discard, NULL, LY_PAGE_W, LY_PAGE_H);
    ck_assert_int_eq(ly_open(&ly, surface, FONTS, true, &err), 0);
}

static void
teardown(void)
{
    ck_assert_int_eq(ly_close(&ly), CAIRO_STATUS_SUCCESS);
    cairo_surface_finish(surface);
    ck_assert_int_eq(cairo_surface_status(surface), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(surface);
}

/* Texts and what the PDF shows of them. */
static const struct {
    const char *in, *shown;
} cases[] = {
    {"laporan 2024.pdf", "laporan 2024.pdf"},
    {"caf\xc3\xa9 \xce\xb1 \xd0\xb6 \xd7\x90", "caf\xc3\xa9 \xce\xb1 \xd0\xb6 \xd7\x90"},
    {ARABIC " 2024.pdf", ARABIC " 2024.pdf"},
    {CHINESE ".pdf", "\\u4E2D\\u6587.pdf"},
    {"scan " EMOJI ".jpg", "scan \\u1F4C4.jpg"},
    {"a\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb" "b", "a\\u1F469\xe2\x80\x8d\\u1F4BB" "b"},
    {"laporan" RLO "fdp.exe", "laporan\\u202Efdp.exe"},
    {"\xe2\x81\xa6x\xe2\x81\xa9 \xd8\x9c", "\\u2066x\\u2069 \\u061C"},
    {"c1 \xc2\x9b", "c1 \\xC2\\x9B"},
    {"two\nlines\tand a tab", "two\nlines\tand a tab"},
    {"mix " CHINESE " " ARABIC " " EMOJI " ok", "mix \\u4E2D\\u6587 " ARABIC " \\u1F4C4 ok"},
};

/* 's' without the isolation marks ly_text() adds */
static char *
without_isolates(const char *s)
{
    GString *g = g_string_new(NULL);

    for (const char *p = s; *p; p = g_utf8_next_char(p))
        if (strncmp(p, RLI, 3) != 0 && strncmp(p, PDI, 3) != 0)
            g_string_append_len(g, p, g_utf8_next_char(p) - p);
    return g_string_free(g, FALSE);
}

/* The text after ly_text(), and no hex box anywhere in it. */
START_TEST(test_render_fonts_no_unknown_glyphs)
{
    PangoLayout *l = ly_text(&ly, LY_BODY, cases[_i].in, false, 300, 0);
    char *d = ly_drawable(&ly, cases[_i].in);
    char *t = without_isolates(pango_layout_get_text(l));

    ck_assert_str_eq(t, cases[_i].shown);
    g_free(t);
    ck_assert_str_eq(d, cases[_i].shown);
    ck_assert_int_eq(pango_layout_get_unknown_glyphs_count(l), 0);
    g_object_unref(l);
    g_free(d);
}
END_TEST

/* Without the escapes, pango draws hex boxes: the test above can fail. */
START_TEST(test_render_fonts_boxes_without_escapes)
{
    PangoLayout *l = pango_layout_new(ly.pango);

    pango_layout_set_font_description(l, ly.font[LY_BODY]);
    pango_layout_set_text(l, CHINESE " " EMOJI, -1);
    ck_assert_int_eq(pango_layout_get_unknown_glyphs_count(l), 3);
    pango_layout_set_text(l, ARABIC, -1);
    ck_assert_int_eq(pango_layout_get_unknown_glyphs_count(l), 0);
    g_object_unref(l);
}
END_TEST

/*
 * The escape of every character the fonts lack is the one check prints
 * (dsr_cp_code()), and what dsr_printable() escapes, the PDF escapes the
 * same way: one name reads the same in check's output and in the PDF.
 */
START_TEST(test_render_fonts_same_escape_as_check)
{
    static const char *const names[] = {
        "laporan" RLO "fdp.exe", "\xe2\x80\x8fx\xe2\x80\x8e", "c1 \xc2\x85.pdf",
        "a\xef\xbf\xbe" "b", "plain.pdf", ARABIC ".pdf",
    };
    static const unsigned uncovered[] = {0x4e2d, 0x6587, 0x1f4c4, 0x1f600, 0x0e01, 0xac00};

    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
        char *check = dsr_printable(names[i]);
        char *pdf = ly_drawable(&ly, names[i]);

        ck_assert_str_eq(pdf, check);
        free(check);
        g_free(pdf);
    }
    for (size_t i = 0; i < sizeof(uncovered) / sizeof(*uncovered); i++) {
        char utf8[8] = {0};
        char code[DSR_CP_CODE_SIZE];
        char want[DSR_CP_CODE_SIZE];
        char *pdf;

        g_unichar_to_utf8(uncovered[i], utf8);
        pdf = ly_drawable(&ly, utf8);
        dsr_cp_code(uncovered[i], code);
        snprintf(want, sizeof(want), "\\u%04X", uncovered[i]);
        ck_assert_str_eq(code, want);
        ck_assert_str_eq(pdf, code);
        ck_assert(!ly_drawable_cp(&ly, uncovered[i]));
        g_free(pdf);
    }
    ck_assert(ly_drawable_cp(&ly, 0x0643));
    ck_assert(ly_drawable_cp(&ly, 0x00e9));
}
END_TEST

/* Markup keeps its attributes on the text they cover, escapes moved. */
START_TEST(test_render_fonts_markup)
{
    PangoLayout *l = ly_text(&ly, LY_SMALL,
                             "<b>" CHINESE "</b> x <i>&#x202E;" ARABIC "</i>", true, 300, 0);
    const char *t = pango_layout_get_text(l);
    PangoAttrIterator *it = pango_attr_list_get_iterator(pango_layout_get_attributes(l));
    int weight_start = -1, weight_end = -1, style_start = -1, style_end = -1;

    ck_assert_str_eq(t, "\\u4E2D\\u6587 x \\u202E" RLI ARABIC PDI);
    ck_assert_int_eq(pango_layout_get_unknown_glyphs_count(l), 0);
    do {
        int s, e;

        pango_attr_iterator_range(it, &s, &e);
        if (pango_attr_iterator_get(it, PANGO_ATTR_WEIGHT)) {
            weight_start = weight_start < 0 ? s : weight_start;
            weight_end = e;
        }
        if (pango_attr_iterator_get(it, PANGO_ATTR_STYLE)) {
            style_start = style_start < 0 ? s : style_start;
            style_end = e;
        }
    } while (pango_attr_iterator_next(it));
    pango_attr_iterator_destroy(it);
    ck_assert_int_eq(weight_start, 0);
    ck_assert_int_eq(weight_end, 12);
    ck_assert_int_eq(style_start, 15);
    ck_assert_int_eq(style_end, (int)strlen(t));
    g_object_unref(l);
}
END_TEST

/*
 * A left-aligned cell that starts with Arabic stays left-aligned (the
 * paragraph is left to right), and the Arabic run reads right to left.
 */
START_TEST(test_render_fonts_rtl_keeps_alignment)
{
    PangoLayout *l = ly_text(&ly, LY_SMALL, ARABIC " " ARABIC, false, 300, 0);
    PangoRectangle ink, logical;
    PangoLayoutLine *line;

    pango_layout_set_alignment(l, PANGO_ALIGN_LEFT);
    pango_layout_get_pixel_extents(l, &ink, &logical);
    ck_assert_int_le(logical.x, 0);
    ck_assert_int_lt(logical.width, 150);
    line = pango_layout_get_line_readonly(l, 0);
    ck_assert_int_eq(pango_layout_line_get_resolved_direction(line), PANGO_DIRECTION_LTR);
    /* the run itself is right to left: its first letter is drawn rightmost */
    {
        int x_first, x_last;

        /* index 3: after the isolation mark */
        pango_layout_index_to_line_x(l, 3, FALSE, NULL, &x_first);
        pango_layout_index_to_line_x(l, 9, FALSE, NULL, &x_last);
        ck_assert_int_gt(x_first, x_last);
    }
    g_object_unref(l);
}
END_TEST

/*
 * A right-to-left name in a left-to-right sentence: "<name>: 1
 * indikator" keeps ": 1 indikator" after the name, instead of the digit
 * joining the Arabic run (which showed "1 :<name> indikator").
 */
START_TEST(test_render_fonts_rtl_isolated)
{
    const char *text = ARABIC ": 1 indikator";
    PangoLayout *l = ly_text(&ly, LY_H3, text, false, 300, 0);
    const char *t = pango_layout_get_text(l);
    const char *colon = strchr(t, ':');
    const char *one = strchr(t, '1');
    int x_name, x_colon, x_one;

    ck_assert_str_eq(t, RLI ARABIC PDI ": 1 indikator");
    pango_layout_index_to_line_x(l, 3, FALSE, NULL, &x_name);
    pango_layout_index_to_line_x(l, (int)(colon - t), FALSE, NULL, &x_colon);
    pango_layout_index_to_line_x(l, (int)(one - t), FALSE, NULL, &x_one);
    ck_assert_int_ge(x_colon, x_name);
    ck_assert_int_gt(x_one, x_colon);
    g_object_unref(l);
}
END_TEST

/*
 * A box of N lines holding Arabic is about as tall as N lines of Latin
 * text, not half as tall again: Noto Naskh Arabic's lines are half as tall again, and an Arabic
 * cover title ran over the index box below it.
 */
START_TEST(test_render_fonts_box_keeps_height)
{
    GString *ar = g_string_new(NULL);
    GString *latin = g_string_new(NULL);
    PangoLayout *a, *b;

    for (int i = 0; i < 60; i++) {
        g_string_append(ar, ARABIC " ");
        g_string_append(latin, "Kabupaten ");
    }
    a = ly_text(&ly, LY_TITLE, ar->str, false, LY_WIDTH, 3);
    b = ly_text(&ly, LY_TITLE, latin->str, false, LY_WIDTH, 3);
    ck_assert_int_eq(pango_layout_get_line_count(b), 3);
    ck_assert_int_ge(pango_layout_get_line_count(a), 1);
    ck_assert(pango_layout_is_ellipsized(a));
    /* pango counts the lines that fit by the Latin font's metrics */
    ck_assert_msg(ly_height(a) <= ly_height(b) * 1.05, "Arabic %.1f pt, Latin %.1f pt",
                  ly_height(a), ly_height(b));
    g_object_unref(a);
    g_object_unref(b);
    g_string_free(ar, TRUE);
    g_string_free(latin, TRUE);
}
END_TEST

/*
 * Every character of dossier's own text draws as itself: the renderers'
 * literals (UTF-8 or "\u2013" escapes), the Indonesian catalogue and
 * the frameworks' catalogs.  A symbol the shipped fonts lack (U+2610,
 * U+2713) would print as its code; use one they have (U+25A1, U+25CF).
 */
static void
all_drawable(const char *path, GString *bad)
{
    gchar *text = NULL;
    gsize len = 0;

    ck_assert_msg(g_file_get_contents(path, &text, &len, NULL), "%s", path);
    ck_assert_msg(g_utf8_validate(text, (gssize)len, NULL), "%s: not UTF-8", path);
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        unsigned cp = g_utf8_get_char(p);

        if (p[0] == '\\' && p[1] == 'u' && g_ascii_isxdigit(p[2]) &&
            g_ascii_isxdigit(p[3]) && g_ascii_isxdigit(p[4]) && g_ascii_isxdigit(p[5]) &&
            g_str_has_suffix(path, ".c")) {
            char hex[5] = {p[2], p[3], p[4], p[5], 0};

            cp = (unsigned)strtoul(hex, NULL, 16);
        } else if (cp < 0x80) {
            continue;
        }
        if (!ly_drawable_cp(&ly, cp))
            g_string_append_printf(bad, " %s: U+%04X", path, cp);
    }
    g_free(text);
}

START_TEST(test_render_fonts_own_text_drawable)
{
    static const char *const dirs[] = {TEST_SOURCE_DIR "/src", TEST_SOURCE_DIR "/po",
                                       TEST_SOURCE_DIR "/templates/frameworks"};
    GString *bad = g_string_new(NULL);
    int files = 0;

    for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
        GDir *d = g_dir_open(dirs[i], 0, NULL);
        const char *name;

        ck_assert_ptr_nonnull(d);
        while ((name = g_dir_read_name(d))) {
            char *path;

            if (!(g_str_has_prefix(name, "render") && g_str_has_suffix(name, ".c")) &&
                !g_str_has_suffix(name, ".po") &&
                !(i == 2 && g_str_has_suffix(name, ".xml")))
                continue;
            path = g_build_filename(dirs[i], name, NULL);
            all_drawable(path, bad);
            files++;
            g_free(path);
        }
        g_dir_close(d);
    }
    ck_assert_int_ge(files, 5);
    ck_assert_msg(bad->len == 0, "no shipped font draws:%s", bad->str);
    g_string_free(bad, TRUE);
}
END_TEST

static double
cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The escapes cost little on ordinary text: 200 KB of Latin text with
 * accents is looked at in well under the time pango takes to lay it out.
 */
START_TEST(test_render_fonts_fast_on_latin)
{
    GString *g = g_string_new(NULL);
    double t0, t_scan;
    char *d;

    while (g->len < 200000)
        g_string_append(g, "Dokumen kebijakan caf\xc3\xa9 na\xc3\xafve \xe2\x80\x93 2024. ");
    t0 = cpu_now();
    for (int i = 0; i < 10; i++) {
        d = ly_drawable(&ly, g->str);
        ck_assert_str_eq(d, g->str);
        g_free(d);
    }
    t_scan = (cpu_now() - t0) / 10;
    ck_assert_msg(t_scan < 0.05, "200 KB took %.3f s to scan", t_scan);
    g_string_free(g, TRUE);
}
END_TEST

static Suite *
render_fonts_suite(void)
{
    Suite *s = suite_create("render_fonts");
    TCase *tc = tcase_create("fonts");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_render_fonts_no_unknown_glyphs, 0,
                        (int)(sizeof(cases) / sizeof(*cases)));
    tcase_add_test(tc, test_render_fonts_boxes_without_escapes);
    tcase_add_test(tc, test_render_fonts_same_escape_as_check);
    tcase_add_test(tc, test_render_fonts_markup);
    tcase_add_test(tc, test_render_fonts_rtl_keeps_alignment);
    tcase_add_test(tc, test_render_fonts_rtl_isolated);
    tcase_add_test(tc, test_render_fonts_box_keeps_height);
    tcase_add_test(tc, test_render_fonts_own_text_drawable);
    tcase_add_test(tc, test_render_fonts_fast_on_latin);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(render_fonts_suite());
}
