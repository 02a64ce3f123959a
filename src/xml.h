/*
 * xml.h -- hardened libxml2 parsing and schema validation for untrusted
 * input, shared by the catalog and manifest loaders.  Private to the core.
 */
#ifndef DOSSIER_XML_H
#define DOSSIER_XML_H

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>
#include <stdbool.h>
#include <stddef.h>

struct dsr_error;

/* The structured error handler's argument changed type in libxml2 2.12. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *dsr_xml_error_ptr;
#else
typedef xmlErrorPtr dsr_xml_error_ptr;
#endif

/*
 * One problem libxml2 reported: its line, and its structured fields
 * (xmlError's domain, code, int1, int2 as the column, str1 and str2, and
 * the node the schema validator was on), from which a caller words its
 * own message; 'msg' is dsr_xml_error_text()'s wording, for callers that
 * have no words of their own.
 */
struct dsr_xml_problem {
    unsigned long line;
    unsigned long col;          /* int2: byte column after the problem; 0 */
    int domain, code;
    int int1;                   /* e.g. the line of the open tag */
    char str1[128], str2[128];  /* "" when libxml2 gives none */
    bool has_str1;
    const xmlNode *node;        /* valid while the document lives; NULL */
    char msg[512];
};

struct dsr_xml_problems {
    struct dsr_xml_problem *items;
    size_t n, cap;
    size_t dropped;             /* problems past the cap, not kept */
};

enum dsr_xml_status {
    DSR_XML_OK,
    DSR_XML_MALFORMED,          /* not well-formed; problems say where */
    DSR_XML_DOCTYPE,            /* a DOCTYPE was refused */
    DSR_XML_INVALID,            /* not valid against the schema */
    DSR_XML_FAILED,             /* the tool failed; 'err' is set */
};

/*
 * Parse 'len' bytes of 'data' (named 'path' in messages) into a document.
 * No network, no DTD loading, no entity substitution, no DOCTYPE at all:
 * parsing stops at a DOCTYPE.  libxml2 never prints.  On DSR_XML_OK,
 * '*doc' is owned by the caller (xmlFreeDoc).  Otherwise '*doc' is NULL
 * and 'problems' holds what went wrong.
 */
enum dsr_xml_status dsr_xml_parse(const char *data, size_t len,
                                  const char *path, xmlDocPtr *doc,
                                  struct dsr_xml_problems *problems,
                                  struct dsr_error *err);

/*
 * Like dsr_xml_parse(), with the same hardening (no network, no DTD, no
 * entities, parsing stops at a DOCTYPE, the same size limits), in
 * libxml2's recover mode: on DSR_XML_MALFORMED, '*doc' may still be set
 * to the tree libxml2 could build (owned by the caller), and 'problems'
 * holds every syntax error met on the way, not only the first.
 */
enum dsr_xml_status dsr_xml_parse_recover(const char *data, size_t len,
                                          const char *path, xmlDocPtr *doc,
                                          struct dsr_xml_problems *problems,
                                          struct dsr_error *err);

/*
 * Validate 'doc' against the XSD in 'schema_path' (itself parsed with
 * dsr_xml_parse()).  Returns DSR_XML_OK, DSR_XML_INVALID with every
 * problem in 'problems', or DSR_XML_FAILED with 'err' set.
 */
enum dsr_xml_status dsr_xml_validate(xmlDocPtr doc, const char *schema_path,
                                     struct dsr_xml_problems *problems,
                                     struct dsr_error *err);

void dsr_xml_problems_release(struct dsr_xml_problems *p);

/* Helpers over a parsed document. */
bool dsr_xml_is(const xmlNode *node, const char *name);
/* A malloc'd copy of attribute 'name', or NULL when absent. */
char *dsr_xml_attr(const xmlNode *node, const char *name);
/* Text content of 'node' with surrounding white space trimmed; never NULL
 * unless out of memory.  Caller frees. */
char *dsr_xml_text(const xmlNode *node);
unsigned long dsr_xml_line(const xmlNode *node);

#endif
