/*
 * suggest.h - "did you mean" for misspelt keywords and values.
 */
#ifndef SCOMC_SUGGEST_H
#define SCOMC_SUGGEST_H

#include "base.h"

/* The candidate closest to word (case-insensitive edit distance at most
 * max(2, len/3)), or NULL. Returns a pointer into cands (borrowed). */
const char *suggest(const char *word, const char *const *cands, size_t n);

/* For a libxml2 schema message "... [facet 'enumeration'] The value 'V' is
 * not an element of the set {'A', 'B', ...}": the member of the set closest
 * to V (malloc'd, caller frees), or NULL. */
char *suggest_enumeration(const char *msg);

#endif
