/*
 * test_buf.c -- the bounded buffer: appends, formatting, its limit, and
 * the invariants buf.h promises (always NUL-terminated, "" when empty,
 * storage taken only by detach).
 */
#include "testutil.h"

#include "dossier/buf.h"
#include "dossier/error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

START_TEST(test_buf_str_on_empty)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_buf c;

    ck_assert_ptr_null(b.data);
    ck_assert_str_eq(dsr_buf_str(&b), "");
    ck_assert_uint_eq(b.len, 0);
    dsr_buf_init(&c, 16);
    ck_assert_ptr_null(c.data);
    ck_assert_uint_eq(c.limit, 16);
    ck_assert_str_eq(dsr_buf_str(&c), "");
    dsr_buf_release(&b);
    dsr_buf_release(&c);
}
END_TEST

START_TEST(test_buf_append_and_format)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_buf_adds(&b, "indeks ", &err), 0);
    ck_assert_int_eq(dsr_buf_addf(&b, &err, "%d,%02d", 3, 28), 0);
    ck_assert_int_eq(dsr_buf_add(&b, " Baik!", 5, &err), 0);
    ck_assert_str_eq(dsr_buf_str(&b), "indeks 3,28 Baik");
    ck_assert_uint_eq(b.len, strlen("indeks 3,28 Baik"));
    ck_assert_int_eq(err.code, DSR_OK);
    dsr_buf_release(&b);
}
END_TEST

/* Every successful append leaves data[len] == '\0', whichever call made it. */
START_TEST(test_buf_always_nul_terminated)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    /* an empty append still gives a terminated string */
    ck_assert_int_eq(dsr_buf_add(&b, "", 0, &err), 0);
    ck_assert_ptr_nonnull(b.data);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_int_eq(b.data[0], '\0');
    for (int i = 0; i < 300; i++) {
        switch (i % 3) {
        case 0:
            ck_assert_int_eq(dsr_buf_add(&b, "xyz", 1, &err), 0);
            break;
        case 1:
            ck_assert_int_eq(dsr_buf_adds(&b, "y", &err), 0);
            break;
        default:
            ck_assert_int_eq(dsr_buf_addf(&b, &err, "%c", 'z'), 0);
            break;
        }
        ck_assert_uint_eq(b.len, (size_t)i + 1);
        ck_assert_uint_gt(b.cap, b.len);
        ck_assert_int_eq(b.data[b.len], '\0');
        ck_assert_int_eq(b.data[i], "xyz"[i % 3]);
    }
    ck_assert_uint_eq(strlen(dsr_buf_str(&b)), 300);
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_binary_with_nul_bytes)
{
    static const char bytes[] = {'a', '\0', 'b', '\0', 'c'};
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_buf_add(&b, bytes, sizeof(bytes), &err), 0);
    ck_assert_uint_eq(b.len, 5);
    ck_assert_mem_eq(b.data, bytes, sizeof(bytes));
    ck_assert_int_eq(b.data[5], '\0');
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_addf_grows_past_initial_capacity)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    char want[1001];

    memset(want, 'k', 1000);
    want[1000] = '\0';
    ck_assert_int_eq(dsr_buf_adds(&b, "[", &err), 0);
    ck_assert_int_eq(dsr_buf_addf(&b, &err, "%s]", want), 0);
    ck_assert_uint_eq(b.len, 1002);
    ck_assert_int_eq(b.data[0], '[');
    ck_assert_int_eq(b.data[1000], 'k');
    ck_assert_int_eq(b.data[1001], ']');
    ck_assert_int_eq(b.data[1002], '\0');
    dsr_buf_release(&b);
}
END_TEST

/*
 * Limit enforcement: with a limit of 'limit' bytes and 'first' already in
 * the buffer, appending 'more' bytes succeeds or fails as 'ok' says; a
 * failure is DSR_NOMEM and leaves the content as it was.
 */
