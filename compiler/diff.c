/*
 * diff.c - semantic comparison of two management packs (`scomc diff`).
 *
 * Input: two packs read by mpread (mp_load + mp_index). Output: one
 * warning per difference (W630-W639) in the sink, and its count.
 *
 * What has no meaning is not compared (docs/diff.md): the order of
 * elements, references, language packs, display strings, knowledge
 * articles and of children that carry an ID (modules, properties, states);
 * attribute order, namespace prefixes, comments, white space between
 * elements, the empty-element form, and the attribute defaults of the MP
 * schema (absent equals the default). Attribute values are compared with
 * white space collapsed (their types are tokens), MAML text with white
 * space collapsed (it is rendered like HTML), other text exactly. An alias
 * names the pack it refers to: when the aliases of the two packs differ,
 * values are compared with every "Alias!" replaced by the referenced ID.
 */
#include "diff.h"

#include <ctype.h>
#include <strings.h>

#include <libxml/hash.h>

#include "alloc.h"
#include "cli.h"
#include "diag.h"
#include "mpread.h"
#include "strbuf.h"
#include "verify.h"

#define MAML_NS "http://schemas.microsoft.com/maml/2004/10"

enum { SHOW_MAX = 60,
       LCS_MAX = 250000,
       DEPTH_MAX = 256 };

struct kids;

struct differ {
	struct mp_file *old, *new;
	struct diag_sink *sink;
	bool aliases_differ; /* compare with aliases resolved */
	size_t ndiffs;
	struct strbuf path; /* inside the element being compared ... */
	struct seg {        /* ... then these children (path_of() spells them) */
		struct kids *k;
		xmlNodePtr c;
	} seg[DEPTH_MAX + 4];
	size_t nseg;
	const char *label; /* "Rule 'X'" of that element (borrowed) */
	const char *id;    /* diagnostic ID for content differences */
};

/* ---- messages ---- */

static void add_shown(struct strbuf *sb, const char *s, size_t from)
{
	strbuf_addc(sb, '\'');
	if (from)
		strbuf_adds(sb, "...");
	size_t cps = 0;
	for (const unsigned char *p = (const unsigned char *)s + from; *p; p++) {
		if ((*p & 0xC0) != 0x80 && ++cps > SHOW_MAX) {
			strbuf_adds(sb, "...");
			break;
		}
		if (*p == '\n')
			strbuf_adds(sb, "\\n");
		else if (*p == '\t')
			strbuf_adds(sb, "\\t");
		else if (*p < 0x20 || *p == 0x7F)
			strbuf_addf(sb, "\\x%02x", *p);
		else
			strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '\'');
}

/* "is 'NOW', was 'WAS'", both shown from a little before their first
 * difference when that is far in. */
static void add_change(struct strbuf *sb, const char *now, const char *was)
{
	size_t common = 0;
	while (now[common] && now[common] == was[common])
		common++;
	size_t from = common > SHOW_MAX / 2 ? common - SHOW_MAX / 4 : 0;
	while (from && ((unsigned char)now[from] & 0xC0) == 0x80)
		from--;
	strbuf_adds(sb, "is ");
	add_shown(sb, now, from);
	strbuf_adds(sb, ", was ");
	add_shown(sb, was, from);
}

/* Reports sb as a difference at `at`, with a note at `other` (if any). */
static void report(struct differ *d, const char *id, struct loc at, struct loc other,
		   bool other_is_old, struct strbuf *sb)
{
	d->ndiffs++;
	diag_warning(d->sink, at, id, "%s", sb->buf);
	if (other.src)
		diag_note(d->sink, other, other_is_old ? "in the old pack" : "in the new pack");
	strbuf_reset(sb);
}

static bool has_path(const struct differ *d) { return d->path.len || d->nseg; }
static void path_of(const struct differ *d, struct strbuf *sb);

/* "LABEL: PATH: " or "LABEL: " as the start of a message. */
static void add_where(struct differ *d, struct strbuf *sb)
{
	strbuf_adds(sb, d->label);
	if (has_path(d)) {
		strbuf_adds(sb, ": ");
		path_of(d, sb);
	}
}

/* ---- values ---- */

static bool id_char(int c) { return isalnum(c) || c == '_' || c == '.'; }

/* s with every "Alias!" of mp replaced by "<referenced ID>!", in sb. */
static const char *resolve_aliases(struct mp_file *mp, const char *s, struct strbuf *sb)
{
	strbuf_reset(sb);
	const char *p = s;
	while (*p) {
		const char *start = p;
		while (id_char((unsigned char)*p))
			p++;
		struct mp_ref *r = p > start && *p == '!' && (start == s || !id_char((unsigned char)start[-1]))
					   ? mp_ref_by_alias(mp, start, (size_t)(p - start))
					   : NULL;
		if (r)
			strbuf_adds(sb, r->id);
		else
			strbuf_add(sb, start, (size_t)(p - start));
		if (*p)
			strbuf_addc(sb, *p++);
	}
	return strbuf_str(sb);
}

/* White space rules: exact, collapsed (runs to one space, trimmed), or
 * collapsed but keeping one space at a side where inline siblings are. */
enum ws { WS_EXACT,
	  WS_COLLAPSE,
	  WS_KEEP_LEFT = 2,
	  WS_KEEP_RIGHT = 4 };

