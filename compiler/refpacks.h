/*
 * refpacks.h - the reference-pack index behind `--references DIR`
 * (issue 11; docs/verify.md "Reference packs").
 *
 * refpacks_add_dir() scans a directory for sealed packs (*.mp) and MP XML
 * (*.xml) and reads only each file's identity: the assembly name, version
 * and public key token of a sealed pack (unseal_identity(), nothing is
 * inflated), the Manifest/Identity of an XML pack (a streaming read that
 * stops after </Identity>). A pack's payload is read the first time an
 * element of it is looked up (refpacks_load()), at most once per run.
 *
 * refpacks_lookup() resolves "Alias!ID" or "ID" as seen from a pack (the
 * pack being checked or a loaded reference pack), through that pack's own
 * Manifest/References, so the references of references resolve too.
 *
 * A struct refpacks owns every refpack, their loaded mp_files and the
 * compiled configuration schemas (modschema.c) cached on them; diagnostics
 * about reference packs (unreadable, malformed) go to the sink given to
 * refpacks_init() and point into sources it owns, so release it only
 * after the diagnostics are written. Nothing prints.
 */
#ifndef SCOMC_REFPACKS_H
#define SCOMC_REFPACKS_H

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "diag.h"

struct mp_file;

struct refpack {
	char *path;         /* DIR/FILE as found */
	char *id, *version; /* identity (owned) */
	char token[17];     /* public key token; "" for XML packs */
	bool sealed;
	struct mp_file *mp; /* after refpacks_load(); NULL before / on failure */
	bool tried;         /* refpacks_load() was called */
};

struct refpacks {
	struct refpack **packs;
	size_t n;
	char **dirs;
	size_t ndirs;
	xmlHashTablePtr schemas; /* modschema cache (modschema.c), by type node */
	unsigned loads;          /* payloads read so far */
	struct source **sources; /* of failed reads: diagnostics point into them */
	size_t nsources;
	struct diag_sink *sink; /* borrowed */
};

void refpacks_init(struct refpacks *r, struct diag_sink *sink);
void refpacks_release(struct refpacks *r);

/* Scans dir (not recursively). Returns 0, or -1 after reporting an
 * environment error (E701: the directory cannot be read). Files that are
 * not packs are skipped; a pack whose identity cannot be read is reported
 * (E718) and skipped. */
int refpacks_add_dir(struct refpacks *r, const char *dir);

/* Adds the directories of a colon-separated list ($SCOMC_REFERENCES);
 * empty entries are skipped. Same return convention. */
int refpacks_add_list(struct refpacks *r, const char *list);

/* The directories of a run: dirs[0..n) (--references) if n > 0, else the
 * colon-separated $SCOMC_REFERENCES if set. Same return convention. */
int refpacks_open(struct refpacks *r, const char *const *dirs, size_t n);

/* True once a directory was given (even an empty one). */
bool refpacks_enabled(const struct refpacks *r);

/* Outcome of matching a <Reference> against the index. */
enum refpacks_match {
	REFPACKS_OK,      /* *found has the ID, a version >= and the token */
	REFPACKS_MISSING, /* no pack with that ID */
	REFPACKS_OLD,     /* only lower versions; *found is the highest */
	REFPACKS_TOKEN    /* versions fit but no token does; *found: highest */
};

/* Matches (id, version, token); token NULL or "" matches anything, and so
 * does an XML pack (it has no token). *found is set except for MISSING. */
enum refpacks_match refpacks_match(struct refpacks *r, const char *id, const char *version,
				   const char *token, struct refpack **found);

/* The loaded pack (reads and indexes its payload on the first call).
 * NULL if it cannot be read (reported once). Owned by r. */
struct mp_file *refpacks_load(struct refpacks *r, struct refpack *p);

/* The pack that alias (len bytes) of pack `from` names: its reference
 * matched as refpacks_match() does, else the highest version with that ID.
 * NULL if the alias is not declared or no such pack is indexed. */
struct mp_file *refpacks_alias(struct refpacks *r, struct mp_file *from, const char *alias,
			       size_t len);

/* Resolves qid ("Alias!ID", or "ID" for an element of `from` itself) as
 * seen from `from`. Returns the top-level element (ClassType, module type,
 * StringResource, ...) and sets *owner to the pack defining it, or NULL. */
xmlNodePtr refpacks_lookup(struct refpacks *r, struct mp_file *from, const char *qid,
			   struct mp_file **owner);

/* Compares two a.b.c.d versions: <0, 0, >0; -2 if either is not one. */
int refpacks_version_cmp(const char *a, const char *b);

#endif
