/*
 * diag.h - the diagnostic sink: every stage reports here and never prints.
 *
 * A diagnostic has a level, a stable ID (E1xx lexical, E2xx syntax, E3xx
 * semantic, E4xx schema, E5xx output/environment, W... warnings; listed with
 * one-line titles in diag_ids.def), a message in git style (lowercase, no
 * trailing period, subject in '...'), an optional hint and optional notes at
 * related places. Only the driver chooses how the sink is written out:
 * text (gcc style with source line and caret), JSON or SARIF 2.1.0.
 *
 * Ownership: the sink owns its diagnostics and their strings. A struct loc
 * borrows its struct source, which must outlive the sink.
 */
#ifndef SCOMC_DIAG_H
#define SCOMC_DIAG_H

#include "base.h"

struct source;

/* A place in a source: bytes [off, off+len). src == NULL means "no place". */
/* 16 bytes: every element of a model has one, and inputs are far below
 * 4 GiB (SOURCE_INPUT_LIMIT). */
struct loc {
	struct source *src;
	uint32_t off, len;
};

#define LOC_NONE ((struct loc){ NULL, 0, 0 })

enum diag_level { DIAG_ERROR,
		  DIAG_WARNING,
		  DIAG_NOTE };

struct diag_note {
	struct loc loc;
	char *msg;
};

struct diag {
	enum diag_level level;
	const char *id; /* static string, e.g. "E305" */
	char *msg;
	char *hint; /* NULL or "did you mean 'Warning'?" */
	struct loc loc;
	bool file_only; /* location is the file as a whole (no line) */
	char *artifact; /* NULL, or the file an environment error is about */
	bool env;       /* an environment error (diag_env_error(), diag_env_file_error()) */
	struct diag_note *notes;
	size_t nnotes;
};

struct diag_sink {
	struct diag *v;
	size_t n, cap;
	unsigned errors, warnings;
	unsigned max_errors; /* 0 = unlimited */
	bool truncated;      /* errors past max_errors were dropped */
	bool quiet;          /* drop warnings */
	bool env_error;      /* an I/O or environment error was reported */
	bool last_dropped;   /* the latest report was dropped: so are its hint and notes */
	bool color;          /* text: colour levels, places and carets (ANSI) */
};

void diag_sink_init(struct diag_sink *s, unsigned max_errors);
void diag_sink_release(struct diag_sink *s);

/* Report an error at loc. Always returns -1 so "return diag_error(...)" works. */
int diag_error(struct diag_sink *s, struct loc loc, const char *id,
	       const char *fmt, ...) PRINTF_LIKE(4, 5);
void diag_warning(struct diag_sink *s, struct loc loc, const char *id,
		  const char *fmt, ...) PRINTF_LIKE(4, 5);
/* A note on its own (level "note"; e.g. a sealed pack's signature status).
 * Dropped when the sink is quiet, like warnings. */
void diag_info(struct diag_sink *s, struct loc loc, const char *id,
	       const char *fmt, ...) PRINTF_LIKE(4, 5);
/* An error about a whole file (no line): "path: error: ..." */
int diag_file_error(struct diag_sink *s, struct source *src, const char *id,
		    const char *fmt, ...) PRINTF_LIKE(4, 5);
/* An environment error (exit code 3), with or without a file. */
int diag_env_error(struct diag_sink *s, const char *id, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
/* An environment error about the file at path (e.g. it cannot be read):
 * printed like diag_env_error, and JSON and SARIF name the file. */
int diag_env_file_error(struct diag_sink *s, const char *path, const char *id,
			const char *fmt, ...) PRINTF_LIKE(4, 5);
/* Moves the diagnostics of from to the end of to, in order, as if they
 * had been reported to to (dropped as to's quiet and max_errors say;
 * hints and notes dropped once to is truncated; an environment error
 * sets to's env_error and is never dropped); from is left released. A
 * second thread reports into a sink of its own, which is added in the
 * order the diagnostics would have had. */
void diag_sink_append(struct diag_sink *to, struct diag_sink *from);
/* Attach a hint / a related place to the most recent diagnostic (if kept). */
void diag_hint(struct diag_sink *s, const char *fmt, ...) PRINTF_LIKE(2, 3);
void diag_note(struct diag_sink *s, struct loc loc, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

/* True once max_errors errors were kept: stages should stop early. */
bool diag_full(const struct diag_sink *s);

/* Orders the diagnostics of each file by position (stable). */
void diag_sort(struct diag_sink *s);

/* Title of a diagnostic ID from diag_ids.def, or NULL if unknown. */
const char *diag_title(const char *id);

/* The long form of an ID from diag_explain.def: returns its meaning (static)
 * and sets *example and *fix, or returns NULL if the ID has none. */
const char *diag_explain(const char *id, const char **example, const char **fix);

/* Iterates the IDs of diag_ids.def: the i-th ID, or NULL past the last. */
const char *diag_id_at(size_t i);

/* Appends path to sb as an RFC 3986 URI reference: every byte but the
 * unreserved characters and '/' percent-encoded; an absolute path becomes
 * a file: URI. */
struct strbuf;
void diag_path_uri(struct strbuf *sb, const char *path);

enum diag_format { FORMAT_TEXT,
		   FORMAT_JSON,
		   FORMAT_SARIF };

/*
 * Sorts and writes every diagnostic once: text to stderr, JSON and SARIF to
 * stdout, or all to path when it is not NULL. A failure to write returns -1
 * (exit code 3); a file that cannot be written is told on stderr ("cannot
 * write 'path' [E502]"), standard output is the caller's (cli_finish()).
 */
int diag_write(struct diag_sink *s, enum diag_format format, const char *path,
	       bool no_caret, const char *version);

/* Writers. Text goes to f with caret lines unless no_caret. */
void diag_print_text(struct diag_sink *s, FILE *f, bool no_caret);
/* JSON / SARIF with Jansson; return 0, or -1 if writing failed. */
int diag_write_json(struct diag_sink *s, FILE *f);
int diag_write_sarif(struct diag_sink *s, FILE *f, const char *version);

#endif
