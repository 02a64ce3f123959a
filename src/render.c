/*
 * render.c -- the dossier PDF: what the external assessors read in the
 * interview.  The document is laid out twice with the same code: the
 * first pass only counts the pages, so that the second can print "page X
 * of Y" in every footer.
 */
#include "dossier/render.h"

#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/score.h"

#include "internal.h"
#include "layout.h"
#include "thumb.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Previews: boxes in the PDF, in points, and their pixels (2 per point). */
#define THUMB_W 74.0
#define THUMB_H 104.0
#define THUMB_COLS 6
#define THUMB_PX 2

static const struct ly_rgb ink = {0.10, 0.10, 0.12};
static const struct ly_rgb muted = {0.38, 0.40, 0.45};
static const struct ly_rgb navy = {0.08, 0.22, 0.38};
static const struct ly_rgb rule = {0.80, 0.82, 0.85};
static const struct ly_rgb pale = {0.94, 0.95, 0.97};
static const struct ly_rgb white = {1, 1, 1};
static const struct ly_rgb sev_color[3] = {
    {0.75, 0.16, 0.14}, /* error */
    {0.80, 0.45, 0.05}, /* warning */
    {0.25, 0.42, 0.62}, /* note */
};
/* domains (or aspects, in frameworks without domains) */
static const struct ly_rgb group_color[8] = {
    {0.10, 0.45, 0.55}, {0.85, 0.50, 0.15}, {0.25, 0.55, 0.27},
    {0.50, 0.32, 0.63}, {0.72, 0.24, 0.30}, {0.35, 0.40, 0.45},
    {0.60, 0.55, 0.10}, {0.15, 0.30, 0.65},
};
/* predikat bands, lowest to highest */
static const struct ly_rgb band_color[5] = {
    {0.75, 0.20, 0.16}, {0.88, 0.48, 0.12}, {0.15, 0.47, 0.72},
    {0.16, 0.58, 0.33}, {0.04, 0.42, 0.30},
};

static const char *const month_name[12] = {
    N_("January"), N_("February"), N_("March"),     N_("April"),
    N_("May"),     N_("June"),     N_("July"),      N_("August"),
    N_("September"), N_("October"), N_("November"), N_("December"),
};

struct rnd {
    const struct dsr_check_result *res;
    const struct dsr_manifest *m;
    const struct dsr_catalog *cat;
    const struct dsr_render_opts *opts;
    enum dsr_lang lang;
    struct dsr_score score;
    struct ly ly;
    int total;                  /* pages, known in the final pass */
    size_t *file_base;          /* per manifest indicator: first checked file */
    struct th_preview *previews;/* per checked file */
    const char *running;        /* the running head of the current page */
    char running_buf[96];
    char date[64];              /* the document's date, for people */
    char iso_date[32];          /* and for the metadata */
    int outline_indicators;     /* outline parent of the indicators */
};

static int render_pass(struct rnd *r, cairo_surface_t *surface, bool final,
                       struct dsr_error *err);

/* ---- small helpers ---------------------------------------------------- */

static const char *
T(const struct rnd *r, const struct dsr_text *t)
{
    return dsr_text_get(t, r->lang);
}

static const char *
hundredths(const struct rnd *r, long v, char *buf, size_t size)
{
    return dsr_format_hundredths(v, r->lang, buf, size);
}

static const char *
index_text(const struct rnd *r, struct dsr_index x, char *buf, size_t size)
{
    return hundredths(r, dsr_index_hundredths(x), buf, size);
}

static struct ly_rgb
band_rgb(const struct rnd *r, const struct dsr_band *b)
{
    size_t i = (size_t)(b - r->cat->bands);
    size_t n = r->cat->nbands;

    return band_color[n > 1 ? i * 4 / (n - 1) : 2];
}

static size_t
group_of(const struct rnd *r, const struct dsr_indicator *def)
{
    return r->cat->ndomains ? r->cat->aspects[def->aspect].domain : def->aspect;
}

static struct ly_rgb
group_rgb(const struct rnd *r, const struct dsr_indicator *def)
{
    return group_color[group_of(r, def) % 8];
}

static const struct dsr_mindicator *
mind(const struct rnd *r, const struct dsr_indicator *def)
{
    return dsr_manifest_indicator(r->m, def->id);
}

static size_t
mind_index(const struct rnd *r, const struct dsr_mindicator *mi)
{
    return (size_t)(mi - r->m->indicators);
}

static const struct dsr_checked_file *
checked_file(const struct rnd *r, const struct dsr_mindicator *mi, size_t j,
             size_t *k)
{
    size_t i = r->file_base[mind_index(r, mi)] + j;

    if (i >= r->res->nfiles)
        return NULL;
    if (k)
        *k = i;
    return &r->res->files[i];
}

static size_t
count_findings(const struct rnd *r, const char *id, enum dsr_severity sev)
{
    size_t n = 0;

    for (size_t i = 0; i < r->res->findings.n; i++) {
        const struct dsr_finding *f = &r->res->findings.items[i];

        if (f->severity == sev && strcmp(f->indicator, id) == 0)
            n++;
    }
    return n;
}

static const char *
stage_label(int stage)
{
    static const char *const names[DSR_STAGE_COUNT] = {
        N_("self-assessment"), N_("document review"), N_("interview"),
        N_("site visit"),
    };

    return stage >= 0 && stage < DSR_STAGE_COUNT ? _(names[stage]) : "";
}

static void
heading(struct rnd *r, enum ly_style style, const char *text, double before,
        double after)
{
    struct ly *ly = &r->ly;

    if (ly->y > LY_TOP)
        ly->y += before;
    ly_need(ly, 40);
    ly_para(ly, style, text, false, 0, style == LY_H3 ? ink : navy, after);
}

/* Link attributes to the page of the catalog's indicator 'i'. */
static void
ind_link(char *out, size_t size, size_t i)
{
    snprintf(out, size, "dest='ind-%zu'", i);
}

