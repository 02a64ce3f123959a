/*
 * manifest.c -- load a manifest into plain data.
 *
 * The loader refuses what cannot be read as a manifest at all (unreadable,
 * malformed, DOCTYPE, too large, schema-invalid) and reports it as
 * findings.  Everything else -- level ranges, calendar dates, unknown
 * indicators -- is kept as written for dsr_check() to judge; a text longer
 * than its limit is reported (text-too-long) and kept as well.
 *
 * Syntax and schema problems are worded by manifest_msg.c.  For check,
 * the _recover() loaders then go on with what libxml2's recover mode could
 * read (docs/design.md, "How manifest errors are worded").
 */
#include "dossier/manifest.h"

#include "dossier/catalog.h"

#include "dossier/error.h"
#include "dossier/finding.h"
#include "internal.h"
#include "manifest_int.h"
#include "xml.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const stage_names[DSR_STAGE_COUNT] = {
    "mandiri", "dokumen", "interviu", "visitasi"};
static const char *const status_names[] = {"diterima", "revisi"};
static const char *const kind_names[] = {"", "tidak-tepat", "belum-diunggah",
                                         "otomatis-ditolak"};

/* At most this many item ids in one evidence/@item (the schema's list). */
#define MAX_EVIDENCE_ITEMS 16

struct loader {
    struct dsr_manifest *m;
    struct dsr_error *err;
    struct dsr_findings *findings;
    const char *path;
    size_t cap_ind;
    size_t cap_visits, cap_prev;
    size_t nevidence;           /* evidence entries so far */
    size_t nother;              /* other elements in indicators so far */
    /* values the schema refused, read as absent (recovered loads only) */
    const struct dsr_mrefusals *refused;
    bool recovered;             /* the tree has syntax or schema errors */
};

/* Attribute 'name' of 'node' (malloc'd), NULL when absent or refused. */
static char *
lattr(const struct loader *ld, const xmlNode *node, const char *name)
{
    if (ld->refused && dsr_mrefused_has(ld->refused, node, name))
        return NULL;
    return dsr_xml_attr(node, name);
}

const char *
dsr_stage_name(enum dsr_stage s)
{
    return (size_t)s < DSR_STAGE_COUNT ? stage_names[s] : "?";
}

int
dsr_stage_parse(const char *name)
{
    for (int i = 0; i < DSR_STAGE_COUNT; i++)
        if (name && strcmp(name, stage_names[i]) == 0)
            return i;
    return -1;
}

const char *
dsr_verdict_status_name(enum dsr_verdict_status s)
{
    return (size_t)s < sizeof(status_names) / sizeof(*status_names)
               ? status_names[s]
               : "?";
}

int
dsr_verdict_status_parse(const char *name)
{
    for (size_t i = 0;
         name && i < sizeof(status_names) / sizeof(*status_names); i++)
        if (strcmp(name, status_names[i]) == 0)
            return (int)i;
    return -1;
}

const char *
dsr_verdict_kind_name(enum dsr_verdict_kind k)
{
    return (size_t)k < sizeof(kind_names) / sizeof(*kind_names) ? kind_names[k]
                                                                : "?";
}

int
dsr_verdict_kind_parse(const char *name)
{
    /* from 1: "" names no kind, it is not one */
    for (size_t i = 1; name && i < sizeof(kind_names) / sizeof(*kind_names);
         i++)
        if (strcmp(name, kind_names[i]) == 0)
            return (int)i;
    return -1;
}

static bool
leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
dsr_date_parse(const char *s, struct dsr_date *d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30,
                                31, 31, 30, 31, 30, 31};
    int y, mo, da;

    memset(d, 0, sizeof(*d));
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
        (s[3] - '0');
    mo = (s[5] - '0') * 10 + (s[6] - '0');
    da = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || mo < 1 || mo > 12 || da < 1)
        return -1;
    if (da > mdays[mo - 1] + (mo == 2 && leap(y)))
        return -1;
    d->year = y;
    d->month = mo;
    d->day = da;
    return 0;
}

struct dsr_date
dsr_date_add_years(const struct dsr_date *d, int years, bool end)
{
    struct dsr_date r = *d;

    r.year += years;
    if (d->month != 2)
        return r;
    /* the last day of February stays the last, in any year */
    if (end && d->day >= 28 && d->day == 28 + leap(d->year))
        r.day = 28 + leap(r.year);
    else if (d->day == 29 && !leap(r.year)) {
        /* no 29 February: a start moves on, an end moves back */
        r.month = end ? 2 : 3;
        r.day = end ? 28 : 1;
    }
    return r;
}

int
dsr_date_cmp(const struct dsr_date *a, const struct dsr_date *b)
{
    long x = a->year * 10000L + a->month * 100L + a->day;
    long y = b->year * 10000L + b->month * 100L + b->day;

    return (x > y) - (x < y);
}

long
dsr_index_parse(const char *s)
{
    long whole = 0;
    long frac = 0;
    int digits = 0;
    const char *p = s;

    if (!s)
        return -1;
    while (*p == ' ')
        p++;
    if (*p < '0' || *p > '9')
        return -1;
    while (*p >= '0' && *p <= '9') {
        whole = whole * 10 + (*p++ - '0');
        if (whole > 1000)
            return -1;
    }
    if (*p == '.' || *p == ',') {
        p++;
        while (*p >= '0' && *p <= '9' && digits < 2) {
            frac = frac * 10 + (*p++ - '0');
            digits++;
        }
        if (digits == 0)
            return -1;
        if (digits == 1)
            frac *= 10;
    }
    while (*p == ' ')
        p++;
    if (*p)
        return -1;
    return whole * 100 + frac;
}

long
dsr_value_parse(const char *s)
{
    long whole = 0;
    long frac = 0;
    int digits = 0;
    const char *p = s;

    if (!s)
        return -1;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p < '0' || *p > '9')
        return -1;
    while (*p >= '0' && *p <= '9') {
        whole = whole * 10 + (*p++ - '0');
        if (whole > 999999)
            return -1;
    }
    if (*p == '.' || *p == ',') {
        p++;
        while (*p >= '0' && *p <= '9') {
            if (++digits > 4)
                return -1;
            frac = frac * 10 + (*p++ - '0');
        }
        if (digits == 0)
            return -1;
        for (int i = digits; i < 4; i++)
            frac *= 10;
    }
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p)
        return -1;
    return whole * DSR_VALUE_ONE + frac;
}

