/*
 * fuzz_bag.c -- the readers of a bag's tag files (bagit.txt, bag-info.txt,
 * manifest and tag manifest lines), which verify and diff run on bundles
 * that came from someone else.  The first byte picks the reader; the rest
 * is the file.
 */
#include "fuzz.h"

#include "dossier/bag.h"
#include "dossier/dossier.h"
#include "dossier/error.h"

#include <stdio.h>
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

static void
declaration(const char *buf, size_t len)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char version[16];

    if (dsr_bag_parse_declaration(buf, len, version, sizeof(version), &err) < 0 &&
        err.code == DSR_OK)
        abort();
}

static void
info(const char *buf, size_t len)
{
    struct dsr_bag_fields f = {0};
    struct dsr_error err = DSR_ERROR_INIT;

    if (dsr_bag_parse_info(buf, len, &f, &err) == 0) {
        for (size_t i = 0; i < f.n; i++)
            if (!f.items[i].label || !f.items[i].value ||
                !dsr_bag_fields_get(&f, f.items[i].label))
                abort();
        (void)dsr_bag_fields_get(&f, "Payload-Oxum");
    } else if (err.code == DSR_OK) {
        abort();
    }
    dsr_bag_fields_release(&f);
}

/*
 * A manifest it accepts: every path, written back the way a manifest
 * writes it, reads back as the same path.
 */
static void
manifest(const char *buf, size_t len, enum dsr_hash_alg alg)
{
    struct dsr_bag_entries e = {0};
    struct dsr_error err = DSR_ERROR_INIT;

    if (dsr_bag_parse_manifest(buf, len, alg, &e, &err) == 0) {
        for (size_t i = 0; i < e.n; i++) {
            struct dsr_bag_entries again = {0};
            char *enc = dsr_bag_encode_path(e.items[i].path, &err);
            char *line;
            size_t n;

            if (!enc)
                abort();
            n = strlen(e.items[i].digest) + strlen(enc) + 3;
            line = malloc(n);
            if (!line)
                abort();
            snprintf(line, n, "%s %s\n", e.items[i].digest, enc);
            if (dsr_bag_parse_manifest(line, strlen(line), alg, &again, &err) < 0 ||
                again.n != 1 || strcmp(again.items[0].path, e.items[i].path) != 0)
                abort();
            dsr_bag_entries_release(&again);
            free(line);
            free(enc);
        }
    } else if (err.code == DSR_OK) {
        abort();
    }
    dsr_bag_entries_release(&e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *buf = (const char *)data + 1;

    if (size == 0)
        return 0;
    switch (data[0] % 4) {
    case 0:
        declaration(buf, size - 1);
        break;
    case 1:
        info(buf, size - 1);
        break;
    case 2:
        manifest(buf, size - 1, DSR_HASH_SHA512);
        break;
    default:
        manifest(buf, size - 1, DSR_HASH_SHA256);
        break;
    }
    return 0;
}
