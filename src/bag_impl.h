/* bag_impl.h -- what the bag writer, verifier and zip checks share. */
#ifndef DOSSIER_BAG_IMPL_H
#define DOSSIER_BAG_IMPL_H

/*
 * The files of a bag as a list, hashing them on several threads (bag.c),
 * keys (bag_write.c), and the verifier's report (bag_verify.c), which
 * the checks of the indicator zips (zipcheck.c) add to.  Private to the
 * core.
 */

#include "dossier/bag.h"
#include "dossier/error.h"
#include "dossier/hash.h"
#include "fileio.h"        /* enum dsr_read_result */
#include "internal.h"      /* struct dsr_job */

#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A file found under data/ (or a tag file), by its path in the bag. */
struct bag_file {
    char *path;
    uint64_t size;
    bool regular;
    mode_t type;                /* S_IFMT bits as lstat found them */
    struct stat st;             /* what the walk's lstat found; else zeros */
    bool listed[DSR_HASH_COUNT];    /* in the payload manifest of each alg;
                                   [0] for a top-level file: in a tag manifest */
    bool in_signed;             /* top-level: listed in the signed tag manifest */
    bool need[DSR_HASH_COUNT];  /* digests to compute, by alg */
    char digest[DSR_HASH_COUNT][DSR_HASH_HEX_MAX];
    /* what bag_hash_all() found: as bag_hash_file() returns, bytes read, errno */
    int rc;
    uint64_t got;
    int sys_errno;
};

struct bag_list {
    struct bag_file *items;
    size_t n, cap;
};

/* Cancelling and progress of the hashing, shared by its threads. */
struct bag_hashing {
    const volatile sig_atomic_t *cancel;
    void (*progress)(void *ctx, const struct dsr_bag_progress *p);
    void *progress_ctx;
    pthread_mutex_t lock;       /* 'p', when threads hash at once */
    struct dsr_bag_progress p;
    /*
     * r23-verify: when set, bag_hash_all() first offers each file to
     * take(): 1 when it read the file itself (the file's digest, rc, got
     * and sys_errno filled, as bag_hash_file() would), 0 to leave it to
     * bag_hash_file(), -1 with 'err' set when the run must stop.
     */
    int (*take)(void *ctx, struct bag_file *f, struct dsr_error *err);
    void *take_ctx;
};

#define BAG_HASHING_INIT(cancel_, progress_, ctx_)                            \
    {.cancel = (cancel_), .progress = (progress_), .progress_ctx = (ctx_),    \
     .lock = PTHREAD_MUTEX_INITIALIZER}

/* Hashed 'n' more bytes of 'rel': tell whoever watches 'h'. */
void bag_hashing_advance(struct bag_hashing *h, const char *rel, size_t n);

/* The slot of 'alg' in bag_file's per-algorithm arrays. */
int bag_alg_slot(enum dsr_hash_alg alg);

/*
 * Add every entry below the directory 'rel' of 'rootfd' to 'l', without
 * following symbolic links (directories are walked, not added).  Returns
 * 0, or -1 with 'err' set (DSR_IO, DSR_INPUT when nested too deep,
 * DSR_NOMEM).
 */
int bag_walk(int rootfd, const char *rel, struct bag_list *l,
             struct dsr_error *err);
/*
 * Add every entry of the bag 'rootfd' outside data/ to 'l': top-level
 * entries, and the entries below a top-level folder (walked as
 * bag_walk() does), and with 'folders' each top-level folder itself too,
 * then sort 'l'.  At most 'max' entries (more is DSR_INPUT).  Returns 0,
 * or -1 with 'err' set (DSR_IO naming 'dir').
 */
int bag_walk_tags(int rootfd, const char *dir, size_t max, bool folders,
                  struct bag_list *l, struct dsr_error *err);
int bag_list_add(struct bag_list *l, const char *path, uint64_t size,
                 mode_t mode, struct dsr_error *err);
/* In byte order of the paths, as bag_list_find() needs. */
void bag_list_sort(struct bag_list *l);
struct bag_file *bag_list_find(const struct bag_list *l, const char *path);
void bag_list_release(struct bag_list *l);

/*
 * The items of 'l' as jobs, largest first (dsr_jobs_sort()), for threads
 * to take the largest first.  NULL (path order) without memory; the
 * caller frees it.
 */
struct dsr_job *bag_largest_first(const struct bag_list *l);
/* The index in l->items of the i-th item to work on. */
size_t bag_nth(const struct dsr_job *order, size_t i);

