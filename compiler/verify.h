/*
 * verify.h - `scomc verify` and `scomc unseal` (issue 6).
 *
 * verify_main() checks existing management packs (XML in UTF-8 or UTF-16,
 * schema 1.0 or 2.0, or sealed .mp) against our MP schemas, the checks the
 * SDK verifier makes (mp-format.md 6.4), best-practice rules (peers.md C.5)
 * and, with --baseline, the upgrade rules of sealed packs. It reports
 * E601-E617 and W601-W609 (docs/verify.md) through the diagnostic sink.
 *
 * unseal_main() extracts the MP XML of sealed .mp files into <ID>.xml and
 * prints the strong-name signature status and public key token.
 *
 * Both take argv as their own program (argv[0] is the command name) and
 * return an exit code (enum exit_code).
 */
#ifndef SCOMC_VERIFY_H
#define SCOMC_VERIFY_H

int verify_main(int argc, char **argv);
int unseal_main(int argc, char **argv);

#endif
