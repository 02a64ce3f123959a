/*
 * init.c -- dossier init: a manifest skeleton and a folder per indicator.
 */
#include "dossier/workspace.h"

#include "dossier/buf.h"
#include "dossier/catalog.h"
#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/score.h"
#include "internal.h"
#include "workspace_int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    /* an indicator scored from another agency's index needs no upload */
    if (rc == 0 && ind->external)
        rc = dsr_buf_addf(b, err,
                          "Indikator ini dinilai dari indeks %s (%s) yang "
                          "diterbitkan %s, bukan dari bukti dukung yang "
                          "diunggah.\nTulis nilainya di manifes: "
                          "<external index=\"%s\" value=\"...\" "
                          "year=\"...\" source=\"%s\"/>;\ntanpa nilai, "
                          "indikator ini dihitung 1.\n\n",
                          ind->external->index,
                          dsr_text_get(&ind->external->name, DSR_LANG_ID),
                          ind->external->agency ? ind->external->agency : "?",
                          ind->external->index,
                          ind->external->agency ? ind->external->agency : "");
    if (rc == 0 && hint)
        rc = dsr_buf_addf(b, err,
                          "Bukti dukung yang biasanya diletakkan di folder "
                          "ini:\n%s\n\n",
                          hint);
    if (rc == 0)
        rc = dsr_buf_addf(b, err, "Kriteria tiap tingkat (%s):\n",
                          dsr_text_get(&ind->scale->name, DSR_LANG_ID));
    for (int lv = DSR_LEVEL_MIN; rc == 0 && lv <= DSR_LEVEL_MAX; lv++)
        rc = dsr_buf_addf(
            b, err, "  %d %s: %s\n", lv,
            dsr_text_get(&ind->scale->level_name[lv], DSR_LANG_ID),
            dsr_text_get(&ind->criterion[lv], DSR_LANG_ID));
    /* the items the assessors judge one by one, where the catalog has them */
    if (rc == 0 && ind->nitems)
        rc = dsr_buf_adds(b,
                          "\nButir tiap tingkat (daftar sementara: cocokkan "
                          "dengan tampilan portal):\n",
                          err);
    for (int lv = DSR_LEVEL_MIN; rc == 0 && ind->nitems && lv <= DSR_LEVEL_MAX;
         lv++) {
        if (ind->level_first[lv] == ind->level_first[lv + 1])
            continue;
        rc = dsr_buf_addf(b, err, "  Tingkat %d:\n", lv);
        for (size_t k = ind->level_first[lv];
             rc == 0 && k < ind->level_first[lv + 1]; k++)
            rc = dsr_buf_addf(b, err, "    %-9s  %s\n", ind->items[k].id,
                              dsr_text_get(&ind->items[k].text, DSR_LANG_ID));
    }
    if (rc == 0 && ind->nitems && !ind->external)
        rc = dsr_buf_addf(b, err,
                          "Sebutkan butir yang didukung setiap bukti dukung "
                          "di manifes: item=\"%s\" pada <evidence>.\n",
                          ind->items[0].id);
    if (rc == 0)
        rc = dsr_buf_adds(
            b,
            "\nLetakkan berkas bukti dukung (PDF, tangkapan layar, dokumen, "
            "tabel) di folder ini,\nboleh di dalam subfolder, lalu "
            "jalankan:\n\n"
            "    dossier scan manifest.xml\n\n"
            "Setelah itu isi tingkat setiap bukti dukung di manifes "
            "(level=\"N\"), "
            "tanggal dokumen\nbila berbeda, dan penilaian mandiri indikator "
            "ini.\n",
            err);
    return rc;
}

/* ' NAME="VALUE"', escaped; nothing when 'value' is empty. */
static int
add_attr(struct dsr_buf *b, const char *name, const char *value,
         struct dsr_error *err)
{
    if (!value || !*value)
        return 0;
    if (dsr_buf_addf(b, err, " %s=\"", name) < 0 ||
        dsr_ws_add_escaped(b, value, err) < 0)
        return -1;
    return dsr_buf_adds(b, "\"", err);
}

