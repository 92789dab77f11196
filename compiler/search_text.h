/*
 * search_text.h - the article text of every alert for the site's full-text
 * search (docs/search-text.js).
 *
 * One line per pack (a large pack: one per 256 KiB of its JSON, each
 * line whole): the pack's alerts and monitors (the items with a page) as JSON,
 *   {"pack": ID, "alerts": [[HREF, [[ANCHOR, HEADING, TEXT], ...]], ...]}
 * (ANCHOR "" for the text above the Details table, "k1", "k2", ... for the
 * knowledge sections, as on the pages), deflate-compressed (zlib format)
 * and base64-encoded in a script line that assets/scomc.js inflates with
 * the browser's DecompressionStream. The file is loaded with a <script>
 * tag (file:// has no fetch) only when the reader starts searching.
 *
 * Memory: one line's text at a time (libdeflate compresses a line in one
 * call); the file is written as a stream (out_stream_*), so nothing grows
 * with the size or the number of packs.
 * Output is deterministic (fixed compression level, no timestamps).
 */
#ifndef SCOMC_SEARCH_TEXT_H
#define SCOMC_SEARCH_TEXT_H

#include "model.h"
#include "out.h"

struct search_text {
	struct out_stream *file; /* NULL until the first pack */
	size_t raw, packed;      /* bytes of JSON in, of base64 out */
};

void search_text_init(struct search_text *st);
/* Aborts an unfinished file (out_abort removes it). Accepts NULL. */
void search_text_release(struct search_text *st);

/* Appends the pack's line; opens "<prefix>search-text.js" first if needed.
 * 0, or -1 after reporting. */
int search_text_add_pack(struct search_text *st, struct model *m, const char *prefix,
			 struct out *o, struct diag_sink *sink);

/* Finishes the file (writes an empty one when no pack was added). 0/-1. */
int search_text_finish(struct search_text *st, const char *prefix, struct out *o,
		       struct diag_sink *sink);

/* The plain text of the blocks under n (para, list, item and inline
 * elements), words separated by single spaces, appended to sb. */
void search_text_of(xmlNodePtr n, struct strbuf *sb);

#endif
