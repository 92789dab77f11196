/*
 * mpref.c - the identifier references of a parsed management pack (see
 * mpref.h).
 *
 * Which attributes and elements hold a reference is written once, in the
 * tables below, by the element type the MP schema gives them (the MSDN
 * schema reference pages of each element). The walk knows three kinds of
 * content: schema content (references come from the tables), module and
 * type configuration (children of a module instance, of <Configuration>,
 * and the dashboard component sections: only $...$ expressions count) and
 * content that is not the pack's (Manifest, LanguagePacks, namespaced
 * elements such as xsd: schemas and MAML, HtmlContent: skipped).
 */
#include "mpref.h"

#include <ctype.h>
#include <strings.h>

#include "model.h"

enum { MAX_DEPTH = 1024 }; /* deeper content is not walked (libxml2 stops at 256) */

/* Attributes typed as identifier references (`attrs`, separated by
 * spaces) on element `element` (any element when NULL) whose parent is
 * `parent` (any parent when NULL). A value without an alias must name an
 * ID of this pack. */
struct ref_attrs {
	const char *element, *parent, *attrs;
};

static const struct ref_attrs ref_attrs[] = {
	/* workflows */
	{ "Rule", NULL, "Target" },
	{ "Discovery", NULL, "Target RunAs" },
	{ "Task", NULL, "Target" },
	{ "UnitMonitor", NULL, "Target ParentMonitorID TypeID RunAs" },
	{ "AggregateMonitor", NULL, "Target ParentMonitorID RunAs" },
	{ "DependencyMonitor", NULL, "Target ParentMonitorID RunAs" },
	{ "AlertSettings", NULL, "AlertMessage" },
	{ "Diagnostic", NULL, "Target Monitor" },
	{ "Recovery", NULL, "Target Monitor ExecuteOnDiagnostic" },
	{ "DiscoveryClass", NULL, "TypeID" },
	{ "DiscoveryRelationship", NULL, "TypeID" },
	{ "Property", "DiscoveryClass", "TypeID" },
	{ "Property", "DiscoveryRelationship", "TypeID" },
	{ NULL, "Overrides", "Context Rule Monitor Discovery Diagnostic Recovery SecureReference" },
	/* module instances: in rules, tasks, discoveries, diagnostics,
	 * recoveries, and member modules (see is_module()) */
	{ "DataSource", NULL, "TypeID RunAs" },
	{ "ProbeAction", NULL, "TypeID RunAs" },
	{ "ConditionDetection", NULL, "TypeID RunAs" },
	{ "WriteAction", NULL, "TypeID RunAs Target" },
	/* types */
	{ "ClassType", NULL, "Base" },
	{ "RelationshipType", NULL, "Base" },
	{ "Source", "RelationshipType", "Type" },
	{ "Target", "RelationshipType", "Type" },
	{ "DataType", "DataTypes", "Base" },
	{ "EnumerationValue", NULL, "Parent" },
	{ "SecureReference", NULL, "Context" },
	{ "DataSourceModuleType", NULL, "RunAs" },
	{ "ProbeActionModuleType", NULL, "RunAs" },
	{ "ConditionDetectionModuleType", NULL, "RunAs" },
	{ "WriteActionModuleType", NULL, "RunAs" },
	{ "UnitMonitorType", NULL, "RunAs" },
	/* categories (2.0), presentation */
	{ "Category", "Categories", "Target Value" },
	{ "ConsoleTask", NULL, "Target" },
	{ "View", NULL, "Target TypeID" },
	{ "Folder", NULL, "ParentFolder" },
	{ "FolderItem", NULL, "ElementID Folder" },
	{ "ImageReference", NULL, "ElementID ImageID" },
	{ "UIPageReference", NULL, "PageID" },
};

/* Elements whose text is typed as an identifier reference (attrs unused).
 * Only an aliased value is taken: a local one is not checked. */
static const struct ref_attrs ref_texts[] = {
	{ "OutputType", NULL, NULL },
	{ "InputType", NULL, NULL },
	{ "DataType", "InputTypes", NULL },
	{ "Source", "RelationshipType", NULL },
	{ "Target", "RelationshipType", NULL },
	{ "MemberMonitor", NULL, NULL },
	{ "RelationshipType", "DependencyMonitor", NULL },
	{ "AlertMessage", "AlertSettings", NULL },
};

