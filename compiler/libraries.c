/*
 * libraries.c - the table of standard library packs (see libraries.h).
 */
#include "libraries.h"

#include <string.h>
#include <strings.h>

static const struct library table[] = {
	{ "System", "System.Library", "6.1.7221.0", "7.5.8501.0", LIB_WHEN_USED },
	{ "Windows", "Microsoft.Windows.Library", "6.1.7221.0", "7.5.8501.0", LIB_ALWAYS },
	{ "Health", "System.Health.Library", "6.1.7221.0", "7.0.8427.0", LIB_ALWAYS },
	{ "SC", "Microsoft.SystemCenter.Library", "6.1.7221.0", "7.0.8427.0", LIB_FRAGMENT_ONLY },
};

const struct library *libraries_all(size_t *n)
{
	*n = ARRAY_SIZE(table);
	return table;
}

const struct library *library_by_alias(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (strlen(table[i].alias) == len && memcmp(table[i].alias, s, len) == 0)
			return &table[i];
	return NULL;
}

const struct library *library_by_id(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(table); i++)
		if (strcasecmp(table[i].id, id) == 0)
			return &table[i];
	return NULL;
}
