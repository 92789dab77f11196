/*
 * fmt.c - the canonical .alert layout (see fmt.h).
 *
 * Input: the lexer's tokens of a source that parses. The comments, which
 * the lexer skips, are found in the gaps between tokens (only blanks and
 * comments live there). A first pass builds a tree of statements, own-line
 * comments and blocks, with each trailing comment attached to the line it
 * ends; a second pass prints it. Token text is copied from the source, so
 * words, strings and escapes are never rewritten; multi-line text blocks
 * are re-indented, which leaves their value unchanged because the lexer
 * removes the common indentation. Nodes are owned by their parent's body
 * and freed with it.
 */
#include "fmt.h"

#include "arena.h"
#include "diag.h"
#include "lex.h"
#include "model.h"
#include "parse.h"
#include "source.h"
#include "strbuf.h"

struct span {
	size_t off, len; /* len 0: none */
};

struct body {
	struct node **v;
	size_t n, cap;
};

struct node {
	bool is_comment;
	bool blank_before;   /* an empty line before it in the source */
	struct span comment; /* is_comment: its text */
	size_t kw, end;      /* statement: tokens [kw, end) are the keyword and values */
	bool has_block;
	size_t lbrace, rbrace; /* token indices; rbrace == 0 if missing */
	struct body body;
	struct span brace_note; /* comment after '{' on its line */
	struct span note;       /* comment ending the statement's (last) line */
};

struct fmt {
	struct source *src;
	struct token *t;
	size_t n, pos;
	struct span *c; /* comments in source order */
	size_t nc, ci;
	struct span *trail; /* where a comment on the current line goes, or NULL */
	size_t prev_end;    /* end of the last token or comment read */
	struct strbuf *out;
};

/* ---- comments ---- */

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Every comment, from the gaps between tokens (trailing blanks dropped). */
static void find_comments(struct fmt *f)
{
	size_t cap = 0, from = f->src->bom;
	const char *d = f->src->data;
	for (size_t k = 0; k < f->n; from = f->t[k].off + f->t[k].len, k++) {
		const char *hash = memchr(d + from, '#', f->t[k].off - MIN(from, f->t[k].off));
		if (!hash)
			continue;
		const char *e = hash;
		while (e < d + f->t[k].off && *e != '\n')
			e++;
		while (e > hash && blank(e[-1]))
			e--;
		if (f->nc == cap) {
			cap = cap ? 2 * cap : 16;
			f->c = xrealloc(f->c, cap * sizeof(*f->c));
		}
		f->c[f->nc++] = (struct span){ (size_t)(hash - d), (size_t)(e - hash) };
	}
}

/* True if [a, b) of the source holds an empty line. */
static bool blank_line_between(const struct fmt *f, size_t a, size_t b)
{
	bool seen_nl = false, empty = false;
	for (size_t i = a; i < b && i < f->src->len; i++) {
		char ch = f->src->data[i];
		if (ch == '\n') {
			if (seen_nl && empty)
				return true;
			seen_nl = empty = true;
		} else if (!blank(ch)) {
			empty = false;
		}
	}
	return false;
}

static struct node *push(struct fmt *f, struct body *b, size_t start)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 8;
		b->v = xrealloc(b->v, b->cap * sizeof(*b->v));
	}
	struct node *nd = xcalloc(1, sizeof(*nd));
	nd->blank_before = blank_line_between(f, f->prev_end, start);
	b->v[b->n++] = nd;
	return nd;
}

/* The comments before offset upto: on the current line they end it, on a
 * line of their own they are items of body b. */
static void take_comments(struct fmt *f, size_t upto, struct body *b)
{
	for (; f->ci < f->nc && f->c[f->ci].off < upto; f->ci++) {
		struct span c = f->c[f->ci];
		if (f->trail && !f->trail->len) {
			*f->trail = c;
		} else {
			struct node *nd = push(f, b, c.off);
			nd->is_comment = true;
			nd->comment = c;
		}
		f->trail = NULL;
		f->prev_end = c.off + c.len;
	}
}

/* ---- the tree ---- */

static void read_body(struct fmt *f, struct body *b);

/* Moves past the current token; a comment after it goes to trail. Line
 * ends do not move prev_end, so the empty lines before an item are seen. */
