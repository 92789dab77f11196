/*
 * lex.h - the .alert tokenizer.
 *
 * lex_source() turns a whole source into an array of tokens ending with
 * TOK_EOF. Each token records its byte span in the source; words, strings
 * and text blocks also carry their value (unescaped, text blocks dedented
 * with CR removed), allocated in the arena. Lexical errors go to the sink;
 * the array is still complete (a bad token becomes TOK_ERROR) so the parser
 * can report syntax errors too.
 */
#ifndef SCOMC_LEX_H
#define SCOMC_LEX_H

#include "base.h"

struct arena;
struct diag_sink;
struct source;

enum tok_kind {
	TOK_EOF,
	TOK_NEWLINE, /* also ';' */
	TOK_WORD,
	TOK_STRING,
	TOK_TEXT, /* """ text block """ */
	TOK_LBRACE,
	TOK_RBRACE,
	TOK_COMMA,
	TOK_ERROR
};

struct token {
	enum tok_kind kind;
	/* TOK_TEXT: the source line (1-based) of the first text line and the
	 * number of indentation bytes removed from every line, so that a
	 * position (line, byte column) in val maps back to the source. */
	unsigned text_line;
	/* Offsets and lengths are 32-bit: an input is at most
	 * SOURCE_INPUT_LIMIT (128 MiB) bytes, and a large pack has millions of
	 * tokens, so the struct is 32 bytes instead of 56. */
	uint32_t off, len; /* span in the source */
	const char *val;   /* WORD/STRING/TEXT value, NUL-terminated (arena) */
	uint32_t val_len;
	uint32_t text_indent;
};

/* Limits; each has its own diagnostic. */
enum {
	LEX_MAX_LINE = 64 * 1024,  /* bytes per line (E108) */
	LEX_MAX_TOKEN = 4096,      /* bytes per word or string (E109) */
	LEX_MAX_TEXT = 1024 * 1024 /* bytes per text block (E110) */
};

/* Tokens of src (array in the arena, *ntok set). Never NULL. */
struct token *lex_source(struct source *src, struct arena *a,
			 struct diag_sink *sink, size_t *ntok);

/* Checks that src is valid UTF-8 without NUL bytes and without overlong
 * lines; reports the first problem. Returns 0 if clean, -1 otherwise. */
int lex_check_text(struct source *src, struct diag_sink *sink);

const char *tok_kind_name(enum tok_kind k);

#endif
