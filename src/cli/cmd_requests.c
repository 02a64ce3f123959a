/*
 * cmd_requests.c -- dossier requests MANIFEST -o DIR: check, then write a
 * letter to every OPD asking for its indicators' evidence, and the summary
 * workbook of who owes what.
 */
#include "cli.h"

#include "dossier/check.h"
#include "dossier/render.h"
#include "dossier/requests.h"
#include "dossier/score.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How many days after the letter the evidence is due, by default. */
#define DUE_DAYS_DEFAULT 14

/* The calendar date of 'epoch' (read as UTC) in 'd'; -1 out of range. */
static int
date_of(int64_t epoch, struct dsr_date *d)
{
    time_t t = (time_t)epoch;
    struct tm tm;

    if (!gmtime_r(&t, &tm))
        return -1;
    d->year = tm.tm_year + 1900;
    d->month = tm.tm_mon + 1;
    d->day = tm.tm_mday;
    return 0;
}

/*
 * The letters' date: $SOURCE_DATE_EPOCH as it is, else now, moved by the
 * local time zone's offset, so that the core (which reads the date as
 * UTC) dates the letter with today's local date.  CLI_OK or CLI_USAGE.
 */
static int
letter_date(int64_t *date)
{
    time_t now;
    struct tm tm;

    if (cli_source_date_epoch(date) != CLI_OK)
        return CLI_USAGE;
    if (*date >= 0)
        return CLI_OK;
    now = time(NULL);
    *date = (int64_t)now;
    if (localtime_r(&now, &tm))
        *date += tm.tm_gmtoff;
    return CLI_OK;
}

/* List the OPDs of 'res' on stderr, for a --owner that names none. */
static void
list_owners(const struct dsr_check_result *res)
{
    for (size_t o = 0; o < res->nowners; o++)
        if (*res->owners[o].name)
            fprintf(stderr, "  %s\n", res->owners[o].name);
}

int
cmd_requests(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"due", required_argument, NULL, 'd'},
        {"owner", required_argument, NULL, 'O'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("requests");
    struct dsr_check_opts copts = {.cancel = cli_cancel_flag()};
    struct dsr_requests_opts ropts = {.cancel = cli_cancel_flag(), .owner = -1};
    struct dsr_requests_stats stats;
    struct dsr_check_result checked;
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    struct dsr_score score;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_date today;
    const char *out = NULL, *due = NULL, *owner = NULL;
    bool json = false, have_score;
    int status = CLI_OK;
    int optstatus;
    int c;

    memset(&checked, 0, sizeof(checked));
    memset(&score, 0, sizeof(score));
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'd':
            due = optarg;
            break;
        case 'O':
            owner = optarg;
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
        return cli_usage_error(self, _("missing -o DIR"));
    if (json)
        return cli_usage_error(self, _("requests writes letters and a workbook; "
                                       "--format does not apply"));
    if (owner && !*owner)
        return cli_usage_error(self, _("--owner needs an OPD's name; the "
                                       "indicators without an owner get no "
                                       "letter, only rows in the summary"));
    if (letter_date(&ropts.date) != CLI_OK)
        return CLI_USAGE;
    if (date_of(ropts.date, &today) < 0)
        return cli_usage_error(self, _("the date is out of range"));
    if (due) {
        if (dsr_date_parse(due, &ropts.due) < 0)
            return cli_usage_error(self, _("--due '%s' is not a date; write it "
                                           "as YYYY-MM-DD, e.g. 2025-03-31"),
                                   due);
        if (dsr_date_cmp(&ropts.due, &today) < 0)
            return cli_usage_error(self, _("--due %s is before the letters' "
                                           "date, %04d-%02d-%02d; give a date "
                                           "from today on"),
                                   due, today.year, today.month, today.day);
    } else if (date_of(ropts.date + (int64_t)DUE_DAYS_DEFAULT * 86400,
                       &ropts.due) < 0) {
        return cli_usage_error(self, _("the date is out of range"));
    }

    /* PDFs and images are opened (a damaged one is what a letter asks to
       replace) in children of the preview server, which must be forked
       before check starts its reading threads */
    if (dsr_previews_start(&err) < 0)
        return cli_report(&err);
    copts.frameworks_dir = env->paths.frameworks;
    copts.no_openat2 = env->no_openat2;
    copts.schemas_dir = env->paths.schemas;
    copts.lang = env->lang;
    if (dsr_check(argv[optind], &copts, &checked, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (!checked.manifest || !checked.catalog) {
        cli_print_errors(&checked.findings,
                         checked.manifest ? checked.manifest->path : argv[optind]);
        cli_error(_("'%s' cannot be read as a manifest of a known framework; "
                    "no letter was written (run 'dossier check' for the full "
                    "report)"),
                  argv[optind]);
        status = CLI_INPUT;
        goto out;
    }
    if (owner) {
        ropts.owner = dsr_requests_find_owner(&checked, owner);
        if (ropts.owner == -2) {
            cli_error(_("several OPDs of '%s' are named '%s' but for case or "
                        "spaces; give the name exactly as the manifest writes "
                        "it:"),
                      argv[optind], owner);
            list_owners(&checked);
            status = CLI_USAGE;
            goto out;
        }
        if (ropts.owner < 0) {
            cli_error(_("no indicator of '%s' has the owner '%s'; the OPDs it "
                        "names are:"),
                      argv[optind], owner);
            list_owners(&checked);
            status = CLI_USAGE;
            goto out;
        }
    }
    /* a score is only for the plan's levels; without one, none are planned */
    have_score = dsr_score_checked(&checked, &sopts, &score, &err) == 0;
    if (!have_score)
        dsr_error_clear(&err);
    ropts.lang = env->lang;
    ropts.fonts_dir = env->paths.fonts;
    if (dsr_requests_write(&checked, have_score ? &score : NULL, &ropts, out,
                           &stats, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    printf(ngettext("Wrote %s: %zu letter (%u pages), due %04d-%02d-%02d; "
                    "summary in %s/%s (%zu indicators)\n",
                    "Wrote %s: %zu letters (%u pages), due %04d-%02d-%02d; "
                    "summary in %s/%s (%zu indicators)\n",
                    stats.letters),
           out, stats.letters, stats.pages, ropts.due.year, ropts.due.month,
           ropts.due.day, out, DSR_REQUESTS_SUMMARY, stats.rows);
    if (checked.findings.counts[DSR_SEV_ERROR])
        cli_warn(_("'%s' has %zu errors; each letter lists those of its "
                   "indicators (run 'dossier check' for the full report)"),
                 argv[optind], checked.findings.counts[DSR_SEV_ERROR]);
    if (stats.unowned && stats.unowned == checked.nindicators)
        cli_warn(_("no indicator of '%s' has an owner, so no letter was "
                   "written; name each indicator's OPD (owner=\"...\") and run "
                   "requests again"),
                 argv[optind]);
    else if (stats.unowned)
        cli_warn(_("%zu indicators of '%s' have no owner; they are in the "
                   "summary only, with no letter"),
                 stats.unowned, argv[optind]);
out:
    dsr_previews_stop();
    dsr_score_release(&score);
    dsr_check_result_release(&checked);
    return status;
}
