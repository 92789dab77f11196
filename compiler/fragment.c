/*
 * fragment.c - merging MP XML fragments into a compiled pack (fragment.h).
 *
 * Input: the MP document emit_mp() built from the .alert model, and the
 * fragment files. Output: the same document with the fragments' sections
 * in schema order (the orders of schemas/mp, where the 1.0 order is a
 * subsequence of the 2.0 one), their references declared, and errors
 * located in the fragments. The fragments are read with mpread, so UTF-16
 * and exact locations come for free; their documents stay in `kept`.
 */
#include "fragment.h"

#include <ctype.h>
#include <dirent.h>
#include <strings.h>

#include <libxml/hash.h>

#include "aliases.h"
#include "arena.h"
#include "diag.h"
#include "libraries.h"
#include "model.h"
#include "mpread.h"
#include "strbuf.h"

/* ---- finding fragments ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

bool fragment_is_path(const char *path) { return ends_with(path, ".mpx"); }

void fragment_find(const char *path, char ***paths, size_t *n)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t stem = dot && dot > base ? (size_t)(dot - base) : strlen(base);
	struct strbuf name = STRBUF_INIT;
	strbuf_add(&name, path, (size_t)(base - path) + stem);
	strbuf_adds(&name, ".mpx");
	FILE *f = fopen(name.buf, "rb");
	if (f) {
		fclose(f);
		*paths = xrealloc(*paths, (*n + 1) * sizeof(**paths));
		(*paths)[(*n)++] = strbuf_detach(&name, NULL);
	}
	strbuf_release(&name);
}

/* ---- the merge ---- */

struct merger {
	xmlDocPtr doc;
	struct model *m;
	enum emit_target target;
	struct diag_sink *sink;
	xmlNodePtr root, refs;
	xmlHashTablePtr ids; /* lower-cased element ID -> struct loc * */
};

/* Child order of the sections that hold other sections or several kinds
 * of element (schemas/mp/mp-2.0.xsd and common.xsd). */
static const char *const top_order[] = {
	"Manifest", "TypeDefinitions", "Categories", "Monitoring", "ConfigurationGroups", "Templates",
	"PresentationTypes", "Presentation", "Warehouse", "Reporting", "LanguagePacks", "Resources",
	"Extensions", NULL
};
static const char *const typedef_order[] = {
	"EntityTypes", "DataTypes", "SchemaTypes", "SecureReferences", "ModuleTypes", "MonitorTypes",
	"Extensions", NULL
};
static const char *const entity_order[] = {
	"ClassTypes", "RelationshipTypes", "EnumerationTypes", "TypeProjections", NULL
};
static const char *const module_order[] = {
	"DataSourceModuleType", "ProbeActionModuleType", "ConditionDetectionModuleType",
	"WriteActionModuleType", NULL
};
static const char *const monitoring_order[] = {
	"Discoveries", "Rules", "Tasks", "Monitors", "Diagnostics", "Recoveries", "Overrides",
	"ServiceLevelObjectives", "Extensions", NULL
};
static const char *const presentation_order[] = {
	"Forms", "ConsoleTasks", "Views", "Folders", "FolderItems", "ImageReferences", "StringResources",
	"ComponentTypes", "ComponentReferences", "ComponentOverrides", "ComponentImplementations",
	"ComponentBehaviors", "BehaviorTypes", "BehaviorImplementations", "Extensions", NULL
};
static const char *const lp_order[] = { "DisplayStrings", "KnowledgeArticles", NULL };

static const struct {
	const char *name;
	const char *const *order;
} orders[] = {
	{ "ManagementPack", top_order },
	{ "TypeDefinitions", typedef_order },
	{ "EntityTypes", entity_order },
	{ "ModuleTypes", module_order },
	{ "Monitoring", monitoring_order },
	{ "Presentation", presentation_order },
	{ "LanguagePack", lp_order },
};

static const char *const *order_of(xmlNodePtr n)
{
	for (size_t i = 0; i < ARRAY_SIZE(orders); i++)
		if (!strcmp((const char *)n->name, orders[i].name))
			return orders[i].order;
	return NULL;
}

