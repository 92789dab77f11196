/*
 * emit_xml.c - the management pack writer.
 *
 * Element order follows the schema order of mp-format.md section 1.3:
 * Manifest, Monitoring/Rules, Presentation/StringResources, LanguagePacks.
 * Expressions: one ID is a SimpleExpression, a range an And of
 * GreaterEqual/LessEqual, several IDs an Or; a wildcard source is a
 * RegExExpression with MatchesWildcard. Every And/Or child is wrapped in
 * <Expression>.
 */
#include "emit_xml.h"

#include <strings.h>

#include "arena.h"
#include "check.h"
#include "strbuf.h"

#define MAML_NS "http://schemas.microsoft.com/maml/2004/10"
#define TOKEN "31bf3856ad364e35"
#define COMPUTER "Windows!Microsoft.Windows.Computer"

struct emitter {
	struct model *m;
	enum emit_target target;
	const char *pack_id;
	xmlDocPtr doc;
	xmlNodePtr rules, strings, displays, articles;
	struct strbuf id; /* scratch for element IDs */
};

enum emit_target emit_target_of(xmlNodePtr pack, enum emit_target over)
{
	if (over != TARGET_PACK)
		return over;
	const char *t = model_attr(pack, "target");
	return t && strcmp(t, "2012") == 0 ? TARGET_2012 : TARGET_2007R2;
}

static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
}

static void attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static void mark(struct emitter *e, xmlNodePtr out, xmlNodePtr from)
{
	struct loc *l = arena_alloc(e->m->arena, sizeof(*l));
	*l = model_loc(e->m, from);
	out->_private = l;
}

static const char *elem_id(struct emitter *e, xmlNodePtr alert, const char *suffix)
{
	strbuf_reset(&e->id);
	strbuf_addf(&e->id, "%s.%s%s", e->pack_id, model_attr(alert, "name"), suffix);
	return e->id.buf;
}

/* ---- manifest ---- */

static void reference(xmlNodePtr refs, const char *alias, const char *id, const char *ver,
		      const char *key)
{
	xmlNodePtr r = el(refs, "Reference", NULL);
	attr(r, "Alias", alias);
	el(r, "ID", id);
	el(r, "Version", ver);
	el(r, "PublicKeyToken", key);
}

static bool uses_alias(xmlNodePtr pack, const char *alias)
{
	size_t n = strlen(alias);
	for (xmlNodePtr a = model_child(pack, "alert"); a; a = model_next(a, "alert")) {
		const char *cls = model_text(model_child(a, "class"));
		if (strncmp(cls, alias, n) == 0 && cls[n] == '!')
			return true;
	}
	return false;
}

static void manifest(struct emitter *e, xmlNodePtr root, xmlNodePtr pack)
{
	bool r2 = e->target == TARGET_2007R2;
	const char *lib = r2 ? "6.1.7221.0" : "7.5.8501.0";
	const char *health = r2 ? "6.1.7221.0" : "7.0.8427.0";
	xmlNodePtr man = el(root, "Manifest", NULL);
	xmlNodePtr ident = el(man, "Identity", NULL);
	el(ident, "ID", e->pack_id);
	el(ident, "Version", model_attr(pack, "version"));
	el(man, "Name", model_text(model_child(pack, "name")));
	xmlNodePtr refs = el(man, "References", NULL);
	reference(refs, "Windows", "Microsoft.Windows.Library", lib, TOKEN);
	reference(refs, "Health", "System.Health.Library", health, TOKEN);
	if (uses_alias(pack, "System"))
		reference(refs, "System", "System.Library", lib, TOKEN);
	for (xmlNodePtr r = model_child(pack, "reference"); r; r = model_next(r, "reference"))
		reference(refs, model_attr(r, "alias"), model_attr(r, "id"),
			  model_attr(r, "version"), model_attr(r, "key"));
}

/* ---- expressions ---- */

/* Adds <SimpleExpression> comparing query to value inside expr. */
static void simple(xmlNodePtr expr, const char *query, const char *type, const char *op,
		   const char *value)
{
	xmlNodePtr s = el(expr, "SimpleExpression", NULL);
	xmlNodePtr q = el(el(s, "ValueExpression", NULL), "XPathQuery", query);
	attr(q, "Type", type);
	el(s, "Operator", op);
	xmlNodePtr v = el(el(s, "ValueExpression", NULL), "Value", value);
	attr(v, "Type", type);
}

