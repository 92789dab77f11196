/*
 * pe_write.c - the PE32/CLI writer of sealed management packs (pe_write.h).
 *
 * Build order: heaps (#Strings, #Blob) and the #~ tables, MVID = hash of
 * those and the resource, #GUID, the metadata root; then the .text
 * section around it (IAT, CLI header, resource, signature space,
 * metadata, import table, entry stub), the .rsrc section (the version
 * resource, pe_version.c), the .reloc section and the
 * headers. All offsets are computed before any byte is written, so every
 * RVA is final. Table and heap layouts: ECMA-335 II.22-II.25; the reader
 * that checks all of this is unseal.c.
 */
#include "pe_write.h"

#include <openssl/evp.h>

#include "base.h"
#include "pe_version.h"
#include "strbuf.h"

enum {
	FILE_ALIGN = 0x200,
	SECT_ALIGN = 0x2000,
	IMAGE_BASE = 0x400000,
	TEXT_RVA = 0x2000,
	PE_OFFSET = 0x80,
	OPT_SIZE = 224, /* PE32 optional header, 16 directories */
	CLI_HEADER_SIZE = 72,
};

/* Metadata tables written (bit numbers of the Valid mask). */
enum {
	T_MODULE = 0x00,
	T_TYPEREF = 0x01,
	T_TYPEDEF = 0x02,
	T_MEMBERREF = 0x0A,
	T_CUSTOMATTRIBUTE = 0x0C,
	T_ASSEMBLY = 0x20,
	T_ASSEMBLYREF = 0x23,
	T_MANIFESTRESOURCE = 0x28
};

/* The Sorted mask compilers write (II.24.2.6). */
#define SORTED_MASK 0x000016003301FA00ull

/* ---- little-endian bytes ---- */

static void add8(struct strbuf *b, unsigned v) { strbuf_addc(b, (int)(v & 0xFF)); }

static void add16(struct strbuf *b, unsigned v)
{
	add8(b, v);
	add8(b, v >> 8);
}

static void add32(struct strbuf *b, uint32_t v)
{
	add16(b, v & 0xFFFF);
	add16(b, v >> 16);
}

static void add64(struct strbuf *b, uint64_t v)
{
	add32(b, (uint32_t)v);
	add32(b, (uint32_t)(v >> 32));
}

static void pad_to(struct strbuf *b, size_t align)
{
	while (b->len % align)
		add8(b, 0);
}

