/*
 * bag_parse.c -- the readers of bagit.txt, bag-info.txt and manifests.
 *
 * Each runs in time linear in its input (a manifest's duplicate check
 * sorts, so n log n in its lines): a continuation line is appended to a
 * value that grows geometrically, never copied whole again, and no pair
 * of lines is ever compared.  The input itself is at most
 * DSR_BAG_TAG_LIMIT bytes (the verifier reads no more); the limits on
 * fields and lines are in dossier/bag.h.
 */
#include "dossier/bag.h"

#include "dossier/error.h"
#include "dossier/evidence.h"
#include "dossier/hash.h"
#include "internal.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


static size_t
hex_len(enum dsr_hash_alg alg)
{
    return dsr_hash_hex_len(alg);
}

/* The next line of buf[*pos..len) without its LF or CRLF; false at end. */
static bool
next_line(const char *buf, size_t len, size_t *pos, const char **line,
          size_t *n)
{
    const char *nl;

    if (*pos >= len)
        return false;
    *line = buf + *pos;
    nl = memchr(*line, '\n', len - *pos);
    *n = nl ? (size_t)(nl - *line) : len - *pos;
    *pos += *n + (nl ? 1 : 0);
    if (*n > 0 && (*line)[*n - 1] == '\r')
        (*n)--;
    return true;
}

int
dsr_bag_parse_declaration(const char *buf, size_t len, char *version,
                          size_t size, struct dsr_error *err)
{
    static const char vkey[] = "BagIt-Version: ";
    static const char ekey[] = "Tag-File-Character-Encoding: UTF-8";
    const char *line;
    size_t n, pos = 0;
    unsigned long no = 0;
    bool seen_v = false, seen_e = false;

    while (next_line(buf, len, &pos, &line, &n)) {
        no++;
        if (no == 1 && n >= sizeof(vkey) - 1 &&
            memcmp(line, vkey, sizeof(vkey) - 1) == 0) {
            const char *v = line + sizeof(vkey) - 1;
            size_t vn = n - (sizeof(vkey) - 1);
            size_t i = 0;

            while (i < vn && isdigit((unsigned char)v[i]))
                i++;
            if (i == 0 || i >= vn || v[i] != '.' || i + 1 >= vn)
                return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no,
                                     "BagIt-Version is not M.N");
            for (i++; i < vn; i++)
                if (!isdigit((unsigned char)v[i]))
                    return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no,
                                         "BagIt-Version is not M.N");
            if (vn >= size)
                return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no,
                                     "BagIt-Version is too long");
            memcpy(version, v, vn);
            version[vn] = '\0';
            seen_v = true;
        } else if (no == 2 && n == sizeof(ekey) - 1 && memcmp(line, ekey, n) == 0) {
            seen_e = true;
        } else if (n != 0 || pos < len) {
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no,
                                 no == 1 ? "the first line must be 'BagIt-Version: M.N'"
                                 : no == 2 ? "the second line must be "
                                             "'Tag-File-Character-Encoding: UTF-8'"
                                           : "unexpected line");
        }
    }
    if (!seen_v || !seen_e)
        return dsr_error_set(err, DSR_INPUT, DSR_BAG_DECLARATION, no + 1,
                             "the declaration is incomplete");
    return 0;
}

void
dsr_bag_fields_release(struct dsr_bag_fields *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->items[i].label);
        free(f->items[i].value);
    }
    free(f->items);
    memset(f, 0, sizeof(*f));
}

const char *
dsr_bag_fields_get(const struct dsr_bag_fields *f, const char *label)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcasecmp(f->items[i].label, label) == 0)
            return f->items[i].value;
    return NULL;
}

/*
 * Append a space and 'add' ('n' bytes) to the value '*v' of length '*vlen'
 * and capacity '*vcap' (0 before the first append: the value was
 * strndup'd to its length), doubling the capacity as needed so that any
 * number of continuation lines costs time linear in their length.
 */
static int
append_value(char **v, size_t *vlen, size_t *vcap, const char *add, size_t n,
             struct dsr_error *err)
{
    size_t need = *vlen + 1 + n + 1;

    if (need > *vcap) {
        size_t ncap = *vcap > 64 ? *vcap : 64;
        char *nv;

        while (ncap < need) {
            if (ncap > SIZE_MAX / 2)
                return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
            ncap *= 2;
        }
        nv = realloc(*v, ncap);
        if (!nv)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        *v = nv;
        *vcap = ncap;
    }
    (*v)[*vlen] = ' ';
    memcpy(*v + *vlen + 1, add, n);
    *vlen += 1 + n;
    (*v)[*vlen] = '\0';
    return 0;
}

int
dsr_bag_parse_info(const char *buf, size_t len, struct dsr_bag_fields *f,
                   struct dsr_error *err)
{
    const char *line;
    size_t n, pos = 0;
    unsigned long no = 0;
    size_t vlen = 0, vcap = 0;      /* of the last field's value */