/*
 * Whether element 'n' of a recovered tree lacks, or has a refused value
 * for, one of the attributes 'a' and 'b' (NULL) that give it its meaning:
 * such an element is left out, its finding is the schema's.  A tree
 * without errors never lacks them.
 */
static bool
unusable(const struct loader *ld, const xmlNode *n, const char *a,
         const char *b)
{
    const char *names[2] = {a, b};

    if (!ld->recovered)
        return false;
    for (int i = 0; i < 2; i++) {
        char *v;

        if (!names[i])
            continue;
        v = lattr(ld, n, names[i]);
        if (!v || (strcmp(names[i], "stage") == 0 && dsr_stage_parse(v) < 0) ||
            (strcmp(names[i], "status") == 0 &&
             dsr_verdict_status_parse(v) < 0)) {
            free(v);
            return true;
        }
        free(v);
    }
    return false;
}

static long
level_of(const struct loader *ld, const xmlNode *node)
{
    char *s = lattr(ld, node, "level");
    char *end;
    long v;

    if (!s)
        return DSR_LEVEL_NONE;
    errno = 0;
    v = strtol(s, &end, 10);
    while (*end == ' ' || *end == '\t' || *end == '\n')
        end++;
    if (errno || *end || end == s || v == DSR_LEVEL_NONE)
        v = LONG_MAX;
    free(s);
    return v;
}

static int
nomem(struct loader *ld)
{
    return dsr_error_set(ld->err, DSR_NOMEM, NULL, 0, "out of memory");
}

/*
 * An xs:boolean attribute the schema accepted: "true" or "1", with the
 * spaces around that its whitespace rule (collapse) allows.
 */
static bool
bool_attr(const struct loader *ld, const xmlNode *node, const char *name)
{
    char *s = lattr(ld, node, name);
    size_t len;
    char *p = s;
    bool yes;

    if (!s)
        return false;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    len = strcspn(p, " \t\n\r");
    yes = (len == 4 && strncmp(p, "true", 4) == 0) || (len == 1 && *p == '1');
    free(s);
    return yes;
}

/* Copy of attribute 'name', or "" when absent; NULL only without memory. */
static char *
attr_or_empty(const struct loader *ld, const xmlNode *node, const char *name)
{
    char *s = lattr(ld, node, name);

    return s ? s : strdup("");
}

/*
 * Count one more element ('evidence' tells which kind); past the limit,
 * report it at the element's line and return -1 with 'err' untouched, so
 * that the manifest is refused as input, not as a failure of the tool.
 */
static int
count(struct loader *ld, const xmlNode *node, bool evidence)
{
    size_t *n = evidence ? &ld->nevidence : &ld->nother;

    if (++*n <= DSR_MANIFEST_MAX_ENTRIES)
        return 0;
    if (evidence)
        dsr_findings_add(ld->findings, DSR_F_MANIFEST_TOO_LARGE, NULL,
                         ld->path, dsr_xml_line(node), ld->err,
                         _("the manifest lists more than %zu evidence files; "
                           "dossier handles at most that many in one "
                           "manifest"),
                         DSR_MANIFEST_MAX_ENTRIES);
    else
        dsr_findings_add(ld->findings, DSR_F_MANIFEST_TOO_LARGE, NULL,
                         ld->path, dsr_xml_line(node), ld->err,
                         _("the manifest has more than %zu indicators, "
                           "assessments, links, questions, answers, "
                           "verdicts, responses and external values; "
                           "dossier handles at most that many in one "
                           "manifest"),
                         DSR_MANIFEST_MAX_ENTRIES);
    return -1;
}

/*
 * The longest text each field may hold, in characters (code points).
 * Generous for what people write (the longest Indonesian institution
 * names are about 100 characters, a long share link about 200), yet
 * bounded, so that a dossier page holds what a manifest may say: past a
 * limit the manifest gets a text-too-long error, not a slow render.
 * The manifest schema (templates/schemas/manifest.xsd) lists the same
 * limits.
 */
enum text_field {
    TF_INSTANCE_NAME,
    TF_INSTANCE_KIND,
    TF_COORDINATOR_NAME,
    TF_COORDINATOR_POSITION,
    TF_COORDINATOR_UNIT,
    TF_INDICATOR_ID,
    TF_OWNER,
    TF_EXPLANATION,
    TF_EVIDENCE_TITLE,
    TF_LINK_TEXT,
    TF_LINK_HREF,
    TF_NOTE,
    TF_VERDICT,
    TF_RESPONSE,
    TF_ITEM_ID,
    TF_EXTERNAL_INDEX,
    TF_EXTERNAL_SOURCE,
    TF_LINK_ACCOUNT,
    TF_LINK_SECRET,
    TF_VISIT_OWNER,
    TF_VISIT_TIME,
    TF_VISIT_PLACE,
    TF_VISIT_PERSON,
};

