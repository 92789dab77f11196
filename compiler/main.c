/*
 * main.c - argv -> struct options -> driver_run(). Nothing else.
 */
#include <getopt.h>

#include <cmark.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxslt/xsltconfig.h>

#include "base.h"
#include "commands.h"
#include "driver.h"
#include "version.h"
#include "xmlenv.h"

static const char usage_text[] =
	"Usage: scomc [OPTION]... FILE...\n"
	"       scomc check [OPTION]... FILE...\n"
	"Compile alert definitions (.alert, or model XML) into System Center\n"
	"Operations Manager management pack XML and HTML knowledge pages.\n"
	"\n"
	"Commands:\n"
	"  (none)                   compile FILEs into the output directory\n"
	"  check                    validate FILEs only; write nothing\n"
	"  verify                   check existing management packs (XML or sealed .mp)\n"
	"  unseal                   extract the XML of sealed .mp files\n"
	"  decompile                turn a pack's event alert rules back into .alert\n"
	"                           ('scomc COMMAND --help'; docs/verify.md)\n"
	"\n"
	"Output:\n"
	"  -o, --output=DIR         write outputs into DIR (default: .); '-' writes\n"
	"                           the single requested artifact to stdout\n"
	"  -t, --target=TARGET      2007r2 (schema 1.0, 2007 R2 and later) or 2012\n"
	"                           (schema 2.0); default: the pack's own target\n"
	"      --emit=LIST          comma-separated: mp, docs, model (default: mp,docs)\n"
	"      --no-validate-output do not validate the generated MP against its schema\n"
	"      --schema-dir=DIR     schemas (default: $SCOMC_SCHEMA_DIR, then installed)\n"
	"      --template-dir=DIR   templates (default: $SCOMC_TEMPLATE_DIR, then installed)\n"
	"\n"
	"Diagnostics:\n"
	"      --diagnostics-format=FORMAT  text (default), json or sarif (SARIF 2.1.0)\n"
	"      --diagnostics-output=FILE    write diagnostics to FILE\n"
	"      --max-errors=N       stop after N errors (default 20, 0 = no limit)\n"
	"      --werror             treat warnings as errors\n"
	"      --no-caret           do not show the source line and caret\n"
	"  -q, --quiet              do not report warnings\n"
	"      --dump-tokens        print the tokens of .alert inputs (debugging)\n"
	"\n"
	"  -h, --help               show this help and exit\n"
	"  -V, --version            show the version and exit\n"
	"\n"
	"Outputs in DIR: <pack id>.xml (management pack), <pack id>.alertdef.xml\n"
	"(model), docs/ (site: index.html, <pack id>/*.html, search.json).\n"
	"Nothing is written unless every input compiles.\n"
	"\n"
	"Exit status:\n"
	"  0  success (warnings allowed unless --werror)\n"
	"  1  the input has errors\n"
	"  2  usage error\n"
	"  3  I/O or environment error (unreadable input, unwritable output,\n"
	"     missing or broken schema or template)\n"
	"  4  internal error\n"
	"\n"
	"Language reference: docs/language.md; manual: scomc(1).\n";

static int usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "scomc: %s%s%s%s", what, arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
	fputs("\nTry 'scomc --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

static int parse_emit(const char *list, unsigned *out)
{
	*out = 0;
	char *copy = xstrdup(list), *save = NULL;
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "mp") || !strcmp(w, "xml"))
			*out |= EMIT_MP;
		else if (!strcmp(w, "docs") || !strcmp(w, "html"))
			*out |= EMIT_DOCS;
		else if (!strcmp(w, "model"))
			*out |= EMIT_MODEL;
		else {
			free(copy);
			return -1;
		}
	}
	free(copy);
	return *out ? 0 : -1;
}

enum {
	OPT_EMIT = 256, OPT_FORMAT, OPT_DIAG_OUT, OPT_MAX_ERRORS, OPT_WERROR, OPT_NO_CARET,
	OPT_SCHEMA_DIR, OPT_TEMPLATE_DIR, OPT_NO_VALIDATE, OPT_DUMP_TOKENS
};

