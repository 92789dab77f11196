/*
 * refcheck.c - checks against the referenced packs (refcheck.h): manifest
 * references, modules and their configuration, target classes and
 * properties, monitors. One pass over the pack per concern; every lookup
 * goes through refpacks_lookup(), so each reference pack is loaded at most
 * once and each configuration schema compiled once (modschema.c).
 */
#include "refcheck.h"

#include <ctype.h>
#include <strings.h>

#include "modschema.h"
#include "model.h"
#include "mpread.h"
#include "refpacks.h"
#include "strbuf.h"
#include "suggest.h"

enum { MAX_CHAIN = 64 };

void refcheck_init(struct refcheck *rc, struct refpacks *idx, struct mp_file *mp,
		   struct diag_sink *sink, refcheck_at_fn *at, void *at_ctx)
{
	memset(rc, 0, sizeof(*rc));
	rc->idx = idx;
	rc->mp = mp;
	rc->sink = sink;
	rc->at = at;
	rc->at_ctx = at_ctx;
	rc->validated = xmlHashCreate(64);
	rc->dead = xmlHashCreate(8);
	rc->hosts = xmlHashCreate(16);
}

static void free_entry(void *payload, const xmlChar *name)
{
	(void)name;
	free(payload);
}

void refcheck_release(struct refcheck *rc)
{
	xmlHashFree(rc->validated, NULL);
	xmlHashFree(rc->dead, NULL);
	xmlHashFree(rc->hosts, free_entry);
	memset(rc, 0, sizeof(*rc));
}

static void ptr_key(char *key, size_t n, const void *p) { snprintf(key, n, "%p", p); }

bool refcheck_validated(const struct refcheck *rc, xmlNodePtr module)
{
	char key[32];
	ptr_key(key, sizeof(key), module);
	return rc->validated && xmlHashLookup(rc->validated, BAD_CAST key) != NULL;
}

static struct loc at(struct refcheck *rc, xmlNodePtr n, const char *attr)
{
	return rc->at(rc->at_ctx, n, attr);
}

/* ---- lookups ---- */

/* What resolving qid from the checked pack gave. */
struct found {
	xmlNodePtr node;       /* the element, or NULL */
	struct mp_file *owner; /* its pack (NULL when node is) */
	struct mp_file *pack;  /* the pack it was looked for in, NULL: do not report */
};

/* Looks qid up from pack from. pack is NULL when a miss must not be
 * reported: the alias is undeclared (E606) or its pack not indexed
 * (E701), or qid is local and from is the checked pack (E608). */
static struct found find(struct refcheck *rc, struct mp_file *from, const char *qid)
{
	struct found f = { 0 };
	if (!qid || !*qid)
		return f;
	f.node = refpacks_lookup(rc->idx, from, qid, &f.owner);
	const char *bang = strchr(qid, '!');
	if (f.node || !bang) {
		f.pack = f.node ? f.owner : from == rc->mp ? NULL
							   : from;
		return f;
	}
	char *alias = xstrndup(qid, (size_t)(bang - qid));
	if (!(from == rc->mp && xmlHashLookup(rc->dead, BAD_CAST alias)))
		f.pack = refpacks_alias(rc->idx, from, qid, (size_t)(bang - qid));
	free(alias);
	return f;
}

struct kind_scan {
	const char *kind;
	const char **names;
	size_t n;
};

static void collect_kind(void *payload, void *data, const xmlChar *name)
{
	(void)name;
	struct kind_scan *s = data;
	xmlNodePtr n = payload;
	if (!mp_is_element(n) || !mp_id_of(n) || (s->kind && !model_is(n, s->kind)))
		return;
	s->names = xrealloc(s->names, (s->n + 1) * sizeof(*s->names));
	s->names[s->n++] = mp_id_of(n);
}

/* Hint: "did you mean 'X'?" among pack's elements of kind (NULL: any),
 * else fallback. */
static void hint_similar(struct refcheck *rc, struct mp_file *pack, const char *kind,
			 const char *qid, const char *fallback)
{
	struct kind_scan s = { kind, NULL, 0 };
	if (pack && pack->elements)
		xmlHashScan(pack->elements, collect_kind, &s);
	const char *bang = strchr(qid, '!');
	const char *id = bang ? bang + 1 : qid;
	const char *best = s.n ? suggest(id, s.names, s.n) : NULL;
	if (best && bang)
		diag_hint(rc->sink, "did you mean '%.*s!%s'?", (int)(bang - qid), qid, best);
	else if (best)
		diag_hint(rc->sink, "did you mean '%s'?", best);
	else
		diag_hint(rc->sink, "%s", fallback);
	free(s.names);
}

