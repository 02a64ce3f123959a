/*
 * cmd_find.c -- dossier find BUNDLE TEXT|SHA256-PREFIX: the documents of
 * a bundle whose title or file name holds TEXT (ASCII case ignored), or
 * whose SHA-256 starts with the prefix (at least DSR_FIND_HASH_MIN hex
 * digits), across every indicator's index.xml.  Exit 0 when something
 * is found, 1 when nothing is, as grep does.
 */
#include "cli.h"

#include "dossier/bundle.h"
#include "dossier/format.h"

#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int
print_json(const struct dsr_find_result *r)
{
    json_t *hits = json_array();
    json_t *root = json_pack("{s:s, s:o}", "by", r->by_hash ? "sha256" : "text",
                             "hits", hits);
    int rc;

    if (!root)
        return -1;
    for (size_t i = 0; i < r->n; i++) {
        const struct dsr_find_hit *h = &r->hits[i];

        json_array_append_new(
            hits, json_pack("{s:o, s:o, s:o, s:o, s:I, s:s}", "indicator",
                            cli_json_name(h->indicator), "title",
                            cli_json_name(h->title), "file", cli_json_name(h->file),
                            "name", cli_json_name(h->name), "size",
                            (json_int_t)h->size, "sha256", h->sha256));
    }
    rc = cli_print_json(root, 0);
    json_decref(root);
    return rc;
}

static void
print_text(const struct dsr_find_result *r, enum dsr_lang lang)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct dsr_find_hit *h = &r->hits[i];
        char size[32];

        printf(_("%s: %s\n"), cli_safe(h->indicator),
               h->title[0] ? cli_safe(h->title) : _("(no title)"));
        printf(_("    file %s, %s\n"), cli_safe(h->file),
               dsr_format_size(h->size, lang, size, sizeof(size)));
        printf("    SHA-256 %s\n", h->sha256);
    }
}

int
cmd_find(int argc, char **argv, struct cli_env *env)
{
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    const struct cli_command *self = cli_command_find("find");
    struct dsr_bundle b = DSR_BUNDLE_INIT;
    struct dsr_find_result r = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    bool json = false;
    int status = CLI_OK, optstatus, c;

    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        if (cli_common_option(self, c, argv, env, &json, &optstatus) &&
            optstatus >= 0)
            return optstatus;
    }
    if (argc - optind != 2)
        return cli_usage_error(self, argc - optind < 2
                                         ? _("missing BUNDLE or what to find")
                                         : _("too many arguments"));
    if (!argv[optind + 1][0])
        return cli_usage_error(self, _("nothing to look for: give a part of a "
                                       "title or file name, or at least %d hex "
                                       "digits of a SHA-256"),
                               DSR_FIND_HASH_MIN);
    if (dsr_bundle_open(argv[optind], env->paths.frameworks, env->paths.schemas,
                        &b, &err) < 0 ||
        dsr_bundle_find(&b, argv[optind + 1], &r, &err) < 0) {
        status = cli_report(&err);
        goto out;
    }
    if (r.encrypted)
        cli_warn(_("%zu encrypted zips of %s were not searched: their titles "
                   "and checksums are inside them"),
                 r.encrypted, argv[optind]);
    if (r.unreadable)
        cli_warn(_("%zu zips of %s cannot be read and were not searched; "
                   "check the bundle with 'dossier verify'"),
                 r.unreadable, argv[optind]);
    if (json) {
        if (print_json(&r) < 0) {
            cli_error(_("out of memory while writing what was found"));
            status = CLI_FAIL;
            goto out;
        }
    } else {
        print_text(&r, env->lang);
    }
    if (!r.n) {
        if (!json)
            cli_warn(r.by_hash ? _("no document of %s has a SHA-256 starting "
                                   "with '%s'")
                               : _("no document of %s has '%s' in its title or "
                                   "file name"),
                     argv[optind], argv[optind + 1]);
        status = CLI_INPUT;
    }
out:
    dsr_find_result_release(&r);
    dsr_bundle_close(&b);
    return status;
}
