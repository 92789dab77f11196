/*
 * diag.c - the diagnostic sink and its three writers (text, JSON, SARIF).
 *
 * Line and column are computed only here, when a diagnostic is written.
 * JSON and SARIF are built with Jansson: new references are stolen by
 * json_*_set_new / json_array_append_new, one json_decref() per document.
 */
#include "diag.h"

#include <errno.h>

#include <jansson.h>

#include "source.h"
#include "strbuf.h"

static const struct {
	const char *id, *title;
} catalog[] = {
#define DIAG_ID(id, title) { #id, title },
#include "diag_ids.def"
#undef DIAG_ID
};

static const struct {
	const char *id, *meaning, *example, *fix;
} explained[] = {
#define DIAG_EXPLAIN(id, meaning, example, fix) { #id, meaning, example, fix },
#include "diag_explain.def"
#undef DIAG_EXPLAIN
};

const char *diag_title(const char *id)
{
	for (size_t i = 0; i < ARRAY_SIZE(catalog); i++)
		if (strcmp(catalog[i].id, id) == 0)
			return catalog[i].title;
	return NULL;
}

const char *diag_id_at(size_t i)
{
	return i < ARRAY_SIZE(catalog) ? catalog[i].id : NULL;
}

const char *diag_explain(const char *id, const char **example, const char **fix)
{
	for (size_t i = 0; i < ARRAY_SIZE(explained); i++)
		if (strcmp(explained[i].id, id) == 0) {
			*example = explained[i].example;
			*fix = explained[i].fix;
			return explained[i].meaning;
		}
	return NULL;
}

void diag_sink_init(struct diag_sink *s, unsigned max_errors)
{
	memset(s, 0, sizeof(*s));
	s->max_errors = max_errors;
}

