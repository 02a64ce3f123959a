/*
 * test_manifest.c -- loading a manifest: its values and lines, the date
 * and index parsers, and every way a file can fail to be a manifest,
 * reported as findings with exact codes and lines and without libxml2
 * printing anything.
 */
#include "testutil.h"

#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NS "xmlns=\"urn:dossier:manifest:1\""
#define ROOT "<dossier " NS " framework=\"spbe-2020\" year=\"2024\">\n"
#define SHA_UPPER "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"
#define SHA_LOWER "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"

static const char good[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                           /* 1 */
    ROOT                                                                     /* 2 */
    "  <instance name=\"Kabupaten Contoh\" kind=\"kabupaten\"/>\n"           /* 3 */
    "  <coordinator name=\"Rahmat\" position=\"Kepala Dinas\" "
    "unit=\"Diskominfo\"/>\n"                                                /* 4 */
    "  <period from=\"2023-01-01\" to=\"2024-06-30\"/>\n"                    /* 5 */
    "  <target index=\"2,6\"/>\n"                                            /* 6 */
    "  <previous year=\"2023\" index=\"2.45\" predikat=\"Cukup\"/>\n"        /* 7 */
    "  <evidence-root path=\"bukti\"/>\n"                                    /* 8 */
    "  <indicator id=\"1\" owner=\"Bagian Organisasi\">\n"                   /* 9 */
    "    <assessment stage=\"mandiri\" level=\"3\">  Penjelasan\n"           /* 10 */
    "      dua baris  </assessment>\n"                                       /* 11 */
    "    <assessment stage=\"visitasi\" level=\" 4 \"/>\n"                   /* 12 */
    "    <assessment stage=\"dokumen\" level=\"2\"/>\n"                      /* 13 */
    "    <evidence file=\"01/perbup.pdf\" level=\"2\" date=\"2023-03-01\" "
    "sha256=\"" SHA_UPPER "\">Peraturan Bupati</evidence>\n"                 /* 14 */
    "    <evidence file=\"01/notulen rapat.pdf\"/>\n"                        /* 15 */
    "    <evidence file=\"01/x.pdf\" level=\"0\" date=\"2023-02-30\">  "
    "</evidence>\n"                                                          /* 16 */
    "    <link href=\"https://contoh.go.id/app\" level=\"3\">Aplikasi</link>\n"
    "    <link href=\"ftp://contoh.go.id\"/>\n"                              /* 18 */
    "    <question stage=\"dokumen\">Mohon tunjukkan reviu</question>\n"     /* 19 */
    "    <answer stage=\"dokumen\">Terlampir</answer>\n"                     /* 20 */
    "  </indicator>\n"                                                       /* 21 */
    "  <indicator id=\"2\"/>\n"                                              /* 22 */
    "  <indicator id=\"1\" owner=\"Kedua\"/>\n"                              /* 23 */
    "</dossier>\n";

static char dir[512];
static char mpath[600];

/* A fresh directory with 'text' as m.xml; sets dir and mpath. */
static void
write_manifest(const char *text, size_t len)
{
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    tu_write(dir, "m.xml", text, len);
    snprintf(mpath, sizeof(mpath), "%s/m.xml", dir);
}

/*
 * Load 'path' with fd 2 sent to a temporary file, and fail the test if
 * anything was printed there: libxml2 must never print.
 */
static struct dsr_manifest *
load_quiet(const char *path, const char *schema, struct dsr_findings *f,
           struct dsr_error *err)
{
    struct dsr_manifest *m;
    FILE *catcher = tmpfile();
    struct stat st;
    int saved;

    ck_assert_ptr_nonnull(catcher);
    fflush(stderr);
    saved = dup(2);
    ck_assert_int_ge(saved, 0);
    ck_assert_int_ge(dup2(fileno(catcher), 2), 0);
    m = dsr_manifest_load(path, schema, f, err);
    fflush(stderr);
    ck_assert_int_ge(dup2(saved, 2), 0);
    close(saved);
    ck_assert_int_eq(fstat(fileno(catcher), &st), 0);
    if (st.st_size > 0) {
        char buf[512] = "";

        rewind(catcher);
        if (!fgets(buf, sizeof(buf), catcher))
            buf[0] = '\0';
        ck_abort_msg("%jd bytes printed on stderr: %s", (intmax_t)st.st_size,
                     buf);
    }
    fclose(catcher);
    return m;
}

static struct dsr_manifest *
load_text(const char *text, struct dsr_findings *f)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;

    write_manifest(text, (size_t)-1);
    m = load_quiet(mpath, TEST_MANIFEST_XSD, f, &err);
    ck_assert_msg(err.code == DSR_OK, "tool error: %s", err.msg);
    return m;
}

/* ---- values ---------------------------------------------------------- */

START_TEST(test_manifest_header_values)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m = load_text(good, &f);

    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : "?");
    ck_assert_uint_eq(f.n, 0);
    ck_assert_str_eq(m->path, mpath);
    ck_assert_str_eq(m->dir, dir);
    ck_assert_str_eq(m->framework, "spbe-2020");
    ck_assert_uint_eq(m->framework_line, 2);
    ck_assert_str_eq(m->year_text, "2024");
    ck_assert_int_eq(m->year, 2024);
    ck_assert_uint_eq(m->year_line, 2);
    ck_assert_str_eq(m->instance_name, "Kabupaten Contoh");
    ck_assert_str_eq(m->instance_kind, "kabupaten");
    ck_assert_str_eq(m->coordinator_name, "Rahmat");
    ck_assert_str_eq(m->coordinator_position, "Kepala Dinas");
    ck_assert_str_eq(m->coordinator_unit, "Diskominfo");
    ck_assert(m->has_period);
    ck_assert_uint_eq(m->period_line, 5);
    ck_assert_str_eq(m->period_from_text, "2023-01-01");
    ck_assert_str_eq(m->period_to_text, "2024-06-30");
    ck_assert_int_eq(m->period_from.year, 2023);
    ck_assert_int_eq(m->period_from.month, 1);
    ck_assert_int_eq(m->period_from.day, 1);
    ck_assert_int_eq(m->period_to.year, 2024);
    ck_assert_int_eq(m->period_to.month, 6);
    ck_assert_int_eq(m->period_to.day, 30);
    ck_assert(m->has_target);
    ck_assert_str_eq(m->target_text, "2,6");
    ck_assert_int_eq(m->target, 260);
    ck_assert_uint_eq(m->target_line, 6);
    ck_assert(m->has_previous);
    ck_assert_int_eq(m->previous_year, 2023);
    ck_assert_str_eq(m->previous_text, "2.45");
    ck_assert_int_eq(m->previous, 245);
    ck_assert_uint_eq(m->previous_line, 7);
    ck_assert_str_eq(m->evidence_root, "bukti");
    ck_assert_uint_eq(m->evidence_root_line, 8);
    ck_assert_uint_eq(m->nindicators, 3);
    dsr_manifest_free(m);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_manifest_indicator_values)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m = load_text(good, &f);
    const struct dsr_mindicator *ind;

    ck_assert_ptr_nonnull(m);
    ind = dsr_manifest_indicator(m, "1");
    ck_assert_ptr_eq(ind, &m->indicators[0]);
    ck_assert_str_eq(ind->id, "1");
    ck_assert_str_eq(ind->owner, "Bagian Organisasi");
    ck_assert_uint_eq(ind->line, 9);

    ck_assert_uint_eq(ind->nassessments, 3);
    ck_assert_int_eq(ind->assessments[0].stage, DSR_STAGE_MANDIRI);
    ck_assert_int_eq(ind->assessments[0].level, 3);
    ck_assert_str_eq(ind->assessments[0].text, "Penjelasan\n      dua baris");
    ck_assert_uint_eq(ind->assessments[0].line, 10);
    ck_assert_int_eq(ind->assessments[1].stage, DSR_STAGE_VISITASI);
    ck_assert_int_eq(ind->assessments[1].level, 4);
    ck_assert_str_eq(ind->assessments[1].text, "");
    ck_assert_uint_eq(ind->assessments[1].line, 12);
    ck_assert_int_eq(ind->assessments[2].stage, DSR_STAGE_DOKUMEN);
    ck_assert_int_eq(ind->assessments[2].level, 2);
    ck_assert_uint_eq(ind->assessments[2].line, 13);

    ck_assert_uint_eq(ind->nevidence, 3);
    ck_assert_str_eq(ind->evidence[0].file, "01/perbup.pdf");
    ck_assert_int_eq(ind->evidence[0].level, 2);
    ck_assert_str_eq(ind->evidence[0].date_text, "2023-03-01");
    ck_assert_int_eq(ind->evidence[0].date.year, 2023);
    ck_assert_int_eq(ind->evidence[0].date.month, 3);
    ck_assert_int_eq(ind->evidence[0].date.day, 1);
    ck_assert_str_eq(ind->evidence[0].sha256, SHA_LOWER);
    ck_assert_str_eq(ind->evidence[0].title, "Peraturan Bupati");
    ck_assert_uint_eq(ind->evidence[0].line, 14);
    /* nothing given: no level, no date, no hash, no title */
    ck_assert_str_eq(ind->evidence[1].file, "01/notulen rapat.pdf");
    ck_assert(ind->evidence[1].level == DSR_LEVEL_NONE);
    ck_assert_ptr_null(ind->evidence[1].date_text);
    ck_assert_int_eq(ind->evidence[1].date.year, 0);
    ck_assert_ptr_null(ind->evidence[1].sha256);
    ck_assert_str_eq(ind->evidence[1].title, "");
    ck_assert_uint_eq(ind->evidence[1].line, 15);
    /* kept as written for check to judge: level 0, an impossible date */
    ck_assert_int_eq(ind->evidence[2].level, 0);
    ck_assert_str_eq(ind->evidence[2].date_text, "2023-02-30");
    ck_assert_int_eq(ind->evidence[2].date.year, 0);
    ck_assert_int_eq(ind->evidence[2].date.month, 0);
    ck_assert_int_eq(ind->evidence[2].date.day, 0);
    ck_assert_str_eq(ind->evidence[2].title, "");

    ck_assert_uint_eq(ind->nlinks, 2);
    ck_assert_str_eq(ind->links[0].href, "https://contoh.go.id/app");
    ck_assert_int_eq(ind->links[0].level, 3);
    ck_assert_str_eq(ind->links[0].text, "Aplikasi");
    ck_assert_uint_eq(ind->links[0].line, 17);
    ck_assert_str_eq(ind->links[1].href, "ftp://contoh.go.id");
    ck_assert(ind->links[1].level == DSR_LEVEL_NONE);
    ck_assert_str_eq(ind->links[1].text, "");
    ck_assert_uint_eq(ind->links[1].line, 18);

    ck_assert_uint_eq(ind->nnotes, 2);
    ck_assert(!ind->notes[0].answer);
    ck_assert_int_eq(ind->notes[0].stage, DSR_STAGE_DOKUMEN);
    ck_assert_str_eq(ind->notes[0].text, "Mohon tunjukkan reviu");
    ck_assert_uint_eq(ind->notes[0].line, 19);
    ck_assert(ind->notes[1].answer);
    ck_assert_int_eq(ind->notes[1].stage, DSR_STAGE_DOKUMEN);
    ck_assert_str_eq(ind->notes[1].text, "Terlampir");
    ck_assert_uint_eq(ind->notes[1].line, 20);

    ind = dsr_manifest_indicator(m, "2");
    ck_assert_ptr_eq(ind, &m->indicators[1]);
    ck_assert_str_eq(ind->owner, "");
    ck_assert_uint_eq(ind->line, 22);
    ck_assert_uint_eq(ind->nassessments + ind->nevidence + ind->nlinks +
                          ind->nnotes,
                      0);
    /* a duplicated id is kept; lookup gives the first */
    ck_assert_str_eq(m->indicators[2].owner, "Kedua");
    ck_assert_uint_eq(m->indicators[2].line, 23);
    ck_assert_ptr_null(dsr_manifest_indicator(m, "3"));
    dsr_manifest_free(m);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_manifest_assessment_latest_or_given_stage)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m = load_text(good, &f);
    const struct dsr_mindicator *ind;
    const struct dsr_assessment *a;

    ck_assert_ptr_nonnull(m);
    ind = dsr_manifest_indicator(m, "1");
    /* the latest stage present counts, not the last one written */
    a = dsr_mindicator_assessment(ind, -1);
    ck_assert_ptr_eq(a, &ind->assessments[1]);
    ck_assert_int_eq(a->stage, DSR_STAGE_VISITASI);
    ck_assert_int_eq(a->level, 4);
    ck_assert_int_eq(dsr_mindicator_assessment(ind, DSR_STAGE_MANDIRI)->level, 3);
    ck_assert_int_eq(dsr_mindicator_assessment(ind, DSR_STAGE_DOKUMEN)->level, 2);
    ck_assert_int_eq(dsr_mindicator_assessment(ind, DSR_STAGE_VISITASI)->level, 4);
    ck_assert_ptr_null(dsr_mindicator_assessment(ind, DSR_STAGE_INTERVIU));
    ck_assert_ptr_null(dsr_mindicator_assessment(dsr_manifest_indicator(m, "2"), -1));
    ck_assert_ptr_null(dsr_mindicator_assessment(NULL, -1));
    ck_assert_ptr_null(dsr_mindicator_assessment(NULL, DSR_STAGE_MANDIRI));
    dsr_manifest_free(m);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_manifest_supports_level)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m = load_text(good, &f);
    const struct dsr_mindicator *ind;

    ck_assert_ptr_nonnull(m);
    ind = dsr_manifest_indicator(m, "1");
    ck_assert(dsr_mindicator_supports(ind, 2));     /* evidence */
    ck_assert(dsr_mindicator_supports(ind, 3));     /* link */
    ck_assert(!dsr_mindicator_supports(ind, 1));
    ck_assert(!dsr_mindicator_supports(ind, 4));
    ck_assert(!dsr_mindicator_supports(ind, 5));
    ck_assert(!dsr_mindicator_supports(dsr_manifest_indicator(m, "2"), 2));
    ck_assert(!dsr_mindicator_supports(NULL, 2));
    dsr_manifest_free(m);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/* Only <instance> given: every promised string is "", nothing else set. */
