/*
 * error.c -- dsr_error helpers.
 */
#include "dossier/error.h"

#include "internal.h"

#include <stdio.h>
#include <string.h>

static const char *const code_names[] = {
#define DSR_NAME(name, text) #name,
    DSR_CODES(DSR_NAME)
#undef DSR_NAME
};

static const char *const code_texts[] = {
#define DSR_TEXT(name, text) text,
    DSR_CODES(DSR_TEXT)
#undef DSR_TEXT
};

static void
error_vset(struct dsr_error *err, enum dsr_code code, int sys_errno,
           const char *path, unsigned long line, const char *fmt, va_list ap)
{
    err->code = code;
    err->sys_errno = sys_errno;
    err->line = line;
    snprintf(err->path, sizeof(err->path), "%s", path ? path : "");
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int
dsr_error_set(struct dsr_error *err, enum dsr_code code, const char *path,
              unsigned long line, const char *fmt, ...)
{
    va_list ap;

    if (!err || err->code != DSR_OK)
        return -1;
    va_start(ap, fmt);
    error_vset(err, code, 0, path, line, fmt, ap);
    va_end(ap);
    return -1;
}

int
dsr_error_sys(struct dsr_error *err, int sys_errno, const char *path,
              const char *fmt, ...)
{
    va_list ap;
    size_t n;

    if (!err || err->code != DSR_OK)
        return -1;
    va_start(ap, fmt);
    error_vset(err, DSR_IO, sys_errno, path, 0, fmt, ap);
    va_end(ap);
    n = strlen(err->msg);
    if (sys_errno && n < sizeof(err->msg))
        snprintf(err->msg + n, sizeof(err->msg) - n, ": %s",
                 strerror(sys_errno));
    return -1;
}

void
dsr_error_clear(struct dsr_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof(*err));
    err->code = DSR_OK;
}

const char *
dsr_code_name(enum dsr_code code)
{
    if ((size_t)code >= sizeof(code_names) / sizeof(code_names[0]))
        return "UNKNOWN";
    return code_names[code];
}

const char *
dsr_code_text(enum dsr_code code)
{
    if ((size_t)code >= sizeof(code_texts) / sizeof(code_texts[0]))
        return "unknown error";
    return code_texts[code];
}

bool
dsr_cancelled(const volatile sig_atomic_t *cancel)
{
    return cancel && *cancel;
}

int
dsr_interrupted(struct dsr_error *err)
{
    return dsr_error_set(err, DSR_INTERRUPTED, NULL, 0, "%s", _("interrupted"));
}
