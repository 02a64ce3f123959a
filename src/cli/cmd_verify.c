/*
 * cmd_verify.c -- dossier verify BUNDLE: check a yearly bundle (the bag,
 * every checksum, every zip entry) without changing it, and name every
 * missing, extra, altered or malformed file.
 */
#include "cli.h"

#include "dossier/bag.h"
#include "dossier/format.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct progress_state {
    enum dsr_lang lang;
    unsigned last;              /* per mille shown last */
};

static void
progress(void *ctx, const struct dsr_bag_progress *p)
{
    struct progress_state *s = ctx;
    unsigned now = p->bytes_total ? (unsigned)(p->bytes_done * 1000 / p->bytes_total) : 1000;
    char done[32], total[32];

    if (now == s->last)
        return;
    s->last = now;
    fprintf(stderr, "\r");
    fprintf(stderr, _("verifying: %s of %s"),
            dsr_format_size(p->bytes_done, s->lang, done, sizeof(done)),
            dsr_format_size(p->bytes_total, s->lang, total, sizeof(total)));
    if (p->bytes_done >= p->bytes_total)
        fputc('\n', stderr);
}

/* The result as JSON: the core's one builder (bag_report.c), printed. */
static int
print_json(const struct dsr_bag_report *rep)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char *text = dsr_bag_report_json(rep, NULL, &err);

    if (!text)
        return -1;
    puts(text);
    free(text);
    return 0;
}

/* The signature state, one line. */
static const char *
signature_text(enum dsr_bag_signature sig)
{
    switch (sig) {
    case DSR_BAG_SIGNATURE_CHECKED:
        return _("signature: signed, and checked with the public key given");
    case DSR_BAG_SIGNED:
        return _("signature: signed, but not checked (give --pubkey KEY.pem "
                 "to check it)");
    case DSR_BAG_UNSIGNED:
        break;
    }
    return _("signature: none, the bag is not signed");
}

/*
 * The report as text, one problem a line.  Every name is printed as
 * dsr_printable() makes it (as check does), so a newline or a byte that
 * is not UTF-8 in a name from the bag cannot break or forge a line.
 */
static int
print_text(const char *bundle, const struct dsr_bag_report *rep, bool profile)
{
    char *b = dsr_printable(bundle);

    if (!b)
        return -1;
    for (size_t i = 0; i < rep->n; i++) {
        char *path = dsr_printable(rep->items[i].path);
        char *msg = dsr_printable(rep->items[i].message);

        /* the kind in words; JSON keeps the stable name */
        if (path && msg && rep->items[i].severity == DSR_BAG_WARNING)
            printf(_("%s: warning: %s: %s\n"), path,
                   _(dsr_bag_kind_name(rep->items[i].kind)), msg);
        else if (path && msg)
            printf("%s: %s: %s\n", path, _(dsr_bag_kind_name(rep->items[i].kind)),
                   msg);
        free(path);
        free(msg);
        if (!path || !msg) {
            free(b);
            return -1;
        }
    }
    if (dsr_bag_report_errors(rep) && profile)
        printf(ngettext("%s: %zu deviation from the BagIt profile\n",
                        "%s: %zu deviations from the BagIt profile\n",
                        dsr_bag_report_errors(rep)),
               b, dsr_bag_report_errors(rep));
    else if (dsr_bag_report_errors(rep))
        printf(ngettext("%s: %zu problem; the bundle is damaged\n",
                        "%s: %zu problems; the bundle is damaged\n",
                        dsr_bag_report_errors(rep)),
               b, dsr_bag_report_errors(rep));
    else if (profile)
        printf(_("%s: conforms to the BagIt profile (names and tag files "
                 "only; nothing was hashed: run verify without --profile for "
                 "the checksums)\n"),
               b);
    else
        printf(_("%s: ok: %zu files, %zu zips, %zu zip entries checked\n"), b,
               rep->files, rep->zips, rep->entries);
    if (rep->n > dsr_bag_report_errors(rep))
        printf(_("%s: %zu warnings\n"), b, rep->n - dsr_bag_report_errors(rep));
    if (profile) {
        free(b);
        return 0;
    }
    printf("%s\n", signature_text(rep->signature));
    if (rep->encrypted)
        printf(_("%zu zips are encrypted: their entries were not checked, "
                 "only the zips' own checksums\n"),
               rep->encrypted);
    free(b);
    return 0;
}

/*
 * r22-profile (issue 22 point 4): a path that is not a bundle at all,
 * said plainly.  Nothing there is a bad invocation (2); a workspace, a
 * folder without bagit.txt or a file is an input that is not a bundle
 * (1), as a damaged bundle is (docs/design.md).
 */
