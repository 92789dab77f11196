/*
 * maml.c - knowledge articles: MAML (the console's article format) to the
 * Markdown subset of docs/language.md, for `scomc decompile`, and a
 * canonical form of an article for comparing two of them.
 *
 * Paragraphs keep bold (maml:ui) and links (maml:navigationLink with a safe
 * href); lists nest up to MD_MAX_DEPTH; any other block is kept as a plain
 * paragraph of its text. Whatever cannot be written exactly is told to the
 * caller's maml_lost_fn once per kind and article, never dropped silently.
 */
#include "maml.h"

#include <ctype.h>
#include <strings.h>

#include "md.h"
#include "model.h"
#include "mpread.h"

static bool is_space(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

enum seg_kind { SEG_TEXT,
		SEG_BOLD,
		SEG_LINK };

struct seg {
	enum seg_kind kind;
	struct strbuf text;
	char *href;
};

struct segs {
	struct seg *v;
	size_t n;
	struct { /* inline elements written as plain text */
		xmlNodePtr at;
		char what[160];
	} lost[8];
	size_t nlost;
};

/* Records that the inline element at was written as text (what). */
static void seg_lost(struct segs *s, xmlNodePtr at, const char *what)
{
	for (size_t i = 0; i < s->nlost; i++)
		if (!strcmp(s->lost[i].what, what))
			return;
	if (s->nlost < ARRAY_SIZE(s->lost)) {
		s->lost[s->nlost].at = at;
		snprintf(s->lost[s->nlost++].what, sizeof(s->lost[0].what), "%s", what);
	}
}

static struct seg *seg_new(struct segs *s, enum seg_kind k)
{
	if (k == SEG_TEXT && s->n && s->v[s->n - 1].kind == SEG_TEXT)
		return &s->v[s->n - 1];
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	struct seg *g = &s->v[s->n++];
	memset(g, 0, sizeof(*g));
	g->kind = k;
	return g;
}

static void segs_release(struct segs *s)
{
	for (size_t i = 0; i < s->n; i++) {
		strbuf_release(&s->v[i].text);
		free(s->v[i].href);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

bool maml_is(xmlNodePtr n, const char *name)
{
	return model_is(n, name) && n->ns;
}

/* Same rule as the compiler's link check (check.c check_link). */
static bool href_ok(const char *h)
{
	size_t scheme = strcspn(h, ":/?#");
	bool ok;
	if (h[scheme] == ':')
		ok = (scheme == 4 && !strncasecmp(h, "http", 4)) || (scheme == 5 && !strncasecmp(h, "https", 5)) ||
		     (scheme == 6 && !strncasecmp(h, "mailto", 6));
	else
		ok = *h && strncmp(h, "//", 2) != 0;
	for (const char *s = h; ok && *s; s++)
		ok = (unsigned char)*s > ' ';
	return ok;
}

static void add_text(struct segs *s, const char *t)
{
	char *c = mp_collapse(t);
	if (*c)
		strbuf_adds(&seg_new(s, SEG_TEXT)->text, c);
	free(c);
}

static void inline_node(struct segs *s, xmlNodePtr c)
{
	if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
		add_text(s, c->content ? (const char *)c->content : "");
		return;
	}
	if (c->type != XML_ELEMENT_NODE)
		return;
	char *t = mp_text(c);
	if (maml_is(c, "ui")) {
		char *cc = mp_collapse(t);
		strbuf_adds(&seg_new(s, SEG_BOLD)->text, cc);
		free(cc);
	} else if (maml_is(c, "navigationLink")) {
		xmlNodePtr uri = mp_path(c, "uri");
		const char *href = model_attr(uri, "href");
		char *lt = mp_text(mp_path(c, "linkText")), *cl = mp_collapse(lt);
		if (href && href_ok(href)) {
			struct seg *g = seg_new(s, SEG_LINK);
			strbuf_adds(&g->text, cl);
			g->href = xstrdup(href);
		} else {
			char what[160];
			snprintf(what, sizeof(what), "the link to '%.120s'", href ? href : "");
			add_text(s, cl);
			seg_lost(s, c, what);
		}
		free(lt);
		free(cl);
	} else {
		char what[160];
		snprintf(what, sizeof(what), "maml:%.100s inside a paragraph", (const char *)c->name);
		add_text(s, t);
		seg_lost(s, c, what);
	}
	free(t);
}

/* Moves white space at the edges of bold and link text outside, drops
 * empty ones and trims the paragraph: the normal form both the writer and
 * the comparison use. */
static void normalize(struct segs *s)
{
	struct segs out = { 0 };
	for (size_t i = 0; i < s->n; i++) {
		struct seg *g = &s->v[i];
		const char *t = strbuf_str(&g->text);
		size_t a = 0, e = g->text.len;
		if (g->kind == SEG_TEXT) { /* collapsed already (add_text()) */
			if (*t)
				strbuf_adds(&seg_new(&out, SEG_TEXT)->text, t);
			continue;
		}
		while (a < e && is_space((unsigned char)t[a]))
			a++;
		while (e > a && is_space((unsigned char)t[e - 1]))
			e--;
		if (a > 0)
			strbuf_addc(&seg_new(&out, SEG_TEXT)->text, ' ');
		if (e > a || g->kind == SEG_LINK) {
			struct seg *n = seg_new(&out, g->kind);
			strbuf_add(&n->text, t + a, e - a);
			n->href = g->href ? xstrdup(g->href) : NULL;
		}
		if (e < g->text.len)
			strbuf_addc(&seg_new(&out, SEG_TEXT)->text, ' ');
	}
	memcpy(out.lost, s->lost, sizeof(out.lost));
	out.nlost = s->nlost;
	segs_release(s);
	*s = out;
	/* trim the ends and double spaces made by moving white space */
	for (size_t i = 0; i < s->n; i++) {
		struct seg *g = &s->v[i];
		if (g->kind != SEG_TEXT)
			continue;
		while (i == 0 && g->text.len && g->text.buf[0] == ' ')
			memmove(g->text.buf, g->text.buf + 1, g->text.len--);
		while (i == s->n - 1 && g->text.len && g->text.buf[g->text.len - 1] == ' ')
			g->text.buf[--g->text.len] = '\0';
	}
}

static void para_segs(struct segs *s, xmlNodePtr para)
{
	memset(s, 0, sizeof(*s));
	for (xmlNodePtr c = para->children; c; c = c->next)
		inline_node(s, c);
	normalize(s);
}

/* A paragraph on one line, with the offsets where it may be wrapped (at
 * most BREAKS_MAX; the array grows as needed: most lines have a few). */
enum { BREAKS_MAX = 4096 };
struct line {
	struct strbuf sb;
	size_t *breaks;
	size_t nbreaks, cap;
};

static void line_release(struct line *l)
{
	strbuf_release(&l->sb);
	free(l->breaks);
}

static bool md_punct(int c) { return c < 0x80 && ispunct(c); }

static bool entity_like(const char *s)
{
	const char *p = s + 1;
	if (*p == '#')
		p++;
	const char *q = p;
	while (isalnum((unsigned char)*q))
		q++;
	return q > p && *q == ';';
}

static bool needs_escape(const char *t, size_t i, int prev, bool start)
{
	char c = t[i], next = t[i + 1];
	if (strchr("\\`*[]<", c))
		return true;
	if (c == '_')
		return !(isalnum(prev) && isalnum((unsigned char)next));
	if (c == '&')
		return entity_like(t + i);
	if (start && i == 0 && strchr("#>-+=~|\"", c))
		return true;
	if (start && (c == '.' || c == ')') && i > 0 && i <= 9 && strspn(t, "0123456789") == i)
		return true;
	return false;
}

/* Escaped text; breaks at single spaces before an ASCII letter. */
static void put_text(struct line *l, const char *t, bool start, bool breakable)
{
	for (size_t i = 0; t[i]; i++) {
		size_t run = 0; /* letters and digits: never escaped, never a break */
		while (isalnum((unsigned char)t[i + run]))
			run++;
		if (run) {
			strbuf_add(&l->sb, t + i, run);
			i += run - 1;
			continue;
		}
		int prev = i ? (unsigned char)t[i - 1] : l->sb.len ? (unsigned char)l->sb.buf[l->sb.len - 1]
								   : 0;
		if (breakable && t[i] == ' ' && prev != ' ' && isalpha((unsigned char)t[i + 1]) &&
		    l->nbreaks < BREAKS_MAX) {
			if (l->nbreaks == l->cap) {
				l->cap = l->cap ? 2 * l->cap : 32;
				l->breaks = xrealloc(l->breaks, l->cap * sizeof(*l->breaks));
			}
			l->breaks[l->nbreaks++] = l->sb.len;
		}
		if (t[i] != ' ' && needs_escape(t, i, prev, start))
			strbuf_addc(&l->sb, '\\');
		strbuf_addc(&l->sb, t[i]);
	}
}

static void put_href(struct line *l, const char *h)
{
	bool angle = strpbrk(h, " ()<>") != NULL;
	strbuf_adds(&l->sb, angle ? "(<" : "(");
	for (const char *p = h; *p; p++) {
		if (*p == '\\' || (*p == '&' && entity_like(p)) || (angle ? *p == '<' || *p == '>' : 0))
			strbuf_addc(&l->sb, '\\');
		strbuf_addc(&l->sb, *p);
	}
	strbuf_adds(&l->sb, angle ? ">)" : ")");
}

static int seg_first(const struct segs *s, size_t i)
{
	if (i >= s->n)
		return ' ';
	if (s->v[i].kind == SEG_BOLD)
		return '*';
	if (s->v[i].kind == SEG_LINK)
		return '[';
	return s->v[i].text.len ? (unsigned char)s->v[i].text.buf[0] : ' ';
}

/* Can **t** be written between prev and next (CommonMark flanking)? */
static bool bold_ok(const char *t, int prev, int next)
{
	size_t n = strlen(t);
	if (!n)
		return false;
	int f = strchr("\\`*[]<_&", t[0]) ? '\\' : (unsigned char)t[0];
	int last = (unsigned char)t[n - 1];
	bool open = !is_space(f) && (!md_punct(f) || !prev || is_space(prev) || md_punct(prev));
	bool close = !is_space(last) && (!md_punct(last) || is_space(next) || md_punct(next));
	return open && close;
}

/* Writes the paragraph's segments; *lost when bold had to be dropped. */
static void put_segs(struct line *l, const struct segs *s, bool *lost)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct seg *g = &s->v[i];
		const char *t = strbuf_str(&g->text);
		bool start = l->sb.len == 0;
		int prev = l->sb.len ? (unsigned char)l->sb.buf[l->sb.len - 1] : 0;
		if (g->kind == SEG_TEXT) {
			put_text(l, t, start, true);
		} else if (g->kind == SEG_BOLD && bold_ok(t, prev, seg_first(s, i + 1))) {
			strbuf_adds(&l->sb, "**");
			put_text(l, t, false, true);
			strbuf_adds(&l->sb, "**");
		} else if (g->kind == SEG_BOLD) {
			put_text(l, t, start, true);
			*lost = true;
		} else {
			strbuf_addc(&l->sb, '[');
			put_text(l, t, false, false);
			strbuf_addc(&l->sb, ']');
			put_href(l, g->href);
		}
	}
}

