/*
 * cmd_export.c -- dossier export: the manifest as a workbook (or one CSV
 * sheet) for the people who fill in owners, levels and explanations.
 */
#include "cli.h"

#include "dossier/manifest.h"
#include "dossier/sheet.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Whether 'path' ends in 'ext' (".csv"), case ignored. */
static bool
has_ext(const char *path, const char *ext)
{
    size_t n = strlen(path), e = strlen(ext);

    return n > e && strcasecmp(path + n - e, ext) == 0;
}

int
cmd_export(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"owner", required_argument, NULL, 'O'},
        {"sheet", required_argument, NULL, 'S'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("export");
    struct dsr_export_opts opts = {.sheet = DSR_SHEET_INDICATORS};
    struct dsr_manifest *m = NULL;
    struct dsr_catalog *cat = NULL;
    struct dsr_error err = DSR_ERROR_INIT;
    const char *out = NULL, *sheet = NULL;
    int64_t epoch;
    bool json = false;
    int status;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        if (c == 'o') {
            out = optarg;
            continue;
        }
        if (c == 'O') {
            opts.owner = optarg;
            continue;
        }
        if (c == 'S') {
            sheet = optarg;
            continue;
        }
        if (cli_common_option(self, c, argv, env, &json, &status) && status >= 0)
            return status;
    }
    if (json)
        return cli_usage_error(self, _("export writes a file; --format does "
                                       "not apply"));
    status = cli_one_argument(self, argc, _("missing MANIFEST"));
    if (status != CLI_OK)
        return status;
    if (!out || !*out)
        return cli_usage_error(self, "%s", _("missing -o FILE.xlsx or FILE.csv"));
    opts.csv = has_ext(out, ".csv");
    if (!opts.csv && !has_ext(out, ".xlsx"))
        return cli_usage_error(self, _("'%s': name the output FILE.xlsx or "
                                       "FILE.csv"),
                               out);
    if (sheet) {
        if (!opts.csv)
            return cli_usage_error(self, "%s", _("--sheet is for a .csv "
                                                 "output; a workbook has "
                                                 "both sheets"));
        if (strcmp(sheet, "indicators") == 0)
            opts.sheet = DSR_SHEET_INDICATORS;
        else if (strcmp(sheet, "evidence") == 0)
            opts.sheet = DSR_SHEET_EVIDENCE;
        else
            return cli_usage_error(self, _("--sheet '%s': use indicators or "
                                           "evidence"),
                                   sheet);
    }
    if (cli_source_date_epoch(&epoch) != CLI_OK)
        return CLI_USAGE;
    opts.now = epoch >= 0 ? epoch : (int64_t)time(NULL);
    opts.lang = env->lang;
    status = cli_sheet_load(env, argv[optind], false, &m, &cat);
    if (status != CLI_OK)
        goto out;
    if (dsr_sheet_export(m, cat, &opts, out, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    printf(_("%s written.\n"), out);
    if (!opts.csv)
        printf(_("Fill in the white cells (grey ones are read-only), then "
                 "run: dossier import %s %s\n"),
               argv[optind], out);
    status = CLI_OK;
out:
    dsr_catalog_free(cat);
    dsr_manifest_free(m);
    return status;
}
