/*
 * test_mpread.c - what mpread owns: UTF-16 decoding (utf.c), case-folded
 * lookup, the default language pack and the display strings and articles
 * per element (also for a document scomc built, not read), mp_is_type(),
 * what mp_open_lean() leaves out and keeps, mp_borrow().
 */
#include <libxml/parser.h>
#include <unistd.h>

#include "diag.h"
#include "model.h"
#include "mpread.h"
#include "source.h"
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

static const char indented[] =
	"<ManagementPack>\n"
	"  <Manifest>\n"
	"    <Name>N</Name>\n"
	"    <Blank>  </Blank>\n"
	"    <Commented><!-- c -->  </Commented>\n"
	"  </Manifest>\n"
	"  <LanguagePacks xmlns:maml=\"http://schemas.microsoft.com/maml/2004/10\">\n"
	"    <maml:para><maml:ui>A</maml:ui> <maml:ui>B</maml:ui>\n"
	"    </maml:para>\n"
	"  </LanguagePacks>\n"
	"</ManagementPack>\n";

static size_t texts(xmlNodePtr n)
{
	size_t k = 0;
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		k += c->type == XML_TEXT_NODE;
	return k;
}

static void lean(void)
{
	char path[] = "/tmp/scomc-test-mpread-XXXXXX";
	int fd = mkstemp(path);
	OK(fd >= 0 && write(fd, indented, strlen(indented)) == (ssize_t)strlen(indented));
	close(fd);
	struct diag_sink sink;
	diag_sink_init(&sink, 0);
	struct mp_file full, mp;
	INT_EQ(mp_open(&full, path, &sink), 0);
	INT_EQ(mp_open_lean(&mp, path, &sink), 0);
	INT_EQ(texts(full.root), 3); /* the white space mp_open() keeps ... */
	INT_EQ(texts(mp.root), 0);   /* ... and mp_open_lean() does not build */
	xmlNodePtr man = mp_path(mp.root, "Manifest");
	INT_EQ(texts(man), 0);
	char *t = mp_text(mp_path(man, "Blank"));
	STR_EQ(t, "  "); /* an element's text */
	free(t);
	t = mp_text(mp_path(man, "Commented"));
	STR_EQ(t, "  "); /* also after a comment */
	free(t);
	xmlNodePtr para = mp_path(mp.root, "LanguagePacks/para");
	INT_EQ(texts(para), 2); /* MAML keeps all of its text */
	/* offsets, found when first asked for */
	struct loc l = mp_loc(&mp, mp_path(man, "Blank"));
	unsigned line = 0, col = 0;
	source_linecol(l.src, l.off, &line, &col);
	INT_EQ(line, 4);
	INT_EQ(col, 5);
	mp_release(&full);
	mp_release(&mp);
	diag_sink_release(&sink);
	unlink(path);
}

static void borrow(void)
{
	xmlDocPtr doc = xmlReadMemory(pack, (int)strlen(pack), "t.xml", NULL, XML_PARSE_NONET);
	struct mp_file mp;
	INT_EQ(mp_borrow(&mp, "built.xml", doc), 0);
	OK(mp.root == xmlDocGetRootElement(doc));
	OK(mp_display(mp.strings, "R") != NULL);
	mp.root->_private = (void *)(uintptr_t)2; /* not an offset in a doc scomc built */
	struct loc l = mp_loc(&mp, mp.root);
	OK(l.src == mp.src && l.off == 0 && l.len == 0);
	mp_release(&mp);
	OK(xmlDocGetRootElement(doc) != NULL); /* still the caller's */
	xmlFreeDoc(doc);
	xmlDocPtr other = xmlReadMemory("<ManagementPackFragment/>", 25, "f.xml", NULL, XML_PARSE_NONET);
	INT_EQ(mp_borrow(&mp, "f.xml", other), -1);
	mp_release(&mp);
	xmlFreeDoc(other);
}

int main(void)
{
	utf16();
	fold();
	strings();
	types();
	lean();
	borrow();
	xmlCleanupParser();
	return harness_done("mpread");
}
