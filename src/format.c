/*
 * format.c -- locale-aware number formatting without touching the C
 * library's locale (LC_NUMERIC stays "C" everywhere).
 */
#include "dossier/format.h"

#include <stdio.h>
#include <string.h>

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