/* 'd' moved 'years' on (dsr_date_add_years()), as YYYY-MM-DD. */
static void
date_on(const struct dsr_date *d, int years, bool end, char *out, size_t size)
{
    struct dsr_date r = dsr_date_add_years(d, years, end);

    snprintf(out, size, "%04d-%02d-%02d", r.year, r.month, r.day);
}

/* The header of the manifest: the root, instance, period, target, ... */
/*
 * The rest of <previous>: each filled indicator's level and value last
 * year, as <indicator id level value/> children, so that the dossier can
 * show the change per indicator.  Only within one framework: across
 * frameworks the scales differ (as for evidence levels).
 */
static int
previous_levels(struct dsr_buf *b, const struct dsr_init_opts *o,
                struct dsr_error *err)
{
    const struct dsr_score *sc = &o->from->view.score;
    bool any = false;
    int rc = 0;

    if (strcmp(o->from->view.manifest->framework, o->catalog->id) != 0)
        return dsr_buf_adds(b, "/>\n", err);
    for (size_t i = 0; rc == 0 && i < sc->nindicators; i++) {
        const struct dsr_score_indicator *si = &sc->indicators[i];

        if (si->stage < 0 || !si->def)
            continue;
        if (!any)
            rc = dsr_buf_adds(b, ">\n", err);
        any = true;
        if (rc == 0)
            rc = dsr_buf_adds(b, "    <indicator id=\"", err);
        if (rc == 0)
            rc = dsr_ws_add_escaped(b, si->def->id, err);
        if (rc == 0)
            rc = dsr_buf_addf(b, err, "\" level=\"%d\"", si->level);
        /* a value only where it says more than the level */
        if (rc == 0 && si->value != si->level * DSR_VALUE_ONE) {
            char v[48];
            size_t n = (size_t)snprintf(v, sizeof(v), "%ld.%04ld",
                                        si->value / DSR_VALUE_ONE,
                                        si->value % DSR_VALUE_ONE);

            while (n > 0 && v[n - 1] == '0')
                v[--n] = '\0';
            if (n > 0 && v[n - 1] == '.')
                v[--n] = '\0';
            rc = dsr_buf_addf(b, err, " value=\"%s\"", v);
        }
        if (rc == 0)
            rc = dsr_buf_adds(b, "/>\n", err);
    }
    if (rc == 0)
        rc = dsr_buf_adds(b, any ? "  </previous>\n" : "/>\n", err);
    return rc;
}

static int
head_text(struct dsr_buf *b, const struct dsr_init_opts *o,
          struct dsr_error *err)
{
    const struct dsr_catalog *c = o->catalog;
    const struct dsr_manifest *old = o->from ? o->from->view.manifest : NULL;
    int rc;

    rc = dsr_buf_addf(b, err,
                      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<!--\n"
                      "  Manifes bukti dukung %s, tahun %d.\n",
                      c->id, o->year);
    if (rc == 0 && old) {
        rc = dsr_buf_addf(b, err,
                          "  Dimulai dari tahun %d (", old->year);
        if (rc == 0)
            rc = dsr_ws_add_comment_text(b, o->from->view.dir, err);
        if (rc == 0)
            rc = dsr_buf_adds(
                b,
                "): instansi, koordinator, periode,\n"
                "  indeks tahun lalu, pengampu, tautan, dan dokumen yang masih\n"
                "  berlaku (in-force, from-year).  Dokumen kegiatan tahun lalu\n"
                "  (laporan, notulen, tangkapan layar) tidak dibawa: kumpulkan\n"
                "  yang baru.\n",
                err);
    }
    if (rc == 0)
        rc = dsr_buf_adds(
            b,
            "  1. Isi nama instansi dan pengampu (owner) setiap indikator.\n"
            "  2. Letakkan berkas bukti dukung di folder " DSR_WS_EVIDENCE_DIR
            "/NN-.../ indikatornya.\n"
            "  3. Jalankan: dossier scan manifest.xml\n"
            "  4. Isi tingkat (level) setiap bukti dukung dan penilaian "
            "(assessment) setiap "
            "indikator,\n"
            "     lalu periksa dengan: dossier check manifest.xml\n"
            "-->\n"
            "<dossier xmlns=\"urn:dossier:manifest:1\" framework=\"",
            err);
    if (rc == 0)
        rc = dsr_ws_add_escaped(b, c->id, err);
    if (rc == 0)
        rc = dsr_buf_addf(b, err, "\" year=\"%d\">\n  <instance name=\"",
                          o->year);
    if (rc == 0)
        rc = dsr_ws_add_escaped(b,
                                o->instance ? o->instance
                                : old       ? old->instance_name
                                            : DSR_INSTANCE_PLACEHOLDER,
                                err);
    if (rc == 0)
        rc = dsr_buf_adds(b, "\"", err);
    if (rc == 0 && old)
        rc = add_attr(b, "kind", old->instance_kind, err);
    if (rc == 0)
        rc = dsr_buf_adds(b, "/>\n", err);
    if (rc < 0)
        return -1;

