/*
 * seal.c - `scomc seal` and the sealing step of `scomc --seal-key`
 * (seal.h). Input: MP XML files (verified first, as `scomc verify` does)
 * and a signing key. Output: DIR/<ID>.mp for each, staged and committed
 * together, and one "sealed" line per pack on stdout. The key file's bytes
 * are wiped from memory once parsed and are never written anywhere.
 */
#include "seal.h"

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>

#include <libxml/encoding.h>
#include <libxml/xmlstring.h>
#include <openssl/crypto.h>

#include "alloc.h"
#include "check.h"
#include "cli.h"
#include "mpread.h"
#include "refpacks.h"
#include "out.h"
#include "pe_write.h"
#include "refpacks.h"
#include "resources_write.h"
#include "source.h"
#include "strongname.h"
#include "task.h"
#include "unseal.h"
#include "utf.h"
#include "verify.h"
#include "xsd.h"

const char seal_usage[] =
	"Usage: scomc seal [OPTION]... FILE.xml...\n"
	"Seal management packs: verify each FILE as 'scomc verify' does, then write\n"
	"DIR/<ID>.mp, a strong-name signed assembly SCOM imports as a sealed pack.\n"
	"The same XML and key always give the same bytes. For each pack one line\n"
	"is printed: sealed <file> <ID> <version> token <public key token>.\n"
	"\n"
	"      --key=KEY            the signing key: a .snk from 'sn -k' (or, with\n"
	"                           --delay-sign, 'sn -p'), or a PEM RSA key,\n"
	"                           1024 to 4096 bits (default: $SCOMC_SEAL_KEY)\n"
	"      --delay-sign         reserve the signature but do not sign (a public\n"
	"                           key is enough); sign later with 'sn -R'\n"
	"      --company=NAME       AssemblyCompany and AssemblyProduct\n"
	"      --copyright=TEXT     AssemblyCopyright\n"
	"      --references=DIR     verify against the referenced packs in DIR (sealed\n"
	"                           .mp or XML), as MPSeal's /I does; repeatable\n"
	"                           (default: $SCOMC_REFERENCES; docs/verify.md)\n"
	"  -o, --output=DIR         write into DIR (default: .)\n"
	"      --schema-dir=DIR     schemas (default: $SCOMC_SCHEMA_DIR, then installed)\n"
	"  -h, --help               show this help and exit\n"
	"  Diagnostics options as for compiling ('scomc --help'): --diagnostics-format,\n"
	"  --diagnostics-output, --max-errors, --werror, --no-caret, -q, --color.\n"
	"\n"
	"Nothing is written unless every pack verifies and seals. A key pair inside\n"
	"a Git work tree gets a warning [W801]: keep it out of the repository.\n"
	"Exit status: 0 sealed, 1 bad pack or key, 2 usage error, 3 I/O error\n"
	"(no key, unreadable key, unwritable output), 4 internal error.\n"
	"Keys, delay signing and tokens: docs/seal.md.\n";

/* ---- the key ---- */

/* The work tree holding path (a directory with a .git entry), or NULL. */
static char *git_work_tree(const char *path)
{
	char *real = realpath(path, NULL);
	if (!real)
		return NULL;
	struct strbuf probe = STRBUF_INIT;
	char *found = NULL;
	for (char *slash = strrchr(real, '/'); slash && !found; slash = strrchr(real, '/')) {
		*slash = '\0';
		strbuf_reset(&probe);
		strbuf_addf(&probe, "%s/.git", real);
		struct stat st;
		if (lstat(probe.buf, &st) == 0)
			found = xstrdup(*real ? real : "/");
	}
	strbuf_release(&probe);
	free(real);
	return found;
}

/* Reads at most SNK_MAX_FILE + 1 bytes of path into buf. Returns the
 * count, or -1 with errno set. */
static long read_key_file(const char *path, unsigned char *buf)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		return -1;
	}
	size_t n = fread(buf, 1, SNK_MAX_FILE + 1, f);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		errno = EIO;
		return -1;
	}
	return (long)n;
}

