/*
 * catalog.h -- framework catalogs: the indicators of an evaluation, their
 * weights, maturity scales, criteria and predikat bands, loaded from XML.
 * The format is in docs/design.md, "The catalog".
 */
#ifndef DOSSIER_CATALOG_H
#define DOSSIER_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

struct dsr_error;

/* Languages of user-facing text. */
enum dsr_lang {
    DSR_LANG_ID,    /* Indonesian, the default */
    DSR_LANG_EN,
};
#define DSR_LANG_COUNT 2

#define DSR_LEVEL_MIN 1
#define DSR_LEVEL_MAX 5

/* Weights are hundredths of a percent: 10000 is 100.00 %. */
#define DSR_WEIGHT_TOTAL 10000

/* A piece of text in each language. */
struct dsr_text {
    char *s[DSR_LANG_COUNT];
};

struct dsr_scale {
    char *id;
    struct dsr_text name;
    struct dsr_text level_name[DSR_LEVEL_MAX + 1];  /* [1..5] */
    struct dsr_text level_desc[DSR_LEVEL_MAX + 1];  /* may be NULL */
};

/*
 * Indicator values (an assessor's 1.1667, a converted external index) are
 * kept in ten-thousandths: 10000 is 1.0000, 50000 is 5.0000.
 */
#define DSR_VALUE_ONE 10000L
#define DSR_VALUE_NONE (-1L)

/*
 * One item (butir) of a level: a document the evaluation asks for.  Its
 * id is "I{indicator}-L{level}-{NN}" ("I4-L1-02"), NN counting from 01
 * within the level in the order of the framework's own list.
 */
struct dsr_item {
    char *id;
    int level;                  /* 1..5 */
    unsigned number;            /* NN, 1-based within the level */
    struct dsr_text text;       /* the English string may be NULL */
    char *portal;               /* the portal's upload code; NULL: unknown */
};

/* Where an indicator's value comes from. */
enum dsr_source {
    DSR_SOURCE_EVIDENCE,        /* the assessors judge uploaded evidence */
    DSR_SOURCE_EXTERNAL,        /* another agency's index, converted */
};

/*
 * The band of an external index that corresponds to one level: index
 * values from 'min' to 'max' (ten-thousandths of the index's own unit,
 * so SDI 12.5 is 125000).  Every band holds its min; the top band also
 * holds its max.
 */
struct dsr_ext_band {
    long min, max;
};

struct dsr_external {
    char *index;                /* the short name used in manifests: "SDI" */
    struct dsr_text name;       /* "Indeks Satu Data Indonesia" */
    char *agency;               /* "Bappenas" */
    bool has_bands;
    struct dsr_ext_band band[DSR_LEVEL_MAX + 1];    /* [1..5] */
    /*
     * The index converts to a value by mapping each band linearly onto
     * its level's value band (dsr_catalog_level_band()).  false: no
     * conversion is known, and the manifest gives the value itself.
     */
    bool converts;
};

struct dsr_indicator {
    char *id;
    unsigned number;            /* 1-based position in the catalog */
    unsigned weight;            /* hundredths of a percent */
    struct dsr_text name;
    struct dsr_text hint;       /* typical evidence; strings may be NULL */
    struct dsr_text criterion[DSR_LEVEL_MAX + 1];   /* [1..5] */
    const struct dsr_scale *scale;
    size_t aspect;              /* index into catalog->aspects */
    char *code;                 /* the assessors' code ("2.1"); NULL: none */
    char **alt_names;           /* other names in use; nalt_names strings */
    size_t nalt_names;
    enum dsr_source source;
    struct dsr_external *external;  /* with DSR_SOURCE_EXTERNAL, else NULL */
    /* its items, by level then number; none for frameworks without items */
    struct dsr_item *items;
    size_t nitems;
    /* the items of level L are [level_first[L], level_first[L + 1]) */
    size_t level_first[DSR_LEVEL_MAX + 2];
};

struct dsr_aspect {
    char *id;
    unsigned weight;
    struct dsr_text name;
    size_t domain;              /* index into catalog->domains, if any */
    size_t first, count;        /* its indicators in catalog->indicators */
};

struct dsr_domain {
    char *id;
    unsigned weight;
    struct dsr_text name;
    size_t first, count;        /* its aspects in catalog->aspects */
};

/*
 * One pair of the mapping: indicator 'from' of the earlier framework
 * (maps_from) continues as indicator 'to' of this one.
 */
