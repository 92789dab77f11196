/*
 * test_arena.c - arena: alignment, zeroing, big requests, strndup, reuse.
 */
#include "arena.h"
#include "harness.h"

#include <stdint.h>

static void alignment_and_zero(void)
{
	struct arena a;
	arena_init(&a);
	for (size_t n = 1; n < 100; n += 7) {
		unsigned char *p = arena_alloc(&a, n);
		OK(((uintptr_t)p & 15) == 0);
		size_t zero = 0;
		for (size_t i = 0; i < n; i++)
			zero += p[i] == 0;
		INT_EQ(zero, n);
		memset(p, 0xAB, n);
	}
	OK(a.used_total >= 99);
	arena_release(&a);
	INT_EQ(a.used_total, 0);
	OK(a.head == NULL);
}

static void big_and_many(void)
{
	struct arena a;
	arena_init(&a);
	char *big = arena_alloc(&a, 1 << 20); /* bigger than a block */
	big[0] = 'x';
	big[(1 << 20) - 1] = 'y';
	char *small = arena_alloc(&a, 16);
	OK(small != big);
	OK(small + 16 <= big || small >= big + (1 << 20));
	/* many small allocations cross block boundaries without overlap */
	char *prev = NULL;
	int distinct = 1;
	for (int i = 0; i < 20000; i++) {
		char *p = arena_alloc(&a, 24);
		distinct &= p != prev;
		p[0] = (char)i;
		prev = p;
	}
	OK(distinct);
	INT_EQ(big[0], 'x');
	INT_EQ(big[(1 << 20) - 1], 'y');
	arena_release(&a);
}

static void strndup_copies(void)
{
	struct arena a;
	arena_init(&a);
	const char src[] = "hello, world";
	char *s = arena_strndup(&a, src, 5);
	STR_EQ(s, "hello");
	OK(s != src);
	STR_EQ(arena_strndup(&a, "", 0), "");
	STR_EQ(arena_strndup(&a, "a\0b", 3) + 2, "b"); /* embedded NUL kept */
	arena_release(&a);
	/* reusable after release */
	arena_init(&a);
	STR_EQ(arena_strndup(&a, "again", 5), "again");
	arena_release(&a);
}

int main(void)
{
	alignment_and_zero();
	big_and_many();
	strndup_copies();
	return harness_done("test_arena");
}
