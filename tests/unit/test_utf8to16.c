/*
 * test_utf8to16.c - utf_next8() and utf_put16le() (utf.c), the UTF-8 ->
 * UTF-16LE path of sealed packs, and resources_utf16() built on them:
 * every length of sequence, the boundaries, and each kind of bad input;
 * resources_mp_payload() (the gzip a sealed pack stores: fixed header,
 * zlib inflates it to the same units, CRC and size checked) and the
 * ASCII fast path of utf_from16() back.
 */
#include "base.h"
#include "resources_write.h"
#include "utf.h"
#include "harness.h"

#include <zlib.h>

static long one(const char *s)
{
	size_t i = 0;
	long cp = utf_next8((const unsigned char *)s, strlen(s), &i);
	return cp >= 0 && i != strlen(s) ? -2 : cp; /* -2: did not take it all */
}

static void decode(void)
{
	INT_EQ(one("A"), 0x41);
	INT_EQ(one("\xC2\x80"), 0x80);
	INT_EQ(one("\xDF\xBF"), 0x7FF);
	INT_EQ(one("\xE0\xA0\x80"), 0x800);
	INT_EQ(one("\xEF\xBF\xBD"), 0xFFFD);
	INT_EQ(one("\xF0\x90\x80\x80"), 0x10000);
	INT_EQ(one("\xF4\x8F\xBF\xBF"), 0x10FFFF);
	INT_EQ(one("\xC0\x80"), -1);             /* overlong NUL */
	INT_EQ(one("\xE0\x80\x80"), -1);         /* overlong */
	INT_EQ(one("\xF0\x80\x80\x80"), -1);     /* overlong */
	INT_EQ(one("\xED\xA0\x80"), -1);         /* U+D800, a surrogate */
	INT_EQ(one("\xF4\x90\x80\x80"), -1);     /* above U+10FFFF */
	INT_EQ(one("\xF5\x80\x80\x80"), -1);
	INT_EQ(one("\x80"), -1);                 /* a lone continuation byte */
	INT_EQ(one("\xE2\x82"), -1);             /* cut short */
	INT_EQ(one("\xE2\x28\xA1"), -1);         /* not a continuation */
}

static void encode(void)
{
	unsigned char b[4];
	INT_EQ(utf_put16le(b, 0x41), 2);
	OK(b[0] == 0x41 && b[1] == 0);
	INT_EQ(utf_put16le(b, 0x20AC), 2);
	OK(b[0] == 0xAC && b[1] == 0x20);
	INT_EQ(utf_put16le(b, 0x1F600), 4);      /* D83D DE00 */
	OK(b[0] == 0x3D && b[1] == 0xD8 && b[2] == 0x00 && b[3] == 0xDE);
	INT_EQ(utf_put16le(b, 0x10FFFF), 4);     /* DBFF DFFF */
	OK(b[0] == 0xFF && b[1] == 0xDB && b[2] == 0xFF && b[3] == 0xDF);
}

static void strings(void)
{
	struct strbuf sb = STRBUF_INIT;
	INT_EQ(resources_utf16("a\xC3\xA9\xF0\x9F\x98\x80", &sb), 0);
	INT_EQ(sb.len, 2 + 2 + 4);
	OK(memcmp(sb.buf, "a\0\xE9\0\x3D\xD8\x00\xDE", 8) == 0);
	strbuf_reset(&sb);
	INT_EQ(resources_utf16("ok\xFF", &sb), -1);
	strbuf_reset(&sb);
	INT_EQ(resources_utf16("", &sb), 0);
	INT_EQ(sb.len, 0);
	STR_EQ(strbuf_str(&sb), "");             /* still a valid, empty buffer */
	/* longer than one 64 KiB chunk of units */
	char *big = xmalloc(100001);
	memset(big, 'x', 100000);
	big[100000] = '\0';
	strbuf_reset(&sb);
	INT_EQ(resources_utf16(big, &sb), 0);
	INT_EQ(sb.len, 200000);
	OK(sb.buf[199998] == 'x' && sb.buf[199999] == 0);
	free(big);
	strbuf_release(&sb);
}

