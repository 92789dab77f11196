/*
 * diff.h - `scomc diff OLD NEW` (issue 14): a semantic comparison of two
 * management packs (XML in UTF-8 or UTF-16, or sealed .mp), element by
 * element by ID. Every difference is a warning W630-W639 at its place in
 * NEW (or OLD for what was removed) with a note at the other place;
 * docs/diff.md lists what is compared and what is not a difference.
 *
 * diff_packs() is the comparison itself, for other commands (decompile
 * --check) as well: both packs loaded and indexed (mp_index()), borrowed.
 * It reports into sink and returns the number of differences found (also
 * those a quiet sink drops).
 *
 * diff_main() is the command (cli.h): returns 0 when the packs are the
 * same, 1 when they differ (or an input has errors), 2 for a usage error
 * and 3 for an environment error. diff_usage is its --help text.
 */
#ifndef SCOMC_DIFF_H
#define SCOMC_DIFF_H

#include <stddef.h>

#include <libxml/tree.h>

struct cli;
struct diag_sink;
struct mp_file;

size_t diff_packs(struct mp_file *old, struct mp_file *new, struct diag_sink *sink);

/* The same comparison for one element, display string or knowledge
 * article o of old against n of new (either NULL: one difference, not
 * reported). Returns the number of differences. */
size_t diff_nodes(struct mp_file *old, xmlNodePtr o, struct mp_file *new, xmlNodePtr n, struct diag_sink *sink);

int diff_main(struct cli *c);
extern const char diff_usage[];

#endif
