/*
 * render_html.h - the documentation site, rendered with libxslt.
 *
 * templates/pack.xsl turns one resolved model into <pages> of
 * <page href="NAME.html"><html>...</html></page> (see render_pack); templates/home.xsl turns
 * the site summary into the home page. Stylesheets are compiled once per
 * run and run with security preferences that forbid file writes, directory
 * creation and all network access. Pages are serialized as XHTML-compatible
 * HTML5 (<!DOCTYPE html>, well-formed XML) and staged through struct out.
 */
#ifndef SCOMC_RENDER_HTML_H
#define SCOMC_RENDER_HTML_H

#include <libxslt/security.h>
#include <libxslt/xsltInternals.h>

#include "model.h"
#include "out.h"

struct render {
	char *dir; /* template directory (owned) */
	xsltStylesheetPtr pack, home, changes;
	xsltSecurityPrefsPtr prefs;
	bool failed;
};

void render_init(struct render *r, const char *template_dir);
void render_release(struct render *r);

/* Renders the pack's pages under "<prefix><pack id>/", one batch of alerts
 * at a time (templates/pack.xsl, part=index and part=pages); with changes
 * (a changes_doc(), borrowed) also the page of changes since the previous
 * version (templates/changes.xsl), linked from the pack index. Returns 0,
 * or -1 after reporting (E503 for template trouble, E504 for a bad page
 * name). */
int render_pack(struct render *r, struct model *m, xmlDocPtr changes, const char *prefix,
		struct out *o, struct diag_sink *sink);

/* Renders the home page from site (root <site>) to "<prefix>index.html" and
 * copies the static assets to "<prefix>assets/". */
int render_home(struct render *r, xmlDocPtr site, const char *prefix, struct out *o,
		struct diag_sink *sink);

#endif
