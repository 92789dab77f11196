/*
 * alloc.h - the process's allocation policy (one place for it).
 *
 * scomc builds DOMs of millions of small nodes. The Makefile links
 * Microsoft's mimalloc first when it is there (it then serves every
 * malloc of the process, libxml2's included); otherwise glibc's malloc is
 * tuned here. Allocation policy only: results are the same either way.
 */
#ifndef SCOMC_ALLOC_H
#define SCOMC_ALLOC_H

/* For the commands that read big packs (verify, seal, diff, decompile),
 * first thing. Under glibc's malloc: fast bins off, so that freeing a DOM
 * coalesces as it goes instead of in malloc_consolidate() passes; freed
 * memory kept for the next pack. Under mimalloc: nothing to do. */
void alloc_tune(void);

/* The allocator serving malloc, for --version: "mimalloc 2.0.9" or
 * "libc malloc". Static storage. */
const char *alloc_name(void);

#endif
