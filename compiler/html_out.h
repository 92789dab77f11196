/*
 * html_out.h - the site's page trees as XHTML text, without libxml2's
 * serializer.
 *
 * xmlSaveTree() with XML_SAVE_XHTML was a fifth of the site's cost (an
 * output buffer, a function call and an escaping callback per piece). This
 * writer gives the same bytes as libxml2 2.9.14's xhtmlNodeDumpOutput()
 * with a UTF-8 document and the default escaping, for the trees the
 * templates make: elements and attributes without namespaces, and text.
 * Anything else (comments, CDATA, entity references, namespaced or
 * unescaped nodes, a <head> that would get libxml2's Content-Type <meta>)
 * is refused, and the caller serializes with libxml2 instead, so a custom
 * template never gets different output.
 */
#ifndef SCOMC_HTML_OUT_H
#define SCOMC_HTML_OUT_H

#include <libxml/tree.h>

#include "strbuf.h"

/* Appends first (and, if siblings, every node after it) to sb as
 * xmlSaveTree(XML_SAVE_XHTML, plus XML_SAVE_FORMAT if format) would.
 * Returns 0, or -1 with sb as it was when the tree holds something this
 * writer does not handle. */
int html_out(xmlNodePtr first, bool siblings, bool format, struct strbuf *sb);

#endif
