/*
 * cmd_pack.c -- dossier pack MANIFEST -o OUTDIR: check, then write the
 * yearly bundle, a BagIt bag: the per-indicator zips, the manifest, the
 * check report, the dossier and the tag files.  Everything is written
 * into a temporary directory beside OUTDIR, synced and renamed into place
 * only when complete; an existing OUTDIR is never touched, and an error
 * or SIGINT/SIGTERM removes the temporary directory.
 */
#include "cli.h"

#include "dossier/bag.h"
#include "dossier/bundle.h"
#include "dossier/check.h"
#include "dossier/format.h"
#include "dossier/render.h"
#include "dossier/score.h"
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Set by SIGINT and SIGTERM; the core polls it and stops. */
static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static void
catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* a file-size limit must show as a write error, not kill us */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &sa, NULL);
}

/* Copy 'from' to the new file 'to', byte for byte. */
static int
copy_file(const char *from, const char *to)
{
    char buf[65536];
    int in = open(from, O_RDONLY | O_CLOEXEC);
    int out = -1;
    int ret = -1;

    if (in < 0) {
        cli_error(_("cannot read '%s': %s"), from, strerror(errno));
        return -1;
    }
    out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (out < 0)
        goto fail;
    for (;;) {
        ssize_t n = read(in, buf, sizeof(buf));

        if (n < 0 && errno == EINTR && !interrupted)
            continue;
        if (n < 0) {
            cli_error(_("cannot read '%s': %s"), from, strerror(errno));
            goto out;
        }
        if (n == 0)
            break;
        if (dsr_fio_write_all(out, buf, (size_t)n, &interrupted) < 0)
            goto fail;
    }
    if (close(out) < 0) {
        out = -1;
        goto fail;
    }
    out = -1;
    ret = 0;
    goto out;
fail:
    cli_error(_("cannot write '%s': %s"), to, strerror(errno));
out:
    if (out >= 0)
        close(out);
    close(in);
    return ret;
}

