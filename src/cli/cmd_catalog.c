/*
 * cmd_catalog.c -- dossier catalog: list the shipped frameworks, or show
 * one with its indicators, weights, level names, criteria and bands.
 */
#include "cli.h"

#include "dossier/format.h"

#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static json_t *
text_json(const struct dsr_text *t)
{
    return json_pack("{s:s, s:s}", "id", dsr_text_get(t, DSR_LANG_ID), "en",
                     dsr_text_get(t, DSR_LANG_EN));
}

/* The years 'c' covers as JSON: a year, or null where open. */
static json_t *
year_json(unsigned year)
{
    return year ? json_integer(year) : json_null();
}

static struct dsr_catalog *
load(const struct cli_env *env, const char *id, struct dsr_error *err)
{
    char schema[sizeof(env->paths.schemas) + 32];

    snprintf(schema, sizeof(schema), "%s/framework.xsd", env->paths.schemas);
    return dsr_catalog_load_id(env->paths.frameworks, id, schema, err);
}

static int
list(const struct cli_env *env, bool json)
{
    struct dsr_error err = DSR_ERROR_INIT;
    json_t *arr = NULL;
    char **ids = NULL;
    size_t n = 0;
    int status = CLI_OK;

    if (dsr_catalog_list(env->paths.frameworks, &ids, &n, &err) < 0)
        return cli_report(&err);
    if (json)
        arr = json_array();
    else
        printf("%s\n", _("Frameworks:"));
    for (size_t i = 0; i < n; i++) {
        struct dsr_catalog *c = load(env, ids[i], &err);

        if (!c) {
            status = cli_report(&err);
            break;
        }
        char years[64];

        if (json)
            json_array_append_new(
                arr, json_pack("{s:s, s:o, s:s, s:b, s:i, s:i, s:i, s:o, s:o}",
                               "id", c->id, "title", text_json(&c->title),
                               "basis", c->basis ? c->basis : "",
                               "provisional", c->provisional, "domains",
                               (int)c->ndomains, "aspects", (int)c->naspects,
                               "indicators", (int)c->nindicators, "year_from",
                               year_json(c->year_from), "year_to",
                               year_json(c->year_to)));
        else
            printf(_("  %-12s %s (%zu indicators; years: %s)%s\n"), c->id,
                   dsr_text_get(&c->title, env->lang), c->nindicators,
                   dsr_catalog_years(c, years, sizeof(years)),
                   c->provisional ? _(" - provisional") : "");
        dsr_catalog_free(c);
    }
    if (json && status == CLI_OK) {
        json_t *root = json_pack("{s:o}", "frameworks", arr);
        arr = NULL;
        cli_print_json(root, 0);
        json_decref(root);
    }
    json_decref(arr);
    dsr_catalog_ids_free(ids, n);
    return status;
}

static char *
pct(unsigned weight, enum dsr_lang lang, char *buf, size_t size)
{
    return dsr_format_hundredths((long)weight, lang, buf, size);
}

/*
 * An external index value (ten-thousandths of its unit) as the catalog's
 * numbers are shown: two decimals, more when it has them ("12,50",
 * "0,0625").
 */
static char *
index_value(long v, enum dsr_lang lang, char *buf, size_t size)
{
    return dsr_format_value(v, 2, lang, buf, size);
}

/* Whether any indicator of 'c' is scored from an external index. */
static bool
has_external(const struct dsr_catalog *c)
{
    for (size_t i = 0; i < c->nindicators; i++)
        if (c->indicators[i].external)
            return true;
    return false;
}

/* The external index an indicator is scored from, with its bands. */
static void
show_external(const struct dsr_external *ext, enum dsr_lang lang)
{
    char lo[32], hi[32];

    printf(_("      Source: external index %s (%s), %s\n"), ext->index,
           ext->agency, dsr_text_get(&ext->name, lang));
    if (ext->converts)
        printf("        %s\n", _("converted to the value by its bands:"));
    else
        printf("        %s\n", _("not converted: the manifest gives the "
                                  "value itself"));
    if (!ext->has_bands)
        return;
    for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++)
        printf(lv < DSR_LEVEL_MAX ? _("        level %d: %s to under %s\n")
                                  : _("        level %d: %s to %s\n"),
               lv, index_value(ext->band[lv].min, lang, lo, sizeof(lo)),
               index_value(ext->band[lv].max, lang, hi, sizeof(hi)));
}

