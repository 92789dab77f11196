/*
 * test_diag.c - the diagnostic sink and its text formatter: the place, the
 * source line with its gutter, the caret under the right column with tabs
 * and multibyte text, hints, notes, file-only and environment errors,
 * --no-caret, --max-errors, -q, ordering, and the JSON columns.
 */
#include "diag.h"
#include "source.h"
#include "harness.h"

static char *buf;
static size_t buflen;

/* Text output of the sink (sorted), in a static buffer. */
static const char *text(struct diag_sink *s, bool no_caret)
{
	free(buf);
	FILE *f = open_memstream(&buf, &buflen);
	diag_sort(s);
	diag_print_text(s, f, no_caret);
	fclose(f);
	return buf;
}

static struct loc span(struct source *src, const char *needle, size_t len)
{
	const char *p = strstr(src->data, needle);
	return (struct loc){ src, p ? (size_t)(p - src->data) : 0, len };
}

static void caret_plain(void)
{
	struct source src;
	const char *t = "pack P {\n  type Warnig\n}\n";
	source_init_mem(&src, "p.alert", t, strlen(t));
	struct diag_sink s;
	diag_sink_init(&s, 20);
	OK(diag_error(&s, span(&src, "Warnig", 6), "E305", "unknown alert type '%s'", "Warnig") == -1);
	diag_hint(&s, "did you mean '%s'?", "Warning");
	STR_EQ(text(&s, false),
	       "p.alert:2:8: error: unknown alert type 'Warnig' [E305]\n"
	       "    2 |   type Warnig\n"
	       "      |        ^~~~~~\n"
	       "      = hint: did you mean 'Warning'?\n");
	STR_EQ(text(&s, true),
	       "p.alert:2:8: error: unknown alert type 'Warnig' [E305]\n"
	       "hint: did you mean 'Warning'?\n");
	INT_EQ(s.errors, 1);
	diag_sink_release(&s);
	source_release(&src);
}

static void caret_tabs_crlf(void)
{
	struct source src;
	const char *t = "pack P {\r\n\t\ttype\tWarnig\r\n}\r\n";
	source_init_mem(&src, "t.alert", t, strlen(t));
	struct diag_sink s;
	diag_sink_init(&s, 20);
	diag_error(&s, span(&src, "Warnig", 6), "E305", "bad");
	/* column 8: tab, tab, t, y, p, e, tab = 7 code points before it; the
	 * caret line repeats the tabs so it lines up in any tab width */
	STR_EQ(text(&s, false),
	       "t.alert:2:8: error: bad [E305]\n"
	       "    2 | \t\ttype\tWarnig\n"
	       "      | \t\t    \t^~~~~~\n");
	diag_sink_release(&s);
	source_release(&src);
}

static void caret_multibyte(void)
{
	struct source src;
	/* BOM; "é€😀" are 3 code points but 9 bytes */
	const char *t = "\xEF\xBB\xBFtitle \"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\" type Eror\n";
	source_init_mem(&src, "u.alert", t, strlen(t));
	struct diag_sink s;
	diag_sink_init(&s, 20);
	diag_error(&s, span(&src, "Eror", 4), "E305", "bad");
	diag_error(&s, span(&src, "\xE2\x82\xAC", 7), "E310", "wide");
	STR_EQ(text(&s, false),
	       "u.alert:1:9: error: wide [E310]\n"
	       "    1 | title \"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\" type Eror\n"
	       "      |         ^~\n"
	       "u.alert:1:18: error: bad [E305]\n"
	       "    1 | title \"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\" type Eror\n"
	       "      |                  ^~~~\n");
	diag_sink_release(&s);
	source_release(&src);
}

static void notes_file_env(void)
{
	struct source src;
	const char *t = "a\nb\n";
	source_init_mem(&src, "n.alert", t, strlen(t));
	struct diag_sink s;
	diag_sink_init(&s, 20);
	diag_error(&s, (struct loc){ &src, 2, 1 }, "E207", "'b' given twice");
	diag_note(&s, (struct loc){ &src, 0, 1 }, "first given here");
	diag_file_error(&s, &src, "E101", "input larger than %d bytes", 16);
	diag_env_error(&s, "E501", "cannot open '%s'", "x.alert");
	OK(s.env_error);
	STR_EQ(text(&s, false),
	       "n.alert: error: input larger than 16 bytes [E101]\n"
	       "n.alert:2:1: error: 'b' given twice [E207]\n"
	       "    2 | b\n"
	       "      | ^\n"
	       "n.alert:1:1: note: first given here\n"
	       "    1 | a\n"
	       "      | ^\n"
	       "scomc: error: cannot open 'x.alert' [E501]\n");
	diag_sink_release(&s);
	source_release(&src);
}

