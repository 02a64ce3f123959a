/*
 * cmd_show.c -- dossier show BUNDLE [INDICATOR]: what a yearly bundle
 * holds, at a glance (instance, framework, year, bundle id, signature,
 * the index per stage, one line per indicator) or for one indicator in
 * full (levels per stage with explanations, verdicts, the evidence with
 * titles, sizes and SHA-256 from its zip's index.xml).
 */
#include "cli.h"

#include "dossier/bundle.h"
#include "dossier/format.h"
#include "dossier/manifest.h"
#include "dossier/score.h"

#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/*
 * A string from the bundle made safe to print (dsr_printable()); valid
 * until 32 more calls.  "?" when out of memory.
 */
const char *
cli_safe(const char *s)
{
    static char *ring[32];
    static unsigned next;
    char *p = dsr_printable(s ? s : "");

    free(ring[next % 32]);
    ring[next++ % 32] = p;
    return p ? p : "?";
}

/* At most 'max' characters of UTF-8 's' (made safe), "…" after a cut. */
static const char *
shorten(const char *s, size_t max)
{
    const char *safe = cli_safe(s);
    size_t chars = 0, i = 0;
    char *cut;

    for (; safe[i]; i++)
        if (((unsigned char)safe[i] & 0xC0) != 0x80 && ++chars > max)
            break;
    if (!safe[i])
        return safe;
    cut = malloc(i + 4);
    if (!cut)
        return safe;
    memcpy(cut, safe, i);
    memcpy(cut + i, "\xE2\x80\xA6", 4);
    safe = cli_safe(cut);
    free(cut);
    return safe;
}

static const struct dsr_score_indicator *
score_of(const struct dsr_bundle *b, const char *id)
{
    for (size_t i = 0; i < b->view.score.nindicators; i++)
        if (strcmp(b->view.score.indicators[i].def->id, id) == 0)
            return &b->view.score.indicators[i];
    return NULL;
}

/* Whether the counted value is shown as a value, not a level. */
static bool
shows_value(const struct dsr_score_indicator *si)
{
    return si && (si->given || si->external || si->estimated ||
                  si->value != (long)si->level * 10000);
}

/* The latest verdict of every item (and of the level), counted. */
static void
verdict_counts(const struct dsr_mindicator *ind, size_t *ok, size_t *rev)
{
    *ok = *rev = 0;
    for (size_t i = 0; i < ind->nverdicts; i++) {
        const struct dsr_verdict *v = &ind->verdicts[i];
        bool later = false;

        for (size_t k = 0; k < ind->nverdicts && !later; k++) {
            const struct dsr_verdict *w = &ind->verdicts[k];

            if (k == i || (v->item == NULL) != (w->item == NULL) ||
                (v->item && strcmp(v->item, w->item) != 0))
                continue;
            later = w->stage > v->stage || (w->stage == v->stage && k > i);
        }
        if (later)
            continue;
        if (v->status == DSR_VERDICT_DITERIMA)
            (*ok)++;
        else
            (*rev)++;
    }
}

static const char *
zip_status_name(enum dsr_bundle_zip_status s)
{
    static const char *const names[] = {"none", "ok", "encrypted", "damaged"};

    return names[s];
}

static const char *
index_text(const struct dsr_catalog *c, struct dsr_index x, enum dsr_lang lang,
           char *buf, size_t size)
{
    return dsr_format_hundredths(dsr_index_hundredths(c, x), lang, buf, size);
}

static json_t *
json_index(const struct dsr_catalog *c, struct dsr_index x)
{
    return json_real((double)dsr_index_hundredths(c, x) / 100.0);
}

static const char *
band_name(const struct dsr_band *band, enum dsr_lang lang)
{
    return band ? dsr_text_get(&band->name, lang) : "";
}

/* ---- the bundle at a glance --------------------------------------------- */

