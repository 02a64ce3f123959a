/*
 * verdicts_import.c -- the rows of a sheet of verdicts and values, as a
 * coordinator copies them from the portal, checked against the catalog
 * and turned into changes for the manifest editor (manifest_edit.c),
 * which keeps every other byte.
 *
 * Every row is read and every bad cell reported (the caller then writes
 * nothing); a verdict is one per (indicator, stage, item) and a value
 * one per (indicator, stage): a second row saying the same is read
 * once, one saying something else is a problem.  Duplicates are found
 * by sorting, never pairwise, so a sheet of the reader's largest size
 * takes n log n.
 */
#include "dossier/verdicts.h"

#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/manifest.h"
#include "edit_int.h"
#include "internal.h"
#include "sheet_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The columns a sheet of verdicts may have. */
enum vcol {
    V_IND,
    V_ITEM,
    V_STAGE,
    V_STATUS,
    V_KIND,
    V_NOTE,
    V_VALUE,
    V_NCOLS,
};

/* Their headers, Indonesian then English (any case, space around). */
static const char *const vcol_names[V_NCOLS][2] = {
    [V_IND] = {"indikator", "indicator"},
    [V_ITEM] = {"butir", "item"},
    [V_STAGE] = {"tahap", "stage"},
    [V_STATUS] = {"status", "hasil"},
    [V_KIND] = {"jenis", "kind"},
    [V_NOTE] = {"catatan", "note"},
    [V_VALUE] = {"nilai", "value"},
};

/* At most this many items named when an item is not known. */
#define ITEMS_NAMED 12

/* One row's verdict or value, for finding the second of a key. */
struct rec {
    const struct dsr_indicator *ind;
    const char *item;           /* the catalog's id; NULL: none */
    int stage;
    int status, kind;           /* verdicts */
    const char *note;           /* verdicts: normalised, owned by notes */
    long value;                 /* values */
    unsigned row;
    size_t seq;
};

struct vplanner {
    const struct dsr_catalog *cat;
    const struct dsr_workbook *wb;
    const struct dsr_sheet *s;
    struct dsr_verdicts_plan *plan;
    struct dsr_error *err;
    int col[V_NCOLS];           /* sheet column of each, -1: none */
    const char *head[V_NCOLS];  /* its header as written */
    struct rec *verdicts, *values;
    size_t nv, capv, nval, capval;
    char **notes;               /* the normalised notes, owned */
    size_t nnotes, capnotes;
};

/* ---- messages ----------------------------------------------------------- */

/*
 * "FILE, sheet 'S', row 5" (the sheet only for a workbook), in 'buf',
 * made printable: a sheet's name is the sender's.  Returns 0 or -1
 * (DSR_NOMEM).
 */