struct dsr_catalog_map {
    char *from;
    size_t to;                  /* index into catalog->indicators */
};

/* Predikat band: every index >= min (in hundredths) up to the next band. */
struct dsr_band {
    unsigned min;               /* 100 .. 500 */
    struct dsr_text name;
};

/* How a value is shown with two decimals. */
enum dsr_rounding {
    DSR_ROUND_HALF_UP,          /* 1.1650 -> 1.17, as results are published */
    DSR_ROUND_DOWN,             /* 1.1699 -> 1.16 */
};

/*
 * A loaded catalog.  Plain data, read-only for callers; created only by
 * dsr_catalog_load() and freed with dsr_catalog_free().  Indicators are in
 * catalog order, which groups them by aspect; aspects are grouped by domain.
 * Bands are sorted by ascending 'min' and the first one has min 100.
 */
struct dsr_catalog {
    char *id;
    /* what people call the evaluation, in titles and labels ("SPBE",
     * "Pemdi"): the short attribute, else the id */
    char *short_name;
    char *path;                 /* the file it was loaded from */
    bool provisional;
    /*
     * criteria="quoted": the level criteria are the regulation's own
     * words; absent or "paraphrase" (the default): dossier's paraphrase,
     * which the verification sheet says beside them.
     */
    bool criteria_quoted;
    unsigned year_from;         /* 0 when not given */
    unsigned year_to;           /* last year covered; 0: open-ended */
    struct dsr_text title;
    char *basis;
    struct dsr_text note;       /* strings may be NULL */
    struct dsr_scale *scales;
    size_t nscales;
    struct dsr_domain *domains; /* NULL, ndomains 0: no domain layer */
    size_t ndomains;
    struct dsr_aspect *aspects;
    size_t naspects;
    struct dsr_indicator *indicators;
    size_t nindicators;
    struct dsr_band *bands;
    size_t nbands;
    enum dsr_rounding rounding; /* the rounding attribute; half-up default */
    /*
     * The item lists: whether any indicator has items, whether the lists
     * are provisional, and where they come from (strings may be NULL).
     */
    bool has_items;
    bool items_provisional;
    struct dsr_text items_note;
    /*
     * The mapping from an earlier framework, by topic: every indicator of
     * 'maps_from' that continues here, at most once each.  dossier's own
     * reading, not an official table ('map_note' says so).
     */
    char *maps_from;            /* the framework id it comes from; NULL: none */
    struct dsr_text map_note;   /* strings may be NULL */
    struct dsr_catalog_map *map;    /* sorted by 'from' (strcmp) */
    size_t nmap;
};

/*
 * Load the catalog in 'path', validating it against 'schema_path'
 * (framework.xsd) and checking that weights nest exactly (each aspect the
 * sum of its indicators, each domain the sum of its aspects, the whole
 * 100.00 %), that indicator, aspect and domain ids are unique, every
 * indicator names a known scale, the bands cover 1.00 to 5.00, year-to
 * is not before year-from, and a mapping names each earlier indicator at
 * most once and only indicators of this catalog as targets; and, for
 * the items and external indices, what docs/design.md "The catalog"
 * lists (item ids I{ind}-L{level}-{NN} from 01 in level order, at most
 * 99 a level; source="external" iff <external>; none or five contiguous
 * bands; unique codes and index names).
 * Returns a catalog owned by the caller, or NULL with 'err' set
 * (DSR_IO, DSR_CATALOG with file and line, DSR_NOMEM).
 */
struct dsr_catalog *dsr_catalog_load(const char *path, const char *schema_path,
                                     struct dsr_error *err);

/*
 * The same from 'len' bytes already read from 'path' (which names the file
 * in errors).  More than 8 MiB is refused (DSR_CATALOG).
 */
struct dsr_catalog *dsr_catalog_load_mem(const char *data, size_t len,
                                         const char *path,
                                         const char *schema_path,
                                         struct dsr_error *err);

/*
 * Load the catalog with id 'id' from 'dir' (the file 'dir'/ID.xml).  An id
 * that is not a plain name, or has no file, fails with DSR_INPUT.
 */
struct dsr_catalog *dsr_catalog_load_id(const char *dir, const char *id,
                                        const char *schema_path,
                                        struct dsr_error *err);

/*
 * List the ids of the catalogs in 'dir' (files named *.xml), sorted.  On
 * success '*ids' is an array of '*n' strings owned by the caller (free with
 * dsr_catalog_ids_free()).
 */
