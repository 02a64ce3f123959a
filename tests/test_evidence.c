/*
 * test_evidence.c -- evidence paths resolve inside the root or not at all,
 * only regular files are opened (never through a link, never a FIFO),
 * content is hashed and sniffed in one read, and types are judged.
 */
#include "testutil.h"

#include "dossier/error.h"
#include "dossier/evidence.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char pdf[] =
    "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >> endobj\n"
    "trailer << /Root 1 0 R >>\n%%EOF\n";
#define PDF_SHA256 "e80cc8aaf21d01b5e6a4f91a7db8973d0438b401dc7d153db44f978bee98e4ac"
#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* The 64-byte header of an x86-64 ELF executable, nothing else. */
static const unsigned char elf[64] = {
    0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 0,               /* e_type: ET_EXEC */
    0x3e, 0,            /* e_machine: x86-64 */
    1, 0, 0, 0,         /* e_version */
    0x00, 0x10, 0x40, 0, 0, 0, 0, 0,    /* e_entry */
    64, 0, 0, 0, 0, 0, 0, 0,            /* e_phoff */
    0, 0, 0, 0, 0, 0, 0, 0,             /* e_shoff */
    0, 0, 0, 0,         /* e_flags */
    64, 0,              /* e_ehsize */
    56, 0,              /* e_phentsize */
    0, 0,               /* e_phnum */
    64, 0,              /* e_shentsize */
    0, 0, 0, 0,         /* e_shnum, e_shstrndx */
};

/* A PNG signature and a 1x1 IHDR chunk. */
static const unsigned char png[33] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0,
    0x90, 0x77, 0x53, 0xde,
};

static char base[512];
static char root_path[600];

static void
path_in(char *out, size_t size, const char *rel)
{
    int n = snprintf(out, size, "%s/%s", root_path, rel);

    ck_assert(n > 0 && (size_t)n < size);
}

static void
link_in(const char *target, const char *name)
{
    char p[800];

    path_in(p, sizeof(p), name);
    ck_assert_int_eq(symlink(target, p), 0);
}

/*
 * base/
 *   outside.txt
 *   bukti-lain/x.pdf             a sibling whose name starts like the root
 *   bukti/                       the evidence root
 *     a.pdf  a/b.pdf  sub/b.pdf  laporan é.pdf  kosong.pdf (empty)
 *     folder/  folder.pdf/  pipe (FIFO)
 *     in.pdf -> a.pdf            insub.pdf -> sub/b.pdf
 *     out.pdf -> ../outside.txt  abs.pdf -> base/outside.txt
 *     sibling.pdf -> ../bukti-lain/x.pdf
 *     up -> ..                   dangling.pdf -> nothing.pdf
 */
static void
setup(void)
{
    char p[800];

    snprintf(base, sizeof(base), "%s", tu_tmpdir());
    snprintf(root_path, sizeof(root_path), "%s/bukti", base);
    tu_write(base, "outside.txt", "rahasia", (size_t)-1);
    tu_write(base, "bukti-lain/x.pdf", pdf, sizeof(pdf) - 1);
    tu_write(root_path, "a.pdf", pdf, sizeof(pdf) - 1);
    tu_write(root_path, "a/b.pdf", pdf, sizeof(pdf) - 1);
    tu_write(root_path, "sub/b.pdf", pdf, sizeof(pdf) - 1);
    tu_write(root_path, "laporan \xc3\xa9.pdf", pdf, sizeof(pdf) - 1);
    tu_write(root_path, "kosong.pdf", "", 0);
    path_in(p, sizeof(p), "folder");
    ck_assert_int_eq(mkdir(p, 0755), 0);
    path_in(p, sizeof(p), "folder.pdf");
    ck_assert_int_eq(mkdir(p, 0755), 0);
    path_in(p, sizeof(p), "pipe");
    ck_assert_int_eq(mkfifo(p, 0644), 0);
    link_in("a.pdf", "in.pdf");
    link_in("sub/b.pdf", "insub.pdf");
    link_in("../outside.txt", "out.pdf");
    snprintf(p, sizeof(p), "%s/outside.txt", base);
    link_in(p, "abs.pdf");
    link_in("../bukti-lain/x.pdf", "sibling.pdf");
    link_in("..", "up");
    link_in("nothing.pdf", "dangling.pdf");
}

static void
teardown(void)
{
    tu_rmtree(base);
}

/* ---- resolving -------------------------------------------------------- */

/* sys_errno ANY: it differs between openat2() and the walk */
#define ANY (-1)

