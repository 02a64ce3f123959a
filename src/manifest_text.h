/*
 * manifest_text.h -- what scan and the manifest editor share to change a
 * manifest's text without re-serialising it (private to the core): where
 * its elements are, as byte offsets; which encodings can be edited; the
 * new text in the file's own line ending and encoding; and the write that
 * keeps a numbered backup.
 */
#ifndef DOSSIER_MANIFEST_TEXT_H
#define DOSSIER_MANIFEST_TEXT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct dsr_buf;
struct dsr_error;
struct dsr_findings;

#define DSR_MT_NONE ((size_t)-1)

/* An attribute as libxml2 decoded it (UTF-8, entities replaced). */
struct dsr_mt_attr {
    char *name;                 /* its local name; prefixed ones are "p:n" */
    char *value;
};

/*
 * One element of the manifest, down to the children of an indicator.
 * Offsets are in the text as given (bytes of its own encoding).
 */
struct dsr_mt_el {
    int depth;                  /* 1 for the root */
    size_t parent;              /* index of the parent, DSR_MT_NONE: root */
    char name[24];              /* local name in the manifest namespace,
                                   "" for any other element */
    size_t start;               /* '<' of the start tag */
    size_t stag_end;            /* just past the start tag's '>' */
    size_t end_tag;             /* '<' of the end tag (0 when empty) */
    size_t end;                 /* just past the element's final '>' */
    bool empty;                 /* <x .../> */
    unsigned long line;         /* line of the start tag */
    struct dsr_mt_attr *attrs;  /* manifest elements only */
    size_t nattrs;
    char *text;                 /* depth 3: its text, decoded; else NULL */
};

struct dsr_mt_doc {
    struct dsr_mt_el *els;      /* in document order */
    size_t n, cap;
    char pfx[64];               /* the root's prefix and ':', or "" */
    bool crlf;                  /* lines end in CR LF */
};

/*
 * Locate the elements of the well-formed manifest text 'data' ('len'
 * bytes) down to depth 3 with libxml2's SAX parser.  With 'single_byte'
 * (the declared single-byte encoding) the text is parsed from a UTF-8
 * copy and the offsets counted back.  Every manifest element must use
 * the root's prefix, so that new elements can take it.  Returns 0, or -1
 * with 'err' set (DSR_NOMEM; DSR_INTERNAL when it cannot be located).
 * Release 'doc' with dsr_mt_doc_release() either way.
 */
int dsr_mt_locate(const char *data, size_t len, const char *single_byte,
                  struct dsr_mt_doc *doc, struct dsr_error *err);
void dsr_mt_doc_release(struct dsr_mt_doc *doc);

/* The value of attribute 'name' of element 'el', or NULL when absent. */
const char *dsr_mt_attr(const struct dsr_mt_el *el, const char *name);

/* The first manifest child 'name' of element 'parent' from index 'from'. */
size_t dsr_mt_child(const struct dsr_mt_doc *doc, size_t parent,
                    const char *name, size_t from);

/*
 * The value of the unprefixed attribute 'name' in the start tag
 * data[start, stop) of a well-formed document: its offset and length.
 * '*qstart' (may be NULL) is where the attribute's name starts.
 */
bool dsr_mt_attr_span(const char *data, size_t start, size_t stop,
                      const char *name, size_t *nstart, size_t *vstart,
                      size_t *vlen);

/* The white space before 'at' on its line, if only white space is there. */
void dsr_mt_indent_at(const char *data, size_t at, char *out, size_t size,
                      const char *fallback);

/*
 * Where text goes before the end tag at 'tag': at the start of its line
 * if the tag stands alone there, else right before the tag.
 */
size_t dsr_mt_before_end_tag(const char *data, size_t tag, bool *own_line);

/*
 * What removing the element at [start, end) of 'data' cuts, in '*at' and
 * '*cut': its whole line (indentation and line end) when nothing else
 * is on it, else the element alone.  set and scan remove elements so.
 */
void dsr_mt_line_span(const char *data, size_t len, size_t start,
                      size_t end, size_t *at, size_t *cut);

/*
 * The start of a new indicator as set and scan add one: the comment line
 * "<!-- ID. NAME -->", then on the next line 'indent' and
 * "<PFXindicator id="ID"", the start tag left open for the caller.
 */
int dsr_mt_indicator_text(struct dsr_buf *b, const char *id,
                          const char *name, const char *indent,
                          const char *pfx, struct dsr_error *err);

/*
 * Where new indicator 'id' goes among the indicators of 'doc' (located
 * in 'data'), the one rule of set and scan: in catalog order, after the
 * nearest indicator before it in 'cat'; else before the first indicator
 * (and the comment lines right above it); else before the root's end
 * tag.  '*at' gets the offset and 'out' the text to insert there:
 * 'elem' (the indicator, its comment line first, as
 * dsr_mt_indicator_text() starts it) after 'indent', set off from its
 * neighbours by a blank line.
 */
struct dsr_catalog;
int dsr_mt_indicator_place(const char *data, const struct dsr_mt_doc *doc,
                           const struct dsr_catalog *cat, const char *id,
                           const char *indent, const char *elem, size_t *at,
                           struct dsr_buf *out, struct dsr_error *err);

/* 's' escaped for an attribute value in either kind of quotes. */
int dsr_mt_add_attr_escaped(struct dsr_buf *b, const char *s,
                            struct dsr_error *err);

/*
 * Append new text 'p' ('len' bytes of UTF-8 whose lines end in LF) as the
 * manifest writes it: each LF as CR LF with 'crlf', and with 'ascii'
 * every non-ASCII character as a character reference.
 */
int dsr_mt_add_new_text(struct dsr_buf *b, const char *p, size_t len,
                        bool ascii, bool crlf, struct dsr_error *err);

/*
 * Whether the manifest text 'data' can be edited in place: 0 when it can
 * ('enc' the declared single-byte encoding, in which new text must be
 * ASCII, or "" for UTF-8), 1 when it cannot (an error finding in 'f'
 * says why and how to convert, then to run scan again, or with !'scan'
 * the command again), -1 with 'err' set.
 */
int dsr_mt_splice_encoding(const char *data, size_t len, const char *path,
                           bool scan, char *enc, size_t size,
                           struct dsr_findings *f, struct dsr_error *err);

/*
 * Whether 'path' may be replaced: not a symbolic link (renaming a new
 * file over it would turn the link into a copy, the file it points to
 * left as it was) and not read-only (no write permission bit, or not
 * writable by this user: root is not stopped by the mode).  The editor
 * asks before anything else, a dry run too; dsr_mt_replace() asks again.
 * 0, or -1 with 'err' set (DSR_INPUT).  A path that does not exist is the
 * loader's to report (0).
 */
int dsr_mt_replaceable(const char *path, struct dsr_error *err);

/*
 * Replace 'path' by 'len' bytes of 'data' atomically, keeping the current
 * file ('oldlen' bytes of 'old', what was read and edited) as path.~N~
 * ('*backup' set to N, the DSR_SCAN_BACKUPS newest kept).  Nothing is
 * written when the file no longer holds 'old' (saved from an editor
 * meanwhile).  'scan': the messages name scan, else the command in
 * general.  Returns 0, or -1 with 'err' set.
 */
int dsr_mt_replace(const char *path, bool scan, const char *old, size_t oldlen,
                   const char *data, size_t len,
                   const volatile sig_atomic_t *cancel, unsigned long *backup,
                   struct dsr_error *err);

#endif