static const struct {
    const char *what;           /* N_() for the message */
    size_t max;
} text_limits[] = {
    [TF_INSTANCE_NAME] = {N_("the institution's name"), 200},
    [TF_INSTANCE_KIND] = {N_("the institution's kind"), 120},
    [TF_COORDINATOR_NAME] = {N_("the coordinator's name"), 200},
    [TF_COORDINATOR_POSITION] = {N_("the coordinator's position"), 200},
    [TF_COORDINATOR_UNIT] = {N_("the coordinator's unit"), 200},
    [TF_INDICATOR_ID] = {N_("the indicator id"), 32},
    [TF_OWNER] = {N_("the indicator's owner"), 120},
    [TF_EXPLANATION] = {N_("the assessment's explanation"), 4000},
    [TF_EVIDENCE_TITLE] = {N_("the evidence title"), 300},
    [TF_LINK_TEXT] = {N_("the link text"), 300},
    [TF_LINK_HREF] = {N_("the link address"), 2048},
    [TF_NOTE] = {N_("the question or answer"), 4000},
    [TF_VERDICT] = {N_("the assessor's note in the verdict"), 4000},
    [TF_RESPONSE] = {N_("the response"), 4000},
    [TF_ITEM_ID] = {N_("the item id"), 32},
    [TF_EXTERNAL_INDEX] = {N_("the external index's name"), 32},
    [TF_EXTERNAL_SOURCE] = {N_("the external index's source"), 200},
    [TF_LINK_ACCOUNT] = {N_("the link's account"), 120},
    [TF_LINK_SECRET] = {N_("the link's password (secret)"), 200},
    [TF_VISIT_OWNER] = {N_("the visited OPD's name"), 120},
    [TF_VISIT_TIME] = {N_("the visit's time"), 40},
    [TF_VISIT_PLACE] = {N_("the visit's place"), 200},
    [TF_VISIT_PERSON] = {N_("the visit's person in charge"), 200},
};

/* Characters in UTF-8 's' (libxml2 hands over valid UTF-8 only). */
static size_t
utf8_chars(const char *s)
{
    size_t n = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        n += (*p & 0xC0) != 0x80;
    return n;
}

/*
 * Report 'text' (field 'f' of the element at 'node', in indicator 'id' or
 * NULL) when it is longer than the field's limit.  Loading goes on: the
 * error stops render and pack, and check lists every such field.
 */
static int
check_length(struct loader *ld, const xmlNode *node, const char *id,
             enum text_field f, const char *text)
{
    size_t n;

    if (!text || strlen(text) <= text_limits[f].max)
        return 0;
    n = utf8_chars(text);
    if (n <= text_limits[f].max)
        return 0;
    if (f == TF_LINK_HREF)
        return dsr_findings_add(
            ld->findings, DSR_F_TEXT_TOO_LONG, id, ld->path,
            dsr_xml_line(node), ld->err,
            _("the link address is %zu characters long; at most %zu are "
              "allowed: use the service's short share link, or link to a "
              "page that leads to the document"),
            n, text_limits[f].max);
    return dsr_findings_add(ld->findings, DSR_F_TEXT_TOO_LONG, id, ld->path,
                            dsr_xml_line(node), ld->err,
                            _("%s is %zu characters long; at most %zu are "
                              "allowed: shorten it"),
                            _(text_limits[f].what), n, text_limits[f].max);
}

#define APPEND(ld, arr, n, cap)                                               \
    (dsr_grow((void **)&(arr), sizeof(*(arr)), &(cap), (n) + 1, (ld)->err) < 0 \
         ? NULL                                                               \
         : memset(&(arr)[(n)++], 0, sizeof(*(arr))))

/*
 * The attributes that give child 'n' of an indicator its meaning, in
 * '*a' and '*b' (NULL: none): a recovered element without them is left
 * out.
 */
static void
meaning_attrs(const xmlNode *n, const char **a, const char **b)
{
    *b = NULL;
    if (dsr_xml_is(n, "evidence"))
        *a = "file";
    else if (dsr_xml_is(n, "link"))
        *a = "href";
    else if (dsr_xml_is(n, "verdict"))
        *a = "stage", *b = "status";
    else if (dsr_xml_is(n, "response"))
        *a = NULL;
    else if (dsr_xml_is(n, "external"))
        *a = "index", *b = "value";
    else {
        *a = "stage";
        if (dsr_xml_is(n, "assessment"))
            *b = "level";
    }
}

/*
 * The item id of attribute 'name' of 'n' (malloc'd), NULL when absent;
 * 'ok' false without memory or when it is longer than its limit (then
 * reported).
 */
static char *
item_attr(struct loader *ld, const xmlNode *n, const char *id,
          const char *name, bool *ok)
{
    char *v = lattr(ld, n, name);
    char *p = v;

    *ok = true;
    if (!v)
        return NULL;
    /* the schema's \S+ lets no space in; a recovered tree may */
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    memmove(v, p, strlen(p) + 1);
    p = v + strcspn(v, " \t\n\r");
    *p = '\0';
    if (check_length(ld, n, id, TF_ITEM_ID, v) < 0) {
        free(v);
        *ok = false;
        return NULL;
    }
    return v;
}

/* evidence/@item: its ids, split at white space, at most 16 of them. */
static int
load_evidence_items(struct loader *ld, const xmlNode *n, const char *id,
                    struct dsr_evidence *e)
{
    char *list = lattr(ld, n, "item");
    char *save = NULL;
    int rc = 0;

    if (!list)
        return 0;
    e->items = calloc(MAX_EVIDENCE_ITEMS, sizeof(*e->items));
    if (!e->items) {
        free(list);
        return nomem(ld);
    }
    for (char *t = strtok_r(list, " \t\n\r", &save);
         t && e->nitems < MAX_EVIDENCE_ITEMS;
         t = strtok_r(NULL, " \t\n\r", &save)) {
        if (check_length(ld, n, id, TF_ITEM_ID, t) < 0) {
            rc = -1;
            break;
        }
        e->items[e->nitems] = strdup(t);
        if (!e->items[e->nitems]) {
            rc = nomem(ld);
            break;
        }
        e->nitems++;
    }
    free(list);
    return rc;
}

/*
 * A value attribute as written (NULL: absent, or refused) and in
 * ten-thousandths: DSR_VALUE_NONE when absent, -2 when not a number with
 * at most four decimals (check reports it).
 */
static void
value_attr(const struct loader *ld, const xmlNode *n, char **text,
           long *value)
{
    *text = lattr(ld, n, "value");
    *value = DSR_VALUE_NONE;
    if (*text) {
        *value = dsr_value_parse(*text);
        if (*value < 0)
            *value = -2;
    }
}

static int
load_verdict(struct loader *ld, const xmlNode *n, const char *id,
             struct dsr_verdict *v)
{
    char *s;
    bool ok;
    int k;

