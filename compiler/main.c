/*
 * main.c - the program: hands argv to the command layer (cli.c), which
 * parses it and runs the subcommand (commands.c). Nothing else.
 */
#include <libxml/parser.h>

#include "cli.h"

int main(int argc, char **argv)
{
	LIBXML_TEST_VERSION
	return cli_main(argc, argv);
}
