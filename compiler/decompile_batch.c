/*
 * decompile_batch.c - the decompiler's self-check on batches of alerts,
 * on as many threads as there are CPUs (dc_check_batches(), decompile.h).
 *
 * Compiling the whole decompiled source (dc_build_init()) is most of
 * decompile's time. What the compiler makes of one alert depends on the
 * pack's head (ID, version, names, target, language, references) and the
 * alert alone, except that alert names are unique in a pack (E307, E308),
 * which is checked across batches here. So each batch is a source of its
 * own: the head as source_text() writes it, the batch's alerts, "}". Its
 * layout is fmt's: the head's, then the alerts' (fmt lays out each block
 * of the pack by itself), then "}"; the written source is the head laid
 * out once, the alerts of every batch as laid out there, "}". Each batch
 * is compiled as the compiler would (lex, parse, check, resolve,
 * alertdef.xsd, emit) and its alerts compared with their rules into a
 * diagnostic sink and notes of its own, added in batch order at the end:
 * output and diagnostics do not depend on the number of threads or their
 * timing.
 *
 * Threads share the original pack (read only: its index, element offsets
 * and line table are made before they start), the decompiled alerts (read
 * only; each batch writes only its own exact[] entries), the compiled
 * alertdef.xsd (loaded before, then only read by validation contexts of
 * their own) and libxml2 (initialised by xmlenv_init()); everything else
 * a batch uses is its own: source, arena, model, documents, sink.
 */
#define _GNU_SOURCE /* sched_getaffinity(), CPU_COUNT */
#include "decompile.h"

#include <sched.h>

#include "model.h"
#include "mpread.h"
#include "task.h"
#include "xsd.h"

/* Alerts per batch: small enough that two threads end together, large
 * enough that the head each batch compiles again costs nothing. Fixed, so
 * the batches, and what each reports, do not depend on the machine. */
enum { BATCH_ALERTS = 200,
       MAX_THREADS = 8 };

struct batch {
	size_t from, to;       /* its alerts: d->alerts[from, to) */
	struct strbuf text;    /* its source as laid out */
	size_t body, body_len; /* its alerts in text */
	bool ok;               /* laid out, compiled */
	struct dc_parts parts;
	char **names; /* its alert names, case-folded */
	size_t nnames;
	struct diag_sink sink; /* its W611 */
	struct strbuf notes;   /* and their "# changed:" lines */
};

struct batches {
	struct dc *d;
	bool compare;
	const char *head;   /* the head as written, not laid out */
	struct strbuf laid; /* the head laid out (the start of every batch's text) */
	bool *exact;
	struct batch *v;
	size_t n;
};

/* Lays out head + the batch's alerts + "}" as source_text() does; false
 * when that fails or does not start with the head laid out alone. */
static bool lay_out(struct batches *bs, struct batch *b)
{
	struct dc *d = bs->d;
	struct strbuf raw = STRBUF_INIT;
	strbuf_adds(&raw, bs->head);
	for (size_t i = b->from; i < b->to; i++)
		strbuf_add(&raw, d->alerts[i].text.buf, d->alerts[i].text.len);
	strbuf_adds(&raw, "}\n");
	bool off, ok = dc_lay_out(d, raw.buf, raw.len, &b->text, &off) == 0 && !off;
	strbuf_release(&raw);
	size_t n = bs->laid.len;
	ok = ok && b->text.len >= n + 2 && !memcmp(b->text.buf, bs->laid.buf, n) &&
	     !memcmp(b->text.buf + b->text.len - 2, "}\n", 2);
	b->body = n;
	b->body_len = ok ? b->text.len - n - 2 : 0;
	return ok;
}

static void keep_names(struct batch *b, struct model *m)
{
	xmlNodePtr pack = xmlDocGetRootElement(m->doc);
	for (xmlNodePtr a = pack ? model_first_item(pack) : NULL; a; a = model_next_item(a)) {
		const char *name = model_attr(a, "name");
		b->names = xrealloc(b->names, (b->nnames + 1) * sizeof(*b->names));
		b->names[b->nnames++] = mp_fold(name ? name : "");
	}
}

/* One batch: laid out, compiled, its alerts compared (compare). */
static void run_batch(struct batches *bs, struct batch *b)
{
	diag_sink_init(&b->sink, 0);
	b->sink.quiet = bs->d->sink->quiet;
	if (!lay_out(bs, b))
		return;
	struct dc bd = *bs->d; /* the batch reports into its own sink and notes */
	bd.sink = &b->sink;
	bd.notes = (struct strbuf)STRBUF_INIT;
	bd.keep_model = true;
	struct dc_build build;
	dc_build_init(&bd, &build, b->text.buf);
	struct mp_file *n = dc_build_pack(&bd, &build);
	b->ok = n != NULL;
	if (n) {
		keep_names(b, &build.m);
		dc_parts_init(&b->parts, &bd, n);
	}
	if (n && bs->compare) {
		dc_exact_range(&bd, n, b->from, b->to, bs->exact);
		dc_compare_rules(&bd, n, b->from, b->to, bs->exact);
	}
	dc_build_release(&build);
	b->notes = bd.notes;
}

/* ---- jobs on every CPU ---- */

struct pool {
	size_t n, next; /* jobs, the next one to take (under lock) */
	void (*job)(void *ctx, size_t i);
	void *ctx;
	pthread_mutex_t lock;
};

static void *worker(void *arg)
{
	struct pool *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		size_t i = p->next < p->n ? p->next++ : p->n;
		pthread_mutex_unlock(&p->lock);
		if (i == p->n)
			return NULL;
		p->job(p->ctx, i);
	}
}