/* Appends the line wrapped near 80 columns. The first line starts with
 * `first` (the list markers, as wide as indent) or indent spaces; the
 * others with indent spaces. */
static void emit_line(struct strbuf *out, struct line *l, size_t indent, const char *first)
{
	if (first)
		strbuf_adds(out, first);
	else
		strbuf_addf(out, "%*s", (int)indent, "");
	if (!l->sb.len) { /* an empty list item: the marker alone */
		while (out->len && out->buf[out->len - 1] == ' ')
			out->buf[--out->len] = '\0';
		strbuf_addc(out, '\n');
		return;
	}
	size_t from = 0, last = 0;
	for (size_t b = 0; b <= l->nbreaks; b++) {
		size_t at = b < l->nbreaks ? l->breaks[b] : l->sb.len;
		if (at - from + indent > 72 && last > from) {
			strbuf_add(out, l->sb.buf + from, last - from);
			strbuf_addf(out, "\n%*s", (int)indent, "");
			from = last + 1;
		}
		last = at;
	}
	strbuf_add(out, l->sb.buf + from, l->sb.len - from);
	strbuf_addc(out, '\n');
}

void maml_md_init(struct maml_md *m, maml_lost_fn *lost, void *ctx)
{
	memset(m, 0, sizeof(*m));
	m->lost_fn = lost;
	m->ctx = ctx;
	m->told = xmlHashCreate(8);
}

