/*
 * lsp_lang.c - the language features of `scomc lsp` (see lsp_lang.h).
 *
 * Every request lexes the document again and, in one pass over the tokens
 * (scan), notes for each token the first token of its statement and the
 * keyword of the block it is in. Completion, definition and symbols read
 * only that; diagnostics and hover run the front end (front_load) for the
 * checked, resolved model, whose elements point back at the text they came
 * from: that is how hover tells an alert's own value from one inherited
 * from defaults or a table template.
 */
#include "lsp_lang.h"

#include <strings.h>

#include "arena.h"
#include "check.h"
#include "diag.h"
#include "fmt.h"
#include "front.h"
#include "lex.h"
#include "libraries.h"
#include "model.h"
#include "mpread.h"
#include "parse.h"
#include "refpacks.h"
#include "source.h"
#include "strbuf.h"

static const struct {
	const char *word, *meaning;
} keywords[] = {
#define KEYWORD(w, m) { w, m },
#include "keywords.def"
#undef KEYWORD
};

#define NONE SIZE_MAX /* no token, statement or block (an enum cannot hold it) */

/* One analysis of the document's text. */
struct an {
	const struct lsp_doc *d;
	struct source src;
	struct arena arena;
	struct token *t;
	size_t n;
	size_t *start;  /* per token: the first token of its statement */
	size_t *block;  /* per token: keyword of the innermost block it is in, or NONE */
	size_t *lbrace; /* per statement start: its '{', or NONE */
	size_t *rbrace; /* per '{': its '}' (or the last token) */
	bool utf32;
};

static const char *meaning_of(const char *word)
{
	for (size_t i = 0; word && i < ARRAY_SIZE(keywords); i++)
		if (strcmp(keywords[i].word, word) == 0)
			return keywords[i].meaning;
	return NULL;
}

/* ---- the token scan ---- */

static void scan(struct an *a)
{
	size_t n = a->n, *stack = NULL, depth = 0, cap = 0, cur = 0;
	a->start = xcalloc(n + 1, sizeof(size_t));
	a->block = xcalloc(n + 1, sizeof(size_t));
	a->lbrace = xcalloc(n + 1, sizeof(size_t));
	a->rbrace = xcalloc(n + 1, sizeof(size_t));
	bool at_start = true;
	for (size_t i = 0; i < n; i++) {
		enum tok_kind k = a->t[i].kind;
		a->lbrace[i] = a->rbrace[i] = NONE;
		if (at_start && k != TOK_NEWLINE && k != TOK_RBRACE)
			cur = i, at_start = false;
		a->start[i] = k == TOK_NEWLINE || k == TOK_RBRACE ? i : cur;
		if (k == TOK_RBRACE && depth) {
			size_t open = stack[--depth];
			a->rbrace[open] = i;
		}
		a->block[i] = depth ? a->start[stack[depth - 1]] : NONE;
		if (k == TOK_LBRACE) {
			if (depth == cap)
				stack = xrealloc(stack, (cap = cap ? 2 * cap : 16) * sizeof(*stack));
			stack[depth++] = i;
			a->lbrace[cur] = i;
		}
		if (k == TOK_NEWLINE || k == TOK_LBRACE || k == TOK_RBRACE)
			at_start = true;
	}
	while (depth)
		a->rbrace[stack[--depth]] = n ? n - 1 : 0;
	free(stack);
}

static void an_init(struct an *a, const struct lsp_doc *d, bool utf32)
{
	memset(a, 0, sizeof(*a));
	a->d = d;
	a->utf32 = utf32;
	source_init_mem(&a->src, d->path, d->text, d->len);
	arena_init(&a->arena);
	struct diag_sink quiet;
	diag_sink_init(&quiet, 0);
	if (lex_check_text(&a->src, &quiet) == 0)
		a->t = lex_source(&a->src, &a->arena, &quiet, &a->n);
	diag_sink_release(&quiet);
	scan(a);
}

