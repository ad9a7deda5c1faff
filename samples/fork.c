/* fork: glibc's fork().
 *
 * What it shows: the most common way a program makes a process.  glibc's
 * fork() is a clone system call asking for a copy of everything (no CLONE_VM,
 * no CLONE_FILES...) and SIGCHLD as the exit signal, plus the two flags glibc
 * adds for its own thread bookkeeping (doc/samples.md has what strace shows).
 * The child exits at once; the parent waits for it. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0)
		_exit(0);

	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
