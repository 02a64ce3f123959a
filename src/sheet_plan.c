/*
 * sheet_plan.c -- the import plan: what people changed in a workbook, by
 * a three-way merge of each editable cell against the value it had at
 * export (kept in the hidden sheet) and the manifest's value now.  Pure:
 * it reads nothing but its arguments and writes nothing.
 */
#include "dossier/sheet.h"

#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/hash.h"
#include "dossier/manifest.h"
#include "edit_int.h"
#include "internal.h"
#include "sheet_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One row of the hidden sheet: an indicator's or an evidence entry's. */
struct base_row {
    const char *indicator, *file;   /* file: NULL for an indicator */
    const struct dsr_sheet *s;
    unsigned row;
    /* in the index of the manifest instead: what the key names */
    const struct dsr_mindicator *mi;
    const struct dsr_evidence *ev;
};

struct planner {
    const struct dsr_manifest *m;
    const struct dsr_catalog *cat;
    const struct dsr_workbook *wb;
    struct dsr_import_plan *plan;
    const struct dsr_sheet *base;
    struct base_row *rows;          /* sorted by indicator, then file */
    size_t nrows;
    /* the manifest's indicators and evidence entries, sorted likewise
     * ('s' NULL, 'row' unused): a workbook's rows are found in log n */
    struct base_row *mrows;
    size_t nmrows;
    const char *owner;              /* the export's --owner; NULL: all */
    char **owned;                   /* normalised paths the rows point to */
    size_t nowned, ocap;
    struct dsr_error *err;
};

/* ---- values ------------------------------------------------------------ */

static bool
is_level(enum dsr_col c)
{
    return c == DSR_COL_LEVEL || c == DSR_COL_EV_LEVEL;
}

/*
 * 's' as compared: white space around trimmed, CR LF as LF, a level that
 * the editor accepts as the digit it writes (edit_int.h).
 */
static char *
normalise(const char *s, enum dsr_col col)
{
    const char *e;
    char *out, *w;

    while (*s && isspace((unsigned char)*s))
        s++;
    e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    out = malloc((size_t)(e - s) + 1);
    if (!out)
        return NULL;
    w = out;
    for (const char *p = s; p < e; p++)
        if (!(*p == '\r' && p + 1 < e && p[1] == '\n'))
            *w++ = *p;
    *w = '\0';
    if (is_level(col)) {
        char level[2];

        /* the editor's own rule: what it would write */
        if (dsr_edit_level(out, level))
            snprintf(out, strlen(out) + 1, "%s", level);
    }
    return out;
}

/* Whether 'a' and 'b' are the same value of column 'col'. */
static int
same(const char *a, const char *b, enum dsr_col col, bool *eq)
{
    char *x = normalise(a, col), *y = normalise(b, col);

    if (!x || !y) {
        free(x);
        free(y);
        return -1;
    }
    *eq = strcmp(x, y) == 0;
    free(x);
    free(y);
    return 0;
}

/* ---- the plan's own lists ---------------------------------------------- */

static int
add_change(struct planner *p, enum dsr_field field, const char *indicator,
           int stage, const char *file, const char *value, const char *where)
{
    struct dsr_import_plan *plan = p->plan;
    struct dsr_change *c;

    if (dsr_grow((void **)&plan->changes, sizeof(*plan->changes), &plan->cap,
                 plan->n + 1, p->err) < 0)
        return -1;
    c = &plan->changes[plan->n];
    memset(c, 0, sizeof(*c));
    c->field = field;
    c->indicator = dsr_strdup(indicator, p->err);
    c->stage = stage >= 0 ? dsr_strdup(dsr_stage_name(stage), p->err) : NULL;
    c->file = file ? dsr_strdup(file, p->err) : NULL;
    c->value = dsr_strdup(value, p->err);
    c->where = dsr_strdup(where, p->err);
    plan->n++;
    if (!c->indicator || (stage >= 0 && !c->stage) || (file && !c->file) ||
        !c->value || !c->where)
        return -1;
    return 0;
}

