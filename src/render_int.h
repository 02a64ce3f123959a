/*
 * render_int.h -- what the render*.c files that lay out the dossier PDF
 * share (private to the core): the state of one render, the colours, and
 * the helpers every part of the document uses.
 */
#ifndef DOSSIER_RENDER_INT_H
#define DOSSIER_RENDER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

#include "dossier/catalog.h"
#include "dossier/check.h"
#include "dossier/render.h"
#include "dossier/score.h"

#include "layout.h"

struct th_preview;

/* Previews: boxes in the PDF, in points, and their pixels (2 per point). */
#define THUMB_W 74.0
#define THUMB_H 104.0
#define THUMB_COLS 6
#define THUMB_PX 2

/*
 * The palette.  Static, so each file that includes this has its own copy
 * of the few it uses and no colour is an external symbol.
 */
static const struct ly_rgb ink = {0.10, 0.10, 0.12};
static const struct ly_rgb muted = {0.38, 0.40, 0.45};
static const struct ly_rgb navy = {0.08, 0.22, 0.38};
static const struct ly_rgb rule = {0.80, 0.82, 0.85};
static const struct ly_rgb pale = {0.94, 0.95, 0.97};
static const struct ly_rgb white = {1, 1, 1};
/*
 * The colours that tell things apart keep doing so printed in black and
 * white (issue 21, point 7; r21-layout): their Rec. 709 lumas (0.2126 R
 * + 0.7152 G + 0.0722 B) differ by at least 0.15 between severities, and
 * by at least 0.085 between any two groups, 0.18 between the first four
 * (the domains of a framework that has them), and 0.08 from 'rule' (a
 * level not filled in the chart).  tests/test_render_layout.c holds them
 * to it.
 */
static const struct ly_rgb sev_color[3] = {
    {0.597, 0.105, 0.105}, /* error, luma 0.21 */
    {0.934, 0.461, 0.024}, /* warning, 0.53 */
    {0.196, 0.400, 0.588}, /* note, 0.37 */
};
/* domains (or aspects, in frameworks without domains) */
static const struct ly_rgb group_color[8] = {
    {0.032, 0.108, 0.222}, /* dark blue, luma 0.10 */
    {0.925, 0.486, 0.080}, /* orange, 0.55 */
    {0.133, 0.459, 0.185}, /* green, 0.37 */
    {0.841, 0.764, 0.068}, /* yellow, 0.73 */
    {0.296, 0.140, 0.370}, /* purple, 0.19 */
    {0.673, 0.168, 0.229}, /* red, 0.28 */
    {0.098, 0.558, 0.558}, /* teal, 0.46 */
    {0.503, 0.663, 0.811}, /* light blue, 0.64 */
};

/* ---- r21-nav: the table of contents --------------------------------- */

/* Sections the table of contents lists at most (the dossier has ten). */
#define RD_TOC_MAX 64

/* The sections one pass laid out (rd_section()), in order. */
struct rd_toc {
    char *title[RD_TOC_MAX];    /* owned */
    int page[RD_TOC_MAX];
    size_t n;
    size_t ind_at;              /* sections before the indicators' */
    size_t self;                /* the table of contents' own entry */
};

/* One render of the dossier: its input, the score, and the page flow. */
struct rnd {
    const struct dsr_check_result *res;
    const struct dsr_manifest *m;
    const struct dsr_catalog *cat;
    const struct dsr_render_opts *opts;
    enum dsr_lang lang;
    const struct dsr_score *score;  /* the caller's, of res */
    struct ly ly;
    int total;                  /* pages, known in the final pass */
    size_t *file_base;          /* per manifest indicator: first checked file */
    struct th_preview *previews;/* per checked file */
    const char *running;        /* the running head of the current page */
    char running_buf[96];
    char date[64];              /* the document's date, for people */
    char iso_date[32];          /* and for the metadata */
    int outline_indicators;     /* outline parent of the indicators */
    /*
     * Per catalog indicator: the page its section starts on, set as the
     * section is laid out; the agenda, laid out before the sections, reads
     * the first pass's numbers in the final pass (both lay out alike).
     */
    int *ind_page;
    /* Layout rules (issue 21, point 7; r21-layout): the next section
     * starts a new page (see rd_section_alone). */
    bool break_next;
    /*
     * r21-nav: the sections this pass lays out, and those of the pass
     * before, which the table of contents (laid out first) prints.
     */
    struct rd_toc toc;
    struct rd_toc toc_prev;
    /* the running head from the next page on: a section that began
     * below the top of this one (rd_section_flow) */
    const char *running_next;
    /*
     * r22-pdfa: the alt text (the file's name) of each preview drawn as a
     * /Figure, in drawing order, for src/pdfa.c; NULL until the first
     */
    GPtrArray *figure_alt;
};

