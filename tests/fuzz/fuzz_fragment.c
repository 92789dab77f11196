/*
 * fuzz_fragment.c - libFuzzer target for fragment merging (issue 17,
 * compiler/fragment.c, docs/fragments.md).
 *
 * One input is an .alert source and up to three .mpx fragments, separated
 * by NUL bytes: "ALERT\0FRAGMENT[\0FRAGMENT...]". An input without a NUL
 * is one fragment for the small pack tests/fuzz/seeds/fragment-pack.alert
 * (read at start). The pieces go through
 * the compiler as `scomc PACK.alert F1.mpx ...` does (driver.c's
 * emit_mp_merged()): front_load() of the .alert, emit_mp(), then the
 * fragments, written as files into a throwaway directory (so UTF-16 and
 * the file reader are in play), merged by fragment_merge(), then the MP
 * schema. Oracle: a merged pack the schema accepts serializes to XML that
 * reads back (mp_load_mem()) as a ManagementPack; abort() otherwise.
 * Seeds: tests/fuzz/seeds-fragment.sh; dictionary: tests/fuzz/pack.dict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "emit_xml.h"
#include "fragment.h"
#include "front.h"
#include "harness.h"
#include "mpread.h"
#include "source.h"

enum { MAX_FRAGMENTS = 3 };

static char *builtin_pack; /* tests/fuzz/seeds/fragment-pack.alert */
static size_t builtin_len;

static void free_builtin(void) { free(builtin_pack); }

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_env_init("fragment");
	char *path = fuzz_root_path("tests/fuzz/seeds/fragment-pack.alert");
	FILE *f = fopen(path, "rb");
	if (!f)
		fuzz_fail("cannot read %s", path);
	builtin_pack = malloc(64 * 1024);
	builtin_len = builtin_pack ? fread(builtin_pack, 1, 64 * 1024, f) : 0;
	fclose(f);
	free(path);
	atexit(free_builtin);
	return 0;
}

/* The merged document must serialize to a pack that reads back. */
static void reads_back(xmlDocPtr doc)
{
	xmlChar *buf;
	int len;
	emit_serialize(doc, &buf, &len);
	struct diag_sink quiet;
	diag_sink_init(&quiet, 0);
	struct mp_file mp;
	if (mp_load_mem(&mp, "merged.xml", (const char *)buf, (size_t)len, &quiet) != 0 || !mp.root)
		fuzz_fail("a merged pack the schema accepts does not read back as a pack");
	mp_release(&mp);
	diag_sink_release(&quiet);
	xmlFree(buf);
}

static void merge(struct model *m, char *const *paths, size_t n, struct diag_sink *sink)
{
	enum emit_target t = emit_target_of(xmlDocGetRootElement(m->doc), TARGET_PACK);
	xmlDocPtr doc = emit_mp(m, TARGET_PACK);
	struct mp_files kept = { NULL, 0 };
	int rc = fragment_merge(doc, m, t, paths, n, &kept, sink);
	if (rc == 0 && xsd_validate(t == TARGET_2012 ? fuzz_xsd.mp20 : fuzz_xsd.mp10, doc, m, "E402", sink) == 0)
		reads_back(doc);
	xmlFreeDoc(doc);
	/* the diagnostics point into the fragments: format them first */
	fuzz_drain(sink, true);
	mp_files_release(&kept);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	const char *nul = memchr(p, '\0', size);
	const char *alert = nul ? p : builtin_pack;
	size_t alert_len = nul ? (size_t)(nul - p) : builtin_len;
	const char *frag = nul ? nul + 1 : p;
	char *paths[MAX_FRAGMENTS];
	size_t n = 0;
	for (;;) { /* every NUL starts one more (maybe empty) fragment; the last takes the rest */
		const char *stop = n == MAX_FRAGMENTS - 1 ? NULL : memchr(frag, '\0', (size_t)(end - frag));
		char name[32];
		snprintf(name, sizeof name, "fuzz.%zu.mpx", n);
		paths[n++] = strdup(fuzz_write(name, frag, (size_t)((stop ? stop : end) - frag)));
		if (!stop)
			break;
		frag = stop + 1;
	}
	struct diag_sink sink;
	diag_sink_init(&sink, 20);
	struct source src;
	source_init_mem(&src, "fuzz.alert", alert, alert_len);
	struct arena arena;
	arena_init(&arena);
	struct model m = { .src = &src, .arena = &arena };
	if (front_load(&m, &fuzz_xsd, &sink, NULL) == 0)
		merge(&m, paths, n, &sink);
	else
		fuzz_drain(&sink, false);
	model_release(&m);
	arena_release(&arena);
	source_release(&src);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	return 0;
}