static const char *collapse(const char *s, unsigned ws, struct strbuf *sb)
{
	strbuf_reset(sb);
	bool space = false;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = sb->len > 0 || (ws & WS_KEEP_LEFT);
			continue;
		}
		if (space)
			strbuf_addc(sb, ' ');
		space = false;
		strbuf_addc(sb, *p);
	}
	if (space && (ws & WS_KEEP_RIGHT))
		strbuf_addc(sb, ' ');
	return strbuf_str(sb);
}

/* Whether two values are the same, aliases resolved and white space
 * treated as ws (enum ws) says. */
static bool same_value(struct differ *d, const char *o, const char *n, unsigned ws)
{
	if (!d->aliases_differ && strcmp(o, n) == 0)
		return true;
	if (!d->aliases_differ && !ws)
		return false;
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, ca = STRBUF_INIT, cb = STRBUF_INIT;
	if (d->aliases_differ) {
		o = resolve_aliases(d->old, o, &a);
		n = resolve_aliases(d->new, n, &b);
	}
	if (ws) {
		o = collapse(o, ws, &ca);
		n = collapse(n, ws, &cb);
	}
	bool same = strcmp(o, n) == 0;
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&ca);
	strbuf_release(&cb);
	return same;
}

static const char *attr_value(xmlAttrPtr a)
{
	return a->children && a->children->content ? (const char *)a->children->content : "";
}

/* Attribute value, "" when absent. */
static const char *attr_or(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a = n ? xmlHasProp(n, BAD_CAST name) : NULL;
	return a ? attr_value(a) : "";
}

static bool is_maml(xmlNodePtr n) { return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, MAML_NS); }

/* Attribute defaults of the MP schema: absent is the same as these. */
static const struct {
	const char *element, *attr, *value;
	bool maml;
} defaults[] = {
	{ "Rule", "Enabled", "true", false },
	{ "Rule", "ConfirmDelivery", "false", false },
	{ "Rule", "Remotable", "true", false },
	{ "Rule", "Priority", "Normal", false },
	{ "Rule", "DiscardLevel", "100", false },
	{ "KnowledgeArticle", "Visible", "true", false },
	{ "LanguagePack", "IsDefault", "false", false },
	{ "list", "class", "unordered", true },
};

static bool is_default(xmlNodePtr el, xmlAttrPtr a)
{
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++)
		if (defaults[i].maml == is_maml(el) && !strcmp((const char *)el->name, defaults[i].element) &&
		    !strcmp((const char *)a->name, defaults[i].attr) && !strcmp(attr_value(a), defaults[i].value))
			return true;
	return false;
}

static const char *ns_of(xmlAttrPtr a) { return a->ns ? (const char *)a->ns->href : NULL; }

/* ---- attributes ---- */

/* Attributes of elements and their content are W633; of the other parts
 * (manifest, references, language packs) the part's own ID. */
static const char *attr_id(struct differ *d) { return strcmp(d->id, "W634") ? d->id : "W633"; }

static void attr_added(struct differ *d, xmlNodePtr o, xmlNodePtr n, xmlAttrPtr a, struct strbuf *sb)
{
	add_where(d, sb);
	strbuf_addf(sb, ": attribute '%s' added (", (const char *)a->name);
	add_shown(sb, attr_value(a), 0);
	strbuf_addc(sb, ')');
	report(d, attr_id(d), mp_attr_loc(d->new, n, (const char *)a->name), mp_loc(d->old, o), true, sb);
}

static void attr_removed(struct differ *d, xmlNodePtr o, xmlNodePtr n, xmlAttrPtr a, struct strbuf *sb)
{
	add_where(d, sb);
	strbuf_addf(sb, ": attribute '%s' removed (was ", (const char *)a->name);
	add_shown(sb, attr_value(a), 0);
	strbuf_addc(sb, ')');
	report(d, attr_id(d), mp_loc(d->new, n), mp_attr_loc(d->old, o, (const char *)a->name), true, sb);
}

static void compare_attrs(struct differ *d, xmlNodePtr o, xmlNodePtr n)
{
	struct strbuf sb = STRBUF_INIT;
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		xmlAttrPtr b = xmlHasNsProp(o, a->name, BAD_CAST ns_of(a));
		const char *name = (const char *)a->name;
		if (!b) {
			if (!is_default(n, a))
				attr_added(d, o, n, a, &sb);
			continue;
		}
		unsigned ws = strcmp(name, "Comment") != 0 ? WS_COLLAPSE : WS_EXACT;
		if (same_value(d, attr_value(b), attr_value(a), ws))
			continue;
		add_where(d, &sb);
		strbuf_addf(&sb, ": attribute '%s' ", name);
		add_change(&sb, attr_value(a), attr_value(b));
		report(d, attr_id(d), mp_attr_loc(d->new, n, name), mp_attr_loc(d->old, o, name), true, &sb);
	}
	for (xmlAttrPtr b = o->properties; b; b = b->next)
		if (!xmlHasNsProp(n, b->name, BAD_CAST ns_of(b)) && !is_default(o, b))
			attr_removed(d, o, n, b, &sb);
	strbuf_release(&sb);
}

/* ---- content ---- */

/* The children that count: elements and, in mixed content, text that is
 * not only white space (in MAML: any text). */
struct kids {
	xmlNodePtr *v;
	const char **id; /* mp_id_of(v[i]), looked up once */
	size_t n;
	bool elements, keyed; /* keyed: a child has an ID */
	xmlNodePtr small[16]; /* v and id for short lists (most are) */
	const char *small_id[16];
};

