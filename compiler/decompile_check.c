/*
 * decompile_check.c - the decompiler's self-check: the written .alert
 * source is compiled again in memory, as the compiler would (front_load(),
 * then emit), and each decompiled rule, its alert message, display strings
 * and article are compared with the original as scomc diff does
 * (decompile_exact(), on the tree as built). A rule that does not compile
 * back exactly is then compared fact by fact, to say why: attributes with
 * their defaults, the filter (And/Or in any order), alert settings, the
 * rendered alert text, display strings and the knowledge article
 * (maml_canon_article()). Aliases may differ: values are compared with
 * "[pack id]!" in place of "Alias!". Every difference is a W611 warning;
 * nothing here writes output. --check (decompile_prove()) serializes what
 * is written, reads it back and diffs the whole pack.
 */
#include "decompile.h"

#include <ctype.h>
#include <strings.h>

#include "arena.h"
#include "diff.h"
#include "emit_xml.h"
#include "fragment.h"
#include "front.h"
#include "maml.h"
#include "model.h"
#include "mpread.h"
#include "source.h"
#include "xsd.h"

/* One pack seen for comparison: the original or the recompiled one. */
struct view {
	xmlNodePtr root;
	const struct mp_strings *strings; /* the pack's index (mp_index()) */
	const char **alias, **mpid;       /* Manifest references */
	size_t nrefs;
};

/* mp: the pack indexed (mp->root is root). */
static void view_init(struct view *v, struct mp_file *mp)
{
	xmlNodePtr root = mp->root;
	memset(v, 0, sizeof(*v));
	v->root = root;
	v->strings = mp->strings;
	for (xmlNodePtr r = model_child(mp_path(root, "Manifest/References"), NULL); r; r = model_next(r, NULL)) {
		v->alias = xrealloc(v->alias, (v->nrefs + 1) * sizeof(*v->alias));
		v->mpid = xrealloc(v->mpid, (v->nrefs + 1) * sizeof(*v->mpid));
		v->alias[v->nrefs] = model_attr(r, "Alias") ? model_attr(r, "Alias") : "";
		xmlNodePtr id = mp_path(r, "ID");
		v->mpid[v->nrefs++] = id && id->children && id->children->content ? (const char *)id->children->content : "";
	}
}

static void view_release(struct view *v)
{
	free(v->alias);
	free(v->mpid);
}

/* s with every "Alias!" replaced by "[pack id]!", so aliases can differ. */
static char *norm(const struct view *v, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = s;
	for (const char *b = strchr(s, '!'); b; b = strchr(b + 1, '!')) {
		const char *a = b;
		while (a > p && (isalnum((unsigned char)a[-1]) || a[-1] == '_' || a[-1] == '.'))
			a--;
		for (size_t i = 0; i < v->nrefs && a < b; i++)
			if (strlen(v->alias[i]) == (size_t)(b - a) && !memcmp(v->alias[i], a, (size_t)(b - a))) {
				strbuf_add(&sb, p, (size_t)(a - p));
				strbuf_addf(&sb, "[%s]", v->mpid[i]);
				p = b;
				break;
			}
	}
	strbuf_adds(&sb, p);
	return sb.buf ? strbuf_detach(&sb, NULL) : xstrdup("");
}

struct fact {
	char *key, *val;
	xmlNodePtr at;
};

struct facts {
	struct fact *v;
	size_t n;
	const struct view *view;
};

static void fact(struct facts *f, const char *key, char *val, xmlNodePtr at)
{
	f->v = xrealloc(f->v, (f->n + 1) * sizeof(*f->v));
	f->v[f->n++] = (struct fact){ xstrdup(key), val, at };
}

static void facts_release(struct facts *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].key);
		free(f->v[i].val);
	}
	free(f->v);
}

static char *or_default(const char *v, const char *def) { return xstrdup(v ? v : def); }

static int str_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void canon(const struct view *v, struct strbuf *sb, xmlNodePtr e, int depth);

