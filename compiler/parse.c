/*
 * parse.c - recursive descent over .alert tokens, building the model.
 *
 * Every statement has the same shape, KEYWORD VALUE* [ '{' BODY '}' ], so
 * one reader (read_stmt) collects it and per-block handlers give it meaning.
 * Errors are reported and the parser resynchronises at the next statement
 * (or skips a whole unknown block), so one run reports every syntax error.
 * Blocks nest at most three deep by the grammar; skipping unknown blocks is
 * iterative, so hostile nesting cannot exhaust the stack.
 */
#include "parse.h"

#include "arena.h"
#include "check.h"
#include "lex.h"
#include "md.h"
#include "source.h"
#include "strbuf.h"
#include "suggest.h"

struct parser {
	struct model *m;
	struct diag_sink *sink;
	struct token *t;
	size_t pos, n;
	size_t nalerts;
	bool too_many;
	bool eof_reported;  /* "missing '}'" is reported for the innermost block only */
	unsigned depth;     /* blocks open (1: in the pack) */
	size_t unclosed_at; /* token before which a missing '}' was reported, or 0 */
	size_t unclosed_n;  /* sink size right after that E205 (notes go to it) */
};

/* KEYWORD VALUE* ['{'] */
struct stmt {
	struct token *kw;
	struct token **vals;
	size_t nvals;
	struct token *lbrace; /* set when a block follows; parser is inside it */
	bool bad;             /* a value is a lexical error (already reported) */
};

/* A property as written: its keyword and values. */
struct pval {
	struct token *kw;
	struct token **vals;
	size_t n;
};

enum { NPROPS = 48 }; /* model_alert_props without the blocks + slack */

/* A property written as a block of statements (knowledge, parameters). */
struct pblock {
	xmlNodePtr node;
	struct token *kw;
	bool own; /* an alert's own: moved into it, not copied */
};

/* The block properties, by their model element names. */
enum blk { BLK_KNOWLEDGE,
	   BLK_LEGEND,
	   BLK_FILTER,
	   BLK_RESET,
	   BLK_REPEAT,
	   BLK_ALERT,
	   NBLK };
static const char *const blk_names[NBLK] = { "knowledge", "parameters", "filter", "reset",
					     "repeat", "alert-settings" };

struct propset {
	struct pval v[NPROPS];
	struct pval enabled;
	struct pblock blk[NBLK];
};

/* Marks every block of ps as owned (own) or borrowed from a template. */
static void own_blocks(struct propset *ps, bool own)
{
	for (size_t i = 0; i < NBLK; i++)
		ps->blk[i].own = own;
}

static const char *const pack_words[] = { "version", "name", "description", "target",
					  "language", "modified", "manifest-name", "reference", "defaults",
					  "alert", "monitor", "table" };
/* Pack statements that open a block: one of them inside another block means
 * that block's '}' is missing (reported as E205 naming the open block). */
static const char *const pack_blocks[] = { "reference", "defaults", "alert", "monitor", "table" };
static const char *const default_words[] = { "product", "product-version", "source", "log",
					     "path", "class", "type", "priority", "intro" };
static const char *const alert_words[] = { "event", "source", "log", "class", "type",
					   "priority", "product", "product-version", "path",
					   "rule", "title", "description", "suppress",
					   "modified", "intro", "enabled", "parameters", "knowledge",
					   "filter", "id", "message-id", "category", "comment",
					   "rule-priority", "confirm-delivery", "remotable",
					   "discard-level", "rule-description", "run-as",
					   "alert-run-as", "computer-name", "order", "types" };

/* ---- tokens ---- */

static struct token *peek(struct parser *p) { return &p->t[p->pos]; }

static struct token *advance(struct parser *p)
{
	struct token *t = &p->t[p->pos];
	if (t->kind != TOK_EOF)
		p->pos++;
	return t;
}

/* End of file is shown at the end of the last line, not past its newline. */
static struct loc tok_loc(struct parser *p, const struct token *t)
{
	size_t off = t->off;
	const char *d = p->m->src->data;
	if (t->kind == TOK_EOF && off > p->m->src->bom && d[off - 1] == '\n') {
		off--;
		if (off > p->m->src->bom && d[off - 1] == '\r')
			off--;
	}
	return (struct loc){ p->m->src, off, t->kind == TOK_EOF ? 0 : t->len };
}

static void skip_newlines(struct parser *p)
{
	while (peek(p)->kind == TOK_NEWLINE)
		advance(p);
}

/* Skips to the '}' closing the block we are in (consumed), or EOF. */
static void skip_block(struct parser *p)
{
	size_t depth = 1;
	for (;;) {
		struct token *t = advance(p);
		if (t->kind == TOK_EOF)
			return;
		if (t->kind == TOK_LBRACE)
			depth++;
		else if (t->kind == TOK_RBRACE && --depth == 0)
			return;
	}
}

/* Skips the rest of a statement, including a block it opens. */
static void skip_stmt(struct parser *p)
{
	for (;;) {
		struct token *t = peek(p);
		if (t->kind == TOK_EOF || t->kind == TOK_RBRACE)
			return;
		advance(p);
		if (t->kind == TOK_NEWLINE)
			return;
		if (t->kind == TOK_LBRACE) {
			skip_block(p);
			return;
		}
	}
}

/* stmt = WORD { WORD | STRING | TEXT | ',' } ( NEWLINE | '{' | '}' | EOF ) */
static void read_stmt(struct parser *p, struct stmt *st)
{
	memset(st, 0, sizeof(*st));
	st->kw = advance(p);
	size_t cap = 0;
	for (;;) {
		struct token *t = peek(p);
		if (t->kind == TOK_NEWLINE) {
			advance(p);
			return;
		}
		if (t->kind == TOK_RBRACE || t->kind == TOK_EOF)
			return;
		advance(p);
		if (t->kind == TOK_LBRACE) {
			st->lbrace = t;
			return;
		}
		if (t->kind == TOK_COMMA)
			continue;
		if (t->kind == TOK_ERROR)
			st->bad = true;
		if (st->nvals == cap) {
			cap = cap ? cap * 2 : 4;
			struct token **v = arena_alloc(p->m->arena, cap * sizeof(*v));
			if (st->nvals)
				memcpy(v, st->vals, st->nvals * sizeof(*v));
			st->vals = v;
		}
		st->vals[st->nvals++] = t;
	}
}

/* ---- diagnostics helpers ---- */

static void unknown_keyword(struct parser *p, struct stmt *st, const char *where,
			    const char *const *words, size_t n)
{
	diag_error(p->sink, tok_loc(p, st->kw), "E202", "unknown keyword '%s' in %s",
		   st->kw->val, where);
	const char *s = suggest(st->kw->val, words, n);
	if (s)
		diag_hint(p->sink, "did you mean '%s'?", s);
	if (st->lbrace)
		skip_block(p);
}

static void no_block(struct parser *p, struct stmt *st)
{
	if (!st->lbrace)
		return;
	diag_error(p->sink, tok_loc(p, st->lbrace), "E201",
		   "'%s' does not take a block", st->kw->val);
	diag_hint(p->sink, "write '%s VALUE' on one line, without '{ ... }'", st->kw->val);
	skip_block(p);
}

/* Body of a block whose '{' is open: calls fn for each statement. */
typedef void stmt_fn(struct parser *p, struct stmt *st, void *ctx);

/* "'alert Full'": the statement that opened the block at open, quoted. */
static void block_name(struct parser *p, const struct token *open, struct strbuf *sb)
{
	size_t i = (size_t)(open - p->t);
	while (i > 0 && p->t[i - 1].kind != TOK_NEWLINE && p->t[i - 1].kind != TOK_LBRACE &&
	       p->t[i - 1].kind != TOK_RBRACE)
		i--;
	const struct token *kw = &p->t[i], *name = i + 1 < (size_t)(open - p->t) ? kw + 1 : NULL;
	strbuf_addf(sb, "'%s", kw->kind == TOK_WORD ? kw->val : "block");
	if (name && (name->kind == TOK_WORD || name->kind == TOK_STRING) && name->val_len <= 60)
		strbuf_addf(sb, " %s", name->val);
	strbuf_addc(sb, '\'');
}

/* A missing '}' of the block opened at open, found at t (end of file or
 * the start of a pack-level block). */