/* YYYY-MM-DD in UTC of SOURCE_DATE_EPOCH, or of now. */
static void
bagging_date(int64_t sde, char *out, size_t size)
{
    time_t t = sde >= 0 ? (time_t)sde : time(NULL);
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%d", &tm);
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
        {"algorithm", required_argument, NULL, 'a'},
        {"sign-key", required_argument, NULL, 'k'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("pack");
    struct dsr_check_opts copts = {0};
    struct dsr_bundle_opts bopts = {.source_date_epoch = -1};
    struct dsr_check_result checked;
    struct dsr_bundle_result bundled = {0};
    struct dsr_bag_opts gopts = {.alg = DSR_HASH_SHA512, .cancel = &interrupted};
    struct dsr_bag_info info = {0};
    struct dsr_render_opts ropts = {0};
    struct dsr_render_stats rstats;
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    struct dsr_score score = {0};
    char id[DSR_BUNDLE_ID_MAX], date[32], group[256], description[1024];
    struct dsr_error err = DSR_ERROR_INIT;
    const char *out = NULL;
    const char *passfile = NULL;
    char *passphrase = NULL;
    char tmpdir[PATH_MAX], zips[PATH_MAX + 32], file[PATH_MAX + 32];
    struct stat st;
    bool json = false;
    bool published = false;
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
        case 'a':
            if (strcmp(optarg, "sha512") == 0)
                gopts.alg = DSR_HASH_SHA512;
            else if (strcmp(optarg, "sha256") == 0)
                gopts.alg = DSR_HASH_SHA256;
            else
                return cli_usage_error(self, _("unknown algorithm '%s' (use "
                                               "sha512 or sha256)"),
                                       optarg);
            break;
        case 'k':
            gopts.sign_key = optarg;
            break;
        case 'j':
            if (cli_parse_jobs(self, optarg, &bopts.jobs) != CLI_OK)
                return CLI_USAGE;
            copts.jobs = bopts.jobs;
            gopts.jobs = bopts.jobs;
            ropts.jobs = bopts.jobs;
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
    if (cli_source_date_epoch(&bopts.source_date_epoch) != CLI_OK)
        return CLI_USAGE;
    if (passfile || (getenv("DOSSIER_PASSPHRASE") &&
                     *getenv("DOSSIER_PASSPHRASE"))) {
        passphrase = read_passphrase(passfile);
        if (!passphrase)
            return CLI_USAGE;
        bopts.passphrase = passphrase;
    }

    if (gopts.sign_key && access(gopts.sign_key, R_OK) < 0) {
        cli_error(_("cannot read the signing key '%s': %s"), gopts.sign_key,
                  strerror(errno));
        status = CLI_USAGE;
        goto out;
    }

    catch_signals();
    copts.frameworks_dir = env->paths.frameworks;
    copts.schemas_dir = env->paths.schemas;
    copts.lang = env->lang;
    copts.cancel = &interrupted;
    bopts.cancel = &interrupted;
    if (dsr_check(argv[optind], &copts, &checked, &err) < 0) {
        if (!interrupted)
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
    snprintf(zips, sizeof(zips), "%s/%s", tmpdir, DSR_BAG_PAYLOAD_DIR);
    mkdir(zips, 0755);
    snprintf(zips, sizeof(zips), "%s/%s", tmpdir, DSR_BUNDLE_ZIP_DIR);
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
    for (size_t i = 0; i < bundled.nzips && !interrupted; i++) {
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
    if (interrupted)
        goto out;

    snprintf(file, sizeof(file), "%s/%s", tmpdir, DSR_BUNDLE_MANIFEST);
    if (copy_file(checked.manifest->path, file) < 0) {
        status = CLI_FAIL;
        goto out;
    }
    snprintf(file, sizeof(file), "%s/%s", tmpdir, DSR_BUNDLE_FINDINGS);
    if (dsr_check_write_xml(&checked, file, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (!dsr_bundle_id(&checked, id, sizeof(id))) {
        cli_error(_("cannot read '%s' again to compute the bundle id"),
                  checked.manifest->path);
        status = CLI_FAIL;
        goto out;
    }
    snprintf(file, sizeof(file), "%s/%s", tmpdir, DSR_BUNDLE_DOSSIER);
    ropts.lang = env->lang;
    ropts.fonts_dir = env->paths.fonts;
    ropts.bundle_id = id;
    ropts.date = bopts.source_date_epoch >= 0 ? bopts.source_date_epoch
                                              : (int64_t)time(NULL);
    if (dsr_score_checked(&checked, &sopts, &score, &err) < 0 ||
        dsr_render_write(&checked, &score, &ropts, file, &rstats, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (interrupted)
        goto out;
    bagging_date(bopts.source_date_epoch, date, sizeof(date));
    snprintf(group, sizeof(group), "%s %s", checked.manifest->framework,
             checked.manifest->year_text);
    snprintf(description, sizeof(description),
             "SPBE evaluation evidence of %s for %s, framework %s: the manifest, "
             "the check report, the dossier and one zip per indicator",
             checked.manifest->instance_name, checked.manifest->year_text,
             checked.manifest->framework);
    info.source_organization = checked.manifest->instance_name;
    info.contact_name = checked.manifest->coordinator_name;
    info.external_description = description;
    info.external_identifier = id;
    info.bagging_date = date;
    info.group_identifier = group;
    if (dsr_bag_write(tmpdir, &info, &gopts, &err) < 0 ||
        dsr_bag_sync(tmpdir, &err) < 0) {
        if (!interrupted)
            status = cli_report(&err);
        goto out;
    }
    if (interrupted)
        goto out;
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
    published = true;
    if (dsr_fio_sync_parent(out) < 0) {
        cli_error(_("cannot sync the directory holding '%s': %s"), out,
                  strerror(errno));
        status = CLI_FAIL;
        goto out;
    }
    {
        size_t files = 0;
        uint64_t bytes = 0;
        char size[32];

        for (size_t i = 0; i < bundled.nzips; i++) {
            files += bundled.zips[i].entries;
            bytes += bundled.zips[i].bytes;
        }
        printf(_("Packed %zu files (%s) into %zu zips%s; bundle %s in %s\n"),
               files, dsr_format_size(bytes, env->lang, size, sizeof(size)),
               bundled.nzips, passphrase ? _(", encrypted with AES-256") : "",
               id, out);
    }
out:
    if (interrupted && !published) {
        cli_error(_("interrupted; no bundle was written at '%s'"), out);
        status = CLI_FAIL;
    }
    if (tmpdir[0])
        dsr_fio_remove_tree(tmpdir);
    if (passphrase) {
        explicit_bzero(passphrase, strlen(passphrase));
        free(passphrase);
    }
    dsr_bundle_result_release(&bundled);
    dsr_score_release(&score);
    dsr_check_result_release(&checked);
    return status;
}