/*
 * Hash the file 'rel' below 'dirfd' (opened with dsr_fio_open_regular()) with
 * every algorithm 'need' asks for.  'size' receives the bytes read.
 * Returns 0; 1 when the file cannot be opened or read (errno in
 * *sys_errno, the type that stopped it in *type as dsr_fio_open_regular() says);
 * -1 with 'err' set when the run must stop.
 */
int bag_hash_file(int dirfd, const char *rel, const bool need[DSR_HASH_COUNT],
                  char out[DSR_HASH_COUNT][DSR_HASH_HEX_MAX], uint64_t *size, int *sys_errno,
                  mode_t *type, struct bag_hashing *h, struct dsr_error *err);

/*
 * bag_hash_file() every regular file of 'files' that needs a digest, on
 * 'jobs' threads, leaving each outcome in the file's rc, got and
 * sys_errno.  Returns -1 with 'err' set when any file failed fatally (out
 * of memory, interrupted), else 0.
 */
int bag_hash_all(int dirfd, struct bag_list *files, unsigned jobs,
                 struct bag_hashing *h, struct dsr_error *err);

/*
 * The Ed25519 key in the PEM file 'path' (bag_write.c).  NULL with 'err'
 * set (DSR_IO, DSR_USAGE for a file that is not such a key).
 */
EVP_PKEY *bag_read_key(const char *path, bool private_key,
                       struct dsr_error *err);

/* ---- the verifier (bag_verify.c, zipcheck.c) --------------------------- */

/* One evidence file data/manifest.xml gives an indicator. */
struct bag_called_file {
    char *file;                 /* normalised (dsr_path_normalise()) */
    long line;                  /* of its <evidence> in data/manifest.xml */
};

/* The evidence data/manifest.xml gives the indicator whose zip is 'zip'. */
struct bag_called {
    char *zip;                  /* data/indicators/NN.zip */
    char *indicator;
    struct bag_called_file *files;  /* sorted by file, each file once */
    size_t n, cap;
};

/* Sort c->files by file and keep each file once (the others freed). */
void bag_called_sort(struct bag_called *c);

/* Every indicator of data/manifest.xml with evidence, sorted by zip. */
struct bag_calls {
    struct bag_called *items;
    size_t n, cap;
};

/* The entry of 'c' for the zip 'rel' (binary search); NULL: none. */
const struct bag_called *bag_calls_find(const struct bag_calls *c,
                                        const char *rel);

struct bag_zip_pass;

struct bag_verify {
    int dirfd;
    const char *dir;
    const struct dsr_bag_verify_opts *opts;
    struct dsr_bag_report *rep;
    struct dsr_error *err;
    struct bag_hashing h;
    struct bag_calls *calls;    /* NULL: the zips' contents are not known */
    struct bag_archive *ar;     /* the bag is in a .zip/.tar file; NULL:
                                   it is the folder 'dirfd' */
    struct bag_zip_pass *zp;    /* r23-verify: the zips checked while hashed */
};

