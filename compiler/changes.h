/*
 * changes.h - what changed in a pack since its previous version
 * (--baseline=FILE), for the site's per-version page.
 *
 * The baseline is the previous version's source, read like any input
 * (.alert or model XML; `scomc decompile` turns a shipped MP into .alert)
 * and held, checked and resolved, for the whole run. changes_doc()
 * compares it with a new model of the same pack and returns
 *
 *   <changes pack=ID name=PACKNAME version=NEW baseline=OLD href=PAGE>
 *     <added name= title= events=/>       alerts only in the new version
 *     <removed name= title= events=/>     alerts only in the baseline
 *     <changed name= title=>              alerts in both that differ
 *       <change what="title|events|source|type|..." from= to=/>
 *       <change what="article" sections="User Action, ..." removed="Notes, ..."/>
 *     </changed>
 *   </changes>
 *
 * in the new pack's alert order (removed ones in the baseline's), which
 * templates/changes.xsl renders in plain words. Alerts and monitors are matched by name,
 * ignoring case, as SCOM matches IDs.
 */
#ifndef SCOMC_CHANGES_H
#define SCOMC_CHANGES_H

#include "arena.h"
#include "model.h"
#include "source.h"
#include "xsd.h"

struct baseline {
	struct source src; /* kept until the diagnostics are written */
	struct arena arena;
	struct model m; /* m.doc NULL when not loaded */
	bool used;      /* an input had its pack id */
};

/* Reads path (at most limit bytes) through the front end. 0, or -1 after
 * reporting (its diagnostics point into the baseline file). */
int baseline_load(struct baseline *b, const char *path, size_t limit, struct xsd_cache *xsd,
		  struct diag_sink *sink);
/* Frees everything; accepts NULL and a baseline never loaded. */
void baseline_release(struct baseline *b);

/* The baseline if it is a version of m's pack (marking it used), else NULL. */
struct model *baseline_for(struct baseline *b, struct model *m);

/* Reports E520 when a loaded baseline matched no input. */
void baseline_check_used(struct baseline *b, struct diag_sink *sink);

/* The <changes> document for the new model m against old; caller frees it
 * with xmlFreeDoc. Reports W520 (at m's version) when the baseline's
 * version is not lower than m's. */
xmlDocPtr changes_doc(struct model *old, struct model *m, struct diag_sink *sink);

/* "version-1.0.0.1.html": the page's name; caller frees. */
char *changes_page_name(struct model *m);

#endif
