/*
 * catalog_items.c -- the parts of a catalog added for the 2026 evaluation:
 * an indicator's code, other names, external index and items (butir), and
 * the value arithmetic over them: level bands, the conversion of an
 * external index, and the display rounding.
 */
#include "catalog_int.h"

#include "dossier/error.h"
#include "dossier/format.h"
#include "dossier/manifest.h"
#include "internal.h"
#include "xml.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
nomem(const char *path, struct dsr_error *err)
{
    return dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
}

static int
lang_of(const xmlNode *node)
{
    char *lang = dsr_xml_attr(node, "lang");
    int l = -1;

    if (lang && strcmp(lang, "id") == 0)
        l = DSR_LANG_ID;
    else if (lang && strcmp(lang, "en") == 0)
        l = DSR_LANG_EN;
    free(lang);
    return l;
}

int
dsr_catalog_text(const xmlNode *node, struct dsr_text *t, const char *path,
                 struct dsr_error *err)
{
    int l = lang_of(node);

    if (l < 0)
        return dsr_error_set(err, DSR_CATALOG, path, dsr_xml_line(node),
                             "element '%s' needs lang=\"id\" or \"en\"",
                             (const char *)node->name);
    if (t->s[l])
        return dsr_error_set(err, DSR_CATALOG, path, dsr_xml_line(node),
                             "two '%s' elements in the same language",
                             (const char *)node->name);
    t->s[l] = dsr_xml_text(node);
    if (!t->s[l])
        return nomem(path, err);
    return 0;
}

void
dsr_catalog_text_release(struct dsr_text *t)
{
    for (int l = 0; l < DSR_LANG_COUNT; l++) {
        free(t->s[l]);
        t->s[l] = NULL;
    }
}

/*
 * "12.5" -> 125000: the schema's extValue (digits, a point, at most four
 * decimals), read by the manifest's own parser so that a band and the
 * <external value> a manifest compares with it have one limit.  -1 on
 * anything else.
 */
static int
parse_ext_value(const char *s, long *out)
{
    long v;

    if (!s || s[strspn(s, "0123456789.")] != '\0')
        return -1;
    v = dsr_value_parse(s);
    if (v < 0)
        return -1;
    *out = v;
    return 0;
}

/* xs:boolean, white space collapsed: "true", "1", "false", "0". */
static int
parse_bool(const char *s, bool *out)
{
    size_t n;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    n = strcspn(s, " \t\n\r");
    if (s[n + strspn(s + n, " \t\n\r")])
        return -1;
    if ((n == 4 && strncmp(s, "true", 4) == 0) || (n == 1 && *s == '1'))
        *out = true;
    else if ((n == 5 && strncmp(s, "false", 5) == 0) || (n == 1 && *s == '0'))
        *out = false;
    else
        return -1;
    return 0;
}

/* A level attribute, 1..5. */
static int
level_attr(const xmlNode *node, int *out)
{
    char *s = dsr_xml_attr(node, "level");
    int ok = s && s[0] >= '1' && s[0] <= '5' && s[1] == '\0';

    if (ok)
        *out = s[0] - '0';
    free(s);
    return ok ? 0 : -1;
}

static char *
fmt_ext(long v, char *buf, size_t size)
{
    return dsr_format_value(v, 4, DSR_LANG_EN, buf, size);
}

static int
read_band(struct dsr_indicator *ind, struct dsr_external *ext,
          const xmlNode *node, const char *path, struct dsr_error *err)
{
    unsigned long line = dsr_xml_line(node);
    char *min = dsr_xml_attr(node, "min");
    char *max = dsr_xml_attr(node, "max");
    long lo = 0, hi = 0;
    int level = 0;
    int rc = 0;

    if (level_attr(node, &level) < 0 || parse_ext_value(min, &lo) < 0 ||
        parse_ext_value(max, &hi) < 0)
        rc = dsr_error_set(err, DSR_CATALOG, path, line,
                           N_("a band of index '%s' of indicator '%s' needs "
                              "level 1 to 5 and min and max as numbers with "
                              "at most four decimals"),
                           ext->index, ind->id);
    else if (ext->band[level].min >= 0)
        rc = dsr_error_set(err, DSR_CATALOG, path, line,
                           N_("index '%s' of indicator '%s' gives the band of "
                              "level %d twice: keep one"),
                           ext->index, ind->id, level);
    else if (lo > hi)
        rc = dsr_error_set(err, DSR_CATALOG, path, line,
                           N_("the band of level %d of index '%s' (indicator "
                              "'%s') has min %s above max %s: swap them"),
                           level, ext->index, ind->id, min, max);
    else {
        ext->band[level].min = lo;
        ext->band[level].max = hi;
    }
    free(min);
    free(max);
    return rc;
}

