/*
 * index_json.c - search.json / search.js with Jansson, and the site summary.
 */
#include "index_json.h"

#include "strbuf.h"

void index_init(struct site_index *ix)
{
	ix->packs = json_array();
	if (!ix->packs)
		BUG("json_array failed");
	ix->json = ix->js = NULL;
	ix->nalerts = 0;
	search_text_init(&ix->text);
}

void index_release(struct site_index *ix)
{
	if (!ix)
		return;
	json_decref(ix->packs);
	ix->packs = NULL;
	if (ix->json)
		out_stream_close(ix->json, false);
	if (ix->js)
		out_stream_close(ix->js, false);
	ix->json = ix->js = NULL;
	search_text_release(&ix->text);
}

char *index_events_text(xmlNodePtr alert)
{
	struct strbuf sb = STRBUF_INIT;
	xmlNodePtr ev = model_child(alert, "event");
	for (xmlNodePtr e = model_child(ev, NULL); e; e = model_next(e, NULL)) {
		if (sb.len)
			strbuf_adds(&sb, ", ");
		if (strcmp((const char *)e->name, "range") == 0)
			strbuf_addf(&sb, "%s\xE2\x80\x93%s", model_attr(e, "from"), model_attr(e, "to"));
		else
			strbuf_adds(&sb, model_text(e));
	}
	return strbuf_detach(&sb, NULL);
}

static void set_str(json_t *o, const char *key, const char *value)
{
	if (json_object_set_new(o, key, json_string(value ? value : "")) != 0)
		BUG("json_object_set_new failed for '%s'", key);
}

/* text with every line after the first indented by `by` spaces, after
 * `first` spaces for the first: a value dumped on its own, placed at a
 * depth of the whole document as json_dumps(JSON_INDENT(2)) would. */
static void add_indented(struct strbuf *sb, const char *text, int first, int by)
{
	strbuf_addf(sb, "%*s", first, "");
	for (const char *nl; (nl = strchr(text, '\n')); text = nl + 1) {
		strbuf_add(sb, text, (size_t)(nl + 1 - text));
		strbuf_addf(sb, "%*s", by, "");
	}
	strbuf_adds(sb, text);
}

static char *dump(json_t *v, size_t flags)
{
	char *text = json_dumps(v, flags);
	if (!text)
		BUG("json_dumps failed");
	return text;
}

/* s as a JSON string, as Jansson writes it (dump.c): '"', '\\' and the
 * control characters escaped, everything else (UTF-8, '/') as is. */
static void add_string(struct strbuf *sb, const char *s)
{
	if (!s)
		s = "";
	strbuf_addc(sb, '"');
	for (;;) {
		const char *run = s; /* a run to copy as is: one call for it */
		while ((unsigned char)*s >= 0x20 && *s != '"' && *s != '\\')
			s++;
		strbuf_add(sb, run, (size_t)(s - run));
		unsigned char c = (unsigned char)*s;
		if (c == 0)
			break;
		char e = c == '"' ? '"' : c == '\\' ? '\\'
				  : c == '\b'       ? 'b'
				  : c == '\f'       ? 'f'
				  : c == '\n'       ? 'n'
				  : c == '\r'       ? 'r'
				  : c == '\t'       ? 't'
						    : 0;
		if (e)
			strbuf_addf(sb, "\\%c", e);
		else
			strbuf_addf(sb, "\\u%04X", c);
		s++;
	}
	strbuf_addc(sb, '"');
}

enum { NFIELDS = 9 };

/* An alert's entry: keys in the order search.js has them. */
struct entry {
	const char *key[NFIELDS], *value[NFIELDS];
};

/* The entry as compact JSON, keys in order (json_dumps(JSON_COMPACT)). */
static void add_compact(struct strbuf *sb, const struct entry *e)
{
	for (size_t i = 0; i < NFIELDS; i++) {
		strbuf_addc(sb, i ? ',' : '{');
		add_string(sb, e->key[i]);
		strbuf_addc(sb, ':');
		add_string(sb, e->value[i]);
	}
	strbuf_addc(sb, '}');
}

static int by_key(const void *a, const void *b)
{
	return strcmp(**(const char *const *const *)a, **(const char *const *const *)b);
}

/* The entry as one element of search.json's "alerts": sorted keys, at
 * the indentation json_dumps(JSON_INDENT(2) | JSON_SORT_KEYS) gives it
 * there. */
static void add_pretty(struct strbuf *sb, const struct entry *e)
{
	const char *const *order[NFIELDS];
	for (size_t i = 0; i < NFIELDS; i++)
		order[i] = &e->key[i];
	qsort(order, NFIELDS, sizeof(*order), by_key);
	strbuf_adds(sb, "    {");
	for (size_t i = 0; i < NFIELDS; i++) {
		strbuf_adds(sb, i ? ",\n      " : "\n      ");
		add_string(sb, *order[i]);
		strbuf_adds(sb, ": ");
		add_string(sb, e->value[order[i] - e->key]);
	}
	strbuf_adds(sb, "\n    }");
}

/* The alert's entry, appended to search.js (compact) and search.json (as
 * one element of "alerts", sorted keys, at its indentation). Written
 * directly rather than built and dumped with Jansson: same bytes, a
 * quarter of the cost. */
