/*
 * pack.c -- the yearly bundle: check, then build the bag in a private
 * directory beside OUTDIR, sync it, and publish it with one rename.
 */
#include "dossier/pack.h"

#include "dossier/bundle_meta.h"
#include "dossier/render.h"
#include "dossier/score.h"
#include "fileio.h"
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *
dsr_bundle_id(const struct dsr_check_result *checked, char *out, size_t size)
{
    const struct dsr_manifest *m = checked->manifest;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_hash *h = NULL;
    char hex[DSR_HASH_HEX_MAX];
    char *ret = NULL;
    char *copy = NULL;
    size_t copy_len, removed;

    if (!m)
        return NULL;
    /*
     * The bytes without the links' secrets: the bundle archives the
     * manifest without them, so an id over the secrets would let anyone
     * holding the bundle test a guessed password offline.
     */
    if (dsr_manifest_strip_secrets(m->source, m->source_len, NULL, &copy,
                                   &copy_len, &removed, &err) < 0)
        goto out;
    h = dsr_hash_new(DSR_HASH_SHA256, &err);
    if (!h || dsr_hash_update(h, copy, copy_len, &err) < 0)
        goto out;
    for (size_t i = 0; i < checked->nfiles; i++) {
        const struct dsr_checked_file *f = &checked->files[i];
        const struct dsr_evidence *ev =
            &m->indicators[f->indicator].evidence[f->evidence];
        const char *sha = f->read ? f->info.sha256 : "";

        if (dsr_hash_update(h, ev->file, strlen(ev->file) + 1, &err) < 0 ||
            dsr_hash_update(h, sha, strlen(sha), &err) < 0 ||
            dsr_hash_update(h, "\n", 1, &err) < 0)
            goto out;
    }
    if (dsr_hash_final(h, hex, &err) < 0)
        goto out;
    if (snprintf(out, size, "%s-%s-%.16s", m->framework, m->year_text, hex) >=
        (int)size)
        goto out;
    ret = out;
out:
    dsr_hash_free(h);
    free(copy);
    dsr_error_clear(&err);
    return ret;
}

/* The payload directories: data/ and data/indicators/. */
static int
make_layout(const char *tmp, struct dsr_error *err)
{
    char dir[PATH_MAX + 64];

    snprintf(dir, sizeof(dir), "%s/%s", tmp, DSR_BAG_PAYLOAD_DIR);
    if (mkdir(dir, 0755) < 0)
        return dsr_error_sys(err, errno, NULL, _("cannot create '%s'"), dir);
    snprintf(dir, sizeof(dir), "%s/%s", tmp, DSR_BUNDLE_ZIP_DIR);
    if (mkdir(dir, 0755) < 0)
        return dsr_error_sys(err, errno, NULL, _("cannot create '%s'"), dir);
    return 0;
}

/* One zip per indicator with evidence; a zip that fails fails the bundle. */
static int
write_zips(const char *tmp, const struct dsr_pack_opts *o,
           struct dsr_pack_result *res, struct dsr_error *err)
{
    struct dsr_zips_opts bopts = {
        .passphrase = o->passphrase,
        .jobs = o->jobs,
        .source_date_epoch = o->source_date_epoch,
        .progress = o->progress,
        .progress_ctx = o->progress_ctx,
        .cancel = o->cancel,
        /* what the bag's payload manifests will ask for */
        .digest_algs = DSR_HASH_BIT(o->alg) | o->algs,
    };
    char dir[PATH_MAX + 64];
    bool input = false;

    snprintf(dir, sizeof(dir), "%s/%s", tmp, DSR_BUNDLE_ZIP_DIR);
    bopts.out_dir = dir;
    if (dsr_zips_write(&res->checked, &bopts, &res->zips, err) < 0)
        return -1;
    if (dsr_cancelled(o->cancel))
        return dsr_interrupted(err);
    if (res->zips.failed == 0) {
        for (size_t i = 0; i < res->zips.nzips; i++) {
            res->files += res->zips.zips[i].entries;
            res->bytes += res->zips.zips[i].bytes;
        }
        return 0;
    }
    /* the input's fault only when every failed zip failed for its input */
    input = true;
    for (size_t i = 0; i < res->zips.nzips; i++)
        if (!res->zips.zips[i].written && res->zips.zips[i].code != DSR_INPUT)
            input = false;
    return dsr_error_set(err, input ? DSR_INPUT : DSR_IO, NULL, 0,
                         _("%zu of %zu zips failed; no bundle was written"),
                         res->zips.failed, res->zips.nzips);
}

