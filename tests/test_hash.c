/*
 * test_hash.c -- known answers, and streaming equals one shot.
 */
#include "testutil.h"

#include "dossier/error.h"
#include "dossier/hash.h"

#include <string.h>

START_TEST(test_hash_sha256_known_answers)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char hex[DSR_HASH_HEX_MAX];

    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, "", 0, hex, &err), 0);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, "abc", 3, hex, &err), 0);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
END_TEST

START_TEST(test_hash_sha512_known_answer)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char hex[DSR_HASH_HEX_MAX];

    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA512, "abc", 3, hex, &err), 0);
    ck_assert_str_eq(hex, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}
END_TEST

START_TEST(test_hash_streaming_equals_one_shot)
{
    static char data[100000];
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_hash *h = dsr_hash_new(DSR_HASH_SHA256, &err);
    char a[DSR_HASH_HEX_MAX], b[DSR_HASH_HEX_MAX];

    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (char)(i * 7 + 3);
    ck_assert_ptr_nonnull(h);
    for (size_t off = 0; off < sizeof(data); off += 777) {
        size_t n = sizeof(data) - off < 777 ? sizeof(data) - off : 777;
        ck_assert_int_eq(dsr_hash_update(h, data + off, n, &err), 0);
    }
    ck_assert_int_eq(dsr_hash_final(h, a, &err), 0);
    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, data, sizeof(data), b, &err), 0);
    ck_assert_str_eq(a, b);
    /* final resets the context for a new message */
    ck_assert_int_eq(dsr_hash_update(h, "abc", 3, &err), 0);
    ck_assert_int_eq(dsr_hash_final(h, a, &err), 0);
    ck_assert_str_eq(a, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    dsr_hash_free(h);
    dsr_hash_free(NULL);
}
END_TEST

Suite *
hash_suite(void)
{
    Suite *s = suite_create("hash");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_hash_sha256_known_answers);
    tcase_add_test(tc, test_hash_sha512_known_answer);
    tcase_add_test(tc, test_hash_streaming_equals_one_shot);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(hash_suite());
}
