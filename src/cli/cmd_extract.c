/*
 * cmd_extract.c -- dossier extract BUNDLE INDICATOR -o DIR: one
 * indicator's zip verified (its checksum in the bag's payload manifests,
 * every entry against index.xml), then its documents written below DIR:
 * nothing outside it, regular files only, never over an existing file.
 */
#include "cli.h"

#include "dossier/bag.h"
#include "dossier/bundle.h"
#include "dossier/format.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int
cmd_extract(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("extract");
    struct dsr_bundle b = DSR_BUNDLE_INIT;
    struct dsr_extract_result res = {0};
    struct dsr_extract_opts opts = {.cancel = cli_cancel_flag()};
    struct dsr_error err = DSR_ERROR_INIT;
    const struct dsr_mindicator *ind;
    bool json = false;
    int status = CLI_OK, optstatus, c;
    char size[32];

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        if (c == 'o') {
            opts.out_dir = optarg;
            continue;
        }
        if (cli_common_option(self, c, argv, env, &json, &optstatus) &&
            optstatus >= 0)
            return optstatus;
    }
    if (json)
        return cli_usage_error(self, _("extract has no JSON output"));
    if (argc - optind != 2)
        return cli_usage_error(self, argc - optind < 2
                                         ? _("missing BUNDLE or INDICATOR")
                                         : _("too many arguments"));
    if (!opts.out_dir || !opts.out_dir[0])
        return cli_usage_error(self, _("missing -o DIR, the folder to extract "
                                       "into"));
    if (dsr_bundle_open(argv[optind], env->paths.frameworks, env->paths.schemas,
                        &b, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    ind = dsr_bundle_indicator(&b, argv[optind + 1], &err);
    if (!ind || dsr_bundle_extract(&b, ind, &opts, &res, &err) < 0) {
        status = cli_report(&err);
        if (res.files)
            cli_warn(_("%zu complete files were extracted into %s before "
                       "that; the rest was not"),
                     res.files, opts.out_dir);
        goto out;
    }
    if (res.problems.n || res.encrypted) {
        for (size_t i = 0; i < res.problems.n; i++)
            cli_error("%s/%s: %s", argv[optind], res.problems.items[i].path,
                      res.problems.items[i].message);
        if (res.encrypted && !res.problems.n)
            cli_error(_("%s: the zip of indicator %s is encrypted; extract "
                        "does not decrypt: open it with 7-Zip and the "
                        "passphrase (Windows Explorer and unzip cannot)"),
                      argv[optind], ind->id);
        cli_error(_("nothing was extracted: the zip of indicator %s did not "
                    "pass the check"),
                  ind->id);
        status = CLI_INPUT;
        goto out;
    }
    fputs("dossier: ", stderr);
    fprintf(stderr, _("%zu files (%s) of indicator %s checked and extracted "
                      "into %s\n"),
            res.files, dsr_format_size(res.bytes, env->lang, size, sizeof(size)),
            ind->id, opts.out_dir);
out:
    dsr_extract_result_release(&res);
    dsr_bundle_close(&b);
    return status;
}
