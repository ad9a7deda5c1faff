#include "config.h"

#include <string.h>

#include "layout.h"

bool
rect_overlap(const struct rect *a, const struct rect *b)
{
	if (a->h <= 0 || a->w <= 0 || b->h <= 0 || b->w <= 0)
		return false;
	return a->y < b->y + b->h && b->y < a->y + a->h && a->x < b->x + b->w && b->x < a->x + a->w;
}

bool
rect_inside(const struct rect *r, int cols, int lines)
{
	if (r->h <= 0 || r->w <= 0)
		return true;
	return r->y >= 0 && r->x >= 0 && r->y + r->h <= lines && r->x + r->w <= cols;
}

static struct rect
rect_make(int y, int x, int h, int w)
{
	struct rect r = { y, x, h > 0 ? h : 0, w > 0 ? w : 0 };
	return r;
}

void
layout_compute(int cols, int lines, struct layout *l)
{
	memset(l, 0, sizeof(*l));
	l->cols = cols;
	l->lines = lines;
	if (cols < 1 || lines < 1)
		return;
	l->prompt = rect_make(lines - 1, 0, 1, cols);
	if (cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES) {
		/* The prompt keeps working; output above it, a notice on top. */
		l->too_small = true;
		l->notice = rect_make(0, 0, lines > 1 ? 1 : 0, cols);
		l->output = rect_make(1, 0, lines - 2, cols);
		return;
	}
	l->status = rect_make(0, 0, 1, cols);
	/* The output keeps at least 4 lines, and about a quarter of tall screens. */
	int out_h = lines / 4 > 4 ? lines / 4 : 4;
	int syscall_h = 2;
	int pane_h = lines - 1 - syscall_h - out_h - 1;
	l->pane = rect_make(1, 0, pane_h, cols);
	l->syscall = rect_make(1 + pane_h, 0, syscall_h, cols);
	l->output = rect_make(1 + pane_h + syscall_h, 0, out_h, cols);

	/* group | label | parent | verdict | child */
	l->group_x = 0;
	l->group_w = cols >= 100 ? 12 : 0;
	l->label_x = l->group_x + l->group_w;
	l->label_w = 14;
	l->verdict_w = 10;
	int rest = cols - l->label_x - l->label_w - l->verdict_w - 2;
	l->parent_w = rest / 2;
	l->child_w = rest - l->parent_w;
	l->parent_x = l->label_x + l->label_w + 1;
	l->verdict_x = l->parent_x + l->parent_w;
	l->child_x = l->verdict_x + l->verdict_w + 1;
}

void
layout_add_lesson(struct layout *l)
{
	if (l->too_small)
		return;
	int want = l->lines >= 40 ? 9 : l->lines >= 30 ? 7 : 5;
	/* The pane keeps its header, the column titles and a few rows. */
	int spare = l->pane.h - 8;
	int h = want < spare ? want : spare;
	if (h < 3)
		return;
	l->pane.h -= h;
	l->lesson = rect_make(l->pane.y + l->pane.h, 0, h, l->cols);
}
