/*
 * render_sheet.c -- the verification sheet (lembar verifikasi) of each
 * indicator: a form of one fixed height, whatever the indicator holds,
 * for the assessors to fill in by hand at the interview or the visit.
 * It gives the criteria of three levels with their source, the items of
 * those levels as a checklist (accept / revise), boxes for the level,
 * ruled lines for notes and a signature and date line.  What does not
 * fit in it (a criterion cut short, items past its rows) follows it,
 * under a heading whose page the sheet names.
 */
#include "render_int.h"

#include "dossier/manifest.h"

#include "internal.h"

#include <stdio.h>
#include <string.h>

/*
 * The sheet's fixed capacity: lines of each criterion, checklist rows
 * (items catalogs; one row otherwise), ruled note lines.
 */
#define SHEET_CRIT_LINES 3
#define SHEET_ITEM_ROWS 10
#define SHEET_NOTE_LINES 4
#define SHEET_NOTE_GAP 18.0
#define SHEET_PAD 6.0
#define SHEET_BOX 14.0            /* a tick box: 5 mm, for a pen */
#define SHEET_BOX_COL 44.0
#define SHEET_LEVEL_BOX 20.0      /* a level box: 7 mm high */
/* what the continuation's heading keeps with it on its page */
#define SHEET_CONT_NEED 48.0
#define SHEET_GAP_AFTER 6.0
#define SHEET_CONT_BEFORE 8.0

/* The pitch of the checklist's rows: a line of text, or a tick box. */
static double
item_pitch(double s)
{
    return (s > SHEET_BOX ? s : SHEET_BOX) + 4;
}

/* The three levels a sheet gives the criteria of, and why each. */
struct sheet_levels {
    int level[3];               /* 0 or 6: no such level */
    char role[3][64];
};

static double line_h(struct ly *ly, enum ly_style style);
static int claim_of(const struct dsr_mindicator *mi);
static void sheet_levels(const struct dsr_score_indicator *si,
                         const struct dsr_mindicator *mi, struct sheet_levels *sl);
static size_t sheet_items(const struct dsr_indicator *def,
                          const struct sheet_levels *sl, const struct dsr_item **out,
                          size_t max);
static const char *verdict_so_far(const struct dsr_mindicator *mi,
                                  const char *item, char *buf, size_t size);
static int item_rows(const struct rnd *r);

/* Height of one line of 'style', from the fonts in use. */
static double
line_h(struct ly *ly, enum ly_style style)
{
    PangoLayout *l = ly_text(ly, style, "Ag", false, 200, 1);
    double h = ly_height(l);

    g_object_unref(l);
    return h;
}

/* The self-assessment level, 0 when there is none in 1..5. */
static int
claim_of(const struct dsr_mindicator *mi)
{
    const struct dsr_assessment *a =
        mi ? dsr_mindicator_assessment(mi, DSR_STAGE_MANDIRI) : NULL;

    if (!a || a->level < DSR_LEVEL_MIN || a->level > DSR_LEVEL_MAX)
        return 0;
    return (int)a->level;
}

/*
 * The claimed level (else the counted one), the level below it and the
 * next level.  When a later stage counted a level lower than the one
 * below the claim, that level takes the lower place: the interview is
 * about the distance between the two.  At the ends of the scale the
 * three stay within it: a claim of 1 shows levels 1 to 3, of 5 the two
 * below.
 */
