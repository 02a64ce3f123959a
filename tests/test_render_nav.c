/*
 * test_render_nav.c -- the dossier PDF's navigation and visit plan (issue
 * 21, points 4 and 5): the visit plan gives each OPD's date and time,
 * place and person in charge, in the order of the visits; a link's
 * account always prints and its secret only when asked for; a short
 * section follows on the page when it fits; the contents; hostile visits
 * render in bounded time.  The messages are the msgids: this suite binds no
 * catalogue.  The PDF's text is read back with pdftotext.
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
#include <time.h>

#define EXAMPLE TEST_SOURCE_DIR "/templates/example/manifest.xml"
#define PEMDI TEST_SOURCE_DIR "/templates/example-pemdi/manifest.xml"
#define FONTS TEST_SOURCE_DIR "/fonts"
#define DATE 1732320000 /* 2024-11-23 */
#define SECRET "Nav-S3cret-7731"

static struct dsr_check_result checked;
static struct dsr_score score;
/* what the test put into the manifest, taken out again before it is freed */
static struct dsr_visit *added_visits;
static size_t nadded_visits;
static struct dsr_visit *loaded_visits;
static size_t nloaded_visits;
static struct dsr_link *secret_link;
static char *loaded_account, *loaded_secret;

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
setup(void)
{
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_previews_start(&err), 0);
    added_visits = NULL;
    nadded_visits = 0;
    loaded_visits = NULL;
    nloaded_visits = 0;
    secret_link = NULL;
    loaded_account = loaded_secret = NULL;
}

static void
teardown(void)
{
    struct dsr_manifest *m = checked.manifest;

    /* ours are freed here, the manifest's own put back */
    if (m && added_visits) {
        for (size_t k = 0; k < nadded_visits; k++) {
            free(added_visits[k].owner);
            free(added_visits[k].date_text);
            free(added_visits[k].time);
            free(added_visits[k].place);
            free(added_visits[k].person);
        }
        free(added_visits);
        m->visits = loaded_visits;
        m->nvisits = nloaded_visits;
    }
    if (secret_link) {
        free(secret_link->account);
        free(secret_link->secret);
        secret_link->account = loaded_account;
        secret_link->secret = loaded_secret;
    }
    dsr_score_release(&score);
    dsr_check_result_release(&checked);
}

/* Replace the manifest's visits with 'n' of ours, for one render. */
static void
set_visits(size_t n)
{
    struct dsr_manifest *m = checked.manifest;

    loaded_visits = m->visits;
    nloaded_visits = m->nvisits;
    added_visits = calloc(n, sizeof(*added_visits));
    ck_assert_ptr_nonnull(added_visits);
    nadded_visits = n;
    m->visits = added_visits;
    m->nvisits = n;
}

static void
visit(size_t k, const char *owner, int y, int mo, int d, const char *time,
      const char *place, const char *person)
{
    struct dsr_visit *v = &added_visits[k];

    v->owner = strdup(owner);
    v->date = (struct dsr_date){y, mo, d};
    if (y) {
        char text[32];

        snprintf(text, sizeof(text), "%04d-%02d-%02d", y, mo, d);
        v->date_text = strdup(text);
    }
    v->time = time ? strdup(time) : NULL;
    v->place = strdup(place ? place : "");
    v->person = strdup(person ? person : "");
}

/* The first link of the manifest, given an account and a secret. */
static const struct dsr_mindicator *
give_secret(void)
{
    struct dsr_manifest *m = checked.manifest;

    for (size_t i = 0; i < m->nindicators; i++) {
        if (!m->indicators[i].nlinks)
            continue;
        secret_link = &m->indicators[i].links[0];
        loaded_account = secret_link->account;
        loaded_secret = secret_link->secret;
        secret_link->account = strdup("asesor.nav");
        secret_link->secret = strdup(SECRET);
        return &m->indicators[i];
    }
    ck_abort_msg("the example has no link");
    return NULL;
}