static void consume(struct fmt *f, struct span *trail)
{
	struct token *tk = &f->t[f->pos++];
	if (tk->kind != TOK_NEWLINE)
		f->prev_end = tk->off + tk->len;
	f->trail = trail;
}

/* stmt = WORD { value | ',' } [ '{' body '}' ] */
static void read_stmt(struct fmt *f, struct body *b)
{
	struct node *nd = push(f, b, f->t[f->pos].off);
	nd->kw = f->pos;
	consume(f, &nd->note);
	for (;;) {
		take_comments(f, f->t[f->pos].off, b);
		enum tok_kind k = f->t[f->pos].kind;
		if (k == TOK_NEWLINE || k == TOK_RBRACE || k == TOK_EOF) {
			nd->end = f->pos;
			return;
		}
		if (k != TOK_LBRACE) {
			consume(f, &nd->note);
			continue;
		}
		nd->end = nd->lbrace = f->pos;
		nd->has_block = true;
		consume(f, &nd->brace_note);
		read_body(f, &nd->body);
		if (f->t[f->pos].kind == TOK_RBRACE) {
			nd->rbrace = f->pos;
			consume(f, &nd->note);
		}
		return;
	}
}

/* Items up to the '}' that closes the body (not consumed) or the end. */
static void read_body(struct fmt *f, struct body *b)
{
	for (;;) {
		take_comments(f, f->t[f->pos].off, b);
		enum tok_kind k = f->t[f->pos].kind;
		if (k == TOK_RBRACE || k == TOK_EOF)
			return;
		if (k == TOK_NEWLINE)
			consume(f, NULL);
		else
			read_stmt(f, b);
	}
}

static void free_body(struct body *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free_body(&b->v[i]->body);
		free(b->v[i]);
	}
	free(b->v);
}

/* ---- printing ---- */

static const char *text_of(const struct fmt *f, size_t i) { return f->src->data + f->t[i].off; }

static bool multiline(const struct fmt *f, size_t i)
{
	return f->t[i].kind == TOK_TEXT && memchr(text_of(f, i), '\n', f->t[i].len);
}

static size_t width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

static void indent(struct fmt *f, unsigned depth)
{
	for (unsigned i = 0; i < depth; i++)
		strbuf_adds(f->out, "  ");
}

static void pad(struct fmt *f, size_t n)
{
	while (n--)
		strbuf_addc(f->out, ' ');
}

/* A text block over several lines: its value, indented one level deeper
 * than the statement, and the closing quotes under it. */
static void put_text_block(struct fmt *f, size_t i, unsigned depth)
{
	strbuf_adds(f->out, "\"\"\"\n");
	for (const char *p = f->t[i].val; *p;) {
		size_t n = strcspn(p, "\n");
		if (n) {
			indent(f, depth + 1);
			strbuf_add(f->out, p, n);
		}
		strbuf_addc(f->out, '\n');
		p += n + (p[n] == '\n');
	}
	indent(f, depth + 1);
	strbuf_adds(f->out, "\"\"\"");
}

/* Token i and the commas after it; returns the index after them. */
static size_t put_cell(struct fmt *f, size_t i, size_t end, unsigned depth)
{
	if (multiline(f, i))
		put_text_block(f, i, depth);
	else
		strbuf_add(f->out, text_of(f, i), f->t[i].len);
	for (i++; i < end && f->t[i].kind == TOK_COMMA; i++)
		strbuf_addc(f->out, ',');
	return i;
}

static size_t cell_width(const struct fmt *f, size_t i, size_t end, size_t *next)
{
	size_t w = width(text_of(f, i), f->t[i].len);
	for (i++; i < end && f->t[i].kind == TOK_COMMA; i++)
		w++;
	*next = i;
	return w;
}

static void put_note(struct fmt *f, struct span s)
{
	if (!s.len)
		return;
	strbuf_addc(f->out, ' ');
	strbuf_add(f->out, f->src->data + s.off, s.len);
}

/* Column widths of a table run (cols[0] is the keyword); NULL: no table. */
struct layout {
	size_t kw;    /* keyword column width, 0: none */
	size_t *cols; /* value columns (tables), or NULL */
	size_t ncols;
};

static void print_body(struct fmt *f, struct body *b, unsigned depth);
static void print_inline(struct fmt *f, struct node *nd);

