/* unseal.c - sealed management pack (.mp) reader.
 *
 * Input: the bytes of a .mp file (a strong-name signed .NET assembly).
 * Output: struct unseal_result (see unseal.h) with the MP XML in UTF-8.
 * Stages: PE/COFF headers -> CLI header -> metadata root and streams ->
 * Assembly and ManifestResource tables (ECMA-335 II.22, II.24) ->
 * .resources file -> gzip (zlib) -> UTF-16LE to UTF-8. The strong-name
 * signature is checked with strongname.c (hash layout: peers.md D.1).
 * Every offset and size from the file is checked against the file (or its
 * enclosing stream) before use. All heap memory is freed before returning,
 * except the returned XML, which the result owns.
 */
#include "unseal.h"
#include "utf.h"
#include "strongname.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#define ZLIB_CONST
#include <zlib.h>

/* Metadata table numbers we name (ECMA-335 II.22). */
enum {
	T_MODULE = 0x00,
	T_TYPEREF = 0x01,
	T_TYPEDEF = 0x02,
	T_FIELDPTR = 0x03,
	T_FIELD = 0x04,
	T_METHODPTR = 0x05,
	T_METHODDEF = 0x06,
	T_PARAMPTR = 0x07,
	T_PARAM = 0x08,
	T_INTERFACEIMPL = 0x09,
	T_MEMBERREF = 0x0A,
	T_CONSTANT = 0x0B,
	T_CUSTOMATTRIBUTE = 0x0C,
	T_FIELDMARSHAL = 0x0D,
	T_DECLSECURITY = 0x0E,
	T_CLASSLAYOUT = 0x0F,
	T_FIELDLAYOUT = 0x10,
	T_STANDALONESIG = 0x11,
	T_EVENTMAP = 0x12,
	T_EVENTPTR = 0x13,
	T_EVENT = 0x14,
	T_PROPERTYMAP = 0x15,
	T_PROPERTYPTR = 0x16,
	T_PROPERTY = 0x17,
	T_METHODSEMANTICS = 0x18,
	T_METHODIMPL = 0x19,
	T_MODULEREF = 0x1A,
	T_TYPESPEC = 0x1B,
	T_IMPLMAP = 0x1C,
	T_FIELDRVA = 0x1D,
	T_ENCLOG = 0x1E,
	T_ENCMAP = 0x1F,
	T_ASSEMBLY = 0x20,
	T_ASSEMBLYPROCESSOR = 0x21,
	T_ASSEMBLYOS = 0x22,
	T_ASSEMBLYREF = 0x23,
	T_ASSEMBLYREFPROCESSOR = 0x24,
	T_ASSEMBLYREFOS = 0x25,
	T_FILE = 0x26,
	T_EXPORTEDTYPE = 0x27,
	T_MANIFESTRESOURCE = 0x28,
	T_NESTEDCLASS = 0x29,
	T_GENERICPARAM = 0x2A,
	T_METHODSPEC = 0x2B,
	T_GENERICPARAMCONSTRAINT = 0x2C,
	T_COUNT = 64,
	T_NONE = 0xFF
};

/* Coded index kinds (ECMA-335 II.24.2.6). */
enum coded {
	TYPE_DEF_OR_REF,
	HAS_CONSTANT,
	HAS_CUSTOM_ATTRIBUTE,
	HAS_FIELD_MARSHAL,
	HAS_DECL_SECURITY,
	MEMBER_REF_PARENT,
	HAS_SEMANTICS,
	METHOD_DEF_OR_REF,
	MEMBER_FORWARDED,
	IMPLEMENTATION,
	CUSTOM_ATTRIBUTE_TYPE,
	RESOLUTION_SCOPE,
	TYPE_OR_METHOD_DEF,
	CODED_COUNT
};

struct coded_index {
	unsigned char bits;
	unsigned char tables[22]; /* by tag; T_NONE marks an unused tag */
	unsigned char n;
};

static const struct coded_index coded_indexes[CODED_COUNT] = {
	[TYPE_DEF_OR_REF] = { 2, { T_TYPEDEF, T_TYPEREF, T_TYPESPEC }, 3 },
	[HAS_CONSTANT] = { 2, { T_FIELD, T_PARAM, T_PROPERTY }, 3 },
	[HAS_CUSTOM_ATTRIBUTE] = { 5, { T_METHODDEF, T_FIELD, T_TYPEREF, T_TYPEDEF, T_PARAM, T_INTERFACEIMPL, T_MEMBERREF, T_MODULE, T_DECLSECURITY, T_PROPERTY, T_EVENT, T_STANDALONESIG, T_MODULEREF, T_TYPESPEC, T_ASSEMBLY, T_ASSEMBLYREF, T_FILE, T_EXPORTEDTYPE, T_MANIFESTRESOURCE, T_GENERICPARAM, T_GENERICPARAMCONSTRAINT, T_METHODSPEC }, 22 },
	[HAS_FIELD_MARSHAL] = { 1, { T_FIELD, T_PARAM }, 2 },
	[HAS_DECL_SECURITY] = { 2, { T_TYPEDEF, T_METHODDEF, T_ASSEMBLY }, 3 },
	[MEMBER_REF_PARENT] = { 3, { T_TYPEDEF, T_TYPEREF, T_MODULEREF, T_METHODDEF, T_TYPESPEC }, 5 },
	[HAS_SEMANTICS] = { 1, { T_EVENT, T_PROPERTY }, 2 },
	[METHOD_DEF_OR_REF] = { 1, { T_METHODDEF, T_MEMBERREF }, 2 },
	[MEMBER_FORWARDED] = { 1, { T_FIELD, T_METHODDEF }, 2 },
	[IMPLEMENTATION] = { 2, { T_FILE, T_ASSEMBLYREF, T_EXPORTEDTYPE }, 3 },
	[CUSTOM_ATTRIBUTE_TYPE] = { 3, { T_NONE, T_NONE, T_METHODDEF, T_MEMBERREF, T_NONE }, 5 },
	[RESOLUTION_SCOPE] = { 2, { T_MODULE, T_MODULEREF, T_ASSEMBLYREF, T_TYPEREF }, 4 },
	[TYPE_OR_METHOD_DEF] = { 1, { T_TYPEDEF, T_METHODDEF }, 2 },
};

