/*
 * decompile.c - `scomc decompile`: an existing management pack back to
 * .alert source.
 *
 * Input: a pack read by mpread.c. For every rule that is an event alert
 * rule (one Microsoft.Windows.EventProvider data source whose filter is an
 * event-ID test and a source test, one System.Health.GenerateAlert write
 * action), it writes an `alert` with the rule's events, source, log, class,
 * severity, priority, names, description (alert parameters turned back into
 * placeholders), suppression and knowledge article (MAML turned into the
 * Markdown subset of docs/language.md). Everything else is listed in W610
 * warnings (and as comments at the top of the output).
 *
 * Then the source is compiled again and compared with the original
 * (decompile_check.c); every difference is a W611 warning. So nothing is
 * ever dropped silently, and a pack scomc wrote comes back unchanged.
 * Output: DIR/<ID>.alert through struct out (atomic).
 */
#include "decompile.h"

#include <ctype.h>
#include <strings.h>

#include "aliases.h"
#include "check.h"
#include "emit_expr.h"
#include "fmt.h"
#include "lex.h"
#include "libraries.h"
#include "maml.h"
#include "model.h"
#include "mpread.h"
#include "source.h"

#define COMPUTER "Microsoft.Windows.Computer"

/* ---- small helpers ---- */

size_t dc_count(xmlNodePtr n, const char *name)
{
	size_t k = 0;
	for (xmlNodePtr c = model_child(n, NULL); c; c = model_next(c, NULL))
		k += !name || model_is(c, name);
	return k;
}

/* Adds "# <prefix>: <msg>" to the notes: one line, and whole UTF-8
 * characters (vsnprintf may have cut the last one). */
static void note_line(struct dc *d, const char *prefix, const char *msg)
{
	size_t n = strlen(msg), lead = n;
	while (lead > 0 && ((unsigned char)msg[lead - 1] & 0xC0) == 0x80)
		lead--;
	if (lead > 0 && (unsigned char)msg[lead - 1] >= 0xC0) {
		unsigned char c = (unsigned char)msg[lead - 1];
		size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3
							: 2;
		if (n - (lead - 1) < want)
			n = lead - 1;
	}
	strbuf_addf(&d->notes, "# %s: ", prefix);
	for (size_t i = 0; i < n; i++)
		strbuf_addc(&d->notes, msg[i] == '\n' || msg[i] == '\r' ? ' ' : msg[i]);
	strbuf_addc(&d->notes, '\n');
}

void dc_warn(struct dc *d, xmlNodePtr at, const char *id, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	diag_warning(d->sink, mp_loc(d->mp, at), id, "%s", buf);
	if (!strcmp(id, "W610"))
		note_line(d, "not decompiled", buf);
}

void dc_changed(struct dc *d, struct loc at, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	diag_warning(d->sink, at, "W611", "%s", buf);
	note_line(d, "changed", buf);
}

/* ---- .alert values ---- */

static bool plain_word(const char *s)
{
	if (!*s || *s == '#')
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_.!*?-", *p))
			return false;
	return true;
}

/* Appends s as a string (or as a one-line text block when it is too long
 * for a string). */
static void quoted(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	if (n > LEX_MAX_TOKEN && !strpbrk(s, "\r\n") && !strstr(s, "\"\"\"")) {
		strbuf_addf(sb, "\"\"\"%s\"\"\"", s);
		return;
	}
	strbuf_addc(sb, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addf(sb, "\\%c", *p);
		else if (*p == '\n')
			strbuf_adds(sb, "\\n");
		else if (*p == '\t')
			strbuf_adds(sb, "\\t");
		else if (*p < 0x20 || *p == 0x7F)
			strbuf_addf(sb, "\\u{%X}", *p);
		else
			strbuf_addc(sb, (char)*p);
	}
	strbuf_addc(sb, '"');
}

/* Appends s as a word when it is one, else quoted. */
void dc_quoted(struct strbuf *sb, const char *s) { quoted(sb, s); }

static void value(struct strbuf *sb, const char *s)
{
	if (plain_word(s))
		strbuf_adds(sb, s);
	else
		quoted(sb, s);
}

/* "    key         value": words stay words unless text is set. */
static void prop(struct strbuf *sb, const char *key, const char *val, bool text)
{
	strbuf_addf(sb, "    %-12s%s", key, strlen(key) < 12 ? "" : " ");
	if (text)
		quoted(sb, val);
	else
		value(sb, val);
	strbuf_addc(sb, '\n');
}

/* ---- references and classes ---- */

/* The library built into .alert sources whose pack ID is mp_id, or NULL. */
static const struct library *builtin_library(const char *mp_id)
{
	const struct library *l = library_by_id(mp_id);
	return l && library_builtin(l) ? l : NULL;
}

static bool alias_taken(struct dc *d, const char *a)
{
	size_t n;
	const struct library *libs = libraries_all(&n);
	for (size_t i = 0; i < n; i++)
		if (library_builtin(&libs[i]) && strcasecmp(libs[i].alias, a) == 0)
			return true;
	for (size_t i = 0; i < d->nrefs; i++)
		if (d->refs[i].alias && strcasecmp(d->refs[i].alias, a) == 0)
			return true;
	return false;
}

/* .alert aliases are [A-Za-z_][A-Za-z0-9_.]*: other characters become '_',
 * clashes get a number. */
static char *new_alias(struct dc *d, const char *orig)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = orig; *p; p++)
		strbuf_addc(&sb, isalnum((unsigned char)*p) || (*p == '.' && sb.len) ? *p : '_');
	if (!sb.len || isdigit((unsigned char)sb.buf[0]))
		strbuf_adds(&sb, "_");
	size_t base = sb.len;
	for (int k = 2; alias_taken(d, sb.buf); k++) {
		sb.len = base;
		strbuf_addf(&sb, "_%d", k);
	}
	return strbuf_detach(&sb, NULL);
}

static void map_refs(struct dc *d)
{
	d->refs = xcalloc(d->mp->nrefs + 1, sizeof(*d->refs));
	for (size_t i = 0; i < d->mp->nrefs; i++) {
		struct dc_ref *r = &d->refs[i];
		r->ref = &d->mp->refs[i];
		const struct library *b = builtin_library(r->ref->id);
		r->builtin = b != NULL;
		d->nrefs = i;
		r->alias = b ? xstrdup(b->alias) : new_alias(d, r->ref->alias);
	}
	d->nrefs = d->mp->nrefs;
}

static struct dc_ref *ref_of(struct dc *d, const char *alias, size_t len)
{
	for (size_t i = 0; i < d->nrefs; i++)
		if (strlen(d->refs[i].ref->alias) == len && memcmp(d->refs[i].ref->alias, alias, len) == 0)
			return &d->refs[i];
	return NULL;
}

/* "Alias!Id" of the original pack -> the .alert spelling, or NULL. */
static char *map_class(struct dc *d, const char *target)
{
	size_t own = strlen(d->mp->id);
	xmlNodePtr cls = target && !strchr(target, '!') ? mp_element(d->mp, target) : NULL;
	if (cls && model_is(cls, "ClassType") && !strncmp(target, d->mp->id, own) && target[own] == '.')
		return xstrdup(target); /* a class of this pack: it goes to the fragment */
	const char *bang = target ? strchr(target, '!') : NULL;
	struct dc_ref *r = bang ? ref_of(d, target, (size_t)(bang - target)) : NULL;
	if (!r)
		return NULL;
	r->used = true;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s!%s", r->alias, bang + 1);
	return strbuf_detach(&sb, NULL);
}

/* dc_map_value(): the text, copied up to each alias and the alias mapped. */
struct remap {
	struct dc *d;
	const char *s, *at;
	struct strbuf out;
	bool bad;
};

static void remap_one(void *ctx, const char *a, size_t len)
{
	struct remap *r = ctx;
	struct dc_ref *ref = ref_of(r->d, a, len);
	if (!ref) {
		r->bad = true;
		return;
	}
	ref->used = true;
	strbuf_add(&r->out, r->at, (size_t)(a - r->at));
	strbuf_adds(&r->out, ref->alias);
	r->at = a + len;
}

char *dc_map_value(struct dc *d, const char *s)
{
	struct remap r = { d, s, s, STRBUF_INIT, false };
	aliases_each(s, remap_one, &r);
	strbuf_adds(&r.out, r.at);
	if (r.bad) {
		strbuf_release(&r.out);
		return NULL;
	}
	return r.out.buf ? strbuf_detach(&r.out, NULL) : xstrdup("");
}

/* ---- the event filter ---- */