static void zeros(struct strbuf *b, size_t n)
{
	strbuf_grow(b, n);
	memset(b->buf + b->len, 0, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

static size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

/* ---- heaps ---- */

struct heaps {
	struct strbuf strings, blob;
};

static unsigned string_index(struct heaps *h, const char *s)
{
	if (!*s)
		return 0;
	unsigned at = (unsigned)h->strings.len;
	strbuf_add(&h->strings, s, strlen(s) + 1);
	return at;
}

/* Compressed unsigned integer (II.23.2); n < 2^29. */
static void add_compressed(struct strbuf *b, size_t n)
{
	if (n < 0x80) {
		add8(b, (unsigned)n);
	} else if (n < 0x4000) {
		add8(b, 0x80 | (unsigned)(n >> 8));
		add8(b, (unsigned)n);
	} else {
		add8(b, 0xC0 | (unsigned)(n >> 24));
		add8(b, (unsigned)(n >> 16));
		add8(b, (unsigned)(n >> 8));
		add8(b, (unsigned)n);
	}
}

static unsigned blob_index(struct heaps *h, const void *data, size_t n)
{
	unsigned at = (unsigned)h->blob.len;
	add_compressed(&h->blob, n);
	strbuf_add(&h->blob, data, n);
	return at;
}

/* A custom attribute value: prolog 0x0001, one SerString, no named args. */
static unsigned attribute_blob(struct heaps *h, const char *value)
{
	struct strbuf v = STRBUF_INIT;
	add16(&v, 1);
	add_compressed(&v, strlen(value));
	strbuf_adds(&v, value);
	add16(&v, 0);
	unsigned at = blob_index(h, v.buf, v.len);
	strbuf_release(&v);
	return at;
}

/* ---- #~ tables ---- */

struct attr {
	const char *type, *value;
};

/* The attributes present, in a fixed order; returns their count. */
static size_t attributes(const struct pe_assembly *a, struct attr out[5])
{
	const struct attr all[] = {
		{ "AssemblyTitleAttribute", a->title },
		{ "AssemblyCompanyAttribute", a->company },
		{ "AssemblyProductAttribute", a->product },
		{ "AssemblyCopyrightAttribute", a->copyright },
		{ "AssemblyFileVersionAttribute", a->file_version },
	};
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		if (all[i].value && *all[i].value)
			out[n++] = all[i];
	return n;
}

static void module_row(struct strbuf *t, struct heaps *h, const char *name)
{
	struct strbuf m = STRBUF_INIT;
	strbuf_addf(&m, "%s.mp", name);
	add16(t, 0);                      /* Generation */
	add16(t, string_index(h, m.buf)); /* Name */
	add16(t, 1);                      /* Mvid: #GUID entry 1 */
	add16(t, 0);                      /* EncId */
	add16(t, 0);                      /* EncBaseId */
	strbuf_release(&m);
}

/* TypeRef rows of the attribute types, scoped by AssemblyRef 1. */
static void typeref_rows(struct strbuf *t, struct heaps *h, const struct attr *at, size_t n)
{
	unsigned ns = string_index(h, "System.Reflection");
	for (size_t i = 0; i < n; i++) {
		add16(t, 1 << 2 | 2); /* ResolutionScope: AssemblyRef 1 */
		add16(t, string_index(h, at[i].type));
		add16(t, ns);
	}
}

static void typedef_row(struct strbuf *t, struct heaps *h)
{
	add32(t, 0); /* Flags */
	add16(t, string_index(h, "<Module>"));
	add16(t, 0); /* Namespace */
	add16(t, 0); /* Extends: none */
	add16(t, 1); /* FieldList */
	add16(t, 1); /* MethodList */
}

/* One .ctor(string) MemberRef per attribute type. */
static void memberref_rows(struct strbuf *t, struct heaps *h, size_t n)
{
	static const unsigned char sig[] = { 0x20, 0x01, 0x01, 0x0E }; /* instance void (string) */
	unsigned ctor = string_index(h, ".ctor");
	unsigned blob = blob_index(h, sig, sizeof sig);
	for (size_t i = 0; i < n; i++) {
		add16(t, (unsigned)(i + 1) << 3 | 1); /* MemberRefParent: TypeRef */
		add16(t, ctor);
		add16(t, blob);
	}
}

static void attribute_rows(struct strbuf *t, struct heaps *h, const struct attr *at, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		add16(t, 1 << 5 | 14);                /* HasCustomAttribute: Assembly 1 */
		add16(t, (unsigned)(i + 1) << 3 | 3); /* CustomAttributeType: MemberRef */
		add16(t, attribute_blob(h, at[i].value));
	}
}

static void assembly_row(struct strbuf *t, struct heaps *h, const struct pe_assembly *a)
{
	add32(t, SN_CALG_SHA1); /* HashAlgId */
	for (int i = 0; i < 4; i++)
		add16(t, a->version[i]);
	add32(t, a->public_key ? 0x0001 : 0); /* Flags: PublicKey */
	add16(t, a->public_key ? blob_index(h, a->public_key, a->public_key_len) : 0);
	add16(t, string_index(h, a->name));
	add16(t, 0); /* Culture: neutral */
}

static void assemblyref_row(struct strbuf *t, struct heaps *h, bool clr4)
{
	static const unsigned char ecma_token[] = { 0xb7, 0x7a, 0x5c, 0x56, 0x19, 0x34, 0xe0, 0x89 };
	add16(t, clr4 ? 4 : 2);
	add16(t, 0);
	add16(t, 0);
	add16(t, 0);
	add32(t, 0); /* Flags: a token, not a key */
	add16(t, blob_index(h, ecma_token, sizeof ecma_token));
	add16(t, string_index(h, "mscorlib"));
	add16(t, 0); /* Culture */
	add16(t, 0); /* HashValue */
}

static void manifest_resource_row(struct strbuf *t, struct heaps *h)
{
	add32(t, 0);      /* Offset in the CLI resources */
	add32(t, 0x0001); /* Flags: Public */
	add16(t, string_index(h, "MPResources.resources"));
	add16(t, 0); /* Implementation: this file */
}

/* The #~ stream: header, row counts, then the rows in table order. */
static void tables_stream(struct strbuf *out, struct heaps *h, const struct pe_assembly *a)
{
	struct attr at[5];
	size_t nat = attributes(a, at);
	const struct {
		unsigned table;
		size_t rows;
	} present[] = {
		{ T_MODULE, 1 },
		{ T_TYPEREF, nat },
		{ T_TYPEDEF, 1 },
		{ T_MEMBERREF, nat },
		{ T_CUSTOMATTRIBUTE, nat },
		{ T_ASSEMBLY, 1 },
		{ T_ASSEMBLYREF, 1 },
		{ T_MANIFESTRESOURCE, 1 },
	};
	uint64_t valid = 0;
	for (size_t i = 0; i < ARRAY_SIZE(present); i++)
		if (present[i].rows)
			valid |= 1ull << present[i].table;
	add32(out, 0); /* Reserved */
	add8(out, 2);  /* MajorVersion */
	add8(out, 0);  /* MinorVersion */
	add8(out, 0);  /* HeapSizes: 2-byte indexes */
	add8(out, 1);  /* Reserved */
	add64(out, valid);
	add64(out, SORTED_MASK);
	for (size_t i = 0; i < ARRAY_SIZE(present); i++)
		if (present[i].rows)
			add32(out, (uint32_t)present[i].rows);
	module_row(out, h, a->name);
	typeref_rows(out, h, at, nat);
	typedef_row(out, h);
	memberref_rows(out, h, nat);
	attribute_rows(out, h, at, nat);
	assembly_row(out, h, a);
	assemblyref_row(out, h, a->clr4);
	manifest_resource_row(out, h);
	pad_to(out, 4);
}

/* ---- metadata root ---- */

/* A version 4 style UUID from SHA-256 of everything else. */
static void make_mvid(unsigned char mvid[16], const struct strbuf *tables,
		      const struct heaps *h, const struct pe_assembly *a)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	if (!c || !EVP_DigestInit_ex(c, EVP_sha256(), NULL) ||
	    !EVP_DigestUpdate(c, tables->buf, tables->len) ||
	    !EVP_DigestUpdate(c, h->strings.buf, h->strings.len) ||
	    !EVP_DigestUpdate(c, h->blob.buf, h->blob.len) ||
	    !EVP_DigestUpdate(c, a->resource, a->resource_len) ||
	    !EVP_DigestFinal_ex(c, md, &n))
		BUG("sha-256 of the metadata failed");
	EVP_MD_CTX_free(c);
	memcpy(mvid, md, 16);
	mvid[7] = (unsigned char)((mvid[7] & 0x0F) | 0x40); /* Data3 (LE): version 4 */
	mvid[8] = (unsigned char)((mvid[8] & 0x3F) | 0x80); /* variant 1 */
}