START_TEST(test_manifest_minimal)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m =
        load_text("<dossier " NS " framework=\"pemdi-2026\" year=\"2026\">"
                  "<instance name=\"Uji\"/></dossier>",
                  &f);

    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(f.n, 0);
    ck_assert_str_eq(m->framework, "pemdi-2026");
    ck_assert_int_eq(m->year, 2026);
    ck_assert_str_eq(m->instance_kind, "");
    ck_assert_str_eq(m->coordinator_name, "");
    ck_assert_str_eq(m->coordinator_position, "");
    ck_assert_str_eq(m->coordinator_unit, "");
    ck_assert(!m->has_period);
    ck_assert(!m->has_target);
    ck_assert(!m->has_previous);
    ck_assert_ptr_null(m->evidence_root);
    ck_assert_uint_eq(m->nindicators, 0);
    ck_assert_uint_eq(m->framework_line, 1);
    dsr_manifest_free(m);
    dsr_manifest_free(NULL);
    tu_rmtree(dir);
}
END_TEST

/* Levels are kept as written (the schema lets signs and blanks through). */
static const struct {
    const char *level;
    long want;
} levels[] = {
    {"3", 3}, {" 5 ", 5}, {"+2", 2}, {"0", 0}, {"-1", -1}, {"6", 6},
    {"007", 7}, {"999999999", 999999999},
};

START_TEST(test_manifest_levels_as_written)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    char xml[512];

    snprintf(xml, sizeof(xml),
             ROOT "<instance name=\"x\"/><indicator id=\"1\">"
                  "<assessment stage=\"mandiri\" level=\"%s\"/>"
                  "<evidence file=\"a.pdf\" level=\"%s\"/>"
                  "<link href=\"https://a.id\" level=\"%s\"/></indicator>"
                  "</dossier>",
             levels[_i].level, levels[_i].level, levels[_i].level);
    m = load_text(xml, &f);
    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : "?");
    ck_assert_int_eq(m->indicators[0].assessments[0].level, levels[_i].want);
    ck_assert_int_eq(m->indicators[0].evidence[0].level, levels[_i].want);
    ck_assert_int_eq(m->indicators[0].links[0].level, levels[_i].want);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

/* Targets and previous indices as written; "2,6" is 2.60. */
static const struct {
    const char *index;
    long want;
} indices[] = {
    {"2,6", 260}, {"2.60", 260}, {"3", 300}, {"4,25", 425}, {"0", 0},
    {"5.01", 501}, {"12", 1200},
};

START_TEST(test_manifest_target_hundredths)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    char xml[512];

    snprintf(xml, sizeof(xml),
             ROOT "<instance name=\"x\"/><target index=\"%s\"/>"
                  "<previous year=\"2023\" index=\"%s\"/></dossier>",
             indices[_i].index, indices[_i].index);
    m = load_text(xml, &f);
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(m->target, indices[_i].want);
    ck_assert_int_eq(m->previous, indices[_i].want);
    ck_assert_str_eq(m->target_text, indices[_i].index);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

/* From memory: 'path' names the file and gives the directory. */
START_TEST(test_manifest_load_mem)
{
    static const char xml[] =
        ROOT "<instance name=\"x\"/><indicator id=\"7\"/></dossier>";
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;

    m = dsr_manifest_load_mem(xml, sizeof(xml) - 1, "data/2024/m.xml",
                              TEST_MANIFEST_XSD, &f, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->path, "data/2024/m.xml");
    ck_assert_str_eq(m->dir, "data/2024");
    ck_assert_str_eq(m->indicators[0].id, "7");
    dsr_manifest_free(m);
    m = dsr_manifest_load_mem(xml, sizeof(xml) - 1, "m.xml", TEST_MANIFEST_XSD,
                              &f, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->dir, ".");
    dsr_manifest_free(m);
    /* the length is what counts, not a terminating NUL */
    m = dsr_manifest_load_mem(xml, 10, "m.xml", TEST_MANIFEST_XSD, &f, &err);
    ck_assert_ptr_null(m);
    ck_assert_uint_ge(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_XML_MALFORMED);
    ck_assert_int_eq(err.code, DSR_OK);
    dsr_findings_release(&f);
}
END_TEST

/* ---- dates, indices and stages ---------------------------------------- */

static const struct {
    const char *s;
    int ok;
    int y, m, d;
} dates[] = {
    {"2024-02-29", 1, 2024, 2, 29}, {"2023-02-29", 0, 0, 0, 0},
    {"2024-13-01", 0, 0, 0, 0},     {"2024-04-31", 0, 0, 0, 0},
    {"2024-04-30", 1, 2024, 4, 30}, {"2024-12-31", 1, 2024, 12, 31},
    {"2024-01-01", 1, 2024, 1, 1},  {"2000-02-29", 1, 2000, 2, 29},
    {"1900-02-29", 0, 0, 0, 0},     {"2100-02-29", 0, 0, 0, 0},
    {"2023-02-28", 1, 2023, 2, 28}, {"2024-00-10", 0, 0, 0, 0},
    {"2024-01-00", 0, 0, 0, 0},     {"2024-01-32", 0, 0, 0, 0},
    {"2024-06-31", 0, 0, 0, 0},     {"2024-4-30", 0, 0, 0, 0},
    {"2024/04/30", 0, 0, 0, 0},     {"24-04-30", 0, 0, 0, 0},
    {"2024-04-30 ", 0, 0, 0, 0},    {"abcd-01-01", 0, 0, 0, 0},
    {"2024-0a-01", 0, 0, 0, 0},     {"", 0, 0, 0, 0},
    {"1899-12-31", 0, 0, 0, 0},     {NULL, 0, 0, 0, 0},
};

START_TEST(test_manifest_date_parse)
{
    struct dsr_date d = {.year = 99, .month = 99, .day = 99};

    ck_assert_int_eq(dsr_date_parse(dates[_i].s, &d), dates[_i].ok ? 0 : -1);
    /* a bad date leaves d zeroed */
    ck_assert_int_eq(d.year, dates[_i].y);
    ck_assert_int_eq(d.month, dates[_i].m);
    ck_assert_int_eq(d.day, dates[_i].d);
}
END_TEST

START_TEST(test_manifest_date_cmp)
{
    struct dsr_date a, b, c;

    ck_assert_int_eq(dsr_date_parse("2023-12-31", &a), 0);
    ck_assert_int_eq(dsr_date_parse("2024-01-01", &b), 0);
    ck_assert_int_eq(dsr_date_parse("2024-01-01", &c), 0);
    ck_assert_int_eq(dsr_date_cmp(&a, &b), -1);
    ck_assert_int_eq(dsr_date_cmp(&b, &a), 1);
    ck_assert_int_eq(dsr_date_cmp(&b, &c), 0);
}
END_TEST

