/*
 * error.c -- dsr_error helpers, and the one place where the texts of the
 * system, libzip and libcrypto become messages in the user's language.
 */
#include "dossier/error.h"

#include "internal.h"
#include "liberr.h"

#include <errno.h>
#include <libxml/xmlerror.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <stdbool.h>
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
    /* every message is looked up in the catalogue, even when the caller
     * forgot _(): an English message never reaches an Indonesian user
     * because of one call site (a translated one is not found, and kept);
     * never "", which the catalogue answers with its header */
    vsnprintf(err->msg, sizeof(err->msg), fmt[0] ? _(fmt) : fmt, ap);
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
                 dsr_strerror(sys_errno));
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

/* ---- texts of the system and the libraries ---------------------------- */

/*
 * Each mapping below gives our own words (an English msgid, translated at
 * use) and then, only when those words are translated, the library's
 * original text as the detail, after them: "bukan arsip zip (libzip: Not a
 * zip archive)".  In English our words say it already.  The texts are
 * built in a small ring of per-thread buffers, so that one message can
 * hold a few of them (the worker threads of check and pack call these).
 */
#define RING_SLOTS 4
#define RING_SIZE 640

static char *
ring_take(void)
{
    static _Thread_local char ring[RING_SLOTS][RING_SIZE];
    static _Thread_local unsigned next;

    return ring[next++ % RING_SLOTS];
}

/*
 * The errors a file tool meets, with glibc's English text as the msgid:
 * English output stays what people and scripts know, whatever the C
 * library or its installed translations.
 */
static const struct {
    int errnum;
    const char *name;
    const char *text;
} sys_texts[] = {
    {EPERM, "EPERM", N_("Operation not permitted")},
    {ENOENT, "ENOENT", N_("No such file or directory")},
    {EINTR, "EINTR", N_("Interrupted system call")},
    {EIO, "EIO", N_("Input/output error")},
    {ENXIO, "ENXIO", N_("No such device or address")},
    {EBADF, "EBADF", N_("Bad file descriptor")},
    {EAGAIN, "EAGAIN", N_("Resource temporarily unavailable")},
    {ENOMEM, "ENOMEM", N_("Cannot allocate memory")},
    {EACCES, "EACCES", N_("Permission denied")},
    {EBUSY, "EBUSY", N_("Device or resource busy")},
    {EEXIST, "EEXIST", N_("File exists")},
    {EXDEV, "EXDEV", N_("Invalid cross-device link")},
    {ENODEV, "ENODEV", N_("No such device")},
    {ENOTDIR, "ENOTDIR", N_("Not a directory")},
    {EISDIR, "EISDIR", N_("Is a directory")},
    {EINVAL, "EINVAL", N_("Invalid argument")},
    {ENFILE, "ENFILE", N_("Too many open files in system")},
    {EMFILE, "EMFILE", N_("Too many open files")},
    {ETXTBSY, "ETXTBSY", N_("Text file busy")},
    {EFBIG, "EFBIG", N_("File too large")},
    {ENOSPC, "ENOSPC", N_("No space left on device")},
    {ESPIPE, "ESPIPE", N_("Illegal seek")},
    {EROFS, "EROFS", N_("Read-only file system")},
    {EMLINK, "EMLINK", N_("Too many links")},
    {EPIPE, "EPIPE", N_("Broken pipe")},
    {ENAMETOOLONG, "ENAMETOOLONG", N_("File name too long")},
    {ENOTEMPTY, "ENOTEMPTY", N_("Directory not empty")},
    {ELOOP, "ELOOP", N_("Too many levels of symbolic links")},
    {EOVERFLOW, "EOVERFLOW", N_("Value too large for defined data type")},
    {EDQUOT, "EDQUOT", N_("Disk quota exceeded")},
};

const char *
dsr_strerror(int errnum)
{
    char *out = ring_take();

    for (size_t i = 0; i < sizeof(sys_texts) / sizeof(*sys_texts); i++) {
        const char *ours;

        if (sys_texts[i].errnum != errnum)
            continue;
        ours = _(sys_texts[i].text);
        if (ours == sys_texts[i].text)
            return ours;
        snprintf(out, RING_SIZE, "%s (%s)", ours, sys_texts[i].name);
        return out;
    }
    /* TRANSLATORS: an error of the system we have no words of our own for */
    snprintf(out, RING_SIZE, _("system error %d"), errnum);
    return out;
}