/* Column kinds: fixed sizes, heap indexes, IDX + table, CODED + kind. */
enum { U16 = 1,
       U32,
       STR,
       GUID,
       BLOB,
       IDX = 0x40,
       CODED = 0x80 };

/* Columns of the tables that come before ManifestResource, plus it. */
static const unsigned char table_columns[T_MANIFESTRESOURCE + 1][10] = {
	[T_MODULE] = { U16, STR, GUID, GUID, GUID },
	[T_TYPEREF] = { CODED + RESOLUTION_SCOPE, STR, STR },
	[T_TYPEDEF] = { U32, STR, STR, CODED + TYPE_DEF_OR_REF, IDX + T_FIELD,
			IDX + T_METHODDEF },
	[T_FIELDPTR] = { IDX + T_FIELD },
	[T_FIELD] = { U16, STR, BLOB },
	[T_METHODPTR] = { IDX + T_METHODDEF },
	[T_METHODDEF] = { U32, U16, U16, STR, BLOB, IDX + T_PARAM },
	[T_PARAMPTR] = { IDX + T_PARAM },
	[T_PARAM] = { U16, U16, STR },
	[T_INTERFACEIMPL] = { IDX + T_TYPEDEF, CODED + TYPE_DEF_OR_REF },
	[T_MEMBERREF] = { CODED + MEMBER_REF_PARENT, STR, BLOB },
	[T_CONSTANT] = { U16, CODED + HAS_CONSTANT, BLOB },
	[T_CUSTOMATTRIBUTE] = { CODED + HAS_CUSTOM_ATTRIBUTE,
				CODED + CUSTOM_ATTRIBUTE_TYPE, BLOB },
	[T_FIELDMARSHAL] = { CODED + HAS_FIELD_MARSHAL, BLOB },
	[T_DECLSECURITY] = { U16, CODED + HAS_DECL_SECURITY, BLOB },
	[T_CLASSLAYOUT] = { U16, U32, IDX + T_TYPEDEF },
	[T_FIELDLAYOUT] = { U32, IDX + T_FIELD },
	[T_STANDALONESIG] = { BLOB },
	[T_EVENTMAP] = { IDX + T_TYPEDEF, IDX + T_EVENT },
	[T_EVENTPTR] = { IDX + T_EVENT },
	[T_EVENT] = { U16, STR, CODED + TYPE_DEF_OR_REF },
	[T_PROPERTYMAP] = { IDX + T_TYPEDEF, IDX + T_PROPERTY },
	[T_PROPERTYPTR] = { IDX + T_PROPERTY },
	[T_PROPERTY] = { U16, STR, BLOB },
	[T_METHODSEMANTICS] = { U16, IDX + T_METHODDEF, CODED + HAS_SEMANTICS },
	[T_METHODIMPL] = { IDX + T_TYPEDEF, CODED + METHOD_DEF_OR_REF,
			   CODED + METHOD_DEF_OR_REF },
	[T_MODULEREF] = { STR },
	[T_TYPESPEC] = { BLOB },
	[T_IMPLMAP] = { U16, CODED + MEMBER_FORWARDED, STR, IDX + T_MODULEREF },
	[T_FIELDRVA] = { U32, IDX + T_FIELD },
	[T_ENCLOG] = { U32, U32 },
	[T_ENCMAP] = { U32 },
	[T_ASSEMBLY] = { U32, U16, U16, U16, U16, U32, BLOB, STR, STR },
	[T_ASSEMBLYPROCESSOR] = { U32 },
	[T_ASSEMBLYOS] = { U32, U32, U32 },
	[T_ASSEMBLYREF] = { U16, U16, U16, U16, U32, BLOB, STR, STR, BLOB },
	[T_ASSEMBLYREFPROCESSOR] = { U32, IDX + T_ASSEMBLYREF },
	[T_ASSEMBLYREFOS] = { U32, U32, U32, IDX + T_ASSEMBLYREF },
	[T_FILE] = { U32, STR, BLOB },
	[T_EXPORTEDTYPE] = { U32, U32, STR, STR, CODED + IMPLEMENTATION },
	[T_MANIFESTRESOURCE] = { U32, U32, STR, CODED + IMPLEMENTATION },
};

/* Assembly and ManifestResource column numbers. */
enum { ASM_MAJOR = 1,
       ASM_PUBLICKEY = 6,
       ASM_NAME = 7 };
enum { MR_OFFSET = 0,
       MR_NAME = 2,
       MR_IMPLEMENTATION = 3 };

enum { CLI_FLAG_STRONGNAMESIGNED = 0x8 };
enum { MAX_SECTIONS = 96,
       CLI_DIRECTORY = 14 };

struct section {
	uint32_t va, vsize, raw_off, raw_size;
};

/* A byte range of the file: [off, off + len). */
struct range {
	size_t off, len;
};

