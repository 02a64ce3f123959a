/*
 * layout.c -- page flow for the dossier PDF: fonts from the project's own
 * directory, paragraphs and tables laid out by pango across A4 pages.
 */
#include "layout.h"

#include "dossier/error.h"
#include "dossier/format.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL_PAD 3.0
/* What a table header keeps below it: a row of two lines. */
#define TABLE_KEEP 30.0

/*
 * The sizes (issue 21, point 7): body text, table cells included, at
 * least 9 points; labels (captions, table headers, chart labels, the
 * running head and footer, checksums) at least 7.5.  tests/e2e/
 * pdf_layout.py holds the PDF to it.
 */
static const char *const style_font[LY_STYLE_COUNT] = {
    [LY_BODY] = "Liberation Sans 9.5",
    [LY_SMALL] = "Liberation Sans 9",
    [LY_TINY] = "Liberation Sans 7.5",
    [LY_MONO] = "Liberation Mono 7.5",
    [LY_H1] = "Liberation Sans Bold 17",
    [LY_H2] = "Liberation Sans Bold 12.5",
    [LY_H3] = "Liberation Sans Bold 10",
    [LY_TITLE] = "Liberation Sans Bold 26",
};

/* The fonts shipped in fonts/, the only ones the dossier uses. */
static const char *const font_files[] = {
    "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
    "LiberationSans-Italic.ttf",  "LiberationSans-BoldItalic.ttf",
    "LiberationMono-Regular.ttf",
    /* Arabic script, which the Liberation fonts lack (issue 21, point 6) */
    "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf",
};

/*
 * The characters the shipped fonts draw, all fonts together: pango falls
 * back from a style's font to any other font of the configuration, and
 * the configuration holds only the shipped fonts.  NULL when out of
 * memory.
 */
static FcCharSet *
coverage_new(FcConfig *config)
{
    FcFontSet *set = FcConfigGetFonts(config, FcSetApplication);
    FcCharSet *all = FcCharSetCreate();

    if (!all || !set)
        return all;
    for (int i = 0; i < set->nfont; i++) {
        FcCharSet *cs = NULL;

        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch &&
            !FcCharSetMerge(all, cs, NULL)) {
            FcCharSetDestroy(all);
            return NULL;
        }
    }
    return all;
}

/*
 * The font maps, one per fonts folder, made once and kept for the life
 * of the process.  pango 1.50 (Debian 12) works around every font map
 * on threads of its own, and they outlive it: one calls FcInit() while
 * this thread builds its FcConfig, others match fonts and, when they
 * end, remove their result from the font map's table, even after the
 * font map was freed.  A render that made and freed a font map for each
 * layout pass corrupted the heap now and then on a busy machine ("double
 * free" and "corrupted size vs. prev_size" in unit_pack, from a
 * "[pango] FcFontSetMatch" thread; ThreadSanitizer shows both races).
 * So fontconfig's own configuration is loaded here first (pango's
 * FcInit() then returns at once), and no font map is ever freed.
 * Renders in one process take turns on them (fm_lock is held from
 * ly_open() to ly_close()).
 */
struct font_map_entry {
    char *dir;
    PangoFontMap *map;
    FcCharSet *coverage;        /* what its fonts draw */
};

/* recursive: a thread that opened one flow may open another */
static pthread_mutex_t fm_lock;
static pthread_once_t fm_once = PTHREAD_ONCE_INIT;
static struct font_map_entry *fm_entries;
static size_t fm_count;

static PangoFontMap *
font_map_new(const char *dir, FcCharSet **coverage, struct dsr_error *err)
{
    FcConfig *config;
    PangoFontMap *map;

    if (!FcInit()) {
        dsr_error_set(err, DSR_RENDER, NULL, 0,
                      "cannot load the font configuration (fontconfig)");
        return NULL;
    }
    config = FcConfigCreate();

    if (!config) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "cannot create a font configuration");
        return NULL;
    }
    /*
     * File by file: adding the directory would make fontconfig try to
     * write a cache for it, and complain on stderr that it cannot.
     */
    for (size_t i = 0; i < sizeof(font_files) / sizeof(*font_files); i++) {
        char path[4096];

        snprintf(path, sizeof(path), "%s/%s", dir, font_files[i]);
        if (!FcConfigAppFontAddFile(config, (const FcChar8 *)path)) {
            FcConfigDestroy(config);
            dsr_error_set(err, DSR_RENDER, path, 0,
                          "cannot load this font; the installation is incomplete");
            return NULL;
        }
    }
    *coverage = coverage_new(config);
    if (!*coverage) {
        FcConfigDestroy(config);
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "cannot list the fonts' characters");
        return NULL;
    }
    map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!map) {
        FcConfigDestroy(config);
        FcCharSetDestroy(*coverage);
        *coverage = NULL;
        dsr_error_set(err, DSR_RENDER, NULL, 0, "cannot create a pango font map");
        return NULL;
    }
    /* the font map keeps its own reference */
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), config);
    FcConfigDestroy(config);
    return map;
}


