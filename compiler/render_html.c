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

#include "html_out.h"
#include "source.h"
#include "strbuf.h"
#include "version.h"
#include "xmlenv.h"

/* Files copied from the template directory to assets/: the site's own, then
 * the search library and its licence (templates/vendor/README.md). */
static const char *const assets[][2] = {
	{ "scomc.css", "scomc.css" },
	{ "scomc.js", "scomc.js" },
	{ "vendor/minisearch.js", "minisearch.js" },
	{ "vendor/minisearch.LICENSE.txt", "minisearch.LICENSE.txt" },
};

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
	if (r->changes)
		xsltFreeStylesheet(r->changes);
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

static xsltStylesheetPtr load(struct render *r, const char *name, struct diag_sink *sink)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", r->dir, name);
	xsltSetGenericErrorFunc(NULL, xmlenv_silent);
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

/* Runs style on doc with the generator parameter and the (name, value)
 * string pairs of params (NULL-terminated, may be NULL); NULL after
 * reporting. */
static xmlDocPtr transform(struct render *r, xsltStylesheetPtr style, xmlDocPtr doc,
			   const char *const *params, struct diag_sink *sink)
{
	if (!r->prefs)
		r->prefs = make_prefs();
	xsltTransformContextPtr ctxt = xsltNewTransformContext(style, doc);
	if (!ctxt)
		BUG("xsltNewTransformContext failed");
	xsltSetCtxtSecurityPrefs(r->prefs, ctxt);
	xsltQuoteOneUserParam(ctxt, BAD_CAST "generator", BAD_CAST "scomc " SCOMC_VERSION);
	for (size_t i = 0; params && params[i]; i += 2)
		xsltQuoteOneUserParam(ctxt, BAD_CAST params[i], BAD_CAST params[i + 1]);
	xsltSetGenericErrorFunc(NULL, xmlenv_silent);
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

/* Nodes from first on (first alone if !siblings) serialized with XHTML
 * rules; format indents elements that hold no text, which a node inside
 * mixed content (an index row) must not get.  The save context has no encoding: "UTF-8" would send every byte
 * through libxml2's converter and an extra buffer. With the document's
 * encoding set and the default escaping (not the ASCII-only one a context
 * without encoding starts with), the bytes are the same. */
static void serialize(xmlNodePtr first, bool siblings, bool format, struct strbuf *sb)
{
	if (html_out(first, siblings, format, sb) == 0) /* the same bytes, faster */
		return;
	const xmlChar *enc = first->doc->encoding;
	first->doc->encoding = BAD_CAST "UTF-8";
	xmlSaveCtxtPtr s = xmlSaveToIO(to_strbuf, NULL, sb, NULL,
				       XML_SAVE_NO_DECL | XML_SAVE_XHTML | (format ? XML_SAVE_FORMAT : 0));
	if (!s)
		BUG("xmlSaveToIO failed");
	xmlSaveSetEscape(s, NULL);
	xmlSaveSetAttrEscape(s, NULL);
	for (xmlNodePtr n = first; n; n = siblings ? n->next : NULL)
		xmlSaveTree(s, n);
	xmlSaveClose(s);
	first->doc->encoding = enc;
}

/* <!DOCTYPE html> + the <html> element, ending in a newline. */
static void serialize_page(xmlNodePtr html, struct strbuf *sb)
{
	strbuf_adds(sb, "<!DOCTYPE html>\n");
	serialize(html, false, true, sb);
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

/* The <html> of a <page> with a safe href, or NULL after reporting E504. */
static xmlNodePtr page_html(xmlNodePtr page, struct diag_sink *sink)
{
	const char *href = model_attr(page, "href");
	xmlNodePtr html = model_child(page, "html");
	if (!href || !html || !page_name_ok(href)) {
		diag_error(sink, LOC_NONE, "E504", "unsafe page name '%s'", href ? href : "");
		return NULL;
	}
	return html;
}

/* Writes every <page> of pages to prefix + its href. */
static int write_pages(xmlDocPtr pages, const char *prefix, struct out *o, struct diag_sink *sink)
{
	xmlNodePtr root = xmlDocGetRootElement(pages);
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	int rc = 0;
	for (xmlNodePtr p = model_child(root, "page"); p && rc == 0; p = model_next(p, "page")) {
		xmlNodePtr html = page_html(p, sink);
		if (!html) {
			rc = -1;
			break;
		}
		strbuf_reset(&sb);
		strbuf_reset(&path);
		serialize_page(html, &sb);
		strbuf_addf(&path, "%s%s", prefix, model_attr(p, "href"));
		rc = out_write(o, path.buf, sb.buf, sb.len, sink);
	}
	strbuf_release(&sb);
	strbuf_release(&path);
	return rc;
}

/* ---- one page at a time ----
 *
 * pack.xsl runs once for the pack index (part=index: the rows are left out,
 * a <!--rows--> comment marks their place) and once per alert (part=pages)
 * on a small working document: a copy of the pack element with every child
 * that has no page of its own, into which the alert is moved for its
 * transform and from which it is moved back. The alert's page is written at
 * once and its index row appended to the streamed index.html, so the
 * largest result tree alive is one page's, whatever the size of the pack.
 */

static const char rows_marker[] = "<!--rows-->";

struct pack_pages {
	xmlDocPtr work;           /* the working document (owned) */
	struct out_stream *index; /* <prefix>index.html */
	struct strbuf tail;       /* index.html after the rows */
	struct strbuf sb, path;   /* scratch */
};

static bool own_page(xmlNodePtr n)
{
	return model_is_item(n);
}

/* The working document. It shares the model's name dictionary, so that an
 * alert moved in keeps valid names (xmlSetTreeDoc does not re-intern). */
static xmlDocPtr work_doc(xmlDocPtr model)
{
	xmlDocPtr d = xmlNewDoc(BAD_CAST "1.0");
	if (!d)
		BUG("xmlNewDoc failed");
	if (model->dict) {
		d->dict = model->dict;
		xmlDictReference(d->dict);
	}
	xmlNodePtr root = xmlDocGetRootElement(model);
	xmlNodePtr copy = xmlDocCopyNode(root, d, 2);
	if (!copy)
		BUG("xmlDocCopyNode failed");
	xmlDocSetRootElement(d, copy);
	for (xmlNodePtr c = root->children; c; c = c->next)
		if (!own_page(c) && !xmlAddChild(copy, xmlDocCopyNode(c, d, 1)))
			BUG("cannot copy the pack's '%s'", (const char *)c->name);
	return d;
}

/* Transforms the index page, streams it up to the rows, keeps the rest.
 * changes, when not NULL, is the <changes> document the index links to. */
static int open_index(struct render *r, struct pack_pages *pp, size_t nalerts, xmlDocPtr changes,
		      const char *dir, struct out *o, struct diag_sink *sink)
{
	char count[32];
	snprintf(count, sizeof(count), "%zu", nalerts);
	xmlNodePtr ch = changes ? xmlDocGetRootElement(changes) : NULL;
	const char *const params[] = { "part", "index", "alert-count", count,
				       "changes-href", ch ? model_attr(ch, "href") : "",
				       "changes-baseline", ch ? model_attr(ch, "baseline") : "", NULL };
	xmlDocPtr res = transform(r, r->pack, pp->work, params, sink);
	if (!res)
		return -1;
	xmlNodePtr page = model_child(xmlDocGetRootElement(res), "page");
	xmlNodePtr html = page ? page_html(page, sink) : NULL;
	int rc = -1;
	const char *mark = NULL;
	if (html) {
		serialize_page(html, &pp->sb);
		mark = strstr(pp->sb.buf, rows_marker);
	}
	if (mark) {
		strbuf_addf(&pp->path, "%s%s", dir, model_attr(page, "href"));
		pp->index = out_stream_open(o, pp->path.buf, sink);
		size_t head = (size_t)(mark - pp->sb.buf);
		strbuf_adds(&pp->tail, mark + strlen(rows_marker));
		rc = pp->index ? out_stream_add(pp->index, pp->sb.buf, head) : -1;
	} else if (html) {
		diag_env_error(sink, "E503", "template 'pack.xsl' left no place for the index rows");
	}
	xmlFreeDoc(res);
	return rc;
}

/* Alerts per transform: enough to spread the cost of a transform context
 * (a few dozen allocations and lookups) thin, few enough that the result
 * tree stays small. */
enum { PAGE_BATCH = 64 };

struct batch {
	xmlNodePtr alert[PAGE_BATCH], next[PAGE_BATCH], parent;
	size_t n;
};

/* Links n as the last child of parent. Unlike xmlAddChild(), it leaves
 * n->doc alone: a moved alert still names the model as its document, so
 * neither moving it in nor moving it back walks its subtree to change that
 * (xmlSetTreeDoc() was 1.4% of a site build). The transform reaches the
 * alerts from the working document's root, and both documents share one
 * name dictionary. */
static void link_last(xmlNodePtr parent, xmlNodePtr n)
{
	n->parent = parent;
	n->next = NULL;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->children = n;
	parent->last = n;
}

/* Moves up to PAGE_BATCH alerts from a on into the working document and
 * returns the alert after them. */
static xmlNodePtr move_in(struct pack_pages *pp, struct batch *b, xmlNodePtr a)
{
	b->n = 0;
	b->parent = a->parent;
	while (a && b->n < PAGE_BATCH) {
		xmlNodePtr after = model_next_item(a);
		b->alert[b->n] = a;
		b->next[b->n++] = a->next;
		xmlUnlinkNode(a);
		link_last(xmlDocGetRootElement(pp->work), a);
		a = after;
	}
	return a;
}

/* Puts the alerts back where they were, last first (each one's next
 * sibling is then in place again); they are of the model's document, so
 * xmlAddPrevSibling() and xmlAddChild() do not walk them. */
static void move_back(struct batch *b)
{
	for (size_t i = b->n; i-- > 0;) {
		xmlUnlinkNode(b->alert[i]);
		if (b->next[i])
			xmlAddPrevSibling(b->next[i], b->alert[i]);
		else
			xmlAddChild(b->parent, b->alert[i]);
	}
}

/* Renders a batch of alerts from a on in the working document, writes their
 * pages and appends their index rows; *rest is the next alert. The alerts
 * are back in their places in the model on return. */
static int render_alerts(struct render *r, struct pack_pages *pp, xmlNodePtr a, xmlNodePtr *rest,
			 const char *dir, struct out *o, struct diag_sink *sink)
{
	struct batch b;
	*rest = move_in(pp, &b, a);
	static const char *const params[] = { "part", "pages", NULL };
	xmlDocPtr res = transform(r, r->pack, pp->work, params, sink);
	move_back(&b);
	if (!res)
		return -1;
	int rc = write_pages(res, dir, o, sink);
	xmlNodePtr root = xmlDocGetRootElement(res);
	for (xmlNodePtr row = model_child(root, "row"); row && rc == 0; row = model_next(row, "row")) {
		if (!row->children)
			continue;
		strbuf_reset(&pp->sb);
		serialize(row->children, true, false, &pp->sb);
		rc = out_stream_add(pp->index, pp->sb.buf, pp->sb.len);
	}
	xmlFreeDoc(res);
	return rc;
}

/* The page of changes (changes.xsl) into dir. */
static int render_changes(struct render *r, xmlDocPtr changes, const char *dir, struct out *o,
			  struct diag_sink *sink)
{
	if (!r->changes && !r->failed)
		r->changes = load(r, "changes.xsl", sink);
	if (!r->changes)
		return -1;
	xmlDocPtr pages = transform(r, r->changes, changes, NULL, sink);
	if (!pages)
		return -1;
	int rc = write_pages(pages, dir, o, sink);
	xmlFreeDoc(pages);
	return rc;
}

int render_pack(struct render *r, struct model *m, xmlDocPtr changes, const char *prefix,
		struct out *o, struct diag_sink *sink)
{
	if (!r->pack && !r->failed)
		r->pack = load(r, "pack.xsl", sink);
	if (!r->pack)
		return -1;
	xmlNodePtr root = xmlDocGetRootElement(m->doc);
	size_t n = 0;
	for (xmlNodePtr a = model_first_item(root); a; a = model_next_item(a))
		n++;
	struct strbuf dir = STRBUF_INIT;
	strbuf_addf(&dir, "%s%s/", prefix, model_attr(root, "id"));
	struct pack_pages pp = { .work = work_doc(m->doc) };
	strbuf_init(&pp.tail);
	strbuf_init(&pp.sb);
	strbuf_init(&pp.path);
	int rc = open_index(r, &pp, n, changes, dir.buf, o, sink);
	for (xmlNodePtr a = model_first_item(root); a && rc == 0;)
		rc = render_alerts(r, &pp, a, &a, dir.buf, o, sink);
	if (pp.index) {
		if (rc == 0)
			rc = out_stream_add(pp.index, pp.tail.buf, pp.tail.len);
		if (out_stream_close(pp.index, rc == 0) != 0)
			rc = -1;
	}
	if (rc == 0 && changes)
		rc = render_changes(r, changes, dir.buf, o, sink);
	xmlFreeDoc(pp.work);
	strbuf_release(&pp.tail);
	strbuf_release(&pp.sb);
	strbuf_release(&pp.path);
	strbuf_release(&dir);
	return rc;
}

static int copy_asset(struct render *r, const char *name, const char *as, const char *prefix,
		      struct out *o, struct diag_sink *sink)
{
	struct strbuf path = STRBUF_INIT, rel = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", r->dir, name);
	strbuf_addf(&rel, "%sassets/%s", prefix, as);
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
	xmlDocPtr pages = transform(r, r->home, site, NULL, sink);
	if (!pages)
		return -1;
	int rc = write_pages(pages, prefix, o, sink);
	xmlFreeDoc(pages);
	for (size_t i = 0; i < ARRAY_SIZE(assets) && rc == 0; i++)
		rc = copy_asset(r, assets[i][0], assets[i][1], prefix, o, sink);
	return rc;
}