static int
outline(struct rnd *r, int parent, const char *title, int page, double y,
        bool open)
{
    char dest[96];

    if (!r->ly.final)
        return 0;
    ly_dest(dest, sizeof(dest), page, y);
    return cairo_pdf_surface_add_outline(r->ly.surface, parent, title, dest,
                                         open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
}

/* Start a section on a new page, with its bookmark. */
static void
section(struct rnd *r, const char *title)
{
    struct ly *ly = &r->ly;

    ly_page_break(ly);
    r->running = title;
    outline(r, CAIRO_PDF_OUTLINE_ROOT, title, ly->page, ly->y, false);
    ly_para(ly, LY_H1, title, false, 0, navy, 4);
    cairo_set_source_rgb(ly->cr, navy.r, navy.g, navy.b);
    cairo_set_line_width(ly->cr, 1.2);
    cairo_move_to(ly->cr, LY_LEFT, ly->y);
    cairo_line_to(ly->cr, LY_RIGHT, ly->y);
    cairo_stroke(ly->cr);
    ly->y += 12;
}

/* Header and footer of every page but the cover. */
static void
decorate(void *ctx, cairo_t *cr, int page)
{
    struct rnd *r = ctx;
    struct ly *ly = &r->ly;
    char *left, *right;
    PangoLayout *l;

    (void)cr;
    if (page == 1)
        return;
    left = g_strdup_printf(_("SPBE dossier %s - %s"), r->m->year_text,
                           r->m->instance_name);
    l = ly_text(ly, LY_TINY, left, false, LY_WIDTH * 0.6, 1);
    ly_draw(ly, l, LY_LEFT, 30, muted);
    g_object_unref(l);
    if (r->running) {
        l = ly_text(ly, LY_TINY, r->running, false, LY_WIDTH * 0.38, 1);
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
        ly_draw(ly, l, LY_RIGHT - LY_WIDTH * 0.38, 30, muted);
        g_object_unref(l);
    }
    cairo_set_source_rgb(ly->cr, rule.r, rule.g, rule.b);
    cairo_set_line_width(ly->cr, 0.5);
    cairo_move_to(ly->cr, LY_LEFT, 42);
    cairo_line_to(ly->cr, LY_RIGHT, 42);
    cairo_move_to(ly->cr, LY_LEFT, LY_PAGE_H - 46);
    cairo_line_to(ly->cr, LY_RIGHT, LY_PAGE_H - 46);
    cairo_stroke(ly->cr);

    right = r->total > 0 ? g_strdup_printf(_("Page %d of %d"), page, r->total)
                         : g_strdup_printf(_("Page %d"), page);
    l = ly_text(ly, LY_TINY, right, false, 120, 1);
    pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    ly_draw(ly, l, LY_RIGHT - 120, LY_PAGE_H - 40, muted);
    g_object_unref(l);
    g_free(right);
    if (r->opts->bundle_id) {
        char *id = g_strdup_printf(_("Bundle %s"), r->opts->bundle_id);

        l = ly_text(ly, LY_TINY, id, false, LY_WIDTH - 130, 1);
        ly_draw(ly, l, LY_LEFT, LY_PAGE_H - 40, muted);
        g_object_unref(l);
        g_free(id);
    }
    g_free(left);
}

/* ---- cover -------------------------------------------------------------- */

static void
facts_row(struct rnd *r, struct ly_table *t, const char *label, const char *value)
{
    const char *cells[2] = {label, value};

    if (value && *value)
        ly_table_row(&r->ly, t, cells, NULL, &white);
}

static void
cover(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 130, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 130, .style = LY_BODY, .align = PANGO_ALIGN_LEFT},
    };
    struct ly *ly = &r->ly;
    struct ly_table t = {.cols = cols, .ncols = 2, .x = LY_LEFT};
    const struct dsr_manifest *m = r->m;
    char *s, *coordinator = NULL, *period = NULL, *files = NULL, *filled;
    char a[32], b[32];
    PangoLayout *l;
    size_t nfiles = 0, nfilled = 0;
    unsigned long long bytes = 0;
    double y;

    r->running = NULL;
    outline(r, CAIRO_PDF_OUTLINE_ROOT, _("Cover"), 1, 0, false);
    ly_rect(ly->cr, 0, 0, LY_PAGE_W, 300, navy);
    l = ly_text(ly, LY_H3, _("SPBE EVALUATION DOSSIER"), false, LY_WIDTH, 0);
    ly_draw(ly, l, LY_LEFT, 70, (struct ly_rgb){0.75, 0.84, 0.95});
    g_object_unref(l);
    l = ly_text(ly, LY_TITLE, m->instance_name, false, LY_WIDTH, 3);
    ly_draw(ly, l, LY_LEFT, 96, white);
    y = 96 + ly_height(l) + 10;
    g_object_unref(l);
    s = g_strdup_printf(_("Evaluation year %s"), m->year_text);
    l = ly_text(ly, LY_H2, s, false, LY_WIDTH, 1);
    ly_draw(ly, l, LY_LEFT, y, white);
    y += ly_height(l) + 6;
    g_object_unref(l);
    g_free(s);
    l = ly_text(ly, LY_BODY, T(r, &r->cat->title), false, LY_WIDTH, 3);
    ly_draw(ly, l, LY_LEFT, y, (struct ly_rgb){0.85, 0.90, 0.96});
    g_object_unref(l);

    /* the result at a glance */
    index_text(r, r->score.index, a, sizeof(a));
    ly_rect(ly->cr, LY_LEFT, 250, 200, 90, white);
    ly_rect(ly->cr, LY_LEFT, 250, 6, 90, band_rgb(r, r->score.band));
    l = ly_text(ly, LY_TINY, _("SPBE INDEX"), false, 180, 1);
    ly_draw(ly, l, LY_LEFT + 18, 262, muted);
    g_object_unref(l);
    s = g_markup_printf_escaped("<span size='30000' weight='bold'>%s</span>  "
                                "<span size='13000' weight='bold'>%s</span>",
                                a, T(r, &r->score.band->name));
    l = ly_text(ly, LY_BODY, s, true, 190, 1);
    ly_draw(ly, l, LY_LEFT + 18, 276, band_rgb(r, r->score.band));
    g_object_unref(l);
    g_free(s);

    for (size_t i = 0; i < r->res->nfiles; i++) {
        if (r->res->files[i].read) {
            nfiles++;
            bytes += r->res->files[i].info.size;
        }
    }
    for (size_t i = 0; i < r->score.nindicators; i++)
        nfilled += r->score.indicators[i].stage >= 0;

    ly->y = 372;
    if (*m->coordinator_name)
        coordinator = g_strdup_printf("%s\n%s%s%s", m->coordinator_name,
                                      m->coordinator_position,
                                      *m->coordinator_unit ? ", " : "",
                                      m->coordinator_unit);
    if (m->has_period)
        period = g_strdup_printf(_("%s to %s"), m->period_from_text,
                                 m->period_to_text);
    files = g_strdup_printf(_("%zu files, %s"), nfiles,
                            dsr_format_size(bytes, r->lang, b, sizeof(b)));
    filled = g_strdup_printf(_("%zu of %zu indicators"), nfilled,
                             r->score.nindicators);
    s = g_strdup_printf("%s\n%s", T(r, &r->cat->title), r->cat->basis);
    facts_row(r, &t, _("Institution"), m->instance_name);
    facts_row(r, &t, _("SPBE coordinator"), coordinator);
    facts_row(r, &t, _("Evidence period"), period);
    facts_row(r, &t, _("Framework"), s);
    facts_row(r, &t, _("Assessment filled"), filled);
    facts_row(r, &t, _("Evidence"), files);
    facts_row(r, &t, _("Date of this dossier"), r->date);
    facts_row(r, &t, _("Bundle id"), r->opts->bundle_id);
    g_free(s);
    g_free(filled);
    g_free(files);
    g_free(period);
    g_free(coordinator);

    ly->y += 24;
    ly_para(ly, LY_SMALL,
            _("This dossier was produced by dossier from the institution's "
              "manifest. Every document listed here was checked against its "
              "file, and each file's SHA-256 checksum is in the appendix, so "
              "the evidence in the bundle can be matched to this document."),
            false, 0, muted, 0);
}

/* ---- summary ------------------------------------------------------------ */

static void
kpi(struct rnd *r, double x, double w, const char *label, const char *value,
    const char *sub, struct ly_rgb accent)
{
    struct ly *ly = &r->ly;
    PangoLayout *l;
    char *s;

    ly_rect(ly->cr, x, ly->y, w, 64, pale);
    ly_rect(ly->cr, x, ly->y, 4, 64, accent);
    l = ly_text(ly, LY_TINY, label, false, w - 16, 1);
    ly_draw(ly, l, x + 12, ly->y + 7, muted);
    g_object_unref(l);
    s = g_markup_printf_escaped("<span size='20000' weight='bold'>%s</span>",
                                value);
    l = ly_text(ly, LY_BODY, s, true, w - 16, 1);
    ly_draw(ly, l, x + 12, ly->y + 17, accent);
    g_object_unref(l);
    g_free(s);
    if (sub) {
        l = ly_text(ly, LY_SMALL, sub, false, w - 16, 1);
        ly_draw(ly, l, x + 12, ly->y + 47, ink);
        g_object_unref(l);
    }
}

static void
summary_kpis(struct rnd *r)
{
    const struct dsr_score *s = &r->score;
    const struct dsr_manifest *m = r->m;
    double w = (LY_WIDTH - 2 * 10) / 3;
    char a[32], b[32];
    char *sub;

    ly_need(&r->ly, 80);
    index_text(r, s->index, a, sizeof(a));
    kpi(r, LY_LEFT, w, _("SPBE index"), a, T(r, &s->band->name),
        band_rgb(r, s->band));
    if (s->target >= 0) {
        hundredths(r, s->target, a, sizeof(a));
        sub = s->gap <= 0 ? g_strdup(_("reached"))
                          : g_strdup_printf(_("gap %s"),
                                            hundredths(r, (long)((s->gap + 99) / 100),
                                                       b, sizeof(b)));
        kpi(r, LY_LEFT + w + 10, w, _("Target"), a, sub,
            s->gap <= 0 ? band_color[3] : band_color[1]);
        g_free(sub);
    } else {
        kpi(r, LY_LEFT + w + 10, w, _("Target"), "-", _("not set"), muted);
    }
    if (m->has_previous && m->previous >= 0) {
        long change = dsr_index_hundredths(s->index) - m->previous;
        char *label = g_strdup_printf(_("Previous year (%d)"), m->previous_year);

        hundredths(r, m->previous, a, sizeof(a));
        hundredths(r, change, b, sizeof(b));
        sub = g_strdup_printf(_("change %s%s"), change > 0 ? "+" : "", b);
        kpi(r, LY_LEFT + 2 * (w + 10), w, label, a, sub,
            change >= 0 ? band_color[3] : band_color[0]);
        g_free(sub);
        g_free(label);
    } else {
        kpi(r, LY_LEFT + 2 * (w + 10), w, _("Previous year"), "-",
            _("not given"), muted);
    }
    r->ly.y += 64 + 14;
}

