/*
 * refcheck.h - the checks that need the referenced packs (issue 11): what
 * MPSeal and Microsoft's verifier check against the packs in `/I DIR`.
 *
 * refcheck_run() checks one indexed pack (struct mp_file) against a
 * refpacks index and reports E701-E723 (docs/verify.md "Reference packs"):
 *   - every <Reference> resolves to an indexed pack with that ID, a version
 *     at least the referenced one and, for a sealed pack, the same public
 *     key token (E701-E703);
 *   - every module (DataSource, ProbeAction, ConditionDetection,
 *     WriteAction in rules, discoveries, tasks, diagnostics, recoveries and
 *     the member modules of the pack's composite module and monitor types)
 *     and every unit monitor names a type that exists (E704, E711), is
 *     Public when it is another pack's (E705), fits its slot (E706), and
 *     its configuration validates against the type's schema (E707, E719-E721);
 *   - Target classes exist (E708); $Target/Property[Type="A!C"]/P$ and
 *     $Target/Host/.../Property[...]/P$ resolve through base classes and
 *     hosting relationships (E709, E710);
 *   - monitors: MonitorTypeStateID (E712), the parent is an aggregate
 *     monitor (E714), AlertMessage and AlertMessageId name a string
 *     resource (E716). HealthState, AlertOnState and Category are
 *     enumerations of the MP schema (E601, with or without references);
 *   - a configuration override's Parameter is an OverrideableParameter of
 *     the monitor's type or of the overridden module's type (E723).
 * Nothing is reported twice where verify already does: an unknown alias
 * (E606) or a missing local element (E608) is left to verify, and nothing
 * is looked up through a reference whose pack is not indexed (E701).
 *
 * Locations come from the caller (at), so the same checks serve `verify`
 * (the pack's own line:col) and the compiler (the .alert line an emitted
 * element came from).
 */
#ifndef SCOMC_REFCHECK_H
#define SCOMC_REFCHECK_H

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "diag.h"

struct refpacks;
struct mp_file;

/* Where n (attr NULL) or its attribute attr is in the source. */
typedef struct loc refcheck_at_fn(void *ctx, xmlNodePtr n, const char *attr);

struct refcheck {
	struct refpacks *idx;   /* borrowed */
	struct mp_file *mp;     /* borrowed: the pack checked, mp_index()'d */
	struct diag_sink *sink; /* borrowed */
	refcheck_at_fn *at;
	void *at_ctx;
	xmlHashTablePtr validated; /* module nodes whose configuration was validated */
	xmlHashTablePtr dead;      /* aliases whose pack is not indexed */
	xmlHashTablePtr hosts;     /* class node -> its host (struct cls, owned) */
};

void refcheck_init(struct refcheck *rc, struct refpacks *idx, struct mp_file *mp,
		   struct diag_sink *sink, refcheck_at_fn *at, void *at_ctx);
void refcheck_release(struct refcheck *rc);

/* Runs every check above. */
void refcheck_run(struct refcheck *rc);

/* True if refcheck_run() validated module's configuration against its
 * type's schema (so verify's built-in E612/E613 checks would repeat it). */
bool refcheck_validated(const struct refcheck *rc, xmlNodePtr module);

/* Without reference packs: one note (W701) on the file saying what could
 * not be checked, when the pack uses module types scomc does not know by
 * heart. src is the file the note is about. */
void refcheck_note_unchecked(struct mp_file *mp, struct source *src, struct diag_sink *sink);

#endif
