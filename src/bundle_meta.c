/*
 * bundle_meta.c -- metadata/arsip.xml and metadata/events.xml, the
 * bundle's descriptive metadata (r22-anri).  Built with libxml2's tree
 * API: every value, the manifest's text included, goes in through
 * xmlNewTextChild() or xmlNewProp(), which escape it.
 *
 * arsip.xml maps the bundle onto the elements of Perka ANRI 21/2011
 * (SIKN), as docs/design.md lists them; events.xml follows the event
 * semantics of PREMIS 3 (eventType, eventDateTime, eventDetail,
 * eventOutcome, linkingAgent) without the full PREMIS schema.
 */
#include "dossier/bundle_meta.h"

#include "dossier/finding.h"
#include "dossier/manifest.h"
#include "fileio.h"
#include "internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define X(s) ((const xmlChar *)(s))

/* A formatted string (malloc'd) in '*out'; -1 when memory runs out. */
static int __attribute__((format(printf, 2, 3)))
format(char **out, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    *out = n < 0 ? NULL : malloc((size_t)n + 1);
    if (!*out)
        return -1;
    va_start(ap, fmt);
    vsnprintf(*out, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return 0;
}

static int
nomem(struct dsr_error *err)
{
    return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
}

/*
 * A child with text 'text' (escaped, NULL for none); NULL when memory
 * runs out or 'parent' is NULL (an earlier failure), so that a document
 * is built in straight lines and checked once.
 */
static xmlNodePtr
child(xmlNodePtr parent, const char *name, const char *text)
{
    if (!parent)
        return NULL;
    return xmlNewTextChild(parent, parent->ns, X(name), X(text));
}

static bool
prop(xmlNodePtr node, const char *name, const char *value)
{
    return node && xmlNewProp(node, X(name), X(value)) != NULL;
}

/* An element for a value the manifest may not give: its text, or
 * diberikan="tidak" and no text, never a value of our own. */
static bool
given(xmlNodePtr parent, const char *name, const char *value)
{
    xmlNodePtr n = child(parent, name, value);

    return n && (value || prop(n, "diberikan", "tidak"));
}

static bool
years(xmlNodePtr node, const char *name, int y)
{
    char buf[16];

    if (y < 0)
        return true;
    snprintf(buf, sizeof(buf), "%d", y);
    return prop(node, name, buf);
}

static void
utc(int64_t date, const char *fmt, char *out, size_t size)
{
    time_t t = (time_t)date;
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(out, size, fmt, &tm);
}

/* A new document with root 'name' in namespace 'ns'. */
static xmlDocPtr
new_doc(const char *name, const char *ns, xmlNodePtr *root)
{
    xmlDocPtr doc = xmlNewDoc(X("1.0"));
    xmlNsPtr n;

    *root = doc ? xmlNewDocNode(doc, NULL, X(name), NULL) : NULL;
    if (!*root) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlDocSetRootElement(doc, *root);
    n = xmlNewNs(*root, X(ns), NULL);
    if (!n) {
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlSetNs(*root, n);
    return doc;
}

/* 'doc' as UTF-8 bytes in '*xml' (malloc'd); frees 'doc'. */
static int
finish(xmlDocPtr doc, bool ok, char **xml, size_t *len, struct dsr_error *err)
{
    xmlChar *out = NULL;
    int n = 0;

    *xml = NULL;
    *len = 0;
    if (ok)
        xmlDocDumpFormatMemoryEnc(doc, &out, &n, "UTF-8", 1);
    xmlFreeDoc(doc);
    if (!out || n < 0) {
        xmlFree(out);
        return nomem(err);
    }
    *xml = malloc((size_t)n + 1);
    if (!*xml) {
        xmlFree(out);
        return nomem(err);
    }
    memcpy(*xml, out, (size_t)n + 1);
    *len = (size_t)n;
    xmlFree(out);
    return 0;
}

/* What people call the evaluation ("SPBE"), else the framework id. */
static const char *
evaluation(const struct dsr_check_result *c)
{
    if (c->catalog && c->catalog->short_name && *c->catalog->short_name)
        return c->catalog->short_name;
    return c->manifest->framework;
}

int
dsr_bundle_arsip_xml(const struct dsr_bundle_meta *bm, uint64_t bytes,
                     size_t count, char **xml, size_t *len,
                     struct dsr_error *err)
{
    const struct dsr_manifest *m = bm->checked->manifest;
    const struct dsr_marchive *a = m->archive;
    const char *ev = evaluation(bm->checked);
    bool id = bm->lang == DSR_LANG_ID;
    char *title = NULL, *about = NULL;
    char day[32], num[32];
    xmlNodePtr root, n;
    xmlDocPtr doc;
    bool ok;

    doc = new_doc("arsip", DSR_ARSIP_NS, &root);
    if (!doc)
        return nomem(err);
    /* the document's words follow the dossier's language */
    if (format(&title,
                     id ? "Bukti dukung evaluasi %s %s: %s"
                        : "%s evaluation evidence %s: %s",
                     ev, m->year_text, m->instance_name) < 0 ||
        format(&about,
                     id ? "Bundel tahunan evaluasi %s tahun %s (kerangka %s) "
                          "dari %s: manifes sebagaimana diperiksa, laporan "
                          "pemeriksaan, dosir (PDF) dan satu zip bukti dukung "
                          "per indikator"
                        : "The yearly bundle of the %s evaluation of %s "
                          "(framework %s) of %s: the manifest as checked, "
                          "the check report, the dossier (PDF) and one zip "
                          "of evidence per indicator",
                     ev, m->year_text, m->framework, m->instance_name) < 0) {
        free(title);
        xmlFreeDoc(doc);
        return nomem(err);
    }
    ok = prop(root, "standar", "Perka ANRI 21/2011 (SIKN)");
    ok = ok && child(root, "nomor-arsip", bm->id);
    ok = ok && child(root, "judul", title);
    n = child(root, "pencipta-arsip", m->instance_name);
    ok = ok && n && (!*m->instance_kind || prop(n, "jenis", m->instance_kind));
    n = child(root, "uraian-informasi", about);
    ok = ok && prop(n, "kerangka", m->framework) && prop(n, "tahun", m->year_text);
    n = child(root, "kurun-waktu", NULL);
    if (m->has_period)
        ok = ok && prop(n, "dari", m->period_from_text) &&
             prop(n, "sampai", m->period_to_text);
    else
        ok = ok && prop(n, "diberikan", "tidak");
    if (ok) {
        n = child(root, "jumlah", NULL);
        snprintf(num, sizeof(num), "%zu", count);
        ok = prop(n, "berkas", num);
        snprintf(num, sizeof(num), "%" PRIu64, bytes);
        ok = ok && prop(n, "bita", num);
    }
    ok = ok && child(root, "media", "elektronik");
    n = child(root, "bahasa", id ? "Indonesia" : "Inggris");
    ok = ok && prop(n, "kode", id ? "id" : "en");
    ok = ok && given(root, "kode-klasifikasi", a ? a->classification : NULL);
    ok = ok && given(root, "klasifikasi-akses", a ? a->access : NULL);
    ok = ok && given(root, "klasifikasi-keamanan", a ? a->security : NULL);
    if (ok) {
        n = child(root, "retensi", NULL);
        ok = n != NULL;
        if (ok && (!a || (a->active_years < 0 && a->inactive_years < 0 &&
                          !a->disposition)))
            ok = prop(n, "diberikan", "tidak");
        else if (ok)
            ok = years(n, "aktif", a->active_years) &&
                 years(n, "inaktif", a->inactive_years) &&
                 (!a->disposition || prop(n, "nasib-akhir", a->disposition));
    }
    utc(bm->date, "%Y-%m-%d", day, sizeof(day));
    ok = ok && child(root, "tanggal", day);
    free(title);
    free(about);
    return finish(doc, ok, xml, len, err);
}

int
dsr_bundle_events_xml(const struct dsr_bundle_meta *bm,
                      const struct dsr_bag_entries *payload, char **xml,
                      size_t *len, struct dsr_error *err)
{
    static const char *const sev[] = {"errors", "warnings", "notes"};
    const struct dsr_check_result *c = bm->checked;
    char when[64], num[32];
    xmlNodePtr root, ev, n, agent, fix;
    xmlDocPtr doc;
    bool ok;

    doc = new_doc("events", DSR_EVENTS_NS, &root);
    if (!doc)
        return nomem(err);
    utc(bm->date, "%Y-%m-%dT%H:%M:%SZ", when, sizeof(when));
    ok = prop(root, "object", bm->id);
    ev = child(root, "event", NULL);
    ok = ok && child(ev, "eventIdentifier", "creation-1") &&
         child(ev, "eventType", "creation") &&
         child(ev, "eventDateTime", when) &&
         child(ev, "eventDetail",
               "dossier pack: the manifest checked, the dossier rendered, "
               "one zip per indicator written and the bag made");
    ok = ok && child(ev, "eventOutcome", "success");
    if (ok) {
        n = child(ev, "eventOutcomeDetail", NULL);
        ok = n != NULL;
        for (int s = 0; ok && s < 3; s++) {
            snprintf(num, sizeof(num), "%zu", c->findings.counts[s]);
            ok = prop(n, sev[s], num);
        }
    }
    if (ok) {
        fix = child(ev, "fixity", NULL);
        ok = prop(fix, "algorithm", dsr_bag_alg_name(bm->alg));
        snprintf(num, sizeof(num), "%zu", payload->n);
        ok = ok && prop(fix, "files", num);
        for (size_t i = 0; ok && i < payload->n; i++) {
            n = child(fix, "file", NULL);
            ok = prop(n, "path", payload->items[i].path) &&
                 prop(n, "digest", payload->items[i].digest);
        }
    }
    agent = child(ev, "linkingAgent", NULL);
    ok = ok && prop(agent, "role", "executing program") &&
         child(agent, "name", "dossier") &&
         child(agent, "version", bm->tool_version);
    return finish(doc, ok, xml, len, err);
}

int
dsr_bundle_meta_tag_files(void *ctx, int dirfd,
                          const struct dsr_bag_entries *payload,
                          uint64_t bytes, size_t count, struct dsr_error *err)
{
    const struct dsr_bundle_meta *bm = ctx;
    char *arsip = NULL, *events = NULL;
    size_t alen, elen;
    int mfd, ret = -1;

    if (dsr_bundle_arsip_xml(bm, bytes, count, &arsip, &alen, err) < 0 ||
        dsr_bundle_events_xml(bm, payload, &events, &elen, err) < 0)
        goto out;
    mfd = dsr_fio_mkdirs_beneath(dirfd, DSR_BUNDLE_META_DIR);
    if (mfd < 0) {
        dsr_error_sys(err, errno, NULL, _("cannot create the folder '%s' in the bundle"),
                      DSR_BUNDLE_META_DIR);
        goto out;
    }
    ret = dsr_fio_write_new(mfd, DSR_BUNDLE_META_DIR, "arsip.xml", arsip, alen,
                            err) < 0 ||
                  dsr_fio_write_new(mfd, DSR_BUNDLE_META_DIR, "events.xml",
                                    events, elen, err) < 0
              ? -1
              : 0;
    close(mfd);
out:
    free(arsip);
    free(events);
    return ret;
}
