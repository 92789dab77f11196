/*
 * utf.c - UTF-16 <-> UTF-8 and UTF-8 encoding (see utf.h).
 */
#include "utf.h"

#include <stdlib.h>

size_t utf_put8(char *o, uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

long utf_next8(const unsigned char *s, size_t n, size_t *i)
{
	static const long min[] = { 0, 0x80, 0x800, 0x10000 };
	unsigned c = s[(*i)++];
	if (c < 0x80)
		return c;
	int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2
			   : c >= 0xC2       ? 1
					     : -1;
	if (more < 0 || c > 0xF4 || n - *i < (size_t)more)
		return -1;
	long cp = c & (0x3F >> more);
	for (int k = 0; k < more; k++) {
		unsigned b = s[(*i)++];
		if ((b & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (b & 0x3F);
	}
	if (cp < min[more] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	return cp;
}

static size_t put_unit(unsigned char *p, uint32_t u)
{
	p[0] = (unsigned char)(u & 0xFF);
	p[1] = (unsigned char)(u >> 8);
	return 2;
}

size_t utf_put16le(unsigned char *out, uint32_t cp)
{
	if (cp < 0x10000)
		return put_unit(out, cp);
	put_unit(out, 0xD800 + ((cp - 0x10000) >> 10));
	return 2 + put_unit(out + 2, 0xDC00 + ((cp - 0x10000) & 0x3FF));
}

static uint32_t unit(const unsigned char *p, bool be)
{
	return be ? (uint32_t)(p[0] << 8 | p[1]) : (uint32_t)(p[1] << 8 | p[0]);
}

/* The code point at unit *i of p[0..n), advancing *i; -1 if unpaired. */
static long next(const unsigned char *p, size_t n, bool be, size_t *i)
{
	uint32_t hi = unit(p + *i, be);
	*i += 2;
	if (hi < 0xD800 || hi > 0xDFFF)
		return (long)hi;
	if (hi > 0xDBFF || *i + 2 > n)
		return -1;
	uint32_t lo = unit(p + *i, be);
	if (lo < 0xDC00 || lo > 0xDFFF)
		return -1;
	*i += 2;
	return (long)(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
}

enum utf_error utf_from16(const unsigned char *p, size_t n, bool be, char **out,
			  size_t *out_len, size_t *at)
{
	*out = NULL;
	*out_len = 0;
	if (n % 2) {
		*at = n / 2;
		return UTF_ODD;
	}
	char *o = malloc(n / 2 * 3 + 1); /* a pair of units makes 4 bytes */
	if (!o)
		return UTF_NOMEM;
	size_t len = 0;
	for (size_t i = 0; i < n;) {
		uint32_t u = unit(p + i, be);
		if (u - 1 < 0x7F) { /* ASCII but NUL: the common case, inline */
			o[len++] = (char)u;
			i += 2;
			continue;
		}
		size_t start = i;
		long cp = next(p, n, be, &i);
		if (cp <= 0) {
			free(o);
			*at = start / 2;
			return cp ? UTF_SURROGATE : UTF_NUL;
		}
		len += utf_put8(o + len, (uint32_t)cp);
	}
	o[len] = '\0';
	*out = o;
	*out_len = len;
	return UTF_OK;
}
