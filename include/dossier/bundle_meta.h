/*
 * bundle_meta.h -- the yearly bundle's descriptive metadata (r22-anri):
 * metadata/arsip.xml, the bundle described with the SIKN elements of
 * Perka ANRI 21/2011, and metadata/events.xml, a PREMIS-style log of the
 * bundle's creation.  Both are tag files, written through the bag's
 * tag_files hook, so the tag manifest covers them (docs/design.md, "The
 * yearly bundle").  Neither holds a secret or a path of the packer's
 * machine.
 */
#ifndef DOSSIER_BUNDLE_META_H
#define DOSSIER_BUNDLE_META_H

#include <stddef.h>
#include <stdint.h>

#include "dossier/bag.h"
#include "dossier/catalog.h"
#include "dossier/check.h"
#include "dossier/error.h"
#include "dossier/hash.h"

#define DSR_BUNDLE_META_DIR "metadata"
#define DSR_BUNDLE_ARSIP DSR_BUNDLE_META_DIR "/arsip.xml"
#define DSR_BUNDLE_EVENTS DSR_BUNDLE_META_DIR "/events.xml"
#define DSR_ARSIP_NS "urn:dossier:arsip:1"
#define DSR_EVENTS_NS "urn:dossier:events:1"

/* What the two documents say about one bundle; the hook's context. */
struct dsr_bundle_meta {
    const struct dsr_check_result *checked; /* the check pack ran */
    const char *id;                         /* the bundle id */
    int64_t date;                           /* the bagging moment (UTC) */
    enum dsr_lang lang;                     /* the dossier's language */
    enum dsr_hash_alg alg;                  /* the payload manifest's */
    const char *tool_version;               /* "1.2.0" */
};

/*
 * metadata/arsip.xml for a bundle whose payload is 'count' files of
 * 'bytes' bytes (the Payload-Oxum), in '*xml' (malloc'd, '*len' bytes).
 * The classification, access, security and retention come from the
 * manifest's <archive> when given; otherwise the element says
 * diberikan="tidak".  Returns 0, or -1 with 'err' set (DSR_NOMEM).
 */
int dsr_bundle_arsip_xml(const struct dsr_bundle_meta *bm, uint64_t bytes,
                         size_t count, char **xml, size_t *len,
                         struct dsr_error *err);

/*
 * metadata/events.xml: the creation event, with the tool and its
 * version, the date, the check summary and every payload file's digest
 * as 'payload' (the payload manifest) records it.
 */
int dsr_bundle_events_xml(const struct dsr_bundle_meta *bm,
                          const struct dsr_bag_entries *payload, char **xml,
                          size_t *len, struct dsr_error *err);

/*
 * The tag_files hook of struct dsr_bag_opts ('ctx' is a struct
 * dsr_bundle_meta): writes both files under metadata/ in the bag
 * 'dirfd', never through a symbolic link, never over a file.
 */
int dsr_bundle_meta_tag_files(void *ctx, int dirfd,
                              const struct dsr_bag_entries *payload,
                              uint64_t bytes, size_t count,
                              struct dsr_error *err);

#endif
