/*
 * bag.h -- the yearly bundle as a BagIt 1.0 bag (RFC 8493): writing the
 * tag files over whatever is under data/, checking a bag years later, and
 * the small readers of a bag's untrusted text files.  What a dossier
 * bundle holds is in docs/design.md, "The yearly bundle".
 */
#ifndef DOSSIER_BAG_H
#define DOSSIER_BAG_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "dossier/error.h"
#include "dossier/hash.h"
#include "dossier/bundle_layout.h"

/* The files of a bag that are not payload. */
#define DSR_BAG_DECLARATION "bagit.txt"
#define DSR_BAG_INFO "bag-info.txt"
/* The detached Ed25519 signature over the tag manifest, base64 + LF. */
#define DSR_BAG_SIGNATURE_SUFFIX ".sig"
/* Limits on the bag's own text files (payload files are streamed). */
#define DSR_BAG_TAG_LIMIT ((size_t)64 << 20)
#define DSR_BAG_INDEX_LIMIT ((size_t)16 << 20)
/*
 * Limits on what those files hold.  Every reader runs in time linear in
 * its input (n log n where duplicates are looked for, by sorting), so
 * these bound memory, not time.
 */
#define DSR_BAG_INFO_MAX_FIELDS 10000           /* labels in bag-info.txt */
#define DSR_BAG_MANIFEST_MAX_LINES 1000000      /* lines of one manifest */
#define DSR_ZIP_INDEX_MAX_ENTRIES 200000        /* <entry>s of one index.xml */

/* What bag-info.txt says; NULL fields are left out. */
struct dsr_bag_info {
    const char *source_organization;
    const char *contact_name;
    const char *external_description;
    const char *external_identifier;
    const char *bagging_date;           /* YYYY-MM-DD */
    const char *group_identifier;
    /* r22-profile: BagIt Profiles 1.3.0 and the preservation services' tags */
    const char *profile_identifier;     /* BagIt-Profile-Identifier */
    const char *internal_sender_identifier;
    const char *bag_producing_organization;
};

struct dsr_bag_entries;

struct dsr_bag_opts {
    enum dsr_hash_alg alg;              /* payload and tag manifests */
    /*
     * r22-profile: more algorithms, DSR_HASH_BIT()s; 'alg' is always
     * written too and is the primary one: its tag manifest also lists
     * the other algorithms' tag manifests, and it alone is signed.
     * 0: 'alg' only.
     */
    unsigned algs;
    const char *sign_key;               /* Ed25519 private key PEM, or NULL */
    unsigned jobs;                      /* files hashed at once; 0: per core */
    /* stop with DSR_INTERRUPTED as soon as *cancel is non-zero; may be NULL */
    const volatile sig_atomic_t *cancel;
    /*
     * The caller's own tag files (metadata/arsip.xml, say): called once
     * the payload is hashed and before the tag manifest is made, to write
     * them below 'dirfd' (the bag), outside data/.  'payload' lists every
     * payload file and its digest as the payload manifest will ('alg'),
     * in byte order of the paths; 'bytes' and 'count' are the
     * Payload-Oxum.  Returns 0, or -1 with 'err' set.  May be NULL.
     */
    int (*tag_files)(void *ctx, int dirfd, const struct dsr_bag_entries *payload,
                     uint64_t bytes, size_t count, struct dsr_error *err);
    void *tag_files_ctx;
    /*
     * Digests the caller already has of a payload file (pack's zips,
     * digested on the thread that wrote each): called for each payload
     * file before it would be read, with its path in the bag ("data/…")
     * and what lstat found of it (device, inode, size, modification
     * time: the caller makes sure it is the very file it digested);
     * returns true having filled 'digest' for every algorithm 'need' asks
     * for, or false to have it read.  May be NULL.
     */
    bool (*known)(void *ctx, const char *path, const struct stat *st,
                  const bool need[DSR_HASH_COUNT],
                  char digest[DSR_HASH_COUNT][DSR_HASH_HEX_MAX]);
    void *known_ctx;
};

