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
	/* On a wide screen the verdict stays near the parent's text (its cells
	 * are short: an fd target is cut at 26) instead of 80 columns away;
	 * what the columns leave is blank on the right. */
	if (l->parent_w > LAYOUT_PARENT_MAX)
		l->parent_w = LAYOUT_PARENT_MAX;
	l->child_w = rest - l->parent_w;
	if (l->child_w > LAYOUT_CHILD_MAX)
		l->child_w = LAYOUT_CHILD_MAX;
	l->parent_x = l->label_x + l->label_w + 1;
	l->verdict_x = l->parent_x + l->parent_w;
	l->child_x = l->verdict_x + l->verdict_w + 1;
}

void
layout_projector(int cols, int lines, int ngroups, int lesson_lines, struct projector_layout *p)
{
	memset(p, 0, sizeof(*p));
	p->cols = cols;
	p->lines = lines;
	if (cols < 1 || lines < 1)
		return;
	p->prompt = rect_make(lines - 1, 0, 1, cols);
	if (cols < LAYOUT_MIN_COLS || lines < LAYOUT_MIN_LINES) {
		p->too_small = true;
		p->notice = rect_make(0, 0, lines > 1 ? 1 : 0, cols);
		p->output = rect_make(1, 0, lines - 2, cols);
		return;
	}
	if (ngroups < 1)
		ngroups = 1;
	if (ngroups > LAYOUT_PROJECTOR_GROUPS)
		ngroups = LAYOUT_PROJECTOR_GROUPS;
	if (lesson_lines < 0)
		lesson_lines = 0;
	/* status, header, syscall, output, prompt */
	int fixed = 1 + 1 + 1 + LAYOUT_PROJECTOR_OUTPUT + 1;
	/* Each group a heading and its rows, a blank line between groups.  A
	 * lesson gets what leaves the groups as many rows as possible, but at
	 * least 6 lines (or what it asks for, if less): rows give way first,
	 * down to one a group, then the lesson goes. */
	if (lesson_lines > 0) {
		int want = lesson_lines < 6 ? lesson_lines : 6, room = 0;
		for (int r = LAYOUT_PROJECTOR_ROWS; r >= 1; r--) {
			room = lines - fixed - ngroups * (1 + r) - (ngroups - 1);
			if (room >= want)
				break;
		}
		if (room < want)
			lesson_lines = 0;
		else if (lesson_lines > room)
			lesson_lines = room;
	}
	int rows = (lines - fixed - lesson_lines - ngroups - (ngroups - 1)) / ngroups;
	if (rows > LAYOUT_PROJECTOR_ROWS)
		rows = LAYOUT_PROJECTOR_ROWS;
	while (rows < 1 && ngroups > 1) {
		ngroups--;
		rows = (lines - fixed - ngroups - (ngroups - 1)) / ngroups;
	}
	if (rows < 1)
		rows = 0;
	p->ngroups = ngroups;
	p->rows = rows;

	p->status = rect_make(0, 0, 1, cols);
	p->header = rect_make(1, 0, 1, cols);
	int y = 2;
	p->lesson = rect_make(y, 0, lesson_lines, cols);
	y += lesson_lines;
	int body_h = ngroups * (1 + rows) + ngroups - 1;
	p->body = rect_make(y, 0, body_h, cols);
	for (int i = 0; i < ngroups; i++)
		p->group[i] = rect_make(y + i * (rows + 2), 0, 1 + rows, cols);
	y += body_h;
	/* Air between the groups and the call when there is a line to spare. */
	int spare = lines - fixed - lesson_lines - body_h;
	if (spare > 0)
		y++, spare--;
	p->syscall = rect_make(y, 0, 1, cols);
	y++;
	p->output = rect_make(y, 0, LAYOUT_PROJECTOR_OUTPUT + spare, cols);
}

void
layout_add_lesson(struct layout *l, int want, int pane_min)
{
	if (l->too_small)
		return;
	/* The lesson is what the learner reads: it takes what it needs, up to
	 * what leaves the pane pane_min lines, one line of call, and a seventh
	 * of the screen (at least 4 lines) of output: at 100x30 a step's page
	 * then has 17 lines, and the output still holds a command's few lines
	 * (the grade is on the page). */
	int out_h = l->lines / 7 > 4 ? l->lines / 7 : 4;
	int syscall_h = 1;
	int max = l->lines - 1 - syscall_h - out_h - 1 - pane_min;
	int h = want < max ? want : max;
	if (h < 3)
		h = max < 3 ? max : 3;
	if (h < 2)
		return;
	int pane_h = l->lines - 1 - h - syscall_h - out_h - 1;
	l->pane.h = pane_h;
	l->lesson = rect_make(l->pane.y + pane_h, 0, h, l->cols);
	l->syscall = rect_make(l->lesson.y + h, 0, syscall_h, l->cols);
	l->output = rect_make(l->syscall.y + syscall_h, 0, out_h, l->cols);
}
