/*
 * bundle_layout.h -- the names inside a yearly bundle, defined once: the
 * bag's payload, the parts pack puts there, and the entry every
 * indicator zip carries.  They are part of the contract (docs/design.md,
 * "The yearly bundle"); verify and diff read bundles by them.
 */
#ifndef DOSSIER_BUNDLE_LAYOUT_H
#define DOSSIER_BUNDLE_LAYOUT_H

/* The payload directory of every bag (RFC 8493). */
#define DSR_BAG_PAYLOAD_DIR "data"

/* The bundle's parts, relative to the bag. */
#define DSR_BUNDLE_ZIP_DIR DSR_BAG_PAYLOAD_DIR "/indicators"   /* NN.zip */
#define DSR_BUNDLE_MANIFEST DSR_BAG_PAYLOAD_DIR "/manifest.xml"
#define DSR_BUNDLE_FINDINGS DSR_BAG_PAYLOAD_DIR "/findings.xml"
#define DSR_BUNDLE_DOSSIER DSR_BAG_PAYLOAD_DIR "/dossier.pdf"

/* In every indicator zip: the entry listing the others, and its namespace. */
#define DSR_INDEX_NAME "index.xml"
#define DSR_INDEX_NS "urn:dossier:index:1"

#endif
