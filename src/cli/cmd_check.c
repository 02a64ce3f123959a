/*
 * cmd_check.c -- dossier check MANIFEST: report every finding, grouped by
 * indicator, then a summary per indicator and per owner (OPD).
 */
#include "cli.h"

#include "dossier/check.h"
#include "dossier/format.h"
#include "dossier/render.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct owner_row {
    const char *owner;
    unsigned indicators, filled, errors, warnings;
};

static const char *
owner_of(const struct dsr_manifest *m, const char *id)
{
    const struct dsr_mindicator *ind = dsr_manifest_indicator(m, id);

    return ind && *ind->owner ? ind->owner : NULL;
}

static void
print_heading(const struct dsr_check_result *res, const char *id,
              enum dsr_lang lang)
{
    const struct dsr_indicator *ci =
        res->catalog ? dsr_catalog_indicator(res->catalog, id) : NULL;
    const char *owner = owner_of(res->manifest, id);

    if (!*id) {
        printf("\n%s\n", _("Manifest"));
        return;
    }
    printf("\n%s %s", _("Indicator"), id);
    if (ci)
        printf(" - %s", dsr_text_get(&ci->name, lang));
    if (owner)
        printf(" [%s]", owner);
    putchar('\n');
}

static void
print_finding(const char *mpath, const struct dsr_finding *f)
{
    /* the place is in the manifest; the message names the evidence file */
    const char *where = mpath ? mpath : f->file;

    fputs("  ", stdout);
    if (*where && f->line)
        printf("%s:%lu: ", where, f->line);
    else if (*where)
        printf("%s: ", where);
    printf("%s: %s [%s]\n", dsr_severity_label(f->severity), f->message,
           dsr_finding_name(f->code));
}

/* The errors and warnings check found on indicator 'id'. */
static void
count_findings(const struct dsr_check_result *res, const char *id,
               unsigned *errors, unsigned *warnings)
{
    for (size_t k = 0; k < res->findings.n; k++) {
        const struct dsr_finding *f = &res->findings.items[k];

        if (strcmp(f->indicator, id) != 0)
            continue;
        *errors += f->severity == DSR_SEV_ERROR;
        *warnings += f->severity == DSR_SEV_WARNING;
    }
}

/* The summary row of the owner res->owners[o]. */
static struct owner_row
owner_row(const struct dsr_check_result *res, size_t o)
{
    const struct dsr_check_owner *g = &res->owners[o];
    struct owner_row row = {.owner = g->name,
                            .indicators = (unsigned)g->nindicators};

    for (size_t x = 0; x < g->nindicators; x++) {
        const struct dsr_check_indicator *ci = &res->indicators[g->indicators[x]];

        row.filled += ci->filled;
        count_findings(res, ci->def->id, &row.errors, &row.warnings);
    }
    return row;
}

/* One row per catalog indicator: filled or not, level, findings, owner. */
static void
print_indicator_rows(const struct dsr_check_result *res)
{
    printf("  %s\n", _("by indicator:"));
    printf("    %3s %-11s %5s %10s %11s  %s\n", "", _("status"), _("level"),
           _("errors"), _("warnings"), _("owner"));
    for (size_t i = 0; i < res->nindicators; i++) {
        const struct dsr_check_indicator *ci = &res->indicators[i];
        unsigned errors = 0, warnings = 0;
        char level[16] = "-";

        count_findings(res, ci->def->id, &errors, &warnings);
        if (ci->counted)
            snprintf(level, sizeof(level), "%ld", ci->counted->level);
        printf("    %3s %-11s %5s %10u %11u  %s\n", ci->def->id,
               ci->filled ? _("filled") : _("not filled"), level, errors,
               warnings, res->owners[ci->owner].name);
    }
}

