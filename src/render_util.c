/*
 * render_util.c -- what the parts of the dossier PDF share: text in the
 * document's language, numbers, headings, sections and their bookmarks,
 * links, and the header and footer of every page.
 */
#include "render_int.h"

#include "dossier/format.h"

#include "check_int.h"
#include "internal.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
rd_text(const struct rnd *r, const struct dsr_text *t)
{
    return dsr_text_get(t, r->lang);
}

const char *
rd_hundredths(const struct rnd *r, long v, char *buf, size_t size)
{
    return dsr_format_hundredths(v, r->lang, buf, size);
}

static size_t
group_of(const struct rnd *r, const struct dsr_indicator *def)
{
    return r->cat->ndomains ? r->cat->aspects[def->aspect].domain : def->aspect;
}

struct ly_rgb
rd_group_rgb(const struct rnd *r, const struct dsr_indicator *def)
{
    return group_color[group_of(r, def) % 8];
}

const struct dsr_mindicator *
rd_mind(const struct rnd *r, size_t i)
{
    return r->res->indicators[i].mind;
}

static size_t
mind_index(const struct rnd *r, const struct dsr_mindicator *mi)
{
    return (size_t)(mi - r->m->indicators);
}

const struct dsr_checked_file *
rd_checked_file(const struct rnd *r, const struct dsr_mindicator *mi, size_t j,
                size_t *k)
{
    size_t i = r->file_base[mind_index(r, mi)] + j;

    if (i >= r->res->nfiles)
        return NULL;
    if (k)
        *k = i;
    return &r->res->files[i];
}

const char *
rd_month_name(int month)
{
    static const char *const names[12] = {
        N_("January"), N_("February"), N_("March"),     N_("April"),
        N_("May"),     N_("June"),     N_("July"),      N_("August"),
        N_("September"), N_("October"), N_("November"), N_("December"),
    };

    return month >= 0 && month < 12 ? _(names[month]) : "";
}

const char *
rd_stage_label(int stage)
{
    static const char *const names[DSR_STAGE_COUNT] = {
        N_("self-assessment"), N_("document review"), N_("interview"),
        N_("site visit"),
    };

    return stage >= 0 && stage < DSR_STAGE_COUNT ? _(names[stage]) : "";
}

const char *
rd_stage_title(int stage)
{
    static const char *const names[DSR_STAGE_COUNT] = {
        N_("Self-assessment"), N_("Document review"), N_("Interview"),
        N_("Site visit"),
    };

    return stage >= 0 && stage < DSR_STAGE_COUNT ? _(names[stage]) : "";
}

const char *
rd_stage_short(int stage)
{
    /* a table column's header: one short word, never hyphenated */
    static const char *const names[DSR_STAGE_COUNT] = {
        N_("Self"), N_("Document"), N_("Interview"), N_("Visit"),
    };

    return stage >= 0 && stage < DSR_STAGE_COUNT ? _(names[stage]) : "";
}

void
rd_heading(struct rnd *r, enum ly_style style, const char *text, double before,
           double after)
{
    ly_heading(&r->ly, style, text, style == LY_H3 ? ink : navy, before, after);
}

/* Link attributes to the page of the catalog's indicator 'i'. */
void
rd_ind_link(char *out, size_t size, size_t i)
{
    snprintf(out, size, "dest='ind-%zu'", i);
}