struct image {
	const unsigned char *data;
	size_t len;
	struct unseal_result *out;
	/* PE */
	size_t headers_end, checksum_off, certdir_off;
	struct section sect[MAX_SECTIONS];
	unsigned nsect;
	uint32_t cli_rva, cli_size;
	size_t cli_dir; /* file offset of entry */
	/* CLI header */
	uint32_t cli_flags;
	uint32_t md_rva, md_size, res_rva, res_size, sig_rva, sig_size;
	/* metadata */
	struct range md, strings, blob, tables;
	unsigned str_size, guid_size, blob_size; /* heap index widths */
	uint32_t rows[T_COUNT];
	size_t table_off[T_MANIFESTRESOURCE + 1]; /* file offsets */
	size_t row_size[T_MANIFESTRESOURCE + 1];
	/* Assembly */
	struct range pubkey;
};

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
fail(struct image *im, size_t off, const char *fmt, ...);

/* Record the error message and offset; always returns -1. */
static int fail(struct image *im, size_t off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(im->out->error, sizeof im->out->error, fmt, ap);
	va_end(ap);
	im->out->error_offset = off < im->len ? off : im->len; /* data missing past the end: the end */
	return -1;
}

/* ---- bounds-checked little-endian reads ---------------------------- */

static int in_file(const struct image *im, size_t off, size_t n)
{
	return off <= im->len && n <= im->len - off;
}

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int get16(struct image *im, size_t off, unsigned *v, const char *what)
{
	*v = 0;
	if (!in_file(im, off, 2))
		return fail(im, off, "truncated file: cannot read %s", what);
	*v = le16(im->data + off);
	return 0;
}

static int get32(struct image *im, size_t off, uint32_t *v, const char *what)
{
	*v = 0;
	if (!in_file(im, off, 4))
		return fail(im, off, "truncated file: cannot read %s", what);
	*v = le32(im->data + off);
	return 0;
}

/* ---- PE/COFF ------------------------------------------------------- */

/* Map [rva, rva + size) to a file offset inside one section's raw data. */
static int rva_to_off(const struct image *im, uint32_t rva, uint32_t size,
		      size_t *off)
{
	*off = 0;
	for (unsigned i = 0; i < im->nsect; i++) {
		const struct section *s = &im->sect[i];
		if (rva < s->va || rva - s->va >= s->raw_size)
			continue;
		if (size > s->raw_size - (rva - s->va))
			return -1;
		*off = (size_t)s->raw_off + (rva - s->va);
		return 0;
	}
	return -1;
}

/* As rva_to_off(), failing with an error located at `where`. */
static int map_rva(struct image *im, uint32_t rva, uint32_t size,
		   size_t *off, const char *what, size_t where)
{
	if (rva_to_off(im, rva, size, off) != 0)
		return fail(im, where, "%s (rva 0x%lx, %lu bytes) is outside every "
				       "section",
			    what, (unsigned long)rva,
			    (unsigned long)size);
	return 0;
}

static int parse_sections(struct image *im, size_t off, unsigned n)
{
	if (n == 0 || n > MAX_SECTIONS)
		return fail(im, off, "bad section count %u", n);
	if (!in_file(im, off, (size_t)n * 40))
		return fail(im, off, "truncated file: section table");
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *p = im->data + off + (size_t)i * 40;
		struct section *s = &im->sect[i];
		s->vsize = le32(p + 8);
		s->va = le32(p + 12);
		s->raw_size = le32(p + 16);
		s->raw_off = le32(p + 20);
		if (s->raw_size && !in_file(im, s->raw_off, s->raw_size))
			return fail(im, off + (size_t)i * 40, "section %u extends past "
							      "the end of the file",
				    i + 1);
	}
	im->nsect = n;
	im->headers_end = off + (size_t)n * 40;
	return 0;
}

/* Optional header: checksum, data directories, CLI directory. */
static int parse_optional(struct image *im, size_t opt, unsigned opt_size)
{
	unsigned magic = 0;
	if (get16(im, opt, &magic, "optional header"))
		return -1;
	if (magic != 0x10b && magic != 0x20b)
		return fail(im, opt, "bad optional header magic 0x%x", magic);
	size_t dirs = opt + (magic == 0x10b ? 96 : 112);
	uint32_t ndirs;
	if (get32(im, dirs - 4, &ndirs, "data directory count"))
		return -1;
	if (ndirs <= CLI_DIRECTORY || ndirs > 16 ||
	    dirs + (size_t)ndirs * 8 > opt + opt_size)
		return fail(im, opt, "not a .net assembly: no cli header "
				     "directory");
	if (!in_file(im, dirs, (size_t)ndirs * 8))
		return fail(im, dirs, "truncated file: data directories");
	im->checksum_off = opt + 64;
	im->certdir_off = dirs + 4 * 8;
	im->cli_dir = dirs + CLI_DIRECTORY * 8;
	im->cli_rva = le32(im->data + dirs + CLI_DIRECTORY * 8);
	im->cli_size = le32(im->data + dirs + CLI_DIRECTORY * 8 + 4);
	if (im->cli_rva == 0 || im->cli_size < 72)
		return fail(im, dirs + CLI_DIRECTORY * 8, "not a .net assembly: "
							  "empty cli header directory");
	return 0;
}

