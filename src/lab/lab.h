/* The lab: a disposable process of the lab program (clonesh-lab; a copy of
 * clonesh where that cannot run), clonesh's child, that is the parent of
 * the experiment.  clonesh itself observes the pair (kcmp, /proc, the lab's
 * memory) while the child is parked at each phase, so even a lab suspended
 * by CLONE_VFORK or killed with its thread group is observed. */
#ifndef CLONESH_LAB_H
#define CLONESH_LAB_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

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
/* The program the labs run: the lab program's path, or NULL when they are
 * copies of clonesh, with why in why (no maker, or why the exec failed);
 * how many mappings the maker has, which its labs start with, and clonesh
 * has, in *maker_maps and *own_maps (-1 unread). */
const char *lab_program(char *why, size_t len, int *maker_maps, int *own_maps);

/* clonesh's own safety refusals, which --force does not override (sethostname
 * without CLONE_NEWUTS would change this machine's hostname).  0, or -1 with a message. */
int lab_refusal(const struct experiment *e, char *err, size_t errlen);

/* The system call as strace would print it, e.g.
 * clone(child_stack=0x7f..., flags=CLONE_VM|SIGCHLD) = 4242 (ret < 0: -errno;
 * LAB_RET_PENDING: "= ?", the call has not returned yet). */
#define LAB_RET_PENDING LONG_MIN
void lab_format_syscall(const struct experiment *e, unsigned long stack, long ret,
    char *buf, size_t len);

/* Runs the experiment e and fills o.  Returns 0 when the experiment ran
 * (whatever the child did), -1 with errno when the lab could not be set up.
 * When force is false the caller has validated e. */
int lab_run(const struct experiment *e, bool force, const struct lab_hooks *hooks,
    struct observation *o);

/* What the running experiment's child (o's, which lab_run is filling) is
 * doing at this moment, from its scheduler state: for a front end's live
 * line, so that the front end renders a fact and reads no /proc itself. */
enum lab_child_state {
	LAB_CHILD_GONE,		/* reaped, never started, or stopped or traced (not named) */
	LAB_CHILD_RUNNING,	/* R: on a CPU or ready for one */
	LAB_CHILD_SLEEPING,	/* S: waiting, interruptibly */
	LAB_CHILD_WAITING,	/* D: waiting uninterruptibly (usually on I/O) */
	LAB_CHILD_ZOMBIE,	/* Z: ended, not yet reaped */
};
enum lab_child_state lab_child_state(const struct observation *o);

#endif
