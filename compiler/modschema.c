/*
 * modschema.c - configuration schemas of module and monitor types: build
 * the xsd:schema document, compile it once, validate a module's
 * configuration with substitutions handled as modschema.h describes.
 */
#include "modschema.h"

#include <ctype.h>

#include <libxml/xmlschemas.h>

#include "model.h"
#include "mpread.h"
#include "refpacks.h"
#include "strbuf.h"
#include "suggest.h"

#define XSD_NS "http://www.w3.org/2001/XMLSchema"
#define PLACEHOLDER "Test"

enum { MAX_DEPTH = 200 };

struct modschema {
	xmlDocPtr doc;       /* the schema document (kept: the schema points into it) */
	xmlSchemaPtr schema; /* NULL when it failed to build */
	xmlNodePtr type;
};

static void entry_free(void *payload, const xmlChar *name)
{
	(void)name;
	struct modschema *m = payload;
	xmlSchemaFree(m->schema);
	xmlFreeDoc(m->doc);
	free(m);
}

void modschema_cache_free(xmlHashTablePtr cache)
{
	xmlHashFree(cache, entry_free);
}

static bool is_xsd(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       !strcmp((const char *)n->ns->href, XSD_NS) && (!name || !strcmp((const char *)n->name, name));
}

/* ---- building the schema ---- */

/* Copies src (an xsd element of another document) under parent, declaring
 * on the copy every namespace in scope at src, so that QNames in attribute
 * values (type="xsd:string") keep their meaning. */
static void copy_xsd(xmlDocPtr doc, xmlNodePtr parent, xmlNodePtr src)
{
	xmlNodePtr c = xmlDocCopyNode(src, doc, 1);
	if (!c)
		BUG("xmlDocCopyNode failed");
	xmlAddChild(parent, c);
	xmlNsPtr *all = xmlGetNsList(src->doc, src);
	for (xmlNsPtr *ns = all; ns && *ns; ns++) {
		xmlNsPtr have = xmlSearchNs(doc, c, (*ns)->prefix);
		if (!have)
			xmlNewNs(c, (*ns)->href, (*ns)->prefix);
	}
	xmlFree(all);
}

/* Copies the types of every IncludeSchemaTypes/SchemaType into root.
 * Returns 0, or -1 after reporting E721. */
static int include_types(struct refpacks *r, struct mp_file *owner, xmlNodePtr cfg, xmlNodePtr root)
{
	xmlNodePtr inc = model_child(cfg, "IncludeSchemaTypes");
	for (xmlNodePtr st = model_child(inc, "SchemaType"); st; st = model_next(st, "SchemaType")) {
		char *qid = mp_text_trim(st);
		struct mp_file *where;
		xmlNodePtr def = refpacks_lookup(r, owner, qid, &where);
		const char *bang = strchr(qid, '!');
		if (!def && bang && !refpacks_alias(r, owner, qid, (size_t)(bang - qid))) {
			free(qid); /* its pack is missing: reported as such, not as the type */
			return -1;
		}
		if (!def || !model_is(def, "SchemaType")) {
			diag_error(r->sink, mp_loc(owner, st), "E721",
				   "unknown schema type '%s' in the configuration of '%s'", qid, mp_id_of(cfg->parent));
			diag_hint(r->sink, "the SchemaType must be defined in this pack or in a reference pack");
			free(qid);
			return -1;
		}
		free(qid);
		for (xmlNodePtr c = def->children; c; c = c->next)
			if (is_xsd(c, NULL))
				copy_xsd(root->doc, root, c);
	}
	return 0;
}

/* <xsd:schema> with the included types and <xsd:element name="Configuration">. */
static xmlDocPtr build_doc(struct refpacks *r, struct mp_file *owner, xmlNodePtr type)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "schema", NULL);
	xmlNsPtr ns = xmlNewNs(root, BAD_CAST XSD_NS, BAD_CAST "xsd");
	xmlSetNs(root, ns);
	xmlDocSetRootElement(doc, root);
	xmlNodePtr cfg = model_child(type, "Configuration");
	if (cfg && include_types(r, owner, cfg, root) != 0) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlNodePtr el = xmlNewChild(root, ns, BAD_CAST "element", NULL);
	xmlNewProp(el, BAD_CAST "name", BAD_CAST "Configuration");
	xmlNodePtr seq = xmlNewChild(xmlNewChild(el, ns, BAD_CAST "complexType", NULL), ns,
				     BAD_CAST "sequence", NULL);
	for (xmlNodePtr c = cfg ? cfg->children : NULL; c; c = c->next)
		if (is_xsd(c, NULL))
			copy_xsd(doc, seq, c);
	return doc;
}

