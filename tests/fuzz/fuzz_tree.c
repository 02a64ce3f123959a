/*
 * fuzz_tree.c -- the small file-tree chores the fuzz targets share: make a
 * folder or a link under a base folder, and remove a tree they made.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include "fuzz.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

void
fz_mkdir(const char *base, const char *name)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", base, name);
    if (mkdir(path, 0755) < 0)
        abort();
}

void
fz_symlink(const char *base, const char *target, const char *name)
{
    char path[256];

    snprintf(path, sizeof(path), "%s/%s", base, name);
    if (symlink(target, path) < 0)
        abort();
}

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void
fz_rmtree(const char *dir)
{
    if (dir && dir[0])
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
