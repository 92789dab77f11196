/*
 * arena.c - bump allocator with 64 KiB blocks (bigger requests get their own).
 */
#include "arena.h"

struct arena_block {
	struct arena_block *next;
	size_t cap, used;
	_Alignas(16) unsigned char data[];
};

enum { BLOCK_SIZE = 64 * 1024 };

void arena_init(struct arena *a) { memset(a, 0, sizeof(*a)); }

static struct arena_block *new_block(size_t cap)
{
	struct arena_block *b = xmalloc(sizeof(*b) + cap);
	b->next = NULL;
	b->cap = cap;
	b->used = 0;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct arena_block *b = a->head;
	if (!b || b->cap - b->used < n) {
		b = new_block(MAX(n, (size_t)BLOCK_SIZE));
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	a->used_total += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_total = 0;
}
