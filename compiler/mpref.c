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

/* An attribute typed as an identifier reference on element `element`
 * (whose parent is `parent`, when given). */
struct ref_attr {
	const char *element, *parent, *attr;
	unsigned flags;
};

#define L MPREF_LOCAL
static const struct ref_attr ref_attrs[] = {
	/* workflows */
	{ "Rule", NULL, "Target", L },
	{ "Discovery", NULL, "Target", L },
	{ "Task", NULL, "Target", L },
	{ "UnitMonitor", NULL, "Target", L },
	{ "UnitMonitor", NULL, "ParentMonitorID", L },
	{ "UnitMonitor", NULL, "TypeID", L },
	{ "UnitMonitor", NULL, "RunAs", L },
	{ "AggregateMonitor", NULL, "Target", L },
	{ "AggregateMonitor", NULL, "ParentMonitorID", L },
	{ "AggregateMonitor", NULL, "RunAs", L },
	{ "DependencyMonitor", NULL, "Target", L },
	{ "DependencyMonitor", NULL, "ParentMonitorID", L },
	{ "DependencyMonitor", NULL, "RunAs", L },
	{ "AlertSettings", NULL, "AlertMessage", L },
	{ "Diagnostic", NULL, "Target", L },
	{ "Diagnostic", NULL, "Monitor", L },
	{ "Recovery", NULL, "Target", L },
	{ "Recovery", NULL, "Monitor", L },
	{ "Recovery", NULL, "ExecuteOnDiagnostic", L },
	{ "Discovery", NULL, "RunAs", L },
	{ "DiscoveryClass", NULL, "TypeID", L },
	{ "DiscoveryRelationship", NULL, "TypeID", L },
	{ "Property", "DiscoveryClass", "TypeID", L },
	{ "Property", "DiscoveryRelationship", "TypeID", L },
	/* module instances: rules, tasks, discoveries, diagnostics,
	 * recoveries, member modules (see is_module()) */
	{ "DataSource", NULL, "TypeID", L },
	{ "DataSource", NULL, "RunAs", L },
	{ "ProbeAction", NULL, "TypeID", L },
	{ "ProbeAction", NULL, "RunAs", L },
	{ "ConditionDetection", NULL, "TypeID", L },
	{ "ConditionDetection", NULL, "RunAs", L },
	{ "WriteAction", NULL, "TypeID", L },
	{ "WriteAction", NULL, "RunAs", L },
	{ "WriteAction", NULL, "Target", L },
	/* types */
	{ "ClassType", NULL, "Base", L },
	{ "RelationshipType", NULL, "Base", L },
	{ "Source", "RelationshipType", "Type", L },
	{ "Target", "RelationshipType", "Type", L },
	{ "DataType", "DataTypes", "Base", L },
	{ "EnumerationValue", NULL, "Parent", L },
	{ "SecureReference", NULL, "Context", L },
	{ "DataSourceModuleType", NULL, "RunAs", L },
	{ "ProbeActionModuleType", NULL, "RunAs", L },
	{ "ConditionDetectionModuleType", NULL, "RunAs", L },
	{ "WriteActionModuleType", NULL, "RunAs", L },
	{ "UnitMonitorType", NULL, "RunAs", L },
	/* categories (2.0), presentation */
	{ "Category", "Categories", "Target", L },
	{ "Category", "Categories", "Value", L },
	{ "ConsoleTask", NULL, "Target", L },
	{ "View", NULL, "Target", L },
	{ "View", NULL, "TypeID", L },
	{ "Folder", NULL, "ParentFolder", L },
	{ "FolderItem", NULL, "ElementID", L },
	{ "FolderItem", NULL, "Folder", L },
	{ "ImageReference", NULL, "ElementID", L },
	{ "ImageReference", NULL, "ImageID", L },
	{ "UIPageReference", NULL, "PageID", L },
};

/* Element text typed as an identifier reference. Only an aliased value is
 * taken (a local one is not checked). */
static const struct ref_attr ref_texts[] = {
	{ "OutputType", NULL, NULL, 0 },
	{ "InputType", NULL, NULL, 0 },
	{ "DataType", "InputTypes", NULL, 0 },
	{ "Source", "RelationshipType", NULL, 0 },
	{ "Target", "RelationshipType", NULL, 0 },
	{ "MemberMonitor", NULL, NULL, 0 },
	{ "RelationshipType", "DependencyMonitor", NULL, 0 },
	{ "AlertMessage", "AlertSettings", NULL, 0 },
};

/* On an element whose parent is <Overrides>: the overridden workflow and
 * the context class. */
static const char *const override_attrs[] = {
	"Context", "Rule", "Monitor", "Discovery", "Diagnostic", "Recovery", "SecureReference",
};
#undef L

/* Presentation sections of dashboards: their content is component
 * configuration (issue 10, class 5). */
static const char *const component_sections[] = {
	"ComponentTypes", "ComponentReferences", "ComponentOverrides", "ComponentImplementations",
	"ComponentBehaviors", "BehaviorTypes", "BehaviorImplementations",
};

enum walk_mode { SCHEMA, CONFIG };

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

static bool matches(const struct ref_attr *r, xmlNodePtr n)
{
	return strcmp(r->element, (const char *)n->name) == 0 && (!r->parent || named(n->parent, r->parent));
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

static bool ref_attr(xmlNodePtr n, const char *attr, unsigned *flags)
{
	for (size_t i = 0; i < ARRAY_SIZE(ref_attrs); i++)
		if (strcmp(ref_attrs[i].attr, attr) == 0 && matches(&ref_attrs[i], n)) {
			*flags = ref_attrs[i].flags;
			return true;
		}
	*flags = MPREF_LOCAL;
	return named(n->parent, "Overrides") && in_list(attr, override_attrs, ARRAY_SIZE(override_attrs));
}

static void scan_attrs(struct walk *w, xmlNodePtr n, enum walk_mode mode)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		const char *val = attr_value(a), *name = (const char *)a->name;
		unsigned flags;
		if (mode == SCHEMA && !a->ns && ref_attr(n, name, &flags) && *val)
			add(w->ix, n, name, val, strlen(val), flags | w->tmpl);
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
