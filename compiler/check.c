/*
 * check.c - semantic validation of the model (names, refs, duplicates,
 * ranges, knowledge). Every rule reports with a stable ID and, where
 * cheap, a hint. Alerts are read through model_prop(), so an inherited
 * value is checked once, at the defaults, not once per alert.
 */
#include "check.h"

#include <ctype.h>
#include <strings.h>

#include "aliases.h"
#include "check_overlap.h"
#include "emit_expr.h"
#include "libraries.h"
#include "md.h"
#include "source.h"
#include "suggest.h"

struct checker {
	struct model *m;
	struct diag_sink *sink;
	unsigned errors_before;
	const char *pack_id;
	const char *aliases[64]; /* System, Windows, Health, then references */
	xmlNodePtr alias_node[64];
	bool alias_used[64];
	size_t naliases;
};

static const char *const types[] = { "Information", "Warning", "Error", "Critical Error" };
static const char *const prios[] = { "low", "normal", "high" };
/* Suppression fields and the event data each one stands for (same order). */
static const char *const fields[] = { "id", "source", "log", "computer",
				      "description", "user", "category", "level" };
static const char *const field_data[] = {
	"$Data/EventDisplayNumber$",
	"$Data/PublisherName$",
	"$Data/Channel$",
	"$Data/LoggingComputer$",
	"$Data/EventDescription$",
	"$Data/UserName$",
	"$Data/EventCategory$",
	"$Data/EventLevel$",
};
static const char *const targets[] = { "2007r2", "2012" };

static struct loc at(struct checker *c, xmlNodePtr n) { return model_loc(c->m, n); }

static struct loc attr_at(struct checker *c, xmlNodePtr n, const char *name)
{
	xmlAttrPtr a = n ? xmlHasProp(n, BAD_CAST name) : NULL;
	return a ? model_loc(c->m, (xmlNodePtr)a) : at(c, n);
}

/* ---- pure helpers ---- */

bool check_legend_has(xmlNodePtr alert, size_t n)
{
	xmlNodePtr legend = model_child(alert, "parameters");
	for (xmlNodePtr p = model_child(legend, "param"); p; p = model_next(p, "param")) {
		const char *v = model_attr(p, "n");
		if (v && strtoul(v, NULL, 10) == n)
			return true;
	}
	return false;
}

bool check_is_mp_id(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.')
			return false;
	return true;
}

static int lookup(const char *s, const char *const *tab, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(s, tab[i]) == 0)
			return (int)i;
	return -1;
}

/* Exact match, for values the model schema spells in one case only
 * (target, suppression fields). */
static int lookup_exact(const char *s, const char *const *tab, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(s, tab[i]) == 0)
			return (int)i;
	return -1;
}

int check_severity(const char *type)
{
	static const int sev[] = { 0, 1, 2, 2 };
	int i = lookup(type, types, ARRAY_SIZE(types));
	return i < 0 ? -1 : sev[i];
}

int check_priority(const char *prio) { return lookup(prio, prios, ARRAY_SIZE(prios)); }

bool check_is_wildcard(const char *s) { return strpbrk(s, "*?") != NULL; }

const char *check_suppress_value(const char *field)
{
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (strcmp(fields[i], field) == 0)
			return field_data[i];
	return NULL;
}

const char *check_suppress_field(const char *value)
{
	for (size_t i = 0; i < ARRAY_SIZE(field_data); i++)
		if (strcmp(field_data[i], value) == 0)
			return fields[i];
	return NULL;
}

const char *check_placeholder(const char *name, size_t len, char *buf)
{
	static const char *const tab[][2] = {
		{ "description", "$Data/EventDescription$" },
		{ "id", "$Data/EventDisplayNumber$" },
		{ "source", "$Data/PublisherName$" },
		{ "computer", "$Data/LoggingComputer$" },
		{ "log", "$Data/Channel$" },
		{ "user", "$Data/UserName$" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (strlen(tab[i][0]) == len && memcmp(tab[i][0], name, len) == 0)
			return tab[i][1];
	if (len > 5 && len <= 7 && memcmp(name, "param", 5) == 0) {
		int n = 0;
		for (size_t i = 5; i < len; i++) {
			if (!isdigit((unsigned char)name[i]))
				return NULL;
			n = n * 10 + (name[i] - '0');
		}
		if (n < 1 || name[5] == '0')
			return NULL;
		snprintf(buf, 64, "$Data/Params/Param[%d]$", n);
		return buf;
	}
	return NULL;
}

bool check_is_expr_placeholder(const char *name, size_t len)
{
	if (len < 3 || len > CHECK_MAX_EXPR || name[0] != '$' || name[len - 1] != '$')
		return false;
	for (size_t i = 1; i + 1 < len; i++)
		if (name[i] == '$' || name[i] == '{' || name[i] == '}' || (unsigned char)name[i] < 0x20)
			return false;
	return true;
}

bool check_next_placeholder(const char *s, xmlNodePtr alert, struct check_ph *ph)
{
	for (const char *p = s; *p; p++) {
		size_t len, n;
		if (*p == '{') {
			const char *e = strchr(p, '}');
			ph->at = p;
			ph->len = e ? (size_t)(e - p) + 1 : 1;
			ph->name = e ? p + 1 : NULL;
			ph->name_len = e ? (size_t)(e - p) - 1 : 0;
			return true;
		}
		if (*p == '%' && alert && (n = check_percent_param(p, &len)) && check_legend_has(alert, n)) {
			ph->at = p;
			ph->len = len;
			snprintf(ph->buf, sizeof(ph->buf), "param%zu", n);
			ph->name = ph->buf;
			ph->name_len = strlen(ph->buf);
			return true;
		}
	}
	return false;
}

static bool is_version(const char *s)
{
	for (int part = 0; part < 4; part++) {
		if (part && *s++ != '.')
			return false;
		long v = 0;
		int digits = 0;
		while (isdigit((unsigned char)*s) && digits < 6)
			v = v * 10 + (*s++ - '0'), digits++;
		if (!digits || v > 65535)
			return false;
	}
	return *s == '\0';
}

static bool is_date(const char *s)
{
	int y, mo, d;
	char tail;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &mo, &d, &tail) != 3)
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1])
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(mo == 2 && d == 29 && !leap);
}

static bool is_blank_text(const char *s)
{
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* ---- hash set of names (case-insensitive) ---- */

struct nameset {
	const char **keys;
	xmlNodePtr *nodes;
	size_t cap, n;
};

static uint64_t hash_ci(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (uint64_t)tolower((unsigned char)*s)) * 1099511628211ull;
	return h;
}

