/*
 * render_summary.c -- the cover and the scoring summary of the dossier
 * PDF: key figures, the table of domains and aspects, two charts, and the
 * plan to reach the target.
 */
#include "render_int.h"

#include "dossier/format.h"

#include "internal.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <string.h>

/* predikat bands, lowest to highest */
static const struct ly_rgb band_color[5] = {
    {0.75, 0.20, 0.16}, {0.88, 0.48, 0.12}, {0.15, 0.47, 0.72},
    {0.16, 0.58, 0.33}, {0.04, 0.42, 0.30},
};

static const char *
index_text(const struct rnd *r, struct dsr_index x, char *buf, size_t size)
{
    return rd_hundredths(r, dsr_index_hundredths(r->cat, x), buf, size);
}

static struct ly_rgb
band_rgb(const struct rnd *r, const struct dsr_band *b)
{
    size_t i = (size_t)(b - r->cat->bands);
    size_t n = r->cat->nbands;

    return band_color[n > 1 ? i * 4 / (n - 1) : 2];
}

/* ---- cover -------------------------------------------------------------- */

static void
facts_row(struct rnd *r, struct ly_table *t, const char *label, const char *value)
{
    const char *cells[2] = {label, value};

    if (value && *value)
        ly_table_row(&r->ly, t, cells, NULL, &white);
}