static const struct {
    const char *s;
    long want;
} index_cases[] = {
    {"2.60", 260}, {"2,6", 260},  {"2,60", 260},  {"3", 300},
    {"4.2", 420},  {"5.00", 500}, {"1", 100},     {"0", 0},
    {"0.05", 5},   {" 3.5 ", 350}, {"1000", 100000},
    {"2.", -1},    {"2,", -1},    {".5", -1},     {"x", -1},
    {"", -1},      {" ", -1},     {"2.605", -1},  {"-1", -1},
    {"+2", -1},    {"2.6x", -1},  {"2..6", -1},   {"2.6.1", -1},
    {"1001", -1},  {"99999999999999999999", -1}, {NULL, -1},
};

START_TEST(test_manifest_index_parse)
{
    ck_assert_msg(dsr_index_parse(index_cases[_i].s) == index_cases[_i].want,
                  "'%s': got %ld, want %ld",
                  index_cases[_i].s ? index_cases[_i].s : "(null)",
                  dsr_index_parse(index_cases[_i].s), index_cases[_i].want);
}
END_TEST

START_TEST(test_manifest_stage_names)
{
    static const char *const names[] = {"mandiri", "dokumen", "interviu",
                                        "visitasi"};

    for (int s = 0; s < DSR_STAGE_COUNT; s++) {
        ck_assert_str_eq(dsr_stage_name((enum dsr_stage)s), names[s]);
        ck_assert_int_eq(dsr_stage_parse(names[s]), s);
    }
    ck_assert_int_eq(dsr_stage_parse("Mandiri"), -1);
    ck_assert_int_eq(dsr_stage_parse("wawancara"), -1);
    ck_assert_int_eq(dsr_stage_parse(""), -1);
    ck_assert_int_eq(dsr_stage_parse(NULL), -1);
    ck_assert_str_eq(dsr_stage_name((enum dsr_stage)DSR_STAGE_COUNT), "?");
}
END_TEST

/* ---- documents that are not manifests --------------------------------- */

#define DOCTYPE_MSG                                                          \
    "a manifest must not have a DOCTYPE: DTDs, entities and external "     \
    "references are refused"
#define XMLDECL "<?xml version=\"1.0\"?>\n"
#define INST "<instance name=\"x\"/>\n"
#define IND(body) "<indicator id=\"1\">\n" body "</indicator>\n"
#define NOT_UTF8 "save the file as UTF-8 (in Notepad: File, Save As, "     \
    "Encoding UTF-8)"
#define OPEN_IT "a manifest is a plain text file; open the manifest that "   \
    "'dossier init' wrote in a text editor"

/*
 * Every way a file can fail to be a manifest, with the exact first
 * finding: code, line and message, in our words.  'len' is for texts
 * holding NUL bytes (0: up to the first).
 */