/*
 * The five bands, in level order, must follow each other: band L's max is
 * band L+1's min.  With min <= max in each, that also makes them
 * non-decreasing.
 */
static int
check_bands(struct dsr_indicator *ind, struct dsr_external *ext,
            size_t nbands, const xmlNode *node, const char *path,
            struct dsr_error *err)
{
    unsigned long line = dsr_xml_line(node);
    char a[32], b[32];

    if (nbands == 0)
        return 0;
    if (nbands != DSR_LEVEL_MAX)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("index '%s' of indicator '%s' has %zu bands: "
                                "give none or one for each of the five "
                                "levels"),
                             ext->index, ind->id, nbands);
    for (int lv = DSR_LEVEL_MIN; lv < DSR_LEVEL_MAX; lv++)
        if (ext->band[lv].max != ext->band[lv + 1].min)
            return dsr_error_set(
                err, DSR_CATALOG, path, line,
                N_("the bands of index '%s' (indicator '%s') do not follow "
                   "each other: level %d ends at %s but level %d starts at "
                   "%s; make each band start where the one below ends"),
                ext->index, ind->id, lv,
                fmt_ext(ext->band[lv].max, a, sizeof(a)), lv + 1,
                fmt_ext(ext->band[lv + 1].min, b, sizeof(b)));
    ext->has_bands = true;
    return 0;
}

static int
read_external(struct dsr_indicator *ind, const xmlNode *node,
              const char *path, struct dsr_error *err)
{
    unsigned long line = dsr_xml_line(node);
    struct dsr_external *ext;
    size_t nbands = 0;
    char *s;

    if (ind->external)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("indicator '%s' has a second <external>: an "
                                "indicator is scored from one index"),
                             ind->id);
    ext = calloc(1, sizeof(*ext));
    if (!ext)
        return nomem(path, err);
    ind->external = ext;
    for (int lv = 0; lv <= DSR_LEVEL_MAX; lv++)
        ext->band[lv].min = ext->band[lv].max = -1;
    ext->index = dsr_xml_attr(node, "index");
    ext->agency = dsr_xml_attr(node, "agency");
    if (!ext->index || !ext->agency)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("<external> of indicator '%s' needs 'index' "
                                "and 'agency'"),
                             ind->id);
    s = dsr_xml_attr(node, "converts");
    if (s && parse_bool(s, &ext->converts) < 0) {
        free(s);
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("converts of index '%s' must be true or "
                                "false"),
                             ext->index);
    }
    free(s);
    for (const xmlNode *k = node->children; k; k = k->next) {
        if (dsr_xml_is(k, "name")) {
            if (dsr_catalog_text(k, &ext->name, path, err) < 0)
                return -1;
        } else if (dsr_xml_is(k, "band")) {
            if (read_band(ind, ext, k, path, err) < 0)
                return -1;
            nbands++;
        }
    }
    if (check_bands(ind, ext, nbands, node, path, err) < 0)
        return -1;
    if (ext->converts && !ext->has_bands)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("index '%s' of indicator '%s' converts but "
                                "has no bands: give its five bands, or "
                                "converts=\"false\""),
                             ext->index, ind->id);
    return 0;
}

static int
read_alt_name(struct dsr_indicator *ind, const xmlNode *node,
              const char *path, struct dsr_error *err)
{
    char *name;
    char **v;

    if (ind->nalt_names >= DSR_CATALOG_MAX_ALT_NAMES)
        return dsr_error_set(err, DSR_CATALOG, path, dsr_xml_line(node),
                             N_("indicator '%s' has more than %d other "
                                "names"),
                             ind->id, DSR_CATALOG_MAX_ALT_NAMES);
    name = dsr_xml_text(node);
    if (!name)
        return nomem(path, err);
    if (!*name) {
        free(name);
        return dsr_error_set(err, DSR_CATALOG, path, dsr_xml_line(node),
                             N_("an <alt-name> of indicator '%s' is empty: "
                                "write the name or remove the element"),
                             ind->id);
    }
    v = realloc(ind->alt_names, (ind->nalt_names + 1) * sizeof(*v));
    if (!v) {
        free(name);
        return nomem(path, err);
    }
    ind->alt_names = v;
    v[ind->nalt_names++] = name;
    return 0;
}