static void an_release(struct an *a)
{
	free(a->start);
	free(a->block);
	free(a->lbrace);
	free(a->rbrace);
	arena_release(&a->arena);
	source_release(&a->src);
}

static const char *word(const struct an *a, size_t i)
{
	return i < a->n && a->t[i].kind == TOK_WORD ? a->t[i].val : NULL;
}

static bool is_word(const struct an *a, size_t i, const char *w)
{
	const char *v = word(a, i);
	return v && strcmp(v, w) == 0;
}

/* Keyword of the statement that opened the block holding token i. */
static const char *block_word(const struct an *a, size_t i)
{
	return i < a->n && a->block[i] != NONE ? word(a, a->block[i]) : NULL;
}

/* ---- positions ---- */

static size_t seq_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2
		      : c < 0xF0       ? 3
				       : 4;
}

static json_t *pos_json(const struct source *src, size_t off, bool utf32)
{
	unsigned line, col;
	source_linecol((struct source *)src, off, &line, &col);
	size_t start = 0, len = 0, ch = 0;
	source_line((struct source *)src, line, &start, &len);
	for (size_t i = start; i < off && i < src->len;) {
		size_t n = seq_len((unsigned char)src->data[i]);
		ch += n == 4 && !utf32 ? 2 : 1;
		i += n;
	}
	return json_pack("{s:I,s:I}", "line", (json_int_t)line - 1, "character", (json_int_t)ch);
}

static json_t *range_json(const struct source *src, size_t off, size_t end, bool utf32)
{
	return json_pack("{s:o,s:o}", "start", pos_json(src, off, utf32), "end",
			 pos_json(src, end, utf32));
}

size_t lsp_offset(struct source *src, struct lsp_pos p, bool utf32)
{
	size_t start, len;
	if (p.line >= UINT_MAX || !source_line(src, (unsigned)p.line + 1, &start, &len))
		return src->len;
	size_t i = start, ch = 0;
	while (i < start + len && ch < p.character) {
		size_t n = seq_len((unsigned char)src->data[i]);
		ch += n == 4 && !utf32 ? 2 : 1;
		i += n;
	}
	return MIN(i, start + len);
}

static size_t offset_of(const struct an *a, struct lsp_pos p)
{
	return lsp_offset((struct source *)&a->src, p, a->utf32);
}

static json_t *tok_range(const struct an *a, size_t i)
{
	return range_json(&a->src, a->t[i].off, a->t[i].off + a->t[i].len, a->utf32);
}

static json_t *location(const struct an *a, size_t i)
{
	return json_pack("{s:s,s:o}", "uri", a->d->uri, "range", tok_range(a, i));
}

/* The value token under off (or ending at it), or NONE. */
static size_t tok_at(const struct an *a, size_t off)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < a->n; i++) {
			const struct token *t = &a->t[i];
			if (t->kind == TOK_NEWLINE || t->kind == TOK_EOF)
				continue;
			if (pass == 0 ? t->off <= off && off < t->off + t->len : t->off + t->len == off)
				return i;
		}
	return NONE;
}

/* ---- diagnostics ---- */

static json_t *diag_json(const struct an *a, const struct diag *g)
{
	bool here = g->loc.src == &a->src && !g->file_only;
	size_t off = here ? g->loc.off : 0, end = here ? g->loc.off + g->loc.len : 0;
	struct strbuf msg = STRBUF_INIT;
	strbuf_adds(&msg, g->msg);
	if (g->hint)
		strbuf_addf(&msg, "\nhint: %s", g->hint);
	json_t *o = json_pack("{s:o,s:i,s:s,s:s,s:s}", "range", range_json(&a->src, off, end, a->utf32),
			      "severity", g->level == DIAG_ERROR ? 1 : g->level == DIAG_WARNING ? 2
												: 3,
			      "code", g->id, "source", "scomc", "message", msg.buf);
	strbuf_release(&msg);
	json_t *rel = json_array();
	for (size_t j = 0; j < g->nnotes; j++) {
		const struct diag_note *nt = &g->notes[j];
		if (nt->loc.src != &a->src)
			continue;
		json_t *loc = json_pack("{s:s,s:o}", "uri", a->d->uri, "range",
					range_json(&a->src, nt->loc.off, nt->loc.off + nt->loc.len, a->utf32));
		json_array_append_new(rel, json_pack("{s:o,s:s}", "location", loc, "message", nt->msg));
	}
	if (json_array_size(rel))
		json_object_set_new(o, "relatedInformation", rel);
	else
		json_decref(rel);
	return o;
}

