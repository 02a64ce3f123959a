/*
 * test_format.c -- numbers as people read them: a decimal comma for
 * Indonesian, a point for English, without touching the C locale.
 */
#include "testutil.h"

#include "dossier/format.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    long hundredths;
    const char *id;
    const char *en;
} hundredths[] = {
    {328, "3,28", "3.28"},   {100, "1,00", "1.00"},   {5, "0,05", "0.05"},
    {0, "0,00", "0.00"},     {-328, "-3,28", "-3.28"}, {-5, "-0,05", "-0.05"},
    {-100, "-1,00", "-1.00"}, {500, "5,00", "5.00"},   {260, "2,60", "2.60"},
    {99, "0,99", "0.99"},    {12345, "123,45", "123.45"},
    {LONG_MIN, "-92233720368547758,08", "-92233720368547758.08"},
    {LONG_MAX, "92233720368547758,07", "92233720368547758.07"},
};

START_TEST(test_format_hundredths)
{
    char out[64];

    ck_assert_ptr_eq(dsr_format_hundredths(hundredths[_i].hundredths,
                                           DSR_LANG_ID, out, sizeof(out)),
                     out);
    ck_assert_str_eq(out, hundredths[_i].id);
    ck_assert_ptr_eq(dsr_format_hundredths(hundredths[_i].hundredths,
                                           DSR_LANG_EN, out, sizeof(out)),
                     out);
    ck_assert_str_eq(out, hundredths[_i].en);
}
END_TEST

/* A short buffer is cut and still terminated. */
START_TEST(test_format_hundredths_short_buffer)
{
    char out[8];

    memset(out, 'x', sizeof(out));
    dsr_format_hundredths(12345, DSR_LANG_ID, out, 4);
    ck_assert_str_eq(out, "123");
    ck_assert_int_eq(out[4], 'x');
}
END_TEST

/* Four decimals always, in the language's notation (item gains). */
START_TEST(test_format_fixed4)
{
    char out[32];

    ck_assert_str_eq(dsr_format_fixed4(125, DSR_LANG_ID, out, sizeof(out)),
                     "0,0125");
    ck_assert_str_eq(dsr_format_fixed4(500, DSR_LANG_EN, out, sizeof(out)),
                     "0.0500");
    ck_assert_str_eq(dsr_format_fixed4(0, DSR_LANG_ID, out, sizeof(out)),
                     "0,0000");
    ck_assert_str_eq(dsr_format_fixed4(31667, DSR_LANG_EN, out, sizeof(out)),
                     "3.1667");
}
END_TEST

static const struct {
    unsigned long long bytes;
    const char *id;
    const char *en;
} sizes[] = {
    {0, "0 B", "0 B"},
    {512, "512 B", "512 B"},
    {1023, "1023 B", "1023 B"},
    {1024, "1,0 KiB", "1.0 KiB"},
    {1536, "1,5 KiB", "1.5 KiB"},
    {3482, "3,4 KiB", "3.4 KiB"},           /* 3.400 KiB */
    {1075, "1,0 KiB", "1.0 KiB"},           /* 1.0498: rounds down */
    {1076, "1,1 KiB", "1.1 KiB"},           /* 1.0508: rounds up */
    {1048474, "1023,9 KiB", "1023.9 KiB"},  /* just below 1 MiB */
    {1048576, "1,0 MiB", "1.0 MiB"},
    {1258291, "1,2 MiB", "1.2 MiB"},
    {(unsigned long long)512 << 20, "512,0 MiB", "512.0 MiB"},
    {(unsigned long long)1 << 30, "1,0 GiB", "1.0 GiB"},
    {(unsigned long long)5 << 40, "5,0 TiB", "5.0 TiB"},
    /* TiB is the largest unit */
    {(unsigned long long)2048 << 40, "2048,0 TiB", "2048.0 TiB"},
};

START_TEST(test_format_size)
{
    char out[64];

    ck_assert_ptr_eq(dsr_format_size(sizes[_i].bytes, DSR_LANG_ID, out,
                                     sizeof(out)),
                     out);
    ck_assert_str_eq(out, sizes[_i].id);
    dsr_format_size(sizes[_i].bytes, DSR_LANG_EN, out, sizeof(out));
    ck_assert_str_eq(out, sizes[_i].en);
}
END_TEST

static const struct {
    const char *s;
    int lang;
} langs[] = {
    {"id", DSR_LANG_ID}, {"en", DSR_LANG_EN}, {"ID", -1}, {"EN", -1},
    {"", -1},            {"in", -1},          {"eng", -1}, {"id ", -1},
    {NULL, -1},
};