static void
text_head(const struct dsr_bundle *b, enum dsr_lang lang)
{
    const struct dsr_manifest *m = b->view.manifest;
    const struct dsr_score *s = &b->view.score;
    char buf[32];

    printf(_("Bundle:      %s\n"), cli_safe(b->view.dir));
    printf(_("Instance:    %s\n"), cli_safe(m->instance_name));
    printf(_("Framework:   %s, year %s\n"), cli_safe(m->framework),
           cli_safe(m->year_text));
    printf(_("Bundle id:   %s\n"), b->bundle_id[0] ? cli_safe(b->bundle_id) : "-");
    printf(_("Bagged on:   %s\n"),
           b->bagging_date[0] ? cli_safe(b->bagging_date) : "-");
    printf(_("Signed:      %s\n"),
           b->is_signed ? _("yes (check it with 'dossier verify --pubkey')")
                        : _("no"));
    printf(_("Index:       %s (%s)\n"),
           index_text(b->view.catalog, s->index, lang, buf, sizeof(buf)),
           band_name(s->band, lang));
    for (size_t i = 0; i < s->nstages; i++)
        printf("  %-10s %s (%s)\n", dsr_stage_name(s->stages[i].stage),
               index_text(b->view.catalog, s->stages[i].index, lang, buf,
                          sizeof(buf)),
               band_name(s->stages[i].band, lang));
}

static int
show_all_text(const struct dsr_bundle *b, enum dsr_lang lang)
{
    const struct dsr_manifest *m = b->view.manifest;
    struct dsr_error err = DSR_ERROR_INIT;
    size_t bad = 0;

    text_head(b, lang);
    printf("\n%s\n", _("ID   NAME                                      OWNER                     CLAIMED/COUNTED  FILES  SIZE       VERDICTS"));
    for (size_t i = 0; i < m->nindicators; i++) {
        const struct dsr_mindicator *ind = &m->indicators[i];
        const struct dsr_indicator *def =
            dsr_catalog_indicator(b->view.catalog, ind->id);
        const struct dsr_score_indicator *si = score_of(b, ind->id);
        const struct dsr_assessment *claim =
            dsr_mindicator_assessment(ind, DSR_STAGE_MANDIRI);
        struct dsr_bundle_zip z;
        char levels[64], counted[32], files[32], size[32], verdicts[64];
        size_t ok, rev;

        if (dsr_bundle_zip_read(b, ind, &z, &err) < 0)
            return cli_report(&err);
        if (si && shows_value(si))
            dsr_format_value(si->value, 2, lang, counted, sizeof(counted));
        else if (si)
            snprintf(counted, sizeof(counted), "%d", si->level);
        else
            snprintf(counted, sizeof(counted), "-");
        if (claim && claim->level != DSR_LEVEL_NONE)
            snprintf(levels, sizeof(levels), "%ld / %s", claim->level, counted);
        else
            snprintf(levels, sizeof(levels), "- / %s", counted);
        switch (z.status) {
        case DSR_BZIP_OK:
            snprintf(files, sizeof(files), "%zu", z.idx.n);
            dsr_format_size(z.bytes, lang, size, sizeof(size));
            break;
        case DSR_BZIP_NONE:
            snprintf(files, sizeof(files), "0");
            snprintf(size, sizeof(size), "-");
            break;
        case DSR_BZIP_ENCRYPTED:
            snprintf(files, sizeof(files), "%zu", ind->nevidence);
            snprintf(size, sizeof(size), "%s", _("encrypted"));
            break;
        case DSR_BZIP_BAD:
            bad++;
            snprintf(files, sizeof(files), "?");
            snprintf(size, sizeof(size), "%s", _("damaged"));
            break;
        }
        verdict_counts(ind, &ok, &rev);
        if (ok || rev)
            snprintf(verdicts, sizeof(verdicts), _("%zu diterima, %zu revisi"),
                     ok, rev);
        else
            snprintf(verdicts, sizeof(verdicts), "-");
        cli_put_padded(cli_safe(ind->id), 4, false);
        putchar(' ');
        cli_put_padded(shorten(def ? dsr_text_get(&def->name, lang) : "", 40), 41,
                       false);
        putchar(' ');
        cli_put_padded(shorten(ind->owner, 24), 25, false);
        putchar(' ');
        cli_put_padded(levels, 16, false);
        putchar(' ');
        cli_put_padded(files, 6, true);
        putchar(' ');
        cli_put_padded(size, 10, false);
        printf(" %s\n", verdicts);
        dsr_bundle_zip_release(&z);
    }
    printf(_("\n'dossier show %s ID' shows one indicator in full.\n"),
           cli_safe(b->view.dir));
    if (bad)
        cli_warn(_("%zu zips of %s cannot be read; check the bundle with "
                   "'dossier verify'"),
                 bad, b->view.dir);
    return CLI_OK;
}