/*
 * Make 'dir' a complete bag: hash every regular file under dir/data (in
 * byte order of their paths, no symbolic link followed; anything else
 * there is an error), then write bagit.txt, bag-info.txt (with
 * Payload-Oxum and Bag-Size computed here), manifest-ALG.txt and
 * tagmanifest-ALG.txt, and with a signing key tagmanifest-ALG.txt.sig.
 * The tag manifest lists bagit.txt, bag-info.txt, the payload manifest
 * and every regular file outside data/ that is there when it is made
 * (those opts->tag_files wrote, and any the caller put there before).
 * Tag files are UTF-8 with LF line ends; values in 'info' have any line
 * break replaced by a space.  Returns 0, or -1 with 'err' set (DSR_IO,
 * DSR_NOMEM, DSR_USAGE for an unusable key, DSR_INTERRUPTED).
 */
int dsr_bag_write(const char *dir, const struct dsr_bag_info *info,
                  const struct dsr_bag_opts *opts, struct dsr_error *err);

/*
 * fsync every file and directory under 'dir', and 'dir' itself.  Returns
 * 0, or -1 with 'err' set (DSR_IO).
 */
int dsr_bag_sync(const char *dir, struct dsr_error *err);

/* The name of the manifest files for 'alg': "sha512", "sha256", "sha1", "md5". */
const char *dsr_bag_alg_name(enum dsr_hash_alg alg);

/* ---- checking a bag ---------------------------------------------------- */

enum dsr_bag_kind {
    DSR_BAG_MISSING,            /* listed, or required, but absent */
    DSR_BAG_EXTRA,              /* present but listed nowhere */
    DSR_BAG_ALTERED,            /* present, but not what was recorded */
    DSR_BAG_MALFORMED,          /* cannot be read as what it should be */
};

/* Whether a bag is signed, and whether the signature was checked. */
enum dsr_bag_signature {
    DSR_BAG_UNSIGNED,           /* no signature beside a tag manifest */
    DSR_BAG_SIGNED,             /* signed, not checked (no public key given,
                                   or it did not verify: a problem then) */
    DSR_BAG_SIGNATURE_CHECKED,  /* verified with the public key given */
};

/* "missing", "extra", "altered", "malformed". */
const char *dsr_bag_kind_name(enum dsr_bag_kind kind);
/* "none", "unchecked", "checked": the JSON word for 'sig', a contract. */
const char *dsr_bag_signature_name(enum dsr_bag_signature sig);

/*
 * r22-profile (issue 22 point 4): how serious a problem is.  A warning
 * (a top-level tag file no tag manifest lists, in an unsigned bag: RFC
 * 8493 allows it) does not make the bag damaged; verify exits 0 with
 * warnings only.  Writers of a report (verify --format json, --report)
 * give it as "severity": dsr_bag_severity_name().
 */
enum dsr_bag_severity {
    DSR_BAG_ERROR,
    DSR_BAG_WARNING,
};

/* "error", "warning": the JSON word, a contract. */
const char *dsr_bag_severity_name(enum dsr_bag_severity s);

struct dsr_bag_problem {
    char *path;                 /* relative to the bag; "data/x.zip:entry" */
    enum dsr_bag_kind kind;
    char *message;              /* lowercase, no full stop */
    enum dsr_bag_severity severity;     /* r22-profile; see above */
};

struct dsr_bag_report {
    struct dsr_bag_problem *items;
    size_t n, cap;
    size_t files;               /* payload files checked */
    uint64_t bytes;             /* payload bytes read */
    size_t zips;                /* zips opened */
    size_t entries;             /* zip entries checked */
    size_t encrypted;           /* zips whose entries could not be read */
    enum dsr_bag_signature signature;
    char *bundle_id;            /* bag-info.txt's External-Identifier, or NULL
                                   (r22-archive, for verify --report) */
};

struct dsr_bag_progress {
    uint64_t bytes_done, bytes_total;
    const char *path;           /* the file being read */
};

struct dsr_bag_verify_opts {
    const char *pubkey;         /* Ed25519 public key PEM, or NULL */
    unsigned jobs;              /* files and zips checked at once; 0: per core */
    const volatile sig_atomic_t *cancel;
    void (*progress)(void *ctx, const struct dsr_bag_progress *p);
    void *progress_ctx;
};

