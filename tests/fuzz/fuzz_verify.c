/*
 * fuzz_verify.c -- dsr_bag_verify() on a whole bag that came from someone
 * else.  The fuzz input is unpacked into a fresh directory tree, which may
 * hold regular files, directories, symbolic links (inside the bag and out
 * of it) and FIFOs; verify then runs on it, with or without the public
 * key.  The tree is removed again after each input.
 *
 * Input encoding (tests/fuzz/mkseed_tree.py turns a real bag into it):
 *
 *   flags     1 byte: bit 0 set = verify with the public key below
 *   records   until the input ends, each:
 *     type      1 byte, modulo 4: 0 file, 1 directory, 2 symbolic link,
 *               3 FIFO
 *     namelen   1 byte
 *     name      namelen bytes: a path relative to the bag, '/' between
 *               components (parents are made as needed)
 *     (file and link only)
 *     len       4 bytes, little-endian, cut to what is left of the input
 *     content   len bytes: the file's bytes, or the link's target
 *
 * A record whose name is empty, absolute, has an empty, "." or ".."
 * component or a NUL byte, that already exists, or whose parent is not a
 * directory of the tree, is skipped: the tree never reaches outside its
 * folder while it is made (parents are opened with O_NOFOLLOW).  Beside
 * the bag lie "secret.txt" (FUZZ_SECRET_SIZE bytes) and a FIFO, "pipe",
 * for links such as ../secret.txt to point at.
 *
 * Besides crashes and hangs, it fails when
 *   - verify was still running FUZZ_VERIFY_MS (3000 ms; FUZZ_VERIFY_MS in
 *     the environment changes it) after it started: a watchdog thread
 *     then interrupts it with SIGUSR2 (no SA_RESTART), so that an open()
 *     blocked on a FIFO returns EINTR and the input fails at once, with
 *     a message, instead of at libFuzzer's -timeout (or never, in the
 *     normal build's seed run);
 *   - verify read more payload bytes than the tree's regular files hold
 *     (it followed a link, out of the bag or to a file counted already);
 *   - a FIFO anywhere, or a link under data/, was not reported;
 *   - the signature checked and nothing was reported, yet a file outside
 *     data/ is neither the tag manifest, its signature nor listed in it
 *     (unsigned content beside a signed bag);
 *   - verify failed without saying why.
 *
 * With FUZZ_VERBOSE set in the environment it prints what verify
 * reported for each input (for writing seeds).
 */
#define _XOPEN_SOURCE 700

#include "fuzz.h"

#include "dossier/bag.h"
#include "dossier/dossier.h"
#include "dossier/error.h"
#include "dossier/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FUZZ_SECRET_SIZE ((size_t)1 << 20)
#define FUZZ_MAX_RECORDS 256

/* The public half of tests/fuzz/verify-test-key.pem, which signs the seeds. */
static const char pubkey_pem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAcStBC69syzZvvod12HY6yGFF4YynOURr6rkaeTJAE7g=\n"
    "-----END PUBLIC KEY-----\n";

static char base[64];
static char bagdir[128];
static char pubkey[128];

/* What one input made, for the checks after verify. */
struct made {
    int type;
    char name[256];
};

static struct made made[FUZZ_MAX_RECORDS];
static size_t nmade;
static int verbose;

/* The watchdog: the deadline of the verify running now, 0 when none. */
static pthread_t main_thread;
static long verify_ms = 3000;
static atomic_llong deadline;
static atomic_int overran;

static long long
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
on_usr2(int sig)
{
    (void)sig;
}

static void *
watchdog(void *arg)
{
    const struct timespec tick = {.tv_nsec = 50 * 1000000L};

    (void)arg;
    for (;;) {
        long long d = atomic_load(&deadline);

        if (d && now_ms() > d) {
            atomic_store(&overran, 1);
            pthread_kill(main_thread, SIGUSR2);
        }
        nanosleep(&tick, NULL);
    }
    return NULL;
}

static void
watchdog_start(void)
{
    struct sigaction sa;
    pthread_t t;
    const char *env = getenv("FUZZ_VERIFY_MS");

    if (env && atol(env) > 0)
        verify_ms = atol(env);
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr2;        /* no SA_RESTART: open() gets EINTR */
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR2, &sa, NULL) < 0)
        abort();
    main_thread = pthread_self();
    if (pthread_create(&t, NULL, watchdog, NULL) != 0 || pthread_detach(t) != 0)
        abort();
}

static void
put(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");

    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
        abort();
}