void diag_sink_release(struct diag_sink *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		struct diag *d = &s->v[i];
		free(d->msg);
		free(d->hint);
		free(d->artifact);
		for (size_t j = 0; j < d->nnotes; j++)
			free(d->notes[j].msg);
		free(d->notes);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

bool diag_full(const struct diag_sink *s)
{
	return s->max_errors && s->errors >= s->max_errors;
}

static char *vformat(const char *fmt, va_list ap) PRINTF_LIKE(1, 0);

static char *vformat(const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	strbuf_grow(&sb, n > 0 ? (size_t)n : 0);
	vsnprintf(sb.buf, (size_t)n + 1, fmt, ap);
	sb.len = (size_t)n;
	return strbuf_detach(&sb, NULL);
}

/* Appends a diagnostic, or returns NULL when it is dropped. */
static struct diag *push(struct diag_sink *s, enum diag_level level,
			 struct loc loc, const char *id)
{
	s->last_dropped = true;
	if (level == DIAG_ERROR && diag_full(s)) {
		s->truncated = true;
		return NULL;
	}
	if (level == DIAG_WARNING && s->quiet)
		return NULL;
	s->last_dropped = false;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	struct diag *d = &s->v[s->n++];
	memset(d, 0, sizeof(*d));
	d->level = level;
	d->id = id;
	d->loc = loc;
	if (level == DIAG_ERROR)
		s->errors++;
	else if (level == DIAG_WARNING)
		s->warnings++;
	return d;
}

#define REPORT(s, level, loc, id, fmt)                     \
	do {                                               \
		struct diag *d_ = push(s, level, loc, id); \
		if (d_) {                                  \
			va_list ap;                        \
			va_start(ap, fmt);                 \
			d_->msg = vformat(fmt, ap);        \
			va_end(ap);                        \
		}                                          \
	} while (0)

int diag_error(struct diag_sink *s, struct loc loc, const char *id,
	       const char *fmt, ...)
{
	REPORT(s, DIAG_ERROR, loc, id, fmt);
	return -1;
}

void diag_warning(struct diag_sink *s, struct loc loc, const char *id,
		  const char *fmt, ...)
{
	REPORT(s, DIAG_WARNING, loc, id, fmt);
}

void diag_info(struct diag_sink *s, struct loc loc, const char *id,
	       const char *fmt, ...)
{
	if (!s->quiet)
		REPORT(s, DIAG_NOTE, loc, id, fmt);
	else
		s->last_dropped = true;
}

int diag_file_error(struct diag_sink *s, struct source *src, const char *id,
		    const char *fmt, ...)
{
	size_t before = s->n;
	REPORT(s, DIAG_ERROR, ((struct loc){ src, 0, 0 }), id, fmt);
	if (s->n > before)
		s->v[s->n - 1].file_only = true;
	return -1;
}

int diag_env_error(struct diag_sink *s, const char *id, const char *fmt, ...)
{
	s->env_error = true;
	s->max_errors = 0; /* never drop an environment error */
	size_t before = s->n;
	REPORT(s, DIAG_ERROR, LOC_NONE, id, fmt);
	if (s->n > before)
		s->v[s->n - 1].env = true;
	return -1;
}

int diag_env_file_error(struct diag_sink *s, const char *path, const char *id,
			const char *fmt, ...)
{
	s->env_error = true;
	s->max_errors = 0;
	size_t before = s->n;
	REPORT(s, DIAG_ERROR, LOC_NONE, id, fmt);
	if (s->n > before) {
		s->v[s->n - 1].artifact = xstrdup(path);
		s->v[s->n - 1].env = true;
	}
	return -1;
}

static struct diag *last(struct diag_sink *s)
{
	return s->n ? &s->v[s->n - 1] : NULL;
}

void diag_sink_append(struct diag_sink *to, struct diag_sink *from)
{
	for (size_t i = 0; i < from->n; i++) {
		struct diag *f = &from->v[i];
		if (f->env) { /* as diag_env_error() */
			to->env_error = true;
			to->max_errors = 0;
		}
		struct diag *t = f->level == DIAG_NOTE && to->quiet ? NULL : push(to, f->level, f->loc, f->id);
		if (f->level == DIAG_NOTE && to->quiet)
			to->last_dropped = true;
		if (t) {
			*t = *f;
			if (to->truncated) { /* as diag_hint() and diag_note() would */
				free(t->hint);
				t->hint = NULL;
				for (size_t j = 0; j < t->nnotes; j++)
					free(t->notes[j].msg);
				free(t->notes);
				t->notes = NULL;
				t->nnotes = 0;
			}
			memset(f, 0, sizeof(*f));
		}
	}
	diag_sink_release(from);
}

void diag_hint(struct diag_sink *s, const char *fmt, ...)
{
	struct diag *d = last(s);
	if (!d || d->hint || s->truncated || s->last_dropped)
		return;
	va_list ap;
	va_start(ap, fmt);
	d->hint = vformat(fmt, ap);
	va_end(ap);
}

void diag_note(struct diag_sink *s, struct loc loc, const char *fmt, ...)
{
	struct diag *d = last(s);
	if (!d || s->truncated || s->last_dropped)
		return;
	d->notes = xrealloc(d->notes, (d->nnotes + 1) * sizeof(*d->notes));
	struct diag_note *n = &d->notes[d->nnotes++];
	n->loc = loc;
	va_list ap;
	va_start(ap, fmt);
	n->msg = vformat(fmt, ap);
	va_end(ap);
}

struct sort_key {
	size_t group, off, idx;
};

static int by_key(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

void diag_sort(struct diag_sink *s)
{
	if (s->n < 2)
		return;
	struct sort_key *k = xcalloc(s->n, sizeof(*k));
	size_t group = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (i && s->v[i].loc.src != s->v[i - 1].loc.src)
			group++;
		k[i] = (struct sort_key){ group, s->v[i].file_only ? 0 : s->v[i].loc.off, i };
	}
	qsort(k, s->n, sizeof(*k), by_key);
	struct diag *v = xcalloc(s->n, sizeof(*v));
	for (size_t i = 0; i < s->n; i++)
		v[i] = s->v[k[i].idx];
	memcpy(s->v, v, s->n * sizeof(*v));
	free(v);
	free(k);
}

static const char *level_name(enum diag_level l)
{
	return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning"
							     : "note";
}

/* ---- text ---- */

static unsigned code_points(const char *p, size_t n)
{
	unsigned c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)p[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Writes text[0..n) with control characters (C0 but tab, DEL, C1) shown
 * as '?', so a hostile source line cannot drive the terminal; one column
 * each, so the caret below still lines up. */
/* Length of a well-formed UTF-8 sequence at p (at most n bytes), else 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t len = p[0] < 0x80 ? 1 : p[0] >= 0xC2 && p[0] <= 0xDF ? 2
			       : p[0] >= 0xE0 && p[0] <= 0xEF       ? 3
			       : p[0] >= 0xF0 && p[0] <= 0xF4       ? 4
								    : 0;
	if (len == 0 || len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((p[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

/* Source text for the terminal: control characters (C0 but tab, DEL, C1)
 * and bytes that are not UTF-8 are shown as '?'. */
static void put_visible(FILE *f, const char *text, size_t n)
{
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_seq(p + i, n - i);
		bool control = len == 1 ? (p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7F
					: len == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0;
		if (len == 0 || control)
			fputc('?', f);
		else
			fwrite(p + i, 1, len, f);
		i += len ? len : 1;
	}
}

/* ANSI SGR sequences as GCC uses them (GCC_COLORS defaults); "" when the
 * sink is not coloured. */
enum paint { PAINT_PLACE,
	     PAINT_ERROR,
	     PAINT_WARNING,
	     PAINT_NOTE,
	     PAINT_CARET,
	     PAINT_HINT,
	     PAINT_RESET };

static const char *paint(bool color, enum paint what)
{
	static const char *const sgr[] = { "\033[01m", "\033[01;31m", "\033[01;35m",
					   "\033[01;36m", "\033[01;32m", "\033[01;32m",
					   "\033[m" };
	return color ? sgr[what] : "";
}

static enum paint level_paint(enum diag_level l)
{
	return l == DIAG_ERROR ? PAINT_ERROR : l == DIAG_WARNING ? PAINT_WARNING
								 : PAINT_NOTE;
}

/* "   12 |   type Warnig" then "      |        ^~~~~~" */
static void print_caret(FILE *f, struct loc loc, bool color)
{
	unsigned line, col;
	size_t start, len;
	source_linecol(loc.src, loc.off, &line, &col);
	if (!source_line(loc.src, line, &start, &len))
		return;
	const char *text = loc.src->data + start;
	enum { SHOW = 200 };
	size_t show = MIN(len, (size_t)SHOW);
	while (show > 0 && show < len && ((unsigned char)text[show] & 0xC0) == 0x80)
		show--;
	int gw = 5; /* gutter: at least 5 digits, more for huge files */
	for (unsigned l = line / 100000; l; l /= 10)
		gw++;
	fprintf(f, "%*u | ", gw, line);
	put_visible(f, text, show);
	fprintf(f, "%s\n", show < len ? " ..." : "");
	size_t at = loc.off - start;
	if (at > show)
		return;
	fprintf(f, "%*s | ", gw, "");
	for (size_t i = 0; i < at; i++) {
		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue;
		fputc(text[i] == '\t' ? '\t' : ' ', f);
	}
	size_t end = MIN(at + (loc.len ? loc.len : 1), show);
	unsigned width = code_points(text + at, end > at ? end - at : 0);
	fputs(paint(color, PAINT_CARET), f);
	fputc('^', f);
	for (unsigned i = 1; i < width; i++)
		fputc('~', f);
	fprintf(f, "%s\n", paint(color, PAINT_RESET));
}

static void print_place(FILE *f, struct loc loc, bool file_only, bool color)
{
	fputs(paint(color, PAINT_PLACE), f);
	if (!loc.src) {
		fputs("scomc:", f);
	} else if (file_only) {
		fprintf(f, "%s:", loc.src->path);
	} else {
		unsigned line, col;
		source_linecol(loc.src, loc.off, &line, &col);
		fprintf(f, "%s:%u:%u:", loc.src->path, line, col);
	}
	fprintf(f, "%s ", paint(color, PAINT_RESET));
}

void diag_print_text(struct diag_sink *s, FILE *f, bool no_caret)
{
	bool co = s->color;
	const char *reset = paint(co, PAINT_RESET);
	for (size_t i = 0; i < s->n; i++) {
		struct diag *d = &s->v[i];
		print_place(f, d->loc, d->file_only, co);
		fprintf(f, "%s%s:%s %s [%s]\n", paint(co, level_paint(d->level)),
			level_name(d->level), reset, d->msg, d->id);
		bool caret = !no_caret && d->loc.src && !d->file_only;
		if (caret)
			print_caret(f, d->loc, co);
		if (d->hint)
			fprintf(f, "%s%shint:%s %s\n", caret ? "      = " : "",
				paint(co, PAINT_HINT), reset, d->hint);
		for (size_t j = 0; j < d->nnotes; j++) {
			print_place(f, d->notes[j].loc, false, co);
			fprintf(f, "%snote:%s %s\n", paint(co, PAINT_NOTE), reset, d->notes[j].msg);
			if (!no_caret && d->notes[j].loc.src)
				print_caret(f, d->notes[j].loc, co);
		}
	}
	if (s->truncated)
		fprintf(f, "scomc: too many errors (%u), stopping\n", s->max_errors);
}

/* ---- JSON and SARIF ---- */

static void region(struct loc loc, unsigned *l1, unsigned *c1, unsigned *l2,
		   unsigned *c2)
{
	source_linecol(loc.src, loc.off, l1, c1);
	source_linecol(loc.src, loc.off + loc.len, l2, c2);
}

static json_t *json_place(struct loc loc, bool file_only, const char *artifact)
{
	json_t *o = json_object();
	if (!loc.src) {
		if (artifact)
			json_object_set_new(o, "file", json_string(artifact));
		return o;
	}
	json_object_set_new(o, "file", json_string(loc.src->path));
	if (file_only)
		return o;
	unsigned l1, c1, l2, c2;
	region(loc, &l1, &c1, &l2, &c2);
	json_object_set_new(o, "line", json_integer(l1));
	json_object_set_new(o, "column", json_integer(c1));
	json_object_set_new(o, "endLine", json_integer(l2));
	json_object_set_new(o, "endColumn", json_integer(c2));
	return o;
}

static int dump(json_t *root, FILE *f)
{
	int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	json_decref(root);
	return rc;
}

int diag_write_json(struct diag_sink *s, FILE *f)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < s->n; i++) {
		struct diag *d = &s->v[i];
		json_t *o = json_place(d->loc, d->file_only, d->artifact);
		json_object_set_new(o, "level", json_string(level_name(d->level)));
		json_object_set_new(o, "id", json_string(d->id));
		json_object_set_new(o, "message", json_string(d->msg));
		if (d->hint)
			json_object_set_new(o, "hint", json_string(d->hint));
		json_t *notes = json_array();
		for (size_t j = 0; j < d->nnotes; j++) {
			json_t *n = json_place(d->notes[j].loc, false, NULL);
			json_object_set_new(n, "message", json_string(d->notes[j].msg));
			json_array_append_new(notes, n);
		}
		json_object_set_new(o, "notes", notes);
		json_array_append_new(arr, o);
	}
	json_t *root = json_object();
	json_object_set_new(root, "diagnostics", arr);
	json_object_set_new(root, "errors", json_integer(s->errors));
	json_object_set_new(root, "warnings", json_integer(s->warnings));
	json_object_set_new(root, "truncated", json_boolean(s->truncated));
	return dump(root, f);
}

