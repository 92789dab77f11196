/*
 * lsp_lang.h - what `scomc lsp` knows about one .alert document: its
 * diagnostics (the compiler's front end, same messages and IDs as the
 * CLI), hover, completion, go to definition, document symbols and
 * formatting (fmt.c). Each call analyses the text afresh; results are new
 * Jansson values the caller owns (json_decref). Positions follow LSP:
 * 0-based lines, characters in UTF-16 code units, or in code points when
 * the client chose "utf-32".
 */
#ifndef SCOMC_LSP_LANG_H
#define SCOMC_LSP_LANG_H

#include <jansson.h>

#include "base.h"

struct refpacks;
struct xsd_cache;

/* One open document (owned by the server). */
struct lsp_doc {
	char *uri;
	char *path; /* the file path of the URI, used in diagnostics */
	char *text;
	size_t len;
};

struct lsp_pos {
	size_t line, character;
};

/* The Diagnostic[] of the document. */
json_t *lsp_diagnostics(const struct lsp_doc *d, struct xsd_cache *xsd, bool utf32);
/* A Hover, or json_null(). */
json_t *lsp_hover(const struct lsp_doc *d, struct lsp_pos at, bool utf32);
/* A CompletionItem[]. refs (may be NULL): the --references packs, whose
 * IDs, versions and classes are offered too. */
json_t *lsp_completion(const struct lsp_doc *d, struct lsp_pos at, struct refpacks *refs,
		       bool utf32);
/* A Location, or json_null(). */
json_t *lsp_definition(const struct lsp_doc *d, struct lsp_pos at, bool utf32);
/* A DocumentSymbol[] (pack, references, defaults, alerts, tables, rows). */
json_t *lsp_symbols(const struct lsp_doc *d, bool utf32);
/* A TextEdit[] that formats the document (empty if it is formatted), or
 * json_null() if it has syntax errors. */
json_t *lsp_formatting(const struct lsp_doc *d, bool utf32);

/* The byte offset in src of position p: past the end of its line, the
 * line's end (before its CR/LF); past the last line, the end of src; in
 * the middle of a character (the second half of a surrogate pair), after
 * it. */
struct source;
size_t lsp_offset(struct source *src, struct lsp_pos p, bool utf32);

/* The path of a file: URI, percent-decoded (caller frees); other URIs are
 * returned as they are. */
char *lsp_uri_path(const char *uri);

#endif