struct stream {
	const char *name;
	const struct strbuf *data;
};

static void metadata_root(struct strbuf *md, const struct pe_assembly *a)
{
	struct heaps h = { STRBUF_INIT, STRBUF_INIT };
	strbuf_addc(&h.strings, 0);
	strbuf_addc(&h.blob, 0);
	struct strbuf tables = STRBUF_INIT, guid = STRBUF_INIT, us = STRBUF_INIT;
	tables_stream(&tables, &h, a);
	if (h.strings.len > 0xFFFF || h.blob.len > 0xFFFF)
		BUG("metadata heaps too large for 2-byte indexes");
	pad_to(&h.strings, 4);
	pad_to(&h.blob, 4);
	unsigned char mvid[16];
	make_mvid(mvid, &tables, &h, a);
	strbuf_add(&guid, mvid, 16);
	zeros(&us, 4); /* #US: the empty string only */
	const struct stream streams[] = {
		{ "#~", &tables },
		{ "#Strings", &h.strings },
		{ "#US", &us },
		{ "#GUID", &guid },
		{ "#Blob", &h.blob },
	};
	const char *version = a->clr4 ? "v4.0.30319" : "v2.0.50727";
	add32(md, 0x424A5342); /* "BSJB" */
	add16(md, 1);
	add16(md, 1);
	add32(md, 0);
	add32(md, 12); /* version string, padded */
	strbuf_adds(md, version);
	zeros(md, 12 - strlen(version));
	add16(md, 0); /* Flags */
	add16(md, ARRAY_SIZE(streams));
	size_t headers = 0;
	for (size_t i = 0; i < ARRAY_SIZE(streams); i++)
		headers += 8 + align_up(strlen(streams[i].name) + 1, 4);
	size_t off = md->len + headers;
	for (size_t i = 0; i < ARRAY_SIZE(streams); i++) {
		add32(md, (uint32_t)off);
		add32(md, (uint32_t)streams[i].data->len);
		strbuf_add(md, streams[i].name, strlen(streams[i].name) + 1);
		pad_to(md, 4);
		off += streams[i].data->len;
	}
	for (size_t i = 0; i < ARRAY_SIZE(streams); i++)
		strbuf_add(md, streams[i].data->buf, streams[i].data->len);
	strbuf_release(&tables);
	strbuf_release(&guid);
	strbuf_release(&us);
	strbuf_release(&h.strings);
	strbuf_release(&h.blob);
}