/* Runs the front end on the text: the resolved model (m->doc may be NULL
 * after errors) and the diagnostics in sink. */
static void front(struct an *a, struct model *m, struct diag_sink *sink, struct xsd_cache *xsd)
{
	*m = (struct model){ .src = &a->src, .arena = &a->arena };
	diag_sink_init(sink, 0);
	if (front_load(m, xsd, sink, NULL) != 0 && m->doc) {
		xmlFreeDoc(m->doc);
		m->doc = NULL;
	}
}

json_t *lsp_diagnostics(const struct lsp_doc *d, struct xsd_cache *xsd, bool utf32)
{
	struct an a;
	an_init(&a, d, utf32);
	struct model m;
	struct diag_sink sink;
	front(&a, &m, &sink, xsd);
	diag_sort(&sink);
	json_t *arr = json_array();
	for (size_t i = 0; i < sink.n; i++)
		json_array_append_new(arr, diag_json(&a, &sink.v[i]));
	diag_sink_release(&sink);
	model_release(&m);
	an_release(&a);
	return arr;
}

/* ---- hover ---- */

/* A property's value in one line: text, or the items of event/suppress. */
static void value_of(xmlNodePtr c, struct strbuf *sb)
{
	if (model_is(c, "knowledge") || model_is(c, "intro") || model_is(c, "filter") ||
	    model_is(c, "parameters")) {
		strbuf_adds(sb, "(a block)");
		return;
	}
	xmlNodePtr k = model_child(c, NULL);
	if (!k) {
		const char *t = model_text(c);
		for (size_t i = 0; t[i] && i < 80; i++)
			strbuf_addc(sb, t[i] == '\n' ? ' ' : t[i]);
		return;
	}
	for (; k; k = model_next(k, NULL)) {
		if (sb->len)
			strbuf_adds(sb, ", ");
		if (model_is(k, "range"))
			strbuf_addf(sb, "%s-%s", model_attr(k, "from"), model_attr(k, "to"));
		else
			strbuf_adds(sb, model_text(k));
	}
}

static size_t line_of(const struct an *a, size_t off)
{
	unsigned line, col;
	source_linecol((struct source *)&a->src, off, &line, &col);
	return line;
}

/* Where an alert's property comes from: the alert itself, the pack's
 * defaults, the table's template, or the built-in default. */
static void origin_of(const struct an *a, struct model *m, xmlNodePtr alert, xmlNodePtr c,
		      struct strbuf *sb)
{
	struct loc l = model_loc(m, c), al = model_loc(m, alert);
	if (l.off == al.off && l.len == al.len) {
		strbuf_adds(sb, "built-in default");
		return;
	}
	size_t i = tok_at(a, l.off);
	const char *in = i == NONE ? NULL : block_word(a, i);
	size_t line = line_of(a, l.off);
	if (in && strcmp(in, "defaults") == 0)
		strbuf_addf(sb, "inherited from `defaults` (line %zu)", line);
	else if (in && strcmp(in, "template") == 0)
		strbuf_addf(sb, "inherited from the table `template` (line %zu)", line);
	else
		strbuf_addf(sb, "set here (line %zu)", line);
}

