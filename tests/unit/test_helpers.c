/*
 * test_helpers.c - the small pure functions: suggest(), check_is_mp_id(),
 * check_severity(), check_priority(), check_is_wildcard(),
 * check_placeholder() and out_safe_name().
 */
#include "check.h"
#include "out.h"
#include "suggest.h"
#include "harness.h"

static void suggestions(void)
{
	static const char *const types[] = { "Information", "Warning", "Error", "Critical Error" };
	static const char *const words[] = { "version", "name", "description", "target" };
	STR_EQ(suggest("Warnig", types, 4), "Warning");
	STR_EQ(suggest("warning", types, 4), "Warning"); /* case-insensitive */
	STR_EQ(suggest("Eror", types, 4), "Error");
	STR_EQ(suggest("critical eror", types, 4), "Critical Error");
	OK(suggest("Fatal", types, 4) == NULL);          /* too far from all */
	STR_EQ(suggest("versoin", words, 4), "version");
	STR_EQ(suggest("nme", words, 4), "name");
	OK(suggest("", words, 4) == NULL);
	OK(suggest("x", words, 0) == NULL);
	char longw[200];
	memset(longw, 'v', sizeof(longw) - 1);
	longw[sizeof(longw) - 1] = '\0';
	OK(suggest(longw, words, 4) == NULL);             /* bounded input */
}

static void mp_ids(void)
{
	OK(check_is_mp_id("Contoso.Exchange2007.SystemAttendant"));
	OK(check_is_mp_id("_x"));
	OK(check_is_mp_id("a_b.c9"));
	OK(!check_is_mp_id(""));
	OK(!check_is_mp_id("9Contoso"));
	OK(!check_is_mp_id(".Contoso"));
	OK(!check_is_mp_id("Con-toso"));
	OK(!check_is_mp_id("Con toso"));
	OK(!check_is_mp_id("Windows!Computer"));
	OK(!check_is_mp_id("Caf\xC3\xA9"));
}

static void severities(void)
{
	INT_EQ(check_severity("Information"), 0);
	INT_EQ(check_severity("Warning"), 1);
	INT_EQ(check_severity("Error"), 2);
	INT_EQ(check_severity("Critical Error"), 2);
	INT_EQ(check_severity("warning"), 1);
	INT_EQ(check_severity("Warnig"), -1);
	INT_EQ(check_severity(""), -1);
	INT_EQ(check_priority("low"), 0);
	INT_EQ(check_priority("normal"), 1);
	INT_EQ(check_priority("high"), 2);
	INT_EQ(check_priority("urgent"), -1);
	OK(check_is_wildcard("MSExchange*"));
	OK(check_is_wildcard("Disk?"));
	OK(!check_is_wildcard("MSExchangeSA"));
}

static const char *ph(const char *name, char *buf)
{
	return check_placeholder(name, strlen(name), buf);
}

static void placeholders(void)
{
	char buf[64];
	STR_EQ(ph("description", buf), "$Data/EventDescription$");
	STR_EQ(ph("id", buf), "$Data/EventDisplayNumber$");
	STR_EQ(ph("source", buf), "$Data/PublisherName$");
	STR_EQ(ph("computer", buf), "$Data/LoggingComputer$");
	STR_EQ(ph("log", buf), "$Data/Channel$");
	STR_EQ(ph("user", buf), "$Data/UserName$");
	STR_EQ(ph("param1", buf), "$Data/Params/Param[1]$");
	STR_EQ(ph("param99", buf), "$Data/Params/Param[99]$");
	OK(ph("param0", buf) == NULL);
	OK(ph("param01", buf) == NULL);
	OK(ph("param100", buf) == NULL);
	OK(ph("param", buf) == NULL);
	OK(ph("paramx", buf) == NULL);
	OK(ph("Description", buf) == NULL);
	OK(ph("", buf) == NULL);
	/* only the first len bytes count: "id}" with len 2 is {id} */
	STR_EQ(check_placeholder("id} tail", 2, buf), "$Data/EventDisplayNumber$");
	/* an alert parameter written as its expression: {$...$} */
	const char *e = "$Target/Host/Property[Type=\"Windows!Microsoft.Windows.Computer\"]/PrincipalName$";
	OK(check_is_expr_placeholder(e, strlen(e)));
	OK(check_is_expr_placeholder("$Data/EventLevel$} tail", 17));
	OK(!check_is_expr_placeholder("$$", 2));
	OK(!check_is_expr_placeholder("$a$b$", 5));
	OK(!check_is_expr_placeholder("$a{b$", 5));
	OK(!check_is_expr_placeholder("Data/X$", 7));
	OK(!check_is_expr_placeholder("$Data/X", 7));
	OK(ph("$Data/EventLevel$", buf) == NULL); /* not a name */
}

static void safe_names(void)
{
	OK(out_safe_name("Contoso.Pack.xml"));
	OK(out_safe_name("docs/Contoso.Pack/Alert.html"));
	OK(out_safe_name("docs/assets/scomc.css"));
	OK(!out_safe_name(""));
	OK(!out_safe_name("/etc/passwd"));
	OK(!out_safe_name("../x.html"));
	OK(!out_safe_name("docs/../../x.html"));
	OK(!out_safe_name("docs/./x.html"));
	OK(!out_safe_name("docs/.hidden"));
	OK(!out_safe_name("docs//x.html"));
	OK(!out_safe_name("docs/"));
	OK(!out_safe_name("a\\b.html"));
	OK(!out_safe_name("a\nb.html"));
	char longname[1100];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	OK(!out_safe_name(longname));
}

int main(void)
{
	suggestions();
	mp_ids();
	severities();
	placeholders();
	safe_names();
	return harness_done("test_helpers");
}
