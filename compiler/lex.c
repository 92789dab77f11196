/*
 * lex.c - .alert tokenizer (chibicc tokenize.c, Lua llex.c).
 *
 * Input: a struct source already checked by lex_check_text(). Output: an
 * arena array of tokens. Words run until a blank, quote, brace, ';' or ','.
 * '#' starts a comment only at the start of a token. Text blocks open with
 * three quotes at the end of a line and close with three quotes on a line of
 * their own; their common indentation is removed.
 */
#include "lex.h"

#include "arena.h"
#include "diag.h"
#include "source.h"
#include "strbuf.h"

_Static_assert(SOURCE_INPUT_LIMIT < UINT32_MAX, "struct token holds 32-bit offsets");

struct lexer {
	struct source *src;
	struct arena *arena;
	struct diag_sink *sink;
	const char *p, *end;
	struct token *v;
	size_t n, cap;
};

const char *tok_kind_name(enum tok_kind k)
{
	static const char *names[] = { "end of file", "end of line", "word",
				       "string", "text block", "'{'", "'}'",
				       "','", "invalid token" };
	return names[k];
}

static struct loc loc_at(struct lexer *lx, const char *p, size_t len)
{
	return (struct loc){ lx->src, (size_t)(p - lx->src->data), len };
}

static struct token *push(struct lexer *lx, enum tok_kind k, const char *start,
			  const char *end)
{
	if (lx->n == lx->cap) {
		lx->cap = lx->cap ? lx->cap * 2 : 256;
		lx->v = xrealloc(lx->v, lx->cap * sizeof(*lx->v));
	}
	struct token *t = &lx->v[lx->n++];
	memset(t, 0, sizeof(*t));
	t->kind = k;
	t->off = (size_t)(start - lx->src->data);
	t->len = (size_t)(end - start);
	return t;
}

/* ---- up-front text checks ---- */

/* Length of the valid UTF-8 sequence at p, or 0 if invalid. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n;
	uint32_t cp, min;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF: no XML 1.0
 * document can hold them, so they would break every output. */
static bool not_xml_char(const unsigned char *p, size_t n)
{
	if (n == 1)
		return *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r';
	return n == 3 && p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF);
}

static unsigned char_code(const unsigned char *p, size_t n)
{
	return n == 1 ? *p : 0xFFC0u | (p[2] & 0x3Fu); /* only U+FFFE, U+FFFF */
}

/* The end of the run of printable ASCII (0x20-0x7F) starting at q: eight
 * bytes at a time while a word holds no byte with the high bit set and
 * none below 0x20 (the usual "has less than" bit trick, exact for bytes
 * under 0x80), then byte by byte. Most text is such runs. */
static const unsigned char *ascii_run(const unsigned char *q, const unsigned char *end)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	while (end - q >= 8) {
		uint64_t x;
		memcpy(&x, q, sizeof(x));
		if ((x & highs) | ((x - ones * 0x20) & ~x & highs))
			break;
		q += 8;
	}
	while (q < end && *q >= 0x20 && *q < 0x80)
		q++;
	return q;
}