static const struct {
    const char *rel;
    enum dsr_path_status want;
    const char *norm;       /* what it resolves to, relative to the root */
    int sys_errno;
} paths[] = {
    {"a.pdf", DSR_PATH_OK, "a.pdf", 0},
    {"sub/b.pdf", DSR_PATH_OK, "sub/b.pdf", 0},
    {"a/./b.pdf", DSR_PATH_OK, "a/b.pdf", 0},
    {"./a.pdf", DSR_PATH_OK, "a.pdf", 0},
    {"sub/../a.pdf", DSR_PATH_OK, "a.pdf", 0},
    {"./sub/./../sub/b.pdf", DSR_PATH_OK, "sub/b.pdf", 0},
    {"laporan \xc3\xa9.pdf", DSR_PATH_OK, "laporan \xc3\xa9.pdf", 0},
    {"kosong.pdf", DSR_PATH_OK, "kosong.pdf", 0},
    /* a link is never followed, even one that stays inside */
    {"in.pdf", DSR_PATH_LINK, NULL, ANY},
    {"insub.pdf", DSR_PATH_LINK, NULL, ANY},
    {"up/bukti/a.pdf", DSR_PATH_LINK, NULL, ANY},
    {"/etc/passwd", DSR_PATH_ABSOLUTE, NULL, 0},
    {"/a.pdf", DSR_PATH_ABSOLUTE, NULL, 0},
    {"../x", DSR_PATH_ESCAPES, NULL, 0},
    {"..", DSR_PATH_ESCAPES, NULL, 0},
    {"a/../../x", DSR_PATH_ESCAPES, NULL, 0},
    {"sub/../../outside.txt", DSR_PATH_ESCAPES, NULL, 0},
    {"out.pdf", DSR_PATH_LINK, NULL, ANY},
    {"abs.pdf", DSR_PATH_LINK, NULL, ANY},
    {"sibling.pdf", DSR_PATH_LINK, NULL, ANY},
    {"up/outside.txt", DSR_PATH_LINK, NULL, ANY},
    {"dangling.pdf", DSR_PATH_LINK, NULL, ANY},
    {"folder", DSR_PATH_NOT_REGULAR, NULL, 0},
    {"folder.pdf", DSR_PATH_NOT_REGULAR, NULL, 0},
    {".", DSR_PATH_NOT_REGULAR, NULL, 0},
    {"sub/..", DSR_PATH_NOT_REGULAR, NULL, 0},
    {"pipe", DSR_PATH_NOT_REGULAR, NULL, 0},
    {"missing.pdf", DSR_PATH_MISSING, NULL, ENOENT},
    {"nodir/x.pdf", DSR_PATH_MISSING, NULL, ENOENT},
    {"a.pdf/x", DSR_PATH_MISSING, NULL, ENOTDIR},
    /* what Windows reads as folders or a drive */
    {"sub\\b.pdf", DSR_PATH_NOT_PORTABLE, NULL, 0},
    {"C:/a.pdf", DSR_PATH_NOT_PORTABLE, NULL, 0},
    {"c:a.pdf", DSR_PATH_NOT_PORTABLE, NULL, 0},
    {"sub/D:b.pdf", DSR_PATH_NOT_PORTABLE, NULL, 0},
    {"a\tb.pdf", DSR_PATH_INVALID, NULL, 0},
    {"a\nb.pdf", DSR_PATH_INVALID, NULL, 0},
    {"a\x01.pdf", DSR_PATH_INVALID, NULL, 0},
    {"a\x7f.pdf", DSR_PATH_INVALID, NULL, 0},
    {"sub/", DSR_PATH_INVALID, NULL, 0},
    {"sub//b.pdf", DSR_PATH_INVALID, NULL, 0},
    {"", DSR_PATH_INVALID, NULL, 0},
};
#define NPATHS ((int)(sizeof(paths) / sizeof(*paths)))

/* Loop index i: path i % NPATHS, by openat2() (i < NPATHS) or the walk. */
START_TEST(test_evidence_resolve)
{
    struct dsr_error err = DSR_ERROR_INIT;
    static char sentinel[] = "not touched";
    int k = _i % NPATHS;
    struct dsr_root root;
    char *resolved = sentinel;
    int sys_errno = -1;
    enum dsr_path_status st;

    ck_assert_int_eq(dsr_root_open(&root, root_path, &err), 0);
    root.walk = _i >= NPATHS;
    st = dsr_root_resolve(&root, paths[k].rel, &resolved, &sys_errno);
    ck_assert_msg(st == paths[k].want, "'%s' (%s): status %d, want %d",
                  paths[k].rel, root.walk ? "walk" : "openat2", (int)st,
                  (int)paths[k].want);
    if (paths[k].sys_errno != ANY)
        ck_assert_int_eq(sys_errno, paths[k].sys_errno);
    if (paths[k].norm) {
        ck_assert_ptr_nonnull(resolved);
        ck_assert_str_eq(resolved, paths[k].norm);
        free(resolved);
    } else {
        ck_assert_ptr_null(resolved);
    }
    dsr_root_release(&root);
}
END_TEST

static const struct {
    const char *rel;
    const char *norm;       /* NULL: refused */
} normal[] = {
    {"a", "a"},
    {"a/b/c.pdf", "a/b/c.pdf"},
    {"./a/./b/.", "a/b"},
    {"a/b/../c", "a/c"},
    {"a/b/../../c", "c"},
    {"a/../b/../c/./d", "c/d"},
    {"a/..", NULL},
    {"a/../..", NULL},
    {"../a", NULL},
    {"a//b", NULL},
    {"/a", NULL},
    {"a\\b", NULL},
    {"Z:b", NULL},
    {"a/b:c", NULL},        /* a basename may become an entry name */
    {"ab:c", NULL},         /* not a drive, but an NTFS stream of "ab" */
    {"a/bc:d", NULL},
};

/*
 * The one path predicate under its three sets of rules: an evidence path
 * ("." and ".." folded later), a zip entry name, a bag path (any byte
 * but '/' in a part).
 */
