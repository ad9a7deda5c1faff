/* system: system("true").
 *
 * What it shows: system() runs a command through /bin/sh.  glibc makes the
 * shell's process the way posix_spawn does (CLONE_VM|CLONE_VFORK), and the
 * shell may make more processes of its own for the command.  system()
 * waits for the shell itself. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

int
main(void)
{
	int status = system("true");
	if (status == -1) {
		perror("system");
		return 1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
