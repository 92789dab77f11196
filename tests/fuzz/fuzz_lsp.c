/*
 * fuzz_lsp.c - libFuzzer target for the language server's message loop
 * (lsp.c: framing, JSON-RPC, documents; lsp_lang.c: the answers), driven
 * in memory through lsp_serve() on an fmemopen() input and an
 * open_memstream() output (lsp.h).
 *
 * Input: one byte, then
 *   bit 0 clear   the rest is the client's byte stream as it is (framing,
 *                 headers, JSON: the seeds are tests/lsp transcripts)
 *   bit 0 set     the rest is a script the harness turns into well-framed
 *                 messages: bit 1 skips "initialize" (the requests must
 *                 then be refused), bit 2 offers utf-32; then operations,
 *                 each an opcode byte and its operands (positions from
 *                 bytes, large ones included; texts are the bytes up to
 *                 the next 0xFF, made valid UTF-8): didOpen, didChange with
 *                 one to three ranged or whole-text changes, hover,
 *                 completion, definition, symbols, formatting, didSave,
 *                 didClose, an unknown method, shutdown.
 *
 * Oracle (fuzz_fail(), an abort(), on any failure): the output is a sequence of
 * "Content-Length: N\r\n\r\n" framed JSON-RPC 2.0 objects, every response
 * with an id and exactly one of result and error, and nothing but errors
 * before the answer to initialize (the first result). For a script: every
 * request is answered exactly once, in order; before initialize with
 * ServerNotInitialized (-32002) and with no notification sent; and the
 * last diagnostics published for the document equal lsp_diagnostics() of
 * the text the harness computes by applying the same edits itself (an
 * independent model of LSP positions: UTF-16 code units or code points,
 * clamped to the line and the document).
 *
 * FUZZ_LSP_DUMP=FILE writes a script's messages to FILE as a raw input (a
 * regression found by a script then replays through `scomc lsp` too).
 *
 *   make fuzz-run-lsp [FUZZ_SECONDS=N]     seeds: tests/fuzz/seeds-lsp.sh
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"
#include "lsp.h"
#include "lsp_lang.h"
#include "strbuf.h"
#include "utf.h"

enum { S_SCRIPT = 1, S_NO_INIT = 2, S_UTF32 = 4 };
enum { MAX_OPS = 24 };

static const char URI[] = "file:///fuzz/doc.alert";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_init("lsp");
	return 0;
}

/* Says which check failed, with the message m (may be NULL). */
static void fail(const char *what, const json_t *m)
{
	char *s = m ? json_dumps(m, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	fuzz_fail("fuzz_lsp: %s%s%.2000s", what, s ? ": " : "", s ? s : "");
}

/* ---- the output ---- */

/* What the server wrote, message by message. */
struct replies {
	json_t **v;
	size_t n;
};

static void replies_release(struct replies *r)
{
	for (size_t i = 0; i < r->n; i++)
		json_decref(r->v[i]);
	free(r->v);
}

/* Splits out[0..len) into framed JSON-RPC objects; aborts on anything else. */
static void parse_output(const char *out, size_t len, struct replies *r)
{
	static const char head[] = "Content-Length: ";
	size_t at = 0;
	memset(r, 0, sizeof *r);
	while (at < len) {
		char *end;
		if (len - at < sizeof head - 1 || memcmp(out + at, head, sizeof head - 1) != 0)
			fail("output without a Content-Length header", NULL);
		unsigned long n = strtoul(out + at + sizeof head - 1, &end, 10);
		if (end == out + at + sizeof head - 1 || (size_t)(out + len - end) < 4 ||
		    memcmp(end, "\r\n\r\n", 4) != 0 || (size_t)(out + len - end - 4) < n)
			fail("output with a broken header or a short body", NULL);
		json_error_t err;
		json_t *m = json_loadb(end + 4, n, JSON_ALLOW_NUL, &err);
		const char *v = json_string_value(json_object_get(m, "jsonrpc"));
		if (!json_is_object(m) || !v || strcmp(v, "2.0") != 0)
			fail("output that is not a JSON-RPC 2.0 object", m);
		bool method = json_object_get(m, "method") != NULL;
		bool result = json_object_get(m, "result") != NULL, error = json_object_get(m, "error") != NULL;
		if (method ? result || error || json_object_get(m, "id") :
			     result == error || !json_object_get(m, "id"))
			fail("a message that is neither a notification nor a response", m);
		r->v = xrealloc(r->v, (r->n + 1) * sizeof *r->v);
		r->v[r->n++] = m;
		at = (size_t)(end + 4 + n - out);
	}
}

/* Runs the server on in[0..len); its messages into r. */
static void serve(const char *in, size_t len, struct replies *r)
{
	char *out = NULL;
	size_t out_len = 0;
	FILE *fin = fmemopen((void *)in, len, "r");
	FILE *fout = open_memstream(&out, &out_len);
	if (!fin || !fout)
		fuzz_fail("fuzz_lsp: fmemopen or open_memstream failed");
	char why[128];
	int rc = lsp_serve(fin, fout, &fuzz_xsd, NULL, why, sizeof why);
	if (rc < 0 && !why[0])
		fail("broken framing that does not say how", NULL);
	fclose(fin);
	fclose(fout);
	parse_output(out, out_len, r);
	free(out);
}

/* ---- scripts ---- */

struct script {
	const uint8_t *p;
	size_t left;
	struct strbuf in;   /* the framed messages */
	int next_id;        /* ids 1..next_id-1 were sent, in order */
	bool initialized;   /* initialize was sent */
	bool shut;          /* shutdown was sent and answered */
	bool utf32;
	int expect_code[MAX_OPS + 2]; /* per id: 0 a result or any error, else this error */
	struct strbuf text; /* the model of the document, "" when closed */
	bool open;
};

static unsigned take(struct script *s)
{
	if (!s->left)
		return 0;
	s->left--;
	return *s->p++;
}

/* A position from operand bytes: mostly small, sometimes huge. */
static json_int_t take_num(struct script *s)
{
	unsigned b = take(s);
	if (b == 0xFE)
		return (json_int_t)take(s) << 24 | (json_int_t)take(s) << 8;
	return b & 0x7F;
}

/* Text up to the next 0xFF, invalid UTF-8 bytes made '?'. */
static json_t *take_text(struct script *s)
{
	const uint8_t *end = memchr(s->p, 0xFF, s->left);
	size_t n = end ? (size_t)(end - s->p) : s->left;
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n;) {
		size_t at = i;
		if (utf_next8(s->p, n, &i) < 0) {
			strbuf_addc(&sb, '?');
			i = at + 1;
		} else {
			strbuf_add(&sb, (const char *)s->p + at, i - at);
		}
	}
	s->p += n + (end != NULL);
	s->left -= n + (end != NULL);
	json_t *t = json_stringn(sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
	if (!t)
		fail("jansson refused a UTF-8 string", NULL);
	return t;
}

static void frame(struct script *s, json_t *msg)
{
	char *body = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!body)
		fail("json_dumps failed", NULL);
	strbuf_addf(&s->in, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
	free(body);
}

static void notify(struct script *s, const char *method, json_t *params)
{
	frame(s, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method", method, "params", params));
}

/* A request; its answer must be error code (0: anything). */
static void request(struct script *s, const char *method, json_t *params, int code)
{
	if (!s->initialized && strcmp(method, "initialize") != 0)
		code = -32002;
	else if (s->shut)
		code = -32600;
	s->expect_code[s->next_id] = code;
	frame(s, json_pack("{s:s,s:i,s:s,s:o}", "jsonrpc", "2.0", "id", s->next_id++, "method",
			   method, "params", params));
}

static json_t *doc_id(void)
{
	return json_pack("{s:s}", "uri", URI);
}

static json_t *take_pos(struct script *s)
{
	json_int_t line = take_num(s);
	return json_pack("{s:I,s:I}", "line", line, "character", take_num(s));
}

/* The model: the byte offset of (line, character), clamped as LSP says. */
static size_t model_offset(const struct script *s, json_t *pos)
{
	json_int_t line = json_integer_value(json_object_get(pos, "line"));
	json_int_t ch = json_integer_value(json_object_get(pos, "character"));
	const unsigned char *t = (const unsigned char *)s->text.buf;
	size_t n = s->text.len, i = 0;
	for (json_int_t l = 0; l < line; l++) {
		const unsigned char *nl = memchr(t + i, '\n', n - i);
		if (!nl)
			return n;
		i = (size_t)(nl - t) + 1;
	}
	const unsigned char *nl = memchr(t + i, '\n', n - i);
	size_t eol = nl ? (size_t)(nl - t) : n;
	if (eol > i && t[eol - 1] == '\r')
		eol--;
	for (json_int_t units = 0; i < eol && units < ch;) {
		long cp = utf_next8(t, eol, &i);
		if (cp < 0)
			fail("the model's text is not UTF-8", NULL);
		units += cp >= 0x10000 && !s->utf32 ? 2 : 1;
	}
	return i;
}

static void model_edit(struct script *s, json_t *range, json_t *text)
{
	if (!s->open || !s->initialized)
		return;
	const char *t = json_string_value(text);
	size_t tl = json_string_length(text);
	if (!range) {
		strbuf_reset(&s->text);
		strbuf_add(&s->text, t, tl);
		return;
	}
	size_t a = model_offset(s, json_object_get(range, "start"));
	size_t b = model_offset(s, json_object_get(range, "end"));
	if (b < a)
		b = a;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, s->text.buf, a);
	strbuf_add(&sb, t, tl);
	strbuf_add(&sb, s->text.buf + b, s->text.len - b);
	strbuf_release(&s->text);
	s->text = sb;
}

static void did_change(struct script *s)
{
	json_t *changes = json_array();
	unsigned n = take(s) % 3 + 1;
	for (unsigned i = 0; i < n; i++) {
		json_t *text = take_text(s), *range = NULL;
		if (take(s) & 1) {
			json_t *a = take_pos(s);
			range = json_pack("{s:o,s:o}", "start", a, "end", take_pos(s));
		}
		model_edit(s, range, text);
		json_array_append_new(changes, range ? json_pack("{s:o,s:o}", "range", range, "text", text) :
						       json_pack("{s:o}", "text", text));
	}
	notify(s, "textDocument/didChange",
	       json_pack("{s:{s:s,s:i},s:o}", "textDocument", "uri", URI, "version", 2,
			 "contentChanges", changes));
}

static void did_open(struct script *s)
{
	json_t *text = take_text(s);
	if (s->initialized) {
		strbuf_reset(&s->text);
		strbuf_add(&s->text, json_string_value(text), json_string_length(text));
		s->open = true;
	}
	notify(s, "textDocument/didOpen",
	       json_pack("{s:{s:s,s:s,s:i,s:o}}", "textDocument", "uri", URI, "languageId", "alert",
			 "version", 1, "text", text));
}

static void pos_request(struct script *s, const char *method)
{
	request(s, method, json_pack("{s:o,s:o}", "textDocument", doc_id(), "position", take_pos(s)),
		s->open ? 0 : -32602);
}

/* One operation; false when the script is over. */
static bool op(struct script *s)
{
	if (!s->left)
		return false;
	switch (take(s) % 12) {
	case 0: did_open(s); break;
	case 1: did_change(s); break;
	case 2: pos_request(s, "textDocument/hover"); break;
	case 3: pos_request(s, "textDocument/completion"); break;
	case 4: pos_request(s, "textDocument/definition"); break;
	case 5:
		request(s, "textDocument/documentSymbol", json_pack("{s:o}", "textDocument", doc_id()),
			s->open ? 0 : -32602);
		break;
	case 6:
		request(s, "textDocument/formatting",
			json_pack("{s:o,s:{s:i,s:b}}", "textDocument", doc_id(), "options", "tabSize", 2,
				  "insertSpaces", 1),
			s->open ? 0 : -32602);
		break;
	case 7: notify(s, "textDocument/didSave", json_pack("{s:o}", "textDocument", doc_id())); break;
	case 8:
		notify(s, "textDocument/didClose", json_pack("{s:o}", "textDocument", doc_id()));
		if (s->initialized)
			s->open = false;
		break;
	case 9: request(s, "workspace/fuzz", json_object(), -32601); break;
	case 10:
		request(s, "shutdown", json_null(), 0);
		s->shut |= s->initialized;
		break;
	default: pos_request(s, "textDocument/hover"); break;
	}
	return true;
}

/* The replies: one per request, in order, with the expected errors; no
 * notification before initialize; returns the last diagnostics published
 * (borrowed from r), or NULL. */
static json_t *check_replies(const struct script *s, const struct replies *r)
{
	int id = 1;
	json_t *last = NULL;
	bool before_init = !s->initialized;
	for (size_t i = 0; i < r->n; i++) {
		json_t *m = r->v[i], *rid = json_object_get(m, "id");
		if (json_object_get(m, "method")) {
			if (before_init)
				fail("a notification before initialize", m);
			last = json_object_get(json_object_get(m, "params"), "diagnostics");
			continue;
		}
		if (json_integer_value(rid) != id)
			fail("a reply out of order", m);
		int want = s->expect_code[id++];
		json_t *err = json_object_get(m, "error");
		if (want ? json_integer_value(json_object_get(err, "code")) != want : err != NULL)
			fail("a reply with the wrong outcome", m);
	}
	if (id != s->next_id)
		fail("a request without a reply", NULL);
	return last;
}

/* $FUZZ_LSP_DUMP: the file the script's messages are written to (as an
 * input with bit 0 clear: replayable through `scomc lsp` and raw mode). */
static void dump(const struct strbuf *in)
{
	const char *path = getenv("FUZZ_LSP_DUMP");
	FILE *f = path && *path ? fopen(path, "wb") : NULL;
	if (f) {
		fputc(0, f);
		fwrite(in->buf, 1, in->len, f);
		fclose(f);
	}
}

static void run_script(const uint8_t *data, size_t size, unsigned flags)
{
	struct script s = { .p = data, .left = size, .next_id = 1, .utf32 = flags & S_UTF32 };
	strbuf_init(&s.in);
	strbuf_init(&s.text);
	if (!(flags & S_NO_INIT)) {
		json_t *caps = json_pack("{s:{s:[s]}}", "general", "positionEncodings",
					 s.utf32 ? "utf-32" : "utf-16");
		request(&s, "initialize", json_pack("{s:o}", "capabilities", caps), 0);
		s.initialized = true;
		notify(&s, "initialized", json_object());
	}
	for (int i = 0; i < MAX_OPS && op(&s); i++)
		;
	bool was_open = s.open;
	frame(&s, json_pack("{s:s,s:s}", "jsonrpc", "2.0", "method", "exit"));
	dump(&s.in);
	struct replies r;
	serve(s.in.buf, s.in.len, &r);
	json_t *last = check_replies(&s, &r);
	if (was_open) {
		/* what the server published last is what the model's text gives */
		struct lsp_doc d = { (char *)URI, lsp_uri_path(URI), s.text.buf ? s.text.buf : "",
				     s.text.len };
		json_t *want = lsp_diagnostics(&d, &fuzz_xsd, s.utf32);
		if (!last || !json_equal(last, want)) {
			fprintf(stderr, "fuzz_lsp: the model's text: %.*s\n", (int)s.text.len, s.text.buf);
			fail("the last diagnostics differ from the model's", want);
		}
		json_decref(want);
		free(d.path);
	}
	replies_release(&r);
	strbuf_release(&s.in);
	strbuf_release(&s.text);
}

/* Whatever the client sent: nothing but errors before the answer to
 * initialize (the first result, which holds the capabilities). */
static void check_raw(const struct replies *r)
{
	for (size_t i = 0; i < r->n; i++) {
		json_t *result = json_object_get(r->v[i], "result");
		if (json_object_get(r->v[i], "method"))
			fail("a notification before initialize was answered", r->v[i]);
		if (result) {
			if (!json_object_get(result, "capabilities"))
				fail("a result before initialize was answered", r->v[i]);
			return;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & S_SCRIPT) {
		run_script(data + 1, size - 1, data[0]);
	} else {
		struct replies r;
		serve((const char *)data + 1, size - 1, &r);
		check_raw(&r);
		replies_release(&r);
	}
	return 0;
}