static const char *pack_name(struct mp_file *p) { return p && p->id ? p->id : "?"; }

/* ---- manifest references ---- */

static void ref_missing(struct refcheck *rc, struct mp_ref *r)
{
	diag_error(rc->sink, at(rc, mp_path(r->node, "ID"), NULL), "E701",
		   "referenced management pack '%s' is not in the reference directories", r->id);
	diag_hint(rc->sink, "add its sealed .mp to a --references directory "
			    "(VerifyMPLoadReferenceFailed)");
	xmlHashAddEntry(rc->dead, BAD_CAST r->alias, r->node);
}

static void check_reference(struct refcheck *rc, struct mp_ref *r)
{
	struct refpack *p;
	if (!*r->id || !*r->version)
		return;
	switch (refpacks_match(rc->idx, r->id, r->version, r->token, &p)) {
	case REFPACKS_OK:
		return;
	case REFPACKS_MISSING:
		ref_missing(rc, r);
		return;
	case REFPACKS_OLD:
		diag_error(rc->sink, at(rc, mp_path(r->node, "Version"), NULL), "E702",
			   "reference '%s' needs version %s of '%s'; the newest available is %s (%s)",
			   r->alias, r->version, r->id, p->version, p->path);
		diag_hint(rc->sink, "reference the lowest version you need, or add the newer pack "
				    "(VerifyMPReferenceFailed)");
		return;
	case REFPACKS_TOKEN:
		diag_error(rc->sink, at(rc, mp_path(r->node, "PublicKeyToken"), NULL), "E703",
			   "reference '%s' has PublicKeyToken %s, but '%s' (%s) is signed with %s",
			   r->alias, r->token, r->id, p->path, p->token);
		diag_hint(rc->sink, "write the token 'scomc unseal' prints for the pack (VerifyMPReferenceFailed)");
		return;
	}
}

/* ---- walking the pack ---- */

typedef void visit_fn(struct refcheck *rc, xmlNodePtr n);

static const char *slot_kind(xmlNodePtr n);

/* Calls fn on every element of the pack outside Manifest, Templates,
 * Presentation and LanguagePacks, in document order; with prune, not below
 * a module (its children are its configuration, the module type's
 * business, and hold no module or class reference of the pack). */
static void walk_sections(struct refcheck *rc, visit_fn *fn, bool prune)
{
	xmlNodePtr root = rc->mp->root;
	for (xmlNodePtr n = model_child(root, NULL); n && n != root;) {
		bool skip = model_is(n, "Manifest") || model_is(n, "Templates") ||
			    model_is(n, "Presentation") || model_is(n, "LanguagePacks") || n->ns;
		if (!skip)
			fn(rc, n);
		xmlNodePtr c = skip || (prune && slot_kind(n)) ? NULL : model_child(n, NULL);
		if (c) {
			n = c;
			continue;
		}
		while (n != root && !model_next(n, NULL))
			n = n->parent;
		if (n != root)
			n = model_next(n, NULL);
	}
}

/* walk_sections() without pruning: the checks that read configuration. */
static void walk(struct refcheck *rc, visit_fn *fn)
{
	walk_sections(rc, fn, false);
}

/* ---- modules ---- */

