/*
 * test_bag_profile.c -- issue 22 points 2 and 4 (r22-profile): the
 * shipped BagIt profile read and checked against bags without hashing,
 * the manifest algorithm lists, the Bag-Group-Identifier of an instance,
 * severities of problems, and what verify is given.
 */
#include "testutil.h"

#include "bag_impl.h"
#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/hash.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PROFILE TEST_SOURCE_DIR "/templates/bagit-profile-dossier.json"

static char dir[512];

static void
setup(void)
{
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    tu_write(dir, "data/a.txt", "alpha\n", (size_t)-1);
    tu_write(dir, "data/sub/b.txt", "beta\n", (size_t)-1);
}

static void
teardown(void)
{
    tu_rmtree(dir);
}

static char profile_id[256];

static const struct dsr_bag_info base_info = {
    .source_organization = "Pemerintah Kabupaten Uji",
    .external_description = "test",
    .external_identifier = "spbe-2020-2024-0123456789abcdef",
    .bagging_date = "2024-01-02",
    .group_identifier = "urn:dossier:group:pemerintah-kabupaten-uji",
    .internal_sender_identifier = "spbe-2020-2024-0123456789abcdef",
    .bag_producing_organization = "Dinas Kominfo, Pemerintah Kabupaten Uji",
};

/* A bag as pack makes one: the profile, the metadata files, 'algs'. */
static void
make_bag(enum dsr_hash_alg alg, unsigned algs, const char *sign_key)
{
    struct dsr_bag_info info = base_info;
    struct dsr_bag_opts opts = {.alg = alg, .algs = algs, .sign_key = sign_key};
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_msg(dsr_bag_put_profile(dir, PROFILE, profile_id,
                                      sizeof(profile_id), &err) == 0,
                  "%s", err.msg);
    tu_write(dir, "metadata/arsip.xml", "<arsip/>\n", (size_t)-1);
    tu_write(dir, "metadata/events.xml", "<events/>\n", (size_t)-1);
    info.profile_identifier = profile_id;
    ck_assert_msg(dsr_bag_write(dir, &info, &opts, &err) == 0, "%s", err.msg);
}

static void
verify(struct dsr_bag_report *rep, const char *pubkey)
{
    struct dsr_bag_verify_opts opts = {.pubkey = pubkey};
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_msg(bag_verify_run(dir, &opts, true, rep, &err) == 0, "%s", err.msg);
}

static void
check_profile(struct dsr_bag_report *rep)
{
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_msg(dsr_bag_check_profile_file(dir, PROFILE, rep, &err) == 0, "%s",
                  err.msg);
}

/* Whether 'rep' has a problem on 'path' whose message holds 'text'. */
static bool
has_problem(const struct dsr_bag_report *rep, const char *path, const char *text)
{
    for (size_t i = 0; i < rep->n; i++)
        if (strcmp(rep->items[i].path, path) == 0 &&
            strstr(rep->items[i].message, text))
            return true;
    return false;
}

static void
dump(const struct dsr_bag_report *rep)
{
    for (size_t i = 0; i < rep->n; i++)
        fprintf(stderr, "  %s: %s\n", rep->items[i].path, rep->items[i].message);
}

static bool
exists(const char *name)
{
    char path[1024];
    struct stat st;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return lstat(path, &st) == 0;
}