void
rd_cover(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 130, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 130, .style = LY_BODY, .align = PANGO_ALIGN_LEFT},
    };
    struct ly *ly = &r->ly;
    struct ly_table t = {.cols = cols, .ncols = 2, .x = LY_LEFT};
    const struct dsr_manifest *m = r->m;
    char *s, *coordinator = NULL, *period = NULL, *files = NULL, *filled;
    char *up, *label;
    char a[32], b[32];
    PangoLayout *l;
    size_t nfiles = 0;
    unsigned long long bytes = 0;
    double y;

    r->running = NULL;
    rd_outline(r, CAIRO_PDF_OUTLINE_ROOT, _("Cover"), 1, 0, false);
    ly_rect(ly->cr, 0, 0, LY_PAGE_W, 300, navy);
    up = g_utf8_strup(r->cat->short_name, -1);
    s = g_strdup_printf(_("%s EVALUATION DOSSIER"), up);
    l = ly_text(ly, LY_H3, s, false, LY_WIDTH, 0);
    ly_draw(ly, l, LY_LEFT, 70, (struct ly_rgb){0.75, 0.84, 0.95});
    g_object_unref(l);
    g_free(s);
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
    l = ly_text(ly, LY_BODY, rd_text(r, &r->cat->title), false, LY_WIDTH, 3);
    ly_draw(ly, l, LY_LEFT, y, (struct ly_rgb){0.85, 0.90, 0.96});
    g_object_unref(l);

    /* the result at a glance */
    index_text(r, r->score->index, a, sizeof(a));
    ly_rect(ly->cr, LY_LEFT, 250, 200, 90, white);
    ly_rect(ly->cr, LY_LEFT, 250, 6, 90, band_rgb(r, r->score->band));
    s = g_strdup_printf(_("%s INDEX"), up);
    l = ly_text(ly, LY_TINY, s, false, 180, 1);
    ly_draw(ly, l, LY_LEFT + 18, 262, muted);
    g_object_unref(l);
    g_free(s);
    g_free(up);
    s = g_markup_printf_escaped("<span size='30000' weight='bold'>%s</span>  "
                                "<span size='13000' weight='bold'>%s</span>",
                                a, rd_text(r, &r->score->band->name));
    l = ly_text(ly, LY_BODY, s, true, 190, 1);
    ly_draw(ly, l, LY_LEFT + 18, 276, band_rgb(r, r->score->band));
    g_object_unref(l);
    g_free(s);

    for (size_t i = 0; i < r->res->nfiles; i++) {
        if (r->res->files[i].read) {
            nfiles++;
            bytes += r->res->files[i].info.size;
        }
    }

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
    filled = g_strdup_printf(_("%zu of %zu indicators"), r->res->nfilled,
                             r->res->nindicators);
    s = g_strdup_printf("%s\n%s", rd_text(r, &r->cat->title), r->cat->basis);
    facts_row(r, &t, _("Institution"), m->instance_name);
    label = g_strdup_printf(_("%s coordinator"), r->cat->short_name);
    facts_row(r, &t, label, coordinator);
    g_free(label);
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
    const struct dsr_score *s = r->score;
    const struct dsr_manifest *m = r->m;
    double w = (LY_WIDTH - 2 * 10) / 3;
    char a[32], b[32];
    char *sub, *label;

    ly_need(&r->ly, 80);
    index_text(r, s->index, a, sizeof(a));
    label = g_strdup_printf(_("%s index"), r->cat->short_name);
    kpi(r, LY_LEFT, w, label, a, rd_text(r, &s->band->name),
        band_rgb(r, s->band));
    g_free(label);
    if (s->target >= 0) {
        rd_hundredths(r, s->target, a, sizeof(a));
        sub = s->gap <= 0 ? g_strdup(_("reached"))
                          : g_strdup_printf(_("gap %s"),
                                            rd_hundredths(r, dsr_score_gap_hundredths(s),
                                                          b, sizeof(b)));
        kpi(r, LY_LEFT + w + 10, w, _("Target"), a, sub,
            s->gap <= 0 ? band_color[3] : band_color[1]);
        g_free(sub);
    } else {
        kpi(r, LY_LEFT + w + 10, w, _("Target"), "-", _("not set"), muted);
    }
    if (m->has_previous && m->previous >= 0) {
        long change = dsr_index_hundredths(r->cat, s->index) - m->previous;
        label = g_strdup_printf(_("Previous year (%d)"), m->previous_year);
        rd_hundredths(r, m->previous, a, sizeof(a));
        rd_hundredths(r, change, b, sizeof(b));
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
    /* a rounding that lifts the index into another band is said */
    if (dsr_index_crosses(r->cat, s->index)) {
        char note[192];

        dsr_index_crossing_note(r->cat, s->index, r->lang, note, sizeof(note));
        ly_para(&r->ly, LY_SMALL, note, false, 0, muted, 8);
    }
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
    const struct dsr_score *s = r->score;

    ly_table_begin(&r->ly, &t);
    for (size_t d = 0; d <= s->ndomains; d++) {
        const struct dsr_score_group *g = d < s->ndomains ? &s->domains[d] : NULL;
        char w[32], v[32], pct[40];

        if (g) {
            char *name = g_markup_printf_escaped("<b>%s</b>", rd_text(r, g->name));
            const char *cells[] = {g->id, name, pct, index_text(r, g->index, v, sizeof(v)),
                                   rd_text(r, &g->band->name)};

            snprintf(pct, sizeof(pct), "%s %%", rd_hundredths(r, g->weight, w, sizeof(w)));
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
                                           rd_text(r, ag->name));
            snprintf(pct, sizeof(pct), "%s %%", rd_hundredths(r, ag->weight, w, sizeof(w)));
            {
                const char *cells[] = {ag->id, name, pct,
                                       index_text(r, ag->index, v, sizeof(v)),
                                       rd_text(r, &ag->band->name)};

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
    const struct dsr_score *s = r->score;
    const double label_w = 190, bar_x = LY_LEFT + label_w + 8;
    const double bar_w = LY_WIDTH - label_w - 8 - 34, row = 15;
    double h = (double)s->naspects * row + 26, top;
    char v[32];

    rd_heading(r, LY_H3, _("Index by aspect"), 4, 6);
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
        char *label = g_strdup_printf("%s  %s", g->id, rd_text(r, g->name));
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
        label = g_strdup_printf(_("target %s"), rd_hundredths(r, s->target, t, sizeof(t)));
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
    const struct dsr_score *s = r->score;
    const double axis_w = 16, unit = 15;
    const double col = (LY_WIDTH - axis_w) / (double)s->nindicators;
    size_t ngroups = r->cat->ndomains ? r->cat->ndomains : r->cat->naspects;
    double top, base, x;
    char v[32];

    rd_heading(r, LY_H3, _("Level of every indicator"), 8, 12);
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

            rd_ind_link(dest, sizeof(dest), i);
            snprintf(attrs, sizeof(attrs), "rect=[%.2f %.2f %.2f %.2f] %s", bx,
                     top, col, base - top + 12, dest);
            cairo_tag_begin(ly->cr, CAIRO_TAG_LINK, attrs);
        }
        ly_rect(ly->cr, bx + col * 0.15, base - bh, col * 0.7, bh,
                si->stage >= 0 ? rd_group_rgb(r, si->def) : rule);
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
        PangoLayout *l = ly_text(ly, LY_TINY, rd_text(r, name), false, LY_WIDTH / 2 - 16, 1);

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
    const struct dsr_score *s = r->score;
    char buf[64], w[32], pct[40];

    rd_heading(r, LY_H3, _("Plan to reach the target"), 10, 4);
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
        char *p;
        char tg[32], best[32];

        if (s->reachable)
            p = g_strdup_printf(
                _("The fewest single-level steps that reach the target, no "
                  "indicator rising more than %d level(s): %zu. Steps whose "
                  "level already has evidence in the manifest, or was claimed "
                  "at another stage, are preferred."),
                s->max_raise, s->nplan);
        else
            p = g_strdup_printf(
                _("The target %s cannot be reached when no indicator rises "
                  "more than %d level(s): the best reachable index is %s "
                  "(%s), with all %zu steps below."),
                rd_hundredths(r, s->target, tg, sizeof(tg)), s->max_raise,
                index_text(r, s->best, best, sizeof(best)),
                rd_text(r, &s->best_band->name), s->nplan);
        ly_para(&r->ly, LY_BODY, p, false, 0, ink, 6);
        g_free(p);
    }
    /* grouped by owner (OPD), in the order of each one's first step, as
     * 'dossier score' prints it */
    for (size_t g = 0; g < s->nplan; g++) {
        const char *owner = s->plan[g].owner;
        size_t nsteps = 0;
        bool seen = false;
        char *title;

        for (size_t j = 0; j < g && !seen; j++)
            seen = strcmp(s->plan[j].owner, owner) == 0;
        if (seen)
            continue;
        for (size_t j = g; j < s->nplan; j++)
            nsteps += strcmp(s->plan[j].owner, owner) == 0;
        title = g_strdup_printf(dngettext(DSR_TEXTDOMAIN, "%s: %zu step",
                                          "%s: %zu steps", nsteps),
                                *owner ? owner : _("No office named"), nsteps);
        ly_need(&r->ly, 70);
        rd_heading(r, LY_H3, title, 6, 3);
        g_free(title);
        ly_table_begin(&r->ly, &t);
        for (size_t i = g; i < s->nplan; i++) {
            const struct dsr_plan_step *p = &s->plan[i];
            size_t ci = (size_t)(p->def - r->cat->indicators);
            char dest[96];
            const char *cells[] = {p->def->id, rd_text(r, &p->def->name), pct,
                                   buf,
                                   p->evidenced ? _("ready") : _("to collect")};

            if (strcmp(p->owner, owner) != 0)
                continue;
            snprintf(pct, sizeof(pct), "%s %%",
                     rd_hundredths(r, p->def->weight, w, sizeof(w)));
            snprintf(buf, sizeof(buf), "%d \u2192 %d", p->from, p->to);
            rd_ind_link(dest, sizeof(dest), ci);
            ly_table_row(&r->ly, &t, cells, dest, NULL);
        }
    }
}

void
rd_summary(struct rnd *r)
{
    char *s;

    rd_section(r, _("Scoring summary"));
    summary_kpis(r);
    s = g_strdup_printf(
        _("Levels counted: the latest stage of each indicator. %zu of %zu "
          "indicators are filled; the others count as level 1. The check found "
          "%zu errors, %zu warnings and %zu notes (appendix A)."),
        r->score->nfilled, r->score->nindicators, r->res->findings.counts[DSR_SEV_ERROR],
        r->res->findings.counts[DSR_SEV_WARNING],
        r->res->findings.counts[DSR_SEV_NOTE]);
    ly_para(&r->ly, LY_BODY, s, false, 0, ink, 10);
    g_free(s);
    group_table(r);
    aspect_chart(r);
    indicator_chart(r);
    plan_table(r);
}
