/*
 * finding.h -- findings: what dossier check reports about a manifest and
 * its evidence, each with a stable code, a severity and a place.
 */
#ifndef DOSSIER_FINDING_H
#define DOSSIER_FINDING_H

#include <stdbool.h>
#include <stddef.h>

struct dsr_error;

enum dsr_severity {
    DSR_SEV_ERROR,
    DSR_SEV_WARNING,
    DSR_SEV_NOTE,
};

/*
 * Every finding code, its severity and a one-line description (the README
 * table is this table).  Codes are stable: never rename or reuse one, only
 * add new ones at the end.
 */
#define DSR_FINDINGS(X)                                                        \
    X(MANIFEST_UNREADABLE, "manifest-unreadable", ERROR,                       \
      "the manifest cannot be opened or read")                                 \
    X(MANIFEST_TOO_LARGE, "manifest-too-large", ERROR,                         \
      "the manifest is larger than the 64 MiB limit")                          \
    X(XML_MALFORMED, "xml-malformed", ERROR,                                   \
      "the manifest is not well-formed XML")                                   \
    X(XML_DOCTYPE, "xml-doctype", ERROR,                                       \
      "the manifest has a DOCTYPE; DTDs and entities are refused")             \
    X(SCHEMA_INVALID, "schema-invalid", ERROR,                                 \
      "the manifest does not match the manifest schema")                       \
    X(FRAMEWORK_UNKNOWN, "framework-unknown", ERROR,                           \
      "the framework named in the manifest has no catalog")                    \
    X(FRAMEWORK_PROVISIONAL, "framework-provisional", NOTE,                    \
      "the framework's catalog is provisional, not checked against the "       \
      "official text")                                                         \
    X(FRAMEWORK_YEAR, "framework-year", WARNING,                               \
      "the framework was not in use in the manifest's year")                   \
    X(YEAR_INVALID, "year-invalid", ERROR,                                     \
      "the evaluation year is outside 2018 to 2100")                           \
    X(PERIOD_INVALID, "period-invalid", ERROR,                                 \
      "the period ends before it starts")                                      \
    X(PERIOD_YEAR, "period-year", WARNING,                                     \
      "the period is far from the evaluation year")                            \
    X(DATE_INVALID, "date-invalid", ERROR,                                     \
      "a date is not a real calendar date")                                    \
    X(INDEX_INVALID, "index-invalid", ERROR,                                   \
      "a target or previous index is outside 1.00 to 5.00")                    \
    X(INDICATOR_UNKNOWN, "indicator-unknown", ERROR,                           \
      "the indicator id is not in the framework")                              \
    X(INDICATOR_DUPLICATE, "indicator-duplicate", ERROR,                       \
      "the indicator appears more than once")                                  \
    X(LEVEL_RANGE, "level-range", ERROR, "a level is outside 1 to 5")          \
    X(STAGE_DUPLICATE, "stage-duplicate", ERROR,                               \
      "an indicator has two assessments for the same stage")                   \
    X(EVIDENCE_ROOT_INVALID, "evidence-root-invalid", ERROR,                   \
      "the evidence root is missing or not a directory")                       \
    X(PATH_ABSOLUTE, "path-absolute", ERROR,                                   \
      "an evidence path is absolute; it must be relative to the evidence "     \
      "root")                                                                  \
    X(PATH_ESCAPES, "path-escapes", ERROR,                                     \
      "an evidence path leads outside the evidence root")                      \
    X(PATH_INVALID, "path-invalid", ERROR,                                     \
      "an evidence path is malformed (backslash, control character, empty "    \
      "or too long)")                                                          \
    X(FILE_MISSING, "file-missing", ERROR, "an evidence file does not exist")  \
    X(FILE_NOT_REGULAR, "file-not-regular", ERROR,                             \
      "an evidence path is a directory, FIFO, device or socket")               \
    X(FILE_UNREADABLE, "file-unreadable", ERROR,                               \
      "an evidence file cannot be read")                                       \
    X(FILE_EMPTY, "file-empty", ERROR, "an evidence file is empty")            \
    X(FILE_TOO_LARGE, "file-too-large", WARNING,                               \
      "an evidence file is larger than the size limit")                        \
    X(TYPE_MISMATCH, "type-mismatch", ERROR,                                   \
      "an evidence file's content does not match its extension")               \
    X(TYPE_EXECUTABLE, "type-executable", ERROR,                               \
      "an evidence file is a program or script")                               \
    X(TYPE_UNKNOWN, "type-unknown", WARNING,                                   \
      "an evidence file's extension is not a known document type")             \
    X(SHA256_MISMATCH, "sha256-mismatch", ERROR,                               \
      "an evidence file's SHA-256 differs from the manifest's")                \
    X(EVIDENCE_DUPLICATE, "evidence-duplicate", WARNING,                       \
      "the same file is listed twice for one indicator")                       \
    X(FILE_SHARED, "file-shared", NOTE,                                        \
      "the same file is attached to several indicators")                       \
    X(CONTENT_DUPLICATE, "content-duplicate", NOTE,                            \
      "two different files have identical content")                            \
    X(DATE_OUTSIDE_PERIOD, "date-outside-period", WARNING,                     \
      "a document is dated outside the manifest's period")                     \
    X(EVIDENCE_NO_LEVEL, "evidence-no-level", WARNING,                         \
      "an evidence entry does not say which level it supports")                \
    X(EVIDENCE_NO_TITLE, "evidence-no-title", WARNING,                         \
      "an evidence entry has no title")                                        \
    X(INDICATOR_NOT_FILLED, "indicator-not-filled", WARNING,                   \
      "an indicator has no assessment yet (it counts as level 1)")             \
    X(LEVEL_UNSUPPORTED, "level-unsupported", WARNING,                         \
      "a claimed level lacks evidence for some level up to it")                \
    X(EXPLANATION_MISSING, "explanation-missing", NOTE,                        \
      "a claimed level above 1 has no explanation")                            \
    X(LINK_INVALID, "link-invalid", WARNING,                                   \
      "a link is not an http or https URL")                                    \
    X(QUESTION_UNANSWERED, "question-unanswered", NOTE,                        \
      "an assessor's question has no answer at the same stage")                \
    X(TEXT_TOO_LONG, "text-too-long", ERROR,                                   \
      "a name, title, explanation or link is longer than its limit")           \
    X(EVIDENCE_ROOT_OUTSIDE, "evidence-root-outside", ERROR,                   \
      "the manifest's evidence root lies outside the manifest's folder")       \
    X(PATH_LINK, "path-link", ERROR,                                           \
      "an evidence path is or goes through a symbolic link")                   \
    X(PATH_NOT_PORTABLE, "path-not-portable", ERROR,                           \
      "an evidence path has a name Windows cannot hold (a backslash, : * ? "   \
      "\" < > |, a drive letter, a trailing dot or space, CON or NUL)")         \
    X(PDF_ENCRYPTED, "pdf-encrypted", ERROR,                                   \
      "a PDF asks for a password, so assessors cannot open it")                \
    X(PDF_DAMAGED, "pdf-damaged", ERROR,                                       \
      "a PDF is damaged or cut short and cannot be opened")                    \
    X(OFFICE_DAMAGED, "office-damaged", ERROR,                                 \
      "an Office or OpenDocument file is damaged, or its document part is "    \
      "missing")                                                               \
    X(IMAGE_DAMAGED, "image-damaged", ERROR,                                   \
      "an image cannot be decoded (damaged or cut short)")                     \
    X(DOCUMENT_UNCHECKED, "document-unchecked", NOTE,                          \
      "a document was too large or too slow to open within the limits, so "    \
      "it was not opened")                                                     \
    X(INSTANCE_PLACEHOLDER, "instance-placeholder", ERROR,                     \
      "the instance name is still the placeholder that init writes")           \
    X(DATE_FROM_FILE, "date-from-file", NOTE,                                  \
      "a document's only date is its file's modification time, which lies "    \
      "outside the period")                                                  \
    X(ITEM_UNKNOWN, "item-unknown", ERROR,                                     \
      "an evidence or response names an item its indicator does not have")  \
    X(ITEM_UNSUPPORTED, "item-unsupported", WARNING,                           \
      "an item of the claimed level is named by no evidence")                \
    X(VERDICT_ITEM_UNKNOWN, "verdict-item-unknown", ERROR,                     \
      "a verdict names an item its indicator does not have")                 \
    X(VERDICT_ITEM_MISSING, "verdict-item-missing", WARNING,                   \
      "a verdict names no item in a framework with items")                   \
    X(REVISI_NO_RESPONSE, "revisi-no-response", WARNING,                       \
      "a revisi verdict has no response yet (it is on the interview "        \
      "agenda)")                                                             \
    X(ACCEPTED_ABOVE_REJECTED, "accepted-above-rejected", NOTE,                \
      "items are accepted on a level above one with a revisi item")          \
    X(EXTERNAL_MISSING, "external-missing", NOTE,                              \
      "an external indicator has no index value (it counts as 1)")           \
    X(EXTERNAL_INVALID, "external-invalid", ERROR,                             \
      "an external value is misplaced, names another index or is out of "    \
      "range")                                                               \
    X(VALUE_OUT_OF_BAND, "value-out-of-band", WARNING,                         \
      "an assessor's value lies outside the value band of its level")        \
    X(VALUE_INVALID, "value-invalid", ERROR,                                   \
      "a value is not a number with at most four decimals from 1 to 5")      \
    X(VERDICT_DUPLICATE, "verdict-duplicate", WARNING,                         \
      "two verdicts for the same stage and item (the later one counts)")     \
    X(VERDICT_KIND_IGNORED, "verdict-kind-ignored", WARNING,                   \
      "a diterima verdict has a kind, which only a revisi has")              \
    X(VISIT_OWNER_UNKNOWN, "visit-owner-unknown", WARNING,                     \
      "a visit names an OPD that owns no indicator")                         \
    X(VISIT_DUPLICATE, "visit-duplicate", WARNING,                             \
      "two visits for one OPD (the first counts)")                           \
    X(VISIT_DATE_INVALID, "visit-date-invalid", ERROR,                         \
      "a visit's date is not a real calendar date")                          \
    X(PREVIOUS_ID_UNKNOWN, "previous-id-unknown", WARNING,                     \
      "last year's level is given for an indicator the framework does not "  \
      "have")                                                                \
    X(PREVIOUS_ID_DUPLICATE, "previous-id-duplicate", WARNING,                 \
      "last year's level is given twice for one indicator (the first "       \
      "counts)")                                                             \
    X(LINK_SECRET_IN_TEXT, "link-secret-in-text", WARNING,                     \
      "a link's text looks like it holds a password; move it to secret=, "   \
      "which is printed only on request and never archived")                \
    X(LINK_SECRET_IN_URL, "link-secret-in-url", WARNING,                       \
      "a link's address holds a password (user:password@); move it to "      \
      "secret=; the dossier and the bundle leave it out")                    \
    X(ARCHIVE_INVALID, "archive-invalid", ERROR,                               \
      "the archive element's classification, access, security or "           \
      "disposition is not a value it allows")                                \
    X(RETENTION_INVALID, "retention-invalid", ERROR,                           \
      "a retention period is not a whole number of years from 0 to 100")

