/*
 * test_evidence.c -- paths resolve inside the root or not at all; only
 * regular files are opened; content is hashed and sniffed in one read.
 */
#include "testutil.h"

#include "dossier/error.h"
#include "dossier/evidence.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char pdf[] = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
static char base[512];
static char root_path[600];

/*
 * base/
 *   outside.txt
 *   bukti/
 *     a.pdf  sub/b.pdf  folder/  pipe (FIFO)
 *     out.pdf -> ../outside.txt      in.pdf -> a.pdf
 *     abs.pdf -> base/outside.txt    up -> ..
 */
static void
setup(void)
{
    char p[700];

    snprintf(base, sizeof(base), "%s", tu_tmpdir());
    snprintf(root_path, sizeof(root_path), "%s/bukti", base);
    tu_write(base, "outside.txt", "rahasia", (size_t)-1);
    tu_write(base, "bukti/a.pdf", pdf, sizeof(pdf) - 1);
    tu_write(base, "bukti/sub/b.pdf", pdf, sizeof(pdf) - 1);
    snprintf(p, sizeof(p), "%s/folder", root_path);
    mkdir(p, 0755);
    snprintf(p, sizeof(p), "%s/pipe", root_path);
    mkfifo(p, 0644);
    snprintf(p, sizeof(p), "%s/out.pdf", root_path);
    ck_assert_int_eq(symlink("../outside.txt", p), 0);
    snprintf(p, sizeof(p), "%s/in.pdf", root_path);
    ck_assert_int_eq(symlink("a.pdf", p), 0);
    {
        char target[700];

        snprintf(target, sizeof(target), "%s/outside.txt", base);
        snprintf(p, sizeof(p), "%s/abs.pdf", root_path);
        ck_assert_int_eq(symlink(target, p), 0);
    }
    snprintf(p, sizeof(p), "%s/up", root_path);
    ck_assert_int_eq(symlink("..", p), 0);
    snprintf(p, sizeof(p), "%s/loop1", root_path);
    ck_assert_int_eq(symlink("loop2", p), 0);
    snprintf(p, sizeof(p), "%s/loop2", root_path);
    ck_assert_int_eq(symlink("loop1", p), 0);
}

static void
teardown(void)
{
    tu_rmtree(base);
}

static const struct {
    const char *rel;
    enum dsr_path_status want;
} paths[] = {
    {"a.pdf", DSR_PATH_OK},
    {"sub/b.pdf", DSR_PATH_OK},
    {"./sub/../a.pdf", DSR_PATH_OK},
    {"in.pdf", DSR_PATH_OK},
    {"/etc/passwd", DSR_PATH_ABSOLUTE},
    {"../outside.txt", DSR_PATH_ESCAPES},
    {"sub/../../outside.txt", DSR_PATH_ESCAPES},
    {"out.pdf", DSR_PATH_ESCAPES},
    {"abs.pdf", DSR_PATH_ESCAPES},
    {"up/outside.txt", DSR_PATH_ESCAPES},
    {"folder", DSR_PATH_NOT_REGULAR},
    {"sub/..", DSR_PATH_NOT_REGULAR},
    {"pipe", DSR_PATH_NOT_REGULAR},
    {"missing.pdf", DSR_PATH_MISSING},
    {"a.pdf/x", DSR_PATH_MISSING},
    {"sub\\b.pdf", DSR_PATH_INVALID},
    {"a\nb.pdf", DSR_PATH_INVALID},
    {"sub/", DSR_PATH_INVALID},
    {"sub//b.pdf", DSR_PATH_INVALID},
    {"", DSR_PATH_INVALID},
    {"loop1", DSR_PATH_INVALID},
};

START_TEST(test_evidence_resolve)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_root root;
    char *resolved = NULL;
    int sys_errno;

    ck_assert_int_eq(dsr_root_open(&root, root_path, &err), 0);
    ck_assert_int_eq(dsr_root_resolve(&root, paths[_i].rel, &resolved, &sys_errno),
                     paths[_i].want);
    if (paths[_i].want == DSR_PATH_OK) {
        ck_assert_ptr_nonnull(resolved);
        ck_assert_int_eq(strncmp(resolved, root.real, strlen(root.real)), 0);
    } else {
        ck_assert_ptr_null(resolved);
    }
    free(resolved);
    dsr_root_release(&root);
}
END_TEST