    v->line = dsr_xml_line(n);
    s = lattr(ld, n, "stage");
    k = dsr_stage_parse(s);
    /* the schema lets dokumen, interviu and visitasi only */
    v->stage = k < 0 ? DSR_STAGE_DOKUMEN : (enum dsr_stage)k;
    free(s);
    s = lattr(ld, n, "status");
    k = dsr_verdict_status_parse(s);
    v->status = k < 0 ? DSR_VERDICT_REVISI : (enum dsr_verdict_status)k;
    free(s);
    s = lattr(ld, n, "kind");
    k = dsr_verdict_kind_parse(s);
    v->kind = k < 0 ? DSR_KIND_NONE : (enum dsr_verdict_kind)k;
    free(s);
    v->item = item_attr(ld, n, id, "item", &ok);
    if (!ok)
        return -1;
    v->text = dsr_xml_text(n);
    if (!v->text)
        return nomem(ld);
    return check_length(ld, n, id, TF_VERDICT, v->text);
}

static int
load_response(struct loader *ld, const xmlNode *n, const char *id,
              struct dsr_response *r)
{
    bool ok;

    r->line = dsr_xml_line(n);
    r->item = item_attr(ld, n, id, "item", &ok);
    if (!ok)
        return -1;
    r->text = dsr_xml_text(n);
    if (!r->text)
        return nomem(ld);
    return check_length(ld, n, id, TF_RESPONSE, r->text);
}

/*
 * <external>: the first one of the indicator is kept; a second is an
 * external-invalid error at its line (the schema cannot say "at most one"
 * inside the indicator's choice).
 */
static int
load_external(struct loader *ld, const xmlNode *n, const char *id,
              struct dsr_mindicator *ind)
{
    struct dsr_mexternal *x;
    char *year;

    if (ind->external)
        return dsr_findings_add(
            ld->findings, DSR_F_EXTERNAL_INVALID, id, ld->path,
            dsr_xml_line(n), ld->err,
            _("the indicator has a second <external> (the first is on line "
              "%lu); an indicator has one external value: remove one"),
            ind->external->line);
    x = ind->external = calloc(1, sizeof(*x));
    if (!x)
        return nomem(ld);
    x->line = dsr_xml_line(n);
    x->index = attr_or_empty(ld, n, "index");
    x->source = attr_or_empty(ld, n, "source");
    if (!x->index || !x->source)
        return nomem(ld);
    value_attr(ld, n, &x->value_text, &x->value);
    if (x->value == DSR_VALUE_NONE)
        x->value = -2;          /* refused: the schema requires it */
    year = lattr(ld, n, "year");
    x->year = year ? atoi(year) : 0;
    free(year);
    if (check_length(ld, n, id, TF_EXTERNAL_INDEX, x->index) < 0 ||
        check_length(ld, n, id, TF_EXTERNAL_SOURCE, x->source) < 0)
        return -1;
    return 0;
}

static int
load_indicator(struct loader *ld, const xmlNode *node)
{
    struct dsr_mindicator *ind;
    size_t cap_a = 0, cap_e = 0, cap_l = 0, cap_n = 0, cap_v = 0, cap_r = 0;
    const xmlNode *n;
    const char *id;

    if (count(ld, node, false) < 0)
        return -1;
    if (unusable(ld, node, "id", NULL))
        return 0;
    ind = APPEND(ld, ld->m->indicators, ld->m->nindicators, ld->cap_ind);
    if (!ind)
        return -1;
    ind->line = dsr_xml_line(node);
    ind->id = attr_or_empty(ld, node, "id");
    ind->owner = attr_or_empty(ld, node, "owner");
    if (!ind->id || !ind->owner)
        return nomem(ld);
    if (check_length(ld, node, NULL, TF_INDICATOR_ID, ind->id) < 0)
        return -1;
    /* an over-long id is not repeated in every finding about the indicator */
    id = utf8_chars(ind->id) <= text_limits[TF_INDICATOR_ID].max ? ind->id : NULL;
    if (check_length(ld, node, id, TF_OWNER, ind->owner) < 0)
        return -1;
    for (n = node->children; n; n = n->next) {
        const char *need_a, *need_b;

        if (n->type == XML_ELEMENT_NODE &&
            count(ld, n, dsr_xml_is(n, "evidence")) < 0)
            return -1;
        meaning_attrs(n, &need_a, &need_b);
        if (unusable(ld, n, need_a, need_b))
            continue;
        if (dsr_xml_is(n, "assessment")) {
            struct dsr_assessment *a =
                APPEND(ld, ind->assessments, ind->nassessments, cap_a);
            char *stage;

            if (!a)
                return -1;
            stage = lattr(ld, n, "stage");
            a->stage = (enum dsr_stage)dsr_stage_parse(stage);
            free(stage);
            a->level = level_of(ld, n);
            a->line = dsr_xml_line(n);
            value_attr(ld, n, &a->value_text, &a->value);
            a->text = dsr_xml_text(n);
            if (!a->text)
                return nomem(ld);
            if (check_length(ld, n, id, TF_EXPLANATION, a->text) < 0)
                return -1;
        } else if (dsr_xml_is(n, "evidence")) {
            struct dsr_evidence *e =
                APPEND(ld, ind->evidence, ind->nevidence, cap_e);

            if (!e)
                return -1;
            e->line = dsr_xml_line(n);
            e->level = level_of(ld, n);
            e->file = attr_or_empty(ld, n, "file");
            e->title = dsr_xml_text(n);
            e->date_text = lattr(ld, n, "date");
            e->sha256 = lattr(ld, n, "sha256");
            {
                /* the schema allows only these two values */
                char *src = lattr(ld, n, "date-source");

                e->date_source = !src ? DSR_DATE_SOURCE_NONE
                                 : strcmp(src, "document") == 0
                                     ? DSR_DATE_SOURCE_DOCUMENT
                                     : DSR_DATE_SOURCE_FILE;
                free(src);
            }
            e->in_force = bool_attr(ld, n, "in-force");
            {
                /* four digits: the schema says so */
                char *y = lattr(ld, n, "from-year");

                e->from_year = y ? atoi(y) : 0;
                free(y);
            }
            if (!e->file || !e->title)
                return nomem(ld);
            if (check_length(ld, n, id, TF_EVIDENCE_TITLE, e->title) < 0 ||
                load_evidence_items(ld, n, id, e) < 0)
                return -1;
            if (e->date_text)
                dsr_date_parse(e->date_text, &e->date);
            for (char *p = e->sha256; p && *p; p++)
                if (*p >= 'A' && *p <= 'F')
                    *p = (char)(*p - 'A' + 'a');
        } else if (dsr_xml_is(n, "link")) {
            struct dsr_link *l = APPEND(ld, ind->links, ind->nlinks, cap_l);

            if (!l)
                return -1;
            l->line = dsr_xml_line(n);
            l->level = level_of(ld, n);
            l->href = attr_or_empty(ld, n, "href");
            l->text = dsr_xml_text(n);
            l->account = attr_or_empty(ld, n, "account");
            l->secret = lattr(ld, n, "secret");
            if (!l->href || !l->text || !l->account)
                return nomem(ld);
            if (check_length(ld, n, id, TF_LINK_HREF, l->href) < 0 ||
                check_length(ld, n, id, TF_LINK_TEXT, l->text) < 0 ||
                check_length(ld, n, id, TF_LINK_ACCOUNT, l->account) < 0 ||
                check_length(ld, n, id, TF_LINK_SECRET, l->secret) < 0)
                return -1;
        } else if (dsr_xml_is(n, "question") || dsr_xml_is(n, "answer")) {
            struct dsr_note *q = APPEND(ld, ind->notes, ind->nnotes, cap_n);
            char *stage;

            if (!q)
                return -1;
            stage = lattr(ld, n, "stage");
            q->stage = (enum dsr_stage)dsr_stage_parse(stage);
            free(stage);
            q->answer = dsr_xml_is(n, "answer");
            q->line = dsr_xml_line(n);
            q->text = dsr_xml_text(n);
            if (!q->text)
                return nomem(ld);
            if (check_length(ld, n, id, TF_NOTE, q->text) < 0)
                return -1;
        } else if (dsr_xml_is(n, "verdict")) {
            struct dsr_verdict *v =
                APPEND(ld, ind->verdicts, ind->nverdicts, cap_v);

            if (!v || load_verdict(ld, n, id, v) < 0)
                return -1;
        } else if (dsr_xml_is(n, "response")) {
            struct dsr_response *r =
                APPEND(ld, ind->responses, ind->nresponses, cap_r);

            if (!r || load_response(ld, n, id, r) < 0)
                return -1;
        } else if (dsr_xml_is(n, "external")) {
            if (load_external(ld, n, id, ind) < 0)
                return -1;
        }
    }
    return 0;
}

