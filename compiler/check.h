/*
 * check.h - semantic checks on the model.
 *
 * check_model() runs every rule on the (unresolved or resolved) model and
 * reports everything it finds: identifiers, versions, ranges, spellings of
 * alert types and priorities, aliases, duplicates across the whole generated
 * management pack, knowledge articles, links, placeholders and limits. It is
 * written defensively: it never assumes the schema has been checked.
 */
#ifndef SCOMC_CHECK_H
#define SCOMC_CHECK_H

#include "model.h"

/* Returns the number of errors reported (warnings are not counted). */
int check_model(struct model *m, struct diag_sink *sink);

/* Helpers shared with the emitter (pure functions). */
bool check_is_mp_id(const char *s);         /* [A-Za-z_][A-Za-z0-9_.]* */
int check_severity(const char *type);       /* 0..2, or -1 if unknown */
int check_priority(const char *prio);       /* 0..2, or -1 if unknown */
bool check_is_wildcard(const char *source); /* contains '*' or '?' */
/* A suppression field ("id") -> its event data ("$Data/EventDisplayNumber$"),
 * and back; NULL when unknown. Results are static. */
const char *check_suppress_value(const char *field);
const char *check_suppress_field(const char *value);
/* The values check accepts for what ("type", "priority", "suppress",
 * "target", "level", "computer-name", "types", "order"): a static list, *n
 * set; NULL if what has none. */
const char *const *check_choices(const char *what, size_t *n);
/* Maps a description placeholder ("description", "param3") to the $Data$
 * expression it stands for, or NULL if unknown. Result is static or written
 * into buf (size >= 64). */
const char *check_placeholder(const char *name, size_t len, char *buf);
/* True if name[0..len) is a placeholder written as the expression itself
 * ({$Target/Host/Property[...]/PrincipalName$}): "$...$" with no other
 * '$', '{' or '}' in it, at most CHECK_MAX_EXPR bytes. */
bool check_is_expr_placeholder(const char *name, size_t len);

/* "%N" at s (N 1..99, no leading zero): returns N and sets *len, else 0. */
size_t check_percent_param(const char *s, size_t *len);
/* True if the alert's parameter legend (<parameters>) declares %n. */
bool check_legend_has(xmlNodePtr alert, size_t n);

/* One placeholder of a description: "{name}", or "%N" when the alert's
 * legend declares it (name is then "paramN", in buf). name is NULL for a
 * '{' without '}'. */
struct check_ph {
	const char *at;   /* in the description */
	size_t len;       /* bytes of the description it spans */
	const char *name; /* borrowed: into the description or buf */
	size_t name_len;
	char buf[32];
};
/* The first placeholder at or after s; false when there is none. alert
 * may be NULL (then %N is never a placeholder). */
bool check_next_placeholder(const char *s, xmlNodePtr alert, struct check_ph *ph);

enum { CHECK_MAX_EXPR = 1024,
       CHECK_MAX_ID = 255,
       CHECK_MAX_TEXT = 4000,
       CHECK_MAX_PARAMS = 10 };

#endif