static int
add_issue(struct planner *p, enum dsr_import_issue_kind kind, const char *where,
          const char *indicator, const char *file, const char *base,
          const char *theirs, const char *ours)
{
    struct dsr_import_plan *plan = p->plan;
    struct dsr_import_issue *is;

    if (dsr_grow((void **)&plan->issues, sizeof(*plan->issues), &plan->icap,
                 plan->nissues + 1, p->err) < 0)
        return -1;
    is = &plan->issues[plan->nissues++];
    memset(is, 0, sizeof(*is));
    is->kind = kind;
    is->where = dsr_strdup(where, p->err);
    is->indicator = dsr_strdup(indicator ? indicator : "", p->err);
    is->file = file ? dsr_strdup(file, p->err) : NULL;
    is->base = base ? dsr_strdup(base, p->err) : NULL;
    is->theirs = theirs ? dsr_strdup(theirs, p->err) : NULL;
    is->ours = ours ? dsr_strdup(ours, p->err) : NULL;
    if (kind == DSR_IMPORT_CONFLICT)
        plan->conflicts++;
    if (!is->where || !is->indicator || (file && !is->file) ||
        (base && !is->base) || (theirs && !is->theirs) || (ours && !is->ours))
        return -1;
    return 0;
}

void
dsr_import_plan_release(struct dsr_import_plan *plan)
{
    if (!plan)
        return;
    for (size_t i = 0; i < plan->n; i++)
        dsr_change_free(&plan->changes[i]);
    free(plan->changes);
    for (size_t i = 0; i < plan->nissues; i++) {
        struct dsr_import_issue *is = &plan->issues[i];

        free(is->where);
        free(is->indicator);
        free(is->file);
        free(is->base);
        free(is->theirs);
        free(is->ours);
    }
    free(plan->issues);
    free(plan->exported);
    memset(plan, 0, sizeof(*plan));
}

/* ---- the export-time values -------------------------------------------- */

/*
 * The evidence path 'f' as the editor resolves it (dsr_path_normalise()),
 * so that "dir/./a.pdf" and "dir/a.pdf" are one key; a path it refuses
 * stays as it is (the editor refuses it with its reason).  NULL: no
 * memory.
 */
static const char *
norm_file(struct planner *p, const char *f)
{
    char *n = NULL;

    switch (dsr_path_normalise(f, &n)) {
    case DSR_PATH_OK:
        break;
    case DSR_PATH_NOMEM:
        dsr_error_set(p->err, DSR_NOMEM, p->wb->path, 0, "out of memory");
        return NULL;
    default:
        return f;
    }
    if (strcmp(n, f) == 0) {
        free(n);
        return f;
    }
    if (dsr_grow((void **)&p->owned, sizeof(*p->owned), &p->ocap,
                 p->nowned + 1, p->err) < 0) {
        free(n);
        return NULL;
    }
    p->owned[p->nowned++] = n;
    return n;
}

static int
row_cmp(const void *a, const void *b)
{
    const struct base_row *x = a, *y = b;
    int c = strcmp(x->indicator, y->indicator);

    if (c)
        return c;
    if (!x->file || !y->file)
        return x->file ? 1 : y->file ? -1 : 0;
    return strcmp(x->file, y->file);
}

static const struct base_row *
base_find(const struct planner *p, const char *indicator, const char *file)
{
    struct base_row key = {.indicator = indicator, .file = file};

    if (!p->nrows)
        return NULL;
    return bsearch(&key, p->rows, p->nrows, sizeof(*p->rows), row_cmp);
}

/* The value of key 'k' in the hidden sheet's key rows; NULL: none. */
static const char *
base_key(const struct dsr_sheet *s, const char *k)
{
    for (unsigned r = 0; r < s->nrows; r++) {
        const char *a = dsr_sheet_text(s, r, 0);

        if (strcmp(a, DSR_BASE_IND) == 0 || strcmp(a, DSR_BASE_EV) == 0)
            break;
        if (strcmp(a, k) == 0)
            return dsr_sheet_text(s, r, 1);
    }
    return NULL;
}