int
rd_outline(struct rnd *r, int parent, const char *title, int page, double y,
           bool open)
{
    char dest[96];
    char *safe;
    int id;

    if (!r->ly.final)
        return 0;
    ly_dest(dest, sizeof(dest), page, y);
    /* the catalog's names may hold what cairo refuses (ly_pdf_string) */
    safe = ly_pdf_string(title);
    id = cairo_pdf_surface_add_outline(r->ly.surface, parent, safe ? safe : "?",
                                       dest, open ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    free(safe);
    return id;
}

/*
 * The running head names the section at the top of the page: one that
 * begins lower down heads the pages after this one.
 */
void
rd_running(struct rnd *r, const char *title)
{
    if (r->ly.y > LY_TOP) {
        r->running_next = title;
    } else {
        r->running = title;
        r->running_next = NULL;
    }
}

/* A section's head where the flow is: entry, bookmark, title, rule. */
static void
section_head(struct rnd *r, const char *title)
{
    struct ly *ly = &r->ly;

    rd_running(r, title);
    rd_toc_note(r, title);
    rd_outline(r, CAIRO_PDF_OUTLINE_ROOT, title, ly->page, ly->y, false);
    ly_para(ly, LY_H1, title, false, 0, navy, 4);
    cairo_set_source_rgb(ly->cr, navy.r, navy.g, navy.b);
    cairo_set_line_width(ly->cr, 1.2);
    cairo_move_to(ly->cr, LY_LEFT, ly->y);
    cairo_line_to(ly->cr, LY_RIGHT, ly->y);
    cairo_stroke(ly->cr);
    ly->y += 12;
}

/*
 * Start a section, with its bookmark: on the current page when a third of
 * it is left, else on a new page (docs/design.md, "Layout rules").
 */
void
rd_section(struct rnd *r, const char *title)
{
    struct ly *ly = &r->ly;

    if (r->break_next && ly->y > LY_TOP)
        ly_page_break(ly);
    else
        ly_section_start(ly, LY_SECTION_ROOM, LY_SECTION_GAP);
    r->break_next = false;
    section_head(r, title);
}

void
rd_section_alone(struct rnd *r, const char *title)
{
    r->break_next = true;
    rd_section(r, title);
    r->break_next = true;
}

/* The height of a section's title and rule (LY_H1 on one line), which
 * rd_section_flow()'s 'need' does not count. */
#define SECTION_HEAD 40.0

void
rd_section_flow(struct rnd *r, const char *title, double need)
{
    struct ly *ly = &r->ly;

    if (ly->y > LY_TOP &&
        (r->break_next ||
         ly_room(ly) < LY_SECTION_GAP + SECTION_HEAD + need))
        ly_page_break(ly);
    r->break_next = false;
    if (ly->y > LY_TOP)
        ly->y += LY_SECTION_GAP;
    section_head(r, title);
}

/* Header and footer of every page but the cover. */
void
rd_decorate(void *ctx, cairo_t *cr, int page)
{
    struct rnd *r = ctx;
    struct ly *ly = &r->ly;
    char *left, *right;
    PangoLayout *l;

    (void)cr;
    if (page == 1)
        return;
    left = g_strdup_printf(_("%s dossier %s - %s"), r->cat->short_name,
                           r->m->year_text, r->m->instance_name);
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
    /* a section that began on this page heads the next */
    if (r->running_next) {
        r->running = r->running_next;
        r->running_next = NULL;
    }
}

/*
 * A URL the dossier links to: http or https, with a host, no space or
 * control byte (what check accepts without a link-invalid warning), and
 * no longer than RD_URI_MAX.  The manifest allows 2,048 characters
 * (text-too-long past that); the bound here only keeps a caller that
 * skipped the check from building huge annotations.
 */
bool
rd_linkable(const char *href)
{
    return dsr_check_url(href) && strlen(href) <= RD_URI_MAX;
}

/*
 * cairo 1.16 copies the uri attribute into the PDF string as it is, so a
 * '(', ')' or '\' there breaks the file, and a quote ends the attribute
 * early.  Percent-encoding them, and every byte a PDF URI (7-bit ASCII)
 * cannot hold, keeps the address the same for a browser and the file
 * valid, on any cairo.
 */
static bool
uri_escape(unsigned char c)
{
    return c <= ' ' || c >= 0x7f || strchr("\"'()<>\\^`{|}", c) != NULL;
}

char *
rd_link_attrs(const char *href)
{
    static const char hex[] = "0123456789ABCDEF";
    GString *s;

    if (!rd_linkable(href))
        return NULL;
    s = g_string_sized_new(strlen(href) + 8);
    g_string_append(s, "uri='");
    for (const unsigned char *p = (const unsigned char *)href; *p; p++) {
        if (uri_escape(*p)) {
            g_string_append_c(s, '%');
            g_string_append_c(s, hex[*p >> 4]);
            g_string_append_c(s, hex[*p & 15]);
        } else {
            g_string_append_c(s, (char)*p);
        }
    }
    g_string_append_c(s, '\'');
    return g_string_free(s, FALSE);
}

bool
rd_stopped(const struct rnd *r)
{
    return dsr_cancelled(r->opts->cancel);
}

char *
rd_secret_text(const struct rnd *r, const struct dsr_link *lk)
{
    /* between quotes, so that blanks at either end and where it ends
       are plain on paper; controls are shown as codes by ly_text() */
    if (r->opts->include_secrets)
        return g_strdup_printf(_("password: \u201c%s\u201d"), lk->secret);
    return g_strdup(_("password given separately"));
}

char *
rd_href(const struct rnd *r, const struct dsr_link *lk)
{
    size_t len = strlen(lk->href), from, to;

    if (r->opts->include_secrets || !dsr_url_password(lk->href, len, &from, &to))
        return g_strdup(lk->href);
    return g_strdup_printf("%.*s%s", (int)from, lk->href, lk->href + to);
}

char *
rd_credentials(const struct rnd *r, const struct dsr_link *lk)
{
    const char *account = lk->account && *lk->account ? lk->account : NULL;
    char *secret, *out;

    if (!lk->secret)
        return g_strdup(account ? account : "\u2013");
    secret = rd_secret_text(r, lk);
    out = g_strdup_printf("%s%s%s", account ? account : "",
                          account ? "\n" : "", secret);
    g_free(secret);
    return out;
}