/*
 * After the zips, which read and hashed every evidence file: the findings
 * that need the content (the documents opened, a SHA-256 the manifest
 * gives, identical files); an error among them refuses the pack as
 * check's own would have, before anything is published.
 */
static int
finish_check(const char *manifest, const struct dsr_check_opts *copts,
             struct dsr_pack_result *res, struct dsr_error *err)
{
    const struct dsr_check_result *c = &res->checked;

    if (dsr_check_content(&res->checked, copts, err) < 0)
        return -1;
    /* the document opened is not the one zipped: no bundle of it */
    for (size_t i = 0; i < c->nfiles; i++)
        if (c->files[i].read && c->files[i].health == DSR_DOC_NOT_OPENED &&
            c->files[i].limit == DSR_DOC_LIMIT_CHANGED)
            return dsr_error_set(
                err, DSR_INPUT, NULL, 0,
                _("'%s' changed while it was being packed; nothing was "
                  "packed: run pack again once no one is changing the "
                  "evidence"),
                c->manifest->indicators[c->files[i].indicator]
                    .evidence[c->files[i].evidence]
                    .file);
    if (c->findings.counts[DSR_SEV_ERROR])
        return dsr_error_set(err, DSR_INPUT, NULL, 0,
                             _("'%s' has %zu errors; nothing was packed (run "
                               "'dossier check' for the full report)"),
                             manifest, c->findings.counts[DSR_SEV_ERROR]);
    return 0;
}

/* The bag's digests of a zip, from the thread that wrote it. */
static bool
known_digest(void *ctx, const char *path, const struct stat *st,
             const bool need[DSR_HASH_COUNT],
             char digest[DSR_HASH_COUNT][DSR_HASH_HEX_MAX])
{
    const struct dsr_zips_result *zips = ctx;
    size_t dir = strlen(DSR_BUNDLE_ZIP_DIR);

    if (strncmp(path, DSR_BUNDLE_ZIP_DIR, dir) != 0 || path[dir] != '/')
        return false;
    for (size_t i = 0; i < zips->nzips; i++) {
        const struct dsr_zip_outcome *z = &zips->zips[i];

        if (!z->written || strcmp(z->name, path + dir + 1) != 0)
            continue;
        /* the file digested, not another of the same size in its place */
        if (!S_ISREG(st->st_mode) || !dsr_fio_same_file(st, &z->zip_stat))
            return false;
        for (int a = 0; a < DSR_HASH_COUNT; a++)
            if (need[a] && !z->digest[a][0])
                return false;
        for (int a = 0; a < DSR_HASH_COUNT; a++)
            if (need[a])
                memcpy(digest[a], z->digest[a], DSR_HASH_HEX_MAX);
        return true;
    }
    return false;
}

/*
 * data/manifest.xml: the bytes check read, without the links' secret=
 * (the demo accounts' passwords), which no part of a bundle holds; the
 * copy says at its end that they were removed.  The copy is loaded
 * again to make sure: a secret left in it fails the pack.
 */
static int
write_manifest(const char *path, const struct dsr_pack_opts *o,
               struct dsr_pack_result *res, struct dsr_error *err)
{
    const struct dsr_manifest *m = res->checked.manifest;
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *copy = NULL;
    char schema[PATH_MAX];
    char note[256];
    char *data = NULL;
    size_t len = 0, from, to;
    int ret = -1;

    snprintf(note, sizeof(note), "<!-- %s -->\n",
             _("the demo accounts' passwords (secret= and user:password@ in "
               "addresses) were removed from this copy of the manifest"));
    if (dsr_manifest_strip_secrets(m->source, m->source_len, note, &data, &len,
                                   &res->secrets_removed, err) < 0)
        return -1;
    snprintf(schema, sizeof(schema), "%s/manifest.xsd", o->schemas_dir);
    copy = dsr_manifest_load_mem(data, len, m->path, schema, &f, err);
    if (!copy && err && err->code != DSR_OK)
        goto out;
    for (size_t i = 0; copy && i < copy->nindicators; i++)
        for (size_t j = 0; j < copy->indicators[i].nlinks; j++)
            if (copy->indicators[i].links[j].secret ||
                dsr_url_password(copy->indicators[i].links[j].href,
                                 strlen(copy->indicators[i].links[j].href),
                                 &from, &to)) {
                dsr_manifest_free(copy);
                copy = NULL;
                break;
            }
    if (!copy || f.counts[DSR_SEV_ERROR] || copy->nindicators != m->nindicators) {
        dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                      "the manifest's copy without secrets does not load as "
                      "the manifest did");
        goto out;
    }
    ret = dsr_fio_create(path, data, len, dsr_fio_default_mode(), err);
