/*
 * decompile.h - `scomc decompile`: management pack -> .alert source (issue 6).
 *
 * decompile_main() reads MP XML or a sealed .mp and writes DIR/<ID>.alert
 * with the pack's event alert rules (Microsoft.Windows.EventProvider +
 * System.Health.GenerateAlert), their alert messages, display strings and
 * knowledge articles (MAML turned into Markdown, maml.c). Whatever .alert
 * cannot express is listed in a warning (W610), never dropped silently;
 * every decompiled alert is compiled again in memory and compared with the
 * original (decompile_check.c; in batches of alerts on every CPU,
 * decompile_batch.c), and each difference is a warning (W611).
 * Returns an exit code (enum exit_code); decompile_usage is its --help text.
 *
 * The rest of this header is the decompiler's state, shared by
 * decompile.c (rules -> .alert, the command), decompile_check.c
 * (recompile and compare) and decompile_batch.c (the same on threads);
 * nothing else uses it.
 */
#ifndef SCOMC_DECOMPILE_H
#define SCOMC_DECOMPILE_H

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "diag.h"
#include "arena.h"
#include "model.h"
#include "source.h"
#include "strbuf.h"

struct cli;
struct mp_file;
struct mp_files;
struct mp_ref;
struct xsd_cache;

int decompile_main(struct cli *c);
extern const char decompile_usage[];

/* What decompile_main() does with one pack: mp (mp_open()ed, borrowed)
 * decompiled into out (its .alert and .mpx), the packs built on the way
 * added to kept; check: --check, to_stdout: -o -. For in-process callers
 * (the fuzz harnesses). */
struct out;
void decompile_loaded(struct mp_file *mp, struct mp_files *kept, struct diag_sink *sink, struct xsd_cache *xsd,
		      struct out *out, bool check, bool to_stdout);

/* A reference as it is written in the .alert source. */
struct dc_article;
struct dc_held;

struct dc_ref {
	struct mp_ref *ref;
	char *alias; /* alias in the .alert ("Windows" for Microsoft.Windows.Library) */
	bool builtin, used;
};

struct dc_alert {
	xmlNodePtr rule, wa, ka;
	char *name, *new_id;
	struct strbuf text; /* the alert block */
	bool lossy_ka;      /* the article lost something (already reported) */
};

/* One pack being decompiled. Display strings and articles: d->mp->strings. */
struct dc {
	struct mp_file *mp;
	struct diag_sink *sink;
	struct xsd_cache *xsd; /* for the recompilation */
	xmlHashTablePtr names; /* case-folded alert name -> 1 */
	xmlHashTablePtr done;  /* case-folded element ID decompiled */
	struct dc_ref *refs;
	size_t nrefs;
	struct dc_alert *alerts;
	size_t nalerts;
	struct strbuf notes;         /* "# not decompiled: ..." lines */
	xmlNodePtr cur_rule;         /* rule being decompiled (for warnings) */
	struct mp_files *kept;       /* packs read (and built) while decompiling */
	bool check;                  /* --check: prove the result with diff */
	bool to_stdout;              /* -o -: only the .alert is written */
	bool keep_model;             /* dc_build_init() keeps b->m (a batch reads its names) */
	struct dc_article *articles; /* knowledge blocks made ahead (decompile.c) */
	size_t narticles, next_article;
	struct dc_held *held; /* NULL, or where the files go instead of out (decompile.c) */
};

/* AlertParameterN values by N (1..99), trimmed; owned by the struct. */
struct dc_params {
	char *v[100];
};

void dc_params_read(struct dc_params *p, xmlNodePtr wa);
void dc_params_release(struct dc_params *p);
/* The StringResource ID in wa's $MPElement[Name="ID"]$, or NULL (malloc'd). */
char *dc_message_id(xmlNodePtr wa);
/* Number of element children of n (named name; any when NULL). */
size_t dc_count(xmlNodePtr n, const char *name);
/* e without wrapping <Expression> elements of one child. */
xmlNodePtr dc_unwrap(xmlNodePtr e);
/* s as an .alert string (quoted and escaped, or a text block). */
void dc_quoted(struct strbuf *sb, const char *s);
/* Appends the .alert filter condition expression e stands for
 * (decompile_filter.c) to out; false (out then holds a partial text) when
 * e is not one .alert can write. depth: of the enclosing groups. */
bool dc_condition(struct dc *d, xmlNodePtr e, struct strbuf *out, int depth);
/* s with every alias of the original pack in it (aliases.h) replaced by
 * the .alert alias, whose reference is then written; malloc'd, or NULL
 * when an alias is not a reference of the pack. */
char *dc_map_value(struct dc *d, const char *s);

