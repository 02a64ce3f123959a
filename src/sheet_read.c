/*
 * sheet_read.c -- a workbook someone sent, read back within stated
 * limits: xlsx with libzip and the hardened XML parser (xml.c), or CSV.
 * Every cell becomes text; see dossier/sheet.h for how each type reads.
 */
#include "dossier/sheet.h"

#include "dossier/error.h"
#include "dossier/format.h"
#include "internal.h"
#include "liberr.h"
#include "sheet_int.h"
#include "xml.h"
#include "zipindex.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

struct reader {
    struct dsr_workbook *wb;
    const char *path;
    zip_t *za;
    char **strings;             /* shared strings */
    size_t nstrings, scap;
    bool *date_style;           /* by cellXfs index */
    size_t nstyles;
    bool date1904;
    size_t ncells;              /* in all sheets, empty ones too */
    size_t textbytes;           /* of all cells' text */
    size_t nelements;           /* XML elements in all parts read */
    /* read the first visible sheet, whatever its name, and no other */
    bool first_only;
    bool first_read;
    struct dsr_error *err;
};

static int
fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
fail(struct reader *r, const char *fmt, ...)
{
    char msg[400];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return dsr_error_set(r->err, DSR_INPUT, r->path, 0, "%s", msg);
}

static int
nomem(struct reader *r)
{
    return dsr_error_set(r->err, DSR_NOMEM, r->path, 0, "out of memory");
}

/* ---- cells ------------------------------------------------------------- */

char *
dsr_cell_ref(unsigned row, unsigned col, char *buf, size_t size)
{
    char letters[8];
    size_t n = 0;
    unsigned c = col + 1;

    while (c && n < sizeof(letters)) {
        letters[n++] = (char)('A' + (c - 1) % 26);
        c = (c - 1) / 26;
    }
    for (size_t i = 0; i < n / 2; i++) {
        char t = letters[i];

        letters[i] = letters[n - 1 - i];
        letters[n - 1 - i] = t;
    }
    snprintf(buf, size, "%.*s%u", (int)n, letters, row + 1);
    return buf;
}

/* "B12" into 0-based row and column; -1 when it is no cell reference. */
static int
parse_ref(const char *s, unsigned long *row, unsigned long *col)
{
    unsigned long c = 0, rr = 0;
    size_t nl = 0, nd = 0;

    for (; *s >= 'A' && *s <= 'Z'; s++, nl++) {
        if (nl >= 3)
            return -1;
        c = c * 26 + (unsigned long)(*s - 'A' + 1);
    }
    for (; *s >= '0' && *s <= '9'; s++, nd++) {
        if (nd >= 7)
            return -1;
        rr = rr * 10 + (unsigned long)(*s - '0');
    }
    if (*s || !nl || !nd || !rr)
        return -1;
    *row = rr - 1;
    *col = c - 1;
    return 0;
}

static int
add_cell(struct reader *r, struct dsr_sheet *s, size_t *cap, unsigned long row,
         unsigned long col, enum dsr_cell_type type, char *text)
{
    char ref[32];

    /* a CSV file has one sheet without a name: no "sheet ''" */
    if (row >= DSR_WB_MAX_ROWS) {
        free(text);
        if (r->wb->csv)
            return fail(r, _("row %lu is past the limit of %d rows: split "
                             "the file and import each part"),
                        row + 1, DSR_WB_MAX_ROWS);
        return fail(r, _("sheet '%s' has a cell in row %lu, past the limit "
                         "of %d rows"),
                    s->name, row + 1, DSR_WB_MAX_ROWS);
    }
    if (col >= DSR_WB_MAX_COLS) {
        free(text);
        if (r->wb->csv)
            return fail(r, _("row %lu has a cell in column %lu, past the "
                             "limit of %d columns: delete the columns that "
                             "are not needed"),
                        row + 1, col + 1, DSR_WB_MAX_COLS);
        return fail(r, _("sheet '%s' has a cell in column %lu, past the "
                         "limit of %d columns"),
                    s->name, col + 1, DSR_WB_MAX_COLS);
    }
    if (strlen(text) > DSR_WB_MAX_CELL_BYTES) {
        free(text);
        return fail(r, _("cell %s!%s holds more than %d bytes"), s->name,
                    dsr_cell_ref((unsigned)row, (unsigned)col, ref, sizeof(ref)),
                    DSR_WB_MAX_CELL_BYTES);
    }
    if (++r->ncells > DSR_WB_MAX_CELLS) {
        free(text);
        return fail(r, _("more than %zu cells; a workbook of dossier is far "
                         "smaller"),
                    DSR_WB_MAX_CELLS);
    }
    if (!*text && type == DSR_CELL_STRING) {
        free(text);
        return 0;
    }
    r->textbytes += strlen(text) + 1;
    if (r->textbytes > DSR_WB_MAX_TEXT) {
        free(text);
        return fail(r, _("its cells hold more than %zu bytes of text in "
                         "all; a workbook of dossier is far smaller"),
                    DSR_WB_MAX_TEXT);
    }
    if (dsr_grow((void **)&s->cells, sizeof(*s->cells), cap, s->ncells + 1,
                 r->err) < 0) {
        free(text);
        return -1;
    }
    s->cells[s->ncells++] = (struct dsr_cell){(unsigned)row, (unsigned)col,
                                              type, text};
    if (row + 1 > s->nrows)
        s->nrows = (unsigned)row + 1;
    return 0;
}