static json_t *
json_str(const char *s)
{
    return cli_json_name(s ? s : "");
}

static int
show_all_json(const struct dsr_bundle *b)
{
    const struct dsr_manifest *m = b->view.manifest;
    const struct dsr_score *s = &b->view.score;
    struct dsr_error err = DSR_ERROR_INIT;
    json_t *root, *stages, *inds;
    int rc;

    stages = json_array();
    inds = json_array();
    root = json_pack("{s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:s, s:o, s:o}",
                     "bundle", json_str(b->view.dir), "id", json_str(b->bundle_id),
                     "bagging_date", json_str(b->bagging_date), "signed",
                     b->is_signed, "instance", json_str(m->instance_name),
                     "framework", json_str(m->framework), "year",
                     json_str(m->year_text), "index",
                     json_index(b->view.catalog, s->index), "predikat",
                     band_name(s->band, DSR_LANG_ID), "stages", stages,
                     "indicators", inds);
    if (!root)
        return -1;
    for (size_t i = 0; i < s->nstages; i++)
        json_array_append_new(
            stages, json_pack("{s:s, s:o, s:s}", "stage",
                              dsr_stage_name(s->stages[i].stage), "index",
                              json_index(b->view.catalog, s->stages[i].index),
                              "predikat", band_name(s->stages[i].band, DSR_LANG_ID)));
    for (size_t i = 0; i < m->nindicators; i++) {
        const struct dsr_mindicator *ind = &m->indicators[i];
        const struct dsr_indicator *def =
            dsr_catalog_indicator(b->view.catalog, ind->id);
        const struct dsr_score_indicator *si = score_of(b, ind->id);
        const struct dsr_assessment *claim =
            dsr_mindicator_assessment(ind, DSR_STAGE_MANDIRI);
        struct dsr_bundle_zip z;
        size_t ok, rev;

        if (dsr_bundle_zip_read(b, ind, &z, &err) < 0) {
            json_decref(root);
            cli_report(&err);
            return -1;
        }
        verdict_counts(ind, &ok, &rev);
        json_array_append_new(
            inds,
            json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:o, s:s, "
                      "s:I, s:I}",
                      "id", json_str(ind->id), "code",
                      def && def->code ? json_str(def->code) : json_null(),
                      "name", json_str(def ? dsr_text_get(&def->name, DSR_LANG_ID) : ""),
                      "owner", json_str(ind->owner), "claimed",
                      claim && claim->level != DSR_LEVEL_NONE
                          ? json_integer(claim->level)
                          : json_null(),
                      "counted", si ? json_integer(si->level) : json_null(),
                      "value", si ? json_real((double)si->value / 10000.0) : json_null(),
                      "files",
                      (json_int_t)(z.status == DSR_BZIP_OK ? z.idx.n : ind->nevidence),
                      "bytes", (json_int_t)z.bytes, "zip", json_str(z.rel), "zip_status",
                      zip_status_name(z.status), "diterima", (json_int_t)ok,
                      "revisi", (json_int_t)rev));
        dsr_bundle_zip_release(&z);
    }
    rc = cli_print_json(root, JSON_REAL_PRECISION(6));
    json_decref(root);
    return rc;
}

/* ---- one indicator ------------------------------------------------------ */

static int
show_one_text(const struct dsr_bundle *b, const struct dsr_mindicator *ind,
              enum dsr_lang lang)
{
    const struct dsr_indicator *def = dsr_catalog_indicator(b->view.catalog, ind->id);
    const struct dsr_score_indicator *si = score_of(b, ind->id);
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bundle_zip z;
    char buf[64];

