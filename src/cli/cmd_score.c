/*
 * cmd_score.c -- dossier score MANIFEST: the index, predikat, domains,
 * aspects and indicator values, the indices per stage, the gap to the
 * target and the plan, in levels and (catalogs with items) in items.
 */
#include "cli.h"

#include "dossier/check.h"
#include "dossier/format.h"
#include "dossier/score.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* An index for people: "2,74" or "2.74", rounded by the catalog's rule. */
static const char *
idx(const struct dsr_catalog *cat, struct dsr_index x, enum dsr_lang lang,
    char *buf, size_t size)
{
    return dsr_format_hundredths(dsr_index_hundredths(cat, x), lang, buf,
                                 size);
}

/* An indicator value (ten-thousandths) as shown: two decimals, rounded. */
static const char *
val(const struct dsr_catalog *cat, long v, enum dsr_lang lang, char *buf,
    size_t size)
{
    struct dsr_index x = {(unsigned long long)v,
                          (unsigned long long)DSR_VALUE_ONE};

    return idx(cat, x, lang, buf, size);
}

static void
print_group(const struct dsr_catalog *cat, const struct dsr_score_group *g,
            enum dsr_lang lang)
{
    char w[32], v[32], c[128];

    printf("  %-4s %-58.58s %6s%%  %5s  %s%s\n", g->id,
           dsr_text_get(g->name, lang),
           dsr_format_hundredths((long)g->weight, lang, w, sizeof(w)),
           idx(cat, g->index, lang, v, sizeof(v)),
           dsr_text_get(&g->band->name, lang),
           cli_crossing(cat, g->index, lang, c, sizeof(c)));
}

/* One step of the plan: indicator, levels, name, and what supports it. */
static void
print_step(const struct dsr_catalog *cat, const struct dsr_plan_step *p,
           enum dsr_lang lang)
{
    char f[32];

    if (p->from_value != (long)p->from * DSR_VALUE_ONE)
        printf("    %3s  %s -> %d  %s", p->def->id,
               val(cat, p->from_value, lang, f, sizeof(f)), p->to,
               dsr_text_get(&p->def->name, lang));
    else
        printf("    %3s  %d -> %d  %s", p->def->id, p->from, p->to,
               dsr_text_get(&p->def->name, lang));
    if (p->evidenced)
        printf("  %s", _("[evidence ready]"));
    else if (p->claimed)
        printf("  %s", _("[claimed at another stage; evidence to collect]"));
    putchar('\n');
}

/*
 * The plan, grouped by owner (OPD): the owners in the order of their first
 * step, which is catalog order, each with its steps.
 */
static void
print_plan(const struct dsr_catalog *cat, const struct dsr_score *s,
           enum dsr_lang lang)
{
    char a[32], b[32], c[192];

    printf("\n");
    if (s->reachable) {
        printf(_("Plan to reach the target: %zu level steps\n"), s->nplan);
        printf(_("No indicator rises more than %d level(s) (--max-raise); "
                 "steps whose level already has evidence, or was claimed at "
                 "another stage, are preferred.\n"),
               s->max_raise);
    } else {
        printf(_("The target %s cannot be reached when no indicator rises "
                 "more than %d level(s): the best reachable index is %s (%s)%s, "
                 "with all %zu steps below.  Allow more levels with "
                 "--max-raise, or lower the target.\n"),
               dsr_format_hundredths(s->target, lang, a, sizeof(a)),
               s->max_raise, idx(cat, s->best, lang, b, sizeof(b)),
               dsr_text_get(&s->best_band->name, lang),
               cli_crossing(cat, s->best, lang, c, sizeof(c)), s->nplan);
    }
    for (size_t i = 0; i < s->nplan; i++) {
        const char *owner = s->plan[i].owner;
        size_t nsteps = 0;
        bool seen = false;

        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(s->plan[j].owner, owner) == 0;
        if (seen)
            continue;
        for (size_t j = i; j < s->nplan; j++)
            nsteps += strcmp(s->plan[j].owner, owner) == 0;
        printf(_("  %s: %zu step(s)\n"), *owner ? owner : _("(no owner)"),
               nsteps);
        for (size_t j = i; j < s->nplan; j++)
            if (strcmp(s->plan[j].owner, owner) == 0)
                print_step(cat, &s->plan[j], lang);
    }
}