static bool blank(const xmlChar *s)
{
	for (; s && *s; s++)
		if (!isspace(*s))
			return false;
	return true;
}

static bool has_elements(xmlNodePtr p)
{
	for (xmlNodePtr c = p->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return true;
	return false;
}

/* White space text c of p that is a space in the rendered text: between
 * two inline elements of a MAML paragraph ("<ui>A</ui> <ui>B</ui>"). */
static bool spacer(xmlNodePtr p, xmlNodePtr c)
{
	return c->prev && c->next && c->prev->type == XML_ELEMENT_NODE && c->next->type == XML_ELEMENT_NODE &&
	       is_maml(p) && !strcmp((const char *)p->name, "para");
}

/* The element children of p and its text children that are not only
 * white space (but spacer()s), in one pass; k->elements tells whether there are elements
 * (the text counts as children only when either side has some). */
static void kids_of(xmlNodePtr p, struct kids *k)
{
	size_t cap = ARRAY_SIZE(k->small);
	k->v = k->small;
	k->id = k->small_id;
	k->n = 0;
	k->elements = k->keyed = false;
	for (xmlNodePtr c = p->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			k->elements = true;
		else if ((c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) ||
			 (blank(c->content) && !spacer(p, c)))
			continue;
		if (k->n == cap) {
			xmlNodePtr *v = xmalloc(2 * cap * sizeof(*v));
			const char **id = xmalloc(2 * cap * sizeof(*id));
			memcpy(v, k->v, k->n * sizeof(*v));
			memcpy(id, k->id, k->n * sizeof(*id));
			if (k->v != k->small) {
				free(k->v);
				free(k->id);
			}
			k->v = v;
			k->id = id;
			cap *= 2;
		}
		k->id[k->n] = c->type == XML_ELEMENT_NODE ? mp_id_of(c) : NULL;
		k->keyed |= k->id[k->n] != NULL;
		k->v[k->n++] = c;
	}
}

static void kids_release(struct kids *k)
{
	if (k->v != k->small) {
		free(k->v);
		free(k->id);
	}
}

/* Text of an element without element children (borrowed when it is one
 * text node, else built in sb); "" for none (a Reference without its ID). */
static const char *leaf_text(xmlNodePtr n, struct strbuf *sb)
{
	xmlNodePtr only = NULL;
	size_t count = 0;
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			only = c, count++;
	if (count == 0)
		return "";
	if (count == 1)
		return only->content ? (const char *)only->content : "";
	strbuf_reset(sb);
	for (xmlNodePtr c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			strbuf_adds(sb, (const char *)c->content);
	return strbuf_str(sb);
}

static const char *name_of(xmlNodePtr n) { return n->type == XML_ELEMENT_NODE ? (const char *)n->name : "#text"; }

/* Whether a and b (IDs ia and ib) are the same kind of child. */
static bool same_kind(xmlNodePtr a, const char *ia, xmlNodePtr b, const char *ib)
{
	if (a->type != XML_ELEMENT_NODE || b->type != XML_ELEMENT_NODE)
		return a->type == XML_ELEMENT_NODE ? false : b->type != XML_ELEMENT_NODE;
	if (strcmp((const char *)a->name, (const char *)b->name) != 0 || is_maml(a) != is_maml(b))
		return false;
	return (!ia && !ib) || (ia && ib && !strcasecmp(ia, ib));
}

/* Appends the path segment of child c of a list: Name, Name[ID] or
 * Name[k] when the name repeats. */
static void add_segment(struct strbuf *path, struct kids *k, xmlNodePtr c)
{
	if (path->len)
		strbuf_addc(path, '/');
	strbuf_adds(path, name_of(c));
	const char *id = mp_id_of(c);
	if (id) {
		strbuf_addf(path, "[%s]", id);
		return;
	}
	size_t nth = 0, same = 0;
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(name_of(k->v[i]), name_of(c)) && !k->id[i]) {
			same++;
			if (k->v[i] == c)
				nth = same;
		}
	if (same > 1)
		strbuf_addf(path, "[%zu]", nth);
}

/* The path of what is being compared (spelt only for a message: most
 * comparisons find nothing). */
static void path_of(const struct differ *d, struct strbuf *sb)
{
	struct strbuf path = STRBUF_INIT;
	strbuf_add(&path, d->path.buf ? d->path.buf : "", d->path.len);
	for (size_t i = 0; i < d->nseg; i++)
		add_segment(&path, d->seg[i].k, d->seg[i].c);
	strbuf_add(sb, strbuf_str(&path), path.len);
	strbuf_release(&path);
}

static void push_segment(struct differ *d, struct kids *k, xmlNodePtr c)
{
	if (d->nseg == ARRAY_SIZE(d->seg))
		BUG("nesting deeper than the XML parser allows");
	d->seg[d->nseg++] = (struct seg){ k, c };
}

static void compare_node(struct differ *d, xmlNodePtr o, xmlNodePtr n, int depth);

/* Child c of list k was added (c in NEW; other: the parent in OLD) or
 * removed (c in OLD; other: the parent in NEW). */
static void child_change(struct differ *d, bool added, xmlNodePtr other, struct kids *k, xmlNodePtr c)
{
	push_segment(d, k, c);
	struct strbuf sb = STRBUF_INIT;
	add_where(d, &sb);
	strbuf_adds(&sb, added ? " added" : " removed");
	if (c->type != XML_ELEMENT_NODE) {
		strbuf_adds(&sb, added ? " (" : " (was ");
		add_shown(&sb, (const char *)c->content, 0);
		strbuf_addc(&sb, ')');
	}
	struct loc at = mp_loc(d->new, added ? c : other), was = mp_loc(d->old, added ? other : c);
	report(d, d->id, at, was, true, &sb);
	strbuf_release(&sb);
	d->nseg--;
}

static void compare_child(struct differ *d, struct kids *kn, xmlNodePtr o, xmlNodePtr n, int depth)
{
	push_segment(d, kn, n);
	compare_node(d, o, n, depth + 1);
	d->nseg--;
}

/* Children with an ID: matched by name and ID, in any order. */
static void compare_keyed(struct differ *d, xmlNodePtr op, xmlNodePtr np, struct kids *ko, struct kids *kn,
			  bool *used, int depth)
{
	for (size_t i = 0; i < kn->n; i++) {
		xmlNodePtr n = kn->v[i];
		if (!kn->id[i])
			continue;
		size_t j = 0;
		while (j < ko->n && (used[j] || !ko->id[j] || !same_kind(ko->v[j], ko->id[j], n, kn->id[i])))
			j++;
		if (j == ko->n) {
			child_change(d, true, op, kn, n);
			continue;
		}
		used[j] = true;
		compare_child(d, kn, ko->v[j], n, depth);
	}
	for (size_t j = 0; j < ko->n; j++)
		if (ko->id[j] && !used[j])
			child_change(d, false, np, ko, ko->v[j]);
}

/* The other children in order: a longest common subsequence of kinds
 * pairs them; the rest were added or removed. */
static void compare_ordered(struct differ *d, xmlNodePtr op, xmlNodePtr np, struct kids *ko, struct kids *kn,
			    int depth)
{
	xmlNodePtr sa[16], sb[16];
	xmlNodePtr *a = ko->n < 16 ? sa : xcalloc(ko->n + 1, sizeof(*a));
	xmlNodePtr *b = kn->n < 16 ? sb : xcalloc(kn->n + 1, sizeof(*b));
	size_t m = 0, n = 0;
	for (size_t i = 0; i < ko->n; i++)
		if (!ko->id[i])
			a[m++] = ko->v[i];
	for (size_t i = 0; i < kn->n; i++)
		if (!kn->id[i])
			b[n++] = kn->v[i];
	size_t i = 0, j = 0;
	while (i < m && j < n && same_kind(a[i], NULL, b[j], NULL))
		compare_child(d, kn, a[i++], b[j++], depth);
	size_t em = m, en = n; /* common suffix */
	while (em > i && en > j && same_kind(a[em - 1], NULL, b[en - 1], NULL))
		em--, en--;
	size_t rm = em - i, rn = en - j;
	if (rm && rn && rm * rn <= LCS_MAX) {
		uint32_t *t = xcalloc((rm + 1) * (rn + 1), sizeof(*t));
#define T(x, y) t[(x) * (rn + 1) + (y)]
		for (size_t x = rm; x-- > 0;)
			for (size_t y = rn; y-- > 0;)
				T(x, y) = same_kind(a[i + x], NULL, b[j + y], NULL) ? T(x + 1, y + 1) + 1
										    : MAX(T(x + 1, y), T(x, y + 1));
		size_t x = 0, y = 0;
		while (x < rm || y < rn) {
			if (x < rm && y < rn && same_kind(a[i + x], NULL, b[j + y], NULL)) {
				compare_child(d, kn, a[i + x++], b[j + y++], depth);
			} else if (y < rn && (x == rm || T(x, y + 1) >= T(x + 1, y))) {
				child_change(d, true, op, kn, b[j + y++]);
			} else {
				child_change(d, false, np, ko, a[i + x++]);
			}
		}
#undef T
		free(t);
	} else {
		for (size_t x = 0; x < rm; x++)
			child_change(d, false, np, ko, a[i + x]);
		for (size_t y = 0; y < rn; y++)
			child_change(d, true, op, kn, b[j + y]);
	}
	for (; em < m; em++, en++)
		compare_child(d, kn, a[em], b[en], depth);
	if (a != sa)
		free(a);
	if (b != sb)
		free(b);
}

/* Whether text t (or text directly in element t) has significant
 * siblings before (left) or after it: inline MAML keeps a space there. */
static bool inline_sibling(xmlNodePtr t, bool left)
{
	for (xmlNodePtr s = left ? t->prev : t->next; s; s = left ? s->prev : s->next)
		if (s->type == XML_ELEMENT_NODE || ((s->type == XML_TEXT_NODE || s->type == XML_CDATA_SECTION_NODE) &&
						    !blank(s->content)))
			return true;
	return false;
}

/* White space rule (enum ws) for text node or text-only element n. */
static unsigned ws_rule(xmlNodePtr n)
{
	static const char *const tokens[] = { "Category", "ID", "Version", "PublicKeyToken" };
	xmlNodePtr el = n->type == XML_ELEMENT_NODE ? n : n->parent;
	if (is_maml(el) && n->type != XML_ELEMENT_NODE)
		return WS_COLLAPSE | (inline_sibling(n, true) ? WS_KEEP_LEFT : 0) |
		       (inline_sibling(n, false) ? WS_KEEP_RIGHT : 0);
	if (is_maml(el))
		return WS_COLLAPSE;
	for (size_t i = 0; i < ARRAY_SIZE(tokens); i++)
		if (!strcmp((const char *)el->name, tokens[i]))
			return WS_COLLAPSE;
	return WS_EXACT;
}

static void compare_text(struct differ *d, xmlNodePtr o, xmlNodePtr n, const char *to, const char *tn)
{
	if (!d->aliases_differ && !strcmp(to, tn)) /* the same under any white space rule */
		return;
	unsigned ws = ws_rule(n);
	if (ws_rule(o) != ws)
		ws = WS_COLLAPSE | WS_KEEP_LEFT | WS_KEEP_RIGHT;
	if (same_value(d, to, tn, ws))
		return;
	struct strbuf sb = STRBUF_INIT, so = STRBUF_INIT, sn = STRBUF_INIT;
	if (ws != WS_EXACT) { /* show what was compared */
		to = collapse(to, ws, &so);
		tn = collapse(tn, ws, &sn);
	}
	add_where(d, &sb);
	strbuf_adds(&sb, has_path(d) ? " " : ": text ");
	add_change(&sb, tn, to);
	report(d, d->id, mp_loc(d->new, n), mp_loc(d->old, o), true, &sb);
	strbuf_release(&sb);
	strbuf_release(&so);
	strbuf_release(&sn);
}

static void compare_node(struct differ *d, xmlNodePtr o, xmlNodePtr n, int depth)
{
	if (n->type != XML_ELEMENT_NODE) {
		compare_text(d, o, n, (const char *)o->content, (const char *)n->content);
		return;
	}
	compare_attrs(d, o, n);
	struct kids ko, kn;
	kids_of(o, &ko);
	kids_of(n, &kn);
	if (depth > DEPTH_MAX) {
		BUG("nesting deeper than the XML parser allows");
	} else if (!ko.elements && !kn.elements) {
		struct strbuf bo = STRBUF_INIT, bn = STRBUF_INIT;
		compare_text(d, o, n, leaf_text(o, &bo), leaf_text(n, &bn));
		strbuf_release(&bo);
		strbuf_release(&bn);
	} else {
		compare_ordered(d, o, n, &ko, &kn, depth);
		if (ko.keyed || kn.keyed) {
			bool *used = xcalloc(ko.n + 1, sizeof(*used));
			compare_keyed(d, o, n, &ko, &kn, used, depth);
			free(used);
		}
	}
	kids_release(&ko);
	kids_release(&kn);
}

/* Compares two subtrees as the content of `label` (at path, "" for the
 * subtree itself); differences get id. */
static void compare_at(struct differ *d, const char *label, const char *id, const char *path, xmlNodePtr o,
		       xmlNodePtr n)
{
	d->label = label;
	d->id = id;
	strbuf_reset(&d->path);
	strbuf_adds(&d->path, path);
	compare_node(d, o, n, 0);
}

static void compare_as(struct differ *d, const char *label, const char *id, xmlNodePtr o, xmlNodePtr n)
{
	compare_at(d, label, id, "", o, n);
}

/* ---- keyed sets ---- */

/* Nodes of one pack, in document order, each with a key. A key given
 * more than once (an invalid pack: duplicate IDs, a library referenced
 * twice) chains its nodes in document order through next, so that the
 * k-th of a key in one pack is compared with the k-th in the other, and
 * a pack never differs from itself. */
struct keyed {
	xmlNodePtr *v;
	char **key;
	bool *matched;
	size_t *next; /* position + 1 of the next node with the same key, or 0 */
	size_t n, cap;
	xmlHashTablePtr index; /* key -> position + 1 of the first one not yet matched */
	xmlHashTablePtr tail;  /* repeated key -> position + 1 of its last node */
};

static void keyed_add(struct keyed *k, xmlNodePtr node, char *key)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 64;
		k->v = xrealloc(k->v, k->cap * sizeof(*k->v));
		k->key = xrealloc(k->key, k->cap * sizeof(*k->key));
		k->next = xrealloc(k->next, k->cap * sizeof(*k->next));
	}
	if (!k->index)
		k->index = xmlHashCreate(256);
	k->v[k->n] = node;
	k->key[k->n] = key;
	k->next[k->n] = 0;
	void *pos = (void *)(uintptr_t)(k->n + 1);
	if (xmlHashAddEntry(k->index, BAD_CAST key, pos) != 0) { /* a repeat: chain it */
		if (!k->tail)
			k->tail = xmlHashCreate(16);
		size_t last = (size_t)(uintptr_t)xmlHashLookup(k->tail, BAD_CAST key);
		if (!last)
			last = (size_t)(uintptr_t)xmlHashLookup(k->index, BAD_CAST key);
		if (last) {
			k->next[last - 1] = k->n + 1;
			xmlHashUpdateEntry(k->tail, BAD_CAST key, pos, NULL);
		}
	}
	k->n++;
}

