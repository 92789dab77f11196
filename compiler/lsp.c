/*
 * lsp.c - `scomc lsp`: a Language Server Protocol server on stdin/stdout.
 *
 * JSON-RPC 2.0 messages framed by "Content-Length: N\r\n\r\n" headers. The
 * server keeps the text of every open document (full sync) and answers
 * from lsp_lang.c; it publishes diagnostics on open, change and save.
 * Nothing but protocol messages goes to stdout; an unreadable or malformed
 * message is answered with a JSON-RPC error, or ends the session when the
 * framing itself is lost. The session ends on "exit" (status 0 after
 * "shutdown", else 1) or at end of input.
 */
#include "lsp.h"

#include <strings.h>

#include <jansson.h>

#include "cli.h"
#include "lsp_lang.h"
#include "refpacks.h"
#include "source.h"
#include "strbuf.h"
#include "version.h"
#include "xsd.h"

const char lsp_usage[] =
	"Usage: scomc lsp [OPTION]...\n"
	"Run a Language Server Protocol server on standard input and output for\n"
	".alert files: diagnostics as you type (the same messages and IDs as\n"
	"'scomc check'), hover (what a keyword means, what an alert inherits from\n"
	"defaults or a table template), completion (keywords, alert types,\n"
	"priorities, logs, aliases, classes), go to definition (references,\n"
	"defaults, table templates), document symbols and formatting (scomc fmt).\n"
	"\n"
	"      --schema-dir=DIR     schemas (default: $SCOMC_SCHEMA_DIR, then installed)\n"
	"      --references=DIR     sealed or XML packs whose IDs, versions and classes\n"
	"                           completion offers (default: $SCOMC_REFERENCES)\n"
	"  -h, --help               show this help and exit\n"
	"\n"
	"Editors start it themselves: see editors/ and docs/editors.md.\n"
	"Exit status: 0 after shutdown and exit, 1 if the client went away first.\n";

enum { MAX_MESSAGE = 64 * 1024 * 1024 };

/* JSON-RPC error codes, and the protocol's ServerNotInitialized. */
enum { PARSE_ERROR = -32700,
       INVALID_REQUEST = -32600,
       METHOD_NOT_FOUND = -32601,
       INVALID_PARAMS = -32602,
       SERVER_NOT_INITIALIZED = -32002 };

struct server {
	FILE *out;
	struct lsp_doc *docs;
	size_t ndocs;
	struct xsd_cache *xsd; /* borrowed */
	struct refpacks *refs; /* borrowed, may be NULL */
	bool initialized, shutdown, utf32;
};

/* ---- framing ---- */

/* Reads one message body into sb: 1, 0 at end of input, -1 if the framing
 * is broken (*why says how: no usable Content-Length, a length over
 * MAX_MESSAGE, or input that ends inside a message). */
static int read_message(FILE *in, struct strbuf *sb, char *why, size_t whylen)
{
	char line[1024];
	long long len = -1;
	bool any = false, start = true; /* line[] starts a header line (not the rest of a long one) */
	while (fgets(line, sizeof(line), in)) {
		any = true;
		bool at_start = start;
		size_t n = strlen(line);
		start = n && line[n - 1] == '\n';
		if (!at_start)
			continue;
		if (strcmp(line, "\r\n") == 0 || strcmp(line, "\n") == 0)
			break;
		if (strncasecmp(line, "Content-Length:", 15) == 0) {
			char *end;
			len = strtoll(line + 15, &end, 10);
			if (end == line + 15)
				len = -1;
		}
	}
	if (!any)
		return 0;
	if (len < 0) {
		snprintf(why, whylen, "no Content-Length");
		return -1;
	}
	if (len > MAX_MESSAGE) {
		snprintf(why, whylen, "Content-Length %lld is over the limit of %d bytes", len,
			 (int)MAX_MESSAGE);
		return -1;
	}
	strbuf_reset(sb);
	strbuf_grow(sb, (size_t)len);
	size_t got = fread(sb->buf, 1, (size_t)len, in);
	if (got != (size_t)len) {
		snprintf(why, whylen, "input ended after %zu of the %lld bytes of a message", got, len);
		return -1;
	}
	sb->len = (size_t)len;
	sb->buf[len] = '\0';
	return 1;
}

