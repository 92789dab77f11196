/*
 * snk.c - strong-name key reader: .snk key pairs and public keys
 * (CryptoAPI blobs) and PEM RSA keys, to an EVP_PKEY plus the public-key
 * blob and token the sealed pack carries (snk.h). Every size in a blob is
 * checked against the data before anything is read.
 */
#include "snk.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "strongname.h"

/* bType of the CryptoAPI BLOBHEADER. */
enum { PUBLICKEYBLOB = 6,
       PRIVATEKEYBLOB = 7 };
enum { CALG_RSA_KEYX = 0xA400 };

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
fail(char *err, size_t errlen, const char *fmt, ...);

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	ERR_clear_error();
	return -1;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static void put32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static int bits_ok(uint32_t bits, char *err, size_t errlen)
{
	if (bits < SNK_MIN_BITS || bits > SNK_MAX_BITS || bits % 16)
		return fail(err, errlen, "%lu-bit RSA keys are not supported "
					 "(use %d to %d bits, a multiple of 16)",
			    (unsigned long)bits, SNK_MIN_BITS, SNK_MAX_BITS);
	return 0;
}

/* ---- the public half: blob and token, the same for every form ---- */

/* Builds the strong-name public-key blob of k->pkey (SHA-1, RSA sign). */
static int make_blob(struct snk_key *k, char *err, size_t errlen)
{
	BIGNUM *n = NULL, *e = NULL;
	int rc = -1;
	size_t mod = k->bits / 8;
	if (!EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    !EVP_PKEY_get_bn_param(k->pkey, OSSL_PKEY_PARAM_RSA_E, &e))
		return fail(err, errlen, "cannot read the RSA public key");
	if (BN_num_bits(e) > 32 || BN_is_zero(e)) {
		fail(err, errlen, "the RSA public exponent does not fit in 32 bits");
		goto out;
	}
	k->blob_len = SN_BLOB_HEADER + mod;
	k->blob = calloc(1, k->blob_len);
	if (!k->blob || BN_bn2lebinpad(n, k->blob + SN_BLOB_HEADER, (int)mod) < 0) {
		fail(err, errlen, "out of memory");
		goto out;
	}
	unsigned char *b = k->blob;
	put32(b, SN_CALG_RSA_SIGN);
	put32(b + 4, SN_CALG_SHA1);
	put32(b + 8, (uint32_t)(k->blob_len - 12));
	b[12] = PUBLICKEYBLOB;
	b[13] = 2;
	put32(b + 16, SN_CALG_RSA_SIGN);
	memcpy(b + 20, "RSA1", 4);
	put32(b + 24, k->bits);
	put32(b + 28, (uint32_t)BN_get_word(e));
	rc = sn_token(b, k->blob_len, k->token) == 0 ? 0 : fail(err, errlen, "cannot compute the public key token");
out:
	BN_free(n);
	BN_free(e);
	return rc;
}

/* Size, exponent, consistency; then the blob. */
static int finish(struct snk_key *k, char *err, size_t errlen)
{
	if (!EVP_PKEY_is_a(k->pkey, "RSA"))
		return fail(err, errlen, "the key is a%s %s key, not RSA",
			    strchr("AEIOU", EVP_PKEY_get0_type_name(k->pkey)[0]) ? "n" : "",
			    EVP_PKEY_get0_type_name(k->pkey));
	int bits = EVP_PKEY_get_bits(k->pkey);
	if (bits <= 0 || bits_ok((uint32_t)bits, err, errlen))
		return bits <= 0 ? fail(err, errlen, "cannot read the key size") : -1;
	k->bits = (unsigned)bits;
	if (!k->public_only) {
		EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
		int ok = c && EVP_PKEY_pairwise_check(c) == 1;
		EVP_PKEY_CTX_free(c);
		if (!ok)
			return fail(err, errlen, "the RSA key pair is inconsistent "
						 "(its private part does not match its public key)");
	}
	return make_blob(k, err, errlen);
}

/* ---- CryptoAPI blobs ---- */

static EVP_PKEY *from_params(OSSL_PARAM_BLD *bld, int selection)
{
	EVP_PKEY *key = NULL;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	if (ctx && params && EVP_PKEY_fromdata_init(ctx) > 0)
		EVP_PKEY_fromdata(ctx, &key, selection, params);
	OSSL_PARAM_free(params);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

/* PRIVATEKEYBLOB: BLOBHEADER, RSAPUBKEY "RSA2", then n (bits/8), p, q,
 * dp, dq, iqmp (bits/16 each) and d (bits/8), all little-endian. */
static int private_blob(const unsigned char *d, size_t len, struct snk_key *k,
			char *err, size_t errlen)
{
	static const char *const names[] = {
		OSSL_PKEY_PARAM_RSA_N,
		OSSL_PKEY_PARAM_RSA_FACTOR1,
		OSSL_PKEY_PARAM_RSA_FACTOR2,
		OSSL_PKEY_PARAM_RSA_EXPONENT1,
		OSSL_PKEY_PARAM_RSA_EXPONENT2,
		OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
		OSSL_PKEY_PARAM_RSA_D,
	};
	if (len < 20 || memcmp(d + 8, "RSA2", 4) != 0)
		return fail(err, errlen, "the key pair blob is truncated or has no 'RSA2' magic");
	uint32_t bits = le32(d + 12), exp = le32(d + 16);
	if (bits_ok(bits, err, errlen))
		return -1;
	size_t full = bits / 8, half = bits / 16;
	if (len != 20 + 2 * full + 5 * half)
		return fail(err, errlen, "the %lu-bit key pair blob has %zu bytes, not %zu",
			    (unsigned long)bits, len, 20 + 2 * full + 5 * half);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn[8] = { 0 };
	int ok = bld && (bn[7] = BN_new()) != NULL && BN_set_word(bn[7], exp) &&
		 OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn[7]);
	const unsigned char *p = d + 20;
	for (size_t i = 0; ok && i < 7; i++) {
		size_t n = i == 0 || i == 6 ? full : half;
		ok = (bn[i] = BN_lebin2bn(p, (int)n, NULL)) != NULL &&
		     OSSL_PARAM_BLD_push_BN(bld, names[i], bn[i]);
		p += n;
	}
	k->pkey = ok ? from_params(bld, EVP_PKEY_KEYPAIR) : NULL;
	for (size_t i = 0; i < 8; i++)
		BN_clear_free(bn[i]);
	OSSL_PARAM_BLD_free(bld);
	if (!k->pkey)
		return fail(err, errlen, "the key pair blob does not hold a usable RSA key");
	return finish(k, err, errlen);
}

