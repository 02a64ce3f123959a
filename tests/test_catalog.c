/*
 * test_catalog.c -- the shipped catalogs load and nest; broken ones are
 * refused with their file, line and reason.
 */
#include "testutil.h"

#include "dossier/catalog.h"
#include "dossier/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct dsr_catalog *
load(const char *id, struct dsr_error *err)
{
    return dsr_catalog_load_id(TEST_FRAMEWORKS, id, TEST_FRAMEWORK_XSD, err);
}

START_TEST(test_catalog_spbe_2020_shape)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load("spbe-2020", &err);
    unsigned total = 0;

    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert_str_eq(c->id, "spbe-2020");
    ck_assert(!c->provisional);
    ck_assert_uint_eq(c->ndomains, 4);
    ck_assert_uint_eq(c->naspects, 8);
    ck_assert_uint_eq(c->nindicators, 47);
    ck_assert_uint_eq(c->nbands, 5);
    for (size_t i = 0; i < c->nindicators; i++) {
        const struct dsr_indicator *ind = &c->indicators[i];
        char id[24];

        snprintf(id, sizeof(id), "%zu", i + 1);
        ck_assert_str_eq(ind->id, id);
        ck_assert_uint_eq(ind->number, i + 1);
        ck_assert_str_eq(ind->scale->id, i < 31 ? "proses" : "layanan");
        for (int lv = 1; lv <= 5; lv++) {
            ck_assert_ptr_nonnull(ind->criterion[lv].s[DSR_LANG_ID]);
            ck_assert_ptr_nonnull(ind->criterion[lv].s[DSR_LANG_EN]);
        }
        ck_assert_ptr_nonnull(ind->name.s[DSR_LANG_EN]);
        total += ind->weight;
    }
    ck_assert_uint_eq(total, 10000);
    ck_assert_uint_eq(c->indicators[0].weight, 130);
    ck_assert_uint_eq(c->indicators[46].weight, 300);
    ck_assert_str_eq(c->domains[3].id, "D4");
    ck_assert_uint_eq(c->domains[3].weight, 4550);
    ck_assert_str_eq(c->aspects[c->indicators[46].aspect].id, "A8");
    ck_assert_str_eq(c->scales[0].level_name[4].s[DSR_LANG_ID], "Terpadu dan Terukur");
    ck_assert_str_eq(c->bands[4].name.s[DSR_LANG_ID], "Memuaskan");
    ck_assert_uint_eq(c->bands[4].min, 420);
    dsr_catalog_free(c);
}
END_TEST

START_TEST(test_catalog_pemdi_2026_shape)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load("pemdi-2026", &err);

    ck_assert_msg(c != NULL, "%s", err.msg);
    ck_assert(c->provisional);
    ck_assert_ptr_nonnull(c->note.s[DSR_LANG_ID]);
    ck_assert_uint_eq(c->ndomains, 0);
    ck_assert_uint_eq(c->naspects, 7);
    ck_assert_uint_eq(c->nindicators, 20);
    ck_assert_uint_eq(c->aspects[6].weight, 2500);
    ck_assert_uint_eq(c->bands[1].min, 150);
    dsr_catalog_free(c);
}
END_TEST

static const struct {
    unsigned long long num, den;
    const char *band;
} bands[] = {
    {26000, 10000, "Baik"},   {25999, 10000, "Cukup"},
    {18000, 10000, "Cukup"},  {17999, 10000, "Kurang"},
    {42000, 10000, "Memuaskan"}, {41999, 10000, "Sangat Baik"},
    {35, 10, "Sangat Baik"},  {1, 1, "Kurang"}, {5, 1, "Memuaskan"},
    /* 2.6 exactly as 13/5, and just under it as 2599999/1000000 */
    {13, 5, "Baik"},          {2599999, 1000000, "Cukup"},
};

START_TEST(test_catalog_band_lookup_is_exact)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = load("spbe-2020", &err);

    ck_assert_ptr_nonnull(c);
    ck_assert_str_eq(dsr_catalog_band(c, bands[_i].num, bands[_i].den)->name.s[DSR_LANG_ID],
                     bands[_i].band);
    dsr_catalog_free(c);
}
END_TEST

START_TEST(test_catalog_unknown_and_unsafe_ids)
{
    static const char *const ids[] = {"spbe-1999", "../frameworks/spbe-2020",
                                      "/etc/passwd", ".hidden", ""};

    for (size_t i = 0; i < sizeof(ids) / sizeof(*ids); i++) {
        struct dsr_error err = DSR_ERROR_INIT;

        ck_assert_ptr_null(load(ids[i], &err));
        ck_assert_int_eq(err.code, DSR_INPUT);
    }
}
END_TEST

