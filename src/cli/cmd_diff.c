/*
 * cmd_diff.c -- dossier diff OLD NEW: two yearly bundles compared: the
 * indices overall, by domain and by aspect, the level of each indicator,
 * and the evidence added, removed, changed, moved or reused.
 */
#include "cli.h"

#include "dossier/diff.h"
#include "dossier/format.h"
#include "dossier/score.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* An index as shown: rounded by the rule of the catalog of its side. */
static long
hund(const struct dsr_catalog *c, struct dsr_index x)
{
    return dsr_index_hundredths(c, x);
}

/* "+0,16", "-1,00", "0,00" */
static const char *
change(long d, enum dsr_lang lang, char *buf, size_t size)
{
    if (size < 2)
        return buf;
    buf[0] = d > 0 ? '+' : '-';
    dsr_format_hundredths(d < 0 ? -d : d, lang, buf + (d != 0), size - 1);
    return buf;
}

static bool
same_framework(const struct dsr_bundle_view *a, const struct dsr_bundle_view *b)
{
    return strcmp(a->catalog->id, b->catalog->id) == 0;
}

static const struct dsr_score_group *
find_group(const struct dsr_score_group *g, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(g[i].id, id) == 0)
            return &g[i];
    return NULL;
}

static void
text_groups(const char *title, const struct dsr_catalog *oc,
            const struct dsr_score_group *og, size_t on,
            const struct dsr_catalog *nc, const struct dsr_score_group *ng,
            size_t nn, enum dsr_lang lang)
{
    char a[32], b[32], c[32];

    if (nn == 0)
        return;
    printf("\n%s\n", title);
    for (size_t i = 0; i < nn; i++) {
        const struct dsr_score_group *o = find_group(og, on, ng[i].id);

        if (!o)
            continue;
        /* the numbers first, so that they align and the name is whole */
        printf("  %-4s %5s -> %5s  %-6s %s\n", ng[i].id,
               dsr_format_hundredths(hund(oc, o->index), lang, a, sizeof(a)),
               dsr_format_hundredths(hund(nc, ng[i].index), lang, b, sizeof(b)),
               change(hund(nc, ng[i].index) - hund(oc, o->index), lang, c,
                      sizeof(c)),
               dsr_text_get(ng[i].name, lang));
    }
}

/*
 * Names from a bundle, made printable on one line as check prints them
 * (dsr_printable()); kept until esc_free().  Out of memory, a name is
 * printed as "?" and 'failed' is set.
 */
struct esc {
    char *s[8];
    int n;
    bool failed;
};

static const char *
esc(struct esc *e, const char *s)
{
    char *p = e->n < (int)(sizeof(e->s) / sizeof(*e->s)) ? dsr_printable(s) : NULL;

    if (!p) {
        e->failed = true;
        return "?";
    }
    e->s[e->n++] = p;
    return p;
}

static void
esc_free(struct esc *e)
{
    while (e->n > 0)
        free(e->s[--e->n]);
}

static void
text_evidence(const struct dsr_evidence_diffs *d, const struct dsr_bundle_view *o,
              struct esc *e)
{
    size_t reused = 0;

    printf("\n%s\n", _("Evidence:"));
    for (size_t i = 0; i < d->n; i++) {
        const struct dsr_evidence_diff *x = &d->items[i];

        switch (x->change) {
        case DSR_EV_REUSED:
            reused++;
            break;
        case DSR_EV_ADDED:
            printf(_("  added    indicator %s: %s\n"), esc(e, x->new->indicator),
                   esc(e, x->new->file));
            break;
        case DSR_EV_REMOVED:
            printf(_("  removed  indicator %s: %s\n"), esc(e, x->old->indicator),
                   esc(e, x->old->file));
            break;
        case DSR_EV_CHANGED:
            printf(_("  changed  indicator %s: %s\n"), esc(e, x->new->indicator),
                   esc(e, x->new->file));
            break;
        case DSR_EV_MOVED:
            printf(_("  moved    indicator %s: %s -> indicator %s: %s\n"),
                   esc(e, x->old->indicator), esc(e, x->old->file),
                   esc(e, x->new->indicator), esc(e, x->new->file));
            break;
        }
        esc_free(e);
    }
    printf(_("  %zu documents reused unchanged from %s\n"), reused,
           esc(e, o->manifest->year_text));
    esc_free(e);
}

