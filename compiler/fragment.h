/*
 * fragment.h - MP XML fragments merged into a compiled pack (issue 14,
 * docs/fragments.md).
 *
 * A fragment is a file in VSAE's form: a <ManagementPackFragment
 * SchemaVersion="1.0|2.0"> root holding any sections of a management pack
 * (TypeDefinitions, Monitoring, Presentation, LanguagePacks, ...). It may
 * also hold <Manifest><References> for packs only the fragment uses.
 * The fragments of a pack are the files <stem>.mpx and <stem>.*.mpx beside
 * its source <stem>.alert (sorted by name), and any .mpx input given on
 * the command line after it.
 *
 * fragment_merge() reads them (mpread: UTF-8 or UTF-16, exact locations),
 * checks them (E640 not a fragment, E641 wrong schema version, E642 ID
 * defined twice across the pack and its fragments, E643 unknown alias,
 * E644 not a section of a pack) and merges their sections into the
 * emitted document in schema order; language packs merge by ID. Each
 * element copied from a fragment carries its fragment location in
 * _private (a struct loc in the model's arena) so that schema errors point
 * into the fragment. The references a fragment uses by alias are added to
 * the manifest: declared by the .alert source, by a fragment, or one of
 * the libraries every pack may use (System, Windows, Health, SC).
 */
#ifndef SCOMC_FRAGMENT_H
#define SCOMC_FRAGMENT_H

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "emit_xml.h"

struct diag_sink;
struct model;
struct mp_files;

/* True if path names a fragment input (ends in .mpx). */
bool fragment_is_path(const char *path);

/* Appends to *paths (a malloc'd array of malloc'd strings, *n entries)
 * the fragments found beside the source at path, sorted by name. */
void fragment_find(const char *path, char ***paths, size_t *n);

/* Merges the fragments at paths into doc, built by emit_mp() from m for
 * target t. The fragment files stay in kept (diagnostics point into
 * them). Returns 0, or -1 after reporting errors (doc is then partly
 * merged and must not be written). */
int fragment_merge(xmlDocPtr doc, struct model *m, enum emit_target t, char *const *paths, size_t n,
		   struct mp_files *kept, struct diag_sink *sink);
/* E375 for each alert whose class has no alias and is not among ids (the
 * element IDs of the pack and its fragments, lower-cased; NULL: none), and
 * E381 for such a run-as / alert-run-as profile. Returns 0, or -1 after
 * reporting. */
int fragment_check_classes(struct model *m, xmlHashTablePtr ids, struct diag_sink *sink);

/* The same with fragments already read (mp_load(), mp_load_mem(); those
 * without a document are skipped); borrowed. */
struct mp_file;
int fragment_merge_files(xmlDocPtr doc, struct model *m, enum emit_target t, struct mp_file *const *frag,
			 size_t n, struct diag_sink *sink);

#endif
