/*
 * format.c -- locale-aware number formatting without touching the C
 * library's locale (LC_NUMERIC stays "C" everywhere).
 */
#include "dossier/format.h"

#include "internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *
dsr_format_hundredths(long hundredths, enum dsr_lang lang, char *out,
                      size_t size)
{
    unsigned long v = hundredths < 0 ? 0UL - (unsigned long)hundredths
                                     : (unsigned long)hundredths;

    snprintf(out, size, "%s%lu%c%02lu", hundredths < 0 ? "-" : "", v / 100,
             lang == DSR_LANG_ID ? ',' : '.', v % 100);
    return out;
}

char *
dsr_format_size(unsigned long long bytes, enum dsr_lang lang, char *out,
                size_t size)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
    unsigned long long tenths;
    size_t u = 0;

    if (bytes < 1024) {
        snprintf(out, size, "%llu B", bytes);
        return out;
    }
    /* one decimal, rounded half up */
    tenths = (bytes * 10 + 512) / 1024;
    while (tenths >= 10240 && u + 1 < sizeof(units) / sizeof(*units)) {
        tenths = (tenths + 512) / 1024;
        u++;
    }
    snprintf(out, size, "%llu%c%llu %s", tenths / 10,
             lang == DSR_LANG_ID ? ',' : '.', tenths % 10, units[u]);
    return out;
}

int
dsr_lang_parse(const char *s)
{
    if (s && strcmp(s, "id") == 0)
        return DSR_LANG_ID;
    if (s && strcmp(s, "en") == 0)
        return DSR_LANG_EN;
    return -1;
}

const char *
dsr_lang_name(enum dsr_lang lang)
{
    return lang == DSR_LANG_EN ? "en" : "id";
}

/*
 * Length of the valid, printable UTF-8 sequence at 'p' (1 to 4), or 0
 * when the byte there must be escaped.
 */
static size_t
printable_len(const unsigned char *p)
{
    unsigned cp;
    size_t n;

    if (p[0] < 0x20 || p[0] == 0x7f)
        return 0;
    if (p[0] < 0x80)
        return 1;
    if (p[0] >= 0xc2 && p[0] <= 0xdf) {
        n = 2;
        cp = p[0] & 0x1fu;
    } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        n = 3;
        cp = p[0] & 0x0fu;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        n = 4;
        cp = p[0] & 0x07u;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
        (cp >= 0x80 && cp <= 0x9f))
        return 0;
    return n;
}

bool
dsr_is_printable(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");

    while (*p) {
        size_t n = printable_len(p);

        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

char *
dsr_printable(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t len = strlen((const char *)p);
    char *out;
    char *o;

    /* at worst every byte becomes four */
    if (len > (SIZE_MAX - 1) / 4)
        return NULL;
    out = malloc(len * 4 + 1);
    if (!out)
        return NULL;
    o = out;
    while (*p) {
        size_t n = printable_len(p);

        if (n) {
            memcpy(o, p, n);
            o += n;
            p += n;
            continue;
        }
        if (*p == '\n' || *p == '\r' || *p == '\t') {
            *o++ = '\\';
            *o++ = *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't';
        } else {
            snprintf(o, 5, "\\x%02X", *p);
            o += 4;
        }
        p++;
    }
    *o = '\0';
    return out;
}

const char *
dsr_file_type_name(mode_t type)
{
    switch (type & S_IFMT) {
    case S_IFLNK:
        return _("a symbolic link");
    case S_IFIFO:
        return _("a FIFO (named pipe)");
    case S_IFCHR:
        return _("a character device");
    case S_IFBLK:
        return _("a block device");
    case S_IFSOCK:
        return _("a socket");
    case S_IFDIR:
        return _("a folder");
    default:
        return _("not a regular file");
    }
}
