/*
 * xsd.c - schema compilation and validation with located errors.
 */
#include "xsd.h"

#include <errno.h>

#include "source.h"
#include "strbuf.h"

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
	xmlSchemaPtr *slot = which == XSD_ALERTDEF ? &c->alertdef : which == XSD_MP10 ? &c->mp10 : &c->mp20;
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

struct valid_ctx {
	struct model *m;
	struct diag_sink *sink;
	const char *id;
	int errors;
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
	struct loc l = node_loc(vc, (xmlNodePtr)e->node, e->line);
	diag_error(vc->sink, l, vc->id, "%s: %s",
		   strcmp(vc->id, "E401") == 0 ? "model does not match alertdef.xsd"
					       : "generated management pack does not match its schema",
		   msg);
}

int xsd_validate(xmlSchemaPtr schema, xmlDocPtr doc, struct model *m, const char *id,
		 struct diag_sink *sink)
{
	struct valid_ctx vc = { m, sink, id, 0 };
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
