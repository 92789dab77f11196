/*
 * test_mpread.c - what mpread owns: UTF-16 decoding (utf.c), case-folded
 * lookup, the default language pack and the display strings and articles
 * per element (also for a document scomc built, not read), mp_is_type().
 */
#include <libxml/parser.h>

#include "model.h"
#include "mpread.h"
#include "utf.h"
#include "harness.h"

static enum utf_error from16(const char *bytes, size_t n, bool be, char **out, size_t *at)
{
	size_t len;
	return utf_from16((const unsigned char *)bytes, n, be, out, &len, at);
}

static void utf16(void)
{
	char *s = NULL;
	size_t at = 99;
	/* "<é" + U+1F600 as a surrogate pair, little-endian */
	INT_EQ(from16("<\0\xe9\0\x3d\xd8\x00\xde", 8, false, &s, &at), UTF_OK);
	STR_EQ(s, "<\xc3\xa9\xf0\x9f\x98\x80");
	free(s);
	INT_EQ(from16("\0<\0a", 4, true, &s, &at), UTF_OK);
	STR_EQ(s, "<a");
	free(s);
	INT_EQ(from16("<\0a", 3, false, &s, &at), UTF_ODD);
	INT_EQ(at, 1);
	OK(s == NULL);
	INT_EQ(from16("<\0\x00\xd8<\0", 6, false, &s, &at), UTF_SURROGATE); /* lone high */
	INT_EQ(at, 1);
	INT_EQ(from16("<\0\x00\xdc", 4, false, &s, &at), UTF_SURROGATE); /* lone low */
	INT_EQ(at, 1);
	INT_EQ(from16("<\0\x3d\xd8", 4, false, &s, &at), UTF_SURROGATE); /* high at the end */
	INT_EQ(at, 1);
	INT_EQ(from16("<\0\0\0", 4, false, &s, &at), UTF_NUL);
	INT_EQ(at, 1);
	char b[4];
	INT_EQ(utf_put8(b, 0x7F), 1);
	INT_EQ(utf_put8(b, 0x7FF), 2);
	INT_EQ(utf_put8(b, 0xFFFF), 3);
	INT_EQ(utf_put8(b, 0x10FFFF), 4);
}

static void fold(void)
{
	xmlHashTablePtr h = xmlHashCreate(8);
	int v1 = 1, v2 = 2;
	INT_EQ(mp_fold_put(h, "Contoso.Rule", &v1), 0);
	INT_EQ(mp_fold_put(h, "CONTOSO.rule", &v2), -1); /* taken, whatever the case */
	OK(mp_fold_get(h, "contoso.RULE") == &v1);
	OK(mp_fold_get(h, "Contoso.Other") == NULL);
	OK(mp_fold_get(h, NULL) == NULL);
	OK(mp_fold_get(NULL, "x") == NULL);
	char *f = mp_fold("AbC.d1");
	STR_EQ(f, "abc.d1");
	free(f);
	xmlHashFree(h, NULL);
}

static const char pack[] =
	"<ManagementPack><LanguagePacks>"
	"<Comment/>"
	"<LanguagePack ID=\"DEU\"><DisplayStrings>"
	"<DisplayString ElementID=\"R\"><Name>de</Name></DisplayString>"
	"</DisplayStrings><KnowledgeArticles>"
	"<KnowledgeArticle ElementID=\"Only.German\"/>"
	"</KnowledgeArticles></LanguagePack>"
	"<LanguagePack ID=\"ENU\" IsDefault=\"true\"><DisplayStrings>"
	"<DisplayString ElementID=\"R\" SubElementID=\"S\"><Name>sub</Name></DisplayString>"
	"<DisplayString ElementID=\"R\"><Name>en</Name></DisplayString>"
	"<DisplayString ElementID=\"r\"><Name>second</Name></DisplayString>"
	"</DisplayStrings><KnowledgeArticles>"
	"<KnowledgeArticle ElementID=\"R\"/>"
	"</KnowledgeArticles></LanguagePack>"
	"</LanguagePacks></ManagementPack>";

static void strings(void)
{
	xmlDocPtr doc = xmlReadMemory(pack, (int)strlen(pack), "t.xml", NULL, XML_PARSE_NONET);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	struct mp_strings s;
	mp_strings_init(&s, root);
	OK(s.lang == mp_default_lang(root));
	STR_EQ(model_attr(s.lang, "ID"), "ENU");
	xmlNodePtr enu = s.lang;
	char *name = mp_text(mp_path(mp_display(&s, "r"), "Name"));
	STR_EQ(name, "en"); /* not the SubElementID one, not the second */
	free(name);
	OK(mp_article(&s, "R") != NULL);
	OK(mp_article(&s, "Only.German") == NULL); /* another language */
	OK(mp_fold_get(s.any_article, "only.german") != NULL);
	OK(mp_display(NULL, "R") == NULL);
	OK(mp_display(&s, NULL) == NULL);
	mp_strings_release(&s);
	mp_strings_release(NULL);
	/* No IsDefault: the first LanguagePack, never the stray element. */
	xmlUnsetProp(enu, BAD_CAST "IsDefault");
	STR_EQ(model_attr(mp_default_lang(root), "ID"), "DEU");
	xmlFreeDoc(doc);
}

static void types(void)
{
	struct mp_ref refs[] = { { .alias = (char *)"Windows", .id = (char *)"Microsoft.Windows.Library" } };
	struct mp_file mp = { .refs = refs, .nrefs = 1 };
	OK(mp_is_type(&mp, "Windows!Microsoft.Windows.EventProvider", "microsoft.windows.library",
		      "Microsoft.Windows.EventProvider"));
	OK(!mp_is_type(&mp, "windows!Microsoft.Windows.EventProvider", "Microsoft.Windows.Library",
		       "Microsoft.Windows.EventProvider")); /* aliases are exact */
	OK(!mp_is_type(&mp, "Windows!Other", "Microsoft.Windows.Library", "Microsoft.Windows.EventProvider"));
	OK(!mp_is_type(&mp, "NoAlias", "Microsoft.Windows.Library", "NoAlias"));
	OK(!mp_is_type(&mp, NULL, "Microsoft.Windows.Library", "X"));
}

int main(void)
{
	utf16();
	fold();
	strings();
	types();
	xmlCleanupParser();
	return harness_done("mpread");
}
