/*
 * scan_splice.c -- insert scan's new evidence entries into manifest text.
 *
 * scan edits a file people wrote, so it never re-serialises the XML: it
 * asks the shared locator (manifest_text.c) where each indicator's tags
 * are (as byte offsets) and inserts text there, leaving every other byte
 * alone.
 */
#include "internal.h"
#include "manifest_text.h"
#include "workspace_int.h"

#include "dossier/buf.h"
#include "dossier/catalog.h"
#include "dossier/error.h"
#include "dossier/format.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- scan: where to insert ------------------------------------------ */

struct spot {
    char id[64];
    size_t start;               /* '<' of the start tag */
    size_t end_tag;             /* '<' of the end tag (not for empty ones) */
    size_t end;                 /* just past the final '>' */
    bool empty;                 /* <indicator .../> */
    size_t nev;                 /* its evidence elements so far */
};

/* An evidence element of an indicator. */
struct evspot {
    size_t ind;                 /* the indicator's spot */
    size_t nth;                 /* its place among the indicator's */
    size_t start;               /* '<' of the start tag */
    size_t stag_end;            /* just past the start tag's '>' */
    size_t end;                 /* just past the element's final '>' */
};

struct sax_state {
    struct spot *spots;
    size_t n;
    struct evspot *ev;
    size_t nev;
    size_t root_end_tag;
};

/* The indicators and their evidence elements among the located ones. */
static int
find_spots(const struct dsr_mt_doc *doc, struct sax_state *st,
           struct dsr_error *err)
{
    size_t *spot_of = calloc(doc->n + 1, sizeof(*spot_of));

