/*
 * manifest_edit.c -- apply changes to a manifest, keeping every other
 * byte: what `dossier set` and `dossier import` do.
 *
 * Each change is checked as check would check its value, then carried
 * out on the current text as one splice (an attribute value rewritten,
 * added or removed, an element's text rewritten, an element added or
 * removed) at offsets the shared locator (manifest_text.c) finds.
 *
 * The splices are collected against the one located text and applied
 * together, in offset order, and the result loads and validates once:
 * a change costs what its own splice costs, not a copy, parse and
 * validation of the whole manifest (a year's import is thousands of
 * changes).  The text is applied early only where a change must find
 * what it added (a new indicator or evidence entry) or touches what an
 * earlier one changed.  When the result does not load, the changes are
 * made again one at a time, each text loaded, to refuse the one(s) at
 * fault; the result replaces the file with a numbered backup kept.
 */
#include "dossier/edit.h"

#include "dossier/buf.h"
#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/format.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"
#include "edit_int.h"
#include "internal.h"
#include "manifest_text.h"
#include "workspace_int.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The order of the root's children (manifest.xsd). */
static const char *const root_order[] = {
    "instance", "coordinator", "period", "target", "previous", "evidence-root",
};

/* One change of the text, against 'cur' as located: 'cut' bytes at 'at'
 * replaced by 'text' (already in the file's encoding and line ends). */
struct pending {
    size_t at, cut, seq;
    char *text;
    size_t len;
};

struct editor {
    const char *path;
    const struct dsr_edit_opts *opts;
    struct dsr_edit_result *res;
    struct dsr_error *err;
    char schema[PATH_MAX];
    const char *enc;            /* the single-byte encoding, or NULL */
    struct dsr_catalog *cat;
    struct dsr_manifest *m;     /* as it was read */
    struct dsr_root root;
    bool root_tried;
    char *root_why;             /* why the root cannot be used */
    char *cur;                  /* the text with the changes so far */
    size_t len;
    size_t base_errors;         /* error findings of the text as read */
    struct dsr_mt_doc doc;      /* located in 'cur' */
    struct dsr_buf next;        /* the text one change makes */
    const char *where;          /* the change's, for messages */
    /* batching: the splices not yet applied to 'cur' */
    bool batch;
    bool batch_failed;          /* splices overlapped: one at a time */
    struct pending *pend;
    size_t npend, cappend, seq;
    size_t mark;                /* npend when the change began */
    bool undo_armed;            /* keep the text before the next apply */
    char *undo;                 /* ... here, to undo a refused change */
    size_t undo_len;
    char **keys;                /* what the pending splices touch (hash) */
    size_t nkeys, capkeys;
};

/* What one change is to become, checked and normalised. */
struct want {
    const char *value;          /* NULL: clear (or: only add the entry) */
    char norm[64];              /* normalised short values */
    char norm2[64];             /* PERIOD's TO, PREVIOUS's INDEX */
    char *text;                 /* a trimmed text value (owned) */
    int stage;
    /* VERDICT: the item (NULL: none), status and kind as written */
    const char *item;
    const char *status;
    const char *kind;           /* NULL: none */
};

static int edit_one(struct editor *ed, const struct dsr_change *c,
                    struct dsr_edit_item *it);

/* ---- results -------------------------------------------------------- */

static int
refuse(struct editor *ed, struct dsr_edit_item *it, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
refuse(struct editor *ed, struct dsr_edit_item *it, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    free(it->why);
    it->why = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!it->why)
        return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
    va_start(ap, fmt);
    vsnprintf(it->why, (size_t)n + 1, fmt, ap);
    va_end(ap);
    it->outcome = DSR_EDIT_REFUSED;
    return 1;
}

static int
set_str(char **dst, const char *s, struct dsr_error *err)
{
    free(*dst);
    *dst = NULL;
    if (!s)
        return 0;
    *dst = strdup(s);
    return *dst ? 0 : dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
}

/* ---- values --------------------------------------------------------- */

static bool
blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* 's' without the white space around it, in 'out' (NULL: out of memory) */
static char *
trimmed(const char *s)
{
    size_t n;

    while (*s && blank(*s))
        s++;
    n = strlen(s);
    while (n > 0 && blank(s[n - 1]))
        n--;
    return strndup(s, n);
}

/* A whole number from 1 to 5, as check wants a level (edit_int.h). */
bool
dsr_edit_level(const char *s, char out[2])
{
    while (blank(*s))
        s++;
    if (*s < '1' || *s > '5')
        return false;
    out[0] = *s++;
    out[1] = '\0';
    if ((*s == '.' || *s == ',') && s[1] == '0') {
        s++;
        while (*s == '0')
            s++;
    }
    while (blank(*s))
        s++;
    return *s == '\0';
}

/* An index "3,1" or "3.10" as "3.10", from 1.00 to 5.00. */
static bool
parse_index(const char *s, char *out, size_t size)
{
    long h = dsr_index_parse(s);

    if (h < 100 || h > 500)
        return false;
    snprintf(out, size, "%ld.%02ld", h / 100, h % 100);
    return true;
}

static bool
parse_date(const char *s, char *out, size_t size)
{
    struct dsr_date d;
    char *t = trimmed(s);
    bool ok = t && dsr_date_parse(t, &d) == 0;

    if (ok)
        snprintf(out, size, "%s", t);
    free(t);
    return ok;
}

/*
 * The first character of 's' that an XML text cannot hold: a control
 * character (a tab and, with 'lines', line breaks aside), U+FFFE, U+FFFF,
 * or without 'lines' a deceptive one.  Returns its code point and sets
 * '*at' to its position (1-based, in characters); -2 for bytes that are
 * not UTF-8 (there); -1 when the text is fine.
 */
static long
text_fault(const char *s, bool lines, size_t *at)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = strlen(s), i = 0;

    for (*at = 1; i < len; ++*at) {
        unsigned cp;
        size_t n = dsr_utf8_next(u + i, len - i, &cp);

        if (n == 0)
            return -2;
        if ((cp < 0x20 && cp != '\t' && !(lines && (cp == '\n' ||
                                                    cp == '\r'))) ||
            cp == 0xFFFE || cp == 0xFFFF || (!lines && dsr_cp_deceptive(cp)))
            return (long)cp;
        i += n;
    }
    return -1;
}

/* Valid UTF-8 without control characters (a tab and, with 'lines', line
 * breaks aside): what an XML text can hold. */
static bool
text_ok(const char *s, bool lines)
{
    size_t at;

    return text_fault(s, lines, &at) == -1;
}

static bool
field_is_text(enum dsr_field f)
{
    switch (f) {
    case DSR_FIELD_INSTANCE_NAME:
    case DSR_FIELD_INSTANCE_KIND:
    case DSR_FIELD_COORDINATOR_NAME:
    case DSR_FIELD_COORDINATOR_POSITION:
    case DSR_FIELD_COORDINATOR_UNIT:
    case DSR_FIELD_OWNER:
    case DSR_FIELD_EXPLAIN:
    case DSR_FIELD_EVIDENCE_TITLE:
        return true;
    default:
        return false;
    }
}

static bool
field_required(enum dsr_field f)
{
    return f == DSR_FIELD_INSTANCE_NAME || f == DSR_FIELD_EVIDENCE_TITLE;
}

static bool
field_of_indicator(enum dsr_field f)
{
    return f >= DSR_FIELD_OWNER;
}

static bool
field_of_evidence(enum dsr_field f)
{
    return f >= DSR_FIELD_EVIDENCE_LEVEL;
}

/* What the user called the value, for messages. */
static const char *
field_what(enum dsr_field f)
{
    switch (f) {
    case DSR_FIELD_INSTANCE_NAME: return _("the institution's name");
    case DSR_FIELD_INSTANCE_KIND: return _("the institution's kind");
    case DSR_FIELD_COORDINATOR_NAME: return _("the coordinator's name");
    case DSR_FIELD_COORDINATOR_POSITION: return _("the coordinator's position");
    case DSR_FIELD_COORDINATOR_UNIT: return _("the coordinator's unit");
    case DSR_FIELD_PERIOD: return _("the period");
    case DSR_FIELD_TARGET: return _("the target index");
    case DSR_FIELD_PREVIOUS: return _("the previous index");
    case DSR_FIELD_OWNER: return _("the indicator's owner");
    case DSR_FIELD_LEVEL: return _("the level");
    case DSR_FIELD_EXPLAIN: return _("the explanation");
    case DSR_FIELD_VALUE: return _("the value");
    case DSR_FIELD_VERDICT: return _("the verdict");
    case DSR_FIELD_EVIDENCE_LEVEL: return _("the evidence level");
    case DSR_FIELD_EVIDENCE_TITLE: return _("the evidence title");
    case DSR_FIELD_EVIDENCE_DATE: return _("the evidence date");
    }
    return "?";
}

/* A value in ten-thousandths as the manifest writes it: "1.30",
 * "1.1667", "2.00" (edit_int.h). */
void
dsr_value_text(long v, char *out, size_t size)
{
    dsr_format_value(v, 2, DSR_LANG_EN, out, size);
}

