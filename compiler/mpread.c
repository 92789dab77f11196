/*
 * mpread.c - reading existing management packs (XML, UTF-16, sealed .mp),
 * exact element locations, the manifest and element index.
 *
 * Locations: the offset of each element's start tag (+ 1) is stored in its
 * _private while libxml2 parses (start_element()). Where that cannot be
 * known (text libxml2 converted from another encoding), one scan of the
 * text finds every start tag in document order instead; since a document
 * without a DTD has exactly one element per start tag, the n-th start tag
 * belongs to the n-th element of a preorder walk.
 */
#include "mpread.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "model.h"
#include "source.h"
#include "strbuf.h"
#include "unseal.h"
#include "utf.h"
#include "xmlenv.h"

/* Bytes per input file (E101): the compiler's limit for .alert sources, so
 * that what scomc compiles it reads back (one pack of 10,000 generated
 * alerts is 70 MB); the tree stays bounded by MP_MAX_ELEMENTS. */
enum { MP_INPUT_LIMIT = SOURCE_INPUT_LIMIT };
/* Elements per pack (E650): ten times the largest packs Microsoft ships.
 * A tree takes some hundred bytes per element and the checks time in
 * proportion; a 128 MiB file of "<a/>" would be 32 million of them. */
enum { MP_MAX_ELEMENTS = 1000000 };
/* libxml2's depth limit without XML_PARSE_HUGE (its xmlParserMaxDepth):
 * E651. */
enum { MP_MAX_DEPTH = 256 };

/* ---- text ---- */

/* 1 = UTF-16LE, 2 = UTF-16BE, 0 = not UTF-16. *skip: BOM bytes. */
static int utf16_kind(const unsigned char *d, size_t n, size_t *skip)
{
	*skip = 0;
	if (n >= 2 && d[0] == 0xFF && d[1] == 0xFE) {
		*skip = 2;
		return 1;
	}
	if (n >= 2 && d[0] == 0xFE && d[1] == 0xFF) {
		*skip = 2;
		return 2;
	}
	if (n >= 2 && d[0] == '<' && d[1] == 0)
		return 1;
	if (n >= 2 && d[0] == 0 && d[1] == '<')
		return 2;
	return 0;
}

char *mp_unsealed_text(const char *xml, size_t len, size_t *out_len)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	if (len >= 5 && memcmp(xml, "<?xml", 5) == 0) {
		const char *e = strstr(xml, "?>");
		size_t skip = e ? (size_t)(e - xml) + 2 : 0;
		while (skip < len && (xml[skip] == '\r' || xml[skip] == '\n'))
			skip++;
		xml += skip;
		len -= skip;
	}
	strbuf_add(&sb, xml, len);
	if (!len || xml[len - 1] != '\n')
		strbuf_addc(&sb, '\n');
	return strbuf_detach(&sb, out_len);
}

/* ---- reading ---- */

static struct source *new_source(void) { return xcalloc(1, sizeof(struct source)); }

static void replace_source(struct mp_file *mp, const char *data, size_t len)
{
	struct source *s = new_source();
	source_init_mem(s, mp->path, data, len);
	source_release(mp->src);
	free(mp->src);
	mp->src = s;
}

static bool looks_sealed(const struct source *raw, const char *path)
{
	if (raw->len >= 2 && raw->data[0] == 'M' && raw->data[1] == 'Z')
		return true;
	size_t n = strlen(path);
	const char *p = raw->data + raw->bom;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	size_t skip;
	bool xml = *p == '<' || utf16_kind((const unsigned char *)raw->data, raw->len, &skip);
	return n > 3 && strcasecmp(path + n - 3, ".mp") == 0 && !xml;
}

static int read_sealed(struct mp_file *mp, struct diag_sink *sink)
{
	struct unseal_result r;
	memset(&r, 0, sizeof(r));
	mp->sealed = true;
	if (unseal_mp((const unsigned char *)mp->src->data, mp->src->len, &r) != 0) {
		diag_file_error(sink, mp->src, "E603", "cannot unseal: %s (at byte %zu)",
				r.error, r.error_offset);
		unseal_result_release(&r);
		return -1;
	}
	mp->signature = r.signature;
	memcpy(mp->token, r.token, sizeof(mp->token));
	memcpy(mp->asm_name, r.name, sizeof(mp->asm_name));
	memcpy(mp->asm_version, r.version, sizeof(mp->asm_version));
	size_t len;
	char *text = mp_unsealed_text(r.xml, r.xml_len, &len);
	unseal_result_release(&r);
	replace_source(mp, text, len);
	free(text);
	return 0;
}

