/*
 * verify.c - `scomc verify`: checks existing management packs.
 *
 * verify runs, for each file: load (mpread.c), index, the checks whose
 * results replace less precise schema errors (duplicate IDs, references
 * without a token, empty articles), schema validation, then the SDK
 * verifier checks, the best-practice warnings and the baseline comparison.
 * Everything is reported with the file's own line:col; nothing is written.
 * Check results never depend on each other: every check runs on every file.
 * Each check is a static vet_*() function (check_ is check.c's prefix).
 */
#include "verify.h"

#include <ctype.h>
#include <strings.h>

#include <libxml/xmlschemas.h>

#include "alloc.h"
#include "cli.h"
#include "mpread.h"
#include "mpref.h"
#include "refcheck.h"
#include "refpacks.h"
#include "source.h"
#include "strbuf.h"
#include "suggest.h"
#include "unseal.h"
#include "xmlenv.h"
#include "xsd.h"

#define MAML_NS "http://schemas.microsoft.com/maml/2004/10"

/* An XSD error on node whose message contains what is reported by one of
 * our own checks instead. */
struct skip {
	xmlNodePtr node;
	const char *what;
};

struct verifier {
	struct mp_file *mp;
	struct mp_file *base; /* --baseline, or NULL */
	struct diag_sink *sink;
	struct xsd_cache *xsd;
	xmlHashTablePtr dup_ids; /* IDs reported as E605 (their XSD errors are skipped) */
	struct skip *skips;
	size_t nskips;
	xmlNodePtr lang;         /* default language pack (else the first), or NULL */
	struct mpref_index refs; /* the pack's references and IDs */
	struct refpacks *packs;  /* --references index, or NULL */
	struct refcheck check;   /* its checks on this pack (when packs) */
};

const char verify_usage[] =
	"Usage: scomc verify [OPTION]... FILE...\n"
	"Check management packs: MP XML (UTF-8 or UTF-16, schema 1.0 or 2.0) and\n"
	"sealed .mp files. Reports schema errors, the checks the SCOM SDK verifier\n"
	"makes and best-practice warnings with the file's own line:col.\n"
	"\n"
	"      --baseline=OLD       also check that FILE can upgrade OLD (the\n"
	"                           previous release): the version increased and\n"
	"                           no element was removed\n"
	"      --references=DIR     check against the referenced packs (sealed .mp or\n"
	"                           XML) in DIR, as MPSeal does; repeatable (default:\n"
	"                           the colon-separated $SCOMC_REFERENCES)\n"
	"      --schema-dir=DIR     schemas (default: $SCOMC_SCHEMA_DIR, then installed)\n"
	"      --diagnostics-format=FORMAT  text (default), json or sarif\n"
	"      --diagnostics-output=FILE    write diagnostics to FILE\n"
	"      --max-errors=N       stop reporting after N errors (default 20, 0 = all)\n"
	"      --werror             treat warnings as errors\n"
	"      --no-caret           do not show the source line and caret\n"
	"      --color=WHEN         colour diagnostics: auto (default: on a terminal,\n"
	"                           unless NO_COLOR is set), always or never\n"
	"  -q, --quiet              do not report warnings and notes\n"
	"  -h, --help               show this help and exit\n"
	"\n"
	"Line numbers of a sealed .mp refer to the XML that 'scomc unseal' writes.\n"
	"Exit status: 0 no errors, 1 errors found, 2 usage error, 3 I/O error.\n"
	"Checks and their IDs: docs/verify.md.\n";

/* ---- small helpers ---- */

static void skip_xsd(struct verifier *v, xmlNodePtr n, const char *what)
{
	v->skips = xrealloc(v->skips, (v->nskips + 1) * sizeof(*v->skips));
	v->skips[v->nskips++] = (struct skip){ n, what };
}

static bool is_event_provider(struct verifier *v, xmlNodePtr ds)
{
	return mp_is_type(v->mp, model_attr(ds, "TypeID"), "Microsoft.Windows.Library",
			  "Microsoft.Windows.EventProvider");
}

static bool is_generate_alert(struct verifier *v, xmlNodePtr wa)
{
	return mp_is_type(v->mp, model_attr(wa, "TypeID"), "System.Health.Library", "System.Health.GenerateAlert");
}

/* ---- duplicate IDs and the manifest ---- */

static void report_dup(struct verifier *v, const struct mp_dup *d)
{
	bool ref = model_is(d->node, "Reference");
	const char *id = ref ? model_attr(d->node, "Alias") : mp_id_of(d->node);
	const char *first = strcmp(d->what, "pack") == 0    ? v->mp->id
			    : strcmp(d->what, "alias") == 0 ? model_attr(d->first, "Alias")
							    : mp_id_of(d->first);
	struct loc at = mp_attr_loc(v->mp, d->node, ref ? "Alias" : "ID");
	xmlHashAddEntry(v->dup_ids, BAD_CAST id, d->node);
	if (!strcmp(d->what, "pack"))
		diag_error(v->sink, at, "E605", "element ID '%s' is the ID of the management pack itself", id);
	else if (ref)
		diag_error(v->sink, at, "E605", "alias '%s' is declared twice", id);
	else if (!strcmp(d->what, "alias"))
		diag_error(v->sink, at, "E605", "element ID '%s' is also a reference alias", id);
	else if (strcmp(id, first) != 0)
		diag_error(v->sink, at, "E605", "element ID '%s' differs only in case from '%s'", id, first);
	else
		diag_error(v->sink, at, "E605", "duplicate element ID '%s'", id);
	diag_note(v->sink, strcmp(d->what, "pack") == 0 ? mp_loc(v->mp, d->first) : mp_attr_loc(v->mp, d->first, strcmp(d->what, "alias") == 0 ? "Alias" : "ID"),
		  "first defined here");
	diag_hint(v->sink, "IDs must be unique in the whole pack, ignoring case (VerifyManagementPackElementDuplicateName)");
}

