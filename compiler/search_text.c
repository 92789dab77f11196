/*
 * search_text.c - docs/search-text.js: the articles' plain text, compressed
 * per pack, for the site's full-text search (see search_text.h).
 */
#include "search_text.h"

#include <openssl/evp.h>
#include <zlib.h>

#include "strbuf.h"

static const char file_name[] = "search-text.js";
static const char file_head[] =
	"/* scomc search text: one line per pack, its article text as zlib-compressed\n"
	" * JSON in base64, read by assets/scomc.js (search_text.h). */\n"
	"window.SCOMC_TEXT = window.SCOMC_TEXT || [];\n";

void search_text_init(struct search_text *st)
{
	memset(st, 0, sizeof(*st));
}

void search_text_release(struct search_text *st)
{
	if (!st)
		return;
	if (st->file)
		out_stream_close(st->file, false);
	st->file = NULL;
}

static bool is_block(xmlNodePtr n)
{
	return model_is(n, "para") || model_is(n, "list") || model_is(n, "item");
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Appends s with every run of white space as one space, none leading
 * (none after a space already there). One pass, no call per word. */
static void add_words(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);
	strbuf_grow(sb, n);
	char *out = sb->buf + sb->len;
	bool space = sb->len == 0 || out[-1] == ' ';
	for (const char *end = s + n; s < end; s++) {
		if (!is_space(*s)) {
			*out++ = *s;
			space = false;
		} else if (!space) {
			*out++ = ' ';
			space = true;
		}
	}
	sb->len = (size_t)(out - sb->buf);
	sb->buf[sb->len] = '\0';
}

/* Walks the subtree of n without recursion: the model's nesting is bounded
 * by the parser, but a walk needs no stack at all. */
void search_text_of(xmlNodePtr n, struct strbuf *sb)
{
	size_t start = sb->len;
	xmlNodePtr cur = n->children;
	while (cur && cur != n) {
		if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE)
			add_words(sb, (const char *)cur->content);
		else if (is_block(cur) && sb->len > start && sb->buf[sb->len - 1] != ' ')
			strbuf_addc(sb, ' ');
		if (cur->type == XML_ELEMENT_NODE && cur->children) {
			cur = cur->children;
			continue;
		}
		while (cur != n && !cur->next) {
			cur = cur->parent;
			if (cur != n && is_block(cur) && sb->len > start && sb->buf[sb->len - 1] != ' ')
				strbuf_addc(sb, ' ');
		}
		if (cur != n)
			cur = cur->next;
	}
	if (sb->len > start && sb->buf[sb->len - 1] == ' ')
		sb->buf[--sb->len] = '\0';
}

/* s as a JSON string. The model's text is valid UTF-8 (the lexer and the
 * XML reader check it); only '"', '\\' and control characters need
 * escaping. U+2028 and U+2029 are escaped as well, so that the JSON is
 * also a valid JavaScript literal. */
static void add_json_string(struct strbuf *sb, const char *s)
{
	strbuf_addc(sb, '"');
	for (const char *run = s;; s++) {
		unsigned char c = (unsigned char)*s;
		bool sep = c == 0xE2 && (unsigned char)s[1] == 0x80 &&
			   ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9);
		if (c >= 0x20 && c != '"' && c != '\\' && !sep)
			continue;
		strbuf_add(sb, run, (size_t)(s - run));
		if (c == 0)
			break;
		if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (sep)
			strbuf_addf(sb, "\\u%s", s[2] == (char)0xA8 ? "2028" : "2029"), s += 2;
		else
			strbuf_addf(sb, "\\u%04x", c);
		run = s + 1;
	}
	strbuf_addc(sb, '"');
}

/* [ANCHOR,HEADING,TEXT] of one part; text is scratch. */
static void add_part(struct strbuf *sb, const char *anchor, const char *heading,
		     xmlNodePtr blocks, struct strbuf *text)
{
	strbuf_reset(text);
	search_text_of(blocks, text);
	strbuf_addc(sb, '[');
	add_json_string(sb, anchor);
	strbuf_addc(sb, ',');
	add_json_string(sb, heading ? heading : "");
	strbuf_addc(sb, ',');
	add_json_string(sb, text->buf ? text->buf : "");
	strbuf_addc(sb, ']');
}

/* [HREF,[[ANCHOR,HEADING,TEXT],...]] of alert a, appended to sb. */
static void add_alert(struct strbuf *sb, xmlNodePtr a, struct strbuf *text)
{
	strbuf_reset(text);
	strbuf_addf(text, "%s.html", model_attr(a, "name"));
	strbuf_addc(sb, '[');
	add_json_string(sb, text->buf);
	strbuf_adds(sb, ",[");
	bool first = true;
	xmlNodePtr intro = model_child(a, "intro");
	if (intro && intro->children) {
		add_part(sb, "", "", intro, text);
		first = false;
	}
	int k = 0;
	xmlNodePtr kn = model_child(a, "knowledge");
	for (xmlNodePtr s = model_child(kn, "section"); s; s = model_next(s, "section")) {
		char anchor[32];
		snprintf(anchor, sizeof(anchor), "k%d", ++k);
		if (!first)
			strbuf_addc(sb, ',');
		add_part(sb, anchor, model_attr(s, "title"), s, text);
		first = false;
	}
	strbuf_adds(sb, "]]");
}

