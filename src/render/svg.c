#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kobjects.h"
#include "observation.h"
#include "svg.h"
#include "util.h"

/* The geometry, in px.  The tasks are tall boxes at the sides; an object
 * drawn once sits in the middle, one drawn twice has a box on each side of
 * it; open file descriptions hang off the fd tables' lines (BUS_*). */
enum {
	SVG_W = 1120,
	TASK_W = 160, PARENT_X = 20, CHILD_X = SVG_W - 20 - TASK_W,
	LEFT_X = 230, RIGHT_X = 580, SIDE_W = 310,
	CENTER_X = 380, CENTER_W = 360,
	FLEFT_X = 290, FRIGHT_X = 580, FSIDE_W = 250,
	FCENTER_X = 430, FCENTER_W = 260,
	BUS_L = 250, BUS_R = 870,
	PAD = 8, NAME_H = 18, LINE_H = 15, ROW_GAP = 14, FILE_GAP = 8,
	ARROW_DY = 20,		/* an arrow meets its box this far below the box's top */
	LEGEND_H = 140,
};

/* Characters of 12 px monospace that fit in w px: a cell is taken as 7.3 px
 * (DejaVu and Liberation Mono are 7.2), so that text stays inside its box. */
#define COLS(w) ((int)(((w) - 2 * PAD) * 10 / 73))

/* How a box of each state is drawn.  The stroke carries the meaning with the
 * word in the box (double: shared, solid: copied, thick: new, dashed: not
 * measured, dotted: pending); the colours only repeat it, as the pane's do. */
static const struct svg_style {
	const char *cls;	/* the class word the tests count boxes by */
	const char *stroke, *fill;
	const char *width;	/* a string: no locale's decimal comma in the SVG */
	const char *dash;	/* stroke-dasharray, or NULL for a solid line */
	bool twice;		/* a double line */
} svg_styles[] = {
	[KS_PENDING] = { "pending", "#757575", "#ffffff", "1.5", "2 3", false },
	[KS_SHARED] = { "shared", "#2e7d32", "#e8f5e9", "1.5", NULL, true },
	[KS_COPIED] = { "copied", "#8d6e00", "#fff8e1", "1.5", NULL, false },
	[KS_NEW] = { "new", "#006064", "#e0f7fa", "3.5", NULL, false },
	[KS_UNKNOWN] = { "unknown", "#616161", "#f5f5f5", "1.5", "7 4", false },
	[KS_PARENT_ONLY] = { "parent-only", "#424242", "#ffffff", "1", NULL, false },
	[KS_CHILD_ONLY] = { "child-only", "#424242", "#ffffff", "1", NULL, false },
};

/* A new object's parent side: the parent's, which it keeps, in a thin line
 * (only the child's is the new one). */
static const struct svg_style kept_style = { "new", "#006064", "#ffffff", "1.5", NULL, false };

static const struct svg_style task_style = { "task", "#212121", "#fafafa", "2", NULL, false };
static const struct svg_style no_task_style = { "task", "#757575", "#ffffff", "2", "7 4", false };

/* --- text: escaped, and wrapped by characters ------------------------------- */

/* The bytes of the UTF-8 character at s (1 for a byte that begins none);
 * *ok false when it is not one XML 1.0 allows (a control character, a
 * surrogate, U+FFFE or U+FFFF, or no valid UTF-8 at all). */
static size_t
utf8_char(const unsigned char *s, size_t left, bool *ok)
{
	unsigned c = s[0];
	size_t n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 :
	    c >= 0xf0 && c <= 0xf4 ? 4 : 0;

	*ok = false;
	if (n == 1) {
		*ok = c >= 0x20 && c != 0x7f;
		return 1;
	}
	if (n == 0 || n > left)
		return 1;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	/* overlong forms, surrogates, past U+10FFFF, U+FFFE and U+FFFF */
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] >= 0xa0) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] >= 0x90) ||
	    (c == 0xef && s[1] == 0xbf && s[2] >= 0xbe))
		return 1;
	*ok = true;
	return n;
}

/* Writes n bytes of s as XML text or a double-quoted attribute's value:
 * the markup characters as entities, and what XML cannot hold (a path's stray bytes,
 * control characters) as U+FFFD, so that any file name keeps the document
 * well-formed. */