static void
group_table(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 34, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 34 - 3 * 56, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT, .markup = true},
        {.width = 56, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 56, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 56, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("Id"), _("Domain and aspect"), _("Weight"),
                          _("Index"), _("Predikat")};
    struct ly_table t = {.cols = cols, .ncols = 5, .head = head,
                         .head_bg = navy, .x = LY_LEFT};
    const struct dsr_score *s = &r->score;

    ly_table_begin(&r->ly, &t);
    for (size_t d = 0; d <= s->ndomains; d++) {
        const struct dsr_score_group *g = d < s->ndomains ? &s->domains[d] : NULL;
        char w[32], v[32], pct[40];

        if (g) {
            char *name = g_markup_printf_escaped("<b>%s</b>", T(r, g->name));
            const char *cells[] = {g->id, name, pct, index_text(r, g->index, v, sizeof(v)),
                                   T(r, &g->band->name)};

            snprintf(pct, sizeof(pct), "%s %%", hundredths(r, g->weight, w, sizeof(w)));
            ly_table_row(&r->ly, &t, cells, NULL, &pale);
            g_free(name);
        } else if (s->ndomains) {
            break;
        }
        for (size_t a = 0; a < s->naspects; a++) {
            const struct dsr_score_group *ag = &s->aspects[a];
            char *name;

            if (s->ndomains && r->cat->aspects[a].domain != d)
                continue;
            name = g_markup_printf_escaped("%s%s", s->ndomains ? "    " : "",
                                           T(r, ag->name));
            snprintf(pct, sizeof(pct), "%s %%", hundredths(r, ag->weight, w, sizeof(w)));
            {
                const char *cells[] = {ag->id, name, pct,
                                       index_text(r, ag->index, v, sizeof(v)),
                                       T(r, &ag->band->name)};

                ly_table_row(&r->ly, &t, cells, NULL, &white);
            }
            g_free(name);
        }
    }
    r->ly.y += 14;
}

/* Horizontal bars: the index of every aspect on the 1..5 scale. */
static void
aspect_chart(struct rnd *r)
{
    struct ly *ly = &r->ly;
    const struct dsr_score *s = &r->score;
    const double label_w = 190, bar_x = LY_LEFT + label_w + 8;
    const double bar_w = LY_WIDTH - label_w - 8 - 34, row = 15;
    double h = (double)s->naspects * row + 26, top;
    char v[32];

    heading(r, LY_H3, _("Index by aspect"), 4, 6);
    ly_need(ly, h);
    top = ly->y;
    /* grid: one line per level */
    for (int lv = 0; lv <= DSR_LEVEL_MAX; lv++) {
        double x = bar_x + bar_w * lv / DSR_LEVEL_MAX;
        PangoLayout *l;

        snprintf(v, sizeof(v), "%d", lv);
        cairo_set_source_rgb(ly->cr, rule.r, rule.g, rule.b);
        cairo_set_line_width(ly->cr, 0.4);
        cairo_move_to(ly->cr, x, top);
        cairo_line_to(ly->cr, x, top + s->naspects * row);
        cairo_stroke(ly->cr);
        l = ly_text(ly, LY_TINY, v, false, 20, 1);
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        ly_draw(ly, l, x - 10, top + s->naspects * row + 3, muted);
        g_object_unref(l);
    }
    for (size_t a = 0; a < s->naspects; a++) {
        const struct dsr_score_group *g = &s->aspects[a];
        double y = top + a * row;
        double len = bar_w * ((double)g->index.num / (double)g->index.den) /
                     DSR_LEVEL_MAX;
        const struct dsr_aspect *ca = &r->cat->aspects[a];
        struct ly_rgb c = group_color[(r->cat->ndomains ? ca->domain : a) % 8];
        char *label = g_strdup_printf("%s  %s", g->id, T(r, g->name));
        PangoLayout *l = ly_text(ly, LY_TINY, label, false, label_w, 1);

        ly_draw(ly, l, LY_LEFT, y + 4, ink);
        g_object_unref(l);
        ly_rect(ly->cr, bar_x, y + 3, len, row - 6, c);
        l = ly_text(ly, LY_TINY, index_text(r, g->index, v, sizeof(v)), false, 30, 1);
        ly_draw(ly, l, bar_x + len + 3, y + 4, ink);
        g_object_unref(l);
        g_free(label);
    }
    if (s->target >= 0) {
        double x = bar_x + bar_w * (double)s->target / 100.0 / DSR_LEVEL_MAX;
        static const double dash[] = {3, 2};
        PangoLayout *l;
        char t[32], *label;

        cairo_set_source_rgb(ly->cr, band_color[0].r, band_color[0].g, band_color[0].b);
        cairo_set_line_width(ly->cr, 0.9);
        cairo_set_dash(ly->cr, dash, 2, 0);
        cairo_move_to(ly->cr, x, top - 4);
        cairo_line_to(ly->cr, x, top + s->naspects * row);
        cairo_stroke(ly->cr);
        cairo_set_dash(ly->cr, NULL, 0, 0);
        label = g_strdup_printf(_("target %s"), hundredths(r, s->target, t, sizeof(t)));
        l = ly_text(ly, LY_TINY, label, false, 80, 1);
        ly_draw(ly, l, x + 2, top - 10, band_color[0]);
        g_object_unref(l);
        g_free(label);
    }
    ly->y = top + h;
}

/* One column per indicator: its level, coloured by domain; each a link. */
static void
indicator_chart(struct rnd *r)
{
    struct ly *ly = &r->ly;
    const struct dsr_score *s = &r->score;
    const double axis_w = 16, unit = 15;
    const double col = (LY_WIDTH - axis_w) / (double)s->nindicators;
    size_t ngroups = r->cat->ndomains ? r->cat->ndomains : r->cat->naspects;
    double top, base, x;
    char v[32];

    heading(r, LY_H3, _("Level of every indicator"), 8, 12);
    ly_need(ly, unit * DSR_LEVEL_MAX + 30 + 12.0 * (double)((ngroups + 1) / 2));
    top = ly->y;
    base = top + unit * DSR_LEVEL_MAX;
    for (int lv = 1; lv <= DSR_LEVEL_MAX; lv++) {
        double y = base - unit * lv;
        PangoLayout *l;

        snprintf(v, sizeof(v), "%d", lv);
        cairo_set_source_rgb(ly->cr, rule.r, rule.g, rule.b);
        cairo_set_line_width(ly->cr, 0.4);
        cairo_move_to(ly->cr, LY_LEFT + axis_w, y);
        cairo_line_to(ly->cr, LY_RIGHT, y);
        cairo_stroke(ly->cr);
        l = ly_text(ly, LY_TINY, v, false, 10, 1);
        ly_draw(ly, l, LY_LEFT, y - 4, muted);
        g_object_unref(l);
    }
    for (size_t i = 0; i < s->nindicators; i++) {
        const struct dsr_score_indicator *si = &s->indicators[i];
        double bx = LY_LEFT + axis_w + col * (double)i;
        double bh = unit * si->level;
        bool label = s->nindicators <= 60 || (i + 1) % 5 == 0;

        if (ly->final) {
            char dest[96], attrs[200];

            ind_link(dest, sizeof(dest), i);
            snprintf(attrs, sizeof(attrs), "rect=[%.2f %.2f %.2f %.2f] %s", bx,
                     top, col, base - top + 12, dest);
            cairo_tag_begin(ly->cr, CAIRO_TAG_LINK, attrs);
        }
        ly_rect(ly->cr, bx + col * 0.15, base - bh, col * 0.7, bh,
                si->stage >= 0 ? group_rgb(r, si->def) : rule);
        if (label) {
            PangoLayout *l = ly_text(ly, LY_TINY, si->def->id, false, col + 6, 1);

            pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
            ly_draw(ly, l, bx - 3, base + 2, muted);
            g_object_unref(l);
        }
        if (ly->final)
            cairo_tag_end(ly->cr, CAIRO_TAG_LINK);
    }
    /* legend */
    x = LY_LEFT;
    base += 16;
    for (size_t g = 0; g < ngroups; g++) {
        const struct dsr_text *name = r->cat->ndomains ? &r->cat->domains[g].name
                                                       : &r->cat->aspects[g].name;
        PangoLayout *l = ly_text(ly, LY_TINY, T(r, name), false, LY_WIDTH / 2 - 16, 1);

        ly_rect(ly->cr, x, base + 1, 7, 7, group_color[g % 8]);
        ly_draw(ly, l, x + 10, base, ink);
        g_object_unref(l);
        if (g % 2 == 0) {
            x = LY_LEFT + LY_WIDTH / 2;
        } else {
            x = LY_LEFT;
            base += 11;
        }
    }
    ly_rect(ly->cr, x, base + 1, 7, 7, rule);
    {
        PangoLayout *l = ly_text(ly, LY_TINY, _("not filled (counts as level 1)"),
                                 false, LY_WIDTH / 2 - 16, 1);

        ly_draw(ly, l, x + 10, base, ink);
        g_object_unref(l);
    }
    ly->y = base + 20;
}

