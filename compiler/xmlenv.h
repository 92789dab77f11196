/*
 * xmlenv.h - libxml2/libxslt set-up: the loader allow-list, safe parse
 * options and error capture.
 *
 * xmlenv_init() installs an external entity loader that opens only regular
 * files under the allowed directories (the schema and template dirs); every
 * other URL or path is refused, so no XML we read can make libxml2 open
 * files or the network (house-style F.3). xmlenv_cleanup() frees libxml2's
 * and libxslt's global state at exit so leak checkers stay quiet.
 */
#ifndef SCOMC_XMLENV_H
#define SCOMC_XMLENV_H

#include <libxml/parser.h>

#include "diag.h"

/* Attributes (and namespace declarations) per element in model XML; more
 * is refused before parsing (libxml2 is quadratic in them). */
enum { XMLENV_MAX_ATTRS = 256 };

/* Options for every XML document scomc reads. */
#define XMLENV_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)

void xmlenv_init(void);
/* Adds a directory whose regular files the loader may open (realpath'd). */
void xmlenv_allow_dir(const char *dir);
void xmlenv_cleanup(void);

/* A captured libxml2 error: line/column (1-based, 0 if unknown), message
 * without trailing newline or period. */
struct xmlenv_error {
	int line, col;
	char msg[512];
	bool set;
};

/* Structured error handler filling a struct xmlenv_error (ctx) with the
 * first error: for xmlSetStructuredErrorFunc(&err, xmlenv_capture). */
void xmlenv_capture(void *ctx, xmlErrorPtr e);

/* Generic error handler that drops every message: for
 * xmlSetGenericErrorFunc() / xsltSetGenericErrorFunc() around work whose
 * failure scomc reports in its own words. */
void xmlenv_silent(void *ctx, const char *msg, ...);

/*
 * Parses an XML file already in memory with XMLENV_PARSE_OPTIONS, refusing
 * DTDs. Returns the document (caller frees) or NULL with the first error in
 * *err. DTD refusal sets err->msg to "DTD" prefix text; see driver.
 */
xmlDocPtr xmlenv_read_memory(const char *data, size_t len, const char *url,
			     struct xmlenv_error *err);

#endif