struct filter {
	struct dc *d;
	char kinds[8];        /* the And's operands in order: e(vent) s(ource) f(ilter) */
	struct strbuf events; /* "9317, 9320-9325" */
	char *source;
	const char *source_op; /* "contains" or "matches", or NULL (a name) */
	struct strbuf conds;   /* filter { ... } statements, one per line */
	const char *why;       /* why it cannot be written, or NULL */
	int nevent, nsource;
	char *low, *high; /* a lone GreaterEqual / LessEqual pair */
};

/* A SimpleExpression on query: *op and *val (borrowed/allocated). */
static bool simple(xmlNodePtr s, const char *query, char **op, char **val)
{
	if (!model_is(s, "SimpleExpression") || dc_count(s, NULL) != 3)
		return false;
	xmlNodePtr a = model_child(s, NULL), o = model_next(a, NULL), b = model_next(o, NULL);
	xmlNodePtr q = mp_path(a, "XPathQuery"), v = mp_path(b, "Value");
	if (!model_is(a, "ValueExpression") || !model_is(o, "Operator") || !q || !v)
		return false;
	char *qt = mp_text_trim(q);
	bool ok = strcmp(qt, query) == 0;
	free(qt);
	if (!ok)
		return false;
	*op = mp_text_trim(o);
	*val = mp_text_trim(v);
	return true;
}

static bool digits(const char *s) { return *s && strspn(s, "0123456789") == strlen(s) && strlen(s) <= 10; }

xmlNodePtr dc_unwrap(xmlNodePtr e)
{
	while (model_is(e, "Expression") && dc_count(e, NULL) == 1)
		e = model_child(e, NULL);
	return e;
}

/* One alternative of an event list: ID or And(GreaterEqual, LessEqual). */
static bool event_alt(xmlNodePtr e, struct strbuf *out)
{
	char *op = NULL, *val = NULL;
	e = dc_unwrap(e);
	if (simple(e, "EventDisplayNumber", &op, &val)) {
		bool ok = !strcmp(op, "Equal") && digits(val);
		if (ok)
			strbuf_addf(out, "%s%s", out->len ? ", " : "", val);
		free(op);
		free(val);
		return ok;
	}
	if (!model_is(e, "And") || dc_count(e, NULL) != 2)
		return false;
	char *o1 = NULL, *v1 = NULL, *o2 = NULL, *v2 = NULL;
	bool ok = simple(dc_unwrap(model_child(e, NULL)), "EventDisplayNumber", &o1, &v1) &&
		  simple(dc_unwrap(model_next(model_child(e, NULL), NULL)), "EventDisplayNumber", &o2, &v2) &&
		  !strcmp(o1, "GreaterEqual") && !strcmp(o2, "LessEqual") && digits(v1) && digits(v2);
	if (ok)
		strbuf_addf(out, "%s%s-%s", out->len ? ", " : "", v1, v2);
	free(o1), free(v1), free(o2), free(v2);
	return ok;
}

/* A filter condition (decompile_filter.c) on a line of its own. */
static void condition(struct filter *f, xmlNodePtr e, const char *why)
{
	struct strbuf sb = STRBUF_INIT;
	if (dc_condition(f->d, e, &sb, 0))
		strbuf_addf(&f->conds, "      %s\n", sb.buf);
	else
		f->why = why;
	strbuf_release(&sb);
}

/* The first test on PublisherName is the source (a wildcard, a substring or
 * a regular expression); any other is a filter condition. */
static void source_term(struct filter *f, xmlNodePtr e)
{
	xmlNodePtr q = mp_path(e, "ValueExpression/XPathQuery");
	char *qt = mp_text_trim(q), *op = mp_text_trim(mp_path(e, "Operator"));
	char *pat = mp_text_trim(mp_path(e, "Pattern"));
	const char *how = !strcmp(op, "MatchesWildcard") ? "" : !strcmp(op, "ContainsSubstring")  ? "contains"
							: !strcmp(op, "MatchesRegularExpression") ? "matches"
												  : NULL;
	if (!strcmp(qt, "PublisherName") && how && *pat && !f->nsource) {
		f->nsource++;
		f->source = xstrdup(pat);
		f->source_op = *how ? how : NULL;
	} else if (!strcmp(op, "MatchesWildcard")) {
		f->why = "a wildcard test on something other than the event source";
	} else {
		condition(f, e, "a regular-expression test .alert cannot write");
	}
	free(qt), free(op), free(pat);
}

/* An Or: a list of event IDs and ranges, else a filter condition (any). */
static void or_term(struct filter *f, xmlNodePtr e)
{
	struct strbuf ids = STRBUF_INIT;
	bool events = true;
	for (xmlNodePtr a = model_child(e, NULL); a && events; a = model_next(a, NULL))
		events = event_alt(a, &ids);
	if (events) {
		f->nevent++;
		strbuf_addf(&f->events, "%s%s", f->events.len ? ", " : "", ids.buf ? ids.buf : "");
	} else {
		condition(f, e, "an 'or' that is neither a list of event IDs and ranges nor a filter");
	}
	strbuf_release(&ids);
}

/* One top-level term of the filter's And. */
static void term(struct filter *f, xmlNodePtr e)
{
	char *op = NULL, *val = NULL;
	e = dc_unwrap(e);
	if (simple(e, "EventDisplayNumber", &op, &val)) {
		bool ge = !strcmp(op, "GreaterEqual"), le = !strcmp(op, "LessEqual");
		if (!strcmp(op, "Equal") && digits(val))
			f->nevent++, strbuf_addf(&f->events, "%s", val);
		else if (ge && !f->low && digits(val))
			f->low = xstrdup(val);
		else if (le && !f->high && digits(val))
			f->high = xstrdup(val);
		else
			f->why = "an event ID test that is not =, >= or <= a number";
	} else if (simple(e, "PublisherName", &op, &val) && !strcmp(op, "Equal") && *val &&
		   !f->nsource) {
		f->nsource++;
		f->source = xstrdup(val);
	} else if (model_is(e, "RegExExpression")) {
		source_term(f, e);
	} else if (model_is(e, "Or")) {
		or_term(f, e);
	} else if (model_is(e, "And")) {
		for (xmlNodePtr a = model_child(e, NULL); a; a = model_next(a, NULL))
			term(f, a);
	} else {
		condition(f, e, "a test on something other than the event ID and source that .alert cannot write");
	}
	free(op);
	free(val);
}

/* Records that the top-level term just read was of kind k (e, s or f). */
static void add_kind(struct filter *f, char k)
{
	size_t n = strlen(f->kinds);
	if (n && f->kinds[n - 1] == k)
		return;
	if (strchr(f->kinds, k) || n + 1 >= sizeof(f->kinds))
		f->why = "filter conditions on both sides of the event ID or source test";
	else
		f->kinds[n] = k;
}

/* The operands of the top-level And, each recorded by kind (order). */
static void top_terms(struct filter *f, xmlNodePtr expr)
{
	xmlNodePtr e = dc_unwrap(expr);
	if (!model_is(e, "And")) {
		term(f, expr);
		return;
	}
	for (xmlNodePtr a = model_child(e, NULL); a; a = model_next(a, NULL)) {
		int ne = f->nevent, ns = f->nsource;
		bool range = f->low || f->high;
		size_t nc = f->conds.len;
		term(f, a);
		if (f->nevent != ne || range != (f->low || f->high))
			add_kind(f, 'e');
		else if (f->nsource != ns)
			add_kind(f, 's');
		else if (f->conds.len != nc)
			add_kind(f, 'f');
	}
}

static void read_filter(struct dc *d, struct filter *f, xmlNodePtr expr)
{
	memset(f, 0, sizeof(*f));
	f->d = d;
	if (!expr) {
		f->why = "no Expression";
		return;
	}
	top_terms(f, expr);
	if (f->low || f->high) {
		if (!f->low || !f->high)
			f->why = "an open event ID range";
		else
			f->nevent++, strbuf_addf(&f->events, "%s-%s", f->low, f->high);
	}
	if (!f->why && f->nevent != 1)
		f->why = f->nevent ? "more than one event ID test" : "no event ID test";
	if (!f->why && f->nsource != 1)
		f->why = f->nsource ? "more than one source test" : "no event source test";
}

static void filter_release(struct filter *f)
{
	strbuf_release(&f->events);
	strbuf_release(&f->conds);
	free(f->source);
	free(f->low);
	free(f->high);
}

/* ---- alert text ---- */

static const char *const placeholders[] = { "description", "id", "source", "computer", "log", "user" };

/* The placeholder name for an AlertParameter value, into buf; NULL if none. */
static const char *placeholder_of(const char *v, char *buf)
{
	char tmp[64];
	for (size_t i = 0; i < ARRAY_SIZE(placeholders); i++) {
		const char *e = check_placeholder(placeholders[i], strlen(placeholders[i]), tmp);
		if (e && !strcmp(e, v))
			return placeholders[i];
	}
	int n;
	char end;
	if (sscanf(v, "$Data/Params/Param[%d]%c", &n, &end) == 2 && end == '$' && n >= 1 && n <= 99) {
		snprintf(tmp, sizeof(tmp), "$Data/Params/Param[%d]$", n);
		if (strcmp(tmp, v) == 0) {
			snprintf(buf, 64, "param%d", n);
			return buf;
		}
	}
	return NULL;
}

