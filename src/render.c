/*
 * render.c -- the dossier PDF: what the external assessors read in the
 * interview.  The document is laid out twice with the same code.  The
 * first pass learns the sections' titles, which the table of contents
 * (right after the cover) lists, and the page every section and
 * indicator starts on; the second, the one kept, prints them: "page X of
 * Y" in every footer, the contents, and the page references of the
 * agenda, the OPD table and the visit plan, all laid out before the pages
 * they name.  Page numbers are one line of any width, so the numbers do
 * not move the pages.  The first pass's contents lack the sections' own
 * rows (the indicators' are there); when adding them makes the contents
 * a page longer, the kept pass's pages disagree with what it printed, and
 * it is laid out again with what it learnt.  Also here: the table of
 * contents and the page references' helpers.  The parts of the document
 * are in render_*.c.
 */
#include "dossier/render.h"

#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/score.h"

#include "internal.h"
#include "layout.h"
#include "pdfa.h"
#include "render_int.h"
#include "preview_proc.h"
#include "thumb.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int render_pass(struct rnd *r, cairo_surface_t *surface, bool final,
                       struct dsr_error *err);
static void toc_indicators(struct rnd *r, struct ly_table *t);
static void toc_row(struct rnd *r, struct ly_table *t, const char *title,
                    bool bold, int depth, int page, const char *dest);
static bool toc_same_titles(const struct rd_toc *a, const struct rd_toc *b);
static bool toc_same_pages(const struct rd_toc *a, const struct rd_toc *b);
static void toc_clear(struct rd_toc *t);
static void toc_next_pass(struct rnd *r);

/* Times the kept pass is laid out at most (see the top of this file). */
#define RENDER_PASSES_MAX 4

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

/*
 * Where the PDF goes: memory (for the PDF/A pass, src/pdfa.c), and the
 * flag that stops it.
 */
struct sink {
    GByteArray *pdf;
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
    g_byte_array_append(k->pdf, data, length);
    return CAIRO_STATUS_SUCCESS;
}

/*
 * cairo's PDF in 'sink' made PDF/A-2 (when the caller gave the colour
 * profile's folder) and written to 'f'.
 */
static int
write_pdf(struct rnd *r, struct sink *sink, FILE *f, const char *name,
          struct dsr_error *err)
{
    const struct dsr_render_opts *opts = r->opts;
    struct dsr_pdfa_opts po = {
        .lang = r->lang == DSR_LANG_EN ? "en-US" : "id-ID",
        .document_id = opts->bundle_id,
        .alt = r->figure_alt ? (const char *const *)r->figure_alt->pdata : NULL,
        .nalt = r->figure_alt ? r->figure_alt->len : 0,
        /* straight into the open file, so that the PDF is never held twice */
        .out_file = f,
        .out_name = name,
    };
    unsigned char *out = NULL;
    size_t out_len = 0;
    char *icc = NULL;
    int ret = 0;

