/*
 * findings_xml.c -- write the findings of dossier check as findings.xml.
 */
#include "dossier/check.h"

#include "dossier/error.h"
#include "dossier/finding.h"
#include "fileio.h"

#include <libxml/tree.h>
#include <stdio.h>

static xmlNodePtr
add_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
    return xmlNewTextChild(parent, ns, (const xmlChar *)name, (const xmlChar *)text);
}

int
dsr_check_write_xml(const struct dsr_check_result *res, const char *path,
                    struct dsr_error *err)
{
    static const char *const names[] = {"errors", "warnings", "notes"};
    const struct dsr_manifest *m = res->manifest;
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNodePtr root = NULL;
    xmlNsPtr ns;
    xmlChar *xml = NULL;
    char buf[64];
    int len = 0;
    int ret = -1;

    if (doc)
        root = xmlNewDocNode(doc, NULL, (const xmlChar *)"findings", NULL);
    if (!root) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    xmlDocSetRootElement(doc, root);
    ns = xmlNewNs(root, (const xmlChar *)"urn:dossier:findings:1", NULL);
    xmlSetNs(root, ns);
    if (m) {
        xmlNewProp(root, (const xmlChar *)"framework", (const xmlChar *)m->framework);
        xmlNewProp(root, (const xmlChar *)"year", (const xmlChar *)m->year_text);
        xmlNewProp(root, (const xmlChar *)"instance",
                   (const xmlChar *)m->instance_name);
    }
    for (int sev = 0; sev < 3; sev++) {
        snprintf(buf, sizeof(buf), "%zu", res->findings.counts[sev]);
        xmlNewProp(root, (const xmlChar *)names[sev], (const xmlChar *)buf);
    }
    for (size_t i = 0; i < res->findings.n; i++) {
        const struct dsr_finding *f = &res->findings.items[i];
        xmlNodePtr node = add_child(root, ns, "finding", f->message);

        if (!node) {
            dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            goto out;
        }
        xmlNewProp(node, (const xmlChar *)"code",
                   (const xmlChar *)dsr_finding_name(f->code));
        xmlNewProp(node, (const xmlChar *)"severity",
                   (const xmlChar *)dsr_severity_name(f->severity));
        if (f->indicator && *f->indicator)
            xmlNewProp(node, (const xmlChar *)"indicator", (const xmlChar *)f->indicator);
        if (f->file && *f->file)
            xmlNewProp(node, (const xmlChar *)"file", (const xmlChar *)f->file);
        if (f->line) {
            snprintf(buf, sizeof(buf), "%lu", f->line);
            xmlNewProp(node, (const xmlChar *)"line", (const xmlChar *)buf);
        }
    }
    xmlDocDumpFormatMemoryEnc(doc, &xml, &len, "UTF-8", 1);
    if (!xml) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        goto out;
    }
    /* whole or not at all, and never over an existing file */
    if (dsr_fio_create(path, xml, (size_t)len, dsr_fio_default_mode(), err) < 0)
        goto out;
    ret = 0;
out:
    xmlFree(xml);
    if (doc)
        xmlFreeDoc(doc);
    return ret;
}