/* What an item step adds to the index, exactly. */
static struct dsr_index
item_gain(const struct dsr_item_step *p)
{
    return (struct dsr_index){p->gain, (unsigned long long)DSR_WEIGHT_TOTAL *
                                           DSR_VALUE_ONE};
}

/* The revisi items, the largest gain first (catalogs with items). */
static void
print_item_plan(const struct dsr_catalog *cat, const struct dsr_score *s,
                enum dsr_lang lang)
{
    char f[32], t[32], g[32];

    if (!s->nitem_plan)
        return;
    printf("\n%s\n", _("Revisi items to resolve, largest first by what "
                       "accepting each one alone would add to the index "
                       "(estimated by band interpolation):"));
    for (size_t i = 0; i < s->nitem_plan; i++) {
        const struct dsr_item_step *p = &s->item_plan[i];
        struct dsr_index x = item_gain(p);

        /* the gain to four decimals, half-up: 0.01875 is +0.0188; the
         * kind before the name, so that every column lines up */
        printf("  %-10s %s -> %s  +%s  %-16s  %s\n", p->item->id,
               val(cat, p->from_value, lang, f, sizeof(f)),
               val(cat, p->to_value, lang, t, sizeof(t)),
               dsr_format_value((long)((x.num * 20000ULL / x.den + 1) / 2), 4,
                                lang, g, sizeof(g)),
               dsr_verdict_kind_name(p->kind),
               dsr_text_get(&p->def->name, lang));
    }
}

/* The indices per stage side by side: index, then each aspect. */
static void
print_stages(const struct dsr_catalog *cat, const struct dsr_score *s,
             enum dsr_lang lang)
{
    char v[32], c[128];
    size_t width = 20;

    /* one stage alone is the index above */
    if (s->nstages < 2)
        return;
    /* the label column as wide as the longest aspect name: none is cut */
    for (size_t a = 0; a < s->naspects; a++) {
        size_t w = 5 + cli_display_width(dsr_text_get(s->aspects[a].name, lang));

        width = w > width ? w : width;
    }
    printf("\n%s\n  ", _("Indices per stage"));
    cli_put_padded("", width, false);
    for (size_t k = 0; k < s->nstages; k++)
        printf(" %12s", dsr_stage_name((enum dsr_stage)s->stages[k].stage));
    printf("\n  ");
    cli_put_padded(_("Index"), width, false);
    for (size_t k = 0; k < s->nstages; k++)
        printf(" %12s", idx(cat, s->stages[k].index, lang, v, sizeof(v)));
    printf("\n  ");
    cli_put_padded(_("Predikat"), width, false);
    for (size_t k = 0; k < s->nstages; k++)
        printf(" %12s", dsr_text_get(&s->stages[k].band->name, lang));
    putchar('\n');
    for (size_t a = 0; a < s->naspects; a++) {
        printf("  %-4s ", s->aspects[a].id);
        cli_put_padded(dsr_text_get(s->aspects[a].name, lang), width - 5, false);
        for (size_t k = 0; k < s->nstages; k++)
            printf(" %12s", idx(cat, s->stages[k].aspects[a].index, lang, v,
                                sizeof(v)));
        putchar('\n');
    }
    /* a column too narrow for the note: said under the table */
    for (size_t k = 0; k < s->nstages; k++)
        if (dsr_index_crosses(cat, s->stages[k].index))
            printf("  %s %s%s\n",
                   dsr_stage_name((enum dsr_stage)s->stages[k].stage),
                   idx(cat, s->stages[k].index, lang, v, sizeof(v)),
                   cli_crossing(cat, s->stages[k].index, lang, c, sizeof(c)));
    for (size_t k = 0; k < s->nstages; k++)
        if (s->stages[k].nestimated)
            printf(_("  %s: the values of %zu indicator(s) are estimates\n"),
                   dsr_stage_name((enum dsr_stage)s->stages[k].stage),
                   s->stages[k].nestimated);
}

