/*
 * utf.h - the one UTF-16 decoder and UTF-8 encoder: mpread.c reads UTF-16
 * management packs with it, unseal.c the UTF-16LE payload of a sealed one,
 * strbuf.c appends code points; and the UTF-8 decoder and UTF-16LE
 * encoder with which resources_write.c makes that payload. No other dependency (tests/sealed builds
 * unseal.c with it alone); never prints, never aborts.
 */
#ifndef SCOMC_UTF_H
#define SCOMC_UTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum utf_error {
	UTF_OK,
	UTF_ODD,       /* an odd number of bytes */
	UTF_SURROGATE, /* an unpaired surrogate */
	UTF_NUL,       /* U+0000, which XML cannot hold */
	UTF_NOMEM
};

/* Writes code point cp (at most 0x10FFFF) as 1-4 bytes at out; returns
 * how many. */
size_t utf_put8(char *out, uint32_t cp);

/* The code point of the UTF-8 sequence at s[*i] (s holds n bytes), with
 * *i moved past it; or -1 if the bytes there are not valid UTF-8
 * (overlong, a surrogate, above U+10FFFF, cut short). */
long utf_next8(const unsigned char *s, size_t n, size_t *i);

/* Writes cp (at most 0x10FFFF, not a surrogate) as UTF-16LE, 2 or 4
 * bytes, at out; returns how many. */
size_t utf_put16le(unsigned char *out, uint32_t cp);

/*
 * Decodes n bytes of UTF-16 (no BOM; big-endian if be) into a new
 * NUL-terminated UTF-8 string *out of *out_len bytes (malloc'd, the caller
 * frees it). Returns UTF_OK, or the error with *out NULL and *at the index
 * of the offending code unit (for UTF_ODD: n / 2).
 */
enum utf_error utf_from16(const unsigned char *p, size_t n, bool be, char **out,
			  size_t *out_len, size_t *at);

#endif
