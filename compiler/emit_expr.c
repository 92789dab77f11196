/*
 * emit_expr.c - event filters -> expression filter XML.
 *
 * One ID is a SimpleExpression on EventDisplayNumber, a range an And of
 * GreaterEqual/LessEqual, several IDs an Or. The source is a
 * SimpleExpression on PublisherName, or a RegExExpression (MatchesWildcard
 * for * and ?, ContainsSubstring for "contains", MatchesRegularExpression
 * for "matches"). Filter conditions map the same way onto Params/Param[n],
 * EventDescription, PublisherName and UserName ("is" Equal, "is-not"
 * NotEqual); "level" compares EventLevel as an Integer; any/all/not are
 * Or/And/Not. Every And/Or child is wrapped in <Expression>, and so is the
 * one child of Not, as real packs write them.
 */
#include "emit_expr.h"

#include <limits.h>

#include "check.h"
#include "strbuf.h"

#define COMPUTER "Windows!Microsoft.Windows.Computer"

xmlNodePtr emit_el(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, BAD_CAST name, text ? BAD_CAST text : NULL);
}

void emit_attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

int emit_event_level(const char *level)
{
	static const char *const words[] = { "success", "error", "warning", "information",
					     "audit-success", "audit-failure" };
	static const int numbers[] = { 0, 1, 2, 4, 8, 16 };
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strcmp(words[i], level) == 0)
			return numbers[i];
	return -1;
}

/* The Type attributes of each test (types, docs/language.md "Rules as
 * they were written"): bit 1 on the XPathQuery, bit 2 on the Value, and
 * the type they name when it is not the test's own (types Integer); one
 * word is every test's, a list one per test in the order written. */
enum { TYPE_QUERY = 1,
       TYPE_VALUE = 2,
       TYPES_MAX = 256 };

struct typed {
	unsigned char bits;
	const char *type; /* static; NULL: the test's own */
};

struct expr {
	struct typed typed[TYPES_MAX];
	size_t ntyped, next; /* next: the test being written */
};