static void effective(const struct an *a, struct model *m, const char *name, struct strbuf *md)
{
	xmlNodePtr pack = m->doc ? xmlDocGetRootElement(m->doc) : NULL;
	for (xmlNodePtr al = model_child(pack, "alert"); al; al = model_next(al, "alert")) {
		const char *an = model_attr(al, "name");
		if (!an || strcmp(an, name) != 0)
			continue;
		strbuf_addf(md, "%sAlert `%s` (with what it inherits):\n\n", md->len ? "\n\n" : "", name);
		for (xmlNodePtr c = model_child(al, NULL); c; c = model_next(c, NULL)) {
			struct strbuf v = STRBUF_INIT;
			value_of(c, &v);
			strbuf_addf(md, "- `%s` %s: ", (const char *)c->name, strbuf_str(&v));
			origin_of(a, m, al, c, md);
			strbuf_addc(md, '\n');
			strbuf_release(&v);
		}
		return;
	}
}

/* The alert a token names: `alert NAME` or `row NAME`, on either word. */
static size_t alert_name_tok(const struct an *a, size_t i)
{
	size_t s = a->start[i];
	if (!is_word(a, s, "alert") && !is_word(a, s, "row"))
		return NONE;
	if (is_word(a, s, "row") && !is_word(a, a->block[s], "table"))
		return NONE;
	return (i == s || i == s + 1) && s + 1 < a->n && a->t[s + 1].val ? s + 1 : NONE;
}

json_t *lsp_hover(const struct lsp_doc *d, struct lsp_pos at, bool utf32)
{
	struct an a;
	an_init(&a, d, utf32);
	size_t i = tok_at(&a, offset_of(&a, at));
	struct strbuf md = STRBUF_INIT;
	if (i != NONE && a.start[i] == i && meaning_of(word(&a, i)))
		strbuf_addf(&md, "**%s**: %s", word(&a, i), meaning_of(word(&a, i)));
	size_t name = i == NONE ? NONE : alert_name_tok(&a, i);
	if (name != NONE) { /* parsed and resolved, even if a check fails */
		struct model m = { .src = &a.src, .arena = &a.arena };
		struct diag_sink sink;
		diag_sink_init(&sink, 0);
		if (parse_tokens(&m, a.t, a.n, &sink) == 0 && m.doc) {
			model_resolve(&m);
			effective(&a, &m, a.t[name].val, &md);
		}
		diag_sink_release(&sink);
		model_release(&m);
	}
	json_t *r = md.len ? json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value",
				       md.buf, "range", tok_range(&a, i))
			   : json_null();
	strbuf_release(&md);
	an_release(&a);
	return r;
}

/* ---- completion ---- */

enum { KIND_VALUE = 12,
       KIND_KEYWORD = 14,
       KIND_REFERENCE = 18,
       KIND_ENUM = 20 };

static void item(json_t *items, const char *label, int kind, const char *detail)
{
	for (size_t i = 0; i < json_array_size(items); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(items, i), "label")), label) == 0)
			return;
	json_t *o = json_pack("{s:s,s:i}", "label", label, "kind", kind);
	if (detail)
		json_object_set_new(o, "detail", json_string(detail));
	json_array_append_new(items, o);
}

static void items_of(json_t *items, const char *const *v, size_t n, int kind)
{
	for (size_t i = 0; i < n; i++)
		item(items, v[i], kind, kind == KIND_KEYWORD ? meaning_of(v[i]) : NULL);
}

/* The first value of every statement kw in the document (sources, logs,
 * classes already used). */
static void used_values(const struct an *a, const char *kw, json_t *items)
{
	for (size_t i = 0; i + 1 < a->n; i++)
		if (a->start[i] == i && is_word(a, i, kw) && a->start[i + 1] == i &&
		    (a->t[i + 1].kind == TOK_WORD || a->t[i + 1].kind == TOK_STRING) &&
		    a->t[i + 1].val && a->t[i + 1].val[0])
			item(items, a->t[i + 1].val, KIND_VALUE, "used in this pack");
}