static int
cell_cmp(const void *a, const void *b)
{
    const struct dsr_cell *x = a, *y = b;

    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    return 0;
}

const struct dsr_cell *
dsr_sheet_cell(const struct dsr_sheet *s, unsigned row, unsigned col)
{
    struct dsr_cell key = {.row = row, .col = col};

    if (!s || !s->ncells)
        return NULL;
    return bsearch(&key, s->cells, s->ncells, sizeof(*s->cells), cell_cmp);
}

const char *
dsr_sheet_text(const struct dsr_sheet *s, unsigned row, unsigned col)
{
    const struct dsr_cell *c = dsr_sheet_cell(s, row, col);

    return c ? c->text : "";
}

const struct dsr_sheet *
dsr_workbook_sheet(const struct dsr_workbook *wb, const char *name)
{
    for (size_t i = 0; wb && i < wb->nsheets; i++)
        if (strcmp(wb->sheets[i].name, name) == 0)
            return &wb->sheets[i];
    return NULL;
}

void
dsr_workbook_free(struct dsr_workbook *wb)
{
    if (!wb)
        return;
    for (size_t i = 0; i < wb->nsheets; i++) {
        for (size_t k = 0; k < wb->sheets[i].ncells; k++)
            free(wb->sheets[i].cells[k].text);
        free(wb->sheets[i].cells);
        free(wb->sheets[i].name);
    }
    free(wb->sheets);
    free(wb->path);
    free(wb);
}

/* Sort the cells; a cell given twice is refused (no writer does that). */
static int
sheet_finish(struct reader *r, struct dsr_sheet *s)
{
    char ref[32];

    if (!s->ncells)
        return 0;
    qsort(s->cells, s->ncells, sizeof(*s->cells), cell_cmp);
    for (size_t i = 1; i < s->ncells; i++)
        if (cell_cmp(&s->cells[i - 1], &s->cells[i]) == 0)
            return fail(r, _("sheet '%s' gives cell %s twice; save the "
                             "workbook again"),
                        s->name,
                        dsr_cell_ref(s->cells[i].row, s->cells[i].col, ref,
                                     sizeof(ref)));
    return 0;
}

static struct dsr_sheet *
new_sheet(struct reader *r, const char *name, bool hidden, size_t *cap)
{
    struct dsr_workbook *wb = r->wb;
    struct dsr_sheet *s;

    if (wb->nsheets >= DSR_WB_MAX_SHEETS) {
        fail(r, _("more than %d sheets"), DSR_WB_MAX_SHEETS);
        return NULL;
    }
    if (dsr_grow((void **)&wb->sheets, sizeof(*wb->sheets), cap,
                 wb->nsheets + 1, r->err) < 0)
        return NULL;
    s = &wb->sheets[wb->nsheets];
    memset(s, 0, sizeof(*s));
    s->name = dsr_strdup(name, r->err);
    if (!s->name)
        return NULL;
    s->hidden = hidden;
    wb->nsheets++;
    return s;
}

/* ---- numbers and dates ------------------------------------------------ */