/* An indicator's code, other names, source and items, under its line. */
static void
show_indicator_detail(const struct dsr_catalog *c,
                      const struct dsr_indicator *ind, bool show_source,
                      enum dsr_lang lang)
{
    if (ind->code)
        printf(_("      Code: %s\n"), ind->code);
    if (ind->nalt_names) {
        printf("      %s", _("Other names:"));
        for (size_t k = 0; k < ind->nalt_names; k++)
            printf("%s %s", k ? ";" : "", ind->alt_names[k]);
        putchar('\n');
    }
    if (ind->external)
        show_external(ind->external, lang);
    else if (show_source)
        printf("      %s\n", _("Source: evidence judged by the assessors"));
    if (!c->has_items)
        return;
    if (!ind->nitems) {
        printf("      %s\n", _("Items: none listed"));
        return;
    }
    for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++) {
        size_t first = ind->level_first[lv], end = ind->level_first[lv + 1];

        if (first == end) {
            printf(_("      Level %d: no items\n"), lv);
            continue;
        }
        printf(_("      Level %d items:\n"), lv);
        for (size_t k = first; k < end; k++) {
            const struct dsr_item *it = &ind->items[k];

            printf("        %-9s", it->id);
            if (it->portal)
                printf(" [%s]", it->portal);
            printf(" %s\n", dsr_text_get(&it->text, lang));
        }
    }
}

/*
 * The mapping from the earlier framework: for each indicator here, the
 * earlier ones that continue as it, in the earlier catalog's order when
 * it is shipped (else in the mapping's order), or "none".
 */
static void
show_mapping(const struct cli_env *env, const struct dsr_catalog *c,
             enum dsr_lang lang)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *prev;

    if (!c->maps_from)
        return;
    prev = load(env, c->maps_from, &err);
    printf(_("\nMapping from %s: %s\n"), c->maps_from,
           dsr_text_get(&c->map_note, lang));
    for (size_t i = 0; i < c->nindicators; i++) {
        size_t shown = 0;
        size_t n = prev ? prev->nindicators : c->nmap;

        printf("    %3s  <-", c->indicators[i].id);
        for (size_t k = 0; k < n; k++) {
            const char *from = prev ? prev->indicators[k].id : c->map[k].from;

            if (dsr_catalog_map_indicator(c, c->maps_from, from) !=
                &c->indicators[i])
                continue;
            printf("%s %s", shown ? "," : "", from);
            shown++;
        }
        if (!shown)
            printf(" %s", _("none (a new topic)"));
        putchar('\n');
    }
    dsr_catalog_free(prev);
}

static void
show_text(const struct cli_env *env, const struct dsr_catalog *c,
          enum dsr_lang lang)
{
    char w[32];
    char years[64];
    bool ext_any = has_external(c);