/* A monitor's alert parameter reads the event that changed its state
 * ($Data/Context/X$, through the consolidator for a repeated event): the
 * event data it stands for ($Data/X$), for placeholder_of(). Takes v. */
static char *context_data(char *v)
{
	static const char *const ctx[] = { "$Data/Context/Context/DataItem/", "$Data/Context/" };
	for (size_t i = 0; i < ARRAY_SIZE(ctx); i++)
		if (strncmp(v, ctx[i], strlen(ctx[i])) == 0) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "$Data/%s", v + strlen(ctx[i]));
			free(v);
			return strbuf_detach(&sb, NULL);
		}
	return v;
}

void dc_params_read(struct dc_params *p, xmlNodePtr wa)
{
	memset(p, 0, sizeof(*p));
	xmlNodePtr params = mp_path(wa, model_is(wa, "UnitMonitor") ? "AlertSettings/AlertParameters"
								    : "AlertParameters");
	for (xmlNodePtr c = model_child(params, NULL); c; c = model_next(c, NULL)) {
		int n = atoi((const char *)c->name + strlen("AlertParameter"));
		if (!strncmp((const char *)c->name, "AlertParameter", 14) && n >= 1 && n <= 99 && !p->v[n])
			p->v[n] = mp_text_trim(c);
	}
	if (model_is(wa, "UnitMonitor"))
		for (int n = 1; n < 100; n++)
			p->v[n] = p->v[n] ? context_data(p->v[n]) : NULL;
}

void dc_params_release(struct dc_params *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(p->v); i++)
		free(p->v[i]);
}

/* The placeholder of alert message parameter v: its name ({param1}), else
 * the expression itself ({$Target/...$}, aliases mapped); into sb. */
static bool param_placeholder(struct dc *d, const char *v, struct strbuf *sb)
{
	char buf[64];
	const char *name = placeholder_of(v, buf);
	if (name) {
		strbuf_addf(sb, "{%s}", name);
		return true;
	}
	char *m = check_is_expr_placeholder(v, strlen(v)) ? dc_map_value(d, v) : NULL;
	bool ok = m != NULL;
	if (ok)
		strbuf_addf(sb, "{%s}", m);
	free(m);
	return ok;
}

/* Turns an alert-message description ({0}...) or a hard-coded one
 * ($Data/...$) into .alert placeholders. Sets *lost when something could
 * not be written. */
static char *alert_text(struct dc *d, const char *desc, const struct dc_params *p, bool *lost)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[64];
	for (const char *s = desc; *s;) {
		int n, len = 0;
		if (*s == '{' && sscanf(s, "{%d}%n", &n, &len) == 1 && len > 0 && n >= 0 && n < 99) {
			if (!p || !p->v[n + 1] || !param_placeholder(d, p->v[n + 1], &sb))
				*lost = true;
			s += len;
		} else if (*s == '$' && strchr(s + 1, '$')) {
			const char *e = strchr(s + 1, '$');
			char *expr = xstrndup(s, (size_t)(e - s) + 1);
			const char *v = placeholder_of(expr, buf);
			free(expr);
			if (v) {
				strbuf_addf(&sb, "{%s}", v);
				s = e + 1;
			} else {
				strbuf_addc(&sb, *s++);
			}
		} else if (*s == '{') {
			strbuf_addc(&sb, '(');
			*lost = true;
			s++;
		} else {
			strbuf_addc(&sb, *s++);
		}
	}
	return sb.buf ? strbuf_detach(&sb, NULL) : xstrdup("");
}

/* The suppress statement's values for the Suppression element, in order:
 * "id, source" (the default: NULL), "none" when it is empty, "absent" when
 * there is none; a field name, paramN or the value as written ("$...$",
 * "" for an empty one) each. NULL too when a value cannot be written
 * (then the self-check finds the difference). */
static char *suppression(struct dc *d, xmlNodePtr wa)
{
	xmlNodePtr sup = mp_path(wa, "Suppression");
	if (!sup)
		return xstrdup("absent");
	struct strbuf sb = STRBUF_INIT;
	char buf[64];
	for (xmlNodePtr v = model_child(sup, NULL); v; v = model_next(v, NULL)) {
		char *t = mp_text_trim(v), *raw = mp_text(v);
		const char *f = model_is(v, "SuppressionValue") ? check_suppress_field(t) : NULL;
		int n = 0, len = 0;
		if (sb.len)
			strbuf_adds(&sb, ", ");
		if (f && !strcmp(t, raw)) {
			strbuf_adds(&sb, f);
		} else if (sscanf(t, "$Data/Params/Param[%d]$%n", &n, &len) == 1 && !t[len] && !strcmp(t, raw) &&
			   n >= 1 && n <= 99) {
			snprintf(buf, sizeof(buf), "param%d", n);
			if (strcmp(check_placeholder(buf, strlen(buf), buf + 16), t) == 0)
				strbuf_adds(&sb, buf);
			else
				quoted(&sb, t);
		} else {
			/* parse.c takes a string that is empty or starts with '$' as
			 * one value: anything else (or an unknown alias) is left out,
			 * and the self-check reports the difference */
			char *m = raw[0] == '$' || !raw[0] ? dc_map_value(d, raw) : NULL;
			if (m)
				quoted(&sb, m);
			else if (sb.len >= 2)
				sb.len -= 2, sb.buf[sb.len] = '\0';
			free(m);
		}
		free(t), free(raw);
	}
	if (!sb.len)
		strbuf_adds(&sb, "none");
	if (!strcmp(sb.buf, "id, source")) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* The StringResource ID in $MPElement[Name="ID"]$, or NULL. */
char *dc_message_id(xmlNodePtr wa)
{
	if (model_is(wa, "UnitMonitor")) { /* AlertSettings/@AlertMessage */
		const char *m = model_attr(mp_path(wa, "AlertSettings"), "AlertMessage");
		return m && *m ? xstrdup(m) : NULL;
	}
	char *t = mp_text_trim(mp_path(wa, "AlertMessageId"));
	const char *b = strstr(t, "$MPElement[Name=");
	char *id = NULL;
	if (b && (b[16] == '"' || b[16] == '\'')) {
		const char *e = strchr(b + 17, b[16]);
		if (e)
			id = xstrndup(b + 17, (size_t)(e - b - 17));
	}
	free(t);
	return id;
}

/* ---- knowledge: MAML sections -> .alert sections ---- */

/* Section title for .alert: flat text; unique and not empty. */
static char *section_title(struct maml_md *m, xmlNodePtr sec, xmlHashTablePtr titles)
{
	xmlNodePtr t = model_child(sec, NULL);
	char *title = maml_is(t, "title") ? mp_text_flat(t) : xstrdup("");
	if (!*title) {
		maml_md_lost(m, sec, "a section without a title", "it is called 'Section'");
		free(title);
		title = xstrdup("Section");
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, title);
	for (int k = 2; mp_fold_put(titles, sb.buf, sec) != 0; k++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s (%d)", title, k);
		maml_md_lost(m, sec, "a second section with the same title", "it gets a number");
	}
	free(title);
	return strbuf_detach(&sb, NULL);
}

/* Indents every non-empty line of text by n spaces into out. */
static void indent_into(struct strbuf *out, const char *text, int n)
{
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len) {
			for (int i = 0; i < n; i++)
				strbuf_addc(out, ' ');
			strbuf_add(out, p, len);
		}
		strbuf_addc(out, '\n');
		p += len + (e ? 1 : 0);
	}
}

static void md_section(struct maml_md *m, xmlNodePtr sec, xmlHashTablePtr titles, struct strbuf *out)
{
	char *title = section_title(m, sec, titles);
	struct strbuf body = STRBUF_INIT;
	maml_md_section(m, sec, &body);
	if (!body.len) {
		maml_md_lost(m, sec, "a section without text", "it is left out");
	} else {
		strbuf_adds(out, out->len ? "\n      section " : "      section ");
		quoted(out, title);
		strbuf_adds(out, " \"\"\"\n");
		indent_into(out, body.buf, 8);
		strbuf_adds(out, "        \"\"\"\n");
	}
	strbuf_release(&body);
	free(title);
}

/* W610 for what an article loses (maml_lost_fn). */
static void article_lost(void *ctx, xmlNodePtr at, const char *what, const char *how)
{
	struct dc *d = ctx;
	dc_warn(d, at, "W610", "knowledge article of rule '%s': %s cannot be written in .alert; %s",
		mp_id_of(d->cur_rule), what, how);
}

