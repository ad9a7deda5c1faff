/* A fork as the lab would have measured it, for the unit tests of the
 * observation's renderers: lab 100, child 101, every kcmp measured two
 * objects, every namespace the same, fds 0..3 in both tables, each the same
 * open file description (/dev/null at offset 0), SIGCHLD listed.  A test
 * changes what it needs after. */
#ifndef CLONESH_TESTS_FORK_OBS_H
#define CLONESH_TESTS_FORK_OBS_H

#include <signal.h>

#include "observation.h"
#include "util.h"

static inline void
fork_observation(struct observation *o)
{
	observation_init(o);
	o->clone_ok = true;
	o->reached = PHASE_EXITED;
	o->parent.pid = o->parent.tid = 100;
	o->ids.pid_self = o->ids.tid = o->ids.tgid = o->ids.pid_in_parent_ns = 101;
	for (int i = 0; i < SH_COUNT; i++)
		o->shared[i].v = 0;
	for (int i = 0; i < NS_COUNT; i++) {
		o->ns[i].shared = 1;
		o->ns[i].parent = o->ns[i].child = 4026531835UL + (unsigned long)i;
	}
	o->nfds = 4;
	for (int i = 0; i < 4; i++) {
		o->fds[i].fd = i;
		o->fds[i].in_parent = o->fds[i].in_child = true;
		o->fds[i].same_ofd = 1;
		o->fds[i].parent_pos = o->fds[i].child_pos = 0;
		str_copy(o->fds[i].target, "/dev/null", sizeof(o->fds[i].target));
	}
	o->nsigs = 1;
	o->sigs[0].sig = SIGCHLD;
}

#endif