static void event_item(xmlNodePtr expr, xmlNodePtr item)
{
	const char *q = "EventDisplayNumber", *t = "UnsignedInteger";
	if (strcmp((const char *)item->name, "id") == 0) {
		simple(expr, q, t, "Equal", model_text(item));
		return;
	}
	xmlNodePtr and = el(expr, "And", NULL);
	simple(el(and, "Expression", NULL), q, t, "GreaterEqual", model_attr(item, "from"));
	simple(el(and, "Expression", NULL), q, t, "LessEqual", model_attr(item, "to"));
}

static void event_expr(xmlNodePtr expr, xmlNodePtr event)
{
	xmlNodePtr first = model_child(event, NULL);
	if (!model_next(first, NULL)) {
		event_item(expr, first);
		return;
	}
	xmlNodePtr or = el(expr, "Or", NULL);
	for (xmlNodePtr i = first; i; i = model_next(i, NULL))
		event_item(el(or, "Expression", NULL), i);
}

static void source_expr(xmlNodePtr expr, const char *source)
{
	if (!check_is_wildcard(source)) {
		simple(expr, "PublisherName", "String", "Equal", source);
		return;
	}
	xmlNodePtr r = el(expr, "RegExExpression", NULL);
	attr(el(el(r, "ValueExpression", NULL), "XPathQuery", "PublisherName"), "Type", "String");
	el(r, "Operator", "MatchesWildcard");
	el(r, "Pattern", source);
}

static void data_source(xmlNodePtr rule, xmlNodePtr alert)
{
	xmlNodePtr ds = el(el(rule, "DataSources", NULL), "DataSource", NULL);
	attr(ds, "ID", "DS");
	attr(ds, "TypeID", "Windows!Microsoft.Windows.EventProvider");
	const char *cls = model_text(model_child(alert, "class"));
	el(ds, "ComputerName",
	   strcmp(cls, COMPUTER) == 0
		   ? "$Target/Property[Type=\"" COMPUTER "\"]/NetworkName$"
		   : "$Target/Host/Property[Type=\"" COMPUTER "\"]/NetworkName$");
	el(ds, "LogName", model_text(model_child(alert, "log")));
	xmlNodePtr and = el(el(ds, "Expression", NULL), "And", NULL);
	event_expr(el(and, "Expression", NULL), model_child(alert, "event"));
	source_expr(el(and, "Expression", NULL), model_text(model_child(alert, "source")));
}

/* ---- alert write action ---- */

