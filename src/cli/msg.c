/*
 * msg.c -- how the command layer talks to people: errors and warnings on
 * stderr, usage text, exit statuses, and the language of messages.
 */
/* wcwidth(), newlocale(), uselocale() */
#define _XOPEN_SOURCE 700

#include "cli.h"

#include "dossier/dossier.h"
#include "dossier/format.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/*
 * Messages quote file names from disk and manifests, which may hold
 * newlines or bytes that are not UTF-8: print them escaped, on one line.
 */
static void
vmsg(const char *kind, const char *fmt, va_list ap)
{
    char small[1024];
    char *big = NULL;
    char *text = small;
    char *safe;
    va_list copy;
    int n;

    va_copy(copy, ap);
    n = vsnprintf(small, sizeof(small), fmt, copy);
    va_end(copy);
    if (n >= (int)sizeof(small)) {
        big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, ap);
            text = big;
        }
    }
    safe = dsr_printable(text);
    fprintf(stderr, "dossier: %s%s\n", kind, safe ? safe : text);
    free(safe);
    free(big);
}

void
cli_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg(_("error: "), fmt, ap);
    va_end(ap);
}

void
cli_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg(_("warning: "), fmt, ap);
    va_end(ap);
}

int
cli_exit_status(const struct dsr_error *err)
{
    switch (err->code) {
    case DSR_OK:
        return CLI_OK;
    case DSR_INPUT:
        return CLI_INPUT;
    case DSR_USAGE:
        return CLI_USAGE;
    case DSR_NOMEM:
    case DSR_IO:
    case DSR_CATALOG:
    case DSR_INTERNAL:
    case DSR_INTERRUPTED:
    case DSR_RENDER:
        return CLI_FAIL;
    }
    return CLI_FAIL;
}

int
cli_report(const struct dsr_error *err)
{
    if (err->path[0] && err->line)
        cli_error("%s:%lu: %s", err->path, err->line, err->msg);
    else if (err->path[0])
        cli_error("%s: %s", err->path, err->msg);
    else
        cli_error("%s", err->msg[0] ? err->msg : _(dsr_code_text(err->code)));
    return cli_exit_status(err);
}

int
cli_print_json(const json_t *root, size_t flags)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | flags);

    if (!text)
        return -1;
    puts(text);
    free(text);
    return 0;
}

json_t *
cli_json_name(const char *name)
{
    json_t *j = json_string(name ? name : "");
    char *safe;

    if (j)
        return j;
    /* jansson refuses what is not UTF-8 */
    safe = dsr_printable(name);
    j = safe ? json_string(safe) : NULL;
    free(safe);
    return j;
}

void
cli_usage(FILE *out, const struct cli_command *cmd)
{
    fprintf(out, _("usage: dossier %s %s\n"), cmd->name, cmd->synopsis);
    fprintf(out, "\n%s\n", _(cmd->summary));
    if (!cmd->options || !cmd->options[0].option)
        return;
    fprintf(out, "\n%s\n", _("Options:"));
    for (const struct cli_option_help *o = cmd->options; o->option; o++)
        fprintf(out, "  %-26s %s\n", o->option, _(o->text));
}

int
cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg(_("error: "), fmt, ap);
    va_end(ap);
    fprintf(stderr, _("usage: dossier %s %s\n"), cmd->name, cmd->synopsis);
    fprintf(stderr, _("Try 'dossier help %s' for more.\n"), cmd->name);
    return CLI_USAGE;
}

void
cli_set_lang(struct cli_env *env, enum dsr_lang lang)
{
    const char *messages = setlocale(LC_MESSAGES, NULL);

    env->lang = lang;
    /*
     * gettext ignores LANGUAGE in the plain "C" locale; C.UTF-8 is always
     * there on glibc and keeps everything else as "C" does.
     */
    if (!messages || strcmp(messages, "C") == 0 ||
        strcmp(messages, "POSIX") == 0)
        setlocale(LC_MESSAGES, "C.UTF-8");
    setenv("LANGUAGE", lang == DSR_LANG_EN ? "en" : "id", 1);
    /* make gettext notice the change */
    textdomain("dossier");
}