static const char *slot_kind(xmlNodePtr n)
{
	static const char *const tab[][2] = {
		{ "DataSource", "DataSourceModuleType" },
		{ "ProbeAction", "ProbeActionModuleType" },
		{ "ConditionDetection", "ConditionDetectionModuleType" },
		{ "WriteAction", "WriteActionModuleType" },
		{ "UnitMonitor", "UnitMonitorType" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (model_is(n, tab[i][0]))
			return tab[i][1];
	return NULL;
}

static const char *slot_word(const char *kind)
{
	return !strcmp(kind, "DataSourceModuleType")           ? "data source"
	       : !strcmp(kind, "ProbeActionModuleType")        ? "probe action"
	       : !strcmp(kind, "ConditionDetectionModuleType") ? "condition detection"
	       : !strcmp(kind, "WriteActionModuleType")        ? "write action"
							       : "unit monitor";
}

/* The composite module type or unit monitor type n is a member of. */
static xmlNodePtr enclosing_type(xmlNodePtr n)
{
	for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent) {
		size_t len = strlen((const char *)p->name);
		if ((len > 10 && !strcmp((const char *)p->name + len - 10, "ModuleType")) ||
		    model_is(p, "UnitMonitorType"))
			return p;
	}
	return NULL;
}

struct report_ctx {
	struct refcheck *rc;
	const char *what; /* "write action 'Alert'" */
	const char *type; /* its TypeID */
};

static void config_problem(void *ctx, xmlNodePtr n, const char *id, const char *msg, const char *hint)
{
	struct report_ctx *c = ctx;
	diag_error(c->rc->sink, at(c->rc, n, NULL), id, "invalid configuration of %s (%s): %s", c->what,
		   c->type, msg);
	diag_hint(c->rc->sink, "%s", hint);
}

static void check_config(struct refcheck *rc, xmlNodePtr module, xmlNodePtr cfg, struct found *t,
			 const char *kind)
{
	struct modschema *s = modschema_get(rc->idx, t->owner, t->node);
	if (!s)
		return;
	struct strbuf what = STRBUF_INIT;
	const char *id = mp_id_of(module);
	strbuf_addf(&what, "%s '%s'", slot_word(kind), id ? id : "");
	struct report_ctx c = { rc, what.buf, model_attr(module, "TypeID") };
	modschema_validate(s, cfg, enclosing_type(module), config_problem, &c);
	char key[32];
	ptr_key(key, sizeof(key), module);
	xmlHashAddEntry(rc->validated, BAD_CAST key, module);
	strbuf_release(&what);
}

static void unknown_type(struct refcheck *rc, xmlNodePtr n, struct found *t, const char *kind)
{
	const char *tid = model_attr(n, "TypeID");
	bool monitor = model_is(n, "UnitMonitor");
	diag_error(rc->sink, at(rc, n, "TypeID"), monitor ? "E711" : "E704",
		   "%s type '%s' is not defined in '%s'", monitor ? "monitor" : "module", tid,
		   pack_name(t->pack));
	hint_similar(rc, t->pack, kind, tid, "use a type the referenced pack defines");
}

/* The type's kind fits the slot and, across packs, it is Public. */
static bool type_usable(struct refcheck *rc, xmlNodePtr n, struct found *t, const char *kind)
{
	const char *tid = model_attr(n, "TypeID");
	if (!model_is(t->node, kind)) {
		diag_error(rc->sink, at(rc, n, "TypeID"), "E706", "'%s' is a %s, not a %s: a %s needs a %s",
			   tid, (const char *)t->node->name, kind, (const char *)n->name, kind);
		diag_hint(rc->sink, "use a %s module type here", slot_word(kind));
		return false;
	}
	const char *acc = model_attr(t->node, "Accessibility");
	if (t->owner != rc->mp && !(acc && !strcmp(acc, "Public"))) {
		diag_error(rc->sink, at(rc, n, "TypeID"), "E705", "'%s' is %s in '%s': other packs cannot use it",
			   tid, acc ? acc : "not public", pack_name(t->owner));
		diag_hint(rc->sink, "only Public elements of another pack can be used (VerifyInaccessibleElement)");
		return false;
	}
	return true;
}

static void check_module(struct refcheck *rc, xmlNodePtr n)
{
	const char *kind = slot_kind(n);
	const char *tid = kind ? model_attr(n, "TypeID") : NULL;
	if (!tid)
		return;
	struct found t = find(rc, rc->mp, tid);
	if (!t.node) {
		if (t.pack)
			unknown_type(rc, n, &t, kind);
		return;
	}
	if (!type_usable(rc, n, &t, kind))
		return;
	xmlNodePtr cfg = model_is(n, "UnitMonitor") ? model_child(n, "Configuration") : n;
	if (cfg)
		check_config(rc, n, cfg, &t, kind);
}

/* ---- classes and properties ---- */

struct cls {
	xmlNodePtr node;
	struct mp_file *owner;
};

static struct cls base_of(struct refcheck *rc, struct cls c)
{
	struct found f = find(rc, c.owner, model_attr(c.node, "Base"));
	return (struct cls){ f.node, f.owner };
}

/* Every Base of c's chain resolves (else a check on it cannot tell: a
 * reference pack is missing, reported as such). */
static bool chain_known(struct refcheck *rc, struct cls c)
{
	for (int i = 0; c.node && i < MAX_CHAIN; i++) {
		const char *base = model_attr(c.node, "Base");
		if (!base || !*base)
			return true;
		c = base_of(rc, c);
	}
	return false;
}

static bool is_true_attr(xmlNodePtr n, const char *name)
{
	const char *v = model_attr(n, name);
	return v && !strcmp(v, "true");
}

/* Is want in the class chain of c (c, its base, ...)? */
static bool derives(struct refcheck *rc, struct cls c, xmlNodePtr want)
{
	for (int i = 0; c.node && i < MAX_CHAIN; i++, c = base_of(rc, c))
		if (c.node == want)
			return true;
	return false;
}

static bool has_property(struct refcheck *rc, struct cls c, const char *prop, size_t len)
{
	for (int i = 0; c.node && i < MAX_CHAIN; i++, c = base_of(rc, c))
		for (xmlNodePtr p = model_child(c.node, "Property"); p; p = model_next(p, "Property")) {
			const char *id = mp_id_of(p);
			if (id && strlen(id) == len && !strncmp(id, prop, len))
				return true;
		}
	return false;
}

/* "Source"/"Target" of a relationship: Type attribute (2.0) or text (1.0). */
static char *rel_end(xmlNodePtr rel, const char *end)
{
	xmlNodePtr e = model_child(rel, end);
	const char *type = model_attr(e, "Type");
	return type ? xstrdup(type) : e ? mp_text_trim(e)
					: NULL;
}

static bool is_hosting(struct refcheck *rc, struct cls r)
{
	for (int i = 0; r.node && i < MAX_CHAIN; i++, r = base_of(rc, r))
		if (mp_id_of(r.node) && !strcmp(mp_id_of(r.node), "System.Hosting"))
			return true;
	return false;
}

struct host_scan {
	struct refcheck *rc;
	struct mp_file *pack;
	xmlNodePtr target;
	struct cls host;
};

static void scan_hosting(void *payload, void *data, const xmlChar *name)
{
	(void)name;
	struct host_scan *s = data;
	xmlNodePtr r = payload;
	if (s->host.node || !model_is(r, "RelationshipType"))
		return;
	const char *abstract = model_attr(r, "Abstract");
	if ((abstract && !strcmp(abstract, "true")) || !mp_is_element(r))
		return;
	char *tgt = rel_end(r, "Target");
	struct found t = find(s->rc, s->pack, tgt);
	free(tgt);
	if (t.node != s->target || !is_hosting(s->rc, (struct cls){ r, s->pack }))
		return;
	char *src = rel_end(r, "Source");
	struct found h = find(s->rc, s->pack, src);
	free(src);
	s->host = (struct cls){ h.node, h.owner };
}

/* The host of c: the Source of a (non-abstract) hosting relationship whose
 * Target is c or one of its bases, defined in that class's pack or in the
 * checked pack. None when c is not Hosted="true". */
static struct cls find_host(struct refcheck *rc, struct cls c)
{
	if (!is_true_attr(c.node, "Hosted"))
		return (struct cls){ NULL, NULL };
	for (int i = 0; c.node && i < MAX_CHAIN; i++, c = base_of(rc, c)) {
		struct mp_file *packs[2] = { c.owner, rc->mp };
		for (int k = 0; k < 2; k++) {
			struct host_scan s = { rc, packs[k], c.node, { NULL, NULL } };
			if (packs[k] && packs[k]->elements)
				xmlHashScan(packs[k]->elements, scan_hosting, &s);
			if (s.host.node)
				return s.host;
		}
	}
	return (struct cls){ NULL, NULL };
}

/* find_host(), once per class per run (it scans whole packs). */
static struct cls host_of(struct refcheck *rc, struct cls c)
{
	char key[32];
	ptr_key(key, sizeof(key), c.node);
	struct cls *h = xmlHashLookup(rc->hosts, BAD_CAST key);
	if (!h) {
		h = xmalloc(sizeof(*h));
		*h = find_host(rc, c);
		xmlHashAddEntry(rc->hosts, BAD_CAST key, h);
	}
	return *h;
}

/* A $Target/... path as written (for messages). */
struct tpath {
	const char *start;
	int len;
};

static void unknown_property(struct refcheck *rc, xmlNodePtr n, struct found *f, const char *qid,
			     const char *prop, size_t plen)
{
	diag_error(rc->sink, at(rc, n, NULL), "E709", "class '%s' has no property '%.*s'", qid, (int)plen, prop);
	const char **names = NULL;
	size_t k = 0;
	for (struct cls x = { f->node, f->owner }; x.node && k < 256; x = base_of(rc, x))
		for (xmlNodePtr pp = model_child(x.node, "Property"); pp; pp = model_next(pp, "Property")) {
			names = xrealloc(names, (k + 1) * sizeof(*names));
			names[k++] = mp_id_of(pp) ? mp_id_of(pp) : "";
		}
	char *want = xstrndup(prop, plen);
	const char *s = suggest(want, names, k);
	if (s)
		diag_hint(rc->sink, "did you mean '%s'?", s);
	else
		diag_hint(rc->sink, "the property must be declared by the class or one of its base classes");
	free(want);
	free(names);
}

/* Property[Type="qid"]/prop... of class c (the target, or its host). */
static void check_property(struct refcheck *rc, xmlNodePtr n, struct cls c, const char *qid,
			   const char *prop, struct tpath *tp)
{
	size_t plen = strcspn(prop, "$/[");
	struct found f = find(rc, rc->mp, qid);
	if (f.node && (!chain_known(rc, c) || !chain_known(rc, (struct cls){ f.node, f.owner })))
		return; /* a base class is in a pack not at hand */
	if (f.node && !derives(rc, c, f.node)) {
		diag_error(rc->sink, at(rc, n, NULL), "E710", "class '%s' in '%.*s' is not '%s' or one of its base classes",
			   qid, tp->len, tp->start, mp_id_of(c.node));
		diag_hint(rc->sink, "$Target/Host/... follows the hosting relationship: use the class of the object meant");
	} else if (f.node && !has_property(rc, (struct cls){ f.node, f.owner }, prop, plen)) {
		unknown_property(rc, n, &f, qid, prop, plen);
	} else if (!f.node && f.pack) {
		diag_error(rc->sink, at(rc, n, NULL), "E708", "class '%s' is not defined in '%s'", qid, pack_name(f.pack));
		hint_similar(rc, f.pack, "ClassType", qid, "use a class the referenced pack defines");
	}
}

/* One $Target/(Host/)*Property[Type="Q"]/P$ starting at p (after "$Target/")
 * in the text of node n, for target class t. */
static void check_path(struct refcheck *rc, xmlNodePtr n, struct cls t, const char *p)
{
	const char *end = strchr(p, '$');
	struct tpath tp = { p - 8, (int)(end ? (size_t)(end - p) + 9 : strlen(p - 8)) };
	struct cls c = t;
	for (; !strncmp(p, "Host/", 5); p += 5) {
		struct cls h = host_of(rc, c);
		if (!h.node && is_true_attr(c.node, "Hosted"))
			return; /* hosted, but its relationship is in a pack not at hand */
		if (!h.node) {
			diag_error(rc->sink, at(rc, n, NULL), "E710", "'%.*s' has no host: class '%s' is not hosted",
				   tp.len, tp.start, mp_id_of(c.node));
			diag_hint(rc->sink, "use $Target/Property[...] for an unhosted target, or target a hosted class");
			return;
		}
		c = h;
	}
	static const char pre[] = "Property[Type=";
	if (strncmp(p, pre, sizeof(pre) - 1) != 0)
		return;
	p += sizeof(pre) - 1;
	char q = *p;
	const char *b = p + 1, *e = (q == '"' || q == '\'') ? strchr(b, q) : NULL;
	if (!e || e[1] != ']' || e[2] != '/')
		return;
	char *qid = xstrndup(b, (size_t)(e - b));
	check_property(rc, n, c, qid, e + 3, &tp);
	free(qid);
}

static void scan_paths(struct refcheck *rc, xmlNodePtr n, struct cls t, const char *s)
{
	for (const char *p = strstr(s, "$Target/"); p; p = strstr(p + 1, "$Target/"))
		check_path(rc, n, t, p + 8);
}

/* Every $Target/...$ in the text and attributes under w. */
static void scan_workflow(struct refcheck *rc, xmlNodePtr w, struct cls t)
{
	for (xmlNodePtr n = w; n;) {
		if (n->type == XML_ELEMENT_NODE)
			for (xmlAttrPtr a = n->properties; a; a = a->next)
				if (a->children && a->children->content && strstr((const char *)a->children->content, "$Target/"))
					scan_paths(rc, n, t, (const char *)a->children->content);
		if (n->type == XML_TEXT_NODE && n->content && strstr((const char *)n->content, "$Target/"))
			scan_paths(rc, n->parent, t, (const char *)n->content);
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != w && !n->next)
			n = n->parent;
		n = n == w ? NULL : n->next;
	}
}