int dsr_catalog_list(const char *dir, char ***ids, size_t *n,
                     struct dsr_error *err);
void dsr_catalog_ids_free(char **ids, size_t n);

void dsr_catalog_free(struct dsr_catalog *c);

/* The indicator with id 'id', or NULL. */
const struct dsr_indicator *dsr_catalog_indicator(const struct dsr_catalog *c,
                                                  const char *id);

/*
 * The band the exact index num/den falls in (den > 0); never NULL.  Bands
 * are compared on the exact value, so 2.5999 is not 2.60.
 */
const struct dsr_band *dsr_catalog_band(const struct dsr_catalog *c,
                                        unsigned long long num,
                                        unsigned long long den);

/*
 * The indicator of 'c' that indicator 'id' of framework 'framework'
 * continues as: the same id when 'framework' is c's own id; by c's
 * mapping when c maps from 'framework'; NULL when it maps to none or
 * no mapping between the two is known.
 */
const struct dsr_indicator *dsr_catalog_map_indicator(const struct dsr_catalog *c,
                                                      const char *framework,
                                                      const char *id);

/*
 * Whether 'c' covers evaluation year 'year' (year_from..year_to).  A
 * bound that is not given (0) does not limit: a catalog with no years
 * covers every year.
 */
bool dsr_catalog_covers(const struct dsr_catalog *c, int year);

/*
 * Load the catalog of 'dir' that covers 'year'.  None: DSR_INPUT with a
 * message listing what each shipped catalog covers; more than one: the
 * one with the latest year_from (a catalog with no years loses to any
 * with them; on a tie, the first id in sort order).  A catalog of 'dir'
 * that does not load fails the call with its error.
 */
struct dsr_catalog *dsr_catalog_load_for_year(const char *dir, int year,
                                              const char *schema_path,
                                              struct dsr_error *err);

/*
 * "2021–2025", "from 2026", or "any year" (translated) for what 'c'
 * covers, in 'buf'; returns 'buf'.
 */
const char *dsr_catalog_years(const struct dsr_catalog *c, char *buf,
                              size_t size);

/* The item with id 'id' of indicator 'ind' ("I4-L1-02"), or NULL. */
const struct dsr_item *dsr_indicator_item(const struct dsr_indicator *ind,
                                          const char *id);

/*
 * The item with id 'id' in any indicator of 'c', with its indicator in
 * '*ind' (may be NULL); NULL when there is none.
 */
const struct dsr_item *dsr_catalog_item(const struct dsr_catalog *c,
                                        const char *id,
                                        const struct dsr_indicator **ind);

/*
 * The value band of 'level' in ten-thousandths: with five predikat bands,
 * level L spans from band L's min to band L+1's min (5.00 for level 5),
 * both ends included (1.50 is the top of level 1 and the bottom of level
 * 2).  Without five bands, [L, L].
 */
void dsr_catalog_level_band(const struct dsr_catalog *c, int level,
                            long *lo, long *hi);

/*
 * The level a value (ten-thousandths) stands for: the lowest level whose
 * value band (dsr_catalog_level_band()) holds it, so that 1.50 is level
 * 1 and 1.60 level 2, as the Modul labels "Level 2 (1,51 - 2,50)"; and
 * the whole part of the value without five bands.  The editor writes it
 * beside an imported value, check measures a value against its level's
 * band, and score shows it for external and estimated values.
 */
int dsr_catalog_value_level(const struct dsr_catalog *c, long value);

/*
 * Convert 'index' (ten-thousandths of the external index's unit) to an
 * indicator value in ten-thousandths, by the linear map of its band onto
 * the level's value band, rounded half-up to ten-thousandths.  An index
 * below the first band gives the first band's bottom, above the last the
 * last band's top.  Returns -1 when 'ext' has no conversion.
 */
long dsr_external_convert(const struct dsr_catalog *c,
                          const struct dsr_external *ext, long index);

/*
 * The display value, in hundredths, of the exact num/den under the
 * catalog's rounding rule (den > 0).  NULL 'c': half-up.
 */
long dsr_catalog_round(const struct dsr_catalog *c, unsigned long long num,
                       unsigned long long den);

/* Text in 'lang', falling back to Indonesian; "" when neither is set. */
const char *dsr_text_get(const struct dsr_text *t, enum dsr_lang lang);

#endif
