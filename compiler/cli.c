/*
 * cli.c - the command layer (see cli.h): one getopt_long table for every
 * subcommand, data-directory lookup, diagnostics setup, and the one rule
 * for exit codes and committing outputs. The subcommands themselves are
 * listed in commands.c and live in their own files.
 */
#include "alloc.h"
#include "cli.h"

#include <getopt.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmark.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxslt/xsltconfig.h>

#include "explain.h"
#include "suggest.h"
#include "out.h"
#include "strbuf.h"
#include "version.h"
#include "xmlenv.h"
#include "xsd.h"

/* The union of every command's options. every: taken by all commands;
 * otherwise only by those whose cli_command.accept has CLI_BIT(opt). */
static const struct {
	const char *name;
	int has_arg;
	char short_name; /* 0: long only */
	bool every;
} options[CLI_NOPTS] = {
	[CLI_OUTPUT] = { "output", required_argument, 'o', false },
	[CLI_TARGET] = { "target", required_argument, 't', false },
	[CLI_EMIT] = { "emit", required_argument, 0, false },
	[CLI_NO_VALIDATE] = { "no-validate-output", no_argument, 0, false },
	[CLI_SCHEMA_DIR] = { "schema-dir", required_argument, 0, false },
	[CLI_TEMPLATE_DIR] = { "template-dir", required_argument, 0, false },
	[CLI_DUMP_TOKENS] = { "dump-tokens", no_argument, 0, false },
	[CLI_BASELINE] = { "baseline", required_argument, 0, false },
	[CLI_FORCE] = { "force", no_argument, 0, false },
	[CLI_CHECK] = { "check", no_argument, 0, false },
	[CLI_DIFF] = { "diff", no_argument, 0, false },
	[CLI_EXPLAIN] = { "explain", required_argument, 0, false },
	[CLI_UPGRADE] = { "upgrade", no_argument, 0, false },
	[CLI_REFERENCES] = { "references", required_argument, 0, false },
	[CLI_VERSION] = { "version", no_argument, 'V', false },
	[CLI_KEY] = { "key", required_argument, 0, false },
	[CLI_SEAL_KEY] = { "seal-key", required_argument, 0, false },
	[CLI_COMPANY] = { "company", required_argument, 0, false },
	[CLI_COPYRIGHT] = { "copyright", required_argument, 0, false },
	[CLI_DELAY_SIGN] = { "delay-sign", no_argument, 0, false },
	[CLI_FORMAT] = { "diagnostics-format", required_argument, 0, true },
	[CLI_DIAG_OUTPUT] = { "diagnostics-output", required_argument, 0, true },
	[CLI_MAX_ERRORS] = { "max-errors", required_argument, 0, true },
	[CLI_WERROR] = { "werror", no_argument, 0, true },
	[CLI_NO_CARET] = { "no-caret", no_argument, 0, true },
	[CLI_COLOR] = { "color", required_argument, 0, true },
	[CLI_QUIET] = { "quiet", no_argument, 'q', true },
	[CLI_HELP] = { "help", no_argument, 'h', true },
};

/* getopt_long returns 256 + opt for every long option. */
enum { LONG_BASE = 256 };

/* ---- messages ---- */

static const char *prog(const struct cli *c, const char **space)
{
	const char *name = c->cmd && *c->cmd->name ? c->cmd->name : "";
	*space = *name ? " " : "";
	return name;
}

int cli_usage(const struct cli *c, const char *what, const char *arg)
{
	const char *sp, *name = prog(c, &sp);
	fprintf(stderr, "scomc%s%s: %s%s%s%s\n", sp, name, what, arg ? " '" : "",
		arg ? arg : "", arg ? "'" : "");
	fprintf(stderr, "Try 'scomc%s%s --help' for more information.\n", sp, name);
	return EXIT_USAGE;
}

static void print_commands(void)
{
	fputs("Commands:\n", stdout);
	for (const struct cli_command *k = cli_commands; k->run; k++)
		printf("  %-24s %s\n", *k->name ? k->name : "(none)", k->summary);
	fputs("  ('scomc COMMAND --help' shows the options of a command)\n", stdout);
}