/*
 * One indicator on one line: its id, its level (or that it is not
 * filled) and its whole name.
 */
static void
text_indicator(const char *lead, const struct dsr_score_indicator *x,
               enum dsr_lang lang)
{
    if (x->stage < 0)
        printf(_("%s%-4s not filled  %s\n"), lead, x->def->id,
               dsr_text_get(&x->def->name, lang));
    else
        printf(_("%s%-4s level %d  %s\n"), lead, x->def->id, x->level,
               dsr_text_get(&x->def->name, lang));
}

/* Returns 0, or -1 when a name could not be escaped (out of memory). */
static int
print_text(const struct dsr_bundle_view *o, const struct dsr_bundle_view *n,
           const struct dsr_indicator_pairs *p,
           const struct dsr_evidence_diffs *d, enum dsr_lang lang)
{
    struct esc e = {.n = 0};
    char a[32], b[32], c[32], note[192];
    size_t unchanged = 0;

    printf(_("Old: %s %s (%s): index %s %s%s\n"), esc(&e, o->manifest->instance_name),
           esc(&e, o->manifest->year_text), esc(&e, o->catalog->id),
           dsr_format_hundredths(hund(o->catalog, o->score.index), lang, a,
                                 sizeof(a)),
           dsr_text_get(&o->score.band->name, lang),
           cli_crossing(o->catalog, o->score.index, lang, note, sizeof(note)));
    esc_free(&e);
    printf(_("New: %s %s (%s): index %s %s%s\n"), esc(&e, n->manifest->instance_name),
           esc(&e, n->manifest->year_text), esc(&e, n->catalog->id),
           dsr_format_hundredths(hund(n->catalog, n->score.index), lang, b,
                                 sizeof(b)),
           dsr_text_get(&n->score.band->name, lang),
           cli_crossing(n->catalog, n->score.index, lang, note, sizeof(note)));
    esc_free(&e);
    printf(_("Change: %s\n"),
           change(hund(n->catalog, n->score.index) -
                      hund(o->catalog, o->score.index),
                  lang, c, sizeof(c)));
    switch (p->how) {
    case DSR_PAIR_SAME:
        text_groups(_("Domains:"), o->catalog, o->score.domains,
                    o->score.ndomains, n->catalog, n->score.domains,
                    n->score.ndomains, lang);
        text_groups(_("Aspects:"), o->catalog, o->score.aspects,
                    o->score.naspects, n->catalog, n->score.aspects,
                    n->score.naspects, lang);
        printf("\n%s\n", _("Indicator levels:"));
        for (size_t i = 0; i < p->n; i++) {
            const struct dsr_score_indicator *x = p->items[i].old;
            const struct dsr_score_indicator *y = p->items[i].new;

            if (!x || x->level == y->level) {
                unchanged++;
                continue;
            }
            printf("  %-4s %d -> %d  (%+d)  %s\n", y->def->id, x->level,
                   y->level, y->level - x->level,
                   dsr_text_get(&y->def->name, lang));
        }
        printf(_("  %zu indicators unchanged\n"), unchanged);
        break;
    case DSR_PAIR_MAPPED:
        printf(_("\nDifferent frameworks: indicators paired by the mapping "
                 "%s → %s.\n"),
               esc(&e, o->catalog->id), esc(&e, n->catalog->id));
        esc_free(&e);
        printf("%s\n", dsr_text_get(&n->catalog->map_note, lang));
        printf("\n%s\n", _("Each old indicator and its level, then the new "
                            "indicator it continues as and its level:"));
        for (size_t i = 0; i < p->n && p->items[i].old; i++) {
            text_indicator("  ", p->items[i].old, lang);
            if (p->items[i].new)
                text_indicator("    -> ", p->items[i].new, lang);
            else
                printf("    -> %s\n", _("none: no new indicator continues it"));
        }
        printf("\n%s\n", _("New indicators that no old one continues as:"));
        for (size_t i = 0; i < p->n; i++)
            if (!p->items[i].old)
                text_indicator("  ", p->items[i].new, lang);
        break;
    case DSR_PAIR_NONE:
        printf(_("\nDifferent frameworks: only the overall index compares, as "
                 "no mapping from %s to %s is known.\n"),
               esc(&e, o->catalog->id), esc(&e, n->catalog->id));
        esc_free(&e);
        printf(_("\nThe old indicators (%s):\n"), esc(&e, o->catalog->id));
        esc_free(&e);
        for (size_t i = 0; i < p->n; i++)
            if (p->items[i].old)
                text_indicator("  ", p->items[i].old, lang);
        printf(_("\nThe new indicators (%s):\n"), esc(&e, n->catalog->id));
        esc_free(&e);
        for (size_t i = 0; i < p->n; i++)
            if (p->items[i].new)
                text_indicator("  ", p->items[i].new, lang);
        break;
    }
    text_evidence(d, o, &e);
    return e.failed ? -1 : 0;
}

