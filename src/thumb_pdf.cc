/*
 * thumb_pdf.cc -- the one C++ file of the core: poppler's Splash renderer
 * is reachable only through poppler's C++ interface.  See thumb_pdf.h.
 */
#include "thumb_pdf.h"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <mutex>
#include <string>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

/*
 * Two kinds of poppler state are global.  Its tables (encodings, CMaps,
 * the list of system fonts) are built when a document is opened while none
 * is, and freed when the last one closes: once per preview, several
 * milliseconds each, unless a document stays open.  And its colour
 * management profiles are made by the first page drawn.  The preview
 * server calls th_begin() once, so this one-page document stays open and
 * its page is drawn there, and every child it forks inherits both.
 */
const char keeper_pdf[] = "%PDF-1.4\n"
                          "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                          "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
                          "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\n"
                          "trailer << /Root 1 0 R >>\n%%EOF\n";
std::mutex keeper_lock;
poppler::document *keeper;
bool begun;
bool warmed; /* a page was drawn: the colour profiles exist */

/* poppler reports every oddity of a damaged PDF on stderr; the dossier
   already shows such a file in a box saying it could not be read */
void
quiet(const std::string &, void *)
{
}

void
silence()
{
    static std::once_flag silenced;
    std::call_once(silenced, [] { poppler::set_debug_error_function(quiet, nullptr); });
}

enum th_state
first_page(const char *data, int len, int max_w, int max_h, bool image, th_pdf_page *out)
{
    silence();
    /* the bytes that were checked, never a file opened by name */
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(data, len));
    if (!doc)
        return TH_FAILED;
    if (doc->is_locked())
        return TH_LOCKED;
    out->pages = doc->pages();
    if (!image)
        return TH_NONE;

    std::unique_ptr<poppler::page> page(out->pages > 0 ? doc->create_page(0) : nullptr);
    if (!page)
        return TH_FAILED;
    poppler::rectf box = page->page_rect(poppler::crop_box);
    double pw = box.width(), ph = box.height();
    poppler::page::orientation_enum o = page->orientation();
    if (o == poppler::page::landscape || o == poppler::page::seascape)
        std::swap(pw, ph);
    if (!(pw >= 1 && ph >= 1 && pw < 1e5 && ph < 1e5))
        return TH_FAILED;
    double scale = max_w / pw;
    if (ph * scale > max_h)
        scale = max_h / ph;

    poppler::page_renderer renderer;
    renderer.set_image_format(poppler::image::format_rgb24);
    renderer.set_render_hints(poppler::page_renderer::antialiasing |
                              poppler::page_renderer::text_antialiasing |
                              poppler::page_renderer::text_hinting);
    poppler::image img = renderer.render_page(page.get(), 72 * scale, 72 * scale);
    if (!img.is_valid() || img.width() < 1 || img.height() < 1)
        return TH_FAILED;

    size_t bytes = static_cast<size_t>(img.bytes_per_row()) * static_cast<size_t>(img.height());
    out->rgb = static_cast<unsigned char *>(std::malloc(bytes));
    if (!out->rgb)
        return TH_FAILED;
    std::memcpy(out->rgb, img.const_data(), bytes);
    out->width = img.width();
    out->height = img.height();
    out->stride = img.bytes_per_row();
    return TH_OK;
}

} // namespace

/* th_begin() of thumb.h: only PDFs need it; the keeper is never closed */
extern "C" bool
th_begin(void)
{
    std::lock_guard<std::mutex> hold(keeper_lock);

    silence();
    if (begun)
        return warmed;
    begun = true;
    try {
        keeper = poppler::document::load_from_raw_data(keeper_pdf, sizeof(keeper_pdf) - 1);
        if (keeper && !warmed) {
            std::unique_ptr<poppler::page> page(keeper->create_page(0));
            poppler::page_renderer renderer;

            warmed = page && renderer.render_page(page.get()).is_valid();
        }
    } catch (...) {
        /* out of memory: previews still work, one at a time */
    }
    return warmed;
}

extern "C" enum th_state
th_pdf_first_page(int fd, int max_w, int max_h, bool image, struct th_pdf_page *out)
{
    enum th_state state = TH_FAILED;
    struct stat st;
    void *map = MAP_FAILED;

    *out = th_pdf_page();
    if (fstat(fd, &st) < 0 || st.st_size <= 0 || st.st_size > INT_MAX)
        return TH_FAILED;
    map = mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        return TH_FAILED;
    try {
        state = first_page(static_cast<const char *>(map), static_cast<int>(st.st_size),
                           max_w, max_h, image, out);
    } catch (const std::bad_alloc &) {
        /* over the child's memory limit; out->rgb is set only on success */
        state = TH_MEMORY;
    } catch (...) {
        state = TH_FAILED;
    }
    munmap(map, static_cast<size_t>(st.st_size));
    return state;
}
