/*
 * resources_write.c - MP XML -> UTF-16LE -> gzip -> .resources file
 * (resources_write.h). The .resources layout is the one
 * System.Resources.ResourceWriter writes: manager header, reader header,
 * "PAD" alignment, name hashes, name positions, the name section and the
 * data section.
 */
#include "resources_write.h"

#include "utf.h"

#include <libdeflate.h>

/* ---- the text ---- */

void resources_mp_text(const char *xml, size_t len, size_t *start, size_t *end)
{
	size_t s = 0, e = len;
	if (len >= 3 && memcmp(xml, "\xEF\xBB\xBF", 3) == 0)
		s = 3;
	/* "<?xml" and white space: not a processing instruction such as
	 * <?xml-stylesheet?>, which is content. */
	if (e - s >= 6 && memcmp(xml + s, "<?xml", 5) == 0 && strchr(" \t\r\n", xml[s + 5]) &&
	    xml[s + 5]) {
		const char *q = memchr(xml + s, '>', e - s);
		if (q && q > xml + s && q[-1] == '?')
			s = (size_t)(q - xml) + 1;
		while (s < e && strchr(" \t\r\n", xml[s]) && xml[s])
			s++;
	}
	while (e > s && strchr(" \t\r\n", xml[e - 1]) && xml[e - 1])
		e--;
	*start = s;
	*end = e;
}

/* ---- UTF-16LE, then gzip ---- */

enum { UNITS_BYTES = 1 << 16 };

/* Encodes s[*i..n) into buf (UNITS_BYTES, with room for a surrogate pair
 * at the end) until it is nearly full. Returns the bytes written, or -1
 * on invalid UTF-8. */
static long encode_some(const unsigned char *s, size_t n, size_t *i, unsigned char *buf)
{
	unsigned char *p = buf, *end = buf + UNITS_BYTES - 4;
	while (*i < n && p < end) {
		size_t k = *i, stop = k + (size_t)(end - p) / 2;
		if (stop > n)
			stop = n;
		for (; k < stop && s[k] < 0x80; k++, p += 2) { /* the common case, inline */
			p[0] = s[k];
			p[1] = 0;
		}
		*i = k;
		if (k == stop)
			continue;
		long cp = utf_next8(s, n, i);
		if (cp < 0)
			return -1;
		p += utf_put16le(p, (uint32_t)cp);
	}
	return (long)(p - buf);
}

int resources_utf16(const char *s, struct strbuf *out)
{
	size_t n = strlen(s), i = 0;
	while (i < n) {
		strbuf_grow(out, UNITS_BYTES);
		long k = encode_some((const unsigned char *)s, n, &i, (unsigned char *)out->buf + out->len);
		if (k < 0)
			return -1;
		out->len += (size_t)k;
		out->buf[out->len] = '\0';
	}
	return 0;
}

/* The gzip member around a raw deflate stream (RFC 1952): no name, no
 * time, no extra flags, OS 0 (FAT, as .NET's GZipStream writes), so that
 * the header is fixed; then CRC-32 and size of the input. */
static const unsigned char GZIP_HEADER[10] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0 };

/* Little-endian, as gzip and .resources store numbers. */
static void add32(struct strbuf *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		strbuf_addc(b, (int)((v >> (8 * i)) & 0xFF));
}

/* gzip of units[0..n) appended to out. libdeflate compresses a whole
 * buffer at once; level 7 gives output no larger than zlib's level 6
 * (gzip -6) in about half its time (bench/RESULTS.md, sealing). */
static void gzip_into(const unsigned char *units, size_t n, struct strbuf *out)
{
	struct libdeflate_compressor *z = libdeflate_alloc_compressor(7);
	if (!z)
		BUG("libdeflate could not allocate a compressor");
	size_t bound = libdeflate_deflate_compress_bound(z, n);
	strbuf_add(out, GZIP_HEADER, sizeof GZIP_HEADER);
	strbuf_grow(out, bound + 8);
	size_t k = libdeflate_deflate_compress(z, units, n, out->buf + out->len, bound);
	libdeflate_free_compressor(z);
	if (k == 0)
		BUG("libdeflate output exceeded its own bound");
	out->len += k;
	add32(out, (uint32_t)libdeflate_crc32(0, units, n));
	add32(out, (uint32_t)n); /* ISIZE: n < max_utf16 <= 4 GiB */
}