/* libzip's codes (zip.h), in our words; NULL: say what libzip says */
static const char *
zip_words(int zip_err)
{
    switch (zip_err) {
    case ZIP_ER_MULTIDISK:
        return N_("split (multi-part) zip archives are not supported");
    case ZIP_ER_RENAME:
        return N_("the temporary file cannot be given its name");
    case ZIP_ER_CLOSE:
        return N_("the zip archive cannot be finished");
    case ZIP_ER_SEEK:
    case ZIP_ER_TELL:
        return N_("cannot move within the file");
    case ZIP_ER_READ:
        return N_("cannot read");
    case ZIP_ER_WRITE:
        return N_("cannot write");
    case ZIP_ER_CRC:
        return N_("CRC mismatch: the content is damaged");
    case ZIP_ER_NOENT:
        return N_("no such entry in the zip archive");
    case ZIP_ER_EXISTS:
        return N_("the entry is already in the zip archive");
    case ZIP_ER_OPEN:
        return N_("cannot open");
    case ZIP_ER_TMPOPEN:
        return N_("cannot create a temporary file");
    case ZIP_ER_ZLIB:
    case ZIP_ER_COMPRESSED_DATA:
        return N_("the compressed content is damaged");
    case ZIP_ER_MEMORY:
        return N_("out of memory");
    case ZIP_ER_COMPNOTSUPP:
        return N_("compressed by a method that is not supported");
    case ZIP_ER_EOF:
        return N_("the zip archive ends too early: it is truncated");
    case ZIP_ER_NOZIP:
        return N_("not a zip archive");
    case ZIP_ER_INCONS:
        return N_("the zip archive is inconsistent: it is damaged");
    case ZIP_ER_REMOVE:
        return N_("cannot remove");
    case ZIP_ER_ENCRNOTSUPP:
        return N_("encrypted by a method that is not supported");
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
        return N_("encrypted, and the password is missing or wrong");
    case ZIP_ER_RDONLY:
        return N_("the zip archive is read-only");
    case ZIP_ER_CANCELLED:
        return N_("interrupted");
    }
    return NULL;
}

/* Whether libzip's code 'zip_err' carries an errno (type 'S' in zip.h). */
static bool
zip_has_errno(int zip_err)
{
    zip_error_t ze;
    bool sys;

    zip_error_init_with_code(&ze, zip_err);
    sys = zip_error_system_type(&ze) == ZIP_ET_SYS;
    zip_error_fini(&ze);
    return sys;
}

const char *
dsr_zip_text(int zip_err, int sys_err)
{
    const char *words = zip_words(zip_err);
    const char *ours;
    char *out = ring_take();
    zip_error_t ze;
    const char *orig;
    int n;

    zip_error_init(&ze);
    zip_error_set(&ze, zip_err, sys_err);
    orig = zip_error_strerror(&ze);
    if (!words)
        words = N_("the zip archive cannot be used");
    ours = _(words);
    if (zip_has_errno(zip_err) && sys_err)
        n = snprintf(out, RING_SIZE, "%s: %s", ours, dsr_strerror(sys_err));
    else
        n = snprintf(out, RING_SIZE, "%s", ours);
    /* no words of our own, or ours are English: libzip's text is kept */
    if (n >= 0 && n < RING_SIZE && (ours != words || !zip_words(zip_err)))
        snprintf(out + n, RING_SIZE - (size_t)n, " (libzip: %s)", orig);
    zip_error_fini(&ze);
    return out;
}

const char *
dsr_zip_error_text(zip_error_t *ze)
{
    return dsr_zip_text(zip_error_code_zip(ze), zip_error_code_system(ze));
}

const char *
dsr_zip_strerror(zip_t *za)
{
    return dsr_zip_error_text(zip_get_error(za));
}

const char *
dsr_zip_file_strerror(zip_file_t *zf)
{
    return dsr_zip_error_text(zip_file_get_error(zf));
}

/* libcrypto's reasons, in our words; NULL: say what libcrypto says */
static const char *
ssl_words(unsigned long e)
{
    int lib = ERR_GET_LIB(e);
    int reason = ERR_GET_REASON(e);

    if (lib == ERR_LIB_PEM && reason == PEM_R_NO_START_LINE)
        return N_("not a PEM file: a key file starts with '-----BEGIN'");
    if (lib == ERR_LIB_PEM && (reason == PEM_R_BAD_PASSWORD_READ ||
                               reason == PEM_R_PROBLEMS_GETTING_PASSWORD))
        return N_("the key is protected by a passphrase: give a key "
                  "without one");
    if (lib == ERR_LIB_PEM || lib == ERR_LIB_ASN1 || lib == ERR_LIB_OSSL_DECODER)
        return N_("the key file is damaged or not a key");
    if (lib == ERR_LIB_EVP)
        return N_("the key cannot be used for this");
    return NULL;
}