/*
 * "I{ind}-L{level}-{NN}": whether 'id' has indicator 'ind_id', and its
 * level and number.
 */
static bool
split_item_id(const char *id, const char *ind_id, int *level, unsigned *nn)
{
    size_t n = strlen(ind_id);

    if (id[0] != 'I' || strncmp(id + 1, ind_id, n) != 0)
        return false;
    id += 1 + n;
    if (id[0] != '-' || id[1] != 'L' || id[2] < '1' || id[2] > '5' ||
        id[3] != '-' || id[4] < '0' || id[4] > '9' || id[5] < '0' ||
        id[5] > '9' || id[6] != '\0')
        return false;
    *level = id[2] - '0';
    *nn = (unsigned)((id[4] - '0') * 10 + (id[5] - '0'));
    return true;
}

static int
read_item(struct dsr_indicator *ind, const xmlNode *node, size_t *cap,
          const char *path, struct dsr_error *err)
{
    unsigned long line = dsr_xml_line(node);
    struct dsr_item *it;
    const struct dsr_item *prev;
    int id_level = 0;
    unsigned nn = 0, expect;

    if (dsr_grow((void **)&ind->items, sizeof(*ind->items), cap,
                 ind->nitems + 1, err) < 0)
        return -1;
    it = &ind->items[ind->nitems++];
    memset(it, 0, sizeof(*it));
    it->id = dsr_xml_attr(node, "id");
    it->portal = dsr_xml_attr(node, "portal");
    if (!it->id || level_attr(node, &it->level) < 0)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("an item of indicator '%s' needs an id and a "
                                "level 1 to 5"),
                             ind->id);
    for (size_t i = 0; i + 1 < ind->nitems; i++)
        if (strcmp(ind->items[i].id, it->id) == 0)
            return dsr_error_set(err, DSR_CATALOG, path, line,
                                 N_("item id '%s' is used twice: each item "
                                    "of a level has its own number"),
                                 it->id);
    if (!split_item_id(it->id, ind->id, &id_level, &nn))
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("item id '%s' is not of indicator '%s': an "
                                "item of it is named I%s-L{level}-{NN}"),
                             it->id, ind->id, ind->id);
    if (id_level != it->level)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("item '%s' is marked level %d but its id "
                                "says level %d: correct one of them"),
                             it->id, it->level, id_level);
    prev = ind->nitems > 1 ? &ind->items[ind->nitems - 2] : NULL;
    if (prev && prev->level > it->level)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("item '%s' of level %d comes after item '%s' "
                                "of level %d: list the items by level"),
                             it->id, it->level, prev->id, prev->level);
    expect = prev && prev->level == it->level ? prev->number + 1 : 1;
    if (nn != expect)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("item '%s' should be number %02u of its "
                                "level: number the items of each level from "
                                "01, one after the other"),
                             it->id, expect);
    it->number = nn;
    for (const xmlNode *k = node->children; k; k = k->next)
        if (dsr_xml_is(k, "text") &&
            dsr_catalog_text(k, &it->text, path, err) < 0)
            return -1;
    if (!it->text.s[DSR_LANG_ID])
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("item '%s' has no Indonesian text: add "
                                "<text lang=\"id\">"),
                             it->id);
    return 0;
}

int
dsr_catalog_read_extra(struct dsr_indicator *ind, const xmlNode *node,
                       size_t *cap_items, const char *path,
                       struct dsr_error *err)
{
    if (dsr_xml_is(node, "alt-name"))
        return read_alt_name(ind, node, path, err);
    if (dsr_xml_is(node, "external"))
        return read_external(ind, node, path, err);
    if (dsr_xml_is(node, "item"))
        return read_item(ind, node, cap_items, path, err);
    return 0;
}

