/*
 * driver.h - the pipeline, its stage gates and the exit-code policy.
 *
 * For each input: load -> (.alert) lex -> parse | (XML) parse model ->
 * schema -> check -> resolve -> schema -> emit MP -> MP schema -> stage
 * outputs (MP XML, model, HTML pages). Then the site home and search index.
 * Outputs are committed only when the whole run has no errors; otherwise
 * nothing changes on disk. Diagnostics are written once, at the end, in the
 * requested format.
 */
#ifndef SCOMC_DRIVER_H
#define SCOMC_DRIVER_H

#include "emit_xml.h"

enum emit_what {
	EMIT_MP = 1 << 0,
	EMIT_DOCS = 1 << 1,
	EMIT_MODEL = 1 << 2
};

struct cli;

/* What the compiler does; the diagnostics options, data directories and
 * the exit rule come from cli (borrowed). */
struct options {
	const struct cli *cli;
	const char *out_dir;     /* default "." */
	enum emit_target target; /* TARGET_PACK = as the pack says */
	unsigned emit;           /* enum emit_what bits */
	bool check_only, no_validate_output, dump_tokens;
	char **files;
	int nfiles;
};

/* Runs the whole compilation; returns the exit code (enum exit_code):
 * outputs are committed and diagnostics written by cli_finish(). */
int driver_run(const struct options *opt);

/* The default command (compile) and `scomc check` (cli.h), and their
 * --help text. */
int driver_compile_main(struct cli *c);
int driver_check_main(struct cli *c);
extern const char driver_usage[];

#endif
