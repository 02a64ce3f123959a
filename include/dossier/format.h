/*
 * format.h -- numbers as people read them: Indonesian text uses a decimal
 * comma (3,28), English a point (3.28); machine output always a point.
 */
#ifndef DOSSIER_FORMAT_H
#define DOSSIER_FORMAT_H

#include <stddef.h>

#include "dossier/catalog.h"

/*
 * Write 'hundredths' (e.g. 328) as "3,28" (DSR_LANG_ID) or "3.28"
 * (DSR_LANG_EN) into 'out' of 'size' bytes.  Negative values get a minus
 * sign.  Returns 'out'.
 */
char *dsr_format_hundredths(long hundredths, enum dsr_lang lang, char *out,
                            size_t size);

/* A byte count for people: "512 B", "3,4 KiB", "1,2 MiB" (by language). */
char *dsr_format_size(unsigned long long bytes, enum dsr_lang lang, char *out,
                      size_t size);

/* Parse "id" or "en"; -1 for anything else. */
int dsr_lang_parse(const char *s);
const char *dsr_lang_name(enum dsr_lang lang);

#endif
