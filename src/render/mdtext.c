#include "config.h"

#include <cmark.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "mdtext.h"

#define MIN_WIDTH 2		/* a wide character fits */
#define CODE_INDENT "    "
#define CODE_FOLD "  \u21aa "	/* "  ↪ ": the rest of a code line too wide */
#define TAB_STOP 8
#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

/* Bytes with a style each: a paragraph's inlines, or a line being built. */
struct sbuf {
	char *s;
	unsigned *style;
	size_t len, cap;
};

enum frame_kind { FRAME_QUOTE, FRAME_LIST, FRAME_ITEM };

/* An open container block: what it puts before each of its lines. */
struct frame {
	enum frame_kind kind;
	bool pending;		/* an item whose marker is not shown yet */
	char marker[24];	/* an item's "• " or "12. " */
	int marker_cols;
	int next;		/* a list's next item number */
	bool ordered;
	char delim;		/* '.' or ')' */
};

struct render {
	int width;
	struct md_text *out;
	int cap;
	struct frame *stack;
	int depth, stack_cap;
	struct sbuf inl;	/* the paragraph or heading being collected */
	struct sbuf line;
	unsigned base;		/* MD_HEADING|MD_BOLD inside a heading */
	int strong, emph, quotes;
	bool need_blank;
	bool failed;
};

/* --- UTF-8 ------------------------------------------------------------------- */

/* Decodes one character of S (N > 0 bytes); its length, or 0 when S does not
 * start with a valid, shortest-form sequence. */
static int
utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	int len;
	uint32_t c, min;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	} else if ((u[0] & 0xe0) == 0xc0) {
		len = 2, c = u[0] & 0x1f, min = 0x80;
	} else if ((u[0] & 0xf0) == 0xe0) {
		len = 3, c = u[0] & 0x0f, min = 0x800;
	} else if ((u[0] & 0xf8) == 0xf0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)len > n)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

static int
cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int
md_width(const char *s, int len)
{
	int cols = 0;
	for (int i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(s + i, (size_t)(len - i), &cp);
		if (n == 0) {
			n = 1;
			cp = 0xfffd;
		}
		cols += cp_width(cp);
		i += n;
	}
	return cols;
}

/* The bytes of S's longest start no wider than COLS (characters of width 0
 * stay with the one before); its width in *USED.  S is valid UTF-8. */
static size_t
fit(const char *s, size_t len, int cols, int *used)
{
	size_t i = 0;
	int w = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		int cw = cp_width(cp);
		if (w + cw > cols)
			break;
		w += cw;
		i += (size_t)n;
	}
	*used = w;
	return i;
}

/* --- buffers ----------------------------------------------------------------- */

static bool
sbuf_reserve(struct render *r, struct sbuf *b, size_t more)
{
	if (r->failed)
		return false;
	if (b->len + more <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 128;
	while (cap < b->len + more)
		cap *= 2;
	char *s = realloc(b->s, cap);
	if (s)
		b->s = s;
	unsigned *st = s ? realloc(b->style, cap * sizeof(*st)) : NULL;
	if (!st) {
		r->failed = true;
		return false;
	}
	b->style = st;
	b->cap = cap;
	return true;
}

/* Appends bytes known to be clean UTF-8 without control characters. */
static void
sbuf_put(struct render *r, struct sbuf *b, const char *s, size_t n, unsigned style)
{
	if (n == 0 || !sbuf_reserve(r, b, n))
		return;
	memcpy(b->s + b->len, s, n);
	for (size_t i = 0; i < n; i++)
		b->style[b->len + i] = style;
	b->len += n;
}

/* Appends text from the document: a tab or newline becomes a space, another
 * control character or invalid UTF-8 becomes U+FFFD (a terminal must never
 * receive an escape from a lesson). */
static void
sbuf_put_text(struct render *r, struct sbuf *b, const char *s, size_t n, unsigned style)
{
	size_t i = 0;
	while (i < n && !r->failed) {
		size_t run = i;
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7f)
			run++;
		sbuf_put(r, b, s + i, run - i, style);
		if (run == n)
			break;
		i = run;
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			sbuf_put(r, b, REPLACEMENT, 3, style), len = 1;
		else if (cp == '\t' || cp == '\n')
			sbuf_put(r, b, " ", 1, style);
		else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
			sbuf_put(r, b, REPLACEMENT, 3, style);
		else
			sbuf_put(r, b, s + i, (size_t)len, style);
		i += (size_t)len;
	}
}

/* --- lines ------------------------------------------------------------------- */