static void keyed_release(struct keyed *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->key[i]);
	free(k->key);
	free(k->v);
	free(k->matched);
	free(k->next);
	xmlHashFree(k->index, NULL);
	xmlHashFree(k->tail, NULL);
}

/* How a kind of item is told: its label ("Rule 'X'"), the IDs of an
 * added and a removed one (NULL: string_id()), whether it is located at
 * its ID attribute, and how two of the same key are compared. */
struct keyed_ops {
	void (*label)(xmlNodePtr n, struct strbuf *sb);
	const char *added_id, *removed_id;
	bool at_id;
	void (*changed)(struct differ *d, xmlNodePtr o, xmlNodePtr n);
};

static const char *string_id(xmlNodePtr n);

/* Item x was added (x in NEW) or removed (x in OLD) as a whole. */
static void whole(struct differ *d, const struct keyed_ops *ops, xmlNodePtr x, bool added)
{
	struct strbuf sb = STRBUF_INIT;
	ops->label(x, &sb);
	strbuf_adds(&sb, added ? " added" : " removed");
	struct mp_file *mp = added ? d->new : d->old;
	struct loc at = ops->at_id ? mp_attr_loc(mp, x, "ID") : mp_loc(mp, x);
	const char *id = added ? ops->added_id : ops->removed_id;
	report(d, id ? id : string_id(x), at, LOC_NONE, added, &sb);
	strbuf_release(&sb);
}