static char *
number_text(double v)
{
    char buf[64];

    if (v == floor(v) && fabs(v) < 1e15)
        snprintf(buf, sizeof(buf), "%.0f", v);
    else
        snprintf(buf, sizeof(buf), "%.15g", v);
    return strdup(buf);
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void
civil_from_days(long z, int *y, int *m, int *d)
{
    long era, doe, yoe, doy, mp;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* An Excel serial day as "YYYY-MM-DD"; NULL when out of range. */
static char *
serial_date(double v, bool date1904)
{
    char buf[16];
    long days = (long)floor(v);
    int y, m, d;

    if (!(v >= 0 && v < 2958466))
        return NULL;
    if (!date1904 && days == 60)
        return NULL;            /* Excel's 1900-02-29, a day that never was */
    if (date1904)
        days -= 24107;          /* serial 0 is 1904-01-01 */
    else if (days >= 61)
        days -= 25569;          /* serial 25569 is 1970-01-01 */
    else if (days >= 1)
        days -= 25568;          /* before the 1900-02-29 Excel counts */
    else
        return NULL;
    civil_from_days(days, &y, &m, &d);
    snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
    return strdup(buf);
}

/* Whether a number format code shows a date: y, m or d outside quotes. */
static bool
format_is_date(const char *code)
{
    bool quoted = false, bracket = false;

    for (const char *p = code; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (*p == '\\' && p[1])
            p++;
        else if (*p == '[')
            bracket = true;
        else if (*p == ']')
            bracket = false;
        else if (!bracket && (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D'))
            return true;
    }
    return false;
}

/* ---- zip parts --------------------------------------------------------- */

/*
 * Count the elements of a part before it is parsed, against the limit on
 * all parts together: a parsed element costs a hundred bytes and more,
 * an empty one in the file four ("<c/>").  A '<' that opens no element
 * (an end tag, comment, processing instruction, CDATA) is not counted;
 * one inside a comment or CDATA is, which errs on the safe side.
 */
static int
count_elements(struct reader *r, const char *name, const char *buf, size_t len)
{
    for (const char *p = buf, *end = buf + len;
         (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++) {
        if (p + 1 < end && (p[1] == '/' || p[1] == '!' || p[1] == '?'))
            continue;
        if (++r->nelements > DSR_WB_MAX_ELEMENTS)
            return fail(r, _("the part '%s' brings the workbook past %zu "
                             "XML elements; a workbook of dossier is far "
                             "smaller"),
                        name, DSR_WB_MAX_ELEMENTS);
    }
    return 0;
}

/*
 * The part 'name' as a parsed document in '*doc'; 1 when there is no such
 * part (and 'optional'), 0 when read, -1 with 'err' set.
 */
static int
part_doc(struct reader *r, const char *name, bool optional, xmlDocPtr *doc)
{
    struct dsr_xml_problems probs = {0};
    zip_int64_t i = zip_name_locate(r->za, name, 0);
    zip_stat_t st;
    char *buf = NULL, why[256];
    uint64_t got = 0;
    size_t len = 0;
    enum dsr_xml_status xs;
    int ret = -1, rc;

    *doc = NULL;
    if (i < 0) {
        if (optional)
            return 1;
        return fail(r, _("not a workbook: the part '%s' is missing; save it "
                         "again as an Excel workbook (.xlsx)"),
                    name);
    }
    zip_stat_init(&st);
    if (zip_stat_index(r->za, (zip_uint64_t)i, 0, &st) < 0)
        return fail(r, _("cannot read the part '%s': %s"), name,
                    dsr_zip_strerror(r->za));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
        st.encryption_method != ZIP_EM_NONE)
        return fail(r, _("the part '%s' is encrypted; save the workbook "
                         "without a password"),
                    name);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > DSR_WB_MAX_PART)
        return fail(r, _("the part '%s' declares %llu bytes, more than the "
                         "limit of %llu; refused"),
                    name, (unsigned long long)st.size,
                    (unsigned long long)DSR_WB_MAX_PART);
    if (dsr_zip_stat_absurd(&st))
        return fail(r, _("the part '%s' declares %llu bytes from %llu "
                         "compressed, a compression ratio no workbook has; "
                         "refused"),
                    name, (unsigned long long)st.size,
                    (unsigned long long)st.comp_size);
    /* never more than declared: one byte past it is a lie */
    rc = dsr_zip_entry_read(r->za, (zip_uint64_t)i, st.size, NULL, &buf, -1,
                            &got, why, sizeof(why));
    if (rc < 0) {
        fail(r, _("cannot read the part '%s': %s"), name, why);
        goto out;
    }
    if (got != st.size) {
        fail(r, _("the part '%s' does not hold the %llu bytes it declares"),
             name, (unsigned long long)st.size);
        goto out;
    }
    len = (size_t)got;
    if (count_elements(r, name, buf, len) < 0)
        goto out;
    xs = dsr_xml_parse(buf, len, name, doc, &probs, r->err);
    if (xs == DSR_XML_FAILED)
        goto out;
    if (xs == DSR_XML_DOCTYPE) {
        fail(r, _("the part '%s' has a DOCTYPE, which a workbook never "
                  "has; refused"),
             name);
        goto out;
    }
    if (xs != DSR_XML_OK) {
        fail(r, _("the part '%s' is not well-formed XML (line %lu)"), name,
             probs.n ? probs.items[0].line : 0UL);
        goto out;
    }
    ret = 0;
out:
    free(buf);
    dsr_xml_problems_release(&probs);
    return ret;
}

static xmlNode *
child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (dsr_xml_is(c, name))
            return c;
    return NULL;
}

/* The text of every <t> below 'n' but those of phonetic runs (<rPh>). */
static int
gather_text(const xmlNode *n, char **out, size_t *len, struct reader *r)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || dsr_xml_is(c, "rPh"))
            continue;
        if (dsr_xml_is(c, "t")) {
            xmlChar *t = xmlNodeGetContent(c);
            size_t tl = t ? strlen((const char *)t) : 0;
            char *grown;

            if (*len + tl > DSR_WB_MAX_CELL_BYTES) {
                xmlFree(t);
                return fail(r, _("a text holds more than %d bytes"),
                            DSR_WB_MAX_CELL_BYTES);
            }
            grown = realloc(*out, *len + tl + 1);
            if (!grown) {
                xmlFree(t);
                return nomem(r);
            }
            *out = grown;
            memcpy(*out + *len, t ? (const char *)t : "", tl);
            *len += tl;
            (*out)[*len] = '\0';
            xmlFree(t);
        } else if (gather_text(c, out, len, r) < 0)
            return -1;
    }
    return 0;
}