enum dsr_finding_code {
#define DSR_FENUM(sym, name, sev, desc) DSR_F_##sym,
    DSR_FINDINGS(DSR_FENUM)
#undef DSR_FENUM
    DSR_F_COUNT
};

struct dsr_finding {
    enum dsr_finding_code code;
    enum dsr_severity severity;
    char *indicator;            /* "" when not about one indicator */
    char *file;                 /* evidence file or manifest; "" if none */
    unsigned long line;         /* manifest line, 0 if unknown */
    char *message;              /* translated, lowercase, no full stop */
};

/* A growing list of findings. */
struct dsr_findings {
    struct dsr_finding *items;
    size_t n, cap;
    size_t counts[3];           /* by severity */
};

#define DSR_FINDINGS_INIT {.items = NULL}

/* Stable name ("file-missing"), English one-line description (the README
 * table) and severity of a code. */
const char *dsr_finding_name(enum dsr_finding_code code);
const char *dsr_finding_description(enum dsr_finding_code code);
enum dsr_severity dsr_finding_severity(enum dsr_finding_code code);
const char *dsr_severity_name(enum dsr_severity sev);
/* The severity as a word in the current message language ("peringatan"). */
const char *dsr_severity_label(enum dsr_severity sev);

/* The code named 'name', or -1. */
int dsr_finding_lookup(const char *name);

/*
 * Add a finding; 'indicator' and 'file' may be NULL.  The strings are
 * copied.  Returns 0, or -1 with 'err' set to DSR_NOMEM.
 */
int dsr_findings_add(struct dsr_findings *f, enum dsr_finding_code code,
                     const char *indicator, const char *file,
                     unsigned long line, struct dsr_error *err,
                     const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* Number of findings with 'code'. */
size_t dsr_findings_count_code(const struct dsr_findings *f,
                               enum dsr_finding_code code);

/*
 * Sort findings for reporting: manifest-wide findings first, then by
 * indicator in the order 'order' gives (an indicator id's position, e.g.
 * in the catalog), ties and a NULL 'order' broken by the ids' natural order
 * ("2" before "10", numeric ids before others), then by line and code.
 */
void dsr_findings_sort(struct dsr_findings *f,
                       long (*order)(const char *id, const void *ctx),
                       const void *ctx);

void dsr_findings_release(struct dsr_findings *f);

/*
 * Record the first of 'f' (not empty) in 'err' as the reason an input
 * cannot be used: DSR_INPUT with its file (else 'path') and line and its
 * message.  Returns -1.
 */
int dsr_findings_error(const struct dsr_findings *f, const char *path,
                       struct dsr_error *err);

#endif
