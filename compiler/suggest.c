/*
 * suggest.c - Levenshtein distance over lower-cased ASCII, bounded input.
 */
#include "suggest.h"

#include <ctype.h>

enum { MAXLEN = 64 };

static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[MAXLEN + 1];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			int same = tolower((unsigned char)a[i - 1]) ==
				   tolower((unsigned char)b[j - 1]);
			size_t best = diag + (same ? 0 : 1);
			best = MIN(best, up + 1);
			best = MIN(best, row[j - 1] + 1);
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

const char *suggest(const char *word, const char *const *cands, size_t n)
{
	size_t len = strlen(word);
	if (len == 0 || len > MAXLEN)
		return NULL;
	const char *best = NULL;
	size_t best_d = MAX((size_t)2, len / 3) + 1;
	for (size_t i = 0; i < n; i++) {
		if (strlen(cands[i]) > MAXLEN)
			continue;
		size_t d = distance(word, cands[i]);
		if (d < best_d) {
			best_d = d;
			best = cands[i];
		}
	}
	return best;
}

/* The quoted words 'a', 'b', ... from s up to '}'; returns their count. */
static size_t quoted_words(const char *s, char **words, size_t max)
{
	size_t n = 0;
	while (*s && *s != '}' && n < max) {
		const char *b = strchr(s, '\'');
		const char *e = b ? strchr(b + 1, '\'') : NULL;
		const char *close = strchr(s, '}');
		if (!e || (close && b > close))
			break;
		words[n++] = xstrndup(b + 1, (size_t)(e - b - 1));
		s = e + 1;
	}
	return n;
}

char *suggest_enumeration(const char *msg)
{
	static const char value[] = "[facet 'enumeration'] The value '";
	const char *v = msg ? strstr(msg, value) : NULL;
	const char *set = v ? strstr(v, "of the set {") : NULL;
	if (!set)
		return NULL;
	v += sizeof(value) - 1;
	const char *ve = strchr(v, '\'');
	if (!ve || ve > set)
		return NULL;
	char *word = xstrndup(v, (size_t)(ve - v)), *words[64] = { NULL };
	size_t n = quoted_words(set, words, ARRAY_SIZE(words));
	const char *best = suggest(word, (const char *const *)words, n);
	char *out = best ? xstrdup(best) : NULL;
	for (size_t i = 0; i < n; i++)
		free(words[i]);
	free(word);
	return out;
}
