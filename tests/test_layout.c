/*
 * test_layout.c -- text of any length the manifest accepts lays out in
 * linear time and stays inside its box; links of any accepted length
 * and spelling become link annotations in a valid PDF; over-long fields
 * are text-too-long findings at their line.
 */
#define _GNU_SOURCE /* memmem */

#include "testutil.h"

#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"

#include "layout.h"
#include "render_int.h"

#include <cairo-pdf.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FONTS TEST_SOURCE_DIR "/fonts"

/* The PDF a test writes, in memory. */
static GString *pdf;

static cairo_status_t
to_memory(void *closure, const unsigned char *data, unsigned int len)
{
    (void)closure;
    g_string_append_len(pdf, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
pdf_surface(void)
{
    if (pdf)
        g_string_free(pdf, TRUE);
    pdf = g_string_new(NULL);
    return cairo_pdf_surface_create_for_stream(to_memory, NULL, LY_PAGE_W,
                                               LY_PAGE_H);
}

static void
teardown(void)
{
    if (pdf)
        g_string_free(pdf, TRUE);
    pdf = NULL;
}

/* 'n' characters without a space: "a0b1...", cycling through 36 letters */
static char *
word(size_t n)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    char *s = malloc(n + 1);

    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < n; i++)
        s[i] = alphabet[i % (sizeof(alphabet) - 1)];
    s[n] = '\0';
    return s;
}

static double
cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds to lay out an 'n'-character word 200 points wide (best of 3). */
static double
layout_time(struct ly *ly, size_t n, bool markup, int *lines)
{
    char *w = word(n);
    double best = 1e9;

    for (int rep = 0; rep < 3; rep++) {
        double t0 = cpu_now();
        PangoLayout *l = ly_text(ly, LY_SMALL, w, markup, 200, 0);

        *lines = pango_layout_get_line_count(l);
        g_object_unref(l);
        if (cpu_now() - t0 < best)
            best = cpu_now() - t0;
    }
    free(w);
    return best;
}

/*
 * pango 1.50 alone needs 0.5 s for a 20,000-character word and 7 s for
 * 80,000 (14 times as long for 4 times the text); laid out by ly_text the
 * time grows with the length.
 */
START_TEST(test_layout_long_word_linear_time)
{
    cairo_surface_t *s = pdf_surface();
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;
    double t1, t4;
    int lines1, lines4;

    ck_assert_int_eq(ly_open(&ly, s, FONTS, false, &err), 0);
    t1 = layout_time(&ly, 20000, _i, &lines1);
    t4 = layout_time(&ly, 80000, _i, &lines4);
    ck_assert_int_gt(lines1, 100);
    ck_assert_int_ge(lines4, 4 * lines1 - 4);
    ck_assert_msg(t4 < 6 * t1 + 0.02,
                  "80,000 characters took %.3f s, 20,000 took %.3f s", t4, t1);
    ly_close(&ly);
    cairo_surface_destroy(s);
}
END_TEST

/*
 * Words no font here can show, or that cannot be broken where the runs
 * start: Arabic (right to left), thousands of combining marks with no
 * base letter (one cluster), emoji joined by ZWJ, soft hyphens.  Each
 * lays out, 4 times the text in under 6 times the time.
 */
static const char *const hostile[] = {
    "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85",   /* Arabic */
    "\xcc\x81",                             /* combining acutes, no base */
    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", /* emoji ZWJ */
    "ab\xc2\xad",                           /* soft hyphen */
};

static char *
repeat(const char *unit, size_t bytes)
{
    GString *s = g_string_new(NULL);

    while (s->len < bytes)
        g_string_append(s, unit);
    return g_string_free(s, FALSE);
}

static double
hostile_time(struct ly *ly, const char *text)
{
    double best = 1e9;

    for (int rep = 0; rep < 3; rep++) {
        double t0 = cpu_now();
        PangoLayout *l = ly_text(ly, LY_SMALL, text, false, 200, 0);

        ck_assert_int_ge(pango_layout_get_line_count(l), 1);
        ly_draw(ly, l, LY_LEFT, LY_TOP, (struct ly_rgb){0, 0, 0});
        g_object_unref(l);
        if (cpu_now() - t0 < best)
            best = cpu_now() - t0;
    }
    return best;
}

START_TEST(test_layout_hostile_scripts)
{
    cairo_surface_t *s = pdf_surface();
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;
    char *one = repeat(hostile[_i], 20000);
    char *four = repeat(hostile[_i], 80000);
    double t1, t4;

    ck_assert_int_eq(ly_open(&ly, s, FONTS, true, &err), 0);
    t1 = hostile_time(&ly, one);
    t4 = hostile_time(&ly, four);
    ck_assert_msg(t4 < 6 * t1 + 0.05, "80 KB took %.3f s, 20 KB took %.3f s", t4, t1);
    ly_close(&ly);
    cairo_surface_finish(s);
    ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    free(one);
    free(four);
}
END_TEST

