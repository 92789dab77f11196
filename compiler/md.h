/*
 * md.h - knowledge text: Markdown (libcmark) -> model blocks.
 *
 * Text blocks in .alert files hold Markdown. md_to_blocks() parses one with
 * libcmark and appends the model's BLOCKS (para, list/item, b, i, code, link;
 * docs/model.md) to parent. Constructs outside that set are reported (E209)
 * at their source position; raw HTML is kept as literal text. Links get the
 * location of their target so later checks can point at it.
 */
#ifndef SCOMC_MD_H
#define SCOMC_MD_H

#include "model.h"

struct token;

enum {
	MD_MAX_DEPTH = 8,        /* list nesting (E206) */
	MD_MAX_INLINE_DEPTH = 16 /* emphasis, bold and links nested (E206) */
};

/* Converts tok (a TOK_TEXT or TOK_STRING) into blocks under parent.
 * Returns the number of errors reported. */
int md_to_blocks(struct model *m, struct diag_sink *sink,
		 const struct token *tok, xmlNodePtr parent);

#endif
