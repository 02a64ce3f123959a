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

static int headline_stage(const struct dsr_score *s);

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
    /* the stage the headline counts is named, as in the summary */
    {
        int st = headline_stage(r->score);
        char *stage = g_utf8_strup(rd_stage_title(st), -1);

        s = st >= 0 ? g_strdup_printf(_("%s INDEX, %s"), up, stage)
                    : g_strdup_printf(_("%s INDEX"), up);
        g_free(stage);
    }
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
    if (r->opts->evidence_encrypted)
        facts_row(r, &t, _("Evidence zips"),
                  _("encrypted (AES-256); the first-page previews are left "
                    "out so that no document is readable without the "
                    "passphrase"));
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

/*
 * How the chart draws each stage: a line from 0 to the index in the
 * stage's dash, ending in the stage's marker, so that the stages stay
 * apart in black and white; the colour only helps.
 */
enum marker { MK_CIRCLE, MK_SQUARE, MK_TRIANGLE, MK_DIAMOND };

static const struct stage_style {
    double dash[4];
    int ndash;                  /* 0: solid */
    enum marker marker;
    struct ly_rgb color;
} stage_style[DSR_STAGE_COUNT] = {
    {{0}, 0, MK_CIRCLE, {0.42, 0.44, 0.48}},
    {{3, 1.5}, 2, MK_SQUARE, {0.78, 0.42, 0.08}},
    {{1, 1.2}, 2, MK_TRIANGLE, {0.10, 0.45, 0.55}},
    {{4, 1.2, 1, 1.2}, 4, MK_DIAMOND, {0.08, 0.22, 0.38}},
};

/* The target's and last year's lines across the chart. */
static const double target_dash[] = {5, 2};
static const double prev_dash[] = {1, 1.6};
static const struct ly_rgb prev_rgb = {0.30, 0.30, 0.32};

/*
 * The stage whose index is the headline (s->index): the last of
 * s->stages, which holds the same index; -1 when it is none of them.
 */
static int
headline_stage(const struct dsr_score *s)
{
    const struct dsr_stage_score *last;

    if (!s->nstages)
        return -1;
    last = &s->stages[s->nstages - 1];
    /* both fractions are under 10^9 / 10^8: the products fit */
    if (last->index.num * s->index.den != s->index.num * last->index.den)
        return -1;
    return last->stage;
}

/* The latest stage any indicator of the manifest has an assessment at. */
static int
latest_stage(const struct rnd *r)
{
    int st = -1;

    for (size_t i = 0; i < r->res->nindicators; i++) {
        const struct dsr_mindicator *mi = r->res->indicators[i].mind;

        for (size_t a = 0; mi && a < mi->nassessments; a++)
            if ((int)mi->assessments[a].stage > st)
                st = (int)mi->assessments[a].stage;
    }
    return st;
}

/* The band of 'hundredths' (a target, last year's index). */
static const struct dsr_band *
band_of(const struct rnd *r, long hundredths)
{
    return dsr_catalog_band(r->cat, (unsigned long long)hundredths, 100);
}

/* One index beside the others: a box with its label, value and predikat. */
struct ibox {
    char *label;
    char value[32];
    const struct dsr_band *band;    /* NULL: none */
    char *sub;                      /* NULL: none */
    bool head;                      /* the headline: framed */
    struct ly_rgb accent;
};

#define IBOX_H 72.0

