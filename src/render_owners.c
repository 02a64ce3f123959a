/*
 * render_owners.c -- the dossier PDF's sections per responsible office:
 * who answers for what in the interview, and the plan for the site visit.
 */
#include "render_int.h"

#include "internal.h"

#include <stdio.h>
#include <string.h>

static size_t
count_findings(const struct rnd *r, const char *id, enum dsr_severity sev)
{
    size_t n = 0;

    for (size_t i = 0; i < r->res->findings.n; i++) {
        const struct dsr_finding *f = &r->res->findings.items[i];

        if (f->severity == sev && strcmp(f->indicator, id) == 0)
            n++;
    }
    return n;
}

/* The owners (indexes into res->owners) in the dossier's order: as the
 * check found them, but "" (no owner) last. */
static size_t *
owners(const struct rnd *r, size_t *n)
{
    const struct dsr_check_result *res = r->res;
    size_t *list = g_new0(size_t, res->nowners + 1);
    size_t unowned = res->nowners;

    *n = 0;
    for (size_t o = 0; o < res->nowners; o++) {
        if (*res->owners[o].name)
            list[(*n)++] = o;
        else
            unowned = o;
    }
    if (unowned < res->nowners)
        list[(*n)++] = unowned;
    return list;
}

void
rd_owners_section(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 30, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 30 - 50 - 48 - 48 - 70, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = 50, .style = LY_SMALL, .align = PANGO_ALIGN_CENTER},
        {.width = 48, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 48, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 70, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("No."), _("Indicator"), _("Level"), _("Files"),
                          _("Findings"), _("Stage")};
    size_t n;
    size_t *list = owners(r, &n);

    rd_section(r, _("Who answers for what"));
    ly_para(&r->ly, LY_BODY,
            _("Each indicator is answered in the interview by the office "
              "responsible for it (pengampu). The indicators are grouped here "
              "by office, so that each office knows what it must explain and "
              "which documents it must bring. Each row links to the "
              "indicator's page."),
            false, 0, ink, 8);
    for (size_t o = 0; o < n; o++) {
        const struct dsr_check_owner *g = &r->res->owners[list[o]];
        struct ly_table t = {.cols = cols, .ncols = 6, .head = head,
                             .head_bg = navy, .x = LY_LEFT, .max_lines = 3};
        size_t count = g->nindicators;
        char *title;

        title = g_strdup_printf(dngettext(DSR_TEXTDOMAIN, "%s: %zu indicator",
                                          "%s: %zu indicators", count),
                                *g->name ? g->name : _("No office named"), count);
        ly_need(&r->ly, 70);
        rd_heading(r, LY_H3, title, 8, 4);
        g_free(title);
        ly_table_begin(&r->ly, &t);
        for (size_t x = 0; x < g->nindicators; x++) {
            size_t i = g->indicators[x];
            const struct dsr_score_indicator *si = &r->score->indicators[i];
            const struct dsr_mindicator *mi = rd_mind(r, i);
            char level[16], files[16], finds[32], dest[96];

            snprintf(level, sizeof(level), "%d", si->level);
            snprintf(files, sizeof(files), "%zu", mi ? mi->nevidence : 0);
            snprintf(finds, sizeof(finds), "%zu / %zu",
                     count_findings(r, si->def->id, DSR_SEV_ERROR) +
                         count_findings(r, si->def->id, DSR_SEV_WARNING),
                     count_findings(r, si->def->id, DSR_SEV_NOTE));
            {
                const char *cells[] = {si->def->id, rd_text(r, &si->def->name), level,
                                       files, finds,
                                       si->stage >= 0 ? rd_stage_label(si->stage)
                                                      : _("not filled")};

                rd_ind_link(dest, sizeof(dest), i);
                ly_table_row(&r->ly, &t, cells, dest, NULL);
            }
        }
    }
    ly_para(&r->ly, LY_TINY,
            _("Findings: warnings / notes from the check (appendix A)."), false,
            0, muted, 0);
    g_free(list);
}

void
rd_visit_section(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = 30, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 200, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = LY_WIDTH - 230, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
    };
    const char *head[] = {_("No."), _("Application or service"), _("Address")};
    size_t n, shown = 0;
    size_t *list = owners(r, &n);

    rd_section(r, _("Visit plan"));
    ly_para(&r->ly, LY_BODY,
            _("For the site visit (visitasi), per office: the applications and "
              "services to demonstrate, with their addresses and the notes on "
              "demo accounts given in the manifest, and the claims a visit "
              "would validate: every indicator claimed at level 3 or above, "
              "where the evaluation expects practice that can be observed, not "
              "only documents."),
            false, 0, ink, 8);
    for (size_t o = 0; o < n; o++) {
        const struct dsr_check_owner *g = &r->res->owners[list[o]];
        struct ly_table t = {.cols = cols, .ncols = 3, .head = head,
                             .head_bg = navy, .x = LY_LEFT, .max_lines = 4};
        GString *claims = g_string_new(NULL);
        size_t links = 0;

        for (size_t x = 0; x < g->nindicators; x++) {
            const struct dsr_score_indicator *si =
                &r->score->indicators[g->indicators[x]];
            const struct dsr_mindicator *mi = rd_mind(r, g->indicators[x]);

            links += mi ? mi->nlinks : 0;
            if (si->stage >= 0 && si->level >= 3)
                g_string_append_printf(claims, "%s%s (%d)", claims->len ? ", " : "",
                                       si->def->id, si->level);
        }
        if (!links && !claims->len) {
            g_string_free(claims, TRUE);
            continue;
        }
        shown++;
        ly_need(&r->ly, 90);
        rd_heading(r, LY_H3, *g->name ? g->name : _("No office named"), 8, 4);
        if (links) {
            ly_table_begin(&r->ly, &t);
            for (size_t x = 0; x < g->nindicators; x++) {
                const struct dsr_mindicator *mi = rd_mind(r, g->indicators[x]);

                if (!mi)
                    continue;
                for (size_t k = 0; k < mi->nlinks; k++) {
                    const struct dsr_link *lk = &mi->links[k];
                    char *uri = rd_link_attrs(lk->href);
                    const char *cells[] = {mi->id, *lk->text ? lk->text : lk->href,
                                           lk->href};

                    ly_table_row(&r->ly, &t, cells, uri, NULL);
                    g_free(uri);
                }
            }
        }
        if (claims->len) {
            char *p = g_markup_printf_escaped("<b>%s</b> %s",
                                              _("Claims to validate (indicator, level):"),
                                              claims->str);

            r->ly.y += 4;
            ly_para(&r->ly, LY_SMALL, p, true, 0, ink, 4);
            g_free(p);
        }
        g_string_free(claims, TRUE);
    }
    if (!shown)
        ly_para(&r->ly, LY_BODY,
                _("The manifest lists no application links and no claim at "
                  "level 3 or above."),
                false, 0, ink, 0);
    g_free(list);
}
