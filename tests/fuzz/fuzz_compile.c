/*
 * fuzz_compile.c - libFuzzer target over the whole in-memory pipeline.
 *
 * One input is one file, .alert or model XML (first non-blank byte '<'), run
 * through the stages in the order and with the gates of driver.c
 * (front_alert / front_xml / emit_outputs): lex -> parse | XML read + DTD and
 * XInclude refusal -> check -> resolve -> alertdef.xsd -> emit MP -> MP
 * schema -> serialize -> (FUZZ_HTML=1, the default) XSLT pages staged into a
 * throwaway output directory and discarded. Schemas and stylesheets are
 * compiled once, from $SCOMC_ROOT (default: the tree this was built from).
 * Nothing is printed; diagnostics go to a sink that is released.
 */
#include <unistd.h>

#include <libxml/xmlerror.h>
#include <libxslt/xsltutils.h>

#include "arena.h"
#include "check.h"
#include "emit_xml.h"
#include "lex.h"
#include "out.h"
#include "parse.h"
#include "render_html.h"
#include "source.h"
#include "strbuf.h"
#include "xmlenv.h"
#include "xsd.h"

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

enum { INPUT_LIMIT = 16 * 1024 * 1024 }; /* the driver's E101 limit */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct xsd_cache xsd;
static struct render render;
static char outdir[] = "/tmp/scomc-fuzz-XXXXXX";
static bool html = true;
static FILE *devnull;

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void at_exit(void)
{
	render_release(&render);
	xsd_cache_release(&xsd);
	rmdir(outdir);
	if (devnull)
		fclose(devnull);
	xmlenv_cleanup();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *root = getenv("SCOMC_ROOT");
	if (!root || !*root)
		root = FUZZ_ROOT;
	const char *h = getenv("FUZZ_HTML");
	html = !h || strcmp(h, "0") != 0;
	struct strbuf s = STRBUF_INIT, t = STRBUF_INIT;
	strbuf_addf(&s, "%s/schemas", root);
	strbuf_addf(&t, "%s/templates", root);
	xmlenv_init();
	xmlSetGenericErrorFunc(NULL, silent);
	xsltSetGenericErrorFunc(NULL, silent);
	xmlenv_allow_dir(s.buf);
	xmlenv_allow_dir(t.buf);
	xsd_cache_init(&xsd, s.buf);
	render_init(&render, t.buf);
	struct diag_sink sink;
	diag_sink_init(&sink, 0);
	if (!xsd_get(&xsd, XSD_ALERTDEF, &sink) || !xsd_get(&xsd, XSD_MP10, &sink) ||
	    !xsd_get(&xsd, XSD_MP20, &sink)) {
		fprintf(stderr, "fuzz_compile: cannot compile the schemas in %s\n", s.buf);
		abort();
	}
	diag_sink_release(&sink);
	if (!mkdtemp(outdir) || !(devnull = fopen("/dev/null", "w")))
		abort();
	atexit(at_exit);
	strbuf_release(&s);
	strbuf_release(&t);
	return 0;
}

static bool looks_like_xml(const struct source *src)
{
	const char *p = src->data + src->bom, *end = src->data + src->len;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (src->len >= 2 && ((unsigned char)src->data[0] == 0xFF || (unsigned char)src->data[0] == 0xFE))
		return true;
	return p < end && *p == '<';
}

static int front_alert(struct model *m, struct diag_sink *sink)
{
	if (lex_check_text(m->src, sink))
		return -1;
	size_t ntok;
	struct token *toks = lex_source(m->src, m->arena, sink, &ntok);
	unsigned before = sink->errors;
	if (parse_tokens(m, toks, ntok, sink) || sink->errors > before)
		return -1;
	if (check_model(m, sink))
		return -1;
	model_resolve(m);
	return xsd_validate(xsd.alertdef, m->doc, m, "E401", sink) != 0 ? -1 : 0;
}

/* The driver's forbidden_xml(): DTDs and XInclude are refused. */
static int forbidden_xml(struct model *m, struct diag_sink *sink)
{
	if (m->doc->intSubset || m->doc->extSubset)
		return diag_error(sink, (struct loc){ m->src, 0, 0 }, "E212", "DTD");
	for (xmlNodePtr n = xmlDocGetRootElement(m->doc); n;) {
		if (n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
		    strstr((const char *)n->ns->href, "XInclude"))
			return diag_error(sink, model_loc(m, n), "E212", "XInclude");
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = n->parent;
		n = n ? n->next : NULL;
	}
	return 0;
}

static int front_xml(struct model *m, struct diag_sink *sink)
{
	struct xmlenv_error err;
	m->from_xml = true;
	m->doc = xmlenv_read_memory(m->src->data, m->src->len, m->src->path, &err);
	if (!m->doc) {
		struct loc l = { m->src, 0, 0 };
		size_t start, len;
		if (err.line > 0 && source_line(m->src, (unsigned)err.line, &start, &len))
			l.off = start + (err.col > 1 ? MIN((size_t)err.col - 1, len) : 0);
		return diag_error(sink, l, "E211", "malformed XML: %s", err.msg);
	}
	if (forbidden_xml(m, sink))
		return -1;
	if (xsd_validate(xsd.alertdef, m->doc, m, "E401", sink) != 0)
		return -1;
	if (check_model(m, sink))
		return -1;
	model_resolve(m);
	return 0;
}

static void emit(struct model *m, struct diag_sink *sink)
{
	xmlChar *buf;
	int len;
	emit_serialize(m->doc, &buf, &len);
	xmlFree(buf);
	xmlDocPtr mp = emit_mp(m, TARGET_PACK);
	enum emit_target t = emit_target_of(xmlDocGetRootElement(m->doc), TARGET_PACK);
	int bad = xsd_validate(t == TARGET_2012 ? xsd.mp20 : xsd.mp10, mp, m, "E402", sink);
	if (bad == 0) {
		emit_serialize(mp, &buf, &len);
		xmlFree(buf);
	}
	xmlFreeDoc(mp);
	if (bad == 0 && html) {
		struct out o;
		out_init(&o, outdir);
		render_pack(&render, m, "docs/", &o, sink);
		out_abort(&o);
		out_release(&o);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > INPUT_LIMIT)
		return -1;
	struct diag_sink sink;
	diag_sink_init(&sink, 20);
	struct source src;
	source_init_mem(&src, "fuzz.alert", (const char *)data, size);
	struct arena arena;
	arena_init(&arena);
	struct model m = { .src = &src, .arena = &arena };
	int rc = looks_like_xml(&src) ? front_xml(&m, &sink) : front_alert(&m, &sink);
	if (rc == 0)
		emit(&m, &sink);
	model_release(&m);
	arena_release(&arena);
	/* Formats every diagnostic (caret lines, JSON) into /dev/null. */
	diag_sort(&sink);
	diag_print_text(&sink, devnull, false);
	if (size & 1)
		diag_write_json(&sink, devnull);
	diag_sink_release(&sink);
	source_release(&src);
	return 0;
}