/* A verdict's parts checked as check checks them (VERDICT): 0, 1
 * refused, -1 with ed->err set. */
static int
check_verdict(struct editor *ed, const struct dsr_change *c,
              struct dsr_edit_item *it, struct want *w)
{
    const char *where = c->where ? c->where : "";
    const struct dsr_indicator *ci = dsr_catalog_indicator(ed->cat,
                                                           c->indicator);
    int st = c->status ? dsr_verdict_status_parse(c->status) : -1;
    int kind = c->kind && *c->kind ? dsr_verdict_kind_parse(c->kind)
                                   : DSR_KIND_NONE;

    if (w->stage == DSR_STAGE_MANDIRI)
        return refuse(ed, it,
                      _("%s: a verdict is the assessors': its stage is "
                        "dokumen, interviu or visitasi, not mandiri"),
                      where);
    if (c->item && !dsr_indicator_item(ci, c->item))
        return refuse(ed, it,
                      _("%s: indicator %s has no item '%s'; 'dossier "
                        "catalog --framework %s' lists its items"),
                      where, c->indicator, c->item, ed->cat->id);
    if (!c->item && ci->nitems)
        return refuse(ed, it,
                      _("%s: a verdict on indicator %s names its item "
                        "(butir), e.g. %s"),
                      where, c->indicator, ci->items[0].id);
    if (st < 0)
        return refuse(ed, it,
                      _("%s: the status '%s' is not diterima or revisi"),
                      where, c->status ? c->status : "");
    if (kind < 0 || (st == DSR_VERDICT_DITERIMA && kind != DSR_KIND_NONE))
        return refuse(ed, it,
                      _("%s: the kind '%s' is not tidak-tepat, "
                        "belum-diunggah or otomatis-ditolak (and only a "
                        "revisi has one)"),
                      where, c->kind);
    w->text = trimmed(c->value ? c->value : "");
    if (!w->text)
        return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
    {
        size_t at;
        long bad = text_fault(w->text, true, &at);

        if (bad != -1) {
            free(w->text);
            w->text = NULL;
            /* a portal's note pasted with a terminal's or a program's
             * control codes: say which and where */
            return bad == -2
                       ? refuse(ed, it,
                                _("%s: the note is not UTF-8 text (at "
                                  "character %zu): save the sheet again as "
                                  "\"CSV UTF-8\" or as a workbook"),
                                where, at)
                       : refuse(ed, it,
                                _("%s: the note holds the character "
                                  "U+%04lX (character %zu), which a manifest "
                                  "cannot hold: delete it and retype the text "
                                  "around it"),
                                where, (unsigned long)bad, at);
        }
    }
    w->value = w->text;
    w->item = c->item;
    w->status = dsr_verdict_status_name((enum dsr_verdict_status)st);
    w->kind = kind == DSR_KIND_NONE
                  ? NULL
                  : dsr_verdict_kind_name((enum dsr_verdict_kind)kind);
    return 0;
}

/*
 * Check the value of 'c' as check would and normalise it into 'w'.
 * Returns 0, 1 when refused (it->why says), -1 with ed->err set.
 */
static int
check_value(struct editor *ed, const struct dsr_change *c,
            struct dsr_edit_item *it, struct want *w)
{
    const char *where = c->where ? c->where : "";
    const char *v = c->value;
    char *t = NULL;

    memset(w, 0, sizeof(*w));
    w->stage = -1;
    if (c->field == DSR_FIELD_LEVEL || c->field == DSR_FIELD_EXPLAIN ||
        c->field == DSR_FIELD_VALUE || c->field == DSR_FIELD_VERDICT) {
        char *s = c->stage ? trimmed(c->stage) : NULL;

        if (c->stage && !s)
            return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
        for (char *p = s; p && *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        w->stage = dsr_stage_parse(s);
        if (w->stage < 0) {
            int rc = refuse(ed, it,
                            _("%s: the stage '%s' is not one of mandiri, "
                              "dokumen, interviu, visitasi"),
                            where, c->stage ? c->stage : "");

            free(s);
            return rc;
        }
        free(s);
    }
    if (field_of_indicator(c->field)) {
        if (!c->indicator || !dsr_catalog_indicator(ed->cat, c->indicator))
            return refuse(ed, it,
                          _("%s: indicator '%s' is not in the framework %s; "
                            "'dossier catalog --framework %s' lists its "
                            "indicators"),
                          where, c->indicator ? c->indicator : "",
                          ed->cat->id, ed->cat->id);
    }
    if (c->field == DSR_FIELD_VERDICT)
        return check_verdict(ed, c, it, w);
    if (field_of_evidence(c->field)) {
        char *norm = NULL;
        enum dsr_path_status ps = c->file ? dsr_path_normalise(c->file, &norm)
                                          : DSR_PATH_INVALID;

        free(norm);
        if (ps == DSR_PATH_NOMEM)
            return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
        if (ps != DSR_PATH_OK)
            return refuse(ed, it,
                          _("%s: '%s' is not a path below the evidence root "
                            "(write it as the manifest does, e.g. "
                            "01-folder/file.pdf)"),
                          where, c->file ? c->file : "");
    }
    /* NULL: only make sure the evidence entry is there */
    if (!v) {
        if (field_of_evidence(c->field))
            return 0;
        return refuse(ed, it, _("%s: no value given"), where);
    }
    t = trimmed(v);
    if (!t)
        return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
    if (!*t) {
        free(t);
        if (field_required(c->field))
            return refuse(ed, it,
                          _("%s: %s cannot be empty; give a value"), where,
                          field_what(c->field));
        return 0;               /* clear it */
    }
    w->value = v;
    if (field_is_text(c->field)) {
        if (!text_ok(t, c->field == DSR_FIELD_EXPLAIN)) {
            free(t);
            return refuse(ed, it,
                          _("%s: %s holds a control character or is not "
                            "UTF-8 text"),
                          where, field_what(c->field));
        }
        w->text = t;
        return 0;
    }
    switch (c->field) {
    case DSR_FIELD_LEVEL:
    case DSR_FIELD_EVIDENCE_LEVEL:
        if (!dsr_edit_level(t, w->norm)) {
            free(t);
            return refuse(ed, it,
                          _("%s: the level must be a whole number from 1 to "
                            "5, not '%s'"),
                          where, v);
        }
        break;
    case DSR_FIELD_EVIDENCE_DATE:
        if (!parse_date(t, w->norm, sizeof(w->norm))) {
            free(t);
            return refuse(ed, it,
                          _("%s: '%s' is not a date written YYYY-MM-DD that "
                            "exists in the calendar (e.g. 2025-02-01)"),
                          where, v);
        }
        break;
    case DSR_FIELD_VALUE: {
        long val = dsr_value_parse(t);

        if (val < DSR_LEVEL_MIN * DSR_VALUE_ONE ||
            val > DSR_LEVEL_MAX * DSR_VALUE_ONE) {
            free(t);
            return refuse(ed, it,
                          _("%s: the value must be a number from 1 to 5 "
                            "with at most four decimals (a comma or a "
                            "point, e.g. 1,1667), not '%s'"),
                          where, c->value);
        }
        dsr_value_text(val, w->norm, sizeof(w->norm));
        snprintf(w->norm2, sizeof(w->norm2), "%d",
                 dsr_catalog_value_level(ed->cat, val));
        break;
    }
    case DSR_FIELD_TARGET:
        if (!parse_index(t, w->norm, sizeof(w->norm))) {
            free(t);
            return refuse(ed, it,
                          _("%s: the index must be a number from 1.00 to "
                            "5.00 with at most two decimals (a comma or a "
                            "point), not '%s'"),
                          where, v);
        }
        break;
    case DSR_FIELD_PERIOD: {
        char *dots = strstr(t, "..");
        struct dsr_date a, b;

        if (dots)
            *dots = '\0';
        if (!dots || !parse_date(t, w->norm, sizeof(w->norm)) ||
            !parse_date(dots + 2, w->norm2, sizeof(w->norm2))) {
            free(t);
            return refuse(ed, it,
                          _("%s: the period must be written FROM..TO, two "
                            "real dates YYYY-MM-DD (e.g. "
                            "2024-01-01..2024-12-31), not '%s'"),
                          where, v);
        }
        dsr_date_parse(w->norm, &a);
        dsr_date_parse(w->norm2, &b);
        if (dsr_date_cmp(&a, &b) > 0) {
            free(t);
            return refuse(ed, it,
                          _("%s: the period starts (%s) after it ends (%s)"),
                          where, w->norm, w->norm2);
        }
        break;
    }
    case DSR_FIELD_PREVIOUS: {
        char *eq = strchr(t, '=');
        char *year = NULL;
        bool ok = false;

        if (eq) {
            *eq = '\0';
            year = trimmed(t);
            ok = year && strlen(year) == 4 &&
                 strspn(year, "0123456789") == 4 &&
                 parse_index(eq + 1, w->norm2, sizeof(w->norm2));
            if (ok)
                snprintf(w->norm, sizeof(w->norm), "%s", year);
        }
        free(year);
        if (!ok) {
            free(t);
            return refuse(ed, it,
                          _("%s: the previous result must be written "
                            "YEAR=INDEX, e.g. 2024=2.74 (an index from 1.00 "
                            "to 5.00), not '%s'"),
                          where, v);
        }
        break;
    }
    default:
        break;
    }
    free(t);
    return 0;
}

/* ---- the text ------------------------------------------------------- */

/*
 * ed->next: the current text with 'cut' bytes at 'at' replaced by 'text'
 * (UTF-8 with LF line ends), written as the file writes new text.
 */
static int
splice(struct editor *ed, size_t at, size_t cut, const char *text)
{
    if (ed->batch) {
        struct dsr_buf b = DSR_BUF_INIT;
        struct pending *p;

        if (ed->npend == ed->cappend) {
            size_t cap = ed->cappend ? 2 * ed->cappend : 64;
            struct pending *np = realloc(ed->pend, cap * sizeof(*np));

            if (!np)
                return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0,
                                     "out of memory");
            ed->pend = np;
            ed->cappend = cap;
        }
        if (dsr_mt_add_new_text(&b, text, strlen(text), ed->enc != NULL,
                                ed->doc.crlf, ed->err) < 0 ||
            dsr_buf_adds(&b, "", ed->err) < 0) {
            dsr_buf_release(&b);
            return -1;
        }
        p = &ed->pend[ed->npend++];
        p->at = at;
        p->cut = cut;
        p->seq = ed->seq++;
        p->len = b.len;
        p->text = dsr_buf_detach(&b);
        return 0;
    }
    dsr_buf_reset(&ed->next);
    if (dsr_buf_add(&ed->next, ed->cur, at, ed->err) < 0 ||
        dsr_mt_add_new_text(&ed->next, text, strlen(text), ed->enc != NULL,
                            ed->doc.crlf, ed->err) < 0 ||
        dsr_buf_add(&ed->next, ed->cur + at + cut, ed->len - at - cut,
                    ed->err) < 0)
        return -1;
    return 0;
}