/*
 * Check the bag at 'dir' without writing anything: bagit.txt, every
 * manifest and tag manifest entry present and matching, no payload file
 * missing from a manifest, Payload-Oxum, whether the bag is signed
 * (rep->signature), and when 'pubkey' is given that the signature matches
 * and covers every file accepted (every top-level file and every other
 * manifest listed in the signed tag manifest; a second tag manifest is a
 * problem), that the bundle's parts are there
 * (data/manifest.xml, findings.xml, dossier.pdf, and the zip of every
 * indicator the manifest gives evidence for), then every data/indicators/NN.zip (opened with consistency
 * checks; each entry's CRC, size and SHA-256 against the zip's index.xml;
 * no entry index.xml does not list; bytes read per entry bounded by the
 * declared sizes, absurd compression ratios refused).  Every problem goes
 * into 'rep' (release with dsr_bag_report_release()); the return value is
 * 0 then, whatever was found.  -1 with 'err' set means the check itself
 * could not be done (DSR_IO on 'dir' itself, DSR_NOMEM, DSR_INTERRUPTED).
 */
int dsr_bag_verify(const char *dir, const struct dsr_bag_verify_opts *opts,
                   struct dsr_bag_report *rep, struct dsr_error *err);

void dsr_bag_report_release(struct dsr_bag_report *rep);

/* ---- r22-profile: the BagIt profile, and what a path is (bag_profile.c) - */

/* Where every bundle carries the profile it conforms to, at the top. */
#define DSR_BAG_PROFILE_FILE "bagit-profile.json"
/* The most bytes of a profile read (the shipped one is about 4 KiB). */
#define DSR_BAG_PROFILE_LIMIT ((size_t)1 << 20)

/* How many problems of 'rep' are errors (the rest are warnings). */
size_t dsr_bag_report_errors(const struct dsr_bag_report *rep);

/*
 * The Bag-Group-Identifier of every bundle of the instance 'instance',
 * whatever the year: "urn:dossier:group:" and the name folded (ASCII
 * letters lowercased, every run of characters other than ASCII letters
 * and digits one '-', none at either end; other UTF-8 kept as it is), so
 * that "Kota  Contoh" and "kota contoh." are one group.  NULL when 'size'
 * is too small or the name has nothing left.
 */
char *dsr_bag_group_identifier(const char *instance, char *out, size_t size);

/*
 * The BagIt-Profile-Identifier of the profile 'json' ('len' bytes), into
 * 'out'.  Returns 0, or -1 with 'err' set (DSR_INPUT naming 'path').
 */
int dsr_bag_profile_identifier(const char *json, size_t len, const char *path,
                               char *out, size_t size, struct dsr_error *err);

/*
 * The comma list 'list' of manifest algorithms (pack --algorithm):
 * names of sha512, sha256, sha1, md5, each once, at least one of sha512
 * and sha256 (RFC 8493 2.4: md5 and sha1 only beside a strong one).  The
 * first is the primary ('*alg'); all, the primary included, into '*algs'
 * as DSR_HASH_BIT()s.  Returns 0, or -1 with 'err' set (DSR_USAGE, the
 * message naming the item).
 */
int dsr_bag_parse_algorithms(const char *list, enum dsr_hash_alg *alg,
                             unsigned *algs, struct dsr_error *err);

/*
 * Copy the profile at 'profile' (at most DSR_BAG_PROFILE_LIMIT bytes, a
 * valid profile) into the bag 'dir' as DSR_BAG_PROFILE_FILE, a new file,
 * and its BagIt-Profile-Identifier into 'id'.  Returns 0, or -1 with
 * 'err' set (DSR_IO, DSR_INPUT for a profile that is not one, DSR_NOMEM).
 */
int dsr_bag_put_profile(const char *dir, const char *profile, char *id,
                        size_t size, struct dsr_error *err);

/*
 * Whether the bag 'dir' conforms to the BagIt profile 'json' ('len'
 * bytes, read from 'path'), without hashing anything: it reads bagit.txt
 * (Accept-BagIt-Version) and bag-info.txt (BagIt-Profile-Identifier, each
 * Bag-Info tag required, its values and repeats), and looks at names only:
 * the manifests and tag manifests (required, allowed), the tag files
 * required and allowed (below the top, outside data/, walked without
 * following links), fetch.txt.  Every deviation goes into 'rep' (an
 * error each); rep->files etc. stay 0.  Returns 0, or -1 with 'err' set:
 * DSR_INPUT when the profile itself cannot be used, DSR_IO on 'dir',
 * DSR_NOMEM.
 */
