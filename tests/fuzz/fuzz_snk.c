/*
 * fuzz_snk.c - libFuzzer target for the signing-key reader (snk.c) and the
 * public-key blob reader it shares with unseal (strongname.c).
 *
 * Every input goes to snk_parse(). When it is accepted, the key must be
 * usable as scomc uses it: its public-key blob reads back through
 * sn_public_key() with the same token, and a key pair signs a digest that
 * then verifies. Anything else is a bug (abort). No file I/O.
 *
 *   make fuzz-snk [FUZZ_SECONDS=N]     seeds: the .snk files of tests/sealed, PEM keys
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snk.h"
#include "strongname.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_key(const struct snk_key *k)
{
	uint32_t alg = 0;
	EVP_PKEY *pub = sn_public_key(k->blob, k->blob_len, &alg);
	char token[17];
	if (!pub || alg != SN_CALG_SHA1 || sn_token(k->blob, k->blob_len, token) ||
	    strcmp(token, k->token) != 0)
		abort();
	if (!k->public_only) {
		unsigned char digest[20] = "scomc fuzz digest!!";
		unsigned char *sig = malloc(k->bits / 8);
		if (!sig || sn_sign(k->pkey, EVP_sha1(), digest, sizeof digest, sig, k->bits / 8) ||
		    sn_verify(pub, EVP_sha1(), sig, k->bits / 8, digest, sizeof digest) != 1)
			abort();
		free(sig);
	}
	EVP_PKEY_free(pub);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snk_key k;
	char err[256];
	if (snk_parse(data, size, &k, err, sizeof err) == 0) {
		check_key(&k);
		snk_key_release(&k);
	} else if (!err[0] || k.pkey || k.blob) {
		abort(); /* a refusal says why and holds nothing */
	}
	return 0;
}