/* And / Or: flattened, children sorted, so the order of tests does not matter. */
static void canon_logic(const struct view *v, struct strbuf *sb, xmlNodePtr e, int depth)
{
	char **parts = NULL;
	size_t n = 0;
	xmlNodePtr stack[64];
	size_t sp = 0;
	stack[sp++] = e;
	while (sp) {
		xmlNodePtr x = stack[--sp];
		for (xmlNodePtr c = model_child(x, NULL); c; c = model_next(c, NULL)) {
			xmlNodePtr u = dc_unwrap(c);
			if (model_is(u, (const char *)e->name) && sp < ARRAY_SIZE(stack)) {
				stack[sp++] = u;
				continue;
			}
			struct strbuf one = STRBUF_INIT;
			canon(v, &one, u, depth + 1);
			parts = xrealloc(parts, (n + 1) * sizeof(*parts));
			parts[n++] = strbuf_detach(&one, NULL);
		}
	}
	if (n > 1)
		qsort(parts, n, sizeof(*parts), str_cmp);
	if (n != 1)
		strbuf_addf(sb, "%s(", (const char *)e->name);
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(sb, "%s%s", i ? ", " : "", parts[i] ? parts[i] : "");
		free(parts[i]);
	}
	if (n != 1)
		strbuf_addc(sb, ')');
	free(parts);
}

/* A canonical one-line form of e: name, sorted attributes, text, children. */
static void canon(const struct view *v, struct strbuf *sb, xmlNodePtr e, int depth)
{
	e = dc_unwrap(e);
	if (!e || depth > 64)
		return;
	if (model_is(e, "And") || model_is(e, "Or")) {
		canon_logic(v, sb, e, depth);
		return;
	}
	strbuf_adds(sb, (const char *)e->name);
	for (xmlAttrPtr a = e->properties; a; a = a->next) {
		char *val = norm(v, a->children && a->children->content ? (const char *)a->children->content : "");
		strbuf_addf(sb, "[%s=%s]", (const char *)a->name, val);
		free(val);
	}
	xmlNodePtr c = model_child(e, NULL);
	if (!c) {
		char *t = mp_text_flat(e), *n = norm(v, t);
		strbuf_addf(sb, "=%s", n);
		free(t);
		free(n);
		return;
	}
	strbuf_addc(sb, '(');
	for (; c; c = model_next(c, NULL)) {
		canon(v, sb, c, depth + 1);
		strbuf_adds(sb, model_next(c, NULL) ? ", " : "");
	}
	strbuf_addc(sb, ')');
}

static void rule_attrs(struct facts *f, xmlNodePtr rule)
{
	static const char *const known[][2] = {
		{ "Enabled", "true" },
		{ "Target", "" },
		{ "ConfirmDelivery", "false" },
		{ "Remotable", "true" },
		{ "Priority", "Normal" },
		{ "DiscardLevel", "100" },
		{ "Comment", "" },
	};
	char key[128];
	for (size_t i = 0; i < ARRAY_SIZE(known); i++) {
		snprintf(key, sizeof(key), "the rule's %s", known[i][0]);
		char *val = or_default(model_attr(rule, known[i][0]), known[i][1]);
		fact(f, key, i == 1 ? norm(f->view, val) : xstrdup(val), rule);
		free(val);
	}
	for (xmlAttrPtr a = rule->properties; a; a = a->next) {
		bool k = !strcmp((const char *)a->name, "ID");
		for (size_t i = 0; i < ARRAY_SIZE(known) && !k; i++)
			k = !strcmp(known[i][0], (const char *)a->name);
		snprintf(key, sizeof(key), "the rule's %s", (const char *)a->name);
		if (!k)
			fact(f, key, or_default(model_attr(rule, (const char *)a->name), ""), rule);
	}
}

/* Facts of a module's configuration: listed children (absent = ""), and
 * every other child by name. */
/* Configuration that names the alert message, which decompiling renames:
 * compared by message_facts() instead. */
static bool renamed(const char *name)
{
	return !strcmp(name, "AlertMessageId") || !strcmp(name, "AlertParameters");
}