START_TEST(test_evidence_path_check_rules)
{
    static const struct {
        const char *rel;
        enum dsr_path_status plain, dots, bag;
    } cases[] = {
        {"a/b.pdf", DSR_PATH_OK, DSR_PATH_OK, DSR_PATH_OK},
        {"a/../b", DSR_PATH_ESCAPES, DSR_PATH_OK, DSR_PATH_ESCAPES},
        {"./b", DSR_PATH_INVALID, DSR_PATH_OK, DSR_PATH_INVALID},
        {"a//b", DSR_PATH_INVALID, DSR_PATH_INVALID, DSR_PATH_INVALID},
        {"/a", DSR_PATH_ABSOLUTE, DSR_PATH_ABSOLUTE, DSR_PATH_ABSOLUTE},
        {"a/C:x", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"a\\b", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"a\nb", DSR_PATH_INVALID, DSR_PATH_INVALID, DSR_PATH_OK},
        /* C1 controls (NEL, CSI): as invalid as C0 ones; other UTF-8 is fine */
        {"a\xc2\x85" "b.pdf", DSR_PATH_INVALID, DSR_PATH_INVALID, DSR_PATH_OK},
        {"a/\xc2\x9b" "1m.pdf", DSR_PATH_INVALID, DSR_PATH_INVALID, DSR_PATH_OK},
        {"caf\xc3\xa9/\xc2\xa0.pdf", DSR_PATH_OK, DSR_PATH_OK, DSR_PATH_OK},
        {"", DSR_PATH_INVALID, DSR_PATH_INVALID, DSR_PATH_INVALID},
        /* names Windows cannot hold, so an assessor could not unzip them */
        {"a/b?.pdf", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"a/\"kutipan\".pdf", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"a/x<y>|z*.pdf", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"a/jam 10:30.pdf", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"folder./a.pdf", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"a/b.pdf ", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"a/CON", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"nul.txt", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"a/Com1.pdf", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        {"a/lpt9", DSR_PATH_NOT_PORTABLE, DSR_PATH_NOT_PORTABLE, DSR_PATH_OK},
        /* ...but these it can */
        {"a/console.pdf", DSR_PATH_OK, DSR_PATH_OK, DSR_PATH_OK},
        {"a/com10.pdf", DSR_PATH_OK, DSR_PATH_OK, DSR_PATH_OK},
        {"a/.hidden", DSR_PATH_OK, DSR_PATH_OK, DSR_PATH_OK},
        {"a/nul-report.pdf", DSR_PATH_OK, DSR_PATH_OK, DSR_PATH_OK},
        {"a/b.c.pdf", DSR_PATH_OK, DSR_PATH_OK, DSR_PATH_OK},
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        ck_assert_int_eq(dsr_path_check(cases[i].rel, 0), cases[i].plain);
        ck_assert_int_eq(dsr_path_check(cases[i].rel, DSR_PATH_RULES_DOTS),
                         cases[i].dots);
        ck_assert_int_eq(dsr_path_check(cases[i].rel, DSR_PATH_RULES_BAG),
                         cases[i].bag);
    }
    ck_assert_int_eq(dsr_path_check(NULL, 0), DSR_PATH_INVALID);
}
END_TEST

#if !defined(__SANITIZE_ADDRESS__)
/*
 * malloc() that fails while 'failing_mallocs' is set, so that running out
 * of memory can be shown (not in a sanitizer build, whose runtime owns
 * malloc).
 */
extern void *__libc_malloc(size_t n);
static volatile int failing_mallocs;

void *malloc(size_t n);

void *
malloc(size_t n)
{
    if (failing_mallocs) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(n);
}
#endif

/*
 * Out of memory while a path is normalised is the tool's failure
 * (DSR_PATH_NOMEM, which check turns into DSR_NOMEM), not a finding on
 * the file (it was DSR_PATH_UNREADABLE with ENOMEM).
 */
START_TEST(test_evidence_resolve_out_of_memory)
{
#if !defined(__SANITIZE_ADDRESS__)
    struct dsr_error err = DSR_ERROR_INIT;
    enum dsr_path_status st;
    struct dsr_root root;
    char *resolved = NULL;
    char *out = NULL;
    int sys_errno = 0;

    ck_assert_int_eq(dsr_root_open(&root, root_path, &err), 0);
    failing_mallocs = 1;
    st = dsr_root_resolve(&root, "sub/b.pdf", &resolved, &sys_errno);
    failing_mallocs = 0;
    ck_assert_int_eq(st, DSR_PATH_NOMEM);
    ck_assert_ptr_null(resolved);
    failing_mallocs = 1;
    st = dsr_path_normalise("a/./b", &out);
    failing_mallocs = 0;
    ck_assert_int_eq(st, DSR_PATH_NOMEM);
    ck_assert_ptr_null(out);
    dsr_root_release(&root);
#endif
}
END_TEST

START_TEST(test_evidence_normalise)
{
    char *out = (char *)"x";
    enum dsr_path_status st = dsr_path_normalise(normal[_i].rel, &out);

    if (normal[_i].norm) {
        ck_assert_int_eq(st, DSR_PATH_OK);
        ck_assert_str_eq(out, normal[_i].norm);
        free(out);
    } else {
        ck_assert_int_ne(st, DSR_PATH_OK);
        ck_assert_ptr_null(out);
    }
}
END_TEST

/*
 * A folder swapped for a link after the path was resolved: the open that
 * follows goes beneath the root again, component by component, and is
 * refused, by openat2() (_i 0) and by the walk (_i 1).  The same for the
 * file itself.
 */
START_TEST(test_evidence_swap_after_resolve)
{
    struct dsr_error err = DSR_ERROR_INIT;
    enum dsr_path_status st;
    struct dsr_root root;
    char *resolved = NULL;
    char from[800], to[800];
    int sys_errno;
    int fd;

    tu_write(base, "luar/b.pdf", "rahasia", (size_t)-1);
    tu_write(base, "luar/a.pdf", "rahasia", (size_t)-1);
    ck_assert_int_eq(dsr_root_open(&root, root_path, &err), 0);
    root.walk = _i == 1;
    ck_assert_int_eq(dsr_root_resolve(&root, "sub/b.pdf", &resolved,
                                      &sys_errno),
                     DSR_PATH_OK);
    /* now sub/ becomes a link to a folder outside with the same names */
    path_in(from, sizeof(from), "sub");
    path_in(to, sizeof(to), "sub-old");
    ck_assert_int_eq(rename(from, to), 0);
    snprintf(to, sizeof(to), "%s/luar", base);
    ck_assert_int_eq(symlink(to, from), 0);
    fd = dsr_root_open_file(&root, resolved, &st, &sys_errno);
    ck_assert_int_eq(fd, -1);
    ck_assert_int_eq(st, DSR_PATH_LINK);
    ck_assert_int_eq(sys_errno, ELOOP);
    free(resolved);
    /* and a.pdf, resolved, becomes a link to a file outside */
    ck_assert_int_eq(dsr_root_resolve(&root, "a.pdf", &resolved, &sys_errno),
                     DSR_PATH_OK);
    path_in(from, sizeof(from), "a.pdf");
    ck_assert_int_eq(unlink(from), 0);
    snprintf(to, sizeof(to), "%s/luar/a.pdf", base);
    ck_assert_int_eq(symlink(to, from), 0);
    fd = dsr_root_open_file(&root, resolved, &st, &sys_errno);
    ck_assert_int_eq(fd, -1);
    ck_assert_int_eq(st, DSR_PATH_LINK);
    free(resolved);
    dsr_root_release(&root);
}
END_TEST

/* The root must lie in a folder: climbed from the directory opened. */
START_TEST(test_evidence_root_inside)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_root root;
    char p[800];
    int sys_errno;

    ck_assert_int_eq(dsr_root_open(&root, root_path, &err), 0);
    ck_assert_int_eq(dsr_root_inside(&root, base, &sys_errno), 1);
    ck_assert_int_eq(dsr_root_inside(&root, root_path, &sys_errno), 1);
    snprintf(p, sizeof(p), "%s/bukti-lain", base);
    ck_assert_int_eq(dsr_root_inside(&root, p, &sys_errno), 0);
    ck_assert_int_eq(dsr_root_inside(&root, "/", &sys_errno), 1);
    snprintf(p, sizeof(p), "%s/nowhere", base);
    ck_assert_int_eq(dsr_root_inside(&root, p, &sys_errno), -1);
    ck_assert_int_eq(sys_errno, ENOENT);
    dsr_root_release(&root);
    /* the parent, by '..' or by a link, is outside the root's folder */
    snprintf(p, sizeof(p), "%s/sub/..", root_path);
    ck_assert_int_eq(dsr_root_open(&root, p, &err), 0);
    ck_assert_int_eq(dsr_root_inside(&root, root_path, &sys_errno), 1);
    dsr_root_release(&root);
    path_in(p, sizeof(p), "..");
    ck_assert_int_eq(dsr_root_open(&root, p, &err), 0);
    ck_assert_int_eq(dsr_root_inside(&root, root_path, &sys_errno), 0);
    dsr_root_release(&root);
    path_in(p, sizeof(p), "up");
    ck_assert_int_eq(dsr_root_open(&root, p, &err), 0);
    ck_assert_int_eq(dsr_root_inside(&root, root_path, &sys_errno), 0);
    dsr_root_release(&root);
    /* a link inside to a folder inside is inside */
    link_in("sub", "sublink");
    path_in(p, sizeof(p), "sublink");
    ck_assert_int_eq(dsr_root_open(&root, p, &err), 0);
    ck_assert_int_eq(dsr_root_inside(&root, root_path, &sys_errno), 1);
    dsr_root_release(&root);
}
END_TEST

