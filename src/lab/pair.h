/* Measuring a parent and its new child from outside, both stopped or
 * parked: what an experiment's lab and child share, and what a traced
 * program's creation shares (trace.c).  Every verdict is kcmp's or
 * /proc's; what cannot be measured stays -1 with the reason. */
#ifndef CLONESH_PAIR_H
#define CLONESH_PAIR_H

#include <sys/types.h>

#include "observation.h"
#include "resources.h"

/* kcmp for each resource of resources_table into o->shared[]; child <= 0
 * leaves them unmeasured ("the child's pid could not be found"). */
void pair_measure_shared(struct observation *o, pid_t parent, pid_t child);

/* Each namespace of both into o->ns[]: the parent's from parent_ns when
 * it was read before (NULL otherwise), else through parent_pidfd or /proc;
 * the child's through child_pidfd or /proc. */
void pair_measure_ns(struct observation *o, pid_t parent, int parent_pidfd,
    const struct ns_inodes *parent_ns, pid_t child, int child_pidfd);

/* A traced creation: shared[], ns[], the ids of both from /proc/PID/status
 * (pid, tgid, ppid, uid, gid), the exit signal the kernel stored, the
 * parent's threads and state.  Both must be stopped; nothing is asked of
 * the child itself, so what only it could say stays -1.  null_ref: a
 * process known to have no I/O context and no SysV undo list (0: none),
 * which tells a shared one from two NULLs. */
void pair_measure(struct observation *o, pid_t parent, pid_t child, pid_t null_ref);

#endif