/* Presentation sections of dashboards: their content is component
 * configuration (issue 10, class 5). */
static const char *const component_sections[] = {
	"ComponentTypes",
	"ComponentReferences",
	"ComponentOverrides",
	"ComponentImplementations",
	"ComponentBehaviors",
	"BehaviorTypes",
	"BehaviorImplementations",
};

enum walk_mode { SCHEMA,
		 CONFIG };

struct walk {
	struct mpref_index *ix;
	struct mp_file *mp;
	unsigned tmpl; /* MPREF_TEMPLATE inside Templates */
};

/* ---- small helpers ---- */

static bool id_char(int c) { return isalnum(c) || c == '_' || c == '.'; }

bool mpref_is_id(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!id_char((unsigned char)s[i]))
			return false;
	return true;
}

bool mpref_is_aliased(const char *s, size_t n)
{
	const char *bang = memchr(s, '!', n);
	return bang && mpref_is_id(s, (size_t)(bang - s)) && mpref_is_id(bang + 1, n - (size_t)(bang - s) - 1);
}

static bool named(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !n->ns && strcmp((const char *)n->name, name) == 0;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static const char *attr_value(xmlAttrPtr a)
{
	return a->children && a->children->content ? (const char *)a->children->content : "";
}

static void add(struct mpref_index *ix, xmlNodePtr node, const char *attr, const char *value,
		size_t len, unsigned flags)
{
	if (ix->n == ix->cap) {
		ix->cap = ix->cap ? 2 * ix->cap : 64;
		ix->refs = xrealloc(ix->refs, ix->cap * sizeof(*ix->refs));
	}
	ix->refs[ix->n++] = (struct mpref){ node, attr, xstrndup(value, len), flags };
}

static bool matches(const struct ref_attrs *r, xmlNodePtr n)
{
	return (!r->element || strcmp(r->element, (const char *)n->name) == 0) &&
	       (!r->parent || named(n->parent, r->parent));
}

/* Is word one of the space-separated words of list? */
static bool in_words(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* Marks every reference written as "Alias!" (or "PackID!") in s as used. */
static void mark_used(struct walk *w, const char *s)
{
	for (const char *b = strchr(s, '!'); b; b = strchr(b + 1, '!')) {
		const char *a = b;
		while (a > s && id_char((unsigned char)a[-1]))
			a--;
		struct mp_ref *r = a < b ? mpref_pack(w->mp, a, (size_t)(b - a)) : NULL;
		if (r)
			r->used = true;
	}
}

/* ---- what is a reference ---- */

/* Finds $MPElement[Name="X"]$, $RunAs[Name="X"]$ and Property[Type="X"]. */
static void scan_expressions(struct walk *w, xmlNodePtr node, const char *s)
{
	static const char *const pats[] = { "$MPElement[Name=", "$RunAs[Name=", "Property[Type=" };
	if (!strpbrk(s, "$["))
		return;
	for (size_t k = 0; k < ARRAY_SIZE(pats); k++) {
		size_t pl = strlen(pats[k]);
		for (const char *p = strstr(s, pats[k]); p; p = strstr(p + 1, pats[k])) {
			char q = p[pl];
			const char *b = p + pl + 1, *e = q == '"' || q == '\'' ? strchr(b, q) : NULL;
			size_t len = e ? (size_t)(e - b) : 0;
			if (!e || !(mpref_is_id(b, len) || mpref_is_aliased(b, len)))
				continue;
			add(w->ix, node, NULL, b, len, MPREF_LOCAL | w->tmpl | (k == 2 ? MPREF_TYPE : 0));
		}
	}
}

static bool ref_attr(xmlNodePtr n, const char *attr)
{
	for (size_t i = 0; i < ARRAY_SIZE(ref_attrs); i++)
		if (matches(&ref_attrs[i], n) && in_words(ref_attrs[i].attrs, attr))
			return true;
	return false;
}

static void scan_attrs(struct walk *w, xmlNodePtr n, enum walk_mode mode)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		const char *val = attr_value(a), *name = (const char *)a->name;
		if (mode == SCHEMA && !a->ns && *val && ref_attr(n, name))
			add(w->ix, n, name, val, strlen(val), MPREF_LOCAL | w->tmpl);
		scan_expressions(w, n, val);
		mark_used(w, val);
		if (mode == SCHEMA && !a->ns && strcmp(name, "ID") == 0 && *val) {
			char *key = mp_fold(val);
			xmlHashAddEntry(w->ix->ids, BAD_CAST key, n); /* the first one stays */
			free(key);
		}
	}
}

