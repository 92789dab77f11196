/*
 * index_json.h - the site's machine-readable index (search.json) and the
 * summary document the home page is rendered from.
 *
 * Jansson ownership rule (as in jq's jv.h): values are built with the
 * reference-stealing calls (json_object_set_new, json_array_append_new);
 * values obtained with json_object_get / json_array_get are borrowed; the
 * struct site_index owns its array and text; index_release() drops them.
 * Output is deterministic: JSON_SORT_KEYS, two-space indent, final newline.
 */
#ifndef SCOMC_INDEX_JSON_H
#define SCOMC_INDEX_JSON_H

#include <jansson.h>

#include "model.h"
#include "out.h"
#include "search_text.h"
#include "strbuf.h"

/* search.json and search.js are written as streams while the packs are
 * compiled, alert by alert: nothing of them is kept (as Jansson objects,
 * 50 000 alerts were a million small long-lived allocations that
 * fragmented the heap, issue 7; as text, 20 MB, issue 16). Only the packs'
 * summaries are kept, for the home page. */
struct site_index {
	json_t *packs;                /* [{id, name, version, target, description, alerts}] */
	struct out_stream *json, *js; /* search.json, search.js; NULL until the first pack */
	size_t nalerts;
	struct search_text text; /* docs/search-text.js, written pack by pack */
};

void index_init(struct site_index *ix);
void index_release(struct site_index *ix);

/* Adds the alerts of a resolved model, and their article text to
 * "<prefix>search-text.js". 0, or -1 after reporting. */
int index_add_pack(struct site_index *ix, struct model *m, const char *prefix, struct out *o,
		   struct diag_sink *sink);

/* Writes "<prefix>search.json" and "<prefix>search.js" and finishes
 * "<prefix>search-text.js". 0 or -1. */
int index_write(struct site_index *ix, const char *prefix, struct out *o,
		struct diag_sink *sink);

/* The <site> document for templates/home.xsl, packs sorted by id. Caller
 * frees it with xmlFreeDoc. */
xmlDocPtr index_site_doc(struct site_index *ix);

/* "9317", "1, 2, 5–7" (en dash, as on the pages): the event IDs of an
 * alert. Caller frees. */
char *index_events_text(xmlNodePtr alert);

#endif