static void
plan_table(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 30, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 30 - 50 - 52 - 80, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = 50, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 52, .style = LY_SMALL, .align = PANGO_ALIGN_CENTER},
        {.width = 80, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("No."), _("Indicator"), _("Weight"), _("Step"),
                          _("Evidence")};
    struct ly_table t = {.cols = cols, .ncols = 5, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 3};
    const struct dsr_score *s = &r->score;
    char buf[64], w[32], pct[40];

    heading(r, LY_H3, _("Plan to reach the target"), 10, 4);
    if (s->target < 0) {
        ly_para(&r->ly, LY_BODY, _("The manifest sets no target index."), false,
                0, ink, 6);
        return;
    }
    if (s->gap <= 0) {
        ly_para(&r->ly, LY_BODY, _("The target is reached; no step is needed."),
                false, 0, ink, 6);
        return;
    }
    if (s->nplan == 0) {
        ly_para(&r->ly, LY_BODY,
                _("The target cannot be reached within the framework."), false,
                0, ink, 6);
        return;
    }
    {
        char *p = g_strdup_printf(
            _("The fewest single-level steps that reach the target: %zu. "
              "Steps whose next level already has evidence in the manifest come "
              "first."),
            s->nplan);

        ly_para(&r->ly, LY_BODY, p, false, 0, ink, 6);
        g_free(p);
    }
    ly_table_begin(&r->ly, &t);
    for (size_t i = 0; i < s->nplan; i++) {
        const struct dsr_plan_step *p = &s->plan[i];
        size_t ci = (size_t)(p->def - r->cat->indicators);
        char dest[96];
        const char *cells[] = {p->def->id, T(r, &p->def->name), pct, buf,
                               p->evidenced ? _("ready") : _("to collect")};

        snprintf(pct, sizeof(pct), "%s %%", hundredths(r, p->def->weight, w, sizeof(w)));
        snprintf(buf, sizeof(buf), "%d \u2192 %d", p->from, p->to);
        ind_link(dest, sizeof(dest), ci);
        ly_table_row(&r->ly, &t, cells, dest, NULL);
    }
}

static void
summary(struct rnd *r)
{
    size_t nfilled = 0;
    char *s;

    section(r, _("Scoring summary"));
    summary_kpis(r);
    for (size_t i = 0; i < r->score.nindicators; i++)
        nfilled += r->score.indicators[i].stage >= 0;
    s = g_strdup_printf(
        _("Levels counted: the latest stage of each indicator. %zu of %zu "
          "indicators are filled; the others count as level 1. The check found "
          "%zu errors, %zu warnings and %zu notes (appendix A)."),
        nfilled, r->score.nindicators, r->res->findings.counts[DSR_SEV_ERROR],
        r->res->findings.counts[DSR_SEV_WARNING],
        r->res->findings.counts[DSR_SEV_NOTE]);
    ly_para(&r->ly, LY_BODY, s, false, 0, ink, 10);
    g_free(s);
    group_table(r);
    aspect_chart(r);
    indicator_chart(r);
    plan_table(r);
}

/* ---- owners and the visit plan ------------------------------------------ */

/* The distinct owners, in the order their first indicator has in the catalog;
 * "" (no owner) last. */
static const char **
owners(const struct rnd *r, size_t *n)
{
    const char **list = g_new0(const char *, r->cat->nindicators + 1);
    bool unowned = false;

    *n = 0;
    for (size_t i = 0; i < r->cat->nindicators; i++) {
        const struct dsr_mindicator *mi = mind(r, &r->cat->indicators[i]);
        const char *o = mi ? mi->owner : "";
        size_t k;

        if (!*o) {
            unowned = true;
            continue;
        }
        for (k = 0; k < *n && strcmp(list[k], o) != 0; k++)
            ;
        if (k == *n)
            list[(*n)++] = o;
    }
    if (unowned)
        list[(*n)++] = "";
    return list;
}

static const char *
owner_of(const struct rnd *r, const struct dsr_indicator *def)
{
    const struct dsr_mindicator *mi = mind(r, def);

    return mi ? mi->owner : "";
}

static void
owners_section(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 30, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 30 - 50 - 48 - 48 - 70, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = 50, .style = LY_SMALL, .align = PANGO_ALIGN_CENTER},
        {.width = 48, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 48, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 70, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("No."), _("Indicator"), _("Level"), _("Files"),
                          _("Findings"), _("Stage")};
    size_t n;
    const char **list = owners(r, &n);

    section(r, _("Who answers for what"));
    ly_para(&r->ly, LY_BODY,
            _("Each indicator is answered in the interview by the office "
              "responsible for it (pengampu). The indicators are grouped here "
              "by office, so that each office knows what it must explain and "
              "which documents it must bring. Each row links to the "
              "indicator's page."),
            false, 0, ink, 8);
    for (size_t o = 0; o < n; o++) {
        struct ly_table t = {.cols = cols, .ncols = 6, .head = head,
                             .head_bg = navy, .x = LY_LEFT, .max_lines = 3};
        size_t count = 0;
        char *title;

        for (size_t i = 0; i < r->cat->nindicators; i++)
            count += strcmp(owner_of(r, &r->cat->indicators[i]), list[o]) == 0;
        title = g_strdup_printf(dngettext(DSR_TEXTDOMAIN, "%s: %zu indicator",
                                          "%s: %zu indicators", count),
                                *list[o] ? list[o] : _("No office named"), count);
        ly_need(&r->ly, 70);
        heading(r, LY_H3, title, 8, 4);
        g_free(title);
        ly_table_begin(&r->ly, &t);
        for (size_t i = 0; i < r->score.nindicators; i++) {
            const struct dsr_score_indicator *si = &r->score.indicators[i];
            const struct dsr_mindicator *mi;
            char level[16], files[16], finds[32], dest[96];

            if (strcmp(owner_of(r, si->def), list[o]) != 0)
                continue;
            mi = mind(r, si->def);
            snprintf(level, sizeof(level), "%d", si->level);
            snprintf(files, sizeof(files), "%zu", mi ? mi->nevidence : 0);
            snprintf(finds, sizeof(finds), "%zu / %zu",
                     count_findings(r, si->def->id, DSR_SEV_ERROR) +
                         count_findings(r, si->def->id, DSR_SEV_WARNING),
                     count_findings(r, si->def->id, DSR_SEV_NOTE));
            {
                const char *cells[] = {si->def->id, T(r, &si->def->name), level,
                                       files, finds,
                                       si->stage >= 0 ? stage_label(si->stage)
                                                      : _("not filled")};

                ind_link(dest, sizeof(dest), i);
                ly_table_row(&r->ly, &t, cells, dest, NULL);
            }
        }
    }
    ly_para(&r->ly, LY_TINY,
            _("Findings: warnings / notes from the check (appendix A)."), false,
            0, muted, 0);
    g_free(list);
}