static const struct {
    size_t limit;
    const char *first;
    const char *more;
    int ok;
} limits[] = {
    {10, "12345678", "9", 1},    {10, "12345678", "90", 1},
    {10, "12345678", "901", 0},  {10, "", "12345678901", 0},
    {10, "", "1234567890", 1},   {1, "", "ab", 0},
    {1, "a", "b", 0},            {64, "", "", 1},
    {200, "x", "0123456789012345678901234567890123456789012345678901234567890123"
               "4567890123456789", 1},
};

START_TEST(test_buf_limit_add)
{
    struct dsr_buf b;
    struct dsr_error err = DSR_ERROR_INIT;
    char msg[128];
    char *before;

    dsr_buf_init(&b, limits[_i].limit);
    ck_assert_int_eq(dsr_buf_adds(&b, limits[_i].first, &err), 0);
    before = strdup(dsr_buf_str(&b));
    ck_assert_ptr_nonnull(before);
    if (limits[_i].ok) {
        ck_assert_int_eq(dsr_buf_adds(&b, limits[_i].more, &err), 0);
        ck_assert_int_eq(err.code, DSR_OK);
        ck_assert_uint_eq(b.len, strlen(before) + strlen(limits[_i].more));
        ck_assert_uint_le(b.len, limits[_i].limit);
    } else {
        ck_assert_int_eq(dsr_buf_adds(&b, limits[_i].more, &err), -1);
        ck_assert_int_eq(err.code, DSR_NOMEM);
        snprintf(msg, sizeof(msg), "buffer would exceed its limit of %zu bytes",
                 limits[_i].limit);
        ck_assert_str_eq(err.msg, msg);
        ck_assert_str_eq(dsr_buf_str(&b), before);
        ck_assert_uint_eq(b.len, strlen(before));
    }
    free(before);
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_limit_addf)
{
    struct dsr_buf b;
    struct dsr_error err = DSR_ERROR_INIT;

    dsr_buf_init(&b, 8);
    ck_assert_int_eq(dsr_buf_addf(&b, &err, "%d-%d", 12, 34), 0);
    ck_assert_int_eq(dsr_buf_addf(&b, &err, "%s", "abcd"), -1);
    ck_assert_int_eq(err.code, DSR_NOMEM);
    ck_assert_str_eq(err.msg, "buffer would exceed its limit of 8 bytes");
    ck_assert_str_eq(dsr_buf_str(&b), "12-34");
    ck_assert_uint_eq(b.len, 5);
    ck_assert_int_eq(b.data[5], '\0');
    /* still usable up to the limit */
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_buf_addf(&b, &err, "%s", "abc"), 0);
    ck_assert_str_eq(dsr_buf_str(&b), "12-34abc");
    dsr_buf_release(&b);
}
END_TEST

/* A length near SIZE_MAX is refused before anything is read or allocated. */
START_TEST(test_buf_limit_huge_length)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_buf_adds(&b, "ok", &err), 0);
    ck_assert_int_eq(dsr_buf_add(&b, "x", SIZE_MAX, &err), -1);
    ck_assert_int_eq(err.code, DSR_NOMEM);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_buf_add(&b, "x", SIZE_MAX - 1, &err), -1);
    ck_assert_int_eq(err.code, DSR_NOMEM);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_buf_add(&b, "x", DSR_BUF_DEFAULT_LIMIT, &err), -1);
    ck_assert_int_eq(err.code, DSR_NOMEM);
    ck_assert_str_eq(dsr_buf_str(&b), "ok");
    dsr_buf_release(&b);
}
END_TEST

