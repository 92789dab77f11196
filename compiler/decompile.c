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
 * Then the source is compiled again in memory (lex, parse, check, emit) and
 * each decompiled rule is compared with the original one, fact by fact
 * (attributes with their defaults, filter, alert settings, rendered alert
 * text, display strings, article); every difference is a W611 warning. So
 * nothing is ever dropped silently, and a pack scomc wrote comes back
 * unchanged. Output: DIR/<ID>.alert through struct out (atomic).
 */
#include "decompile.h"

#include <ctype.h>
#include <strings.h>

#include "arena.h"
#include "check.h"
#include "cli.h"
#include "emit_xml.h"
#include "lex.h"
#include "md.h"
#include "mpread.h"
#include "out.h"
#include "parse.h"
#include "source.h"
#include "strbuf.h"

#define COMPUTER "Microsoft.Windows.Computer"

/* A reference as it is written in the .alert source. */
struct dc_ref {
	struct mp_ref *ref;
	char *alias;   /* alias in the .alert ("Windows" for Microsoft.Windows.Library) */
	bool builtin, used;
};

struct dc_alert {
	xmlNodePtr rule, wa, ka;
	char *name, *new_id;
	struct strbuf text;   /* the alert block */
	bool lossy_ka;        /* the article lost something (already reported) */
};

struct dc {
	struct mp_file *mp;
	struct diag_sink *sink;
	xmlNodePtr lang;              /* default language pack (or the first) */
	xmlHashTablePtr ds, ka;       /* lower(ElementID) -> DisplayString / KA in lang */
	xmlHashTablePtr names;        /* lower(alert name) -> 1 */
	xmlHashTablePtr done;         /* lower(element ID) decompiled */
	struct dc_ref *refs;
	size_t nrefs;
	struct dc_alert *alerts;
	size_t nalerts;
	struct strbuf notes;          /* "# not decompiled: ..." lines */
	xmlNodePtr cur_rule;          /* rule being decompiled (for warnings) */
};

const char decompile_usage[] =
	"Usage: scomc decompile [OPTION]... FILE...\n"
	"Turn the event alert rules of management packs (MP XML or sealed .mp) back\n"
	"into .alert source: DIR/<ID>.alert, with alert messages, display strings\n"
	"and knowledge articles (MAML as Markdown). Whatever .alert cannot express\n"
	"is listed as a warning [W610]; each decompiled alert is compiled again and\n"
	"compared with the original, and every difference is a warning [W611].\n"
	"\n"
	"  -o, --output=DIR         write into DIR (default: .); '-' writes the\n"
	"                           source of a single file to standard output\n"
	"      --diagnostics-format=FORMAT  text (default), json or sarif\n"
	"      --diagnostics-output=FILE    write diagnostics to FILE\n"
	"      --werror             treat warnings as errors (then nothing is written)\n"
	"      --color=WHEN         colour diagnostics: auto, always or never\n"
	"  -q, --quiet              do not report warnings\n"
	"  -h, --help               show this help and exit\n"
	"\n"
	"Exit status: 0 written, 1 bad input or nothing to decompile [E618],\n"
	"2 usage error, 3 I/O error.\n";

/* ---- small helpers ---- */

static size_t count_el(xmlNodePtr n, const char *name)
{
	size_t k = 0;
	for (xmlNodePtr c = model_child(n, NULL); c; c = model_next(c, NULL))
		k += !name || model_is(c, name);
	return k;
}

static char *lower(const char *s)
{
	char *l = xstrdup(s);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

static void *hget(xmlHashTablePtr h, const char *key)
{
	char *k = lower(key);
	void *v = xmlHashLookup(h, BAD_CAST k);
	free(k);
	return v;
}

static int hput(xmlHashTablePtr h, const char *key, void *val)
{
	char *k = lower(key);
	int rc = xmlHashAddEntry(h, BAD_CAST k, val);
	free(k);
	return rc;
}

static bool is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Collapses runs of white space holding a line break into one space. */
static char *collapse(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = s; *p;) {
		if (!is_space((unsigned char)*p)) {
			strbuf_addc(&sb, *p++);
			continue;
		}
		const char *e = p;
		bool brk = false;
		while (*e && is_space((unsigned char)*e))
			brk |= *e == '\n' || *e == '\r', e++;
		if (brk)
			strbuf_addc(&sb, ' ');
		else
			strbuf_add(&sb, p, (size_t)(e - p));
		p = e;
	}
	return sb.buf ? strbuf_detach(&sb, NULL) : xstrdup("");
}

/* Trimmed, collapsed text of n (malloc'd). */
static char *flat(xmlNodePtr n)
{
	char *t = mp_text_trim(n), *c = collapse(t);
	free(t);
	return c;
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
		size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (n - (lead - 1) < want)
			n = lead - 1;
	}
	strbuf_addf(&d->notes, "# %s: ", prefix);
	for (size_t i = 0; i < n; i++)
		strbuf_addc(&d->notes, msg[i] == '\n' || msg[i] == '\r' ? ' ' : msg[i]);
	strbuf_addc(&d->notes, '\n');
}

static void warn(struct dc *d, xmlNodePtr at, const char *id, const char *fmt, ...) PRINTF_LIKE(4, 5);

static void warn(struct dc *d, xmlNodePtr at, const char *id, const char *fmt, ...)
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

/* W611 at loc, also listed as a "# changed:" comment of the output. */
static void changed(struct dc *d, struct loc at, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void changed(struct dc *d, struct loc at, const char *fmt, ...)
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
	strbuf_addf(sb, "    %-12s", key);
	if (text)
		quoted(sb, val);
	else
		value(sb, val);
	strbuf_addc(sb, '\n');
}

/* ---- references and classes ---- */

static const char *builtin_alias(const char *mp_id)
{
	static const char *const tab[][2] = {
		{ "Microsoft.Windows.Library", "Windows" }, { "System.Health.Library", "Health" },
		{ "System.Library", "System" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcasecmp(tab[i][0], mp_id) == 0)
			return tab[i][1];
	return NULL;
}

static bool alias_taken(struct dc *d, const char *a)
{
	if (!strcasecmp(a, "Windows") || !strcasecmp(a, "Health") || !strcasecmp(a, "System"))
		return true;
	for (size_t i = 0; i < d->nrefs; i++)
		if (d->refs[i].alias && strcasecmp(d->refs[i].alias, a) == 0)
			return true;
	return false;
}

/* .alert aliases are [A-Za-z_][A-Za-z0-9_]*: dots become '_', clashes get a number. */
static char *new_alias(struct dc *d, const char *orig)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = orig; *p; p++)
		strbuf_addc(&sb, isalnum((unsigned char)*p) ? *p : '_');
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
		const char *b = builtin_alias(r->ref->id);
		r->builtin = b != NULL;
		d->nrefs = i;
		r->alias = b ? xstrdup(b) : new_alias(d, r->ref->alias);
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
	const char *bang = target ? strchr(target, '!') : NULL;
	struct dc_ref *r = bang ? ref_of(d, target, (size_t)(bang - target)) : NULL;
	if (!r)
		return NULL;
	r->used = true;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s!%s", r->alias, bang + 1);
	return strbuf_detach(&sb, NULL);
}

static bool is_type(struct dc *d, const char *typeid, const char *lib, const char *name)
{
	const char *bang = typeid ? strchr(typeid, '!') : NULL;
	if (!bang || strcmp(bang + 1, name) != 0)
		return false;
	struct dc_ref *r = ref_of(d, typeid, (size_t)(bang - typeid));
	return r && strcasecmp(r->ref->id, lib) == 0;
}

