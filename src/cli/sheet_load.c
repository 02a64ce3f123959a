/*
 * sheet_load.c -- the manifest and its catalog, loaded for export and
 * import.
 */
#include "cli.h"

#include "dossier/manifest.h"

#include <limits.h>
#include <stdio.h>

int
cli_sheet_load(struct cli_env *env, const char *path, bool for_edit,
               struct dsr_manifest **m, struct dsr_catalog **cat)
{
    struct dsr_findings findings = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    char schema[PATH_MAX], fschema[PATH_MAX];
    int status = CLI_OK;

    *m = NULL;
    *cat = NULL;
    if (snprintf(schema, sizeof(schema), "%s/manifest.xsd", env->paths.schemas) >=
            (int)sizeof(schema) ||
        snprintf(fschema, sizeof(fschema), "%s/framework.xsd",
                 env->paths.schemas) >= (int)sizeof(fschema)) {
        cli_error(_("%s: path too long"), env->paths.schemas);
        return CLI_FAIL;
    }
    *m = dsr_manifest_load(path, schema, &findings, &err);
    if (!*m && err.code != DSR_OK) {
        status = cli_report(&err);
        goto out;
    }
    /* an edit may fix what the loader finds (the editor's rule, edit.h);
     * a workbook for others is made from a manifest without errors */
    if (!*m || (!for_edit && findings.counts[DSR_SEV_ERROR])) {
        cli_print_errors(&findings, path);
        cli_error(_("'%s' has errors (above); fix them first"), path);
        status = CLI_INPUT;
        goto out;
    }
    *cat = dsr_catalog_load_id(env->paths.frameworks, (*m)->framework, fschema,
                               &err);
    if (!*cat) {
        if (!err.path[0])
            snprintf(err.path, sizeof(err.path), "%s", path);
        status = cli_report(&err);
        goto out;
    }
out:
    dsr_findings_release(&findings);
    if (status != CLI_OK) {
        dsr_manifest_free(*m);
        *m = NULL;
    }
    return status;
}