static void
fm_lock_init(void)
{
    pthread_mutexattr_t a;

    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&fm_lock, &a);
    pthread_mutexattr_destroy(&a);
}

/* The font map of 'dir' and its coverage, made on first use; fm_lock held. */
static PangoFontMap *
font_map_get(const char *dir, FcCharSet **coverage, struct dsr_error *err)
{
    struct font_map_entry *grown, *e;

    for (size_t i = 0; i < fm_count; i++)
        if (strcmp(fm_entries[i].dir, dir) == 0) {
            *coverage = fm_entries[i].coverage;
            return fm_entries[i].map;
        }
    grown = realloc(fm_entries, (fm_count + 1) * sizeof(*fm_entries));
    if (!grown) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    fm_entries = grown;
    e = &fm_entries[fm_count];
    e->dir = strdup(dir);
    if (!e->dir) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    e->map = font_map_new(dir, &e->coverage, err);
    if (!e->map) {
        free(e->dir);
        return NULL;
    }
    fm_count++;
    *coverage = e->coverage;
    return e->map;
}

int
ly_open(struct ly *ly, cairo_surface_t *surface, const char *fonts_dir,
        bool final, struct dsr_error *err)
{
    cairo_font_options_t *fo;

    memset(ly, 0, sizeof(*ly));
    ly->surface = surface;
    ly->final = final;
    pthread_once(&fm_once, fm_lock_init);
    pthread_mutex_lock(&fm_lock);
    ly->fontmap = font_map_get(fonts_dir, &ly->coverage, err);
    if (!ly->fontmap) {
        pthread_mutex_unlock(&fm_lock);
        return -1;
    }
    ly->locked = true;
    ly->cr = cairo_create(surface);
    ly->pango = pango_font_map_create_context(ly->fontmap);
    /* the same glyph positions on every machine and in both passes */
    fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ly->pango, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(ly->pango, 72.0);
    pango_context_set_round_glyph_positions(ly->pango, FALSE);
    /*
     * The document reads left to right whatever its text: a cell that
     * starts with Arabic keeps its alignment (see ly_text).
     */
    pango_context_set_base_dir(ly->pango, PANGO_DIRECTION_LTR);
    pango_cairo_update_context(ly->cr, ly->pango);
    for (int i = 0; i < LY_STYLE_COUNT; i++) {
        PangoLayout *l = pango_layout_new(ly->pango);
        PangoRectangle logical;

        ly->font[i] = pango_font_description_from_string(style_font[i]);
        pango_layout_set_font_description(l, ly->font[i]);
        pango_layout_set_text(l, "Hg", -1);
        pango_layout_get_extents(l, NULL, &logical);
        ly->line_h[i] = logical.height;
        g_object_unref(l);
    }
    ly->page = 1;
    ly->y = LY_TOP;
    /*
     * cairo 1.16 writes a broken cross-reference table for documents with
     * links but no structure; a Document element around everything gives
     * it its structure tree.
     */
    cairo_tag_begin(ly->cr, "Document", NULL);
    if (cairo_status(ly->cr) != CAIRO_STATUS_SUCCESS) {
        dsr_error_set(err, DSR_RENDER, NULL, 0, "cairo: %s",
                      cairo_status_to_string(cairo_status(ly->cr)));
        ly_close(ly);
        return -1;
    }
    return 0;
}

static void flush_heading(struct ly *ly, double next);
static void table_close(struct ly *ly);

cairo_status_t
ly_close(struct ly *ly)
{
    cairo_status_t st = CAIRO_STATUS_SUCCESS;

    if (ly->cr && ly->page > 0)
        flush_heading(ly, 0);
    if (ly->cr && ly->page > 0)
        table_close(ly);
    if (ly->heading)
        g_object_unref(ly->heading);
    ly->heading = NULL;

    if (ly->cr && ly->page > 0) {
        if (ly->decorate)
            ly->decorate(ly->decorate_ctx, ly->cr, ly->page);
        cairo_show_page(ly->cr);
        cairo_tag_end(ly->cr, "Document");
    }
    if (ly->cr)
        st = cairo_status(ly->cr);
    for (int i = 0; i < LY_STYLE_COUNT; i++) {
        if (ly->font[i])
            pango_font_description_free(ly->font[i]);
        ly->font[i] = NULL;
    }
    if (ly->pango)
        g_object_unref(ly->pango);
    /* the font map and its coverage stay in font_map_get()'s list */
    ly->coverage = NULL;
    if (ly->cr)
        cairo_destroy(ly->cr);
    ly->pango = NULL;
    ly->fontmap = NULL;
    ly->cr = NULL;
    if (ly->locked)
        pthread_mutex_unlock(&fm_lock);
    ly->locked = false;
    return st;
}