static void unclosed(struct parser *p, struct token *open, struct token *t)
{
	struct strbuf name = STRBUF_INIT;
	block_name(p, open, &name);
	if (t->kind == TOK_EOF) {
		diag_error(p->sink, tok_loc(p, t), "E205",
			   "missing '}' at end of file: %s is not closed", name.buf);
		diag_hint(p->sink, "add '}' after the last statement of %s", name.buf);
	} else {
		diag_error(p->sink, tok_loc(p, t), "E205",
			   "missing '}': %s is not closed before '%s'", name.buf, t->val);
		diag_hint(p->sink, "add '}' at the end of %s, before '%s'", name.buf, t->val);
	}
	diag_note(p->sink, tok_loc(p, open), "%s opened here", name.buf);
	strbuf_release(&name);
	p->unclosed_n = p->sink->n;
}

/* An enclosing block that is not closed either: a note on that E205. */
static void unclosed_too(struct parser *p, struct token *open)
{
	if (p->sink->n == 0 || p->sink->n != p->unclosed_n)
		return;
	struct strbuf name = STRBUF_INIT;
	block_name(p, open, &name);
	diag_note(p->sink, tok_loc(p, open), "%s, opened here, is not closed either", name.buf);
	strbuf_release(&name);
}

/* True if the statement at t opens a pack-level block (alert X {). */
static bool opens_pack_block(struct parser *p, const struct token *t)
{
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(pack_blocks) && !known; i++)
		known = strcmp(t->val, pack_blocks[i]) == 0;
	/* a monitor's own "alert {" has no name: it is not the pack's */
	if (known && strcmp(t->val, "alert") == 0 && t + 1 < p->t + p->n && t[1].kind == TOK_LBRACE)
		return false;
	for (const struct token *q = t + 1; known && q < p->t + p->n; q++) {
		if (q->kind == TOK_LBRACE)
			return true;
		if (q->kind == TOK_NEWLINE || q->kind == TOK_RBRACE || q->kind == TOK_EOF)
			return false;
	}
	return false;
}

/* At end of file, or (inside a pack's block) at a pack-level block: this
 * block's '}' is missing. Reported once, for the innermost block. */
static bool body_ends_early(struct parser *p, struct token *open, struct token *t)
{
	if (t->kind == TOK_EOF) {
		/* An unterminated text block that ran to the end of the
		 * file was reported by the lexer; a missing '}' is its echo. */
		const struct token *prev = p->pos ? &p->t[p->pos - 1] : NULL;
		if (prev && prev->kind == TOK_ERROR && prev->off + prev->len == t->off)
			p->eof_reported = true;
		if (!p->eof_reported)
			unclosed(p, open, t);
		else
			unclosed_too(p, open);
		p->eof_reported = true;
		return true;
	}
	if (p->depth < 2 || t->kind != TOK_WORD || !opens_pack_block(p, t))
		return false;
	if (p->unclosed_at != p->pos)
		unclosed(p, open, t);
	else
		unclosed_too(p, open);
	p->unclosed_at = p->pos;
	return true;
}

static void body(struct parser *p, struct token *open, stmt_fn *fn, void *ctx)
{
	for (;;) {
		skip_newlines(p);
		struct token *t = peek(p);
		if (t->kind == TOK_RBRACE) {
			advance(p);
			return;
		}
		if (body_ends_early(p, open, t))
			return;
		if (diag_full(p->sink)) {
			p->pos = p->n - 1;
			return;
		}
		if (t->kind != TOK_WORD) {
			if (t->kind != TOK_ERROR) {
				diag_error(p->sink, tok_loc(p, t), "E201",
					   "expected a keyword, found %s", tok_kind_name(t->kind));
				diag_hint(p->sink, "a statement starts with a keyword, and its values follow on the same line");
			}
			advance(p);
			if (t->kind != TOK_LBRACE)
				skip_stmt(p);
			else
				skip_block(p);
			continue;
		}
		struct stmt st;
		read_stmt(p, &st);
		fn(p, &st, ctx);
	}
}

static void parse_body(struct parser *p, struct token *open, stmt_fn *fn, void *ctx)
{
	p->depth++;
	body(p, open, fn, ctx);
	p->depth--;
}

/* ---- values ---- */

/* Records a property; 0 if accepted. multi: any number of values >= 1. */
static int set_prop(struct parser *p, struct stmt *st, struct pval *slot, bool multi)
{
	no_block(p, st);
	if (slot->kw) {
		diag_error(p->sink, tok_loc(p, st->kw), "E207", "'%s' given twice", st->kw->val);
		diag_hint(p->sink, "keep one of them");
		diag_note(p->sink, tok_loc(p, slot->kw), "first given here");
		return -1;
	}
	if (st->nvals == 0) {
		diag_error(p->sink, tok_loc(p, st->kw), "E203", "missing value for '%s'", st->kw->val);
		diag_hint(p->sink, "write the value after '%s' on the same line", st->kw->val);
		return -1;
	}
	if (!multi && st->nvals > 1) {
		diag_error(p->sink, tok_loc(p, st->vals[1]), "E204", "too many values for '%s'",
			   st->kw->val);
		diag_hint(p->sink, "put text with spaces in quotes: \"...\"");
		return -1;
	}
	if (st->bad)
		return -1;
	*slot = (struct pval){ st->kw, st->vals, st->nvals };
	return 0;
}

static void add_attr(struct parser *p, xmlNodePtr n, const char *name, struct token *t)
{
	xmlAttrPtr a = xmlNewProp(n, BAD_CAST name, BAD_CAST t->val);
	model_set_loc(p->m, (xmlNodePtr)a, tok_loc(p, t));
}

static xmlNodePtr new_node(struct parser *p, const char *name, struct token *at)
{
	xmlNodePtr n = xmlNewDocNode(p->m->doc, NULL, BAD_CAST name, NULL);
	model_set_loc(p->m, n, tok_loc(p, at));
	return n;
}

static xmlNodePtr text_node(struct parser *p, xmlNodePtr parent, const char *name,
			    struct token *t, const char *text)
{
	return model_add(p->m, parent, name, text, tok_loc(p, t));
}

/* ---- events and suppression ---- */

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* One item of an event list: N or N-M. */
static void event_item(struct parser *p, xmlNodePtr ev, struct token *t, const char *s,
		       size_t n)
{
	struct loc at = tok_loc(p, t);
	if (t->kind == TOK_WORD) {
		at.off += (size_t)(s - t->val);
		at.len = n;
	}
	const char *dash = memchr(s, '-', n);
	char *item = xstrndup(s, n);
	if (all_digits(s, n) && n <= 10) {
		model_add(p->m, ev, "id", item, at);
	} else if (dash && all_digits(s, (size_t)(dash - s)) && dash - s <= 10 &&
		   all_digits(dash + 1, n - (size_t)(dash - s) - 1) &&
		   n - (size_t)(dash - s) - 1 <= 10) {
		xmlNodePtr r = model_add(p->m, ev, "range", NULL, at);
		char *from = xstrndup(s, (size_t)(dash - s));
		xmlNewProp(r, BAD_CAST "from", BAD_CAST from);
		/* From the copy: s goes on past n in a table cell ("1, 2-3, 4"). */
		xmlNewProp(r, BAD_CAST "to", BAD_CAST(item + (dash - s) + 1));
		free(from);
	} else {
		diag_error(p->sink, at, "E316", "invalid event ID '%s'", item);
		diag_hint(p->sink, "use a number (9317), a list (9317, 9318) or a range (9300-9310)");
	}
	free(item);
}

/* Splits each value at commas and blanks (a table cell may hold "1, 2"). */
static void split_values(struct parser *p, struct pval *v, xmlNodePtr parent,
			 void (*fn)(struct parser *, xmlNodePtr, struct token *, const char *, size_t))
{
	for (size_t i = 0; i < v->n; i++) {
		const char *s = v->vals[i]->val;
		while (*s) {
			while (*s == ',' || *s == ' ' || *s == '\t' || *s == '\n')
				s++;
			const char *e = s;
			while (*e && *e != ',' && *e != ' ' && *e != '\t' && *e != '\n')
				e++;
			if (e > s)
				fn(p, parent, v->vals[i], s, (size_t)(e - s));
			s = e;
		}
	}
}

/* A suppression field (id, source, ...), paramN (the value
 * $Data/Params/Param[N]$), 'none', 'absent' (no Suppression element: the
 * absent attribute) or an event data expression ($...$, a value). */
