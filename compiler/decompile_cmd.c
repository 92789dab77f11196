/*
 * decompile_cmd.c - `scomc decompile`, the command: each pack read
 * (mpasync.c: the next one ahead, two side by side on two CPUs), turned
 * into .alert (dc_convert(), decompile.c), checked by compiling it again
 * (dc_check_batches(), decompile_batch.c; the whole source at once for
 * --check or when batches cannot stand for it, decompile_check.c), the
 * alerts that do not come back exactly left to the fragment
 * (decompile_fragment.c), and the files written through struct out.
 */
#include "decompile.h"

#include "alloc.h"
#include "check.h"
#include "cli.h"
#include "model.h"
#include "mpasync.h"
#include "mpread.h"
#include "out.h"
#include "task.h"
#include "xsd.h"

const char decompile_usage[] =
	"Usage: scomc decompile [OPTION]... FILE...\n"
	"Turn the event alert rules and event-log monitors of management packs (MP\n"
	"XML or sealed .mp) back into .alert source: DIR/<ID>.alert, with alert\n"
	"messages, display strings and knowledge articles (MAML as Markdown).\n"
	"Whatever .alert cannot express is listed as a warning [W610]; each\n"
	"decompiled alert is compiled again and compared with the original, and\n"
	"every difference is a warning [W611].\n"
	"Alerts that would compile to another rule stay MP XML: everything .alert\n"
	"does not write goes to the fragment DIR/<ID>.mpx (docs/fragments.md), and\n"
	"scomc compiles <ID>.alert with it back to the same pack. The work runs on\n"
	"every CPU; what is written and reported does not depend on how many.\n"
	"\n"
	"      --check              compile the result again (with the fragment) and\n"
	"                           compare it with the input as scomc diff does;\n"
	"                           any difference is an error [E646]\n"
	"  -o, --output=DIR         write into DIR (default: .); '-' writes the\n"
	"                           source of a single file to standard output\n"
	"      --schema-dir=DIR     schemas for the self-check (default:\n"
	"                           $SCOMC_SCHEMA_DIR, then installed)\n"
	"      --diagnostics-format=FORMAT  text (default), json or sarif\n"
	"      --diagnostics-output=FILE    write diagnostics to FILE\n"
	"      --werror             treat warnings as errors (then nothing is written)\n"
	"      --color=WHEN         colour diagnostics: auto, always or never\n"
	"  -q, --quiet              do not report warnings\n"
	"  -h, --help               show this help and exit\n"
	"\n"
	"Exit status: 0 written, 1 bad input or nothing to decompile [E618],\n"
	"2 usage error, 3 I/O error.\n";

/* ---- the command ---- */

/* The whole source compiled at once (--check, or when batches cannot
 * stand for it): *text, b and parts as keep_exact() says; exact as
 * dc_check_batches() gives it (NULL when the source does not compile). */
static bool *check_whole(struct dc *d, struct dc_build *b, char **text, struct dc_parts *parts, bool compare)
{
	*text = dc_source_text(d);
	dc_build_init(d, b, *text);
	struct mp_file *n = dc_build_pack(d, b);
	dc_parts_init(parts, d, n);
	if (!compare || !n)
		return NULL;
	bool *exact = xcalloc(d->nalerts + 1, sizeof(*exact));
	dc_exact_range(d, n, 0, d->nalerts, exact);
	dc_compare_pack(d, parts);
	dc_compare_rules(d, n, 0, d->nalerts, exact);
	return exact;
}

/* Compiles the source written so far (*text, malloc'd, the caller frees
 * it), explains each difference of an alert that does not compile back
 * exactly (W611), then keeps in .alert only the alerts that compile back
 * to exactly their rule, message, display strings and article; the others
 * stay MP XML in the fragment (W610). Returns whether all were kept: then
 * *text is what the .alert is, parts the pack-level parts of what it
 * compiles to, and (--check) b the pack it compiles to. */
static bool keep_exact(struct dc *d, struct dc_build *b, char **text, struct dc_parts *parts)
{
	bool *exact = NULL;
	if (d->check || dc_check_batches(d, true, text, &exact, parts) != 0)
		exact = check_whole(d, b, text, parts, true);
	size_t k = 0;
	for (size_t i = 0; i < d->nalerts; i++) {
		struct dc_alert *a = &d->alerts[i];
		if (exact && exact[i]) {
			d->alerts[k++] = *a;
			continue;
		}
		bool mon = model_is(a->rule, "UnitMonitor");
		dc_warn(d, a->rule, "W610", "%s '%s' stays MP XML in the fragment: in .alert it would compile to "
					    "another %s",
			mon ? "monitor" : "rule", mp_id_of(a->rule), mon ? "monitor" : "rule");
		free(a->name);
		free(a->new_id);
		strbuf_release(&a->text);
	}
	bool same = k == d->nalerts;
	d->nalerts = k;
	free(exact);
	return same;
}

