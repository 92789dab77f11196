/*
 * decompile.h - `scomc decompile`: management pack -> .alert source (issue 6).
 *
 * decompile_main() reads MP XML or a sealed .mp and writes DIR/<ID>.alert
 * with the pack's event alert rules (Microsoft.Windows.EventProvider +
 * System.Health.GenerateAlert), their alert messages, display strings and
 * knowledge articles (MAML turned into Markdown). Whatever .alert cannot
 * express is listed in a warning (W610), never dropped silently; every
 * decompiled alert is compiled again in memory and compared with the
 * original, and each difference is a warning (W611). Returns an exit code
 * (enum exit_code); decompile_usage is its --help text.
 */
#ifndef SCOMC_DECOMPILE_H
#define SCOMC_DECOMPILE_H

struct cli;

int decompile_main(struct cli *c);
extern const char decompile_usage[];

#endif
