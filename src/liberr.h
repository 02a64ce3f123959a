/*
 * liberr.h -- libzip's and libcrypto's errors as messages in the user's
 * language (error.c).  Private: the public headers never name libzip.
 *
 * Each text is our own words, translated, followed only when translated
 * by the library's original text in brackets: "CRC tidak cocok: isi
 * rusak (libzip: CRC error)".  Call sites never print a library's text
 * themselves.  The returned text is valid until four more of these (or
 * dsr_strerror()) calls on the same thread.
 */
#ifndef DOSSIER_LIBERR_H
#define DOSSIER_LIBERR_H

#include <zip.h>

/* libzip's code 'zip_err' and its errno (or zlib code) 'sys_err'. */
const char *dsr_zip_text(int zip_err, int sys_err);
/* The error recorded in 'ze', in 'za', or in 'zf'. */
const char *dsr_zip_error_text(zip_error_t *ze);
const char *dsr_zip_strerror(zip_t *za);
const char *dsr_zip_file_strerror(zip_file_t *zf);

/*
 * The last libcrypto error of this thread, or 'fallback' (an English
 * msgid, marked N_()) when there is none or it has no words of ours;
 * empties the thread's error queue.
 */
const char *dsr_ssl_text(const char *fallback);

/*
 * libxml2's error 'code' of 'domain' (xmlError's fields): our words, and
 * always libxml2's 'message' after them, as it names the element or
 * attribute: "a required attribute is missing (libxml2: Element
 * 'dossier': The attribute 'year' is required but missing.)".  Codes we
 * have no words for keep libxml2's message alone.
 */
const char *dsr_xml_error_text(int domain, int code, const char *message);

#endif