void maml_md_release(struct maml_md *m)
{
	xmlHashFree(m->told, NULL);
	m->told = NULL;
}

void maml_md_lost(struct maml_md *m, xmlNodePtr at, const char *what, const char *how)
{
	m->lost = true;
	if (xmlHashAddEntry(m->told, BAD_CAST what, at) == 0)
		m->lost_fn(m->ctx, at, what, how);
}

static void md_segs_line(struct maml_md *m, xmlNodePtr at, struct segs *s, size_t indent, const char *first)
{
	struct line l = { STRBUF_INIT, NULL, 0, 0 };
	bool lost = false;
	put_segs(&l, s, &lost);
	if (lost)
		maml_md_lost(m, at, "bold text next to punctuation", "it is kept as plain text");
	if (l.sb.len || first)
		emit_line(m->out, &l, indent, first);
	else
		maml_md_lost(m, at, "an empty paragraph", "it is left out");
	line_release(&l);
}

static void md_para(struct maml_md *m, xmlNodePtr p, size_t indent, const char *first)
{
	struct segs s;
	para_segs(&s, p);
	for (size_t i = 0; i < s.nlost; i++)
		maml_md_lost(m, s.lost[i].at, s.lost[i].what, "its text is kept");
	md_segs_line(m, p, &s, indent, first);
	segs_release(&s);
}