static int index_in(const char *const *order, const xmlChar *name)
{
	for (int i = 0; order && order[i]; i++)
		if (!strcmp(order[i], (const char *)name))
			return i;
	return -1;
}

/* Sections merge with the section of the same name already there; a
 * language pack with the one of the same ID. Anything else is an item. */
static bool is_section(xmlNodePtr n)
{
	if (n->ns || n->properties)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(orders); i++)
		if (index_in(orders[i].order, n->name) >= 0 && orders[i].order != module_order)
			return true;
	static const char *const lists[] = {
		"ClassTypes", "RelationshipTypes", "DataTypes", "SchemaTypes", "SecureReferences", "ModuleTypes",
		"MonitorTypes", "Discoveries", "Rules", "Tasks", "Monitors", "Diagnostics", "Recoveries",
		"Overrides", "StringResources", "Views", "Folders", "FolderItems", "ImageReferences",
		"ConsoleTasks", "LanguagePacks", "DisplayStrings", "KnowledgeArticles", "Categories"
	};
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		if (!strcmp((const char *)n->name, lists[i]))
			return true;
	return false;
}

static xmlNodePtr same_section(xmlNodePtr dst, xmlNodePtr c)
{
	bool lp = !strcmp((const char *)c->name, "LanguagePack");
	if (!lp && !is_section(c))
		return NULL;
	const char *id = lp ? model_attr(c, "ID") : NULL;
	for (xmlNodePtr d = dst->children; d; d = d->next)
		if (d->type == XML_ELEMENT_NODE && !d->ns && xmlStrEqual(d->name, c->name) &&
		    (!lp || (id && model_attr(d, "ID") && !strcmp(model_attr(d, "ID"), id))))
			return d;
	return NULL;
}

static struct loc *loc_copy(struct merger *g, struct loc l)
{
	struct loc *p = arena_alloc(g->m->arena, sizeof(*p));
	*p = l;
	return p;
}

/* Gives the copy (and its descendants) the locations of the original and
 * drops white space between elements (outside MAML) so the pack is
 * indented like the rest. */
static void locate(struct merger *g, struct mp_file *f, xmlNodePtr orig, xmlNodePtr copy)
{
	copy->_private = loc_copy(g, mp_loc(f, orig));
	bool elements = false;
	for (xmlNodePtr c = copy->children; c; c = c->next)
		elements |= c->type == XML_ELEMENT_NODE;
	xmlNodePtr o = orig->children, c = copy->children;
	while (o && c) {
		xmlNodePtr next = c->next;
		if (c->type == XML_ELEMENT_NODE)
			locate(g, f, o, c);
		else if (c->type == XML_COMMENT_NODE || (elements && !copy->ns && xmlIsBlankNode(c))) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
		o = o->next;
		c = next;
	}
}

/* Copies item c of a fragment into dst, before the first child that comes
 * later in dst's schema order (else last). */
static void insert(struct merger *g, struct mp_file *f, xmlNodePtr dst, xmlNodePtr c)
{
	xmlNodePtr copy = xmlDocCopyNode(c, g->doc, 1);
	if (!copy)
		BUG("xmlDocCopyNode failed");
	locate(g, f, c, copy);
	const char *const *order = order_of(dst);
	int at = index_in(order, c->name);
	xmlNodePtr before = NULL;
	for (xmlNodePtr d = dst->children; d && at >= 0 && !before; d = d->next)
		if (d->type == XML_ELEMENT_NODE && index_in(order, d->name) > at)
			before = d;
	if (before)
		xmlAddPrevSibling(before, copy);
	else
		xmlAddChild(dst, copy);
}

static void merge_into(struct merger *g, struct mp_file *f, xmlNodePtr dst, xmlNodePtr src)
{
	for (xmlNodePtr c = src->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		xmlNodePtr same = same_section(dst, c);
		if (same)
			merge_into(g, f, same, c);
		else
			insert(g, f, dst, c);
	}
}

/* ---- IDs ---- */

/* Enters every element of n's subtree that defines an ID (not descending
 * into one), reporting E642 for one already defined. f is NULL for the
 * emitted document. */