static void vet_token(struct verifier *v, struct mp_ref *r)
{
	xmlNodePtr tok = mp_path(r->node, "PublicKeyToken");
	if (r->token && *r->token)
		return;
	if (!tok) {
		diag_error(v->sink, mp_loc(v->mp, r->node), "E607", "reference '%s' has no PublicKeyToken",
			   r->alias);
		skip_xsd(v, r->node, "PublicKeyToken");
	} else {
		diag_error(v->sink, mp_loc(v->mp, tok), "E607", "reference '%s' has an empty PublicKeyToken",
			   r->alias);
		skip_xsd(v, tok, "KeyToken");
	}
	diag_hint(v->sink, "only sealed packs can be referenced: add the token of '%s' "
			   "('scomc unseal' prints it)",
		  r->id);
}

static void vet_manifest(struct verifier *v)
{
	for (size_t i = 0; i < v->mp->nrefs; i++) {
		struct mp_ref *r = &v->mp->refs[i];
		vet_token(v, r);
		for (size_t j = 0; j < i; j++) {
			if (!*r->id || strcasecmp(v->mp->refs[j].id, r->id) != 0)
				continue;
			diag_error(v->sink, mp_loc(v->mp, mp_path(r->node, "ID")), "E617",
				   "management pack '%s' is referenced twice, as '%s' and '%s'", r->id,
				   v->mp->refs[j].alias, r->alias);
			diag_note(v->sink, mp_loc(v->mp, v->mp->refs[j].node), "first referenced here");
			diag_hint(v->sink, "one pack may have only one alias (VerifyManagementPackReferenceDuplicateReference)");
			break;
		}
	}
}

/* ---- references: Alias!ID and local IDs (mpref.h says which) ---- */

static void unknown_alias(struct verifier *v, struct loc at, const char *ref, size_t alias_len)
{
	diag_error(v->sink, at, "E606", "unknown alias '%.*s' in '%s'", (int)alias_len, ref, ref);
	const char **names = xcalloc(v->mp->nrefs + 1, sizeof(*names));
	for (size_t i = 0; i < v->mp->nrefs; i++)
		names[i] = v->mp->refs[i].alias;
	char *alias = xstrndup(ref, alias_len);
	const char *s = suggest(alias, names, v->mp->nrefs);
	if (s)
		diag_hint(v->sink, "did you mean '%s'?", s);
	else
		diag_hint(v->sink, "declare the pack that defines it in Manifest/References (AliasMismatchUnknownAlias)");
	free(alias);
	free(names);
}

/*
 * One reference ref (NUL-terminated) found on node: in attribute attr_name
 * (whole value) or inside a text/attribute value (attr_name NULL). An
 * aliased one must name a referenced pack (by alias, or by its full ID as
 * dashboards do); a local one (check_local) must name an ID of this pack.
 */
static void vet_ref(struct verifier *v, xmlNodePtr node, const char *attr_name, const char *ref,
		    bool check_local, const char *what)
{
	size_t n = strlen(ref);
	const char *bang = strchr(ref, '!');
	struct loc at = attr_name ? mp_attr_loc(v->mp, node, attr_name) : mp_find_loc(v->mp, node, ref);
	if (bang) {
		struct mp_ref *r = mpref_pack(v->mp, ref, (size_t)(bang - ref));
		if (r)
			r->used = true;
		else
			unknown_alias(v, at, ref, (size_t)(bang - ref));
		return;
	}
	if (!check_local || !mpref_is_id(ref, n) || mpref_find(&v->refs, v->mp, ref))
		return;
	diag_error(v->sink, at, "E608", "%s '%s' is not defined in this management pack", what, ref);
	diag_hint(v->sink, "define it, or prefix it with the alias of the pack that defines it "
			   "(VerifyManagementPackElementInfoInvalidElementReference)");
}

static void vet_refs(struct verifier *v)
{
	for (size_t i = 0; i < v->refs.n; i++) {
		const struct mpref *r = &v->refs.refs[i];
		bool local = (r->flags & MPREF_LOCAL) && !(r->flags & MPREF_TEMPLATE);
		vet_ref(v, r->node, r->attr, r->value, local, r->flags & MPREF_TYPE ? "type" : "element");
	}
}

/* ---- language packs ---- */

static bool is_true(const char *s) { return s && (!strcmp(s, "true") || !strcmp(s, "1")); }

static void vet_defaults(struct verifier *v, xmlNodePtr lps)
{
	xmlNodePtr first = NULL;
	for (xmlNodePtr lp = model_child(lps, NULL); lp; lp = model_next(lp, NULL)) {
		if (!model_is(lp, "LanguagePack") || !is_true(model_attr(lp, "IsDefault")))
			continue;
		if (!first) {
			first = lp;
			continue;
		}
		diag_error(v->sink, mp_attr_loc(v->mp, lp, "IsDefault"), "E610",
			   "language pack '%s' is a second default language pack", model_attr(lp, "ID"));
		diag_note(v->sink, mp_attr_loc(v->mp, first, "IsDefault"), "'%s' is the default already",
			  model_attr(first, "ID"));
		diag_hint(v->sink, "set IsDefault=\"true\" on one language pack only "
				   "(VerifyLanaguagePackMultipleDefaultLanguagePacks)");
	}
}

