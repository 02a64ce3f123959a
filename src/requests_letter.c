/*
 * requests_letter.c -- one OPD's letter asking for evidence: letterhead,
 * number and subject, the body, the signature, and an attachment with
 * each of its indicators (level asked, typical evidence, criteria, what
 * is missing today, the folder to drop files into).  Laid out twice with
 * the page flow of layout.c, as the dossier is, so that every footer can
 * say "page X of Y".
 */
#include "dossier/error.h"
#include "dossier/format.h"

#include "fileio.h"
#include "internal.h"
#include "layout.h"
#include "render_int.h"
#include "requests_int.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Longest owner, instance or coordinator text a letter shows, in bytes. */
#define NAME_SHOWN_MAX 400

/* Width of the labels in the attachment's table, in points. */
#define LABEL_W 118.0

struct letter {
    const struct rq *q;
    const struct dsr_check_owner *g;
    struct ly ly;
    int total;                  /* pages, known in the final pass */
    char owner[NAME_SHOWN_MAX + 8];
};

/* 's' cut to NAME_SHOWN_MAX bytes at a character, with "..." then. */
static void
shown(const char *s, char *out, size_t size)
{
    size_t n = strlen(s);

    if (n <= NAME_SHOWN_MAX && n < size) {
        memcpy(out, s, n + 1);
        return;
    }
    n = NAME_SHOWN_MAX < size - 4 ? NAME_SHOWN_MAX : size - 4;
    memcpy(out, s, n);
    out[n] = '\0';
    while (n > 0 && !g_utf8_validate(out, (gssize)n, NULL))
        out[--n] = '\0';
    memcpy(out + n, "...", 4);
}

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
    return fwrite(data, 1, length, closure) == length ? CAIRO_STATUS_SUCCESS
                                                      : CAIRO_STATUS_WRITE_ERROR;
}

/* Footer of every page: the OPD and "page X of Y". */
static void
decorate(void *ctx, cairo_t *cr, int page)
{
    struct letter *L = ctx;
    struct ly *ly = &L->ly;
    char *text;
    PangoLayout *l;

    (void)cr;
    text = L->total > 0 ? g_strdup_printf(_("Page %d of %d"), page, L->total)
                        : g_strdup_printf(_("Page %d"), page);
    l = ly_text(ly, LY_TINY, text, false, 120, 1);
    pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    ly_draw(ly, l, LY_RIGHT - 120, LY_PAGE_H - 40, muted);
    g_object_unref(l);
    g_free(text);
    if (page > 1) {
        text = g_strdup_printf(_("Request for evidence to %s"), L->owner);
        l = ly_text(ly, LY_TINY, text, false, LY_WIDTH - 130, 1);
        ly_draw(ly, l, LY_LEFT, LY_PAGE_H - 40, muted);
        g_object_unref(l);
        g_free(text);
    }
}

/* A centred line of 'text' in 'style'. */
static void
centred(struct ly *ly, enum ly_style style, const char *text, double after)
{
    PangoLayout *l = ly_text(ly, style, text, false, LY_WIDTH, 3);

    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    ly_draw(ly, l, LY_LEFT, ly->y, ink);
    ly->y += ly_height(l) + after;
    g_object_unref(l);
}

/* The letterhead: the institution and the coordinator's unit, ruled. */
static void
letterhead(struct letter *L)
{
    const struct dsr_manifest *m = L->q->m;
    struct ly *ly = &L->ly;
    char buf[NAME_SHOWN_MAX + 8];
    char *up;

    shown(m->instance_name, buf, sizeof(buf));
    up = g_utf8_strup(buf, -1);
    centred(ly, LY_H3, up, 2);
    g_free(up);
    if (*m->coordinator_unit) {
        shown(m->coordinator_unit, buf, sizeof(buf));
        up = g_utf8_strup(buf, -1);
        centred(ly, LY_H2, up, 2);
        g_free(up);
    }
    ly->y += 4;
    ly_set_color(ly->cr, ink);
    cairo_set_line_width(ly->cr, 2.0);
    cairo_move_to(ly->cr, LY_LEFT, ly->y);
    cairo_line_to(ly->cr, LY_RIGHT, ly->y);
    cairo_stroke(ly->cr);
    cairo_set_line_width(ly->cr, 0.6);
    cairo_move_to(ly->cr, LY_LEFT, ly->y + 3);
    cairo_line_to(ly->cr, LY_RIGHT, ly->y + 3);
    cairo_stroke(ly->cr);
    ly->y += 18;
}