static const struct {
    const char *name;
    const char *text;
    size_t len;
    enum dsr_finding_code code;
    unsigned long line;
    const char *msg;
} bad[] = {
    /* ---- syntax ---- */
    {"ampersand in an owner",
     ROOT INST "<indicator id=\"1\" owner=\"Hukum & HAM\"/>\n</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 3,
     "column 32: '&' in a text or name must be written '&amp;' (near "
     "\"Hukum & HAM\")"},
    {"ampersand after accented letters",
     ROOT INST "<indicator id=\"1\" owner=\"Bagian \u00dcmit \u2013 "
     "\u011e\u00fc\u00e7 & HAM\"/>\n</dossier>\n", 0, DSR_F_XML_MALFORMED, 3,
     "column 44: '&' in a text or name must be written '&amp;' (near "
     "\"Bagian \u00dcmit \u2013 \u011e\u00fc\u00e7 & HAM\")"},
    {"ampersand in a word",
     ROOT INST "<indicator id=\"1\" owner=\"Bidang R&D\"/>\n</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 3,
     "column 34: '&' in a text or name must be written '&amp;' (near "
     "\"Bidang R&D\")"},
    {"ampersand in a text",
     ROOT INST IND("<assessment stage=\"mandiri\" level=\"2\">Rapat & "
                   "evaluasi</assessment>\n") "</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 4,
     "column 45: '&' in a text or name must be written '&amp;' (near "
     "\"Rapat & evaluasi\")"},
    {"less-than in a text",
     ROOT INST IND("<assessment stage=\"mandiri\" level=\"2\">nilai < 3"
                   "</assessment>\n") "</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 4,
     "column 45: '<' in a text or value must be written '&lt;' (near "
     "\"nilai < 3\")"},
    {"less-than in a value",
     ROOT "<instance name=\"a<b\"/>\n</dossier>\n", 0, DSR_F_XML_MALFORMED, 2,
     "column 18: '<' in a text or value must be written '&lt;' (near "
     "\"a<b\")"},
    {"mismatched end tag",
     ROOT INST "<indicator id=\"1\">\n"
     "<assessment stage=\"mandiri\" level=\"2\">x</assesment>\n"
     "</indicator>\n</dossier>\n", 0, DSR_F_XML_MALFORMED, 4,
     "</assesment> does not close <assessment>, which was opened on line 4: "
     "write </assessment>, or close the tags in the order they were opened"},
    {"unclosed tag",
     ROOT INST "<indicator id=\"1\">\n<assessment stage=\"mandiri\" "
     "level=\"2\"/>\n</dossier>\n", 0, DSR_F_XML_MALFORMED, 5,
     "</dossier> does not close <indicator>, which was opened on line 3: "
     "write </indicator>, or close the tags in the order they were opened"},
    {"unclosed at the end",
     ROOT INST "<indicator id=\"1\">\n", 0, DSR_F_XML_MALFORMED, 4,
     "the file ends before <indicator>, opened on line 3, is closed: add "
     "</indicator> where it ends"},
    {"unquoted attribute", XMLDECL ROOT "<instance name=x/>\n</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 3,
     "the value of name must be in quotes: write name=\"...\""},
    {"duplicate attribute",
     ROOT "<instance name=\"x\" name=\"y\"/>\n</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 2, "name is given twice in one tag: keep one of them"},
    {"missing equals sign", ROOT "<instance name \"x\"/>\n</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 2,
     "name has no '=' before its value: write name=\"...\""},
    {"text after the root", ROOT INST "</dossier>\ncatatan\n", 0,
     DSR_F_XML_MALFORMED, 4,
     "there is more after </dossier>, where the manifest ends: remove it, or "
     "move it inside <dossier>"},
    {"two roots", ROOT INST "</dossier>\n<dossier/>\n", 0,
     DSR_F_XML_MALFORMED, 4,
     "there is more after </dossier>, where the manifest ends: remove it, or "
     "move it inside <dossier>"},
    {"nbsp", ROOT "<instance name=\"Kab.&nbsp;Contoh\"/>\n</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 2,
     "'&nbsp;' is known in HTML, not in XML: write a plain space instead"},
    {"unknown entity", ROOT "<instance name=\"Kab&eacute;\"/>\n</dossier>\n",
     0, DSR_F_XML_MALFORMED, 2,
     "'&eacute;' is not known in XML: write the character itself, or write "
     "'&amp;eacute;' if the text means it literally"},
    {"bytes that are not UTF-8",
     ROOT "<instance name=\"Gr\xfcn\"/>\n</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 2,
     "column 19: bytes that are not UTF-8 (such as \"FC\"): " NOT_UTF8
     ", or retype the character"},
    {"UTF-16 with a BOM", "\xff\xfe<\0d\0o\0", 8, DSR_F_XML_MALFORMED, 1,
     "the file is saved as UTF-16, but a manifest must be saved as UTF-8: "
     "in Notepad, choose File, Save As, and Encoding UTF-8"},
    {"UTF-16 big-endian", "\xfe\xff\0<\0d", 6, DSR_F_XML_MALFORMED, 1,
     "the file is saved as UTF-16, but a manifest must be saved as UTF-8: "
     "in Notepad, choose File, Save As, and Encoding UTF-8"},
    {"UTF-32 with a BOM", "\xff\xfe\0\0<\0\0\0", 8, DSR_F_XML_MALFORMED, 1,
     "the file is saved as UTF-32, but a manifest must be saved as UTF-8: "
     "in Notepad, choose File, Save As, and Encoding UTF-8"},
    {"empty file", "", 0, DSR_F_XML_MALFORMED, 0,
     "the file is empty: a manifest starts with <?xml version=\"1.0\" "
     "encoding=\"UTF-8\"?> and <dossier ...>; 'dossier init' writes one"},
    {"white space only", " \n\t\r\n", 0, DSR_F_XML_MALFORMED, 0,
     "the file is empty: a manifest starts with <?xml version=\"1.0\" "
     "encoding=\"UTF-8\"?> and <dossier ...>; 'dossier init' writes one"},
    {"a Word document renamed",
     "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0[Content_Types].xml", 30,
     DSR_F_XML_MALFORMED, 1,
     "this is a Word, Excel or other Office document (a zip file) renamed, "
     "not XML: " OPEN_IT},
    {"an old Word document renamed", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0",
     10, DSR_F_XML_MALFORMED, 1,
     "this is an old Word or Excel document (.doc, .xls) renamed, not XML: "
     OPEN_IT},
    {"a PDF renamed", "%PDF-1.7\n%\xe2\xe3\n", 0, DSR_F_XML_MALFORMED, 1,
     "this is a PDF document renamed, not XML: " OPEN_IT},
    {"not XML", "\nhello\n", 0, DSR_F_XML_MALFORMED, 2,
     "the file does not start with '<', so it is not XML: a manifest starts "
     "with <?xml version=\"1.0\"?> or <dossier ...>"},
    {"declaration not first", "\n" XMLDECL ROOT INST "</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 2,
     "<?xml ...?> must be the very first thing in the file: remove what "
     "comes before it, even spaces"},
    {"control character", ROOT "<instance name=\"a\x01z\"/>\n</dossier>\n", 0,
     DSR_F_XML_MALFORMED, 2,
     "a control character that XML does not allow (often pasted from "
     "another program): delete it and retype the text around it"},
    {"DOCTYPE with an internal entity",
     XMLDECL "<!DOCTYPE dossier [<!ENTITY x \"Uji\">]>\n"
     ROOT "<instance name=\"&x;\"/></dossier>\n", 0,
     DSR_F_XML_DOCTYPE, 2, DOCTYPE_MSG},
    {"DOCTYPE without a subset",
     XMLDECL "\n\n<!DOCTYPE dossier>\n" ROOT
     "<instance name=\"x\"/></dossier>\n", 0,
     DSR_F_XML_DOCTYPE, 4, DOCTYPE_MSG},
    {"XXE on /etc/passwd",
     XMLDECL "<!DOCTYPE dossier [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
     ROOT "<instance name=\"&x;\"/></dossier>\n", 0,
     DSR_F_XML_DOCTYPE, 2, DOCTYPE_MSG},
    {"XXE through a parameter entity",
     XMLDECL
     "<!DOCTYPE dossier [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n"
     ROOT "<instance name=\"x\"/></dossier>\n", 0,
     DSR_F_XML_DOCTYPE, 2, DOCTYPE_MSG},
    {"external DTD over the network",
     XMLDECL
     "<!DOCTYPE dossier SYSTEM \"http://example.invalid/manifest.dtd\">\n"
     ROOT "<instance name=\"x\"/></dossier>\n", 0,
     DSR_F_XML_DOCTYPE, 2, DOCTYPE_MSG},
    {"DOCTYPE after a syntax error",
     XMLDECL "<!-- a -- b -->\n<!DOCTYPE dossier SYSTEM \"x.dtd\">\n" ROOT
     INST "</dossier>\n", 0, DSR_F_XML_DOCTYPE, 3, DOCTYPE_MSG},
    {"billion laughs",
     XMLDECL
     "<!DOCTYPE dossier [\n"
     "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
     "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
     "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
     "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
     "<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
     "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
     "<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
     "<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
     "<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">\n"
     "]>\n" ROOT "<instance name=\"&i;\"/></dossier>\n", 0,
     DSR_F_XML_DOCTYPE, 2, DOCTYPE_MSG},
    /* ---- schema ---- */
    {"level in words",
     ROOT INST IND("<assessment stage=\"mandiri\" level=\"tiga\"/>\n")
     "</dossier>\n", 0, DSR_F_SCHEMA_INVALID, 4,
     "level=\"tiga\" in <assessment>: a level must be a whole number from 1 "
     "to 5, written in digits"},
    {"level with decimals",
     ROOT INST IND("<evidence file=\"a.pdf\" level=\"3.5\"/>\n") "</dossier>\n",
     0, DSR_F_SCHEMA_INVALID, 4,
     "level=\"3.5\" in <evidence>: a level must be a whole number from 1 "
     "to 5, written in digits"},
    {"stage capitalised",
     ROOT INST IND("<assessment stage=\"Mandiri\" level=\"3\"/>\n")
     "</dossier>\n", 0, DSR_F_SCHEMA_INVALID, 4,
     "stage=\"Mandiri\" in <assessment>: stages are written in lowercase: "
     "write stage=\"mandiri\""},
    {"stage unknown",
     ROOT INST IND("<question stage=\"nanti\">?</question>\n") "</dossier>\n",
     0, DSR_F_SCHEMA_INVALID, 4,
     "stage=\"nanti\" in <question>: the stage must be one of mandiri, "
     "dokumen, interviu, visitasi, written in lowercase"},
    {"date day first",
     ROOT INST "<period from=\"01-02-2024\" to=\"2024-12-31\"/>\n</dossier>\n",
     0, DSR_F_SCHEMA_INVALID, 3,
     "from=\"01-02-2024\" in <period>: a date must be written YYYY-MM-DD: "
     "write from=\"2024-02-01\""},
    {"date with slashes",
     ROOT INST IND("<evidence file=\"a.pdf\" date=\"5/3/2024\"/>\n")
     "</dossier>\n", 0, DSR_F_SCHEMA_INVALID, 4,
     "date=\"5/3/2024\" in <evidence>: a date must be written YYYY-MM-DD: "
     "write date=\"2024-03-05\""},
    {"date in words",
     ROOT INST "<period from=\"2024-01-01\" to=\"akhir Juni\"/>\n</dossier>\n",
     0, DSR_F_SCHEMA_INVALID, 3,
     "to=\"akhir Juni\" in <period>: a date must be written YYYY-MM-DD, such "
     "as 2024-03-01"},
    {"index with three decimals",
     ROOT INST "<target index=\"2.605\"/>\n</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 3,
     "index=\"2.605\" in <target>: an index must be a number such as 2.60 or "
     "2,60, with at most two decimals"},
    {"short sha256",
     ROOT INST IND("<evidence file=\"a.pdf\" sha256=\"abc\"/>\n") "</dossier>\n",
     0, DSR_F_SCHEMA_INVALID, 4,
     "sha256=\"abc\" in <evidence>: a SHA-256 must be 64 hexadecimal "
     "characters (0-9 and a-f); this one has 3 characters: correct it, or "
     "remove the attribute"},
    {"two-digit year",
     "<dossier " NS " framework=\"spbe-2020\" year=\"24\">\n" INST
     "</dossier>\n", 0, DSR_F_SCHEMA_INVALID, 1,
     "year=\"24\" in <dossier>: a year must be written with four digits, such "
     "as 2024"},
    {"element typo",
     ROOT INST IND("<evidance file=\"a.pdf\"/>\n") "</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 4,
     "<evidance> is not an element of a manifest: did you mean <evidence>?"},
    {"unknown element", ROOT INST "\n<bogus/>\n</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 4,
     "<bogus> is not an element of a manifest; inside <dossier> these may be "
     "written: instance, coordinator, period, target, previous, "
     "evidence-root, archive, visit, indicator"},
    {"attribute typo", ROOT INST "<indicator id=\"1\" ownr=\"A\"/>\n</dossier>\n",
     0, DSR_F_SCHEMA_INVALID, 3,
     "<indicator> has no attribute ownr: did you mean owner?"},
    {"unknown attribute",
     ROOT INST "<indicator id=\"1\" warna=\"merah\"/>\n</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 3,
     "<indicator> has no attribute warna; its attributes are: id, owner"},
    {"instance without a name", ROOT "\n<instance kind=\"x\"/>\n</dossier>\n",
     0, DSR_F_SCHEMA_INVALID, 3,
     "<instance> needs the attribute name: add name=\"...\""},
    {"assessment without level",
     ROOT INST IND("\n<assessment stage=\"mandiri\"/>\n") "</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 5,
     "<assessment> needs the attribute level, a whole number from 1 to 5: "
     "add level=\"...\""},
    {"missing framework",
     "<dossier " NS " year=\"2024\"><instance name=\"x\"/></dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 1,
     "<dossier> needs the attribute framework: add framework=\"...\""},
    {"evidence outside an indicator",
     ROOT INST "<evidence file=\"a.pdf\"/>\n</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 3,
     "<evidence> does not belong in <dossier>: it belongs inside <indicator>"},
    {"period after the indicators",
     ROOT INST "<indicator id=\"1\"/>\n"
     "<period from=\"2024-01-01\" to=\"2024-12-31\"/>\n</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 4,
     "<period> is out of place: inside <dossier> the elements come in this "
     "order: instance, coordinator, period, target, previous, evidence-root, "
     "archive, visit, indicator"},
    {"two periods",
     ROOT INST "<period from=\"2024-01-01\" to=\"2024-12-31\"/>\n"
     "<period from=\"2024-01-01\" to=\"2024-12-31\"/>\n</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 4,
     "<period> may appear only once in <dossier>: remove the second one"},
    {"missing instance", ROOT "<evidence-root path=\"b\"/>\n</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 2,
     "<dossier> needs <instance name=\"...\"/> as its first element, before "
     "<evidence-root>: add it, with the institution's name"},
    {"empty dossier", ROOT "</dossier>\n", 0, DSR_F_SCHEMA_INVALID, 1,
     "<dossier> needs <instance name=\"...\"/> as its first element: add it, "
     "with the institution's name"},
    {"no namespace",
     "<dossier framework=\"spbe-2020\" year=\"2024\">"
     "<instance name=\"x\"/></dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 1,
     "<dossier> must name the manifest's namespace: write <dossier "
     "xmlns=\"urn:dossier:manifest:1\" ...>"},
    {"another root", XMLDECL "<html>\n<body/>\n</html>\n", 0,
     DSR_F_SCHEMA_INVALID, 2,
     "the file's first element is <html>, not <dossier>: this is not a "
     "dossier manifest"},
    {"blank indicator id",
     ROOT INST "<indicator id=\"  \"/>\n</dossier>\n", 0,
     DSR_F_SCHEMA_INVALID, 3, "id in <indicator> is empty: write a value"},
    {"in-force not a boolean",
     ROOT INST IND("<evidence file=\"a.pdf\" in-force=\"ya\"/>\n")
     "</dossier>\n", 0, DSR_F_SCHEMA_INVALID, 4,
     "in-force=\"ya\" in <evidence>: it must be true or false"},
    {"text in an indicator",
     ROOT INST IND("catatan\n") "</dossier>\n", 0, DSR_F_SCHEMA_INVALID, 3,
     "<indicator> holds text, but only elements may be written in it: remove "
     "the text, or put it in an element"},
};

/* libxml2's words and marks: none may reach the user */
static const char *const leaks[] = {
    "xmlParse", "facet", "Element '", "pattern", "expected",
    "is not a valid value", "libxml2", "{urn:", "\\s", "[0-9]",
};

START_TEST(test_manifest_refuses_bad_documents)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;
    const struct dsr_finding *first;

    write_manifest(bad[_i].text, bad[_i].len ? bad[_i].len : (size_t)-1);
    m = load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(err.code == DSR_OK, "tool error: %s", err.msg);
    ck_assert_msg(m == NULL, "%s: accepted", bad[_i].name);
    ck_assert_msg(f.n >= 1, "%s: no finding", bad[_i].name);
    first = &f.items[0];
    ck_assert_msg(first->code == bad[_i].code, "%s: got %s (%s)", bad[_i].name,
                  dsr_finding_name(first->code), first->message);
    ck_assert_msg(first->line == bad[_i].line, "%s: line %lu, want %lu (%s)",
                  bad[_i].name, first->line, bad[_i].line, first->message);
    ck_assert_msg(strcmp(first->message, bad[_i].msg) == 0,
                  "%s:\n got '%s'\nwant '%s'", bad[_i].name, first->message,
                  bad[_i].msg);
    for (size_t i = 0; i < f.n; i++) {
        ck_assert_int_eq(f.items[i].severity, DSR_SEV_ERROR);
        ck_assert_str_eq(f.items[i].file, mpath);
        ck_assert_str_eq(f.items[i].indicator, "");
        /* no libxml2 newline, words, patterns or namespace noise */
        ck_assert_ptr_null(strchr(f.items[i].message, '\n'));
        for (size_t k = 0; k < sizeof(leaks) / sizeof(*leaks); k++)
            ck_assert_msg(strstr(f.items[i].message, leaks[k]) == NULL,
                          "%s: '%s' in '%s'", bad[_i].name, leaks[k],
                          f.items[i].message);
    }
    if (bad[_i].code == DSR_F_XML_DOCTYPE)
        ck_assert_uint_eq(f.n, 1);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/* The finding with 'code' in 'f', failing the test when there is none. */
static const struct dsr_finding *
finding(const struct dsr_findings *f, enum dsr_finding_code code)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].code == code)
            return &f->items[i];
    ck_abort_msg("no %s finding", dsr_finding_name(code));
    return NULL;
}

