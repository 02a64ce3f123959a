/*
 * cmd_set.c -- dossier set MANIFEST [INDICATOR] [options]: change values
 * in the manifest from the command line, every other byte kept.
 */
#include "cli.h"

#include "dossier/edit.h"
#include "dossier/format.h"
#include "dossier/manifest.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* At most this many changes in one run (each option is one). */
#define SET_MAX_CHANGES 256

/* The order changes are applied in: the manifest's, then an indicator's. */
enum set_group {
    G_MANIFEST,
    G_OWNER,
    G_LEVEL,
    G_EXPLAIN,
    G_EVIDENCE,
    G_COUNT,
};

struct set_args {
    struct dsr_change changes[SET_MAX_CHANGES];
    enum set_group group[SET_MAX_CHANGES];
    size_t n;
    char *owned[SET_MAX_CHANGES];   /* split STAGE=VALUE copies */
    size_t nowned;
    const char *evidence;
    bool evidence_fields;
};

/* A stage as the editor reads it (white space around, any case): its
 * number, or -1. */
static int
stage_of(const char *s)
{
    char buf[32];
    size_t n = 0;

    while (*s == ' ' || *s == '\t')
        s++;
    while (*s && n + 1 < sizeof(buf))
        buf[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s), s++;
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t'))
        n--;
    buf[n] = '\0';
    return dsr_stage_parse(buf);
}

static int
add_change(const struct cli_command *self, struct set_args *a,
           enum set_group g, enum dsr_field f, const char *stage,
           const char *value, const char *where)
{
    struct dsr_change *c;

    if (a->n == SET_MAX_CHANGES)
        return cli_usage_error(self, _("at most %d changes at a time"),
                               SET_MAX_CHANGES);
    /* the same value twice: which one was meant is not for us to guess */
    for (size_t i = 0; value && i < a->n; i++) {
        const struct dsr_change *o = &a->changes[i];

        if (o->field != f || !o->value)
            continue;
        if (!stage)
            return cli_usage_error(self, _("%s is given twice; give it "
                                           "once"),
                                   where);
        if (stage_of(o->stage) >= 0 && stage_of(o->stage) == stage_of(stage))
            return cli_usage_error(self, _("%s: the stage '%s' is given "
                                           "twice ('%s' and '%s'); give each "
                                           "stage once"),
                                   where,
                                   dsr_stage_name((enum dsr_stage)
                                                      stage_of(stage)),
                                   o->stage, stage);
    }
    c = &a->changes[a->n];
    memset(c, 0, sizeof(*c));
    c->field = f;
    c->stage = stage;
    c->value = value;
    c->where = where;
    a->group[a->n++] = g;
    return CLI_OK;
}

/* --level STAGE=N, --explain STAGE=TEXT: split at the first '='. */
static int
add_staged(const struct cli_command *self, struct set_args *a,
           enum set_group g, enum dsr_field f, const char *arg,
           const char *where, const char *example)
{
    const char *eq = strchr(arg, '=');
    char *copy;

    if (!eq || eq == arg)
        return cli_usage_error(self, _("%s wants STAGE=VALUE, e.g. %s %s"),
                               where, where, example);
    /* the same bound as the changes, checked before a copy is kept */
    if (a->nowned == SET_MAX_CHANGES)
        return cli_usage_error(self, _("at most %d changes at a time"),
                               SET_MAX_CHANGES);
    copy = strdup(arg);
    if (!copy) {
        cli_error(_("out of memory"));
        return CLI_FAIL;
    }
    a->owned[a->nowned++] = copy;
    copy[eq - arg] = '\0';
    return add_change(self, a, g, f, copy, copy + (eq - arg) + 1, where);
}

/* A refusal without the option it names ("--title: " off). */
static const char *
reason(const struct dsr_change *c, const struct dsr_edit_item *it)
{
    size_t n = c->where ? strlen(c->where) : 0;

    if (!it->why)
        return "";
    if (n && strncmp(it->why, c->where, n) == 0 && it->why[n] == ':' &&
        it->why[n + 1] == ' ')
        return it->why + n + 2;
    return it->why;
}

