/*
 * md.c - Markdown to model blocks through libcmark's node tree.
 *
 * Positions: cmark reports 1-based (line, byte column) inside the dedented
 * text; the token says where its first line starts in the source and how
 * much indentation was removed, which gives back the source offset.
 */
#include "md.h"

#include <cmark.h>

#include "lex.h"
#include "source.h"
#include "strbuf.h"

struct md {
	struct model *m;
	struct diag_sink *sink;
	const struct token *tok;
	int errors;
};

/* Source location of (line, col) inside the token's text. */
static struct loc text_loc(struct md *md, int line, int col, size_t len)
{
	struct source *src = md->m->src;
	const struct token *t = md->tok;
	if (t->kind != TOK_TEXT || line <= 0)
		return (struct loc){ src, t->off, 1 };
	size_t start, llen;
	if (!source_line(src, t->text_line + (unsigned)line - 1, &start, &llen))
		return (struct loc){ src, t->off, 1 };
	size_t at = t->text_indent + (col > 0 ? (size_t)col - 1 : 0);
	if (at > llen)
		at = llen;
	return (struct loc){ src, start + at, len };
}

static struct loc node_loc(struct md *md, cmark_node *n)
{
	return text_loc(md, cmark_node_get_start_line(n),
			cmark_node_get_start_column(n), 1);
}

/* Location of needle inside the source span of block (for link targets). */
static struct loc find_in_block(struct md *md, cmark_node *block, const char *needle)
{
	struct loc at = node_loc(md, block);
	struct loc end = text_loc(md, cmark_node_get_end_line(block),
				  cmark_node_get_end_column(block) + 1, 0);
	size_t n = strlen(needle);
	if (!n || md->tok->kind != TOK_TEXT)
		return at;
	const char *d = md->m->src->data;
	for (size_t i = at.off; i + n <= end.off && i + n <= md->m->src->len; i++)
		if (memcmp(d + i, needle, n) == 0)
			return (struct loc){ md->m->src, i, n };
	return at;
}

static void md_error(struct md *md, cmark_node *n, const char *id, const char *what)
{
	diag_error(md->sink, node_loc(md, n), id, "%s", what);
	md->errors++;
}

static void add_text(xmlNodePtr parent, const char *s)
{
	if (s && *s)
		xmlNodeAddContent(parent, BAD_CAST s);
}

static void plain_text(cmark_node *n, struct strbuf *sb)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		if (cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK ||
		    cmark_node_get_type(c) == CMARK_NODE_LINEBREAK)
			strbuf_addc(sb, ' ');
		else if (lit)
			strbuf_adds(sb, lit);
		else
			plain_text(c, sb);
	}
}

static void inlines(struct md *md, cmark_node *n, xmlNodePtr parent, cmark_node *block);

static void link_node(struct md *md, cmark_node *c, xmlNodePtr parent, cmark_node *block)
{
	struct strbuf sb = STRBUF_INIT;
	plain_text(c, &sb);
	const char *url = cmark_node_get_url(c);
	xmlNodePtr l = xmlNewTextChild(parent, NULL, BAD_CAST "link", BAD_CAST strbuf_str(&sb));
	xmlAttrPtr href = xmlNewProp(l, BAD_CAST "href", BAD_CAST(url ? url : ""));
	struct loc at = find_in_block(md, block, url ? url : "");
	model_set_loc(md->m, l, at);
	model_set_loc(md->m, (xmlNodePtr)href, at);
	strbuf_release(&sb);
}

static void inline_node(struct md *md, cmark_node *c, xmlNodePtr parent, cmark_node *block)
{
	switch (cmark_node_get_type(c)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
		add_text(parent, cmark_node_get_literal(c));
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		add_text(parent, " ");
		break;
	case CMARK_NODE_CODE:
		xmlNewTextChild(parent, NULL, BAD_CAST "code", BAD_CAST cmark_node_get_literal(c));
		break;
	case CMARK_NODE_EMPH:
		inlines(md, c, xmlNewChild(parent, NULL, BAD_CAST "i", NULL), block);
		break;
	case CMARK_NODE_STRONG:
		inlines(md, c, xmlNewChild(parent, NULL, BAD_CAST "b", NULL), block);
		break;
	case CMARK_NODE_LINK:
		link_node(md, c, parent, block);
		break;
	case CMARK_NODE_IMAGE:
		md_error(md, block, "E209", "images are not supported in knowledge text");
		break;
	default:
		inlines(md, c, parent, block);
		break;
	}
}

/* Runs of text and line breaks are joined before they reach libxml2, whose
 * xmlNodeAddContent copies the whole text node on every append. */
static void inlines(struct md *md, cmark_node *n, xmlNodePtr parent, cmark_node *block)
{
	struct strbuf run = STRBUF_INIT;
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_HTML_INLINE) {
			const char *lit = cmark_node_get_literal(c);
			strbuf_adds(&run, lit ? lit : "");
		} else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			strbuf_addc(&run, ' ');
		} else {
			add_text(parent, strbuf_str(&run));
			strbuf_reset(&run);
			inline_node(md, c, parent, block);
		}
	}
	add_text(parent, strbuf_str(&run));
	strbuf_release(&run);
}

static void blocks(struct md *md, cmark_node *n, xmlNodePtr parent, int depth);

static void para(struct md *md, cmark_node *c, xmlNodePtr parent)
{
	xmlNodePtr p = xmlNewChild(parent, NULL, BAD_CAST "para", NULL);
	model_set_loc(md->m, p, node_loc(md, c));
	inlines(md, c, p, c);
}