static void suppress_item(struct parser *p, xmlNodePtr sup, struct token *t, const char *s,
			  size_t n)
{
	if (n == 4 && memcmp(s, "none", 4) == 0)
		return;
	struct loc at = tok_loc(p, t);
	if (t->kind == TOK_WORD) {
		at.off += (size_t)(s - t->val);
		at.len = n;
	}
	char *f = xstrndup(s, n);
	char buf[64];
	const char *param = !strncmp(f, "param", 5) ? check_placeholder(f, n, buf) : NULL;
	if (!strcmp(f, "absent")) {
		xmlNodePtr a = (xmlNodePtr)xmlSetProp(sup, BAD_CAST "absent", BAD_CAST "true");
		model_set_loc(p->m, a, at);
	} else if (param) { /* paramN: the event's Nth parameter */
		model_add(p->m, sup, "value", param, at);
	} else {
		model_add(p->m, sup, f[0] == '$' ? "value" : "field", f, at);
	}
	free(f);
}

/* suppress VALUE { , VALUE }: a string that is empty or starts with '$' is
 * one SuppressionValue as written; other values are split into fields (a
 * table cell holds "id, source"). */
static void suppress_values(struct parser *p, struct pval *v, xmlNodePtr sup)
{
	for (size_t i = 0; i < v->n; i++) {
		struct token *t = v->vals[i];
		if (t->kind != TOK_WORD && (t->val[0] == '\0' || t->val[0] == '$')) {
			model_add(p->m, sup, "value", t->val, tok_loc(p, t));
			continue;
		}
		struct pval one = { v->kw, &v->vals[i], 1 };
		split_values(p, &one, sup, suppress_item);
	}
}

/* ---- alert properties ---- */

/* The slot of a property: its index in model_alert_props, else past them
 * in model_monitor_props (so both kinds share one propset layout). */
static int prop_index(const char *word)
{
	for (size_t i = 0; i < model_alert_nprops; i++)
		if (strcmp(model_alert_props[i], word) == 0)
			return (int)i;
	for (size_t i = 0; i < model_monitor_nprops; i++)
		if (strcmp(model_monitor_props[i], word) == 0)
			return (int)(model_alert_nprops + i);
	return -1;
}

/* source ("contains" | "matches") TEXT: a substring or a regular expression. */
static void source_match(struct parser *p, xmlNodePtr alert, struct pval *v)
{
	struct token *op = v->vals[0];
	if (v->n > 2 || op->kind != TOK_WORD ||
	    (strcmp(op->val, "contains") != 0 && strcmp(op->val, "matches") != 0)) {
		diag_error(p->sink, tok_loc(p, v->vals[v->n > 2 ? 2 : 1]), "E204",
			   "too many values for 'source'");
		diag_hint(p->sink, "write source NAME, source contains TEXT or source matches REGEX "
				   "(a name with spaces in quotes)");
		return;
	}
	xmlNodePtr n = text_node(p, alert, "source", op, v->vals[1]->val);
	add_attr(p, n, "match", op);
}

static void build_prop(struct parser *p, xmlNodePtr alert, const char *name, struct pval *v)
{
	struct token *t0 = v->vals[0];
	if (strcmp(name, "event") == 0) {
		xmlNodePtr ev = text_node(p, alert, "event", t0, NULL);
		split_values(p, v, ev, event_item);
	} else if (strcmp(name, "suppress") == 0) {
		xmlNodePtr sup = text_node(p, alert, "suppress", t0, NULL);
		suppress_values(p, v, sup);
	} else if (strcmp(name, "source") == 0 && v->n > 1) {
		source_match(p, alert, v);
	} else if (strcmp(name, "intro") == 0) {
		xmlNodePtr in = text_node(p, alert, "intro", t0, NULL);
		md_to_blocks(p->m, p->sink, t0, in);
	} else if (v->n > 1) { /* type Critical Error: located at all its words */
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < v->n; i++)
			strbuf_addf(&sb, "%s%s", i ? " " : "", v->vals[i]->val);
		struct loc at = tok_loc(p, t0);
		struct token *last = v->vals[v->n - 1];
		at.len = last->off + last->len - t0->off;
		model_add(p->m, alert, name, sb.buf, at);
		strbuf_release(&sb);
	} else {
		text_node(p, alert, name, t0, t0->val);
	}
}

static void build_block(struct parser *p, xmlNodePtr parent, struct pblock *b)
{
	if (!b->node)
		return;
	xmlAddChild(parent, b->own ? b->node : model_copy(p->m, b->node));
	if (b->own)
		b->node = NULL;
}

/* Fills parent (alert or defaults) with the properties of ps, in the
 * model order given by props[0..n). */
static void build_props(struct parser *p, xmlNodePtr parent, struct propset *ps,
			const char *const *props, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		int i = prop_index(props[k]);
		if (i >= 0 && i < NPROPS && ps->v[i].kw)
			build_prop(p, parent, props[k], &ps->v[i]);
		else
			for (size_t b = 0; b < NBLK; b++)
				if (strcmp(props[k], blk_names[b]) == 0)
					build_block(p, parent, &ps->blk[b]);
	}
}

/* section TITLE TEXT */
static void knowledge_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	xmlNodePtr k = ctx;
	if (strcmp(st->kw->val, "section") != 0) {
		static const char *const words[] = { "section" };
		unknown_keyword(p, st, "knowledge", words, 1);
		return;
	}
	no_block(p, st);
	if (st->nvals < 2) {
		diag_error(p->sink, tok_loc(p, st->kw), "E203", "a section needs a title and a text");
		diag_hint(p->sink, "section \"Summary\" \"\"\" ...text... \"\"\"");
		return;
	}
	if (st->nvals > 2) {
		diag_error(p->sink, tok_loc(p, st->vals[2]), "E204", "too many values for 'section'");
		diag_hint(p->sink, "a section is: section \"Title\" \"\"\" text \"\"\"");
		return;
	}
	if (st->bad)
		return;
	xmlNodePtr s = text_node(p, k, "section", st->kw, NULL);
	add_attr(p, s, "title", st->vals[0]);
	md_to_blocks(p->m, p->sink, st->vals[1], s);
}

/* ---- filters ---- */

static void set_block(struct parser *p, struct stmt *st, struct pblock *b, xmlNodePtr node);

/* Properties that take several values: lists, "Critical Error", and a
 * source matched by substring or pattern ("source contains MSExchange"). */
static bool multi_valued(const char *kw)
{
	return !strcmp(kw, "event") || !strcmp(kw, "suppress") || !strcmp(kw, "type") ||
	       !strcmp(kw, "source") || !strcmp(kw, "order") || !strcmp(kw, "types");
}

static const char *const filter_words[] = { "param", "description", "source", "user",
					    "level", "any", "all", "not" };
static const char *const filter_ops[] = { "is", "is-not", "contains", "matches" };

enum { FILTER_MAX_DEPTH = 8 }; /* any/all/not nesting (E206) */

struct filterctx {
	xmlNodePtr node;
	int depth;
	bool *bad; /* set when a condition was dropped (so "empty" is no echo) */
};

static void filter_stmt(struct parser *p, struct stmt *st, void *ctx);

/* any | all | not "{" { condition } "}" */
static void filter_group(struct parser *p, struct stmt *st, struct filterctx *fc)
{
	const char *kw = st->kw->val;
	if (!st->lbrace) {
		diag_error(p->sink, tok_loc(p, st->kw), "E201", "expected '{' after '%s'", kw);
		diag_hint(p->sink, "%s { description contains \"...\"; param 1 is \"...\" }", kw);
		return;
	}
	if (st->nvals) {
		diag_error(p->sink, tok_loc(p, st->vals[0]), "E204", "'%s' takes no value", kw);
		diag_hint(p->sink, "write '%s {' and the conditions inside the braces", kw);
	}
	if (fc->depth >= FILTER_MAX_DEPTH) {
		diag_error(p->sink, tok_loc(p, st->kw), "E206",
			   "filter groups nested deeper than %d levels", FILTER_MAX_DEPTH);
		skip_block(p);
		return;
	}
	xmlNodePtr g = new_node(p, kw, st->kw);
	struct filterctx inner = { g, fc->depth + 1, fc->bad };
	parse_body(p, st->lbrace, filter_stmt, &inner);
	if (!model_child(g, NULL)) {
		if (!*fc->bad) {
			diag_error(p->sink, tok_loc(p, st->kw), "E215", "empty '%s' group", kw);
			diag_hint(p->sink, "a group holds one or more conditions");
		}
		xmlFreeNode(g);
		return;
	}
	xmlAddChild(fc->node, g);
}

