/*
 * out.h - all-or-nothing output.
 *
 * Files are first written into a staging directory created inside the
 * output directory (same file system), then renamed into place by
 * out_commit(), one rename per file, so a reader never sees a half-written
 * file. If a rename fails part-way, out_commit() puts back every file it
 * already replaced (the previous versions are kept in the stage until the
 * end). out_abort() removes the staging directory and leaves every earlier
 * output untouched. Relative names are checked: no absolute paths, no '..',
 * no empty or hidden components, so nothing is written outside the output
 * directory. A name may be written once per run (E505). Errors are
 * reported as E502/E504/E505 (exit code 3 / 1 / 1).
 */
#ifndef SCOMC_OUT_H
#define SCOMC_OUT_H

#include "diag.h"

struct out {
	char *dir;    /* the output directory (owned) */
	char *stage;  /* staging directory, NULL until first use */
	char **files; /* relative names written, in order */
	void *names;  /* xmlHashTablePtr: the same names lowercased (E505) */
	size_t nfiles, cap;
	bool to_stdout;   /* "-o -": the single artifact goes to stdout */
	bool created_dir; /* dir did not exist before this run */
	bool committed;
	bool failed;
	bool made_dir; /* this run created dir (removed again on abort) */
	char *known;   /* a directory of the stage known to exist (owned) */
};

void out_init(struct out *o, const char *dir);
/* True if rel is a safe relative name (see above). */
bool out_safe_name(const char *rel);
/* Stages rel with data[0..len). Returns 0 or -1 after reporting. */
int out_write(struct out *o, const char *rel, const void *data, size_t len,
	      struct diag_sink *sink);
/* Moves every staged file into place. Returns 0 or -1 after reporting. */
int out_commit(struct out *o, struct diag_sink *sink);
/* Discards everything staged. */
void out_abort(struct out *o);
void out_release(struct out *o);

/*
 * One output written in pieces, so that a large file never has to be in
 * memory. out_stream_open() stages rel (NULL after reporting);
 * out_stream_add() appends (0, or -1 after reporting once);
 * out_stream_close() finishes and frees the stream: 0, or -1 after
 * reporting. With "-o -" the pieces are kept in memory and written to
 * stdout at the close only if keep is true, so a stream that failed (for
 * instance, its content did not validate) writes nothing; a staged file is
 * removed by out_abort() as usual.
 */
struct out_stream;
struct out_stream *out_stream_open(struct out *o, const char *rel, struct diag_sink *sink);
int out_stream_add(struct out_stream *s, const void *data, size_t len);
int out_stream_close(struct out_stream *s, bool keep);

#endif
