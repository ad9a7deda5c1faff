/* What `cost` measured, in words: the table of medians with the sentences
 * of what they show (plain mode), and the bar chart's lines (the pane). */
#ifndef CLONESH_COST_TEXT_H
#define CLONESH_COST_TEXT_H

#include <stdbool.h>

#include "cost.h"

struct output;

/* The figures as a table and what they show, for plain mode. */
void cost_text(const struct cost_result *c, bool utf8, struct output *out);

/* The chart as segments of text, each with what it is, for the pane to
 * draw in its own attributes: the numbers say it all; a bar is the first
 * columns of a number's cell, which the pane draws in reverse video. */
enum cost_seg_role { COST_SEG_TEXT, COST_SEG_HEAD, COST_SEG_BAR, COST_SEG_NOTE };

#define COST_CHART_LINES 16
#define COST_CHART_SEGS 24

struct cost_seg {
	int x;			/* the column it starts at */
	enum cost_seg_role role;
	char text[192];
};

struct cost_chart_line {
	int nsegs;
	struct cost_seg segs[COST_CHART_SEGS];
};

struct cost_chart {
	int nlines;
	struct cost_chart_line lines[COST_CHART_LINES];
};

/* Lays the chart out for width columns and at most height lines (the
 * sentences go first when there is no room). */
void cost_chart(const struct cost_result *c, int width, int height, bool utf8,
    struct cost_chart *ch);

#endif