static void keyed_compare(struct differ *d, struct keyed *ko, struct keyed *kn, const struct keyed_ops *ops)
{
	ko->matched = xcalloc(ko->n + 1, sizeof(*ko->matched));
	for (size_t i = 0; i < kn->n; i++) {
		size_t at = ko->index ? (size_t)(uintptr_t)xmlHashLookup(ko->index, BAD_CAST kn->key[i]) : 0;
		if (!at || ko->matched[at - 1]) { /* none, or all of this key matched already */
			whole(d, ops, kn->v[i], true);
			continue;
		}
		ko->matched[at - 1] = true;
		if (ko->next[at - 1]) /* the next repeat is the next to match */
			xmlHashUpdateEntry(ko->index, BAD_CAST kn->key[i], (void *)(uintptr_t)ko->next[at - 1], NULL);
		ops->changed(d, ko->v[at - 1], kn->v[i]);
	}
	for (size_t j = 0; j < ko->n; j++)
		if (!ko->matched[j])
			whole(d, ops, ko->v[j], false);
}

/* ---- elements ---- */

/* "Rule 'ID'" in sb. */
static const char *element_label(xmlNodePtr n, struct strbuf *sb)
{
	strbuf_reset(sb);
	strbuf_addf(sb, "%s '%s'", (const char *)n->name, mp_id_of(n));
	return strbuf_str(sb);
}

