/*
 * sheet_write.c -- dossier export: a manifest as a workbook (libxlsxwriter)
 * or as one CSV sheet, and the column layout both share with the import.
 */
#include "dossier/sheet.h"

#include "dossier/buf.h"
#include "dossier/error.h"
#include "dossier/hash.h"
#include "dossier/manifest.h"
#include "internal.h"
#include "sheet_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Rows below the evidence that keep drop-downs, for entries people add. */
#define EV_SPARE_ROWS 500
/* Column widths, in characters. */
#define WIDTH_MIN 6
#define WIDTH_MAX 60

struct xfmt {
    lxw_format *header, *ro, *edit, *edit_date, *ro_date;
};

struct writer {
    const struct dsr_manifest *m;
    const struct dsr_catalog *cat;
    const struct dsr_export_opts *opts;
    const char *out;
    lxw_workbook *wb;
    struct xfmt f;
    char **owners;              /* sorted, unique, not empty */
    size_t nowners, owners_cap;
    double width[DSR_IND_NCOLS > DSR_EV_NCOLS ? DSR_IND_NCOLS : DSR_EV_NCOLS];
    struct dsr_error *err;
};

static const char *const sheet_names[2][DSR_LANG_COUNT] = {
    {"Indikator", "Indicators"},
    {"Bukti", "Evidence"},
};

const char *
dsr_sheet_name(enum dsr_sheet_kind kind, enum dsr_lang lang)
{
    return sheet_names[kind == DSR_SHEET_EVIDENCE][lang == DSR_LANG_EN];
}

/* ---- columns ---------------------------------------------------------- */

unsigned
dsr_sheet_ncols(enum dsr_sheet_kind kind)
{
    return kind == DSR_SHEET_EVIDENCE ? DSR_EV_NCOLS : DSR_IND_NCOLS;
}

struct dsr_colspec
dsr_sheet_column(enum dsr_sheet_kind kind, unsigned i)
{
    struct dsr_colspec c = {DSR_COL_UNKNOWN, -1};

    if (kind == DSR_SHEET_EVIDENCE) {
        if (i < DSR_EV_NCOLS)
            c.col = DSR_COL_EV_INDICATOR + i;
        return c;
    }
    if (i == 0)
        c.col = DSR_COL_ID;
    else if (i == 1)
        c.col = DSR_COL_NAME;
    else if (i == 2)
        c.col = DSR_COL_OWNER;
    else if (i < 3 + 2 * DSR_STAGE_COUNT) {
        c.col = (i - 3) % 2 ? DSR_COL_EXPLAIN : DSR_COL_LEVEL;
        c.stage = (int)(i - 3) / 2;
    } else if (i == 3 + 2 * DSR_STAGE_COUNT)
        c.col = DSR_COL_HINT;
    return c;
}

static const char *const fixed_headers[][DSR_LANG_COUNT] = {
    [DSR_COL_ID] = {"ID", "ID"},
    [DSR_COL_NAME] = {"Nama indikator", "Indicator name"},
    [DSR_COL_OWNER] = {"Pengampu", "Owner"},
    [DSR_COL_HINT] = {"Kriteria level berikutnya", "Criteria of the next level"},
    [DSR_COL_EV_INDICATOR] = {"Indikator", "Indicator"},
    [DSR_COL_EV_FILE] = {"Berkas", "File"},
    [DSR_COL_EV_TITLE] = {"Judul", "Title"},
    [DSR_COL_EV_LEVEL] = {"Level", "Level"},
    [DSR_COL_EV_DATE] = {"Tanggal", "Date"},
    [DSR_COL_EV_SHA256] = {"SHA-256", "SHA-256"},
};

static const char *
colspec_header(struct dsr_colspec c, enum dsr_lang lang, char *buf, size_t size)
{
    bool en = lang == DSR_LANG_EN;

    if (c.col == DSR_COL_LEVEL)
        snprintf(buf, size, en ? "Level (%s)" : "Level %s",
                 dsr_stage_name(c.stage));
    else if (c.col == DSR_COL_EXPLAIN)
        snprintf(buf, size, en ? "Explanation (%s)" : "Penjelasan %s",
                 dsr_stage_name(c.stage));
    else if (c.col != DSR_COL_UNKNOWN && c.col != DSR_COL_LEVEL)
        snprintf(buf, size, "%s", fixed_headers[c.col][en]);
    else
        snprintf(buf, size, "?");
    return buf;
}