static void
sheet_levels(const struct dsr_score_indicator *si,
             const struct dsr_mindicator *mi, struct sheet_levels *sl)
{
    int claim = claim_of(mi);
    /* an assessment's level, or an external index's, counts */
    bool counts = si->stage >= 0 || (si->external && !si->external_missing);
    int counted = counts && si->level >= DSR_LEVEL_MIN && si->level <= DSR_LEVEL_MAX
                      ? si->level
                      : 0;
    int base = claim ? claim : counted ? counted : DSR_LEVEL_MIN;
    int lower = claim && counted && counted < claim - 1 ? counted : base - 1;

    if (lower < DSR_LEVEL_MIN) {
        sl->level[0] = base;
        sl->level[1] = base + 1;
        sl->level[2] = base + 2;
    } else if (base + 1 > DSR_LEVEL_MAX) {
        sl->level[0] = lower == base - 1 ? base - 2 : lower;
        sl->level[1] = base - 1;
        sl->level[2] = base;
    } else {
        sl->level[0] = lower;
        sl->level[1] = base;
        sl->level[2] = base + 1;
    }
    for (int k = 0; k < 3; k++) {
        int lv = sl->level[k];
        bool is_claim = claim && lv == claim, is_counted = counted && lv == counted;
        const char *role;

        if (is_claim && is_counted)
            role = _("claimed and counted");
        else if (is_claim)
            role = _("claimed");
        else if (is_counted)
            role = _("counted");
        else if (lv == base)
            role = _("not assessed yet");
        else if (lv < base)
            role = _("level below");
        else if (lv == base + 1)
            role = _("next level");
        else
            role = _("higher level");
        snprintf(sl->role[k], sizeof(sl->role[k]), "%s", role);
    }
}

/* The items of the sheet's levels, in catalog order; how many in all
 * (at most 'max' are stored). */
static size_t
sheet_items(const struct dsr_indicator *def, const struct sheet_levels *sl,
            const struct dsr_item **out, size_t max)
{
    size_t n = 0;

    for (int k = 0; k < 3; k++) {
        int lv = sl->level[k];

        if (lv < DSR_LEVEL_MIN || lv > DSR_LEVEL_MAX || !def->nitems)
            continue;
        for (size_t j = def->level_first[lv];
             j < def->level_first[lv + 1] && j < def->nitems; j++) {
            if (n < max)
                out[n] = &def->items[j];
            n++;
        }
    }
    return n;
}

/* The latest verdict on 'item' (NULL: the level), "status (stage)". */
static const char *
verdict_so_far(const struct dsr_mindicator *mi, const char *item, char *buf,
               size_t size)
{
    const struct dsr_verdict *v = NULL;

    *buf = '\0';
    for (size_t k = 0; mi && k < mi->nverdicts; k++) {
        const struct dsr_verdict *c = &mi->verdicts[k];

        if ((item && c->item && strcmp(item, c->item) == 0) || (!item && !c->item))
            if (!v || c->stage >= v->stage)
                v = c;
    }
    if (v)
        snprintf(buf, size, "%s (%s)",
                 v->status == DSR_VERDICT_REVISI ? _("revise") : _("accepted"),
                 rd_stage_label((int)v->stage));
    return buf;
}

static int
item_rows(const struct rnd *r)
{
    return r->cat->has_items ? SHEET_ITEM_ROWS : 1;
}

double
rd_sheet_height(struct rnd *r)
{
    struct ly *ly = &r->ly;
    double s = line_h(ly, LY_SMALL), t = line_h(ly, LY_TINY), h3 = line_h(ly, LY_H3);

    return SHEET_PAD + (h3 + 8) + SHEET_PAD          /* title band */
           + 3 * (s * (1 + SHEET_CRIT_LINES) + 3)     /* criteria */
           + 2 * s + 4 + SHEET_PAD                    /* their source */
           + t + 3 + item_rows(r) * item_pitch(s) + SHEET_PAD   /* checklist */
           + (s > SHEET_LEVEL_BOX ? s : SHEET_LEVEL_BOX) + 10 /* level boxes */
           + s + 2 + SHEET_NOTE_LINES * SHEET_NOTE_GAP + SHEET_PAD  /* notes */
           + 24 + t + SHEET_PAD;                      /* signature */
}

/* The source of the criteria: the catalog's basis, and whether they
 * are the regulation's words. */
static char *
source_text(const struct rnd *r)
{
    const struct dsr_catalog *c = r->cat;
    const char *remark = "";

    if (c->provisional)
        remark = _(" \u2014 paraphrase, from a provisional catalog");
    else if (!c->criteria_quoted)
        remark = _(" \u2014 paraphrase, not the regulation's wording");
    return g_strdup_printf(_("Source of the criteria: %s (catalog %s)%s"),
                           c->basis && *c->basis ? c->basis : _("not named"),
                           c->id ? c->id : "", remark);
}