/* ---- helpers (render_util.c) ------------------------------------------- */

/* 't' in the document's language. */
const char *rd_text(const struct rnd *r, const struct dsr_text *t);

/* 'v' hundredths as a decimal number in the document's language. */
const char *rd_hundredths(const struct rnd *r, long v, char *buf, size_t size);

/* The colour of the domain (or aspect) the indicator 'def' belongs to. */
struct ly_rgb rd_group_rgb(const struct rnd *r, const struct dsr_indicator *def);

/* The manifest's answer for the catalog's indicator 'i'; NULL: none. */
const struct dsr_mindicator *rd_mind(const struct rnd *r, size_t i);
/*
 * Whether the run was told to stop (opts->cancel): the long loops leave the
 * rest undrawn, and the pass's caller sees the flag and publishes nothing.
 */
bool rd_stopped(const struct rnd *r);

/*
 * The check's result for evidence 'j' of 'mi', and in '*k' (when 'k' is
 * not NULL) its index in the check's files and the previews; NULL: none.
 */
const struct dsr_checked_file *rd_checked_file(const struct rnd *r,
                                               const struct dsr_mindicator *mi,
                                               size_t j, size_t *k);

/* The name of month 'month' (0: January), translated; "" out of range.
 * Shared with the request letters (requests_letter.c). */
const char *rd_month_name(int month);

/* The name of assessment stage 'stage', translated; "" when out of range. */
const char *rd_stage_label(int stage);

/* A heading, 'before' points below what precedes it on the page, kept
 * with what follows it (ly_heading). */
void rd_heading(struct rnd *r, enum ly_style style, const char *text,
                double before, double after);

/* Link attributes to the page of the catalog's indicator 'i'. */
void rd_ind_link(char *out, size_t size, size_t i);

/*
 * A bookmark under 'parent' to 'page' at height 'y', in the final pass
 * only.  Returns its id, for children; 0 in the first pass.
 */
int rd_outline(struct rnd *r, int parent, const char *title, int page,
               double y, bool open);

/*
 * The running head from here: 'title' names this page when the flow is
 * at its top, else the pages after it (a section that begins lower down
 * leaves the page to the one above).  'title' must outlive the page.
 */
void rd_running(struct rnd *r, const char *title);

/*
 * Start a section, with its bookmark, its named destination ("sec-N") and
 * its entry in the table of contents: on the current page when a third of
 * the text area is left on it, else on a new page (ly_section_start).
 */
void rd_section(struct rnd *r, const char *title);

/*
 * Start a section that stands on pages of its own (the interview agenda,
 * handed round on its own): on a new page, and the section after it on a
 * new page too.
 */
void rd_section_alone(struct rnd *r, const char *title);

/*
 * The same for a short section that may follow on the page: "Who answers
 * for what" and the visit plan.  It starts on the current page when
 * 'need' points (its heading and its first rows) fit below a gap, else
 * on a new page (issue 21: a two-row plan alone on a page).
 */
void rd_section_flow(struct rnd *r, const char *title, double need);

/* Header and footer of every page but the cover (a ly_page_fn). */
void rd_decorate(void *ctx, cairo_t *cr, int page);

/* The longest URL the dossier links to, in bytes (see rd_linkable). */
#define RD_URI_MAX 8192

/* A URL the dossier links to: http(s) with a host, no space or control. */
bool rd_linkable(const char *href);

/*
 * Cairo link attributes ("uri='...'") for 'href', percent-encoded so that
 * any linkable URL keeps the PDF valid; NULL when 'href' is not linkable.
 * The caller g_free()s it.
 */
char *rd_link_attrs(const char *href);

/* ---- r21-summary: the indices side by side ------------------------------ */

/* The name of stage 'stage' as a title ("Self-assessment"), and in one
 * short word for a table column ("Self"), translated; "" out of range. */
const char *rd_stage_title(int stage);
const char *rd_stage_short(int stage);

/*
 * The change of an indicator since last year, as the summary prints it:
 * 'now' and 'prev' in ten-thousandths (-1: not known).  "+1" or
 * "\u22121" when both are whole levels, "+0,70" or "\u22120,20" (two
 * decimals at least, in 'lang') when either is not, "=" when equal, and
 * "\u2013" when either is not known.  Returns 'buf'.
 */
