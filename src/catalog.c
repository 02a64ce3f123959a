/*
 * catalog.c -- load and check framework catalogs.
 */
#include "dossier/catalog.h"

#include "catalog_int.h"
#include "dossier/error.h"
#include "internal.h"
#include "xml.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CATALOG_MAX_BYTES ((size_t)8 << 20)

struct loader {
    struct dsr_catalog *c;
    const char *path;
    struct dsr_error *err;
    size_t cap_scales, cap_domains, cap_aspects, cap_indicators, cap_bands;
    size_t cap_items;           /* of the indicator being read */
};

static int load_text(struct loader *ld, const xmlNode *node,
                     struct dsr_text *t);
static int load_scale(struct loader *ld, const xmlNode *node);
static int load_aspect(struct loader *ld, const xmlNode *node, size_t domain);
static int load_domain(struct loader *ld, const xmlNode *node);
static int load_band(struct loader *ld, const xmlNode *node);
static int load_mapping(struct loader *ld, const xmlNode *node);
static int load_root(struct loader *ld, const xmlNode *root);
static int check_catalog(struct loader *ld);
static void text_release(struct dsr_text *t);

const char *
dsr_text_get(const struct dsr_text *t, enum dsr_lang lang)
{
    if (t->s[lang])
        return t->s[lang];
    if (t->s[DSR_LANG_ID])
        return t->s[DSR_LANG_ID];
    return "";
}

static int
fail(struct loader *ld, const xmlNode *node, const char *fmt, const char *arg)
{
    return dsr_error_set(ld->err, DSR_CATALOG, ld->path,
                         node ? dsr_xml_line(node) : 0, fmt, arg ? arg : "");
}

static int
nomem(struct loader *ld)
{
    return dsr_error_set(ld->err, DSR_NOMEM, ld->path, 0, "out of memory");
}

/* Store the text of 'node' in t->s[its lang]; a second one is an error. */
static int
load_text(struct loader *ld, const xmlNode *node, struct dsr_text *t)
{
    return dsr_catalog_text(node, t, ld->path, ld->err);
}

