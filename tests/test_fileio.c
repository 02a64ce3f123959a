/*
 * test_fileio.c -- the core's private file layer: opening beneath a
 * folder without following links (openat2 and the walk alike), publishing
 * files whole under their final name, and making directories.
 */
#include "fileio.h"

#include "dossier/error.h"
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The contents of 'path', NUL-terminated, in a static buffer. */
static const char *
slurp(const char *path)
{
    static char buf[256];
    FILE *f = fopen(path, "r");
    size_t n;

    ck_assert_ptr_nonnull(f);
    n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* How many entries 'dir' has besides "." and "..". */
static int
entries(const char *dir)
{
    char cmd[PATH_MAX + 64];
    char out[32] = "";
    FILE *p;

    snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
    p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(fgets(out, sizeof(out), p));
    pclose(p);
    return atoi(out);
}

START_TEST(test_fileio_publish_new_never_replaces)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    enum dsr_fio_step step;
    struct stat st;

    snprintf(path, sizeof(path), "%s/note.txt", dir);
    ck_assert_int_eq(dsr_fio_publish(path, "satu", 4, 0640, DSR_FIO_NEW, &step), 0);
    ck_assert_str_eq(slurp(path), "satu");
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0640);
    ck_assert_int_eq(dsr_fio_publish(path, "dua", 3, 0640, DSR_FIO_NEW, &step), -1);
    ck_assert_int_eq(errno, EEXIST);
    ck_assert_int_eq(step, DSR_FIO_PLACE);
    ck_assert_str_eq(slurp(path), "satu");
    ck_assert_int_eq(entries(dir), 1);      /* no temporary left */
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_fileio_publish_replace)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    enum dsr_fio_step step;

    snprintf(path, sizeof(path), "%s/d.pdf", dir);
    tu_write(dir, "d.pdf", "lama", (size_t)-1);
    ck_assert_int_eq(dsr_fio_publish(path, "baru", 4, 0644, DSR_FIO_REPLACE, &step), 0);
    ck_assert_str_eq(slurp(path), "baru");
    ck_assert_int_eq(entries(dir), 1);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_fileio_create_messages)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    struct dsr_error err = DSR_ERROR_INIT;

    snprintf(path, sizeof(path), "%s/tidak-ada/x.xml", dir);
    ck_assert_int_eq(dsr_fio_create(path, "x", 1, 0644, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_int_eq(err.sys_errno, ENOENT);
    ck_assert_str_eq(err.path, path);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot create"));
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_fileio_tmp_hidden_and_discard)
{
    const char *dir = tu_tmpdir();
    struct dsr_fio_tmp t = DSR_FIO_TMP_INIT;
    enum dsr_fio_step step;
    char target[PATH_MAX], prefix[PATH_MAX];

    snprintf(target, sizeof(target), "%s/01.zip", dir);
    snprintf(prefix, sizeof(prefix), "%s/.01.zip.tmp-", dir);
    ck_assert_int_eq(dsr_fio_tmp_create(&t, target, true, &step), 0);
    ck_assert_int_eq(strncmp(t.name, prefix, strlen(prefix)), 0);
    ck_assert_int_ge(t.fd, 0);
    dsr_fio_tmp_discard(&t);
    dsr_fio_tmp_discard(&t);                /* twice is harmless */
    ck_assert_int_eq(t.fd, -1);
    ck_assert_str_eq(t.name, "");
    ck_assert_int_eq(entries(dir), 0);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_fileio_tmp_name_too_long)
{
    static char target[PATH_MAX + 16];
    struct dsr_fio_tmp t = DSR_FIO_TMP_INIT;
    enum dsr_fio_step step;

    memset(target, 'a', sizeof(target) - 1);
    ck_assert_int_eq(dsr_fio_tmp_create(&t, target, false, &step), -1);
    ck_assert_int_eq(step, DSR_FIO_NAME);
    ck_assert_int_eq(errno, ENAMETOOLONG);
    ck_assert_str_eq(t.name, "");
}
END_TEST

START_TEST(test_fileio_publish_link_keeps_the_file)
{
    const char *dir = tu_tmpdir();
    char from[PATH_MAX], bak[PATH_MAX];
    enum dsr_fio_step step;
    struct stat a, b;

    tu_write(dir, "manifest.xml", "<lama/>", (size_t)-1);
    snprintf(from, sizeof(from), "%s/manifest.xml", dir);
    snprintf(bak, sizeof(bak), "%s/manifest.xml.bak", dir);
    ck_assert_int_eq(dsr_fio_publish_link(bak, from, "<lama/>", 7, &step), 0);
    ck_assert_int_eq(stat(from, &a), 0);
    ck_assert_int_eq(stat(bak, &b), 0);
    ck_assert(a.st_ino == b.st_ino);        /* a second name, not a copy */
    ck_assert_int_eq(entries(dir), 2);
    tu_rmtree(dir);
}
END_TEST

/* A bundle is never moved over an OUTDIR that appeared, even an empty one. */
START_TEST(test_fileio_rename_new_never_replaces_a_directory)
{
    const char *dir = tu_tmpdir();
    char from[600], to[600];
    struct stat st;
    int rc;

    snprintf(from, sizeof(from), "%s/bundle.tmp", dir);
    snprintf(to, sizeof(to), "%s/bundle", dir);
    ck_assert_int_eq(mkdir(from, 0755), 0);
    tu_write(from, "bagit.txt", "x", (size_t)-1);
    ck_assert_int_eq(mkdir(to, 0755), 0);
    rc = dsr_fio_rename_new(from, to);
    if (rc > 0) {
        /* this file system has no RENAME_NOREPLACE: nothing to test here */
        tu_rmtree(dir);
        return;
    }
    ck_assert_int_eq(rc, -1);
    ck_assert_int_eq(errno, EEXIST);
    ck_assert_int_eq(stat(from, &st), 0);
    ck_assert_int_eq(rmdir(to), 0);
    ck_assert_int_eq(dsr_fio_rename_new(from, to), 0);
    ck_assert_int_eq(stat(from, &st), -1);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_fileio_mkdirs)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    struct dsr_error err = DSR_ERROR_INIT;
    struct stat st;

    snprintf(path, sizeof(path), "%s/a/b/c", dir);
    ck_assert_int_eq(dsr_fio_mkdirs(path, &err), 0);
    ck_assert_int_eq(dsr_fio_mkdirs(path, &err), 0);     /* exists: fine */
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert_int_eq(dsr_fio_mkdirs("", &err), -1);
    ck_assert_int_eq(err.code, DSR_USAGE);
    ck_assert_str_eq(err.msg, "the folder name is empty or too long");
    tu_rmtree(dir);
}
END_TEST

