/*
 * render_agenda.c -- the interview agenda of the dossier PDF ("Agenda
 * klarifikasi"): every disputed point, ordered by what resolving it would
 * add to the index, with the assessor's note, the institution's response,
 * the new evidence offered and the page of the indicator's section.
 *
 * The points, and the gain each is ordered by (docs/design.md, "The
 * dossier PDF"):
 *   - a revisi item (the verdict that counts, dsr_check_verdict()): the
 *     score's item plan gain for it (0 when resolving it alone adds
 *     nothing);
 *   - an indicator, on its level: a revisi verdict on the level (spbe-2020,
 *     no items), a claim a later stage lowered (the self-assessment level
 *     above the level that counts, from a later stage), and claimed levels
 *     above 1 without evidence, gathered in one row; its gain is that of
 *     restoring the claimed level, (claim x 10000 - value) x weight, when
 *     lowered, else 0.
 */
#include "render_int.h"

#include "dossier/format.h"

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Evidence titles shown in one row; the rest are counted. */
#define AGENDA_EVIDENCE_MAX 6
/* Responses shown in one row, and characters of each; the rest are
 * counted, so that "and N more" stays inside the cell's lines. */
#define AGENDA_RESPONSES_MAX 3
#define AGENDA_RESPONSE_CHARS 240
/* Lines of one cell: a row always fits on a page. */
#define AGENDA_MAX_LINES 36
/* Characters of the indicator's name shown. */
#define AGENDA_NAME_CHARS 60

static int
cmp_point(const void *a, const void *b)
{
    const struct rd_point *x = a;
    const struct rd_point *y = b;

    if (x->gain != y->gain)
        return x->gain < y->gain ? 1 : -1;
    if (x->ind != y->ind)
        return x->ind < y->ind ? -1 : 1;
    /* the indicator's own row first, then its items in catalog order */
    if (!x->item || !y->item)
        return (x->item != NULL) - (y->item != NULL);
    return (x->item > y->item) - (x->item < y->item);
}

static unsigned long long
item_gain(const struct dsr_score *score, const struct dsr_item *item)
{
    for (size_t k = 0; k < score->nitem_plan; k++)
        if (score->item_plan[k].item == item)
            return score->item_plan[k].gain;
    return 0;
}

/*
 * The indicator's own point, if it has one: a revisi verdict on its level,
 * a lowered claim, or claimed levels without evidence.
 */
static bool
level_point(const struct dsr_check_result *res, const struct dsr_score *score,
            size_t i, struct rd_point *p)
{
    const struct dsr_score_indicator *si = &score->indicators[i];
    const struct dsr_indicator *def = si->def;
    const struct dsr_mindicator *mi = res->indicators[i].mind;
    const struct dsr_assessment *self;
    const struct dsr_verdict *v;
    size_t len = 0;

    memset(p, 0, sizeof(*p));
    p->ind = i;
    if (!mi || def->source != DSR_SOURCE_EVIDENCE)
        return false;
    v = dsr_check_verdict(mi, NULL, -1);
    if (v && v->status == DSR_VERDICT_REVISI)
        p->verdict = v;
    self = dsr_mindicator_assessment(mi, DSR_STAGE_MANDIRI);
    if (self && self->level >= DSR_LEVEL_MIN && self->level <= DSR_LEVEL_MAX) {
        p->claim = (int)self->level;
        p->lowered = si->stage > DSR_STAGE_MANDIRI && si->level < p->claim;
        for (long lv = 2; lv <= self->level; lv++)
            if (!dsr_mindicator_supports(mi, lv) &&
                len + 4 < sizeof(p->unsupported))
                len += (size_t)snprintf(p->unsupported + len,
                                        sizeof(p->unsupported) - len, "%s%ld",
                                        len ? ", " : "", lv);
    }
    if (p->lowered && (long)p->claim * DSR_VALUE_ONE > si->value)
        p->gain = (unsigned long long)((long)p->claim * DSR_VALUE_ONE -
                                       si->value) *
                  def->weight;
    return p->verdict || p->lowered || len;
}

struct rd_point *
rd_agenda_points(const struct dsr_check_result *res,
                 const struct dsr_score *score, size_t *n)
{
    size_t total = 0;
    struct rd_point *list;

    /* each indicator and each item at most once: bounded by the catalog */
    for (size_t i = 0; i < score->nindicators; i++)
        total += 1 + score->indicators[i].def->nitems;
    list = g_new0(struct rd_point, total + 1);
    *n = 0;
    for (size_t i = 0; i < score->nindicators; i++) {
        const struct dsr_indicator *def = score->indicators[i].def;
        const struct dsr_mindicator *mi = res->indicators[i].mind;

        if (level_point(res, score, i, &list[*n]))
            (*n)++;
        for (size_t k = 0; mi && k < def->nitems; k++) {
            const struct dsr_verdict *v =
                dsr_check_verdict(mi, def->items[k].id, -1);

            if (!v || v->status != DSR_VERDICT_REVISI)
                continue;
            list[*n] = (struct rd_point){
                .ind = i,
                .item = &def->items[k],
                .verdict = v,
                .gain = item_gain(score, &def->items[k]),
            };
            (*n)++;
        }
    }
    if (*n > 1)
        qsort(list, *n, sizeof(*list), cmp_point);
    return list;
}