    if (dsr_bundle_zip_read(b, ind, &z, &err) < 0)
        return cli_report(&err);
    printf(_("Indicator %s%s%s%s: %s\n"), cli_safe(ind->id),
           def && def->code ? " (" : "", def && def->code ? cli_safe(def->code) : "",
           def && def->code ? ")" : "",
           cli_safe(def ? dsr_text_get(&def->name, lang) : ""));
    printf(_("Owner (OPD): %s\n"), ind->owner[0] ? cli_safe(ind->owner) : "-");
    if (si) {
        if (shows_value(si))
            printf(_("Counted:     %s\n"),
                   dsr_format_value(si->value, 2, lang, buf, sizeof(buf)));
        else
            printf(_("Counted:     level %d\n"), si->level);
    }
    printf("\n%s\n", _("Levels per stage:"));
    if (!ind->nassessments)
        printf("  -\n");
    for (size_t i = 0; i < ind->nassessments; i++) {
        const struct dsr_assessment *a = &ind->assessments[i];

        if (a->level != DSR_LEVEL_NONE)
            printf(_("  %-10s level %ld"), dsr_stage_name(a->stage), a->level);
        else
            printf("  %-10s -", dsr_stage_name(a->stage));
        if (a->value_text)
            printf(_(" (value %s)"), cli_safe(a->value_text));
        printf("\n");
        if (a->text && a->text[0])
            printf("    %s\n", cli_safe(a->text));
    }
    if (ind->nverdicts) {
        printf("\n%s\n", _("Verdicts:"));
        for (size_t i = 0; i < ind->nverdicts; i++) {
            const struct dsr_verdict *v = &ind->verdicts[i];
            const char *kind = dsr_verdict_kind_name(v->kind);

            printf("  %-10s %-14s %s%s%s%s\n", dsr_stage_name(v->stage),
                   v->item ? cli_safe(v->item) : _("(level)"),
                   dsr_verdict_status_name(v->status), kind[0] ? " (" : "", kind,
                   kind[0] ? ")" : "");
            if (v->text && v->text[0])
                printf("    %s\n", cli_safe(v->text));
        }
    }
    printf("\n");
    switch (z.status) {
    case DSR_BZIP_NONE:
        printf("%s\n", _("Evidence: none in this bundle."));
        break;
    case DSR_BZIP_ENCRYPTED:
        printf(_("Evidence: %zu files in %s, encrypted: their titles, sizes "
                 "and checksums are inside; open it with 7-Zip and the "
                 "passphrase.\n"),
               ind->nevidence, cli_safe(z.rel));
        break;
    case DSR_BZIP_BAD:
        printf(_("Evidence: %s cannot be read: %s\n"), cli_safe(z.rel),
               cli_safe(z.problem));
        break;
    case DSR_BZIP_OK:
        printf(_("Evidence (%zu files, %s) in %s:\n"), z.idx.n,
               dsr_format_size(z.bytes, lang, buf, sizeof(buf)), cli_safe(z.rel));
        for (size_t i = 0; i < z.idx.n; i++) {
            const struct dsr_index_entry *e = &z.idx.entries[i];
            const struct dsr_evidence *ev = dsr_bundle_evidence(ind, e->file);
            char size[32];

            printf("  %zu. %s\n", i + 1,
                   e->title && e->title[0] ? cli_safe(e->title) : _("(no title)"));
            printf(_("     file %s"), cli_safe(e->name));
            if (e->level)
                printf(_(", level %ld"), e->level);
            if (ev && ev->date_text)
                printf(_(", dated %s"), cli_safe(ev->date_text));
            printf(", %s\n", dsr_format_size(e->size, lang, size, sizeof(size)));
            printf("     SHA-256 %s\n", cli_safe(e->sha256));
        }
        break;
    }
    dsr_bundle_zip_release(&z);
    return CLI_OK;
}