int dsr_bag_check_profile(const char *dir, const char *json, size_t len,
                          const char *path, struct dsr_bag_report *rep,
                          struct dsr_error *err);

/* dsr_bag_check_profile() with the profile read from the file 'profile'. */
int dsr_bag_check_profile_file(const char *dir, const char *profile,
                               struct dsr_bag_report *rep, struct dsr_error *err);

/* What a path given to verify is. */
enum dsr_bag_what {
    DSR_BAG_IS_BAG,             /* a folder with bagit.txt, or without it
                                   but with bag-info.txt or data/ */
    DSR_BAG_IS_WORKSPACE,       /* a folder with manifest.xml, no bagit.txt */
    DSR_BAG_IS_FOLDER,          /* any other folder */
    DSR_BAG_IS_FILE,            /* not a folder */
    DSR_BAG_IS_MISSING,         /* nothing there */
};

/*
 * What 'path' is (stat of the path, then lstat of its bagit.txt and
 * manifest.xml; nothing read).  DSR_BAG_IS_BAG too when it cannot be
 * told (no permission): verify then says why it cannot read it.
 */
enum dsr_bag_what dsr_bag_probe(const char *path);
/* ---- verify --report: the result for the archive's records (r22-archive) */

/* What a written report says besides 'rep'. */
struct dsr_bag_report_meta {
    const char *bundle;         /* the path as given */
    const char *checked_at;     /* the date of the check, ISO 8601 UTC */
    const char *tool_version;
};

enum dsr_bag_report_format {
    DSR_BAG_REPORT_XML,         /* urn:dossier:verify-report:1
                                   (templates/schemas/verify-report.xsd) */
    DSR_BAG_REPORT_JSON,        /* the keys of verify --format json, and more */
};

/* The format a report's file name asks for (".xml", ".json"); -1: neither. */
int dsr_bag_report_format(const char *path);

/*
 * Write 'rep' to 'path' in the format its name asks for, atomically (a
 * temporary beside it, then renamed; an existing file is replaced).
 * Never inside or over the bundle 'meta->bundle': DSR_USAGE then, as for
 * a name that is neither .xml nor .json.  XML is written through
 * libxml2, every name from the bundle as dsr_printable() makes it; JSON
 * is dsr_bag_report_json() with 'meta'.  "ok" in both: no problem of
 * severity error (warnings allowed).  Returns 0, or -1 with 'err' set
 * (DSR_USAGE, DSR_IO, DSR_NOMEM).
 */
int dsr_bag_report_write(const char *path, const struct dsr_bag_report *rep,
                         const struct dsr_bag_report_meta *meta,
                         struct dsr_error *err);

/*
 * r22-report: the one JSON builder of a check's result, for verify
 * --format json (meta NULL: ok, problems [path, kind, message,
 * severity], files, bytes, zips, entries, encrypted_zips, signature)
 * and for the JSON report (meta given: bundle, bundle_id, checked_at and
 * tool_version too, after ok).  A name from the bundle is kept as it is
 * when it is UTF-8 (JSON escapes control characters) and written as
 * dsr_printable() makes it when not, so the text is always valid JSON.
 * Returns the text, indented by 2, without a final newline (the caller
 * frees it), or NULL with 'err' set (DSR_NOMEM).
 */
char *dsr_bag_report_json(const struct dsr_bag_report *rep,
                          const struct dsr_bag_report_meta *meta,
                          struct dsr_error *err);

/* ---- readers of untrusted bag files (memory in, no file access) -------- */

/*
 * bagit.txt: exactly the two lines "BagIt-Version: M.N" and
 * "Tag-File-Character-Encoding: UTF-8" (an optional BOM-less LF or CRLF
 * end).  Returns 0 with the version in 'version', or -1 with 'err' set
 * (DSR_INPUT, line numbered).
 */
int dsr_bag_parse_declaration(const char *buf, size_t len, char *version,
                              size_t size, struct dsr_error *err);

