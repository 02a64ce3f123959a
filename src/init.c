/*
 * init.c -- dossier init: a manifest skeleton and a folder per indicator.
 */
#include "dossier/workspace.h"

#include "dossier/buf.h"
#include "dossier/catalog.h"
#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "internal.h"
#include "workspace_int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define EVIDENCE_DIR "bukti"

/* ---- writing files --------------------------------------------------- */

/*
 * Write a new file 'path' that appears whole or not at all, and never
 * replaces one that exists (a note or manifest people may have written).
 */
static int
write_new_file(const char *path, const void *data, size_t len,
               struct dsr_error *err)
{
    struct dsr_error e = DSR_ERROR_INIT;

    if (dsr_fio_create(path, data, len, 0644, &e) == 0)
        return 0;
    if (e.code == DSR_IO && e.sys_errno == EEXIST)
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("'%s' exists; dossier init never overwrites it"),
                             path);
    if (err && err->code == DSR_OK)
        *err = e;
    return -1;
}

/*
 * Make the folder 'path' (and its parents) and make sure it is a real
 * folder: init never writes through a symbolic link left in the
 * workspace, which could point anywhere.
 */
static int
make_folder(const char *path, struct dsr_error *err)
{
    struct stat st;

    if (dsr_fio_mkdirs(path, err) < 0)
        return -1;
    if (lstat(path, &st) < 0)
        return dsr_error_sys(err, errno, path, _("cannot read"));
    if (!S_ISDIR(st.st_mode))
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("a symbolic link or not a folder; dossier "
                               "init writes only into real folders: remove "
                               "it, or make it a folder, and run init again"));
    return 0;
}

/* ---- init -------------------------------------------------------------- */

static int
note_text(struct dsr_buf *b, const struct dsr_catalog *c,
          const struct dsr_indicator *ind, struct dsr_error *err)
{
    const struct dsr_aspect *a = &c->aspects[ind->aspect];
    const char *hint = ind->hint.s[DSR_LANG_ID];
    char w[32];
    int rc;

    rc = dsr_buf_addf(b, err, "Indikator %s: %s\n", ind->id,
                      dsr_text_get(&ind->name, DSR_LANG_ID));
    if (rc == 0 && c->ndomains)
        rc = dsr_buf_addf(b, err, "Domain: %s\n",
                          dsr_text_get(&c->domains[a->domain].name, DSR_LANG_ID));
    if (rc == 0)
        rc = dsr_buf_addf(b, err, "Aspek: %s\nBobot: %s %%\n\n",
                          dsr_text_get(&a->name, DSR_LANG_ID),
                          dsr_format_hundredths((long)ind->weight, DSR_LANG_ID,
                                                w, sizeof(w)));
    if (rc == 0 && hint)
        rc = dsr_buf_addf(b, err,
                          "Bukti dukung yang biasanya diletakkan di folder "
                          "ini:\n%s\n\n",
                          hint);
    if (rc == 0)
        rc = dsr_buf_addf(b, err, "Kriteria tiap level (%s):\n",
                          dsr_text_get(&ind->scale->name, DSR_LANG_ID));
    for (int lv = DSR_LEVEL_MIN; rc == 0 && lv <= DSR_LEVEL_MAX; lv++)
        rc = dsr_buf_addf(
            b, err, "  %d %s: %s\n", lv,
            dsr_text_get(&ind->scale->level_name[lv], DSR_LANG_ID),
            dsr_text_get(&ind->criterion[lv], DSR_LANG_ID));
    if (rc == 0)
        rc = dsr_buf_adds(
            b,
            "\nLetakkan berkas bukti (PDF, tangkapan layar, dokumen, tabel) di "
            "folder ini,\nboleh di dalam subfolder, lalu jalankan:\n\n"
            "    dossier scan manifest.xml\n\n"
            "Setelah itu isi level setiap bukti di manifes (level=\"N\"), "
            "tanggal dokumen\nbila berbeda, dan penilaian mandiri indikator "
            "ini.\n",
            err);
    return rc;
}

static int
manifest_text(struct dsr_buf *b, const struct dsr_init_opts *o,
              struct dsr_error *err)
{
    const struct dsr_catalog *c = o->catalog;
    int rc;

