/*
 * textdiff.h - a unified diff of two texts (`scomc fmt --diff/--check`).
 */
#ifndef SCOMC_TEXTDIFF_H
#define SCOMC_TEXTDIFF_H

#include "base.h"

struct strbuf;

/*
 * Appends to out the unified diff (3 lines of context, as diff -u) that
 * turns a[0..alen) into b[0..blen), with "--- name" and "+++ name"
 * headers; appends nothing when the texts are equal. The line matching
 * is a longest common subsequence inside the changed middle; when that
 * middle is too large for it, the middle is shown as removed and added.
 */
void textdiff_unified(struct strbuf *out, const char *name, const char *a, size_t alen,
		      const char *b, size_t blen);

#endif
