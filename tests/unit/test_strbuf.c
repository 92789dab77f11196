/*
 * test_strbuf.c - strbuf: growth, NUL termination, printf, UTF-8, detach.
 */
#include "strbuf.h"
#include "harness.h"

static void basics(void)
{
	struct strbuf sb = STRBUF_INIT;
	STR_EQ(strbuf_str(&sb), ""); /* never grown: still a valid string */
	INT_EQ(sb.len, 0);
	strbuf_adds(&sb, "abc");
	strbuf_addc(&sb, '-');
	strbuf_add(&sb, "xyz123", 3);
	STR_EQ(sb.buf, "abc-xyz");
	INT_EQ(sb.len, 7);
	strbuf_addf(&sb, "%d:%s:%04x", 42, "ok", 255);
	STR_EQ(sb.buf, "abc-xyz42:ok:00ff");
	strbuf_reset(&sb);
	INT_EQ(sb.len, 0);
	STR_EQ(strbuf_str(&sb), "");
	strbuf_release(&sb);
	OK(sb.buf == NULL);
	strbuf_release(&sb); /* twice is fine */
}

static void growth(void)
{
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < 10000; i++)
		strbuf_addc(&sb, (char)('a' + i % 26));
	INT_EQ(sb.len, 10000);
	INT_EQ(strlen(sb.buf), 10000);
	OK(sb.cap > sb.len);
	INT_EQ(sb.buf[9999], 'a' + 9999 % 26);
	/* a formatted string longer than any small internal buffer */
	strbuf_reset(&sb);
	char big[3000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addf(&sb, "<%s>", big);
	INT_EQ(sb.len, sizeof(big) + 1);
	INT_EQ(sb.buf[sb.len - 1], '>');
	strbuf_release(&sb);
}

static void utf8(void)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add_utf8(&sb, 'A');
	strbuf_add_utf8(&sb, 0xE9);    /* é */
	strbuf_add_utf8(&sb, 0x20AC);  /* € */
	strbuf_add_utf8(&sb, 0x1F600); /* 😀 */
	STR_EQ(sb.buf, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
	INT_EQ(sb.len, 10);
	strbuf_release(&sb);
}

static void detach(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;
	char *empty = strbuf_detach(&sb, &len);
	OK(empty != NULL);
	STR_EQ(empty, "");
	INT_EQ(len, 0);
	free(empty);
	strbuf_adds(&sb, "owned");
	char *s = strbuf_detach(&sb, &len);
	STR_EQ(s, "owned");
	INT_EQ(len, 5);
	OK(sb.buf == NULL && sb.len == 0);
	free(s);
	strbuf_adds(&sb, "reused");
	STR_EQ(sb.buf, "reused");
	strbuf_release(&sb);
}

int main(void)
{
	basics();
	growth();
	utf8();
	detach();
	return harness_done("test_strbuf");
}