/* Check 'text' as m.xml in a fresh directory, into 'res'. */
static void
check_text(const char *text, struct dsr_check_result *res)
{
    struct dsr_check_opts opts = {.frameworks_dir = TEST_FRAMEWORKS,
                                  .schemas_dir = TEST_SCHEMAS,
                                  .jobs = 1};
    struct dsr_error err = DSR_ERROR_INIT;

    write_manifest(text, (size_t)-1);
    ck_assert_int_eq(dsr_check(mpath, &opts, res, &err), 0);
    ck_assert_msg(err.code == DSR_OK, "tool error: %s", err.msg);
}

/*
 * A level of the right form but out of range is not a schema problem:
 * check reports it (level-range), with the range to write.
 */
START_TEST(test_manifest_level_out_of_range_is_checked)
{
    struct dsr_check_result res;
    const struct dsr_finding *fd;

    check_text(ROOT "<instance name=\"x\"/>\n"
               IND("<assessment stage=\"mandiri\" level=\"7\"/>\n")
               "</dossier>\n", &res);
    ck_assert_uint_eq(dsr_findings_count_code(&res.findings,
                                              DSR_F_SCHEMA_INVALID), 0);
    fd = finding(&res.findings, DSR_F_LEVEL_RANGE);
    ck_assert_uint_eq(fd->line, 4);
    ck_assert_str_eq(fd->message, "assessment level 7 is outside 1 to 5");
    ck_assert(!res.manifest->recovered);
    dsr_check_result_release(&res);
    tu_rmtree(dir);
}
END_TEST

#define FOLLOWS " (this may follow from the error on line 3)"

/*
 * An '&' in an owner no longer hides the rest: check reports the syntax
 * error, then what it can still read, each marked as possibly following
 * from it; pack and render refuse, as there are errors.
 */
START_TEST(test_manifest_recovers_after_a_syntax_error)
{
    static const char text[] =
        ROOT                                                           /* 1 */
        "<instance name=\"Kabupaten Uji\"/>\n"                          /* 2 */
        "<indicator id=\"1\" owner=\"Bagian Hukum & HAM\">\n"           /* 3 */
        "<assessment stage=\"mandiri\" level=\"7\">x</assessment>\n"    /* 4 */
        "<evidence file=\"01/tidak-ada.pdf\" level=\"2\">SK</evidence>\n"
        "</indicator>\n"                                               /* 6 */
        "<indicator id=\"99\" owner=\"Bappeda\"/>\n"                    /* 7 */
        "</dossier>\n";
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_check_result res;
    const struct dsr_finding *fd;
    struct dsr_manifest *m;

    /* the loaders that produce something still refuse it */
    ck_assert_ptr_null(load_text(text, &f));
    ck_assert_uint_ge(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_XML_MALFORMED);
    dsr_findings_release(&f);
    tu_rmtree(dir);

    check_text(text, &res);
    m = res.manifest;
    ck_assert_ptr_nonnull(m);
    ck_assert(m->recovered);
    ck_assert_uint_eq(m->recovered_line, 3);
    ck_assert_str_eq(dsr_manifest_indicator(m, "1")->owner,
                     "Bagian Hukum  HAM");
    fd = finding(&res.findings, DSR_F_XML_MALFORMED);
    ck_assert_uint_eq(fd->line, 3);
    ck_assert_str_eq(fd->message,
                     "column 39: '&' in a text or name must be written "
                     "'&amp;' (near \"Bagian Hukum & HAM\")");
    ck_assert_uint_eq(dsr_findings_count_code(&res.findings,
                                              DSR_F_XML_MALFORMED), 1);
    fd = finding(&res.findings, DSR_F_INDICATOR_UNKNOWN);
    ck_assert_uint_eq(fd->line, 7);
    ck_assert_str_eq(fd->message, "indicator '99' is not in framework "
                                  "'spbe-2020' (it has 47 indicators)" FOLLOWS);
    fd = finding(&res.findings, DSR_F_LEVEL_RANGE);
    ck_assert_uint_eq(fd->line, 4);
    ck_assert_str_eq(fd->message,
                     "assessment level 7 is outside 1 to 5" FOLLOWS);
    fd = finding(&res.findings, DSR_F_FILE_MISSING);
    ck_assert_uint_eq(fd->line, 5);
    ck_assert_str_eq(fd->message, "'01/tidak-ada.pdf' does not exist under "
                                  "the evidence root" FOLLOWS);
    ck_assert_uint_ge(res.findings.counts[DSR_SEV_ERROR], 4);
    dsr_check_result_release(&res);
    tu_rmtree(dir);
}
END_TEST

/*
 * A recovered tree may repeat what the schema allows once (found by
 * fuzz_manifest: two <instance>s leaked the first name).  The last one
 * counts, and nothing is leaked (the AddressSanitizer build fails on a
 * leak).
 */
START_TEST(test_manifest_recovered_repeats_header_elements)
{
    static const char text[] =
        ROOT                                                           /* 1 */
        "<instance name=\"Kabupaten Satu\" kind=\"kabupaten\"/>\n"      /* 2 */
        "<instance name=\"Kabupaten Dua\" kind=\"kota\"/>\n"            /* 3 */
        "<coordinator name=\"A\" position=\"B\" unit=\"C\"/>\n"         /* 4 */
        "<coordinator name=\"D\" position=\"E\" unit=\"F\"/>\n"         /* 5 */
        "<period from=\"2024-01-01\" to=\"2024-12-31\"/>\n"            /* 6 */
        "<period from=\"2023-01-01\" to=\"2023-12-31\"/>\n"            /* 7 */
        "<target index=\"3.00\"/><target index=\"3.50\"/>\n"           /* 8 */
        "<previous year=\"2023\" index=\"2.00\"/>"
        "<previous year=\"2022\" index=\"1.50\"/>\n"                   /* 9 */
        "<evidence-root path=\"a\"/><evidence-root path=\"b\"/>\n"     /* 10 */
        "</dossier>\n";
    struct dsr_check_result res;
    struct dsr_manifest *m;

    check_text(text, &res);
    m = res.manifest;
    ck_assert_ptr_nonnull(m);
    ck_assert(m->recovered);
    ck_assert_uint_ge(dsr_findings_count_code(&res.findings,
                                              DSR_F_SCHEMA_INVALID), 1);
    ck_assert_str_eq(m->instance_name, "Kabupaten Dua");
    ck_assert_str_eq(m->instance_kind, "kota");
    ck_assert_str_eq(m->coordinator_name, "D");
    ck_assert_str_eq(m->coordinator_unit, "F");
    ck_assert_str_eq(m->period_from_text, "2023-01-01");
    ck_assert_str_eq(m->target_text, "3.50");
    ck_assert_str_eq(m->previous_text, "1.50");
    ck_assert_str_eq(m->evidence_root, "b");
    dsr_check_result_release(&res);
    tu_rmtree(dir);
}
END_TEST

/*
 * A schema problem does not hide the rest either; the refused value is
 * read as absent, so that it is reported once.
 */
START_TEST(test_manifest_recovers_after_a_schema_problem)
{
    struct dsr_check_result res;
    const struct dsr_finding *fd;

    check_text(ROOT "<instance name=\"x\"/>\n"                          /* 2 */
               "<period from=\"01-07-2023\" to=\"2024-06-30\"/>\n"      /* 3 */
               IND("<assessment stage=\"Mandiri\" level=\"2\"/>\n"      /* 5 */
                   "<evidence file=\"a.pdf\" level=\"tiga\"/>\n")       /* 6 */
               "<indicator id=\"1\"/>\n"                               /* 8 */
               "</dossier>\n", &res);
    ck_assert(res.manifest->recovered);
    ck_assert_uint_eq(res.manifest->recovered_line, 3);
    ck_assert(!res.manifest->has_period);
    ck_assert_uint_eq(dsr_findings_count_code(&res.findings,
                                              DSR_F_SCHEMA_INVALID), 3);
    ck_assert_uint_eq(dsr_findings_count_code(&res.findings,
                                              DSR_F_DATE_INVALID), 0);
    ck_assert_uint_eq(dsr_findings_count_code(&res.findings,
                                              DSR_F_LEVEL_RANGE), 0);
    ck_assert_uint_eq(res.manifest->indicators[0].nassessments, 0);
    ck_assert_int_eq(res.manifest->indicators[0].evidence[0].level,
                     DSR_LEVEL_NONE);
    fd = finding(&res.findings, DSR_F_INDICATOR_DUPLICATE);
    ck_assert_str_eq(fd->message, "indicator '1' already appears on line 4"
                                  " (this may follow from the error on line 3)");
    fd = finding(&res.findings, DSR_F_FILE_MISSING);
    ck_assert_uint_eq(fd->line, 6);
    dsr_check_result_release(&res);
    tu_rmtree(dir);
}
END_TEST

/* What cannot be read as a manifest at all gets no follow-on findings. */
START_TEST(test_manifest_no_recovery_without_a_manifest)
{
    static const char *const texts[] = {
        "PK\x03\x04 not a manifest", "<html><body>&</body></html>\n",
        "<dossier framework=\"spbe-2020\" year=\"2024\">&</dossier>\n",
    };

    for (size_t i = 0; i < sizeof(texts) / sizeof(*texts); i++) {
        struct dsr_check_result res;

        check_text(texts[i], &res);
        ck_assert_ptr_null(res.manifest);
        ck_assert_uint_ge(res.findings.n, 1);
        for (size_t k = 0; k < res.findings.n; k++) {
            enum dsr_finding_code c = res.findings.items[k].code;

            ck_assert(c == DSR_F_XML_MALFORMED || c == DSR_F_SCHEMA_INVALID);
        }
        dsr_check_result_release(&res);
        tu_rmtree(dir);
    }
}
END_TEST