/* A zlib stream written out as base64 as it is made, so that neither the
 * compressed text nor its base64 form is ever whole in memory (level 1:
 * the text is large and compresses well anyway; the zlib format has no time
 * stamp, so the bytes depend on the input only). */
struct packer {
	z_stream z;
	struct out_stream *file;
	unsigned char zbuf[65536 + 2]; /* up to 2 bytes carried + deflate output */
	size_t carry;                  /* bytes at zbuf[0..carry) not yet encoded */
	struct strbuf b64;
	size_t written; /* base64 bytes written */
	int rc;
};

static void pack_begin(struct packer *p, struct out_stream *file)
{
	memset(p, 0, sizeof(*p));
	p->file = file;
	if (deflateInit(&p->z, 1) != Z_OK)
		BUG("deflateInit failed");
}

/* Encodes zbuf[0..n) in whole 3-byte groups (all of it when last) and
 * writes the base64; the 0-2 bytes left move to the front. */
static void pack_flush(struct packer *p, size_t n, bool last)
{
	size_t whole = last ? n : n - n % 3;
	strbuf_reset(&p->b64);
	strbuf_grow(&p->b64, 4 * ((whole + 2) / 3) + 1);
	int w = EVP_EncodeBlock((unsigned char *)p->b64.buf, p->zbuf, (int)whole);
	p->b64.len = (size_t)w;
	if (p->rc == 0 && w > 0)
		p->rc = out_stream_add(p->file, p->b64.buf, p->b64.len);
	p->written += (size_t)w;
	memmove(p->zbuf, p->zbuf + whole, n - whole);
	p->carry = n - whole;
}

static void pack_add(struct packer *p, const char *data, size_t len, int flush)
{
	p->z.next_in = (Bytef *)data;
	p->z.avail_in = (uInt)len;
	int rc;
	do {
		p->z.next_out = p->zbuf + p->carry;
		p->z.avail_out = 65536;
		rc = deflate(&p->z, flush);
		if (rc == Z_STREAM_ERROR)
			BUG("deflate failed");
		size_t n = p->carry + 65536 - p->z.avail_out;
		bool done = flush == Z_FINISH && rc == Z_STREAM_END;
		pack_flush(p, n, done);
		if (done)
			break;
	} while (p->z.avail_out == 0 || flush == Z_FINISH);
}

/* Deflates the pack's JSON (see search_text.h) in pieces of about 64 KiB.
 * Returns the uncompressed size. */
static size_t pack_json(struct packer *p, xmlNodePtr pack)
{
	struct strbuf json = STRBUF_INIT, text = STRBUF_INIT;
	size_t raw = 0;
	const char *sep = "";
	strbuf_adds(&json, "{\"alerts\":[");
	for (xmlNodePtr a = model_first_item(pack); a; a = model_next_item(a), sep = ",") {
		strbuf_adds(&json, sep);
		add_alert(&json, a, &text);
		if (json.len >= 65536) {
			pack_add(p, json.buf, json.len, Z_NO_FLUSH);
			raw += json.len;
			strbuf_reset(&json);
		}
	}
	strbuf_adds(&json, "],\"pack\":");
	add_json_string(&json, model_attr(pack, "id"));
	strbuf_addc(&json, '}');
	pack_add(p, json.buf, json.len, Z_FINISH);
	raw += json.len;
	deflateEnd(&p->z);
	strbuf_release(&p->b64);
	strbuf_release(&json);
	strbuf_release(&text);
	return raw;
}

static int open_file(struct search_text *st, const char *prefix, struct out *o,
		     struct diag_sink *sink)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s%s", prefix, file_name);
	st->file = out_stream_open(o, path.buf, sink);
	strbuf_release(&path);
	if (!st->file)
		return -1;
	return out_stream_add(st->file, file_head, strlen(file_head));
}

int search_text_add_pack(struct search_text *st, struct model *m, const char *prefix,
			 struct out *o, struct diag_sink *sink)
{
	if (!st->file && open_file(st, prefix, o, sink) != 0)
		return -1;
	static const char head[] = "window.SCOMC_TEXT.push(\"", tail[] = "\");\n";
	if (out_stream_add(st->file, head, strlen(head)) != 0)
		return -1;
	struct packer *p = xmalloc(sizeof(*p));
	pack_begin(p, st->file);
	st->raw += pack_json(p, xmlDocGetRootElement(m->doc));
	int rc = p->rc;
	st->packed += strlen(head) + p->written + strlen(tail);
	free(p);
	return rc == 0 ? out_stream_add(st->file, tail, strlen(tail)) : -1;
}

int search_text_finish(struct search_text *st, const char *prefix, struct out *o,
		       struct diag_sink *sink)
{
	if (!st->file && open_file(st, prefix, o, sink) != 0)
		return -1;
	int rc = out_stream_close(st->file, true);
	st->file = NULL;
	return rc;
}