static bool is_workflow(xmlNodePtr n)
{
	static const char *const names[] = { "Rule", "Discovery", "UnitMonitor", "AggregateMonitor",
					     "DependencyMonitor", "Task", "Diagnostic", "Recovery" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (model_is(n, names[i]))
			return true;
	return false;
}

static void check_target(struct refcheck *rc, xmlNodePtr w)
{
	const char *target = is_workflow(w) ? model_attr(w, "Target") : NULL;
	if (!target)
		return;
	struct found f = find(rc, rc->mp, target);
	if (!f.node) {
		if (!f.pack)
			return;
		diag_error(rc->sink, at(rc, w, "Target"), "E708", "target class '%s' is not defined in '%s'", target,
			   pack_name(f.pack));
		hint_similar(rc, f.pack, "ClassType", target, "use a class the referenced pack defines");
		return;
	}
	if (!model_is(f.node, "ClassType") && !model_is(f.node, "RelationshipType")) {
		diag_error(rc->sink, at(rc, w, "Target"), "E708", "target '%s' is a %s, not a class", target,
			   (const char *)f.node->name);
		diag_hint(rc->sink, "a workflow targets a class (ClassType)");
		return;
	}
	if (model_is(f.node, "ClassType"))
		scan_workflow(rc, w, (struct cls){ f.node, f.owner });
}

/* ---- monitors ---- */

static bool one_of(const char *v, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v, set[i]))
			return true;
	return false;
}