static void set_grow(struct nameset *s)
{
	struct nameset old = *s;
	s->cap = s->cap ? s->cap * 2 : 256;
	s->keys = xcalloc(s->cap, sizeof(*s->keys));
	s->nodes = xcalloc(s->cap, sizeof(*s->nodes));
	s->n = 0;
	for (size_t i = 0; i < old.cap; i++) {
		if (!old.keys[i])
			continue;
		size_t j = hash_ci(old.keys[i]) & (s->cap - 1);
		while (s->keys[j])
			j = (j + 1) & (s->cap - 1);
		s->keys[j] = old.keys[i];
		s->nodes[j] = old.nodes[i];
		s->n++;
	}
	free(old.keys);
	free(old.nodes);
}

/* Returns the node already holding an equal (case-insensitive) key, or
 * inserts key and returns NULL. */
static xmlNodePtr set_add(struct nameset *s, const char *key, xmlNodePtr node)
{
	if (2 * (s->n + 1) > s->cap)
		set_grow(s);
	size_t j = hash_ci(key) & (s->cap - 1);
	for (; s->keys[j]; j = (j + 1) & (s->cap - 1))
		if (strcasecmp(s->keys[j], key) == 0)
			return s->nodes[j];
	s->keys[j] = key;
	s->nodes[j] = node;
	s->n++;
	return NULL;
}

static void set_free(struct nameset *s)
{
	free(s->keys);
	free(s->nodes);
}

/* ---- pack ---- */

static void missing(struct checker *c, xmlNodePtr n, const char *what, const char *hint)
{
	diag_error(c->sink, at(c, n), "E315", "%s", what);
	if (hint)
		diag_hint(c->sink, "%s", hint);
}

static void check_text_len(struct checker *c, xmlNodePtr n, const char *what)
{
	if (n && utf8_chars(model_text(n)) > CHECK_MAX_TEXT) {
		diag_error(c->sink, at(c, n), "E324", "%s longer than %d characters", what,
			   CHECK_MAX_TEXT);
		diag_hint(c->sink, "shorten it: long text belongs in the knowledge article");
	}
}

static void check_version(struct checker *c, xmlNodePtr n, const char *v)
{
	if (!is_version(v)) {
		diag_error(c->sink, attr_at(c, n, "version"), "E303", "invalid version '%s'", v);
		diag_hint(c->sink, "use four numbers 0-65535: Major.Minor.Build.Revision, e.g. 1.0.0.0");
	}
}

static void check_pack_id(struct checker *c, xmlNodePtr pack)
{
	const char *id = model_attr(pack, "id");
	if (!id) {
		missing(c, pack, "the pack has no id", NULL);
		return;
	}
	c->pack_id = id;
	static const char *const reserved[] = { "assets", "index.html", "search.js", "search.json" };
	for (size_t i = 0; i < ARRAY_SIZE(reserved); i++)
		if (strcasecmp(id, reserved[i]) == 0) {
			diag_error(c->sink, attr_at(c, pack, "id"), "E301", "pack id '%s' is reserved", id);
			diag_hint(c->sink, "it would clash with the documentation site's own files");
			return;
		}
	if (!check_is_mp_id(id)) {
		diag_error(c->sink, attr_at(c, pack, "id"), "E301", "invalid pack id '%s'", id);
		diag_hint(c->sink, "use letters, digits, '.' and '_', starting with a letter: Company.Product.Alerts");
	} else if (strlen(id) > CHECK_MAX_ID) {
		diag_error(c->sink, attr_at(c, pack, "id"), "E302",
			   "pack id is %zu characters long; the limit is %d", strlen(id), CHECK_MAX_ID);
		diag_hint(c->sink, "shorten the pack id: it starts every element ID");
	}
}

static void check_date(struct checker *c, xmlNodePtr n)
{
	if (n && !is_date(model_text(n))) {
		diag_error(c->sink, at(c, n), "E319", "invalid date '%s'", model_text(n));
		diag_hint(c->sink, "use YYYY-MM-DD, e.g. 2007-11-16");
	}
}

