/*
 * harness.h - what the libFuzzer/AFL++ harnesses in tests/fuzz share
 * (linked into every build/fuzz/fuzz_NAME and afl_NAME by mk/fuzz.mk).
 *
 * fuzz_env_init() is for LLVMFuzzerInitialize(): libxml2 set up as the
 * driver does (xmlenv_init(), the schema and template directories of
 * $SCOMC_ROOT, default the tree the harness was built from, allowed),
 * libxml2/libxslt generic errors silenced, the MP and alertdef schemas
 * compiled once into fuzz_xsd (abort() if they do not compile), and a
 * throwaway directory made (fuzz_dir). An atexit() handler frees all of
 * it and removes the directory with what is left in it.
 *
 * Nothing a harness does is printed: fuzz_drain() formats the sink's
 * diagnostics (text with carets, and JSON when `json`) into /dev/null,
 * which exercises the formatting, then releases the sink.
 */
#ifndef SCOMC_FUZZ_HARNESS_H
#define SCOMC_FUZZ_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "xsd.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

extern struct xsd_cache fuzz_xsd;
extern char fuzz_dir[4096]; /* the throwaway directory, no trailing '/' */

void fuzz_env_init(const char *harness);
/* "$SCOMC_ROOT/sub" (or the build tree's), malloc'd. */
char *fuzz_root_path(const char *sub);
/* Writes data[0..size) to fuzz_dir/name (replaced each time) and returns
 * that path (static buffer, valid until the next call). abort() on I/O
 * errors: the harness cannot go on without it. */
const char *fuzz_write(const char *name, const void *data, size_t size);
/* An empty directory fuzz_dir/name (emptied first): for struct out. */
const char *fuzz_subdir(const char *name);
void fuzz_drain(struct diag_sink *sink, bool json);
/* The pack at path through `scomc verify` (verify_file(), no reference
 * packs) and, when it is a management pack, `scomc decompile` (with
 * --check when `check`) into fuzz_dir/out, discarded. self_diff: first
 * `scomc diff` of the pack against a second load of the same file, and
 * against itself: a pack must not differ from itself (abort()). Returns
 * true when path was a management pack. */
bool fuzz_pack(const char *path, bool self_diff, bool check, bool json);
/* abort() with a message on stderr: an oracle failed. */
void fuzz_fail(const char *fmt, ...) PRINTF_LIKE(1, 2);

#endif