int
dsr_catalog_finish_indicator(struct dsr_catalog *c, struct dsr_indicator *ind,
                             const xmlNode *node, const char *path,
                             struct dsr_error *err)
{
    unsigned long line = dsr_xml_line(node);
    char *s = dsr_xml_attr(node, "source");
    char *code = dsr_xml_attr(node, "code");
    bool external = s && strcmp(s, "external") == 0;
    size_t k = 0;

    free(s);
    ind->code = code;
    ind->source = external ? DSR_SOURCE_EXTERNAL : DSR_SOURCE_EVIDENCE;
    if (external && !ind->external)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("indicator '%s' is scored from an external "
                                "index but has no <external>: name the index "
                                "and its agency"),
                             ind->id);
    if (!external && ind->external)
        return dsr_error_set(err, DSR_CATALOG, path, line,
                             N_("indicator '%s' has an <external> index but is "
                                "not marked source=\"external\": mark it, or "
                                "remove the <external>"),
                             ind->id);
    for (const struct dsr_indicator *o = c->indicators; o < ind; o++) {
        if (ind->code && o->code && strcmp(ind->code, o->code) == 0)
            return dsr_error_set(err, DSR_CATALOG, path, line,
                                 N_("indicators '%s' and '%s' both have code "
                                    "'%s': each code names one indicator"),
                                 o->id, ind->id, ind->code);
        if (ind->external && o->external &&
            strcmp(ind->external->index, o->external->index) == 0)
            return dsr_error_set(err, DSR_CATALOG, path, line,
                                 N_("indicators '%s' and '%s' both name the "
                                    "index '%s': give each external index its "
                                    "own name"),
                                 o->id, ind->id, ind->external->index);
    }
    /* items are in level order (read_item), so one pass fills the starts */
    for (int lv = 0; lv <= DSR_LEVEL_MAX + 1; lv++) {
        while (k < ind->nitems && ind->items[k].level < lv)
            k++;
        ind->level_first[lv] = k;
    }
    if (ind->nitems)
        c->has_items = true;
    return 0;
}

void
dsr_catalog_release_extra(struct dsr_indicator *ind)
{
    free(ind->code);
    for (size_t i = 0; i < ind->nalt_names; i++)
        free(ind->alt_names[i]);
    free(ind->alt_names);
    if (ind->external) {
        free(ind->external->index);
        free(ind->external->agency);
        dsr_catalog_text_release(&ind->external->name);
        free(ind->external);
    }
    for (size_t i = 0; i < ind->nitems; i++) {
        free(ind->items[i].id);
        free(ind->items[i].portal);
        dsr_catalog_text_release(&ind->items[i].text);
    }
    free(ind->items);
}

/* ---- lookups ---------------------------------------------------------- */

const struct dsr_item *
dsr_indicator_item(const struct dsr_indicator *ind, const char *id)
{
    int level;
    unsigned nn;
    size_t k;

    /* the id says where the item is: its level's start plus NN - 1 */
    if (!ind || !id || !split_item_id(id, ind->id, &level, &nn) || nn == 0)
        return NULL;
    k = ind->level_first[level] + nn - 1;
    if (k >= ind->level_first[level + 1])
        return NULL;
    return strcmp(ind->items[k].id, id) == 0 ? &ind->items[k] : NULL;
}

/*
 * The indicator id is the part of 'id' between the 'I' and the last
 * "-L": a catalog has a few dozen indicators, so the linear search of
 * dsr_catalog_indicator() and the direct index of dsr_indicator_item()
 * find any item without a sorted index.
 */
const struct dsr_item *
dsr_catalog_item(const struct dsr_catalog *c, const char *id,
                 const struct dsr_indicator **ind)
{
    const struct dsr_indicator *found = NULL;
    const struct dsr_item *it = NULL;
    const char *dash;
    char ind_id[64];
    size_t n;

    if (ind)
        *ind = NULL;
    if (!c || !id || id[0] != 'I')
        return NULL;
    dash = strrchr(id, '-');
    if (!dash || dash - id < 4 || dash[-3] != '-' || dash[-2] != 'L')
        return NULL;
    n = (size_t)(dash - 3 - (id + 1));
    if (n == 0 || n >= sizeof(ind_id))
        return NULL;
    memcpy(ind_id, id + 1, n);
    ind_id[n] = '\0';
    found = dsr_catalog_indicator(c, ind_id);
    if (found)
        it = dsr_indicator_item(found, id);
    if (it && ind)
        *ind = found;
    return it;
}

