/*
 * edit_int.h -- the editor's value rules that other parts of the core
 * compare by (private to the library).
 */
#ifndef DOSSIER_EDIT_INT_H
#define DOSSIER_EDIT_INT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A level as a person types it: a whole number from 1 to 5, alone or
 * with a zero fraction after a point or a comma ("4", "4.0", "4,00"),
 * with white space around.  On success 'out' holds the digit ("4").
 * The one rule for set, import and import's plan.
 */
bool dsr_edit_level(const char *s, char out[2]);

/*
 * A value in ten-thousandths (an assessor's 1.1667) as the manifest
 * writes it: a point and two decimals, more when it has them ("1.30",
 * "1.1667", "2.00").  The one form set, import and verdicts import
 * write.
 */
void dsr_value_text(long v, char *out, size_t size);

#endif
