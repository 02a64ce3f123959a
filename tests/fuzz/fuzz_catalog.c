/*
 * fuzz_catalog.c -- the catalog loader (parse, schema validation, weights,
 * scales and bands) on arbitrary bytes, then the lookups score uses.
 */
#include "fuzz.h"

#include "dossier/catalog.h"
#include "dossier/dossier.h"
#include "dossier/error.h"

#include <stdlib.h>

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    dsr_library_init();
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c;

    c = dsr_catalog_load_mem((const char *)data, size, "fuzz/catalog.xml",
                             FUZZ_SCHEMAS "/framework.xsd", &err);
    if (!c) {
        /* a refusal always says why */
        if (err.code == DSR_OK || !err.msg[0])
            abort();
        return 0;
    }
    for (size_t i = 0; i < c->nindicators; i++) {
        const struct dsr_indicator *ind = &c->indicators[i];

        if (dsr_catalog_indicator(c, ind->id) == NULL || !ind->scale ||
            ind->aspect >= c->naspects)
            abort();
        for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++)
            (void)dsr_text_get(&ind->criterion[lv], DSR_LANG_EN);
    }
    /* every index from 1.00 to 5.00 falls in a band */
    for (unsigned long long v = 100; v <= 500; v++)
        if (!dsr_catalog_band(c, v, 100))
            abort();
    (void)dsr_catalog_band(c, 1, 3);
    dsr_catalog_free(c);
    return 0;
}