static const struct option longopts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "target", required_argument, NULL, 't' },
	{ "emit", required_argument, NULL, OPT_EMIT },
	{ "diagnostics-format", required_argument, NULL, OPT_FORMAT },
	{ "diagnostics-output", required_argument, NULL, OPT_DIAG_OUT },
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
	{ "werror", no_argument, NULL, OPT_WERROR },
	{ "no-caret", no_argument, NULL, OPT_NO_CARET },
	{ "schema-dir", required_argument, NULL, OPT_SCHEMA_DIR },
	{ "template-dir", required_argument, NULL, OPT_TEMPLATE_DIR },
	{ "no-validate-output", no_argument, NULL, OPT_NO_VALIDATE },
	{ "dump-tokens", no_argument, NULL, OPT_DUMP_TOKENS },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Returns -1 to go on, or an exit code. */
static int option(struct options *o, int c, const char *arg)
{
	char *end;
	switch (c) {
	case 'o': o->out_dir = arg; return -1;
	case 't':
		if (!strcmp(arg, "2007r2")) o->target = TARGET_2007R2;
		else if (!strcmp(arg, "2012")) o->target = TARGET_2012;
		else return usage_error("unknown target (use 2007r2 or 2012):", arg);
		return -1;
	case OPT_EMIT:
		return parse_emit(arg, &o->emit) ? usage_error("bad --emit list (use mp, docs, model):", arg) : -1;
	case OPT_FORMAT:
		if (!strcmp(arg, "text")) o->format = FORMAT_TEXT;
		else if (!strcmp(arg, "json")) o->format = FORMAT_JSON;
		else if (!strcmp(arg, "sarif")) o->format = FORMAT_SARIF;
		else return usage_error("unknown diagnostics format (use text, json or sarif):", arg);
		return -1;
	case OPT_DIAG_OUT: o->diag_output = arg; return -1;
	case OPT_MAX_ERRORS: {
		unsigned long n = strtoul(arg, &end, 10);
		if (!*arg || *end || n > 100000 || *arg == '-')
			return usage_error("bad --max-errors value", arg);
		o->max_errors = (unsigned)n;
		return -1;
	}
	case OPT_WERROR: o->werror = true; return -1;
	case OPT_NO_CARET: o->no_caret = true; return -1;
	case OPT_SCHEMA_DIR: o->schema_dir = arg; return -1;
	case OPT_TEMPLATE_DIR: o->template_dir = arg; return -1;
	case OPT_NO_VALIDATE: o->no_validate_output = true; return -1;
	case OPT_DUMP_TOKENS: o->dump_tokens = true; return -1;
	case 'q': o->quiet = true; return -1;
	case 'h': fputs(usage_text, stdout); return EXIT_OK;
	case 'V':
		printf("scomc %s\nlibxml2 %s, libxslt %s, jansson %s, cmark %s\n", SCOMC_VERSION,
		       LIBXML_DOTTED_VERSION, LIBXSLT_DOTTED_VERSION, JANSSON_VERSION,
		       cmark_version_string());
		return EXIT_OK;
	default:
		fputs("Try 'scomc --help' for more information.\n", stderr);
		return EXIT_USAGE;
	}
}

static int parse_args(struct options *o, int argc, char **argv)
{
	int c, rc;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "o:t:qhV", longopts, NULL)) != -1)
		if ((rc = option(o, c, optarg)) >= 0)
			return rc;
	if (!o->emit) /* "-o -" means the MP on stdout; else MP and site */
		o->emit = strcmp(o->out_dir, "-") == 0 ? EMIT_MP : EMIT_MP | EMIT_DOCS;
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (o->nfiles == 0)
		return usage_error("no input files", NULL);
	if (strcmp(o->out_dir, "-") == 0 && (o->nfiles != 1 || (o->emit != EMIT_MP && o->emit != EMIT_MODEL)))
		return usage_error("'-o -' needs one input and --emit=mp or --emit=model", NULL);
	return -1;
}

int main(int argc, char **argv)
{
	LIBXML_TEST_VERSION
	struct options o = { .out_dir = ".", .emit = 0, .max_errors = 20,
			     .argv0 = argv[0] };
	int (*command)(int, char **) = commands_find(argc > 1 ? argv[1] : NULL);
	if (command) {
		xmlenv_init();
		int code = command(argc - 1, argv + 1);
		xmlenv_cleanup();
		return code;
	}
	if (argc > 1 && strcmp(argv[1], "check") == 0) {
		o.check_only = true;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	int rc = parse_args(&o, argc, argv);
	if (rc >= 0)
		return rc;
	xmlenv_init();
	rc = driver_run(&o);
	xmlenv_cleanup();
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc != EXIT_ENV) {
		fputs("scomc: error: cannot write to standard output [E502]\n", stderr);
		rc = EXIT_ENV;
	}
	return rc;
}