int resources_mp_payload(const char *xml, size_t len, size_t max_utf16, struct strbuf *out)
{
	size_t s, e, i = 0;
	resources_mp_text(xml, len, &s, &e);
	const unsigned char *text = (const unsigned char *)xml + s;
	struct strbuf units = STRBUF_INIT;
	size_t most = 2 * (e - s); /* UTF-16 takes at most 2 bytes per UTF-8 byte */
	strbuf_grow(&units, (most < max_utf16 ? most : max_utf16) + UNITS_BYTES);
	int rc = 0;
	while (i < e - s) {
		strbuf_grow(&units, UNITS_BYTES);
		long n = encode_some(text, e - s, &i, (unsigned char *)units.buf + units.len);
		if (n < 0 || units.len + (size_t)n > max_utf16) {
			rc = -1;
			break;
		}
		units.len += (size_t)n;
	}
	if (rc == 0)
		gzip_into((const unsigned char *)units.buf, units.len, out);
	strbuf_release(&units);
	return rc;
}

/* ---- .resources ---- */

/* BinaryWriter.Write7BitEncodedInt. */
static void add_7bit(struct strbuf *b, uint32_t v)
{
	while (v >= 0x80) {
		strbuf_addc(b, (int)(v & 0x7F) | 0x80);
		v >>= 7;
	}
	strbuf_addc(b, (int)v);
}

/* BinaryWriter.Write(string): 7-bit length, UTF-8 bytes. */
static void add_string(struct strbuf *b, const char *s)
{
	add_7bit(b, (uint32_t)strlen(s));
	strbuf_adds(b, s);
}

/* FastResourceComparer.HashFunction over the UTF-16 code units. */
static uint32_t name_hash(const char *ascii)
{
	uint32_t h = 5381;
	for (const char *p = ascii; *p; p++)
		h = ((h << 5) + h) ^ (unsigned char)*p;
	return h;
}

void resources_write(const void *data, size_t n, bool clr4, struct strbuf *out)
{
	static const char name[] = "ManagementPack";
	size_t base = out->len;
	struct strbuf types = STRBUF_INIT;
	strbuf_addf(&types, "System.Resources.ResourceReader, mscorlib, Version=%s, "
			    "Culture=neutral, PublicKeyToken=b77a5c561934e089",
		    clr4 ? "4.0.0.0" : "2.0.0.0");
	struct strbuf hdr = STRBUF_INIT;
	add_string(&hdr, types.buf);
	add_string(&hdr, "System.Resources.RuntimeResourceSet");
	add32(out, 0xBEEFCACE);        /* ResourceManager magic */
	add32(out, 1);                 /* its header version */
	add32(out, (uint32_t)hdr.len); /* bytes to skip */
	strbuf_add(out, hdr.buf, hdr.len);
	add32(out, 2); /* reader version */
	add32(out, 1); /* resources */
	add32(out, 0); /* type names: none, byte[] is primitive */
	for (size_t i = 0; (out->len - base) % 8; i++)
		strbuf_addc(out, "PAD"[i % 3]);
	add32(out, name_hash(name));
	add32(out, 0); /* name position */
	size_t data_section = out->len;
	add32(out, 0); /* data section offset, below */
	add_7bit(out, 2 * (sizeof name - 1));
	for (const char *p = name; *p; p++) {
		strbuf_addc(out, *p);
		strbuf_addc(out, 0);
	}
	add32(out, 0); /* data offset of the entry */
	uint32_t at = (uint32_t)(out->len - base);
	for (int i = 0; i < 4; i++)
		out->buf[data_section + i] = (char)(at >> (8 * i));
	add_7bit(out, 0x20); /* ResourceTypeCode.ByteArray */
	add32(out, (uint32_t)n);
	strbuf_add(out, data, n);
	strbuf_release(&types);
	strbuf_release(&hdr);
}