/* ("description" | "source" | "user") OP VALUE, "param" N OP VALUE */
static void filter_compare(struct parser *p, struct stmt *st, struct filterctx *fc)
{
	const char *kw = st->kw->val;
	bool param = strcmp(kw, "param") == 0;
	size_t need = param ? 3 : 2;
	if (st->nvals != need) {
		if (st->nvals > need)
			diag_error(p->sink, tok_loc(p, st->vals[need]), "E204", "too many values for '%s'", kw);
		else
			diag_error(p->sink, tok_loc(p, st->kw), "E203", "missing value for '%s'", kw);
		diag_hint(p->sink, "%s%s is|is-not|contains|matches \"text\"", kw, param ? " N" : "");
		return;
	}
	size_t n = 0;
	if (param) {
		const char *v = st->vals[0]->val;
		n = strtoul(v, NULL, 10);
		if (!all_digits(v, strlen(v)) || v[0] == '0' || strlen(v) > 2) {
			diag_error(p->sink, tok_loc(p, st->vals[0]), "E213", "invalid event parameter '%s'", v);
			diag_hint(p->sink, "parameters are numbered 1 to 99: param 1 is \"...\"");
			return;
		}
	}
	struct token *op = st->vals[param ? 1 : 0], *val = st->vals[param ? 2 : 1];
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(filter_ops); i++)
		known |= op->kind == TOK_WORD && strcmp(op->val, filter_ops[i]) == 0;
	if (!known) {
		diag_error(p->sink, tok_loc(p, op), "E214", "unknown operator '%s'", op->val);
		const char *s = suggest(op->val, filter_ops, ARRAY_SIZE(filter_ops));
		if (s)
			diag_hint(p->sink, "did you mean '%s'?", s);
		else
			diag_hint(p->sink, "use is, is-not, contains or matches");
		return;
	}
	if (st->bad)
		return;
	xmlNodePtr c = text_node(p, fc->node, kw, st->kw, val->val);
	add_attr(p, c, "op", op);
	if (param) {
		char num[24];
		snprintf(num, sizeof(num), "%zu", n);
		xmlAttrPtr a = xmlNewProp(c, BAD_CAST "n", BAD_CAST num);
		model_set_loc(p->m, (xmlNodePtr)a, tok_loc(p, st->vals[0]));
	}
}

/* condition = compare | "level" LEVEL | group */
static void filter_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	struct filterctx *fc = ctx;
	const char *kw = st->kw->val;
	if (!strcmp(kw, "any") || !strcmp(kw, "all") || !strcmp(kw, "not")) {
		filter_group(p, st, fc);
		return;
	}
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(filter_words); i++)
		known |= strcmp(kw, filter_words[i]) == 0;
	if (!known) {
		unknown_keyword(p, st, "a filter", filter_words, ARRAY_SIZE(filter_words));
		return;
	}
	no_block(p, st);
	if (st->bad) {
		*fc->bad = true;
		return; /* a value is a lexical error, reported already */
	}
	if (strcmp(kw, "level") != 0) {
		filter_compare(p, st, fc);
		return;
	}
	if (st->nvals != 1) {
		if (st->nvals)
			diag_error(p->sink, tok_loc(p, st->vals[1]), "E204", "too many values for 'level'");
		else
			diag_error(p->sink, tok_loc(p, st->kw), "E203", "missing value for 'level'");
		diag_hint(p->sink, "level error (or warning, information, success, audit-success, audit-failure)");
		return;
	}
	if (!st->bad)
		text_node(p, fc->node, "level", st->vals[0], st->vals[0]->val);
}

/* filter = "filter" "{" { condition } "}"   (the conditions all hold) */
static void parse_filter(struct parser *p, struct stmt *st, struct propset *ps)
{
	if (!st->lbrace) {
		diag_error(p->sink, tok_loc(p, st->kw), "E201", "expected '{' after 'filter'");
		diag_hint(p->sink, "filter { param 1 is \"First Storage Group\" }");
		return;
	}
	if (st->nvals) {
		diag_error(p->sink, tok_loc(p, st->vals[0]), "E204", "'filter' takes no value");
		diag_hint(p->sink, "write 'filter {' and the conditions inside the braces");
	}
	xmlNodePtr f = new_node(p, "filter", st->kw);
	bool bad = false;
	struct filterctx fc = { f, 0, &bad };
	parse_body(p, st->lbrace, filter_stmt, &fc);
	if (!model_child(f, NULL)) {
		if (bad) {
			xmlFreeNode(f);
			return;
		}
		diag_error(p->sink, tok_loc(p, st->kw), "E215", "empty 'filter'");
		diag_hint(p->sink, "a filter holds one or more conditions, or leave it out");
		xmlFreeNode(f);
		return;
	}
	set_block(p, st, &ps->blk[BLK_FILTER], f);
}

/* Keeps node as the block b, unless b is given already. */
static void set_block(struct parser *p, struct stmt *st, struct pblock *b, xmlNodePtr node)
{
	if (b->node) {
		diag_error(p->sink, tok_loc(p, st->kw), "E207", "'%s' given twice", st->kw->val);
		diag_note(p->sink, tok_loc(p, b->kw), "first given here");
		xmlFreeNode(node);
		return;
	}
	b->node = node;
	b->kw = st->kw;
}

static void parse_knowledge(struct parser *p, struct stmt *st, struct propset *ps)
{
	if (!st->lbrace) {
		diag_error(p->sink, tok_loc(p, st->kw), "E201", "expected '{' after 'knowledge'");
		diag_hint(p->sink, "write knowledge { section \"Summary\" \"text\" }");
		return;
	}
	if (st->nvals) {
		diag_error(p->sink, tok_loc(p, st->vals[0]), "E204", "'knowledge' takes no value");
		diag_hint(p->sink, "write 'knowledge {' and the sections inside the braces");
	}
	xmlNodePtr k = new_node(p, "knowledge", st->kw);
	parse_body(p, st->lbrace, knowledge_stmt, k);
	set_block(p, st, &ps->blk[BLK_KNOWLEDGE], k);
}

/* legend = "parameters" "{" { "%N" STRING } "}" */
static void legend_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	xmlNodePtr legend = ctx;
	const char *kw = st->kw->val;
	size_t len, n = check_percent_param(kw, &len);
	no_block(p, st);
	if (!n || kw[len]) {
		diag_error(p->sink, tok_loc(p, st->kw), "E213", "invalid event parameter '%s'", kw);
		diag_hint(p->sink, "name a parameter as the event message does, %%1 to %%99: %%1 \"The database name\"");
		return;
	}
	if (st->nvals != 1) {
		if (st->nvals)
			diag_error(p->sink, tok_loc(p, st->vals[1]), "E204", "too many values for '%s'", kw);
		else
			diag_error(p->sink, tok_loc(p, st->kw), "E203", "missing value for '%s'", kw);
		diag_hint(p->sink, "say what the parameter holds: %s \"The database name\"", kw);
		return;
	}
	for (xmlNodePtr q = model_child(legend, "param"); q; q = model_next(q, "param"))
		if (strtoul(model_attr(q, "n"), NULL, 10) == n) {
			diag_error(p->sink, tok_loc(p, st->kw), "E207", "'%s' given twice", kw);
			diag_note(p->sink, model_loc(p->m, q), "first given here");
			return;
		}
	if (st->bad)
		return;
	xmlNodePtr q = text_node(p, legend, "param", st->kw, st->vals[0]->val);
	char num[24];
	snprintf(num, sizeof(num), "%zu", n);
	xmlAttrPtr a = xmlNewProp(q, BAD_CAST "n", BAD_CAST num);
	model_set_loc(p->m, (xmlNodePtr)a, tok_loc(p, st->kw));
}

static void parse_legend(struct parser *p, struct stmt *st, struct propset *ps)
{
	if (!st->lbrace) {
		diag_error(p->sink, tok_loc(p, st->kw), "E201", "expected '{' after 'parameters'");
		diag_hint(p->sink, "parameters { %%1 \"The database name\"; %%2 \"The folder ID\" }");
		return;
	}
	if (st->nvals) {
		diag_error(p->sink, tok_loc(p, st->vals[0]), "E204", "'parameters' takes no value");
		diag_hint(p->sink, "write 'parameters {' and lines %%N \"what it holds\" inside the braces");
	}
	xmlNodePtr legend = new_node(p, "parameters", st->kw);
	parse_body(p, st->lbrace, legend_stmt, legend);
	set_block(p, st, &ps->blk[BLK_LEGEND], legend);
}