/* Hint for v, one of set[0..n) misspelt: the closest, else "lead a, b". */
static void hint_choice(struct refcheck *rc, const char *v, const char *const *set, size_t n,
			const char *lead)
{
	const char *s = suggest(v, set, n);
	struct strbuf all = STRBUF_INIT;
	for (size_t i = 0; i < n; i++)
		strbuf_addf(&all, "%s%s", i ? ", " : "", set[i]);
	if (s)
		diag_hint(rc->sink, "did you mean '%s'?", s);
	else
		diag_hint(rc->sink, "%s%s", lead, all.buf);
	strbuf_release(&all);
}

static void check_states(struct refcheck *rc, xmlNodePtr mon, struct found *t)
{
	xmlNodePtr states = model_child(t->node, "MonitorTypeStates");
	const char **ids = NULL;
	size_t n = 0;
	for (xmlNodePtr s = model_child(states, "MonitorTypeState"); s; s = model_next(s, "MonitorTypeState")) {
		ids = xrealloc(ids, (n + 1) * sizeof(*ids));
		ids[n++] = mp_id_of(s) ? mp_id_of(s) : "";
	}
	xmlNodePtr ops = model_child(mon, "OperationalStates");
	for (xmlNodePtr o = model_child(ops, "OperationalState"); o; o = model_next(o, "OperationalState")) {
		const char *sid = model_attr(o, "MonitorTypeStateID");
		if (t->node && sid && !one_of(sid, ids, n)) {
			diag_error(rc->sink, at(rc, o, "MonitorTypeStateID"), "E712",
				   "monitor type '%s' has no state '%s'", model_attr(mon, "TypeID"), sid);
			hint_choice(rc, sid, ids, n, "its states are: ");
		}
	}
	free(ids);
}