/* ---- the event filter ---- */

struct filter {
	struct strbuf events;   /* "9317, 9320-9325" */
	char *source;
	const char *why;        /* why it cannot be written, or NULL */
	int nevent, nsource;
	char *low, *high;       /* a lone GreaterEqual / LessEqual pair */
};

/* A SimpleExpression on query: *op and *val (borrowed/allocated). */
static bool simple(xmlNodePtr s, const char *query, char **op, char **val)
{
	if (!model_is(s, "SimpleExpression") || count_el(s, NULL) != 3)
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

static xmlNodePtr unwrap(xmlNodePtr e)
{
	while (model_is(e, "Expression") && count_el(e, NULL) == 1)
		e = model_child(e, NULL);
	return e;
}

/* One alternative of an event list: ID or And(GreaterEqual, LessEqual). */
static bool event_alt(xmlNodePtr e, struct strbuf *out)
{
	char *op = NULL, *val = NULL;
	e = unwrap(e);
	if (simple(e, "EventDisplayNumber", &op, &val)) {
		bool ok = !strcmp(op, "Equal") && digits(val);
		if (ok)
			strbuf_addf(out, "%s%s", out->len ? ", " : "", val);
		free(op);
		free(val);
		return ok;
	}
	if (!model_is(e, "And") || count_el(e, NULL) != 2)
		return false;
	char *o1 = NULL, *v1 = NULL, *o2 = NULL, *v2 = NULL;
	bool ok = simple(unwrap(model_child(e, NULL)), "EventDisplayNumber", &o1, &v1) &&
		  simple(unwrap(model_next(model_child(e, NULL), NULL)), "EventDisplayNumber", &o2, &v2) &&
		  !strcmp(o1, "GreaterEqual") && !strcmp(o2, "LessEqual") && digits(v1) && digits(v2);
	if (ok)
		strbuf_addf(out, "%s%s-%s", out->len ? ", " : "", v1, v2);
	free(o1), free(v1), free(o2), free(v2);
	return ok;
}

static void source_term(struct filter *f, xmlNodePtr e)
{
	xmlNodePtr q = mp_path(e, "ValueExpression/XPathQuery");
	char *qt = mp_text_trim(q), *op = mp_text_trim(mp_path(e, "Operator"));
	char *pat = mp_text_trim(mp_path(e, "Pattern"));
	if (strcmp(qt, "PublisherName") || strcmp(op, "MatchesWildcard") || !*pat)
		f->why = "a regular-expression test other than a wildcard on the event source";
	else if (!f->nsource++)
		f->source = xstrdup(pat);
	free(qt), free(op), free(pat);
}

/* One top-level term of the filter's And. */
static void term(struct filter *f, xmlNodePtr e)
{
	char *op = NULL, *val = NULL;
	e = unwrap(e);
	if (simple(e, "EventDisplayNumber", &op, &val)) {
		char **slot = !strcmp(op, "GreaterEqual") ? &f->low : !strcmp(op, "LessEqual") ? &f->high : NULL;
		if (!strcmp(op, "Equal") && digits(val))
			f->nevent++, strbuf_addf(&f->events, "%s", val);
		else if (slot && !*slot && digits(val))
			*slot = xstrdup(val);
		else
			f->why = "an event ID test that is not =, >= or <= a number";
	} else if (simple(e, "PublisherName", &op, &val)) {
		if (strcmp(op, "Equal") || !*val)
			f->why = "a source test other than 'equal'";
		else if (!f->nsource++)
			f->source = xstrdup(val);
	} else if (model_is(e, "RegExExpression")) {
		source_term(f, e);
	} else if (model_is(e, "Or")) {
		f->nevent++;
		for (xmlNodePtr a = model_child(e, NULL); a && !f->why; a = model_next(a, NULL))
			if (!event_alt(a, &f->events))
				f->why = "an 'or' that is not a list of event IDs and ranges";
	} else if (model_is(e, "And")) {
		for (xmlNodePtr a = model_child(e, NULL); a; a = model_next(a, NULL))
			term(f, a);
	} else {
		f->why = "a test on something other than the event ID and source";
	}
	free(op);
	free(val);
}

static void read_filter(struct filter *f, xmlNodePtr expr)
{
	memset(f, 0, sizeof(*f));
	if (!expr) {
		f->why = "no Expression";
		return;
	}
	term(f, expr);
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

/* AlertParameterN values by N (1..99), trimmed; owned by the array. */
struct params {
	char *v[100];
};

static void read_params(struct params *p, xmlNodePtr wa)
{
	memset(p, 0, sizeof(*p));
	for (xmlNodePtr c = model_child(mp_path(wa, "AlertParameters"), NULL); c; c = model_next(c, NULL)) {
		int n = atoi((const char *)c->name + strlen("AlertParameter"));
		if (!strncmp((const char *)c->name, "AlertParameter", 14) && n >= 1 && n <= 99 && !p->v[n])
			p->v[n] = mp_text_trim(c);
	}
}

static void params_release(struct params *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(p->v); i++)
		free(p->v[i]);
}

/* Turns an alert-message description ({0}...) or a hard-coded one
 * ($Data/...$) into .alert placeholders. Sets *lost when something could
 * not be written. */
static char *alert_text(const char *desc, const struct params *p, bool *lost)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[64];
	for (const char *s = desc; *s;) {
		int n, len = 0;
		if (*s == '{' && sscanf(s, "{%d}%n", &n, &len) == 1 && len > 0 && n >= 0 && n < 99) {
			const char *v = p && p->v[n + 1] ? placeholder_of(p->v[n + 1], buf) : NULL;
			if (v)
				strbuf_addf(&sb, "{%s}", v);
			else
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


/* "id, source" from the Suppression element ("none" when empty); values
 * .alert has no field for are left out (the self-check reports them). */
static char *suppression(xmlNodePtr wa)
{
	struct strbuf sb = STRBUF_INIT;
	const char *seen[16];
	size_t nseen = 0;
	for (xmlNodePtr v = model_child(mp_path(wa, "Suppression"), NULL); v; v = model_next(v, NULL)) {
		char *t = mp_text_trim(v);
		const char *f = model_is(v, "SuppressionValue") ? check_suppress_field(t) : NULL;
		bool dup = false;
		for (size_t i = 0; f && i < nseen; i++)
			dup |= seen[i] == f;
		if (f && !dup && nseen < ARRAY_SIZE(seen)) {
			seen[nseen++] = f;
			strbuf_addf(&sb, "%s%s", sb.len ? ", " : "", f);
		}
		free(t);
	}
	if (!sb.len)
		strbuf_adds(&sb, "none");
	return strbuf_detach(&sb, NULL);
}

/* The StringResource ID in $MPElement[Name="ID"]$, or NULL. */
static char *message_id(xmlNodePtr wa)
{
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

static xmlNodePtr display_of(struct dc *d, const char *id)
{
	return id ? hget(d->ds, id) : NULL;
}

/* ---- knowledge: MAML -> Markdown ---- */

enum seg_kind { SEG_TEXT, SEG_BOLD, SEG_LINK };

struct seg {
	enum seg_kind kind;
	struct strbuf text;
	char *href;
};

struct segs {
	struct seg *v;
	size_t n;
	struct {            /* inline elements written as plain text */
		xmlNodePtr at;
		char what[160];
	} lost[8];
	size_t nlost;
};

/* Records that the inline element at was written as text (what). */
static void seg_lost(struct segs *s, xmlNodePtr at, const char *what)
{
	for (size_t i = 0; i < s->nlost; i++)
		if (!strcmp(s->lost[i].what, what))
			return;
	if (s->nlost < ARRAY_SIZE(s->lost)) {
		s->lost[s->nlost].at = at;
		snprintf(s->lost[s->nlost++].what, sizeof(s->lost[0].what), "%s", what);
	}
}

static struct seg *seg_new(struct segs *s, enum seg_kind k)
{
	if (k == SEG_TEXT && s->n && s->v[s->n - 1].kind == SEG_TEXT)
		return &s->v[s->n - 1];
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	struct seg *g = &s->v[s->n++];
	memset(g, 0, sizeof(*g));
	g->kind = k;
	return g;
}

static void segs_release(struct segs *s)
{
	for (size_t i = 0; i < s->n; i++) {
		strbuf_release(&s->v[i].text);
		free(s->v[i].href);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static bool maml_named(xmlNodePtr n, const char *name)
{
	return model_is(n, name) && n->ns;
}

/* Same rule as the compiler's link check (check.c check_link). */
static bool href_ok(const char *h)
{
	size_t scheme = strcspn(h, ":/?#");
	bool ok;
	if (h[scheme] == ':')
		ok = (scheme == 4 && !strncasecmp(h, "http", 4)) || (scheme == 5 && !strncasecmp(h, "https", 5)) ||
		     (scheme == 6 && !strncasecmp(h, "mailto", 6));
	else
		ok = *h && strncmp(h, "//", 2) != 0;
	for (const char *s = h; ok && *s; s++)
		ok = (unsigned char)*s > ' ';
	return ok;
}

static void add_text(struct segs *s, const char *t)
{
	char *c = collapse(t);
	if (*c)
		strbuf_adds(&seg_new(s, SEG_TEXT)->text, c);
	free(c);
}

static void inline_node(struct segs *s, xmlNodePtr c)
{
	if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
		add_text(s, c->content ? (const char *)c->content : "");
		return;
	}
	if (c->type != XML_ELEMENT_NODE)
		return;
	char *t = mp_text(c);
	if (maml_named(c, "ui")) {
		char *cc = collapse(t);
		strbuf_adds(&seg_new(s, SEG_BOLD)->text, cc);
		free(cc);
	} else if (maml_named(c, "navigationLink")) {
		xmlNodePtr uri = mp_path(c, "uri");
		const char *href = model_attr(uri, "href");
		char *lt = mp_text(mp_path(c, "linkText")), *cl = collapse(lt);
		if (href && href_ok(href)) {
			struct seg *g = seg_new(s, SEG_LINK);
			strbuf_adds(&g->text, cl);
			g->href = xstrdup(href);
		} else {
			char what[160];
			snprintf(what, sizeof(what), "the link to '%.120s'", href ? href : "");
			add_text(s, cl);
			seg_lost(s, c, what);
		}
		free(lt);
		free(cl);
	} else {
		char what[160];
		snprintf(what, sizeof(what), "maml:%.100s inside a paragraph", (const char *)c->name);
		add_text(s, t);
		seg_lost(s, c, what);
	}
	free(t);
}

/* Moves white space at the edges of bold and link text outside, drops
 * empty ones and trims the paragraph: the normal form both the writer and
 * the comparison use. */
static void normalize(struct segs *s)
{
	struct segs out = { 0 };
	for (size_t i = 0; i < s->n; i++) {
		struct seg *g = &s->v[i];
		const char *t = strbuf_str(&g->text);
		size_t a = 0, e = g->text.len;
		if (g->kind == SEG_TEXT) {
			add_text(&out, t);
			continue;
		}
		while (a < e && is_space((unsigned char)t[a]))
			a++;
		while (e > a && is_space((unsigned char)t[e - 1]))
			e--;
		if (a > 0)
			strbuf_addc(&seg_new(&out, SEG_TEXT)->text, ' ');
		if (e > a || g->kind == SEG_LINK) {
			struct seg *n = seg_new(&out, g->kind);
			strbuf_add(&n->text, t + a, e - a);
			n->href = g->href ? xstrdup(g->href) : NULL;
		}
		if (e < g->text.len)
			strbuf_addc(&seg_new(&out, SEG_TEXT)->text, ' ');
	}
	memcpy(out.lost, s->lost, sizeof(out.lost));
	out.nlost = s->nlost;
	segs_release(s);
	*s = out;
	/* trim the ends and double spaces made by moving white space */
	for (size_t i = 0; i < s->n; i++) {
		struct seg *g = &s->v[i];
		if (g->kind != SEG_TEXT)
			continue;
		while (i == 0 && g->text.len && g->text.buf[0] == ' ')
			memmove(g->text.buf, g->text.buf + 1, g->text.len--);
		while (i == s->n - 1 && g->text.len && g->text.buf[g->text.len - 1] == ' ')
			g->text.buf[--g->text.len] = '\0';
	}
}

static void para_segs(struct segs *s, xmlNodePtr para)
{
	memset(s, 0, sizeof(*s));
	for (xmlNodePtr c = para->children; c; c = c->next)
		inline_node(s, c);
	normalize(s);
}

/* A paragraph on one line, with the offsets where it may be wrapped. */
struct line {
	struct strbuf sb;
	size_t breaks[4096];
	size_t nbreaks;
};

static bool md_punct(int c) { return c < 0x80 && ispunct(c); }

static bool entity_like(const char *s)
{
	const char *p = s + 1;
	if (*p == '#')
		p++;
	const char *q = p;
	while (isalnum((unsigned char)*q))
		q++;
	return q > p && *q == ';';
}

static bool needs_escape(const char *t, size_t i, int prev, bool start)
{
	char c = t[i], next = t[i + 1];
	if (strchr("\\`*[]<", c))
		return true;
	if (c == '_')
		return !(isalnum(prev) && isalnum((unsigned char)next));
	if (c == '&')
		return entity_like(t + i);
	if (start && i == 0 && strchr("#>-+=~|\"", c))
		return true;
	if (start && (c == '.' || c == ')') && i > 0 && i <= 9 && strspn(t, "0123456789") == i)
		return true;
	return false;
}

/* Escaped text; breaks at single spaces before an ASCII letter. */
static void put_text(struct line *l, const char *t, bool start, bool breakable)
{
	for (size_t i = 0; t[i]; i++) {
		int prev = i ? (unsigned char)t[i - 1] : l->sb.len ? (unsigned char)l->sb.buf[l->sb.len - 1] : 0;
		if (breakable && t[i] == ' ' && prev != ' ' && isalpha((unsigned char)t[i + 1]) &&
		    l->nbreaks < ARRAY_SIZE(l->breaks))
			l->breaks[l->nbreaks++] = l->sb.len;
		if (needs_escape(t, i, prev, start))
			strbuf_addc(&l->sb, '\\');
		strbuf_addc(&l->sb, t[i]);
	}
}

static void put_href(struct line *l, const char *h)
{
	bool angle = strpbrk(h, " ()<>") != NULL;
	strbuf_adds(&l->sb, angle ? "(<" : "(");
	for (const char *p = h; *p; p++) {
		if (*p == '\\' || (*p == '&' && entity_like(p)) || (angle ? *p == '<' || *p == '>' : 0))
			strbuf_addc(&l->sb, '\\');
		strbuf_addc(&l->sb, *p);
	}
	strbuf_adds(&l->sb, angle ? ">)" : ")");
}

static int seg_first(const struct segs *s, size_t i)
{
	if (i >= s->n)
		return ' ';
	if (s->v[i].kind == SEG_BOLD)
		return '*';
	if (s->v[i].kind == SEG_LINK)
		return '[';
	return s->v[i].text.len ? (unsigned char)s->v[i].text.buf[0] : ' ';
}

/* Can **t** be written between prev and next (CommonMark flanking)? */
static bool bold_ok(const char *t, int prev, int next)
{
	size_t n = strlen(t);
	if (!n)
		return false;
	int f = strchr("\\`*[]<_&", t[0]) ? '\\' : (unsigned char)t[0];
	int last = (unsigned char)t[n - 1];
	bool open = !is_space(f) && (!md_punct(f) || !prev || is_space(prev) || md_punct(prev));
	bool close = !is_space(last) && (!md_punct(last) || is_space(next) || md_punct(next));
	return open && close;
}

/* Writes the paragraph's segments; *lost when bold had to be dropped. */
static void put_segs(struct line *l, const struct segs *s, bool *lost)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct seg *g = &s->v[i];
		const char *t = strbuf_str(&g->text);
		bool start = l->sb.len == 0;
		int prev = l->sb.len ? (unsigned char)l->sb.buf[l->sb.len - 1] : 0;
		if (g->kind == SEG_TEXT) {
			put_text(l, t, start, true);
		} else if (g->kind == SEG_BOLD && bold_ok(t, prev, seg_first(s, i + 1))) {
			strbuf_adds(&l->sb, "**");
			put_text(l, t, false, true);
			strbuf_adds(&l->sb, "**");
		} else if (g->kind == SEG_BOLD) {
			put_text(l, t, start, true);
			*lost = true;
		} else {
			strbuf_addc(&l->sb, '[');
			put_text(l, t, false, false);
			strbuf_addc(&l->sb, ']');
			put_href(l, g->href);
		}
	}
}

/* Appends the line wrapped near 80 columns. The first line starts with
 * `first` (the list markers, as wide as indent) or indent spaces; the
 * others with indent spaces. */
static void emit_line(struct strbuf *out, struct line *l, size_t indent, const char *first)
{
	if (first)
		strbuf_adds(out, first);
	else
		strbuf_addf(out, "%*s", (int)indent, "");
	if (!l->sb.len) { /* an empty list item: the marker alone */
		while (out->len && out->buf[out->len - 1] == ' ')
			out->buf[--out->len] = '\0';
		strbuf_addc(out, '\n');
		return;
	}
	size_t from = 0, last = 0;
	for (size_t b = 0; b <= l->nbreaks; b++) {
		size_t at = b < l->nbreaks ? l->breaks[b] : l->sb.len;
		if (at - from + indent > 72 && last > from) {
			strbuf_add(out, l->sb.buf + from, last - from);
			strbuf_addf(out, "\n%*s", (int)indent, "");
			from = last + 1;
		}
		last = at;
	}
	strbuf_add(out, l->sb.buf + from, l->sb.len - from);
	strbuf_addc(out, '\n');
}

struct md {
	struct dc *d;
	struct strbuf *out;
	bool lost;            /* something was lost (and reported) */
	xmlHashTablePtr told; /* what was already reported for this article */
};

static void md_lost(struct md *m, xmlNodePtr at, const char *what, const char *how)
{
	m->lost = true;
	if (xmlHashAddEntry(m->told, BAD_CAST what, at) != 0)
		return;
	warn(m->d, at, "W610", "knowledge article of rule '%s': %s cannot be written in .alert; %s",
	     mp_id_of(m->d->cur_rule), what, how);
}

static void md_segs_line(struct md *m, xmlNodePtr at, struct segs *s, size_t indent, const char *first)
{
	struct line *l = xcalloc(1, sizeof(*l));
	bool lost = false;
	put_segs(l, s, &lost);
	if (lost)
		md_lost(m, at, "bold text next to punctuation", "it is kept as plain text");
	if (l->sb.len || first)
		emit_line(m->out, l, indent, first);
	else
		md_lost(m, at, "an empty paragraph", "it is left out");
	strbuf_release(&l->sb);
	free(l);
}

static void md_para(struct md *m, xmlNodePtr p, size_t indent, const char *first)
{
	struct segs s;
	para_segs(&s, p);
	for (size_t i = 0; i < s.nlost; i++)
		md_lost(m, s.lost[i].at, s.lost[i].what, "its text is kept");
	md_segs_line(m, p, &s, indent, first);
	segs_release(&s);
}

static void spaced_into(xmlNodePtr n, struct strbuf *sb, int depth)
{
	for (xmlNodePtr c = n->children; c && depth < 64; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			strbuf_adds(sb, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE) {
			bool block = !maml_named(c, "ui") && !maml_named(c, "linkText") && !maml_named(c, "uri");
			spaced_into(c, sb, depth + 1);
			if (block)
				strbuf_addc(sb, ' ');
		}
	}
}

/* Text of a block element, its parts separated by one space. */
static char *spaced_text(xmlNodePtr n)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	spaced_into(n, &sb, 0);
	for (const char *p = strbuf_str(&sb); *p; p++)
		if (!is_space((unsigned char)*p) || (out.len && out.buf[out.len - 1] != ' '))
			strbuf_addc(&out, is_space((unsigned char)*p) ? ' ' : *p);
	while (out.len && out.buf[out.len - 1] == ' ')
		out.buf[--out.len] = '\0';
	strbuf_release(&sb);
	return out.buf ? strbuf_detach(&out, NULL) : xstrdup("");
}

/* A block .alert has no form for: its text, as one paragraph. */
static void md_flatten(struct md *m, xmlNodePtr b, size_t indent, const char *first)
{
	char what[128];
	snprintf(what, sizeof(what), "%s%s", b->ns && b->ns->prefix ? "maml:" : "", (const char *)b->name);
	md_lost(m, b, what, "its text is kept as a paragraph");
	struct segs s = { 0 };
	char *t = spaced_text(b);
	add_text(&s, t);
	free(t);
	normalize(&s);
	if (s.n || first)
		md_segs_line(m, b, &s, indent, first);
	segs_release(&s);
}

static bool has_content(xmlNodePtr n)
{
	char *t = mp_text_trim(n);
	bool c = *t || model_child(n, NULL);
	free(t);
	return c;
}

static void md_blocks(struct md *m, xmlNodePtr parent, size_t indent, const char *first, int depth);

/* alt: use '*' / ')' so the list does not merge with a list just before. */
static void md_list(struct md *m, xmlNodePtr list, size_t indent, const char *first, int depth, bool alt)
{
	const char *cls = model_attr(list, "class");
	bool ordered = cls && !strcmp(cls, "ordered");
	int k = 1;
	for (xmlNodePtr it = model_child(list, NULL); it; it = model_next(it, NULL), k++) {
		char marker[32];
		if (ordered)
			snprintf(marker, sizeof(marker), "%d%c ", k, alt ? ')' : '.');
		else
			snprintf(marker, sizeof(marker), "%c ", alt ? '*' : '-');
		struct strbuf pre = STRBUF_INIT;
		if (first && k == 1)
			strbuf_adds(&pre, first);
		else
			strbuf_addf(&pre, "%*s", (int)indent, "");
		strbuf_adds(&pre, marker);
		xmlNodePtr b = model_child(it, NULL);
		if (!b || (!model_next(b, NULL) && maml_named(b, "para") && !has_content(b))) {
			pre.buf[--pre.len] = '\0';
			strbuf_addf(m->out, "%s\n", pre.buf);
		} else {
			md_blocks(m, it, indent + strlen(marker), pre.buf, depth + 1);
		}
		strbuf_release(&pre);
	}
}

static void md_blocks(struct md *m, xmlNodePtr parent, size_t indent, const char *first, int depth)
{
	bool prev_list = false, prev_alt = false, any = false;
	for (xmlNodePtr b = model_child(parent, NULL); b; b = model_next(b, NULL)) {
		if (maml_named(b, "title") && maml_named(parent, "section") && b == model_child(parent, NULL))
			continue;
		if (any)
			strbuf_addc(m->out, '\n');
		const char *f = any ? NULL : first;
		any = true;
		bool list = maml_named(b, "list") && depth < MD_MAX_DEPTH;
		if (maml_named(b, "para"))
			md_para(m, b, indent, f);
		else if (list)
			md_list(m, b, indent, f, depth, prev_alt = prev_list ? !prev_alt : false);
		else
			md_flatten(m, b, indent, f);
		prev_list = list;
	}
	if (!any && first) { /* nothing to write: keep the marker */
		struct line l0 = { 0 };
		emit_line(m->out, &l0, indent, first);
	}
}

/* Section title for .alert: flat text; unique and not empty. */
static char *section_title(struct md *m, xmlNodePtr sec, xmlHashTablePtr titles)
{
	xmlNodePtr t = model_child(sec, NULL);
	char *title = maml_named(t, "title") ? flat(t) : xstrdup("");
	if (!*title) {
		md_lost(m, sec, "a section without a title", "it is called 'Section'");
		free(title);
		title = xstrdup("Section");
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, title);
	for (int k = 2; hput(titles, sb.buf, sec) != 0; k++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s (%d)", title, k);
		md_lost(m, sec, "a second section with the same title", "it gets a number");
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
		if (len)
			strbuf_addf(out, "%*s%.*s", n, "", (int)len, p);
		strbuf_addc(out, '\n');
		p += len + (e ? 1 : 0);
	}
}

static void md_section(struct md *m, xmlNodePtr sec, xmlHashTablePtr titles, struct strbuf *out)
{
	char *title = section_title(m, sec, titles);
	struct strbuf body = STRBUF_INIT;
	m->out = &body;
	md_blocks(m, sec, 0, NULL, 0);
	if (!body.len) {
		md_lost(m, sec, "a section without text", "it is left out");
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

/* The knowledge block of a rule (empty when there is no article). */
static void knowledge(struct dc *d, struct dc_alert *a, struct strbuf *out)
{
	if (!a->ka)
		return;
	struct md m = { .d = d, .told = xmlHashCreate(8) };
	xmlHashTablePtr titles = xmlHashCreate(8);
	xmlNodePtr mc = mp_path(a->ka, "MamlContent");
	struct strbuf secs = STRBUF_INIT;
	if (!mc)
		md_lost(&m, a->ka, "an article that is not MAML", "it is left out");
	for (xmlNodePtr s = model_child(mc, NULL); s; s = model_next(s, NULL)) {
		if (maml_named(s, "section"))
			md_section(&m, s, titles, &secs);
		else
			md_lost(&m, s, "content outside a maml:section", "it is left out");
	}
	if (secs.len)
		strbuf_addf(out, "\n    knowledge {\n%s    }\n", secs.buf);
	a->lossy_ka = m.lost;
	strbuf_release(&secs);
	xmlHashFree(titles, NULL);
	xmlHashFree(m.told, NULL);
}

/* ---- rules -> alerts ---- */

/* Why rule is not an event alert rule, or NULL (then *ds and *wa are set). */
static const char *classify(struct dc *d, xmlNodePtr rule, xmlNodePtr *ds, xmlNodePtr *wa)
{
	xmlNodePtr dss = mp_path(rule, "DataSources"), was = mp_path(rule, "WriteActions");
	*ds = model_child(dss, NULL);
	*wa = model_child(was, NULL);
	if (count_el(dss, NULL) != 1 ||
	    !is_type(d, model_attr(*ds, "TypeID"), "Microsoft.Windows.Library", "Microsoft.Windows.EventProvider"))
		return "its data source is not one Microsoft.Windows.EventProvider";
	if (mp_path(rule, "ConditionDetection"))
		return "it has a condition detection";
	if (count_el(was, NULL) != 1 ||
	    !is_type(d, model_attr(*wa, "TypeID"), "System.Health.Library", "System.Health.GenerateAlert"))
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
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		bool dot = s[i] == '.' && sb.len && sb.buf[sb.len - 1] != '.' && i + 1 < n;
		strbuf_addc(&sb, isalnum((unsigned char)s[i]) || dot ? s[i] : '_');
	}
	if (!sb.len)
		strbuf_adds(&sb, "Rule");
	size_t room = CHECK_MAX_ID - pl - 1 - strlen(".Rule.AlertMessage") - 4;
	if (sb.len > room)
		sb.buf[sb.len = room] = '\0';
	size_t base = sb.len;
	for (int k = 2; hput(d->names, sb.buf, d) != 0; k++) {
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
	char *mid = message_id(a->wa);
	xmlNodePtr m = display_of(d, mid);
	struct params p;
	read_params(&p, a->wa);
	if (m) {
		*title = mp_text(mp_path(m, "Name"));
		char *raw = mp_text(mp_path(m, "Description"));
		*desc = alert_text(raw, &p, lost);
		free(raw);
		if (mid)
			hput(d->done, mid, a);
	} else {
		char *n = mp_text_trim(mp_path(a->wa, "AlertName"));
		char *raw = mp_text_trim(mp_path(a->wa, "AlertDescription"));
		xmlNodePtr rd = display_of(d, mp_id_of(a->rule));
		*title = *n ? xstrdup(n) : rd ? mp_text(mp_path(rd, "Name")) : xstrdup(mp_id_of(a->rule));
		*desc = alert_text(raw, NULL, lost);
		free(n);
		free(raw);
	}
	if (!**title) {
		free(*title);
		*title = xstrdup(mp_id_of(a->rule));
	}
	params_release(&p);
	free(mid);
}

static void write_alert(struct dc *d, struct dc_alert *a, const char *cls, struct filter *f,
			const char *log, const char *type, const char *prio)
{
	struct strbuf *sb = &a->text;
	char *title, *desc, *sup = suppression(a->wa);
	bool lost = false;
	alert_strings(d, a, &title, &desc, &lost);
	xmlNodePtr rd = display_of(d, mp_id_of(a->rule));
	char *rule = rd ? mp_text(mp_path(rd, "Name")) : NULL;
	strbuf_addf(sb, "\n  alert %s {\n", a->name);
	strbuf_addf(sb, "    %-12s%s\n", "event", f->events.buf);
	prop(sb, "source", f->source, false);
	if (strcmp(log, "Application") != 0)
		prop(sb, "log", log, false);
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
	if (strcmp(sup, "id, source") != 0)
		strbuf_addf(sb, "    %-12s%s\n", "suppress", sup);
	const char *en = model_attr(a->rule, "Enabled");
	if (en && !strcmp(en, "false"))
		strbuf_addf(sb, "    %-12s%s\n", "enabled", "false");
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
	a->ka = hget(d->ka, mp_id_of(rule));
	a->name = alert_name(d, mp_id_of(rule));
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(&id, "%s.%s.Rule", d->mp->id, a->name);
	a->new_id = strbuf_detach(&id, NULL);
	hput(d->done, mp_id_of(rule), a);
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
		warn(d, rule, "W610", "rule '%s' is not an event alert rule: %s", id, why);
		return;
	}
	char *cls = map_class(d, model_attr(rule, "Target"));
	struct filter f;
	read_filter(&f, mp_path(ds, "Expression"));
	char *log = mp_text_trim(mp_path(ds, "LogName"));
	char *sev = mp_text_trim(mp_path(wa, "Severity")), *pri = mp_text_trim(mp_path(wa, "Priority"));
	const char *type = level_word(sev, types), *prio = level_word(pri, prios);
	if (!cls)
		warn(d, rule, "W610", "rule '%s' targets '%s', which is not a class of a referenced pack", id,
		     model_attr(rule, "Target") ? model_attr(rule, "Target") : "");
	else if (f.why)
		warn(d, rule, "W610", "rule '%s' has an event filter with %s", id, f.why);
	else if (!*log)
		warn(d, rule, "W610", "rule '%s' has no event log name", id);
	else if (!type || !prio)
		warn(d, rule, "W610", "rule '%s' has an alert severity or priority that is not 0, 1 or 2", id);
	else
		write_alert(d, new_alert(d, rule, wa), cls, &f, log, type, prio);
	free(cls), free(log), free(sev), free(pri);
	filter_release(&f);
	d->cur_rule = NULL;
}

/* ---- what is left out ---- */

struct group {
	const char *kind;
	xmlNodePtr first;
	size_t n;
	struct strbuf ids;
};

struct leftovers {
	struct dc *d;
	struct group *g;
	size_t n;
};

static void collect_left(void *payload, void *data, const xmlChar *name)
{
	(void)name;
	struct leftovers *l = data;
	xmlNodePtr el = payload;
	const char *id = mp_id_of(el);
	if (!mp_is_element(el) || model_is(el, "Rule") || hget(l->d->done, id))
		return;
	size_t i = 0;
	while (i < l->n && strcmp(l->g[i].kind, (const char *)el->name) != 0)
		i++;
	if (i == l->n) {
		l->g = xrealloc(l->g, (l->n + 1) * sizeof(*l->g));
		memset(&l->g[l->n++], 0, sizeof(*l->g));
		l->g[i].kind = (const char *)el->name;
	}
	struct group *g = &l->g[i];
	g->n++;
	if (!g->first || (uintptr_t)el->_private < (uintptr_t)g->first->_private)
		g->first = el;
}

static int group_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct group *)a)->first->_private;
	uintptr_t y = (uintptr_t)((const struct group *)b)->first->_private;
	return x < y ? -1 : x > y;
}

