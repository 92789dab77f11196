/*
 * aliases.c - the "Alias!" prefixes a management pack value uses (aliases.h).
 */
#include "aliases.h"

#include <ctype.h>

static bool id_char(int c) { return isalnum(c) || c == '_' || c == '.'; }

/* The whole value is one "Alias!ID" (blanks around it allowed): the
 * alias's length, else 0. */
static size_t whole(const char *s, const char *end)
{
	const char *q = s;
	while (q < end && id_char((unsigned char)*q))
		q++;
	if (q == s || *q != '!' || !id_char((unsigned char)q[1]))
		return 0;
	const char *r = q + 1;
	while (r < end && id_char((unsigned char)*r))
		r++;
	while (r < end && isspace((unsigned char)*r))
		r++;
	return r == end ? (size_t)(q - s) : 0;
}

void aliases_each(const char *s, aliases_fn *fn, void *ctx)
{
	const char *p = s, *end = s + strlen(s);
	while (p < end && isspace((unsigned char)*p))
		p++;
	size_t n = whole(p, end);
	if (n) {
		fn(ctx, p, n);
		return;
	}
	bool inside = false;
	for (p = s; p < end; p++) {
		if (*p == '$') {
			inside = !inside;
			continue;
		}
		if (!inside || !id_char((unsigned char)*p) || (p > s && id_char((unsigned char)p[-1])))
			continue;
		const char *q = p;
		while (q < end && id_char((unsigned char)*q))
			q++;
		if (*q == '!' && id_char((unsigned char)q[1]))
			fn(ctx, p, (size_t)(q - p));
		p = q - 1;
	}
}
