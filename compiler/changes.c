/*
 * changes.c - the previous version of a pack (--baseline) and what changed
 * since (see changes.h).
 */
#include "changes.h"

#include <strings.h>

#include "front.h"
#include "index_json.h"
#include "search_text.h"
#include "strbuf.h"

int baseline_load(struct baseline *b, const char *path, size_t limit, struct xsd_cache *xsd,
		  struct diag_sink *sink)
{
	memset(b, 0, sizeof(*b));
	arena_init(&b->arena);
	struct strbuf err = STRBUF_INIT;
	enum source_status st = source_load(&b->src, path, limit, &err);
	int rc = -1;
	if (st == SOURCE_IO)
		diag_env_file_error(sink, path, "E501", "%s", err.buf);
	else if (st == SOURCE_TOO_BIG)
		diag_file_error(sink, &b->src, "E101", "input larger than %zu bytes", limit);
	else {
		b->m = (struct model){ .src = &b->src, .arena = &b->arena };
		rc = front_load(&b->m, xsd, sink, NULL);
	}
	strbuf_release(&err);
	if (rc != 0)
		model_release(&b->m);
	return rc;
}

void baseline_release(struct baseline *b)
{
	if (!b)
		return;
	model_release(&b->m);
	arena_release(&b->arena);
	source_release(&b->src);
}

static const char *pack_id(struct model *m)
{
	return model_attr(xmlDocGetRootElement(m->doc), "id");
}

struct model *baseline_for(struct baseline *b, struct model *m)
{
	if (!b || !b->m.doc || strcasecmp(pack_id(&b->m), pack_id(m)) != 0)
		return NULL;
	b->used = true;
	return &b->m;
}

void baseline_check_used(struct baseline *b, struct diag_sink *sink)
{
	if (!b->m.doc || b->used)
		return;
	xmlNodePtr root = xmlDocGetRootElement(b->m.doc);
	diag_error(sink, model_loc(&b->m, root), "E520",
		   "baseline pack '%s' is not one of the packs being compiled", pack_id(&b->m));
	diag_hint(sink, "--baseline takes the previous version of one of the input packs");
}

char *changes_page_name(struct model *m)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "version-%s.html", model_attr(xmlDocGetRootElement(m->doc), "version"));
	return strbuf_detach(&sb, NULL);
}

/* ---- comparing ---- */

/* Versions "a.b.c.d" compared part by part, as numbers (the schema allows
 * nothing else in a version). */
static int version_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		char *ea, *eb;
		unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
		if (x != y)
			return x < y ? -1 : 1;
		a = ea + (*ea == '.');
		b = eb + (*eb == '.');
		if (a == ea && *a)
			return strcmp(a, b); /* not a number: compare the rest as text */
	}
	return 0;
}

/* An alert's property as plain text ("" when it has none). */
static char *prop_text(xmlNodePtr a, const char *name)
{
	if (strcmp(name, "events") == 0)
		return index_events_text(a);
	struct strbuf sb = STRBUF_INIT;
	if (strcmp(name, "enabled") == 0)
		strbuf_adds(&sb, model_attr(a, "enabled") && !strcmp(model_attr(a, "enabled"), "false")
					 ? "disabled"
					 : "enabled");
	else {
		xmlNodePtr n = model_child(a, name);
		if (n)
			search_text_of(n, &sb);
	}
	return strbuf_detach(&sb, NULL);
}

/* The facts compared, in the order the page lists them. */
static const char *const facts[] = {
	"title",
	"events",
	"source",
	"log",
	"type",
	"priority",
	"path",
	"rule",
	"description",
	"product",
	"product-version",
	"enabled",
};

static bool add_fact_changes(xmlNodePtr parent, xmlNodePtr old, xmlNodePtr a)
{
	bool any = false;
	for (size_t i = 0; i < ARRAY_SIZE(facts); i++) {
		char *x = prop_text(old, facts[i]), *y = prop_text(a, facts[i]);
		if (strcmp(x, y) != 0) {
			xmlNodePtr c = xmlNewChild(parent, NULL, BAD_CAST "change", NULL);
			xmlNewProp(c, BAD_CAST "what", BAD_CAST facts[i]);
			xmlNewProp(c, BAD_CAST "from", BAD_CAST x);
			xmlNewProp(c, BAD_CAST "to", BAD_CAST y);
			any = true;
		}
		free(x);
		free(y);
	}
	return any;
}

static const char *title_of(xmlNodePtr section)
{
	const char *t = model_attr(section, "title");
	return t ? t : "";
}

/* The article's text by section title, for comparing. */
static xmlNodePtr section_named(xmlNodePtr alert, const char *title)
{
	xmlNodePtr k = model_child(alert, "knowledge");
	for (xmlNodePtr s = model_child(k, "section"); s; s = model_next(s, "section"))
		if (strcmp(title_of(s), title) == 0)
			return s;
	return NULL;
}

static bool same_text(xmlNodePtr x, xmlNodePtr y)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	if (x)
		search_text_of(x, &a);
	if (y)
		search_text_of(y, &b);
	bool same = strcmp(strbuf_str(&a), strbuf_str(&b)) == 0;
	strbuf_release(&a);
	strbuf_release(&b);
	return same;
}

static void add_name(struct strbuf *names, const char *title)
{
	strbuf_addf(names, "%s%s", names->len ? ", " : "", *title ? title : "(untitled)");
}

/* The parts of the article that are new or changed ("Introduction, User
 * Action"), and the sections that are gone. */
