/*
 * cmd_render.c -- dossier render MANIFEST -o FILE.pdf: check, then lay out
 * the dossier PDF the external assessors read in the interview.
 */
#include "cli.h"

#include "dossier/check.h"
#include "dossier/render.h"
#include "dossier/score.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int to_stdout_begin(char *dir, size_t dirsize, char *pdf, size_t pdfsize);
static int to_stdout_copy(const char *pdf);
static void to_stdout_end(const char *dir, const char *pdf);

/*
 * -o -: the PDF goes to standard output.  It is rendered, as any PDF, into
 * a file first (in a private folder under $TMPDIR), because the renderer
 * publishes only a complete PDF; the file is then copied out and removed.
 * 'dir' and 'pdf' get the folder and file names.  CLI_OK or CLI_FAIL.
 */
static int
to_stdout_begin(char *dir, size_t dirsize, char *pdf, size_t pdfsize)
{
    const char *base = getenv("TMPDIR");

    if (!base || !*base)
        base = "/tmp";
    errno = 0;
    if (snprintf(dir, dirsize, "%s/dossier-render-XXXXXX", base) >= (int)dirsize ||
        !mkdtemp(dir)) {
        cli_error(_("cannot create a temporary folder in '%s' for the PDF: %s; "
                    "set TMPDIR to a folder you can write to"),
                  base, dsr_strerror(errno ? errno : ENAMETOOLONG));
        dir[0] = '\0';
        return CLI_FAIL;
    }
    snprintf(pdf, pdfsize, "%s/dossier.pdf", dir);
    return CLI_OK;
}

/* Copy the rendered 'pdf' to standard output; CLI_OK or CLI_FAIL. */
static int
to_stdout_copy(const char *pdf)
{
    char chunk[65536];
    int fd = open(pdf, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0) {
        cli_error(_("cannot read the rendered PDF '%s': %s"), pdf, dsr_strerror(errno));
        return CLI_FAIL;
    }
    errno = 0;
    while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 || fwrite(chunk, 1, (size_t)n, stdout) != (size_t)n)
            break;
    }
    close(fd);
    if (n != 0 || fflush(stdout) != 0) {
        cli_error(_("cannot write the PDF to standard output: %s"),
                  dsr_strerror(errno ? errno : EIO));
        return CLI_FAIL;
    }
    return CLI_OK;
}

static void
to_stdout_end(const char *dir, const char *pdf)
{
    if (!dir[0])
        return;
    unlink(pdf);
    rmdir(dir);
}

int
cmd_render(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"no-thumbnails", no_argument, NULL, 'T'},
        {"jobs", required_argument, NULL, 'j'},
        {"evidence-root", required_argument, NULL, 'E'},
        {"stage", required_argument, NULL, 's'},
        {"include-secrets", no_argument, NULL, 'S'},
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
    char tmpdir[4096] = "", tmppdf[4200] = "";
    const char *target;
    bool to_stdout;
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
        case 's':
            sopts.stage = dsr_stage_parse(optarg);
            if (sopts.stage < 0)
                return cli_usage_error(self,
                                       _("unknown stage '%s' (mandiri, "
                                         "dokumen, interviu, visitasi)"),
                                       optarg);
            break;
        case 'S':
            ropts.include_secrets = true;
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
    to_stdout = strcmp(out, "-") == 0;
    if (to_stdout && isatty(STDOUT_FILENO))
        return cli_usage_error(self, _("-o - writes the PDF to standard "
                                       "output, which is a terminal; "
                                       "redirect it to a file or a program"));
    if (!to_stdout && stat(out, &st) == 0 && S_ISDIR(st.st_mode)) {
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
    ropts.color_dir = env->paths.color;
    target = out;
    if (to_stdout) {
        status = to_stdout_begin(tmpdir, sizeof(tmpdir), tmppdf, sizeof(tmppdf));
        if (status != CLI_OK)
            goto out;
        target = tmppdf;
    }
    if (dsr_score_checked(&checked, &sopts, &score, &err) < 0 ||
        dsr_render_write(&checked, &score, &ropts, target, &stats, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (to_stdout) {
        status = to_stdout_copy(tmppdf);
        if (status != CLI_OK)
            goto out;
    }
    /* the summary never mixes into a PDF on standard output */
    fprintf(to_stdout ? stderr : stdout, _("Wrote %s: %u pages, %zu previews"),
            to_stdout ? _("standard output") : out, stats.pages, stats.thumbnails);
    if (stats.thumbnails_missing)
        fprintf(to_stdout ? stderr : stdout, _(", %zu files shown without a preview"),
                stats.thumbnails_missing);
    fputc('\n', to_stdout ? stderr : stdout);
out:
    to_stdout_end(tmpdir, tmppdf);
    dsr_previews_stop();
    dsr_score_release(&score);
    dsr_check_result_release(&checked);
    return status;
}
