/*
 * bag_report.c -- verify --report FILE: the result of a bundle's check
 * written for the archive's records, as XML (urn:dossier:verify-report:1,
 * templates/schemas/verify-report.xsd) or JSON (the keys of verify
 * --format json, and what was checked).  It writes a file; it prints
 * nothing.
 */
#include "dossier/bag.h"

#include "dossier/error.h"
#include "dossier/format.h"
#include "fileio.h"
#include "internal.h"

#include <errno.h>
#include <jansson.h>
#include <libxml/tree.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REPORT_NS "urn:dossier:verify-report:1"

static bool
ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);

    return n > k && strcmp(s + n - k, tail) == 0;
}

int
dsr_bag_report_format(const char *path)
{
    if (ends_with(path, ".xml"))
        return DSR_BAG_REPORT_XML;
    if (ends_with(path, ".json"))
        return DSR_BAG_REPORT_JSON;
    return -1;
}

/* ---- XML, through libxml2's tree --------------------------------------- */

/* 'value' made printable (dsr_printable()) as attribute 'name' of 'node'. */
static bool
xml_attr(xmlNodePtr node, const char *name, const char *value)
{
    char *p = dsr_printable(value);
    bool ok = p && xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)p);

    free(p);
    return ok;
}

static bool
xml_count(xmlNodePtr node, const char *name, uint64_t n)
{
    char buf[32];

    snprintf(buf, sizeof(buf), "%" PRIu64, n);
    return xmlNewProp(node, (const xmlChar *)name, (const xmlChar *)buf) != NULL;
}

static xmlNodePtr
xml_child(xmlNodePtr parent, xmlNsPtr ns, const char *name)
{
    return xmlNewChild(parent, ns, (const xmlChar *)name, NULL);
}

/* One <problem>: kind, severity, path, and the message as its text. */
static bool
xml_problem(xmlNodePtr parent, xmlNsPtr ns, const struct dsr_bag_problem *p)
{
    char *msg = dsr_printable(p->message);
    xmlNodePtr node = msg ? xmlNewTextChild(parent, ns, (const xmlChar *)"problem",
                                            (const xmlChar *)msg)
                          : NULL;

    free(msg);
    return node &&
           xmlNewProp(node, (const xmlChar *)"kind",
                      (const xmlChar *)dsr_bag_kind_name(p->kind)) &&
           xmlNewProp(node, (const xmlChar *)"severity",
                      (const xmlChar *)dsr_bag_severity_name(p->severity)) &&
           xml_attr(node, "path", p->path);
}

/* The XML report into '*out' ('*len' bytes, xmlFree()); false: no memory. */
static bool
write_xml(const struct dsr_bag_report *rep, const struct dsr_bag_report_meta *meta,
          xmlChar **out, int *len)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = NULL, node, probs;
    xmlNsPtr ns = NULL;
    bool ok;

    *out = NULL;
    if (doc)
        root = xmlNewDocNode(doc, NULL, (const xmlChar *)"verify-report", NULL);
    if (root) {
        xmlDocSetRootElement(doc, root);
        ns = xmlNewNs(root, (const xmlChar *)REPORT_NS, NULL);
    }
    ok = ns != NULL;
    if (ok) {
        xmlSetNs(root, ns);
        ok = xmlNewProp(root, (const xmlChar *)"ok",
                        (const xmlChar *)(dsr_bag_report_errors(rep) ? "false"
                                                                     : "true")) &&
             xml_attr(root, "checked-at", meta->checked_at) &&
             xml_attr(root, "tool-version", meta->tool_version);
    }
    ok = ok && (node = xml_child(root, ns, "bundle")) &&
         xml_attr(node, "path", meta->bundle) &&
         (!rep->bundle_id || xml_attr(node, "id", rep->bundle_id));
    ok = ok && (node = xml_child(root, ns, "checked")) &&
         xml_count(node, "files", rep->files) && xml_count(node, "bytes", rep->bytes) &&
         xml_count(node, "zips", rep->zips) && xml_count(node, "entries", rep->entries) &&
         xml_count(node, "encrypted-zips", rep->encrypted);
    ok = ok && (node = xml_child(root, ns, "signature")) &&
         xmlNewProp(node, (const xmlChar *)"state",
                    (const xmlChar *)dsr_bag_signature_name(rep->signature));
    ok = ok && (probs = xml_child(root, ns, "problems")) &&
         xml_count(probs, "count", rep->n);
    for (size_t i = 0; ok && i < rep->n; i++)
        ok = xml_problem(probs, ns, &rep->items[i]);
    if (ok)
        xmlDocDumpFormatMemoryEnc(doc, out, len, "UTF-8", 1);
    if (doc)
        xmlFreeDoc(doc);
    return *out != NULL;
}

/* ---- JSON, through jansson --------------------------------------------- */

/*
 * A name from the bag as a JSON string: as it is when it is UTF-8 (jansson
 * escapes control characters itself), as dsr_printable() makes it when
 * not (jansson refuses it), as verify --format json always gave it.
 */
