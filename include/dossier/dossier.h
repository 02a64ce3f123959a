/*
 * dossier.h -- process-wide set-up and limits of the dossier core library.
 */
#ifndef DOSSIER_DOSSIER_H
#define DOSSIER_DOSSIER_H

/*
 * Initialise the libraries the core uses (libxml2's parser).  Call once,
 * from the main thread, before any other dossier function.
 */
void dsr_library_init(void);

/* Release what dsr_library_init() set up; call once at exit. */
void dsr_library_cleanup(void);

/*
 * The most threads one operation uses: a 'jobs' option above it is
 * lowered to it, and the command line refuses more.
 */
#define DSR_MAX_JOBS 64

#endif