static void scan_text(struct walk *w, xmlNodePtr t, enum walk_mode mode)
{
	const char *s = (const char *)t->content;
	if (!s)
		return;
	scan_expressions(w, t->parent, s);
	if (!strchr(s, '!'))
		return;
	mark_used(w, s);
	if (mode != SCHEMA)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(ref_texts); i++) {
		if (!matches(&ref_texts[i], t->parent))
			continue;
		const char *a = s, *e = s + strlen(s);
		while (a < e && isspace((unsigned char)*a))
			a++;
		while (e > a && isspace((unsigned char)e[-1]))
			e--;
		if (mpref_is_aliased(a, (size_t)(e - a)))
			add(w->ix, t->parent, NULL, a, (size_t)(e - a), w->tmpl);
		return;
	}
}

/* A module instance: its children are the module type's configuration. */
static bool is_module(xmlNodePtr n)
{
	static const char *const kinds[] = { "DataSource", "ProbeAction", "ConditionDetection", "WriteAction" };
	return in_list((const char *)n->name, kinds, ARRAY_SIZE(kinds)) && xmlHasProp(n, BAD_CAST "TypeID");
}

/* The mode of n's children. */
static enum walk_mode child_mode(xmlNodePtr n, enum walk_mode mode)
{
	if (mode == CONFIG || is_module(n) || named(n, "Configuration"))
		return CONFIG;
	if (named(n->parent, "Presentation") &&
	    in_list((const char *)n->name, component_sections, ARRAY_SIZE(component_sections)))
		return CONFIG;
	return SCHEMA;
}

static bool not_ours(xmlNodePtr n)
{
	return n->ns || named(n, "Manifest") || named(n, "LanguagePacks") || named(n, "HtmlContent");
}

static void walk(struct walk *w, xmlNodePtr n, enum walk_mode mode, int depth)
{
	if (depth > MAX_DEPTH || not_ours(n))
		return;
	scan_attrs(w, n, mode);
	unsigned saved = w->tmpl;
	if (named(n, "Templates") && named(n->parent, "ManagementPack"))
		w->tmpl = MPREF_TEMPLATE;
	enum walk_mode inner = child_mode(n, mode);
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			walk(w, c, inner, depth + 1);
		else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			scan_text(w, c, inner);
	}
	w->tmpl = saved;
}

/* ---- public ---- */

void mpref_build(struct mpref_index *ix, struct mp_file *mp)
{
	*ix = (struct mpref_index){ 0 };
	ix->ids = xmlHashCreate(256);
	struct walk w = { ix, mp, 0 };
	for (xmlNodePtr c = mp->root ? mp->root->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			walk(&w, c, SCHEMA, 1);
}

void mpref_release(struct mpref_index *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		free(ix->refs[i].value);
	free(ix->refs);
	xmlHashFree(ix->ids, NULL);
	*ix = (struct mpref_index){ 0 };
}

xmlNodePtr mpref_find(const struct mpref_index *ix, struct mp_file *mp, const char *id)
{
	xmlNodePtr n = mp_element(mp, id);
	if (n || !ix->ids)
		return n;
	char *key = mp_fold(id);
	n = xmlHashLookup(ix->ids, BAD_CAST key);
	free(key);
	return n;
}

struct mp_ref *mpref_pack(struct mp_file *mp, const char *alias, size_t len)
{
	struct mp_ref *r = mp_ref_by_alias(mp, alias, len);
	for (size_t i = 0; !r && i < mp->nrefs; i++)
		if (strlen(mp->refs[i].id) == len && strncasecmp(mp->refs[i].id, alias, len) == 0)
			r = &mp->refs[i];
	return r;
}
