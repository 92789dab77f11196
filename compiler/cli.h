/*
 * cli.h - the one command layer: argv -> struct cli -> a subcommand's entry
 * function, and the one rule every subcommand ends with (exit code, commit
 * outputs only when clean, diagnostics written once).
 *
 * HOW TO ADD A SUBCOMMAND (for example `scomc fmt`):
 *   1. Write compiler/fmt.c with `int fmt_main(struct cli *c)` and, in
 *      fmt.h, `extern const char fmt_usage[];` (the full --help text).
 *   2. Add one line to the table in compiler/commands.c:
 *        { "fmt", "format .alert files", fmt_main, fmt_usage,
 *          CLI_BIT(CLI_OUTPUT) | CLI_BIT(CLI_CHECK_ONLY), 0 },
 *      The fifth field lists the options the command takes besides the
 *      ones every command takes (diagnostics options, -q, -h); the sixth
 *      holds enum cli_flags. `scomc --help` lists the command by itself.
 *   3. A new option: one enum value below (before CLI_NOPTS) and one row
 *      in the options[] table of cli.c. Its value is c->arg[CLI_X]: NULL
 *      when not given, "" for a flag, else the argument (last one wins).
 *      Options whose value needs checking get a case in cli.c's take().
 *   4. The entry function reports into a sink made by cli_sink_init(),
 *      stages files in a struct out (out_init(&out, c->out_dir)) and ends
 *      with `return cli_finish(c, &sink, &out, false);` (out may be NULL).
 *      Schemas: cli_xsd_init(c, &xsd) (--schema-dir, env, installed).
 *      Usage errors: `return cli_usage(c, "what is wrong", arg);` (exit 2).
 *   Never call getopt_long anywhere else: it lives in cli.c only.
 */
#ifndef SCOMC_CLI_H
#define SCOMC_CLI_H

#include "diag.h"

struct out;
struct xsd_cache;

/* Every option of every subcommand. */
enum cli_opt {
	CLI_OUTPUT,       /* -o, --output=DIR */
	CLI_TARGET,       /* -t, --target=TARGET (compile) */
	CLI_EMIT,         /* --emit=LIST (compile) */
	CLI_NO_VALIDATE,  /* --no-validate-output (compile) */
	CLI_SCHEMA_DIR,   /* --schema-dir=DIR */
	CLI_TEMPLATE_DIR, /* --template-dir=DIR */
	CLI_DUMP_TOKENS,  /* --dump-tokens (compile) */
	CLI_BASELINE,     /* --baseline=FILE (verify; compile: the site's changes page) */
	CLI_FORCE,        /* --force (unseal) */
	CLI_CHECK,        /* --check (fmt, decompile) */
	CLI_DIFF,         /* --diff (fmt) */
	CLI_EXPLAIN,      /* --explain=ID (compile) */
	CLI_UPGRADE,      /* --upgrade (diff) */
	CLI_REFERENCES,   /* --references=DIR, repeatable (verify, compile) */
	CLI_VERSION,      /* -V, --version */
	CLI_KEY,          /* --key=KEY (seal) */
	CLI_SEAL_KEY,     /* --seal-key=KEY (compile: also write <ID>.mp) */
	CLI_COMPANY,      /* --company=NAME (seal, compile) */
	CLI_COPYRIGHT,    /* --copyright=TEXT (seal, compile) */
	CLI_DELAY_SIGN,   /* --delay-sign (seal, compile) */
	/* taken by every command: */
	CLI_FORMAT,      /* --diagnostics-format=text|json|sarif */
	CLI_DIAG_OUTPUT, /* --diagnostics-output=FILE */
	CLI_MAX_ERRORS,  /* --max-errors=N */
	CLI_WERROR,      /* --werror */
	CLI_NO_CARET,    /* --no-caret */
	CLI_COLOR,       /* --color=auto|always|never */
	CLI_QUIET,       /* -q, --quiet */
	CLI_HELP,        /* -h, --help */
	CLI_NOPTS
};