void
ly_page_break(struct ly *ly)
{
    if (ly->decorate)
        ly->decorate(ly->decorate_ctx, ly->cr, ly->page);
    cairo_show_page(ly->cr);
    ly->page++;
    ly->y = LY_TOP;
}

/* The height a pending heading takes, with its space before and after. */
static double
heading_height(const struct ly *ly)
{
    if (!ly->heading)
        return 0;
    return (ly->y > LY_TOP ? ly->heading_before : 0) + ly_height(ly->heading) +
           ly->heading_after;
}

static bool
table_part(const char *type)
{
    return strcmp(type, "Table") == 0 || strcmp(type, "TR") == 0 ||
           strcmp(type, "TH") == 0 || strcmp(type, "TD") == 0;
}

void
ly_struct_begin(struct ly *ly, const char *type)
{
    if (!table_part(type))
        table_close(ly);
    if (ly->final)
        cairo_tag_begin(ly->cr, type, NULL);
}

void
ly_struct_end(struct ly *ly, const char *type)
{
    if (ly->final)
        cairo_tag_end(ly->cr, type);
}

/* The open Table element ends where something else is drawn. */
static void
table_close(struct ly *ly)
{
    if (!ly->open_table)
        return;
    ly->open_table = NULL;
    ly_struct_end(ly, "Table");
}

static void
table_open(struct ly *ly, const struct ly_table *t)
{
    if (ly->open_table == t)
        return;
    table_close(ly);
    ly->open_table = t;
    ly_struct_begin(ly, "Table");
}

static const char *
heading_type(enum ly_style style)
{
    switch (style) {
    case LY_H1: case LY_TITLE: return "H1";
    case LY_H2: return "H2";
    case LY_H3: return "H3";
    default: return "P";
    }
}

double
ly_room(const struct ly *ly)
{
    return LY_BOTTOM - ly->y - heading_height(ly);
}

/*
 * Draw the pending heading, on a new page when 'next' points (the start
 * of what follows it) do not fit below it on this one.
 */
static void
flush_heading(struct ly *ly, double next)
{
    PangoLayout *l = ly->heading;

    if (!l)
        return;
    if (ly->y + heading_height(ly) + next > LY_BOTTOM && ly->y > LY_TOP)
        ly_page_break(ly);
    ly->heading = NULL;
    if (ly->y > LY_TOP)
        ly->y += ly->heading_before;
    ly_struct_begin(ly, heading_type(ly->heading_style));
    ly_draw(ly, l, LY_LEFT, ly->y, ly->heading_rgb);
    ly_struct_end(ly, heading_type(ly->heading_style));
    ly->y += ly_height(l) + ly->heading_after;
    g_object_unref(l);
}

void
ly_need(struct ly *ly, double h)
{
    flush_heading(ly, h);
    /* a page that is still empty keeps what does not fit anywhere */
    if (ly->y + h > LY_BOTTOM && ly->y > LY_TOP)
        ly_page_break(ly);
}

void
ly_heading(struct ly *ly, enum ly_style style, const char *text,
           struct ly_rgb rgb, double before, double after)
{
    PangoLayout *l = ly_text(ly, style, text, false, LY_WIDTH, 0);

    /* a heading right under a heading: both go with what follows */
    if (ly->heading)
        flush_heading(ly, (ly->y > LY_TOP ? before : 0) + ly_height(l) + after +
                              LY_KEEP);
    ly->heading = l;
    ly->heading_style = style;
    ly->heading_rgb = rgb;
    ly->heading_before = before;
    ly->heading_after = after;
}

bool
ly_sparse(const struct ly *ly)
{
    return ly->y - LY_TOP < LY_FILL;
}

bool
ly_section_start(struct ly *ly, double room, double gap)
{
    flush_heading(ly, 0);
    if (ly->page == 1 || (ly->y > LY_TOP && ly_room(ly) < room + gap)) {
        ly_page_break(ly);
        return true;
    }
    if (ly->y > LY_TOP)
        ly->y += gap;
    return false;
}

bool
ly_part_start(struct ly *ly, bool join, double gap)
{
    flush_heading(ly, 0);
    if (join && ly->page > 1 && ly_sparse(ly)) {
        if (ly->y > LY_TOP)
            ly->y += gap;
        return false;
    }
    ly_page_break(ly);
    return true;
}

/*
 * pango 1.50 breaks a word longer than the line in time quadratic in the
 * word's length: for every line it measures the rest of the word again
 * (a 20,000-character word takes 0.3 s, four times that 5 s).  A new run
 * every LY_RUN_CHARS characters inside a word bounds what it measures:
 * each run is a separate item, and pango's char-wrap fallback then
 * breaks at most a run at a time, in linear time.  The runs carry a
 * letter spacing of 0, which changes nothing on the page, and they are
 * attributes, so the text (and what a reader copies from the PDF) stays
 * as written.  Only words longer than LY_RUN_CHARS get runs.
 */