static void
svg_put(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n; ) {
		bool ok;
		size_t len = utf8_char(p + i, n - i, &ok);
		if (!ok)
			fputs("\xef\xbf\xbd", f);
		else if (p[i] == '&')
			fputs("&amp;", f);
		else if (p[i] == '<')
			fputs("&lt;", f);
		else if (p[i] == '>')
			fputs("&gt;", f);
		else if (p[i] == '"')
			fputs("&quot;", f);
		else
			fwrite(p + i, 1, len, f);
		i += len;
	}
}

static void
svg_puts(FILE *f, const char *s)
{
	svg_put(f, s, strlen(s));
}

/* A line of a wrapped text: len bytes of s, and an ellipsis when cut. */
struct line {
	const char *s;
	size_t len;
	bool cut;
};

/* The bytes of text's first cols characters, or all of it; *brk where a
 * line may end before them (0: nowhere): at the last blank, else after the
 * last slash (a path). */
static size_t
fit_chars(const char *text, int cols, size_t *brk)
{
	size_t len = strlen(text), i = 0, slash = 0;

	*brk = 0;
	for (int c = 0; i < len && c < cols; c++) {
		bool ok;
		if (text[i] == ' ')
			*brk = i;
		else if (i > 0 && text[i - 1] == '/')
			slash = i;
		i += utf8_char((const unsigned char *)text + i, len - i, &ok);
	}
	if (*brk == 0)
		*brk = slash;
	return i;
}

/* Splits text into at most max lines of at most cols characters, at blanks
 * where it can; the last is cut with an ellipsis when the text goes on.
 * Appends to out from *n. */
static void
wrap(const char *text, int cols, int max, struct line *out, int *n)
{
	const char *p = text;

	for (int made = 0; made < max; made++) {
		while (*p == ' ')
			p++;
		if (!*p)
			return;
		size_t brk, i = fit_chars(p, cols, &brk);
		bool more = p[i] != '\0';
		if (more && made == max - 1) {
			out[(*n)++] = (struct line){ p, fit_chars(p, cols - 1, &brk), true };
			return;
		}
		if (more && p[i] != ' ' && brk > 0)
			i = brk;
		out[(*n)++] = (struct line){ p, i, false };
		p += i;
	}
}

/* <text> at x, y in a font: "mono", "mono-bold" or "sans". */
static void
text_open(FILE *f, int x, int y, const char *font, int size, const char *fill)
{
	bool mono = strncmp(font, "mono", 4) == 0;
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-family=\"%s\" font-size=\"%d\"%s fill=\"%s\" "
	    "xml:space=\"preserve\">", x, y, mono ? "monospace" : "sans-serif", size,
	    strcmp(font, "mono-bold") == 0 || strcmp(font, "sans-bold") == 0 ?
	    " font-weight=\"bold\"" : "", fill);
}

static void
text_line(FILE *f, int x, int y, const char *font, int size, const char *fill, const char *s)
{
	text_open(f, x, y, font, size, fill);
	svg_puts(f, s);
	fputs("</text>\n", f);
}

static void
rect(FILE *f, int x, int y, int w, int h, const struct svg_style *st)
{
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\" "
	    "stroke=\"%s\" stroke-width=\"%s\"", x, y, w, h, st->fill, st->stroke, st->width);
	if (st->dash)
		fprintf(f, " stroke-dasharray=\"%s\"", st->dash);
	fputs("/>\n", f);
	if (st->twice && w > 8 && h > 8)
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"none\" "
		    "stroke=\"%s\" stroke-width=\"%s\"/>\n", x + 4, y + 4, w - 8, h - 8, st->stroke,
		    st->width);
}

/* --- the boxes ---------------------------------------------------------------- */

#define BOX_LINES 14

/* One box of an object: the parent's, the child's, or the one both have. */
struct box {
	const struct kobject *k;
	const char *side;		/* "parent", "child" or "both" */
	bool alone;			/* no child: the clone failed */
	int x, y, w, h;
	bool what_below;		/* the struct's words on a line of their own */
	char text[2][KOBJ_TEXT + 16];	/* its content: one line, or the parent's and the child's */
	char word[KOBJ_WHY + 96];	/* the state: "copied: the child's", "? not measured: ..." */
	struct line lines[BOX_LINES];	/* text then word, wrapped */
	int nlines;
};

