/*
 * evidence.c -- resolve evidence paths beneath the root, open only regular
 * files, read each once to hash and sniff it, and judge its type.
 */
#define _GNU_SOURCE /* O_PATH, syscall() */
#include "dossier/evidence.h"

#include "dossier/error.h"
#include "fileio.h"
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

/*
 * How many folders dsr_root_inside() climbs, at most, looking for the
 * folder the root must lie in; deeper roots count as outside it.
 */
#define DSR_ROOT_MAX_DEPTH 4096

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
    int fd;

    root->real = NULL;
    root->fd = -1;
    root->walk = false;
    /* O_PATH: search permission is enough, as it was for realpath() */
    fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return dsr_error_set(err, DSR_INPUT, path, 0, "%s", dsr_strerror(errno));
    if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
        close(fd);
        return dsr_error_set(err, DSR_INPUT, path, 0, "%s",
                             dsr_strerror(ENOTDIR));
    }
    /* for messages only: every open goes through 'fd' */
    real = realpath(path, NULL);
    if (!real)
        real = strdup(path);
    if (!real) {
        close(fd);
        return dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
    }
    root->real = real;
    root->fd = fd;
    return 0;
}

void
dsr_root_release(struct dsr_root *root)
{
    if (!root || !root->real)
        return;
    close(root->fd);
    free(root->real);
    root->real = NULL;
    root->fd = -1;
}

static bool
same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

