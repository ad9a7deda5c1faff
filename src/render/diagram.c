#include "config.h"

#include <stdio.h>
#include <string.h>

#include "diagram.h"
#include "output.h"
#include "util.h"

/* A box's lines, one set a state: double for one shared object, single for
 * a copy, heavy for a new one, dashed for not measured, rounded for one
 * whose phase has not come. */
enum box_style { BS_SHARED, BS_COPIED, BS_NEW, BS_UNKNOWN, BS_PENDING, BS_COUNT };

struct box_glyphs {
	const char *tl, *tr, *bl, *br, *h, *v;
};

static const struct box_glyphs box_utf8[BS_COUNT] = {
	[BS_SHARED] = { "╔", "╗", "╚", "╝", "═", "║" },
	[BS_COPIED] = { "┌", "┐", "└", "┘", "─", "│" },
	[BS_NEW] = { "┏", "┓", "┗", "┛", "━", "┃" },
	[BS_UNKNOWN] = { "┌", "┐", "└", "┘", "╌", "┆" },
	[BS_PENDING] = { "╭", "╮", "╰", "╯", "─", "│" },
};

static const struct box_glyphs box_ascii[BS_COUNT] = {
	[BS_SHARED] = { "#", "#", "#", "#", "=", "#" },
	[BS_COPIED] = { "+", "+", "+", "+", "-", "|" },
	[BS_NEW] = { "*", "*", "*", "*", "*", "*" },
	[BS_UNKNOWN] = { "+", "+", "+", "+", ".", ":" },
	[BS_PENDING] = { ".", ".", "'", "'", "-", "|" },
};

/* The tasks' stems and the arrows. */
struct line_glyphs {
	const char *stem, *tee_l, *tee_r, *top_l, *top_r, *end_l, *end_r, *h, *to_right, *to_left,
	    *ellipsis;
};

static const struct line_glyphs lines_utf8 = {
	"│", "├", "┤", "┌", "┐", "└", "┘", "─", "▶", "◀", "…",
};

static const struct line_glyphs lines_ascii = {
	"|", "+", "+", "+", "+", "+", "+", "-", ">", "<", "~",
};

#define BOX_MAX 42	/* a copied object's box, at most */
#define SHARED_MAX 58	/* a shared object's box, at most */
#define GAP_MIN 14	/* between two boxes: " parent only " fits */

struct ctx {
	struct diagram *d;
	const struct kgraph *g;
	const struct box_glyphs *box;
	const struct line_glyphs *gl;
	bool tall, projector;
	int xr;			/* the child's stem */
};

/* One row of the diagram: an object, or the open file descriptions of one
 * state folded into one box. */
struct drow {
	enum kobj_kind kind;
	enum kobj_state state;
	const char *name;
	char label[12];		/* a file's origin in the tables: "fd 3", "fds" */
	const char *what;	/* in words, for a box with no content */
	char parent[KOBJ_TEXT], child[KOBJ_TEXT];
	char why[KOBJ_WHY];
};

static void
cell(struct ctx *c, int y, int x, const char *glyph, enum diagram_role role)
{
	if (y < 0 || y >= c->d->h || x < 0 || x >= c->d->w)
		return;
	struct diagram_cell *k = &c->d->cells[y][x];
	k->glyph = glyph;
	k->role = (unsigned char)role;
}

/* Text in at most maxw cells (a byte a cell: bytes outside printable ASCII
 * become '?'), cut with an ellipsis; the cells used. */
static int
text(struct ctx *c, int y, int x, int maxw, const char *s, enum diagram_role role)
{
	int n = (int)strlen(s), i = 0;
	if (maxw <= 0 || y < 0 || y >= c->d->h)
		return 0;
	bool cut = n > maxw;
	int room = cut ? maxw - 1 : n;
	for (; i < room && x + i < c->d->w; i++) {
		if (x + i < 0)
			continue;
		struct diagram_cell *k = &c->d->cells[y][x + i];
		unsigned char ch = (unsigned char)s[i];
		k->glyph = NULL;
		k->ch = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
		k->role = (unsigned char)role;
	}
	if (cut)
		cell(c, y, x + i++, c->gl->ellipsis, role);
	return i;
}

