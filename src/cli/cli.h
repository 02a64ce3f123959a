/*
 * cli.h -- shared declarations of the dossier command layer.  The command
 * layer parses argv, reads the environment, prints and exits; the core
 * library does the work.
 */
#ifndef DOSSIER_CLI_H
#define DOSSIER_CLI_H

#include <jansson.h>
#include <libintl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/score.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Exit statuses, the same for every command (docs/design.md). */
enum cli_exit {
    CLI_OK = 0,
    CLI_INPUT = 1,      /* the input has problems */
    CLI_USAGE = 2,      /* bad invocation */
    CLI_FAIL = 3,       /* the tool could not do its job */
};

/* Which copy of the shipped data a run uses (paths.c). */
enum cli_data_from {
    CLI_DATA_ENV,           /* $DOSSIER_DATADIR */
    CLI_DATA_BUILD,         /* the source tree of the build tree we are in */
    CLI_DATA_INSTALLED,     /* PREFIX/share/dossier */
};

/* Where the shipped data is, found once at start-up. */
struct cli_paths {
    enum cli_data_from from;
    char root[4096];            /* the data folder, or the source tree */
    char frameworks[4096];
    char schemas[4096];
    char fonts[4096];
    char color[4096];           /* the output intent's ICC profile (PDF/A) */
    char example[4096];
    char locale[4096];
    char profile[4096];         /* r22-profile: bagit-profile-dossier.json */
};

/* What every command gets besides its own arguments. */
struct cli_env {
    struct cli_paths paths;
    enum dsr_lang lang;
    bool stderr_tty;
    /*
     * DOSSIER_NO_OPENAT2 set and not empty: evidence files are opened
     * with the openat() walk, never openat2() (for the tests of the walk)
     */
    bool no_openat2;
};

/* One line of a command's help: the option as typed, and what it does. */
struct cli_option_help {
    const char *option;         /* "-o, --output FILE.pdf"; never translated */
    const char *text;           /* one line, translated at use; N_() it */
};

struct cli_command {
    const char *name;
    const char *synopsis;       /* after "dossier NAME " */
    const char *summary;        /* one line, translated at use */
    /*
     * Every option the command takes, one line each, ended by {NULL};
     * 'dossier NAME --help' prints them (tests/e2e/lang.sh checks that
     * each long option of the command's getopt table is there).
     */
    const struct cli_option_help *options;
    int (*run)(int argc, char **argv, struct cli_env *env);
    /*
     * The command passes cli_cancel_flag() to the core, which stops and
     * removes what it was writing once a signal sets it; see main.c
     */
    bool cancellable;
};

/*
 * main.c: signals.  Every signal whose default action ends the process
 * (HUP, INT, QUIT, PIPE, ALRM, TERM, USR1, USR2, XCPU, XFSZ, VTALRM) is
 * caught in one place, before the command runs.  For a cancellable
 * command the handler only records the signal in the flag the core polls;
 * the command then cleans up and exits CLI_FAIL ("interrupted").  For the
 * others a signal ends the process as it would have (there is nothing to
 * clean up), except SIGXFSZ, after which a write fails with EFBIG.
 */
const volatile sig_atomic_t *cli_cancel_flag(void);

/* paths.c */
/*
 * Choose the one copy of the shipped data this binary uses (the rule is at
 * the top of paths.c) and fill in its paths, without looking at them.
 * Returns 0, or -1 when a path is too long.
 */
int cli_paths_find(struct cli_paths *p);
/* 0 when the chosen copy's catalogs can be listed; else -1 with errno. */
int cli_paths_check(const struct cli_paths *p);
/* Which copy it is, in words ("the installed copy beside this binary"). */
const char *cli_paths_origin(const struct cli_paths *p);

/* msg.c: messages on stderr, prefixed with "dossier: " */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Report a core error with its file and line; returns its exit status. */
int cli_report(const struct dsr_error *err);
int cli_exit_status(const struct dsr_error *err);
/*
 * Print every error finding on stderr as "WHERE:LINE: message [code]", for
 * commands that refuse to go on when the manifest has errors.
 */
void cli_print_errors(const struct dsr_findings *f, const char *where);
/*
 * Print 'root' on stdout as one JSON document (indented by 2, keys in
 * insertion order, plus 'flags' such as JSON_REAL_PRECISION(4)) and a
 * newline.  Returns 0, or -1 when it cannot be encoded.
 */
int cli_print_json(const json_t *root, size_t flags);
/*
 * A name from disk or from a received file as a JSON string: as it is when
 * it is valid UTF-8, else escaped as messages escape it (\xNN), so that the
 * output stays valid UTF-8 whatever the name holds.  NULL only when memory
 * runs out.
 */