    if (old && (*old->coordinator_name || *old->coordinator_position ||
                *old->coordinator_unit)) {
        rc = dsr_buf_adds(b, "  <coordinator", err);
        if (rc == 0)
            rc = add_attr(b, "name", old->coordinator_name, err);
        if (rc == 0)
            rc = add_attr(b, "position", old->coordinator_position, err);
        if (rc == 0)
            rc = add_attr(b, "unit", old->coordinator_unit, err);
        if (rc == 0)
            rc = dsr_buf_adds(b, "/>\n", err);
    } else {
        rc = dsr_buf_adds(
            b, "  <!-- <coordinator name=\"\" position=\"\" unit=\"\"/> -->\n", err);
    }
    if (rc < 0)
        return -1;

    if (old && old->has_period && (!old->period_from.year || !old->period_to.year ||
                                   dsr_date_cmp(&old->period_from, &old->period_to) > 0))
        o->carried->period_dropped = true;
    if (old && old->has_period && old->period_from.year && old->period_to.year &&
        !o->carried->period_dropped) {
        char from[16], to[16];

        date_on(&old->period_from, o->year - old->year, false, from, sizeof(from));
        date_on(&old->period_to, o->year - old->year, true, to, sizeof(to));
        rc = dsr_buf_addf(b, err, "  <period from=\"%s\" to=\"%s\"/>\n", from, to);
    } else {
        rc = dsr_buf_addf(b, err,
                          "  <!-- <period from=\"%d-01-01\" to=\"%d-06-30\"/> -->\n",
                          o->year - 1, o->year);
    }
    if (rc == 0)
        rc = dsr_buf_addf(b, err, "  <!-- <target index=\"%s\"/> -->\n",
                          old && old->has_target && old->target >= 0
                              ? old->target_text
                              : "2.60");
    if (rc == 0 && old && o->from->view.score.nfilled) {
        long h = dsr_index_hundredths(o->from->view.catalog,
                                      o->from->view.score.index);

        rc = dsr_buf_addf(b, err,
                          "  <!-- indeks %d dihitung dari manifest tahun itu -->\n"
                          "  <previous year=\"%d\" index=\"%ld.%02ld\"",
                          old->year, old->year, h / 100, h % 100);
        if (rc == 0)
            rc = previous_levels(b, o, err);
    } else if (rc == 0) {
        rc = dsr_buf_addf(b, err, "  <!-- <previous year=\"%d\" index=\"\"/> -->\n",
                          old ? old->year : o->year - 1);
    }
    if (rc == 0)
        rc = dsr_buf_adds(b, "  <evidence-root path=\"" DSR_WS_EVIDENCE_DIR "\"/>\n",
                          err);
    /* r22-anri: the archival classification, for the bundle's arsip.xml */
    if (rc == 0)
        rc = dsr_buf_adds(b,
                          "  <!-- <archive classification=\"\" access=\"terbatas\" "
                          "security=\"biasa\" active-years=\"\" inactive-years=\"\" "
                          "disposition=\"\"/> -->\n",
                          err);
    /* visits are the year's own: never carried, one line to fill in */
    if (rc == 0)
        rc = dsr_buf_addf(b, err,
                          "  <!-- <visit owner=\"\" date=\"%d-08-01\" "
                          "time=\"09.00-10.30\" place=\"\" person=\"\"/> -->\n",
                          o->year);
    return rc;
}

/* Whether last year's indicator 'oi' continues as 'ind'. */
static bool
continues_as(const struct dsr_init_opts *o, const struct dsr_mindicator *oi,
             const struct dsr_indicator *ind)
{
    return dsr_catalog_map_indicator(o->catalog, o->from->view.manifest->framework,
                                     oi->id) == ind;
}