START_TEST(test_algorithm_lists)
{
    struct dsr_error err = DSR_ERROR_INIT;
    enum dsr_hash_alg alg = DSR_HASH_SHA512;
    unsigned algs = 0;
    static const char *bad[] = {"", "sha384", "sha512,", ",sha512",
                                "sha512,sha512", "md5", "sha1,md5",
                                "SHA512", "sha512 ,md5", "sha256,md5,md5"};

    ck_assert_int_eq(dsr_bag_parse_algorithms("sha512", &alg, &algs, &err), 0);
    ck_assert_int_eq(alg, DSR_HASH_SHA512);
    ck_assert_uint_eq(algs, DSR_HASH_BIT(DSR_HASH_SHA512));
    ck_assert_int_eq(dsr_bag_parse_algorithms("md5,sha256,sha1,sha512", &alg,
                                              &algs, &err), 0);
    ck_assert_int_eq(alg, DSR_HASH_MD5);
    ck_assert_uint_eq(algs, 15u);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        dsr_error_clear(&err);
        ck_assert_msg(dsr_bag_parse_algorithms(bad[i], &alg, &algs, &err) < 0,
                      "'%s' accepted", bad[i]);
        ck_assert_int_eq(err.code, DSR_USAGE);
    }
    dsr_error_clear(&err);
    dsr_bag_parse_algorithms("sha512,sha512", &alg, &algs, &err);
    ck_assert_ptr_nonnull(strstr(err.msg, "twice"));
    ck_assert_str_eq(dsr_hash_name(DSR_HASH_MD5), "md5");
    ck_assert_uint_eq(dsr_hash_hex_len(DSR_HASH_SHA1), 40);
    ck_assert_int_eq(dsr_hash_from_name("sha1"), DSR_HASH_SHA1);
    ck_assert_int_eq(dsr_hash_from_name("sha3"), -1);
}
END_TEST

START_TEST(test_md5_sha1_digests)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char hex[DSR_HASH_HEX_MAX];

    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_MD5, "abc", 3, hex, &err), 0);
    ck_assert_str_eq(hex, "900150983cd24fb0d6963f7d28e17f72");
    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA1, "abc", 3, hex, &err), 0);
    ck_assert_str_eq(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
}
END_TEST

START_TEST(test_group_identifier)
{
    char a[256], b[256], c[256];

    ck_assert_str_eq(dsr_bag_group_identifier("Pemerintah Kota  Contoh", a,
                                              sizeof(a)),
                     "urn:dossier:group:pemerintah-kota-contoh");
    ck_assert_str_eq(dsr_bag_group_identifier(" pemerintah kota contoh. ", b,
                                              sizeof(b)), a);
    ck_assert_str_eq(dsr_bag_group_identifier("PEMERINTAH\tKOTA-CONTOH", c,
                                              sizeof(c)), a);
    ck_assert_str_ne(dsr_bag_group_identifier("Pemerintah Kota Lain", c,
                                              sizeof(c)), a);
    ck_assert_ptr_null(dsr_bag_group_identifier(" -- ", c, sizeof(c)));
    ck_assert_ptr_null(dsr_bag_group_identifier("Kota Contoh", c, 20));
    ck_assert_ptr_null(dsr_bag_group_identifier(NULL, c, sizeof(c)));
}
END_TEST

START_TEST(test_all_algorithms_written_and_verified)
{
    struct dsr_bag_report rep;
    static const char *names[] = {"md5", "sha1", "sha256", "sha512"};

    make_bag(DSR_HASH_SHA512, 15u, NULL);
    for (size_t i = 0; i < 4; i++) {
        char m[64], t[64];

        snprintf(m, sizeof(m), "manifest-%s.txt", names[i]);
        snprintf(t, sizeof(t), "tagmanifest-%s.txt", names[i]);
        ck_assert_msg(exists(m) && exists(t), "%s missing", names[i]);
    }
    verify(&rep, NULL);
    dump(&rep);
    ck_assert_uint_eq(rep.n, 0);
    dsr_bag_report_release(&rep);
    /* every algorithm is checked: damage one md5 line only */
    tu_write(dir, "manifest-md5.txt",
             "00000000000000000000000000000000  data/a.txt\n"
             "00000000000000000000000000000000  data/sub/b.txt\n", (size_t)-1);
    verify(&rep, NULL);
    ck_assert(has_problem(&rep, "data/a.txt", "manifest-md5.txt"));
    ck_assert(has_problem(&rep, "data/sub/b.txt", "manifest-md5.txt"));
    ck_assert(has_problem(&rep, "manifest-md5.txt", "tagmanifest-"));
    dsr_bag_report_release(&rep);
}
END_TEST