static int add_alert(struct site_index *ix, xmlNodePtr pack, xmlNodePtr a, struct strbuf *sb)
{
	const char *id = model_attr(pack, "id"), *name = model_attr(a, "name");
	struct strbuf href = STRBUF_INIT;
	strbuf_addf(&href, "%s/%s.html", id, name);
	char *events = index_events_text(a);
	/* a monitor: its health state, as its index row shows it */
	const char *type = model_text(model_child(a, model_is(a, "monitor") ? "state" : "type"));
	const struct entry e = {
		{ "pack", "packName", "name", "href", "events", "source", "type", "title", "path" },
		{ id, model_text(model_child(pack, "name")), name, href.buf, events,
		  model_text(model_child(a, "source")), type, model_text(model_child(a, "title")),
		  model_text(model_child(a, "path")) },
	};
	strbuf_reset(sb);
	strbuf_adds(sb, ix->nalerts ? "," : "");
	add_compact(sb, &e);
	int rc = out_stream_add(ix->js, sb->buf, sb->len);
	strbuf_reset(sb);
	strbuf_adds(sb, ix->nalerts ? ",\n" : "\n");
	add_pretty(sb, &e);
	if (rc == 0)
		rc = out_stream_add(ix->json, sb->buf, sb->len);
	ix->nalerts++;
	free(events);
	strbuf_release(&href);
	return rc;
}

/* search.json and search.js are written as streams, alert by alert, so
 * that nothing of them grows with the site (issue 16; a kept copy of 50 000
 * alerts was 20 MB). */
static struct out_stream *open_stream(const char *prefix, const char *name, const char *head,
				      struct out *o, struct diag_sink *sink)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s%s", prefix, name);
	struct out_stream *s = out_stream_open(o, path.buf, sink);
	strbuf_release(&path);
	if (s && out_stream_add(s, head, strlen(head)) != 0) {
		out_stream_close(s, false);
		s = NULL;
	}
	return s;
}

static int open_streams(struct site_index *ix, const char *prefix, struct out *o,
			struct diag_sink *sink)
{
	if (!ix->json)
		ix->json = open_stream(prefix, "search.json", "{\n  \"alerts\": [", o, sink);
	if (ix->json && !ix->js)
		ix->js = open_stream(prefix, "search.js", "window.SCOMC_SEARCH = [", o, sink);
	return ix->json && ix->js ? 0 : -1;
}

int index_add_pack(struct site_index *ix, struct model *m, const char *prefix, struct out *o,
		   struct diag_sink *sink)
{
	xmlNodePtr pack = xmlDocGetRootElement(m->doc);
	if (open_streams(ix, prefix, o, sink) != 0)
		return -1;
	size_t n = 0;
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;
	for (xmlNodePtr a = model_first_item(pack); a && rc == 0; a = model_next_item(a), n++)
		rc = add_alert(ix, pack, a, &sb);
	strbuf_release(&sb);
	if (rc != 0)
		return -1;
	const char *target = model_attr(pack, "target");
	json_t *p = json_object();
	set_str(p, "id", model_attr(pack, "id"));
	set_str(p, "name", model_text(model_child(pack, "name")));
	set_str(p, "version", model_attr(pack, "version"));
	set_str(p, "target", target ? target : "2007r2");
	set_str(p, "description", model_text(model_child(pack, "description")));
	json_object_set_new(p, "alerts", json_integer((json_int_t)n));
	json_array_append_new(ix->packs, p);
	return search_text_add_pack(&ix->text, m, prefix, o, sink);
}

/* Closes both streams: the end of the alerts, then (search.json) the
 * packs, as json_dumps(JSON_INDENT(2) | JSON_SORT_KEYS) writes the whole. */
int index_write(struct site_index *ix, const char *prefix, struct out *o,
		struct diag_sink *sink)
{
	if (open_streams(ix, prefix, o, sink) != 0)
		return -1;
	struct strbuf sb = STRBUF_INIT;
	char *packs = dump(ix->packs, JSON_INDENT(2) | JSON_SORT_KEYS);
	strbuf_adds(&sb, ix->nalerts ? "\n  ],\n  \"packs\": " : "],\n  \"packs\": ");
	add_indented(&sb, packs, 0, 2);
	strbuf_adds(&sb, "\n}\n");
	free(packs);
	int rc = out_stream_add(ix->json, sb.buf, sb.len);
	rc |= out_stream_close(ix->json, rc == 0);
	ix->json = NULL;
	rc |= out_stream_add(ix->js, "];\n", 3);
	rc |= out_stream_close(ix->js, rc == 0);
	ix->js = NULL;
	strbuf_release(&sb);
	if (rc == 0)
		rc = search_text_finish(&ix->text, prefix, o, sink);
	return rc ? -1 : 0;
}

static int by_id(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "id"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "id"));
	return strcmp(x, y);
}

xmlDocPtr index_site_doc(struct site_index *ix)
{
	size_t n = json_array_size(ix->packs);
	json_t **v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(ix->packs, i);
	qsort(v, n, sizeof(*v), by_id);
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr site = xmlNewDocNode(doc, NULL, BAD_CAST "site", NULL);
	xmlDocSetRootElement(doc, site);
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr p = xmlNewChild(site, NULL, BAD_CAST "pack", NULL);
		const char *id = json_string_value(json_object_get(v[i], "id"));
		static const char *const keys[] = { "id", "name", "version", "target" };
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++)
			xmlNewProp(p, BAD_CAST keys[k],
				   BAD_CAST json_string_value(json_object_get(v[i], keys[k])));
		char num[32];
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(json_object_get(v[i], "alerts")));
		xmlNewProp(p, BAD_CAST "alerts", BAD_CAST num);
		struct strbuf href = STRBUF_INIT;
		strbuf_addf(&href, "%s/index.html", id);
		xmlNewProp(p, BAD_CAST "href", BAD_CAST href.buf);
		strbuf_release(&href);
		xmlNewTextChild(p, NULL, BAD_CAST "description",
				BAD_CAST json_string_value(json_object_get(v[i], "description")));
	}
	free(v);
	return doc;
}
