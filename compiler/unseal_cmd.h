/*
 * unseal_cmd.h - `scomc unseal` (the command; the sealed-file reader is
 * unseal.h). unseal_main() extracts the MP XML of sealed .mp files into
 * DIR/<ID>.xml, or to stdout with "-o -", and prints the strong-name
 * signature status and public key token of each. A signature that does not
 * verify is E604 unless --force. Returns an exit code (enum exit_code).
 */
#ifndef SCOMC_UNSEAL_CMD_H
#define SCOMC_UNSEAL_CMD_H

struct cli;

int unseal_main(struct cli *c);
extern const char unseal_usage[];

#endif