static int help(const struct cli *c)
{
	const char *u = c->cmd->usage, *mark = strstr(u, "@COMMANDS@\n");
	if (!mark) {
		fputs(u, stdout);
		return EXIT_OK;
	}
	fwrite(u, 1, (size_t)(mark - u), stdout);
	print_commands();
	fputs(mark + strlen("@COMMANDS@\n"), stdout);
	return EXIT_OK;
}

static int version(void)
{
	printf("scomc %s\nlibxml2 %s, libxslt %s, jansson %s, cmark %s, %s\n", SCOMC_VERSION,
	       LIBXML_DOTTED_VERSION, LIBXSLT_DOTTED_VERSION, JANSSON_VERSION,
	       cmark_version_string(), alloc_name());
	return EXIT_OK;
}

/* ---- parsing ---- */

static bool accepts(const struct cli_command *k, int opt)
{
	return options[opt].every || (k->accept & CLI_BIT(opt));
}

static void build_table(struct option *lo, char *shorts)
{
	char *s = shorts;
	*s++ = ':'; /* a missing argument returns ':' */
	for (int i = 0; i < CLI_NOPTS; i++) {
		lo[i] = (struct option){ options[i].name, options[i].has_arg, NULL, LONG_BASE + i };
		if (options[i].short_name) {
			*s++ = options[i].short_name;
			if (options[i].has_arg == required_argument)
				*s++ = ':';
		}
	}
	lo[CLI_NOPTS] = (struct option){ NULL, 0, NULL, 0 };
	*s = '\0';
}

static int short_to_opt(int ch)
{
	for (int i = 0; i < CLI_NOPTS; i++)
		if (options[i].short_name && options[i].short_name == ch)
			return i;
	return -1;
}

/* The option as the user wrote it, without "=value". */
static int bad_option(const struct cli *c, char **argv, const char *what)
{
	char buf[128];
	if (optopt && optopt < LONG_BASE) {
		snprintf(buf, sizeof(buf), "-%c", optopt);
	} else {
		const char *a = argv[optind - 1];
		size_t n = strcspn(a, "=");
		snprintf(buf, sizeof(buf), "%.*s", (int)MIN(n, sizeof(buf) - 1), a);
	}
	return cli_usage(c, what, buf);
}

static int not_here(const struct cli *c, int opt)
{
	char name[64];
	snprintf(name, sizeof(name), "--%s", options[opt].name);
	return cli_usage(c, "unknown option", name);
}

static int parse_format(struct cli *c, const char *arg)
{
	if (!strcmp(arg, "text"))
		c->format = FORMAT_TEXT;
	else if (!strcmp(arg, "json"))
		c->format = FORMAT_JSON;
	else if (!strcmp(arg, "sarif"))
		c->format = FORMAT_SARIF;
	else
		return cli_usage(c, "unknown diagnostics format (use text, json or sarif):", arg);
	return -1;
}

static int parse_max_errors(struct cli *c, const char *arg)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);
	if (!*arg || *end || n > 100000 || *arg == '-')
		return cli_usage(c, "bad --max-errors value", arg);
	c->max_errors = (unsigned)n;
	return -1;
}

static int parse_color(const struct cli *c, const char *arg)
{
	if (strcmp(arg, "auto") && strcmp(arg, "always") && strcmp(arg, "never"))
		return cli_usage(c, "unknown --color value (use auto, always or never):", arg);
	return -1;
}

/* One option: records it; returns -1 to go on, or an exit code. */
static int take(struct cli *c, int opt, const char *arg)
{
	if (!accepts(c->cmd, opt))
		return not_here(c, opt);
	arg = arg ? arg : ""; /* a flag */
	c->arg[opt] = arg;
	switch (opt) {
	case CLI_OUTPUT: c->out_dir = arg; return -1;
	case CLI_FORMAT: return parse_format(c, arg);
	case CLI_DIAG_OUTPUT: c->diag_output = arg; return -1;
	case CLI_MAX_ERRORS: return parse_max_errors(c, arg);
	case CLI_COLOR: return parse_color(c, arg);
	case CLI_WERROR: c->werror = true; return -1;
	case CLI_NO_CARET: c->no_caret = true; return -1;
	case CLI_QUIET: c->quiet = true; return -1;
	case CLI_HELP: return help(c);
	case CLI_VERSION: return version();
	case CLI_EXPLAIN: return explain_print(stdout, stderr, arg);
	case CLI_REFERENCES:
		c->references = xrealloc(c->references, (c->nreferences + 1) * sizeof(*c->references));
		c->references[c->nreferences++] = arg;
		return -1;
	default: return -1;
	}
}