/*
 * JSON is built with every failure carried up, so that a value that
 * cannot be made (out of memory) fails the command instead of leaving a
 * hole.  Every string from a bundle goes through cli_json_name(), which
 * keeps the output valid UTF-8 whatever the bundle holds.
 */

/* Set 'key' of 'obj' to 'v', whose reference is taken; false on failure. */
static bool
put(json_t *obj, const char *key, json_t *v)
{
    if (!obj || !v) {
        json_decref(v);
        return false;
    }
    return json_object_set_new(obj, key, v) == 0;
}

/* Append 'v' to 'arr', taking the reference; false on failure. */
static bool
append(json_t *arr, json_t *v)
{
    if (!arr || !v) {
        json_decref(v);
        return false;
    }
    return json_array_append_new(arr, v) == 0;
}

/* 'obj' when 'ok', else NULL (and 'obj' released). */
static json_t *
built(json_t *obj, bool ok)
{
    if (ok)
        return obj;
    json_decref(obj);
    return NULL;
}

static json_t *
json_idx(long hundredths)
{
    return json_real((double)hundredths / 100.0);
}

static json_t *
json_groups(const struct dsr_catalog *oc, const struct dsr_score_group *og,
            size_t on, const struct dsr_catalog *nc,
            const struct dsr_score_group *ng, size_t nn)
{
    json_t *arr = json_array();
    bool ok = arr != NULL;

    for (size_t i = 0; i < nn && ok; i++) {
        const struct dsr_score_group *o = find_group(og, on, ng[i].id);
        json_t *g;

        if (!o)
            continue;
        g = json_object();
        ok = put(g, "id", cli_json_name(ng[i].id)) &&
             put(g, "old", json_idx(hund(oc, o->index))) &&
             put(g, "new", json_idx(hund(nc, ng[i].index))) &&
             put(g, "change",
                 json_idx(hund(nc, ng[i].index) - hund(oc, o->index)));
        ok = append(arr, built(g, ok)) && ok;
    }
    return built(arr, ok);
}

static json_t *
json_side(const struct dsr_bundle_view *v)
{
    json_t *obj = json_object();
    bool ok = put(obj, "year", json_integer(v->manifest->year)) &&
              put(obj, "framework", cli_json_name(v->catalog->id)) &&
              put(obj, "instance", cli_json_name(v->manifest->instance_name)) &&
              put(obj, "index", json_idx(hund(v->catalog, v->score.index))) &&
              put(obj, "predikat",
                  cli_json_name(dsr_text_get(&v->score.band->name, DSR_LANG_ID)));

    return built(obj, ok);
}