/* Every schema problem is reported, each with its own line. */
START_TEST(test_manifest_schema_problems_each_with_line)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m = load_text(
        ROOT "<instance name=\"x\"/>\n<indicator id=\"1\">\n"           /* 3 */
             "<assessment stage=\"nanti\" level=\"2\"/>\n"              /* 4 */
             "<assessment stage=\"kemarin\" level=\"2\"/>\n"            /* 5 */
             "</indicator>\n</dossier>\n",
        &f);

    ck_assert_ptr_null(m);
    ck_assert_uint_eq(f.n, 2);
    ck_assert_int_eq(f.items[0].code, DSR_F_SCHEMA_INVALID);
    ck_assert_uint_eq(f.items[0].line, 4);
    ck_assert_ptr_nonnull(strstr(f.items[0].message, "\"nanti\""));
    ck_assert_int_eq(f.items[1].code, DSR_F_SCHEMA_INVALID);
    ck_assert_uint_eq(f.items[1].line, 5);
    ck_assert_ptr_nonnull(strstr(f.items[1].message, "\"kemarin\""));
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/* Lines past 65535 are reported exactly (XML_PARSE_BIG_LINES). */
START_TEST(test_manifest_big_line_numbers)
{
    size_t pad = 70000;
    size_t len = strlen(ROOT) + pad + 200;
    char *xml = malloc(len);
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    size_t n;

    ck_assert_ptr_nonnull(xml);
    /* line 1: root; lines 2..70000: blank; 70001: the broken element */
    n = (size_t)snprintf(xml, len, "%s", ROOT);
    memset(xml + n, '\n', pad - 1);
    n += pad - 1;
    snprintf(xml + n, len - n, "<instance name=\"a & b\"/>\n</dossier>\n");
    m = load_text(xml, &f);
    ck_assert_ptr_null(m);
    ck_assert_uint_ge(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_XML_MALFORMED);
    ck_assert_uint_eq(f.items[0].line, 70001);
    dsr_findings_release(&f);
    tu_rmtree(dir);
    free(xml);
}
END_TEST

/*
 * A manifest past libxml2's own 10 MB lookup limit (ours is 64 MiB), with
 * a long attribute after it, parses: it was "Huge input lookup".
 */
START_TEST(test_manifest_past_ten_megabytes)
{
    size_t pad = 11u << 20;
    size_t len = strlen(ROOT) + pad + 4096;
    char *xml = malloc(len);
    char href[1200];
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    size_t n;

    ck_assert_ptr_nonnull(xml);
    memset(href, 'A', sizeof(href) - 1);
    href[sizeof(href) - 1] = '\0';
    n = (size_t)snprintf(xml, len, "%s", ROOT);
    memset(xml + n, '\n', pad);
    n += pad;
    snprintf(xml + n, len - n,
             "<instance name=\"Kab X\" kind=\"kabupaten\"/>\n"
             "<indicator id=\"1\" owner=\"A\">"
             "<link href=\"https://x.example/%s\" level=\"1\">t</link>"
             "</indicator>\n</dossier>\n", href);
    m = load_text(xml, &f);
    for (size_t i = 0; i < f.n; i++)
        ck_assert_msg(f.items[i].code != DSR_F_XML_MALFORMED, "%s", f.items[i].message);
    dsr_manifest_free(m);
    dsr_findings_release(&f);
    tu_rmtree(dir);
    free(xml);
}
END_TEST

/* CPU seconds of this process since 't0': a busy machine cannot fail it */
static double
seconds_since(const struct timespec *t0)
{
    struct timespec t1;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) +
           (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Entity expansion is never attempted: refused at once. */
START_TEST(test_manifest_billion_laughs_is_quick)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct timespec t0;
    struct dsr_manifest *m;
    size_t i;

    for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
        if (strcmp(bad[i].name, "billion laughs") == 0)
            break;
    ck_assert_uint_lt(i, sizeof(bad) / sizeof(*bad));
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    m = load_text(bad[i].text, &f);
    ck_assert_ptr_null(m);
    ck_assert(seconds_since(&t0) < 2.0);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_XML_DOCTYPE);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/*
 * An external entity naming a FIFO: opening it for reading would block
 * forever, so returning at all proves the entity was never opened.
 */
START_TEST(test_manifest_xxe_never_opens_the_file)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;
    char fifo[700];
    char xml[2048];
    struct timespec t0;

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(fifo, sizeof(fifo), "%s/trap", dir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    snprintf(xml, sizeof(xml),
             "<?xml version=\"1.0\"?>\n"
             "<!DOCTYPE dossier [<!ENTITY x SYSTEM \"file://%s\">]>\n" ROOT
             "<instance name=\"&x;\"/></dossier>\n",
             fifo);
    tu_write(dir, "m.xml", xml, (size_t)-1);
    snprintf(mpath, sizeof(mpath), "%s/m.xml", dir);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    m = load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err);
    ck_assert(seconds_since(&t0) < 2.0);
    ck_assert_ptr_null(m);
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_XML_DOCTYPE);
    ck_assert_uint_eq(f.items[0].line, 2);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/* ---- files that cannot be read --------------------------------------- */

START_TEST(test_manifest_missing_file)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    char want[256];

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(mpath, sizeof(mpath), "%s/none.xml", dir);
    ck_assert_ptr_null(load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_UNREADABLE);
    ck_assert_int_eq(f.items[0].severity, DSR_SEV_ERROR);
    ck_assert_str_eq(f.items[0].file, mpath);
    ck_assert_uint_eq(f.items[0].line, 0);
    snprintf(want, sizeof(want), "cannot read the manifest: %s",
             strerror(ENOENT));
    ck_assert_str_eq(f.items[0].message, want);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_manifest_directory_is_unreadable)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    char want[256];

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    ck_assert_ptr_null(load_quiet(dir, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_UNREADABLE);
    snprintf(want, sizeof(want), "cannot read the manifest: %s",
             strerror(EISDIR));
    ck_assert_str_eq(f.items[0].message, want);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/* A FIFO is refused without waiting for a writer. */
START_TEST(test_manifest_fifo_is_unreadable)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(mpath, sizeof(mpath), "%s/m.xml", dir);
    ck_assert_int_eq(mkfifo(mpath, 0600), 0);
    ck_assert_ptr_null(load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_UNREADABLE);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

static void
sparse_manifest(off_t size)
{
    int fd;

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(mpath, sizeof(mpath), "%s/m.xml", dir);
    fd = open(mpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, size), 0);
    close(fd);
}

START_TEST(test_manifest_too_large)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    sparse_manifest((off_t)DSR_MANIFEST_MAX_BYTES + 1);
    ck_assert_ptr_null(load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_TOO_LARGE);
    ck_assert_int_eq(f.items[0].severity, DSR_SEV_ERROR);
    ck_assert_str_eq(f.items[0].file, mpath);
    ck_assert_uint_eq(f.items[0].line, 0);
    ck_assert_str_eq(f.items[0].message, "the manifest is larger than 64 MiB");
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/*
 * A manifest of 'n' evidence entries (and 'extra' empty indicators), one
 * per line from line 4: write it to mpath.
 */
static void
many_entries(size_t n, size_t extra)
{
    FILE *out;

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(mpath, sizeof(mpath), "%s/m.xml", dir);
    out = fopen(mpath, "w");
    ck_assert_ptr_nonnull(out);
    fputs("<?xml version=\"1.0\"?>\n" ROOT "<instance name=\"x\"/>\n", out);
    for (size_t i = 0; i < extra; i++)
        fputs("<indicator id=\"x\"/>\n", out);
    fputs("<indicator id=\"1\">\n", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "<evidence file=\"f%zu.pdf\"/>\n", i);
    fputs("</indicator>\n</dossier>\n", out);
    ck_assert_int_eq(fclose(out), 0);
}

/* libxml2 keeps 16-bit lines; entries past line 65535 keep their own */
START_TEST(test_manifest_lines_past_65535)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;
    const struct dsr_mindicator *ind;

    many_entries(70000, 0);
    m = load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : err.msg);
    ind = dsr_manifest_indicator(m, "1");
    ck_assert_uint_eq(ind->nevidence, 70000);
    /* entry i is on line i + 5 */
    for (size_t i = 65525; i < 70000; i++)
        ck_assert_uint_eq(ind->evidence[i].line, i + 5);
    ck_assert_str_eq(ind->evidence[69999].file, "f69999.pdf");
    dsr_manifest_free(m);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_manifest_entry_limit)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;
    char msg[256];

    many_entries(DSR_MANIFEST_MAX_ENTRIES, 0);
    m = load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err);
    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : err.msg);
    ck_assert_uint_eq(m->indicators[0].nevidence, DSR_MANIFEST_MAX_ENTRIES);
    dsr_manifest_free(m);
    tu_rmtree(dir);

    many_entries(DSR_MANIFEST_MAX_ENTRIES + 1, 0);
    ck_assert_ptr_null(load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_TOO_LARGE);
    ck_assert_str_eq(f.items[0].file, mpath);
    ck_assert_uint_eq(f.items[0].line, DSR_MANIFEST_MAX_ENTRIES + 5);
    snprintf(msg, sizeof(msg),
             "the manifest lists more than %zu evidence files; dossier "
             "handles at most that many in one manifest",
             DSR_MANIFEST_MAX_ENTRIES);
    ck_assert_str_eq(f.items[0].message, msg);
    dsr_findings_release(&f);
    tu_rmtree(dir);

    /* other elements have their own count */
    many_entries(1, DSR_MANIFEST_MAX_ENTRIES);
    ck_assert_ptr_null(load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_TOO_LARGE);
    ck_assert_uint_eq(f.items[0].line, DSR_MANIFEST_MAX_ENTRIES + 4);
    ck_assert_ptr_nonnull(strstr(f.items[0].message, "more than 200000 indicators, assessments"));
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/*
 * Exactly 64 MiB is not larger than the limit: it is read and parsed (and
 * being all NUL bytes, is not well-formed).
 */
START_TEST(test_manifest_at_size_limit_is_read)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    enum dsr_finding_code code;
    char msg[256];

    sparse_manifest((off_t)DSR_MANIFEST_MAX_BYTES);
    ck_assert_ptr_null(load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_ge(f.n, 1);
    code = f.items[0].code;
    snprintf(msg, sizeof(msg), "%s", f.items[0].message);
    dsr_findings_release(&f);
    tu_rmtree(dir);
    ck_assert_msg(code == DSR_F_XML_MALFORMED, "got %s: %s",
                  dsr_finding_name(code), msg);
}
END_TEST