static void send(struct server *sv, json_t *msg)
{
	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	char *s = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!s)
		return;
	fprintf(sv->out, "Content-Length: %zu\r\n\r\n%s", strlen(s), s);
	fflush(sv->out);
	free(s);
}

static void reply(struct server *sv, json_t *id, json_t *result)
{
	send(sv, json_pack("{s:O,s:o}", "id", id, "result", result));
}

static void reply_error(struct server *sv, json_t *id, int code, const char *msg)
{
	send(sv, json_pack("{s:O,s:{s:i,s:s}}", "id", id ? id : json_null(), "error", "code", code,
			   "message", msg));
}

static void notify(struct server *sv, const char *method, json_t *params)
{
	send(sv, json_pack("{s:s,s:o}", "method", method, "params", params));
}

/* ---- documents ---- */

static struct lsp_doc *find_doc(struct server *sv, const char *uri)
{
	for (size_t i = 0; uri && i < sv->ndocs; i++)
		if (strcmp(sv->docs[i].uri, uri) == 0)
			return &sv->docs[i];
	return NULL;
}

static void set_text(struct lsp_doc *d, const char *text, size_t len)
{
	free(d->text);
	d->text = xstrndup(text, len);
	d->len = len;
}

static void close_doc(struct server *sv, struct lsp_doc *d)
{
	free(d->uri);
	free(d->path);
	free(d->text);
	*d = sv->docs[--sv->ndocs];
	sv->docs[sv->ndocs] = (struct lsp_doc){ 0 }; /* d itself when it was the last */
}

static void publish(struct server *sv, const struct lsp_doc *d, json_t *diagnostics)
{
	notify(sv, "textDocument/publishDiagnostics",
	       json_pack("{s:s,s:o}", "uri", d->uri, "diagnostics", diagnostics));
}

static const char *uri_of(json_t *params)
{
	return json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
}

static void did_open(struct server *sv, json_t *params)
{
	json_t *td = json_object_get(params, "textDocument");
	const char *uri = json_string_value(json_object_get(td, "uri"));
	json_t *text = json_object_get(td, "text");
	if (!uri || !json_is_string(text))
		return;
	struct lsp_doc *d = find_doc(sv, uri);
	if (!d) {
		sv->docs = xrealloc(sv->docs, (sv->ndocs + 1) * sizeof(*sv->docs));
		d = &sv->docs[sv->ndocs++];
		*d = (struct lsp_doc){ xstrdup(uri), lsp_uri_path(uri), NULL, 0 };
	}
	set_text(d, json_string_value(text), json_string_length(text));
	publish(sv, d, lsp_diagnostics(d, sv->xsd, sv->utf32));
}

static bool position_of(json_t *pos, struct lsp_pos *p)
{
	json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
	if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
	    json_integer_value(c) < 0)
		return false;
	p->line = (size_t)json_integer_value(l);
	p->character = (size_t)json_integer_value(c);
	return true;
}

/* One content change: with a range (incremental sync), its text replaces
 * that range, whose positions are clamped to the document as the protocol
 * says (past a line's end: its end; past the last line: the end) and never
 * split a character; an end before the start is the start. Without a
 * range, the whole text. A change that is neither is ignored. */
static void apply_change(struct server *sv, struct lsp_doc *d, json_t *change)
{
	json_t *text = json_object_get(change, "text");
	json_t *range = json_object_get(change, "range");
	if (!json_is_string(text))
		return;
	const char *t = json_string_value(text);
	size_t tlen = json_string_length(text);
	if (!range) {
		set_text(d, t, tlen);
		return;
	}
	struct lsp_pos a, b;
	if (!position_of(json_object_get(range, "start"), &a) ||
	    !position_of(json_object_get(range, "end"), &b))
		return;
	struct source src;
	source_init_mem(&src, d->path, d->text, d->len);
	size_t start = lsp_offset(&src, a, sv->utf32), end = lsp_offset(&src, b, sv->utf32);
	source_release(&src);
	if (end < start)
		end = start;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, d->text, start);
	strbuf_add(&sb, t, tlen);
	strbuf_add(&sb, d->text + end, d->len - end);
	free(d->text);
	d->len = sb.len;
	d->text = strbuf_detach(&sb, NULL);
}