static void
print_summary(const struct dsr_check_result *res)
{
    const struct dsr_findings *f = &res->findings;

    printf("\n%s\n", _("Summary"));
    if (res->catalog && res->manifest) {
        printf(_("  indicators filled: %zu of %zu; not filled: %zu\n"),
               res->nfilled, res->nindicators, res->nindicators - res->nfilled);
        print_indicator_rows(res);
        printf("  %s\n", _("by owner (OPD):"));
        printf("    %-40s %10s %8s %11s %10s %11s\n", _("owner"),
               _("indicators"), _("filled"), _("not filled"), _("errors"),
               _("warnings"));
        for (size_t o = 0; o < res->nowners; o++) {
            struct owner_row row = owner_row(res, o);

            printf("    %-40s %10u %8u %11u %10u %11u\n",
                   *row.owner ? row.owner : _("(no owner)"), row.indicators,
                   row.filled, row.indicators - row.filled, row.errors,
                   row.warnings);
        }
    }
    printf(_("  errors: %zu, warnings: %zu, notes: %zu\n"),
           f->counts[DSR_SEV_ERROR], f->counts[DSR_SEV_WARNING],
           f->counts[DSR_SEV_NOTE]);
}

/* 'mpath' is the manifest's path as dsr_printable() made it, or NULL. */
static int
print_text(const struct dsr_check_result *res, const char *mpath,
           enum dsr_lang lang)
{
    const struct dsr_manifest *m = res->manifest;
    const char *group = NULL;

    if (m)
        printf("%s: %s, %s, %s\n", mpath, m->instance_name, m->framework,
               m->year_text);
    for (size_t i = 0; i < res->findings.n; i++) {
        const struct dsr_finding *f = &res->findings.items[i];

        if (!group || strcmp(group, f->indicator) != 0) {
            if (m)
                print_heading(res, f->indicator, lang);
            group = f->indicator;
        }
        print_finding(m ? mpath : NULL, f);
    }
    print_summary(res);
    return 0;
}

/*
 * What check read of each evidence file: its entry, size, sniffed type,
 * SHA-256, and for a PDF its pages (null when they could not be counted).
 */
static json_t *
json_files(const struct dsr_check_result *res)
{
    json_t *files = json_array();

    for (size_t k = 0; files && k < res->nfiles; k++) {
        const struct dsr_checked_file *f = &res->files[k];
        const struct dsr_mindicator *ind;
        const struct dsr_evidence *e;
        json_t *o;

        if (!f->read)
            continue;
        ind = &res->manifest->indicators[f->indicator];
        e = &ind->evidence[f->evidence];
        o = json_pack("{s:s, s:s, s:I, s:I, s:s, s:s}", "indicator", ind->id,
                      "file", e->file, "line", (json_int_t)e->line, "size",
                      (json_int_t)f->info.size, "type", f->info.mime,
                      "sha256", f->info.sha256);
        if (o && strcmp(f->info.mime, "application/pdf") == 0)
            json_object_set_new(o, "pages", f->pages > 0
                                                ? json_integer(f->pages)
                                                : json_null());
        if (!o || json_array_append_new(files, o) < 0) {
            json_decref(files);
            return NULL;
        }
    }
    return files;
}

static int
print_json(const struct dsr_check_result *res, const char *mpath)
{
    json_t *root = json_object();
    json_t *arr = json_array();
    json_t *owners = json_array();
    int rc = -1;

    if (!root || !arr || !owners)
        goto out;
    for (size_t i = 0; i < res->findings.n; i++) {
        const struct dsr_finding *f = &res->findings.items[i];
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:s, s:I, s:s}", "code",
            dsr_finding_name(f->code), "severity",
            dsr_severity_name(f->severity), "indicator", f->indicator, "file",
            f->file, "line", (json_int_t)f->line, "message", f->message);

        if (!o || json_array_append_new(arr, o) < 0)
            goto out;
    }
    json_object_set(root, "findings", arr);
    json_object_set_new(root, "errors",
                        json_integer((json_int_t)res->findings.counts[DSR_SEV_ERROR]));
    json_object_set_new(root, "warnings",
                        json_integer((json_int_t)res->findings.counts[DSR_SEV_WARNING]));
    json_object_set_new(root, "notes",
                        json_integer((json_int_t)res->findings.counts[DSR_SEV_NOTE]));
    if (res->manifest) {
        json_object_set_new(root, "manifest", json_string(mpath));
        json_object_set_new(root, "framework",
                            json_string(res->manifest->framework));
        json_object_set_new(root, "year", json_integer(res->manifest->year));
    }
    if (res->catalog && res->manifest) {
        json_object_set_new(root, "filled",
                            json_integer((json_int_t)res->nfilled));
        json_object_set_new(
            root, "not_filled",
            json_integer((json_int_t)(res->nindicators - res->nfilled)));
        for (size_t o = 0; o < res->nowners; o++) {
            struct owner_row row = owner_row(res, o);

            json_array_append_new(
                owners, json_pack("{s:s, s:i, s:i, s:i, s:i}", "owner",
                                  row.owner, "indicators", (int)row.indicators,
                                  "filled", (int)row.filled, "errors",
                                  (int)row.errors, "warnings",
                                  (int)row.warnings));
        }
        json_object_set(root, "owners", owners);
    }
    if (res->manifest &&
        json_object_set_new(root, "files", json_files(res)) < 0)
        goto out;
    rc = cli_print_json(root, 0);