static struct frame *
frame_push(struct render *r, enum frame_kind kind)
{
	if (r->failed)
		return NULL;
	if (r->depth == r->stack_cap) {
		int cap = r->stack_cap ? r->stack_cap * 2 : 16;
		struct frame *f = realloc(r->stack, (size_t)cap * sizeof(*f));
		if (!f) {
			r->failed = true;
			return NULL;
		}
		r->stack = f;
		r->stack_cap = cap;
	}
	struct frame *f = &r->stack[r->depth++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	return f;
}

/* Starts r->line with the prefixes of the open containers, then EXTRA; a
 * BLANK line shows no item marker yet.  The columns left for the content. */
static int
line_start(struct render *r, bool blank, const char *extra)
{
	struct sbuf *l = &r->line;
	l->len = 0;
	for (int i = 0; i < r->depth; i++) {
		struct frame *f = &r->stack[i];
		if (f->kind == FRAME_QUOTE) {
			sbuf_put(r, l, "\u2502 ", strlen("\u2502 "), MD_QUOTE);
		} else if (f->kind == FRAME_ITEM) {
			if (f->pending && !blank) {
				sbuf_put(r, l, f->marker, strlen(f->marker), 0);
				f->pending = false;
			} else {
				for (int k = 0; k < f->marker_cols; k++)
					sbuf_put(r, l, " ", 1, 0);
			}
		}
	}
	if (extra)
		sbuf_put(r, l, extra, strlen(extra), 0);
	if (r->failed)
		return 1;
	/* Half the line at least is left to the text (deep nesting on a narrow
	 * screen loses the inner prefixes, not words), and a wide character fits. */
	int content = (r->width + 1) / 2 < MIN_WIDTH ? MIN_WIDTH : (r->width + 1) / 2;
	int used;
	l->len = fit(l->s, l->len, r->width - content, &used);
	return r->width - used;
}

/* Ends r->line as a line of the output, trailing spaces dropped. */
static void
line_finish(struct render *r, bool code, const char *info)
{
	struct sbuf *l = &r->line;
	if (r->failed)
		return;
	while (l->len > 0 && l->s[l->len - 1] == ' ')
		l->len--;
	if (r->out->nlines == r->cap) {
		int cap = r->cap ? r->cap * 2 : 32;
		struct md_line *lines = realloc(r->out->lines, (size_t)cap * sizeof(*lines));
		if (!lines) {
			r->failed = true;
			return;
		}
		r->out->lines = lines;
		r->cap = cap;
	}
	struct md_line *ml = &r->out->lines[r->out->nlines];
	memset(ml, 0, sizeof(*ml));
	int nspans = 0;
	for (size_t i = 0; i < l->len; i++)
		if (l->style[i] && (i == 0 || l->style[i] != l->style[i - 1]))
			nspans++;
	ml->text = malloc(l->len + 1);
	ml->spans = nspans ? malloc((size_t)nspans * sizeof(*ml->spans)) : NULL;
	ml->info = info ? strdup(info) : NULL;
	if (!ml->text || (nspans && !ml->spans) || (info && !ml->info)) {
		free(ml->text);
		free(ml->spans);
		free(ml->info);
		r->failed = true;
		return;
	}
	if (l->len)
		memcpy(ml->text, l->s, l->len);
	ml->text[l->len] = '\0';
	for (size_t i = 0; i < l->len; i++) {
		if (!l->style[i])
			continue;
		if (i == 0 || l->style[i] != l->style[i - 1])
			ml->spans[ml->nspans++] = (struct md_span){ (int)i, 0, l->style[i] };
		ml->spans[ml->nspans - 1].len++;
	}
	ml->code = code;
	r->out->nlines++;
}

static void
blank_line(struct render *r)
{
	line_start(r, true, NULL);
	line_finish(r, false, NULL);
}

/* --- blocks ------------------------------------------------------------------ */

/* A block starts: one blank line after the block before it. */
static void
block_start(struct render *r)
{
	if (r->need_blank && r->out->nlines > 0)
		blank_line(r);
	r->need_blank = false;
}

static bool
list_tight(cmark_node *list)
{
	return list && cmark_node_get_type(list) == CMARK_NODE_LIST && cmark_node_get_list_tight(list);
}

/* A block ends: a blank line follows unless it is in a tight list. */
static void
block_end(struct render *r, cmark_node *n)
{
	cmark_node *parent = cmark_node_parent(n);
	bool tight;
	if (cmark_node_get_type(n) == CMARK_NODE_ITEM)
		tight = list_tight(parent);
	else
		tight = parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM &&
		    list_tight(cmark_node_parent(parent));
	r->need_blank = !tight;
}

static unsigned
inline_style(const struct render *r)
{
	return r->base | (r->quotes ? MD_QUOTE : 0) | (r->strong ? MD_BOLD : 0) |
	    (r->emph ? MD_EMPH : 0);
}

/* Wraps r->inl into lines: at spaces, inside a word only when it alone is
 * wider than the line; '\n' is a hard break. */
static void
wrap(struct render *r)
{
	const struct sbuf *in = &r->inl;
	const char *s = in->s;
	size_t len = in->len, pos = 0;

	while (pos < len && !r->failed) {
		while (pos < len && s[pos] == ' ')
			pos++;
		if (pos == len)
			break;
		int avail = line_start(r, false, NULL);
		int col = 0;
		bool empty = true;
		while (pos < len && s[pos] != '\n') {
			size_t sep = pos, word, end;
			while (pos < len && s[pos] == ' ')
				pos++;
			word = pos;
			while (pos < len && s[pos] != ' ' && s[pos] != '\n')
				pos++;
			end = pos;
			if (word == end)
				break;	/* spaces before a hard break or the end */
			int sepw = empty ? 0 : (int)(word - sep);
			int wordw = md_width(s + word, (int)(end - word));
			if (col + sepw + wordw <= avail) {
				for (size_t i = empty ? word : sep; i < end; i++)
					sbuf_put(r, &r->line, s + i, 1, in->style[i]);
				col += sepw + wordw;
				empty = false;
				continue;
			}
			if (!empty) {
				pos = sep;
				break;
			}
			int used;
			size_t n = fit(s + word, end - word, avail, &used);
			if (n == 0) {	/* cannot happen with avail >= 2 */
				uint32_t cp;
				n = (size_t)utf8_decode(s + word, end - word, &cp);
			}
			for (size_t i = word; i < word + n; i++)
				sbuf_put(r, &r->line, s + i, 1, in->style[i]);
			pos = word + n;
			break;
		}
		if (pos < len && s[pos] == '\n')
			pos++;
		line_finish(r, false, NULL);
	}
	r->inl.len = 0;
}

/* The first word of a fence's info string (malloc'd, a control character
 * made '?'), or NULL. */
static char *
info_word(const char *info)
{
	size_t n = 0;
	if (!info)
		info = "";
	while (*info == ' ' || *info == '\t')
		info++;
	while (info[n] && info[n] != ' ' && info[n] != '\t')
		n++;
	char *word = strndup(info, n);
	for (size_t i = 0; word && i < n; i++)
		if ((unsigned char)word[i] < 0x20 || word[i] == 0x7f)
			word[i] = '?';
	return word;
}

/* One line of a code block: tabs expanded, folded when wider than the line. */
static void
code_line(struct render *r, const char *s, size_t len, const char *info, unsigned style)
{
	struct sbuf *code = &r->inl;
	int col = 0;

	code->len = 0;
	for (size_t i = 0; i < len && !r->failed;) {
		if (s[i] == '\t') {
			do
				sbuf_put(r, code, " ", 1, style);
			while (++col % TAB_STOP);
			i++;
			continue;
		}
		size_t start = code->len;
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		sbuf_put_text(r, code, s + i, n ? (size_t)n : 1, style);
		if (r->failed)
			return;
		col += md_width(code->s + start, (int)(code->len - start));
		i += n ? (size_t)n : 1;
	}
	size_t pos = 0;
	do {
		int used, avail = line_start(r, false, pos == 0 ? CODE_INDENT : CODE_FOLD);
		size_t n = pos < code->len ? fit(code->s + pos, code->len - pos, avail, &used) : 0;
		if (n == 0 && pos < code->len) {
			uint32_t cp;
			n = (size_t)utf8_decode(code->s + pos, code->len - pos, &cp);
		}
		for (size_t i = pos; i < pos + n; i++)
			sbuf_put(r, &r->line, code->s + i, 1, code->style[i]);
		line_finish(r, true, info);
		pos += n;
	} while (pos < code->len && !r->failed);
	code->len = 0;
}

static void
code_block(struct render *r, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	char *info = info_word(cmark_node_get_fence_info(n));
	unsigned style = MD_CODE | (r->quotes ? MD_QUOTE : 0);

	if (!info) {
		r->failed = true;
		return;
	}
	if (!lit)
		lit = "";
	do {
		const char *nl = strchr(lit, '\n');
		size_t len = nl ? (size_t)(nl - lit) : strlen(lit);
		code_line(r, lit, len, info, style);
		lit += len + (nl != NULL);
	} while (*lit && !r->failed);
	free(info);
}

/* HTML is shown as the text it is, each of its lines wrapped on its own. */
static void
html_block(struct render *r, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	while (lit && *lit && !r->failed) {
		const char *nl = strchr(lit, '\n');
		size_t len = nl ? (size_t)(nl - lit) : strlen(lit);
		sbuf_put_text(r, &r->inl, lit, len, inline_style(r));
		sbuf_put(r, &r->inl, "\n", 1, 0);
		lit += len + (nl != NULL);
	}
	wrap(r);
}

static void
thematic_break(struct render *r)
{
	int avail = line_start(r, false, NULL);
	for (int i = 0; i < avail; i++)
		sbuf_put(r, &r->line, "\u2500", strlen("\u2500"), 0);
	line_finish(r, false, NULL);
}

static void
item_start(struct render *r)
{
	int list_at = r->depth - 1;	/* an index: frame_push may move the stack */
	struct frame *f = frame_push(r, FRAME_ITEM);
	if (!f)
		return;
	struct frame *list = list_at >= 0 && r->stack[list_at].kind == FRAME_LIST ?
	    &r->stack[list_at] : NULL;
	if (list && list->ordered)
		snprintf(f->marker, sizeof(f->marker), "%d%c ", list->next++, list->delim);
	else
		snprintf(f->marker, sizeof(f->marker), "\u2022 ");
	f->marker_cols = md_width(f->marker, (int)strlen(f->marker));
	f->pending = true;
}

/* An inline node's event: its text into the paragraph being built, in the
 * style of the emphasis around it. */
static void
render_inline(struct render *r, cmark_node *n, bool enter)
{
	const char *lit;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
		lit = cmark_node_get_literal(n);
		sbuf_put_text(r, &r->inl, lit, strlen(lit), inline_style(r));
		break;
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(n);
		sbuf_put_text(r, &r->inl, lit, strlen(lit), inline_style(r) | MD_CODE);
		break;
	case CMARK_NODE_SOFTBREAK:
		sbuf_put(r, &r->inl, " ", 1, inline_style(r));
		break;
	case CMARK_NODE_LINEBREAK:
		sbuf_put(r, &r->inl, "\n", 1, 0);
		break;
	case CMARK_NODE_STRONG:
		r->strong += enter ? 1 : -1;
		break;
	case CMARK_NODE_EMPH:
		r->emph += enter ? 1 : -1;
		break;
	default:	/* links and images: their text shows */
		break;
	}
}