/* -o out/2025/x.pdf: the folders above an output are made, nothing else */
START_TEST(test_fileio_mkparents)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    struct dsr_error err = DSR_ERROR_INIT;
    struct stat st;

    snprintf(path, sizeof(path), "%s/out//2025/dossier.pdf", dir);
    ck_assert_int_eq(dsr_fio_mkparents(path, &err), 0);
    snprintf(path, sizeof(path), "%s/out/2025", dir);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    snprintf(path, sizeof(path), "%s/out/2025/dossier.pdf", dir);
    ck_assert_int_eq(stat(path, &st), -1);          /* the target: not made */
    /* a bundle folder named with a final slash: its parent only */
    snprintf(path, sizeof(path), "%s/bundles/b/", dir);
    ck_assert_int_eq(dsr_fio_mkparents(path, &err), 0);
    snprintf(path, sizeof(path), "%s/bundles", dir);
    ck_assert_int_eq(stat(path, &st), 0);
    snprintf(path, sizeof(path), "%s/bundles/b", dir);
    ck_assert_int_eq(stat(path, &st), -1);
    /* nothing to make */
    ck_assert_int_eq(dsr_fio_mkparents("x.pdf", &err), 0);
    ck_assert_int_eq(dsr_fio_mkparents("/x.pdf", &err), 0);
    ck_assert_int_eq(dsr_fio_mkparents("-", &err), 0);
    ck_assert_int_eq(err.code, DSR_OK);
    /* a file where a folder should be: named, with the system's reason */
    tu_write(dir, "file", "x", (size_t)-1);
    snprintf(path, sizeof(path), "%s/file/sub/x.pdf", dir);
    ck_assert_int_eq(dsr_fio_mkparents(path, &err), -1);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_int_eq(err.sys_errno, ENOTDIR);
    ck_assert_str_eq(err.msg, "cannot create the folder: Not a directory");
    tu_rmtree(dir);
}
END_TEST

/*
 * A folder on the way replaced by a link to a folder: both ways of
 * opening beneath say ELOOP (the walk once said ENOTDIR), and
 * dsr_fio_open_regular() reports it as a link, which verify then names.
 * A FIFO is never opened; a search-only folder (0311) is still walked.
 */