static void
hline(struct ctx *c, int y, int x, int w, const char *glyph, enum diagram_role role)
{
	for (int i = 0; i < w; i++)
		cell(c, y, x + i, glyph, role);
}

static enum box_style
style_of(enum kobj_state s)
{
	switch (s) {
	case KS_SHARED: return BS_SHARED;
	case KS_NEW: return BS_NEW;
	case KS_UNKNOWN: return BS_UNKNOWN;
	case KS_PENDING: return BS_PENDING;
	case KS_COPIED:
	case KS_PARENT_ONLY:
	case KS_CHILD_ONLY: break;
	}
	return BS_COPIED;
}

static enum diagram_role
role_of(enum kobj_state s)
{
	switch (s) {
	case KS_SHARED: return DG_SHARED;
	case KS_NEW: return DG_NEW;
	case KS_UNKNOWN: return DG_UNKNOWN;
	case KS_PENDING: return DG_PENDING;
	case KS_COPIED:
	case KS_PARENT_ONLY:
	case KS_CHILD_ONLY: break;
	}
	return DG_COPIED;
}

/* A box of w cells at x, with the struct's name and its content: in one
 * line "│name  content│", or three with the name in the top line.  The
 * content goes first when space is short: the box folds to its name. */
static void
box(struct ctx *c, int y, int x, int w, enum box_style st, enum diagram_role role, const char *name,
    const char *content)
{
	const struct box_glyphs *b = &c->box[st];
	if (w < 4)
		return;
	int in = w - 2, nl = (int)strlen(name);
	if (c->tall) {
		cell(c, y, x, b->tl, role);
		hline(c, y, x + 1, in, b->h, role);
		cell(c, y, x + w - 1, b->tr, role);
		if (nl + 2 <= in) {
			text(c, y, x + 1, 1, " ", role);
			text(c, y, x + 2, nl, name, role);
			text(c, y, x + 2 + nl, 1, " ", role);
		} else {
			text(c, y, x + 1, in, name, role);
		}
		cell(c, y + 1, x, b->v, role);
		text(c, y + 1, x + 2, in - 2, content, DG_PLAIN);
		cell(c, y + 1, x + w - 1, b->v, role);
		cell(c, y + 2, x, b->bl, role);
		hline(c, y + 2, x + 1, in, b->h, role);
		cell(c, y + 2, x + w - 1, b->br, role);
		return;
	}
	cell(c, y, x, b->v, role);
	int used = text(c, y, x + 1, in, name, role);
	/* A content cut to fewer than 8 cells says less than none. */
	if (content[0] && in - used - 2 >= 8 && used == nl)
		text(c, y, x + 1 + used + 2, in - used - 2, content, DG_PLAIN);
	cell(c, y, x + w - 1, b->v, role);
}

/* An arrow from x to x+w-1 pointing right (or left), with a word in it. */
static void
arrow(struct ctx *c, int y, int x, int w, bool right, const char *word, enum diagram_role role)
{
	if (w < 1)
		return;
	hline(c, y, x, w, c->gl->h, role);
	cell(c, y, right ? x + w - 1 : x, right ? c->gl->to_right : c->gl->to_left, role);
	int wl = word ? (int)strlen(word) : 0;
	if (wl && wl + 4 <= w) {
		int at = x + (w - wl) / 2;
		text(c, y, at - 1, 1, " ", role);
		text(c, y, at, wl, word, role);
		text(c, y, at + wl, 1, " ", role);
	}
}

