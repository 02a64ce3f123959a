/*
 * test_bag.c -- the readers of bagit.txt, bag-info.txt, manifests and
 * index.xml on good and hostile input; a written bag verifies clean,
 * percent-encodes the paths RFC 8493 asks for, and every kind of damage
 * is named; interrupting the writer stops it.
 */
#include "testutil.h"

#include "bag_impl.h"
#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/hash.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

static char dir[512];

static void
setup(void)
{
    snprintf(dir, sizeof(dir), "%s", tu_tmpdir());
    tu_write(dir, "data/a.txt", "alpha\n", (size_t)-1);
    tu_write(dir, "data/sub/b 100%.txt", "beta\n", (size_t)-1);
    tu_write(dir, "data/sub/line\nbreak.txt", "gamma\n", (size_t)-1);
    tu_write(dir, "data/é.txt", "", 0);
}

static void
teardown(void)
{
    tu_rmtree(dir);
}

static const struct dsr_bag_info info = {
    .source_organization = "Pemerintah Kabupaten Uji",
    .contact_name = "Budi\nSantoso",
    .external_identifier = "spbe-2020-2024-0123456789abcdef",
    .bagging_date = "2024-01-02",
    .group_identifier = "spbe-2020 2024",
};

static char *
slurp(const char *name)
{
    char path[1024];
    FILE *f;
    char *buf = calloc(1, 1 << 16);
    size_t n;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void
write_bag(enum dsr_hash_alg alg)
{
    struct dsr_bag_opts opts = {.alg = alg};
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_msg(dsr_bag_write(dir, &info, &opts, &err) == 0, "%s", err.msg);
}

static void
verify(struct dsr_bag_report *rep)
{
    /* these bags are not bundles: no manifest.xml, no dossier */
    struct dsr_bag_verify_opts opts = {0};
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_msg(bag_verify_run(dir, &opts, true, rep, &err) == 0, "%s", err.msg);
}

/* The report holds exactly one problem, on 'path', of 'kind'. */
static void
assert_one(const struct dsr_bag_report *rep, const char *path,
           enum dsr_bag_kind kind)
{
    ck_assert_uint_ge(rep->n, 1);
    ck_assert_str_eq(rep->items[0].path, path);
    ck_assert_int_eq(rep->items[0].kind, kind);
}

START_TEST(test_bag_write_and_verify_clean)
{
    struct dsr_bag_report rep;
    char *decl, *bi, *man, *tags;

    write_bag(DSR_HASH_SHA512);
    decl = slurp("bagit.txt");
    ck_assert_str_eq(decl, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    bi = slurp("bag-info.txt");
    ck_assert_str_eq(bi, "Source-Organization: Pemerintah Kabupaten Uji\n"
                         "Contact-Name: Budi Santoso\n"
                         "External-Identifier: spbe-2020-2024-0123456789abcdef\n"
                         "Bagging-Date: 2024-01-02\n"
                         "Bag-Group-Identifier: spbe-2020 2024\n"
                         "Bag-Size: 17 B\n"
                         "Payload-Oxum: 17.4\n");
    man = slurp("manifest-sha512.txt");
    /* byte order of the paths, and CR, LF and % percent-encoded */
    ck_assert_ptr_nonnull(strstr(man, "  data/a.txt\n"));
    ck_assert_ptr_nonnull(strstr(man, "  data/sub/b 100%25.txt\n"));
    ck_assert_ptr_nonnull(strstr(man, "  data/sub/line%0Abreak.txt\n"));
    ck_assert(strstr(man, "data/a.txt") < strstr(man, "data/sub/b"));
    ck_assert(strstr(man, "data/sub/line") < strstr(man, "data/é.txt"));
    ck_assert_ptr_nonnull(strstr(man, "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                                      "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
                                      "  data/é.txt\n"));
    tags = slurp("tagmanifest-sha512.txt");
    ck_assert_ptr_nonnull(strstr(tags, "  bag-info.txt\n"));
    ck_assert(strstr(tags, "bag-info.txt") < strstr(tags, "bagit.txt"));
    ck_assert(strstr(tags, "bagit.txt") < strstr(tags, "manifest-sha512.txt"));
    verify(&rep);
    ck_assert_uint_eq(rep.n, 0);
    ck_assert_uint_eq(rep.files, 4);
    ck_assert_uint_eq(rep.bytes, 17);
    dsr_bag_report_release(&rep);
    free(decl);
    free(bi);
    free(man);
    free(tags);
}
END_TEST

/* The digests a caller has, keyed by the inode it digested. */
struct known_one {
    ino_t ino;
    int calls;
};

static bool
known_a(void *ctx, const char *path, const struct stat *st,
        const bool need[DSR_HASH_COUNT],
        char digest[DSR_HASH_COUNT][DSR_HASH_HEX_MAX])
{
    struct known_one *k = ctx;

    k->calls++;
    ck_assert(S_ISREG(st->st_mode));
    if (strcmp(path, "data/a.txt") != 0 || st->st_ino != k->ino)
        return false;
    ck_assert(need[DSR_HASH_SHA512]);
    memset(digest[DSR_HASH_SHA512], 'e', 128);
    digest[DSR_HASH_SHA512][128] = '\0';
    return true;
}

/*
 * The 'known' hook sees the walk's stat of each payload file: a digest
 * it has is used for the file it digested, not for another file of the
 * same size and time put in its place.
 */
START_TEST(test_bag_known_digests_follow_the_inode)
{
    struct known_one k = {0};
    struct dsr_bag_opts opts = {.alg = DSR_HASH_SHA512, .known = known_a,
                                .known_ctx = &k};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[600], other[600];
    struct stat st;
    struct timespec times[2];
    static const char *const tags[] = {"bagit.txt", "bag-info.txt",
                                       "manifest-sha512.txt",
                                       "tagmanifest-sha512.txt"};
    char *man;

    snprintf(path, sizeof(path), "%s/data/a.txt", dir);
    ck_assert_int_eq(stat(path, &st), 0);
    k.ino = st.st_ino;
    ck_assert_msg(dsr_bag_write(dir, &info, &opts, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(k.calls, 4);
    man = slurp("manifest-sha512.txt");
    ck_assert_ptr_nonnull(strstr(man, "eeeeeeee  data/a.txt\n"));
    free(man);

    /* the same size and time, another file */
    tu_write(dir, "other.txt", "alpha\n", (size_t)-1);
    snprintf(other, sizeof(other), "%s/other.txt", dir);
    times[0] = st.st_atim;
    times[1] = st.st_mtim;
    ck_assert_int_eq(utimensat(AT_FDCWD, other, times, 0), 0);
    ck_assert_int_eq(rename(other, path), 0);
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
        snprintf(other, sizeof(other), "%s/%s", dir, tags[i]);
        ck_assert_int_eq(unlink(other), 0);
    }
    ck_assert_msg(dsr_bag_write(dir, &info, &opts, &err) == 0, "%s", err.msg);
    man = slurp("manifest-sha512.txt");
    ck_assert_ptr_null(strstr(man, "eeeeeeee"));
    ck_assert_ptr_nonnull(strstr(man, "  data/a.txt\n"));
    free(man);
}
END_TEST

START_TEST(test_bag_sha256_and_existing_tag_files)
{
    struct dsr_bag_opts opts = {.alg = DSR_HASH_SHA256};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bag_report rep;

    write_bag(DSR_HASH_SHA256);
    verify(&rep);
    ck_assert_uint_eq(rep.n, 0);
    dsr_bag_report_release(&rep);
    /* a second write never overwrites a tag file */
    ck_assert_int_eq(dsr_bag_write(dir, &info, &opts, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_str_eq(err.msg, "cannot create 'bagit.txt': File exists");
}
END_TEST

START_TEST(test_bag_verify_names_damage)
{
    struct dsr_bag_report rep;
    char path[1024];

    write_bag(DSR_HASH_SHA512);
    tu_write(dir, "data/a.txt", "alphA\n", (size_t)-1);
    verify(&rep);
    assert_one(&rep, "data/a.txt", DSR_BAG_ALTERED);
    ck_assert_str_eq(rep.items[0].message,
                     "its sha512 differs from manifest-sha512.txt line 1");
    ck_assert_uint_eq(rep.n, 1);
    dsr_bag_report_release(&rep);

    snprintf(path, sizeof(path), "%s/data/a.txt", dir);
    unlink(path);
    verify(&rep);
    assert_one(&rep, "data/a.txt", DSR_BAG_MISSING);
    ck_assert_str_eq(rep.items[0].message,
                     "listed in manifest-sha512.txt line 1 but absent");
    /* and the Payload-Oxum no longer adds up */
    ck_assert_uint_eq(rep.n, 2);
    ck_assert_str_eq(rep.items[1].path, "bag-info.txt");
    ck_assert_str_eq(rep.items[1].message,
                     "Payload-Oxum is 17.4 but data/ holds 11.3 (bytes.files)");
    dsr_bag_report_release(&rep);

    tu_write(dir, "data/a.txt", "alpha\n", (size_t)-1);
    tu_write(dir, "data/new/stray.bin", "x", 1);
    verify(&rep);
    assert_one(&rep, "data/new/stray.bin", DSR_BAG_EXTRA);
    ck_assert_str_eq(rep.items[0].message, "not listed in manifest-sha512.txt");
    dsr_bag_report_release(&rep);
}
END_TEST

START_TEST(test_bag_verify_refuses_symlinks)
{
    struct dsr_bag_report rep;
    char path[1024];

    write_bag(DSR_HASH_SHA512);
    snprintf(path, sizeof(path), "%s/data/link", dir);
    ck_assert_int_eq(symlink("/etc/passwd", path), 0);
    verify(&rep);
    ck_assert_uint_ge(rep.n, 1);
    ck_assert_str_eq(rep.items[0].path, "data/link");
    ck_assert_int_eq(rep.items[0].kind, DSR_BAG_MALFORMED);
    dsr_bag_report_release(&rep);
}
END_TEST

/* A FIFO or a link put in place of a bag file, and what verify must say. */
static const struct special_case {
    const char *path;           /* replaced (or added) in a written bag */
    bool link;                  /* a symbolic link, else a FIFO */
    const char *target;         /* of the link */
} special_cases[] = {
    {"bagit.txt", false, NULL},
    {"bag-info.txt", false, NULL},
    {"manifest-sha512.txt", false, NULL},
    {"tagmanifest-sha512.txt", false, NULL},
    {"data/a.txt", false, NULL},
    {"data/sub/deeper/fifo", false, NULL},
    {"notes.fifo", false, NULL},
    {"manifest-sha256.txt", false, NULL},
    {"bagit.txt", true, "/etc/passwd"},
    {"bag-info.txt", true, "data/a.txt"},
    {"tagmanifest-sha512.txt", true, "/dev/zero"},
    {"data/a.txt", true, "../bagit.txt"},
    {"data/sub", true, "/etc"},
    {"data/sub/deeper/link", true, "/dev/zero"},
    {"notes.txt", true, "bagit.txt"},
};

/*
 * Every kind of bag file replaced by a FIFO or a symbolic link: verify
 * returns (the test's timeout turns a blocked open into a failure) and
 * names the path as malformed, saying what it is.
 */
START_TEST(test_bag_verify_reports_special_files)
{
    const struct special_case *c = &special_cases[_i];
    struct dsr_bag_report rep;
    char path[1024], sub[1024];
    bool found = false;

    write_bag(DSR_HASH_SHA512);
    snprintf(sub, sizeof(sub), "%s/data/sub/deeper", dir);
    mkdir(sub, 0700);
    snprintf(path, sizeof(path), "%s/%s", dir, c->path);
    if (strcmp(c->path, "data/sub") == 0)
        tu_rmtree(path);
    unlink(path);
    if (c->link)
        ck_assert_int_eq(symlink(c->target, path), 0);
    else
        ck_assert_int_eq(mkfifo(path, 0600), 0);
    verify(&rep);
    for (size_t i = 0; i < rep.n; i++) {
        if (strcmp(rep.items[i].path, c->path) != 0)
            continue;
        ck_assert_int_eq(rep.items[i].kind, DSR_BAG_MALFORMED);
        ck_assert_msg(strstr(rep.items[i].message,
                             c->link ? "a symbolic link" : "a FIFO") != NULL,
                      "%s: %s", c->path, rep.items[i].message);
        found = true;
    }
    ck_assert_msg(found, "%s is not reported (%zu problems)", c->path, rep.n);
    dsr_bag_report_release(&rep);
}
END_TEST

/*
 * A tag manifest that lists a file through a folder replaced by a link
 * to a folder: named as a symbolic link (the open said ENOTDIR, not
 * ELOOP, and the file was called unreadable).
 */
START_TEST(test_bag_verify_tag_through_linked_folder)
{
    static const char line[] =
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
        "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
        "  meta/deep/keep\n";
    struct dsr_bag_report rep;
    char path[1024];
    char *tags;
    bool found = false;

    write_bag(DSR_HASH_SHA512);
    tu_write(dir, "real/deep/keep", "", 0);
    snprintf(path, sizeof(path), "%s/meta", dir);
    ck_assert_int_eq(symlink("real", path), 0);
    tags = slurp("tagmanifest-sha512.txt");
    tags = realloc(tags, strlen(tags) + sizeof(line));
    strcat(tags, line);
    snprintf(path, sizeof(path), "%s/tagmanifest-sha512.txt", dir);
    unlink(path);
    tu_write(dir, "tagmanifest-sha512.txt", tags, (size_t)-1);
    free(tags);
    verify(&rep);
    for (size_t i = 0; i < rep.n; i++) {
        if (strcmp(rep.items[i].path, "meta/deep/keep") != 0)
            continue;
        ck_assert_int_eq(rep.items[i].kind, DSR_BAG_MALFORMED);
        ck_assert_msg(strstr(rep.items[i].message, "a symbolic link") != NULL,
                      "%s", rep.items[i].message);
        found = true;
    }
    ck_assert(found);
    dsr_bag_report_release(&rep);
}
END_TEST

/*
 * A tag manifest that lists a FIFO below a tag folder: hashing it must not
 * open it (the old verifier blocked here for ever).
 */
START_TEST(test_bag_verify_tag_listed_fifo)
{
    static const char line[] =
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
        "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"
        "  meta/deep/fifo\n";
    struct dsr_bag_report rep;
    char path[1024];
    char *tags;
    bool found = false;

    write_bag(DSR_HASH_SHA512);
    tu_write(dir, "meta/deep/keep", "", 0);
    snprintf(path, sizeof(path), "%s/meta/deep/fifo", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    tags = slurp("tagmanifest-sha512.txt");
    tags = realloc(tags, strlen(tags) + sizeof(line));
    strcat(tags, line);
    snprintf(path, sizeof(path), "%s/tagmanifest-sha512.txt", dir);
    unlink(path);
    tu_write(dir, "tagmanifest-sha512.txt", tags, (size_t)-1);
    free(tags);
    verify(&rep);
    for (size_t i = 0; i < rep.n; i++) {
        if (strcmp(rep.items[i].path, "meta/deep/fifo") != 0)
            continue;
        ck_assert_str_eq(rep.items[i].message,
                         "listed in tagmanifest-sha512.txt line 4, but a FIFO "
                         "(named pipe), not a regular file; replace it with "
                         "the file itself");
        found = true;
    }
    ck_assert(found);
    dsr_bag_report_release(&rep);
}
END_TEST

START_TEST(test_bag_writer_stops_when_cancelled)
{
    volatile sig_atomic_t stop = 1;
    struct dsr_bag_opts opts = {.alg = DSR_HASH_SHA512, .cancel = &stop};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[1024];

    ck_assert_int_eq(dsr_bag_write(dir, &info, &opts, &err), -1);
    ck_assert_int_eq(err.code, DSR_INTERRUPTED);
    snprintf(path, sizeof(path), "%s/bagit.txt", dir);
    ck_assert_int_ne(access(path, F_OK), 0);
}
END_TEST

START_TEST(test_bag_parse_declaration)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char v[16];
    static const char good[] = "BagIt-Version: 1.0\r\nTag-File-Character-Encoding: UTF-8\r\n";
    static const char bad_enc[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: Latin-1\n";
    static const char bad_ver[] = "BagIt-Version: 1\nTag-File-Character-Encoding: UTF-8\n";
    static const char extra[] = "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\nX: y\n";

    ck_assert_int_eq(dsr_bag_parse_declaration(good, sizeof(good) - 1, v, sizeof(v), &err), 0);
    ck_assert_str_eq(v, "1.0");
    ck_assert_int_eq(dsr_bag_parse_declaration(bad_enc, sizeof(bad_enc) - 1, v, sizeof(v), &err), -1);
    ck_assert_uint_eq(err.line, 2);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_bag_parse_declaration(bad_ver, sizeof(bad_ver) - 1, v, sizeof(v), &err), -1);
    ck_assert_str_eq(err.msg, "BagIt-Version is not M.N");
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_bag_parse_declaration(extra, sizeof(extra) - 1, v, sizeof(v), &err), -1);
    ck_assert_uint_eq(err.line, 3);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_bag_parse_declaration("", 0, v, sizeof(v), &err), -1);
    ck_assert_str_eq(err.msg, "the declaration is incomplete");
}
END_TEST

START_TEST(test_bag_parse_info)
{
    static const char text[] = "Source-Organization: Uji\n"
                               "External-Description: one\n"
                               "  two\n"
                               "\tthree\n"
                               "Payload-Oxum :  12.3\n";
    struct dsr_bag_fields f;
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_bag_parse_info(text, sizeof(text) - 1, &f, &err), 0);
    ck_assert_uint_eq(f.n, 3);
    ck_assert_str_eq(dsr_bag_fields_get(&f, "external-description"), "one two three");
    ck_assert_str_eq(dsr_bag_fields_get(&f, "Payload-Oxum"), "12.3");
    ck_assert_ptr_null(dsr_bag_fields_get(&f, "Bag-Size"));
    dsr_bag_fields_release(&f);

    ck_assert_int_eq(dsr_bag_parse_info(" lead\n", 6, &f, &err), -1);
    ck_assert_uint_eq(err.line, 1);
    dsr_bag_fields_release(&f);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_bag_parse_info("A: b\nno colon\n", 14, &f, &err), -1);
    ck_assert_uint_eq(err.line, 2);
    ck_assert_str_eq(err.msg, "not 'Label: value'");
    dsr_bag_fields_release(&f);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_bag_parse_info("A: b\0c\n", 7, &f, &err), -1);
    dsr_bag_fields_release(&f);
}
END_TEST