unsigned emit_types_word(const char *w, size_t n)
{
	static const char *const words[] = { "none", "query", "value", "all" };
	for (unsigned i = 0; i < ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
			return i;
	return emit_types_name(w, n) ? TYPE_QUERY | TYPE_VALUE : UINT_MAX;
}

const char *emit_types_name(const char *w, size_t n)
{
	static const char *const names[] = { "Boolean", "Integer", "UnsignedInteger", "Double",
					     "Duration", "DateTime", "String" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strlen(names[i]) == n && memcmp(names[i], w, n) == 0)
			return names[i];
	return NULL;
}

static void expr_init(struct expr *x, xmlNodePtr holder)
{
	memset(x, 0, sizeof(*x));
	const char *s = model_text(model_child(holder, "types"));
	for (; *s && x->ntyped < TYPES_MAX;) {
		size_t n = strcspn(s, ", \t");
		unsigned t = n ? emit_types_word(s, n) : UINT_MAX;
		if (t != UINT_MAX)
			x->typed[x->ntyped++] = (struct typed){ (unsigned char)t, emit_types_name(s, n) };
		s += n;
		s += strspn(s, ", \t");
	}
	if (!x->ntyped)
		x->typed[x->ntyped++] = (struct typed){ TYPE_QUERY | TYPE_VALUE, NULL };
}

/* The Type attributes of the next test. */
static struct typed next_typed(struct expr *x)
{
	size_t i = x->ntyped == 1 ? 0 : x->next;
	x->next++;
	return i < x->ntyped ? x->typed[i] : (struct typed){ TYPE_QUERY | TYPE_VALUE, NULL };
}

static void typed_attr(xmlNodePtr n, struct typed t, unsigned bit, const char *type)
{
	if (t.bits & bit)
		emit_attr(n, "Type", t.type ? t.type : type);
}

/* Adds <SimpleExpression> comparing query to value inside expr. */
static void simple(struct expr *x, xmlNodePtr expr, const char *query, const char *type, const char *op,
		   const char *value)
{
	struct typed t = next_typed(x);
	xmlNodePtr s = emit_el(expr, "SimpleExpression", NULL);
	xmlNodePtr q = emit_el(emit_el(s, "ValueExpression", NULL), "XPathQuery", query);
	typed_attr(q, t, TYPE_QUERY, type);
	emit_el(s, "Operator", op);
	xmlNodePtr v = emit_el(emit_el(s, "ValueExpression", NULL), "Value", value);
	typed_attr(v, t, TYPE_VALUE, type);
}

static void regex(struct expr *x, xmlNodePtr expr, const char *query, const char *op, const char *pattern)
{
	struct typed t = next_typed(x);
	xmlNodePtr r = emit_el(expr, "RegExExpression", NULL);
	typed_attr(emit_el(emit_el(r, "ValueExpression", NULL), "XPathQuery", query), t, TYPE_QUERY, "String");
	emit_el(r, "Operator", op);
	emit_el(r, "Pattern", pattern);
}

static void event_item(struct expr *x, xmlNodePtr expr, xmlNodePtr item)
{
	const char *q = "EventDisplayNumber", *t = "UnsignedInteger";
	if (model_is(item, "id")) {
		simple(x, expr, q, t, "Equal", model_text(item));
		return;
	}
	xmlNodePtr and = emit_el(expr, "And", NULL);
	simple(x, emit_el(and, "Expression", NULL), q, t, "GreaterEqual", model_attr(item, "from"));
	simple(x, emit_el(and, "Expression", NULL), q, t, "LessEqual", model_attr(item, "to"));
}

static void event_expr(struct expr *x, xmlNodePtr expr, xmlNodePtr event)
{
	xmlNodePtr first = model_child(event, NULL);
	if (!model_next(first, NULL)) {
		event_item(x, expr, first);
		return;
	}
	xmlNodePtr or = emit_el(expr, "Or", NULL);
	for (xmlNodePtr i = first; i; i = model_next(i, NULL))
		event_item(x, emit_el(or, "Expression", NULL), i);
}

/* query op value, op as written in a filter (is, is-not, contains, matches). */
static void compare(struct expr *x, xmlNodePtr expr, const char *query, const char *op, const char *value)
{
	if (!op || strcmp(op, "is") == 0)
		simple(x, expr, query, "String", "Equal", value);
	else if (strcmp(op, "is-not") == 0)
		simple(x, expr, query, "String", "NotEqual", value);
	else if (strcmp(op, "contains") == 0)
		regex(x, expr, query, "ContainsSubstring", value);
	else if (strcmp(op, "matches") == 0)
		regex(x, expr, query, "MatchesRegularExpression", value);
	else
		BUG("unchecked filter operator '%s'", op);
}

static void source_expr(struct expr *x, xmlNodePtr expr, xmlNodePtr source)
{
	const char *name = model_text(source), *match = model_attr(source, "match");
	if (match)
		compare(x, expr, "PublisherName", match, name);
	else if (check_is_wildcard(name))
		regex(x, expr, "PublisherName", "MatchesWildcard", name);
	else
		simple(x, expr, "PublisherName", "String", "Equal", name);
}

static void condition(struct expr *x, xmlNodePtr expr, xmlNodePtr c, int depth);

/* The conditions of group as one expression: the condition itself when
 * there is one, else an And (or Or) of them. */
static void conditions(struct expr *x, xmlNodePtr expr, xmlNodePtr group, const char *combine, int depth)
{
	xmlNodePtr first = model_child(group, NULL);
	if (!model_next(first, NULL)) {
		condition(x, expr, first, depth);
		return;
	}
	xmlNodePtr all = emit_el(expr, combine, NULL);
	for (xmlNodePtr c = first; c; c = model_next(c, NULL))
		condition(x, emit_el(all, "Expression", NULL), c, depth);
}

static void condition(struct expr *x, xmlNodePtr expr, xmlNodePtr c, int depth)
{
	if (depth > 16)
		BUG("filter nesting not bounded");
	const char *op = model_attr(c, "op");
	char query[40];
	if (model_is(c, "param")) {
		snprintf(query, sizeof(query), "Params/Param[%s]", model_attr(c, "n"));
		compare(x, expr, query, op, model_text(c));
	} else if (model_is(c, "description")) {
		compare(x, expr, "EventDescription", op, model_text(c));
	} else if (model_is(c, "source")) {
		compare(x, expr, "PublisherName", op, model_text(c));
	} else if (model_is(c, "user")) {
		compare(x, expr, "UserName", op, model_text(c));
	} else if (model_is(c, "level")) {
		snprintf(query, sizeof(query), "%d", emit_event_level(model_text(c)));
		simple(x, expr, "EventLevel", "Integer", "Equal", query);
	} else if (model_is(c, "any")) {
		conditions(x, expr, c, "Or", depth + 1);
	} else if (model_is(c, "all")) {
		conditions(x, expr, c, "And", depth + 1);
	} else if (model_is(c, "not")) {
		conditions(x, emit_el(emit_el(expr, "Not", NULL), "Expression", NULL), c, "And", depth + 1);
	} else {
		BUG("unknown filter condition '%s'", (const char *)c->name);
	}
}

/* The operands of the data source's And in the order 'order' gives
 * (event, source, filter: the default); the filter's conditions go where
 * 'filter' is, or last. */
static void operands(struct expr *x, xmlNodePtr and, xmlNodePtr holder)
{
	const char *order = model_text(model_child(holder, "order"));
	const char *def[] = { "event", "source", "filter" }, *words[3];
	size_t n = 0;
	for (const char *s = order; *s && n < 3;) {
		size_t len = strcspn(s, ", \t");
		for (size_t i = 0; i < 3; i++)
			if (strlen(def[i]) == len && memcmp(def[i], s, len) == 0)
				words[n++] = def[i];
		s += len;
		s += strspn(s, ", \t");
	}
	if (n < 2)
		memcpy(words, def, sizeof(def)), n = 3;
	else if (n == 2)
		words[n++] = "filter";
	for (size_t i = 0; i < n; i++) {
		if (words[i] == def[0]) {
			event_expr(x, emit_el(and, "Expression", NULL), model_child(holder, "event"));
		} else if (words[i] == def[1]) {
			source_expr(x, emit_el(and, "Expression", NULL), model_child(holder, "source"));
		} else {
			xmlNodePtr filter = model_child(holder, "filter");
			for (xmlNodePtr c = model_child(filter, NULL); c; c = model_next(c, NULL))
				condition(x, emit_el(and, "Expression", NULL), c, 0);
		}
	}
}

void emit_expression(xmlNodePtr expr, xmlNodePtr holder)
{
	struct expr x;
	expr_init(&x, holder);
	operands(&x, emit_el(expr, "And", NULL), holder);
}

const char *emit_computer_name(const char *cls)
{
	return strcmp(cls, COMPUTER) == 0
		       ? "$Target/Property[Type=\"" COMPUTER "\"]/NetworkName$"
		       : "$Target/Host/Property[Type=\"" COMPUTER "\"]/NetworkName$";
}

const char *emit_alert_computer(xmlNodePtr alert)
{
	xmlNodePtr cn = model_child(alert, "computer-name");
	const char *v = model_text(cn);
	if (!cn)
		return emit_computer_name(model_text(model_child(alert, "class")));
	if (!strcmp(v, "host") || !strcmp(v, "target"))
		return emit_computer_name(*v == 'h' ? "" : COMPUTER);
	return strcmp(v, "none") ? v : NULL;
}

/* "$Data/EventDescription$" read from data instead ("$Data/Context/"); an
 * expression a description states itself ({$Target/...$}) stays. */
static const char *rebase(const char *expr, const char *data, struct strbuf *sb)
{
	strbuf_reset(sb);
	if (strncmp(expr, "$Data/", 6) != 0)
		strbuf_adds(sb, expr);
	else
		strbuf_addf(sb, "%s%s", data, expr + 6);
	return sb->buf;
}

/* The expression placeholder ph stands for, into sb. */
static const char *placeholder_expr(const struct check_ph *ph, struct strbuf *sb)
{
	char buf[64];
	const char *v = check_is_expr_placeholder(ph->name, ph->name_len) ? NULL : check_placeholder(ph->name, ph->name_len, buf);
	strbuf_reset(sb);
	if (v)
		strbuf_adds(sb, v);
	else
		strbuf_add(sb, ph->name, ph->name_len);
	return sb->buf;
}

void emit_alert_params(xmlNodePtr params, xmlNodePtr alert, const char *desc,
		       const char *data, struct strbuf *text)
{
	char *names[CHECK_MAX_PARAMS]; /* copies: a %N's name is in ph.buf */
	struct strbuf expr = STRBUF_INIT, raw = STRBUF_INIT;
	size_t n = 0;
	struct check_ph ph;
	const char *p = desc;
	for (; check_next_placeholder(p, alert, &ph); p = ph.at + ph.len) {
		strbuf_add(text, p, (size_t)(ph.at - p));
		size_t k = 0;
		while (k < n && !(strlen(names[k]) == ph.name_len && memcmp(names[k], ph.name, ph.name_len) == 0))
			k++;
		if (k == n) {
			if (n == CHECK_MAX_PARAMS || !ph.name)
				BUG("unchecked description");
			names[n++] = xstrndup(ph.name, ph.name_len);
			char tag[32];
			snprintf(tag, sizeof(tag), "AlertParameter%zu", n);
			if (params)
				emit_el(params, tag, rebase(placeholder_expr(&ph, &raw), data, &expr));
		}
		strbuf_addf(text, "{%zu}", k);
	}
	strbuf_adds(text, p);
	strbuf_release(&expr);
	strbuf_release(&raw);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
}