/* E609: item (DisplayString or KnowledgeArticle) seen twice in one pack. */
static void vet_unique(struct verifier *v, xmlHashTablePtr seen, xmlNodePtr lp, xmlNodePtr item,
		       const char *what)
{
	const char *el = model_attr(item, "ElementID"), *sub = model_attr(item, "SubElementID");
	if (!el)
		return;
	char *key = mp_fold(el);
	xmlNodePtr first = xmlHashLookup2(seen, BAD_CAST key, BAD_CAST(sub ? sub : ""));
	if (!first) {
		xmlHashAddEntry2(seen, BAD_CAST key, BAD_CAST(sub ? sub : ""), item);
		free(key);
		return;
	}
	free(key);
	diag_error(v->sink, mp_attr_loc(v->mp, item, "ElementID"), "E609",
		   "second %s for '%s%s%s' in language pack '%s'", what, el, sub ? "' / '" : "",
		   sub ? sub : "", model_attr(lp, "ID"));
	diag_note(v->sink, mp_loc(v->mp, first), "first one here");
	diag_hint(v->sink, "keep one per element and language (%s)",
		  what[0] == 'd' ? "VerifyDisplayStringDuplicateFound" : "VerifyKnowledgeArticleDuplicateFound");
}

static void vet_target(struct verifier *v, xmlNodePtr item, const char *what)
{
	const char *el = model_attr(item, "ElementID");
	if (!el || !*el)
		return;
	if (strchr(el, '!')) {
		vet_ref(v, item, "ElementID", el, false, what);
		return;
	}
	if (!mpref_is_id(el, strlen(el)) || mpref_find(&v->refs, v->mp, el))
		return;
	diag_error(v->sink, mp_attr_loc(v->mp, item, "ElementID"), "E608",
		   "%s for '%s', which is not defined in this management pack", what, el);
	diag_hint(v->sink, "remove it, or fix the ElementID (VerifyLanguagePackStringCannotLocateElement)");
}

/* Headings: what an article holds when it holds nothing to read. */
static bool heading(xmlNodePtr n)
{
	return model_is(n, "section") || model_is(n, "sections") || model_is(n, "title") ||
	       model_is(n, "subTitle");
}

/*
 * True if the article has content besides its section headings: text
 * outside titles, or any block (an empty maml:para counts: SCOM accepts a
 * section holding a title and an empty paragraph; issue 10, class 7).
 */
static bool has_text(xmlNodePtr n, int depth)
{
	for (xmlNodePtr c = n->children; c && depth < 64; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content) {
			for (const char *s = (const char *)c->content; *s; s++)
				if (!isspace((unsigned char)*s))
					return true;
		} else if (c->type == XML_ELEMENT_NODE && !model_is(c, "title")) {
			if (!heading(c) || has_text(c, depth + 1))
				return true;
		}
	}
	return false;
}

static void vet_empty_article(struct verifier *v, xmlNodePtr ka)
{
	xmlNodePtr content = model_child(ka, NULL);
	if (content && has_text(content, 0))
		return;
	const char *el = model_attr(ka, "ElementID");
	diag_error(v->sink, mp_loc(v->mp, ka), "E611", "knowledge article for '%s' is empty", el ? el : "");
	diag_hint(v->sink, "write at least one section with text, or remove the article "
			   "(VerifyKnowledgeArticleContentRequired)");
	skip_xsd(v, ka, "Missing child");
	if (content)
		skip_xsd(v, content, "Missing child");
}

static const char *const shown_maml[] = {
	"section",
	"title",
	"subTitle",
	"para",
	"ui",
	"list",
	"listItem",
	"table",
	"tableHeader",
	"row",
	"entry",
	"navigationLink",
	"linkText",
	"uri",
};

static bool maml_shown(xmlNodePtr n)
{
	if (!n->ns || !n->ns->href || strcmp((const char *)n->ns->href, MAML_NS) != 0)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(shown_maml); i++)
		if (strcmp((const char *)n->name, shown_maml[i]) == 0)
			return true;
	return false;
}

static void unshown_maml(struct verifier *v, xmlNodePtr ka, xmlNodePtr n)
{
	const char *prefix = n->ns && n->ns->prefix ? (const char *)n->ns->prefix : "";
	diag_warning(v->sink, mp_loc(v->mp, n), "W607",
		     "knowledge article for '%s' uses %s%s%s, which the Operations console does not show",
		     model_attr(ka, "ElementID"), prefix, *prefix ? ":" : "", (const char *)n->name);
	diag_hint(v->sink, "the console shows section, title, subTitle, para, ui, list, listItem, "
			   "table and navigationLink");
}

