/*
 * fuzz.h -- what every fuzz target defines.  Built two ways: with clang's
 * libFuzzer (-DDOSSIER_FUZZ=ON, scripts/fuzz.sh), and in the normal build
 * with driver.c, which feeds each file of a seed corpus to the target so
 * that the targets are compiled and run by CTest and cannot rot.
 */
#ifndef DOSSIER_FUZZ_H
#define DOSSIER_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Called once before the first input; returns 0. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Run one input; returns 0 (libFuzzer reserves other values). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * File-tree chores (fuzz_tree.c): a folder or a link 'name' under 'base'
 * (abort() on failure), and a tree removed without following links.
 */
void fz_mkdir(const char *base, const char *name);
void fz_symlink(const char *base, const char *target, const char *name);
void fz_rmtree(const char *dir);

#endif
