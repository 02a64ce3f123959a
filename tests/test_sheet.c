/*
 * test_sheet.c -- the worksheet round trip: export read back cell by
 * cell with our own reader, the reader on hostile workbooks and CSV, and
 * the import plan's three-way merge.
 */
#include "testutil.h"

#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"
#include "dossier/sheet.h"
#include "sheet_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define EXAMPLE TEST_SOURCE_DIR "/templates/example/manifest.xml"

static struct dsr_manifest *
load_manifest(const char *path)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_manifest *m = dsr_manifest_load(path, TEST_MANIFEST_XSD, &f, &err);

    ck_assert_msg(m, "%s: %s", path, err.msg);
    ck_assert_uint_eq(f.counts[DSR_SEV_ERROR], 0);
    dsr_findings_release(&f);
    return m;
}

static struct dsr_catalog *
load_catalog(const struct dsr_manifest *m)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_catalog *c = dsr_catalog_load_id(TEST_FRAMEWORKS, m->framework,
                                                TEST_FRAMEWORK_XSD, &err);

    ck_assert_msg(c, "%s", err.msg);
    return c;
}

/* The example manifest with 'from' replaced by 'to' (once), in 'dir'. */
static char *
variant(const char *dir, const char *from, const char *to)
{
    FILE *f = fopen(EXAMPLE, "rb");
    static char path[700];
    char *buf, *at, *out;
    long n;

    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = calloc(1, (size_t)n + 1);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    at = from ? strstr(buf, from) : NULL;
    if (from)
        ck_assert_msg(at, "no '%s' in the example", from);
    out = calloc(1, (size_t)n + (to ? strlen(to) : 0) + 1);
    if (at) {
        memcpy(out, buf, (size_t)(at - buf));
        strcat(out, to);
        strcat(out, at + strlen(from));
    } else
        memcpy(out, buf, (size_t)n);
    tu_write(dir, "manifest.xml", out, (size_t)-1);
    free(buf);
    free(out);
    snprintf(path, sizeof(path), "%s/manifest.xml", dir);
    return path;
}

static struct dsr_workbook *
export_read(const struct dsr_manifest *m, const struct dsr_catalog *c,
            const char *dir, const struct dsr_export_opts *o, const char *name)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_workbook *wb;
    char out[700];

    snprintf(out, sizeof(out), "%s/%s", dir, name);
    ck_assert_msg(dsr_sheet_export(m, c, o, out, &err) == 0, "%s", err.msg);
    wb = dsr_workbook_read(out, &err);
    ck_assert_msg(wb, "%s", err.msg);
    return wb;
}

/* Set a cell of 'wb' (adding it when absent), as a person would. */
static void
set_cell(struct dsr_workbook *wb, const char *sheet, unsigned row,
         unsigned col, const char *text)
{
    struct dsr_sheet *s = (struct dsr_sheet *)dsr_workbook_sheet(wb, sheet);
    struct dsr_cell *c;

    ck_assert_ptr_nonnull(s);
    c = (struct dsr_cell *)dsr_sheet_cell(s, row, col);
    if (c) {
        free(c->text);
        c->text = strdup(text);
        return;
    }
    s->cells = realloc(s->cells, (s->ncells + 1) * sizeof(*s->cells));
    /* keep the order: cells are found by binary search */
    {
        size_t i = s->ncells;

        while (i > 0 && (s->cells[i - 1].row > row ||
                         (s->cells[i - 1].row == row && s->cells[i - 1].col > col))) {
            s->cells[i] = s->cells[i - 1];
            i--;
        }
        s->cells[i] = (struct dsr_cell){row, col, DSR_CELL_STRING, strdup(text)};
    }
    s->ncells++;
    if (row + 1 > s->nrows)
        s->nrows = row + 1;
}

/* The row (0-based) of indicator 'id' on the indicators sheet. */
static unsigned
ind_row(const struct dsr_workbook *wb, const char *id)
{
    const struct dsr_sheet *s = dsr_workbook_sheet(wb, "Indikator");

    for (unsigned r = 1; r < s->nrows; r++)
        if (strcmp(dsr_sheet_text(s, r, 0), id) == 0)
            return r;
    ck_abort_msg("no row for indicator %s", id);
    return 0;
}

/* ---- export, read back ------------------------------------------------ */

static const char *
assessment_level(const struct dsr_mindicator *ind, int stage, char *buf)
{
    buf[0] = '\0';
    for (size_t i = 0; i < ind->nassessments; i++)
        if ((int)ind->assessments[i].stage == stage) {
            if (ind->assessments[i].level != DSR_LEVEL_NONE)
                sprintf(buf, "%ld", ind->assessments[i].level);
            return buf;
        }
    return buf;
}

static const char *
assessment_text(const struct dsr_mindicator *ind, int stage)
{
    for (size_t i = 0; i < ind->nassessments; i++)
        if ((int)ind->assessments[i].stage == stage)
            return ind->assessments[i].text;
    return "";
}

