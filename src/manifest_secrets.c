/*
 * manifest_secrets.c -- a manifest's bytes without the passwords of its
 * links' demo accounts, for the copy that a bundle archives.
 *
 * The manifest was loaded and checked (well-formed, no DOCTYPE), so a
 * lexical pass over its bytes is enough: comments, CDATA sections and
 * processing instructions are skipped whole, and in every start tag
 * named link (any prefix) the attribute secret= (any prefix but xmlns)
 * is cut out with the blanks before it, and so is the password in its
 * href="scheme://user:password@host" (the ':' and what follows it up to
 * the '@').  Every other byte is kept, and so is every line
 * break inside what is cut, so that the copy's lines are the original's
 * and a finding about the copy names the same line.
 */
#include "internal.h"

#include "dossier/error.h"
#include "dossier/hash.h"
#include "dossier/manifest.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static bool
blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Whether attribute name 'a' ('n' bytes) is secret, or p:secret with any
 * prefix but xmlns (a password under a foreign namespace is cut too,
 * though the loader never reads it).
 */
static bool
secret_name(const char *a, size_t n)
{
    const char *colon = memchr(a, ':', n);

    if (colon) {
        if ((size_t)(colon - a) == 5 && memcmp(a, "xmlns", 5) == 0)
            return false;
        n -= (size_t)(colon + 1 - a);
        a = colon + 1;
    }
    return n == 6 && memcmp(a, "secret", 6) == 0;
}

/* The offset just past the first 'end' at or after 'i', or 'len'. */
static size_t
skip_past(const char *s, size_t len, size_t i, const char *end)
{
    size_t n = strlen(end);

    for (; i + n <= len; i++)
        if (memcmp(s + i, end, n) == 0)
            return i + n;
    return len;
}

bool
dsr_url_password(const char *url, size_t len, size_t *from, size_t *to)
{
    size_t auth = 0, slash, colon, at;

    for (size_t k = 0; k + 3 <= len && !auth; k++)
        if (memcmp(url + k, "://", 3) == 0)
            auth = k + 3;
    if (!auth)
        return false;
    for (slash = auth; slash < len && url[slash] != '/'; slash++)
        ;
    /* an '@' before the path: the user information is up to the last one */
    for (at = slash; at > auth && url[at - 1] != '@'; at--)
        ;
    if (at > auth) {
        at--;
        for (colon = auth; colon < at && url[colon] != ':'; colon++)
            ;
        if (colon == at)
            return false;
        *from = colon;
        *to = at;
        return true;
    }
    /*
     * None: a password that holds a '/' (which a URL should encode) ends
     * the authority early; "user:pa/ss@host" is taken as one when the
     * first ':' comes before any '/' and is not a port's ("host:8080/").
     * Cutting a little too much from an odd address is better than
     * leaving a password in a bundle, and check warns either way.
     */
    for (colon = auth; colon < slash && url[colon] != ':'; colon++)
        ;
    if (colon >= slash)
        return false;
    for (at = colon + 1; at < len && url[at] != '@'; at++)
        ;
    if (at >= len)
        return false;
    {
        size_t k = colon + 1;

        while (k < slash && url[k] >= '0' && url[k] <= '9')
            k++;
        if (k == slash && k > colon + 1)
            return false;       /* a port */
    }
    *from = colon;
    *to = at;
    return true;
}

/*
 * The attribute value 'raw' ('n' bytes, as written in the XML) decoded as
 * far as finding a password needs: character references and the five
 * predefined entities become their character, any other than ASCII one
 * byte 0x80; map[k] is where decoded byte k starts in 'raw' (map[out]
 * = n).  Returns the decoded length.  'dec' and 'map' hold n + 1 each.
 */
