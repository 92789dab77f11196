/*
 * base.h - first include of every scomc source file.
 *
 * Standard headers, small helpers and the two failure paths that are not
 * user errors: BUG() for broken invariants and x*alloc() for out-of-memory,
 * both of which print one line and abort (git-compat-util.h, chibicc.h).
 */
#ifndef SCOMC_BASE_H
#define SCOMC_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF_LIKE(f, a)
#define NORETURN
#endif

/* Exit codes, documented in --help and scomc(1). */
enum exit_code {
	EXIT_OK = 0,
	EXIT_INPUT = 1,   /* the input has errors */
	EXIT_USAGE = 2,   /* bad command line */
	EXIT_ENV = 3,     /* I/O or environment: unreadable, unwritable, missing data */
	EXIT_INTERNAL = 4 /* a bug caught before it did harm */
};

/* Print "scomc: BUG: file:line: msg" and abort. Never returns. */
NORETURN void bug_fl(const char *file, int line, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)

/* Allocation that never fails: on OOM print one line and abort. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* A named list of words (keywords of a block, the values of a property). */
struct word_list {
	const char *name;
	const char *const *v;
	size_t n;
};

/* The words of the list called name among lists[0..nlists), *n set; NULL
 * (and *n = 0) if there is none. */
const char *const *word_list_find(const struct word_list *lists, size_t nlists,
				  const char *name, size_t *n);

#endif