static int
base_load(struct planner *p)
{
    const struct dsr_sheet *s = dsr_workbook_sheet(p->wb, DSR_SHEET_BASE);
    const char *v;
    char sha[DSR_HASH_HEX_MAX];
    size_t cap = 0;

    if (!s || strcmp(dsr_sheet_text(s, 0, 0), DSR_BASE_MAGIC) != 0)
        return 0;
    if (strcmp(dsr_sheet_text(s, 0, 1), DSR_BASE_VERSION) != 0)
        return dsr_error_set(p->err, DSR_INPUT, p->wb->path, 0,
                             _("written by a newer dossier (export format "
                               "%s); import it with that version"),
                             dsr_sheet_text(s, 0, 1));
    p->base = s;
    p->plan->three_way = true;
    v = base_key(s, DSR_BASE_TIME);
    if (v && *v && !(p->plan->exported = dsr_strdup(v, p->err)))
        return -1;
    v = base_key(s, DSR_BASE_SHA256);
    /* without the links' secrets, as everything that names it */
    if (dsr_manifest_public_sha256(p->m, sha, p->err) < 0)
        return -1;
    p->plan->manifest_changed = !v || strcmp(v, sha) != 0;
    v = base_key(s, DSR_BASE_OWNER);
    p->owner = v && *v ? v : NULL;
    for (unsigned r = 0; r < s->nrows; r++) {
        const char *a = dsr_sheet_text(s, r, 0);
        bool ev = strcmp(a, DSR_BASE_EV) == 0;

        if (!ev && strcmp(a, DSR_BASE_IND) != 0)
            continue;
        if (dsr_grow((void **)&p->rows, sizeof(*p->rows), &cap, p->nrows + 1,
                     p->err) < 0)
            return -1;
        p->rows[p->nrows] = (struct base_row){
            dsr_sheet_text(s, r, 1), ev ? dsr_sheet_text(s, r, 2) : NULL, s, r,
            NULL, NULL};
        if (ev && !(p->rows[p->nrows].file = norm_file(p, p->rows[p->nrows].file)))
            return -1;
        p->nrows++;
    }
    if (p->nrows)
        qsort(p->rows, p->nrows, sizeof(*p->rows), row_cmp);
    return 0;
}

/*
 * The export-time value of column 'c' in base row 'b': its columns are
 * the editable columns of the sheet in order, after the kind letter.
 */
static const char *
base_value(const struct base_row *b, enum dsr_sheet_kind kind,
           struct dsr_colspec c)
{
    unsigned bc = 1;

    for (unsigned i = 0; i < dsr_sheet_ncols(kind); i++) {
        struct dsr_colspec x = dsr_sheet_column(kind, i);

        if (x.col == DSR_COL_NAME || x.col == DSR_COL_HINT ||
            x.col == DSR_COL_EV_SHA256)
            continue;
        if (x.col == c.col && x.stage == c.stage)
            return dsr_sheet_text(b->s, b->row, bc);
        bc++;
    }
    return "";
}

/* ---- the sheets -------------------------------------------------------- */

static bool
editable(enum dsr_col c)
{
    return c == DSR_COL_OWNER || c == DSR_COL_LEVEL || c == DSR_COL_EXPLAIN ||
           c == DSR_COL_EV_TITLE || c == DSR_COL_EV_LEVEL ||
           c == DSR_COL_EV_DATE;
}

static enum dsr_field
field_of(enum dsr_col c)
{
    switch (c) {
    case DSR_COL_OWNER: return DSR_FIELD_OWNER;
    case DSR_COL_LEVEL: return DSR_FIELD_LEVEL;
    case DSR_COL_EXPLAIN: return DSR_FIELD_EXPLAIN;
    case DSR_COL_EV_TITLE: return DSR_FIELD_EVIDENCE_TITLE;
    case DSR_COL_EV_LEVEL: return DSR_FIELD_EVIDENCE_LEVEL;
    default: return DSR_FIELD_EVIDENCE_DATE;
    }
}