static int
not_a_bundle(const char *bundle)
{
    struct stat st;

    switch (dsr_bag_probe(bundle)) {
    case DSR_BAG_IS_BAG:
        return CLI_OK;
    case DSR_BAG_IS_MISSING:
        cli_error(_("'%s' does not exist; give the bundle folder that "
                    "'dossier pack' wrote"),
                  bundle);
        return CLI_USAGE;
    case DSR_BAG_IS_WORKSPACE:
        cli_error(_("'%s': this is a workspace (a manifest), not a bundle: run "
                    "'dossier pack' to make one"),
                  bundle);
        return CLI_INPUT;
    case DSR_BAG_IS_FOLDER:
        cli_error(_("'%s' is not a bundle: it has no bagit.txt; give the "
                    "bundle folder that 'dossier pack' wrote"),
                  bundle);
        return CLI_INPUT;
    case DSR_BAG_IS_FILE:
        break;
    }
    /* a regular file is read as a .zip or .tar of a bundle (bag_archive.c) */
    if (stat(bundle, &st) == 0 && S_ISREG(st.st_mode))
        return CLI_OK;
    cli_error(_("'%s' is neither a folder nor a file; give the bundle "
                "folder that 'dossier pack' wrote, or a .zip or .tar file "
                "of it"),
              bundle);
    return CLI_USAGE;
}

/* verify --profile: the shipped profile's rules, nothing hashed. */
static int
verify_profile(const char *bundle, struct cli_env *env, bool json)
{
    struct dsr_bag_report rep = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    int status = CLI_OK;

    if (dsr_bag_check_profile_file(bundle, env->paths.profile, &rep, &err) < 0) {
        status = cli_report(&err);
        if (err.code == DSR_INPUT)
            status = CLI_FAIL;  /* the shipped profile, not the bundle */
        goto out;
    }
    if ((json ? print_json(&rep) : print_text(bundle, &rep, true)) < 0)
        status = CLI_FAIL;
    if (dsr_bag_report_errors(&rep) && status == CLI_OK)
        status = CLI_INPUT;
out:
    dsr_bag_report_release(&rep);
    return status;
}

/* --report FILE: the result with the date of the check and the version. */
static int
write_report(const char *path, const char *bundle, const struct dsr_bag_report *rep,
             struct dsr_error *err)
{
    struct dsr_bag_report_meta meta = {.bundle = bundle,
                                       .tool_version = DOSSIER_VERSION};
    char when[32];
    time_t now = time(NULL);
    struct tm tm;

    if (!gmtime_r(&now, &tm) ||
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(when, sizeof(when), "1970-01-01T00:00:00Z");
    meta.checked_at = when;
    return dsr_bag_report_write(path, rep, &meta, err);
}

int
cmd_verify(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        {"pubkey", required_argument, NULL, 'k'},
        {"profile", no_argument, NULL, 'P'},
        {"report", required_argument, NULL, 'r'},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("verify");
    struct dsr_bag_verify_opts vopts = {.cancel = cli_cancel_flag()};
    struct dsr_bag_report rep = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    struct progress_state ps = {.lang = env->lang, .last = 0};
    const char *bundle;
    const char *report = NULL;
    bool json = false;
    bool profile = false;
    int status = CLI_OK;
    int optstatus;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            vopts.pubkey = optarg;
            break;
        case 'P':
            profile = true;
            break;
        case 'r':
            report = optarg;
            break;
        default:
            if (cli_common_option(self, c, argv, env, &json, &optstatus) &&
                optstatus >= 0)
                return optstatus;
            break;
        }
    }
    optstatus = cli_one_argument(self, argc, _("missing BUNDLE"));
    if (optstatus != CLI_OK)
        return optstatus;
    bundle = argv[optind];
    optstatus = not_a_bundle(bundle);
    if (optstatus != CLI_OK)
        return optstatus;
    if (report && dsr_bag_report_format(report) < 0) {
        cli_error(_("'%s': a report is written as .xml or .json; give a file "
                    "name ending in one of them"),
                  report);
        return CLI_USAGE;
    }
    if (profile) {
        struct stat st;

        if (report || (stat(bundle, &st) == 0 && !S_ISDIR(st.st_mode))) {
            cli_error(_("--profile checks a bundle folder and prints what it "
                        "finds; for a .zip or .tar file, or with --report, "
                        "run verify without --profile"));
            return CLI_USAGE;
        }
        status = verify_profile(bundle, env, json);
        goto out;
    }
    if (env->stderr_tty) {
        vopts.progress = progress;
        vopts.progress_ctx = &ps;
    }
    if (dsr_bag_verify(bundle, &vopts, &rep, &err) < 0) {
        if (env->stderr_tty && ps.last != 1000)
            fputc('\n', stderr);
        status = cli_report(&err);
        goto out;
    }
    if ((json ? print_json(&rep) : print_text(bundle, &rep, false)) < 0)
        status = CLI_FAIL;
    /* after the result is printed, so a report that fails hides nothing */
    if (report && write_report(report, bundle, &rep, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (dsr_bag_report_errors(&rep) && status == CLI_OK)
        status = CLI_INPUT;
out:
    dsr_bag_report_release(&rep);
    return status;
}