static char *
rich_text(struct reader *r, const xmlNode *n)
{
    char *out = strdup("");
    size_t len = 0;

    if (!out) {
        nomem(r);
        return NULL;
    }
    if (gather_text(n, &out, &len, r) < 0) {
        free(out);
        return NULL;
    }
    return out;
}

static int
read_strings(struct reader *r, const char *name)
{
    xmlDocPtr doc;
    int rc = part_doc(r, name, true, &doc);

    if (rc)
        return rc > 0 ? 0 : -1;
    for (xmlNode *si = xmlDocGetRootElement(doc)->children; si; si = si->next) {
        char *t;

        if (!dsr_xml_is(si, "si"))
            continue;
        if (r->nstrings >= DSR_WB_MAX_STRINGS) {
            xmlFreeDoc(doc);
            return fail(r, _("more than %zu shared strings"), DSR_WB_MAX_STRINGS);
        }
        t = rich_text(r, si);
        if (!t || dsr_grow((void **)&r->strings, sizeof(*r->strings), &r->scap,
                           r->nstrings + 1, r->err) < 0) {
            free(t);
            xmlFreeDoc(doc);
            return -1;
        }
        r->strings[r->nstrings++] = t;
    }
    xmlFreeDoc(doc);
    return 0;
}

static int
read_styles(struct reader *r, const char *name)
{
    struct fmt { unsigned long id; bool date; } fmts[256];
    size_t nfmts = 0;
    xmlDocPtr doc;
    xmlNode *root, *n;
    int rc = part_doc(r, name, true, &doc);

    if (rc)
        return rc > 0 ? 0 : -1;
    root = xmlDocGetRootElement(doc);
    n = child(root, "numFmts");
    for (xmlNode *f = n ? n->children : NULL; f; f = f->next) {
        char *id, *code;

        if (!dsr_xml_is(f, "numFmt") || nfmts == sizeof(fmts) / sizeof(*fmts))
            continue;
        id = dsr_xml_attr(f, "numFmtId");
        code = dsr_xml_attr(f, "formatCode");
        if (id && code) {
            fmts[nfmts].id = strtoul(id, NULL, 10);
            fmts[nfmts++].date = format_is_date(code);
        }
        free(id);
        free(code);
    }
    n = child(root, "cellXfs");
    for (xmlNode *x = n ? n->children : NULL; x; x = x->next) {
        char *id;
        unsigned long fid;
        bool date;

        if (!dsr_xml_is(x, "xf"))
            continue;
        if (r->nstyles >= 65536) {
            xmlFreeDoc(doc);
            return fail(r, _("more than %d cell styles"), 65536);
        }
        id = dsr_xml_attr(x, "numFmtId");
        fid = id ? strtoul(id, NULL, 10) : 0;
        free(id);
        /* the built-in date formats */
        date = (fid >= 14 && fid <= 17) || fid == 22 ||
               (fid >= 27 && fid <= 36) || (fid >= 50 && fid <= 58);
        for (size_t i = 0; i < nfmts; i++)
            if (fmts[i].id == fid)
                date = fmts[i].date;
        {
            bool *g = realloc(r->date_style, (r->nstyles + 1) * sizeof(bool));

            if (!g) {
                xmlFreeDoc(doc);
                return nomem(r);
            }
            r->date_style = g;
            r->date_style[r->nstyles++] = date;
        }
    }
    xmlFreeDoc(doc);
    return 0;
}