struct sheetmap {
    const struct dsr_sheet *s;
    enum dsr_sheet_kind kind;
    struct dsr_colspec cols[DSR_WB_MAX_COLS];
    unsigned ncols;
    int key, file;                  /* columns of the key; -1: none */
};

static void
where_of(const struct sheetmap *sm, unsigned row, unsigned col, char *buf,
         size_t size)
{
    char ref[32];

    dsr_cell_ref(row, col, ref, sizeof(ref));
    if (*sm->s->name)
        snprintf(buf, size, "%s!%s", sm->s->name, ref);
    else
        snprintf(buf, size, "%s", ref);
}

static int
map_headers(struct planner *p, struct sheetmap *sm)
{
    enum dsr_col keycol = sm->kind == DSR_SHEET_EVIDENCE ? DSR_COL_EV_INDICATOR
                                                         : DSR_COL_ID;
    char h[128];

    sm->key = sm->file = -1;
    sm->ncols = 0;
    for (size_t i = 0; i < sm->s->ncells && sm->s->cells[i].row == 0; i++) {
        const struct dsr_cell *c = &sm->s->cells[i];
        struct dsr_colspec cs = dsr_sheet_header_parse(sm->kind, c->text);

        if (c->col >= DSR_WB_MAX_COLS)
            continue;
        for (unsigned k = 0; cs.col != DSR_COL_UNKNOWN && k < c->col; k++)
            if (sm->cols[k].col == cs.col && sm->cols[k].stage == cs.stage) {
                char ref[32];

                return dsr_error_set(
                    p->err, DSR_INPUT, p->wb->path, 0,
                    _("sheet '%s' has the column '%s' twice (%s and %s); "
                      "keep one and delete the other"),
                    *sm->s->name ? sm->s->name : "-", c->text,
                    dsr_cell_ref(0, k, h, sizeof(h)),
                    dsr_cell_ref(0, c->col, ref, sizeof(ref)));
            }
        sm->cols[c->col] = cs;
        if (c->col + 1 > sm->ncols)
            sm->ncols = c->col + 1;
        if (cs.col == keycol && sm->key < 0)
            sm->key = (int)c->col;
        if (cs.col == DSR_COL_EV_FILE && sm->file < 0)
            sm->file = (int)c->col;
    }
    if (sm->key < 0 || (sm->kind == DSR_SHEET_EVIDENCE && sm->file < 0))
        return dsr_error_set(
            p->err, DSR_INPUT, p->wb->path, 0,
            _("sheet '%s' has no column '%s' in its first row; keep the "
              "headers as dossier export wrote them"),
            sm->s->name,
            dsr_sheet_header(sm->kind, sm->key < 0 ? 0 : 1, DSR_LANG_ID, h,
                             sizeof(h)));
    return 0;
}

/* The manifest's indicator 'id' (the first, if given twice), or NULL. */
static const struct dsr_mindicator *
manifest_indicator(const struct planner *p, const char *id)
{
    struct base_row key = {.indicator = id};
    const struct base_row *b;

    if (!p->nmrows)
        return NULL;
    b = bsearch(&key, p->mrows, p->nmrows, sizeof(*p->mrows), row_cmp);
    return b ? b->mi : NULL;
}

/* The entry of 'file' in the manifest's indicator 'id', or NULL. */
static const struct dsr_evidence *
manifest_evidence(const struct planner *p, const char *id, const char *file)
{
    struct base_row key = {.indicator = id, .file = file};
    const struct base_row *b;

    if (!p->nmrows)
        return NULL;
    b = bsearch(&key, p->mrows, p->nmrows, sizeof(*p->mrows), row_cmp);
    return b ? b->ev : NULL;
}

/*
 * Index the manifest by key.  Of an indicator or entry given twice the
 * first counts, as dsr_manifest_indicator() has it: the sort keeps the
 * manifest's order among equal keys by comparing positions last.
 */
