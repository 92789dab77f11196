/*
 * fmt.h - the canonical layout of .alert text (`scomc fmt`, LSP formatting).
 *
 * fmt_source() lexes and parses src; if that reports no error it writes the
 * same pack in the canonical layout to out: two spaces per block level, one
 * statement per line, values of consecutive properties aligned, table
 * columns aligned, text blocks re-indented under their statement, at most
 * one blank line, every comment kept (own-line comments re-indented,
 * trailing comments after one space). The layout works on the lexer's
 * tokens, so it formats whatever the parser accepts and never changes a
 * value: the model, and so the compiled pack, is the same before and after.
 * fmt_source(fmt_source(x)) == fmt_source(x). A file holding the line
 * "# scomc fmt: off" is left exactly as it is.
 */
#ifndef SCOMC_FMT_H
#define SCOMC_FMT_H

#include "base.h"

struct diag_sink;
struct source;
struct strbuf;

/* Appends the formatted text of src to out and returns 0, or returns -1
 * after reporting the lexical and syntax errors that stop formatting (out
 * is then unchanged). src must outlive the sink. Needs xmlenv_init(). */
int fmt_source(struct source *src, struct strbuf *out, struct diag_sink *sink);
/* fmt_source() without the parse that gates it: for text whose result the
 * caller compiles itself (decompile compiles what it writes). Text that
 * lexes but does not parse is laid out by its tokens all the same. */
int fmt_tokens(struct source *src, struct strbuf *out, struct diag_sink *sink);
/* True if src holds the line "# scomc fmt: off": then fmt leaves it as it
 * is. */
bool fmt_is_off(const struct source *src);

#endif
