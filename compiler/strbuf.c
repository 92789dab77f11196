/*
 * strbuf.c - growable byte buffer.
 */
#include "strbuf.h"

#include "utf.h"

void strbuf_init(struct strbuf *sb) { memset(sb, 0, sizeof(*sb)); }

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_setlen(struct strbuf *sb, size_t len)
{
	if (len > sb->len)
		BUG("strbuf_setlen past the end");
	sb->len = len;
	if (sb->buf)
		sb->buf[len] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}



void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	/* One vsnprintf() pass when the text fits in the space there is
	 * (most do), a second one after growing when it did not. */
	size_t room = sb->cap > sb->len ? sb->cap - sb->len : 0;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		BUG("vsnprintf failed");
	if ((size_t)n >= room) {
		strbuf_grow(sb, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	sb->len += (size_t)n;
}

void strbuf_add_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];
	strbuf_add(sb, b, utf_put8(b, cp));
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	strbuf_grow(sb, 0);
	sb->buf[sb->len] = '\0'; /* a never-grown buffer is not terminated yet */
	char *p = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb);
	return p;
}

const char *strbuf_str(const struct strbuf *sb) { return sb->buf ? sb->buf : ""; }
