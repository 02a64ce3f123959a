/*
 * manifest_archive.c -- the manifest's <archive> element (r22-anri): the
 * archival classification an archive records for the yearly bundle, as
 * Perka ANRI 21/2011 (SIKN) names its elements.  The schema types the
 * attributes loosely; a bad value is a finding at its line here, in
 * words the coordinator can act on, and is then read as not given.
 */
#include "dossier/manifest.h"

#include "dossier/error.h"
#include "dossier/finding.h"
#include "internal.h"
#include "manifest_int.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>

/* The longest classification code accepted ("000.5.2" is 7). */
#define CLASSIFICATION_MAX 32
/* The longest retention period accepted, in years. */
#define RETENTION_MAX 100

/*
 * The words of the regulations, as the manifest writes them (lowercase,
 * a hyphen for a space).  Security: the four levels of klasifikasi
 * keamanan (Perka ANRI 17/2011, as SIKN lists them: biasa/terbuka,
 * terbatas, rahasia, sangat rahasia; "biasa" stands for biasa/terbuka).
 * Access: whether the record may be opened, terbuka, terbatas or
 * tertutup (UU 43/2009 on arsip terbuka and tertutup; the narrower
 * "hak akses", who may open it, is the institution's own and not asked
 * for here).  Disposition: nasib akhir of a retention schedule (JRA).
 */
static const char *const access_words[] = {"terbuka", "terbatas", "tertutup"};
static const char *const security_words[] = {"biasa", "terbatas", "rahasia",
                                             "sangat-rahasia"};
static const char *const disposition_words[] = {"musnah", "permanen",
                                                "dinilai-kembali"};

#define NWORDS(a) (sizeof(a) / sizeof(*(a)))

static bool
one_of(const char *v, const char *const *words, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (strcmp(v, words[i]) == 0)
            return true;
    return false;
}

bool
dsr_marchive_access_ok(const char *v)
{
    return one_of(v, access_words, NWORDS(access_words));
}

bool
dsr_marchive_security_ok(const char *v)
{
    return one_of(v, security_words, NWORDS(security_words));
}

bool
dsr_marchive_disposition_ok(const char *v)
{
    return one_of(v, disposition_words, NWORDS(disposition_words));
}

static bool
classification_ok(const char *v)
{
    size_t n = strlen(v);

    if (n == 0 || n > CLASSIFICATION_MAX)
        return false;
    for (const char *p = v; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= 'a' && *p <= 'z') || *p == '.' || *p == '-' || *p == '/'))
            return false;
    return true;
}

/* 0..RETENTION_MAX written as plain digits, or -1. */
static int
years_of(const char *v)
{
    int y = 0;

    if (!*v || strlen(v) > 3)
        return -1;
    for (const char *p = v; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        y = y * 10 + (*p - '0');
    }
    return y <= RETENTION_MAX ? y : -1;
}

/*
 * Attribute 'name', NULL when absent, refused by the schema or empty (the
 * skeleton init writes leaves values empty: not given, not wrong).
 */
static char *
attr(const xmlNode *n, const struct dsr_mrefusals *refused, const char *name)
{
    char *v;

    if (refused && dsr_mrefused_has(refused, n, name))
        return NULL;
    v = dsr_xml_attr(n, name);
    if (v && !v[strspn(v, " \t\r\n")]) {
        free(v);
        v = NULL;
    }
    return v;
}

/* A bad word: reported, then dropped (*v freed and NULL). */
static int
word(const struct dsr_marchive_load *l, char **v, const char *what,
     const char *allowed, bool ok)
{
    int rc;

    if (!*v || ok)
        return 0;
    rc = dsr_findings_add(l->findings, DSR_F_ARCHIVE_INVALID, NULL, l->path,
                          l->line, l->err,
                          _("<archive>'s %s is not one of %s: write one of "
                            "them, as the institution's classification "
                            "scheme gives it"),
                          what, allowed);
    free(*v);
    *v = NULL;
    return rc;
}

static int
years(const struct dsr_marchive_load *l, const xmlNode *n, const char *name,
      int *out)
{
    char *v = attr(n, l->refused, name);
    int rc = 0;

    *out = -1;
    if (!v)
        return 0;
    *out = years_of(v);
    if (*out < 0)
        rc = dsr_findings_add(l->findings, DSR_F_RETENTION_INVALID, NULL,
                              l->path, l->line, l->err,
                              _("<archive>'s %s is not a whole number of "
                                "years from 0 to %d: write the years of the "
                                "retention schedule (JRA), such as 2"),
                              name, RETENTION_MAX);
    free(v);
    return rc;
}

int
dsr_marchive_load(const struct dsr_marchive_load *l, struct dsr_manifest *m,
                  const xmlNode *n)
{
    struct dsr_marchive *a;

    if (m->archive)             /* the schema allows one; keep the first */
        return 0;
    a = calloc(1, sizeof(*a));
    if (!a)
        return dsr_error_set(l->err, DSR_NOMEM, NULL, 0, "out of memory");
    m->archive = a;
    a->line = l->line;
    a->active_years = a->inactive_years = -1;
    a->classification = attr(n, l->refused, "classification");
    a->access = attr(n, l->refused, "access");
    a->security = attr(n, l->refused, "security");
    a->disposition = attr(n, l->refused, "disposition");
    if (a->classification && !classification_ok(a->classification)) {
        if (dsr_findings_add(l->findings, DSR_F_ARCHIVE_INVALID, NULL, l->path,
                             l->line, l->err,
                             _("<archive>'s classification is not a "
                               "classification code: write the code of the "
                               "institution's classification scheme, such as "
                               "000.5.2 (at most %d letters, digits, '.', '-' "
                               "or '/')"),
                             CLASSIFICATION_MAX) < 0)
            return -1;
        free(a->classification);
        a->classification = NULL;
    }
    if (word(l, &a->access, "access", "terbuka, terbatas, tertutup",
             dsr_marchive_access_ok(a->access)) < 0 ||
        word(l, &a->security, "security",
             "biasa, terbatas, rahasia, sangat-rahasia",
             dsr_marchive_security_ok(a->security)) < 0 ||
        word(l, &a->disposition, "disposition",
             "musnah, permanen, dinilai-kembali",
             dsr_marchive_disposition_ok(a->disposition)) < 0 ||
        years(l, n, "active-years", &a->active_years) < 0 ||
        years(l, n, "inactive-years", &a->inactive_years) < 0)
        return -1;
    return 0;
}

void
dsr_marchive_free(struct dsr_marchive *a)
{
    if (!a)
        return;
    free(a->classification);
    free(a->access);
    free(a->security);
    free(a->disposition);
    free(a);
}
