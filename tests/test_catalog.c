/*
 * test_catalog.c -- the shipped catalogs load and their weights nest;
 * band lookup is exact; broken catalogs are refused with DSR_CATALOG, the
 * file, the line and the reason; unsafe ids are refused; the years a
 * catalog covers choose the catalog of a year; the spbe-2020 ->
 * pemdi-2026 mapping loads and maps.
 */
#include "testutil.h"

#include "dossier/catalog.h"
#include "dossier/error.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct dsr_catalog *
load_shipped(const char *id, struct dsr_error *err)
{
    return dsr_catalog_load_id(TEST_FRAMEWORKS, id, TEST_FRAMEWORK_XSD, err);
}

/* ---- the shipped catalogs ------------------------------------------- */

START_TEST(test_catalog_spbe_2020_shape)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load_shipped("spbe-2020", &err);
    static const unsigned domain_weights[] = {1300, 2500, 1650, 4550};
    static const size_t domain_aspects[] = {1, 3, 2, 2};
    static const size_t aspect_indicators[] = {10, 4, 4, 2, 8, 3, 10, 6};

    ck_assert_msg(c != NULL, "%s:%lu: %s", err.path, err.line, err.msg);
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_str_eq(c->id, "spbe-2020");
    ck_assert_str_eq(c->path, TEST_FRAMEWORKS "/spbe-2020.xml");
    ck_assert(!c->provisional);
    ck_assert_uint_eq(c->year_from, 2021);
    ck_assert_uint_eq(c->year_to, 2025);
    ck_assert_ptr_null(c->maps_from);
    ck_assert_uint_eq(c->nmap, 0);
    ck_assert_uint_eq(c->nindicators, 47);
    ck_assert_uint_eq(c->naspects, 8);
    ck_assert_uint_eq(c->ndomains, 4);
    ck_assert_uint_eq(c->nscales, 2);
    ck_assert_uint_eq(c->nbands, 5);
    for (size_t d = 0; d < 4; d++) {
        char id[32];

        snprintf(id, sizeof(id), "D%zu", d + 1);
        ck_assert_str_eq(c->domains[d].id, id);
        ck_assert_uint_eq(c->domains[d].weight, domain_weights[d]);
        ck_assert_uint_eq(c->domains[d].count, domain_aspects[d]);
    }
    for (size_t a = 0; a < 8; a++)
        ck_assert_uint_eq(c->aspects[a].count, aspect_indicators[a]);
    for (size_t i = 0; i < c->nindicators; i++) {
        char id[32];

        snprintf(id, sizeof(id), "%zu", i + 1);
        ck_assert_str_eq(c->indicators[i].id, id);
        ck_assert_str_eq(c->indicators[i].scale->id,
                         i < 31 ? "proses" : "layanan");
    }
    ck_assert_uint_eq(c->indicators[0].weight, 130);
    ck_assert_uint_eq(c->indicators[46].weight, 300);
    ck_assert_str_eq(c->aspects[c->indicators[46].aspect].id, "A8");
    ck_assert_str_eq(c->domains[c->aspects[7].domain].id, "D4");
    ck_assert_str_eq(dsr_text_get(&c->bands[0].name, DSR_LANG_ID), "Kurang");
    ck_assert_str_eq(dsr_text_get(&c->bands[0].name, DSR_LANG_EN), "Poor");
    ck_assert_str_eq(dsr_text_get(&c->scales[0].level_name[4], DSR_LANG_ID),
                     "Terpadu dan Terukur");
    dsr_catalog_free(c);
}
END_TEST

START_TEST(test_catalog_pemdi_2026_shape)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load_shipped("pemdi-2026", &err);
    static const unsigned aspect_weights[] = {1000, 1000, 1500, 1500,
                                              1000, 1500, 2500};
    static const unsigned band_mins[] = {100, 150, 250, 350, 400};

    ck_assert_msg(c != NULL, "%s:%lu: %s", err.path, err.line, err.msg);
    ck_assert_str_eq(c->id, "pemdi-2026");
    ck_assert(c->provisional);
    ck_assert_uint_eq(c->year_from, 2026);
    ck_assert_uint_eq(c->year_to, 0);
    ck_assert_ptr_nonnull(c->note.s[DSR_LANG_ID]);
    ck_assert_ptr_nonnull(c->note.s[DSR_LANG_EN]);
    ck_assert_uint_eq(c->nindicators, 20);
    ck_assert_uint_eq(c->naspects, 7);
    ck_assert_uint_eq(c->ndomains, 0);
    ck_assert_ptr_null(c->domains);
    ck_assert_uint_eq(c->nscales, 1);
    for (size_t a = 0; a < 7; a++)
        ck_assert_uint_eq(c->aspects[a].weight, aspect_weights[a]);
    ck_assert_uint_eq(c->nbands, 5);
    for (size_t b = 0; b < 5; b++)
        ck_assert_uint_eq(c->bands[b].min, band_mins[b]);
    dsr_catalog_free(c);
}
END_TEST

/* For both catalogs: weights nest exactly and every index is consistent. */
static const char *const shipped[] = {"spbe-2020", "pemdi-2026"};

START_TEST(test_catalog_weights_nest)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load_shipped(shipped[_i], &err);
    unsigned total = 0;
    unsigned ind_total = 0;
    size_t next_ind = 0;
    size_t next_aspect = 0;

    ck_assert_msg(c != NULL, "%s", err.msg);
    for (size_t a = 0; a < c->naspects; a++) {
        const struct dsr_aspect *asp = &c->aspects[a];
        unsigned sum = 0;

        /* aspects cover the indicators in order, without gaps */
        ck_assert_uint_eq(asp->first, next_ind);
        ck_assert_uint_gt(asp->count, 0);
        next_ind += asp->count;
        for (size_t i = asp->first; i < asp->first + asp->count; i++) {
            ck_assert_uint_eq(c->indicators[i].aspect, a);
            sum += c->indicators[i].weight;
        }
        ck_assert_msg(sum == asp->weight, "aspect %s: %u != %u", asp->id, sum,
                      asp->weight);
        if (!c->ndomains)
            total += asp->weight;
    }
    ck_assert_uint_eq(next_ind, c->nindicators);
    for (size_t d = 0; d < c->ndomains; d++) {
        const struct dsr_domain *dom = &c->domains[d];
        unsigned sum = 0;

        ck_assert_uint_eq(dom->first, next_aspect);
        next_aspect += dom->count;
        for (size_t a = dom->first; a < dom->first + dom->count; a++) {
            ck_assert_uint_eq(c->aspects[a].domain, d);
            sum += c->aspects[a].weight;
        }
        ck_assert_msg(sum == dom->weight, "domain %s: %u != %u", dom->id, sum,
                      dom->weight);
        total += dom->weight;
    }
    if (c->ndomains)
        ck_assert_uint_eq(next_aspect, c->naspects);
    ck_assert_uint_eq(total, DSR_WEIGHT_TOTAL);
    for (size_t i = 0; i < c->nindicators; i++) {
        const struct dsr_indicator *ind = &c->indicators[i];

        ind_total += ind->weight;
        ck_assert_uint_eq(ind->number, i + 1);
        ck_assert_ptr_nonnull(ind->scale);
        ck_assert_ptr_nonnull(ind->name.s[DSR_LANG_ID]);
        ck_assert_ptr_nonnull(ind->name.s[DSR_LANG_EN]);
        for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++)
            ck_assert_ptr_nonnull(ind->criterion[lv].s[DSR_LANG_ID]);
        ck_assert_ptr_eq(dsr_catalog_indicator(c, ind->id), ind);
    }
    ck_assert_uint_eq(ind_total, DSR_WEIGHT_TOTAL);
    ck_assert_ptr_null(dsr_catalog_indicator(c, "0"));
    ck_assert_ptr_null(dsr_catalog_indicator(c, ""));
    ck_assert_uint_eq(c->bands[0].min, 100);
    for (size_t b = 1; b < c->nbands; b++)
        ck_assert_uint_gt(c->bands[b].min, c->bands[b - 1].min);
    ck_assert_uint_le(c->bands[c->nbands - 1].min, 500);
    dsr_catalog_free(c);
}
END_TEST

/* Exact band lookup on spbe-2020: Kurang 1.00, Cukup 1.80, Baik 2.60,
 * Sangat Baik 3.50, Memuaskan 4.20. */