/*
 * "label : value" at 'x', the label 'lw' wide, the value wrapping in the
 * rest of 'w'; then 'after' points.
 */
static void
field(struct ly *ly, double x, double lw, double w, const char *label,
      const char *value, double after)
{
    PangoLayout *k = ly_text(ly, LY_BODY, label, false, lw, 1);
    PangoLayout *c = ly_text(ly, LY_BODY, ":", false, 8, 1);
    PangoLayout *v = ly_text(ly, LY_BODY, value, false, w - lw - 10, 6);
    double h = ly_height(v) > ly_height(k) ? ly_height(v) : ly_height(k);

    ly_need(ly, h);
    ly_draw(ly, k, x, ly->y, ink);
    ly_draw(ly, c, x + lw, ly->y, ink);
    ly_draw(ly, v, x + lw + 10, ly->y, ink);
    ly->y += h + after;
    g_object_unref(k);
    g_object_unref(c);
    g_object_unref(v);
}

/* "Sukamaju, 30 November 2026", or a line for the place when unknown. */
static char *
place_and_date(const struct rq *q)
{
    return g_strdup_printf("%s, %s", *q->place ? q->place : "....................",
                           q->date);
}

/* The signature block at the right half of the page. */
static void
signature(struct letter *L)
{
    const struct dsr_manifest *m = L->q->m;
    struct ly *ly = &L->ly;
    double x = LY_LEFT + LY_WIDTH * 0.52, w = LY_WIDTH * 0.48;
    char buf[NAME_SHOWN_MAX + 8];
    PangoLayout *l;
    char *t;

    ly_need(ly, 150);
    t = place_and_date(L->q);
    l = ly_text(ly, LY_BODY, t, false, w, 2);
    ly_draw(ly, l, x, ly->y, ink);
    ly->y += ly_height(l) + 2;
    g_object_unref(l);
    g_free(t);
    if (*m->coordinator_position) {
        shown(m->coordinator_position, buf, sizeof(buf));
    } else {
        t = g_strdup_printf(_("%s coordinator"), L->q->cat->short_name);
        shown(t, buf, sizeof(buf));
        g_free(t);
    }
    t = g_strdup_printf("%s,", buf);
    l = ly_text(ly, LY_BODY, t, false, w, 4);
    ly_draw(ly, l, x, ly->y, ink);
    ly->y += ly_height(l) + 58;
    g_object_unref(l);
    g_free(t);
    shown(*m->coordinator_name ? m->coordinator_name
                               : "......................................",
          buf, sizeof(buf));
    t = g_markup_printf_escaped("<b><u>%s</u></b>", buf);
    l = ly_text(ly, LY_BODY, t, true, w, 3);
    ly_draw(ly, l, x, ly->y, ink);
    ly->y += ly_height(l) + 1;
    g_object_unref(l);
    g_free(t);
    l = ly_text(ly, LY_BODY, _("NIP. ......................................"),
                false, w, 1);
    ly_draw(ly, l, x, ly->y, ink);
    ly->y += ly_height(l) + 12;
    g_object_unref(l);
}

/* The framework's name and the year, for the subject and the body. */
static char *
evaluation(const struct rq *q)
{
    return g_strdup_printf(_("%s, year %s"),
                           dsr_text_get(&q->cat->title, q->lang),
                           q->m->year_text);
}