static void
ibox_draw(struct rnd *r, const struct ibox *b, double x, double w)
{
    struct ly *ly = &r->ly;
    PangoLayout *l;
    char *s;

    ly_rect(ly->cr, x, ly->y, w, IBOX_H, pale);
    ly_rect(ly->cr, x, ly->y, 4, IBOX_H, b->accent);
    if (b->head) {
        ly_set_color(ly->cr, navy);
        cairo_set_line_width(ly->cr, 1.6);
        cairo_rectangle(ly->cr, x + 0.8, ly->y + 0.8, w - 1.6, IBOX_H - 1.6);
        cairo_stroke(ly->cr);
    }
    /* from the accent bar on, so a stage's label fits on one line */
    l = ly_text(ly, LY_TINY, b->label, false, w - 10, 2);
    ly_draw(ly, l, x + 8, ly->y + 5, muted);
    g_object_unref(l);
    s = g_markup_printf_escaped("<span size='17000' weight='bold'>%s</span>",
                                b->value);
    l = ly_text(ly, LY_BODY, s, true, w - 10, 1);
    ly_draw(ly, l, x + 8, ly->y + 23, b->accent);
    g_object_unref(l);
    g_free(s);
    if (b->band) {
        l = ly_text(ly, LY_SMALL, rd_text(r, &b->band->name), false, w - 10,
                    1);
        ly_draw(ly, l, x + 8, ly->y + 45, ink);
        g_object_unref(l);
    }
    if (b->sub) {
        l = ly_text(ly, LY_TINY, b->sub, false, w - 10, 1);
        ly_draw(ly, l, x + 8, ly->y + 58, ink);
        g_object_unref(l);
    }
}

/*
 * The indices side by side: every stage's (the headline's framed), the
 * target and last year's, each with its predikat; then the rounding notes.
 */
static void
summary_indices(struct rnd *r)
{
    const struct dsr_score *s = r->score;
    const struct dsr_manifest *m = r->m;
    struct ibox box[DSR_STAGE_COUNT + 2];
    int head = headline_stage(s);
    size_t n = 0;
    double w, gap = 8;
    char b[32];
    char *label;

    memset(box, 0, sizeof(box));
    for (size_t k = 0; k < s->nstages; k++) {
        const struct dsr_stage_score *ss = &s->stages[k];
        struct ibox *x = &box[n++];

        x->label = g_strdup(rd_stage_title(ss->stage));
        index_text(r, ss->index, x->value, sizeof(x->value));
        x->band = ss->band;
        x->head = ss->stage == head;
        x->sub = x->head ? g_strdup(_("counted")) : NULL;
        x->accent = band_rgb(r, ss->band);
    }
    if (head < 0) {
        /* not one stage's index: said as such, as before */
        struct ibox *x = &box[n++];

        x->label = g_strdup_printf(_("%s index"), r->cat->short_name);
        index_text(r, s->index, x->value, sizeof(x->value));
        x->band = s->band;
        x->head = true;
        x->sub = g_strdup(_("counted"));
        x->accent = band_rgb(r, s->band);
    }
    {
        struct ibox *x = &box[n++];

        x->label = g_strdup(_("Target"));
        if (s->target >= 0) {
            rd_hundredths(r, s->target, x->value, sizeof(x->value));
            x->band = band_of(r, s->target);
            rd_hundredths(r, dsr_score_gap_hundredths(s), b, sizeof(b));
            x->sub = s->gap <= 0 ? g_strdup(_("reached"))
                                 : g_strdup_printf(_("gap %s"), b);
            x->accent = s->gap <= 0 ? band_color[3] : band_color[1];
        } else {
            snprintf(x->value, sizeof(x->value), "-");
            x->sub = g_strdup(_("not set"));
            x->accent = muted;
        }
    }
    {
        struct ibox *x = &box[n++];

        if (m->has_previous && m->previous >= 0) {
            long change = dsr_index_hundredths(r->cat, s->index) - m->previous;

            /* short: a box is a sixth of the width */
            x->label = g_strdup_printf(_("Year %d"), m->previous_year);
            rd_hundredths(r, m->previous, x->value, sizeof(x->value));
            x->band = band_of(r, m->previous);
            rd_hundredths(r, change, b, sizeof(b));
            x->sub = g_strdup_printf(_("change %s%s"), change > 0 ? "+" : "",
                                     b);
            x->accent = change >= 0 ? band_color[3] : band_color[0];
        } else {
            x->label = g_strdup(_("Previous year"));
            snprintf(x->value, sizeof(x->value), "-");
            x->sub = g_strdup(_("not given"));
            x->accent = muted;
        }
    }
    w = (LY_WIDTH - gap * (double)(n - 1)) / (double)n;
    label = g_strdup_printf(_("%s index"), r->cat->short_name);
    rd_heading(r, LY_H3, label, 0, 6);
    g_free(label);
    ly_need(&r->ly, IBOX_H + 16);
    for (size_t k = 0; k < n; k++) {
        ibox_draw(r, &box[k], LY_LEFT + (w + gap) * (double)k, w);
        g_free(box[k].label);
        g_free(box[k].sub);
    }
    r->ly.y += IBOX_H + 10;
    /* a rounding that lifts an index into another band is said */
    for (size_t k = 0; k < s->nstages; k++) {
        char note[192];
        char *p;

        if (!dsr_index_crosses(r->cat, s->stages[k].index))
            continue;
        dsr_index_crossing_note(r->cat, s->stages[k].index, r->lang, note,
                                sizeof(note));
        p = g_strdup_printf("%s %s: %s", rd_stage_title(s->stages[k].stage),
                            index_text(r, s->stages[k].index, b, sizeof(b)),
                            note);
        ly_para(&r->ly, LY_SMALL, p, false, 0, muted, 4);
        g_free(p);
    }
    if (head < 0 && dsr_index_crosses(r->cat, s->index)) {
        char note[192];

        dsr_index_crossing_note(r->cat, s->index, r->lang, note, sizeof(note));
        ly_para(&r->ly, LY_SMALL, note, false, 0, muted, 4);
    }
    r->ly.y += 4;
}