static bool add_article_change(xmlNodePtr parent, xmlNodePtr old, xmlNodePtr a)
{
	struct strbuf changed = STRBUF_INIT, gone = STRBUF_INIT;
	if (!same_text(model_child(old, "intro"), model_child(a, "intro")))
		add_name(&changed, "Introduction");
	xmlNodePtr k = model_child(a, "knowledge");
	for (xmlNodePtr s = model_child(k, "section"); s; s = model_next(s, "section")) {
		xmlNodePtr o = section_named(old, title_of(s));
		if (!o || !same_text(s, o))
			add_name(&changed, title_of(s));
	}
	k = model_child(old, "knowledge");
	for (xmlNodePtr o = model_child(k, "section"); o; o = model_next(o, "section"))
		if (!section_named(a, title_of(o)))
			add_name(&gone, title_of(o));
	bool any = changed.len || gone.len;
	if (any) {
		xmlNodePtr c = xmlNewChild(parent, NULL, BAD_CAST "change", NULL);
		xmlNewProp(c, BAD_CAST "what", BAD_CAST "article");
		xmlNewProp(c, BAD_CAST "sections", BAD_CAST strbuf_str(&changed));
		xmlNewProp(c, BAD_CAST "removed", BAD_CAST strbuf_str(&gone));
	}
	strbuf_release(&changed);
	strbuf_release(&gone);
	return any;
}

/* The items of a pack sorted by name (ignoring case), for lookups in
 * O(log n): packs of 50 000 alerts are compared too. */
struct by_name {
	xmlNodePtr *v;
	size_t n;
};

static int cmp_name(const void *x, const void *y)
{
	return strcasecmp(model_attr(*(const xmlNodePtr *)x, "name"),
			  model_attr(*(const xmlNodePtr *)y, "name"));
}

static void by_name_init(struct by_name *ix, xmlNodePtr pack)
{
	ix->n = 0;
	for (xmlNodePtr a = model_first_item(pack); a; a = model_next_item(a))
		ix->n++;
	ix->v = xcalloc(ix->n ? ix->n : 1, sizeof(*ix->v));
	size_t i = 0;
	for (xmlNodePtr a = model_first_item(pack); a; a = model_next_item(a))
		ix->v[i++] = a;
	qsort(ix->v, ix->n, sizeof(*ix->v), cmp_name);
}

static xmlNodePtr find_alert(const struct by_name *ix, const char *name)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcasecmp(name, model_attr(ix->v[mid], "name"));
		if (c == 0)
			return ix->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static xmlNodePtr alert_entry(xmlNodePtr parent, const char *kind, xmlNodePtr a)
{
	xmlNodePtr e = xmlNewChild(parent, NULL, BAD_CAST kind, NULL);
	char *title = prop_text(a, "title"), *events = prop_text(a, "events");
	xmlNewProp(e, BAD_CAST "name", BAD_CAST model_attr(a, "name"));
	xmlNewProp(e, BAD_CAST "title", BAD_CAST title);
	xmlNewProp(e, BAD_CAST "events", BAD_CAST events);
	free(title);
	free(events);
	return e;
}

static void warn_version(struct model *m, const char *ov, const char *nv, struct diag_sink *sink)
{
	if (version_cmp(ov, nv) < 0)
		return;
	xmlNodePtr np = xmlDocGetRootElement(m->doc);
	xmlAttrPtr va = xmlHasProp(np, BAD_CAST "version");
	diag_warning(sink, model_loc(m, va ? (xmlNodePtr)va : np), "W520",
		     "version %s is not higher than the baseline's version %s", nv, ov);
	diag_hint(sink, "raise the pack's version, or give the previous version as --baseline");
}

/* <changes> with the attributes that name the pack and both versions. */
static xmlDocPtr changes_root(struct model *m, const char *ov)
{
	xmlNodePtr np = xmlDocGetRootElement(m->doc);
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "changes", NULL);
	xmlDocSetRootElement(doc, root);
	char *href = changes_page_name(m);
	xmlNewProp(root, BAD_CAST "pack", BAD_CAST model_attr(np, "id"));
	xmlNewProp(root, BAD_CAST "name", BAD_CAST model_text(model_child(np, "name")));
	xmlNewProp(root, BAD_CAST "version", BAD_CAST model_attr(np, "version"));
	xmlNewProp(root, BAD_CAST "baseline", BAD_CAST ov);
	xmlNewProp(root, BAD_CAST "href", BAD_CAST href);
	free(href);
	return doc;
}

xmlDocPtr changes_doc(struct model *old, struct model *m, struct diag_sink *sink)
{
	xmlNodePtr op = xmlDocGetRootElement(old->doc), np = xmlDocGetRootElement(m->doc);
	const char *ov = model_attr(op, "version");
	warn_version(m, ov, model_attr(np, "version"), sink);
	xmlDocPtr doc = changes_root(m, ov);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	struct by_name olds, news;
	by_name_init(&olds, op);
	by_name_init(&news, np);
	for (xmlNodePtr a = model_first_item(np); a; a = model_next_item(a)) {
		xmlNodePtr o = find_alert(&olds, model_attr(a, "name"));
		if (!o) {
			alert_entry(root, "added", a);
			continue;
		}
		xmlNodePtr e = alert_entry(root, "changed", a);
		bool f = add_fact_changes(e, o, a);
		if (!add_article_change(e, o, a) && !f) {
			xmlUnlinkNode(e);
			xmlFreeNode(e);
		}
	}
	for (xmlNodePtr o = model_first_item(op); o; o = model_next_item(o))
		if (!find_alert(&news, model_attr(o, "name")))
			alert_entry(root, "removed", o);
	free(olds.v);
	free(news.v);
	return doc;
}
