/*
 * test_source.c - the line map: offsets -> 1-based line and code-point
 * column with LF, CRLF, tabs, a BOM, multibyte UTF-8 and no final newline;
 * source_line() without CR/LF; loading files and stdin-less errors.
 */
#include "source.h"
#include "strbuf.h"
#include "harness.h"

#include <unistd.h>

static unsigned L, C;
static void at(struct source *s, size_t off) { source_linecol(s, off, &L, &C); }

static void lf_and_tabs(void)
{
	struct source s;
	const char *text = "ab\n\tcd\n\n";
	source_init_mem(&s, "t.alert", text, strlen(text));
	at(&s, 0); INT_EQ(L, 1); INT_EQ(C, 1);
	at(&s, 1); INT_EQ(L, 1); INT_EQ(C, 2);
	at(&s, 2); INT_EQ(L, 1); INT_EQ(C, 3);   /* the newline itself */
	at(&s, 3); INT_EQ(L, 2); INT_EQ(C, 1);   /* the tab */
	at(&s, 4); INT_EQ(L, 2); INT_EQ(C, 2);   /* a tab is one column */
	at(&s, 7); INT_EQ(L, 3); INT_EQ(C, 1);
	INT_EQ(source_line_count(&s), 3);        /* a final LF adds no line */
	at(&s, 1000); INT_EQ(L, 3);              /* clamped to the end */
	size_t start, len;
	OK(source_line(&s, 2, &start, &len));
	INT_EQ(start, 3); INT_EQ(len, 3);
	OK(source_line(&s, 3, &start, &len));
	INT_EQ(len, 0);
	OK(!source_line(&s, 0, &start, &len));
	OK(!source_line(&s, 4, &start, &len));
	STR_EQ(s.path, "t.alert");
	source_release(&s);
}

static void crlf(void)
{
	struct source s;
	const char *text = "pack P {\r\n\ttype\tWarnig\r\n}";
	source_init_mem(&s, "c.alert", text, strlen(text));
	size_t w = (size_t)(strstr(text, "Warnig") - text);
	at(&s, w); INT_EQ(L, 2); INT_EQ(C, 7);
	size_t start, len;
	OK(source_line(&s, 1, &start, &len));
	INT_EQ(len, 8);                          /* without \r\n */
	OK(source_line(&s, 2, &start, &len));
	INT_EQ(len, 12);
	OK(memcmp(s.data + start, "\ttype\tWarnig", 12) == 0);
	OK(source_line(&s, 3, &start, &len));    /* no final newline */
	INT_EQ(len, 1);
	INT_EQ(source_line_count(&s), 3);
	source_release(&s);
}

static void bom_and_utf8(void)
{
	struct source s;
	/* BOM, then "é€😀x" on line 1: 2 + 3 + 4 + 1 bytes */
	const char *text = "\xEF\xBB\xBF\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80x\nz";
	source_init_mem(&s, "u.alert", text, strlen(text));
	INT_EQ(s.bom, 3);
	at(&s, 0); INT_EQ(L, 1); INT_EQ(C, 1);   /* inside the BOM: column 1 */
	at(&s, 3); INT_EQ(L, 1); INT_EQ(C, 1);   /* é */
	at(&s, 5); INT_EQ(C, 2);                 /* € */
	at(&s, 8); INT_EQ(C, 3);                 /* 😀 */
	at(&s, 12); INT_EQ(C, 4);                /* x: code points, not bytes */
	at(&s, 14); INT_EQ(L, 2); INT_EQ(C, 1);
	size_t start, len;
	OK(source_line(&s, 1, &start, &len));
	INT_EQ(start, 3);                        /* the BOM is not shown */
	INT_EQ(len, 10);
	source_release(&s);
	source_init_mem(&s, "n.alert", "\xEF\xBB", 2); /* half a BOM is data */
	INT_EQ(s.bom, 0);
	source_release(&s);
}

static void empty(void)
{
	struct source s;
	source_init_mem(&s, "e.alert", "", 0);
	at(&s, 0); INT_EQ(L, 1); INT_EQ(C, 1);
	INT_EQ(source_line_count(&s), 1);
	size_t start, len;
	OK(source_line(&s, 1, &start, &len));
	INT_EQ(len, 0);
	STR_EQ(s.data, "");
	source_release(&s);
	source_release(NULL);
}

static void load(void)
{
	char path[] = "/tmp/scomc-unit-XXXXXX";
	int fd = mkstemp(path);
	OK(fd >= 0);
	OK(write(fd, "0123456789", 10) == 10);
	close(fd);
	struct source s;
	struct strbuf err = STRBUF_INIT;
	INT_EQ(source_load(&s, path, 100, &err), SOURCE_OK);
	INT_EQ(s.len, 10);
	STR_EQ(s.data, "0123456789");
	source_release(&s);
	INT_EQ(source_load(&s, path, 9, &err), SOURCE_TOO_BIG);
	source_release(&s);
	unlink(path);
	INT_EQ(source_load(&s, path, 100, &err), SOURCE_IO);
	OK(strstr(err.buf, path) != NULL);       /* the message names the file */
	source_release(&s);
	strbuf_release(&err);
}

int main(void)
{
	lf_and_tabs();
	crlf();
	bom_and_utf8();
	empty();
	load();
	return harness_done("test_source");
}