int
dsr_root_inside(const struct dsr_root *root, const char *dir, int *sys_errno)
{
    struct stat want, here, up;
    int cur = -1;
    int rc = -1;

    *sys_errno = 0;
    if (stat(dir, &want) < 0) {
        *sys_errno = errno;
        return -1;
    }
    /* O_PATH: a parent we may only search (0711) is still climbed */
    cur = openat(root->fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (cur < 0 || fstat(cur, &here) < 0)
        goto fail;
    /* climb from the folder opened, so no path can pretend */
    for (int depth = 0; depth <= DSR_ROOT_MAX_DEPTH; depth++) {
        int next;

        if (same_file(&here, &want)) {
            rc = 1;
            goto out;
        }
        next = openat(cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (next < 0 || fstat(next, &up) < 0) {
            if (next >= 0)
                close(next);
            goto fail;
        }
        close(cur);
        cur = next;
        if (same_file(&up, &here))
            break;              /* the top: ".." is itself */
        here = up;
    }
    rc = 0;
    goto out;
fail:
    *sys_errno = errno;
out:
    if (cur >= 0)
        close(cur);
    return rc;
}

/*
 * Whether Windows cannot hold a file or folder named by 'n' bytes at 'p'
 * (not "." or ".."), so that an assessor could not open the zip there:
 * one of < > : " | ? * (':' also makes "C:" a drive and "a:b" a stream),
 * a name ending in a dot or a space, which Windows drops, or a device
 * name (CON, PRN, AUX, NUL, COM1-9, LPT1-9), alone or with an extension.
 */
static bool
windows_refuses(const char *p, size_t n)
{
    static const char *const devices[] = {"con", "prn", "aux", "nul"};
    size_t stem = 0;

    for (size_t i = 0; i < n; i++)
        if (strchr("<>:\"|?*", p[i]))
            return true;
    if (p[n - 1] == '.' || p[n - 1] == ' ')
        return true;
    while (stem < n && p[stem] != '.')
        stem++;
    for (size_t i = 0; i < sizeof(devices) / sizeof(*devices); i++)
        if (stem == 3 && strncasecmp(p, devices[i], 3) == 0)
            return true;
    return stem == 4 &&
           (strncasecmp(p, "com", 3) == 0 || strncasecmp(p, "lpt", 3) == 0) &&
           p[3] >= '1' && p[3] <= '9';
}

/* One part of 'n' bytes at 'p' (not NUL-terminated) under 'rules'. */
static enum dsr_path_status
check_part(const char *p, size_t n, unsigned rules)
{
    bool dot = n == 1 && p[0] == '.';
    bool dotdot = n == 2 && p[0] == '.' && p[1] == '.';

    if (n == 0)
        return DSR_PATH_INVALID;        /* "a//b", or a trailing slash */
    if (!(rules & DSR_PATH_RULES_BAG)) {
        if (n > DSR_EVIDENCE_NAME_MAX)
            return DSR_PATH_TOO_LONG;
        if (!dot && !dotdot && windows_refuses(p, n))
            return DSR_PATH_NOT_PORTABLE;
    }
    if (rules & DSR_PATH_RULES_DOTS)
        return DSR_PATH_OK;
    return dotdot ? DSR_PATH_ESCAPES : dot ? DSR_PATH_INVALID : DSR_PATH_OK;
}

enum dsr_path_status
dsr_path_check(const char *rel, unsigned rules)
{
    const char *p = rel;

    if (!rel || !*rel)
        return DSR_PATH_INVALID;
    if (!(rules & DSR_PATH_RULES_BAG) && strlen(rel) > DSR_EVIDENCE_PATH_MAX)
        return DSR_PATH_TOO_LONG;
    if (rel[0] == '/')
        return DSR_PATH_ABSOLUTE;
    if (!(rules & DSR_PATH_RULES_BAG)) {
        for (const unsigned char *c = (const unsigned char *)rel; *c; c++) {
            /* C0, DEL, and C1 (U+0080..U+009F: C2 80..C2 9F in UTF-8) */
            if (*c < 0x20 || *c == 0x7f || (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f))
                return DSR_PATH_INVALID;
            if (*c == '\\')
                return DSR_PATH_NOT_PORTABLE;
        }
    }
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        enum dsr_path_status st = check_part(p, n, rules);

        if (st != DSR_PATH_OK)
            return st;
        if (!slash)
            return DSR_PATH_OK;
        p = slash + 1;
    }
}

enum dsr_path_status
dsr_path_normalise(const char *rel, char **out)
{
    enum dsr_path_status st = dsr_path_check(rel, DSR_PATH_RULES_DOTS);
    const char *p = rel;
    size_t *starts = NULL;      /* where each kept part starts in 'buf' */
    size_t nparts = 0;
    size_t len;
    char *buf;

    *out = NULL;
    if (st != DSR_PATH_OK)
        return st;
    len = strlen(rel);
    buf = malloc(len + 1);
    starts = malloc((len / 2 + 1) * sizeof(*starts));
    if (!buf || !starts) {
        free(buf);
        free(starts);
        return DSR_PATH_NOMEM;
    }
    buf[0] = '\0';
    /* dsr_path_check() let through no empty part */
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        size_t at;

        if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (nparts == 0) {
                free(buf);
                free(starts);
                return DSR_PATH_ESCAPES;
            }
            /* lexical, as the file system would be: no link is followed */
            nparts--;
            buf[starts[nparts] ? starts[nparts] - 1 : 0] = '\0';
        } else if (!(n == 1 && p[0] == '.')) {
            at = strlen(buf);
            if (at)
                buf[at++] = '/';
            starts[nparts++] = at;
            memcpy(buf + at, p, n);
            buf[at + n] = '\0';
        }
        if (!slash)
            break;
        p = slash + 1;
    }
    free(starts);
    if (!*buf) {
        free(buf);
        return DSR_PATH_NOT_REGULAR;    /* the root itself */
    }
    *out = buf;
    return DSR_PATH_OK;
}

/*
 * Open the normalised 'rel' beneath the root with 'flags': openat2(), or
 * the walk where openat2() is refused or root->walk asks for it.
 */
static int
open_beneath(const struct dsr_root *root, const char *rel, int flags)
{
    return dsr_fio_open_beneath(root->fd, rel, flags, root->walk);
}

static enum dsr_path_status
open_status(int e)
{
    switch (e) {
    case ELOOP:
    case EXDEV:             /* openat2: it would leave the root */
        return DSR_PATH_LINK;
    case ENOENT:
    case ENOTDIR:
        return DSR_PATH_MISSING;
    case EACCES:
    case EPERM:
        return DSR_PATH_UNREADABLE;
    case ENAMETOOLONG:
        return DSR_PATH_TOO_LONG;
    case ENXIO:
    case ENODEV:
    case EISDIR:
        return DSR_PATH_NOT_REGULAR;
    default:
        return DSR_PATH_UNREADABLE;
    }
}