/* A URL cairo may link to: http(s), no quote, backslash or control byte. */
static bool
linkable(const char *href)
{
    if (strncmp(href, "https://", 8) != 0 && strncmp(href, "http://", 7) != 0)
        return false;
    for (const unsigned char *p = (const unsigned char *)href; *p; p++) {
        if (*p < 0x21 || *p == 0x7f || *p == '\'' || *p == '\\')
            return false;
    }
    return strlen(href) < 1000;
}

static void
visit_section(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 30, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 200, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 230, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("No."), _("Application or service"), _("Address")};
    size_t n, shown = 0;
    const char **list = owners(r, &n);

    section(r, _("Visit plan"));
    ly_para(&r->ly, LY_BODY,
            _("For the site visit (visitasi), per office: the applications and "
              "services to demonstrate, with their addresses and the notes on "
              "demo accounts given in the manifest, and the claims a visit "
              "would validate: every indicator claimed at level 3 or above, "
              "where the evaluation expects practice that can be observed, not "
              "only documents."),
            false, 0, ink, 8);
    for (size_t o = 0; o < n; o++) {
        struct ly_table t = {.cols = cols, .ncols = 3, .head = head,
                             .head_bg = navy, .x = LY_LEFT, .max_lines = 4};
        GString *claims = g_string_new(NULL);
        size_t links = 0;

        for (size_t i = 0; i < r->score.nindicators; i++) {
            const struct dsr_score_indicator *si = &r->score.indicators[i];
            const struct dsr_mindicator *mi = mind(r, si->def);

            if (strcmp(owner_of(r, si->def), list[o]) != 0)
                continue;
            links += mi ? mi->nlinks : 0;
            if (si->stage >= 0 && si->level >= 3)
                g_string_append_printf(claims, "%s%s (%d)", claims->len ? ", " : "",
                                       si->def->id, si->level);
        }
        if (!links && !claims->len) {
            g_string_free(claims, TRUE);
            continue;
        }
        shown++;
        ly_need(&r->ly, 90);
        heading(r, LY_H3, *list[o] ? list[o] : _("No office named"), 8, 4);
        if (links) {
            ly_table_begin(&r->ly, &t);
            for (size_t i = 0; i < r->score.nindicators; i++) {
                const struct dsr_mindicator *mi = mind(r, r->score.indicators[i].def);

                if (!mi || strcmp(mi->owner, list[o]) != 0)
                    continue;
                for (size_t k = 0; k < mi->nlinks; k++) {
                    const struct dsr_link *lk = &mi->links[k];
                    char *uri = linkable(lk->href) ? g_strdup_printf("uri='%s'", lk->href)
                                                   : NULL;
                    const char *cells[] = {mi->id, *lk->text ? lk->text : lk->href,
                                           lk->href};

                    ly_table_row(&r->ly, &t, cells, uri, NULL);
                    g_free(uri);
                }
            }
        }
        if (claims->len) {
            char *p = g_markup_printf_escaped("<b>%s</b> %s",
                                              _("Claims to validate (indicator, level):"),
                                              claims->str);

            r->ly.y += 4;
            ly_para(&r->ly, LY_SMALL, p, true, 0, ink, 4);
            g_free(p);
        }
        g_string_free(claims, TRUE);
    }
    if (!shown)
        ly_para(&r->ly, LY_BODY,
                _("The manifest lists no application links and no claim at "
                  "level 3 or above."),
                false, 0, ink, 0);
    g_free(list);
}

/* ---- one indicator -------------------------------------------------------- */

static void
stage_boxes(struct rnd *r, const struct dsr_mindicator *mi,
            const struct dsr_score_indicator *si)
{
    struct ly *ly = &r->ly;
    double w = (LY_WIDTH - 4 * 6) / 5;

    ly_need(ly, 44);
    for (int st = 0; st <= DSR_STAGE_COUNT; st++) {
        double x = LY_LEFT + st * (w + 6);
        const struct dsr_assessment *a = NULL;
        const char *label;
        char value[48];
        PangoLayout *l;
        bool counted = st == DSR_STAGE_COUNT;

        if (counted) {
            label = _("counted");
            snprintf(value, sizeof(value), "%d", si->level);
        } else {
            label = stage_label(st);
            for (size_t k = 0; mi && k < mi->nassessments; k++)
                if ((int)mi->assessments[k].stage == st)
                    a = &mi->assessments[k];
            if (a)
                snprintf(value, sizeof(value), "%ld", a->level);
            else
                snprintf(value, sizeof(value), "\u2013");
        }
        ly_rect(ly->cr, x, ly->y, w, 38, counted ? navy : pale);
        l = ly_text(ly, LY_TINY, label, false, w - 10, 1);
        ly_draw(ly, l, x + 6, ly->y + 4, counted ? white : muted);
        g_object_unref(l);
        l = ly_text(ly, LY_H2, value, false, w - 10, 1);
        ly_draw(ly, l, x + 6, ly->y + 16, counted ? white : ink);
        g_object_unref(l);
    }
    ly->y += 38 + 10;
}

static void
criteria(struct rnd *r, const struct dsr_indicator *def,
         const struct dsr_score_indicator *si)
{
    int levels[2] = {si->level, si->level + 1};

    for (int k = 0; k < 2; k++) {
        int lv = levels[k];
        const char *text, *name;
        char *head, *p;

        if (lv > DSR_LEVEL_MAX)
            continue;
        text = T(r, &def->criterion[lv]);
        name = T(r, &def->scale->level_name[lv]);
        head = g_strdup_printf(k == 0 ? _("Criterion of level %d, %s (counted)")
                                      : _("Criterion of level %d, %s (next)"),
                               lv, name);
        p = g_markup_printf_escaped("<b>%s</b>\n%s", head,
                                    *text ? text : _("none in the catalog"));
        ly_para(&r->ly, LY_SMALL, p, true, 0, ink, 6);
        g_free(p);
        g_free(head);
    }
}

static void
explanations(struct rnd *r, const struct dsr_mindicator *mi)
{
    bool any = false;

    for (size_t k = 0; mi && k < mi->nassessments; k++) {
        const struct dsr_assessment *a = &mi->assessments[k];
        char *p;

        if (!*a->text)
            continue;
        if (!any)
            heading(r, LY_H3, _("Explanation"), 4, 3);
        any = true;
        p = g_markup_printf_escaped("<b>%s:</b> %s", stage_label((int)a->stage),
                                    a->text);
        ly_para(&r->ly, LY_BODY, p, true, 0, ink, 5);
        g_free(p);
    }
}

static const char *
pages_text(const struct th_preview *p, char *buf, size_t size)
{
    if (p && p->pages > 0)
        snprintf(buf, size, "%d", p->pages);
    else
        snprintf(buf, size, "\u2013");
    return buf;
}

