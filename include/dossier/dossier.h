/*
 * dossier.h -- process-wide set-up of the dossier core library.
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

#endif