/* A row: an object's one box, or its two. */
struct row {
	struct box b[2];
	int nb;
	int y, h;
};

/* The state in words, for the box on side. */
static void
box_word(struct box *b)
{
	const struct kobject *k = b->k;
	bool file = k->kind == KO_FILE, parent = strcmp(b->side, "child") != 0;

	switch (k->state) {
	case KS_SHARED:
		snprintf(b->word, sizeof(b->word), "%s", file ? "shared: one description for both" :
		    "shared: both tasks point to it");
		break;
	case KS_COPIED:
		snprintf(b->word, sizeof(b->word), "copied: the %s's", parent ? "parent" : "child");
		break;
	case KS_NEW:
		snprintf(b->word, sizeof(b->word), "%s", parent ? "the parent's, which it keeps" :
		    "new: the child's own, made new");
		break;
	case KS_UNKNOWN:
		snprintf(b->word, sizeof(b->word), "? not measured%s%s", k->why[0] ? ": " : "",
		    k->why);
		break;
	case KS_PENDING:
		snprintf(b->word, sizeof(b->word), "%s", b->alone ? "the parent's: no child to compare" :
		    "pending: not measured yet");
		break;
	case KS_PARENT_ONLY:
	case KS_CHILD_ONLY:
		snprintf(b->word, sizeof(b->word), "only in the %s's table", parent ? "parent" : "child");
		break;
	}
	if (k->by_behaviour && (k->state == KS_SHARED || k->state == KS_COPIED))
		str_append(b->word, sizeof(b->word), " (by behaviour: kcmp failed)");
}

/* Its content: the side's text; a box not measured shows both when they differ. */
static void
box_text(struct box *b)
{
	const struct kobject *k = b->k;

	if (k->state == KS_UNKNOWN && k->child[0] && strcmp(k->parent, k->child) != 0) {
		snprintf(b->text[0], sizeof(b->text[0]), "parent: %s", k->parent);
		snprintf(b->text[1], sizeof(b->text[1]), "child: %s", k->child);
	} else {
		str_copy(b->text[0], strcmp(b->side, "child") == 0 ? k->child : k->parent,
		    sizeof(b->text[0]));
	}
}

/* Fills b, at x and w, and measures its height. */
static void
box_make(struct box *b, const struct kobject *k, const char *side, int x, int w, bool alone)
{
	memset(b, 0, sizeof(*b));
	b->k = k;
	b->side = side;
	b->alone = alone;
	b->x = x;
	b->w = w;
	box_word(b);
	box_text(b);
	/* bold 13 px monospace is about 7.9 px a character, 11 px sans-serif 6.3 */
	char fd[24] = "";
	if (k->fd >= 0)
		snprintf(fd, sizeof(fd), " (fd %d)", k->fd);
	int name_w = (int)(strlen(k->name) + strlen(fd)) * 79 / 10;
	int what_w = (int)strlen(k->what) * 63 / 10;
	b->what_below = PAD + name_w + 10 + what_w > w - PAD;
	for (int i = 0; i < 2; i++)
		if (b->text[i][0])
			wrap(b->text[i], COLS(w), 4, b->lines, &b->nlines);
	wrap(b->word, COLS(w), BOX_LINES - b->nlines, b->lines, &b->nlines);
	b->h = PAD + NAME_H + (b->what_below ? LINE_H : 0) + b->nlines * LINE_H + PAD;
}