/* ---- .text ---- */

/* Offsets inside .text (add TEXT_RVA for the RVA). */
struct text_layout {
	size_t cli, res, res_len, sig, md, md_len, imports, ilt, hint, dll, stub, end;
};

static void plan_text(struct text_layout *t, const struct pe_assembly *a, size_t md_len)
{
	t->cli = 8; /* after the IAT */
	t->res = t->cli + CLI_HEADER_SIZE;
	t->res_len = 4 + a->resource_len;
	t->sig = align_up(t->res + t->res_len, 8);
	t->md = align_up(t->sig + a->sig_len, 4);
	t->md_len = md_len;
	t->imports = align_up(t->md + md_len, 4);
	t->ilt = t->imports + 40; /* one descriptor + the null one */
	t->hint = t->ilt + 8;
	t->dll = t->hint + 2 + sizeof "_CorDllMain";
	t->stub = align_up(t->dll + sizeof "mscoree.dll", 4) + 2;
	t->end = t->stub + 6; /* jmp dword ptr [IAT] */
}

static uint32_t rva(size_t text_off) { return (uint32_t)(TEXT_RVA + text_off); }

static void cli_header(struct strbuf *b, const struct text_layout *t, const struct pe_assembly *a)
{
	add32(b, CLI_HEADER_SIZE);
	add16(b, 2); /* MajorRuntimeVersion */
	add16(b, 5); /* MinorRuntimeVersion */
	add32(b, rva(t->md));
	add32(b, (uint32_t)t->md_len);
	add32(b, 0x1 | (a->strong_name_signed ? 0x8 : 0)); /* ILONLY, STRONGNAMESIGNED */
	add32(b, 0);                                       /* EntryPointToken */
	add32(b, rva(t->res));
	add32(b, (uint32_t)t->res_len);
	add32(b, a->sig_len ? rva(t->sig) : 0);
	add32(b, (uint32_t)a->sig_len);
	zeros(b, 8 * 4); /* code manager .. native header */
}

static void text_section(struct strbuf *b, const struct text_layout *t,
			 const struct pe_assembly *a, const struct strbuf *md)
{
	add32(b, rva(t->hint)); /* IAT */
	add32(b, 0);
	cli_header(b, t, a);
	add32(b, (uint32_t)a->resource_len);
	strbuf_add(b, a->resource, a->resource_len);
	zeros(b, t->sig - b->len);
	zeros(b, a->sig_len);
	zeros(b, t->md - b->len);
	strbuf_add(b, md->buf, md->len);
	zeros(b, t->imports - b->len);
	add32(b, rva(t->ilt)); /* import descriptor: mscoree.dll */
	add32(b, 0);
	add32(b, 0);
	add32(b, rva(t->dll));
	add32(b, rva(0)); /* its IAT */
	zeros(b, 20);
	add32(b, rva(t->hint)); /* ILT */
	add32(b, 0);
	add16(b, 0); /* hint */
	strbuf_add(b, "_CorDllMain", sizeof "_CorDllMain");
	strbuf_add(b, "mscoree.dll", sizeof "mscoree.dll");
	zeros(b, t->stub - b->len);
	add8(b, 0xFF); /* jmp dword ptr [IMAGE_BASE + IAT] */
	add8(b, 0x25);
	add32(b, IMAGE_BASE + TEXT_RVA);
	if (b->len != t->end)
		BUG(".text layout mismatch (%zu, planned %zu)", b->len, t->end);
}

/* ---- headers ---- */

/* Where each section goes (RVA, file offset, size in the file). */
struct image_plan {
	size_t text_vsize, text_raw;
	size_t rsrc_rva, rsrc_off, rsrc_len, rsrc_raw;
	size_t reloc_rva, reloc_off, reloc_raw, image_size;
	uint32_t stub_operand;
};