static const struct {
    unsigned long long num, den;
    const char *band;
} bands[] = {
    {260, 100, "Baik"},          {25999, 10000, "Cukup"},
    {13, 5, "Baik"},             {2599999999ULL, 1000000000ULL, "Cukup"},
    {180, 100, "Cukup"},         {17999, 10000, "Kurang"},
    {420, 100, "Memuaskan"},     {41999, 10000, "Sangat Baik"},
    {100, 100, "Kurang"},        {1, 1, "Kurang"},
    {500, 100, "Memuaskan"},     {5, 1, "Memuaskan"},
    {350, 100, "Sangat Baik"},   {7, 2, "Sangat Baik"},
    {349, 100, "Baik"},          {9, 5, "Cukup"},
    /* 47 indicators: an index of 122/47 = 2.5957 is not yet Baik */
    {122, 47, "Cukup"},          {123, 47, "Baik"},
    /* exact for any num/den, not only small ones: 2.60 and just below */
    {260000000000000000ULL, 100000000000000000ULL, "Baik"},
    {259999999999999999ULL, 100000000000000000ULL, "Cukup"},
};

START_TEST(test_catalog_band_lookup_exact)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load_shipped("spbe-2020", &err);
    const struct dsr_band *b;
    char got[64];

    ck_assert_ptr_nonnull(c);
    b = dsr_catalog_band(c, bands[_i].num, bands[_i].den);
    ck_assert_ptr_nonnull(b);
    snprintf(got, sizeof(got), "%s", dsr_text_get(&b->name, DSR_LANG_ID));
    dsr_catalog_free(c);    /* before asserting: no leak when it fails */
    ck_assert_msg(strcmp(got, bands[_i].band) == 0,
                  "%llu/%llu: got %s, want %s", bands[_i].num, bands[_i].den,
                  got, bands[_i].band);
}
END_TEST

START_TEST(test_catalog_text_fallback)
{
    char id_text[] = "Baik";
    char en_text[] = "Good";
    struct dsr_text both = {.s = {id_text, en_text}};
    struct dsr_text id_only = {.s = {id_text, NULL}};
    struct dsr_text none = {.s = {NULL, NULL}};

    ck_assert_str_eq(dsr_text_get(&both, DSR_LANG_EN), "Good");
    ck_assert_str_eq(dsr_text_get(&both, DSR_LANG_ID), "Baik");
    ck_assert_str_eq(dsr_text_get(&id_only, DSR_LANG_EN), "Baik");
    ck_assert_str_eq(dsr_text_get(&none, DSR_LANG_EN), "");
    ck_assert_str_eq(dsr_text_get(&none, DSR_LANG_ID), "");
}
END_TEST

/* ---- ids and listing ------------------------------------------------ */

static const char *const bad_ids[] = {
    "spbe-1999", "../x", "../frameworks/spbe-2020", "/etc/passwd",
    ".hidden",   "",     "spbe 2020",               "a/b",
    "spbe-2020\n",
};

START_TEST(test_catalog_load_id_refuses_unknown_and_unsafe)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char want[128];

    ck_assert_ptr_null(load_shipped(bad_ids[_i], &err));
    ck_assert_int_eq(err.code, DSR_INPUT);
    snprintf(want, sizeof(want), "unknown framework '%s'", bad_ids[_i]);
    ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(test_catalog_load_id_checks_declared_id)
{
    const char *base = tu_tmpdir();
    char dir[512];
    struct dsr_error err = DSR_ERROR_INIT;
    char path[600];
    FILE *f;
    size_t n;

    snprintf(dir, sizeof(dir), "%s", base);
    /* a copy of pemdi-2026 under another name */
    f = fopen(TEST_FRAMEWORKS "/pemdi-2026.xml", "rb");
    ck_assert_ptr_nonnull(f);
    {
        char *all = malloc(1 << 20);

        ck_assert_ptr_nonnull(all);
        n = fread(all, 1, 1 << 20, f);
        fclose(f);
        tu_write(dir, "lain.xml", all, n);
        free(all);
    }
    ck_assert_ptr_null(
        dsr_catalog_load_id(dir, "lain", TEST_FRAMEWORK_XSD, &err));
    snprintf(path, sizeof(path), "%s/lain.xml", dir);
    ck_assert_int_eq(err.code, DSR_CATALOG);
    ck_assert_str_eq(err.path, path);
    ck_assert_str_eq(err.msg, "catalog file for 'lain' declares id 'pemdi-2026'");
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_catalog_list_sorted)
{
    const char *base = tu_tmpdir();
    char dir[512];
    struct dsr_error err = DSR_ERROR_INIT;
    char **ids = NULL;
    size_t n = 99;

    snprintf(dir, sizeof(dir), "%s", base);
    tu_write(dir, "spbe-2020.xml", "x", (size_t)-1);
    tu_write(dir, "b.xml", "x", (size_t)-1);
    tu_write(dir, "A.xml", "x", (size_t)-1);
    tu_write(dir, "pemdi-2026.xml", "x", (size_t)-1);
    tu_write(dir, ".hidden.xml", "x", (size_t)-1);
    tu_write(dir, ".xml", "x", (size_t)-1);
    tu_write(dir, "notes.txt", "x", (size_t)-1);
    tu_write(dir, "old.xml.bak", "x", (size_t)-1);
    tu_write(dir, "sub/c.xml", "x", (size_t)-1);
    ck_assert_int_eq(dsr_catalog_list(dir, &ids, &n, &err), 0);
    ck_assert_uint_eq(n, 4);
    ck_assert_str_eq(ids[0], "A");
    ck_assert_str_eq(ids[1], "b");
    ck_assert_str_eq(ids[2], "pemdi-2026");
    ck_assert_str_eq(ids[3], "spbe-2020");
    dsr_catalog_ids_free(ids, n);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_catalog_list_shipped)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char **ids = NULL;
    size_t n = 0;
    int pemdi = 0, spbe = 0;

    ck_assert_int_eq(dsr_catalog_list(TEST_FRAMEWORKS, &ids, &n, &err), 0);
    ck_assert_uint_ge(n, 2);
    for (size_t i = 0; i < n; i++) {
        if (i)
            ck_assert_int_lt(strcmp(ids[i - 1], ids[i]), 0);
        pemdi += strcmp(ids[i], "pemdi-2026") == 0;
        spbe += strcmp(ids[i], "spbe-2020") == 0;
    }
    ck_assert_int_eq(pemdi, 1);
    ck_assert_int_eq(spbe, 1);
    dsr_catalog_ids_free(ids, n);
}
END_TEST

START_TEST(test_catalog_list_missing_dir)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char **ids = (char **)&err;
    size_t n = 7;

    ck_assert_int_eq(dsr_catalog_list("/nonexistent/dossier-frameworks", &ids,
                                      &n, &err),
                     -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_int_eq(err.sys_errno, ENOENT);
    ck_assert_ptr_null(ids);
    ck_assert_uint_eq(n, 0);
    dsr_catalog_ids_free(NULL, 0);
}
END_TEST

/* ---- broken catalogs ------------------------------------------------ */

#define LEVEL(v)                                                             \
    "<level value=\"" v "\"><name lang=\"id\">L" v "</name>"                \
    "<name lang=\"en\">L" v "</name></level>"
#define LEVELS LEVEL("1") LEVEL("2") LEVEL("3") LEVEL("4") LEVEL("5")
#define CRIT(v, lang) "<criterion level=\"" v "\" lang=\"" lang "\">c</criterion>"
#define CRITS                                                                \
    CRIT("1", "id") CRIT("2", "id") CRIT("3", "id") CRIT("4", "id")         \
    CRIT("5", "id")
#define NAMES "<name lang=\"id\">n</name><name lang=\"en\">n</name>"
#define INDX(id, w, scale, names, crits)                                     \
    "<indicator id=\"" id "\" weight=\"" w "\" scale=\"" scale "\">" names  \
    crits "</indicator>\n"
#define IND(id, w) INDX(id, w, "proses", NAMES, CRITS)
#define ASPECT(id, w, inds)                                                  \
    "<aspect id=\"" id "\" weight=\"" w "\">" NAMES "\n" inds "</aspect>\n"
#define DOMAIN(id, w, aspects)                                               \
    "<domain id=\"" id "\" weight=\"" w "\">" NAMES "\n" aspects "</domain>\n"
#define BAND(min) "<band min=\"" min "\">" NAMES "</band>\n"
#define BANDS BAND("1.00") BAND("2.00") BAND("3.00")
#define HEAD                                                                 \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                          \
    "<framework xmlns=\"urn:dossier:framework:1\" id=\"t\" "                \
    "status=\"official\">\n"                                                 \
    "<title lang=\"id\">T</title><title lang=\"en\">T</title>"              \
    "<basis>B</basis>\n"                                                     \
    "<scales><scale id=\"proses\">" NAMES LEVELS "</scale></scales>\n"
/* body starts on line 5 */
#define CATALOG(body, bands)                                                 \
    HEAD body "<predikat>\n" bands "</predikat>\n</framework>\n"
#define GOOD_BODY                                                            \
    ASPECT("A1", "6000", IND("1", "3000") IND("2", "3000"))                 \
    ASPECT("A2", "4000", IND("3", "4000"))

