/*
 * front.h - the front end: one input source -> checked, resolved model.
 *
 * front_load() picks the reader by content: a source whose first non-blank
 * character is '<' (or that starts with a UTF-16 byte order mark) is model
 * XML; anything else is .alert text. .alert: lex -> parse -> check ->
 * resolve -> alertdef.xsd. Model XML: parse (no DTD, no entities, no
 * XInclude) -> alertdef.xsd -> check -> resolve. Each gate stops at the
 * first stage with errors. The driver and the fuzzer both call this.
 */
#ifndef SCOMC_FRONT_H
#define SCOMC_FRONT_H

#include "model.h"
#include "xsd.h"

/* True if src holds model XML rather than .alert text. */
bool front_is_xml(const struct source *src);

/*
 * Fills m->doc from m->src (m->arena must be set). When dump_tokens is not
 * NULL, the .alert tokens are listed there (--dump-tokens). Returns 0, or -1 after reporting;
 * m->doc may then be partial and is released by model_release().
 */
int front_load(struct model *m, struct xsd_cache *xsd, struct diag_sink *sink,
	       FILE *dump_tokens);

#endif
