/*
 * front.c - readers for .alert text and model XML, with their stage gates.
 */
#include "front.h"

#include "arena.h"

#include "check.h"
#include "lex.h"
#include "parse.h"
#include "source.h"
#include "xmlenv.h"

bool front_is_xml(const struct source *src)
{
	const char *p = src->data + src->bom, *end = src->data + src->len;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	const unsigned char *u = (const unsigned char *)src->data;
	if (src->len >= 4 && ((u[0] == 0xFF && u[1] == 0xFE && u[2] == '<' && u[3] == 0) ||
			      (u[0] == 0xFE && u[1] == 0xFF && u[2] == 0 && u[3] == '<')))
		return true; /* UTF-16 XML; UTF-16 .alert text fails as invalid UTF-8 */
	return p < end && *p == '<';
}

static void dump_tokens(FILE *out, struct source *src, struct token *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned line, col;
		source_linecol(src, t[i].off, &line, &col);
		fprintf(out, "%u:%u %s", line, col, tok_kind_name(t[i].kind));
		if (t[i].val)
			fprintf(out, " '%s'", t[i].kind == TOK_TEXT ? "..." : t[i].val);
		fputc('\n', out);
	}
}

static int front_alert(struct model *m, struct xsd_cache *xsd, struct diag_sink *sink, FILE *dump)
{
	if (lex_check_text(m->src, sink))
		return -1;
	/* The tokens live in their own arena, freed as soon as the parser has
	 * built the model: for a large pack they are a quarter of the front
	 * end's memory, and everything after the parser works on the model
	 * (locations are offsets into the source, not tokens). */
	struct arena tokens;
	arena_init(&tokens);
	size_t ntok;
	struct token *toks = lex_source(m->src, &tokens, sink, &ntok);
	if (dump)
		dump_tokens(dump, m->src, toks, ntok);
	unsigned before = sink->errors;
	int rc = parse_tokens(m, toks, ntok, sink);
	arena_release(&tokens);
	if (rc || sink->errors > before)
		return -1;
	if (check_model(m, sink))
		return -1;
	model_resolve(m);
	xmlSchemaPtr s = xsd_get(xsd, XSD_ALERTDEF, sink);
	return !s || xsd_validate(s, m->doc, m, "E401", sink) != 0 ? -1 : 0;
}

static struct loc find_text(struct source *src, const char *needle)
{
	const char *p = strstr(src->data, needle);
	return (struct loc){ src, p ? (size_t)(p - src->data) : 0, p ? strlen(needle) : 0 };
}

/* Refuses DTDs (XXE, entity expansion) and XInclude in model XML. */
static int forbidden_xml(struct model *m, struct diag_sink *sink)
{
	if (m->doc->intSubset || m->doc->extSubset) {
		diag_error(sink, find_text(m->src, "<!DOCTYPE"), "E212",
			   "DTDs are not allowed in model XML");
		diag_hint(sink, "remove the <!DOCTYPE ...> declaration and any entities");
		return -1;
	}
	xmlNodePtr n = xmlDocGetRootElement(m->doc);
	while (n) {
		if (n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
		    strstr((const char *)n->ns->href, "XInclude"))
			return diag_error(sink, model_loc(m, n), "E212",
					  "XInclude is not allowed in model XML");
		if (n->children && n->type == XML_ELEMENT_NODE)
			n = n->children;
		else {
			while (n && !n->next)
				n = n->parent;
			n = n ? n->next : NULL;
		}
	}
	return 0;
}

static int front_xml(struct model *m, struct xsd_cache *xsd, struct diag_sink *sink)
{
	struct xmlenv_error err;
	m->from_xml = true;
	m->doc = xmlenv_read_memory(m->src->data, m->src->len, m->src->path, &err);
	if (!m->doc) {
		struct loc l = { m->src, 0, 0 };
		size_t start, len;
		if (err.line > 0 && source_line(m->src, (unsigned)err.line, &start, &len))
			l.off = start + (err.col > 1 ? MIN((size_t)err.col - 1, len) : 0);
		bool dtd = strstr(err.msg, "ntity") || strstr(err.msg, "DOCTYPE");
		if (dtd && find_text(m->src, "<!DOCTYPE").len)
			l = find_text(m->src, "<!DOCTYPE");
		diag_error(sink, l, dtd ? "E212" : "E211", "%s%s", dtd ? "entities and DTDs are not allowed: " : "malformed XML: ", err.msg);
		return -1;
	}
	if (forbidden_xml(m, sink))
		return -1;
	xmlSchemaPtr s = xsd_get(xsd, XSD_ALERTDEF, sink);
	if (!s || xsd_validate(s, m->doc, m, "E401", sink) != 0)
		return -1;
	if (check_model(m, sink))
		return -1;
	model_resolve(m);
	return 0;
}

int front_load(struct model *m, struct xsd_cache *xsd, struct diag_sink *sink,
	       FILE *dump_tokens)
{
	return front_is_xml(m->src) ? front_xml(m, xsd, sink) : front_alert(m, xsd, sink, dump_tokens);
}
