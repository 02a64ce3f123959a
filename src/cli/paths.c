/*
 * paths.c -- find the shipped catalogs, schemas, fonts and translations:
 * $DOSSIER_DATADIR if set, else the installed layout next to the binary
 * (PREFIX/bin/dossier -> PREFIX/share/dossier), else the source tree the
 * binary was built from.
 */
#include "cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool
is_dir(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
set(char *dst, size_t size, const char *a, const char *b)
{
    int n = snprintf(dst, size, "%s%s", a, b);

    return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int
installed_layout(struct cli_paths *p, const char *share)
{
    char dossier[4096];

    if (set(dossier, sizeof(dossier), share, "/dossier") < 0 ||
        !is_dir(dossier))
        return -1;
    if (set(p->frameworks, sizeof(p->frameworks), dossier, "/frameworks") ||
        set(p->schemas, sizeof(p->schemas), dossier, "/schemas") ||
        set(p->fonts, sizeof(p->fonts), dossier, "/fonts") ||
        set(p->example, sizeof(p->example), dossier, "/example") ||
        set(p->locale, sizeof(p->locale), share, "/locale"))
        return -1;
    return is_dir(p->frameworks) ? 0 : -1;
}

static int
source_layout(struct cli_paths *p, const char *src, const char *build)
{
    if (set(p->frameworks, sizeof(p->frameworks), src, "/templates/frameworks") ||
        set(p->schemas, sizeof(p->schemas), src, "/templates/schemas") ||
        set(p->fonts, sizeof(p->fonts), src, "/fonts") ||
        set(p->example, sizeof(p->example), src, "/templates/example") ||
        set(p->locale, sizeof(p->locale), build, "/locale"))
        return -1;
    return is_dir(p->frameworks) ? 0 : -1;
}

int
cli_paths_find(struct cli_paths *p)
{
    const char *env = getenv("DOSSIER_DATADIR");
    char exe[PATH_MAX];
    char share[PATH_MAX];
    ssize_t n;

    memset(p, 0, sizeof(*p));
    if (env && *env) {
        /* a data directory laid out like PREFIX/share/dossier */
        if (set(p->frameworks, sizeof(p->frameworks), env, "/frameworks") ||
            set(p->schemas, sizeof(p->schemas), env, "/schemas") ||
            set(p->fonts, sizeof(p->fonts), env, "/fonts") ||
            set(p->example, sizeof(p->example), env, "/example") ||
            set(p->locale, sizeof(p->locale), env, "/../locale"))
            return -1;
        return is_dir(p->frameworks) ? 0 : -1;
    }
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        char *slash;

        exe[n] = '\0';
        slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* the build tree: the binary sits in DOSSIER_BUILD_DIR */
            if (strcmp(exe, DOSSIER_BUILD_DIR) == 0 &&
                source_layout(p, DOSSIER_SOURCE_DIR, DOSSIER_BUILD_DIR) == 0)
                return 0;
            if (set(share, sizeof(share), exe, "/../share") == 0 &&
                installed_layout(p, share) == 0)
                return 0;
        }
    }
    if (installed_layout(p, DOSSIER_INSTALL_DATADIR "/..") == 0)
        return 0;
    return source_layout(p, DOSSIER_SOURCE_DIR, DOSSIER_BUILD_DIR);
}