/* ---- values ----------------------------------------------------------- */

void
dsr_catalog_level_band(const struct dsr_catalog *c, int level, long *lo,
                       long *hi)
{
    if (level < DSR_LEVEL_MIN)
        level = DSR_LEVEL_MIN;
    if (level > DSR_LEVEL_MAX)
        level = DSR_LEVEL_MAX;
    if (!c || c->nbands != DSR_LEVEL_MAX) {
        *lo = *hi = level * DSR_VALUE_ONE;
        return;
    }
    /* band mins are hundredths; values are ten-thousandths */
    *lo = (long)c->bands[level - 1].min * 100;
    *hi = level < DSR_LEVEL_MAX ? (long)c->bands[level].min * 100
                                : DSR_LEVEL_MAX * DSR_VALUE_ONE;
}

int
dsr_catalog_value_level(const struct dsr_catalog *c, long value)
{
    long lo, hi;

    if (!c || c->nbands != DSR_LEVEL_MAX) {
        long lv = value / DSR_VALUE_ONE;

        return lv < DSR_LEVEL_MIN   ? DSR_LEVEL_MIN
               : lv > DSR_LEVEL_MAX ? DSR_LEVEL_MAX
                                    : (int)lv;
    }
    /* the lowest level whose band holds it: 1.50 is level 1's top */
    for (int lv = DSR_LEVEL_MIN; lv < DSR_LEVEL_MAX; lv++) {
        dsr_catalog_level_band(c, lv, &lo, &hi);
        if (value <= hi)
            return lv;
    }
    return DSR_LEVEL_MAX;
}

long
dsr_external_convert(const struct dsr_catalog *c,
                     const struct dsr_external *ext, long index)
{
    const struct dsr_ext_band *b;
    long lo, hi;
    int lv;
    unsigned long long num, den;

    if (!ext || !ext->converts || !ext->has_bands)
        return -1;
    if (index < ext->band[DSR_LEVEL_MIN].min) {
        dsr_catalog_level_band(c, DSR_LEVEL_MIN, &lo, &hi);
        return lo;
    }
    if (index > ext->band[DSR_LEVEL_MAX].max) {
        dsr_catalog_level_band(c, DSR_LEVEL_MAX, &lo, &hi);
        return hi;
    }
    /* every band holds its min: a boundary value belongs to the band above */
    for (lv = DSR_LEVEL_MAX; lv > DSR_LEVEL_MIN; lv--)
        if (index >= ext->band[lv].min)
            break;
    b = &ext->band[lv];
    dsr_catalog_level_band(c, lv, &lo, &hi);
    if (b->max == b->min)
        return lo;
    /*
     * lo + (index - min) * (hi - lo) / (max - min), half-up; index - min is
     * below 10^10 (six digits and four decimals) and hi - lo at most
     * 40000, so the product stays below 2^63.
     */
    num = (unsigned long long)(index - b->min) * (unsigned long long)(hi - lo);
    den = (unsigned long long)(b->max - b->min);
    return lo + (long)((2 * num + den) / (2 * den));
}

/*
 * floor(r * 10 / den) with r < den, and the new remainder in '*r', for any
 * den: ten additions of r modulo den, none of which overflows.
 */
static unsigned
next_digit(unsigned long long *r, unsigned long long den)
{
    unsigned long long acc = 0;
    unsigned digit = 0;

    for (int i = 0; i < 10; i++) {
        if (acc >= den - *r) {
            acc -= den - *r;
            digit++;
        } else {
            acc += *r;
        }
    }
    *r = acc;
    return digit;
}

long
dsr_catalog_round(const struct dsr_catalog *c, unsigned long long num,
                  unsigned long long den)
{
    unsigned long long q, r, v;

    if (den == 0)
        return 0;
    q = num / den;
    r = num % den;
    if (q > (unsigned long long)(LONG_MAX / 100 - 1))
        return LONG_MAX;
    v = q * 100;
    v += next_digit(&r, den) * 10;
    v += next_digit(&r, den);
    /* half-up: up when the rest is at least half, r / den >= 1/2 */
    if ((!c || c->rounding == DSR_ROUND_HALF_UP) && r >= den - r)
        v++;
    return (long)v;
}