/* One <c> of a sheet into 's'. */
static int
read_cell(struct reader *r, struct dsr_sheet *s, size_t *cap, xmlNode *c,
          unsigned long row, unsigned long *col)
{
    char *ref = dsr_xml_attr(c, "r");
    char *t = dsr_xml_attr(c, "t");
    char *st = dsr_xml_attr(c, "s");
    xmlNode *v = child(c, "v");
    char *vt = v ? dsr_xml_text(v) : NULL;
    enum dsr_cell_type type = DSR_CELL_STRING;
    char *text = NULL;
    unsigned long rr = row, cc = *col;
    int ret = -1;

    if (ref && parse_ref(ref, &rr, &cc) < 0) {
        fail(r, _("sheet '%s' has a cell named '%s', which is no cell "
                  "reference"),
             s->name, ref);
        goto out;
    }
    *col = cc + 1;
    if (t && strcmp(t, "s") == 0) {
        char *end;
        unsigned long i;

        errno = 0;
        i = vt ? strtoul(vt, &end, 10) : 0;
        if (!vt || *end || errno || i >= r->nstrings) {
            char cref[32];

            fail(r, _("cell %s!%s names shared string %s, which the "
                      "workbook does not have"),
                 s->name, dsr_cell_ref((unsigned)rr, (unsigned)cc, cref,
                                       sizeof(cref)),
                 vt ? vt : "?");
            goto out;
        }
        text = strdup(r->strings[i]);
    } else if (t && strcmp(t, "inlineStr") == 0) {
        xmlNode *is = child(c, "is");

        text = is ? rich_text(r, is) : strdup("");
        if (!text && is)
            goto out;
    } else if (t && strcmp(t, "b") == 0) {
        type = DSR_CELL_BOOL;
        text = strdup(vt && strcmp(vt, "1") == 0 ? "TRUE" : "FALSE");
    } else if (t && (strcmp(t, "str") == 0 || strcmp(t, "e") == 0)) {
        text = strdup(vt ? vt : "");
    } else if (t && strcmp(t, "d") == 0) {
        type = DSR_CELL_DATE;
        text = strndup(vt ? vt : "", 10);
    } else if (vt && *vt) {
        char *end;
        double d = strtod(vt, &end);
        unsigned long si = st ? strtoul(st, NULL, 10) : 0;

        if (*end || !isfinite(d)) {
            text = strdup(vt);
        } else if (si < r->nstyles && r->date_style[si] && !r->date1904 &&
                   floor(d) == 60) {
            char cref[32];

            fail(r, _("cell %s!%s holds 1900-02-29, a day that never was "
                      "(Excel counts it); type the date again"),
                 s->name, dsr_cell_ref((unsigned)rr, (unsigned)cc, cref,
                                       sizeof(cref)));
            goto out;
        } else if (si < r->nstyles && r->date_style[si] &&
                   (text = serial_date(d, r->date1904))) {
            type = DSR_CELL_DATE;
        } else {
            type = DSR_CELL_NUMBER;
            text = number_text(d);
        }
    } else {
        /* an empty cell: nothing kept, but counted like any other */
        text = strdup("");
    }
    if (!text) {
        if (r->err->code == DSR_OK)
            nomem(r);
        goto out;
    }
    ret = add_cell(r, s, cap, rr, cc, type, text);
out:
    free(ref);
    free(t);
    free(st);
    free(vt);
    return ret;
}