/* ---- reference packs (--references) ---- */

/* The indexed pack with this ID (the highest version), or NULL. */
static struct refpack *ref_pack(struct refpacks *r, const char *id)
{
	struct refpack *best = NULL;
	for (size_t i = 0; r && id && i < r->n; i++)
		if (strcmp(r->packs[i]->id, id) == 0 &&
		    (!best || refpacks_version_cmp(r->packs[i]->version, best->version) > 0))
			best = r->packs[i];
	return best;
}

/* "ALIAS!ClassId" for every ClassType the pack with this ID defines. */
static void ref_classes(struct refpacks *r, const char *id, const char *alias, json_t *items)
{
	struct refpack *p = ref_pack(r, id);
	if (!p)
		return;
	struct mp_file *mp = refpacks_load(r, p);
	xmlNodePtr types = mp && mp->root ? model_child(model_child(model_child(mp->root,
										"TypeDefinitions"),
								    "EntityTypes"),
							"ClassTypes")
					  : NULL;
	for (xmlNodePtr c = model_child(types, "ClassType"); c; c = model_next(c, "ClassType")) {
		const char *cid = model_attr(c, "ID");
		if (!cid)
			continue;
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%s!%s", alias, cid);
		item(items, sb.buf, KIND_REFERENCE, p->path);
		strbuf_release(&sb);
	}
}

/* The value of statement kw inside the block opened by statement blk. */
static const char *value_in(const struct an *a, size_t blk, const char *kw)
{
	for (size_t i = blk + 1; i + 1 < a->n && i <= a->rbrace[a->lbrace[blk]]; i++)
		if (a->start[i] == i && a->block[i] == blk && is_word(a, i, kw) && a->start[i + 1] == i)
			return a->t[i + 1].val;
	return NULL;
}

/* In a reference block: the indexed IDs, and the version and key of the
 * pack it names. */
static bool reference_items(const struct an *a, size_t kw, struct refpacks *r, json_t *items)
{
	const char *w = word(a, kw);
	if (!r || !w)
		return false;
	if (!strcmp(w, "reference")) {
		for (size_t i = 0; i < r->n; i++)
			item(items, r->packs[i]->id, KIND_REFERENCE, r->packs[i]->path);
		return true;
	}
	if (!is_word(a, a->block[kw], "reference") || (strcmp(w, "version") && strcmp(w, "key")))
		return false;
	size_t ref = a->block[kw];
	for (size_t i = 0; ref + 1 < a->n && i < r->n; i++)
		if (a->t[ref + 1].val && !strcmp(r->packs[i]->id, a->t[ref + 1].val))
			item(items, !strcmp(w, "version") ? r->packs[i]->version : r->packs[i]->token,
			     KIND_VALUE, r->packs[i]->path);
	return true;
}

/* class: the aliases (built-in and declared), their classes in the
 * --references packs, then classes in use. */
static void class_items(const struct an *a, struct refpacks *r, json_t *items)
{
	size_t nlibs;
	const struct library *libs = libraries_all(&nlibs);
	for (size_t i = 0; r && i < nlibs; i++)
		if (library_builtin(&libs[i]))
			ref_classes(r, libs[i].id, libs[i].alias, items);
	for (size_t i = 0; r && i < a->n; i++)
		if (a->start[i] == i && is_word(a, i, "reference") && a->lbrace[i] != NONE &&
		    i + 1 < a->n && a->t[i + 1].val && value_in(a, i, "alias"))
			ref_classes(r, a->t[i + 1].val, value_in(a, i, "alias"), items);
	item(items, "Windows!Microsoft.Windows.Computer", KIND_REFERENCE, "the default class");
	for (size_t i = 0; i < nlibs; i++)
		if (library_builtin(&libs[i])) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s!", libs[i].alias);
			item(items, sb.buf, KIND_REFERENCE, NULL);
			strbuf_release(&sb);
		}
	for (size_t i = 0; i + 1 < a->n; i++)
		if (a->start[i] == i && is_word(a, i, "alias") && is_word(a, a->block[i], "reference") &&
		    word(a, i + 1)) {
			struct strbuf sb = STRBUF_INIT;
			strbuf_addf(&sb, "%s!", word(a, i + 1));
			item(items, sb.buf, KIND_REFERENCE, "declared by a reference");
			strbuf_release(&sb);
		}
	used_values(a, "class", items);
}

