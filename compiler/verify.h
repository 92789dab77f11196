/*
 * verify.h - `scomc verify` (issue 6).
 *
 * verify_main() checks existing management packs (XML in UTF-8 or UTF-16,
 * schema 1.0 or 2.0, or sealed .mp) against our MP schemas, the checks the
 * SDK verifier makes (mp-format.md 6.4), best-practice rules (peers.md C.5)
 * and, with --baseline, the upgrade rules of sealed packs. It reports
 * E601-E617 and W601-W609 (docs/verify.md) through the diagnostic sink.
 * Returns an exit code (enum exit_code); verify_usage is its --help text.
 */
#ifndef SCOMC_VERIFY_H
#define SCOMC_VERIFY_H

struct cli;
struct diag_sink;
struct mp_file;
struct mp_files;
struct xsd_cache;

int verify_main(struct cli *c);

/* Loads and checks one pack (path) as verify_main() does, into sink,
 * against base (--baseline) when not NULL, and against the reference
 * packs (--references, refcheck.c) when packs is not NULL (without them,
 * the note W701 says what was not checked). Returns the pack, owned by
 * kept (it stays loaded), or NULL if it could not be read or is not a
 * management pack (reported). The pack passed when the sink's error count
 * did not grow. The caller mp_unload()s it when done (the diagnostics only
 * need its text). Used by `scomc seal`. */
struct refpacks;
struct mp_file *verify_file(struct mp_files *kept, struct diag_sink *sink,
			    struct xsd_cache *xsd, struct mp_file *base, struct refpacks *packs,
			    const char *path);
/* The checks of verify_file() on a pack already loaded and indexed (for
 * instance with mp_load_mem(), whose root is a ManagementPack). */
void verify_loaded(struct mp_file *mp, struct diag_sink *sink, struct xsd_cache *xsd,
		   struct mp_file *base, struct refpacks *packs);
extern const char verify_usage[];

/* The upgrade rules of sealed packs (--baseline): mp must be the same
 * pack as base with a higher version and keep every element of base
 * (E615, E616). Both opened with mp_open(); borrowed. */
void verify_upgrade(struct mp_file *base, struct mp_file *mp, struct diag_sink *sink);

#endif