enum dsr_path_status
dsr_root_resolve(const struct dsr_root *root, const char *rel, char **resolved,
                 int *sys_errno)
{
    enum dsr_path_status st;
    struct stat sb;
    char *norm = NULL;
    int fd;

    *resolved = NULL;
    *sys_errno = 0;
    st = dsr_path_normalise(rel, &norm);
    if (st != DSR_PATH_OK)
        return st;
    /* O_PATH reads nothing and opens no device; a final link is ELOOP */
    fd = open_beneath(root, norm, O_PATH);
    if (fd < 0) {
        *sys_errno = errno;
        free(norm);
        return open_status(*sys_errno);
    }
    if (fstat(fd, &sb) < 0) {
        *sys_errno = errno;
        close(fd);
        free(norm);
        return DSR_PATH_UNREADABLE;
    }
    close(fd);
    if (S_ISLNK(sb.st_mode)) {
        free(norm);
        return DSR_PATH_LINK;
    }
    if (!S_ISREG(sb.st_mode)) {
        free(norm);
        return DSR_PATH_NOT_REGULAR;
    }
    *resolved = norm;
    return DSR_PATH_OK;
}

int
dsr_root_open_file(const struct dsr_root *root, const char *resolved,
                   enum dsr_path_status *status, int *sys_errno)
{
    struct stat sb;
    int fd;