/* W607, once per element name and article. */
static void vet_maml(struct verifier *v, xmlNodePtr ka)
{
	xmlNodePtr mc = mp_path(ka, "MamlContent");
	xmlHashTablePtr seen = xmlHashCreate(8);
	for (xmlNodePtr n = model_child(mc, NULL); n && n != mc;) {
		bool shown = n->type != XML_ELEMENT_NODE || maml_shown(n);
		if (!shown && xmlHashAddEntry(seen, n->name, n) == 0)
			unshown_maml(v, ka, n);
		if (shown && n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n != mc && !n->next)
			n = n->parent;
		if (n != mc)
			n = n->next;
	}
	xmlHashFree(seen, NULL);
}

static void vet_lp(struct verifier *v, xmlNodePtr lp)
{
	xmlHashTablePtr ds = xmlHashCreate(64), kas = xmlHashCreate(64);
	for (xmlNodePtr d = model_child(mp_path(lp, "DisplayStrings"), NULL); d; d = model_next(d, NULL)) {
		vet_unique(v, ds, lp, d, "display string");
		vet_target(v, d, "display string");
	}
	for (xmlNodePtr k = model_child(mp_path(lp, "KnowledgeArticles"), NULL); k; k = model_next(k, NULL)) {
		vet_unique(v, kas, lp, k, "knowledge article");
		vet_target(v, k, "knowledge article");
		vet_empty_article(v, k);
		vet_maml(v, k);
	}
	xmlHashFree(ds, NULL);
	xmlHashFree(kas, NULL);
}

static void vet_language_packs(struct verifier *v)
{
	xmlNodePtr lps = mp_path(v->mp->root, "LanguagePacks");
	vet_defaults(v, lps);
	for (xmlNodePtr lp = model_child(lps, NULL); lp; lp = model_next(lp, NULL))
		if (model_is(lp, "LanguagePack"))
			vet_lp(v, lp);
}

/* ---- schema ---- */

static bool skipped(struct verifier *v, xmlNodePtr node, const char *msg)
{
	const char *q = strstr(msg, "': '");
	if (q && (strstr(msg, "atomic type 'UniqueIdentifier'") || strstr(msg, "atomic type 'LanguageCode'"))) {
		const char *b = q + 4, *e = strchr(b, '\'');
		char *id = e ? xstrndup(b, (size_t)(e - b)) : NULL;
		bool dup = id && xmlHashLookup(v->dup_ids, BAD_CAST id);
		free(id);
		if (dup)
			return true;
	}
	for (size_t i = 0; i < v->nskips; i++)
		if (v->skips[i].node == node && strstr(msg, v->skips[i].what))
			return true;
	return false;
}

/* "Element 'X', attribute 'Y': ..." -> Y */
static char *attr_in_msg(const char *msg)
{
	const char *a = strstr(msg, "', attribute '");
	if (!a || a > strchr(msg, ':'))
		return NULL;
	a += 14;
	const char *e = strchr(a, '\'');
	return e ? xstrndup(a, (size_t)(e - a)) : NULL;
}

struct xsd_run {
	struct verifier *v;
	const char *schema;
};

static void xsd_error(void *ctx, xmlErrorPtr e)
{
	struct xsd_run *x = ctx;
	struct verifier *v = x->v;
	char msg[600];
	snprintf(msg, sizeof(msg), "%s", e->message ? e->message : "invalid");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '.' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	xmlNodePtr node = e->node;
	if (e->level < XML_ERR_ERROR || skipped(v, node, msg))
		return;
	struct loc at = mp_loc(v->mp, node);
	char *a = node && node->type == XML_ELEMENT_NODE ? attr_in_msg(msg) : NULL;
	if (a)
		at = mp_attr_loc(v->mp, node, a);
	free(a);
	if (!node && e->line > 0) {
		size_t start, len;
		if (source_line(v->mp->src, (unsigned)e->line, &start, &len))
			at = (struct loc){ v->mp->src, start, 0 };
	}
	diag_error(v->sink, at, "E601", "not valid against %s: %s", x->schema, msg);
	char *best = suggest_enumeration(msg);
	if (best)
		diag_hint(v->sink, "did you mean '%s'?", best);
	else if (strstr(msg, "[facet 'enumeration']"))
		diag_hint(v->sink, "use one of the values in the set");
	free(best);
}

static void vet_schema(struct verifier *v)
{
	bool two = xmlHasProp(v->mp->root, BAD_CAST "SchemaVersion") != NULL;
	xmlSchemaPtr s = xsd_get(v->xsd, two ? XSD_MP20 : XSD_MP10, v->sink);
	if (!s)
		return;
	struct xsd_run x = { v, two ? "mp-2.0.xsd" : "mp-1.0.xsd" };
	xmlSchemaValidCtxtPtr ctx = xmlSchemaNewValidCtxt(s);
	if (!ctx)
		BUG("xmlSchemaNewValidCtxt failed");
	xmlSchemaSetValidStructuredErrors(ctx, xsd_error, &x);
	/* Without a document URL, libxml2 does not walk back over every node
	 * before an invalid one (looking for XInclude starts) to name its
	 * file: with it, each schema error costs time in the position of its
	 * node, and a pack of 100,000 invalid rules took minutes. */
	xmlChar *url = (xmlChar *)v->mp->doc->URL;
	v->mp->doc->URL = NULL;
	xmlSchemaValidateDoc(ctx, v->mp->doc);
	v->mp->doc->URL = url;
	xmlSchemaFreeValidCtxt(ctx);
}

/* ---- file name ---- */