START_TEST(test_bag_parse_manifest)
{
    static const char h[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    struct dsr_bag_entries e;
    struct dsr_error err = DSR_ERROR_INIT;
    char text[1024];
    char *enc;

    snprintf(text, sizeof(text), "%s  data/a%%25b%%0Ac.txt\n%s\tdata/x y.txt\r\n", h, h);
    ck_assert_int_eq(dsr_bag_parse_manifest(text, strlen(text), DSR_HASH_SHA256, &e, &err), 0);
    ck_assert_uint_eq(e.n, 2);
    ck_assert_str_eq(e.items[0].path, "data/a%b\nc.txt");
    ck_assert_str_eq(e.items[1].path, "data/x y.txt");
    ck_assert_str_eq(e.items[1].digest, h);
    ck_assert_uint_eq(e.items[1].line, 2);
    dsr_bag_entries_release(&e);

    /* a SHA-256 line in a SHA-512 manifest */
    ck_assert_int_eq(dsr_bag_parse_manifest(text, strlen(text), DSR_HASH_SHA512, &e, &err), -1);
    ck_assert_uint_eq(err.line, 1);
    dsr_bag_entries_release(&e);
    dsr_error_clear(&err);
    snprintf(text, sizeof(text), "%s  data/../../etc/passwd\n", h);
    ck_assert_int_eq(dsr_bag_parse_manifest(text, strlen(text), DSR_HASH_SHA256, &e, &err), -1);
    ck_assert_str_eq(err.msg, "the path is empty, absolute or has a '.' or '..' component");
    dsr_bag_entries_release(&e);
    dsr_error_clear(&err);
    snprintf(text, sizeof(text), "%s  /etc/passwd\n", h);
    ck_assert_int_eq(dsr_bag_parse_manifest(text, strlen(text), DSR_HASH_SHA256, &e, &err), -1);
    dsr_bag_entries_release(&e);
    dsr_error_clear(&err);
    snprintf(text, sizeof(text), "%s  data/a\n%s  data/b\n%s  data/a\n", h, h, h);
    ck_assert_int_eq(dsr_bag_parse_manifest(text, strlen(text), DSR_HASH_SHA256, &e, &err), -1);
    ck_assert_str_eq(err.msg, "a path listed twice");
    ck_assert_uint_eq(err.line, 3);
    dsr_bag_entries_release(&e);

    enc = dsr_bag_encode_path("a%b\r\nc", NULL);
    ck_assert_str_eq(enc, "a%25b%0D%0Ac");
    free(enc);
}
END_TEST

START_TEST(test_bag_parse_index)
{
    static const char good[] =
        "<?xml version=\"1.0\"?>\n"
        "<index xmlns=\"urn:dossier:index:1\" framework=\"spbe-2020\" year=\"2024\" "
        "indicator=\"1\" instance=\"Uji\">\n"
        "<entry name=\"a.pdf\" file=\"01/a.pdf\" level=\"2\" size=\"12\" media-type=\"application/pdf\" "
        "sha256=\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"> Judul </entry>\n"
        "</index>\n";
    static const char doctype[] =
        "<!DOCTYPE index [<!ENTITY x \"y\">]>\n"
        "<index xmlns=\"urn:dossier:index:1\" framework=\"a\" year=\"2024\" indicator=\"1\"/>\n";
    static const char badsha[] =
        "<index xmlns=\"urn:dossier:index:1\" framework=\"a\" year=\"2024\" indicator=\"1\">\n"
        "<entry name=\"a\" file=\"a\" size=\"1\" sha256=\"XYZ\">t</entry></index>\n";
    static const char dup[] =
        "<index xmlns=\"urn:dossier:index:1\" framework=\"a\" year=\"2024\" indicator=\"1\">\n"
        "<entry name=\"a\" file=\"a\" size=\"1\" sha256=\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\">t</entry>\n"
        "<entry name=\"a\" file=\"b\" size=\"1\" sha256=\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\">t</entry>\n"
        "</index>\n";
    static const char wrongns[] = "<index framework=\"a\" year=\"1\" indicator=\"1\"/>";
    struct dsr_zip_index idx;
    struct dsr_error err = DSR_ERROR_INIT;

    ck_assert_int_eq(dsr_zip_index_parse(good, sizeof(good) - 1, "i.xml", &idx, &err), 0);
    ck_assert_uint_eq(idx.n, 1);
    ck_assert_str_eq(idx.indicator, "1");
    ck_assert_str_eq(idx.entries[0].name, "a.pdf");
    ck_assert_str_eq(idx.entries[0].file, "01/a.pdf");
    ck_assert_str_eq(idx.entries[0].title, "Judul");
    ck_assert_uint_eq(idx.entries[0].size, 12);
    ck_assert_int_eq(idx.entries[0].level, 2);
    dsr_zip_index_release(&idx);

    ck_assert_int_eq(dsr_zip_index_parse(doctype, sizeof(doctype) - 1, "i.xml", &idx, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_str_eq(err.msg, "a DOCTYPE; refused");
    dsr_zip_index_release(&idx);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_zip_index_parse(badsha, sizeof(badsha) - 1, "i.xml", &idx, &err), -1);
    ck_assert_uint_eq(err.line, 2);
    dsr_zip_index_release(&idx);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_zip_index_parse(dup, sizeof(dup) - 1, "i.xml", &idx, &err), -1);
    ck_assert_str_eq(err.msg, "entry 'a' is listed twice");
    /* the line of the second listing, not 0 */
    ck_assert_uint_eq(err.line, 3);
    dsr_zip_index_release(&idx);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_zip_index_parse(wrongns, sizeof(wrongns) - 1, "i.xml", &idx, &err), -1);
    ck_assert_str_eq(err.msg, "the root is not <index> in urn:dossier:index:1");
    dsr_zip_index_release(&idx);
    dsr_error_clear(&err);
    ck_assert_int_eq(dsr_zip_index_parse("<index", 6, "i.xml", &idx, &err), -1);
    dsr_zip_index_release(&idx);
}
END_TEST