/* Keyword and values of nd, padded as lay says. */
static void put_values(struct fmt *f, struct node *nd, const struct layout *lay, unsigned depth)
{
	size_t col = 0, last_w, i = nd->kw;
	last_w = cell_width(f, i, nd->end, &i); /* the keyword, and commas after it */
	put_cell(f, nd->kw, nd->end, depth);
	size_t want = lay ? lay->kw : 0;
	while (i < nd->end) {
		pad(f, want > last_w ? want - last_w : 0);
		strbuf_addc(f->out, ' ');
		size_t next;
		last_w = cell_width(f, i, nd->end, &next);
		want = lay && lay->cols && col < lay->ncols ? lay->cols[col] : 0;
		put_cell(f, i, nd->end, depth);
		i = next;
		col++;
	}
}

static void print_stmt(struct fmt *f, struct node *nd, const struct layout *lay, unsigned depth)
{
	indent(f, depth);
	put_values(f, nd, lay, depth);
	if (nd->has_block) {
		bool one_line = nd->rbrace &&
				!memchr(text_of(f, nd->lbrace), '\n', f->t[nd->rbrace].off - f->t[nd->lbrace].off);
		if (one_line) {
			strbuf_addc(f->out, ' ');
			print_inline(f, nd);
		} else {
			strbuf_adds(f->out, " {");
			put_note(f, nd->brace_note);
			strbuf_addc(f->out, '\n');
			print_body(f, &nd->body, depth + 1);
			indent(f, depth);
			strbuf_addc(f->out, '}');
		}
	}
	put_note(f, nd->note);
	strbuf_addc(f->out, '\n');
}

/* A block written on one line stays on one line: "{ a 1; b 2 }". */
static void print_inline(struct fmt *f, struct node *nd)
{
	strbuf_addc(f->out, '{');
	for (size_t i = 0; i < nd->body.n; i++) {
		struct node *c = nd->body.v[i];
		strbuf_adds(f->out, i ? "; " : " ");
		put_values(f, c, NULL, 0);
		if (c->has_block) {
			strbuf_addc(f->out, ' ');
			print_inline(f, c);
		}
	}
	strbuf_adds(f->out, " }");
}

static bool is_table_stmt(const struct fmt *f, const struct node *nd)
{
	if (nd->is_comment)
		return false;
	const char *kw = f->t[nd->kw].val;
	if (strcmp(kw, "columns") != 0 && strcmp(kw, "row") != 0)
		return false;
	for (size_t i = nd->kw; i < nd->end; i++)
		if (multiline(f, i))
			return false;
	return true;
}

/* A property on one line: values of a run of them are aligned. */
static bool is_plain_stmt(const struct fmt *f, const struct node *nd)
{
	if (nd->is_comment || nd->has_block || is_table_stmt(f, nd))
		return false;
	for (size_t i = nd->kw; i < nd->end; i++)
		if (multiline(f, i))
			return false;
	return true;
}

/* The run of items from b->v[i] that share one layout; returns its end. */
static size_t run_end(const struct fmt *f, const struct body *b, size_t i,
		      bool (*same)(const struct fmt *, const struct node *))
{
	size_t j = i + 1;
	while (j < b->n && same(f, b->v[j]) && !b->v[j]->blank_before)
		j++;
	return j;
}

static void table_layout(const struct fmt *f, const struct body *b, size_t i, size_t j,
			 struct layout *lay)
{
	for (size_t k = i; k < j; k++) {
		struct node *nd = b->v[k];
		lay->kw = MAX(lay->kw, width(text_of(f, nd->kw), f->t[nd->kw].len));
		size_t col = 0;
		for (size_t t = nd->kw + 1, next; t < nd->end; t = next, col++) {
			size_t w = cell_width(f, t, nd->end, &next);
			if (col >= lay->ncols) {
				lay->cols = xrealloc(lay->cols, (col + 1) * sizeof(*lay->cols));
				lay->cols[lay->ncols++] = 0;
			}
			lay->cols[col] = MAX(lay->cols[col], w);
		}
	}
}

static void print_run(struct fmt *f, struct body *b, size_t i, size_t j, bool table,
		      unsigned depth)
{
	struct layout lay = { 0, NULL, 0 };
	if (table)
		table_layout(f, b, i, j, &lay);
	else
		for (size_t k = i; k < j; k++)
			if (b->v[k]->end > b->v[k]->kw + 1)
				lay.kw = MAX(lay.kw, width(text_of(f, b->v[k]->kw), f->t[b->v[k]->kw].len));
	for (size_t k = i; k < j; k++) {
		if (k > i && b->v[k]->blank_before)
			strbuf_addc(f->out, '\n');
		print_stmt(f, b->v[k], &lay, depth);
	}
	free(lay.cols);
}

