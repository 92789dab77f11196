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

static const char *escape_of(char c)
{
	switch (c) {
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '&': return "&amp;";
	case '\r': return "&#13;";
	case '"': return "&quot;";
	case '\n': return "&#10;";
	default: return "&#9;";
	}
}

/* The runs between escapes are found with strcspn() (the MP's text is
 * tens of MB; a set of up to 16 bytes needs no table). */
void strbuf_add_xml_escaped(struct strbuf *sb, const char *s, bool attr)
{
	const char *special = attr ? "<>&\r\"\n\t" : "<>&\r";
	for (;;) {
		size_t n = strcspn(s, special);
		strbuf_add(sb, s, n);
		if (!s[n])
			return;
		strbuf_adds(sb, escape_of(s[n]));
		s += n + 1;
	}
}
