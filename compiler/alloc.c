/*
 * alloc.c - the process's allocation policy (alloc.h).
 *
 * Which allocator serves malloc is decided when scomc is linked (the
 * Makefile's MALLOC) or preloaded; mimalloc is recognised at run time by
 * its mi_version() symbol, so --version tells the truth either way.
 */
#include "alloc.h"

#include <limits.h>
#include <malloc.h> /* mallopt, M_MXFAST */
#include <stdio.h>

/* Defined when mimalloc is linked or preloaded; NULL otherwise. */
extern int mi_version(void) __attribute__((weak));

static int mimalloc_version(void) { return mi_version ? mi_version() : 0; }

void alloc_tune(void)
{
	if (mimalloc_version())
		return;
#ifdef M_MXFAST
	mallopt(M_MXFAST, 0);
	/* Memory freed (one pack's tree) is kept for the next pack rather than
	 * given back and faulted in again page by page, and blocks up to 32 MiB
	 * (the most glibc allows) come from the heap too: a quarter fewer page
	 * faults for decompile of the bench's two packs. */
	mallopt(M_TRIM_THRESHOLD, INT_MAX);
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
#elif defined(__GLIBC__)
#error "M_MXFAST undefined on glibc: is <malloc.h> included?"
#endif
}

const char *alloc_name(void)
{
	static char name[32];
	int v = mimalloc_version(); /* major * 100 + minor * 10 + patch */
	if (!v)
		return "libc malloc";
	snprintf(name, sizeof(name), "mimalloc %d.%d.%d", v / 100, v / 10 % 10, v % 10);
	return name;
}
