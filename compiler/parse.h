/*
 * parse.h - .alert tokens -> model document (docs/language.md grammar).
 *
 * parse_tokens() reports every syntax error it finds (recovering at the next
 * statement or closing brace) and builds m->doc in the canonical order of
 * docs/model.md. Values are copied verbatim; their meaning is checked later
 * by check_model(). On any error the document is freed and m->doc is NULL.
 */
#ifndef SCOMC_PARSE_H
#define SCOMC_PARSE_H

#include "model.h"

struct token;

enum { PARSE_MAX_ALERTS = 100000 }; /* E210 */

/* The keywords a block takes ("pack", "reference", "defaults", "alert" (also
 * a table's template and rows), "knowledge", "table", "filter" (and its
 * any/all/not), "monitor", "monitor-alert" (a monitor's alert block), or
 * "filter-op" for the operators of a filter condition):
 * a static list, *n set; NULL for an unknown block. For completion. */
const char *const *parse_words(const char *block, size_t *n);

/* Returns 0 with m->doc set, or -1 after reporting errors. */
int parse_tokens(struct model *m, struct token *toks, size_t ntok,
		 struct diag_sink *sink);

#endif
