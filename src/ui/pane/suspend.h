/* Ctrl-Z: stopping clonesh's job as a shell's job control expects, for the
 * front ends that read the terminal raw (the pane) or own SIGTSTP (plain). */
#ifndef CLONESH_SUSPEND_H
#define CLONESH_SUSPEND_H

/* Stops clonesh's process group (SIGTSTP, as the terminal's Ctrl-Z would)
 * and returns once it is continued.  The caller gives the terminal back
 * before and takes it again after.  0 when it stopped; -1 when it could
 * not: the kernel drops a stop for an orphaned process group (no
 * job-control shell started clonesh, so none could continue it). */
int suspend_job(void);

/* Why suspend_job() failed, for a message after "Ctrl-Z: ". */
#define SUSPEND_REFUSED "cannot suspend: no job-control shell would resume clonesh " \
	"(orphaned process group)"

#endif
