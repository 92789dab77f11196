/*
 * xsd.c - schema compilation and validation with located errors.
 */
#include "xsd.h"

#include <errno.h>
#include <limits.h>

#include "source.h"
#include "strbuf.h"
#include "xmlenv.h"

static const char *const files[] = { "alertdef.xsd", "mp/mp-1.0.xsd", "mp/mp-2.0.xsd" };

void xsd_cache_init(struct xsd_cache *c, const char *dir)
{
	memset(c, 0, sizeof(*c));
	c->dir = xstrdup(dir);
}

void xsd_cache_release(struct xsd_cache *c)
{
	if (!c)
		return;
	xmlSchemaFree(c->alertdef);
	xmlSchemaFree(c->mp10);
	xmlSchemaFree(c->mp20);
	free(c->dir);
	memset(c, 0, sizeof(*c));
}

struct compile_ctx {
	struct strbuf first;
};

static void compile_error(void *ctx, xmlErrorPtr e)
{
	struct compile_ctx *cc = ctx;
	if (cc->first.len || !e->message)
		return;
	strbuf_addf(&cc->first, "%s:%d: %s", e->file ? e->file : "?", e->line, e->message);
	while (cc->first.len && cc->first.buf[cc->first.len - 1] == '\n')
		cc->first.buf[--cc->first.len] = '\0';
}

static xmlSchemaPtr compile(const char *path, struct diag_sink *sink)
{
	FILE *probe = fopen(path, "rb");
	if (!probe) {
		diag_env_error(sink, "E503", "cannot load schema '%s': %s", path, strerror(errno));
		diag_hint(sink, "use --schema-dir=DIR or set SCOMC_SCHEMA_DIR");
		return NULL;
	}
	fclose(probe);
	struct compile_ctx cc = { STRBUF_INIT };
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
	xmlSchemaSetParserStructuredErrors(pc, compile_error, &cc);
	xmlSchemaPtr s = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!s)
		diag_env_error(sink, "E503", "cannot load schema '%s': %s", path,
			       cc.first.len ? cc.first.buf : "unknown error");
	strbuf_release(&cc.first);
	return s;
}

xmlSchemaPtr xsd_get(struct xsd_cache *c, enum xsd_which which, struct diag_sink *sink)
{
	xmlSchemaPtr *slot = which == XSD_ALERTDEF ? &c->alertdef : which == XSD_MP10 ? &c->mp10
										      : &c->mp20;
	if (*slot || c->failed)
		return *slot;
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", c->dir, files[which]);
	*slot = compile(path.buf, sink);
	strbuf_release(&path);
	if (!*slot)
		c->failed = true;
	return *slot;
}

bool xsd_probe(struct xsd_cache *c, enum xsd_which which)
{
	if (c->failed)
		return false;
	xmlGenericErrorFunc old = xmlGenericError;
	void *old_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, xmlenv_silent);
	struct diag_sink tmp;
	diag_sink_init(&tmp, 0);
	bool ok = xsd_get(c, which, &tmp) != NULL;
	diag_sink_release(&tmp);
	xmlSetGenericErrorFunc(old_ctx, old);
	if (!ok)
		c->failed = false; /* the next xsd_get() tries again and reports why */
	return ok;
}

struct valid_ctx {
	struct model *m;
	struct diag_sink *sink;
	const char *id;
	int errors;
	const struct loc *at; /* streaming: where the bytes being parsed came from */
};

/* Location: the nearest node with a struct loc in _private (emitted MP
 * nodes, model nodes from .alert), else the model location rules. */
static struct loc node_loc(struct valid_ctx *vc, xmlNodePtr n, int line)
{
	for (xmlNodePtr p = n; p && p->type != XML_DOCUMENT_NODE; p = p->parent)
		if (p->_private && (!vc->m->from_xml || p->doc != vc->m->doc))
			return *(struct loc *)p->_private;
	if (n && n->doc == vc->m->doc)
		return model_loc(vc->m, n);
	struct loc l = { vc->m->src, 0, 0 };
	size_t start, len;
	if (line > 0 && source_line(vc->m->src, (unsigned)line, &start, &len))
		l.off = start;
	return l;
}

static void valid_error(void *ctx, xmlErrorPtr e)
{
	struct valid_ctx *vc = ctx;
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "invalid");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '.' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	vc->errors++;
	struct loc l = vc->at ? *vc->at : node_loc(vc, (xmlNodePtr)e->node, e->line);
	diag_error(vc->sink, l, vc->id, "%s: %s",
		   strcmp(vc->id, "E401") == 0 ? "model does not match alertdef.xsd"
					       : "generated management pack does not match its schema",
		   msg);
}

