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
	strbuf_init(&ix->alerts);
	search_text_init(&ix->text);
}

void index_release(struct site_index *ix)
{
	if (!ix)
		return;
	json_decref(ix->packs);
	ix->packs = NULL;
	strbuf_release(&ix->alerts);
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

static void add_alert(struct site_index *ix, xmlNodePtr pack, xmlNodePtr a)
{
	const char *id = model_attr(pack, "id"), *name = model_attr(a, "name");
	struct strbuf href = STRBUF_INIT;
	strbuf_addf(&href, "%s/%s.html", id, name);
	char *events = index_events_text(a);
	json_t *o = json_object();
	set_str(o, "pack", id);
	set_str(o, "packName", model_text(model_child(pack, "name")));
	set_str(o, "name", name);
	set_str(o, "href", href.buf);
	set_str(o, "events", events);
	set_str(o, "source", model_text(model_child(a, "source")));
	/* a monitor: its health state, as its index row shows it */
	set_str(o, "type", model_text(model_child(a, model_is(a, "monitor") ? "state" : "type")));
	set_str(o, "title", model_text(model_child(a, "title")));
	set_str(o, "path", model_text(model_child(a, "path")));
	char *text = json_dumps(o, JSON_COMPACT);
	if (!text)
		BUG("json_dumps failed");
	if (ix->alerts.len)
		strbuf_addc(&ix->alerts, ',');
	strbuf_adds(&ix->alerts, text);
	free(text);
	json_decref(o);
	free(events);
	strbuf_release(&href);
}

int index_add_pack(struct site_index *ix, struct model *m, const char *prefix, struct out *o,
		   struct diag_sink *sink)
{
	xmlNodePtr pack = xmlDocGetRootElement(m->doc);
	size_t n = 0;
	for (xmlNodePtr a = model_first_item(pack); a; a = model_next_item(a), n++)
		add_alert(ix, pack, a);
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

/* The alerts as a Jansson array again, for the final, sorted output. */
static json_t *alert_array(struct site_index *ix)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addc(&sb, '[');
	strbuf_add(&sb, ix->alerts.buf, ix->alerts.len);
	strbuf_addc(&sb, ']');
	json_error_t err;
	json_t *a = json_loadb(sb.buf, sb.len, 0, &err);
	if (!a)
		BUG("index: cannot read back the alerts: %s", err.text);
	strbuf_release(&sb);
	return a;
}

int index_write(struct site_index *ix, const char *prefix, struct out *o,
		struct diag_sink *sink)
{
	json_t *all = alert_array(ix);
	json_t *root = json_pack("{s:O,s:O}", "packs", ix->packs, "alerts", all);
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(root);
	if (!text)
		BUG("json_dumps failed");
	json_decref(all);
	struct strbuf json = STRBUF_INIT, js = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&json, "%s\n", text);
	free(text);
	/* search.js is read by the browser only: the compact text as kept. */
	strbuf_adds(&js, "window.SCOMC_SEARCH = [");
	strbuf_add(&js, ix->alerts.buf, ix->alerts.len);
	strbuf_adds(&js, "];\n");
	strbuf_addf(&path, "%ssearch.json", prefix);
	int rc = out_write(o, path.buf, json.buf, json.len, sink);
	strbuf_reset(&path);
	strbuf_addf(&path, "%ssearch.js", prefix);
	if (rc == 0)
		rc = out_write(o, path.buf, js.buf, js.len, sink);
	if (rc == 0)
		rc = search_text_finish(&ix->text, prefix, o, sink);
	strbuf_release(&json);
	strbuf_release(&js);
	strbuf_release(&path);
	return rc;
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