static size_t
decode_value(const char *raw, size_t n, char *dec, size_t *map)
{
    static const struct {
        const char *name;
        char c;
    } named[] = {{"amp;", '&'}, {"lt;", '<'}, {"gt;", '>'}, {"quot;", '"'},
                 {"apos;", '\''}};
    size_t o = 0, i = 0;

    while (i < n) {
        size_t start = i, k;
        unsigned long cp = 0;
        bool ok = false;

        map[o] = start;
        if (raw[i] != '&') {
            dec[o++] = raw[i++];
            continue;
        }
        for (k = 0; k < sizeof(named) / sizeof(named[0]) && !ok; k++) {
            size_t l = strlen(named[k].name);

            if (n - i - 1 >= l && memcmp(raw + i + 1, named[k].name, l) == 0) {
                dec[o++] = named[k].c;
                i += 1 + l;
                ok = true;
            }
        }
        if (!ok && n - i > 2 && raw[i + 1] == '#') {
            bool hex = raw[i + 2] == 'x';

            for (k = i + 2 + hex; k < n && k < i + 12 && raw[k] != ';'; k++) {
                int d = raw[k] >= '0' && raw[k] <= '9'   ? raw[k] - '0'
                        : hex && raw[k] >= 'a' && raw[k] <= 'f' ? raw[k] - 'a' + 10
                        : hex && raw[k] >= 'A' && raw[k] <= 'F' ? raw[k] - 'A' + 10
                                                                  : -1;

                if (d < 0)
                    break;
                cp = cp * (hex ? 16 : 10) + (unsigned long)d;
            }
            if (k < n && raw[k] == ';' && k > i + 2 + hex) {
                dec[o++] = cp < 0x80 ? (char)cp : (char)0x80;
                i = k + 1;
                ok = true;
            }
        }
        if (!ok)
            dec[o++] = raw[i++];
    }
    map[o] = n;
    return o;
}

/*
 * Whether the raw href value s[v, e) holds a password, and where in 's'
 * it is ([*from, *to), as dsr_url_password() says of the decoded value).
 */
static bool
raw_url_password(const char *s, size_t v, size_t e, size_t *from, size_t *to)
{
    char *dec = malloc(e - v + 1);
    size_t *map = malloc((e - v + 1) * sizeof(*map));
    bool found = false;

    if (dec && map) {
        size_t n = decode_value(s + v, e - v, dec, map), f, t;

        if (dsr_url_password(dec, n, &f, &t)) {
            *from = v + map[f];
            *to = v + map[t];
            found = true;
        }
    }
    free(dec);
    free(map);
    return found;
}

char *
dsr_url_public(const char *url, struct dsr_error *err)
{
    size_t len = strlen(url), from, to;
    char *out;

    if (!dsr_url_password(url, len, &from, &to))
        return dsr_strdup(url, err);
    out = malloc(len - (to - from) + 1);
    if (!out) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    memcpy(out, url, from);
    memcpy(out + from, url + to, len - to + 1);
    return out;
}

/* Append s[from, to) to 'out' at '*o', keeping only its line breaks. */
static void
cut(const char *s, size_t from, size_t to, char *out, size_t *o)
{
    for (size_t k = from; k < to; k++)
        if (s[k] == '\n')
            out[(*o)++] = '\n';
}

/*
 * One start tag at s[i] ('<' already seen): copied to 'out', without
 * secret= when it is a link.  Returns the offset past it.
 */