/* ---- every reader runs in time linear in its input ---------------------- */

/* CPU seconds this process has used: unaffected by other load on the machine. */
static double
cpu_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A growable text for the inputs below. */
struct text {
    char *p;
    size_t n, cap;
};

static void
add(struct text *t, const char *s)
{
    size_t n = strlen(s);

    if (t->n + n + 1 > t->cap) {
        t->cap = (t->n + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        ck_assert_ptr_nonnull(t->p);
    }
    memcpy(t->p + t->n, s, n + 1);
    t->n += n;
}

enum big_kind { BIG_INFO, BIG_MANIFEST, BIG_INDEX };

/* An input of kind 'k' with 'n' lines (continuations, entries). */
static struct text
big_input(enum big_kind k, size_t n)
{
    struct text t = {0};
    char line[512];

    if (k == BIG_INFO)
        add(&t, "Source-Organization: x\nExternal-Description: start\n");
    if (k == BIG_INDEX)
        add(&t, "<index xmlns=\"urn:dossier:index:1\" framework=\"a\" "
                "year=\"2024\" indicator=\"1\">\n");
    for (size_t i = 0; i < n; i++) {
        if (k == BIG_INFO)
            snprintf(line, sizeof(line), "  continued line %zu of the description\n", i);
        else if (k == BIG_MANIFEST)
            snprintf(line, sizeof(line), "%0128zx  data/evidence/file-%zu.pdf\n", i, i);
        else
            snprintf(line, sizeof(line),
                     "<entry name=\"e%zu.pdf\" file=\"d/e%zu.pdf\" size=\"1\" "
                     "sha256=\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca4"
                     "95991b7852b855\">t</entry>\n", i, i);
        add(&t, line);
    }
    if (k == BIG_MANIFEST) {    /* the first path again, at the end */
        snprintf(line, sizeof(line), "%0128d  data/evidence/file-0.pdf\n", 0);
        add(&t, line);
    }
    if (k == BIG_INDEX)
        add(&t, "</index>\n");
    return t;
}

/* Parse 'n'-line input of kind 'k'; CPU seconds taken. */
static double
parse_big(enum big_kind k, size_t n)
{
    struct text t = big_input(k, n);
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bag_fields f;
    struct dsr_bag_entries e;
    struct dsr_zip_index idx;
    double t0 = cpu_seconds(), t1;
    int rc;

    if (k == BIG_INFO) {
        rc = dsr_bag_parse_info(t.p, t.n, &f, &err);
        t1 = cpu_seconds();
        ck_assert_msg(rc == 0, "%s", err.msg);
        ck_assert_uint_eq(f.n, 2);
        ck_assert_uint_gt(strlen(f.items[1].value), n * 30);
        dsr_bag_fields_release(&f);
    } else if (k == BIG_MANIFEST) {
        rc = dsr_bag_parse_manifest(t.p, t.n, DSR_HASH_SHA512, &e, &err);
        t1 = cpu_seconds();
        ck_assert_int_eq(rc, -1);
        ck_assert_str_eq(err.msg, "a path listed twice");
        ck_assert_uint_eq(err.line, n + 1);
        dsr_bag_entries_release(&e);
    } else {
        rc = dsr_zip_index_parse(t.p, t.n, "i.xml", &idx, &err);
        t1 = cpu_seconds();
        ck_assert_msg(rc == 0, "%s", err.msg);
        ck_assert_uint_eq(idx.n, n);
        dsr_zip_index_release(&idx);
    }
    free(t.p);
    return t1 - t0;
}

/*
 * 4n lines take about 4 times the CPU time of n lines (n log n allows a
 * little more), never the 16 times of a quadratic reader: bounded at 10,
 * plus a floor for inputs parsed too fast to time.  CPU time, not wall
 * time, so a busy machine does not change the outcome.  200,000
 * continuation lines took minutes with the old quadratic append.
 */
START_TEST(test_bag_readers_are_linear)
{
    static const enum big_kind kinds[] = {BIG_INFO, BIG_MANIFEST, BIG_INDEX};
    static const size_t small[] = {50000, 50000, 20000};
    enum big_kind k = kinds[_i];
    double t1 = parse_big(k, small[_i]);
    double t4 = parse_big(k, 4 * small[_i]);

    ck_assert_msg(t4 < 10 * t1 + 0.25,
                  "kind %d: %zu lines took %.3f s of CPU, %zu lines %.3f s",
                  (int)k, small[_i], t1, 4 * small[_i], t4);
}
END_TEST

/*
 * A bag under 'dir'/'sub' whose data/indicators/01.zip holds 'n' one-byte
 * entries, all listed in its index.xml; CPU seconds that verify takes.
 */
static double
verify_big_zip(const char *sub, size_t n)
{
    struct dsr_bag_opts bopts = {.alg = DSR_HASH_SHA256};
    struct dsr_bag_verify_opts vopts = {.jobs = 1};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bag_report rep;
    struct text idx = {0};
    char bag[1024], path[1200], line[512];
    zip_t *za;
    int zerr = 0;
    double t0, t1;

    snprintf(bag, sizeof(bag), "%s/%s", dir, sub);
    tu_write(bag, "data/indicators/keep", "", 0);
    snprintf(path, sizeof(path), "%s/data/indicators/keep", bag);
    unlink(path);
    snprintf(path, sizeof(path), "%s/data/indicators/01.zip", bag);
    za = zip_open(path, ZIP_CREATE | ZIP_EXCL, &zerr);
    ck_assert_ptr_nonnull(za);
    add(&idx, "<index xmlns=\"urn:dossier:index:1\" framework=\"a\" year=\"2024\" "
              "indicator=\"1\">\n");
    for (size_t i = 0; i < n; i++) {
        snprintf(line, sizeof(line),
                 "<entry name=\"evidence/e%06zu.txt\" file=\"e%zu\" size=\"1\" "
                 "sha256=\"2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\""
                 ">t</entry>\n", i, i);
        add(&idx, line);
    }
    add(&idx, "</index>\n");
    ck_assert_int_ge(zip_file_add(za, "index.xml",
                                  zip_source_buffer(za, idx.p, idx.n, 0), 0), 0);
    for (size_t i = 0; i < n; i++) {
        zip_int64_t k;

        snprintf(line, sizeof(line), "evidence/e%06zu.txt", i);
        k = zip_file_add(za, line, zip_source_buffer(za, "x", 1, 0), 0);
        ck_assert_int_ge(k, 0);
        zip_set_file_compression(za, (zip_uint64_t)k, ZIP_CM_STORE, 0);
    }
    ck_assert_int_eq(zip_close(za), 0);
    free(idx.p);
    ck_assert_msg(dsr_bag_write(bag, &info, &bopts, &err) == 0, "%s", err.msg);
    t0 = cpu_seconds();
    ck_assert_msg(bag_verify_run(bag, &vopts, true, &rep, &err) == 0, "%s", err.msg);
    t1 = cpu_seconds();
    ck_assert_msg(rep.n == 0, "%s: %s", rep.n ? rep.items[0].path : "",
                  rep.n ? rep.items[0].message : "");
    ck_assert_uint_eq(rep.entries, n);
    dsr_bag_report_release(&rep);
    return t1 - t0;
}

/*
 * Checking a zip's entries against its index.xml is linear too (each
 * entry found by binary search, not by a walk through the index): a zip of
 * 4n entries takes about 4 times the CPU time of one of n, not 16.
 */
START_TEST(test_bag_zip_check_is_linear)
{
    double t1 = verify_big_zip("n", 10000);
    double t4 = verify_big_zip("4n", 40000);

    ck_assert_msg(t4 < 10 * t1 + 0.25, "10000 entries: %.3f s of CPU, 40000: %.3f s",
                  t1, t4);
}
END_TEST

/* An index.xml of one entry with a name, file and title of these lengths. */
static char *
index_with(size_t name, size_t file, size_t title)
{
    struct text t = {0};
    char *s = malloc(name + file + title + 1);

    add(&t, "<index xmlns=\"urn:dossier:index:1\" framework=\"a\" "
            "year=\"2024\" indicator=\"1\">\n<entry name=\"");
    memset(s, 'n', name);
    s[name] = '\0';
    add(&t, s);
    add(&t, "\" file=\"");
    memset(s, 'f', file);
    s[file] = '\0';
    add(&t, s);
    add(&t, "\" size=\"1\" sha256=\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4"
            "649b934ca495991b7852b855\">");
    memset(s, 't', title);
    s[title] = '\0';
    add(&t, s);
    add(&t, "</entry>\n</index>\n");
    free(s);
    return t.p;
}

/*
 * index.xml strings no manifest could give are refused, so that a small
 * index cannot make diff keep gigabytes: a name or file over 2047 bytes,
 * a title over 4 x 300 bytes; the largest allowed pass.
 */
START_TEST(test_bag_parse_index_bounds_strings)
{
    static const size_t sizes[][3] = {
        {DSR_ZIP_INDEX_PATH_MAX, DSR_ZIP_INDEX_PATH_MAX, DSR_ZIP_INDEX_TITLE_MAX},
        {DSR_ZIP_INDEX_PATH_MAX + 1, 1, 1},
        {1, DSR_ZIP_INDEX_PATH_MAX + 1, 1},
        {1, 1, DSR_ZIP_INDEX_TITLE_MAX + 1},
        {1, 1 << 20, 1},
    };

    for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
        struct dsr_error err = DSR_ERROR_INIT;
        struct dsr_zip_index idx;
        char *x = index_with(sizes[i][0], sizes[i][1], sizes[i][2]);
        int rc = dsr_zip_index_parse(x, strlen(x), "i.xml", &idx, &err);

        ck_assert_msg(rc == (i == 0 ? 0 : -1), "case %zu: %d %s", i, rc, err.msg);
        if (i > 0) {
            ck_assert_int_eq(err.code, DSR_INPUT);
            ck_assert_uint_eq(err.line, 2);
        }
        dsr_zip_index_release(&idx);
        free(x);
    }
}
END_TEST

