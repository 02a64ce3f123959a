/*
 * xml.c -- hardened libxml2 parsing and schema validation.
 */
#include "xml.h"

#include "dossier/error.h"
#include "internal.h"
#include "liberr.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlschemas.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROBLEMS 200

struct parse_state {
    struct dsr_xml_problems *problems;
    bool doctype;
    unsigned long doctype_line;
};

static struct dsr_xml_problem *
problem_add(struct dsr_xml_problems *p, unsigned long line, const char *msg)
{
    size_t n;
    struct dsr_xml_problem *it;

    if (p->n >= MAX_PROBLEMS) {
        p->dropped++;
        return NULL;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        struct dsr_xml_problem *items =
            realloc(p->items, cap * sizeof(*items));
        if (!items) {
            p->dropped++;
            return NULL;
        }
        p->items = items;
        p->cap = cap;
    }
    it = &p->items[p->n];
    memset(it, 0, sizeof(*it));
    it->line = line;
    snprintf(it->msg, sizeof(it->msg), "%s", msg ? msg : _("unknown problem"));
    /* libxml2 messages end in a newline; ours never do */
    n = strlen(it->msg);
    while (n > 0 && (it->msg[n - 1] == '\n' || it->msg[n - 1] == ' '))
        it->msg[--n] = '\0';
    p->n++;
    return it;
}

static void
problem_from(struct dsr_xml_problems *p, const xmlError *e)
{
    struct dsr_xml_problem *it;

    if (!e || e->level == XML_ERR_WARNING)
        return;
    it = problem_add(p, e->line > 0 ? (unsigned long)e->line : 0,
                     dsr_xml_error_text(e->domain, e->code, e->message));
    if (!it)
        return;
    it->domain = e->domain;
    it->code = e->code;
    it->int1 = e->int1;
    it->col = e->int2 > 0 ? (unsigned long)e->int2 : 0;
    it->has_str1 = e->str1 != NULL;
    snprintf(it->str1, sizeof(it->str1), "%s", e->str1 ? e->str1 : "");
    snprintf(it->str2, sizeof(it->str2), "%s", e->str2 ? e->str2 : "");
    it->node = e->node;
}

static void
collect_error(void *ctx, dsr_xml_error_ptr e)
{
    problem_from(ctx, e);
}

static void
parse_error(void *ctx, dsr_xml_error_ptr e)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *st = ctxt->_private;

    /* the stop we asked for at a DOCTYPE is not a problem of its own */
    if (st->doctype && e && e->code == XML_ERR_USER_STOP)
        return;
    collect_error(st->problems, e);
}

/*
 * Called when the parser meets <!DOCTYPE ...>, before any declaration in
 * it is read: nothing in a manifest or catalog needs a DTD, and refusing it
 * here rules out external entities and entity expansion attacks at once.
 */
static void
refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
               const xmlChar *sys_id)
{
    xmlParserCtxtPtr ctxt = ctx;
    struct parse_state *st = ctxt->_private;

    (void)name;
    (void)ext_id;
    (void)sys_id;
    st->doctype = true;
    st->doctype_line = (unsigned long)xmlSAX2GetLineNumber(ctxt);
    xmlStopParser(ctxt);
}

/*
 * libxml2 keeps an element's line in 16 bits; past line 65535 its
 * xmlGetLineNo() guesses from the next text node, which starts after the
 * newline, so elements on their own line came out one line late.  Keep
 * the exact line where libxml2 keeps it for text nodes: in 'psvi', which
 * nothing else uses in our documents (see dsr_xml_line()).
 */
static void
start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
              const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
              int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    xmlNodePtr before = ctxt->node;

    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
                          namespaces, nb_attributes, nb_defaulted, attributes);
    if (ctxt->node && ctxt->node != before && ctxt->input &&
        ctxt->input->line >= 65535)
        ctxt->node->psvi = (void *)(ptrdiff_t)ctxt->input->line;
}

static enum dsr_xml_status
parse(const char *data, size_t len, const char *path, xmlDocPtr *doc,
      struct dsr_xml_problems *problems, bool recover, struct dsr_error *err)
{
    struct parse_state st = {.problems = problems};
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr d = NULL;
    enum dsr_xml_status ret = DSR_XML_FAILED;
    /*
     * XML_PARSE_HUGE: libxml2's own 10 MB limits (on a text node, an
     * attribute, a name lookup) are below ours (64 MiB manifests, 200,000
     * entries), and refused valid manifests as "Huge input lookup".  What
     * HUGE guards against is entity expansion, which cannot happen here: a
     * DOCTYPE stops the parser before any declaration is read.
     */
    int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                  XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA | XML_PARSE_HUGE;

    if (recover)
        options |= XML_PARSE_RECOVER;
    *doc = NULL;
    if (len > (size_t)INT32_MAX) {
        dsr_error_set(err, DSR_INPUT, path, 0, _("file too large to parse"));
        return DSR_XML_FAILED;
    }
    ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        return DSR_XML_FAILED;
    }
    ctxt->_private = &st;
    ctxt->sax->internalSubset = refuse_doctype;
    ctxt->sax->startElementNs = start_element;
    ctxt->sax->serror = parse_error;
    ctxt->sax->error = NULL;
    ctxt->sax->warning = NULL;

    d = xmlCtxtReadMemory(ctxt, data, (int)len, path, NULL, options);
    if (st.doctype) {
        problems->n = 0;
        problem_add(problems, st.doctype_line,
                    _("DOCTYPE declarations are not allowed"));
        ret = DSR_XML_DOCTYPE;
        goto out;
    }
    if (!d || !ctxt->wellFormed) {
        if (problems->n == 0) {
            const xmlError *e = xmlCtxtGetLastError(ctxt);

            if (e)
                problem_from(problems, e);
            else
                problem_add(problems, 0, _("the XML is damaged"));
        }
        ret = DSR_XML_MALFORMED;
        if (recover && d) {
            *doc = d;
            d = NULL;
        }
        goto out;
    }
    *doc = d;
    d = NULL;
    ret = DSR_XML_OK;