    *status = DSR_PATH_OK;
    *sys_errno = 0;
    /* O_NONBLOCK: a FIFO swapped in after the check must not hang us */
    fd = open_beneath(root, resolved,
                      O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        *sys_errno = errno;
        *status = open_status(errno);
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
    /* the type and, after "; charset=", whether the bytes are text */
    s->cookie = magic_open(MAGIC_MIME | MAGIC_ERROR | MAGIC_NO_CHECK_CDF);
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

/* Fill 'buf' (READ_CHUNK bytes) from 'fd'; the bytes read, or -1. */
static ssize_t
fill_chunk(int fd, unsigned char *buf)
{
    size_t have = 0;

    while (have < READ_CHUNK) {
        ssize_t r = read(fd, buf + have, READ_CHUNK - have);

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        have += (size_t)r;
    }
    return (ssize_t)have;
}

/*
 * Whether libmagic's 'mime' for bytes that are all text can only be one
 * of its rules matching a few letters: "SP" at the start is an HP-GL
 * plot, "BZh" a bzip2 stream, four letters at offset 1080 a tracker
 * module, "GIF89a" a GIF, "mdat" at offset 4 a QuickTime film, "P1 "
 * a Netpbm image.  Sound, video, bzip2 and raster images are binary
 * formats (Netpbm's ASCII form aside, which no one hands in as
 * evidence).  Formats of text stay what libmagic says: SVG, XPM and XBM
 * pictures, JavaScript, PostScript, SYLK, an Internet shortcut, and a
 * PDF written in ASCII only.
 */
static bool
text_misfire(const char *mime)
{
    static const char *const prefixes[] = {"audio/", "video/", "biosig/",
                                           "image/"};
    static const char *const text_images[] = {
        "image/svg+xml", "image/x-xpixmap", "image/x-xbitmap"};
    static const char *const whole[] = {"application/vnd.hp-HPGL",
                                        "application/x-bzip2"};

    for (size_t i = 0; i < sizeof(text_images) / sizeof(*text_images); i++)
        if (strcmp(mime, text_images[i]) == 0)
            return false;
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
        if (strncmp(mime, prefixes[i], strlen(prefixes[i])) == 0)
            return true;
    for (size_t i = 0; i < sizeof(whole) / sizeof(*whole); i++)
        if (strcmp(mime, whole[i]) == 0)
            return true;
    return false;
}

/*
 * The media type of a head, from libmagic's "TYPE; charset=ENCODING".
 * A CSV that begins "SPBE 2024" is still text: when the bytes are text
 * (the encoding is not "binary") and the type a misfire of a binary
 * format (text_misfire), the type is text/plain.
 */
static void
head_type(const char *magic, char *out, size_t size)
{
    const char *semi = magic ? strchr(magic, ';') : NULL;
    const char *charset = semi ? strstr(semi, "charset=") : NULL;
    int len = semi ? (int)(semi - magic) : magic ? (int)strlen(magic) : 0;

    if (len == 0) {
        snprintf(out, size, "application/octet-stream");
        return;
    }
    snprintf(out, size, "%.*s", len, magic);
    /* the encoding's name ends the string, or a space or ';' ends it */
    if (charset && strncmp(charset + strlen("charset="), "binary", 6) != 0 &&
        text_misfire(out))
        snprintf(out, size, "text/plain");
}

/* The type, store decision and head CRC from the first 'have' bytes. */
static void
sniff_head(struct dsr_sniffer *sniffer, const unsigned char *buf, size_t have,
           struct dsr_file_info *info)
{
    if (have == 0) {
        snprintf(info->mime, sizeof(info->mime), "application/x-empty");
        return;
    }
    head_type(magic_buffer(sniffer->cookie, buf,
                           have < SNIFF_BYTES ? have : SNIFF_BYTES),
              info->mime, sizeof(info->mime));
    info->store = dsr_type_is_compressed(info->mime) ||
                  (!is_textual(info->mime) &&
                   dsr_sample_incompressible(
                       buf, have < SAMPLE_BYTES ? have : SAMPLE_BYTES));
    info->head_len = (uint32_t)have;
    info->head_crc = (uint32_t)crc32(0L, buf, (uInt)have);
}

/* Open the inspection: fstat 'fd' into 'info', a READ_CHUNK buffer. */
static unsigned char *
inspect_start(int fd, const char *path, struct dsr_file_info *info,
              struct dsr_error *err)
{
    struct stat sb;
    unsigned char *buf;

    memset(info, 0, sizeof(*info));
    if (fstat(fd, &sb) < 0) {
        dsr_error_sys(err, errno, path, "cannot read");
        return NULL;
    }
    info->dev = sb.st_dev;
    info->ino = sb.st_ino;
    info->mtime = (int64_t)sb.st_mtim.tv_sec;
    info->mtime_nsec = sb.st_mtim.tv_nsec;
    info->size = (uint64_t)sb.st_size;
    buf = malloc(READ_CHUNK);
    if (!buf)
        dsr_error_set(err, DSR_NOMEM, path, 0, "out of memory");
    return buf;
}

int
dsr_file_inspect(int fd, const char *path, struct dsr_sniffer *sniffer,
                 struct dsr_file_info *info, struct dsr_error *err)
{
    struct dsr_hash *h = NULL;
    unsigned char *buf = inspect_start(fd, path, info, err);
    uint64_t total = 0;
    int ret = -1;

    if (!buf)
        return -1;
    h = dsr_hash_new(DSR_HASH_SHA256, err);
    if (!h)
        goto out;
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    for (;;) {
        ssize_t have = fill_chunk(fd, buf);

        if (have < 0) {
            dsr_error_sys(err, errno, path, "cannot read");
            goto out;
        }
        /* the sniffer sees a full first chunk */
        if (total == 0)
            sniff_head(sniffer, buf, (size_t)have, info);
        if (have == 0)
            break;
        if (dsr_hash_update(h, buf, (size_t)have, err) < 0)
            goto out;
        total += (uint64_t)have;
        if ((size_t)have < READ_CHUNK)
            break;
    }
    if (dsr_hash_final(h, info->sha256, err) < 0)
        goto out;
    info->size = total;
    ret = 0;
out:
    dsr_hash_free(h);
    free(buf);
    return ret;
}

int
dsr_file_inspect_head(int fd, const char *path, struct dsr_sniffer *sniffer,
                      struct dsr_file_info *info, struct dsr_error *err)
{
    unsigned char *buf = inspect_start(fd, path, info, err);
    ssize_t have;

    if (!buf)
        return -1;
    have = fill_chunk(fd, buf);
    if (have < 0) {
        dsr_error_sys(err, errno, path, "cannot read");
        free(buf);
        return -1;
    }
    sniff_head(sniffer, buf, (size_t)have, info);
    free(buf);
    return 0;
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

/*
 * Extensions of text: any text type will do (a .txt whose lines have
 * commas is sniffed as CSV, a .csv of one column as plain text).
 */
static bool
text_ext(const char *ext)
{
    static const char *const exts[] = {"txt", "csv", "md",  "xml",
                                       "json", "html", "htm", "rtf"};

    for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++)
        if (strcasecmp(ext, exts[i]) == 0)
            return true;
    return false;
}

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
        /* one kind of text for another is never a mismatch */
        if (text_ext(r->ext) && dsr_type_is_text(mime))
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

bool
dsr_type_is_text(const char *mime)
{
    /* an e-mail or news article, or a CSV whose first line is "From: " */
    return strncmp(mime, "text/", 5) == 0 || strncmp(mime, "message/", 8) == 0 ||
           strcmp(mime, "application/json") == 0 ||
           strcmp(mime, "application/xml") == 0 ||
           strcmp(mime, "application/csv") == 0 ||
           strcmp(mime, "application/rtf") == 0;
}

/* What people call each kind of document, by its media type. */
static const struct {
    const char *mime;       /* a whole type, or a prefix ending in '/' */
    const char *kind;
} kinds[] = {
    {"application/pdf", N_("a PDF")},
    {"image/png", N_("a PNG image")},
    {"image/jpeg", N_("a JPEG image")},
    {"image/gif", N_("a GIF image")},
    {"image/webp", N_("a WebP image")},
    {"image/bmp", N_("a BMP image")},
    {"image/x-ms-bmp", N_("a BMP image")},
    {"image/tiff", N_("a TIFF image")},
    {"image/svg+xml", N_("an SVG drawing")},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     N_("a Word document")},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     N_("an Excel spreadsheet")},
    {"application/vnd.openxmlformats-officedocument.presentationml."
     "presentation",
     N_("a PowerPoint presentation")},
    {"application/msword", N_("a Word 97-2003 document")},
    {"application/vnd.ms-excel", N_("an Excel 97-2003 spreadsheet")},
    {"application/vnd.ms-powerpoint", N_("a PowerPoint 97-2003 presentation")},
    {"application/x-ole-storage", N_("an Office 97-2003 document")},
    {"application/CDFV2", N_("an Office 97-2003 document")},
    {"application/vnd.ms-office", N_("an Office 97-2003 document")},
    {"application/vnd.oasis.opendocument.text", N_("an OpenDocument text")},
    {"application/vnd.oasis.opendocument.spreadsheet",
     N_("an OpenDocument spreadsheet")},
    {"application/vnd.oasis.opendocument.presentation",
     N_("an OpenDocument presentation")},
    {"text/rtf", N_("an RTF document")},
    {"application/rtf", N_("an RTF document")},
    {"text/html", N_("a web page (HTML)")},
    {"text/csv", N_("a CSV table")},
    {"application/csv", N_("a CSV table")},
    {"application/zip", N_("a zip archive")},
    {"application/x-7z-compressed", N_("a 7-Zip archive")},
    {"application/x-rar", N_("a RAR archive")},
    {"application/vnd.rar", N_("a RAR archive")},
    {"application/x-empty", N_("nothing (an empty file)")},
    {"image/", N_("an image")},
    {"video/", N_("a video")},
    {"audio/", N_("an audio recording")},
};

