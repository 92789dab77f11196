/*
 * mkbomb.c - writes the hostile sealed packs of tests/hostile/packs.sh
 * (issue 17): unsigned PE/CLI assemblies made by the seal writer
 * (pe_write(), resources_write()) around a gzip payload of our choosing.
 *
 *   mkbomb claims OUT.mp      a small pack whose gzip trailer (ISIZE, the
 *                             size mod 2^32) says 10 GiB: 2 GiB
 *   mkbomb claims-res OUT.mp  the same pack, its manifest resource length
 *                             saying 4 GiB - 1 (the most 32 bits can say)
 *   mkbomb bomb OUT.mp        a real maximal-ratio deflate stream of 10 GiB
 *                             of zeros (about 10 MB), with the true CRC-32
 *                             and ISIZE
 *   mkbomb bomb-lying OUT.mp  the same stream with ISIZE 4096: only
 *                             inflating shows how big it is
 *   mkbomb stream-check MIB   builds the stream the same way for MIB MiB,
 *                             inflates it whole and checks size and CRC:
 *                             the construction is sound (exit 0)
 *
 * The stream: after a sync flush a deflate block is byte-aligned, and once
 * the 32 KiB window holds only zeros, every further 1 MiB of zeros
 * compresses to the same bytes, so those bytes are repeated instead of
 * compressing 10 GiB. The CRC-32 comes from crc32_combine().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "pe_write.h"
#include "resources_write.h"
#include "strbuf.h"

enum { CHUNK = 1 << 20 };

static void die(const char *msg)
{
	fprintf(stderr, "mkbomb: %s\n", msg);
	exit(1);
}

/* Deflates `in` zeros with a sync flush (or Z_FINISH) into out. */
static void deflate_zeros(z_stream *zs, size_t in, int flush, struct strbuf *out)
{
	static unsigned char zeros[CHUNK], buf[1 << 16];
	zs->next_in = zeros;
	zs->avail_in = (unsigned)in;
	do {
		zs->next_out = buf;
		zs->avail_out = sizeof buf;
		int rc = deflate(zs, flush);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			die("deflate failed");
		strbuf_add(out, buf, sizeof buf - zs->avail_out);
	} while (zs->avail_out == 0 || zs->avail_in);
}

/* gzip of mib MiB of zeros into out; the trailer's ISIZE is isize when
 * not (uint64_t)-1. */
static void zero_stream(uint64_t mib, uint64_t isize, struct strbuf *out)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (deflateInit2(&zs, 9, Z_DEFLATED, 16 + 15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		die("deflateInit2 failed");
	struct strbuf first = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	deflate_zeros(&zs, CHUNK, Z_SYNC_FLUSH, &first); /* gzip header + first MiB */
	deflate_zeros(&zs, CHUNK, Z_SYNC_FLUSH, &a);
	deflate_zeros(&zs, CHUNK, Z_SYNC_FLUSH, &b);
	if (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0)
		die("the repeated block is not stable");
	strbuf_add(out, first.buf, first.len);
	for (uint64_t i = 1; i < mib; i++)
		strbuf_add(out, a.buf, a.len);
	struct strbuf end = STRBUF_INIT;
	deflate_zeros(&zs, 0, Z_FINISH, &end); /* final empty block + trailer */
	deflateEnd(&zs);
	if (end.len < 8)
		die("no gzip trailer");
	/* the trailer zlib wrote is for 3 MiB: write the one of mib MiB */
	static unsigned char zeros[CHUNK];
	uLong one = crc32(0, zeros, CHUNK), crc = 0;
	for (uint64_t i = 0; i < mib; i++)
		crc = crc32_combine(crc, one, CHUNK);
	uint64_t size = isize != (uint64_t)-1 ? isize : mib * CHUNK;
	unsigned char *t = (unsigned char *)end.buf + end.len - 8;
	for (int i = 0; i < 4; i++) {
		t[i] = (unsigned char)(crc >> (8 * i));
		t[4 + i] = (unsigned char)(size >> (8 * i));
	}
	strbuf_add(out, end.buf, end.len);
	strbuf_release(&first);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&end);
}