/* What the headline counts, and what the check found. */
static void
summary_counted(struct rnd *r)
{
    const struct dsr_score *s = r->score;
    int head = headline_stage(s);
    int latest = latest_stage(r);
    char *a, *b, *p;

    if (head < 0)
        a = g_strdup(_("Levels counted: the latest stage of each indicator."));
    else if (latest > head)
        a = g_strdup_printf(_("Levels counted: each indicator's latest "
                              "assessment up to the %s stage (render --stage "
                              "%s); the later stages are left out of every "
                              "index and level counted in this dossier."),
                            rd_stage_label(head), dsr_stage_name(head));
    else
        a = g_strdup_printf(_("Levels counted: each indicator's latest "
                              "assessment up to the %s stage."),
                            rd_stage_label(head));
    b = g_strdup_printf(_("%zu of %zu indicators are filled; the others count "
                          "as level 1. The check found %zu errors, %zu "
                          "warnings and %zu notes (appendix A)."),
                        s->nfilled, s->nindicators,
                        r->res->findings.counts[DSR_SEV_ERROR],
                        r->res->findings.counts[DSR_SEV_WARNING],
                        r->res->findings.counts[DSR_SEV_NOTE]);
    p = g_strdup_printf("%s %s", a, b);
    ly_para(&r->ly, LY_BODY, p, false, 0, ink, 10);
    g_free(p);
    g_free(b);
    g_free(a);
}

/* The first catalog indicator of aspect 'a' (domain 'd' when 'a' is
 * SIZE_MAX); SIZE_MAX when it has none. */
static size_t
first_indicator(const struct rnd *r, size_t d, size_t a)
{
    for (size_t i = 0; i < r->cat->nindicators; i++) {
        size_t ia = r->cat->indicators[i].aspect;

        bool in = a != SIZE_MAX ? ia == a
                                : ia < r->cat->naspects &&
                                      r->cat->aspects[ia].domain == d;

        if (in)
            return i;
    }
    return SIZE_MAX;
}

/*
 * The index of group 'g' (aspect 'a', or domain 'd' when 'a' is
 * SIZE_MAX) at stage k of the score, from the stage's aspects as
 * score_groups() sums them.
 */
static struct dsr_index
stage_group_index(const struct rnd *r, size_t k, size_t d, size_t a)
{
    const struct dsr_stage_score *ss = &r->score->stages[k];
    const struct dsr_domain *dom;
    struct dsr_index x;

    if (a != SIZE_MAX)
        return ss->aspects[a].index;
    dom = &r->cat->domains[d];
    x.num = 0;
    x.den = (unsigned long long)dom->weight * DSR_VALUE_ONE;
    for (size_t i = dom->first;
         i < dom->first + dom->count && i < r->cat->naspects; i++)
        x.num += ss->aspects[i].index.num;
    return x;
}

