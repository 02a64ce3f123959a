/*
 * main.c -- dossier's entry point: set up locale and translations, find
 * the shipped data, and dispatch to one command.
 */
#include "cli.h"

#include "dossier/dossier.h"
#include "dossier/finding.h"
#include "dossier/format.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmd_help(int argc, char **argv, struct cli_env *env);

/* the options every command takes; --format only where JSON is written */
#define OPT_LANG {"--lang id|en", N_("the language of messages and output (default: id, or en from LANG)")}
#define OPT_HELP {"-h, --help", N_("show this help")}
#define OPT_FORMAT {"--format text|json", N_("text for people (default), or one JSON document")}
#define OPT_JOBS {"-j, --jobs N", N_("use N threads (default: one per core)")}
#define OPT_ROOT {"--evidence-root DIR", N_("take the evidence files from DIR instead of the manifest's evidence-root")}
#define OPT_END {NULL, NULL}

static const struct cli_option_help init_options[] = {
    {"--framework ID", N_("the framework to fill in (see 'dossier catalog'; default: the one covering --year)")},
    {"--instance NAME", N_("the institution's name, written into the manifest")},
    {"--year YYYY", N_("the year assessed (default: this year, or with --from the year after it)")},
    {"--from PREVIOUS", N_("start from last year's bundle or manifest: instance, period, index, owners, links and the documents still in force")},
    {"--copy", N_("with --from, copy last year's files instead of hard-linking them")},
    OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help scan_options[] = {
    {"--dry-run", N_("show what would be added, change nothing")},
    {"--prune", N_("remove the entries of files that are gone (listed either way)")},
    OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help set_options[] = {
    {"--owner NAME", N_("the OPD that answers for INDICATOR (\"\" removes it)")},
    {"--level STAGE=N", N_("INDICATOR's level at a stage (mandiri, dokumen, interviu, visitasi), 1 to 5; may repeat")},
    {"--explain STAGE=TEXT", N_("the explanation of INDICATOR's level at a stage; may repeat")},
    {"--evidence FILE", N_("INDICATOR's evidence entry for FILE (below the evidence root), added as scan adds it if missing")},
    {"--evidence-level N", N_("with --evidence: the level the file supports, 1 to 5")},
    {"--title TEXT", N_("with --evidence: the entry's title")},
    {"--date YYYY-MM-DD", N_("with --evidence: the document's date")},
    {"--instance NAME", N_("the institution's name")},
    {"--kind KIND", N_("the institution's kind (e.g. kabupaten)")},
    {"--coordinator NAME", N_("the coordinator's name")},
    {"--position TEXT", N_("the coordinator's position")},
    {"--unit TEXT", N_("the coordinator's unit")},
    {"--period FROM..TO", N_("the period assessed, two dates YYYY-MM-DD")},
    {"--target INDEX", N_("the index to reach, e.g. 3.10 or 3,10")},
    {"--previous YEAR=INDEX", N_("last evaluation's index, e.g. 2024=2.74")},
    {"--dry-run", N_("show what would change, change nothing")},
    OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help check_options[] = {
    OPT_FORMAT,
    {"--max-size SIZE", N_("flag files larger than SIZE (default 512M; suffixes K, M, G)")},
    {"--owner NAME", N_("show only this OPD's indicators (\"\" for those with no owner)")},
    {"--indicator ID", N_("show only this indicator")},
    {"--severity LEVEL", N_("show findings of this severity or worse: error, warning or note")},
    {"--quiet", N_("show the summary only; the exit status still counts every error")},
    OPT_JOBS, OPT_ROOT, OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help score_options[] = {
    {"--stage STAGE", N_("count levels up to this stage only (e.g. mandiri)")},
    {"--target INDEX", N_("the index to reach, instead of the manifest's target")},
    {"--max-raise N", N_("raise no indicator more than N levels in the plan (1 to 4; default 1)")},
    {"--estimate", N_("frameworks with items: estimate missing values from item verdicts (band interpolation), labelled as an estimate")},
    OPT_FORMAT, OPT_ROOT, OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help render_options[] = {
    {"-o, --output FILE.pdf", N_("write the PDF here (missing folders are made); '-' writes it to standard output")},
    {"--no-thumbnails", N_("no previews of the evidence files")},
    {"--stage STAGE", N_("count levels up to this stage only (e.g. mandiri)")},
    {"--include-secrets", N_("print the demo accounts' passwords (never in a bundle)")},
    OPT_JOBS, OPT_ROOT, OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help requests_options[] = {
    {"-o, --output DIR", N_("write the letters and the summary into this new (or empty) folder")},
    {"--due YYYY-MM-DD", N_("the date the evidence is due (default: 14 days after the letters' date)")},
    {"--owner NAME", N_("write only this OPD's letter (the summary still lists every OPD)")},
    OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help pack_options[] = {
    {"-o, --output OUTDIR", N_("write the bundle to this new folder (missing parent folders are made)")},
    OPT_JOBS,
    {"--passphrase-file FILE", N_("encrypt every zip entry with the passphrase on FILE's first line")},
    {"--algorithm LIST", N_("the checksums of the bag manifests, a comma list of sha512, sha256, sha1 and md5 with sha512 or sha256 in it (default sha512)")},
    {"--sign-key KEY.pem", N_("sign the bundle with this Ed25519 private key")},
    OPT_ROOT, OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help verify_options[] = {
    {"--pubkey PUB.pem", N_("check the signature with this Ed25519 public key")},
    {"--profile", N_("check only that the bundle conforms to dossier's BagIt profile (tags, names of manifests and tag files); nothing is hashed")},
    {"--report FILE.xml|FILE.json", N_("also write the result to this file for the archive's records, whatever it is; an existing file is replaced")},
    OPT_FORMAT, OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help diff_options[] = {
    OPT_FORMAT, OPT_LANG, OPT_HELP, OPT_END,
};
/* r22-query: show, extract, find */
static const struct cli_option_help show_options[] = {
    OPT_FORMAT, OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help extract_options[] = {
    {"-o, --output DIR", N_("extract into this folder, made when missing; an existing file is never replaced")},
    OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help find_options[] = {
    OPT_FORMAT, OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help export_options[] = {
    {"-o, --output FILE.xlsx|FILE.csv", N_("write the workbook (or one sheet as CSV) here; an existing file is replaced")},
    {"--owner NAME", N_("only this OPD's indicators and their evidence")},
    {"--sheet indicators|evidence", N_("with a .csv output: which sheet (default indicators)")},
    OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help import_options[] = {
    {"--dry-run", N_("list every change, conflict and refused value; change nothing")},
    OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help verdicts_options[] = {
    {"--stage STAGE", N_("the stage of rows whose tahap is empty: dokumen (default), interviu or visitasi")},
    {"--dry-run", N_("list every verdict and value that would change; change nothing")},
    OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help catalog_options[] = {
    {"--framework ID", N_("show this framework (default: list the shipped ones)")},
    OPT_FORMAT, OPT_LANG, OPT_HELP, OPT_END,
};
static const struct cli_option_help help_options[] = {
    OPT_LANG, OPT_HELP, OPT_END,
};

static const struct cli_command commands[] = {
    {.name = "init",
     .synopsis = "DIR [--framework ID] [--instance NAME] [--year YYYY] "
                 "[--from PREVIOUS [--copy]]",
     .summary = N_("Start a year's work: a manifest listing every indicator "
                   "and one evidence folder per indicator; with --from, "
                   "carried over from last year."),
     .options = init_options,
     .run = cmd_init,
     .cancellable = true},
    {.name = "scan",
     .synopsis = "MANIFEST [--dry-run] [--prune]",
     .summary = N_("Add the files found in the indicators' folders to the "
                   "manifest, follow moved files, and with --prune remove "
                   "the entries of files gone (the last 10 versions are "
                   "kept as MANIFEST.~N~)."),
     .options = scan_options,
     .run = cmd_scan,
     .cancellable = true},
    {.name = "set",
     .synopsis = "MANIFEST [INDICATOR] [--owner NAME] [--level STAGE=N] "
                 "[--explain STAGE=TEXT] [--evidence FILE [--evidence-level N] "
                 "[--title T] [--date D]] [--instance NAME] [--kind KIND] "
                 "[--coordinator NAME] [--position T] [--unit T] "
                 "[--period FROM..TO] [--target INDEX] "
                 "[--previous YEAR=INDEX] [--dry-run] [--lang id|en]",
     .summary = N_("Change values in the manifest (owner, levels, "
                   "explanations, evidence, target...) without touching "
                   "anything else; values are checked first, and the last "
                   "10 versions are kept as MANIFEST.~N~."),
     .options = set_options,
     .run = cmd_set,
     .cancellable = true},
    {.name = "check",
     .synopsis = "MANIFEST [--format text|json] [--lang id|en] "
                 "[--max-size BYTES] [--jobs N] [--evidence-root DIR] "
                 "[--owner NAME] [--indicator ID] "
                 "[--severity error|warning|note] [--quiet]",
     .summary = N_("Check a manifest and every evidence file it lists; report "
                   "findings per indicator and per owner.  --owner, "
                   "--indicator and --severity (the least severe shown) "
                   "narrow what is shown, --quiet shows the summary only; "
                   "the exit status still counts every error."),
     .options = check_options,
     .run = cmd_check},
    {.name = "score",
     .synopsis = "MANIFEST [--stage STAGE] [--target INDEX] [--max-raise N] "
                 "[--estimate] [--format text|json] [--lang id|en] "
                 "[--evidence-root DIR]",
     .summary = N_("Compute the index, predikat, domain and aspect indices, "
                   "the indices per stage, the gap to the target and the "
                   "plan to reach it, by OPD; no indicator rises more than "
                   "--max-raise levels (default 1)."),
     .options = score_options,
     .run = cmd_score},
    {.name = "render",
     .synopsis = "MANIFEST -o FILE.pdf [--lang id|en] [--no-thumbnails] "
                 "[--jobs N] [--evidence-root DIR] [--stage STAGE] "
                 "[--include-secrets]",
     .summary = N_("Check, then write the dossier PDF for the assessors: "
                   "summary, owners, visit plan and one section per "
                   "indicator."),
     .options = render_options,
     .run = cmd_render,
     .cancellable = true},
    {.name = "requests",
     .synopsis = "MANIFEST -o DIR [--due YYYY-MM-DD] [--owner NAME] "
                 "[--lang id|en]",
     .summary = N_("Check, then write to every OPD a letter asking for the "
                   "evidence of its indicators (level, criteria, what is "
                   "missing, the folder for the files), and a summary "
                   "workbook of who owes what."),
     .options = requests_options,
     .run = cmd_requests,
     .cancellable = true},
    {.name = "pack",
     .synopsis = "MANIFEST -o OUTDIR [--jobs N] [--passphrase-file FILE] "
                 "[--algorithm LIST] [--sign-key KEY.pem] "
                 "[--lang id|en] [--evidence-root DIR]",
     .summary = N_("Check, then write the yearly bundle OUTDIR, a BagIt bag: "
                   "the manifest, the check report, the dossier and one zip "
                   "per indicator."),
     .options = pack_options,
     .run = cmd_pack,
     .cancellable = true},
    {.name = "verify",
     .synopsis = "BUNDLE|BUNDLE.zip|BUNDLE.tar [--pubkey PUB.pem] [--profile] "
                 "[--report FILE] [--format text|json] [--lang id|en]",
     .summary = N_("Check a bundle (a folder, or a .zip or .tar file, read "
                   "without unpacking it) without changing it: every "
                   "checksum, every zip entry, the signature; name what is "
                   "missing, extra or altered."),
     .options = verify_options,
     .run = cmd_verify,
     .cancellable = true},
    {.name = "diff",
     .synopsis = "OLD_BUNDLE NEW_BUNDLE [--format text|json] [--lang id|en]",
     .summary = N_("Compare two bundles: indices, levels by indicator, and "
                   "evidence added, removed, changed or moved."),
     .options = diff_options,
     .run = cmd_diff},
    {.name = "show",
     .synopsis = "BUNDLE [INDICATOR] [--format text|json] [--lang id|en]",
     .summary = N_("Show what a bundle holds: instance, year, index per "
                   "stage and one line per indicator; or one indicator in "
                   "full: levels, verdicts, evidence with titles, sizes and "
                   "SHA-256."),
     .options = show_options,
     .run = cmd_show},
    {.name = "extract",
     .synopsis = "BUNDLE INDICATOR -o DIR [--lang id|en]",
     .summary = N_("Verify one indicator's zip in a bundle, then unpack its "
                   "documents safely into DIR: nothing outside DIR, regular "
                   "files only, no file replaced."),
     .options = extract_options,
     .run = cmd_extract,
     .cancellable = true},
    {.name = "find",
     .synopsis = "BUNDLE TEXT|SHA256-PREFIX [--format text|json] [--lang id|en]",
     .summary = N_("Find a bundle's documents by title or file name (ASCII "
                   "case ignored) or by at least 6 hex digits of their "
                   "SHA-256; exit 1 when nothing is found."),
     .options = find_options,
     .run = cmd_find},
    {.name = "export",
     .synopsis = "MANIFEST -o FILE.xlsx|FILE.csv [--owner NAME] "
                 "[--sheet indicators|evidence] [--lang id|en]",
     .summary = N_("Write the indicators and evidence as a workbook to fill "
                   "in (owners, levels, explanations, titles, dates), or one "
                   "sheet as CSV."),
     .options = export_options,
     .run = cmd_export},
    {.name = "import",
     .synopsis = "MANIFEST FILE.xlsx|FILE.csv [--dry-run] [--lang id|en]",
     .summary = N_("Apply what people changed in an exported workbook (or a "
                   "CSV sheet) to the manifest, changing only those bytes; a "
                   "cell changed in both since the export is a conflict, "
                   "listed and not applied."),
     .options = import_options,
     .run = cmd_import,
     .cancellable = true},
    {.name = "verdicts",
     .synopsis = "import MANIFEST FILE.csv|FILE.xlsx "
                 "[--stage dokumen|interviu|visitasi] [--dry-run] "
                 "[--lang id|en]",
     .summary = N_("Write the assessors' verdicts on items and their "
                   "values, copied from the portal into a CSV file or a "
                   "workbook, into the manifest, changing only those "
                   "bytes; a changed verdict replaces the old one, and a "
                   "file with a bad row changes nothing."),
     .options = verdicts_options,
     .run = cmd_verdicts,
     .cancellable = true},
    {.name = "catalog",
     .synopsis = "[--framework ID] [--format text|json] [--lang id|en]",
     .summary = N_("Show a framework catalog (indicators, weights, levels, "
                   "items with their portal codes, external indices, "
                   "predikat), or list the shipped frameworks."),
     .options = catalog_options,
     .run = cmd_catalog},
    {.name = "help",
     .synopsis = "[COMMAND | codes] [--lang id|en]",
     .summary = N_("Show help for a command, or the table of finding codes."),
     .options = help_options,
     .run = cmd_help},
};

const struct cli_command *
cli_command_find(const char *name)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void
usage(FILE *out)
{
    fprintf(out, _("usage: dossier [--lang id|en] COMMAND [ARGS]\n"
                   "       dossier --help | --version\n\n"
                   "Turn an institution's SPBE evidence into a checked "
                   "manifest, scores, per-indicator zips, an assessor's "
                   "dossier and a yearly archive bundle.\n\n"
                   "Commands:\n"));
    for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out, _("\nExit status: 0 done, 1 the input has problems, 2 bad "
                   "invocation, 3 the tool could not do its job.\n"));
}

static int
cmd_help(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("help");
    const struct cli_command *cmd;
    bool json = false;
    int status;
    int c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (cli_common_option(self, c, argv, env, &json, &status) && status >= 0)
            return status;
    }
    if (json)
        return cli_usage_error(self, _("help prints text; --format does not apply"));
    if (optind == argc) {
        usage(stdout);
        return CLI_OK;
    }
    if (optind + 1 < argc)
        return cli_usage_error(self, "%s", _("too many arguments"));
    if (strcmp(argv[optind], "codes") == 0) {
        /* the code stays as typed in a manifest or a script; its
         * severity and description are in the language asked for; the
         * columns as wide as the longest code and severity (ASCII and
         * Latin letters: "accepted-above-rejected", "peringatan") */
        int wc = 0, ws = 0;

        for (int i = 0; i < DSR_F_COUNT; i++) {
            int n = (int)strlen(dsr_finding_name(i));
            int m = (int)strlen(dsr_severity_label(dsr_finding_severity(i)));

            wc = n > wc ? n : wc;
            ws = m > ws ? m : ws;
        }
        for (int i = 0; i < DSR_F_COUNT; i++)
            printf("%-*s %-*s %s\n", wc, dsr_finding_name(i), ws,
                   dsr_severity_label(dsr_finding_severity(i)),
                   _(dsr_finding_description(i)));
        return CLI_OK;
    }
    cmd = cli_command_find(argv[optind]);
    if (!cmd) {
        cli_error(_("unknown command '%s'"), argv[optind]);
        return CLI_USAGE;
    }
    cli_usage(stdout, cmd);
    return CLI_OK;
}

/* ---- signals ---------------------------------------------------------- */

/*
 * Every signal whose default action ends the process, but SIGKILL and
 * SIGSTOP (which cannot be caught), the program-error signals (SEGV, BUS,
 * FPE, ILL, ABRT, SYS, TRAP: after them nothing can be trusted, not even
 * a clean-up) and SIGPROF (profilers own it).
 */
/*
 * Whether a signal's default action ends the process and it comes from
 * outside (HUP, INT, QUIT, PIPE, ALRM, TERM, USR1, USR2, XCPU, XFSZ,
 * VTALRM, PROF, IO, PWR, STKFLT, the real-time ones...): every one of
 * them must clean up as TERM does.  Not the signals of a program error
 * (SEGV, BUS, FPE, ILL, TRAP, ABRT, SYS): those end us with their core
 * dump, and cleaning up after our own bug is unsafe.
 */
static bool
ending_signal(int sig)
{
    switch (sig) {
    case SIGKILL: case SIGSTOP:
    case SIGCHLD: case SIGCONT: case SIGTSTP: case SIGTTIN: case SIGTTOU:
    case SIGURG: case SIGWINCH:
    case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGTRAP:
    case SIGABRT: case SIGSYS:
        return false;
    default:
        return true;
    }
}

/* The first signal caught while a cancellable command runs; 0: none. */
static volatile sig_atomic_t cancel_flag;
/* Whether the command running polls cancel_flag. */
static volatile sig_atomic_t cancel_polled;

const volatile sig_atomic_t *
cli_cancel_flag(void)
{
    return &cancel_flag;
}

static void
on_signal(int sig)
{
    struct sigaction sa;

    if (cancel_polled) {
        if (!cancel_flag)
            cancel_flag = sig;
        return;
    }
    /* a file-size limit must fail the write (EFBIG), reported and cleaned
     * up like a full disk, not kill us halfway */
    if (sig == SIGXFSZ)
        return;
    /* nothing to clean up: end as the default action would; the signal is
     * blocked in here, so it is delivered again once we return */
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    raise(sig);
}

/*
 * SIGXFSZ: the kernel sends it to the writer that passed its file-size
 * limit (si_pid is then our own pid), and that write fails with EFBIG,
 * reported and cleaned up like a full disk whatever the command: it is
 * no request to stop.  Sent by someone else (kill -XFSZ), it is one.
 */
static void
on_xfsz(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    if (si && (si->si_code == SI_KERNEL ||
               (si->si_code == SI_USER && si->si_pid == getpid())))
        return;
    on_signal(sig);
}

static void
catch_xfsz(void)
{
    struct sigaction sa, old;

    /* ignored already: the write fails (EFBIG) just the same */
    if (sigaction(SIGXFSZ, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
        return;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_xfsz;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask);
    sigaction(SIGXFSZ, &sa, NULL);
}

/*
 * Catch every ending_signal() for a command that polls the flag
 * ('polled') or not.  No SA_RESTART: a blocking read or write returns
 * EINTR, so the core sees the flag promptly.  A signal ignored when we
 * started stays ignored, whichever it is: nohup asks that of SIGHUP, and
 * a non-interactive shell of SIGINT and SIGQUIT in a background job
 * ('dossier pack ... &' in a script must not stop on the terminal's
 * Ctrl-C); SIGTERM still stops such a job cleanly.  A caught signal ends
 * a polling command with exit 3 (DESIGN.md: "interrupted"), not by
 * raising it again; see docs/design.md.
 */
static void
catch_signals(bool polled)
{
    struct sigaction sa, old;

    cancel_polled = polled;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigfillset(&sa.sa_mask);
    /* glibc's own real-time signals refuse sigaction (EINVAL): skipped */
    for (int sig = 1; sig < NSIG; sig++) {
        if (!ending_signal(sig) || sig == SIGXFSZ ||
            sigaction(sig, NULL, &old) < 0 || old.sa_handler == SIG_IGN)
            continue;
        sigaction(sig, &sa, NULL);
    }
    catch_xfsz();
}

/*
 * The language people asked for through the usual variables: English when
 * the first one set names English, Indonesian (the default) otherwise.
 */
static enum dsr_lang
lang_from_environment(void)
{
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES",
                                       "LANG"};

    for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
        const char *v = getenv(vars[i]);

        if (v && *v)
            return strncmp(v, "en", 2) == 0 ? DSR_LANG_EN : DSR_LANG_ID;
    }
    return DSR_LANG_ID;
}

/*
 * The language of this run: --lang on the command line, so that even a
 * message printed before the command reads its options is in the language
 * asked for; else the environment's.  A malformed --lang is reported later
 * by the command's own option parsing.
 */
static enum dsr_lang
lang_from_arguments(int argc, char **argv)
{
    int last = -1;

    /* the last one given, as the command's own options take it */
    for (int i = 1; i < argc && (i == 1 || strcmp(argv[i], "--") != 0); i++) {
        const char *v = NULL;
        int lang;

        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            v = argv[i + 1];
        else if (strncmp(argv[i], "--lang=", 7) == 0)
            v = argv[i] + 7;
        lang = v ? dsr_lang_parse(v) : -1;
        if (lang >= 0)
            last = lang;
    }
    return last >= 0 ? (enum dsr_lang)last : lang_from_environment();
}

/* How many arguments the --lang option at argv[i] takes: 2, 1, or 0. */
static int
lang_option(int argc, char **argv, int i)
{
    if (strcmp(argv[i], "--lang") == 0)
        return i + 1 < argc ? 2 : 0;
    return strncmp(argv[i], "--lang=", 7) == 0 ? 1 : 0;
}

/*
 * 'dossier --lang en CMD ARGS' is read as 'dossier CMD --lang en ARGS':
 * --lang is an option of every command, and people also put it first
 * (any number of them, and a "--" after them ends them).  argv is
 * reordered in place, as getopt does.
 */
static void
lang_after_command(int *argc, char **argv)
{
    int i = 1, n;
    char *cmd;

    while (i < *argc && (n = lang_option(*argc, argv, i)) > 0)
        i += n;
    /* nothing after them: no command, which main() answers with the usage */
    if (i == 1 || i >= *argc ||
        (strcmp(argv[i], "--") == 0 && i + 1 == *argc))
        return;
    if (strcmp(argv[i], "--") == 0) {
        memmove(&argv[i], &argv[i + 1], (size_t)(*argc - i) * sizeof(*argv));
        (*argc)--;
    }
    cmd = argv[i];
    memmove(&argv[2], &argv[1], (size_t)(i - 1) * sizeof(*argv));
    argv[1] = cmd;
}

/* 'dossier help ...' or 'dossier CMD --help' (before any "--") */
static bool
asks_help(const struct cli_command *cmd, int argc, char **argv)
{
    if (strcmp(cmd->name, "help") == 0)
        return true;
    for (int i = 2; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return true;
    return false;
}

/* --version: the version, and which copy of the shipped data is used */
static int
version(const struct cli_paths *paths)
{
    printf("dossier %s\n", DOSSIER_VERSION);
    printf(_("data: %s (%s)\n"), paths->root, cli_paths_origin(paths));
    if (cli_paths_check(paths) < 0)
        printf(_("      cannot be read: %s\n"), dsr_strerror(errno));
    return CLI_OK;
}

/*
 * Before a command runs: the chosen copy of the data must be readable.
 * When it is not, say which copy it is, why it was chosen and what to do;
 * no other copy is tried.  Returns true (after reporting) when it is not.
 */
static bool
data_missing(const struct cli_paths *paths)
{
    if (cli_paths_check(paths) == 0)
        return false;
    cli_error(_("cannot read the framework catalogs in '%s' (%s): %s"),
              paths->frameworks, cli_paths_origin(paths), dsr_strerror(errno));
    switch (paths->from) {
    case CLI_DATA_ENV:
        fprintf(stderr, _("Point DOSSIER_DATADIR at a folder holding "
                          "frameworks/ and schemas/ (PREFIX/share/dossier "
                          "of an installed copy), or unset it.\n"));
        break;
    case CLI_DATA_BUILD:
        fprintf(stderr, _("A binary in its build tree uses only that tree's "
                          "data: make '%s' readable for this user, or run "
                          "an installed copy (cmake --install).\n"),
                paths->root);
        break;
    case CLI_DATA_INSTALLED:
        fprintf(stderr, _("Install dossier again (cmake --install), or set "
                          "DOSSIER_DATADIR to a folder holding frameworks/ "
                          "and schemas/.\n"));
        break;
    }
    return true;
}

int
main(int argc, char **argv)
{
    struct cli_env env = {.lang = DSR_LANG_ID};
    const struct cli_command *cmd;
    int status;

    /* until a command is chosen, only SIGXFSZ is caught (see on_signal) */
    catch_xfsz();
    setlocale(LC_ALL, "");
    /* numbers in every output are formatted by us, never by the locale */
    setlocale(LC_NUMERIC, "C");
    if (cli_paths_find(&env.paths) < 0) {
        fprintf(stderr, "dossier: the path of the shipped data is too long\n");
        return CLI_FAIL;
    }
    bindtextdomain("dossier", env.paths.locale);
    bind_textdomain_codeset("dossier", "UTF-8");
    textdomain("dossier");
    lang_after_command(&argc, argv);
    cli_set_lang(&env, lang_from_arguments(argc, argv));
    env.stderr_tty = isatty(STDERR_FILENO);
    env.no_openat2 = getenv("DOSSIER_NO_OPENAT2") && *getenv("DOSSIER_NO_OPENAT2");

    if (argc < 2 || lang_option(argc, argv, 1) > 0 ||
        strcmp(argv[1], "--lang") == 0) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return CLI_OK;
    }
    if (strcmp(argv[1], "--version") == 0)
        return version(&env.paths);
    cmd = cli_command_find(argv[1]);
    if (!cmd) {
        cli_error(_("unknown command '%s'"), argv[1]);
        fprintf(stderr, _("Try 'dossier --help'.\n"));
        return CLI_USAGE;
    }
    /* help needs no data: a broken install can still explain itself */
    if (!asks_help(cmd, argc, argv) && data_missing(&env.paths))
        return CLI_FAIL;
    catch_signals(cmd->cancellable);
    dsr_library_init();
    status = cmd->run(argc - 1, argv + 1, &env);
    dsr_library_cleanup();
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error(_("cannot write the output"));
        return CLI_FAIL;
    }
    return status;
}
