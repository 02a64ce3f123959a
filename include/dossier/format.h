/*
 * format.h -- numbers as people read them: Indonesian text uses a decimal
 * comma (3,28), English a point (3.28); machine output always a point.
 * And names as they can be printed: one line, valid UTF-8.
 */
#ifndef DOSSIER_FORMAT_H
#define DOSSIER_FORMAT_H

#include <stdbool.h>
#include <sys/types.h>
#include <stddef.h>

#include "dossier/catalog.h"

/*
 * Write 'hundredths' (e.g. 328) as "3,28" (DSR_LANG_ID) or "3.28"
 * (DSR_LANG_EN) into 'out' of 'size' bytes.  Negative values get a minus
 * sign.  Returns 'out'.
 */
char *dsr_format_hundredths(long hundredths, enum dsr_lang lang, char *out,
                            size_t size);

/*
 * Write 'v' ten-thousandths (an indicator value or an external index:
 * 13000 is 1.3) with at least 'min_decimals' (0 to 4) and at most four
 * decimals, the zeros past the minimum dropped: 13000 with 2 is "1,30",
 * 11667 with 2 "1,1667", 250000 with 0 "25", 500 with 4 "0,0500".
 * DSR_LANG_ID writes a decimal comma, DSR_LANG_EN a point (and so does
 * machine output: a manifest, JSON).  Negative values get a minus sign.
 * The one formatter of ten-thousandths; returns 'out'.
 */
char *dsr_format_value(long v, int min_decimals, enum dsr_lang lang,
                       char *out, size_t size);

/* A byte count for people: "512 B", "3,4 KiB", "1,2 MiB" (by language). */
char *dsr_format_size(unsigned long long bytes, enum dsr_lang lang, char *out,
                      size_t size);

/*
 * A copy of 's' that is safe to print on one line and to put in JSON:
 * valid UTF-8 without control characters.  A newline, carriage return or
 * tab becomes "\n", "\r" or "\t"; any other control character (C0,
 * DEL or C1) and every byte that is not part of valid UTF-8 (overlong,
 * surrogate, truncated) becomes "\xNN"; the noncharacters U+FFFE and
 * U+FFFF (which XML cannot hold) and the bidirectional controls (U+061C,
 * U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069) become "\uXXXX".
 * Everything else
 * is kept, so readable text in any script comes out unchanged.  Returns a string the
 * caller frees, or NULL when out of memory.  NULL 's' gives "".
 */
char *dsr_printable(const char *s);

/*
 * Decode the UTF-8 sequence at 'p' (at most 'len' bytes): its length (1 to
 * 4) with the code point in '*cp', or 0 when the bytes there are not valid
 * UTF-8 (overlong, surrogate, over U+10FFFF, truncated).  NUL is valid.
 */
size_t dsr_utf8_next(const unsigned char *p, size_t len, unsigned *cp);

/*
 * Whether code point 'cp' makes a name look like another: a C1 control
 * (U+0080..U+009F) or a bidirectional control (U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069).  Refused in names people write.
 */
bool dsr_cp_deceptive(unsigned cp);

/*
 * Whether dsr_printable() writes code point 'cp' as a code rather than
 * as itself: a C0 control, DEL, a C1 control, U+FFFE, U+FFFF or a
 * bidirectional control.
 */
bool dsr_cp_escaped(unsigned cp);

/* The most bytes dsr_cp_code() writes, with the NUL. */
#define DSR_CP_CODE_SIZE 12

/*
 * Write code point 'cp' into 'out' (DSR_CP_CODE_SIZE bytes) the way
 * dsr_printable() writes a character it escapes, so that every part of
 * dossier (check's messages, the PDF) shows one character one way: "\n",
 * "\r", "\t"; another C0 control or DEL as "\x1B"; a C1 control as its
 * two UTF-8 bytes, "\xC2\x9B"; anything else as "\u" and at least four
 * upper-case hex digits: "\u202E", "\u4E2D", "\u1F600".  Returns the
 * length written (without the NUL).
 */
size_t dsr_cp_code(unsigned cp, char *out);

/* Whether 's' is already what dsr_printable() would return. */
bool dsr_is_printable(const char *s);

/* Parse "id" or "en"; -1 for anything else. */
int dsr_lang_parse(const char *s);
const char *dsr_lang_name(enum dsr_lang lang);

/*
 * What a file of the S_IFMT type 'type' is, translated, for messages:
 * "a symbolic link", "a FIFO (named pipe)", "a folder", ...; "not a
 * regular file" for anything else.
 */
const char *dsr_file_type_name(mode_t type);

#endif