/*
 * One row of the group table: the index at every stage (the counted one
 * bold) and the counted predikat, linked to its first indicator's
 * section.
 */
static void
group_row(struct rnd *r, struct ly_table *t, const struct dsr_score_group *g,
          const char *name, size_t d, size_t a, const struct ly_rgb *bg)
{
    const struct dsr_score *s = r->score;
    int head = headline_stage(s);
    size_t first = first_indicator(r, d, a);
    char w[32], pct[40], dest[96];
    char *num[DSR_STAGE_COUNT] = {NULL};
    const char *cells[4 + DSR_STAGE_COUNT];
    size_t n = 0;

    snprintf(pct, sizeof(pct), "%s %%",
             rd_hundredths(r, g->weight, w, sizeof(w)));
    cells[n++] = g->id;
    cells[n++] = name;
    cells[n++] = pct;
    for (size_t k = 0; k < s->nstages; k++) {
        char v[32];
        struct dsr_index x = stage_group_index(r, k, d, a);

        index_text(r, x, v, sizeof(v));
        num[k] = s->stages[k].stage == head
                     ? g_markup_printf_escaped("<b>%s</b>", v)
                     : g_markup_escape_text(v, -1);
        cells[n++] = num[k];
    }
    cells[n++] = rd_text(r, &g->band->name);
    if (first != SIZE_MAX)
        rd_ind_link(dest, sizeof(dest), first);
    ly_table_row(&r->ly, t, cells, first != SIZE_MAX ? dest : NULL, bg);
    for (size_t k = 0; k < s->nstages; k++)
        g_free(num[k]);
}

/*
 * Domains and aspects: weight, the index at every stage side by side and
 * the counted predikat.  The header names what the catalog has: Pemdi
 * has no domains.
 */
static void
group_table(struct rnd *r)
{
    const struct dsr_score *s = r->score;
    const double id_w = 30, weight_w = 54, stage_w = 42, band_w = 62;
    struct ly_col cols[4 + DSR_STAGE_COUNT];
    const char *head[4 + DSR_STAGE_COUNT];
    struct ly_table t = {.cols = cols, .head = head, .head_bg = navy,
                         .x = LY_LEFT};
    size_t n = 0;

    cols[n] = (struct ly_col){.width = id_w, .style = LY_SMALL,
                              .align = PANGO_ALIGN_LEFT};
    head[n++] = _("Id");
    cols[n] = (struct ly_col){.width = LY_WIDTH - id_w - weight_w - band_w -
                                       stage_w * (double)s->nstages,
                              .style = LY_SMALL, .align = PANGO_ALIGN_LEFT,
                              .markup = true};
    head[n++] = s->ndomains ? _("Domain and aspect") : _("Aspect");
    cols[n] = (struct ly_col){.width = weight_w, .style = LY_SMALL,
                              .align = PANGO_ALIGN_RIGHT};
    head[n++] = _("Weight");
    for (size_t k = 0; k < s->nstages; k++) {
        cols[n] = (struct ly_col){.width = stage_w, .style = LY_SMALL,
                                  .align = PANGO_ALIGN_RIGHT, .markup = true};
        head[n++] = rd_stage_short(s->stages[k].stage);
    }
    cols[n] = (struct ly_col){.width = band_w, .style = LY_SMALL,
                              .align = PANGO_ALIGN_LEFT};
    head[n++] = _("Predikat");
    t.ncols = n;

    ly_table_begin(&r->ly, &t);
    for (size_t d = 0; d <= s->ndomains; d++) {
        const struct dsr_score_group *g = d < s->ndomains ? &s->domains[d] : NULL;

        if (g) {
            char *name = g_markup_printf_escaped("<b>%s</b>", rd_text(r, g->name));

            group_row(r, &t, g, name, d, SIZE_MAX, &pale);
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
            group_row(r, &t, ag, name, d, a, &white);
            g_free(name);
        }
    }
    /* a sentence, not a label: body text (issue 21, point 7) */
    ly_para(&r->ly, LY_SMALL,
            _("The index of every stage side by side; the counted one in "
              "bold, and its predikat."),
            false, 0, muted, 0);
    r->ly.y += 14;
}