static void value_items(const struct an *a, size_t kw, size_t nth, struct refpacks *r,
			json_t *items)
{
	const char *w = word(a, kw), *in = block_word(a, kw);
	bool filter = in && (!strcmp(in, "filter") || !strcmp(in, "any") || !strcmp(in, "all") ||
			     !strcmp(in, "not"));
	size_t n;
	const char *const *v;
	static const char *const logs[] = { "Application", "System", "Security", "Setup" };
	static const char *const booleans[] = { "true", "false" };
	static const char *const patterns[] = { "contains", "matches" };
	if (!w || reference_items(a, kw, r, items))
		return;
	if (filter && ((!strcmp(w, "param") && nth == 1) ||
		       (nth == 0 && (!strcmp(w, "description") || !strcmp(w, "source") || !strcmp(w, "user"))))) {
		v = parse_words("filter-op", &n);
		items_of(items, v, n, KIND_KEYWORD);
	} else if ((v = check_choices(w, &n))) {
		items_of(items, v, n, KIND_ENUM);
		if (!strcmp(w, "suppress")) {
			item(items, "none", KIND_ENUM, "no suppression: every event raises an alert");
			item(items, "absent", KIND_ENUM, "no Suppression element at all: every event raises an alert");
		}
	} else if (!strcmp(w, "enabled")) {
		items_of(items, booleans, 2, KIND_ENUM);
	} else if (!strcmp(w, "log")) {
		items_of(items, logs, ARRAY_SIZE(logs), KIND_VALUE);
		used_values(a, "log", items);
	} else if (!strcmp(w, "class")) {
		class_items(a, r, items);
	} else if (!strcmp(w, "source") && nth == 0) {
		used_values(a, "source", items);
		items_of(items, patterns, 2, KIND_KEYWORD);
	}
}