static void check_parent(struct refcheck *rc, xmlNodePtr mon)
{
	const char *pid = model_attr(mon, "ParentMonitorID");
	struct found f = find(rc, rc->mp, pid);
	if (!pid || (!f.node && !f.pack))
		return;
	if (!f.node) {
		diag_error(rc->sink, at(rc, mon, "ParentMonitorID"), "E714", "parent monitor '%s' is not defined in '%s'",
			   pid, pack_name(f.pack));
		hint_similar(rc, f.pack, "AggregateMonitor", pid, "the parent must be an aggregate monitor");
	} else if (!model_is(f.node, "AggregateMonitor")) {
		diag_error(rc->sink, at(rc, mon, "ParentMonitorID"), "E714", "parent '%s' is a %s, not an aggregate monitor",
			   pid, (const char *)f.node->name);
		diag_hint(rc->sink, "roll up to an aggregate monitor such as Health!System.Health.AvailabilityState");
	}
}

/* The string resource qid names (AlertMessage, AlertMessageId); n/attr is
 * where qid is written. */
static void check_message(struct refcheck *rc, xmlNodePtr n, const char *attr, const char *qid)
{
	struct found f = find(rc, rc->mp, qid);
	if ((f.node && model_is(f.node, "StringResource")) || (!f.node && !f.pack))
		return; /* a missing local one is verify's E608 */
	if (f.node)
		diag_error(rc->sink, at(rc, n, attr), "E716", "alert message '%s' is a %s, not a string resource", qid,
			   (const char *)f.node->name);
	else
		diag_error(rc->sink, at(rc, n, attr), "E716", "alert message '%s' names no string resource in '%s'",
			   qid, pack_name(f.pack));
	hint_similar(rc, f.pack, "StringResource", qid,
		     "add <StringResource ID=\"...\"/> under Presentation/StringResources");
}