static void element_what(xmlNodePtr n, struct strbuf *sb) { element_label(n, sb); }

static void element_changed(struct differ *d, xmlNodePtr o, xmlNodePtr n)
{
	struct strbuf sb = STRBUF_INIT, label = STRBUF_INIT;
	if (strcmp((const char *)o->name, (const char *)n->name) != 0) {
		strbuf_addf(&sb, "'%s' changed from %s to %s", mp_id_of(n), (const char *)o->name, (const char *)n->name);
		report(d, "W632", mp_loc(d->new, n), mp_loc(d->old, o), true, &sb);
	} else {
		compare_as(d, element_label(n, &label), "W634", o, n);
	}
	strbuf_release(&sb);
	strbuf_release(&label);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* An item of a section that is not an element (no ID: FolderItem,
 * ImageReference, ...): its path, attributes (sorted) and text. */
static char *loose_key(struct differ *d, struct mp_file *mp, xmlNodePtr n)
{
	struct strbuf sb = STRBUF_INIT, t = STRBUF_INIT;
	for (xmlNodePtr p = n; p && p != mp->root; p = p->parent)
		strbuf_addf(&sb, "%s<", (const char *)p->name);
	size_t count = 0;
	for (xmlAttrPtr a = n->properties; a; a = a->next)
		count++;
	const char **pairs = xcalloc(count + 1, sizeof(*pairs));
	char **owned = xcalloc(count + 1, sizeof(*owned));
	count = 0;
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		strbuf_reset(&t);
		strbuf_addf(&t, "%s=", (const char *)a->name);
		if (d->aliases_differ) {
			struct strbuf r = STRBUF_INIT;
			strbuf_adds(&t, resolve_aliases(mp, attr_value(a), &r));
			strbuf_release(&r);
		} else {
			strbuf_adds(&t, attr_value(a));
		}
		owned[count] = strbuf_detach(&t, NULL);
		pairs[count] = owned[count];
		count++;
	}
	qsort(pairs, count, sizeof(*pairs), cmp_str);
	for (size_t i = 0; i < count; i++)
		strbuf_addf(&sb, " %s", pairs[i]);
	strbuf_addf(&sb, " >%s", leaf_text(n, &t));
	for (size_t i = 0; i < count; i++)
		free(owned[i]);
	free(owned);
	free(pairs);
	strbuf_release(&t);
	return strbuf_detach(&sb, NULL);
}

/* Walks the sections of a pack: elements by ID, loose items by content. */
static void collect(struct differ *d, struct mp_file *mp, xmlNodePtr from, struct keyed *el, struct keyed *loose)
{
	struct strbuf t = STRBUF_INIT;
	for (xmlNodePtr c = from->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		if (from == mp->root && (!strcmp(name, "Manifest") || !strcmp(name, "LanguagePacks")))
			continue;
		if (mp_is_element(c)) {
			keyed_add(el, c, mp_fold(mp_id_of(c)));
		} else {
			bool sub = false;
			for (xmlNodePtr g = c->children; g && !sub; g = g->next)
				sub = g->type == XML_ELEMENT_NODE;
			if (sub && !mp_id_of(c))
				collect(d, mp, c, el, loose);
			else if (sub || c->properties || !blank(BAD_CAST leaf_text(c, &t)))
				keyed_add(loose, c, loose_key(d, mp, c));
		}
	}
	strbuf_release(&t);
}

