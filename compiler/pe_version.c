/*
 * pe_version.c - the VERSIONINFO resource and the .rsrc section that holds
 * it (pe_version.h). Layout: three one-entry resource directories (type
 * RT_VERSION, name 1, language 0), one data entry, then the VS_VERSIONINFO
 * tree: VS_FIXEDFILEINFO, StringFileInfo/000004b0/strings and
 * VarFileInfo/Translation. Every block is 4-byte aligned and its wLength
 * counts the block and its children, as the Win32 resource compiler writes.
 */
#include "pe_version.h"

#include "base.h"
#include "resources_write.h"

enum { RT_VERSION = 16 };
#define VS_FFI_SIGNATURE 0xFEEF04BDu

static void add16(struct strbuf *b, unsigned v)
{
	strbuf_addc(b, (int)(v & 0xFF));
	strbuf_addc(b, (int)((v >> 8) & 0xFF));
}

static void add32(struct strbuf *b, uint32_t v)
{
	add16(b, v & 0xFFFF);
	add16(b, v >> 16);
}

static void pad4(struct strbuf *b)
{
	while (b->len % 4)
		strbuf_addc(b, 0);
}

/* UTF-16 and a NUL; the strings were checked to be UTF-8. */
static void add_wstr(struct strbuf *b, const char *s)
{
	if (resources_utf16(s, b))
		BUG("version resource string is not UTF-8");
	add16(b, 0);
}

/* A block header: wLength (set by end_block), wValueLength, wType (1:
 * text), the key, padding. Returns where the block starts. */
static size_t begin_block(struct strbuf *b, unsigned value_len, unsigned type, const char *key)
{
	pad4(b);
	size_t at = b->len;
	add16(b, 0);
	add16(b, value_len);
	add16(b, type);
	add_wstr(b, key);
	pad4(b);
	return at;
}

static void end_block(struct strbuf *b, size_t at)
{
	size_t n = b->len - at;
	b->buf[at] = (char)(n & 0xFF);
	b->buf[at + 1] = (char)(n >> 8);
}

static void string_entry(struct strbuf *b, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	struct strbuf w = STRBUF_INIT;
	add_wstr(&w, value);
	size_t at = begin_block(b, (unsigned)(w.len / 2), 1, key);
	strbuf_add(b, w.buf, w.len);
	end_block(b, at);
	strbuf_release(&w);
}

static void fixed_info(struct strbuf *b, const unsigned v[4])
{
	add32(b, VS_FFI_SIGNATURE);
	add32(b, 0x00010000);         /* structure version 1.0 */
	for (int i = 0; i < 2; i++) { /* file, then product version */
		add32(b, (uint32_t)v[0] << 16 | v[1]);
		add32(b, (uint32_t)v[2] << 16 | v[3]);
	}
	add32(b, 0x3F); /* flags mask */
	add32(b, 0);    /* flags */
	add32(b, 0x4);  /* VOS__WINDOWS32 */
	add32(b, 0x2);  /* VFT_DLL */
	add32(b, 0);    /* subtype */
	add32(b, 0);    /* date: none */
	add32(b, 0);
}

static void string_file_info(struct strbuf *b, const struct pe_assembly *a, const char *file)
{
	size_t sfi = begin_block(b, 0, 1, "StringFileInfo");
	size_t table = begin_block(b, 0, 1, "000004b0"); /* language neutral, Unicode */
	string_entry(b, "CompanyName", a->company);
	string_entry(b, "FileDescription", a->title);
	string_entry(b, "FileVersion", a->file_version);
	string_entry(b, "InternalName", file);
	string_entry(b, "LegalCopyright", a->copyright);
	string_entry(b, "OriginalFilename", file);
	string_entry(b, "ProductName", a->product);
	string_entry(b, "ProductVersion", a->file_version);
	string_entry(b, "Assembly Version", a->file_version);
	end_block(b, table);
	end_block(b, sfi);
}

static void version_info(struct strbuf *b, const struct pe_assembly *a)
{
	struct strbuf file = STRBUF_INIT;
	strbuf_addf(&file, "%s.mp", a->name);
	size_t root = begin_block(b, 52, 0, "VS_VERSION_INFO");
	fixed_info(b, a->version);
	string_file_info(b, a, file.buf);
	size_t vfi = begin_block(b, 0, 1, "VarFileInfo");
	size_t var = begin_block(b, 4, 0, "Translation");
	add16(b, 0x0000); /* language neutral */
	add16(b, 0x04B0); /* code page 1200, UTF-16 */
	end_block(b, var);
	end_block(b, vfi);
	end_block(b, root);
	strbuf_release(&file);
}

/* IMAGE_RESOURCE_DIRECTORY with one ID entry pointing at target. */
static void directory(struct strbuf *b, unsigned id, uint32_t target)
{
	add32(b, 0); /* characteristics */
	add32(b, 0); /* time stamp: none */
	add32(b, 0); /* version */
	add16(b, 0); /* named entries */
	add16(b, 1); /* ID entries */
	add32(b, id);
	add32(b, target);
}

void pe_version_rsrc(const struct pe_assembly *a, uint32_t rva, struct strbuf *out)
{
	enum { TYPES = 0,
	       NAMES = 24,
	       LANGS = 48,
	       DATA_ENTRY = 72,
	       DATA = 88 };
	struct strbuf info = STRBUF_INIT;
	version_info(&info, a);
	size_t base = out->len;
	directory(out, RT_VERSION, 0x80000000u | NAMES);
	directory(out, 1, 0x80000000u | LANGS);
	directory(out, 0, DATA_ENTRY);
	add32(out, rva + DATA); /* IMAGE_RESOURCE_DATA_ENTRY */
	add32(out, (uint32_t)info.len);
	add32(out, 0); /* code page */
	add32(out, 0);
	if (out->len - base != DATA)
		BUG(".rsrc directory layout");
	strbuf_add(out, info.buf, info.len);
	strbuf_release(&info);
}