/* Add a problem to v->rep.  Returns 0, or -1 (DSR_NOMEM in v->err). */
int bag_problem(struct bag_verify *v, const char *path, enum dsr_bag_kind kind,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Check every data/indicators/NN.zip of 'data' against its index.xml
 * (zipcheck.c), adding the problems to v->rep in path order.  Returns 0,
 * or -1 with v->err set (DSR_NOMEM, DSR_INTERRUPTED).
 */
int bag_check_zips(struct bag_verify *v, const struct bag_list *data);

/*
 * r23-verify: read each indicator zip of 'data' once.  From now on the
 * bag's hashing of 'data' (v->h, bag_hash_all()) hands each such zip to
 * the zip check, which hashes it for the bag through the same reads
 * (zipread.h) and keeps its problems apart; bag_check_zips() then adds
 * them in path order, checking only the zips the hashing did not reach,
 * so the report is the same as when the zips are read twice.  v->calls
 * must already hold what data/manifest.xml gives.  Returns 0, or -1 with
 * v->err set (DSR_NOMEM).  bag_zip_pass_release() frees it.
 */
int bag_zip_pass_start(struct bag_verify *v, const struct bag_list *data);
void bag_zip_pass_release(struct bag_verify *v);
/*
 * Add the counts of 'z' to 'r', and its problems too when 'items'; 'z'
 * is released either way.  Returns 0, or -1 with 'err' set (DSR_NOMEM).
 */
int bag_report_merge(struct dsr_bag_report *r, struct dsr_bag_report *z,
                     bool items, struct dsr_error *err);

/*
 * r22-query: check_zip() on the zip 'rel' below the bag 'dirfd' ('dir'
 * for messages) alone: opened with consistency checks, each entry's form,
 * CRC, size and SHA-256 against its index.xml, no entry unlisted; the
 * problems go into 'rep' (rep->encrypted counts an encrypted index.xml,
 * whose entries' contents are then not read); with 'calls' (the evidence
 * data/manifest.xml gives, as verify reads it), index.xml is compared
 * with it too, as verify does.  Returns 0, or -1 with 'err' set
 * (DSR_NOMEM, DSR_INTERRUPTED).
 */
int bag_check_one_zip(int dirfd, const char *dir, const char *rel,
                      const volatile sig_atomic_t *cancel,
                      struct bag_calls *calls, struct dsr_bag_report *rep,
                      struct dsr_error *err);

/*
 * dsr_bag_verify(), and when 'bag_only' without checking that the bag
 * holds a dossier bundle's parts (for the tests' bags, which are not
 * bundles; the command line never asks for it).
 */
int bag_verify_run(const char *dir, const struct dsr_bag_verify_opts *opts,
                   bool bag_only, struct dsr_bag_report *rep,
                   struct dsr_error *err);

/* ---- a bag inside one .zip or .tar file (r22-archive) ------------------- */

/*
 * The verifier above reads a bag folder; bag_archive.c gives it the same
 * bag read out of an archive file with libarchive, nothing unpacked: a
 * first pass lists the entries and keeps the tag files in memory, a
 * second streams the payload once (bag_archive_hash_all()).
 */
struct bag_archive;
struct manifests;

/*
 * dsr_bag_verify() of the archive file 'path'.  Problems of the archive
 * itself (unsafe names, links, duplicates, a truncated archive) come
 * first in 'rep'; then the same checks as a folder's.
 */
int bag_archive_verify(const char *path, const struct dsr_bag_verify_opts *opts,
                       bool bag_only, struct dsr_bag_report *rep,
                       struct dsr_error *err);
/* bag_verify_run() of the folder 'dir', or of the archive 'ar' when given. */
int bag_verify_in(const char *dir, struct bag_archive *ar,
                  const struct dsr_bag_verify_opts *opts, bool bag_only,
                  struct dsr_bag_report *rep, struct dsr_error *err);
/* One top-level entry of the bag: a manifest into 'mf', else into 'others'. */
int bag_top_entry(struct bag_verify *v, struct manifests *mf,
                  struct bag_list *others, const char *name, mode_t mode,
                  uint64_t size);
/* As dsr_fio_read_beneath(), from the tag files kept in memory. */
enum dsr_read_result bag_archive_read(struct bag_archive *ar, const char *rel,
                                      size_t limit, char **data, size_t *len,
                                      mode_t *type, int *sys_errno);
/* As bag_hash_file(), on a tag file kept in memory. */
int bag_archive_hash_tag(struct bag_archive *ar, const char *rel,
                         const bool need[2], char out[2][DSR_HASH_HEX_MAX],
                         uint64_t *size, int *sys_errno, mode_t *type,
                         struct dsr_error *err);
/* The verifier's list_top(), list_payload(), bag_hash_all(), bag_check_zips(). */
int bag_archive_list_top(struct bag_verify *v, struct manifests *mf,
                         struct bag_list *others);
int bag_archive_list_payload(struct bag_verify *v, struct bag_list *data);
int bag_archive_hash_all(struct bag_verify *v, struct bag_list *data);
int bag_archive_check_zips(struct bag_verify *v, const struct bag_list *data);
/*
 * The entries 'idx' (index.xml of the zip 'rel') against the evidence
 * data/manifest.xml gives its indicator (v->calls), as the check of a
 * zip in a folder does (zipcheck.c).
 */
int bag_zip_check_called(struct bag_verify *v, const char *rel,
                         const struct dsr_zip_index *idx);

/*
 * r22-fixar: check_zip() (zipcheck.c) of the zip 'rel' whose 'len' bytes
 * are at 'data' (an archive's inner zip read into memory), opened with
 * libzip from that buffer with consistency checks: the same problems as
 * the zip in a folder, but for the comparison with data/manifest.xml,
 * left to bag_zip_check_called(): when index.xml was read (not
 * encrypted) '*have_idx' is set and 'idx' holds it (the caller releases
 * it).  Returns 0, or -1 with v->err set (DSR_NOMEM, DSR_INTERRUPTED).
 */
int bag_check_zip_buffer(struct bag_verify *v, const char *rel, const void *data,
                         uint64_t len, struct dsr_zip_index *idx, bool *have_idx);
/*
 * The same from the first 'len' (> 0) bytes of 'fd', a file the caller
 * keeps open (not closed here).
 */
int bag_check_zip_fd(struct bag_verify *v, const char *rel, int fd, uint64_t len,
                     struct dsr_zip_index *idx, bool *have_idx);

#endif
