/* The kernel-object model (model/kobjects.h) as the textbook draws it, laid
 * out in lines of text for a terminal of a given size: the parent task on
 * the left, the child on the right, each object a box with its struct's
 * name and a line of content.  A shared object is one box with an arrow
 * from each task; a copied or new one a box each; one not measured a
 * dashed box with '?' and the reason, and no arrow.  Each state has its
 * own box lines and its word, so it reads without colour; the role of a
 * run only repeats it.  Plain data: the pane draws the lines, plain mode
 * prints them. */
#ifndef CLONESH_DIAGRAM_H
#define CLONESH_DIAGRAM_H

#include <stdbool.h>

#include "groups.h"
#include "kobjects.h"

struct output;

#define DIAGRAM_MAX_COLS 256
/* The widest a diagram is laid out: its boxes stop growing before, and
 * arrows across a wide screen would say nothing more. */
#define DIAGRAM_WIDE 112
#define DIAGRAM_MAX_LINES 80
#define DIAGRAM_MAX_RUNS 32

/* What a run of cells is, for its colour: the state it draws. */
enum diagram_role {
	DG_PLAIN, DG_SHARED, DG_COPIED, DG_NEW, DG_UNKNOWN, DG_PENDING, DG_FAILED, DG_TASK, DG_HINT,
};

struct diagram_run {
	int x, w;		/* in cells */
	int at, len;		/* its bytes in the line's text */
	enum diagram_role role;
};

struct diagram_line {
	char text[DIAGRAM_MAX_COLS * 3 + 1];
	struct diagram_run runs[DIAGRAM_MAX_RUNS];
	int nruns;
};

struct diagram_cell {
	const char *glyph;	/* a static string of one cell, or NULL for ch */
	char ch;
	unsigned char role;
};

struct diagram {
	int w, h;		/* the size it was laid out for */
	int nlines;		/* lines used, from the top */
	bool tall;		/* boxes three lines high (else one) */
	int left_out;		/* objects that did not fit */
	struct diagram_line lines[DIAGRAM_MAX_LINES];
	struct diagram_cell cells[DIAGRAM_MAX_LINES][DIAGRAM_MAX_COLS];	/* the work area */
};

/* Lays g out in at most width x height cells (capped at the maxima above);
 * utf8 false draws the boxes in ASCII; projector: fewer, larger boxes (the
 * open file descriptions folded by state, no I/O context or undo list).
 * focus (1 << VG_*, 0 none): the groups whose objects give way last when
 * the height is short (a lesson step's focus, beside its page). */
void diagram_render(const struct kgraph *g, int width, int height, bool utf8, bool projector,
    unsigned int focus, struct diagram *d);
/* Writes the lines as text, without trailing blanks. */
void diagram_print(const struct diagram *d, struct output *out);

#endif
