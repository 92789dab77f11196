/*
 * base.c - BUG() and the allocation wrappers declared in base.h.
 */
#include "base.h"

void bug_fl(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "scomc: BUG: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void *check(void *p)
{
	if (!p) {
		fputs("scomc: out of memory\n", stderr);
		abort();
	}
	return p;
}

void *xmalloc(size_t n) { return check(malloc(n ? n : 1)); }
void *xcalloc(size_t n, size_t size) { return check(calloc(n ? n : 1, size ? size : 1)); }
void *xrealloc(void *p, size_t n) { return check(realloc(p, n ? n : 1)); }
char *xstrdup(const char *s) { return check(strdup(s)); }

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

const char *const *word_list_find(const struct word_list *lists, size_t nlists,
				  const char *name, size_t *n)
{
	for (size_t i = 0; i < nlists; i++)
		if (strcmp(lists[i].name, name) == 0) {
			*n = lists[i].n;
			return lists[i].v;
		}
	*n = 0;
	return NULL;
}
