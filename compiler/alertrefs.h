/*
 * alertrefs.h - the compiler's use of the reference packs (issue 11): with
 * --references, a compiled pack is checked as `scomc verify --references`
 * checks a pack, and every problem is reported at the .alert line the
 * offending part of the MP came from (a wrong class at its `class` line, a
 * library version at the pack's `target` or `reference` line).
 */
#ifndef SCOMC_ALERTREFS_H
#define SCOMC_ALERTREFS_H

#include "emit_xml.h"

struct refpacks;

/*
 * Builds the MP of m (resolved, free of check errors) in memory for target,
 * runs refcheck_run() on it against r and reports into sink. Returns the
 * number of errors reported (0: go on and write the outputs).
 */
int alertrefs_check(struct model *m, enum emit_target target, struct refpacks *r,
		    struct diag_sink *sink);

/* The same on an MP already built from m (emit_mp(), possibly with
 * fragments merged in: their nodes are reported at their fragment lines).
 * doc stays the caller's. */
int alertrefs_check_doc(struct model *m, xmlDocPtr doc, struct refpacks *r, struct diag_sink *sink);

#endif
