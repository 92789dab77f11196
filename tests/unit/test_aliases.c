/*
 * test_aliases.c - aliases_each(): a whole "Alias!ID" value, aliases inside
 * $...$ expressions only, dotted aliases, nothing from plain text.
 */
#include "aliases.h"
#include "harness.h"
#include "strbuf.h"

static void collect(void *ctx, const char *s, size_t len)
{
	struct strbuf *sb = ctx;
	strbuf_addf(sb, "%s%.*s", sb->len ? "," : "", (int)len, s);
}

/* The aliases of value, comma-separated ("" for none). */
static void expect(const char *value, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	aliases_each(value, collect, &sb);
	STR_EQ(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void count(void *ctx, const char *s, size_t len)
{
	(void)s;
	OK(len > 0);
	++*(int *)ctx;
}

int main(void)
{
	int n = 0;
	aliases_each("$A!x$ $B!y$ C!z", count, &n);
	INT_EQ(n, 2); /* C!z is outside $...$ and not the whole value */
	expect("Windows!Microsoft.Windows.Computer", "Windows");
	expect("  SQL!Microsoft.SQLServer.SQLDefaultAccount ", "SQL");
	expect("Contoso.Lib!Contoso.Class", "Contoso.Lib");
	expect("$Target/Property[Type=\"SQL!Microsoft.SQLServer.DBEngine\"]/InstanceName$", "SQL");
	expect("$Target/Host/Property[Type=\"Windows!A\"]/X$ and $MPElement[Name=\"SC!B\"]$", "Windows,SC");
	expect("Hello World! this is text", "");
	expect("a script with Windows!X outside any expression", "");
	expect("$Data/Params/Param[1]$", "");
	expect("", "");
	expect("$unterminated Windows!X", "Windows");
	return harness_done("test_aliases");
}
