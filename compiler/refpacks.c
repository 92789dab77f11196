/*
 * refpacks.c - index of reference packs: identities read cheaply at scan
 * time, payloads loaded lazily, once, and lookups of Alias!ID through each
 * pack's own references (refpacks.h).
 */
#include "refpacks.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <strings.h>
#include <unistd.h>

#include <libxml/xmlreader.h>

#include "modschema.h"
#include "mpread.h"
#include "source.h"
#include "strbuf.h"
#include "unseal.h"
#include "xmlenv.h"

enum { MAX_PACK_BYTES = 128 * 1024 * 1024 };

void refpacks_init(struct refpacks *r, struct diag_sink *sink)
{
	memset(r, 0, sizeof(*r));
	r->sink = sink;
	r->schemas = xmlHashCreate(64);
}

static void free_pack(struct refpack *p)
{
	if (!p)
		return;
	if (p->mp) {
		mp_release(p->mp);
		free(p->mp);
	}
	free(p->path);
	free(p->id);
	free(p->version);
	free(p);
}

void refpacks_release(struct refpacks *r)
{
	modschema_cache_free(r->schemas);
	for (size_t i = 0; i < r->n; i++)
		free_pack(r->packs[i]);
	free(r->packs);
	for (size_t i = 0; i < r->ndirs; i++)
		free(r->dirs[i]);
	for (size_t i = 0; i < r->nsources; i++) {
		source_release(r->sources[i]);
		free(r->sources[i]);
	}
	free(r->sources);
	free(r->dirs);
	memset(r, 0, sizeof(*r));
}

bool refpacks_enabled(const struct refpacks *r) { return r->ndirs > 0; }

int refpacks_version_cmp(const char *a, const char *b)
{
	unsigned long x[4], y[4];
	char ta, tb;
	if (!a || !b || sscanf(a, "%lu.%lu.%lu.%lu%c", &x[0], &x[1], &x[2], &x[3], &ta) != 4 ||
	    sscanf(b, "%lu.%lu.%lu.%lu%c", &y[0], &y[1], &y[2], &y[3], &tb) != 4)
		return -2;
	for (int i = 0; i < 4; i++)
		if (x[i] != y[i])
			return x[i] < y[i] ? -1 : 1;
	return 0;
}

/* ---- reading identities ---- */

/* Text of the element the reader is on (it must not be empty), trimmed. */
static char *reader_text(xmlTextReaderPtr rd)
{
	xmlChar *t = xmlTextReaderReadString(rd);
	struct strbuf sb = STRBUF_INIT;
	const char *s = t ? (const char *)t : "";
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	strbuf_add(&sb, s, n);
	xmlFree(t);
	return strbuf_detach(&sb, NULL);
}

/* Manifest/Identity/{ID,Version} of an MP XML file, read as a stream that
 * stops at </Identity>. Returns 0, 1 (well-formed, another root element:
 * skipped) or -1 (malformed, or a management pack whose identity cannot be
 * read; err is set). */