/* The text of a maml:entry holding one para (malloc'd), or NULL. */
static char *entry_text(xmlNodePtr e)
{
	xmlNodePtr p = model_child(e, NULL);
	if (!maml_is(e, "entry") || !maml_is(p, "para") || model_next(p, NULL) || model_child(p, NULL))
		return NULL;
	return mp_text(p);
}

/* The parameter legend scomc writes (emit_xml.c maml_legend): a section
 * "Parameters" holding one table of rows "%N" | text. Its statements go
 * to out; false (out empty) when sec is not one. */
static bool legend_of(xmlNodePtr sec, struct strbuf *out)
{
	xmlNodePtr t = model_child(sec, NULL), table = model_next(t, NULL);
	char *title = maml_is(t, "title") ? mp_text_flat(t) : xstrdup("");
	bool ok = !strcmp(title, "Parameters") && maml_is(table, "table") && !model_next(table, NULL);
	free(title);
	for (xmlNodePtr r = ok ? model_child(table, NULL) : NULL; r && ok; r = model_next(r, NULL)) {
		xmlNodePtr a = model_child(r, NULL), b = model_next(a, NULL);
		char *n = maml_is(r, "row") && b && !model_next(b, NULL) ? entry_text(a) : NULL;
		char *v = n ? entry_text(b) : NULL;
		size_t len;
		ok = v && *v && check_percent_param(n, &len) && !n[len];
		if (ok) {
			strbuf_addf(out, "      %s ", n);
			quoted(out, v);
			strbuf_addc(out, '\n');
		}
		free(n), free(v);
	}
	if (!ok)
		strbuf_reset(out);
	return ok;
}

/* The knowledge block of article ka (parameters and sections) into out;
 * what it loses goes to m. */
static void article_md(struct maml_md *m, xmlNodePtr ka, struct strbuf *out)
{
	xmlHashTablePtr titles = xmlHashCreate(8);
	xmlNodePtr mc = mp_path(ka, "MamlContent");
	struct strbuf secs = STRBUF_INIT;
	if (!mc)
		maml_md_lost(m, ka, "an article that is not MAML", "it is left out");
	struct strbuf legend = STRBUF_INIT;
	for (xmlNodePtr s = model_child(mc, NULL); s; s = model_next(s, NULL)) {
		if (maml_is(s, "section") && !legend.len && legend_of(s, &legend))
			continue;
		if (maml_is(s, "section"))
			md_section(m, s, titles, &secs);
		else
			maml_md_lost(m, s, "content outside a maml:section", "it is left out");
	}
	if (legend.len) {
		strbuf_adds(out, "    parameters {\n");
		strbuf_add(out, legend.buf, legend.len);
		strbuf_adds(out, "    }\n");
	}
	strbuf_release(&legend);
	if (secs.len) {
		strbuf_adds(out, "\n    knowledge {\n");
		strbuf_add(out, secs.buf, secs.len);
		strbuf_adds(out, "    }\n");
	}
	strbuf_release(&secs);
	xmlHashFree(titles, NULL);
}

/* ---- knowledge blocks made ahead, on every CPU ---- */

/* What article_md() lost, to be reported where the block is written. */
struct lost_part {
	xmlNodePtr at;
	char *what, *how;
};

/* The knowledge block of one article, made ahead (articles_ahead()). */
struct dc_article {
	xmlNodePtr ka;
	struct strbuf text;
	struct lost_part *lost;
	size_t nlost;
	bool lossy;
};

static void keep_lost(void *ctx, xmlNodePtr at, const char *what, const char *how)
{
	struct dc_article *a = ctx;
	a->lost = xrealloc(a->lost, (a->nlost + 1) * sizeof(*a->lost));
	a->lost[a->nlost++] = (struct lost_part){ at, xstrdup(what), xstrdup(how) };
}

static void article_job(void *ctx, size_t i)
{
	struct dc_article *a = &((struct dc_article *)ctx)[i];
	struct maml_md m;
	maml_md_init(&m, keep_lost, a);
	article_md(&m, a->ka, &a->text);
	a->lossy = m.lost;
	maml_md_release(&m);
}

/* rule(d, r) for each rule with an ID, then monitor(d, m) for each unit
 * monitor with one, in document order: what decompile_pack() turns into
 * .alert. */
static void each_element(struct dc *d, void (*rule)(struct dc *, xmlNodePtr), void (*monitor)(struct dc *, xmlNodePtr))
{
	for (xmlNodePtr r = model_child(mp_path(d->mp->root, "Monitoring/Rules"), NULL); r; r = model_next(r, NULL))
		if (model_is(r, "Rule") && mp_id_of(r))
			rule(d, r);
	for (xmlNodePtr m = model_child(mp_path(d->mp->root, "Monitoring/Monitors"), NULL); m; m = model_next(m, NULL))
		if (model_is(m, "UnitMonitor") && mp_id_of(m))
			monitor(d, m);
}

static void add_article(struct dc *d, xmlNodePtr el)
{
	xmlNodePtr ka = mp_article(d->mp->strings, mp_id_of(el));
	if (!ka)
		return;
	d->articles = xrealloc(d->articles, (d->narticles + 1) * sizeof(*d->articles));
	d->articles[d->narticles++] = (struct dc_article){ .ka = ka, .text = STRBUF_INIT };
}

/* The knowledge blocks of the articles of every rule and unit monitor, in
 * the order decompile_pack() comes to them: the MAML to Markdown of each
 * is a job of its own, reading only its article. */
static void articles_ahead(struct dc *d)
{
	each_element(d, add_article, add_article);
	dc_parallel(d->narticles, article_job, d->articles);
}

static void articles_release(struct dc *d)
{
	for (size_t i = 0; i < d->narticles; i++) {
		struct dc_article *a = &d->articles[i];
		strbuf_release(&a->text);
		for (size_t j = 0; j < a->nlost; j++) {
			free(a->lost[j].what);
			free(a->lost[j].how);
		}
		free(a->lost);
	}
	free(d->articles);
}

/* The knowledge block of a rule (empty when there is no article): the
 * one made ahead, its losses reported now (W610) as if it were made here. */
static void knowledge(struct dc *d, struct dc_alert *a, struct strbuf *out)
{
	if (!a->ka)
		return;
	while (d->next_article < d->narticles && d->articles[d->next_article].ka != a->ka)
		d->next_article++;
	if (d->next_article < d->narticles) {
		struct dc_article *k = &d->articles[d->next_article++];
		strbuf_add(out, k->text.buf, k->text.len);
		for (size_t i = 0; i < k->nlost; i++)
			article_lost(d, k->lost[i].at, k->lost[i].what, k->lost[i].how);
		a->lossy_ka = k->lossy;
		return;
	}
	struct maml_md m;
	maml_md_init(&m, article_lost, d);
	article_md(&m, a->ka, out);
	a->lossy_ka = m.lost;
	maml_md_release(&m);
}

/* ---- rules -> alerts ---- */

/* Why rule is not an event alert rule, or NULL (then *ds and *wa are set). */
static const char *classify(struct dc *d, xmlNodePtr rule, xmlNodePtr *ds, xmlNodePtr *wa)
{
	xmlNodePtr dss = mp_path(rule, "DataSources"), was = mp_path(rule, "WriteActions");
	*ds = model_child(dss, NULL);
	*wa = model_child(was, NULL);
	if (dc_count(dss, NULL) != 1 ||
	    !mp_is_type(d->mp, model_attr(*ds, "TypeID"), "Microsoft.Windows.Library", "Microsoft.Windows.EventProvider"))
		return "its data source is not one Microsoft.Windows.EventProvider";
	if (mp_path(rule, "ConditionDetection"))
		return "it has a condition detection";
	if (dc_count(was, NULL) != 1 ||
	    !mp_is_type(d->mp, model_attr(*wa, "TypeID"), "System.Health.Library", "System.Health.GenerateAlert"))
		return "its write action is not one System.Health.GenerateAlert";
	return NULL;
}

/* The alert name: the rule ID without "<pack>." and ".Rule", made a valid
 * and unique .alert name. */
static char *alert_name(struct dc *d, const char *rule_id)
{
	const char *s = rule_id;
	size_t n = strlen(s), pl = strlen(d->mp->id);
	if (n > pl + 1 && strncasecmp(s, d->mp->id, pl) == 0 && s[pl] == '.')
		s += pl + 1, n -= pl + 1;
	if (n > 5 && strcmp(s + n - 5, ".Rule") == 0)
		n -= 5;
	else if (n > 8 && strcmp(s + n - 8, ".Monitor") == 0)
		n -= 8;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		bool dot = s[i] == '.' && sb.len && sb.buf[sb.len - 1] != '.' && i + 1 < n;
		strbuf_addc(&sb, isalnum((unsigned char)s[i]) || dot ? s[i] : '_');
	}
	if (!sb.len)
		strbuf_adds(&sb, "Rule");
	size_t room = CHECK_MAX_ID - pl - 1 - strlen(".Monitor.AlertMessage") - 4;
	if (sb.len > room)
		sb.buf[sb.len = room] = '\0';
	size_t base = sb.len;
	for (int k = 2; mp_fold_put(d->names, sb.buf, d) != 0; k++) {
		sb.len = base;
		strbuf_addf(&sb, "_%d", k);
	}
	return strbuf_detach(&sb, NULL);
}