/* An XML Schema integer: surrounding white space and a '+' are allowed. */
static int
parse_uint(const char *s, unsigned long max, unsigned *out)
{
    char *end;
    unsigned long v;

    if (!s)
        return -1;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (*s == '+')
        s++;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    v = strtoul(s, &end, 10);
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
        end++;
    if (errno || *end || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static int
weight_of(struct loader *ld, const xmlNode *node, unsigned *w)
{
    char *s = dsr_xml_attr(node, "weight");
    int rc = parse_uint(s, DSR_WEIGHT_TOTAL, w);

    free(s);
    if (rc < 0 || *w == 0)
        return fail(ld, node, "bad weight on '%s'", (const char *)node->name);
    return 0;
}

static int
load_scale(struct loader *ld, const xmlNode *node)
{
    struct dsr_catalog *c = ld->c;
    struct dsr_scale *sc;
    const xmlNode *n;

    if (dsr_grow((void **)&c->scales, sizeof(*c->scales), &ld->cap_scales,
                 c->nscales + 1, ld->err) < 0)
        return -1;
    sc = &c->scales[c->nscales++];
    memset(sc, 0, sizeof(*sc));
    sc->id = dsr_xml_attr(node, "id");
    if (!sc->id)
        return fail(ld, node, "scale without id%s", NULL);
    for (n = node->children; n; n = n->next) {
        if (dsr_xml_is(n, "name")) {
            if (load_text(ld, n, &sc->name) < 0)
                return -1;
        } else if (dsr_xml_is(n, "level")) {
            char *v = dsr_xml_attr(n, "value");
            unsigned lv = 0;
            const xmlNode *k;
            int rc = parse_uint(v, DSR_LEVEL_MAX, &lv);

            free(v);
            if (rc < 0 || lv < DSR_LEVEL_MIN)
                return fail(ld, n, "bad level value in scale '%s'", sc->id);
            if (sc->level_name[lv].s[DSR_LANG_ID])
                return fail(ld, n, "level given twice in scale '%s'", sc->id);
            for (k = n->children; k; k = k->next) {
                if (dsr_xml_is(k, "name") &&
                    load_text(ld, k, &sc->level_name[lv]) < 0)
                    return -1;
                if (dsr_xml_is(k, "description") &&
                    load_text(ld, k, &sc->level_desc[lv]) < 0)
                    return -1;
            }
        }
    }
    for (unsigned lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++)
        if (!sc->level_name[lv].s[DSR_LANG_ID])
            return fail(ld, node, "scale '%s' lacks a level", sc->id);
    return 0;
}

static const struct dsr_scale *
find_scale(const struct dsr_catalog *c, const char *id)
{
    for (size_t i = 0; i < c->nscales; i++)
        if (strcmp(c->scales[i].id, id) == 0)
            return &c->scales[i];
    return NULL;
}

static int
load_indicator(struct loader *ld, const xmlNode *node, size_t aspect)
{
    struct dsr_catalog *c = ld->c;
    struct dsr_indicator *ind;
    const xmlNode *n;
    char *scale;

    if (dsr_grow((void **)&c->indicators, sizeof(*c->indicators),
                 &ld->cap_indicators, c->nindicators + 1, ld->err) < 0)
        return -1;
    ind = &c->indicators[c->nindicators++];
    memset(ind, 0, sizeof(*ind));
    ld->cap_items = 0;
    ind->number = (unsigned)c->nindicators;
    ind->aspect = aspect;
    ind->id = dsr_xml_attr(node, "id");
    if (!ind->id)
        return fail(ld, node, "indicator without id%s", NULL);
    if (weight_of(ld, node, &ind->weight) < 0)
        return -1;
    scale = dsr_xml_attr(node, "scale");
    ind->scale = scale ? find_scale(c, scale) : NULL;
    free(scale);
    if (!ind->scale)
        return fail(ld, node, "indicator '%s' names an unknown scale", ind->id);
    for (n = node->children; n; n = n->next) {
        if (dsr_xml_is(n, "name")) {
            if (load_text(ld, n, &ind->name) < 0)
                return -1;
        } else if (dsr_xml_is(n, "evidence-hint")) {
            if (load_text(ld, n, &ind->hint) < 0)
                return -1;
        } else if (dsr_xml_is(n, "criterion")) {
            char *v = dsr_xml_attr(n, "level");
            unsigned lv = 0;
            int rc = parse_uint(v, DSR_LEVEL_MAX, &lv);

            free(v);
            if (rc < 0 || lv < DSR_LEVEL_MIN)
                return fail(ld, n, "bad criterion level in indicator '%s'",
                            ind->id);
            if (load_text(ld, n, &ind->criterion[lv]) < 0)
                return -1;
        } else if (dsr_catalog_read_extra(ind, n, &ld->cap_items, ld->path,
                                          ld->err) < 0) {
            return -1;
        }
    }
    for (unsigned lv = DSR_LEVEL_MIN; lv <= DSR_LEVEL_MAX; lv++)
        if (!ind->criterion[lv].s[DSR_LANG_ID])
            return fail(ld, node,
                        "indicator '%s' lacks an Indonesian criterion for a "
                        "level",
                        ind->id);
    return dsr_catalog_finish_indicator(c, ind, node, ld->path, ld->err);
}

static int
load_aspect(struct loader *ld, const xmlNode *node, size_t domain)
{
    struct dsr_catalog *c = ld->c;
    struct dsr_aspect *a;
    size_t idx;
    const xmlNode *n;
    unsigned sum = 0;

    if (dsr_grow((void **)&c->aspects, sizeof(*c->aspects), &ld->cap_aspects,
                 c->naspects + 1, ld->err) < 0)
        return -1;
    idx = c->naspects++;
    a = &c->aspects[idx];
    memset(a, 0, sizeof(*a));
    a->domain = domain;
    a->first = c->nindicators;
    a->id = dsr_xml_attr(node, "id");
    if (!a->id)
        return fail(ld, node, "aspect without id%s", NULL);
    if (weight_of(ld, node, &a->weight) < 0)
        return -1;
    for (n = node->children; n; n = n->next) {
        if (dsr_xml_is(n, "name")) {
            if (load_text(ld, n, &c->aspects[idx].name) < 0)
                return -1;
        } else if (dsr_xml_is(n, "indicator")) {
            if (load_indicator(ld, n, idx) < 0)
                return -1;
            sum += c->indicators[c->nindicators - 1].weight;
        }
    }
    a = &c->aspects[idx];
    a->count = c->nindicators - a->first;
    if (a->count == 0)
        return fail(ld, node, "aspect '%s' has no indicator", a->id);
    if (sum != a->weight) {
        char msg[160];

        snprintf(msg, sizeof(msg),
                 "aspect '%s' weighs %u but its indicators add up to %u",
                 a->id, a->weight, sum);
        return fail(ld, node, "%s", msg);
    }
    return 0;
}

static int
load_domain(struct loader *ld, const xmlNode *node)
{
    struct dsr_catalog *c = ld->c;
    struct dsr_domain *d;
    size_t idx;
    const xmlNode *n;
    unsigned sum = 0;

    if (dsr_grow((void **)&c->domains, sizeof(*c->domains), &ld->cap_domains,
                 c->ndomains + 1, ld->err) < 0)
        return -1;
    idx = c->ndomains++;
    d = &c->domains[idx];
    memset(d, 0, sizeof(*d));
    d->first = c->naspects;
    d->id = dsr_xml_attr(node, "id");
    if (!d->id)
        return fail(ld, node, "domain without id%s", NULL);
    if (weight_of(ld, node, &d->weight) < 0)
        return -1;
    for (n = node->children; n; n = n->next) {
        if (dsr_xml_is(n, "name")) {
            if (load_text(ld, n, &c->domains[idx].name) < 0)
                return -1;
        } else if (dsr_xml_is(n, "aspect")) {
            if (load_aspect(ld, n, idx) < 0)
                return -1;
            sum += c->aspects[c->naspects - 1].weight;
        }
    }
    d = &c->domains[idx];
    d->count = c->naspects - d->first;
    if (sum != d->weight) {
        char msg[160];

        snprintf(msg, sizeof(msg),
                 "domain '%s' weighs %u but its aspects add up to %u", d->id,
                 d->weight, sum);
        return fail(ld, node, "%s", msg);
    }
    return 0;
}

/* "4.20" -> 420; the schema guarantees the shape d.dd */
static int
parse_index(const char *s, unsigned *out)
{
    if (!s || strlen(s) != 4 || s[1] != '.' || s[0] < '0' || s[0] > '9' ||
        s[2] < '0' || s[2] > '9' || s[3] < '0' || s[3] > '9')
        return -1;
    *out = (unsigned)((s[0] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
    return 0;
}

static int
load_band(struct loader *ld, const xmlNode *node)
{
    struct dsr_catalog *c = ld->c;
    struct dsr_band *b;
    const xmlNode *n;
    char *min;
    int rc;

    if (dsr_grow((void **)&c->bands, sizeof(*c->bands), &ld->cap_bands,
                 c->nbands + 1, ld->err) < 0)
        return -1;
    b = &c->bands[c->nbands++];
    memset(b, 0, sizeof(*b));
    min = dsr_xml_attr(node, "min");
    rc = parse_index(min, &b->min);
    free(min);
    if (rc < 0)
        return fail(ld, node, "bad band minimum%s", NULL);
    for (n = node->children; n; n = n->next)
        if (dsr_xml_is(n, "name") && load_text(ld, n, &b->name) < 0)
            return -1;
    return 0;
}

/* One <map> read, with its line for the messages about it. */
struct map_entry {
    char *from;
    size_t to;
    unsigned long line;
};

static int
cmp_map_entry(const void *a, const void *b)
{
    const struct map_entry *x = a;
    const struct map_entry *y = b;
    int c = strcmp(x->from, y->from);

    if (c)
        return c;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* An indicator's id and position, for finding it by id. */
struct id_pos {
    const char *id;
    size_t pos;
};

static int
cmp_id_pos(const void *a, const void *b)
{
    return strcmp(((const struct id_pos *)a)->id, ((const struct id_pos *)b)->id);
}

/*
 * The indicators sorted by id, so that each <map to=...> is found in log
 * time whatever the catalog's size.  NULL when out of memory.
 */
static struct id_pos *
indicator_order(const struct dsr_catalog *c)
{
    struct id_pos *order = calloc(c->nindicators ? c->nindicators : 1,
                                  sizeof(*order));

    if (!order)
        return NULL;
    for (size_t i = 0; i < c->nindicators; i++) {
        order[i].id = c->indicators[i].id;
        order[i].pos = i;
    }
    qsort(order, c->nindicators, sizeof(*order), cmp_id_pos);
    return order;
}

/* The position of indicator 'id' through 'order', or (size_t)-1. */
static size_t
find_by_order(const struct dsr_catalog *c, const struct id_pos *order,
              const char *id)
{
    struct id_pos key = {.id = id};
    const struct id_pos *hit =
        bsearch(&key, order, c->nindicators, sizeof(*order), cmp_id_pos);

    return hit ? hit->pos : (size_t)-1;
}

/*
 * <mapping from="ID">: the note, then one <map from=... to=...> per
 * earlier indicator.  The schema puts it after the predikat, so every
 * indicator is known.  A 'to' that is no indicator here, or a 'from'
 * given twice, is refused at its line.
 */
static int
load_mapping(struct loader *ld, const xmlNode *node)
{
    struct dsr_catalog *c = ld->c;
    struct map_entry *v = NULL;
    size_t n = 0, cap = 0;
    struct id_pos *order = NULL;
    const xmlNode *k;
    int rc = -1;

    if (c->maps_from)
        return fail(ld, node, N_("a second <mapping>: a catalog maps from one "
                                 "framework only%s"), NULL);
    c->maps_from = dsr_xml_attr(node, "from");
    if (!c->maps_from)
        return fail(ld, node, N_("<mapping> without 'from': name the earlier "
                                 "framework%s"), NULL);
    order = indicator_order(c);
    if (!order)
        return nomem(ld);
    for (k = node->children; k; k = k->next) {
        char *to;
        size_t idx;

        if (dsr_xml_is(k, "note")) {
            if (load_text(ld, k, &c->map_note) < 0)
                goto out;
            continue;
        }
        if (!dsr_xml_is(k, "map"))
            continue;
        if (dsr_grow((void **)&v, sizeof(*v), &cap, n + 1, ld->err) < 0)
            goto out;
        memset(&v[n], 0, sizeof(v[n]));
        v[n].line = dsr_xml_line(k);
        v[n].from = dsr_xml_attr(k, "from");
        to = dsr_xml_attr(k, "to");
        if (!v[n].from || !to) {
            free(to);
            n++;
            fail(ld, k, N_("<map> needs 'from' and 'to'%s"), NULL);
            goto out;
        }
        n++;
        idx = find_by_order(c, order, to);
        if (idx == (size_t)-1) {
            dsr_error_set(ld->err, DSR_CATALOG, ld->path, dsr_xml_line(k),
                          _("the mapping sends '%s' to '%s', which is not an "
                            "indicator of this catalog: correct 'to'"),
                          v[n - 1].from, to);
            free(to);
            goto out;
        }
        free(to);
        v[n - 1].to = idx;
    }
    if (n)
        qsort(v, n, sizeof(*v), cmp_map_entry);
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i - 1].from, v[i].from) == 0) {
            dsr_error_set(ld->err, DSR_CATALOG, ld->path, v[i].line,
                          _("the mapping gives indicator '%s' of %s twice "
                            "(first at line %lu): keep one <map> for it"),
                          v[i].from, c->maps_from, v[i - 1].line);
            goto out;
        }
    c->map = calloc(n ? n : 1, sizeof(*c->map));
    if (!c->map) {
        nomem(ld);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        c->map[i].from = v[i].from;
        c->map[i].to = v[i].to;
        v[i].from = NULL;
    }
    c->nmap = n;
    rc = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(v[i].from);
    free(v);
    free(order);
    return rc;
}

static int
load_root(struct loader *ld, const xmlNode *root)
{
    struct dsr_catalog *c = ld->c;
    const xmlNode *n;
    char *s;

    c->id = dsr_xml_attr(root, "id");
    c->short_name = dsr_xml_attr(root, "short");
    if (!c->short_name)
        c->short_name = c->id ? strdup(c->id) : NULL;
    if (c->id && !c->short_name)
        return dsr_error_set(ld->err, DSR_NOMEM, NULL, 0, "out of memory");
    s = dsr_xml_attr(root, "status");
    c->provisional = s && strcmp(s, "provisional") == 0;
    free(s);
    s = dsr_xml_attr(root, "criteria");
    c->criteria_quoted = s && strcmp(s, "quoted") == 0;
    free(s);
    s = dsr_xml_attr(root, "rounding");
    c->rounding = s && strcmp(s, "down") == 0 ? DSR_ROUND_DOWN
                                               : DSR_ROUND_HALF_UP;
    free(s);
    s = dsr_xml_attr(root, "year-from");
    if (s && parse_uint(s, 9999, &c->year_from) < 0) {
        free(s);
        return fail(ld, root, "bad year-from%s", NULL);
    }
    free(s);
    s = dsr_xml_attr(root, "year-to");
    if (s && parse_uint(s, 9999, &c->year_to) < 0) {
        free(s);
        return fail(ld, root, N_("bad year-to%s"), NULL);
    }
    free(s);
    if (c->year_from && c->year_to && c->year_to < c->year_from)
        return dsr_error_set(ld->err, DSR_CATALOG, ld->path, dsr_xml_line(root),
                             _("year-to %u is before year-from %u: the "
                               "catalog would cover no year; correct its "
                               "years"),
                             c->year_to, c->year_from);
    for (n = root->children; n; n = n->next) {
        int rc = 0;

        if (dsr_xml_is(n, "title")) {
            rc = load_text(ld, n, &c->title);
        } else if (dsr_xml_is(n, "basis")) {
            c->basis = dsr_xml_text(n);
            rc = c->basis ? 0 : nomem(ld);
        } else if (dsr_xml_is(n, "note")) {
            rc = load_text(ld, n, &c->note);
        } else if (dsr_xml_is(n, "items")) {
            s = dsr_xml_attr(n, "status");
            c->items_provisional = s && strcmp(s, "provisional") == 0;
            free(s);
            for (const xmlNode *k = n->children; k && rc == 0; k = k->next)
                if (dsr_xml_is(k, "note"))
                    rc = load_text(ld, k, &c->items_note);
        } else if (dsr_xml_is(n, "scales")) {
            for (const xmlNode *k = n->children; k && rc == 0; k = k->next)
                if (dsr_xml_is(k, "scale"))
                    rc = load_scale(ld, k);
        } else if (dsr_xml_is(n, "domain")) {
            rc = load_domain(ld, n);
        } else if (dsr_xml_is(n, "aspect")) {
            rc = load_aspect(ld, n, 0);
        } else if (dsr_xml_is(n, "predikat")) {
            for (const xmlNode *k = n->children; k && rc == 0; k = k->next)
                if (dsr_xml_is(k, "band"))
                    rc = load_band(ld, k);
        } else if (dsr_xml_is(n, "mapping")) {
            rc = load_mapping(ld, n);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int
check_unique(struct loader *ld, const char *what, const char *const *ids,
             size_t n, size_t stride)
{
    for (size_t i = 0; i < n; i++) {
        const char *a = *(const char *const *)((const char *)ids + i * stride);

        for (size_t j = i + 1; j < n; j++) {
            const char *b =
                *(const char *const *)((const char *)ids + j * stride);

            if (strcmp(a, b) == 0) {
                char msg[128];

                snprintf(msg, sizeof(msg), "%s id '%s' is used twice", what, a);
                return fail(ld, NULL, "%s", msg);
            }
        }
    }
    return 0;
}

static int
check_catalog(struct loader *ld)
{
    const struct dsr_catalog *c = ld->c;
    unsigned total = 0;

    if (c->nindicators == 0 || c->naspects == 0 || c->nscales == 0)
        return fail(ld, NULL, "catalog has no indicators%s", NULL);
    if (check_unique(ld, "indicator", (const char *const *)&c->indicators->id,
                     c->nindicators, sizeof(*c->indicators)) < 0 ||
        check_unique(ld, "aspect", (const char *const *)&c->aspects->id,
                     c->naspects, sizeof(*c->aspects)) < 0 ||
        (c->ndomains &&
         check_unique(ld, "domain", (const char *const *)&c->domains->id,
                      c->ndomains, sizeof(*c->domains)) < 0))
        return -1;
    if (c->ndomains) {
        for (size_t i = 0; i < c->ndomains; i++)
            total += c->domains[i].weight;
    } else {
        for (size_t i = 0; i < c->naspects; i++)
            total += c->aspects[i].weight;
    }
    if (total != DSR_WEIGHT_TOTAL) {
        char msg[128];

        snprintf(msg, sizeof(msg),
                 "weights add up to %u.%02u %%, not 100.00 %%", total / 100,
                 total % 100);
        return fail(ld, NULL, "%s", msg);
    }
    if (c->nbands == 0 || c->bands[0].min != 100)
        return fail(ld, NULL,
                    "the lowest predikat band must start at 1.00%s", NULL);
    for (size_t i = 1; i < c->nbands; i++)
        if (c->bands[i].min <= c->bands[i - 1].min)
            return fail(ld, NULL,
                        "predikat bands must be in ascending order%s", NULL);
    if (c->bands[c->nbands - 1].min > 500)
        return fail(ld, NULL, "a predikat band starts above 5.00%s", NULL);
    for (size_t i = 0; i < c->nbands; i++)
        if (!c->bands[i].name.s[DSR_LANG_ID])
            return fail(ld, NULL, "a predikat band has no name%s", NULL);
    return 0;
}

struct dsr_catalog *
dsr_catalog_load(const char *path, const char *schema_path,
                 struct dsr_error *err)
{
    char *data = NULL;
    size_t len = 0;
    int sys_errno = 0;
    struct dsr_catalog *c = NULL;

    switch (dsr_read_file(path, CATALOG_MAX_BYTES, &data, &len, &sys_errno)) {
    case DSR_READ_OK:
        c = dsr_catalog_load_mem(data, len, path, schema_path, err);
        break;
    case DSR_READ_NOMEM:
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        break;
    case DSR_READ_TOO_LARGE:
        dsr_error_set(err, DSR_CATALOG, path, 0, "catalog too large");
        break;
    case DSR_READ_IO:
        dsr_error_sys(err, sys_errno, path, "cannot read catalog");
        break;
    }
    free(data);
    return c;
}

struct dsr_catalog *
dsr_catalog_load_mem(const char *data, size_t len, const char *path,
                     const char *schema_path, struct dsr_error *err)
{
    struct loader ld = {.path = path, .err = err};
    struct dsr_xml_problems problems = {0};
    xmlDocPtr doc = NULL;
    struct dsr_catalog *c = NULL;
    enum dsr_xml_status st;

    if (len > CATALOG_MAX_BYTES) {
        dsr_error_set(err, DSR_CATALOG, path, 0, "catalog too large");
        return NULL;
    }
    st = dsr_xml_parse(data, len, path, &doc, &problems, err);
    if (st == DSR_XML_OK)
        st = dsr_xml_validate(doc, schema_path, &problems, err);
    if (st != DSR_XML_OK) {
        if (st != DSR_XML_FAILED)
            dsr_error_set(err, DSR_CATALOG, path,
                          problems.n ? problems.items[0].line : 0, "%s",
                          problems.n ? problems.items[0].msg : "invalid");
        goto out;
    }
    c = calloc(1, sizeof(*c));
    if (!c) {
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        goto out;
    }
    ld.c = c;
    c->path = dsr_strdup(path, err);
    if (!c->path || load_root(&ld, xmlDocGetRootElement(doc)) < 0 ||
        check_catalog(&ld) < 0) {
        dsr_catalog_free(c);
        c = NULL;
    }
out:
    if (doc)
        xmlFreeDoc(doc);
    dsr_xml_problems_release(&problems);
    return c;
}

/* A catalog id is a plain file name: no path separators, no dot files. */
static bool
plain_id(const char *id)
{
    if (!id || !*id || id[0] == '.' || strlen(id) > 64)
        return false;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
              (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
            return false;
    return true;
}

struct dsr_catalog *
dsr_catalog_load_id(const char *dir, const char *id, const char *schema_path,
                    struct dsr_error *err)
{
    char path[PATH_MAX];
    struct dsr_catalog *c;
    int n;

    if (!plain_id(id)) {
        dsr_error_set(err, DSR_INPUT, NULL, 0, "unknown framework '%s'", id);
        return NULL;
    }
    n = snprintf(path, sizeof(path), "%s/%s.xml", dir, id);
    if (n < 0 || (size_t)n >= sizeof(path)) {
        dsr_error_set(err, DSR_INPUT, NULL, 0, "path too long");
        return NULL;
    }
    if (access(path, F_OK) < 0 && errno == ENOENT) {
        dsr_error_set(err, DSR_INPUT, NULL, 0, "unknown framework '%s'", id);
        return NULL;
    }
    c = dsr_catalog_load(path, schema_path, err);
    if (c && strcmp(c->id, id) != 0) {
        dsr_error_set(err, DSR_CATALOG, path, 0,
                      "catalog file for '%s' declares id '%s'", id, c->id);
        dsr_catalog_free(c);
        return NULL;
    }
    return c;
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int
dsr_catalog_list(const char *dir, char ***ids, size_t *n,
                 struct dsr_error *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t cap = 0;
    size_t count = 0;

    *ids = NULL;
    *n = 0;
    if (!d)
        return dsr_error_sys(err, errno, dir, "cannot list catalogs");
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        char *id;

        if (len <= 4 || strcmp(e->d_name + len - 4, ".xml") != 0 ||
            e->d_name[0] == '.')
            continue;
        if (dsr_grow((void **)&v, sizeof(*v), &cap, count + 1, err) < 0)
            goto fail;
        id = strndup(e->d_name, len - 4);
        if (!id) {
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto fail;
        }
        v[count++] = id;
    }
    closedir(d);
    if (count)
        qsort(v, count, sizeof(*v), cmp_str);
    *ids = v;
    *n = count;
    return 0;
fail:
    closedir(d);
    dsr_catalog_ids_free(v, count);
    return -1;
}

void
dsr_catalog_ids_free(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

static void
text_release(struct dsr_text *t)
{
    dsr_catalog_text_release(t);
}

void
dsr_catalog_free(struct dsr_catalog *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nscales; i++) {
        free(c->scales[i].id);
        text_release(&c->scales[i].name);
        for (int lv = 0; lv <= DSR_LEVEL_MAX; lv++) {
            text_release(&c->scales[i].level_name[lv]);
            text_release(&c->scales[i].level_desc[lv]);
        }
    }
    for (size_t i = 0; i < c->ndomains; i++) {
        free(c->domains[i].id);
        text_release(&c->domains[i].name);
    }
    for (size_t i = 0; i < c->naspects; i++) {
        free(c->aspects[i].id);
        text_release(&c->aspects[i].name);
    }
    for (size_t i = 0; i < c->nindicators; i++) {
        struct dsr_indicator *ind = &c->indicators[i];

        free(ind->id);
        text_release(&ind->name);
        text_release(&ind->hint);
        for (int lv = 0; lv <= DSR_LEVEL_MAX; lv++)
            text_release(&ind->criterion[lv]);
        dsr_catalog_release_extra(ind);
    }
    for (size_t i = 0; i < c->nbands; i++)
        text_release(&c->bands[i].name);
    free(c->scales);
    free(c->domains);
    free(c->aspects);
    free(c->indicators);
    free(c->bands);
    for (size_t i = 0; i < c->nmap; i++)
        free(c->map[i].from);
    free(c->map);
    free(c->maps_from);
    text_release(&c->map_note);
    free(c->id);
    free(c->short_name);
    free(c->path);
    free(c->basis);
    text_release(&c->title);
    text_release(&c->note);
    text_release(&c->items_note);
    free(c);
}

const struct dsr_indicator *
dsr_catalog_indicator(const struct dsr_catalog *c, const char *id)
{
    for (size_t i = 0; i < c->nindicators; i++)
        if (strcmp(c->indicators[i].id, id) == 0)
            return &c->indicators[i];
    return NULL;
}

/*
 * num/den >= min/100, exactly and without overflow for any 64-bit num and
 * den: compare the whole parts, then the remainder r/den with the
 * hundredths t/100 as r >= ceil(t * den / 100), which for den = 100a + b
 * is a*t + ceil(b*t / 100); every product stays below den or 10000.
 */
static bool
at_least(unsigned long long num, unsigned long long den, unsigned min)
{
    unsigned long long q = num / den;
    unsigned long long r = num % den;
    unsigned long long t = min % 100;

    if (q != min / 100)
        return q > min / 100;
    return r >= den / 100 * t + (den % 100 * t + 99) / 100;
}

const struct dsr_band *
dsr_catalog_band(const struct dsr_catalog *c, unsigned long long num,
                 unsigned long long den)
{
    const struct dsr_band *b = &c->bands[0];

    for (size_t i = 1; i < c->nbands; i++)
        if (at_least(num, den, c->bands[i].min))
            b = &c->bands[i];
    return b;
}

static int
cmp_map_from(const void *key, const void *elem)
{
    return strcmp(key, ((const struct dsr_catalog_map *)elem)->from);
}

const struct dsr_indicator *
dsr_catalog_map_indicator(const struct dsr_catalog *c, const char *framework,
                          const char *id)
{
    const struct dsr_catalog_map *m;

    if (!c || !framework || !id)
        return NULL;
    if (strcmp(framework, c->id) == 0)
        return dsr_catalog_indicator(c, id);
    if (!c->maps_from || strcmp(framework, c->maps_from) != 0 || c->nmap == 0)
        return NULL;
    m = bsearch(id, c->map, c->nmap, sizeof(*c->map), cmp_map_from);
    return m ? &c->indicators[m->to] : NULL;
}

bool
dsr_catalog_covers(const struct dsr_catalog *c, int year)
{
    if (year < 0)
        return false;
    if (c->year_from && (unsigned)year < c->year_from)
        return false;
    return !c->year_to || (unsigned)year <= c->year_to;
}

const char *
dsr_catalog_years(const struct dsr_catalog *c, char *buf, size_t size)
{
    if (c->year_from && c->year_to)
        snprintf(buf, size, "%u–%u", c->year_from, c->year_to);
    else if (c->year_from)
        snprintf(buf, size, _("from %u"), c->year_from);
    else if (c->year_to)
        snprintf(buf, size, _("up to %u"), c->year_to);
    else
        snprintf(buf, size, "%s", _("any year"));
    return buf;
}

struct dsr_catalog *
dsr_catalog_load_for_year(const char *dir, int year, const char *schema_path,
                          struct dsr_error *err)
{
    char **ids = NULL;
    size_t n = 0;
    struct dsr_catalog *best = NULL;
    char list[384] = "";
    size_t used = 0;

    if (dsr_catalog_list(dir, &ids, &n, err) < 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        struct dsr_catalog *c = dsr_catalog_load_id(dir, ids[i], schema_path, err);
        char years[64];
        int w;

        if (!c) {
            dsr_catalog_free(best);
            best = NULL;
            goto out;
        }
        w = snprintf(list + used, sizeof(list) - used, "%s%s: %s",
                     used ? "; " : "", c->id,
                     dsr_catalog_years(c, years, sizeof(years)));
        if (w > 0)
            used += (size_t)w < sizeof(list) - used ? (size_t)w
                                                     : sizeof(list) - 1 - used;
        if (dsr_catalog_covers(c, year) &&
            (!best || c->year_from > best->year_from)) {
            dsr_catalog_free(best);
            best = c;
        } else {
            dsr_catalog_free(c);
        }
    }
    if (!best)
        dsr_error_set(err, DSR_INPUT, NULL, 0,
                      _("no framework covers the year %d (%s)"), year,
                      n ? list : _("no catalog found"));
out:
    dsr_catalog_ids_free(ids, n);
    return best;
}