static void alert_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	struct propset *ps = ctx;
	const char *kw = st->kw->val;
	int i = prop_index(kw);
	if (strcmp(kw, "knowledge") == 0)
		parse_knowledge(p, st, ps);
	else if (strcmp(kw, "parameters") == 0)
		parse_legend(p, st, ps);
	else if (strcmp(kw, "filter") == 0)
		parse_filter(p, st, ps);
	else if (strcmp(kw, "enabled") == 0)
		set_prop(p, st, &ps->enabled, false);
	else if (i >= 0)
		set_prop(p, st, &ps->v[i], multi_valued(kw));
	else
		unknown_keyword(p, st, "an alert", alert_words, ARRAY_SIZE(alert_words));
}

static void defaults_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	struct propset *ps = ctx;
	const char *kw = st->kw->val;
	bool known = false;
	for (size_t i = 0; i < ARRAY_SIZE(default_words); i++)
		known |= strcmp(default_words[i], kw) == 0;
	if (!known) {
		diag_error(p->sink, tok_loc(p, st->kw), "E202", "unknown default '%s'", kw);
		const char *s = suggest(kw, default_words, ARRAY_SIZE(default_words));
		if (s)
			diag_hint(p->sink, "did you mean '%s'?", s);
		else
			diag_hint(p->sink, "defaults may set: product, product-version, source, log, path, class, type, priority, intro");
		if (st->lbrace)
			skip_block(p);
		return;
	}
	set_prop(p, st, &ps->v[prop_index(kw)], multi_valued(kw));
}

/* ---- pack ---- */

struct packctx {
	xmlNodePtr pack;
	struct pval props[7]; /* version name description target language modified manifest-name */
	xmlNodePtr refs, refs_last;
	xmlNodePtr defaults;
	struct token *defaults_kw;
	xmlNodePtr alerts; /* holder for alerts in order */
};

static bool one_name(struct parser *p, struct stmt *st, const char *what)
{
	if (st->nvals == 1 && !st->bad && st->lbrace)
		return true;
	if (st->bad) {
	} else if (st->nvals == 0)
		diag_error(p->sink, tok_loc(p, st->kw), "E203", "missing name after '%s'", what);
	else if (st->nvals > 1)
		diag_error(p->sink, tok_loc(p, st->vals[1]), "E204", "too many values after '%s'",
			   what);
	else
		diag_error(p->sink, tok_loc(p, st->kw), "E201", "expected '{' after the %s name",
			   what);
	if (st->lbrace)
		skip_block(p);
	return false;
}

/* Builds the alert or monitor (kind) named name from ps into the pack. */
static void add_item(struct parser *p, struct packctx *pc, const char *kind, struct token *name,
		     struct token *at, struct propset *ps)
{
	if (++p->nalerts > PARSE_MAX_ALERTS) {
		if (!p->too_many)
			diag_error(p->sink, tok_loc(p, at), "E210",
				   "more than %d alerts in one pack", PARSE_MAX_ALERTS);
		p->too_many = true;
		return;
	}
	bool mon = strcmp(kind, "monitor") == 0;
	xmlNodePtr a = new_node(p, kind, at);
	add_attr(p, a, "name", name);
	if (ps->enabled.kw)
		add_attr(p, a, "enabled", ps->enabled.vals[0]);
	build_props(p, a, ps, mon ? model_monitor_props : model_alert_props,
		    mon ? model_monitor_nprops : model_alert_nprops);
	xmlAddChild(pc->alerts, a);
}

/* Frees the blocks ps owns that were not moved into an alert. */
static void free_blocks(struct propset *ps)
{
	for (size_t i = 0; i < NBLK; i++) {
		if (ps->blk[i].own && ps->blk[i].node)
			xmlFreeNode(ps->blk[i].node);
		ps->blk[i].node = NULL;
	}
}

/* alert = "alert" NAME "{" ... "}", and monitor = "monitor" NAME "{" ... "}"
 * (the statements of each kind by fn). */
static void parse_item(struct parser *p, struct stmt *st, struct packctx *pc, stmt_fn *fn)
{
	const char *kind = st->kw->val;
	if (!one_name(p, st, kind))
		return;
	struct propset ps;
	memset(&ps, 0, sizeof(ps));
	parse_body(p, st->lbrace, fn, &ps);
	own_blocks(&ps, true);
	add_item(p, pc, kind, st->vals[0], st->kw, &ps);
	free_blocks(&ps);
}
/* ---- monitors ---- */

static const char *const monitor_words[] = { "event", "source", "log", "filter", "class",
					     "state", "parent", "repeat", "reset", "product",
					     "product-version", "path", "title", "alert",
					     "modified", "intro", "enabled", "parameters",
					     "knowledge" };
static const char *const monitor_alert_words[] = { "priority", "severity", "auto-resolve",
						   "title", "description" };

/* DURATION = N [ "s" | "m" | "h" | "d" ]: seconds, or -1 (E217). */
static long duration(struct parser *p, struct token *t)
{
	const char *s = t->val;
	long n = 0;
	size_t i = 0;
	for (; s[i] >= '0' && s[i] <= '9' && n <= 100000000; i++)
		n = n * 10 + (s[i] - '0');
	long unit = 0;
	if (i && !s[i])
		unit = 1;
	else if (i && s[i + 1] == '\0')
		unit = s[i] == 's' ? 1 : s[i] == 'm' ? 60
				 : s[i] == 'h'       ? 3600
				 : s[i] == 'd'       ? 86400
						     : 0;
	if (unit && n > 0 && n <= 100000000 && n * unit <= 31536000)
		return n * unit;
	diag_error(p->sink, tok_loc(p, t), "E217", "invalid duration '%s'", s);
	diag_hint(p->sink, "seconds, or a number with s, m, h or d: 900, 15m, 2h (at most 365 days)");
	return -1;
}

static void set_seconds(struct parser *p, xmlNodePtr n, const char *name, long secs,
			struct token *at)
{
	char num[24];
	snprintf(num, sizeof(num), "%ld", secs);
	xmlAttrPtr a = xmlNewProp(n, BAD_CAST name, BAD_CAST num);
	model_set_loc(p->m, (xmlNodePtr)a, tok_loc(p, at));
}

/* The statements of a reset event's own block: source, log, filter. */
static void reset_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	struct propset *ps = ctx;
	const char *kw = st->kw->val;
	static const char *const words[] = { "source", "log", "filter" };
	if (strcmp(kw, "filter") == 0)
		parse_filter(p, st, ps);
	else if (strcmp(kw, "source") == 0 || strcmp(kw, "log") == 0)
		set_prop(p, st, &ps->v[prop_index(kw)], multi_valued(kw));
	else
		unknown_keyword(p, st, "a reset event", words, ARRAY_SIZE(words));
}

/* reset = "reset" ( "event" EVENTS [ "{" { source | log | filter } "}" ]
 *                 | "timer" DURATION | "manual" )                        */
static xmlNodePtr reset_node(struct parser *p, struct token *kw, struct token **vals, size_t n,
			     struct token *lbrace)
{
	const char *k = n ? vals[0]->val : "";
	bool ev = !strcmp(k, "event"), timer = !strcmp(k, "timer"), manual = !strcmp(k, "manual");
	bool ok = (ev && n >= 2) || (timer && n == 2) || (manual && n == 1);
	if (ok && lbrace && !ev) {
		diag_error(p->sink, tok_loc(p, lbrace), "E216", "'reset %s' does not take a block", k);
		diag_hint(p->sink, "only a reset event has its own source, log and filter: reset event 1234 { ... }");
		skip_block(p);
		return NULL;
	}
	if (!ok) {
		diag_error(p->sink, tok_loc(p, n ? vals[0] : kw), "E216", "invalid reset '%s%s'",
			   n ? k : "", n > 1 ? " ..." : "");
		diag_hint(p->sink, "reset event 1234, reset timer 1h or reset manual");
		if (lbrace)
			skip_block(p);
		return NULL;
	}
	xmlNodePtr r = new_node(p, "reset", kw);
	add_attr(p, r, "kind", vals[0]);
	if (timer) {
		long secs = duration(p, vals[1]);
		if (secs < 0) {
			xmlFreeNode(r);
			return NULL;
		}
		set_seconds(p, r, "seconds", secs, vals[1]);
	}
	if (!ev)
		return r;
	struct propset own;
	memset(&own, 0, sizeof(own));
	own.v[0] = (struct pval){ vals[0], vals + 1, n - 1 }; /* slot 0 is "event" */
	if (lbrace)
		parse_body(p, lbrace, reset_stmt, &own);
	static const char *const order[] = { "event", "source", "log", "filter" };
	own_blocks(&own, true);
	build_props(p, r, &own, order, ARRAY_SIZE(order));
	free_blocks(&own);
	return r;
}