/* W611 at `at`, also listed as a "# changed:" comment of the output. */
void dc_changed(struct dc *d, struct loc at, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* The decompiled source compiled again in memory the way the compiler
 * does (front_load(), emit_mp()); out is NULL when it does not compile
 * (the first error reported as W611); b->m is released at once unless
 * d->check or d->keep_model. mp: out indexed as a pack as it
 * is in memory (dc_build_pack(), mp_borrow(): owned by b, borrows out). */
struct dc_build {
	struct source src;
	struct arena arena;
	struct model m;
	xmlDocPtr out;
	struct mp_file *mp;
};
void dc_build_init(struct dc *d, struct dc_build *b, const char *text);
void dc_build_release(struct dc_build *b);
struct mp_file *dc_build_pack(struct dc *d, struct dc_build *b);

/* What a built pack says at pack level, copied so the build can go: its
 * Manifest name, the pack's display description, the references (as
 * mp_ref: alias, ID, version) and the root attributes the fragment may
 * carry (dc_root_attrs, NULL when absent). */
struct dc_part_ref {
	char *alias, *id, *version;
};
extern const char *const dc_root_attrs[3];
struct dc_parts {
	char *name, *desc;
	struct dc_part_ref *refs;
	size_t nrefs;
	char *root_attr[3];
};
/* p from built (NULL: nothing built; then p is empty: no references, no
 * root attributes, and "" for the name and description). */
void dc_parts_init(struct dc_parts *p, struct dc *d, struct mp_file *built);
void dc_parts_release(struct dc_parts *p);
/* The reference of p (may be NULL) with alias, or NULL. */
const struct dc_part_ref *dc_parts_ref(const struct dc_parts *p, const char *alias);
/* Adds the references of from that into lacks, each after the one that
 * comes before it in from (the Manifest writes them in one fixed order,
 * and a batch of alerts lacks only the libraries it does not use).
 * Returns false when the two disagree (another name, description, root
 * attribute, or an alias for another pack). */
bool dc_parts_merge(struct dc_parts *into, const struct dc_parts *from);

/* W611 for each pack-level difference of the pack built (its parts) from
 * the original: Manifest name, description, reference versions. */
void dc_compare_pack(struct dc *d, const struct dc_parts *built);

/* For each decompiled alert i in [from, to): exact[i] = whether the rule,
 * its alert message, display strings and knowledge article it makes in
 * built are those of the original exactly (scomc diff finds nothing). */
void dc_exact_range(struct dc *d, struct mp_file *built, size_t from, size_t to, bool *exact);

/* Compares the rules of alerts [from, to) with their rules in built: each
 * difference is a W611 (dc_changed). exact (may be NULL): the alerts that
 * compile back exactly, whose facts need no comparison (only their IDs
 * are compared). */
void dc_compare_rules(struct dc *d, struct mp_file *built, size_t from, size_t to, const bool *exact);

/* The self-check on batches of alerts (decompile_batch.c), on as many
 * threads as there are CPUs: each batch (the pack header and references,
 * its alerts, "}") is laid out as scomc fmt does and compiled like
 * dc_build_init(); with compare, its alerts get exact[] and their W611 as
 * dc_exact_range() and dc_compare_rules() give them, and
 * dc_compare_pack() runs on the parts of all batches. Diagnostics and
 * notes are added in alert order, as the one build of the whole source
 * gives them. On success (0) *text is the whole source (malloc'd), the
 * concatenation of what was compiled, *exact (compare) is malloc'd and
 * parts holds the pack-level parts of the whole pack. -1 (reporting
 * nothing, changing nothing): the batches cannot stand for the whole
 * source (one does not lay out or compile, or alert names meet across
 * batches): the caller compiles the whole source at once. */
int dc_check_batches(struct dc *d, bool compare, char **text, bool **exact, struct dc_parts *parts);

/* Runs job(ctx, i) for every i < n, on this thread and as many others as
 * there are CPUs (at most 8), each i once, in no set order; returns when
 * all are done. (decompile_batch.c) */
void dc_parallel(size_t n, void (*job)(void *ctx, size_t i), void *ctx);

/* Turns the pack's event alert rules and event-log unit monitors into
 * d->alerts (decompile.c): references mapped, articles made ahead, each
 * element converted or reported (W610), what is left out listed. */
void dc_convert(struct dc *d);
/* Frees what dc_convert() and the command put in d (not d itself). */
void dc_release(struct dc *d);
/* A warning at the original's node at; a W610 is also a "# not
 * decompiled:" line at the top of the source. */
void dc_warn(struct dc *d, xmlNodePtr at, const char *id, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* The whole source (head, every alert, "}") laid out as scomc fmt does
 * (as written when fmt fails: a decompiler bug the self-check reports);
 * malloc'd. */
char *dc_source_text(struct dc *d);
/* The start of the source (decompile.c): comments, the pack's head and
 * its references, not yet laid out; malloc'd. */
char *dc_source_head(struct dc *d);
/* Appends text (len bytes of .alert source) laid out as scomc fmt does
 * (fmt_tokens()) to out: 0, or -1 when it does not lex or has no statement
 * shape (out unchanged). off (may be NULL): set when text holds the line
 * "# scomc fmt: off" (out then is text as it is). */
int dc_lay_out(struct dc *d, const char *text, size_t len, struct strbuf *out, bool *off);

/* --check: merges the fragment (frag, flen; NULL for none) into b's pack
 * as the compiler would and compares the result with the original
 * (diff_packs()): each difference is reported, and any is an error E646.
 * Changes b->out: call it last. */
void decompile_prove(struct dc *d, struct dc_build *b, const char *frag, size_t flen);

/* The fragment that carries what the .alert source does not write
 * (decompile_fragment.c): malloc'd text of *len bytes, or NULL when
 * nothing is left. built: the pack-level parts of the pack the .alert
 * compiles to (empty or NULL when it does not compile). */
char *dc_fragment(struct dc *d, const struct dc_parts *built, size_t *len);

#endif
