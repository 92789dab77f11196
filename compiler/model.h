/*
 * model.h - the canonical alert-definition model (docs/model.md).
 *
 * The model is a libxml2 document: the parser builds it from .alert source,
 * or it is read from model XML. Every later stage reads it. Each element
 * built from .alert source has node->_private pointing at a struct loc in
 * the compilation arena; for XML input the location is computed from the
 * element's line. A struct model borrows its source and arena and owns doc.
 */
#ifndef SCOMC_MODEL_H
#define SCOMC_MODEL_H

#include <libxml/tree.h>

#include "diag.h"

struct arena;

struct model {
	xmlDocPtr doc;       /* owned; NULL after a failed parse */
	struct source *src;  /* borrowed */
	struct arena *arena; /* borrowed: holds the locations */
	bool from_xml;       /* read from model XML, not .alert */
};

/* Canonical order of the properties of <alert> (and of <defaults>). */
extern const char *const model_alert_props[];
extern const size_t model_alert_nprops;

/* ... and of <monitor> (docs/model.md). */
extern const char *const model_monitor_props[];
extern const size_t model_monitor_nprops;

/* True if n is an <alert> or a <monitor>: a pack item with its own page,
 * element IDs and knowledge article. */
bool model_is_item(xmlNodePtr n);
/* First / next item of a pack, in source order; NULL at the end. */
xmlNodePtr model_first_item(xmlNodePtr pack);
xmlNodePtr model_next_item(xmlNodePtr n);

void model_release(struct model *m);

/* Location of n in the source (never LOC_NONE when m->src is set). */
struct loc model_loc(const struct model *m, xmlNodePtr n);
void model_set_loc(struct model *m, xmlNodePtr n, struct loc loc);

/* New element child of parent (raw-text content when text != NULL). */
xmlNodePtr model_add(struct model *m, xmlNodePtr parent, const char *name,
		     const char *text, struct loc loc);

/* Deep copy of n for m->doc that keeps every location. Caller owns it. */
xmlNodePtr model_copy(struct model *m, xmlNodePtr n);

/* True if n is an element named name. */
bool model_is(xmlNodePtr n, const char *name);
/* First element child named name (any element if name is NULL), or NULL. */
xmlNodePtr model_child(xmlNodePtr parent, const char *name);
/* Next element sibling named name (any element if name is NULL). */
xmlNodePtr model_next(xmlNodePtr n, const char *name);
/* Text content of an element holding only text ("" if none); borrowed. */
const char *model_text(xmlNodePtr n);
/* Attribute value (borrowed, from the attribute's text node) or NULL. */
const char *model_attr(xmlNodePtr n, const char *name);
/* Effective property of an alert: its own child, else the pack defaults'. */
xmlNodePtr model_prop(xmlNodePtr alert, const char *name);

/*
 * Fills every alert with the properties it inherits (defaults, then the
 * built-in defaults of docs/language.md) in canonical order, so that later
 * stages read one complete <alert>. Idempotent.
 */
void model_resolve(struct model *m);

#endif
