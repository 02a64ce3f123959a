/*
 * test_hash.c -- SHA-256 and SHA-512 known answers (FIPS 180-2 examples),
 * streaming equal to one shot, and reuse after final.
 */
#include "testutil.h"

#include "dossier/error.h"
#include "dossier/hash.h"

#include <stdlib.h>
#include <string.h>

#define TWO_BLOCKS "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"

static const struct {
    enum dsr_hash_alg alg;
    const char *msg;
    const char *hex;
} answers[] = {
    {DSR_HASH_SHA256, "",
     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {DSR_HASH_SHA256, "abc",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {DSR_HASH_SHA256, TWO_BLOCKS,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {DSR_HASH_SHA512, "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
    {DSR_HASH_SHA512, "",
     "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
     "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
};

START_TEST(test_hash_known_answers)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char hex[DSR_HASH_HEX_MAX];

    memset(hex, 'x', sizeof(hex));
    ck_assert_int_eq(dsr_hash_buffer(answers[_i].alg, answers[_i].msg,
                                     strlen(answers[_i].msg), hex, &err),
                     0);
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_str_eq(hex, answers[_i].hex);
    ck_assert_uint_eq(strlen(hex),
                      answers[_i].alg == DSR_HASH_SHA256 ? DSR_SHA256_HEX - 1
                                                         : DSR_HASH_HEX_MAX - 1);
}
END_TEST

/* The same known answers through the streaming interface. */
START_TEST(test_hash_known_answers_streaming)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_hash *h = dsr_hash_new(answers[_i].alg, &err);
    char hex[DSR_HASH_HEX_MAX];
    const char *msg = answers[_i].msg;

    ck_assert_ptr_nonnull(h);
    for (size_t i = 0; msg[i]; i++)
        ck_assert_int_eq(dsr_hash_update(h, msg + i, 1, &err), 0);
    ck_assert_int_eq(dsr_hash_final(h, hex, &err), 0);
    ck_assert_str_eq(hex, answers[_i].hex);
    dsr_hash_free(h);
}
END_TEST

/* One million 'a': the long FIPS example, fed in uneven pieces. */
START_TEST(test_hash_million_a)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_hash *h256 = dsr_hash_new(DSR_HASH_SHA256, &err);
    struct dsr_hash *h512 = dsr_hash_new(DSR_HASH_SHA512, &err);
    char hex[DSR_HASH_HEX_MAX];
    char *a = malloc(1000000);
    size_t done = 0;
    size_t piece = 1;

    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(h256);
    ck_assert_ptr_nonnull(h512);
    memset(a, 'a', 1000000);
    while (done < 1000000) {
        size_t n = piece < 1000000 - done ? piece : 1000000 - done;

        ck_assert_int_eq(dsr_hash_update(h256, a + done, n, &err), 0);
        ck_assert_int_eq(dsr_hash_update(h512, a + done, n, &err), 0);
        done += n;
        piece = piece * 3 + 1;
    }
    ck_assert_int_eq(dsr_hash_final(h256, hex, &err), 0);
    ck_assert_str_eq(
        hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    ck_assert_int_eq(dsr_hash_final(h512, hex, &err), 0);
    ck_assert_str_eq(hex,
                     "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803"
                     "afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e"
                     "4eadb217ad8cc09b");
    dsr_hash_free(h256);
    dsr_hash_free(h512);
    free(a);
}
END_TEST

/* Streaming in pieces of every size from 1 to 130 equals one shot. */
START_TEST(test_hash_pieces_equal_one_shot)
{
    struct dsr_error err = DSR_ERROR_INIT;
    unsigned char data[1000];
    char want[DSR_HASH_HEX_MAX];
    char got[DSR_HASH_HEX_MAX];
    enum dsr_hash_alg alg = _i ? DSR_HASH_SHA512 : DSR_HASH_SHA256;
    struct dsr_hash *h = dsr_hash_new(alg, &err);

    ck_assert_ptr_nonnull(h);
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)(i * 7 + 3);
    ck_assert_int_eq(dsr_hash_buffer(alg, data, sizeof(data), want, &err), 0);
    for (size_t piece = 1; piece <= 130; piece++) {
        for (size_t off = 0; off < sizeof(data); off += piece) {
            size_t n = sizeof(data) - off < piece ? sizeof(data) - off : piece;

            ck_assert_int_eq(dsr_hash_update(h, data + off, n, &err), 0);
            /* an empty update in between changes nothing */
            ck_assert_int_eq(dsr_hash_update(h, NULL, 0, &err), 0);
        }
        /* final also starts the next round afresh */
        ck_assert_int_eq(dsr_hash_final(h, got, &err), 0);
        ck_assert_msg(strcmp(got, want) == 0, "pieces of %zu differ", piece);
    }
    dsr_hash_free(h);
}
END_TEST

/* After final the context starts a new message. */
START_TEST(test_hash_final_resets)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_hash *h = dsr_hash_new(DSR_HASH_SHA256, &err);
    char hex[DSR_HASH_HEX_MAX];

    ck_assert_ptr_nonnull(h);
    ck_assert_int_eq(dsr_hash_update(h, "something else", 14, &err), 0);
    ck_assert_int_eq(dsr_hash_final(h, hex, &err), 0);
    ck_assert_int_eq(dsr_hash_update(h, "abc", 3, &err), 0);
    ck_assert_int_eq(dsr_hash_final(h, hex, &err), 0);
    ck_assert_str_eq(
        hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* and final straight away is the digest of nothing */
    ck_assert_int_eq(dsr_hash_final(h, hex, &err), 0);
    ck_assert_str_eq(
        hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    dsr_hash_free(h);
    ck_assert_int_eq(err.code, DSR_OK);
}
END_TEST

START_TEST(test_hash_lowercase_hex)
{
    struct dsr_error err = DSR_ERROR_INIT;
    unsigned char all[256];
    char hex[DSR_HASH_HEX_MAX];

    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA512, all, sizeof(all), hex,
                                     &err),
                     0);
    ck_assert_uint_eq(strlen(hex), 128);
    ck_assert_uint_eq(strspn(hex, "0123456789abcdef"), 128);
}
END_TEST

START_TEST(test_hash_free_null)
{
    dsr_hash_free(NULL);
}
END_TEST

Suite *
hash_suite(void)
{
    Suite *s = suite_create("hash");
    TCase *tc = tcase_create("core");
    int n = (int)(sizeof(answers) / sizeof(*answers));

    tcase_add_loop_test(tc, test_hash_known_answers, 0, n);
    tcase_add_loop_test(tc, test_hash_known_answers_streaming, 0, n);
    tcase_add_test(tc, test_hash_million_a);
    tcase_add_loop_test(tc, test_hash_pieces_equal_one_shot, 0, 2);
    tcase_add_test(tc, test_hash_final_resets);
    tcase_add_test(tc, test_hash_lowercase_hex);
    tcase_add_test(tc, test_hash_free_null);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(hash_suite());
}