static int
mrow_cmp(const void *a, const void *b)
{
    const struct base_row *x = a, *y = b;
    int c = row_cmp(a, b);

    if (c)
        return c;
    return x->row < y->row ? -1 : x->row > y->row;
}

static int
manifest_index(struct planner *p)
{
    const struct dsr_manifest *m = p->m;
    size_t n = m->nindicators;

    for (size_t k = 0; k < m->nindicators; k++)
        n += m->indicators[k].nevidence;
    if (!n)
        return 0;
    p->mrows = calloc(n, sizeof(*p->mrows));
    if (!p->mrows)
        return dsr_error_set(p->err, DSR_NOMEM, p->wb->path, 0, "out of memory");
    for (size_t k = 0; k < m->nindicators; k++) {
        const struct dsr_mindicator *ind = &m->indicators[k];

        p->mrows[p->nmrows] = (struct base_row){ind->id, NULL, NULL,
                                                (unsigned)p->nmrows, ind, NULL};
        p->nmrows++;
        for (size_t e = 0; e < ind->nevidence; e++) {
            const char *f = norm_file(p, ind->evidence[e].file);

            if (!f)
                return -1;
            p->mrows[p->nmrows] = (struct base_row){
                ind->id, f, NULL, (unsigned)p->nmrows, ind, &ind->evidence[e]};
            p->nmrows++;
        }
    }
    qsort(p->mrows, p->nmrows, sizeof(*p->mrows), mrow_cmp);
    /* bsearch may land on any of equal keys: make them all the first */
    for (size_t i = 1; i < p->nmrows; i++)
        if (row_cmp(&p->mrows[i - 1], &p->mrows[i]) == 0) {
            p->mrows[i].mi = p->mrows[i - 1].mi;
            p->mrows[i].ev = p->mrows[i - 1].ev;
        }
    return 0;
}

static char *
trimmed(const char *s)
{
    return normalise(s, DSR_COL_ID);
}

/*
 * The cells of one row against the export-time row 'b' (NULL: none) and
 * the manifest's 'ind' / 'ev' (NULL: not there).  '*edits' counts the
 * cells that differ from what they were (or from the manifest, two-way).
 */
static int
merge_row(struct planner *p, const struct sheetmap *sm, unsigned row,
          const char *id, const char *file, const struct base_row *b,
          const struct dsr_mindicator *ind, const struct dsr_evidence *ev,
          bool apply, size_t *edits)
{
    char where[160], mbuf[32];

    for (unsigned c = 0; c < sm->ncols; c++) {
        struct dsr_colspec cs = sm->cols[c];
        const char *w = dsr_sheet_text(sm->s, row, c);
        const char *m = "";
        const char *base;
        bool eq;

        if (!editable(cs.col))
            continue;
        /* a blank cell of a row that was not exported clears nothing */
        if (!b && p->base && !*w)
            continue;
        if (ind && (sm->kind == DSR_SHEET_INDICATORS || ev))
            m = dsr_sheet_value(ind, ev, cs, p->cat, DSR_LANG_ID, mbuf,
                                sizeof(mbuf));
        base = b ? base_value(b, sm->kind, cs) : m;
        if (same(w, base, cs.col, &eq) < 0)
            goto nomem;
        if (eq)
            continue;               /* nobody touched it in the workbook */
        (*edits)++;
        if (!apply)
            continue;
        where_of(sm, row, c, where, sizeof(where));
        if (same(m, base, cs.col, &eq) < 0)
            goto nomem;
        if (eq) {
            if (add_change(p, field_of(cs.col), id, cs.stage, file, w, where) < 0)
                return -1;
            continue;
        }
        if (same(m, w, cs.col, &eq) < 0)
            goto nomem;
        if (eq)
            continue;               /* the manifest says so already */
        if (add_issue(p, DSR_IMPORT_CONFLICT, where, id, file, base, w, m) < 0)
            return -1;
    }
    return 0;
nomem:
    return dsr_error_set(p->err, DSR_NOMEM, p->wb->path, 0, "out of memory");
}