static void enter_ids(struct merger *g, struct mp_file *f, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || c->ns || !strcmp((const char *)c->name, "Manifest"))
			continue;
		const char *id = mp_id_of(c);
		if (!id || !strcmp((const char *)c->name, "LanguagePack")) {
			enter_ids(g, f, c);
			continue;
		}
		char *key = mp_fold(id);
		struct loc here = f             ? mp_attr_loc(f, c, "ID")
				  : c->_private ? *(struct loc *)c->_private
						: model_loc(g->m, xmlDocGetRootElement(g->m->doc));
		struct loc *first = xmlHashLookup(g->ids, BAD_CAST key);
		if (first) {
			diag_error(g->sink, here, "E642", "'%s' is defined twice: %s %s", id, (const char *)c->name,
				   f ? "in this fragment" : "made from the .alert source");
			diag_note(g->sink, *first, "first defined here");
			diag_hint(g->sink, "give one of them another ID; every ID of a pack is unique across its "
					   ".alert source and its fragments");
		} else {
			xmlHashAddEntry(g->ids, BAD_CAST key, loc_copy(g, here));
		}
		free(key);
	}
}

/* An alert's class without alias is a class of the pack: a fragment must
 * define it (E375). ids: the IDs of the pack and its fragments, or NULL
 * when it has none. */
int fragment_check_classes(struct model *m, xmlHashTablePtr ids, struct diag_sink *sink)
{
	static const char *const props[] = { "class", "run-as", "alert-run-as" };
	int rc = 0;
	xmlNodePtr pack = xmlDocGetRootElement(m->doc);
	for (xmlNodePtr a = model_first_item(pack); a; a = model_next_item(a))
		for (size_t i = 0; i < ARRAY_SIZE(props); i++) {
			xmlNodePtr n = model_child(a, props[i]);
			const char *v = model_text(n);
			if (!n || strchr(v, '!'))
				continue;
			char *key = mp_fold(v);
			bool found = ids && xmlHashLookup(ids, BAD_CAST key);
			free(key);
			if (found)
				continue;
			if (i == 0) {
				rc = diag_error(sink, model_loc(m, n), "E375",
						"class '%s' has no alias and no fragment of the pack defines it", v);
				diag_hint(sink, "define it in <stem>.mpx beside the .alert source (docs/fragments.md), or write "
						"Alias!Class.Id for a class of another pack");
			} else {
				rc = diag_error(sink, model_loc(m, n), "E381",
						"Run As profile '%s' has no alias and no fragment of the pack defines it", v);
				diag_hint(sink, "define it as a SecureReference in <stem>.mpx beside the .alert source, or "
						"write Alias!Profile.Id for a profile of another pack");
			}
		}
	return rc;
}

/* ---- references ---- */

static xmlNodePtr ref_by_alias(struct merger *g, const char *alias, size_t len)
{
	for (xmlNodePtr r = g->refs ? g->refs->children : NULL; r; r = r->next) {
		const char *a = r->type == XML_ELEMENT_NODE ? model_attr(r, "Alias") : NULL;
		if (a && strlen(a) == len && !memcmp(a, alias, len))
			return r;
	}
	return NULL;
}

static void add_library(struct merger *g, const struct library *l)
{
	xmlNodePtr r = xmlNewChild(g->refs, NULL, BAD_CAST "Reference", NULL);
	xmlNewProp(r, BAD_CAST "Alias", BAD_CAST l->alias);
	xmlNewTextChild(r, NULL, BAD_CAST "ID", BAD_CAST l->id);
	xmlNewTextChild(r, NULL, BAD_CAST "Version", BAD_CAST(g->target == TARGET_2012 ? l->v2012 : l->v2007r2));
	xmlNewTextChild(r, NULL, BAD_CAST "PublicKeyToken", BAD_CAST LIBRARY_TOKEN);
}

/* The references of a fragment's <Manifest>: new aliases are added, one
 * naming another pack than the pack's own alias is E645. */
