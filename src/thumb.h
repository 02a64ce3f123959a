/*
 * thumb.h -- first-page previews of evidence for the dossier PDF (private
 * to the core).  The decoders (poppler for PDFs, libpng, libjpeg through
 * gdk-pixbuf) run only in children of the preview server (preview_proc.h)
 * under a budget: thumb_work.c, th_work().  The caller's side (thumb.c)
 * decodes nothing: the child hands back the preview both as a small JPEG,
 * which the PDF embeds as it is, and as the pixels of that JPEG, which
 * the caller checks against the limits and gives cairo.
 */
#ifndef DOSSIER_THUMB_H
#define DOSSIER_THUMB_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cairo.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The limits that keep previews fast and small in memory.  A PDF's first
 * page is drawn by poppler's Splash renderer, which scales images down as
 * it reads them, so memory follows the preview; but the time grows with
 * the page's images, so a PDF is previewed (and its pages counted) only
 * up to TH_MAX_PDF_BYTES.  A PNG is decoded a row at a time and scaled as
 * it goes, so its memory does not grow with its size; TH_MAX_PIXELS bounds
 * its time.  JPEGs are decoded already scaled down (libjpeg scales by up
 * to 1/8), and any other image is decoded whole, up to
 * TH_MAX_DECODED_PIXELS.  A file is copied (and hashed) whole before it
 * is previewed, so these sizes also bound that copy.
 */
#define TH_MAX_PDF_BYTES ((uint64_t)32 << 20)
#define TH_MAX_IMAGE_BYTES ((uint64_t)64 << 20)
#define TH_MAX_PIXELS (80u * 1000u * 1000u)
#define TH_MAX_DECODED_PIXELS (4u * 1000u * 1000u)

/*
 * The hard budget of one preview, enforced on the child process that
 * makes it (preview_proc.c): CPU time (RLIMIT_CPU), wall-clock time (the
 * server kills it), and address space beyond what the child starts with
 * (RLIMIT_AS).  And the budget of all the previews of one render: once
 * TH_TOTAL_SECONDS of the children's CPU time are used, or that many
 * seconds have passed since the first preview, the rest get a placeholder.
 */
#define TH_CPU_SECONDS 5u
#define TH_WALL_SECONDS 20u
#define TH_MEMORY_BYTES ((uint64_t)256 << 20)
#define TH_TOTAL_SECONDS 120u
/* the largest preview JPEG a child may hand back (its pixels are at most
   max_w x max_h x 4 bytes besides) */
#define TH_MAX_RESULT_BYTES ((uint64_t)4 << 20)

enum th_state {
    TH_NONE,        /* not a previewable type, or previews are off */
    TH_OK,
    TH_FAILED,      /* a PDF or image that could not be read */
    TH_LOCKED,      /* an encrypted PDF */
    TH_LARGE,       /* over the limits above: no preview, not a failure */
    TH_SLOW,        /* over its CPU-time or wall-clock budget */
    TH_MEMORY,      /* over its memory budget */
    TH_BUDGET,      /* the render's total preview budget was used up */
    TH_CHANGED,     /* its bytes are not those check hashed */
    TH_NO_SERVER,   /* no preview server runs (dsr_previews_start()) */
};

struct th_preview {
    enum th_state state;
    int pages;                  /* pages of a PDF; 0 when unknown */
    unsigned char *jpeg;        /* the preview, when TH_OK */
    size_t len;
    int width, height;          /* of the preview, in pixels */
    /* the JPEG's pixels as cairo's CAIRO_FORMAT_RGB24: 'height' rows of
       'width' native-endian 0x00RRGGBB words, when TH_OK */
    uint32_t *pixels;
    uint64_t cpu_ms;            /* CPU time the child used */
};

/* One render's budget for all its previews (th_budget_start()). */
struct th_budget {
    uint64_t max_cpu_ms;        /* of all the children together */
    int64_t deadline_ms;        /* CLOCK_MONOTONIC; set by th_budget_start() */
    uint64_t used_ms;           /* updated atomically */
};

/* What one preview may use; th_limits_default() fills in the constants. */
struct th_limits {
    unsigned cpu_seconds;
    unsigned wall_seconds;
    uint64_t memory;            /* bytes of address space beyond the start */
    struct th_budget *budget;   /* NULL: no total budget */
    /* once *cancel is non-zero (may be NULL), a preview still running is
       abandoned within about 100 ms and its child killed */
    const volatile sig_atomic_t *cancel;
};

