/*
 * finding.c -- the list of findings and the table of finding codes.
 */
#include "dossier/finding.h"

#include "dossier/error.h"
#include "dossier/format.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct code_info {
    const char *name;
    enum dsr_severity severity;
    const char *description;
};

static const struct code_info codes[] = {
#define DSR_FINFO(sym, name, sev, desc) {name, DSR_SEV_##sev, desc},
    DSR_FINDINGS(DSR_FINFO)
#undef DSR_FINFO
};

const char *
dsr_finding_name(enum dsr_finding_code code)
{
    return (size_t)code < DSR_F_COUNT ? codes[code].name : "unknown";
}

const char *
dsr_finding_description(enum dsr_finding_code code)
{
    return (size_t)code < DSR_F_COUNT ? codes[code].description : "";
}

enum dsr_severity
dsr_finding_severity(enum dsr_finding_code code)
{
    return (size_t)code < DSR_F_COUNT ? codes[code].severity : DSR_SEV_ERROR;
}

const char *
dsr_severity_name(enum dsr_severity sev)
{
    switch (sev) {
    case DSR_SEV_ERROR:
        return "error";
    case DSR_SEV_WARNING:
        return "warning";
    case DSR_SEV_NOTE:
        return "note";
    }
    return "error";
}

const char *
dsr_severity_label(enum dsr_severity sev)
{
    switch (sev) {
    case DSR_SEV_ERROR:
        return _("error");
    case DSR_SEV_WARNING:
        return _("warning");
    case DSR_SEV_NOTE:
        return _("note");
    }
    return "";
}

int
dsr_finding_lookup(const char *name)
{
    for (size_t i = 0; i < DSR_F_COUNT; i++)
        if (strcmp(codes[i].name, name) == 0)
            return (int)i;
    return -1;
}

/*
 * 'msg' (of 'size' bytes) was cut short: end it with an ellipsis, without
 * leaving half of a UTF-8 sequence behind.
 */
static void
shorten(char *msg, size_t size)
{
    size_t len = size - 1 - 3;  /* room for the ellipsis */

    /* step back to the start of a character */
    while (len > 0 && ((unsigned char)msg[len] & 0xc0) == 0x80)
        len--;
    memcpy(msg + len, "\xe2\x80\xa6", 4);
}

int
dsr_findings_add(struct dsr_findings *f, enum dsr_finding_code code,
                 const char *indicator, const char *file, unsigned long line,
                 struct dsr_error *err, const char *fmt, ...)
{
    struct dsr_finding *it;
    va_list ap;
    char msg[1024];
    int n;

    if (dsr_grow((void **)&f->items, sizeof(*f->items), &f->cap, f->n + 1,
                 err) < 0)
        return -1;
    va_start(ap, fmt);
    n = vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof(msg))
        shorten(msg, sizeof(msg));
    it = &f->items[f->n];
    it->code = code;
    it->severity = dsr_finding_severity(code);
    it->line = line;
    /* names from disk or the manifest may hold newlines or stray bytes:
     * every string a finding carries prints on one line and is UTF-8 */
    it->indicator = dsr_printable(indicator);
    it->file = dsr_printable(file);
    it->message = dsr_printable(msg);
    if (!it->indicator || !it->file || !it->message) {
        free(it->indicator);
        free(it->file);
        free(it->message);
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    f->counts[it->severity]++;
    f->n++;
    return 0;
}

size_t
dsr_findings_count_code(const struct dsr_findings *f,
                        enum dsr_finding_code code)
{
    size_t n = 0;

    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].code == code)
            n++;
    return n;
}

/* qsort has no context argument, so each key carries what it compares. */
struct sort_key {
    long order;                 /* -1 for manifest-wide findings */
    size_t pos;
    const struct dsr_finding *item;
};

/* Natural order of ids: "2" < "10", numbers before names, names by bytes. */
static int
cmp_ids(const char *a, const char *b)
{
    bool na = dsr_all_digits(a);
    bool nb = dsr_all_digits(b);

    if (na && nb) {
        size_t la, lb;

        while (*a == '0' && a[1])
            a++;
        while (*b == '0' && b[1])
            b++;
        la = strlen(a);
        lb = strlen(b);
        if (la != lb)
            return la < lb ? -1 : 1;
        return strcmp(a, b);
    }
    if (na != nb)
        return na ? -1 : 1;
    return strcmp(a, b);
}

static int
cmp_keys(const void *pa, const void *pb)
{
    const struct sort_key *a = pa;
    const struct sort_key *b = pb;
    const struct dsr_finding *fa = a->item;
    const struct dsr_finding *fb = b->item;
    int r;

    if (a->order != b->order)
        return a->order < b->order ? -1 : 1;
    /* same position (or no order function): tell indicators apart by id */
    r = cmp_ids(fa->indicator, fb->indicator);
    if (r)
        return r;
    if (fa->line != fb->line)
        return fa->line < fb->line ? -1 : 1;
    if (fa->code != fb->code)
        return fa->code < fb->code ? -1 : 1;
    /* stable: keep insertion order otherwise */
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

void
dsr_findings_sort(struct dsr_findings *f,
                  long (*order)(const char *id, const void *ctx),
                  const void *ctx)
{
    struct sort_key *keys;
    struct dsr_finding *sorted;

    if (f->n < 2)
        return;
    keys = calloc(f->n, sizeof(*keys));
    sorted = calloc(f->n, sizeof(*sorted));
    if (!keys || !sorted) {
        /* out of memory: leave the list in insertion order */
        free(keys);
        free(sorted);
        return;
    }
    for (size_t i = 0; i < f->n; i++) {
        const char *id = f->items[i].indicator;

        keys[i].pos = i;
        keys[i].item = &f->items[i];
        if (!*id)
            keys[i].order = -1;
        else
            keys[i].order = order ? order(id, ctx) : 0;
    }
    qsort(keys, f->n, sizeof(*keys), cmp_keys);
    for (size_t i = 0; i < f->n; i++)
        sorted[i] = f->items[keys[i].pos];
    memcpy(f->items, sorted, f->n * sizeof(*sorted));
    free(sorted);
    free(keys);
}

int
dsr_findings_error(const struct dsr_findings *f, const char *path,
                   struct dsr_error *err)
{
    const struct dsr_finding *x = f->n ? &f->items[0] : NULL;

    if (!x)
        return dsr_error_set(err, DSR_INPUT, path, 0, _("cannot be used"));
    return dsr_error_set(err, DSR_INPUT, *x->file ? x->file : path, x->line,
                         "%s", x->message);
}

void
dsr_findings_release(struct dsr_findings *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].indicator);
        free(f->items[i].file);
        free(f->items[i].message);
    }
    free(f->items);
    memset(f, 0, sizeof(*f));
}
