/*
 * evidence.c -- resolve evidence paths inside the root, open only regular
 * files, read each once to hash and sniff it, and judge its type.
 */
#include "dossier/evidence.h"

#include "dossier/error.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define READ_CHUNK ((size_t)256 << 10)
#define SNIFF_BYTES ((size_t)64 << 10)
#define SAMPLE_BYTES ((size_t)64 << 10)

struct dsr_sniffer {
    magic_t cookie;
};

int
dsr_root_open(struct dsr_root *root, const char *path, struct dsr_error *err)
{
    struct stat st;
    char *real;

    root->real = NULL;
    real = realpath(path, NULL);
    if (!real) {
        if (errno == ENOMEM)
            return dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        return dsr_error_set(err, DSR_INPUT, path, 0, "%s", strerror(errno));
    }
    if (stat(real, &st) < 0 || !S_ISDIR(st.st_mode)) {
        free(real);
        return dsr_error_set(err, DSR_INPUT, path, 0, "%s",
                             strerror(ENOTDIR));
    }
    root->real = real;
    return 0;
}

void
dsr_root_release(struct dsr_root *root)
{
    if (!root)
        return;
    free(root->real);
    root->real = NULL;
}

/* Syntax and lexical containment, before the file system is asked. */
static enum dsr_path_status
check_syntax(const char *rel)
{
    const char *p = rel;
    long depth = 0;

    if (!rel || !*rel)
        return DSR_PATH_INVALID;
    if (strlen(rel) > DSR_EVIDENCE_PATH_MAX)
        return DSR_PATH_TOO_LONG;
    if (rel[0] == '/')
        return DSR_PATH_ABSOLUTE;
    for (const unsigned char *c = (const unsigned char *)rel; *c; c++)
        if (*c < 0x20 || *c == 0x7f || *c == '\\')
            return DSR_PATH_INVALID;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);

        if (len == 0)
            return DSR_PATH_INVALID;
        if (len > DSR_EVIDENCE_NAME_MAX)
            return DSR_PATH_TOO_LONG;
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (--depth < 0)
                return DSR_PATH_ESCAPES;
        } else if (!(len == 1 && p[0] == '.')) {
            depth++;
        }
        if (!slash)
            break;
        p = slash + 1;
        if (!*p)
            return DSR_PATH_INVALID;    /* trailing slash */
    }
    return DSR_PATH_OK;
}

enum dsr_path_status
dsr_root_resolve(const struct dsr_root *root, const char *rel, char **resolved,
                 int *sys_errno)
{
    enum dsr_path_status st = check_syntax(rel);
    char full[PATH_MAX];
    size_t rootlen = strlen(root->real);
    struct stat sb;
    char *real;
    int n;

    *resolved = NULL;
    *sys_errno = 0;
    if (st != DSR_PATH_OK)
        return st;
    n = snprintf(full, sizeof(full), "%s/%s", root->real, rel);
    if (n < 0 || (size_t)n >= sizeof(full))
        return DSR_PATH_TOO_LONG;
    /* realpath() follows links and '..' with lstat and readlink only; it
     * opens nothing, so a link out of the root is never read through */
    real = realpath(full, NULL);
    if (!real) {
        *sys_errno = errno;
        switch (errno) {
        case ENOENT:
        case ENOTDIR:
            return DSR_PATH_MISSING;
        case EACCES:
            return DSR_PATH_UNREADABLE;
        case ENAMETOOLONG:
            return DSR_PATH_TOO_LONG;
        default:
            return DSR_PATH_INVALID;
        }
    }
    if (strcmp(real, root->real) == 0) {
        free(real);
        return DSR_PATH_NOT_REGULAR;
    }
    if (!(rootlen == 1 && root->real[0] == '/') &&
        (strncmp(real, root->real, rootlen) != 0 || real[rootlen] != '/')) {
        free(real);
        return DSR_PATH_ESCAPES;
    }
    if (stat(real, &sb) < 0) {
        *sys_errno = errno;
        free(real);
        return errno == EACCES ? DSR_PATH_UNREADABLE : DSR_PATH_MISSING;
    }
    if (!S_ISREG(sb.st_mode)) {
        free(real);
        return DSR_PATH_NOT_REGULAR;
    }
    *resolved = real;
    return DSR_PATH_OK;
}

int
dsr_root_open_file(const char *resolved, enum dsr_path_status *status,
                   int *sys_errno)
{
    struct stat sb;
    int fd;

    *status = DSR_PATH_OK;
    *sys_errno = 0;
    /* O_NONBLOCK: a FIFO swapped in after the check must not hang us */
    fd = open(resolved,
              O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *sys_errno = errno;
        *status = errno == ELOOP    ? DSR_PATH_ESCAPES
                  : errno == ENOENT ? DSR_PATH_MISSING
                                    : DSR_PATH_UNREADABLE;
        return -1;
    }
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        *status = DSR_PATH_NOT_REGULAR;
        return -1;
    }
    return fd;
}