static void vet_file_name(struct verifier *v)
{
	const char *path = v->mp->path;
	if (!strcmp(path, "-") || !*v->mp->id)
		return;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	if (n == strlen(v->mp->id) && strncasecmp(base, v->mp->id, n) == 0)
		return;
	diag_error(v->sink, mp_loc(v->mp, v->mp->id_node), "E614",
		   "file name '%s' does not match the management pack ID '%s'", base, v->mp->id);
	diag_hint(v->sink, "name the file '%s%s': SCOM refuses it otherwise (MPXmlLoaderIdMismatch)",
		  v->mp->id, v->mp->sealed ? ".mp" : ".xml");
}

/* ---- module configuration ---- */

static int index_of(const char *name, const char *const *order, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(order[i], name) == 0)
			return (int)i;
	return -1;
}

static void list_order(struct strbuf *sb, const char *const *order, size_t n, unsigned optional)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%s%s", i ? ", " : "", order[i], optional >> i & 1 ? "?" : "");
}

/*
 * Checks that the configuration elements of module m appear in `order`
 * (each at most once; `required` is a bit set). id: E612 or E613.
 */
static void vet_order(struct verifier *v, xmlNodePtr m, const char *id, const char *type,
		      const char *const *order, size_t n, unsigned required)
{
	int last = -1;
	unsigned seen = 0;
	bool hinted = false;
	struct strbuf expect = STRBUF_INIT;
	list_order(&expect, order, n, ~required);
	for (xmlNodePtr c = model_child(m, NULL); c; c = model_next(c, NULL)) {
		int i = c->ns ? -1 : index_of((const char *)c->name, order, n);
		struct loc at = mp_loc(v->mp, c);
		if (i < 0)
			diag_error(v->sink, at, id, "unexpected element '%s' in the configuration of %s",
				   (const char *)c->name, type);
		else if (seen >> i & 1)
			diag_error(v->sink, at, id, "'%s' given twice in the configuration of %s", order[i], type);
		else if (i < last)
			diag_error(v->sink, at, id, "'%s' must come before '%s' in the configuration of %s",
				   order[i], order[last], type);
		if ((i < 0 || (seen >> i & 1) || i < last) && !hinted) {
			diag_hint(v->sink, "expected: %s (VerifyModuleReferenceInvalidConfiguration)", expect.buf);
			hinted = true;
		}
		if (i >= 0) {
			seen |= 1u << i;
			last = MAX(last, i);
		}
	}
	for (size_t i = 0; i < n; i++)
		if ((required >> i & 1) && !(seen >> i & 1))
			diag_error(v->sink, mp_loc(v->mp, m), id, "%s '%s' (%s) has no '%s'",
				   model_is(m, "DataSource") ? "data source" : "write action",
				   model_attr(m, "ID") ? model_attr(m, "ID") : "", type, order[i]);
	strbuf_release(&expect);
}

/* An integer of at most 10 digits, negative ones included: packs
 * converted from MOM 2005 compare EventDisplayNumber with values such as
 * -1073740783, and SCOM accepts them (issue 10, class 6). */
static bool is_event_number(const char *t)
{
	const char *d = *t == '-' ? t + 1 : t;
	size_t n = strlen(d);
	return n > 0 && n <= 10 && strspn(d, "0123456789") == n;
}

/* Event IDs compared in the filter must be integers. */
static void vet_event_ids(struct verifier *v, xmlNodePtr expr)
{
	for (xmlNodePtr n = expr; n;) {
		if (model_is(n, "SimpleExpression")) {
			xmlNodePtr q = mp_path(n, "ValueExpression/XPathQuery");
			char *query = mp_text_trim(q);
			bool event = !strcmp(query, "EventDisplayNumber") || !strcmp(query, "EventNumber");
			free(query);
			for (xmlNodePtr ve = model_child(n, NULL); event && ve; ve = model_next(ve, NULL)) {
				xmlNodePtr val = mp_path(ve, "Value");
				char *t = val ? mp_text_trim(val) : NULL;
				if (t && *t != '$' && !is_event_number(t)) {
					diag_error(v->sink, mp_loc(v->mp, val), "E612", "event ID '%s' is not an integer", t);
					diag_hint(v->sink, "compare EventDisplayNumber with a number such as 9317");
				}
				free(t);
			}
		}
		if (n->children && n->type == XML_ELEMENT_NODE) {
			n = n->children;
			continue;
		}
		while (n != expr && !n->next)
			n = n->parent;
		n = n == expr ? NULL : n->next;
	}
}

static void vet_event_provider(struct verifier *v, xmlNodePtr ds)
{
	vet_order(v, ds, "E612", "Microsoft.Windows.EventProvider", mp_event_provider_config,
		  ARRAY_SIZE(mp_event_provider_config), 0xA);
	xmlNodePtr ap = mp_path(ds, "AllowProxying");
	char *t = ap ? mp_text_trim(ap) : NULL;
	if (t && strcmp(t, "true") && strcmp(t, "false") && strcmp(t, "1") && strcmp(t, "0"))
		diag_error(v->sink, mp_loc(v->mp, ap), "E612", "AllowProxying '%s' is not a boolean", t);
	free(t);
	xmlNodePtr ex = mp_path(ds, "Expression");
	if (ex)
		vet_event_ids(v, ex);
}