static size_t
start_tag(const char *s, size_t len, size_t i, char *out, size_t *o,
          size_t *removed)
{
    size_t name = i + 1, name_end, local;
    bool link;

    name_end = name;
    while (name_end < len && !blank(s[name_end]) && s[name_end] != '>' &&
           s[name_end] != '/')
        name_end++;
    local = name;
    for (size_t k = name; k < name_end; k++)
        if (s[k] == ':')
            local = k + 1;
    link = name_end - local == 4 && memcmp(s + local, "link", 4) == 0;
    memcpy(out + *o, s + i, name_end - i);
    *o += name_end - i;
    i = name_end;
    for (;;) {
        size_t ws = i, an, an_end, vstart = 0, from, to;
        char q = 0;

        while (i < len && blank(s[i]))
            i++;
        if (i >= len || s[i] == '>' || s[i] == '/') {
            memcpy(out + *o, s + ws, i - ws);
            *o += i - ws;
            break;
        }
        an = i;
        while (i < len && !blank(s[i]) && s[i] != '=' && s[i] != '>' &&
               s[i] != '/')
            i++;
        an_end = i;
        while (i < len && blank(s[i]))
            i++;
        if (i < len && s[i] == '=')
            i++;
        while (i < len && blank(s[i]))
            i++;
        if (i < len && (s[i] == '"' || s[i] == '\'')) {
            q = s[i];
            i++;
            vstart = i;
            while (i < len && s[i] != q)
                i++;
            if (i < len)
                i++;
        }
        if (link && secret_name(s + an, an_end - an)) {
            cut(s, ws, i, out, o);
            (*removed)++;
        } else if (link && an_end - an == 4 && memcmp(s + an, "href", 4) == 0 &&
                   i - ws >= 2 && s[i - 1] == q &&
                   raw_url_password(s, vstart, i - 1, &from, &to)) {
            /* href="...user:password@...": the password and its ':' go,
               however they are written (&#58; is a ':' too) */
            memcpy(out + *o, s + ws, from - ws);
            *o += from - ws;
            cut(s, from, to, out, o);
            memcpy(out + *o, s + to, i - to);
            *o += i - to;
            (*removed)++;
        } else {
            memcpy(out + *o, s + ws, i - ws);
            *o += i - ws;
        }
        if (i == an)            /* not an attribute: never loop in place */
            break;
    }
    if (i < len) {
        size_t end = skip_past(s, len, i, ">");

        memcpy(out + *o, s + i, end - i);
        *o += end - i;
        i = end;
    }
    return i;
}

int
dsr_manifest_strip_secrets(const char *s, size_t len, const char *note,
                           char **out, size_t *out_len, size_t *removed,
                           struct dsr_error *err)
{
    size_t nlen = note ? strlen(note) : 0;
    size_t o = 0, i = 0;
    char *buf;

    *out = NULL;
    *out_len = 0;
    *removed = 0;
    if (len > SIZE_MAX - nlen - 2)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    buf = malloc(len + nlen + 2);
    if (!buf)
        return dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
    while (i < len) {
        size_t end;

        if (s[i] != '<') {
            buf[o++] = s[i++];
            continue;
        }
        if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0)
            end = skip_past(s, len, i + 4, "-->");
        else if (len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0)
            end = skip_past(s, len, i + 9, "]]>");
        else if (len - i >= 2 && s[i + 1] == '?')
            end = skip_past(s, len, i + 2, "?>");
        else if (len - i >= 2 && (s[i + 1] == '!' || s[i + 1] == '/'))
            end = skip_past(s, len, i + 2, ">");
        else {
            i = start_tag(s, len, i, buf, &o, removed);
            continue;
        }
        memcpy(buf + o, s + i, end - i);
        o += end - i;
        i = end;
    }
    if (*removed && nlen) {
        if (o && buf[o - 1] != '\n')
            buf[o++] = '\n';
        memcpy(buf + o, note, nlen);
        o += nlen;
    }
    *out = buf;
    *out_len = o;
    return 0;
}

int
dsr_manifest_public_sha256(const struct dsr_manifest *m, char *hex,
                           struct dsr_error *err)
{
    char *copy;
    size_t len, removed;
    int ret;

    if (dsr_manifest_strip_secrets(m->source, m->source_len, NULL, &copy, &len,
                                   &removed, err) < 0)
        return -1;
    ret = dsr_hash_buffer(DSR_HASH_SHA256, copy, len, hex, err);
    free(copy);
    return ret;
}
