/*
 * test_format.c -- decimal comma in Indonesian, point in English.
 */
#include "testutil.h"

#include "dossier/format.h"

static const struct {
    long v;
    enum dsr_lang lang;
    const char *want;
} hundredths[] = {
    {328, DSR_LANG_ID, "3,28"}, {328, DSR_LANG_EN, "3.28"},
    {100, DSR_LANG_ID, "1,00"}, {5, DSR_LANG_EN, "0.05"},
    {0, DSR_LANG_ID, "0,00"},   {-29, DSR_LANG_ID, "-0,29"},
    {500, DSR_LANG_EN, "5.00"}, {1300, DSR_LANG_ID, "13,00"},
};

START_TEST(test_format_hundredths)
{
    char buf[32];

    ck_assert_str_eq(dsr_format_hundredths(hundredths[_i].v, hundredths[_i].lang,
                                           buf, sizeof(buf)),
                     hundredths[_i].want);
}
END_TEST

static const struct {
    unsigned long long v;
    enum dsr_lang lang;
    const char *want;
} sizes[] = {
    {0, DSR_LANG_ID, "0 B"},
    {1023, DSR_LANG_EN, "1023 B"},
    {1024, DSR_LANG_EN, "1.0 KiB"},
    {1536, DSR_LANG_ID, "1,5 KiB"},
    {512ULL << 20, DSR_LANG_EN, "512.0 MiB"},
    {3ULL << 30, DSR_LANG_ID, "3,0 GiB"},
};

START_TEST(test_format_size)
{
    char buf[32];

    ck_assert_str_eq(dsr_format_size(sizes[_i].v, sizes[_i].lang, buf, sizeof(buf)),
                     sizes[_i].want);
}
END_TEST

START_TEST(test_format_lang_parse)
{
    ck_assert_int_eq(dsr_lang_parse("id"), DSR_LANG_ID);
    ck_assert_int_eq(dsr_lang_parse("en"), DSR_LANG_EN);
    ck_assert_int_eq(dsr_lang_parse("fr"), -1);
    ck_assert_int_eq(dsr_lang_parse(NULL), -1);
    ck_assert_str_eq(dsr_lang_name(DSR_LANG_EN), "en");
}
END_TEST

Suite *
format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_format_hundredths, 0,
                        sizeof(hundredths) / sizeof(*hundredths));
    tcase_add_loop_test(tc, test_format_size, 0, sizeof(sizes) / sizeof(*sizes));
    tcase_add_test(tc, test_format_lang_parse);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(format_suite());
}