/* The owner, evidence and links that 'ind' takes over from last year. */
static int
carried_text(struct dsr_buf *b, const struct dsr_init_opts *o,
             const struct dsr_indicator *ind, struct dsr_error *err)
{
    const struct dsr_manifest *old = o->from->view.manifest;
    const struct dsr_carry_result *r = o->carried;
    bool same = strcmp(old->framework, o->catalog->id) == 0;
    const char *owner = "";
    int rc;

    for (size_t i = 0; i < old->nindicators && !*owner; i++)
        if (*old->indicators[i].owner && continues_as(o, &old->indicators[i], ind))
            owner = old->indicators[i].owner;
    rc = dsr_buf_adds(b, "\" owner=\"", err);
    if (rc == 0)
        rc = dsr_ws_add_escaped(b, owner, err);
    if (rc == 0)
        rc = dsr_buf_adds(b, "\">\n", err);
    /* several indicators became this one: their other owners, to choose */
    for (size_t i = 0; rc == 0 && i < old->nindicators; i++) {
        const struct dsr_mindicator *oi = &old->indicators[i];

        if (*oi->owner && strcmp(oi->owner, owner) != 0 && continues_as(o, oi, ind)) {
            rc = dsr_buf_addf(b, err, "    <!-- pengampu indikator %s tahun %d: ",
                              oi->id, old->year);
            if (rc == 0)
                rc = dsr_ws_add_comment_text(b, oi->owner, err);
            if (rc == 0)
                rc = dsr_buf_adds(b, " -->\n", err);
        }
    }
    for (size_t i = 0; rc == 0 && r && i < r->nentries; i++) {
        const struct dsr_carried *x = &r->entries[i];
        const struct dsr_evidence *e = x->ev;

        if (x->ind != ind)
            continue;
        rc = dsr_buf_adds(b, "    <evidence", err);
        if (rc == 0)
            rc = add_attr(b, "file", x->to, err);
        if (rc == 0 && same && e->level != DSR_LEVEL_NONE)
            rc = dsr_buf_addf(b, err, " level=\"%ld\"", e->level);
        if (rc == 0 && e->date_text && e->date.year)
            rc = dsr_buf_addf(b, err, " date=\"%04d-%02d-%02d\"", e->date.year,
                              e->date.month, e->date.day);
        if (rc == 0 && e->date_text && e->date.year &&
            e->date_source != DSR_DATE_SOURCE_NONE)
            rc = dsr_buf_addf(b, err, " date-source=\"%s\"",
                              e->date_source == DSR_DATE_SOURCE_DOCUMENT ? "document"
                                                                         : "file");
        /* the year it first came from, when carried again */
        if (rc == 0)
            rc = dsr_buf_addf(b, err,
                              " sha256=\"%s\" in-force=\"true\" from-year=\"%d\">",
                              x->sha256, e->from_year ? e->from_year : old->year);
        if (rc == 0)
            rc = dsr_ws_add_escaped(b, e->title, err);
        if (rc == 0)
            rc = dsr_buf_adds(b, "</evidence>\n", err);
    }
    for (size_t i = 0; rc == 0 && i < old->nindicators; i++) {
        const struct dsr_mindicator *oi = &old->indicators[i];

        if (!oi->nlinks || !continues_as(o, oi, ind))
            continue;
        for (size_t k = 0; rc == 0 && k < oi->nlinks; k++) {
            const struct dsr_link *l = &oi->links[k];

            /* nor a password in its address (user:password@host) */
            char *href = dsr_url_public(l->href, err);

            rc = href ? dsr_buf_adds(b, "    <link", err) : -1;
            if (rc == 0)
                rc = add_attr(b, "href", href, err);
            free(href);
            if (rc == 0 && same && l->level != DSR_LEVEL_NONE)
                rc = dsr_buf_addf(b, err, " level=\"%ld\"", l->level);
            /* the account, not its password: passwords change yearly */
            if (rc == 0 && *l->account)
                rc = add_attr(b, "account", l->account, err);
            if (rc == 0)
                rc = dsr_buf_adds(b, ">", err);
            if (rc == 0)
                rc = dsr_ws_add_escaped(b, l->text, err);
            if (rc == 0)
                rc = dsr_buf_adds(b, "</link>\n", err);
        }
    }
    return rc;
}

