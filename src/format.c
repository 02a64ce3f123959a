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
dsr_format_value(long v, int min_decimals, enum dsr_lang lang, char *out,
                 size_t size)
{
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    unsigned long frac = u % 10000;
    int digits = 4;

    if (min_decimals < 0)
        min_decimals = 0;
    while (digits > min_decimals && frac % 10 == 0) {
        frac /= 10;
        digits--;
    }
    if (digits)
        snprintf(out, size, "%s%lu%c%0*lu", v < 0 ? "-" : "", u / 10000,
                 lang == DSR_LANG_ID ? ',' : '.', digits, frac);
    else
        snprintf(out, size, "%s%lu", v < 0 ? "-" : "", u / 10000);
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

bool
dsr_cp_deceptive(unsigned cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || cp == 0x200E || cp == 0x200F ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t
dsr_utf8_next(const unsigned char *p, size_t len, unsigned *cp)
{
    size_t n;
    unsigned c;

    if (len == 0)
        return 0;
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if (p[0] >= 0xc2 && p[0] <= 0xdf) {
        n = 2;
        c = p[0] & 0x1fu;
    } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
        n = 3;
        c = p[0] & 0x0fu;
    } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
        n = 4;
        c = p[0] & 0x07u;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3fu);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
        (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return n;
}

/*
 * Characters shown by their code (\uXXXX): the noncharacters U+FFFE and
 * U+FFFF, which XML cannot hold, and the controls of bidirectional text,
 * which would make "laporan<U+202E>fdp.exe" read as "laporanexe.pdf".
 */
static bool
shown_as_code(unsigned cp)
{
    return cp == 0xfffe || cp == 0xffff || cp == 0x061c || cp == 0x200e ||
           cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

bool
dsr_cp_escaped(unsigned cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || shown_as_code(cp);
}

size_t
dsr_cp_code(unsigned cp, char *out)
{
    int n;

    if (cp == '\n' || cp == '\r' || cp == '\t')
        n = snprintf(out, DSR_CP_CODE_SIZE, "\\%c",
                     cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't');
    else if (cp < 0x80)
        n = snprintf(out, DSR_CP_CODE_SIZE, "\\x%02X", cp);
    else if (cp <= 0x9f)
        /* a C1 control: its two UTF-8 bytes, each as \xNN */
        n = snprintf(out, DSR_CP_CODE_SIZE, "\\xC2\\x%02X", cp);
    else
        n = snprintf(out, DSR_CP_CODE_SIZE, "\\u%04X", cp > 0x10ffff ? 0xfffd : cp);
    return (size_t)n;
}

bool
dsr_is_printable(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t len = strlen((const char *)p);

    while (len) {
        unsigned cp;
        size_t n = dsr_utf8_next(p, len, &cp);

        if (n == 0 || dsr_cp_escaped(cp))
            return false;
        p += n;
        len -= n;
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
    while (len) {
        unsigned cp;
        size_t n = dsr_utf8_next(p, len, &cp);

        if (n == 0) {
            /* not UTF-8: the byte as \xNN */
            snprintf(o, 5, "\\x%02X", *p);
            o += 4;
            n = 1;
        } else if (dsr_cp_escaped(cp)) {
            /* a code is never longer than four per byte it stands for */
            o += dsr_cp_code(cp, o);
        } else {
            memcpy(o, p, n);
            o += n;
        }
        p += n;
        len -= n;
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
