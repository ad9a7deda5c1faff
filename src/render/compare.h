/* compare A B (render/compare.c): two observations side by side, field by
 * field as the field table (fields.c) lists them for compare, with the
 * differences marked.  It reads observations only. */
#ifndef CLONESH_COMPARE_H
#define CLONESH_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

struct observation;
struct output;

/* A row of the comparison: its group and label, the two values as compare
 * tells them, whether they differ, and whether either was not measured
 * ("not measured", "?"), when a difference cannot be told (a_unknown: the
 * first one was not). */
struct compare_cell {
	char group[24], name[24];
	char a[160], b[160];
	bool differ, unknown, a_unknown;
};

/* The rows compare shows for a and b, in its order, at most max into cells;
 * how many.  For a caller that shows some of them (drill --reverse). */
size_t compare_cells(const struct observation *a, const struct observation *b,
    struct compare_cell *cells, size_t max);
/* Prints the comparison of a and b. */
void compare_render(const struct observation *a, const struct observation *b, struct output *out);
/* How the experiment ended, in a few words: "exited 0", "refused EINVAL". */
const char *compare_outcome(const struct observation *o, char *buf, size_t len);

#endif
