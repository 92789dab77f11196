/*
 * driver.c - pipeline order, stage gates, exit-code policy (chibicc main.c).
 */
#include "driver.h"

#include <errno.h>
#include <limits.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alertrefs.h"
#include "arena.h"
#include "changes.h"
#include "cli.h"
#include "fragment.h"
#include "front.h"
#include "index_json.h"
#include "mpread.h"
#include "out.h"
#include "refpacks.h"
#include "render_html.h"
#include "seal.h"
#include "source.h"
#include "strbuf.h"
#include "version.h"
#include "xmlenv.h"
#include "xsd.h"

enum { INPUT_LIMIT = SOURCE_INPUT_LIMIT }; /* bytes per input file (E101) */

struct run {
	const struct options *opt;
	struct diag_sink sink;
	struct xsd_cache xsd;
	struct render render;
	struct site_index index;
	struct out out;
	struct source **sources; /* kept until diagnostics are written */
	size_t nsources;
	char **pack_ids;
	size_t npacks;
	bool internal;
	struct mp_files frags;  /* fragments read (kept for their diagnostics) */
	struct baseline base;   /* --baseline: the previous version of a pack */
	struct seal_ctx seal;   /* --seal-key */
	bool sealing;           /* the key loaded: write <ID>.mp too */
	struct mp_files sealed; /* the MPs verified before sealing (diagnostics point into them) */
	struct refpacks refs;   /* --references (empty without) */
};

/* ---- back end ---- */

static int stage(struct run *r, const char *name, const xmlChar *data, int len)
{
	return out_write(&r->out, name, data, (size_t)len, &r->sink);
}

/* The MP on its way out: validated (unless --no-validate-output) and
 * appended to the staged file piece by piece, as emit_mp_stream() builds
 * it one alert at a time; the whole document is never in memory. */
struct mp_out {
	struct xsd_stream *valid;
	struct out_stream *file;
	struct strbuf *copy; /* the whole text, when it is to be sealed */
};

static int mp_piece(void *ctx, const char *data, size_t len, struct loc at)
{
	struct mp_out *o = ctx;
	if (o->valid)
		xsd_stream_push(o->valid, data, len, at);
	if (o->copy)
		strbuf_add(o->copy, data, len);
	return out_stream_add(o->file, data, len);
}

/* --seal-key: the MP text just staged as DIR/<id>.xml is verified as
 * `scomc verify` does (with --references), then sealed into DIR/<id>.mp. */
static int seal_mp(struct run *r, const char *id, const char *xml, size_t len)
{
	struct strbuf name = STRBUF_INIT;
	const char *dir = r->out.dir;
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (strcmp(dir, ".") != 0)
		strbuf_addf(&name, "%.*s/", (int)n, dir);
	strbuf_addf(&name, "%s.xml", id);
	struct refpacks *refs = refpacks_enabled(&r->refs) ? &r->refs : NULL;
	int rc = seal_text(&r->seal, name.buf, xml, len, &r->xsd, refs, &r->sealed, &r->out, &r->sink);
	strbuf_release(&name);
	return rc;
}

static int emit_mp_file(struct run *r, struct model *m, const char *id)
{
	enum emit_target t = emit_target_of(xmlDocGetRootElement(m->doc), r->opt->target);
	xmlSchemaPtr s = NULL;
	if (!r->opt->no_validate_output &&
	    !(s = xsd_get(&r->xsd, t == TARGET_2012 ? XSD_MP20 : XSD_MP10, &r->sink)))
		return -1;
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "%s.xml", id);
	struct strbuf text = STRBUF_INIT;
	struct mp_out o = { NULL, out_stream_open(&r->out, name.buf, &r->sink),
			    r->sealing ? &text : NULL };
	strbuf_release(&name);
	if (!o.file)
		return -1;
	if (s)
		o.valid = xsd_stream_new(s, m, "E402", &r->sink);
	int rc = emit_mp_stream(m, r->opt->target, mp_piece, &o);
	int bad = 0;
	if (rc == 0 && o.valid)
		bad = xsd_stream_finish(o.valid);
	else
		xsd_stream_discard(o.valid);
	r->internal |= bad != 0;
	if (out_stream_close(o.file, rc == 0 && bad == 0) != 0 || bad != 0)
		rc = -1;
	if (rc == 0 && r->sealing)
		rc = seal_mp(r, id, text.buf, text.len);
	strbuf_release(&text);
	return rc;
}