static void check_pack_head(struct checker *c, xmlNodePtr pack)
{
	check_pack_id(c, pack);
	const char *v = model_attr(pack, "version");
	if (!v)
		missing(c, pack, "the pack has no 'version'", "add: version 1.0.0.0");
	else
		check_version(c, pack, v);
	const char *t = model_attr(pack, "target");
	if (t && lookup_exact(t, targets, 2) < 0) {
		diag_error(c->sink, attr_at(c, pack, "target"), "E320", "unknown target '%s'", t);
		const char *s = suggest(t, targets, 2);
		diag_hint(c->sink, "use '2007r2' (2007 R2 and later) or '2012' (2012 and later)%s%s%s",
			  s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
	}
	const char *l = model_attr(pack, "language");
	size_t ll = l ? strlen(l) : 0;
	bool ok = ll >= 1 && ll <= 3;
	for (size_t i = 0; ok && i < ll; i++)
		ok = l[i] >= 'A' && l[i] <= 'Z';
	if (l && !ok) {
		diag_error(c->sink, attr_at(c, pack, "language"), "E301", "invalid language code '%s'", l);
		diag_hint(c->sink, "use 1 to 3 upper-case letters, e.g. ENU");
	}
	xmlNodePtr name = model_child(pack, "name");
	if (!name)
		missing(c, pack, "the pack has no 'name'", "add: name \"Display name of the pack\"");
	else if (is_blank_text(model_text(name))) {
		diag_error(c->sink, at(c, name), "E310", "empty pack name");
		diag_hint(c->sink, "write the name the console shows: name \"Contoso Disk Alerts\"");
	}
	check_text_len(c, name, "pack name");
	check_text_len(c, model_child(pack, "description"), "pack description");
	check_date(c, model_child(pack, "modified"));
	check_text_len(c, model_child(pack, "manifest-name"), "manifest name");
}

static void add_alias(struct checker *c, const char *a, xmlNodePtr n)
{
	if (c->naliases < ARRAY_SIZE(c->aliases)) {
		c->aliases[c->naliases] = a;
		c->alias_node[c->naliases++] = n;
	}
}

static void check_reference(struct checker *c, xmlNodePtr r, struct nameset *ids)
{
	const char *id = model_attr(r, "id"), *key = model_attr(r, "key");
	const char *alias = model_attr(r, "alias"), *v = model_attr(r, "version");
	if (!id || !key || !alias || !v) {
		missing(c, r, "a reference needs an id, a version, a key and an alias", NULL);
		return;
	}
	if (!check_is_mp_id(id) || strlen(id) > CHECK_MAX_ID)
		diag_error(c->sink, attr_at(c, r, "id"), "E301", "invalid pack id '%s'", id);
	check_version(c, r, v);
	bool hex = strlen(key) == 16;
	for (size_t i = 0; hex && i < 16; i++)
		hex = isxdigit((unsigned char)key[i]);
	if (!hex) {
		diag_error(c->sink, attr_at(c, r, "key"), "E301", "invalid public key token '%s'", key);
		diag_hint(c->sink, "a token is 16 hexadecimal digits, e.g. 31bf3856ad364e35");
	}
	bool good = isalpha((unsigned char)*alias) || *alias == '_';
	for (const char *s = alias; good && *s; s++)
		good = isalnum((unsigned char)*s) || *s == '_' || *s == '.';
	if (!good) {
		diag_error(c->sink, attr_at(c, r, "alias"), "E301", "invalid alias '%s'", alias);
		diag_hint(c->sink, "use letters, digits, '_' and '.', starting with a letter");
		return;
	}
	const struct library *lib = library_by_id(id);
	bool builtin = lib && library_builtin(lib), own_alias = builtin && !strcmp(lib->alias, alias);
	for (size_t i = 0; i < c->naliases && !own_alias; i++)
		if (strcasecmp(c->aliases[i], alias) == 0) {
			diag_error(c->sink, attr_at(c, r, "alias"), "E323", "alias '%s' is already used%s",
				   alias, c->alias_node[i] ? "" : " by a built-in reference");
			if (c->alias_node[i])
				diag_note(c->sink, at(c, c->alias_node[i]), "first used here");
			return;
		}
	xmlNodePtr prev = set_add(ids, id, r);
	if (prev) {
		diag_error(c->sink, attr_at(c, r, "id"), "E323", "pack '%s' is referenced twice", id);
		diag_note(c->sink, at(c, prev), "first referenced here");
		diag_hint(c->sink, "one pack may have only one alias");
		return;
	}
	if (builtin) { /* the version, key and alias the pack references it by */
		if (!own_alias)
			add_alias(c, alias, NULL); /* usable beside the built-in alias */
		return;
	}
	add_alias(c, alias, r);
}

static void check_references(struct checker *c, xmlNodePtr pack)
{
	size_t n;
	const struct library *libs = libraries_all(&n);
	for (size_t i = 0; i < n; i++)
		if (library_builtin(&libs[i]))
			add_alias(c, libs[i].alias, NULL);
	struct nameset ids = { 0 };
	for (xmlNodePtr r = model_child(pack, "reference"); r; r = model_next(r, "reference"))
		check_reference(c, r, &ids);
	set_free(&ids);
}

/* ---- property values (alerts and defaults) ---- */

/* exact: only the canonical spelling is accepted (alert types are shown
 * as written, so "critical error" would reach the page); a value equal
 * but for case is told its spelling. */
static void check_choice(struct checker *c, xmlNodePtr n, const char *id, const char *what,
			 const char *const *tab, size_t ntab, const char *allowed, bool exact)
{
	const char *v = model_text(n);
	if ((exact ? lookup_exact(v, tab, ntab) : lookup(v, tab, ntab)) >= 0)
		return;
	diag_error(c->sink, at(c, n), id, "unknown %s '%s'", what, v);
	int ci = lookup(v, tab, ntab);
	const char *s = ci >= 0 ? tab[ci] : suggest(v, tab, ntab);
	if (s)
		diag_hint(c->sink, "did you mean '%s'?", s);
	else
		diag_hint(c->sink, "use one of: %s", allowed);
}

/* Marks the alias s[0..len) used by n, or E312 when it is not declared. */
static void use_alias(struct checker *c, xmlNodePtr n, const char *s, size_t len)
{
	for (size_t i = 0; i < c->naliases; i++)
		if (strlen(c->aliases[i]) == len && memcmp(c->aliases[i], s, len) == 0) {
			c->alias_used[i] = true;
			return;
		}
	char *alias = xstrndup(s, len);
	diag_error(c->sink, at(c, n), "E312", "unknown alias '%s'", alias);
	const char *sg = suggest(alias, c->aliases, c->naliases);
	if (sg)
		diag_hint(c->sink, "did you mean '%s'?", sg);
	else
		diag_hint(c->sink, "declare it: reference Pack.Id { version ...; key ...; alias %s }", alias);
	free(alias);
}

static void check_class(struct checker *c, xmlNodePtr n)
{
	const char *v = model_text(n);
	const char *bang = strchr(v, '!');
	size_t own = c->pack_id ? strlen(c->pack_id) : 0;
	if (!bang && own && !strncmp(v, c->pack_id, own) && v[own] == '.' && check_is_mp_id(v))
		return; /* a class of this pack: a fragment must define it (E375) */
	if (!bang) {
		diag_error(c->sink, at(c, n), "E312", "class '%s' has no alias", v);
		diag_hint(c->sink, "write Alias!Class.Id, e.g. Windows!Microsoft.Windows.Computer");
		return;
	}
	if (!check_is_mp_id(bang + 1)) {
		diag_error(c->sink, at(c, n), "E301", "invalid class id '%s'", bang + 1);
		diag_hint(c->sink, "write Alias!Class.Id, e.g. Windows!Microsoft.Windows.Computer");
		return;
	}
	use_alias(c, n, v, (size_t)(bang - v));
}

/* An alias used in a value (aliases.h) of node ctx->n. */
struct alias_use {
	struct checker *c;
	xmlNodePtr n;
};

static void used_in_value(void *ctx, const char *s, size_t len)
{
	struct alias_use *u = ctx;
	use_alias(u->c, u->n, s, len);
}

/* Every alias in the text of n ("$Target/Property[Type="SQL!..."]/...$")
 * must be declared: the pack then references it. */
static void check_value_aliases(struct checker *c, xmlNodePtr n)
{
	struct alias_use u = { c, n };
	aliases_each(model_text(n), used_in_value, &u);
}

/* run-as / alert-run-as: Alias!Profile, or (no alias) a profile of this
 * pack, which a fragment defines (E381). */
static void check_profile(struct checker *c, xmlNodePtr n)
{
	const char *v = model_text(n), *bang = strchr(v, '!');
	if (bang && check_is_mp_id(bang + 1) && bang > v) {
		use_alias(c, n, v, (size_t)(bang - v));
		return;
	}
	if (!bang && check_is_mp_id(v) && strlen(v) <= CHECK_MAX_ID)
		return;
	diag_error(c->sink, at(c, n), "E376", "'%s' is not a Run As profile '%s' can name", v, (const char *)n->name);
	diag_hint(c->sink, "write Alias!Profile.Id (a profile of a referenced pack) or an ID of this pack's fragment (%s.Profile)",
		  c->pack_id ? c->pack_id : "Pack.Id");
}

static void check_source(struct checker *c, xmlNodePtr n)
{
	const char *v = model_text(n);
	if (model_attr(n, "match")) {
		if (!*v)
			diag_error(c->sink, at(c, n), "E326", "empty pattern for the event source");
		return;
	}
	if (is_blank_text(v)) {
		diag_error(c->sink, at(c, n), "E313", "empty event source");
		diag_hint(c->sink, "name the event source, e.g. source MSExchangeIS");
	} else if (strstr(v, "**")) {
		diag_error(c->sink, at(c, n), "E313", "repeated '*' in source '%s'", v);
		diag_hint(c->sink, "one '*' already matches any run of characters");
	} else if (strspn(v, "*") == strlen(v)) {
		diag_warning(c->sink, at(c, n), "W303", "source '%s' matches every event source", v);
		diag_hint(c->sink, "name the source, or a prefix such as MSExchange*");
	}
}

static void check_log(struct checker *c, xmlNodePtr n)
{
	const char *v = model_text(n);
	if (check_is_wildcard(v)) {
		diag_error(c->sink, at(c, n), "E313", "the event log name '%s' cannot be a wildcard", v);
		diag_hint(c->sink, "wildcards are allowed in 'source' only");
	} else if (is_blank_text(v)) {
		diag_error(c->sink, at(c, n), "E315", "empty event log name");
		diag_hint(c->sink, "name the event log, e.g. log Application");
	}
}

static void check_link(struct checker *c, xmlNodePtr l)
{
	const char *href = model_attr(l, "href");
	if (!href)
		return;
	size_t scheme = strcspn(href, ":/?#");
	bool ok;
	if (href[scheme] == ':') {
		ok = (scheme == 4 && strncasecmp(href, "http", 4) == 0) ||
		     (scheme == 5 && strncasecmp(href, "https", 5) == 0) ||
		     (scheme == 6 && strncasecmp(href, "mailto", 6) == 0);
	} else {
		ok = *href && strncmp(href, "//", 2) != 0;
	}
	for (const char *s = href; ok && *s; s++)
		ok = (unsigned char)*s > ' ';
	if (!ok) {
		diag_error(c->sink, attr_at(c, l, "href"), "E314", "link target '%s' is not allowed", href);
		diag_hint(c->sink, "links may use http:, https:, mailto: or a relative path");
	}
}

static bool is_inline(xmlNodePtr n)
{
	const char *s = (const char *)n->name;
	return !strcmp(s, "b") || !strcmp(s, "i") || !strcmp(s, "link");
}

/* Nesting of n inside root: lists counted for a list, b/i/link for an
 * inline element (XML models may nest deeper than .alert Markdown can). */
static int nesting(xmlNodePtr n, xmlNodePtr root, bool list)
{
	int d = 0;
	for (xmlNodePtr p = n; p && p != root; p = p->parent)
		if (p->type == XML_ELEMENT_NODE &&
		    (list ? strcmp((const char *)p->name, "list") == 0 : is_inline(p)))
			d++;
	return d;
}

/* E206 for n nested too deep; true if reported (its children are skipped). */
static bool too_deep(struct checker *c, xmlNodePtr n, xmlNodePtr root)
{
	bool list = strcmp((const char *)n->name, "list") == 0;
	if (!list && !is_inline(n))
		return false;
	int max = list ? MD_MAX_DEPTH : MD_MAX_INLINE_DEPTH;
	if (nesting(n, root, list) <= max)
		return false;
	diag_error(c->sink, at(c, n), "E206", list ? "lists nested deeper than %d levels" : "emphasis and links nested deeper than %d levels", max);
	return true;
}

/* Walks blocks iteratively checking links and nesting depth. */
static void check_blocks(struct checker *c, xmlNodePtr root)
{
	xmlNodePtr n = root ? root->children : NULL;
	while (n && n != root) {
		bool deep = n->type == XML_ELEMENT_NODE && too_deep(c, n, root);
		if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "link") == 0)
			check_link(c, n);
		if (n->children && n->type == XML_ELEMENT_NODE && !deep) {
			n = n->children;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (n && n != root)
			n = n->next;
	}
}

