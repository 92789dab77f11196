/*
 * out.c - staged, atomic output files.
 */
#include "out.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"

void out_init(struct out *o, const char *dir)
{
	memset(o, 0, sizeof(*o));
	o->to_stdout = strcmp(dir, "-") == 0;
	o->dir = xstrdup(dir);
}

bool out_safe_name(const char *rel)
{
	if (!*rel || *rel == '/' || strlen(rel) > 1024)
		return false;
	for (const char *p = rel; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || p[0] == '.')
			return false;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p[i] < ' ' || p[i] == '\\')
				return false;
		p += n + (e ? 1 : 0);
		if (e && !*p)
			return false;
	}
	return true;
}

static int io_error(struct out *o, struct diag_sink *sink, const char *what, const char *path)
{
	o->failed = true;
	return diag_env_error(sink, "E502", "cannot %s '%s': %s", what, path, strerror(errno));
}

/* mkdir -p for the directories of path (not the last component). */
static int make_parents(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	free(p);
	return 0;
}

static int open_stage(struct out *o, struct diag_sink *sink)
{
	if (o->stage)
		return 0;
	if (mkdir(o->dir, 0777) != 0 && errno != EEXIST)
		return io_error(o, sink, "create directory", o->dir);
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/.scomc-stage-XXXXXX", o->dir);
	if (!mkdtemp(sb.buf)) {
		int rc = io_error(o, sink, "write to directory", o->dir);
		strbuf_release(&sb);
		return rc;
	}
	o->stage = strbuf_detach(&sb, NULL);
	return 0;
}

static int write_all(FILE *f, const void *data, size_t len)
{
	if (len && fwrite(data, 1, len, f) != len)
		return -1;
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int out_write(struct out *o, const char *rel, const void *data, size_t len,
	      struct diag_sink *sink)
{
	if (!out_safe_name(rel))
		return diag_error(sink, LOC_NONE, "E504", "unsafe output name '%s'", rel);
	if (o->to_stdout)
		return write_all(stdout, data, len) ? io_error(o, sink, "write", "<stdout>") : 0;
	if (open_stage(o, sink))
		return -1;
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", o->stage, rel);
	int rc = 0;
	FILE *f = NULL;
	if (make_parents(path.buf) || !(f = fopen(path.buf, "wb")))
		rc = io_error(o, sink, "create", path.buf);
	else if (write_all(f, data, len))
		rc = io_error(o, sink, "write", path.buf);
	if (f && fclose(f) != 0 && rc == 0)
		rc = io_error(o, sink, "write", path.buf);
	strbuf_release(&path);
	if (rc == 0) {
		if (o->nfiles == o->cap)
			o->files = xrealloc(o->files, (o->cap = o->cap ? o->cap * 2 : 16) * sizeof(char *));
		o->files[o->nfiles++] = xstrdup(rel);
	}
	return rc;
}

int out_commit(struct out *o, struct diag_sink *sink)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < o->nfiles && rc == 0; i++) {
		strbuf_reset(&from);
		strbuf_reset(&to);
		strbuf_addf(&from, "%s/%s", o->stage, o->files[i]);
		strbuf_addf(&to, "%s/%s", o->dir, o->files[i]);
		if (make_parents(to.buf) || rename(from.buf, to.buf) != 0)
			rc = io_error(o, sink, "write", to.buf);
	}
	strbuf_release(&from);
	strbuf_release(&to);
	out_abort(o);
	return rc;
}

/* Removes the staging tree: files first, then directories deepest first. */
void out_abort(struct out *o)
{
	if (!o->stage)
		return;
	struct strbuf p = STRBUF_INIT;
	for (size_t i = 0; i < o->nfiles; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", o->stage, o->files[i]);
		unlink(p.buf);
	}
	for (size_t i = o->nfiles; i-- > 0;) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", o->stage, o->files[i]);
		for (char *s = strrchr(p.buf, '/'); s && s > p.buf + strlen(o->stage); s = strrchr(p.buf, '/')) {
			*s = '\0';
			rmdir(p.buf);
		}
	}
	rmdir(o->stage);
	strbuf_release(&p);
	free(o->stage);
	o->stage = NULL;
}

void out_release(struct out *o)
{
	if (!o)
		return;
	out_abort(o);
	for (size_t i = 0; i < o->nfiles; i++)
		free(o->files[i]);
	free(o->files);
	free(o->dir);
	memset(o, 0, sizeof(*o));
}