    rc = dsr_buf_addf(
        b, err,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!--\n"
        "  Manifes bukti dukung %s, tahun %d.\n"
        "  1. Isi nama instansi dan pengampu (owner) setiap indikator.\n"
        "  2. Letakkan berkas bukti di folder " EVIDENCE_DIR
        "/NN-.../ indikatornya.\n"
        "  3. Jalankan: dossier scan manifest.xml\n"
        "  4. Isi level setiap bukti dan penilaian (assessment) setiap "
        "indikator,\n"
        "     lalu periksa dengan: dossier check manifest.xml\n"
        "-->\n"
        "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"",
        c->id, o->year);
    if (rc == 0)
        rc = dsr_ws_add_escaped(b, c->id, err);
    if (rc == 0)
        rc = dsr_buf_addf(b, err, "\" year=\"%d\">\n  <instance name=\"",
                          o->year);
    if (rc == 0)
        rc = dsr_ws_add_escaped(
            b, o->instance ? o->instance : DSR_INSTANCE_PLACEHOLDER, err);
    if (rc == 0)
        rc = dsr_buf_addf(
            b, err,
            "\"/>\n"
            "  <!-- <coordinator name=\"\" position=\"\" unit=\"\"/> -->\n"
            "  <!-- <period from=\"%d-01-01\" to=\"%d-06-30\"/> -->\n"
            "  <!-- <target index=\"2.60\"/> -->\n"
            "  <!-- <previous year=\"%d\" index=\"\"/> -->\n"
            "  <evidence-root path=\"" EVIDENCE_DIR "\"/>\n",
            o->year - 1, o->year, o->year - 1);
    for (size_t i = 0; rc == 0 && i < c->nindicators; i++) {
        const struct dsr_indicator *ind = &c->indicators[i];

        rc = dsr_buf_addf(b, err, "\n  <!-- %s. ", ind->id);
        if (rc == 0)
            rc = dsr_ws_add_comment_text(
                b, dsr_text_get(&ind->name, DSR_LANG_ID), err);
        if (rc == 0)
            rc = dsr_buf_adds(b, " -->\n  <indicator id=\"", err);
        if (rc == 0)
            rc = dsr_ws_add_escaped(b, ind->id, err);
        if (rc == 0)
            rc = dsr_buf_adds(b, "\" owner=\"\">\n  </indicator>\n", err);
    }
    if (rc == 0)
        rc = dsr_buf_adds(b, "</dossier>\n", err);
    return rc;
}

int
dsr_init_write(const char *dir, const struct dsr_init_opts *opts,
               struct dsr_error *err)
{
    const struct dsr_catalog *c = opts->catalog;
    struct dsr_buf b = DSR_BUF_INIT;
    char path[PATH_MAX];
    char folder[128];
    struct stat st;
    int rc = -1;

    if (snprintf(path, sizeof(path), "%s/manifest.xml", dir) >=
        (int)sizeof(path))
        return dsr_error_set(err, DSR_USAGE, dir, 0, "path too long");
    if (lstat(path, &st) == 0)
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("'%s' exists; dossier init never overwrites it"),
                             path);
    if (dsr_fio_mkdirs(dir, err) < 0 || manifest_text(&b, opts, err) < 0)
        goto out;
    if (snprintf(path, sizeof(path), "%s/" EVIDENCE_DIR, dir) >= (int)sizeof(path) ||
        make_folder(path, err) < 0)
        goto out;
    for (size_t i = 0; i < c->nindicators; i++) {
        const struct dsr_indicator *ind = &c->indicators[i];

        dsr_indicator_folder(ind, folder, sizeof(folder));
        if (snprintf(path, sizeof(path), "%s/" EVIDENCE_DIR "/%s", dir,
                     folder) >= (int)sizeof(path)) {
            dsr_error_set(err, DSR_USAGE, dir, 0, "path too long");
            goto out;
        }
        if (make_folder(path, err) < 0)
            goto out;
        strncat(path, "/" DSR_WS_NOTE_NAME, sizeof(path) - strlen(path) - 1);
        if (lstat(path, &st) == 0)
            continue;           /* a note people may have edited: keep it */
        {
            struct dsr_buf note = DSR_BUF_INIT;
            int nrc = note_text(&note, c, ind, err);

            if (nrc == 0)
                nrc = write_new_file(path, note.data, note.len, err);
            dsr_buf_release(&note);
            if (nrc < 0)
                goto out;
        }
    }
    /* the manifest last, so that a failure above leaves no manifest */
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    if (write_new_file(path, b.data, b.len, err) < 0)
        goto out;
    rc = 0;
out:
    dsr_buf_release(&b);
    return rc;
}