/* The files of one pack, held while the pack before it is decompiled on
 * another thread (side_by_side()): written after its files. */
struct dc_held {
	char *name[2], *data[2];
	size_t len[2], n;
};

static void put_file(struct dc *d, struct out *out, const char *name, const char *data, size_t len)
{
	if (!d->held) {
		out_write(out, name, data, len, d->sink);
		return;
	}
	struct dc_held *h = d->held;
	if (h->n == ARRAY_SIZE(h->name))
		BUG("a pack makes two files");
	h->name[h->n] = xstrdup(name);
	h->data[h->n] = xmalloc(len + 1);
	memcpy(h->data[h->n], data, len);
	h->len[h->n++] = len;
}

static void decompile_pack(struct dc *d, struct out *out)
{
	dc_convert(d);
	struct dc_build b = { 0 };
	struct dc_parts parts = { 0 };
	char *text = NULL;
	bool same = d->nalerts && keep_exact(d, &b, &text, &parts);
	if (!d->nalerts || !check_is_mp_id(d->mp->id) || strlen(d->mp->id) > CHECK_MAX_ID) {
		if (!d->nalerts) {
			diag_error(d->sink, mp_loc(d->mp, d->mp->root), "E618",
				   "nothing to decompile: '%s' has no event alert rule .alert can express", d->mp->id);
			diag_hint(d->sink, "the W610 warnings say why each rule was left out");
		} else {
			diag_error(d->sink, mp_loc(d->mp, d->mp->id_node), "E618",
				   "the management pack ID '%s' is not valid in .alert", d->mp->id);
		}
		free(text);
		dc_build_release(&b);
		dc_parts_release(&parts);
		return;
	}
	if (!same) { /* alerts were dropped: compile what is written */
		free(text);
		dc_build_release(&b);
		dc_parts_release(&parts);
		if (d->check || dc_check_batches(d, false, &text, NULL, &parts) != 0)
			check_whole(d, &b, &text, &parts, false);
	}
	size_t flen = 0;
	char *frag = dc_fragment(d, &parts, &flen);
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "%s.alert", d->mp->id);
	put_file(d, out, name.buf, text, strlen(text));
	strbuf_reset(&name);
	strbuf_addf(&name, "%s.mpx", d->mp->id);
	if (frag && d->to_stdout)
		dc_warn(d, d->mp->root, "W610", "with '-o -' the fragment '%s' (what .alert cannot write) is not written",
			name.buf);
	else if (frag)
		put_file(d, out, name.buf, frag, flen);
	if (d->check)
		decompile_prove(d, &b, frag, flen);
	dc_build_release(&b);
	dc_parts_release(&parts);
	strbuf_release(&name);
	free(frag);
	free(text);
}

static void decompile_one(struct mp_file *mp, struct mp_files *kept, struct diag_sink *sink, struct xsd_cache *xsd,
			  struct out *out, bool check, bool to_stdout, struct dc_held *held)
{
	struct dc d = { .mp = mp, .sink = sink, .xsd = xsd, .kept = kept, .check = check, .to_stdout = to_stdout };
	d.held = held;
	d.names = xmlHashCreate(256), d.done = xmlHashCreate(256);
	decompile_pack(&d, out);
	dc_release(&d);
}

void decompile_loaded(struct mp_file *mp, struct mp_files *kept, struct diag_sink *sink, struct xsd_cache *xsd,
		      struct out *out, bool check, bool to_stdout)
{
	decompile_one(mp, kept, sink, xsd, out, check, to_stdout, NULL);
}

/* Reads the next pack while this one is decompiled and frees each pack's
 * tree while the next one is (mpasync.h); the first two packs are read
 * side by side (nothing else can run yet). Diagnostics come in the order
 * of the files; each pack keeps its text for them. */
struct files {
	struct mp_files kept;
	struct mp_file *mp[2];         /* file i is mp[i % 2] ... */
	struct mp_opening *opening[2]; /* ... being read */
	struct mp_unloading *last;     /* the last pack being unloaded */
};

static void read_ahead(struct files *f, const struct cli *c, int i, const struct diag_sink *sink)
{
	f->mp[i % 2] = i < c->nfiles ? mp_files_add(&f->kept) : NULL;
	f->opening[i % 2] = i < c->nfiles ? mp_open_start(f->mp[i % 2], c->files[i], sink->quiet) : NULL;
}

static void unload(struct files *f, struct mp_file *mp)
{
	mp_unload_finish(f->last);
	f->last = mp_unload_start(mp);
}