static void
cleanup(void)
{
    if (base[0])
        fz_rmtree(base);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char path[256];
    char *secret;

    (void)argc;
    (void)argv;
    dsr_library_init();
    snprintf(base, sizeof(base), "/tmp/dossier-fuzz-verify-XXXXXX");
    if (!mkdtemp(base))
        abort();
    atexit(cleanup);
    snprintf(bagdir, sizeof(bagdir), "%s/bag", base);
    snprintf(pubkey, sizeof(pubkey), "%s/pub.pem", base);
    put(pubkey, pubkey_pem, strlen(pubkey_pem));
    secret = malloc(FUZZ_SECRET_SIZE);
    if (!secret)
        abort();
    memset(secret, 's', FUZZ_SECRET_SIZE);
    snprintf(path, sizeof(path), "%s/secret.txt", base);
    put(path, secret, FUZZ_SECRET_SIZE);
    free(secret);
    snprintf(path, sizeof(path), "%s/pipe", base);
    if (mkfifo(path, 0644) < 0)
        abort();
    verbose = getenv("FUZZ_VERBOSE") != NULL;
    watchdog_start();
    return 0;
}

/* Whether 'name' is a relative path of plain components. */
static bool
name_ok(const char *name, size_t len)
{
    size_t start = 0;

    if (len == 0 || memchr(name, '\0', len))
        return false;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && name[i] != '/')
            continue;
        if (i == start || (i - start == 1 && name[start] == '.') ||
            (i - start == 2 && name[start] == '.' && name[start + 1] == '.'))
            return false;
        start = i + 1;
    }
    return true;
}

/*
 * Open the directory that is to hold 'name' (made as needed, never
 * through a link), and point '*leaf' at the last component.  Returns the
 * descriptor, or -1.
 */
