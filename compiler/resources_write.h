/*
 * resources_write.h - the payload of a sealed management pack: the MP XML
 * as gzip of UTF-16LE, inside a .NET .resources file (the format
 * System.Resources.ResourceReader reads; unseal.c is our reader).
 *
 * Both functions are deterministic: the gzip header has no file name and
 * no time, and a fixed OS byte; the same input gives the same bytes with
 * the same libdeflate.
 */
#ifndef SCOMC_RESOURCES_WRITE_H
#define SCOMC_RESOURCES_WRITE_H

#include "strbuf.h"

/* The text as a sealed pack stores it: xml[0..len) (UTF-8) without a
 * BOM, without its XML declaration and the line breaks after it, and
 * without trailing white space, encoded UTF-16LE with no BOM, then gzip
 * (libdeflate level 7: no larger than gzip -6). Appends to out. Returns 0, or -1 if xml is not
 * valid UTF-8 or the payload would exceed max_utf16 bytes. */
int resources_mp_payload(const char *xml, size_t len, size_t max_utf16, struct strbuf *out);

/* Appends the UTF-8 string s as UTF-16LE (no terminator) to out.
 * Returns 0, or -1 if s is not valid UTF-8 (out then holds a prefix). */
int resources_utf16(const char *s, struct strbuf *out);

/* The part of xml[0..len) that resources_mp_payload() stores: without a
 * BOM, the XML declaration and the white space after it, and trailing
 * white space: [*start, *end). */
void resources_mp_text(const char *xml, size_t len, size_t *start, size_t *end);

/* A .resources file (reader version 2) with one entry "ManagementPack"
 * of type byte[] (type code 0x20) holding data[0..n). clr4 picks the
 * mscorlib version named in the header (4.0.0.0, else 2.0.0.0). Appends
 * to out. */
void resources_write(const void *data, size_t n, bool clr4, struct strbuf *out);

#endif