/* Page 1: the letter itself. */
static void
letter_page(struct letter *L)
{
    const struct rq *q = L->q;
    const struct dsr_manifest *m = q->m;
    struct ly *ly = &L->ly;
    char unit[NAME_SHOWN_MAX + 8], inst[NAME_SHOWN_MAX + 8];
    char *t, *ev, *subject;
    double lw = 62, top;
    PangoLayout *l;

    letterhead(L);
    top = ly->y;
    t = place_and_date(q);
    l = ly_text(ly, LY_BODY, t, false, LY_WIDTH * 0.45, 2);
    pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
    ly_draw(ly, l, LY_RIGHT - LY_WIDTH * 0.45, top, ink);
    g_object_unref(l);
    g_free(t);

    ev = evaluation(q);
    subject = g_strdup_printf(_("Request for the supporting evidence of the %s"),
                              ev);
    field(ly, LY_LEFT, lw, LY_WIDTH * 0.55, _("Number"),
          "......................................", 2);
    field(ly, LY_LEFT, lw, LY_WIDTH * 0.55, _("Nature"), _("Important"), 2);
    field(ly, LY_LEFT, lw, LY_WIDTH * 0.55, _("Attachment"),
          _("2 (two) documents"), 2);
    field(ly, LY_LEFT, lw, LY_WIDTH * 0.55, _("Subject"), subject, 16);
    g_free(subject);

    ly_para(ly, LY_BODY, _("To"), false, 0, ink, 0);
    t = g_strdup_printf(_("Head of %s"), L->owner);
    ly_para(ly, LY_H3, t, false, 0, ink, 0);
    g_free(t);
    /* "di Tempat" has no English counterpart on a letter */
    if (q->lang == DSR_LANG_ID)
        ly_para(ly, LY_BODY, _("in place"), false, 0, ink, 16);
    else
        ly->y += 16;

    shown(m->instance_name, inst, sizeof(inst));
    if (*m->coordinator_unit) {
        shown(m->coordinator_unit, unit, sizeof(unit));
    } else {
        t = g_strdup_printf(_("the %s coordinator"), q->cat->short_name);
        shown(t, unit, sizeof(unit));
        g_free(t);
    }
    t = g_strdup_printf(
        L->g->nindicators == 1
            ? _("In preparation for the %s of %s, %s answers for %zu "
                "indicator, listed in the attachment to this letter with the "
                "level it is assessed at, the criteria of that level, the "
                "evidence that typically supports it and what is missing or "
                "wrong today.")
            : _("In preparation for the %s of %s, %s answers for %zu "
                "indicators, listed in the attachment to this letter with the "
                "level each is assessed at, the criteria of that level, the "
                "evidence that typically supports it and what is missing or "
                "wrong today."),
        ev, inst, L->owner, L->g->nindicators);
    ly_para(ly, LY_BODY, t, false, 0, ink, 8);
    g_free(t);
    t = g_strdup_printf(_("We therefore ask you to send the supporting evidence "
                          "of each of these indicators no later than %s, by "
                          "putting the files into the folder given for each "
                          "indicator or by handing them to %s. Please give "
                          "each document's title and date, and the level it "
                          "supports, in the worksheet that comes with this "
                          "letter (%s), and send it back with the files."),
                        q->due, unit, DSR_REQUESTS_WORKBOOK);
    ly_para(ly, LY_BODY, t, false, 0, ink, 8);
    g_free(t);
    ly_para(ly, LY_BODY, _("Thank you for your attention and cooperation."),
            false, 0, ink, 22);
    g_free(ev);
    signature(L);
}

/* Why the letter asks for this level, in words. */
static char *
level_text(const struct rq *q, const struct dsr_request_item *it)
{
    const struct dsr_indicator *def = q->res->indicators[it->indicator].def;
    const char *name = dsr_text_get(&def->scale->level_name[it->level], q->lang);
    char *why, *t;

    switch (it->basis) {
    case DSR_REQUEST_CLAIMED:
        why = g_strdup_printf(_("the level claimed at the %s"),
                              rd_stage_label(it->stage));
        break;
    case DSR_REQUEST_PLANNED:
        why = g_strdup(_("not assessed yet; the level the plan to reach the "
                         "target asks for"));
        break;
    default:
        why = g_strdup(_("not assessed yet; the level after the one that "
                         "counts today"));
        break;
    }
    t = *name ? g_strdup_printf("%d (%s): %s", it->level, name, why)
              : g_strdup_printf("%d: %s", it->level, why);
    g_free(why);
    if (it->plan_to > 0) {
        char *more = g_strdup_printf(_("%s. The plan to reach the target raises "
                                       "it to level %d: send evidence for that "
                                       "level too, where there is some."),
                                     t, it->plan_to);

        g_free(t);
        t = more;
    }
    return t;
}

/* What is there today, in words. */
static char *
state_text(const struct dsr_request_item *it)
{
    if (it->listed == 0)
        return g_strdup(_("no evidence listed yet"));
    char *files = g_strdup_printf(
        dngettext(DSR_TEXTDOMAIN, "%zu of the %zu file listed is present and valid",
                  "%zu of the %zu files listed are present and valid", it->listed),
        it->valid, it->listed);
    char *errors = g_strdup_printf(
        dngettext(DSR_TEXTDOMAIN, "%zu error", "%zu errors", it->errors), it->errors);
    char *warnings = g_strdup_printf(
        dngettext(DSR_TEXTDOMAIN, "%zu warning", "%zu warnings", it->warnings),
        it->warnings);
    char *t = g_strdup_printf("%s; %s, %s", files, errors, warnings);

    g_free(files);
    g_free(errors);
    g_free(warnings);
    return t;
}