int lex_check_text(struct source *src, struct diag_sink *sink)
{
	const unsigned char *p = (const unsigned char *)src->data + src->bom;
	const unsigned char *end = (const unsigned char *)src->data + src->len;
	const unsigned char *line = p;
	while (p < end) {
		/* a run of printable ASCII (most text): only its length counts */
		const unsigned char *q = ascii_run(p, end);
		if (q > p && (size_t)(q - line) > LEX_MAX_LINE)
			return diag_error(sink, (struct loc){ src, (size_t)(line - (const unsigned char *)src->data), 1 },
					  "E108", "line longer than %d bytes", LEX_MAX_LINE);
		p = q;
		if (p == end)
			break;
		struct loc here = { src, (size_t)(p - (const unsigned char *)src->data), 1 };
		if (*p == '\0') {
			diag_error(sink, here, "E103", "NUL byte in input");
			diag_hint(sink, "a text file holds no NUL bytes: save it as UTF-8 text");
			return -1;
		}
		size_t n = utf8_len(p, end);
		if (n == 0) {
			diag_error(sink, here, "E102", "invalid UTF-8 byte 0x%02X", *p);
			bool utf16 = src->len >= 2 && (((unsigned char)src->data[0] == 0xFF &&
							(unsigned char)src->data[1] == 0xFE) ||
						       ((unsigned char)src->data[0] == 0xFE &&
							(unsigned char)src->data[1] == 0xFF));
			diag_hint(sink, utf16 ? "the file is UTF-16; save it as UTF-8"
					      : "save the file as UTF-8");
			return -1;
		}
		if (not_xml_char(p, n)) {
			here.len = n;
			diag_error(sink, here, "E107", "unexpected character U+%04X", char_code(p, n));
			diag_hint(sink, "XML cannot hold it; only tab, LF and CR may appear among the control characters");
			return -1;
		}
		if (*p == '\n')
			line = p + 1;
		else if ((size_t)(p - line) >= LEX_MAX_LINE) {
			here.off = (size_t)(line - (const unsigned char *)src->data);
			return diag_error(sink, here, "E108",
					  "line longer than %d bytes", LEX_MAX_LINE);
		}
		p += n;
	}
	return 0;
}

/* ---- tokens ---- */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static bool ends_word(char c)
{
	return is_blank(c) || c == '\n' || c == '"' || c == '{' || c == '}' ||
	       c == ';' || c == ',';
}

static void set_val(struct lexer *lx, struct token *t, const char *s, size_t n)
{
	t->val = arena_strndup(lx->arena, s, n);
	t->val_len = n;
}