    if (!opts->color_dir) {
        out = sink->pdf->data;
        out_len = sink->pdf->len;
    } else {
        icc = g_build_filename(opts->color_dir, "sRGB.icc", NULL);
        po.icc_path = icc;
        if (dsr_pdfa_convert(sink->pdf->data, sink->pdf->len, &po, &out,
                             &out_len, NULL, err) < 0) {
            g_free(icc);
            return -1;
        }
    }
    if (out && fwrite(out, 1, out_len, f) != out_len)
        ret = dsr_error_sys(err, errno, name, "cannot write");
    if (opts->color_dir)
        free(out);
    g_free(icc);
    return ret;
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
    rd_toc(r);
    rd_summary(r);
    rd_agenda(r);
    rd_owners_section(r);
    rd_visit_section(r);
    r->toc.ind_at = r->toc.n;
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
            !r->opts->no_thumbnails && !r->opts->evidence_encrypted, &run->lim,
            &r->previews[i]);
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
    if (r->figure_alt)
        g_ptr_array_unref(r->figure_alt);
    rd_toc_release(r);
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
    struct sink sink = {.opts = opts, .pdf = g_byte_array_new()};
    enum dsr_fio_step step;
    size_t thumbs = 0, thumbs_missing = 0;
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

    /* the discarded pass: the sections' titles and pages */
    toc_next_pass(&r);
    surface = cairo_pdf_surface_create_for_stream(discard, NULL, LY_PAGE_W,
                                                  LY_PAGE_H);
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
    /*
     * The kept pass prints what the one before learnt; when its pages
     * disagree with what it printed (the contents grew a page), it is
     * laid out again with what it learnt.
     */
    for (int pass = 1;; pass++) {
        toc_next_pass(&r);
        g_byte_array_set_size(sink.pdf, 0);
        if (r.figure_alt)
            g_ptr_array_set_size(r.figure_alt, 0);
        surface = cairo_pdf_surface_create_for_stream(write_file, &sink,
                                                      LY_PAGE_W, LY_PAGE_H);
        metadata(&r, surface);
        if (render_pass(&r, surface, true, err) < 0)
            goto out;
        if (dsr_cancelled(opts->cancel)) {
            dsr_interrupted(err);
            goto out;
        }
        if (r.ly.page == r.total && toc_same_pages(&r.toc, &r.toc_prev))
            break;
        if (pass >= RENDER_PASSES_MAX) {
            dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                          "the layout passes disagree (%d and %d pages)",
                          r.total, r.ly.page);
            goto out;
        }
        r.total = r.ly.page;
        cairo_surface_destroy(surface);
        surface = NULL;
    }
    cairo_surface_destroy(surface);
    surface = NULL;
    /* the previews are drawn: their pixels go before the PDF/A pass */
    for (size_t k = 0; k < checked->nfiles; k++) {
        thumbs += r.previews[k].state == TH_OK;
        thumbs_missing += r.previews[k].state != TH_OK &&
                          r.previews[k].state != TH_NONE;
        th_release(&r.previews[k]);
    }
    /*
     * Hand back to the system what the layout and the previews freed
     * before the PDF/A pass allocates its own (glibc keeps freed memory
     * otherwise): -1.3 MiB peak RSS at 871 files, since the pass holds
     * one qpdf reading at a time (src/pdfa.c).
     */
    malloc_trim(0);
    if (write_pdf(&r, &sink, f, tmp.name, err) < 0)
        goto out;
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
        stats->thumbnails = thumbs;
        stats->thumbnails_missing = thumbs_missing;
    }
    ret = 0;
out:
    if (surface)
        cairo_surface_destroy(surface);
    if (f)
        fclose(f);
    dsr_fio_tmp_discard(&tmp);
    g_byte_array_unref(sink.pdf);
    release(&r);
    return ret;
}

/* ---- the table of contents and page references ----------------------- */

static void
toc_clear(struct rd_toc *t)
{
    for (size_t k = 0; k < t->n; k++)
        g_free(t->title[k]);
    memset(t, 0, sizeof(*t));
}

/* What this pass laid out becomes what the next one prints. */
static void
toc_next_pass(struct rnd *r)
{
    toc_clear(&r->toc_prev);
    r->toc_prev = r->toc;
    memset(&r->toc, 0, sizeof(r->toc));
}

static bool
toc_same_titles(const struct rd_toc *a, const struct rd_toc *b)
{
    if (a->n != b->n || a->ind_at != b->ind_at)
        return false;
    for (size_t k = 0; k < a->n; k++)
        if (strcmp(a->title[k], b->title[k]) != 0)
            return false;
    return true;
}

static bool
toc_same_pages(const struct rd_toc *a, const struct rd_toc *b)
{
    if (!toc_same_titles(a, b))
        return false;
    for (size_t k = 0; k < a->n; k++)
        if (a->page[k] != b->page[k])
            return false;
    return true;
}

void
rd_toc_release(struct rnd *r)
{
    toc_clear(&r->toc);
    toc_clear(&r->toc_prev);
}

void
rd_toc_note(struct rnd *r, const char *title)
{
    struct rd_toc *t = &r->toc;
    char name[32];

    /* past the bound, a section is still laid out, only not listed */
    if (t->n == RD_TOC_MAX)
        return;
    snprintf(name, sizeof(name), "sec-%zu", t->n);
    ly_anchor(&r->ly, name);
    t->title[t->n] = g_strdup(title);
    t->page[t->n] = r->ly.page;
    t->n++;
}

void
rd_page_ref(int page, char *out, size_t size)
{
    snprintf(out, size, _("p. %d"), page > 0 ? page : 0);
}

size_t
rd_ind_index(const struct rnd *r, const char *id)
{
    for (size_t i = 0; id && *id && i < r->score->nindicators; i++)
        if (strcmp(r->score->indicators[i].def->id, id) == 0)
            return i;
    return (size_t)-1;
}