static void report_leftovers(struct dc *d)
{
	struct leftovers l = { d, NULL, 0 };
	xmlHashScan(d->mp->elements, collect_left, &l);
	if (l.n > 1)
		qsort(l.g, l.n, sizeof(*l.g), group_cmp);
	for (size_t i = 0; i < l.n; i++) {
		struct group *g = &l.g[i];
		if (g->n == 1)
			warn(d, g->first, "W610", "%s '%s' cannot be written in .alert", g->kind, mp_id_of(g->first));
		else
			warn(d, g->first, "W610", "%zu %s elements cannot be written in .alert (the first is '%s')",
			     g->n, g->kind, mp_id_of(g->first));
	}
	free(l.g);
	for (xmlNodePtr lp = model_child(mp_path(d->mp->root, "LanguagePacks"), NULL); lp; lp = model_next(lp, NULL))
		if (model_is(lp, "LanguagePack") && lp != d->lang)
			warn(d, lp, "W610", "language pack '%s' cannot be written in .alert (it holds one language)",
			     model_attr(lp, "ID") ? model_attr(lp, "ID") : "");
	xmlNodePtr ka = hget(d->ka, d->mp->id);
	if (ka)
		warn(d, ka, "W610", "the knowledge article of the management pack cannot be written in .alert");
}