/*
 * Set '*slot' to 'v', freeing what it held: a recovered tree may repeat an
 * element the schema allows once (<instance>, <period>, ...); the last one
 * counts, as it always did, and the earlier text is not leaked.
 */
static void
replace_str(char **slot, char *v)
{
    free(*slot);
    *slot = v;
}

/*
 * Count one more visit or previous indicator (each at most
 * DSR_MANIFEST_MAX_VISITS); past the limit, a manifest-too-large
 * finding at its line and -1 with 'err' untouched.
 */
static int
count_small(struct loader *ld, const xmlNode *node, size_t n, bool visit)
{
    if (n < DSR_MANIFEST_MAX_VISITS)
        return 0;
    dsr_findings_add(ld->findings, DSR_F_MANIFEST_TOO_LARGE, NULL, ld->path,
                     dsr_xml_line(node), ld->err,
                     visit ? _("the manifest has more than %zu visits; dossier "
                               "handles at most that many in one manifest")
                           : _("<previous> lists more than %zu indicators; "
                               "dossier handles at most that many"),
                     DSR_MANIFEST_MAX_VISITS);
    return -1;
}

/* <visit owner date time place person/> */
static int
load_visit(struct loader *ld, const xmlNode *n)
{
    struct dsr_manifest *m = ld->m;
    struct dsr_visit *v;

    if (count_small(ld, n, m->nvisits, true) < 0)
        return -1;
    if (unusable(ld, n, "owner", NULL))
        return 0;
    v = APPEND(ld, m->visits, m->nvisits, ld->cap_visits);
    if (!v)
        return -1;
    v->line = dsr_xml_line(n);
    v->owner = attr_or_empty(ld, n, "owner");
    v->date_text = lattr(ld, n, "date");
    v->time = attr_or_empty(ld, n, "time");
    v->place = attr_or_empty(ld, n, "place");
    v->person = attr_or_empty(ld, n, "person");
    if (!v->owner || !v->time || !v->place || !v->person)
        return nomem(ld);
    if (v->date_text)
        dsr_date_parse(v->date_text, &v->date);
    if (check_length(ld, n, NULL, TF_VISIT_OWNER, v->owner) < 0 ||
        check_length(ld, n, NULL, TF_VISIT_TIME, v->time) < 0 ||
        check_length(ld, n, NULL, TF_VISIT_PLACE, v->place) < 0 ||
        check_length(ld, n, NULL, TF_VISIT_PERSON, v->person) < 0)
        return -1;
    return 0;
}

/* <previous>'s <indicator id level value/> children. */
static int
load_previous_indicators(struct loader *ld, const xmlNode *prev)
{
    struct dsr_manifest *m = ld->m;

    for (const xmlNode *n = prev->children; n; n = n->next) {
        struct dsr_prev_indicator *p;
        char *text;

        if (!dsr_xml_is(n, "indicator"))
            continue;
        if (count_small(ld, n, m->nprevious_indicators, false) < 0)
            return -1;
        if (unusable(ld, n, "id", NULL))
            continue;
        p = APPEND(ld, m->previous_indicators, m->nprevious_indicators,
                   ld->cap_prev);
        if (!p)
            return -1;
        p->line = dsr_xml_line(n);
        p->id = attr_or_empty(ld, n, "id");
        if (!p->id)
            return nomem(ld);
        if (check_length(ld, n, NULL, TF_INDICATOR_ID, p->id) < 0)
            return -1;
        p->level = level_of(ld, n);
        value_attr(ld, n, &text, &p->value);
        free(text);
    }
    return 0;
}