/* Incremental sync: the changes apply in order. */
static void did_change(struct server *sv, json_t *params)
{
	struct lsp_doc *d = find_doc(sv, uri_of(params));
	json_t *changes = json_object_get(params, "contentChanges");
	if (!d || !json_is_array(changes))
		return;
	for (size_t i = 0; i < json_array_size(changes); i++)
		apply_change(sv, d, json_array_get(changes, i));
	publish(sv, d, lsp_diagnostics(d, sv->xsd, sv->utf32));
}

static void did_close(struct server *sv, json_t *params)
{
	struct lsp_doc *d = find_doc(sv, uri_of(params));
	if (!d)
		return;
	publish(sv, d, json_array());
	close_doc(sv, d);
}

/* ---- requests ---- */

/* utf-32 (code points, as scomc counts columns) if the client offers it;
 * else the protocol's default, utf-16. */
static json_t *initialize(struct server *sv, json_t *params)
{
	json_t *encs = json_object_get(json_object_get(json_object_get(params, "capabilities"),
						       "general"),
				       "positionEncodings");
	for (size_t i = 0; i < json_array_size(encs); i++)
		if (json_is_string(json_array_get(encs, i)) &&
		    strcmp(json_string_value(json_array_get(encs, i)), "utf-32") == 0)
			sv->utf32 = true;
	json_t *caps = json_pack(
		"{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:{s:[s,s,s]},s:b,s:b,s:b}", "positionEncoding",
		sv->utf32 ? "utf-32" : "utf-16", "textDocumentSync", "openClose", 1, "change", 2,
		"save", "includeText", 0, "hoverProvider", 1, "completionProvider",
		"triggerCharacters", " ", "!", "{", "definitionProvider", 1,
		"documentSymbolProvider", 1, "documentFormattingProvider", 1);
	return json_pack("{s:o,s:{s:s,s:s}}", "capabilities", caps, "serverInfo", "name", "scomc",
			 "version", SCOMC_VERSION);
}

/* A request about a document; returns its result, or NULL after replying
 * with an error. */
static json_t *doc_request(struct server *sv, const char *method, json_t *id, json_t *params)
{
	struct lsp_doc *d = find_doc(sv, uri_of(params));
	struct lsp_pos p = { 0, 0 };
	bool has_pos = position_of(json_object_get(params, "position"), &p);
	if (!d) {
		reply_error(sv, id, INVALID_PARAMS, "document is not open");
		return NULL;
	}
	if (!strcmp(method, "textDocument/documentSymbol"))
		return lsp_symbols(d, sv->utf32);
	if (!strcmp(method, "textDocument/formatting"))
		return lsp_formatting(d, sv->utf32);
	if (!has_pos) {
		reply_error(sv, id, INVALID_PARAMS, "no position");
		return NULL;
	}
	if (!strcmp(method, "textDocument/hover"))
		return lsp_hover(d, p, sv->utf32);
	if (!strcmp(method, "textDocument/completion"))
		return lsp_completion(d, p, sv->refs, sv->utf32);
	return lsp_definition(d, p, sv->utf32);
}

