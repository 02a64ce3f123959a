/*
 * render_indicator.c -- one section of the dossier PDF per indicator: its
 * levels and the assessors' values, the verification sheet (with the
 * criteria; render_sheet.c), the assessors' verdicts and the
 * institution's responses, explanations, evidence and previews, links
 * (with their demo accounts), questions and findings.
 */
#include "render_int.h"

#include "dossier/finding.h"
#include "dossier/format.h"

#include "internal.h"
#include "thumb.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <string.h>

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
            /* the value that counts when it is not just the level: the
             * assessor's 1,30, an estimate, a converted index */
            if (si->value != (long)si->level * DSR_VALUE_ONE)
                dsr_format_value(si->value, 2, r->lang, value, sizeof(value));
            else
                snprintf(value, sizeof(value), "%d", si->level);
        } else {
            label = rd_stage_label(st);
            for (size_t k = 0; mi && k < mi->nassessments; k++)
                if ((int)mi->assessments[k].stage == st)
                    a = &mi->assessments[k];
            if (a && a->value >= 0) {
                char v[32];

                dsr_format_value(a->value, 2, r->lang, v, sizeof(v));
                snprintf(value, sizeof(value), "%ld \u00b7 %s", a->level, v);
            } else if (a) {
                snprintf(value, sizeof(value), "%ld", a->level);
            } else {
                snprintf(value, sizeof(value), "\u2013");
            }
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

/* The translated kind of a revisi; "" for none. */
static const char *
kind_label(enum dsr_verdict_kind k)
{
    switch (k) {
    case DSR_KIND_TIDAK_TEPAT:
        return _("not what the item asks");
    case DSR_KIND_BELUM_DIUNGGAH:
        return _("not uploaded");
    case DSR_KIND_OTOMATIS_DITOLAK:
        return _("rejected with the level below");
    case DSR_KIND_NONE:
        break;
    }
    return "";
}

/* A key for an item id, or for the indicator's level (NULL). */
static const char *
item_key(const char *item)
{
    return item ? item : "";
}

/*
 * What the assessors said and what the institution answered: one row per
 * verdict (stage, item, status and kind, note), the response to the
 * item beside its latest verdict, and responses to no verdict after.
 * Hash tables keep it linear in the manifest's verdicts and responses.
 */
static void
verdicts(struct rnd *r, const struct dsr_mindicator *mi)
{
    static const struct ly_col cols[] = {
        {.width = 58, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 62, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 70, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT, .markup = true},
        {.width = (LY_WIDTH - 58 - 62 - 70) / 2, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = (LY_WIDTH - 58 - 62 - 70) / 2, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("Stage"), _("Item"), _("Verdict"),
                          _("Assessor's note"), _("Institution's response")};
    struct ly_table t = {.cols = cols, .ncols = 5, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 8};
    GHashTable *latest, *answer;

    if (!mi || (!mi->nverdicts && !mi->nresponses))
        return;
    latest = g_hash_table_new(g_str_hash, g_str_equal);
    answer = g_hash_table_new(g_str_hash, g_str_equal);
    for (size_t k = 0; k < mi->nverdicts; k++) {
        const struct dsr_verdict *v = &mi->verdicts[k];
        gpointer old = g_hash_table_lookup(latest, item_key(v->item));

        if (!old || mi->verdicts[GPOINTER_TO_SIZE(old) - 1].stage <= v->stage)
            g_hash_table_insert(latest, (gpointer)item_key(v->item),
                                GSIZE_TO_POINTER(k + 1));
    }
    for (size_t k = 0; k < mi->nresponses; k++)
        if (!g_hash_table_contains(answer, item_key(mi->responses[k].item)))
            g_hash_table_insert(answer, (gpointer)item_key(mi->responses[k].item),
                                GSIZE_TO_POINTER(k + 1));

    rd_heading(r, LY_H3, _("Assessors' verdicts and the institution's responses"),
               4, 4);
    ly_table_begin(&r->ly, &t);
    for (size_t k = 0; k < mi->nverdicts && !rd_stopped(r); k++) {
        const struct dsr_verdict *v = &mi->verdicts[k];
        const char *key = item_key(v->item);
        const char *response = "";
        char *status;

        if (GPOINTER_TO_SIZE(g_hash_table_lookup(latest, key)) == k + 1) {
            size_t a = GPOINTER_TO_SIZE(g_hash_table_lookup(answer, key));

            if (a)
                response = mi->responses[a - 1].text;
        }
        status = g_markup_printf_escaped(
            "<b>%s</b>%s%s",
            v->status == DSR_VERDICT_REVISI ? _("revise") : _("accepted"),
            v->kind != DSR_KIND_NONE ? "\n" : "", kind_label(v->kind));
        {
            const char *cells[] = {
                rd_stage_label((int)v->stage),
                v->item ? v->item : _("(the indicator's level)"), status,
                *v->text ? v->text : "\u2013", *response ? response : "\u2013"};

            ly_table_row(&r->ly, &t, cells, NULL, NULL);
        }
        g_free(status);
    }
    for (size_t k = 0; k < mi->nresponses && !rd_stopped(r); k++) {
        const struct dsr_response *rs = &mi->responses[k];
        const char *key = item_key(rs->item);

        if (g_hash_table_contains(latest, key) &&
            GPOINTER_TO_SIZE(g_hash_table_lookup(answer, key)) == k + 1)
            continue;
        {
            const char *cells[] = {
                "\u2013", rs->item ? rs->item : _("(the indicator's level)"),
                "\u2013", "\u2013", rs->text};

            ly_table_row(&r->ly, &t, cells, NULL, NULL);
        }
    }
    g_hash_table_destroy(latest);
    g_hash_table_destroy(answer);
    r->ly.y += 6;
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
            rd_heading(r, LY_H3, _("Explanation"), 4, 3);
        any = true;
        p = g_markup_printf_escaped("<b>%s:</b> %s", rd_stage_label((int)a->stage),
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
        {.width = LY_WIDTH - 18 - 36 - 54 - 28 - 48 - 64, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT, .markup = true},
        {.width = 36, .style = LY_SMALL, .align = PANGO_ALIGN_CENTER},
        {.width = 54, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 28, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 48, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 64, .style = LY_MONO, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {"#", _("Document and file"), _("Level"), _("Date"),
                          _("Pages"), _("Size"), _("SHA-256")};
    struct ly_table t = {.cols = cols, .ncols = 7, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 8};

    rd_heading(r, LY_H3, _("Evidence"), 6, 4);
    if (!mi || !mi->nevidence) {
        ly_para(&r->ly, LY_BODY, _("No evidence is listed for this indicator."),
                false, 0, muted, 6);
        return;
    }
    ly_table_begin(&r->ly, &t);
    for (size_t j = 0; j < mi->nevidence && !rd_stopped(r); j++) {
        const struct dsr_evidence *e = &mi->evidence[j];
        size_t k = 0;
        const struct dsr_checked_file *cf = rd_checked_file(r, mi, j, &k);
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
          const char *name, size_t number)
{
    struct ly *ly = &r->ly;
    cairo_surface_t *img = th_surface(p);
    char caption[32];
    PangoLayout *l;

    ly_rect(ly->cr, x, y, THUMB_W, THUMB_H, pale);
    if (img) {
        double w = p->width / (double)THUMB_PX, h = p->height / (double)THUMB_PX;
        double ix = x + (THUMB_W - w) / 2, iy = y + (THUMB_H - h) / 2;

        /* r22-pdfa: a Figure, its /Alt the file's name (src/pdfa.c) */
        if (ly->final) {
            if (!r->figure_alt)
                r->figure_alt = g_ptr_array_new_with_free_func(g_free);
            g_ptr_array_add(r->figure_alt, g_path_get_basename(name));
        }
        ly_struct_begin(ly, "Figure");
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
        ly_struct_end(ly, "Figure");
    } else {
        l = ly_text(ly, LY_TINY, th_reason(p), false, THUMB_W - 10, 5);
        pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
        ly_struct_begin(ly, "P");
        ly_draw(ly, l, x + 5, y + THUMB_H / 2 - ly_height(l) / 2, muted);
        ly_struct_end(ly, "P");
        g_object_unref(l);
    }
    snprintf(caption, sizeof(caption), "#%zu", number);
    l = ly_text(ly, LY_TINY, caption, false, THUMB_W, 1);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    ly_struct_begin(ly, "Caption");
    ly_draw(ly, l, x, y + THUMB_H + 2, muted);
    ly_struct_end(ly, "Caption");
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
        const struct dsr_checked_file *cf = rd_checked_file(r, mi, j, &k);

        if (!cf || !cf->read || r->previews[k].state == TH_NONE)
            continue;
        if (!any) {
            rd_heading(r, LY_H3, _("First pages"), 4, 4);
            any = true;
        }
        if (col == 0)
            ly_need(ly, THUMB_H + 14);
        thumb_box(r, LY_LEFT + (double)col * (THUMB_W + gap), ly->y,
                  &r->previews[k], cf->resolved ? cf->resolved : "", j + 1);
        if (++col == THUMB_COLS) {
            col = 0;
            ly->y += THUMB_H + 16;
        }
    }
    if (col)
        ly->y += THUMB_H + 16;
}

/*
 * A link's name, then its demo account on a line of its own; the secret
 * only when the render was asked for secrets, else that one exists.  The
 * caller g_free()s it.
 */
static char *
link_name(const struct rnd *r, const struct dsr_link *lk)
{
    GString *s = g_string_new(*lk->text ? lk->text : "\u2013");

    if (lk->account && *lk->account) {
        g_string_append_c(s, '\n');
        g_string_append_printf(s, _("account: %s"), lk->account);
    }
    if (lk->secret) {
        char *secret = rd_secret_text(r, lk);

        g_string_append_c(s, '\n');
        g_string_append(s, secret);
        g_free(secret);
    }
    return g_string_free(s, FALSE);
}

static void
links(struct rnd *r, const struct dsr_mindicator *mi)
{
    static const struct ly_col cols[] = {
        {.width = 180, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 180 - 36, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 36, .style = LY_SMALL, .align = PANGO_ALIGN_CENTER},
    };
    const char *head[] = {_("Application or service"), _("Address"), _("Level")};
    struct ly_table t = {.cols = cols, .ncols = 3, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 6};

    if (!mi || !mi->nlinks)
        return;
    rd_heading(r, LY_H3, _("Links"), 4, 4);
    ly_table_begin(&r->ly, &t);
    for (size_t k = 0; k < mi->nlinks; k++) {
        const struct dsr_link *lk = &mi->links[k];
        char level[24];
        char *href = rd_href(r, lk);
        char *uri = rd_link_attrs(href);
        char *name = link_name(r, lk);
        const char *cells[] = {name, href, level};

        if (lk->level == DSR_LEVEL_NONE)
            snprintf(level, sizeof(level), "\u2013");
        else
            snprintf(level, sizeof(level), "%ld", lk->level);
        ly_table_row(&r->ly, &t, cells, uri, NULL);
        g_free(uri);
        g_free(href);
        g_free(name);
    }
    r->ly.y += 6;
}

static void
questions(struct rnd *r, const struct dsr_mindicator *mi)
{
    if (!mi || !mi->nnotes)
        return;
    rd_heading(r, LY_H3, _("Questions and answers"), 4, 4);
    for (size_t k = 0; k < mi->nnotes; k++) {
        const struct dsr_note *n = &mi->notes[k];
        char *p = g_markup_printf_escaped(
            "<b>%s</b> <span foreground='#5a6270'>(%s)</span>: %s",
            n->answer ? _("Answer") : _("Question"), rd_stage_label((int)n->stage),
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
            rd_heading(r, LY_H3, _("Findings of the check"), 4, 4);
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

/* The parts of a section after its heading block, in order. */
enum { PART_VERDICTS, PART_EXPLANATIONS, PART_EVIDENCE, PART_THUMBNAILS,
       PART_LINKS, PART_QUESTIONS, PART_FINDINGS, PART_COUNT };

static void
part(struct rnd *r, size_t i, int k)
{
    const struct dsr_mindicator *mi = rd_mind(r, i);

    switch (k) {
    case PART_VERDICTS:
        verdicts(r, mi);
        break;
    case PART_EXPLANATIONS:
        explanations(r, mi);
        break;
    case PART_EVIDENCE:
        evidence_table(r, mi);
        break;
    case PART_THUMBNAILS:
        thumbnails(r, mi);
        break;
    case PART_LINKS:
        links(r, mi);
        break;
    case PART_QUESTIONS:
        questions(r, mi);
        break;
    case PART_FINDINGS:
        indicator_findings(r, r->score->indicators[i].def);
        break;
    default:
        break;
    }
}

/*
 * A dry run's page break: the part leaves the page, which is all there
 * is to know; the finished surface makes the rest of the drawing a
 * no-op, so a long part records nothing more.
 */
static void
dry_break(void *ctx, cairo_t *cr, int page)
{
    (void)ctx;
    (void)page;
    cairo_surface_finish(cairo_get_target(cr));
}

/*
 * Whether parts 0 to 'k' - 1 of indicator 'i', laid out from here, end
 * on this page, followed by its sheet when 'sheet': they are laid out
 * onto a recording surface that is thrown away, with the flow's state
 * put back after.
 */
static bool
parts_fit(struct rnd *r, size_t i, int k, bool sheet)
{
    const struct ly saved = r->ly;
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA,
                                                          NULL);
    cairo_t *cr = cairo_create(rec);
    bool fits;

    r->ly.surface = rec;
    r->ly.cr = cr;
    r->ly.decorate = dry_break;
    r->ly.final = false;
    for (int j = 0; j < k; j++)
        part(r, i, j);
    fits = r->ly.page == saved.page
           && r->ly.y + (sheet ? rd_sheet_height(r) : 0) <= LY_BOTTOM;
    cairo_destroy(cr);
    cairo_surface_destroy(rec);
    r->ly = saved;
    return fits;
}

/*
 * Where the sheet of indicator 'i' goes among its parts: before the
 * first part that would not end on the heading's page, so that no part
 * is pushed onto a page of its own by it; but when the sheet then does
 * not fit on the heading's page, before the last part after which it
 * still does, so that the heading's page is not left short with the
 * sheet alone on the next (issue 21 point 7).  PART_COUNT: at the end.
 */
static int
sheet_slot(struct rnd *r, size_t i)
{
    int slot = 0;

    while (slot < PART_COUNT && parts_fit(r, i, slot + 1, false))
        slot++;
    for (int k = slot; k >= 0; k--) {
        if (parts_fit(r, i, k, true))
            return k;
    }
    return slot;
}

static void
indicator(struct rnd *r, size_t i, int *aspect_outline)
{
    struct ly *ly = &r->ly;
    const struct dsr_score_indicator *si = &r->score->indicators[i];
    const struct dsr_indicator *def = si->def;
    const struct dsr_mindicator *mi = rd_mind(r, i);
    const struct dsr_aspect *asp = &r->cat->aspects[def->aspect];
    GString *meta = g_string_new(NULL);
    char *title, w[32];
    struct ly_rgb c = rd_group_rgb(r, def);
    int slot;

    /*
     * running_buf may be written over: only the first indicator begins
     * lower down a page, and every later one after a page break, which
     * has already drawn the head that pointed at it.
     */
    snprintf(r->running_buf, sizeof(r->running_buf), _("Indicator %s"), def->id);
    rd_running(r, r->running_buf);
    {
        char name[32];

        snprintf(name, sizeof(name), "ind-%zu", i);
        ly_anchor(ly, name);
    }
    r->ind_page[i] = ly->page;
    title = g_strdup_printf("%s. %s", def->id, rd_text(r, &def->name));
    rd_outline(r, *aspect_outline, title, ly->page, ly->y, false);
    g_free(title);

    if (r->cat->ndomains)
        g_string_append_printf(meta, "%s \u00b7 ",
                               rd_text(r, &r->cat->domains[asp->domain].name));
    g_string_append_printf(meta, "%s %s \u00b7 ", _("Aspect"), rd_text(r, &asp->name));
    g_string_append_printf(meta, _("weight %s %%"),
                           rd_hundredths(r, def->weight, w, sizeof(w)));
    ly_rect(ly->cr, LY_LEFT, ly->y, 4, 40, c);
    {
        char *p = g_markup_printf_escaped("<b>%s</b>  %s", r->running_buf, meta->str);

        ly_para(ly, LY_SMALL, p, true, 12, c, 2);
        g_free(p);
    }
    ly_para(ly, LY_H2, rd_text(r, &def->name), false, 12, ink, 4);
    {
        char *p = g_markup_printf_escaped("%s: <b>%s</b>", _("Owner (OPD)"),
                                          mi && *mi->owner ? mi->owner : _("not named"));

        ly_para(ly, LY_SMALL, p, true, 12, ink, 10);
        g_free(p);
    }
    g_string_free(meta, TRUE);

    stage_boxes(r, mi, si);
    /*
     * The verification sheet goes after the section's parts while they
     * stay on the heading's page, before the first one that would not:
     * so it is on that page or the next, and no part is pushed onto a
     * page of its own by it.
     */
    slot = sheet_slot(r, i);
    for (int k = 0; k < PART_COUNT; k++) {
        if (k == slot)
            rd_sheet(r, i, NULL);
        part(r, i, k);
    }
    if (slot == PART_COUNT)
        rd_sheet(r, i, NULL);
}

void
rd_indicators(struct rnd *r)
{
    int parent;
    size_t prev_domain = (size_t)-1, prev_aspect = (size_t)-1;
    int domain_outline, aspect_outline;

    /*
     * Each indicator starts a new page, but the first continues a sparse
     * page (a short visit plan; docs/design.md, "Page fill").  The break
     * decorates the page that ends with the previous head.
     */
    if (r->score->nindicators)
        ly_part_start(&r->ly, true, LY_SECTION_GAP);
    else
        ly_page_break(&r->ly);
    parent = rd_outline(r, CAIRO_PDF_OUTLINE_ROOT, _("Indicators"), r->ly.page,
                        r->ly.y, true);
    domain_outline = aspect_outline = parent;
    r->outline_indicators = parent;
    for (size_t i = 0; i < r->score->nindicators && !rd_stopped(r); i++) {
        const struct dsr_indicator *def = r->score->indicators[i].def;
        const struct dsr_aspect *asp = &r->cat->aspects[def->aspect];
        int page;

        if (i > 0)
            ly_part_start(&r->ly, false, 0);
        page = r->ly.page;
        if (r->cat->ndomains && asp->domain != prev_domain) {
            prev_domain = asp->domain;
            domain_outline = rd_outline(r, parent,
                                        rd_text(r, &r->cat->domains[asp->domain].name),
                                        page, r->ly.y, false);
        }
        if (def->aspect != prev_aspect) {
            prev_aspect = def->aspect;
            aspect_outline = rd_outline(r, r->cat->ndomains ? domain_outline : parent,
                                        rd_text(r, &asp->name), page, r->ly.y, false);
        }
        indicator(r, i, &aspect_outline);
    }
}