static int parse_pe(struct image *im)
{
	if (im->len < 2 || im->data[0] != 'M' || im->data[1] != 'Z')
		return fail(im, 0, "not a sealed management pack: no 'MZ' "
				   "signature");
	if (im->len < 64)
		return fail(im, 0, "truncated file: %zu bytes, shorter than "
				   "the 64-byte DOS header",
			    im->len);
	uint32_t pe;
	if (get32(im, 0x3c, &pe, "pe header offset"))
		return -1;
	if (!in_file(im, pe, 24) || memcmp(im->data + pe, "PE\0\0", 4) != 0)
		return fail(im, 0x3c, "not a sealed management pack: no 'PE' "
				      "signature at 0x%lx",
			    (unsigned long)pe);
	size_t coff = (size_t)pe + 4;
	unsigned nsect = le16(im->data + coff + 2);
	unsigned opt_size = le16(im->data + coff + 16);
	size_t opt = coff + 20;
	if (!in_file(im, opt, opt_size))
		return fail(im, opt, "truncated file: optional header");
	if (parse_optional(im, opt, opt_size))
		return -1;
	return parse_sections(im, opt + opt_size, nsect);
}

/* ---- CLI header and metadata root (ECMA-335 II.25.3.3, II.24.2.1) --- */

static int parse_cli(struct image *im)
{
	size_t off;
	if (map_rva(im, im->cli_rva, 72, &off, "cli header", im->cli_dir))
		return -1;
	const unsigned char *p = im->data + off;
	im->md_rva = le32(p + 8);
	im->md_size = le32(p + 12);
	im->cli_flags = le32(p + 16);
	im->res_rva = le32(p + 24);
	im->res_size = le32(p + 28);
	im->sig_rva = le32(p + 32);
	im->sig_size = le32(p + 36);
	if (im->md_size < 20)
		return fail(im, off + 8, "metadata directory is empty");
	if ((uint64_t)im->res_rva + im->res_size > UINT32_MAX)
		return fail(im, off + 24, "bad resources directory");
	if (map_rva(im, im->md_rva, im->md_size, &off, "metadata", off + 8))
		return -1;
	im->md.off = off;
	im->md.len = im->md_size;
	return 0;
}

/* Stream header: offset, size, NUL-terminated name padded to 4 bytes. */
static int parse_stream_header(struct image *im, size_t *pos)
{
	size_t end = im->md.off + im->md.len, p = *pos;
	if (p + 8 > end)
		return fail(im, p, "truncated metadata stream header");
	uint32_t off = le32(im->data + p), size = le32(im->data + p + 4);
	const char *name = (const char *)im->data + p + 8;
	size_t max = end - (p + 8) < 32 ? end - (p + 8) : 32;
	const char *nul = memchr(name, '\0', max);
	if (!nul)
		return fail(im, p + 8, "unterminated metadata stream name");
	size_t n = (size_t)(nul - name);
	*pos = p + 8 + ((n + 4) & ~(size_t)3);
	if (off > im->md.len || size > im->md.len - off)
		return fail(im, p, "metadata stream '%s' lies outside the "
				   "metadata",
			    name);
	struct range r = { im->md.off + off, size };
	if (strcmp(name, "#~") == 0 || strcmp(name, "#-") == 0)
		im->tables = r;
	else if (strcmp(name, "#Strings") == 0)
		im->strings = r;
	else if (strcmp(name, "#Blob") == 0)
		im->blob = r;
	return 0;
}

static int parse_metadata_root(struct image *im)
{
	size_t p = im->md.off, end = im->md.off + im->md.len;
	if (le32(im->data + p) != 0x424A5342)
		return fail(im, p, "bad metadata signature");
	uint32_t vlen = le32(im->data + p + 12);
	if (vlen > 255 || vlen > im->md.len - 20)
		return fail(im, p + 12, "bad metadata version length %lu",
			    (unsigned long)vlen);
	p += 16 + ((vlen + 3) & ~(uint32_t)3);
	if (p + 4 > end)
		return fail(im, p, "truncated metadata root");
	unsigned nstreams = le16(im->data + p + 2);
	p += 4;
	for (unsigned i = 0; i < nstreams; i++)
		if (parse_stream_header(im, &p))
			return -1;
	if (!im->tables.len)
		return fail(im, im->md.off, "metadata has no '#~' stream");
	return 0;
}

/* ---- metadata tables (ECMA-335 II.24.2.6) --------------------------- */

static unsigned index_size(const struct image *im, unsigned char t)
{
	return im->rows[t] < 0x10000 ? 2 : 4;
}

static unsigned coded_size(const struct image *im, enum coded k)
{
	const struct coded_index *c = &coded_indexes[k];
	uint32_t max = 0;
	for (unsigned i = 0; i < c->n; i++)
		if (c->tables[i] != T_NONE && im->rows[c->tables[i]] > max)
			max = im->rows[c->tables[i]];
	return max < ((uint32_t)1 << (16 - c->bits)) ? 2 : 4;
}

static unsigned column_size(const struct image *im, unsigned char col)
{
	if (col & CODED)
		return coded_size(im, (enum coded)(col - CODED));
	if (col & IDX)
		return index_size(im, (unsigned char)(col - IDX));
	switch (col) {
	case U16: return 2;
	case U32: return 4;
	case STR: return im->str_size;
	case GUID: return im->guid_size;
	case BLOB: return im->blob_size;
	}
	return 0;
}

static size_t column_offset(const struct image *im, unsigned t, unsigned c)
{
	size_t off = 0;
	for (unsigned i = 0; i < c; i++)
		off += column_size(im, table_columns[t][i]);
	return off;
}

/* Value of column c of 1-based row r of table t (bounds checked by
 * layout_tables). */
static uint32_t cell(const struct image *im, unsigned t, uint32_t r,
		     unsigned c)
{
	const unsigned char *p = im->data + im->table_off[t] +
				 (size_t)(r - 1) * im->row_size[t] + column_offset(im, t, c);
	return column_size(im, table_columns[t][c]) == 2 ? le16(p) : le32(p);
}