static void check_alert_settings(struct refcheck *rc, xmlNodePtr mon)
{
	xmlNodePtr as = model_child(mon, "AlertSettings");
	if (!as)
		return;
	const char *msg = model_attr(as, "AlertMessage");
	if (msg)
		check_message(rc, as, "AlertMessage", msg);
}

static void check_monitor(struct refcheck *rc, xmlNodePtr mon)
{
	if (!model_is(mon, "UnitMonitor") && !model_is(mon, "AggregateMonitor") &&
	    !model_is(mon, "DependencyMonitor"))
		return;
	check_parent(rc, mon);
	check_alert_settings(rc, mon);
	if (!model_is(mon, "UnitMonitor"))
		return;
	struct found t = find(rc, rc->mp, model_attr(mon, "TypeID"));
	if (t.node && model_is(t.node, "UnitMonitorType"))
		check_states(rc, mon, &t);
}

/* AlertMessageId $MPElement[Name="X"]$ of a write action. */
static void check_message_id(struct refcheck *rc, xmlNodePtr n)
{
	if (!model_is(n, "AlertMessageId") || !n->parent || !model_is(n->parent, "WriteAction"))
		return;
	char *t = mp_text_trim(n);
	static const char pre[] = "$MPElement[Name=";
	if (!strncmp(t, pre, sizeof(pre) - 1)) {
		char q = t[sizeof(pre) - 1];
		const char *b = t + sizeof(pre), *e = (q == '"' || q == '\'') ? strchr(b, q) : NULL;
		if (e) {
			char *qid = xstrndup(b, (size_t)(e - b));
			check_message(rc, n, NULL, qid);
			free(qid);
		}
	}
	free(t);
}

/* ---- overrides ---- */

/* The module of workflow w (a Rule, Discovery, ...) whose ID is id. */
static xmlNodePtr module_in(xmlNodePtr w, const char *id)
{
	for (xmlNodePtr n = model_child(w, NULL); n && n != w;) {
		if (slot_kind(n) && mp_id_of(n) && !strcmp(mp_id_of(n), id))
			return n;
		xmlNodePtr c = model_child(n, NULL);
		if (c) {
			n = c;
			continue;
		}
		while (n != w && !model_next(n, NULL))
			n = n->parent;
		if (n != w)
			n = model_next(n, NULL);
	}
	return NULL;
}

/* The type whose OverrideableParameters a configuration override names:
 * the monitor's type, or the type of the rule's (discovery's, ...) module. */