/* The error argument may be NULL; an earlier error is not overwritten. */
START_TEST(test_buf_limit_error_handling)
{
    struct dsr_buf b;
    struct dsr_error err = DSR_ERROR_INIT;

    dsr_buf_init(&b, 2);
    ck_assert_int_eq(dsr_buf_adds(&b, "abc", NULL), -1);
    ck_assert_str_eq(dsr_buf_str(&b), "");
    dsr_error_set(&err, DSR_IO, "x", 3, "earlier");
    ck_assert_int_eq(dsr_buf_adds(&b, "abc", &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_str_eq(err.msg, "earlier");
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_reset_keeps_storage)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    const char *data;
    size_t cap;

    dsr_buf_reset(&b);  /* on a never-used buffer */
    ck_assert_str_eq(dsr_buf_str(&b), "");
    ck_assert_int_eq(dsr_buf_adds(&b, "sebelum", &err), 0);
    data = b.data;
    cap = b.cap;
    dsr_buf_reset(&b);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_ptr_eq(b.data, data);
    ck_assert_uint_eq(b.cap, cap);
    ck_assert_str_eq(dsr_buf_str(&b), "");
    ck_assert_int_eq(dsr_buf_adds(&b, "sesudah", &err), 0);
    ck_assert_str_eq(dsr_buf_str(&b), "sesudah");
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_detach)
{
    struct dsr_buf b;
    struct dsr_error err = DSR_ERROR_INIT;
    char *s;

    dsr_buf_init(&b, 100);
    ck_assert_int_eq(dsr_buf_adds(&b, "milik pemanggil", &err), 0);
    s = dsr_buf_detach(&b);
    ck_assert_str_eq(s, "milik pemanggil");
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_eq(b.cap, 0);
    ck_assert_uint_eq(b.limit, 100);
    ck_assert_str_eq(dsr_buf_str(&b), "");
    /* the buffer is reusable and independent of the detached string */
    ck_assert_int_eq(dsr_buf_adds(&b, "baru", &err), 0);
    ck_assert_str_eq(dsr_buf_str(&b), "baru");
    ck_assert_str_eq(s, "milik pemanggil");
    free(s);
    dsr_buf_release(&b);
}
END_TEST

START_TEST(test_buf_detach_empty)
{
    struct dsr_buf b = DSR_BUF_INIT;
    char *s = dsr_buf_detach(&b);

    /* never NULL: an empty, caller-owned string */
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "");
    free(s);
    ck_assert_ptr_null(b.data);
}
END_TEST

START_TEST(test_buf_release)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error err = DSR_ERROR_INIT;

    dsr_buf_release(NULL);
    dsr_buf_release(&b);
    ck_assert_int_eq(dsr_buf_adds(&b, "isi", &err), 0);
    dsr_buf_release(&b);
    ck_assert_ptr_null(b.data);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_uint_eq(b.cap, 0);
    ck_assert_str_eq(dsr_buf_str(&b), "");
    /* reusable after release */
    ck_assert_int_eq(dsr_buf_adds(&b, "lagi", &err), 0);
    ck_assert_str_eq(dsr_buf_str(&b), "lagi");
    dsr_buf_release(&b);
    dsr_buf_release(&b);    /* twice is harmless */
}
END_TEST

Suite *
buf_suite(void)
{
    Suite *s = suite_create("buf");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_buf_str_on_empty);
    tcase_add_test(tc, test_buf_append_and_format);
    tcase_add_test(tc, test_buf_always_nul_terminated);
    tcase_add_test(tc, test_buf_binary_with_nul_bytes);
    tcase_add_test(tc, test_buf_addf_grows_past_initial_capacity);
    tcase_add_loop_test(tc, test_buf_limit_add, 0,
                        (int)(sizeof(limits) / sizeof(*limits)));
    tcase_add_test(tc, test_buf_limit_addf);
    tcase_add_test(tc, test_buf_limit_huge_length);
    tcase_add_test(tc, test_buf_limit_error_handling);
    tcase_add_test(tc, test_buf_reset_keeps_storage);
    tcase_add_test(tc, test_buf_detach);
    tcase_add_test(tc, test_buf_detach_empty);
    tcase_add_test(tc, test_buf_release);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(buf_suite());
}
