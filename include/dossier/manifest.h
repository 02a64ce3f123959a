/*
 * manifest.h -- the manifest: one institution's evaluation for one year,
 * loaded from XML (namespace urn:dossier:manifest:1).  The format is in
 * docs/design.md, "The manifest".
 */
#ifndef DOSSIER_MANIFEST_H
#define DOSSIER_MANIFEST_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

struct dsr_error;
struct dsr_findings;

/* Assessment stages, in the order the evaluation runs them. */
enum dsr_stage {
    DSR_STAGE_MANDIRI,
    DSR_STAGE_DOKUMEN,
    DSR_STAGE_INTERVIU,
    DSR_STAGE_VISITASI,
};
#define DSR_STAGE_COUNT 4

/* Stable name of a stage ("mandiri"), and the reverse; -1 if unknown. */
const char *dsr_stage_name(enum dsr_stage s);
int dsr_stage_parse(const char *name);

/*
 * Levels and dates are kept as written and parsed: a level outside 1..5 or
 * an impossible date is reported by dsr_check(), not refused at load time,
 * so that one run shows every problem.  A level that is not given is
 * DSR_LEVEL_NONE.
 */
#define DSR_LEVEL_NONE LONG_MIN

struct dsr_date {
    int year, month, day;       /* all 0 when not given */
};

struct dsr_assessment {
    enum dsr_stage stage;
    long level;
    /*
     * The assessor's value beside the level (value="1.1667"), in
     * ten-thousandths; DSR_VALUE_NONE (-1) when not given, -2 when it is
     * not a number with at most four decimals (check reports it).
     */
    long value;
    char *value_text;           /* as written; NULL when not given */
    char *text;                 /* explanation; "" when none */
    unsigned long line;
};

/* Where an evidence date came from (its date-source attribute). */
enum dsr_date_source {
    DSR_DATE_SOURCE_NONE,       /* not said: typed by a person */
    DSR_DATE_SOURCE_DOCUMENT,   /* the document's own metadata */
    DSR_DATE_SOURCE_FILE,       /* the file's modification time */
};

struct dsr_evidence {
    char *file;                 /* as written, relative to the evidence root */
    long level;                 /* DSR_LEVEL_NONE when not given */
    struct dsr_date date;
    char *date_text;            /* as written, NULL when not given */
    enum dsr_date_source date_source;
    char *sha256;               /* lowercase hex, NULL when not given */
    char *title;                /* "" when none */
    /* in-force="true": a regulation or standard still in force, whose
     * date may lie before the period (the period check leaves it) */
    bool in_force;
    int from_year;              /* from-year: carried by init --from; 0 */
    /* item="I4-L1-02 I4-L1-03": the items (butir) it supports */
    char **items;
    size_t nitems;
    unsigned long line;
};

struct dsr_link {
    char *href;
    long level;                 /* DSR_LEVEL_NONE when not given */
    char *text;
    /*
     * The demo account to sign in with (account="asesor.spbe"), "" when
     * none, and its password (secret="..."), NULL when none.  The secret
     * is printed only when asked for (render --include-secrets) and never
     * goes into a bundle's PDF or into any unencrypted part of a bundle.
     */
    char *account;
    char *secret;
    unsigned long line;
};

/* A question or an answer, at a stage. */
struct dsr_note {
    enum dsr_stage stage;
    bool answer;
    char *text;
    unsigned long line;
};

/* An assessor's verdict on an item, or (without items) on the level. */
enum dsr_verdict_status {
    DSR_VERDICT_DITERIMA,       /* accepted */
    DSR_VERDICT_REVISI,         /* to be revised, with a note */
};

/* The kind of a revisi, from the assessor's note. */
enum dsr_verdict_kind {
    DSR_KIND_NONE,              /* not said (always so for diterima) */
    DSR_KIND_TIDAK_TEPAT,       /* uploaded, but not what the item asks */
    DSR_KIND_BELUM_DIUNGGAH,    /* nothing uploaded */
    DSR_KIND_OTOMATIS_DITOLAK,  /* rejected because the level below was */
};

const char *dsr_verdict_status_name(enum dsr_verdict_status s);
int dsr_verdict_status_parse(const char *name);     /* -1: unknown */
const char *dsr_verdict_kind_name(enum dsr_verdict_kind k); /* NONE: "" */
int dsr_verdict_kind_parse(const char *name);       /* -1: unknown */

struct dsr_verdict {
    enum dsr_stage stage;
    char *item;                 /* NULL: the indicator's level */
    enum dsr_verdict_status status;
    enum dsr_verdict_kind kind;
    char *text;                 /* the assessor's note; "" when none */
    unsigned long line;
};

/* The institution's response (catatan mandiri, sanggah) to a verdict. */
struct dsr_response {
    char *item;                 /* NULL: on the indicator as a whole */
    char *text;
    unsigned long line;
};

/*
 * The value of an indicator scored from another agency's index:
 * <external index="SDI" value="68.75" year="2025" source="Bappenas"/>.
 */
struct dsr_mexternal {
    char *index;                /* as written */
    long value;                 /* ten-thousandths; -2: not a number */
    char *value_text;
    int year;                   /* 0 when not given */
    char *source;               /* "" when not given */
    unsigned long line;
};

