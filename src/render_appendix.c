/*
 * render_appendix.c -- the end of the dossier PDF: the appendices of
 * findings and checksums, and the sign-off page.
 */
#include "render_int.h"

#include "dossier/finding.h"
#include "dossier/format.h"

#include "internal.h"

#include <stdio.h>

void
rd_appendix_findings(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 30, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 60, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT, .markup = true},
        {.width = 34, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = LY_WIDTH - 30 - 60 - 34 - 96 - 42, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = 96, .style = LY_TINY, .align = PANGO_ALIGN_LEFT},
        {.width = 42, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
    };
    const char *head[] = {_("Ind."), _("Kind"), _("Line"), _("Finding"), _("Code"),
                          _("Page")};
    struct ly_table t = {.cols = cols, .ncols = 6, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 6};
    const struct dsr_findings *fs = &r->res->findings;
    /*
     * The file name only: the path given on the command line is a local
     * one (absolute, or relative to where render ran) and says nothing
     * to the reader of the PDF.
     */
    char *name = g_path_get_basename(r->m->path);
    char *p;

    rd_section(r, _("Appendix A. Findings of the check"));
    p = g_strdup_printf(_("The check of the manifest and of every evidence file "
                          "found %zu errors, %zu warnings and %zu notes. Lines "
                          "are lines of the manifest (%s)."),
                        fs->counts[DSR_SEV_ERROR], fs->counts[DSR_SEV_WARNING],
                        fs->counts[DSR_SEV_NOTE], name);
    g_free(name);
    ly_para(&r->ly, LY_BODY, p, false, 0, ink, 8);
    g_free(p);
    if (!fs->n)
        return;
    ly_table_begin(&r->ly, &t);
    for (size_t i = 0; i < fs->n && !rd_stopped(r); i++) {
        const struct dsr_finding *f = &fs->items[i];
        const struct ly_rgb c = sev_color[f->severity];
        size_t ind = rd_ind_index(r, f->indicator);
        char line[24], page[32], dest[96];
        char *kind = g_markup_printf_escaped(
            "<span foreground='#%02x%02x%02x' weight='bold'>%s</span>",
            (unsigned)(c.r * 255), (unsigned)(c.g * 255), (unsigned)(c.b * 255),
            dsr_severity_label(f->severity));
        const char *cells[] = {*f->indicator ? f->indicator : "\u2013", kind, line,
                               f->message, dsr_finding_name(f->code), page};

        if (f->line)
            snprintf(line, sizeof(line), "%lu", f->line);
        else
            snprintf(line, sizeof(line), "\u2013");
        /* the page of the indicator it concerns; none for the manifest's */
        if (ind != (size_t)-1) {
            rd_page_ref(r->ind_page[ind], page, sizeof(page));
            rd_ind_link(dest, sizeof(dest), ind);
        } else {
            snprintf(page, sizeof(page), "\u2013");
        }
        ly_table_row(&r->ly, &t, cells, ind != (size_t)-1 ? dest : NULL, NULL);
        g_free(kind);
    }
}

void
rd_appendix_checksums(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 24, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 24 - 50 - 158 - 42, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = 50, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 158, .style = LY_MONO, .align = PANGO_ALIGN_LEFT},
        {.width = 42, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
    };
    const char *head[] = {_("Ind."), _("File"), _("Size"), _("SHA-256"),
                          _("Page")};
    struct ly_table t = {.cols = cols, .ncols = 5, .head = head,
                         .head_bg = navy, .x = LY_LEFT, .max_lines = 6};

    rd_section(r, _("Appendix B. Checksums"));
    ly_para(&r->ly, LY_BODY,
            _("The SHA-256 checksum of every evidence file, as read by the "
              "check. A file whose checksum differs is not the document "
              "described in this dossier. Paths are relative to the evidence "
              "folder."),
            false, 0, ink, 8);
    ly_table_begin(&r->ly, &t);
    for (size_t i = 0; i < r->score->nindicators; i++) {
        const struct dsr_mindicator *mi = rd_mind(r, i);

        for (size_t j = 0; mi && j < mi->nevidence && !rd_stopped(r); j++) {
            const struct dsr_checked_file *cf = rd_checked_file(r, mi, j, NULL);
            char size[32], sha[80], page[32], dest[96];
            const char *cells[] = {mi->id, mi->evidence[j].file, size, sha, page};

            if (!cf || !cf->read)
                continue;
            dsr_format_size(cf->info.size, r->lang, size, sizeof(size));
            /* two lines of 32, so the column stays narrow */
            snprintf(sha, sizeof(sha), "%.32s\n%s", cf->info.sha256,
                     cf->info.sha256 + 32);
            /* the page of the indicator whose evidence table lists it */
            rd_page_ref(r->ind_page[i], page, sizeof(page));
            rd_ind_link(dest, sizeof(dest), i);
            ly_table_row(&r->ly, &t, cells, dest, NULL);
        }
    }
}

static void
signature_block(struct rnd *r, double x, double w, double top, const char *role,
                const char *name, const char *position)
{
    struct ly *ly = &r->ly;
    PangoLayout *l;
    double y = top;

    l = ly_text(ly, LY_BODY, role, false, w, 3);
    ly_draw(ly, l, x, y, ink);
    y += ly_height(l) + 70;
    g_object_unref(l);
    cairo_set_source_rgb(ly->cr, ink.r, ink.g, ink.b);
    cairo_set_line_width(ly->cr, 0.6);
    cairo_move_to(ly->cr, x, y);
    cairo_line_to(ly->cr, x + w, y);
    cairo_stroke(ly->cr);
    y += 4;
    if (name && *name) {
        char *p = g_markup_printf_escaped("<b>%s</b>\n%s", name, position ? position : "");

        l = ly_text(ly, LY_BODY, p, true, w, 4);
        ly_draw(ly, l, x, y, ink);
        g_object_unref(l);
        g_free(p);
    } else {
        l = ly_text(ly, LY_SMALL, _("Name and position"), false, w, 1);
        ly_draw(ly, l, x, y, muted);
        g_object_unref(l);
    }
}

void
rd_signoff(struct rnd *r)
{
    struct ly *ly = &r->ly;
    const struct dsr_manifest *m = r->m;
    double w = (LY_WIDTH - 40) / 2, top;
    char *p;

    rd_section(r, _("Sign-off"));
    p = g_strdup_printf(
        _("The %s coordinator of %s states that the self-assessment and the "
          "supporting documents in this dossier for the %s evaluation are "
          "complete and true, and that the files in the bundle are those whose "
          "checksums are listed in appendix B."),
        r->cat->short_name, m->instance_name, m->year_text);
    ly_para(ly, LY_BODY, p, false, 0, ink, 24);
    g_free(p);
    ly_para(ly, LY_BODY, _("Place and date: ______________________________"),
            false, 0, ink, 30);
    top = ly->y;
    {
        char *pos = g_strdup_printf("%s%s%s", m->coordinator_position,
                                    *m->coordinator_unit && *m->coordinator_position ? "\n" : "",
                                    m->coordinator_unit);

        char *label = g_strdup_printf(_("%s coordinator"), r->cat->short_name);

        signature_block(r, LY_LEFT, w, top, label, m->coordinator_name, pos);
        g_free(label);
        g_free(pos);
    }
    signature_block(r, LY_LEFT + w + 40, w, top,
                    _("Received by the external assessor"), NULL, NULL);
    ly->y = top + 160;
}