/* ---- the whole source ---- */

static void indexes(struct dc *d)
{
	xmlNodePtr lps = mp_path(d->mp->root, "LanguagePacks");
	for (xmlNodePtr lp = model_child(lps, NULL); lp && !d->lang; lp = model_next(lp, NULL)) {
		const char *def = model_attr(lp, "IsDefault");
		if (model_is(lp, "LanguagePack") && def && (!strcmp(def, "true") || !strcmp(def, "1")))
			d->lang = lp;
	}
	for (xmlNodePtr lp = model_child(lps, NULL); lp && !d->lang; lp = model_next(lp, NULL))
		if (model_is(lp, "LanguagePack"))
			d->lang = lp;
	for (xmlNodePtr s = model_child(mp_path(d->lang, "DisplayStrings"), NULL); s; s = model_next(s, NULL))
		if (!model_attr(s, "SubElementID") && model_attr(s, "ElementID"))
			hput(d->ds, model_attr(s, "ElementID"), s);
	for (xmlNodePtr k = model_child(mp_path(d->lang, "KnowledgeArticles"), NULL); k; k = model_next(k, NULL))
		if (!model_attr(k, "SubElementID") && model_attr(k, "ElementID"))
			hput(d->ka, model_attr(k, "ElementID"), k);
}