static const char *
state_word(const struct ctx *c, enum kobj_state s, char *buf, size_t size)
{
	str_copy(buf, kobj_state_word(s), size);
	if (c->projector)
		for (char *p = buf; *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	return buf;
}

/* One row at band y: its boxes, its arrows and the stems' tees. */
static void
draw_row(struct ctx *c, int y, const struct drow *r)
{
	int w = c->d->w, xr = c->xr;
	int mid = c->tall ? y + 1 : y;
	bool file = r->kind == KO_FILE;
	int a = file ? 8 : 2;		/* the cells before a box: "─▶", or " fd 3 ─▶" */
	int bw = (w - 2 - 2 * a - GAP_MIN) / 2;
	if (bw > BOX_MAX)
		bw = BOX_MAX;
	int x0 = 1 + a, x1 = xr - a - bw;
	enum diagram_role role = role_of(r->state);
	char word[24];
	state_word(c, r->state, word, sizeof(word));
	bool child = c->g->child.present;

	/* A file's pointers come from the fd tables: its label there, "fd 3". */
	if (file) {
		int ll = (int)strlen(r->label);
		text(c, mid, 1 + (a - 3 - ll > 0 ? a - 3 - ll : 0), a - 3, r->label, DG_PLAIN);
		if (child && r->state != KS_PARENT_ONLY && r->state != KS_PENDING)
			text(c, mid, xr - a + 3, a - 3, r->label, DG_PLAIN);
	}
	/* Where the arrows start and end: a cell after a file's label. */
	int lx = a - 1, rx = xr - a + 2;
	int gap = x1 - x0 - bw;
	switch (r->state) {
	case KS_SHARED: {
		int sw = w - 2 - 2 * (a + 12);
		if (sw > SHARED_MAX)
			sw = SHARED_MAX;
		int sx = (w - sw) / 2;
		box(c, y, sx, sw, BS_SHARED, role, r->name, r->parent);
		arrow(c, mid, lx, sx - lx, true, word, role);
		arrow(c, mid, sx + sw, rx - (sx + sw), false, NULL, role);
		break;
	}
	case KS_COPIED:
	case KS_NEW:
		box(c, y, x0, bw, BS_COPIED, DG_COPIED, r->name, r->parent);
		box(c, y, x1, bw, style_of(r->state), role, r->name, r->child);
		arrow(c, mid, lx, 2, true, NULL, role);
		arrow(c, mid, x1 + bw, 2, false, NULL, role);
		text(c, mid, x0 + bw + (gap - (int)strlen(word)) / 2, (int)strlen(word), word, role);
		break;
	case KS_PENDING:
	case KS_PARENT_ONLY:
		box(c, y, x0, bw, style_of(r->state), role, r->name, r->parent);
		arrow(c, mid, lx, 2, true, NULL, role);
		if (child)
			text(c, mid, x0 + bw + (gap - (int)strlen(word)) / 2, (int)strlen(word), word, role);
		break;
	case KS_CHILD_ONLY:
		box(c, y, x1, bw, BS_COPIED, role, r->name, r->child);
		arrow(c, mid, x1 + bw, 2, false, NULL, role);
		text(c, mid, x0 + bw + (gap - (int)strlen(word)) / 2, (int)strlen(word), word, role);
		break;
	case KS_UNKNOWN: {
		char why[KOBJ_WHY + 32];
		snprintf(why, sizeof(why), "? %s%s%s", word, r->why[0] ? ": " : "", r->why);
		box(c, y, x0, xr - a - x0 + 1, BS_UNKNOWN, role, r->name, why);
		break;
	}
	}
	/* The tasks' tees: only what points at an object from the task itself
	 * (a file's pointer comes from the fd table, its label). */
	bool left = !file && r->state != KS_UNKNOWN && r->state != KS_CHILD_ONLY;
	bool right = !file && child && (r->state == KS_SHARED || r->state == KS_COPIED ||
	    r->state == KS_NEW || r->state == KS_CHILD_ONLY);
	if (left)
		cell(c, mid, 0, c->gl->tee_l, role);
	if (right)
		cell(c, mid, xr, c->gl->tee_r, role);
}

/* The rows to draw: files folded by state when fold, the I/O context and
 * undo list left out in projector mode. */
static int
rows_make(const struct kgraph *g, bool fold, bool projector, struct drow *rows, int max)
{
	int n = 0;
	bool folded[KS_CHILD_ONLY + 1] = { false };
	for (int i = 0; i < g->nobjs && n < max; i++) {
		const struct kobject *k = &g->objs[i];
		if (projector && (k->kind == KO_IO || k->kind == KO_SYSVSEM))
			continue;
		if (k->kind == KO_FILE && fold) {
			if (folded[k->state])
				continue;
			folded[k->state] = true;
			struct drow *r = &rows[n++];
			memset(r, 0, sizeof(*r));
			r->kind = KO_FILE;
			r->state = k->state;
			r->name = k->name;
			str_copy(r->label, "fds", sizeof(r->label));
			str_copy(r->why, k->why, sizeof(r->why));
			for (int j = i; j < g->nobjs; j++)
				if (g->objs[j].kind == KO_FILE && g->objs[j].state == k->state &&
				    g->objs[j].fd >= 0) {
					str_append(r->parent, sizeof(r->parent), "%s%d", r->parent[0] ? " " : "fd ",
					    g->objs[j].fd);
				}
			str_copy(r->child, r->parent, sizeof(r->child));
			continue;
		}
		struct drow *r = &rows[n++];
		memset(r, 0, sizeof(*r));
		r->kind = k->kind;
		r->state = k->state;
		r->name = k->name;
		if (k->kind == KO_FILE)
			snprintf(r->label, sizeof(r->label), "fd %d", k->fd);
		str_copy(r->parent, k->parent, sizeof(r->parent));
		str_copy(r->child, k->child, sizeof(r->child));
		str_copy(r->why, k->why, sizeof(r->why));
		r->what = k->what;
		if (!r->parent[0])
			str_copy(r->parent, k->what, sizeof(r->parent));
		if (!r->child[0] && g->child.present)
			str_copy(r->child, k->what, sizeof(r->child));
		if (k->by_behaviour) {
			str_append(r->parent, sizeof(r->parent), " (by behaviour)");
			str_append(r->child, sizeof(r->child), " (by behaviour)");
		}
	}
	return n;
}

/* The group of the pane's rows an object belongs to, for a focus. */
static enum view_group
kind_group(enum kobj_kind k)
{
	switch (k) {
	case KO_MM: return VG_MEMORY;
	case KO_FILES:
	case KO_FILE: return VG_FDS;
	case KO_SIGHAND: return VG_SIGNALS;
	case KO_SIGNAL: return VG_IDS;
	case KO_NSPROXY:
	case KO_USERNS: return VG_NS;
	case KO_FS:
	case KO_IO:
	case KO_SYSVSEM: break;
	}
	return VG_FS;
}

/* Which rows give way first when the screen is short: the least taught,
 * and any outside the focus before any in it. */
static int
drop_rank(enum kobj_kind k, unsigned int focus)
{
	int focused = focus & 1u << kind_group(k) ? 100 : 0;
	switch (k) {
	case KO_SYSVSEM: return focused + 0;
	case KO_IO: return focused + 1;
	case KO_FS: return focused + 2;
	case KO_SIGHAND: return focused + 3;
	case KO_USERNS:
	case KO_NSPROXY: return focused + 4;
	case KO_SIGNAL: return focused + 5;
	case KO_FILE: return focused + 6;
	case KO_FILES: return focused + 7;
	case KO_MM: break;
	}
	return focused + 8;
}

static void
header(struct ctx *c)
{
	const struct kgraph *g = c->g;
	char t[128];
	if (!g->parent.present)
		return;
	if (g->parent.pid > 0)
		snprintf(t, sizeof(t), " parent (%s) pid %ld tid %ld ", g->traced ? "traced" : "the lab",
		    g->parent.pid, g->parent.tid);
	else
		snprintf(t, sizeof(t), " parent (%s) ", g->traced ? "traced" : "the lab");
	cell(c, 0, 0, c->gl->top_l, DG_TASK);
	int used = text(c, 0, 1, c->d->w / 2 - 1, t, DG_TASK);
	int room = c->d->w - 2 - used - 1;
	enum diagram_role role = DG_TASK;
	if (!g->clone_ok) {
		snprintf(t, sizeof(t), " clone refused: %s, no child ", g->refused);
		role = DG_FAILED;
	} else if (!g->child.present) {
		snprintf(t, sizeof(t), " child: not made yet ");
		role = DG_PENDING;
	} else if (g->child.thread) {
		snprintf(t, sizeof(t), " child tid %ld, a thread of %ld ", g->child.tid, g->child.tgid);
	} else if (g->child.pid_inside >= 0 && g->child.pid_inside != g->child.pid) {
		snprintf(t, sizeof(t), " child pid %ld (%ld in its pid namespace) ", g->child.pid,
		    g->child.pid_inside);
	} else {
		snprintf(t, sizeof(t), " child pid %ld tid %ld ", g->child.pid, g->child.tid);
	}
	int tl = (int)strlen(t) < room ? (int)strlen(t) : room;
	text(c, 0, c->xr - tl, tl, t, role);
	if (g->child.present)
		cell(c, 0, c->xr, c->gl->top_r, DG_TASK);
}

/* The stems from the tasks down to their last tee. */
static void
stems(struct ctx *c, int from, int to)
{
	for (int side = 0; side < 2; side++) {
		int x = side ? c->xr : 0;
		if (side && !c->g->child.present)
			continue;
		const char *tee = side ? c->gl->tee_r : c->gl->tee_l;
		int last = -1;
		for (int y = from; y < to; y++)
			if (c->d->cells[y][x].glyph == tee)
				last = y;
		for (int y = from; y < to && y <= last; y++) {
			struct diagram_cell *k = &c->d->cells[y][x];
			if (y == last)
				k->glyph = side ? c->gl->end_r : c->gl->end_l;
			else if (k->glyph != tee)
				cell(c, y, x, c->gl->stem, DG_TASK);
		}
	}
}

/* The legend, as far as the width allows: each state's box line and word. */
static void
legend(struct ctx *c, int y)
{
	static const enum kobj_state shown[] = { KS_SHARED, KS_COPIED, KS_NEW, KS_UNKNOWN };
	static const char *const wide[] = { "one object, two arrows", "a box each", "",
		"no arrow" };
	bool roomy = c->d->w >= 100 && !c->d->left_out;
	int x = 0;
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		enum box_style st = style_of(shown[i]);
		enum diagram_role role = role_of(shown[i]);
		char w[64];
		snprintf(w, sizeof(w), "%s%s%s", kobj_state_word(shown[i]), roomy && wide[i][0] ? ": " : "",
		    roomy ? wide[i] : "");
		int need = 3 + (int)strlen(w) + 2;
		if (x + need > c->d->w)
			break;
		cell(c, y, x, c->box[st].v, role);
		text(c, y, x + 1, 1, shown[i] == KS_UNKNOWN ? "?" : " ", role);
		cell(c, y, x + 2, c->box[st].v, role);
		text(c, y, x + 4, (int)strlen(w), w, DG_HINT);
		x += need + 1;
	}
	if (c->d->left_out) {
		char more[64];
		snprintf(more, sizeof(more), "+%d left out: a taller window shows them", c->d->left_out);
		if (x + (int)strlen(more) <= c->d->w)
			text(c, y, x, (int)strlen(more), more, DG_HINT);
	}
}

