/*
 * cmd_workspace.c -- dossier init DIR and dossier scan MANIFEST: the
 * shortest path from a folder of documents to a checked manifest.
 */
#include "cli.h"

#include "dossier/evidence.h"
#include "dossier/format.h"
#include "dossier/score.h"
#include "dossier/workspace.h"

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *
carry_label(enum dsr_carry_action a)
{
    switch (a) {
    case DSR_CARRY_LINKED:
        return _("carried, as a hard link to last year's file (replace it "
                 "rather than edit it in place: both years share its bytes)");
    case DSR_CARRY_COPIED:
        return _("carried, copied");
    case DSR_CARRY_PRESENT:
        return _("carried: already in place with the same content");
    case DSR_CARRY_SHARED:
        return _("carried: the same file as an entry above");
    case DSR_CARRY_LEFT:
        return _("left behind: a record of last year's work, not a rule in "
                 "force (gather this year's)");
    case DSR_CARRY_UNMAPPED:
        return _("left behind: its indicator has no counterpart in the new "
                 "framework");
    case DSR_CARRY_FAILED:
        return _("not carried");
    }
    return "";
}

/* What init --from carried, grouped by what became of each entry. */
static void
print_carried(const struct dsr_carry_result *r)
{
    for (int a = DSR_CARRY_LINKED; a <= DSR_CARRY_FAILED; a++) {
        bool head = false;

        for (size_t i = 0; i < r->n; i++) {
            const struct dsr_carry_item *it = &r->items[i];

            if ((int)it->action != a)
                continue;
            if (!head)
                printf("%s:\n", carry_label(it->action));
            head = true;
            printf("  [%s] %s", it->indicator, it->file);
            if (it->to && strcmp(it->indicator, it->new_indicator) != 0)
                printf(" -> [%s] %s", it->new_indicator, it->to);
            else if (it->to && strcmp(it->to, it->file) != 0)
                printf(" -> %s", it->to);
            if (it->why)
                printf(" (%s)", it->why);
            putchar('\n');
        }
        if (head)
            putchar('\n');
    }
}

