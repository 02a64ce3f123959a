/*
 * cmd_pack.c -- dossier pack MANIFEST -o OUTDIR: options, the passphrase
 * and messages around dsr_pack_write(), which checks and writes
 * the yearly bundle (include/dossier/pack.h).
 */
#include "cli.h"

#include "dossier/format.h"
#include "dossier/pack.h"
#include "dossier/render.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * $DOSSIER_PASSPHRASE copied to '*out' (NULL when unset or empty), then
 * wiped and removed from the environment, so that no process forked
 * later (the preview server and its decoders) holds it.  Returns 0, or
 * -1 when out of memory.
 */
static int
take_env_passphrase(char **out)
{
    char *env = getenv("DOSSIER_PASSPHRASE");

    *out = env && *env ? strdup(env) : NULL;
    if (env && *env && !*out) {
        cli_error("%s", dsr_strerror(ENOMEM));
        return -1;
    }
    if (env)
        explicit_bzero(env, strlen(env));
    unsetenv("DOSSIER_PASSPHRASE");
    return 0;
}

/* The passphrase: the first line of FILE. */
static char *
read_passphrase(const char *file)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    FILE *f;

    f = fopen(file, "r");
    if (!f) {
        cli_error(_("cannot read the passphrase file '%s': %s"), file,
                  dsr_strerror(errno));
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
progress(void *ctx, const struct dsr_zips_progress *p)
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

/*
 * Why pack wrote nothing, from what dsr_pack_write() left in 'res' and
 * 'err'; returns the exit status.
 */
static int
report(const struct dsr_pack_result *res, const struct dsr_error *err,
       const char *manifest)
{
    const struct dsr_check_result *checked = &res->checked;

    if (checked->findings.counts[DSR_SEV_ERROR] ||
        (err->code == DSR_INPUT && !res->zips.failed)) {
        cli_print_errors(&checked->findings,
                         checked->manifest ? checked->manifest->path : manifest);
        cli_report(err);
        return CLI_INPUT;
    }
    for (size_t i = 0; i < res->zips.nzips; i++) {
        const struct dsr_zip_outcome *z = &res->zips.zips[i];

        if (!z->written && z->indicator && z->message[0])
            cli_error(_("indicator %s: %s"), z->indicator, z->message);
    }
    return cli_report(err);
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
        {"evidence-root", required_argument, NULL, 'E'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("pack");
    struct dsr_pack_opts opts = {.alg = DSR_HASH_SHA512, .cancel = cli_cancel_flag()};
    struct dsr_pack_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    const char *out = NULL;
    const char *passfile = NULL;
    char *passphrase = NULL;
    char *env_passphrase = NULL;
    char size[32];
    bool json = false;
    int status = CLI_OK;
    int c;

    memset(&res, 0, sizeof(res));
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
            if (dsr_bag_parse_algorithms(optarg, &opts.alg, &opts.algs,
                                         &err) < 0)
                return cli_usage_error(self, "%s", err.msg);
            break;
        case 'k':
            opts.sign_key = optarg;
            break;
        case 'E':
            opts.evidence_root = optarg;
            break;
        case 'j':
            if (cli_parse_jobs(self, optarg, &opts.jobs) != CLI_OK)
                return CLI_USAGE;
            break;
        default:
            if (cli_common_option(self, c, argv, env, &json, &status) &&
                status >= 0)
                return status;
            break;
        }
    }
    status = cli_one_argument(self, argc, _("missing MANIFEST"));
    if (status != CLI_OK)
        return status;
    if (!out || !*out)
        return cli_usage_error(self, _("missing -o OUTDIR"));
    if (cli_source_date_epoch(&opts.source_date_epoch) != CLI_OK)
        return CLI_USAGE;
    /* the environment's passphrase taken out before the preview server
       is forked, the file's read after: the preview processes never hold
       it; and the server before pack starts threads (see
       dsr_previews_start()) */
    if (take_env_passphrase(&env_passphrase) < 0)
        return CLI_FAIL;
    if (dsr_previews_start(&err) < 0)
        dsr_error_clear(&err);
    if (passfile) {
        passphrase = read_passphrase(passfile);
        if (!passphrase) {
            status = CLI_USAGE;
            goto out;
        }
    } else {
        passphrase = env_passphrase;
        env_passphrase = NULL;
    }
    opts.passphrase = passphrase;
    if (opts.sign_key && access(opts.sign_key, R_OK) < 0) {
        cli_error(_("cannot read the signing key '%s': %s"), opts.sign_key,
                  dsr_strerror(errno));
        status = CLI_USAGE;
        goto out;
    }

    opts.frameworks_dir = env->paths.frameworks;
    opts.no_openat2 = env->no_openat2;
    opts.schemas_dir = env->paths.schemas;
    opts.profile = env->paths.profile;
    opts.fonts_dir = env->paths.fonts;
    opts.color_dir = env->paths.color;  /* r22-pdfa */
    opts.lang = env->lang;
    if (env->stderr_tty) {
        opts.progress = progress;
        opts.progress_ctx = &env->lang;
    }
    if (dsr_pack_write(argv[optind], out, &opts, &res, &err) == 0) {
        printf(_("Packed %zu files (%s) into %zu zips%s; bundle %s in %s\n"),
               res.files, dsr_format_size(res.bytes, env->lang, size, sizeof(size)),
               res.zips.nzips, passphrase ? _(", encrypted with AES-256") : "",
               res.id, out);
    } else if (*opts.cancel && !res.published) {
        /* a file-size limit: the failed write says more */
        if (err.code == DSR_IO)
            cli_report(&err);
        cli_error(_("interrupted; no bundle was written at '%s'"), out);
        status = CLI_FAIL;
    } else {
        status = report(&res, &err, argv[optind]);
    }
out:
    dsr_previews_stop();
    if (passphrase) {
        explicit_bzero(passphrase, strlen(passphrase));
        free(passphrase);
    }
    if (env_passphrase) {
        explicit_bzero(env_passphrase, strlen(env_passphrase));
        free(env_passphrase);
    }
    dsr_pack_result_release(&res);
    return status;
}