static int
load_root(struct loader *ld, const xmlNode *root)
{
    struct dsr_manifest *m = ld->m;
    const xmlNode *n;

    m->framework = attr_or_empty(ld, root, "framework");
    m->year_text = attr_or_empty(ld, root, "year");
    if (!m->framework || !m->year_text)
        return nomem(ld);
    m->year = atoi(m->year_text);
    m->year_line = m->framework_line = dsr_xml_line(root);
    for (n = root->children; n; n = n->next) {
        if (dsr_xml_is(n, "instance")) {
            replace_str(&m->instance_name, attr_or_empty(ld, n, "name"));
            replace_str(&m->instance_kind, attr_or_empty(ld, n, "kind"));
            if (check_length(ld, n, NULL, TF_INSTANCE_NAME, m->instance_name) < 0 ||
                check_length(ld, n, NULL, TF_INSTANCE_KIND, m->instance_kind) < 0)
                return -1;
        } else if (dsr_xml_is(n, "coordinator")) {
            replace_str(&m->coordinator_name, attr_or_empty(ld, n, "name"));
            replace_str(&m->coordinator_position, attr_or_empty(ld, n, "position"));
            replace_str(&m->coordinator_unit, attr_or_empty(ld, n, "unit"));
            if (check_length(ld, n, NULL, TF_COORDINATOR_NAME, m->coordinator_name) < 0 ||
                check_length(ld, n, NULL, TF_COORDINATOR_POSITION,
                             m->coordinator_position) < 0 ||
                check_length(ld, n, NULL, TF_COORDINATOR_UNIT, m->coordinator_unit) < 0)
                return -1;
        } else if (unusable(ld, n, dsr_xml_is(n, "period") ? "from" : "index",
                            dsr_xml_is(n, "period")     ? "to"
                            : dsr_xml_is(n, "previous") ? "year"
                                                        : NULL) &&
                   (dsr_xml_is(n, "period") || dsr_xml_is(n, "target") ||
                    dsr_xml_is(n, "previous"))) {
            continue;
        } else if (dsr_xml_is(n, "period")) {
            m->has_period = true;
            m->period_line = dsr_xml_line(n);
            replace_str(&m->period_from_text, attr_or_empty(ld, n, "from"));
            replace_str(&m->period_to_text, attr_or_empty(ld, n, "to"));
            if (!m->period_from_text || !m->period_to_text)
                return nomem(ld);
            dsr_date_parse(m->period_from_text, &m->period_from);
            dsr_date_parse(m->period_to_text, &m->period_to);
        } else if (dsr_xml_is(n, "target")) {
            m->has_target = true;
            m->target_line = dsr_xml_line(n);
            replace_str(&m->target_text, attr_or_empty(ld, n, "index"));
            if (!m->target_text)
                return nomem(ld);
            m->target = dsr_index_parse(m->target_text);
        } else if (dsr_xml_is(n, "previous")) {
            char *year = attr_or_empty(ld, n, "year");

            m->has_previous = true;
            m->previous_line = dsr_xml_line(n);
            m->previous_year = year ? atoi(year) : 0;
            free(year);
            replace_str(&m->previous_text, attr_or_empty(ld, n, "index"));
            if (!m->previous_text)
                return nomem(ld);
            m->previous = dsr_index_parse(m->previous_text);
            if (load_previous_indicators(ld, n) < 0)
                return -1;
        } else if (dsr_xml_is(n, "visit")) {
            if (load_visit(ld, n) < 0)
                return -1;
        } else if (dsr_xml_is(n, "evidence-root")) {
            replace_str(&m->evidence_root, attr_or_empty(ld, n, "path"));
            m->evidence_root_line = dsr_xml_line(n);
            if (!m->evidence_root)
                return nomem(ld);
        } else if (dsr_xml_is(n, "archive")) {
            struct dsr_marchive_load al = {ld->refused, ld->findings, ld->path,
                                           dsr_xml_line(n), ld->err};

            if (dsr_marchive_load(&al, m, n) < 0)
                return -1;
        } else if (dsr_xml_is(n, "indicator")) {
            if (load_indicator(ld, n) < 0)
                return -1;
        }
    }
    /* every string the header promises is at least "" */
    if ((!m->instance_name && !(m->instance_name = strdup(""))) ||
        (!m->instance_kind && !(m->instance_kind = strdup(""))) ||
        (!m->coordinator_name && !(m->coordinator_name = strdup(""))) ||
        (!m->coordinator_position && !(m->coordinator_position = strdup(""))) ||
        (!m->coordinator_unit && !(m->coordinator_unit = strdup(""))))
        return nomem(ld);
    return 0;
}

/*
 * How a manifest was read: its bytes, where findings go, and whether a
 * manifest with syntax or schema errors is still returned (recovered).
 */
struct load_req {
    const char *data;
    size_t len;
    const char *path;
    const char *schema_path;
    struct dsr_findings *findings;
    struct dsr_error *err;
    bool recover;
};

static struct dsr_manifest *
build(struct loader *ld, const struct load_req *rq, xmlDocPtr doc)
{
    struct dsr_manifest *m = calloc(1, sizeof(*m));
    char *tmp;

    if (!m) {
        dsr_error_set(rq->err, DSR_NOMEM, rq->path, 0, "out of memory");
        return NULL;
    }
    ld->m = m;
    m->source = malloc(rq->len ? rq->len : 1);
    if (!m->source)
        goto fail_nomem;
    memcpy(m->source, rq->data, rq->len);
    m->source_len = rq->len;
    m->path = strdup(rq->path);
    tmp = strdup(rq->path);
    m->dir = tmp ? strdup(dirname(tmp)) : NULL;
    free(tmp);
    if (!m->path || !m->dir)
        goto fail_nomem;
    if (load_root(ld, xmlDocGetRootElement(doc)) < 0)
        goto fail;
    return m;
fail_nomem:
    nomem(ld);
fail:
    dsr_manifest_free(m);
    return NULL;
}

