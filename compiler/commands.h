/*
 * commands.h - subcommands that are not the compiler: verify, unseal,
 * decompile (issue 6). Each takes argv as if it were its own program
 * (argv[0] is the command name) and returns an exit code (enum exit_code).
 */
#ifndef SCOMC_COMMANDS_H
#define SCOMC_COMMANDS_H

/* The entry point of a subcommand, or NULL if name is not one. */
int (*commands_find(const char *name))(int argc, char **argv);

#endif