static void module_facts(struct facts *f, xmlNodePtr m, const char *what, const char *const *list,
			 size_t n)
{
	char key[160];
	snprintf(key, sizeof(key), "the %s ID", what);
	fact(f, key, or_default(model_attr(m, "ID"), ""), m);
	for (size_t i = 0; i < n; i++) {
		if (renamed(list[i]))
			continue;
		xmlNodePtr c = mp_path(m, list[i]);
		struct strbuf sb = STRBUF_INIT;
		if (c && model_child(c, NULL) && !model_is(c, "Suppression"))
			canon(f->view, &sb, c, 0);
		for (xmlNodePtr s = model_is(c, "Suppression") ? model_child(c, NULL) : NULL; s; s = model_next(s, NULL)) {
			char *t = mp_text_trim(s);
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", t);
			free(t);
		}
		if (c && !model_child(c, NULL)) {
			char *t = mp_text_trim(c);
			char *nt = norm(f->view, t);
			strbuf_adds(&sb, nt);
			free(t);
			free(nt);
		}
		snprintf(key, sizeof(key), "%s", list[i]);
		fact(f, key, sb.buf ? strbuf_detach(&sb, NULL) : xstrdup(""), c ? c : m);
	}
	for (xmlNodePtr c = model_child(m, NULL); c; c = model_next(c, NULL)) {
		bool k = false;
		for (size_t i = 0; i < n && !k; i++)
			k = model_is(c, list[i]);
		k |= renamed((const char *)c->name);
		if (k)
			continue;
		struct strbuf sb = STRBUF_INIT;
		canon(f->view, &sb, c, 0);
		snprintf(key, sizeof(key), "%s in the %s", (const char *)c->name, what);
		fact(f, key, strbuf_detach(&sb, NULL), c);
	}
}

/* The alert text with {N} replaced by the parameter it stands for. */
static char *rendered(const struct view *v, xmlNodePtr wa, const char *desc)
{
	struct dc_params p;
	dc_params_read(&p, wa);
	struct strbuf sb = STRBUF_INIT;
	for (const char *s = desc; *s;) {
		int n, len = 0;
		if (*s == '{' && sscanf(s, "{%d}%n", &n, &len) == 1 && len > 0 && n >= 0 && n < 99) {
			char *pv = norm(v, p.v[n + 1] ? p.v[n + 1] : "");
			strbuf_addf(&sb, "{%s}", pv);
			free(pv);
			s += len;
		} else {
			strbuf_addc(&sb, *s++);
		}
	}
	dc_params_release(&p);
	return sb.buf ? strbuf_detach(&sb, NULL) : xstrdup("");
}

static void message_facts(struct facts *f, xmlNodePtr rule, xmlNodePtr wa)
{
	char *mid = dc_message_id(wa);
	xmlNodePtr m = mid ? mp_display(f->view->strings, mid) : NULL;
	char *desc = m ? mp_text(mp_path(m, "Description")) : xstrdup("");
	fact(f, "the alert name", m ? mp_text(mp_path(m, "Name")) : xstrdup(""), m ? m : wa);
	fact(f, "the alert description", rendered(f->view, wa, desc), m ? m : wa);
	xmlNodePtr rd = mp_display(f->view->strings, mp_id_of(rule));
	fact(f, "the rule's display name", rd ? mp_text(mp_path(rd, "Name")) : xstrdup(""), rd ? rd : rule);
	fact(f, "the rule's display description", rd ? mp_text(mp_path(rd, "Description")) : xstrdup(""),
	     rd ? rd : rule);
	free(desc);
	free(mid);
}

static void rule_facts(struct facts *f, xmlNodePtr rule)
{
	rule_attrs(f, rule);
	char *cat = mp_text_trim(mp_path(rule, "Category"));
	fact(f, "the rule's Category", cat, rule);
	xmlNodePtr ds = model_child(mp_path(rule, "DataSources"), NULL), wa = model_child(mp_path(rule, "WriteActions"), NULL);
	module_facts(f, ds, "data source", mp_event_provider_config, ARRAY_SIZE(mp_event_provider_config));
	module_facts(f, wa, "write action", mp_generate_alert_config, ARRAY_SIZE(mp_generate_alert_config));
	message_facts(f, rule, wa);
	xmlNodePtr ka = mp_article(f->view->strings, mp_id_of(rule));
	const char *vis = ka ? model_attr(ka, "Visible") : NULL;
	fact(f, "the knowledge article's Visible", xstrdup(!ka ? "" : vis ? vis
									  : "true"),
	     ka ? ka : rule);
	fact(f, "the knowledge article", maml_canon_article(ka), ka ? ka : rule);
}