/* The cells as lines of text and runs of roles. */
static void
lines_make(struct diagram *d)
{
	for (int y = 0; y < d->nlines; y++) {
		struct diagram_line *l = &d->lines[y];
		int last = d->w - 1;
		while (last >= 0 && !d->cells[y][last].glyph && d->cells[y][last].ch == ' ')
			last--;
		size_t n = 0;
		l->nruns = 0;
		for (int x = 0; x <= last; x++) {
			const struct diagram_cell *k = &d->cells[y][x];
			enum diagram_role role = (enum diagram_role)k->role;
			struct diagram_run *r = l->nruns ? &l->runs[l->nruns - 1] : NULL;
			if (!r || (r->role != role && l->nruns < DIAGRAM_MAX_RUNS)) {
				r = &l->runs[l->nruns++];
				r->x = x;
				r->w = 0;
				r->at = (int)n;
				r->len = 0;
				r->role = role;
			}
			const char *s = k->glyph;
			size_t len = s ? strlen(s) : 1;
			if (n + len >= sizeof(l->text))
				break;
			if (s)
				memcpy(l->text + n, s, len);
			else
				l->text[n] = k->ch;
			n += len;
			r->w++;
			r->len += (int)len;
		}
		l->text[n] = '\0';
	}
}

static int
body_lines(int nrows, bool tall)
{
	return nrows * (tall ? 3 : 1);
}

