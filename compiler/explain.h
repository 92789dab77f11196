/*
 * explain.h - `scomc --explain ID`: the long form of a diagnostic (its
 * title, what it means, an example and the fix) from diag_explain.def.
 */
#ifndef SCOMC_EXPLAIN_H
#define SCOMC_EXPLAIN_H

#include "base.h"

/* Prints the long form of id (any case) to out and returns 0, or tells on
 * err that there is no such ID and returns 2 (a usage error). */
int explain_print(FILE *out, FILE *err, const char *id);

#endif
