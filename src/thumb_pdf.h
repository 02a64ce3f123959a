/*
 * thumb_pdf.h -- a PDF's page count and its first page drawn small, through
 * poppler's C++ interface (private to the core; thumb_pdf.cc).
 *
 * poppler's Splash renderer, which the C++ interface uses, scales a page's
 * images down as it reads them, so memory follows the size of the preview,
 * not of the scans on the page: a 600-dpi A4 scan is previewed in about
 * 10 MB.  poppler-glib offers only the cairo renderer, which decodes every
 * image at full resolution first (about 150 MB for the same page).
 */
#ifndef DOSSIER_THUMB_PDF_H
#define DOSSIER_THUMB_PDF_H

#include "thumb.h"

#ifdef __cplusplus
extern "C" {
#endif

struct th_pdf_page {
    int pages;              /* 0 when the PDF could not be read */
    unsigned char *rgb;     /* malloc'd; 'height' rows of 'stride' bytes */
    int width, height, stride;
};

/*
 * Read the PDF in the memory file 'fd' (still the caller's; mapped, never
 * opened by name): its page count, and, with 'image', its first page
 * drawn on white to fit in 'max_w' x 'max_h' pixels, as 8-bit RGB.
 * Returns TH_OK (out->rgb set), TH_NONE (page count only, as asked),
 * TH_LOCKED (encrypted), TH_MEMORY (out of memory) or TH_FAILED.  Never
 * throws.
 */
enum th_state th_pdf_first_page(int fd, int max_w, int max_h, bool image,
                                struct th_pdf_page *out);

#ifdef __cplusplus
}
#endif

#endif
