/*
 * manifest_int.h -- the manifest loader's words for what libxml2 finds
 * wrong in a manifest (manifest_msg.c).  Private to the core.
 */
#ifndef DOSSIER_MANIFEST_INT_H
#define DOSSIER_MANIFEST_INT_H

#include "xml.h"

#include <stdbool.h>
#include <stddef.h>

struct dsr_error;
struct dsr_findings;

/*
 * An attribute whose value the schema refused: the loader reads it as if
 * it were absent, so that check does not report it a second time.
 */
struct dsr_mrefused {
    const xmlNode *node;
    const char *attr;           /* a name from the table in manifest_msg.c */
};

struct dsr_mrefusals {
    struct dsr_mrefused *items;
    size_t n, cap;
};

/* Where findings about one manifest go. */
struct dsr_mmsg {
    const char *data;           /* the manifest's bytes, for the line text */
    size_t len;
    const char *path;
    struct dsr_findings *findings;
    struct dsr_error *err;
    /* not 0: findings are follow-on effects of the error on this line */
    unsigned long after_line;
    bool after;                 /* findings follow earlier errors */
    /* the line cursor of line_text(), so that lines in order are linear */
    size_t cur_off;
    unsigned long cur_line;
};

/*
 * Before parsing: a file that is empty, saved as UTF-16 or UTF-32, or
 * not XML at all (a Word document renamed .xml) gets its finding.
 * Returns 1 when such a finding was added (do not parse), 0 when the
 * bytes may be XML, -1 with 'err' set (out of memory).
 */
int dsr_mmsg_preflight(struct dsr_mmsg *c);

/*
 * Whether the problems hold an encoding error (bytes that are not UTF-8),
 * after which the text must be made valid UTF-8 before recovering.
 */
bool dsr_mmsg_has_encoding_error(const struct dsr_xml_problems *p);

/*
 * A finding for every line of 'data' with bytes that are not UTF-8 (at
 * most a few), and those bytes replaced by '?' in 'copy' (of 'len'
 * bytes), so that a recovered parse reads valid UTF-8 on the same lines.
 * Returns the number of findings, or -1 with 'err' set.
 */
int dsr_mmsg_bad_utf8(struct dsr_mmsg *c, char *copy);

/*
 * A finding (xml-malformed) for each syntax error of 'p', one per line,
 * in our words; 'root' names the root element when known ("" or NULL).
 * Encoding errors are left out when 'skip_encoding'.  Returns 0, or -1
 * with 'err' set.
 */
int dsr_mmsg_syntax(struct dsr_mmsg *c, const struct dsr_xml_problems *p,
                    const char *root, bool skip_encoding);

/*
 * A finding (schema-invalid) for each schema problem of 'p', in our
 * words, from the table of elements, attributes and their types; every
 * attribute whose value was refused is added to 'refused'.  The document
 * the problems point into must still be alive.  Returns 0, or -1 with
 * 'err' set.
 */
int dsr_mmsg_schema(struct dsr_mmsg *c, const struct dsr_xml_problems *p,
                    struct dsr_mrefusals *refused);

/*
 * In 'buf': the words (translated, with a leading space) that mark a
 * finding as one that may follow from the error on line 'line' (0: from
 * the errors above).
 */
void dsr_mmsg_followon(unsigned long line, char *buf, size_t size);

/* Whether attribute 'name' of 'node' is in 'r'. */
bool dsr_mrefused_has(const struct dsr_mrefusals *r, const xmlNode *node,
                      const char *name);

void dsr_mrefusals_release(struct dsr_mrefusals *r);

/* ---- r22-anri: the <archive> element (manifest_archive.c) ---- */

struct dsr_marchive;
struct dsr_manifest;

struct dsr_marchive_load {
    const struct dsr_mrefusals *refused;    /* may be NULL */
    struct dsr_findings *findings;
    const char *path;                       /* the manifest, for findings */
    unsigned long line;                     /* the element's */
    struct dsr_error *err;
};

/*
 * Read <archive> 'n' into m->archive (the first one only): every value
 * the element allows is kept, every other one is an archive-invalid or
 * retention-invalid finding and read as not given.  Returns 0, or -1
 * with 'err' set (out of memory).
 */
int dsr_marchive_load(const struct dsr_marchive_load *l, struct dsr_manifest *m,
                      const xmlNode *n);
void dsr_marchive_free(struct dsr_marchive *a);

#endif
