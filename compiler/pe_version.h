/*
 * pe_version.h - the .rsrc section of a sealed pack: one Win32 VERSIONINFO
 * resource (RT_VERSION, ID 1, language neutral), the file properties
 * Windows Explorer shows: file and product version, CompanyName,
 * FileDescription, InternalName, LegalCopyright, OriginalFilename,
 * ProductName, Assembly Version. Deterministic (no dates).
 */
#ifndef SCOMC_PE_VERSION_H
#define SCOMC_PE_VERSION_H

#include <stdint.h>

#include "pe_write.h"
#include "strbuf.h"

/* Appends the whole .rsrc section for a, to be mapped at rva, to out.
 * The strings of a must be valid UTF-8 (pe_write()'s contract). */
void pe_version_rsrc(const struct pe_assembly *a, uint32_t rva, struct strbuf *out);

#endif
