/*
 * cmd_import.c -- dossier import: what people changed in an exported
 * workbook (or a CSV sheet), applied to the manifest with the same
 * byte-preserving edit as `set`.  Conflicts, rows left alone and refused
 * values are listed and not applied; the rest is.
 */
#include "cli.h"

#include "dossier/edit.h"
#include "dossier/manifest.h"
#include "dossier/sheet.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At most this many rows reported by import, as the manifest loader. */
#define IMPORT_MAX_ISSUES 200

static void
print_issue(const char *wbpath, const struct dsr_import_issue *is)
{
    switch (is->kind) {
    case DSR_IMPORT_CONFLICT: {
        char *b = cli_edit_value(is->base), *t = cli_edit_value(is->theirs);
        char *o = cli_edit_value(is->ours);

        cli_error(_("%s: %s: changed both in the workbook and in the "
                    "manifest since the export (at export %s, in the "
                    "workbook %s, in the manifest %s); not applied: choose "
                    "one and set it with dossier set"),
                  wbpath, is->where, b ? b : "?", t ? t : "?", o ? o : "?");
        free(b);
        free(t);
        free(o);
        break;
    }
    case DSR_IMPORT_UNKNOWN:
        cli_error(_("%s: %s: indicator '%s' is not in the framework; row "
                    "left alone"),
                  wbpath, is->where, is->indicator);
        break;
    case DSR_IMPORT_GONE:
        if (is->file)
            cli_warn(_("%s: %s: the manifest no longer lists '%s' of "
                       "indicator %s; row left alone"),
                     wbpath, is->where, is->file, is->indicator);
        else
            cli_warn(_("%s: %s: indicator %s is no longer in the manifest; "
                       "row left alone"),
                     wbpath, is->where, is->indicator);
        break;
    case DSR_IMPORT_DUPLICATE:
        cli_error(_("%s: %s: a second row for the same entry; only the "
                    "first one is read"),
                  wbpath, is->where);
        break;
    case DSR_IMPORT_NO_KEY:
        cli_error(_("%s: %s: a row without an indicator (or file); fill it "
                    "in or delete the row"),
                  wbpath, is->where);
        break;
    case DSR_IMPORT_NOT_EXPORTED:
        cli_warn(_("%s: %s: this row was not in the export (or its "
                   "export-time values were deleted); row left alone: "
                   "export again to edit it"),
                 wbpath, is->where);
        break;
    case DSR_IMPORT_OUT_OF_SCOPE:
        cli_warn(_("%s: %s: indicator %s was not answered for by '%s', for "
                   "whom the workbook was exported; row left alone"),
                 wbpath, is->where, is->indicator, is->base ? is->base : "?");
        break;
    case DSR_IMPORT_ADDED:
        printf(_("%s: %s: new evidence row: an entry for '%s' is added to "
                 "indicator %s\n"),
               wbpath, is->where, is->file ? is->file : "", is->indicator);
        break;
    }
}

