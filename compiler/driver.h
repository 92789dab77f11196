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

struct options {
	const char *out_dir;       /* default "." */
	enum emit_target target;   /* TARGET_PACK = as the pack says */
	unsigned emit;             /* enum emit_what bits */
	enum diag_format format;
	const char *diag_output;   /* NULL = stderr (text) / stdout (json, sarif) */
	unsigned max_errors;
	bool werror, quiet, no_caret, check_only, no_validate_output, dump_tokens;
	const char *schema_dir, *template_dir; /* NULL = search */
	const char *argv0;
	char **files;
	int nfiles;
};

/* A data directory (schemas, templates): flag, then $env, then next to the
 * binary (probing for sub/probe), then the compiled-in SCOMC_DATADIR.
 * Used by the subcommands too. Caller frees. */
char *driver_data_dir(const char *flag, const char *env, const char *sub, const char *probe);

/* Runs the whole compilation; returns the exit code (enum exit_code). */
int driver_run(const struct options *opt);

#endif
