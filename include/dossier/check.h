/*
 * check.h -- dossier check: every test docs/design.md promises on a manifest,
 * its framework and each evidence file, collected as findings.
 */
#ifndef DOSSIER_CHECK_H
#define DOSSIER_CHECK_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dossier/catalog.h"
#include "dossier/evidence.h"
#include "dossier/finding.h"
#include "dossier/manifest.h"

struct dsr_error;

/* Default size above which an evidence file is flagged (file-too-large). */
#define DSR_DEFAULT_MAX_FILE_SIZE ((uint64_t)512 << 20)

struct dsr_check_opts {
    const char *frameworks_dir;     /* templates/frameworks */
    const char *schemas_dir;        /* templates/schemas */
    uint64_t max_file_size;         /* 0: DSR_DEFAULT_MAX_FILE_SIZE */
    unsigned jobs;                  /* reader threads; 0: one per core */
    enum dsr_lang lang;             /* numbers in messages */
    bool manifest_only;             /* skip resolving and reading files */
    /*
     * The evidence root named on the command line (--evidence-root), used
     * instead of the manifest's <evidence-root>, and allowed anywhere;
     * NULL: the manifest's, which must lie inside the manifest's folder.
     */
    const char *evidence_root;
    /*
     * Open evidence files with the openat() walk (O_NOFOLLOW on every
     * part), never openat2(): dsr_root.walk (for tests of the walk)
     */
    bool no_openat2;
    /*
     * Read only the first bytes of each evidence file (the type, the size
     * from fstat()); its SHA-256, the documents' opening (PDFs, images)
     * and the findings that need them (sha256-mismatch, content-duplicate,
     * document health) wait for dsr_check_content(), after a pass that
     * read every byte: pack's zips.  Office containers are still opened.
     */
    bool content_later;
    /* called after each evidence file is read, from any thread; may be NULL */
    void (*progress)(void *ctx, size_t done, size_t total, uint64_t bytes);
    void *progress_ctx;
    /* stop reading (DSR_INTERRUPTED) once *cancel is non-zero; may be NULL */
    const volatile sig_atomic_t *cancel;
};

/*
 * The instance name that 'dossier init' writes until one is given; check
 * reports it (instance-placeholder), whatever its case and spacing.
 */
#define DSR_INSTANCE_PLACEHOLDER "ISI NAMA INSTANSI"

/*
 * Limits of the in-process check of an Office or OpenDocument container
 * (a zip): only its central directory is read, and only when it has at
 * most this many entries in at most this many bytes; a larger one is not
 * opened (document-unchecked).
 */
#define DSR_OFFICE_MAX_ENTRIES 65535u
#define DSR_OFFICE_MAX_DIRECTORY ((uint64_t)16 << 20)

/*
 * What opening an evidence file as its kind of document showed.  PDFs,
 * PNG and JPEG images are opened by poppler, libpng and libjpeg in a
 * child of the preview server (never in this process), under the budget
 * of src/thumb.h; Office and OpenDocument containers are read here with
 * libzip, central directory only.
 */
enum dsr_doc_health {
    DSR_DOC_UNCHECKED,      /* not a kind check opens, or not read */
    DSR_DOC_OK,
    DSR_DOC_DAMAGED,        /* cannot be opened as its kind */
    DSR_DOC_ENCRYPTED,      /* a PDF that asks for a password */
    DSR_DOC_NOT_OPENED,     /* over the limits: not opened; see 'limit' */
};

/*
 * The most time the children that open a check's PDFs and images may use
 * in all (CPU time, and wall-clock time since the first); the rest are
 * not opened (document-unchecked).  Each one has the budget of a preview
 * (src/thumb.h: 5 s of CPU time, 20 s in all, 256 MiB).
 */
#define DSR_CHECK_DOCS_SECONDS 600u

/* Why a document was not opened (DSR_DOC_NOT_OPENED). */
enum dsr_doc_limit {
    DSR_DOC_LIMIT_SIZE,     /* larger than the preview limits */
    DSR_DOC_LIMIT_TIME,     /* over its CPU or wall-clock time */
    DSR_DOC_LIMIT_MEMORY,   /* over its memory budget */
    DSR_DOC_LIMIT_CHANGED,  /* its bytes changed while it was checked */
    DSR_DOC_LIMIT_NO_SERVER,/* the preview server could not be started */
};

/* What check learned about one evidence entry. */
struct dsr_checked_file {
    size_t indicator;               /* index into manifest->indicators */
    size_t evidence;                /* index into that indicator's evidence */
    enum dsr_path_status status;    /* DSR_PATH_OK when it was read */
    bool read;                      /* info is valid */
    /* the normalised path beneath res->root when resolved, else NULL */
    char *resolved;
    struct dsr_file_info info;
    enum dsr_doc_health health;     /* with 'read' */
    enum dsr_doc_limit limit;       /* with DSR_DOC_NOT_OPENED */
    /*
     * With DSR_DOC_DAMAGED: the part an Office or OpenDocument container
     * lacks ("word/document.xml"), or NULL when the container itself, or
     * a PDF or image, cannot be read; 'truncated' when a PDF does not end
     * with %%EOF (it was cut short)
     */
    const char *missing_part;
    bool truncated;
    int pages;                      /* of a PDF; 0: unknown, or not a PDF */
};

