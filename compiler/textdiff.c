/*
 * textdiff.c - unified diff (see textdiff.h): split into lines, strip the
 * common head and tail, match the middle by LCS (dynamic programming,
 * bounded in size), then print hunks with 3 lines of context.
 */
#include "textdiff.h"

#include "strbuf.h"

struct line {
	const char *p;
	size_t n; /* with its '\n', if any */
};

struct lines {
	struct line *v;
	size_t n;
};

enum { CONTEXT = 3,
       LCS_MAX_CELLS = 4 * 1000 * 1000 };

static struct lines split(const char *s, size_t len)
{
	struct lines l = { NULL, 0 };
	size_t cap = 0;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (s + i)) + 1 : len - i;
		if (l.n == cap) {
			cap = cap ? 2 * cap : 64;
			l.v = xrealloc(l.v, cap * sizeof(*l.v));
		}
		l.v[l.n++] = (struct line){ s + i, n };
		i += n;
	}
	return l;
}

static bool same(struct line x, struct line y)
{
	return x.n == y.n && memcmp(x.p, y.p, x.n) == 0;
}

/* An edit script: ' ' keep, '-' remove a line of a, '+' add a line of b. */
struct script {
	char *op;
	size_t n, cap;
};

static void emit_op(struct script *s, char op)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->op = xrealloc(s->op, s->cap);
	}
	s->op[s->n++] = op;
}

/* The middle a[0..na) against b[0..nb): LCS table, then walk it. */
static void middle(struct script *s, const struct line *a, size_t na, const struct line *b,
		   size_t nb)
{
	if (na && nb && na * nb <= LCS_MAX_CELLS) {
		uint32_t *t = xcalloc((na + 1) * (nb + 1), sizeof(*t));
#define T(i, j) t[(i) * (nb + 1) + (j)]
		for (size_t i = na; i-- > 0;)
			for (size_t j = nb; j-- > 0;)
				T(i, j) = same(a[i], b[j]) ? T(i + 1, j + 1) + 1
							   : MAX(T(i + 1, j), T(i, j + 1));
		size_t i = 0, j = 0;
		while (i < na && j < nb) {
			if (same(a[i], b[j]))
				emit_op(s, ' '), i++, j++;
			else if (T(i + 1, j) >= T(i, j + 1))
				emit_op(s, '-'), i++;
			else
				emit_op(s, '+'), j++;
		}
#undef T
		free(t);
		na -= i;
		nb -= j;
	}
	while (na--)
		emit_op(s, '-');
	while (nb--)
		emit_op(s, '+');
}

static void put_line(struct strbuf *out, char op, struct line l)
{
	strbuf_addc(out, op);
	strbuf_add(out, l.p, l.n);
	if (!l.n || l.p[l.n - 1] != '\n')
		strbuf_adds(out, "\n\\ No newline at end of file\n");
}

/* Prints ops [from, to) as one hunk; ai/bi are the line numbers at from. */
static void hunk(struct strbuf *out, const struct script *s, size_t from, size_t to,
		 const struct lines *a, const struct lines *b, size_t ai, size_t bi)
{
	size_t na = 0, nb = 0;
	for (size_t k = from; k < to; k++) {
		na += s->op[k] != '+';
		nb += s->op[k] != '-';
	}
	strbuf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", na ? ai + 1 : ai, na, nb ? bi + 1 : bi, nb);
	for (size_t k = from; k < to; k++) {
		char op = s->op[k];
		put_line(out, op, op == '+' ? b->v[bi] : a->v[ai]);
		ai += op != '+';
		bi += op != '-';
	}
}

/* Changes closer than 2 * CONTEXT kept lines share a hunk. */
static void print_hunks(struct strbuf *out, const struct script *s, const struct lines *a,
			const struct lines *b)
{
	size_t ai = 0, bi = 0; /* line numbers at op k */
	for (size_t k = 0; k < s->n;) {
		if (s->op[k] == ' ') {
			ai++, bi++, k++;
			continue;
		}
		size_t last = k;
		for (size_t j = k; j < s->n && j - last <= 2 * CONTEXT; j++)
			if (s->op[j] != ' ')
				last = j;
		size_t from = k - MIN(k, (size_t)CONTEXT);
		size_t to = MIN(s->n, last + 1 + CONTEXT);
		hunk(out, s, from, to, a, b, ai - (k - from), bi - (k - from));
		for (; k < to; k++) {
			ai += s->op[k] != '+';
			bi += s->op[k] != '-';
		}
	}
}

void textdiff_unified(struct strbuf *out, const char *name, const char *a, size_t alen,
		      const char *b, size_t blen)
{
	if (alen == blen && memcmp(a, b, alen) == 0)
		return;
	struct lines la = split(a, alen), lb = split(b, blen);
	size_t head = 0, tail = 0;
	while (head < la.n && head < lb.n && same(la.v[head], lb.v[head]))
		head++;
	while (tail < la.n - head && tail < lb.n - head &&
	       same(la.v[la.n - 1 - tail], lb.v[lb.n - 1 - tail]))
		tail++;
	struct script s = { NULL, 0, 0 };
	for (size_t i = 0; i < head; i++)
		emit_op(&s, ' ');
	middle(&s, la.v + head, la.n - head - tail, lb.v + head, lb.n - head - tail);
	for (size_t i = 0; i < tail; i++)
		emit_op(&s, ' ');
	strbuf_addf(out, "--- %s\n+++ %s\n", name, name);
	print_hunks(out, &s, &la, &lb);
	free(s.op);
	free(la.v);
	free(lb.v);
}