/* repeat = "repeat" COUNT "within" DURATION */
static xmlNodePtr repeat_node(struct parser *p, struct token *kw, struct token **vals, size_t n)
{
	if (n != 3 || strcmp(vals[1]->val, "within") != 0 || !all_digits(vals[0]->val, vals[0]->val_len) ||
	    vals[0]->val_len > 4 || strtol(vals[0]->val, NULL, 10) < 2) {
		diag_error(p->sink, tok_loc(p, n ? vals[0] : kw), "E218", "invalid repeat");
		diag_hint(p->sink, "repeat COUNT within DURATION, COUNT 2..9999: repeat 3 within 15m");
		return NULL;
	}
	long secs = duration(p, vals[2]);
	if (secs < 0)
		return NULL;
	xmlNodePtr r = new_node(p, "repeat", kw);
	add_attr(p, r, "count", vals[0]);
	set_seconds(p, r, "within", secs, vals[2]);
	return r;
}

/* A table cell holding several words ("timer 1h") as tokens of its own,
 * each located at the cell. */
static struct token **cell_words(struct parser *p, struct token *cell, size_t *n)
{
	size_t cap = 8;
	struct token **v = arena_alloc(p->m->arena, cap * sizeof(*v));
	*n = 0;
	for (const char *s = cell->val; *s && *n < cap;) {
		while (*s == ' ' || *s == '\t')
			s++;
		const char *e = s;
		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (e == s)
			break;
		struct token *t = arena_alloc(p->m->arena, sizeof(*t));
		*t = *cell;
		char *val = arena_alloc(p->m->arena, (size_t)(e - s) + 1);
		memcpy(val, s, (size_t)(e - s));
		val[e - s] = '\0';
		t->val = val;
		t->val_len = (size_t)(e - s);
		v[(*n)++] = t;
		s = e;
	}
	return v;
}

/* Keeps the reset or repeat built from st (or a table cell) in ps. */
static void set_node_block(struct parser *p, struct token *kw, struct pblock *b, xmlNodePtr node)
{
	if (!node)
		return;
	if (b->node) { /* the block being read gave it already */
		diag_error(p->sink, tok_loc(p, kw), "E207", "'%s' given twice", kw->val);
		diag_note(p->sink, tok_loc(p, b->kw), "first given here");
		xmlFreeNode(node);
		return;
	}
	*b = (struct pblock){ node, kw, true };
}

/* alert { priority | severity | auto-resolve | title | description } */
static void monitor_alert_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	struct pval *v = ctx;
	for (size_t i = 0; i < ARRAY_SIZE(monitor_alert_words); i++)
		if (strcmp(st->kw->val, monitor_alert_words[i]) == 0) {
			set_prop(p, st, &v[i], false);
			return;
		}
	unknown_keyword(p, st, "a monitor's alert", monitor_alert_words,
			ARRAY_SIZE(monitor_alert_words));
	if (strcmp(st->kw->val, "type") == 0)
		diag_hint(p->sink, "the alert's severity follows the monitor's state; "
				   "to give another, write severity Warning");
}

static void parse_monitor_alert(struct parser *p, struct stmt *st, struct propset *ps)
{
	if (!st->lbrace) {
		diag_error(p->sink, tok_loc(p, st->kw), "E201", "expected '{' after 'alert'");
		diag_hint(p->sink, "alert { priority high; title \"...\" } (an empty block raises the default alert)");
		return;
	}
	if (st->nvals) {
		diag_error(p->sink, tok_loc(p, st->vals[0]), "E204", "'alert' takes no value");
		diag_hint(p->sink, "a monitor's alert block has no name: alert { priority high }");
	}
	struct pval v[ARRAY_SIZE(monitor_alert_words)];
	memset(v, 0, sizeof(v));
	parse_body(p, st->lbrace, monitor_alert_stmt, v);
	xmlNodePtr a = new_node(p, "alert-settings", st->kw);
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		if (v[i].kw)
			text_node(p, a, monitor_alert_words[i], v[i].vals[0], v[i].vals[0]->val);
	set_block(p, st, &ps->blk[BLK_ALERT], a);
}

/* Words that belong to alerts, with the monitor's way to say them. */
static bool monitor_misplaced(struct parser *p, struct stmt *st)
{
	static const char *const tab[][2] = {
		{ "type", "a monitor sets a health state: state Warning or state Error" },
		{ "priority", "the alert's priority goes in the monitor's alert block: alert { priority high }" },
		{ "description", "the alert text goes in the monitor's alert block: alert { description \"...\" }" },
		{ "suppress", "a monitor raises one alert per state change; there is nothing to suppress" },
		{ "rule", "a monitor's display name is its title" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (strcmp(st->kw->val, tab[i][0]) == 0) {
			diag_error(p->sink, tok_loc(p, st->kw), "E202", "unknown keyword '%s' in a monitor",
				   st->kw->val);
			diag_hint(p->sink, "%s", tab[i][1]);
			if (st->lbrace)
				skip_block(p);
			return true;
		}
	return false;
}

static void monitor_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	struct propset *ps = ctx;
	const char *kw = st->kw->val;
	if (!strcmp(kw, "knowledge"))
		parse_knowledge(p, st, ps);
	else if (!strcmp(kw, "parameters"))
		parse_legend(p, st, ps);
	else if (!strcmp(kw, "filter"))
		parse_filter(p, st, ps);
	else if (!strcmp(kw, "alert"))
		parse_monitor_alert(p, st, ps);
	else if ((!strcmp(kw, "reset") || !strcmp(kw, "repeat")) && st->bad) {
		if (st->lbrace) /* a value is a lexical error, reported already */
			skip_block(p);
	} else if (!strcmp(kw, "reset"))
		set_node_block(p, st->kw, &ps->blk[BLK_RESET],
			       reset_node(p, st->kw, st->vals, st->nvals, st->lbrace));
	else if (!strcmp(kw, "repeat")) {
		no_block(p, st);
		set_node_block(p, st->kw, &ps->blk[BLK_REPEAT], repeat_node(p, st->kw, st->vals, st->nvals));
	} else if (!strcmp(kw, "enabled"))
		set_prop(p, st, &ps->enabled, false);
	else if (monitor_misplaced(p, st))
		return;
	else {
		for (size_t i = 0; i < ARRAY_SIZE(monitor_words); i++)
			if (strcmp(kw, monitor_words[i]) == 0) {
				set_prop(p, st, &ps->v[prop_index(kw)], multi_valued(kw));
				return;
			}
		unknown_keyword(p, st, "a monitor", monitor_words, ARRAY_SIZE(monitor_words));
	}
}

static void reference_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	struct pval *v = ctx;
	static const char *const words[] = { "version", "key", "alias" };
	for (size_t i = 0; i < 3; i++)
		if (strcmp(st->kw->val, words[i]) == 0) {
			set_prop(p, st, &v[i], false);
			return;
		}
	unknown_keyword(p, st, "a reference", words, 3);
}

static void parse_reference(struct parser *p, struct stmt *st, struct packctx *pc)
{
	if (!one_name(p, st, "reference"))
		return;
	struct pval v[3];
	memset(v, 0, sizeof(v));
	parse_body(p, st->lbrace, reference_stmt, v);
	static const char *const words[] = { "version", "key", "alias" };
	xmlNodePtr r = new_node(p, "reference", st->kw);
	add_attr(p, r, "id", st->vals[0]);
	bool ok = true;
	for (size_t i = 0; i < 3; i++) {
		if (v[i].kw) {
			add_attr(p, r, words[i], v[i].vals[0]);
			continue;
		}
		diag_error(p->sink, tok_loc(p, st->kw), "E315", "reference '%s' has no '%s'",
			   st->vals[0]->val, words[i]);
		ok = false;
	}
	if (!ok) {
		xmlFreeNode(r);
		return;
	}
	if (!pc->refs)
		pc->refs = xmlNewDocNode(p->m->doc, NULL, BAD_CAST "refs", NULL);
	xmlAddChild(pc->refs, r);
}