static const char good_catalog[] = CATALOG(GOOD_BODY, BANDS);

/* The same head with the years given by 'years' on the root element. */
#define HEAD_YEARS(years)                                                    \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                          \
    "<framework xmlns=\"urn:dossier:framework:1\" id=\"t\" "                \
    "status=\"official\" " years ">\n"                                      \
    "<title lang=\"id\">T</title><title lang=\"en\">T</title>"              \
    "<basis>B</basis>\n"                                                     \
    "<scales><scale id=\"proses\">" NAMES LEVELS "</scale></scales>\n"
/*
 * GOOD_BODY and its bands take lines 5 to 17; the mapping starts on line
 * 18 and its first <map> is on line 20.
 */
#define MAP_NOTES                                                            \
    "<note lang=\"id\">n</note>\n<note lang=\"en\">n</note>\n"
#define MAP(from, to) "<map from=\"" from "\" to=\"" to "\"/>\n"
#define CATALOG_MAP(maps)                                                    \
    HEAD GOOD_BODY "<predikat>\n" BANDS "</predikat>\n"                      \
    "<mapping from=\"old\">\n" MAP_NOTES maps "</mapping>\n</framework>\n"

START_TEST(test_catalog_minimal_loads)
{
    const char *base = tu_tmpdir();
    char dir[512];
    char path[600];
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c;

    snprintf(dir, sizeof(dir), "%s", base);
    tu_write(dir, "t.xml", good_catalog, (size_t)-1);
    snprintf(path, sizeof(path), "%s/t.xml", dir);
    c = dsr_catalog_load(path, TEST_FRAMEWORK_XSD, &err);
    ck_assert_msg(c != NULL, "%lu: %s", err.line, err.msg);
    ck_assert_uint_eq(c->nindicators, 3);
    ck_assert_uint_eq(c->naspects, 2);
    ck_assert_uint_eq(c->nbands, 3);
    ck_assert_uint_eq(c->year_from, 0);
    ck_assert_ptr_null(c->note.s[DSR_LANG_ID]);
    ck_assert_str_eq(c->basis, "B");
    ck_assert_uint_eq(c->aspects[1].first, 2);
    ck_assert_uint_eq(c->indicators[2].aspect, 1);
    dsr_catalog_free(c);
    /* and by id from its directory */
    c = dsr_catalog_load_id(dir, "t", TEST_FRAMEWORK_XSD, &err);
    ck_assert_ptr_nonnull(c);
    dsr_catalog_free(c);
    dsr_catalog_free(NULL);
    tu_rmtree(dir);
}
END_TEST

static const struct {
    const char *name;
    const char *xml;
    unsigned long line;
    const char *msg;        /* exact, or NULL */
    const char *part;       /* a part of the message, or NULL */
} broken[] = {
    {"aspect weight differs from its indicators",
     CATALOG(ASPECT("A1", "6000", IND("1", "3000") IND("2", "2000"))
                 ASPECT("A2", "4000", IND("3", "4000")),
             BANDS),
     5, "aspect 'A1' weighs 6000 but its indicators add up to 5000", NULL},
    {"total not 100.00",
     CATALOG(ASPECT("A1", "6000", IND("1", "3000") IND("2", "3000"))
                 ASPECT("A2", "3000", IND("3", "3000")),
             BANDS),
     0, "weights add up to 90.00 %, not 100.00 %", NULL},
    {"total over 100.00",
     CATALOG(ASPECT("A1", "6000", IND("1", "3000") IND("2", "3000"))
                 ASPECT("A2", "4001", IND("3", "4001")),
             BANDS),
     0, "weights add up to 100.01 %, not 100.00 %", NULL},
    {"domain weight differs from its aspects",
     CATALOG(DOMAIN("D1", "5000", ASPECT("A1", "6000", IND("1", "6000")))
                 DOMAIN("D2", "4000", ASPECT("A2", "4000", IND("2", "4000"))),
             BANDS),
     5, "domain 'D1' weighs 5000 but its aspects add up to 6000", NULL},
    {"bands not starting at 1.00",
     CATALOG(GOOD_BODY, BAND("1.50") BAND("2.00")),
     0, "the lowest predikat band must start at 1.00", NULL},
    {"bands out of order",
     CATALOG(GOOD_BODY, BAND("1.00") BAND("3.00") BAND("2.00")),
     0, "predikat bands must be in ascending order", NULL},
    {"two bands with the same minimum",
     CATALOG(GOOD_BODY, BAND("1.00") BAND("2.00") BAND("2.00")),
     0, "predikat bands must be in ascending order", NULL},
    {"band above 5.00",
     CATALOG(GOOD_BODY, BAND("1.00") BAND("5.50")),
     0, "a predikat band starts above 5.00", NULL},
    {"duplicate indicator id",
     CATALOG(ASPECT("A1", "6000", IND("1", "3000") IND("2", "3000"))
                 ASPECT("A2", "4000", IND("1", "4000")),
             BANDS),
     0, "indicator id '1' is used twice", NULL},
    {"duplicate aspect id",
     CATALOG(ASPECT("A1", "6000", IND("1", "3000") IND("2", "3000"))
                 ASPECT("A1", "4000", IND("3", "4000")),
             BANDS),
     0, "aspect id 'A1' is used twice", NULL},
    {"unknown scale",
     CATALOG(ASPECT("A1", "6000",
                    INDX("1", "3000", "layanan", NAMES, CRITS) IND("2", "3000"))
                 ASPECT("A2", "4000", IND("3", "4000")),
             BANDS),
     6, "indicator '1' names an unknown scale", NULL},
    {"no Indonesian criterion",
     CATALOG(ASPECT("A1", "6000",
                    IND("1", "3000")
                        INDX("2", "3000", "proses", NAMES,
                             CRIT("1", "id") CRIT("2", "id") CRIT("3", "id")
                                 CRIT("4", "id") CRIT("5", "en")))
                 ASPECT("A2", "4000", IND("3", "4000")),
             BANDS),
     7, "indicator '2' lacks an Indonesian criterion for a level", NULL},
    {"two names in one language",
     CATALOG(ASPECT("A1", "6000",
                    INDX("1", "3000", "proses",
                         "<name lang=\"id\">n</name><name lang=\"id\">m</name>",
                         CRITS)
                        IND("2", "3000"))
                 ASPECT("A2", "4000", IND("3", "4000")),
             BANDS),
     6, "two 'name' elements in the same language", NULL},
    {"schema-invalid weight",
     CATALOG(ASPECT("A1", "6000", IND("1", "3000") IND("2", "tiga"))
                 ASPECT("A2", "4000", IND("3", "4000")),
             BANDS),
     7, NULL, "'tiga' is not a valid value"},
    {"schema-invalid unknown element",
     CATALOG("<bogus/>\n" GOOD_BODY, BANDS), 5, NULL, "bogus"},
    {"malformed XML",
     CATALOG("<aspect id=A1 weight=\"10000\">\n" GOOD_BODY, BANDS), 5, NULL,
     NULL},
    {"year-to before year-from",
     HEAD_YEARS("year-from=\"2026\" year-to=\"2025\"") GOOD_BODY
     "<predikat>\n" BANDS "</predikat>\n</framework>\n",
     2, "year-to 2025 is before year-from 2026: the catalog would cover no "
        "year; correct its years", NULL},
    {"mapping to an unknown indicator",
     CATALOG_MAP(MAP("a", "1") MAP("b", "9")),
     21, "the mapping sends 'b' to '9', which is not an indicator of this "
         "catalog: correct 'to'", NULL},
    {"mapping an earlier indicator twice",
     CATALOG_MAP(MAP("a", "1") MAP("b", "2") MAP("a", "3")),
     22, "the mapping gives indicator 'a' of old twice (first at line 20): "
         "keep one <map> for it", NULL},
    {"mapping without its notes",
     HEAD GOOD_BODY "<predikat>\n" BANDS "</predikat>\n"
     "<mapping from=\"old\">\n" MAP("a", "1") "</mapping>\n</framework>\n",
     18, NULL, "map"},
    {"DOCTYPE with an entity",
     "<?xml version=\"1.0\"?>\n"
     "<!DOCTYPE framework [<!ENTITY t \"x\">]>\n"
     "<framework xmlns=\"urn:dossier:framework:1\" id=\"&t;\"/>\n",
     2, "DOCTYPE declarations are not allowed", NULL},
    {"external entity",
     "<?xml version=\"1.0\"?>\n\n"
     "<!DOCTYPE framework SYSTEM \"http://example.invalid/framework.dtd\">\n"
     "<framework xmlns=\"urn:dossier:framework:1\" id=\"t\"/>\n",
     3, "DOCTYPE declarations are not allowed", NULL},
};