static int
read_sheet(struct reader *r, struct dsr_sheet *s, const char *part)
{
    xmlDocPtr doc;
    xmlNode *data;
    unsigned long row = 0;
    size_t cap = 0;
    int ret = -1;

    if (part_doc(r, part, false, &doc) < 0)
        return -1;
    data = child(xmlDocGetRootElement(doc), "sheetData");
    for (xmlNode *rw = data ? data->children : NULL; rw; rw = rw->next) {
        char *rs;
        unsigned long col = 0;

        if (!dsr_xml_is(rw, "row"))
            continue;
        rs = dsr_xml_attr(rw, "r");
        if (rs) {
            char *end;

            errno = 0;
            row = strtoul(rs, &end, 10);
            if (*end || errno || row == 0) {
                fail(r, _("sheet '%s' has a row numbered '%s'"), s->name, rs);
                free(rs);
                goto out;
            }
            row--;
            free(rs);
        }
        if (row >= DSR_WB_MAX_ROWS) {
            fail(r, _("sheet '%s' has a row %lu, past the limit of %d rows"),
                 s->name, row + 1, DSR_WB_MAX_ROWS);
            goto out;
        }
        for (xmlNode *c = rw->children; c; c = c->next)
            if (dsr_xml_is(c, "c") && read_cell(r, s, &cap, c, row, &col) < 0)
                goto out;
        row++;
    }
    if (sheet_finish(r, s) < 0)
        goto out;
    ret = 0;
out:
    xmlFreeDoc(doc);
    return ret;
}

/* A target of workbook.xml.rels as a part name ("xl/worksheets/sheet1.xml"). */
static void
target_part(const char *target, char *out, size_t size)
{
    if (target[0] == '/')
        snprintf(out, size, "%s", target + 1);
    else
        snprintf(out, size, "xl/%s", target);
}

static char *
rel_target(xmlNode *rels, const char *id, const char *type_suffix)
{
    for (xmlNode *n = rels ? rels->children : NULL; n; n = n->next) {
        char *rid, *type, *target;
        bool match;

        if (!dsr_xml_is(n, "Relationship"))
            continue;
        rid = dsr_xml_attr(n, "Id");
        type = dsr_xml_attr(n, "Type");
        match = id ? rid && strcmp(rid, id) == 0
                   : type && strlen(type) >= strlen(type_suffix) &&
                         strcmp(type + strlen(type) - strlen(type_suffix),
                                type_suffix) == 0;
        free(rid);
        free(type);
        if (!match)
            continue;
        target = dsr_xml_attr(n, "Target");
        if (target)
            return target;
    }
    return NULL;
}

/*
 * Whether an import reads the sheet 'name': the two sheets of an export,
 * in either language, and the hidden sheet of export-time values.  The
 * others are listed, by name, but never parsed.
 */
static bool
sheet_wanted(const char *name)
{
    if (strcmp(name, DSR_SHEET_BASE) == 0)
        return true;
    for (int l = 0; l < DSR_LANG_COUNT; l++)
        if (strcmp(name, dsr_sheet_name(DSR_SHEET_INDICATORS, (enum dsr_lang)l)) == 0 ||
            strcmp(name, dsr_sheet_name(DSR_SHEET_EVIDENCE, (enum dsr_lang)l)) == 0)
            return true;
    return false;
}