static json_t *
json_name(const char *name)
{
    json_t *j = json_string(name ? name : "");
    char *safe;

    if (j)
        return j;
    safe = dsr_printable(name);
    j = safe ? json_string(safe) : NULL;
    free(safe);
    return j;
}

/* 'v' (a new reference, NULL when out of memory) as 'o'[key]. */
static bool
put(json_t *o, const char *key, json_t *v)
{
    return v && json_object_set_new(o, key, v) == 0;
}

static json_t *
problem_json(const struct dsr_bag_problem *p)
{
    json_t *o = json_object();

    if (o && put(o, "path", json_name(p->path)) &&
        put(o, "kind", json_string(dsr_bag_kind_name(p->kind))) &&
        put(o, "message", json_name(p->message)) &&
        put(o, "severity", json_string(dsr_bag_severity_name(p->severity))))
        return o;
    json_decref(o);
    return NULL;
}

char *
dsr_bag_report_json(const struct dsr_bag_report *rep,
                    const struct dsr_bag_report_meta *meta, struct dsr_error *err)
{
    json_t *root = json_object();
    json_t *arr = json_array();
    char *text = NULL;
    bool ok = root && arr &&
              put(root, "ok", json_boolean(dsr_bag_report_errors(rep) == 0));

    if (ok && meta)
        ok = put(root, "bundle", json_name(meta->bundle)) &&
             put(root, "bundle_id",
                 rep->bundle_id ? json_name(rep->bundle_id) : json_null()) &&
             put(root, "checked_at", json_name(meta->checked_at)) &&
             put(root, "tool_version", json_name(meta->tool_version));
    for (size_t i = 0; ok && i < rep->n; i++) {
        json_t *o = problem_json(&rep->items[i]);

        ok = o && json_array_append_new(arr, o) == 0;
    }
    ok = ok && json_object_set(root, "problems", arr) == 0 &&
         put(root, "files", json_integer((json_int_t)rep->files)) &&
         put(root, "bytes", json_integer((json_int_t)rep->bytes)) &&
         put(root, "zips", json_integer((json_int_t)rep->zips)) &&
         put(root, "entries", json_integer((json_int_t)rep->entries)) &&
         put(root, "encrypted_zips", json_integer((json_int_t)rep->encrypted)) &&
         put(root, "signature", json_string(dsr_bag_signature_name(rep->signature)));
    if (ok)
        text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(arr);
    json_decref(root);
    if (!text)
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    return text;
}

/*
 * Whether writing 'path' would touch the bundle: the same file as an
 * archive bundle, or a place inside a bundle folder (its parent folder
 * resolved, as the rename will see it).
 */
static bool
touches_bundle(const char *path, const char *bundle)
{
    char dir[PATH_MAX], rdir[PATH_MAX], rb[PATH_MAX];
    const char *slash = strrchr(path, '/');
    struct stat sb, sp;
    size_t n;

    if (stat(bundle, &sb) < 0 || !realpath(bundle, rb))
        return false;
    if (S_ISREG(sb.st_mode))
        return stat(path, &sp) == 0 && sp.st_dev == sb.st_dev &&
               sp.st_ino == sb.st_ino;
    if (!slash)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == path)
        snprintf(dir, sizeof(dir), "/");
    else
        snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
    if (!realpath(dir, rdir))
        return false;
    n = strlen(rb);
    return strncmp(rdir, rb, n) == 0 && (rdir[n] == '\0' || rdir[n] == '/');
}

int
dsr_bag_report_write(const char *path, const struct dsr_bag_report *rep,
                     const struct dsr_bag_report_meta *meta,
                     struct dsr_error *err)
{
    int fmt = dsr_bag_report_format(path);
    enum dsr_fio_step step;
    xmlChar *xml = NULL;
    char *text, *json = NULL;
    const char *data;
    size_t len;
    int ret = -1;

    if (fmt < 0)
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("a report is written as .xml or .json; give a "
                               "file name ending in one of them"));
    if (touches_bundle(path, meta->bundle))
        return dsr_error_set(err, DSR_USAGE, path, 0,
                             _("the report would be written into the bundle "
                               "itself, which verify never changes; write it "
                               "somewhere outside the bundle"));
    if (fmt == DSR_BAG_REPORT_XML) {
        int n = 0;

        if (!write_xml(rep, meta, &xml, &n))
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        data = (const char *)xml;
        len = (size_t)n;
    } else {
        /* the JSON text and a newline, as verify --format json prints it */
        text = dsr_bag_report_json(rep, meta, err);
        if (!text)
            return -1;
        json = malloc(strlen(text) + 2);
        if (!json) {
            free(text);
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        }
        len = strlen(text);
        memcpy(json, text, len);
        json[len++] = '\n';
        json[len] = '\0';
        free(text);
        data = json;
    }
    if (dsr_fio_publish(path, data, len, dsr_fio_default_mode(),
                        DSR_FIO_REPLACE, &step) < 0) {
        dsr_error_sys(err, errno, path, _("cannot write the report"));
        goto out;
    }
    ret = 0;
out:
    xmlFree(xml);
    free(json);
    return ret;
}
