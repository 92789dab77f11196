/*
 * driver.c - pipeline order, stage gates, exit-code policy (chibicc main.c).
 */
#include "driver.h"

#include <errno.h>
#include <limits.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "front.h"
#include "index_json.h"
#include "out.h"
#include "render_html.h"
#include "source.h"
#include "strbuf.h"
#include "version.h"
#include "xmlenv.h"
#include "xsd.h"

enum { INPUT_LIMIT = 16 * 1024 * 1024 }; /* bytes per input file (E101) */

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
};

/* ---- data directories ---- */

static bool has_file(const char *dir, const char *file)
{
	struct strbuf p = STRBUF_INIT;
	strbuf_addf(&p, "%s/%s", dir, file);
	struct stat st;
	bool ok = stat(p.buf, &st) == 0 && S_ISREG(st.st_mode);
	strbuf_release(&p);
	return ok;
}

/* --flag, then $ENV, then next to the binary (build tree or installed
 * prefix), then the compiled-in SCOMC_DATADIR. Caller frees. */
static char *data_dir(const char *flag, const char *env, const char *sub, const char *probe)
{
	if (flag)
		return xstrdup(flag);
	const char *e = getenv(env);
	if (e && *e)
		return xstrdup(e);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct strbuf d = STRBUF_INIT;
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		static const char *const rel[] = { "/..", "/../..", "/../share/scomc" };
		for (size_t i = 0; i < ARRAY_SIZE(rel); i++) {
			strbuf_reset(&d);
			strbuf_addf(&d, "%s%s/%s", exe, rel[i], sub);
			if (has_file(d.buf, probe))
				return strbuf_detach(&d, NULL);
		}
	}
	strbuf_reset(&d);
	strbuf_addf(&d, "%s/%s", SCOMC_DATADIR, sub);
	return strbuf_detach(&d, NULL);
}

char *driver_data_dir(const char *flag, const char *env, const char *sub, const char *probe)
{
	return data_dir(flag, env, sub, probe);
}

/* ---- front ends ---- */

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
};

static int mp_piece(void *ctx, const char *data, size_t len, struct loc at)
{
	struct mp_out *o = ctx;
	if (o->valid)
		xsd_stream_push(o->valid, data, len, at);
	return out_stream_add(o->file, data, len);
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
	struct mp_out o = { NULL, out_stream_open(&r->out, name.buf, &r->sink) };
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
	return rc;
}

static int emit_outputs(struct run *r, struct model *m)
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
		rc = emit_mp_file(r, m, id);
	if (rc == 0 && (r->opt->emit & EMIT_DOCS)) {
		rc = render_pack(&r->render, m, "docs/", &r->out, &r->sink);
		index_add_pack(&r->index, m);
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

static void compile_file(struct run *r, const char *path)
{
	struct strbuf err = STRBUF_INIT;
	struct source *src = new_source(r);
	enum source_status st = source_load(src, path, INPUT_LIMIT, &err);
	if (st == SOURCE_IO) {
		diag_env_error(&r->sink, "E501", "%s", err.buf);
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
	if (rc == 0 && !r->opt->check_only)
		emit_outputs(r, &m);
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

/* ---- diagnostics and exit code ---- */

static int write_diagnostics(struct run *r)
{
	const struct options *o = r->opt;
	return diag_write(&r->sink, o->format, o->diag_output, o->no_caret, SCOMC_VERSION);
}

static int exit_code(struct run *r)
{
	if (r->internal)
		return EXIT_INTERNAL;
	if (r->sink.env_error)
		return EXIT_ENV;
	if (r->sink.errors || (r->opt->werror && r->sink.warnings))
		return EXIT_INPUT;
	return EXIT_OK;
}

static void run_init(struct run *r, const struct options *opt)
{
	memset(r, 0, sizeof(*r));
	r->opt = opt;
	diag_sink_init(&r->sink, opt->max_errors);
	r->sink.quiet = opt->quiet;
	char *schemas = data_dir(opt->schema_dir, "SCOMC_SCHEMA_DIR", "schemas", "alertdef.xsd");
	char *templates = data_dir(opt->template_dir, "SCOMC_TEMPLATE_DIR", "templates", "pack.xsl");
	xmlenv_allow_dir(schemas);
	xmlenv_allow_dir(templates);
	xsd_cache_init(&r->xsd, schemas);
	render_init(&r->render, templates);
	free(schemas);
	free(templates);
	index_init(&r->index);
	out_init(&r->out, opt->out_dir);
}

static void run_release(struct run *r)
{
	out_release(&r->out);
	index_release(&r->index);
	render_release(&r->render);
	xsd_cache_release(&r->xsd);
	diag_sink_release(&r->sink);
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
		compile_file(&r, opt->files[i]);
	finish_site(&r);
	int code = exit_code(&r);
	if (code == EXIT_OK && !opt->check_only)
		out_commit(&r.out, &r.sink);
	else
		out_abort(&r.out);
	code = exit_code(&r);
	if (write_diagnostics(&r) != 0 && code != EXIT_INTERNAL)
		code = EXIT_ENV;
	run_release(&r);
	return code;
}