static const char *
kind_label(enum dsr_verdict_kind k)
{
    switch (k) {
    case DSR_KIND_TIDAK_TEPAT:
        return _("revisi (not what the item asks)");
    case DSR_KIND_BELUM_DIUNGGAH:
        return _("revisi (not uploaded)");
    case DSR_KIND_OTOMATIS_DITOLAK:
        return _("revisi (rejected with the level below)");
    case DSR_KIND_NONE:
        break;
    }
    return _("revisi");
}

/* 's' cut to 'chars' characters, with an ellipsis when cut. */
static char *
cut_text(const char *s, long chars)
{
    char *cut, *out;

    if (!g_utf8_validate(s, -1, NULL) || g_utf8_strlen(s, -1) <= chars)
        return g_strdup(s);
    cut = g_utf8_substring(s, 0, chars - 1);
    out = g_strconcat(cut, "\u2026", NULL);
    g_free(cut);
    return out;
}

/* The first cell: indicator id, code and name, and the item or level. */
static char *
cell_indicator(const struct rnd *r, const struct rd_point *p)
{
    const struct dsr_indicator *def = r->score->indicators[p->ind].def;
    char *shortname = cut_text(rd_text(r, &def->name), AGENDA_NAME_CHARS);
    char *out, *what;

    if (p->item)
        what = g_strdup_printf(_("Item %s"), p->item->id);
    else
        what = g_strdup(_("Level of the indicator"));
    out = g_markup_printf_escaped("<b>%s%s%s</b> %s\n<b>%s</b>", def->id,
                                  def->code ? " \u00b7 " : "",
                                  def->code ? def->code : "", shortname, what);
    g_free(what);
    g_free(shortname);
    return out;
}

/* The second cell: what is disputed and the assessor's note. */
static char *
cell_note(const struct rnd *r, const struct rd_point *p)
{
    const struct dsr_score_indicator *si = &r->score->indicators[p->ind];
    const struct dsr_mindicator *mi = rd_mind(r, p->ind);
    GString *s = g_string_new(NULL);
    char *part;

    if (p->verdict) {
        part = g_markup_printf_escaped("<b>%s</b>%s%s",
                                       kind_label(p->verdict->kind),
                                       *p->verdict->text ? ": " : "",
                                       p->verdict->text);
        g_string_append(s, part);
        g_free(part);
    }
    if (p->lowered) {
        char value[32];
        char *what;

        dsr_format_value(si->value, 2, r->lang, value, sizeof(value));
        what = g_strdup_printf(_("claim lowered: self-assessment level %d, "
                                 "%s level %d (value %s)"),
                               p->claim, rd_stage_label(si->stage), si->level,
                               value);
        part = g_markup_printf_escaped("%s<b>%s</b>", s->len ? "\n" : "",
                                       what);
        g_string_append(s, part);
        g_free(part);
        g_free(what);
        /* the assessor's explanation of the level that counts */
        for (size_t k = 0; mi && k < mi->nassessments; k++) {
            const struct dsr_assessment *a = &mi->assessments[k];

            if ((int)a->stage == si->stage && *a->text) {
                part = g_markup_printf_escaped(": %s", a->text);
                g_string_append(s, part);
                g_free(part);
                break;
            }
        }
    }
    if (!p->item && *p->unsupported) {
        char *what = g_strdup_printf(_("claimed level %d has no evidence for "
                                       "level %s"),
                                     p->claim, p->unsupported);

        part = g_markup_printf_escaped("%s<b>%s</b>", s->len ? "\n" : "",
                                       what);
        g_string_append(s, part);
        g_free(part);
        g_free(what);
    }
    return g_string_free(s, FALSE);
}

/* The third cell: the institution's responses, or that there is none. */
static char *
cell_response(const struct rnd *r, const struct rd_point *p)
{
    const struct dsr_mindicator *mi = rd_mind(r, p->ind);
    const char *item = p->item ? p->item->id : NULL;
    GString *s = g_string_new(NULL);
    size_t shown = 0, more = 0;
    char *part, *text;

    for (size_t k = 0; mi && k < mi->nresponses; k++) {
        const struct dsr_response *rs = &mi->responses[k];

        if (item ? !rs->item || strcmp(rs->item, item) != 0 : rs->item != NULL)
            continue;
        if (shown == AGENDA_RESPONSES_MAX) {
            more++;
            continue;
        }
        shown++;
        text = cut_text(rs->text, AGENDA_RESPONSE_CHARS);
        part = g_markup_printf_escaped("%s%s", s->len ? "\n" : "", text);
        g_string_append(s, part);
        g_free(part);
        g_free(text);
    }
    if (more) {
        char *t = g_strdup_printf(dngettext(DSR_TEXTDOMAIN, "and %zu more",
                                            "and %zu more", more),
                                  more);

        part = g_markup_printf_escaped("\n%s", t);
        g_string_append(s, part);
        g_free(part);
        g_free(t);
    }
    if (!s->len) {
        part = g_markup_printf_escaped(
            "<span foreground='#c0291f'><b><i>%s</i></b></span>",
            _("no response yet"));
        g_string_append(s, part);
        g_free(part);
    }
    return g_string_free(s, FALSE);
}