static void
add_run(PangoAttrList **attrs, PangoAttrList *old, const char *text,
        const char *start, const char *end)
{
    PangoAttribute *a = pango_attr_letter_spacing_new(0);

    if (!*attrs)
        *attrs = old ? pango_attr_list_copy(old) : pango_attr_list_new();
    a->start_index = (guint)(start - text);
    a->end_index = (guint)(end - text);
    pango_attr_list_insert(*attrs, a);
}

static void
split_long_words(PangoLayout *l)
{
    const char *text = pango_layout_get_text(l);
    PangoAttrList *old = pango_layout_get_attributes(l);
    PangoAttrList *attrs = NULL;
    size_t in_word = 0;         /* characters since the last space */
    const char *run = NULL;     /* start of the open run, every other one */
    const char *p;

    for (p = text; *p; p = g_utf8_next_char(p)) {
        if (g_unichar_isspace(g_utf8_get_char(p))) {
            if (run)
                add_run(&attrs, old, text, run, p);
            run = NULL;
            in_word = 0;
            continue;
        }
        if (++in_word <= LY_RUN_CHARS || (in_word - 1) % LY_RUN_CHARS != 0)
            continue;
        /* 'p' starts the next run of this word */
        if (run) {
            add_run(&attrs, old, text, run, p);
            run = NULL;
        } else {
            run = p;
        }
    }
    if (run)
        add_run(&attrs, old, text, run, p);
    if (attrs) {
        /*
         * No hyphen where such a word breaks: in a URL, a file name or a
         * checksum it would read as part of the text.
         */
        pango_attr_list_insert_before(attrs, pango_attr_insert_hyphens_new(FALSE));
        pango_layout_set_attributes(l, attrs);
        pango_attr_list_unref(attrs);
    }
}

/*
 * What cairo 1.16 refuses in UTF-8 (its UNICODE_VALID): the noncharacters
 * U+FDD0 to U+FDEF and U+xFFFE, U+xFFFF.  XML and the manifest accept
 * all but U+FFFE and U+FFFF.  Text with one, drawn with pango (which
 * gives cairo the text with its glyphs), puts the cairo context in an
 * error state and every later drawing is dropped: a blank document
 * from the first such character on; as metadata or an outline title,
 * the whole PDF is refused.
 */
static bool
noncharacter(unsigned cp)
{
    return (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe;
}

/* Whether valid UTF-8 's' holds a noncharacter. */
static bool
has_noncharacter(const char *s)
{
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        if ((unsigned char)*p >= 0xef && noncharacter(g_utf8_get_char(p)))
            return true;
    return false;
}

/*
 * A copy of valid UTF-8 's' with each noncharacter written as its code,
 * "\uFDD0" as dsr_printable() writes U+FFFE; NULL when out of memory.
 */
static char *
escape_noncharacters(const char *s)
{
    size_t len = strlen(s);
    char *out;
    char *o;

    /* a noncharacter of 3 or 4 bytes becomes at most 8 ("\u10FFFF") */
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    out = malloc(len * 3 + 1);
    if (!out)
        return NULL;
    o = out;
    for (const char *p = s; *p;) {
        const char *next = g_utf8_next_char(p);
        unsigned cp = g_utf8_get_char(p);

        if (noncharacter(cp)) {
            o += dsr_cp_code(cp, o);
        } else {
            memcpy(o, p, (size_t)(next - p));
            o += next - p;
        }
        p = next;
    }
    *o = '\0';
    return out;
}

/* Whether 'p' starts a line break: CR, LF, U+2028 or U+2029. */
static size_t
line_break_len(const char *p)
{
    if (*p == '\r')
        return p[1] == '\n' ? 2 : 1;
    if (*p == '\n')
        return 1;
    if (strncmp(p, "\xe2\x80\xa8", 3) == 0 || strncmp(p, "\xe2\x80\xa9", 3) == 0)
        return 3;
    return 0;
}

/*
 * Set the text of a layout.  pango limits the lines of a layout per
 * paragraph, so text in a box of 'max_lines' lines would grow by a
 * paragraph for each line break it holds: a one-line header of a name
 * with line separators took five lines over the heading below it.  In
 * a box, every line break is one paragraph's line separator (U+2028),
 * so the limit holds for the whole text; on a single line, a space.
 */
static void
text_set(PangoLayout *l, const char *text, bool markup, int max_lines)
{
    GString *one = NULL;

    if (max_lines > 0) {
        for (const char *p = text; *p;) {
            size_t n = line_break_len(p);

            if (n && !one) {
                one = g_string_sized_new(strlen(text) + 16);
                g_string_append_len(one, text, p - text);
            }
            if (n) {
                g_string_append(one, max_lines == 1 ? " " : "\xe2\x80\xa8");
                p += n;
            } else {
                if (one)
                    g_string_append_c(one, *p);
                p++;
            }
        }
        if (one)
            text = one->str;
    }
    if (markup)
        pango_layout_set_markup(l, text, -1);
    else
        pango_layout_set_text(l, text, -1);
    if (one)
        g_string_free(one, TRUE);
}

/*
 * Text that always renders (issue 21, point 6).  pango draws a character
 * no font has as a hex box, which a reader cannot match to a file name,
 * and draws a bidirectional control as a control, which reorders what
 * follows it.  Such characters are written as their code instead, the
 * code check prints (dsr_cp_code()): the escapes of dsr_printable() and
 * "\u4E2D" for a character the shipped fonts lack.  Line breaks and
 * tabs stay what they are.
 */
static bool
kept_as_is(unsigned cp)
{
    return cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x2028 || cp == 0x2029;
}

bool
ly_drawable_cp(const struct ly *ly, unsigned cp)
{
    if (kept_as_is(cp))
        return true;
    if (dsr_cp_escaped(cp) || noncharacter(cp))
        return false;
    if (cp < 0x7f)
        return true;
    return ly->coverage && FcCharSetHasChar(ly->coverage, cp);
}

/* The fast path: printable ASCII, line breaks and tabs need no look-up. */
static bool
plain_ascii(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0x7f || (*p < 0x20 && !kept_as_is(*p)))
            return false;
    return true;
}