START_TEST(test_bag_readers_state_limits)
{
    struct text t = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bag_fields f;
    char line[64];

    for (int i = 0; i <= DSR_BAG_INFO_MAX_FIELDS; i++) {
        snprintf(line, sizeof(line), "L%d: v\n", i);
        add(&t, line);
    }
    ck_assert_int_eq(dsr_bag_parse_info(t.p, t.n, &f, &err), -1);
    ck_assert_uint_eq(err.line, DSR_BAG_INFO_MAX_FIELDS + 1);
    ck_assert_str_eq(err.msg, "more than 10000 fields");
    dsr_bag_fields_release(&f);
    free(t.p);
}
END_TEST

Suite *
bag_suite(void)
{
    Suite *s = suite_create("bag");
    TCase *tc = tcase_create("bag");
    TCase *parse = tcase_create("parse");
    TCase *special = tcase_create("special");
    TCase *linear = tcase_create("linear");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_bag_write_and_verify_clean);
    tcase_add_test(tc, test_bag_known_digests_follow_the_inode);
    tcase_add_test(tc, test_bag_sha256_and_existing_tag_files);
    tcase_add_test(tc, test_bag_verify_names_damage);
    tcase_add_test(tc, test_bag_verify_refuses_symlinks);
    tcase_add_test(tc, test_bag_verify_tag_through_linked_folder);
    tcase_add_test(tc, test_bag_writer_stops_when_cancelled);
    suite_add_tcase(s, tc);
    /* a blocked open of a FIFO would wait forever: 20 s is a hang */
    tcase_add_checked_fixture(special, setup, teardown);
    tcase_set_timeout(special, 20);
    tcase_add_loop_test(special, test_bag_verify_reports_special_files, 0,
                        (int)(sizeof(special_cases) / sizeof(special_cases[0])));
    tcase_add_test(special, test_bag_verify_tag_listed_fifo);
    suite_add_tcase(s, special);
    tcase_add_test(parse, test_bag_parse_declaration);
    tcase_add_test(parse, test_bag_parse_info);
    tcase_add_test(parse, test_bag_parse_manifest);
    tcase_add_test(parse, test_bag_parse_index);
    tcase_add_test(parse, test_bag_parse_index_bounds_strings);
    suite_add_tcase(s, parse);
    tcase_add_loop_test(linear, test_bag_readers_are_linear, 0, 3);
    tcase_add_test(linear, test_bag_readers_state_limits);
    tcase_add_checked_fixture(linear, setup, teardown);
    tcase_add_test(linear, test_bag_zip_check_is_linear);
    suite_add_tcase(s, linear);
    return s;
}

int
main(void)
{
    return tu_run(bag_suite());
}