static void first_error(void *ctx, xmlErrorPtr e)
{
	struct strbuf *sb = ctx;
	if (sb->len || !e->message)
		return;
	strbuf_adds(sb, e->message);
	while (sb->len && (sb->buf[sb->len - 1] == '\n' || sb->buf[sb->len - 1] == '.'))
		sb->buf[--sb->len] = '\0';
}

static xmlSchemaPtr compile(struct refpacks *r, struct mp_file *owner, xmlNodePtr type, xmlDocPtr doc)
{
	struct strbuf err = STRBUF_INIT;
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewDocParserCtxt(doc);
	if (!pc)
		BUG("xmlSchemaNewDocParserCtxt failed");
	xmlSchemaSetParserStructuredErrors(pc, first_error, &err);
	xmlSchemaPtr s = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	if (!s) {
		xmlNodePtr cfg = model_child(type, "Configuration");
		diag_error(r->sink, mp_loc(owner, cfg ? cfg : type), "E719",
			   "the configuration schema of '%s' does not compile: %s", mp_id_of(type),
			   err.len ? err.buf : "invalid schema");
		diag_hint(r->sink, "fix the type's Configuration (a sequence of xsd:element) and its schema types");
	}
	strbuf_release(&err);
	return s;
}

struct modschema *modschema_get(struct refpacks *r, struct mp_file *owner, xmlNodePtr type)
{
	char key[32];
	snprintf(key, sizeof(key), "%p", (void *)type);
	struct modschema *m = xmlHashLookup(r->schemas, BAD_CAST key);
	if (m)
		return m->schema ? m : NULL;
	m = xcalloc(1, sizeof(*m));
	m->type = type;
	m->doc = build_doc(r, owner, type);
	if (m->doc)
		m->schema = compile(r, owner, type, m->doc);
	xmlHashAddEntry(r->schemas, BAD_CAST key, m);
	return m->schema ? m : NULL;
}

/* ---- the instance ---- */

struct inst {
	xmlNodePtr parent;    /* the original module element */
	xmlNodePtr enclosing; /* composite or monitor type, or NULL */
	xmlNodePtr *opaque;   /* copies holding a declared $Config/X$ */
	size_t nopaque;
	modschema_report_fn *report;
	void *ctx;
	int problems;
};

/* The enclosing type's Configuration declares an element named name[0..n). */
static bool declared(xmlNodePtr type, const char *name, size_t n)
{
	xmlNodePtr cfg = model_child(type, "Configuration");
	for (xmlNodePtr c = cfg ? cfg->children : NULL; c; c = c->next) {
		const char *v = is_xsd(c, "element") ? model_attr(c, "name") : NULL;
		if (v && strlen(v) == n && !memcmp(v, name, n))
			return true;
	}
	return false;
}

static void unknown_config(struct inst *in, xmlNodePtr orig, const char *inner, size_t n)
{
	struct strbuf msg = STRBUF_INIT, hint = STRBUF_INIT;
	strbuf_addf(&msg, "'$%.*s$' names no element of the configuration of '%s'", (int)n, inner,
		    mp_id_of(in->enclosing));
	strbuf_addf(&hint, "declare it in the Configuration of '%s', or pass a value",
		    mp_id_of(in->enclosing));
	in->report(in->ctx, orig, "E720", msg.buf, hint.buf);
	in->problems++;
	strbuf_release(&msg);
	strbuf_release(&hint);
}

/* One $inner$ (n bytes) found in the text of orig (copied as copy). */
static void substitute(struct inst *in, struct strbuf *out, const char *inner, size_t n,
		       xmlNodePtr orig, xmlNodePtr copy)
{
	if (in->enclosing && n > 7 && !strncmp(inner, "Config/", 7)) {
		size_t k = strcspn(inner + 7, "/[$");
		if (k > n - 7)
			k = n - 7;
		if (!declared(in->enclosing, inner + 7, k))
			unknown_config(in, orig, inner, n); /* reported once: no schema error too */
		in->opaque = xrealloc(in->opaque, (in->nopaque + 1) * sizeof(*in->opaque));
		in->opaque[in->nopaque++] = copy;
		strbuf_addf(out, "$%.*s$", (int)n, inner);
		return;
	}
	strbuf_adds(out, PLACEHOLDER);
}

/* s with every $...$ replaced; "$$" is a '$'. Caller frees. */
static char *subst(struct inst *in, const char *s, xmlNodePtr orig, xmlNodePtr copy)
{
	struct strbuf out = STRBUF_INIT;
	while (*s) {
		const char *d = strchr(s, '$');
		if (!d) {
			strbuf_adds(&out, s);
			break;
		}
		strbuf_add(&out, s, (size_t)(d - s));
		const char *e = strchr(d + 1, '$');
		if (d[1] == '$' || !e) {
			strbuf_adds(&out, "$");
			s = d + (d[1] == '$' ? 2 : 1);
			continue;
		}
		substitute(in, &out, d + 1, (size_t)(e - d - 1), orig, copy);
		s = e + 1;
	}
	return strbuf_detach(&out, NULL);
}