static int
read_xlsx(struct reader *r, const void *data, size_t len)
{
    zip_error_t ze;
    zip_source_t *src;
    xmlDocPtr wbdoc = NULL, relsdoc = NULL;
    xmlNode *wbroot, *rels, *sheets, *pr;
    size_t cap = 0;
    char part[512];
    char *parts[DSR_WB_MAX_SHEETS];
    size_t nparts = 0;
    char *t;
    int ret = -1;

    zip_error_init(&ze);
    src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        zip_error_fini(&ze);
        return nomem(r);
    }
    r->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!r->za) {
        zip_source_free(src);
        fail(r, _("not a readable workbook: %s"), dsr_zip_error_text(&ze));
        zip_error_fini(&ze);
        return -1;
    }
    zip_error_fini(&ze);
    if (zip_get_num_entries(r->za, 0) > DSR_WB_MAX_ENTRIES) {
        fail(r, _("more than %d parts; a workbook of dossier is far smaller"),
             DSR_WB_MAX_ENTRIES);
        goto out;
    }
    if (part_doc(r, "xl/workbook.xml", false, &wbdoc) < 0 ||
        part_doc(r, "xl/_rels/workbook.xml.rels", false, &relsdoc) < 0)
        goto out;
    wbroot = xmlDocGetRootElement(wbdoc);
    rels = xmlDocGetRootElement(relsdoc);
    pr = child(wbroot, "workbookPr");
    if (pr) {
        char *d = dsr_xml_attr(pr, "date1904");

        r->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
        free(d);
    }
    t = rel_target(rels, NULL, "/sharedStrings");
    target_part(t ? t : "sharedStrings.xml", part, sizeof(part));
    free(t);
    if (read_strings(r, part) < 0)
        goto out;
    t = rel_target(rels, NULL, "/styles");
    target_part(t ? t : "styles.xml", part, sizeof(part));
    free(t);
    if (read_styles(r, part) < 0)
        goto out;
    sheets = child(wbroot, "sheets");
    for (xmlNode *n = sheets ? sheets->children : NULL; n; n = n->next) {
        char *name, *state, *target;
        xmlChar *rid;
        struct dsr_sheet *s;

        if (!dsr_xml_is(n, "sheet"))
            continue;
        name = dsr_xml_attr(n, "name");
        state = dsr_xml_attr(n, "state");
        rid = xmlGetNsProp(n, (const xmlChar *)"id", (const xmlChar *)NS_REL);
        target = rid ? rel_target(rels, (const char *)rid, NULL) : NULL;
        for (size_t k = 0; name && k < r->wb->nsheets; k++)
            if (strcasecmp(r->wb->sheets[k].name, name) == 0) {
                fail(r, _("two sheets are named '%s'; a workbook of dossier "
                          "has each sheet once: delete or rename one"),
                     name);
                break;
            }
        s = r->err->code != DSR_OK
                ? NULL
                : new_sheet(r, name ? name : "",
                            state && strcmp(state, "visible") != 0, &cap);
        if (s && !target)
            fail(r, _("sheet '%s' has no part; save the workbook again"),
                 name ? name : "");
        if (s && target)
            target_part(target, part, sizeof(part));
        free(name);
        free(state);
        xmlFree(rid);
        free(target);
        if (!s || r->err->code != DSR_OK)
            goto out;
        /* only the sheets an import reads, and every part once */
        if (r->first_only ? s->hidden || r->first_read
                          : !sheet_wanted(s->name))
            continue;
        r->first_read = true;
        for (size_t k = 0; k < nparts; k++)
            if (strcmp(parts[k], part) == 0) {
                fail(r, _("sheet '%s' shares its part '%s' with another "
                          "sheet; save the workbook again"),
                     s->name, part);
                goto out;
            }
        if (!(parts[nparts] = strdup(part))) {
            nomem(r);
            goto out;
        }
        nparts++;
        if (read_sheet(r, s, part) < 0)
            goto out;
    }
    if (!r->wb->nsheets) {
        fail(r, _("the workbook has no sheet"));
        goto out;
    }
    ret = 0;
out:
    for (size_t k = 0; k < nparts; k++)
        free(parts[k]);
    xmlFreeDoc(wbdoc);
    xmlFreeDoc(relsdoc);
    zip_discard(r->za);
    r->za = NULL;
    return ret;
}

/* ---- CSV --------------------------------------------------------------- */

/* Records read to tell the separator: a title row or two above the header
 * (which has neither) must not decide it. */
#define CSV_SNIFF_RECORDS 20

/*
 * ';' when the first CSV_SNIFF_RECORDS records have more of them than ','
 * outside quotes (Excel in an Indonesian locale saves with ';').
 */