static void pack_header(struct dc *d, struct strbuf *sb)
{
	const char *base = strrchr(d->mp->path, '/');
	base = base ? base + 1 : d->mp->path;
	strbuf_addf(sb, "# Decompiled by scomc from %s (%s %s).\n", base, d->mp->id, d->mp->version);
	strbuf_adds(sb, d->notes.len ? "# Left out or changed (see the warnings):\n" : "");
	strbuf_adds(sb, strbuf_str(&d->notes));
	xmlNodePtr pd = display_of(d, d->mp->id);
	char *name = pd ? mp_text(mp_path(pd, "Name")) : mp_text_trim(mp_path(d->mp->root, "Manifest/Name"));
	char *desc = pd ? mp_text(mp_path(pd, "Description")) : xstrdup("");
	strbuf_addf(sb, "\npack %s {\n  version     %s\n  name        ", d->mp->id, d->mp->version);
	quoted(sb, *name ? name : d->mp->id);
	if (*desc) {
		strbuf_adds(sb, "\n  description ");
		quoted(sb, desc);
	}
	strbuf_addc(sb, '\n');
	if (xmlHasProp(d->mp->root, BAD_CAST "SchemaVersion"))
		strbuf_adds(sb, "  target      2012\n");
	const char *lang = model_attr(d->lang, "ID");
	if (lang && strcmp(lang, "ENU") != 0)
		strbuf_addf(sb, "  language    %s\n", lang);
	free(name);
	free(desc);
}

