/*
 * fuzz_unseal.c - libFuzzer target for the sealed pack reader (issue 17).
 *
 * One input is the bytes of a sealed .mp: PE headers, the CLI header and
 * metadata tables, the manifest resource, the .resources file, the gzip
 * payload, the strong-name signature. It goes through
 *   1. unseal_mp() and unseal_identity() in memory, with the oracles of
 *      unseal.h: a result is either XML (NUL-terminated, at most
 *      UNSEAL_MAX_XML_BYTES as UTF-16) or an error message with an offset
 *      inside the file, never both; an image unseal_mp() accepts has the
 *      same identity (name, version, token) for unseal_identity();
 *   2. then as the file fuzz.mp in a throwaway directory through `scomc
 *      verify` and, when it is a pack, `scomc decompile` (harness.c:
 *      fuzz_pack(); with --check for odd sizes).
 * Seeds: tests/fuzz/seeds-unseal.sh. Nothing is printed.
 */
#include <string.h>

#include "harness.h"
#include "unseal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_init("unseal");
	return 0;
}

static void check_result(const struct unseal_result *r, int rc, size_t size)
{
	if (rc == 0) {
		if (!r->xml || r->xml[r->xml_len] != '\0' || r->error[0])
			fuzz_fail("unseal_mp() succeeded without NUL-terminated XML, or with an error");
		if (r->xml_len > UNSEAL_MAX_XML_BYTES * 3 / 2)
			fuzz_fail("unseal_mp() returned %zu bytes of XML, over its limit", r->xml_len);
		if (r->signature < UNSEAL_SIG_NONE || r->signature > UNSEAL_SIG_OK)
			fuzz_fail("signature state %d", r->signature);
	} else if (rc != -1 || r->xml || !r->error[0] || r->error_offset > size) {
		fuzz_fail("unseal_mp() failed (%d) with XML, without a message, or at offset %zu of %zu", rc,
			  r->error_offset, size);
	}
	if (strnlen(r->token, sizeof r->token) == sizeof r->token ||
	    strnlen(r->name, sizeof r->name) == sizeof r->name ||
	    strnlen(r->version, sizeof r->version) == sizeof r->version ||
	    strnlen(r->error, sizeof r->error) == sizeof r->error)
		fuzz_fail("a string field of the result is not NUL-terminated");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unseal_result r, id;
	int rc = unseal_mp(data, size, &r);
	check_result(&r, rc, size);
	int rc_id = unseal_identity(data, size, &id);
	if (rc == 0 && (rc_id != 0 || strcmp(r.name, id.name) || strcmp(r.version, id.version) ||
			strcmp(r.token, id.token)))
		fuzz_fail("unseal_mp() and unseal_identity() disagree: '%s' '%s' '%s' / %d '%s' '%s' '%s'", r.name,
			  r.version, r.token, rc_id, id.name, id.version, id.token);
	if (id.xml)
		fuzz_fail("unseal_identity() returned XML");
	unseal_result_release(&r);
	unseal_result_release(&id);
	fuzz_pack(fuzz_write("fuzz.mp", data, size), false, size & 1, size & 2);
	return 0;
}