START_TEST(test_catalog_refuses_broken)
{
    const char *base = tu_tmpdir();
    char dir[512];
    char path[600];
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c;

    snprintf(dir, sizeof(dir), "%s", base);
    tu_write(dir, "t.xml", broken[_i].xml, (size_t)-1);
    snprintf(path, sizeof(path), "%s/t.xml", dir);
    c = dsr_catalog_load(path, TEST_FRAMEWORK_XSD, &err);
    ck_assert_msg(c == NULL, "%s: accepted", broken[_i].name);
    ck_assert_msg(err.code == DSR_CATALOG, "%s: code %s (%s)", broken[_i].name,
                  dsr_code_name(err.code), err.msg);
    ck_assert_str_eq(err.path, path);
    ck_assert_msg(err.line == broken[_i].line, "%s: line %lu, want %lu (%s)",
                  broken[_i].name, err.line, broken[_i].line, err.msg);
    ck_assert_uint_gt(strlen(err.msg), 0);
    if (broken[_i].msg)
        ck_assert_str_eq(err.msg, broken[_i].msg);
    if (broken[_i].part)
        ck_assert_msg(strstr(err.msg, broken[_i].part) != NULL,
                      "%s: message '%s' lacks '%s'", broken[_i].name, err.msg,
                      broken[_i].part);
    /* messages have no trailing newline */
    ck_assert_int_ne(err.msg[strlen(err.msg) - 1], '\n');
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_catalog_missing_file)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char want[256];

    ck_assert_ptr_null(dsr_catalog_load("/nonexistent/t.xml",
                                        TEST_FRAMEWORK_XSD, &err));
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_int_eq(err.sys_errno, ENOENT);
    ck_assert_str_eq(err.path, "/nonexistent/t.xml");
    snprintf(want, sizeof(want), "cannot read catalog: %s", strerror(ENOENT));
    ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(test_catalog_missing_schema)
{
    const char *base = tu_tmpdir();
    char dir[512];
    char path[600];
    char want[256];
    struct dsr_error err = DSR_ERROR_INIT;

    snprintf(dir, sizeof(dir), "%s", base);
    tu_write(dir, "t.xml", good_catalog, (size_t)-1);
    snprintf(path, sizeof(path), "%s/t.xml", dir);
    ck_assert_ptr_null(dsr_catalog_load(path, "/nonexistent/framework.xsd", &err));
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_str_eq(err.path, "/nonexistent/framework.xsd");
    snprintf(want, sizeof(want), "cannot read schema: %s", strerror(ENOENT));
    ck_assert_str_eq(err.msg, want);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_catalog_too_large)
{
    const char *base = tu_tmpdir();
    char dir[512];
    char path[600];
    struct dsr_error err = DSR_ERROR_INIT;
    int fd;

    snprintf(dir, sizeof(dir), "%s", base);
    snprintf(path, sizeof(path), "%s/big.xml", dir);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)(9 << 20)), 0);
    close(fd);
    ck_assert_ptr_null(dsr_catalog_load(path, TEST_FRAMEWORK_XSD, &err));
    ck_assert_int_eq(err.code, DSR_CATALOG);
    ck_assert_str_eq(err.msg, "catalog too large");
    ck_assert_str_eq(err.path, path);
    tu_rmtree(dir);
}
END_TEST

/* A NULL error struct is allowed on the failure paths. */
START_TEST(test_catalog_null_err)
{
    ck_assert_ptr_null(load_shipped("../x", NULL));
    ck_assert_ptr_null(dsr_catalog_load("/nonexistent/t.xml",
                                        TEST_FRAMEWORK_XSD, NULL));
}
END_TEST

/* ---- years and the mapping ----------------------------------------- */

START_TEST(test_catalog_years_parsed)
{
    const char *base = tu_tmpdir();
    char dir[512];
    char path[600];
    char buf[64];
    struct dsr_error err = DSR_ERROR_INIT;
    static const char xml[] =
        HEAD_YEARS("year-from=\"2021\" year-to=\"2021\"") GOOD_BODY
        "<predikat>\n" BANDS "</predikat>\n</framework>\n";
    struct dsr_catalog *c;

    snprintf(dir, sizeof(dir), "%s", base);
    tu_write(dir, "t.xml", xml, (size_t)-1);
    snprintf(path, sizeof(path), "%s/t.xml", dir);
    c = dsr_catalog_load(path, TEST_FRAMEWORK_XSD, &err);
    ck_assert_msg(c != NULL, "%lu: %s", err.line, err.msg);
    ck_assert_uint_eq(c->year_from, 2021);
    ck_assert_uint_eq(c->year_to, 2021);
    ck_assert(dsr_catalog_covers(c, 2021));
    ck_assert(!dsr_catalog_covers(c, 2020));
    ck_assert(!dsr_catalog_covers(c, 2022));
    ck_assert_str_eq(dsr_catalog_years(c, buf, sizeof(buf)), "2021–2021");
    c->year_to = 0;
    ck_assert(dsr_catalog_covers(c, 2999));
    ck_assert_str_eq(dsr_catalog_years(c, buf, sizeof(buf)), "from 2021");
    c->year_from = 0;
    ck_assert(dsr_catalog_covers(c, 1990));
    ck_assert_str_eq(dsr_catalog_years(c, buf, sizeof(buf)), "any year");
    dsr_catalog_free(c);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_catalog_mapping_minimal)
{
    const char *base = tu_tmpdir();
    char dir[512];
    char path[600];
    struct dsr_error err = DSR_ERROR_INIT;
    static const char xml[] = CATALOG_MAP(MAP("z", "3") MAP("a", "1") MAP("m", "1"));
    struct dsr_catalog *c;

    snprintf(dir, sizeof(dir), "%s", base);
    tu_write(dir, "t.xml", xml, (size_t)-1);
    snprintf(path, sizeof(path), "%s/t.xml", dir);
    c = dsr_catalog_load(path, TEST_FRAMEWORK_XSD, &err);
    ck_assert_msg(c != NULL, "%lu: %s", err.line, err.msg);
    ck_assert_str_eq(c->maps_from, "old");
    ck_assert_uint_eq(c->nmap, 3);
    /* sorted by 'from' */
    ck_assert_str_eq(c->map[0].from, "a");
    ck_assert_str_eq(c->map[1].from, "m");
    ck_assert_str_eq(c->map[2].from, "z");
    ck_assert_uint_eq(c->map[2].to, 2);
    ck_assert_str_eq(dsr_text_get(&c->map_note, DSR_LANG_EN), "n");
    ck_assert_ptr_eq(dsr_catalog_map_indicator(c, "old", "z"), &c->indicators[2]);
    ck_assert_ptr_eq(dsr_catalog_map_indicator(c, "old", "m"), &c->indicators[0]);
    ck_assert_ptr_null(dsr_catalog_map_indicator(c, "old", "b"));
    dsr_catalog_free(c);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_catalog_mapping_shipped)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *spbe = load_shipped("spbe-2020", &err);
    struct dsr_catalog *pemdi = load_shipped("pemdi-2026", &err);
    static const char *const none[] = {"6", "7", "8", "11", "12", "18", "20"};

    ck_assert_msg(pemdi != NULL, "%s:%lu: %s", err.path, err.line, err.msg);
    ck_assert_ptr_nonnull(spbe);
    ck_assert_str_eq(pemdi->maps_from, "spbe-2020");
    ck_assert_uint_eq(pemdi->nmap, 47);
    ck_assert_ptr_nonnull(strstr(dsr_text_get(&pemdi->map_note, DSR_LANG_EN),
                                 "not an official table"));
    ck_assert_ptr_nonnull(strstr(dsr_text_get(&pemdi->map_note, DSR_LANG_ID),
                                 "bukan tabel resmi"));
    for (size_t i = 0; i < pemdi->nmap; i++) {
        if (i)
            ck_assert_int_lt(strcmp(pemdi->map[i - 1].from, pemdi->map[i].from), 0);
        ck_assert_msg(dsr_catalog_indicator(spbe, pemdi->map[i].from) != NULL,
                      "'%s' is no spbe-2020 indicator", pemdi->map[i].from);
        ck_assert_uint_lt(pemdi->map[i].to, pemdi->nindicators);
    }
    /* every spbe-2020 indicator continues as one pemdi-2026 indicator */
    for (size_t i = 0; i < spbe->nindicators; i++)
        ck_assert_msg(dsr_catalog_map_indicator(pemdi, "spbe-2020",
                                                spbe->indicators[i].id) != NULL,
                      "spbe-2020 %s is not mapped", spbe->indicators[i].id);
    /* and the new topics get none */
    for (size_t i = 0; i < sizeof(none) / sizeof(*none); i++)
        for (size_t k = 0; k < pemdi->nmap; k++)
            ck_assert_str_ne(pemdi->indicators[pemdi->map[k].to].id, none[i]);
    dsr_catalog_free(spbe);
    dsr_catalog_free(pemdi);
}
END_TEST