static const char *suppress_value(const char *field)
{
	static const char *const tab[][2] = {
		{ "id", "$Data/EventDisplayNumber$" }, { "source", "$Data/PublisherName$" },
		{ "log", "$Data/Channel$" }, { "computer", "$Data/LoggingComputer$" },
		{ "description", "$Data/EventDescription$" }, { "user", "$Data/UserName$" },
		{ "category", "$Data/EventCategory$" }, { "level", "$Data/EventLevel$" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcasecmp(tab[i][0], field) == 0)
			return tab[i][1];
	BUG("unchecked suppression field '%s'", field);
}

static void suppression(xmlNodePtr wa, xmlNodePtr alert)
{
	xmlNodePtr sup = el(wa, "Suppression", NULL);
	xmlNodePtr s = model_child(alert, "suppress");
	if (!s) {
		el(sup, "SuppressionValue", "$Data/EventDisplayNumber$");
		el(sup, "SuppressionValue", "$Data/PublisherName$");
		return;
	}
	for (xmlNodePtr f = model_child(s, "field"); f; f = model_next(f, "field"))
		el(sup, "SuppressionValue", suppress_value(model_text(f)));
}

/* Rewrites the description's placeholders as {0}, {1}... into text and adds
 * one AlertParameterN per distinct placeholder. */
static void alert_params(xmlNodePtr params, const char *desc, struct strbuf *text)
{
	const char *names[CHECK_MAX_PARAMS];
	size_t lens[CHECK_MAX_PARAMS], n = 0;
	char buf[64];
	const char *p = desc;
	for (const char *b; (b = strchr(p, '{')) != NULL; p = strchr(b, '}') + 1) {
		strbuf_add(text, p, (size_t)(b - p));
		size_t len = (size_t)(strchr(b, '}') - b - 1);
		size_t k = 0;
		while (k < n && !(lens[k] == len && memcmp(names[k], b + 1, len) == 0))
			k++;
		if (k == n) {
			if (n == CHECK_MAX_PARAMS)
				BUG("unchecked description");
			names[n] = b + 1;
			lens[n++] = len;
			char tag[32];
			snprintf(tag, sizeof(tag), "AlertParameter%zu", n);
			el(params, tag, check_placeholder(b + 1, len, buf));
		}
		strbuf_addf(text, "{%zu}", k);
	}
	strbuf_adds(text, p);
}

static void write_action(struct emitter *e, xmlNodePtr rule, xmlNodePtr alert,
			 struct strbuf *desc)
{
	xmlNodePtr wa = el(el(rule, "WriteActions", NULL), "WriteAction", NULL);
	attr(wa, "ID", "Alert");
	attr(wa, "TypeID", "Health!System.Health.GenerateAlert");
	char num[16];
	snprintf(num, sizeof(num), "%d", check_priority(model_text(model_child(alert, "priority"))));
	el(wa, "Priority", num);
	snprintf(num, sizeof(num), "%d", check_severity(model_text(model_child(alert, "type"))));
	el(wa, "Severity", num);
	el(wa, "AlertName", NULL);
	el(wa, "AlertDescription", NULL);
	el(wa, "AlertOwner", NULL);
	struct strbuf ref = STRBUF_INIT;
	strbuf_addf(&ref, "$MPElement[Name=\"%s\"]$", elem_id(e, alert, ".Rule.AlertMessage"));
	el(wa, "AlertMessageId", ref.buf);
	strbuf_release(&ref);
	alert_params(el(wa, "AlertParameters", NULL), model_text(model_child(alert, "description")), desc);
	suppression(wa, alert);
	for (int i = 1; i <= 10; i++) {
		snprintf(num, sizeof(num), "Custom%d", i);
		el(wa, num, NULL);
	}
}

/* ---- knowledge (MAML) ---- */

static xmlNodePtr maml(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
	return xmlNewTextChild(parent, ns, BAD_CAST name, text ? BAD_CAST text : NULL);
}

static void flat_text(xmlNodePtr n, struct strbuf *sb)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			strbuf_adds(sb, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			flat_text(c, sb);
	}
}

static void maml_inline(xmlNodePtr out, xmlNsPtr ns, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			xmlNodeAddContent(out, c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		struct strbuf sb = STRBUF_INIT;
		flat_text(c, &sb);
		if (strcmp(name, "link") == 0) {
			xmlNodePtr l = maml(out, ns, "navigationLink", NULL);
			maml(l, ns, "linkText", strbuf_str(&sb));
			xmlNodePtr u = maml(l, ns, "uri", NULL);
			xmlNewProp(u, BAD_CAST "href", BAD_CAST model_attr(c, "href"));
		} else if (strcmp(name, "b") == 0) {
			maml(out, ns, "ui", strbuf_str(&sb));
		} else {
			xmlNodeAddContent(out, BAD_CAST strbuf_str(&sb));
		}
		strbuf_release(&sb);
	}
}

static void maml_blocks(xmlNodePtr out, xmlNsPtr ns, xmlNodePtr from, int depth)
{
	if (depth > 16)
		BUG("block nesting not bounded");
	for (xmlNodePtr b = model_child(from, NULL); b; b = model_next(b, NULL)) {
		if (strcmp((const char *)b->name, "para") == 0) {
			maml_inline(maml(out, ns, "para", NULL), ns, b);
		} else if (strcmp((const char *)b->name, "list") == 0) {
			const char *kind = model_attr(b, "kind");
			xmlNodePtr l = maml(out, ns, "list", NULL);
			xmlNewProp(l, BAD_CAST "class",
				   BAD_CAST(kind && !strcmp(kind, "numbered") ? "ordered" : "unordered"));
			for (xmlNodePtr it = model_child(b, "item"); it; it = model_next(it, "item")) {
				xmlNodePtr li = maml(l, ns, "listItem", NULL);
				maml_blocks(li, ns, it, depth + 1);
				if (!li->children)
					maml(li, ns, "para", NULL);
			}
		}
	}
}