static void vet_level(struct verifier *v, xmlNodePtr wa, const char *name, const char *labels)
{
	xmlNodePtr n = mp_path(wa, name);
	char *t = n ? mp_text_trim(n) : NULL;
	if (t && *t != '$' && !(strlen(t) == 1 && t[0] >= '0' && t[0] <= '2')) {
		diag_error(v->sink, mp_loc(v->mp, n), "E613", "alert %s '%s' is not 0, 1 or 2",
			   name[0] == 'S' ? "severity" : "priority", t);
		diag_hint(v->sink, "%s", labels);
	}
	free(t);
}

static void vet_children(struct verifier *v, xmlNodePtr parent, const char *prefix, bool numbered)
{
	for (xmlNodePtr c = model_child(parent, NULL); c; c = model_next(c, NULL)) {
		const char *name = (const char *)c->name;
		size_t pl = strlen(prefix);
		bool ok = !c->ns && strncmp(name, prefix, pl) == 0 &&
			  (numbered ? name[pl] >= '1' && name[pl] <= '9' && strspn(name + pl, "0123456789") == strlen(name + pl) : name[pl] == '\0');
		if (!ok)
			diag_error(v->sink, mp_loc(v->mp, c), "E613", "unexpected element '%s' in %s", name,
				   (const char *)parent->name);
	}
}

static void vet_generate_alert(struct verifier *v, xmlNodePtr wa)
{
	vet_order(v, wa, "E613", "System.Health.GenerateAlert", mp_generate_alert_config,
		  ARRAY_SIZE(mp_generate_alert_config), 0x3);
	vet_level(v, wa, "Priority", "0 = low, 1 = medium, 2 = high");
	vet_level(v, wa, "Severity", "0 = information, 1 = warning, 2 = critical");
	vet_children(v, mp_path(wa, "AlertParameters"), "AlertParameter", true);
	vet_children(v, mp_path(wa, "Suppression"), "SuppressionValue", false);
}

/* ---- rule best practices ---- */

static void vet_hard_coded(struct verifier *v, xmlNodePtr rule, xmlNodePtr wa)
{
	xmlNodePtr name = mp_path(wa, "AlertName"), desc = mp_path(wa, "AlertDescription");
	char *n = mp_text_trim(name), *d = mp_text_trim(desc);
	if (*n || *d) {
		diag_warning(v->sink, mp_loc(v->mp, *n ? name : desc), "W603",
			     "rule '%s' has a hard-coded alert %s", mp_id_of(rule),
			     *n && *d ? "name and description" : *n ? "name"
								    : "description");
		diag_hint(v->sink, "use AlertMessageId with a StringResource and its DisplayString, "
				   "so the text can be translated");
	}
	free(n);
	free(d);
}

static void vet_suppression(struct verifier *v, xmlNodePtr rule, xmlNodePtr wa)
{
	xmlNodePtr sup = mp_path(wa, "Suppression");
	if (sup && mp_path(sup, "SuppressionValue"))
		return;
	diag_warning(v->sink, mp_loc(v->mp, sup ? sup : wa), "W605",
		     sup ? "event alert rule '%s' turns alert suppression off: every matching event raises a new alert"
			 : "event alert rule '%s' has no alert suppression: every matching event raises a new alert",
		     mp_id_of(rule));
	diag_hint(v->sink, "add <SuppressionValue>$Data/EventDisplayNumber$</SuppressionValue> and "
			   "<SuppressionValue>$Data/PublisherName$</SuppressionValue>");
}

static void vet_article(struct verifier *v, xmlNodePtr el, const char *what)
{
	const char *id = mp_id_of(el);
	if (!id || mp_fold_get(v->mp->strings->any_article, id))
		return;
	diag_warning(v->sink, mp_attr_loc(v->mp, el, "ID"), "W604", "%s '%s' has no knowledge article",
		     what, id);
	diag_hint(v->sink, "operators read it next to the alert: add a KnowledgeArticle with ElementID=\"%s\"", id);
}

static void vet_rule(struct verifier *v, xmlNodePtr rule)
{
	bool events = false, alerts = false;
	for (xmlNodePtr ds = model_child(mp_path(rule, "DataSources"), NULL); ds; ds = model_next(ds, NULL))
		if (model_is(ds, "DataSource") && is_event_provider(v, ds)) {
			if (!v->packs || !refcheck_validated(&v->check, ds))
				vet_event_provider(v, ds);
			events = true;
		}
	xmlNodePtr alert = NULL;
	for (xmlNodePtr wa = model_child(mp_path(rule, "WriteActions"), NULL); wa; wa = model_next(wa, NULL))
		if (model_is(wa, "WriteAction") && is_generate_alert(v, wa)) {
			if (!v->packs || !refcheck_validated(&v->check, wa))
				vet_generate_alert(v, wa);
			vet_hard_coded(v, rule, wa);
			alerts = true;
			alert = alert ? alert : wa;
		}
	if (alerts)
		vet_article(v, rule, "alert rule");
	if (events && alerts)
		vet_suppression(v, rule, alert);
}

static void vet_workflows(struct verifier *v)
{
	xmlNodePtr mon = mp_path(v->mp->root, "Monitoring");
	for (xmlNodePtr r = model_child(mp_path(mon, "Rules"), NULL); r; r = model_next(r, NULL))
		if (model_is(r, "Rule"))
			vet_rule(v, r);
	for (xmlNodePtr m = model_child(mp_path(mon, "Monitors"), NULL); m; m = model_next(m, NULL))
		if (mp_path(m, "AlertSettings"))
			vet_article(v, m, "monitor");
}

/* ---- display strings ---- */

