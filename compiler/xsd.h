/*
 * xsd.h - our schemas: compiled once per run, then used for every document.
 *
 * xsd_load() compiles schemas/<name> (alertdef.xsd, mp/mp-1.0.xsd,
 * mp/mp-2.0.xsd) on first use and caches it. xsd_validate() reports each
 * schema error at the source location of the offending node: the node's
 * own struct loc (_private), an ancestor's, or its XML line.
 */
#ifndef SCOMC_XSD_H
#define SCOMC_XSD_H

#include <libxml/xmlschemas.h>

#include "model.h"

struct xsd_cache {
	char *dir; /* schema directory (owned) */
	xmlSchemaPtr alertdef, mp10, mp20;
	bool failed; /* a schema failed to compile (reported) */
};

enum xsd_which { XSD_ALERTDEF,
		 XSD_MP10,
		 XSD_MP20 };

void xsd_cache_init(struct xsd_cache *c, const char *dir);
void xsd_cache_release(struct xsd_cache *c);

/* The compiled schema, or NULL after reporting E503 (exit code 3). */
xmlSchemaPtr xsd_get(struct xsd_cache *c, enum xsd_which which, struct diag_sink *sink);

/* Whether the schema is compiled, compiling it if it was not asked for
 * yet, reporting nothing (not even libxml2's own messages): when it cannot
 * be, the cache is left as if it had not been asked, so the next
 * xsd_get() tries again and reports why. For work on several threads,
 * which must find the schema compiled. */
bool xsd_probe(struct xsd_cache *c, enum xsd_which which);

/*
 * Validates doc. Locations come from m (the model the document was made
 * from). id is "E401" (model) or "E402" (generated MP). Returns 0 when
 * valid, >0 the number of errors, -1 on internal failure.
 */
int xsd_validate(xmlSchemaPtr schema, xmlDocPtr doc, struct model *m, const char *id,
		 struct diag_sink *sink);

/*
 * Streaming validation, for a document that never exists as a tree: the
 * bytes go through a push parser into the validator (xmlSchemaSAXPlug), so
 * memory does not grow with the document. Each error is reported at the
 * location given with the piece being parsed. xsd_stream_finish() ends the
 * document and frees the stream; it returns like xsd_validate().
 */
struct xsd_stream;
struct xsd_stream *xsd_stream_new(xmlSchemaPtr schema, struct model *m, const char *id,
				  struct diag_sink *sink);
void xsd_stream_push(struct xsd_stream *x, const char *data, size_t len, struct loc at);
int xsd_stream_finish(struct xsd_stream *x);
/* Frees a stream whose document was not finished (say, its output failed);
 * reports nothing. Accepts NULL. */
void xsd_stream_discard(struct xsd_stream *x);

#endif