static struct found override_type(struct refcheck *rc, xmlNodePtr o)
{
	static const char *const targets[] = { "Monitor", "Rule", "Discovery", "Diagnostic", "Recovery" };
	struct found none = { 0 }, w = none;
	for (size_t i = 0; i < ARRAY_SIZE(targets) && !w.node; i++)
		w = find(rc, rc->mp, model_attr(o, targets[i]));
	if (!w.node)
		return none;
	const char *mod = model_attr(o, "Module");
	xmlNodePtr m = model_is(w.node, "UnitMonitor") ? w.node : mod ? module_in(w.node, mod)
								      : NULL;
	return m ? find(rc, w.owner, model_attr(m, "TypeID")) : none;
}

static void check_override(struct refcheck *rc, xmlNodePtr o)
{
	size_t len = strlen((const char *)o->name);
	const char *param = model_attr(o, "Parameter");
	if (len < 21 || strcmp((const char *)o->name + len - 21, "ConfigurationOverride") || !param)
		return;
	struct found t = override_type(rc, o);
	if (!t.node)
		return; /* the workflow, module or type is reported (or in a pack not at hand) */
	xmlNodePtr ops = model_child(t.node, "OverrideableParameters");
	const char **ids = NULL;
	size_t n = 0;
	for (xmlNodePtr p = model_child(ops, "OverrideableParameter"); p; p = model_next(p, "OverrideableParameter")) {
		ids = xrealloc(ids, (n + 1) * sizeof(*ids));
		ids[n++] = mp_id_of(p) ? mp_id_of(p) : "";
	}
	if (!one_of(param, ids, n)) {
		diag_error(rc->sink, at(rc, o, "Parameter"), "E723", "'%s' is not an overrideable parameter of '%s'",
			   param, mp_id_of(t.node));
		if (n)
			hint_choice(rc, param, ids, n, "its overrideable parameters are: ");
		else
			diag_hint(rc->sink, "'%s' declares no OverrideableParameters", mp_id_of(t.node));
	}
	free(ids);
}

static void visit(struct refcheck *rc, xmlNodePtr n)
{
	check_module(rc, n);
	check_target(rc, n);
	check_monitor(rc, n);
	check_message_id(rc, n);
	check_override(rc, n);
}

void refcheck_run(struct refcheck *rc)
{
	for (size_t i = 0; i < rc->mp->nrefs; i++)
		check_reference(rc, &rc->mp->refs[i]);
	walk(rc, visit);
}

/* ---- without references ---- */

static bool known_by_heart(struct mp_file *mp, const char *tid)
{
	static const char *const known[][2] = {
		{ "Microsoft.Windows.Library", "Microsoft.Windows.EventProvider" },
		{ "System.Health.Library", "System.Health.GenerateAlert" },
	};
	const char *bang = strchr(tid, '!');
	struct mp_ref *r = bang ? mp_ref_by_alias(mp, tid, (size_t)(bang - tid)) : NULL;
	for (size_t i = 0; r && i < ARRAY_SIZE(known); i++)
		if (!strcasecmp(r->id, known[i][0]) && !strcmp(bang + 1, known[i][1]))
			return true;
	return false;
}

struct unchecked {
	xmlHashTablePtr types, classes;
};

static void count_unchecked(struct refcheck *rc, xmlNodePtr n)
{
	struct unchecked *u = rc->at_ctx;
	const char *tid = slot_kind(n) ? model_attr(n, "TypeID") : NULL;
	if (tid && strchr(tid, '!') && !known_by_heart(rc->mp, tid))
		xmlHashAddEntry(u->types, BAD_CAST tid, n);
	const char *target = is_workflow(n) ? model_attr(n, "Target") : NULL;
	if (target && strchr(target, '!'))
		xmlHashAddEntry(u->classes, BAD_CAST target, n);
}

void refcheck_note_unchecked(struct mp_file *mp, struct source *src, struct diag_sink *sink)
{
	struct unchecked u = { xmlHashCreate(16), xmlHashCreate(16) };
	struct refcheck rc = { .mp = mp, .sink = sink, .at_ctx = &u };
	if (mp->root)
		walk_sections(&rc, count_unchecked, true);
	int types = xmlHashSize(u.types), classes = xmlHashSize(u.classes);
	if (types > 0)
		mp_file_warning(sink, src, "W701", true,
				"no reference packs: the configuration of %d module type%s and %d target class%s "
				"of other packs not checked (--references DIR)",
				types, types == 1 ? "" : "s", classes, classes == 1 ? "" : "es");
	xmlHashFree(u.types, NULL);
	xmlHashFree(u.classes, NULL);
}