static char
csv_separator(const char *p, const char *end)
{
    size_t commas = 0, semis = 0, records = 0;
    bool q = false;

    for (; p < end; p++) {
        if (*p == '"')
            q = !q;
        else if (!q && *p == '\n' && ++records == CSV_SNIFF_RECORDS)
            break;
        else if (!q && *p == ',')
            commas++;
        else if (!q && *p == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

static int
read_csv(struct reader *r, const char *p, size_t len)
{
    const char *end = p + len;
    struct dsr_sheet *s;
    size_t cap = 0, scap = 0;
    unsigned long row = 0, col = 0;
    char sep;
    char *field = NULL;
    size_t flen = 0;
    bool any = false;

    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = dsr_utf8_next((const unsigned char *)p + i, len - i, &cp);

        if (!n)
            return fail(r, _("not UTF-8 (at byte %zu); save it as \"CSV "
                             "UTF-8\""),
                        i);
        i += n;
    }
    if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
        p += 3;
    r->wb->csv = true;
    s = new_sheet(r, "", false, &scap);
    if (!s)
        return -1;
    sep = csv_separator(p, end);
    field = malloc(DSR_WB_MAX_CELL_BYTES + 1);
    if (!field)
        return nomem(r);
    while (p < end) {
        bool quoted = false;

        flen = 0;
        if (*p == '"') {
            quoted = true;
            p++;
            for (;;) {
                if (p >= end) {
                    free(field);
                    return fail(r, _("row %lu: a quote is not closed"), row + 1);
                }
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"')
                        p++;
                    else {
                        p++;
                        break;
                    }
                }
                if (flen >= DSR_WB_MAX_CELL_BYTES)
                    goto too_long;
                field[flen++] = *p++;
            }
        }
        /* what follows a closing quote, or an unquoted field */
        if (memchr(field, '\0', flen))
            goto nul;
        while (p < end && *p != sep && *p != '\n' && *p != '\r') {
            if (flen >= DSR_WB_MAX_CELL_BYTES)
                goto too_long;
            field[flen++] = *p++;
        }
        if (memchr(field, '\0', flen))
            goto nul;
        field[flen] = '\0';
        if (flen || quoted) {
            /* the quote an export put before a formula (sheet_int.h) */
            bool guard = flen >= 2 && field[0] == '\'' &&
                         strchr(DSR_CSV_FORMULA_START, field[1]);
            char *t = strdup(field + guard);

            if (!t) {
                free(field);
                return nomem(r);
            }
            if (add_cell(r, s, &cap, row, col, DSR_CELL_STRING, t) < 0) {
                free(field);
                return -1;
            }
        }
        any = true;
        if (p < end && *p == sep) {
            p++;
            col++;
            continue;
        }
        if (p < end && *p == '\r')
            p++;
        if (p < end && *p == '\n')
            p++;
        row++;
        col = 0;
        any = false;
    }
    (void)any;
    free(field);
    return sheet_finish(r, s);
nul:
    free(field);
    return fail(r, _("row %lu, column %lu holds a NUL byte, which no text "
                     "has; save the file again as \"CSV UTF-8\""),
                row + 1, col + 1);
too_long:
    free(field);
    return fail(r, _("row %lu, column %lu holds more than %d bytes"), row + 1,
                col + 1, DSR_WB_MAX_CELL_BYTES);
}

/* ---- entry points ------------------------------------------------------ */

static struct dsr_workbook *
read_mem(const void *data, size_t len, const char *path, bool first_only,
         struct dsr_error *err)
{
    struct reader r = {.path = path, .err = err, .first_only = first_only};
    int rc;

    if (len > DSR_WB_MAX_FILE) {
        dsr_error_set(err, DSR_INPUT, path, 0,
                      _("larger than %zu bytes, the limit for a workbook"),
                      DSR_WB_MAX_FILE);
        return NULL;
    }
    r.wb = calloc(1, sizeof(*r.wb));
    if (!r.wb || !(r.wb->path = strdup(path))) {
        free(r.wb);
        nomem(&r);
        return NULL;
    }
    if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        rc = read_xlsx(&r, data, len);
    else
        rc = read_csv(&r, data, len);
    for (size_t i = 0; i < r.nstrings; i++)
        free(r.strings[i]);
    free(r.strings);
    free(r.date_style);
    if (rc < 0) {
        dsr_workbook_free(r.wb);
        return NULL;
    }
    return r.wb;
}

struct dsr_workbook *
dsr_workbook_read_mem(const void *data, size_t len, const char *path,
                      struct dsr_error *err)
{
    return read_mem(data, len, path, false, err);
}

static struct dsr_workbook *
read_path(const char *path, bool first_only, struct dsr_error *err)
{
    struct dsr_workbook *wb;
    char *data = NULL;
    size_t len = 0;
    int sys = 0;

    switch (dsr_read_file(path, DSR_WB_MAX_FILE, &data, &len, &sys)) {
    case DSR_READ_OK:
        break;
    case DSR_READ_TOO_LARGE:
        dsr_error_set(err, DSR_INPUT, path, 0,
                      _("larger than %zu bytes, the limit for a workbook"),
                      DSR_WB_MAX_FILE);
        return NULL;
    case DSR_READ_NOMEM:
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        return NULL;
    default:
        /* a name mistyped is the user's to fix, not the tool's failure */
        if (sys == ENOENT || sys == ENOTDIR || sys == EISDIR)
            dsr_error_set(err, DSR_INPUT, path, 0,
                          _("cannot read (%s); give the workbook or CSV file "
                            "that export wrote"),
                          dsr_strerror(sys));
        else
            dsr_error_sys(err, sys, path, _("cannot read"));
        return NULL;
    }
    wb = read_mem(data, len, path, first_only, err);
    free(data);
    return wb;
}

struct dsr_workbook *
dsr_workbook_read(const char *path, struct dsr_error *err)
{
    return read_path(path, false, err);
}

struct dsr_workbook *
dsr_workbook_read_first(const char *path, struct dsr_error *err)
{
    return read_path(path, true, err);
}
