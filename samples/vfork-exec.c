/* vfork-exec: vfork() then exec of /bin/true.
 *
 * What it shows: vfork() makes a child that borrows the parent's memory
 * (CLONE_VM) while the parent is suspended (CLONE_VFORK) until the child
 * execs or exits.  The child may only call exec or _exit: anything else
 * would write into the parent's memory. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	pid_t pid = vfork();
	if (pid < 0) {
		perror("vfork");
		return 1;
	}
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127); /* exec failed: only _exit is allowed here */
	}

	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