struct dsr_sniffer *
dsr_sniffer_new(struct dsr_error *err)
{
    struct dsr_sniffer *s = calloc(1, sizeof(*s));

    if (!s) {
        dsr_error_set(err, DSR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    s->cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_CDF);
    if (!s->cookie || magic_load(s->cookie, NULL) != 0) {
        dsr_error_set(err, DSR_INTERNAL, NULL, 0,
                      "cannot load the libmagic database: %s",
                      s->cookie && magic_error(s->cookie)
                          ? magic_error(s->cookie)
                          : "unknown error");
        dsr_sniffer_free(s);
        return NULL;
    }
    return s;
}

void
dsr_sniffer_free(struct dsr_sniffer *s)
{
    if (!s)
        return;
    if (s->cookie)
        magic_close(s->cookie);
    free(s);
}

/* Text formats deflate well; no need to try. */
static bool
is_textual(const char *mime)
{
    return strncmp(mime, "text/", 5) == 0 ||
           strcmp(mime, "application/xml") == 0 ||
           strcmp(mime, "application/json") == 0 ||
           strcmp(mime, "image/svg+xml") == 0;
}

bool
dsr_sample_incompressible(const void *data, size_t len)
{
    unsigned char out[(SAMPLE_BYTES * 15) / 16];
    z_stream zs;
    int rc;

    if (len == 0)
        return false;
    if (len > SAMPLE_BYTES)
        len = SAMPLE_BYTES;
    memset(&zs, 0, sizeof(zs));
    /* raw deflate at level 1, as fast as zlib goes: an estimate only */
    if (deflateInit2(&zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return false;
    zs.next_in = (unsigned char *)(uintptr_t)data;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    /* it shrinks when the result fits in 15/16 of the input */
    zs.avail_out = (uInt)(len - len / 16);
    rc = deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    return rc != Z_STREAM_END;
}

int
dsr_file_inspect(int fd, const char *path, struct dsr_sniffer *sniffer,
                 struct dsr_file_info *info, struct dsr_error *err)
{
    struct dsr_hash *h = NULL;
    unsigned char *buf = NULL;
    struct stat sb;
    uint64_t total = 0;
    bool sniffed = false;
    int ret = -1;

    memset(info, 0, sizeof(*info));
    if (fstat(fd, &sb) < 0)
        return dsr_error_sys(err, errno, path, "cannot read");
    info->dev = sb.st_dev;
    info->ino = sb.st_ino;
    info->mtime = (int64_t)sb.st_mtime;
    buf = malloc(READ_CHUNK);
    if (!buf) {
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
        goto out;
    }
    h = dsr_hash_new(DSR_HASH_SHA256, err);
    if (!h)
        goto out;
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    for (;;) {
        size_t have = 0;

        /* fill the chunk, so the sniffer sees a full first block */
        while (have < READ_CHUNK) {
            ssize_t r = read(fd, buf + have, READ_CHUNK - have);

            if (r < 0 && errno == EINTR)
                continue;
            if (r < 0) {
                dsr_error_sys(err, errno, path, "cannot read");
                goto out;
            }
            if (r == 0)
                break;
            have += (size_t)r;
        }
        if (have == 0)
            break;
        if (!sniffed) {
            const char *m = magic_buffer(sniffer->cookie, buf,
                                         have < SNIFF_BYTES ? have
                                                            : SNIFF_BYTES);

            snprintf(info->mime, sizeof(info->mime), "%s",
                     m ? m : "application/octet-stream");
            sniffed = true;
            info->store = dsr_type_is_compressed(info->mime) ||
                          (!is_textual(info->mime) &&
                           dsr_sample_incompressible(
                               buf, have < SAMPLE_BYTES ? have : SAMPLE_BYTES));
        }
        if (dsr_hash_update(h, buf, have, err) < 0)
            goto out;
        total += have;
        if (have < READ_CHUNK)
            break;
    }
    if (!sniffed)
        snprintf(info->mime, sizeof(info->mime), "application/x-empty");
    if (dsr_hash_final(h, info->sha256, err) < 0)
        goto out;
    info->size = total;
    ret = 0;
out:
    dsr_hash_free(h);
    free(buf);
    return ret;
}

/*
 * What each document extension may contain.  Several media types are
 * accepted where libmagic's answer legitimately varies (OOXML written by
 * tools that do not put [Content_Types].xml first is reported as zip).
 */
struct type_rule {
    const char *ext;
    const char *mimes[6];
};

static const struct type_rule type_rules[] = {
    {"pdf", {"application/pdf"}},
    {"png", {"image/png"}},
    {"jpg", {"image/jpeg"}},
    {"jpeg", {"image/jpeg"}},
    {"gif", {"image/gif"}},
    {"webp", {"image/webp"}},
    {"bmp", {"image/bmp", "image/x-ms-bmp"}},
    {"tif", {"image/tiff"}},
    {"tiff", {"image/tiff"}},
    {"svg", {"image/svg+xml", "text/xml", "application/xml"}},
    {"docx",
     {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "application/zip"}},
    {"xlsx",
     {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/zip"}},
    {"pptx",
     {"application/vnd.openxmlformats-officedocument.presentationml."
      "presentation",
      "application/zip"}},
    {"doc", {"application/msword", "application/x-ole-storage",
             "application/CDFV2", "application/vnd.ms-office"}},
    {"xls", {"application/vnd.ms-excel", "application/x-ole-storage",
             "application/CDFV2", "application/vnd.ms-office"}},
    {"ppt", {"application/vnd.ms-powerpoint", "application/x-ole-storage",
             "application/CDFV2", "application/vnd.ms-office"}},
    {"odt", {"application/vnd.oasis.opendocument.text", "application/zip"}},
    {"ods",
     {"application/vnd.oasis.opendocument.spreadsheet", "application/zip"}},
    {"odp",
     {"application/vnd.oasis.opendocument.presentation", "application/zip"}},
    {"rtf", {"text/rtf", "application/rtf"}},
    {"csv", {"text/csv", "text/plain", "application/csv"}},
    {"txt", {"text/plain"}},
    {"md", {"text/plain", "text/markdown"}},
    {"xml", {"text/xml", "application/xml", "text/plain"}},
    {"json", {"application/json", "text/plain"}},
    {"html", {"text/html"}},
    {"htm", {"text/html"}},
    {"zip", {"application/zip"}},
    {"7z", {"application/x-7z-compressed"}},
    {"rar", {"application/x-rar", "application/vnd.rar"}},
    {"mp4", {"video/mp4"}},
    {"m4v", {"video/mp4", "video/x-m4v"}},
    {"mov", {"video/quicktime"}},
    {"webm", {"video/webm"}},
    {"mkv", {"video/x-matroska"}},
    {"avi", {"video/x-msvideo"}},
    {"mp3", {"audio/mpeg"}},
};

static const char *const executable_mimes[] = {
    "application/x-executable", "application/x-pie-executable",
    "application/x-sharedlib",  "application/x-dosexec",
    "application/x-mach-binary", "application/x-msi",
    "application/x-elf",        "application/vnd.microsoft.portable-executable",
    "text/x-shellscript",       "text/x-python",
    "text/x-script.python",     "text/x-perl",
    "text/x-php",               "text/x-ruby",
    "application/x-bytecode.python", "application/java-archive",
    "application/x-java-applet", "text/x-msdos-batch",
};

enum dsr_type_verdict
dsr_type_judge(const char *name, const char *mime, const char **expected)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');

    if (expected)
        *expected = NULL;
    for (size_t i = 0; i < sizeof(executable_mimes) / sizeof(*executable_mimes);
         i++)
        if (strcmp(mime, executable_mimes[i]) == 0)
            return DSR_TYPE_EXECUTABLE;
    if (!dot || (slash && dot < slash) || !dot[1])
        return DSR_TYPE_UNKNOWN;
    for (size_t i = 0; i < sizeof(type_rules) / sizeof(*type_rules); i++) {
        const struct type_rule *r = &type_rules[i];

        if (strcasecmp(dot + 1, r->ext) != 0)
            continue;
        for (size_t j = 0; j < 6 && r->mimes[j]; j++)
            if (strcmp(mime, r->mimes[j]) == 0)
                return DSR_TYPE_OK;
        if (expected)
            *expected = r->mimes[0];
        return DSR_TYPE_MISMATCH;
    }
    return DSR_TYPE_UNKNOWN;
}

bool
dsr_type_is_compressed(const char *mime)
{
    static const char *const prefixes[] = {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/gif",
        "image/webp",
        "application/vnd.openxmlformats-officedocument.",
        "application/vnd.oasis.opendocument.",
        "application/zip",
        "application/x-7z-compressed",
        "application/x-rar",
        "application/vnd.rar",
        "application/gzip",
        "application/x-xz",
        "application/x-bzip2",
        "application/zstd",
        "video/",
        "audio/mpeg",
    };

    for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
        if (strncmp(mime, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    return false;
}