/* The PDF's text, pages split by form feeds; the caller free()s it. */
static char *
render_text(bool secrets, double *seconds)
{
    struct dsr_render_opts opts = {.fonts_dir = FONTS, .date = DATE,
                                   .no_thumbnails = true, .jobs = 1,
                                   .include_secrets = secrets,
                                   .lang = DSR_LANG_EN};
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char pdf[512], cmd[1200];
    struct timespec t0, t1;
    char *text = NULL;
    size_t len = 0, cap = 0;
    char buf[65536];
    size_t got;
    FILE *p;

    snprintf(pdf, sizeof(pdf), "%s/nav.pdf", dir);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_msg(dsr_render_write(&checked, &score, &opts, pdf, NULL, &err) == 0,
                  "render: %s", err.msg);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (seconds)
        *seconds = (double)(t1.tv_sec - t0.tv_sec) +
                   (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    snprintf(cmd, sizeof(cmd), "pdftotext -layout '%s' -", pdf);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    while ((got = fread(buf, 1, sizeof(buf), p)) > 0) {
        if (len + got + 1 > cap) {
            cap = (len + got + 1) * 2;
            text = realloc(text, cap);
            ck_assert_ptr_nonnull(text);
        }
        memcpy(text + len, buf, got);
        len += got;
    }
    ck_assert_int_eq(pclose(p), 0);
    ck_assert_ptr_nonnull(text);
    text[len] = '\0';
    tu_rmtree(dir);
    return text;
}

/* The 1-based page of the first line that is exactly 'line'; 0: none. */
static int
page_of_line(const char *text, const char *line)
{
    int page = 1;
    size_t n = strlen(line);

    for (const char *s = text; *s; s++) {
        const char *eol;

        if (*s == '\f') {
            page++;
            continue;
        }
        if (s != text && s[-1] != '\n' && s[-1] != '\f')
            continue;
        while (*s == ' ')
            s++;
        eol = strchr(s, '\n');
        if (!eol)
            eol = s + strlen(s);
        if ((size_t)(eol - s) >= n && strncmp(s, line, n) == 0 &&
            strspn(s + n, " ") == (size_t)(eol - s) - n)
            return page;
    }
    return 0;
}

/* The visit plan's part of 'text': from its title to the first indicator. */
static const char *
visit_plan(const char *text)
{
    const char *s = strstr(text, "\nVisit plan\n");

    ck_assert_ptr_nonnull(s);
    return s;
}

START_TEST(test_render_nav_visit_details_in_order)
{
    const struct dsr_check_result *res;
    const char *a = NULL, *b = NULL, *c = NULL;
    const char *plan, *pa, *pb, *pc, *end;
    char *text;

    check_manifest(EXAMPLE);
    res = &checked;
    /* three named offices; the later visit named first, one undated */
    for (size_t o = 0; o < res->nowners; o++) {
        const char *name = res->owners[o].name;

        if (!*name)
            continue;
        if (!a)
            a = name;
        else if (!b)
            b = name;
        else if (!c)
            c = name;
    }
    ck_assert_ptr_nonnull(c);
    set_visits(4);
    visit(0, a, 2026, 8, 13, "13.00-14.30", "Aula Nav Tiga", "Nav Person A");
    visit(1, b, 2026, 8, 12, "09.00-10.30", "Ruang Nav Satu", "Nav Person B");
    visit(2, c, 0, 0, 0, NULL, "Ruang Nav Dua", "");
    /* an unknown OPD (a check finding, r21-data): not in the plan */
    visit(3, "Dinas Tidak Ada", 2026, 8, 1, "08.00", "Ruang Hilang", "X");
    text = render_text(false, NULL);
    plan = visit_plan(text);
    end = strstr(plan, "\nIndicator 1\n");
    ck_assert_ptr_nonnull(strstr(plan, "12 August 2026, 09.00-10.30"));
    ck_assert_ptr_nonnull(strstr(plan, "13 August 2026, 13.00-14.30"));
    ck_assert_ptr_nonnull(strstr(plan, "Place: Ruang Nav Satu"));
    ck_assert_ptr_nonnull(strstr(plan, "Person in charge: Nav Person B"));
    ck_assert_ptr_nonnull(strstr(plan, "Place: Ruang Nav Dua"));
    ck_assert_ptr_null(strstr(plan, "Ruang Hilang"));
    /* b (12 August) before a (13 August) before c (no date) */
    pb = strstr(plan, "Ruang Nav Satu");
    pa = strstr(plan, "Aula Nav Tiga");
    pc = strstr(plan, "Ruang Nav Dua");
    ck_assert_ptr_nonnull(pa);
    ck_assert_ptr_nonnull(pc);
    ck_assert(pb < pa);
    ck_assert(pa < pc);
    ck_assert(!end || pc < end);
    free(text);
}
END_TEST

START_TEST(test_render_nav_secret_only_when_asked)
{
    char *text;
    const char *plan;

    check_manifest(EXAMPLE);
    give_secret();
    text = render_text(false, NULL);
    plan = visit_plan(text);
    ck_assert_ptr_null(strstr(text, SECRET));
    ck_assert_ptr_nonnull(strstr(plan, "asesor.nav"));
    ck_assert_ptr_nonnull(strstr(plan, "password given separately"));
    free(text);

    text = render_text(true, NULL);
    plan = visit_plan(text);
    ck_assert_ptr_nonnull(strstr(plan, "asesor.nav"));
    ck_assert_ptr_nonnull(strstr(plan, "password: \u201c" SECRET "\u201d"));
    ck_assert_ptr_null(strstr(plan, "password given separately"));
    free(text);
}
END_TEST

/*
 * A short section follows on the page when its heading and 'need' fit
 * below the gap, else starts a page; rd_section follows while a third of
 * the page is left; rd_section_alone stands on pages of its own.  Each
 * is recorded for the contents with the page it starts on.
 */
START_TEST(test_render_nav_section_flow)
{
    struct dsr_render_opts opts = {.fonts_dir = FONTS};
    struct dsr_error err = DSR_ERROR_INIT;
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(NULL, NULL,
                                                             LY_PAGE_W,
                                                             LY_PAGE_H);
    struct rnd r = {.opts = &opts};

    ck_assert_int_eq(ly_open(&r.ly, s, FONTS, false, &err), 0);
    ck_assert_int_eq(r.ly.page, 1);
    /* at the top of a page: no gap, no break */
    rd_section_flow(&r, "A", 150);
    ck_assert_int_eq(r.ly.page, 1);
    /* room for it: the same page */
    r.ly.y = LY_TOP + 300;
    rd_section_flow(&r, "B", 150);
    ck_assert_int_eq(r.ly.page, 1);
    ck_assert_double_gt(r.ly.y, LY_TOP + 300 + 40);
    /* no room for its first rows: the next page */
    r.ly.y = LY_BOTTOM - 150;
    rd_section_flow(&r, "C", 150);
    ck_assert_int_eq(r.ly.page, 2);
    /* rd_section follows on the page while a third of it is left ... */
    rd_section(&r, "D");
    ck_assert_int_eq(r.ly.page, 2);
    /* ... and starts the next one when less is */
    r.ly.y = LY_BOTTOM - 100;
    rd_section(&r, "D2");
    ck_assert_int_eq(r.ly.page, 3);
    /* rd_section_alone: a page of its own, and so is what follows it */
    rd_section_alone(&r, "D3");
    ck_assert_int_eq(r.ly.page, 4);
    rd_section_flow(&r, "D4", 10);
    ck_assert_int_eq(r.ly.page, 5);
    ck_assert_uint_eq(r.toc.n, 7);
    ck_assert_str_eq(r.toc.title[1], "B");
    ck_assert_int_eq(r.toc.page[0], 1);
    ck_assert_int_eq(r.toc.page[1], 1);
    ck_assert_int_eq(r.toc.page[2], 2);
    ck_assert_int_eq(r.toc.page[3], 2);
    ck_assert_int_eq(r.toc.page[4], 3);
    ck_assert_int_eq(r.toc.page[5], 4);
    ck_assert_int_eq(r.toc.page[6], 5);
    /* past RD_TOC_MAX sections: laid out, not listed */
    for (int k = 0; k < RD_TOC_MAX + 10; k++)
        rd_section(&r, "E");
    ck_assert_uint_eq(r.toc.n, RD_TOC_MAX);
    rd_toc_release(&r);
    ck_assert_uint_eq(r.toc.n, 0);
    ly_close(&r.ly);
    cairo_surface_destroy(s);
}
END_TEST

/* The contents name every section; Pemdi (no domains) groups by aspect. */
START_TEST(test_render_nav_contents_pemdi)
{
    char *text;
    int toc;

    check_manifest(PEMDI);
    text = render_text(false, NULL);
    toc = page_of_line(text, "Contents");
    ck_assert_int_eq(toc, 2);
    ck_assert_int_gt(page_of_line(text, "Clarification agenda"), toc);
    ck_assert_ptr_nonnull(strstr(text, "Appendix B. Checksums"));
    ck_assert_ptr_nonnull(strstr(text, "Aspect "));
    free(text);
}
END_TEST

/*
 * Visits at the schema's worst: many, for unknown OPDs, and long fields
 * in the worst characters for a real one.  Bounded time, fields cut.
 */
START_TEST(test_render_nav_hostile_visits)
{
    enum { N = 5000, LONG = 4000 };
    char *text, *big;
    double seconds;
    const char *owner = NULL;

    check_manifest(EXAMPLE);
    for (size_t o = 0; o < checked.nowners && !owner; o++)
        if (*checked.owners[o].name)
            owner = checked.owners[o].name;
    big = malloc(LONG * 4 + 1);
    ck_assert_ptr_nonnull(big);
    big[0] = '\0';
    for (int k = 0; k < LONG / 4; k++)
        strcat(big, "<&\u202e\xe4\xb8\xad\xef\xb7\x90 ");
    set_visits(N);
    for (size_t k = 0; k + 1 < N; k++) {
        char name[32];

        snprintf(name, sizeof(name), "Dinas %zu", k);
        visit(k, name, 2026, 1 + (int)(k % 12), 1 + (int)(k % 28), big, big, big);
    }
    visit(N - 1, owner, 2026, 8, 12, big, big, big);
    text = render_text(true, &seconds);
    ck_assert_ptr_nonnull(strstr(visit_plan(text), "Person in charge:"));
    ck_assert_double_lt(seconds, 30);
    free(text);
    free(big);
}
END_TEST

static Suite *
render_nav_suite(void)
{
    Suite *s = suite_create("render_nav");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_render_nav_visit_details_in_order);
    tcase_add_test(tc, test_render_nav_secret_only_when_asked);
    tcase_add_test(tc, test_render_nav_section_flow);
    tcase_add_test(tc, test_render_nav_contents_pemdi);
    tcase_add_test(tc, test_render_nav_hostile_visits);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(render_nav_suite());
}