/* A small real payload: this pack's XML, UTF-16LE, gzip. */
static void small_payload(struct strbuf *gz)
{
	static const char xml[] =
		"<ManagementPack ContentReadable=\"true\" SchemaVersion=\"2.0\" OriginalSchemaVersion=\"1.1\">"
		"<Manifest><Identity><ID>Hostile.Bomb</ID><Version>1.0.0.0</Version></Identity>"
		"<Name>Hostile.Bomb</Name><References/></Manifest></ManagementPack>";
	if (resources_mp_payload(xml, strlen(xml), (size_t)1 << 30, gz))
		die("resources_mp_payload failed");
}

static void write_pack(const char *path, const struct strbuf *gz, bool huge_resource)
{
	struct strbuf res = STRBUF_INIT;
	resources_write(gz->buf, gz->len, true, &res);
	struct pe_assembly a = { .name = "Hostile.Bomb", .version = { 1, 0, 0, 0 }, .clr4 = true };
	a.resource = (const unsigned char *)res.buf;
	a.resource_len = res.len;
	struct pe_image im;
	pe_write(&a, &im);
	if (huge_resource) { /* the UInt32 length before the .resources magic */
		static const unsigned char magic[4] = { 0xce, 0xca, 0xef, 0xbe };
		unsigned char *p = NULL;
		for (size_t i = 4; i + 4 <= im.len && !p; i++)
			if (!memcmp(im.data + i, magic, 4))
				p = im.data + i - 4;
		if (!p)
			die("no .resources magic in the image");
		memset(p, 0xff, 4);
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(im.data, 1, im.len, f) != im.len || fclose(f) != 0)
		die("cannot write the pack");
	pe_image_release(&im);
	strbuf_release(&res);
}

static int stream_check(uint64_t mib)
{
	struct strbuf gz = STRBUF_INIT;
	zero_stream(mib, (uint64_t)-1, &gz);
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, 16 + 15) != Z_OK)
		die("inflateInit2 failed");
	static unsigned char buf[CHUNK];
	zs.next_in = (unsigned char *)gz.buf;
	zs.avail_in = (unsigned)gz.len;
	int rc;
	do {
		zs.next_out = buf;
		zs.avail_out = sizeof buf;
		rc = inflate(&zs, Z_NO_FLUSH);
	} while (rc == Z_OK);
	uint64_t got = zs.total_out;
	inflateEnd(&zs);
	printf("%llu MiB of zeros: %zu bytes of gzip (ratio %.0f:1), inflated %llu bytes, %s\n",
	       (unsigned long long)mib, gz.len, (double)(mib * CHUNK) / (double)gz.len,
	       (unsigned long long)got, rc == Z_STREAM_END ? "CRC and ISIZE good" : "BAD");
	strbuf_release(&gz);
	return rc == Z_STREAM_END && got == mib * CHUNK ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		die("usage: mkbomb claims|claims-res|bomb|bomb-lying OUT.mp | stream-check MIB");
	const char *mode = argv[1];
	if (!strcmp(mode, "stream-check"))
		return stream_check(strtoull(argv[2], NULL, 10));
	struct strbuf gz = STRBUF_INIT;
	if (!strcmp(mode, "claims") || !strcmp(mode, "claims-res")) {
		small_payload(&gz);
		if (!strcmp(mode, "claims")) { /* ISIZE: 10 GiB mod 2^32 */
			uint64_t ten = (uint64_t)10 << 30;
			for (int i = 0; i < 4; i++)
				gz.buf[gz.len - 4 + i] = (char)(unsigned char)(ten >> (8 * i));
		}
		write_pack(argv[2], &gz, !strcmp(mode, "claims-res"));
	} else if (!strcmp(mode, "bomb") || !strcmp(mode, "bomb-lying")) {
		zero_stream(10240, !strcmp(mode, "bomb") ? (uint64_t)-1 : 4096, &gz);
		write_pack(argv[2], &gz, false);
	} else {
		die("unknown mode");
	}
	strbuf_release(&gz);
	return 0;
}
