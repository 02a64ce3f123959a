/*
 * fuzz_render.c -- the layout and render path on an arbitrary manifest:
 * check (with the bundled catalogs), score, then dsr_render_write() to a
 * PDF with previews off, the way 'dossier render --no-thumbnails' does.
 * A manifest with errors stops after check, as the CLI does; the seeds are
 * manifests without errors, so that mutations reach the layout of names,
 * owners, titles, URLs, questions and answers.
 *
 * The evidence tree is made once, in a temporary folder: a few small
 * files of each type and the usual traps (a link out of the root, a link
 * loop, a folder, a FIFO), so that manifests can reference files.
 *
 * Besides crashes, it fails when a render that returned 0 left no PDF (or
 * something that is not a PDF), when one that failed left a PDF or a
 * temporary file behind, or when a failure did not say why.  One input's
 * time is bounded by its size: inputs over FUZZ_RENDER_MAX bytes are
 * skipped (scripts/fuzz.sh also passes -max_len).
 *
 * With FUZZ_VERBOSE set in the environment it says how far each input
 * went (for writing seeds: a seed that stops at check is wasted here).
 */
#define _XOPEN_SOURCE 700

#include "fuzz.h"

#include "dossier/check.h"
#include "dossier/dossier.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/render.h"
#include "dossier/score.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FUZZ_RENDER_MAX ((size_t)64 << 10)

static char base[64];
static char manifest[128];
static char outdir[128];
static char pdf[160];
static int verbose;

static void
put(const char *name, const char *text, size_t len)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", base, name);
    f = fopen(path, "wb");
    if (!f || (len && fwrite(text, 1, len, f) != len) || fclose(f) != 0)
        abort();
}

static void
put_text(const char *name, const char *text)
{
    put(name, text, strlen(text));
}

static void
cleanup(void)
{
    fz_rmtree(base);
}

/* A 1x1 PNG, so that an image entry is an image to libmagic. */
static const unsigned char png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d,
    0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
    0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00,
    0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct dsr_error err = DSR_ERROR_INIT;
    char fifo[256];

    (void)argc;
    (void)argv;
    dsr_library_init();
    /* previews are off, but a PDF's page count comes from the preview
       server, which only this starts, while the process has one thread
       (without it, PDFs show no page count: no failure) */
    if (dsr_previews_start(&err) < 0)
        dsr_error_clear(&err);
    snprintf(base, sizeof(base), "/tmp/dossier-fuzz-render-XXXXXX");
    if (!mkdtemp(base))
        abort();
    atexit(cleanup);
    put_text("secret.txt", "outside the evidence root\n");
    fz_mkdir(base, "out");
    fz_mkdir(base, "m");
    fz_mkdir(base, "m/bukti");
    fz_mkdir(base, "m/bukti/01");
    fz_mkdir(base, "m/bukti/01/folder");
    fz_mkdir(base, "m/bukti/02");
    put_text("m/bukti/01/a.pdf",
             "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
             "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
             "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
             "trailer<</Root 1 0 R>>\n%%EOF\n");
    put_text("m/bukti/01/b.txt", "catatan rapat\n");
    put_text("m/bukti/01/c.csv", "a,b\n1,2\n");
    put("m/bukti/01/d.png", (const char *)png, sizeof(png));
    put_text("m/bukti/01/empty.pdf", "");
    put_text("m/bukti/01/prog.pdf", "#!/bin/sh\necho hi\n");
    put_text("m/bukti/02/e.docx", "PK\003\004 not really a docx\n");
    put_text("m/bukti/02/nama dengan spasi & tanda.pdf", "%PDF-1.4\n%%EOF\n");
    fz_symlink(base, "../../../secret.txt", "m/bukti/01/out.txt");
    fz_symlink(base, "loop2", "m/bukti/01/loop1");
    fz_symlink(base, "loop1", "m/bukti/01/loop2");
    fz_symlink(base, "a.pdf", "m/bukti/01/same.pdf");
    snprintf(fifo, sizeof(fifo), "%s/m/bukti/01/fifo.pdf", base);
    if (mkfifo(fifo, 0644) < 0)
        abort();
    snprintf(manifest, sizeof(manifest), "%s/m/manifest.xml", base);
    snprintf(outdir, sizeof(outdir), "%s/out", base);
    snprintf(pdf, sizeof(pdf), "%s/dossier.pdf", outdir);
    verbose = getenv("FUZZ_VERBOSE") != NULL;
    return 0;
}

/*
 * What the output folder holds: 1 when it is just dossier.pdf starting
 * with %PDF-, 0 when it is empty; anything else (a temporary file left
 * behind, a PDF that is not one) aborts.
 */
static int
outdir_state(void)
{
    DIR *d = opendir(outdir);
    struct dirent *de;
    int found = 0;

    if (!d)
        abort();
    while ((de = readdir(d)) != NULL) {
        char head[5];
        FILE *f;

        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (strcmp(de->d_name, "dossier.pdf") != 0) {
            fprintf(stderr, "fuzz_render: left behind: %s\n", de->d_name);
            abort();
        }
        f = fopen(pdf, "rb");
        if (!f || fread(head, 1, 5, f) != 5 || memcmp(head, "%PDF-", 5) != 0)
            abort();
        fclose(f);
        found = 1;
    }
    closedir(d);
    return found;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dsr_check_opts copts = {
        .frameworks_dir = FUZZ_TEMPLATES "/frameworks",
        .schemas_dir = FUZZ_TEMPLATES "/schemas",
        .jobs = 1,
    };
    struct dsr_render_opts ropts = {
        .fonts_dir = FUZZ_FONTS,
        .bundle_id = "spbe-2020-2024-0123456789abcdef",
        .date = 1700000000,
        .no_thumbnails = true,
        .jobs = 1,
    };
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    struct dsr_check_result checked;
    struct dsr_render_stats stats;
    struct dsr_score score;
    struct dsr_error err = DSR_ERROR_INIT;
    FILE *f;
    int rc;

    if (size > FUZZ_RENDER_MAX)
        return 0;
    memset(&checked, 0, sizeof(checked));
    memset(&score, 0, sizeof(score));
    f = fopen(manifest, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();
    if (dsr_check(manifest, &copts, &checked, &err) < 0)
        goto out;
    if (checked.findings.counts[DSR_SEV_ERROR] || !checked.catalog) {
        if (verbose)
            for (size_t i = 0; i < checked.findings.n; i++)
                if (checked.findings.items[i].severity == DSR_SEV_ERROR)
                    fprintf(stderr, "  check error: %s\n",
                            checked.findings.items[i].message);
        goto out;
    }
    /* both languages: the last byte picks one, so mutations reach both */
    ropts.lang = size && (data[size - 1] & 1) ? DSR_LANG_EN : DSR_LANG_ID;
    if (dsr_score_checked(&checked, &sopts, &score, &err) < 0) {
        if (err.code == DSR_OK)
            abort();
        goto out;
    }
    rc = dsr_render_write(&checked, &score, &ropts, pdf, &stats, &err);
    if (verbose)
        fprintf(stderr, "  render: %s, %u pages\n", rc == 0 ? "written" : err.msg,
                rc == 0 ? stats.pages : 0);
    if (rc == 0) {
        if (outdir_state() != 1 || stats.pages == 0 || stats.thumbnails != 0)
            abort();
    } else {
        /* a failure says why and leaves nothing behind */
        if (err.code == DSR_OK || outdir_state() != 0)
            abort();
    }
    unlink(pdf);
out:
    dsr_score_release(&score);
    dsr_check_result_release(&checked);
    return 0;
}