/*
 * A letter of a right-to-left script: Hebrew, Arabic, Syriac, Thaana,
 * N'Ko and the rest of U+0590 to U+08FF, their presentation forms, and
 * the right-to-left blocks of the supplementary planes.  Digits and
 * marks of those blocks are not letters, and not strong.
 */
static bool
strong_rtl(unsigned cp)
{
    bool block = (cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) ||
                 (cp >= 0xfe70 && cp <= 0xfefe) || (cp >= 0x10800 && cp <= 0x10fff) ||
                 (cp >= 0x1e800 && cp <= 0x1efff);

    return block && g_unichar_isalpha(cp);
}

/* Whether the character at 'cp' ends a right-to-left run. */
static bool
ends_rtl(const struct ly *ly, unsigned cp)
{
    return kept_as_is(cp) || !ly_drawable_cp(ly, cp) ||
           (!strong_rtl(cp) && g_unichar_isalpha(cp));
}

/*
 * Right-to-left runs of 's' (valid UTF-8, 'len' bytes): from a
 * right-to-left letter to the last one before a left-to-right letter, a
 * line break or an escaped character; pairs of byte offsets [start, end)
 * into 'runs'.  Returns whether there is one.
 */
static bool
rtl_runs(const struct ly *ly, const char *s, size_t len, GArray *runs)
{
    size_t open = (size_t)-1;
    size_t last_end = 0;

    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = dsr_utf8_next((const unsigned char *)s + i, len - i, &cp);

        if (n == 0 || ends_rtl(ly, cp)) {
            if (open != (size_t)-1) {
                g_array_append_val(runs, open);
                g_array_append_val(runs, last_end);
            }
            open = (size_t)-1;
            i += n ? n : 1;
            continue;
        }
        if (strong_rtl(cp)) {
            if (open == (size_t)-1)
                open = i;
            last_end = i + n;
        }
        i += n;
    }
    if (open != (size_t)-1) {
        g_array_append_val(runs, open);
        g_array_append_val(runs, last_end);
    }
    return runs->len > 0;
}

#define RLI "\xe2\x81\xa7"      /* U+2067 RIGHT-TO-LEFT ISOLATE */
#define PDI "\xe2\x81\xa9"      /* U+2069 POP DIRECTIONAL ISOLATE */

/*
 * 's' with every character ly_drawable_cp() refuses written as its code
 * and every byte that is not UTF-8 as "\xNN"; with 'isolate', every
 * right-to-left run (rtl_runs()) between RLI and PDI, so that digits
 * and punctuation after it ("<name>: 1 indicator") stay outside it, in
 * the document's order.  NULL when nothing changes.  With 'map',
 * (*map)[i] is where byte i of 's' went, for i up to its length (the
 * caller g_free()s it).
 */