out:
    dsr_manifest_free(copy);
    dsr_findings_release(&f);
    free(data);
    return ret;
}

/*
 * data/manifest.xml (the bytes check read, without secrets),
 * data/findings.xml and data/dossier.pdf.
 */
static int
write_documents(const char *tmp, const struct dsr_pack_opts *o, int64_t date,
                struct dsr_pack_result *res, struct dsr_error *err)
{
    struct dsr_render_opts ropts = {
        .lang = o->lang,
        .fonts_dir = o->fonts_dir,
        .color_dir = o->color_dir,
        .bundle_id = res->id,
        .date = date,
        .jobs = o->jobs,
        /* a bundle never holds a password, even when its zips are encrypted */
        .include_secrets = false,
        /* nor shows the encrypted evidence in clear in its previews */
        .evidence_encrypted = o->passphrase != NULL,
    };
    struct dsr_score_opts sopts = {.stage = -1, .target = -1};
    struct dsr_score score = {0};
    struct dsr_render_stats stats;
    char path[PATH_MAX + 64];
    int rc;

    snprintf(path, sizeof(path), "%s/%s", tmp, DSR_BUNDLE_MANIFEST);
    if (write_manifest(path, o, res, err) < 0)
        return -1;
    snprintf(path, sizeof(path), "%s/%s", tmp, DSR_BUNDLE_FINDINGS);
    if (dsr_check_write_xml(&res->checked, path, err) < 0)
        return -1;
    snprintf(path, sizeof(path), "%s/%s", tmp, DSR_BUNDLE_DOSSIER);
    rc = dsr_score_checked(&res->checked, &sopts, &score, err) < 0 ||
                 dsr_render_write(&res->checked, &score, &ropts, path, &stats, err) < 0
             ? -1
             : 0;
    dsr_score_release(&score);
    if (rc < 0)
        return -1;
    return dsr_cancelled(o->cancel) ? dsr_interrupted(err) : 0;
}

/* The tag files over what is under data/, then everything synced. */
static int
write_bag(const char *tmp, const struct dsr_pack_opts *o, int64_t date,
          const struct dsr_pack_result *res, struct dsr_error *err)
{
    const struct dsr_manifest *m = res->checked.manifest;
    /* metadata/arsip.xml and events.xml, through the tag_files hook */
    struct dsr_bundle_meta meta = {
        .checked = &res->checked,
        .id = res->id,
        .date = date,
        .lang = o->lang,
        .alg = o->alg,
        .tool_version = DOSSIER_VERSION,
    };
    struct dsr_bag_opts gopts = {
        .alg = o->alg,
        .algs = o->algs,
        .sign_key = o->sign_key,
        .jobs = o->jobs,
        .cancel = o->cancel,
        .tag_files = dsr_bundle_meta_tag_files,
        .tag_files_ctx = &meta,
        .known = known_digest,
        .known_ctx = (void *)&res->zips,
    };
    struct dsr_bag_info info = {0};
    char day[32], group[512], description[1024];
    char profile_id[256], producer[1024];
    time_t t = (time_t)date;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(day, sizeof(day), "%Y-%m-%d", &tm);
    /* one group for every year of the instance (docs/design.md) */
    if (!dsr_bag_group_identifier(m->instance_name, group, sizeof(group)))
        snprintf(group, sizeof(group), "urn:dossier:group:%s", m->framework);
    if (m->coordinator_unit && *m->coordinator_unit)
        snprintf(producer, sizeof(producer), "%s, %s", m->coordinator_unit,
                 m->instance_name);
    else
        snprintf(producer, sizeof(producer), "%s",
                 m->instance_name ? m->instance_name : "");
    if (o->profile &&
        dsr_bag_put_profile(tmp, o->profile, profile_id, sizeof(profile_id),
                            err) < 0)
        return -1;
    snprintf(description, sizeof(description),
             "SPBE evaluation evidence of %s for %s, framework %s: the manifest, "
             "the check report, the dossier and one zip per indicator%s",
             m->instance_name, m->year_text, m->framework,
             res->secrets_removed ? "; the demo accounts' passwords were "
                                    "removed from the manifest's copy"
                                  : "");
    info.source_organization = m->instance_name;
    info.contact_name = m->coordinator_name;
    info.external_description = description;
    info.external_identifier = res->id;
    info.bagging_date = day;
    info.group_identifier = group;
    info.internal_sender_identifier = res->id;
    info.bag_producing_organization = producer;
    info.profile_identifier = o->profile ? profile_id : NULL;
    if (dsr_bag_write(tmp, &info, &gopts, err) < 0 || dsr_bag_sync(tmp, err) < 0)
        return -1;
    return dsr_cancelled(o->cancel) ? dsr_interrupted(err) : 0;
}