static int read_utf16(struct mp_file *mp, int kind, size_t skip, struct diag_sink *sink)
{
	char *text;
	size_t len, bad = 0;
	const unsigned char *d = (const unsigned char *)mp->src->data;
	enum utf_error e = utf_from16(d + skip, mp->src->len - skip, kind == 2, &text, &len, &bad);
	if (e == UTF_NOMEM)
		return diag_env_error(sink, "E501", "cannot read '%s': out of memory", mp->path);
	if (e != UTF_OK)
		return diag_file_error(sink, mp->src, "E602", "invalid UTF-16 at character %zu", bad + 1);
	replace_source(mp, text, len);
	free(text);
	return 1;
}

static int read_text(struct mp_file *mp, struct diag_sink *sink)
{
	struct strbuf err = STRBUF_INIT;
	mp->src = new_source();
	enum source_status st = source_load(mp->src, mp->path, MP_INPUT_LIMIT, &err);
	if (st == SOURCE_IO) {
		diag_env_file_error(sink, mp->path, "E501", "%s", err.buf);
		strbuf_release(&err);
		source_release(mp->src);
		free(mp->src);
		mp->src = NULL;
		return -1;
	}
	strbuf_release(&err);
	if (st == SOURCE_TOO_BIG)
		return diag_file_error(sink, mp->src, "E101", "input larger than %d bytes", MP_INPUT_LIMIT);
	if (looks_sealed(mp->src, mp->path))
		return read_sealed(mp, sink) ? -1 : 1;
	size_t skip;
	int kind = utf16_kind((const unsigned char *)mp->src->data, mp->src->len, &skip);
	return kind ? read_utf16(mp, kind, skip, sink) : 0;
}

/*
 * Element offsets while parsing: when libxml2 reports a start tag, the
 * input points at its closing '>' (or "/>"), and the '<' is the last one
 * before it (attribute values cannot hold a literal '<'). The offset
 * (+ 1) goes into the new node's _private, as assign_offsets() would
 * store it, without a second walk over the tree and the text. An element
 * whose '<' is no longer in the input buffer keeps 0; assign_offsets()
 * then runs.
 */
struct offsets {
	startElementNsSAX2Func start; /* libxml2's own handlers */
	charactersSAXFunc characters;
	bool missed;
	size_t elements; /* start tags seen */
	int over_line;   /* line of the start tag past MP_MAX_ELEMENTS, or 0 */
	size_t over_off; /* and its tag_offset() */
	bool lean;       /* mp_open_lean(): count, record no offsets */
};

static bool all_blank(const xmlChar *ch, int len)
{
	for (int i = 0; i < len; i++)
		if (ch[i] != ' ' && ch[i] != '\t' && ch[i] != '\n' && ch[i] != '\r')
			return false;
	return true;
}

/* mp_open_lean(): white space only text is not built where it stands
 * between elements (the input goes on with a start tag, or with an end
 * tag after an element) of an element in no namespace (not MAML, where
 * white space between inline elements is text), and does not continue
 * a text node. Such text is never content: its element has elements. */
static void lean_characters(void *ctx, const xmlChar *ch, int len)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct offsets *o = ctxt->_private;
	xmlNodePtr p = ctxt->node, last = p ? p->last : NULL;
	const xmlChar *cur = ctxt->input ? ctxt->input->cur : NULL;
	bool between = p && !p->ns && (!last || last->type == XML_ELEMENT_NODE) && cur && cur[0] == '<' &&
		       (cur[1] == '/' ? last != NULL : cur[1] != '!' && cur[1] != '?' && cur[1] != '\0');
	if (!between || !all_blank(ch, len))
		o->characters(ctx, ch, len);
}

/* Offset + 1 in the text of the '<' of the start tag just read, or 0
 * when it is not known (converted from another encoding: offsets into
 * libxml2's UTF-8 copy are not offsets into the text; UTF-8 to UTF-8, for
 * text converted from UTF-16 or unsealed, copies bytes unchanged). */
static size_t tag_offset(xmlParserCtxtPtr ctxt)
{
	xmlParserInputPtr in = ctxt->input;
	xmlCharEncodingHandlerPtr enc = in && in->buf ? in->buf->encoder : NULL;
	if (!in || (enc && (!enc->name || strcasecmp(enc->name, "UTF-8") != 0)))
		return 0;
	const xmlChar *p = in->cur;
	while (p > in->base && *p != '<')
		p--;
	return *p == '<' ? (size_t)in->consumed + (size_t)(p - in->base) + 1 : 0;
}

