/*
 * out.c - staged, atomic output files.
 */
#include "out.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/hash.h>

#include "mpread.h"
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

static void made_dir(const char *p, char ***made, size_t *nmade)
{
	if (!made)
		return;
	*made = xrealloc(*made, (*nmade + 1) * sizeof(char *));
	(*made)[(*nmade)++] = xstrdup(p);
}

/* mkdir -p for the directories of path (not the last component). The
 * directories it creates are appended to *made (outermost first) when made
 * is not NULL. It starts at the parent and goes up only while a directory
 * is missing: for the thousands of pages of a site, one mkdir() per file. */
static int make_parents(const char *path, char ***made, size_t *nmade)
{
	char *p = xstrdup(path);
	char *last = strrchr(p, '/');
	int rc = 0;
	if (!last || last == p)
		goto out;
	*last = '\0';
	size_t len = strlen(p);
	while (mkdir(p, 0777) != 0) {
		char *up = strrchr(p, '/');
		if (errno == EEXIST)
			goto out;
		if (errno != ENOENT || !up || up == p) {
			rc = -1;
			goto out;
		}
		*up = '\0';
	}
	made_dir(p, made, nmade);
	while (strlen(p) < len) { /* back down, one cut at a time */
		p[strlen(p)] = '/';
		if (mkdir(p, 0777) == 0)
			made_dir(p, made, nmade);
		else if (errno != EEXIST) {
			rc = -1;
			goto out;
		}
	}
out:
	free(p);
	return rc;
}

/* Whether path (a file) is directly in dir, which is NUL-terminated. */
static bool in_dir(const char *path, const char *dir)
{
	size_t n = dir ? strlen(dir) : 0;
	return n && strncmp(path, dir, n) == 0 && path[n] == '/' && !strchr(path + n + 1, '/');
}

/* make_parents() for a staged file; the site's pages come one directory
 * after another, so the directory made last is remembered and not made
 * again for each page. */
static int stage_parents(struct out *o, const char *path)
{
	if (in_dir(path, o->known))
		return 0;
	if (make_parents(path, NULL, NULL))
		return -1;
	free(o->known);
	o->known = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	return 0;
}