static int xml_identity(struct refpack *p, char *err, size_t errlen)
{
	int fd = open(p->path, O_RDONLY);
	xmlTextReaderPtr rd = fd < 0 ? NULL : xmlReaderForFd(fd, p->path, NULL, XMLENV_PARSE_OPTIONS);
	if (!rd) {
		snprintf(err, errlen, "%s", fd < 0 ? strerror(errno) : "cannot parse");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	struct xmlenv_error xe = { 0 };
	xmlTextReaderSetStructuredErrorHandler(rd, xmlenv_capture, &xe);
	bool pack = false, identity = false;
	int st;
	while ((st = xmlTextReaderRead(rd)) == 1 && !(p->id && p->version)) {
		int type = xmlTextReaderNodeType(rd), d = xmlTextReaderDepth(rd);
		if (type == XML_READER_TYPE_END_ELEMENT && identity && d <= 2)
			break;
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		const char *name = (const char *)xmlTextReaderConstLocalName(rd);
		if (d == 0 && !(pack = !strcmp(name, "ManagementPack")))
			break;
		if (d == 1 && strcmp(name, "Manifest") != 0)
			break;
		if (d == 2)
			identity = !strcmp(name, "Identity");
		else if (d == 3 && identity && !strcmp(name, "ID") && !p->id)
			p->id = reader_text(rd);
		else if (d == 3 && identity && !strcmp(name, "Version") && !p->version)
			p->version = reader_text(rd);
	}
	xmlFreeTextReader(rd);
	close(fd);
	if (p->id && p->version)
		return 0;
	snprintf(err, errlen, "%s", st < 0 && xe.set ? xe.msg : "no Manifest/Identity with ID and Version");
	return pack || st < 0 ? -1 : 1; /* malformed: reported; another root: skipped */
}

/* Reads path into *data (the caller frees it; NULL when the file cannot be
 * opened). 0, or -1 with errno set. */
static int read_file(const char *path, unsigned char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < MAX_PACK_BYTES)
		strbuf_add(&sb, buf, n);
	int bad = ferror(f);
	fclose(f);
	*len = sb.len;
	*data = (unsigned char *)strbuf_detach(&sb, NULL);
	return bad ? -1 : 0;
}

/* Assembly name, version and token of a sealed pack. 0, or -1 with the
 * reader's message in err. */
static int sealed_identity(struct refpack *p, char *err, size_t errlen)
{
	unsigned char *data;
	size_t len;
	if (read_file(p->path, &data, &len) != 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		free(data);
		return -1;
	}
	struct unseal_result u;
	int rc = unseal_identity(data, len, &u);
	free(data);
	if (rc != 0 || !*u.name) {
		snprintf(err, errlen, "%s", rc ? u.error : "no assembly name");
		return -1;
	}
	p->id = xstrdup(u.name);
	p->version = xstrdup(u.version);
	memcpy(p->token, u.token, sizeof(p->token));
	return 0;
}

/* Keeps src (or a new one) until refpacks_release(): diagnostics point
 * into it. */
