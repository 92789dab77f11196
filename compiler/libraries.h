/*
 * libraries.h - the standard SCOM library packs scomc knows: the one table
 * of alias, pack ID, versions and public key token.
 *
 * The emitter declares the always/when-used entries in every MP's
 * manifest, check lets .alert sources use their aliases without a
 * reference block, decompile maps those IDs back to the alias (and leaves
 * their reference out), lsp offers their classes, and fragments may use
 * every alias of the table (the fragment-only ones too) undeclared.
 * Entries and strings are static: nothing to free.
 */
#ifndef SCOMC_LIBRARIES_H
#define SCOMC_LIBRARIES_H

#include "base.h"

/* Every library pack here is sealed with Microsoft's key. */
#define LIBRARY_TOKEN "31bf3856ad364e35"

enum library_use {
	LIB_ALWAYS,       /* built in; every emitted MP references it */
	LIB_WHEN_USED,    /* built in; referenced when an alert's class uses the alias */
	LIB_FRAGMENT_ONLY /* not built into .alert; fragments may use the alias undeclared */
};

struct library {
	const char *alias, *id;
	const char *v2007r2, *v2012; /* the Version referenced for each target */
	enum library_use use;
};

/* The table, in its fixed order (System, Windows, Health, SC); *n gets
 * its length. */
const struct library *libraries_all(size_t *n);

/* The entry whose alias is s[0..len) (case-sensitive, as aliases are
 * matched), or NULL. */
const struct library *library_by_alias(const char *s, size_t len);

/* The entry whose pack ID is id (case-insensitive, as SCOM compares
 * pack IDs), or NULL. */
const struct library *library_by_id(const char *id);

/* True when .alert sources may use the alias without declaring it. */
static inline bool library_builtin(const struct library *l)
{
	return l->use != LIB_FRAGMENT_ONLY;
}

#endif