static const char *level_word(const char *v, const char *const *words)
{
	return strlen(v) == 1 && v[0] >= '0' && v[0] <= '2' ? words[v[0] - '0'] : NULL;
}

/* Title and description from the alert message (or hard-coded text). */
static void alert_strings(struct dc *d, struct dc_alert *a, char **title, char **desc, bool *lost)
{
	char *mid = dc_message_id(a->wa);
	xmlNodePtr m = mp_display(d->mp->strings, mid);
	struct dc_params p;
	dc_params_read(&p, a->wa);
	if (m) {
		*title = mp_text(mp_path(m, "Name"));
		char *raw = mp_text(mp_path(m, "Description"));
		*desc = alert_text(d, raw, &p, lost);
		free(raw);
		if (mid)
			mp_fold_put(d->done, mid, a);
	} else {
		char *n = mp_text_trim(mp_path(a->wa, "AlertName"));
		char *raw = mp_text_trim(mp_path(a->wa, "AlertDescription"));
		xmlNodePtr rd = mp_display(d->mp->strings, mp_id_of(a->rule));
		*title = *n ? xstrdup(n) : rd ? mp_text(mp_path(rd, "Name"))
					      : xstrdup(mp_id_of(a->rule));
		*desc = alert_text(d, raw, NULL, lost);
		free(n);
		free(raw);
	}
	if (!**title) {
		free(*title);
		*title = xstrdup(mp_id_of(a->rule));
	}
	dc_params_release(&p);
	free(mid);
}

/* A rule attribute: its value, or the MP schema's default. */
static const char *rule_attr(xmlNodePtr rule, const char *name, const char *def)
{
	const char *v = model_attr(rule, name);
	return v ? v : def;
}

/* What the rule states that the derived form would not (issue 14): its
 * own ID and message ID, category, comment and workflow attributes. */