/* A schema that cannot be read is the tool's failure, not the input's. */
START_TEST(test_manifest_missing_schema_is_tool_error)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    write_manifest(good, (size_t)-1);
    ck_assert_ptr_null(load_quiet(mpath, "/nonexistent/manifest.xsd", &f, &err));
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_str_eq(err.path, "/nonexistent/manifest.xsd");
    ck_assert_uint_eq(f.n, 0);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/* ---- issue 20: values, items, verdicts, responses, external ---------- */

static const char pemdi[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                           /* 1 */
    "<dossier " NS " framework=\"pemdi-2026\" year=\"2026\">\n"              /* 2 */
    "  <instance name=\"Kabupaten Contoh\"/>\n"                              /* 3 */
    "  <indicator id=\"4\">\n"                                               /* 4 */
    "    <assessment stage=\"mandiri\" level=\"2\"/>\n"                      /* 5 */
    "    <assessment stage=\"dokumen\" level=\"1\" value=\"1,3\"/>\n"        /* 6 */
    "    <evidence file=\"04/sk.pdf\" level=\"1\" "
    "item=\" I4-L1-02\tI4-L1-03 \">SK Tim</evidence>\n"                      /* 7 */
    "    <verdict stage=\"dokumen\" item=\"I4-L1-02\" status=\"revisi\" "
    "kind=\"tidak-tepat\">Bukan SK yang diminta</verdict>\n"                 /* 8 */
    "    <response item=\"I4-L1-02\">SK terbaru terlampir</response>\n"     /* 9 */
    "    <verdict stage=\"interviu\" status=\"diterima\"/>\n"                /* 10 */
    "    <response>Catatan umum</response>\n"                                /* 11 */
    "    <evidence file=\"04/a.pdf\"/>\n"                                    /* 12 */
    "  </indicator>\n"                                                       /* 13 */
    "  <indicator id=\"5\">\n"                                               /* 14 */
    "    <external index=\"SDI\" value=\"68.75\" year=\"2025\" "
    "source=\"Bappenas\"/>\n"                                                /* 15 */
    "    <assessment stage=\"dokumen\" level=\"3\" value=\"1.2.3\"/>\n"      /* 16 */
    "  </indicator>\n"                                                       /* 17 */
    "  <indicator id=\"6\"><external index=\"SJIG\" value=\"x\"/>"
    "</indicator>\n"                                                         /* 18 */
    "</dossier>\n";

START_TEST(test_manifest_items_verdicts_external)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m = load_text(pemdi, &f);
    const struct dsr_mindicator *ind;
    const struct dsr_evidence *e;
    const struct dsr_verdict *v;
    const struct dsr_mexternal *x;

    ck_assert_msg(m != NULL, "%s", f.n ? f.items[0].message : "?");
    ck_assert_uint_eq(f.n, 0);
    ind = dsr_manifest_indicator(m, "4");
    ck_assert_int_eq(ind->assessments[0].value, DSR_VALUE_NONE);
    ck_assert_ptr_null(ind->assessments[0].value_text);
    ck_assert_int_eq(ind->assessments[1].value, 13000);
    ck_assert_str_eq(ind->assessments[1].value_text, "1,3");
    e = &ind->evidence[0];
    ck_assert_uint_eq(e->nitems, 2);
    ck_assert_str_eq(e->items[0], "I4-L1-02");
    ck_assert_str_eq(e->items[1], "I4-L1-03");
    ck_assert_uint_eq(ind->evidence[1].nitems, 0);
    ck_assert_ptr_null(ind->evidence[1].items);
    ck_assert_uint_eq(ind->nverdicts, 2);
    v = &ind->verdicts[0];
    ck_assert_int_eq(v->stage, DSR_STAGE_DOKUMEN);
    ck_assert_str_eq(v->item, "I4-L1-02");
    ck_assert_int_eq(v->status, DSR_VERDICT_REVISI);
    ck_assert_int_eq(v->kind, DSR_KIND_TIDAK_TEPAT);
    ck_assert_str_eq(v->text, "Bukan SK yang diminta");
    ck_assert_uint_eq(v->line, 8);
    v = &ind->verdicts[1];
    ck_assert_int_eq(v->stage, DSR_STAGE_INTERVIU);
    ck_assert_ptr_null(v->item);
    ck_assert_int_eq(v->status, DSR_VERDICT_DITERIMA);
    ck_assert_int_eq(v->kind, DSR_KIND_NONE);
    ck_assert_str_eq(v->text, "");
    ck_assert_uint_eq(v->line, 10);
    ck_assert_uint_eq(ind->nresponses, 2);
    ck_assert_str_eq(ind->responses[0].item, "I4-L1-02");
    ck_assert_str_eq(ind->responses[0].text, "SK terbaru terlampir");
    ck_assert_uint_eq(ind->responses[0].line, 9);
    ck_assert_ptr_null(ind->responses[1].item);
    ck_assert_str_eq(ind->responses[1].text, "Catatan umum");
    ck_assert_ptr_null(ind->external);
    ind = dsr_manifest_indicator(m, "5");
    x = ind->external;
    ck_assert_ptr_nonnull(x);
    ck_assert_str_eq(x->index, "SDI");
    ck_assert_int_eq(x->value, 687500);
    ck_assert_str_eq(x->value_text, "68.75");
    ck_assert_int_eq(x->year, 2025);
    ck_assert_str_eq(x->source, "Bappenas");
    ck_assert_uint_eq(x->line, 15);
    /* not a number: kept as written, for check to report */
    ck_assert_int_eq(ind->assessments[0].value, -2);
    ck_assert_str_eq(ind->assessments[0].value_text, "1.2.3");
    x = dsr_manifest_indicator(m, "6")->external;
    ck_assert_int_eq(x->value, -2);
    ck_assert_int_eq(x->year, 0);
    ck_assert_str_eq(x->source, "");
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

static const struct {
    const char *s;
    long want;
} value_cases[] = {
    {"1.1667", 11667}, {"1,3", 13000},   {"5", 50000},     {"1", 10000},
    {"68.75", 687500}, {" 2.5 ", 25000}, {"0", 0},         {"0.0001", 1},
    {"999999.9999", 9999999999L},        {"1000000", -1},  {"1.12345", -1},
    {"1.", -1},        {",5", -1},       {"", -1},         {"-1", -1},
    {"+1", -1},        {"1.2.3", -1},    {"1e2", -1},      {"x", -1},
    {"1 .5", -1},      {NULL, -1},
};

START_TEST(test_manifest_value_parse)
{
    ck_assert_msg(dsr_value_parse(value_cases[_i].s) == value_cases[_i].want,
                  "'%s': got %ld, want %ld",
                  value_cases[_i].s ? value_cases[_i].s : "(null)",
                  dsr_value_parse(value_cases[_i].s), value_cases[_i].want);
}
END_TEST

START_TEST(test_manifest_verdict_names)
{
    ck_assert_str_eq(dsr_verdict_status_name(DSR_VERDICT_DITERIMA), "diterima");
    ck_assert_str_eq(dsr_verdict_status_name(DSR_VERDICT_REVISI), "revisi");
    ck_assert_int_eq(dsr_verdict_status_parse("diterima"), DSR_VERDICT_DITERIMA);
    ck_assert_int_eq(dsr_verdict_status_parse("revisi"), DSR_VERDICT_REVISI);
    ck_assert_int_eq(dsr_verdict_status_parse("Revisi"), -1);
    ck_assert_int_eq(dsr_verdict_status_parse(""), -1);
    ck_assert_int_eq(dsr_verdict_status_parse(NULL), -1);
    ck_assert_str_eq(dsr_verdict_status_name((enum dsr_verdict_status)9), "?");
    ck_assert_str_eq(dsr_verdict_kind_name(DSR_KIND_NONE), "");
    ck_assert_str_eq(dsr_verdict_kind_name(DSR_KIND_TIDAK_TEPAT), "tidak-tepat");
    ck_assert_str_eq(dsr_verdict_kind_name(DSR_KIND_BELUM_DIUNGGAH),
                     "belum-diunggah");
    ck_assert_str_eq(dsr_verdict_kind_name(DSR_KIND_OTOMATIS_DITOLAK),
                     "otomatis-ditolak");
    ck_assert_str_eq(dsr_verdict_kind_name((enum dsr_verdict_kind)9), "?");
    ck_assert_int_eq(dsr_verdict_kind_parse("tidak-tepat"), DSR_KIND_TIDAK_TEPAT);
    ck_assert_int_eq(dsr_verdict_kind_parse("belum-diunggah"),
                     DSR_KIND_BELUM_DIUNGGAH);
    ck_assert_int_eq(dsr_verdict_kind_parse("otomatis-ditolak"),
                     DSR_KIND_OTOMATIS_DITOLAK);
    ck_assert_int_eq(dsr_verdict_kind_parse(""), -1);
    ck_assert_int_eq(dsr_verdict_kind_parse("tidak tepat"), -1);
    ck_assert_int_eq(dsr_verdict_kind_parse(NULL), -1);
}
END_TEST

/*
 * A verdict without its stage or status, or with one the schema refuses,
 * is a schema finding with its line; the recover loader leaves it out and
 * keeps the rest.
 */
START_TEST(test_manifest_verdict_without_meaning_left_out)
{
    struct dsr_check_result res;
    const struct dsr_mindicator *ind;
    const struct dsr_finding *fd;

    check_text(ROOT INST                                                 /* 2-3 */
               IND("<verdict item=\"A\" status=\"revisi\"/>\n"           /* 4 */
                   "<verdict stage=\"dokumen\" item=\"B\"/>\n"           /* 5 */
                   "<verdict stage=\"mandiri\" item=\"C\" "
                   "status=\"diterima\"/>\n"                             /* 6 */
                   "<verdict stage=\"dokumen\" item=\"D\" status=\"ok\"/>\n"
                   "<verdict stage=\"dokumen\" item=\"E\" status=\"revisi\" "
                   "kind=\"salah\"/>\n"                                  /* 8 */
                   "<verdict stage=\"visitasi\" item=\"F\" "
                   "status=\"revisi\"/>\n"                               /* 9 */
                   "<external value=\"3\"/>\n"                           /* 10 */
                   "<evidence file=\"a.pdf\" item=\"\"/>\n")             /* 11 */
               "</dossier>\n", &res);
    ck_assert_ptr_nonnull(res.manifest);
    ck_assert(res.manifest->recovered);
    ck_assert_uint_eq(dsr_findings_count_code(&res.findings,
                                              DSR_F_SCHEMA_INVALID), 7);
    ind = &res.manifest->indicators[0];
    /* E keeps its meaning: only its kind is dropped */
    ck_assert_uint_eq(ind->nverdicts, 2);
    ck_assert_str_eq(ind->verdicts[0].item, "E");
    ck_assert_int_eq(ind->verdicts[0].kind, DSR_KIND_NONE);
    ck_assert_str_eq(ind->verdicts[1].item, "F");
    ck_assert_int_eq(ind->verdicts[1].stage, DSR_STAGE_VISITASI);
    ck_assert_ptr_null(ind->external);
    ck_assert_uint_eq(ind->evidence[0].nitems, 0);
    fd = finding(&res.findings, DSR_F_SCHEMA_INVALID);
    ck_assert_uint_eq(fd->line, 4);
    for (size_t i = 0; i < res.findings.n; i++) {
        fd = &res.findings.items[i];
        if (fd->line == 6)
            ck_assert_msg(strstr(fd->message, "dokumen, interviu, visitasi"),
                          "%s", fd->message);
        if (fd->line == 7)
            ck_assert_msg(strstr(fd->message, "diterima or revisi"), "%s",
                          fd->message);
    }
    dsr_check_result_release(&res);
    tu_rmtree(dir);
}
END_TEST

/* at most one <external> per indicator; at most 16 items per evidence */
START_TEST(test_manifest_second_external_and_item_count)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    const struct dsr_finding *fd;
    char text[2048];
    char items[600] = "";

    m = load_text(ROOT INST
                  IND("<external index=\"SDI\" value=\"25\"/>\n"         /* 4 */
                      "<external index=\"SDI\" value=\"30\"/>\n")        /* 5 */
                  "</dossier>\n", &f);
    ck_assert_ptr_nonnull(m);
    fd = finding(&f, DSR_F_EXTERNAL_INVALID);
    ck_assert_uint_eq(fd->line, 5);
    ck_assert_str_eq(fd->indicator, "1");
    ck_assert_str_eq(fd->message,
                     "the indicator has a second <external> (the first is on "
                     "line 4); an indicator has one external value: remove "
                     "one");
    ck_assert_int_eq(m->indicators[0].external->value, 250000);
    dsr_manifest_free(m);
    dsr_findings_release(&f);
    tu_rmtree(dir);

    for (int i = 1; i <= 16; i++)
        snprintf(items + strlen(items), sizeof(items) - strlen(items),
                 "I1-L1-%02d ", i);
    snprintf(text, sizeof(text),
             ROOT INST IND("<evidence file=\"a.pdf\" item=\"%s\"/>\n")
             "</dossier>\n", items);
    m = load_text(text, &f);
    ck_assert_ptr_nonnull(m);
    ck_assert_uint_eq(f.n, 0);
    ck_assert_uint_eq(m->indicators[0].evidence[0].nitems, 16);
    ck_assert_str_eq(m->indicators[0].evidence[0].items[15], "I1-L1-16");
    dsr_manifest_free(m);
    tu_rmtree(dir);
    strcat(items, "I1-L1-17");
    snprintf(text, sizeof(text),
             ROOT INST IND("<evidence file=\"a.pdf\" item=\"%s\"/>\n")
             "</dossier>\n", items);
    ck_assert_ptr_null(load_text(text, &f));
    fd = finding(&f, DSR_F_SCHEMA_INVALID);
    ck_assert_uint_eq(fd->line, 4);
    ck_assert_msg(strstr(fd->message, "one to 16 item ids"), "%s",
                  fd->message);
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

/* the new texts have their limits, reported as text-too-long */
START_TEST(test_manifest_new_text_limits)
{
    static const struct {
        const char *fmt;
        size_t len;
        const char *what;
    } cases[] = {
        {"<verdict stage=\"dokumen\" status=\"revisi\">%s</verdict>", 4001,
         "the assessor's note in the verdict is 4001 characters long"},
        {"<response>%s</response>", 4001,
         "the response is 4001 characters long"},
        {"<response item=\"%s\"/>", 33, "the item id is 33 characters long"},
        {"<verdict stage=\"dokumen\" status=\"revisi\" item=\"%s\"/>", 33,
         "the item id is 33 characters long"},
        {"<evidence file=\"a.pdf\" item=\"I1 %s\"/>", 33,
         "the item id is 33 characters long"},
        {"<external index=\"%s\" value=\"1\"/>", 33,
         "the external index's name is 33 characters long"},
        {"<external index=\"SDI\" value=\"1\" source=\"%s\"/>", 201,
         "the external index's source is 201 characters long"},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        struct dsr_findings f = DSR_FINDINGS_INIT;
        struct dsr_manifest *m;
        char *fill = malloc(cases[i].len + 1);
        char body[5000], text[6000];
        const struct dsr_finding *fd;

        ck_assert_ptr_nonnull(fill);
        memset(fill, 'x', cases[i].len);
        fill[cases[i].len] = '\0';
        snprintf(body, sizeof(body), cases[i].fmt, fill);
        snprintf(text, sizeof(text), ROOT INST IND("%s\n") "</dossier>\n",
                 body);
        m = load_text(text, &f);
        ck_assert_ptr_nonnull(m);
        fd = finding(&f, DSR_F_TEXT_TOO_LONG);
        ck_assert_uint_eq(fd->line, 4);
        ck_assert_msg(strstr(fd->message, cases[i].what), "%zu: %s", i,
                      fd->message);
        dsr_manifest_free(m);
        dsr_findings_release(&f);
        free(fill);
        tu_rmtree(dir);
        /* one shorter is fine */
        fill = malloc(cases[i].len);
        ck_assert_ptr_nonnull(fill);
        memset(fill, 'x', cases[i].len - 1);
        fill[cases[i].len - 1] = '\0';
        snprintf(body, sizeof(body), cases[i].fmt, fill);
        snprintf(text, sizeof(text), ROOT INST IND("%s\n") "</dossier>\n",
                 body);
        m = load_text(text, &f);
        ck_assert_ptr_nonnull(m);
        ck_assert_msg(f.n == 0, "%zu: %s", i, f.n ? f.items[0].message : "");
        dsr_manifest_free(m);
        free(fill);
        tu_rmtree(dir);
    }
}
END_TEST

/* verdicts and responses count among the other elements */
START_TEST(test_manifest_verdicts_count_as_entries)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    FILE *out;

    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    snprintf(mpath, sizeof(mpath), "%s/m.xml", dir);
    out = fopen(mpath, "w");
    ck_assert_ptr_nonnull(out);
    fputs("<?xml version=\"1.0\"?>\n" ROOT INST "<indicator id=\"1\">\n", out);
    for (size_t i = 0; i < DSR_MANIFEST_MAX_ENTRIES / 2; i++)
        fputs("<verdict stage=\"dokumen\" status=\"revisi\"/><response/>\n",
              out);
    fputs("<external index=\"SDI\" value=\"1\"/>\n</indicator>\n</dossier>\n",
          out);
    ck_assert_int_eq(fclose(out), 0);
    ck_assert_ptr_null(load_quiet(mpath, TEST_MANIFEST_XSD, &f, &err));
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.items[0].code, DSR_F_MANIFEST_TOO_LARGE);
    ck_assert_uint_eq(f.items[0].line, DSR_MANIFEST_MAX_ENTRIES / 2 + 4);
    ck_assert_ptr_nonnull(strstr(f.items[0].message, "verdicts, responses"));
    dsr_findings_release(&f);
    tu_rmtree(dir);
}
END_TEST