/* An object's row: where its boxes go, by its state (alone: the clone failed). */
static void
row_make(struct row *r, const struct kobject *k, int y, bool alone)
{
	bool file = k->kind == KO_FILE;
	int lx = file ? FLEFT_X : LEFT_X, rx = file ? FRIGHT_X : RIGHT_X;
	int sw = file ? FSIDE_W : SIDE_W;

	r->nb = 0;
	switch (k->state) {
	case KS_SHARED:
	case KS_UNKNOWN:
		box_make(&r->b[r->nb++], k, "both", file ? FCENTER_X : CENTER_X,
		    file ? FCENTER_W : CENTER_W, alone);
		break;
	case KS_COPIED:
	case KS_NEW:
		box_make(&r->b[r->nb++], k, "parent", lx, sw, alone);
		box_make(&r->b[r->nb++], k, "child", rx, sw, alone);
		break;
	case KS_PENDING:
	case KS_PARENT_ONLY:
		box_make(&r->b[r->nb++], k, "parent", lx, sw, alone);
		break;
	case KS_CHILD_ONLY:
		box_make(&r->b[r->nb++], k, "child", rx, sw, alone);
		break;
	}
	r->y = y;
	r->h = 0;
	for (int i = 0; i < r->nb; i++) {
		r->b[i].y = y;
		if (r->b[i].h > r->h)
			r->h = r->b[i].h;
	}
	/* the boxes of a row are as tall as each other */
	for (int i = 0; i < r->nb; i++)
		r->b[i].h = r->h;
}

/* Its words for a reader: "mm_struct, the address space: copied; the parent's: ...". */
static void
box_title(FILE *f, const struct box *b)
{
	fputs("<title>", f);
	svg_puts(f, b->k->name);
	if (b->k->fd >= 0)
		fprintf(f, " of fd %d", b->k->fd);
	fputs(", ", f);
	svg_puts(f, b->k->what);
	fputs(": ", f);
	svg_puts(f, b->word);
	for (int i = 0; i < 2; i++)
		if (b->text[i][0]) {
			fputs("; ", f);
			svg_puts(f, b->text[i]);
		}
	fputs("</title>\n", f);
}

static void
box_draw(FILE *f, const struct box *b)
{
	const struct svg_style *st = &svg_styles[b->k->state];
	if (b->k->state == KS_NEW && strcmp(b->side, "parent") == 0)
		st = &kept_style;
	int x = b->x + PAD + (st->twice ? 4 : 0), y = b->y + PAD + 13;

	fprintf(f, "<g class=\"kobj %s s-%s side-%s", st->cls, b->k->name, b->side);
	if (b->k->fd >= 0)
		fprintf(f, " fd-%d", b->k->fd);
	fputs("\">\n", f);
	box_title(f, b);
	rect(f, b->x, b->y, b->w, b->h, st);
	text_open(f, x, y, "mono-bold", 13, "#000000");
	svg_puts(f, b->k->name);
	if (b->k->fd >= 0)
		fprintf(f, " (fd %d)", b->k->fd);
	if (!b->what_below) {
		fputs("<tspan font-family=\"sans-serif\" font-weight=\"normal\" font-size=\"11\" "
		    "fill=\"#424242\"> ", f);
		svg_puts(f, b->k->what);
		fputs("</tspan>", f);
	}
	fputs("</text>\n", f);
	y += NAME_H - 2;
	if (b->what_below) {
		text_line(f, x, y, "sans", 11, "#424242", b->k->what);
		y += LINE_H;
	}
	for (int i = 0; i < b->nlines; i++, y += LINE_H) {
		const struct line *l = &b->lines[i];
		bool word = l->s >= b->word && l->s < b->word + sizeof(b->word);
		text_open(f, x, y, word ? "sans-bold" : "mono", 12, word ? st->stroke : "#000000");
		svg_put(f, l->s, l->len);
		if (l->cut)
			fputs("\xe2\x80\xa6", f);
		fputs("</text>\n", f);
	}
	fputs("</g>\n", f);
}

/* --- arrows ----------------------------------------------------------------- */

static void
arrow(FILE *f, int x1, int x2, int y, const char *from, const char *to)
{
	fprintf(f, "<line class=\"arrow from-%s s-%s\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	    "stroke=\"#212121\" stroke-width=\"1.5\" marker-end=\"url(#head)\"/>\n",
	    from, to, x1, y, x2, y);
}

static void
segment(FILE *f, int x1, int y1, int x2, int y2)
{
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#212121\" "
	    "stroke-width=\"1.5\"/>\n", x1, y1, x2, y2);
}