static void
evidence_table(struct rnd *r, const struct dsr_mindicator *mi)
{
    static const struct ly_col cols[] = {
        {.width = 18, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = LY_WIDTH - 18 - 26 - 54 - 28 - 48 - 64, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT, .markup = true},
        {.width = 26, .style = LY_SMALL, .align = PANGO_ALIGN_CENTER},
        {.width = 54, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 28, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 48, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 64, .style = LY_MONO, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {"#", _("Document and file"), _("Level"), _("Date"),
                          _("Pages"), _("Size"), _("SHA-256")};
    struct ly_table t = {.cols = cols, .ncols = 7, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 8};

    heading(r, LY_H3, _("Evidence"), 6, 4);
    if (!mi || !mi->nevidence) {
        ly_para(&r->ly, LY_BODY, _("No evidence is listed for this indicator."),
                false, 0, muted, 6);
        return;
    }
    ly_table_begin(&r->ly, &t);
    for (size_t j = 0; j < mi->nevidence; j++) {
        const struct dsr_evidence *e = &mi->evidence[j];
        size_t k = 0;
        const struct dsr_checked_file *cf = checked_file(r, mi, j, &k);
        char num[24], level[24], pages[24], size[32], sha[16];
        char *doc = g_markup_printf_escaped(
            "<b>%s</b>\n<span foreground='#5a6270'>%s</span>",
            *e->title ? e->title : _("(untitled)"), e->file);
        const char *cells[] = {num, doc, level, e->date_text ? e->date_text : "\u2013",
                               pages, size, sha};

        snprintf(num, sizeof(num), "%zu", j + 1);
        if (e->level == DSR_LEVEL_NONE)
            snprintf(level, sizeof(level), "\u2013");
        else
            snprintf(level, sizeof(level), "%ld", e->level);
        pages_text(cf && cf->read ? &r->previews[k] : NULL, pages, sizeof(pages));
        if (cf && cf->read) {
            dsr_format_size(cf->info.size, r->lang, size, sizeof(size));
            snprintf(sha, sizeof(sha), "%.12s", cf->info.sha256);
        } else {
            snprintf(size, sizeof(size), "\u2013");
            snprintf(sha, sizeof(sha), "\u2013");
        }
        ly_table_row(&r->ly, &t, cells, NULL, NULL);
        g_free(doc);
    }
    r->ly.y += 6;
}

static void
thumb_box(struct rnd *r, double x, double y, const struct th_preview *p,
          size_t number)
{
    struct ly *ly = &r->ly;
    cairo_surface_t *img = th_surface(p);
    char caption[32];
    PangoLayout *l;

    ly_rect(ly->cr, x, y, THUMB_W, THUMB_H, pale);
    if (img) {
        double w = p->width / (double)THUMB_PX, h = p->height / (double)THUMB_PX;
        double ix = x + (THUMB_W - w) / 2, iy = y + (THUMB_H - h) / 2;

        cairo_save(ly->cr);
        cairo_translate(ly->cr, ix, iy);
        cairo_scale(ly->cr, 1.0 / THUMB_PX, 1.0 / THUMB_PX);
        cairo_set_source_surface(ly->cr, img, 0, 0);
        cairo_paint(ly->cr);
        cairo_restore(ly->cr);
        cairo_surface_destroy(img);
        cairo_set_source_rgb(ly->cr, rule.r, rule.g, rule.b);
        cairo_set_line_width(ly->cr, 0.5);
        cairo_rectangle(ly->cr, ix, iy, w, h);
        cairo_stroke(ly->cr);
    } else {
        l = ly_text(ly, LY_TINY,
                    p->state == TH_LOCKED  ? _("encrypted PDF: no preview")
                    : p->state == TH_LARGE ? _("no preview: a file this large is not previewed")
                                           : _("no preview: the file cannot be read as its type"),
                    false, THUMB_W - 10, 5);
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        ly_draw(ly, l, x + 5, y + THUMB_H / 2 - ly_height(l) / 2, muted);
        g_object_unref(l);
    }
    snprintf(caption, sizeof(caption), "#%zu", number);
    l = ly_text(ly, LY_TINY, caption, false, THUMB_W, 1);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    ly_draw(ly, l, x, y + THUMB_H + 2, muted);
    g_object_unref(l);
}

static void
thumbnails(struct rnd *r, const struct dsr_mindicator *mi)
{
    struct ly *ly = &r->ly;
    const double gap = (LY_WIDTH - THUMB_COLS * THUMB_W) / (THUMB_COLS - 1);
    size_t col = 0;
    bool any = false;

    for (size_t j = 0; mi && j < mi->nevidence; j++) {
        size_t k;
        const struct dsr_checked_file *cf = checked_file(r, mi, j, &k);

        if (!cf || !cf->read || r->previews[k].state == TH_NONE)
            continue;
        if (!any) {
            heading(r, LY_H3, _("First pages"), 4, 4);
            any = true;
        }
        if (col == 0)
            ly_need(ly, THUMB_H + 14);
        thumb_box(r, LY_LEFT + (double)col * (THUMB_W + gap), ly->y,
                  &r->previews[k], j + 1);
        if (++col == THUMB_COLS) {
            col = 0;
            ly->y += THUMB_H + 16;
        }
    }
    if (col)
        ly->y += THUMB_H + 16;
}

static void
links(struct rnd *r, const struct dsr_mindicator *mi)
{
    static const struct ly_col cols[] = {
        {.width = 180, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 180 - 30, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 30, .style = LY_SMALL, .align = PANGO_ALIGN_CENTER},
    };
    const char *head[] = {_("Application or service"), _("Address"), _("Level")};
    struct ly_table t = {.cols = cols, .ncols = 3, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 4};

    if (!mi || !mi->nlinks)
        return;
    heading(r, LY_H3, _("Links"), 4, 4);
    ly_table_begin(&r->ly, &t);
    for (size_t k = 0; k < mi->nlinks; k++) {
        const struct dsr_link *lk = &mi->links[k];
        char level[24];
        char *uri = linkable(lk->href) ? g_strdup_printf("uri='%s'", lk->href) : NULL;
        const char *cells[] = {*lk->text ? lk->text : "\u2013", lk->href, level};

        if (lk->level == DSR_LEVEL_NONE)
            snprintf(level, sizeof(level), "\u2013");
        else
            snprintf(level, sizeof(level), "%ld", lk->level);
        ly_table_row(&r->ly, &t, cells, uri, NULL);
        g_free(uri);
    }
    r->ly.y += 6;
}

static void
questions(struct rnd *r, const struct dsr_mindicator *mi)
{
    if (!mi || !mi->nnotes)
        return;
    heading(r, LY_H3, _("Questions and answers"), 4, 4);
    for (size_t k = 0; k < mi->nnotes; k++) {
        const struct dsr_note *n = &mi->notes[k];
        char *p = g_markup_printf_escaped(
            "<b>%s</b> <span foreground='#5a6270'>(%s)</span>: %s",
            n->answer ? _("Answer") : _("Question"), stage_label((int)n->stage),
            n->text);

        ly_para(&r->ly, LY_BODY, p, true, n->answer ? 14 : 0,
                ink, 5);
        g_free(p);
    }
}

static void
indicator_findings(struct rnd *r, const struct dsr_indicator *def)
{
    static const struct ly_col cols[] = {
        {.width = 56, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT, .markup = true},
        {.width = LY_WIDTH - 56 - 110, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 110, .style = LY_TINY, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("Kind"), _("Finding"), _("Code")};
    struct ly_table t = {.cols = cols, .ncols = 3, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 6};
    bool any = false;

    for (size_t i = 0; i < r->res->findings.n; i++) {
        const struct dsr_finding *f = &r->res->findings.items[i];
        const struct ly_rgb c = sev_color[f->severity];
        char *kind;

        if (strcmp(f->indicator, def->id) != 0)
            continue;
        if (!any) {
            heading(r, LY_H3, _("Findings of the check"), 4, 4);
            ly_table_begin(&r->ly, &t);
            any = true;
        }
        kind = g_markup_printf_escaped(
            "<span foreground='#%02x%02x%02x' weight='bold'>%s</span>",
            (unsigned)(c.r * 255), (unsigned)(c.g * 255), (unsigned)(c.b * 255),
            dsr_severity_label(f->severity));
        {
            const char *cells[] = {kind, f->message, dsr_finding_name(f->code)};

            ly_table_row(&r->ly, &t, cells, NULL, NULL);
        }
        g_free(kind);
    }
    if (any)
        r->ly.y += 6;
}

static void
notes_box(struct rnd *r)
{
    struct ly *ly = &r->ly;
    double h = 128;
    PangoLayout *l;

    ly->y += 6;
    /* a shorter box on this page rather than a page of its own */
    if (ly_room(ly) < h && ly_room(ly) >= 74)
        h = ly_room(ly);
    ly_need(ly, h);
    cairo_set_source_rgb(ly->cr, muted.r, muted.g, muted.b);
    cairo_set_line_width(ly->cr, 0.8);
    cairo_rectangle(ly->cr, LY_LEFT, ly->y, LY_WIDTH, h);
    cairo_stroke(ly->cr);
    l = ly_text(ly, LY_SMALL, _("Assessor's notes"), false, LY_WIDTH - 12, 1);
    ly_draw(ly, l, LY_LEFT + 6, ly->y + 5, muted);
    g_object_unref(l);
    cairo_set_source_rgb(ly->cr, rule.r, rule.g, rule.b);
    cairo_set_line_width(ly->cr, 0.4);
    for (double y = ly->y + 38; y < ly->y + h - 4; y += 18) {
        cairo_move_to(ly->cr, LY_LEFT + 6, y);
        cairo_line_to(ly->cr, LY_RIGHT - 6, y);
    }
    cairo_stroke(ly->cr);
    ly->y += h;
}

static void
indicator(struct rnd *r, size_t i, int *aspect_outline)
{
    struct ly *ly = &r->ly;
    const struct dsr_score_indicator *si = &r->score.indicators[i];
    const struct dsr_indicator *def = si->def;
    const struct dsr_mindicator *mi = mind(r, def);
    const struct dsr_aspect *asp = &r->cat->aspects[def->aspect];
    GString *meta = g_string_new(NULL);
    char *title, w[32];
    struct ly_rgb c = group_rgb(r, def);

    /* the break decorates the page that ends with the previous head */
    ly_page_break(ly);
    snprintf(r->running_buf, sizeof(r->running_buf), _("Indicator %s"), def->id);
    r->running = r->running_buf;
    {
        char name[32];

        snprintf(name, sizeof(name), "ind-%zu", i);
        ly_anchor(ly, name);
    }
    title = g_strdup_printf("%s. %s", def->id, T(r, &def->name));
    outline(r, *aspect_outline, title, ly->page, ly->y, false);
    g_free(title);

    if (r->cat->ndomains)
        g_string_append_printf(meta, "%s \u00b7 ", T(r, &r->cat->domains[asp->domain].name));
    g_string_append_printf(meta, "%s %s \u00b7 ", _("Aspect"), T(r, &asp->name));
    g_string_append_printf(meta, _("weight %s %%"), hundredths(r, def->weight, w, sizeof(w)));
    ly_rect(ly->cr, LY_LEFT, ly->y, 4, 40, c);
    {
        char *p = g_markup_printf_escaped("<b>%s</b>  %s", r->running_buf, meta->str);

        ly_para(ly, LY_SMALL, p, true, 12, c, 2);
        g_free(p);
    }
    ly_para(ly, LY_H2, T(r, &def->name), false, 12, ink, 4);
    {
        char *p = g_markup_printf_escaped("%s: <b>%s</b>", _("Responsible office"),
                                          mi && *mi->owner ? mi->owner : _("not named"));

        ly_para(ly, LY_SMALL, p, true, 12, ink, 10);
        g_free(p);
    }
    g_string_free(meta, TRUE);

    stage_boxes(r, mi, si);
    criteria(r, def, si);
    explanations(r, mi);
    evidence_table(r, mi);
    thumbnails(r, mi);
    links(r, mi);
    questions(r, mi);
    indicator_findings(r, def);
    notes_box(r);
}

static void
indicators(struct rnd *r)
{
    int parent = outline(r, CAIRO_PDF_OUTLINE_ROOT, _("Indicators"),
                         r->ly.page + 1, LY_TOP, true);
    size_t prev_domain = (size_t)-1, prev_aspect = (size_t)-1;
    int domain_outline = parent, aspect_outline = parent;

    r->outline_indicators = parent;
    for (size_t i = 0; i < r->score.nindicators; i++) {
        const struct dsr_indicator *def = r->score.indicators[i].def;
        const struct dsr_aspect *asp = &r->cat->aspects[def->aspect];
        int page = r->ly.page + 1;

        if (r->cat->ndomains && asp->domain != prev_domain) {
            prev_domain = asp->domain;
            domain_outline = outline(r, parent, T(r, &r->cat->domains[asp->domain].name),
                                     page, LY_TOP, false);
        }
        if (def->aspect != prev_aspect) {
            prev_aspect = def->aspect;
            aspect_outline = outline(r, r->cat->ndomains ? domain_outline : parent,
                                     T(r, &asp->name), page, LY_TOP, false);
        }
        indicator(r, i, &aspect_outline);
    }
}

/* ---- appendices and sign-off ---------------------------------------------- */

static void
appendix_findings(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 30, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 50, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT, .markup = true},
        {.width = 34, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = LY_WIDTH - 30 - 50 - 34 - 100, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = 100, .style = LY_TINY, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("Ind."), _("Kind"), _("Line"), _("Finding"), _("Code")};
    struct ly_table t = {.cols = cols, .ncols = 5, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 6};
    const struct dsr_findings *fs = &r->res->findings;
    char *p;

    section(r, _("Appendix A. Findings of the check"));
    p = g_strdup_printf(_("The check of the manifest and of every evidence file "
                          "found %zu errors, %zu warnings and %zu notes. Lines "
                          "are lines of the manifest (%s)."),
                        fs->counts[DSR_SEV_ERROR], fs->counts[DSR_SEV_WARNING],
                        fs->counts[DSR_SEV_NOTE], r->m->path);
    ly_para(&r->ly, LY_BODY, p, false, 0, ink, 8);
    g_free(p);
    if (!fs->n)
        return;
    ly_table_begin(&r->ly, &t);
    for (size_t i = 0; i < fs->n; i++) {
        const struct dsr_finding *f = &fs->items[i];
        const struct ly_rgb c = sev_color[f->severity];
        char line[24];
        char *kind = g_markup_printf_escaped(
            "<span foreground='#%02x%02x%02x' weight='bold'>%s</span>",
            (unsigned)(c.r * 255), (unsigned)(c.g * 255), (unsigned)(c.b * 255),
            dsr_severity_label(f->severity));
        const char *cells[] = {*f->indicator ? f->indicator : "\u2013", kind, line,
                               f->message, dsr_finding_name(f->code)};

        if (f->line)
            snprintf(line, sizeof(line), "%lu", f->line);
        else
            snprintf(line, sizeof(line), "\u2013");
        ly_table_row(&r->ly, &t, cells, NULL, NULL);
        g_free(kind);
    }
}

static void
appendix_checksums(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 24, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 24 - 50 - 150, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = 50, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 150, .style = LY_MONO, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("Ind."), _("File"), _("Size"), _("SHA-256")};
    struct ly_table t = {.cols = cols, .ncols = 4, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 6};

    section(r, _("Appendix B. Checksums"));
    ly_para(&r->ly, LY_BODY,
            _("The SHA-256 checksum of every evidence file, as read by the "
              "check. A file whose checksum differs is not the document "
              "described in this dossier. Paths are relative to the evidence "
              "folder."),
            false, 0, ink, 8);
    ly_table_begin(&r->ly, &t);
    for (size_t i = 0; i < r->score.nindicators; i++) {
        const struct dsr_mindicator *mi = mind(r, r->score.indicators[i].def);

        for (size_t j = 0; mi && j < mi->nevidence; j++) {
            const struct dsr_checked_file *cf = checked_file(r, mi, j, NULL);
            char size[32], sha[80];
            const char *cells[] = {mi->id, mi->evidence[j].file, size, sha};

            if (!cf || !cf->read)
                continue;
            dsr_format_size(cf->info.size, r->lang, size, sizeof(size));
            /* two lines of 32, so the column stays narrow */
            snprintf(sha, sizeof(sha), "%.32s\n%s", cf->info.sha256,
                     cf->info.sha256 + 32);
            ly_table_row(&r->ly, &t, cells, NULL, NULL);
        }
    }
}

static void
signature_block(struct rnd *r, double x, double w, double top, const char *role,
                const char *name, const char *position)
{
    struct ly *ly = &r->ly;
    PangoLayout *l;
    double y = top;

    l = ly_text(ly, LY_BODY, role, false, w, 3);
    ly_draw(ly, l, x, y, ink);
    y += ly_height(l) + 70;
    g_object_unref(l);
    cairo_set_source_rgb(ly->cr, ink.r, ink.g, ink.b);
    cairo_set_line_width(ly->cr, 0.6);
    cairo_move_to(ly->cr, x, y);
    cairo_line_to(ly->cr, x + w, y);
    cairo_stroke(ly->cr);
    y += 4;
    if (name && *name) {
        char *p = g_markup_printf_escaped("<b>%s</b>\n%s", name, position ? position : "");

        l = ly_text(ly, LY_BODY, p, true, w, 4);
        ly_draw(ly, l, x, y, ink);
        g_object_unref(l);
        g_free(p);
    } else {
        l = ly_text(ly, LY_SMALL, _("Name and position"), false, w, 1);
        ly_draw(ly, l, x, y, muted);
        g_object_unref(l);
    }
}

static void
signoff(struct rnd *r)
{
    struct ly *ly = &r->ly;
    const struct dsr_manifest *m = r->m;
    double w = (LY_WIDTH - 40) / 2, top;
    char *p;

    section(r, _("Sign-off"));
    p = g_strdup_printf(
        _("The SPBE coordinator of %s states that the self-assessment and the "
          "supporting documents in this dossier for the %s evaluation are "
          "complete and true, and that the files in the bundle are those whose "
          "checksums are listed in appendix B."),
        m->instance_name, m->year_text);
    ly_para(ly, LY_BODY, p, false, 0, ink, 24);
    g_free(p);
    ly_para(ly, LY_BODY, _("Place and date: ______________________________"),
            false, 0, ink, 30);
    top = ly->y;
    {
        char *pos = g_strdup_printf("%s%s%s", m->coordinator_position,
                                    *m->coordinator_unit && *m->coordinator_position ? "\n" : "",
                                    m->coordinator_unit);

        signature_block(r, LY_LEFT, w, top, _("SPBE coordinator"), m->coordinator_name,
                        pos);
        g_free(pos);
    }
    signature_block(r, LY_LEFT + w + 40, w, top,
                    _("Received by the external assessor"), NULL, NULL);
    ly->y = top + 160;
}

/* ---- the document -------------------------------------------------------- */

static cairo_status_t
discard(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure;
    (void)data;
    (void)length;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
write_file(void *closure, const unsigned char *data, unsigned int length)
{
    FILE *f = closure;

    return fwrite(data, 1, length, f) == length ? CAIRO_STATUS_SUCCESS
                                                : CAIRO_STATUS_WRITE_ERROR;
}

static void
metadata(struct rnd *r, cairo_surface_t *s)
{
    char *title = g_strdup_printf(_("SPBE evaluation dossier %s, %s"),
                                  r->m->year_text, r->m->instance_name);
    char *keywords = g_strdup_printf("SPBE, %s, %s, %s", _("evidence"),
                                     r->m->year_text, r->cat->id);

    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, r->m->instance_name);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, T(r, &r->cat->title));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, keywords);
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
    r->ly.decorate = decorate;
    r->ly.decorate_ctx = r;
    cover(r);
    summary(r);
    owners_section(r);
    visit_section(r);
    indicators(r);
    appendix_findings(r);
    appendix_checksums(r);
    signoff(r);
    ly_close(&r->ly);
    cairo_surface_finish(surface);
    st = cairo_surface_status(surface);
    if (st != CAIRO_STATUS_SUCCESS)
        return dsr_error_set(err, st == CAIRO_STATUS_WRITE_ERROR ? DSR_IO : DSR_RENDER,
                             NULL, 0, "cairo: %s", cairo_status_to_string(st));
    return 0;
}

