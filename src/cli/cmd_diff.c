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

static long
hund(struct dsr_index x)
{
    return dsr_index_hundredths(x);
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

static const struct dsr_score_indicator *
find_indicator(const struct dsr_score *s, const char *id)
{
    for (size_t i = 0; i < s->nindicators; i++)
        if (strcmp(s->indicators[i].def->id, id) == 0)
            return &s->indicators[i];
    return NULL;
}

static void
text_groups(const char *title, const struct dsr_score_group *og, size_t on,
            const struct dsr_score_group *ng, size_t nn, enum dsr_lang lang)
{
    char a[32], b[32], c[32];

    if (nn == 0)
        return;
    printf("\n%s\n", title);
    for (size_t i = 0; i < nn; i++) {
        const struct dsr_score_group *o = find_group(og, on, ng[i].id);

        if (!o)
            continue;
        printf("  %-4s %-50.50s %5s -> %5s  %s\n", ng[i].id,
               dsr_text_get(ng[i].name, lang),
               dsr_format_hundredths(hund(o->index), lang, a, sizeof(a)),
               dsr_format_hundredths(hund(ng[i].index), lang, b, sizeof(b)),
               change(hund(ng[i].index) - hund(o->index), lang, c, sizeof(c)));
    }
}

static void
text_evidence(const struct dsr_evidence_diffs *d, const struct dsr_bundle_view *o)
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
            printf(_("  added    indicator %s: %s\n"), x->new_indicator, x->new->file);
            break;
        case DSR_EV_REMOVED:
            printf(_("  removed  indicator %s: %s\n"), x->old_indicator, x->old->file);
            break;
        case DSR_EV_CHANGED:
            printf(_("  changed  indicator %s: %s\n"), x->new_indicator, x->new->file);
            break;
        case DSR_EV_MOVED:
            printf(_("  moved    indicator %s: %s -> indicator %s: %s\n"),
                   x->old_indicator, x->old->file, x->new_indicator, x->new->file);
            break;
        }
    }
    printf(_("  %zu documents reused unchanged from %s\n"), reused,
           o->manifest->year_text);
}

static void
print_text(const struct dsr_bundle_view *o, const struct dsr_bundle_view *n,
           const struct dsr_evidence_diffs *d, enum dsr_lang lang)
{
    char a[32], b[32], c[32];
    size_t unchanged = 0;

    printf(_("Old: %s %s (%s): index %s %s\n"), o->manifest->instance_name,
           o->manifest->year_text, o->catalog->id,
           dsr_format_hundredths(hund(o->score.index), lang, a, sizeof(a)),
           dsr_text_get(&o->score.band->name, lang));
    printf(_("New: %s %s (%s): index %s %s\n"), n->manifest->instance_name,
           n->manifest->year_text, n->catalog->id,
           dsr_format_hundredths(hund(n->score.index), lang, b, sizeof(b)),
           dsr_text_get(&n->score.band->name, lang));
    printf(_("Change: %s\n"),
           change(hund(n->score.index) - hund(o->score.index), lang, c, sizeof(c)));
    if (!same_framework(o, n)) {
        size_t rows = o->score.nindicators > n->score.nindicators
                          ? o->score.nindicators
                          : n->score.nindicators;

        printf(_("\nDifferent frameworks: only the overall index compares. "
                 "Indicators side by side:\n"));
        for (size_t i = 0; i < rows; i++) {
            const struct dsr_score_indicator *x =
                i < o->score.nindicators ? &o->score.indicators[i] : NULL;
            const struct dsr_score_indicator *y =
                i < n->score.nindicators ? &n->score.indicators[i] : NULL;

            if (x)
                printf("  %-4s %-30.30s %d", x->def->id,
                       dsr_text_get(&x->def->name, lang), x->level);
            else
                printf("  %-4s %-30s  ", "", "");
            if (y)
                printf("   | %-4s %-30.30s %d", y->def->id,
                       dsr_text_get(&y->def->name, lang), y->level);
            putchar('\n');
        }
    } else {
        text_groups(_("Domains:"), o->score.domains, o->score.ndomains,
                    n->score.domains, n->score.ndomains, lang);
        text_groups(_("Aspects:"), o->score.aspects, o->score.naspects,
                    n->score.aspects, n->score.naspects, lang);
        printf("\n%s\n", _("Indicator levels:"));
        for (size_t i = 0; i < n->score.nindicators; i++) {
            const struct dsr_score_indicator *y = &n->score.indicators[i];
            const struct dsr_score_indicator *x = find_indicator(&o->score, y->def->id);

            if (!x || x->level == y->level) {
                unchanged++;
                continue;
            }
            printf("  %-4s %-50.50s %d -> %d  (%+d)\n", y->def->id,
                   dsr_text_get(&y->def->name, lang), x->level, y->level,
                   y->level - x->level);
        }
        printf(_("  %zu indicators unchanged\n"), unchanged);
    }
    text_evidence(d, o);
}

static json_t *
json_idx(long hundredths)
{
    return json_real((double)hundredths / 100.0);
}

static json_t *
json_groups(const struct dsr_score_group *og, size_t on,
            const struct dsr_score_group *ng, size_t nn)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < nn; i++) {
        const struct dsr_score_group *o = find_group(og, on, ng[i].id);

        if (o)
            json_array_append_new(
                arr, json_pack("{s:s, s:o, s:o, s:o}", "id", ng[i].id, "old",
                               json_idx(hund(o->index)), "new",
                               json_idx(hund(ng[i].index)), "change",
                               json_idx(hund(ng[i].index) - hund(o->index))));
    }
    return arr;
}