START_TEST(test_profile_conforms_and_deviations)
{
    struct dsr_bag_report rep;
    static const char bad_info[] =
        "Source-Organization: A\nSource-Organization: B\nBagging-Date: x\n"
        "Payload-Oxum: 1.1\n";

    make_bag(DSR_HASH_SHA256, 0, NULL);
    check_profile(&rep);
    dump(&rep);
    ck_assert_uint_eq(rep.n, 0);
    ck_assert_uint_eq(rep.files, 0);
    dsr_bag_report_release(&rep);
    /* a damaged payload is invisible: nothing is hashed */
    tu_write(dir, "data/a.txt", "ALPHA\n", (size_t)-1);
    check_profile(&rep);
    ck_assert_uint_eq(rep.n, 0);
    dsr_bag_report_release(&rep);
    /* every deviation at once */
    {
        char p[1024];

        snprintf(p, sizeof(p), "%s/metadata/events.xml", dir);
        ck_assert_int_eq(unlink(p), 0);
        snprintf(p, sizeof(p), "%s/bag-info.txt", dir);
        ck_assert_int_eq(unlink(p), 0);
    }
    tu_write(dir, "bag-info.txt", bad_info, (size_t)-1);
    tu_write(dir, "fetch.txt", "http://x 1 data/c.txt\n", (size_t)-1);
    tu_write(dir, "manifest-sha384.txt", "", 0);
    tu_write(dir, "notes.txt", "n\n", (size_t)-1);
    tu_write(dir, "bagit.txt", "BagIt-Version: 0.97\n"
                               "Tag-File-Character-Encoding: UTF-8\n", (size_t)-1);
    check_profile(&rep);
    dump(&rep);
    ck_assert(has_problem(&rep, "metadata/events.xml", "requires"));
    ck_assert(has_problem(&rep, "bag-info.txt", "BagIt-Profile-Identifier"));
    ck_assert(has_problem(&rep, "bag-info.txt", "External-Identifier"));
    ck_assert(has_problem(&rep, "bag-info.txt", "Bag-Group-Identifier"));
    ck_assert(has_problem(&rep, "bag-info.txt", "Source-Organization is given 2"));
    ck_assert(has_problem(&rep, "fetch.txt", "fetch.txt"));
    ck_assert(has_problem(&rep, "manifest-sha384.txt", "sha384"));
    ck_assert(has_problem(&rep, "notes.txt", "does not allow"));
    ck_assert(has_problem(&rep, "bagit.txt", "0.97"));
    ck_assert_uint_eq(dsr_bag_report_errors(&rep), rep.n);
    dsr_bag_report_release(&rep);
}
END_TEST

START_TEST(test_profile_refuses_a_non_profile)
{
    struct dsr_bag_report rep;
    struct dsr_error err = DSR_ERROR_INIT;
    static const char *bad[] = {"", "[]", "{\"BagIt-Profile-Info\": {}}",
                                "{\"a\": 1, \"a\": 2}",
                                "{\"BagIt-Profile-Info\": {\"BagIt-Profile-"
                                "Identifier\": \"x\"}, \"Manifests-Required\": 3}"};

    make_bag(DSR_HASH_SHA512, 0, NULL);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        dsr_error_clear(&err);
        ck_assert_msg(dsr_bag_check_profile(dir, bad[i], strlen(bad[i]), "p.json",
                                            &rep, &err) < 0,
                      "'%s' accepted", bad[i]);
        ck_assert_int_eq(err.code, DSR_INPUT);
        dsr_bag_report_release(&rep);
    }
}
END_TEST

