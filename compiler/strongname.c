/*
 * strongname.c - strong-name hash, public-key blob, token, RSA signatures
 * (peers.md D.1). One copy used by the reader (unseal.c) and the writer
 * (seal.c). Every function frees what it allocates before returning.
 */
#include "strongname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* ---- hash ---- */

/* Hash [off, off + n) minus the overlap with the signature blob. */
static int hash_skipping(EVP_MD_CTX *md, const unsigned char *data,
			 size_t off, size_t n, struct sn_range sig)
{
	size_t end = off + n, sig_end = sig.off + sig.len;
	if (!sig.len || sig_end <= off || sig.off >= end)
		return EVP_DigestUpdate(md, data + off, n);
	if (sig.off > off && !EVP_DigestUpdate(md, data + off, sig.off - off))
		return 0;
	if (sig_end < end && !EVP_DigestUpdate(md, data + sig_end, end - sig_end))
		return 0;
	return 1;
}

/* Headers up to the end of the section table, the checksum and the
 * certificate directory read as zero. */
static int hash_headers(EVP_MD_CTX *md, const unsigned char *data,
			const struct sn_layout *l)
{
	unsigned char *h = malloc(l->headers_end);
	if (!h)
		return 0;
	memcpy(h, data, l->headers_end);
	memset(h + l->checksum_off, 0, 4);
	memset(h + l->certdir_off, 0, 8);
	int ok = EVP_DigestUpdate(md, h, l->headers_end);
	free(h);
	return ok;
}

int sn_digest(const unsigned char *data, const struct sn_layout *l,
	      const EVP_MD *type, unsigned char *out, unsigned *n)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int ok = md && EVP_DigestInit_ex(md, type, NULL) &&
		 hash_headers(md, data, l);
	for (unsigned i = 0; ok && i < l->nsections; i++)
		if (l->sections[i].len)
			ok = hash_skipping(md, data, l->sections[i].off,
					   l->sections[i].len, l->sig);
	ok = ok && EVP_DigestFinal_ex(md, out, n);
	EVP_MD_CTX_free(md);
	ERR_clear_error();
	return ok;
}

const EVP_MD *sn_md(uint32_t hash_alg)
{
	switch (hash_alg) {
	case SN_CALG_SHA1: return EVP_sha1();
	case 0x800C: return EVP_sha256();
	case 0x800D: return EVP_sha384();
	case 0x800E: return EVP_sha512();
	}
	return NULL;
}

/* ---- public key ---- */

EVP_PKEY *sn_public_key(const unsigned char *b, size_t n, uint32_t *hash_alg)
{
	if (n < SN_BLOB_HEADER || le32(b + 8) != n - 12 || b[12] != 0x06 ||
	    memcmp(b + 20, "RSA1", 4) != 0)
		return NULL;
	uint32_t bits = le32(b + 24), exp = le32(b + 28);
	if (bits < 384 || bits > 16384 || bits % 8 || n - SN_BLOB_HEADER < bits / 8)
		return NULL;
	*hash_alg = le32(b + 4);
	EVP_PKEY *key = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn_n = BN_lebin2bn(b + SN_BLOB_HEADER, (int)(bits / 8), NULL);
	BIGNUM *bn_e = BN_new();
	OSSL_PARAM *params = NULL;
	if (ctx && bld && bn_n && bn_e && BN_set_word(bn_e, exp) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
	    EVP_PKEY_fromdata_init(ctx) > 0)
		EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
	OSSL_PARAM_free(params);
	BN_free(bn_e);
	BN_free(bn_n);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	ERR_clear_error();
	return key;
}

int sn_token(const unsigned char *b, size_t n, char out[17])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	out[0] = '\0';
	if (!EVP_Digest(b, n, md, &mdlen, EVP_sha1(), NULL) || mdlen != 20) {
		ERR_clear_error();
		return -1;
	}
	for (unsigned i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", md[19 - i]);
	return 0;
}

/* ---- signatures ---- */

static void reverse(unsigned char *to, const unsigned char *from, size_t n)
{
	for (size_t i = 0; i < n; i++)
		to[i] = from[n - 1 - i];
}

int sn_verify(EVP_PKEY *key, const EVP_MD *type, const unsigned char *sig_le,
	      size_t sig_len, const unsigned char *digest, unsigned digest_len)
{
	unsigned char *sig = malloc(sig_len ? sig_len : 1);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
	int rc = -1;
	if (sig && ctx) {
		reverse(sig, sig_le, sig_len);
		rc = EVP_PKEY_verify_init(ctx) > 0 &&
		     EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 &&
		     EVP_PKEY_CTX_set_signature_md(ctx, type) > 0 &&
		     EVP_PKEY_verify(ctx, sig, sig_len, digest, digest_len) == 1;
	}
	ERR_clear_error(); /* a failed verify leaves entries queued */
	EVP_PKEY_CTX_free(ctx);
	free(sig);
	return rc;
}

int sn_sign(EVP_PKEY *key, const EVP_MD *type, const unsigned char *digest,
	    unsigned digest_len, unsigned char *sig_le, size_t sig_len)
{
	unsigned char *sig = malloc(sig_len ? sig_len : 1);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
	size_t n = sig_len;
	int ok = sig && ctx && EVP_PKEY_sign_init(ctx) > 0 &&
		 EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 &&
		 EVP_PKEY_CTX_set_signature_md(ctx, type) > 0 &&
		 EVP_PKEY_sign(ctx, sig, &n, digest, digest_len) == 1 &&
		 n == sig_len;
	if (ok)
		reverse(sig_le, sig, sig_len);
	ERR_clear_error();
	EVP_PKEY_CTX_free(ctx);
	free(sig);
	return ok ? 0 : -1;
}