/* What marks an indicator's value: estimate, external index, missing. */
static void
print_value_note(const struct dsr_catalog *cat,
                 const struct dsr_score_indicator *si, enum dsr_lang lang)
{
    char v[32];

    if (si->estimated) {
        printf("  [%s]", _("estimate from item verdicts"));
    } else if (si->external_missing) {
        printf(_("  [external index %s not given: counts as 1]"),
               si->def->external ? si->def->external->index : "");
    } else if (si->external && !si->given) {
        printf(_("  [external index %s %s]"),
               si->def->external ? si->def->external->index : "",
               dsr_format_value(si->external_index, 0, lang, v,
                                sizeof(v)));
    }
    (void)cat;
}

static void
print_text(const struct dsr_manifest *m, const struct dsr_catalog *cat,
           const struct dsr_score *s, int stage, enum dsr_lang lang)
{
    char a[32], b[32], c[128];
    size_t ws = cli_display_width(_("not filled")), wl = 0;

    printf("%s, %s %s\n", m->instance_name, dsr_text_get(&cat->title, lang),
           m->year_text);
    if (cat->provisional)
        printf("%s\n", dsr_text_get(&cat->note, lang));
    /* the item plan and the estimate rest on the item lists */
    if (cat->items_provisional && (s->nitem_plan || s->nestimated))
        printf(_("Items: provisional. %s\n"),
               dsr_text_get(&cat->items_note, lang));
    printf(_("Levels counted: %s\n"),
           stage < 0 ? _("latest stage of each indicator")
                     : dsr_stage_name((enum dsr_stage)stage));
    if (s->nestimated)
        printf(_("ESTIMATE: the values of %zu indicator(s) are estimated "
                 "from item verdicts by band interpolation (--estimate), "
                 "not given by the assessors.\n"),
               s->nestimated);
    printf("\n%s %s  %s%s%s\n", _("Index:"),
           idx(cat, s->index, lang, a, sizeof(a)),
           dsr_text_get(&s->band->name, lang),
           cli_crossing(cat, s->index, lang, c, sizeof(c)),
           s->nestimated ? _("  [estimate]") : "");
    if (s->target >= 0) {
        dsr_format_hundredths(s->target, lang, a, sizeof(a));
        if (s->gap <= 0)
            printf(_("Target: %s (reached)\n"), a);
        else
            printf(_("Target: %s, gap %s\n"), a,
                   dsr_format_hundredths(dsr_score_gap_hundredths(s), lang,
                                         b, sizeof(b)));
    }
    if (m->has_previous && m->previous >= 0) {
        /* the difference of the two values as shown */
        long change = dsr_index_hundredths(cat, s->index) - m->previous;

        dsr_format_hundredths(change, lang, b, sizeof(b));
        printf(_("Previous year (%d): %s, change %s%s\n"), m->previous_year,
               dsr_format_hundredths(m->previous, lang, a, sizeof(a)),
               change > 0 ? "+" : "", b);
    }
    if (s->ndomains) {
        printf("\n%s\n", _("Domains"));
        for (size_t d = 0; d < s->ndomains; d++)
            print_group(cat, &s->domains[d], lang);
    }
    printf("\n%s\n", _("Aspects"));
    for (size_t i = 0; i < s->naspects; i++)
        print_group(cat, &s->aspects[i], lang);
    printf("\n%s\n", _("Indicators"));
    /* the stage column as wide as its widest word ("belum diisi"), the
     * level name's as wide as the longest level name: nothing is cut */
    for (int k = 0; k < DSR_STAGE_COUNT; k++) {
        size_t w = cli_display_width(dsr_stage_name((enum dsr_stage)k));

        ws = w > ws ? w : ws;
    }
    if (cli_display_width(_("external")) > ws)
        ws = cli_display_width(_("external"));
    for (size_t i = 0; i < s->nindicators; i++)
        for (int l = DSR_LEVEL_MIN; l <= DSR_LEVEL_MAX; l++) {
            size_t w = cli_display_width(dsr_text_get(
                &s->indicators[i].def->scale->level_name[l], lang));

            wl = w > wl ? w : wl;
        }
    for (size_t i = 0; i < s->nindicators; i++) {
        const struct dsr_score_indicator *si = &s->indicators[i];

        printf("  %3s  %d ", si->def->id, si->level);
        cli_put_padded(
            dsr_text_get(&si->def->scale->level_name[si->level], lang), wl,
            false);
        printf(" %5s ", val(cat, si->value, lang, a, sizeof(a)));
        cli_put_padded(si->stage >= 0
                           ? dsr_stage_name((enum dsr_stage)si->stage)
                       : si->external ? _("external")
                                      : _("not filled"),
                       ws, false);
        printf(" %s", dsr_text_get(&si->def->name, lang));
        print_value_note(cat, si, lang);
        putchar('\n');
    }
    printf(_("  %zu of %zu indicators filled; the others count as level 1\n"),
           s->nfilled, s->nindicators);
    print_stages(cat, s, lang);
    print_item_plan(cat, s, lang);
    if (s->target < 0 || s->gap <= 0)
        return;
    if (s->nplan == 0) {
        printf("\n%s\n", _("The target cannot be reached within the framework."));
        return;
    }
    print_plan(cat, s, lang);
}