/*
 * Whether evidence 'e' is offered for point 'p': it names the item, or,
 * for the indicator's level, it is for a level above the one that counts
 * up to the claim.
 */
static bool
offered(const struct rnd *r, const struct rd_point *p,
        const struct dsr_evidence *e)
{
    if (p->item) {
        for (size_t k = 0; k < e->nitems; k++)
            if (strcmp(e->items[k], p->item->id) == 0)
                return true;
        return false;
    }
    return e->level != DSR_LEVEL_NONE &&
           e->level > r->score->indicators[p->ind].level &&
           e->level <= p->claim;
}

/* The fourth cell: the evidence offered for the point, with titles. */
static char *
cell_evidence(const struct rnd *r, const struct rd_point *p)
{
    const struct dsr_mindicator *mi = rd_mind(r, p->ind);
    GString *s = g_string_new(NULL);
    size_t shown = 0, more = 0;

    for (size_t j = 0; mi && j < mi->nevidence; j++) {
        const struct dsr_evidence *e = &mi->evidence[j];
        char *part;

        if (!offered(r, p, e))
            continue;
        if (shown == AGENDA_EVIDENCE_MAX) {
            more++;
            continue;
        }
        shown++;
        part = g_markup_printf_escaped(
            "%s\u2022 %s <span foreground='#5a6270'>(%s)</span>",
            s->len ? "\n" : "", *e->title ? e->title : e->file,
            e->date_text ? e->date_text : "\u2013");
        g_string_append(s, part);
        g_free(part);
    }
    if (more) {
        char *t = g_strdup_printf(dngettext(DSR_TEXTDOMAIN, "and %zu more",
                                            "and %zu more", more),
                                  more);
        char *part = g_markup_printf_escaped("\n%s", t);

        g_string_append(s, part);
        g_free(part);
        g_free(t);
    }
    if (!s->len)
        g_string_append(s, "\u2013");
    return g_string_free(s, FALSE);
}

void
rd_agenda(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 100, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT,
         .markup = true},
        {.width = 125, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT,
         .markup = true},
        {.width = 110, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT,
         .markup = true},
        {.width = LY_WIDTH - 100 - 125 - 110 - 42 - 40, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT, .markup = true},
        {.width = 42, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 40, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
    };
    const char *head[] = {_("Indicator and item"), _("Assessor's note"),
                          _("Response"), _("New evidence"), _("Adds"),
                          _("Page")};
    struct ly_table t = {.cols = cols, .ncols = 6, .head = head,
                         .head_bg = navy, .x = LY_LEFT,
                         .max_lines = AGENDA_MAX_LINES};
    size_t n;
    struct rd_point *list = rd_agenda_points(r->res, r->score, &n);

    rd_section_alone(r, _("Clarification agenda"));
    ly_para(&r->ly, LY_BODY,
            _("What the interview must settle: every item the assessors "
              "asked to revise, every indicator whose claimed level a later "
              "stage lowered, and every claimed level without evidence. The "
              "points are ordered by what resolving each would add to the "
              "index, the largest first. Each row links to the indicator's "
              "page."),
            false, 0, ink, 8);
    if (!n) {
        ly_para(&r->ly, LY_BODY,
                _("No disputed point: no revisi verdict, no lowered claim and "
                  "no claimed level without evidence."),
                false, 0, muted, 0);
        g_free(list);
        return;
    }
    ly_table_begin(&r->ly, &t);
    for (size_t k = 0; k < n && !rd_stopped(r); k++) {
        const struct rd_point *p = &list[k];
        char gain[32], page[16], dest[96];
        char *c0 = cell_indicator(r, p), *c1 = cell_note(r, p);
        char *c2 = cell_response(r, p), *c3 = cell_evidence(r, p);
        const char *cells[] = {c0, c1, c2, c3, gain, page};

        /* the gain to four decimals, half-up, as score prints it */
        gain[0] = '+';
        dsr_format_value((long)((p->gain * 2 / 10000 + 1) / 2), 4, r->lang,
                         gain + 1, sizeof(gain) - 1);
        /* the first pass does not know the pages yet: a number of the
           same width keeps both passes' rows the same height */
        snprintf(page, sizeof(page), "%d",
                 r->ind_page[p->ind] > 0 ? r->ind_page[p->ind] : 0);
        rd_ind_link(dest, sizeof(dest), p->ind);
        ly_table_row(&r->ly, &t, cells, dest, NULL);
        g_free(c0);
        g_free(c1);
        g_free(c2);
        g_free(c3);
    }
    r->ly.y += 6;
    ly_para(&r->ly, LY_SMALL,
            _("Adds: what the index would gain if the point alone were "
              "resolved (an item accepted, a claimed level restored)."),
            false, 0, muted, 0);
    g_free(list);
}