    printf("%s (%s)\n", dsr_text_get(&c->title, lang), c->id);
    printf(_("Legal basis: %s\n"), c->basis ? c->basis : "");
    printf(_("Evaluation years: %s\n"), dsr_catalog_years(c, years, sizeof(years)));
    if (c->provisional)
        printf(_("Status: provisional. %s\n"), dsr_text_get(&c->note, lang));
    if (c->has_items && c->items_provisional)
        printf(_("Items: provisional. %s\n"),
               dsr_text_get(&c->items_note, lang));
    else if (c->has_items)
        printf(_("Items: %s\n"), dsr_text_get(&c->items_note, lang));
    printf(_("Rounding: %s\n"),
           c->rounding == DSR_ROUND_DOWN
               ? _("values are shown rounded down to two decimals")
               : _("values are shown rounded half-up to two decimals"));
    for (size_t s = 0; s < c->nscales; s++) {
        const struct dsr_scale *sc = &c->scales[s];

        printf(_("\nScale '%s' (%s):"), sc->id, dsr_text_get(&sc->name, lang));
        for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++)
            printf(" %d %s%s", lv, dsr_text_get(&sc->level_name[lv], lang),
                   lv < DSR_LEVEL_MAX ? "," : "\n");
    }
    for (size_t a = 0; a < c->naspects; a++) {
        const struct dsr_aspect *asp = &c->aspects[a];

        if (c->ndomains && c->domains[asp->domain].first == a) {
            const struct dsr_domain *d = &c->domains[asp->domain];

            printf(_("\nDomain %s %s (%s %%)\n"), d->id,
                   dsr_text_get(&d->name, lang),
                   pct(d->weight, lang, w, sizeof(w)));
        }
        printf(_("%s  Aspect %s %s (%s %%)\n"), c->ndomains ? "" : "\n",
               asp->id, dsr_text_get(&asp->name, lang),
               pct(asp->weight, lang, w, sizeof(w)));
        for (size_t i = asp->first; i < asp->first + asp->count; i++) {
            const struct dsr_indicator *ind = &c->indicators[i];

            printf("    %3s  %-6s %s [%s]\n", ind->id,
                   pct(ind->weight, lang, w, sizeof(w)),
                   dsr_text_get(&ind->name, lang), ind->scale->id);
            show_indicator_detail(c, ind, ext_any, lang);
        }
    }
    printf("\n%s\n", _("Predikat:"));
    for (size_t b = c->nbands; b-- > 0;) {
        char lo[16], hi[16];

        dsr_format_hundredths(c->bands[b].min, lang, lo, sizeof(lo));
        if (b + 1 < c->nbands)
            printf(_("  %-12s %s to under %s\n"),
                   dsr_text_get(&c->bands[b].name, lang), lo,
                   dsr_format_hundredths(c->bands[b + 1].min, lang, hi,
                                         sizeof(hi)));
        else
            printf(_("  %-12s %s to %s\n"),
                   dsr_text_get(&c->bands[b].name, lang), lo,
                   dsr_format_hundredths(500, lang, hi, sizeof(hi)));
    }
    show_mapping(env, c, lang);
}

static json_t *
string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* An index value as a JSON string with a point: "12.5000". */
static json_t *
index_json(long v)
{
    char buf[32];

    return json_string(dsr_format_value(v, 4, DSR_LANG_EN, buf, sizeof(buf)));
}

static json_t *
external_json(const struct dsr_external *ext)
{
    json_t *bands = json_null();

    if (!ext)
        return json_null();
    if (ext->has_bands) {
        json_decref(bands);
        bands = json_array();
        for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++)
            json_array_append_new(
                bands, json_pack("{s:i, s:o, s:o}", "level", lv, "min",
                                 index_json(ext->band[lv].min), "max",
                                 index_json(ext->band[lv].max)));
    }
    return json_pack("{s:s, s:s, s:o, s:b, s:o}", "index", ext->index,
                     "agency", ext->agency, "name", text_json(&ext->name),
                     "converts", ext->converts, "bands", bands);
}

static json_t *
items_json(const struct dsr_indicator *ind)
{
    json_t *items = json_array();

    for (size_t k = 0; k < ind->nitems; k++) {
        const struct dsr_item *it = &ind->items[k];

        json_array_append_new(
            items, json_pack("{s:s, s:i, s:i, s:o, s:{s:s, s:o}}", "id",
                             it->id, "level", it->level, "number",
                             (int)it->number, "portal",
                             string_or_null(it->portal), "text", "id",
                             dsr_text_get(&it->text, DSR_LANG_ID), "en",
                             string_or_null(it->text.s[DSR_LANG_EN])));
    }
    return items;
}

