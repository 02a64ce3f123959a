/*
 * paths.c -- which copy of the shipped catalogs, schemas, fonts and
 * translations this binary uses.  Exactly one is chosen, by a rule that
 * never falls from one copy to another:
 *
 *   1. $DOSSIER_DATADIR, when set (laid out like PREFIX/share/dossier);
 *   2. a binary in the build tree it was built in uses that build's source
 *      tree (and the build tree's translations), even when that tree
 *      cannot be read -- an installed copy elsewhere is never used instead;
 *   3. any other binary uses the data where `cmake --install` put it,
 *      relative to the binary (PREFIX/share/dossier beside PREFIX/bin by
 *      default), or the configured install location when its own path
 *      cannot be known.
 *
 * `dossier --version` says which copy that is.
 */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
join(char *dst, size_t size, const char *a, const char *b)
{
    int n = snprintf(dst, size, "%s%s", a, b);

    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* 'root' holds frameworks/, schemas/, fonts/, color/ and example/ */
static int
data_layout(struct cli_paths *p, const char *root, const char *locale)
{
    return join(p->root, sizeof(p->root), root, "") ||
                   join(p->frameworks, sizeof(p->frameworks), root, "/frameworks") ||
                   join(p->schemas, sizeof(p->schemas), root, "/schemas") ||
                   join(p->fonts, sizeof(p->fonts), root, "/fonts") ||
                   join(p->color, sizeof(p->color), root, "/color") ||
                   join(p->example, sizeof(p->example), root, "/example") ||
                   join(p->profile, sizeof(p->profile), root,
                        "/bagit-profile-dossier.json") ||
                   join(p->locale, sizeof(p->locale), locale, "")
               ? -1
               : 0;
}

/* the source tree: templates/ and fonts/ side by side */
static int
source_layout(struct cli_paths *p, const char *src, const char *build)
{
    return join(p->root, sizeof(p->root), src, "") ||
                   join(p->frameworks, sizeof(p->frameworks), src, "/templates/frameworks") ||
                   join(p->schemas, sizeof(p->schemas), src, "/templates/schemas") ||
                   join(p->fonts, sizeof(p->fonts), src, "/fonts") ||
                   join(p->color, sizeof(p->color), src, "/templates/color") ||
                   join(p->example, sizeof(p->example), src, "/templates/example") ||
                   join(p->profile, sizeof(p->profile), src,
                        "/templates/bagit-profile-dossier.json") ||
                   join(p->locale, sizeof(p->locale), build, "/locale")
               ? -1
               : 0;
}

/*
 * 'dir' joined with the relative path 'rel', each leading "../" of 'rel'
 * taking a component off 'dir', so that what --version shows is plain.
 */
static int
join_relative(char *dst, size_t size, const char *dir, const char *rel)
{
    char base[PATH_MAX];
    char *slash;

    if (join(base, sizeof(base), dir, ""))
        return -1;
    while (strncmp(rel, "../", 3) == 0 && (slash = strrchr(base, '/')) != NULL) {
        *slash = '\0';
        rel += 3;
    }
    if (strcmp(rel, "..") == 0 && (slash = strrchr(base, '/')) != NULL) {
        *slash = '\0';
        rel += 2;
    }
    return snprintf(dst, size, "%s%s%s", base, *rel ? "/" : "", rel) >= (int)size
               ? -1
               : 0;
}

/*
 * Whether 'dir' is the build directory: by name first, then, for a build
 * directory reached through a symbolic link, by what it resolves to.
 */
static bool
is_build_dir(const char *dir)
{
    char real[PATH_MAX];

    if (strcmp(dir, DOSSIER_BUILD_DIR) == 0)
        return true;
    return realpath(DOSSIER_BUILD_DIR, real) != NULL && strcmp(dir, real) == 0;
}

int
cli_paths_find(struct cli_paths *p)
{
    const char *env = getenv("DOSSIER_DATADIR");
    char exe[PATH_MAX];
    char share[PATH_MAX + 32];
    char locale[PATH_MAX + 32];
    char *slash;
    ssize_t n;

    memset(p, 0, sizeof(*p));
    if (env && *env) {
        p->from = CLI_DATA_ENV;
        return join(locale, sizeof(locale), env, "/../locale") ||
                       data_layout(p, env, locale)
                   ? -1
                   : 0;
    }
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0) {
        /* no /proc: only the configured install location is known */
        p->from = CLI_DATA_INSTALLED;
        return data_layout(p, DOSSIER_INSTALL_DATADIR, DOSSIER_INSTALL_LOCALEDIR);
    }
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    if (is_build_dir(exe)) {
        p->from = CLI_DATA_BUILD;
        return source_layout(p, DOSSIER_SOURCE_DIR, DOSSIER_BUILD_DIR);
    }
    /* PREFIX/bin/dossier -> PREFIX/share/dossier, as installed */
    p->from = CLI_DATA_INSTALLED;
    if (join_relative(share, sizeof(share), exe, DOSSIER_BIN_TO_DATA) ||
        join_relative(locale, sizeof(locale), exe, DOSSIER_BIN_TO_LOCALE))
        return -1;
    return data_layout(p, share, locale);
}

int
cli_paths_check(const struct cli_paths *p)
{
    struct stat st;

    if (stat(p->frameworks, &st) < 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    /* a folder we may not list is as good as missing */
    return access(p->frameworks, R_OK | X_OK);
}

const char *
cli_paths_origin(const struct cli_paths *p)
{
    switch (p->from) {
    case CLI_DATA_ENV:
        return _("named by DOSSIER_DATADIR");
    case CLI_DATA_BUILD:
        return _("the source tree this binary was built from");
    case CLI_DATA_INSTALLED:
        break;
    }
    return _("the installed copy beside this binary");
}