START_TEST(test_catalog_list_is_sorted)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char **ids;
    size_t n;

    ck_assert_int_eq(dsr_catalog_list(TEST_FRAMEWORKS, &ids, &n, &err), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(ids[0], "pemdi-2026");
    ck_assert_str_eq(ids[1], "spbe-2020");
    dsr_catalog_ids_free(ids, n);
}
END_TEST

/* The shipped spbe-2020 catalog with one substitution applied. */
static char *
spbe_with(const char *from, const char *to)
{
    FILE *f = fopen(TEST_FRAMEWORKS "/spbe-2020.xml", "rb");
    static char buf[1 << 18];
    size_t n;
    char *at;
    char *out;

    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    at = strstr(buf, from);
    ck_assert_msg(at != NULL, "'%s' not in the catalog", from);
    out = malloc(n + strlen(to) + 1);
    memcpy(out, buf, (size_t)(at - buf));
    strcpy(out + (at - buf), to);
    strcat(out, at + strlen(from));
    return out;
}

static const struct {
    const char *from, *to, *message;
} broken[] = {
    {"<indicator id=\"1\" weight=\"130\"", "<indicator id=\"1\" weight=\"131\"",
     "aspect 'A1' weighs 1300 but its indicators add up to 1301"},
    {"<domain id=\"D1\" weight=\"1300\"", "<domain id=\"D1\" weight=\"1400\"",
     "domain 'D1' weighs 1400 but its aspects add up to 1300"},
    {"<band min=\"1.00\">", "<band min=\"1.10\">",
     "the lowest predikat band must start at 1.00"},
    {"<band min=\"4.20\">", "<band min=\"2.00\">",
     "predikat bands must be in ascending order"},
    {"<indicator id=\"2\" ", "<indicator id=\"1\" ", "indicator id '1' is used twice"},
    {"scale=\"layanan\"", "scale=\"jasa\"", "indicator '32' names an unknown scale"},
};

START_TEST(test_catalog_refuses_broken_catalogs)
{
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char *xml = spbe_with(broken[_i].from, broken[_i].to);
    char path[512];

    tu_write(dir, "spbe-2020.xml", xml, (size_t)-1);
    free(xml);
    snprintf(path, sizeof(path), "%s/spbe-2020.xml", dir);
    ck_assert_ptr_null(dsr_catalog_load(path, TEST_FRAMEWORK_XSD, &err));
    ck_assert_int_eq(err.code, DSR_CATALOG);
    ck_assert_str_eq(err.path, path);
    ck_assert_str_eq(err.msg, broken[_i].message);
    tu_rmtree(dir);
}
END_TEST

static const char *const unparsable[] = {
    /* not valid against the schema: no predikat */
    "<framework xmlns=\"urn:dossier:framework:1\" id=\"x\" status=\"official\">"
    "<title lang=\"id\">x</title></framework>",
    /* not well-formed, with the problem on line 2 */
    "<framework xmlns=\"urn:dossier:framework:1\">\n<title>",
    /* a DOCTYPE with an entity */
    "<?xml version=\"1.0\"?><!DOCTYPE f [<!ENTITY e \"x\">]><framework/>",
};

START_TEST(test_catalog_refuses_unparsable)
{
    struct dsr_error err = DSR_ERROR_INIT;
    const char *dir = tu_tmpdir();
    char path[512];

    tu_write(dir, "x.xml", unparsable[_i], (size_t)-1);
    snprintf(path, sizeof(path), "%s/x.xml", dir);
    ck_assert_ptr_null(dsr_catalog_load(path, TEST_FRAMEWORK_XSD, &err));
    ck_assert_int_eq(err.code, DSR_CATALOG);
    ck_assert_uint_gt(strlen(err.msg), 0);
    if (_i == 1)
        ck_assert_uint_eq(err.line, 2);
    tu_rmtree(dir);
}
END_TEST

Suite *
catalog_suite(void)
{
    Suite *s = suite_create("catalog");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_catalog_spbe_2020_shape);
    tcase_add_test(tc, test_catalog_pemdi_2026_shape);
    tcase_add_loop_test(tc, test_catalog_band_lookup_is_exact, 0,
                        sizeof(bands) / sizeof(*bands));
    tcase_add_test(tc, test_catalog_unknown_and_unsafe_ids);
    tcase_add_test(tc, test_catalog_list_is_sorted);
    tcase_add_loop_test(tc, test_catalog_refuses_broken_catalogs, 0,
                        sizeof(broken) / sizeof(*broken));
    tcase_add_loop_test(tc, test_catalog_refuses_unparsable, 0,
                        sizeof(unparsable) / sizeof(*unparsable));
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(catalog_suite());
}