static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			  const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
			  int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct offsets *o = ctxt->_private;
	if (++o->elements > MP_MAX_ELEMENTS) { /* E650: stop before the tree grows further */
		o->over_off = tag_offset(ctxt);
		o->over_line = xmlSAX2GetLineNumber(ctx) > 0 ? xmlSAX2GetLineNumber(ctx) : 1;
		xmlStopParser(ctxt);
		return;
	}
	o->start(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
		 attributes);
	if (o->lean)
		return;
	size_t off = tag_offset(ctxt);
	if (off && ctxt->node && !ctxt->node->_private)
		ctxt->node->_private = (void *)(uintptr_t)off;
	else
		o->missed = true;
}

/* The text, handed to libxml2 in the chunks it asks for: unlike
 * xmlReadMemory(), which copies it whole first. */
struct reader {
	const char *p;
	size_t left;
};

static int read_chunk(void *ctx, char *buf, int len)
{
	struct reader *r = ctx;
	size_t n = MIN(r->left, (size_t)(len > 0 ? len : 0));
	memcpy(buf, r->p, n);
	r->p += n;
	r->left -= n;
	return (int)n;
}

static xmlDocPtr parse(struct mp_file *mp, bool utf8, struct xmlenv_error *err, bool *missed, struct loc *over)
{
	memset(err, 0, sizeof(*err));
	/* XML_PARSE_COMPACT (xmllint's default too) keeps short text inside
	 * its node: fewer allocations on a large pack. The tree is then
	 * read-only, which every reader of an existing pack is. */
	int opts = XMLENV_PARSE_OPTIONS | XML_PARSE_COMPACT | (utf8 ? XML_PARSE_IGNORE_ENC : 0);
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		BUG("xmlNewParserCtxt failed");
	struct offsets o = { ctxt->sax->startElementNs, ctxt->sax->characters, false, 0, 0, 0, mp->lean };
	ctxt->_private = &o;
	if (mp->lean) /* both, so that libxml2 does not tell them apart */
		ctxt->sax->characters = ctxt->sax->ignorableWhitespace = lean_characters;
	/* lean: counted only (E650), offsets when a location is first asked for */
	ctxt->sax->startElementNs = start_element;
	struct reader r = { mp->src->data, mp->src->len };
	xmlSetStructuredErrorFunc(err, xmlenv_capture);
	xmlDocPtr doc = xmlCtxtReadIO(ctxt, read_chunk, NULL, &r, mp->path, utf8 ? "UTF-8" : NULL, opts);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlFreeParserCtxt(ctxt);
	*missed = o.missed;
	if (o.over_line) { /* E650 at the start tag, or its line */
		size_t start = 0, len = 0;
		source_line(mp->src, (unsigned)o.over_line, &start, &len);
		*over = (struct loc){ mp->src, o.over_off ? o.over_off - 1 : start, 0 };
	}
	if (doc && (err->set || o.over_line)) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (!doc && !err->set)
		snprintf(err->msg, sizeof(err->msg), "malformed XML");
	return doc;
}

/* ---- element offsets ---- */