/* Row counts follow the 24-byte header, one per bit set in Valid. */
static int read_row_counts(struct image *im, size_t *pos)
{
	const unsigned char *h = im->data + im->tables.off;
	unsigned heaps = h[6];
	uint64_t valid = (uint64_t)le32(h + 8) | (uint64_t)le32(h + 12) << 32;
	size_t p = im->tables.off + 24, end = im->tables.off + im->tables.len;
	im->str_size = heaps & 0x01 ? 4 : 2;
	im->guid_size = heaps & 0x02 ? 4 : 2;
	im->blob_size = heaps & 0x04 ? 4 : 2;
	for (unsigned t = 0; t < T_COUNT; t++) {
		if (!(valid >> t & 1))
			continue;
		if (p + 4 > end)
			return fail(im, p, "truncated metadata table row counts");
		im->rows[t] = le32(im->data + p);
		p += 4;
	}
	if (heaps & 0x40)
		p += 4; /* extra data word of uncompressed (#-) streams */
	*pos = p;
	return 0;
}

static int layout_tables(struct image *im)
{
	if (im->tables.len < 24)
		return fail(im, im->tables.off, "truncated metadata table "
						"header");
	size_t pos = 0;
	if (read_row_counts(im, &pos))
		return -1;
	uint64_t off = pos, end = im->tables.off + im->tables.len;
	for (unsigned t = 0; t <= T_MANIFESTRESOURCE; t++) {
		size_t row = 0;
		for (unsigned c = 0; c < 10 && table_columns[t][c]; c++)
			row += column_size(im, table_columns[t][c]);
		im->row_size[t] = row;
		im->table_off[t] = (size_t)off;
		off += (uint64_t)im->rows[t] * row;
		if (off > end)
			return fail(im, im->table_off[t], "metadata table 0x%02x "
							  "extends past its stream",
				    t);
	}
	return 0;
}

/* ---- heaps ----------------------------------------------------------- */

/* String idx of the '#Strings' heap, or NULL if out of range or
 * unterminated. */
static const char *peek_string(const struct image *im, uint32_t idx)
{
	if (idx >= im->strings.len)
		return NULL;
	const char *p = (const char *)im->data + im->strings.off + idx;
	return memchr(p, '\0', im->strings.len - idx) ? p : NULL;
}

static int get_string(struct image *im, uint32_t idx, const char **s)
{
	*s = peek_string(im, idx);
	if (!*s)
		return fail(im, im->strings.off, "bad string index 0x%lx in the "
						 "'#Strings' heap",
			    (unsigned long)idx);
	return 0;
}

/* Blob: compressed length (1, 2 or 4 bytes, II.24.2.4) then the bytes. */
static int get_blob(struct image *im, uint32_t idx, struct range *r)
{
	if (idx == 0 && im->blob.len == 0) {
		r->off = r->len = 0; /* no heap: index 0 is the empty blob */
		return 0;
	}
	if (idx >= im->blob.len)
		return fail(im, im->blob.off, "bad blob index 0x%lx",
			    (unsigned long)idx);
	size_t left = im->blob.len - idx, hdr, n;
	const unsigned char *p = im->data + im->blob.off + idx;
	if (!(p[0] & 0x80)) {
		hdr = 1;
		n = p[0];
	} else if (left >= 2 && (p[0] & 0xC0) == 0x80) {
		hdr = 2;
		n = (size_t)(p[0] & 0x3F) << 8 | p[1];
	} else if (left >= 4 && (p[0] & 0xE0) == 0xC0) {
		hdr = 4;
		n = (size_t)(p[0] & 0x1F) << 24 | (size_t)p[1] << 16 |
		    (size_t)p[2] << 8 | p[3];
	} else {
		return fail(im, im->blob.off, "bad blob index 0x%lx",
			    (unsigned long)idx);
	}
	if (n > left - hdr)
		return fail(im, im->blob.off + idx, "blob extends past the "
						    "'#Blob' heap");
	r->off = im->blob.off + idx + hdr;
	r->len = n;
	return 0;
}

/* ---- Assembly row: name, version, public key, token ----------------- */

static void set_token(struct image *im)
{
	if (im->pubkey.len)
		sn_token(im->data + im->pubkey.off, im->pubkey.len, im->out->token);
}

static int read_assembly(struct image *im)
{
	if (im->rows[T_ASSEMBLY] == 0)
		return fail(im, im->tables.off, "not an assembly: the metadata "
						"has no 'Assembly' row");
	const char *name;
	if (get_string(im, cell(im, T_ASSEMBLY, 1, ASM_NAME), &name) ||
	    get_blob(im, cell(im, T_ASSEMBLY, 1, ASM_PUBLICKEY), &im->pubkey))
		return -1;
	if (strlen(name) >= sizeof im->out->name)
		return fail(im, im->table_off[T_ASSEMBLY], "assembly name is "
							   "longer than 255 bytes");
	strcpy(im->out->name, name);
	snprintf(im->out->version, sizeof im->out->version, "%u.%u.%u.%u",
		 (unsigned)cell(im, T_ASSEMBLY, 1, ASM_MAJOR),
		 (unsigned)cell(im, T_ASSEMBLY, 1, ASM_MAJOR + 1),
		 (unsigned)cell(im, T_ASSEMBLY, 1, ASM_MAJOR + 2),
		 (unsigned)cell(im, T_ASSEMBLY, 1, ASM_MAJOR + 3));
	set_token(im);
	return 0;
}

static int parse_metadata(struct image *im)
{
	if (parse_cli(im) || parse_metadata_root(im) || layout_tables(im))
		return -1;
	return read_assembly(im);
}

/* ---- strong-name signature (peers.md D.1, strongname.c) ------------- */

