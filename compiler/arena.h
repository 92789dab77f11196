/*
 * arena.h - bump allocator: one per compilation.
 *
 * Tokens, locations and unescaped strings live in the arena and are freed
 * together by arena_release(). Nothing allocated here may be freed on its own.
 */
#ifndef SCOMC_ARENA_H
#define SCOMC_ARENA_H

#include "base.h"

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used_total;
};

void arena_init(struct arena *a);
/* Zeroed, 16-byte aligned memory owned by the arena. Never NULL. */
void *arena_alloc(struct arena *a, size_t n);
/* NUL-terminated copy of s[0..n) owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Frees every block; the arena can be reused after arena_init(). */
void arena_release(struct arena *a);

#endif