/* The id, name and level of 'x' under keys PREFIX_id, _name, _level. */
static bool
put_side(json_t *row, const char *prefix, const struct dsr_score_indicator *x)
{
    char key[3][16];

    snprintf(key[0], sizeof(key[0]), "%s_id", prefix);
    snprintf(key[1], sizeof(key[1]), "%s_name", prefix);
    snprintf(key[2], sizeof(key[2]), "%s_level", prefix);
    if (!x)
        return put(row, key[0], json_null()) && put(row, key[1], json_null()) &&
               put(row, key[2], json_null());
    return put(row, key[0], cli_json_name(x->def->id)) &&
           put(row, key[1],
               cli_json_name(dsr_text_get(&x->def->name, DSR_LANG_ID))) &&
           put(row, key[2], json_integer(x->level));
}

static json_t *
json_indicators(const struct dsr_indicator_pairs *p)
{
    json_t *arr = json_array();
    bool ok = arr != NULL;

    for (size_t i = 0; i < p->n && ok; i++) {
        const struct dsr_score_indicator *x = p->items[i].old;
        const struct dsr_score_indicator *y = p->items[i].new;
        json_t *row;

        if (p->how == DSR_PAIR_SAME && !x)
            continue;
        row = json_object();
        if (p->how == DSR_PAIR_SAME)
            ok = put(row, "id", cli_json_name(y->def->id)) &&
                 put(row, "old", json_integer(x->level)) &&
                 put(row, "new", json_integer(y->level)) &&
                 put(row, "change", json_integer(y->level - x->level));
        else
            ok = put_side(row, "old", x) && put_side(row, "new", y);
        ok = append(arr, built(row, ok)) && ok;
    }
    return built(arr, ok);
}

/* "spbe-2020 → pemdi-2026" when the indicators were paired by a mapping. */
static json_t *
json_mapping(const struct dsr_bundle_view *o, const struct dsr_bundle_view *n,
             const struct dsr_indicator_pairs *p)
{
    char buf[160];

    if (p->how != DSR_PAIR_MAPPED)
        return json_null();
    snprintf(buf, sizeof(buf), "%s → %s", o->catalog->id, n->catalog->id);
    return cli_json_name(buf);
}

/* One evidence difference as its list in "evidence" shows it. */
static json_t *
json_change(const struct dsr_evidence_diff *x)
{
    const struct dsr_evidence_ref *e = x->change == DSR_EV_REMOVED ? x->old : x->new;
    json_t *obj = json_object();
    bool ok;

    switch (x->change) {
    case DSR_EV_ADDED:
    case DSR_EV_REMOVED:
        ok = put(obj, "indicator", cli_json_name(e->indicator)) &&
             put(obj, "file", cli_json_name(e->file)) &&
             put(obj, "title", cli_json_name(e->title)) &&
             put(obj, "sha256", cli_json_name(e->sha256));
        break;
    case DSR_EV_MOVED:
        ok = put(obj, "old_indicator", cli_json_name(x->old->indicator)) &&
             put(obj, "old_file", cli_json_name(x->old->file)) &&
             put(obj, "indicator", cli_json_name(e->indicator)) &&
             put(obj, "file", cli_json_name(e->file)) &&
             put(obj, "sha256", cli_json_name(e->sha256));
        break;
    case DSR_EV_CHANGED:
        ok = put(obj, "indicator", cli_json_name(e->indicator)) &&
             put(obj, "file", cli_json_name(e->file)) &&
             put(obj, "old_sha256", cli_json_name(x->old->sha256)) &&
             put(obj, "sha256", cli_json_name(e->sha256));
        break;
    case DSR_EV_REUSED:
    default:
        ok = put(obj, "indicator", cli_json_name(e->indicator)) &&
             put(obj, "file", cli_json_name(e->file));
        break;
    }
    return built(obj, ok);
}