Suite *
manifest_suite(void)
{
    Suite *s = suite_create("manifest");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_manifest_header_values);
    tcase_add_test(tc, test_manifest_indicator_values);
    tcase_add_test(tc, test_manifest_assessment_latest_or_given_stage);
    tcase_add_test(tc, test_manifest_supports_level);
    tcase_add_test(tc, test_manifest_minimal);
    tcase_add_loop_test(tc, test_manifest_levels_as_written, 0,
                        (int)(sizeof(levels) / sizeof(*levels)));
    tcase_add_loop_test(tc, test_manifest_target_hundredths, 0,
                        (int)(sizeof(indices) / sizeof(*indices)));
    tcase_add_test(tc, test_manifest_load_mem);
    tcase_add_loop_test(tc, test_manifest_date_parse, 0,
                        (int)(sizeof(dates) / sizeof(*dates)));
    tcase_add_test(tc, test_manifest_date_cmp);
    tcase_add_loop_test(tc, test_manifest_index_parse, 0,
                        (int)(sizeof(index_cases) / sizeof(*index_cases)));
    tcase_add_test(tc, test_manifest_stage_names);
    tcase_add_loop_test(tc, test_manifest_refuses_bad_documents, 0,
                        (int)(sizeof(bad) / sizeof(*bad)));
    tcase_add_test(tc, test_manifest_schema_problems_each_with_line);
    tcase_add_test(tc, test_manifest_level_out_of_range_is_checked);
    tcase_add_test(tc, test_manifest_recovers_after_a_syntax_error);
    tcase_add_test(tc, test_manifest_recovers_after_a_schema_problem);
    tcase_add_test(tc, test_manifest_no_recovery_without_a_manifest);
    tcase_add_test(tc, test_manifest_big_line_numbers);
    tcase_add_test(tc, test_manifest_past_ten_megabytes);
    tcase_add_test(tc, test_manifest_billion_laughs_is_quick);
    tcase_add_test(tc, test_manifest_xxe_never_opens_the_file);
    tcase_add_test(tc, test_manifest_missing_file);
    tcase_add_test(tc, test_manifest_directory_is_unreadable);
    tcase_add_test(tc, test_manifest_fifo_is_unreadable);
    tcase_add_test(tc, test_manifest_too_large);
    tcase_add_test(tc, test_manifest_lines_past_65535);
    tcase_add_test(tc, test_manifest_entry_limit);
    tcase_add_test(tc, test_manifest_at_size_limit_is_read);
    tcase_add_test(tc, test_manifest_missing_schema_is_tool_error);
    tcase_add_test(tc, test_manifest_items_verdicts_external);
    tcase_add_loop_test(tc, test_manifest_value_parse, 0,
                        (int)(sizeof(value_cases) / sizeof(*value_cases)));
    tcase_add_test(tc, test_manifest_verdict_names);
    tcase_add_test(tc, test_manifest_verdict_without_meaning_left_out);
    tcase_add_test(tc, test_manifest_second_external_and_item_count);
    tcase_add_test(tc, test_manifest_new_text_limits);
    tcase_add_test(tc, test_manifest_verdicts_count_as_entries);
    tcase_add_test(tc, test_manifest_recovered_repeats_header_elements);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(manifest_suite());
}
