/*
 * search_text.c - docs/search-text.js: the articles' plain text, compressed
 * per pack, for the site's full-text search (see search_text.h).
 */
#include "search_text.h"

#include <openssl/evp.h>
#include <libdeflate.h>

#include "strbuf.h"

static const char file_name[] = "search-text.js";
static const char file_head[] =
	"/* scomc search text: one line per pack (per part of a large one), its article\n"
	" * text as zlib-compressed JSON in base64, read by assets/scomc.js\n"
	" * (search_text.h). */\n"
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
	for (;;) {
		/* a run to copy as is, up to what may need escaping: '"', '\\',
		 * a control character, the lead byte of U+2028/U+2029 */
		const char *run = s;
		while ((unsigned char)*s >= 0x20 && *s != '"' && *s != '\\' && (unsigned char)*s != 0xE2)
			s++;
		strbuf_add(sb, run, (size_t)(s - run));
		unsigned char c = (unsigned char)*s;
		if (c == 0)
			break;
		bool sep = c == 0xE2 && (unsigned char)s[1] == 0x80 &&
			   ((unsigned char)s[2] == 0xA8 || (unsigned char)s[2] == 0xA9);
		if (c == 0xE2 && !sep)
			strbuf_addc(sb, (char)c);
		else if (c == '"' || c == '\\')
			strbuf_addf(sb, "\\%c", c);
		else if (sep)
			strbuf_addf(sb, "\\u%s", s[2] == (char)0xA8 ? "2028" : "2029"), s += 2;
		else
			strbuf_addf(sb, "\\u%04x", c);
		s++;
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

/* The JSON of a pack goes out in lines of about CHUNK bytes before
 * compression, each one whole: {"alerts":[...],"pack":ID}, compressed in
 * one call (libdeflate, zlib format, level LEVEL; the format has no time
 * stamp, so the bytes depend on the input only) and base64-encoded. A
 * chunk, not the pack: what is in memory stays small whatever the pack's
 * size (a 50k-alert pack has 70 MB of text). */
enum { CHUNK = 256 * 1024,
       LEVEL = 1 };

static const char line_head[] = "window.SCOMC_TEXT.push(\"", line_tail[] = "\");\n";

struct packer {
	struct libdeflate_compressor *z;
	struct out_stream *file;
	struct strbuf json, text, zbuf, b64;
	const char *pack_id;
	size_t raw, written; /* JSON bytes in, bytes of lines out */
	int rc;
};

static void chunk_begin(struct packer *p)
{
	strbuf_reset(&p->json);
	strbuf_adds(&p->json, "{\"alerts\":[");
}

/* Closes, compresses, encodes and writes the chunk in p->json. */
static void chunk_end(struct packer *p)
{
	strbuf_adds(&p->json, "],\"pack\":");
	add_json_string(&p->json, p->pack_id);
	strbuf_addc(&p->json, '}');
	p->raw += p->json.len;
	size_t bound = libdeflate_zlib_compress_bound(p->z, p->json.len);
	strbuf_reset(&p->zbuf);
	strbuf_grow(&p->zbuf, bound);
	size_t n = libdeflate_zlib_compress(p->z, p->json.buf, p->json.len, p->zbuf.buf, bound);
	if (n == 0)
		BUG("libdeflate_zlib_compress failed within its bound");
	strbuf_reset(&p->b64);
	strbuf_grow(&p->b64, 4 * ((n + 2) / 3) + 1);
	int w = EVP_EncodeBlock((unsigned char *)p->b64.buf, (unsigned char *)p->zbuf.buf, (int)n);
	p->b64.len = (size_t)w;
	if (p->rc == 0)
		p->rc = out_stream_add(p->file, line_head, strlen(line_head));
	if (p->rc == 0)
		p->rc = out_stream_add(p->file, p->b64.buf, p->b64.len);
	if (p->rc == 0)
		p->rc = out_stream_add(p->file, line_tail, strlen(line_tail));
	p->written += strlen(line_head) + (size_t)w + strlen(line_tail);
}

/* The pack's lines (see search_text.h). */
static void pack_lines(struct packer *p, xmlNodePtr pack)
{
	p->pack_id = model_attr(pack, "id");
	chunk_begin(p);
	const char *sep = "";
	for (xmlNodePtr a = model_first_item(pack); a; a = model_next_item(a), sep = ",") {
		if (p->json.len >= CHUNK) {
			chunk_end(p);
			chunk_begin(p);
			sep = "";
		}
		strbuf_adds(&p->json, sep);
		add_alert(&p->json, a, &p->text);
	}
	chunk_end(p);
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
	struct packer p = { .z = libdeflate_alloc_compressor(LEVEL), .file = st->file };
	if (!p.z)
		BUG("libdeflate could not allocate a compressor");
	pack_lines(&p, xmlDocGetRootElement(m->doc));
	st->raw += p.raw;
	st->packed += p.written;
	libdeflate_free_compressor(p.z);
	strbuf_release(&p.json);
	strbuf_release(&p.text);
	strbuf_release(&p.zbuf);
	strbuf_release(&p.b64);
	return p.rc;
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
