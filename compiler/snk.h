/*
 * snk.h - read a strong-name signing key from memory.
 *
 * Accepted forms (each an RSA key of SNK_MIN_BITS to SNK_MAX_BITS bits,
 * public exponent below 2^32):
 *   - a key pair as `sn -k` writes it: a CryptoAPI PRIVATEKEYBLOB
 *     (bType 7, "RSA2", modulus, primes, exponents, coefficient, d);
 *   - a public key only, as `sn -p` writes it: the strong-name public-key
 *     blob (12-byte header + PUBLICKEYBLOB), or a bare PUBLICKEYBLOB
 *     (bType 6, "RSA1"); good for delay signing only;
 *   - PEM: "RSA PRIVATE KEY", "PRIVATE KEY" (unencrypted PKCS#8), or
 *     "PUBLIC KEY" (public only). Encrypted PEM keys are refused.
 * A private key is checked for consistency (n = pq, d and e match) so a
 * corrupt key pair is refused here, not discovered after signing.
 *
 * The reader never prints, keeps no state and reads nothing outside
 * [data, data + len). The key material stays in the struct snk_key; no
 * function here writes it anywhere.
 */
#ifndef SCOMC_SNK_H
#define SCOMC_SNK_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/evp.h>

enum { SNK_MIN_BITS = 1024,
       SNK_MAX_BITS = 4096 };

/* Largest key file read: a 4096-bit PRIVATEKEYBLOB is 2324 bytes; PEM
 * with comments stays far below this. */
#define SNK_MAX_FILE ((size_t)64 << 10)

struct snk_key {
	EVP_PKEY *pkey; /* owned; a key pair unless public_only */
	bool public_only;
	unsigned bits;
	unsigned char *blob; /* strong-name public-key blob (strongname.h), owned */
	size_t blob_len;
	char token[17]; /* public key token of blob, lower-case hex */
};

/* Reads the key in data[0..len) into *k (overwritten). Returns 0, or -1
 * with a lowercase message without a trailing period in err[0..errlen)
 * (k is then released). */
int snk_parse(const unsigned char *data, size_t len, struct snk_key *k,
	      char *err, size_t errlen);

/* Frees the key and blob and zeroes *k. Accepts NULL or a zeroed key. */
void snk_key_release(struct snk_key *k);

#endif