static int open_stage(struct out *o, struct diag_sink *sink)
{
	if (o->stage)
		return 0;
	if (mkdir(o->dir, 0777) == 0)
		o->made_dir = true;
	else if (errno != EEXIST)
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

/* Records rel as written in this run, first, so that out_abort() also
 * removes a file (and its directories) whose writing fails half-way.
 * A name written before in this run, case ignored (two inputs that are
 * one pack, or packs whose IDs differ only in case: file systems that
 * ignore case, as on Windows and macOS, would make them one file) is
 * E505: the second file would replace the first, and the commit could
 * not move both. */
static int record(struct out *o, const char *rel, struct diag_sink *sink)
{
	if (!o->names)
		o->names = xmlHashCreate(64);
	if (mp_fold_put(o->names, rel, (void *)1) != 0) {
		diag_error(sink, LOC_NONE, "E505", "two outputs of this run are named '%s'", rel);
		diag_hint(sink, "two inputs are one pack, or packs whose IDs differ only in case: give each once");
		return -1;
	}
	if (o->nfiles == o->cap)
		o->files = xrealloc(o->files, (o->cap = o->cap ? o->cap * 2 : 16) * sizeof(char *));
	o->files[o->nfiles++] = xstrdup(rel);
	return 0;
}

int out_write(struct out *o, const char *rel, const void *data, size_t len,
	      struct diag_sink *sink)
{
	if (!out_safe_name(rel))
		return diag_error(sink, LOC_NONE, "E504", "unsafe output name '%s'", rel);
	if (o->to_stdout)
		return write_all(stdout, data, len) ? io_error(o, sink, "write", "<stdout>") : 0;
	if (open_stage(o, sink) || record(o, rel, sink))
		return -1;
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", o->stage, rel);
	int rc = 0;
	FILE *f = NULL;
	if (stage_parents(o, path.buf) || !(f = fopen(path.buf, "wb"))) {
		rc = io_error(o, sink, "create", path.buf);
	} else {
		/* the data in one write(): no stdio buffer, nor the fstat()
		 * that would size it */
		setvbuf(f, NULL, _IONBF, 0);
		if (write_all(f, data, len))
			rc = io_error(o, sink, "write", path.buf);
	}
	if (f && fclose(f) != 0 && rc == 0)
		rc = io_error(o, sink, "write", path.buf);
	strbuf_release(&path);
	return rc;
}

/* Where out_commit() keeps the previous version of file i (a hidden name,
 * which out_safe_name() never allows for a staged file). */
static void backup_path(struct out *o, size_t i, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s/.old-%zu", o->stage, i);
}

/* What out_commit() did for one file, so that it can be undone. */
struct step {
	enum { KEPT_NONE,
	       KEPT_LINK,
	       KEPT_MOVED } kept; /* the previous version */
	bool placed;              /* the new file is in place */
	bool with_dir;            /* placed by moving its staged directory */
};

/* Undoes steps [0, n) in reverse, then removes the directories the commit
 * created: the output directory looks as before. */
static void roll_back(struct out *o, const struct step *st, size_t n, char **made, size_t nmade,
		      char **dirs, size_t ndirs)
{
	struct strbuf to = STRBUF_INIT, bak = STRBUF_INIT;
	for (size_t i = n; i-- > 0;) {
		if (st[i].with_dir)
			continue; /* back with its directory, below */
		strbuf_reset(&to);
		strbuf_addf(&to, "%s/%s", o->dir, o->files[i]);
		backup_path(o, i, &bak);
		if (st[i].kept == KEPT_LINK && !st[i].placed)
			unlink(bak.buf); /* the old file never left */
		else if (st[i].kept != KEPT_NONE)
			rename(bak.buf, to.buf);
		else if (st[i].placed)
			unlink(to.buf);
	}
	for (size_t i = ndirs; i-- > 0;) {
		strbuf_reset(&to);
		strbuf_reset(&bak);
		strbuf_addf(&to, "%s/%s", o->dir, dirs[i]);
		strbuf_addf(&bak, "%s/%s", o->stage, dirs[i]);
		rename(to.buf, bak.buf);
	}
	for (size_t i = nmade; i-- > 0;)
		rmdir(made[i]);
	strbuf_release(&to);
	strbuf_release(&bak);
}

/* The directories made by a commit, and the directory of the file
 * committed last: whether the commit made it (then no file in it has a
 * previous version to keep). */
struct made {
	char **v;
	size_t n;
	char *last;
	bool last_fresh;
	char **dirs; /* staged directories moved whole (relative names) */
	size_t ndirs;
};

/* make_parents() for the file to, once per directory. *fresh: its
 * directory was made by this commit. */
static int target_parents(struct made *m, const char *to, bool *fresh)
{
	if (in_dir(to, m->last)) {
		*fresh = m->last_fresh;
		return 0;
	}
	size_t before = m->n;
	if (make_parents(to, &m->v, &m->n))
		return -1;
	*fresh = m->last_fresh = m->n > before; /* made down to to's directory */
	free(m->last);
	m->last = xstrndup(to, (size_t)(strrchr(to, '/') - to));
	return 0;
}

/* The length of the first directory of rel that the output directory
 * lacks ("docs" of docs/PACK/x.html in a new output directory), or 0. */
static size_t missing_dir(struct out *o, const char *rel, struct strbuf *sb)
{
	for (const char *s = strchr(rel, '/'); s; s = strchr(s + 1, '/')) {
		strbuf_reset(sb);
		strbuf_addf(sb, "%s/%.*s", o->dir, (int)(s - rel), rel);
		struct stat st;
		if (lstat(sb->buf, &st) != 0)
			return errno == ENOENT ? (size_t)(s - rel) : 0;
		if (!S_ISDIR(st.st_mode))
			return 0; /* commit_one() reports it */
	}
	return 0;
}

/* When the output directory lacks a directory of file i, the staged
 * directory goes into place whole, with every file in it: one rename()
 * instead of one per page of a site (nothing in it can have a previous
 * version). Returns 1 if so, 0 if file i is to be committed alone, -1
 * after reporting. */
static int commit_dir(struct out *o, size_t i, struct step *st, struct made *m,
		      struct diag_sink *sink)
{
	const char *rel = o->files[i], *slash = strrchr(rel, '/');
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	strbuf_addf(&to, "%s/%.*s", o->dir, slash ? (int)(slash - rel) : 0, rel);
	size_t n = slash && !(m->last && !strcmp(to.buf, m->last)) ? missing_dir(o, rel, &from) : 0;
	int rc = 0;
	if (n) {
		strbuf_reset(&from);
		strbuf_reset(&to);
		strbuf_addf(&from, "%s/%.*s", o->stage, (int)n, rel);
		strbuf_addf(&to, "%s/%.*s", o->dir, (int)n, rel);
		if (rename(from.buf, to.buf) != 0) {
			rc = io_error(o, sink, "write", to.buf);
		} else {
			m->dirs = xrealloc(m->dirs, (m->ndirs + 1) * sizeof(*m->dirs));
			m->dirs[m->ndirs++] = xstrndup(rel, n);
			for (size_t j = i; j < o->nfiles; j++)
				if (!strncmp(o->files[j], rel, n) && o->files[j][n] == '/')
					st[j].placed = st[j].with_dir = true;
			rc = 1;
		}
	}
	strbuf_release(&from);
	strbuf_release(&to);
	return rc;
}

/* Moves file i into place; the file it replaces is kept in the stage (a
 * hard link, else moved). Returns 0, or -1 after reporting. */
static int commit_one(struct out *o, size_t i, struct step *st, struct made *m,
		      struct diag_sink *sink)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT, bak = STRBUF_INIT;
	strbuf_addf(&from, "%s/%s", o->stage, o->files[i]);
	strbuf_addf(&to, "%s/%s", o->dir, o->files[i]);
	backup_path(o, i, &bak);
	struct stat sb;
	bool fresh = false;
	int rc = 0;
	if (target_parents(m, to.buf, &fresh))
		rc = io_error(o, sink, "create directory for", to.buf);
	else if (fresh)
		; /* nothing to keep */
	else if (lstat(to.buf, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			errno = EISDIR;
			rc = io_error(o, sink, "replace", to.buf);
		} else if (link(to.buf, bak.buf) == 0) {
			st->kept = KEPT_LINK;
		} else if (rename(to.buf, bak.buf) == 0) {
			st->kept = KEPT_MOVED;
		} else {
			rc = io_error(o, sink, "replace", to.buf);
		}
	} else if (errno != ENOENT) {
		rc = io_error(o, sink, "replace", to.buf);
	}
	if (rc == 0 && rename(from.buf, to.buf) != 0)
		rc = io_error(o, sink, "write", to.buf);
	st->placed = rc == 0;
	strbuf_release(&from);
	strbuf_release(&to);
	strbuf_release(&bak);
	return rc;
}