struct dsr_mindicator {
    char *id;
    char *owner;                /* "" when none */
    unsigned long line;
    struct dsr_assessment *assessments;
    size_t nassessments;
    struct dsr_evidence *evidence;
    size_t nevidence;
    struct dsr_link *links;
    size_t nlinks;
    struct dsr_note *notes;
    size_t nnotes;
    struct dsr_verdict *verdicts;
    size_t nverdicts;
    struct dsr_response *responses;
    size_t nresponses;
    struct dsr_mexternal *external;     /* NULL when not given */
};

/*
 * The visit (visitasi) to one OPD: <visit owner="Dinas Kominfo"
 * date="2026-08-12" time="09.00-10.30" place="Ruang Command Center"
 * person="Andi Pratama, Kabid Aptika"/>.  At most one per owner; every
 * attribute but owner optional ("" / date all 0 when not given).
 * manifest->visits is in manifest order, not sorted; a second visit for
 * one owner is loaded too (check: visit-duplicate; the first of an owner
 * is the one that counts), and so is one for an
 * owner no indicator has (visit-owner-unknown).  A date that is not a
 * real date keeps date_text with 'date' all 0 (visit-date-invalid).
 */
struct dsr_visit {
    char *owner;                /* matches indicator/@owner */
    struct dsr_date date;
    char *date_text;            /* as written, NULL when not given */
    char *time;                 /* as written: "09.00", "09.00-10.30" */
    char *place;
    char *person;               /* the person in charge */
    unsigned long line;
};

/*
 * Last year's result of one indicator, inside <previous>: <indicator
 * id="4" level="2" value="1.3"/>, as `init --from` carries it over.
 * In manifest order.  An id not in the catalog or repeated is loaded
 * too (check: previous-id-unknown, -duplicate; the first of a
 * repeated id counts), and a level outside 1..5 as written (level-range).
 */
struct dsr_prev_indicator {
    char *id;
    long level;                 /* DSR_LEVEL_NONE when not given */
    long value;                 /* ten-thousandths; DSR_VALUE_NONE, -2 bad */
    unsigned long line;
};

/*
 * r22-anri: <archive>, the archival classification an archive records
 * (Perka ANRI 21/2011, SIKN): the institution's classification code,
 * klasifikasi akses and keamanan, and the retention of its schedule
 * (JRA).  Strings are NULL and years -1 when not given; a value the
 * loader refused (archive-invalid, retention-invalid) is not given.
 */
struct dsr_marchive {
    char *classification;       /* kode klasifikasi, "000.5.2" */
    char *access;               /* terbuka, terbatas, tertutup */
    char *security;             /* biasa, terbatas, rahasia, sangat-rahasia */
    int active_years;           /* retensi aktif, 0..100 */
    int inactive_years;         /* retensi inaktif, 0..100 */
    char *disposition;          /* musnah, permanen, dinilai-kembali */
    unsigned long line;
};

/* The values the schema's words allow, and whether 'v' is one of them. */
bool dsr_marchive_access_ok(const char *v);
bool dsr_marchive_security_ok(const char *v);
bool dsr_marchive_disposition_ok(const char *v);

/*
 * A loaded manifest: plain data, read-only for callers, created only by
 * dsr_manifest_load() and freed with dsr_manifest_free().  Strings that
 * the file does not give are "" (or NULL where documented).
 */
struct dsr_manifest {
    char *path;                 /* as given to dsr_manifest_load() */
    /*
     * The bytes it was loaded from, exactly as read: what pack archives
     * and identifies is what was checked, without reading the file again.
     */
    char *source;
    size_t source_len;
    char *dir;                  /* directory of 'path' */
    char *framework;
    char *year_text;
    int year;
    unsigned long year_line;
    unsigned long framework_line;
    char *instance_name;
    char *instance_kind;
    char *coordinator_name;
    char *coordinator_position;
    char *coordinator_unit;
    bool has_period;
    struct dsr_date period_from, period_to;
    char *period_from_text, *period_to_text;
    unsigned long period_line;
    bool has_target;
    char *target_text;
    long target;                /* hundredths; -1 when unparsable */
    unsigned long target_line;
    bool has_previous;
    int previous_year;
    char *previous_text;
    long previous;              /* hundredths; -1 when unparsable */
    unsigned long previous_line;
    struct dsr_prev_indicator *previous_indicators;
    size_t nprevious_indicators;
    struct dsr_visit *visits;
    size_t nvisits;
    char *evidence_root;        /* as written; NULL when not given */
    unsigned long evidence_root_line;
    struct dsr_mindicator *indicators;
    size_t nindicators;
    /* r22-anri: the <archive> element, NULL when not given */
    struct dsr_marchive *archive;
    /*
     * Loaded by a _recover() loader despite syntax or schema errors
     * (which are findings): what could be read, for check to go on with;
     * recovered_line is the first error's line (0: unknown).
     */
    bool recovered;
    unsigned long recovered_line;
};

