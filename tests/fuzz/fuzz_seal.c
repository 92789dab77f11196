/*
 * fuzz_seal.c - libFuzzer target for the seal writer (seal.c,
 * resources_write.c, pe_write.c, strongname.c) fed random MP XML and keys.
 *
 * Input: one flags byte, then
 *   bits 0-1  the key: 0 tests/sealed/Scomc.Test.Sealed.snk (1024 bits),
 *             1 tests/fuzz/keys/seal-2048.pem, 2 tests/fuzz/keys/seal-1536-e3.pem,
 *             3 in the input: a 16-bit little-endian length, then that many
 *             bytes through snk_parse() (a refused key ends the run)
 *   bit 2     delay-sign (forced for a public key only, as --delay-sign is)
 *   bit 3     raw: seal the text as it is (valid UTF-8 without NUL only:
 *             the writer's precondition), ID and version from the header; else the
 *             text is loaded and verified as `scomc seal` does and only a
 *             pack that verifies is sealed
 *   bit 4     raw only: SchemaVersion 2.0 (CLR 4 metadata)
 *   bit 5     company and copyright from the header
 *   header    NUL-terminated strings: raw: ID, version; bit 5: company,
 *             copyright
 *   the rest  the MP XML
 *
 * Oracle (fuzz_fail(), an abort(), on any failure): a refusal reports an error; a sealed
 * image reads back through unseal_mp() with the signature verifying (not
 * signed when delay-signed), the key's token, the ID and version, and the
 * same text (raw) or the same document (verified: the canonical XML of the
 * pack and of what unseals are equal); its strong-name hash verifies with
 * the key; sealing again gives the same bytes.
 *
 *   make fuzz-run-seal [FUZZ_SECONDS=N]     seeds: tests/fuzz/seeds-seal.sh
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/c14n.h>
#include <libxml/parser.h>

#include "harness.h"
#include "mpread.h"
#include "pe_write.h"
#include "resources_write.h"
#include "seal.h"
#include "snk.h"
#include "strbuf.h"
#include "strongname.h"
#include "unseal.h"
#include "utf.h"
#include "verify.h"
#include "xmlenv.h"

enum { F_KEY = 3, F_DELAY = 4, F_RAW = 8, F_SCHEMA2 = 16, F_ATTRS = 32 };

static const char *const key_files[3] = {
	"tests/sealed/Scomc.Test.Sealed.snk",
	"tests/fuzz/keys/seal-2048.pem",
	"tests/fuzz/keys/seal-1536-e3.pem",
};
static struct strbuf keys[3]; /* the files' bytes, parsed for every run */

static void release_keys(void)
{
	for (int i = 0; i < 3; i++)
		strbuf_release(&keys[i]);
}

static void read_key(int i)
{
	char *path = fuzz_root_path(key_files[i]);
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;
	if (!f)
		fuzz_fail("fuzz_seal: cannot read %s", path);
	strbuf_init(&keys[i]);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_add(&keys[i], chunk, n);
	fclose(f);
	free(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_init("seal");
	for (int i = 0; i < 3; i++)
		read_key(i);
	atexit(release_keys);
	return 0;
}

/* The input as it is consumed. */
struct cursor {
	const uint8_t *p;
	size_t left;
};

/* The next NUL-terminated string, or NULL if there is none. */
static const char *take_string(struct cursor *c)
{
	const uint8_t *nul = memchr(c->p, 0, c->left);
	if (!nul)
		return NULL;
	const char *s = (const char *)c->p;
	c->left -= (size_t)(nul - c->p) + 1;
	c->p = nul + 1;
	return s;
}

/* The key of the flags, into k. Returns 0, or -1 if the input's key was
 * refused (which must then say why and hold nothing). */
static int take_key(struct cursor *c, unsigned flags, struct snk_key *k)
{
	char err[256] = "";
	const unsigned char *b;
	size_t n;
	if ((flags & F_KEY) == 3) {
		if (c->left < 2)
			return -1;
		n = c->p[0] | (size_t)c->p[1] << 8;
		c->p += 2;
		c->left -= 2;
		if (n > c->left)
			n = c->left;
		b = c->p;
		c->p += n;
		c->left -= n;
	} else {
		b = (const unsigned char *)keys[flags & F_KEY].buf;
		n = keys[flags & F_KEY].len;
	}
	if (snk_parse(b, n, k, err, sizeof err) == 0)
		return 0;
	if (!err[0] || k->pkey || k->blob)
		fuzz_fail("a refused key without a message, or holding a key");
	if ((flags & F_KEY) != 3)
		fuzz_fail("the fixed key %u does not load: %s", flags & F_KEY, err);
	return -1;
}

/* What seal_pack() takes: valid UTF-8 without NUL (verified XML is). */
static bool sealable_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n;)
		if (utf_next8((const unsigned char *)s, n, &i) <= 0)
			return false;
	return true;
}