static const char *kind_of(xmlNodePtr n)
{
	static const char *const tab[][2] = {
		{ "ClassType", "class" },
		{ "RelationshipType", "relationship" },
		{ "Rule", "rule" },
		{ "Discovery", "discovery" },
		{ "Task", "task" },
		{ "UnitMonitor", "monitor" },
		{ "AggregateMonitor", "monitor" },
		{ "DependencyMonitor", "monitor" },
		{ "Diagnostic", "diagnostic" },
		{ "Recovery", "recovery" },
		{ "View", "view" },
		{ "Folder", "folder" },
		{ "ConsoleTask", "console task" },
		{ "StringResource", "string resource" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(tab); i++)
		if (model_is(n, tab[i][0]))
			return tab[i][1];
	return NULL;
}

static void vet_display_missing(struct verifier *v)
{
	const char *lang = model_attr(v->lang, "ID");
	if (!mp_display(v->mp->strings, v->mp->id) && *v->mp->id) {
		diag_warning(v->sink, mp_loc(v->mp, v->mp->id_node), "W601",
			     "the management pack has no display string in language pack '%s'", lang);
		diag_hint(v->sink, "the console shows its name from DisplayString ElementID=\"%s\"", v->mp->id);
	}
	size_t n;
	xmlNodePtr *els = mp_elements(v->mp, &n);
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr el = els[i];
		if (!kind_of(el) || mp_display(v->mp->strings, mp_id_of(el)))
			continue;
		diag_warning(v->sink, mp_attr_loc(v->mp, el, "ID"), "W601",
			     "%s '%s' has no display string in language pack '%s'", kind_of(el),
			     mp_id_of(el), lang);
		diag_hint(v->sink, "add <DisplayString ElementID=\"%s\"><Name>...</Name></DisplayString>",
			  mp_id_of(el));
	}
	free(els);
}

static void vet_display_repeats(struct verifier *v)
{
	xmlHashTablePtr names = xmlHashCreate(64);
	for (xmlNodePtr d = model_child(mp_path(v->lang, "DisplayStrings"), NULL); d; d = model_next(d, NULL)) {
		const char *id = model_attr(d, "ElementID");
		xmlNodePtr el = id && !model_attr(d, "SubElementID") ? mp_element(v->mp, id) : NULL;
		const char *kind = el && mp_is_element(el) ? kind_of(el) : NULL;
		if (!kind || model_is(el, "StringResource"))
			continue;
		char *name = mp_text_trim(mp_path(d, "Name"));
		xmlNodePtr first = *name ? xmlHashLookup2(names, BAD_CAST kind, BAD_CAST name) : d;
		if (!first) {
			xmlHashAddEntry2(names, BAD_CAST kind, BAD_CAST name, d);
		} else if (first != d) {
			diag_warning(v->sink, mp_loc(v->mp, mp_path(d, "Name")), "W602",
				     "%s '%s' has the same display name '%s' as %s '%s'", kind, id, name, kind,
				     model_attr(first, "ElementID"));
			diag_note(v->sink, mp_loc(v->mp, mp_path(first, "Name")), "'%s' is named here",
				  model_attr(first, "ElementID"));
			diag_hint(v->sink, "give each %s a name operators can tell apart", kind);
		}
		free(name);
	}
	xmlHashFree(names, NULL);
}

static void vet_display(struct verifier *v)
{
	if (!v->lang) {
		diag_warning(v->sink, mp_loc(v->mp, v->mp->root), "W601",
			     "the management pack has no language pack: no element has a display name");
		diag_hint(v->sink, "add <LanguagePacks><LanguagePack ID=\"ENU\" IsDefault=\"true\"> with DisplayStrings");
		return;
	}
	vet_display_missing(v);
	vet_display_repeats(v);
}

static void vet_unused(struct verifier *v)
{
	for (size_t i = 0; i < v->mp->nrefs; i++) {
		struct mp_ref *r = &v->mp->refs[i];
		if (r->used || !*r->alias)
			continue;
		diag_warning(v->sink, mp_attr_loc(v->mp, r->node, "Alias"), "W606",
			     "reference '%s' (%s) is not used", r->alias, r->id);
		diag_hint(v->sink, "remove it: an unused reference blocks deleting '%s' from the management group",
			  r->id);
	}
}

/* ---- sealed packs ---- */

static void vet_sealed(struct verifier *v)
{
	struct mp_file *mp = v->mp;
	if (!mp->sealed)
		return;
	if (mp->signature == UNSEAL_SIG_BAD) {
		diag_file_error(v->sink, mp->src, "E604",
				"strong-name signature does not verify: the file was changed after it was sealed");
		diag_hint(v->sink, "do not import it; get the pack again from its publisher");
	} else if (mp->signature == UNSEAL_SIG_NONE) {
		mp_file_warning(v->sink, mp->src, "W608", false, "the sealed management pack is not strong-name signed");
	} else {
		mp_file_warning(v->sink, mp->src, "W608", true,
				"strong-name signature verifies; public key token %s", mp->token);
	}
	if (mp->root && *mp->asm_name && strcasecmp(mp->asm_name, mp->id) != 0)
		mp_file_warning(v->sink, mp->src, "W609", false,
				"assembly name '%s' differs from the management pack ID '%s'", mp->asm_name, mp->id);
	if (mp->root && *mp->asm_version && strcmp(mp->asm_version, mp->version) != 0)
		mp_file_warning(v->sink, mp->src, "W609", false,
				"assembly version %s differs from the management pack version %s",
				mp->asm_version, mp->version);
}

