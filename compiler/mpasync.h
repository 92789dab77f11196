/*
 * mpasync.h - reading and unloading packs on a second thread, so that a
 * command working through several packs (decompile) reads the next one
 * and frees the last one while it works on the current one.
 *
 * mp_open_start() runs mp_open() on a thread of its own (or at once when
 * no thread can be made), reporting into a sink of its own;
 * mp_open_finish() waits for it and adds those diagnostics to the
 * caller's sink, so they come exactly where mp_open() called then would
 * have put them. mp_unload_start() / mp_unload_finish() do the same for
 * mp_unload(). Between start and finish the caller must not touch the
 * mp_file; the thread touches nothing else of the caller's.
 */
#ifndef SCOMC_MPASYNC_H
#define SCOMC_MPASYNC_H

#include "mpread.h"

struct mp_opening;

/* Starts mp_open(mp, path, ...); quiet: warnings are dropped (the sink
 * they will join is quiet). path is borrowed until finished. */
struct mp_opening *mp_open_start(struct mp_file *mp, const char *path, bool quiet);
/* Waits, adds the diagnostics to sink, frees o and returns what mp_open()
 * returned. */
int mp_open_finish(struct mp_opening *o, struct diag_sink *sink);
/* Waits and frees o, dropping its diagnostics (the caller stopped before
 * this pack). Accepts NULL. */
void mp_open_discard(struct mp_opening *o);

struct mp_unloading;

/* Starts mp_unload(mp). Accepts NULL (then returns NULL). */
struct mp_unloading *mp_unload_start(struct mp_file *mp);
/* Waits for it and frees u. Accepts NULL. */
void mp_unload_finish(struct mp_unloading *u);

#endif