static void spaced_into(xmlNodePtr n, struct strbuf *sb, int depth)
{
	for (xmlNodePtr c = n->children; c && depth < 64; c = c->next) {
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			strbuf_adds(sb, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE) {
			bool block = !maml_is(c, "ui") && !maml_is(c, "linkText") && !maml_is(c, "uri");
			spaced_into(c, sb, depth + 1);
			if (block)
				strbuf_addc(sb, ' ');
		}
	}
}

/* Text of a block element, its parts separated by one space. */
static char *spaced_text(xmlNodePtr n)
{
	struct strbuf sb = STRBUF_INIT, out = STRBUF_INIT;
	spaced_into(n, &sb, 0);
	for (const char *p = strbuf_str(&sb); *p; p++)
		if (!is_space((unsigned char)*p) || (out.len && out.buf[out.len - 1] != ' '))
			strbuf_addc(&out, is_space((unsigned char)*p) ? ' ' : *p);
	while (out.len && out.buf[out.len - 1] == ' ')
		out.buf[--out.len] = '\0';
	strbuf_release(&sb);
	return out.buf ? strbuf_detach(&out, NULL) : xstrdup("");
}

/* A block .alert has no form for: its text, as one paragraph. */
static void md_flatten(struct maml_md *m, xmlNodePtr b, size_t indent, const char *first)
{
	char what[128];
	snprintf(what, sizeof(what), "%s%s", b->ns && b->ns->prefix ? "maml:" : "", (const char *)b->name);
	maml_md_lost(m, b, what, "its text is kept as a paragraph");
	struct segs s = { 0 };
	char *t = spaced_text(b);
	add_text(&s, t);
	free(t);
	normalize(&s);
	if (s.n || first)
		md_segs_line(m, b, &s, indent, first);
	segs_release(&s);
}

static bool has_content(xmlNodePtr n)
{
	char *t = mp_text_trim(n);
	bool c = *t || model_child(n, NULL);
	free(t);
	return c;
}

static void md_blocks(struct maml_md *m, xmlNodePtr parent, size_t indent, const char *first, int depth);

/* alt: use '*' / ')' so the list does not merge with a list just before. */
static void md_list(struct maml_md *m, xmlNodePtr list, size_t indent, const char *first, int depth, bool alt)
{
	const char *cls = model_attr(list, "class");
	bool ordered = cls && !strcmp(cls, "ordered");
	int k = 1;
	for (xmlNodePtr it = model_child(list, NULL); it; it = model_next(it, NULL), k++) {
		char marker[32];
		if (ordered)
			snprintf(marker, sizeof(marker), "%d%c ", k, alt ? ')' : '.');
		else
			snprintf(marker, sizeof(marker), "%c ", alt ? '*' : '-');
		struct strbuf pre = STRBUF_INIT;
		if (first && k == 1)
			strbuf_adds(&pre, first);
		else
			strbuf_addf(&pre, "%*s", (int)indent, "");
		strbuf_adds(&pre, marker);
		xmlNodePtr b = model_child(it, NULL);
		if (!b || (!model_next(b, NULL) && maml_is(b, "para") && !has_content(b))) {
			pre.buf[--pre.len] = '\0';
			strbuf_addf(m->out, "%s\n", pre.buf);
		} else {
			md_blocks(m, it, indent + strlen(marker), pre.buf, depth + 1);
		}
		strbuf_release(&pre);
	}
}