/* The tasks' arrows to an object's boxes: none when it was not measured. */
static void
row_arrows(FILE *f, const struct row *r)
{
	for (int i = 0; i < r->nb; i++) {
		const struct box *b = &r->b[i];
		int y = b->y + ARROW_DY;
		if (b->k->state == KS_UNKNOWN || b->k->kind == KO_FILE)
			continue;
		if (strcmp(b->side, "child") != 0)
			arrow(f, PARENT_X + TASK_W, b->x, y, "parent", b->k->name);
		if (strcmp(b->side, "parent") != 0)
			arrow(f, CHILD_X, b->x + b->w, y, "child", b->k->name);
	}
}

/* Whether a table (files_struct's row) has the parent's or the child's side. */
static bool
row_has(const struct row *r, const char *side)
{
	if (r->nb == 0 || r->b[0].k->state == KS_UNKNOWN)
		return false;
	for (int i = 0; i < r->nb; i++)
		if (strcmp(r->b[i].side, side) == 0 || strcmp(r->b[i].side, "both") == 0)
			return true;
	return false;
}

/* One table's line down to its open file descriptions (rows from..to-1), at
 * bus x: from the bottom of the table's box on that side, or from the side
 * of the one box both have. */
static void
table_bus(FILE *f, const struct row *rows, int table, int from, int to, bool parent)
{
	const struct row *t = &rows[table];
	const char *side = parent ? "parent" : "child";
	int x = parent ? BUS_L : BUS_R, last = -1;

	for (int i = from; i < to; i++)
		for (int j = 0; j < rows[i].nb; j++) {
			const struct box *b = &rows[i].b[j];
			if (b->k->state == KS_UNKNOWN || (strcmp(b->side, side) != 0 &&
			    strcmp(b->side, "both") != 0))
				continue;
			arrow(f, x, parent ? b->x : b->x + b->w, b->y + ARROW_DY, parent ? "parent-table" :
			    "child-table", b->k->name);
			last = b->y + ARROW_DY;
		}
	if (last < 0)
		return;
	const struct box *tb = &t->b[0];
	if (t->nb == 2 && !parent)
		tb = &t->b[1];
	int top = tb->y + tb->h;
	if (strcmp(tb->side, "both") == 0) {
		top = tb->y + tb->h - 10;
		segment(f, parent ? tb->x : tb->x + tb->w, top, x, top);
	}
	segment(f, x, top, x, last);
}

/* The fd tables' lines to the open file descriptions after them. */
static void
files_arrows(FILE *f, const struct row *rows, int n)
{
	for (int i = 0; i < n; i++) {
		if (rows[i].nb == 0 || rows[i].b[0].k->kind != KO_FILES)
			continue;
		int end = i + 1;
		while (end < n && rows[end].nb > 0 && rows[end].b[0].k->kind == KO_FILE)
			end++;
		if (row_has(&rows[i], "parent"))
			table_bus(f, rows, i, i + 1, end, true);
		if (row_has(&rows[i], "child"))
			table_bus(f, rows, i, i + 1, end, false);
	}
}

/* --- the page ------------------------------------------------------------------- */

