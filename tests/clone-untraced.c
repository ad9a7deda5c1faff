/* For tests/trace.sh: a child made with clone(CLONE_UNTRACED | SIGCHLD),
 * or with "ptrace" as argument CLONE_UNTRACED | CLONE_PTRACE | SIGCHLD (the
 * kernel attaches the child all the same, and reports no fork event).  The
 * child exits 0 at once; the parent waits for it and exits with its status. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack[64 * 1024];

static int
child(void *arg)
{
	(void)arg;
	return 0;
}

int
main(int argc, char **argv)
{
	int flags = CLONE_UNTRACED | SIGCHLD;
	if (argc > 1 && strcmp(argv[1], "ptrace") == 0)
		flags |= CLONE_PTRACE;
	pid_t pid = clone(child, stack + sizeof(stack), flags, NULL);
	if (pid < 0)
		return 2;
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return 3;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 4;
}