out:
    json_decref(arr);
    json_decref(owners);
    json_decref(root);
    return rc;
}

static void
progress(void *ctx, size_t done, size_t total, uint64_t bytes)
{
    char size[32];

    dsr_format_size(bytes, *(enum dsr_lang *)ctx, size, sizeof(size));
    fputc('\r', stderr);
    fprintf(stderr, _("reading evidence: %zu/%zu files, %s"), done, total,
            size);
    if (done == total)
        fputc('\n', stderr);
}

static int
parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v;

    if (!s || !*s || *s == '-')
        return -1;
    v = strtoull(s, &end, 10);
    if (end == s)
        return -1;
    switch (*end) {
    case 'K': case 'k': v <<= 10; end++; break;
    case 'M': case 'm': v <<= 20; end++; break;
    case 'G': case 'g': v <<= 30; end++; break;
    default: break;
    }
    if (*end || v == 0)
        return -1;
    *out = v;
    return 0;
}

int
cmd_check(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"max-size", required_argument, NULL, 's'},
        {"jobs", required_argument, NULL, 'j'},
        {"evidence-root", required_argument, NULL, 'E'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("check");
    struct dsr_check_opts opts = {0};
    struct dsr_check_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    char *mpath;
    bool json = false;
    int c;
    int rc;
    int status;

    opts.frameworks_dir = env->paths.frameworks;
    opts.schemas_dir = env->paths.schemas;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":j:", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (parse_size(optarg, &opts.max_file_size) < 0)
                return cli_usage_error(self, _("bad size '%s'"), optarg);
            break;
        case 'j':
            if (cli_parse_jobs(self, optarg, &opts.jobs) != CLI_OK)
                return CLI_USAGE;
            break;
        case 'E':
            opts.evidence_root = optarg;
            break;
        default:
            if (cli_common_option(self, c, argv, env, &json, &status) &&
                status >= 0)
                return status;
            break;
        }
    }
    status = cli_one_argument(self, argc, _("missing MANIFEST"));
    if (status != CLI_OK)
        return status;
    /* PDFs and images are opened in children of the preview server,
       which must be forked before check starts its reading threads */
    if (dsr_previews_start(&err) < 0)
        return cli_report(&err);
    opts.lang = env->lang;
    if (env->stderr_tty && !json) {
        opts.progress = progress;
        opts.progress_ctx = &env->lang;
    }
    if (dsr_check(argv[optind], &opts, &res, &err) < 0) {
        status = cli_report(&err);
        dsr_check_result_release(&res);
        return status;
    }
    mpath = dsr_printable(res.manifest ? res.manifest->path : argv[optind]);
    if (!mpath)
        rc = -1;
    else if (json)
        rc = print_json(&res, mpath);
    else
        rc = print_text(&res, mpath, env->lang);
    if (rc < 0) {
        cli_error(_("out of memory"));
        status = CLI_FAIL;
    } else {
        status = res.findings.counts[DSR_SEV_ERROR] ? CLI_INPUT : CLI_OK;
    }
    free(mpath);
    dsr_check_result_release(&res);
    return status;
}