static const struct {
    const char *catalog, *framework, *id;
    const char *want;       /* the id of the indicator, or NULL */
} map_cases[] = {
    /* the same framework: the same id */
    {"pemdi-2026", "pemdi-2026", "6", "6"},
    {"spbe-2020", "spbe-2020", "47", "47"},
    {"pemdi-2026", "pemdi-2026", "21", NULL},
    /* mapped */
    {"pemdi-2026", "spbe-2020", "11", "1"},
    {"pemdi-2026", "spbe-2020", "42", "19"},
    {"pemdi-2026", "spbe-2020", "7", "16"},
    {"pemdi-2026", "spbe-2020", "47", "17"},
    /* an id the earlier framework does not have */
    {"pemdi-2026", "spbe-2020", "48", NULL},
    {"pemdi-2026", "spbe-2020", "", NULL},
    /* no mapping known between the two */
    {"pemdi-2026", "spbe-2018", "11", NULL},
    {"spbe-2020", "pemdi-2026", "1", NULL},
};

START_TEST(test_catalog_map_indicator)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load_shipped(map_cases[_i].catalog, &err);
    const struct dsr_indicator *ind;

    ck_assert_ptr_nonnull(c);
    ind = dsr_catalog_map_indicator(c, map_cases[_i].framework, map_cases[_i].id);
    if (map_cases[_i].want) {
        ck_assert_msg(ind != NULL, "%s %s in %s: none", map_cases[_i].framework,
                      map_cases[_i].id, map_cases[_i].catalog);
        ck_assert_str_eq(ind->id, map_cases[_i].want);
    } else {
        ck_assert_msg(ind == NULL, "%s %s in %s: got %s", map_cases[_i].framework,
                      map_cases[_i].id, map_cases[_i].catalog, ind->id);
    }
    dsr_catalog_free(c);
}
END_TEST

static const struct {
    int year;
    const char *want;       /* the catalog's id, or NULL */
} year_cases[] = {
    {2021, "spbe-2020"}, {2025, "spbe-2020"}, {2026, "pemdi-2026"},
    {2030, "pemdi-2026"}, {2019, NULL},
};

START_TEST(test_catalog_load_for_year)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = dsr_catalog_load_for_year(
        TEST_FRAMEWORKS, year_cases[_i].year, TEST_FRAMEWORK_XSD, &err);

    if (year_cases[_i].want) {
        ck_assert_msg(c != NULL, "%d: %s", year_cases[_i].year, err.msg);
        ck_assert_str_eq(c->id, year_cases[_i].want);
        ck_assert(dsr_catalog_covers(c, year_cases[_i].year));
        dsr_catalog_free(c);
        return;
    }
    ck_assert_ptr_null(c);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_str_eq(err.msg, "no framework covers the year 2019 "
                              "(pemdi-2026: from 2026; spbe-2020: 2021–2025)");
}
END_TEST