static void references(struct dc *d, struct strbuf *sb)
{
	for (size_t i = 0; i < d->nrefs; i++) {
		struct dc_ref *r = &d->refs[i];
		if (r->builtin || !r->used)
			continue;
		strbuf_adds(sb, "\n  reference ");
		value(sb, r->ref->id);
		strbuf_addf(sb, " {\n    version %s\n    key     %s\n    alias   %s\n  }\n", r->ref->version,
			    r->ref->token ? r->ref->token : "", r->alias);
	}
}

static char *source_text(struct dc *d)
{
	struct strbuf sb = STRBUF_INIT;
	pack_header(d, &sb);
	references(d, &sb);
	for (size_t i = 0; i < d->nalerts; i++)
		strbuf_adds(&sb, d->alerts[i].text.buf);
	strbuf_adds(&sb, "}\n");
	return strbuf_detach(&sb, NULL);
}

/* ---- the self-check: compile again, compare fact by fact ---- */

/* One pack seen for comparison: the original or the recompiled one. */
struct view {
	xmlNodePtr root, lang;
	xmlHashTablePtr ds, ka;
	const char **alias, **mpid; /* Manifest references */
	size_t nrefs;
};

static void view_init(struct view *v, xmlNodePtr root)
{
	memset(v, 0, sizeof(*v));
	v->root = root;
	v->ds = xmlHashCreate(64);
	v->ka = xmlHashCreate(64);
	for (xmlNodePtr r = model_child(mp_path(root, "Manifest/References"), NULL); r; r = model_next(r, NULL)) {
		v->alias = xrealloc(v->alias, (v->nrefs + 1) * sizeof(*v->alias));
		v->mpid = xrealloc(v->mpid, (v->nrefs + 1) * sizeof(*v->mpid));
		v->alias[v->nrefs] = model_attr(r, "Alias") ? model_attr(r, "Alias") : "";
		xmlNodePtr id = mp_path(r, "ID");
		v->mpid[v->nrefs++] = id && id->children && id->children->content ? (const char *)id->children->content : "";
	}
	xmlNodePtr lps = mp_path(root, "LanguagePacks");
	for (xmlNodePtr lp = model_child(lps, NULL); lp && !v->lang; lp = model_next(lp, NULL))
		if (model_attr(lp, "IsDefault") && (!strcmp(model_attr(lp, "IsDefault"), "true") || !strcmp(model_attr(lp, "IsDefault"), "1")))
			v->lang = lp;
	v->lang = v->lang ? v->lang : model_child(lps, NULL);
	for (xmlNodePtr s = model_child(mp_path(v->lang, "DisplayStrings"), NULL); s; s = model_next(s, NULL))
		if (!model_attr(s, "SubElementID") && model_attr(s, "ElementID"))
			hput(v->ds, model_attr(s, "ElementID"), s);
	for (xmlNodePtr k = model_child(mp_path(v->lang, "KnowledgeArticles"), NULL); k; k = model_next(k, NULL))
		if (!model_attr(k, "SubElementID") && model_attr(k, "ElementID"))
			hput(v->ka, model_attr(k, "ElementID"), k);
}

