/*
 * xmlenv.c - libxml2 environment: allow-list loader, parsing with errors.
 */
#include "xmlenv.h"

#include <limits.h>
#include <sys/stat.h>

#include <libxml/xmlerror.h>
#include <libxslt/xsltutils.h>
#include <libxslt/xslt.h>

static char *allowed[8];
static size_t nallowed;
static xmlExternalEntityLoader default_loader;

/* Path of a file:// URL or plain path; NULL for other schemes. */
static const char *url_path(const char *url)
{
	if (strncmp(url, "file://", 7) == 0)
		return url + 7;
	if (strstr(url, "://"))
		return NULL;
	return url;
}

static bool is_allowed(const char *url)
{
	const char *path = url ? url_path(url) : NULL;
	char real[PATH_MAX];
	struct stat st;
	if (!path || !realpath(path, real) || stat(real, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	for (size_t i = 0; i < nallowed; i++) {
		size_t n = strlen(allowed[i]);
		if (strncmp(real, allowed[i], n) == 0 && real[n] == '/')
			return true;
	}
	return false;
}

static xmlParserInputPtr loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	/* Refused silently: libxml2 then reports a located load failure. */
	if (!is_allowed(url))
		return NULL;
	return default_loader(url, id, ctxt);
}

void xmlenv_init(void)
{
	xmlInitParser();
	default_loader = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(loader);
}

void xmlenv_allow_dir(const char *dir)
{
	char real[PATH_MAX];
	if (nallowed < ARRAY_SIZE(allowed) && realpath(dir, real))
		allowed[nallowed++] = xstrdup(real);
}

void xmlenv_cleanup(void)
{
	for (size_t i = 0; i < nallowed; i++)
		free(allowed[i]);
	nallowed = 0;
	xsltCleanupGlobals();
	xmlCleanupParser();
}

static void capture(void *ctx, xmlErrorPtr e)
{
	struct xmlenv_error *err = ctx;
	if (err->set || e->level < XML_ERR_ERROR)
		return;
	err->set = true;
	err->line = e->line;
	err->col = e->int2;
	snprintf(err->msg, sizeof(err->msg), "%s", e->message ? e->message : "malformed XML");
	size_t n = strlen(err->msg);
	while (n && (err->msg[n - 1] == '\n' || err->msg[n - 1] == '.' || err->msg[n - 1] == ' '))
		err->msg[--n] = '\0';
}

xmlDocPtr xmlenv_read_memory(const char *data, size_t len, const char *url,
			     struct xmlenv_error *err)
{
	memset(err, 0, sizeof(*err));
	if (len > INT_MAX) {
		snprintf(err->msg, sizeof(err->msg), "document too large");
		err->set = true;
		return NULL;
	}
	xmlSetStructuredErrorFunc(err, capture);
	xmlDocPtr doc = xmlReadMemory(data, (int)len, url, NULL, XMLENV_PARSE_OPTIONS);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc && err->set) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	if (!doc && !err->set) {
		err->set = true;
		snprintf(err->msg, sizeof(err->msg), "malformed XML");
	}
	return doc;
}