/* A reason that says what is wrong with a key file, not where it failed. */
static bool
ssl_telling(unsigned long e)
{
    return ERR_GET_LIB(e) == ERR_LIB_PEM &&
           (ERR_GET_REASON(e) == PEM_R_NO_START_LINE ||
            ERR_GET_REASON(e) == PEM_R_BAD_PASSWORD_READ ||
            ERR_GET_REASON(e) == PEM_R_PROBLEMS_GETTING_PASSWORD);
}

const char *
dsr_ssl_text(const char *fallback)
{
    unsigned long e = 0;
    unsigned long next;
    const char *words;
    const char *reason;
    const char *ours;
    char *out = ring_take();

    /* the queue runs from the first failure to the last; the last one
     * says the most, unless an earlier one names the key file's problem */
    while ((next = ERR_get_error()) != 0)
        if (!e || !ssl_telling(e))
            e = next;
    words = e ? ssl_words(e) : NULL;
    reason = e ? ERR_reason_error_string(e) : NULL;
    if (!words)
        words = fallback;
    ours = _(words);
    if (reason && ours != words)
        snprintf(out, RING_SIZE, "%s (OpenSSL: %s)", ours, reason);
    else
        snprintf(out, RING_SIZE, "%s", ours);
    ERR_clear_error();
    return out;
}

/* libxml2's errors, in our words; NULL: none of ours */
static const char *
xml_words(int domain, int code)
{
    switch (code) {
    case XML_ERR_DOCUMENT_START:
    case XML_ERR_DOCUMENT_EMPTY:
        return N_("the file is empty or is not XML");
    case XML_ERR_DOCUMENT_END:
    case XML_ERR_EXTRA_CONTENT:
        return N_("there is more after the end of the document");
    case XML_ERR_TAG_NAME_MISMATCH:
    case XML_ERR_NOT_WELL_BALANCED:
        return N_("an opening tag and its closing tag do not match");
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_GT_REQUIRED:
        return N_("a tag is not closed");
    case XML_ERR_NAME_REQUIRED:
        return N_("a '<' is not followed by a name; write a literal '<' as '&lt;'");
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
        return N_("an '&' does not start a known entity; write a literal '&' as '&amp;'");
    case XML_ERR_LT_IN_ATTRIBUTE:
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
        return N_("an attribute's value is not in quotes, or holds a '<'");
    case XML_ERR_ATTRIBUTE_REDEFINED:
        return N_("an attribute is given twice");
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
        return N_("a character that XML does not allow, or bytes that are not UTF-8");
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_4:
        return N_("a required attribute is missing");
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_3_2_1:
        return N_("an attribute that is not allowed here");
    case XML_SCHEMAV_ELEMENT_CONTENT:
    case XML_SCHEMAV_CVC_COMPLEX_TYPE_2_3:
        return N_("an element is out of place, or a required one is missing");
    case XML_SCHEMAV_CVC_ELT_1:
        return N_("the root element is not the expected one");
    case XML_SCHEMAV_CVC_DATATYPE_VALID_1_2_1:
    case XML_SCHEMAV_CVC_PATTERN_VALID:
    case XML_SCHEMAV_CVC_MININCLUSIVE_VALID:
    case XML_SCHEMAV_CVC_MAXINCLUSIVE_VALID:
        return N_("a value does not have the form or range required");
    case XML_SCHEMAV_CVC_ENUMERATION_VALID:
        return N_("a value is not one of those allowed");
    case XML_SCHEMAV_CVC_MINLENGTH_VALID:
    case XML_SCHEMAV_CVC_MAXLENGTH_VALID:
        return N_("a value is too short or too long");
    case XML_SCHEMAV_CVC_IDC:
        return N_("a value that must be unique is repeated");
    }
    if (domain == XML_FROM_PARSER)
        return N_("the XML is damaged");
    if (domain == XML_FROM_SCHEMASV)
        return N_("this is not allowed here by the schema");
    return NULL;
}

const char *
dsr_xml_error_text(int domain, int code, const char *message)
{
    const char *words = xml_words(domain, code);
    char *out = ring_take();
    char detail[RING_SIZE / 2];
    size_t n;

    snprintf(detail, sizeof(detail), "%s", message ? message : "");
    /* libxml2's messages end in a newline */
    n = strlen(detail);
    while (n > 0 && (detail[n - 1] == '\n' || detail[n - 1] == ' '))
        detail[--n] = '\0';
    /* the detail names the element or attribute: kept in every language */
    if (!words)
        snprintf(out, RING_SIZE, "%s", detail);
    else if (n)
        snprintf(out, RING_SIZE, "%s (libxml2: %s)", _(words), detail);
    else
        snprintf(out, RING_SIZE, "%s", _(words));
    return out;
}