START_TEST(test_evidence_resolve_too_long)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_root root;
    char *resolved;
    int sys_errno;
    char name[NAME_MAX + 10];
    char *longpath = malloc(PATH_MAX);

    ck_assert_ptr_nonnull(longpath);
    ck_assert_int_eq(dsr_root_open(&root, root_path, &err), 0);
    /* one component longer than NAME_MAX */
    memset(name, 'n', NAME_MAX + 1);
    strcpy(name + NAME_MAX + 1, ".pdf");
    ck_assert_int_eq(dsr_root_resolve(&root, name, &resolved, &sys_errno),
                     DSR_PATH_TOO_LONG);
    ck_assert_ptr_null(resolved);
    /* a path of PATH_MAX / 2 bytes made of short parts */
    for (size_t i = 0; i < PATH_MAX / 2; i += 2)
        memcpy(longpath + i, "d/", 2);
    memcpy(longpath + PATH_MAX / 2 - 5, "x.pdf", 6);
    ck_assert_uint_eq(strlen(longpath), PATH_MAX / 2);
    ck_assert_int_eq(dsr_root_resolve(&root, longpath, &resolved, &sys_errno),
                     DSR_PATH_TOO_LONG);
    ck_assert_ptr_null(resolved);
    /* the limits themselves are accepted: a name of 255 bytes, missing */
    name[DSR_EVIDENCE_NAME_MAX] = '\0';
    ck_assert_int_eq(dsr_root_resolve(&root, name, &resolved, &sys_errno),
                     DSR_PATH_MISSING);
    /* and a path of 2047 bytes */
    longpath[DSR_EVIDENCE_PATH_MAX] = '\0';
    ck_assert_int_eq(dsr_root_resolve(&root, longpath, &resolved, &sys_errno),
                     DSR_PATH_MISSING);
    ck_assert_ptr_null(resolved);
    dsr_root_release(&root);
    free(longpath);
}
END_TEST

START_TEST(test_evidence_root_real_path)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_root root;
    char p[800];
    char *want = realpath(root_path, NULL);

    ck_assert_ptr_nonnull(want);
    /* a trailing slash is not kept */
    snprintf(p, sizeof(p), "%s/", root_path);
    ck_assert_int_eq(dsr_root_open(&root, p, &err), 0);
    ck_assert_str_eq(root.real, want);
    dsr_root_release(&root);
    ck_assert_ptr_null(root.real);
    dsr_root_release(&root);
    dsr_root_release(NULL);
    /* a root reached through a link is its real directory */
    snprintf(p, sizeof(p), "%s/akar", base);
    ck_assert_int_eq(symlink("bukti", p), 0);
    ck_assert_int_eq(dsr_root_open(&root, p, &err), 0);
    ck_assert_str_eq(root.real, want);
    dsr_root_release(&root);
    free(want);
}
END_TEST

START_TEST(test_evidence_root_must_be_a_directory)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_root root;
    char p[800];

    path_in(p, sizeof(p), "a.pdf");
    ck_assert_int_eq(dsr_root_open(&root, p, &err), -1);
    ck_assert_ptr_null(root.real);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_str_eq(err.path, p);
    ck_assert_str_eq(err.msg, strerror(ENOTDIR));
    dsr_error_clear(&err);
    snprintf(p, sizeof(p), "%s/nowhere", base);
    ck_assert_int_eq(dsr_root_open(&root, p, &err), -1);
    ck_assert_int_eq(err.code, DSR_INPUT);
    ck_assert_str_eq(err.path, p);
    ck_assert_str_eq(err.msg, strerror(ENOENT));
    /* NULL err is allowed */
    ck_assert_int_eq(dsr_root_open(&root, p, NULL), -1);
}
END_TEST