/* Rules on the operands that hold for every command. */
static int check_operands(struct cli *c)
{
	unsigned flags = c->cmd->flags;
	if (c->nfiles == 0 && !(flags & CLI_FILES_OPTIONAL))
		return cli_usage(c, "no input files", NULL);
	if (!cli_to_stdout(c))
		return -1;
	if ((flags & CLI_STDOUT_ONE) && c->nfiles != 1)
		return cli_usage(c, "'-o -' needs exactly one input", NULL);
	if (c->format != FORMAT_TEXT && !c->diag_output)
		return cli_usage(c, c->format == FORMAT_JSON ? "'-o -' and --diagnostics-format=json both need standard output; "
							       "add --diagnostics-output=FILE"
							     : "'-o -' and --diagnostics-format=sarif both need standard output; "
							       "add --diagnostics-output=FILE",
				 NULL);
	return -1;
}

/* Parses argv (argv[0]: the program or the command name). Returns -1 to
 * go on, or an exit code (help shown, usage error reported). */
static int parse(struct cli *c, int argc, char **argv)
{
	struct option lo[CLI_NOPTS + 1];
	char shorts[2 * CLI_NOPTS + 2];
	build_table(lo, shorts);
	optind = 0; /* glibc: full reinitialisation */
	opterr = 0;
	int ch, rc;
	while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		if (ch == '?')
			return bad_option(c, argv, "unknown option");
		if (ch == ':')
			return bad_option(c, argv, "missing value for option");
		int opt = ch >= LONG_BASE ? ch - LONG_BASE : short_to_opt(ch);
		if (opt < 0 || opt >= CLI_NOPTS)
			BUG("getopt_long returned %d", ch);
		if ((rc = take(c, opt, optarg)) >= 0)
			return rc;
	}
	c->files = argv + optind;
	c->nfiles = argc - optind;
	return check_operands(c);
}

static const struct cli_command *find(const char *name)
{
	const struct cli_command *def = NULL;
	for (const struct cli_command *k = cli_commands; k->run; k++) {
		if (name && *k->name && strcmp(name, k->name) == 0)
			return k;
		if (k->flags & CLI_DEFAULT)
			def = k;
	}
	if (!def)
		BUG("no default command in cli_commands");
	return def;
}

const char *cli_command_like(const char *word)
{
	const char *names[32];
	size_t n = 0;
	for (const struct cli_command *k = cli_commands; k->run && n < ARRAY_SIZE(names); k++)
		if (*k->name)
			names[n++] = k->name;
	return word && !strpbrk(word, "./") ? suggest(word, names, n) : NULL;
}

int cli_main(int argc, char **argv)
{
	struct cli c = { .out_dir = ".", .max_errors = 20 };
	c.cmd = find(argc > 1 ? argv[1] : NULL);
	if (*c.cmd->name) { /* the command name becomes argv[0] */
		argc--;
		argv++;
	}
	int rc = parse(&c, argc, argv);
	if (rc < 0) {
		xmlenv_init();
		rc = c.cmd->run(&c);
		xmlenv_cleanup();
	}
	free(c.references);
	return rc;
}

bool cli_to_stdout(const struct cli *c)
{
	return strcmp(c->out_dir, "-") == 0;
}

/* ---- data directories ---- */

static bool has_file(const char *dir, const char *file)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, file);
	struct stat st;
	bool ok = stat(p.buf, &st) == 0 && S_ISREG(st.st_mode);
	strbuf_release(&p);
	return ok;
}