int xsd_validate(xmlSchemaPtr schema, xmlDocPtr doc, struct model *m, const char *id,
		 struct diag_sink *sink)
{
	struct valid_ctx vc = { m, sink, id, 0, NULL };
	xmlSchemaValidCtxtPtr v = xmlSchemaNewValidCtxt(schema);
	if (!v)
		return -1;
	xmlSchemaSetValidStructuredErrors(v, valid_error, &vc);
	int rc = xmlSchemaValidateDoc(v, doc);
	xmlSchemaFreeValidCtxt(v);
	if (rc < 0)
		return -1;
	return vc.errors ? vc.errors : rc;
}

/* ---- streaming: a push parser feeding the validator through its SAX plug ---- */

struct xsd_stream {
	struct valid_ctx vc;
	struct loc at;
	xmlSchemaValidCtxtPtr v;
	xmlSchemaSAXPlugPtr plug;
	xmlParserCtxtPtr parser;
	xmlSAXHandler sax;     /* no callbacks of ours: validation only, no tree */
	xmlSAXHandlerPtr saxp; /* the plug swaps these two and restores them */
	void *user;
	bool malformed;
};

static void malformed(struct xsd_stream *x, const char *msg)
{
	if (x->malformed)
		return;
	x->malformed = true;
	x->vc.errors++;
	diag_error(x->vc.sink, x->at, x->vc.id, "generated document is not well-formed XML: %s", msg);
}

/* Parser (well-formedness) errors: one report, at the current piece. */
static void parse_error(void *ctx, xmlErrorPtr e)
{
	if (e && e->level >= XML_ERR_ERROR)
		malformed(ctx, e->message ? e->message : "?");
}

struct xsd_stream *xsd_stream_new(xmlSchemaPtr schema, struct model *m, const char *id,
				  struct diag_sink *sink)
{
	struct xsd_stream *x = xcalloc(1, sizeof(*x));
	x->vc = (struct valid_ctx){ m, sink, id, 0, &x->at };
	x->v = xmlSchemaNewValidCtxt(schema);
	if (!x->v)
		BUG("xmlSchemaNewValidCtxt failed");
	xmlSchemaSetValidStructuredErrors(x->v, valid_error, &x->vc);
	x->sax.initialized = XML_SAX2_MAGIC;
	x->saxp = &x->sax;
	x->plug = xmlSchemaSAXPlug(x->v, &x->saxp, &x->user);
	if (!x->plug)
		BUG("xmlSchemaSAXPlug failed");
	x->parser = xmlCreatePushParserCtxt(x->saxp, x->user, NULL, 0, NULL);
	if (!x->parser)
		BUG("xmlCreatePushParserCtxt failed");
	xmlCtxtUseOptions(x->parser, XMLENV_PARSE_OPTIONS);
	return x;
}

static void push(struct xsd_stream *x, const char *data, size_t len, bool last)
{
	xmlSetStructuredErrorFunc(x, parse_error);
	while (len > INT_MAX / 2) {
		xmlParseChunk(x->parser, data, INT_MAX / 2, 0);
		data += INT_MAX / 2;
		len -= INT_MAX / 2;
	}
	xmlParseChunk(x->parser, data, (int)len, last);
	xmlSetStructuredErrorFunc(NULL, NULL);
}

void xsd_stream_push(struct xsd_stream *x, const char *data, size_t len, struct loc at)
{
	x->at = at;
	push(x, data, len, false);
}

void xsd_stream_discard(struct xsd_stream *x)
{
	if (!x)
		return;
	xmlFreeParserCtxt(x->parser);
	xmlSchemaSAXUnplug(x->plug);
	xmlSchemaFreeValidCtxt(x->v);
	free(x);
}

int xsd_stream_finish(struct xsd_stream *x)
{
	push(x, NULL, 0, true);
	if (!x->parser->wellFormed)
		malformed(x, "incomplete document");
	xmlFreeParserCtxt(x->parser);
	xmlSchemaSAXUnplug(x->plug);
	int valid = xmlSchemaIsValid(x->v);
	xmlSchemaFreeValidCtxt(x->v);
	int rc = x->vc.errors ? x->vc.errors : valid == 1 ? 0
							  : -1;
	free(x);
	return rc;
}