static xmlNodePtr next_element(xmlNodePtr n, xmlNodePtr root)
{
	if (n->children) {
		for (xmlNodePtr c = n->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				return c;
	}
	while (n && n != root) {
		for (xmlNodePtr s = n->next; s; s = s->next)
			if (s->type == XML_ELEMENT_NODE)
				return s;
		n = n->parent;
	}
	return NULL;
}

/* Offset just past the construct that starts at p ("<!--", "<?", ...). */
static const char *skip_markup(const char *p, const char *end)
{
	const char *close = "";
	if (end - p >= 4 && memcmp(p, "<!--", 4) == 0)
		close = "-->";
	else if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
		close = "]]>";
	else if (end - p >= 2 && p[1] == '?')
		close = "?>";
	else
		close = ">";
	size_t cl = strlen(close);
	for (const char *q = p + 1; q + cl <= end; q++)
		if (memcmp(q, close, cl) == 0)
			return q + cl;
	return end;
}

static void assign_offsets(struct mp_file *mp)
{
	xmlNodePtr root = xmlDocGetRootElement(mp->doc);
	const char *d = mp->src->data, *end = d + mp->src->len;
	const char *p = d;
	for (xmlNodePtr n = root; n; n = next_element(n, root)) {
		while (p < end) {
			p = memchr(p, '<', (size_t)(end - p));
			if (!p) {
				p = end;
				break;
			}
			if (p + 1 < end && (p[1] == '!' || p[1] == '?' || p[1] == '/')) {
				p = p[1] == '/' ? p + 2 : skip_markup(p, end);
				continue;
			}
			break;
		}
		if (p >= end)
			return;
		n->_private = (void *)(uintptr_t)((size_t)(p - d) + 1);
		p++;
	}
}

/* True when the first non-blank byte (after a BOM) is '<'. */
static bool looks_like_xml(const struct source *src)
{
	const char *p = src->data + src->bom, *end = src->data + src->len;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	return p == end || *p == '<';
}

int mp_parse(struct mp_file *mp, bool utf8, struct diag_sink *sink)
{
	if (mp->src->len > INT_MAX)
		return diag_file_error(sink, mp->src, "E101", "input larger than %d bytes", INT_MAX);
	struct xmlenv_error err;
	bool missed = false;
	struct loc over = { NULL, 0, 0 };
	mp->doc = parse(mp, utf8, &err, &missed, &over);
	if (!mp->doc && over.src) {
		diag_error(sink, over, "E650", "more than %d elements: the pack is not read", MP_MAX_ELEMENTS);
		diag_hint(sink, "scomc reads packs of up to %d elements; real ones have far fewer", MP_MAX_ELEMENTS);
		return -1;
	}
	if (!mp->doc) {
		struct loc l = { mp->src, mp->src->bom, 0 };
		size_t start, len;
		if (err.line > 0 && source_line(mp->src, (unsigned)err.line, &start, &len))
			l.off = start + (err.col > 1 ? MIN((size_t)err.col - 1, len) : 0);
		if (strstr(err.msg, "Excessive depth")) { /* libxml2's limit without XML_PARSE_HUGE */
			diag_error(sink, l, "E651", "elements nested deeper than %d: the pack is not read",
				   MP_MAX_DEPTH);
			diag_hint(sink, "a real pack nests elements a few dozen levels deep at most");
			return -1;
		}
		bool dtd = strstr(err.msg, "ntity") || strstr(err.msg, "DOCTYPE");
		diag_error(sink, l, "E602", "%s%s", dtd ? "entities and DTDs are not allowed: " : "malformed XML: ", err.msg);
		if (!looks_like_xml(mp->src))
			diag_hint(sink, "this command reads management packs (MP XML or sealed .mp); "
					"'scomc check FILE' checks .alert source");
		return -1;
	}
	if (mp->doc->intSubset || mp->doc->extSubset) {
		const char *p = strstr(mp->src->data, "<!DOCTYPE");
		struct loc l = { mp->src, p ? (size_t)(p - mp->src->data) : 0, p ? 9 : 0 };
		diag_error(sink, l, "E602", "DTDs are not allowed in management packs");
		diag_hint(sink, "remove the <!DOCTYPE ...> declaration and any entities");
		xmlFreeDoc(mp->doc);
		mp->doc = NULL;
		return -1;
	}
	if (missed && !mp->lean)
		assign_offsets(mp);
	mp->offsets_pending = mp->lean;
	xmlNodePtr root = xmlDocGetRootElement(mp->doc);
	if (root && !root->ns && strcmp((const char *)root->name, "ManagementPack") == 0)
		mp->root = root;
	return 0;
}

int mp_read(struct mp_file *mp, const char *path, struct diag_sink *sink)
{
	memset(mp, 0, sizeof(*mp));
	mp->path = xstrdup(path);
	mp->signature = UNSEAL_SIG_NONE;
	return read_text(mp, sink);
}

int mp_load(struct mp_file *mp, const char *path, struct diag_sink *sink)
{
	int kind = mp_read(mp, path, sink);
	if (kind < 0)
		return -1;
	return mp_parse(mp, kind == 1, sink);
}

static int open_pack(struct mp_file *mp, const char *path, bool lean, struct diag_sink *sink)
{
	int kind = mp_read(mp, path, sink);
	if (kind < 0)
		return -1;
	mp->lean = lean;
	if (mp_parse(mp, kind == 1, sink) != 0)
		return -1;
	if (!mp->root) {
		xmlNodePtr r = xmlDocGetRootElement(mp->doc);
		const char *name = r ? (const char *)r->name : "";
		diag_error(sink, mp_loc(mp, r), "E601", "not a management pack: the root element is '%s'", name);
		if (!strcmp(name, "ManagementPackFragment"))
			diag_hint(sink, "this is a VSAE fragment (.mpx); verify the built pack instead");
		else
			diag_hint(sink, "a management pack starts with <ManagementPack>");
		return -1;
	}
	mp_index(mp);
	return 0;
}

int mp_open(struct mp_file *mp, const char *path, struct diag_sink *sink)
{
	return open_pack(mp, path, false, sink);
}

int mp_open_lean(struct mp_file *mp, const char *path, struct diag_sink *sink)
{
	return open_pack(mp, path, true, sink);
}

int mp_load_mem(struct mp_file *mp, const char *name, const char *text, size_t len, struct diag_sink *sink)
{
	memset(mp, 0, sizeof(*mp));
	mp->path = xstrdup(name);
	mp->src = xcalloc(1, sizeof(*mp->src));
	source_init_mem(mp->src, name, text, len);
	if (mp_parse(mp, true, sink) != 0)
		return -1;
	mp_index(mp);
	return 0;
}

int mp_borrow(struct mp_file *mp, const char *name, xmlDocPtr doc)
{
	memset(mp, 0, sizeof(*mp));
	mp->path = xstrdup(name);
	mp->src = xcalloc(1, sizeof(*mp->src));
	source_init_mem(mp->src, name, "", 0);
	mp->doc = doc;
	mp->borrowed = true;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!root || root->ns || strcmp((const char *)root->name, "ManagementPack") != 0)
		return -1;
	mp->root = root;
	mp_index(mp);
	return 0;
}