/* Whether the root of 'doc' is <dossier> in the manifest's namespace. */
static bool
manifest_root(xmlDocPtr doc)
{
    const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;

    return root && dsr_xml_is(root, "dossier") && root->ns && root->ns->href &&
           strcmp((const char *)root->ns->href, "urn:dossier:manifest:1") == 0;
}

/*
 * The first line a finding of this load names (the error the others may
 * follow from), or 0.
 */
static unsigned long
first_line(const struct dsr_findings *f, size_t from)
{
    for (size_t i = from; i < f->n; i++)
        if (f->items[i].line)
            return f->items[i].line;
    return 0;
}

static void
doctype_finding(const struct load_req *rq, const struct dsr_xml_problems *p)
{
    dsr_findings_add(rq->findings, DSR_F_XML_DOCTYPE, NULL, rq->path,
                     p->n ? p->items[0].line : 0, rq->err, "%s",
                     _("a manifest must not have a DOCTYPE: DTDs, entities "
                       "and external references are refused"));
}

static struct dsr_manifest *
load(const struct load_req *rq)
{
    struct dsr_xml_problems problems = {0};
    struct dsr_xml_problems schema_problems = {0};
    struct dsr_mrefusals refused = {0};
    struct dsr_mmsg mc = {.data = rq->data, .len = rq->len, .path = rq->path,
                          .findings = rq->findings, .err = rq->err};
    struct loader ld = {.err = rq->err, .findings = rq->findings,
                        .path = rq->path};
    struct dsr_manifest *m = NULL;
    xmlDocPtr doc = NULL;
    char *copy = NULL;
    size_t before = rq->findings->n;
    enum dsr_xml_status st;
    bool syntax = false;

    if (rq->len > DSR_MANIFEST_MAX_BYTES) {
        dsr_findings_add(rq->findings, DSR_F_MANIFEST_TOO_LARGE, NULL,
                         rq->path, 0, rq->err,
                         _("the manifest is larger than %zu MiB"),
                         DSR_MANIFEST_MAX_BYTES >> 20);
        return NULL;
    }
    if (dsr_mmsg_preflight(&mc) != 0)
        return NULL;
    st = dsr_xml_parse(rq->data, rq->len, rq->path, &doc, &problems, rq->err);
    if (st == DSR_XML_FAILED)
        goto out;
    if (st == DSR_XML_DOCTYPE) {
        doctype_finding(rq, &problems);
        goto out;
    }
    if (st == DSR_XML_MALFORMED) {
        /*
         * Read again in recover mode, for every syntax error and a tree to
         * go on with; bytes that are not UTF-8 are named here and made '?'
         * in a copy first, so that the tree holds valid UTF-8 only.
         */
        bool bad_utf8 = dsr_mmsg_has_encoding_error(&problems);
        const char *text = rq->data;
        int named = 0;

        syntax = true;
        if (bad_utf8) {
            copy = malloc(rq->len ? rq->len : 1);
            if (!copy) {
                nomem(&ld);
                goto out;
            }
            memcpy(copy, rq->data, rq->len);
            named = dsr_mmsg_bad_utf8(&mc, copy);
            if (named < 0)
                goto out;
            text = copy;
        }
        dsr_xml_problems_release(&problems);
        st = dsr_xml_parse_recover(text, rq->len, rq->path, &doc, &problems,
                                   rq->err);
        if (st == DSR_XML_FAILED)
            goto out;
        /* a DOCTYPE after the first error: refused as ever */
        if (st == DSR_XML_DOCTYPE) {
            doctype_finding(rq, &problems);
            goto out;
        }
        if (dsr_mmsg_syntax(&mc, &problems,
                            doc && xmlDocGetRootElement(doc)
                                ? (const char *)xmlDocGetRootElement(doc)->name
                                : NULL,
                            named > 0) < 0)
            goto out;
        if (rq->findings->n == before &&
            dsr_findings_add(rq->findings, DSR_F_XML_MALFORMED, NULL, rq->path,
                             0, rq->err, "%s",
                             _("the XML is damaged: compare the file with the "
                               "manifest that 'dossier init' writes")) < 0)
            goto out;
        /* a tree that is not a manifest is not gone on with */
        if (!manifest_root(doc))
            goto out;
        mc.after = true;
        mc.after_line = first_line(rq->findings, before);
    }
    st = dsr_xml_validate(doc, rq->schema_path, &schema_problems, rq->err);
    if (st == DSR_XML_FAILED)
        goto out;
    if (st == DSR_XML_INVALID &&
        dsr_mmsg_schema(&mc, &schema_problems, &refused) < 0)
        goto out;
    if (st == DSR_XML_INVALID && !manifest_root(doc))
        goto out;
    ld.recovered = syntax || st == DSR_XML_INVALID;
    ld.refused = &refused;
    if (ld.recovered && !rq->recover)
        goto out;
    m = build(&ld, rq, doc);
    if (m && ld.recovered) {
        m->recovered = true;
        m->recovered_line = first_line(rq->findings, before);
    }
out:
    if (doc)
        xmlFreeDoc(doc);
    free(copy);
    dsr_xml_problems_release(&problems);
    dsr_xml_problems_release(&schema_problems);
    dsr_mrefusals_release(&refused);
    return m;
}

static struct dsr_manifest *
load_file(const char *path, const char *schema_path,
          struct dsr_findings *findings, bool recover, struct dsr_error *err)
{
    struct dsr_manifest *m = NULL;
    char *data = NULL;
    size_t len = 0;
    int sys_errno = 0;

