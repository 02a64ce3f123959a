/*
 * findings_xml.c -- write the findings of dossier check as findings.xml.
 */
#include "dossier/check.h"

#include "dossier/error.h"
#include "dossier/finding.h"

#include <errno.h>
#include <fcntl.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <unistd.h>

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
    int fd = -1;
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
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        dsr_error_sys(err, errno, path, "cannot create");
        goto out;
    }
    for (const char *p = (const char *)xml; len > 0;) {
        ssize_t n = write(fd, p, (size_t)len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            dsr_error_sys(err, errno, path, "cannot write");
            goto out;
        }
        p += n;
        len -= (int)n;
    }
    if (close(fd) < 0) {
        fd = -1;
        dsr_error_sys(err, errno, path, "cannot write");
        goto out;
    }
    fd = -1;
    ret = 0;
out:
    if (fd >= 0)
        close(fd);
    xmlFree(xml);
    if (doc)
        xmlFreeDoc(doc);
    return ret;
}