static json_t *
show_json(const struct dsr_catalog *c)
{
    json_t *scales = json_array();
    json_t *domains = json_array();
    json_t *aspects = json_array();
    json_t *indicators = json_array();
    json_t *bands = json_array();
    json_t *mapping = json_null();

    if (c->maps_from) {
        json_t *pairs = json_array();

        for (size_t k = 0; k < c->nmap; k++)
            json_array_append_new(
                pairs, json_pack("{s:s, s:s}", "from", c->map[k].from, "to",
                                 c->indicators[c->map[k].to].id));
        json_decref(mapping);
        mapping = json_pack("{s:s, s:o, s:o}", "from", c->maps_from, "note",
                            text_json(&c->map_note), "pairs", pairs);
    }
    for (size_t s = 0; s < c->nscales; s++) {
        json_t *levels = json_array();

        for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++)
            json_array_append_new(
                levels, json_pack("{s:i, s:o}", "level", lv, "name",
                                  text_json(&c->scales[s].level_name[lv])));
        json_array_append_new(scales,
                              json_pack("{s:s, s:o, s:o}", "id", c->scales[s].id,
                                        "name", text_json(&c->scales[s].name),
                                        "levels", levels));
    }
    for (size_t d = 0; d < c->ndomains; d++)
        json_array_append_new(
            domains, json_pack("{s:s, s:o, s:i}", "id", c->domains[d].id,
                               "name", text_json(&c->domains[d].name),
                               "weight", (int)c->domains[d].weight));
    for (size_t a = 0; a < c->naspects; a++) {
        const struct dsr_aspect *asp = &c->aspects[a];

        json_array_append_new(
            aspects,
            json_pack("{s:s, s:o, s:i, s:o}", "id", asp->id, "name",
                      text_json(&asp->name), "weight", (int)asp->weight,
                      "domain",
                      c->ndomains ? json_string(c->domains[asp->domain].id)
                                  : json_null()));
    }
    for (size_t i = 0; i < c->nindicators; i++) {
        const struct dsr_indicator *ind = &c->indicators[i];
        json_t *crit = json_object();

        for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++) {
            char key[4];

            snprintf(key, sizeof(key), "%d", lv);
            json_object_set_new(crit, key, text_json(&ind->criterion[lv]));
        }
        json_t *alt = json_array();

        for (size_t k = 0; k < ind->nalt_names; k++)
            json_array_append_new(alt, json_string(ind->alt_names[k]));
        json_array_append_new(
            indicators,
            json_pack("{s:s, s:o, s:o, s:o, s:i, s:s, s:s, s:o, s:s, s:o, "
                      "s:o}",
                      "id", ind->id, "code", string_or_null(ind->code),
                      "name", text_json(&ind->name), "alt_names", alt,
                      "weight", (int)ind->weight, "aspect",
                      c->aspects[ind->aspect].id, "scale", ind->scale->id,
                      "criteria", crit, "source",
                      ind->source == DSR_SOURCE_EXTERNAL ? "external"
                                                         : "evidence",
                      "external", external_json(ind->external), "items",
                      items_json(ind)));
    }
    for (size_t b = 0; b < c->nbands; b++) {
        char min[16];

        json_array_append_new(
            bands, json_pack("{s:s, s:o}", "min",
                             dsr_format_hundredths(c->bands[b].min, DSR_LANG_EN,
                                                   min, sizeof(min)),
                             "name", text_json(&c->bands[b].name)));
    }
    return json_pack("{s:s, s:o, s:s, s:b, s:s, s:{s:b, s:b, s:o}, s:o, s:o, "
                     "s:o, s:o, s:o, s:o, s:o, s:o}",
                     "id", c->id, "title", text_json(&c->title), "basis",
                     c->basis ? c->basis : "", "provisional", c->provisional,
                     "rounding",
                     c->rounding == DSR_ROUND_DOWN ? "down" : "half-up",
                     "item_lists", "present", c->has_items, "provisional",
                     c->items_provisional, "note", text_json(&c->items_note),
                     "year_from", year_json(c->year_from), "year_to",
                     year_json(c->year_to), "scales", scales, "domains",
                     domains, "aspects", aspects, "indicators", indicators,
                     "bands", bands, "mapping", mapping);
}

int
cmd_catalog(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"framework", required_argument, NULL, 'F'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("catalog");
    struct dsr_error err = DSR_ERROR_INIT;
    const char *framework = NULL;
    struct dsr_catalog *c;
    bool json = false;
    int status;
    int opt;

    optind = 1;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (cli_common_option(self, opt, argv, env, &json, &status)) {
            if (status >= 0)
                return status;
            continue;
        }
        if (opt == 'F')
            framework = optarg;
    }
    if (optind != argc)
        return cli_usage_error(self, _("too many arguments"));
    if (!framework)
        return list(env, json);
    c = load(env, framework, &err);
    if (!c) {
        if (err.code == DSR_INPUT) {
            cli_error(_("unknown framework '%s'; 'dossier catalog' lists the "
                        "shipped ones"),
                      framework);
            return CLI_USAGE;
        }
        return cli_report(&err);
    }
    if (json) {
        json_t *root = show_json(c);
        if (root)
            cli_print_json(root, 0);
        json_decref(root);
    } else {
        show_text(env, c, env->lang);
    }
    dsr_catalog_free(c);
    return CLI_OK;
}