static void loose_what(xmlNodePtr n, struct strbuf *sb) { strbuf_adds(sb, (const char *)n->name); }

static void loose_same(struct differ *d, xmlNodePtr o, xmlNodePtr n) { (void)d, (void)o, (void)n; }

static void compare_elements(struct differ *d)
{
	struct keyed eo = { 0 }, en = { 0 }, lo = { 0 }, ln = { 0 };
	collect(d, d->old, d->old->root, &eo, &lo);
	collect(d, d->new, d->new->root, &en, &ln);
	static const struct keyed_ops elements = { element_what, "W630", "W631", true, element_changed };
	static const struct keyed_ops loose = { loose_what, "W630", "W631", false, loose_same };
	keyed_compare(d, &eo, &en, &elements);
	keyed_compare(d, &lo, &ln, &loose);
	keyed_release(&eo);
	keyed_release(&en);
	keyed_release(&lo);
	keyed_release(&ln);
}

/* ---- manifest ---- */

static void compare_part(struct differ *d, const char *label, const char *path)
{
	xmlNodePtr o = mp_path(d->old->root, path), n = mp_path(d->new->root, path);
	struct strbuf sb = STRBUF_INIT;
	if (o && n) {
		compare_at(d, label, "W638", has_elements(n) ? "" : (const char *)n->name, o, n);
	} else if (o || n) {
		strbuf_addf(&sb, "%s: %s %s", label, path, n ? "added" : "removed");
		report(d, "W638", n ? mp_loc(d->new, n) : mp_loc(d->new, d->new->root),
		       o ? mp_loc(d->old, o) : mp_loc(d->old, d->old->root), true, &sb);
	}
	strbuf_release(&sb);
}

static void collect_refs(struct mp_file *mp, struct keyed *k)
{
	for (size_t i = 0; i < mp->nrefs; i++)
		keyed_add(k, mp->refs[i].node, mp_fold(mp->refs[i].id));
}

static void ref_what(xmlNodePtr n, struct strbuf *sb)
{
	struct strbuf id = STRBUF_INIT;
	strbuf_addf(sb, "reference to '%s'", leaf_text(mp_path(n, "ID"), &id));
	strbuf_release(&id);
}

static void ref_changed(struct differ *d, xmlNodePtr o, xmlNodePtr n)
{
	struct strbuf label = STRBUF_INIT, id = STRBUF_INIT;
	strbuf_addf(&label, "reference to '%s'", leaf_text(mp_path(n, "ID"), &id));
	compare_as(d, strbuf_str(&label), "W637", o, n);
	strbuf_release(&label);
	strbuf_release(&id);
}

static void compare_manifest(struct differ *d)
{
	d->label = "management pack";
	d->id = "W638";
	strbuf_reset(&d->path);
	compare_attrs(d, d->old->root, d->new->root);
	compare_part(d, "manifest", "Manifest/Identity");
	compare_part(d, "manifest", "Manifest/Name");
	struct keyed ro = { 0 }, rn = { 0 };
	collect_refs(d->old, &ro);
	collect_refs(d->new, &rn);
	static const struct keyed_ops refs = { ref_what, "W637", "W637", false, ref_changed };
	keyed_compare(d, &ro, &rn, &refs);
	keyed_release(&ro);
	keyed_release(&rn);
}

/* ---- language packs ---- */

/* "display string of 'X' (ENU)", "knowledge article of 'X/Sub' (DEU)". */
static const char *string_label(xmlNodePtr n, struct strbuf *sb)
{
	const char *el = attr_or(n, "ElementID"), *sub = attr_or(n, "SubElementID");
	const char *lang = n->parent && n->parent->parent ? attr_or(n->parent->parent, "ID") : "";
	strbuf_reset(sb);
	strbuf_addf(sb, "%s of '%s%s%s' (%s)", strcmp((const char *)n->name, "DisplayString") ? "knowledge article" : "display string", el, *sub ? "/" : "", sub, lang);
	return strbuf_str(sb);
}

static const char *string_id(xmlNodePtr n)
{
	return strcmp((const char *)n->name, "DisplayString") ? "W636" : "W635";
}

static void string_what(xmlNodePtr n, struct strbuf *sb) { string_label(n, sb); }

static void string_changed(struct differ *d, xmlNodePtr o, xmlNodePtr n)
{
	struct strbuf label = STRBUF_INIT;
	compare_as(d, string_label(n, &label), string_id(n), o, n);
	strbuf_release(&label);
}

/* The display strings or knowledge articles of a language pack, keyed
 * by element (aliases resolved, any case) and sub-element. */
static void collect_strings(struct differ *d, struct mp_file *mp, xmlNodePtr lp, const char *list,
			    struct keyed *k)
{
	struct strbuf r = STRBUF_INIT, key = STRBUF_INIT;
	xmlNodePtr items = mp_path(lp, list);
	for (xmlNodePtr c = items ? items->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *el = attr_or(c, "ElementID");
		if (d->aliases_differ)
			el = resolve_aliases(mp, el, &r);
		strbuf_reset(&key);
		strbuf_addf(&key, "%s\x1f%s", el, attr_or(c, "SubElementID"));
		keyed_add(k, c, mp_fold(strbuf_str(&key)));
	}
	strbuf_release(&r);
	strbuf_release(&key);
}

