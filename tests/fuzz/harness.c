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

#include "decompile.h"
#include "diff.h"
#include "mpread.h"
#include "out.h"
#include "strbuf.h"
#include "verify.h"
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

/* diff_packs() of a pack against another load of the same file and
 * against itself must find nothing. */
static void self_diff(struct mp_files *kept, struct mp_file *mp, const char *path)
{
	struct diag_sink quiet;
	diag_sink_init(&quiet, 0);
	struct mp_file *again = mp_files_add(kept);
	if (mp_open(again, path, &quiet) != 0)
		fuzz_fail("%s loaded once as a pack, and not the second time", path);
	size_t n = diff_packs(mp, again, &quiet), same = diff_packs(mp, mp, &quiet);
	if (n || same)
		fuzz_fail("a pack differs from itself: %zu differences from a second load, %zu from itself", n, same);
	diag_sink_release(&quiet);
}

bool fuzz_pack(const char *path, bool diff, bool check, bool json)
{
	struct diag_sink sink;
	diag_sink_init(&sink, 20);
	struct mp_files kept = { NULL, 0 };
	struct mp_file *mp = verify_file(&kept, &sink, &fuzz_xsd, NULL, NULL, path);
	bool pack = mp && mp->root;
	if (pack && diff)
		self_diff(&kept, mp, path);
	if (pack) {
		char out_dir[sizeof path_buf];
		snprintf(out_dir, sizeof out_dir, "%s/out", fuzz_dir);
		struct out o;
		out_init(&o, out_dir);
		decompile_loaded(mp, &kept, &sink, &fuzz_xsd, &o, check, false);
		out_abort(&o);
		out_release(&o);
	}
	fuzz_drain(&sink, json);
	mp_files_release(&kept);
	return pack;
}
