/* compare A B (render/compare.c): two observations side by side, field by
 * field as the field table (fields.c) lists them for compare, with the
 * differences marked.  It reads observations only. */
#ifndef CLONESH_COMPARE_H
#define CLONESH_COMPARE_H

#include <stddef.h>

struct observation;
struct output;

/* Prints the comparison of a and b. */
void compare_render(const struct observation *a, const struct observation *b, struct output *out);
/* How the experiment ended, in a few words: "exited 0", "refused EINVAL". */
const char *compare_outcome(const struct observation *o, char *buf, size_t len);

#endif