static void request(struct server *sv, const char *method, json_t *id, json_t *params)
{
	static const char *const doc_methods[] = {
		"textDocument/hover",
		"textDocument/completion",
		"textDocument/definition",
		"textDocument/documentSymbol",
		"textDocument/formatting",
	};
	if (!strcmp(method, "initialize")) {
		if (sv->initialized)
			reply_error(sv, id, INVALID_REQUEST, "the server is already initialized");
		else
			reply(sv, id, initialize(sv, params));
		sv->initialized = true;
		return;
	}
	if (!sv->initialized) {
		reply_error(sv, id, SERVER_NOT_INITIALIZED, "the server is not initialized: "
							    "send 'initialize' first");
		return;
	}
	if (sv->shutdown) {
		reply_error(sv, id, INVALID_REQUEST, "the server is shut down: only 'exit' is left");
		return;
	}
	if (!strcmp(method, "shutdown")) {
		sv->shutdown = true;
		reply(sv, id, json_null());
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(doc_methods); i++)
		if (!strcmp(method, doc_methods[i])) {
			json_t *r = doc_request(sv, method, id, params);
			if (r)
				reply(sv, id, r);
			return;
		}
	reply_error(sv, id, METHOD_NOT_FOUND, "method not supported");
}

/* Notifications before initialize are dropped, as the protocol says. */
static void notification(struct server *sv, const char *method, json_t *params)
{
	if (!sv->initialized)
		return;
	if (!strcmp(method, "textDocument/didOpen"))
		did_open(sv, params);
	else if (!strcmp(method, "textDocument/didChange"))
		did_change(sv, params);
	else if (!strcmp(method, "textDocument/didClose"))
		did_close(sv, params);
	else if (!strcmp(method, "textDocument/didSave")) {
		struct lsp_doc *d = find_doc(sv, uri_of(params));
		if (d)
			publish(sv, d, lsp_diagnostics(d, sv->xsd, sv->utf32));
	}
}

/* Handles one message; returns false on "exit". */
static bool handle(struct server *sv, const struct strbuf *body)
{
	json_error_t err;
	json_t *msg = json_loadb(body->buf, body->len, JSON_ALLOW_NUL, &err); /* "\\u0000" is JSON */
	if (!json_is_object(msg)) {
		reply_error(sv, NULL, msg ? INVALID_REQUEST : PARSE_ERROR, msg ? "not an object" : err.text);
		json_decref(msg);
		return true;
	}
	const char *method = json_string_value(json_object_get(msg, "method"));
	json_t *id = json_object_get(msg, "id"), *params = json_object_get(msg, "params");
	bool go_on = true;
	if (!method) {
		if (id) /* a response to us: we send no requests */
			go_on = true;
	} else if (!strcmp(method, "exit")) {
		go_on = false;
	} else if (id && !json_is_string(id) && !json_is_integer(id)) {
		reply_error(sv, NULL, INVALID_REQUEST, "the id must be a string or an integer");
	} else if (id) {
		request(sv, method, id, params);
	} else {
		notification(sv, method, params);
	}
	json_decref(msg);
	return go_on;
}

int lsp_serve(FILE *in, FILE *out, struct xsd_cache *xsd, struct refpacks *refs, char *why,
	      size_t whylen)
{
	struct server sv = { .out = out, .xsd = xsd, .refs = refs };
	struct strbuf body = STRBUF_INIT;
	int rc;
	why[0] = '\0';
	while ((rc = read_message(in, &body, why, whylen)) > 0 && handle(&sv, &body))
		;
	strbuf_release(&body);
	while (sv.ndocs)
		close_doc(&sv, &sv.docs[0]);
	free(sv.docs);
	return rc < 0 ? -1 : sv.shutdown ? 0
					 : 1;
}

int lsp_main(struct cli *c)
{
	if (c->nfiles)
		return cli_usage(c, "takes no files; the editor sends them", c->files[0]);
	struct xsd_cache xsd;
	struct refpacks refs;
	struct diag_sink ref_sink; /* the reference packs' read errors (not shown) */
	cli_xsd_init(c, &xsd);
	diag_sink_init(&ref_sink, 0);
	refpacks_init(&refs, &ref_sink);
	refpacks_open(&refs, c->references, c->nreferences);
	char why[128];
	int rc = lsp_serve(stdin, stdout, &xsd, &refs, why, sizeof(why));
	if (rc < 0)
		fprintf(stderr, "scomc lsp: broken message framing (%s); stopping\n", why);
	xsd_cache_release(&xsd);
	refpacks_release(&refs);
	diag_sink_release(&ref_sink);
	return rc == 0 ? EXIT_OK : EXIT_INPUT;
}
