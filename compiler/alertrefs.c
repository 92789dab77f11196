/*
 * alertrefs.c - reference-pack checks of a compiled pack (alertrefs.h).
 *
 * The MP is built with emit_mp() and indexed like a pack read from disk
 * (mp_index()), so refcheck.c sees exactly what would be written. Its
 * locator maps an element of that MP back to the model: the i-th Rule is
 * the i-th alert, the i-th UnitMonitor the i-th monitor (emit_xml.c writes
 * them in model order); within one, a few elements have their own property
 * (Target and every *ComputerName come from `class` or `computer-name`,
 * RunAs from `run-as` / `alert-run-as`, ParentMonitorID from
 * `parent`, *LogName from `log`, ...); a Reference is the pack's
 * `reference` of that alias, or the pack itself for the libraries scomc
 * adds.
 */
#include "alertrefs.h"

#include "mpread.h"
#include "refcheck.h"
#include "refpacks.h"

struct locator {
	struct model *m;
	xmlNodePtr pack; /* model root */
};

static bool is_item(xmlNodePtr n) { return model_is(n, "Rule") || model_is(n, "UnitMonitor"); }

/* Where n came from: emitted nodes carry the location of their model node,
 * nodes merged from a fragment one in the fragment (fragment.c). */
static const struct loc *origin(xmlNodePtr n) { return n ? n->_private : NULL; }

static bool emitted(struct locator *l, xmlNodePtr n)
{
	return origin(n) && origin(n)->src == l->m->src;
}

/* The model alert or monitor that item (an emitted Rule or UnitMonitor)
 * was built from: the one at the same position among the emitted ones of
 * its kind. */
static xmlNodePtr source_of(struct locator *l, xmlNodePtr item)
{
	const char *kind = (const char *)item->name;
	const char *from = model_is(item, "Rule") ? "alert" : "monitor";
	xmlNodePtr src = model_child(l->pack, from);
	for (xmlNodePtr r = model_child(item->parent, kind); r && src; r = model_next(r, kind)) {
		if (r == item)
			return src;
		if (emitted(l, r))
			src = model_next(src, from);
	}
	return NULL;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && !strcmp(s + n - t, tail);
}

/* The property of an alert or monitor an MP element (or attribute) comes from. */
static const char *prop_of(xmlNodePtr n, const char *attr)
{
	static const char *const tab[][2] = {
		{ "ComputerName", "computer-name" }, /* else class */
		{ "LogName", "log" },
		{ "Severity", "severity" },
		{ "Priority", "priority" },
		{ "Expression", "event" },
		{ "Suppression", "suppress" },
	};
	if (attr && !strcmp(attr, "RunAs"))
		return model_is(n, "WriteAction") ? "alert-run-as" : "run-as";
	if (is_item(n))
		return !attr ? NULL : !strcmp(attr, "Target")    ? "class"
			      : !strcmp(attr, "ParentMonitorID") ? "parent"
								 : NULL;
	for (xmlNodePtr p = n; p && p->type == XML_ELEMENT_NODE && !is_item(p); p = p->parent)
		for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
			if (ends_with((const char *)p->name, tab[i][0]))
				return tab[i][1];
	return NULL;
}

static struct loc at_reference(struct locator *l, xmlNodePtr ref)
{
	const char *alias = model_attr(ref, "Alias");
	for (xmlNodePtr r = model_child(l->pack, "reference"); r; r = model_next(r, "reference"))
		if (alias && model_attr(r, "alias") && !strcmp(alias, model_attr(r, "alias")))
			return model_loc(l->m, r);
	return model_loc(l->m, l->pack);
}

static struct loc at_model(void *ctx, xmlNodePtr n, const char *attr)
{
	struct locator *l = ctx;
	for (xmlNodePtr p = n; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (origin(p) && !emitted(l, p))
			return *origin(p); /* from a fragment: its own line */
	xmlNodePtr item = NULL;
	for (xmlNodePtr p = n; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (model_is(p, "Reference"))
			return at_reference(l, p);
		if (is_item(p))
			item = p;
	}
	xmlNodePtr alert = item ? source_of(l, item) : NULL;
	if (!alert)
		return model_loc(l->m, l->pack);
	const char *prop = prop_of(n, attr);
	xmlNodePtr p = prop ? model_prop(alert, prop) : NULL;
	if (!p && prop && !strcmp(prop, "computer-name"))
		p = model_prop(alert, "class"); /* the derived computer name */
	return model_loc(l->m, p ? p : alert);
}

int alertrefs_check_doc(struct model *m, xmlDocPtr doc, struct refpacks *r, struct diag_sink *sink)
{
	unsigned before = sink->errors;
	struct mp_file mp = { 0 };
	mp.doc = doc;
	mp.root = xmlDocGetRootElement(mp.doc);
	mp_index(&mp);
	struct locator l = { .m = m, .pack = xmlDocGetRootElement(m->doc) };
	struct refcheck rc;
	refcheck_init(&rc, r, &mp, sink, at_model, &l);
	refcheck_run(&rc);
	refcheck_release(&rc);
	mp.doc = NULL; /* the caller's */
	mp_release(&mp);
	return (int)(sink->errors - before);
}

int alertrefs_check(struct model *m, enum emit_target target, struct refpacks *r,
		    struct diag_sink *sink)
{
	xmlDocPtr doc = emit_mp(m, target);
	int errors = alertrefs_check_doc(m, doc, r, sink);
	xmlFreeDoc(doc);
	return errors;
}