static void knowledge(struct emitter *e, xmlNodePtr alert)
{
	xmlNodePtr k = model_child(alert, "knowledge");
	if (!k || !model_child(k, "section"))
		return;
	xmlNodePtr ka = el(e->articles, "KnowledgeArticle", NULL);
	mark(e, ka, k);
	attr(ka, "ElementID", elem_id(e, alert, ".Rule"));
	attr(ka, "Visible", "true");
	xmlNodePtr mc = el(ka, "MamlContent", NULL);
	for (xmlNodePtr s = model_child(k, "section"); s; s = model_next(s, "section")) {
		xmlNodePtr sec = xmlNewChild(mc, NULL, BAD_CAST "section", NULL);
		xmlNsPtr ns = xmlNewNs(sec, BAD_CAST MAML_NS, BAD_CAST "maml");
		xmlSetNs(sec, ns);
		maml(sec, ns, "title", model_attr(s, "title"));
		maml_blocks(sec, ns, s, 0);
	}
}

/* ---- rules and strings ---- */

static void display(struct emitter *e, xmlNodePtr from, const char *id, const char *name,
		    const char *desc)
{
	xmlNodePtr d = el(e->displays, "DisplayString", NULL);
	mark(e, d, from);
	attr(d, "ElementID", id);
	el(d, "Name", name);
	if (desc)
		el(d, "Description", desc);
}

static void rule(struct emitter *e, xmlNodePtr alert)
{
	xmlNodePtr r = el(e->rules, "Rule", NULL);
	mark(e, r, alert);
	const char *en = model_attr(alert, "enabled");
	attr(r, "ID", elem_id(e, alert, ".Rule"));
	attr(r, "Enabled", en ? en : "true");
	attr(r, "Target", model_text(model_child(alert, "class")));
	attr(r, "ConfirmDelivery", "true");
	attr(r, "Remotable", "true");
	attr(r, "Priority", "Normal");
	attr(r, "DiscardLevel", "100");
	el(r, "Category", "Alert");
	data_source(r, alert);
	struct strbuf desc = STRBUF_INIT;
	write_action(e, r, alert, &desc);
	xmlNodePtr sr = el(e->strings, "StringResource", NULL);
	attr(sr, "ID", elem_id(e, alert, ".Rule.AlertMessage"));
	display(e, alert, elem_id(e, alert, ".Rule"), model_text(model_child(alert, "rule")), NULL);
	display(e, alert, elem_id(e, alert, ".Rule.AlertMessage"),
		model_text(model_child(alert, "title")), desc.buf ? desc.buf : "");
	strbuf_release(&desc);
}

static xmlNodePtr root_element(struct emitter *e)
{
	xmlNodePtr root = xmlNewDocNode(e->doc, NULL, BAD_CAST "ManagementPack", NULL);
	xmlDocSetRootElement(e->doc, root);
	attr(root, "ContentReadable", "true");
	if (e->target == TARGET_2012)
		attr(root, "SchemaVersion", "2.0");
	xmlNewNs(root, BAD_CAST "http://www.w3.org/2001/XMLSchema", BAD_CAST "xsd");
	return root;
}

xmlDocPtr emit_mp(struct model *m, enum emit_target target)
{
	xmlNodePtr pack = xmlDocGetRootElement(m->doc);
	struct emitter e = { .m = m, .pack_id = model_attr(pack, "id") };
	e.target = emit_target_of(pack, target);
	e.doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = root_element(&e);
	manifest(&e, root, pack);
	e.rules = el(el(root, "Monitoring", NULL), "Rules", NULL);
	e.strings = el(el(root, "Presentation", NULL), "StringResources", NULL);
	xmlNodePtr lp = el(el(root, "LanguagePacks", NULL), "LanguagePack", NULL);
	const char *lang = model_attr(pack, "language");
	attr(lp, "ID", lang ? lang : "ENU");
	attr(lp, "IsDefault", "true");
	e.displays = el(lp, "DisplayStrings", NULL);
	xmlNodePtr desc = model_child(pack, "description");
	display(&e, pack, e.pack_id, model_text(model_child(pack, "name")),
		desc ? model_text(desc) : NULL);
	e.articles = el(lp, "KnowledgeArticles", NULL);
	for (xmlNodePtr a = model_child(pack, "alert"); a; a = model_next(a, "alert")) {
		rule(&e, a);
		knowledge(&e, a);
	}
	if (!e.articles->children) {
		xmlUnlinkNode(e.articles);
		xmlFreeNode(e.articles);
	}
	strbuf_release(&e.id);
	return e.doc;
}

void emit_serialize(xmlDocPtr doc, xmlChar **out, int *len)
{
	xmlDocDumpFormatMemoryEnc(doc, out, len, "UTF-8", 1);
	if (!*out)
		BUG("xmlDocDumpFormatMemoryEnc failed");
}