START_TEST(test_format_lang_parse)
{
    ck_assert_int_eq(dsr_lang_parse(langs[_i].s), langs[_i].lang);
}
END_TEST

START_TEST(test_format_lang_name_round_trip)
{
    ck_assert_str_eq(dsr_lang_name(DSR_LANG_ID), "id");
    ck_assert_str_eq(dsr_lang_name(DSR_LANG_EN), "en");
    for (int l = 0; l < DSR_LANG_COUNT; l++)
        ck_assert_int_eq(dsr_lang_parse(dsr_lang_name((enum dsr_lang)l)), l);
}
END_TEST

/* dsr_printable(): what goes in, what comes out */
static const struct {
    const char *in, *out;
} printable_cases[] = {
    {"laporan 2024.pdf", "laporan 2024.pdf"},
    {"", ""},
    {"caf\xc3\xa9 \xe6\x96\x87 \xf0\x9f\x93\x84", "caf\xc3\xa9 \xe6\x96\x87 \xf0\x9f\x93\x84"},
    {"a\nb\rc\td", "a\\nb\\rc\\td"},
    {"bell\x07 del\x7f esc\x1b[2J", "bell\\x07 del\\x7F esc\\x1B[2J"},
    {"latin1 \xe9t\xe9", "latin1 \\xE9t\\xE9"},
    {"c1 \xc2\x9b", "c1 \\xC2\\x9B"},
    {"overlong \xc0\xaf", "overlong \\xC0\\xAF"},
    {"surrogate \xed\xa0\x80", "surrogate \\xED\\xA0\\x80"},
    {"too big \xf4\x90\x80\x80", "too big \\xF4\\x90\\x80\\x80"},
    {"cut \xe6\x96", "cut \\xE6\\x96"},
    {"lone \x80", "lone \\x80"},
    {"back\\slash", "back\\slash"},
    {"a\xef\xbf\xbe" "b\xef\xbf\xbf", "a\\uFFFEb\\uFFFF"},
    {"\xef\xbf\xbd ok", "\xef\xbf\xbd ok"},
    {"laporan\xe2\x80\xae" "fdp.exe", "laporan\\u202Efdp.exe"},
    {"\xd8\x9c \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\x8f", "\\u061C \\u2066x\\u2069 \\u200F"},
    {"emoji \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb", "emoji \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"},
};

START_TEST(test_format_printable)
{
    char *got = dsr_printable(printable_cases[_i].in);

    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, printable_cases[_i].out);
    ck_assert(dsr_is_printable(got));
    ck_assert_int_eq(dsr_is_printable(printable_cases[_i].in),
                     strcmp(printable_cases[_i].in, printable_cases[_i].out) == 0);
    free(got);
}
END_TEST

/* dsr_utf8_next(): lengths and code points, and what is refused */
START_TEST(test_format_utf8_next)
{
    unsigned cp = 0;

    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"A", 1, &cp), 1);
    ck_assert_uint_eq(cp, 'A');
    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
    ck_assert_uint_eq(cp, 0xe9);
    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"\xef\xbf\xbe", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0xfffe);
    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"\xf0\x9f\x93\x84", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x1f4c4);
    /* truncated by 'len', overlong, surrogate, past U+10FFFF, lone continuation */
    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"\xc3\xa9", 1, &cp), 0);
    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"\xe0\x80\xaf", 3, &cp), 0);
    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0);
    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"\xf4\x90\x80\x80", 4, &cp), 0);
    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"\x80", 1, &cp), 0);
    ck_assert_uint_eq(dsr_utf8_next((const unsigned char *)"", 0, &cp), 0);
}
END_TEST

START_TEST(test_format_printable_null)
{
    char *got = dsr_printable(NULL);

    ck_assert_str_eq(got, "");
    free(got);
}
END_TEST

Suite *
format_suite(void)
{
    Suite *s = suite_create("format");
    TCase *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_format_hundredths, 0,
                        (int)(sizeof(hundredths) / sizeof(*hundredths)));
    tcase_add_test(tc, test_format_hundredths_short_buffer);
    tcase_add_test(tc, test_format_fixed4);
    tcase_add_loop_test(tc, test_format_size, 0,
                        (int)(sizeof(sizes) / sizeof(*sizes)));
    tcase_add_loop_test(tc, test_format_lang_parse, 0,
                        (int)(sizeof(langs) / sizeof(*langs)));
    tcase_add_test(tc, test_format_lang_name_round_trip);
    tcase_add_loop_test(tc, test_format_printable, 0,
                        (int)(sizeof(printable_cases) / sizeof(printable_cases[0])));
    tcase_add_test(tc, test_format_printable_null);
    tcase_add_test(tc, test_format_utf8_next);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(format_suite());
}
