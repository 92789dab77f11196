/*
 * inject_errors.c - LD_PRELOAD fault injector and open() logger for tests
 * (after jq's src/inject_errors.c). Independent of the compiler's sources.
 *
 *   SCOMC_INJECT=FUNC:N[:ERRNO]   make the Nth call of FUNC fail with ERRNO
 *       (ENOSPC, EIO, EACCES, EROFS, EDQUOT; default ENOSPC). FUNC is one of
 *       write, fwrite, fflush, fclose, rename, mkdir, fopen. Only calls whose
 *       file lies under SCOMC_INJECT_DIR (if set) are counted.
 *   SCOMC_INJECT_LOG=FILE         append every path given to open, openat,
 *       fopen, stat and friends to FILE, one per line (proves what a run
 *       did not read).
 * On exit, with SCOMC_INJECT_COUNT=FILE, writes "FUNC COUNT" of the counted
 * calls so a test knows how many failure points there are.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum fn { F_WRITE, F_FWRITE, F_FFLUSH, F_FCLOSE, F_RENAME, F_MKDIR, F_FOPEN, F_N };
static const char *const names[F_N] = { "write", "fwrite", "fflush", "fclose",
					"rename", "mkdir", "fopen" };
static unsigned long counts[F_N];
static int target = -1;
static unsigned long target_n;
static int target_errno = ENOSPC;
static const char *dir;
static size_t dirlen;
static int logfd = -1;
static int inited;

#define REAL(name) \
	static __typeof__(name) *real_##name; \
	if (!real_##name) \
		real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

static int parse_errno(const char *s)
{
	static const struct { const char *n; int v; } tab[] = {
		{ "ENOSPC", ENOSPC }, { "EIO", EIO }, { "EACCES", EACCES },
		{ "EROFS", EROFS }, { "EDQUOT", EDQUOT }, { "EPERM", EPERM },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(s, tab[i].n) == 0)
			return tab[i].v;
	return ENOSPC;
}

static void dump_counts(void)
{
	const char *f = getenv("SCOMC_INJECT_COUNT");
	FILE *out = f ? fopen(f, "w") : NULL;
	if (!out)
		return;
	for (int i = 0; i < F_N; i++)
		fprintf(out, "%s %lu\n", names[i], counts[i]);
	fclose(out);
}

static void init(void)
{
	if (inited)
		return;
	inited = 1;
	const char *spec = getenv("SCOMC_INJECT");
	if (spec && *spec) {
		char buf[128];
		snprintf(buf, sizeof(buf), "%s", spec);
		char *n = strchr(buf, ':');
		if (n) {
			*n++ = '\0';
			char *e = strchr(n, ':');
			if (e) {
				*e++ = '\0';
				target_errno = parse_errno(e);
			}
			for (int i = 0; i < F_N; i++)
				if (strcmp(buf, names[i]) == 0)
					target = i;
			target_n = strtoul(n, NULL, 10);
		}
	}
	dir = getenv("SCOMC_INJECT_DIR");
	dirlen = dir ? strlen(dir) : 0;
	while (dirlen > 1 && dir[dirlen - 1] == '/')
		dirlen--;
	const char *log = getenv("SCOMC_INJECT_LOG");
	if (log && *log) {
		REAL(open);
		logfd = real_open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	}
	if (getenv("SCOMC_INJECT_COUNT"))
		atexit(dump_counts);
}

static void log_path(const char *op, const char *path)
{
	init();
	if (logfd < 0 || !path)
		return;
	char line[PATH_MAX + 32];
	int n = snprintf(line, sizeof(line), "%s %s\n", op, path);
	if (n > 0) {
		REAL(write);
		ssize_t w = real_write(logfd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
		(void)w;
	}
}

/* Absolute form of path (relative to the cwd); "" if it does not fit. */
static void absolute(const char *path, char *out, size_t size)
{
	out[0] = '\0';
	if (path[0] == '/') {
		snprintf(out, size, "%s", path);
		return;
	}
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof(cwd)))
		snprintf(out, size, "%s/%s", cwd, path);
}