static int
locate(struct editor *ed)
{
    dsr_mt_doc_release(&ed->doc);
    if (dsr_mt_locate(ed->cur, ed->len, ed->enc, &ed->doc, ed->err) < 0) {
        if (!ed->err->path[0])
            snprintf(ed->err->path, sizeof(ed->err->path), "%s", ed->path);
        return -1;
    }
    return 0;
}

/* ---- batching --------------------------------------------------------- */

static void
drop_pending(struct editor *ed, size_t from)
{
    while (ed->npend > from)
        free(ed->pend[--ed->npend].text);
}

static void
clear_keys(struct editor *ed)
{
    for (size_t i = 0; i < ed->capkeys; i++) {
        free(ed->keys[i]);
        ed->keys[i] = NULL;
    }
    ed->nkeys = 0;
}

/* Add 'key' to the set; returns 1 when it was there, 0, -1 no memory. */
static int
key_seen(struct editor *ed, const char *key)
{
    size_t h = 14695981039346656037ULL & SIZE_MAX, i;

    if (2 * (ed->nkeys + 1) > ed->capkeys) {
        size_t cap = ed->capkeys ? 2 * ed->capkeys : 256;
        char **old = ed->keys, **nk = calloc(cap, sizeof(*nk));
        size_t oldcap = ed->capkeys;

        if (!nk)
            return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
        ed->keys = nk;
        ed->capkeys = cap;
        ed->nkeys = 0;
        for (size_t k = 0; k < oldcap; k++)
            if (old[k]) {
                size_t g = 14695981039346656037ULL & SIZE_MAX, j;

                for (const char *c = old[k]; *c; c++)
                    g = (g ^ (unsigned char)*c) * 1099511628211ULL;
                for (j = g & (cap - 1); nk[j]; j = (j + 1) & (cap - 1))
                    ;
                nk[j] = old[k];
                ed->nkeys++;
            }
        free(old);
    }
    for (const char *c = key; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    for (i = h & (ed->capkeys - 1); ed->keys[i];
         i = (i + 1) & (ed->capkeys - 1))
        if (strcmp(ed->keys[i], key) == 0)
            return 1;
    ed->keys[i] = strdup(key);
    if (!ed->keys[i])
        return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
    ed->nkeys++;
    return 0;
}

static int
pending_cmp(const void *a, const void *b)
{
    const struct pending *x = a, *y = b;

    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * The pending splices applied to 'cur', in offset order, and the text
 * located again.  Splices that overlap cannot be applied together:
 * 'batch_failed' is set and the changes are made one at a time instead.
 */
static int
flush(struct editor *ed)
{
    struct dsr_buf b = DSR_BUF_INIT;
    size_t pos = 0;

    clear_keys(ed);
    if (!ed->npend)
        return 0;
    qsort(ed->pend, ed->npend, sizeof(*ed->pend), pending_cmp);
    for (size_t i = 0; i < ed->npend; i++) {
        const struct pending *p = &ed->pend[i];

        if (p->at < pos || p->at + p->cut > ed->len) {
            ed->batch_failed = true;
            drop_pending(ed, 0);
            dsr_buf_release(&b);
            return 0;
        }
        if (dsr_buf_add(&b, ed->cur + pos, p->at - pos, ed->err) < 0 ||
            dsr_buf_add(&b, p->text, p->len, ed->err) < 0) {
            dsr_buf_release(&b);
            return -1;
        }
        pos = p->at + p->cut;
    }
    if (dsr_buf_add(&b, ed->cur + pos, ed->len - pos, ed->err) < 0 ||
        dsr_buf_adds(&b, "", ed->err) < 0) {
        dsr_buf_release(&b);
        return -1;
    }
    drop_pending(ed, 0);
    if (ed->undo_armed && !ed->undo) {
        ed->undo = ed->cur;
        ed->undo_len = ed->len;
    } else {
        free(ed->cur);
    }
    ed->len = b.len;
    ed->cur = dsr_buf_detach(&b);
    return locate(ed);
}

/* Before a change adds what it then looks for: the text so far applied,
 * and kept to undo the change if it is refused. */
static int
begin_structural(struct editor *ed)
{
    if (!ed->batch)
        return 0;
    if (flush(ed) < 0)
        return -1;
    ed->mark = 0;
    ed->undo_armed = true;
    return 0;
}

/* After it added it: the text applied, so it can be found. */
static int
refind(struct editor *ed)
{
    return ed->batch ? flush(ed) : 0;
}

/* Attribute 'name' of element 'i' set to 'value' (NULL: removed). */
static int
set_attr(struct editor *ed, size_t i, const char *name, const char *value)
{
    const struct dsr_mt_el *el = &ed->doc.els[i];
    struct dsr_buf b = DSR_BUF_INIT;
    size_t ns, vs, vl;
    int rc = -1;

    if (dsr_mt_attr_span(ed->cur, el->start, el->stag_end, name, &ns, &vs,
                         &vl)) {
        if (value) {
            if (dsr_mt_add_attr_escaped(&b, value, ed->err) == 0)
                rc = splice(ed, vs, vl, dsr_buf_str(&b));
        } else {
            size_t a = ns;

            while (a > el->start && blank(ed->cur[a - 1]))
                a--;
            rc = splice(ed, a, vs + vl + 1 - a, "");
        }
    } else if (!value) {
        rc = 0;
        dsr_buf_reset(&ed->next);
    } else {
        size_t p = el->stag_end - 1;

        if (ed->cur[p - 1] == '/')
            p--;
        while (p > el->start && blank(ed->cur[p - 1]))
            p--;
        if (dsr_buf_addf(&b, ed->err, " %s=\"", name) == 0 &&
            dsr_mt_add_attr_escaped(&b, value, ed->err) == 0 &&
            dsr_buf_adds(&b, "\"", ed->err) == 0)
            rc = splice(ed, p, 0, dsr_buf_str(&b));
    }
    dsr_buf_release(&b);
    return rc;
}

/* Element 'i' removed, with its line when it stands alone on it. */
static int
remove_element(struct editor *ed, size_t i)
{
    const struct dsr_mt_el *el = &ed->doc.els[i];
    size_t at, cut;

    dsr_mt_line_span(ed->cur, ed->len, el->start, el->end, &at, &cut);
    return splice(ed, at, cut, "");
}

/* The text of element 'i' (a child of an indicator) set to 'text'. */
static int
set_text(struct editor *ed, size_t i, const char *text)
{
    const struct dsr_mt_el *el = &ed->doc.els[i];
    struct dsr_buf b = DSR_BUF_INIT;
    int rc = -1;

    if (el->empty) {
        /* <x .../> becomes <x ...>text</x> */
        if (dsr_buf_adds(&b, ">", ed->err) == 0 &&
            dsr_ws_add_escaped(&b, text, ed->err) == 0 &&
            dsr_buf_addf(&b, ed->err, "</%s%s>", ed->doc.pfx, el->name) == 0)
            rc = splice(ed, el->stag_end - 2, 2, dsr_buf_str(&b));
    } else if (dsr_ws_add_escaped(&b, text, ed->err) == 0) {
        rc = splice(ed, el->stag_end, el->end_tag - el->stag_end,
                    dsr_buf_str(&b));
    }
    dsr_buf_release(&b);
    return rc;
}

/* The indentation one level deeper than the root's children. */
static void
indent_unit(struct editor *ed, char *out, size_t size)
{
    size_t first = DSR_MT_NONE;

    for (size_t i = 1; i < ed->doc.n && first == DSR_MT_NONE; i++)
        if (ed->doc.els[i].depth == 2)
            first = i;
    if (first == DSR_MT_NONE)
        snprintf(out, size, "  ");
    else
        dsr_mt_indent_at(ed->cur, ed->doc.els[first].start, out, size, "  ");
    if (!out[0])
        snprintf(out, size, "  ");
}

/* 'elem' (one element's text) on a line of its own after element 'i'. */
static int
insert_after(struct editor *ed, size_t i, const char *elem)
{
    char indent[64], *text;
    int rc;

    dsr_mt_indent_at(ed->cur, ed->doc.els[i].start, indent, sizeof(indent),
                     "  ");
    text = malloc(strlen(indent) + strlen(elem) + 2);
    if (!text)
        return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
    sprintf(text, "\n%s%s", indent, elem);
    rc = splice(ed, ed->doc.els[i].end, 0, text);
    free(text);
    return rc;
}

/* 'elem' as the last child of element 'p', on a line of its own. */
static int
insert_last_child(struct editor *ed, size_t p, const char *elem)
{
    const struct dsr_mt_el *el = &ed->doc.els[p];
    char own[64], unit[64], child[160];
    struct dsr_buf b = DSR_BUF_INIT;
    size_t first = DSR_MT_NONE;
    int rc = -1;

    dsr_mt_indent_at(ed->cur, el->start, own, sizeof(own), "  ");
    for (size_t i = p + 1; i < ed->doc.n && first == DSR_MT_NONE; i++)
        if (ed->doc.els[i].parent == p)
            first = i;
    indent_unit(ed, unit, sizeof(unit));
    snprintf(child, sizeof(child), "%s%s", own, unit);
    if (first != DSR_MT_NONE)
        dsr_mt_indent_at(ed->cur, ed->doc.els[first].start, child,
                         sizeof(child), child);
    if (el->empty) {
        if (dsr_buf_addf(&b, ed->err, ">\n%s%s\n%s</%s%s>", child, elem, own,
                         ed->doc.pfx, el->name) == 0)
            rc = splice(ed, el->stag_end - 2, 2, dsr_buf_str(&b));
    } else {
        bool own_line;
        size_t at = dsr_mt_before_end_tag(ed->cur, el->end_tag, &own_line);

        if (dsr_buf_addf(&b, ed->err, own_line ? "%s%s\n" : "\n%s%s\n%s",
                         child, elem, own) == 0)
            rc = splice(ed, at, 0, dsr_buf_str(&b));
    }
    dsr_buf_release(&b);
    return rc;
}

/* The indicator element with id 'id', or DSR_MT_NONE. */
static size_t
find_indicator(const struct editor *ed, const char *id)
{
    for (size_t i = 1; i < ed->doc.n; i++) {
        const struct dsr_mt_el *el = &ed->doc.els[i];
        const char *v;

        if (el->depth != 2 || strcmp(el->name, "indicator") != 0)
            continue;
        v = dsr_mt_attr(el, "id");
        if (v && strcmp(v, id) == 0)
            return i;
    }
    return DSR_MT_NONE;
}

/* Indicator 'id' added, in catalog order, as scan adds one. */
static int
add_indicator(struct editor *ed, const char *id)
{
    const struct dsr_indicator *ci = dsr_catalog_indicator(ed->cat, id);
    char indent[64];
    struct dsr_buf el = DSR_BUF_INIT;
    int rc = -1;

    indent_unit(ed, indent, sizeof(indent));
    if (dsr_mt_indicator_text(&el, id, dsr_text_get(&ci->name, DSR_LANG_ID),
                              indent, ed->doc.pfx, ed->err) < 0 ||
        dsr_buf_adds(&el, "/>", ed->err) < 0)
        goto out;
    {
        struct dsr_buf t = DSR_BUF_INIT;
        size_t at;

        rc = dsr_mt_indicator_place(ed->cur, &ed->doc, ed->cat, id, indent,
                                    dsr_buf_str(&el), &at, &t, ed->err);
        if (rc == 0)
            rc = splice(ed, at, 0, dsr_buf_str(&t));
        dsr_buf_release(&t);
    }
out:
    dsr_buf_release(&el);
    return rc;
}

/* ---- applying one change ---------------------------------------------- */

/*
 * Make ed->next the current text when it loads no worse than the text as
 * read; else refuse the change with the loader's first new finding.
 * Returns 0, 1 refused, -1 with ed->err set.
 */
static int
take_next(struct editor *ed, struct dsr_edit_item *it)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    int rc = 0;

    if (ed->batch)
        return 0;               /* loaded once, at the end */
    m = dsr_manifest_load_mem(ed->next.data, ed->next.len, ed->path,
                              ed->schema, &f, ed->err);
    if (!m && ed->err->code != DSR_OK) {
        dsr_findings_release(&f);
        return -1;
    }
    if (!m || f.counts[DSR_SEV_ERROR] > ed->base_errors) {
        const char *why = _("the changed manifest would not be valid");

        for (size_t i = f.n; i > 0; i--)
            if (f.items[i - 1].severity == DSR_SEV_ERROR) {
                why = f.items[i - 1].message;
                break;
            }
        rc = refuse(ed, it, "%s: %s", ed->where, why);
    } else {
        char *data = dsr_buf_detach(&ed->next);

        free(ed->cur);
        ed->cur = data;
        ed->len = strlen(data);
        rc = locate(ed);
    }
    dsr_manifest_free(m);
    dsr_findings_release(&f);
    return rc;
}

/* The root child 'name', or where it is to go (after '*after'). */
static size_t
root_child(struct editor *ed, const char *name, size_t *after)
{
    size_t found = dsr_mt_child(&ed->doc, 0, name, 1);

    *after = DSR_MT_NONE;
    for (size_t k = 0; k < sizeof(root_order) / sizeof(*root_order); k++) {
        size_t i;

        if (strcmp(root_order[k], name) == 0)
            break;
        i = dsr_mt_child(&ed->doc, 0, root_order[k], 1);
        if (i != DSR_MT_NONE)
            *after = i;
    }
    return found;
}

/* Outcome of setting 'before' to 'after' (either NULL: none). */
static enum dsr_edit_outcome
outcome(const char *before, const char *after)
{
    if (!before && !after)
        return DSR_EDIT_SAME;
    if (!before)
        return DSR_EDIT_ADDED;
    if (!after)
        return DSR_EDIT_CLEARED;
    return strcmp(before, after) == 0 ? DSR_EDIT_SAME : DSR_EDIT_SET;
}

/*
 * Attribute 'attr' of the root child 'name' set to 'after' (NULL:
 * cleared).  A missing element is added with 'fixed' attributes
 * ("a=\"v\" b=\"w\"") before 'attr' when 'after' is given.
 */
static int
root_attr(struct editor *ed, struct dsr_edit_item *it, const char *name,
          const char *attr, const char *after)
{
    size_t prev, i = root_child(ed, name, &prev);
    const char *before = i != DSR_MT_NONE ? dsr_mt_attr(&ed->doc.els[i], attr)
                                          : NULL;

    if (set_str(&it->before, before, ed->err) < 0 ||
        set_str(&it->after, after, ed->err) < 0)
        return -1;
    it->outcome = outcome(before, after);
    it->line = i != DSR_MT_NONE ? ed->doc.els[i].line : 0;
    if (it->outcome == DSR_EDIT_SAME)
        return 0;
    if (i != DSR_MT_NONE) {
        if (set_attr(ed, i, attr, after) < 0)
            return -1;
    } else {
        struct dsr_buf b = DSR_BUF_INIT;
        int rc;

        rc = dsr_buf_addf(&b, ed->err, "<%s%s %s=\"", ed->doc.pfx, name, attr);
        if (rc == 0)
            rc = dsr_mt_add_attr_escaped(&b, after, ed->err);
        if (rc == 0)
            rc = dsr_buf_adds(&b, "\"/>", ed->err);
        if (rc == 0)
            rc = insert_after(ed, prev, dsr_buf_str(&b));
        dsr_buf_release(&b);
        if (rc < 0)
            return -1;
    }
    return take_next(ed, it);
}

/* A root child with two attributes (period, previous), set or removed. */
static int
root_pair(struct editor *ed, struct dsr_edit_item *it, const char *name,
          const char *a1, const char *a2, const char *sep, const struct want *w)
{
    size_t prev, i = root_child(ed, name, &prev);
    char before[160], after[160];
    bool had = i != DSR_MT_NONE;
    const char *v1 = had ? dsr_mt_attr(&ed->doc.els[i], a1) : NULL;
    const char *v2 = had ? dsr_mt_attr(&ed->doc.els[i], a2) : NULL;

    snprintf(before, sizeof(before), "%s%s%s", v1 ? v1 : "", sep, v2 ? v2 : "");
    snprintf(after, sizeof(after), "%s%s%s", w->norm, sep, w->norm2);
    if (set_str(&it->before, had ? before : NULL, ed->err) < 0 ||
        set_str(&it->after, w->value ? after : NULL, ed->err) < 0)
        return -1;
    it->outcome = outcome(it->before, it->after);
    it->line = had ? ed->doc.els[i].line : 0;
    if (it->outcome == DSR_EDIT_SAME)
        return 0;
    if (!w->value) {
        if (remove_element(ed, i) < 0)
            return -1;
    } else if (had) {
        if (set_attr(ed, i, a1, w->norm) < 0)
            return -1;
        if (take_next(ed, it) != 0)
            return it->outcome == DSR_EDIT_REFUSED ? 1 : -1;
        i = dsr_mt_child(&ed->doc, 0, name, 1);
        if (set_attr(ed, i, a2, w->norm2) < 0)
            return -1;
    } else {
        char elem[256];

        snprintf(elem, sizeof(elem), "<%s%s %s=\"%s\" %s=\"%s\"/>", ed->doc.pfx,
                 name, a1, w->norm, a2, w->norm2);
        if (insert_after(ed, prev, elem) < 0)
            return -1;
    }
    return take_next(ed, it);
}

/* The assessment of indicator element 'ind' at 'stage', or DSR_MT_NONE. */
static size_t
find_assessment(const struct editor *ed, size_t ind, int stage)
{
    for (size_t i = dsr_mt_child(&ed->doc, ind, "assessment", ind + 1);
         i != DSR_MT_NONE; i = dsr_mt_child(&ed->doc, ind, "assessment", i + 1)) {
        const char *s = dsr_mt_attr(&ed->doc.els[i], "stage");

        if (s && dsr_stage_parse(s) == stage)
            return i;
    }
    return DSR_MT_NONE;
}

static size_t
find_evidence(const struct editor *ed, size_t ind, const char *file)
{
    char *want = NULL;
    size_t found = DSR_MT_NONE;

    if (dsr_path_normalise(file, &want) != DSR_PATH_OK)
        return DSR_MT_NONE;
    for (size_t i = dsr_mt_child(&ed->doc, ind, "evidence", ind + 1);
         i != DSR_MT_NONE && found == DSR_MT_NONE;
         i = dsr_mt_child(&ed->doc, ind, "evidence", i + 1)) {
        const char *f = dsr_mt_attr(&ed->doc.els[i], "file");
        char *have = NULL;

        if (f && dsr_path_normalise(f, &have) == DSR_PATH_OK &&
            strcmp(have, want) == 0)
            found = i;
        free(have);
    }
    free(want);
    return found;
}

/* The evidence root, opened once as check opens it; NULL: refused. */
static const struct dsr_root *
evidence_root(struct editor *ed)
{
    char root[PATH_MAX];
    struct dsr_error cerr = DSR_ERROR_INIT;
    int sys_errno = 0, inside;

    if (ed->root_tried)
        return ed->root_why ? NULL : &ed->root;
    ed->root_tried = true;
    if (dsr_manifest_evidence_root(ed->m, root, sizeof(root)) < 0)
        dsr_error_set(&cerr, DSR_INPUT, NULL, 0, "path too long");
    else
        dsr_root_open(&ed->root, root, &cerr);
    if (cerr.code == DSR_OK) {
        inside = dsr_root_inside(&ed->root, ed->m->dir, &sys_errno);
        if (inside <= 0)
            dsr_error_set(&cerr, DSR_INPUT, NULL, 0, "%s",
                          inside < 0 ? dsr_strerror(sys_errno)
                                     : _("it lies outside the manifest's "
                                         "folder"));
    }
    if (cerr.code == DSR_OK)
        return &ed->root;
    if (cerr.code == DSR_NOMEM) {
        *ed->err = cerr;
        return NULL;
    }
    ed->root_why = strdup(cerr.msg);
    if (!ed->root_why)
        dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
    return NULL;
}

/* Why 'ps' keeps 'file' from being added, in words. */
static const char *
path_why(enum dsr_path_status ps, int sys_errno)
{
    switch (ps) {
    case DSR_PATH_MISSING:
        return _("there is no such file below the evidence root");
    case DSR_PATH_LINK:
        return _("it is a symbolic link or lies behind one; put the file "
                 "itself there");
    case DSR_PATH_NOT_REGULAR:
        return _("it is not a regular file");
    case DSR_PATH_UNREADABLE:
        return dsr_strerror(sys_errno);
    default:
        return _("it is not a path below the evidence root");
    }
}

/*
 * The evidence entry for 'c->file' added to indicator element 'ind' as
 * scan adds one: SHA-256, the date from the document or the file, the
 * title from the file name.  Returns 0, 1 refused, -1 on failure.
 */
static int
add_evidence(struct editor *ed, const struct dsr_change *c,
             struct dsr_edit_item *it, size_t ind)
{
    const struct dsr_root *root = evidence_root(ed);
    struct dsr_scan_newfile f = {0};
    struct dsr_buf b = DSR_BUF_INIT;
    enum dsr_path_status ps;
    char *resolved = NULL;
    struct stat st;
    int sys_errno = 0, fd = -1, rc = -1;
    size_t n;

    if (!root)
        return ed->err->code != DSR_OK
                   ? -1
                   : refuse(ed, it,
                            _("%s: the evidence root cannot be used (%s), "
                              "so '%s' cannot be added"),
                            c->where ? c->where : "", ed->root_why, c->file);
    ps = dsr_root_resolve(root, c->file, &resolved, &sys_errno);
    if (ps == DSR_PATH_OK)
        fd = dsr_root_open_file(root, resolved, &ps, &sys_errno);
    if (ps == DSR_PATH_NOMEM) {
        dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if (fd < 0 || fstat(fd, &st) < 0) {
        rc = refuse(ed, it, _("%s: '%s' cannot be added: %s"),
                    c->where ? c->where : "", c->file,
                    path_why(ps == DSR_PATH_OK ? DSR_PATH_UNREADABLE : ps,
                             fd >= 0 ? errno : sys_errno));
        goto out;
    }
    close(fd);
    fd = -1;
    f.rel = resolved;
    f.title = dsr_scan_title_of(resolved);
    if (!f.title) {
        dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if (dsr_scan_file_facts(root, resolved, &st, ed->opts->cancel, &f,
                            ed->err) < 0)
        goto out;
    if (dsr_scan_entries_text(&b, &f, 1, 0, "", ed->doc.pfx, ed->err) < 0)
        goto out;
    /* one element, without the line end entries_text gives it */
    n = b.len;
    if (n > 0 && b.data[n - 1] == '\n')
        b.data[--n] = '\0';
    if (insert_last_child(ed, ind, b.data) < 0)
        goto out;
    rc = take_next(ed, it);
out:
    if (fd >= 0)
        close(fd);
    free(resolved);
    free(f.title);
    dsr_buf_release(&b);
    return rc;
}

static int
evidence_change(struct editor *ed, const struct dsr_change *c,
                struct dsr_edit_item *it, const struct want *w, size_t ind)
{
    size_t e = find_evidence(ed, ind, c->file);
    const struct dsr_mt_el *el;
    const char *before, *after = NULL;
    bool added = false;
    int rc;

    if (e == DSR_MT_NONE) {
        if (begin_structural(ed) < 0)
            return -1;
        ind = find_indicator(ed, c->indicator);
        rc = add_evidence(ed, c, it, ind);
        if (rc != 0)
            return rc;
        if (refind(ed) < 0)
            return -1;
        added = true;
        ind = find_indicator(ed, c->indicator);
        e = find_evidence(ed, ind, c->file);
        if (e == DSR_MT_NONE)
            return dsr_error_set(ed->err, DSR_INTERNAL, ed->path, 0,
                                 "cannot locate the evidence entry added");
    }
    el = &ed->doc.els[e];
    it->line = added ? 0 : el->line;
    if (!c->value) {
        it->outcome = added ? DSR_EDIT_ADDED : DSR_EDIT_SAME;
        return set_str(&it->after, c->file, ed->err);
    }
    switch (c->field) {
    case DSR_FIELD_EVIDENCE_LEVEL:
        before = dsr_mt_attr(el, "level");
        after = w->value ? w->norm : NULL;
        break;
    case DSR_FIELD_EVIDENCE_DATE:
        before = dsr_mt_attr(el, "date");
        after = w->value ? w->norm : NULL;
        break;
    default:
        before = el->text;
        after = w->text;
        break;
    }
    if (set_str(&it->before, added ? NULL : before, ed->err) < 0 ||
        set_str(&it->after, after, ed->err) < 0)
        return -1;
    it->outcome = outcome(before, after);
    if (added)
        it->outcome = DSR_EDIT_ADDED;
    if (before && after && strcmp(before, after) == 0)
        return 0;
    if (!before && !after)
        return 0;
    switch (c->field) {
    case DSR_FIELD_EVIDENCE_LEVEL:
        rc = set_attr(ed, e, "level", after);
        break;
    case DSR_FIELD_EVIDENCE_DATE:
        /* a date a person gives comes from neither the document nor the
         * file */
        if (dsr_mt_attr(el, "date-source")) {
            if (set_attr(ed, e, "date-source", NULL) < 0 ||
                take_next(ed, it) != 0)
                return it->outcome == DSR_EDIT_REFUSED ? 1 : -1;
            ind = find_indicator(ed, c->indicator);
            e = find_evidence(ed, ind, c->file);
        }
        rc = set_attr(ed, e, "date", after);
        break;
    default:
        rc = set_text(ed, e, after);
        break;
    }
    if (rc < 0)
        return -1;
    return take_next(ed, it);
}

/* The verdict of indicator element 'ind' at 'stage' on 'item' (NULL:
 * on the level), or DSR_MT_NONE; of two, the last, the one check
 * counts. */
static size_t
find_verdict(const struct editor *ed, size_t ind, int stage, const char *item)
{
    size_t found = DSR_MT_NONE;

    for (size_t i = dsr_mt_child(&ed->doc, ind, "verdict", ind + 1);
         i != DSR_MT_NONE; i = dsr_mt_child(&ed->doc, ind, "verdict", i + 1)) {
        const char *s = dsr_mt_attr(&ed->doc.els[i], "stage");
        const char *v = dsr_mt_attr(&ed->doc.els[i], "item");

        if (!s || dsr_stage_parse(s) != stage)
            continue;
        if ((!v && !item) || (v && item && strcmp(v, item) == 0))
            found = i;
    }
    return found;
}

/* "revisi (tidak-tepat): note" for the messages; NULL: out of memory. */
static char *
verdict_desc(const char *status, const char *kind, const char *note)
{
    struct dsr_buf b = DSR_BUF_INIT;
    struct dsr_error e = DSR_ERROR_INIT;

    if (dsr_buf_adds(&b, status ? status : "?", &e) < 0 ||
        (kind && *kind && dsr_buf_addf(&b, &e, " (%s)", kind) < 0) ||
        (note && *note && dsr_buf_addf(&b, &e, ": %s", note) < 0) ||
        dsr_buf_adds(&b, "", &e) < 0) {
        dsr_buf_release(&b);
        return NULL;
    }
    return dsr_buf_detach(&b);
}

/*
 * 'elem' added as the last child of indicator element 'ind' (the
 * indicator 'id'); an empty <indicator .../> is opened first and the
 * text applied, so that what follows finds it.  0, 1 refused, -1.
 */
static int
add_child(struct editor *ed, struct dsr_edit_item *it, size_t ind,
          const char *id, const char *elem)
{
    int rc;

    if (!ed->doc.els[ind].empty) {
        if (insert_last_child(ed, ind, elem) < 0)
            return -1;
        return take_next(ed, it);
    }
    if (begin_structural(ed) < 0)
        return -1;
    ind = find_indicator(ed, id);
    if (insert_last_child(ed, ind, elem) < 0)
        return -1;
    rc = take_next(ed, it);
    if (rc != 0)
        return rc;
    return refind(ed);
}

/* DSR_FIELD_VERDICT: the verdict replaced or added (0, 1 refused, -1). */
static int
verdict_change(struct editor *ed, const struct dsr_change *c,
               struct dsr_edit_item *it, const struct want *w, size_t ind)
{
    size_t v = find_verdict(ed, ind, w->stage, w->item), last = DSR_MT_NONE;
    struct dsr_buf b = DSR_BUF_INIT;
    char *old = NULL;
    int rc = -1;

    it->line = v != DSR_MT_NONE ? ed->doc.els[v].line : 0;
    if (v != DSR_MT_NONE) {
        const struct dsr_mt_el *el = &ed->doc.els[v];
        const char *st = dsr_mt_attr(el, "status");
        const char *kind = dsr_mt_attr(el, "kind");
        char *note = trimmed(el->text ? el->text : "");

        if (!note)
            return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
        old = verdict_desc(st, kind, note);
        if (old && st && strcmp(st, w->status) == 0 &&
            strcmp(kind ? kind : "", w->kind ? w->kind : "") == 0 &&
            strcmp(note, w->text) == 0) {
            free(note);
            it->before = old;
            it->after = strdup(old);
            it->outcome = DSR_EDIT_SAME;
            return it->after ? 0 : dsr_error_set(ed->err, DSR_NOMEM, NULL, 0,
                                                 "out of memory");
        }
        free(note);
        if (!old)
            return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    it->before = old;
    it->after = verdict_desc(w->status, w->kind, w->text);
    if (!it->after)
        return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
    it->outcome = v != DSR_MT_NONE ? DSR_EDIT_SET : DSR_EDIT_ADDED;
    if (dsr_buf_addf(&b, ed->err, "<%sverdict stage=\"%s\"", ed->doc.pfx,
                     dsr_stage_name((enum dsr_stage)w->stage)) < 0)
        goto out;
    if (w->item && (dsr_buf_adds(&b, " item=\"", ed->err) < 0 ||
                    dsr_mt_add_attr_escaped(&b, w->item, ed->err) < 0 ||
                    dsr_buf_adds(&b, "\"", ed->err) < 0))
        goto out;
    if (dsr_buf_addf(&b, ed->err, " status=\"%s\"", w->status) < 0 ||
        (w->kind && dsr_buf_addf(&b, ed->err, " kind=\"%s\"", w->kind) < 0))
        goto out;
    if (!*w->text) {
        if (dsr_buf_adds(&b, "/>", ed->err) < 0)
            goto out;
    } else if (dsr_buf_adds(&b, ">", ed->err) < 0 ||
               dsr_ws_add_escaped(&b, w->text, ed->err) < 0 ||
               dsr_buf_addf(&b, ed->err, "</%sverdict>", ed->doc.pfx) < 0) {
        goto out;
    }
    if (v != DSR_MT_NONE) {
        if (splice(ed, ed->doc.els[v].start,
                   ed->doc.els[v].end - ed->doc.els[v].start,
                   dsr_buf_str(&b)) < 0)
            goto out;
        rc = take_next(ed, it);
        goto out;
    }
    /* after the indicator's last verdict, else as its last child */
    for (size_t i = dsr_mt_child(&ed->doc, ind, "verdict", ind + 1);
         i != DSR_MT_NONE; i = dsr_mt_child(&ed->doc, ind, "verdict", i + 1))
        last = i;
    if (last != DSR_MT_NONE)
        rc = insert_after(ed, last, dsr_buf_str(&b)) < 0 ? -1
                                                           : take_next(ed, it);
    else
        rc = add_child(ed, it, ind, c->indicator, dsr_buf_str(&b));
out:
    dsr_buf_release(&b);
    return rc;
}

/* DSR_FIELD_VALUE: value= and level= of the stage's assessment, which
 * is added when missing (0, 1 refused, -1). */
static int
value_change(struct editor *ed, const struct dsr_change *c,
             struct dsr_edit_item *it, const struct want *w, size_t ind)
{
    size_t a = find_assessment(ed, ind, w->stage);
    const char *before = NULL, *lv = NULL;
    char have[2] = "";
    bool same_value, same_level;
    int rc;

    if (a != DSR_MT_NONE) {
        before = dsr_mt_attr(&ed->doc.els[a], "value");
        lv = dsr_mt_attr(&ed->doc.els[a], "level");
        it->line = ed->doc.els[a].line;
    }
    if (set_str(&it->before, before, ed->err) < 0 ||
        set_str(&it->after, w->norm, ed->err) < 0)
        return -1;
    same_value = before && dsr_value_parse(before) == dsr_value_parse(w->norm);
    same_level = lv && dsr_edit_level(lv, have) && strcmp(have, w->norm2) == 0;
    if (a != DSR_MT_NONE && same_value && same_level) {
        it->outcome = DSR_EDIT_SAME;
        return 0;
    }
    it->outcome = before ? DSR_EDIT_SET : DSR_EDIT_ADDED;
    if (a == DSR_MT_NONE) {
        char elem[320];
        size_t last = DSR_MT_NONE;

        snprintf(elem, sizeof(elem),
                 "<%sassessment stage=\"%s\" level=\"%s\" value=\"%s\"/>",
                 ed->doc.pfx, dsr_stage_name((enum dsr_stage)w->stage),
                 w->norm2, w->norm);
        /* after the indicator's other assessments, else its last child */
        for (size_t i = dsr_mt_child(&ed->doc, ind, "assessment", ind + 1);
             i != DSR_MT_NONE;
             i = dsr_mt_child(&ed->doc, ind, "assessment", i + 1))
            last = i;
        if (last != DSR_MT_NONE)
            return insert_after(ed, last, elem) < 0 ? -1 : take_next(ed, it);
        return add_child(ed, it, ind, c->indicator, elem);
    }
    if (!same_value) {
        if (set_attr(ed, a, "value", w->norm) < 0)
            return -1;
        if (same_level)
            return take_next(ed, it);
        rc = take_next(ed, it);
        if (rc != 0)
            return rc;
        ind = find_indicator(ed, c->indicator);
        a = find_assessment(ed, ind, w->stage);
    }
    if (set_attr(ed, a, "level", w->norm2) < 0)
        return -1;
    return take_next(ed, it);
}

static int
indicator_change(struct editor *ed, const struct dsr_change *c,
                 struct dsr_edit_item *it, const struct want *w)
{
    size_t ind = find_indicator(ed, c->indicator);
    size_t a;
    const char *before, *after;
    int rc;

    if (ind == DSR_MT_NONE) {
        if (begin_structural(ed) < 0 || add_indicator(ed, c->indicator) < 0)
            return -1;
        rc = take_next(ed, it);
        if (rc != 0)
            return rc;
        if (refind(ed) < 0)
            return -1;
        ind = find_indicator(ed, c->indicator);
        if (ind == DSR_MT_NONE)
            return dsr_error_set(ed->err, DSR_INTERNAL, ed->path, 0,
                                 "cannot locate the indicator added");
    }
    if (field_of_evidence(c->field))
        return evidence_change(ed, c, it, w, ind);
    if (c->field == DSR_FIELD_OWNER) {
        before = dsr_mt_attr(&ed->doc.els[ind], "owner");
        after = w->text;
        if (set_str(&it->before, before, ed->err) < 0 ||
            set_str(&it->after, after, ed->err) < 0)
            return -1;
        it->line = ed->doc.els[ind].line;
        it->outcome = outcome(before, after);
        if (it->outcome == DSR_EDIT_SAME)
            return 0;
        if (set_attr(ed, ind, "owner", after) < 0)
            return -1;
        return take_next(ed, it);
    }
    if (c->field == DSR_FIELD_VERDICT)
        return verdict_change(ed, c, it, w, ind);
    if (c->field == DSR_FIELD_VALUE)
        return value_change(ed, c, it, w, ind);
    a = find_assessment(ed, ind, w->stage);
    it->line = a != DSR_MT_NONE ? ed->doc.els[a].line : 0;
    if (c->field == DSR_FIELD_LEVEL) {
        before = a != DSR_MT_NONE ? dsr_mt_attr(&ed->doc.els[a], "level")
                                  : NULL;
        after = w->value ? w->norm : NULL;
        if (set_str(&it->before, before, ed->err) < 0 ||
            set_str(&it->after, after, ed->err) < 0)
            return -1;
        it->outcome = outcome(before, after);
        if (it->outcome == DSR_EDIT_SAME)
            return 0;
        if (!after) {
            rc = remove_element(ed, a);
        } else if (a != DSR_MT_NONE) {
            rc = set_attr(ed, a, "level", after);
        } else {
            char elem[160];
            size_t last = DSR_MT_NONE;

            /* after the indicator's other assessments, else its last child */
            for (size_t i = dsr_mt_child(&ed->doc, ind, "assessment", ind + 1);
                 i != DSR_MT_NONE;
                 i = dsr_mt_child(&ed->doc, ind, "assessment", i + 1))
                last = i;
            snprintf(elem, sizeof(elem), "<%sassessment stage=\"%s\" level=\"%s\"/>",
                     ed->doc.pfx, dsr_stage_name((enum dsr_stage)w->stage),
                     after);
            rc = last != DSR_MT_NONE ? insert_after(ed, last, elem)
                                     : insert_last_child(ed, ind, elem);
        }
        if (rc < 0)
            return -1;
        return take_next(ed, it);
    }
    /* DSR_FIELD_EXPLAIN */
    if (a == DSR_MT_NONE) {
        if (!w->text) {
            it->outcome = DSR_EDIT_SAME;
            return 0;
        }
        return refuse(ed, it,
                      _("%s: indicator %s has no %s level yet; give it one "
                        "too (--level %s=N) before its explanation"),
                      c->where ? c->where : "", c->indicator,
                      dsr_stage_name((enum dsr_stage)w->stage),
                      dsr_stage_name((enum dsr_stage)w->stage));
    }
    before = ed->doc.els[a].text && ed->doc.els[a].text[0]
                 ? ed->doc.els[a].text : NULL;
    after = w->text;
    if (set_str(&it->before, before, ed->err) < 0 ||
        set_str(&it->after, after, ed->err) < 0)
        return -1;
    it->outcome = outcome(before, after);
    if (it->outcome == DSR_EDIT_SAME)
        return 0;
    if (set_text(ed, a, after ? after : "") < 0)
        return -1;
    return take_next(ed, it);
}

/*
 * What change 'c' touches, as a key: two changes of one element are not
 * batched together, the text is applied between them (the second must
 * see what the first made).  Returns 0, -1 out of memory.
 */
static int
change_key(struct editor *ed, const struct dsr_change *c,
           const struct want *w, struct dsr_buf *key)
{
    char *file = NULL;
    int rc;

    switch (c->field) {
    case DSR_FIELD_INSTANCE_NAME:
    case DSR_FIELD_INSTANCE_KIND:
        return dsr_buf_adds(key, "r:instance", ed->err);
    case DSR_FIELD_COORDINATOR_NAME:
    case DSR_FIELD_COORDINATOR_POSITION:
    case DSR_FIELD_COORDINATOR_UNIT:
        return dsr_buf_adds(key, "r:coordinator", ed->err);
    case DSR_FIELD_PERIOD:
        return dsr_buf_adds(key, "r:period", ed->err);
    case DSR_FIELD_TARGET:
        return dsr_buf_adds(key, "r:target", ed->err);
    case DSR_FIELD_PREVIOUS:
        return dsr_buf_adds(key, "r:previous", ed->err);
    case DSR_FIELD_OWNER:
        return dsr_buf_addf(key, ed->err, "i:%s", c->indicator);
    case DSR_FIELD_LEVEL:
    case DSR_FIELD_EXPLAIN:
    case DSR_FIELD_VALUE:
        return dsr_buf_addf(key, ed->err, "a:%s:%d", c->indicator, w->stage);
    case DSR_FIELD_VERDICT:
        return dsr_buf_addf(key, ed->err, "v:%s:%d:%s", c->indicator,
                            w->stage, w->item ? w->item : "");
    default:
        if (dsr_path_normalise(c->file, &file) == DSR_PATH_NOMEM)
            return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
        rc = dsr_buf_addf(key, ed->err, "e:%s:%s", c->indicator,
                          file ? file : c->file);
        free(file);
        return rc;
    }
}

/* The change carried out (its value checked): 0, 1 refused, -1. */
static int
dispatch(struct editor *ed, const struct dsr_change *c,
         struct dsr_edit_item *it, const struct want *w)
{
    int rc;

    switch (c->field) {
    case DSR_FIELD_INSTANCE_NAME:
        return root_attr(ed, it, "instance", "name", w->text);
    case DSR_FIELD_INSTANCE_KIND:
        return root_attr(ed, it, "instance", "kind", w->text);
    case DSR_FIELD_COORDINATOR_NAME:
        return root_attr(ed, it, "coordinator", "name", w->text);
    case DSR_FIELD_COORDINATOR_POSITION:
        return root_attr(ed, it, "coordinator", "position", w->text);
    case DSR_FIELD_COORDINATOR_UNIT:
        return root_attr(ed, it, "coordinator", "unit", w->text);
    case DSR_FIELD_TARGET:
        if (w->value)
            return root_attr(ed, it, "target", "index", w->norm);
        /* the index is the target's only attribute: clearing removes it */
        {
            size_t prev, i = root_child(ed, "target", &prev);

            it->outcome = DSR_EDIT_SAME;
            if (i == DSR_MT_NONE)
                return 0;
            it->line = ed->doc.els[i].line;
            it->outcome = DSR_EDIT_CLEARED;
            rc = set_str(&it->before, dsr_mt_attr(&ed->doc.els[i], "index"),
                         ed->err);
            if (rc == 0)
                rc = remove_element(ed, i);
            if (rc == 0)
                rc = take_next(ed, it);
            return rc;
        }
    case DSR_FIELD_PERIOD:
        return root_pair(ed, it, "period", "from", "to", "..", w);
    case DSR_FIELD_PREVIOUS:
        return root_pair(ed, it, "previous", "year", "index", "=", w);
    default:
        return indicator_change(ed, c, it, w);
    }
}

/* Batched: the change's splices pending; a refused one's dropped (and
 * what it added undone). */
static int
edit_batched(struct editor *ed, const struct dsr_change *c,
             struct dsr_edit_item *it, const struct want *w)
{
    struct dsr_buf key = DSR_BUF_INIT;
    int rc;

    rc = change_key(ed, c, w, &key);
    if (rc == 0)
        rc = key_seen(ed, dsr_buf_str(&key));
    if (rc > 0)
        rc = flush(ed) < 0 ? -1 : key_seen(ed, dsr_buf_str(&key));
    if (rc < 0) {
        dsr_buf_release(&key);
        return -1;
    }
    ed->mark = ed->npend;
    ed->undo_armed = false;
    ed->undo = NULL;
    rc = dispatch(ed, c, it, w);
    ed->undo_armed = false;
    /* what it added was applied (and the keys with it), what it changed
     * since may be pending: the next change of it must see it */
    if (rc >= 0 && ed->npend > ed->mark &&
        key_seen(ed, dsr_buf_str(&key)) < 0)
        rc = -1;
    dsr_buf_release(&key);
    if (rc >= 0 && it->outcome == DSR_EDIT_REFUSED) {
        drop_pending(ed, ed->mark);
        if (ed->undo) {
            free(ed->cur);
            ed->cur = ed->undo;
            ed->len = ed->undo_len;
            ed->undo = NULL;
            rc = locate(ed);
        }
    }
    free(ed->undo);
    ed->undo = NULL;
    return rc;
}

/* Returns 0 (done or refused: 'it' says), -1 with ed->err set. */
static int
edit_one(struct editor *ed, const struct dsr_change *c,
         struct dsr_edit_item *it)
{
    struct want w;
    char *saved = NULL;
    size_t saved_len = ed->len;
    int rc;

    ed->where = c->where ? c->where : "";
    rc = check_value(ed, c, it, &w);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    it->stage = w.stage;
    if (ed->batch) {
        rc = edit_batched(ed, c, it, &w);
        free(w.text);
        return rc < 0 ? -1 : 0;
    }
    /* a change made in two steps is undone whole when refused */
    saved = malloc(ed->len + 1);
    if (!saved) {
        free(w.text);
        return dsr_error_set(ed->err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    memcpy(saved, ed->cur, ed->len + 1);
    rc = dispatch(ed, c, it, &w);
    free(w.text);
    if (rc >= 0 && it->outcome == DSR_EDIT_REFUSED &&
        (saved_len != ed->len || memcmp(saved, ed->cur, ed->len) != 0)) {
        free(ed->cur);
        ed->cur = saved;
        ed->len = saved_len;
        saved = NULL;
        rc = locate(ed);
    }
    free(saved);
    return rc < 0 ? -1 : 0;
}

/* ---- the whole edit --------------------------------------------------- */

/* Every change made on 'ed->cur', in order, into 'res'. */
static int
edit_all(struct editor *ed, const struct dsr_change *changes, size_t n)
{
    struct dsr_edit_result *res = ed->res;

    for (size_t i = 0; i < n; i++) {
        struct dsr_edit_item *it = &res->items[res->n++];

        it->change = i;
        it->stage = -1;
        if (dsr_cancelled(ed->opts->cancel))
            return dsr_interrupted(ed->err), -1;
        if (edit_one(ed, &changes[i], it) < 0) {
            if (!ed->batch_failed)
                return -1;
            dsr_error_clear(ed->err);
        }
        if (ed->batch_failed)
            return 0;
        if (it->outcome == DSR_EDIT_REFUSED)
            res->refused++;
        else if (it->outcome != DSR_EDIT_SAME)
            res->applied++;
    }
    return ed->batch ? flush(ed) : 0;
}

/* Whether the batched text loads no worse than the text as read:
 * 1 yes, 0 no, -1 with ed->err set. */
static int
batch_loads(struct editor *ed)
{
    struct dsr_findings f = DSR_FINDINGS_INIT;
    struct dsr_manifest *m;
    int rc;

    if (ed->batch_failed)
        return 0;
    m = dsr_manifest_load_mem(ed->cur, ed->len, ed->path, ed->schema, &f,
                              ed->err);
    if (!m && ed->err->code != DSR_OK)
        rc = -1;
    else
        rc = m && f.counts[DSR_SEV_ERROR] <= ed->base_errors;
    dsr_manifest_free(m);
    dsr_findings_release(&f);
    return rc;
}

static void
items_release(struct dsr_edit_result *res)
{
    for (size_t i = 0; i < res->n; i++) {
        free(res->items[i].before);
        free(res->items[i].after);
        free(res->items[i].why);
    }
    memset(res->items, 0, res->cap * sizeof(*res->items));
    res->n = res->applied = res->refused = 0;
}

int
dsr_manifest_edit(const char *path, const struct dsr_change *changes,
                  size_t n, const struct dsr_edit_opts *opts,
                  struct dsr_edit_result *res, struct dsr_error *err)
{
    struct editor ed = {.path = path, .opts = opts, .res = res, .err = err};
    struct dsr_error cerr = DSR_ERROR_INIT;
    char schema[PATH_MAX], enc[64] = "";
    char *data = NULL;
    size_t len = 0;
    int sys_errno = 0;
    int rc = -1;

    memset(res, 0, sizeof(*res));
    if (dsr_mt_replaceable(path, err) < 0)
        return -1;
    snprintf(ed.schema, sizeof(ed.schema), "%s/manifest.xsd", opts->schemas_dir);
    switch (dsr_read_file(path, DSR_MANIFEST_MAX_BYTES, &data, &len,
                          &sys_errno)) {
    case DSR_READ_OK:
        break;
    case DSR_READ_NOMEM:
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        goto out;
    default:
        /* the loader reports unreadable and too large as findings */
        ed.m = dsr_manifest_load(path, ed.schema, &res->findings, err);
        rc = ed.m || err->code != DSR_OK ? -1 : 0;
        goto out;
    }
    if (opts->expect_text && (len != opts->expect_len ||
                              memcmp(data, opts->expect_text, len) != 0)) {
        dsr_error_set(err, DSR_INPUT, path, 0,
                      _("the manifest changed since it was read to compare "
                        "(saved from an editor?); nothing was changed: run "
                        "import again"));
        goto out;
    }
    switch (dsr_mt_splice_encoding(data, len, path, false, enc, sizeof(enc),
                                   &res->findings, err)) {
    case 0:
        break;
    case 1:
        rc = 0;
        goto out;
    default:
        goto out;
    }
    ed.enc = enc[0] ? enc : NULL;
    ed.m = dsr_manifest_load_mem(data, len, path, ed.schema, &res->findings,
                                 err);
    if (!ed.m) {
        rc = err->code == DSR_OK ? 0 : -1;
        goto out;
    }
    /* findings say why a manifest cannot be used; this one can (an
     * overlong text, say, is what a change may be fixing) */
    ed.base_errors = res->findings.counts[DSR_SEV_ERROR];
    dsr_findings_release(&res->findings);
    snprintf(schema, sizeof(schema), "%s/framework.xsd", opts->schemas_dir);
    ed.cat = dsr_catalog_load_id(opts->frameworks_dir, ed.m->framework, schema,
                                 &cerr);
    if (!ed.cat) {
        if (cerr.code != DSR_INPUT) {
            *err = cerr;
            goto out;
        }
        rc = dsr_findings_add(&res->findings, DSR_F_FRAMEWORK_UNKNOWN, NULL,
                              path, ed.m->framework_line, err,
                              _("unknown framework '%s'"), ed.m->framework);
        goto out;
    }
    ed.cur = malloc(len + 1);
    if (!ed.cur) {
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        goto out;
    }
    memcpy(ed.cur, data, len + 1);
    ed.len = len;
    if (locate(&ed) < 0)
        goto out;
    res->items = calloc(n ? n : 1, sizeof(*res->items));
    if (!res->items) {
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        goto out;
    }
    res->cap = n;
    ed.batch = true;
    rc = edit_all(&ed, changes, n);
    if (rc == 0)
        rc = batch_loads(&ed);
    if (rc == 0) {
        /* one at a time, each text loaded: the culprits refused */
        items_release(res);
        drop_pending(&ed, 0);
        clear_keys(&ed);
        ed.batch = false;
        free(ed.cur);
        ed.cur = malloc(len + 1);
        if (!ed.cur) {
            dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
            rc = -1;
            goto out;
        }
        memcpy(ed.cur, data, len + 1);
        ed.len = len;
        rc = locate(&ed);
        if (rc == 0)
            rc = edit_all(&ed, changes, n);
    }
    if (rc < 0) {
        rc = -1;
        goto out;
    }
    rc = -1;
    if (opts->dry_run || (res->refused && !opts->partial) || !res->applied ||
        (ed.len == len && memcmp(ed.cur, data, len) == 0)) {
        rc = 0;
        goto out;
    }
    if (dsr_cancelled(opts->cancel)) {
        dsr_interrupted(err);
        goto out;
    }
    if (dsr_mt_replace(path, false, data, len, ed.cur, ed.len, opts->cancel,
                       &res->backup, err) < 0)
        goto out;
    res->written = true;
    rc = 0;
out:
    dsr_mt_doc_release(&ed.doc);
    dsr_buf_release(&ed.next);
    drop_pending(&ed, 0);
    free(ed.pend);
    clear_keys(&ed);
    free(ed.keys);
    free(ed.undo);
    dsr_root_release(&ed.root);
    free(ed.root_why);
    free(ed.cur);
    dsr_catalog_free(ed.cat);
    dsr_manifest_free(ed.m);
    free(data);
    return rc;
}

void
dsr_edit_result_release(struct dsr_edit_result *res)
{
    if (!res)
        return;
    dsr_findings_release(&res->findings);
    if (res->items)
        items_release(res);
    free(res->items);
    memset(res, 0, sizeof(*res));
}

void
dsr_change_free(struct dsr_change *c)
{
    free((char *)c->indicator);
    free((char *)c->stage);
    free((char *)c->file);
    free((char *)c->value);
    free((char *)c->where);
    free((char *)c->item);
    free((char *)c->status);
    free((char *)c->kind);
    memset(c, 0, sizeof(*c));
}