static json_t *
json_side(const struct dsr_bundle_view *v)
{
    return json_pack("{s:i, s:s, s:s, s:o, s:s}", "year", v->manifest->year,
                     "framework", v->catalog->id, "instance",
                     v->manifest->instance_name, "index",
                     json_idx(hund(v->score.index)), "predikat",
                     dsr_text_get(&v->score.band->name, DSR_LANG_ID));
}

static json_t *
json_indicators(const struct dsr_bundle_view *o, const struct dsr_bundle_view *n)
{
    json_t *arr = json_array();

    if (same_framework(o, n)) {
        for (size_t i = 0; i < n->score.nindicators; i++) {
            const struct dsr_score_indicator *y = &n->score.indicators[i];
            const struct dsr_score_indicator *x = find_indicator(&o->score, y->def->id);

            if (x)
                json_array_append_new(
                    arr, json_pack("{s:s, s:i, s:i, s:i}", "id", y->def->id, "old",
                                   x->level, "new", y->level, "change",
                                   y->level - x->level));
        }
        return arr;
    }
    for (size_t i = 0; i < o->score.nindicators || i < n->score.nindicators; i++) {
        json_t *row = json_object();

        if (i < o->score.nindicators) {
            json_object_set_new(row, "old_id", json_string(o->score.indicators[i].def->id));
            json_object_set_new(row, "old", json_integer(o->score.indicators[i].level));
        }
        if (i < n->score.nindicators) {
            json_object_set_new(row, "new_id", json_string(n->score.indicators[i].def->id));
            json_object_set_new(row, "new", json_integer(n->score.indicators[i].level));
        }
        json_array_append_new(arr, row);
    }
    return arr;
}

static json_t *
json_entry(const char *indicator, const struct dsr_index_entry *e)
{
    return json_pack("{s:s, s:s, s:s, s:s}", "indicator", indicator, "file", e->file,
                     "title", e->title, "sha256", e->sha256);
}

static json_t *
json_evidence(const struct dsr_evidence_diffs *d)
{
    static const char *const keys[] = {"added", "removed", "changed", "moved", "reused"};
    json_t *arr[5];
    json_t *obj = json_object();

    for (int k = 0; k < 5; k++)
        arr[k] = json_array();
    for (size_t i = 0; i < d->n; i++) {
        const struct dsr_evidence_diff *x = &d->items[i];
        json_t *o;

        if (x->change == DSR_EV_ADDED)
            o = json_entry(x->new_indicator, x->new);
        else if (x->change == DSR_EV_REMOVED)
            o = json_entry(x->old_indicator, x->old);
        else if (x->change == DSR_EV_MOVED)
            o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "old_indicator",
                          x->old_indicator, "old_file", x->old->file, "indicator",
                          x->new_indicator, "file", x->new->file, "sha256",
                          x->new->sha256);
        else if (x->change == DSR_EV_CHANGED)
            o = json_pack("{s:s, s:s, s:s, s:s}", "indicator", x->new_indicator,
                          "file", x->new->file, "old_sha256", x->old->sha256,
                          "sha256", x->new->sha256);
        else
            o = json_pack("{s:s, s:s}", "indicator", x->new_indicator, "file",
                          x->new->file);
        json_array_append_new(arr[x->change], o);
    }
    for (int k = 0; k < 5; k++)
        json_object_set_new(obj, keys[k], arr[k]);
    return obj;
}

static int
print_json(const struct dsr_bundle_view *o, const struct dsr_bundle_view *n,
           const struct dsr_evidence_diffs *d)
{
    json_t *root = json_object();
    int rc;

    if (!root)
        return -1;
    json_object_set_new(root, "old", json_side(o));
    json_object_set_new(root, "new", json_side(n));
    json_object_set_new(root, "change",
                        json_idx(hund(n->score.index) - hund(o->score.index)));
    json_object_set_new(root, "same_framework", json_boolean(same_framework(o, n)));
    if (same_framework(o, n)) {
        json_object_set_new(root, "domains",
                            json_groups(o->score.domains, o->score.ndomains,
                                        n->score.domains, n->score.ndomains));
        json_object_set_new(root, "aspects",
                            json_groups(o->score.aspects, o->score.naspects,
                                        n->score.aspects, n->score.naspects));
    }
    json_object_set_new(root, "indicators", json_indicators(o, n));
    json_object_set_new(root, "evidence", json_evidence(d));
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
    struct dsr_bundle_view o, n;
    struct dsr_evidence_diffs d = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    bool json = false;
    int status = CLI_OK;
    int optstatus;
    int c;

    memset(&o, 0, sizeof(o));
    memset(&n, 0, sizeof(n));
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
        dsr_diff_evidence(&o, &n, &d, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (o.encrypted || n.encrypted)
        cli_warn(_("%zu encrypted zips were left out of the evidence comparison"),
                 o.encrypted + n.encrypted);
    if (json) {
        if (print_json(&o, &n, &d) < 0)
            status = CLI_FAIL;
    } else {
        print_text(&o, &n, &d, env->lang);
    }
out:
    dsr_evidence_diffs_release(&d);
    dsr_bundle_view_release(&o);
    dsr_bundle_view_release(&n);
    return status;
}