static void written_as(struct dc *d, struct dc_alert *a, struct strbuf *sb)
{
	const char *id = mp_id_of(a->rule);
	if (strcmp(id, a->new_id) != 0) {
		prop(sb, "id", id, false);
		free(a->new_id);
		a->new_id = xstrdup(id);
	}
	char *mid = dc_message_id(a->wa);
	struct strbuf want = STRBUF_INIT;
	strbuf_addf(&want, "%s.AlertMessage", a->new_id);
	if (mid && strcmp(mid, want.buf) != 0)
		prop(sb, "message-id", mid, false);
	char *cat = mp_text_trim(mp_path(a->rule, "Category"));
	if (strcmp(cat, "Alert") != 0)
		prop(sb, "category", cat, false);
	if (model_attr(a->rule, "Comment"))
		prop(sb, "comment", model_attr(a->rule, "Comment"), true);
	static const struct {
		const char *attr, *prop, *def, *emitted;
	} attrs[] = {
		{ "Priority", "rule-priority", "Normal", "Normal" },
		{ "ConfirmDelivery", "confirm-delivery", "false", "true" },
		{ "Remotable", "remotable", "true", "true" },
		{ "DiscardLevel", "discard-level", "100", "100" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++) {
		const char *v = rule_attr(a->rule, attrs[i].attr, attrs[i].def);
		if (strcmp(v, attrs[i].emitted) != 0)
			prop(sb, attrs[i].prop, v, false);
	}
	(void)d;
	free(mid);
	free(cat);
	strbuf_release(&want);
}

/* A Run As profile: Alias!Id mapped, an ID of the pack kept; NULL when it
 * is neither. */
static char *profile(struct dc *d, const char *v)
{
	if (!strchr(v, '!'))
		return check_is_mp_id(v) && strlen(v) <= CHECK_MAX_ID ? xstrdup(v) : NULL;
	return dc_map_value(d, v);
}

/* run-as / alert-run-as from module's RunAs. */
static void run_as(struct dc *d, xmlNodePtr module, const char *key, struct strbuf *sb)
{
	const char *v = model_attr(module, "RunAs");
	char *p = v ? profile(d, v) : NULL;
	if (p)
		prop(sb, key, p, false);
	free(p);
}

/* computer-name when the ComputerName is not the one derived from cls:
 * host, target, none, or the value itself. */
static void computer_name(struct dc *d, xmlNodePtr ds, const char *cls, struct strbuf *sb)
{
	xmlNodePtr cn = mp_path(ds, "ComputerName");
	if (!cn) {
		prop(sb, "computer-name", "none", false);
		return;
	}
	char *raw = mp_text(cn), *v = dc_map_value(d, raw);
	const char *host = emit_computer_name(""), *target = emit_computer_name("Windows!" COMPUTER);
	if (v && strcmp(v, emit_computer_name(cls)) != 0) {
		if (!strcmp(v, host))
			prop(sb, "computer-name", "host", false);
		else if (!strcmp(v, target))
			prop(sb, "computer-name", "target", false);
		else if (strcmp(v, "host") && strcmp(v, "target") && strcmp(v, "none"))
			prop(sb, "computer-name", v, true);
	}
	free(raw), free(v);
}

/* One test's Type attributes as a types word (emit_expr.h): all, query,
 * value, none, or the type both name when it is not the test's own. */
struct test_type {
	const char *word;
	bool regex; /* no Value: its word stands for the query alone */
};

/* The type emit_expr.c gives the test on query (the XPathQuery's text). */
static const char *own_type(xmlNodePtr q)
{
	char *t = mp_text_trim(q);
	const char *own = "String";
	if (!strcmp(t, "EventDisplayNumber"))
		own = "UnsignedInteger";
	else if (!strcmp(t, "EventLevel"))
		own = "Integer";
	free(t);
	return own;
}

static struct test_type test_type(xmlNodePtr c)
{
	static const char *const words[] = { "none", "query", "value", "all" };
	bool rx = model_is(c, "RegExExpression");
	xmlNodePtr q = mp_path(c, "ValueExpression/XPathQuery"), v = NULL;
	for (xmlNodePtr x = model_child(c, "ValueExpression"); x && !rx; x = model_next(x, "ValueExpression"))
		v = v ? v : mp_path(x, "Value");
	const char *qt = q ? model_attr(q, "Type") : NULL, *vt = v ? model_attr(v, "Type") : NULL;
	const char *own = q ? own_type(q) : "String";
	const char *name = qt && (rx || (vt && !strcmp(qt, vt))) && strcmp(qt, own) ? emit_types_name(qt, strlen(qt)) : NULL;
	if (name)
		return (struct test_type){ name, rx };
	return (struct test_type){ words[(qt ? 1 : 0) | (vt || (rx && qt) ? 2 : 0)], rx };
}

/* The tests under e, in document order, into t (at most max; *n counts all). */
static void test_types(xmlNodePtr e, struct test_type *t, size_t *n, size_t max, int depth)
{
	for (xmlNodePtr c = model_child(e, NULL); c && depth < 64; c = model_next(c, NULL)) {
		if (!model_is(c, "SimpleExpression") && !model_is(c, "RegExExpression")) {
			test_types(c, t, n, max, depth + 1);
			continue;
		}
		if (*n < max)
			t[*n] = test_type(c);
		(*n)++;
	}
}

/* Whether word w gives test t its Type attributes (a regular-expression
 * test has no Value: "all" and "query" are the same for it). */
static bool fits(const char *w, const struct test_type *t)
{
	if (!strcmp(w, t->word))
		return true;
	if (!t->regex)
		return false;
	bool typed = !strcmp(t->word, "all"), untyped = !strcmp(t->word, "none");
	return (typed && !strcmp(w, "query")) || (untyped && !strcmp(w, "value"));
}

/* types when the tests do not all carry both Type attributes of their own
 * type: one word when one fits all, else one per test. */
static void types_of(xmlNodePtr expr, struct strbuf *sb)
{
	struct test_type t[256];
	size_t n = 0;
	test_types(expr, t, &n, ARRAY_SIZE(t), 0);
	if (!n || n > ARRAY_SIZE(t))
		return;
	const char *one = t[0].word;
	for (size_t i = 0; i < n; i++)
		if (!t[i].regex) {
			one = t[i].word;
			break;
		}
	bool same = true;
	for (size_t i = 0; i < n; i++)
		same &= fits(one, &t[i]);
	if (same && !strcmp(one, "all"))
		return;
	strbuf_addf(sb, "    %-12s", "types");
	for (size_t i = 0; i < (same ? 1 : n); i++)
		strbuf_addf(sb, "%s%s", i ? ", " : "", same ? one : t[i].word);
	strbuf_addc(sb, '\n');
}

/* The order word of an operand kind (struct filter's kinds). */
static const char *operand_word(char kind)
{
	if (kind == 'e')
		return "event";
	return kind == 's' ? "source" : "filter";
}

/* order when the And's operands are not event, source, filter. */
static void order_of(const struct filter *f, struct strbuf *sb)
{
	const char *k = f->kinds;
	if (!strcmp(k, "es") || !strcmp(k, "esf") || !*k)
		return;
	strbuf_addf(sb, "    %-12s", "order");
	for (const char *p = k; *p; p++)
		strbuf_addf(sb, "%s%s", p > k ? ", " : "", operand_word(*p));
	strbuf_addc(sb, '\n');
}

/* What the rule's modules state that the derived form would not: Run As,
 * the computer name, the operand order and Type attributes of the filter,
 * and the rule's description. */
static void modules_as_written(struct dc *d, struct dc_alert *a, const char *cls, const struct filter *f,
			       struct strbuf *sb)
{
	xmlNodePtr ds = mp_path(a->rule, "DataSources/DataSource");
	run_as(d, ds, "run-as", sb);
	run_as(d, a->wa, "alert-run-as", sb);
	computer_name(d, ds, cls, sb);
	order_of(f, sb);
	types_of(mp_path(ds, "Expression"), sb);
	xmlNodePtr rd = mp_display(d->mp->strings, mp_id_of(a->rule));
	char *desc = rd ? mp_text(mp_path(rd, "Description")) : NULL;
	if (desc && mp_path(rd, "Description"))
		prop(sb, "rule-description", desc, true);
	free(desc);
}

static void write_alert(struct dc *d, struct dc_alert *a, const char *cls, struct filter *f,
			const char *log, const char *type, const char *prio)
{
	struct strbuf *sb = &a->text;
	char *title, *desc, *sup = suppression(d, a->wa);
	bool lost = false;
	alert_strings(d, a, &title, &desc, &lost);
	xmlNodePtr rd = mp_display(d->mp->strings, mp_id_of(a->rule));
	char *rule = rd ? mp_text(mp_path(rd, "Name")) : NULL;
	strbuf_addf(sb, "\n  alert %s {\n", a->name);
	strbuf_addf(sb, "    %-12s%s\n", "event", f->events.buf);
	if (f->source_op) {
		strbuf_addf(sb, "    %-12s%s ", "source", f->source_op);
		quoted(sb, f->source);
		strbuf_addc(sb, '\n');
	} else {
		prop(sb, "source", f->source, false);
	}
	if (strcmp(log, "Application") != 0)
		prop(sb, "log", log, false);
	if (f->conds.len)
		strbuf_addf(sb, "    filter {\n%s    }\n", f->conds.buf);
	if (strcmp(cls, "Windows!" COMPUTER) != 0)
		prop(sb, "class", cls, false);
	if (strcmp(type, "Warning") != 0)
		prop(sb, "type", type, false);
	if (strcmp(prio, "normal") != 0)
		prop(sb, "priority", prio, false);
	if (rule && *rule && strcmp(rule, title) != 0)
		prop(sb, "rule", rule, true);
	prop(sb, "title", title, true);
	if (strcmp(desc, "{description}") != 0)
		prop(sb, "description", desc, true);
	if (sup)
		strbuf_addf(sb, "    %-12s%s\n", "suppress", sup);
	const char *en = model_attr(a->rule, "Enabled");
	if (en && !strcmp(en, "false"))
		strbuf_addf(sb, "    %-12s%s\n", "enabled", "false");
	written_as(d, a, sb);
	modules_as_written(d, a, cls, f, sb);
	knowledge(d, a, sb);
	strbuf_adds(sb, "  }\n");
	free(title), free(desc), free(sup), free(rule);
}

static struct dc_alert *new_alert(struct dc *d, xmlNodePtr rule, xmlNodePtr wa)
{
	d->alerts = xrealloc(d->alerts, (d->nalerts + 1) * sizeof(*d->alerts));
	struct dc_alert *a = &d->alerts[d->nalerts++];
	memset(a, 0, sizeof(*a));
	a->rule = rule, a->wa = wa;
	a->ka = mp_article(d->mp->strings, mp_id_of(rule));
	a->name = alert_name(d, mp_id_of(rule));
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s.%s.%s", d->mp->id, a->name, model_is(rule, "UnitMonitor") ? "Monitor" : "Rule");
	a->new_id = strbuf_detach(&id, NULL);
	mp_fold_put(d->done, mp_id_of(rule), a);
	return a;
}

static void decompile_rule(struct dc *d, xmlNodePtr rule)
{
	static const char *const types[] = { "Information", "Warning", "Error" };
	static const char *const prios[] = { "low", "normal", "high" };
	const char *id = mp_id_of(rule);
	xmlNodePtr ds, wa;
	d->cur_rule = rule;
	const char *why = classify(d, rule, &ds, &wa);
	if (why) {
		dc_warn(d, rule, "W610", "rule '%s' is not an event alert rule: %s", id, why);
		return;
	}
	char *cls = map_class(d, model_attr(rule, "Target"));
	struct filter f;
	read_filter(d, &f, mp_path(ds, "Expression"));
	char *log = mp_text_trim(mp_path(ds, "LogName"));
	char *sev = mp_text_trim(mp_path(wa, "Severity")), *pri = mp_text_trim(mp_path(wa, "Priority"));
	const char *type = level_word(sev, types), *prio = level_word(pri, prios);
	if (!cls)
		dc_warn(d, rule, "W610", "rule '%s' targets '%s', which is not a class of a referenced pack", id,
			model_attr(rule, "Target") ? model_attr(rule, "Target") : "");
	else if (f.why)
		dc_warn(d, rule, "W610", "rule '%s' has an event filter with %s", id, f.why);
	else if (!*log)
		dc_warn(d, rule, "W610", "rule '%s' has no event log name", id);
	else if (!type || !prio)
		dc_warn(d, rule, "W610", "rule '%s' has an alert severity or priority that is not 0, 1 or 2", id);
	else
		write_alert(d, new_alert(d, rule, wa), cls, &f, log, type, prio);
	free(cls), free(log), free(sev), free(pri);
	filter_release(&f);
	d->cur_rule = NULL;
}

/* ---- event-log unit monitors -> monitor ---- */

/* The monitor types of emit_monitor.c: ID, unhealthy and healthy state,
 * prefix of the unhealthy event's configuration, reset, repeat. */
static const struct dc_mtype {
	const char *id, *bad, *good, *prefix, *reset;
	bool repeat;
} dc_mtypes[] = {
	{ "Microsoft.Windows.2SingleEventLog2StateMonitorType", "FirstEventRaised", "SecondEventRaised",
	  "First", "event", false },
	{ "Microsoft.Windows.SingleEventLogTimer2StateMonitorType", "EventRaised", "TimerEventRaised", "",
	  "timer", false },
	{ "Microsoft.Windows.SingleEventLogManualReset2StateMonitorType", "EventRaised",
	  "ManualResetEventRaised", "", "manual", false },
	{ "Microsoft.Windows.RepeatedEventLogTimer2StateMonitorType", "RepeatedEventRaised",
	  "TimerEventRaised", "Repeated", "timer", true },
	{ "Microsoft.Windows.RepeatedEventLogManualReset2StateMonitorType", "RepeatedEventRaised",
	  "ManualResetEventRaised", "Repeated", "manual", true },
};

/* The configuration child PREFIX+name of cfg. */
static xmlNodePtr cfg_child(xmlNodePtr cfg, const char *prefix, const char *name)
{
	char n[48];
	snprintf(n, sizeof(n), "%s%s", prefix, name);
	return mp_path(cfg, n);
}

/* The health state OperationalState of um for the type's state id. */
static char *health_of(xmlNodePtr um, const char *state)
{
	for (xmlNodePtr s = model_child(mp_path(um, "OperationalStates"), NULL); s; s = model_next(s, NULL)) {
		const char *t = model_attr(s, "MonitorTypeStateID");
		if (t && !strcmp(t, state))
			return xstrdup(model_attr(s, "HealthState") ? model_attr(s, "HealthState") : "");
	}
	return xstrdup("");
}

/* The parent word of Health!System.Health.XState, or NULL. */
static const char *parent_word(struct dc *d, const char *parent)
{
	static const char *const words[] = { "availability", "configuration", "performance", "security" };
	static const char *const states[] = { "System.Health.AvailabilityState",
					      "System.Health.ConfigurationState",
					      "System.Health.PerformanceState", "System.Health.SecurityState" };
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (mp_is_type(d->mp, parent, "System.Health.Library", states[i]))
			return words[i];
	return NULL;
}

/* The healthy event of a two-event monitor: reset event IDS [{ ... }]. */
static const char *reset_event(xmlNodePtr cfg, const struct filter *bad, const char *log,
			       struct strbuf *sb)
{
	struct filter f;
	read_filter(bad->d, &f, model_child(mp_path(cfg, "SecondExpression"), NULL));
	char *rlog = mp_text_trim(mp_path(cfg, "SecondLogName"));
	const char *why = f.why ? f.why : !*rlog ? "no log name for the healthy event"
						 : NULL;
	if (!why) {
		strbuf_addf(sb, "    %-12sevent %s", "reset", f.events.buf);
		bool own_source = strcmp(f.source, bad->source) != 0 ||
				  (f.source_op ? !bad->source_op || strcmp(f.source_op, bad->source_op)
					       : bad->source_op != NULL);
		bool own_log = strcmp(rlog, log) != 0;
		if (own_source || own_log || f.conds.len) {
			strbuf_adds(sb, " {\n");
			if (own_source) {
				strbuf_addf(sb, "      source %s%s", f.source_op ? f.source_op : "",
					    f.source_op ? " " : "");
				quoted(sb, f.source);
				strbuf_addc(sb, '\n');
			}
			if (own_log) {
				strbuf_adds(sb, "      log ");
				quoted(sb, rlog);
				strbuf_addc(sb, '\n');
			}
			if (f.conds.len) {
				strbuf_adds(sb, "      filter {\n");
				indent_into(sb, f.conds.buf, 2);
				strbuf_adds(sb, "      }\n");
			}
			strbuf_adds(sb, "    }");
		}
		strbuf_addc(sb, '\n');
	}
	free(rlog);
	filter_release(&f);
	return why;
}

/* repeat COUNT within SECONDS, from the consolidator. */
static const char *repeat_of(xmlNodePtr cfg, struct strbuf *sb)
{
	xmlNodePtr c = mp_path(cfg, "Consolidator");
	char *n = mp_text_trim(mp_path(c, "CountingCondition/Count"));
	char *mode = mp_text_trim(mp_path(c, "CountingCondition/CountMode"));
	char *within = mp_text_trim(mp_path(c, "TimeControl/WithinTimeSchedule/Interval"));
	const char *why = NULL;
	if (!digits(n) || !digits(within) || strcmp(mode, "OnNewItemTestOutputRestart_OnTimerRestart"))
		why = "a consolidator other than COUNT events within an interval";
	else
		strbuf_addf(sb, "    %-12s%s within %s\n", "repeat", n, within);
	free(n), free(mode), free(within);
	return why;
}

/* The alert block of a monitor's AlertSettings (empty when it has none). */
static void monitor_alert(struct dc *d, struct dc_alert *a, const char *title, bool *lost,
			  struct strbuf *sb)
{
	xmlNodePtr as = mp_path(a->rule, "AlertSettings");
	if (!as)
		return;
	char *prio = mp_text_trim(mp_path(as, "AlertPriority"));
	char *sev = mp_text_trim(mp_path(as, "AlertSeverity"));
	char *ar = mp_text_trim(mp_path(as, "AutoResolve"));
	char *atitle, *desc;
	alert_strings(d, a, &atitle, &desc, lost);
	strbuf_adds(sb, "    alert {\n");
	if (*prio && strcasecmp(prio, "Normal") != 0) {
		for (char *c = prio; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		strbuf_addf(sb, "      %-13s%s\n", "priority", prio);
	}
	if (*sev && strcmp(sev, "MatchMonitorHealth") != 0)
		strbuf_addf(sb, "      %-13s%s\n", "severity", sev);
	if (!strcmp(ar, "false"))
		strbuf_addf(sb, "      %-13s%s\n", "auto-resolve", "false");
	if (strcmp(atitle, title) != 0) {
		strbuf_addf(sb, "      %-13s", "title");
		quoted(sb, atitle);
		strbuf_addc(sb, '\n');
	}
	if (strcmp(desc, "{description}") != 0) {
		strbuf_addf(sb, "      %-13s", "description");
		quoted(sb, desc);
		strbuf_addc(sb, '\n');
	}
	strbuf_adds(sb, "    }\n");
	free(prio), free(sev), free(ar), free(atitle), free(desc);
}

/* Why um is not one of the monitors .alert writes, or NULL (*t set). */
static const char *classify_monitor(struct dc *d, xmlNodePtr um, const struct dc_mtype **t,
				    const char **parent)
{
	*t = NULL;
	for (size_t i = 0; i < ARRAY_SIZE(dc_mtypes) && !*t; i++)
		if (mp_is_type(d->mp, model_attr(um, "TypeID"), "Microsoft.Windows.Library", dc_mtypes[i].id))
			*t = &dc_mtypes[i];
	if (!*t)
		return "its type is not one of the five event-log monitor types .alert writes";
	*parent = parent_word(d, model_attr(um, "ParentMonitorID"));
	if (!*parent)
		return "its parent is not one of the four System.Health rollups";
	if (dc_count(mp_path(um, "OperationalStates"), NULL) != 2)
		return "it does not have two operational states";
	return NULL;
}

static void write_monitor(struct dc *d, xmlNodePtr um, const struct dc_mtype *t, const char *parent,
			  const char *cls)
{
	xmlNodePtr cfg = mp_path(um, "Configuration");
	struct filter f;
	read_filter(d, &f, model_child(cfg_child(cfg, t->prefix, "Expression"), NULL));
	char *log = mp_text_trim(cfg_child(cfg, t->prefix, "LogName"));
	char *bad = health_of(um, t->bad), *good = health_of(um, t->good);
	const char *why = f.why ? f.why : !*log                                    ? "no event log name"
				  : strcmp(good, "Success")                        ? "a healthy state other than Success"
				  : strcmp(bad, "Warning") && strcmp(bad, "Error") ? "an unhealthy state other than Warning or Error"
										   : NULL;
	struct strbuf sb = STRBUF_INIT;
	if (!why && t->repeat)
		why = repeat_of(cfg, &sb);
	if (!why && !strcmp(t->reset, "event"))
		why = reset_event(cfg, &f, log, &sb);
	if (!why && !strcmp(t->reset, "timer")) {
		char *secs = mp_text_trim(mp_path(cfg, "TimerWaitInSeconds"));
		if (digits(secs) && strtol(secs, NULL, 10) > 0)
			strbuf_addf(&sb, "    %-12stimer %s\n", "reset", secs);
		else
			why = "a timer that is not a number of seconds";
		free(secs);
	}
	if (!why && !strcmp(t->reset, "manual"))
		strbuf_addf(&sb, "    %-12smanual\n", "reset");
	if (why) {
		dc_warn(d, um, "W610", "monitor '%s' has %s", mp_id_of(um), why);
		mp_fold_put(d->done, mp_id_of(um), d);
	} else {
		struct dc_alert *a = new_alert(d, um, um);
		struct strbuf *o = &a->text;
		xmlNodePtr md = mp_display(d->mp->strings, mp_id_of(um));
		char *title = md ? mp_text(mp_path(md, "Name")) : xstrdup(mp_id_of(um));
		bool lost = false;
		strbuf_addf(o, "\n  monitor %s {\n", a->name);
		strbuf_addf(o, "    %-12s%s\n", "event", f.events.buf);
		if (f.source_op) {
			strbuf_addf(o, "    %-12s%s ", "source", f.source_op);
			quoted(o, f.source);
			strbuf_addc(o, '\n');
		} else {
			prop(o, "source", f.source, false);
		}
		if (strcmp(log, "Application") != 0)
			prop(o, "log", log, false);
		if (f.conds.len)
			strbuf_addf(o, "    filter {\n%s    }\n", f.conds.buf);
		if (strcmp(cls, "Windows!" COMPUTER) != 0)
			prop(o, "class", cls, false);
		strbuf_addf(o, "    %-12s%s\n    %-12s%s\n", "state", bad, "parent", parent);
		strbuf_add(o, sb.buf ? sb.buf : "", sb.len);
		prop(o, "title", *title ? title : mp_id_of(um), true);
		monitor_alert(d, a, title, &lost, o);
		const char *en = model_attr(um, "Enabled");
		if (en && !strcmp(en, "false"))
			strbuf_addf(o, "    %-12s%s\n", "enabled", "false");
		knowledge(d, a, o);
		strbuf_adds(o, "  }\n");
		free(title);
	}
	strbuf_release(&sb);
	free(log), free(bad), free(good);
	filter_release(&f);
}

static void decompile_monitor(struct dc *d, xmlNodePtr um)
{
	const struct dc_mtype *t;
	const char *parent;
	d->cur_rule = um;
	const char *why = classify_monitor(d, um, &t, &parent);
	if (!t) { /* not an event-log monitor: one of the elements left out */
		d->cur_rule = NULL;
		return;
	}
	char *cls = why ? NULL : map_class(d, model_attr(um, "Target"));
	if (why)
		dc_warn(d, um, "W610", "monitor '%s' is not an event monitor .alert writes: %s", mp_id_of(um), why);
	else if (!cls)
		dc_warn(d, um, "W610", "monitor '%s' targets '%s', which is not a class of a referenced pack",
			mp_id_of(um), model_attr(um, "Target") ? model_attr(um, "Target") : "");
	else
		write_monitor(d, um, t, parent, cls);
	if (why || !cls)
		mp_fold_put(d->done, mp_id_of(um), d);
	free(cls);
	d->cur_rule = NULL;
}

/* ---- what is left out ---- */

/* The elements of one name that are left out. */
struct group {
	const char *kind;
	xmlNodePtr first;
	size_t n;
};

/* Adds el to the group of its element name (groups in order of their
 * first element). */
static void group_add(struct group **g, size_t *n, xmlNodePtr el)
{
	size_t i = 0;
	while (i < *n && strcmp((*g)[i].kind, (const char *)el->name) != 0)
		i++;
	if (i == *n) {
		*g = xrealloc(*g, (*n + 1) * sizeof(**g));
		memset(&(*g)[(*n)++], 0, sizeof(**g));
		(*g)[i].kind = (const char *)el->name;
		(*g)[i].first = el;
	}
	(*g)[i].n++;
}

static void report_leftovers(struct dc *d)
{
	struct group *groups = NULL;
	size_t ngroups = 0, n;
	xmlNodePtr *els = mp_elements(d->mp, &n);
	for (size_t i = 0; i < n; i++)
		if (!model_is(els[i], "Rule") && !mp_fold_get(d->done, mp_id_of(els[i])))
			group_add(&groups, &ngroups, els[i]);
	free(els);
	for (size_t i = 0; i < ngroups; i++) {
		struct group *g = &groups[i];
		if (g->n == 1)
			dc_warn(d, g->first, "W610", "%s '%s' cannot be written in .alert", g->kind, mp_id_of(g->first));
		else
			dc_warn(d, g->first, "W610", "%zu %s elements cannot be written in .alert (the first is '%s')",
				g->n, g->kind, mp_id_of(g->first));
	}
	free(groups);
	for (xmlNodePtr lp = model_child(mp_path(d->mp->root, "LanguagePacks"), NULL); lp; lp = model_next(lp, NULL))
		if (model_is(lp, "LanguagePack") && lp != d->mp->strings->lang)
			dc_warn(d, lp, "W610", "language pack '%s' cannot be written in .alert (it holds one language)",
				model_attr(lp, "ID") ? model_attr(lp, "ID") : "");
	xmlNodePtr ka = mp_article(d->mp->strings, d->mp->id);
	if (ka)
		dc_warn(d, ka, "W610", "the knowledge article of the management pack cannot be written in .alert");
}

/* ---- the whole source ---- */

static void pack_header(struct dc *d, struct strbuf *sb)
{
	const char *base = strrchr(d->mp->path, '/');
	base = base ? base + 1 : d->mp->path;
	strbuf_addf(sb, "# Decompiled by scomc from %s (%s %s).\n", base, d->mp->id, d->mp->version);
	strbuf_adds(sb, d->notes.len ? "# Left out or changed (see the warnings):\n" : "");
	strbuf_adds(sb, strbuf_str(&d->notes));
	xmlNodePtr pd = mp_display(d->mp->strings, d->mp->id);
	char *name = pd ? mp_text(mp_path(pd, "Name")) : mp_text_trim(mp_path(d->mp->root, "Manifest/Name"));
	char *desc = pd ? mp_text(mp_path(pd, "Description")) : xstrdup("");
	strbuf_addf(sb, "\npack %s {\n  version     %s\n  name        ", d->mp->id, d->mp->version);
	quoted(sb, *name ? name : d->mp->id);
	if (*desc) {
		strbuf_adds(sb, "\n  description ");
		quoted(sb, desc);
	}
	char *mname = mp_text(mp_path(d->mp->root, "Manifest/Name"));
	if (*mname && strcmp(mname, *name ? name : d->mp->id) != 0) {
		strbuf_adds(sb, "\n  manifest-name ");
		quoted(sb, mname);
	}
	free(mname);
	strbuf_addc(sb, '\n');
	if (xmlHasProp(d->mp->root, BAD_CAST "SchemaVersion"))
		strbuf_adds(sb, "  target      2012\n");
	const char *lang = model_attr(d->mp->strings->lang, "ID");
	if (lang && strcmp(lang, "ENU") != 0)
		strbuf_addf(sb, "  language    %s\n", lang);
	free(name);
	free(desc);
}

/* A built-in library referenced at another version or key than the
 * compiler writes for the pack's target: its reference states them. */
static bool library_differs(struct dc *d, const struct dc_ref *r)
{
	const struct library *l = builtin_library(r->ref->id);
	bool r2 = !xmlHasProp(d->mp->root, BAD_CAST "SchemaVersion");
	return l && (strcmp(r->ref->version, r2 ? l->v2007r2 : l->v2012) != 0 ||
		     strcasecmp(r->ref->token ? r->ref->token : "", LIBRARY_TOKEN) != 0 ||
		     strcmp(r->ref->alias, l->alias) != 0);
}

static void references(struct dc *d, struct strbuf *sb)
{
	for (size_t i = 0; i < d->nrefs; i++) {
		struct dc_ref *r = &d->refs[i];
		if (r->builtin ? !library_differs(d, r) : !r->used)
			continue;
		strbuf_adds(sb, "\n  reference ");
		value(sb, r->ref->id);
		/* a built-in library keeps its alias in the source; the
		 * reference gives the one the pack uses */
		const char *a = r->ref->alias;
		bool valid = (isalpha((unsigned char)*a) || *a == '_') &&
			     strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.") == strlen(a);
		strbuf_addf(sb, " {\n    version %s\n    key     %s\n    alias   %s\n  }\n", r->ref->version,
			    r->ref->token ? r->ref->token : "", r->builtin && valid ? a : r->alias);
	}
}

char *dc_source_head(struct dc *d)
{
	struct strbuf sb = STRBUF_INIT;
	pack_header(d, &sb);
	references(d, &sb);
	return strbuf_detach(&sb, NULL);
}

int dc_lay_out(struct dc *d, const char *text, size_t len, struct strbuf *out, bool *off)
{
	struct source src;
	source_init_mem(&src, d->mp->id, text, len);
	struct diag_sink quiet;
	diag_sink_init(&quiet, 0);
	if (off)
		*off = fmt_is_off(&src);
	int rc = fmt_tokens(&src, out, &quiet);
	diag_sink_release(&quiet);
	source_release(&src);
	return rc;
}

/* The .alert text in scomc fmt's layout, so that 'scomc fmt --check' in CI
 * passes on what decompile wrote (fmt never changes what it compiles to).
 * fmt_tokens(): the self-check parses (and compiles) the result anyway.
 * dc_check_batches() writes the same text from batches of alerts. */
char *dc_source_text(struct dc *d)
{
	struct strbuf sb = STRBUF_INIT;
	char *head = dc_source_head(d);
	strbuf_adds(&sb, head);
	free(head);
	for (size_t i = 0; i < d->nalerts; i++)
		strbuf_adds(&sb, d->alerts[i].text.buf);
	strbuf_adds(&sb, "}\n");
	struct strbuf out = STRBUF_INIT;
	if (dc_lay_out(d, sb.buf, sb.len, &out, NULL) == 0) {
		strbuf_release(&sb);
		sb = out;
	} else {
		strbuf_release(&out); /* a decompiler bug the self-check reports */
	}
	return strbuf_detach(&sb, NULL);
}

/* ---- the whole pack ---- */

void dc_convert(struct dc *d)
{
	map_refs(d);
	articles_ahead(d);
	each_element(d, decompile_rule, decompile_monitor);
	report_leftovers(d);
}

void dc_release(struct dc *d)
{
	for (size_t i = 0; i < d->nalerts; i++) {
		free(d->alerts[i].name);
		free(d->alerts[i].new_id);
		strbuf_release(&d->alerts[i].text);
	}
	free(d->alerts);
	for (size_t i = 0; i < d->nrefs; i++)
		free(d->refs[i].alias);
	free(d->refs);
	xmlHashFree(d->names, NULL);
	xmlHashFree(d->done, NULL);
	strbuf_release(&d->notes);
	articles_release(d);
}