static int
row_where(const struct vplanner *p, unsigned row, char *buf, size_t size)
{
    char *file = dsr_printable(p->wb->path);
    char *sheet = dsr_printable(p->s->name);

    if (!file || !sheet) {
        free(file);
        free(sheet);
        return dsr_error_set(p->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    if (sheet[0])
        snprintf(buf, size, _("%s, sheet '%s', row %u"), file, sheet,
                 row + 1);
    else
        snprintf(buf, size, _("%s, row %u"), file, row + 1);
    free(file);
    free(sheet);
    return 0;
}

static int
problem(struct vplanner *p, unsigned row, int vc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * A problem at 'row' in the column of 'vc' (-1: the row as a whole),
 * "WHERE, column B (butir): MESSAGE".  Returns 0, or -1 (DSR_NOMEM).
 */
static int
problem(struct vplanner *p, unsigned row, int vc, const char *fmt, ...)
{
    struct dsr_verdicts_plan *plan = p->plan;
    struct dsr_verdicts_problem *pr;
    char where[600], msg[1600], ref[32], *out;
    unsigned col = vc >= 0 && p->col[vc] >= 0 ? (unsigned)p->col[vc] : 0;
    va_list ap;
    int n;

    /* a sheet of bad rows is reported in part, its size bounded */
    if (plan->nproblems >= DSR_VERDICTS_MAX_PROBLEMS) {
        plan->more_problems++;
        return 0;
    }
    if (row_where(p, row, where, sizeof(where)) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (vc >= 0 && p->col[vc] >= 0) {
        char *d;

        dsr_cell_ref(row, col, ref, sizeof(ref));
        for (d = ref; *d && !(*d >= '0' && *d <= '9'); d++)
            ;
        *d = '\0';
        n = snprintf(NULL, 0, _("%s, column %s (%s): %s"), where, ref,
                     p->head[vc], msg);
    } else {
        n = snprintf(NULL, 0, "%s: %s", where, msg);
    }
    if (n < 0 || !(out = malloc((size_t)n + 1)))
        return dsr_error_set(p->err, DSR_NOMEM, NULL, 0, "out of memory");
    if (vc >= 0 && p->col[vc] >= 0)
        snprintf(out, (size_t)n + 1, _("%s, column %s (%s): %s"), where, ref,
                 p->head[vc], msg);
    else
        snprintf(out, (size_t)n + 1, "%s: %s", where, msg);
    if (dsr_grow((void **)&plan->problems, sizeof(*plan->problems),
                 &plan->pcap, plan->nproblems + 1, p->err) < 0) {
        free(out);
        return -1;
    }
    pr = &plan->problems[plan->nproblems++];
    pr->row = row;
    pr->col = col;
    pr->message = out;
    return 0;
}

/* ---- cells -------------------------------------------------------------- */

static bool
blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The text of column 'vc' in 'row', trimmed, in 'out' (malloc'd); "" when
 * the sheet has no such column.  Returns 0 or -1 (DSR_NOMEM). */
static int
cell(const struct vplanner *p, unsigned row, int vc, char **out)
{
    const char *t = p->col[vc] >= 0
                        ? dsr_sheet_text(p->s, row, (unsigned)p->col[vc])
                        : "";
    size_t n;

    while (*t && blank(*t))
        t++;
    n = strlen(t);
    while (n > 0 && blank(t[n - 1]))
        n--;
    *out = strndup(t, n);
    return *out ? 0 : dsr_error_set(p->err, DSR_NOMEM, NULL, 0,
                                    "out of memory");
}

static void
lower_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

static void
upper_ascii(char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            *s = (char)(*s - 'a' + 'A');
}

/* "tidak tepat", "Tidak_Tepat", "tidak - tepat" as "tidak-tepat". */
static void
kind_words(char *s)
{
    char *d = s;
    bool sep = false;

    lower_ascii(s);
    for (char *q = s; *q; q++) {
        if (*q == ' ' || *q == '\t' || *q == '-' || *q == '_') {
            sep = d != s;
            continue;
        }
        if (sep)
            *d++ = '-';
        sep = false;
        *d++ = *q;
    }
    *d = '\0';
}

/* A note as the manifest keeps it: line ends LF (the cell trimmed). */
static void
note_lines(char *s)
{
    char *d = s;

    for (char *q = s; *q; q++) {
        if (*q == '\r') {
            *d++ = '\n';
            if (q[1] == '\n')
                q++;
        } else {
            *d++ = *q;
        }
    }
    *d = '\0';
}

/*
 * The kind of a revisi whose kind cell is empty, from the portal's fixed
 * notes: "... belum tersedia dan belum diunggah", "Otomatis ditolak ...";
 * any other note says what is wrong with what was uploaded.
 */
static enum dsr_verdict_kind
kind_of_note(const char *note)
{
    char *low = strdup(note);
    enum dsr_verdict_kind k = DSR_KIND_TIDAK_TEPAT;

    if (!low)
        return k;
    lower_ascii(low);
    if (strstr(low, "otomatis ditolak"))
        k = DSR_KIND_OTOMATIS_DITOLAK;
    else if (strstr(low, "belum diunggah"))
        k = DSR_KIND_BELUM_DIUNGGAH;
    free(low);
    return k;
}

/* "4", "04", "I4" or the assessors' code "2.2"; NULL: none of them. */
static const struct dsr_indicator *
find_indicator(const struct dsr_catalog *cat, const char *s)
{
    const char *d = (s[0] == 'I' || s[0] == 'i') && dsr_all_digits(s + 1) ? s + 1
                                                                     : s;

    if (dsr_all_digits(d)) {
        while (d[0] == '0' && d[1])
            d++;
        return dsr_catalog_indicator(cat, d);
    }
    for (size_t i = 0; i < cat->nindicators; i++)
        if (cat->indicators[i].code && strcmp(cat->indicators[i].code, s) == 0)
            return &cat->indicators[i];
    return NULL;
}

/*
 * Read "I4-L1-02" (any case, NN with or without its zero) or the
 * checklist's "GT.I4_L1_2" into indicator, level and number.
 */
static bool
item_parts(const char *s, unsigned long *ind, unsigned long *lvl,
           unsigned long *num)
{
    char sep = '-';
    char *end;

    if (strncmp(s, "GT.", 3) == 0) {
        s += 3;
        sep = '_';
    }
    if (*s != 'I')
        return false;
    s++;
    if (*s < '0' || *s > '9')
        return false;
    *ind = strtoul(s, &end, 10);
    if (end[0] != sep || end[1] != 'L' || end[2] < '0' || end[2] > '9')
        return false;
    *lvl = strtoul(end + 2, &end, 10);
    if (end[0] != sep || end[1] < '0' || end[1] > '9')
        return false;
    *num = strtoul(end + 1, &end, 10);
    return *end == '\0' && *ind < 1000 && *lvl < 1000 && *num < 1000;
}

/*
 * The item a cell names (uppercased in place): its id, the checklist's
 * form or a portal code the catalog knows.  NULL: none; '*ind' and
 * '*lvl' then hold what the text said (0 when not an item's form).
 */
static const struct dsr_item *
find_item(const struct dsr_catalog *cat, char *s,
          const struct dsr_indicator **ind, unsigned long *pind,
          unsigned long *plvl)
{
    unsigned long num = 0;
    char id[64];

    *ind = NULL;
    *pind = *plvl = 0;
    upper_ascii(s);
    if (item_parts(s, pind, plvl, &num)) {
        snprintf(id, sizeof(id), "I%lu-L%lu-%02lu", *pind, *plvl, num);
        return dsr_catalog_item(cat, id, ind);
    }
    for (size_t i = 0; i < cat->nindicators; i++)
        for (size_t k = 0; k < cat->indicators[i].nitems; k++) {
            const struct dsr_item *it = &cat->indicators[i].items[k];

            if (it->portal && strcasecmp(it->portal, s) == 0) {
                *ind = &cat->indicators[i];
                return it;
            }
        }
    return NULL;
}

/*
 * A value as typed ("1,1667", "1.3") or a number cell (rounded half-up
 * to four decimals, as a formula's 7/6 is), in ten-thousandths; -1 when
 * it is not a number.
 */
static long
value_of(const struct dsr_cell *c, const char *t)
{
    if (c && c->type == DSR_CELL_NUMBER) {
        char *end;
        double d = strtod(t, &end);

        if (*end || !isfinite(d) || d < 0 || d > 1e6)
            return -1;
        return (long)floor(d * DSR_VALUE_ONE + 0.5);
    }
    return dsr_value_parse(t);
}

/* ---- the header ---------------------------------------------------------- */

/* Which column of a verdict sheet 'text' names, or -1. */
static int
header_of(const char *text)
{
    char *t = strdup(text), *b, *e;
    int found = -1;

    if (!t)
        return -2;
    for (b = t; *b && blank(*b); b++)
        ;
    for (e = b + strlen(b); e > b && blank(e[-1]); e--)
        ;
    *e = '\0';
    for (int i = 0; i < V_NCOLS && found < 0; i++)
        for (int l = 0; l < 2; l++)
            if (strcasecmp(b, vcol_names[i][l]) == 0)
                found = i;
    free(t);
    return found;
}

/*
 * The header row, the first row with a cell that names a column (rows
 * above it, a title, are skipped), else the first row with a cell: 0
 * found, 1 not usable (a problem), -1 no memory.
 */
static int
read_header(struct vplanner *p, unsigned *hrow)
{
    const struct dsr_sheet *s = p->s;
    int bad = 0;

    for (int i = 0; i < V_NCOLS; i++)
        p->col[i] = -1;
    if (!s->ncells) {
        if (problem(p, 0, -1, _("the sheet is empty; a header row names "
                                "the columns (indikator, butir, tahap, "
                                "status, jenis, catatan, nilai)")) < 0)
            return -1;
        return 1;
    }
    /* the first row naming a column: a title above it is left alone */
    *hrow = s->cells[0].row;
    for (size_t i = 0; i < s->ncells; i++) {
        int vc = header_of(s->cells[i].text);

        if (vc == -2)
            return dsr_error_set(p->err, DSR_NOMEM, NULL, 0, "out of memory");
        if (vc >= 0) {
            *hrow = s->cells[i].row;
            break;
        }
    }
    for (size_t i = 0; i < s->ncells; i++) {
        const struct dsr_cell *c = &s->cells[i];
        int vc;

        if (c->row != *hrow)
            continue;
        vc = header_of(c->text);
        if (vc == -2)
            return dsr_error_set(p->err, DSR_NOMEM, NULL, 0, "out of memory");
        if (vc < 0)
            continue;           /* a column of its own: ignored */
        if (p->col[vc] >= 0) {
            char a[32], b[32];

            dsr_cell_ref(*hrow, (unsigned)p->col[vc], a, sizeof(a));
            dsr_cell_ref(*hrow, c->col, b, sizeof(b));
            p->head[vc] = c->text;
            if (problem(p, *hrow, -1,
                        _("the column '%s' is there twice (%s and %s); "
                          "keep one"),
                        vcol_names[vc][0], a, b) < 0)
                return -1;
            bad = 1;
            continue;
        }
        p->col[vc] = (int)c->col;
        p->head[vc] = c->text;
    }
    if (p->col[V_IND] < 0 && p->col[V_ITEM] < 0) {
        if (problem(p, *hrow, -1,
                    _("no column 'indikator' (indicator) or 'butir' (item) "
                      "in the header row, the first row that names a "
                      "column (rows above it are skipped); the columns are "
                      "indikator, butir, tahap, status, jenis, catatan, "
                      "nilai")) < 0)
            return -1;
        bad = 1;
    }
    if (p->col[V_STATUS] < 0 && p->col[V_VALUE] < 0) {
        if (problem(p, *hrow, -1,
                    _("no column 'status' (hasil) or 'nilai' (value) in the "
                      "header row; a verdict needs its status, a value its "
                      "nilai")) < 0)
            return -1;
        bad = 1;
    }
    return bad;
}

/* ---- one row -------------------------------------------------------------- */

static int
add_rec(struct vplanner *p, struct rec **recs, size_t *n, size_t *cap,
        const struct rec *r)
{
    if (dsr_grow((void **)recs, sizeof(**recs), cap, *n + 1, p->err) < 0)
        return -1;
    (*recs)[*n] = *r;
    (*recs)[*n].seq = *n;
    (*n)++;
    return 0;
}

/* The items of indicator 'ind' at 'level', "I4-L1-01, I4-L1-02", in 'buf'. */
static void
items_of_level(const struct dsr_indicator *ind, unsigned long level,
               char *buf, size_t size)
{
    size_t used = 0, named = 0;

    buf[0] = '\0';
    if (level < DSR_LEVEL_MIN || level > DSR_LEVEL_MAX)
        return;
    for (size_t k = ind->level_first[level]; k < ind->level_first[level + 1];
         k++) {
        int w;

        if (named == ITEMS_NAMED) {
            snprintf(buf + used, size - used, ", …");
            return;
        }
        w = snprintf(buf + used, size - used, "%s%s", named ? ", " : "",
                     ind->items[k].id);
        if (w < 0 || (size_t)w >= size - used)
            return;
        used += (size_t)w;
        named++;
    }
}

/* Why the item a cell names is not known: 0, or -1 (DSR_NOMEM). */
static int
unknown_item(struct vplanner *p, unsigned row, const char *text,
             unsigned long pind, unsigned long plvl)
{
    const struct dsr_catalog *cat = p->cat;
    const struct dsr_indicator *ind;
    char id[32], list[600];
    size_t at;
    unsigned odd = dsr_item_odd_char(text, &at);

    if (odd)
        return problem(p, row, V_ITEM,
                       _("'%s' holds the character U+%04X (character %zu), "
                         "which no item id or portal code has (often pasted "
                         "with the text): retype it"),
                       text, odd, at);
    if (!pind)
        return problem(p, row, V_ITEM,
                       _("'%s' is not an item: write it I4-L1-02 (or "
                         "GT.I4_L1_2), or a portal code the catalog knows "
                         "(e.g. PG_04_02)"),
                       text);
    snprintf(id, sizeof(id), "%lu", pind);
    ind = dsr_catalog_indicator(cat, id);
    if (!ind)
        return problem(p, row, V_ITEM,
                       _("item '%s': indicator %lu is not in the framework "
                         "%s; 'dossier catalog --framework %s' lists its "
                         "indicators and items"),
                       text, pind, cat->id, cat->id);
    items_of_level(ind, plvl, list, sizeof(list));
    if (!list[0])
        return problem(p, row, V_ITEM,
                       _("item '%s': indicator %s has no items at level "
                         "%lu in the framework %s; 'dossier catalog "
                         "--framework %s' lists them"),
                       text, ind->id, plvl, cat->id, cat->id);
    return problem(p, row, V_ITEM,
                   _("item '%s' is not in the framework %s; the items of "
                     "indicator %s at level %lu are %s"),
                   text, cat->id, ind->id, plvl, list);
}

struct rowcells {
    char *t[V_NCOLS];
};

static void
rowcells_free(struct rowcells *rc)
{
    for (int i = 0; i < V_NCOLS; i++)
        free(rc->t[i]);
}

/* Keep 'note' for the plan's lifetime; NULL: no memory. */
static const char *
keep_note(struct vplanner *p, char *note)
{
    if (dsr_grow((void **)&p->notes, sizeof(*p->notes), &p->capnotes,
                 p->nnotes + 1, p->err) < 0)
        return NULL;
    p->notes[p->nnotes++] = note;
    return note;
}

/* One row read into a verdict and/or a value: 0 (bad cells are
 * problems), -1 (DSR_NOMEM). */
static int
read_row(struct vplanner *p, unsigned row, int default_stage)
{
    const struct dsr_catalog *cat = p->cat;
    struct rowcells c = {{0}};
    const struct dsr_indicator *ind = NULL, *iind = NULL;
    const struct dsr_item *item = NULL;
    struct rec r;
    bool any = false, bad = false;
    int stage = default_stage, status = -1, kind = DSR_KIND_NONE;
    long value = -1;
    int rc = -1;

    for (int i = 0; i < V_NCOLS; i++) {
        if (cell(p, row, i, &c.t[i]) < 0)
            goto out;
        any = any || c.t[i][0];
    }
    rc = 0;
    if (!any)
        goto out;               /* a blank row */
    p->plan->rows++;
    if (c.t[V_IND][0]) {
        ind = find_indicator(cat, c.t[V_IND]);
        if (!ind) {
            bad = true;
            if ((rc = problem(p, row, V_IND,
                              _("indicator '%s' is not in the framework "
                                "%s: write its id (4 or I4) or its code "
                                "(2.2); 'dossier catalog --framework %s' "
                                "lists them"),
                              c.t[V_IND], cat->id, cat->id)) < 0)
                goto out;
        }
    }
    if (c.t[V_ITEM][0]) {
        unsigned long pind, plvl;
        char *written = strdup(c.t[V_ITEM]);

        if (!written) {
            rc = dsr_error_set(p->err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        if (!cat->has_items) {
            bad = true;
            rc = problem(p, row, V_ITEM,
                         _("the framework %s has no items (butir): leave "
                           "this column empty, and a verdict is on the "
                           "indicator's level"),
                         cat->id);
        } else {
            item = find_item(cat, c.t[V_ITEM], &iind, &pind, &plvl);
            if (!item) {
                bad = true;
                rc = unknown_item(p, row, written, pind, plvl);
            } else if (ind && iind != ind) {
                bad = true;
                rc = problem(p, row, V_IND,
                             _("indicator '%s' is not the one of item %s "
                               "(indicator %s); correct one of them"),
                             c.t[V_IND], item->id, iind->id);
            } else {
                ind = iind;
            }
        }
        free(written);
        if (rc < 0)
            goto out;
    }
    if (c.t[V_STAGE][0]) {
        lower_ascii(c.t[V_STAGE]);
        stage = dsr_stage_parse(c.t[V_STAGE]);
        if (stage < DSR_STAGE_DOKUMEN) {
            bad = true;
            if ((rc = problem(p, row, V_STAGE,
                              _("the stage '%s' is not dokumen, interviu or "
                                "visitasi, the assessors' stages"),
                              c.t[V_STAGE])) < 0)
                goto out;
        }
    }
    if (c.t[V_STATUS][0]) {
        char *low = strdup(c.t[V_STATUS]);

        if (!low) {
            rc = dsr_error_set(p->err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        lower_ascii(low);
        status = dsr_verdict_status_parse(low);
        free(low);
        if (status < 0) {
            bad = true;
            if ((rc = problem(p, row, V_STATUS,
                              _("the status '%s' is not diterima or revisi"),
                              c.t[V_STATUS])) < 0)
                goto out;
        }
    }
    if (c.t[V_KIND][0]) {
        char *k = strdup(c.t[V_KIND]);

        if (!k) {
            rc = dsr_error_set(p->err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        kind_words(k);
        kind = dsr_verdict_kind_parse(k);
        free(k);
        if (kind < 0 || kind == DSR_KIND_NONE) {
            bad = true;
            if ((rc = problem(p, row, V_KIND,
                              _("the kind '%s' is not tidak tepat, belum "
                                "diunggah or otomatis ditolak"),
                              c.t[V_KIND])) < 0)
                goto out;
        } else if (status == DSR_VERDICT_DITERIMA) {
            bad = true;
            if ((rc = problem(p, row, V_KIND,
                              _("a verdict diterima has no kind; empty this "
                                "cell or make the status revisi"))) < 0)
                goto out;
        }
    }
    if (c.t[V_VALUE][0]) {
        value = value_of(dsr_sheet_cell(p->s, row, (unsigned)p->col[V_VALUE]),
                         c.t[V_VALUE]);
        if (value < DSR_LEVEL_MIN * DSR_VALUE_ONE ||
            value > DSR_LEVEL_MAX * DSR_VALUE_ONE) {
            bad = true;
            if ((rc = problem(p, row, V_VALUE,
                              _("the value '%s' is not a number from 1 to 5 "
                                "with at most four decimals (e.g. 1,1667 "
                                "or 2.5)"),
                              c.t[V_VALUE])) < 0)
                goto out;
        }
    }
    if (status < 0 && !c.t[V_STATUS][0] && (c.t[V_KIND][0] || c.t[V_NOTE][0])) {
        bad = true;
        if ((rc = problem(p, row, p->col[V_STATUS] >= 0 ? V_STATUS : -1,
                          _("a kind or a note without a status: give the "
                            "status (diterima or revisi), or empty the "
                            "row"))) < 0)
            goto out;
    } else if (!c.t[V_STATUS][0] && !c.t[V_VALUE][0]) {
        bad = true;
        if ((rc = problem(p, row, p->col[V_STATUS] >= 0 ? V_STATUS : V_VALUE,
                          _("neither a status nor a value: give the status "
                            "(diterima or revisi) of a verdict, or the "
                            "nilai of the indicator, or empty the row"))) < 0)
            goto out;
    }
    if (!ind && !c.t[V_IND][0] && !c.t[V_ITEM][0]) {
        bad = true;
        if ((rc = problem(p, row, p->col[V_ITEM] >= 0 ? V_ITEM : V_IND,
                          _("no item (butir) and no indicator: say what the "
                            "row is about"))) < 0)
            goto out;
    } else if (ind && !item && c.t[V_STATUS][0] && cat->has_items &&
               !c.t[V_ITEM][0]) {
        char list[600];

        items_of_level(ind, 1, list, sizeof(list));
        bad = true;
        if ((rc = problem(p, row, p->col[V_ITEM] >= 0 ? V_ITEM : V_IND,
                          _("a verdict of the framework %s is on an item "
                            "(butir) of indicator %s: give it (e.g. %s)"),
                          cat->id, ind->id,
                          list[0] ? list : "I1-L1-01")) < 0)
            goto out;
    }
    if (bad)
        goto out;
    memset(&r, 0, sizeof(r));
    r.ind = ind;
    r.stage = stage;
    r.row = row;
    if (status >= 0) {
        note_lines(c.t[V_NOTE]);
        r.item = item ? item->id : NULL;
        r.status = status;
        r.kind = status == DSR_VERDICT_REVISI && kind == DSR_KIND_NONE
                     ? (int)kind_of_note(c.t[V_NOTE])
                     : kind;
        if (status == DSR_VERDICT_DITERIMA)
            r.kind = DSR_KIND_NONE;
        r.note = keep_note(p, c.t[V_NOTE]);
        if (!r.note) {
            rc = -1;
            goto out;
        }
        c.t[V_NOTE] = NULL;
        if ((rc = add_rec(p, &p->verdicts, &p->nv, &p->capv, &r)) < 0)
            goto out;
    }
    if (value >= 0) {
        r.item = NULL;
        r.value = value;
        if ((rc = add_rec(p, &p->values, &p->nval, &p->capval, &r)) < 0)
            goto out;
    }
out:
    rowcells_free(&c);
    return rc;
}

/* ---- duplicates ------------------------------------------------------------ */

static int
rec_cmp(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;
    int c = strcmp(x->ind->id, y->ind->id);

    if (c)
        return c;
    if (x->stage != y->stage)
        return x->stage < y->stage ? -1 : 1;
    c = strcmp(x->item ? x->item : "", y->item ? y->item : "");
    if (c)
        return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool
same_key(const struct rec *x, const struct rec *y)
{
    return x->ind == y->ind && x->stage == y->stage &&
           strcmp(x->item ? x->item : "", y->item ? y->item : "") == 0;
}

static int
seq_cmp(const void *a, const void *b)
{
    const struct rec *x = a, *y = b;

    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * The records of one key once: a later one saying the same dropped, one
 * saying something else a problem.  Left in row order.  0, or -1.
 */
static int
dedup(struct vplanner *p, struct rec *recs, size_t *n, bool verdicts)
{
    size_t out = 0;

    if (*n < 2)
        return 0;
    qsort(recs, *n, sizeof(*recs), rec_cmp);
    for (size_t i = 0; i < *n; i++) {
        const struct rec *first = out ? &recs[out - 1] : NULL;
        const struct rec *r = &recs[i];
        const char *stage = dsr_stage_name((enum dsr_stage)r->stage);
        int rc = 0;

        if (!first || !same_key(first, r)) {
            recs[out++] = *r;
            continue;
        }
        if (verdicts && (first->status != r->status ||
                         first->kind != r->kind ||
                         strcmp(first->note, r->note) != 0))
            rc = problem(p, r->row, V_STATUS,
                         _("a second verdict on %s at stage %s that says "
                           "otherwise than row %u; keep one of the two "
                           "rows"),
                         r->item ? r->item : r->ind->id, stage,
                         first->row + 1);
        else if (!verdicts && first->value != r->value) {
            char a[32], b[32];

            dsr_value_text(first->value, a, sizeof(a));
            dsr_value_text(r->value, b, sizeof(b));
            rc = problem(p, r->row, V_VALUE,
                         _("the value %s of indicator %s at stage %s "
                           "differs from %s in row %u; give one value per "
                           "indicator and stage"),
                         b, r->ind->id, stage, a, first->row + 1);
        }
        if (rc < 0)
            return -1;
    }
    *n = out;
    qsort(recs, *n, sizeof(*recs), seq_cmp);
    return 0;
}

/* ---- the plan ---------------------------------------------------------------- */

static int
add_change(struct vplanner *p, const struct rec *r, bool verdict)
{
    struct dsr_verdicts_plan *plan = p->plan;
    struct dsr_change *c;
    char where[600], v[32];

    if (dsr_grow((void **)&plan->changes, sizeof(*plan->changes), &plan->cap,
                 plan->n + 1, p->err) < 0)
        return -1;
    c = &plan->changes[plan->n++];
    memset(c, 0, sizeof(*c));
    if (row_where(p, r->row, where, sizeof(where)) < 0)
        return -1;
    c->field = verdict ? DSR_FIELD_VERDICT : DSR_FIELD_VALUE;
    c->indicator = dsr_strdup(r->ind->id, p->err);
    c->stage = dsr_strdup(dsr_stage_name((enum dsr_stage)r->stage), p->err);
    c->where = dsr_strdup(where, p->err);
    if (verdict) {
        c->item = r->item ? dsr_strdup(r->item, p->err) : NULL;
        c->status = dsr_strdup(
            dsr_verdict_status_name((enum dsr_verdict_status)r->status),
            p->err);
        c->kind = dsr_strdup(
            dsr_verdict_kind_name((enum dsr_verdict_kind)r->kind), p->err);
        c->value = dsr_strdup(r->note, p->err);
    } else {
        dsr_value_text(r->value, v, sizeof(v));
        c->value = dsr_strdup(v, p->err);
    }
    if (!c->indicator || !c->stage || !c->where || !c->value ||
        (verdict && ((r->item && !c->item) || !c->status || !c->kind)))
        return -1;
    return 0;
}

static int
problem_cmp(const void *a, const void *b)
{
    const struct dsr_verdicts_problem *x = a, *y = b;

    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

int
dsr_verdicts_plan(const struct dsr_catalog *cat, const struct dsr_workbook *wb,
                  int default_stage, struct dsr_verdicts_plan *plan,
                  struct dsr_error *err)
{
    struct vplanner p = {.cat = cat, .wb = wb, .plan = plan, .err = err};
    unsigned hrow = 0;
    size_t iv = 0, ival = 0;
    int rc = -1;

    memset(plan, 0, sizeof(*plan));
    for (size_t i = 0; i < wb->nsheets && !p.s; i++)
        if (!wb->sheets[i].hidden)
            p.s = &wb->sheets[i];
    if (!p.s)
        return dsr_error_set(err, DSR_INPUT, wb->path, 0,
                             _("the workbook has no visible sheet; the "
                               "verdicts are read from the first one"));
    switch (read_header(&p, &hrow)) {
    case 0:
        break;
    case 1:
        rc = 0;
        goto out;
    default:
        goto out;
    }
    for (unsigned row = hrow + 1; row < p.s->nrows; row++)
        if (read_row(&p, row, default_stage) < 0)
            goto out;
    if (dedup(&p, p.verdicts, &p.nv, true) < 0 ||
        dedup(&p, p.values, &p.nval, false) < 0)
        goto out;
    plan->verdicts = p.nv;
    plan->values = p.nval;
    /* in the order of the rows: a row's value before its verdict */
    while (iv < p.nv || ival < p.nval) {
        bool value = ival < p.nval &&
                     (iv == p.nv || p.values[ival].row <= p.verdicts[iv].row);

        if (add_change(&p, value ? &p.values[ival++] : &p.verdicts[iv++],
                       !value) < 0)
            goto out;
    }
    rc = 0;
out:
    if (plan->nproblems > 1)
        qsort(plan->problems, plan->nproblems, sizeof(*plan->problems),
              problem_cmp);
    free(p.verdicts);
    free(p.values);
    for (size_t i = 0; i < p.nnotes; i++)
        free(p.notes[i]);
    free(p.notes);
    return rc;
}

void
dsr_verdicts_plan_release(struct dsr_verdicts_plan *plan)
{
    if (!plan)
        return;
    for (size_t i = 0; i < plan->n; i++)
        dsr_change_free(&plan->changes[i]);
    free(plan->changes);
    for (size_t i = 0; i < plan->nproblems; i++)
        free(plan->problems[i].message);
    free(plan->problems);
    memset(plan, 0, sizeof(*plan));
}
