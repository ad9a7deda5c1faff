/* The pane's cost chart: what `cost` measured, drawn as bars in the pane's
 * region (render/cost-text.c lays it out; this draws its segments). */
#ifndef CLONESH_COSTCHART_H
#define CLONESH_COSTCHART_H

#include <stdbool.h>

#include <curses.h>

#include "cost-text.h"
#include "cost.h"
#include "layout.h"

/* How pane.c writes text: at y, x, at most width columns, in attributes a. */
typedef int (*costchart_put_fn)(int y, int x, int width, const char *s, attr_t a);

/* Draws c in r, each segment in attrs[its role]. */
void costchart_draw(const struct rect *r, const struct cost_result *c, bool utf8,
    const attr_t attrs[COST_SEG_NOTE + 1], costchart_put_fn put);

#endif
