/* The lab: a disposable process forked from clonesh that is the parent of
 * the experiment.  clonesh itself observes the pair (kcmp, /proc, the lab's
 * memory) while the child is parked at each phase, so even a lab suspended
 * by CLONE_VFORK or killed with its thread group is observed. */
#ifndef CLONESH_LAB_H
#define CLONESH_LAB_H

#include <stdbool.h>

#include "experiment.h"
#include "observation.h"

struct lab_hooks {
	/* Called while the observer waits (about every 10 ms); return true to
	 * interrupt the experiment (Ctrl-C). */
	bool (*poll)(void *data);
	/* Called after each phase's snapshot, for the pane. May be NULL. */
	void (*phase)(void *data, enum phase p, const struct observation *o);
	void *data;
};

/* Once at start-up: become a child subreaper (CLONE_PARENT children and
 * orphans of a dead lab come back to us), set up what the lab needs. */
int lab_init(void);

/* Runs the experiment e and fills o.  Returns 0 when the experiment ran
 * (whatever the child did), -1 with errno when the lab could not be set up.
 * When force is false the caller has validated e. */
int lab_run(const struct experiment *e, bool force, const struct lab_hooks *hooks,
    struct observation *o);

#endif