/* The alert or monitor a property (or a monitor's alert text) belongs to. */
static xmlNodePtr item_of(xmlNodePtr n)
{
	for (int i = 0; i < 2 && n; i++, n = n->parent)
		if (model_is_item(n->parent))
			return n->parent;
	return NULL;
}

/* The number of a %N insertion-string reference at s ("%1".."%99"), its
 * length in *len; 0 when s is not one. */
size_t check_percent_param(const char *s, size_t *len)
{
	if (s[0] != '%' || !isdigit((unsigned char)s[1]) || s[1] == '0')
		return 0;
	size_t n = (size_t)(s[1] - '0'), l = 2;
	if (isdigit((unsigned char)s[2])) {
		n = n * 10 + (size_t)(s[2] - '0');
		l = 3;
	}
	*len = l;
	return n;
}

/* W305: %N (Windows' insertion-string syntax, as knowledge pages quote
 * event messages) is not a placeholder: the console shows it as written,
 * unless the alert's parameter legend declares it. */
static void check_percent_params(struct checker *c, xmlNodePtr desc)
{
	xmlNodePtr alert = item_of(desc);
	for (const char *p = strchr(model_text(desc), '%'); p; p = strchr(p + 1, '%')) {
		size_t len, n = check_percent_param(p, &len);
		if (!n || (model_is_item(alert) && check_legend_has(alert, n)))
			continue;
		diag_warning(c->sink, at(c, desc), "W305",
			     "'%.*s' in the description is shown literally by the console", (int)len, p);
		diag_hint(c->sink, "write {param%zu} for the event's parameter %zu, or declare it in "
				   "the alert: parameters { %%%zu \"what it holds\" }",
			  n, n, n);
		return;
	}
}

