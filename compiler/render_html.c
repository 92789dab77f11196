/*
 * render_html.c - XSLT driver (xsltproc.c habits: security prefs, error
 * checks after parse and after apply, quoted parameters).
 */
#include "render_html.h"

#include <libxml/xmlsave.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xsltutils.h>

#include "source.h"
#include "strbuf.h"
#include "version.h"

static const char *const assets[] = { "scomc.css", "scomc.js" };

void render_init(struct render *r, const char *template_dir)
{
	memset(r, 0, sizeof(*r));
	r->dir = xstrdup(template_dir);
}

void render_release(struct render *r)
{
	if (!r)
		return;
	if (r->pack)
		xsltFreeStylesheet(r->pack);
	if (r->home)
		xsltFreeStylesheet(r->home);
	if (r->prefs)
		xsltFreeSecurityPrefs(r->prefs);
	free(r->dir);
	memset(r, 0, sizeof(*r));
}

static xsltSecurityPrefsPtr make_prefs(void)
{
	xsltSecurityPrefsPtr p = xsltNewSecurityPrefs();
	if (!p)
		BUG("xsltNewSecurityPrefs failed");
	xsltSetSecurityPrefs(p, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(p, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
	xsltSetSecurityPrefs(p, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(p, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(p, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
	return p;
}

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static xsltStylesheetPtr load(struct render *r, const char *name, struct diag_sink *sink)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", r->dir, name);
	xsltSetGenericErrorFunc(NULL, silent);
	xsltStylesheetPtr s = xsltParseStylesheetFile(BAD_CAST path.buf);
	xsltSetGenericErrorFunc(NULL, NULL);
	if (!s || s->errors) {
		diag_env_error(sink, "E503", "cannot load template '%s'", path.buf);
		diag_hint(sink, "use --template-dir=DIR or set SCOMC_TEMPLATE_DIR");
		if (s)
			xsltFreeStylesheet(s);
		s = NULL;
		r->failed = true;
	}
	strbuf_release(&path);
	return s;
}

/* Runs style on doc with the generator parameter; NULL after reporting. */
static xmlDocPtr transform(struct render *r, xsltStylesheetPtr style, xmlDocPtr doc,
			   struct diag_sink *sink)
{
	if (!r->prefs)
		r->prefs = make_prefs();
	xsltTransformContextPtr ctxt = xsltNewTransformContext(style, doc);
	if (!ctxt)
		BUG("xsltNewTransformContext failed");
	xsltSetCtxtSecurityPrefs(r->prefs, ctxt);
	xsltQuoteOneUserParam(ctxt, BAD_CAST "generator", BAD_CAST "scomc " SCOMC_VERSION);
	xsltSetGenericErrorFunc(NULL, silent);
	xmlDocPtr res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, ctxt);
	xsltSetGenericErrorFunc(NULL, NULL);
	bool bad = !res || ctxt->state == XSLT_STATE_ERROR || ctxt->state == XSLT_STATE_STOPPED;
	xsltFreeTransformContext(ctxt);
	if (bad) {
		xmlFreeDoc(res);
		diag_env_error(sink, "E503", "template failed while rendering pages");
		return NULL;
	}
	return res;
}

static int to_strbuf(void *ctx, const char *data, int len)
{
	strbuf_add(ctx, data, (size_t)len);
	return len;
}

/* <!DOCTYPE html> + the <html> element serialized with XHTML rules. The
 * save context has no encoding: "UTF-8" would send every byte through
 * libxml2's converter and an extra buffer. With the document's encoding
 * set and the default escaping (not the ASCII-only one a context without
 * encoding starts with), the bytes are the same. */
static void serialize_page(xmlNodePtr html, struct strbuf *sb)
{
	strbuf_adds(sb, "<!DOCTYPE html>\n");
	const xmlChar *enc = html->doc->encoding;
	html->doc->encoding = BAD_CAST "UTF-8";
	xmlSaveCtxtPtr s = xmlSaveToIO(to_strbuf, NULL, sb, NULL,
				       XML_SAVE_NO_DECL | XML_SAVE_XHTML | XML_SAVE_FORMAT);
	if (!s)
		BUG("xmlSaveToIO failed");
	xmlSaveSetEscape(s, NULL);
	xmlSaveSetAttrEscape(s, NULL);
	xmlSaveTree(s, html);
	xmlSaveClose(s);
	html->doc->encoding = enc;
	if (sb->len && sb->buf[sb->len - 1] != '\n')
		strbuf_addc(sb, '\n');
}

static bool page_name_ok(const char *href)
{
	size_t n = strlen(href);
	if (n < 6 || strcmp(href + n - 5, ".html") != 0 || strchr(href, '/'))
		return false;
	return out_safe_name(href);
}

static int write_pages(xmlDocPtr pages, const char *prefix, struct out *o, struct diag_sink *sink)
{
	xmlNodePtr root = xmlDocGetRootElement(pages);
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	int rc = 0;
	for (xmlNodePtr p = model_child(root, "page"); p && rc == 0; p = model_next(p, "page")) {
		const char *href = model_attr(p, "href");
		xmlNodePtr html = model_child(p, "html");
		if (!href || !html || !page_name_ok(href)) {
			rc = diag_error(sink, LOC_NONE, "E504", "unsafe page name '%s'", href ? href : "");
			break;
		}
		strbuf_reset(&sb);
		strbuf_reset(&path);
		serialize_page(html, &sb);
		strbuf_addf(&path, "%s%s", prefix, href);
		rc = out_write(o, path.buf, sb.buf, sb.len, sink);
	}
	strbuf_release(&sb);
	strbuf_release(&path);
	return rc;
}

int render_pack(struct render *r, struct model *m, const char *prefix, struct out *o,
		struct diag_sink *sink)
{
	if (!r->pack && !r->failed)
		r->pack = load(r, "pack.xsl", sink);
	if (!r->pack)
		return -1;
	xmlDocPtr pages = transform(r, r->pack, m->doc, sink);
	if (!pages)
		return -1;
	struct strbuf dir = STRBUF_INIT;
	strbuf_addf(&dir, "%s%s/", prefix, model_attr(xmlDocGetRootElement(m->doc), "id"));
	int rc = write_pages(pages, dir.buf, o, sink);
	strbuf_release(&dir);
	xmlFreeDoc(pages);
	return rc;
}

static int copy_asset(struct render *r, const char *name, const char *prefix, struct out *o,
		      struct diag_sink *sink)
{
	struct strbuf path = STRBUF_INIT, rel = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", r->dir, name);
	strbuf_addf(&rel, "%sassets/%s", prefix, name);
	struct source src;
	struct strbuf err = STRBUF_INIT;
	int rc;
	if (source_load(&src, path.buf, 4u << 20, &err) != SOURCE_OK)
		rc = diag_env_error(sink, "E503", "cannot read template asset '%s'", path.buf);
	else
		rc = out_write(o, rel.buf, src.data, src.len, sink);
	source_release(&src);
	strbuf_release(&err);
	strbuf_release(&path);
	strbuf_release(&rel);
	return rc;
}

int render_home(struct render *r, xmlDocPtr site, const char *prefix, struct out *o,
		struct diag_sink *sink)
{
	if (!r->home && !r->failed)
		r->home = load(r, "home.xsl", sink);
	if (!r->home)
		return -1;
	xmlDocPtr pages = transform(r, r->home, site, sink);
	if (!pages)
		return -1;
	int rc = write_pages(pages, prefix, o, sink);
	xmlFreeDoc(pages);
	for (size_t i = 0; i < ARRAY_SIZE(assets) && rc == 0; i++)
		rc = copy_asset(r, assets[i], prefix, o, sink);
	return rc;
}