/* A shown index for machines: the rounded value as a number. */
static json_t *
json_index(const struct dsr_catalog *cat, struct dsr_index x)
{
    return json_real((double)dsr_index_hundredths(cat, x) / 100.0);
}

/* "num/den", exact. */
static json_t *
json_exact(struct dsr_index x)
{
    char exact[64];

    snprintf(exact, sizeof(exact), "%llu/%llu", x.num, x.den);
    return json_string(exact);
}

static json_t *
json_groups(const struct dsr_catalog *cat, const struct dsr_score_group *g,
            size_t n)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:s, s:o, s:o, s:s, s:i, s:b}", "id", g[i].id,
                           "index", json_index(cat, g[i].index),
                           "index_exact", json_exact(g[i].index), "predikat",
                           dsr_text_get(&g[i].band->name, DSR_LANG_ID),
                           "weight", (int)g[i].weight, "rounded_crosses_band",
                           dsr_index_crosses(cat, g[i].index)));
    return arr;
}

/* "indices": each stage's index, exact value, predikat and aspects. */
static json_t *
json_stages(const struct dsr_catalog *cat, const struct dsr_score *s)
{
    json_t *obj = json_object();

    for (size_t k = 0; k < s->nstages; k++) {
        const struct dsr_stage_score *ss = &s->stages[k];

        json_object_set_new(
            obj, dsr_stage_name((enum dsr_stage)ss->stage),
            json_pack("{s:o, s:o, s:s, s:b, s:i, s:o}", "index",
                      json_index(cat, ss->index), "index_exact",
                      json_exact(ss->index), "predikat",
                      dsr_text_get(&ss->band->name, DSR_LANG_ID),
                      "rounded_crosses_band", dsr_index_crosses(cat, ss->index),
                      "estimated", (int)ss->nestimated, "aspects",
                      json_groups(cat, ss->aspects, s->naspects)));
    }
    return obj;
}

static json_t *
json_indicator(const struct dsr_catalog *cat,
               const struct dsr_score_indicator *si)
{
    json_t *o = json_pack(
        "{s:s, s:i, s:o, s:b, s:f, s:o, s:b, s:b, s:b, s:b}", "id", si->def->id,
        "level", si->level, "stage",
        si->stage >= 0 ? json_string(dsr_stage_name((enum dsr_stage)si->stage))
                       : json_null(),
        "filled",
        si->stage >= 0 || si->estimated ||
            (si->external && !si->external_missing),
        "value", (double)si->value / DSR_VALUE_ONE, "value_shown",
        json_real((double)dsr_index_hundredths(
                      cat, (struct dsr_index){(unsigned long long)si->value,
                                              DSR_VALUE_ONE}) /
                  100.0),
        "given", si->given, "estimated", si->estimated, "external",
        si->external, "external_missing", si->external_missing);

    if (o && si->external && si->external_index >= 0)
        json_object_set_new(o, "external_index",
                            json_real((double)si->external_index /
                                      DSR_VALUE_ONE));
    return o;
}

