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

void xmlenv_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void xmlenv_capture(void *ctx, xmlErrorPtr e)
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
	for (char *p = err->msg; (p = strchr(p, '\n'));)
		*p = ' '; /* one diagnostic, one line */
}

/* End of the construct starting at p (after its closing mark), or NULL. */
static const char *skip_past(const char *p, const char *end, const char *close)
{
	size_t n = strlen(close);
	for (; (size_t)(end - p) >= n; p++)
		if (*p == *close && memcmp(p, close, n) == 0)
			return p + n;
	return NULL;
}

/*
 * libxml2 looks for duplicate attributes and namespace declarations with a
 * linear scan per attribute, so one start tag with 100000 attributes takes
 * minutes. Before parsing, count the '=' outside quotes of every tag and
 * return the first tag with more than XMLENV_MAX_ATTRS, or NULL. Byte-wise,
 * so it also works (approximately) on UTF-16.
 */
static const char *crowded_tag(const char *p, const char *end)
{
	while (p && (p = memchr(p, '<', (size_t)(end - p)))) {
		size_t left = (size_t)(end - p);
		if (left >= 4 && memcmp(p, "<!--", 4) == 0) {
			p = skip_past(p + 4, end, "-->");
			continue;
		}
		if (left >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
			p = skip_past(p + 9, end, "]]>");
			continue;
		}
		if (left >= 2 && p[1] == '?') {
			p = skip_past(p + 2, end, "?>");
			continue;
		}
		const char *tag = p++;
		unsigned n = 0;
		char quote = 0;
		for (; p < end && (quote || *p != '>'); p++) {
			if (quote)
				quote = *p == quote ? 0 : quote;
			else if (*p == '"' || *p == '\'')
				quote = *p;
			else if (*p == '=' && ++n > XMLENV_MAX_ATTRS)
				return tag;
		}
	}
	return NULL;
}

static void refuse_crowded(const char *data, const char *tag, struct xmlenv_error *err)
{
	err->set = true;
	err->line = 1;
	const char *line = data;
	for (const char *q = data; q < tag; q++)
		if (*q == '\n') {
			err->line++;
			line = q + 1;
		}
	err->col = (int)MIN(tag - line, INT_MAX - 1) + 1;
	snprintf(err->msg, sizeof(err->msg), "an element has more than %d attributes",
		 XMLENV_MAX_ATTRS);
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
	const char *crowded = crowded_tag(data, data + len);
	if (crowded) {
		refuse_crowded(data, crowded, err);
		return NULL;
	}
	xmlSetStructuredErrorFunc(err, xmlenv_capture);
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
