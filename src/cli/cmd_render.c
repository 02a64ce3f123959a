/*
 * cmd_render.c -- dossier render MANIFEST -o FILE.pdf: check, then lay out
 * the dossier PDF the external assessors read in the interview.
 */
#include "cli.h"

#include "dossier/check.h"
#include "dossier/render.h"
#include "dossier/score.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int
cmd_render(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"no-thumbnails", no_argument, NULL, 'T'},
        {"jobs", required_argument, NULL, 'j'},
        {"evidence-root", required_argument, NULL, 'E'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("render");
    struct dsr_check_opts copts = {.cancel = cli_cancel_flag()};
    struct dsr_render_opts ropts = {.cancel = cli_cancel_flag()};
    struct dsr_render_stats stats;
    struct dsr_check_result checked;
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    struct dsr_score score;
    struct dsr_error err = DSR_ERROR_INIT;
    const char *out = NULL;
    struct stat st;
    bool json = false;
    int status = CLI_OK;
    int optstatus;
    int c;

    memset(&checked, 0, sizeof(checked));
    memset(&score, 0, sizeof(score));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'T':
            ropts.no_thumbnails = true;
            break;
        case 'j':
            if (cli_parse_jobs(self, optarg, &ropts.jobs) != CLI_OK)
                return CLI_USAGE;
            copts.jobs = ropts.jobs;
            break;
        case 'E':
            copts.evidence_root = optarg;
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
    if (!out || !*out)
        return cli_usage_error(self, _("missing -o FILE.pdf"));
    if (json)
        return cli_usage_error(self, _("render writes a PDF; --format does not apply"));
    if (stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error(_("'%s' is a directory; give the PDF's file name"), out);
        return CLI_USAGE;
    }
    if (cli_source_date_epoch(&ropts.date) != CLI_OK)
        return CLI_USAGE;
    if (ropts.date < 0)
        ropts.date = (int64_t)time(NULL);

    /* before check starts threads; without it, no PDF or image gets a
       preview, which the summary line counts */
    if (dsr_previews_start(&err) < 0)
        dsr_error_clear(&err);
    copts.frameworks_dir = env->paths.frameworks;
    copts.no_openat2 = env->no_openat2;
    copts.schemas_dir = env->paths.schemas;
    copts.lang = env->lang;
    if (dsr_check(argv[optind], &copts, &checked, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (checked.findings.counts[DSR_SEV_ERROR] || !checked.catalog) {
        cli_print_errors(&checked.findings,
                         checked.manifest ? checked.manifest->path : argv[optind]);
        cli_error(_("'%s' has %zu errors; no dossier was written (run 'dossier "
                    "check' for the full report)"),
                  argv[optind], checked.findings.counts[DSR_SEV_ERROR]);
        status = CLI_INPUT;
        goto out;
    }
    ropts.lang = env->lang;
    ropts.fonts_dir = env->paths.fonts;
    if (dsr_score_checked(&checked, &sopts, &score, &err) < 0 ||
        dsr_render_write(&checked, &score, &ropts, out, &stats, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    printf(_("Wrote %s: %u pages, %zu previews"), out, stats.pages,
           stats.thumbnails);
    if (stats.thumbnails_missing)
        printf(_(", %zu files shown without a preview"), stats.thumbnails_missing);
    putchar('\n');
out:
    dsr_previews_stop();
    dsr_score_release(&score);
    dsr_check_result_release(&checked);
    return status;
}