static void print_body(struct fmt *f, struct body *b, unsigned depth)
{
	for (size_t i = 0; i < b->n;) {
		struct node *nd = b->v[i];
		if (i > 0 && nd->blank_before)
			strbuf_addc(f->out, '\n');
		if (nd->is_comment) {
			indent(f, depth);
			strbuf_add(f->out, f->src->data + nd->comment.off, nd->comment.len);
			strbuf_addc(f->out, '\n');
			i++;
			continue;
		}
		bool table = is_table_stmt(f, nd);
		size_t j = table                  ? run_end(f, b, i, is_table_stmt)
			   : is_plain_stmt(f, nd) ? run_end(f, b, i, is_plain_stmt)
						  : i + 1;
		print_run(f, b, i, j, table, depth);
		i = j;
	}
}

/* ---- entry ---- */

/* Whether the tokens have the shape the layout walks (without parsing):
 * every statement starts with a word, braces balance and close before EOF. */
static bool stmt_shaped(const struct token *t, size_t n)
{
	size_t depth = 0;
	bool start = true;
	for (size_t i = 0; i < n; i++) {
		enum tok_kind k = t[i].kind;
		if (k == TOK_NEWLINE || k == TOK_EOF) {
			start = true;
			continue;
		}
		if (k == TOK_RBRACE) {
			if (depth-- == 0)
				return false;
			start = true;
			continue;
		}
		if (start && k != TOK_WORD)
			return false;
		start = false;
		if (k == TOK_LBRACE) {
			depth++;
			start = true;
		}
	}
	return depth == 0;
}

/* Lexes and parses src: 0 if the parser accepts it. Without parse (text
 * the caller parses next anyway), 0 if it lexes and has statement shape. */
static int accepts(struct source *src, struct arena *a, struct diag_sink *sink,
		   struct token **toks, size_t *ntok, bool parse)
{
	if (lex_check_text(src, sink))
		return -1;
	unsigned before = sink->errors;
	*toks = lex_source(src, a, sink, ntok);
	if (!parse)
		return sink->errors > before || !stmt_shaped(*toks, *ntok) ? -1 : 0;
	struct model m = { .src = src, .arena = a };
	int rc = parse_tokens(&m, *toks, *ntok, sink);
	model_release(&m);
	return rc || sink->errors > before ? -1 : 0;
}

/* A line "# scomc fmt: off" (a test input whose exact bytes are its
 * subject, say CRLF line ends) makes fmt leave the file as it is. */
bool fmt_is_off(const struct source *src)
{
	static const char mark[] = "# scomc fmt: off";
	for (const char *p = src->data; (p = strstr(p, mark)); p += sizeof(mark) - 1) {
		bool bol = p == src->data + src->bom || p[-1] == '\n';
		const char *e = p + sizeof(mark) - 1;
		while (blank(*e))
			e++;
		if (bol && (*e == '\n' || *e == '\0'))
			return true;
	}
	return false;
}

static int format(struct source *src, struct strbuf *out, struct diag_sink *sink, bool parse)
{
	if (fmt_is_off(src)) {
		strbuf_add(out, src->data, src->len);
		return 0;
	}
	struct arena a;
	arena_init(&a);
	struct fmt f = { .src = src, .out = out, .prev_end = src->bom };
	if (accepts(src, &a, sink, &f.t, &f.n, parse)) {
		arena_release(&a);
		return -1;
	}
	find_comments(&f);
	struct body top = { NULL, 0, 0 };
	read_body(&f, &top);
	take_comments(&f, SIZE_MAX, &top);
	if (src->bom)
		strbuf_add(out, src->data, src->bom);
	print_body(&f, &top, 0);
	free_body(&top);
	free(f.c);
	arena_release(&a);
	return 0;
}

int fmt_source(struct source *src, struct strbuf *out, struct diag_sink *sink)
{
	return format(src, out, sink, true);
}

int fmt_tokens(struct source *src, struct strbuf *out, struct diag_sink *sink)
{
	return format(src, out, sink, false);
}