static struct source *keep_source(struct refpacks *r, struct source *src)
{
	if (!src)
		src = xcalloc(1, sizeof(*src));
	r->sources = xrealloc(r->sources, (r->nsources + 1) * sizeof(*r->sources));
	r->sources[r->nsources++] = src;
	return src;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static void add_pack(struct refpacks *r, struct refpack *p)
{
	r->packs = xrealloc(r->packs, (r->n + 1) * sizeof(*r->packs));
	r->packs[r->n++] = p;
}

static void scan_file(struct refpacks *r, const char *dir, const char *name)
{
	struct refpack *p = xcalloc(1, sizeof(*p));
	struct strbuf path = STRBUF_INIT;
	strbuf_addf(&path, "%s/%s", dir, name);
	p->path = strbuf_detach(&path, NULL);
	p->sealed = ends_with(name, ".mp");
	char err[512] = "";
	int rc = p->sealed ? sealed_identity(p, err, sizeof(err)) : xml_identity(p, err, sizeof(err));
	if (rc == 0 && *p->id) {
		add_pack(r, p);
		return;
	}
	if (rc <= 0) {
		struct source *src = keep_source(r, NULL);
		source_init_mem(src, p->path, "", 0);
		diag_file_error(r->sink, src, "E718", "reference pack cannot be read: %s",
				*err ? err : "empty Identity/ID");
		diag_hint(r->sink, "remove it from the reference directory, or export it again");
	}
	free_pack(p);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int refpacks_add_dir(struct refpacks *r, const char *dir)
{
	r->dirs = xrealloc(r->dirs, (r->ndirs + 1) * sizeof(*r->dirs));
	r->dirs[r->ndirs++] = xstrdup(dir);
	DIR *d = opendir(dir);
	if (!d)
		return diag_env_error(r->sink, "E722", "cannot read reference directory '%s': %s", dir,
				      strerror(errno));
	char **names = NULL;
	size_t n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.' || !(ends_with(e->d_name, ".mp") || ends_with(e->d_name, ".xml")))
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name); /* deterministic order */
	for (size_t i = 0; i < n; i++) {
		scan_file(r, dir, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

int refpacks_add_list(struct refpacks *r, const char *list)
{
	int rc = 0;
	char *copy = xstrdup(list), *save = NULL;
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save))
		if (*d && refpacks_add_dir(r, d) != 0)
			rc = -1;
	free(copy);
	return rc;
}

int refpacks_open(struct refpacks *r, const char *const *dirs, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		if (refpacks_add_dir(r, dirs[i]) != 0)
			rc = -1;
	const char *env = getenv("SCOMC_REFERENCES");
	if (n == 0 && env && *env)
		rc = refpacks_add_list(r, env);
	return rc;
}

/* ---- matching and loading ---- */

static bool token_fits(const struct refpack *p, const char *token)
{
	return !token || !*token || !p->sealed || strcasecmp(p->token, token) == 0;
}

/* Is a a better candidate than b (higher version, then earlier found)? */
static bool better(const struct refpack *a, const struct refpack *b)
{
	return !b || refpacks_version_cmp(a->version, b->version) > 0;
}

enum refpacks_match refpacks_match(struct refpacks *r, const char *id, const char *version,
				   const char *token, struct refpack **found)
{
	struct refpack *any = NULL, *fits = NULL, *ok = NULL;
	*found = NULL;
	for (size_t i = 0; i < r->n; i++) {
		struct refpack *p = r->packs[i];
		if (strcasecmp(p->id, id) != 0)
			continue;
		if (better(p, any))
			any = p;
		if (refpacks_version_cmp(p->version, version) < 0 && refpacks_version_cmp(p->version, version) != -2)
			continue;
		if (better(p, fits))
			fits = p;
		if (token_fits(p, token) && better(p, ok))
			ok = p;
	}
	*found = ok ? ok : fits ? fits
				: any;
	return ok ? REFPACKS_OK : fits ? REFPACKS_TOKEN
			  : any        ? REFPACKS_OLD
				       : REFPACKS_MISSING;
}

struct mp_file *refpacks_load(struct refpacks *r, struct refpack *p)
{
	if (p->tried)
		return p->mp;
	p->tried = true;
	r->loads++;
	struct mp_file *mp = xcalloc(1, sizeof(*mp));
	if (mp_load(mp, p->path, r->sink) != 0 || !mp->root) {
		if (mp->doc && !mp->root)
			diag_file_error(r->sink, mp->src, "E718", "reference pack is not a management pack");
		keep_source(r, mp->src);
		mp->src = NULL;
		mp_release(mp);
		free(mp);
		return NULL;
	}
	mp_index(mp);
	p->mp = mp;
	return mp;
}

struct mp_file *refpacks_alias(struct refpacks *r, struct mp_file *from, const char *alias,
			       size_t len)
{
	struct mp_ref *ref = mp_ref_by_alias(from, alias, len);
	if (!ref || !*ref->id)
		return NULL;
	struct refpack *p;
	refpacks_match(r, ref->id, ref->version, ref->token, &p);
	return p ? refpacks_load(r, p) : NULL;
}

xmlNodePtr refpacks_lookup(struct refpacks *r, struct mp_file *from, const char *qid,
			   struct mp_file **owner)
{
	*owner = NULL;
	if (!from || !qid)
		return NULL;
	const char *bang = strchr(qid, '!');
	struct mp_file *mp = bang ? refpacks_alias(r, from, qid, (size_t)(bang - qid)) : from;
	const char *id = bang ? bang + 1 : qid;
	xmlNodePtr n = mp ? mp_element(mp, id) : NULL;
	if (!n || !mp_is_element(n) || n == mp->id_node)
		return NULL;
	*owner = mp;
	return n;
}