static void
checkbox(struct ly *ly, double cx, double y)
{
    ly_stroke_rect(ly->cr, cx - SHEET_BOX / 2, y, SHEET_BOX, SHEET_BOX, 0.7, ink);
}

static void
text_at(struct ly *ly, enum ly_style style, const char *text, bool markup,
        double x, double y, double w, int lines, struct ly_rgb rgb)
{
    PangoLayout *l = ly_text(ly, style, text, markup, w, lines);

    ly_draw(ly, l, x, y, rgb);
    g_object_unref(l);
}

static void
centred_at(struct ly *ly, enum ly_style style, const char *text, double cx,
           double y, double w, struct ly_rgb rgb)
{
    PangoLayout *l = ly_text(ly, style, text, false, w, 1);

    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    ly_draw(ly, l, cx - w / 2, y, rgb);
    g_object_unref(l);
}

/* The checklist's column labels at 'y'. */
static void
check_head(struct rnd *r, double y)
{
    struct ly *ly = &r->ly;
    double x = LY_LEFT + SHEET_PAD, right = LY_RIGHT - SHEET_PAD;
    double box_x = right - 2 * SHEET_BOX_COL;

    text_at(ly, LY_TINY, r->cat->has_items ? _("Item") : _("Indicator"), false,
            x, y, 120, 1, muted);
    text_at(ly, LY_TINY, _("so far"), false, box_x - 122, y, 118, 1, muted);
    centred_at(ly, LY_TINY, _("accept"), box_x + SHEET_BOX_COL / 2, y,
               SHEET_BOX_COL, muted);
    centred_at(ly, LY_TINY, _("revise"), box_x + SHEET_BOX_COL * 1.5, y,
               SHEET_BOX_COL, muted);
}

/* The checklist's row for 'it' (NULL: the indicator's level) at 'y'. */
static void
check_row(struct rnd *r, const struct dsr_indicator *def,
          const struct dsr_mindicator *mi, const struct dsr_item *it, double y,
          double row_h, int lines)
{
    struct ly *ly = &r->ly;
    double x = LY_LEFT + SHEET_PAD, right = LY_RIGHT - SHEET_PAD;
    double box_x = right - 2 * SHEET_BOX_COL, far_w = 118;
    double text_w = box_x - far_w - 6 - (x + 58);
    char far[96];
    char *text;

    if (it) {
        text_at(ly, LY_SMALL, it->id, false, x, y, 56, 1, ink);
        text = g_strdup(rd_text(r, &it->text));
    } else {
        text_at(ly, LY_SMALL, def->id, false, x, y, 56, 1, ink);
        text = g_strdup(_("The indicator's level as a whole"));
    }
    text_at(ly, LY_SMALL, text, false, x + 58, y, text_w, lines, ink);
    verdict_so_far(mi, it ? it->id : NULL, far, sizeof(far));
    text_at(ly, LY_TINY, far, false, box_x - far_w - 4, y + 1, far_w, lines, muted);
    checkbox(ly, box_x + SHEET_BOX_COL / 2, y + (row_h - SHEET_BOX) / 2 - 1);
    checkbox(ly, box_x + SHEET_BOX_COL * 1.5, y + (row_h - SHEET_BOX) / 2 - 1);
    g_free(text);
}

void
rd_sheet_levels(const struct rnd *r, size_t i, int levels[3])
{
    struct sheet_levels sl;

    sheet_levels(&r->score->indicators[i], rd_mind(r, i), &sl);
    for (int k = 0; k < 3; k++)
        levels[k] = sl.level[k];
}