/* 'value' for messages: at most 60 bytes around offset `at` (where two
 * values start to differ), whole UTF-8 characters, "..." where cut. */
static void shorten(struct strbuf *sb, const char *s, size_t at)
{
	size_t n = strlen(s), from = at > 20 ? at - 20 : 0;
	if (!n) {
		strbuf_adds(sb, "(none)");
		return;
	}
	from = MIN(from, n);
	while (from > 0 && ((unsigned char)s[from] & 0xC0) == 0x80)
		from--;
	size_t k = MIN(n, from + 60);
	while (k < n && k > from && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	strbuf_adds(sb, from ? "'..." : "'");
	for (size_t i = from; i < k; i++)
		strbuf_addc(sb, s[i] == '\n' ? ' ' : s[i]);
	strbuf_adds(sb, k < n ? "...'" : "'");
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	return i;
}

/* "<subject> changes from 'a' to 'b'" as W611 at `at`. */
static void report_change(struct dc *d, xmlNodePtr at, const char *subject, const char *a, const char *b)
{
	size_t p = common_prefix(a, b);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s changes from ", subject);
	shorten(&sb, a, p);
	strbuf_adds(&sb, " to ");
	shorten(&sb, b, p);
	dc_changed(d, mp_loc(d->mp, at), "%s", sb.buf);
	strbuf_release(&sb);
}

static void diff_fact(struct dc *d, const char *rule_id, const struct fact *o, const char *nv, bool skip_ka)
{
	if (!strcmp(o->val, nv) || (skip_ka && !strcmp(o->key, "the knowledge article")))
		return;
	struct strbuf subject = STRBUF_INIT;
	strbuf_addf(&subject, "rule '%s': %s", rule_id, o->key);
	report_change(d, o->at, subject.buf, o->val, nv);
	strbuf_release(&subject);
}

/* The IDs, then (facts: the alert does not compile back exactly) each
 * fact that differs. */
static void compare_rule(struct dc *d, struct dc_alert *a, const struct view *ov, const struct view *nv,
			 xmlNodePtr nrule, bool facts)
{
	const char *id = mp_id_of(a->rule);
	if (strcmp(a->new_id, id) != 0)
		dc_changed(d, mp_attr_loc(d->mp, a->rule, "ID"),
			   "rule '%s' becomes '%s' (alert '%s')", id, a->new_id, a->name);
	char *mid = dc_message_id(a->wa);
	char *nid = dc_message_id(mp_path(nrule, "WriteActions/WriteAction"));
	if (mid && nid && strcmp(mid, nid) != 0)
		dc_changed(d, mp_find_loc(d->mp, mp_path(a->wa, "AlertMessageId"), mid),
			   "alert message '%s' becomes '%s'", mid, nid);
	free(mid);
	free(nid);
	if (!facts)
		return;
	struct facts of = { .view = ov }, nf = { .view = nv };
	rule_facts(&of, a->rule);
	rule_facts(&nf, nrule);
	for (size_t i = 0; i < of.n; i++) {
		const char *v = "";
		for (size_t j = 0; j < nf.n; j++)
			if (!strcmp(nf.v[j].key, of.v[i].key))
				v = nf.v[j].val;
		diff_fact(d, id, &of.v[i], v, a->lossy_ka);
	}
	for (size_t j = 0; j < nf.n; j++) {
		bool seen = false;
		for (size_t i = 0; i < of.n && !seen; i++)
			seen = !strcmp(nf.v[j].key, of.v[i].key);
		if (!seen)
			dc_changed(d, mp_loc(d->mp, a->rule), "rule '%s': %s '%s' is added", id,
				   nf.v[j].key, nf.v[j].val);
	}
	facts_release(&of);
	facts_release(&nf);
}

/* Rule ID -> Rule of the recompiled pack. */
static xmlHashTablePtr rules_by_id(xmlNodePtr root)
{
	xmlHashTablePtr h = xmlHashCreate(256);
	for (xmlNodePtr r = model_child(mp_path(root, "Monitoring/Rules"), NULL); r; r = model_next(r, NULL))
		if (mp_id_of(r))
			xmlHashAddEntry(h, BAD_CAST mp_id_of(r), r);
	return h;
}

static void pack_fact(struct dc *d, const char *what, const char *o, const char *n, xmlNodePtr at)
{
	if (strcmp(o, n) != 0)
		report_change(d, at, what, o, n);
}

void dc_compare_pack(struct dc *d, const struct dc_parts *built)
{
	xmlNodePtr root = d->mp->root;
	char *o = mp_text_trim(mp_path(root, "Manifest/Name"));
	pack_fact(d, "the Manifest name", o, built->name, mp_path(root, "Manifest/Name"));
	free(o);
	xmlNodePtr od = mp_display(d->mp->strings, d->mp->id);
	o = od ? mp_text(mp_path(od, "Description")) : xstrdup("");
	pack_fact(d, "the pack description", o, built->desc, od ? od : root);
	free(o);
	for (size_t i = 0; i < built->nrefs; i++)
		for (size_t j = 0; j < d->mp->nrefs; j++) {
			struct mp_ref *r = &d->mp->refs[j];
			if (strcasecmp(r->id, built->refs[i].id) != 0)
				continue;
			char what[300];
			snprintf(what, sizeof(what), "the version of reference '%s'", r->id);
			pack_fact(d, what, r->version, built->refs[i].version, mp_path(r->node, "Version"));
		}
}

/* ---- the pack-level parts of a build ---- */

const char *const dc_root_attrs[3] = { "ContentReadable", "OriginalSchemaVersion", "RevisionId" };

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static void add_ref(struct dc_parts *p, size_t at, const struct dc_part_ref *r)
{
	p->refs = xrealloc(p->refs, (p->nrefs + 1) * sizeof(*p->refs));
	memmove(&p->refs[at + 1], &p->refs[at], (p->nrefs - at) * sizeof(*p->refs));
	p->refs[at] = (struct dc_part_ref){ xstrdup(r->alias), xstrdup(r->id), xstrdup(r->version) };
	p->nrefs++;
}

void dc_parts_init(struct dc_parts *p, struct dc *d, struct mp_file *built)
{
	memset(p, 0, sizeof(*p));
	if (!built) {
		p->name = xstrdup("");
		p->desc = xstrdup("");
		return;
	}
	p->name = mp_text_trim(mp_path(built->root, "Manifest/Name"));
	xmlNodePtr nd = mp_display(built->strings, d->mp->id);
	p->desc = nd ? mp_text(mp_path(nd, "Description")) : xstrdup("");
	for (size_t i = 0; i < built->nrefs; i++) {
		struct mp_ref *r = &built->refs[i];
		add_ref(p, p->nrefs, &(struct dc_part_ref){ r->alias, r->id, r->version });
	}
	for (size_t i = 0; i < ARRAY_SIZE(p->root_attr); i++)
		p->root_attr[i] = dup_or_null(model_attr(built->root, dc_root_attrs[i]));
}

void dc_parts_release(struct dc_parts *p)
{
	for (size_t i = 0; i < p->nrefs; i++) {
		free(p->refs[i].alias);
		free(p->refs[i].id);
		free(p->refs[i].version);
	}
	free(p->refs);
	free(p->name);
	free(p->desc);
	for (size_t i = 0; i < ARRAY_SIZE(p->root_attr); i++)
		free(p->root_attr[i]);
	memset(p, 0, sizeof(*p));
}

static bool same_str(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

const struct dc_part_ref *dc_parts_ref(const struct dc_parts *p, const char *alias)
{
	for (size_t i = 0; p && i < p->nrefs; i++)
		if (!strcmp(p->refs[i].alias, alias))
			return &p->refs[i];
	return NULL;
}

bool dc_parts_merge(struct dc_parts *into, const struct dc_parts *from)
{
	bool same = same_str(into->name, from->name) && same_str(into->desc, from->desc);
	for (size_t i = 0; i < ARRAY_SIZE(into->root_attr); i++)
		same &= same_str(into->root_attr[i], from->root_attr[i]);
	size_t after = 0; /* where a reference from lacks goes in into */
	for (size_t i = 0; i < from->nrefs && same; i++) {
		const struct dc_part_ref *r = &from->refs[i];
		const struct dc_part_ref *have = dc_parts_ref(into, r->alias);
		if (!have) {
			add_ref(into, after++, r);
			continue;
		}
		size_t k = (size_t)(have - into->refs);
		same = !strcmp(have->id, r->id) && !strcmp(have->version, r->version) && k >= after;
		after = k + 1;
	}
	return same;
}

static void first_error(struct dc *d, struct diag_sink *tmp)
{
	for (size_t i = 0; i < tmp->n; i++) {
		if (tmp->v[i].level != DIAG_ERROR)
			continue;
		unsigned line = 0, col = 0;
		if (tmp->v[i].loc.src)
			source_linecol(tmp->v[i].loc.src, tmp->v[i].loc.off, &line, &col);
		dc_changed(d, mp_loc(d->mp, d->mp->root),
			   "the decompiled source does not compile: line %u:%u: %s [%s]", line, col,
			   tmp->v[i].msg, tmp->v[i].id);
		diag_hint(d->sink, "fix the written .alert file by hand");
		return;
	}
}

/* Compiles text in memory the way the compiler does (front_load(): lex,
 * parse, check, resolve, model schema), then emits the MP; returns it or
 * NULL after reporting the first error. */
static xmlDocPtr recompile(struct dc *d, const char *text, struct source *src, struct arena *arena,
			   struct model *m)
{
	struct diag_sink tmp;
	diag_sink_init(&tmp, 1);
	source_init_mem(src, "decompiled.alert", text, strlen(text));
	*m = (struct model){ .src = src, .arena = arena };
	xmlDocPtr out = NULL;
	if (front_load(m, d->xsd, &tmp, NULL) == 0)
		out = emit_mp(m, TARGET_PACK);
	if (out && !d->check && !d->keep_model)
		model_release(m); /* only --check needs it again (merging the fragment) */
	if (!out)
		first_error(d, &tmp);
	diag_sink_release(&tmp);
	return out;
}

void dc_build_init(struct dc *d, struct dc_build *b, const char *text)
{
	memset(b, 0, sizeof(*b));
	arena_init(&b->arena);
	b->out = recompile(d, text, &b->src, &b->arena, &b->m);
}

void dc_build_release(struct dc_build *b)
{
	mp_release(b->mp); /* borrows b->out */
	free(b->mp);
	xmlFreeDoc(b->out);
	model_release(&b->m);
	arena_release(&b->arena);
	source_release(&b->src);
	memset(b, 0, sizeof(*b));
}

void dc_compare_rules(struct dc *d, struct mp_file *built, size_t from, size_t to, const bool *exact)
{
	struct view ov, nv;
	view_init(&ov, d->mp);
	view_init(&nv, built);
	xmlHashTablePtr rules = rules_by_id(nv.root);
	for (size_t i = from; i < to; i++) {
		xmlNodePtr nr = xmlHashLookup(rules, BAD_CAST d->alerts[i].new_id);
		if (nr)
			compare_rule(d, &d->alerts[i], &ov, &nv, nr, !exact || !exact[i]);
	}
	xmlHashFree(rules, NULL);
	view_release(&ov);
	view_release(&nv);
}

/* ---- exactness and --check (issue 14) ---- */

/* out serialized and read back as a pack kept by d (so diagnostics can
 * point into it): what would be written, for --check. */
static struct mp_file *built_pack(struct dc *d, xmlDocPtr out, const char *name)
{
	xmlChar *buf;
	int len;
	emit_serialize(out, &buf, &len);
	struct mp_file *mp = mp_files_add(d->kept);
	int rc = mp_load_mem(mp, name, (const char *)buf, (size_t)len, d->sink);
	xmlFree(buf);
	return rc == 0 && mp->root ? mp : NULL;
}

/* The exactness check and the fragment read b->out as it is in memory:
 * serializing it and parsing that again gave the same tree at twice the
 * cost of the compilation (--check still proves the serialized text). */
struct mp_file *dc_build_pack(struct dc *d, struct dc_build *b)
{
	(void)d;
	if (!b->mp && b->out) {
		b->mp = xcalloc(1, sizeof(*b->mp));
		if (mp_borrow(b->mp, "recompiled.xml", b->out) != 0) {
			mp_release(b->mp);
			free(b->mp);
			b->mp = NULL;
		}
	}
	return b->mp;
}

/* Whether alert a compiles back to its rule, alert message, display
 * strings and article exactly. */
static bool alert_exact(struct dc *d, struct dc_alert *a, struct mp_file *n, struct diag_sink *quiet)
{
	const char *id = mp_id_of(a->rule);
	size_t k = diff_nodes(d->mp, a->rule, n, mp_element(n, id), quiet);
	k += diff_nodes(d->mp, mp_display(d->mp->strings, id), n, mp_display(n->strings, id), quiet);
	k += diff_nodes(d->mp, mp_article(d->mp->strings, id), n, mp_article(n->strings, id), quiet);
	char *mid = dc_message_id(a->wa);
	if (mid) {
		k += diff_nodes(d->mp, mp_element(d->mp, mid), n, mp_element(n, mid), quiet);
		k += diff_nodes(d->mp, mp_display(d->mp->strings, mid), n, mp_display(n->strings, mid), quiet);
	}
	free(mid);
	return k == 0;
}

void dc_exact_range(struct dc *d, struct mp_file *built, size_t from, size_t to, bool *exact)
{
	struct diag_sink quiet;
	diag_sink_init(&quiet, 0);
	quiet.quiet = true;
	for (size_t i = from; i < to; i++)
		exact[i] = alert_exact(d, &d->alerts[i], built, &quiet);
	diag_sink_release(&quiet);
}

/* Merges the written fragment into out; on failure reports E646 with the
 * first error. */
static int merge_written(struct dc *d, xmlDocPtr out, struct model *m, const char *frag, size_t flen)
{
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "%s.mpx", d->mp->id);
	struct diag_sink tmp;
	diag_sink_init(&tmp, 1);
	struct mp_file *f = mp_files_add(d->kept);
	int rc = mp_load_mem(f, name.buf, frag, flen, &tmp);
	if (rc == 0)
		rc = fragment_merge_files(out, m, emit_target_of(xmlDocGetRootElement(m->doc), TARGET_PACK), &f, 1, &tmp);
	if (rc != 0) {
		const char *why = tmp.n ? tmp.v[0].msg : "it cannot be read";
		diag_error(d->sink, mp_loc(d->mp, d->mp->root), "E646",
			   "the decompiled fragment '%s' does not merge into the pack: %s [%s]", name.buf, why,
			   tmp.n ? tmp.v[0].id : "E602");
	}
	diag_sink_release(&tmp);
	strbuf_release(&name);
	return rc;
}

void decompile_prove(struct dc *d, struct dc_build *b, const char *frag, size_t flen)
{
	if (!b->out) {
		diag_error(d->sink, mp_loc(d->mp, d->mp->root), "E646", "the decompiled source of '%s' does not compile",
			   d->mp->id);
		return;
	}
	if (frag && merge_written(d, b->out, &b->m, frag, flen) != 0)
		return;
	struct strbuf name = STRBUF_INIT;
	if (frag)
		strbuf_addf(&name, "%s.alert+mpx", d->mp->id);
	else
		strbuf_adds(&name, "recompiled.xml");
	struct mp_file *n = built_pack(d, b->out, name.buf);
	strbuf_release(&name);
	size_t k = n ? diff_packs(d->mp, n, d->sink) : 1;
	mp_unload(n); /* its text stays for the diagnostics */
	if (k) {
		diag_error(d->sink, mp_loc(d->mp, d->mp->root), "E646",
			   "the decompiled pack differs from '%s' in %zu place%s", d->mp->path, k, k == 1 ? "" : "s");
		diag_hint(d->sink, "the warnings above list each difference (scomc diff)");
	}
}
