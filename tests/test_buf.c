/*
 * test_buf.c -- the bounded buffer keeps its invariants and its limit.
 */
#include "testutil.h"

#include "dossier/buf.h"
#include "dossier/error.h"

#include <stdlib.h>
#include <string.h>

START_TEST(test_buf_empty_is_empty_string)
{
    struct dsr_buf b = DSR_BUF_INIT;

    ck_assert_str_eq(dsr_buf_str(&b), "");
    ck_assert_uint_eq(b.len, 0);
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_appends_and_formats)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_buf_adds(&b, "indeks ", &err), 0);
    ck_assert_int_eq(dsr_buf_addf(&b, &err, "%d,%02d", 3, 28), 0);
    ck_assert_int_eq(dsr_buf_add(&b, " Baik!", 5, &err), 0);
    ck_assert_str_eq(dsr_buf_str(&b), "indeks 3,28 Baik");
    ck_assert_uint_eq(b.len, strlen("indeks 3,28 Baik"));
    ck_assert_int_eq(b.data[b.len], '\0');
    dsr_buf_reset(&b);
    ck_assert_str_eq(dsr_buf_str(&b), "");
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_grows_past_initial_capacity)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    for (int i = 0; i < 10000; i++)
        ck_assert_int_eq(dsr_buf_adds(&b, "abc", &err), 0);
    ck_assert_uint_eq(b.len, 30000);
    ck_assert_int_eq(b.data[29999], 'c');
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_limit_fails_and_keeps_content)
{
    struct dsr_buf b;
    struct dsr_error err = DSR_ERROR_INIT;

    dsr_buf_init(&b, 8);
    ck_assert_int_eq(dsr_buf_adds(&b, "12345678", &err), 0);
    ck_assert_int_eq(dsr_buf_adds(&b, "9", &err), -1);
    ck_assert_int_eq(err.code, DSR_NOMEM);
    ck_assert_str_eq(dsr_buf_str(&b), "12345678");
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_detach_hands_over_storage)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    char *s;

    s = dsr_buf_detach(&b);
    ck_assert_str_eq(s, "");
    free(s);
    dsr_buf_adds(&b, "x", &err);
    s = dsr_buf_detach(&b);
    ck_assert_str_eq(s, "x");
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    free(s);
    dsr_buf_release(NULL);
}
END_TEST

Suite *
buf_suite(void)
{
    Suite *s = suite_create("buf");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_buf_empty_is_empty_string);
    tcase_add_test(tc, test_buf_appends_and_formats);
    tcase_add_test(tc, test_buf_grows_past_initial_capacity);
    tcase_add_test(tc, test_buf_limit_fails_and_keeps_content);
    tcase_add_test(tc, test_buf_detach_hands_over_storage);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(buf_suite());
}
