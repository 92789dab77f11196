/*
 * test_utf8to16.c - utf_next8() and utf_put16le() (utf.c), the UTF-8 ->
 * UTF-16LE path of sealed packs, and resources_utf16() built on them:
 * every length of sequence, the boundaries, and each kind of bad input.
 */
#include "base.h"
#include "resources_write.h"
#include "utf.h"
#include "harness.h"

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

int main(void)
{
	decode();
	encode();
	strings();
	return harness_done("utf8to16 (utf_next8, utf_put16le, resources_utf16)");
}