START_TEST(test_sheet_export_every_cell)
{
    const char *dir = tu_tmpdir();
    struct dsr_manifest *m = load_manifest(EXAMPLE);
    struct dsr_catalog *c = load_catalog(m);
    struct dsr_export_opts o = {.lang = DSR_LANG_ID, .now = 1700000000};
    struct dsr_workbook *wb = export_read(m, c, dir, &o, "a.xlsx");
    const struct dsr_sheet *si = dsr_workbook_sheet(wb, "Indikator");
    const struct dsr_sheet *se = dsr_workbook_sheet(wb, "Bukti");
    const struct dsr_sheet *sb = dsr_workbook_sheet(wb, DSR_SHEET_BASE);
    const struct dsr_sheet *sl = dsr_workbook_sheet(wb, DSR_SHEET_LISTS);
    unsigned er = 1;
    char buf[32];

    ck_assert_ptr_nonnull(si);
    ck_assert_ptr_nonnull(se);
    ck_assert_ptr_nonnull(sb);
    ck_assert_ptr_nonnull(sl);
    ck_assert(!si->hidden && !se->hidden && sb->hidden && sl->hidden);
    ck_assert_str_eq(dsr_sheet_text(si, 0, 0), "ID");
    ck_assert_str_eq(dsr_sheet_text(si, 0, 2), "Pengampu");
    ck_assert_str_eq(dsr_sheet_text(si, 0, 3), "Level mandiri");
    ck_assert_str_eq(dsr_sheet_text(si, 0, 11), "Kriteria level berikutnya");
    ck_assert_str_eq(dsr_sheet_text(se, 0, 5), "SHA-256");
    ck_assert_str_eq(dsr_sheet_text(sb, 0, 0), "dossier-export");
    ck_assert_str_eq(dsr_sheet_text(sb, 2, 1), "2023-11-14T22:13:20Z");
    ck_assert_uint_eq(si->nrows, m->nindicators + 1);
    for (size_t k = 0; k < m->nindicators; k++) {
        const struct dsr_mindicator *ind = &m->indicators[k];
        const struct dsr_indicator *ci = dsr_catalog_indicator(c, ind->id);
        unsigned r = (unsigned)k + 1;

        ck_assert_str_eq(dsr_sheet_text(si, r, 0), ind->id);
        ck_assert_str_eq(dsr_sheet_text(si, r, 1), ci->name.s[DSR_LANG_ID]);
        ck_assert_str_eq(dsr_sheet_text(si, r, 2), ind->owner);
        {
            const struct dsr_assessment *a = dsr_mindicator_assessment(ind, -1);
            long next = a && a->level != DSR_LEVEL_NONE ? a->level + 1 : 1;
            const char *hint = next <= DSR_LEVEL_MAX && next >= 1
                                   ? ci->criterion[next].s[DSR_LANG_ID]
                                   : NULL;

            ck_assert_str_eq(dsr_sheet_text(si, r, 11), hint ? hint : "");
        }
        for (int s = 0; s < DSR_STAGE_COUNT; s++) {
            const struct dsr_cell *lc = dsr_sheet_cell(si, r, 3 + 2 * (unsigned)s);

            ck_assert_str_eq(dsr_sheet_text(si, r, 3 + 2 * (unsigned)s),
                             assessment_level(ind, s, buf));
            if (lc)
                ck_assert_int_eq(lc->type, DSR_CELL_NUMBER);
            ck_assert_str_eq(dsr_sheet_text(si, r, 4 + 2 * (unsigned)s),
                             assessment_text(ind, s));
        }
        for (size_t e = 0; e < ind->nevidence; e++, er++) {
            const struct dsr_evidence *ev = &ind->evidence[e];
            const struct dsr_cell *dc = dsr_sheet_cell(se, er, 4);

            ck_assert_str_eq(dsr_sheet_text(se, er, 0), ind->id);
            ck_assert_str_eq(dsr_sheet_text(se, er, 1), ev->file);
            ck_assert_str_eq(dsr_sheet_text(se, er, 2), ev->title);
            buf[0] = '\0';
            if (ev->level != DSR_LEVEL_NONE)
                sprintf(buf, "%ld", ev->level);
            ck_assert_str_eq(dsr_sheet_text(se, er, 3), buf);
            ck_assert_str_eq(dsr_sheet_text(se, er, 4),
                             ev->date_text ? ev->date_text : "");
            if (dc)
                ck_assert_int_eq(dc->type, DSR_CELL_DATE);
            ck_assert_str_eq(dsr_sheet_text(se, er, 5),
                             ev->sha256 ? ev->sha256 : "");
        }
    }
    ck_assert_uint_eq(se->nrows, er);
    /* the export-time values: a row per indicator, then per entry */
    {
        size_t ni = 0, ne = 0;

        for (unsigned r = 0; r < sb->nrows; r++) {
            const char *k = dsr_sheet_text(sb, r, 0);

            if (strcmp(k, "I") == 0) {
                const struct dsr_mindicator *ind = &m->indicators[ni++];

                ck_assert_str_eq(dsr_sheet_text(sb, r, 1), ind->id);
                ck_assert_str_eq(dsr_sheet_text(sb, r, 2), ind->owner);
                ck_assert_str_eq(dsr_sheet_text(sb, r, 3),
                                 assessment_level(ind, 0, buf));
                ck_assert_str_eq(dsr_sheet_text(sb, r, 4), assessment_text(ind, 0));
            } else if (strcmp(k, "E") == 0) {
                ck_assert_str_eq(dsr_sheet_text(sb, r, 3),
                                 dsr_sheet_text(se, (unsigned)ne + 1, 2));
                ne++;
            }
        }
        ck_assert_uint_eq(ni, m->nindicators);
        ck_assert_uint_eq(ne, er - 1);
    }
    dsr_workbook_free(wb);
    dsr_catalog_free(c);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_sheet_export_owner_and_csv)
{
    const char *dir = tu_tmpdir();
    struct dsr_manifest *m = load_manifest(EXAMPLE);
    struct dsr_catalog *c = load_catalog(m);
    struct dsr_export_opts o = {.lang = DSR_LANG_EN, .owner = "Bappeda"};
    struct dsr_workbook *wb = export_read(m, c, dir, &o, "b.xlsx");
    const struct dsr_sheet *si = dsr_workbook_sheet(wb, "Indicators");
    struct dsr_error err = DSR_ERROR_INIT;
    size_t want = 0;
    char out[700];

    for (size_t k = 0; k < m->nindicators; k++)
        want += strcmp(m->indicators[k].owner, "Bappeda") == 0;
    ck_assert_ptr_nonnull(si);
    ck_assert_str_eq(dsr_sheet_text(si, 0, 2), "Owner");
    ck_assert_uint_eq(si->nrows, want + 1);
    for (unsigned r = 1; r < si->nrows; r++)
        ck_assert_str_eq(dsr_sheet_text(si, r, 2), "Bappeda");
    dsr_workbook_free(wb);

    o.owner = "Nobody";
    snprintf(out, sizeof(out), "%s/x.xlsx", dir);
    ck_assert_int_eq(dsr_sheet_export(m, c, &o, out, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);

    o.owner = NULL;
    o.csv = true;
    o.sheet = DSR_SHEET_EVIDENCE;
    wb = export_read(m, c, dir, &o, "e.csv");
    ck_assert(wb->csv);
    ck_assert_str_eq(dsr_sheet_text(&wb->sheets[0], 0, 1), "File");
    ck_assert_str_eq(dsr_sheet_text(&wb->sheets[0], 1, 1),
                     m->indicators[0].evidence[0].file);
    ck_assert_str_eq(dsr_sheet_text(&wb->sheets[0], 1, 2),
                     m->indicators[0].evidence[0].title);
    dsr_workbook_free(wb);
    dsr_catalog_free(c);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

/* ---- the reader -------------------------------------------------------- */

struct part {
    const char *name;
    const char *text;           /* NULL: 'len' bytes of 'a' */
    size_t len;
};

static const char wb_xml[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr%s/><sheets><sheet name=\"Indikator\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";
static const char rels_xml[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "</Relationships>";
static const char styles_xml[] =
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>"
    "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/></cellXfs>"
    "</styleSheet>";
static const char sst_xml[] =
    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
    "<si><t>Bagian Hukum &amp; HAM</t></si>"
    "<si><r><t>rich </t></r><r><t>text</t></r><rPh><t>x</t></rPh></si>"
    "</sst>";

static char *
make_zip(const char *dir, const char *name, const struct part *parts, size_t n)
{
    static char path[700];
    zip_t *za;
    int ze;

    snprintf(path, sizeof(path), "%s/%s", dir, name);
    za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
    ck_assert_ptr_nonnull(za);
    for (size_t i = 0; i < n; i++) {
        size_t len = parts[i].text ? strlen(parts[i].text) : parts[i].len;
        char *data = malloc(len + 1);
        zip_source_t *src;

        if (parts[i].text)
            memcpy(data, parts[i].text, len);
        else
            memset(data, 'a', len);
        src = zip_source_buffer(za, data, len, 1);
        ck_assert_ptr_nonnull(src);
        ck_assert_int_ge(zip_file_add(za, parts[i].name, src, 0), 0);
    }
    ck_assert_int_eq(zip_close(za), 0);
    return path;
}

/* A one-sheet workbook with 'sheet' as its sheetData's rows. */
static struct dsr_workbook *
read_sheet_xml(const char *dir, const char *wbpr, const char *rows,
               struct dsr_error *err)
{
    char wbx[1024], sheet[8192];

    snprintf(wbx, sizeof(wbx), wb_xml, wbpr);
    snprintf(sheet, sizeof(sheet),
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
             "<sheetData>%s</sheetData></worksheet>",
             rows);
    {
        struct part parts[] = {
            {"xl/workbook.xml", wbx, 0},
            {"xl/_rels/workbook.xml.rels", rels_xml, 0},
            {"xl/styles.xml", styles_xml, 0},
            {"xl/sharedStrings.xml", sst_xml, 0},
            {"xl/worksheets/sheet1.xml", sheet, 0},
        };

        return dsr_workbook_read(make_zip(dir, "t.xlsx", parts, 5), err);
    }
}

START_TEST(test_sheet_read_cell_types)
{
    const char *dir = tu_tmpdir();
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_workbook *wb = read_sheet_xml(
        dir, "",
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"C1\" t=\"inlineStr\"><is><t>inline</t></is></c>"
        "<c r=\"D1\"><v>3</v></c><c r=\"E1\"><v>3.0</v></c><c r=\"F1\"><v>2.5</v></c>"
        "<c r=\"G1\" t=\"b\"><v>1</v></c></row>"
        "<row r=\"7\"><c r=\"A7\" s=\"1\"><v>45689</v></c>"
        "<c r=\"B7\" s=\"2\"><v>59.5</v></c><c r=\"D7\" s=\"2\"><v>61</v></c><c r=\"C7\" s=\"2\"><v>1</v></c>"
        "<c r=\"AB7\" t=\"str\"><v>formula</v></c></row>",
        &err);
    const struct dsr_sheet *s;

    ck_assert_msg(wb, "%s", err.msg);
    s = dsr_workbook_sheet(wb, "Indikator");
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(dsr_sheet_text(s, 0, 0), "Bagian Hukum & HAM");
    ck_assert_str_eq(dsr_sheet_text(s, 0, 1), "rich text");
    ck_assert_str_eq(dsr_sheet_text(s, 0, 2), "inline");
    ck_assert_str_eq(dsr_sheet_text(s, 0, 3), "3");
    ck_assert_str_eq(dsr_sheet_text(s, 0, 4), "3");
    ck_assert_str_eq(dsr_sheet_text(s, 0, 5), "2.5");
    ck_assert_str_eq(dsr_sheet_text(s, 0, 6), "TRUE");
    ck_assert_int_eq(dsr_sheet_cell(s, 0, 6)->type, DSR_CELL_BOOL);
    ck_assert_str_eq(dsr_sheet_text(s, 6, 0), "2025-02-01");
    ck_assert_int_eq(dsr_sheet_cell(s, 6, 0)->type, DSR_CELL_DATE);
    ck_assert_str_eq(dsr_sheet_text(s, 6, 1), "1900-02-28");
    ck_assert_str_eq(dsr_sheet_text(s, 6, 2), "1900-01-01");
    ck_assert_str_eq(dsr_sheet_text(s, 6, 3), "1900-03-01");
    ck_assert_str_eq(dsr_sheet_text(s, 6, 27), "formula");
    ck_assert_uint_eq(s->nrows, 7);
    dsr_workbook_free(wb);

    /* the 1904 system: serial 0 is 1904-01-01 */
    wb = read_sheet_xml(dir, " date1904=\"1\"",
                        "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>44227</v></c></row>",
                        &err);
    ck_assert_msg(wb, "%s", err.msg);
    ck_assert_str_eq(dsr_sheet_text(&wb->sheets[0], 0, 0), "2025-02-01");
    dsr_workbook_free(wb);
    tu_rmtree(dir);
}
END_TEST

/* A hostile or broken workbook is refused with a message naming it. */
static void
refused(struct dsr_workbook *wb, const struct dsr_error *err, const char *path,
        const char *msg)
{
    ck_assert_ptr_null(wb);
    ck_assert_int_eq(err->code, DSR_INPUT);
    ck_assert_msg(strstr(err->path, path), "path '%s'", err->path);
    ck_assert_msg(strstr(err->msg, msg), "message '%s', want '%s'", err->msg,
                  msg);
}

START_TEST(test_sheet_read_hostile)
{
    const char *dir = tu_tmpdir();
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_workbook *wb;
    char wbx[1024];

    /* a million rows declared */
    wb = read_sheet_xml(dir, "",
                        "<row r=\"1000000\"><c r=\"A1000000\"><v>1</v></c></row>",
                        &err);
    refused(wb, &err, "t.xlsx", "row 1000000, past the limit of 100000 rows");
    dsr_error_clear(&err);
    wb = read_sheet_xml(dir, "", "<row><c r=\"A1048576\"><v>1</v></c></row>", &err);
    refused(wb, &err, "t.xlsx", "past the limit of 100000 rows");
    dsr_error_clear(&err);
    /* a shared string the workbook does not have */
    wb = read_sheet_xml(dir, "", "<row r=\"3\"><c r=\"D3\" t=\"s\"><v>2</v></c></row>",
                        &err);
    refused(wb, &err, "t.xlsx", "cell Indikator!D3 names shared string 2");
    dsr_error_clear(&err);
    /* one cell given twice */
    wb = read_sheet_xml(dir, "", "<row r=\"1\"><c r=\"A1\"><v>1</v></c>"
                                 "<c r=\"A1\"><v>2</v></c></row>", &err);
    refused(wb, &err, "t.xlsx", "gives cell A1 twice");
    dsr_error_clear(&err);
    /* a DOCTYPE */
    {
        char sheet[] = "<!DOCTYPE x [<!ENTITY e \"boom\">]><worksheet "
                       "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                       "<sheetData/></worksheet>";
        struct part parts[] = {
            {"xl/workbook.xml", NULL, 0},
            {"xl/_rels/workbook.xml.rels", rels_xml, 0},
            {"xl/worksheets/sheet1.xml", sheet, 0},
        };

        snprintf(wbx, sizeof(wbx), wb_xml, "");
        parts[0].text = wbx;
        wb = dsr_workbook_read(make_zip(dir, "d.xlsx", parts, 3), &err);
        refused(wb, &err, "d.xlsx", "DOCTYPE");
        dsr_error_clear(&err);
        /* a missing part */
        wb = dsr_workbook_read(make_zip(dir, "m.xlsx", parts, 2), &err);
        refused(wb, &err, "m.xlsx", "xl/worksheets/sheet1.xml' is missing");
        dsr_error_clear(&err);
        wb = dsr_workbook_read(make_zip(dir, "w.xlsx", parts + 1, 2), &err);
        refused(wb, &err, "w.xlsx", "xl/workbook.xml' is missing");
        dsr_error_clear(&err);
    }
    /* a zip bomb: one part inflating past the limit */
    {
        struct part parts[] = {
            {"xl/workbook.xml", NULL, (size_t)DSR_WB_MAX_PART + 1},
        };
        char want[64];

        snprintf(want, sizeof(want), "declares %llu bytes",
                 (unsigned long long)DSR_WB_MAX_PART + 1);
        wb = dsr_workbook_read(make_zip(dir, "bomb.xlsx", parts, 1), &err);
        refused(wb, &err, "bomb.xlsx", want);
        dsr_error_clear(&err);
    }
    /* not a zip, not UTF-8 */
    tu_write(dir, "bin.csv", "a,\xff\xfe\n", (size_t)-1);
    {
        char p[700];

        snprintf(p, sizeof(p), "%s/bin.csv", dir);
        wb = dsr_workbook_read(p, &err);
        refused(wb, &err, "bin.csv", "not UTF-8");
        dsr_error_clear(&err);
    }
    tu_rmtree(dir);
}
END_TEST


/*
 * A workbook of the 'n' sheets 'names', the sheetData of each in 'rows'
 * (NULL: the sheet shares the part of the first), and shared strings
 * 'sst' (the content of <sst>, or NULL).  Built in memory, any size.
 */
static struct dsr_workbook *
read_built(const char *dir, const char *file, const char *const *names,
           const char *const *rows, size_t n, const char *sst,
           struct dsr_error *err)
{
    struct part parts[16];
    char *texts[16];
    size_t np = 0, wl = 4096, rl = 4096;
    char *wbx = malloc(wl), *rels = malloc(rl), *sstx = NULL;
    struct dsr_workbook *wb;

    strcpy(wbx, "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
    strcpy(rels, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
    for (size_t i = 0; i < n; i++) {
        size_t target = i;
        char buf[600];

        if (rows[i] == NULL)
            target = 0;
        snprintf(buf, sizeof(buf), "<sheet name=\"%s\" sheetId=\"%zu\" r:id=\"rId%zu\"/>",
                 names[i], i + 1, i + 1);
        strcat(wbx, buf);
        snprintf(buf, sizeof(buf),
                 "<Relationship Id=\"rId%zu\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                 "Target=\"worksheets/sheet%zu.xml\"/>", i + 1, target + 1);
        strcat(rels, buf);
    }
    strcat(wbx, "</sheets></workbook>");
    strcat(rels, "</Relationships>");
    parts[np++] = (struct part){"xl/workbook.xml", wbx, 0};
    parts[np++] = (struct part){"xl/_rels/workbook.xml.rels", rels, 0};
    parts[np++] = (struct part){"xl/styles.xml", styles_xml, 0};
    if (sst) {
        sstx = malloc(strlen(sst) + 200);
        sprintf(sstx, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">%s</sst>", sst);
        parts[np++] = (struct part){"xl/sharedStrings.xml", sstx, 0};
    }
    for (size_t i = 0; i < n; i++) {
        static const char *const pnames[] = {
            "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
            "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml"};

        texts[i] = NULL;
        if (!rows[i])
            continue;
        texts[i] = malloc(strlen(rows[i]) + 200);
        sprintf(texts[i], "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                          "<sheetData>%s</sheetData></worksheet>", rows[i]);
        parts[np++] = (struct part){pnames[i], texts[i], 0};
    }
    wb = dsr_workbook_read(make_zip(dir, file, parts, np), err);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(wbx);
    free(rels);
    free(sstx);
    return wb;
}

/* 'n' copies of 'unit' after 'head', then 'tail'. */
static char *
repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *out = malloc(hl + ul * n + tl + 1), *w = out;

    memcpy(w, head, hl);
    w += hl;
    for (size_t i = 0; i < n; i++, w += ul)
        memcpy(w, unit, ul);
    memcpy(w, tail, tl + 1);
    return out;
}

START_TEST(test_sheet_read_bounded)
{
    const char *dir = tu_tmpdir();
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_workbook *wb;
    const char *names[2];
    const char *rows[2];
    char *big, *sst;

    /* one long shared string in many cells: the text of all cells is
     * bounded, not only each cell's */
    sst = repeat("<si><t>", "x", DSR_WB_MAX_CELL_BYTES, "</t></si>");
    big = repeat("<row r=\"2\">", "<c t=\"s\"><v>0</v></c>", 64, "</row>");
    {
        /* 64 cells a row, rows 2.. as many as it takes */
        size_t nrows = DSR_WB_MAX_TEXT / (64 * (DSR_WB_MAX_CELL_BYTES + 1)) + 1;
        char *all = malloc((strlen(big) + 16) * nrows + 1);

        all[0] = '\0';
        for (size_t r = 0; r < nrows; r++) {
            char head[32];

            snprintf(head, sizeof(head), "<row r=\"%zu\">", r + 2);
            strcat(all, head);
            strcat(all, big + strlen("<row r=\"2\">"));
        }
        names[0] = "Indikator";
        rows[0] = all;
        wb = read_built(dir, "amp.xlsx", names, rows, 1, sst, &err);
        refused(wb, &err, "amp.xlsx", "bytes of text in all");
        dsr_error_clear(&err);
        free(all);
    }
    free(big);
    free(sst);

    /* empty cells count: past the column limit, and past the elements */
    big = repeat("<row r=\"2\">", "<c/>", DSR_WB_MAX_COLS + 1, "</row>");
    names[0] = "Indikator";
    rows[0] = big;
    wb = read_built(dir, "e.xlsx", names, rows, 1, NULL, &err);
    refused(wb, &err, "e.xlsx", "column 65, past the limit of 64 columns");
    dsr_error_clear(&err);
    free(big);
    big = repeat("<row r=\"2\">", "<c/>", DSR_WB_MAX_ELEMENTS, "</row>");
    rows[0] = big;
    wb = read_built(dir, "f.xlsx", names, rows, 1, NULL, &err);
    refused(wb, &err, "f.xlsx", "XML elements");
    dsr_error_clear(&err);
    free(big);
    sst = repeat("", "<si/>", DSR_WB_MAX_ELEMENTS, "");
    rows[0] = "";
    wb = read_built(dir, "g.xlsx", names, rows, 1, sst, &err);
    refused(wb, &err, "g.xlsx", "XML elements");
    dsr_error_clear(&err);
    free(sst);

    /* a sheet an import does not read is not parsed (its part is broken) */
    names[0] = "Indikator";
    rows[0] = "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>ID</t></is></c></row>";
    names[1] = "Catatan";
    rows[1] = "<row><c r=\"A1\"><v>1</v></row>";
    wb = read_built(dir, "o.xlsx", names, rows, 2, NULL, &err);
    ck_assert_msg(wb, "%s", err.msg);
    ck_assert_ptr_nonnull(dsr_workbook_sheet(wb, "Catatan"));
    ck_assert_uint_eq(dsr_workbook_sheet(wb, "Catatan")->ncells, 0);
    ck_assert_str_eq(dsr_sheet_text(dsr_workbook_sheet(wb, "Indikator"), 0, 0), "ID");
    dsr_workbook_free(wb);
    /* two sheets of one name; two sheets on one part */
    names[1] = "indikator";
    rows[1] = "";
    wb = read_built(dir, "d.xlsx", names, rows, 2, NULL, &err);
    refused(wb, &err, "d.xlsx", "two sheets are named 'indikator'");
    dsr_error_clear(&err);
    names[1] = "Bukti";
    rows[1] = NULL;
    wb = read_built(dir, "s.xlsx", names, rows, 2, NULL, &err);
    refused(wb, &err, "s.xlsx", "shares its part");
    dsr_error_clear(&err);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_sheet_read_details)
{
    const char *dir = tu_tmpdir();
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_workbook *wb;
    char p[700];

    /* Excel's 1900-02-29 */
    wb = read_sheet_xml(dir, "", "<row r=\"1\"><c r=\"B1\" s=\"2\"><v>60</v></c></row>",
                        &err);
    refused(wb, &err, "t.xlsx", "Indikator!B1 holds 1900-02-29");
    dsr_error_clear(&err);
    /* a NUL byte in a CSV value */
    tu_write(dir, "n.csv", "ID,Pengampu\n1,Bapp\0eda\n", 23);
    snprintf(p, sizeof(p), "%s/n.csv", dir);
    wb = dsr_workbook_read(p, &err);
    refused(wb, &err, "n.csv", "row 2, column 2 holds a NUL byte");
    dsr_error_clear(&err);
    tu_write(dir, "q.csv", "ID,Pengampu\n1,\"Ba\0\"\n", 21);
    snprintf(p, sizeof(p), "%s/q.csv", dir);
    wb = dsr_workbook_read(p, &err);
    refused(wb, &err, "q.csv", "NUL byte");
    dsr_error_clear(&err);
    /* the quote an export puts before a formula comes off, once */
    tu_write(dir, "f.csv", "ID,Pengampu,Penjelasan mandiri,X\n"
                           "1,\"'=HYPERLINK(1)\",\"''=x\",'abc\n", (size_t)-1);
    snprintf(p, sizeof(p), "%s/f.csv", dir);
    wb = dsr_workbook_read(p, &err);
    ck_assert_msg(wb, "%s", err.msg);
    ck_assert_str_eq(dsr_sheet_text(&wb->sheets[0], 1, 1), "=HYPERLINK(1)");
    ck_assert_str_eq(dsr_sheet_text(&wb->sheets[0], 1, 2), "'=x");
    ck_assert_str_eq(dsr_sheet_text(&wb->sheets[0], 1, 3), "'abc");
    dsr_workbook_free(wb);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_sheet_read_csv)
{
    const char *dir = tu_tmpdir();
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_workbook *wb;
    const struct dsr_sheet *s;
    char p[700];

    /* BOM, ';' as Excel writes it in an Indonesian locale, quotes */
    tu_write(dir, "a.csv",
             "\xef\xbb\xbfID;Pengampu;Level mandiri\r\n"
             "1;\"Bagian Hukum & HAM; Biro\";3,0\r\n"
             "2;\"two\r\nlines \"\"quoted\"\"\";\r\n"
             "3;;\n",
             (size_t)-1);
    snprintf(p, sizeof(p), "%s/a.csv", dir);
    wb = dsr_workbook_read(p, &err);
    ck_assert_msg(wb, "%s", err.msg);
    ck_assert(wb->csv);
    s = &wb->sheets[0];
    ck_assert_str_eq(dsr_sheet_text(s, 0, 0), "ID");
    ck_assert_str_eq(dsr_sheet_text(s, 0, 2), "Level mandiri");
    ck_assert_str_eq(dsr_sheet_text(s, 1, 1), "Bagian Hukum & HAM; Biro");
    ck_assert_str_eq(dsr_sheet_text(s, 1, 2), "3,0");
    ck_assert_str_eq(dsr_sheet_text(s, 2, 1), "two\r\nlines \"quoted\"");
    ck_assert_str_eq(dsr_sheet_text(s, 3, 0), "3");
    ck_assert_uint_eq(s->nrows, 4);
    dsr_workbook_free(wb);

    tu_write(dir, "b.csv", "a,\"open\n", (size_t)-1);
    snprintf(p, sizeof(p), "%s/b.csv", dir);
    wb = dsr_workbook_read(p, &err);
    refused(wb, &err, "b.csv", "quote is not closed");
    tu_rmtree(dir);
}
END_TEST

/* ---- the plan ---------------------------------------------------------- */

static const struct dsr_change *
find_change(const struct dsr_import_plan *p, const char *where)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->changes[i].where, where) == 0)
            return &p->changes[i];
    return NULL;
}

START_TEST(test_sheet_plan_three_way)
{
    const char *dir = tu_tmpdir();
    struct dsr_manifest *m = load_manifest(EXAMPLE);
    struct dsr_catalog *c = load_catalog(m);
    struct dsr_export_opts o = {.lang = DSR_LANG_ID};
    struct dsr_workbook *wb = export_read(m, c, dir, &o, "a.xlsx");
    struct dsr_manifest *m2;
    struct dsr_import_plan plan;
    struct dsr_error err = DSR_ERROR_INIT;
    const struct dsr_change *ch;
    char where[64];
    unsigned r1 = ind_row(wb, "1"), r2 = ind_row(wb, "2"), r3 = ind_row(wb, "3");

    /* nothing changed: nothing to do */
    ck_assert_int_eq(dsr_import_plan(m, c, wb, &plan, &err), 0);
    ck_assert(plan.three_way);
    ck_assert(!plan.manifest_changed);
    ck_assert_uint_eq(plan.n, 0);
    ck_assert_uint_eq(plan.nissues, 0);
    dsr_import_plan_release(&plan);

    /* a changed cell; a level "4,0"; the same level typed "3.0" */
    set_cell(wb, "Indikator", r1, 2, "Bagian Hukum & HAM");
    set_cell(wb, "Indikator", r1, 3, "4,0");
    set_cell(wb, "Indikator", r3, 3, "3.0");
    /* changed in the workbook and, differently, in the manifest */
    set_cell(wb, "Indikator", r2, 2, "Sekretariat Daerah");
    /* an evidence title */
    set_cell(wb, "Bukti", 1, 2, "Perbup 31/2022");
    /* the manifest changes indicator 2's owner and 3's explanation */
    m2 = load_manifest(variant(dir, "id=\"2\" owner=\"Bappeda\"",
                               "id=\"2\" owner=\"Bappeda Baru\""));
    ck_assert_int_eq(dsr_import_plan(m2, c, wb, &plan, &err), 0);
    ck_assert(plan.manifest_changed);
    snprintf(where, sizeof(where), "Indikator!C%u", r1 + 1);
    ch = find_change(&plan, where);
    ck_assert_ptr_nonnull(ch);
    ck_assert_int_eq(ch->field, DSR_FIELD_OWNER);
    ck_assert_str_eq(ch->indicator, "1");
    ck_assert_str_eq(ch->value, "Bagian Hukum & HAM");
    snprintf(where, sizeof(where), "Indikator!D%u", r1 + 1);
    ch = find_change(&plan, where);
    ck_assert_ptr_nonnull(ch);
    ck_assert_int_eq(ch->field, DSR_FIELD_LEVEL);
    ck_assert_str_eq(ch->stage, "mandiri");
    ck_assert_str_eq(ch->value, "4,0");
    ch = find_change(&plan, "Bukti!C2");
    ck_assert_ptr_nonnull(ch);
    ck_assert_int_eq(ch->field, DSR_FIELD_EVIDENCE_TITLE);
    ck_assert_str_eq(ch->file, m->indicators[0].evidence[0].file);
    ck_assert_str_eq(ch->value, "Perbup 31/2022");
    /* "3.0" for 3: no change */
    snprintf(where, sizeof(where), "Indikator!D%u", r3 + 1);
    ck_assert_ptr_null(find_change(&plan, where));
    ck_assert_uint_eq(plan.n, 3);
    /* the conflict, by its cell, with the three values */
    ck_assert_uint_eq(plan.conflicts, 1);
    ck_assert_uint_eq(plan.nissues, 1);
    snprintf(where, sizeof(where), "Indikator!C%u", r2 + 1);
    ck_assert_int_eq(plan.issues[0].kind, DSR_IMPORT_CONFLICT);
    ck_assert_str_eq(plan.issues[0].where, where);
    ck_assert_str_eq(plan.issues[0].base, "Bappeda");
    ck_assert_str_eq(plan.issues[0].theirs, "Sekretariat Daerah");
    ck_assert_str_eq(plan.issues[0].ours, "Bappeda Baru");
    dsr_import_plan_release(&plan);
    dsr_manifest_free(m2);

    /* unchanged in the workbook, changed in the manifest: left alone */
    set_cell(wb, "Indikator", r2, 2, "Bappeda");
    m2 = load_manifest(variant(dir, "id=\"2\" owner=\"Bappeda\"",
                               "id=\"2\" owner=\"Bappeda Baru\""));
    ck_assert_int_eq(dsr_import_plan(m2, c, wb, &plan, &err), 0);
    snprintf(where, sizeof(where), "Indikator!C%u", r2 + 1);
    ck_assert_ptr_null(find_change(&plan, where));
    ck_assert_uint_eq(plan.conflicts, 0);
    dsr_import_plan_release(&plan);
    dsr_manifest_free(m2);

    dsr_workbook_free(wb);
    dsr_catalog_free(c);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_sheet_plan_rows)
{
    const char *dir = tu_tmpdir();
    struct dsr_manifest *m = load_manifest(EXAMPLE);
    struct dsr_catalog *c = load_catalog(m);
    struct dsr_export_opts o = {.lang = DSR_LANG_ID};
    struct dsr_workbook *wb = export_read(m, c, dir, &o, "a.xlsx");
    const struct dsr_sheet *se = dsr_workbook_sheet(wb, "Bukti");
    const struct dsr_sheet *si = dsr_workbook_sheet(wb, "Indikator");
    unsigned er = se->nrows, ir = si->nrows;
    struct dsr_import_plan plan;
    struct dsr_error err = DSR_ERROR_INIT;
    const struct dsr_change *ch;
    char where[64];
    bool added = false, unknown = false, dup = false;

    /* a new evidence row */
    set_cell(wb, "Bukti", er, 0, "1");
    set_cell(wb, "Bukti", er, 1, "01-kebijakan-arsitektur/sk-baru.pdf");
    set_cell(wb, "Bukti", er, 3, "3");
    /* an indicator the framework does not have */
    set_cell(wb, "Indikator", ir, 0, "999");
    set_cell(wb, "Indikator", ir, 2, "Bappeda");
    /* a second row for indicator 1: only the first is read */
    set_cell(wb, "Indikator", ir + 1, 0, " 1 ");
    set_cell(wb, "Indikator", ir + 1, 2, "Bappeda");
    ck_assert_int_eq(dsr_import_plan(m, c, wb, &plan, &err), 0);
    for (size_t i = 0; i < plan.nissues; i++) {
        if (plan.issues[i].kind == DSR_IMPORT_ADDED) {
            added = true;
            snprintf(where, sizeof(where), "Bukti!A%u", er + 1);
            ck_assert_str_eq(plan.issues[i].where, where);
        }
        if (plan.issues[i].kind == DSR_IMPORT_DUPLICATE) {
            dup = true;
            snprintf(where, sizeof(where), "Indikator!A%u", ir + 2);
            ck_assert_str_eq(plan.issues[i].where, where);
        }
        if (plan.issues[i].kind == DSR_IMPORT_UNKNOWN) {
            unknown = true;
            ck_assert_str_eq(plan.issues[i].indicator, "999");
        }
    }
    ck_assert(added && unknown && dup);
    ck_assert_uint_eq(plan.skipped, 2);
    snprintf(where, sizeof(where), "Bukti!D%u", er + 1);
    ch = find_change(&plan, where);
    ck_assert_ptr_nonnull(ch);
    ck_assert_int_eq(ch->field, DSR_FIELD_EVIDENCE_LEVEL);
    ck_assert_str_eq(ch->file, "01-kebijakan-arsitektur/sk-baru.pdf");
    /* and the entry's title, so that it is added even without one */
    snprintf(where, sizeof(where), "Bukti!B%u", er + 1);
    ch = find_change(&plan, where);
    ck_assert_ptr_nonnull(ch);
    ck_assert_int_eq(ch->field, DSR_FIELD_EVIDENCE_TITLE);
    ck_assert_uint_eq(plan.n, 2);
    dsr_import_plan_release(&plan);
    dsr_workbook_free(wb);
    dsr_catalog_free(c);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_sheet_plan_csv_two_way)
{
    const char *dir = tu_tmpdir();
    struct dsr_manifest *m = load_manifest(EXAMPLE);
    struct dsr_catalog *c = load_catalog(m);
    struct dsr_import_plan plan;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_workbook *wb;
    char p[700];

    /* only the columns given count; 3,0 is the level 3 it already has */
    tu_write(dir, "i.csv",
             "\xef\xbb\xbfID;Pengampu;Level mandiri\r\n"
             "1;Dinas Komunikasi dan Informatika;3,0\r\n"
             "2;Bagian Hukum & HAM;3\r\n",
             (size_t)-1);
    snprintf(p, sizeof(p), "%s/i.csv", dir);
    wb = dsr_workbook_read(p, &err);
    ck_assert_msg(wb, "%s", err.msg);
    ck_assert_int_eq(dsr_import_plan(m, c, wb, &plan, &err), 0);
    ck_assert(!plan.three_way);
    ck_assert_uint_eq(plan.n, 1);
    ck_assert_str_eq(plan.changes[0].where, "B3");
    ck_assert_str_eq(plan.changes[0].value, "Bagian Hukum & HAM");
    dsr_import_plan_release(&plan);
    dsr_workbook_free(wb);

    tu_write(dir, "x.csv", "foo,bar\n1,2\n", (size_t)-1);
    snprintf(p, sizeof(p), "%s/x.csv", dir);
    wb = dsr_workbook_read(p, &err);
    ck_assert_msg(wb, "%s", err.msg);
    ck_assert_int_eq(dsr_import_plan(m, c, wb, &plan, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_msg(strstr(err.msg, "no column 'ID'"), "%s", err.msg);
    dsr_import_plan_release(&plan);
    dsr_workbook_free(wb);
    dsr_catalog_free(c);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST


static bool
has_issue(const struct dsr_import_plan *p, enum dsr_import_issue_kind kind,
          const char *where)
{
    for (size_t i = 0; i < p->nissues; i++)
        if (p->issues[i].kind == kind && strcmp(p->issues[i].where, where) == 0)
            return true;
    return false;
}

/* The export of one OPD edits that OPD's indicators only. */
START_TEST(test_sheet_plan_scope)
{
    const char *dir = tu_tmpdir();
    struct dsr_manifest *m = load_manifest(EXAMPLE);
    struct dsr_catalog *c = load_catalog(m);
    struct dsr_export_opts o = {.lang = DSR_LANG_ID, .owner = "Bappeda"};
    struct dsr_workbook *wb = export_read(m, c, dir, &o, "a.xlsx");
    unsigned ir = dsr_workbook_sheet(wb, "Indikator")->nrows;
    unsigned er = dsr_workbook_sheet(wb, "Bukti")->nrows;
    struct dsr_import_plan plan;
    struct dsr_error err = DSR_ERROR_INIT;
    char where[64];

    /* indicator 3 is Diskominfo's: a row for it, one cell filled */
    set_cell(wb, "Indikator", ir, 0, "3");
    set_cell(wb, "Indikator", ir, 3, "5");
    set_cell(wb, "Bukti", er, 0, "3");
    set_cell(wb, "Bukti", er, 1, "03-kebijakan-manajemen-data/x.pdf");
    set_cell(wb, "Bukti", er, 2, "x");
    /* indicator 2 is Bappeda's own */
    set_cell(wb, "Indikator", ind_row(wb, "2"), 3, "4");
    ck_assert_int_eq(dsr_import_plan(m, c, wb, &plan, &err), 0);
    snprintf(where, sizeof(where), "Indikator!A%u", ir + 1);
    ck_assert(has_issue(&plan, DSR_IMPORT_OUT_OF_SCOPE, where));
    snprintf(where, sizeof(where), "Bukti!A%u", er + 1);
    ck_assert(has_issue(&plan, DSR_IMPORT_OUT_OF_SCOPE, where));
    ck_assert_uint_eq(plan.n, 1);
    ck_assert_str_eq(plan.changes[0].indicator, "2");
    ck_assert_uint_eq(plan.skipped, 2);
    dsr_import_plan_release(&plan);
    dsr_workbook_free(wb);
    dsr_catalog_free(c);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

/* A row nobody exported (or whose export-time row is gone) changes nothing. */
START_TEST(test_sheet_plan_not_exported)
{
    const char *dir = tu_tmpdir();
    struct dsr_manifest *m = load_manifest(EXAMPLE);
    struct dsr_catalog *c = load_catalog(m);
    struct dsr_export_opts o = {.lang = DSR_LANG_ID};
    struct dsr_workbook *wb = export_read(m, c, dir, &o, "a.xlsx");
    const struct dsr_sheet *base = dsr_workbook_sheet(wb, DSR_SHEET_BASE);
    unsigned er = dsr_workbook_sheet(wb, "Bukti")->nrows;
    struct dsr_import_plan plan;
    struct dsr_error err = DSR_ERROR_INIT;
    char where[64];
    unsigned r1 = ind_row(wb, "1");

    /* the export-time row of indicator 1 deleted from the hidden sheet */
    for (unsigned r = 0; r < base->nrows; r++)
        if (strcmp(dsr_sheet_text(base, r, 0), "I") == 0 &&
            strcmp(dsr_sheet_text(base, r, 1), "1") == 0)
            set_cell(wb, DSR_SHEET_BASE, r, 0, "-");
    set_cell(wb, "Indikator", r1, 2, "Bappeda");
    /* an alias of an exported entry's path: the same entry, a duplicate */
    set_cell(wb, "Bukti", er, 0, "1");
    set_cell(wb, "Bukti", er, 1,
             "01-kebijakan-arsitektur/./peraturan-bupati-31-2022-arsitektur-spbe.pdf");
    set_cell(wb, "Bukti", er, 2, "diganti");
    ck_assert_int_eq(dsr_import_plan(m, c, wb, &plan, &err), 0);
    snprintf(where, sizeof(where), "Indikator!A%u", r1 + 1);
    ck_assert(has_issue(&plan, DSR_IMPORT_NOT_EXPORTED, where));
    snprintf(where, sizeof(where), "Bukti!A%u", er + 1);
    ck_assert(has_issue(&plan, DSR_IMPORT_DUPLICATE, where));
    ck_assert_uint_eq(plan.n, 0);
    dsr_import_plan_release(&plan);
    dsr_workbook_free(wb);

    /* an alias row alone goes through the three-way merge of its entry */
    wb = export_read(m, c, dir, &o, "b.xlsx");
    set_cell(wb, "Bukti", 1, 1,
             "01-kebijakan-arsitektur/./peraturan-bupati-31-2022-arsitektur-spbe.pdf");
    ck_assert_int_eq(dsr_import_plan(m, c, wb, &plan, &err), 0);
    ck_assert_uint_eq(plan.nissues, 0);
    ck_assert_uint_eq(plan.n, 0);
    dsr_import_plan_release(&plan);
    dsr_workbook_free(wb);
    dsr_catalog_free(c);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

START_TEST(test_sheet_plan_csv_aliases_headers)
{
    const char *dir = tu_tmpdir();
    struct dsr_manifest *m = load_manifest(EXAMPLE);
    struct dsr_catalog *c = load_catalog(m);
    struct dsr_import_plan plan;
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_workbook *wb;
    char p[700];

    tu_write(dir, "e.csv",
             "Indikator,Berkas,Judul\n"
             "1,01-kebijakan-arsitektur/peraturan-bupati-31-2022-arsitektur-spbe.pdf,A\n"
             "1,01-kebijakan-arsitektur/./peraturan-bupati-31-2022-arsitektur-spbe.pdf,B\n",
             (size_t)-1);
    snprintf(p, sizeof(p), "%s/e.csv", dir);
    wb = dsr_workbook_read(p, &err);
    ck_assert_msg(wb, "%s", err.msg);
    ck_assert_int_eq(dsr_import_plan(m, c, wb, &plan, &err), 0);
    ck_assert(has_issue(&plan, DSR_IMPORT_DUPLICATE, "A3"));
    ck_assert_uint_eq(plan.n, 1);
    ck_assert_str_eq(plan.changes[0].value, "A");
    dsr_import_plan_release(&plan);
    dsr_workbook_free(wb);

    tu_write(dir, "h.csv", "ID,Level mandiri,Level Mandiri\n1,3,5\n", (size_t)-1);
    snprintf(p, sizeof(p), "%s/h.csv", dir);
    wb = dsr_workbook_read(p, &err);
    ck_assert_msg(wb, "%s", err.msg);
    ck_assert_int_eq(dsr_import_plan(m, c, wb, &plan, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_msg(strstr(err.msg, "twice (B1 and C1)"), "%s", err.msg);
    dsr_import_plan_release(&plan);
    dsr_workbook_free(wb);
    dsr_catalog_free(c);
    dsr_manifest_free(m);
    tu_rmtree(dir);
}
END_TEST

static Suite *
sheet_suite(void)
{
    Suite *s = suite_create("sheet");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_sheet_export_every_cell);
    tcase_add_test(tc, test_sheet_export_owner_and_csv);
    tcase_add_test(tc, test_sheet_read_cell_types);
    tcase_add_test(tc, test_sheet_read_hostile);
    tcase_add_test(tc, test_sheet_read_csv);
    tcase_add_test(tc, test_sheet_read_bounded);
    tcase_add_test(tc, test_sheet_read_details);
    tcase_add_test(tc, test_sheet_plan_three_way);
    tcase_add_test(tc, test_sheet_plan_rows);
    tcase_add_test(tc, test_sheet_plan_csv_two_way);
    tcase_add_test(tc, test_sheet_plan_scope);
    tcase_add_test(tc, test_sheet_plan_not_exported);
    tcase_add_test(tc, test_sheet_plan_csv_aliases_headers);
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(sheet_suite());
}