static void check_description(struct checker *c, xmlNodePtr n)
{
	char *seen[CHECK_MAX_PARAMS + 1]; /* copies: a %N's name is in ph.buf */
	size_t nseen = 0;
	char buf[64];
	xmlNodePtr alert = item_of(n);
	struct check_ph ph;
	bool bad = false;
	for (const char *p = model_text(n); check_next_placeholder(p, alert, &ph); p = ph.at + ph.len) {
		bool expr = ph.name && check_is_expr_placeholder(ph.name, ph.name_len);
		if (!ph.name || (!expr && !check_placeholder(ph.name, ph.name_len, buf))) {
			diag_error(c->sink, at(c, n), "E317", "unknown placeholder '%.*s' in the description",
				   (int)MIN(ph.len, 40), ph.at);
			diag_hint(c->sink, "use {description}, {id}, {source}, {computer}, {log}, {user}, {param1}..{param99} "
					   "or an expression {$...$}");
			bad = true;
			break;
		}
		if (expr) {
			char *e = xstrndup(ph.name, ph.name_len);
			struct alias_use u = { c, n };
			aliases_each(e, used_in_value, &u);
			free(e);
		}
		bool dup = false;
		for (size_t i = 0; i < nseen; i++)
			dup |= strlen(seen[i]) == ph.name_len && memcmp(seen[i], ph.name, ph.name_len) == 0;
		if (!dup && nseen == CHECK_MAX_PARAMS) {
			diag_error(c->sink, at(c, n), "E318",
				   "the description uses more than %d different placeholders", CHECK_MAX_PARAMS);
			diag_hint(c->sink, "use fewer; {description} holds the whole event text");
			bad = true;
			break;
		}
		if (!dup)
			seen[nseen++] = xstrndup(ph.name, ph.name_len);
	}
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	if (bad)
		return;
	check_text_len(c, n, "description");
	check_percent_params(c, n);
}

static void check_suppress(struct checker *c, xmlNodePtr n)
{
	const char *absent = model_attr(n, "absent");
	if (absent && !strcmp(absent, "true") && model_child(n, NULL)) {
		diag_error(c->sink, attr_at(c, n, "absent"), "E377",
			   "'absent' (no Suppression element) cannot be given with suppression values");
		diag_hint(c->sink, "write suppress absent alone, or list the values without it");
	}
	for (xmlNodePtr v = model_child(n, "value"); v; v = model_next(v, "value"))
		check_value_aliases(c, v);
	for (xmlNodePtr f = model_child(n, "field"); f; f = model_next(f, "field")) {
		const char *v = model_text(f);
		if (lookup_exact(v, fields, ARRAY_SIZE(fields)) >= 0)
			continue;
		diag_error(c->sink, at(c, f), "E322", "unknown suppression field '%s'", v);
		const char *s = suggest(v, fields, ARRAY_SIZE(fields));
		if (s)
			diag_hint(c->sink, "did you mean '%s'?", s);
		else
			diag_hint(c->sink, "use id, source, log, computer, description, user, category, level, paramN, a \"$Data/...$\" value, none or absent");
	}
	if (!model_child(n, NULL))
		diag_warning(c->sink, at(c, n), "W304",
			     "suppression is off: every matching event raises a new alert");
}

/* ---- filters ---- */

static const char *const levels[] = { "success", "error", "warning", "information",
				      "audit-success", "audit-failure" };

enum { CHECK_MAX_FILTER_DEPTH = 8 }; /* as the parser's any/all/not limit */

static void check_condition(struct checker *c, xmlNodePtr cond, int depth)
{
	const char *name = (const char *)cond->name;
	if (!strcmp(name, "any") || !strcmp(name, "all") || !strcmp(name, "not")) {
		if (depth >= CHECK_MAX_FILTER_DEPTH) {
			diag_error(c->sink, at(c, cond), "E206", "filter groups nested deeper than %d levels",
				   CHECK_MAX_FILTER_DEPTH);
			return;
		}
		for (xmlNodePtr k = model_child(cond, NULL); k; k = model_next(k, NULL))
			check_condition(c, k, depth + 1);
		return;
	}
	const char *v = model_text(cond);
	if (!strcmp(name, "level")) {
		if (lookup_exact(v, levels, ARRAY_SIZE(levels)) >= 0)
			return;
		diag_error(c->sink, at(c, cond), "E325", "unknown event level '%s'", v);
		int ci = lookup(v, levels, ARRAY_SIZE(levels));
		const char *s = ci >= 0 ? levels[ci] : suggest(v, levels, ARRAY_SIZE(levels));
		if (s)
			diag_hint(c->sink, "did you mean '%s'?", s);
		else
			diag_hint(c->sink, "use success, error, warning, information, audit-success or audit-failure");
		return;
	}
	const char *op = model_attr(cond, "op");
	if (op && (!strcmp(op, "contains") || !strcmp(op, "matches")) && !*v)
		diag_error(c->sink, at(c, cond), "E326", "empty pattern for '%s %s'", name, op);
	check_value_aliases(c, cond);
}

static void check_filter(struct checker *c, xmlNodePtr f)
{
	for (xmlNodePtr k = model_child(f, NULL); k; k = model_next(k, NULL))
		check_condition(c, k, 1);
}

/* The properties that state a rule as it was written (issue 14): an ID,
 * and the rule attributes the derived form fixes. False if p is none. */
static bool check_rule_prop(struct checker *c, xmlNodePtr p)
{
	static const char *const categories[] = {
		"PerformanceCollection", "Operations", "EventCollection", "StateCollection",
		"SoftwareAndUpdates", "Alert", "System", "Custom", "AvailabilityHealth", "PerformanceHealth",
		"ConfigurationHealth", "SecurityHealth", "Discovery", "Notification", "DSIntegration",
		"ConnectorFramework", "ExceptionMonitoring", "Maintenance", "None"
	};
	static const char *const wprios[] = { "Low", "Normal", "High" };
	const char *name = (const char *)p->name, *v = model_text(p);
	if (!strcmp(name, "id") || !strcmp(name, "message-id")) {
		if (!check_is_mp_id(v) || strlen(v) > CHECK_MAX_ID)
			diag_error(c->sink, at(c, p), "E370", "invalid element ID '%s' for '%s'", v, name);
	} else if (!strcmp(name, "category")) {
		check_choice(c, p, "E371", "rule category", categories, ARRAY_SIZE(categories),
			     "Alert, EventCollection, Operations, Custom, ... (the MP schema's list)", true);
	} else if (!strcmp(name, "rule-priority")) {
		check_choice(c, p, "E372", "rule priority", wprios, ARRAY_SIZE(wprios), "Low, Normal, High", true);
	} else if (!strcmp(name, "confirm-delivery") || !strcmp(name, "remotable")) {
		if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0)
			diag_error(c->sink, at(c, p), "E321", "invalid boolean '%s'", v);
	} else if (!strcmp(name, "discard-level")) {
		char *end;
		long n = strtol(v, &end, 10);
		if (!*v || *end || n < 1 || n > 100)
			diag_error(c->sink, at(c, p), "E373", "discard level '%s' is not a number from 1 to 100", v);
	} else if (!strcmp(name, "run-as") || !strcmp(name, "alert-run-as")) {
		check_profile(c, p);
	} else if (!strcmp(name, "computer-name")) {
		check_value_aliases(c, p);
	} else if (!strcmp(name, "rule-description")) {
		check_text_len(c, p, "rule description");
	} else if (!strcmp(name, "order") || !strcmp(name, "types")) {
		/* checked with the whole alert: check_as_written() */
	} else if (!strcmp(name, "comment")) {
		size_t len = strlen(v);
		if (len < 1 || len > 256)
			diag_error(c->sink, at(c, p), "E374", "a rule comment has 1 to 256 characters, not %zu", len);
	} else {
		return false;
	}
	return true;
}