/* One "Label: value" of bag-info.txt, continuation lines joined. */
struct dsr_bag_field {
    char *label;
    char *value;
};

struct dsr_bag_fields {
    struct dsr_bag_field *items;
    size_t n, cap;
};

/*
 * bag-info.txt: labels and values in order (a line starting with white
 * space continues the previous value, appended in linear time however
 * many there are; at most DSR_BAG_INFO_MAX_FIELDS labels).  Returns 0, or
 * -1 with 'err' set (DSR_INPUT with the line, DSR_NOMEM).  Release with
 * dsr_bag_fields_release() whatever the outcome.
 */
int dsr_bag_parse_info(const char *buf, size_t len, struct dsr_bag_fields *f,
                       struct dsr_error *err);
void dsr_bag_fields_release(struct dsr_bag_fields *f);
/* The first value of 'label' (case-insensitive), or NULL. */
const char *dsr_bag_fields_get(const struct dsr_bag_fields *f,
                               const char *label);

/* One manifest line: lowercase hex digest and the decoded path. */
struct dsr_bag_entry {
    char *digest;
    char *path;
    unsigned long line;
};

struct dsr_bag_entries {
    struct dsr_bag_entry *items;
    size_t n, cap;
};

/*
 * A manifest or tag manifest: "DIGEST<white space>PATH" per line, PATH
 * percent-decoded (%0A, %0D, %25).  A digest of the wrong length for
 * 'alg', a path that is absolute, empty, has a "." or ".." component, or
 * is listed twice (found by sorting, not pairwise), or more than
 * DSR_BAG_MANIFEST_MAX_LINES lines, is an error (DSR_INPUT with the
 * line).  Release with
 * dsr_bag_entries_release() whatever the outcome.
 */
int dsr_bag_parse_manifest(const char *buf, size_t len, enum dsr_hash_alg alg,
                           struct dsr_bag_entries *e, struct dsr_error *err);
void dsr_bag_entries_release(struct dsr_bag_entries *e);

/* A path as a manifest line writes it: CR, LF and % percent-encoded. */
char *dsr_bag_encode_path(const char *path, struct dsr_error *err);

/* One entry of a zip's index.xml. */
struct dsr_index_entry {
    char *name;                 /* in the zip */
    char *file;                 /* in the manifest */
    char *title;
    char *sha256;
    uint64_t size;
    long level;                 /* 0 when not given */
    unsigned long line;         /* of its <entry> in index.xml */
};

/*
 * Limits on an <entry> of index.xml, in bytes: its name and file as an
 * evidence path (DSR_EVIDENCE_PATH_MAX), its title four bytes (UTF-8) for
 * each of the manifest's 300 characters.
 */
#define DSR_ZIP_INDEX_PATH_MAX 2047
#define DSR_ZIP_INDEX_TITLE_MAX (4 * 300)

struct dsr_zip_index {
    char *framework, *year, *indicator, *instance;
    struct dsr_index_entry *entries;    /* in the order index.xml lists them */
    size_t n, cap;
    struct dsr_index_entry **by_name;   /* the same, sorted by name */
};

/*
 * index.xml of a per-indicator zip (urn:dossier:index:1), parsed with the
 * hardened parser (no DOCTYPE, no network, at most DSR_BAG_INDEX_LIMIT
 * bytes).  Checks the shape the code relies on (root, namespace, required
 * attributes, 64-hex sha256, decimal size, unique names found by sorting,
 * at most DSR_ZIP_INDEX_MAX_ENTRIES entries) without the XSD.
 * Returns 0, or -1 with 'err' set (DSR_INPUT, line numbered when known;
 * DSR_NOMEM).  Release with dsr_zip_index_release() whatever the outcome.
 */
int dsr_zip_index_parse(const char *buf, size_t len, const char *path,
                        struct dsr_zip_index *idx, struct dsr_error *err);
/* The entry of a parsed 'idx' named 'name' (binary search); NULL: none. */
struct dsr_index_entry *dsr_zip_index_find(const struct dsr_zip_index *idx,
                                           const char *name);
void dsr_zip_index_release(struct dsr_zip_index *idx);

#endif
