/*
 * decompile_fragment.c - what the .alert source does not write, kept as
 * an MP XML fragment (<ID>.mpx, docs/fragments.md) so that the .alert and
 * the fragment compile back to the original pack.
 *
 * Input: the original pack, the decompiled alerts (d->alerts) and the pack
 * the .alert source compiles to (for the references it already declares).
 * Output: the fragment text: every section of the original but the
 * manifest, without the rules, alert messages, display strings (of the
 * default language) and articles the .alert source writes, and with the
 * references only the fragment uses.
 */
#include "decompile.h"

#include <strings.h>

#include "emit_xml.h"
#include "model.h"
#include "mpread.h"

/* The IDs the .alert source writes, case-folded: the pack (1), each rule
 * (2) and its alert message (1). */
static xmlHashTablePtr written_ids(struct dc *d)
{
	xmlHashTablePtr h = xmlHashCreate(256);
	mp_fold_put(h, d->mp->id, (void *)1);
	for (size_t i = 0; i < d->nalerts; i++) {
		mp_fold_put(h, mp_id_of(d->alerts[i].rule), (void *)2);
		char *mid = dc_message_id(d->alerts[i].wa);
		if (mid)
			mp_fold_put(h, mid, (void *)1);
		free(mid);
	}
	return h;
}

/* Whether the .alert writes id (articles: only rules have them). */
static bool written(xmlHashTablePtr ids, const char *id, bool articles)
{
	uintptr_t what = id ? (uintptr_t)mp_fold_get(ids, id) : 0;
	return articles ? what == 2 : what != 0;
}

/* Removes n and the white space before it. */
static void drop(xmlNodePtr n)
{
	xmlNodePtr prev = n->prev;
	if (prev && prev->type == XML_TEXT_NODE && xmlIsBlankNode(prev)) {
		xmlUnlinkNode(prev);
		xmlFreeNode(prev);
	}
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

/* Where prune() is: below the default language pack, the display strings
 * and articles the .alert writes are left out. */
enum strings_mode {
	PLAIN,   /* elsewhere */
	LANG,    /* in the default language pack: its children are lists */
	STRINGS, /* in a list of it: display strings or ... */
	ARTICLES /* ... knowledge articles */
};

/* Whether c is a display string or article (articles) the .alert writes. */
static bool string_written(xmlHashTablePtr ids, xmlNodePtr c, bool articles)
{
	return c->type == XML_ELEMENT_NODE && !model_attr(c, "SubElementID") &&
	       written(ids, model_attr(c, "ElementID"), articles);
}

/* Display strings and articles of the default language the .alert writes. */
static void prune_strings(xmlHashTablePtr ids, xmlNodePtr lp)
{
	for (xmlNodePtr list = model_child(lp, NULL); list; list = model_next(list, NULL)) {
		bool articles = model_is(list, "KnowledgeArticles");
		for (xmlNodePtr c = list->children, next; c; c = next) {
			next = c->next;
			if (string_written(ids, c, articles))
				drop(c);
		}
	}
}

/* The mode below c, a child of a node in `mode`. A dry prune() drops at
 * most what prune() drops: the strings only below a language pack whose
 * strings prune_strings() removes. */
static enum strings_mode mode_below(struct dc *d, xmlNodePtr c, enum strings_mode mode)
{
	const char *lang = model_attr(d->mp->strings->lang, "ID"), *id = model_attr(c, "ID");
	if (model_is(c, "LanguagePack") && lang && id && !strcmp(lang, id))
		return LANG;
	if (mode == LANG)
		return model_is(c, "KnowledgeArticles") ? ARTICLES : STRINGS;
	return PLAIN;
}

/* Removes what the .alert writes below n, then sections left empty.
 * Returns whether n holds nothing any more. dry: changes nothing, only
 * tells what the same call without it would return (on the original, its
 * Manifest left out: the fragment does not copy it). */
static bool prune(struct dc *d, xmlHashTablePtr ids, xmlNodePtr n, enum strings_mode mode, bool dry)
{
	bool empty = true;
	for (xmlNodePtr c = n->children, next; c; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE) {
			if (c->type != XML_TEXT_NODE || !xmlIsBlankNode(c))
				empty = false;
			continue;
		}
		if (dry && n == d->mp->root && model_is(c, "Manifest"))
			continue;
		/* (without dry, prune_strings() removed these already) */
		if ((mode == STRINGS || mode == ARTICLES) && string_written(ids, c, mode == ARTICLES))
			continue;
		bool lp = model_is(c, "LanguagePack");
		enum strings_mode sub = mode_below(d, c, mode);
		if (sub == LANG && !dry)
			prune_strings(ids, c);
		if (mp_id_of(c) && !lp) {
			if (written(ids, mp_id_of(c), false) && (model_is(c, "Rule") || model_is(c, "UnitMonitor") ||
								 model_is(c, "StringResource"))) {
				if (!dry)
					drop(c);
			} else {
				empty = false;
			}
		} else if (!c->properties || lp) {
			if (!prune(d, ids, c, sub, dry))
				empty = false;
			else if (!dry)
				drop(c);
		} else {
			empty = false;
		}
	}
	return empty;
}

