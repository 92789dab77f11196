/*
 * decompile.h - `scomc decompile`: management pack -> .alert source (issue 6).
 *
 * decompile_main() reads MP XML or a sealed .mp and writes DIR/<ID>.alert
 * with the pack's event alert rules (Microsoft.Windows.EventProvider +
 * System.Health.GenerateAlert), their alert messages, display strings and
 * knowledge articles (MAML turned into Markdown, maml.c). Whatever .alert
 * cannot express is listed in a warning (W610), never dropped silently;
 * every decompiled alert is compiled again in memory and compared with the
 * original (decompile_check.c), and each difference is a warning (W611).
 * Returns an exit code (enum exit_code); decompile_usage is its --help text.
 *
 * The rest of this header is the decompiler's state, shared by
 * decompile.c (rules -> .alert, the command) and decompile_check.c
 * (recompile and compare); nothing else uses it.
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
	struct strbuf notes;   /* "# not decompiled: ..." lines */
	xmlNodePtr cur_rule;   /* rule being decompiled (for warnings) */
	struct mp_files *kept; /* packs read (and built) while decompiling */
	bool check;            /* --check: prove the result with diff */
	bool to_stdout;        /* -o -: only the .alert is written */
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
 * (the first error reported as W611). mp: out indexed as a pack as it
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

/* Compares every decompiled rule with the original: each difference is a
 * W611 (dc_changed). exact (decompile_exact(), may be NULL): the alerts
 * that compile back exactly, whose facts need no comparison (only their
 * IDs are compared). */
void decompile_check(struct dc *d, struct dc_build *b, const bool *exact);

/* For each decompiled alert, whether the rule, its alert message, display
 * strings and knowledge article it makes are those of the original
 * exactly (scomc diff finds nothing): exact[i] for d->alerts[i],
 * malloc'd; NULL when the source does not compile. */
bool *decompile_exact(struct dc *d, struct dc_build *b);

/* --check: merges the fragment (frag, flen; NULL for none) into b's pack
 * as the compiler would and compares the result with the original
 * (diff_packs()): each difference is reported, and any is an error E646.
 * Changes b->out: call it last. */
void decompile_prove(struct dc *d, struct dc_build *b, const char *frag, size_t flen);

/* The fragment that carries what the .alert source does not write
 * (decompile_fragment.c): malloc'd text of *len bytes, or NULL when
 * nothing is left. built: the pack the .alert compiles to (or NULL). */
char *dc_fragment(struct dc *d, struct mp_file *built, size_t *len);

#endif
