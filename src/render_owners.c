/*
 * render_owners.c -- the dossier PDF's sections per owner (OPD):
 * who answers for what in the interview, and the plan for the site visit.
 */
#include "render_int.h"

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * What a section that follows on the page needs below its title: its
 * first paragraph, an OPD's heading, the table's header and two rows.
 */
#define OWNERS_NEED 150.0
#define VISIT_NEED 170.0
/* Characters of a visit's time, place and person shown (the manifest's
 * limits are longer; a visit line stays a few lines). */
#define VISIT_FIELD_CHARS 200

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
        {.width = LY_WIDTH - 30 - 44 - 44 - 48 - 70 - 44, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = 44, .style = LY_SMALL, .align = PANGO_ALIGN_CENTER},
        {.width = 44, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 48, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
        {.width = 70, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = 44, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
    };
    const char *head[] = {_("No."), _("Indicator"), _("Level"), _("Files"),
                          _("Findings"), _("Stage"), _("Page")};
    size_t n;
    size_t *list = owners(r, &n);

    rd_section_flow(r, _("Who answers for what"), OWNERS_NEED);
    ly_para(&r->ly, LY_BODY,
            _("Each indicator is answered in the interview by the office "
              "responsible for it (pengampu). The indicators are grouped here "
              "by office, so that each office knows what it must explain and "
              "which documents it must bring. Each row links to the "
              "indicator's page."),
            false, 0, ink, 8);
    for (size_t o = 0; o < n; o++) {
        const struct dsr_check_owner *g = &r->res->owners[list[o]];
        struct ly_table t = {.cols = cols, .ncols = 7, .head = head,
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
            char level[16], files[16], finds[32], dest[96], page[32];

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
                                                      : _("not filled"),
                                       page};

                rd_page_ref(r->ind_page[i], page, sizeof(page));
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

/* An OPD in the visit plan: the owner, its visit (NULL: none). */
struct visit_row {
    size_t owner;
    const char *name;
    const struct dsr_visit *visit;
};

static bool
dated(const struct dsr_visit *v)
{
    return v && v->date.year > 0;
}

/* Dated visits first, by date and time, then by name; "" (none) last. */
static int
cmp_visit_row(const void *a, const void *b)
{
    const struct visit_row *x = a;
    const struct visit_row *y = b;
    const struct dsr_date *dx, *dy;

    if (!*x->name || !*y->name)
        return (!*x->name) - (!*y->name);
    if (dated(x->visit) != dated(y->visit))
        return dated(x->visit) ? -1 : 1;
    if (dated(x->visit)) {
        dx = &x->visit->date;
        dy = &y->visit->date;
        if (dx->year != dy->year)
            return dx->year < dy->year ? -1 : 1;
        if (dx->month != dy->month)
            return dx->month < dy->month ? -1 : 1;
        if (dx->day != dy->day)
            return dx->day < dy->day ? -1 : 1;
        {
            int c = strcmp(x->visit->time ? x->visit->time : "",
                           y->visit->time ? y->visit->time : "");

            if (c)
                return c;
        }
    }
    {
        int c = strcmp(x->name, y->name);

        if (c)
            return c;
    }
    return (x->owner > y->owner) - (x->owner < y->owner);
}

/* The manifest's visit to the OPD 'name'; NULL: none. */
static const struct dsr_visit *
find_visit(const struct rnd *r, const char *name)
{
    for (size_t k = 0; *name && k < r->m->nvisits; k++)
        if (r->m->visits[k].owner && strcmp(r->m->visits[k].owner, name) == 0)
            return &r->m->visits[k];
    return NULL;
}

/* The OPDs in the visit plan's order; '*n' of them.  g_free() it. */
static struct visit_row *
visit_rows(const struct rnd *r, size_t *n)
{
    struct visit_row *rows = g_new0(struct visit_row, r->res->nowners + 1);

    for (size_t o = 0; o < r->res->nowners; o++) {
        rows[o].owner = o;
        rows[o].name = r->res->owners[o].name;
        rows[o].visit = find_visit(r, rows[o].name);
    }
    *n = r->res->nowners;
    if (*n > 1)
        qsort(rows, *n, sizeof(*rows), cmp_visit_row);
    return rows;
}

/* 's' (NULL: "") cut to VISIT_FIELD_CHARS characters. */
static char *
field(const char *s)
{
    char *cut, *out;

    if (!s)
        return g_strdup("");
    if (!g_utf8_validate(s, -1, NULL) ||
        g_utf8_strlen(s, -1) <= VISIT_FIELD_CHARS)
        return g_strdup(s);
    cut = g_utf8_substring(s, 0, VISIT_FIELD_CHARS - 1);
    out = g_strconcat(cut, "\u2026", NULL);
    g_free(cut);
    return out;
}

/* The visit's date and time, place and person, one line each. */
static void
visit_details(struct rnd *r, const struct dsr_visit *v)
{
    GString *s = g_string_new(NULL);
    char *when = NULL, *part;

    if (!v || (!dated(v) && !v->date_text && !(v->time && *v->time) &&
               !(v->place && *v->place) && !(v->person && *v->person))) {
        ly_para(&r->ly, LY_SMALL,
                _("The manifest gives no date, place or person in charge for "
                  "this office's visit."),
                false, 0, muted, 4);
        g_string_free(s, TRUE);
        return;
    }
    if (dated(v))
        when = g_strdup_printf("%d %s %d", v->date.day,
                               rd_month_name(v->date.month - 1), v->date.year);
    else if (v->date_text)
        when = field(v->date_text);
    if (when || (v->time && *v->time)) {
        char *t = field(v->time);

        part = g_markup_printf_escaped("<b>%s</b> %s%s%s", _("Date and time:"),
                                       when ? when : "",
                                       when && *t ? ", " : "", t);
        g_string_append(s, part);
        g_free(part);
        g_free(t);
    }
    if (v->place && *v->place) {
        char *t = field(v->place);

        part = g_markup_printf_escaped("%s<b>%s</b> %s", s->len ? "\n" : "",
                                       _("Place:"), t);
        g_string_append(s, part);
        g_free(part);
        g_free(t);
    }
    if (v->person && *v->person) {
        char *t = field(v->person);

        part = g_markup_printf_escaped("%s<b>%s</b> %s", s->len ? "\n" : "",
                                       _("Person in charge:"), t);
        g_string_append(s, part);
        g_free(part);
        g_free(t);
    }
    ly_para(&r->ly, LY_SMALL, s->str, true, 0, ink, 4);
    g_free(when);
    g_string_free(s, TRUE);
}


/* The columns of an OPD's applications in the visit plan. */
#define VISIT_COL_IND 30.0
#define VISIT_COL_APP 130.0
#define VISIT_COL_ACCOUNT 135.0
#define VISIT_COL_PAGE 42.0
#define VISIT_COL_URL                                                           \
    (LY_WIDTH - VISIT_COL_IND - VISIT_COL_APP - VISIT_COL_ACCOUNT -            \
     VISIT_COL_PAGE)

/*
 * One application: the row links to its address, its page reference to
 * the indicator's section.
 */
static void
visit_link_row(struct rnd *r, struct ly_table *t, size_t i,
               const struct dsr_mindicator *mi, const struct dsr_link *lk)
{
    char *href = rd_href(r, lk);
    char *uri = rd_link_attrs(href);
    char *account = rd_credentials(r, lk);
    char page[32], dest[96];
    const char *cells[] = {mi->id, *lk->text ? lk->text : href, href, account,
                           page};
    double top, h, x = LY_LEFT;

    rd_page_ref(r->ind_page[i], page, sizeof(page));
    top = ly_table_row(&r->ly, t, cells, NULL, NULL);
    h = r->ly.y - top;
    if (uri)
        rd_link_box(r, x, top, LY_WIDTH - VISIT_COL_PAGE, h, uri);
    rd_ind_link(dest, sizeof(dest), i);
    rd_link_box(r, LY_RIGHT - VISIT_COL_PAGE, top, VISIT_COL_PAGE, h, dest);
    g_free(account);
    g_free(uri);
    g_free(href);
}

void
rd_visit_section(struct rnd *r)
{
    static const struct ly_col cols[] = {
        {.width = VISIT_COL_IND, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = VISIT_COL_APP, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = VISIT_COL_URL, .style = LY_SMALL, .align = PANGO_ALIGN_LEFT},
        {.width = VISIT_COL_ACCOUNT, .style = LY_SMALL,
         .align = PANGO_ALIGN_LEFT},
        {.width = VISIT_COL_PAGE, .style = LY_SMALL, .align = PANGO_ALIGN_RIGHT},
    };
    const char *head[] = {_("No."), _("Application or service"), _("Address"),
                          _("Account"), _("Page")};
    size_t n, shown = 0;
    struct visit_row *list = visit_rows(r, &n);

    rd_section_flow(r, _("Visit plan"), VISIT_NEED);
    ly_para(&r->ly, LY_BODY,
            _("For the site visit (visitasi), per OPD, in the order of the "
              "visits: the date and time, the place and the person in charge; "
              "the applications and services to demonstrate, with their "
              "addresses, demo accounts and the page of the indicator; and the "
              "claims a visit would validate: every indicator claimed at level "
              "3 or above, where the evaluation expects practice that can be "
              "observed, not only documents."),
            false, 0, ink, 8);
    for (size_t o = 0; o < n; o++) {
        const struct dsr_check_owner *g = &r->res->owners[list[o].owner];
        struct ly_table t = {.cols = cols, .ncols = 5, .head = head,
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
        if (!links && !claims->len && !list[o].visit) {
            g_string_free(claims, TRUE);
            continue;
        }
        /* said once, not under every office */
        if (!shown++ && !r->m->nvisits)
            ly_para(&r->ly, LY_SMALL,
                    _("The manifest gives no visit: no date, place or person "
                      "in charge for any office."),
                    false, 0, muted, 8);
        ly_need(&r->ly, 90);
        rd_heading(r, LY_H3, *g->name ? g->name : _("No office named"), 8, 4);
        if (r->m->nvisits)
            visit_details(r, list[o].visit);
        if (links) {
            ly_table_begin(&r->ly, &t);
            for (size_t x = 0; x < g->nindicators && !rd_stopped(r); x++) {
                const struct dsr_mindicator *mi = rd_mind(r, g->indicators[x]);

                for (size_t k = 0; mi && k < mi->nlinks; k++)
                    visit_link_row(r, &t, g->indicators[x], mi, &mi->links[k]);
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
                _("The manifest lists no visit, no application link and no "
                  "claim at level 3 or above."),
                false, 0, ink, 0);
    g_free(list);
}