/* The strong-name public-key blob (12-byte header first). */
static int public_blob(const unsigned char *d, size_t len, struct snk_key *k,
		       char *err, size_t errlen)
{
	if (len >= SN_BLOB_HEADER && memcmp(d + 20, "RSA1", 4) == 0 &&
	    bits_ok(le32(d + 24), err, errlen))
		return -1;
	uint32_t hash_alg = 0;
	k->pkey = sn_public_key(d, len, &hash_alg);
	if (!k->pkey)
		return fail(err, errlen, "the public key blob is truncated or malformed");
	if (hash_alg != SN_CALG_SHA1)
		return fail(err, errlen, "the public key asks for hash algorithm 0x%lx; "
					 "only SHA-1 strong names are supported",
			    (unsigned long)hash_alg);
	k->public_only = true;
	return finish(k, err, errlen);
}

/* A bare PUBLICKEYBLOB: give it the strong-name header, then as above. */
static int bare_public_blob(const unsigned char *d, size_t len, struct snk_key *k,
			    char *err, size_t errlen)
{
	if (len < 20 || len > SNK_MAX_FILE)
		return fail(err, errlen, "the public key blob is truncated");
	unsigned char *b = malloc(len + 12);
	if (!b)
		return fail(err, errlen, "out of memory");
	put32(b, SN_CALG_RSA_SIGN);
	put32(b + 4, SN_CALG_SHA1);
	put32(b + 8, (uint32_t)len);
	memcpy(b + 12, d, len);
	int rc = public_blob(b, len + 12, k, err, errlen);
	free(b);
	return rc;
}

/* ---- PEM ---- */

static int no_password(char *buf, int size, int rwflag, void *u)
{
	(void)buf, (void)size, (void)rwflag;
	*(int *)u = 1;
	return -1;
}

static int pem_key(const unsigned char *d, size_t len, struct snk_key *k,
		   char *err, size_t errlen)
{
	int asked = 0;
	BIO *bio = BIO_new_mem_buf(d, (int)len);
	if (!bio)
		return fail(err, errlen, "out of memory");
	k->pkey = PEM_read_bio_PrivateKey(bio, NULL, no_password, &asked);
	if (!k->pkey && !asked && BIO_reset(bio) == 1) {
		k->pkey = PEM_read_bio_PUBKEY(bio, NULL, no_password, &asked);
		k->public_only = k->pkey != NULL;
	}
	BIO_free(bio);
	if (asked)
		return fail(err, errlen, "encrypted PEM keys are not supported");
	if (!k->pkey)
		return fail(err, errlen, "no PEM private or public key could be read");
	return finish(k, err, errlen);
}

/* ---- public API ---- */

static bool is_pem(const unsigned char *d, size_t len)
{
	static const char tag[] = "-----BEGIN ";
	size_t i = 0;
	while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
		i++;
	return len - i >= sizeof tag - 1 && memcmp(d + i, tag, sizeof tag - 1) == 0;
}

static int parse(const unsigned char *d, size_t len, struct snk_key *k,
		 char *err, size_t errlen)
{
	if (len > SNK_MAX_FILE)
		return fail(err, errlen, "the key file is larger than %zu KiB", SNK_MAX_FILE >> 10);
	if (is_pem(d, len))
		return pem_key(d, len, k, err, errlen);
	if (len >= 8 && d[1] == 2 && (d[0] == PRIVATEKEYBLOB || d[0] == PUBLICKEYBLOB)) {
		uint32_t alg = le32(d + 4);
		if (alg != SN_CALG_RSA_SIGN && alg != CALG_RSA_KEYX)
			return fail(err, errlen, "the key blob is not an RSA key "
						 "(algorithm 0x%lx)",
				    (unsigned long)alg);
		return d[0] == PRIVATEKEYBLOB ? private_blob(d, len, k, err, errlen)
					      : bare_public_blob(d, len, k, err, errlen);
	}
	if (len >= 24 && d[12] == PUBLICKEYBLOB && d[13] == 2)
		return public_blob(d, len, k, err, errlen);
	return fail(err, errlen, "not an RSA strong-name key (expected a .snk from "
				 "'sn -k' or 'sn -p', or a PEM RSA key)");
}

int snk_parse(const unsigned char *data, size_t len, struct snk_key *k,
	      char *err, size_t errlen)
{
	memset(k, 0, sizeof *k);
	if (errlen)
		err[0] = '\0';
	int rc = parse(data, data ? len : 0, k, err, errlen);
	if (rc)
		snk_key_release(k);
	ERR_clear_error();
	return rc;
}

void snk_key_release(struct snk_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k->blob);
	memset(k, 0, sizeof *k);
}
