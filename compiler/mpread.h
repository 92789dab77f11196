/*
 * mpread.h - read an existing management pack: the shared front end of
 * `scomc verify`, `scomc unseal` and `scomc decompile`.
 *
 * mp_load() accepts MP XML (UTF-8, or UTF-16 LE/BE with or without BOM,
 * converted to UTF-8 first) and sealed .mp files (unsealed with
 * unseal_mp()). The text every location refers to is mp->src: the file
 * itself for UTF-8, the converted text for UTF-16, and for a sealed pack
 * exactly the bytes `scomc unseal` writes (mp_unsealed_text()), so that
 * line:col in a diagnostic can be looked up in the unsealed file.
 *
 * Every element of mp->doc knows the byte offset of its start tag (kept in
 * node->_private, see mp_loc()), recorded while parsing, so locations are
 * exact even for elements sharing a line. The tree is read-only
 * (XML_PARSE_COMPACT).
 *
 * A struct mp_file owns its source, document and index. Command-line
 * handling is cli.c's.
 */
#ifndef SCOMC_MPREAD_H
#define SCOMC_MPREAD_H

#include <libxml/hash.h>
#include <libxml/tree.h>

#include "diag.h"

struct source;

/*
 * What a pack's language packs say about each element. lang is the default
 * language pack: the first LanguagePack with IsDefault "true" or "1", else
 * the first LanguagePack; NULL when there is none. display and article map
 * a case-folded ElementID to its DisplayString / KnowledgeArticle in lang
 * (the first one; entries with a SubElementID are left out). any_article
 * does the same over every language pack. Nodes are borrowed from the
 * document; the tables are owned.
 */
struct mp_strings {
	xmlNodePtr lang;
	xmlHashTablePtr display, article, any_article;
};

/* One Manifest/References/Reference. Strings are owned by the mp_file. */
struct mp_ref {
	char *alias, *id, *version, *token; /* token NULL when missing */
	xmlNodePtr node;
	bool used;
};

/* An ID defined more than once (E605): node repeats first. */
struct mp_dup {
	xmlNodePtr node, first;
	const char *what; /* "element", "alias" or "pack" (the first one) */
};

struct mp_file {
	char *path;         /* as given on the command line */
	struct source *src; /* the text locations refer to (owned) */
	xmlDocPtr doc;      /* NULL if the text could not be parsed */
	xmlNodePtr root;    /* the ManagementPack element, else NULL */
	bool sealed;        /* read from a sealed .mp */
	int signature;      /* enum unseal_signature (sealed only) */
	char token[17];     /* public key token, "" if unsigned */
	char asm_name[256], asm_version[64];
	/* Manifest (after mp_index()); "" when missing. Owned. */
	char *id, *version;
	xmlNodePtr id_node, version_node;
	struct mp_ref *refs;
	size_t nrefs;
	/* Element IDs (mp_is_element()), lower-cased -> first node. */
	xmlHashTablePtr elements;
	struct mp_dup *dups;
	size_t ndups;
	struct mp_strings *strings; /* display strings and articles (mp_index()) */
	bool borrowed;              /* doc is the caller's (mp_borrow()) */
	bool lean;                  /* read by mp_open_lean() */
	bool offsets_pending;       /* lean: no element offsets found yet */
};

/*
 * Reads path into mp (zeroed first). Returns 0 when mp->doc is set
 * (mp->root may still be NULL: not a ManagementPack), or -1 after
 * reporting E501/E101 (environment), E603 (sealed file unreadable) or
 * E602 (malformed XML, DTD, bad UTF-16). mp->src is set whenever the file
 * could be read, so later diagnostics can point into it.
 */
int mp_load(struct mp_file *mp, const char *path, struct diag_sink *sink);
/* mp_load(), then "is this a management pack": a root other than
 * <ManagementPack> is E601 (with a hint). Then mp_index(). Returns 0 when
 * mp is a pack ready to read. */
int mp_open(struct mp_file *mp, const char *path, struct diag_sink *sink);
/* mp_open() for a reader to whom white space between elements means
 * nothing (diff): white space only text is not built where it stands
 * before an element's start tag, or between an element and its parent's
 * end tag, in an element in no namespace (MAML keeps all of its text) and
 * not continuing a text node. Text content (<X>  </X>, also beside a
 * comment) is kept. About a third of the nodes of an indented pack. The
 * element offsets are found when a location is first asked for (most
 * comparisons find nothing). */
int mp_open_lean(struct mp_file *mp, const char *path, struct diag_sink *sink);
/* Reads UTF-8 text held in memory (a pack or fragment scomc built) as if
 * it were the file `name`: parsed, located, indexed when it is a pack.
 * Returns 0, or -1 after reporting E602. */
int mp_load_mem(struct mp_file *mp, const char *name, const char *text, size_t len,
		struct diag_sink *sink);
/* Indexes doc, a pack scomc built in memory, as if it had been read as
 * `name` (without serializing and parsing it again): doc stays the
 * caller's (mp_unload() leaves it), must outlive mp and is not changed.
 * Its elements have no offsets: every location is the start of an empty
 * text named `name`. Returns 0, or -1 when doc is not a management pack
 * (nothing reported). */