/* Two catalogs covering a year: the one with the latest year_from. */
START_TEST(test_catalog_load_for_year_latest)
{
    const char *base = tu_tmpdir();
    char dir[512];
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c;

    snprintf(dir, sizeof(dir), "%s", base);
    tu_write(dir, "a.xml",
             HEAD_YEARS("year-from=\"2020\"") GOOD_BODY
             "<predikat>\n" BANDS "</predikat>\n</framework>\n",
             (size_t)-1);
    tu_write(dir, "t.xml", good_catalog, (size_t)-1);
    /* a.xml declares id 't': a catalog that does not load fails the call */
    ck_assert_ptr_null(dsr_catalog_load_for_year(dir, 2024, TEST_FRAMEWORK_XSD, &err));
    ck_assert_int_eq(err.code, DSR_CATALOG);
    tu_rmtree(dir);

    /* t (no years) and u (from 2020) both cover 2024: u wins */
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    {
        static const char u[] =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<framework xmlns=\"urn:dossier:framework:1\" id=\"u\" "
            "status=\"official\" year-from=\"2020\">\n"
            "<title lang=\"id\">T</title><title lang=\"en\">T</title>"
            "<basis>B</basis>\n"
            "<scales><scale id=\"proses\">" NAMES LEVELS "</scale></scales>\n"
            GOOD_BODY "<predikat>\n" BANDS "</predikat>\n</framework>\n";

        tu_write(dir, "t.xml", good_catalog, (size_t)-1);
        tu_write(dir, "u.xml", u, (size_t)-1);
    }
    dsr_error_clear(&err);
    c = dsr_catalog_load_for_year(dir, 2024, TEST_FRAMEWORK_XSD, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert_str_eq(c->id, "u");
    dsr_catalog_free(c);
    /* before 2020 only t, which names no years, covers it */
    c = dsr_catalog_load_for_year(dir, 2019, TEST_FRAMEWORK_XSD, &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert_str_eq(c->id, "t");
    dsr_catalog_free(c);
    tu_rmtree(dir);
}
END_TEST

/* ---- items, external indices, level bands, rounding ----------------- */

#define PBANDS                                                               \
    BAND("1.00") BAND("1.50") BAND("2.50") BAND("3.50") BAND("4.00")
#define ITEMX(id, lv, texts)                                                 \
    "<item id=\"" id "\" level=\"" lv "\">" texts "</item>\n"
#define ITEM(id, lv) ITEMX(id, lv, "<text lang=\"id\">t " id "</text>")
#define ALT(s) "<alt-name>" s "</alt-name>"
#define XBAND(lv, min, max)                                                  \
    "<band level=\"" lv "\" min=\"" min "\" max=\"" max "\"/>"
#define SDI_BANDS                                                            \
    XBAND("1", "0", "12.5") XBAND("2", "12.5", "37.5")                       \
    XBAND("3", "37.5", "62.5") XBAND("4", "62.5", "75.0")                    \
    XBAND("5", "75", "100")
#define EXT(index, conv, bands)                                              \
    "<external index=\"" index "\" agency=\"Bappenas\" converts=\"" conv     \
    "\">" NAMES bands "</external>\n"
#define INDY(id, w, attrs, alts, tail)                                       \
    "<indicator id=\"" id "\" weight=\"" w "\" scale=\"proses\" " attrs ">"  \
    NAMES alts CRITS tail "</indicator>\n"
#define HEAD_ITEMS(root)                                                     \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                          \
    "<framework xmlns=\"urn:dossier:framework:1\" id=\"t\" "                \
    "status=\"official\" " root ">\n"                                        \
    "<title lang=\"id\">T</title><title lang=\"en\">T</title>"              \
    "<basis>B</basis>\n"                                                     \
    "<items status=\"provisional\"><note lang=\"id\">dari sumber "          \
    "sekunder</note><note lang=\"en\">from secondary sources</note>"        \
    "</items>\n"                                                             \
    "<scales><scale id=\"proses\">" NAMES LEVELS "</scale></scales>\n"
/* body starts on line 6: the aspect, then its first indicator on line 7 */
#define ICAT(root, body)                                                     \
    HEAD_ITEMS(root) body "<predikat>\n" PBANDS "</predikat>\n</framework>\n"
/* indicator 1 as given, the rest plain */
#define ICAT1(attrs, alts, tail)                                             \
    ICAT("", ASPECT("A1", "6000", INDY("1", "3000", attrs, alts, tail)      \
                                      IND("2", "3000"))                      \
                 ASPECT("A2", "4000", IND("3", "4000")))

static const char items_catalog[] = ICAT(
    "",
    ASPECT("A1", "6000",
           INDY("1", "3000", "code=\"1.1\"",
                ALT("Tata Kelola Pemerintah Digital") ALT("TK Pemdi"),
                "\n" ITEM("I1-L1-01", "1") ITEM("I1-L2-01", "2")
                    ITEMX("I1-L2-02", "2",
                          "<text lang=\"id\">dua</text>"
                          "<text lang=\"en\">two</text>")
                        "<item id=\"I1-L4-01\" level=\"4\" portal=\"PG_01_01\">"
                        "<text lang=\"id\">empat</text></item>\n")
               INDY("2", "3000", "code=\"1.2\" source=\"external\"", "",
                    "\n" EXT("SDI", "true", SDI_BANDS) ITEM("I2-L1-01", "1")
                        ITEM("I2-L5-01", "5")))
        ASPECT("A2", "4000",
               INDY("3", "4000", "code=\"2.1\" source=\"external\"", "",
                    EXT("EPSS", "false", ""))));

static struct dsr_catalog *
load_text_catalog(const char *xml, char *dir, size_t size,
                  struct dsr_error *err)
{
    char path[600];

    snprintf(dir, size, "%s", tu_tmpdir());
    tu_write(dir, "t.xml", xml, (size_t)-1);
    snprintf(path, sizeof(path), "%s/t.xml", dir);
    return dsr_catalog_load(path, TEST_FRAMEWORK_XSD, err);
}

START_TEST(test_catalog_items_load)
{
    char dir[512];
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c =
        load_text_catalog(items_catalog, dir, sizeof(dir), &err);
    const struct dsr_indicator *i1, *i2, *i3, *found = NULL;
    const struct dsr_item *it;
    static const size_t first1[] = {0, 0, 1, 3, 3, 4, 4};

    ck_assert_msg(c != NULL, "%lu: %s", err.line, err.msg);
    ck_assert(c->has_items);
    ck_assert(c->items_provisional);
    ck_assert_str_eq(dsr_text_get(&c->items_note, DSR_LANG_ID),
                     "dari sumber sekunder");
    ck_assert_str_eq(dsr_text_get(&c->items_note, DSR_LANG_EN),
                     "from secondary sources");
    ck_assert_int_eq(c->rounding, DSR_ROUND_HALF_UP);
    i1 = &c->indicators[0];
    i2 = &c->indicators[1];
    i3 = &c->indicators[2];
    ck_assert_str_eq(i1->code, "1.1");
    ck_assert_uint_eq(i1->nalt_names, 2);
    ck_assert_str_eq(i1->alt_names[0], "Tata Kelola Pemerintah Digital");
    ck_assert_str_eq(i1->alt_names[1], "TK Pemdi");
    ck_assert_int_eq(i1->source, DSR_SOURCE_EVIDENCE);
    ck_assert_ptr_null(i1->external);
    ck_assert_uint_eq(i1->nitems, 4);
    for (int lv = 0; lv <= DSR_LEVEL_MAX + 1; lv++)
        ck_assert_uint_eq(i1->level_first[lv], first1[lv]);
    ck_assert_str_eq(i1->items[2].id, "I1-L2-02");
    ck_assert_int_eq(i1->items[2].level, 2);
    ck_assert_uint_eq(i1->items[2].number, 2);
    ck_assert_str_eq(dsr_text_get(&i1->items[2].text, DSR_LANG_EN), "two");
    ck_assert_ptr_null(i1->items[0].text.s[DSR_LANG_EN]);
    ck_assert_ptr_null(i1->items[0].portal);
    ck_assert_str_eq(i1->items[3].portal, "PG_01_01");
    /* external, converting */
    ck_assert_int_eq(i2->source, DSR_SOURCE_EXTERNAL);
    ck_assert_ptr_nonnull(i2->external);
    ck_assert_str_eq(i2->external->index, "SDI");
    ck_assert_str_eq(i2->external->agency, "Bappenas");
    ck_assert(i2->external->converts);
    ck_assert(i2->external->has_bands);
    ck_assert_int_eq(i2->external->band[1].min, 0);
    ck_assert_int_eq(i2->external->band[1].max, 125000);
    ck_assert_int_eq(i2->external->band[4].max, 750000);
    ck_assert_int_eq(i2->external->band[5].max, 1000000);
    ck_assert_uint_eq(i2->level_first[2], 1);
    ck_assert_uint_eq(i2->level_first[5], 1);
    ck_assert_uint_eq(i2->level_first[6], 2);
    /* external, not converting, no items */
    ck_assert_int_eq(i3->source, DSR_SOURCE_EXTERNAL);
    ck_assert(!i3->external->converts);
    ck_assert(!i3->external->has_bands);
    ck_assert_uint_eq(i3->nitems, 0);
    ck_assert_uint_eq(i3->level_first[1], 0);
    ck_assert_uint_eq(i3->level_first[6], 0);
    /* lookups */
    it = dsr_indicator_item(i1, "I1-L2-02");
    ck_assert_ptr_eq(it, &i1->items[2]);
    ck_assert_ptr_null(dsr_indicator_item(i1, "I1-L2-03"));
    ck_assert_ptr_null(dsr_indicator_item(i1, "I1-L3-01"));
    ck_assert_ptr_null(dsr_indicator_item(i1, "I1-L2-00"));
    ck_assert_ptr_null(dsr_indicator_item(i1, "I2-L1-01"));
    ck_assert_ptr_null(dsr_indicator_item(i1, "I1-L2-2"));
    ck_assert_ptr_null(dsr_indicator_item(i1, ""));
    ck_assert_ptr_eq(dsr_catalog_item(c, "I2-L5-01", &found), &i2->items[1]);
    ck_assert_ptr_eq(found, i2);
    ck_assert_ptr_eq(dsr_catalog_item(c, "I1-L4-01", NULL), &i1->items[3]);
    ck_assert_ptr_null(dsr_catalog_item(c, "I9-L1-01", &found));
    ck_assert_ptr_null(found);
    ck_assert_ptr_null(dsr_catalog_item(c, "I3-L1-01", &found));
    ck_assert_ptr_null(dsr_catalog_item(c, "1-L1-01", NULL));
    ck_assert_ptr_null(dsr_catalog_item(c, "I-L1-01", NULL));
    ck_assert_ptr_null(dsr_catalog_item(c, "I1-L1-01-", NULL));
    ck_assert_ptr_null(dsr_catalog_item(c, "I1", NULL));
    dsr_catalog_free(c);
    tu_rmtree(dir);
}
END_TEST

/* The shipped spbe-2020 has no items and rounds half-up by default. */
START_TEST(test_catalog_spbe_2020_no_items)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load_shipped("spbe-2020", &err);

    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert(!c->has_items);
    ck_assert(!c->items_provisional);
    ck_assert_int_eq(c->rounding, DSR_ROUND_HALF_UP);
    for (size_t i = 0; i < c->nindicators; i++) {
        ck_assert_uint_eq(c->indicators[i].nitems, 0);
        ck_assert_int_eq(c->indicators[i].source, DSR_SOURCE_EVIDENCE);
        ck_assert_ptr_null(c->indicators[i].code);
        ck_assert_ptr_null(
            dsr_indicator_item(&c->indicators[i], "I1-L1-01"));
    }
    ck_assert_ptr_null(dsr_catalog_item(c, "I1-L1-01", NULL));
    dsr_catalog_free(c);
}
END_TEST

static const struct {
    const char *name;
    const char *xml;
    unsigned long line;
    const char *part;       /* a part of the message */
} broken_items[] = {
    {"item of another indicator",
     ICAT1("", "", "\n" ITEM("I2-L1-01", "1")), 8,
     "item id 'I2-L1-01' is not of indicator '1'"},
    {"item id level differs from its level",
     ICAT1("", "", "\n" ITEM("I1-L2-01", "1")), 8,
     "item 'I1-L2-01' is marked level 1 but its id says level 2"},
    {"numbers do not start at 01",
     ICAT1("", "", "\n" ITEM("I1-L1-02", "1")), 8,
     "item 'I1-L1-02' should be number 01 of its level"},
    {"numbers skip one",
     ICAT1("", "", "\n" ITEM("I1-L1-01", "1") ITEM("I1-L1-03", "1")), 9,
     "item 'I1-L1-03' should be number 02 of its level"},
    {"numbers restart on each level",
     ICAT1("", "", "\n" ITEM("I1-L1-01", "1") ITEM("I1-L2-02", "2")), 9,
     "item 'I1-L2-02' should be number 01 of its level"},
    {"items not ordered by level",
     ICAT1("", "", "\n" ITEM("I1-L2-01", "2") ITEM("I1-L1-01", "1")), 9,
     "item 'I1-L1-01' of level 1 comes after item 'I1-L2-01' of level 2"},
    {"item id used twice",
     ICAT1("", "", "\n" ITEM("I1-L1-01", "1") ITEM("I1-L1-01", "1")), 9,
     "item id 'I1-L1-01' is used twice"},
    {"item without Indonesian text",
     ICAT1("", "",
           "\n" ITEMX("I1-L1-01", "1", "<text lang=\"en\">only</text>")),
     8, "item 'I1-L1-01' has no Indonesian text"},
    {"source external without <external>",
     ICAT1("source=\"external\"", "", ""), 7,
     "indicator '1' is scored from an external index but has no <external>"},
    {"<external> without source external",
     ICAT1("", "", EXT("SDI", "false", "")), 7,
     "indicator '1' has an <external> index but is not marked "
     "source=\"external\""},
    {"four bands",
     ICAT1("source=\"external\"", "",
           "\n" EXT("SDI", "false",
                    XBAND("1", "0", "12.5") XBAND("2", "12.5", "37.5")
                        XBAND("3", "37.5", "62.5") XBAND("4", "62.5", "75"))),
     8, "index 'SDI' of indicator '1' has 4 bands"},
    {"a level's band twice",
     ICAT1("source=\"external\"", "",
           "\n" EXT("SDI", "false",
                    XBAND("1", "0", "12.5") XBAND("1", "12.5", "37.5")
                        XBAND("3", "37.5", "62.5") XBAND("4", "62.5", "75")
                            XBAND("5", "75", "100"))),
     8, "gives the band of level 1 twice"},
    {"band min above max",
     ICAT1("source=\"external\"", "",
           "\n" EXT("SDI", "false",
                    XBAND("1", "12.5", "0") XBAND("2", "12.5", "37.5")
                        XBAND("3", "37.5", "62.5") XBAND("4", "62.5", "75")
                            XBAND("5", "75", "100"))),
     8, "the band of level 1 of index 'SDI' (indicator '1') has min 12.5 "
        "above max 0"},
    {"bands with a gap",
     ICAT1("source=\"external\"", "",
           "\n" EXT("SDI", "false",
                    XBAND("1", "0", "12.5") XBAND("2", "13", "37.5")
                        XBAND("3", "37.5", "62.5") XBAND("4", "62.5", "75")
                            XBAND("5", "75", "100"))),
     8, "level 1 ends at 12.5000 but level 2 starts at 13.0000"},
    {"bands that go back",
     ICAT1("source=\"external\"", "",
           "\n" EXT("SDI", "false",
                    XBAND("1", "0", "12.5") XBAND("2", "12.5", "37.5")
                        XBAND("3", "37.5", "62.5") XBAND("4", "62.5", "75")
                            XBAND("5", "50", "100"))),
     8, "level 4 ends at 75.0000 but level 5 starts at 50.0000"},
    {"a band past the largest value a manifest can give (schema)",
     ICAT1("source=\"external\"", "",
           "\n" EXT("SDI", "true",
                    XBAND("1", "0", "12.5") XBAND("2", "12.5", "37.5")
                        XBAND("3", "37.5", "62.5") XBAND("4", "62.5", "75")
                            XBAND("5", "75", "1000000"))),
     8, "1000000"},
    {"converts without bands",
     ICAT1("source=\"external\"", "", "\n" EXT("SDI", "true", "")), 8,
     "index 'SDI' of indicator '1' converts but has no bands"},
    {"two indicators name the same index",
     ICAT("",
          ASPECT("A1", "6000",
                 INDY("1", "3000", "source=\"external\"", "",
                      EXT("SDI", "false", ""))
                     INDY("2", "3000", "source=\"external\"", "",
                          EXT("SDI", "false", "")))
              ASPECT("A2", "4000", IND("3", "4000"))),
     9, "indicators '1' and '2' both name the index 'SDI'"},
    {"two indicators with the same code",
     ICAT("",
          ASPECT("A1", "6000",
                 INDY("1", "3000", "code=\"1.1\"", "", "")
                     INDY("2", "3000", "code=\"1.1\"", "", ""))
              ASPECT("A2", "4000", IND("3", "4000"))),
     8, "indicators '1' and '2' both have code '1.1'"},
    {"empty other name",
     ICAT1("", ALT("  "), ""), 7, "an <alt-name> of indicator '1' is empty"},
    {"item id of the wrong shape (schema)",
     ICAT1("", "", "\n" ITEM("I1-L1-1", "1")), 8, "I1-L1-1"},
    {"unknown rounding (schema)",
     ICAT("rounding=\"up\"", ASPECT("A1", "10000", IND("1", "10000"))), 2,
     "rounding"},
};

START_TEST(test_catalog_items_refused)
{
    char dir[512];
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c =
        load_text_catalog(broken_items[_i].xml, dir, sizeof(dir), &err);

    ck_assert_msg(c == NULL, "%s: accepted", broken_items[_i].name);
    ck_assert_msg(err.code == DSR_CATALOG, "%s: code %s (%s)",
                  broken_items[_i].name, dsr_code_name(err.code), err.msg);
    ck_assert_msg(err.line == broken_items[_i].line,
                  "%s: line %lu, want %lu (%s)", broken_items[_i].name,
                  err.line, broken_items[_i].line, err.msg);
    ck_assert_msg(strstr(err.msg, broken_items[_i].part) != NULL,
                  "%s: message '%s' lacks '%s'", broken_items[_i].name,
                  err.msg, broken_items[_i].part);
    tu_rmtree(dir);
}
END_TEST

/* SDI -> value on the pemdi-like bands: the reference's two cases, ends */
static const struct {
    long index, value;
} sdi_cases[] = {
    {250000, 20000},    /* SDI 25 -> 2.0000 */
    {687500, 37500},    /* SDI 68.75 -> 3.7500 */
    {0, 10000},         /* bottom of level 1 */
    {125000, 15000},    /* a boundary belongs to the band above */
    {124999, 15000},    /* 1.49999 rounds half-up to 1.5000 */
    {62500, 12500},     /* SDI 6.25: middle of level 1 */
    {1000000, 50000},   /* SDI 100 */
    {1500000, 50000},   /* above the last band: its top */
    {-10000, 10000},    /* below the first band: its bottom */
    {750000, 40000},    /* SDI 75 */
    {3, 10000},         /* 10000 + 3 * 5000 / 125000 = 10000.12 */
    {13, 10001},        /* 10000.52 rounds up */
};

START_TEST(test_catalog_external_convert)
{
    char dir[512];
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c =
        load_text_catalog(items_catalog, dir, sizeof(dir), &err);

    ck_assert_msg(c != NULL, "%lu: %s", err.line, err.msg);
    ck_assert_int_eq(dsr_external_convert(c, c->indicators[1].external,
                                          sdi_cases[_i].index),
                     sdi_cases[_i].value);
    /* no conversion known */
    ck_assert_int_eq(dsr_external_convert(c, c->indicators[2].external,
                                          sdi_cases[_i].index),
                     -1);
    ck_assert_int_eq(dsr_external_convert(c, NULL, sdi_cases[_i].index), -1);
    dsr_catalog_free(c);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_catalog_level_bands)
{
    char dir[512];
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c =
        load_text_catalog(items_catalog, dir, sizeof(dir), &err);
    static const long pemdi[][2] = {{0, 0},         {10000, 15000},
                                    {15000, 25000}, {25000, 35000},
                                    {35000, 40000}, {40000, 50000}};
    static const long spbe[][2] = {{0, 0},         {10000, 18000},
                                   {18000, 26000}, {26000, 35000},
                                   {35000, 42000}, {42000, 50000}};
    long lo, hi;

    ck_assert_msg(c != NULL, "%lu: %s", err.line, err.msg);
    for (int lv = 1; lv <= 5; lv++) {
        dsr_catalog_level_band(c, lv, &lo, &hi);
        ck_assert_int_eq(lo, pemdi[lv][0]);
        ck_assert_int_eq(hi, pemdi[lv][1]);
    }
    /* the level a value stands for: the lowest band that holds it */
    ck_assert_int_eq(dsr_catalog_value_level(c, 10000), 1);
    ck_assert_int_eq(dsr_catalog_value_level(c, 12600), 1);     /* I3 */
    ck_assert_int_eq(dsr_catalog_value_level(c, 15000), 1);     /* I2 */
    ck_assert_int_eq(dsr_catalog_value_level(c, 15001), 2);
    ck_assert_int_eq(dsr_catalog_value_level(c, 16000), 2);
    ck_assert_int_eq(dsr_catalog_value_level(c, 25000), 2);     /* I17 */
    ck_assert_int_eq(dsr_catalog_value_level(c, 37500), 4);     /* SDI 68.75 */
    ck_assert_int_eq(dsr_catalog_value_level(c, 40000), 4);
    ck_assert_int_eq(dsr_catalog_value_level(c, 40001), 5);
    ck_assert_int_eq(dsr_catalog_value_level(c, 50000), 5);
    dsr_catalog_free(c);
    tu_rmtree(dir);
    c = load_shipped("spbe-2020", &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    for (int lv = 1; lv <= 5; lv++) {
        dsr_catalog_level_band(c, lv, &lo, &hi);
        ck_assert_int_eq(lo, spbe[lv][0]);
        ck_assert_int_eq(hi, spbe[lv][1]);
        /* a whole level is its own level under the spbe bands too */
        ck_assert_int_eq(dsr_catalog_value_level(c, lv * 10000L), lv);
    }
    dsr_catalog_free(c);
    /* three bands: a level is its own value */
    c = load_text_catalog(good_catalog, dir, sizeof(dir), &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    for (int lv = 1; lv <= 5; lv++) {
        dsr_catalog_level_band(c, lv, &lo, &hi);
        ck_assert_int_eq(lo, lv * 10000);
        ck_assert_int_eq(hi, lv * 10000);
    }
    /* without five bands a value stands for its whole part */
    ck_assert_int_eq(dsr_catalog_value_level(c, 16000), 1);
    ck_assert_int_eq(dsr_catalog_value_level(c, 50000), 5);
    dsr_catalog_free(c);
    tu_rmtree(dir);
}
END_TEST

static const struct {
    unsigned long long num, den;
    long half_up, down;
} round_cases[] = {
    {11650, 10000, 117, 116},       /* 1.1650 */
    {11649, 10000, 116, 116},       /* 1.1649 */
    {7, 6, 117, 116},               /* 1.1667: I13 */
    {175, 150, 117, 116},           /* (4 + 4 + 4.5 + 5) / 15: A4 */
    {12415, 10000, 124, 124},       /* 1.2415: the Aceh Tengah index */
    {100, 100, 100, 100},           /* exact on integers */
    {5, 1, 500, 500},
    {0, 7, 0, 0},
    {4999999999999ULL, 1000000000000ULL, 500, 499},   /* ~5e12 */
    {5000000000000ULL, 10000ULL * 100000000ULL, 500, 500},
    /* huge den: r * 10 would overflow */
    {11650000000000000000ULL, 10000000000000000000ULL, 117, 116},
    {18446744073709551615ULL, 18446744073709551614ULL, 100, 100},
};

START_TEST(test_catalog_round)
{
    struct dsr_catalog down = {.rounding = DSR_ROUND_DOWN};
    struct dsr_catalog half = {.rounding = DSR_ROUND_HALF_UP};

    ck_assert_int_eq(dsr_catalog_round(&half, round_cases[_i].num,
                                       round_cases[_i].den),
                     round_cases[_i].half_up);
    ck_assert_int_eq(dsr_catalog_round(NULL, round_cases[_i].num,
                                       round_cases[_i].den),
                     round_cases[_i].half_up);
    ck_assert_int_eq(dsr_catalog_round(&down, round_cases[_i].num,
                                       round_cases[_i].den),
                     round_cases[_i].down);
}
END_TEST

/* rounding="down" is read from the catalog; a huge quotient saturates */
START_TEST(test_catalog_rounding_attribute)
{
    char dir[512];
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load_text_catalog(
        ICAT("rounding=\"down\"", ASPECT("A1", "10000", IND("1", "10000"))),
        dir, sizeof(dir), &err);

    ck_assert_msg(c != NULL, "%lu: %s", err.line, err.msg);
    ck_assert_int_eq(c->rounding, DSR_ROUND_DOWN);
    ck_assert(!c->has_items);
    ck_assert(c->items_provisional);
    ck_assert_int_eq(dsr_catalog_round(c, 11650, 10000), 116);
    ck_assert_int_eq(dsr_catalog_round(c, ~0ULL, 1), LONG_MAX);
    /* no short attribute: the dossier calls it by its id */
    ck_assert_str_eq(c->short_name, c->id);
    dsr_catalog_free(c);
    tu_rmtree(dir);
    c = load_shipped("spbe-2020", &err);
    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert_str_eq(c->short_name, "SPBE");
    dsr_catalog_free(c);
}
END_TEST

/* The shipped pemdi-2026: its codes, items and external indices. */
START_TEST(test_catalog_pemdi_2026_items)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load_shipped("pemdi-2026", &err);
    static const char *const codes[] = {
        "1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "4.1", "4.2",
        "4.3", "4.4", "5.1", "5.2", "6.1", "6.2", "6.3", "6.4", "7.1", "7.2"};
    static const size_t i1_levels[] = {1, 4, 4, 2, 3};
    const struct dsr_indicator *ind = NULL;
    size_t total = 0;

    ck_assert_msg(c != NULL, "%s:%lu: %s", err.path, err.line, err.msg);
    ck_assert_str_eq(c->short_name, "Pemdi");
    ck_assert(c->has_items);
    ck_assert(c->items_provisional);
    ck_assert_ptr_nonnull(c->items_note.s[DSR_LANG_ID]);
    ck_assert_ptr_nonnull(c->items_note.s[DSR_LANG_EN]);
    ck_assert_int_eq(c->rounding, DSR_ROUND_HALF_UP);
    ck_assert_uint_eq(c->nindicators, 20);
    for (size_t i = 0; i < c->nindicators; i++) {
        const struct dsr_indicator *x = &c->indicators[i];
        bool ext = i == 4 || i == 5 || i == 6 || i == 17;

        ck_assert_ptr_nonnull(x->code);
        ck_assert_str_eq(x->code, codes[i]);
        ck_assert_msg((x->source == DSR_SOURCE_EXTERNAL) == ext,
                      "indicator %s: source", x->id);
        ck_assert_msg((x->external != NULL) == ext, "indicator %s: external",
                      x->id);
        total += x->nitems;
        for (size_t k = 0; k < x->nitems; k++)
            ck_assert_ptr_eq(dsr_catalog_item(c, x->items[k].id, &ind),
                             &x->items[k]);
    }
    ck_assert_uint_eq(total, 232);
    for (int lv = 1; lv <= 5; lv++)
        ck_assert_uint_eq(c->indicators[0].level_first[lv + 1] -
                              c->indicators[0].level_first[lv],
                          i1_levels[lv - 1]);
    /* I5 converts SDI as the reference's worked cases */
    ck_assert_str_eq(c->indicators[4].external->index, "SDI");
    ck_assert(c->indicators[4].external->converts);
    ck_assert_int_eq(dsr_external_convert(c, c->indicators[4].external,
                                          250000),
                     20000);
    ck_assert_int_eq(dsr_external_convert(c, c->indicators[4].external,
                                          687500),
                     37500);
    ck_assert(!c->indicators[5].external->converts);
    ck_assert(!c->indicators[6].external->converts);
    ck_assert_int_eq(dsr_external_convert(c, c->indicators[5].external,
                                          250000),
                     -1);
    ck_assert_ptr_eq(dsr_catalog_item(c, "I4-L1-02", &ind),
                     &c->indicators[3].items[1]);
    ck_assert_ptr_eq(ind, &c->indicators[3]);
    ck_assert_ptr_null(dsr_catalog_item(c, "I21-L1-01", NULL));
    dsr_catalog_free(c);
}
END_TEST

Suite *
catalog_suite(void)
{
    Suite *s = suite_create("catalog");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_catalog_spbe_2020_shape);
    tcase_add_test(tc, test_catalog_pemdi_2026_shape);
    tcase_add_loop_test(tc, test_catalog_weights_nest, 0,
                        (int)(sizeof(shipped) / sizeof(*shipped)));
    tcase_add_loop_test(tc, test_catalog_band_lookup_exact, 0,
                        (int)(sizeof(bands) / sizeof(*bands)));
    tcase_add_test(tc, test_catalog_text_fallback);
    tcase_add_loop_test(tc, test_catalog_load_id_refuses_unknown_and_unsafe, 0,
                        (int)(sizeof(bad_ids) / sizeof(*bad_ids)));
    tcase_add_test(tc, test_catalog_load_id_checks_declared_id);
    tcase_add_test(tc, test_catalog_list_sorted);
    tcase_add_test(tc, test_catalog_list_shipped);
    tcase_add_test(tc, test_catalog_list_missing_dir);
    tcase_add_test(tc, test_catalog_minimal_loads);
    tcase_add_loop_test(tc, test_catalog_refuses_broken, 0,
                        (int)(sizeof(broken) / sizeof(*broken)));
    tcase_add_test(tc, test_catalog_missing_file);
    tcase_add_test(tc, test_catalog_missing_schema);
    tcase_add_test(tc, test_catalog_too_large);
    tcase_add_test(tc, test_catalog_null_err);
    tcase_add_test(tc, test_catalog_years_parsed);
    tcase_add_test(tc, test_catalog_mapping_minimal);
    tcase_add_test(tc, test_catalog_mapping_shipped);
    tcase_add_loop_test(tc, test_catalog_map_indicator, 0,
                        (int)(sizeof(map_cases) / sizeof(*map_cases)));
    tcase_add_loop_test(tc, test_catalog_load_for_year, 0,
                        (int)(sizeof(year_cases) / sizeof(*year_cases)));
    tcase_add_test(tc, test_catalog_load_for_year_latest);
    tcase_add_test(tc, test_catalog_items_load);
    tcase_add_test(tc, test_catalog_spbe_2020_no_items);
    tcase_add_loop_test(tc, test_catalog_items_refused, 0,
                        (int)(sizeof(broken_items) / sizeof(*broken_items)));
    tcase_add_loop_test(tc, test_catalog_external_convert, 0,
                        (int)(sizeof(sdi_cases) / sizeof(*sdi_cases)));
    tcase_add_test(tc, test_catalog_level_bands);
    tcase_add_loop_test(tc, test_catalog_round, 0,
                        (int)(sizeof(round_cases) / sizeof(*round_cases)));
    tcase_add_test(tc, test_catalog_rounding_attribute);
    tcase_add_test(tc, test_catalog_pemdi_2026_items);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(catalog_suite());
}