/* The fragments of one pack (fragment.h): given after it, or beside it. */
struct frags {
	char **paths;
	size_t n;
};

/* The MP with the pack's fragments merged in: built as one document,
 * merged, validated (schema errors point into the fragments, and are the
 * author's, not the emitter's), then staged and sealed like the stream.
 * write: false for `scomc check`. */
static int emit_mp_merged(struct run *r, struct model *m, const char *id, const struct frags *f, bool write)
{
	enum emit_target t = emit_target_of(xmlDocGetRootElement(m->doc), r->opt->target);
	xmlDocPtr doc = emit_mp(m, r->opt->target);
	int rc = fragment_merge(doc, m, t, f->paths, f->n, &r->frags, &r->sink);
	if (rc == 0 && refpacks_enabled(&r->refs))
		rc = alertrefs_check_doc(m, doc, &r->refs, &r->sink) ? -1 : 0;
	if (rc == 0 && !r->opt->no_validate_output) {
		xmlSchemaPtr s = xsd_get(&r->xsd, t == TARGET_2012 ? XSD_MP20 : XSD_MP10, &r->sink);
		rc = s && xsd_validate(s, doc, m, "E402", &r->sink) == 0 ? 0 : -1;
	}
	if (rc == 0 && write) {
		xmlChar *buf;
		int len;
		emit_serialize(doc, &buf, &len);
		struct strbuf name = STRBUF_INIT;
		strbuf_addf(&name, "%s.xml", id);
		rc = stage(r, name.buf, buf, len);
		strbuf_release(&name);
		if (rc == 0 && r->sealing)
			rc = seal_mp(r, id, (const char *)buf, (size_t)len);
		xmlFree(buf);
	}
	xmlFreeDoc(doc);
	return rc;
}

static int emit_outputs(struct run *r, struct model *m, const struct frags *f)
{
	const char *id = model_attr(xmlDocGetRootElement(m->doc), "id");
	struct strbuf name = STRBUF_INIT;
	int rc = 0;
	if (r->opt->emit & EMIT_MODEL) {
		xmlChar *buf;
		int len;
		emit_serialize(m->doc, &buf, &len);
		strbuf_addf(&name, "%s.alertdef.xml", id);
		rc = stage(r, name.buf, buf, len);
		xmlFree(buf);
	}
	if (rc == 0 && (r->opt->emit & EMIT_MP))
		rc = f->n ? emit_mp_merged(r, m, id, f, true) : emit_mp_file(r, m, id);
	if (rc == 0 && (r->opt->emit & EMIT_DOCS)) {
		struct model *old = baseline_for(&r->base, m);
		xmlDocPtr changes = old ? changes_doc(old, m, &r->sink) : NULL;
		rc = render_pack(&r->render, m, changes, "docs/", &r->out, &r->sink);
		xmlFreeDoc(changes);
		if (rc == 0)
			rc = index_add_pack(&r->index, m, "docs/", &r->out, &r->sink);
	}
	strbuf_release(&name);
	return rc;
}

static int unique_pack(struct run *r, struct model *m)
{
	const char *id = model_attr(xmlDocGetRootElement(m->doc), "id");
	for (size_t i = 0; i < r->npacks; i++)
		if (strcasecmp(r->pack_ids[i], id) == 0)
			return diag_error(&r->sink, model_loc(m, xmlDocGetRootElement(m->doc)), "E308",
					  "pack id '%s' is also used by another input file", id);
	r->pack_ids = xrealloc(r->pack_ids, (r->npacks + 1) * sizeof(char *));
	r->pack_ids[r->npacks++] = xstrdup(id);
	return 0;
}

static struct source *new_source(struct run *r)
{
	r->sources = xrealloc(r->sources, (r->nsources + 1) * sizeof(*r->sources));
	r->sources[r->nsources] = xcalloc(1, sizeof(struct source));
	return r->sources[r->nsources++];
}