const char *
dsr_type_kind(const char *mime)
{
    for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
        size_t n = strlen(kinds[i].mime);
        bool prefix = kinds[i].mime[n - 1] == '/';

        if (prefix ? strncmp(mime, kinds[i].mime, n) == 0
                   : strcmp(mime, kinds[i].mime) == 0)
            return _(kinds[i].kind);
    }
    for (size_t i = 0; i < sizeof(executable_mimes) / sizeof(*executable_mimes);
         i++)
        if (strcmp(mime, executable_mimes[i]) == 0)
            return _("a program or script");
    if (dsr_type_is_text(mime))
        return _("text");
    return _("data of a kind dossier does not know");
}

const char *
dsr_type_ext_kind(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');

    if (!dot || (slash && dot < slash) || !dot[1])
        return NULL;
    for (size_t i = 0; i < sizeof(type_rules) / sizeof(*type_rules); i++) {
        const struct type_rule *r = &type_rules[i];

        if (strcasecmp(dot + 1, r->ext) != 0)
            continue;
        if (text_ext(r->ext) && strcmp(r->mimes[0], "text/html") != 0 &&
            strcmp(r->mimes[0], "text/rtf") != 0)
            return _("text");
        return dsr_type_kind(r->mimes[0]);
    }
    return NULL;
}
