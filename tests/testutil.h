/*
 * testutil.h -- helpers shared by the Check suites: temporary directories
 * and files, and the paths of the shipped data.
 */
#ifndef DOSSIER_TESTUTIL_H
#define DOSSIER_TESTUTIL_H

#include <check.h>
#include <stddef.h>

/* templates/frameworks and templates/schemas of the source tree */
#define TEST_FRAMEWORKS TEST_SOURCE_DIR "/templates/frameworks"
#define TEST_SCHEMAS TEST_SOURCE_DIR "/templates/schemas"
#define TEST_MANIFEST_XSD TEST_SCHEMAS "/manifest.xsd"
#define TEST_FRAMEWORK_XSD TEST_SCHEMAS "/framework.xsd"

/*
 * Make a fresh temporary directory; returns its path (static storage,
 * valid until the next call).  Removed by tu_rmtree().
 */
const char *tu_tmpdir(void);

/* Write 'len' bytes (or strlen when len is (size_t)-1) to dir/name,
 * creating parent directories.  Fails the test on error. */
void tu_write(const char *dir, const char *name, const void *data, size_t len);

/* Remove a directory tree (no symlink is followed). */
void tu_rmtree(const char *dir);

/* Run a suite with CK_NORMAL output; returns the process exit status. */
int tu_run(Suite *s);

#endif
