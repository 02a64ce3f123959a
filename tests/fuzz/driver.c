/*
 * driver.c -- run a fuzz target over files without libFuzzer: each
 * argument is a file or a directory of files (read in name order), and
 * each file is given to LLVMFuzzerTestOneInput once.  Used by CTest in the
 * normal build so that every target's code path runs on its seeds.
 */
#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int
run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char *data = NULL;
    size_t len = 0, cap = 0;

    if (!f) {
        perror(path);
        return -1;
    }
    for (;;) {
        size_t n;

        if (len == cap) {
            unsigned char *p = realloc(data, cap ? cap * 2 : 4096);

            if (!p) {
                fclose(f);
                free(data);
                return -1;
            }
            data = p;
            cap = cap ? cap * 2 : 4096;
        }
        n = fread(data + len, 1, cap - len, f);
        if (n == 0)
            break;
        len += n;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
    printf("ok - %s (%zu bytes)\n", path, len);
    return 0;
}

static int
cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0;
    int rc = 0;

    if (!d) {
        perror(dir);
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        char **p;

        if (de->d_name[0] == '.')
            continue;
        p = realloc(names, (n + 1) * sizeof(*names));
        if (!p) {
            rc = -1;
            break;
        }
        names = p;
        names[n] = malloc(strlen(dir) + strlen(de->d_name) + 2);
        if (!names[n]) {
            rc = -1;
            break;
        }
        sprintf(names[n], "%s/%s", dir, de->d_name);
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), cmp_name);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && run_file(names[i]) < 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    *count += n;
    return rc;
}

int
main(int argc, char **argv)
{
    size_t count = 0;

    LLVMFuzzerInitialize(&argc, &argv);
    for (int i = 1; i < argc; i++) {
        struct stat st;

        if (stat(argv[i], &st) < 0) {
            perror(argv[i]);
            return 1;
        }
        if (S_ISDIR(st.st_mode)) {
            if (run_dir(argv[i], &count) < 0)
                return 1;
        } else {
            if (run_file(argv[i]) < 0)
                return 1;
            count++;
        }
    }
    if (count == 0) {
        fprintf(stderr, "no input files\n");
        return 1;
    }
    printf("%zu inputs, no crash\n", count);
    return 0;
}
