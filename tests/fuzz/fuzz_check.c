/*
 * fuzz_check.c -- dossier check on an arbitrary manifest in a small
 * evidence tree that holds every kind of trap: a symbolic link out of the
 * root, a link loop, a directory, a FIFO, an empty file, a program named
 * .pdf.  Besides crashes, it fails when a file outside the evidence root
 * (wherever the manifest puts it) was read.
 */
#define _XOPEN_SOURCE 700

#include "fuzz.h"

#include "dossier/check.h"
#include "dossier/dossier.h"
#include "dossier/error.h"
#include "dossier/zips.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char base[64];
static char manifest[128];

static void
put(const char *name, const char *text)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", base, name);
    f = fopen(path, "wb");
    if (!f || fputs(text, f) == EOF || fclose(f) != 0)
        abort();
}

static void
cleanup(void)
{
    fz_rmtree(base);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char fifo[256];

    (void)argc;
    (void)argv;
    dsr_library_init();
    snprintf(base, sizeof(base), "/tmp/dossier-fuzz-check-XXXXXX");
    if (!mkdtemp(base))
        abort();
    atexit(cleanup);
    put("secret.txt", "outside the evidence root\n");
    fz_mkdir(base, "m");
    fz_mkdir(base, "m/bukti");
    fz_mkdir(base, "m/bukti/01");
    fz_mkdir(base, "m/bukti/01/folder");
    put("m/bukti/01/a.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    put("m/bukti/01/b.txt", "catatan rapat\n");
    put("m/bukti/01/c.csv", "a,b\n1,2\n");
    put("m/bukti/01/empty.pdf", "");
    put("m/bukti/01/prog.pdf", "#!/bin/sh\necho hi\n");
    fz_symlink(base, "../../../secret.txt", "m/bukti/01/out.txt");
    fz_symlink(base, "loop2", "m/bukti/01/loop1");
    fz_symlink(base, "loop1", "m/bukti/01/loop2");
    fz_symlink(base, "a.pdf", "m/bukti/01/same.pdf");
    snprintf(fifo, sizeof(fifo), "%s/m/bukti/01/fifo.pdf", base);
    if (mkfifo(fifo, 0644) < 0)
        abort();
    snprintf(manifest, sizeof(manifest), "%s/m/manifest.xml", base);
    return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dsr_check_opts opts = {
        .frameworks_dir = FUZZ_TEMPLATES "/frameworks",
        .schemas_dir = FUZZ_TEMPLATES "/schemas",
        .jobs = 1,
    };
    struct dsr_check_result res;
    struct dsr_error err = DSR_ERROR_INIT;
    FILE *f = fopen(manifest, "wb");

    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f) != 0)
        abort();
    if (dsr_check(manifest, &opts, &res, &err) == 0 && res.evidence_root) {
        char mdir[160];
        char *real;
        size_t n;

        /* the manifest's root lies inside the manifest's folder */
        snprintf(mdir, sizeof(mdir), "%s/m", base);
        real = realpath(mdir, NULL);
        if (!real)
            abort();
        n = strlen(real);
        if (strncmp(res.evidence_root, real, n) != 0 ||
            (res.evidence_root[n] != '/' && res.evidence_root[n] != '\0'))
            abort();
        free(real);
        /* what was read is named by a normal path beneath it */
        for (size_t i = 0; i < res.nfiles; i++) {
            const char *r = res.files[i].resolved;

            if (res.files[i].read && (!r || !dsr_zip_entry_name_safe(r)))
                abort();
        }
    }
    dsr_check_result_release(&res);
    return 0;
}
