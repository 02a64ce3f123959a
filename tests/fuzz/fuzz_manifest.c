/*
 * fuzz_manifest.c -- the manifest loader (parse, DOCTYPE refusal, schema
 * validation, conversion to plain data) on arbitrary bytes.
 */
#include "fuzz.h"

#include "dossier/dossier.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"

#include <stdlib.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    dsr_library_init();
    return 0;
}

/* The getters callers use on whatever was loaded. */
static void
use(const struct dsr_manifest *m)
{
    char root[4096];

    for (size_t i = 0; i < m->nindicators; i++) {
        const struct dsr_mindicator *ind = &m->indicators[i];

        (void)dsr_manifest_indicator(m, ind->id);
        (void)dsr_mindicator_assessment(ind, -1);
        for (int s = 0; s < DSR_STAGE_COUNT; s++)
            (void)dsr_mindicator_assessment(ind, s);
        for (long lv = 1; lv <= 5; lv++)
            (void)dsr_mindicator_supports(ind, lv);
    }
    (void)dsr_manifest_evidence_root(m, root, sizeof(root));
    (void)dsr_index_parse(m->target_text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dsr_findings findings = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m;

    m = dsr_manifest_load_mem((const char *)data, size, "fuzz/manifest.xml",
                              FUZZ_SCHEMAS "/manifest.xsd", &findings, &err);
    if (m)
        use(m);
    else if (err.code == DSR_OK && findings.n == 0)
        abort();    /* refused input must say why */
    dsr_manifest_free(m);
    dsr_findings_release(&findings);

    /* check's way in: what a damaged manifest still holds */
    dsr_error_clear(&err);
    m = dsr_manifest_load_mem_recover((const char *)data, size,
                                      "fuzz/manifest.xml",
                                      FUZZ_SCHEMAS "/manifest.xsd", &findings,
                                      &err);
    if (m) {
        /* recovered only with an error to show for it */
        if (m->recovered && findings.counts[DSR_SEV_ERROR] == 0)
            abort();
        use(m);
    } else if (err.code == DSR_OK && findings.n == 0) {
        abort();
    }
    dsr_manifest_free(m);
    dsr_findings_release(&findings);
    return 0;
}