    memset(st, 0, sizeof(*st));
    st->spots = calloc(doc->n + 1, sizeof(*st->spots));
    st->ev = calloc(doc->n + 1, sizeof(*st->ev));
    if (!spot_of || !st->spots || !st->ev) {
        free(spot_of);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    st->root_end_tag = doc->els[0].end_tag;
    for (size_t i = 0; i < doc->n; i++) {
        const struct dsr_mt_el *el = &doc->els[i];

        spot_of[i] = DSR_MT_NONE;
        if (el->depth == 2 && strcmp(el->name, "indicator") == 0) {
            struct spot *sp = &st->spots[st->n];
            const char *id = dsr_mt_attr(el, "id");

            snprintf(sp->id, sizeof(sp->id), "%s", id ? id : "");
            sp->start = el->start;
            sp->end = el->end;
            sp->empty = el->empty;
            sp->end_tag = el->end_tag;
            spot_of[i] = st->n++;
        } else if (el->depth == 3 && strcmp(el->name, "evidence") == 0 &&
                   spot_of[el->parent] != DSR_MT_NONE) {
            struct evspot *ev = &st->ev[st->nev++];
            size_t k = spot_of[el->parent];

            ev->ind = k;
            ev->nth = st->spots[k].nev++;
            ev->start = el->start;
            ev->stag_end = el->stag_end;
            ev->end = el->end;
        }
    }
    free(spot_of);
    return 0;
}

int
dsr_scan_entries_text(struct dsr_buf *b, const struct dsr_scan_newfile *files,
                      size_t nfiles, size_t ind, const char *indent,
                      const char *pfx, struct dsr_error *err)
{
    int rc = 0;

    for (size_t i = 0; i < nfiles && rc == 0; i++) {
        const struct dsr_scan_newfile *f = &files[i];

        if (f->ind != ind || f->moved)
            continue;
        rc = dsr_buf_addf(b, err, "%s<%sevidence file=\"", indent, pfx);
        if (rc == 0)
            rc = dsr_ws_add_escaped(b, f->rel, err);
        if (rc == 0)
            rc = dsr_buf_addf(b, err, "\" date=\"%s\" date-source=\"%s\"",
                              f->date,
                              f->date_from_document ? "document" : "file");
        if (rc == 0 && f->sha256[0])
            rc = dsr_buf_addf(b, err, " sha256=\"%s\"", f->sha256);
        if (rc == 0)
            rc = dsr_buf_adds(b, ">", err);
        if (rc == 0)
            rc = dsr_ws_add_escaped(b, f->title, err);
        if (rc == 0)
            rc = dsr_buf_addf(b, err, "</%sevidence>\n", pfx);
    }
    return rc;
}

struct insertion {
    size_t at, cut;
    size_t seq;                 /* made in this order (catalog order) */
    struct dsr_buf text;
};

static int
cmp_insertion(const void *a, const void *b)
{
    const struct insertion *x = a;
    const struct insertion *y = b;

    /* at one place, pure insertions before a cut */
    if (x->at != y->at)
        return (x->at > y->at) - (x->at < y->at);
    if (x->cut != y->cut)
        return (x->cut > y->cut) - (x->cut < y->cut);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * The insertion that carries out 'ed' on the text 'data' ('len' bytes)
 * whose tags 'st' located: a new file attribute value, or the element's
 * removal, with its line when it stands alone there.
 */
static int
edit_insertion(const struct sax_state *st, const char *data, size_t len,
               const struct dsr_scan_edit *ed, struct insertion *in,
               struct dsr_error *err)
{
    const struct evspot *ev = NULL;

    size_t lo = 0, hi = st->nev;

    /* the elements are in document order, so sorted by (ind, nth) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct evspot *e = &st->ev[mid];

        if (e->ind < ed->ind || (e->ind == ed->ind && e->nth < ed->nth))
            lo = mid + 1;
        else
            hi = mid;
    }
    /* the id is a check: a spot keeps its first 63 bytes */
    if (lo < st->nev && st->ev[lo].ind == ed->ind && st->ev[lo].nth == ed->nth &&
        strncmp(st->spots[ed->ind].id, ed->indicator,
                sizeof(st->spots[0].id) - 1) == 0)
        ev = &st->ev[lo];
    if (!ev || ev->end <= ev->start || ev->stag_end <= ev->start ||
        ev->end > len)
        return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                             "cannot locate an evidence entry of indicator "
                             "%s in the manifest", ed->indicator);
    if (ed->new_file) {
        size_t vs, vl;

        if (!dsr_mt_attr_span(data, ev->start, ev->stag_end, "file", NULL, &vs,
                              &vl))
            return dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                                 "cannot locate the file attribute of an "
                                 "evidence entry of indicator %s",
                                 ed->indicator);
        in->at = vs;
        in->cut = vl;
        return dsr_mt_add_attr_escaped(&in->text, ed->new_file, err);
    }
    dsr_mt_line_span(data, len, ev->start, ev->end, &in->at, &in->cut);
    return 0;
}

/* The manifest's new text: every new entry inserted, nothing else moved. */
int
dsr_scan_compose(const struct dsr_catalog *cat,
                 const struct dsr_scan_newfile *files, size_t nfiles,
                 const struct dsr_scan_edit *edits, size_t nedits,
                 const char *data, size_t len, const char *single_byte,
                 struct dsr_buf *out, struct dsr_error *err)
{
    bool ascii = single_byte != NULL;
    struct dsr_mt_doc doc;
    struct sax_state st;
    struct insertion *ins = NULL;
    size_t nins = 0;
    char indent[64] = "  ";
    size_t pos = 0;
    int rc = -1;