/* Rename 'tmp' to 'out' and make the rename durable. */
static int
publish(const char *tmp, const char *out, struct dsr_pack_result *res,
        struct dsr_error *err)
{
    /* mkdtemp made it private; a bundle is an ordinary directory */
    mode_t mask = umask(022);
    int rc;

    umask(mask);
    chmod(tmp, 0777 & ~mask);
    /* never over an OUTDIR that appeared meanwhile, even an empty one */
    rc = dsr_fio_rename_new(tmp, out);
    if (rc > 0)
        rc = rename(tmp, out);
    if (rc < 0) {
        int e = errno;

        /* another OUTDIR appeared meanwhile: the caller's conflict */
        if (e == EEXIST || e == ENOTEMPTY || e == ENOTDIR)
            return dsr_error_set(err, DSR_USAGE, NULL, 0,
                                 _("cannot move the bundle into place at '%s': %s"),
                                 out, dsr_strerror(e));
        return dsr_error_sys(err, e, NULL,
                             _("cannot move the bundle into place at '%s'"), out);
    }
    res->published = true;
    if (dsr_fio_sync_parent(out) < 0)
        return dsr_error_sys(err, errno, NULL,
                             _("cannot sync the directory holding '%s'"), out);
    return 0;
}

int
dsr_pack_write(const char *manifest, const char *out,
               const struct dsr_pack_opts *opts, struct dsr_pack_result *res,
               struct dsr_error *err)
{
    struct dsr_check_opts copts = {
        .frameworks_dir = opts->frameworks_dir,
        .schemas_dir = opts->schemas_dir,
        .jobs = opts->jobs,
        .lang = opts->lang,
        .cancel = opts->cancel,
        .evidence_root = opts->evidence_root,
        .no_openat2 = opts->no_openat2,
        /* the zips read every byte; check reads only the first */
        .content_later = true,
    };
    /* one moment for the dossier's date and the bag's, even at midnight */
    int64_t date = opts->source_date_epoch >= 0 ? opts->source_date_epoch
                                                : (int64_t)time(NULL);
    char tmp[PATH_MAX];
    struct stat st;
    int ret = -1;

    memset(res, 0, sizeof(*res));
    tmp[0] = '\0';
    if (lstat(out, &st) == 0)
        return dsr_error_set(err, DSR_USAGE, NULL, 0,
                             _("'%s' exists; pack never overwrites a bundle"), out);
    if (dsr_check(manifest, &copts, &res->checked, err) < 0)
        return dsr_cancelled(opts->cancel) ? dsr_interrupted(err) : -1;
    if (res->checked.findings.counts[DSR_SEV_ERROR] || !res->checked.catalog)
        return dsr_error_set(err, DSR_INPUT, NULL, 0,
                             _("'%s' has %zu errors; nothing was packed (run "
                               "'dossier check' for the full report)"),
                             manifest, res->checked.findings.counts[DSR_SEV_ERROR]);
    if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", out) >= (int)sizeof(tmp)) {
        tmp[0] = '\0';
        return dsr_error_sys(err, ENAMETOOLONG, NULL,
                             _("cannot create a directory beside '%s'"), out);
    }
    if (dsr_fio_mkparents(out, err) < 0) {
        tmp[0] = '\0';
        return -1;
    }
    if (!mkdtemp(tmp)) {
        tmp[0] = '\0';
        return dsr_error_sys(err, errno, NULL,
                             _("cannot create a directory beside '%s'"), out);
    }
    if (make_layout(tmp, err) < 0 || write_zips(tmp, opts, res, err) < 0 ||
        finish_check(manifest, &copts, res, err) < 0)
        goto out;
    if (!dsr_bundle_id(&res->checked, res->id, sizeof(res->id))) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if (write_documents(tmp, opts, date, res, err) < 0 ||
        write_bag(tmp, opts, date, res, err) < 0 || publish(tmp, out, res, err) < 0)
        goto out;
    ret = 0;
out:
    if (!res->published && tmp[0])
        dsr_fio_remove_tree(tmp);
    return ret;
}

void
dsr_pack_result_release(struct dsr_pack_result *res)
{
    if (!res)
        return;
    dsr_zips_result_release(&res->zips);
    dsr_check_result_release(&res->checked);
    memset(res, 0, sizeof(*res));
}