static int image_digest(const struct image *im, const EVP_MD *type,
			struct range sig, unsigned char *out, unsigned *n)
{
	struct sn_range sect[MAX_SECTIONS];
	for (unsigned i = 0; i < im->nsect; i++) {
		sect[i].off = im->sect[i].raw_off;
		sect[i].len = im->sect[i].raw_size;
	}
	struct sn_layout l = { im->headers_end, im->checksum_off, im->certdir_off, sect, im->nsect, { sig.off, sig.len } };
	return sn_digest(im->data, &l, type, out, n);
}

static int check_signature(struct image *im)
{
	im->out->signature = UNSEAL_SIG_NONE;
	if (!im->pubkey.len || !im->sig_rva || !im->sig_size ||
	    !(im->cli_flags & CLI_FLAG_STRONGNAMESIGNED))
		return 0; /* unsigned or delay-signed */
	struct range sig = { 0, im->sig_size };
	if (map_rva(im, im->sig_rva, im->sig_size, &sig.off,
		    "strong-name signature", im->cli_dir))
		return -1;
	im->out->signature = UNSEAL_SIG_BAD;
	uint32_t hash_alg = 0;
	EVP_PKEY *key = sn_public_key(im->data + im->pubkey.off, im->pubkey.len,
				      &hash_alg);
	const EVP_MD *type = sn_md(hash_alg);
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned dlen = 0;
	int rc = 0;
	if (key && type) {
		rc = -1;
		if (image_digest(im, type, sig, digest, &dlen))
			rc = sn_verify(key, type, im->data + sig.off, sig.len, digest,
				       dlen);
	}
	EVP_PKEY_free(key);
	ERR_clear_error();
	if (rc < 0)
		return fail(im, sig.off, "cannot check the strong-name signature: "
					 "libcrypto failure");
	im->out->signature = rc ? UNSEAL_SIG_OK : UNSEAL_SIG_BAD;
	return 0;
}

/* ---- .resources file (System.Resources.ResourceReader format) ------- */

/* A cursor over one byte range of the file. */
struct cursor {
	struct image *im;
	size_t base, len, pos; /* file offset of byte 0, size, position */
};

static int cur_fail(struct cursor *c, const char *what)
{
	return fail(c->im, c->base + c->pos, "bad .resources data: %s", what);
}

static int cur_u32(struct cursor *c, uint32_t *v, const char *what)
{
	*v = 0;
	if (c->len - c->pos < 4)
		return cur_fail(c, what);
	*v = le32(c->im->data + c->base + c->pos);
	c->pos += 4;
	return 0;
}

static int cur_skip(struct cursor *c, uint64_t n, const char *what)
{
	if (n > c->len - c->pos)
		return cur_fail(c, what);
	c->pos += (size_t)n;
	return 0;
}

/* 7-bit encoded non-negative Int32 (BinaryWriter.Write7BitEncodedInt). */
static int cur_7bit(struct cursor *c, uint32_t *v, const char *what)
{
	uint32_t x = 0;
	*v = 0;
	for (unsigned shift = 0; shift < 35; shift += 7) {
		if (c->pos >= c->len)
			return cur_fail(c, what);
		unsigned b = c->im->data[c->base + c->pos++];
		x |= (uint32_t)(b & 0x7F) << shift;
		if (b & 0x80)
			continue;
		if (x > INT32_MAX)
			break;
		*v = x;
		return 0;
	}
	return cur_fail(c, what);
}

/* Manager header: magic, header version, skip count, reader and set type
 * names (version 1) or opaque bytes (version > 1). */
static int resources_header(struct cursor *c)
{
	uint32_t magic, version, skip;
	if (cur_u32(c, &magic, "truncated header"))
		return -1;
	if (magic != 0xBEEFCACE)
		return fail(c->im, c->base, "resource is not a .resources file "
					    "(bad magic 0x%08lx)",
			    (unsigned long)magic);
	if (cur_u32(c, &version, "truncated header") ||
	    cur_u32(c, &skip, "truncated header"))
		return -1;
	if (version == 0)
		return cur_fail(c, "bad resource manager header version");
	return cur_skip(c, skip, "resource manager header is too long");
}

/* Reader section up to the name section; sets the entry count and the
 * offsets of the name-position array and the data section. */
static int resources_index(struct cursor *c, uint32_t *count,
			   size_t *positions, uint32_t *data_section)
{
	uint32_t version, ntypes, len;
	if (cur_u32(c, &version, "truncated reader header"))
		return -1;
	if (version != 2)
		return fail(c->im, c->base + c->pos - 4, "unsupported .resources "
							 "reader version %lu",
			    (unsigned long)version);
	if (cur_u32(c, count, "truncated reader header") ||
	    cur_u32(c, &ntypes, "truncated reader header"))
		return -1;
	if (*count > (c->len - c->pos) / 8 || ntypes > c->len - c->pos)
		return cur_fail(c, "entry count is too large");
	for (uint32_t i = 0; i < ntypes; i++)
		if (cur_7bit(c, &len, "bad type name") ||
		    cur_skip(c, len, "type name extends past the resource"))
			return -1;
	if (cur_skip(c, (8 - (c->pos & 7)) & 7, "truncated padding") ||
	    cur_skip(c, (uint64_t)*count * 4, "truncated name hashes"))
		return -1;
	*positions = c->pos;
	return cur_skip(c, (uint64_t)*count * 4, "truncated name positions") ||
	       cur_u32(c, data_section, "truncated data section offset");
}

/* Does the name at c->pos read "ManagementPack" (UTF-16LE)? Leaves c->pos
 * after the name. */
