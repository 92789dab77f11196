/*
 * aliases.h - the "Alias!" prefixes a management pack value uses.
 *
 * A value names another pack's element as "Alias!ID": the whole value
 * (Target="Windows!Microsoft.Windows.Computer", RunAs="SQL!Profile"), or
 * inside the $...$ expressions SCOM resolves in text
 * ($Target/Property[Type="SQL!Microsoft.SQLServer.DBEngine"]/...$,
 * $MPElement[Name="SC!..."]$). Text outside $...$ (a script, a message) is
 * not scanned. Used by fragments (fragment.c), the checker (aliases in
 * .alert filter values, computer names, suppression values) and decompile
 * (the references those values need).
 */
#ifndef SCOMC_ALIASES_H
#define SCOMC_ALIASES_H

#include "base.h"

/* Called with the alias at s[0..len) (borrowed, not terminated). */
typedef void aliases_fn(void *ctx, const char *s, size_t len);

/* Calls fn for every alias that value uses, in order. */
void aliases_each(const char *value, aliases_fn *fn, void *ctx);

#endif