START_TEST(test_uncovered_tag_file_severity)
{
    struct dsr_bag_report rep;

    make_bag(DSR_HASH_SHA512, 0, NULL);
    tu_write(dir, "notes.txt", "n\n", (size_t)-1);
    verify(&rep, NULL);
    ck_assert_uint_eq(rep.n, 1);
    ck_assert_str_eq(rep.items[0].path, "notes.txt");
    ck_assert_int_eq(rep.items[0].severity, DSR_BAG_WARNING);
    ck_assert_uint_eq(dsr_bag_report_errors(&rep), 0);
    ck_assert_str_eq(dsr_bag_severity_name(rep.items[0].severity), "warning");
    dsr_bag_report_release(&rep);
    /* a tag folder listed through its files is covered */
    ck_assert(exists("metadata/arsip.xml"));
}
END_TEST

START_TEST(test_uncovered_tag_file_in_signed_bag)
{
    struct dsr_bag_report rep;
    char key[1024], pub[1024], cmd[4096];
    const char *t = tu_tmpdir();

    snprintf(key, sizeof(key), "%s/k.pem", t);
    snprintf(pub, sizeof(pub), "%s/pub.pem", t);
    snprintf(cmd, sizeof(cmd),
             "openssl genpkey -algorithm ed25519 -out '%s' 2>/dev/null && "
             "openssl pkey -in '%s' -pubout -out '%s' 2>/dev/null",
             key, key, pub);
    ck_assert_int_eq(system(cmd), 0);
    make_bag(DSR_HASH_SHA256, DSR_HASH_BIT(DSR_HASH_MD5) | DSR_HASH_BIT(DSR_HASH_SHA1),
             key);
    ck_assert(exists("tagmanifest-sha256.txt.sig"));
    verify(&rep, pub);
    dump(&rep);
    ck_assert_uint_eq(rep.n, 0);
    ck_assert_int_eq(rep.signature, DSR_BAG_SIGNATURE_CHECKED);
    dsr_bag_report_release(&rep);
    tu_write(dir, "notes.txt", "n\n", (size_t)-1);
    verify(&rep, NULL);
    ck_assert(has_problem(&rep, "notes.txt", "signed"));
    ck_assert_uint_eq(dsr_bag_report_errors(&rep), 1);
    dsr_bag_report_release(&rep);
    tu_rmtree(t);
}
END_TEST

START_TEST(test_probe)
{
    char p[1024];

    ck_assert_int_eq(dsr_bag_probe("/nonexistent/x"), DSR_BAG_IS_MISSING);
    ck_assert_int_eq(dsr_bag_probe(dir), DSR_BAG_IS_BAG);  /* data/ */
    snprintf(p, sizeof(p), "%s/data/a.txt", dir);
    ck_assert_int_eq(dsr_bag_probe(p), DSR_BAG_IS_FILE);
    snprintf(p, sizeof(p), "%s/data/sub", dir);
    ck_assert_int_eq(dsr_bag_probe(p), DSR_BAG_IS_FOLDER);
    tu_write(p, "manifest.xml", "<dossier/>\n", (size_t)-1);
    ck_assert_int_eq(dsr_bag_probe(p), DSR_BAG_IS_WORKSPACE);
    make_bag(DSR_HASH_SHA512, 0, NULL);
    ck_assert_int_eq(dsr_bag_probe(dir), DSR_BAG_IS_BAG);
}
END_TEST

static Suite *
bag_profile_suite(void)
{
    Suite *s = suite_create("bag_profile");
    TCase *tc = tcase_create("profile");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_algorithm_lists);
    tcase_add_test(tc, test_md5_sha1_digests);
    tcase_add_test(tc, test_group_identifier);
    tcase_add_test(tc, test_all_algorithms_written_and_verified);
    tcase_add_test(tc, test_profile_conforms_and_deviations);
    tcase_add_test(tc, test_profile_refuses_a_non_profile);
    tcase_add_test(tc, test_uncovered_tag_file_severity);
    tcase_add_test(tc, test_uncovered_tag_file_in_signed_bag);
    tcase_add_test(tc, test_probe);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(bag_profile_suite());
}