static int under_dir(const char *path)
{
	if (!dir)
		return 1;
	if (!path)
		return 0;
	char abs[PATH_MAX * 2];
	absolute(path, abs, sizeof(abs));
	return strncmp(abs, dir, dirlen) == 0 && (abs[dirlen] == '/' || abs[dirlen] == '\0');
}

static int fd_under_dir(int fd)
{
	if (!dir)
		return 1;
	char link[64], path[PATH_MAX];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return 0;
	path[n] = '\0';
	return under_dir(path);
}

/* True if this counted call is the one to fail (errno is then set). */
static int should_fail(enum fn f, int counted)
{
	init();
	if (!counted)
		return 0;
	counts[f]++;
	if ((int)f == target && counts[f] == target_n) {
		errno = target_errno;
		return 1;
	}
	return 0;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	REAL(write);
	if (should_fail(F_WRITE, fd > 2 && fd_under_dir(fd)))
		return -1;
	return real_write(fd, buf, n);
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	REAL(fwrite);
	int fd = fileno(f);
	if (should_fail(F_FWRITE, fd > 2 && fd_under_dir(fd)))
		return 0;
	return real_fwrite(p, size, n, f);
}

int fflush(FILE *f)
{
	REAL(fflush);
	int fd = f ? fileno(f) : -1;
	if (should_fail(F_FFLUSH, fd > 2 && fd_under_dir(fd)))
		return EOF;
	return real_fflush(f);
}

int fclose(FILE *f)
{
	REAL(fclose);
	int fd = fileno(f);
	int fail = should_fail(F_FCLOSE, fd > 2 && fd_under_dir(fd));
	int saved = errno;
	int rc = real_fclose(f);
	if (fail) {
		errno = saved;
		return EOF;
	}
	return rc;
}

int rename(const char *from, const char *to)
{
	REAL(rename);
	if (should_fail(F_RENAME, under_dir(to)))
		return -1;
	return real_rename(from, to);
}

int mkdir(const char *path, mode_t mode)
{
	REAL(mkdir);
	if (should_fail(F_MKDIR, under_dir(path)))
		return -1;
	return real_mkdir(path, mode);
}

FILE *fopen(const char *path, const char *mode)
{
	REAL(fopen);
	log_path("fopen", path);
	if (should_fail(F_FOPEN, under_dir(path)))
		return NULL;
	return real_fopen(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	REAL(fopen64);
	log_path("fopen64", path);
	if (should_fail(F_FOPEN, under_dir(path)))
		return NULL;
	return real_fopen64(path, mode);
}

/* ---- logging only ---- */

static mode_t open_mode(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
	REAL(open);
	va_list ap;
	va_start(ap, flags);
	mode_t m = open_mode(flags, ap);
	va_end(ap);
	log_path("open", path);
	return real_open(path, flags, m);
}

int open64(const char *path, int flags, ...)
{
	REAL(open64);
	va_list ap;
	va_start(ap, flags);
	mode_t m = open_mode(flags, ap);
	va_end(ap);
	log_path("open64", path);
	return real_open64(path, flags, m);
}

int openat(int dfd, const char *path, int flags, ...)
{
	REAL(openat);
	va_list ap;
	va_start(ap, flags);
	mode_t m = open_mode(flags, ap);
	va_end(ap);
	log_path("openat", path);
	return real_openat(dfd, path, flags, m);
}

int openat64(int dfd, const char *path, int flags, ...)
{
	REAL(openat64);
	va_list ap;
	va_start(ap, flags);
	mode_t m = open_mode(flags, ap);
	va_end(ap);
	log_path("openat64", path);
	return real_openat64(dfd, path, flags, m);
}

int stat(const char *path, struct stat *st)
{
	REAL(stat);
	log_path("stat", path);
	return real_stat(path, st);
}

int access(const char *path, int mode)
{
	REAL(access);
	log_path("access", path);
	return real_access(path, mode);
}

char *realpath(const char *path, char *resolved)
{
	REAL(realpath);
	log_path("realpath", path);
	return real_realpath(path, resolved);
}
