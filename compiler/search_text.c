/*
 * search_text.c - docs/search-text.js: the articles' plain text, compressed
 * per pack, for the site's full-text search (see search_text.h).
 */
#include "search_text.h"

#include <jansson.h>
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

/* Appends s with every run of white space as one space, none leading. */
static void add_words(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		bool space = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
		if (!space)
			strbuf_addc(sb, *s);
		else if (sb->len && sb->buf[sb->len - 1] != ' ')
			strbuf_addc(sb, ' ');
	}
}

/* Walks the subtree of n without recursion: the model's nesting is bounded
 * by the parser, but a walk needs no stack at all. */
void search_text_of(xmlNodePtr n, struct strbuf *sb)
{
	xmlNodePtr cur = n->children;
	while (cur && cur != n) {
		if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE)
			add_words(sb, (const char *)cur->content);
		else if (is_block(cur))
			add_words(sb, " ");
		if (cur->type == XML_ELEMENT_NODE && cur->children) {
			cur = cur->children;
			continue;
		}
		while (cur != n && !cur->next) {
			cur = cur->parent;
			if (cur != n && is_block(cur))
				add_words(sb, " ");
		}
		if (cur != n)
			cur = cur->next;
	}
	if (sb->len && sb->buf[sb->len - 1] == ' ')
		sb->len--, sb->buf[sb->len] = '\0';
}

static json_t *part(const char *anchor, const char *heading, xmlNodePtr blocks)
{
	struct strbuf text = STRBUF_INIT;
	search_text_of(blocks, &text);
	json_t *p = json_pack("[sss]", anchor, heading ? heading : "", text.buf ? text.buf : "");
	strbuf_release(&text);
	if (!p)
		BUG("json_pack failed (text not UTF-8?)");
	return p;
}

/* [HREF, [[ANCHOR, HEADING, TEXT], ...]]; parts without text are left out. */
static json_t *alert_text(xmlNodePtr a)
{
	json_t *parts = json_array();
	xmlNodePtr intro = model_child(a, "intro");
	if (intro && intro->children)
		json_array_append_new(parts, part("", "", intro));
	int k = 0;
	xmlNodePtr kn = model_child(a, "knowledge");
	for (xmlNodePtr s = model_child(kn, "section"); s; s = model_next(s, "section")) {
		char anchor[32];
		snprintf(anchor, sizeof(anchor), "k%d", ++k);
		json_array_append_new(parts, part(anchor, model_attr(s, "title"), s));
	}
	struct strbuf href = STRBUF_INIT;
	strbuf_addf(&href, "%s.html", model_attr(a, "name"));
	json_t *entry = json_pack("[so]", href.buf, parts);
	strbuf_release(&href);
	if (!entry)
		BUG("json_pack failed");
	return entry;
}

/* A zlib stream into a strbuf (level 6; the zlib format has no time
 * stamp, so the bytes depend on the input only). */
struct packer {
	z_stream z;
	struct strbuf out;
};

static void pack_begin(struct packer *p)
{
	memset(p, 0, sizeof(*p));
	if (deflateInit(&p->z, 1) != Z_OK)
		BUG("deflateInit failed");
}

static void pack_add(struct packer *p, const char *data, size_t len, int flush)
{
	p->z.next_in = (Bytef *)data;
	p->z.avail_in = (uInt)len;
	int rc;
	do {
		strbuf_grow(&p->out, 65536);
		p->z.next_out = (Bytef *)p->out.buf + p->out.len;
		p->z.avail_out = 65536;
		rc = deflate(&p->z, flush);
		if (rc == Z_STREAM_ERROR)
			BUG("deflate failed");
		p->out.len += 65536 - p->z.avail_out;
	} while (p->z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

static void pack_adds(struct packer *p, const char *s)
{
	pack_add(p, s, strlen(s), Z_NO_FLUSH);
}

/* Deflates the pack's JSON (see search_text.h) one alert at a time, so that
 * only the compressed text is kept. Returns the uncompressed size. */
static size_t pack_json(struct packer *p, xmlNodePtr pack)
{
	json_t *id = json_string(model_attr(pack, "id"));
	char *idtext = json_dumps(id, JSON_ENCODE_ANY);
	json_decref(id);
	if (!idtext)
		BUG("json_dumps failed");
	size_t raw = strlen("{\"alerts\":[],\"pack\":}") + strlen(idtext);
	pack_adds(p, "{\"alerts\":[");
	const char *sep = "";
	for (xmlNodePtr a = model_child(pack, "alert"); a; a = model_next(a, "alert")) {
		json_t *entry = alert_text(a);
		char *text = json_dumps(entry, JSON_COMPACT);
		json_decref(entry);
		if (!text)
			BUG("json_dumps failed");
		pack_adds(p, sep);
		pack_adds(p, text);
		raw += strlen(sep) + strlen(text);
		sep = ",";
		free(text);
	}
	pack_adds(p, "],\"pack\":");
	pack_adds(p, idtext);
	pack_add(p, "}", 1, Z_FINISH);
	free(idtext);
	deflateEnd(&p->z);
	return raw;
}

static void add_base64(struct strbuf *sb, const unsigned char *data, size_t len)
{
	for (size_t i = 0; i < len; i += 3 * 16384) {
		size_t n = MIN(len - i, (size_t)3 * 16384);
		strbuf_grow(sb, 4 * ((n + 2) / 3) + 1);
		int w = EVP_EncodeBlock((unsigned char *)sb->buf + sb->len, data + i, (int)n);
		sb->len += (size_t)w;
		sb->buf[sb->len] = '\0';
	}
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
	struct packer p;
	pack_begin(&p);
	st->raw += pack_json(&p, xmlDocGetRootElement(m->doc));
	struct strbuf line = STRBUF_INIT;
	strbuf_adds(&line, "window.SCOMC_TEXT.push(\"");
	add_base64(&line, (const unsigned char *)p.out.buf, p.out.len);
	strbuf_release(&p.out);
	strbuf_adds(&line, "\");\n");
	st->packed += line.len;
	int rc = out_stream_add(st->file, line.buf, line.len);
	strbuf_release(&line);
	return rc;
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