static int
manifest_text(struct dsr_buf *b, const struct dsr_init_opts *o,
              struct dsr_error *err)
{
    const struct dsr_catalog *c = o->catalog;
    int rc = head_text(b, o, err);

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
            rc = o->from ? carried_text(b, o, ind, err)
                         : dsr_buf_adds(b, "\" owner=\"\">\n", err);
        if (rc == 0)
            rc = dsr_buf_adds(b, "  </indicator>\n", err);
    }
    if (rc == 0)
        rc = dsr_buf_adds(b, "</dossier>\n", err);
    return rc;
}

/*
 * The new manifest must load, against the schema, before it is written:
 * what last year's file said is not trusted to make a valid one.
 */
static int
validate(const struct dsr_buf *b, const char *path, const char *schemas_dir,
         struct dsr_error *err)
{
    struct dsr_findings findings = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    char schema[PATH_MAX];

    if (snprintf(schema, sizeof(schema), "%s/manifest.xsd", schemas_dir) >=
        (int)sizeof(schema))
        return dsr_error_set(err, DSR_USAGE, schemas_dir, 0, _("path too long"));
    m = dsr_manifest_load_mem(b->data, b->len, path, schema, &findings, err);
    if (m && findings.n == 0) {
        dsr_manifest_free(m);
        dsr_findings_release(&findings);
        return 0;
    }
    dsr_manifest_free(m);
    if (findings.n)
        dsr_error_set(err, DSR_INPUT, path, findings.items[0].line,
                      _("the new manifest would not be valid (%s), so it was "
                        "not written; the folders and files made so far are "
                        "kept, and init run again uses them"),
                      findings.items[0].message);
    dsr_findings_release(&findings);
    return -1;
}

/*
 * Whether --instance names the institution of the previous year (case
 * and spaces aside), so that no other institution's owners, coordinator,
 * index and regulations are carried in by mistake.  A previous year that
 * still has the placeholder for a name matches any.
 */
static bool
same_instance(const struct dsr_init_opts *o)
{
    const char *a = o->from->view.manifest->instance_name;

    return dsr_same_name(a, DSR_INSTANCE_PLACEHOLDER) ||
           dsr_same_name(a, o->instance);
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
        return dsr_error_set(err, DSR_USAGE, dir, 0, _("path too long"));
    if (lstat(path, &st) == 0)
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("'%s' exists; dossier init never overwrites it"),
                             path);
    if (opts->from && !opts->carried)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0, "no carry result");
    if (opts->from && opts->instance && !same_instance(opts))
        return dsr_error_set(err, DSR_USAGE, opts->from->view.dir, 0,
                             _("is of '%s', not of '%s': give that "
                               "institution's own previous year, or leave out "
                               "--instance (the name is carried over)"),
                             opts->from->view.manifest->instance_name,
                             opts->instance);
    if (dsr_fio_mkdirs(dir, err) < 0)
        goto out;
    if (snprintf(path, sizeof(path), "%s/" DSR_WS_EVIDENCE_DIR, dir) >= (int)sizeof(path) ||
        make_folder(path, err) < 0)
        goto out;
    for (size_t i = 0; i < c->nindicators; i++) {
        const struct dsr_indicator *ind = &c->indicators[i];

        dsr_indicator_folder(ind, folder, sizeof(folder));
        if (snprintf(path, sizeof(path), "%s/" DSR_WS_EVIDENCE_DIR "/%s", dir,
                     folder) >= (int)sizeof(path)) {
            dsr_error_set(err, DSR_USAGE, dir, 0, _("path too long"));
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
    if (opts->from && dsr_carry(dir, opts, opts->carried, err) < 0)
        goto out;
    /* the manifest last, so that a failure above leaves no manifest */
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    if (manifest_text(&b, opts, err) < 0 ||
        (opts->schemas_dir && validate(&b, path, opts->schemas_dir, err) < 0) ||
        write_new_file(path, b.data, b.len, err) < 0)
        goto out;
    rc = 0;
out:
    dsr_buf_release(&b);
    return rc;
}