/* The references of the original that the compiled .alert lacks. */
static void add_refs(struct dc *d, const struct dc_parts *built, xmlNodePtr root)
{
	xmlNodePtr refs = NULL;
	for (size_t i = 0; i < d->mp->nrefs; i++) {
		struct mp_ref *r = &d->mp->refs[i];
		const struct dc_part_ref *b = dc_parts_ref(built, r->alias);
		if (b && !strcasecmp(b->id, r->id))
			continue;
		if (!refs)
			refs = xmlNewChild(xmlNewChild(root, NULL, BAD_CAST "Manifest", NULL), NULL, BAD_CAST "References",
					   NULL);
		xmlAddChild(refs, xmlDocCopyNode(r->node, root->doc, 1));
	}
}

/* The root attributes of the original the compiled .alert lacks or
 * writes otherwise (the fragment root carries them). */
static bool root_attrs(struct dc *d, const struct dc_parts *built, xmlNodePtr root)
{
	bool any = false;
	for (size_t i = 0; i < ARRAY_SIZE(dc_root_attrs); i++) {
		const char *v = model_attr(d->mp->root, dc_root_attrs[i]);
		const char *b = built ? built->root_attr[i] : NULL;
		if (v && (!b || strcmp(v, b) != 0)) {
			xmlNewProp(root, BAD_CAST dc_root_attrs[i], BAD_CAST v);
			any = true;
		}
	}
	return any;
}

char *dc_fragment(struct dc *d, const struct dc_parts *built, size_t *len)
{
	xmlDocPtr fd = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr root = xmlNewDocNode(fd, NULL, BAD_CAST "ManagementPackFragment", NULL);
	xmlDocSetRootElement(fd, root);
	xmlNewProp(root, BAD_CAST "SchemaVersion",
		   BAD_CAST(xmlHasProp(d->mp->root, BAD_CAST "SchemaVersion") ? "2.0" : "1.0"));
	for (xmlNsPtr ns = d->mp->root->nsDef; ns; ns = ns->next)
		xmlNewNs(root, ns->href, ns->prefix);
	bool refs = root_attrs(d, built, root);
	add_refs(d, built, root);
	refs |= root->children != NULL;
	char *text = NULL;
	xmlHashTablePtr ids = written_ids(d);
	/* Often nothing is left: then the copy of the whole pack is not made. */
	bool empty = prune(d, ids, d->mp->root, PLAIN, true);
	if (!empty) {
		for (xmlNodePtr c = model_child(d->mp->root, NULL); c; c = model_next(c, NULL))
			if (!model_is(c, "Manifest"))
				xmlAddChild(root, xmlDocCopyNode(c, fd, 1));
		empty = prune(d, ids, root, PLAIN, false);
	}
	xmlHashFree(ids, NULL);
	if (!empty || refs) {
		xmlChar *buf;
		int n;
		emit_serialize(fd, &buf, &n);
		text = xstrndup((const char *)buf, (size_t)n);
		*len = (size_t)n;
		xmlFree(buf);
	}
	xmlFreeDoc(fd);
	return text;
}
