/*
 * pe_write.h - write the PE/CLI image of a sealed management pack.
 *
 * pe_write() lays out an IL-only PE32 library (ECMA-335 II.25): headers,
 * a .text section with the import table, the CLI header, the manifest
 * resource, room for the strong-name signature and the metadata, and a
 * .rsrc section with a Win32 version resource (pe_version.h) and a .reloc
 * section for the mscoree entry stub. The metadata (II.22, II.24)
 * holds Module "<name>.mp", TypeDef <Module>, the Assembly row (name,
 * version, public key), an AssemblyRef to mscorlib, the assembly
 * attributes as CustomAttribute rows, and the ManifestResource
 * "MPResources.resources". Nothing depends on the time or the machine: the
 * timestamp is 0 and the MVID is a hash of the rest of the metadata and
 * the resource, so the same input gives the same bytes.
 *
 * The image is written unsigned (the signature bytes are zero); the caller
 * hashes it with sn_digest() over pe_image_layout() and stores the
 * signature at im->sig.
 */
#ifndef SCOMC_PE_WRITE_H
#define SCOMC_PE_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strongname.h"

/* Longest string pe_write() takes for a name or an attribute value, so
 * that the heaps stay small (2-byte indexes). */
#define PE_MAX_STRING 1024

struct pe_assembly {
	const char *name;    /* assembly name: the MP ID (UTF-8) */
	unsigned version[4]; /* each at most 65535 */
	/* Attribute values, UTF-8; NULL or "" leaves the attribute out. */
	const char *title, *company, *product, *copyright, *file_version;
	const unsigned char *public_key; /* strong-name blob, NULL: none */
	size_t public_key_len;
	size_t sig_len;                /* signature bytes to reserve (0: none) */
	bool strong_name_signed;       /* set the CLI STRONGNAMESIGNED flag */
	bool clr4;                     /* v4.0.30319 and mscorlib 4.0.0.0;
					   else v2.0.50727 and mscorlib 2.0.0.0 */
	const unsigned char *resource; /* the MPResources.resources bytes */
	size_t resource_len;
};

struct pe_image {
	unsigned char *data; /* the file, owned */
	size_t len;
	size_t headers_end, checksum_off, certdir_off;
	struct sn_range sections[3]; /* raw data of .text, .rsrc, .reloc */
	struct sn_range sig;         /* where the signature goes */
};

/* Builds the image of a into *im (overwritten). Every string must be at
 * most PE_MAX_STRING bytes and the resource under 1 GiB (else BUG: the
 * caller checks). Never fails otherwise (allocation aborts on OOM). */
void pe_write(const struct pe_assembly *a, struct pe_image *im);

/* The strong-name hash layout of im; l borrows im. */
void pe_image_layout(const struct pe_image *im, struct sn_layout *l);

/* Frees im->data and zeroes *im; accepts NULL. */
void pe_image_release(struct pe_image *im);

#endif
