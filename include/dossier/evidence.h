/*
 * evidence.h -- finding, opening and inspecting evidence files safely:
 * paths are resolved inside the evidence root before anything is opened,
 * only regular files are read, and content is sniffed with libmagic.
 */
#ifndef DOSSIER_EVIDENCE_H
#define DOSSIER_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dossier/hash.h"

struct dsr_error;

/* Why a path could not be used; DSR_PATH_OK when it can. */
enum dsr_path_status {
    DSR_PATH_OK,
    DSR_PATH_ABSOLUTE,
    DSR_PATH_INVALID,       /* empty, backslash, control character */
    DSR_PATH_ESCAPES,       /* leaves the root, by '..' or a symbolic link */
    DSR_PATH_MISSING,
    DSR_PATH_NOT_REGULAR,   /* directory, FIFO, device, socket */
    DSR_PATH_UNREADABLE,
    DSR_PATH_TOO_LONG,      /* over DSR_EVIDENCE_PATH_MAX or _NAME_MAX */
};

/*
 * Limits on an evidence path as the manifest writes it: bytes in all, and
 * bytes in one folder or file name.  Longer paths are refused before the
 * file system is asked (and could not be opened on most systems anyway).
 */
#define DSR_EVIDENCE_PATH_MAX 2047
#define DSR_EVIDENCE_NAME_MAX 255

/* An evidence root: the real path of the directory files must stay in. */
struct dsr_root {
    char *real;             /* realpath() of the root, no trailing slash */
};

/*
 * Open the evidence root 'path' (a directory).  Returns 0, or -1 with
 * 'err' set (DSR_INPUT for a missing or non-directory root, DSR_NOMEM).
 */
int dsr_root_open(struct dsr_root *root, const char *path,
                  struct dsr_error *err);
void dsr_root_release(struct dsr_root *root);

/*
 * Check the syntax of 'rel' and resolve it inside 'root', following '..'
 * and symbolic links, without opening anything.  On DSR_PATH_OK,
 * '*resolved' is the real path (caller frees).  '*sys_errno' is set for
 * DSR_PATH_UNREADABLE and DSR_PATH_MISSING.
 */
enum dsr_path_status dsr_root_resolve(const struct dsr_root *root,
                                      const char *rel, char **resolved,
                                      int *sys_errno);

/*
 * Open a path that dsr_root_resolve() accepted, for reading: refuses to
 * follow a symbolic link put in its place and anything but a regular
 * file.  Returns a file descriptor, or -1 with '*status' saying why.
 */
int dsr_root_open_file(const char *resolved, enum dsr_path_status *status,
                       int *sys_errno);

/* What reading an evidence file tells about it. */
struct dsr_file_info {
    uint64_t size;
    int64_t mtime;              /* seconds since the epoch */
    dev_t dev;
    ino_t ino;
    char sha256[DSR_SHA256_HEX];
    char mime[128];             /* sniffed media type, e.g. application/pdf */
    /*
     * Whether a zip should store rather than deflate it: an already
     * compressed media type, or (for types not known as text) a first
     * 64 KiB that deflate does not shrink by 1/16.  Decided from content
     * only, so the same bytes always get the same method.
     */
    bool store;
};

/* A content sniffer (wraps a libmagic cookie; one per thread). */
struct dsr_sniffer;

struct dsr_sniffer *dsr_sniffer_new(struct dsr_error *err);
void dsr_sniffer_free(struct dsr_sniffer *s);

/*
 * Read all of 'fd' once: hash it, sniff its type from the first bytes,
 * and fill 'info'.  'path' names the file in errors.  Returns 0, or -1
 * with 'err' set (DSR_IO on a read error).
 */
int dsr_file_inspect(int fd, const char *path, struct dsr_sniffer *sniffer,
                     struct dsr_file_info *info, struct dsr_error *err);

/* How a file's content relates to its extension. */
enum dsr_type_verdict {
    DSR_TYPE_OK,
    DSR_TYPE_MISMATCH,      /* content is another kind of document */
    DSR_TYPE_EXECUTABLE,    /* content is a program or script */
    DSR_TYPE_UNKNOWN,       /* the extension is not a known document type */
};

/*
 * Judge the sniffed 'mime' against the extension of 'name'.  When the
 * verdict is not OK, '*expected' (if not NULL) names what the extension
 * promised, e.g. "application/pdf".
 */
enum dsr_type_verdict dsr_type_judge(const char *name, const char *mime,
                                     const char **expected);

/*
 * Whether data of media type 'mime' is already compressed, so that
 * deflating it again would waste time (PDF, JPEG, PNG, Office, zip, video).
 */
bool dsr_type_is_compressed(const char *mime);

/*
 * Whether the first 64 KiB of 'data' (of 'len' bytes) would not shrink by
 * at least 1/16 under a fast deflate: random, encrypted or compressed
 * content.  False for an empty buffer.
 */
bool dsr_sample_incompressible(const void *data, size_t len);

#endif
