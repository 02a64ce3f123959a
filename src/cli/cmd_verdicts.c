/*
 * cmd_verdicts.c -- dossier verdicts import: the assessors' verdicts and
 * values, as a coordinator copies them from the portal into a CSV file or
 * a workbook, written into the manifest with the same byte-preserving
 * edit as `set` and `import`.  Every bad row is reported and then nothing
 * is written; importing the same file again changes nothing.
 */
#include "cli.h"

#include "dossier/edit.h"
#include "dossier/manifest.h"
#include "dossier/sheet.h"
#include "dossier/verdicts.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* At most this many problems listed, as import lists its rows. */
#define VERDICTS_MAX_SHOWN 200

/* What the edit did, counted for the summary. */
struct tally {
    size_t added, replaced, values, same;
};

static void
print_changes(const struct dsr_verdicts_plan *plan,
              const struct dsr_edit_result *res, struct tally *t)
{
    for (size_t i = 0; i < res->n; i++) {
        const struct dsr_edit_item *it = &res->items[i];
        const struct dsr_change *ch = &plan->changes[it->change];
        const char *note = NULL;

        if (it->outcome == DSR_EDIT_SAME) {
            t->same++;
            continue;
        }
        if (it->outcome == DSR_EDIT_REFUSED)
            continue;
        if (ch->field == DSR_FIELD_VALUE) {
            t->values++;
        } else if (it->outcome == DSR_EDIT_ADDED) {
            t->added++;
            note = _("new");
        } else {
            t->replaced++;
            note = _("replaced");
        }
        cli_print_edit_item(stdout, ch->where, 0, ch, it, note);
    }
}

static int
verdicts_import(const struct cli_command *self, struct cli_env *env,
                const char *path, const char *wbpath, int stage, bool dry_run)
{
    struct dsr_edit_opts eopts = {.frameworks_dir = env->paths.frameworks,
                                  .schemas_dir = env->paths.schemas,
                                  .dry_run = dry_run,
                                  .partial = false,
                                  .cancel = cli_cancel_flag()};
    struct dsr_verdicts_plan plan;
    struct dsr_edit_result res;
    struct dsr_manifest *m = NULL;
    struct dsr_catalog *cat = NULL;
    struct dsr_workbook *wb = NULL;
    struct dsr_error err = DSR_ERROR_INIT;
    struct tally t = {0};
    int status;

    (void)self;
    memset(&plan, 0, sizeof(plan));
    memset(&res, 0, sizeof(res));
    /* the manifest must load without errors before anything is read */
    status = cli_sheet_load(env, path, false, &m, &cat);
    if (status != CLI_OK)
        goto out;
    wb = dsr_workbook_read_first(wbpath, &err);
    if (!wb || dsr_verdicts_plan(cat, wb, stage, &plan, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (plan.nproblems) {
        size_t all = plan.nproblems + plan.more_problems;

        for (size_t i = 0; i < plan.nproblems && i < VERDICTS_MAX_SHOWN; i++)
            cli_error("%s", plan.problems[i].message);
        if (all > VERDICTS_MAX_SHOWN)
            cli_warn(_("%s: %zu more problems, not listed"), wbpath,
                     all - VERDICTS_MAX_SHOWN);
        cli_error(ngettext("%zu problem in %s (above); nothing was written "
                           "to %s: correct the file and import it again",
                           "%zu problems in %s (above); nothing was written "
                           "to %s: correct the file and import it again",
                           all),
                  all, wbpath, path);
        status = CLI_INPUT;
        goto out;
    }
    if (!plan.n) {
        printf(_("%s holds no verdict and no value; nothing to change in "
                 "%s.\n"),
               wbpath, path);
        status = CLI_OK;
        goto out;
    }
    /* the edit is of the text the plan was checked against */
    eopts.expect_text = m->source;
    eopts.expect_len = m->source_len;
    if (dsr_manifest_edit(path, plan.changes, plan.n, &eopts, &res, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (res.findings.counts[DSR_SEV_ERROR]) {
        cli_print_errors(&res.findings, path);
        cli_error(_("'%s' cannot be edited; nothing was changed"), path);
        status = CLI_INPUT;
        goto out;
    }
    if (res.refused) {
        for (size_t i = 0; i < res.n; i++)
            if (res.items[i].outcome == DSR_EDIT_REFUSED)
                /* 'why' begins with the change's "FILE, row N" */
                cli_error("%s", res.items[i].why ? res.items[i].why : "?");
        cli_error(_("nothing was written to %s: correct the rows above and "
                    "import again"),
                  path);
        status = CLI_INPUT;
        goto out;
    }
    print_changes(&plan, &res, &t);
    if (dry_run)
        printf(_("%s would be updated (verdicts: %zu new, %zu replaced; "
                 "values: %zu set; %zu already the same); dry run: nothing "
                 "was changed.\n"),
               path, t.added, t.replaced, t.values, t.same);
    else if (res.written)
        printf(_("%s updated (verdicts: %zu new, %zu replaced; values: %zu "
                 "set; %zu already the same); the previous version is in "
                 "%s.~%lu~.\n"),
               path, t.added, t.replaced, t.values, t.same, path, res.backup);
    else
        printf(_("Nothing to change in %s: its %zu verdicts and %zu values "
                 "already say what %s says.\n"),
               path, plan.verdicts, plan.values, wbpath);
    status = CLI_OK;
out:
    dsr_edit_result_release(&res);
    dsr_verdicts_plan_release(&plan);
    dsr_workbook_free(wb);
    dsr_catalog_free(cat);
    dsr_manifest_free(m);
    return status;
}

int
cmd_verdicts(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"stage", required_argument, NULL, 's'},
        {"dry-run", no_argument, NULL, 'n'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("verdicts");
    const char *stage_arg = NULL;
    bool json = false, dry_run = false;
    int stage = DSR_STAGE_DOKUMEN;
    int status;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c == 'n') {
            dry_run = true;
            continue;
        }
        if (c == 's') {
            stage_arg = optarg;
            continue;
        }
        if (cli_common_option(self, c, argv, env, &json, &status) && status >= 0)
            return status;
    }
    if (json)
        return cli_usage_error(self, _("verdicts prints text; --format does "
                                       "not apply"));
    if (optind == argc) {
        cli_error("%s", _("missing the sub-command: dossier verdicts import "
                          "MANIFEST FILE"));
        cli_usage(stderr, self);
        return CLI_USAGE;
    }
    if (strcmp(argv[optind], "import") != 0) {
        cli_error(_("unknown sub-command '%s'; the only one is import"),
                  argv[optind]);
        cli_usage(stderr, self);
        return CLI_USAGE;
    }
    if (optind + 3 != argc)
        return cli_usage_error(self, "%s",
                               optind + 3 > argc
                                   ? _("missing MANIFEST or FILE.csv")
                                   : _("too many arguments"));
    if (stage_arg) {
        char low[16];
        size_t i;

        for (i = 0; stage_arg[i] && i + 1 < sizeof(low); i++)
            low[i] = (char)(stage_arg[i] >= 'A' && stage_arg[i] <= 'Z'
                                ? stage_arg[i] - 'A' + 'a'
                                : stage_arg[i]);
        low[i] = '\0';
        stage = stage_arg[i] ? -1 : dsr_stage_parse(low);
        if (stage < DSR_STAGE_DOKUMEN)
            return cli_usage_error(self, _("--stage '%s' is not dokumen, "
                                           "interviu or visitasi"),
                                   stage_arg);
    }
    return verdicts_import(self, env, argv[optind + 1], argv[optind + 2], stage,
                           dry_run);
}