static int load_key(struct seal_ctx *c, const char *path, struct diag_sink *sink)
{
	unsigned char *buf = xmalloc(SNK_MAX_FILE + 1);
	long n = read_key_file(path, buf);
	if (n < 0) {
		diag_env_error(sink, "E802", "cannot read signing key '%s': %s", path, strerror(errno));
		free(buf);
		return -1;
	}
	char err[256];
	int rc = snk_parse(buf, (size_t)n, &c->key, err, sizeof err);
	OPENSSL_cleanse(buf, SNK_MAX_FILE + 1);
	free(buf);
	if (rc) {
		diag_error(sink, LOC_NONE, "E803", "signing key '%s': %s", path, err);
		diag_hint(sink, "make a key pair with 'sn -k KEY.snk' or 'openssl genrsa -out KEY.pem 2048'");
		return -1;
	}
	return 0;
}

static int check_key_use(struct seal_ctx *c, const char *path, struct diag_sink *sink)
{
	if (c->key.public_only && !c->delay_sign) {
		diag_error(sink, LOC_NONE, "E804", "signing key '%s' holds only a public key", path);
		diag_hint(sink, "sealing needs the key pair; with --delay-sign a public key is enough "
				"(sign later with 'sn -R')");
		return -1;
	}
	char *tree = c->key.public_only ? NULL : git_work_tree(path);
	if (tree) {
		diag_warning(sink, LOC_NONE, "W801", "signing key '%s' is inside the Git work tree '%s'",
			     path, tree);
		diag_hint(sink, "a committed key pair lets anyone seal as you: keep it outside the "
				"repository (a CI secret, passed with SCOMC_SEAL_KEY)");
		free(tree);
	}
	return 0;
}

/* An attribute value: valid UTF-8, at most PE_MAX_STRING bytes. */
static int check_text(const char *what, const char *s, struct diag_sink *sink)
{
	if (!s || (strlen(s) <= PE_MAX_STRING && xmlCheckUTF8((const xmlChar *)s)))
		return 0;
	return diag_error(sink, LOC_NONE, "E808", "%s must be valid UTF-8 of at most %d bytes",
			  what, PE_MAX_STRING);
}

int seal_ctx_set(struct seal_ctx *c, const char *company, const char *copyright, bool delay_sign,
		 struct diag_sink *sink)
{
	c->company = company && *company ? company : NULL;
	c->copyright = copyright && *copyright ? copyright : NULL;
	c->delay_sign = delay_sign;
	strbuf_init(&c->report);
	return check_text("--company", c->company, sink) ||
			       check_text("--copyright", c->copyright, sink)
		       ? -1
		       : 0;
}

int seal_ctx_init(struct seal_ctx *c, const char *key_path, const char *company,
		  const char *copyright, bool delay_sign, struct diag_sink *sink)
{
	if (seal_ctx_set(c, company, copyright, delay_sign, sink))
		return -1;
	const char *path = key_path ? key_path : getenv("SCOMC_SEAL_KEY");
	if (!path || !*path) {
		diag_env_error(sink, "E801", "no signing key: give --key=KEY or set SCOMC_SEAL_KEY");
		diag_hint(sink, "make one with 'sn -k KEY.snk' (Mono) or 'openssl genrsa -out KEY.pem 2048'");
		return -1;
	}
	if (load_key(c, path, sink))
		return -1;
	return check_key_use(c, path, sink);
}

void seal_ctx_release(struct seal_ctx *c)
{
	snk_key_release(&c->key);
	strbuf_release(&c->report);
}

/* ---- one pack ---- */

/* "a.b.c.d", each 0..65534 (65535 is reserved in assembly versions). */
static int parse_version(const char *s, unsigned v[4])
{
	for (int i = 0; i < 4; i++) {
		char *end;
		if (*s < '0' || *s > '9')
			return -1;
		errno = 0;
		unsigned long n = strtoul(s, &end, 10);
		if (errno || n > 65534 || end - s > 5 || *end != (i < 3 ? '.' : '\0'))
			return -1;
		v[i] = (unsigned)n;
		s = end + (i < 3);
	}
	return 0;
}

/* Reads the image back as unseal does: it must give the same identity,
 * token, text and signature state, or the writer has a bug. */
static void read_back(const struct seal_ctx *c, const struct seal_pack *p, const struct pe_image *im)
{
	struct unseal_result r;
	size_t s, e;
	resources_mp_text(p->xml, p->len, &s, &e);
	int rc = unseal_mp(im->data, im->len, &r);
	bool same = rc == 0 && r.signature == (c->delay_sign ? UNSEAL_SIG_NONE : UNSEAL_SIG_OK) &&
		    strcmp(r.token, c->key.token) == 0 && strcmp(r.name, p->id) == 0 &&
		    r.xml_len == e - s && memcmp(r.xml, p->xml + s, e - s) == 0;
	if (!same)
		BUG("sealed image of '%s' does not read back: %s", p->id, rc ? r.error : "different content");
	unseal_result_release(&r);
}

