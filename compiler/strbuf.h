/*
 * strbuf.h - growable byte buffer (git strbuf.h, cmark buffer.h).
 *
 * sb.buf is always NUL-terminated and owned by the strbuf until
 * strbuf_detach() hands it to the caller (who then free()s it).
 */
#ifndef SCOMC_STRBUF_H
#define SCOMC_STRBUF_H

#include "base.h"

struct strbuf {
	char *buf;
	size_t len, cap;
};

#define STRBUF_INIT        \
	{                  \
		NULL, 0, 0 \
	}

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Cuts sb back to its first len bytes (len <= sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_grow(struct strbuf *sb, size_t extra);
/* strbuf_add, strbuf_adds and strbuf_addc are inline: the serializers
 * append a few bytes at a time, millions of times (and strlen() of a
 * literal is then a constant). */
static inline void strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if (n >= sb->cap - sb->len) /* len < cap, or both 0: no overflow */
		strbuf_grow(sb, n);
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

static inline void strbuf_adds(struct strbuf *sb, const char *s) { strbuf_add(sb, s, strlen(s)); }

static inline void strbuf_addc(struct strbuf *sb, int c)
{
	if (sb->len + 2 > sb->cap)
		strbuf_grow(sb, 1);
	sb->buf[sb->len++] = (char)c;
	sb->buf[sb->len] = '\0';
}
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Appends s escaped as libxml2's serializer writes element content ('<',
 * '>', '&', CR as &lt; &gt; &amp; &#13;) or, if attr, an attribute value
 * ('"', LF and tab as well); UTF-8 as is. */
void strbuf_add_xml_escaped(struct strbuf *sb, const char *s, bool attr);
/* Appends the UTF-8 encoding of code point cp (must be valid). */
void strbuf_add_utf8(struct strbuf *sb, uint32_t cp);
/* Returns the buffer (never NULL) and resets sb; caller frees. */
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* A NUL-terminated view, "" for an empty, never-grown buffer. */
const char *strbuf_str(const struct strbuf *sb);

#endif
