/*
 * mpasync.c - mp_open() and mp_unload() on a second thread (mpasync.h).
 * libxml2 is initialised (xmlenv_init()) before any thread starts; a
 * parser context, its error handler and the document are the thread's
 * own. When a thread cannot be made, the work is done at once.
 */
#include "mpasync.h"

#include <pthread.h>

struct mp_opening {
	struct mp_file *mp;
	const char *path;
	struct diag_sink sink;
	int rc;
	pthread_t thread;
	bool threaded;
};

/* fn(arg) on a thread of its own (true), or at once when none can be made. */
static bool start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	if (pthread_create(t, NULL, fn, arg) == 0)
		return true;
	fn(arg);
	return false;
}

static void join(pthread_t t, bool threaded)
{
	if (threaded && pthread_join(t, NULL) != 0)
		BUG("pthread_join failed");
}

static void *run_open(void *arg)
{
	struct mp_opening *o = arg;
	o->rc = mp_open(o->mp, o->path, &o->sink);
	return NULL;
}

struct mp_opening *mp_open_start(struct mp_file *mp, const char *path, bool quiet)
{
	struct mp_opening *o = xcalloc(1, sizeof(*o));
	o->mp = mp;
	o->path = path;
	diag_sink_init(&o->sink, 0);
	o->sink.quiet = quiet;
	o->threaded = start(&o->thread, run_open, o);
	return o;
}

int mp_open_finish(struct mp_opening *o, struct diag_sink *sink)
{
	join(o->thread, o->threaded);
	diag_sink_append(sink, &o->sink);
	int rc = o->rc;
	free(o);
	return rc;
}

void mp_open_discard(struct mp_opening *o)
{
	if (!o)
		return;
	join(o->thread, o->threaded);
	diag_sink_release(&o->sink);
	free(o);
}

struct mp_unloading {
	struct mp_file *mp;
	pthread_t thread;
	bool threaded;
};

static void *run_unload(void *arg)
{
	struct mp_unloading *u = arg;
	mp_unload(u->mp);
	return NULL;
}

struct mp_unloading *mp_unload_start(struct mp_file *mp)
{
	if (!mp)
		return NULL;
	struct mp_unloading *u = xcalloc(1, sizeof(*u));
	u->mp = mp;
	u->threaded = start(&u->thread, run_unload, u);
	return u;
}

void mp_unload_finish(struct mp_unloading *u)
{
	if (!u)
		return;
	join(u->thread, u->threaded);
	free(u);
}