/* Whether 'row' has nothing in an editable or key column. */
static bool
row_blank(const struct sheetmap *sm, unsigned row)
{
    for (unsigned c = 0; c < sm->ncols; c++) {
        const char *t = dsr_sheet_text(sm->s, row, c);

        if (sm->cols[c].col == DSR_COL_UNKNOWN || !*t)
            continue;
        if (editable(sm->cols[c].col) || (int)c == sm->key || (int)c == sm->file)
            return false;
    }
    return true;
}

/*
 * Whether indicator 'id' was the exported owner's at export: its row in
 * the hidden sheet names that owner.  An export for one OPD edits only
 * that OPD's indicators.
 */
static bool
in_scope(const struct planner *p, const char *id)
{
    const struct base_row *bi = base_find(p, id, NULL);
    struct dsr_colspec oc = {DSR_COL_OWNER, -1};
    bool eq = false;

    if (!bi)
        return false;
    if (same(base_value(bi, DSR_SHEET_INDICATORS, oc), p->owner, DSR_COL_OWNER,
             &eq) < 0)
        return false;
    return eq;
}

static int
plan_row(struct planner *p, const struct sheetmap *sm, unsigned row,
         const char *id, const char *file)
{
    bool evs = sm->kind == DSR_SHEET_EVIDENCE;
    const struct base_row *b = p->base ? base_find(p, id, evs ? file : NULL) : NULL;
    const struct dsr_mindicator *ind = manifest_indicator(p, id);
    const struct dsr_evidence *ev = evs ? manifest_evidence(p, id, file) : NULL;
    char where[160];
    size_t edits = 0;

    where_of(sm, row, (unsigned)sm->key, where, sizeof(where));
    if (!dsr_catalog_indicator(p->cat, id)) {
        if (merge_row(p, sm, row, id, file, b, ind, ev, false, &edits) < 0)
            return -1;
        p->plan->skipped++;
        return add_issue(p, DSR_IMPORT_UNKNOWN, where, id, file, NULL, NULL,
                         NULL);
    }
    if (p->base && p->owner && !in_scope(p, id)) {
        if (merge_row(p, sm, row, id, file, b, ind, ev, false, &edits) < 0)
            return -1;
        p->plan->skipped++;
        return add_issue(p, DSR_IMPORT_OUT_OF_SCOPE, where, id, file, p->owner,
                         NULL, NULL);
    }
    /* in the manifest, but not exported (or its row deleted from the
     * hidden sheet): nobody saw its values, so nothing is merged */
    if (p->base && !b && ind && (!evs || ev)) {
        if (merge_row(p, sm, row, id, file, b, ind, ev, false, &edits) < 0)
            return -1;
        p->plan->skipped++;
        return add_issue(p, DSR_IMPORT_NOT_EXPORTED, where, id, file, NULL,
                         NULL, NULL);
    }
    /* exported, but gone from the manifest since: left alone */
    if (b && (!ind || (evs && !ev))) {
        if (merge_row(p, sm, row, id, file, b, ind, ev, false, &edits) < 0)
            return -1;
        if (edits)
            p->plan->skipped++;
        return add_issue(p, DSR_IMPORT_GONE, where, id, file, NULL, NULL, NULL);
    }
    if (evs && !b && !ev) {
        /* a new evidence row: its entry is added, with its title at least */
        size_t before = p->plan->n;

        if (add_issue(p, DSR_IMPORT_ADDED, where, id, file, NULL, NULL, NULL) < 0 ||
            merge_row(p, sm, row, id, file, NULL, ind, NULL, true, &edits) < 0)
            return -1;
        for (size_t i = before; i < p->plan->n; i++)
            if (p->plan->changes[i].field == DSR_FIELD_EVIDENCE_TITLE)
                return 0;
        where_of(sm, row, (unsigned)sm->file, where, sizeof(where));
        return add_change(p, DSR_FIELD_EVIDENCE_TITLE, id, -1, file, "", where);
    }
    return merge_row(p, sm, row, id, file, b, ind, ev, true, &edits);
}