json_t *cli_json_name(const char *name);
/* Print usage help for 'cmd' to 'out'. */
void cli_usage(FILE *out, const struct cli_command *cmd);
/* "unknown option" style errors: print, point to help, return CLI_USAGE. */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/*
 * Options every command shares, as getopt_long values: --format ('f'),
 * --lang ('l'), --help ('h'), and getopt's own ':' (value missing) and
 * '?' (unknown option).  Returns true when 'c' was one of them; '*status'
 * is then -1 to go on parsing, or the exit status to return now.  '*json'
 * is set by --format text|json.
 */
bool cli_common_option(const struct cli_command *self, int c, char **argv,
                       struct cli_env *env, bool *json, int *status);
#define CLI_COMMON_LONGOPTS                                                   \
    {"format", required_argument, NULL, 'f'},                                 \
        {"lang", required_argument, NULL, 'l'},                               \
        {"help", no_argument, NULL, 'h'}

/*
 * After option parsing: exactly one positional argument must remain.
 * Returns CLI_OK, or reports 'missing' (none) or too many and returns
 * CLI_USAGE.
 */
int cli_one_argument(const struct cli_command *self, int argc,
                     const char *missing);

/* Parse --jobs (1 to DSR_MAX_JOBS) into '*jobs'; CLI_OK or CLI_USAGE. */
int cli_parse_jobs(const struct cli_command *self, const char *arg,
                   unsigned *jobs);

/*
 * $SOURCE_DATE_EPOCH as seconds into '*epoch' (-1 when unset or empty), for
 * reproducible output.  CLI_OK, or CLI_USAGE after reporting a bad value.
 */
int cli_source_date_epoch(int64_t *epoch);

/* Set the language of messages (id or en) for the rest of the run. */
void cli_set_lang(struct cli_env *env, enum dsr_lang lang);

/* Commands. */
int cmd_check(int argc, char **argv, struct cli_env *env);
int cmd_catalog(int argc, char **argv, struct cli_env *env);
int cmd_score(int argc, char **argv, struct cli_env *env);
int cmd_init(int argc, char **argv, struct cli_env *env);
int cmd_scan(int argc, char **argv, struct cli_env *env);
int cmd_set(int argc, char **argv, struct cli_env *env);
int cmd_pack(int argc, char **argv, struct cli_env *env);
int cmd_render(int argc, char **argv, struct cli_env *env);
int cmd_requests(int argc, char **argv, struct cli_env *env);
int cmd_verify(int argc, char **argv, struct cli_env *env);
int cmd_diff(int argc, char **argv, struct cli_env *env);
int cmd_export(int argc, char **argv, struct cli_env *env);
int cmd_import(int argc, char **argv, struct cli_env *env);
int cmd_verdicts(int argc, char **argv, struct cli_env *env);
/* r22-query: the assessor's way into a bundle (cmd_show.c, cmd_extract.c,
 * cmd_find.c); cli_safe(): a string from a bundle made safe to print,
 * valid until 32 more calls */
int cmd_show(int argc, char **argv, struct cli_env *env);
int cmd_extract(int argc, char **argv, struct cli_env *env);
int cmd_find(int argc, char **argv, struct cli_env *env);
const char *cli_safe(const char *s);

/*
 * sheet_load.c: load the manifest at 'path' and its framework's catalog
 * for export and import.  A manifest that does not load is refused after
 * its errors are printed; one that loads with errors is refused too
 * unless 'for_edit' (import: a change may fix them, as with set).
 * Returns CLI_OK with '*m' and '*cat' owned by the caller, or the exit
 * status after reporting.
 */
struct dsr_manifest;
int cli_sheet_load(struct cli_env *env, const char *path, bool for_edit,
                   struct dsr_manifest **m, struct dsr_catalog **cat);

/*
 * edit_print.c: a value of a change, as set and import show it: quoted,
 * made printable, shortened past 60 characters; "(none)" for NULL.
 * Caller frees; NULL: out of memory.
 */
char *cli_edit_value(const char *v);

/*
 * Columns that UTF-8 text 's' takes on a terminal: two for wide (CJK)
 * characters, none for combining marks, by the width table of C.UTF-8
 * whatever the user's locale; a byte that is not UTF-8 counts as one.
 */
size_t cli_display_width(const char *s);

/* Print 's' padded with spaces to 'width' columns, on the left or right;
 * never cut. */
void cli_put_padded(const char *s, size_t width, bool right);

/*
 * "  (rounded; the exact value 1,4996 is Kurang)" after an index whose
 * rounding shows a number of another band (dsr_index_crossing_note()),
 * or "" in 'buf'; returns 'buf'.
 */
const char *cli_crossing(const struct dsr_catalog *c, struct dsr_index x,
                         enum dsr_lang lang, char *buf, size_t size);

/* One change's line, "WHERE[:LINE]: [INDICATOR] FILE FIELD STAGE:
 * "before" → "after" (NOTE)", as set and import print it; 'note' may
 * be NULL. */
struct dsr_change;
struct dsr_edit_item;
void cli_print_edit_item(FILE *out, const char *where, unsigned long line,
                         const struct dsr_change *c,
                         const struct dsr_edit_item *it, const char *note);

const struct cli_command *cli_command_find(const char *name);

#endif