/* The fragments of the pack input files[i]: the .mpx inputs right after
 * it, then <stem>.mpx beside it. */
static void find_frags(struct run *r, int i, struct frags *f)
{
	for (int j = i + 1; j < r->opt->nfiles && fragment_is_path(r->opt->files[j]); j++) {
		f->paths = xrealloc(f->paths, (f->n + 1) * sizeof(*f->paths));
		f->paths[f->n++] = xstrdup(r->opt->files[j]);
	}
	fragment_find(r->opt->files[i], &f->paths, &f->n);
}

static void frags_release(struct frags *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->paths[i]);
	free(f->paths);
}

static void compile_file(struct run *r, int i)
{
	const char *path = r->opt->files[i];
	struct strbuf err = STRBUF_INIT;
	struct source *src = new_source(r);
	enum source_status st = source_load(src, path, INPUT_LIMIT, &err);
	if (st == SOURCE_IO) {
		diag_env_file_error(&r->sink, path, "E501", "%s", err.buf);
		const char *cmd = i == 0 ? cli_command_like(path) : NULL;
		if (cmd && strcmp(cmd, path) == 0)
			diag_hint(&r->sink, "the command comes first: scomc %s [OPTION]... FILE...", cmd);
		else if (cmd)
			diag_hint(&r->sink, "'%s' is not a command: did you mean 'scomc %s'?", path, cmd);
		strbuf_release(&err);
		return;
	}
	strbuf_release(&err);
	if (st == SOURCE_TOO_BIG) {
		diag_file_error(&r->sink, src, "E101", "input larger than %d bytes", INPUT_LIMIT);
		return;
	}
	size_t ndiag = r->sink.n;
	struct arena arena;
	arena_init(&arena);
	struct model m = { .src = src, .arena = &arena };
	int rc = front_load(&m, &r->xsd, &r->sink, r->opt->dump_tokens ? stdout : NULL);
	if (rc == 0)
		rc = unique_pack(r, &m);
	struct frags f = { NULL, 0 };
	if (rc == 0)
		find_frags(r, i, &f);
	if (rc == 0 && !f.n)
		rc = fragment_check_classes(&m, NULL, &r->sink);
	if (rc == 0 && !f.n && refpacks_enabled(&r->refs)) { /* with fragments: emit_mp_merged() */
		enum emit_target t = emit_target_of(xmlDocGetRootElement(m.doc), r->opt->target);
		rc = alertrefs_check(&m, t, &r->refs, &r->sink) ? -1 : 0;
	}
	if (rc == 0 && !r->opt->check_only)
		emit_outputs(r, &m, &f);
	else if (rc == 0 && f.n)
		emit_mp_merged(r, &m, model_attr(xmlDocGetRootElement(m.doc), "id"), &f, false);
	frags_release(&f);
	model_release(&m);
	arena_release(&arena);
	if (r->sink.n == ndiag) /* no diagnostic points into the text: free it now */
		source_release(src);
}

static void finish_site(struct run *r)
{
	if (!(r->opt->emit & EMIT_DOCS) || r->npacks == 0 || r->sink.errors || r->opt->check_only)
		return;
	xmlDocPtr site = index_site_doc(&r->index);
	if (render_home(&r->render, site, "docs/", &r->out, &r->sink) == 0)
		index_write(&r->index, "docs/", &r->out, &r->sink);
	xmlFreeDoc(site);
}

static void run_init(struct run *r, const struct options *opt)
{
	memset(r, 0, sizeof(*r));
	r->opt = opt;
	cli_sink_init(opt->cli, &r->sink);
	cli_xsd_init(opt->cli, &r->xsd);
	char *templates = cli_template_dir(opt->cli);
	xmlenv_allow_dir(templates);
	render_init(&r->render, templates);
	free(templates);
	index_init(&r->index);
	out_init(&r->out, opt->out_dir);
	const struct cli *c = opt->cli;
	if (c->arg[CLI_BASELINE] && !opt->check_only && (opt->emit & EMIT_DOCS))
		baseline_load(&r->base, c->arg[CLI_BASELINE], INPUT_LIMIT, &r->xsd, &r->sink);
	if (c->arg[CLI_SEAL_KEY] && !opt->check_only)
		r->sealing = seal_ctx_init(&r->seal, c->arg[CLI_SEAL_KEY], c->arg[CLI_COMPANY],
					   c->arg[CLI_COPYRIGHT], c->arg[CLI_DELAY_SIGN] != NULL,
					   &r->sink) == 0;
	refpacks_init(&r->refs, &r->sink);
	refpacks_open(&r->refs, opt->cli->references, opt->cli->nreferences);
}