/* The tasks, as tall as the objects between them. */
static void
tasks_draw(FILE *f, const struct kgraph *g, int top, int bottom)
{
	char line[96];
	int y = top + PAD + 14;

	fprintf(f, "<g class=\"task task-parent\">\n<title>the parent task: %s</title>\n", g->traced ?
	    "a process of the traced program" : "the lab");
	rect(f, PARENT_X, top, TASK_W, bottom - top, &task_style);
	text_line(f, PARENT_X + PAD, y, "mono-bold", 13, "#000000", "task_struct");
	text_line(f, PARENT_X + PAD, y + 17, "sans-bold", 13, "#000000", g->traced ?
	    "parent (traced)" : "parent (the lab)");
	if (g->parent.pid >= 0)
		snprintf(line, sizeof(line), "pid %ld", g->parent.pid);
	else
		snprintf(line, sizeof(line), "pid ? (not measured)");
	text_line(f, PARENT_X + PAD, y + 34, "mono", 12, "#000000", line);
	fputs("</g>\n", f);

	const struct svg_style *st = g->child.present ? &task_style : &no_task_style;
	fprintf(f, "<g class=\"task task-child\">\n<title>the child task</title>\n");
	rect(f, CHILD_X, top, TASK_W, bottom - top, st);
	text_line(f, CHILD_X + PAD, y, "mono-bold", 13, st->stroke, "task_struct");
	text_line(f, CHILD_X + PAD, y + 17, "sans-bold", 13, st->stroke, "child");
	if (!g->child.present) {
		snprintf(line, sizeof(line), "%s%s", g->clone_ok ? "not started yet" :
		    "none: clone failed, ", g->clone_ok ? "" : g->refused);
		text_line(f, CHILD_X + PAD, y + 34, "sans", 12, st->stroke, line);
	} else {
		/* a thread: its tid and group; in a new pid namespace: its pid there too */
		if (g->child.thread)
			snprintf(line, sizeof(line), "tid %ld", g->child.tid);
		else
			snprintf(line, sizeof(line), "pid %ld", g->child.pid);
		text_line(f, CHILD_X + PAD, y + 34, "mono", 12, "#000000", line);
		line[0] = '\0';
		if (g->child.thread)
			snprintf(line, sizeof(line), "thread of %ld", g->child.tgid);
		else if (g->child.pid_inside >= 0 && g->child.pid_inside != g->child.pid)
			snprintf(line, sizeof(line), "pid %ld inside", g->child.pid_inside);
		else if (g->child.tgid >= 0)
			snprintf(line, sizeof(line), "tgid %ld", g->child.tgid);
		if (line[0])
			text_line(f, CHILD_X + PAD, y + 51, "mono", 12, "#000000", line);
		if (g->child.pid_inside >= 0 && g->child.pid_inside != g->child.pid && !g->child.thread)
			text_line(f, CHILD_X + PAD, y + 66, "sans", 11, "#424242", "(its pid namespace)");
	}
	fputs("</g>\n", f);
}

/* A legend entry: a small box drawn in a state's style, then its meaning. */
static void
legend_item(FILE *f, int x, int y, const struct svg_style *st, const char *label, const char *text)
{
	fprintf(f, "<g class=\"legend %s\">\n", st->cls);
	rect(f, x, y, 44, 20, st);
	text_open(f, x + 54, y + 15, "sans-bold", 12, st->stroke);
	svg_puts(f, label);
	fputs("<tspan font-weight=\"normal\" fill=\"#000000\">", f);
	svg_puts(f, text);
	fputs("</tspan></text>\n</g>\n", f);
}

static void
legend_draw(FILE *f, const struct observation *o, int y)
{
	char line[256];

	text_line(f, PARENT_X, y + 14, "sans-bold", 13, "#000000", "Legend");
	y += 26;
	legend_item(f, PARENT_X, y, &svg_styles[KS_SHARED], "shared",
	    ": one object, both tasks point to it (double line)");
	legend_item(f, 560, y, &svg_styles[KS_COPIED], "copied", ": one for each task (single line)");
	y += 28;
	legend_item(f, PARENT_X, y, &svg_styles[KS_NEW], "new",
	    ": the child's own, made new (thick line)");
	legend_item(f, 560, y, &svg_styles[KS_UNKNOWN], "? not measured",
	    ": no arrows, the reason in the box (dashed)");
	y += 28;
	legend_item(f, PARENT_X, y, &svg_styles[KS_PENDING], "pending",
	    ": its phase has not come (dotted)");
	legend_item(f, 560, y, &svg_styles[KS_PARENT_ONLY], "only",
	    ": in one task's fd table only (thin line)");
	snprintf(line, sizeof(line), "Drawn by clonesh %s from experiment #%u's measurements, not from "
	    "its flags: one box for an object measured the same, two for two.", PACKAGE_VERSION,
	    o->number);
	text_line(f, PARENT_X, y + 44, "sans", 11, "#424242", line);
}