    switch (dsr_read_file(path, DSR_MANIFEST_MAX_BYTES, &data, &len,
                          &sys_errno)) {
    case DSR_READ_OK: {
        struct load_req rq = {data, len, path, schema_path, findings, err,
                              recover};

        m = load(&rq);
        break;
    }
    case DSR_READ_NOMEM:
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        break;
    case DSR_READ_TOO_LARGE:
        dsr_findings_add(findings, DSR_F_MANIFEST_TOO_LARGE, NULL, path, 0, err,
                         _("the manifest is larger than %zu MiB"),
                         DSR_MANIFEST_MAX_BYTES >> 20);
        break;
    case DSR_READ_IO:
        dsr_findings_add(findings, DSR_F_MANIFEST_UNREADABLE, NULL, path, 0,
                         err, _("cannot read the manifest: %s"),
                         dsr_strerror(sys_errno));
        break;
    }
    free(data);
    return m;
}

struct dsr_manifest *
dsr_manifest_load(const char *path, const char *schema_path,
                  struct dsr_findings *findings, struct dsr_error *err)
{
    return load_file(path, schema_path, findings, false, err);
}

struct dsr_manifest *
dsr_manifest_load_recover(const char *path, const char *schema_path,
                          struct dsr_findings *findings, struct dsr_error *err)
{
    return load_file(path, schema_path, findings, true, err);
}

struct dsr_manifest *
dsr_manifest_load_mem(const char *data, size_t len, const char *path,
                      const char *schema_path, struct dsr_findings *findings,
                      struct dsr_error *err)
{
    struct load_req rq = {data, len, path, schema_path, findings, err, false};

    return load(&rq);
}

struct dsr_manifest *
dsr_manifest_load_mem_recover(const char *data, size_t len, const char *path,
                              const char *schema_path,
                              struct dsr_findings *findings,
                              struct dsr_error *err)
{
    struct load_req rq = {data, len, path, schema_path, findings, err, true};

    return load(&rq);
}

void
dsr_manifest_followon(const struct dsr_manifest *m, char *buf, size_t size)
{
    if (!m || !m->recovered)
        buf[0] = '\0';
    else
        dsr_mmsg_followon(m->recovered_line, buf, size);
}

void
dsr_manifest_free(struct dsr_manifest *m)
{
    if (!m)
        return;
    free(m->source);
    for (size_t i = 0; i < m->nindicators; i++) {
        struct dsr_mindicator *ind = &m->indicators[i];

        for (size_t j = 0; j < ind->nassessments; j++) {
            free(ind->assessments[j].text);
            free(ind->assessments[j].value_text);
        }
        for (size_t j = 0; j < ind->nevidence; j++) {
            for (size_t k = 0; k < ind->evidence[j].nitems; k++)
                free(ind->evidence[j].items[k]);
            free(ind->evidence[j].items);
            free(ind->evidence[j].file);
            free(ind->evidence[j].title);
            free(ind->evidence[j].date_text);
            free(ind->evidence[j].sha256);
        }
        for (size_t j = 0; j < ind->nlinks; j++) {
            free(ind->links[j].href);
            free(ind->links[j].text);
            free(ind->links[j].account);
            free(ind->links[j].secret);
        }
        for (size_t j = 0; j < ind->nnotes; j++)
            free(ind->notes[j].text);
        for (size_t j = 0; j < ind->nverdicts; j++) {
            free(ind->verdicts[j].item);
            free(ind->verdicts[j].text);
        }
        for (size_t j = 0; j < ind->nresponses; j++) {
            free(ind->responses[j].item);
            free(ind->responses[j].text);
        }
        if (ind->external) {
            free(ind->external->index);
            free(ind->external->value_text);
            free(ind->external->source);
            free(ind->external);
        }
        free(ind->verdicts);
        free(ind->responses);
        free(ind->assessments);
        free(ind->evidence);
        free(ind->links);
        free(ind->notes);
        free(ind->id);
        free(ind->owner);
    }
    free(m->indicators);
    for (size_t i = 0; i < m->nvisits; i++) {
        free(m->visits[i].owner);
        free(m->visits[i].date_text);
        free(m->visits[i].time);
        free(m->visits[i].place);
        free(m->visits[i].person);
    }
    free(m->visits);
    for (size_t i = 0; i < m->nprevious_indicators; i++)
        free(m->previous_indicators[i].id);
    free(m->previous_indicators);
    free(m->path);
    free(m->dir);
    free(m->framework);
    free(m->year_text);
    free(m->instance_name);
    free(m->instance_kind);
    free(m->coordinator_name);
    free(m->coordinator_position);
    free(m->coordinator_unit);
    free(m->period_from_text);
    free(m->period_to_text);
    free(m->target_text);
    free(m->previous_text);
    free(m->evidence_root);
    dsr_marchive_free(m->archive);
    free(m);
}

const struct dsr_mindicator *
dsr_manifest_indicator(const struct dsr_manifest *m, const char *id)
{
    for (size_t i = 0; i < m->nindicators; i++)
        if (strcmp(m->indicators[i].id, id) == 0)
            return &m->indicators[i];
    return NULL;
}

const struct dsr_assessment *
dsr_mindicator_assessment(const struct dsr_mindicator *ind, int stage)
{
    const struct dsr_assessment *best = NULL;

    if (!ind)
        return NULL;
    for (size_t i = 0; i < ind->nassessments; i++) {
        const struct dsr_assessment *a = &ind->assessments[i];

        if (stage >= 0) {
            if ((int)a->stage == stage)
                return a;
        } else if (!best || a->stage > best->stage) {
            best = a;
        }
    }
    return best;
}

bool
dsr_mindicator_supports(const struct dsr_mindicator *ind, long level)
{
    if (!ind)
        return false;
    for (size_t j = 0; j < ind->nevidence; j++)
        if (ind->evidence[j].level == level)
            return true;
    for (size_t j = 0; j < ind->nlinks; j++)
        if (ind->links[j].level == level)
            return true;
    return false;
}

int
dsr_manifest_evidence_root(const struct dsr_manifest *m, char *out,
                           size_t size)
{
    const char *given = m->evidence_root;
    int n;

    if (!given)
        n = snprintf(out, size, "%s", m->dir);
    else if (given[0] == '/')
        n = snprintf(out, size, "%s", given);
    else
        n = snprintf(out, size, "%s/%s", m->dir, given);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}