int
cmd_import(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"dry-run", no_argument, NULL, 'n'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("import");
    struct dsr_edit_opts eopts = {.frameworks_dir = env->paths.frameworks,
                                  .schemas_dir = env->paths.schemas,
                                  .partial = true,
                                  .cancel = cli_cancel_flag()};
    struct dsr_edit_result res;
    struct dsr_import_plan plan;
    struct dsr_manifest *m = NULL;
    struct dsr_catalog *cat = NULL;
    struct dsr_workbook *wb = NULL;
    struct dsr_error err = DSR_ERROR_INIT;
    const char *path, *wbpath;
    bool json = false;
    size_t changed = 0, overwritten = 0;
    size_t shown = 0;               /* problem lines, printed or not */
    int status;
    int c;

    memset(&res, 0, sizeof(res));
    memset(&plan, 0, sizeof(plan));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (c == 'n') {
            eopts.dry_run = true;
            continue;
        }
        if (cli_common_option(self, c, argv, env, &json, &status) && status >= 0)
            return status;
    }
    if (json)
        return cli_usage_error(self, _("import prints text; --format does "
                                       "not apply"));
    if (optind + 2 != argc)
        return cli_usage_error(self, "%s",
                               optind + 2 > argc
                                   ? _("missing MANIFEST or FILE.xlsx")
                                   : _("too many arguments"));
    path = argv[optind];
    wbpath = argv[optind + 1];
    status = cli_sheet_load(env, path, true, &m, &cat);
    if (status != CLI_OK)
        goto out;
    wb = dsr_workbook_read(wbpath, &err);
    if (!wb || dsr_import_plan(m, cat, wb, &plan, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (plan.three_way && plan.manifest_changed)
        printf(_("%s changed since the export (%s): cells changed in both "
                 "are conflicts and are not applied.\n"),
               path, plan.exported ? plan.exported : "?");
    else if (!plan.three_way)
        printf(_("%s carries no export-time values: every cell that "
                 "differs from the manifest is applied, over what the "
                 "manifest says now.\n"),
               wbpath);
    /* as the manifest loader, a bounded list: the rest is counted */
    for (size_t i = 0; i < plan.nissues; i++, shown++)
        if (shown < IMPORT_MAX_ISSUES)
            print_issue(wbpath, &plan.issues[i]);
    if (plan.n) {
        /* the edit is of the text the plan was made against */
        eopts.expect_text = m->source;
        eopts.expect_len = m->source_len;
        if (dsr_manifest_edit(path, plan.changes, plan.n, &eopts, &res,
                              &err) < 0) {
            status = cli_report(&err);
            goto out;
        }
        if (res.findings.counts[DSR_SEV_ERROR]) {
            cli_print_errors(&res.findings, path);
            cli_error(_("'%s' cannot be edited; nothing was changed"), path);
            status = CLI_INPUT;
            goto out;
        }
    }
    for (size_t i = 0; i < res.n; i++) {
        const struct dsr_edit_item *it = &res.items[i];
        const struct dsr_change *ch = &plan.changes[it->change];

        if (it->outcome == DSR_EDIT_SAME)
            continue;
        if (it->outcome == DSR_EDIT_REFUSED) {
            /* 'why' names the cell */
            if (shown++ < IMPORT_MAX_ISSUES)
                cli_error(_("%s: refused: %s"), wbpath, it->why ? it->why : "?");
            continue;
        }
        changed++;
        /* two-way: a value the manifest has is replaced, whoever wrote
         * it last */
        if (!plan.three_way && (it->outcome == DSR_EDIT_SET ||
                                it->outcome == DSR_EDIT_CLEARED))
            overwritten++;
        cli_print_edit_item(stdout, ch->where, 0, ch, it,
                            !plan.three_way && (it->outcome == DSR_EDIT_SET ||
                                                it->outcome == DSR_EDIT_CLEARED)
                                ? _("overwrites the manifest")
                                : NULL);
    }
    if (overwritten && eopts.dry_run)
        printf(ngettext("%zu value in %s would be overwritten by %s (marked "
                        "above).\n",
                        "%zu values in %s would be overwritten by %s (marked "
                        "above).\n",
                        overwritten),
               overwritten, path, wbpath);
    else if (overwritten)
        cli_warn(ngettext("%zu value in %s was overwritten by %s (marked "
                          "above): a CSV exported before later changes to "
                          "the manifest reverts them; the previous version "
                          "is kept, and next time look first with "
                          "--dry-run",
                          "%zu values in %s were overwritten by %s (marked "
                          "above): a CSV exported before later changes to "
                          "the manifest reverts them; the previous version "
                          "is kept, and next time look first with "
                          "--dry-run",
                          overwritten),
                 overwritten, path, wbpath);
    if (shown > IMPORT_MAX_ISSUES)
        cli_warn(_("%s: %zu more rows to report, not listed"), wbpath,
                 shown - IMPORT_MAX_ISSUES);
    if (eopts.dry_run)
        printf(_("%zu changes would be made to %s; dry run: nothing was "
                 "changed.\n"),
               changed, path);
    else if (res.written)
        printf(_("%s updated (%zu changes); the previous version is in "
                 "%s.~%lu~.\n"),
               path, changed, path, res.backup);
    else
        printf(_("Nothing to change in %s.\n"), path);
    status = plan.conflicts || plan.skipped || res.refused ? CLI_INPUT : CLI_OK;
    if (status != CLI_OK)
        cli_error(_("%zu conflicts, %zu rows left alone and %zu values "
                    "refused (above); the rest was %s"),
                  plan.conflicts, plan.skipped, res.refused,
                  eopts.dry_run ? _("listed") : _("applied"));
out:
    dsr_edit_result_release(&res);
    dsr_import_plan_release(&plan);
    dsr_workbook_free(wb);
    dsr_catalog_free(cat);
    dsr_manifest_free(m);
    return status;
}