int
cmd_set(int argc, char **argv, struct cli_env *env)
{
    enum {
        O_OWNER = 256, O_LEVEL, O_EXPLAIN, O_TARGET, O_PREVIOUS, O_INSTANCE,
        O_KIND, O_COORDINATOR, O_POSITION, O_UNIT, O_PERIOD, O_EVIDENCE,
        O_EVLEVEL, O_TITLE, O_DATE, O_DRY,
    };
    static const struct option longopts[] = {
        {"owner", required_argument, NULL, O_OWNER},
        {"level", required_argument, NULL, O_LEVEL},
        {"explain", required_argument, NULL, O_EXPLAIN},
        {"target", required_argument, NULL, O_TARGET},
        {"previous", required_argument, NULL, O_PREVIOUS},
        {"instance", required_argument, NULL, O_INSTANCE},
        {"kind", required_argument, NULL, O_KIND},
        {"coordinator", required_argument, NULL, O_COORDINATOR},
        {"position", required_argument, NULL, O_POSITION},
        {"unit", required_argument, NULL, O_UNIT},
        {"period", required_argument, NULL, O_PERIOD},
        {"evidence", required_argument, NULL, O_EVIDENCE},
        {"evidence-level", required_argument, NULL, O_EVLEVEL},
        {"title", required_argument, NULL, O_TITLE},
        {"date", required_argument, NULL, O_DATE},
        {"dry-run", no_argument, NULL, O_DRY},
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("set");
    struct dsr_edit_opts opts = {.frameworks_dir = env->paths.frameworks,
                                 .schemas_dir = env->paths.schemas,
                                 .cancel = cli_cancel_flag()};
    struct set_args *a = calloc(1, sizeof(*a));
    struct dsr_change *sorted = NULL;
    struct dsr_edit_result res = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    const char *manifest, *indicator = NULL;
    bool json = false, indicator_fields = false;
    int status = CLI_OK, optstatus, c;
    size_t ns = 0;

    if (!a) {
        cli_error(_("out of memory"));
        return CLI_FAIL;
    }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        status = CLI_OK;
        switch (c) {
        case O_OWNER:
            status = add_change(self, a, G_OWNER, DSR_FIELD_OWNER, NULL,
                                optarg, "--owner");
            break;
        case O_LEVEL:
            status = add_staged(self, a, G_LEVEL, DSR_FIELD_LEVEL, optarg,
                                "--level", "mandiri=3");
            break;
        case O_EXPLAIN:
            status = add_staged(self, a, G_EXPLAIN, DSR_FIELD_EXPLAIN, optarg,
                                "--explain", "mandiri=\"...\"");
            break;
        case O_TARGET:
            status = add_change(self, a, G_MANIFEST, DSR_FIELD_TARGET, NULL,
                                optarg, "--target");
            break;
        case O_PREVIOUS:
            status = add_change(self, a, G_MANIFEST, DSR_FIELD_PREVIOUS, NULL,
                                optarg, "--previous");
            break;
        case O_INSTANCE:
            status = add_change(self, a, G_MANIFEST, DSR_FIELD_INSTANCE_NAME,
                                NULL, optarg, "--instance");
            break;
        case O_KIND:
            status = add_change(self, a, G_MANIFEST, DSR_FIELD_INSTANCE_KIND,
                                NULL, optarg, "--kind");
            break;
        case O_COORDINATOR:
            status = add_change(self, a, G_MANIFEST,
                                DSR_FIELD_COORDINATOR_NAME, NULL, optarg,
                                "--coordinator");
            break;
        case O_POSITION:
            status = add_change(self, a, G_MANIFEST,
                                DSR_FIELD_COORDINATOR_POSITION, NULL, optarg,
                                "--position");
            break;
        case O_UNIT:
            status = add_change(self, a, G_MANIFEST,
                                DSR_FIELD_COORDINATOR_UNIT, NULL, optarg,
                                "--unit");
            break;
        case O_PERIOD:
            status = add_change(self, a, G_MANIFEST, DSR_FIELD_PERIOD, NULL,
                                optarg, "--period");
            break;
        case O_EVIDENCE:
            if (a->evidence) {
                status = cli_usage_error(self, "%s",
                                         _("give one --evidence at a time"));
                break;
            }
            a->evidence = optarg;
            /* the entry itself, added when missing */
            status = add_change(self, a, G_EVIDENCE, DSR_FIELD_EVIDENCE_TITLE,
                                NULL, NULL, "--evidence");
            break;
        case O_EVLEVEL:
            a->evidence_fields = true;
            status = add_change(self, a, G_EVIDENCE, DSR_FIELD_EVIDENCE_LEVEL,
                                NULL, optarg, "--evidence-level");
            break;
        case O_TITLE:
            a->evidence_fields = true;
            status = add_change(self, a, G_EVIDENCE, DSR_FIELD_EVIDENCE_TITLE,
                                NULL, optarg, "--title");
            break;
        case O_DATE:
            a->evidence_fields = true;
            status = add_change(self, a, G_EVIDENCE, DSR_FIELD_EVIDENCE_DATE,
                                NULL, optarg, "--date");
            break;
        case O_DRY:
            opts.dry_run = true;
            break;
        default:
            if (cli_common_option(self, c, argv, env, &json, &optstatus) &&
                optstatus >= 0) {
                /* --help (0) ends the run as an error does */
                status = optstatus;
                goto out;
            }
            break;
        }
        if (status != CLI_OK)
            goto out;
    }
    if (optind == argc) {
        status = cli_usage_error(self, "%s", _("missing MANIFEST"));
        goto out;
    }
    if (argc - optind > 2) {
        status = cli_usage_error(self, "%s", _("too many arguments"));
        goto out;
    }
    manifest = argv[optind];
    if (argc - optind == 2)
        indicator = argv[optind + 1];
    if (a->evidence_fields && !a->evidence) {
        status = cli_usage_error(self, "%s",
                                 _("--evidence-level, --title and --date "
                                   "change an evidence entry: name its file "
                                   "with --evidence FILE"));
        goto out;
    }
    for (size_t i = 0; i < a->n; i++)
        indicator_fields |= a->group[i] != G_MANIFEST;
    if (indicator_fields && !indicator) {
        status = cli_usage_error(self, "%s",
                                 _("--owner, --level, --explain and "
                                   "--evidence change an indicator: name it "
                                   "after MANIFEST, e.g. dossier set "
                                   "manifest.xml 19 --owner Bappeda"));
        goto out;
    }
    if (indicator && !indicator_fields && a->n) {
        status = cli_usage_error(self,
                                 _("'%s' names an indicator, but no option "
                                   "changes one (--owner, --level, "
                                   "--explain, --evidence)"),
                                 indicator);
        goto out;
    }
    if (a->n == 0) {
        status = cli_usage_error(self, "%s",
                                 _("nothing to set: give at least one "
                                   "option, e.g. --owner NAME or --level "
                                   "mandiri=3"));
        goto out;
    }
    /* the manifest's own values first, then the indicator's, levels
     * before explanations (an explanation needs its assessment) */
    sorted = calloc(a->n, sizeof(*sorted));
    if (!sorted) {
        cli_error(_("out of memory"));
        status = CLI_FAIL;
        goto out;
    }
    for (int g = 0; g < G_COUNT; g++)
        for (size_t i = 0; i < a->n; i++)
            if (a->group[i] == (enum set_group)g) {
                sorted[ns] = a->changes[i];
                if (g != G_MANIFEST)
                    sorted[ns].indicator = indicator;
                if (g == G_EVIDENCE)
                    sorted[ns].file = a->evidence;
                ns++;
            }
    if (dsr_manifest_edit(manifest, sorted, ns, &opts, &res, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (res.findings.counts[DSR_SEV_ERROR]) {
        cli_print_errors(&res.findings, manifest);
        cli_error(_("'%s' cannot be edited; nothing was changed: fix the "
                    "errors above first"),
                  manifest);
        status = CLI_INPUT;
        goto out;
    }
    if (res.refused) {
        /* one reason once: a file --evidence cannot add refuses every
         * option that needs its entry, for the same reason */
        for (size_t i = 0; i < res.n; i++) {
            bool seen = false;

            if (res.items[i].outcome != DSR_EDIT_REFUSED)
                continue;
            for (size_t j = 0; j < i && !seen; j++)
                seen = res.items[j].outcome == DSR_EDIT_REFUSED &&
                       strcmp(reason(&sorted[res.items[j].change],
                                     &res.items[j]),
                              reason(&sorted[res.items[i].change],
                                     &res.items[i])) == 0;
            if (!seen)
                cli_error("%s: %s", manifest, res.items[i].why);
        }
        cli_error(_("nothing was changed in '%s'"), manifest);
        status = CLI_INPUT;
        goto out;
    }
    for (size_t i = 0; i < res.n; i++)
        cli_print_edit_item(stdout, manifest, res.items[i].line,
                            &sorted[res.items[i].change], &res.items[i], NULL);
    if (res.applied == 0)
        printf(_("Nothing to change: %s already says so.\n"), manifest);
    else if (opts.dry_run)
        printf(ngettext("%s would be changed (%zu change); dry run: "
                        "nothing was changed.\n",
                        "%s would be changed (%zu changes); dry run: "
                        "nothing was changed.\n",
                        res.applied),
               manifest, res.applied);
    else
        printf(ngettext("%s changed (%zu change); the previous version is "
                        "in %s.~%lu~.\n",
                        "%s changed (%zu changes); the previous version is "
                        "in %s.~%lu~.\n",
                        res.applied),
               manifest, res.applied, manifest, res.backup);
out:
    dsr_edit_result_release(&res);
    free(sorted);
    for (size_t i = 0; i < a->nowned; i++)
        free(a->owned[i]);
    free(a);
    return status;
}