void
rd_sheet(struct rnd *r, size_t i, struct rd_sheet_place *at)
{
    struct ly *ly = &r->ly;
    const struct dsr_score_indicator *si = &r->score->indicators[i];
    const struct dsr_indicator *def = si->def;
    const struct dsr_mindicator *mi = rd_mind(r, i);
    const double s = line_h(ly, LY_SMALL), t = line_h(ly, LY_TINY);
    const double h3 = line_h(ly, LY_H3);
    const double x = LY_LEFT + SHEET_PAD, w = LY_WIDTH - 2 * SHEET_PAD;
    const double height = rd_sheet_height(r);
    const int rows = item_rows(r);
    const struct dsr_item *items[SHEET_ITEM_ROWS];
    struct sheet_levels sl;
    PangoLayout *crit[3] = {NULL, NULL, NULL};
    bool cut[3] = {false, false, false};
    size_t nitems, shown;
    bool more;
    int cont_page;
    double y0, y;
    char buf[16];

    sheet_levels(si, mi, &sl);
    nitems = sheet_items(def, &sl, items, SHEET_ITEM_ROWS);
    more = nitems > (size_t)rows;
    shown = more ? (size_t)rows - 1 : nitems;
    for (int k = 0; k < 3; k++) {
        /* sheet_levels() gives three levels of the scale, 1 to 5 */
        const char *text = rd_text(r, &def->criterion[sl.level[k]]);

        if (!*text)
            text = _("none in the catalog");
        crit[k] = ly_text(ly, LY_SMALL, text, false, w - 12, SHEET_CRIT_LINES);
        cut[k] = pango_layout_is_ellipsized(crit[k]);
    }

    /* never split, and never below a heading it does not fit under */
    ly_need(ly, height);
    y0 = ly->y;
    cont_page = y0 + height + SHEET_GAP_AFTER + SHEET_CONT_BEFORE + SHEET_CONT_NEED >
                        LY_BOTTOM
                    ? ly->page + 1
                    : ly->page;
    if (at) {
        at->page = ly->page;
        at->top = y0;
        at->bottom = y0 + height;
        at->more_ref = at->more_page = 0;
    }
    ly_stroke_rect(ly->cr, LY_LEFT, y0, LY_WIDTH, height, 0.8, muted);

    /* the title band */
    y = y0 + SHEET_PAD;
    ly_rect(ly->cr, x, y, w, h3 + 8, navy);
    {
        char *title = g_strdup_printf("%s \u00b7 %s", _("Verification sheet"),
                                      r->running_buf);

        text_at(ly, LY_H3, title, false, x + 6, y + 4, w - 12, 1, white);
        g_free(title);
    }
    y += h3 + 8 + SHEET_PAD;

    /* the criteria */
    for (int k = 0; k < 3; k++) {
        int lv = sl.level[k];
        GString *head = g_string_new(NULL);
        char *p;

        g_string_append_printf(head, _("Level %d, %s (%s)"), lv,
                               rd_text(r, &def->scale->level_name[lv]),
                               sl.role[k]);
        if (cut[k]) {
            g_string_append(head, " \u2014 ");
            g_string_append_printf(head, _("full text on p. %d"), cont_page);
        }
        p = g_markup_printf_escaped("<b>%s</b>", head->str);
        text_at(ly, LY_SMALL, p, true, x, y, w, 1, ink);
        g_free(p);
        g_string_free(head, TRUE);
        ly_draw(ly, crit[k], x + 12, y + s, ink);
        y += s * (1 + SHEET_CRIT_LINES) + 3;
    }
    {
        char *src = source_text(r);

        /* a sentence of two lines: body text, so cell-sized */
        text_at(ly, LY_SMALL, src, false, x, y, w, 2, muted);
        g_free(src);
    }
    y += 2 * s + 4;
    ly_hline(ly->cr, x, x + w, y + SHEET_PAD / 2, 0.4, rule);
    y += SHEET_PAD;

    /* the checklist */
    {
        check_head(r, y);
        y += t + 3;
        if (nitems == 0) {
            check_row(r, def, mi, NULL, y, item_pitch(s), 1);
        } else {
            for (size_t k = 0; k < shown; k++)
                check_row(r, def, mi, items[k], y + (double)k * item_pitch(s),
                          item_pitch(s), 1);
            if (more) {
                /* a translation of any length, cut by text_at() alone */
                char *rest = g_strdup_printf(_("\u2026 and %zu more items of "
                                               "these levels: continued on "
                                               "p. %d"),
                                             nitems - shown, cont_page);

                text_at(ly, LY_SMALL, rest, false, x + 58,
                        y + (double)shown * item_pitch(s), w - 58, 1, ink);
                g_free(rest);
            }
        }
        y += rows * item_pitch(s);
    }
    ly_hline(ly->cr, x, x + w, y + SHEET_PAD / 2, 0.4, rule);
    y += SHEET_PAD;

    /* the assessor's level, and value */
    {
        double bh = s > SHEET_LEVEL_BOX ? s : SHEET_LEVEL_BOX, lx = x + 150;

        text_at(ly, LY_SMALL, _("Level found by the assessor:"), false, x,
                y + (bh - s) / 2 + 3, 146, 1, ink);
        for (int lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++) {
            double bx = lx + (lv - 1) * (bh + 12);

            ly_stroke_rect(ly->cr, bx, y + 3, bh + 4, bh, 0.7, ink);
            snprintf(buf, sizeof(buf), "%d", lv);
            centred_at(ly, LY_SMALL, buf, bx + (bh + 4) / 2, y + 3 + (bh - s) / 2,
                       bh + 4, muted);
        }
        lx += 5 * (bh + 12) + 16;
        text_at(ly, LY_SMALL, _("Value:"), false, lx, y + (bh - s) / 2 + 3, 60, 1, ink);
        ly_hline(ly->cr, lx + 44, x + w, y + bh + 2, 0.6, muted);
        y += bh + 10;
    }

    /* notes */
    text_at(ly, LY_SMALL, _("Assessor's notes"), false, x, y, w, 1, ink);
    y += s + 2;
    for (int k = 1; k <= SHEET_NOTE_LINES; k++)
        ly_hline(ly->cr, x, x + w, y + k * SHEET_NOTE_GAP, 0.4, muted);
    y += SHEET_NOTE_LINES * SHEET_NOTE_GAP + SHEET_PAD;

    /* signature and date */
    {
        static const char *const labels[3] = {
            N_("Assessor's name"), N_("Signature"), N_("Date"),
        };
        const double gap = 16, cw = (w - 2 * gap) / 3;

        for (int k = 0; k < 3; k++) {
            double cx = x + k * (cw + gap);

            ly_hline(ly->cr, cx, cx + cw, y + 22, 0.6, ink);
            text_at(ly, LY_TINY, _(labels[k]), false, cx, y + 24, cw, 1, muted);
        }
    }
    for (int k = 0; k < 3; k++)
        g_object_unref(crit[k]);

    ly->y = y0 + height + SHEET_GAP_AFTER;
    if (!cut[0] && !cut[1] && !cut[2] && !more)
        return;

    /* what the sheet could not hold, right after it */
    ly->y += SHEET_CONT_BEFORE;
    ly_need(ly, SHEET_CONT_NEED);
    if (at) {
        at->more_ref = cont_page;
        at->more_page = ly->page;
    }
    ly_para(ly, LY_H3, _("Verification sheet, continued"), false, 0, ink, 4);
    for (int k = 0; k < 3; k++) {
        int lv = sl.level[k];
        char *p, *head;

        if (!cut[k])
            continue;
        head = g_strdup_printf(_("Level %d, %s (%s)"), lv,
                                     rd_text(r, &def->scale->level_name[lv]),
                                     sl.role[k]);

        p = g_markup_printf_escaped("<b>%s</b>\n%s", head,
                                    rd_text(r, &def->criterion[lv]));
        g_free(head);
        ly_para(ly, LY_SMALL, p, true, 0, ink, 5);
        g_free(p);
    }
    if (more) {
        const double row_h = 2 * s + 4;
        size_t k = 0;

        ly_need(ly, t + 3 + row_h);
        check_head(r, ly->y);
        ly->y += t + 3;

        for (int m = 0; m < 3; m++) {
            int lv = sl.level[m];

            if (lv < DSR_LEVEL_MIN || lv > DSR_LEVEL_MAX)
                continue;
            for (size_t j = def->level_first[lv];
                 j < def->level_first[lv + 1] && j < def->nitems; j++, k++) {
                if (k < shown)
                    continue;
                ly_need(ly, row_h);
                check_row(r, def, mi, &def->items[j], ly->y, row_h, 2);
                ly->y += row_h;
            }
        }
        ly->y += 6;
    }
}