out:
    if (d)
        xmlFreeDoc(d);
    ctxt->_private = NULL;
    xmlFreeParserCtxt(ctxt);
    return ret;
}

enum dsr_xml_status
dsr_xml_parse(const char *data, size_t len, const char *path, xmlDocPtr *doc,
              struct dsr_xml_problems *problems, struct dsr_error *err)
{
    return parse(data, len, path, doc, problems, false, err);
}

enum dsr_xml_status
dsr_xml_parse_recover(const char *data, size_t len, const char *path,
                      xmlDocPtr *doc, struct dsr_xml_problems *problems,
                      struct dsr_error *err)
{
    return parse(data, len, path, doc, problems, true, err);
}

enum dsr_xml_status
dsr_xml_validate(xmlDocPtr doc, const char *schema_path,
                 struct dsr_xml_problems *problems, struct dsr_error *err)
{
    struct dsr_xml_problems schema_problems = {0};
    char *data = NULL;
    size_t len = 0;
    int sys_errno = 0;
    xmlDocPtr schema_doc = NULL;
    xmlSchemaParserCtxtPtr pctxt = NULL;
    xmlSchemaPtr schema = NULL;
    xmlSchemaValidCtxtPtr vctxt = NULL;
    enum dsr_xml_status ret = DSR_XML_FAILED;
    int rc;

    switch (dsr_read_file(schema_path, (size_t)16 << 20, &data, &len,
                          &sys_errno)) {
    case DSR_READ_OK:
        break;
    case DSR_READ_NOMEM:
        dsr_error_set(err, DSR_NOMEM, schema_path, 0, "out of memory");
        goto out;
    case DSR_READ_TOO_LARGE:
        dsr_error_set(err, DSR_IO, schema_path, 0, _("schema too large"));
        goto out;
    case DSR_READ_IO:
        dsr_error_sys(err, sys_errno, schema_path, _("cannot read schema"));
        goto out;
    }
    if (dsr_xml_parse(data, len, schema_path, &schema_doc, &schema_problems,
                      err) != DSR_XML_OK) {
        dsr_error_set(err, DSR_IO, schema_path,
                      schema_problems.n ? schema_problems.items[0].line : 0,
                      _("broken schema: %s"),
                      schema_problems.n ? schema_problems.items[0].msg : "?");
        goto out;
    }
    pctxt = xmlSchemaNewDocParserCtxt(schema_doc);
    if (!pctxt) {
        dsr_error_set(err, DSR_NOMEM, schema_path, 0, "out of memory");
        goto out;
    }
    xmlSchemaSetParserStructuredErrors(pctxt, collect_error, &schema_problems);
    schema = xmlSchemaParse(pctxt);
    if (!schema) {
        dsr_error_set(err, DSR_IO, schema_path,
                      schema_problems.n ? schema_problems.items[0].line : 0,
                      _("broken schema: %s"),
                      schema_problems.n ? schema_problems.items[0].msg : "?");
        goto out;
    }
    vctxt = xmlSchemaNewValidCtxt(schema);
    if (!vctxt) {
        dsr_error_set(err, DSR_NOMEM, schema_path, 0, "out of memory");
        goto out;
    }
    xmlSchemaSetValidStructuredErrors(vctxt, collect_error, problems);
    rc = xmlSchemaValidateDoc(vctxt, doc);
    if (rc < 0) {
        dsr_error_set(err, DSR_INTERNAL, schema_path, 0,
                      _("schema validation failed internally"));
        goto out;
    }
    if (rc > 0 && problems->n == 0)
        problem_add(problems, 0, _("document does not match the schema"));
    ret = rc == 0 ? DSR_XML_OK : DSR_XML_INVALID;
out:
    xmlSchemaFreeValidCtxt(vctxt);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pctxt);
    if (schema_doc)
        xmlFreeDoc(schema_doc);
    free(data);
    dsr_xml_problems_release(&schema_problems);
    return ret;
}

void
dsr_xml_problems_release(struct dsr_xml_problems *p)
{
    if (!p)
        return;
    free(p->items);
    p->items = NULL;
    p->n = p->cap = p->dropped = 0;
}

bool
dsr_xml_is(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE &&
           xmlStrEqual(node->name, (const xmlChar *)name);
}

char *
dsr_xml_attr(const xmlNode *node, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(node, (const xmlChar *)name);
    char *s;

    if (!v)
        return NULL;
    s = strdup((const char *)v);
    xmlFree(v);
    return s;
}

char *
dsr_xml_text(const xmlNode *node)
{
    xmlChar *v = xmlNodeGetContent(node);
    const char *start;
    const char *end;
    char *s;

    if (!v)
        return strdup("");
    start = (const char *)v;
    while (*start == ' ' || *start == '\t' || *start == '\n' || *start == '\r')
        start++;
    end = start + strlen(start);
    while (end > start && (end[-1] == ' ' || end[-1] == '\t' ||
                           end[-1] == '\n' || end[-1] == '\r'))
        end--;
    s = strndup(start, (size_t)(end - start));
    xmlFree(v);
    return s;
}

unsigned long
dsr_xml_line(const xmlNode *node)
{
    long l;

    if (node->type == XML_ELEMENT_NODE && node->line == 65535 && node->psvi)
        return (unsigned long)(ptrdiff_t)node->psvi;
    l = xmlGetLineNo(node);
    return l > 0 ? (unsigned long)l : 0;
}