static void parse_defaults(struct parser *p, struct stmt *st, struct packctx *pc)
{
	if (!st->lbrace) {
		diag_error(p->sink, tok_loc(p, st->kw), "E201", "expected '{' after 'defaults'");
		diag_hint(p->sink, "write defaults { source ...; log ... } with the properties every alert shares");
		return;
	}
	struct propset ps;
	memset(&ps, 0, sizeof(ps));
	parse_body(p, st->lbrace, defaults_stmt, &ps);
	if (pc->defaults) {
		diag_error(p->sink, tok_loc(p, st->kw), "E207", "'defaults' given twice");
		diag_hint(p->sink, "put every default in one defaults block");
		diag_note(p->sink, tok_loc(p, pc->defaults_kw), "first given here");
		return;
	}
	pc->defaults = new_node(p, "defaults", st->kw);
	pc->defaults_kw = st->kw;
	build_props(p, pc->defaults, &ps, default_words, ARRAY_SIZE(default_words));
}

/* ---- tables ---- */

struct tablectx {
	struct packctx *pc;
	bool monitors; /* table monitor { ... }: each row is a monitor */
	struct propset tpl;
	struct token *template_kw;
	struct stmt columns;
	int name_col;
	bool early_row; /* a row came before 'columns' (reported once) */
};

/* A column is a one-value property of the table's kind (blocks are not);
 * a monitor's reset and repeat are cells of several words. */
static bool column_ok(struct tablectx *tc, const char *c)
{
	static const char *const blocks[] = { "knowledge", "parameters", "filter", "alert" };
	if (strcmp(c, "enabled") == 0)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(blocks); i++)
		if (strcmp(c, blocks[i]) == 0)
			return false;
	const char *const *words = tc->monitors ? monitor_words : alert_words;
	size_t n = tc->monitors ? ARRAY_SIZE(monitor_words) : ARRAY_SIZE(alert_words);
	for (size_t i = 0; i < n; i++)
		if (strcmp(c, words[i]) == 0)
			return true;
	return false;
}

/* E207 for column i when an earlier column has its name (a cell each for
 * one property would leave one of them unused). */
static bool column_twice(struct parser *p, struct stmt *st, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (st->vals[k]->kind == TOK_WORD && strcmp(st->vals[k]->val, st->vals[i]->val) == 0) {
			diag_error(p->sink, tok_loc(p, st->vals[i]), "E207", "column '%s' given twice",
				   st->vals[i]->val);
			diag_note(p->sink, tok_loc(p, st->vals[k]), "first given here");
			return true;
		}
	return false;
}

static void table_columns(struct parser *p, struct stmt *st, struct tablectx *tc)
{
	no_block(p, st);
	if (tc->columns.kw) {
		diag_error(p->sink, tok_loc(p, st->kw), "E207", "'columns' given twice");
		diag_hint(p->sink, "a table has one columns line; put every column in it");
		diag_note(p->sink, tok_loc(p, tc->columns.kw), "first given here");
		return;
	}
	tc->name_col = -1;
	for (size_t i = 0; i < st->nvals; i++) {
		const char *c = st->vals[i]->val;
		if (st->vals[i]->kind == TOK_ERROR)
			continue; /* reported by the lexer; st->bad is set */
		if (column_twice(p, st, i)) {
			st->bad = true;
			continue;
		}
		if (strcmp(c, "name") == 0) {
			tc->name_col = (int)i;
			continue;
		}
		if (column_ok(tc, c))
			continue;
		diag_error(p->sink, tok_loc(p, st->vals[i]), "E202", "unknown column '%s'", c);
		const char *s = tc->monitors ? suggest(c, monitor_words, ARRAY_SIZE(monitor_words))
					     : suggest(c, alert_words, ARRAY_SIZE(alert_words));
		if (strcmp(c, "knowledge") == 0 || strcmp(c, "parameters") == 0 ||
		    strcmp(c, "filter") == 0)
			diag_hint(p->sink, "a row takes its own %s in a block after its values: "
					   "row NAME ... { %s }",
				  c, strcmp(c, "knowledge") == 0 ? "knowledge { section \"Summary\" \"...\" }" : strcmp(c, "filter") == 0 ? "filter { param 1 is \"...\" }"
																	  : "parameters { %1 \"...\" }");
		else if (s)
			diag_hint(p->sink, "did you mean '%s'?", s);
		st->bad = true;
	}
	if (tc->name_col < 0 && !st->bad) {
		diag_error(p->sink, tok_loc(p, st->kw), "E315", "a table needs a 'name' column");
		diag_hint(p->sink, "each row is an alert and needs its name: columns name event title");
		st->bad = true;
	}
	tc->columns = *st;
}

/* Merges a row's own block (row ... { alert-prop | knowledge }) over the
 * template and the row's cells; a property in both a cell and the block
 * is given twice. */
static void row_block(struct parser *p, struct stmt *st, struct tablectx *tc,
		      struct propset *ps, struct propset *own)
{
	parse_body(p, st->lbrace, tc->monitors ? monitor_stmt : alert_stmt, own);
	for (size_t i = 0; i < NPROPS; i++) {
		if (!own->v[i].kw)
			continue;
		for (size_t k = 0; k < tc->columns.nvals; k++)
			if (tc->columns.vals[k]->kind == TOK_WORD && k != (size_t)tc->name_col &&
			    prop_index(tc->columns.vals[k]->val) == (int)i) {
				diag_error(p->sink, tok_loc(p, own->v[i].kw), "E207",
					   "'%s' given twice", own->v[i].kw->val);
				diag_note(p->sink, tok_loc(p, st->vals[k]), "first given in the row's cell");
			}
		ps->v[i] = own->v[i];
	}
	if (own->enabled.kw)
		ps->enabled = own->enabled;
	for (size_t b = 0; b < NBLK; b++) {
		if (!own->blk[b].node)
			continue;
		if (ps->blk[b].own && ps->blk[b].node) { /* a reset or repeat cell */
			diag_error(p->sink, tok_loc(p, own->blk[b].kw), "E207", "'%s' given twice",
				   own->blk[b].kw->val);
			diag_note(p->sink, tok_loc(p, ps->blk[b].kw), "first given in the row's cell");
			xmlFreeNode(ps->blk[b].node);
		}
		ps->blk[b] = (struct pblock){ own->blk[b].node, own->blk[b].kw, true };
	}
}

/* A reset or repeat cell ("timer 1h", "3 within 15m"), read as the
 * statement would be; an empty cell gives none. */
static void cell_block(struct parser *p, struct token *col, struct token *cell, struct propset *ps)
{
	size_t n;
	struct token **w = cell_words(p, cell, &n);
	if (n == 0)
		return; /* an empty cell: this row has none */
	bool reset = strcmp(col->val, "reset") == 0;
	xmlNodePtr node = reset ? reset_node(p, cell, w, n, NULL) : repeat_node(p, cell, w, n);
	if (node)
		ps->blk[reset ? BLK_RESET : BLK_REPEAT] = (struct pblock){ node, cell, true };
}

/* row = "row" value { value } [ "{" { alert-prop | knowledge } "}" ] */
static void table_row(struct parser *p, struct stmt *st, struct tablectx *tc)
{
	if (!tc->columns.kw) {
		if (!tc->early_row) {
			diag_error(p->sink, tok_loc(p, st->kw), "E201", "'row' before 'columns'");
			diag_hint(p->sink, "name the columns first: columns name event title");
		}
		tc->early_row = true;
		if (st->lbrace)
			skip_block(p);
		return;
	}
	if (tc->columns.bad || st->bad || st->nvals != tc->columns.nvals) {
		if (!tc->columns.bad && !st->bad) {
			diag_error(p->sink, tok_loc(p, st->kw), "E208",
				   "row has %zu values but the table has %zu columns", st->nvals,
				   tc->columns.nvals);
			diag_hint(p->sink, "give one value per column; quote values with spaces: \"...\"");
		}
		if (st->lbrace)
			skip_block(p);
		return;
	}
	struct propset ps = tc->tpl;
	own_blocks(&ps, false);
	for (size_t i = 0; i < st->nvals; i++) {
		const char *c = tc->columns.vals[i]->val;
		struct pval v = { tc->columns.vals[i], &st->vals[i], 1 };
		if (strcmp(c, "enabled") == 0)
			ps.enabled = v;
		else if (!strcmp(c, "reset") || !strcmp(c, "repeat"))
			cell_block(p, tc->columns.vals[i], st->vals[i], &ps);
		else if ((int)i != tc->name_col)
			ps.v[prop_index(c)] = v;
	}
	struct propset own;
	memset(&own, 0, sizeof(own));
	if (st->lbrace)
		row_block(p, st, tc, &ps, &own);
	add_item(p, tc->pc, tc->monitors ? "monitor" : "alert", st->vals[tc->name_col], st->kw, &ps);
	free_blocks(&ps);
}

