/*
 * resources_write.c - MP XML -> UTF-16LE -> gzip -> .resources file
 * (resources_write.h). The .resources layout is the one
 * System.Resources.ResourceWriter writes: manager header, reader header,
 * "PAD" alignment, name hashes, name positions, the name section and the
 * data section.
 */
#include "resources_write.h"

#include "utf.h"

#define ZLIB_CONST
#include <zlib.h>

/* ---- the text ---- */

void resources_mp_text(const char *xml, size_t len, size_t *start, size_t *end)
{
	size_t s = 0, e = len;
	if (len >= 3 && memcmp(xml, "\xEF\xBB\xBF", 3) == 0)
		s = 3;
	if (e - s >= 5 && memcmp(xml + s, "<?xml", 5) == 0) {
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

/* ---- UTF-16LE, deflated as it is made ---- */

enum { UNITS_BYTES = 1 << 16 };

/* Encodes s[*i..n) into buf (UNITS_BYTES, with room for a surrogate pair
 * at the end) until it is nearly full. Returns the bytes written, or -1
 * on invalid UTF-8. */
static long encode_some(const unsigned char *s, size_t n, size_t *i, unsigned char *buf)
{
	unsigned char *p = buf, *end = buf + UNITS_BYTES - 4;
	while (*i < n && p < end) {
		if (s[*i] < 0x80) { /* the common case, inline */
			p[0] = s[(*i)++];
			p[1] = 0;
			p += 2;
			continue;
		}
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

/* Runs deflate until it has taken all of zs's input (and, with Z_FINISH,
 * ended the stream), growing out as needed. */
static void deflate_into(z_stream *zs, struct strbuf *out, int flush)
{
	int rc;
	do {
		strbuf_grow(out, 1 << 16);
		zs->next_out = (unsigned char *)out->buf + out->len;
		zs->avail_out = (uInt)(out->cap - out->len - 1);
		uInt room = zs->avail_out;
		rc = deflate(zs, flush);
		if (rc == Z_STREAM_ERROR)
			BUG("zlib deflate failed");
		out->len += room - zs->avail_out;
		out->buf[out->len] = '\0';
	} while (zs->avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
}

static void deflate_start(z_stream *zs)
{
	static gz_header h; /* no name, no time; os 0 (FAT, as .NET writes), fixed */
	memset(zs, 0, sizeof *zs);
	if (deflateInit2(zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK ||
	    deflateSetHeader(zs, &h) != Z_OK)
		BUG("zlib deflateInit2 failed");
}

int resources_mp_payload(const char *xml, size_t len, size_t max_utf16, struct strbuf *out)
{
	size_t s, e, i = 0, total = 0;
	resources_mp_text(xml, len, &s, &e);
	const unsigned char *text = (const unsigned char *)xml + s;
	unsigned char *units = xmalloc(UNITS_BYTES);
	z_stream zs;
	deflate_start(&zs);
	int rc = 0;
	for (bool last = false; !last;) {
		long n = encode_some(text, e - s, &i, units);
		total += n > 0 ? (size_t)n : 0;
		if (n < 0 || total > max_utf16) {
			rc = -1;
			break;
		}
		last = i >= e - s;
		zs.next_in = units;
		zs.avail_in = (uInt)n;
		deflate_into(&zs, out, last ? Z_FINISH : Z_NO_FLUSH);
	}
	deflateEnd(&zs);
	free(units);
	return rc;
}

/* ---- .resources ---- */

static void add32(struct strbuf *b, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		strbuf_addc(b, (int)((v >> (8 * i)) & 0xFF));
}

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
