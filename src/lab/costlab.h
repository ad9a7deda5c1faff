/* The cost lab: a process clonesh forks for `cost`, which allocates and
 * touches the memory, times each way of creating a child (model/cost.h) and
 * hands the figures back through a pipe, then exits: its memory, touched
 * pages and page tables, is never clonesh's. */
#ifndef CLONESH_COSTLAB_H
#define CLONESH_COSTLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cost.h"

/* Called about every 10 ms while the lab works; true ends it (Ctrl-C). */
typedef bool (*costlab_poll_fn)(void *data);

/* One lab holding bytes of touched memory: fills *z.  0; 1 when poll
 * ended it; -1 with the reason in err (fork or pipe failed, the lab died
 * or reported a failure of its own). */
int costlab_measure(uint64_t bytes, int runs, costlab_poll_fn poll, void *data,
    struct cost_size *z, char *err, size_t errlen);

/* MemAvailable of /proc/meminfo in bytes, or 0 when unknown. */
uint64_t costlab_available(void);

#endif
