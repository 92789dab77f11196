/*
 * mpasync.c - mp_open() and mp_unload() on a second thread (mpasync.h).
 * libxml2 is initialised (xmlenv_init()) before any thread starts; a
 * parser context, its error handler and the document are the thread's
 * own. When a thread cannot be made, the work is done at once.
 */
#include "mpasync.h"

#include "task.h"

struct mp_opening {
	struct mp_file *mp;
	const char *path;
	struct diag_sink sink;
	int rc;
	struct task task;
};

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
	task_start(&o->task, run_open, o);
	return o;
}

int mp_open_finish(struct mp_opening *o, struct diag_sink *sink)
{
	task_join(&o->task);
	diag_sink_append(sink, &o->sink);
	int rc = o->rc;
	free(o);
	return rc;
}

void mp_open_discard(struct mp_opening *o)
{
	if (!o)
		return;
	task_join(&o->task);
	diag_sink_release(&o->sink);
	free(o);
}

struct mp_unloading {
	struct mp_file *mp;
	struct task task;
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
	task_start(&u->task, run_unload, u);
	return u;
}

void mp_unload_finish(struct mp_unloading *u)
{
	if (!u)
		return;
	task_join(&u->task);
	free(u);
}