/* One indicator in the attachment. */
static void
indicator_entry(struct letter *L, size_t n, const struct dsr_request_item *it)
{
    static const struct ly_col cols[2] = {
        {LABEL_W, LY_SMALL, PANGO_ALIGN_LEFT, true},
        {LY_WIDTH - LABEL_W, LY_SMALL, PANGO_ALIGN_LEFT, false},
    };
    const struct rq *q = L->q;
    const struct dsr_check_indicator *ci = &q->res->indicators[it->indicator];
    const struct dsr_indicator *def = ci->def;
    struct ly *ly = &L->ly;
    struct ly_table t = {.cols = cols, .ncols = 2, .x = LY_LEFT,
                         .max_lines = 30};
    const char *hint = dsr_text_get(&def->hint, q->lang);
    const char *crit = dsr_text_get(&def->criterion[it->level], q->lang);
    char *title, *lvl, *state, *labels[5];
    const char *rows[5][2];
    double first, whole;
    PangoLayout *hl;
    size_t shown_n = 0, more = 0;

    title = g_strdup_printf(_("%zu. Indicator %s: %s"), n, def->id,
                            dsr_text_get(&def->name, q->lang));
    lvl = level_text(q, it);
    state = state_text(it);
    labels[0] = g_markup_printf_escaped("<b>%s</b>", _("Level asked"));
    labels[1] = g_markup_printf_escaped(_("<b>Criteria of level %d</b>"),
                                        it->level);
    labels[2] = g_markup_printf_escaped("<b>%s</b>", _("Typical evidence"));
    labels[3] = g_markup_printf_escaped("<b>%s</b>", _("Today"));
    labels[4] = g_markup_printf_escaped("<b>%s</b>", _("Folder for the files"));

    rows[0][0] = labels[0];
    rows[0][1] = lvl;
    rows[1][0] = labels[1];
    rows[1][1] = *crit ? crit : "-";
    rows[2][0] = labels[2];
    rows[2][1] = *hint ? hint : "-";
    rows[3][0] = labels[3];
    rows[3][1] = state;
    rows[4][0] = labels[4];
    rows[4][1] = it->folder;

    /*
     * The whole entry stays on one page when it fits on one (its table
     * and the first findings); else at least its heading stays with the
     * first row.
     */
    hl = ly_text(ly, LY_H3, title, false, LY_WIDTH, 0);
    first = ly_height(hl) + 4 + ly_table_row_height(ly, &t, rows[0]);
    whole = first;
    for (int k = 1; k < 5; k++)
        whole += ly_table_row_height(ly, &t, rows[k]);
    whole += 4 + 12.0 * (double)(it->errors + it->warnings < 4
                                     ? it->errors + it->warnings + 1 : 5);
    g_object_unref(hl);
    ly->y += 10;
    ly_need(ly, whole <= LY_BOTTOM - LY_TOP - 20 ? whole : first);
    ly_para(ly, LY_H3, title, false, 0, navy, 4);
    for (int k = 0; k < 5; k++)
        ly_table_row(ly, &t, rows[k], NULL, &white);
    ly->y += 4;

    for (size_t k = 0; k < q->res->findings.n; k++) {
        const struct dsr_finding *f = &q->res->findings.items[k];
        char *line;

        if (f->severity == DSR_SEV_NOTE || strcmp(f->indicator, def->id) != 0)
            continue;
        if (shown_n == 0)
            ly_para(ly, LY_SMALL, _("To be fixed or completed:"), false, 0, ink,
                    2);
        if (shown_n >= DSR_REQUESTS_FINDINGS_MAX) {
            more++;
            continue;
        }
        line = g_markup_printf_escaped("\xe2\x80\xa2 <b>%s</b>: %s",
                                       dsr_severity_label(f->severity),
                                       f->message);
        ly_para(ly, LY_SMALL, line, true, 10, f->severity == DSR_SEV_ERROR
                                                  ? sev_color[0] : ink, 1);
        g_free(line);
        shown_n++;
    }
    if (more) {
        char *line = g_strdup_printf(_("... and %zu more (run 'dossier check' "
                                       "for all of them)"), more);

        ly_para(ly, LY_SMALL, line, false, 10, muted, 1);
        g_free(line);
    }
    for (int k = 0; k < 5; k++)
        g_free(labels[k]);
    g_free(state);
    g_free(lvl);
    g_free(title);
}