static void remove_stage(struct out *o, bool moved);

/* All or nothing: when a rename fails part-way, every file already moved
 * is put back as it was (house style B: outputs are atomic). */
int out_commit(struct out *o, struct diag_sink *sink)
{
	if (o->failed) {
		out_abort(o);
		return -1;
	}
	struct step *st = xcalloc(o->nfiles + 1, sizeof(*st));
	struct made m = { NULL, 0, NULL, false, NULL, 0 };
	size_t i;
	int rc = 0;
	for (i = 0; i < o->nfiles && rc == 0; i++) {
		if (st[i].with_dir)
			continue;
		int d = commit_dir(o, i, st, &m, sink);
		rc = d < 0 ? -1 : d == 0 ? commit_one(o, i, &st[i], &m, sink)
					 : 0;
	}
	struct strbuf bak = STRBUF_INIT;
	if (rc) {
		roll_back(o, st, i, m.v, m.n, m.dirs, m.ndirs);
	} else {
		for (i = 0; i < o->nfiles; i++) {
			backup_path(o, i, &bak);
			if (st[i].kept != KEPT_NONE)
				unlink(bak.buf);
		}
		o->made_dir = false; /* the output directory stays */
	}
	strbuf_release(&bak);
	for (i = 0; i < m.n; i++)
		free(m.v[i]);
	free(m.v);
	for (i = 0; i < m.ndirs; i++)
		free(m.dirs[i]);
	free(m.dirs);
	free(m.last);
	free(st);
	remove_stage(o, rc == 0);
	return rc;
}

/* Whether files i and j of o are in the same directory. */
static bool same_dir(const struct out *o, size_t i, size_t j)
{
	const char *a = strrchr(o->files[i], '/'), *b = strrchr(o->files[j], '/');
	size_t n = a ? (size_t)(a - o->files[i]) : 0;
	return (b ? (size_t)(b - o->files[j]) : 0) == n && strncmp(o->files[i], o->files[j], n) == 0;
}