static void lex_word(struct lexer *lx)
{
	const char *start = lx->p;
	while (lx->p < lx->end && !ends_word(*lx->p))
		lx->p++;
	struct token *t = push(lx, TOK_WORD, start, lx->p);
	set_val(lx, t, start, (size_t)(lx->p - start));
	if (t->len > LEX_MAX_TOKEN) {
		diag_error(lx->sink, loc_at(lx, start, 1), "E109",
			   "word longer than %d bytes", LEX_MAX_TOKEN);
		t->kind = TOK_ERROR;
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* \u{XXXX}: p points after 'u'. Returns the code point or -1. */
static long read_unicode(const char **pp, const char *end)
{
	const char *p = *pp;
	if (p >= end || *p != '{')
		return -1;
	long cp = 0;
	int digits = 0;
	for (p++; p < end && *p != '}'; p++) {
		int h = hexval(*p);
		if (h < 0 || ++digits > 6)
			return -1;
		cp = cp * 16 + h;
	}
	if (p >= end || digits == 0 || cp > 0x10FFFF || cp == 0 ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*pp = p + 1;
	return cp;
}

/* One escape after a backslash at lx->p; appends to sb. 0 ok, -1 error. */
static int lex_escape(struct lexer *lx, struct strbuf *sb)
{
	const char *bs = lx->p++;
	char c = lx->p < lx->end ? *lx->p : '\0';
	lx->p++;
	switch (c) {
	case '"': strbuf_addc(sb, '"'); return 0;
	case '\\': strbuf_addc(sb, '\\'); return 0;
	case 'n': strbuf_addc(sb, '\n'); return 0;
	case 't': strbuf_addc(sb, '\t'); return 0;
	case 'u': {
		long cp = read_unicode(&lx->p, lx->end);
		if (cp >= 0 && ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
				cp == 0xFFFE || cp == 0xFFFF)) {
			/* would make the generated XML ill-formed (like E107) */
			diag_error(lx->sink, loc_at(lx, bs, (size_t)(lx->p - bs)), "E105",
				   "escape of U+%04lX, a character XML cannot hold", cp);
			diag_hint(lx->sink, "only tab, LF and CR may appear among the control characters");
			return -1;
		}
		if (cp >= 0) {
			strbuf_add_utf8(sb, (uint32_t)cp);
			return 0;
		}
		break;
	}
	default:
		break;
	}
	diag_error(lx->sink, loc_at(lx, bs, 2), "E105", "invalid escape sequence");
	diag_hint(lx->sink, "use \\\", \\\\, \\n, \\t or \\u{hex}");
	return -1;
}

static void lex_string(struct lexer *lx)
{
	const char *start = lx->p++;
	struct strbuf sb = STRBUF_INIT;
	bool bad = false;
	while (lx->p < lx->end && *lx->p != '"' && *lx->p != '\n') {
		if (*lx->p == '\\')
			bad |= lex_escape(lx, &sb) < 0;
		else
			strbuf_addc(&sb, *lx->p++);
	}
	if (lx->p >= lx->end || *lx->p != '"') {
		diag_error(lx->sink, loc_at(lx, start, 1), "E104", "unterminated string");
		diag_hint(lx->sink, "close it with '\"' on the same line, or use a \"\"\" text block");
		bad = true;
	} else {
		lx->p++;
	}
	struct token *t = push(lx, bad ? TOK_ERROR : TOK_STRING, start, lx->p);
	set_val(lx, t, strbuf_str(&sb), sb.len);
	if (!bad && sb.len > LEX_MAX_TOKEN) {
		diag_error(lx->sink, loc_at(lx, start, 1), "E109",
			   "string longer than %d bytes", LEX_MAX_TOKEN);
		t->kind = TOK_ERROR;
	}
	strbuf_release(&sb);
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
	return nl ? nl : end;
}

/* True if [p, e) starts with blanks and three quotes (what follows the
 * quotes on that line is lexed as usual, so `""" }` closes a block too). */
static bool is_closing_line(const char *p, const char *e)
{
	while (p < e && is_blank(*p))
		p++;
	return e - p >= 3 && memcmp(p, "\"\"\"", 3) == 0;
}

static size_t indent_of(const char *p, const char *e, bool *blank)
{
	const char *q = p;
	while (q < e && is_blank(*q))
		q++;
	*blank = q == e;
	return (size_t)(q - p);
}

/* Appends the lines [first, close) to sb, dedented by `indent` bytes. */
static void dedent(struct strbuf *sb, const char *first, const char *close,
		   const char *end, size_t indent)
{
	for (const char *p = first; p < close;) {
		const char *e = line_end(p, end);
		const char *te = e > p && e[-1] == '\r' ? e - 1 : e;
		bool blank;
		size_t ind = indent_of(p, te, &blank);
		if (!blank)
			strbuf_add(sb, p + MIN(ind, indent), (size_t)(te - p) - MIN(ind, indent));
		strbuf_addc(sb, '\n');
		p = e + 1;
	}
}

/* """one line""": the text between the quotes, taken as is. */
static void lex_inline_text(struct lexer *lx, const char *start, const char *close)
{
	const char *after = start + 3;
	struct token *t = push(lx, TOK_TEXT, start, close + 3);
	set_val(lx, t, after, (size_t)(close - after));
	unsigned line, col;
	source_linecol(lx->src, (size_t)(after - lx->src->data), &line, &col);
	const char *ls = after;
	while (ls > lx->src->data && ls[-1] != '\n')
		ls--;
	t->text_line = line;
	t->text_indent = (size_t)(after - ls);
	lx->p = close + 3;
}

/* The line that closes a block starting at first, or NULL; *indent is the
 * smallest indentation of the non-blank lines before it. */
static const char *find_close(struct lexer *lx, const char *first, size_t *indent)
{
	*indent = SIZE_MAX;
	for (const char *p = first; p < lx->end;) {
		const char *e = line_end(p, lx->end);
		if (is_closing_line(p, e))
			return p;
		bool blank;
		size_t ind = indent_of(p, e, &blank);
		if (!blank)
			*indent = MIN(*indent, ind);
		p = e + 1;
	}
	return NULL;
}

/* Reports text after an opening """ (the block is then bad). */
static bool text_after_open(struct lexer *lx, const char *after, const char *eol)
{
	for (const char *q = after; q < eol; q++)
		if (!is_blank(*q)) {
			diag_error(lx->sink, loc_at(lx, q, 1), "E201",
				   "text after '\"\"\"' on the same line");
			diag_hint(lx->sink, "start the text on the next line, or close the block on this line");
			return true;
		}
	return false;
}

static void lex_text_block(struct lexer *lx)
{
	const char *start = lx->p, *after = lx->p + 3;
	const char *eol = line_end(after, lx->end);
	for (const char *q = after; q + 3 <= eol; q++)
		if (memcmp(q, "\"\"\"", 3) == 0) {
			lex_inline_text(lx, start, q);
			return;
		}
	bool bad = text_after_open(lx, after, eol);
	const char *first = eol < lx->end ? eol + 1 : eol;
	size_t indent;
	const char *close = find_close(lx, first, &indent);
	if (!close) {
		diag_error(lx->sink, loc_at(lx, start, 3), "E106", "unterminated text block");
		diag_hint(lx->sink, "close it with '\"\"\"' at the start of a line");
		push(lx, TOK_ERROR, start, lx->end);
		lx->p = lx->end;
		return;
	}
	if (indent == SIZE_MAX)
		indent = 0;
	const char *q = close;
	while (*q != '"')
		q++;
	struct token *t = push(lx, TOK_TEXT, start, q + 3);
	struct strbuf sb = STRBUF_INIT;
	dedent(&sb, first, close, lx->end, indent);
	set_val(lx, t, strbuf_str(&sb), sb.len);
	strbuf_release(&sb);
	unsigned line, col;
	source_linecol(lx->src, (size_t)(first - lx->src->data), &line, &col);
	t->text_line = line;
	t->text_indent = indent;
	if (bad) {
		t->kind = TOK_ERROR;
	} else if (t->val_len > LEX_MAX_TEXT) {
		diag_error(lx->sink, loc_at(lx, start, 3), "E110",
			   "text block longer than %d bytes", LEX_MAX_TEXT);
		t->kind = TOK_ERROR;
	}
	lx->p = q + 3;
}

static void lex_one(struct lexer *lx)
{
	char c = *lx->p;
	if (c == '#') {
		lx->p = line_end(lx->p, lx->end);
	} else if (c == '\n' || c == ';') {
		push(lx, TOK_NEWLINE, lx->p, lx->p + 1);
		lx->p++;
	} else if (c == '{' || c == '}' || c == ',') {
		enum tok_kind k = c == '{' ? TOK_LBRACE : c == '}' ? TOK_RBRACE
								   : TOK_COMMA;
		push(lx, k, lx->p, lx->p + 1);
		lx->p++;
	} else if (c == '"') {
		if (lx->end - lx->p >= 3 && memcmp(lx->p, "\"\"\"", 3) == 0)
			lex_text_block(lx);
		else
			lex_string(lx);
	} else {
		lex_word(lx);
	}
}

struct token *lex_source(struct source *src, struct arena *a,
			 struct diag_sink *sink, size_t *ntok)
{
	struct lexer lx = { .src = src, .arena = a, .sink = sink };
	lx.p = src->data + src->bom;
	lx.end = src->data + src->len;
	while (lx.p < lx.end && !diag_full(sink)) {
		if (is_blank(*lx.p))
			lx.p++;
		else
			lex_one(&lx);
	}
	push(&lx, TOK_EOF, lx.end, lx.end);
	struct token *out = arena_alloc(a, lx.n * sizeof(*out));
	memcpy(out, lx.v, lx.n * sizeof(*out));
	free(lx.v);
	*ntok = lx.n;
	return out;
}
