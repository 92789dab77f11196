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

/* Adds <SimpleExpression> comparing query to value inside expr. */
static void simple(xmlNodePtr expr, const char *query, const char *type, const char *op,
		   const char *value)
{
	xmlNodePtr s = emit_el(expr, "SimpleExpression", NULL);
	xmlNodePtr q = emit_el(emit_el(s, "ValueExpression", NULL), "XPathQuery", query);
	emit_attr(q, "Type", type);
	emit_el(s, "Operator", op);
	xmlNodePtr v = emit_el(emit_el(s, "ValueExpression", NULL), "Value", value);
	emit_attr(v, "Type", type);
}

static void regex(xmlNodePtr expr, const char *query, const char *op, const char *pattern)
{
	xmlNodePtr r = emit_el(expr, "RegExExpression", NULL);
	emit_attr(emit_el(emit_el(r, "ValueExpression", NULL), "XPathQuery", query), "Type", "String");
	emit_el(r, "Operator", op);
	emit_el(r, "Pattern", pattern);
}

static void event_item(xmlNodePtr expr, xmlNodePtr item)
{
	const char *q = "EventDisplayNumber", *t = "UnsignedInteger";
	if (model_is(item, "id")) {
		simple(expr, q, t, "Equal", model_text(item));
		return;
	}
	xmlNodePtr and = emit_el(expr, "And", NULL);
	simple(emit_el(and, "Expression", NULL), q, t, "GreaterEqual", model_attr(item, "from"));
	simple(emit_el(and, "Expression", NULL), q, t, "LessEqual", model_attr(item, "to"));
}

static void event_expr(xmlNodePtr expr, xmlNodePtr event)
{
	xmlNodePtr first = model_child(event, NULL);
	if (!model_next(first, NULL)) {
		event_item(expr, first);
		return;
	}
	xmlNodePtr or = emit_el(expr, "Or", NULL);
	for (xmlNodePtr i = first; i; i = model_next(i, NULL))
		event_item(emit_el(or, "Expression", NULL), i);
}

/* query op value, op as written in a filter (is, is-not, contains, matches). */
static void compare(xmlNodePtr expr, const char *query, const char *op, const char *value)
{
	if (!op || strcmp(op, "is") == 0)
		simple(expr, query, "String", "Equal", value);
	else if (strcmp(op, "is-not") == 0)
		simple(expr, query, "String", "NotEqual", value);
	else if (strcmp(op, "contains") == 0)
		regex(expr, query, "ContainsSubstring", value);
	else if (strcmp(op, "matches") == 0)
		regex(expr, query, "MatchesRegularExpression", value);
	else
		BUG("unchecked filter operator '%s'", op);
}

static void source_expr(xmlNodePtr expr, xmlNodePtr source)
{
	const char *name = model_text(source), *match = model_attr(source, "match");
	if (match)
		compare(expr, "PublisherName", match, name);
	else if (check_is_wildcard(name))
		regex(expr, "PublisherName", "MatchesWildcard", name);
	else
		simple(expr, "PublisherName", "String", "Equal", name);
}

static void condition(xmlNodePtr expr, xmlNodePtr c, int depth);

/* The conditions of group as one expression: the condition itself when
 * there is one, else an And (or Or) of them. */
static void conditions(xmlNodePtr expr, xmlNodePtr group, const char *combine, int depth)
{
	xmlNodePtr first = model_child(group, NULL);
	if (!model_next(first, NULL)) {
		condition(expr, first, depth);
		return;
	}
	xmlNodePtr all = emit_el(expr, combine, NULL);
	for (xmlNodePtr c = first; c; c = model_next(c, NULL))
		condition(emit_el(all, "Expression", NULL), c, depth);
}

static void condition(xmlNodePtr expr, xmlNodePtr c, int depth)
{
	if (depth > 16)
		BUG("filter nesting not bounded");
	const char *op = model_attr(c, "op");
	char query[40];
	if (model_is(c, "param")) {
		snprintf(query, sizeof(query), "Params/Param[%s]", model_attr(c, "n"));
		compare(expr, query, op, model_text(c));
	} else if (model_is(c, "description")) {
		compare(expr, "EventDescription", op, model_text(c));
	} else if (model_is(c, "source")) {
		compare(expr, "PublisherName", op, model_text(c));
	} else if (model_is(c, "user")) {
		compare(expr, "UserName", op, model_text(c));
	} else if (model_is(c, "level")) {
		snprintf(query, sizeof(query), "%d", emit_event_level(model_text(c)));
		simple(expr, "EventLevel", "Integer", "Equal", query);
	} else if (model_is(c, "any")) {
		conditions(expr, c, "Or", depth + 1);
	} else if (model_is(c, "all")) {
		conditions(expr, c, "And", depth + 1);
	} else if (model_is(c, "not")) {
		conditions(emit_el(emit_el(expr, "Not", NULL), "Expression", NULL), c, "And", depth + 1);
	} else {
		BUG("unknown filter condition '%s'", (const char *)c->name);
	}
}

void emit_expression(xmlNodePtr expr, xmlNodePtr holder)
{
	xmlNodePtr and = emit_el(expr, "And", NULL);
	event_expr(emit_el(and, "Expression", NULL), model_child(holder, "event"));
	source_expr(emit_el(and, "Expression", NULL), model_child(holder, "source"));
	xmlNodePtr filter = model_child(holder, "filter");
	for (xmlNodePtr c = model_child(filter, NULL); c; c = model_next(c, NULL))
		condition(emit_el(and, "Expression", NULL), c, 0);
}

const char *emit_computer_name(const char *cls)
{
	return strcmp(cls, COMPUTER) == 0
		       ? "$Target/Property[Type=\"" COMPUTER "\"]/NetworkName$"
		       : "$Target/Host/Property[Type=\"" COMPUTER "\"]/NetworkName$";
}

/* "$Data/EventDescription$" read from data instead ("$Data/Context/"). */
static const char *rebase(const char *expr, const char *data, struct strbuf *sb)
{
	if (strncmp(expr, "$Data/", 6) != 0)
		BUG("placeholder '%s' is not event data", expr);
	strbuf_reset(sb);
	strbuf_addf(sb, "%s%s", data, expr + 6);
	return sb->buf;
}

void emit_alert_params(xmlNodePtr params, xmlNodePtr alert, const char *desc,
		       const char *data, struct strbuf *text)
{
	char names[CHECK_MAX_PARAMS][16];
	struct strbuf expr = STRBUF_INIT;
	size_t n = 0;
	char buf[64];
	struct check_ph ph;
	const char *p = desc;
	for (; check_next_placeholder(p, alert, &ph); p = ph.at + ph.len) {
		strbuf_add(text, p, (size_t)(ph.at - p));
		size_t k = 0;
		while (k < n && !(strlen(names[k]) == ph.name_len &&
				  memcmp(names[k], ph.name, ph.name_len) == 0))
			k++;
		if (k == n) {
			if (n == CHECK_MAX_PARAMS || ph.name_len >= sizeof(names[0]))
				BUG("unchecked description");
			snprintf(names[n++], sizeof(names[0]), "%.*s", (int)ph.name_len, ph.name);
			char tag[32];
			snprintf(tag, sizeof(tag), "AlertParameter%zu", n);
			if (params)
				emit_el(params, tag, rebase(check_placeholder(ph.name, ph.name_len, buf), data, &expr));
		}
		strbuf_addf(text, "{%zu}", k);
	}
	strbuf_adds(text, p);
	strbuf_release(&expr);
}
