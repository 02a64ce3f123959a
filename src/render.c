/*
 * render.c -- the dossier PDF: what the external assessors read in the
 * interview.  The document is laid out twice with the same code: the
 * first pass only counts the pages, so that the second can print "page X
 * of Y" in every footer, and the agenda (before the indicators' sections)
 * the page each section starts on.  The parts of the document are in
 * render_*.c.
 */
#include "dossier/render.h"

#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/score.h"

#include "internal.h"
#include "layout.h"
#include "render_int.h"
#include "preview_proc.h"
#include "thumb.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int render_pass(struct rnd *r, cairo_surface_t *surface, bool final,
                       struct dsr_error *err);

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/* Where the PDF goes: the file, and the flag that stops it. */
struct sink {
    FILE *f;
    const struct dsr_render_opts *opts;
};

static cairo_status_t
write_file(void *closure, const unsigned char *data, unsigned int length)
{
    struct sink *k = closure;

    /*
     * Once stopped, the rest is dropped, not refused: cairo 1.16 crashes
     * finishing a PDF surface whose first writes failed.  The pass then
     * ends without I/O, and its caller sees the flag.
     */
    if (dsr_cancelled(k->opts->cancel))
        return CAIRO_STATUS_SUCCESS;
    return fwrite(data, 1, length, k->f) == length ? CAIRO_STATUS_SUCCESS
                                                   : CAIRO_STATUS_WRITE_ERROR;
}

static void
metadata(struct rnd *r, cairo_surface_t *s)
{
    char *title = g_strdup_printf(_("%s evaluation dossier %s, %s"),
                                  r->cat->short_name, r->m->year_text,
                                  r->m->instance_name);
    char *keywords = g_strdup_printf("%s, %s, %s, %s", r->cat->short_name,
                                     _("evidence"),
                                     r->m->year_text, r->cat->id);

    ly_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    ly_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, r->m->instance_name);
    ly_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, rd_text(r, &r->cat->title));
    ly_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, keywords);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "dossier");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, r->iso_date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, r->iso_date);
    g_free(keywords);
    g_free(title);
}

static int
render_pass(struct rnd *r, cairo_surface_t *surface, bool final,
            struct dsr_error *err)
{
    cairo_status_t st;

    if (ly_open(&r->ly, surface, r->opts->fonts_dir, final, err) < 0)
        return -1;
    r->ly.decorate = rd_decorate;
    r->ly.decorate_ctx = r;
    rd_cover(r);
    rd_summary(r);
    rd_agenda(r);
    rd_owners_section(r);
    rd_visit_section(r);
    rd_indicators(r);
    rd_appendix_findings(r);
    rd_appendix_checksums(r);
    rd_signoff(r);
    /* a context in error has drawn nothing since: no blank pages */
    st = ly_close(&r->ly);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surface);
    if (st != CAIRO_STATUS_SUCCESS)
        return dsr_error_set(err, st == CAIRO_STATUS_WRITE_ERROR ? DSR_IO : DSR_RENDER,
                             NULL, 0, "cairo: %s", cairo_status_to_string(st));
    return 0;
}

/* What the preview threads share: the render and the previews' budget. */
struct preview_run {
    struct rnd *r;
    struct th_limits lim;
    struct th_budget budget;
};

/*
 * The preview of evidence file i, on one of dsr_parallel()'s threads: from
 * the bytes check hashed, made in a child process under the budget.
 */
static void
preview_job(void *ctx, size_t i)
{
    struct preview_run *run = ctx;
    struct rnd *r = run->r;
    const struct dsr_checked_file *cf = &r->res->files[i];
    enum dsr_path_status status;
    int sys_errno;
    int fd;

    if (!cf->read || !cf->resolved || dsr_cancelled(r->opts->cancel))
        return;
    /* -1 (gone, or no longer a regular file beneath the root): TH_FAILED */
    fd = dsr_root_open_file(&r->res->root, cf->resolved, &status, &sys_errno);
    th_make(fd, cf->info.sha256, cf->info.mime, cf->info.size,
            (int)(THUMB_W * THUMB_PX), (int)(THUMB_H * THUMB_PX),
            !r->opts->no_thumbnails, &run->lim, &r->previews[i]);
    if (fd >= 0)
        close(fd);
}

static int
prepare(struct rnd *r, struct dsr_error *err)
{
    const struct dsr_check_result *res = r->res;
    struct preview_run run;
    time_t t = (time_t)r->opts->date;
    struct tm tm;

    if (!gmtime_r(&t, &tm))
        return dsr_error_set(err, DSR_USAGE, NULL, 0, "the date is out of range");
    snprintf(r->date, sizeof(r->date), "%d %s %d", tm.tm_mday,
             rd_month_name(tm.tm_mon), tm.tm_year + 1900);
    strftime(r->iso_date, sizeof(r->iso_date), "%Y-%m-%dT%H:%M:%SZ", &tm);

    r->file_base = g_new0(size_t, r->m->nindicators + 1);
    r->ind_page = g_new0(int, r->score->nindicators + 1);
    r->previews = g_new0(struct th_preview, res->nfiles + 1);
    for (size_t k = res->nfiles; k-- > 0;) {
        const struct dsr_checked_file *cf = &res->files[k];

        if (cf->indicator < r->m->nindicators && cf->evidence == 0)
            r->file_base[cf->indicator] = k;
    }
    run.r = r;
    th_limits_default(&run.lim);
    if (r->opts->preview_cpu_seconds)
        run.lim.cpu_seconds = r->opts->preview_cpu_seconds;
    if (r->opts->preview_memory_mib)
        run.lim.memory = (uint64_t)r->opts->preview_memory_mib << 20;
    run.lim.wall_seconds = TH_WALL_SECONDS > 4 * run.lim.cpu_seconds
                               ? TH_WALL_SECONDS
                               : 4 * run.lim.cpu_seconds;
    th_budget_start(&run.budget, r->opts->preview_total_seconds
                                     ? r->opts->preview_total_seconds
                                     : TH_TOTAL_SECONDS);
    run.lim.budget = &run.budget;
    run.lim.cancel = r->opts->cancel;
    dsr_parallel(res->nfiles, r->opts->jobs, preview_job, &run);
    return 0;
}