/* libcrypto fails here only when memory runs out: treated like xmalloc. */
static void sign(const struct seal_ctx *c, struct pe_image *im)
{
	struct sn_layout l;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	pe_image_layout(im, &l);
	if (!sn_digest(im->data, &l, EVP_sha1(), digest, &n) ||
	    sn_sign(c->key.pkey, EVP_sha1(), digest, n, im->data + im->sig.off, im->sig.len))
		BUG("libcrypto could not sign the strong-name hash");
}

static void describe(struct pe_assembly *a, const struct seal_ctx *c, const struct seal_pack *p,
		     const struct strbuf *res)
{
	a->name = p->id;
	a->title = p->id;
	a->company = c->company;
	a->product = c->company;
	a->copyright = c->copyright;
	a->file_version = p->version;
	a->public_key = c->key.blob;
	a->public_key_len = c->key.blob_len;
	a->sig_len = c->key.bits / 8;
	a->strong_name_signed = !c->delay_sign;
	a->clr4 = p->schema2;
	a->resource = (const unsigned char *)res->buf;
	a->resource_len = res->len;
}

/* The image of p, signed and read back. Touches neither the sink nor the
 * output, so that it can run on a second thread. Returns 0, or -1 when
 * the pack is over UNSEAL_MAX_XML_BYTES as UTF-16 (E807, reported by
 * finish()). */
static int build(const struct seal_ctx *c, const struct seal_pack *p, const unsigned v[4],
		 struct pe_image *im)
{
	struct strbuf gz = STRBUF_INIT, res = STRBUF_INIT;
	if (resources_mp_payload(p->xml, p->len, UNSEAL_MAX_XML_BYTES, &gz)) {
		strbuf_release(&gz);
		return -1;
	}
	resources_write(gz.buf, gz.len, p->schema2, &res);
	strbuf_release(&gz);
	struct pe_assembly a = { 0 };
	describe(&a, c, p, &res);
	memcpy(a.version, v, sizeof a.version);
	pe_write(&a, im);
	strbuf_release(&res);
	if (!c->delay_sign)
		sign(c, im);
	read_back(c, p, im);
	return 0;
}

/* E806 unless p's ID and version can be an assembly's; v gets the version. */
static int check_identity(const struct seal_pack *p, unsigned v[4], struct diag_sink *sink)
{
	if (!p->id || !check_is_mp_id(p->id) || strlen(p->id) > CHECK_MAX_ID)
		return diag_error(sink, p->id_loc, "E806", "'%s' cannot be an assembly name",
				  p->id ? p->id : "");
	if (!p->version || parse_version(p->version, v))
		return diag_error(sink, p->version_loc, "E806", "version '%s' cannot be an assembly "
								"version (four numbers from 0 to 65534)",
				  p->version ? p->version : "");
	return 0;
}

static int too_large(const struct seal_pack *p, struct diag_sink *sink)
{
	return diag_error(sink, p->id_loc, "E807", "management pack '%s' is too large to seal "
						   "(over %zu MiB as UTF-16)",
			  p->id, UNSEAL_MAX_XML_BYTES >> 20);
}

/* After build(): E807, or stage <ID>.mp and note the line to print. */
static int finish(struct seal_ctx *c, const struct seal_pack *p, int built, struct pe_image *im,
		  struct out *out, struct diag_sink *sink)
{
	if (built != 0)
		return too_large(p, sink);
	struct strbuf name = STRBUF_INIT;
	strbuf_addf(&name, "%s.mp", p->id);
	int rc = out_write(out, name.buf, im->data, im->len, sink);
	if (rc == 0)
		strbuf_addf(&c->report, "%s %s%s%s %s %s token %s\n",
			    c->delay_sign ? "delay-signed" : "sealed", out->dir,
			    out->dir[strlen(out->dir) - 1] == '/' ? "" : "/", name.buf, p->id,
			    p->version, c->key.token);
	strbuf_release(&name);
	return rc;
}