/*
 * Bounds on what the loader accepts from an untrusted manifest: its size,
 * the number of evidence entries, and the number of other elements in
 * indicators (indicators, assessments, links, questions, answers,
 * verdicts, responses and external values together).  Past any of them
 * the manifest is refused with a manifest-too-large finding.  An
 * evidence names at most 16 items (the schema's limit).
 */
#define DSR_MANIFEST_MAX_BYTES ((size_t)64 << 20)
#define DSR_MANIFEST_MAX_ENTRIES ((size_t)200000)
/* At most this many <visit>s, and as many <previous><indicator/>s. */
#define DSR_MANIFEST_MAX_VISITS ((size_t)1000)

/*
 * Load the manifest at 'path' and validate it against the schema at
 * 'schema_path'.  Problems with the input (unreadable file, not
 * well-formed, DOCTYPE or entities, too large or too many entries, not
 * valid against the schema) are added to 'findings', each with its line, and NULL is
 * returned with 'err' untouched.  A text longer than its limit is a
 * text-too-long finding too, but the manifest is still returned, so that
 * check can report everything else.  NULL with 'err' set means the tool
 * itself failed (out of memory, unreadable schema).  libxml2 never prints.
 */
struct dsr_manifest *dsr_manifest_load(const char *path,
                                       const char *schema_path,
                                       struct dsr_findings *findings,
                                       struct dsr_error *err);

/*
 * The same from 'len' bytes already read from 'path' (which names the file
 * in findings and gives the manifest's directory).
 */
struct dsr_manifest *dsr_manifest_load_mem(const char *data, size_t len,
                                           const char *path,
                                           const char *schema_path,
                                           struct dsr_findings *findings,
                                           struct dsr_error *err);

/*
 * Like dsr_manifest_load() and dsr_manifest_load_mem(), for check: a
 * manifest that is not well-formed or not valid against the schema gets
 * the same findings, and is then still returned, read as far as it can be
 * (libxml2's recover mode, under the same limits), with 'recovered' set,
 * as long as its root is <dossier> in the manifest's namespace.  Values
 * the schema refused are read as absent, and elements that lack what
 * gives them their meaning (an assessment's stage and level, an
 * evidence's file, ...) are left out.  Whoever gets a recovered manifest
 * must refuse to produce anything from it; its findings include errors.
 */
struct dsr_manifest *dsr_manifest_load_recover(const char *path,
                                               const char *schema_path,
                                               struct dsr_findings *findings,
                                               struct dsr_error *err);
struct dsr_manifest *dsr_manifest_load_mem_recover(
    const char *data, size_t len, const char *path, const char *schema_path,
    struct dsr_findings *findings, struct dsr_error *err);

/*
 * In 'buf': "" for a manifest loaded without errors, else the words
 * (translated, with a leading space) that mark a finding as one that may
 * follow from the manifest's syntax or schema errors.
 */
void dsr_manifest_followon(const struct dsr_manifest *m, char *buf,
                           size_t size);

void dsr_manifest_free(struct dsr_manifest *m);

/* The indicator with id 'id', or NULL (the first one, if duplicated). */
const struct dsr_mindicator *dsr_manifest_indicator(const struct dsr_manifest *m,
                                                    const char *id);

/*
 * The assessment that counts: the one at 'stage' when 'stage' >= 0, else
 * the latest stage present.  NULL when there is none.
 */
const struct dsr_assessment *dsr_mindicator_assessment(
    const struct dsr_mindicator *ind, int stage);

/*
 * The evidence root's path: <evidence-root path> taken relative to the
 * manifest's directory (or as it is, when absolute), the manifest's
 * directory when there is none.  Returns 0, or -1 when it does not fit in
 * 'size' bytes.
 */
int dsr_manifest_evidence_root(const struct dsr_manifest *m, char *out,
                               size_t size);

/*
 * Whether the indicator lists evidence or a link for exactly 'level'
 * (the files themselves are not looked at).  NULL 'ind' supports nothing.
 */
bool dsr_mindicator_supports(const struct dsr_mindicator *ind, long level);

/*
 * Parse "YYYY-MM-DD" into 'd'.  Returns 0 for a real calendar date, -1
 * otherwise (d is then zeroed).
 */
int dsr_date_parse(const char *s, struct dsr_date *d);

/*
 * The real date 'years' after 'd' (a real date).  29 February of a year
 * that has none becomes 1 March for the start of a span ('end' false)
 * and 28 February for its end; and with 'end', the last day of February
 * stays the last day of February (2025-02-28 to 2028-02-29).
 */
struct dsr_date dsr_date_add_years(const struct dsr_date *d, int years, bool end);

/* -1, 0 or 1 as a is before, equal to or after b. */
int dsr_date_cmp(const struct dsr_date *a, const struct dsr_date *b);

/*
 * Parse an index written "2.60", "2,6" or "3" into hundredths.  Returns
 * -1 when 's' is not such a number.
 */
long dsr_index_parse(const char *s);

/*
 * Parse a value written "1.1667", "1,3" or "68.75" (at most four
 * decimals, at most 999999 before the point) into ten-thousandths.
 * Returns -1 when 's' is not such a number.
 */
long dsr_value_parse(const char *s);

#endif
