/*
 * commands.c - subcommand table. A command is added here and implemented
 * in its own file.
 */
#include "commands.h"

#include "base.h"
#include "decompile.h"
#include "verify.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} table[] = {
	{ "verify", verify_main },
	{ "unseal", unseal_main },
	{ "decompile", decompile_main },
	{ NULL, NULL },
};

int (*commands_find(const char *name))(int argc, char **argv)
{
	for (size_t i = 0; name && table[i].name; i++)
		if (strcmp(name, table[i].name) == 0)
			return table[i].fn;
	return NULL;
}
