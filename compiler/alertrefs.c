/*
 * alertrefs.c - reference-pack checks of a compiled pack (alertrefs.h).
 *
 * The MP is built with emit_mp() and indexed like a pack read from disk
 * (mp_index()), so refcheck.c sees exactly what would be written. Its
 * locator maps an element of that MP back to the model: the i-th Rule is
 * the i-th alert; within it a few elements have their own property (the
 * Target and the ComputerName come from `class`, LogName from `log`, ...);
 * a Reference is the pack's `reference` of that alias, or the pack itself
 * for the libraries scomc adds.
 */
#include "alertrefs.h"

#include "mpread.h"
#include "refcheck.h"
#include "refpacks.h"

struct locator {
	struct model *m;
	xmlNodePtr pack;          /* model root */
	xmlNodePtr *alerts;       /* the model's alerts, in order */
	size_t nalerts;
	xmlNodePtr rules;         /* Monitoring/Rules of the MP */
};

/* The alert that rule (a child of Rules) was built from. */
static xmlNodePtr alert_of(struct locator *l, xmlNodePtr rule)
{
	size_t i = 0;
	for (xmlNodePtr r = model_child(l->rules, "Rule"); r; r = model_next(r, "Rule"), i++)
		if (r == rule)
			return i < l->nalerts ? l->alerts[i] : NULL;
	return NULL;
}

/* The property of an alert an MP element (or attribute) comes from. */
static const char *prop_of(xmlNodePtr n, const char *attr)
{
	static const char *const tab[][2] = {
		{ "ComputerName", "class" }, { "LogName", "log" }, { "Severity", "severity" },
		{ "Priority", "priority" }, { "Expression", "event" }, { "Suppression", "suppress" },
	};
	if (model_is(n, "Rule"))
		return attr && !strcmp(attr, "Target") ? "class" : NULL;
	for (xmlNodePtr p = n; p && p->type == XML_ELEMENT_NODE && !model_is(p, "Rule"); p = p->parent)
		for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
			if (model_is(p, tab[i][0]))
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
	xmlNodePtr rule = NULL;
	for (xmlNodePtr p = n; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (model_is(p, "Reference"))
			return at_reference(l, p);
		if (model_is(p, "Rule"))
			rule = p;
	}
	xmlNodePtr alert = rule ? alert_of(l, rule) : NULL;
	if (!alert)
		return model_loc(l->m, l->pack);
	const char *prop = prop_of(n, attr);
	xmlNodePtr p = prop ? model_prop(alert, prop) : NULL;
	return model_loc(l->m, p ? p : alert);
}

int alertrefs_check(struct model *m, enum emit_target target, struct refpacks *r,
		    struct diag_sink *sink)
{
	unsigned before = sink->errors;
	struct mp_file mp = { 0 };
	mp.doc = emit_mp(m, target);
	mp.root = xmlDocGetRootElement(mp.doc);
	mp_index(&mp);
	struct locator l = { .m = m, .pack = xmlDocGetRootElement(m->doc) };
	l.rules = mp_path(mp.root, "Monitoring/Rules");
	for (xmlNodePtr a = model_child(l.pack, "alert"); a; a = model_next(a, "alert")) {
		l.alerts = xrealloc(l.alerts, (l.nalerts + 1) * sizeof(*l.alerts));
		l.alerts[l.nalerts++] = a;
	}
	struct refcheck rc;
	refcheck_init(&rc, r, &mp, sink, at_model, &l);
	refcheck_run(&rc);
	refcheck_release(&rc);
	free(l.alerts);
	mp_release(&mp);
	return (int)(sink->errors - before);
}
