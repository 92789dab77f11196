/*
 * seal.h - `scomc seal` (issue 12): verified MP XML -> strong-name signed
 * <ID>.mp, byte-identical for the same XML and key (docs/seal.md).
 *
 * seal_main() verifies each FILE as `scomc verify` does, refuses packs
 * with errors, builds the .mp (resources_write.c, pe_write.c; on a second
 * thread while the next FILE is verified: the build touches no libxml2
 * state, no sink and no output, and its result is staged in order), signs it
 * with RSA-SHA1 PKCS#1 v1.5 over the strong-name hash (strongname.c),
 * reads it back with unseal_mp() as a self-check, stages it in the output
 * and, once everything is committed, prints one line per pack with its
 * public key token. The compiler uses the same key loading, verification
 * and sealing for --seal-key (struct seal_ctx, seal_text() below).
 *
 * Diagnostics: E801-E808, W801 (diag_ids.def). The key material never
 * leaves struct snk_key: it is not copied into any output or message.
 */
#ifndef SCOMC_SEAL_H
#define SCOMC_SEAL_H

#include "diag.h"
#include "snk.h"
#include "strbuf.h"

struct cli;
struct mp_files;
struct out;
struct refpacks;
struct xsd_cache;

int seal_main(struct cli *c);
extern const char seal_usage[];

/* What sealing needs besides the pack. Zero it, then seal_ctx_init(). */
struct seal_ctx {
	struct snk_key key;
	const char *company, *copyright; /* borrowed; NULL: left out */
	bool delay_sign;
	struct strbuf report; /* one line per sealed pack, for stdout */
};

/* Loads the key from key_path, or when it is NULL from $SCOMC_SEAL_KEY,
 * and checks company and copyright. Reports E801-E804, E808, W801.
 * Returns 0, or -1 (c is still to be released). */
int seal_ctx_init(struct seal_ctx *c, const char *key_path, const char *company,
		  const char *copyright, bool delay_sign, struct diag_sink *sink);
void seal_ctx_release(struct seal_ctx *c);
/* The part of seal_ctx_init() without the key: c->key is left for the
 * caller to fill (snk_parse(); a public key only with delay_sign). Reports
 * E808. Returns 0, or -1 (c is still to be released). */
int seal_ctx_set(struct seal_ctx *c, const char *company, const char *copyright, bool delay_sign,
		 struct diag_sink *sink);

/* One pack to seal: its MP XML text (valid UTF-8 without NUL, as any
 * verified pack's is once in UTF-8; the declaration is dropped)
 * and identity. The locations point diagnostics at the ID and version
 * (LOC_NONE is fine). */
struct seal_pack {
	const char *id, *version;
	struct loc id_loc, version_loc;
	bool schema2; /* SchemaVersion 2.0: CLR 4 metadata */
	const char *xml;
	size_t len;
	char *utf8; /* owned, NULL: xml when seal_pack_of() converted the text */
};

/* Builds, signs and checks <id>.mp and stages it in out. Returns 0, or -1
 * after reporting (E806, E807, E502). The image is read back with
 * unseal_mp() before it is staged: a difference is a BUG(). */
int seal_pack(struct seal_ctx *c, const struct seal_pack *p, struct out *out,
	      struct diag_sink *sink);

/* What seal_pack() stages, in memory: the signed image of p, already read
 * back (a difference is a BUG()), into *im (overwritten; the caller
 * releases it with pe_image_release()). Returns 0, or -1 after reporting
 * (E806, E807; *im is then empty). */
struct pe_image;
int seal_image(const struct seal_ctx *c, const struct seal_pack *p, struct pe_image *im,
	       struct diag_sink *sink);

/* The pack to seal of a verified, loaded mp (mpread.h): borrows its ID,
 * version, locations and text, so mp must stay loaded while it is used.
 * A text libxml2 did not read as UTF-8 (a declared ISO-8859-1, UCS-4 ...)
 * is stored as the document serialized in UTF-8: p.utf8, which the
 * caller frees with seal_pack_release(). */
struct mp_file;
struct seal_pack seal_pack_of(struct mp_file *mp);
void seal_pack_release(struct seal_pack *p);

/* The compiler's --seal-key: the MP text it wrote (UTF-8), read as the
 * file name (its path in the output, for diagnostics), is verified as
 * `scomc verify` does (against refs when not NULL), then sealed with
 * seal_pack(). The text is kept in kept (the diagnostics point into it).
 * Returns 0, or -1 after reporting (the verification's errors and E805,
 * or what seal_pack() reports). */
int seal_text(struct seal_ctx *c, const char *name, const char *xml, size_t len,
	      struct xsd_cache *xsd, struct refpacks *refs, struct mp_files *kept,
	      struct out *out, struct diag_sink *sink);

#endif