/*
 * What check matched and decided for one catalog indicator, so that score,
 * render, the zips and the CLI do not each decide it again.
 */
struct dsr_check_indicator {
    const struct dsr_indicator *def;        /* in res->catalog */
    /* its manifest entry (the first, when listed twice); NULL: absent */
    const struct dsr_mindicator *mind;
    size_t mindex;                          /* mind's index; valid with mind */
    bool filled;        /* an assessment, or for an external indicator its value */
    /* the assessment of the latest stage present; NULL: none */
    const struct dsr_assessment *counted;
    int level;                              /* the level that counts, 1..5 */
    int stage;                              /* its stage; -1: counts as 1 */
    size_t owner;                           /* index into res->owners */
};

/* One responsible office (OPD) and the catalog indicators it answers for. */
struct dsr_check_owner {
    const char *name;                       /* the manifest's owner; "": none */
    size_t *indicators;                     /* into res->indicators, in order */
    size_t nindicators;
};

struct dsr_check_result {
    struct dsr_findings findings;
    struct dsr_manifest *manifest;  /* NULL if it could not be loaded */
    struct dsr_catalog *catalog;    /* NULL if the framework is unknown */
    char *evidence_root;            /* real path of the root, or NULL */
    /*
     * The evidence root, open while the result lives (when evidence_root
     * is set): every later reader of an evidence file (zips, previews)
     * opens files[].resolved beneath it with dsr_root_open_file().
     */
    struct dsr_root root;
    struct dsr_checked_file *files; /* one per evidence entry, in order */
    size_t nfiles;
    /*
     * With a manifest and a catalog (else empty): one entry per catalog
     * indicator, in catalog order; how many are filled; and the owners in
     * the order their first indicator has in the catalog, the group ""
     * (no owner named) among them at its own first indicator's place.
     */
    struct dsr_check_indicator *indicators;
    size_t nindicators;
    size_t nfilled;
    struct dsr_check_owner *owners;
    size_t nowners;
};

/*
 * Check the manifest at 'path'.  Problems with the input become findings
 * in 'res' (which the caller releases with dsr_check_result_release(),
 * whatever the outcome); the return value is 0 then, even when there are
 * errors.  -1 with 'err' set means the tool itself failed (out of memory,
 * a broken installation).
 */
int dsr_check(const char *path, const struct dsr_check_opts *opts,
              struct dsr_check_result *res, struct dsr_error *err);

/*
 * Finish a check run with opts->content_later once every read file's
 * info.sha256 is filled (by dsr_zips_write(), which hashes what it
 * stores; a file listed twice in one indicator is stored once, and gets
 * the hash of its other entry here): open the PDFs and images, and add
 * the findings that need the content.  Returns 0, or -1 with 'err' set
 * (DSR_INTERNAL when a read file has no hash, DSR_NOMEM, DSR_INTERRUPTED).
 */
int dsr_check_content(struct dsr_check_result *res,
                      const struct dsr_check_opts *opts, struct dsr_error *err);

void dsr_check_result_release(struct dsr_check_result *res);

/* Whether the catalog indicator 'id' has an assessment in the manifest. */
bool dsr_check_filled(const struct dsr_check_result *res, const char *id);

/*
 * The rule for the level that counts, shared by check and score: the
 * level of the latest stage present in 'ci' at or before 'stage' (-1: at
 * any stage, which gives ci->level and ci->stage); of two assessments at
 * one stage, the first listed.  Returns 1..5 and sets '*counted_stage'
 * (may be NULL) to that stage, or returns 1 with -1 there when there is
 * none, or its level is not 1 to 5: the indicator then counts as level 1.
 */
int dsr_check_counted_level(const struct dsr_check_indicator *ci, int stage,
                            int *counted_stage);

/*
 * The verdict that counts for 'item' of 'ind' (NULL 'item': a verdict on
 * the indicator's level, as in frameworks without items) at or before
 * 'stage' (-1: at any stage): the one of the latest stage, and of two at
 * one stage the later in the file.  NULL when there is none.  Check,
 * score and render all take a verdict by this rule.  Linear in the
 * indicator's verdicts: whoever asks for every item sorts them instead,
 * as check does.
 */
const struct dsr_verdict *dsr_check_verdict(const struct dsr_mindicator *ind,
                                            const char *item, int stage);

/*
 * Position of indicator 'id' in the catalog (or, without a catalog, in the
 * manifest), for sorting; large for unknown ids.  'ctx' is the result.
 */
long dsr_check_order(const char *id, const void *ctx);

/*
 * Write the findings of 'res' as XML (urn:dossier:findings:1, see
 * templates/schemas/findings.xsd) to the new file 'path': the manifest's
 * framework, year and instance, the counts, and every finding with its
 * code, severity, indicator, file, line and message, in the order of
 * res->findings.  The file must not exist.  Returns 0, or -1 with 'err'
 * set (DSR_IO, DSR_NOMEM).
 */
int dsr_check_write_xml(const struct dsr_check_result *res, const char *path,
                        struct dsr_error *err);

#endif
