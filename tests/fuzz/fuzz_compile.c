/*
 * fuzz_compile.c - libFuzzer target over the whole in-memory pipeline.
 *
 * One input is one file, .alert or model XML (first non-blank byte '<'), run
 * through the same front end as the driver (front_load() in front.c) and
 * then the back end of driver.c's emit_outputs: lex -> parse | XML read + DTD and
 * XInclude refusal -> check -> resolve -> alertdef.xsd -> emit MP -> MP
 * schema -> serialize -> (FUZZ_HTML=1, the default) XSLT pages, the home
 * page and search.json staged into a throwaway output directory and
 * discarded. Schemas and stylesheets are compiled once, from $SCOMC_ROOT
 * (default: the tree this was built from). Nothing is printed: diagnostics
 * are formatted into /dev/null and the sink is released.
 */
#include <unistd.h>

#include <libxml/xmlerror.h>
#include <libxslt/xsltutils.h>

#include "arena.h"
#include "emit_xml.h"
#include "front.h"
#include "index_json.h"
#include "out.h"
#include "render_html.h"
#include "source.h"
#include "strbuf.h"
#include "xmlenv.h"
#include "xsd.h"

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

enum { INPUT_LIMIT = 128 * 1024 * 1024 }; /* the driver's E101 limit */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct xsd_cache xsd;
static struct render render;
static char outdir[4096]; /* created and removed by every run (out.made_dir) */
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
	const char *tmpdir = getenv("TMPDIR");
	snprintf(outdir, sizeof(outdir), "%s/scomc-fuzz-%ld", tmpdir && *tmpdir ? tmpdir : "/tmp",
		 (long)getpid());
	if (!(devnull = fopen("/dev/null", "w")))
		abort();
	atexit(at_exit);
	strbuf_release(&s);
	strbuf_release(&t);
	return 0;
}

/* Oracle: what scomc writes must parse back as well-formed XML. */
static void must_reparse(const xmlChar *buf, int len, const char *what)
{
	xmlDocPtr d = xmlReadMemory((const char *)buf, len, what, NULL, XMLENV_PARSE_OPTIONS);
	if (!d) {
		fprintf(stderr, "fuzz_compile: the %s written is not well-formed XML\n", what);
		abort();
	}
	xmlFreeDoc(d);
}

static void emit(struct model *m, struct diag_sink *sink)
{
	xmlChar *buf;
	int len;
	emit_serialize(m->doc, &buf, &len);
	must_reparse(buf, len, "model");
	xmlFree(buf);
	xmlDocPtr mp = emit_mp(m, TARGET_PACK);
	enum emit_target t = emit_target_of(xmlDocGetRootElement(m->doc), TARGET_PACK);
	int bad = xsd_validate(t == TARGET_2012 ? xsd.mp20 : xsd.mp10, mp, m, "E402", sink);
	if (bad == 0) {
		emit_serialize(mp, &buf, &len);
		must_reparse(buf, len, "management pack");
		xmlFree(buf);
	}
	xmlFreeDoc(mp);
	if (bad == 0 && html) {
		struct out o;
		struct site_index ix;
		out_init(&o, outdir);
		index_init(&ix);
		if (render_pack(&render, m, NULL, "docs/", &o, sink) == 0) {
			index_add_pack(&ix, m, "docs/", &o, sink);
			xmlDocPtr site = index_site_doc(&ix);
			if (render_home(&render, site, "docs/", &o, sink) == 0)
				index_write(&ix, "docs/", &o, sink);
			xmlFreeDoc(site);
		}
		index_release(&ix);
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
	int rc = front_load(&m, &xsd, &sink, NULL);
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