static int
open_parent(int root, char *name, char **leaf)
{
    int fd = dup(root);
    char *p = name;
    char *slash;

    if (fd < 0)
        abort();
    while ((slash = strchr(p, '/')) != NULL) {
        int next;

        *slash = '\0';
        if (mkdirat(fd, p, 0755) < 0 && errno != EEXIST) {
            *slash = '/';
            close(fd);
            return -1;
        }
        next = openat(fd, p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        *slash = '/';
        close(fd);
        if (next < 0)
            return -1;
        fd = next;
        p = slash + 1;
    }
    *leaf = p;
    return fd;
}

/* Make one record's entry; returns false when it was skipped. */
static bool
make_entry(int root, int type, char *name, const uint8_t *content, size_t len,
           uint64_t *regular_bytes)
{
    char *leaf;
    char target[4096];
    bool ok = false;
    int dirfd = open_parent(root, name, &leaf);
    int fd;

    if (dirfd < 0)
        return false;
    switch (type) {
    case 0:
        fd = openat(dirfd, leaf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                    0644);
        if (fd < 0)
            break;
        ok = len == 0 || write(fd, content, len) == (ssize_t)len;
        if (close(fd) != 0 || !ok)
            abort();
        *regular_bytes += len;
        break;
    case 1:
        ok = mkdirat(dirfd, leaf, 0755) == 0;
        break;
    case 2:
        if (len >= sizeof(target))
            len = sizeof(target) - 1;
        memcpy(target, content, len);
        target[len] = '\0';
        if (target[0] == '\0')
            break;
        ok = symlinkat(target, dirfd, leaf) == 0;
        break;
    default:
        ok = mkfifoat(dirfd, leaf, 0644) == 0;
        break;
    }
    close(dirfd);
    return ok;
}

/* Unpack 'data' into bagdir; returns the flags byte. */
static int
unpack(const uint8_t *data, size_t size, uint64_t *regular_bytes)
{
    size_t pos = 1;
    int root;

    nmade = 0;
    if (mkdir(bagdir, 0755) < 0)
        abort();
    root = open(bagdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0)
        abort();
    while (pos + 2 <= size && nmade < FUZZ_MAX_RECORDS) {
        int type = data[pos] % 4;
        size_t nlen = data[pos + 1];
        size_t clen = 0;
        const uint8_t *content = NULL;
        char name[256];

        pos += 2;
        if (nlen > size - pos)
            nlen = size - pos;
        memcpy(name, data + pos, nlen);
        name[nlen] = '\0';
        pos += nlen;
        if (type == 0 || type == 2) {
            if (size - pos >= 4) {
                clen = (size_t)data[pos] | (size_t)data[pos + 1] << 8 |
                       (size_t)data[pos + 2] << 16 | (size_t)data[pos + 3] << 24;
                pos += 4;
            } else {
                pos = size;
            }
            if (clen > size - pos)
                clen = size - pos;
            content = data + pos;
            pos += clen;
        }
        if (!name_ok(name, nlen) ||
            !make_entry(root, type, name, content, clen, regular_bytes))
            continue;
        made[nmade].type = type;
        memcpy(made[nmade].name, name, nlen + 1);
        nmade++;
    }
    close(root);
    return size ? data[0] : 0;
}

static bool
under_data(const char *name)
{
    return strncmp(name, "data/", 5) == 0;
}

/* Whether 'name' is the tag manifest 'tmname', its signature, or listed in it. */
static bool
covered(const struct dsr_bag_entries *tm, const char *tmname, const char *name)
{
    size_t n = strlen(tmname);

    if (strcmp(name, tmname) == 0 ||
        (strncmp(name, tmname, n) == 0 && strcmp(name + n, DSR_BAG_SIGNATURE_SUFFIX) == 0))
        return true;
    for (size_t i = 0; i < tm->n; i++)
        if (strcmp(tm->items[i].path, name) == 0)
            return true;
    return false;
}

/*
 * After a clean, signed verify: every file outside data/ is the tag
 * manifest that was signed, its signature, or listed in it.
 */
static void
check_signed_cover(void)
{
    static const struct {
        const char *name;
        enum dsr_hash_alg alg;
    } tms[] = {
        {"tagmanifest-sha512.txt", DSR_HASH_SHA512},
        {"tagmanifest-sha256.txt", DSR_HASH_SHA256},
    };
    struct dsr_bag_entries e = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    char path[256], *buf = NULL;
    size_t which = 0;
    long len = -1;
    FILE *f = NULL;

    /* verify's choice: the SHA-512 one when it is there */
    for (; which < sizeof(tms) / sizeof(tms[0]); which++) {
        struct stat st;

        snprintf(path, sizeof(path), "%s/%s", bagdir, tms[which].name);
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            f = fopen(path, "rb");
            break;
        }
    }
    if (!f)
        abort(); /* signed, yet no tag manifest */
    if (fseek(f, 0, SEEK_END) == 0)
        len = ftell(f);
    if (len < 0 || fseek(f, 0, SEEK_SET) != 0 || !(buf = malloc((size_t)len + 1)) ||
        fread(buf, 1, (size_t)len, f) != (size_t)len)
        abort();
    fclose(f);
    if (dsr_bag_parse_manifest(buf, (size_t)len, tms[which].alg, &e, &err) < 0)
        abort(); /* verify accepted a tag manifest that does not parse */
    for (size_t i = 0; i < nmade; i++) {
        if (made[i].type == 1 || under_data(made[i].name))
            continue;
        if (!covered(&e, tms[which].name, made[i].name)) {
            fprintf(stderr, "fuzz_verify: signed and clean, yet '%s' is not "
                            "covered by %s\n", made[i].name, tms[which].name);
            abort();
        }
    }
    dsr_bag_entries_release(&e);
    free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct dsr_bag_verify_opts opts = {.jobs = 1};
    struct dsr_bag_report rep = {0};
    struct dsr_error err = DSR_ERROR_INIT;
    uint64_t regular_bytes = 0;
    bool special = false;
    int flags;
    int rc;

    fz_rmtree(bagdir);
    flags = unpack(data, size, &regular_bytes);
    if (flags & 1)
        opts.pubkey = pubkey;
    for (size_t i = 0; i < nmade; i++)
        if (made[i].type == 3 || (made[i].type == 2 && under_data(made[i].name)))
            special = true;
    atomic_store(&overran, 0);
    atomic_store(&deadline, now_ms() + verify_ms);
    rc = dsr_bag_verify(bagdir, &opts, &rep, &err);
    atomic_store(&deadline, 0);
    if (atomic_load(&overran)) {
        fprintf(stderr, "fuzz_verify: verify still ran after %ld ms (blocked "
                        "on a FIFO, or slow); it was interrupted; it "
                        "reported:\n", verify_ms);
        for (size_t i = 0; i < rep.n && i < 20; i++)
            fprintf(stderr, "  %s: %s\n", rep.items[i].path, rep.items[i].message);
        abort();
    }
    if (rc == 0) {
        if (verbose) {
            fprintf(stderr, "  %zu entries made, %zu problems, %zu files, %llu "
                            "bytes, %zu zips, signature %s\n",
                    nmade, rep.n, rep.files, (unsigned long long)rep.bytes,
                    rep.zips, rep.signature == DSR_BAG_SIGNATURE_CHECKED ? "checked" : "not checked");
            for (size_t i = 0; i < rep.n; i++)
                fprintf(stderr, "  %s: %s\n", rep.items[i].path,
                        rep.items[i].message);
        }
        if (rep.bytes > regular_bytes) {
            fprintf(stderr, "fuzz_verify: read %llu payload bytes, the tree "
                            "holds %llu\n", (unsigned long long)rep.bytes,
                    (unsigned long long)regular_bytes);
            abort();
        }
        if (special && rep.n == 0) {
            fprintf(stderr, "fuzz_verify: a FIFO or a link in data/ went "
                            "unreported\n");
            abort();
        }
        if (rep.signature == DSR_BAG_SIGNATURE_CHECKED && rep.n == 0)
            check_signed_cover();
    } else if (err.code == DSR_OK) {
        abort();
    }
    dsr_bag_report_release(&rep);
    fz_rmtree(bagdir);
    return 0;
}
