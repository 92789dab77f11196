/*
 * test_html_out.c - html_out() writes what libxml2's XHTML serializer
 * (xmlSaveTree with XML_SAVE_XHTML, as render_html.c calls it) writes, and
 * refuses what it does not handle, leaving the buffer as it was.
 */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlsave.h>

#include "html_out.h"
#include "harness.h"

static int to_strbuf(void *ctx, const char *data, int len)
{
	strbuf_add(ctx, data, (size_t)len);
	return len;
}

/* What render_html.c's libxml2 path writes. */
static void reference(xmlNodePtr first, bool siblings, bool format, struct strbuf *sb)
{
	first->doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
	xmlSaveCtxtPtr s = xmlSaveToIO(to_strbuf, NULL, sb, NULL,
				       XML_SAVE_NO_DECL | XML_SAVE_XHTML | (format ? XML_SAVE_FORMAT : 0));
	xmlSaveSetEscape(s, NULL);
	xmlSaveSetAttrEscape(s, NULL);
	for (xmlNodePtr n = first; n; n = siblings ? n->next : NULL)
		xmlSaveTree(s, n);
	xmlSaveClose(s);
}

static xmlDocPtr parse(const char *xml)
{
	xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), "t.xml", NULL, XML_PARSE_NONET);
	if (!d)
		BUG("test XML does not parse");
	return d;
}

/* The first element child of the root: the tree to write. */
static xmlNodePtr top(xmlDocPtr d)
{
	xmlNodePtr n = xmlDocGetRootElement(d)->children;
	while (n && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static void same(const char *xml, bool siblings, bool format)
{
	xmlDocPtr d = parse(xml);
	struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;
	strbuf_adds(&got, "<!DOCTYPE html>\n");
	INT_EQ(html_out(top(d), siblings, format, &got), 0);
	strbuf_adds(&want, "<!DOCTYPE html>\n");
	reference(top(d), siblings, format, &want);
	OK(got.len > strlen("<!DOCTYPE html>\n"));
	STR_EQ(got.buf, want.buf);
	strbuf_release(&got);
	strbuf_release(&want);
	xmlFreeDoc(d);
}

static void refused(xmlDocPtr d, xmlNodePtr n)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "kept");
	INT_EQ(html_out(n, false, true, &sb), -1);
	STR_EQ(sb.buf, "kept");
	strbuf_release(&sb);
	xmlFreeDoc(d);
}

static const char page[] =
	"<page><html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	"<title>A &lt;b&gt; &amp; \xC3\xA9 &#13; \xE2\x80\x93</title>\n<link rel=\"stylesheet\" href=\"x.css\"/>\n</head>\n"
	"<body class=\"a&amp;b &quot;q&quot; &lt;&gt; &#10;&#13;&#9; \xC3\xA9\">\n"
	"<a name=\"n1\">named</a><p name=\"n2\" id=\"i2\">p</p><div name=\"n3\"/><span name=\"n4\"/>"
	"<td></td><br/><input type=\"search\" hidden=\"hidden\"/><img src=\"i.png\"/>"
	"<script src=\"s.js\"></script><link><b>link with children</b></link>"
	"</body>\n</html></page>";

static const char nested[] =
	"<page><table><thead><tr><th>a</th><th/></tr></thead><tbody><tr><td><ul><li>x</li></ul></td></tr>"
	"<tr><td><p>t<em>e</em></p></td></tr></tbody></table></page>";

static void trees(void)
{
	same(page, false, true);
	same(page, false, false);
	same(nested, false, true);
	same(nested, false, false);
	/* more than 30 levels of indentation */
	struct strbuf deep = STRBUF_INIT;
	strbuf_adds(&deep, "<page>");
	for (int i = 0; i < 40; i++)
		strbuf_adds(&deep, "<div>");
	strbuf_adds(&deep, "<br/>");
	for (int i = 0; i < 40; i++)
		strbuf_adds(&deep, "</div>");
	strbuf_adds(&deep, "</page>");
	same(deep.buf, false, true);
	strbuf_release(&deep);
	/* index rows: siblings, unformatted */
	same("<page><tr><td>1</td><td><a href=\"a.html\">A &amp; B</a></td></tr>\n"
	     "<tr><td/></tr>\ntext &amp; more</page>",
	     true, false);
}

static void refusals(void)
{
	xmlDocPtr d = parse("<page><div><!--rows--></div></page>");
	refused(d, top(d));
	d = parse("<page><div><![CDATA[x]]></div></page>");
	refused(d, top(d));
	d = parse("<page><p xml:lang=\"en\">x</p></page>");
	refused(d, top(d));
	d = parse("<page><x:p xmlns:x=\"urn:x\">x</x:p></page>");
	refused(d, top(d));
	d = parse("<page><input checked=\"\"/></page>");
	refused(d, top(d));
	d = parse("<page><p>raw</p></page>");
	top(d)->children->name = xmlStringTextNoenc; /* disable-output-escaping */
	refused(d, top(d));
	/* the <head> of a document's <html> gets libxml2's Content-Type meta */
	d = parse("<html><head><title>t</title></head></html>");
	refused(d, xmlDocGetRootElement(d)->children);
}

int main(void)
{
	trees();
	refusals();
	xmlCleanupParser();
	return harness_done("html_out");
}
