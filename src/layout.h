/*
 * layout.h -- page flow for the dossier PDF (private to the core): A4
 * pages on a cairo PDF surface, text laid out by pango with the shipped
 * fonts, paragraphs that continue on the next page line by line, and
 * tables whose rows wrap and whose header repeats after a page break.
 */
#ifndef DOSSIER_LAYOUT_H
#define DOSSIER_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

struct dsr_error;

/* A4 in points, and the printable box. */
#define LY_PAGE_W 595.276
#define LY_PAGE_H 841.890
#define LY_LEFT 56.0
#define LY_RIGHT (LY_PAGE_W - 56.0)
#define LY_TOP 62.0
#define LY_BOTTOM (LY_PAGE_H - 64.0)
#define LY_WIDTH (LY_RIGHT - LY_LEFT)

enum ly_style {
    LY_BODY,        /* running text */
    LY_SMALL,       /* table cells */
    LY_TINY,        /* captions, footers, chart labels */
    LY_MONO,        /* checksums */
    LY_H1,          /* section titles */
    LY_H2,          /* indicator titles, sub-sections */
    LY_H3,          /* headings inside a section */
    LY_TITLE,       /* the cover */
    LY_STYLE_COUNT
};

struct ly_rgb {
    double r, g, b;
};

/* Called at the top and bottom of every page but the first. */
typedef void (*ly_page_fn)(void *ctx, cairo_t *cr, int page);

/* The flow: where the next thing goes. */
struct ly {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoFontMap *fontmap;
    PangoContext *pango;
    PangoFontDescription *font[LY_STYLE_COUNT];
    FcCharSet *coverage;        /* what the shipped fonts draw */
    bool locked;                /* holds the font maps' lock (layout.c) */
    int line_h[LY_STYLE_COUNT]; /* a line of each style, pango units */
    double y;                   /* top of the free space on the page */
    int page;                   /* 1-based; 0 before the first page */
    bool final;                 /* the pass that is kept (tags, outline) */
    ly_page_fn decorate;        /* header and footer */
    void *decorate_ctx;
    /*
     * A heading set with ly_heading() and not drawn yet: it is drawn by
     * what follows it (ly_need, ly_para, a table), on the page where
     * that fits too (keep with next).
     */
    PangoLayout *heading;
    struct ly_rgb heading_rgb;
    double heading_before, heading_after;
    enum ly_style heading_style;
    /*
     * r22-pdfa: the table whose Table structure element is open (tagged
     * PDF, final pass only); what is drawn next outside it closes it
     */
    const struct ly_table *open_table;
};

/*
 * Open a flow onto 'surface' (a cairo PDF surface, A4) with the fonts in
 * 'fonts_dir' only: a private fontconfig configuration holds just that
 * directory, so the machine's fonts never change the layout.  The first
 * page is started.  Returns 0, or -1 with 'err' set (DSR_RENDER).
 */
int ly_open(struct ly *ly, cairo_surface_t *surface, const char *fonts_dir,
            bool final, struct dsr_error *err);

/*
 * Finish the last page and release everything but the surface.  Returns
 * the drawing's status: CAIRO_STATUS_SUCCESS, or why cairo stopped
 * drawing (a cairo context in error drops everything after, silently).
 */
cairo_status_t ly_close(struct ly *ly);

/* Start a new page (decorating the one that ends). */
void ly_page_break(struct ly *ly);

/* Break the page when fewer than 'h' points are left on it (draws a pending
 * heading first, on the page where 'h' fits below it). */
void ly_need(struct ly *ly, double h);

/* Space left on the page. */
double ly_room(const struct ly *ly);

/* ---- the flow rules (issue 21, point 7: r21-layout) ------------------- */

/*
 * A page is sparse when what is on it reaches down less than a third of
 * the text area.  No page but the cover, the last page and the short end
 * of a part that runs over several pages may be sparse (docs/design.md,
 * tests/e2e/pdf_layout.py fill).
 */
#define LY_FILL ((LY_BOTTOM - LY_TOP) / 3)

/*
 * Room a section needs to start on the current page: a third of the text
 * area.  A section that does not get it starts a new page, so the page
 * it leaves is at least two thirds full.
 */
#define LY_SECTION_ROOM LY_FILL

/* Space between a section and the one that continues on its page. */
#define LY_SECTION_GAP 22.0

/* What a heading keeps below it at least when nothing says more. */
#define LY_KEEP 24.0

/* Whether the current page is sparse (see LY_FILL). */
bool ly_sparse(const struct ly *ly);

/*
 * Start a section: on the current page, 'gap' points below what is on
 * it, when at least 'room' points remain there; else on a new page.  The
 * first page (the cover) always ends.  Returns whether the page broke.
 */
bool ly_section_start(struct ly *ly, double room, double gap);

/*
 * Start a part that opens a new page (an indicator): break the page,
 * unless 'join' and the page is sparse, when the part continues on it
 * 'gap' points lower.  Returns whether the page broke.
 */
bool ly_part_start(struct ly *ly, bool join, double gap);

/*
 * A heading 'before' points below what precedes it (none at the top of a
 * page), then 'after' points of space.  It is drawn with what follows it:
 * the next ly_need(), paragraph (its first two lines) or table (its
 * header and a row) goes on the same page as the heading, so a heading is
 * never a page's last line.  Drawing without one of those after a
 * heading draws over it.
 */
void ly_heading(struct ly *ly, enum ly_style style, const char *text,
                struct ly_rgb rgb, double before, double after);

/* Longest run of a word that pango measures at once (see ly_text). */
#define LY_RUN_CHARS 32