void
diagram_render(const struct kgraph *g, int width, int height, bool utf8, bool projector,
    unsigned int focus, struct diagram *d)
{
	d->w = width < DIAGRAM_WIDE ? width : DIAGRAM_WIDE;
	d->h = height < DIAGRAM_MAX_LINES ? height : DIAGRAM_MAX_LINES;
	d->nlines = 0;
	d->left_out = 0;
	d->tall = false;
	if (d->w < 40 || d->h < 3 || !g || !g->parent.present)
		return;
	for (int y = 0; y < d->h; y++)
		for (int x = 0; x < d->w; x++)
			d->cells[y][x] = (struct diagram_cell){ NULL, ' ', DG_PLAIN };

	struct ctx c = { d, g, utf8 ? box_utf8 : box_ascii, utf8 ? &lines_utf8 : &lines_ascii,
		false, projector, d->w - 1 };
	struct drow rows[KOBJ_MAX];
	/* Header and legend, and a blank line between rows in projector mode. */
	int room = d->h - 2;
	int n = rows_make(g, projector, projector, rows, KOBJ_MAX);
	int gap = projector ? 1 : 0;
	if (body_lines(n, true) + gap * (n - 1) <= room) {
		c.tall = true;
	} else if (n + gap * (n - 1) > room) {
		gap = 0;
		n = rows_make(g, true, projector, rows, KOBJ_MAX);
		if (projector && body_lines(n, true) <= room)
			c.tall = true;
	}
	/* Still too many: the least taught give way. */
	while (body_lines(n, c.tall) + gap * (n - 1) > room && n > 0) {
		int worst = 0;
		for (int i = 1; i < n; i++)
			if (drop_rank(rows[i].kind, focus) < drop_rank(rows[worst].kind, focus))
				worst = i;
		memmove(&rows[worst], &rows[worst + 1], (size_t)(n - worst - 1) * sizeof(rows[0]));
		n--;
		d->left_out++;
	}
	d->tall = c.tall;

	header(&c);
	int y = 1;
	for (int i = 0; i < n; i++) {
		draw_row(&c, y, &rows[i]);
		y += (c.tall ? 3 : 1) + gap;
	}
	if (n)
		y -= gap;
	stems(&c, 1, y);
	legend(&c, y);
	d->nlines = y + 1;
	lines_make(d);
}

void
diagram_print(const struct diagram *d, struct output *out)
{
	for (int y = 0; y < d->nlines; y++)
		out_printf(out, "%s\n", d->lines[y].text);
}