struct rowkey {
    char *key;                  /* indicator, US, file; trimmed */
    unsigned row;
};

static int
rowkey_cmp(const void *a, const void *b)
{
    const struct rowkey *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    if (c)
        return c;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* The trimmed key columns of 'row' into '*id' and '*file' (NULL: none). */
static int
row_key(struct planner *p, const struct sheetmap *sm, unsigned row, char **id,
        char **file)
{
    *id = trimmed(dsr_sheet_text(sm->s, row, (unsigned)sm->key));
    *file = sm->file >= 0
                ? trimmed(dsr_sheet_text(sm->s, row, (unsigned)sm->file))
                : NULL;
    if (!*id || (sm->file >= 0 && !*file)) {
        free(*id);
        free(*file);
        *id = *file = NULL;
        return dsr_error_set(p->err, DSR_NOMEM, p->wb->path, 0, "out of memory");
    }
    if (*file && **file) {
        char *n = NULL;

        switch (dsr_path_normalise(*file, &n)) {
        case DSR_PATH_OK:
            free(*file);
            *file = n;
            break;
        case DSR_PATH_NOMEM:
            free(*id);
            free(*file);
            *id = *file = NULL;
            return dsr_error_set(p->err, DSR_NOMEM, p->wb->path, 0,
                                 "out of memory");
        default:
            break;              /* the editor refuses it, saying why */
        }
    }
    return 0;
}

/*
 * Mark in 'dup' every row whose key an earlier row has, by sorting the
 * keys: n log n, whatever the workbook holds.
 */
static int
find_duplicates(struct planner *p, const struct sheetmap *sm, bool *dup)
{
    struct rowkey *keys = calloc(sm->s->nrows ? sm->s->nrows : 1, sizeof(*keys));
    size_t n = 0;
    int ret = -1;

    if (!keys)
        return dsr_error_set(p->err, DSR_NOMEM, p->wb->path, 0, "out of memory");
    for (unsigned row = 1; row < sm->s->nrows; row++) {
        char *id, *file;

        if (row_blank(sm, row))
            continue;
        if (row_key(p, sm, row, &id, &file) < 0)
            goto out;
        keys[n].key = malloc(strlen(id) + (file ? strlen(file) : 0) + 2);
        if (keys[n].key)
            sprintf(keys[n].key, "%s\x1f%s", id, file ? file : "");
        free(id);
        free(file);
        if (!keys[n].key) {
            dsr_error_set(p->err, DSR_NOMEM, p->wb->path, 0, "out of memory");
            goto out;
        }
        keys[n++].row = row;
    }
    if (n)
        qsort(keys, n, sizeof(*keys), rowkey_cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(keys[i - 1].key, keys[i].key) == 0)
            dup[keys[i].row] = true;
    ret = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(keys[i].key);
    free(keys);
    return ret;
}

static int
plan_sheet(struct planner *p, struct sheetmap *sm)
{
    bool *dup = NULL;
    int ret = -1;

    if (map_headers(p, sm) < 0)
        return -1;
    dup = calloc(sm->s->nrows ? sm->s->nrows : 1, sizeof(*dup));
    if (!dup)
        return dsr_error_set(p->err, DSR_NOMEM, p->wb->path, 0, "out of memory");
    if (find_duplicates(p, sm, dup) < 0)
        goto out;
    for (unsigned row = 1; row < sm->s->nrows; row++) {
        char *id, *file;
        char where[160];
        int rc;

        if (row_blank(sm, row))
            continue;
        if (row_key(p, sm, row, &id, &file) < 0)
            goto out;
        where_of(sm, row, (unsigned)sm->key, where, sizeof(where));
        if (!*id || (file && !*file)) {
            p->plan->skipped++;
            rc = add_issue(p, DSR_IMPORT_NO_KEY, where, id, file, NULL, NULL,
                           NULL);
        } else if (dup[row]) {
            /* a key seen before: the first row counts */
            p->plan->skipped++;
            rc = add_issue(p, DSR_IMPORT_DUPLICATE, where, id, file, NULL, NULL,
                           NULL);
        } else
            rc = plan_row(p, sm, row, id, file);
        free(id);
        free(file);
        if (rc < 0)
            goto out;
    }
    ret = 0;
out:
    free(dup);
    return ret;
}

/* The sheet of 'kind': as the hidden sheet names it, or in any language. */
static const struct dsr_sheet *
find_sheet(const struct planner *p, enum dsr_sheet_kind kind)
{
    const char *name = p->base ? base_key(p->base, kind == DSR_SHEET_EVIDENCE
                                                       ? DSR_BASE_EV_SHEET
                                                       : DSR_BASE_IND_SHEET)
                               : NULL;
    const struct dsr_sheet *s = name ? dsr_workbook_sheet(p->wb, name) : NULL;

    for (int l = 0; !s && l < DSR_LANG_COUNT; l++)
        s = dsr_workbook_sheet(p->wb, dsr_sheet_name(kind, (enum dsr_lang)l));
    return s;
}

/* A CSV file's one sheet: evidence when a header names the file column. */
static enum dsr_sheet_kind
csv_kind(const struct dsr_sheet *s)
{
    for (size_t i = 0; i < s->ncells && s->cells[i].row == 0; i++)
        if (dsr_sheet_header_parse(DSR_SHEET_EVIDENCE, s->cells[i].text).col ==
            DSR_COL_EV_FILE)
            return DSR_SHEET_EVIDENCE;
    return DSR_SHEET_INDICATORS;
}

int
dsr_import_plan(const struct dsr_manifest *m, const struct dsr_catalog *cat,
                const struct dsr_workbook *wb, struct dsr_import_plan *plan,
                struct dsr_error *err)
{
    struct planner p = {.m = m, .cat = cat, .wb = wb, .plan = plan, .err = err};
    struct sheetmap *sm;
    const struct dsr_sheet *si, *se;
    int ret = -1;

    memset(plan, 0, sizeof(*plan));
    sm = calloc(1, sizeof(*sm));
    if (!sm)
        return dsr_error_set(err, DSR_NOMEM, wb->path, 0, "out of memory");
    if (manifest_index(&p) < 0)
        goto out;
    if (wb->csv) {
        if (wb->nsheets != 1)
            goto bad;
        sm->s = &wb->sheets[0];
        sm->kind = csv_kind(sm->s);
        ret = plan_sheet(&p, sm);
        goto out;
    }
    if (base_load(&p) < 0)
        goto out;
    si = find_sheet(&p, DSR_SHEET_INDICATORS);
    se = find_sheet(&p, DSR_SHEET_EVIDENCE);
    if (!si && !se)
        goto bad;
    if (si) {
        sm->s = si;
        sm->kind = DSR_SHEET_INDICATORS;
        if (plan_sheet(&p, sm) < 0)
            goto out;
    }
    if (se) {
        memset(sm, 0, sizeof(*sm));
        sm->s = se;
        sm->kind = DSR_SHEET_EVIDENCE;
        if (plan_sheet(&p, sm) < 0)
            goto out;
    }
    ret = 0;
    goto out;
bad:
    dsr_error_set(err, DSR_INPUT, wb->path, 0,
                  _("no sheet '%s' or '%s': not a workbook of dossier export"),
                  dsr_sheet_name(DSR_SHEET_INDICATORS, DSR_LANG_ID),
                  dsr_sheet_name(DSR_SHEET_EVIDENCE, DSR_LANG_ID));
out:
    free(p.rows);
    free(p.mrows);
    for (size_t i = 0; i < p.nowned; i++)
        free(p.owned[i]);
    free(p.owned);
    free(sm);
    return ret;
}
