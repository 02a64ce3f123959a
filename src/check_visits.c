/*
 * check_visits.c -- the findings of issue 21's data: the visit plan
 * (<visit>), last year's levels per indicator (<previous><indicator/>)
 * and passwords written into a link's text instead of its secret=.
 *
 * Visits and previous indicators are at most DSR_MANIFEST_MAX_VISITS
 * each (the loader's limit), so pairwise comparisons stay small; the
 * indicators' owners, which may be many, are sorted once.
 */
#include "check_int.h"

#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A near miss (case, spaces) is looked for among at most this many owners. */
#define MAX_SUGGEST_OWNERS 1000

static int
nomem(struct check_ctx *c)
{
    return dsr_error_set(c->err, DSR_NOMEM, NULL, 0, "out of memory");
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The distinct non-empty owners of the indicators, sorted, in '*out'
 * (pointers into the manifest; free the array).  Returns the count, or
 * -1 with c->err set.
 */
static long
sorted_owners(struct check_ctx *c, const char ***out)
{
    const struct dsr_manifest *m = c->res->manifest;
    const char **v;
    size_t n = 0, k = 0;

    *out = NULL;
    if (!m->nindicators)
        return 0;
    v = calloc(m->nindicators, sizeof(*v));
    if (!v)
        return nomem(c);
    for (size_t i = 0; i < m->nindicators; i++)
        if (*m->indicators[i].owner)
            v[n++] = m->indicators[i].owner;
    qsort(v, n, sizeof(*v), cmp_str);
    for (size_t i = 0; i < n; i++)
        if (k == 0 || strcmp(v[k - 1], v[i]) != 0)
            v[k++] = v[i];
    *out = v;
    return (long)k;
}

static int
check_visit_owner(struct check_ctx *c, const struct dsr_visit *v,
                  const char **owners, size_t nowners)
{
    const char *near = NULL;

    if (bsearch(&v->owner, owners, nowners, sizeof(*owners), cmp_str))
        return 0;
    for (size_t i = 0; !near && nowners <= MAX_SUGGEST_OWNERS && i < nowners; i++)
        if (dsr_same_name(owners[i], v->owner))
            near = owners[i];
    if (near)
        return check_add(c, DSR_F_VISIT_OWNER_UNKNOWN, NULL, c->mpath, v->line,
                         _("the visit is for '%s', which owns no indicator; "
                           "the indicators write it '%s': write it exactly "
                           "the same"),
                         v->owner, near);
    return check_add(c, DSR_F_VISIT_OWNER_UNKNOWN, NULL, c->mpath, v->line,
                     _("the visit is for '%s', which owns no indicator: "
                       "write the OPD's name as an indicator's owner= does"),
                     v->owner);
}

static int
check_visits(struct check_ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    const char **owners = NULL;
    long nowners;
    int rc = 0;

    if (!m->nvisits)
        return 0;
    nowners = sorted_owners(c, &owners);
    if (nowners < 0)
        return -1;
    for (size_t i = 0; rc == 0 && i < m->nvisits; i++) {
        const struct dsr_visit *v = &m->visits[i];

        rc = check_visit_owner(c, v, owners, (size_t)nowners);
        for (size_t j = 0; rc == 0 && j < i; j++) {
            if (strcmp(m->visits[j].owner, v->owner) != 0)
                continue;
            rc = check_add(c, DSR_F_VISIT_DUPLICATE, NULL, c->mpath, v->line,
                           _("a second visit for '%s' (the first is on line "
                             "%lu, and it counts): one visit per OPD, with "
                             "its time spanning the visit"),
                           v->owner, m->visits[j].line);
            break;
        }
        if (rc == 0 && v->date_text && !v->date.year)
            rc = check_add(c, DSR_F_VISIT_DATE_INVALID, NULL, c->mpath,
                           v->line,
                           _("the visit date '%s' is not a real date"),
                           v->date_text);
    }
    free(owners);
    return rc;
}

static int
check_previous_value(struct check_ctx *c, const struct dsr_prev_indicator *p)
{
    enum dsr_lang lang = c->opts->lang;
    char a[32], b[32];

    if (p->value == DSR_VALUE_NONE)
        return 0;
    if (p->value < 0)
        return check_add(c, DSR_F_VALUE_INVALID, p->id, c->mpath, p->line,
                         _("last year's value of indicator '%s' is not a "
                           "number with at most four decimals: write it as "
                           "1.1667 or 1,1667"),
                         p->id);
    if (p->value < DSR_VALUE_ONE || p->value > 5 * DSR_VALUE_ONE)
        return check_add(c, DSR_F_VALUE_INVALID, p->id, c->mpath, p->line,
                         _("last year's value of indicator '%s' is outside "
                           "%s to %s: an indicator's value lies from 1 to 5"),
                         p->id, dsr_format_hundredths(100, lang, a, sizeof(a)),
                         dsr_format_hundredths(500, lang, b, sizeof(b)));
    return 0;
}

static int
check_previous(struct check_ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;
    const struct dsr_catalog *cat = c->res->catalog;

    for (size_t i = 0; i < m->nprevious_indicators; i++) {
        const struct dsr_prev_indicator *p = &m->previous_indicators[i];
        bool repeated = false;

        if (cat && !dsr_catalog_indicator(cat, p->id) &&
            check_add(c, DSR_F_PREVIOUS_ID_UNKNOWN, p->id, c->mpath,
                      p->line,
                      _("<previous> gives a level for indicator '%s', which "
                        "framework '%s' does not have (it has %zu "
                        "indicators)"),
                      p->id, cat->id, cat->nindicators) < 0)
            return -1;
        for (size_t j = 0; !repeated && j < i; j++) {
            if (strcmp(m->previous_indicators[j].id, p->id) != 0)
                continue;
            repeated = true;
            if (check_add(c, DSR_F_PREVIOUS_ID_DUPLICATE, p->id,
                          c->mpath, p->line,
                          _("<previous> gives indicator '%s' a second time "
                            "(the first is on line %lu, and it counts)"),
                          p->id, m->previous_indicators[j].line) < 0)
                return -1;
        }
        if (check_level(c, p->id, p->level, p->line,
                        _("last year's indicator")) < 0 ||
            check_previous_value(c, p) < 0)
            return -1;
    }
    return 0;
}

/*
 * Whether 's' holds 'word' (ASCII, lowercase) as a word, case aside
 * ("Sandiaga" does not hold "sandi"; a word ending in ':' may go on).
 */
static bool
has_word(const char *s, const char *word)
{
    size_t n = strlen(word);

    for (const char *p = s; *p; p++) {
        size_t i = 0;

        if (p != s && isalnum((unsigned char)p[-1]))
            continue;
        while (i < n && p[i] && tolower((unsigned char)p[i]) == word[i])
            i++;
        if (i == n && (word[n - 1] == ':' || !isalnum((unsigned char)p[n])))
            return true;
    }
    return false;
}

/*
 * Whether a link's text looks like it holds a password: it names one
 * ("sandi", "password", "passwd", "pass:", "pwd"), or it names an account
 * and then gives "user / password" ("akun demo: asesor / Rahasia#1").
 */
bool
dsr_link_text_has_secret(const char *text)
{
    static const char *const words[] = {"sandi", "password", "passwd",
                                        "pass:", "pwd", "kata kunci"};
    static const char *const accounts[] = {"akun", "account", "login",
                                           "username"};

    for (size_t i = 0; i < sizeof(words) / sizeof(*words); i++)
        if (has_word(text, words[i]))
            return true;
    for (size_t i = 0; i < sizeof(accounts) / sizeof(*accounts); i++) {
        const char *p = text;

        for (; *p; p++) {
            size_t n = strlen(accounts[i]), k = 0;

            while (k < n && p[k] && tolower((unsigned char)p[k]) == accounts[i][k])
                k++;
            if (k == n)
                break;
        }
        /* "name / secret": a slash between two words after the account,
           not one of a URL's */
        for (; *p; p++) {
            const char *l = p - 1, *r = p + 1;

            if (strncmp(p, "://", 3) == 0) {
                /* a URL: to its end */
                p += strcspn(p, " \t\n");
                if (!*p)
                    break;
                continue;
            }
            if (*p != '/' || p == text || *r == '/' || *l == '/' || *l == ':')
                continue;
            if (*l == ' ' && l > text)
                l--;
            if (*r == ' ')
                r++;
            if (*l != ' ' && *l != '/' && *r && *r != ' ' && *r != '/')
                return true;
        }
    }
    return false;
}

static int
check_link_secrets(struct check_ctx *c)
{
    const struct dsr_manifest *m = c->res->manifest;

    for (size_t i = 0; i < m->nindicators; i++) {
        const struct dsr_mindicator *ind = &m->indicators[i];

        for (size_t j = 0; j < ind->nlinks; j++) {
            const struct dsr_link *l = &ind->links[j];
            size_t from, to;

            /* the text is not quoted: the finding would print the password */
            if (!l->secret && dsr_link_text_has_secret(l->text) &&
                check_add(c, DSR_F_LINK_SECRET_IN_TEXT, ind->id, c->mpath,
                          l->line, "%s",
                          _("the link's text looks like it holds a password: "
                            "move the account to account=\"...\" and the "
                            "password to secret=\"...\"; a secret is printed "
                            "only on request and never archived")) < 0)
                return -1;
            if (dsr_url_password(l->href, strlen(l->href), &from, &to) &&
                check_add(c, DSR_F_LINK_SECRET_IN_URL, ind->id, c->mpath,
                          l->line, "%s",
                          _("the link's address holds a password "
                            "(user:password@): move it to secret=\"...\" "
                            "and the user name to account=\"...\"; the "
                            "dossier and the bundle leave it out")) < 0)
                return -1;
        }
    }
    return 0;
}

int
check_plan(struct check_ctx *c)
{
    if (check_visits(c) < 0 || check_previous(c) < 0 ||
        check_link_secrets(c) < 0)
        return -1;
    return 0;
}