static void merge_refs(struct merger *g, struct mp_file *f, xmlNodePtr man)
{
	for (xmlNodePtr c = man->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "References") != 0) {
			diag_error(g->sink, mp_loc(f, c), "E644", "a fragment's Manifest holds only References, not '%s'",
				   (const char *)c->name);
			diag_hint(g->sink, "the pack's identity, version and name come from its .alert source");
			continue;
		}
		for (xmlNodePtr r = c->children; r; r = r->next) {
			const char *alias = r->type == XML_ELEMENT_NODE ? model_attr(r, "Alias") : NULL;
			if (!alias)
				continue;
			xmlNodePtr have = ref_by_alias(g, alias, strlen(alias));
			char *id = mp_text_trim(mp_path(r, "ID"));
			char *was = have ? mp_text_trim(mp_path(have, "ID")) : NULL;
			if (!have) {
				insert(g, f, g->refs, r);
			} else if (strcasecmp(id, was) != 0) {
				diag_error(g->sink, mp_attr_loc(f, r, "Alias"), "E645",
					   "alias '%s' names '%s' here but '%s' in the pack", alias, id, was);
				diag_hint(g->sink, "use another alias for '%s'", id);
			}
			free(id);
			free(was);
		}
	}
}

/* Checks the alias of "Alias!ID" at s[0..len) of node n (E643), adding a
 * library reference when it is one every pack may use. */
static void use_alias(struct merger *g, struct mp_file *f, xmlNodePtr n, const char *s, size_t len)
{
	if (ref_by_alias(g, s, len))
		return;
	const struct library *lib = library_by_alias(s, len);
	if (lib) {
		add_library(g, lib);
		return;
	}
	char *alias = xstrndup(s, len);
	struct strbuf needle = STRBUF_INIT;
	strbuf_addf(&needle, "%s!", alias);
	diag_error(g->sink, mp_find_loc(f, n, needle.buf), "E643", "unknown alias '%s' in a fragment", alias);
	diag_hint(g->sink, "declare it in the .alert source (reference Pack.Id { version ...; key ...; alias %s }) "
			   "or in the fragment's <Manifest><References>",
		  alias);
	strbuf_release(&needle);
	free(alias);
}

struct scan {
	struct merger *g;
	struct mp_file *f;
	xmlNodePtr n;
};

static void scanned(void *ctx, const char *s, size_t len)
{
	struct scan *sc = ctx;
	use_alias(sc->g, sc->f, sc->n, s, len);
}

/* Every "Alias!" in s (aliases.h). */
static void scan_value(struct merger *g, struct mp_file *f, xmlNodePtr n, const char *s)
{
	struct scan sc = { g, f, n };
	aliases_each(s, scanned, &sc);
}

static void scan_aliases(struct merger *g, struct mp_file *f, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			scan_value(g, f, n, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || !strcmp((const char *)c->name, "Manifest"))
			continue;
		for (xmlAttrPtr a = c->properties; a; a = a->next)
			if (a->children && a->children->content)
				scan_value(g, f, c, (const char *)a->children->content);
		scan_aliases(g, f, c);
	}
}

/* ---- one fragment ---- */

/* The fragment's root, or NULL after E640 / E641. */
static xmlNodePtr check_root(struct merger *g, struct mp_file *f)
{
	xmlNodePtr root = xmlDocGetRootElement(f->doc);
	const char *name = root ? (const char *)root->name : "";
	if (!root || root->ns || strcmp(name, "ManagementPackFragment") != 0) {
		diag_error(g->sink, mp_loc(f, root), "E640", "not a management pack fragment: the root element is '%s'",
			   name);
		diag_hint(g->sink, "a fragment starts with <ManagementPackFragment SchemaVersion=\"%s\">",
			  g->target == TARGET_2012 ? "2.0" : "1.0");
		return NULL;
	}
	const char *want = g->target == TARGET_2012 ? "2.0" : "1.0";
	const char *v = model_attr(root, "SchemaVersion");
	if (!v || strcmp(v, want) != 0) {
		struct loc at = v ? mp_attr_loc(f, root, "SchemaVersion") : mp_loc(f, root);
		if (v)
			diag_error(g->sink, at, "E641", "fragment for schema %s, but the pack is built for schema %s", v, want);
		else
			diag_error(g->sink, at, "E641", "fragment without SchemaVersion (the pack is built for schema %s)",
				   want);
		diag_hint(g->sink, "write SchemaVersion=\"%s\"%s", want,
			  g->target == TARGET_2012 ? "" : ", or build the pack for 2012 (target 2012 / --target=2012)");
		return NULL;
	}
	return root;
}