    memset(&st, 0, sizeof(st));
    if (dsr_mt_locate(data, len, single_byte, &doc, err) < 0 ||
        find_spots(&doc, &st, err) < 0)
        goto out;
    ins = calloc(cat->nindicators + 1 + nedits, sizeof(*ins));
    if (!ins) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    if (st.n)
        dsr_mt_indent_at(data, st.spots[0].start, indent, sizeof(indent), "  ");
    for (size_t i = 0; i < cat->nindicators; i++) {
        const char *id = cat->indicators[i].id;
        const struct spot *sp = NULL;
        char own[64], child[80];
        bool any = false;

        for (size_t k = 0; k < nfiles && !any; k++)
            any = files[k].ind == i && !files[k].moved;
        if (!any)
            continue;
        for (size_t k = 0; k < st.n && !sp; k++)
            if (strcmp(st.spots[k].id, id) == 0)
                sp = &st.spots[k];
        if (!sp) {
            /* not in the manifest yet: a new indicator, in catalog order
             * (the rule set follows too) */
            struct insertion *in = &ins[nins++];
            struct dsr_buf el = DSR_BUF_INIT;
            int erc;

            snprintf(child, sizeof(child), "%s  ", indent);
            erc = dsr_mt_indicator_text(&el, id,
                                        dsr_text_get(&cat->indicators[i].name,
                                                     DSR_LANG_ID),
                                        indent, doc.pfx, err);
            if (erc == 0)
                erc = dsr_buf_adds(&el, ">\n", err);
            if (erc == 0)
                erc = dsr_scan_entries_text(&el, files, nfiles, i, child,
                                            doc.pfx, err);
            if (erc == 0)
                erc = dsr_buf_addf(&el, err, "%s</%sindicator>", indent,
                                   doc.pfx);
            if (erc == 0)
                erc = dsr_mt_indicator_place(data, &doc, cat, id, indent,
                                             dsr_buf_str(&el), &in->at,
                                             &in->text, err);
            dsr_buf_release(&el);
            if (erc < 0)
                goto out;
            continue;
        }
        dsr_mt_indent_at(data, sp->start, own, sizeof(own), indent);
        snprintf(child, sizeof(child), "%s  ", own);
        {
            struct insertion *in = &ins[nins++];
            bool own_line;

            if (sp->empty) {
                /* <indicator .../> becomes <indicator ...> ... </indicator> */
                in->at = sp->end - 2;
                in->cut = 2;
                if (dsr_buf_adds(&in->text, ">\n", err) < 0 ||
                    dsr_scan_entries_text(&in->text, files, nfiles, i, child, doc.pfx, err) < 0 ||
                    dsr_buf_addf(&in->text, err, "%s</%sindicator>", own, doc.pfx) < 0)
                    goto out;
            } else {
                in->at = dsr_mt_before_end_tag(data, sp->end_tag, &own_line);
                if ((!own_line && dsr_buf_adds(&in->text, "\n", err) < 0) ||
                    dsr_scan_entries_text(&in->text, files, nfiles, i, child, doc.pfx, err) < 0 ||
                    (!own_line && dsr_buf_adds(&in->text, own, err) < 0))
                    goto out;
            }
        }
    }
    for (size_t i = 0; i < nedits; i++)
        if (edit_insertion(&st, data, len, &edits[i], &ins[nins++], err) < 0)
            goto out;
    for (size_t i = 0; i < nins; i++)
        ins[i].seq = i;
    if (nins)
        qsort(ins, nins, sizeof(*ins), cmp_insertion);
    for (size_t i = 0; i < nins; i++) {
        /* two edits of one place would garble it */
        if (ins[i].at < pos) {
            dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                          "two changes to the manifest overlap");
            goto out;
        }
        if (dsr_buf_add(out, data + pos, ins[i].at - pos, err) < 0 ||
            dsr_mt_add_new_text(out, dsr_buf_str(&ins[i].text),
                                ins[i].text.len, ascii, doc.crlf, err) < 0)
            goto out;
        pos = ins[i].at + ins[i].cut;
    }
    if (dsr_buf_add(out, data + pos, len - pos, err) < 0)
        goto out;
    rc = 0;
out:
    for (size_t i = 0; ins && i < cat->nindicators + 1 + nedits; i++)
        dsr_buf_release(&ins[i].text);
    free(ins);
    free(st.spots);
    free(st.ev);
    dsr_mt_doc_release(&doc);
    return rc;
}
