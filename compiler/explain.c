/*
 * explain.c - `scomc --explain ID` (rustc --explain): prints one entry of
 * diag_explain.def for a reader at a terminal: prose wrapped at 76
 * columns, the example indented as code.
 */
#include "explain.h"

#include <ctype.h>

#include "diag.h"

enum { WIDTH = 76 };

/* Writes lead then text, wrapped at WIDTH columns (words are not split). */
static void wrap(FILE *out, const char *lead, const char *text)
{
	fputs(lead, out);
	size_t col = strlen(lead);
	for (const char *p = text; *p;) {
		p += strspn(p, " ");
		size_t n = strcspn(p, " ");
		if (n == 0)
			break;
		if (col > 0 && col + 1 + n > WIDTH) {
			fputc('\n', out);
			col = 0;
		} else if (col > 0) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, n, out);
		col += n;
		p += n;
	}
	fputc('\n', out);
}

static void example_lines(FILE *out, const char *example)
{
	for (const char *p = example; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(out, "    %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
}

int explain_print(FILE *out, FILE *err, const char *id)
{
	char up[16];
	size_t n = 0;
	for (; id[n] && n + 1 < sizeof(up); n++)
		up[n] = (char)toupper((unsigned char)id[n]);
	up[n] = '\0';
	const char *example, *fix, *title = id[n] ? NULL : diag_title(up);
	const char *meaning = title ? diag_explain(up, &example, &fix) : NULL;
	if (!meaning) {
		fprintf(err, "scomc: unknown diagnostic ID '%s'\n"
			     "Try 'scomc --help' for more information.\n",
			id);
		return EXIT_USAGE;
	}
	fprintf(out, "%s: %s\n\n", up, title);
	wrap(out, "", meaning);
	fputs("\nExample:\n\n", out);
	example_lines(out, example);
	fputc('\n', out);
	wrap(out, "Fix:", fix);
	return EXIT_OK;
}
