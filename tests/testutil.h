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
 * Make a fresh temporary directory; returns its path, valid until
 * tu_rmtree() of it (each call has its own).  Inside tu_run() it is under
 * the suite's scratch directory, which tu_run() removes at the end.
 */
const char *tu_tmpdir(void);

/* Write 'len' bytes (or strlen when len is (size_t)-1) to dir/name,
 * creating parent directories.  Fails the test on error. */
void tu_write(const char *dir, const char *name, const void *data, size_t len);

/* Remove a directory tree (no symlink is followed); a path tu_tmpdir()
 * handed out is invalid afterwards. */
void tu_rmtree(const char *dir);

/*
 * Run a suite with CK_NORMAL output; returns the process exit status.  A
 * suite whose tests pass but leave anything in the scratch directory
 * fails, naming what was left.
 */
int tu_run(Suite *s);

#endif
