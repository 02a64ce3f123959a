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

/*
 * What the user asked to see (--owner, --indicator, --severity, --quiet).
 * The summary's counts and the exit status always cover every finding.
 */
struct view {
    const char *owner;              /* NULL: every owner; "": none named */
    const char *indicator;          /* NULL: every indicator */
    enum dsr_severity least;        /* show this severity and worse */
    bool quiet;                     /* the summary only */
    /*
     * The manifest's indicators sorted by id (then by position), for the
     * owner of a finding's indicator in O(log n): a manifest may list
     * 200,000 indicators, and as many findings may name them.
     */
    const struct dsr_mindicator **by_id;
    size_t nby_id;
};

/* Whether any filter narrows what is shown. */
static bool
view_narrowed(const struct view *v)
{
    return v->owner || v->indicator || v->least != DSR_SEV_NOTE;
}

/* The wider of 'min' columns and the text 's'. */
static size_t
col_width(size_t min, const char *s)
{
    size_t w = cli_display_width(s);

    return w > min ? w : min;
}

static int
cmp_mind(const void *a, const void *b)
{
    const struct dsr_mindicator *x = *(const struct dsr_mindicator *const *)a;
    const struct dsr_mindicator *y = *(const struct dsr_mindicator *const *)b;
    int c = strcmp(x->id, y->id);

    return c ? c : (x > y) - (x < y);
}

/* Fill v->by_id from 'm' (may be NULL).  0, or -1 when memory runs out. */
static int
view_index(struct view *v, const struct dsr_manifest *m)
{
    if (!m || m->nindicators == 0)
        return 0;
    v->by_id = malloc(m->nindicators * sizeof(*v->by_id));
    if (!v->by_id)
        return -1;
    for (size_t i = 0; i < m->nindicators; i++)
        v->by_id[i] = &m->indicators[i];
    v->nby_id = m->nindicators;
    qsort(v->by_id, v->nby_id, sizeof(*v->by_id), cmp_mind);
    return 0;
}