int
cmd_init(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"framework", required_argument, NULL, 'F'},
        {"instance", required_argument, NULL, 'i'},
        {"year", required_argument, NULL, 'y'},
        /* not 'f': --format has it (CLI_COMMON_LONGOPTS) */
        {"from", required_argument, NULL, 'P'},
        {"copy", no_argument, NULL, 'c'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("init");
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_init_opts opts = {.cancel = cli_cancel_flag(),
                                 .schemas_dir = env->paths.schemas};
    struct dsr_previous *prev = NULL;
    struct dsr_carry_result carried;
    const char *framework = NULL;   /* none: the one covering the year */
    const char *from = NULL;
    char years[64];
    char schema[sizeof(env->paths.schemas) + 32];
    struct dsr_catalog *cat = NULL;
    bool json = false, year_given = false;
    time_t now = time(NULL);
    struct tm tm;
    int status = CLI_OK;
    int optstatus;
    int c;

    memset(&carried, 0, sizeof(carried));
    localtime_r(&now, &tm);
    opts.year = tm.tm_year + 1900;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'F':
            framework = optarg;
            break;
        case 'i':
            if (!*optarg)
                return cli_usage_error(self, _("the instance name is empty"));
            opts.instance = optarg;
            break;
        case 'y': {
            char *end;
            long y = strtol(optarg, &end, 10);

            if (*end || y < 2018 || y > 2100)
                return cli_usage_error(self, _("bad year '%s' (2018 to 2100)"),
                                       optarg);
            opts.year = (int)y;
            year_given = true;
            break;
        }
        case 'P':
            from = optarg;
            break;
        case 'c':
            opts.copy = true;
            break;
        default:
            if (cli_common_option(self, c, argv, env, &json, &optstatus) &&
                optstatus >= 0)
                return optstatus;
            break;
        }
    }
    optstatus = cli_one_argument(self, argc, _("missing DIR"));
    if (optstatus != CLI_OK)
        return optstatus;
    if (opts.copy && !from)
        return cli_usage_error(self, _("--copy is for --from"));
    if (from) {
        prev = dsr_previous_load(from, env->paths.frameworks, env->paths.schemas,
                                 &err);
        if (!prev) {
            status = cli_report(&err);
            goto out;
        }
        if (!year_given)
            opts.year = dsr_previous_year(prev) + 1;
        if (opts.year > 2100) {
            cli_error(_("'%s' is the year %d; a year after it is past 2100, "
                        "which dossier does not take"),
                      from, dsr_previous_year(prev));
            status = CLI_USAGE;
            goto out;
        }
        if (opts.year <= dsr_previous_year(prev)) {
            cli_error(_("'%s' is the year %d; --year must be a later one"), from,
                      dsr_previous_year(prev));
            status = CLI_USAGE;
            goto out;
        }
        opts.from = prev;
        opts.carried = &carried;
    }
    snprintf(schema, sizeof(schema), "%s/framework.xsd", env->paths.schemas);
    if (framework)
        cat = dsr_catalog_load_id(env->paths.frameworks, framework, schema, &err);
    else
        cat = dsr_catalog_load_for_year(env->paths.frameworks, opts.year, schema,
                                        &err);
    if (!cat) {
        if (err.code == DSR_INPUT && framework) {
            cli_error(_("unknown framework '%s'; 'dossier catalog' lists the "
                        "shipped ones"),
                      framework);
            status = CLI_USAGE;
        } else if (err.code == DSR_INPUT) {
            cli_error(_("%s: name the framework with --framework, or give a "
                        "year that one covers with --year"),
                      err.msg);
            status = CLI_USAGE;
        } else {
            status = cli_report(&err);
        }
        goto out;
    }
    if (framework && !dsr_catalog_covers(cat, opts.year))
        cli_warn(_("framework '%s' covers %s, not %d: the manifest is written "
                   "all the same; make sure it is the framework of that year's "
                   "evaluation"),
                 cat->id, dsr_catalog_years(cat, years, sizeof(years)),
                 opts.year);
    opts.catalog = cat;
    if (dsr_init_write(argv[optind], &opts, &err) < 0) {
        if (from)
            print_carried(&carried);
        status = cli_report(&err);
        goto out;
    }
    if (from)
        print_carried(&carried);
    printf(_("Wrote %s/manifest.xml with the %zu indicators of %s (%d), and "
             "one folder per indicator under %s/bukti/.\n"),
           argv[optind], cat->nindicators, cat->id, opts.year, argv[optind]);
    if (from) {
        long h;
        char idx[32];

        if (dsr_previous_evidence_root(prev))
            printf(_("Last year's evidence was read from %s.\n"),
                   dsr_previous_evidence_root(prev));
        printf(_("From %s (%d): %zu documents still in force carried, %zu "
                 "left behind, %zu could not be carried.\n"),
               from, dsr_previous_year(prev), carried.carried, carried.left,
               carried.failed);
        if (dsr_previous_index(prev, &h))
            printf(_("Last year's index, as its manifest scores it: %s "
                     "(written as previous).\n"),
                   dsr_format_hundredths(h, env->lang, idx, sizeof(idx)));
        if (carried.period_dropped)
            cli_warn(_("last year's period is not a real span of dates, so it "
                       "was not carried; set this year's with dossier set "
                       "MANIFEST --period FROM..TO"));
        if (carried.no_mapping)
            cli_warn(_("no mapping from %s to %s is known, so no owner, link "
                       "or document was carried; only the institution, "
                       "coordinator, period and index were"),
                     dsr_previous_framework(prev), cat->id);
    } else if (!opts.instance) {
        printf(_("Fill in the institution's name (instance) in the "
                 "manifest.\n"));
    }
    printf(_("Next: put the evidence in the folders, then run: dossier scan "
             "%s/manifest.xml\n"),
           argv[optind]);
    /* what could not be carried is the user's to sort out */
    if (carried.failed) {
        cli_error(ngettext("%zu document could not be carried (listed above); "
                           "bring it in by hand or fix last year's file, then "
                           "run 'dossier scan'",
                           "%zu documents could not be carried (listed "
                           "above); bring them in by hand or fix last year's "
                           "files, then run 'dossier scan'",
                           carried.failed),
                  carried.failed);
        status = CLI_INPUT;
    }
out:
    dsr_catalog_free(cat);
    dsr_carry_result_release(&carried);
    dsr_previous_free(prev);
    return status;
}

static const char *
action_label(enum dsr_scan_action a, bool dry_run)
{
    switch (a) {
    case DSR_SCAN_ADDED:
        return _("added");
    case DSR_SCAN_MOVED:
        return _("moved or renamed (same content): the entry now names the "
                 "new file and keeps its level, title and date");
    case DSR_SCAN_SKIPPED:
        return _("skipped (hidden or temporary file)");
    case DSR_SCAN_OUTSIDE:
        return _("not followed (a symbolic link: check refuses links; put "
                 "the file itself here)");
    case DSR_SCAN_NOT_FILE:
        return _("not added (not a regular file: a FIFO, socket or device)");
    case DSR_SCAN_TOO_DEEP:
        return _("not entered (folders nested too deep; move the files up)");
    case DSR_SCAN_UNASSIGNED:
        return _("not in an indicator's folder");
    case DSR_SCAN_GONE:
        return _("listed in the manifest but gone (entry kept; 'scan "
                 "--prune' removes it)");
    case DSR_SCAN_PRUNED:
        return dry_run ? _("listed in the manifest but gone: entry to be "
                           "removed (--prune)")
                       : _("listed in the manifest but gone: entry removed "
                           "(--prune)");
    case DSR_SCAN_BAD_NAME:
        return _("not added: a manifest cannot hold the name, or check "
                 "would refuse it (rename it, then scan again)");
    }
    return "";
}