static json_t *
json_evidence(const struct dsr_evidence_diffs *d)
{
    static const char *const keys[] = {"added", "removed", "changed", "moved", "reused"};
    json_t *arr[5];
    json_t *obj = json_object();
    bool ok = obj != NULL;

    for (int k = 0; k < 5; k++) {
        arr[k] = json_array();
        ok = ok && arr[k];
    }
    for (size_t i = 0; i < d->n && ok; i++)
        ok = (unsigned)d->items[i].change < 5 &&
             append(arr[d->items[i].change], json_change(&d->items[i]));
    for (int k = 0; k < 5; k++)
        ok = put(obj, keys[k], arr[k]) && ok;
    return built(obj, ok);
}

static int
print_json(const struct dsr_bundle_view *o, const struct dsr_bundle_view *n,
           const struct dsr_indicator_pairs *p, const struct dsr_evidence_diffs *d)
{
    json_t *root = json_object();
    bool ok = put(root, "old", json_side(o)) && put(root, "new", json_side(n)) &&
              put(root, "change",
                  json_idx(hund(n->catalog, n->score.index) -
                           hund(o->catalog, o->score.index))) &&
              put(root, "same_framework", json_boolean(same_framework(o, n)));
    int rc = -1;

    if (ok && same_framework(o, n))
        ok = put(root, "domains",
                 json_groups(o->catalog, o->score.domains, o->score.ndomains,
                             n->catalog, n->score.domains,
                             n->score.ndomains)) &&
             put(root, "aspects",
                 json_groups(o->catalog, o->score.aspects, o->score.naspects,
                             n->catalog, n->score.aspects,
                             n->score.naspects));
    ok = ok && put(root, "mapping", json_mapping(o, n, p)) &&
         put(root, "indicators", json_indicators(p)) &&
         put(root, "evidence", json_evidence(d));
    if (ok)
        rc = cli_print_json(root, JSON_REAL_PRECISION(4));
    json_decref(root);
    return rc;
}

int
cmd_diff(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("diff");
    struct dsr_bundle_view o = DSR_BUNDLE_VIEW_INIT, n = DSR_BUNDLE_VIEW_INIT;
    struct dsr_evidence_diffs d = {0};
    struct dsr_indicator_pairs p = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    bool json = false;
    int status = CLI_OK;
    int optstatus;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (cli_common_option(self, c, argv, env, &json, &optstatus) &&
            optstatus >= 0)
            return optstatus;
    }
    if (argc - optind != 2)
        return cli_usage_error(self, argc - optind < 2
                                         ? _("missing OLD_BUNDLE or NEW_BUNDLE")
                                         : _("too many arguments"));
    if (dsr_bundle_view_load(argv[optind], env->paths.frameworks,
                             env->paths.schemas, &o, &err) < 0 ||
        dsr_bundle_view_load(argv[optind + 1], env->paths.frameworks,
                             env->paths.schemas, &n, &err) < 0 ||
        dsr_diff_evidence(&o, &n, &d, &err) < 0 ||
        dsr_diff_indicators(&o, &n, &p, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (d.encrypted)
        cli_warn(_("%zu encrypted zips were left out of the evidence comparison"),
                 d.encrypted);
    if (json ? print_json(&o, &n, &p, &d) < 0
             : print_text(&o, &n, &p, &d, env->lang) < 0) {
        cli_error(_("out of memory while writing the comparison"));
        status = CLI_FAIL;
    }
out:
    dsr_indicator_pairs_release(&p);
    dsr_evidence_diffs_release(&d);
    dsr_bundle_view_release(&o);
    dsr_bundle_view_release(&n);
    return status;
}
