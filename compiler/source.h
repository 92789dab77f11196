/*
 * source.h - an input file in memory, its line table, and offset -> line:col.
 *
 * A struct source owns its path copy, its bytes and its line table. Tokens,
 * model locations and diagnostics refer to it by byte offset, so it must
 * outlive them all (the driver releases sources last). Lines and columns are
 * 1-based; columns count Unicode code points, so a tab is one column and the
 * UTF-8 BOM is not counted (jq locfile.c, Lua inclinenumber).
 */
#ifndef SCOMC_SOURCE_H
#define SCOMC_SOURCE_H

#include "base.h"

struct strbuf;

struct source {
	char *path;      /* as given on the command line ("-" is stdin) */
	char *data;      /* file bytes plus a terminating NUL */
	size_t len;      /* bytes, without the NUL */
	size_t bom;      /* 3 when data starts with a UTF-8 BOM, else 0 */
	uint32_t *lines; /* offset of each line start, built on first use (32 bits:
			  * a large pack has half a million lines) */
	size_t nlines;
};

/* Bytes per .alert or model XML input file (E101). */
enum { SOURCE_INPUT_LIMIT = 128 * 1024 * 1024 };

enum source_status { SOURCE_OK = 0,
		     SOURCE_IO = -1,
		     SOURCE_TOO_BIG = 1 };

/*
 * Reads path ("-" = stdin) into src. Returns SOURCE_OK, SOURCE_TOO_BIG when
 * the file holds more than max_bytes (src->len is then max_bytes + 1 and the
 * data is partial), or SOURCE_IO with the reason in err.
 */
enum source_status source_load(struct source *src, const char *path,
			       size_t max_bytes, struct strbuf *err);
/* Takes a copy of data[0..len) as the contents of a source named path. */
void source_init_mem(struct source *src, const char *path, const char *data,
		     size_t len);
void source_release(struct source *src);

/* 1-based line and code-point column of byte offset off (clamped to len). */
void source_linecol(struct source *src, size_t off, unsigned *line,
		    unsigned *col);
/* Start offset and length (without CR/LF) of 1-based line; 0 if no such line. */
int source_line(struct source *src, unsigned line, size_t *start, size_t *len);
/* Number of lines (a final line without LF counts). */
unsigned source_line_count(struct source *src);

#endif