bool
cli_common_option(const struct cli_command *self, int c, char **argv,
                  struct cli_env *env, bool *json, int *status)
{
    *status = -1;
    switch (c) {
    case 'f':
        if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0)
            *status = cli_usage_error(self, _("unknown format '%s'"), optarg);
        else
            *json = strcmp(optarg, "json") == 0;
        return true;
    case 'l':
        if (dsr_lang_parse(optarg) < 0)
            *status = cli_usage_error(self, _("unknown language '%s'"), optarg);
        else
            cli_set_lang(env, (enum dsr_lang)dsr_lang_parse(optarg));
        return true;
    case 'h':
        cli_usage(stdout, self);
        *status = CLI_OK;
        return true;
    case ':':
        *status = cli_usage_error(self, _("option '%s' needs a value"),
                                  argv[optind - 1]);
        return true;
    case '?':
        *status = cli_usage_error(self, _("unknown option '%s'"),
                                  argv[optind - 1]);
        return true;
    }
    return false;
}

int
cli_one_argument(const struct cli_command *self, int argc, const char *missing)
{
    if (optind + 1 == argc)
        return CLI_OK;
    return cli_usage_error(self, "%s",
                           optind == argc ? missing : _("too many arguments"));
}

int
cli_parse_jobs(const struct cli_command *self, const char *arg, unsigned *jobs)
{
    char *end;
    long n = strtol(arg, &end, 10);

    if (end == arg || *end || n < 1 || n > DSR_MAX_JOBS)
        return cli_usage_error(self, _("bad job count '%s': give 1 to %d"), arg,
                               DSR_MAX_JOBS);
    *jobs = (unsigned)n;
    return CLI_OK;
}

void
cli_print_errors(const struct dsr_findings *f, const char *where)
{
    char *safe = dsr_printable(where);

    for (size_t i = 0; i < f->n; i++) {
        const struct dsr_finding *it = &f->items[i];

        if (it->severity == DSR_SEV_ERROR)
            fprintf(stderr, "%s:%lu: %s [%s]\n", safe ? safe : where,
                    it->line, it->message, dsr_finding_name(it->code));
    }
    free(safe);
}

int
cli_source_date_epoch(int64_t *epoch)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long v;

    *epoch = -1;
    if (!sde || !*sde)
        return CLI_OK;
    errno = 0;
    v = strtoll(sde, &end, 10);
    if (*end || v < 0 || errno) {
        cli_error(_("SOURCE_DATE_EPOCH '%s' is not a number of seconds"), sde);
        return CLI_USAGE;
    }
    *epoch = v;
    return CLI_OK;
}

const char *
cli_crossing(const struct dsr_catalog *c, struct dsr_index x,
             enum dsr_lang lang, char *buf, size_t size)
{
    char note[160];

    if (!*dsr_index_crossing_note(c, x, lang, note, sizeof(note)))
        buf[0] = '\0';
    else
        snprintf(buf, size, "  %s", note);
    return buf;
}

/*
 * Columns that UTF-8 text takes on a terminal: two for wide (CJK)
 * characters, none for combining marks, by the width table of C.UTF-8
 * whatever the user's locale; a byte that is not UTF-8 counts as one.
 */
size_t
cli_display_width(const char *s)
{
    static locale_t utf8;
    static bool tried;
    const unsigned char *p = (const unsigned char *)s;
    locale_t old = (locale_t)0;
    size_t cols = 0;

    if (!tried) {
        tried = true;
        utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    }
    if (utf8)
        old = uselocale(utf8);
    while (*p) {
        unsigned c = *p;
        int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
                                : (c & 0xF8) == 0xF0 ? 4 : 0;
        int w;

        if (len == 0) {
            cols++, p++;
            continue;
        }
        c = len == 1 ? c : c & (0xFFu >> (len + 1));
        for (int k = 1; k < len; k++) {
            if ((p[k] & 0xC0) != 0x80) {
                len = 0;
                break;
            }
            c = c << 6 | (p[k] & 0x3Fu);
        }
        if (len == 0) {
            cols++, p++;
            continue;
        }
        w = utf8 ? wcwidth((wchar_t)c) : 1;
        cols += w > 0 ? (size_t)w : 0;
        p += len;
    }
    if (utf8)
        uselocale(old);
    return cols;
}

/* Print 's' padded with spaces to 'width' columns, on the left or right. */
void
cli_put_padded(const char *s, size_t width, bool right)
{
    size_t w = cli_display_width(s);

    if (right)
        for (size_t i = w; i < width; i++)
            putchar(' ');
    fputs(s, stdout);
    if (!right)
        for (size_t i = w; i < width; i++)
            putchar(' ');
}