/* The preview of evidence file i, on one of dsr_parallel()'s threads. */
static void
preview_job(void *ctx, size_t i)
{
    struct rnd *r = ctx;
    const struct dsr_checked_file *cf = &r->res->files[i];

    if (!cf->read || !cf->resolved)
        return;
    th_make(cf->resolved, cf->info.mime, cf->info.size,
            (int)(THUMB_W * THUMB_PX), (int)(THUMB_H * THUMB_PX),
            !r->opts->no_thumbnails, &r->previews[i]);
}

static int
prepare(struct rnd *r, struct dsr_error *err)
{
    const struct dsr_check_result *res = r->res;
    struct dsr_score_opts so = {.stage = -1, .target = -1};
    time_t t = (time_t)r->opts->date;
    struct tm tm;

    if (dsr_score_compute(r->m, r->cat, &so, &r->score, err) < 0)
        return -1;
    if (!gmtime_r(&t, &tm))
        return dsr_error_set(err, DSR_USAGE, NULL, 0, "the date is out of range");
    snprintf(r->date, sizeof(r->date), "%d %s %d", tm.tm_mday,
             _(month_name[tm.tm_mon]), tm.tm_year + 1900);
    strftime(r->iso_date, sizeof(r->iso_date), "%Y-%m-%dT%H:%M:%SZ", &tm);

    r->file_base = g_new0(size_t, r->m->nindicators + 1);
    r->previews = g_new0(struct th_preview, res->nfiles + 1);
    for (size_t k = res->nfiles; k-- > 0;) {
        const struct dsr_checked_file *cf = &res->files[k];

        if (cf->indicator < r->m->nindicators && cf->evidence == 0)
            r->file_base[cf->indicator] = k;
    }
    dsr_parallel(res->nfiles, th_begin() ? r->opts->jobs : 1, preview_job, r);
    th_end();
    return 0;
}

