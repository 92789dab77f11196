/*
 * test_snk.c - the signing-key reader (snk.c) on good and hostile input:
 * the published test key pair (tests/sealed/Scomc.Test.Sealed.snk, read
 * from $ROOT), its public half, every truncation, every single-byte flip,
 * blobs claiming huge or tiny key sizes, random bytes and broken PEM.
 * Each input is copied into a heap block of exactly its size, so the
 * sanitizer build catches any read past the end.
 */
#include <stdlib.h>

#include "base.h"
#include "snk.h"
#include "harness.h"

static unsigned char key[4096];
static size_t key_len;

static int parse_copy(const unsigned char *d, size_t n, struct snk_key *k)
{
	unsigned char *copy = malloc(n ? n : 1);
	memcpy(copy, d, n);
	char err[256];
	int rc = snk_parse(copy, n, k, err, sizeof err);
	if (rc)
		OK(err[0] != '\0' && k->pkey == NULL && k->blob == NULL);
	free(copy);
	return rc;
}

static void load_fixture(void)
{
	const char *root = getenv("ROOT");
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/sealed/Scomc.Test.Sealed.snk", root ? root : ".");
	FILE *f = fopen(path, "rb");
	OK(f != NULL);
	if (f) {
		key_len = fread(key, 1, sizeof key, f);
		fclose(f);
	}
	INT_EQ(key_len, 596);
}

static void good_pair(void)
{
	struct snk_key k;
	INT_EQ(parse_copy(key, key_len, &k), 0);
	STR_EQ(k.token, "fa95038b264b1690");
	INT_EQ(k.bits, 1024);
	OK(!k.public_only);
	INT_EQ(k.blob_len, 160);
	/* Its public half (as `sn -p` writes it) reads as public only. */
	struct snk_key pub;
	INT_EQ(parse_copy(k.blob, k.blob_len, &pub), 0);
	OK(pub.public_only);
	STR_EQ(pub.token, k.token);
	/* A bare PUBLICKEYBLOB (no 12-byte strong-name header) too. */
	struct snk_key bare;
	INT_EQ(parse_copy(k.blob + 12, k.blob_len - 12, &bare), 0);
	STR_EQ(bare.token, k.token);
	snk_key_release(&bare);
	snk_key_release(&pub);
	snk_key_release(&k);
	snk_key_release(NULL);
}

static void truncations(void)
{
	int accepted = 0;
	for (size_t n = 0; n < key_len; n++) {
		struct snk_key k;
		accepted += parse_copy(key, n, &k) == 0;
		snk_key_release(&k);
	}
	INT_EQ(accepted, 0);
}

/* A flipped byte is refused (bad header, size or inconsistent pair) or,
 * in bytes nobody reads (the reserved field), gives the same key. */
static void flips(void)
{
	int changed = 0;
	for (size_t i = 0; i < key_len; i++) {
		unsigned char d[sizeof key];
		memcpy(d, key, key_len);
		d[i] ^= 0x01;
		struct snk_key k;
		if (parse_copy(d, key_len, &k) == 0)
			changed += strcmp(k.token, "fa95038b264b1690") != 0;
		snk_key_release(&k);
	}
	INT_EQ(changed, 0);
}

static void put32(unsigned char *p, unsigned long v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static void hostile_sizes(void)
{
	static const unsigned long bits[] = { 0, 8, 512, 1023, 1032, 8192, 0x7FFFFFF0ul, 0xFFFFFFFFul };
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++) {
		unsigned char d[sizeof key];
		memcpy(d, key, key_len);
		put32(d + 12, bits[i]);                  /* RSAPUBKEY.bitlen */
		struct snk_key k;
		OK(parse_copy(d, key_len, &k) != 0);
		unsigned char pub[200] = { 0x00, 0x24, 0, 0, 0x04, 0x80, 0, 0 };
		put32(pub + 8, 0xFFFFFFF0ul);            /* cbPublicKey */
		pub[12] = 6, pub[13] = 2;
		memcpy(pub + 20, "RSA1", 4);
		put32(pub + 24, bits[i]);
		OK(parse_copy(pub, sizeof pub, &k) != 0);
	}
	unsigned char *big = calloc(1, SNK_MAX_FILE + 1);
	memcpy(big, key, key_len);
	struct snk_key k;
	OK(parse_copy(big, SNK_MAX_FILE + 1, &k) != 0); /* over the file limit */
	free(big);
}

static void garbage(void)
{
	unsigned long x = 0x2545F491ul;
	int accepted = 0;
	for (int round = 0; round < 2000; round++) {
		unsigned char d[700];
		size_t n = (size_t)(round * 7 % (int)sizeof d);
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5;
			d[i] = (unsigned char)x;
		}
		if (round % 3 == 0 && n >= 8)
			d[0] = (unsigned char)(round % 2 ? 7 : 6), d[1] = 2; /* look like a blob */
		struct snk_key k;
		accepted += parse_copy(d, n, &k) == 0;
		snk_key_release(&k);
	}
	INT_EQ(accepted, 0);
	static const char *const pems[] = {
		"-----BEGIN RSA PRIVATE KEY-----\nnot base64 at all\n-----END RSA PRIVATE KEY-----\n",
		"-----BEGIN PRIVATE KEY-----\n",
		"   \n-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
		"-----BEGIN ",
	};
	for (size_t i = 0; i < ARRAY_SIZE(pems); i++) {
		struct snk_key k;
		OK(parse_copy((const unsigned char *)pems[i], strlen(pems[i]), &k) != 0);
	}
}

int main(void)
{
	load_fixture();
	if (key_len == 596) {
		good_pair();
		truncations();
		flips();
		hostile_sizes();
	}
	garbage();
	return harness_done("snk (signing keys: good, truncated, flipped, hostile)");
}