static void limits(void)
{
	struct source src;
	const char *t = "x\n";
	source_init_mem(&src, "m.alert", t, strlen(t));
	struct diag_sink s;
	diag_sink_init(&s, 2);
	s.quiet = true;
	diag_warning(&s, (struct loc){ &src, 0, 1 }, "W301", "dropped by -q");
	for (int i = 0; i < 5; i++)
		diag_error(&s, (struct loc){ &src, 0, 1 }, "E201", "error %d", i);
	OK(diag_full(&s));
	OK(s.truncated);
	INT_EQ(s.errors, 2);
	INT_EQ(s.warnings, 0);
	INT_EQ(s.n, 2);
	diag_hint(&s, "not attached to a dropped error");
	const char *out = text(&s, true);
	STR_EQ(out,
	       "m.alert:1:1: error: error 0 [E201]\n"
	       "m.alert:1:1: error: error 1 [E201]\n"
	       "scomc: too many errors (2), stopping\n");
	diag_sink_release(&s);
	source_release(&src);
}

static void long_lines_and_gutter(void)
{
	size_t n = 0, cap = 120000 * 2 + 250;
	char *big = malloc(cap);
	for (int i = 0; i < 120000; i++) { /* 120000 lines "x\n" */
		big[n++] = 'x';
		big[n++] = '\n';
	}
	memset(big + n, 'y', 250); /* line 120001: 250 bytes */
	n += 250;
	struct source src;
	source_init_mem(&src, "g.alert", big, n);
	free(big);
	struct diag_sink s;
	diag_sink_init(&s, 20);
	diag_error(&s, (struct loc){ &src, 240000 + 3, 2 }, "E201", "deep");
	const char *out = text(&s, false);
	/* a six-digit line number widens the gutter and both lines align;
	 * the line is cut at 200 bytes */
	static const char head[] = "g.alert:120001:4: error: deep [E201]\n120001 | yyy";
	OK(strncmp(out, head, sizeof(head) - 1) == 0);
	OK(strstr(out, "yyy ...\n       |    ^~\n") != NULL);
	diag_sink_release(&s);
	source_release(&src);
}

static void order_titles_json(void)
{
	struct source a, b;
	source_init_mem(&a, "a.alert", "one\ntwo\n", 8);
	source_init_mem(&b, "b.alert", "\xC3\xA9x\n", 4);
	struct diag_sink s;
	diag_sink_init(&s, 0); /* 0 = no limit */
	diag_error(&s, (struct loc){ &a, 4, 3 }, "E201", "second");
	diag_warning(&s, (struct loc){ &a, 0, 3 }, "W301", "first");
	diag_error(&s, (struct loc){ &b, 2, 1 }, "E201", "third");
	const char *out = text(&s, true);
	OK(strstr(out, "first") < strstr(out, "second"));
	OK(strstr(out, "second") < strstr(out, "third"));
	OK(strstr(out, "b.alert:1:2:") != NULL); /* after 'é': column 2 */
	STR_EQ(diag_title("E305"), "unknown alert type");
	STR_EQ(diag_title("W304"), "alert suppression turned off");
	OK(diag_title("E999") == NULL);
	free(buf);
	FILE *f = open_memstream(&buf, &buflen);
	INT_EQ(diag_write_json(&s, f), 0);
	fclose(f);
	OK(strstr(buf, "\"column\": 2") != NULL);
	OK(strstr(buf, "\"endColumn\": 3") != NULL);
	OK(strstr(buf, "\"errors\": 2") != NULL);
	OK(strstr(buf, "\"warnings\": 1") != NULL);
	free(buf);
	f = open_memstream(&buf, &buflen);
	INT_EQ(diag_write_sarif(&s, f, "9.9.9"), 0);
	fclose(f);
	OK(strstr(buf, "\"columnKind\": \"unicodeCodePoints\"") != NULL);
	OK(strstr(buf, "\"ruleId\": \"W301\"") != NULL);
	OK(strstr(buf, "\"version\": \"9.9.9\"") != NULL);
	diag_sink_release(&s);
	source_release(&a);
	source_release(&b);
}

int main(void)
{
	caret_plain();
	caret_tabs_crlf();
	caret_multibyte();
	notes_file_env();
	limits();
	long_lines_and_gutter();
	order_titles_json();
	free(buf);
	return harness_done("test_diag");
}