/* Checks the sections of a fragment: known top-level names (E644). */
static bool check_sections(struct merger *g, struct mp_file *f, xmlNodePtr root)
{
	bool ok = true;
	for (xmlNodePtr c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || (!c->ns && index_in(top_order, c->name) >= 0))
			continue;
		ok = false;
		diag_error(g->sink, mp_loc(f, c), "E644", "'%s' is not a section of a management pack",
			   (const char *)c->name);
		diag_hint(g->sink, "a fragment holds sections such as TypeDefinitions, Monitoring, Presentation "
				   "and LanguagePacks");
	}
	return ok;
}

/* Attributes of the pack's root a fragment root may carry (a scomc
 * extension): they replace the compiler's. */
static const char *const root_attrs[] = { "ContentReadable", "OriginalSchemaVersion", "RevisionId" };

static void merge_root_attrs(struct merger *g, xmlNodePtr froot)
{
	for (size_t i = 0; i < ARRAY_SIZE(root_attrs); i++) {
		const char *v = model_attr(froot, root_attrs[i]);
		if (v)
			xmlSetProp(g->root, BAD_CAST root_attrs[i], BAD_CAST v);
	}
}

static xmlNodePtr refs_of(xmlNodePtr root)
{
	xmlNodePtr man = model_child(root, "Manifest");
	return man ? model_child(man, "References") : NULL;
}

int fragment_merge_files(xmlDocPtr doc, struct model *m, enum emit_target t, struct mp_file *const *frag,
			 size_t n, struct diag_sink *sink)
{
	struct merger g = { .doc = doc, .m = m, .target = t, .sink = sink };
	g.root = xmlDocGetRootElement(doc);
	g.refs = refs_of(g.root);
	g.ids = xmlHashCreate(256);
	unsigned before = sink->errors;
	enter_ids(&g, NULL, g.root);
	xmlNodePtr *roots = xcalloc(n + 1, sizeof(*roots));
	for (size_t i = 0; i < n; i++) {
		if (!frag[i]->doc || !(roots[i] = check_root(&g, frag[i])))
			continue;
		bool ok = check_sections(&g, frag[i], roots[i]);
		merge_root_attrs(&g, roots[i]);
		xmlNodePtr man = model_child(roots[i], "Manifest");
		if (man)
			merge_refs(&g, frag[i], man);
		if (!ok) {
			roots[i] = NULL;
			continue;
		}
		enter_ids(&g, frag[i], roots[i]);
	}
	for (size_t i = 0; i < n; i++)
		if (roots[i])
			scan_aliases(&g, frag[i], roots[i]);
	fragment_check_classes(m, g.ids, sink);
	for (size_t i = 0; i < n && sink->errors == before; i++) {
		for (xmlNodePtr c = roots[i] ? roots[i]->children : NULL; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || !strcmp((const char *)c->name, "Manifest"))
				continue;
			xmlNodePtr same = same_section(g.root, c);
			if (same)
				merge_into(&g, frag[i], same, c);
			else
				insert(&g, frag[i], g.root, c);
		}
	}
	free(roots);
	xmlHashFree(g.ids, NULL);
	return sink->errors == before ? 0 : -1;
}

int fragment_merge(xmlDocPtr doc, struct model *m, enum emit_target t, char *const *paths, size_t n,
		   struct mp_files *kept, struct diag_sink *sink)
{
	unsigned before = sink->errors;
	struct mp_file **frag = xcalloc(n + 1, sizeof(*frag));
	for (size_t i = 0; i < n; i++) {
		frag[i] = mp_files_add(kept);
		mp_load(frag[i], paths[i], sink);
	}
	int rc = fragment_merge_files(doc, m, t, frag, n, sink);
	free(frag);
	return rc == 0 && sink->errors == before ? 0 : -1;
}