static void run_release(struct run *r)
{
	refpacks_release(&r->refs);
	out_release(&r->out);
	baseline_release(&r->base);
	seal_ctx_release(&r->seal);
	mp_files_release(&r->sealed);
	index_release(&r->index);
	render_release(&r->render);
	xsd_cache_release(&r->xsd);
	diag_sink_release(&r->sink);
	mp_files_release(&r->frags);
	for (size_t i = 0; i < r->nsources; i++) {
		source_release(r->sources[i]);
		free(r->sources[i]);
	}
	free(r->sources);
	for (size_t i = 0; i < r->npacks; i++)
		free(r->pack_ids[i]);
	free(r->pack_ids);
}

int driver_run(const struct options *opt)
{
	struct run r;
	run_init(&r, opt);
	for (int i = 0; i < opt->nfiles && !r.sink.env_error; i++)
		if (!fragment_is_path(opt->files[i]))
			compile_file(&r, i);
	baseline_check_used(&r.base, &r.sink);
	finish_site(&r);
	/* committed: name the sealed packs */
	int code = cli_finish_report(opt->cli, &r.sink, opt->check_only ? NULL : &r.out, r.internal,
				     r.sealing ? strbuf_str(&r.seal.report) : NULL);
	run_release(&r);
	return code;
}

/* ---- the compile and check commands ---- */

const char driver_usage[] =
	"Usage: scomc [OPTION]... FILE...\n"
	"       scomc check [OPTION]... FILE...\n"
	"       scomc COMMAND [OPTION]... FILE...\n"
	"Compile alert definitions (.alert, or model XML) into System Center\n"
	"Operations Manager management pack XML and HTML knowledge pages.\n"
	"\n"
	"@COMMANDS@\n"
	"\n"
	"Output:\n"
	"  -o, --output=DIR         write outputs into DIR (default: .); '-' writes\n"
	"                           the single requested artifact to stdout\n"
	"  -t, --target=TARGET      2007r2 (schema 1.0, 2007 R2 and later) or 2012\n"
	"                           (schema 2.0); default: the pack's own target\n"
	"      --emit=LIST          comma-separated: mp, docs, model (default: mp,docs)\n"
	"      --baseline=OLD       OLD is the previous version of an input pack (.alert\n"
	"                           or model XML); the site gets a page of its changes\n"
	"      --no-validate-output do not validate the generated MP against its schema\n"
	"      --schema-dir=DIR     schemas (default: $SCOMC_SCHEMA_DIR, then installed)\n"
	"      --template-dir=DIR   templates (default: $SCOMC_TEMPLATE_DIR, then installed)\n"
	"      --seal-key=KEY       also write <pack id>.mp, sealed with KEY (as 'scomc\n"
	"                           seal' does; docs/seal.md), and print its token;\n"
	"                           with --company=NAME, --copyright=TEXT, --delay-sign\n"
	"      --references=DIR     check classes, module types and library versions\n"
	"                           against the packs (.mp or XML) in DIR; repeatable\n"
	"                           (default: the colon-separated $SCOMC_REFERENCES)\n"
	"\n"
	"Diagnostics:\n"
	"      --diagnostics-format=FORMAT  text (default), json or sarif (SARIF 2.1.0);\n"
	"                           with '-o -', json and sarif need --diagnostics-output\n"
	"      --diagnostics-output=FILE    write diagnostics to FILE\n"
	"      --max-errors=N       stop after N errors (default 20, 0 = no limit)\n"
	"      --werror             treat warnings as errors\n"
	"      --no-caret           do not show the source line and caret\n"
	"      --color=WHEN         colour diagnostics: auto (default: on a terminal,\n"
	"                           unless NO_COLOR is set), always or never\n"
	"  -q, --quiet              do not report warnings\n"
	"      --dump-tokens        print the tokens of .alert inputs (debugging)\n"
	"      --explain=ID         what diagnostic ID means, an example and the fix\n"
	"\n"
	"  -h, --help               show this help and exit\n"
	"  -V, --version            show the version and exit\n"
	"\n"
	"Outputs in DIR: <pack id>.xml (management pack), <pack id>.alertdef.xml\n"
	"(model), docs/ (site: index.html, <pack id>/*.html, search.json).\n"
	"Nothing is written unless every input compiles.\n"
	"\n"
	"Exit status:\n"
	"  0  success (warnings allowed unless --werror)\n"
	"  1  the input has errors\n"
	"  2  usage error\n"
	"  3  I/O or environment error (unreadable input, unwritable output,\n"
	"     missing or broken schema or template)\n"
	"  4  internal error\n"
	"\n"
	"Language reference: docs/language.md; manual: scomc(1).\n";