/* ---- opening ---------------------------------------------------------- */

START_TEST(test_evidence_open_regular_file)
{
    struct dsr_error err = DSR_ERROR_INIT;
    enum dsr_path_status st = DSR_PATH_MISSING;
    struct dsr_root root;
    int sys_errno = -1;
    char buf[512];
    int fd;

    ck_assert_int_eq(dsr_root_open(&root, root_path, &err), 0);
    root.walk = _i == 1;
    fd = dsr_root_open_file(&root, "sub/b.pdf", &st, &sys_errno);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(st, DSR_PATH_OK);
    ck_assert_int_eq(sys_errno, 0);
    ck_assert_int_eq(read(fd, buf, sizeof(buf)), (int)(sizeof(pdf) - 1));
    ck_assert_mem_eq(buf, pdf, sizeof(pdf) - 1);
    close(fd);
    dsr_root_release(&root);
}
END_TEST

static const struct {
    const char *rel;
    enum dsr_path_status want;
    int sys_errno;
} refused[] = {
    {"in.pdf", DSR_PATH_LINK, ELOOP},          /* a link, even to inside */
    {"out.pdf", DSR_PATH_LINK, ELOOP},
    {"dangling.pdf", DSR_PATH_LINK, ELOOP},
    {"up/bukti/a.pdf", DSR_PATH_LINK, ELOOP},  /* a folder that is a link */
    {"pipe", DSR_PATH_NOT_REGULAR, 0},         /* opened without blocking */
    {"folder", DSR_PATH_NOT_REGULAR, 0},
    {"missing.pdf", DSR_PATH_MISSING, ENOENT},
};
#define NREFUSED ((int)(sizeof(refused) / sizeof(*refused)))

START_TEST(test_evidence_open_refuses)
{
    struct dsr_error err = DSR_ERROR_INIT;
    enum dsr_path_status st = DSR_PATH_OK;
    struct dsr_root root;
    int k = _i % NREFUSED;
    int sys_errno = -1;

    ck_assert_int_eq(dsr_root_open(&root, root_path, &err), 0);
    root.walk = _i >= NREFUSED;
    ck_assert_int_eq(dsr_root_open_file(&root, refused[k].rel, &st, &sys_errno),
                     -1);
    ck_assert_msg(st == refused[k].want, "%s (%s): status %d", refused[k].rel,
                  root.walk ? "walk" : "openat2", (int)st);
    ck_assert_int_eq(sys_errno, refused[k].sys_errno);
    dsr_root_release(&root);
}
END_TEST

/*
 * The core reads no environment: DOSSIER_NO_OPENAT2 is the command
 * line's, which sets dsr_check_opts.no_openat2 (test_check.c); a root is
 * opened for openat2() whatever the variable says.
 */
START_TEST(test_evidence_walk_by_environment)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_root root;

    ck_assert_int_eq(setenv("DOSSIER_NO_OPENAT2", "1", 1), 0);
    ck_assert_int_eq(dsr_root_open(&root, root_path, &err), 0);
    ck_assert(!root.walk);
    dsr_root_release(&root);
    unsetenv("DOSSIER_NO_OPENAT2");
}
END_TEST

/* ---- reading ---------------------------------------------------------- */

static int
inspect(const char *rel, struct dsr_sniffer *sn, struct dsr_file_info *info,
        struct dsr_error *err)
{
    enum dsr_path_status st;
    int sys_errno;
    struct dsr_root root;
    int fd;
    int rc;

    ck_assert_int_eq(dsr_root_open(&root, root_path, err), 0);
    fd = dsr_root_open_file(&root, rel, &st, &sys_errno);
    ck_assert_msg(fd >= 0, "%s: cannot open", rel);
    rc = dsr_file_inspect(fd, rel, sn, info, err);
    close(fd);
    dsr_root_release(&root);
    return rc;
}

START_TEST(test_evidence_inspect_pdf)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_sniffer *sn = dsr_sniffer_new(&err);
    struct dsr_file_info info;
    struct stat sb;
    char p[800];

    ck_assert_msg(sn != NULL, "%s", err.msg);
    ck_assert_int_eq(inspect("a.pdf", sn, &info, &err), 0);
    ck_assert_int_eq(err.code, DSR_OK);
    ck_assert_uint_eq(info.size, sizeof(pdf) - 1);
    ck_assert_str_eq(info.sha256, PDF_SHA256);
    ck_assert_str_eq(info.mime, "application/pdf");
    path_in(p, sizeof(p), "a.pdf");
    ck_assert_int_eq(stat(p, &sb), 0);
    ck_assert(info.dev == sb.st_dev);
    ck_assert(info.ino == sb.st_ino);
    ck_assert_int_eq(info.mtime, (int64_t)sb.st_mtime);
    dsr_sniffer_free(sn);
    dsr_sniffer_free(NULL);
}
END_TEST

START_TEST(test_evidence_inspect_empty)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_sniffer *sn = dsr_sniffer_new(&err);
    struct dsr_file_info info;

    ck_assert_ptr_nonnull(sn);
    ck_assert_int_eq(inspect("kosong.pdf", sn, &info, &err), 0);
    ck_assert_uint_eq(info.size, 0);
    ck_assert_str_eq(info.sha256, EMPTY_SHA256);
    ck_assert_str_eq(info.mime, "application/x-empty");
    dsr_sniffer_free(sn);
}
END_TEST

/* Larger than one read chunk: the hash covers every byte, once. */
START_TEST(test_evidence_inspect_large)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_sniffer *sn = dsr_sniffer_new(&err);
    struct dsr_file_info info;
    size_t n = ((size_t)3 << 19) + 12345;     /* 1.5 MiB and a bit */
    char *big = malloc(n);
    char want[DSR_HASH_HEX_MAX];

    ck_assert_ptr_nonnull(sn);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + (i * 7) % 26);
    tu_write(root_path, "besar.txt", big, n);
    ck_assert_int_eq(inspect("besar.txt", sn, &info, &err), 0);
    ck_assert_uint_eq(info.size, n);
    ck_assert_int_eq(dsr_hash_buffer(DSR_HASH_SHA256, big, n, want, &err), 0);
    ck_assert_str_eq(info.sha256, want);
    ck_assert_str_eq(info.mime, "text/plain");
    free(big);
    dsr_sniffer_free(sn);
}
END_TEST

