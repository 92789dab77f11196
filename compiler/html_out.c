/*
 * html_out.c - XHTML text of the site's page trees (see html_out.h).
 *
 * The walk is libxml2 2.9.14's xhtmlNodeDumpOutput() (xmlsave.c) for the
 * node kinds it keeps: no recursion, "  " per level of indentation (at
 * most 30 levels), indentation only inside elements whose children hold
 * no text, empty elements of XHTML 1.0 C.2 as "<x />", the others as
 * "<x></x>", html given the XHTML namespace, and the attributes of C.7
 * and C.8 added after the written ones.
 */
#include "html_out.h"

#include <libxml/parserInternals.h> /* xmlStringTextNoenc */

struct writer {
	struct strbuf *sb;
	int format; /* 1: indent (libxml2's ctxt->format) */
	int level;
};

static void indent(struct writer *w)
{
	static const char spaces[] = "                                                            ";
	strbuf_add(w->sb, spaces, 2 * (size_t)MIN(w->level, 30));
}

/* Element content and attribute values: xmlEscapeContent() and
 * xmlBufAttrSerializeTxtContent() with the document's encoding set, the
 * same escapes as the MP's (strbuf_add_xml_escaped). */

/* The value of a, or -1 for what only libxml2 writes (entity references). */
static int put_value(struct strbuf *sb, xmlAttrPtr a)
{
	for (xmlNodePtr c = a->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE && c->content)
			strbuf_add_xml_escaped(sb, (const char *)c->content, true);
		else if (c->type == XML_ENTITY_REF_NODE)
			return -1;
	return 0;
}

static bool named(const xmlChar *name, const char *const *names)
{
	for (; *names; names++)
		if (strcmp((const char *)name, *names) == 0)
			return true;
	return false;
}

/* htmlIsBooleanAttr(): libxml2 writes these with their name as the value
 * when they are empty (and changes the tree to do so). */
static bool boolean_attr(xmlAttrPtr a)
{
	static const char *const names[] = { "checked", "compact", "declare", "defer", "disabled",
					     "ismap", "multiple", "nohref", "noresize", "noshade",
					     "nowrap", "readonly", "selected", NULL };
	xmlNodePtr c = a->children;
	return (!c || !c->content || !c->content[0]) && named(a->name, names);
}

static int put_attr(struct strbuf *sb, const char *name, xmlAttrPtr a)
{
	strbuf_adds(sb, " ");
	strbuf_adds(sb, name);
	strbuf_adds(sb, "=\"");
	int rc = put_value(sb, a);
	strbuf_adds(sb, "\"");
	return rc;
}

/* xhtmlAttrListDumpOutput(): the attributes, then an id for a name (C.8)
 * and xml:lang for lang (C.7). */
static int put_attrs(struct writer *w, xmlNodePtr el)
{
	static const char *const name_gets_id[] = { "a", "p", "div", "img", "map", "applet",
						    "form", "frame", "iframe", NULL };
	xmlAttrPtr id = NULL, name = NULL, lang = NULL;
	for (xmlAttrPtr a = el->properties; a; a = a->next) {
		if (a->ns || boolean_attr(a))
			return -1;
		const char *n = (const char *)a->name;
		if (!strcmp(n, "id"))
			id = a;
		else if (!strcmp(n, "name"))
			name = a;
		else if (!strcmp(n, "lang"))
			lang = a;
		if (put_attr(w->sb, n, a))
			return -1;
	}
	if (name && !id && named(el->name, name_gets_id) && put_attr(w->sb, "id", name))
		return -1;
	if (lang && put_attr(w->sb, "xml:lang", lang))
		return -1;
	return 0;
}

/* xhtmlIsEmpty(): the empty elements of XHTML 1.0. */
static bool empty_element(xmlNodePtr n)
{
	static const char *const names[] = { "area", "br", "base", "basefont", "col", "frame", "hr",
					     "img", "input", "isindex", "link", "meta", "param", NULL };
	return named(n->name, names);
}

static bool has_text_child(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_ENTITY_REF_NODE)
			return true;
	return false;
}

static void end_tag(struct strbuf *sb, xmlNodePtr el)
{
	strbuf_adds(sb, "</");
	strbuf_adds(sb, (const char *)el->name);
	strbuf_adds(sb, ">");
}

/* The start of element cur whose parent is parent; *down: descend into its
 * children next. -1 for what only libxml2 writes. */
static int start_element(struct writer *w, xmlNodePtr cur, xmlNodePtr parent, bool top,
			 bool *down)
{
	if (cur->ns || cur->nsDef || cur->parent != parent)
		return -1;
	/* libxml2 adds a Content-Type <meta> to the <head> of a document's <html> */
	if (parent && parent->parent == (xmlNodePtr)cur->doc && !strcmp((const char *)cur->name, "head") &&
	    !strcmp((const char *)parent->name, "html"))
		return -1;
	if (!top && w->format == 1)
		indent(w);
	strbuf_adds(w->sb, "<");
	strbuf_adds(w->sb, (const char *)cur->name);
	if (!strcmp((const char *)cur->name, "html"))
		strbuf_adds(w->sb, " xmlns=\"http://www.w3.org/1999/xhtml\"");
	if (put_attrs(w, cur))
		return -1;
	*down = cur->children != NULL;
	if (!cur->children && empty_element(cur)) {
		strbuf_adds(w->sb, " />");
	} else {
		strbuf_adds(w->sb, ">");
		if (!cur->children)
			end_tag(w->sb, cur);
	}
	return 0;
}

/* One tree, as one xmlSaveTree() call writes it. */
static int tree(struct writer *w, xmlNodePtr root)
{
	int format = w->format;
	xmlNodePtr cur = root, parent = root->parent, unformatted = NULL;
	for (;;) {
		if (cur->type == XML_ELEMENT_NODE) {
			bool down;
			if (start_element(w, cur, parent, cur == root, &down))
				return -1;
			if (down) {
				if (w->format == 1 && has_text_child(cur)) {
					unformatted = cur;
					w->format = 0;
				}
				if (w->format == 1)
					strbuf_adds(w->sb, "\n");
				w->level++;
				parent = cur;
				cur = cur->children;
				continue;
			}
		} else if (cur->type == XML_TEXT_NODE) {
			if (cur->name == xmlStringTextNoenc)
				return -1;
			if (cur->content)
				strbuf_add_xml_escaped(w->sb, (const char *)cur->content, false);
		} else {
			return -1;
		}
		for (;;) {
			if (cur == root)
				return 0;
			if (w->format == 1)
				strbuf_adds(w->sb, "\n");
			if (cur->next) {
				cur = cur->next;
				break;
			}
			cur = parent;
			parent = cur->parent;
			if (w->level > 0)
				w->level--;
			if (w->format == 1)
				indent(w);
			end_tag(w->sb, cur);
			if (cur == unformatted) {
				w->format = format;
				unformatted = NULL;
			}
		}
	}
}

int html_out(xmlNodePtr first, bool siblings, bool format, struct strbuf *sb)
{
	size_t start = sb->len;
	struct writer w = { sb, format ? 1 : 0, 0 };
	strbuf_grow(sb, 8192); /* a page */
	for (xmlNodePtr n = first; n; n = siblings ? n->next : NULL) {
		if (tree(&w, n) != 0) {
			strbuf_setlen(sb, start);
			return -1;
		}
	}
	return 0;
}
