/*
 * model.c - model accessors, locations and default resolution.
 */
#include "model.h"

#include "arena.h"
#include "source.h"

const char *const model_alert_props[] = {
	"event",
	"source",
	"log",
	"filter",
	"class",
	"type",
	"priority",
	"product",
	"product-version",
	"path",
	"rule",
	"title",
	"description",
	"suppress",
	"modified",
	"intro",
	"parameters",
	"knowledge",
	/* what a decompiled rule states when it differs from the derived form */
	"id",
	"message-id",
	"category",
	"comment",
	"rule-priority",
	"confirm-delivery",
	"remotable",
	"discard-level",
	"rule-description",
	"run-as",
	"alert-run-as",
	"computer-name",
	"order",
	"types",
};
const size_t model_alert_nprops = ARRAY_SIZE(model_alert_props);

const char *const model_monitor_props[] = {
	"event",
	"source",
	"log",
	"filter",
	"class",
	"state",
	"parent",
	"repeat",
	"reset",
	"product",
	"product-version",
	"path",
	"title",
	"alert-settings",
	"modified",
	"intro",
	"parameters",
	"knowledge",
};
const size_t model_monitor_nprops = ARRAY_SIZE(model_monitor_props);

void model_release(struct model *m)
{
	if (m && m->doc) {
		xmlFreeDoc(m->doc);
		m->doc = NULL;
	}
}

void model_set_loc(struct model *m, xmlNodePtr n, struct loc loc)
{
	struct loc *l = arena_alloc(m->arena, sizeof(*l));
	*l = loc;
	n->_private = l;
}

/* For XML input: the '<name' of the element on its line, or the line start. */
static struct loc xml_loc(const struct model *m, xmlNodePtr n)
{
	long line = xmlGetLineNo(n);
	size_t start, len;
	if (line <= 0 || !source_line(m->src, (unsigned)line, &start, &len))
		return (struct loc){ m->src, m->src->bom, 0 };
	const char *s = m->src->data + start;
	char qname[256]; /* prefix:name as written */
	snprintf(qname, sizeof(qname), "%s%s%s", n->ns && n->ns->prefix ? (const char *)n->ns->prefix : "",
		 n->ns && n->ns->prefix ? ":" : "", (const char *)n->name);
	size_t nl = strlen(qname);
	for (size_t i = 0; i + 1 + nl <= len; i++)
		if (s[i] == '<' && memcmp(s + i + 1, qname, nl) == 0)
			return (struct loc){ m->src, start + i, nl + 1 };
	return (struct loc){ m->src, start, 0 };
}

struct loc model_loc(const struct model *m, xmlNodePtr n)
{
	for (xmlNodePtr p = n; p; p = p->parent) {
		if (p->type == XML_DOCUMENT_NODE)
			break;
		if (p->_private && !m->from_xml)
			return *(struct loc *)p->_private;
		if (m->from_xml && p->type == XML_ELEMENT_NODE)
			return xml_loc(m, p);
	}
	return (struct loc){ m->src, m->src ? m->src->bom : 0, 0 };
}

xmlNodePtr model_add(struct model *m, xmlNodePtr parent, const char *name,
		     const char *text, struct loc loc)
{
	xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name,
				       text ? BAD_CAST text : NULL);
	if (!n)
		BUG("xmlNewTextChild failed");
	if (loc.src)
		model_set_loc(m, n, loc);
	return n;
}

bool model_is(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

bool model_is_item(xmlNodePtr n)
{
	return model_is(n, "alert") || model_is(n, "monitor");
}

xmlNodePtr model_first_item(xmlNodePtr pack)
{
	for (xmlNodePtr n = pack ? pack->children : NULL; n; n = n->next)
		if (model_is_item(n))
			return n;
	return NULL;
}

xmlNodePtr model_next_item(xmlNodePtr n)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (model_is_item(n))
			return n;
	return NULL;
}

xmlNodePtr model_next(xmlNodePtr n, const char *name)
{
	for (n = n ? n->next : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (!name || strcmp((const char *)n->name, name) == 0))
			return n;
	return NULL;
}