static int
show_one_json(const struct dsr_bundle *b, const struct dsr_mindicator *ind)
{
    const struct dsr_indicator *def = dsr_catalog_indicator(b->view.catalog, ind->id);
    const struct dsr_score_indicator *si = score_of(b, ind->id);
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_bundle_zip z;
    json_t *root, *as, *vs, *evs;
    int rc;

    if (dsr_bundle_zip_read(b, ind, &z, &err) < 0)
        return -1;
    as = json_array();
    vs = json_array();
    evs = json_array();
    root = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, "
                     "s:o, s:o}",
                     "bundle", json_str(b->view.dir), "id", json_str(ind->id),
                     "code", def && def->code ? json_str(def->code) : json_null(),
                     "name", json_str(def ? dsr_text_get(&def->name, DSR_LANG_ID) : ""),
                     "owner", json_str(ind->owner), "counted",
                     si ? json_integer(si->level) : json_null(), "value",
                     si ? json_real((double)si->value / 10000.0) : json_null(),
                     "assessments", as, "verdicts", vs, "zip", json_str(z.rel),
                     "zip_status", zip_status_name(z.status), "problem",
                     z.status == DSR_BZIP_BAD ? json_str(z.problem) : json_null(),
                     "evidence", evs);
    if (!root) {
        dsr_bundle_zip_release(&z);
        return -1;
    }
    for (size_t i = 0; i < ind->nassessments; i++) {
        const struct dsr_assessment *a = &ind->assessments[i];

        json_array_append_new(
            as, json_pack("{s:s, s:o, s:o, s:o}", "stage", dsr_stage_name(a->stage),
                          "level",
                          a->level != DSR_LEVEL_NONE ? json_integer(a->level)
                                                     : json_null(),
                          "value", a->value_text ? json_str(a->value_text) : json_null(),
                          "text", json_str(a->text)));
    }
    for (size_t i = 0; i < ind->nverdicts; i++) {
        const struct dsr_verdict *v = &ind->verdicts[i];

        json_array_append_new(
            vs, json_pack("{s:s, s:o, s:s, s:s, s:o}", "stage",
                          dsr_stage_name(v->stage), "item",
                          v->item ? json_str(v->item) : json_null(), "status",
                          dsr_verdict_status_name(v->status), "kind",
                          dsr_verdict_kind_name(v->kind), "text", json_str(v->text)));
    }
    for (size_t i = 0; z.status == DSR_BZIP_OK && i < z.idx.n; i++) {
        const struct dsr_index_entry *e = &z.idx.entries[i];
        const struct dsr_evidence *ev = dsr_bundle_evidence(ind, e->file);

        json_array_append_new(
            evs, json_pack("{s:o, s:o, s:o, s:o, s:o, s:I, s:o}", "title",
                           json_str(e->title), "file", json_str(e->file), "name",
                           json_str(e->name), "level",
                           e->level ? json_integer(e->level) : json_null(), "date",
                           ev && ev->date_text ? json_str(ev->date_text) : json_null(),
                           "size", (json_int_t)e->size, "sha256", json_str(e->sha256)));
    }
    rc = cli_print_json(root, JSON_REAL_PRECISION(6));
    json_decref(root);
    dsr_bundle_zip_release(&z);
    return rc;
}

int
cmd_show(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("show");
    struct dsr_bundle b = DSR_BUNDLE_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    const struct dsr_mindicator *ind = NULL;
    bool json = false;
    int status = CLI_OK, optstatus, c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (cli_common_option(self, c, argv, env, &json, &optstatus) &&
            optstatus >= 0)
            return optstatus;
    }
    if (argc - optind < 1 || argc - optind > 2)
        return cli_usage_error(self, argc - optind < 1 ? _("missing BUNDLE")
                                                       : _("too many arguments"));
    if (dsr_bundle_open(argv[optind], env->paths.frameworks, env->paths.schemas,
                        &b, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (argc - optind == 2) {
        ind = dsr_bundle_indicator(&b, argv[optind + 1], &err);
        if (!ind) {
            status = cli_report(&err);
            goto out;
        }
    }
    if (ind)
        status = json ? (show_one_json(&b, ind) < 0 ? CLI_FAIL : CLI_OK)
                      : show_one_text(&b, ind, env->lang);
    else
        status = json ? (show_all_json(&b) < 0 ? CLI_FAIL : CLI_OK)
                      : show_all_text(&b, env->lang);
    if (status == CLI_FAIL && json)
        cli_error(_("out of memory while writing the bundle's contents"));
out:
    dsr_bundle_close(&b);
    return status;
}
