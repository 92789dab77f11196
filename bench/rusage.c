/*
 * rusage.c - runs a command and reports what it cost, for bench/run.sh.
 *
 * Usage: rusage COMMAND [ARG]...  Runs COMMAND with stdout and stderr
 * passed through, then prints one line to fd 3 (or stderr if fd 3 is not
 * open): wall seconds, peak RSS in KiB (ru_maxrss of the child from
 * wait4), user+system CPU seconds and the exit status. Exits with the
 * command's status (125 if it could not be started, 128+N on signal N).
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double secs(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: rusage COMMAND [ARG]...\n", stderr);
		return 125;
	}
	int report = fcntl(3, F_GETFD) != -1 ? 3 : 2;
	double start = now();
	pid_t pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 125;
	}
	if (pid == 0) {
		if (report == 3)
			close(3);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "rusage: cannot run '%s': %s\n", argv[1], strerror(errno));
		_exit(125);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 125;
		}
	double wall = now() - start;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	dprintf(report, "%.3f %ld %.3f %d\n", wall, ru.ru_maxrss,
		secs(ru.ru_utime) + secs(ru.ru_stime), code);
	return code;
}