/* One event of cmark's walk over the document: a block starts or ends, or
 * an inline node comes (render_inline). */
static void
render_node(struct render *r, cmark_node *n, bool enter)
{
	struct frame *f;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		if (enter) {
			block_start(r);
			if (frame_push(r, FRAME_QUOTE))
				r->quotes++;
		} else {
			r->depth--;
			r->quotes--;
			block_end(r, n);
		}
		break;
	case CMARK_NODE_LIST:
		if (enter) {
			block_start(r);
			f = frame_push(r, FRAME_LIST);
			if (f) {
				f->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
				f->next = cmark_node_get_list_start(n);
				f->delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.';
			}
		} else {
			r->depth--;
			block_end(r, n);
		}
		break;
	case CMARK_NODE_ITEM:
		if (enter) {
			block_start(r);
			item_start(r);
		} else {
			if (r->stack[r->depth - 1].pending) {	/* an empty item */
				line_start(r, false, NULL);
				line_finish(r, false, NULL);
			}
			r->depth--;
			block_end(r, n);
		}
		break;
	case CMARK_NODE_CODE_BLOCK:
		block_start(r);
		code_block(r, n);
		block_end(r, n);
		break;
	case CMARK_NODE_HTML_BLOCK:
		block_start(r);
		html_block(r, n);
		block_end(r, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		block_start(r);
		thematic_break(r);
		block_end(r, n);
		break;
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		if (enter) {
			block_start(r);
			r->inl.len = 0;
			if (cmark_node_get_type(n) == CMARK_NODE_HEADING)
				r->base = MD_HEADING | MD_BOLD;
		} else {
			wrap(r);
			r->base = 0;
			block_end(r, n);
		}
		break;
	case CMARK_NODE_DOCUMENT:
		break;
	default:
		render_inline(r, n, enter);
		break;
	}
}

int
md_render(const char *markdown, int width, struct md_text *out)
{
	struct render r = { .width = width < MIN_WIDTH ? MIN_WIDTH : width, .out = out };
	cmark_node *doc;
	cmark_iter *it = NULL;
	cmark_event_type ev;

	out->lines = NULL;
	out->nlines = 0;
	if (!markdown)
		markdown = "";
	doc = cmark_parse_document(markdown, strlen(markdown), CMARK_OPT_VALIDATE_UTF8);
	if (doc)
		it = cmark_iter_new(doc);
	if (!it)
		r.failed = true;
	while (!r.failed && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		render_node(&r, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER);
	if (it)
		cmark_iter_free(it);
	if (doc)
		cmark_node_free(doc);
	free(r.stack);
	free(r.inl.s);
	free(r.inl.style);
	free(r.line.s);
	free(r.line.style);
	if (r.failed) {
		md_text_free(out);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void
md_text_free(struct md_text *t)
{
	for (int i = 0; i < t->nlines; i++) {
		free(t->lines[i].text);
		free(t->lines[i].spans);
		free(t->lines[i].info);
	}
	free(t->lines);
	t->lines = NULL;
	t->nlines = 0;
}
