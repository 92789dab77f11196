/*
 * decompile_filter.c - expression filter terms -> .alert filter conditions.
 *
 * The inverse of emit_expr.c's conditions: a SimpleExpression or
 * RegExExpression on Params/Param[n], EventDescription, PublisherName or
 * UserName (String), EventLevel (Integer, Equal), and Or / And / Not of
 * them, become `param N is "V"`, `description contains "V"`, `level error`,
 * `any { ... }`, `all { ... }`, `not { ... }`. Anything else is not a
 * condition .alert can write (the caller keeps the rule as it is).
 */
#include "decompile.h"

#include "emit_expr.h"
#include "model.h"
#include "mpread.h"

/* The .alert field of an XPathQuery ("param 3", "description"), into buf. */
static bool field_of(const char *query, char *buf, size_t n)
{
	static const char *const tab[][2] = {
		{ "EventDescription", "description" },
		{ "PublisherName", "source" },
		{ "UserName", "user" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcmp(query, tab[i][0]) == 0) {
			snprintf(buf, n, "%s", tab[i][1]);
			return true;
		}
	unsigned k;
	int len = 0;
	if (sscanf(query, "Params/Param[%u]%n", &k, &len) == 1 && query[len] == '\0' && k >= 1 &&
	    k <= 99 && query[13] != '0') {
		snprintf(buf, n, "param %u", k);
		return true;
	}
	return false;
}

/* The text of child name of e (trimmed, malloc'd) and its Type, or NULL. */
static char *typed(xmlNodePtr e, const char *name, const char **type)
{
	xmlNodePtr n = model_child(e, name);
	if (!n)
		return NULL;
	*type = model_attr(n, "Type");
	return mp_text_trim(n);
}

static bool level(const char *op, const char *qt, const char *vt, const char *v, struct strbuf *out)
{
	static const char *const words[] = { "success", "error", "warning", "information",
					     "audit-success", "audit-failure" };
	if (strcmp(op, "Equal") || (qt && strcmp(qt, "Integer")) || (vt && strcmp(vt, "Integer")))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++) {
		char num[8];
		snprintf(num, sizeof(num), "%d", emit_event_level(words[i]));
		if (strcmp(num, v) == 0) {
			strbuf_addf(out, "level %s", words[i]);
			return true;
		}
	}
	return false;
}

/* ValueExpression (XPathQuery) Operator ValueExpression (Value). */
static bool simple_cond(struct dc *d, xmlNodePtr e, struct strbuf *out)
{
	if (dc_count(e, NULL) != 3)
		return false;
	xmlNodePtr a = model_child(e, NULL), o = model_next(a, NULL), b = model_next(o, NULL);
	if (!model_is(a, "ValueExpression") || !model_is(o, "Operator") || !model_is(b, "ValueExpression"))
		return false;
	const char *qt = NULL, *vt = NULL;
	char *q = typed(a, "XPathQuery", &qt), *v = typed(b, "Value", &vt), *op = mp_text_trim(o);
	char field[32];
	bool ok = q && v;
	if (ok && strcmp(q, "EventLevel") == 0)
		ok = level(op, qt, vt, v, out);
	else if (ok) {
		const char *word = !strcmp(op, "Equal") ? "is" : !strcmp(op, "NotEqual") ? "is-not"
											 : NULL;
		ok = word && field_of(q, field, sizeof(field)) && (!qt || !strcmp(qt, "String")) &&
		     (!vt || !strcmp(vt, "String"));
		char *mapped = ok ? dc_map_value(d, v) : NULL;
		ok = mapped != NULL;
		if (ok) {
			strbuf_addf(out, "%s %s ", field, word);
			dc_quoted(out, mapped);
		}
		free(mapped);
	}
	free(q), free(v), free(op);
	return ok;
}

/* ValueExpression (XPathQuery) Operator Pattern. */
static bool regex_cond(struct dc *d, xmlNodePtr e, struct strbuf *out)
{
	if (dc_count(e, NULL) != 3)
		return false;
	xmlNodePtr a = model_child(e, NULL), o = model_next(a, NULL), p = model_next(o, NULL);
	if (!model_is(a, "ValueExpression") || !model_is(o, "Operator") || !model_is(p, "Pattern"))
		return false;
	const char *qt = NULL;
	char *q = typed(a, "XPathQuery", &qt), *op = mp_text_trim(o), *pat = mp_text_trim(p);
	const char *word = !strcmp(op, "ContainsSubstring")          ? "contains"
			   : !strcmp(op, "MatchesRegularExpression") ? "matches"
								     : NULL;
	char field[32];
	bool ok = q && word && *pat && field_of(q, field, sizeof(field)) && (!qt || !strcmp(qt, "String"));
	char *mapped = ok ? dc_map_value(d, pat) : NULL;
	ok = mapped != NULL;
	if (ok) {
		strbuf_addf(out, "%s %s ", field, word);
		dc_quoted(out, mapped);
	}
	free(q), free(op), free(pat), free(mapped);
	return ok;
}

/* name { c1; c2 } of the conditions of group's Expression children. */
static bool group(struct dc *d, xmlNodePtr g, const char *name, struct strbuf *out, int depth)
{
	if (dc_count(g, NULL) < 2)
		return false; /* emit_expr writes a lone condition without the group */
	strbuf_addf(out, "%s { ", name);
	bool first = true;
	for (xmlNodePtr c = model_child(g, NULL); c; c = model_next(c, NULL)) {
		if (!model_is(c, "Expression"))
			return false;
		if (!first)
			strbuf_adds(out, "; ");
		first = false;
		if (!dc_condition(d, c, out, depth + 1))
			return false;
	}
	strbuf_adds(out, " }");
	return true;
}

bool dc_condition(struct dc *d, xmlNodePtr e, struct strbuf *out, int depth)
{
	if (depth > 8)
		return false;
	e = dc_unwrap(e);
	if (model_is(e, "SimpleExpression"))
		return simple_cond(d, e, out);
	if (model_is(e, "RegExExpression"))
		return regex_cond(d, e, out);
	if (model_is(e, "Or"))
		return group(d, e, "any", out, depth);
	if (model_is(e, "And"))
		return group(d, e, "all", out, depth);
	if (!model_is(e, "Not") || dc_count(e, NULL) != 1 || !model_is(model_child(e, NULL), "Expression"))
		return false;
	xmlNodePtr inner = dc_unwrap(model_child(e, NULL));
	if (model_is(inner, "And"))
		return group(d, inner, "not", out, depth);
	strbuf_adds(out, "not { ");
	if (!dc_condition(d, inner, out, depth + 1))
		return false;
	strbuf_adds(out, " }");
	return true;
}