static int name_is_mp(struct cursor *c, int *match)
{
	static const char want[] = "ManagementPack";
	uint32_t n;
	if (cur_7bit(c, &n, "bad resource name length"))
		return -1;
	const unsigned char *p = c->im->data + c->base + c->pos;
	if (cur_skip(c, n, "resource name extends past the resource"))
		return -1;
	*match = n == 2 * (sizeof want - 1);
	for (size_t i = 0; *match && i < sizeof want - 1; i++)
		*match = p[2 * i] == (unsigned char)want[i] && p[2 * i + 1] == 0;
	return 0;
}

/* Data entry: type code 0x20 (byte[]) or 0x21 (stream), Int32 length. */
static int read_byte_array(struct cursor *c, struct range *payload)
{
	uint32_t type, n;
	if (cur_7bit(c, &type, "bad type code"))
		return -1;
	if (type != 0x20 && type != 0x21)
		return fail(c->im, c->base + c->pos, "'ManagementPack' entry has "
						     "type code 0x%lx, not a byte array",
			    (unsigned long)type);
	if (cur_u32(c, &n, "truncated byte array length"))
		return -1;
	payload->off = c->base + c->pos;
	payload->len = n;
	return cur_skip(c, n, "byte array extends past the resource");
}

/* Find the "ManagementPack" entry in the .resources file at r.
 * Returns 1 found, 0 not present, -1 malformed. */
static int find_mp_entry(struct image *im, struct range r,
			 struct range *payload)
{
	struct cursor c = { im, r.off, r.len, 0 };
	uint32_t count = 0, data_section = 0, name_off, data_off;
	size_t positions = 0;
	if (resources_header(&c) ||
	    resources_index(&c, &count, &positions, &data_section))
		return -1;
	size_t names = c.pos;
	for (uint32_t i = 0; i < count; i++) {
		int match;
		c.pos = positions + (size_t)i * 4;
		if (cur_u32(&c, &name_off, "bad name position"))
			return -1;
		c.pos = names;
		if (cur_skip(&c, name_off, "name position out of range") ||
		    name_is_mp(&c, &match) ||
		    cur_u32(&c, &data_off, "truncated data offset"))
			return -1;
		if (!match)
			continue;
		c.pos = 0;
		if (cur_skip(&c, (uint64_t)data_section + data_off,
			     "data offset out of range") ||
		    read_byte_array(&c, payload))
			return -1;
		return 1;
	}
	return 0;
}

/* ---- gzip and UTF-16 ------------------------------------------------- */

static int inflate_fail(struct image *im, struct range in, z_stream *zs,
			const char *msg)
{
	fail(im, in.off + (in.len - zs->avail_in), "%s", msg);
	inflateEnd(zs);
	return -1;
}

/* Inflates the gzip member in into out[0..cap), or, with out NULL, into a
 * scratch buffer only to count: *n is the decompressed size. Fails once
 * more than UNSEAL_MAX_XML_BYTES (or cap) come out, so that a
 * decompression bomb costs time up to the limit and no memory. */
static int inflate_into(struct image *im, struct range in, unsigned char *out, size_t cap, size_t *n)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (in.len > UINT_MAX || inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return fail(im, in.off, "cannot start zlib inflate");
	unsigned char scratch[1 << 16];
	zs.next_in = (unsigned char *)im->data + in.off;
	zs.avail_in = (unsigned)in.len;
	int rc = Z_OK;
	while (rc != Z_STREAM_END) {
		size_t done = zs.total_out;
		if (done > UNSEAL_MAX_XML_BYTES || (out && done == cap))
			return inflate_fail(im, in, &zs, "decompressed management pack is larger than 64 MiB");
		zs.next_out = out ? out + done : scratch;
		zs.avail_out = (unsigned)(out ? cap - done : sizeof scratch);
		rc = inflate(&zs, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END)
			return inflate_fail(im, in, &zs, rc == Z_BUF_ERROR ? "gzip data is truncated" : "gzip data is corrupt");
	}
	*n = zs.total_out;
	inflateEnd(&zs);
	if (*n > UNSEAL_MAX_XML_BYTES)
		return fail(im, in.off, "decompressed management pack is larger than 64 MiB");
	return 0;
}

/* The payload, inflated twice: first counted (bounded by the limit, no
 * memory), then into a buffer of its size. The gzip trailer's ISIZE (the
 * size mod 2^32, last 4 bytes) over the limit is refused before any
 * inflating. */
static int gunzip(struct image *im, struct range in, unsigned char **out,
		  size_t *out_len)
{
	if (in.len < 18 || im->data[in.off] != 0x1f || im->data[in.off + 1] != 0x8b)
		return fail(im, in.off, "'ManagementPack' entry is not gzip data");
	uint32_t isize = le32(im->data + in.off + in.len - 4);
	if (isize > UNSEAL_MAX_XML_BYTES)
		return fail(im, in.off + in.len - 4, "gzip trailer gives the decompressed size as %lu bytes: larger than 64 MiB",
			    (unsigned long)isize);
	size_t n = 0, got = 0;
	if (inflate_into(im, in, NULL, 0, &n))
		return -1;
	unsigned char *buf = malloc(n + 1); /* + 1: room to see a second pass give more */
	if (!buf)
		return fail(im, in.off, "out of memory");
	if (inflate_into(im, in, buf, n + 1, &got) || got != n) {
		free(buf);
		return got == n ? -1 : fail(im, in.off, "gzip data is corrupt");
	}
	*out = buf;
	*out_len = n;
	return 0;
}

/* UTF-16LE (optional BOM) to NUL-terminated UTF-8 in out->xml (utf.c).
 * Errors point at the gzip payload, the nearest file offset. */
