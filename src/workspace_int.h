/*
 * workspace_int.h -- what init.c, scan.c and scan_splice.c share (private
 * to the core): the note's name, the manifest text helpers, and the step
 * that splices scan's new entries into the manifest text.
 */
#ifndef DOSSIER_WORKSPACE_INT_H
#define DOSSIER_WORKSPACE_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "dossier/diff.h"
#include "dossier/evidence.h"

struct dsr_buf;
struct dsr_root;
struct stat;
struct dsr_catalog;
struct dsr_error;

struct dsr_init_opts;
struct dsr_carry_result;

/* The previous year of init --from (workspace.h), as init.c reads it. */
struct dsr_previous {
    struct dsr_bundle_view view;    /* manifest, catalog, score; zips */
    bool bundle;
    struct dsr_root root;           /* a manifest's; not open for a bundle */
};

/*
 * The file part of init --from, which dsr_init_write() calls before it
 * writes the manifest: every document of opts->from still in force is
 * brought into 'dir'/bukti/ (the folder of the indicator it continues
 * as) with its SHA-256 checked, and listed in 'r' with what became of
 * every other.  A file that fails is listed, never fatal.  Returns 0,
 * or -1 with 'err' set when the tool fails (I/O in 'dir', out of memory,
 * interrupted).
 */
int dsr_carry(const char *dir, const struct dsr_init_opts *opts,
              struct dsr_carry_result *r, struct dsr_error *err);

/* The evidence root init lays out, relative to the workspace. */
#define DSR_WS_EVIDENCE_DIR "bukti"

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
    bool date_from_document;    /* else the file's modification time */
    char sha256[65];            /* "" when the file could not be read */
    bool moved;                 /* an old entry was given its name instead */
};

/*
 * The title scan gives a new entry, made from its file name:
 * "perbup-12_2023.arsitektur.pdf" -> "Perbup 12 2023 arsitektur".
 * NULL when out of memory; the caller frees it.
 */
char *dsr_scan_title_of(const char *rel);

/*
 * Fill in the SHA-256 and date of the new entry 'f' for the file 'rel'
 * beneath 'root' (whose status is 'st'): the document's own date where it
 * says, else the modification time.  The file is opened beneath the root
 * as check opens it; one that cannot be is dated by 'st' and has no
 * SHA-256.  Returns 0, or -1 with 'err' set (out of memory, cancelled).
 */
int dsr_scan_file_facts(const struct dsr_root *root, const char *rel,
                        const struct stat *st,
                        const volatile sig_atomic_t *cancel,
                        struct dsr_scan_newfile *f, struct dsr_error *err);

/*
 * A change to an evidence entry the manifest has: the 'nth' (from 0)
 * evidence element of the 'ind'-th indicator element, whose id is
 * 'indicator', in document order (as the manifest loader lists them).
 */
struct dsr_scan_edit {
    size_t ind;
    const char *indicator;
    size_t nth;
    const char *new_file;       /* the new file attribute; NULL: remove */
};

/*
 * Bounds on reading a document's own date: bytes read at each end of a
 * PDF, bytes of an OOXML core.xml or ODF meta.xml (decompressed), and
 * elements visited in it.
 */
#define DSR_SCAN_PDF_WINDOW ((size_t)1 << 20)
#define DSR_SCAN_META_MAX ((size_t)256 << 10)
#define DSR_SCAN_META_NODES 100000
/* Bytes in the central directory of a zip opened for its date. */
#define DSR_SCAN_ZIP_CD_MAX ((unsigned long)4 << 20)

/*
 * The date the document open as 'fd' (named 'name', whose extension says
 * what it is) gives for itself, as "YYYY-MM-DD" in 'out': a PDF's
 * /CreationDate (else XMP CreateDate, /ModDate, XMP ModifyDate), found
 * in its first and last DSR_SCAN_PDF_WINDOW bytes; an OOXML file's
 * dcterms:created (else modified) in docProps/core.xml; an ODF file's
 * meta:creation-date (else dc:date) in meta.xml.  Only a real calendar
 * date from 1990 to next year counts.  Returns whether one was found;
 * never fails otherwise.
 */
bool dsr_scan_document_date(int fd, const char *name, char out[16]);

/*
 * Append to 'b' the evidence elements of the 'files' of the 'ind'-th
 * catalog indicator (those not 'moved'), one a line, each after 'indent'
 * and ending in "\n", the elements named with 'pfx' ("m:" or "").
 * Returns 0, or -1 with 'err' set.
 */
int dsr_scan_entries_text(struct dsr_buf *b,
                          const struct dsr_scan_newfile *files, size_t nfiles,
                          size_t ind, const char *indent, const char *pfx,
                          struct dsr_error *err);

/*
 * Append to 'out' the manifest text 'data' ('len' bytes) with an evidence
 * entry for each of the 'nfiles' 'files' (in that order, but those
 * 'moved') inserted before its indicator's end tag; an indicator of 'cat'
 * the manifest lacks is appended before the root's end tag.  Each of the
 * 'nedits' 'edits' rewrites the value of an entry's file attribute in
 * place, or removes the element (with its line, when it stands alone on
 * it).  Every other byte stays as it was.
 * With 'single_byte' (the name of the text's declared single-byte
 * encoding, e.g. "ISO-8859-1"; NULL for UTF-8) the new text is pure ASCII,
 * every other character as a character reference.  New lines end as the
 * text's first line does (LF or CR LF).
 * Returns 0, or -1 with 'err' set (DSR_NOMEM, or DSR_INTERNAL when the
 * text is not well-formed or an edited entry is not where 'edits' says).
 */
int dsr_scan_compose(const struct dsr_catalog *cat,
                     const struct dsr_scan_newfile *files, size_t nfiles,
                     const struct dsr_scan_edit *edits, size_t nedits,
                     const char *data, size_t len, const char *single_byte,
                     struct dsr_buf *out, struct dsr_error *err);

#endif