/* Checks the value properties present directly under n (alert or defaults). */
static void check_values(struct checker *c, xmlNodePtr n)
{
	for (xmlNodePtr p = model_child(n, NULL); p; p = model_next(p, NULL)) {
		const char *name = (const char *)p->name;
		if (check_rule_prop(c, p))
			continue;
		if (!strcmp(name, "type"))
			check_choice(c, p, "E305", "alert type", types, ARRAY_SIZE(types),
				     "Information, Warning, Error, Critical Error", true);
		else if (!strcmp(name, "priority"))
			check_choice(c, p, "E306", "priority", prios, ARRAY_SIZE(prios), "low, normal, high", false);
		else if (!strcmp(name, "class"))
			check_class(c, p);
		else if (!strcmp(name, "source"))
			check_source(c, p);
		else if (!strcmp(name, "log"))
			check_log(c, p);
		else if (!strcmp(name, "filter"))
			check_filter(c, p);
		else if (!strcmp(name, "intro"))
			check_blocks(c, p);
		else if (!strcmp(name, "description") && model_is(n, "alert"))
			check_description(c, p);
		else if (!strcmp(name, "suppress"))
			check_suppress(c, p);
		else if (!strcmp(name, "modified"))
			check_date(c, p);
		else if (!strcmp(name, "rule") || !strcmp(name, "title")) {
			if (is_blank_text(model_text(p))) {
				diag_error(c->sink, at(c, p), "E310", "empty %s", name);
				diag_hint(c->sink, "write the text the console shows");
			}
			check_text_len(c, p, name);
		}
	}
}

/* ---- alerts ---- */

static void check_events(struct checker *c, xmlNodePtr alert)
{
	xmlNodePtr ev = model_child(alert, "event");
	if (!ev || !model_child(ev, NULL)) {
		diag_error(c->sink, at(c, ev ? ev : alert), "E315", "the %s has no event ID",
			   (const char *)alert->name);
		diag_hint(c->sink, "add: event 1234");
		return;
	}
	for (xmlNodePtr e = model_child(ev, NULL); e; e = model_next(e, NULL)) {
		bool range = strcmp((const char *)e->name, "range") == 0;
		const char *a = range ? model_attr(e, "from") : model_text(e);
		const char *b = range ? model_attr(e, "to") : a;
		long from = a ? strtol(a, NULL, 10) : -1, to = b ? strtol(b, NULL, 10) : -1;
		if (!a || !b || from < 0 || to < 0 || strlen(a) > 10 || strlen(b) > 10 ||
		    from > 65535 || to > 65535) {
			diag_error(c->sink, at(c, e), "E304", "event ID %s%s%s is out of range",
				   a ? a : "?", range ? "-" : "", range ? (b ? b : "?") : "");
			diag_hint(c->sink, "event IDs are 0 to 65535");
		} else if (from > to) {
			diag_error(c->sink, at(c, e), "E316", "empty event range %s-%s", a, b);
			diag_hint(c->sink, "write the lower ID first: %s-%s", b, a);
		}
	}
}

static void check_knowledge(struct checker *c, xmlNodePtr alert)
{
	xmlNodePtr k = model_child(alert, "knowledge");
	if (!k) {
		diag_warning(c->sink, at(c, alert), "W301", "%s '%s' has no knowledge article",
			     (const char *)alert->name, model_attr(alert, "name"));
		diag_hint(c->sink, "add knowledge { section \"Summary\" \"\"\" ... \"\"\" }");
		return;
	}
	if (!model_child(k, "section")) {
		diag_error(c->sink, at(c, k), "E309", "empty knowledge article");
		diag_hint(c->sink, "add at least one section \"Title\" \"\"\" text \"\"\"");
		return;
	}
	struct nameset titles = { 0 };
	for (xmlNodePtr s = model_child(k, "section"); s; s = model_next(s, "section")) {
		const char *t = model_attr(s, "title");
		if (!t || is_blank_text(t)) {
			diag_error(c->sink, attr_at(c, s, "title"), "E310", "empty section title");
			diag_hint(c->sink, "give the section a title: section \"Summary\" ...");
			continue;
		}
		xmlNodePtr prev = set_add(&titles, t, s);
		if (prev) {
			diag_error(c->sink, attr_at(c, s, "title"), "E311", "duplicate section title '%s'", t);
			diag_hint(c->sink, "merge the two sections, or give this one its own title");
			diag_note(c->sink, attr_at(c, prev, "title"), "first used here");
		}
		if (!model_child(s, NULL)) {
			diag_error(c->sink, at(c, s), "E309", "section '%s' is empty", t);
			diag_hint(c->sink, "write the section's text, or remove the section");
		}
		check_blocks(c, s);
	}
	set_free(&titles);
}

static void check_required(struct checker *c, xmlNodePtr alert)
{
	const char *kind = (const char *)alert->name;
	if (!model_prop(alert, "source")) {
		diag_error(c->sink, at(c, alert), "E315", "the %s has no event source", kind);
		diag_hint(c->sink, "set 'source' in the %s or in 'defaults'", kind);
	}
	if (!model_prop(alert, "title")) {
		diag_error(c->sink, at(c, alert), "E315", "the %s has no 'title'", kind);
		diag_hint(c->sink, "add: title \"What went wrong\"");
	}
}

