/* "why": ties each difference an observation shows to its cause, the flag
 * (or its absence) and the kernel rule, with the measurement behind it. */
#ifndef CLONESH_WHY_H
#define CLONESH_WHY_H

#include <stddef.h>

struct observation;
struct output;

/* Prints one explanation per row of the observation, as "topic: text". */
void why_explain(const struct observation *o, struct output *out);
/* The explanation ("vm: copied: no CLONE_VM, ...") of the row that the
 * observation path ("effects.global.parent_sees", "effects.fds[fd=4].in_parent")
 * belongs to, in buf; NULL when no row covers it. */
const char *why_reason(const struct observation *o, const char *path, char *buf, size_t size);
/* Prints text as one paragraph wrapped at 76 columns, continuation lines
 * indented by 4 (why's lines and predict's grades). */
void why_print(struct output *out, const char *text);

#endif