static void decompile_file(const struct cli *c, struct files *f, struct diag_sink *sink, struct xsd_cache *xsd,
			   struct out *out, int i)
{
	struct mp_file *mp = f->mp[i % 2];
	int rc = mp_open_finish(f->opening[i % 2], sink);
	f->opening[i % 2] = NULL;
	if (rc == 0)
		decompile_loaded(mp, &f->kept, sink, xsd, out, c->arg[CLI_CHECK] != NULL, cli_to_stdout(c));
	unload(f, mp);
	read_ahead(f, c, i + 2, sink);
}

/* ---- two packs side by side ---- */

/* One pack of a pair, decompiled with its diagnostics in a sink of its own
 * and its files held (struct dc_held), on a thread of its own for the
 * first of the pair. */
struct pack_run {
	const struct cli *c;
	struct files *f;
	struct xsd_cache *xsd;
	int i;
	struct diag_sink sink;
	struct dc_held held;
	struct task task; /* the first of a pair */
};

static void *run_pack(void *arg)
{
	struct pack_run *r = arg;
	struct mp_file *mp = r->f->mp[r->i % 2];
	if (mp_open_finish(r->f->opening[r->i % 2], &r->sink) == 0)
		decompile_one(mp, &r->f->kept, &r->sink, r->xsd, NULL, false, false, &r->held);
	r->f->opening[r->i % 2] = NULL;
	return NULL;
}

/* Adds r's diagnostics to sink and writes its files (unless the pack
 * before stopped the run: then they are dropped, as if never read). */
static void end_pack(struct pack_run *r, struct files *f, struct diag_sink *sink, struct out *out)
{
	bool go = !sink->env_error;
	if (go)
		diag_sink_append(sink, &r->sink);
	diag_sink_release(&r->sink);
	for (size_t k = 0; k < r->held.n; k++) {
		if (go)
			out_write(out, r->held.name[k], r->held.data[k], r->held.len[k], sink);
		free(r->held.name[k]);
		free(r->held.data[k]);
	}
	unload(f, f->mp[r->i % 2]);
}

/* Packs i and i + 1 (when there is one) decompiled side by side: most of
 * the work on a pack is on every CPU, but not all of it, and the other
 * pack fills the gaps. */
static void decompile_pair(const struct cli *c, struct files *f, struct diag_sink *sink, struct xsd_cache *xsd,
			   struct out *out, int i)
{
	struct pack_run r[2];
	int n = i + 1 < c->nfiles ? 2 : 1;
	for (int k = 0; k < n; k++) {
		r[k] = (struct pack_run){ .c = c, .f = f, .xsd = xsd, .i = i + k };
		diag_sink_init(&r[k].sink, 0);
		r[k].sink.quiet = sink->quiet;
	}
	if (n == 2) {
		task_start(&r[0].task, run_pack, &r[0]);
		run_pack(&r[1]);
		task_join(&r[0].task);
	} else {
		run_pack(&r[0]);
	}
	for (int k = 0; k < n; k++)
		end_pack(&r[k], f, sink, out);
	if (sink->env_error)
		return;
	read_ahead(f, c, i + 2, sink);
	read_ahead(f, c, i + 3, sink);
}

/* Side by side needs several packs, each written to files (not --check,
 * which adds the packs it builds to the list of files read, nor -o -),
 * and alertdef.xsd compiled before the threads start (when it cannot be,
 * one pack at a time reports why as before). */
static bool side_by_side(const struct cli *c, struct xsd_cache *xsd)
{
	return c->nfiles > 1 && !c->arg[CLI_CHECK] && !cli_to_stdout(c) && xsd_probe(xsd, XSD_ALERTDEF);
}

int decompile_main(struct cli *c)
{
	alloc_tune();
	struct diag_sink sink;
	cli_sink_init(c, &sink);
	struct xsd_cache xsd;
	cli_xsd_init(c, &xsd);
	struct files f = { { NULL, 0 }, { NULL, NULL }, { NULL, NULL }, NULL };
	struct out out;
	out_init(&out, c->out_dir);
	read_ahead(&f, c, 0, &sink);
	read_ahead(&f, c, 1, &sink);
	bool pairs = side_by_side(c, &xsd);
	for (int i = 0; i < c->nfiles && !sink.env_error; i += pairs ? 2 : 1)
		if (pairs)
			decompile_pair(c, &f, &sink, &xsd, &out, i);
		else
			decompile_file(c, &f, &sink, &xsd, &out, i);
	mp_open_discard(f.opening[0]); /* stopped by an environment error */
	mp_open_discard(f.opening[1]);
	mp_unload_finish(f.last);
	int code = cli_finish(c, &sink, &out, false);
	out_release(&out);
	xsd_cache_release(&xsd);
	diag_sink_release(&sink);
	mp_files_release(&f.kept);
	return code;
}
