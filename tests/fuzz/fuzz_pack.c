/*
 * fuzz_pack.c - libFuzzer target for management pack XML (issue 17).
 *
 * One input is the bytes of an MP XML file (UTF-8, or UTF-16 with or
 * without a BOM; an input starting "MZ" is read as a sealed pack, as
 * scomc does). Written as fuzz.xml into a throwaway directory, it goes
 * through `scomc verify` (verify_file()); when it is a management pack,
 * `scomc diff` of the pack against a second load of itself and against
 * itself (oracle: a pack that parses diffs identical to itself, abort()
 * otherwise), then `scomc decompile` (with --check for odd sizes) into a
 * throwaway output directory (harness.c: fuzz_pack()).
 * Seeds: tests/fuzz/seeds-pack.sh; dictionary: tests/fuzz/pack.dict.
 */
#include "harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_init("pack");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_pack(fuzz_write("fuzz.xml", data, size), true, size & 1, size & 2);
	return 0;
}
