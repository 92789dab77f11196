/* unseal.h - read a sealed management pack (.mp) from memory.
 *
 * A sealed .mp is a strong-name signed, IL-only .NET assembly. Its manifest
 * resource (normally "MPResources.resources") is a .resources file whose
 * "ManagementPack" byte[] entry is gzip of the MP XML in UTF-16LE.
 * unseal_mp() walks PE -> CLI header -> metadata -> that resource, returns
 * the XML as UTF-8 and checks the strong-name signature (RSA, PKCS#1 v1.5).
 *
 * The reader never prints, exits or keeps global state, and never reads
 * outside [data, data + len), whatever the input. Link with -lz -lcrypto.
 */
#ifndef SCOMC_UNSEAL_H
#define SCOMC_UNSEAL_H

#include <stddef.h>

/* Largest decompressed payload (UTF-16LE bytes) unseal_mp() accepts. */
#define UNSEAL_MAX_XML_BYTES ((size_t)64 << 20)

/* What unseal_mp() read. Signature states: */
enum unseal_signature {
	UNSEAL_SIG_NONE = -1, /* not signed: no public key or no signature */
	UNSEAL_SIG_BAD = 0,   /* signed, but the signature does not verify */
	UNSEAL_SIG_OK = 1     /* strong-name signature verifies */
};

struct unseal_result {
	char *xml;           /* UTF-8 MP XML, NUL-terminated, malloc'd, owned
                             by the result; NULL on error */
	size_t xml_len;      /* bytes in xml, without the NUL */
	int signature;       /* an enum unseal_signature value */
	char token[17];      /* public key token, 16 lower-case hex digits,
                             "" if the assembly has no public key */
	char name[256];      /* assembly name (the MP ID), "" if none */
	char version[64];    /* assembly version "a.b.c.d", "" if none */
	char resource[256];  /* manifest resource the XML came from */
	char error[256];     /* on -1: lowercase message, no trailing period */
	size_t error_offset; /* on -1: byte offset in the file it refers to */
};

/* Unseal the .mp image data[0..len).
 *
 * *out is overwritten without being released first: call
 * unseal_result_release() on a used result before passing it again.
 * Returns 0 on success: xml, xml_len, signature, token, name, version and
 * resource are filled. A signature that does not verify is not an error
 * (signature is UNSEAL_SIG_BAD and the XML is still returned).
 * Returns -1 on malformed input, on a payload over UNSEAL_MAX_XML_BYTES or
 * when memory runs out: error and error_offset are filled and xml is NULL.
 * The other fields then hold whatever was read before the failure.
 */
int unseal_mp(const unsigned char *data, size_t len,
	      struct unseal_result *out);

/* The assembly identity only (name, version, token; no signature check,
 * nothing inflated): what an index of reference packs needs to read from
 * each file (refpacks.c). Same conventions as unseal_mp(); xml stays NULL
 * and signature UNSEAL_SIG_NONE. */
int unseal_identity(const unsigned char *data, size_t len,
		    struct unseal_result *out);

/* Free r->xml and zero *r. Accepts NULL, a zeroed result, or one that
 * unseal_mp() failed on. */
void unseal_result_release(struct unseal_result *r);

#endif
