/*
 * task.c - work on a thread of its own, or at once (task.h).
 */
#include "task.h"

#include "base.h"

void task_start(struct task *t, void *(*fn)(void *), void *arg)
{
	t->threaded = pthread_create(&t->thread, NULL, fn, arg) == 0;
	if (!t->threaded)
		fn(arg);
}

void task_join(struct task *t)
{
	if (t->threaded && pthread_join(t->thread, NULL) != 0)
		BUG("pthread_join failed");
	t->threaded = false;
}
