/*
 * fmt_cmd.h - `scomc fmt [--check] [--diff] FILE...` (the layout is fmt.h's).
 */
#ifndef SCOMC_FMT_CMD_H
#define SCOMC_FMT_CMD_H

struct cli;

/* Formats each FILE in place ('-': stdin to stdout); --diff prints the
 * changes instead, --check prints them and exits 1 if any file is not in
 * the canonical layout. A file with syntax errors is left as it is (its
 * diagnostics are reported, exit 1). Returns the exit code. */
int fmt_main(struct cli *c);
extern const char fmt_usage[];

#endif