xmlNodePtr model_child(xmlNodePtr parent, const char *name)
{
	if (!parent)
		return NULL;
	for (xmlNodePtr n = parent->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    (!name || strcmp((const char *)n->name, name) == 0))
			return n;
	return NULL;
}

const char *model_text(xmlNodePtr n)
{
	if (!n)
		return "";
	for (xmlNodePtr c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content)
			return (const char *)c->content;
	return "";
}

const char *model_attr(xmlNodePtr n, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST name);
	if (!a)
		return NULL;
	if (a->children && a->children->content)
		return (const char *)a->children->content;
	return "";
}

/* The pack's <defaults>. It precedes every <alert> (canonical order), so
 * the search stops at the first alert: no walk over all alerts per lookup. */
static xmlNodePtr defaults_of(xmlNodePtr pack)
{
	for (xmlNodePtr n = pack ? pack->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "defaults") == 0)
			return n;
		if (model_is_item(n))
			return NULL;
	}
	return NULL;
}

xmlNodePtr model_prop(xmlNodePtr alert, const char *name)
{
	xmlNodePtr own = model_child(alert, name);
	if (own || !alert->parent)
		return own;
	return model_child(defaults_of(alert->parent), name);
}

/* Copies _private of from's attributes and subtree onto the same-shaped
 * copy to, iteratively. */
static void copy_locs(xmlNodePtr from, xmlNodePtr to)
{
	xmlNodePtr a = from, b = to;
	while (a && b) {
		b->_private = a->_private;
		if (a->type == XML_ELEMENT_NODE) {
			xmlAttrPtr x = a->properties, y = b->properties;
			for (; x && y; x = x->next, y = y->next)
				y->_private = x->_private;
		}
		if (a->children && b->children && a->type == XML_ELEMENT_NODE) {
			a = a->children;
			b = b->children;
			continue;
		}
		while (a && a != from && !a->next) {
			a = a->parent;
			b = b->parent;
		}
		if (!a || a == from)
			return;
		a = a->next;
		b = b->next;
	}
}

xmlNodePtr model_copy(struct model *m, xmlNodePtr n)
{
	xmlNodePtr c = xmlDocCopyNode(n, m->doc, 1);
	if (!c)
		BUG("xmlDocCopyNode failed");
	copy_locs(n, c);
	return c;
}

/* ---- resolution ---- */