/*
 * A layout of 'text' in 'style', 'width' points wide, wrapped at words (and
 * inside over-long words, without a hyphen; pango measures such a word
 * LY_RUN_CHARS characters at a time, so text of any length lays out in
 * linear time).  With 'markup', 'text' is pango markup (build it with
 * g_markup_printf_escaped).  'max_lines' > 0 ellipsises after that many
 * lines.  The caller unrefs it.
 */
PangoLayout *ly_text(struct ly *ly, enum ly_style style, const char *text,
                     bool markup, double width, int max_lines);

/*
 * Text that always renders (issue 21, point 6).  ly_text() writes every
 * character the shipped fonts cannot draw, and every character
 * dsr_printable() escapes (controls, bidirectional controls), as its
 * code (dsr_cp_code(): "\u4E2D", "\u202E", the notation check prints),
 * so the PDF never shows a hex box or a blank, and text cannot reorder
 * itself.  Line breaks and tabs are kept.
 */
/* Whether 'cp' is drawn as itself. */
bool ly_drawable_cp(const struct ly *ly, unsigned cp);
/* A copy of 'text' as ly_text() draws it (g_free() it). */
char *ly_drawable(const struct ly *ly, const char *text);

/* Height of a layout in points. */
double ly_height(PangoLayout *l);

/* Draw 'l' with its top-left corner at x, y in 'rgb'. */
void ly_draw(struct ly *ly, PangoLayout *l, double x, double y,
             struct ly_rgb rgb);

/*
 * A paragraph at the current position, 'indent' points from the left,
 * continuing on the next page line by line when it does not fit; then
 * 'after' points of space.
 */
void ly_para(struct ly *ly, enum ly_style style, const char *text,
             bool markup, double indent, struct ly_rgb rgb, double after);

void ly_set_color(cairo_t *cr, struct ly_rgb rgb);
void ly_rect(cairo_t *cr, double x, double y, double w, double h,
             struct ly_rgb fill);

/*
 * Strokes to fill in by hand (the verification sheet): the outline of a
 * box, and a horizontal rule from x0 to x1, 'line_width' points wide.
 */
void ly_stroke_rect(cairo_t *cr, double x, double y, double w, double h,
                    double line_width, struct ly_rgb rgb);
void ly_hline(cairo_t *cr, double x0, double x1, double y, double line_width,
              struct ly_rgb rgb);

/*
 * The most lines a table cell has when its table sets no limit: a row of
 * them (about 480 points in LY_BODY) still fits on a page, so no row
 * runs off one.
 */
#define LY_CELL_LINES 40

/* A table column: its width in points and how its cells are set. */
struct ly_col {
    double width;
    enum ly_style style;
    PangoAlignment align;
    bool markup;
};

struct ly_table {
    const struct ly_col *cols;
    size_t ncols;
    const char *const *head;    /* header cells; NULL: no header */
    struct ly_rgb head_bg;
    double x;
    int max_lines;              /* per cell; 0: LY_CELL_LINES */
    size_t rows;                /* rows drawn, for the shading */
};

/* The table's header, after a page break if it would be left alone. */
void ly_table_begin(struct ly *ly, struct ly_table *t);

/*
 * One row.  A row that does not fit goes on the next page, after the
 * header again.  'link' (cairo tag attributes such as "page=3 pos=[0 0]")
 * makes the whole row a link; 'bg' NULL shades every other row.  Returns
 * the row's top on its page.
 */
double ly_table_row(struct ly *ly, struct ly_table *t,
                    const char *const *cells, const char *link,
                    const struct ly_rgb *bg);

/* The height ly_table_row() would give a row of 'cells', drawing nothing
 * (to keep a block of rows together with ly_need()). */
double ly_table_row_height(struct ly *ly, const struct ly_table *t,
                           const char *const *cells);

/*
 * Mark the current position as the named destination 'name' (letters,
 * digits and '-' only), for links written "dest='name'".  cairo 1.16
 * resolves only named destinations in links, not "page=".
 */
void ly_anchor(struct ly *ly, const char *name);

/*
 * r22-pdfa: the structure (tagged PDF, for PDF/A and screen readers).
 * ly_struct_begin() opens the standard structure element 'type' ("P",
 * "Figure", ...) around what is drawn until ly_struct_end() with the same
 * type; both nest, and both do nothing outside the final pass.  The flow
 * tags on its own: headings H1-H3 by their style, ly_para() as P, tables
 * as Table, TR, TH and TD.  Reading order is drawing order.
 */
void ly_struct_begin(struct ly *ly, const char *type);
void ly_struct_end(struct ly *ly, const char *type);

/* Cairo tag attributes for an outline entry to 'page' at height 'y'. */
void ly_dest(char *out, size_t size, int page, double y);

/*
 * A copy of 's' that cairo writes as a PDF text string (metadata, an
 * outline title): what dsr_printable() escapes (controls, bidirectional
 * controls) and every Unicode noncharacter (U+FDD0 to U+FDEF, U+xFFFE,
 * U+xFFFF) as its code, "\uFDD0".  cairo 1.16 refuses the whole
 * document (CAIRO_STATUS_INVALID_STRING) for a noncharacter there,
 * though XML and the manifest accept most of them.  The caller free()s
 * it; NULL when out of memory.
 */
char *ly_pdf_string(const char *s);

/* cairo_pdf_surface_set_metadata() with 'value' made safe as above. */
void ly_set_metadata(cairo_surface_t *surface, cairo_pdf_metadata_t what,
                     const char *value);

#endif