static int parse_emit(const char *list, unsigned *out)
{
	*out = 0;
	char *copy = xstrdup(list), *save = NULL;
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		if (!strcmp(w, "mp") || !strcmp(w, "xml"))
			*out |= EMIT_MP;
		else if (!strcmp(w, "docs") || !strcmp(w, "html"))
			*out |= EMIT_DOCS;
		else if (!strcmp(w, "model"))
			*out |= EMIT_MODEL;
		else {
			free(copy);
			return -1;
		}
	}
	free(copy);
	return *out ? 0 : -1;
}

/* struct cli -> struct options; -1 to go on, else an exit code. */
static int options_of(struct options *o, struct cli *c)
{
	const char *t = c->arg[CLI_TARGET], *emit = c->arg[CLI_EMIT];
	*o = (struct options){ .cli = c, .out_dir = c->out_dir, .files = c->files, .nfiles = c->nfiles, .dump_tokens = c->arg[CLI_DUMP_TOKENS] != NULL, .no_validate_output = c->arg[CLI_NO_VALIDATE] != NULL };
	if (t && !strcmp(t, "2007r2"))
		o->target = TARGET_2007R2;
	else if (t && !strcmp(t, "2012"))
		o->target = TARGET_2012;
	else if (t)
		return cli_usage(c, "unknown target (use 2007r2 or 2012):", t);
	if (o->nfiles && fragment_is_path(o->files[0]))
		return cli_usage(c, "a fragment comes after the .alert source of its pack:", o->files[0]);
	if (emit && parse_emit(emit, &o->emit))
		return cli_usage(c, "bad --emit list (use mp, docs, model):", emit);
	bool to_stdout = cli_to_stdout(c);
	if (!o->emit) /* "-o -" means the MP on stdout; else MP and site */
		o->emit = to_stdout ? EMIT_MP : EMIT_MP | EMIT_DOCS;
	if (to_stdout && (o->nfiles != 1 || (o->emit != EMIT_MP && o->emit != EMIT_MODEL)))
		return cli_usage(c, "'-o -' needs one input and --emit=mp or --emit=model", NULL);
	if (c->arg[CLI_SEAL_KEY] && (to_stdout || !(o->emit & EMIT_MP)))
		return cli_usage(c, "--seal-key needs an output directory and --emit with mp", NULL);
	if (!c->arg[CLI_SEAL_KEY] && (c->arg[CLI_COMPANY] || c->arg[CLI_COPYRIGHT] || c->arg[CLI_DELAY_SIGN]))
		return cli_usage(c, "--company, --copyright and --delay-sign need --seal-key", NULL);
	return -1;
}

static int compile_main(struct cli *c, bool check_only)
{
	struct options o;
	int rc = options_of(&o, c);
	if (rc >= 0)
		return rc;
	o.check_only = check_only;
	return driver_run(&o);
}

int driver_compile_main(struct cli *c) { return compile_main(c, false); }
int driver_check_main(struct cli *c) { return compile_main(c, true); }