static void md_blocks(struct maml_md *m, xmlNodePtr parent, size_t indent, const char *first, int depth)
{
	bool prev_list = false, prev_alt = false, any = false;
	for (xmlNodePtr b = model_child(parent, NULL); b; b = model_next(b, NULL)) {
		if (maml_is(b, "title") && maml_is(parent, "section") && b == model_child(parent, NULL))
			continue;
		if (any)
			strbuf_addc(m->out, '\n');
		const char *f = any ? NULL : first;
		any = true;
		bool list = maml_is(b, "list") && depth < MD_MAX_DEPTH;
		if (maml_is(b, "para"))
			md_para(m, b, indent, f);
		else if (list)
			md_list(m, b, indent, f, depth, prev_alt = prev_list ? !prev_alt : false);
		else
			md_flatten(m, b, indent, f);
		prev_list = list;
	}
	if (!any && first) { /* nothing to write: keep the marker */
		struct line l0 = { STRBUF_INIT, NULL, 0, 0 };
		emit_line(m->out, &l0, indent, first);
	}
}

void maml_md_section(struct maml_md *m, xmlNodePtr sec, struct strbuf *out)
{
	m->out = out;
	md_blocks(m, sec, 0, NULL, 0);
	m->out = NULL;
}

/* Canonical knowledge article: sections, titles, blocks, inline segments. */
static void canon_blocks(struct strbuf *sb, xmlNodePtr parent, int depth)
{
	for (xmlNodePtr b = model_child(parent, NULL); b && depth < 32; b = model_next(b, NULL)) {
		if (maml_is(b, "para")) {
			struct segs s;
			para_segs(&s, b);
			strbuf_adds(sb, "\n  para:");
			for (size_t i = 0; i < s.n; i++)
				strbuf_addf(sb, " %s'%s'%s%s", s.v[i].kind == SEG_BOLD ? "bold " : s.v[i].kind == SEG_LINK ? "link "
															   : "",
					    strbuf_str(&s.v[i].text), s.v[i].href ? " -> " : "", s.v[i].href ? s.v[i].href : "");
			segs_release(&s);
		} else if (maml_is(b, "list")) {
			const char *cls = model_attr(b, "class");
			strbuf_addf(sb, "\n  %s list [", cls && !strcmp(cls, "ordered") ? "ordered" : "unordered");
			for (xmlNodePtr it = model_child(b, NULL); it; it = model_next(it, NULL)) {
				strbuf_adds(sb, "\n  item [");
				canon_blocks(sb, it, depth + 1);
				strbuf_adds(sb, " ]");
			}
			strbuf_adds(sb, " ]");
		} else if (maml_is(b, "table") || maml_is(b, "row") || maml_is(b, "entry")) {
			/* by structure: the white space between cells is not text */
			strbuf_addf(sb, "\n  %s [", (const char *)b->name);
			canon_blocks(sb, b, depth + 1);
			strbuf_adds(sb, " ]");
		} else if (maml_is(b, "title") && b == model_child(parent, NULL)) {
			char *t = mp_text_flat(b);
			strbuf_addf(sb, "\n## %s", t);
			free(t);
		} else {
			char *t = mp_text_flat(b);
			strbuf_addf(sb, "\n  %s: %s", (const char *)b->name, t);
			free(t);
		}
	}
}

char *maml_canon_article(xmlNodePtr ka)
{
	if (!ka)
		return xstrdup("");
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "article");
	xmlNodePtr mc = mp_path(ka, "MamlContent");
	for (xmlNodePtr s = model_child(mc, NULL); s; s = model_next(s, NULL))
		canon_blocks(&sb, s, 0);
	if (!mc)
		strbuf_adds(&sb, "\n(not MAML)");
	return strbuf_detach(&sb, NULL);
}