/* Keywords the block opened by statement kw (NONE: the file) takes. */
static void keyword_items(const struct an *a, size_t kw, json_t *items)
{
	static const char *const file[] = { "pack" };
	const char *w = kw == NONE ? "file" : word(a, kw), *list = NULL;
	if (!w)
		return;
	if (!strcmp(w, "file")) {
		items_of(items, file, 1, KIND_KEYWORD);
		return;
	}
	static const char *const map[][2] = {
		{ "pack", "pack" },
		{ "reference", "reference" },
		{ "defaults", "defaults" },
		{ "alert", "alert" },
		{ "template", "alert" },
		{ "row", "alert" },
		{ "knowledge", "knowledge" },
		{ "table", "table" },
		{ "filter", "filter" },
		{ "any", "filter" },
		{ "all", "filter" },
		{ "not", "filter" },
		{ "monitor", "monitor" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(map) && !list; i++)
		if (!strcmp(map[i][0], w))
			list = map[i][1];
	if (!strcmp(w, "alert") && is_word(a, a->block[kw], "monitor"))
		list = "monitor-alert";
	if (!strcmp(w, "row") && is_word(a, a->block[kw], "table") && is_word(a, a->block[kw] + 1, "monitor"))
		list = "monitor";
	if (!strcmp(w, "template") && is_word(a, a->block[kw], "table") && is_word(a, a->block[kw] + 1, "monitor"))
		list = "monitor";
	size_t n;
	const char *const *v = list ? parse_words(list, &n) : NULL;
	if (v)
		items_of(items, v, n, KIND_KEYWORD);
}

json_t *lsp_completion(const struct lsp_doc *d, struct lsp_pos at, struct refpacks *refs,
		       bool utf32)
{
	struct an a;
	an_init(&a, d, utf32);
	size_t off = offset_of(&a, at), prev = NONE;
	for (size_t i = 0; i < a.n && a.t[i].kind != TOK_EOF && a.t[i].off + a.t[i].len <= off; i++)
		prev = i;
	bool typing = prev != NONE && a.t[prev].kind == TOK_WORD && a.t[prev].off + a.t[prev].len == off;
	size_t stmt = NONE, blk = NONE;
	if (prev != NONE) {
		enum tok_kind k = a.t[prev].kind;
		bool ends = k == TOK_NEWLINE || k == TOK_LBRACE || k == TOK_RBRACE;
		blk = k == TOK_LBRACE ? a.start[prev] : a.block[prev];
		if (!ends && !(typing && a.start[prev] == prev))
			stmt = a.start[prev];
	}
	json_t *items = json_array();
	if (stmt == NONE) {
		keyword_items(&a, blk, items);
	} else {
		size_t nth = 0;
		for (size_t i = stmt + 1; i < prev + (typing ? 0 : 1); i++)
			nth += a.t[i].kind != TOK_COMMA;
		value_items(&a, stmt, nth, refs, items);
	}
	an_release(&a);
	return items;
}

/* ---- definition ---- */

/* The reference statement that declares alias, or NONE. */
static size_t reference_of(const struct an *a, const char *alias, size_t len)
{
	for (size_t i = 0; i + 1 < a->n; i++)
		if (a->start[i] == i && is_word(a, i, "alias") && is_word(a, a->block[i], "reference") &&
		    a->t[i + 1].val && strlen(a->t[i + 1].val) == len &&
		    strncasecmp(a->t[i + 1].val, alias, len) == 0)
			return a->block[i] + 1 < a->n ? a->block[i] + 1 : a->block[i];
	return NONE;
}

/* The statement kw in the block opened by statement blk, or NONE. */
static size_t stmt_in(const struct an *a, size_t blk, const char *kw)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->start[i] == i && a->block[i] == blk && is_word(a, i, kw))
			return i;
	return NONE;
}

/* The defaults block of the pack, or NONE. */
static size_t defaults_block(const struct an *a)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->start[i] == i && is_word(a, i, "defaults") && a->lbrace[i] != NONE &&
		    is_word(a, a->block[i], "pack"))
			return i;
	return NONE;
}

json_t *lsp_definition(const struct lsp_doc *d, struct lsp_pos at, bool utf32)
{
	struct an a;
	an_init(&a, d, utf32);
	size_t i = tok_at(&a, offset_of(&a, at)), to = NONE;
	const char *v = i == NONE ? NULL : a.t[i].val;
	const char *bang = v && a.t[i].kind != TOK_TEXT ? strchr(v, '!') : NULL;
	const char *in = i == NONE ? NULL : block_word(&a, i);
	if (bang) {
		to = reference_of(&a, v, (size_t)(bang - v));
	} else if (i != NONE && is_word(&a, a.start[i], "row")) {
		to = stmt_in(&a, a.block[i], "template");
	} else if (v && a.start[i] == i && in && (!strcmp(in, "alert") || !strcmp(in, "template") || !strcmp(in, "row"))) {
		size_t def = defaults_block(&a);
		to = def == NONE ? NONE : stmt_in(&a, def, v);
	}
	json_t *r = to == NONE ? json_null() : location(&a, to);
	an_release(&a);
	return r;
}

/* ---- symbols ---- */

enum { SYM_MODULE = 2,
       SYM_NAMESPACE = 3,
       SYM_PACKAGE = 4,
       SYM_OBJECT = 19,
       SYM_STRUCT = 23,
       SYM_EVENT = 24 };

