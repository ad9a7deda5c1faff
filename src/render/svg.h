/* The diagram of an observation as a standalone SVG 1.1 document, for
 * handouts and slides (snapshot --svg, transcript --svg): the parent task
 * on the left, the child's on the right, the kernel objects between them
 * (model/kobjects.h), a shared one drawn once with both tasks' arrows, a
 * copied one twice, one not measured dashed with "?" and the reason.  It
 * reads the observation's measurements only, never its flags.  No font
 * files, scripts or external references; every word is a <text>. */
#ifndef CLONESH_SVG_H
#define CLONESH_SVG_H

#include <stdio.h>

struct observation;

/* Writes o's diagram, as far as the phase it reached, to f. */
void svg_diagram(const struct observation *o, FILE *f);

#endif