static void html_block(struct md *md, cmark_node *c, xmlNodePtr parent)
{
	xmlNodePtr p = xmlNewChild(parent, NULL, BAD_CAST "para", NULL);
	model_set_loc(md->m, p, node_loc(md, c));
	const char *lit = cmark_node_get_literal(c);
	size_t n = lit ? strlen(lit) : 0;
	while (n && (lit[n - 1] == '\n' || lit[n - 1] == ' '))
		n--;
	char *s = xstrndup(lit ? lit : "", n);
	add_text(p, s);
	free(s);
}

static void list(struct md *md, cmark_node *c, xmlNodePtr parent, int depth)
{
	if (depth >= MD_MAX_DEPTH) {
		diag_error(md->sink, node_loc(md, c), "E206",
			   "lists nested deeper than %d levels", MD_MAX_DEPTH);
		md->errors++;
		return;
	}
	xmlNodePtr l = xmlNewChild(parent, NULL, BAD_CAST "list", NULL);
	xmlNewProp(l, BAD_CAST "kind",
		   BAD_CAST(cmark_node_get_list_type(c) == CMARK_ORDERED_LIST ? "numbered" : "bulleted"));
	model_set_loc(md->m, l, node_loc(md, c));
	for (cmark_node *it = cmark_node_first_child(c); it; it = cmark_node_next(it)) {
		xmlNodePtr item = xmlNewChild(l, NULL, BAD_CAST "item", NULL);
		model_set_loc(md->m, item, node_loc(md, it));
		blocks(md, it, item, depth + 1);
		if (!item->children)
			xmlNewChild(item, NULL, BAD_CAST "para", NULL);
	}
}

static const char *unsupported(cmark_node_type t)
{
	switch (t) {
	case CMARK_NODE_HEADING: return "headings are not supported in knowledge text";
	case CMARK_NODE_CODE_BLOCK: return "code blocks are not supported in knowledge text";
	case CMARK_NODE_BLOCK_QUOTE: return "block quotes are not supported in knowledge text";
	case CMARK_NODE_THEMATIC_BREAK: return "horizontal rules are not supported in knowledge text";
	default: return "this Markdown construct is not supported in knowledge text";
	}
}

static void blocks(struct md *md, cmark_node *n, xmlNodePtr parent, int depth)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_PARAGRAPH)
			para(md, c, parent);
		else if (t == CMARK_NODE_LIST)
			list(md, c, parent, depth);
		else if (t == CMARK_NODE_HTML_BLOCK)
			html_block(md, c, parent);
		else {
			md_error(md, c, "E209", unsupported(t));
			diag_hint(md->sink, "use paragraphs, lists, **bold**, `code` and [links](https://...)");
		}
	}
}

/* The block holding inline node n. */
static cmark_node *block_of(cmark_node *n)
{
	while (cmark_node_parent(n) && cmark_node_get_type(n) >= CMARK_NODE_FIRST_INLINE)
		n = cmark_node_parent(n);
	return n;
}

/* First code point of s that XML cannot hold (C0 controls but tab, LF,
 * CR; U+FFFE, U+FFFF), or 0. cmark writes &#xFFFE; and &#xFFFF; as the
 * single bytes 0xFE and 0xFF (utf8proc's legacy encoding), which are not
 * UTF-8 at all. */
static unsigned bad_xml_char(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return *p;
		if (*p == 0xFE || *p == 0xFF)
			return 0xFF00u | *p;
		if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
			return 0xFFC0u | (p[2] & 0x3Fu);
	}
	return 0;
}

/* A character reference (&#27;) decoded by cmark into a character XML
 * cannot hold: E107, like the same character written raw. */
static int check_chars(struct md *md, cmark_node *n)
{
	const char *v[] = { cmark_node_get_literal(n), cmark_node_get_url(n), cmark_node_get_title(n) };
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		unsigned c = bad_xml_char(v[i]);
		if (c) {
			diag_error(md->sink, node_loc(md, block_of(n)), "E107",
				   "character reference to U+%04X, a character XML cannot hold", c);
			md->errors++;
			return -1;
		}
	}
	return 0;
}

/* Reports (E206) emphasis, bold and links nested deeper than
 * MD_MAX_INLINE_DEPTH, and (E107) characters XML cannot hold; walks
 * iteratively so that the recursive converters above only ever see bounded
 * nesting. Returns 0 or -1. */
static int md_check(struct md *md, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	int depth = 0, rc = 0;
	cmark_event_type ev;
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER)
			rc = check_chars(md, n);
		if (rc || (t != CMARK_NODE_EMPH && t != CMARK_NODE_STRONG && t != CMARK_NODE_LINK &&
			   t != CMARK_NODE_IMAGE))
			continue;
		if (ev == CMARK_EVENT_EXIT) {
			depth--;
		} else if (++depth > MD_MAX_INLINE_DEPTH) {
			diag_error(md->sink, node_loc(md, block_of(n)), "E206",
				   "emphasis and links nested deeper than %d levels",
				   MD_MAX_INLINE_DEPTH);
			md->errors++;
			rc = -1;
		}
	}
	cmark_iter_free(it);
	return rc;
}

int md_to_blocks(struct model *m, struct diag_sink *sink,
		 const struct token *tok, xmlNodePtr parent)
{
	struct md md = { m, sink, tok, 0 };
	cmark_node *doc = cmark_parse_document(tok->val, tok->val_len,
					       CMARK_OPT_SOURCEPOS);
	if (!doc)
		BUG("cmark_parse_document failed");
	if (md_check(&md, doc) == 0)
		blocks(&md, doc, parent, 0);
	cmark_node_free(doc);
	return md.errors;
}