static json_t *
json_item_plan(const struct dsr_score *s)
{
    json_t *arr = json_array();

    for (size_t i = 0; i < s->nitem_plan; i++) {
        const struct dsr_item_step *p = &s->item_plan[i];

        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:i, s:s, s:s, s:f, s:f, s:f}",
                           "indicator", p->def->id, "item", p->item->id,
                           "level", p->item->level, "owner", p->owner, "kind",
                           dsr_verdict_kind_name(p->kind), "from",
                           (double)p->from_value / DSR_VALUE_ONE, "to",
                           (double)p->to_value / DSR_VALUE_ONE, "gain",
                           (double)p->gain / 1e8));
    }
    return arr;
}

static int
print_json(const struct dsr_manifest *m, const struct dsr_catalog *cat,
           const struct dsr_score *s)
{
    json_t *root = json_object();
    json_t *inds = json_array();
    json_t *plan = json_array();
    int rc;

    for (size_t i = 0; i < s->nindicators; i++)
        json_array_append_new(inds, json_indicator(cat, &s->indicators[i]));
    for (size_t i = 0; i < s->nplan; i++)
        json_array_append_new(
            plan, json_pack("{s:s, s:s, s:i, s:i, s:f, s:b, s:b}", "indicator",
                            s->plan[i].def->id, "owner", s->plan[i].owner,
                            "from", s->plan[i].from, "to", s->plan[i].to,
                            "from_value",
                            (double)s->plan[i].from_value / DSR_VALUE_ONE,
                            "evidenced", s->plan[i].evidenced, "claimed",
                            s->plan[i].claimed));
    json_object_set_new(root, "framework", json_string(cat->id));
    json_object_set_new(root, "provisional", json_boolean(cat->provisional));
    json_object_set_new(root, "items_provisional",
                        json_boolean(cat->has_items && cat->items_provisional));
    json_object_set_new(root, "year", json_integer(m->year));
    json_object_set_new(root, "index", json_index(cat, s->index));
    json_object_set_new(root, "index_exact", json_exact(s->index));
    json_object_set_new(root, "predikat",
                        json_string(dsr_text_get(&s->band->name, DSR_LANG_ID)));
    json_object_set_new(root, "rounded_crosses_band",
                        json_boolean(dsr_index_crosses(cat, s->index)));
    json_object_set_new(root, "rounding",
                        json_string(cat->rounding == DSR_ROUND_DOWN
                                        ? "down"
                                        : "half-up"));
    json_object_set_new(root, "estimated",
                        json_integer((json_int_t)s->nestimated));
    json_object_set_new(root, "indices", json_stages(cat, s));
    json_object_set_new(root, "domains",
                        json_groups(cat, s->domains, s->ndomains));
    json_object_set_new(root, "aspects",
                        json_groups(cat, s->aspects, s->naspects));
    json_object_set_new(root, "indicators", inds);
    json_object_set_new(root, "target",
                        s->target >= 0 ? json_real((double)s->target / 100.0)
                                       : json_null());
    json_object_set_new(root, "gap",
                        s->target >= 0
                            ? json_real(
                                  (double)dsr_score_gap_hundredths(s) / 100.0)
                            : json_null());
    json_object_set_new(root, "plan", plan);
    json_object_set_new(root, "item_plan", json_item_plan(s));
    json_object_set_new(root, "max_raise", json_integer(s->max_raise));
    if (s->target >= 0) {
        json_object_set_new(root, "reachable", json_boolean(s->reachable));
        json_object_set_new(root, "best_index", json_index(cat, s->best));
        json_object_set_new(
            root, "best_predikat",
            json_string(dsr_text_get(&s->best_band->name, DSR_LANG_ID)));
    }
    if (m->has_previous && m->previous >= 0)
        json_object_set_new(root, "previous",
                            json_pack("{s:i, s:f}", "year", m->previous_year,
                                      "index", (double)m->previous / 100.0));
    /* six significant digits: values keep their four decimals (1.1667) */
    rc = cli_print_json(root, JSON_REAL_PRECISION(6));
    json_decref(root);
    return rc;
}