/* A word longer than its box wraps inside the box, text unchanged. */
START_TEST(test_layout_long_word_stays_in_its_box)
{
    cairo_surface_t *s = pdf_surface();
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;
    char *w = word(5000);
    PangoLayout *l;
    PangoLayoutIter *it;
    int n = 0;

    ck_assert_int_eq(ly_open(&ly, s, FONTS, false, &err), 0);
    l = ly_text(&ly, LY_SMALL, w, false, 150, 0);
    ck_assert_str_eq(pango_layout_get_text(l), w);
    it = pango_layout_get_iter(l);
    do {
        PangoRectangle logical;

        pango_layout_iter_get_line_extents(it, NULL, &logical);
        ck_assert_int_le(logical.x + logical.width, 150 * PANGO_SCALE);
        n++;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    ck_assert_int_gt(n, 5000 / 60);
    g_object_unref(l);
    /* a fixed cell: ellipsised after its lines, whatever the length */
    l = ly_text(&ly, LY_SMALL, w, false, 150, 4);
    ck_assert_int_eq(pango_layout_get_line_count(l), 4);
    ck_assert(pango_layout_is_ellipsized(l));
    g_object_unref(l);
    ly_close(&ly);
    cairo_surface_destroy(s);
    free(w);
}
END_TEST

/* The PDF in memory holds 'needle'. */
static bool
pdf_has(const char *needle)
{
    return memmem(pdf->str, pdf->len, needle, strlen(needle)) != NULL;
}

/*
 * A table row linking to 'href', in a finished PDF; returns cairo's
 * status.  The old 160-byte attribute buffer cut a 170-character share
 * link, and cairo 1.16 then asserted while finishing the file.
 */
static cairo_status_t
link_row(const char *href)
{
    static const struct ly_col cols[] = {
        {.width = 120, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 300, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {"Service", "Address"};
    struct ly_table t = {.cols = cols, .ncols = 2, .head = head,
                         .x = LY_LEFT, .max_lines = 4};
    cairo_surface_t *s = pdf_surface();
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;
    char *attrs = rd_link_attrs(href);
    const char *cells[] = {"Sheet", href};
    cairo_status_t st;

    ck_assert_ptr_nonnull(attrs);
    ck_assert_int_eq(ly_open(&ly, s, FONTS, true, &err), 0);
    ly_table_begin(&ly, &t);
    ly_table_row(&ly, &t, cells, attrs, NULL);
    ly_table_row(&ly, &t, cells, attrs, NULL);
    ck_assert(ly.y < LY_BOTTOM);
    ly_close(&ly);
    cairo_surface_finish(s);
    st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    g_free(attrs);
    return st;
}

static const char sheet[] =
    "https://docs.google.com/spreadsheets/d/"
    "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEf/edit?usp=sharing&ouid="
    "10485739201847562930110485739201847562930123&rtpof=true&sd=true";

START_TEST(test_layout_link_share_url)
{
    char want[512];

    ck_assert_uint_eq(strlen(sheet), 170);
    ck_assert_int_eq(link_row(sheet), CAIRO_STATUS_SUCCESS);
    snprintf(want, sizeof(want), "/URI (%s)", sheet);
    ck_assert(pdf_has(want));
    ck_assert(pdf_has("/Subtype /Link"));
}
END_TEST

/* The manifest's longest (2,048) and far longer: still a link. */
START_TEST(test_layout_link_any_length)
{
    static const size_t len[] = {2048, 5000};
    char *tail = word(len[_i] - 19);
    char *href = g_strdup_printf("https://x.example/%s", tail);
    char *want = g_strdup_printf("/URI (%s)", href);

    ck_assert_uint_eq(strlen(href), len[_i] - 1);
    ck_assert_int_eq(link_row(href), CAIRO_STATUS_SUCCESS);
    ck_assert(pdf_has(want));
    g_free(want);
    g_free(href);
    free(tail);
}
END_TEST

/*
 * Quotes, parentheses, backslashes and non-ASCII bytes: percent-encoded,
 * so the attribute ends where it should and the PDF string stays valid
 * (cairo 1.16 copies the uri as it is: an unbalanced '(' ended the string
 * early and broke the file).
 */
START_TEST(test_layout_link_escaped)
{
    static const char href[] = "https://a.example/x_(y/'z'\\w\xc3\xa9?q={1}|^`<>\"";
    char *attrs = rd_link_attrs(href);

    ck_assert_str_eq(attrs, "uri='https://a.example/x_%28y/%27z%27%5Cw%C3%A9"
                            "?q=%7B1%7D%7C%5E%60%3C%3E%22'");
    g_free(attrs);
    ck_assert_int_eq(link_row(href), CAIRO_STATUS_SUCCESS);
    ck_assert(pdf_has("/URI (https://a.example/x_%28y/%27z%27%5Cw%C3%A9"));
    /* not links: other schemes, no host, spaces or control bytes */
    ck_assert_ptr_null(rd_link_attrs("javascript:alert(1)"));
    ck_assert_ptr_null(rd_link_attrs("file:///etc/passwd"));
    ck_assert_ptr_null(rd_link_attrs("https://"));
    ck_assert_ptr_null(rd_link_attrs("https:///x"));
    ck_assert_ptr_null(rd_link_attrs("https://a.example/a b"));
    ck_assert_ptr_null(rd_link_attrs("https://a.example/a\tb"));
}
END_TEST

/* Rows of long unbroken cells: bounded height, many rows across pages. */
START_TEST(test_layout_table_long_cells)
{
    static const struct ly_col cols[] = {
        {.width = 60, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 60, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {"Id", "Title"};
    struct ly_table t = {.cols = cols, .ncols = 2, .head = head,
                         .x = LY_LEFT, .max_lines = 6};
    cairo_surface_t *s = pdf_surface();
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;
    char *w = word(10000);
    const char *cells[] = {w, w};

    ck_assert_int_eq(ly_open(&ly, s, FONTS, true, &err), 0);
    ly_table_begin(&ly, &t);
    for (int i = 0; i < 40; i++) {
        double top = ly_table_row(&ly, &t, cells, NULL, NULL);

        ck_assert(ly.y - top < 80);
        ck_assert(ly.y <= LY_BOTTOM);
    }
    ck_assert_int_gt(ly.page, 1);
    ly_para(&ly, LY_BODY, w, false, 0, (struct ly_rgb){0, 0, 0}, 0);
    ck_assert(ly.y <= LY_BOTTOM);
    ly_close(&ly);
    cairo_surface_finish(s);
    ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    free(w);
}
END_TEST

/* ---- limits: text-too-long at the line of the field ------------------ */

#define ROOT                                                                   \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                            \
    "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"spbe-2020\" "      \
    "year=\"2024\">\n"

/* 'n' characters of "é" (two bytes each): the limits count characters */
static char *
accents(size_t n)
{
    GString *s = g_string_new(NULL);

    for (size_t i = 0; i < n; i++)
        g_string_append(s, "\xc3\xa9");
    return g_string_free(s, FALSE);
}

static const struct field {
    const char *name;
    size_t max;
    const char *fmt;            /* the manifest, with %s for the text */
    unsigned long line;
} fields[] = {
    {"instance name", 200, ROOT "<instance name=\"%s\"/>\n</dossier>", 3},
    {"instance kind", 120, ROOT "<instance name=\"x\" kind=\"%s\"/>\n</dossier>", 3},
    {"coordinator name", 200,
     ROOT "<instance name=\"x\"/>\n<coordinator name=\"%s\"/>\n</dossier>", 4},
    {"coordinator position", 200,
     ROOT "<instance name=\"x\"/>\n<coordinator position=\"%s\"/>\n</dossier>", 4},
    {"coordinator unit", 200,
     ROOT "<instance name=\"x\"/>\n<coordinator unit=\"%s\"/>\n</dossier>", 4},
    {"indicator id", 32,
     ROOT "<instance name=\"x\"/>\n<indicator id=\"%s\"/>\n</dossier>", 4},
    {"owner", 120,
     ROOT "<instance name=\"x\"/>\n<indicator id=\"1\" owner=\"%s\"/>\n</dossier>", 4},
    {"explanation", 4000,
     ROOT "<instance name=\"x\"/>\n<indicator id=\"1\">\n"
          "<assessment stage=\"mandiri\" level=\"2\">%s</assessment>\n"
          "</indicator>\n</dossier>", 5},
    {"evidence title", 300,
     ROOT "<instance name=\"x\"/>\n<indicator id=\"1\">\n"
          "<evidence file=\"a.pdf\">%s</evidence>\n</indicator>\n</dossier>", 5},
    {"link text", 300,
     ROOT "<instance name=\"x\"/>\n<indicator id=\"1\">\n"
          "<link href=\"https://a.example/\">%s</link>\n</indicator>\n</dossier>", 5},
    {"link address", 2048,
     ROOT "<instance name=\"x\"/>\n<indicator id=\"1\">\n"
          "<link href=\"https://a.example/%s\">x</link>\n</indicator>\n</dossier>", 5},
    {"question", 4000,
     ROOT "<instance name=\"x\"/>\n<indicator id=\"1\">\n"
          "<question stage=\"dokumen\">%s</question>\n</indicator>\n</dossier>", 5},
    {"answer", 4000,
     ROOT "<instance name=\"x\"/>\n<indicator id=\"1\">\n"
          "<answer stage=\"dokumen\">%s</answer>\n</indicator>\n</dossier>", 5},
};

static size_t
count_code(const struct dsr_findings *f, enum dsr_finding_code code)
{
    size_t n = 0;

    for (size_t i = 0; i < f->n; i++)
        n += f->items[i].code == code;
    return n;
}

/* Load field 'fd' holding 'n' characters; returns the findings' count of
 * text-too-long, with the first such finding in '*first'. */
static size_t
load_field(const struct field *fd, size_t n, struct dsr_findings *f)
{
    const size_t prefix = strcmp(fd->name, "link address") == 0
                              ? strlen("https://a.example/") : 0;
    char *text = accents(n - prefix);
    char *xml;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;
    size_t k;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    xml = g_strdup_printf(fd->fmt, text);
#pragma GCC diagnostic pop
    m = dsr_manifest_load_mem(xml, strlen(xml), "m.xml", TEST_MANIFEST_XSD, f,
                              &err);
    ck_assert_msg(m != NULL, "%s: not loaded (%s)", fd->name,
                  f->n ? f->items[0].message : err.msg);
    ck_assert_int_eq(err.code, DSR_OK);
    k = count_code(f, DSR_F_TEXT_TOO_LONG);
    dsr_manifest_free(m);
    g_free(xml);
    g_free(text);
    return k;
}

START_TEST(test_layout_limits_per_field)
{
    const struct field *fd = &fields[_i];
    struct dsr_findings f = DSR_FINDINGS_INIT;
    char want[64];

    ck_assert_uint_eq(load_field(fd, fd->max, &f), 0);
    dsr_findings_release(&f);
    f = (struct dsr_findings)DSR_FINDINGS_INIT;
    ck_assert_uint_eq(load_field(fd, fd->max + 1, &f), 1);
    for (size_t i = 0; i < f.n; i++) {
        if (f.items[i].code != DSR_F_TEXT_TOO_LONG)
            continue;
        ck_assert_int_eq(f.items[i].severity, DSR_SEV_ERROR);
        ck_assert_str_eq(f.items[i].file, "m.xml");
        ck_assert_uint_eq(f.items[i].line, fd->line);
        snprintf(want, sizeof(want), "%zu characters long; at most %zu", fd->max + 1,
                 fd->max);
        ck_assert_msg(strstr(f.items[i].message, want), "%s: %s", fd->name,
                      f.items[i].message);
    }
    dsr_findings_release(&f);
}
END_TEST

/*
 * Characters cairo 1.16 refuses in UTF-8, which XML and the manifest
 * accept: a noncharacter in drawn text put the context in an error state
 * (everything after it was dropped, the PDF blank from there), and in
 * metadata or an outline title failed the whole surface.
 */
static const char *const nonchars[] = {
    "\xef\xb7\x90",             /* U+FDD0 */
    "\xef\xb7\xaf",             /* U+FDEF */
    "\xf0\x9f\xbf\xbe",         /* U+1FFFE */
    "\xf4\x8f\xbf\xbf",         /* U+10FFFF */
};
static const char *const nonchar_codes[] = {"\\uFDD0", "\\uFDEF", "\\u1FFFE",
                                            "\\u10FFFF"};

START_TEST(test_layout_noncharacter_drawn)
{
    cairo_surface_t *s = pdf_surface();
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;
    char *text = g_strdup_printf("before %s after", nonchars[_i]);
    char *meta = ly_pdf_string(text);
    char *want = g_strdup_printf("before %s after", nonchar_codes[_i]);
    PangoLayout *l;

    /* the cause: cairo refuses the character itself */
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, text);
    ck_assert_int_ne(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);

    s = pdf_surface();
    ck_assert_str_eq(meta, want);
    ly_set_metadata(s, CAIRO_PDF_METADATA_TITLE, text);
    ly_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, text);
    ck_assert_int_eq(ly_open(&ly, s, FONTS, true, &err), 0);
    l = ly_text(&ly, LY_BODY, text, false, 300, 0);
    ck_assert_str_eq(pango_layout_get_text(l), want);
    ly_draw(&ly, l, LY_LEFT, LY_TOP, (struct ly_rgb){0, 0, 0});
    g_object_unref(l);
    ly_para(&ly, LY_BODY, text, false, 0, (struct ly_rgb){0, 0, 0}, 0);
    ck_assert_int_eq(cairo_status(ly.cr), CAIRO_STATUS_SUCCESS);
    ck_assert_int_eq(ly_close(&ly), CAIRO_STATUS_SUCCESS);
    cairo_surface_finish(s);
    ck_assert_int_eq(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    g_free(want);
    free(meta);
    g_free(text);
}
END_TEST

/* ly_close reports a context in error instead of a blank document. */
START_TEST(test_layout_close_reports_error)
{
    cairo_surface_t *s = pdf_surface();
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;

    ck_assert_int_eq(ly_open(&ly, s, FONTS, true, &err), 0);
    /* what pango's drawing of a noncharacter did */
    cairo_show_text(ly.cr, nonchars[0]);
    ck_assert_int_ne(cairo_status(ly.cr), CAIRO_STATUS_SUCCESS);
    ck_assert_int_ne(ly_close(&ly), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}
END_TEST

/*
 * pango limits lines per paragraph: a text of many line breaks (LF, CR,
 * CRLF, U+2028, U+2029; attributes accept the last two) in a box of N
 * lines took a line per break.  Now the box holds N lines, on one line
 * the breaks are spaces, and a table row without a limit fits a page.
 */
static const char *const breaks[] = {"\n", "\r", "\r\n", "\xe2\x80\xa8", "\xe2\x80\xa9"};

START_TEST(test_layout_line_breaks_bounded)
{
    static const struct ly_col cols[] = {
        {.width = 100, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 100, .style = LY_BODY, .align = PANGO_ALIGN_LEFT},
    };
    struct ly_table t = {.cols = cols, .ncols = 2, .x = LY_LEFT};
    cairo_surface_t *s = pdf_surface();
    struct dsr_error err = DSR_ERROR_INIT;
    struct ly ly;
    GString *g = g_string_new(NULL);
    PangoLayout *l;
    const char *cells[2];
    double top;

    for (int i = 0; i < 300; i++)
        g_string_append_printf(g, "w%d%s", i, breaks[_i]);
    ck_assert_int_eq(ly_open(&ly, s, FONTS, false, &err), 0);
    l = ly_text(&ly, LY_TINY, g->str, false, 300, 1);
    ck_assert_int_eq(pango_layout_get_line_count(l), 1);
    ck_assert(strstr(pango_layout_get_text(l), "w0 w1 w2") != NULL);
    g_object_unref(l);
    l = ly_text(&ly, LY_SMALL, g->str, false, 300, 3);
    ck_assert_int_eq(pango_layout_get_line_count(l), 3);
    ck_assert(ly_height(l) < 40);
    g_object_unref(l);
    cells[0] = "Name";
    cells[1] = g->str;
    top = ly_table_row(&ly, &t, cells, NULL, NULL);
    ck_assert(ly.y - top < LY_BOTTOM - LY_TOP);
    ck_assert(ly.y <= LY_BOTTOM);
    ck_assert_int_eq(ly_close(&ly), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    g_string_free(g, TRUE);
}
END_TEST

static Suite *
layout_suite(void)
{
    Suite *s = suite_create("layout");
    TCase *tc = tcase_create("text");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_layout_long_word_linear_time, 0, 2);
    tcase_add_test(tc, test_layout_long_word_stays_in_its_box);
    tcase_add_loop_test(tc, test_layout_hostile_scripts, 0,
                        (int)(sizeof(hostile) / sizeof(*hostile)));
    tcase_add_test(tc, test_layout_table_long_cells);
    suite_add_tcase(s, tc);

    tc = tcase_create("links");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_layout_link_share_url);
    tcase_add_loop_test(tc, test_layout_link_any_length, 0, 2);
    tcase_add_test(tc, test_layout_link_escaped);
    suite_add_tcase(s, tc);

    tc = tcase_create("characters");
    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_loop_test(tc, test_layout_noncharacter_drawn, 0,
                        (int)(sizeof(nonchars) / sizeof(*nonchars)));
    tcase_add_test(tc, test_layout_close_reports_error);
    tcase_add_loop_test(tc, test_layout_line_breaks_bounded, 0,
                        (int)(sizeof(breaks) / sizeof(*breaks)));
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_add_loop_test(tc, test_layout_limits_per_field, 0,
                        (int)(sizeof(fields) / sizeof(*fields)));
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(layout_suite());
}
