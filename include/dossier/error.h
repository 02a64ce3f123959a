/*
 * error.h -- the one error struct every dossier operation reports through.
 */
#ifndef DOSSIER_ERROR_H
#define DOSSIER_ERROR_H

#include <stdarg.h>

/*
 * Stable error codes.  Add new codes at the end only; the numbers are part
 * of the library's contract.  The command layer maps each code to an exit
 * status (see dsr_error_exit_status()).
 */
#define DSR_CODES(X)                                          \
    X(OK, "success")                                          \
    X(NOMEM, "out of memory")                                 \
    X(IO, "input/output error")                               \
    X(INPUT, "invalid input")                                 \
    X(USAGE, "invalid argument")                              \
    X(CATALOG, "invalid framework catalog")                   \
    X(INTERNAL, "internal error")                             \
    X(INTERRUPTED, "interrupted")                             \
    X(RENDER, "cannot render the dossier")

enum dsr_code {
#define DSR_ENUM(name, text) DSR_##name,
    DSR_CODES(DSR_ENUM)
#undef DSR_ENUM
};

struct dsr_error {
    enum dsr_code code;
    int sys_errno;          /* errno when code is DSR_IO, else 0 */
    char path[512];         /* input file the problem is in, "" if none */
    unsigned long line;     /* 1-based line in path, 0 if unknown */
    char msg[512];          /* lowercase, no trailing full stop */
};

#define DSR_ERROR_INIT {.code = DSR_OK}

/*
 * Record an error in 'err' unless one is recorded already (the first error
 * is the most significant one) or 'err' is NULL.  'path' may be NULL.
 * Always returns -1, so callers can write: return dsr_error_set(...);
 */
int dsr_error_set(struct dsr_error *err, enum dsr_code code, const char *path,
                  unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Like dsr_error_set() with code DSR_IO, and the text of 'sys_errno'
 * appended to the message.
 */
int dsr_error_sys(struct dsr_error *err, int sys_errno, const char *path,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * The system error 'errnum' in the current message language: our own
 * words (in English, glibc's text), and after translated words the errno
 * name as the original detail: "izin ditolak (EACCES)".  Use it instead of
 * strerror() for any text a person reads.  The text is valid until four
 * more calls on the same thread (a per-thread ring of buffers).
 */
const char *dsr_strerror(int errnum);

/*
 * Message arguments of dsr_error_set() and dsr_error_sys() are looked up in
 * the message catalogue when the error is recorded, so an English format
 * there still reaches the user translated.
 */

/* Forget a recorded error. */
void dsr_error_clear(struct dsr_error *err);

/* The stable name of a code ("NOMEM"), and its generic text. */
const char *dsr_code_name(enum dsr_code code);
const char *dsr_code_text(enum dsr_code code);

#endif