void mp_unload(struct mp_file *mp)
{
	if (!mp)
		return;
	if (!mp->borrowed)
		xmlFreeDoc(mp->doc);
	for (size_t i = 0; i < mp->nrefs; i++) {
		free(mp->refs[i].alias);
		free(mp->refs[i].id);
		free(mp->refs[i].version);
		free(mp->refs[i].token);
	}
	free(mp->refs);
	free(mp->dups);
	xmlHashFree(mp->elements, NULL);
	mp_strings_release(mp->strings);
	free(mp->strings);
	free(mp->id);
	free(mp->version);
	struct source *src = mp->src;
	char *path = mp->path;
	memset(mp, 0, sizeof(*mp));
	mp->src = src;
	mp->path = path;
}

void mp_release(struct mp_file *mp)
{
	if (!mp)
		return;
	mp_unload(mp);
	if (mp->src) {
		source_release(mp->src);
		free(mp->src);
	}
	free(mp->path);
	memset(mp, 0, sizeof(*mp));
}

/* ---- tree helpers ---- */

static void text_into(xmlNodePtr n, struct strbuf *sb, int depth)
{
	for (xmlNodePtr c = n->children; c && depth < 64; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			strbuf_adds(sb, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			text_into(c, sb, depth + 1);
	}
}

char *mp_text(xmlNodePtr n)
{
	struct strbuf sb = STRBUF_INIT;
	if (n)
		text_into(n, &sb, 0);
	if (!sb.buf)
		return xstrdup("");
	return strbuf_detach(&sb, NULL);
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

char *mp_text_trim(xmlNodePtr n)
{
	char *s = mp_text(n);
	size_t len = strlen(s), a = 0;
	while (a < len && is_space(s[a]))
		a++;
	while (len > a && is_space(s[len - 1]))
		len--;
	memmove(s, s + a, len - a);
	s[len - a] = '\0';
	return s;
}

char *mp_collapse(const char *s)
{
	/* never longer than s: one allocation, runs copied whole */
	char *out = xmalloc(strlen(s) + 1), *o = out;
	for (const char *p = s; *p;) {
		const char *e = p;
		while (*e && !is_space(*e))
			e++;
		memcpy(o, p, (size_t)(e - p));
		o += e - p;
		p = e;
		bool brk = false;
		while (*e && is_space(*e))
			brk |= *e == '\n' || *e == '\r', e++;
		if (brk) {
			*o++ = ' ';
		} else {
			memcpy(o, p, (size_t)(e - p));
			o += e - p;
		}
		p = e;
	}
	*o = '\0';
	return out;
}

char *mp_text_flat(xmlNodePtr n)
{
	char *t = mp_text_trim(n), *c = mp_collapse(t);
	free(t);
	return c;
}

static xmlNodePtr child(xmlNodePtr n, const char *name, size_t len)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strlen((const char *)c->name) == len &&
		    memcmp(c->name, name, len) == 0)
			return c;
	return NULL;
}

xmlNodePtr mp_path(xmlNodePtr from, const char *path)
{
	xmlNodePtr n = from;
	while (n && *path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		n = child(n, path, len);
		path += len + (slash ? 1 : 0);
	}
	return n;
}

const char *mp_id_of(xmlNodePtr n)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	xmlAttrPtr a = xmlHasProp(n, BAD_CAST "ID");
	if (!a)
		return NULL;
	return a->children && a->children->content ? (const char *)a->children->content : "";
}

