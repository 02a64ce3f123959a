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
    DSR_PATH_INVALID,       /* empty, control character, empty part */
    DSR_PATH_ESCAPES,       /* leaves the root by '..' */
    DSR_PATH_MISSING,
    DSR_PATH_NOT_REGULAR,   /* directory, FIFO, device or socket */
    DSR_PATH_UNREADABLE,
    DSR_PATH_TOO_LONG,      /* over DSR_EVIDENCE_PATH_MAX or _NAME_MAX */
    DSR_PATH_LINK,          /* it, or a folder on the way, is a symbolic link */
    DSR_PATH_NOT_PORTABLE,  /* a name Windows cannot hold: a backslash,
                             * < > : " | ? *, a drive letter ("C:"), a
                             * trailing dot or space, a device name */
    DSR_PATH_NOMEM,         /* out of memory: a failure of the tool */
};

/*
 * Limits on an evidence path as the manifest writes it: bytes in all, and
 * bytes in one folder or file name.  Longer paths are refused before the
 * file system is asked (and could not be opened on most systems anyway).
 */
#define DSR_EVIDENCE_PATH_MAX 2047
#define DSR_EVIDENCE_NAME_MAX 255

/*
 * An evidence root: the directory every evidence file is opened beneath.
 * It is opened once; every file is then opened relative to 'fd', one
 * component at a time, never through a symbolic link, so that a folder
 * swapped for a link during a run cannot lead outside.
 */
struct dsr_root {
    char *real;             /* its real path, for messages; NULL: not open */
    int fd;                 /* the directory, open while 'real' is set */
    /*
     * Open with an openat() walk, O_NOFOLLOW on every component, instead
     * of openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS).  False after
     * dsr_root_open(); check sets it from dsr_check_opts.no_openat2 (the
     * command line's DOSSIER_NO_OPENAT2, for tests).  The walk is also
     * taken whenever the kernel or a seccomp filter refuses openat2
     * (ENOSYS, EPERM).
     */
    bool walk;
};

/*
 * Open the evidence root 'path' (a directory; symbolic links in 'path'
 * itself are followed).  Returns 0, or -1 with 'err' set (DSR_INPUT for a
 * missing or non-directory root, DSR_NOMEM).
 */
int dsr_root_open(struct dsr_root *root, const char *path,
                  struct dsr_error *err);
/* Close the root; safe on a root that was never opened, and on NULL. */
void dsr_root_release(struct dsr_root *root);

/*
 * Whether the opened root lies inside the directory 'dir' (or is 'dir'):
 * the folder actually opened is climbed through its parents, by "..", so
 * that neither '..' in a path nor a symbolic link can pass a root from
 * elsewhere for one inside.  Returns 1 inside, 0 outside, or -1 with
 * '*sys_errno' set when 'dir' or a parent cannot be opened.
 */
int dsr_root_inside(const struct dsr_root *root, const char *dir,
                    int *sys_errno);

/* What dsr_path_check() lets through besides a plain relative path. */
enum {
    DSR_PATH_RULES_DOTS = 1,    /* "." and ".." parts (folded afterwards) */
    /*
     * A bag's rules (RFC 8493): any byte but '/' and NUL in a part, any
     * length; only empty, "." and ".." parts and a leading '/' refused
     */
    DSR_PATH_RULES_BAG = 2,
};

/*
 * Whether 'rel' is a relative path that stays where it is put, one part
 * at a time, without allocating: the one predicate for evidence paths,
 * zip entry names (dsr_zip_entry_name_safe()) and bag paths.  By default
 * DSR_PATH_INVALID for NULL, "", a control character, an empty or "."
 * part; ABSOLUTE for a leading '/'; ESCAPES for a ".." part; TOO_LONG
 * past DSR_EVIDENCE_PATH_MAX or _NAME_MAX; NOT_PORTABLE for a part
 * Windows cannot hold (a backslash, < > : " | ? *, so a drive letter
 * "C:" too, a trailing dot or space, or a device name such as CON or
 * NUL).  'rules' relaxes this.
 */
enum dsr_path_status dsr_path_check(const char *rel, unsigned rules);

/*
 * Normalise the evidence path 'rel' as the manifest writes it, without
 * asking the file system: "." parts are dropped and "dir/.." folded away,
 * so the result has no ".", "..", empty part, leading '/' or backslash.
 * Returns DSR_PATH_OK with '*out' set (caller frees), DSR_PATH_NOMEM, or
 * why 'rel' is refused (ABSOLUTE, INVALID, ESCAPES for a '..' above the
 * root, TOO_LONG, NOT_PORTABLE) with '*out' NULL.
 */
enum dsr_path_status dsr_path_normalise(const char *rel, char **out);

/*
 * Check 'rel' (dsr_path_normalise()) and find it beneath 'root', one
 * component at a time and never through a symbolic link, without reading
 * it.  On DSR_PATH_OK, '*resolved' is the normalised path, relative to
 * the root (caller frees); open it with dsr_root_open_file().
 * '*sys_errno' is set for DSR_PATH_UNREADABLE and DSR_PATH_MISSING.
 * DSR_PATH_NOMEM is no finding on 'rel': the caller fails (DSR_NOMEM).
 */
enum dsr_path_status dsr_root_resolve(const struct dsr_root *root,
                                      const char *rel, char **resolved,
                                      int *sys_errno);

/*
 * Open 'resolved' (a path dsr_root_resolve() accepted) beneath 'root' for
 * reading, again component by component: a folder or the file replaced by
 * a symbolic link since is DSR_PATH_LINK, anything but a regular file
 * DSR_PATH_NOT_REGULAR.  Never blocks on a FIFO.  Returns a file
 * descriptor, or -1 with '*status' saying why.
 */
int dsr_root_open_file(const struct dsr_root *root, const char *resolved,
                       enum dsr_path_status *status, int *sys_errno);

/* What reading an evidence file tells about it. */
struct dsr_file_info {
    uint64_t size;
    int64_t mtime;              /* seconds since the epoch */
    long mtime_nsec;            /* and nanoseconds, to tell a rewrite apart */
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
    /*
     * The CRC-32 of the first 'head_len' bytes, those the type was sniffed
     * from: a later read of the file (pack's zips) compares it, so that a
     * file whose start changed after it was judged is caught.
     */
    uint32_t head_crc;
    uint32_t head_len;
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

/*
 * As dsr_file_inspect(), reading only the first bytes (at most 256 KiB):
 * the type, the store decision and the head's CRC-32 are filled, the size
 * is fstat()'s, and 'sha256' is left empty for the pass that reads the
 * rest (pack's zips, which hash every byte they store).
 */
int dsr_file_inspect_head(int fd, const char *path, struct dsr_sniffer *sniffer,
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
 * Whether 'mime' is a kind of text (text/..., message/..., JSON, XML,
 * CSV, RTF).  Any text is accepted for an extension of text (.txt, .csv,
 * .md, .xml, .json, .html, .htm, .rtf): one kind of text for another is
 * never a mismatch.  Programs and scripts are judged before this.
 */
bool dsr_type_is_text(const char *mime);

/*
 * The kind of document of media type 'mime' as people call it, translated
 * for a message: "a PDF", "a Word document", "a PNG image", "text"; never
 * a media type.  dsr_type_ext_kind() names what the extension of 'name'
 * promises in the same words, or returns NULL for an unknown extension.
 */
const char *dsr_type_kind(const char *mime);
const char *dsr_type_ext_kind(const char *name);

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