static void view_release(struct view *v)
{
	xmlHashFree(v->ds, NULL);
	xmlHashFree(v->ka, NULL);
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
			xmlNodePtr u = unwrap(c);
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
	e = unwrap(e);
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
		char *t = flat(e), *n = norm(v, t);
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
		{ "Enabled", "true" }, { "Target", "" }, { "ConfirmDelivery", "false" },
		{ "Remotable", "true" }, { "Priority", "Normal" }, { "DiscardLevel", "100" }, { "Comment", "" },
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
static void module_facts(struct facts *f, xmlNodePtr m, const char *what, const char *const *list,
			 size_t n)
{
	char key[160];
	snprintf(key, sizeof(key), "the %s ID", what);
	fact(f, key, or_default(model_attr(m, "ID"), ""), m);
	for (size_t i = 0; i < n; i++) {
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
		k |= model_is(c, "AlertMessageId") || model_is(c, "AlertParameters");
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
	struct params p;
	read_params(&p, wa);
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
	params_release(&p);
	return sb.buf ? strbuf_detach(&sb, NULL) : xstrdup("");
}

/* Canonical knowledge article: sections, titles, blocks, inline segments. */
static void canon_blocks(struct strbuf *sb, xmlNodePtr parent, int depth)
{
	for (xmlNodePtr b = model_child(parent, NULL); b && depth < 32; b = model_next(b, NULL)) {
		if (maml_named(b, "para")) {
			struct segs s;
			para_segs(&s, b);
			strbuf_adds(sb, "\n  para:");
			for (size_t i = 0; i < s.n; i++)
				strbuf_addf(sb, " %s'%s'%s%s", s.v[i].kind == SEG_BOLD ? "bold " : s.v[i].kind == SEG_LINK ? "link " : "",
					    strbuf_str(&s.v[i].text), s.v[i].href ? " -> " : "", s.v[i].href ? s.v[i].href : "");
			segs_release(&s);
		} else if (maml_named(b, "list")) {
			const char *cls = model_attr(b, "class");
			strbuf_addf(sb, "\n  %s list [", cls && !strcmp(cls, "ordered") ? "ordered" : "unordered");
			for (xmlNodePtr it = model_child(b, NULL); it; it = model_next(it, NULL)) {
				strbuf_adds(sb, "\n  item [");
				canon_blocks(sb, it, depth + 1);
				strbuf_adds(sb, " ]");
			}
			strbuf_adds(sb, " ]");
		} else if (maml_named(b, "title") && b == model_child(parent, NULL)) {
			char *t = flat(b);
			strbuf_addf(sb, "\n## %s", t);
			free(t);
		} else {
			char *t = flat(b);
			strbuf_addf(sb, "\n  %s: %s", (const char *)b->name, t);
			free(t);
		}
	}
}

static char *canon_article(xmlNodePtr ka)
{
	if (!ka)
		return xstrdup("");
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "article");
	xmlNodePtr mc = mp_path(ka, "MamlContent");
	for (xmlNodePtr s = model_child(mc, NULL); s; s = model_next(s, NULL))
		canon_blocks(&sb, s, 0);
	if (!mc)
		strbuf_adds(&sb, "\n(not MAML)");
	return strbuf_detach(&sb, NULL);
}

static void message_facts(struct facts *f, xmlNodePtr rule, xmlNodePtr wa)
{
	char *mid = message_id(wa);
	xmlNodePtr m = mid ? hget(f->view->ds, mid) : NULL;
	char *desc = m ? mp_text(mp_path(m, "Description")) : xstrdup("");
	fact(f, "the alert name", m ? mp_text(mp_path(m, "Name")) : xstrdup(""), m ? m : wa);
	fact(f, "the alert description", rendered(f->view, wa, desc), m ? m : wa);
	xmlNodePtr rd = hget(f->view->ds, mp_id_of(rule));
	fact(f, "the rule's display name", rd ? mp_text(mp_path(rd, "Name")) : xstrdup(""), rd ? rd : rule);
	fact(f, "the rule's display description", rd ? mp_text(mp_path(rd, "Description")) : xstrdup(""),
	     rd ? rd : rule);
	free(desc);
	free(mid);
}

static void rule_facts(struct facts *f, xmlNodePtr rule)
{
	static const char *const ds_list[] = { "ComputerName", "LogName", "AllowProxying", "Expression" };
	static const char *const wa_list[] = {
		"Priority", "Severity", "AlertName", "AlertDescription", "AlertOwner", "Suppression",
		"Custom1", "Custom2", "Custom3", "Custom4", "Custom5", "Custom6", "Custom7", "Custom8",
		"Custom9", "Custom10",
	};
	rule_attrs(f, rule);
	char *cat = mp_text_trim(mp_path(rule, "Category"));
	fact(f, "the rule's Category", cat, rule);
	xmlNodePtr ds = model_child(mp_path(rule, "DataSources"), NULL), wa = model_child(mp_path(rule, "WriteActions"), NULL);
	module_facts(f, ds, "data source", ds_list, ARRAY_SIZE(ds_list));
	module_facts(f, wa, "write action", wa_list, ARRAY_SIZE(wa_list));
	message_facts(f, rule, wa);
	xmlNodePtr ka = hget(f->view->ka, mp_id_of(rule));
	const char *vis = ka ? model_attr(ka, "Visible") : NULL;
	fact(f, "the knowledge article's Visible", xstrdup(!ka ? "" : vis ? vis : "true"), ka ? ka : rule);
	fact(f, "the knowledge article", canon_article(ka), ka ? ka : rule);
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
	changed(d, mp_loc(d->mp, at), "%s", sb.buf);
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

static void compare_rule(struct dc *d, struct dc_alert *a, const struct view *ov, const struct view *nv,
			 xmlNodePtr nrule)
{
	const char *id = mp_id_of(a->rule);
	if (strcmp(a->new_id, id) != 0)
		changed(d, mp_attr_loc(d->mp, a->rule, "ID"),
			     "rule '%s' becomes '%s' (alert '%s')", id, a->new_id, a->name);
	char *mid = message_id(a->wa);
	struct strbuf nid = STRBUF_INIT;
	strbuf_addf(&nid, "%s.AlertMessage", a->new_id);
	if (mid && strcmp(mid, nid.buf) != 0)
		changed(d, mp_find_loc(d->mp, mp_path(a->wa, "AlertMessageId"), mid),
			     "alert message '%s' becomes '%s'", mid, nid.buf);
	free(mid);
	strbuf_release(&nid);
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
			changed(d, mp_loc(d->mp, a->rule), "rule '%s': %s '%s' is added", id,
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

static void compare_pack(struct dc *d, const struct view *ov, const struct view *nv)
{
	char *o = mp_text_trim(mp_path(ov->root, "Manifest/Name")), *n = mp_text_trim(mp_path(nv->root, "Manifest/Name"));
	pack_fact(d, "the Manifest name", o, n, mp_path(ov->root, "Manifest/Name"));
	free(o), free(n);
	xmlNodePtr od = hget(ov->ds, d->mp->id), nd = hget(nv->ds, d->mp->id);
	o = od ? mp_text(mp_path(od, "Description")) : xstrdup("");
	n = nd ? mp_text(mp_path(nd, "Description")) : xstrdup("");
	pack_fact(d, "the pack description", o, n, od ? od : ov->root);
	free(o), free(n);
	for (size_t i = 0; i < nv->nrefs; i++)
		for (size_t j = 0; j < d->mp->nrefs; j++) {
			struct mp_ref *r = &d->mp->refs[j];
			if (strcasecmp(r->id, nv->mpid[i]) != 0)
				continue;
			xmlNodePtr nr = model_child(mp_path(nv->root, "Manifest/References"), NULL);
			for (size_t k = 0; k < i; k++)
				nr = model_next(nr, NULL);
			char *ver = mp_text_trim(mp_path(nr, "Version"));
			char what[300];
			snprintf(what, sizeof(what), "the version of reference '%s'", r->id);
			pack_fact(d, what, r->version, ver, mp_path(r->node, "Version"));
			free(ver);
		}
}

static void first_error(struct dc *d, struct diag_sink *tmp)
{
	for (size_t i = 0; i < tmp->n; i++) {
		if (tmp->v[i].level != DIAG_ERROR)
			continue;
		unsigned line = 0, col = 0;
		if (tmp->v[i].loc.src)
			source_linecol(tmp->v[i].loc.src, tmp->v[i].loc.off, &line, &col);
		changed(d, mp_loc(d->mp, d->mp->root),
			     "the decompiled source does not compile: line %u:%u: %s [%s]", line, col,
			     tmp->v[i].msg, tmp->v[i].id);
		diag_hint(d->sink, "fix the written .alert file by hand");
		return;
	}
}

/* Compiles text in memory; returns the MP document or NULL. */
static xmlDocPtr recompile(struct dc *d, const char *text, struct source *src, struct arena *arena,
			   struct model *m)
{
	struct diag_sink tmp;
	diag_sink_init(&tmp, 1);
	source_init_mem(src, "decompiled.alert", text, strlen(text));
	*m = (struct model){ .src = src, .arena = arena };
	xmlDocPtr out = NULL;
	if (lex_check_text(src, &tmp) == 0) {
		size_t ntok;
		struct token *toks = lex_source(src, arena, &tmp, &ntok);
		if (parse_tokens(m, toks, ntok, &tmp) == 0 && tmp.errors == 0 && check_model(m, &tmp) == 0) {
			model_resolve(m);
			out = emit_mp(m, TARGET_PACK);
		}
	}
	if (!out)
		first_error(d, &tmp);
	diag_sink_release(&tmp);
	return out;
}

static void self_check(struct dc *d, const char *text)
{
	struct source src;
	struct arena arena;
	struct model m;
	arena_init(&arena);
	xmlDocPtr out = recompile(d, text, &src, &arena, &m);
	if (out) {
		struct view ov, nv;
		view_init(&ov, d->mp->root);
		view_init(&nv, xmlDocGetRootElement(out));
		compare_pack(d, &ov, &nv);
		xmlHashTablePtr rules = rules_by_id(nv.root);
		for (size_t i = 0; i < d->nalerts; i++) {
			xmlNodePtr nr = xmlHashLookup(rules, BAD_CAST d->alerts[i].new_id);
			if (nr)
				compare_rule(d, &d->alerts[i], &ov, &nv, nr);
		}
		xmlHashFree(rules, NULL);
		view_release(&ov);
		view_release(&nv);
		xmlFreeDoc(out);
	}
	model_release(&m);
	arena_release(&arena);
	source_release(&src);
}

/* ---- the command ---- */

static void dc_release(struct dc *d)
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
	xmlHashFree(d->ds, NULL);
	xmlHashFree(d->ka, NULL);
	xmlHashFree(d->names, NULL);
	xmlHashFree(d->done, NULL);
	strbuf_release(&d->notes);
}

static void decompile_pack(struct dc *d, struct out *out)
{
	indexes(d);
	map_refs(d);
	for (xmlNodePtr r = model_child(mp_path(d->mp->root, "Monitoring/Rules"), NULL); r; r = model_next(r, NULL))
		if (model_is(r, "Rule") && mp_id_of(r))
			decompile_rule(d, r);
	report_leftovers(d);
	if (!d->nalerts) {
		diag_error(d->sink, mp_loc(d->mp, d->mp->root), "E618",
			   "nothing to decompile: '%s' has no event alert rule .alert can express", d->mp->id);
		diag_hint(d->sink, "the W610 warnings say why each rule was left out");
		return;
	}
	if (!check_is_mp_id(d->mp->id) || strlen(d->mp->id) > CHECK_MAX_ID) {
		diag_error(d->sink, mp_loc(d->mp, d->mp->id_node), "E618",
			   "the management pack ID '%s' is not valid in .alert", d->mp->id);
		return;
	}
	char *text = source_text(d);
	self_check(d, text);
	free(text);
	text = source_text(d); /* again, with the "# changed:" lines */
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "%s.alert", d->mp->id);
	out_write(out, name.buf, text, strlen(text), d->sink);
	strbuf_release(&name);
	free(text);
}

static void decompile_file(struct mp_files *kept, struct diag_sink *sink, struct out *out,
			   const char *path)
{
	struct mp_file *mp = mp_files_add(kept);
	if (mp_load(mp, path, sink) != 0)
		return;
	if (!mp->root) {
		xmlNodePtr r = xmlDocGetRootElement(mp->doc);
		diag_error(sink, mp_loc(mp, r), "E601", "not a management pack: the root element is '%s'",
			   r ? (const char *)r->name : "");
		return;
	}
	mp_index(mp);
	struct dc d = { .mp = mp, .sink = sink };
	d.ds = xmlHashCreate(256), d.ka = xmlHashCreate(256);
	d.names = xmlHashCreate(256), d.done = xmlHashCreate(256);
	decompile_pack(&d, out);
	dc_release(&d);
}

int decompile_main(struct cli *c)
{
	struct diag_sink sink;
	cli_sink_init(c, &sink);
	struct mp_files kept = { NULL, 0 };
	struct out out;
	out_init(&out, c->out_dir);
	for (int i = 0; i < c->nfiles && !sink.env_error; i++)
		decompile_file(&kept, &sink, &out, c->files[i]);
	int code = cli_finish(c, &sink, &out, false);
	out_release(&out);
	diag_sink_release(&sink);
	mp_files_release(&kept);
	return code;
}