#define CLI_BIT(opt) ((uint64_t)1 << (opt))
_Static_assert(CLI_NOPTS <= 64, "cli_command.accept has 64 bits");

enum cli_flags {
	CLI_FILES_OPTIONAL = 1 << 0, /* no "no input files" usage error */
	CLI_STDOUT_ONE = 1 << 1,     /* "-o -" needs exactly one input */
	CLI_DEFAULT = 1 << 2         /* runs when argv[1] names no command */
};

struct cli;

/* One subcommand (see the table in commands.c). */
struct cli_command {
	const char *name;          /* argv[1]; the default command's is "" */
	const char *summary;       /* one line for `scomc --help` */
	int (*run)(struct cli *c); /* returns enum exit_code */
	const char *usage;         /* full --help text; "@COMMANDS@\n" is replaced
	                       * by the list of commands */
	uint64_t accept;           /* CLI_BIT()s of the options it takes */
	unsigned flags;            /* enum cli_flags */
};

/* The registry (commands.c), ended by a row with run == NULL. */
extern const struct cli_command cli_commands[];

struct cli {
	const struct cli_command *cmd;
	const char *arg[CLI_NOPTS]; /* raw values, see step 3 above */
	/* Checked values of the common options. */
	const char *out_dir; /* default "." ("-": stdout) */
	enum diag_format format;
	const char *diag_output; /* NULL: stderr (text) / stdout (json, sarif) */
	unsigned max_errors;     /* default 20, 0 = no limit */
	bool werror, quiet, no_caret;
	char **files; /* the operands (borrowed from argv) */
	int nfiles;
	const char **references; /* every --references DIR, in order (the
	                              * array is owned, the strings borrowed) */
	size_t nreferences;
};

/* The whole program after LIBXML_TEST_VERSION: parses argv, initialises
 * and cleans up libxml2 (xmlenv), runs the command. Returns the exit code. */
int cli_main(int argc, char **argv);

/* Prints "scomc CMD: what 'arg'" and the --help pointer on stderr;
 * returns EXIT_USAGE. arg may be NULL. */
int cli_usage(const struct cli *c, const char *what, const char *arg);

/* The name of the command that word looks like a misspelling of (for the
 * hint when 'scomc verfy x.mp' cannot open 'verfy'), or NULL. Static. */
const char *cli_command_like(const char *word);

/* True when the command writes its one output to stdout ("-o -"). */
bool cli_to_stdout(const struct cli *c);

/* A data directory: flag, then $env, then next to the binary (build tree
 * or installed prefix, probing for sub/probe), then SCOMC_DATADIR/sub.
 * Caller frees. */
char *cli_data_dir(const char *flag, const char *env, const char *sub, const char *probe);
/* --schema-dir / --template-dir resolved as above. Caller frees. */
char *cli_schema_dir(const struct cli *c);
char *cli_template_dir(const struct cli *c);

/* The schema cache of --schema-dir (resolved as above), its directory
 * allowed in the XML loader; release it with xsd_cache_release(). */
void cli_xsd_init(const struct cli *c, struct xsd_cache *xsd);

/* Initialises sink with --max-errors and --quiet. */
void cli_sink_init(const struct cli *c, struct diag_sink *sink);

/* The exit code the sink stands for: 4 if internal, 3 after an
 * environment error, 1 after errors (or warnings with --werror), else 0. */
int cli_exit_code(const struct cli *c, const struct diag_sink *sink, bool internal);

/*
 * The one end of every command. If the run is clean (exit code 0), commits
 * out (when not NULL); otherwise discards it. Then writes the diagnostics
 * in the requested format and checks standard output ("cannot write to
 * standard output [E502]"). Releases the sink and out. Returns the exit
 * code (enum exit_code).
 */
int cli_finish(const struct cli *c, struct diag_sink *sink, struct out *out, bool internal);
/* cli_finish() that also prints report on stdout once out is committed
 * (for instance the names of the files written), unless stdout holds the
 * output ("-o -") or the JSON/SARIF diagnostics. */
int cli_finish_report(const struct cli *c, struct diag_sink *sink, struct out *out, bool internal,
		      const char *report);

#endif