static GString *
escaped(const struct ly *ly, const char *s, bool isolate, bool *rtl, guint **map)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    size_t i = 0;
    size_t r = 0;
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(size_t));
    GString *out;

    while (i < len) {
        unsigned cp;
        size_t n = dsr_utf8_next(p + i, len - i, &cp);

        if (n == 0 || !ly_drawable_cp(ly, cp))
            break;
        i += n;
    }
    if (isolate && rtl_runs(ly, s, len, runs) && rtl)
        *rtl = true;
    if (runs->len == 0 && i == len) {
        g_array_free(runs, TRUE);
        return NULL;
    }
    out = g_string_sized_new(len + 16);
    if (map)
        *map = g_new(guint, len + 1);
    for (i = 0; i < len;) {
        char code[DSR_CP_CODE_SIZE];
        unsigned cp;
        size_t n = dsr_utf8_next(p + i, len - i, &cp);

        if (r < runs->len && g_array_index(runs, size_t, r) == i)
            g_string_append(out, RLI);
        if (map)
            for (size_t k = 0; k < (n ? n : 1); k++)
                (*map)[i + k] = (guint)out->len;
        if (n == 0) {
            g_string_append_printf(out, "\\x%02X", p[i]);
            n = 1;
        } else if (ly_drawable_cp(ly, cp)) {
            g_string_append_len(out, s + i, (gssize)n);
        } else {
            g_string_append_len(out, code, (gssize)dsr_cp_code(cp, code));
        }
        i += n;
        if (r < runs->len && g_array_index(runs, size_t, r + 1) == i) {
            g_string_append(out, PDI);
            r += 2;
        }
    }
    if (map)
        (*map)[len] = (guint)out->len;
    g_array_free(runs, TRUE);
    return out;
}

char *
ly_drawable(const struct ly *ly, const char *text)
{
    GString *out = plain_ascii(text) ? NULL : escaped(ly, text, false, NULL, NULL);

    return out ? g_string_free(out, FALSE) : g_strdup(text);
}

/*
 * Escape in a layout's text (after its markup is parsed, so a character
 * written as an entity is caught too) what ly_drawable_cp() refuses,
 * isolate its right-to-left runs, and move the attributes with the text
 * they cover.  Returns whether the text has a right-to-left run.
 */
static bool
escape_layout(const struct ly *ly, PangoLayout *l)
{
    const char *text = pango_layout_get_text(l);
    size_t len = strlen(text);
    PangoAttrList *old = pango_layout_get_attributes(l);
    PangoAttrList *attrs = NULL;
    guint *map = NULL;
    bool rtl = false;
    GString *out;

    if (plain_ascii(text))
        return false;
    out = escaped(ly, text, true, &rtl, old ? &map : NULL);
    if (!out)
        return false;
    attrs = pango_attr_list_new();
    if (old) {
        GSList *all = pango_attr_list_get_attributes(old);

        for (GSList *a = all; a; a = a->next) {
            PangoAttribute *at = a->data;

            /* the open ends (0, G_MAXUINT) stay open */
            if (at->start_index <= len)
                at->start_index = map[at->start_index];
            if (at->end_index <= len)
                at->end_index = map[at->end_index];
            pango_attr_list_insert(attrs, at);
        }
        g_slist_free(all);
        g_free(map);
    }
    pango_layout_set_text(l, out->str, (int)out->len);
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    g_string_free(out, TRUE);
    return rtl;
}

PangoLayout *
ly_text(struct ly *ly, enum ly_style style, const char *text, bool markup,
        double width, int max_lines)
{
    PangoLayout *l = pango_layout_new(ly->pango);

    pango_layout_set_font_description(l, ly->font[style]);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    if (max_lines > 0) {
        pango_layout_set_height(l, -max_lines);
        pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    }
    if (has_noncharacter(text)) {
        char *safe = escape_noncharacters(text);

        text_set(l, safe ? safe : "", markup, max_lines);
        free(safe);
    } else {
        text_set(l, text, markup, max_lines);
    }
    /*
     * A box of 'max_lines' lines keeps the height of that many lines of
     * Liberation Sans: Noto Naskh Arabic's lines are half as tall again,
     * so right-to-left text in it gets fewer lines (the last one
     * ellipsised) rather than outgrowing the box (a cover title, a
     * table header).  pango estimates what fits from the Latin font's
     * metrics, so the box can be a few percent taller; at least one
     * line is always shown.
     */
    if (escape_layout(ly, l) && max_lines > 0)
        pango_layout_set_height(l, max_lines * ly->line_h[style] + PANGO_SCALE / 16);
    /*
     * Right-to-left text does not turn its cell around: the paragraph
     * is left to right (the context's base direction) whatever its first
     * letter, and an Arabic run inside it, isolated, reads right to left.
     */
    pango_layout_set_auto_dir(l, FALSE);
    split_long_words(l);
    return l;
}

double
ly_height(PangoLayout *l)
{
    PangoRectangle logical;

    pango_layout_get_extents(l, NULL, &logical);
    return (double)logical.height / PANGO_SCALE;
}

void
ly_set_color(cairo_t *cr, struct ly_rgb rgb)
{
    cairo_set_source_rgb(cr, rgb.r, rgb.g, rgb.b);
}