const char *rd_change_text(long now, long prev, enum dsr_lang lang, char *buf,
                           size_t size);

/*
 * Last year's value of the indicator 'id' in ten-thousandths, from the
 * first <previous><indicator/> of 'm' with that id: its value, else its
 * level x 10000; -1 when not given.
 */
long rd_prev_value(const struct dsr_manifest *m, const char *id);

/*
 * A link's secret as printed: between quotes with render --include-secrets,
 * else the notice that it is given separately.  Only for a link that has
 * one.  The caller g_free()s it.
 */
char *rd_secret_text(const struct rnd *r, const struct dsr_link *lk);

/*
 * A link's address as printed and linked: without the password of
 * scheme://user:password@host unless render --include-secrets.  The
 * caller g_free()s it.
 */
char *rd_href(const struct rnd *r, const struct dsr_link *lk);

/* A link's account, and under it rd_secret_text() when it has a secret;
 * "–" when it has neither.  The caller g_free()s it. */
char *rd_credentials(const struct rnd *r, const struct dsr_link *lk);

/* ---- the parts of the document, in order ------------------------------- */

/* ---- r21-nav: contents and page references (render.c) --------------- */

/* The printed table of contents, right after the cover. */
void rd_toc(struct rnd *r);

/* Record the section 'title' starting here (rd_section's part). */
void rd_toc_note(struct rnd *r, const char *title);

/* Forget the sections of both passes. */
void rd_toc_release(struct rnd *r);

/*
 * A page reference, "hal. 12" / "p. 12", to 'page' (0 in a first pass,
 * which does not know the pages yet: the same one line).
 */
void rd_page_ref(int page, char *out, size_t size);

/* The catalog index of the indicator 'id'; (size_t)-1: none. */
size_t rd_ind_index(const struct rnd *r, const char *id);

/* A link over the box x, y, w, h of the page ('attrs': "dest='...'"). */
void rd_link_box(struct rnd *r, double x, double y, double w, double h,
                 const char *attrs);

/* render_summary.c */
void rd_cover(struct rnd *r);
void rd_summary(struct rnd *r);

/* render_agenda.c: the interview agenda, right after the summary */
void rd_agenda(struct rnd *r);

/* One disputed point of the agenda. */
struct rd_point {
    size_t ind;                     /* catalog indicator */
    const struct dsr_item *item;    /* NULL: the indicator's level */
    const struct dsr_verdict *verdict;  /* the counted revisi, or NULL */
    int claim;                      /* self-assessment level; 0: none */
    bool lowered;                   /* a later stage counts a lower level */
    char unsupported[24];           /* "2, 3": claimed, without evidence */
    /* what resolving it adds: (value x weight), as the item plan's gain */
    unsigned long long gain;
};

/*
 * Every disputed point of 'res' (no errors) and its 'score', in the
 * agenda's order (largest gain first, then catalog order of indicator,
 * the indicator's own point before its items); '*n' of them, at most
 * one per catalog indicator and item.  The caller g_free()s it.
 */
struct rd_point *rd_agenda_points(const struct dsr_check_result *res,
                                  const struct dsr_score *score, size_t *n);

/* render_owners.c */
void rd_owners_section(struct rnd *r);
void rd_visit_section(struct rnd *r);

/* render_indicator.c: one section per indicator */
void rd_indicators(struct rnd *r);

/*
 * render_sheet.c (issue 21 point 3): the verification sheet of the
 * catalog's indicator 'i' at the current position, or at the top of the
 * next page when it does not fit there (never split); then what did not
 * fit in it.  The section (render_indicator.c) calls it while still on
 * its heading's page.  Every
 * sheet of a render is rd_sheet_height() points high; where it went is
 * put in '*at' (may be NULL).
 */
struct rd_sheet_place {
    int page;                   /* the sheet's */
    double top, bottom;
    int more_ref;               /* the page it names for the rest; 0: none */
    int more_page;              /* where the rest starts; 0: none */
};
void rd_sheet(struct rnd *r, size_t i, struct rd_sheet_place *at);
double rd_sheet_height(struct rnd *r);
/* The three levels whose criteria the sheet of indicator 'i' gives. */
void rd_sheet_levels(const struct rnd *r, size_t i, int levels[3]);

/* render_appendix.c */
void rd_appendix_findings(struct rnd *r);
void rd_appendix_checksums(struct rnd *r);
void rd_signoff(struct rnd *r);

#endif