static void check_name(struct checker *c, xmlNodePtr alert, struct nameset *names)
{
	const char *name = model_attr(alert, "name");
	if (!name) {
		missing(c, alert, "the alert has no name", NULL);
		return;
	}
	bool ok = *name && *name != '.' && name[strlen(name) - 1] != '.' && !strstr(name, "..");
	for (const char *s = name; ok && *s; s++)
		ok = isalnum((unsigned char)*s) || *s == '_' || *s == '.';
	if (!ok) {
		diag_error(c->sink, attr_at(c, alert, "name"), "E301", "invalid alert name '%s'", name);
		diag_hint(c->sink, "use letters, digits and '_' (dots between parts): it becomes part of element IDs");
		return;
	}
	enum { MAX_NAME = 200 }; /* alertName in schemas/alertdef.xsd */
	if (strcasecmp(name, "index") == 0) {
		diag_error(c->sink, attr_at(c, alert, "name"), "E301", "alert name '%s' is reserved", name);
		diag_hint(c->sink, "the pack's index page is index.html; choose another name");
		return;
	}
	const char *suffix = model_is(alert, "monitor") ? ".Monitor" : ".Rule";
	size_t idlen = (c->pack_id ? strlen(c->pack_id) : 0) + 1 + strlen(name) + strlen(suffix) +
		       strlen(".AlertMessage");
	if (strlen(name) > MAX_NAME) {
		diag_error(c->sink, attr_at(c, alert, "name"), "E302",
			   "alert name is %zu characters long; the limit is %d", strlen(name), MAX_NAME);
		diag_hint(c->sink, "shorten the alert name");
		return;
	}
	if (idlen > CHECK_MAX_ID) {
		diag_error(c->sink, attr_at(c, alert, "name"), "E302",
			   "alert name makes an element ID of %zu characters; the limit is %d", idlen,
			   CHECK_MAX_ID);
		diag_hint(c->sink, "shorten the alert name or the pack id");
		return;
	}
	xmlNodePtr prev = set_add(names, name, alert);
	if (!prev)
		return;
	const char *pname = model_attr(prev, "name");
	if (!xmlStrEqual(prev->name, alert->name)) {
		diag_error(c->sink, attr_at(c, alert, "name"), "E307",
			   "name '%s' is used by an alert and by a monitor", name);
		diag_hint(c->sink, "alerts and monitors share the pack's page names (NAME.html): rename one");
	} else if (strcmp(pname, name) == 0) {
		diag_error(c->sink, attr_at(c, alert, "name"), "E307", "duplicate %s name '%s'",
			   (const char *)alert->name, name);
		diag_hint(c->sink, "%s names are unique in a pack (they make the %s IDs): rename one",
			  (const char *)alert->name, model_is(alert, "monitor") ? "monitor" : "rule");
	} else {
		diag_error(c->sink, attr_at(c, alert, "name"), "E308",
			   "element ID '%s.%s%s' differs only in case from '%s.%s%s'",
			   c->pack_id ? c->pack_id : "", name, suffix, c->pack_id ? c->pack_id : "",
			   pname, suffix);
		diag_hint(c->sink, "SCOM compares IDs without case: rename one so they differ in more than case");
	}
	diag_note(c->sink, attr_at(c, prev, "name"), "first used here");
}

/* ---- the filter as written: order and types ---- */

/* The words of a list value ("source, event"), at most max, into w. */
static size_t list_words(const char *s, const char **w, size_t *len, size_t max)
{
	size_t n = 0;
	while (*s) {
		s += strspn(s, ", \t");
		size_t k = strcspn(s, ", \t");
		if (!k)
			break;
		if (n < max)
			w[n] = s, len[n] = k;
		n++;
		s += k;
	}
	return n;
}

/* order: event and source once each, filter at most once. */
static void check_order(struct checker *c, xmlNodePtr o)
{
	static const char *const words[] = { "event", "source", "filter" };
	const char *w[8];
	size_t len[8], seen[3] = { 0 };
	size_t n = list_words(model_text(o), w, len, 8);
	for (size_t i = 0; i < n && i < 8; i++) {
		size_t k = 0;
		while (k < 3 && !(strlen(words[k]) == len[i] && !memcmp(words[k], w[i], len[i])))
			k++;
		if (k == 3) {
			diag_error(c->sink, at(c, o), "E378", "'%.*s' is not an operand 'order' can place", (int)len[i], w[i]);
			diag_hint(c->sink, "order names event, source and filter, e.g. order source, event");
			return;
		}
		seen[k]++;
	}
	if (n > 3 || seen[0] != 1 || seen[1] != 1 || seen[2] > 1) {
		diag_error(c->sink, at(c, o), "E378", "'order' names event and source once each (and filter at most once)");
		diag_hint(c->sink, "e.g. order source, event, filter");
	}
}

/* The tests the data source's expression has: one per event ID, two per
 * range, one for the source, one per filter condition. */
static size_t count_tests(xmlNodePtr n, int depth)
{
	size_t k = 0;
	for (xmlNodePtr c = model_child(n, NULL); c && depth < 16; c = model_next(c, NULL))
		if (model_is(c, "any") || model_is(c, "all") || model_is(c, "not"))
			k += count_tests(c, depth + 1);
		else
			k += model_is(c, "range") ? 2 : 1;
	return k;
}

/* types: one of none, query, value, all; or one per test. */
static void check_types(struct checker *c, xmlNodePtr alert, xmlNodePtr t)
{
	size_t n = list_words(model_text(t), NULL, NULL, 0);
	for (const char *s = model_text(t); *s;) {
		s += strspn(s, ", \t");
		size_t k = strcspn(s, ", \t");
		if (k && emit_types_word(s, k) == UINT_MAX) {
			diag_error(c->sink, at(c, t), "E379", "unknown types '%.*s'", (int)k, s);
			diag_hint(c->sink, "use all (Type on XPathQuery and Value), query, value, none, or a type "
					   "(Integer, UnsignedInteger, String, Boolean, Double, Duration, DateTime)");
			return;
		}
		s += k;
	}
	size_t tests = count_tests(model_child(alert, "event"), 0) + 1 + count_tests(model_child(alert, "filter"), 0);
	if (n != 1 && n != tests) {
		diag_error(c->sink, at(c, t), "E379", "'types' gives %zu values for %zu tests", n, tests);
		diag_hint(c->sink, "give one value for every test, or one per test in the order they are written");
	}
}

static void check_as_written(struct checker *c, xmlNodePtr alert)
{
	xmlNodePtr o = model_child(alert, "order"), t = model_child(alert, "types");
	if (o)
		check_order(c, o);
	if (t)
		check_types(c, alert, t);
}