/* The attachment: every indicator of the OPD, then the due date again. */
static void
attachment(struct letter *L)
{
    const struct rq *q = L->q;
    struct ly *ly = &L->ly;
    char *t, *ev;

    ly_page_break(ly);
    ly_para(ly, LY_SMALL, _("Attachment to the letter"), false, 0, ink, 0);
    field(ly, LY_LEFT, 50, LY_WIDTH * 0.6, _("Number"),
          "......................................", 0);
    field(ly, LY_LEFT, 50, LY_WIDTH * 0.6, _("Date"), q->date, 14);
    ev = evaluation(q);
    t = g_strdup_printf(_("Supporting evidence asked of %s for the %s"),
                        L->owner, ev);
    ly_para(ly, LY_H2, t, false, 0, navy, 4);
    g_free(t);
    g_free(ev);
    t = g_strdup_printf(_("Due date: %s"), q->due);
    ly_para(ly, LY_H3, t, false, 0, ink, 4);
    g_free(t);
    for (size_t j = 0; j < L->g->nindicators; j++) {
        if (dsr_cancelled(q->opts->cancel))
            return;
        indicator_entry(L, j + 1, &q->items[L->g->indicators[j]]);
    }
    ly->y += 14;
    t = g_strdup_printf(_("Please send all of the above no later than %s."),
                        q->due);
    ly_para(ly, LY_BODY, t, false, 0, ink, 18);
    g_free(t);
    signature(L);
}

static int
pass(struct letter *L, cairo_surface_t *surface, bool final,
     struct dsr_error *err)
{
    cairo_status_t st;

    if (ly_open(&L->ly, surface, L->q->opts->fonts_dir, final, err) < 0)
        return -1;
    L->ly.decorate = decorate;
    L->ly.decorate_ctx = L;
    letter_page(L);
    attachment(L);
    /* a context in error has drawn nothing since: no blank pages */
    st = ly_close(&L->ly);
    cairo_surface_finish(surface);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surface);
    if (st != CAIRO_STATUS_SUCCESS)
        return dsr_error_set(err, st == CAIRO_STATUS_WRITE_ERROR ? DSR_IO : DSR_RENDER,
                             NULL, 0, "cairo: %s", cairo_status_to_string(st));
    return 0;
}

static void
metadata(struct letter *L, cairo_surface_t *s)
{
    const struct rq *q = L->q;
    char *ev = evaluation(q);
    char *title = g_strdup_printf(_("Request for the supporting evidence of the %s"),
                                  ev);

    ly_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    char author[NAME_SHOWN_MAX + 8];

    shown(q->m->coordinator_name, author, sizeof(author));
    ly_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, author);
    ly_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, L->owner);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "dossier");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, q->iso_date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, q->iso_date);
    g_free(title);
    g_free(ev);
}

int
rq_letter_write(const struct rq *q, size_t owner, const char *path,
                unsigned *pages, struct dsr_error *err)
{
    struct letter L = {.q = q, .g = &q->res->owners[owner]};
    cairo_surface_t *surface;
    FILE *f;
    int ret = -1;

    shown(L.g->name, L.owner, sizeof(L.owner));
    surface = cairo_pdf_surface_create_for_stream(discard, NULL, LY_PAGE_W,
                                                  LY_PAGE_H);
    if (pass(&L, surface, false, err) < 0) {
        cairo_surface_destroy(surface);
        return -1;
    }
    cairo_surface_destroy(surface);
    L.total = L.ly.page;
    if (dsr_cancelled(q->opts->cancel))
        return dsr_interrupted(err);
    f = fopen(path, "wbx");
    if (!f)
        return dsr_error_sys(err, errno, path, "cannot create");
    surface = cairo_pdf_surface_create_for_stream(write_file, f, LY_PAGE_W,
                                                  LY_PAGE_H);
    metadata(&L, surface);
    if (pass(&L, surface, true, err) == 0) {
        if (dsr_cancelled(q->opts->cancel))
            dsr_interrupted(err);
        else if (L.ly.page != L.total)
            dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                          "the two layout passes disagree (%d and %d pages)",
                          L.total, L.ly.page);
        else
            ret = 0;
    }
    cairo_surface_destroy(surface);
    if (fclose(f) != 0 && ret == 0)
        ret = dsr_error_sys(err, errno, path, "cannot write");
    *pages = (unsigned)L.total;
    return ret;
}