static void
release(struct rnd *r)
{
    for (size_t k = 0; r->previews && k < r->res->nfiles; k++)
        th_release(&r->previews[k]);
    g_free(r->previews);
    g_free(r->file_base);
    g_free(r->ind_page);
}

int
dsr_render_write(const struct dsr_check_result *checked,
                 const struct dsr_score *score,
                 const struct dsr_render_opts *opts, const char *path,
                 struct dsr_render_stats *stats, struct dsr_error *err)
{
    struct rnd r = {.res = checked, .score = score, .opts = opts,
                    .lang = opts->lang};
    cairo_surface_t *surface = NULL;
    struct dsr_fio_tmp tmp = DSR_FIO_TMP_INIT;
    struct sink sink = {.opts = opts};
    enum dsr_fio_step step;
    FILE *f = NULL;
    int fd;
    int rc;
    int ret = -1;

    if (!checked->manifest || !checked->catalog ||
        checked->findings.counts[DSR_SEV_ERROR])
        return dsr_error_set(err, DSR_INPUT, NULL, 0,
                             "the manifest has errors; run dossier check");
    if (!score || score->nindicators != checked->nindicators)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                             "the score is not of this check's catalog");
    r.m = checked->manifest;
    r.cat = checked->catalog;
    if (prepare(&r, err) < 0)
        goto out;
    if (dsr_cancelled(opts->cancel)) {
        dsr_interrupted(err);
        goto out;
    }

    /* pass 1: pages and where each indicator starts */
    surface = cairo_pdf_surface_create_for_stream(discard, NULL, LY_PAGE_W, LY_PAGE_H);
    if (render_pass(&r, surface, false, err) < 0)
        goto out;
    r.total = r.ly.page;
    cairo_surface_destroy(surface);
    surface = NULL;
    if (dsr_cancelled(opts->cancel)) {
        dsr_interrupted(err);
        goto out;
    }

    /* beside 'path', so that the rename is atomic */
    if (dsr_fio_mkparents(path, err) < 0)
        goto out;
    if (dsr_fio_tmp_create(&tmp, path, false, &step) < 0) {
        dsr_error_sys(err, errno, path,
                      _("cannot create a temporary file for the PDF in its "
                        "folder"));
        goto out;
    }
    /* stdio on a second descriptor; the first is synced and closed below */
    fd = dup(tmp.fd);
    f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        dsr_error_sys(err, errno, tmp.name, "cannot open");
        if (fd >= 0)
            close(fd);
        goto out;
    }
    sink.f = f;
    surface = cairo_pdf_surface_create_for_stream(write_file, &sink, LY_PAGE_W,
                                                  LY_PAGE_H);
    metadata(&r, surface);
    if (render_pass(&r, surface, true, err) < 0)
        goto out;
    if (dsr_cancelled(opts->cancel)) {
        dsr_interrupted(err);
        goto out;
    }
    if (r.ly.page != r.total) {
        dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                      "the two layout passes disagree (%d and %d pages)", r.total,
                      r.ly.page);
        goto out;
    }
    if (fflush(f) != 0) {
        dsr_error_sys(err, errno, tmp.name, "cannot write");
        goto out;
    }
    rc = fclose(f);
    f = NULL;
    /* mkstemp made it private; the dossier is an ordinary file */
    if (rc != 0 || dsr_fio_tmp_finish(&tmp, dsr_fio_default_mode()) < 0) {
        dsr_error_sys(err, errno, tmp.name, "cannot write");
        goto out;
    }
    /* the last moment to stop with 'path' as it was */
    if (dsr_cancelled(opts->cancel)) {
        dsr_interrupted(err);
        goto out;
    }
    if (dsr_fio_tmp_place(&tmp, path, DSR_FIO_REPLACE) < 0) {
        dsr_error_sys(err, errno, path, "cannot move the dossier into place");
        goto out;
    }
    if (stats) {
        memset(stats, 0, sizeof(*stats));
        stats->pages = (unsigned)r.total;
        for (size_t k = 0; k < checked->nfiles; k++) {
            stats->thumbnails += r.previews[k].state == TH_OK;
            stats->thumbnails_missing += r.previews[k].state != TH_OK &&
                                         r.previews[k].state != TH_NONE;
        }
    }
    ret = 0;
out:
    if (surface)
        cairo_surface_destroy(surface);
    if (f)
        fclose(f);
    dsr_fio_tmp_discard(&tmp);
    release(&r);
    return ret;
}

int
dsr_previews_start(struct dsr_error *err)
{
    if (!pv_start())
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0, "%s",
                             _("cannot start the preview server (the process "
                               "has threads, or fork failed)"));
    return 0;
}

void
dsr_previews_stop(void)
{
    pv_stop();
}
