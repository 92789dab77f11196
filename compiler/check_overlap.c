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
	size_t pos;          /* of the span in the pack: its ID or range's place */
	bool alerts;         /* the item raises alerts (W307 is about those) */
};

static int by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The IDs of ev as spans of item; malformed ones are left out. */
static void add_spans(struct span **v, size_t *n, size_t *cap, xmlNodePtr item, size_t order,
		      bool alerts)
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
		(*v)[*n] = (struct span){ from, to, item, e, order, *n, alerts };
		(*n)++;
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

/* The serialized filter f, or "" when there is none. Caller frees. */
static char *filter_text(xmlNodePtr f)
{
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

/* Whether one event could pass both tests: the same log (Application when
 * none is given), sources one event can have, and the same filter (or none). */
static bool one_event(xmlNodePtr log_a, xmlNodePtr src_a, xmlNodePtr filt_a, xmlNodePtr log_b,
		      xmlNodePtr src_b, xmlNodePtr filt_b)
{
	const char *x = log_a ? model_text(log_a) : "Application";
	const char *y = log_b ? model_text(log_b) : "Application";
	if (strcasecmp(x, y) != 0 || !src_a || !src_b || !sources_overlap(src_a, src_b))
		return false;
	char *fa = filter_text(filt_a), *fb = filter_text(filt_b);
	bool same = strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}

static bool same_event(xmlNodePtr a, xmlNodePtr b)
{
	return one_event(model_prop(a, "log"), model_prop(a, "source"), model_child(a, "filter"),
			 model_prop(b, "log"), model_prop(b, "source"), model_child(b, "filter"));
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

/* W308: one list names an event twice (`event 9317, 9317`, or an ID
 * inside a range of the same list); said at the later of the two. */
static void warn_twice(struct model *m, struct diag_sink *sink, const struct span *first,
		       const struct span *second)
{
	long lo = MAX(first->from, second->from), hi = MIN(first->to, second->to);
	char ids[32];
	if (lo == hi)
		snprintf(ids, sizeof(ids), "event %ld is", lo);
	else
		snprintf(ids, sizeof(ids), "events %ld-%ld are", lo, hi);
	diag_warning(sink, model_loc(m, second->at), "W308", "%s already in the list of %s '%s'", ids,
		     (const char *)second->item->name, model_attr(second->item, "name"));
	diag_hint(sink, "remove one of them");
	diag_note(sink, model_loc(m, first->at), "listed here first");
}

/* The overlapping pair x, y of the sweep: W308 within one item, W307
 * across two alert-raising ones; each span or item is warned about once. */
static void judge(struct model *m, struct diag_sink *sink, const struct span *x,
		  const struct span *y, bool *warned, bool *twice)
{
	if (x->item == y->item) {
		const struct span *first = x->pos < y->pos ? x : y;
		const struct span *second = first == x ? y : x;
		if (!twice[second->pos]) {
			twice[second->pos] = true;
			warn_twice(m, sink, first, second);
		}
		return;
	}
	if (!x->alerts || !y->alerts)
		return;
	const struct span *first = x->order < y->order ? x : y;
	const struct span *second = first == x ? y : x;
	if (warned[second->order] || !same_event(first->item, second->item))
		return;
	warned[second->order] = true;
	warn(m, sink, first, second);
}

/* A property of a monitor's reset event: its own, else the monitor's. */
static xmlNodePtr reset_prop(xmlNodePtr reset, xmlNodePtr mon, const char *name)
{
	xmlNodePtr p = model_child(reset, name);
	if (p || !strcmp(name, "filter"))
		return p ? p : model_child(mon, name);
	return model_prop(mon, name);
}

static bool reset_is_unhealthy_event(xmlNodePtr mon, xmlNodePtr reset)
{
	return one_event(model_prop(mon, "log"), model_prop(mon, "source"), model_child(mon, "filter"),
			 reset_prop(reset, mon, "log"), reset_prop(reset, mon, "source"),
			 reset_prop(reset, mon, "filter"));
}

/* W309: a monitor whose reset event is an event that makes it unhealthy
 * (same IDs, log, source and filter) flips on every such event. */
static void check_reset_event(struct model *m, struct diag_sink *sink, xmlNodePtr mon)
{
	xmlNodePtr reset = model_child(mon, "reset");
	const char *kind = model_attr(reset, "kind");
	if (!kind || strcmp(kind, "event") != 0 || !reset_is_unhealthy_event(mon, reset))
		return;
	struct span *v = NULL;
	size_t n = 0, cap = 0;
	add_spans(&v, &n, &cap, mon, 0, false);
	add_spans(&v, &n, &cap, reset, 1, false);
	if (n)
		qsort(v, n, sizeof(*v), by_start);
	/* open[k]: of the spans of the monitor (k 0) or reset (1) met so far,
	 * the one reaching furthest */
	const struct span *bad = NULL, *other = NULL, *open[2] = { NULL, NULL };
	for (size_t i = 0; i < n && !bad; i++) {
		const struct span *o = open[!v[i].order];
		if (o && o->to >= v[i].from) {
			bad = v[i].order ? &v[i] : o;
			other = v[i].order ? o : &v[i];
		}
		if (!open[v[i].order] || v[i].to > open[v[i].order]->to)
			open[v[i].order] = &v[i];
	}
	if (bad) {
		long id = MAX(bad->from, other->from);
		diag_warning(sink, model_loc(m, bad->at), "W309",
			     "event %ld both resets monitor '%s' and makes it unhealthy", id,
			     model_attr(mon, "name"));
		diag_hint(sink, "reset on another event, or give the reset its own source or filter");
		diag_note(sink, model_loc(m, other->at), "the unhealthy event");
	}
	free(v);
}

void check_overlaps(struct model *m, struct diag_sink *sink)
{
	xmlNodePtr pack = xmlDocGetRootElement(m->doc);
	struct span *v = NULL;
	size_t n = 0, cap = 0, order = 0;
	for (xmlNodePtr a = model_first_item(pack); a; a = model_next_item(a), order++) {
		add_spans(&v, &n, &cap, a, order, raises_alerts(a));
		if (model_is(a, "monitor"))
			check_reset_event(m, sink, a);
	}
	if (n)
		qsort(v, n, sizeof(*v), by_start);
	bool *warned = xcalloc(order + 1, sizeof(*warned));
	bool *twice = xcalloc(n + 1, sizeof(*twice));
	/* v[lo..i) are the spans still open at v[i].from */
	for (size_t i = 0, lo = 0; i < n && !diag_full(sink); i++) {
		while (lo < i && v[lo].to < v[i].from)
			lo++;
		for (size_t j = lo; j < i; j++)
			if (v[j].to >= v[i].from)
				judge(m, sink, &v[j], &v[i], warned, twice);
	}
	free(twice);
	free(warned);
	free(v);
}
