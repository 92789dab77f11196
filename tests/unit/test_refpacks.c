/*
 * test_refpacks.c - the reference-pack index: versions, identities read at
 * scan time without loading, matching (missing, older, fits), lookups
 * through a pack's own aliases, and each payload loaded at most once; and
 * the "did you mean" read from libxml2's enumeration errors.
 */
#include "refpacks.h"
#include "harness.h"
#include "mpread.h"
#include "suggest.h"
#include "xmlenv.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static void put(const char *name, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static void pack(const char *id, const char *version, const char *refs, const char *body)
{
	char text[2048], name[96];
	snprintf(text, sizeof(text),
		 "<ManagementPack SchemaVersion=\"2.0\"><Manifest><Identity><ID>%s</ID><Version>%s</Version>"
		 "</Identity><Name>x</Name><References>%s</References></Manifest>%s</ManagementPack>\n",
		 id, version, refs, body);
	snprintf(name, sizeof(name), "%s.xml", id);
	put(name, text);
}

static void versions(void)
{
	INT_EQ(refpacks_version_cmp("7.5.8501.0", "7.5.8501.0"), 0);
	INT_EQ(refpacks_version_cmp("6.1.7221.0", "7.5.8501.0"), -1);
	INT_EQ(refpacks_version_cmp("7.10.0.0", "7.9.0.0"), 1); /* numbers, not text */
	INT_EQ(refpacks_version_cmp("1.0", "1.0.0.0"), -2);
	INT_EQ(refpacks_version_cmp("1.0.0.0x", "1.0.0.0"), -2);
}

static void index_and_lookups(void)
{
	struct diag_sink sink;
	diag_sink_init(&sink, 0);
	struct refpacks r;
	refpacks_init(&r, &sink);
	OK(!refpacks_enabled(&r));
	pack("Lib.A", "2.0.0.0", "",
	     "<TypeDefinitions><EntityTypes><ClassTypes><ClassType ID=\"A.Class\" Accessibility=\"Public\"/>"
	     "</ClassTypes></EntityTypes></TypeDefinitions>");
	pack("Lib.B", "1.0.0.0",
	     "<Reference Alias=\"A\"><ID>Lib.A</ID><Version>1.0.0.0</Version><PublicKeyToken>0123456789abcdef"
	     "</PublicKeyToken></Reference>",
	     "<TypeDefinitions><EntityTypes><ClassTypes><ClassType ID=\"B.Class\" Base=\"A!A.Class\"/>"
	     "</ClassTypes></EntityTypes></TypeDefinitions>");
	put("notes.xml", "<notapack/>\n");
	put("README.txt", "not scanned\n");
	INT_EQ(refpacks_add_dir(&r, dir), 0);
	OK(refpacks_enabled(&r));
	INT_EQ(r.n, 2);
	INT_EQ(r.loads, 0); /* identities only */
	INT_EQ(sink.errors, 0);

	struct refpack *p;
	INT_EQ(refpacks_match(&r, "lib.a", "1.0.0.0", NULL, &p), REFPACKS_OK); /* IDs ignore case */
	STR_EQ(p->version, "2.0.0.0");
	INT_EQ(refpacks_match(&r, "Lib.A", "3.0.0.0", NULL, &p), REFPACKS_OLD);
	STR_EQ(p->id, "Lib.A");
	INT_EQ(refpacks_match(&r, "Lib.C", "1.0.0.0", NULL, &p), REFPACKS_MISSING);
	OK(p == NULL);
	INT_EQ(refpacks_match(&r, "Lib.A", "1.0.0.0", "fedcba9876543210", &p), REFPACKS_OK); /* XML: no token */
	INT_EQ(r.loads, 0);

	refpacks_match(&r, "Lib.B", "1.0.0.0", NULL, &p);
	struct mp_file *b = refpacks_load(&r, p), *owner;
	OK(b != NULL);
	INT_EQ(r.loads, 1);
	xmlNodePtr a = refpacks_lookup(&r, b, "A!A.Class", &owner); /* through B's own alias */
	OK(a != NULL);
	OK(owner && !strcmp(owner->id, "Lib.A"));
	INT_EQ(r.loads, 2);
	for (int i = 0; i < 3; i++)
		OK(refpacks_lookup(&r, b, "A!A.Class", &owner) == a);
	OK(refpacks_lookup(&r, b, "B.Class", &owner) != NULL); /* local */
	OK(refpacks_lookup(&r, b, "X!A.Class", &owner) == NULL); /* undeclared alias */
	OK(refpacks_lookup(&r, b, "A!Nothing", &owner) == NULL);
	INT_EQ(r.loads, 2); /* each payload once */
	refpacks_release(&r);
	diag_sink_release(&sink);
}

/* The "did you mean" of enumeration errors (verify E601, refs E707). */
static void enumerations(void)
{
	char *s = suggest_enumeration("Element 'Operator': [facet 'enumeration'] The value 'Equals' is not an "
				      "element of the set {'Equal', 'NotEqual', 'Greater'}");
	STR_EQ(s, "Equal");
	free(s);
	s = suggest_enumeration("Element 'X': [facet 'enumeration'] The value 'Zzzzzz' is not an element of the "
				"set {'Equal', 'NotEqual'}");
	OK(s == NULL);
	OK(suggest_enumeration("Element 'X': This element is not expected") == NULL);
	OK(suggest_enumeration("[facet 'enumeration'] The value 'a}b' is not an element of the set {") == NULL);
}

static void unreadable_dir(void)
{
	struct diag_sink sink;
	diag_sink_init(&sink, 0);
	struct refpacks r;
	refpacks_init(&r, &sink);
	INT_EQ(refpacks_add_list(&r, "::/nonexistent-scomc-dir:"), -1);
	OK(sink.env_error);
	refpacks_release(&r);
	diag_sink_release(&sink);
}

int main(void)
{
	xmlenv_init();
	snprintf(dir, sizeof(dir), "/tmp/scomc-refpacks-XXXXXX");
	if (!mkdtemp(dir))
		return 2;
	versions();
	enumerations();
	index_and_lookups();
	unreadable_dir();
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 2;
	xmlenv_cleanup();
	return harness_done("test_refpacks");
}