START_TEST(test_evidence_root_must_be_a_directory)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_root root;
    char p[700];

    snprintf(p, sizeof(p), "%s/a.pdf", root_path);
    ck_assert_int_eq(dsr_root_open(&root, p, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    dsr_error_clear(&err);
    snprintf(p, sizeof(p), "%s/nowhere", base);
    ck_assert_int_eq(dsr_root_open(&root, p, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
}
END_TEST

START_TEST(test_evidence_open_refuses_links_and_fifos)
{
    enum dsr_path_status st;
    int sys_errno;
    char p[700];
    int fd;

    snprintf(p, sizeof(p), "%s/in.pdf", root_path);
    ck_assert_int_eq(dsr_root_open_file(p, &st, &sys_errno), -1);
    ck_assert_int_eq(st, DSR_PATH_ESCAPES);
    snprintf(p, sizeof(p), "%s/pipe", root_path);
    ck_assert_int_eq(dsr_root_open_file(p, &st, &sys_errno), -1);
    ck_assert_int_eq(st, DSR_PATH_NOT_REGULAR);
    snprintf(p, sizeof(p), "%s/a.pdf", root_path);
    fd = dsr_root_open_file(p, &st, &sys_errno);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(st, DSR_PATH_OK);
    close(fd);
}
END_TEST

START_TEST(test_evidence_inspect_hashes_and_sniffs)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_sniffer *sn = dsr_sniffer_new(&err);
    struct dsr_file_info info;
    char p[700];
    int fd;

    ck_assert_msg(sn != NULL, "%s", err.msg);
    snprintf(p, sizeof(p), "%s/a.pdf", root_path);
    fd = open(p, O_RDONLY);
    ck_assert_int_eq(dsr_file_inspect(fd, p, sn, &info, &err), 0);
    close(fd);
    ck_assert_uint_eq(info.size, sizeof(pdf) - 1);
    ck_assert_str_eq(info.mime, "application/pdf");
    ck_assert_uint_eq(strlen(info.sha256), 64);
    {
        char want[65];

        ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, pdf, sizeof(pdf) - 1, want, &err), 0);
        ck_assert_str_eq(info.sha256, want);
    }
    /* a file larger than one read chunk hashes the same as in one piece */
    {
        size_t n = (1 << 20) + 12345;
        char *big = malloc(n);
        char want[65];

        for (size_t i = 0; i < n; i++)
            big[i] = (char)('a' + i % 26);
        tu_write(root_path, "big.txt", big, n);
        snprintf(p, sizeof(p), "%s/big.txt", root_path);
        fd = open(p, O_RDONLY);
        ck_assert_int_eq(dsr_file_inspect(fd, p, sn, &info, &err), 0);
        close(fd);
        ck_assert_uint_eq(info.size, n);
        ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, big, n, want, &err), 0);
        ck_assert_str_eq(info.sha256, want);
        ck_assert_str_eq(info.mime, "text/plain");
        free(big);
    }
    dsr_sniffer_free(sn);
}
END_TEST

static const struct {
    const char *name, *mime;
    enum dsr_type_verdict want;
} judge[] = {
    {"a.pdf", "application/pdf", DSR_TYPE_OK},
    {"A.PDF", "application/pdf", DSR_TYPE_OK},
    {"a.pdf", "image/png", DSR_TYPE_MISMATCH},
    {"a.pdf", "application/x-pie-executable", DSR_TYPE_EXECUTABLE},
    {"a.pdf", "text/x-shellscript", DSR_TYPE_EXECUTABLE},
    {"a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     DSR_TYPE_OK},
    {"a.docx", "application/zip", DSR_TYPE_OK},
    {"a.xlsx", "application/pdf", DSR_TYPE_MISMATCH},
    {"a.csv", "text/csv", DSR_TYPE_OK},
    {"a.jpg", "image/jpeg", DSR_TYPE_OK},
    {"a.xyz", "application/pdf", DSR_TYPE_UNKNOWN},
    {"noext", "application/pdf", DSR_TYPE_UNKNOWN},
    {"dir.v2/noext", "text/plain", DSR_TYPE_UNKNOWN},
};

START_TEST(test_evidence_type_judge)
{
    const char *expected = NULL;

    ck_assert_int_eq(dsr_type_judge(judge[_i].name, judge[_i].mime, &expected),
                     judge[_i].want);
    if (judge[_i].want == DSR_TYPE_MISMATCH)
        ck_assert_ptr_nonnull(expected);
}
END_TEST

START_TEST(test_evidence_compressed_types)
{
    ck_assert(dsr_type_is_compressed("application/pdf"));
    ck_assert(dsr_type_is_compressed("image/jpeg"));
    ck_assert(dsr_type_is_compressed("video/mp4"));
    ck_assert(dsr_type_is_compressed(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
    ck_assert(!dsr_type_is_compressed("text/csv"));
    ck_assert(!dsr_type_is_compressed("text/plain"));
}
END_TEST

Suite *
evidence_suite(void)
{
    Suite *s = suite_create("evidence");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_evidence_resolve, 0, sizeof(paths) / sizeof(*paths));
    tcase_add_test(tc, test_evidence_root_must_be_a_directory);
    tcase_add_test(tc, test_evidence_open_refuses_links_and_fifos);
    tcase_add_test(tc, test_evidence_inspect_hashes_and_sniffs);
    tcase_add_loop_test(tc, test_evidence_type_judge, 0, sizeof(judge) / sizeof(*judge));
    tcase_add_test(tc, test_evidence_compressed_types);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(evidence_suite());
}