static size_t cpus(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) != 0)
		return 1;
	int n = CPU_COUNT(&set);
	return n < 1 ? 1 : (size_t)n;
}

void dc_parallel(size_t n, void (*job)(void *ctx, size_t i), void *ctx)
{
	struct pool p = { .n = n, .job = job, .ctx = ctx };
	struct task helpers[MAX_THREADS - 1] = { 0 };
	size_t nt = MIN(MIN(cpus(), (size_t)MAX_THREADS), n);
	pthread_mutex_init(&p.lock, NULL);
	for (size_t i = 0; i + 1 < nt; i++) /* one that cannot start ran at once */
		task_start(&helpers[i], worker, &p);
	worker(&p);
	for (size_t i = 0; i + 1 < nt; i++)
		task_join(&helpers[i]);
	pthread_mutex_destroy(&p.lock);
}

static void batch_job(void *ctx, size_t i)
{
	struct batches *bs = ctx;
	run_batch(bs, &bs->v[i]);
}

/* What the threads share is made before they start: the compiled
 * alertdef.xsd (false when it does not load: then the whole source is
 * compiled, which reports why), the original's element offsets and line
 * table (mp_loc()). */
static bool prepare(struct dc *d)
{
	bool ok = xsd_probe(d->xsd, XSD_ALERTDEF);
	(void)mp_loc(d->mp, d->mp->root);
	(void)source_line_count(d->mp->src);
	return ok;
}

/* Whether every batch stands for its part of the whole source: each laid
 * out and compiled, alert names unique across them, and the same pack
 * around them; then parts holds the pack-level parts of the whole. */
static bool all_stand(struct batches *bs, struct dc_parts *parts)
{
	for (size_t i = 0; i < bs->n; i++)
		if (!bs->v[i].ok)
			return false;
	bool ok = true;
	xmlHashTablePtr names = xmlHashCreate(256);
	for (size_t i = 0; i < bs->n && ok; i++)
		for (size_t j = 0; j < bs->v[i].nnames && ok; j++)
			ok = xmlHashAddEntry(names, BAD_CAST bs->v[i].names[j], (void *)1) == 0;
	xmlHashFree(names, NULL);
	*parts = bs->v[0].parts;
	memset(&bs->v[0].parts, 0, sizeof(bs->v[0].parts));
	for (size_t i = 1; i < bs->n && ok; i++)
		ok = dc_parts_merge(parts, &bs->v[i].parts);
	if (!ok)
		dc_parts_release(parts);
	return ok;
}

static char *whole_text(struct batches *bs)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, bs->laid.buf, bs->laid.len);
	for (size_t i = 0; i < bs->n; i++)
		strbuf_add(&sb, bs->v[i].text.buf + bs->v[i].body, bs->v[i].body_len);
	strbuf_adds(&sb, "}\n");
	return strbuf_detach(&sb, NULL);
}

/* The head laid out as it starts every batch's text: fmt of head + "}"
 * without the "}". */
static bool lay_out_head(struct batches *bs)
{
	struct strbuf raw = STRBUF_INIT;
	strbuf_adds(&raw, bs->head);
	strbuf_adds(&raw, "}\n");
	bool off, ok = dc_lay_out(bs->d, raw.buf, raw.len, &bs->laid, &off) == 0 && !off && bs->laid.len >= 2 &&
		       !memcmp(bs->laid.buf + bs->laid.len - 2, "}\n", 2);
	strbuf_release(&raw);
	if (ok)
		strbuf_setlen(&bs->laid, bs->laid.len - 2);
	return ok;
}

static void batches_release(struct batches *bs)
{
	for (size_t i = 0; i < bs->n; i++) {
		struct batch *b = &bs->v[i];
		strbuf_release(&b->text);
		dc_parts_release(&b->parts);
		for (size_t j = 0; j < b->nnames; j++)
			free(b->names[j]);
		free(b->names);
		diag_sink_release(&b->sink);
		strbuf_release(&b->notes);
	}
	free(bs->v);
	strbuf_release(&bs->laid);
}

int dc_check_batches(struct dc *d, bool compare, char **text, bool **exact, struct dc_parts *parts)
{
	struct batches bs = { .d = d, .compare = compare, .laid = STRBUF_INIT };
	char *head = dc_source_head(d);
	bs.head = head;
	if (!d->nalerts || !prepare(d) || !lay_out_head(&bs)) {
		free(head);
		strbuf_release(&bs.laid);
		return -1;
	}
	bs.n = (d->nalerts + BATCH_ALERTS - 1) / BATCH_ALERTS;
	bs.v = xcalloc(bs.n, sizeof(*bs.v));
	for (size_t i = 0; i < bs.n; i++) {
		bs.v[i].from = i * BATCH_ALERTS;
		bs.v[i].to = MIN(d->nalerts, (i + 1) * BATCH_ALERTS);
		bs.v[i].text = (struct strbuf)STRBUF_INIT;
		bs.v[i].notes = (struct strbuf)STRBUF_INIT;
	}
	bs.exact = compare ? xcalloc(d->nalerts + 1, sizeof(*bs.exact)) : NULL;
	dc_parallel(bs.n, batch_job, &bs);
	free(head);
	if (!all_stand(&bs, parts)) {
		free(bs.exact);
		batches_release(&bs);
		return -1;
	}
	*text = whole_text(&bs);
	if (compare) {
		dc_compare_pack(d, parts);
		for (size_t i = 0; i < bs.n; i++) {
			diag_sink_append(d->sink, &bs.v[i].sink);
			strbuf_add(&d->notes, bs.v[i].notes.buf, bs.v[i].notes.len);
		}
		*exact = bs.exact;
	}
	batches_release(&bs);
	return 0;
}