void
ly_rect(cairo_t *cr, double x, double y, double w, double h, struct ly_rgb fill)
{
    ly_set_color(cr, fill);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

void
ly_draw(struct ly *ly, PangoLayout *l, double x, double y, struct ly_rgb rgb)
{
    ly_set_color(ly->cr, rgb);
    cairo_move_to(ly->cr, x, y);
    pango_cairo_show_layout(ly->cr, l);
}

void
ly_para(struct ly *ly, enum ly_style style, const char *text, bool markup,
        double indent, struct ly_rgb rgb, double after)
{
    PangoLayout *l = ly_text(ly, style, text, markup, LY_WIDTH - indent, 0);
    PangoLayoutIter *it;

    if (ly->heading) {
        /* the heading keeps the paragraph's first two lines */
        PangoLayoutIter *first = pango_layout_get_iter(l);
        double keep = 0;
        int n = 0;

        do {
            PangoRectangle line;

            pango_layout_iter_get_line_extents(first, NULL, &line);
            keep += (double)line.height / PANGO_SCALE;
        } while (++n < 2 && pango_layout_iter_next_line(first));
        pango_layout_iter_free(first);
        flush_heading(ly, keep);
    }
    it = pango_layout_get_iter(l);
    ly_set_color(ly->cr, rgb);
    ly_struct_begin(ly, heading_type(style));
    do {
        PangoRectangle line;
        double h, baseline;

        pango_layout_iter_get_line_extents(it, NULL, &line);
        h = (double)line.height / PANGO_SCALE;
        baseline = (double)(pango_layout_iter_get_baseline(it) - line.y) /
                   PANGO_SCALE;
        ly_need(ly, h);
        cairo_move_to(ly->cr, LY_LEFT + indent + (double)line.x / PANGO_SCALE,
                      ly->y + baseline);
        pango_cairo_show_layout_line(ly->cr, pango_layout_iter_get_line_readonly(it));
        ly->y += h;
    } while (pango_layout_iter_next_line(it));
    ly_struct_end(ly, heading_type(style));
    pango_layout_iter_free(it);
    g_object_unref(l);
    ly->y += after;
}

static double
row_height(PangoLayout **cells, size_t n)
{
    double h = 0;

    for (size_t i = 0; i < n; i++) {
        double c = ly_height(cells[i]);

        if (c > h)
            h = c;
    }
    return h + 2 * CELL_PAD;
}

static double
table_width(const struct ly_table *t)
{
    double w = 0;

    for (size_t i = 0; i < t->ncols; i++)
        w += t->cols[i].width;
    return w;
}

/*
 * A header breaks between words only, and never with a hyphen ("Tingk-"
 * over "at" read as two words); its column is as wide as its longest
 * word (tests/e2e/pdf_layout.py headers).
 */
static void
no_hyphens(PangoLayout *l)
{
    PangoAttrList *old = pango_layout_get_attributes(l);
    PangoAttrList *attrs = old ? pango_attr_list_copy(old) : pango_attr_list_new();

    pango_attr_list_insert_before(attrs, pango_attr_insert_hyphens_new(FALSE));
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
}

static PangoLayout **
row_layouts(struct ly *ly, const struct ly_table *t, const char *const *cells,
            bool head)
{
    PangoLayout **ls = g_new0(PangoLayout *, t->ncols);

    for (size_t i = 0; i < t->ncols; i++) {
        const struct ly_col *c = &t->cols[i];

        ls[i] = ly_text(ly, head ? LY_TINY : c->style, cells[i] ? cells[i] : "",
                        head ? false : c->markup, c->width - 2 * CELL_PAD,
                        head ? 2 : t->max_lines > 0 ? t->max_lines : LY_CELL_LINES);
        pango_layout_set_alignment(ls[i], c->align);
        if (head)
            no_hyphens(ls[i]);
    }
    return ls;
}

static void
free_layouts(PangoLayout **ls, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g_object_unref(ls[i]);
    g_free(ls);
}

static void
draw_row(struct ly *ly, const struct ly_table *t, PangoLayout **ls, double h,
         const struct ly_rgb *bg, struct ly_rgb fg, bool head)
{
    double x = t->x;

    if (bg)
        ly_rect(ly->cr, t->x, ly->y, table_width(t), h, *bg);
    for (size_t i = 0; i < t->ncols; i++) {
        ly_struct_begin(ly, head ? "TH" : "TD");
        ly_draw(ly, ls[i], x + CELL_PAD, ly->y + CELL_PAD, fg);
        ly_struct_end(ly, head ? "TH" : "TD");
        x += t->cols[i].width;
    }
    cairo_set_source_rgb(ly->cr, 0.80, 0.82, 0.85);
    cairo_set_line_width(ly->cr, 0.4);
    cairo_move_to(ly->cr, t->x, ly->y + h);
    cairo_line_to(ly->cr, t->x + table_width(t), ly->y + h);
    cairo_stroke(ly->cr);
}

static void
draw_head(struct ly *ly, const struct ly_table *t)
{
    static const struct ly_rgb white = {1, 1, 1};
    PangoLayout **ls = row_layouts(ly, t, t->head, true);
    double h = row_height(ls, t->ncols);

    table_open(ly, t);
    ly_struct_begin(ly, "TR");
    draw_row(ly, t, ls, h, &t->head_bg, white, true);
    ly_struct_end(ly, "TR");
    ly->y += h;
    free_layouts(ls, t->ncols);
}

static double
head_height(struct ly *ly, const struct ly_table *t)
{
    PangoLayout **ls = row_layouts(ly, t, t->head, true);
    double h = row_height(ls, t->ncols);

    free_layouts(ls, t->ncols);
    return h;
}

void
ly_table_begin(struct ly *ly, struct ly_table *t)
{
    t->rows = 0;
    /* no header: the first row opens the Table, after the heading it keeps */
    if (!t->head)
        return;
    /* a header alone at the foot of a page helps nobody: it keeps a row */
    ly_need(ly, head_height(ly, t) + TABLE_KEEP);
    draw_head(ly, t);
}

double
ly_table_row_height(struct ly *ly, const struct ly_table *t,
                    const char *const *cells)
{
    PangoLayout **ls = row_layouts(ly, t, cells, false);
    double h = row_height(ls, t->ncols);

    free_layouts(ls, t->ncols);
    return h;
}

double
ly_table_row(struct ly *ly, struct ly_table *t, const char *const *cells,
             const char *link, const struct ly_rgb *bg)
{
    static const struct ly_rgb shade = {0.95, 0.96, 0.97};
    static const struct ly_rgb ink = {0.10, 0.10, 0.12};
    PangoLayout **ls = row_layouts(ly, t, cells, false);
    double h = row_height(ls, t->ncols);
    double top;

    flush_heading(ly, h);
    if (ly->y + h > LY_BOTTOM && ly->y > LY_TOP) {
        ly_page_break(ly);
        if (t->head)
            draw_head(ly, t);
    }
    top = ly->y;
    if (!bg && t->rows % 2 == 1)
        bg = &shade;
    table_open(ly, t);
    ly_struct_begin(ly, "TR");
    if (link && ly->final) {
        /*
         * Sized to fit: a link cut short (this was a 160-byte buffer) is
         * an unterminated uri='...', which cairo 1.16 takes, and then
         * asserts on while it writes the structure tree.
         */
        char *attrs = g_strdup_printf("rect=[%.2f %.2f %.2f %.2f] %s", t->x,
                                      ly->y, table_width(t), h, link);

        cairo_tag_begin(ly->cr, CAIRO_TAG_LINK, attrs);
        draw_row(ly, t, ls, h, bg, ink, false);
        cairo_tag_end(ly->cr, CAIRO_TAG_LINK);
        g_free(attrs);
    } else {
        draw_row(ly, t, ls, h, bg, ink, false);
    }
    ly_struct_end(ly, "TR");
    ly->y += h;
    t->rows++;
    free_layouts(ls, t->ncols);
    return top;
}

void
ly_dest(char *out, size_t size, int page, double y)
{
    snprintf(out, size, "page=%d pos=[%.1f %.1f]", page, LY_LEFT,
             y > 12 ? y - 12 : 0);
}

void
ly_anchor(struct ly *ly, const char *name)
{
    char attrs[128];

    snprintf(attrs, sizeof(attrs), "name='%s' x=%.1f y=%.1f", name, LY_LEFT,
             ly->y > 12 ? ly->y - 12 : 0);
    cairo_tag_begin(ly->cr, CAIRO_TAG_DEST, attrs);
    cairo_tag_end(ly->cr, CAIRO_TAG_DEST);
}

char *
ly_pdf_string(const char *s)
{
    char *in = dsr_printable(s);
    char *out;

    if (!in || !has_noncharacter(in))
        return in;
    out = escape_noncharacters(in);
    free(in);
    return out;
}

void
ly_set_metadata(cairo_surface_t *surface, cairo_pdf_metadata_t what,
                const char *value)
{
    char *v = ly_pdf_string(value);

    if (v)
        cairo_pdf_surface_set_metadata(surface, what, v);
    free(v);
}

/* ---- strokes: boxes and rules to fill in by hand (verification sheet) -- */

void
ly_stroke_rect(cairo_t *cr, double x, double y, double w, double h,
               double line_width, struct ly_rgb rgb)
{
    ly_set_color(cr, rgb);
    cairo_set_line_width(cr, line_width);
    cairo_rectangle(cr, x, y, w, h);
    cairo_stroke(cr);
}

void
ly_hline(cairo_t *cr, double x0, double x1, double y, double line_width,
         struct ly_rgb rgb)
{
    ly_set_color(cr, rgb);
    cairo_set_line_width(cr, line_width);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
}