static void
release(struct rnd *r)
{
    for (size_t k = 0; r->previews && k < r->res->nfiles; k++)
        th_release(&r->previews[k]);
    g_free(r->previews);
    g_free(r->file_base);
    dsr_score_release(&r->score);
}

int
dsr_render_write(const struct dsr_check_result *checked,
                 const struct dsr_render_opts *opts, const char *path,
                 struct dsr_render_stats *stats, struct dsr_error *err)
{
    struct rnd r = {.res = checked, .opts = opts, .lang = opts->lang};
    cairo_surface_t *surface = NULL;
    char *tmp = NULL;
    FILE *f = NULL;
    int fd = -1;
    int ret = -1;

    if (!checked->manifest || !checked->catalog ||
        checked->findings.counts[DSR_SEV_ERROR])
        return dsr_error_set(err, DSR_INPUT, NULL, 0,
                             "the manifest has errors; run dossier check");
    r.m = checked->manifest;
    r.cat = checked->catalog;
    if (prepare(&r, err) < 0)
        goto out;

    /* pass 1: pages and where each indicator starts */
    surface = cairo_pdf_surface_create_for_stream(discard, NULL, LY_PAGE_W, LY_PAGE_H);
    if (render_pass(&r, surface, false, err) < 0)
        goto out;
    r.total = r.ly.page;
    cairo_surface_destroy(surface);
    surface = NULL;

    /* beside 'path', so that the rename is atomic; mkstemp fills the Xs */
    tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        dsr_error_sys(err, errno, path, "cannot create a temporary file beside it");
        g_free(tmp);
        tmp = NULL;
        goto out;
    }
    f = fdopen(fd, "wb");
    if (!f) {
        dsr_error_sys(err, errno, tmp, "cannot open");
        close(fd);
        goto out;
    }
    surface = cairo_pdf_surface_create_for_stream(write_file, f, LY_PAGE_W, LY_PAGE_H);
    metadata(&r, surface);
    if (render_pass(&r, surface, true, err) < 0)
        goto out;
    if (r.ly.page != r.total) {
        dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                      "the two layout passes disagree (%d and %d pages)", r.total,
                      r.ly.page);
        goto out;
    }
    if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
        dsr_error_sys(err, errno, tmp, "cannot write");
        goto out;
    }
    {
        /* mkstemp made it private; the dossier is an ordinary file */
        mode_t mask = umask(022);

        umask(mask);
        fchmod(fileno(f), 0666 & ~mask);
    }
    if (fclose(f) != 0) {
        f = NULL;
        dsr_error_sys(err, errno, tmp, "cannot write");
        goto out;
    }
    f = NULL;
    if (rename(tmp, path) < 0) {
        dsr_error_sys(err, errno, path, "cannot move the dossier into place");
        goto out;
    }
    g_free(tmp);
    tmp = NULL;
    if (stats) {
        memset(stats, 0, sizeof(*stats));
        stats->pages = (unsigned)r.total;
        for (size_t k = 0; k < checked->nfiles; k++) {
            stats->thumbnails += r.previews[k].state == TH_OK;
            stats->thumbnails_missing += r.previews[k].state == TH_FAILED ||
                                         r.previews[k].state == TH_LOCKED ||
                                         r.previews[k].state == TH_LARGE;
        }
    }
    ret = 0;
out:
    if (surface)
        cairo_surface_destroy(surface);
    if (f)
        fclose(f);
    if (tmp) {
        unlink(tmp);
        g_free(tmp);
    }
    release(&r);
    return ret;
}
