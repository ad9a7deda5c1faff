/* snapshot FILE without the pane (render/snapshot.c): the last observation
 * laid out as the pane shows it, in 100 columns of text.  It reads an
 * observation only; the pane's own snapshot is the front end's. */
#ifndef CLONESH_SNAPSHOT_H
#define CLONESH_SNAPSHOT_H

#include <stdio.h>

struct observation;

/* Writes o's rows (group, label, parent, verdict, child) to f. */
void snapshot_view(const struct observation *o, FILE *f);

#endif
