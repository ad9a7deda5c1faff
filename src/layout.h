/* Where each part of the pane goes for a terminal of a given size: a pure
 * function, unit-tested at many sizes (no overlap, nothing past the edge). */
#ifndef CLONESH_LAYOUT_H
#define CLONESH_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_COLS 70
#define LAYOUT_MIN_LINES 20

struct rect {
	int y, x, h, w;
};

struct layout {
	int cols, lines;
	bool too_small;		/* only notice, output and prompt are laid out */
	struct rect notice;	/* the one-line notice when too small */
	struct rect status;	/* variant, flags, signal, stack, fn, counter */
	struct rect pane;	/* the two columns, header line included */
	struct rect lesson;	/* the current lesson step, when one is followed */
	struct rect syscall;	/* the call as strace prints it (two lines) */
	struct rect output;	/* command output, scrollable */
	struct rect prompt;	/* readline's line */
	/* Columns inside the pane, as x offsets from pane.x and widths. */
	int group_x, group_w, label_x, label_w, parent_x, parent_w, verdict_x, verdict_w,
	    child_x, child_w;
};

void layout_compute(int cols, int lines, struct layout *l);
/* Gives the lesson step a region under the pane, taken from the pane. */
void layout_add_lesson(struct layout *l);
/* True when a and b share a cell (empty rectangles share nothing). */
bool rect_overlap(const struct rect *a, const struct rect *b);
/* True when r lies inside a cols x lines screen. */
bool rect_inside(const struct rect *r, int cols, int lines);

#endif
