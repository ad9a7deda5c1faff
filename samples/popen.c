/* popen: popen("true", "r").
 *
 * What it shows: popen() runs a command through /bin/sh with a pipe to
 * read its output.  glibc makes the shell's process the way posix_spawn
 * does (CLONE_VM|CLONE_VFORK); pclose() waits for it. */
#include <stdio.h>
#include <sys/wait.h>

int
main(void)
{
	FILE *f = popen("true", "r");
	if (!f) {
		perror("popen");
		return 1;
	}
	char buf[256];
	while (fgets(buf, sizeof(buf), f)) /* "true" writes nothing */
		;
	int status = pclose(f);
	if (status == -1) {
		perror("pclose");
		return 1;
	}
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
