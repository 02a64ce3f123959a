/*
 * test_error.c -- the error struct: the first error wins, NULL is allowed,
 * system errors carry their text, and codes keep their names and numbers.
 */
#include "testutil.h"

#include "dossier/error.h"
#include "liberr.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

START_TEST(test_error_set_fills_every_field)
{
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_error_set(&err, DSR_CATALOG, "spbe.xml", 12,
                                   "aspect '%s' weighs %u", "A1", 1300u),
                     -1);
    ck_assert_int_eq(err.code, DSR_CATALOG);
    ck_assert_int_eq(err.sys_errno, 0);
    ck_assert_str_eq(err.path, "spbe.xml");
    ck_assert_uint_eq(err.line, 12);
    ck_assert_str_eq(err.msg, "aspect 'A1' weighs 1300");
}
END_TEST

START_TEST(test_error_set_null_path)
{
    struct dsr_error err = DSR_ERROR_INIT;

    dsr_error_set(&err, DSR_USAGE, NULL, 0, "bad option");
    ck_assert_str_eq(err.path, "");
    ck_assert_uint_eq(err.line, 0);
    ck_assert_str_eq(err.msg, "bad option");
}
END_TEST

START_TEST(test_error_first_error_wins)
{
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_error_set(&err, DSR_INPUT, "a.xml", 3, "first"), -1);
    ck_assert_int_eq(dsr_error_set(&err, DSR_NOMEM, "b.xml", 9, "second"), -1);
    ck_assert_int_eq(dsr_error_sys(&err, ENOENT, "c.xml", "third"), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_int_eq(err.sys_errno, 0);
    ck_assert_str_eq(err.path, "a.xml");
    ck_assert_uint_eq(err.line, 3);
    ck_assert_str_eq(err.msg, "first");
}
END_TEST

START_TEST(test_error_null_err_is_ok)
{
    ck_assert_int_eq(dsr_error_set(NULL, DSR_IO, "x", 1, "ignored %d", 1), -1);
    ck_assert_int_eq(dsr_error_sys(NULL, EACCES, "x", "ignored"), -1);
    dsr_error_clear(NULL);
}
END_TEST

START_TEST(test_error_sys_appends_strerror)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char want[600];

    ck_assert_int_eq(dsr_error_sys(&err, ENOENT, "/data/m.xml",
                                   "cannot open '%s'", "m.xml"),
                     -1);
    snprintf(want, sizeof(want), "cannot open 'm.xml': %s", strerror(ENOENT));
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_int_eq(err.sys_errno, ENOENT);
    ck_assert_str_eq(err.path, "/data/m.xml");
    ck_assert_uint_eq(err.line, 0);
    ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(test_error_sys_without_errno)
{
    struct dsr_error err = DSR_ERROR_INIT;

    dsr_error_sys(&err, 0, NULL, "short read");
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_int_eq(err.sys_errno, 0);
    ck_assert_str_eq(err.msg, "short read");
}
END_TEST

/* Messages longer than the fixed buffer are cut, never overflow. */
START_TEST(test_error_long_message_truncated)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char big[2000];

    memset(big, 'm', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    dsr_error_set(&err, DSR_INPUT, big, 1, "%s", big);
    ck_assert_uint_eq(strlen(err.msg), sizeof(err.msg) - 1);
    ck_assert_uint_eq(strlen(err.path), sizeof(err.path) - 1);
    dsr_error_clear(&err);
    dsr_error_sys(&err, EIO, NULL, "%s", big);
    ck_assert_uint_eq(strlen(err.msg), sizeof(err.msg) - 1);
    ck_assert_int_eq(err.msg[0], 'm');
}
END_TEST

START_TEST(test_error_clear_allows_new_error)
{
    struct dsr_error err = DSR_ERROR_INIT;

    dsr_error_sys(&err, EACCES, "p", "first");
    dsr_error_clear(&err);
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_int_eq(err.sys_errno, 0);
    ck_assert_str_eq(err.path, "");
    ck_assert_uint_eq(err.line, 0);
    ck_assert_str_eq(err.msg, "");
    dsr_error_set(&err, DSR_INTERRUPTED, NULL, 0, "again");
    ck_assert_int_eq(err.code, DSR_INTERRUPTED);
    ck_assert_str_eq(err.msg, "again");
}
END_TEST

/* Names, texts and numbers are part of the contract. */
static const struct {
    enum dsr_code code;
    int number;
    const char *name;
    const char *text;
} codes[] = {
    {DSR_OK, 0, "OK", "success"},
    {DSR_NOMEM, 1, "NOMEM", "out of memory"},
    {DSR_IO, 2, "IO", "input/output error"},
    {DSR_INPUT, 3, "INPUT", "invalid input"},
    {DSR_USAGE, 4, "USAGE", "invalid argument"},
    {DSR_CATALOG, 5, "CATALOG", "invalid framework catalog"},
    {DSR_INTERNAL, 6, "INTERNAL", "internal error"},
    {DSR_INTERRUPTED, 7, "INTERRUPTED", "interrupted"},
    {DSR_RENDER, 8, "RENDER", "cannot render the dossier"},
};

START_TEST(test_error_code_names_and_texts)
{
    ck_assert_int_eq((int)codes[_i].code, codes[_i].number);
    ck_assert_str_eq(dsr_code_name(codes[_i].code), codes[_i].name);
    ck_assert_str_eq(dsr_code_text(codes[_i].code), codes[_i].text);
}
END_TEST

