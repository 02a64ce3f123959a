/*
 * test_error.c -- the first error wins; errno text is appended.
 */
#include "testutil.h"

#include "dossier/error.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

START_TEST(test_error_first_error_wins)
{
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_error_set(&err, DSR_INPUT, "m.xml", 12,
                                   "unknown item '%s'", "scan"), -1);
    dsr_error_set(&err, DSR_NOMEM, NULL, 0, "out of memory");
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_str_eq(err.path, "m.xml");
    ck_assert_uint_eq(err.line, 12);
    ck_assert_str_eq(err.msg, "unknown item 'scan'");
    dsr_error_clear(&err);
    ck_assert_int_eq(err.code, DSR_OK);
    dsr_error_set(&err, DSR_NOMEM, NULL, 0, "out of memory");
    ck_assert_int_eq(err.code, DSR_NOMEM);
    ck_assert_str_eq(err.path, "");
}
END_TEST

START_TEST(test_error_null_is_allowed)
{
    ck_assert_int_eq(dsr_error_set(NULL, DSR_IO, "x", 1, "y"), -1);
    ck_assert_int_eq(dsr_error_sys(NULL, ENOENT, "x", "y"), -1);
    dsr_error_clear(NULL);
}
END_TEST

START_TEST(test_error_sys_appends_errno_text)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char want[256];

    dsr_error_sys(&err, ENOENT, "bukti/a.pdf", "cannot open '%s'", "a.pdf");
    snprintf(want, sizeof(want), "cannot open 'a.pdf': %s", strerror(ENOENT));
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_int_eq(err.sys_errno, ENOENT);
    ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(test_error_code_names)
{
    ck_assert_str_eq(dsr_code_name(DSR_OK), "OK");
    ck_assert_str_eq(dsr_code_name(DSR_CATALOG), "CATALOG");
    ck_assert_str_eq(dsr_code_text(DSR_NOMEM), "out of memory");
    ck_assert_str_eq(dsr_code_name((enum dsr_code)999), "UNKNOWN");
}
END_TEST

Suite *
error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_error_first_error_wins);
    tcase_add_test(tc, test_error_null_is_allowed);
    tcase_add_test(tc, test_error_sys_appends_errno_text);
    tcase_add_test(tc, test_error_code_names);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(error_suite());
}
