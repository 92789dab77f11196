/*
 * check_overlap.c - alerts and alerting monitors that match one event.
 *
 * Every event ID item (an ID or a range) becomes an interval; sorted by
 * their start, a sweep meets each pair of overlapping intervals once, and
 * only those pairs are compared further (log, source, filter). So a pack of
 * 10,000 alerts on distinct IDs costs a sort.
 */
#include "check_overlap.h"

#include <ctype.h>
#include <strings.h>

#include <libxml/xmlsave.h>

#include "strbuf.h"

struct span {
	long from, to;
	xmlNodePtr item, at; /* the alert or monitor; its id or range */
	size_t order;        /* of the item in the pack */
};

static int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The IDs of ev as spans of item; malformed ones are left out. */
static void add_spans(struct span **v, size_t *n, size_t *cap, xmlNodePtr item, size_t order)
{
	for (xmlNodePtr e = model_child(model_child(item, "event"), NULL); e; e = model_next(e, NULL)) {
		bool range = model_is(e, "range");
		const char *a = range ? model_attr(e, "from") : model_text(e);
		const char *b = range ? model_attr(e, "to") : a;
		if (!a || !b || !isdigit((unsigned char)*a) || !isdigit((unsigned char)*b))
			continue;
		long from = strtol(a, NULL, 10), to = strtol(b, NULL, 10);
		if (from > to || to > 65535)
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 256;
			*v = xrealloc(*v, *cap * sizeof(**v));
		}
		(*v)[(*n)++] = (struct span){ from, to, item, e, order };
	}
}

/* Case-insensitive glob match of * and ? (event source names ignore case). */
static bool glob(const char *p, const char *s)
{
	const char *star = NULL, *mark = NULL;
	while (*s) {
		if (*p == '*') {
			star = p++;
			mark = s;
		} else if (*p == '?' || tolower((unsigned char)*p) == tolower((unsigned char)*s)) {
			p++;
			s++;
		} else if (star) {
			p = star + 1;
			s = ++mark;
		} else {
			return false;
		}
	}
	while (*p == '*')
		p++;
	return !*p;
}

static bool contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return n == 0;
}

static bool is_glob(const char *s) { return strpbrk(s, "*?") != NULL; }

/* Whether one event source could pass both source tests (a name, a
 * wildcard, "contains"); never for "matches", which is not judged. */
static bool sources_overlap(xmlNodePtr x, xmlNodePtr y)
{
	const char *a = model_text(x), *b = model_text(y);
	const char *ma = model_attr(x, "match"), *mb = model_attr(y, "match");
	if ((ma && !strcmp(ma, "matches")) || (mb && !strcmp(mb, "matches")))
		return false;
	if (ma && mb) /* contains, contains */
		return contains_ci(a, b) || contains_ci(b, a);
	if (ma || mb) { /* contains and a name (not a wildcard) */
		const char *sub = ma ? a : b, *name = ma ? b : a;
		return !is_glob(name) && contains_ci(name, sub);
	}
	return glob(a, b) || glob(b, a);
}

/* The serialized filter, or "" when there is none. Caller frees. */
static char *filter_text(xmlNodePtr item)
{
	xmlNodePtr f = model_child(item, "filter");
	if (!f)
		return xstrdup("");
	xmlBufferPtr buf = xmlBufferCreate();
	if (!buf)
		BUG("xmlBufferCreate failed");
	xmlNodeDump(buf, f->doc, f, 0, 0);
	char *s = xstrdup((const char *)xmlBufferContent(buf));
	xmlBufferFree(buf);
	return s;
}

static bool raises_alerts(xmlNodePtr item)
{
	return model_is(item, "alert") || model_child(item, "alert-settings");
}

static bool same_event(xmlNodePtr a, xmlNodePtr b)
{
	xmlNodePtr la = model_prop(a, "log"), lb = model_prop(b, "log");
	const char *x = la ? model_text(la) : "Application", *y = lb ? model_text(lb) : "Application";
	xmlNodePtr sa = model_prop(a, "source"), sb = model_prop(b, "source");
	if (strcasecmp(x, y) != 0 || !sa || !sb || !sources_overlap(sa, sb))
		return false;
	char *fa = filter_text(a), *fb = filter_text(b);
	bool same = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}

static void warn(struct model *m, struct diag_sink *sink, const struct span *first,
		 const struct span *second)
{
	long id = MAX(first->from, second->from);
	xmlNodePtr src = model_prop(second->item, "source");
	diag_warning(sink, model_loc(m, second->at), "W307",
		     "%s '%s' and %s '%s' both match event %ld from '%s'",
		     (const char *)first->item->name, model_attr(first->item, "name"),
		     (const char *)second->item->name, model_attr(second->item, "name"), id,
		     model_text(src));
	diag_hint(sink, "SCOM raises an alert for each of them: give the event to one, "
			"or tell them apart with a filter");
	diag_note(sink, model_loc(m, first->at), "'%s' matches it here",
		  model_attr(first->item, "name"));
}

void check_overlaps(struct model *m, struct diag_sink *sink)
{
	xmlNodePtr pack = xmlDocGetRootElement(m->doc);
	struct span *v = NULL;
	size_t n = 0, cap = 0, order = 0;
	for (xmlNodePtr a = model_first_item(pack); a; a = model_next_item(a), order++)
		if (raises_alerts(a))
			add_spans(&v, &n, &cap, a, order);
	if (n)
		qsort(v, n, sizeof(*v), by_start);
	bool *warned = xcalloc(order + 1, sizeof(*warned));
	/* v[lo..i) are the spans still open at v[i].from */
	for (size_t i = 0, lo = 0; i < n && !diag_full(sink); i++) {
		while (lo < i && v[lo].to < v[i].from)
			lo++;
		for (size_t j = lo; j < i; j++) {
			const struct span *x = &v[j], *y = &v[i];
			if (x->to < y->from || x->item == y->item)
				continue;
			const struct span *first = x->order < y->order ? x : y;
			const struct span *second = first == x ? y : x;
			if (warned[second->order] || !same_event(first->item, second->item))
				continue;
			warned[second->order] = true;
			warn(m, sink, first, second);
		}
	}
	free(warned);
	free(v);
}