void
rd_link_box(struct rnd *r, double x, double y, double w, double h,
            const char *attrs)
{
    char *tag;

    if (!r->ly.final)
        return;
    tag = g_strdup_printf("rect=[%.2f %.2f %.2f %.2f] %s", x, y, w, h, attrs);
    cairo_tag_begin(r->ly.cr, CAIRO_TAG_LINK, tag);
    cairo_tag_end(r->ly.cr, CAIRO_TAG_LINK);
    g_free(tag);
}

/* The width of the contents' page column. */
#define TOC_PAGE_W 48.0

/* One line of the contents: 'title' indented by 'depth', its page. */
static void
toc_row(struct rnd *r, struct ly_table *t, const char *title, bool bold,
        int depth, int page, const char *dest)
{
    static const char *const indent[] = {
        "", "\u2003\u2003", "\u2003\u2003\u2003\u2003",
        "\u2003\u2003\u2003\u2003\u2003\u2003"};
    const char *in = indent[depth < 0 ? 0 : depth > 3 ? 3 : depth];
    char num[16];
    char *cell = bold ? g_markup_printf_escaped("%s<b>%s</b>", in, title)
                      : g_markup_printf_escaped("%s%s", in, title);
    const char *cells[] = {cell, num};

    snprintf(num, sizeof(num), "%d", page > 0 ? page : 0);
    ly_table_row(&r->ly, t, cells, dest, &white);
    g_free(cell);
}

/*
 * The indicators' part of the contents: each domain and aspect (the page
 * of its first indicator) and every indicator, in the sections' order.
 */
static void
toc_indicators(struct rnd *r, struct ly_table *t)
{
    size_t prev_domain = (size_t)-1, prev_aspect = (size_t)-1;
    char dest[96];

    if (!r->score->nindicators)
        return;
    rd_ind_link(dest, sizeof(dest), 0);
    toc_row(r, t, _("Indicators"), true, 0, r->ind_page[0], dest);
    for (size_t i = 0; i < r->score->nindicators && !rd_stopped(r); i++) {
        const struct dsr_indicator *def = r->score->indicators[i].def;
        const struct dsr_aspect *asp = &r->cat->aspects[def->aspect];
        char *title;

        rd_ind_link(dest, sizeof(dest), i);
        if (r->cat->ndomains && asp->domain != prev_domain) {
            prev_domain = asp->domain;
            title = g_strdup_printf("%s %s", _("Domain"),
                                    rd_text(r, &r->cat->domains[asp->domain].name));
            toc_row(r, t, title, true, 1, r->ind_page[i], dest);
            g_free(title);
        }
        if (def->aspect != prev_aspect) {
            prev_aspect = def->aspect;
            title = g_strdup_printf("%s %s", _("Aspect"), rd_text(r, &asp->name));
            toc_row(r, t, title, !r->cat->ndomains, r->cat->ndomains ? 2 : 1,
                    r->ind_page[i], dest);
            g_free(title);
        }
        title = g_strdup_printf("%s. %s", def->id, rd_text(r, &def->name));
        toc_row(r, t, title, false, r->cat->ndomains ? 3 : 2, r->ind_page[i],
                dest);
        g_free(title);
    }
}

void
rd_toc(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = LY_WIDTH - TOC_PAGE_W, .style = LY_BODY,
         .align = PANGO_ALIGN_LEFT, .markup = true},
        {.width = TOC_PAGE_W, .style = LY_BODY, .align = PANGO_ALIGN_RIGHT},
    };
    /* one line per entry: the numbers never change the contents' length */
    struct ly_table t = {.cols = cols, .ncols = 2, .x = LY_LEFT,
                         .max_lines = 1};
    const struct rd_toc *prev = &r->toc_prev;

    r->toc.self = r->toc.n;
    rd_section(r, _("Contents"));
    ly_table_begin(&r->ly, &t);
    for (size_t k = 0; k <= prev->n && !rd_stopped(r); k++) {
        char dest[32];

        if (k == prev->ind_at)
            toc_indicators(r, &t);
        if (k == prev->n)
            break;
        if (k == prev->self)
            continue;
        snprintf(dest, sizeof(dest), "dest='sec-%zu'", k);
        toc_row(r, &t, prev->title[k], true, 0, prev->page[k], dest);
    }
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
