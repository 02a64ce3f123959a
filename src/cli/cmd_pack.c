/*
 * cmd_pack.c -- dossier pack MANIFEST -o OUTDIR: check, then write the
 * per-indicator zips into OUTDIR/data/indicators/.  Everything is written
 * into a temporary directory beside OUTDIR, renamed into place only when
 * complete; an existing OUTDIR is never touched.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include "cli.h"

#include "dossier/bundle.h"
#include "dossier/check.h"
#include "dossier/format.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void
remove_tree(const char *dir)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The passphrase: the first line of FILE, or $DOSSIER_PASSPHRASE. */
static char *
read_passphrase(const char *file)
{
    const char *env = getenv("DOSSIER_PASSPHRASE");
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    FILE *f;

    if (!file)
        return env && *env ? strdup(env) : NULL;
    f = fopen(file, "r");
    if (!f) {
        cli_error(_("cannot read the passphrase file '%s': %s"), file,
                  strerror(errno));
        return NULL;
    }
    n = getline(&line, &cap, f);
    fclose(f);
    if (n <= 0) {
        free(line);
        cli_error(_("the passphrase file '%s' is empty"), file);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    if (n == 0) {
        free(line);
        cli_error(_("the passphrase file '%s' is empty"), file);
        return NULL;
    }
    return line;
}

static void
progress(void *ctx, const struct dsr_bundle_progress *p)
{
    char done[32], total[32];
    enum dsr_lang lang = *(enum dsr_lang *)ctx;

    fprintf(stderr, "\r");
    fprintf(stderr, _("packing: %zu/%zu zips, %zu/%zu files, %s of %s"),
            p->zips_done, p->zips_total, p->files_done, p->files_total,
            dsr_format_size(p->bytes_done, lang, done, sizeof(done)),
            dsr_format_size(p->bytes_total, lang, total, sizeof(total)));
    if (p->indicator)
        fprintf(stderr, _(" (indicator %s)   "), p->indicator);
    if (p->zips_done == p->zips_total)
        fputc('\n', stderr);
}

static int
report_errors(const struct dsr_check_result *res, const char *manifest)
{
    cli_print_errors(&res->findings,
                     res->manifest ? res->manifest->path : manifest);
    cli_error(_("'%s' has %zu errors; nothing was packed (run 'dossier check' "
                "for the full report)"),
              manifest, res->findings.counts[DSR_SEV_ERROR]);
    return CLI_INPUT;
}

int
cmd_pack(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"passphrase-file", required_argument, NULL, 'p'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("pack");
    struct dsr_check_opts copts = {0};
    struct dsr_bundle_opts bopts = {.source_date_epoch = -1};
    struct dsr_check_result checked;
    struct dsr_bundle_result bundled = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    const char *out = NULL;
    const char *passfile = NULL;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *passphrase = NULL;
    char tmpdir[PATH_MAX], zips[PATH_MAX + 32];
    struct stat st;
    bool json = false;
    int status = CLI_OK;
    int optstatus;
    int c;

    memset(&checked, 0, sizeof(checked));
    tmpdir[0] = '\0';
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'p':
            passfile = optarg;
            break;
        case 'j':
            if (cli_parse_jobs(self, optarg, &bopts.jobs) != CLI_OK)
                return CLI_USAGE;
            copts.jobs = bopts.jobs;
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
        return cli_usage_error(self, _("missing -o OUTDIR"));
    if (lstat(out, &st) == 0) {
        cli_error(_("'%s' exists; pack never overwrites a bundle"), out);
        return CLI_USAGE;
    }
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);

        if (*end || v < 0) {
            cli_error(_("SOURCE_DATE_EPOCH '%s' is not a number of seconds"), sde);
            return CLI_USAGE;
        }
        bopts.source_date_epoch = v;
    }
    if (passfile || (getenv("DOSSIER_PASSPHRASE") &&
                     *getenv("DOSSIER_PASSPHRASE"))) {
        passphrase = read_passphrase(passfile);
        if (!passphrase)
            return CLI_USAGE;
        bopts.passphrase = passphrase;
    }

    copts.frameworks_dir = env->paths.frameworks;
    copts.schemas_dir = env->paths.schemas;
    copts.lang = env->lang;
    if (dsr_check(argv[optind], &copts, &checked, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (checked.findings.counts[DSR_SEV_ERROR] || !checked.catalog) {
        status = report_errors(&checked, argv[optind]);
        goto out;
    }

    if (snprintf(tmpdir, sizeof(tmpdir), "%s.tmp-XXXXXX", out) >= (int)sizeof(tmpdir) ||
        !mkdtemp(tmpdir)) {
        cli_error(_("cannot create a directory beside '%s': %s"), out,
                  strerror(errno));
        tmpdir[0] = '\0';
        status = CLI_FAIL;
        goto out;
    }
    snprintf(zips, sizeof(zips), "%s/data", tmpdir);
    mkdir(zips, 0755);
    snprintf(zips, sizeof(zips), "%s/data/indicators", tmpdir);
    if (mkdir(zips, 0755) < 0) {
        cli_error(_("cannot create '%s': %s"), zips, strerror(errno));
        status = CLI_FAIL;
        goto out;
    }
    bopts.out_dir = zips;
    if (env->stderr_tty) {
        bopts.progress = progress;
        bopts.progress_ctx = &env->lang;
    }
    if (dsr_bundle_write(&checked, &bopts, &bundled, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    for (size_t i = 0; i < bundled.nzips; i++) {
        const struct dsr_bundle_zip *z = &bundled.zips[i];

        if (z->written)
            continue;
        cli_error(_("indicator %s: %s"), z->indicator, z->message);
        if (z->code == DSR_INPUT && status != CLI_FAIL)
            status = CLI_INPUT;
        else
            status = CLI_FAIL;
    }
    if (status != CLI_OK) {
        cli_error(_("%zu of %zu zips failed; no bundle was written"),
                  bundled.failed, bundled.nzips);
        goto out;
    }
    {
        /* mkdtemp made it private; a bundle is an ordinary directory */
        mode_t mask = umask(022);

        umask(mask);
        chmod(tmpdir, 0777 & ~mask);
    }
    if (rename(tmpdir, out) < 0) {
        cli_error(_("cannot move the bundle into place at '%s': %s"), out,
                  strerror(errno));
        status = errno == EEXIST || errno == ENOTEMPTY ? CLI_USAGE : CLI_FAIL;
        goto out;
    }
    tmpdir[0] = '\0';
    {
        size_t files = 0;
        uint64_t bytes = 0;
        char size[32];

        for (size_t i = 0; i < bundled.nzips; i++) {
            files += bundled.zips[i].entries;
            bytes += bundled.zips[i].bytes;
        }
        printf(_("Packed %zu files (%s) into %zu zips in %s/data/indicators/%s\n"),
               files, dsr_format_size(bytes, env->lang, size, sizeof(size)),
               bundled.nzips, out, passphrase ? _(", encrypted with AES-256") : "");
    }
out:
    if (tmpdir[0])
        remove_tree(tmpdir);
    if (passphrase) {
        explicit_bzero(passphrase, strlen(passphrase));
        free(passphrase);
    }
    dsr_bundle_result_release(&bundled);
    dsr_check_result_release(&checked);
    return status;
}
