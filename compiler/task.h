/*
 * task.h - one piece of work on a thread of its own, or at once when no
 * thread can be made (the result is the same, only slower). The one
 * mechanism behind seal's build-while-verifying, decompile's reading
 * ahead, packs side by side and its job pool.
 */
#ifndef SCOMC_TASK_H
#define SCOMC_TASK_H

#include <pthread.h>
#include <stdbool.h>

struct task {
	pthread_t thread;
	bool threaded; /* false: not started, or already run at once */
};

/* Runs fn(arg) on a thread of its own, or now when none can be made. */
void task_start(struct task *t, void *(*fn)(void *), void *arg);
/* Waits for what task_start() started; nothing to do for a task run at
 * once or never started (zeroed). */
void task_join(struct task *t);

#endif
