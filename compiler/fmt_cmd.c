/*
 * fmt_cmd.c - `scomc fmt`: reads each file, lays it out with fmt_source(),
 * and rewrites it (atomically, through out.c, only when it changed), or
 * shows the unified diff (--diff, --check). Sources are kept until the
 * diagnostics are written, since diagnostics point into them.
 */
#include "fmt_cmd.h"

#include <libgen.h>

#include "cli.h"
#include "fmt.h"
#include "out.h"
#include "source.h"
#include "strbuf.h"
#include "textdiff.h"

const char fmt_usage[] =
	"Usage: scomc fmt [--check] [--diff] [OPTION]... FILE...\n"
	"Rewrite .alert files in the canonical layout: two spaces per block,\n"
	"one statement per line, aligned values and table columns, text blocks\n"
	"indented under their statement, every comment kept. The compiled pack\n"
	"is the same before and after. '-' reads standard input and writes the\n"
	"result to standard output.\n"
	"\n"
	"      --check              change nothing; show the diff of each file that\n"
	"                           is not formatted and exit 1 if there is one\n"
	"      --diff               change nothing; show the diff (exit 0)\n"
	"      --diagnostics-format=FORMAT  text (default), json or sarif; with\n"
	"                           --check or --diff they need --diagnostics-output\n"
	"      --diagnostics-output=FILE    write diagnostics to FILE\n"
	"      --color=WHEN         colour diagnostics: auto, always or never\n"
	"  -q, --quiet              do not report warnings\n"
	"  -h, --help               show this help and exit\n"
	"\n"
	"A file with syntax errors is reported and left unchanged.\n"
	"Exit status: 0 done (or, with --check, every file is formatted), 1 a file\n"
	"is not formatted (--check) or has errors, 2 usage error, 3 I/O error.\n";

struct run {
	struct cli *c;
	struct diag_sink sink;
	struct source **srcs;
	size_t nsrcs;
	unsigned changed;
};

static struct source *load(struct run *r, const char *path)
{
	struct source *src = xcalloc(1, sizeof(*src));
	r->srcs = xrealloc(r->srcs, (r->nsrcs + 1) * sizeof(*r->srcs));
	r->srcs[r->nsrcs++] = src;
	struct strbuf err = STRBUF_INIT;
	enum source_status st = source_load(src, path, SOURCE_INPUT_LIMIT, &err);
	if (st == SOURCE_IO)
		diag_env_file_error(&r->sink, path, "E501", "%s", err.buf);
	else if (st == SOURCE_TOO_BIG)
		diag_file_error(&r->sink, src, "E101", "input larger than %d bytes", SOURCE_INPUT_LIMIT);
	strbuf_release(&err);
	return st == SOURCE_OK ? src : NULL;
}

/* Replaces path by text[0..len) with one rename (out.c stages it beside). */
static void rewrite(struct run *r, const char *path, const char *text, size_t len)
{
	char *d = xstrdup(path), *b = xstrdup(path);
	struct out o;
	out_init(&o, dirname(d));
	if (out_write(&o, basename(b), text, len, &r->sink) == 0)
		out_commit(&o, &r->sink);
	else
		out_abort(&o);
	out_release(&o);
	free(d);
	free(b);
}

static void fmt_file(struct run *r, const char *path)
{
	struct source *src = load(r, path);
	if (!src)
		return;
	struct strbuf text = STRBUF_INIT;
	bool show = r->c->arg[CLI_CHECK] || r->c->arg[CLI_DIFF];
	if (fmt_source(src, &text, &r->sink) == 0) {
		bool same = text.len == src->len && memcmp(strbuf_str(&text), src->data, src->len) == 0;
		r->changed += !same;
		if (show) {
			struct strbuf diff = STRBUF_INIT;
			textdiff_unified(&diff, path, src->data, src->len, strbuf_str(&text), text.len);
			fwrite(strbuf_str(&diff), 1, diff.len, stdout);
			strbuf_release(&diff);
		} else if (strcmp(path, "-") == 0) {
			fwrite(strbuf_str(&text), 1, text.len, stdout);
		} else if (!same) {
			rewrite(r, path, strbuf_str(&text), text.len);
		}
	}
	strbuf_release(&text);
}

int fmt_main(struct cli *c)
{
	bool show = c->arg[CLI_CHECK] || c->arg[CLI_DIFF];
	if (show && c->format != FORMAT_TEXT && !c->diag_output)
		return cli_usage(c, "--check and --diff print the diff on standard output; "
				    "add --diagnostics-output=FILE for json or sarif",
				 NULL);
	struct run r = { .c = c };
	cli_sink_init(c, &r.sink);
	for (int i = 0; i < c->nfiles; i++)
		fmt_file(&r, c->files[i]);
	if (c->arg[CLI_CHECK] && r.changed && c->format == FORMAT_TEXT)
		fprintf(stderr, "scomc fmt: %u of %d file%s not formatted (run 'scomc fmt FILE...')\n",
			r.changed, c->nfiles, c->nfiles == 1 ? " is" : "s are");
	int code = cli_finish(c, &r.sink, NULL, false);
	diag_sink_release(&r.sink);
	if (code == EXIT_OK && c->arg[CLI_CHECK] && r.changed)
		code = EXIT_INPUT;
	for (size_t i = 0; i < r.nsrcs; i++) {
		source_release(r.srcs[i]);
		free(r.srcs[i]);
	}
	free(r.srcs);
	return code;
}