/* The usual MS-DOS header and stub; e_lfanew = PE_OFFSET. */
static void dos_header(struct strbuf *b)
{
	/* twelve bytes a line (clang-format would put one on each line) */
	/* clang-format off */
	static const unsigned char dos[PE_OFFSET] = {
		0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
		0xFF, 0xFF, 0x00, 0x00, 0xB8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		PE_OFFSET, 0x00, 0x00, 0x00, 0x0E, 0x1F, 0xBA, 0x0E, 0x00, 0xB4, 0x09, 0xCD,
		0x21, 0xB8, 0x01, 0x4C, 0xCD, 0x21, 'T', 'h', 'i', 's', ' ', 'p',
		'r', 'o', 'g', 'r', 'a', 'm', ' ', 'c', 'a', 'n', 'n', 'o',
		't', ' ', 'b', 'e', ' ', 'r', 'u', 'n', ' ', 'i', 'n', ' ',
		'D', 'O', 'S', ' ', 'm', 'o', 'd', 'e', '.', '\r', '\r', '\n',
		'$', 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	/* clang-format on */
	strbuf_add(b, dos, sizeof dos);
}

static void coff_header(struct strbuf *b)
{
	strbuf_add(b, "PE\0\0", 4);
	add16(b, 0x14C); /* i386 */
	add16(b, 3);     /* sections */
	add32(b, 0);     /* TimeDateStamp: none, reproducible */
	add32(b, 0);
	add32(b, 0);
	add16(b, OPT_SIZE);
	add16(b, 0x2102); /* EXECUTABLE_IMAGE | 32BIT_MACHINE | DLL */
}

static void directory(struct strbuf *b, uint32_t va, uint32_t size)
{
	add32(b, va);
	add32(b, size);
}

static void optional_header(struct strbuf *b, const struct image_plan *p, const struct text_layout *t)
{
	add16(b, 0x10B); /* PE32 */
	add8(b, 8);      /* linker version */
	add8(b, 0);
	add32(b, (uint32_t)p->text_raw);                  /* SizeOfCode */
	add32(b, (uint32_t)(p->rsrc_raw + p->reloc_raw)); /* SizeOfInitializedData */
	add32(b, 0);
	add32(b, rva(t->stub));          /* AddressOfEntryPoint */
	add32(b, TEXT_RVA);              /* BaseOfCode */
	add32(b, (uint32_t)p->rsrc_rva); /* BaseOfData */
	add32(b, IMAGE_BASE);
	add32(b, SECT_ALIGN);
	add32(b, FILE_ALIGN);
	add16(b, 4);
	add16(b, 0); /* OS version */
	add16(b, 0);
	add16(b, 0); /* image version */
	add16(b, 4);
	add16(b, 0); /* subsystem version */
	add32(b, 0);
	add32(b, (uint32_t)p->image_size);
	add32(b, FILE_ALIGN); /* SizeOfHeaders */
	add32(b, 0);          /* CheckSum (not hashed) */
	add16(b, 3);          /* WINDOWS_CUI */
	add16(b, 0x0540);     /* DYNAMIC_BASE | NX_COMPAT | NO_SEH */
	add32(b, 0x100000);
	add32(b, 0x1000); /* stack */
	add32(b, 0x100000);
	add32(b, 0x1000); /* heap */
	add32(b, 0);      /* LoaderFlags */
	add32(b, 16);
	for (int i = 0; i < 16; i++) {
		switch (i) {
		case 1: directory(b, rva(t->imports), (uint32_t)(t->stub - 2 - t->imports)); break;
		case 2: directory(b, (uint32_t)p->rsrc_rva, (uint32_t)p->rsrc_len); break;
		case 5: directory(b, (uint32_t)p->reloc_rva, 12); break;
		case 12: directory(b, TEXT_RVA, 8); break;
		case 14: directory(b, rva(t->cli), CLI_HEADER_SIZE); break;
		default: directory(b, 0, 0);
		}
	}
}

static void section_header(struct strbuf *b, const char *name, size_t vsize, size_t va,
			   size_t raw, size_t off, uint32_t flags)
{
	char n[8] = { 0 };
	memcpy(n, name, strlen(name));
	strbuf_add(b, n, 8);
	add32(b, (uint32_t)vsize);
	add32(b, (uint32_t)va);
	add32(b, (uint32_t)raw);
	add32(b, (uint32_t)off);
	zeros(b, 12); /* relocations, line numbers */
	add32(b, flags);
}

/* ---- public API ---- */

static void plan_image(struct image_plan *p, const struct text_layout *t, const struct strbuf *rsrc)
{
	p->text_vsize = t->end;
	p->text_raw = align_up(t->end, FILE_ALIGN);
	p->rsrc_rva = align_up(TEXT_RVA + t->end, SECT_ALIGN);
	p->rsrc_off = FILE_ALIGN + p->text_raw;
	p->rsrc_len = rsrc->len;
	p->rsrc_raw = align_up(rsrc->len, FILE_ALIGN);
	p->reloc_rva = align_up(p->rsrc_rva + rsrc->len, SECT_ALIGN);
	p->reloc_off = p->rsrc_off + p->rsrc_raw;
	p->reloc_raw = FILE_ALIGN;
	p->image_size = p->reloc_rva + SECT_ALIGN;
	p->stub_operand = rva(t->stub + 2);
}

/* Headers up to the end of the section table, padded to FILE_ALIGN. */
static void headers(struct strbuf *b, struct pe_image *im, const struct image_plan *p,
		    const struct text_layout *t)
{
	dos_header(b);
	coff_header(b);
	size_t opt = b->len;
	optional_header(b, p, t);
	section_header(b, ".text", p->text_vsize, TEXT_RVA, p->text_raw, FILE_ALIGN, 0x60000020);
	section_header(b, ".rsrc", p->rsrc_len, p->rsrc_rva, p->rsrc_raw, p->rsrc_off, 0x40000040);
	section_header(b, ".reloc", 12, p->reloc_rva, p->reloc_raw, p->reloc_off, 0x42000040);
	im->headers_end = b->len;
	im->checksum_off = opt + 64;
	im->certdir_off = opt + 96 + 4 * 8;
	zeros(b, FILE_ALIGN - b->len);
}

/* The base relocation of the entry stub's IAT operand. */
static void reloc_section(struct strbuf *b, const struct image_plan *p)
{
	add32(b, p->stub_operand & ~0xFFFu);
	add32(b, 12);
	add16(b, 3u << 12 | (p->stub_operand & 0xFFF)); /* HIGHLOW */
	add16(b, 0);
	zeros(b, p->reloc_raw - 12);
}

void pe_write(const struct pe_assembly *a, struct pe_image *im)
{
	if (strlen(a->name) > PE_MAX_STRING || a->resource_len >= (size_t)1 << 30)
		BUG("pe_write: input over the limits");
	memset(im, 0, sizeof *im);
	struct strbuf md = STRBUF_INIT, b = STRBUF_INIT, text = STRBUF_INIT, rsrc = STRBUF_INIT;
	metadata_root(&md, a);
	struct text_layout t;
	plan_text(&t, a, md.len);
	/* The .rsrc holds an RVA of its own: its place depends only on .text. */
	pe_version_rsrc(a, (uint32_t)align_up(TEXT_RVA + t.end, SECT_ALIGN), &rsrc);
	struct image_plan p;
	plan_image(&p, &t, &rsrc);
	headers(&b, im, &p, &t);
	text_section(&text, &t, a, &md);
	strbuf_add(&b, text.buf, text.len);
	zeros(&b, p.rsrc_off - b.len);
	strbuf_add(&b, rsrc.buf, rsrc.len);
	zeros(&b, p.reloc_off - b.len);
	reloc_section(&b, &p);
	im->sections[0] = (struct sn_range){ FILE_ALIGN, p.text_raw };
	im->sections[1] = (struct sn_range){ p.rsrc_off, p.rsrc_raw };
	im->sections[2] = (struct sn_range){ p.reloc_off, p.reloc_raw };
	im->sig = (struct sn_range){ FILE_ALIGN + t.sig, a->sig_len };
	im->data = (unsigned char *)strbuf_detach(&b, &im->len);
	strbuf_release(&text);
	strbuf_release(&rsrc);
	strbuf_release(&md);
}

void pe_image_layout(const struct pe_image *im, struct sn_layout *l)
{
	l->headers_end = im->headers_end;
	l->checksum_off = im->checksum_off;
	l->certdir_off = im->certdir_off;
	l->sections = im->sections;
	l->nsections = ARRAY_SIZE(im->sections);
	l->sig = im->sig;
}

void pe_image_release(struct pe_image *im)
{
	if (!im)
		return;
	free(im->data);
	memset(im, 0, sizeof *im);
}