/* ---- baseline ---- */

static void vet_removed(struct verifier *v)
{
	size_t n;
	xmlNodePtr *els = mp_elements(v->base, &n);
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr el = els[i];
		if (mp_element(v->mp, mp_id_of(el)))
			continue;
		const char *pub = model_attr(el, "Accessibility");
		diag_error(v->sink, mp_attr_loc(v->base, el, "ID"), "E616",
			   "%s '%s' of the baseline is missing from '%s'%s", (const char *)el->name,
			   mp_id_of(el), v->mp->path, pub && !strcmp(pub, "Public") ? " (it is public)" : "");
		diag_hint(v->sink, "an upgrade of a sealed pack must keep every element (VersionCheckItemRemoved)");
	}
	free(els);
}

static void vet_baseline(struct verifier *v)
{
	struct mp_file *b = v->base, *mp = v->mp;
	if (!b || !b->root || !mp->root)
		return;
	if (strcasecmp(b->id, mp->id) != 0) {
		diag_error(v->sink, mp_loc(mp, mp->id_node), "E615",
			   "the baseline is management pack '%s', not '%s'", b->id, mp->id);
		return;
	}
	int c = refpacks_version_cmp(mp->version, b->version);
	if (c <= 0 && c != -2) {
		diag_error(v->sink, mp_loc(mp, mp->version_node), "E615",
			   "version %s is not higher than the baseline version %s", mp->version, b->version);
		diag_note(v->sink, mp_loc(b, b->version_node), "baseline version");
		diag_hint(v->sink, "increase the version: SCOM does not import a version it already has "
				   "(ManagementPackAlreadyImported)");
	}
	vet_removed(v);
}

void verify_upgrade(struct mp_file *base, struct mp_file *mp, struct diag_sink *sink)
{
	struct verifier v = { .mp = mp, .base = base, .sink = sink };
	vet_baseline(&v);
}

/* ---- driver ---- */

static struct mp_file *load_pack(struct mp_files *kept, struct diag_sink *sink, const char *path)
{
	struct mp_file *mp = mp_files_add(kept);
	return mp_open(mp, path, sink) == 0 ? mp : NULL;
}

/* ---- reference packs (refcheck.c) ---- */

static struct loc at_pack(void *ctx, xmlNodePtr n, const char *attr)
{
	struct mp_file *mp = ctx;
	return attr ? mp_attr_loc(mp, n, attr) : mp_loc(mp, n);
}

static void vet_against_references(struct verifier *v)
{
	if (!v->packs) {
		refcheck_note_unchecked(v->mp, v->mp->src, v->sink);
		return;
	}
	refcheck_run(&v->check);
}

static void verify_pack(struct verifier *v)
{
	for (size_t i = 0; i < v->mp->ndups; i++)
		report_dup(v, &v->mp->dups[i]);
	vet_manifest(v);
	vet_language_packs(v);
	vet_schema(v);
	vet_against_references(v);
	vet_file_name(v);
	vet_refs(v);
	vet_workflows(v);
	vet_display(v);
	vet_unused(v);
	vet_sealed(v);
	vet_baseline(v);
}

void verify_loaded(struct mp_file *mp, struct diag_sink *sink, struct xsd_cache *xsd,
		   struct mp_file *base, struct refpacks *packs)
{
	struct verifier v = { .mp = mp, .base = base, .sink = sink, .xsd = xsd, .lang = mp->strings->lang, .packs = packs };
	if (packs)
		refcheck_init(&v.check, packs, mp, sink, at_pack, mp);
	v.dup_ids = xmlHashCreate(16);
	mpref_build(&v.refs, mp);
	verify_pack(&v);
	mpref_release(&v.refs);
	xmlHashFree(v.dup_ids, NULL);
	free(v.skips);
	if (packs)
		refcheck_release(&v.check);
}

struct mp_file *verify_file(struct mp_files *kept, struct diag_sink *sink, struct xsd_cache *xsd,
			    struct mp_file *base, struct refpacks *packs, const char *path)
{
	struct mp_file *mp = load_pack(kept, sink, path);
	if (mp)
		verify_loaded(mp, sink, xsd, base, packs);
	return mp;
}

int verify_main(struct cli *c)
{
	alloc_tune();
	struct diag_sink sink;
	cli_sink_init(c, &sink);
	struct xsd_cache xsd;
	cli_xsd_init(c, &xsd);
	struct mp_files kept = { NULL, 0 };
	const char *baseline = c->arg[CLI_BASELINE];
	struct mp_file *base = baseline ? load_pack(&kept, &sink, baseline) : NULL;
	struct refpacks refs;
	refpacks_init(&refs, &sink);
	refpacks_open(&refs, c->references, c->nreferences);
	struct refpacks *use = refpacks_enabled(&refs) ? &refs : NULL;
	for (int i = 0; i < c->nfiles && !sink.env_error; i++) /* the diagnostics need only its text */
		mp_unload(verify_file(&kept, &sink, &xsd, base, use, c->files[i]));
	xsd_cache_release(&xsd);
	int code = cli_finish(c, &sink, NULL, false);
	diag_sink_release(&sink);
	refpacks_release(&refs);
	mp_files_release(&kept);
	return code;
}