int seal_image(const struct seal_ctx *c, const struct seal_pack *p, struct pe_image *im,
	       struct diag_sink *sink)
{
	unsigned v[4];
	memset(im, 0, sizeof *im);
	if (check_identity(p, v, sink))
		return -1;
	if (build(c, p, v, im) == 0)
		return 0;
	pe_image_release(im);
	return too_large(p, sink);
}

int seal_pack(struct seal_ctx *c, const struct seal_pack *p, struct out *out,
	      struct diag_sink *sink)
{
	struct pe_image im;
	if (seal_image(c, p, &im, sink))
		return -1;
	int rc = finish(c, p, 0, &im, out, sink);
	pe_image_release(&im);
	return rc;
}

/* ---- sealing one pack while the next is verified ---- */

/* A verified pack being built on a second thread. It owns copies of the
 * ID and version (the pack's index is unloaded meanwhile) and p.utf8, and
 * borrows its text and locations (the pack's source stays loaded until
 * the end). */
struct job {
	struct seal_ctx *c;
	struct seal_pack p;
	char *id, *version;
	unsigned v[4];
	struct pe_image im;
	int built;
	struct task task;
};

static void *run_job(void *arg)
{
	struct job *j = arg;
	j->built = build(j->c, &j->p, j->v, &j->im);
	return NULL;
}

/* Starts building p, on a thread when one can be made; the job takes
 * p->utf8. NULL after reporting E806 (p released). */
static struct job *start_job(struct seal_ctx *c, struct seal_pack *p, struct diag_sink *sink)
{
	unsigned v[4];
	if (check_identity(p, v, sink)) {
		seal_pack_release(p);
		return NULL;
	}
	struct job *j = xcalloc(1, sizeof *j);
	j->c = c;
	j->p = *p;
	j->p.id = j->id = xstrdup(p->id);
	j->p.version = j->version = xstrdup(p->version);
	memcpy(j->v, v, sizeof j->v);
	task_start(&j->task, run_job, j);
	return j;
}

/* Waits for j, stages its result and frees it. Accepts NULL. */
static void finish_job(struct job *j, struct out *out, struct diag_sink *sink)
{
	if (!j)
		return;
	task_join(&j->task);
	finish(j->c, &j->p, j->built, &j->im, out, sink);
	pe_image_release(&j->im);
	seal_pack_release(&j->p);
	free(j->id);
	free(j->version);
	free(j);
}

/* ---- the command ---- */

/* True if mp's text is what libxml2 read as UTF-8: a declared or detected
 * 8-bit encoding other than UTF-8 (ISO-8859-1, EBCDIC, UCS-4 ...) means
 * libxml2 converted it. (A UTF-16 file's text is UTF-8 already: mpread.c
 * converts it before parsing, and libxml2 ignores a declared UTF-16 in
 * 8-bit text.) */
static bool text_is_utf8(const struct mp_file *mp)
{
	const unsigned char *d = (const unsigned char *)mp->src->data;
	size_t n = mp->src->len;
	xmlCharEncoding detected = xmlDetectCharEncoding(d, n < 4 ? (int)n : 4);
	if (detected != XML_CHAR_ENCODING_NONE && detected != XML_CHAR_ENCODING_UTF8)
		return false;
	if (mp->doc->encoding) {
		xmlCharEncoding declared = xmlParseCharEncoding((const char *)mp->doc->encoding);
		if (declared != XML_CHAR_ENCODING_UTF8 && declared != XML_CHAR_ENCODING_UTF16LE &&
		    declared != XML_CHAR_ENCODING_UTF16BE)
			return false;
	}
	for (size_t i = 0; i < n;)
		if (utf_next8(d, n, &i) <= 0)
			return false;
	return true;
}

struct seal_pack seal_pack_of(struct mp_file *mp)
{
	struct seal_pack p = {
		.id = mp->id,
		.version = mp->version,
		.id_loc = mp_loc(mp, mp->id_node),
		.version_loc = mp_loc(mp, mp->version_node),
		.schema2 = xmlHasProp(mp->root, BAD_CAST "SchemaVersion") != NULL,
		.xml = mp->src->data,
		.len = mp->src->len,
	};
	if (!text_is_utf8(mp)) {
		/* The pack as libxml2 read it, serialized as UTF-8: the same
		 * document (its declaration is dropped when it is stored). */
		xmlChar *buf = NULL;
		int n = 0;
		xmlDocDumpMemoryEnc(mp->doc, &buf, &n, "UTF-8");
		if (!buf || n < 0)
			BUG("libxml2 could not serialize '%s' as UTF-8", mp->path);
		p.utf8 = xstrndup((const char *)buf, (size_t)n);
		xmlFree(buf);
		p.xml = p.utf8;
		p.len = (size_t)n;
	}
	return p;
}

