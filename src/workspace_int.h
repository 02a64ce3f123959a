/*
 * workspace_int.h -- what init.c, scan.c and scan_splice.c share (private
 * to the core): the note's name, the manifest text helpers, and the step
 * that splices scan's new entries into the manifest text.
 */
#ifndef DOSSIER_WORKSPACE_INT_H
#define DOSSIER_WORKSPACE_INT_H

#include <stddef.h>

struct dsr_buf;
struct dsr_catalog;
struct dsr_error;

/* The note init writes in each indicator's folder; scan never lists it. */
#define DSR_WS_NOTE_NAME "BACA-SAYA.txt"

/*
 * Append 's' XML-escaped, for text or an attribute (libxml2 does the
 * escaping).  Returns 0, or -1 with 'err' set.
 */
int dsr_ws_add_escaped(struct dsr_buf *b, const char *s,
                       struct dsr_error *err);

/*
 * Append 's' as text inside an XML comment, where "--" may not appear: a
 * space follows each such pair.  Returns 0, or -1 with 'err' set.
 */
int dsr_ws_add_comment_text(struct dsr_buf *b, const char *s,
                            struct dsr_error *err);

/* A file in an indicator's folder that the manifest does not list yet. */
struct dsr_scan_newfile {
    size_t ind;                 /* catalog index */
    char *rel;                  /* relative to the root */
    char *title;
    char date[16];
};

/*
 * Append to 'out' the manifest text 'data' ('len' bytes) with an evidence
 * entry for each of the 'nfiles' 'files' (in that order) inserted before
 * its indicator's end tag; an indicator of 'cat' the manifest lacks is
 * appended before the root's end tag.  Every other byte stays as it was.
 * With 'single_byte' (the name of the text's declared single-byte
 * encoding, e.g. "ISO-8859-1"; NULL for UTF-8) the new text is pure ASCII,
 * every other character as a character reference.
 * Returns 0, or -1 with 'err' set (DSR_NOMEM, or DSR_INTERNAL when the
 * text is not well-formed).
 */
int dsr_scan_compose(const struct dsr_catalog *cat,
                     const struct dsr_scan_newfile *files, size_t nfiles,
                     const char *data, size_t len, const char *single_byte,
                     struct dsr_buf *out, struct dsr_error *err);

#endif
