/*
 * verify.h - `scomc verify` (issue 6).
 *
 * verify_main() checks existing management packs (XML in UTF-8 or UTF-16,
 * schema 1.0 or 2.0, or sealed .mp) against our MP schemas, the checks the
 * SDK verifier makes (mp-format.md 6.4), best-practice rules (peers.md C.5)
 * and, with --baseline, the upgrade rules of sealed packs. It reports
 * E601-E617 and W601-W609 (docs/verify.md) through the diagnostic sink.
 * Returns an exit code (enum exit_code); verify_usage is its --help text.
 */
#ifndef SCOMC_VERIFY_H
#define SCOMC_VERIFY_H

struct cli;

int verify_main(struct cli *c);
extern const char verify_usage[];

#endif