/* The canonical XML (C14N 1.0 with comments) of doc; caller frees. */
static xmlChar *canonical(xmlDocPtr doc, int *len)
{
	xmlChar *out = NULL;
	*len = xmlC14NDocDumpMemory(doc, NULL, XML_C14N_1_0, NULL, 1, &out);
	if (*len < 0)
		fuzz_fail("xmlC14NDocDumpMemory failed");
	return out;
}

/* What the verified pack holds and what unsealed are the same document. */
static void same_document(xmlDocPtr doc, const char *xml, size_t len)
{
	xmlDocPtr back = xmlReadMemory(xml, (int)len, NULL, "UTF-8", XMLENV_PARSE_OPTIONS);
	if (!back)
		fuzz_fail("the sealed text is not well-formed XML");
	int n1, n2;
	xmlChar *a = canonical(doc, &n1), *b = canonical(back, &n2);
	if (n1 != n2 || memcmp(a, b, (size_t)n1) != 0)
		fuzz_fail("the sealed document differs from the verified one (canonical XML)");
	xmlFree(a);
	xmlFree(b);
	xmlFreeDoc(back);
}

/* "a.b.c.d" as an assembly version reads it. */
static bool same_version(const char *want, const char *got)
{
	unsigned long w[4], g[4];
	return sscanf(want, "%lu.%lu.%lu.%lu", &w[0], &w[1], &w[2], &w[3]) == 4 &&
	       sscanf(got, "%lu.%lu.%lu.%lu", &g[0], &g[1], &g[2], &g[3]) == 4 &&
	       memcmp(w, g, sizeof w) == 0;
}

/* The image must verify with the key: the strong-name hash, recomputed. */
static void signature_verifies(const struct seal_ctx *c, const struct pe_image *im)
{
	struct sn_layout l;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	pe_image_layout(im, &l);
	if (!sn_digest(im->data, &l, EVP_sha1(), digest, &n) ||
	    sn_verify(c->key.pkey, EVP_sha1(), im->data + im->sig.off, im->sig.len, digest, n) != 1)
		fuzz_fail("the strong-name signature does not verify with the key");
}

static void check_image(const struct seal_ctx *c, const struct seal_pack *p, xmlDocPtr doc,
			const struct pe_image *im)
{
	struct unseal_result r;
	if (unseal_mp(im->data, im->len, &r) != 0)
		fuzz_fail("the sealed image does not unseal: %s", r.error);
	if (r.signature != (c->delay_sign ? UNSEAL_SIG_NONE : UNSEAL_SIG_OK) ||
	    strcmp(r.token, c->key.token) != 0 || strcmp(r.name, p->id) != 0 ||
	    !same_version(p->version, r.version))
		fuzz_fail("unsealed identity: signature %d, token %s, name '%s', version %s", r.signature,
			  r.token, r.name, r.version);
	if (doc) {
		same_document(doc, r.xml, r.xml_len);
	} else {
		size_t s, e;
		resources_mp_text(p->xml, p->len, &s, &e);
		if (r.xml_len != e - s || memcmp(r.xml, p->xml + s, e - s) != 0)
			fuzz_fail("the unsealed text differs from the sealed one");
	}
	if (!c->delay_sign)
		signature_verifies(c, im);
	unseal_result_release(&r);
}

