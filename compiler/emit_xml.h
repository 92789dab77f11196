/*
 * emit_xml.h - resolved model -> management pack XML document.
 *
 * emit_mp() builds the MP exactly as docs/mp-output.md shows (and
 * mp-format.md section 7 requires): manifest with references, one
 * event-alert rule per alert, string resources, display strings and MAML
 * knowledge articles. Text goes in through raw-text setters only. The result
 * is owned by the caller (xmlFreeDoc). Rules, display strings and articles
 * carry the model location in _private so schema errors can be mapped back.
 * emit_mp_stream() writes the same bytes without building the document,
 * for packs whose MP would not fit comfortably in memory as a tree.
 */
#ifndef SCOMC_EMIT_XML_H
#define SCOMC_EMIT_XML_H

#include "model.h"

enum emit_target { TARGET_PACK = 0,
		   TARGET_2007R2,
		   TARGET_2012 };

/* The target the pack asks for, overridden by `over` unless TARGET_PACK. */
enum emit_target emit_target_of(xmlNodePtr pack, enum emit_target over);

/* The model must be resolved (model_resolve) and free of check errors. */
xmlDocPtr emit_mp(struct model *m, enum emit_target target);

/* Receives consecutive pieces of the MP text and the model location each
 * piece was built from. Returns 0, or -1 to stop the stream. */
typedef int emit_sink_fn(void *ctx, const char *data, size_t len, struct loc at);

/* Writes the bytes emit_serialize(emit_mp(m, target)) would give through
 * sink, without ever holding the whole document: the rules, string
 * resources, display strings and knowledge articles are built and written
 * one alert at a time (one pass over the alerts for each), so memory stays
 * at the skeleton plus one alert's elements. Returns 0, or -1 after sink
 * failed. */
int emit_mp_stream(struct model *m, enum emit_target target, emit_sink_fn *sink, void *ctx);

/* Serializes doc as indented UTF-8 with an XML declaration. Caller frees
 * *out with xmlFree. */
void emit_serialize(xmlDocPtr doc, xmlChar **out, int *len);

#endif
