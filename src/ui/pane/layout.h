/* Where each part of the pane goes for a terminal of a given size: a pure
 * function, unit-tested at many sizes (no overlap, nothing past the edge). */
#ifndef CLONESH_LAYOUT_H
#define CLONESH_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_COLS 70
#define LAYOUT_MIN_LINES 20
/* The widest the parent and child columns grow on a wide screen. */
#define LAYOUT_PARENT_MAX 40
#define LAYOUT_CHILD_MAX 64

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

/* Projector mode: a few groups, each a heading line and at most
 * LAYOUT_PROJECTOR_ROWS rows, a blank line between them. */
#define LAYOUT_PROJECTOR_GROUPS 3
#define LAYOUT_PROJECTOR_ROWS 3
#define LAYOUT_PROJECTOR_OUTPUT 3	/* the output keeps at least this many lines */

struct projector_layout {
	int cols, lines;
	bool too_small;		/* only notice, output and prompt are laid out */
	struct rect notice;
	struct rect status;
	struct rect header;	/* the phase line and the scheme's name */
	struct rect lesson;	/* the lesson or demo step, when one is followed */
	struct rect body;	/* every group, blank lines between them included */
	struct rect group[LAYOUT_PROJECTOR_GROUPS];	/* a heading line, then rows */
	int ngroups, rows;	/* groups laid out, rows under each heading */
	struct rect syscall;	/* one line */
	struct rect output;
	struct rect prompt;
};

void layout_compute(int cols, int lines, struct layout *l);
/* Lays out ngroups groups (1 to LAYOUT_PROJECTOR_GROUPS) and, when
 * lesson_lines > 0, that many lines of lesson, as far as they fit: rows per
 * group shrink first, then the lesson goes. */
void layout_projector(int cols, int lines, int ngroups, int lesson_lines,
    struct projector_layout *p);
/* Gives the lesson step a region of want lines (its header included) under
 * the pane, as far as the pane keeps pane_min lines (its header and column
 * titles included) and the output a seventh of the screen; the call shrinks
 * to one line. */
void layout_add_lesson(struct layout *l, int want, int pane_min);

/* The lines the pane keeps beside a lesson: its header, the column titles
 * and three rows, or one line saying there is no experiment yet. */
#define LAYOUT_LESSON_PANE(has_rows) ((has_rows) ? 5 : 3)
/* True when a and b share a cell (empty rectangles share nothing). */
bool rect_overlap(const struct rect *a, const struct rect *b);
/* True when r lies inside a cols x lines screen. */
bool rect_inside(const struct rect *r, int cols, int lines);

#endif
