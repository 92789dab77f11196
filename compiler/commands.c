/*
 * commands.c - the subcommand registry (see cli.h for how to add one).
 * Each command lives in its own file; this table only names it, its
 * one-line summary for `scomc --help`, its entry function, its --help text,
 * the options it takes besides the common ones, and its enum cli_flags.
 */
#include "base.h"
#include "cli.h"
#include "decompile.h"
#include "diff.h"
#include "driver.h"
#include "seal.h"
#include "fmt_cmd.h"
#include "lsp.h"
#include "unseal_cmd.h"
#include "verify.h"

#define COMPILE_OPTS                                                                      \
	(CLI_BIT(CLI_OUTPUT) | CLI_BIT(CLI_TARGET) | CLI_BIT(CLI_EMIT) |                  \
	 CLI_BIT(CLI_NO_VALIDATE) | CLI_BIT(CLI_SCHEMA_DIR) | CLI_BIT(CLI_TEMPLATE_DIR) | \
	 CLI_BIT(CLI_DUMP_TOKENS) | CLI_BIT(CLI_EXPLAIN) | CLI_BIT(CLI_VERSION) |         \
	 CLI_BIT(CLI_SEAL_KEY) | CLI_BIT(CLI_COMPANY) | CLI_BIT(CLI_COPYRIGHT) |          \
	 CLI_BIT(CLI_DELAY_SIGN) | CLI_BIT(CLI_REFERENCES) | CLI_BIT(CLI_BASELINE))

const struct cli_command cli_commands[] = {
	{ "", "compile FILEs into the output directory", driver_compile_main,
	  driver_usage, COMPILE_OPTS, CLI_DEFAULT },
	{ "check", "validate FILEs only; write nothing", driver_check_main,
	  driver_usage, COMPILE_OPTS, 0 },
	{ "verify", "check existing management packs (XML or sealed .mp)", verify_main,
	  verify_usage, CLI_BIT(CLI_BASELINE) | CLI_BIT(CLI_SCHEMA_DIR) | CLI_BIT(CLI_REFERENCES), 0 },
	{ "unseal", "extract the XML of sealed .mp files", unseal_main,
	  unseal_usage, CLI_BIT(CLI_OUTPUT) | CLI_BIT(CLI_FORCE), CLI_STDOUT_ONE },
	{ "decompile", "turn a pack's event alert rules back into .alert", decompile_main,
	  decompile_usage, CLI_BIT(CLI_OUTPUT) | CLI_BIT(CLI_SCHEMA_DIR) | CLI_BIT(CLI_CHECK), CLI_STDOUT_ONE },
	{ "seal", "write strong-name signed .mp files from MP XML", seal_main, seal_usage,
	  CLI_BIT(CLI_OUTPUT) | CLI_BIT(CLI_SCHEMA_DIR) | CLI_BIT(CLI_KEY) | CLI_BIT(CLI_COMPANY) |
		  CLI_BIT(CLI_COPYRIGHT) | CLI_BIT(CLI_DELAY_SIGN) | CLI_BIT(CLI_REFERENCES),
	  CLI_STDOUT_ONE },
	{ "fmt", "format .alert files in the canonical layout", fmt_main, fmt_usage,
	  CLI_BIT(CLI_CHECK) | CLI_BIT(CLI_DIFF), 0 },
	{ "diff", "compare two management packs element by element", diff_main,
	  diff_usage, CLI_BIT(CLI_UPGRADE), 0 },
	{ "lsp", "language server for editors (stdin/stdout)", lsp_main, lsp_usage,
	  CLI_BIT(CLI_SCHEMA_DIR) | CLI_BIT(CLI_REFERENCES), CLI_FILES_OPTIONAL },
	{ NULL, NULL, NULL, NULL, 0, 0 },
};
