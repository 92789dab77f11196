/*
 * maml.h - MAML knowledge articles to Markdown (decompile) and their
 * canonical form (the decompiler's self-check). See maml.c.
 */
#ifndef SCOMC_MAML_H
#define SCOMC_MAML_H

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "strbuf.h"

/* Told once per kind of loss and article: the element at which something
 * cannot be written (what), and what was done instead (how). */
typedef void maml_lost_fn(void *ctx, xmlNodePtr at, const char *what, const char *how);

/* One article being written. Fields are private except lost. */
struct maml_md {
	maml_lost_fn *lost_fn;
	void *ctx;
	bool lost;            /* something was lost (and told) */
	xmlHashTablePtr told; /* what was already told */
	struct strbuf *out;   /* during maml_md_section() */
};

/* A writer for one article telling losses to lost(ctx, ...); release it
 * with maml_md_release(). */
void maml_md_init(struct maml_md *m, maml_lost_fn *lost, void *ctx);
void maml_md_release(struct maml_md *m);
/* Tells a loss found by the caller (same once-per-kind rule). */
void maml_md_lost(struct maml_md *m, xmlNodePtr at, const char *what, const char *how);
/* Appends the Markdown of the blocks of maml:section sec (its leading
 * maml:title left out) to out, lines wrapped near 72 columns. */
void maml_md_section(struct maml_md *m, xmlNodePtr sec, struct strbuf *out);

/* True if n is a MAML element (any namespace) named name. */
bool maml_is(xmlNodePtr n, const char *name);

/* A canonical text of knowledge article ka (sections, titles, blocks,
 * inline segments); "" for NULL. Caller frees. */
char *maml_canon_article(xmlNodePtr ka);

#endif