/* Seal p twice: a refusal must report, a sealed image must pass
 * check_image() and come out the same both times. */
static void seal_and_check(const struct seal_ctx *c, const struct seal_pack *p, xmlDocPtr doc,
			   struct diag_sink *sink)
{
	unsigned before = sink->errors;
	struct pe_image a, b;
	if (seal_image(c, p, &a, sink) != 0) {
		/* E806 (identity) only: the inputs are far below E807's size */
		if (sink->errors == before || a.data || strcmp(sink->v[sink->n - 1].id, "E806") != 0)
			fuzz_fail("a refusal without E806: %s", sink->n ? sink->v[sink->n - 1].id : "none");
		return;
	}
	check_image(c, p, doc, &a);
	if (seal_image(c, p, &b, sink) != 0 || a.len != b.len || memcmp(a.data, b.data, a.len) != 0)
		fuzz_fail("sealing twice gave different bytes");
	pe_image_release(&a);
	pe_image_release(&b);
}

/* Load and verify the text as `scomc seal` does, seal only a clean pack.
 * The pack stays in kept: the diagnostics point into its text. */
static void seal_verified(const struct seal_ctx *c, const char *xml, size_t len,
			  struct mp_files *kept, struct diag_sink *sink)
{
	struct mp_file *mp = mp_files_add(kept);
	if (mp_load_mem(mp, "-", xml, len, sink) == 0 && mp->root) {
		verify_loaded(mp, sink, &fuzz_xsd, NULL, NULL);
		if (sink->errors == 0) {
			struct seal_pack p = seal_pack_of(mp);
			seal_and_check(c, &p, mp->doc, sink);
			seal_pack_release(&p);
		}
	}
	mp_unload(mp);
}

static void seal_raw(const struct seal_ctx *c, const char *id, const char *version, bool schema2,
		     const char *xml, size_t len, struct diag_sink *sink)
{
	if (!sealable_text(xml, len))
		return;
	struct seal_pack p = { .id = id, .version = version, .id_loc = LOC_NONE,
			       .version_loc = LOC_NONE, .schema2 = schema2, .xml = xml, .len = len };
	seal_and_check(c, &p, NULL, sink);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned flags = data[0];
	struct cursor in = { data + 1, size - 1 };
	const char *id = NULL, *version = NULL, *company = NULL, *copyright = NULL;
	if (flags & F_RAW) {
		if (!(id = take_string(&in)) || !(version = take_string(&in)))
			return 0;
	}
	if ((flags & F_ATTRS) && (!(company = take_string(&in)) || !(copyright = take_string(&in))))
		return 0;
	struct diag_sink sink;
	diag_sink_init(&sink, 0);
	struct mp_files kept = { NULL, 0 };
	struct seal_ctx c;
	memset(&c, 0, sizeof c);
	if (seal_ctx_set(&c, company, copyright, flags & F_DELAY, &sink) == 0 &&
	    take_key(&in, flags, &c.key) == 0) {
		c.delay_sign |= c.key.public_only;
		char *xml = xstrndup((const char *)in.p, in.left); /* NUL-terminated for libxml2 */
		if (flags & F_RAW)
			seal_raw(&c, id, version, flags & F_SCHEMA2, xml, in.left, &sink);
		else
			seal_verified(&c, xml, in.left, &kept, &sink);
		free(xml);
	}
	seal_ctx_release(&c);
	fuzz_drain(&sink, flags & F_ATTRS);
	mp_files_release(&kept);
	return 0;
}