static xmlNodePtr copy_element(struct inst *in, xmlDocPtr doc, xmlNodePtr src, int depth)
{
	xmlNodePtr n = xmlNewDocNode(doc, NULL, src->name, NULL);
	n->_private = src;
	if (src->ns)
		xmlSetNs(n, xmlNewNs(n, src->ns->href, src->ns->prefix));
	for (xmlAttrPtr a = src->properties; a; a = a->next) {
		xmlChar *v = xmlNodeListGetString(src->doc, a->children, 1);
		char *t = subst(in, v ? (const char *)v : "", src, n);
		xmlNewProp(n, a->name, BAD_CAST t);
		free(t);
		xmlFree(v);
	}
	for (xmlNodePtr c = src->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE && depth < MAX_DEPTH) {
			xmlAddChild(n, copy_element(in, doc, c, depth + 1));
		} else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			char *t = subst(in, (const char *)c->content, src, n);
			xmlAddChild(n, xmlNewDocText(doc, BAD_CAST t));
			free(t);
		}
	}
	return n;
}

static bool in_opaque(struct inst *in, xmlNodePtr n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		for (size_t i = 0; i < in->nopaque; i++)
			if (in->opaque[i] == n)
				return true;
	return false;
}

/* The text of copy (and orig) when it holds text only, else NULL. */
static char *only_text(xmlNodePtr n)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return NULL;
	return n ? mp_text_trim(n) : NULL;
}

/* libxml2's message in our style, with the placeholder shown as the text
 * the pack holds. */
static char *message(xmlNodePtr copy, xmlNodePtr orig, const char *raw)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, raw);
	while (sb.len && (sb.buf[sb.len - 1] == '\n' || sb.buf[sb.len - 1] == '.' || sb.buf[sb.len - 1] == ' '))
		sb.buf[--sb.len] = '\0';
	char *now = only_text(copy), *was = only_text(orig);
	if (now && was && strcmp(now, was) != 0) {
		struct strbuf q = STRBUF_INIT;
		strbuf_addf(&q, "'%s'", now);
		char *at = strstr(sb.buf, q.buf);
		if (at) {
			struct strbuf r = STRBUF_INIT;
			strbuf_add(&r, sb.buf, (size_t)(at - sb.buf));
			strbuf_addf(&r, "'%s'", was);
			strbuf_adds(&r, at + q.len);
			strbuf_release(&sb);
			sb = r;
		}
		strbuf_release(&q);
	}
	free(now);
	free(was);
	return strbuf_detach(&sb, NULL);
}

static void valid_error(void *ctx, xmlErrorPtr e)
{
	struct inst *in = ctx;
	xmlNodePtr copy = e->node;
	if (e->level < XML_ERR_ERROR || in_opaque(in, copy))
		return;
	xmlNodePtr orig = copy && copy->type == XML_ELEMENT_NODE && copy->_private ? copy->_private : in->parent;
	char *msg = message(copy, orig, e->message ? e->message : "invalid");
	const char *hint = "as the SDK does, a $Target/...$ or $Data/...$ value is checked as text: "
			   "it fits only string fields (VerifyModuleReferenceInvalidConfiguration)";
	char *text = only_text(orig), *best = suggest_enumeration(msg);
	bool substituted = text && strchr(text, '$');
	free(text);
	struct strbuf mean = STRBUF_INIT;
	if (best)
		strbuf_addf(&mean, "did you mean '%s'? (VerifyModuleReferenceInvalidConfiguration)", best);
	in->report(in->ctx, orig, "E707", msg,
		   best          ? mean.buf
		   : substituted ? hint
				 : "the module type's Configuration declares what it accepts "
				   "(VerifyModuleReferenceInvalidConfiguration)");
	strbuf_release(&mean);
	free(best);
	in->problems++;
	free(msg);
}

int modschema_validate(struct modschema *s, xmlNodePtr parent, xmlNodePtr enclosing,
		       modschema_report_fn *report, void *ctx)
{
	struct inst in = { .parent = parent, .enclosing = enclosing, .report = report, .ctx = ctx };
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "Configuration", NULL);
	root->_private = parent;
	xmlDocSetRootElement(doc, root);
	for (xmlNodePtr c = parent->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			xmlAddChild(root, copy_element(&in, doc, c, 0));
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(s->schema);
	if (!vc)
		BUG("xmlSchemaNewValidCtxt failed");
	xmlSchemaSetValidStructuredErrors(vc, valid_error, &in);
	xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlFreeDoc(doc); /* the copies' _private (nodes of the pack) is not freed */
	free(in.opaque);
	return in.problems;
}
