/*
 * mpref.h - the identifier references of a parsed management pack.
 *
 * mpref_build() walks a pack (mpread.h, after mp_index()) once and lists
 * every value that the MP schema types as an identifier reference, by
 * element type and attribute (a rule's Target, a module's TypeID and
 * RunAs, a monitor's ParentMonitorID, an override's Context, a module
 * type's OutputType, ...), plus the $MPElement[Name="..."]$,
 * $RunAs[Name="..."]$ and Property[Type="..."] expressions SCOM resolves
 * in text. Nothing else is a reference: module configuration belongs to
 * the module type (Target="DataItem" on an XPathExpression there is a
 * string), dashboard component sections are configuration, and free text
 * shaped like Alias!ID is text.
 *
 * It also indexes every ID the pack defines, nested ones included
 * (UIPageReference in a UI page set, a class property, a monitor's
 * operational state, a module's ID), for ElementID lookups.
 *
 * A struct mpref_index owns its list and table; nodes are borrowed from
 * the pack, which must outlive it.
 */
#ifndef SCOMC_MPREF_H
#define SCOMC_MPREF_H

#include "mpread.h"

enum mpref_flags {
	MPREF_LOCAL = 1 << 0,   /* a value without an alias must name an ID of this pack */
	MPREF_TYPE = 1 << 1,    /* from Property[Type="..."]: names a type */
	MPREF_TEMPLATE = 1 << 2 /* inside Templates: local IDs are the template's to make */
};

struct mpref {
	xmlNodePtr node;  /* the element that holds it */
	const char *attr; /* the attribute whose whole value it is (owned by the
			      document), or NULL: inside node's text or an
			      attribute value ($MPElement...$) */
	char *value;      /* [Alias!]ID, owned */
	unsigned flags;   /* enum mpref_flags */
};

struct mpref_index {
	struct mpref *refs; /* in document order */
	size_t n, cap;
	xmlHashTablePtr ids; /* lower-cased ID -> first element defining it */
};

/* Builds ix (zeroed first) for mp, which has a root. Reports nothing. It
 * sets mp_ref.used of every reference the pack names as "Alias!" (or by
 * its full ID) in any attribute or text of the walked content. */
void mpref_build(struct mpref_index *ix, struct mp_file *mp);
void mpref_release(struct mpref_index *ix);

/* The element with this ID (case ignored): a top-level element of the pack
 * (mp_element()) or any nested element with an ID; NULL if none. */
xmlNodePtr mpref_find(const struct mpref_index *ix, struct mp_file *mp, const char *id);

/* The reference whose alias part (before '!', len bytes) names a pack by
 * its alias or, as dashboards do, by its full ID; NULL if neither. */
struct mp_ref *mpref_pack(struct mp_file *mp, const char *alias, size_t len);

/* [A-Za-z0-9_.]+ over s[0..n) */
bool mpref_is_id(const char *s, size_t n);
/* A!B with both parts [A-Za-z0-9_.]+ */
bool mpref_is_aliased(const char *s, size_t n);

#endif