/* gunzip of gz[0..n) with zlib (which checks the CRC-32 and ISIZE). */
static int gunzip(const unsigned char *gz, size_t n, struct strbuf *out)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return -1;
	zs.next_in = (unsigned char *)gz;
	zs.avail_in = (uInt)n;
	int rc;
	do {
		strbuf_grow(out, 1 << 16);
		zs.next_out = (unsigned char *)out->buf + out->len;
		zs.avail_out = (uInt)(out->cap - out->len - 1);
		uInt room = zs.avail_out;
		rc = inflate(&zs, Z_NO_FLUSH);
		out->len += room - zs.avail_out;
	} while (rc == Z_OK);
	inflateEnd(&zs);
	return rc == Z_STREAM_END && zs.avail_in == 0 ? 0 : -1;
}

static void payload(void)
{
	/* ASCII runs longer than a 64 KiB chunk of units, split by non-ASCII
	 * text at and around the chunk boundary */
	struct strbuf xml = STRBUF_INIT, units = STRBUF_INIT, gz = STRBUF_INIT, back = STRBUF_INIT;
	strbuf_adds(&xml, "\xEF\xBB\xBF<?xml version=\"1.0\"?>\r\n<M>");
	for (int i = 0; i < 70000; i++)
		strbuf_adds(&xml, i % 16381 == 0 ? "\xC3\xA9" : i % 9999 == 0 ? "\xF0\x9F\x98\x80" : "x");
	strbuf_adds(&xml, "</M>\n\n");
	size_t s, e;
	resources_mp_text(xml.buf, xml.len, &s, &e);
	char *text = xstrndup(xml.buf + s, e - s);
	INT_EQ(resources_utf16(text, &units), 0);
	INT_EQ(resources_mp_payload(xml.buf, xml.len, units.len, &gz), 0);
	OK(gz.len > 18 && memcmp(gz.buf, "\x1F\x8B\x08\0\0\0\0\0\0\0", 10) == 0);
	INT_EQ(gunzip((const unsigned char *)gz.buf, gz.len, &back), 0);
	INT_EQ(back.len, units.len);
	OK(back.len == units.len && memcmp(back.buf, units.buf, units.len) == 0);
	/* the same bytes again; one unit over the limit is refused */
	struct strbuf again = STRBUF_INIT, over = STRBUF_INIT;
	INT_EQ(resources_mp_payload(xml.buf, xml.len, units.len, &again), 0);
	OK(again.len == gz.len && memcmp(again.buf, gz.buf, gz.len) == 0);
	INT_EQ(resources_mp_payload(xml.buf, xml.len, units.len - 2, &over), -1);
	/* and back to UTF-8: the fast path and the rest agree with the text */
	char *u8;
	size_t u8len, at;
	INT_EQ(utf_from16((const unsigned char *)units.buf, units.len, false, &u8, &u8len, &at), UTF_OK);
	OK(u8len == e - s && memcmp(u8, text, u8len) == 0);
	free(u8);
	INT_EQ(utf_from16((const unsigned char *)"a\0\0\0", 4, false, &u8, &u8len, &at), UTF_NUL);
	INT_EQ(at, 1);
	INT_EQ(utf_from16((const unsigned char *)"\0a\0\x7F", 4, true, &u8, &u8len, &at), UTF_OK);
	OK(u8len == 2 && memcmp(u8, "a\x7F", 2) == 0);
	free(u8);
	/* an empty pack still makes a valid gzip member */
	strbuf_reset(&gz);
	strbuf_reset(&back);
	INT_EQ(resources_mp_payload("<?xml version=\"1.0\"?>\n", 22, 16, &gz), 0);
	INT_EQ(gunzip((const unsigned char *)gz.buf, gz.len, &back), 0);
	INT_EQ(back.len, 0);
	free(text);
	strbuf_release(&xml);
	strbuf_release(&units);
	strbuf_release(&gz);
	strbuf_release(&back);
	strbuf_release(&again);
	strbuf_release(&over);
}

int main(void)
{
	decode();
	encode();
	strings();
	payload();
	return harness_done("utf8to16 (utf_next8, utf_put16le, resources_utf16, resources_mp_payload, "
			    "utf_from16)");
}