static int symbol_kind(const char *w)
{
	static const struct {
		const char *w;
		int kind;
	} kinds[] = { { "pack", SYM_PACKAGE }, { "reference", SYM_MODULE }, { "defaults", SYM_NAMESPACE }, { "alert", SYM_EVENT }, { "monitor", SYM_EVENT }, { "table", SYM_STRUCT }, { "template", SYM_OBJECT }, { "row", SYM_EVENT } };
	for (size_t i = 0; w && i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(kinds[i].w, w))
			return kinds[i].kind;
	return 0;
}

/* The last token of statement s (its '}', or the token before its end). */
static size_t stmt_end(const struct an *a, size_t s)
{
	if (a->lbrace[s] != NONE)
		return a->rbrace[a->lbrace[s]];
	size_t e = s;
	while (e + 1 < a->n && a->start[e + 1] == s && a->t[e + 1].kind != TOK_EOF)
		e++;
	return e;
}

static json_t *symbol(const struct an *a, size_t s, int kind)
{
	bool named = s + 1 < a->n && a->start[s + 1] == s && a->t[s + 1].val &&
		     kind != SYM_NAMESPACE && kind != SYM_STRUCT && kind != SYM_OBJECT;
	size_t e = stmt_end(a, s);
	return json_pack("{s:s,s:s,s:i,s:o,s:o,s:[]}", "name", named ? a->t[s + 1].val : a->t[s].val,
			 "detail", a->t[s].val, "kind", kind, "range",
			 range_json(&a->src, a->t[s].off, a->t[e].off + a->t[e].len, a->utf32),
			 "selectionRange", tok_range(a, named ? s + 1 : s), "children");
}

json_t *lsp_symbols(const struct lsp_doc *d, bool utf32)
{
	struct an a;
	an_init(&a, d, utf32);
	json_t *root = json_array();
	json_t **sym = xcalloc(a.n + 1, sizeof(*sym)); /* borrowed: symbol of a block statement */
	for (size_t i = 0; i < a.n; i++) {
		int kind = a.start[i] == i ? symbol_kind(word(&a, i)) : 0;
		if (!kind)
			continue;
		json_t *s = symbol(&a, i, kind), *parent = NULL;
		for (size_t b = a.block[i]; b != NONE && !parent; b = a.block[b])
			parent = sym[b];
		json_array_append_new(parent ? json_object_get(parent, "children") : root, s);
		if (a.lbrace[i] != NONE)
			sym[i] = s;
	}
	free(sym);
	an_release(&a);
	return root;
}

/* ---- formatting ---- */

json_t *lsp_formatting(const struct lsp_doc *d, bool utf32)
{
	struct source src;
	source_init_mem(&src, d->path, d->text, d->len);
	struct diag_sink sink;
	diag_sink_init(&sink, 0);
	struct strbuf out = STRBUF_INIT;
	json_t *r;
	if (fmt_source(&src, &out, &sink) != 0)
		r = json_null();
	else if (out.len == d->len && memcmp(strbuf_str(&out), d->text, d->len) == 0)
		r = json_array();
	else
		r = json_pack("[{s:o,s:s}]", "range", range_json(&src, 0, src.len, utf32), "newText",
			      strbuf_str(&out));
	strbuf_release(&out);
	diag_sink_release(&sink);
	source_release(&src);
	return r;
}

/* ---- URIs ---- */

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
					: c >= 'A' && c <= 'F'       ? c - 'A' + 10
								     : -1;
}

char *lsp_uri_path(const char *uri)
{
	if (strncmp(uri, "file://", 7) != 0)
		return xstrdup(uri);
	const char *p = uri + 7;
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	struct strbuf sb = STRBUF_INIT;
	for (; *p; p++) {
		if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0 && (hex(p[1]) | hex(p[2]))) {
			strbuf_addc(&sb, hex(p[1]) * 16 + hex(p[2]));
			p += 2;
		} else {
			strbuf_addc(&sb, *p);
		}
	}
	return strbuf_detach(&sb, NULL);
}