/* Removes the staging tree: files first (unless out_commit() moved them
 * all), then directories deepest first, once per run of files in one
 * directory; and the output directory if this run created it and wrote
 * nothing. */
static void remove_stage(struct out *o, bool moved)
{
	if (!o->stage)
		return;
	struct strbuf p = STRBUF_INIT;
	for (size_t i = 0; i < o->nfiles && !moved; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", o->stage, o->files[i]);
		unlink(p.buf);
	}
	for (size_t i = o->nfiles; i-- > 0;) {
		if (i + 1 < o->nfiles && same_dir(o, i, i + 1))
			continue;
		strbuf_reset(&p);
		strbuf_addf(&p, "%s/%s", o->stage, o->files[i]);
		for (char *s = strrchr(p.buf, '/'); s && s > p.buf + strlen(o->stage); s = strrchr(p.buf, '/')) {
			*s = '\0';
			rmdir(p.buf);
		}
	}
	rmdir(o->stage);
	free(o->known);
	o->known = NULL;
	if (o->made_dir)
		rmdir(o->dir);
	o->made_dir = false;
	strbuf_release(&p);
	free(o->stage);
	o->stage = NULL;
}

void out_abort(struct out *o) { remove_stage(o, false); }

void out_release(struct out *o)
{
	if (!o)
		return;
	out_abort(o);
	for (size_t i = 0; i < o->nfiles; i++)
		free(o->files[i]);
	free(o->files);
	xmlHashFree(o->names, NULL);
	free(o->dir);
	memset(o, 0, sizeof(*o));
}

/* ---- streams ---- */

struct out_stream {
	struct out *o;
	struct diag_sink *sink;
	FILE *f;            /* the staged file; NULL for "-o -" */
	struct strbuf path; /* staged path, for messages */
	struct strbuf mem;  /* "-o -": the whole output, written at the close */
	char *iobuf;        /* stdio buffer: 64 KiB writes instead of 4 KiB */
	bool failed;
};

struct out_stream *out_stream_open(struct out *o, const char *rel, struct diag_sink *sink)
{
	if (!out_safe_name(rel)) {
		diag_error(sink, LOC_NONE, "E504", "unsafe output name '%s'", rel);
		return NULL;
	}
	struct out_stream *s = xcalloc(1, sizeof(*s));
	s->o = o;
	s->sink = sink;
	if (o->to_stdout)
		return s;
	if (open_stage(o, sink) || record(o, rel, sink)) {
		free(s);
		return NULL;
	}
	strbuf_addf(&s->path, "%s/%s", o->stage, rel);
	if (stage_parents(o, s->path.buf) || !(s->f = fopen(s->path.buf, "wb"))) {
		io_error(o, sink, "create", s->path.buf);
		strbuf_release(&s->path);
		free(s);
		return NULL;
	}
	s->iobuf = xmalloc(1 << 16); /* glibc ignores the size without a buffer */
	setvbuf(s->f, s->iobuf, _IOFBF, 1 << 16);
	return s;
}

int out_stream_add(struct out_stream *s, const void *data, size_t len)
{
	if (s->failed)
		return -1;
	if (!s->f) {
		strbuf_add(&s->mem, data, len);
		return 0;
	}
	if (len && fwrite(data, 1, len, s->f) != len) {
		s->failed = true;
		return io_error(s->o, s->sink, "write", s->path.buf);
	}
	return 0;
}

int out_stream_close(struct out_stream *s, bool keep)
{
	if (!s)
		return -1;
	int rc = s->failed ? -1 : 0;
	if (s->f) {
		if ((fflush(s->f) != 0 || ferror(s->f)) && rc == 0)
			rc = io_error(s->o, s->sink, "write", s->path.buf);
		if (fclose(s->f) != 0 && rc == 0)
			rc = io_error(s->o, s->sink, "write", s->path.buf);
	} else if (keep && rc == 0 && write_all(stdout, s->mem.buf, s->mem.len)) {
		rc = io_error(s->o, s->sink, "write", "<stdout>");
	}
	strbuf_release(&s->path);
	strbuf_release(&s->mem);
	free(s->iobuf);
	free(s);
	return rc;
}