START_TEST(test_evidence_inspect_read_error)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_sniffer *sn = dsr_sniffer_new(&err);
    struct dsr_file_info info;
    char p[800];
    char want[300];
    int fd;

    ck_assert_ptr_nonnull(sn);
    path_in(p, sizeof(p), "a.pdf");
    fd = open(p, O_WRONLY);     /* reading it fails with EBADF */
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(dsr_file_inspect(fd, p, sn, &info, &err), -1);
    close(fd);
    ck_assert_int_eq(err.code, DSR_IO);
    ck_assert_int_eq(err.sys_errno, EBADF);
    ck_assert_str_eq(err.path, p);
    snprintf(want, sizeof(want), "cannot read: %s", strerror(EBADF));
    ck_assert_str_eq(err.msg, want);
    dsr_sniffer_free(sn);
}
END_TEST

/* Real bytes under a .pdf name: sniffed, then judged against the name. */
static const struct {
    const char *name;
    const void *data;
    size_t len;
    const char *mime;
    enum dsr_type_verdict verdict;
    const char *expected;
} sniffed[] = {
    {"dok.pdf", pdf, sizeof(pdf) - 1, "application/pdf", DSR_TYPE_OK, NULL},
    {"program.pdf", elf, sizeof(elf), "application/x-executable",
     DSR_TYPE_EXECUTABLE, NULL},
    {"gambar.pdf", png, sizeof(png), "image/png", DSR_TYPE_MISMATCH,
     "application/pdf"},
    {"gambar.png", png, sizeof(png), "image/png", DSR_TYPE_OK, NULL},
    {"skrip.pdf", "#!/bin/sh\necho hai\n", 19, "text/x-shellscript",
     DSR_TYPE_EXECUTABLE, NULL},
    {"catatan.xyz", "catatan rapat\n", 14, "text/plain", DSR_TYPE_UNKNOWN,
     NULL},
    /* libmagic alone calls these HP-GL plots: text begins "SP" */
    {"rekap.csv", "SPBE Kabupaten Contoh 2024\nNo,Indikator,Nilai\n1,SPBE,3\n",
     55, "text/plain", DSR_TYPE_OK, NULL},
    {"catatan.txt", "SPBE caf\xe9 2024\n", 15, "text/plain", DSR_TYPE_OK, NULL},
    {"rekap.csv", "No,,mdat\n1,2\n", 13, "text/plain", DSR_TYPE_OK, NULL},
    {"rekap.csv", "GIF89a,2024\n1,2\n", 16, "text/plain", DSR_TYPE_OK, NULL},
    /* a format of text stays, in bytes that are all text */
    {"logo.txt",
     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n",
     63, "image/svg+xml", DSR_TYPE_MISMATCH, "text/plain"},
    {"dok.txt", pdf, sizeof(pdf) - 1, "application/pdf", DSR_TYPE_MISMATCH,
     "text/plain"},
    {"rekap.csv", "BZh91 2024\nNo,Nilai\n", 20, "text/plain", DSR_TYPE_OK,
     NULL},
    {"rekap.csv", "P1 2024\nNo,Nilai\n", 17, "text/plain", DSR_TYPE_OK, NULL},
    {"surat.txt", "From: a@b.go.id\nSubject: rekap\n\nisi\n", 36,
     "message/rfc822", DSR_TYPE_OK, NULL},
    /* a format of text is no misfire: a script or a shortcut stays one */
    {"rekap.txt", "#!/usr/bin/env node\nconsole.log(1)\n", 35,
     "application/javascript", DSR_TYPE_MISMATCH, "text/plain"},
    {"tautan.txt", "[InternetShortcut]\r\nURL=file:///C:/x.exe\r\n", 42,
     "application/x-mswinurl", DSR_TYPE_MISMATCH, "text/plain"},
    /* and in bytes that are not text, libmagic's guess stays */
    {"data.csv", "SP\x00\x01\x02\xff\xfe", 7, "application/vnd.hp-HPGL",
     DSR_TYPE_MISMATCH, "text/csv"},
};

START_TEST(test_evidence_sniff_and_judge)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_sniffer *sn = dsr_sniffer_new(&err);
    struct dsr_file_info info;
    const char *expected = "not touched";

    ck_assert_ptr_nonnull(sn);
    tu_write(root_path, sniffed[_i].name, sniffed[_i].data, sniffed[_i].len);
    ck_assert_int_eq(inspect(sniffed[_i].name, sn, &info, &err), 0);
    ck_assert_uint_eq(info.size, sniffed[_i].len);
    ck_assert_str_eq(info.mime, sniffed[_i].mime);
    ck_assert_int_eq(dsr_type_judge(sniffed[_i].name, info.mime, &expected),
                     sniffed[_i].verdict);
    if (sniffed[_i].expected)
        ck_assert_str_eq(expected, sniffed[_i].expected);
    else
        ck_assert_ptr_null(expected);
    dsr_sniffer_free(sn);
}
END_TEST

/*
 * Four letters at offset 1080 make libmagic call text a tracker module
 * (audio/x-mod): a CSV of base64 once failed a test so.  Text is text.
 */
START_TEST(test_evidence_sniff_text_not_module)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_sniffer *sn = dsr_sniffer_new(&err);
    struct dsr_file_info info;
    char text[1200];

    ck_assert_ptr_nonnull(sn);
    memset(text, 'a', sizeof(text));
    for (size_t i = 60; i < sizeof(text); i += 61)
        text[i] = '\n';
    memcpy(text + 1080, "8CHN", 4);
    tu_write(root_path, "kode.csv", text, sizeof(text));
    ck_assert_int_eq(inspect("kode.csv", sn, &info, &err), 0);
    ck_assert_str_eq(info.mime, "text/plain");
    ck_assert_int_eq(dsr_type_judge("kode.csv", info.mime, NULL), DSR_TYPE_OK);
    dsr_sniffer_free(sn);
}
END_TEST

