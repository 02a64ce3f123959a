/*
 * pdfa.h -- cairo's PDF made a PDF/A-2 file (ISO 19005-2) with libqpdf:
 * XMP metadata equal to the Info dictionary, an sRGB output intent, a
 * trailer /ID from the content, /Lang, printable annotations, and /Alt
 * on the structure tree's figures.  Private to the core (r22-pdfa).
 */
#ifndef DOSSIER_PDFA_H
#define DOSSIER_PDFA_H

#include "dossier/error.h"

#include <stddef.h>
#include <stdio.h>

/*
 * The largest ICC profile read; the most objects (the input's /Size),
 * structure kids recorded and structure elements visited; the deepest
 * structure walked, in numbered objects from the top, and in levels of
 * arrays and direct elements within one object.
 */
#define PDFA_ICC_MAX ((size_t)1 << 20)
#define PDFA_OBJECTS_MAX ((size_t)1 << 22)
#define PDFA_STRUCT_DEPTH_MAX 64

struct dsr_pdfa_opts {
    const char *icc_path;           /* the sRGB ICC profile; required */
    const char *lang;               /* BCP 47: "id-ID" or "en-US" */
    /* xmpMM:DocumentID's tail; NULL: a SHA-256 of the input PDF */
    const char *document_id;
    /*
     * /Alt of the structure tree's /Figure elements, in the tree's order
     * (the drawing order); figures past 'nalt' keep none
     */
    const char *const *alt;
    size_t nalt;
    /*
     * Write the result to this stream rather than to memory, so that it
     * is never held twice; NULL: to memory.
     */
    FILE *out_file;
    const char *out_name;           /* its name in messages */
};

/* What the conversion found, for the tests. */
struct dsr_pdfa_info {
    char conformance;               /* 'U' or 'B' (pdfaid:conformance) */
    size_t annotations;             /* annotations given /F 4 */
    size_t figures;                 /* /Figure elements seen */
};

/*
 * Read the PDF 'in' ('len' bytes) and write it as PDF/A-2u (every font
 * has a /ToUnicode map) or else PDF/A-2b to '*out' (malloc'd, '*out_len'
 * bytes; the caller frees it), or with o->out_file to that stream
 * ('*out' NULL).  The output depends only on the input and
 * 'o': the same bytes in give the same bytes out.  Returns 0, or -1 with
 * 'err' set: DSR_IO naming the profile when it cannot be read, DSR_RENDER
 * when qpdf cannot read or write the PDF (an encrypted one included),
 * DSR_NOMEM.  'info' may be NULL.
 */
int dsr_pdfa_convert(const unsigned char *in, size_t len,
                     const struct dsr_pdfa_opts *o, unsigned char **out,
                     size_t *out_len, struct dsr_pdfa_info *info,
                     struct dsr_error *err);

#endif