int mp_borrow(struct mp_file *mp, const char *name, xmlDocPtr doc);
/* The two halves of mp_load(): mp_read() loads the text (0: UTF-8 as it
 * was, 1: converted or unsealed, -1: reported error); mp_parse() parses
 * mp->src (utf8: ignore the declared encoding) and finds the root. */
int mp_read(struct mp_file *mp, const char *path, struct diag_sink *sink);
int mp_parse(struct mp_file *mp, bool utf8, struct diag_sink *sink);
/* Frees what was parsed (document, manifest, indexes) and keeps mp->path
 * and mp->src, which diagnostics point into: a command done with a pack
 * calls it so that only one document is in memory at a time. */
void mp_unload(struct mp_file *mp);
void mp_release(struct mp_file *mp);

/* Builds the manifest fields, references and element index of a loaded
 * pack with a root. Reports nothing; duplicates go to mp->dups. */
void mp_index(struct mp_file *mp);

/* True if n defines an element: it has an ID attribute, is not a
 * LanguagePack or FolderItem, and no ancestor defines one. */
bool mp_is_element(xmlNodePtr n);
/* The elements of the index (mp_is_element(), first definitions only) in
 * document order: a malloc'd array of *n nodes (the caller frees it). */
xmlNodePtr *mp_elements(struct mp_file *mp, size_t *n);
/* The element defining id (case-insensitive), or NULL. */
xmlNodePtr mp_element(struct mp_file *mp, const char *id);
/* The default language pack of root's LanguagePacks (see struct
 * mp_strings), or NULL. */
xmlNodePtr mp_default_lang(xmlNodePtr root);
/* Fills s from the LanguagePacks of root (a ManagementPack element of any
 * document, also one scomc just built); mp_strings_release() frees the
 * tables (NULL-safe). */
void mp_strings_init(struct mp_strings *s, xmlNodePtr root);
void mp_strings_release(struct mp_strings *s);
/* The DisplayString / KnowledgeArticle of element id in the default
 * language (case-insensitive), or NULL; s or id may be NULL. */
xmlNodePtr mp_display(const struct mp_strings *s, const char *id);
xmlNodePtr mp_article(const struct mp_strings *s, const char *id);

/* Case-folded tables (IDs in a pack are compared case-insensitively):
 * mp_fold() returns s in lower case (caller frees); mp_fold_put() adds
 * key -> val unless key is there already (0 added, -1 taken);
 * mp_fold_get() looks key up (NULL if absent). */
char *mp_fold(const char *s);
int mp_fold_put(xmlHashTablePtr h, const char *key, void *val);
void *mp_fold_get(xmlHashTablePtr h, const char *key);

/* The reference with this alias (exact), or NULL. */
struct mp_ref *mp_ref_by_alias(struct mp_file *mp, const char *alias, size_t len);
/* True if typeid ("Alias!Name", may be NULL) names the element `name` of
 * the referenced pack `lib` (pack IDs compared case-insensitively). */
bool mp_is_type(struct mp_file *mp, const char *typeid, const char *lib, const char *name);

/* Locations: the start tag "<Name" of an element (attributes and text
 * nodes: their element); the value of attribute attr of element n; the
 * first occurrence of needle after n's start tag (else n's location). */
struct loc mp_loc(struct mp_file *mp, xmlNodePtr n);
struct loc mp_attr_loc(struct mp_file *mp, xmlNodePtr n, const char *attr);
struct loc mp_find_loc(struct mp_file *mp, xmlNodePtr n, const char *needle);

/* Concatenated text of n's descendants, malloc'd ("" for NULL). */
char *mp_text(xmlNodePtr n);
/* Like mp_text() with leading and trailing white space removed. */
char *mp_text_trim(xmlNodePtr n);
/* s with every run of white space that holds a line break made one space
 * (malloc'd); mp_text_flat(): the same of mp_text_trim(n). */
char *mp_collapse(const char *s);
char *mp_text_flat(xmlNodePtr n);
/* The descendant at a '/'-separated path of element names, or NULL. */
xmlNodePtr mp_path(xmlNodePtr from, const char *path);
/* "ID" attribute (borrowed) or NULL. */
const char *mp_id_of(xmlNodePtr n);

/* The UTF-8 text `scomc unseal` writes for an unsealed XML payload: an
 * XML declaration, a newline, the payload (its own declaration removed)
 * and a final newline. Caller frees. */
char *mp_unsealed_text(const char *xml, size_t len, size_t *out_len);

/* Reports a warning or note about a whole file (no line). */
void mp_file_warning(struct diag_sink *s, struct source *src, const char *id,
		     bool note, const char *fmt, ...) PRINTF_LIKE(5, 6);

/* The configuration of the two module types of an event alert rule,
 * element names in schema order (System.Library / Health.Library). */
extern const char *const mp_event_provider_config[4];
extern const char *const mp_generate_alert_config[18];

/* Packs kept until the diagnostics that point into them are written. */
struct mp_files {
	struct mp_file **v;
	size_t n;
};

/* A new, zeroed mp_file owned by l. */
struct mp_file *mp_files_add(struct mp_files *l);
/* Releases and frees every file of l (l itself is not freed). */
void mp_files_release(struct mp_files *l);

#endif