/* The directory of the running binary, or "" if unknown. */
static void exe_dir(char *exe, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", exe, size - 1);
	exe[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
}

char *cli_data_dir(const char *flag, const char *env, const char *sub, const char *probe)
{
	if (flag)
		return xstrdup(flag);
	const char *e = getenv(env);
	if (e && *e)
		return xstrdup(e);
	char exe[PATH_MAX];
	exe_dir(exe, sizeof(exe));
	struct strbuf d = STRBUF_INIT;
	static const char *const rel[] = { "/..", "/../..", "/../share/scomc" };
	for (size_t i = 0; *exe && i < ARRAY_SIZE(rel); i++) {
		strbuf_reset(&d);
		strbuf_addf(&d, "%s%s/%s", exe, rel[i], sub);
		if (has_file(d.buf, probe))
			return strbuf_detach(&d, NULL);
	}
	strbuf_reset(&d);
	strbuf_addf(&d, "%s/%s", SCOMC_DATADIR, sub);
	return strbuf_detach(&d, NULL);
}

char *cli_schema_dir(const struct cli *c)
{
	return cli_data_dir(c->arg[CLI_SCHEMA_DIR], "SCOMC_SCHEMA_DIR", "schemas", "alertdef.xsd");
}

char *cli_template_dir(const struct cli *c)
{
	return cli_data_dir(c->arg[CLI_TEMPLATE_DIR], "SCOMC_TEMPLATE_DIR", "templates", "pack.xsl");
}

void cli_xsd_init(const struct cli *c, struct xsd_cache *xsd)
{
	char *schemas = cli_schema_dir(c);
	xmlenv_allow_dir(schemas);
	xsd_cache_init(xsd, schemas);
	free(schemas);
}

/* ---- diagnostics and the exit rule ---- */

/* --color=always, or auto (the default) with text diagnostics going to a
 * terminal that can show colour, and no NO_COLOR (no-color.org). */
static bool want_color(const struct cli *c)
{
	const char *when = c->arg[CLI_COLOR] ? c->arg[CLI_COLOR] : "auto";
	if (strcmp(when, "auto") != 0)
		return strcmp(when, "always") == 0;
	const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
	return c->format == FORMAT_TEXT && !c->diag_output && isatty(STDERR_FILENO) &&
	       !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

void cli_sink_init(const struct cli *c, struct diag_sink *sink)
{
	diag_sink_init(sink, c->max_errors);
	sink->quiet = c->quiet;
	sink->color = want_color(c);
}

int cli_exit_code(const struct cli *c, const struct diag_sink *sink, bool internal)
{
	if (internal)
		return EXIT_INTERNAL;
	if (sink->env_error)
		return EXIT_ENV;
	if (sink->errors || (c->werror && sink->warnings))
		return EXIT_INPUT;
	return EXIT_OK;
}

/* True when stdout is free for a report: it holds neither the output
 * ("-o -") nor JSON or SARIF diagnostics. */
static bool stdout_free(const struct cli *c)
{
	return !cli_to_stdout(c) && (c->format == FORMAT_TEXT || c->diag_output);
}

int cli_finish_report(const struct cli *c, struct diag_sink *sink, struct out *out, bool internal,
		      const char *report)
{
	bool committed = false;
	if (out && cli_exit_code(c, sink, internal) == EXIT_OK)
		committed = out_commit(out, sink) == 0;
	else if (out)
		out_abort(out);
	if (committed && report && stdout_free(c))
		fputs(report, stdout);
	int code = cli_exit_code(c, sink, internal);
	bool told = code == EXIT_ENV; /* the sink holds the I/O error */
	int w = diag_write(sink, c->format, c->diag_output, c->no_caret, SCOMC_VERSION);
	told |= w != 0 && c->diag_output; /* diag_write named the file */
	bool bad_stdout = fflush(stdout) != 0 || ferror(stdout) ||
			  (w != 0 && !c->diag_output && c->format != FORMAT_TEXT);
	if (bad_stdout && !told)
		fputs("scomc: error: cannot write to standard output [E502]\n", stderr);
	if ((w != 0 || bad_stdout) && code != EXIT_INTERNAL)
		code = EXIT_ENV;
	return code;
}

int cli_finish(const struct cli *c, struct diag_sink *sink, struct out *out, bool internal)
{
	return cli_finish_report(c, sink, out, internal, NULL);
}