bool mp_is_element(xmlNodePtr n)
{
	if (!mp_id_of(n) || n->ns)
		return false;
	const char *name = (const char *)n->name;
	if (!strcmp(name, "LanguagePack") || !strcmp(name, "FolderItem"))
		return false;
	for (xmlNodePtr p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
		if (mp_id_of(p) || !strcmp((const char *)p->name, "LanguagePacks"))
			return false;
	return true;
}

/* ---- index ---- */

char *mp_fold(const char *s)
{
	char *l = xstrdup(s);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

int mp_fold_put(xmlHashTablePtr h, const char *key, void *val)
{
	char *k = mp_fold(key);
	int rc = xmlHashAddEntry(h, BAD_CAST k, val);
	free(k);
	return rc == 0 ? 0 : -1;
}

void *mp_fold_get(xmlHashTablePtr h, const char *key)
{
	if (!h || !key)
		return NULL;
	char *k = mp_fold(key);
	void *v = xmlHashLookup(h, BAD_CAST k);
	free(k);
	return v;
}

static void add_dup(struct mp_file *mp, xmlNodePtr n, xmlNodePtr first, const char *what)
{
	mp->dups = xrealloc(mp->dups, (mp->ndups + 1) * sizeof(*mp->dups));
	mp->dups[mp->ndups++] = (struct mp_dup){ n, first, what };
}

/* Enters id -> n; records a duplicate when id is taken. */
static void enter(struct mp_file *mp, const char *id, xmlNodePtr n)
{
	xmlNodePtr first = mp_fold_get(mp->elements, id);
	if (first) {
		const char *what = first == mp->id_node                                  ? "pack"
				   : strcmp((const char *)first->name, "Reference") == 0 ? "alias"
											 : "element";
		add_dup(mp, n, first, what);
	} else {
		mp_fold_put(mp->elements, id, n);
	}
}

static void index_refs(struct mp_file *mp, xmlNodePtr refs)
{
	for (xmlNodePtr r = refs ? refs->children : NULL; r; r = r->next) {
		if (r->type != XML_ELEMENT_NODE || strcmp((const char *)r->name, "Reference") != 0)
			continue;
		mp->refs = xrealloc(mp->refs, (mp->nrefs + 1) * sizeof(*mp->refs));
		struct mp_ref *ref = &mp->refs[mp->nrefs++];
		xmlChar *alias = xmlGetProp(r, BAD_CAST "Alias");
		ref->alias = xstrdup(alias ? (const char *)alias : "");
		xmlFree(alias);
		ref->id = mp_text_trim(mp_path(r, "ID"));
		ref->version = mp_text_trim(mp_path(r, "Version"));
		xmlNodePtr tok = mp_path(r, "PublicKeyToken");
		ref->token = tok ? mp_text_trim(tok) : NULL;
		ref->node = r;
		ref->used = false;
		if (*ref->alias)
			enter(mp, ref->alias, r);
	}
}

static void index_elements(struct mp_file *mp)
{
	xmlNodePtr root = mp->root;
	for (xmlNodePtr n = next_element(root, root); n;) {
		const char *name = (const char *)n->name;
		bool skip = !strcmp(name, "Manifest") || !strcmp(name, "LanguagePacks") || n->ns;
		if (!skip && mp_is_element(n)) {
			enter(mp, mp_id_of(n), n);
			skip = true;
		}
		if (skip) { /* next sibling or up, without descending */
			xmlNodePtr s = n;
			n = NULL;
			while (s && s != root && !n) {
				for (xmlNodePtr x = s->next; x && !n; x = x->next)
					if (x->type == XML_ELEMENT_NODE)
						n = x;
				s = s->parent;
			}
		} else {
			n = next_element(n, root);
		}
	}
}

void mp_index(struct mp_file *mp)
{
	if (!mp->root || mp->elements)
		return;
	mp->elements = xmlHashCreate(256);
	xmlNodePtr man = mp_path(mp->root, "Manifest");
	mp->id_node = mp_path(man, "Identity/ID");
	mp->version_node = mp_path(man, "Identity/Version");
	mp->id = mp_text_trim(mp->id_node);
	mp->version = mp_text_trim(mp->version_node);
	if (*mp->id)
		mp_fold_put(mp->elements, mp->id, mp->id_node);
	index_refs(mp, mp_path(man, "References"));
	index_elements(mp);
	mp->strings = xcalloc(1, sizeof(*mp->strings));
	mp_strings_init(mp->strings, mp->root);
}

struct element_list {
	xmlNodePtr *v;
	size_t n;
};

static void collect_element(void *payload, void *data, const xmlChar *name)
{
	(void)name;
	struct element_list *l = data;
	if (!mp_is_element(payload))
		return;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = payload;
}

/* mp_open_lean() leaves the element offsets until they are needed. */
static void need_offsets(struct mp_file *mp)
{
	if (mp->offsets_pending && mp->doc) {
		mp->offsets_pending = false;
		assign_offsets(mp);
	}
}

static int by_offset(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)(*(xmlNodePtr const *)a)->_private;
	uintptr_t y = (uintptr_t)(*(xmlNodePtr const *)b)->_private;
	return x < y ? -1 : x > y;
}

xmlNodePtr *mp_elements(struct mp_file *mp, size_t *n)
{
	struct element_list l = { NULL, 0 };
	if (mp->elements)
		xmlHashScan(mp->elements, collect_element, &l);
	need_offsets(mp);
	if (l.n > 1)
		qsort(l.v, l.n, sizeof(*l.v), by_offset);
	*n = l.n;
	return l.v;
}

xmlNodePtr mp_element(struct mp_file *mp, const char *id)
{
	return mp_fold_get(mp->elements, id);
}

/* ---- language packs ---- */

static bool is_true(const char *s) { return s && (!strcmp(s, "true") || !strcmp(s, "1")); }

xmlNodePtr mp_default_lang(xmlNodePtr root)
{
	xmlNodePtr first = NULL;
	for (xmlNodePtr lp = model_child(mp_path(root, "LanguagePacks"), NULL); lp; lp = model_next(lp, NULL)) {
		if (!model_is(lp, "LanguagePack"))
			continue;
		if (is_true(model_attr(lp, "IsDefault")))
			return lp;
		if (!first)
			first = lp;
	}
	return first;
}

/* Enters the items of lp/<list> with an ElementID and no SubElementID. */
static void index_items(xmlHashTablePtr h, xmlNodePtr lp, const char *list)
{
	for (xmlNodePtr it = model_child(mp_path(lp, list), NULL); it; it = model_next(it, NULL))
		if (!model_attr(it, "SubElementID") && model_attr(it, "ElementID"))
			mp_fold_put(h, model_attr(it, "ElementID"), it);
}

void mp_strings_init(struct mp_strings *s, xmlNodePtr root)
{
	s->lang = mp_default_lang(root);
	s->display = xmlHashCreate(256);
	s->article = xmlHashCreate(256);
	s->any_article = xmlHashCreate(256);
	index_items(s->display, s->lang, "DisplayStrings");
	index_items(s->article, s->lang, "KnowledgeArticles");
	for (xmlNodePtr lp = model_child(mp_path(root, "LanguagePacks"), NULL); lp; lp = model_next(lp, NULL))
		if (model_is(lp, "LanguagePack"))
			index_items(s->any_article, lp, "KnowledgeArticles");
}

void mp_strings_release(struct mp_strings *s)
{
	if (!s)
		return;
	xmlHashFree(s->display, NULL);
	xmlHashFree(s->article, NULL);
	xmlHashFree(s->any_article, NULL);
	memset(s, 0, sizeof(*s));
}

xmlNodePtr mp_display(const struct mp_strings *s, const char *id)
{
	return s ? mp_fold_get(s->display, id) : NULL;
}

xmlNodePtr mp_article(const struct mp_strings *s, const char *id)
{
	return s ? mp_fold_get(s->article, id) : NULL;
}

struct mp_ref *mp_ref_by_alias(struct mp_file *mp, const char *alias, size_t len)
{
	for (size_t i = 0; i < mp->nrefs; i++)
		if (strlen(mp->refs[i].alias) == len && memcmp(mp->refs[i].alias, alias, len) == 0)
			return &mp->refs[i];
	return NULL;
}

bool mp_is_type(struct mp_file *mp, const char *typeid, const char *lib, const char *name)
{
	const char *bang = typeid ? strchr(typeid, '!') : NULL;
	if (!bang || strcmp(bang + 1, name) != 0)
		return false;
	struct mp_ref *r = mp_ref_by_alias(mp, typeid, (size_t)(bang - typeid));
	return r && strcasecmp(r->id, lib) == 0;
}

/* ---- locations ---- */

static size_t qname_len(xmlNodePtr n)
{
	size_t len = strlen((const char *)n->name);
	if (n->ns && n->ns->prefix)
		len += strlen((const char *)n->ns->prefix) + 1;
	return len;
}

/* Offset of n's start tag; (size_t)-1 if unknown. */
static size_t elem_off(struct mp_file *mp, xmlNodePtr n)
{
	need_offsets(mp);
	if (!n || n->type != XML_ELEMENT_NODE || !n->_private || n->doc != mp->doc || mp->borrowed)
		return (size_t)-1; /* a borrowed doc's _private is not an offset */
	size_t off = (size_t)(uintptr_t)n->_private - 1;
	return off < mp->src->len ? off : (size_t)-1;
}

struct loc mp_loc(struct mp_file *mp, xmlNodePtr n)
{
	if (n && n->type == XML_ATTRIBUTE_NODE)
		return mp_attr_loc(mp, n->parent, (const char *)n->name);
	while (n && n->type != XML_ELEMENT_NODE && n->parent)
		n = n->parent;
	size_t off = elem_off(mp, n);
	if (off == (size_t)-1) {
		long line = n && n->type == XML_ELEMENT_NODE ? xmlGetLineNo(n) : 0;
		size_t start = mp->src->bom, len;
		if (line > 0 && source_line(mp->src, (unsigned)line, &start, &len))
			return (struct loc){ mp->src, start, 0 };
		return (struct loc){ mp->src, mp->src->bom, 0 };
	}
	return (struct loc){ mp->src, off, 1 + qname_len(n) };
}

struct loc mp_attr_loc(struct mp_file *mp, xmlNodePtr n, const char *attr)
{
	struct loc l = mp_loc(mp, n);
	size_t off = elem_off(mp, n);
	if (off == (size_t)-1)
		return l;
	const char *d = mp->src->data, *end = d + mp->src->len;
	const char *p = d + off + l.len;
	size_t alen = strlen(attr);
	while (p < end && *p != '>' && *p != '/') {
		while (p < end && is_space(*p))
			p++;
		const char *name = p;
		while (p < end && *p != '=' && !is_space(*p) && *p != '>' && *p != '/')
			p++;
		size_t nlen = (size_t)(p - name);
		while (p < end && (is_space(*p) || *p == '='))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			break;
		char q = *p++;
		const char *v = p;
		while (p < end && *p != q)
			p++;
		const char *colon = memchr(name, ':', nlen);
		const char *local = colon ? colon + 1 : name;
		if ((size_t)(name + nlen - local) == alen && memcmp(local, attr, alen) == 0)
			return (struct loc){ mp->src, (size_t)(v - d), (size_t)(p - v) };
		if (p < end)
			p++;
	}
	return l;
}

struct loc mp_find_loc(struct mp_file *mp, xmlNodePtr n, const char *needle)
{
	while (n && n->type != XML_ELEMENT_NODE && n->parent)
		n = n->parent;
	struct loc l = mp_loc(mp, n);
	size_t off = elem_off(mp, n), nl = strlen(needle);
	if (off == (size_t)-1 || !nl)
		return l;
	const char *d = mp->src->data;
	size_t limit = MIN(mp->src->len, off + ((size_t)1 << 20));
	for (size_t i = off; i + nl <= limit; i++)
		if (d[i] == needle[0] && memcmp(d + i, needle, nl) == 0)
			return (struct loc){ mp->src, i, nl };
	return l;
}

void mp_file_warning(struct diag_sink *s, struct source *src, const char *id, bool note,
		     const char *fmt, ...)
{
	va_list ap;
	char buf[1024];
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	size_t before = s->n;
	if (note)
		diag_info(s, (struct loc){ src, 0, 0 }, id, "%s", buf);
	else
		diag_warning(s, (struct loc){ src, 0, 0 }, id, "%s", buf);
	if (s->n > before)
		s->v[s->n - 1].file_only = true;
}

/* ---- module configuration ---- */

const char *const mp_event_provider_config[4] = { "ComputerName", "LogName", "AllowProxying", "Expression" };

const char *const mp_generate_alert_config[18] = {
	"Priority", "Severity", "AlertName", "AlertDescription", "AlertOwner", "AlertMessageId",
	"AlertParameters", "Suppression", "Custom1", "Custom2", "Custom3", "Custom4", "Custom5",
	"Custom6", "Custom7", "Custom8", "Custom9", "Custom10"
};

/* ---- keeping packs ---- */

struct mp_file *mp_files_add(struct mp_files *l)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n] = xcalloc(1, sizeof(struct mp_file));
	return l->v[l->n++];
}

void mp_files_release(struct mp_files *l)
{
	for (size_t i = 0; i < l->n; i++) {
		mp_release(l->v[i]);
		free(l->v[i]);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}