/* ---- judging types ---------------------------------------------------- */

static const struct {
    const char *name, *mime;
    enum dsr_type_verdict want;
    const char *expected;
} judge[] = {
    {"a.pdf", "application/pdf", DSR_TYPE_OK, NULL},
    {"A.PDF", "application/pdf", DSR_TYPE_OK, NULL},
    {"dir/sub/a.Pdf", "application/pdf", DSR_TYPE_OK, NULL},
    {"a.pdf", "image/png", DSR_TYPE_MISMATCH, "application/pdf"},
    {"a.jpg", "image/png", DSR_TYPE_MISMATCH, "image/jpeg"},
    {"a.xlsx", "application/pdf", DSR_TYPE_MISMATCH,
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"a.pdf", "application/x-executable", DSR_TYPE_EXECUTABLE, NULL},
    {"a.pdf", "application/x-pie-executable", DSR_TYPE_EXECUTABLE, NULL},
    {"a.docx", "application/x-dosexec", DSR_TYPE_EXECUTABLE, NULL},
    {"a.txt", "text/x-shellscript", DSR_TYPE_EXECUTABLE, NULL},
    {"a.xyz", "text/x-python", DSR_TYPE_EXECUTABLE, NULL},
    {"a.docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     DSR_TYPE_OK, NULL},
    {"a.docx", "application/zip", DSR_TYPE_OK, NULL},
    {"a.bmp", "image/x-ms-bmp", DSR_TYPE_OK, NULL},
    {"a.csv", "text/plain", DSR_TYPE_OK, NULL},
    {"a.jpeg", "image/jpeg", DSR_TYPE_OK, NULL},
    {"a.xyz", "application/pdf", DSR_TYPE_UNKNOWN, NULL},
    {"noext", "application/pdf", DSR_TYPE_UNKNOWN, NULL},
    {"a.", "application/pdf", DSR_TYPE_UNKNOWN, NULL},
    {"dir.pdf/noext", "application/pdf", DSR_TYPE_UNKNOWN, NULL},
    /* any text will do for an extension of text */
    {"daftar.txt", "text/csv", DSR_TYPE_OK, NULL},
    {"catatan.md", "text/csv", DSR_TYPE_OK, NULL},
    {"tabel.csv", "text/x-c", DSR_TYPE_OK, NULL},
    {"tabel.CSV", "application/json", DSR_TYPE_OK, NULL},
    {"halaman.html", "text/plain", DSR_TYPE_OK, NULL},
    {"catatan.txt", "text/x-shellscript", DSR_TYPE_EXECUTABLE, NULL},
    {"catatan.txt", "application/pdf", DSR_TYPE_MISMATCH, "text/plain"},
    {"a.pdf", "text/plain", DSR_TYPE_MISMATCH, "application/pdf"},
};

START_TEST(test_evidence_type_judge)
{
    const char *expected = "not touched";

    ck_assert_int_eq(dsr_type_judge(judge[_i].name, judge[_i].mime, &expected),
                     judge[_i].want);
    if (judge[_i].expected)
        ck_assert_str_eq(expected, judge[_i].expected);
    else
        ck_assert_ptr_null(expected);
    /* 'expected' may be NULL */
    ck_assert_int_eq(dsr_type_judge(judge[_i].name, judge[_i].mime, NULL),
                     judge[_i].want);
}
END_TEST

/* Kinds are named as people know them, never as media types. */
static const struct {
    const char *mime, *kind;
} kinds[] = {
    {"application/pdf", "a PDF"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     "a Word document"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     "an Excel spreadsheet"},
    {"application/vnd.oasis.opendocument.text", "an OpenDocument text"},
    {"image/png", "a PNG image"},
    {"image/x-portable-pixmap", "an image"},
    {"video/mp4", "a video"},
    {"text/plain", "text"},
    {"text/x-c", "text"},
    {"text/csv", "a CSV table"},
    {"application/x-executable", "a program or script"},
    {"application/octet-stream", "data of a kind dossier does not know"},
    {"", "data of a kind dossier does not know"},
};

START_TEST(test_evidence_type_kind)
{
    ck_assert_str_eq(dsr_type_kind(kinds[_i].mime), kinds[_i].kind);
}
END_TEST

START_TEST(test_evidence_type_ext_kind)
{
    ck_assert_str_eq(dsr_type_ext_kind("a/b.DOCX"), "a Word document");
    ck_assert_str_eq(dsr_type_ext_kind("tabel.xlsx"), "an Excel spreadsheet");
    ck_assert_str_eq(dsr_type_ext_kind("tabel.csv"), "text");
    ck_assert_str_eq(dsr_type_ext_kind("catatan.txt"), "text");
    ck_assert_str_eq(dsr_type_ext_kind("foto.jpg"), "a JPEG image");
    ck_assert_str_eq(dsr_type_ext_kind("web.html"), "a web page (HTML)");
    ck_assert_ptr_null(dsr_type_ext_kind("catatan.xyz"));
    ck_assert_ptr_null(dsr_type_ext_kind("dir.pdf/noext"));
    ck_assert_ptr_null(dsr_type_ext_kind("a."));
}
END_TEST

static const struct {
    const char *mime;
    int compressed;
} compressed[] = {
    {"application/pdf", 1},
    {"image/jpeg", 1},
    {"image/png", 1},
    {"application/zip", 1},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", 1},
    {"application/vnd.oasis.opendocument.text", 1},
    {"video/mp4", 1},
    {"audio/mpeg", 1},
    {"application/gzip", 1},
    {"text/plain", 0},
    {"text/csv", 0},
    {"image/bmp", 0},
    {"image/tiff", 0},
    {"application/msword", 0},
    {"application/x-empty", 0},
    {"", 0},
};

START_TEST(test_evidence_type_is_compressed)
{
    ck_assert_msg(dsr_type_is_compressed(compressed[_i].mime) ==
                      (bool)compressed[_i].compressed,
                  "%s", compressed[_i].mime);
}
END_TEST

/* ---- store or deflate ------------------------------------------------- */

/* Deterministic noise (a 64-bit LCG): what encrypted or packed data looks like. */
static void
noise(unsigned char *p, size_t n, uint64_t seed)
{
    for (size_t i = 0; i < n; i++) {
        seed = seed * 6364136223846793005u + 1442695040888963407u;
        p[i] = (unsigned char)(seed >> 56);
    }
}

START_TEST(test_evidence_sample_incompressible)
{
    size_t n = (size_t)100 << 10;
    unsigned char *buf = malloc(n);

    ck_assert_ptr_nonnull(buf);
    ck_assert(!dsr_sample_incompressible(buf, 0));
    memset(buf, 0, n);
    ck_assert(!dsr_sample_incompressible(buf, n));
    noise(buf, n, 1);
    ck_assert(dsr_sample_incompressible(buf, n));
    ck_assert(dsr_sample_incompressible(buf, 100));
    /* half noise, half zeros in the first 64 KiB: it shrinks */
    memset(buf, 0, (size_t)32 << 10);
    ck_assert(!dsr_sample_incompressible(buf, n));
    /* only the first 64 KiB count: noise after them changes nothing */
    memset(buf, 'a', (size_t)64 << 10);
    ck_assert(!dsr_sample_incompressible(buf, n));
    free(buf);
}
END_TEST

/* Which files pack stores: compressed media, and incompressible unknowns. */
static const struct {
    const char *name;
    int content;            /* 0 noise, 1 zeros and pattern, 2 text, 3 PDF */
    bool store;
} stores[] = {
    {"acak.bin", 0, true},          /* random bytes of an unknown type */
    {"pola.bin", 1, false},         /* binary but repetitive */
    {"teks.txt", 2, false},         /* text is never sampled */
    {"a.pdf", 3, true},             /* media: stored by type */
};

START_TEST(test_evidence_inspect_store)
{
    struct dsr_error err = DSR_ERROR_INIT;
    struct dsr_sniffer *sn = dsr_sniffer_new(&err);
    struct dsr_file_info info;
    size_t n = (size_t)200 << 10;
    unsigned char *buf = malloc(n);

    ck_assert_ptr_nonnull(sn);
    ck_assert_ptr_nonnull(buf);
    switch (stores[_i].content) {
    case 0:
        noise(buf, n, 7);
        break;
    case 1:
        for (size_t i = 0; i < n; i++)
            buf[i] = (unsigned char)(i % 13 == 0 ? 0xfe : i % 5);
        break;
    case 2:
        for (size_t i = 0; i < n; i++)
            buf[i] = (unsigned char)(i % 61 == 60 ? '\n' : 'a' + (i * 7) % 26);
        break;
    default:
        break;
    }
    if (stores[_i].content != 3)
        tu_write(root_path, stores[_i].name, buf, n);
    ck_assert_int_eq(inspect(stores[_i].name, sn, &info, &err), 0);
    ck_assert_msg(info.store == stores[_i].store, "%s (%s): store %d",
                  stores[_i].name, info.mime, info.store);
    free(buf);
    dsr_sniffer_free(sn);
}
END_TEST

Suite *
evidence_suite(void)
{
    Suite *s = suite_create("evidence");
    TCase *tc = tcase_create("core");

    /* a test that blocks on a FIFO fails by timeout instead of hanging */
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_evidence_normalise, 0,
                        (int)(sizeof(normal) / sizeof(*normal)));
    tcase_add_loop_test(tc, test_evidence_swap_after_resolve, 0, 2);
    tcase_add_test(tc, test_evidence_root_inside);
    tcase_add_test(tc, test_evidence_walk_by_environment);
    tcase_add_test(tc, test_evidence_path_check_rules);
    tcase_add_test(tc, test_evidence_resolve_out_of_memory);
    tcase_add_loop_test(tc, test_evidence_resolve, 0,
                        2 * NPATHS);
    tcase_add_test(tc, test_evidence_resolve_too_long);
    tcase_add_test(tc, test_evidence_root_real_path);
    tcase_add_test(tc, test_evidence_root_must_be_a_directory);
    tcase_add_loop_test(tc, test_evidence_open_regular_file, 0, 2);
    tcase_add_loop_test(tc, test_evidence_open_refuses, 0,
                        2 * NREFUSED);
    tcase_add_test(tc, test_evidence_inspect_pdf);
    tcase_add_test(tc, test_evidence_inspect_empty);
    tcase_add_test(tc, test_evidence_inspect_large);
    tcase_add_test(tc, test_evidence_sample_incompressible);
    tcase_add_loop_test(tc, test_evidence_inspect_store, 0,
                        sizeof(stores) / sizeof(*stores));
    tcase_add_test(tc, test_evidence_inspect_read_error);
    tcase_add_loop_test(tc, test_evidence_sniff_and_judge, 0,
                        (int)(sizeof(sniffed) / sizeof(*sniffed)));
    tcase_add_test(tc, test_evidence_sniff_text_not_module);
    tcase_add_loop_test(tc, test_evidence_type_judge, 0,
                        (int)(sizeof(judge) / sizeof(*judge)));
    tcase_add_loop_test(tc, test_evidence_type_kind, 0,
                        sizeof(kinds) / sizeof(*kinds));
    tcase_add_test(tc, test_evidence_type_ext_kind);
    tcase_add_loop_test(tc, test_evidence_type_is_compressed, 0,
                        (int)(sizeof(compressed) / sizeof(*compressed)));
    suite_add_tcase(s, tc);
    return s;
}

int
main(void)
{
    return tu_run(evidence_suite());
}