static void table_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	struct tablectx *tc = ctx;
	const char *kw = st->kw->val;
	if (strcmp(kw, "template") == 0) {
		if (!st->lbrace) {
			diag_error(p->sink, tok_loc(p, st->kw), "E201", "expected '{' after 'template'");
			diag_hint(p->sink, "write template { ... } with the properties every row shares");
			return;
		}
		if (tc->template_kw) {
			diag_error(p->sink, tok_loc(p, st->kw), "E207", "'template' given twice");
			diag_hint(p->sink, "a table has one template; merge them");
			diag_note(p->sink, tok_loc(p, tc->template_kw), "first given here");
			skip_block(p);
			return;
		}
		if (tc->columns.kw) {
			diag_error(p->sink, tok_loc(p, st->kw), "E201", "'template' must come before 'columns'");
			diag_hint(p->sink, "move 'template { ... }' above 'columns'");
		}
		tc->template_kw = st->kw;
		parse_body(p, st->lbrace, tc->monitors ? monitor_stmt : alert_stmt, &tc->tpl);
	} else if (strcmp(kw, "columns") == 0) {
		table_columns(p, st, tc);
	} else if (strcmp(kw, "row") == 0) {
		table_row(p, st, tc);
	} else {
		static const char *const words[] = { "template", "columns", "row" };
		unknown_keyword(p, st, "a table", words, 3);
	}
}

/* table = "table" [ "monitor" ] "{" ... "}" */
static void parse_table(struct parser *p, struct stmt *st, struct packctx *pc)
{
	if (!st->lbrace) {
		diag_error(p->sink, tok_loc(p, st->kw), "E201", "expected '{' after 'table'");
		diag_hint(p->sink, "write table { columns name event title; row ... }");
		return;
	}
	if (st->nvals > 1 || (st->nvals == 1 && strcmp(st->vals[0]->val, "monitor") != 0)) {
		diag_error(p->sink, tok_loc(p, st->vals[0]), "E204", "a table takes no value but 'monitor'");
		diag_hint(p->sink, "table { ... } holds alerts, table monitor { ... } monitors");
		skip_block(p);
		return;
	}
	struct tablectx tc;
	memset(&tc, 0, sizeof(tc));
	tc.monitors = st->nvals == 1;
	tc.pc = pc;
	tc.name_col = -1;
	parse_body(p, st->lbrace, table_stmt, &tc);
	own_blocks(&tc.tpl, true);
	free_blocks(&tc.tpl);
}

static void pack_stmt(struct parser *p, struct stmt *st, void *ctx)
{
	struct packctx *pc = ctx;
	const char *kw = st->kw->val;
	for (size_t i = 0; i < 7; i++)
		if (strcmp(kw, pack_words[i]) == 0) {
			set_prop(p, st, &pc->props[i], false);
			return;
		}
	if (strcmp(kw, "reference") == 0)
		parse_reference(p, st, pc);
	else if (strcmp(kw, "defaults") == 0)
		parse_defaults(p, st, pc);
	else if (strcmp(kw, "alert") == 0)
		parse_item(p, st, pc, alert_stmt);
	else if (strcmp(kw, "monitor") == 0)
		parse_item(p, st, pc, monitor_stmt);
	else if (strcmp(kw, "table") == 0)
		parse_table(p, st, pc);
	else
		unknown_keyword(p, st, "the pack", pack_words, ARRAY_SIZE(pack_words));
}

static void move_children(xmlNodePtr from, xmlNodePtr to)
{
	if (!from)
		return;
	for (xmlNodePtr c = from->children, next; c; c = next) {
		next = c->next;
		xmlUnlinkNode(c);
		xmlAddChild(to, c);
	}
	xmlFreeNode(from);
}

/* Puts the pack's parts in model order: attributes, name, description,
 * modified, manifest-name, references, defaults, alerts. */
static void build_pack(struct parser *p, struct packctx *pc)
{
	static const char *const attrs[] = { "version", NULL, NULL, "target", "language", NULL, NULL };
	static const char *const elems[] = { NULL, "name", "description", NULL, NULL, "modified", "manifest-name" };
	for (size_t i = 0; i < 7; i++)
		if (attrs[i] && pc->props[i].kw)
			add_attr(p, pc->pack, attrs[i], pc->props[i].vals[0]);
	for (size_t i = 0; i < 7; i++)
		if (elems[i] && pc->props[i].kw)
			text_node(p, pc->pack, elems[i], pc->props[i].vals[0], pc->props[i].vals[0]->val);
	move_children(pc->refs, pc->pack);
	if (pc->defaults)
		xmlAddChild(pc->pack, pc->defaults);
	move_children(pc->alerts, pc->pack);
}

/* file = { NEWLINE } "pack" ID "{" body "}" { NEWLINE } EOF */
static void parse_file(struct parser *p)
{
	skip_newlines(p);
	struct token *t = peek(p);
	if (t->kind == TOK_EOF) {
		diag_file_error(p->sink, p->m->src, "E111", "empty input: no 'pack' block");
		diag_hint(p->sink, "start with: pack Company.Product.Alerts { ... }");
		return;
	}
	if (t->kind != TOK_WORD || strcmp(t->val, "pack") != 0) {
		if (t->kind != TOK_ERROR)
			diag_error(p->sink, tok_loc(p, t), "E201", "expected 'pack', found %s",
				   t->kind == TOK_WORD ? "a word" : tok_kind_name(t->kind));
		if (t->kind == TOK_WORD)
			diag_hint(p->sink, "a file holds one block: pack Company.Product.Alerts { ... }");
		return;
	}
	struct stmt st;
	read_stmt(p, &st);
	if (!one_name(p, &st, "pack"))
		return;
	struct packctx pc;
	memset(&pc, 0, sizeof(pc));
	pc.pack = new_node(p, "pack", st.kw);
	xmlDocSetRootElement(p->m->doc, pc.pack);
	add_attr(p, pc.pack, "id", st.vals[0]);
	pc.alerts = xmlNewDocNode(p->m->doc, NULL, BAD_CAST "alerts", NULL);
	parse_body(p, st.lbrace, pack_stmt, &pc);
	build_pack(p, &pc);
	skip_newlines(p);
	t = peek(p);
	if (t->kind != TOK_EOF && !diag_full(p->sink)) {
		diag_error(p->sink, tok_loc(p, t), "E201", "unexpected %s after the pack block",
			   tok_kind_name(t->kind));
		diag_hint(p->sink, "a file holds one pack: remove what follows its closing '}', or move it to another file");
	}
}

int parse_tokens(struct model *m, struct token *toks, size_t ntok, struct diag_sink *sink)
{
	struct parser p = { .m = m, .sink = sink, .t = toks, .n = ntok };
	unsigned before = sink->errors;
	bool lex_errors = false; /* reported by the lexer, before we started */
	for (size_t i = 0; i < ntok; i++)
		lex_errors |= toks[i].kind == TOK_ERROR;
	m->doc = xmlNewDoc(BAD_CAST "1.0");
	m->doc->dict = xmlDictCreate(); /* one copy of each element name */
	if (!m->doc->dict)
		BUG("xmlDictCreate failed");
	parse_file(&p);
	if (!lex_errors && sink->errors == before && xmlDocGetRootElement(m->doc))
		return 0;
	model_release(m);
	return -1;
}

const char *const *parse_words(const char *block, size_t *n)
{
	static const char *const reference_words[] = { "version", "key", "alias" };
	static const char *const knowledge_words[] = { "section" };
	static const char *const table_words[] = { "template", "columns", "row" };
	static const struct word_list lists[] = {
		{ "pack", pack_words, ARRAY_SIZE(pack_words) },
		{ "reference", reference_words, ARRAY_SIZE(reference_words) },
		{ "defaults", default_words, ARRAY_SIZE(default_words) },
		{ "alert", alert_words, ARRAY_SIZE(alert_words) },
		{ "knowledge", knowledge_words, ARRAY_SIZE(knowledge_words) },
		{ "table", table_words, ARRAY_SIZE(table_words) },
		{ "filter", filter_words, ARRAY_SIZE(filter_words) },
		{ "filter-op", filter_ops, ARRAY_SIZE(filter_ops) },
		{ "monitor", monitor_words, ARRAY_SIZE(monitor_words) },
		{ "monitor-alert", monitor_alert_words, ARRAY_SIZE(monitor_alert_words) },
	};
	return word_list_find(lists, ARRAY_SIZE(lists), block, n);
}
