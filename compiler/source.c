/*
 * source.c - file loading and the offset -> line:col map.
 */
#include "source.h"

#include <errno.h>
#include <sys/stat.h>

#include "strbuf.h"

static void set_data(struct source *src, char *data, size_t len)
{
	src->data = data;
	src->len = len;
	src->bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Room for all of a regular file at once (its size, at most max_bytes + 1,
 * and a byte to see the end of file without growing); 64 KiB to start
 * with for a pipe. */
static size_t initial_cap(FILE *f, size_t max_bytes)
{
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0)
		return ((size_t)st.st_size < max_bytes ? (size_t)st.st_size : max_bytes) + 2;
	return 65536;
}

enum source_status source_load(struct source *src, const char *path,
			       size_t max_bytes, struct strbuf *err)
{
	memset(src, 0, sizeof(*src));
	src->path = xstrdup(path);
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		strbuf_addf(err, "cannot open '%s': %s", path, strerror(errno));
		return SOURCE_IO;
	}
	size_t len = 0, cap = initial_cap(f, max_bytes);
	char *data = xmalloc(cap);
	for (;;) {
		if (len + 1 == cap)
			data = xrealloc(data, cap *= 2);
		size_t n = fread(data + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0 || len > max_bytes)
			break;
	}
	int failed = ferror(f);
	int saved = errno;
	if (f != stdin)
		fclose(f);
	if (failed) {
		free(data);
		strbuf_addf(err, "cannot read '%s': %s", path, strerror(saved));
		return SOURCE_IO;
	}
	data[len] = '\0';
	set_data(src, data, len);
	return len > max_bytes ? SOURCE_TOO_BIG : SOURCE_OK;
}

void source_init_mem(struct source *src, const char *path, const char *data,
		     size_t len)
{
	memset(src, 0, sizeof(*src));
	src->path = xstrdup(path);
	set_data(src, xstrndup(data, len), len);
}

void source_release(struct source *src)
{
	if (!src)
		return;
	free(src->path);
	free(src->data);
	free(src->lines);
	memset(src, 0, sizeof(*src));
}

static void build_lines(struct source *src)
{
	if (src->len >= UINT32_MAX)
		BUG("source '%s' larger than 4 GiB", src->path); /* inputs are limited far below */
	size_t cap = 64, n = 0;
	uint32_t *v = xmalloc(cap * sizeof(*v));
	v[n++] = (uint32_t)src->bom;
	const char *d = src->data, *end = d + src->len;
	for (const char *p = d + src->bom; (p = memchr(p, '\n', (size_t)(end - p))) && p + 1 < end; p++) {
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[n++] = (uint32_t)(p + 1 - d);
	}
	src->lines = v;
	src->nlines = n;
}

unsigned source_line_count(struct source *src)
{
	if (!src->lines)
		build_lines(src);
	return (unsigned)src->nlines;
}

static size_t line_index(struct source *src, size_t off)
{
	size_t lo = 0, hi = src->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (src->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void source_linecol(struct source *src, size_t off, unsigned *line,
		    unsigned *col)
{
	if (!src->lines)
		build_lines(src);
	if (off > src->len)
		off = src->len;
	if (off < src->bom)
		off = src->bom;
	size_t li = line_index(src, off);
	unsigned c = 1;
	for (size_t i = src->lines[li]; i < off; i++)
		if (((unsigned char)src->data[i] & 0xC0) != 0x80)
			c++;
	*line = (unsigned)li + 1;
	*col = c;
}

int source_line(struct source *src, unsigned line, size_t *start, size_t *len)
{
	if (!src->lines)
		build_lines(src);
	if (line == 0 || line > src->nlines)
		return 0;
	size_t s = src->lines[line - 1], e = s;
	if (line < src->nlines) /* the next line starts after this one's LF */
		e = src->lines[line] - 1;
	else
		while (e < src->len && src->data[e] != '\n')
			e++;
	if (e > s && src->data[e - 1] == '\r')
		e--;
	*start = s;
	*len = e - s;
	return 1;
}