/* --max-raise: a whole number of levels, 1 to 4. */
static int
parse_max_raise(const char *arg, int *out)
{
    char *end;
    long v;

    if (!arg || *arg < '0' || *arg > '9')
        return -1;
    v = strtol(arg, &end, 10);
    if (*end || v < 1 || v > DSR_LEVEL_MAX - DSR_LEVEL_MIN)
        return -1;
    *out = (int)v;
    return 0;
}

int
cmd_score(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"stage", required_argument, NULL, 's'},
        {"target", required_argument, NULL, 't'},
        {"max-raise", required_argument, NULL, 'm'},
        {"evidence-root", required_argument, NULL, 'E'},
        {"estimate", no_argument, NULL, 'e'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("score");
    struct dsr_check_opts copts = {0};
    struct dsr_score_opts sopts = {.stage = -1, .target = -1,
                                   .max_raise = DSR_PLAN_MAX_RAISE_DEFAULT};
    struct dsr_check_result res;
    struct dsr_score score;
    struct dsr_error err = DSR_ERROR_INIT;
    bool json = false;
    int status = CLI_OK;
    int optstatus;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            sopts.stage = dsr_stage_parse(optarg);
            if (sopts.stage < 0)
                return cli_usage_error(self,
                                       _("unknown stage '%s' (mandiri, "
                                         "dokumen, interviu, visitasi)"),
                                       optarg);
            break;
        case 't':
            sopts.target = dsr_index_parse(optarg);
            if (sopts.target < 100 || sopts.target > 500)
                return cli_usage_error(self, _("bad target '%s' (1.00 to 5.00)"),
                                       optarg);
            break;
        case 'm':
            if (parse_max_raise(optarg, &sopts.max_raise) < 0)
                return cli_usage_error(self,
                                       _("bad --max-raise '%s' (a number of "
                                         "levels, 1 to %d)"),
                                       optarg, DSR_LEVEL_MAX - DSR_LEVEL_MIN);
            break;
        case 'E':
            /* accepted as check takes it; score reads no evidence file */
            copts.evidence_root = optarg;
            break;
        case 'e':
            sopts.estimate = true;
            break;
        default:
            if (cli_common_option(self, c, argv, env, &json, &optstatus) &&
                optstatus >= 0)
                return optstatus;
            break;
        }
    }
    optstatus = cli_one_argument(self, argc, _("missing MANIFEST"));
    if (optstatus != CLI_OK)
        return optstatus;
    copts.frameworks_dir = env->paths.frameworks;
    copts.no_openat2 = env->no_openat2;
    copts.schemas_dir = env->paths.schemas;
    copts.lang = env->lang;
    copts.manifest_only = true;
    if (dsr_check(argv[optind], &copts, &res, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (res.findings.counts[DSR_SEV_ERROR] || !res.catalog) {
        cli_print_errors(&res.findings,
                         res.manifest ? res.manifest->path : argv[optind]);
        cli_error(_("'%s' has errors; run 'dossier check' for details"),
                  argv[optind]);
        status = CLI_INPUT;
        goto out;
    }
    if (sopts.estimate && !res.catalog->has_items) {
        status = cli_usage_error(self,
                                 _("--estimate needs a framework with items "
                                   "(butir); '%s' has none"),
                                 res.catalog->id);
        goto out;
    }
    if (dsr_score_checked(&res, &sopts, &score, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (json) {
        if (print_json(res.manifest, res.catalog, &score) < 0)
            status = CLI_FAIL;
    } else {
        print_text(res.manifest, res.catalog, &score, sopts.stage, env->lang);
    }
    dsr_score_release(&score);
out:
    dsr_check_result_release(&res);
    return status;
}
