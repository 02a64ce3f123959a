/*
 * catalog_int.h -- what catalog.c and catalog_items.c share: reading the
 * newer parts of an indicator (other names, its external index, its
 * items) and the checks across the catalog that concern them.  Private
 * to the core.
 */
#ifndef DOSSIER_CATALOG_INT_H
#define DOSSIER_CATALOG_INT_H

#include "dossier/catalog.h"

#include <libxml/tree.h>
#include <stddef.h>

struct dsr_error;

/* Other names an indicator may have, beyond what the schema bounds; the
 * items of a level are bounded by their two-digit NN (99). */
#define DSR_CATALOG_MAX_ALT_NAMES 8

/*
 * Read one child of <indicator> that is about items or the external
 * index: <alt-name>, <external> or <item> (in '*cap_items' the items
 * allocated so far).  Other elements are left alone (returns 0).  On a
 * broken one: -1 with DSR_CATALOG at its line in 'path'.
 */
int dsr_catalog_read_extra(struct dsr_indicator *ind, const xmlNode *node,
                           size_t *cap_items, const char *path,
                           struct dsr_error *err);

/*
 * After the children of indicator 'node', the last one of 'c' so far:
 * the source attribute against <external>, converts against the bands,
 * the code and the index name against the indicators before it;
 * level_first[] and c->has_items.  -1 with DSR_CATALOG at its line.
 */
int dsr_catalog_finish_indicator(struct dsr_catalog *c,
                                 struct dsr_indicator *ind,
                                 const xmlNode *node, const char *path,
                                 struct dsr_error *err);

/*
 * Store the text of 'node' in t->s[its lang]; a second one in the same
 * language, or none, is DSR_CATALOG at its line.
 */
int dsr_catalog_text(const xmlNode *node, struct dsr_text *t,
                     const char *path, struct dsr_error *err);

void dsr_catalog_text_release(struct dsr_text *t);


/* Free what dsr_catalog_read_extra() stored in 'ind'. */
void dsr_catalog_release_extra(struct dsr_indicator *ind);

#endif