/* Why a name was not added, for the line that lists it ('buf' may hold it). */
static const char *
reason_label(enum dsr_scan_reason r, char *buf, size_t size)
{
    switch (r) {
    case DSR_SCAN_NAME_OK:
        return NULL;
    case DSR_SCAN_NAME_CONTROL:
        return _("a control character");
    case DSR_SCAN_NAME_NOT_UTF8:
        return _("bytes that are not UTF-8");
    case DSR_SCAN_NAME_NOT_XML:
        return _("a character XML cannot hold (U+FFFE or U+FFFF)");
    case DSR_SCAN_NAME_BACKSLASH:
        return _("a backslash");
    case DSR_SCAN_NAME_WINDOWS:
        return _("a name Windows cannot hold (a drive letter such as 'C:', one "
                 "of : * ? \" < > |, a trailing dot or space, or a device name "
                 "such as CON or NUL)");
    case DSR_SCAN_NAME_TOO_LONG:
        snprintf(buf, size,
                 _("too long: at most %d bytes for the path under the "
                   "evidence folder, %d for a name"),
                 DSR_EVIDENCE_PATH_MAX, DSR_EVIDENCE_NAME_MAX);
        return buf;
    }
    return NULL;
}

int
cmd_scan(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {"prune", no_argument, NULL, 'p'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("scan");
    struct dsr_scan_opts opts = {.frameworks_dir = env->paths.frameworks,
                                 .schemas_dir = env->paths.schemas,
                                 .cancel = cli_cancel_flag()};
    struct dsr_scan_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    bool json = false;
    int status = CLI_OK;
    int optstatus;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c == 'n') {
            opts.dry_run = true;
            continue;
        }
        if (c == 'p') {
            opts.prune = true;
            continue;
        }
        if (cli_common_option(self, c, argv, env, &json, &optstatus) &&
            optstatus >= 0)
            return optstatus;
    }
    optstatus = cli_one_argument(self, argc, _("missing MANIFEST"));
    if (optstatus != CLI_OK)
        return optstatus;
    if (dsr_scan(argv[optind], &opts, &res, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (res.findings.counts[DSR_SEV_ERROR]) {
        cli_print_errors(&res.findings, argv[optind]);
        cli_error(_("'%s' cannot be scanned; nothing was changed"),
                  argv[optind]);
        status = CLI_INPUT;
        goto out;
    }
    for (size_t i = 0; i < res.n; i++) {
        const struct dsr_scan_item *it = &res.items[i];
        char long_why[160];
        const char *why = reason_label(it->reason, long_why, sizeof(long_why));

        if (i == 0 || it->action != res.items[i - 1].action)
            printf("%s%s:\n", i ? "\n" : "", action_label(it->action, opts.dry_run));
        if (it->from)
            printf("  %s:%lu: [%s] %s -> %s", argv[optind], it->line,
                   it->indicator, it->from, it->file);
        else if (it->line)
            printf("  %s:%lu: [%s] %s", argv[optind], it->line,
                   it->indicator, it->file);
        else if (*it->indicator)
            printf("  [%s] %s", it->indicator, it->file);
        else
            printf("  %s", it->file);
        if (why)
            printf(" (%s)", why);
        putchar('\n');
    }
    if (res.n)
        putchar('\n');
    if (res.added == 0 && res.moved == 0 && res.pruned == 0 && res.bad_names)
        printf(_("Nothing was added to %s.\n"), argv[optind]);
    else if (res.added == 0 && res.moved == 0 && res.pruned == 0)
        printf(_("Nothing to add: every file is already in %s.\n"),
               argv[optind]);
    else if (opts.dry_run)
        printf(_("%s would be updated (entries: %zu added, %zu moved, %zu "
                 "removed); dry run: nothing was changed.\n"),
               argv[optind], res.added, res.moved, res.pruned);
    else
        printf(_("%s updated (entries: %zu added, %zu moved, %zu removed); "
                 "the previous version is in %s.~%lu~.\n"),
               argv[optind], res.added, res.moved, res.pruned, argv[optind],
               res.backup);
    if (res.added && !opts.dry_run)
        printf(_("Next: set level=\"N\" on each new entry, then run dossier "
                 "check.\n"));
    if (res.gone)
        printf(_("%zu entries of %s list a file that is gone (above); if "
                 "the files were deleted on purpose, run 'dossier scan "
                 "--prune %s' to remove the entries.\n"),
               res.gone, argv[optind], argv[optind]);
    /* the files left out are a problem of the input, to be fixed */
    if (res.bad_names) {
        cli_error(_("%zu files or folders were not added because of their "
                    "names (listed above); rename them and run scan again"),
                  res.bad_names);
        status = CLI_INPUT;
    }
out:
    dsr_scan_result_release(&res);
    return status;
}