void seal_pack_release(struct seal_pack *p)
{
	free(p->utf8);
	p->utf8 = NULL;
}

static int not_sealed(struct mp_file *mp, struct diag_sink *sink)
{
	return diag_file_error(sink, mp->src, "E805", "not sealed: the management pack has errors");
}

int seal_text(struct seal_ctx *c, const char *name, const char *xml, size_t len,
	      struct xsd_cache *xsd, struct refpacks *refs, struct mp_files *kept,
	      struct out *out, struct diag_sink *sink)
{
	unsigned before = sink->errors;
	struct mp_file *mp = mp_files_add(kept);
	if (mp_load_mem(mp, name, xml, len, sink) != 0 || !mp->root)
		return not_sealed(mp, sink);
	verify_loaded(mp, sink, xsd, NULL, refs);
	int rc;
	if (sink->errors > before) {
		rc = not_sealed(mp, sink);
	} else {
		struct seal_pack p = seal_pack_of(mp);
		rc = seal_pack(c, &p, out, sink);
		seal_pack_release(&p);
	}
	mp_unload(mp); /* the diagnostics need only its text */
	return rc;
}

/* Verifies path while the previous pack (pending) is built on the second
 * thread, then finishes that one; returns the job building this pack, or
 * NULL. Diagnostics stay in file order: a pack's E807 is reported before
 * the next pack is judged. */
static struct job *seal_file(struct seal_ctx *c, struct mp_files *kept, struct xsd_cache *xsd,
			     struct refpacks *refs, struct out *out, struct diag_sink *sink,
			     const char *path, struct job *pending)
{
	unsigned before = sink->errors;
	struct mp_file *mp = verify_file(kept, sink, xsd, NULL, refs, path);
	bool bad = sink->errors > before;
	finish_job(pending, out, sink);
	if (!mp || sink->env_error)
		return NULL;
	struct job *j = NULL;
	if (bad) {
		not_sealed(mp, sink);
	} else {
		struct seal_pack p = seal_pack_of(mp);
		j = start_job(c, &p, sink);
	}
	mp_unload(mp); /* the diagnostics and the job need only its text */
	return j;
}

/* The packs' texts stay in kept and the reference packs in refs (both
 * the caller's): the diagnostics point into them. */
static void seal_all(struct cli *cl, struct seal_ctx *c, struct mp_files *kept,
		     struct refpacks *refs, struct out *out, struct diag_sink *sink)
{
	struct xsd_cache xsd;
	cli_xsd_init(cl, &xsd);
	refpacks_open(refs, cl->references, cl->nreferences);
	struct refpacks *use = refpacks_enabled(refs) ? refs : NULL;
	struct job *pending = NULL;
	for (int i = 0; i < cl->nfiles && !sink->env_error; i++)
		pending = seal_file(c, kept, &xsd, use, out, sink, cl->files[i], pending);
	finish_job(pending, out, sink);
	xsd_cache_release(&xsd);
}

int seal_main(struct cli *cl)
{
	alloc_tune(); /* verification dominates: the same allocation policy */
	struct diag_sink sink;
	cli_sink_init(cl, &sink);
	struct seal_ctx c;
	memset(&c, 0, sizeof c);
	struct out out;
	out_init(&out, cl->out_dir);
	struct mp_files kept = { NULL, 0 };
	struct refpacks refs; /* released after the diagnostics: they point into it */
	refpacks_init(&refs, &sink);
	if (seal_ctx_init(&c, cl->arg[CLI_KEY], cl->arg[CLI_COMPANY], cl->arg[CLI_COPYRIGHT],
			  cl->arg[CLI_DELAY_SIGN] != NULL, &sink) == 0)
		seal_all(cl, &c, &kept, &refs, &out, &sink);
	/* Commit first, then tell: a "sealed" line always names a file on disk. */
	int code = cli_finish_report(cl, &sink, &out, false, strbuf_str(&c.report));
	diag_sink_release(&sink);
	refpacks_release(&refs);
	mp_files_release(&kept);
	out_release(&out);
	seal_ctx_release(&c);
	return code;
}