START_TEST(test_error_code_out_of_range)
{
    int n = (int)(sizeof(codes) / sizeof(*codes));

    ck_assert_str_eq(dsr_code_name((enum dsr_code)n), "UNKNOWN");
    ck_assert_str_eq(dsr_code_text((enum dsr_code)n), "unknown error");
    ck_assert_str_eq(dsr_code_name((enum dsr_code)1000), "UNKNOWN");
    ck_assert_str_eq(dsr_code_text((enum dsr_code)-1), "unknown error");
}
END_TEST

/* In English our words are the whole text: glibc's for the system. */
START_TEST(test_error_texts_in_english)
{
    struct dsr_error err = DSR_ERROR_INIT;
    const char *a, *b;

    ck_assert_str_eq(dsr_strerror(ENOENT), "No such file or directory");
    ck_assert_str_eq(dsr_strerror(EACCES), "Permission denied");
    ck_assert_str_eq(dsr_strerror(123456), "system error 123456");
    ck_assert_str_eq(dsr_zip_text(ZIP_ER_NOZIP, 0), "not a zip archive");
    ck_assert_str_eq(dsr_zip_text(ZIP_ER_CRC, 0),
                     "CRC mismatch: the content is damaged");
    ck_assert_str_eq(dsr_zip_text(ZIP_ER_READ, EIO),
                     "cannot read: Input/output error");
    /* a code we have no words for keeps libzip's */
    ck_assert_str_eq(dsr_zip_text(ZIP_ER_INUSE, 0),
                     "the zip archive cannot be used (libzip: Resource still in use)");
    /* a few texts in one message do not overwrite each other */
    a = dsr_strerror(ENOENT);
    b = dsr_zip_text(ZIP_ER_EOF, 0);
    ck_assert_str_eq(a, "No such file or directory");
    ck_assert_str_eq(b, "the zip archive ends too early: it is truncated");
    dsr_error_sys(&err, ENOSPC, "x", "cannot write");
    ck_assert_str_eq(err.msg, "cannot write: No space left on device");
}
END_TEST

static void
indonesian(void)
{
    setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", "id", 1);
    bindtextdomain("dossier", TEST_LOCALE_DIR);
    bind_textdomain_codeset("dossier", "UTF-8");
    textdomain("dossier");
}

static void
back_to_english(void)
{
    setenv("LANGUAGE", "en", 1);
    textdomain("dossier");
}

/*
 * In Indonesian: our words translated, then the original detail: the errno
 * name, or libzip's own text; and a message recorded in English by a call
 * site that forgot _() still comes out translated.
 */
START_TEST(test_error_texts_in_indonesian)
{
    struct dsr_error err = DSR_ERROR_INIT;
    const char *want;

    ck_assert_str_eq(dsr_strerror(EACCES), "izin ditolak (EACCES)");
    ck_assert_str_eq(dsr_strerror(ENOENT), "berkas atau folder tidak ada (ENOENT)");
    ck_assert_str_eq(dsr_strerror(123456), "kesalahan sistem nomor 123456");
    ck_assert_str_eq(dsr_zip_text(ZIP_ER_NOZIP, 0),
                     "bukan arsip zip (libzip: Not a zip archive)");
    ck_assert_str_eq(dsr_zip_text(ZIP_ER_CRC, 0),
                     "CRC tidak cocok: isi rusak (libzip: CRC error)");
    /* libzip's text ends with the C library's, in whatever language */
    want = "tidak dapat dibuka: berkas atau folder tidak ada (ENOENT) "
           "(libzip: Can't open file: ";
    ck_assert_int_eq(strncmp(dsr_zip_text(ZIP_ER_OPEN, ENOENT), want,
                             strlen(want)), 0);
    dsr_error_sys(&err, ENOTDIR, "x", "cannot create the folder");
    ck_assert_str_eq(err.msg, "folder tidak dapat dibuat: bukan folder (ENOTDIR)");
    dsr_error_clear(&err);
    dsr_error_set(&err, DSR_INPUT, "x", 0, "cannot read '%s'", "a.pdf");
    ck_assert_str_eq(err.msg, "'a.pdf' tidak dapat dibaca");
}
END_TEST

Suite *
error_suite(void)
{
    Suite *s = suite_create("error");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_error_set_fills_every_field);
    tcase_add_test(tc, test_error_set_null_path);
    tcase_add_test(tc, test_error_first_error_wins);
    tcase_add_test(tc, test_error_null_err_is_ok);
    tcase_add_test(tc, test_error_sys_appends_strerror);
    tcase_add_test(tc, test_error_sys_without_errno);
    tcase_add_test(tc, test_error_long_message_truncated);
    tcase_add_test(tc, test_error_clear_allows_new_error);
    tcase_add_test(tc, test_error_texts_in_english);
    tcase_add_loop_test(tc, test_error_code_names_and_texts, 0,
                        (int)(sizeof(codes) / sizeof(*codes)));
    tcase_add_test(tc, test_error_code_out_of_range);
    suite_add_tcase(s, tc);
    tc = tcase_create("indonesian");
    tcase_add_checked_fixture(tc, indonesian, back_to_english);
    tcase_add_test(tc, test_error_texts_in_indonesian);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(error_suite());
}
