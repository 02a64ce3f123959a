/*
 * workspace.c -- indicator folder names, and XML text for init and scan.
 */
#include "dossier/workspace.h"

#include "dossier/buf.h"
#include "dossier/catalog.h"
#include "dossier/error.h"
#include "workspace_int.h"

#include <ctype.h>
#include <libxml/entities.h>
#include <libxml/xmlmemory.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define SLUG_MAX 40

/* ---- folders and names ---------------------------------------------- */

char *
dsr_indicator_folder(const struct dsr_indicator *ind, char *out, size_t size)
{
    static const char prefix[] = "Tingkat Kematangan ";
    const char *name = dsr_text_get(&ind->name, DSR_LANG_ID);
    char slug[SLUG_MAX + 1];
    size_t n = 0;
    int words = 0;
    bool numeric = *ind->id != '\0';

    for (const char *p = ind->id; *p; p++)
        numeric = numeric && isdigit((unsigned char)*p);
    if (strncasecmp(name, prefix, sizeof(prefix) - 1) == 0)
        name += sizeof(prefix) - 1;
    /* the first four words, lowercase ASCII, joined by hyphens */
    for (const char *p = name; *p && n < SLUG_MAX && words < 4; p++) {
        unsigned char ch = (unsigned char)*p;

        if (isalnum(ch) && ch < 0x80) {
            slug[n++] = (char)tolower(ch);
        } else if (n > 0 && slug[n - 1] != '-') {
            words++;
            if (words < 4)
                slug[n++] = '-';
        }
    }
    while (n > 0 && slug[n - 1] == '-')
        n--;
    slug[n] = '\0';
    snprintf(out, size, "%s%s%s%s", numeric && strlen(ind->id) == 1 ? "0" : "",
             ind->id, n ? "-" : "", slug);
    return out;
}

bool
dsr_indicator_owns_folder(const struct dsr_indicator *ind, const char *name)
{
    char pad[40];
    size_t n;

    snprintf(pad, sizeof(pad), "%s%s",
             strlen(ind->id) == 1 && isdigit((unsigned char)ind->id[0]) ? "0"
                                                                        : "",
             ind->id);
    n = strlen(pad);
    return strncmp(name, pad, n) == 0 && (name[n] == '\0' || name[n] == '-');
}

/* ---- manifest text -------------------------------------------------- */

int
dsr_ws_add_escaped(struct dsr_buf *b, const char *s, struct dsr_error *err)
{
    xmlChar *e = xmlEncodeSpecialChars(NULL, (const xmlChar *)s);
    int rc;

    if (!e)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    rc = dsr_buf_adds(b, (const char *)e, err);
    xmlFree(e);
    return rc;
}

int
dsr_ws_add_comment_text(struct dsr_buf *b, const char *s,
                        struct dsr_error *err)
{
    for (; *s; s++) {
        if (dsr_buf_add(b, s, 1, err) < 0)
            return -1;
        if (s[0] == '-' && s[1] == '-' && dsr_buf_adds(b, " ", err) < 0)
            return -1;
    }
    return 0;
}