    memset(f, 0, sizeof(*f));
    while (next_line(buf, len, &pos, &line, &n)) {
        const char *colon;
        size_t ln, vs;
        struct dsr_bag_field *fd;

        no++;
        if (memchr(line, '\0', n))
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no, "a NUL byte");
        if (n == 0) {
            if (pos < len)
                return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no, "an empty line");
            continue;
        }
        if (line[0] == ' ' || line[0] == '\t') {
            size_t s = 0;

            if (f->n == 0)
                return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no,
                                     "a continuation line before any label");
            while (s < n && (line[s] == ' ' || line[s] == '\t'))
                s++;
            if (append_value(&f->items[f->n - 1].value, &vlen, &vcap, line + s,
                             n - s, err) < 0)
                return -1;
            continue;
        }
        colon = memchr(line, ':', n);
        if (!colon || colon == line)
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no,
                                 "not 'Label: value'");
        ln = (size_t)(colon - line);
        while (ln > 0 && (line[ln - 1] == ' ' || line[ln - 1] == '\t'))
            ln--;
        if (ln == 0)
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no, "an empty label");
        vs = (size_t)(colon - line) + 1;
        while (vs < n && (line[vs] == ' ' || line[vs] == '\t'))
            vs++;
        if (f->n >= DSR_BAG_INFO_MAX_FIELDS)
            return dsr_error_set(err, DSR_INPUT, DSR_BAG_INFO, no,
                                 _("more than %d fields"),
                                 DSR_BAG_INFO_MAX_FIELDS);
        if (dsr_grow((void **)&f->items, sizeof(*f->items), &f->cap, f->n + 1, err) < 0)
            return -1;
        fd = &f->items[f->n];
        fd->label = strndup(line, ln);
        fd->value = strndup(line + vs, n - vs);
        vlen = n - vs;
        vcap = 0;
        f->n++;
        if (!fd->label || !fd->value)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    }
    return 0;
}

void
dsr_bag_entries_release(struct dsr_bag_entries *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->n; i++) {
        free(e->items[i].digest);
        free(e->items[i].path);
    }
    free(e->items);
    memset(e, 0, sizeof(*e));
}

/* Decode %0A, %0D and %25; anything else stays as written. */
static char *
decode_path(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    size_t o = 0;

    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n) {
            if (s[i + 1] == '0' && (s[i + 2] == 'A' || s[i + 2] == 'a')) {
                out[o++] = '\n';
                i += 2;
                continue;
            }
            if (s[i + 1] == '0' && (s[i + 2] == 'D' || s[i + 2] == 'd')) {
                out[o++] = '\r';
                i += 2;
                continue;
            }
            if (s[i + 1] == '2' && s[i + 2] == '5') {
                out[o++] = '%';
                i += 2;
                continue;
            }
        }
        out[o++] = s[i];
    }
    out[o] = '\0';
    return out;
}

/* A bag path may hold any byte but '/' and NUL in a part (RFC 8493). */
static bool
safe_path(const char *p)
{
    return dsr_path_check(p, DSR_PATH_RULES_BAG) == DSR_PATH_OK;
}

static int
cmp_entry_path(const void *a, const void *b)
{
    return strcmp(((const struct dsr_bag_entry *)a)->path,
                  ((const struct dsr_bag_entry *)b)->path);
}

int
dsr_bag_parse_manifest(const char *buf, size_t len, enum dsr_hash_alg alg,
                       struct dsr_bag_entries *e, struct dsr_error *err)
{
    const char *line;
    size_t n, pos = 0;
    unsigned long no = 0;
    size_t want = hex_len(alg);

    memset(e, 0, sizeof(*e));
    while (next_line(buf, len, &pos, &line, &n)) {
        struct dsr_bag_entry *en;
        size_t h = 0, s;

        no++;
        if (n == 0 && pos >= len)
            break;
        if (memchr(line, '\0', n))
            return dsr_error_set(err, DSR_INPUT, NULL, no, "a NUL byte");
        if (e->n >= DSR_BAG_MANIFEST_MAX_LINES)
            return dsr_error_set(err, DSR_INPUT, NULL, no,
                                 _("more than %d lines"),
                                 DSR_BAG_MANIFEST_MAX_LINES);
        while (h < n && isxdigit((unsigned char)line[h]))
            h++;
        if (h != want || h >= n || (line[h] != ' ' && line[h] != '\t'))
            return dsr_error_set(err, DSR_INPUT, NULL, no,
                                 "not '%zu-digit checksum, space, path'", want);
        s = h;
        while (s < n && (line[s] == ' ' || line[s] == '\t'))
            s++;
        if (dsr_grow((void **)&e->items, sizeof(*e->items), &e->cap, e->n + 1, err) < 0)
            return -1;
        en = &e->items[e->n];
        en->digest = strndup(line, h);
        en->path = decode_path(line + s, n - s);
        en->line = no;
        e->n++;
        if (!en->digest || !en->path)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        for (char *d = en->digest; *d; d++)
            *d = (char)tolower((unsigned char)*d);
        if (!safe_path(en->path))
            return dsr_error_set(err, DSR_INPUT, NULL, no,
                                 "the path is empty, absolute or has a '.' or "
                                 "'..' component");
    }
    /* sorted, not compared pairwise: n log n for any number of lines */
    if (e->n > 1) {
        struct dsr_bag_entry *sorted = malloc(e->n * sizeof(*sorted));
        const struct dsr_bag_entry *dup;

        if (!sorted)
            return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        memcpy(sorted, e->items, e->n * sizeof(*sorted));
        dup = dsr_find_duplicate(sorted, e->n, sizeof(*sorted), cmp_entry_path);
        if (dup) {
            unsigned long l = dup[0].line > dup[-1].line ? dup[0].line
                                                          : dup[-1].line;

            free(sorted);
            return dsr_error_set(err, DSR_INPUT, NULL, l, "a path listed twice");
        }
        free(sorted);
    }
    return 0;
}
