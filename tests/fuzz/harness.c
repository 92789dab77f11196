/*
 * harness.c - shared set-up of the fuzz harnesses (harness.h).
 */
#include "harness.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/xmlerror.h>
#include <libxslt/xsltutils.h>

#include "strbuf.h"
#include "xmlenv.h"

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

struct xsd_cache fuzz_xsd;
char fuzz_dir[4096];
static FILE *devnull;
static char path_buf[4096 + 256];

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("fuzz: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

char *fuzz_root_path(const char *sub)
{
	const char *root = getenv("SCOMC_ROOT");
	if (!root || !*root)
		root = FUZZ_ROOT;
	struct strbuf s = STRBUF_INIT;
	strbuf_addf(&s, "%s/%s", root, sub);
	return strbuf_detach(&s, NULL);
}

/* Removes what is in dir (one level of subdirectories and their files:
 * what the harnesses make), and dir itself when `self`. */
static void empty_dir(const char *dir, bool self)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char p[sizeof path_buf];
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
				empty_dir(p, true);
			else
				unlink(p);
		}
		closedir(d);
	}
	if (self)
		rmdir(dir);
}

static void at_exit(void)
{
	xsd_cache_release(&fuzz_xsd);
	if (devnull)
		fclose(devnull);
	if (fuzz_dir[0])
		empty_dir(fuzz_dir, true);
	xmlenv_cleanup();
}

void fuzz_env_init(const char *harness)
{
	char *schemas = fuzz_root_path("schemas"), *templates = fuzz_root_path("templates");
	xmlenv_init();
	xmlSetGenericErrorFunc(NULL, silent);
	xsltSetGenericErrorFunc(NULL, silent);
	xmlenv_allow_dir(schemas);
	xmlenv_allow_dir(templates);
	xsd_cache_init(&fuzz_xsd, schemas);
	struct diag_sink sink;
	diag_sink_init(&sink, 0);
	if (!xsd_get(&fuzz_xsd, XSD_ALERTDEF, &sink) || !xsd_get(&fuzz_xsd, XSD_MP10, &sink) ||
	    !xsd_get(&fuzz_xsd, XSD_MP20, &sink))
		fuzz_fail("%s: cannot compile the schemas in %s", harness, schemas);
	diag_sink_release(&sink);
	free(schemas);
	free(templates);
	const char *tmp = getenv("TMPDIR");
	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/scomc-fuzz-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", harness);
	if (!mkdtemp(fuzz_dir))
		fuzz_fail("%s: cannot make a directory %s", harness, fuzz_dir);
	if (!(devnull = fopen("/dev/null", "w")))
		fuzz_fail("cannot open /dev/null");
	atexit(at_exit);
}

const char *fuzz_write(const char *name, const void *data, size_t size)
{
	snprintf(path_buf, sizeof path_buf, "%s/%s", fuzz_dir, name);
	FILE *f = fopen(path_buf, "wb");
	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
		fuzz_fail("cannot write %s", path_buf);
	return path_buf;
}

const char *fuzz_subdir(const char *name)
{
	snprintf(path_buf, sizeof path_buf, "%s/%s", fuzz_dir, name);
	empty_dir(path_buf, false);
	mkdir(path_buf, 0700);
	return path_buf;
}

void fuzz_drain(struct diag_sink *sink, bool json)
{
	diag_sort(sink);
	diag_print_text(sink, devnull, false);
	if (json)
		diag_write_json(sink, devnull);
	diag_sink_release(sink);
}
