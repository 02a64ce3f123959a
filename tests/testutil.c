/*
 * testutil.c -- helpers shared by the Check suites.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Every directory tu_tmpdir() makes is under this suite's scratch
 * directory, made by tu_run() before the tests fork and removed by it
 * afterwards, so a suite leaves nothing behind even when a test fails
 * half-way or crashes.  Empty outside tu_run().
 */
static char scratch[512];

/* Each path handed out has its own storage, until tu_rmtree() of it. */
struct tu_dir {
    struct tu_dir *next;
    char path[600];
};
static struct tu_dir *dirs;

const char *
tu_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    struct tu_dir *d = calloc(1, sizeof(*d));

    ck_assert_ptr_nonnull(d);
    if (*scratch)
        snprintf(d->path, sizeof(d->path), "%s/t-XXXXXX", scratch);
    else
        snprintf(d->path, sizeof(d->path), "%s/dossier-test-XXXXXX",
                 base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(d->path));
    d->next = dirs;
    dirs = d;
    return d->path;
}

static void
mkparents(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0755) < 0 && errno != EEXIST)
            ck_abort_msg("mkdir %s: %s", path, strerror(errno));
        *p = '/';
    }
}

void
tu_write(const char *dir, const char *name, const void *data, size_t len)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    mkparents(path);
    f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot write %s", path);
    if (len == (size_t)-1)
        len = strlen(data);
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void
tu_rmtree(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    for (struct tu_dir **p = &dirs; *p; p = &(*p)->next) {
        if (strcmp((*p)->path, dir) == 0) {
            struct tu_dir *d = *p;

            *p = d->next;
            free(d);
            break;
        }
    }
}

static int
print_left(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    if (ftw->level == 1)
        fprintf(stderr, "left behind by a test: %s\n", path);
    return 0;
}

int
tu_run(Suite *s)
{
    const char *base = getenv("TMPDIR");
    SRunner *sr = srunner_create(s);
    DIR *d;
    bool left = false;
    int failed;

    snprintf(scratch, sizeof(scratch), "%s/dossier-test-XXXXXX",
             base && *base ? base : "/tmp");
    if (!mkdtemp(scratch)) {
        fprintf(stderr, "cannot make a scratch directory %s: %s\n", scratch,
                strerror(errno));
        srunner_free(sr);
        return EXIT_FAILURE;
    }
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    /* a test that passes must clean up after itself */
    d = opendir(scratch);
    for (struct dirent *e = d ? readdir(d) : NULL; e; e = readdir(d))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            left = true;
    if (d)
        closedir(d);
    if (left && failed == 0) {
        nftw(scratch, print_left, 16, FTW_PHYS);
        failed = 1;
    }
    tu_rmtree(scratch);
    *scratch = '\0';
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
