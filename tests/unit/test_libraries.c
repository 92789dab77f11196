/*
 * test_libraries.c - the library pack table: lookups by alias and by ID,
 * which entries are built into .alert, one token, every entry versioned.
 */
#include "harness.h"
#include "libraries.h"

static void by_alias(void)
{
	const struct library *l = library_by_alias("Windows!Microsoft.Windows.Computer", 7);
	OK(l != NULL);
	STR_EQ(l ? l->id : "", "Microsoft.Windows.Library");
	l = library_by_alias("SC", 2);
	OK(l != NULL);
	STR_EQ(l ? l->id : "", "Microsoft.SystemCenter.Library");
	OK(library_by_alias("windows", 7) == NULL); /* aliases are case-sensitive */
	OK(library_by_alias("Win", 3) == NULL);
	OK(library_by_alias("SystemX", 7) == NULL);
}

static void by_id(void)
{
	const struct library *l = library_by_id("system.health.library");
	OK(l != NULL);
	STR_EQ(l ? l->alias : "", "Health");
	OK(library_by_id("Microsoft.Windows.Server.Library") == NULL);
	OK(library_by_id("") == NULL);
}

static void builtin_and_versions(void)
{
	size_t n, builtin = 0;
	const struct library *libs = libraries_all(&n);
	INT_EQ(n, 4);
	for (size_t i = 0; i < n; i++) {
		builtin += library_builtin(&libs[i]);
		OK(library_by_alias(libs[i].alias, strlen(libs[i].alias)) == &libs[i]);
		OK(library_by_id(libs[i].id) == &libs[i]);
		OK(libs[i].v2007r2 && libs[i].v2012 && strcmp(libs[i].v2007r2, libs[i].v2012) < 0);
	}
	INT_EQ(builtin, 3);
	OK(!library_builtin(library_by_id("Microsoft.SystemCenter.Library")));
	INT_EQ(strlen(LIBRARY_TOKEN), 16);
}

int main(void)
{
	by_alias();
	by_id();
	builtin_and_versions();
	return harness_done("test_libraries");
}