/* The marker 'm', 'size' points across, centred on x, y. */
static void
marker(cairo_t *cr, enum marker m, double x, double y, double size, bool fill,
       struct ly_rgb c)
{
    double h = size / 2;

    cairo_set_dash(cr, NULL, 0, 0);
    cairo_new_path(cr);
    switch (m) {
    case MK_CIRCLE:
        cairo_arc(cr, x, y, h, 0, 2 * G_PI);
        break;
    case MK_SQUARE:
        cairo_rectangle(cr, x - h * 0.9, y - h * 0.9, size * 0.9, size * 0.9);
        break;
    case MK_TRIANGLE:
        cairo_move_to(cr, x, y - h * 1.1);
        cairo_line_to(cr, x + h * 1.1, y + h * 0.9);
        cairo_line_to(cr, x - h * 1.1, y + h * 0.9);
        cairo_close_path(cr);
        break;
    case MK_DIAMOND:
        cairo_move_to(cr, x, y - h * 1.2);
        cairo_line_to(cr, x + h * 1.2, y);
        cairo_line_to(cr, x, y + h * 1.2);
        cairo_line_to(cr, x - h * 1.2, y);
        cairo_close_path(cr);
        break;
    }
    if (fill) {
        ly_set_color(cr, c);
        cairo_fill_preserve(cr);
    } else {
        ly_set_color(cr, white);
        cairo_fill_preserve(cr);
    }
    ly_set_color(cr, c);
    cairo_set_line_width(cr, 0.9);
    cairo_stroke(cr);
}

/* A stage's line from x0 to x1 at y, in its dash, and its marker. */
static void
stage_line(cairo_t *cr, int stage, bool head, double x0, double x1, double y)
{
    const struct stage_style *st = &stage_style[stage];

    ly_set_color(cr, st->color);
    cairo_set_line_width(cr, head ? 2.0 : 1.2);
    cairo_set_dash(cr, st->dash, st->ndash, 0);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
    marker(cr, st->marker, x1, y, head ? 5.5 : 4.5, head, st->color);
}

