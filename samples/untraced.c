/* untraced: a child made with CLONE_UNTRACED.  A safety test.
 *
 * What it shows: a flag that lets a child escape a tracer.  A tracer that
 * follows clones (ptrace's PTRACE_O_TRACECLONE and kin) attaches to every
 * new child automatically, except one made with CLONE_UNTRACED.  This
 * program makes such a child with glibc's clone() (fork-like otherwise:
 * SIGCHLD, no sharing); the child sleeps a little and exits, the parent
 * waits for it.  A tracer must at least see the call and say that the
 * child escaped. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE (64 * 1024)

static int
child(void *arg)
{
	(void)arg;
	usleep(10 * 1000); /* a moment in which a tracer could look for it */
	return 0;
}

int
main(void)
{
	char *stack = malloc(STACK_SIZE);
	if (!stack) {
		perror("malloc");
		return 1;
	}
	/* The stack grows down on every architecture Debian runs this on
	 * but hppa: the child starts at its top. */
	pid_t pid = clone(child, stack + STACK_SIZE, CLONE_UNTRACED | SIGCHLD, NULL);
	if (pid < 0) {
		perror("clone");
		return 1;
	}

	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	free(stack);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
