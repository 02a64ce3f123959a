/*
 * thumb.h -- first-page previews of evidence for the dossier PDF (private
 * to the core): PDFs through poppler (thumb_pdf.cc), PNG through libpng,
 * JPEG through gdk-pixbuf, downscaled and kept as small JPEGs so that a
 * dossier with hundreds of previews stays small.
 */
#ifndef DOSSIER_THUMB_H
#define DOSSIER_THUMB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

struct dsr_root;

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The limits that keep previews fast and small in memory.  A PDF's first
 * page is drawn by poppler's Splash renderer, which scales images down as
 * it reads them, so memory follows the preview; but the time grows with
 * the page's images, so a PDF is previewed only up to TH_MAX_PDF_BYTES
 * (larger ones still get a page count).  A PNG is decoded a row at a time
 * and scaled as it goes, so its memory does not grow with its size;
 * TH_MAX_PIXELS bounds its time.  JPEGs are decoded already scaled down
 * (libjpeg scales by up to 1/8), and any other image is decoded whole, up
 * to TH_MAX_DECODED_PIXELS.
 */
#define TH_MAX_PDF_BYTES ((uint64_t)32 << 20)
#define TH_MAX_IMAGE_BYTES ((uint64_t)64 << 20)
#define TH_MAX_PIXELS (80u * 1000u * 1000u)
#define TH_MAX_DECODED_PIXELS (4u * 1000u * 1000u)

enum th_state {
    TH_NONE,        /* not a previewable type, or previews are off */
    TH_OK,
    TH_FAILED,      /* a PDF or image that could not be read */
    TH_LOCKED,      /* an encrypted PDF */
    TH_LARGE,       /* over the limits above: no preview, not a failure */
};

struct th_preview {
    enum th_state state;
    int pages;                  /* pages of a PDF; 0 when unknown */
    unsigned char *jpeg;        /* the preview, when TH_OK */
    size_t len;
    int width, height;          /* of the preview, in pixels */
};

/*
 * Preview the evidence file at 'resolved' (a path dsr_root_resolve()
 * accepted; it is opened beneath 'root' with dsr_root_open_file(); with
 * 'root' NULL, a path opened as it is, for tests) of sniffed type 'mime',
 * to fit in 'max_w' x 'max_h' pixels.  With 'image' false, only a PDF's
 * page count is taken.  Never fails: a file that cannot be read is
 * TH_FAILED (or TH_LOCKED).
 */
void th_make(const struct dsr_root *root, const char *resolved,
             const char *mime, uint64_t size, int max_w, int max_h, bool image,
             struct th_preview *p);

void th_release(struct th_preview *p);

/*
 * Bracket a run of th_make() calls: poppler's global tables are then built
 * once for the run, not once per PDF, and th_make() may be called from
 * several threads in between if th_begin() returns true (it draws a page
 * first, so that poppler's unguarded global state exists before threads
 * race to make it).  Calls nest.  (In thumb_pdf.cc.)
 */
bool th_begin(void);
void th_end(void);

/*
 * The preview as an image surface for cairo, with its JPEG attached so the
 * PDF embeds the JPEG as it is.  NULL unless TH_OK.  The caller destroys it.
 */
cairo_surface_t *th_surface(const struct th_preview *p);

#ifdef __cplusplus
}
#endif

#endif