START_TEST(test_fileio_open_beneath_linked_folder)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    mode_t type = 0;
    int dfd, fd;

    tu_write(dir, "real/deep/f.txt", "x", 1);
    snprintf(path, sizeof(path), "%s/sub", dir);
    ck_assert_int_eq(symlink("real", path), 0);
    snprintf(path, sizeof(path), "%s/real/fifo", dir);
    ck_assert_int_eq(mkfifo(path, 0600), 0);
    dfd = open(dir, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(dfd, 0);
    for (int walk = 0; walk < 2; walk++) {
        errno = 0;
        ck_assert_int_eq(dsr_fio_open_beneath(dfd, "sub/deep/f.txt", O_RDONLY,
                                              walk), -1);
        ck_assert_msg(errno == ELOOP, "%s: %s", walk ? "walk" : "openat2",
                      strerror(errno));
        errno = 0;
        ck_assert_int_eq(dsr_fio_open_beneath(dfd, "sub", O_RDONLY | O_DIRECTORY,
                                              walk), -1);
        ck_assert_int_eq(errno, ELOOP);
        ck_assert_int_eq(dsr_fio_open_beneath(dfd, "real/../real/deep/f.txt",
                                              O_RDONLY, walk), -1);
        ck_assert_int_eq(errno, ENOENT);
        fd = dsr_fio_open_beneath(dfd, "real/deep/f.txt", O_RDONLY, walk);
        ck_assert_int_ge(fd, 0);
        close(fd);
    }
    ck_assert_int_eq(dsr_fio_open_regular(dfd, "sub/deep/f.txt", &type), -1);
    ck_assert_int_eq(type, S_IFLNK);
    ck_assert_int_eq(dsr_fio_open_regular(dfd, "sub", &type), -1);
    ck_assert_int_eq(type, S_IFLNK);
    ck_assert_int_eq(dsr_fio_open_regular(dfd, "real/fifo", &type), -1);
    ck_assert_int_eq(type, S_IFIFO);
    ck_assert_int_eq(dsr_fio_open_regular(dfd, "real/deep", &type), -1);
    ck_assert_int_eq(type, S_IFDIR);
    ck_assert_int_eq(dsr_fio_open_regular(dfd, "real/none", &type), -1);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(type, 0);
    /* folders on the way need search permission only */
    snprintf(path, sizeof(path), "%s/real", dir);
    ck_assert_int_eq(chmod(path, 0311), 0);
    fd = dsr_fio_open_regular(dfd, "real/deep/f.txt", &type);
    chmod(path, 0755);
    ck_assert_int_ge(fd, 0);
    close(fd);
    close(dfd);
    tu_rmtree(dir);
}
END_TEST

/* dsr_fio_read_beneath(): the data, or why not, with the type. */
START_TEST(test_fileio_read_beneath)
{
    const char *dir = tu_tmpdir();
    char path[PATH_MAX];
    char *data = NULL;
    size_t len = 0;
    mode_t type = 0;
    int sys_errno = 0;
    int dfd;

    tu_write(dir, "a/b.txt", "hello", 5);
    snprintf(path, sizeof(path), "%s/l", dir);
    ck_assert_int_eq(symlink("a", path), 0);
    dfd = open(dir, O_RDONLY | O_DIRECTORY);
    ck_assert_int_ge(dfd, 0);
    ck_assert_int_eq(dsr_fio_read_beneath(dfd, "a/b.txt", 16, &data, &len,
                                          &type, &sys_errno), DSR_READ_OK);
    ck_assert_str_eq(data, "hello");
    ck_assert_uint_eq(len, 5);
    free(data);
    ck_assert_int_eq(dsr_fio_read_beneath(dfd, "a/b.txt", 4, &data, &len,
                                          &type, &sys_errno),
                     DSR_READ_TOO_LARGE);
    ck_assert_int_eq(dsr_fio_read_beneath(dfd, "l/b.txt", 16, &data, &len,
                                          &type, &sys_errno), DSR_READ_IO);
    ck_assert_int_eq(type, S_IFLNK);
    ck_assert_int_eq(dsr_fio_read_beneath(dfd, "a/none", 16, &data, &len,
                                          &type, &sys_errno), DSR_READ_IO);
    ck_assert_int_eq(sys_errno, ENOENT);
    ck_assert_ptr_null(data);
    close(dfd);
    tu_rmtree(dir);
}
END_TEST

Suite *
fileio_suite(void)
{
    Suite *s = suite_create("fileio");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_fileio_open_beneath_linked_folder);
    tcase_add_test(tc, test_fileio_read_beneath);
    tcase_add_test(tc, test_fileio_publish_new_never_replaces);
    tcase_add_test(tc, test_fileio_publish_replace);
    tcase_add_test(tc, test_fileio_create_messages);
    tcase_add_test(tc, test_fileio_tmp_hidden_and_discard);
    tcase_add_test(tc, test_fileio_tmp_name_too_long);
    tcase_add_test(tc, test_fileio_publish_link_keeps_the_file);
    tcase_add_test(tc, test_fileio_mkdirs);
    tcase_add_test(tc, test_fileio_mkparents);
    tcase_add_test(tc, test_fileio_rename_new_never_replaces_a_directory);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(fileio_suite());
}