/* <title> and <desc>: the picture in words, for a screen reader and a search. */
static void
svg_head(FILE *f, const struct observation *o, const struct kgraph *g, int height)
{
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\">\n", SVG_W, height, SVG_W, height);
	fprintf(f, "<title>clonesh experiment #%u: the kernel objects of parent and child</title>\n",
	    o->number);
	fputs("<desc>", f);
	svg_puts(f, o->syscall);
	fputs(". The parent", f);
	if (g->parent.pid >= 0)
		fprintf(f, " (pid %ld)", g->parent.pid);
	fputs(" and ", f);
	if (g->child.present)
		fprintf(f, "the child (pid %ld)", g->child.pid);
	else if (!g->clone_ok)
		fputs("no child: the clone failed", f);
	else
		fputs("no child yet", f);
	fputs(g->nobjs ? ": " : ".", f);
	for (int i = 0; i < g->nobjs; i++) {
		const struct kobject *k = &g->objs[i];
		svg_puts(f, k->name);
		if (k->fd >= 0)
			fprintf(f, " of fd %d", k->fd);
		if (g->clone_ok) {
			fputs(" ", f);
			svg_puts(f, kobj_state_word(k->state));
		}
		if (k->state == KS_UNKNOWN && k->why[0]) {
			fputs(" (", f);
			svg_puts(f, k->why);
			fputs(")", f);
		}
		fputs(i + 1 < g->nobjs ? "; " : ".", f);
	}
	fputs("</desc>\n<defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
	    "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" "
	    "fill=\"#212121\"/></marker></defs>\n", f);
	fprintf(f, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", SVG_W,
	    height);
}

/* The header's lines: what ran, wrapped; the objects' top. */
static int
header_lines(const struct observation *o, const struct kgraph *g, struct line *lines, int *n)
{
	*n = 0;
	wrap(o->syscall, (SVG_W - 2 * PARENT_X) * 10 / 73, 3, lines, n);
	return 52 + *n * LINE_H + (g->clone_ok ? 0 : LINE_H) + 10;
}

/* The header, the tasks, the boxes and their arrows. */
static void
svg_body(FILE *f, const struct observation *o, const struct kgraph *g, const struct row *rows,
    const struct line *head, int nhead, int top, int bottom)
{
	char line[160];
	int y = 52;

	snprintf(line, sizeof(line), "Experiment #%u: the kernel's objects behind parent and child",
	    o->number);
	text_line(f, PARENT_X, 30, "sans-bold", 18, "#000000", line);
	for (int i = 0; i < nhead; i++, y += LINE_H) {
		text_open(f, PARENT_X, y, "mono", 12, "#000000");
		svg_put(f, head[i].s, head[i].len);
		if (head[i].cut)
			fputs("\xe2\x80\xa6", f);
		fputs("</text>\n", f);
	}
	if (!g->clone_ok) {
		snprintf(line, sizeof(line), "clone failed (%s): the parent is alone", g->refused);
		text_line(f, PARENT_X, y, "sans-bold", 12, svg_styles[KS_UNKNOWN].stroke, line);
	}
	tasks_draw(f, g, top, bottom);
	for (int i = 0; i < g->nobjs; i++)
		for (int j = 0; j < rows[i].nb; j++)
			box_draw(f, &rows[i].b[j]);
	for (int i = 0; i < g->nobjs; i++)
		row_arrows(f, &rows[i]);
	files_arrows(f, rows, g->nobjs);
}

void
svg_diagram(const struct observation *o, FILE *f)
{
	struct kgraph *g = calloc(1, sizeof(*g));
	struct row *rows = calloc(KOBJ_MAX, sizeof(*rows));
	struct line head[3];
	int nhead;

	if (!g || !rows) {
		free(g);
		free(rows);
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
		    "version=\"1.1\" width=\"1\" height=\"1\"><title>out of memory</title></svg>\n", f);
		return;
	}
	kgraph_build(o, o->reached, g);
	int top = header_lines(o, g, head, &nhead), y = top + 10;
	for (int i = 0; i < g->nobjs; i++) {
		const struct kobject *k = &g->objs[i];
		bool tight = k->kind == KO_FILE && i + 1 < g->nobjs && g->objs[i + 1].kind == KO_FILE;
		row_make(&rows[i], k, y, !g->clone_ok);
		y += rows[i].h + (tight ? FILE_GAP : ROW_GAP);
	}
	int bottom = y - ROW_GAP + 10;
	int height = bottom + 20 + LEGEND_H;
	svg_head(f, o, g, height);
	svg_body(f, o, g, rows, head, nhead, top, bottom);
	legend_draw(f, o, bottom + 20);
	fputs("</svg>\n", f);
	free(rows);
	free(g);
}