void th_limits_default(struct th_limits *lim);

/* A total budget of 'seconds' of CPU time and of wall-clock time. */
void th_budget_start(struct th_budget *b, unsigned seconds);

/*
 * Preview the evidence file open on 'fd' (a regular file the caller opened
 * safely; still the caller's) of sniffed type 'mime', whose check found
 * 'size' bytes with SHA-256 'sha256' (lowercase hex), to fit in 'max_w' x
 * 'max_h' pixels.  The file is copied into a sealed memory file while it
 * is hashed, and previewed only when those bytes are the ones check
 * hashed (else TH_CHANGED); a child process previews the copy under
 * 'lim'.  With 'image' false, only a PDF's page count is taken.  Never
 * fails: a file that cannot be previewed gets a state saying why; without
 * a preview server (pv_start()), every PDF and image gets TH_NO_SERVER,
 * a placeholder, and PDFs no page count.
 */
void th_make(int fd, const char *sha256, const char *mime, uint64_t size,
             int max_w, int max_h, bool image, const struct th_limits *lim,
             struct th_preview *p);

/*
 * Open the evidence file on 'fd' as th_make() would, for dossier check:
 * a PDF (mime application/pdf) is opened and its pages counted, a PNG or
 * JPEG decoded whole to a preview of TH_PROBE_PIXELS square.  The state
 * says what came of it: TH_OK (a PDF with at least one page, or an image
 * that decodes; p->pages set for a PDF), TH_FAILED (damaged, cut short,
 * or a PDF without pages), TH_LOCKED, TH_LARGE, TH_SLOW, TH_MEMORY,
 * TH_BUDGET, TH_CHANGED, or TH_NONE for any other type.  No preview is
 * kept.  Never fails.
 */
#define TH_PROBE_PIXELS 16
void th_probe(int fd, const char *sha256, const char *mime, uint64_t size,
              const struct th_limits *lim, struct th_preview *p);

/* Why a file has no preview, translated, for its placeholder. */
const char *th_reason(const struct th_preview *p);

void th_release(struct th_preview *p);

/*
 * The child's side (thumb_work.c; preview_proc.c calls it in the child,
 * never in the caller's process): preview the bytes of the sealed memory
 * file 'in', of kind TH_KIND_*, and write the result to the memory file
 * 'out': a struct th_result, the JPEG, then its pixels.  Returns the
 * child's exit status: 0 when the result was written.
 */
enum th_kind { TH_KIND_PDF, TH_KIND_PNG, TH_KIND_JPEG };

struct th_result {
    int32_t state;              /* enum th_state */
    int32_t pages;
    int32_t width, height;
    uint64_t len;               /* bytes of JPEG */
    uint64_t pixels_len;        /* bytes of pixels: width * height * 4 */
};

int th_work(int in, int out, int kind, int max_w, int max_h, bool image,
            uint64_t memory);

/*
 * Make the decoders' global state once, in the preview server, so that
 * every child it forks inherits it (poppler's through th_begin(), in
 * thumb_pdf.cc; later calls do nothing).
 */
void th_warm(void);
bool th_begin(void);

/*
 * Take the child's result from the memory file 'out' into 'p' for a
 * preview of at most 'max_w' x 'max_h' pixels.  A result that breaks any
 * limit, or whose JPEG headers and pixels disagree with it, is refused:
 * 'p' is TH_FAILED, a placeholder.  Decodes nothing.
 */
void th_take_result(int out, int max_w, int max_h, struct th_preview *p);

/* What a JPEG's headers say, up to its first scan. */
struct th_jpeg_head {
    unsigned marker;            /* its SOFn */
    uint64_t width, height;
    unsigned ncomp;             /* components in the frame */
    unsigned scan_comps;        /* and in the first scan */
    uint64_t coefficients;      /* bytes of DCT coefficients, whole image */
};

/*
 * The frame header (SOFn) and the first scan header (SOS) of the JPEG in
 * 'd', both before any compressed data; a parse of the headers only, in
 * time linear in 'len'.  False when they are not found.
 */
bool th_jpeg_headers(const unsigned char *d, size_t len, struct th_jpeg_head *jh);

/*
 * The preview as an image surface for cairo, made from its pixels, with
 * its JPEG attached so the PDF embeds the JPEG as it is.  NULL unless
 * TH_OK.  The caller destroys it.
 */
cairo_surface_t *th_surface(const struct th_preview *p);

#ifdef __cplusplus
}
#endif

#endif