const char *
dsr_sheet_header(enum dsr_sheet_kind kind, unsigned i, enum dsr_lang lang,
                 char *buf, size_t size)
{
    return colspec_header(dsr_sheet_column(kind, i), lang, buf, size);
}

/* 's' without surrounding white space equals 'h', case ignored. */
static bool
header_is(const char *s, const char *h)
{
    size_t n;

    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    n = strlen(h);
    if (strncasecmp(s, h, n) != 0)
        return false;
    for (s += n; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

struct dsr_colspec
dsr_sheet_header_parse(enum dsr_sheet_kind kind, const char *text)
{
    struct dsr_colspec none = {DSR_COL_UNKNOWN, -1};
    char buf[128];

    for (unsigned i = 0; i < dsr_sheet_ncols(kind); i++)
        for (int l = 0; l < DSR_LANG_COUNT; l++)
            if (header_is(text, dsr_sheet_header(kind, i, (enum dsr_lang)l,
                                                 buf, sizeof(buf))))
                return dsr_sheet_column(kind, i);
    return none;
}

/* ---- values as the manifest gives them --------------------------------- */

static const struct dsr_assessment *
assessment_at(const struct dsr_mindicator *ind, int stage)
{
    for (size_t i = 0; i < ind->nassessments; i++)
        if ((int)ind->assessments[i].stage == stage)
            return &ind->assessments[i];
    return NULL;
}

static void
level_text(long level, char *buf, size_t size)
{
    if (level == DSR_LEVEL_NONE)
        buf[0] = '\0';
    else
        snprintf(buf, size, "%ld", level);
}

/* The criteria of the level above the latest one assessed; "" at 5. */
static const char *
next_hint(const struct dsr_mindicator *ind, const struct dsr_catalog *cat,
          enum dsr_lang lang)
{
    const struct dsr_indicator *ci = dsr_catalog_indicator(cat, ind->id);
    const struct dsr_assessment *a = dsr_mindicator_assessment(ind, -1);
    long next = DSR_LEVEL_MIN;
    const char *s;

    if (!ci)
        return "";
    if (a && a->level != DSR_LEVEL_NONE)
        next = a->level + 1;
    if (next < DSR_LEVEL_MIN)
        next = DSR_LEVEL_MIN;
    if (next > DSR_LEVEL_MAX)
        return "";
    s = ci->criterion[next].s[lang];
    if (!s)
        s = ci->criterion[next].s[DSR_LANG_ID];
    return s ? s : "";
}

static const char *
indicator_name(const struct dsr_mindicator *ind, const struct dsr_catalog *cat,
               enum dsr_lang lang)
{
    const struct dsr_indicator *ci = dsr_catalog_indicator(cat, ind->id);

    if (!ci)
        return "";
    if (ci->name.s[lang])
        return ci->name.s[lang];
    return ci->name.s[DSR_LANG_ID] ? ci->name.s[DSR_LANG_ID] : "";
}

static bool
included(const struct dsr_mindicator *ind, const struct dsr_export_opts *o)
{
    return !o->owner || strcmp(ind->owner, o->owner) == 0;
}

const char *
dsr_sheet_value(const struct dsr_mindicator *ind, const struct dsr_evidence *ev,
           struct dsr_colspec c, const struct dsr_catalog *cat,
           enum dsr_lang lang, char *buf, size_t size)
{
    const struct dsr_assessment *a;

    buf[0] = '\0';
    switch (c.col) {
    case DSR_COL_ID:
    case DSR_COL_EV_INDICATOR:
        return ind->id;
    case DSR_COL_NAME:
        return indicator_name(ind, cat, lang);
    case DSR_COL_OWNER:
        return ind->owner;
    case DSR_COL_LEVEL:
        a = assessment_at(ind, c.stage);
        if (a)
            level_text(a->level, buf, size);
        return buf;
    case DSR_COL_EXPLAIN:
        a = assessment_at(ind, c.stage);
        return a && a->text ? a->text : "";
    case DSR_COL_HINT:
        return next_hint(ind, cat, lang);
    case DSR_COL_EV_FILE:
        return ev->file;
    case DSR_COL_EV_TITLE:
        return ev->title ? ev->title : "";
    case DSR_COL_EV_LEVEL:
        level_text(ev->level, buf, size);
        return buf;
    case DSR_COL_EV_DATE:
        return ev->date_text ? ev->date_text : "";
    case DSR_COL_EV_SHA256:
        return ev->sha256 ? ev->sha256 : "";
    default:
        return "";
    }
}

static bool
read_only(struct dsr_colspec c)
{
    return c.col == DSR_COL_NAME || c.col == DSR_COL_HINT ||
           c.col == DSR_COL_EV_SHA256;
}

/* ---- CSV --------------------------------------------------------------- */

static int
csv_field(struct dsr_buf *b, const char *s, bool first, struct dsr_error *err)
{
    bool formula;

    if (!first && dsr_buf_add(b, ",", 1, err) < 0)
        return -1;
    if (!*s)
        return 0;
    /* a value a spreadsheet would take for a formula gets a leading
     * quote (OWASP, CSV injection), as does one starting with a quote, so
     * the import can take exactly one off again (dsr_workbook_read) */
    formula = strchr(DSR_CSV_FORMULA_START, s[0]) != NULL;
    if (!formula && !strpbrk(s, ",\"\r\n;") && s[0] != ' ' &&
        s[strlen(s) - 1] != ' ')
        return dsr_buf_adds(b, s, err);
    if (dsr_buf_add(b, formula ? "\"'" : "\"", formula ? 2 : 1, err) < 0)
        return -1;
    for (; *s; s++) {
        if (*s == '"' && dsr_buf_add(b, "\"", 1, err) < 0)
            return -1;
        if (dsr_buf_add(b, s, 1, err) < 0)
            return -1;
    }
    return dsr_buf_add(b, "\"", 1, err);
}

static int
csv_row_end(struct dsr_buf *b, struct dsr_error *err)
{
    return dsr_buf_add(b, "\r\n", 2, err);
}

static int
export_csv(const struct writer *w)
{
    const struct dsr_export_opts *o = w->opts;
    enum dsr_sheet_kind kind = o->sheet;
    unsigned ncols = dsr_sheet_ncols(kind);
    struct dsr_buf b;
    enum dsr_fio_step step;
    char buf[128], val[32];
    int ret = -1;

    dsr_buf_init(&b, DSR_WB_MAX_FILE);
    /* a BOM, so that Excel reads UTF-8 */
    if (dsr_buf_adds(&b, "\xef\xbb\xbf", w->err) < 0)
        goto out;
    for (unsigned i = 0; i < ncols; i++)
        if (csv_field(&b, dsr_sheet_header(kind, i, o->lang, buf, sizeof(buf)),
                      i == 0, w->err) < 0)
            goto out;
    if (csv_row_end(&b, w->err) < 0)
        goto out;
    for (size_t k = 0; k < w->m->nindicators; k++) {
        const struct dsr_mindicator *ind = &w->m->indicators[k];
        size_t nrows = kind == DSR_SHEET_EVIDENCE ? ind->nevidence : 1;

        if (!included(ind, o))
            continue;
        for (size_t r = 0; r < nrows; r++) {
            const struct dsr_evidence *ev =
                kind == DSR_SHEET_EVIDENCE ? &ind->evidence[r] : NULL;

            for (unsigned i = 0; i < ncols; i++)
                if (csv_field(&b, dsr_sheet_value(ind, ev, dsr_sheet_column(kind, i),
                                             w->cat, o->lang, val, sizeof(val)),
                              i == 0, w->err) < 0)
                    goto out;
            if (csv_row_end(&b, w->err) < 0)
                goto out;
        }
    }
    if (dsr_fio_publish(w->out, dsr_buf_str(&b), b.len, dsr_fio_default_mode(),
                        DSR_FIO_REPLACE, &step) < 0) {
        dsr_error_sys(w->err, errno, w->out, _("cannot write"));
        goto out;
    }
    ret = 0;
out:
    dsr_buf_release(&b);
    return ret;
}

/* ---- xlsx -------------------------------------------------------------- */

static void
widen(struct writer *w, unsigned col, const char *s)
{
    double n = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80)
            n++;
    if (n > WIDTH_MAX)
        n = WIDTH_MAX;
    if (n + 2 > w->width[col])
        w->width[col] = n + 2;
}

static int
lxw_fail(struct writer *w, lxw_error e)
{
    if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
        return dsr_error_set(w->err, DSR_INPUT, w->out, 0,
                             _("a text is longer than a spreadsheet cell "
                               "holds (32767 characters); shorten it in the "
                               "manifest"));
    if (e == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return dsr_error_set(w->err, DSR_NOMEM, w->out, 0, "out of memory");
    return dsr_error_set(w->err, DSR_IO, w->out, 0,
                         _("cannot write the workbook: %s"), lxw_strerror(e));
}

static int
owners_collect(struct writer *w)
{
    for (size_t k = 0; k < w->m->nindicators; k++) {
        const char *o = w->m->indicators[k].owner;
        bool seen = false;

        if (!*o)
            continue;
        for (size_t i = 0; i < w->nowners && !seen; i++)
            seen = strcmp(w->owners[i], o) == 0;
        if (seen)
            continue;
        if (dsr_grow((void **)&w->owners, sizeof(*w->owners), &w->owners_cap,
                     w->nowners + 1, w->err) < 0)
            return -1;
        w->owners[w->nowners++] = (char *)o;
    }
    return 0;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
validation_level(lxw_data_validation *dv, enum dsr_lang lang,
                 const char **list)
{
    memset(dv, 0, sizeof(*dv));
    dv->validate = LXW_VALIDATION_TYPE_LIST;
    dv->value_list = (char **)list;
    dv->error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv->error_title = (char *)"Level";
    dv->error_message = (char *)(lang == DSR_LANG_EN
                                     ? "A level is a whole number from 1 to 5."
                                     : "Level adalah bilangan bulat 1 sampai 5.");
}

static int
validation_owner(struct writer *w, lxw_worksheet *ws, lxw_row_t last,
                 lxw_col_t col, char *formula)
{
    lxw_data_validation dv;
    bool en = w->opts->lang == DSR_LANG_EN;

    if (!w->nowners)
        return 0;
    memset(&dv, 0, sizeof(dv));
    dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
    dv.value_formula = formula;
    /* a new OPD may still be typed: warn, do not refuse */
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
    dv.error_title = (char *)(en ? "Owner" : "Pengampu");
    dv.error_message = (char *)(en ? "This OPD is not among the owners the manifest "
                            "names. Keep it anyway?"
                          : "OPD ini belum ada di antara pengampu dalam "
                            "manifest. Tetap dipakai?");
    return worksheet_data_validation_range(ws, 1, col, last, col, &dv);
}

static int
write_cell(struct writer *w, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
           struct dsr_colspec cs, const char *v, bool locked_key)
{
    lxw_format *fmt = read_only(cs) || locked_key ? w->f.ro : w->f.edit;
    lxw_error e;
    char *end;
    long n;

    widen(w, c, v);
    if ((cs.col == DSR_COL_LEVEL || cs.col == DSR_COL_EV_LEVEL) && *v) {
        errno = 0;
        n = strtol(v, &end, 10);
        if (!*end && !errno) {
            e = worksheet_write_number(ws, r, c, (double)n, fmt);
            return e ? lxw_fail(w, e) : 0;
        }
    }
    if (cs.col == DSR_COL_EV_DATE && *v) {
        struct dsr_date d;

        if (dsr_date_parse(v, &d) == 0) {
            lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};

            e = worksheet_write_datetime(ws, r, c, &dt, w->f.edit_date);
            return e ? lxw_fail(w, e) : 0;
        }
    }
    if (!*v) {
        e = worksheet_write_blank(ws, r, c, fmt);
        return e ? lxw_fail(w, e) : 0;
    }
    e = worksheet_write_string(ws, r, c, v, fmt);
    return e ? lxw_fail(w, e) : 0;
}

static int
write_sheet(struct writer *w, lxw_worksheet *ws, enum dsr_sheet_kind kind,
            lxw_worksheet *base, lxw_row_t *brow, char *owner_formula)
{
    const struct dsr_export_opts *o = w->opts;
    unsigned ncols = dsr_sheet_ncols(kind);
    static const char *levels[] = {"1", "2", "3", "4", "5", NULL};
    lxw_protection prot;
    lxw_data_validation dv;
    lxw_row_t row = 1;
    char buf[128], val[32];
    lxw_error e;

    memset(w->width, 0, sizeof(w->width));
    for (unsigned i = 0; i < ncols; i++) {
        e = worksheet_write_string(ws, 0, (lxw_col_t)i,
                                   dsr_sheet_header(kind, i, o->lang, buf,
                                                    sizeof(buf)),
                                   w->f.header);
        if (e)
            return lxw_fail(w, e);
        widen(w, i, buf);
    }
    for (size_t k = 0; k < w->m->nindicators; k++) {
        const struct dsr_mindicator *ind = &w->m->indicators[k];
        size_t nrows = kind == DSR_SHEET_EVIDENCE ? ind->nevidence : 1;

        if (!included(ind, o))
            continue;
        for (size_t r = 0; r < nrows; r++, row++) {
            const struct dsr_evidence *ev =
                kind == DSR_SHEET_EVIDENCE ? &ind->evidence[r] : NULL;
            lxw_col_t bc = 1;

            if (row >= DSR_WB_MAX_ROWS - EV_SPARE_ROWS)
                return dsr_error_set(w->err, DSR_INPUT, w->out, 0,
                                     _("more than %d rows: export fewer "
                                       "indicators with --owner"),
                                     DSR_WB_MAX_ROWS - EV_SPARE_ROWS);
            e = worksheet_write_string(base, *brow, 0,
                                       ev ? DSR_BASE_EV : DSR_BASE_IND, NULL);
            if (e)
                return lxw_fail(w, e);
            for (unsigned i = 0; i < ncols; i++) {
                struct dsr_colspec cs = dsr_sheet_column(kind, i);
                const char *v = dsr_sheet_value(ind, ev, cs, w->cat, o->lang, val,
                                           sizeof(val));
                /* the key of an exported entry: a new one goes below */
                bool key = ev && (cs.col == DSR_COL_EV_INDICATOR ||
                                  cs.col == DSR_COL_EV_FILE);

                if (cs.col == DSR_COL_ID)
                    key = true;
                if (write_cell(w, ws, row, (lxw_col_t)i, cs, v, key) < 0)
                    return -1;
                if (read_only(cs))
                    continue;
                e = worksheet_write_string(base, *brow, bc++, v, NULL);
                if (e)
                    return lxw_fail(w, e);
            }
            (*brow)++;
        }
    }
    /* editable columns are unlocked to the end, so rows can be added */
    for (unsigned i = 0; i < ncols; i++) {
        struct dsr_colspec cs = dsr_sheet_column(kind, i);
        double width = w->width[i] < WIDTH_MIN ? WIDTH_MIN : w->width[i];
        lxw_format *fmt = read_only(cs) ? w->f.ro : w->f.edit;

        if (cs.col == DSR_COL_LEVEL || cs.col == DSR_COL_EV_LEVEL)
            width = 10;
        if (cs.col == DSR_COL_EV_DATE) {
            width = 12;
            fmt = w->f.edit_date;
        }
        e = worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, width, fmt);
        if (e)
            return lxw_fail(w, e);
    }
    {
        lxw_row_t last = kind == DSR_SHEET_EVIDENCE ? row + EV_SPARE_ROWS
                                                    : row + 50;

        for (unsigned i = 0; i < ncols; i++) {
            struct dsr_colspec cs = dsr_sheet_column(kind, i);

            if (cs.col == DSR_COL_LEVEL || cs.col == DSR_COL_EV_LEVEL) {
                validation_level(&dv, o->lang, levels);
                e = worksheet_data_validation_range(ws, 1, (lxw_col_t)i, last,
                                                    (lxw_col_t)i, &dv);
            } else if (cs.col == DSR_COL_OWNER) {
                e = validation_owner(w, ws, last, (lxw_col_t)i, owner_formula);
            } else if (cs.col == DSR_COL_EV_DATE) {
                lxw_datetime lo = {1900, 1, 1, 0, 0, 0};
                lxw_datetime hi = {2999, 12, 31, 0, 0, 0};

                memset(&dv, 0, sizeof(dv));
                dv.validate = LXW_VALIDATION_TYPE_DATE;
                dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
                dv.minimum_datetime = lo;
                dv.maximum_datetime = hi;
                dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
                dv.error_message = (char *)(o->lang == DSR_LANG_EN
                                       ? "Type a date, e.g. 2025-02-01."
                                       : "Isikan tanggal, misalnya 2025-02-01.");
                e = worksheet_data_validation_range(ws, 1, (lxw_col_t)i, last,
                                                    (lxw_col_t)i, &dv);
            } else
                continue;
            if (e)
                return lxw_fail(w, e);
        }
    }
    worksheet_freeze_panes(ws, 1, kind == DSR_SHEET_EVIDENCE ? 2 : 1);
    memset(&prot, 0, sizeof(prot));
    prot.format_columns = 1;
    prot.format_rows = 1;
    worksheet_protect(ws, NULL, &prot);
    return 0;
}

static int
base_pair(struct writer *w, lxw_worksheet *base, lxw_row_t r, const char *k,
          const char *v)
{
    lxw_error e = worksheet_write_string(base, r, 0, k, NULL);

    if (!e)
        e = *v ? worksheet_write_string(base, r, 1, v, NULL) : LXW_NO_ERROR;
    return e ? lxw_fail(w, e) : 0;
}

static int
make_formats(struct writer *w)
{
    struct xfmt *f = &w->f;

    f->header = workbook_add_format(w->wb);
    f->ro = workbook_add_format(w->wb);
    f->edit = workbook_add_format(w->wb);
    f->edit_date = workbook_add_format(w->wb);
    if (!f->header || !f->ro || !f->edit || !f->edit_date)
        return dsr_error_set(w->err, DSR_NOMEM, w->out, 0, "out of memory");
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xBDD7EE);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    format_set_text_wrap(f->header);
    format_set_align(f->header, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(f->ro, 0xD9D9D9);
    format_set_font_color(f->ro, 0x404040);
    format_set_align(f->ro, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(f->ro);
    format_set_unlocked(f->edit);
    format_set_align(f->edit, LXW_ALIGN_VERTICAL_TOP);
    format_set_text_wrap(f->edit);
    format_set_unlocked(f->edit_date);
    format_set_num_format(f->edit_date, "yyyy-mm-dd");
    format_set_align(f->edit_date, LXW_ALIGN_VERTICAL_TOP);
    return 0;
}

static int
export_xlsx(struct writer *w)
{
    const struct dsr_export_opts *o = w->opts;
    struct dsr_fio_tmp tmp = DSR_FIO_TMP_INIT;
    enum dsr_fio_step step;
    lxw_workbook_options wopts = {0};
    lxw_doc_properties props = {0};
    lxw_worksheet *wi, *we, *wl, *wbase;
    lxw_row_t brow = 0;
    char sha[DSR_HASH_HEX_MAX], when[32], formula[64];
    time_t now = (time_t)o->now;
    struct tm tm;
    lxw_error e;
    int ret = -1;

    /* without the links' secrets, as everything that names it */
    if (dsr_manifest_public_sha256(w->m, sha, w->err) < 0)
        return -1;
    if (!gmtime_r(&now, &tm) ||
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(when, sizeof(when), "?");
    if (owners_collect(w) < 0)
        return -1;
    if (w->nowners)
        qsort(w->owners, w->nowners, sizeof(*w->owners), cmp_str);
    if (dsr_fio_tmp_create(&tmp, w->out, true, &step) < 0)
        return dsr_error_sys(w->err, errno, w->out, _("cannot write"));
    /* libxlsxwriter writes by name; the temporary is published after */
    close(tmp.fd);
    tmp.fd = -1;
    wopts.use_zip64 = LXW_FALSE;
    w->wb = workbook_new_opt(tmp.name, &wopts);
    if (!w->wb) {
        dsr_error_set(w->err, DSR_NOMEM, w->out, 0, "out of memory");
        goto out;
    }
    props.title = (char *)(o->lang == DSR_LANG_EN ? "dossier export"
                                                  : "ekspor dossier");
    props.created = now;
    workbook_set_properties(w->wb, &props);
    if (make_formats(w) < 0)
        goto out;
    wi = workbook_add_worksheet(w->wb, dsr_sheet_name(DSR_SHEET_INDICATORS, o->lang));
    we = workbook_add_worksheet(w->wb, dsr_sheet_name(DSR_SHEET_EVIDENCE, o->lang));
    wl = workbook_add_worksheet(w->wb, DSR_SHEET_LISTS);
    wbase = workbook_add_worksheet(w->wb, DSR_SHEET_BASE);
    if (!wi || !we || !wl || !wbase) {
        dsr_error_set(w->err, DSR_NOMEM, w->out, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < w->nowners; i++) {
        e = worksheet_write_string(wl, (lxw_row_t)i, 0, w->owners[i], NULL);
        if (e) {
            lxw_fail(w, e);
            goto out;
        }
    }
    snprintf(formula, sizeof(formula), "='%s'!$A$1:$A$%zu", DSR_SHEET_LISTS,
             w->nowners);
    if (base_pair(w, wbase, brow++, DSR_BASE_MAGIC, DSR_BASE_VERSION) < 0 ||
        base_pair(w, wbase, brow++, DSR_BASE_SHA256, sha) < 0 ||
        base_pair(w, wbase, brow++, DSR_BASE_TIME, when) < 0 ||
        base_pair(w, wbase, brow++, DSR_BASE_OWNER, o->owner ? o->owner : "") < 0 ||
        base_pair(w, wbase, brow++, DSR_BASE_IND_SHEET,
                  dsr_sheet_name(DSR_SHEET_INDICATORS, o->lang)) < 0 ||
        base_pair(w, wbase, brow++, DSR_BASE_EV_SHEET,
                  dsr_sheet_name(DSR_SHEET_EVIDENCE, o->lang)) < 0)
        goto out;
    if (write_sheet(w, wi, DSR_SHEET_INDICATORS, wbase, &brow, formula) < 0 ||
        write_sheet(w, we, DSR_SHEET_EVIDENCE, wbase, &brow, formula) < 0)
        goto out;
    worksheet_hide(wl);
    worksheet_hide(wbase);
    worksheet_protect(wl, NULL, NULL);
    worksheet_protect(wbase, NULL, NULL);
    e = workbook_close(w->wb);
    w->wb = NULL;
    if (e) {
        lxw_fail(w, e);
        goto out;
    }
    if (dsr_fio_tmp_publish(&tmp, w->out, dsr_fio_default_mode(),
                            DSR_FIO_REPLACE, &step) < 0) {
        dsr_error_sys(w->err, errno, w->out, _("cannot write"));
        goto out;
    }
    ret = 0;
out:
    if (w->wb) {
        /* closing is the only way to free it; what it wrote goes below */
        workbook_close(w->wb);
        w->wb = NULL;
    }
    dsr_fio_tmp_discard(&tmp);
    return ret;
}

int
dsr_sheet_export(const struct dsr_manifest *m, const struct dsr_catalog *cat,
                 const struct dsr_export_opts *opts, const char *out,
                 struct dsr_error *err)
{
    struct writer w = {.m = m, .cat = cat, .opts = opts, .out = out, .err = err};
    bool any = false;
    int ret;

    if (opts->owner) {
        for (size_t k = 0; k < m->nindicators && !any; k++)
            any = strcmp(m->indicators[k].owner, opts->owner) == 0;
        if (!any)
            return dsr_error_set(err, DSR_INPUT, m->path, 0,
                                 _("no indicator has owner '%s'; see the "
                                   "owners with dossier check"),
                                 opts->owner);
    }
    /* -o makes missing folders, as every command's output does */
    if (dsr_fio_mkparents(out, err) < 0)
        return -1;
    ret = opts->csv ? export_csv(&w) : export_xlsx(&w);
    free(w.owners);
    return ret;
}