/* A vertical line at x from y0 to y1 in 'dash'. */
static void
vline(cairo_t *cr, double x, double y0, double y1, const double *dash, int n,
      struct ly_rgb c)
{
    ly_set_color(cr, c);
    cairo_set_line_width(cr, 1.0);
    cairo_set_dash(cr, dash, n, 0);
    cairo_move_to(cr, x, y0);
    cairo_line_to(cr, x, y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
}

/* One legend entry at x, y: its sample ('stage' >= 0: that stage's line;
 * else a vertical line in 'dash') and its text. */
static void
legend_entry(struct rnd *r, double x, double y, int stage, bool head,
             const double *dash, int ndash, struct ly_rgb c, const char *text,
             double w)
{
    struct ly *ly = &r->ly;
    PangoLayout *l;

    if (stage >= 0)
        stage_line(ly->cr, stage, head, x, x + 16, y + 5);
    else
        vline(ly->cr, x + 8, y, y + 10, dash, ndash, c);
    cairo_set_dash(ly->cr, NULL, 0, 0);
    l = ly_text(ly, LY_TINY, text, false, w - 24, 1);
    ly_draw(ly, l, x + 22, y, ink);
    g_object_unref(l);
}

/*
 * The index of every aspect on the 1..5 scale at every stage: one line
 * per stage, each in its dash with its marker (the headline's bold and
 * filled), the target and last year's index as vertical lines, and the
 * headline's numbers in a column of their own right of the plot, so that
 * no line crosses a label; a legend under it names every mark.
 */
static void
aspect_chart(struct rnd *r)
{
    struct ly *ly = &r->ly;
    const struct dsr_score *s = r->score;
    const struct dsr_manifest *m = r->m;
    const double label_w = 168, num_w = 36, sub = 5.5;
    const double bar_x = LY_LEFT + label_w + 8;
    const double bar_w = LY_WIDTH - label_w - 8 - num_w - 8;
    const double col_w = LY_WIDTH / 3;
    int head = headline_stage(s);
    size_t nlines = s->nstages ? s->nstages : 1;
    double row = (double)nlines * sub + 8, plot_h, top, y, x;
    bool prev = m->has_previous && m->previous >= 0;
    size_t nlegend = s->nstages + (s->target >= 0) + prev;
    size_t e = 0;
    char v[32];

    if (row < 15)
        row = 15;
    plot_h = (double)s->naspects * row;
    /* the heading goes with the chart, never alone at a page's foot */
    ly_need(ly, 4 + 30 + plot_h + 16 + 13.0 * (double)((nlegend + 2) / 3) + 6);
    rd_heading(r, LY_H3, _("Index by aspect"), 4, 6);
    top = ly->y;
    /* grid: one line per level */
    for (int lv = 0; lv <= DSR_LEVEL_MAX; lv++) {
        double gx = bar_x + bar_w * lv / DSR_LEVEL_MAX;
        PangoLayout *l;

        snprintf(v, sizeof(v), "%d", lv);
        ly_set_color(ly->cr, rule);
        cairo_set_line_width(ly->cr, 0.4);
        cairo_move_to(ly->cr, gx, top);
        cairo_line_to(ly->cr, gx, top + plot_h);
        cairo_stroke(ly->cr);
        l = ly_text(ly, LY_TINY, v, false, 20, 1);
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        ly_draw(ly, l, gx - 10, top + plot_h + 3, muted);
        g_object_unref(l);
    }
    {
        /* the numbers are the headline's */
        PangoLayout *l = ly_text(ly, LY_TINY, _("counted"), false,
                                 num_w + 8, 1);

        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
        ly_draw(ly, l, LY_RIGHT - num_w - 8, top - ly_height(l) - 1, muted);
        g_object_unref(l);
    }
    for (size_t a = 0; a < s->naspects; a++) {
        const struct dsr_score_group *g = &s->aspects[a];
        double ry = top + (double)a * row;
        char *label = g_strdup_printf("%s  %s", g->id, rd_text(r, g->name));
        PangoLayout *l = ly_text(ly, LY_TINY, label, false, label_w, 1);

        ly_draw(ly, l, LY_LEFT, ry + (row - ly_height(l)) / 2, ink);
        g_object_unref(l);
        g_free(label);
        for (size_t k = 0; k < s->nstages; k++) {
            const struct dsr_score_group *sg = &s->stages[k].aspects[a];
            double len = bar_w *
                         ((double)sg->index.num / (double)sg->index.den) /
                         DSR_LEVEL_MAX;

            stage_line(ly->cr, s->stages[k].stage, s->stages[k].stage == head,
                       bar_x, bar_x + len, ry + 4 + sub * ((double)k + 0.5));
        }
        cairo_set_dash(ly->cr, NULL, 0, 0);
        l = ly_text(ly, LY_TINY, index_text(r, g->index, v, sizeof(v)), false,
                    num_w, 1);
        pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
        ly_draw(ly, l, LY_RIGHT - num_w, ry + (row - ly_height(l)) / 2, ink);
        g_object_unref(l);
    }
    if (s->target >= 0)
        vline(ly->cr,
              bar_x + bar_w * (double)s->target / 100.0 / DSR_LEVEL_MAX, top,
              top + plot_h, target_dash, 2, band_color[0]);
    if (prev)
        vline(ly->cr,
              bar_x + bar_w * (double)m->previous / 100.0 / DSR_LEVEL_MAX, top,
              top + plot_h, prev_dash, 2, prev_rgb);

    /* the legend: every stage, the target, last year */
    y = top + plot_h + 16;
    x = LY_LEFT;
    for (size_t k = 0; k < s->nstages; k++, e++) {
        char *t = g_strdup_printf("%s %s", rd_stage_title(s->stages[k].stage),
                                  index_text(r, s->stages[k].index, v,
                                             sizeof(v)));

        legend_entry(r, x + col_w * (double)(e % 3),
                     y + 13.0 * (double)(e / 3), s->stages[k].stage,
                     s->stages[k].stage == head, NULL, 0,
                     ink, t, col_w);
        g_free(t);
    }
    if (s->target >= 0) {
        char *t = g_strdup_printf(_("Target %s"),
                                  rd_hundredths(r, s->target, v, sizeof(v)));

        legend_entry(r, x + col_w * (double)(e % 3),
                     y + 13.0 * (double)(e / 3), -1, false, target_dash, 2,
                     band_color[0], t, col_w);
        g_free(t);
        e++;
    }
    if (prev) {
        char *t = g_strdup_printf(_("Previous year (%d) %s"), m->previous_year,
                                  rd_hundredths(r, m->previous, v, sizeof(v)));

        legend_entry(r, x + col_w * (double)(e % 3),
                     y + 13.0 * (double)(e / 3), -1, false, prev_dash, 2,
                     prev_rgb, t, col_w);
        g_free(t);
        e++;
    }
    ly->y = y + 13.0 * (double)((e + 2) / 3) + 6;
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

    /* the heading goes with the chart, never alone at a page's foot */
    ly_need(ly, 8 + 30 + unit * DSR_LEVEL_MAX + 30 +
                    12.0 * (double)((ngroups + 1) / 2));
    rd_heading(r, LY_H3, _("Level of every indicator"), 8, 12);
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

/* ---- the level of every indicator by stage ------------------------------ */

const char *
rd_change_text(long now, long prev, enum dsr_lang lang, char *buf, size_t size)
{
    long d;

    if (size == 0)
        return buf;
    if (now < 0 || prev < 0) {
        snprintf(buf, size, "\u2013");
        return buf;
    }
    d = now - prev;
    if (d == 0) {
        snprintf(buf, size, "=");
    } else if (now % DSR_VALUE_ONE == 0 && prev % DSR_VALUE_ONE == 0) {
        snprintf(buf, size, "%s%ld", d > 0 ? "+" : "\u2212",
                 (d > 0 ? d : -d) / DSR_VALUE_ONE);
    } else {
        /* the longest value, 92.233.720.368.547.758,07, and a sign fit 32 */
        char v[28];

        dsr_format_value(d > 0 ? d : -d, 2, lang, v, sizeof(v));
        snprintf(buf, size, "%s%s", d > 0 ? "+" : "\u2212", v);
    }
    return buf;
}

long
rd_prev_value(const struct dsr_manifest *m, const char *id)
{
    for (size_t k = 0; k < m->nprevious_indicators; k++) {
        const struct dsr_prev_indicator *p = &m->previous_indicators[k];

        if (!p->id || strcmp(p->id, id) != 0)
            continue;
        if (p->value >= 0)
            return p->value;
        if (p->level >= 1 && p->level <= DSR_LEVEL_MAX)
            return p->level * DSR_VALUE_ONE;
        return -1;
    }
    return -1;
}

/* A value for the table: "3" for a whole level, "1,30" for the rest. */
static const char *
value_text(const struct rnd *r, long v, bool whole, char *buf, size_t size)
{
    if (v < 0)
        snprintf(buf, size, "\u2013");
    else if (whole && v % DSR_VALUE_ONE == 0)
        snprintf(buf, size, "%ld", v / DSR_VALUE_ONE);
    else
        dsr_format_value(v, 2, r->lang, buf, size);
    return buf;
}

/* What 'mi' was given at exactly 'stage' (the first listed), as text. */
static const char *
stage_cell(const struct rnd *r, const struct dsr_mindicator *mi, int stage,
           char *buf, size_t size)
{
    for (size_t a = 0; mi && a < mi->nassessments; a++) {
        const struct dsr_assessment *as = &mi->assessments[a];

        if ((int)as->stage != stage)
            continue;
        if (as->value >= 0)
            return dsr_format_value(as->value, 2, r->lang, buf, size);
        if (as->level >= 1 && as->level <= DSR_LEVEL_MAX)
            return value_text(r, as->level * DSR_VALUE_ONE, true, buf, size);
        break;
    }
    snprintf(buf, size, "\u2013");
    return buf;
}

/*
 * One row per indicator: what each stage gave it (its level, or the
 * assessor's value), the value counted, last year's and the change; each
 * row links to the indicator's section.
 */
static void
indicator_table(struct rnd *r)
{
    const struct dsr_score *s = r->score;
    const struct dsr_manifest *m = r->m;
    const double id_w = 24, stage_w = 42, num_w = 50;
    struct ly_col cols[3 + DSR_STAGE_COUNT + 3];
    const char *head[3 + DSR_STAGE_COUNT + 3];
    char cell[DSR_STAGE_COUNT + 3][32];
    char *prev_head;
    struct ly_table t = {.cols = cols, .head = head, .head_bg = navy,
                         .x = LY_LEFT, .max_lines = 2};
    size_t n = 0, k;

    cols[n] = (struct ly_col){.width = id_w, .style = LY_SMALL,
                              .align = PANGO_ALIGN_LEFT};
    head[n++] = _("Id");
    cols[n] = (struct ly_col){.width = LY_WIDTH - id_w -
                                       stage_w * (double)(s->nstages + 1) -
                                       2 * num_w,
                              .style = LY_SMALL, .align = PANGO_ALIGN_LEFT};
    head[n++] = _("Indicator");
    for (k = 0; k < s->nstages; k++) {
        cols[n] = (struct ly_col){.width = stage_w, .style = LY_SMALL,
                                  .align = PANGO_ALIGN_RIGHT};
        head[n++] = rd_stage_short(s->stages[k].stage);
    }
    cols[n] = (struct ly_col){.width = stage_w, .style = LY_SMALL,
                              .align = PANGO_ALIGN_RIGHT};
    head[n++] = _("Counted");
    prev_head = m->has_previous
                    ? g_strdup_printf(_("Year %d"), m->previous_year)
                    : g_strdup(_("Last year"));
    cols[n] = (struct ly_col){.width = num_w, .style = LY_SMALL,
                              .align = PANGO_ALIGN_RIGHT};
    head[n++] = prev_head;
    cols[n] = (struct ly_col){.width = num_w, .style = LY_SMALL,
                              .align = PANGO_ALIGN_RIGHT};
    head[n++] = _("Change");
    t.ncols = n;

    /* heading, note, header and a first row together */
    ly_need(&r->ly, 10 + 120);
    rd_heading(r, LY_H3, _("Level of every indicator by stage"), 10, 4);
    ly_para(&r->ly, LY_SMALL,
            _("Each stage's level, or the assessor's value where one was "
              "given; \u2013: none. Change: the value counted against last "
              "year's; \u2013 when last year's is not known."),
            false, 0, muted, 4);
    ly_table_begin(&r->ly, &t);
    for (size_t i = 0; i < s->nindicators && !rd_stopped(r); i++) {
        const struct dsr_score_indicator *si = &s->indicators[i];
        const struct dsr_mindicator *mi = rd_mind(r, i);
        const char *cells[3 + DSR_STAGE_COUNT + 3];
        long prev = rd_prev_value(m, si->def->id);
        char dest[96];
        size_t c = 0;

        cells[c++] = si->def->id;
        cells[c++] = rd_text(r, &si->def->name);
        for (k = 0; k < s->nstages; k++)
            cells[c++] = stage_cell(r, mi, s->stages[k].stage, cell[k],
                                    sizeof(cell[k]));
        cells[c++] = value_text(r, si->value, !si->given && !si->external &&
                                                  !si->estimated,
                                cell[k], sizeof(cell[k]));
        cells[c++] = value_text(r, prev, true, cell[k + 1],
                                sizeof(cell[k + 1]));
        cells[c++] = rd_change_text(si->value, prev, r->lang, cell[k + 2],
                                    sizeof(cell[k + 2]));
        rd_ind_link(dest, sizeof(dest), i);
        ly_table_row(&r->ly, &t, cells, dest, NULL);
    }
    g_free(prev_head);
    r->ly.y += 8;
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
    rd_section(r, _("Scoring summary"));
    summary_indices(r);
    summary_counted(r);
    group_table(r);
    aspect_chart(r);
    indicator_chart(r);
    indicator_table(r);
    plan_table(r);
}
