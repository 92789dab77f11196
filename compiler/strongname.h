/*
 * strongname.h - the strong-name pieces shared by the sealed-pack reader
 * (unseal.c) and writer (seal.c): the public-key blob, its token, the
 * image hash of peers.md D.1 and the RSA PKCS#1 v1.5 signature over it.
 *
 * A public-key blob (the Assembly table's PublicKey) is: a 12-byte header
 * (SigAlgID, HashAlgID, cbPublicKey, little-endian), a BLOBHEADER
 * (bType 6, bVersion 2, reserved, aiKeyAlg), RSAPUBKEY ("RSA1", bitlen,
 * pubexp) and the modulus, little-endian.
 *
 * Nothing here prints or keeps state; libcrypto errors are cleared before
 * returning. Link with -lcrypto.
 */
#ifndef SCOMC_STRONGNAME_H
#define SCOMC_STRONGNAME_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

/* Hash algorithm IDs (ALG_ID) of the blob header. */
enum { SN_CALG_SHA1 = 0x8004,
       SN_CALG_RSA_SIGN = 0x2400 };

/* Size of the blob headers in front of the modulus. */
enum { SN_BLOB_HEADER = 32 };

/* A byte range of an image: [off, off + len). */
struct sn_range {
	size_t off, len;
};

/* What the strong-name hash covers, in file offsets: the headers
 * [0, headers_end) with the 4-byte PE checksum at checksum_off and the
 * 8-byte certificate directory at certdir_off read as zero, then each
 * section's raw data in order, minus the signature blob sig. */
struct sn_layout {
	size_t headers_end, checksum_off, certdir_off;
	const struct sn_range *sections;
	unsigned nsections;
	struct sn_range sig;
};

/* The digest of data (laid out as l) with type into out (at least
 * EVP_MAX_MD_SIZE bytes), its size in *n. Returns 1, or 0 if libcrypto
 * failed (out of memory). The ranges of l must lie inside data. */
int sn_digest(const unsigned char *data, const struct sn_layout *l,
	      const EVP_MD *type, unsigned char *out, unsigned *n);

/* The digest for a blob's HashAlgID (SHA-1, SHA-256/384/512), or NULL. */
const EVP_MD *sn_md(uint32_t hash_alg);

/* The RSA public key of a public-key blob b[0..n), or NULL if b is not
 * one (bad header, size, magic, or a modulus of under 384 or over 16384
 * bits). *hash_alg gets the blob's HashAlgID. Caller frees the key. */
EVP_PKEY *sn_public_key(const unsigned char *b, size_t n, uint32_t *hash_alg);

/* The public key token of blob b[0..n): the last 8 bytes of its SHA-1,
 * reversed, as 16 lower-case hex digits and a NUL in out. Returns 0, or
 * -1 (out = "") if libcrypto failed. */
int sn_token(const unsigned char *b, size_t n, char out[17]);

/* Verify the little-endian signature sig_le[0..sig_len) of digest with
 * key. Returns 1 verifies, 0 does not, -1 could not run (out of memory). */
int sn_verify(EVP_PKEY *key, const EVP_MD *type, const unsigned char *sig_le,
	      size_t sig_len, const unsigned char *digest, unsigned digest_len);

/* Sign digest with the private key: writes the signature little-endian
 * (as a strong name stores it) into sig_le[0..sig_len), which must be the
 * key's size in bytes. Returns 0, or -1 if libcrypto failed. */
int sn_sign(EVP_PKEY *key, const EVP_MD *type, const unsigned char *digest,
	    unsigned digest_len, unsigned char *sig_le, size_t sig_len);

#endif