static void compare_strings(struct differ *d, xmlNodePtr o, xmlNodePtr n, const char *list)
{
	struct keyed so = { 0 }, sn = { 0 };
	collect_strings(d, d->old, o, list, &so);
	collect_strings(d, d->new, n, list, &sn);
	static const struct keyed_ops strings = { string_what, NULL, NULL, false, string_changed };
	keyed_compare(d, &so, &sn, &strings);
	keyed_release(&so);
	keyed_release(&sn);
}

static void lp_what(xmlNodePtr n, struct strbuf *sb) { strbuf_addf(sb, "language pack '%s'", attr_or(n, "ID")); }

static void lp_changed(struct differ *d, xmlNodePtr o, xmlNodePtr n)
{
	struct strbuf label = STRBUF_INIT;
	strbuf_addf(&label, "language pack '%s'", attr_or(n, "ID"));
	d->label = strbuf_str(&label);
	d->id = "W639";
	strbuf_reset(&d->path);
	compare_attrs(d, o, n);
	strbuf_release(&label);
	compare_strings(d, o, n, "DisplayStrings");
	compare_strings(d, o, n, "KnowledgeArticles");
}

static void collect_lps(struct mp_file *mp, struct keyed *k)
{
	xmlNodePtr lps = mp_path(mp->root, "LanguagePacks");
	for (xmlNodePtr c = lps ? lps->children : NULL; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			keyed_add(k, c, mp_fold(attr_or(c, "ID")));
}

static void compare_language_packs(struct differ *d)
{
	struct keyed lo = { 0 }, ln = { 0 };
	collect_lps(d->old, &lo);
	collect_lps(d->new, &ln);
	static const struct keyed_ops lps = { lp_what, "W639", "W639", false, lp_changed };
	keyed_compare(d, &lo, &ln, &lps);
	keyed_release(&lo);
	keyed_release(&ln);
}

/* ---- entry ---- */

static bool aliases_differ(struct mp_file *a, struct mp_file *b)
{
	if (a->nrefs != b->nrefs)
		return true;
	for (size_t i = 0; i < a->nrefs; i++) {
		struct mp_ref *r = mp_ref_by_alias(b, a->refs[i].alias, strlen(a->refs[i].alias));
		if (!r || strcasecmp(r->id, a->refs[i].id) != 0)
			return true;
	}
	return false;
}

size_t diff_packs(struct mp_file *old, struct mp_file *new, struct diag_sink *sink)
{
	struct differ d = { .old = old, .new = new, .sink = sink };
	strbuf_init(&d.path);
	d.aliases_differ = aliases_differ(old, new);
	compare_manifest(&d);
	compare_elements(&d);
	compare_language_packs(&d);
	strbuf_release(&d.path);
	return d.ndiffs;
}

size_t diff_nodes(struct mp_file *old, xmlNodePtr o, struct mp_file *new, xmlNodePtr n, struct diag_sink *sink)
{
	struct differ d = { .old = old, .new = new, .sink = sink };
	strbuf_init(&d.path);
	d.aliases_differ = aliases_differ(old, new);
	if (!o || !n)
		d.ndiffs = o != n;
	else if (!strcmp((const char *)o->name, "DisplayString") || !strcmp((const char *)o->name, "KnowledgeArticle"))
		string_changed(&d, o, n);
	else
		element_changed(&d, o, n);
	strbuf_release(&d.path);
	return d.ndiffs;
}

/* ---- command ---- */

const char diff_usage[] =
	"Usage: scomc diff [OPTION]... OLD NEW\n"
	"Compare two management packs (XML in UTF-8 or UTF-16, or sealed .mp)\n"
	"element by element by ID: added, removed and changed elements,\n"
	"attributes and configuration, references, display strings and\n"
	"knowledge articles per language. Order without meaning, comments,\n"
	"white space between elements and schema defaults are no differences\n"
	"(docs/diff.md). Each difference is a warning W630-W639.\n"
	"\n"
	"      --upgrade            also report what keeps NEW from upgrading a\n"
	"                           sealed OLD (as verify --baseline: E615, E616)\n"
	"      --diagnostics-format=FORMAT  text (default), json or sarif\n"
	"      --diagnostics-output=FILE    write the differences to FILE\n"
	"      --no-caret           do not show source lines\n"
	"  -q, --quiet              report nothing; only the exit status tells\n"
	"  -h, --help               show this help and exit\n"
	"\n"
	"Exit status: 0 the packs are the same, 1 they differ (or one cannot be\n"
	"read as a management pack), 2 usage error, 3 I/O error.\n";

int diff_main(struct cli *c)
{
	if (c->nfiles != 2)
		return cli_usage(c, "needs two packs, OLD and NEW", NULL);
	alloc_tune();
	struct diag_sink sink;
	cli_sink_init(c, &sink);
	struct mp_files kept = { NULL, 0 };
	struct mp_file *old = mp_files_add(&kept), *new = mp_files_add(&kept);
	/* white space between elements is no difference: not built */
	bool ok = mp_open_lean(old, c->files[0], &sink) == 0;
	ok = !sink.env_error && mp_open_lean(new, c->files[1], &sink) == 0 && ok;
	size_t diffs = 0;
	if (ok) {
		diffs = diff_packs(old, new, &sink);
		if (c->arg[CLI_UPGRADE])
			verify_upgrade(old, new, &sink);
	}
	int code = cli_finish(c, &sink, NULL, false);
	diag_sink_release(&sink);
	mp_files_release(&kept);
	return code == EXIT_OK && diffs ? EXIT_INPUT : code;
}
