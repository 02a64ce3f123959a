/*
 * fuzz_index.c -- the reader of a zip's index.xml, which verify and diff
 * run on bundles that came from someone else.
 */
#include "fuzz.h"

#include "dossier/bag.h"
#include "dossier/dossier.h"
#include "dossier/error.h"

#include <stdlib.h>
#include <string.h>

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
    struct dsr_zip_index idx;
    struct dsr_error err = DSR_ERROR_INIT;

    memset(&idx, 0, sizeof(idx));
    if (dsr_zip_index_parse((const char *)data, size, "fuzz/index.xml", &idx,
                            &err) == 0) {
        /* what the parser promises about an index it accepts */
        for (size_t i = 0; i < idx.n; i++) {
            const struct dsr_index_entry *e = &idx.entries[i];

            if (!e->name || !e->sha256 || strlen(e->sha256) != 64)
                abort();
            for (size_t j = 0; j < i; j++)
                if (strcmp(idx.entries[j].name, e->name) == 0)
                    abort();
        }
    } else if (err.code == DSR_OK) {
        /* a refusal must say why */
        abort();
    }
    dsr_zip_index_release(&idx);
    return 0;
}
