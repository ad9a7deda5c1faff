/* posix-spawn: posix_spawn() of /bin/true.
 *
 * What it shows: how glibc starts another program without fork's copy.
 * posix_spawn makes the child with CLONE_VM|CLONE_VFORK on a stack of its
 * own, so the parent's memory is shared, not copied, and the parent waits
 * until the child has exec'd. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

extern char **environ;

int
main(void)
{
	char arg0[] = "true"; /* posix_spawn's argv is not const */
	char *argv[] = { arg0, NULL };
	pid_t pid;
	int err = posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ);
	if (err != 0) {
		fprintf(stderr, "posix_spawn: %s\n", strerror(err));
		return 1;
	}

	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