/* The owner of the first manifest indicator 'id', or NULL (none named). */
static const char *
owner_of(const struct view *v, const char *id)
{
    size_t lo = 0, hi = v->nby_id;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (strcmp(v->by_id[mid]->id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < v->nby_id && strcmp(v->by_id[lo]->id, id) == 0 &&
        *v->by_id[lo]->owner)
        return v->by_id[lo]->owner;
    return NULL;
}

/* Whether the finding 'f' is one the user asked to see. */
static bool
view_shows(const struct view *v, const struct dsr_finding *f)
{
    if (v->quiet || f->severity > v->least)
        return false;
    if (v->indicator && strcmp(f->indicator, v->indicator) != 0)
        return false;
    if (v->owner) {
        const char *owner = *f->indicator ? owner_of(v, f->indicator) : NULL;

        if (!*f->indicator || strcmp(owner ? owner : "", v->owner) != 0)
            return false;
    }
    return true;
}

/* Whether the row of catalog indicator res->indicators[i] is shown. */
static bool
view_shows_indicator(const struct view *v, const struct dsr_check_result *res,
                     size_t i)
{
    const struct dsr_check_indicator *ci = &res->indicators[i];

    if (v->indicator && strcmp(ci->def->id, v->indicator) != 0)
        return false;
    return !v->owner || strcmp(res->owners[ci->owner].name, v->owner) == 0;
}

/* Whether the row of owner res->owners[o] is shown. */
static bool
view_shows_owner(const struct view *v, const struct dsr_check_result *res,
                 size_t o)
{
    const struct dsr_check_owner *g = &res->owners[o];

    if (v->owner && strcmp(g->name, v->owner) != 0)
        return false;
    if (v->indicator) {
        for (size_t x = 0; x < g->nindicators; x++)
            if (strcmp(res->indicators[g->indicators[x]].def->id,
                       v->indicator) == 0)
                return true;
        return false;
    }
    return true;
}

static void
print_heading(const struct dsr_check_result *res, const struct view *v,
              const char *id, enum dsr_lang lang)
{
    const struct dsr_indicator *ci =
        res->catalog ? dsr_catalog_indicator(res->catalog, id) : NULL;
    const char *owner = owner_of(v, id);

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
print_indicator_rows(const struct dsr_check_result *res, const struct view *v)
{
    /* columns as wide as their heading, in the language shown */
    size_t ws = col_width(col_width(11, _("status")), _("not filled"));
    size_t wl = col_width(5, _("level"));
    size_t we = col_width(10, _("errors"));
    size_t ww = col_width(11, _("warnings"));

    ws = col_width(ws, _("filled"));
    printf("  %s\n", _("by indicator:"));
    printf("    %3s ", "");
    cli_put_padded(_("status"), ws, false);
    putchar(' ');
    cli_put_padded(_("level"), wl, true);
    putchar(' ');
    cli_put_padded(_("errors"), we, true);
    putchar(' ');
    cli_put_padded(_("warnings"), ww, true);
    printf("  %s\n", _("owner"));
    for (size_t i = 0; i < res->nindicators; i++) {
        const struct dsr_check_indicator *ci = &res->indicators[i];
        unsigned errors = 0, warnings = 0;
        char level[16] = "-";

        if (!view_shows_indicator(v, res, i))
            continue;
        count_findings(res, ci->def->id, &errors, &warnings);
        if (ci->counted)
            snprintf(level, sizeof(level), "%ld", ci->counted->level);
        printf("    %3s ", ci->def->id);
        cli_put_padded(ci->filled ? _("filled") : _("not filled"), ws, false);
        printf(" %*s %*u %*u  %s\n", (int)wl, level, (int)we, errors,
               (int)ww, warnings, res->owners[ci->owner].name);
    }
}

/*
 * The table per owner (OPD), each column as wide as its widest cell in
 * display columns, so that names with wide or accented characters line
 * up (printf pads by bytes).
 */
static void
print_owner_rows(const struct dsr_check_result *res, const struct view *v)
{
    const char *head[] = {_("indicators"), _("filled"), _("not filled"),
                          _("errors"), _("warnings")};
    static const size_t min[] = {10, 8, 11, 10, 11};
    size_t wo = col_width(40, _("owner"));

    for (size_t o = 0; o < res->nowners; o++)
        if (view_shows_owner(v, res, o))
            wo = col_width(wo, *res->owners[o].name ? res->owners[o].name
                                                    : _("(no owner)"));
    printf("  %s\n", _("by owner (OPD):"));
    fputs("    ", stdout);
    cli_put_padded(_("owner"), wo, false);
    for (size_t c = 0; c < 5; c++) {
        putchar(' ');
        cli_put_padded(head[c], col_width(min[c], head[c]), true);
    }
    putchar('\n');
    for (size_t o = 0; o < res->nowners; o++) {
        struct owner_row row;
        unsigned cells[5];

        if (!view_shows_owner(v, res, o))
            continue;
        row = owner_row(res, o);
        cells[0] = row.indicators;
        cells[1] = row.filled;
        cells[2] = row.indicators - row.filled;
        cells[3] = row.errors;
        cells[4] = row.warnings;
        fputs("    ", stdout);
        cli_put_padded(*row.owner ? row.owner : _("(no owner)"), wo, false);
        for (size_t c = 0; c < 5; c++)
            printf(" %*u", (int)col_width(min[c], head[c]), cells[c]);
        putchar('\n');
    }
}

static void
print_summary(const struct dsr_check_result *res, const struct view *v,
              size_t shown)
{
    const struct dsr_findings *f = &res->findings;

    printf("\n%s\n", _("Summary"));
    if (res->catalog && res->manifest) {
        printf(_("  indicators filled: %zu of %zu; not filled: %zu\n"),
               res->nfilled, res->nindicators, res->nindicators - res->nfilled);
        print_indicator_rows(res, v);
        print_owner_rows(res, v);
    }
    printf(_("  errors: %zu, warnings: %zu, notes: %zu\n"),
           f->counts[DSR_SEV_ERROR], f->counts[DSR_SEV_WARNING],
           f->counts[DSR_SEV_NOTE]);
    if (view_narrowed(v) && !v->quiet)
        printf(_("  shown: %zu of %zu findings (--owner, --indicator, "
                 "--severity); the exit status counts every error\n"),
               shown, f->n);
}

/* 'mpath' is the manifest's path as dsr_printable() made it, or NULL. */
static int
print_text(const struct dsr_check_result *res, const char *mpath,
           const struct view *v, enum dsr_lang lang)
{
    const struct dsr_manifest *m = res->manifest;
    const char *group = NULL;
    size_t shown = 0;

    if (m)
        printf("%s: %s, %s, %s\n", mpath, m->instance_name, m->framework,
               m->year_text);
    for (size_t i = 0; i < res->findings.n; i++) {
        const struct dsr_finding *f = &res->findings.items[i];

        if (!view_shows(v, f))
            continue;
        shown++;
        if (!group || strcmp(group, f->indicator) != 0) {
            if (m)
                print_heading(res, v, f->indicator, lang);
            group = f->indicator;
        }
        print_finding(m ? mpath : NULL, f);
    }
    print_summary(res, v, shown);
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
print_json(const struct dsr_check_result *res, const char *mpath,
           const struct view *v)
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

        if (!view_shows(v, f)) {
            json_decref(o);
            continue;
        }
        if (!o || json_array_append_new(arr, o) < 0)
            goto out;
    }
    json_object_set(root, "findings", arr);
    json_object_set_new(root, "shown", json_integer((json_int_t)json_array_size(arr)));
    if (view_narrowed(v) || v->quiet)
        json_object_set_new(
            root, "view",
            json_pack("{s:o, s:o, s:s, s:b}", "owner",
                      v->owner ? cli_json_name(v->owner) : json_null(),
                      "indicator",
                      v->indicator ? cli_json_name(v->indicator) : json_null(),
                      "severity", dsr_severity_name(v->least), "quiet",
                      v->quiet));
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
            struct owner_row row;

            if (!view_shows_owner(v, res, o))
                continue;
            row = owner_row(res, o);
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

/*
 * Resolve --owner and --indicator against the checked manifest: an
 * indicator id may be written with leading zeros ("07", as its folder is
 * named).  Returns CLI_OK, or reports a name that matches nothing, with
 * what would, and returns CLI_USAGE.  Without a manifest or a catalog
 * (check could not load them) the filters stay as given.
 */
static int
view_resolve(struct view *v, const struct dsr_check_result *res,
             const char *mpath, char *idbuf, size_t idsize)
{
    if (!res->manifest || !res->catalog)
        return CLI_OK;
    if (v->indicator && !dsr_catalog_indicator(res->catalog, v->indicator) &&
        !dsr_manifest_indicator(res->manifest, v->indicator)) {
        const char *p = v->indicator;

        while (*p == '0' && p[1])
            p++;
        if (strlen(p) < idsize && strspn(p, "0123456789") == strlen(p) &&
            dsr_catalog_indicator(res->catalog, p)) {
            snprintf(idbuf, idsize, "%s", p);
            v->indicator = idbuf;
        } else {
            char *given = dsr_printable(v->indicator);

            cli_error(_("%s: '%s' is not an indicator of the framework %s; "
                        "'dossier catalog --framework %s' lists them"),
                      mpath, given ? given : "?", res->catalog->id,
                      res->catalog->id);
            free(given);
            return CLI_USAGE;
        }
    }
    if (v->owner) {
        size_t len = 1;
        char *list, *given;
        int st;

        for (size_t o = 0; o < res->nowners; o++) {
            if (strcmp(res->owners[o].name, v->owner) == 0)
                return CLI_OK;
            len += strlen(res->owners[o].name) + 4;
        }
        /* an indicator the catalog does not know may still name it */
        for (size_t i = 0; i < v->nby_id; i++)
            if (strcmp(v->by_id[i]->owner, v->owner) == 0)
                return CLI_OK;
        /* at most one owner per indicator, each of bounded length */
        list = malloc(len);
        given = dsr_printable(v->owner);
        if (list && given) {
            *list = '\0';
            for (size_t o = 0; o < res->nowners; o++) {
                if (!*res->owners[o].name)
                    continue;
                if (*list)
                    strcat(list, ", ");
                strcat(list, "'");
                strcat(list, res->owners[o].name);
                strcat(list, "'");
            }
            cli_error(_("%s: no indicator has the owner '%s'; the owners "
                        "named in the manifest are: %s"),
                      mpath, given, *list ? list : "-");
        } else {
            cli_error(_("out of memory"));
        }
        st = list && given ? CLI_USAGE : CLI_FAIL;
        free(list);
        free(given);
        return st;
    }
    return CLI_OK;
}

int
cmd_check(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"max-size", required_argument, NULL, 's'},
        {"jobs", required_argument, NULL, 'j'},
        {"evidence-root", required_argument, NULL, 'E'},
        {"owner", required_argument, NULL, 'o'},
        {"indicator", required_argument, NULL, 'i'},
        {"severity", required_argument, NULL, 'S'},
        {"quiet", no_argument, NULL, 'q'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("check");
    struct view view = {.least = DSR_SEV_NOTE};
    char idbuf[64];
    struct dsr_check_opts opts = {0};
    struct dsr_check_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    char *mpath;
    bool json = false;
    int c;
    int rc;
    int status;

    opts.frameworks_dir = env->paths.frameworks;
    opts.no_openat2 = env->no_openat2;
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
        case 'o':
            view.owner = optarg;
            break;
        case 'i':
            if (!*optarg)
                return cli_usage_error(self, _("bad indicator id '%s'"),
                                       optarg);
            view.indicator = optarg;
            break;
        case 'S':
            if (strcmp(optarg, "error") == 0)
                view.least = DSR_SEV_ERROR;
            else if (strcmp(optarg, "warning") == 0)
                view.least = DSR_SEV_WARNING;
            else if (strcmp(optarg, "note") == 0)
                view.least = DSR_SEV_NOTE;
            else
                return cli_usage_error(self,
                                       _("unknown severity '%s' (error, "
                                         "warning, note)"),
                                       optarg);
            break;
        case 'q':
            view.quiet = true;
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
    if (mpath && view_index(&view, res.manifest) < 0) {
        free(mpath);
        mpath = NULL;
    }
    if (mpath) {
        status = view_resolve(&view, &res, mpath, idbuf, sizeof(idbuf));
        if (status != CLI_OK) {
            free(view.by_id);
            free(mpath);
            dsr_check_result_release(&res);
            return status;
        }
    }
    if (!mpath)
        rc = -1;
    else if (json)
        rc = print_json(&res, mpath, &view);
    else
        rc = print_text(&res, mpath, &view, env->lang);
    if (rc < 0) {
        cli_error(_("out of memory"));
        status = CLI_FAIL;
    } else {
        status = res.findings.counts[DSR_SEV_ERROR] ? CLI_INPUT : CLI_OK;
    }
    free(view.by_id);
    free(mpath);
    dsr_check_result_release(&res);
    return status;
}