static void check_alert(struct checker *c, xmlNodePtr alert, struct nameset *names)
{
	check_name(c, alert, names);
	const char *en = model_attr(alert, "enabled");
	if (en && strcmp(en, "true") != 0 && strcmp(en, "false") != 0) {
		diag_error(c->sink, attr_at(c, alert, "enabled"), "E321", "invalid boolean '%s'", en);
		diag_hint(c->sink, "use true or false");
	}
	check_events(c, alert);
	check_values(c, alert);
	check_as_written(c, alert);
	check_required(c, alert);
	check_knowledge(c, alert);
	xmlNodePtr cls = model_prop(alert, "class");
	if (!cls)
		c->alias_used[1] = true; /* the built-in default uses Windows */
}

/* ---- monitors ---- */

static const char *const states[] = { "Warning", "Error" };
static const char *const parents[] = { "availability", "configuration", "performance", "security" };
static const char *const severities[] = { "match", "Information", "Warning", "Error" };

static void check_reset(struct checker *c, xmlNodePtr mon, xmlNodePtr r)
{
	const char *kind = model_attr(r, "kind");
	if (kind && !strcmp(kind, "timer") && !model_attr(r, "seconds"))
		missing(c, r, "a timer reset needs its seconds", "reset timer 3600");
	if (!kind || strcmp(kind, "event") != 0)
		return;
	if (model_child(mon, "repeat")) {
		diag_error(c->sink, at(c, r), "E327", "a repeated-event monitor cannot reset on an event");
		diag_hint(c->sink, "use reset timer DURATION or reset manual");
		return;
	}
	check_events(c, r);
	check_values(c, r);
}

/* W306: MPBPA "health states should correspond to alert severities". */
static void check_severity_match(struct checker *c, xmlNodePtr sev, const char *state)
{
	const char *v = model_text(sev);
	if (!strcmp(v, "match") || !strcmp(v, state) || lookup_exact(v, severities, 4) < 0)
		return;
	diag_warning(c->sink, at(c, sev), "W306",
		     "alert severity '%s' does not correspond to the monitor's state '%s'", v, state);
	diag_hint(c->sink, "leave severity out (it matches the state), or write severity %s", state);
}

static void check_monitor_alert(struct checker *c, xmlNodePtr a, const char *state)
{
	for (xmlNodePtr p = model_child(a, NULL); p; p = model_next(p, NULL)) {
		const char *name = (const char *)p->name;
		if (!strcmp(name, "priority"))
			check_choice(c, p, "E306", "priority", prios, ARRAY_SIZE(prios), "low, normal, high", false);
		else if (!strcmp(name, "severity")) {
			check_choice(c, p, "E330", "alert severity", severities, ARRAY_SIZE(severities),
				     "match, Information, Warning, Error", true);
			check_severity_match(c, p, state);
		} else if (!strcmp(name, "auto-resolve") && strcmp(model_text(p), "true") &&
			   strcmp(model_text(p), "false")) {
			diag_error(c->sink, at(c, p), "E321", "invalid boolean '%s'", model_text(p));
			diag_hint(c->sink, "use true or false");
		} else if (!strcmp(name, "title")) {
			if (is_blank_text(model_text(p))) {
				diag_error(c->sink, at(c, p), "E310", "empty alert title");
				diag_hint(c->sink, "write the alert name operators see: title \"...\"");
			}
			check_text_len(c, p, "alert title");
		} else if (!strcmp(name, "description")) {
			check_description(c, p);
		}
	}
}

static void check_monitor(struct checker *c, xmlNodePtr mon)
{
	xmlNodePtr st = model_prop(mon, "state"), pa = model_prop(mon, "parent");
	if (st)
		check_choice(c, st, "E328", "health state", states, ARRAY_SIZE(states), "Warning, Error", true);
	if (pa)
		check_choice(c, pa, "E329", "parent monitor", parents, ARRAY_SIZE(parents),
			     "availability, configuration, performance, security", true);
	xmlNodePtr r = model_child(mon, "reset");
	if (!r)
		missing(c, mon, "the monitor has no 'reset'",
			"say how it becomes healthy: reset event 1234, reset timer 1h or reset manual");
	else
		check_reset(c, mon, r);
	xmlNodePtr a = model_child(mon, "alert-settings");
	if (a)
		check_monitor_alert(c, a, st ? model_text(st) : "Warning");
}

static void check_unused(struct checker *c)
{
	for (size_t i = 3; i < c->naliases; i++)
		if (!c->alias_used[i] && c->alias_node[i])
			diag_warning(c->sink, at(c, c->alias_node[i]), "W302",
				     "reference '%s' is not used by any alert", c->aliases[i]);
}

int check_model(struct model *m, struct diag_sink *sink)
{
	struct checker c = { .m = m, .sink = sink, .errors_before = sink->errors };
	xmlNodePtr pack = xmlDocGetRootElement(m->doc);
	if (!pack || strcmp((const char *)pack->name, "pack") != 0) {
		diag_error(sink, pack ? at(&c, pack) : LOC_NONE, "E401", "the root element must be 'pack'");
		return 1;
	}
	check_pack_head(&c, pack);
	check_references(&c, pack);
	xmlNodePtr defaults = model_child(pack, "defaults");
	if (defaults)
		check_values(&c, defaults);
	struct nameset names = { 0 };
	bool any = false;
	for (xmlNodePtr a = model_first_item(pack); a && !diag_full(sink); a = model_next_item(a)) {
		check_alert(&c, a, &names);
		if (model_is(a, "monitor"))
			check_monitor(&c, a);
		any = true;
	}
	set_free(&names);
	if (!any)
		missing(&c, pack, "the pack has no alerts or monitors",
			"add: alert Name { event 1234; title \"...\" }");
	check_unused(&c);
	if (sink->errors == c.errors_before)
		check_overlaps(m, sink);
	return (int)(sink->errors - c.errors_before);
}

const char *const *check_choices(const char *what, size_t *n)
{
	static const char *const computers[] = { "host", "target", "none" };
	static const char *const typed[] = { "all", "query", "value", "none" };
	static const char *const operands[] = { "event", "source", "filter" };
	static const struct word_list lists[] = {
		{ "type", types, ARRAY_SIZE(types) },
		{ "priority", prios, ARRAY_SIZE(prios) },
		{ "suppress", fields, ARRAY_SIZE(fields) },
		{ "target", targets, ARRAY_SIZE(targets) },
		{ "level", levels, ARRAY_SIZE(levels) },
		{ "computer-name", computers, ARRAY_SIZE(computers) },
		{ "types", typed, ARRAY_SIZE(typed) },
		{ "order", operands, ARRAY_SIZE(operands) },
	};
	return word_list_find(lists, ARRAY_SIZE(lists), what, n);
}