void diag_path_uri(struct strbuf *sb, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	if (path[0] == '/')
		strbuf_adds(sb, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
			strbuf_addc(sb, (char)*p);
		else
			strbuf_addf(sb, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
}

/* Relative paths are relative to SRCROOT (declared in originalUriBaseIds),
 * absolute ones are file: URIs of their own. */
static json_t *sarif_artifact(const char *path)
{
	struct strbuf uri = STRBUF_INIT;
	diag_path_uri(&uri, path);
	json_t *a = json_pack("{s:s}", "uri", uri.buf);
	if (path[0] != '/')
		json_object_set_new(a, "uriBaseId", json_string("SRCROOT"));
	strbuf_release(&uri);
	return a;
}

static json_t *sarif_location(struct loc loc, bool file_only, const char *path,
			      const char *msg)
{
	json_t *phys = json_object();
	json_object_set_new(phys, "artifactLocation", sarif_artifact(path));
	if (!file_only) {
		unsigned l1, c1, l2, c2;
		region(loc, &l1, &c1, &l2, &c2);
		json_object_set_new(phys, "region",
				    json_pack("{s:i,s:i,s:i,s:i}", "startLine", l1,
					      "startColumn", c1, "endLine", l2,
					      "endColumn", c2));
	}
	json_t *l = json_pack("{s:o}", "physicalLocation", phys);
	if (msg)
		json_object_set_new(l, "message", json_pack("{s:s}", "text", msg));
	return l;
}

/* A rule: its title, its meaning and its fix (diag_explain.def), so code
 * scanning can show what a result means and how to fix it. */
static json_t *sarif_rule(size_t k)
{
	const char *example = "", *fix = NULL;
	const char *meaning = diag_explain(catalog[k].id, &example, &fix);
	if (!meaning) /* tests/explain fails on such an ID; stay valid anyway */
		meaning = fix = catalog[k].title;
	struct strbuf md = STRBUF_INIT;
	strbuf_addf(&md, "%s\n\nExample:\n\n", meaning);
	for (const char *p = example; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		strbuf_adds(&md, "    ");
		strbuf_add(&md, p, n);
		strbuf_addc(&md, '\n');
		p += n + (e != NULL);
	}
	strbuf_addf(&md, "\nFix: %s\n\n`scomc --explain %s` shows this text.", fix, catalog[k].id);
	json_t *r = json_pack("{s:s,s:{s:s},s:{s:s},s:{s:s,s:s}}", "id", catalog[k].id,
			      "shortDescription", "text", catalog[k].title,
			      "fullDescription", "text", meaning,
			      "help", "text", fix, "markdown", md.buf);
	strbuf_release(&md);
	return r;
}

static json_t *sarif_rules(struct diag_sink *s)
{
	json_t *rules = json_array();
	for (size_t k = 0; k < ARRAY_SIZE(catalog); k++) {
		bool used = false;
		for (size_t i = 0; i < s->n && !used; i++)
			used = strcmp(s->v[i].id, catalog[k].id) == 0;
		if (used)
			json_array_append_new(rules, sarif_rule(k));
	}
	return rules;
}

static json_t *sarif_result(struct diag *d)
{
	struct strbuf text = STRBUF_INIT;
	strbuf_adds(&text, d->msg);
	if (d->hint)
		strbuf_addf(&text, " (hint: %s)", d->hint);
	json_t *r = json_pack("{s:s,s:s,s:{s:s}}", "ruleId", d->id, "level",
			      level_name(d->level), "message", "text", text.buf);
	strbuf_release(&text);
	json_t *locs = json_array();
	if (d->loc.src)
		json_array_append_new(locs, sarif_location(d->loc, d->file_only, d->loc.src->path, NULL));
	else if (d->artifact)
		json_array_append_new(locs, sarif_location(d->loc, true, d->artifact, NULL));
	json_object_set_new(r, "locations", locs);
	if (d->nnotes) {
		json_t *rel = json_array();
		for (size_t j = 0; j < d->nnotes; j++)
			if (d->notes[j].loc.src)
				json_array_append_new(rel, sarif_location(d->notes[j].loc, false,
									  d->notes[j].loc.src->path,
									  d->notes[j].msg));
		json_object_set_new(r, "relatedLocations", rel);
	}
	return r;
}

int diag_write_sarif(struct diag_sink *s, FILE *f, const char *version)
{
	json_t *results = json_array();
	for (size_t i = 0; i < s->n; i++)
		json_array_append_new(results, sarif_result(&s->v[i]));
	json_t *driver = json_pack("{s:s,s:s,s:s,s:o}", "name", "scomc", "version",
				   version, "informationUri",
				   "https://github.com/scomc/scomc", "rules",
				   sarif_rules(s));
	json_t *base = json_pack("{s:{s:{s:s}}}", "SRCROOT", "description", "text",
				 "the directory scomc ran in: relative artifact URIs are relative to it");
	json_t *run = json_pack("{s:{s:o},s:s,s:o,s:o}", "tool", "driver", driver,
				"columnKind", "unicodeCodePoints", "originalUriBaseIds", base,
				"results", results);
	json_t *root = json_pack(
		"{s:s,s:s,s:[o]}", "$schema",
		"https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
		"runs", run);
	return dump(root, f);
}

/* The diagnostics file cannot be written: told on stderr (the sink is
 * being written out, so it cannot hold this one). Returns -1. */
static int cannot_write(const char *path, int err)
{
	fprintf(stderr, "scomc: error: cannot write '%s': %s [E502]\n", path, strerror(err));
	return -1;
}

/* stderr is unbuffered, so each character of a caret line would be a
 * write() of its own (81,000 of them for 600 warnings): the text is made
 * in memory and written at once. */
static void print_text(struct diag_sink *s, FILE *f, bool no_caret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = f == stderr ? open_memstream(&buf, &len) : NULL;
	if (m)
		diag_print_text(s, m, no_caret);
	if (m && fclose(m) == 0)
		fwrite(buf, 1, len, f);
	else
		diag_print_text(s, f, no_caret);
	free(buf);
}

int diag_write(struct diag_sink *s, enum diag_format format, const char *path,
	       bool no_caret, const char *version)
{
	FILE *f = format == FORMAT_TEXT ? stderr : stdout;
	if (path && !(f = fopen(path, "w")))
		return cannot_write(path, errno);
	int rc = 0;
	diag_sort(s);
	if (format == FORMAT_TEXT)
		print_text(s, f, no_caret);
	else if (format == FORMAT_JSON)
		rc = diag_write_json(s, f);
	else
		rc = diag_write_sarif(s, f, version);
	errno = 0;
	if (fflush(f) != 0 || ferror(f))
		rc = -1;
	int saved = errno ? errno : EIO;
	if (path && fclose(f) != 0)
		rc = -1, saved = errno ? errno : EIO;
	if (rc != 0 && path)
		return cannot_write(path, saved);
	return rc;
}