static const char *builtin_default(const char *prop)
{
	static const char *const tab[][2] = {
		{ "log", "Application" },
		{ "class", "Windows!Microsoft.Windows.Computer" },
		{ "type", "Warning" },
		{ "priority", "normal" },
		{ "description", "{description}" },
		{ "state", "Warning" },
		{ "parent", "availability" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcmp(tab[i][0], prop) == 0)
			return tab[i][1];
	return NULL;
}

/* A child of the pack before its first alert or monitor (its head), so
 * that looking one up for every alert does not walk all the alerts. */
static xmlNodePtr pack_head(xmlNodePtr pack, const char *name)
{
	for (xmlNodePtr n = pack->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && model_is_item(n))
			return NULL;
		else if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
			return n;
	return NULL;
}

/* title: the alert's own <title> (unlinked while the alert is rebuilt). */
static xmlNodePtr inherited(struct model *m, xmlNodePtr alert, const char *prop,
			    xmlNodePtr title)
{
	xmlNodePtr pack = alert->parent;
	xmlNodePtr d = model_child(defaults_of(pack), prop);
	if (d) {
		return model_copy(m, d);
	}
	const char *text = NULL;
	if (strcmp(prop, "rule") == 0)
		text = title ? model_text(title) : NULL;
	else if (strcmp(prop, "modified") == 0 && pack_head(pack, "modified"))
		text = model_text(pack_head(pack, "modified"));
	else
		text = builtin_default(prop);
	if (!text)
		return NULL;
	xmlNodePtr c = xmlNewDocNode(m->doc, NULL, BAD_CAST prop, NULL);
	xmlNodeAddContent(c, BAD_CAST text);
	c->_private = alert->_private;
	return c;
}

/* Rebuilds the children of alert (or monitor, with its props) in canonical
 * order, adding inherited ones. Whitespace and elements that are not
 * properties are dropped (the schema has rejected them already for XML
 * input). */
static void resolve_item(struct model *m, xmlNodePtr alert, const char *const *props,
			 size_t nprops)
{
	xmlNodePtr have[32] = { 0 };
	if (nprops > ARRAY_SIZE(have))
		BUG("too many alert properties");
	for (xmlNodePtr c = alert->children, next; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		size_t i = 0;
		while (c->type == XML_ELEMENT_NODE && i < nprops &&
		       strcmp((const char *)c->name, props[i]) != 0)
			i++;
		if (c->type == XML_ELEMENT_NODE && i < nprops && !have[i])
			have[i] = c;
		else
			xmlFreeNode(c);
	}
	xmlNodePtr title = NULL;
	for (size_t i = 0; i < nprops; i++)
		if (strcmp(props[i], "title") == 0)
			title = have[i];
	for (size_t i = 0; i < nprops; i++) {
		xmlNodePtr c = have[i] ? have[i] : inherited(m, alert, props[i], title);
		if (c)
			xmlAddChild(alert, c);
	}
}

/* A copy of from's <name> appended to to, unless to has one. */
static void fill_from(struct model *m, xmlNodePtr to, xmlNodePtr from, const char *name)
{
	xmlNodePtr have = model_child(to, name), src = model_child(from, name);
	if (!have && src)
		xmlAddChild(to, model_copy(m, src));
}

/* A text child name of n holding text, unless n has one; in order after
 * the children named in before (so the result stays in canonical order). */
static void fill_text(xmlNodePtr n, const char *name, const char *text)
{
	if (model_child(n, name) || !text)
		return;
	xmlNodePtr c = xmlNewDocNode(n->doc, NULL, BAD_CAST name, NULL);
	xmlNodeAddContent(c, BAD_CAST text);
	c->_private = n->_private;
	xmlAddChild(n, c);
}

/* Rebuilds the children of n in the order given, dropping unknown ones. */
static void reorder(xmlNodePtr n, const char *const *order, size_t count)
{
	xmlNodePtr have[8] = { 0 };
	for (xmlNodePtr c = n->children, next; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		size_t i = 0;
		while (c->type == XML_ELEMENT_NODE && i < count && strcmp((const char *)c->name, order[i]))
			i++;
		if (c->type == XML_ELEMENT_NODE && i < count && !have[i])
			have[i] = c;
		else
			xmlFreeNode(c);
	}
	for (size_t i = 0; i < count; i++)
		if (have[i])
			xmlAddChild(n, have[i]);
}

/* A monitor's parts: the reset event takes the monitor's source and log
 * where it gives none; the alert takes the defaults of docs/language.md. */
static void resolve_monitor(struct model *m, xmlNodePtr mon)
{
	resolve_item(m, mon, model_monitor_props, model_monitor_nprops);
	xmlNodePtr r = model_child(mon, "reset");
	if (r && model_attr(r, "kind") && strcmp(model_attr(r, "kind"), "event") == 0) {
		fill_from(m, r, mon, "source");
		fill_from(m, r, mon, "log");
		static const char *const order[] = { "event", "source", "log", "filter" };
		reorder(r, order, ARRAY_SIZE(order));
	}
	xmlNodePtr a = model_child(mon, "alert-settings");
	if (a) {
		fill_text(a, "priority", "normal");
		fill_text(a, "severity", "match");
		fill_text(a, "auto-resolve", "true");
		xmlNodePtr title = model_child(mon, "title");
		fill_text(a, "title", title ? model_text(title) : NULL);
		fill_text(a, "description", "{description}");
		static const char *const order[] = { "priority", "severity", "auto-resolve", "title",
						     "description" };
		reorder(a, order, ARRAY_SIZE(order));
	}
}

void model_resolve(struct model *m)
{
	xmlNodePtr pack = xmlDocGetRootElement(m->doc);
	for (xmlNodePtr a = model_first_item(pack); a; a = model_next_item(a)) {
		if (model_is(a, "monitor"))
			resolve_monitor(m, a);
		else
			resolve_item(m, a, model_alert_props, model_alert_nprops);
	}
}