static int to_utf8(struct image *im, const unsigned char *u, size_t n,
		   size_t err_off)
{
	size_t bom = n >= 2 && le16(u) == 0xFEFF ? 2 : 0, at = 0;
	enum utf_error e = utf_from16(u + bom, n - bom, false, &im->out->xml,
				      &im->out->xml_len, &at);
	unsigned long ch = (unsigned long)(at + bom / 2);
	switch (e) {
	case UTF_OK:
		return 0;
	case UTF_ODD:
		return fail(im, err_off, "management pack xml has an odd number "
					 "of utf-16 bytes");
	case UTF_SURROGATE:
		return fail(im, err_off, "management pack xml has an unpaired "
					 "utf-16 surrogate at character %lu",
			    ch);
	case UTF_NUL:
		return fail(im, err_off, "management pack xml has a nul character "
					 "at character %lu",
			    ch);
	default:
		return fail(im, err_off, "out of memory");
	}
}

/* ---- manifest resources ---------------------------------------------- */

/* Bytes of embedded manifest resource row r: CLI Resources RVA + Offset,
 * a UInt32 length, then the data. Returns 1 if embedded, 0 if linked. */
static int resource_bytes(struct image *im, uint32_t r, struct range *out)
{
	if (cell(im, T_MANIFESTRESOURCE, r, MR_IMPLEMENTATION) != 0)
		return 0;
	uint32_t off = cell(im, T_MANIFESTRESOURCE, r, MR_OFFSET);
	size_t row = im->table_off[T_MANIFESTRESOURCE] +
		     (size_t)(r - 1) * im->row_size[T_MANIFESTRESOURCE];
	size_t at;
	if (im->res_size < 4 || off > im->res_size - 4)
		return fail(im, row, "manifest resource %lu lies outside the "
				     "resources directory",
			    (unsigned long)r);
	if (map_rva(im, im->res_rva + off, 4, &at, "manifest resource", row))
		return -1;
	uint32_t n = le32(im->data + at);
	if (n > im->res_size - 4 - off)
		return fail(im, at, "manifest resource %lu extends past the "
				    "resources directory",
			    (unsigned long)r);
	if (map_rva(im, im->res_rva + off + 4, n, &at, "manifest resource",
		    row))
		return -1;
	out->off = at;
	out->len = n;
	return 1;
}

/* Try resource row r. Returns 1 with *payload set, 0 if it has no
 * ManagementPack entry, -1 if it is malformed. */
static int try_resource(struct image *im, uint32_t r, struct range *payload)
{
	struct range bytes = { 0, 0 };
	const char *name;
	int rc = resource_bytes(im, r, &bytes);
	if (rc <= 0)
		return rc;
	if (get_string(im, cell(im, T_MANIFESTRESOURCE, r, MR_NAME), &name))
		return -1;
	rc = find_mp_entry(im, bytes, payload);
	if (rc == 1)
		snprintf(im->out->resource, sizeof im->out->resource, "%s", name);
	return rc;
}

static int resource_is_named(const struct image *im, uint32_t r,
			     const char *want)
{
	const char *name =
		peek_string(im, cell(im, T_MANIFESTRESOURCE, r, MR_NAME));
	return name && strcmp(name, want) == 0;
}

/* MPResources.resources first, then any other resource. The first
 * malformed resource's error is kept when nothing is found. */
static int find_payload(struct image *im, struct range *payload)
{
	static const char preferred[] = "MPResources.resources";
	int failed = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t r = 1; r <= im->rows[T_MANIFESTRESOURCE]; r++) {
			if (resource_is_named(im, r, preferred) != (pass == 0))
				continue;
			char saved[sizeof im->out->error];
			size_t saved_off = im->out->error_offset;
			memcpy(saved, im->out->error, sizeof saved);
			int rc = try_resource(im, r, payload);
			if (rc == 1) {
				im->out->error[0] = '\0';
				im->out->error_offset = 0;
				return 0;
			}
			if (rc < 0 && failed) {
				memcpy(im->out->error, saved, sizeof saved);
				im->out->error_offset = saved_off;
			}
			failed |= rc < 0;
		}
	}
	if (failed)
		return -1;
	return fail(im, im->table_off[T_MANIFESTRESOURCE], "no manifest "
							   "resource holds a 'ManagementPack' entry");
}

static int extract_xml(struct image *im)
{
	struct range payload = { 0, 0 };
	unsigned char *u16 = NULL;
	size_t n = 0;
	if (find_payload(im, &payload) || gunzip(im, payload, &u16, &n))
		return -1;
	int rc = to_utf8(im, u16, n, payload.off);
	free(u16);
	return rc;
}

/* ---- public API ------------------------------------------------------- */

static void image_init(struct image *im, const unsigned char *data, size_t len,
		       struct unseal_result *out)
{
	memset(im, 0, sizeof *im);
	memset(out, 0, sizeof *out);
	out->signature = UNSEAL_SIG_NONE;
	im->data = data;
	im->len = data ? len : 0;
	im->out = out;
}

int unseal_mp(const unsigned char *data, size_t len,
	      struct unseal_result *out)
{
	struct image im;
	image_init(&im, data, len, out);
	if (parse_pe(&im) || parse_metadata(&im) || check_signature(&im))
		return -1;
	return extract_xml(&im);
}

int unseal_identity(const unsigned char *data, size_t len,
		    struct unseal_result *out)
{
	struct image im;
	image_init(&im, data, len, out);
	return parse_pe(&im) || parse_metadata(&im) ? -1 : 0;
}

void unseal_result_release(struct unseal_result *r)
{
	if (!r)
		return;
	free(r->xml);
	memset(r, 0, sizeof *r);
}
