/* clone3: the clone3 system call, called by hand.
 *
 * What it shows: clone3 takes its arguments in a struct clone_args instead
 * of a row of registers.  glibc 2.36 has no clone3() function for programs
 * (it calls clone3 only inside pthread_create and posix_spawn), so this
 * program uses syscall(SYS_clone3, ...).  The child is a copy, as with
 * fork() (no CLONE_VM: returning from syscall() into the copied stack is
 * safe), and clone3 hands the parent a pidfd for it (CLONE_PIDFD). */
#include <linux/sched.h> /* struct clone_args, CLONE_PIDFD */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	int pidfd = -1;
	struct clone_args args;
	memset(&args, 0, sizeof(args));
	args.flags = CLONE_PIDFD;
	args.pidfd = (uint64_t)(uintptr_t)&pidfd; /* the kernel writes the pidfd here */
	args.exit_signal = SIGCHLD;               /* the parent is told of the exit, as by fork */

	long pid = syscall(SYS_clone3, &args, sizeof(args));
	if (pid < 0) {
		perror("clone3");
		return 1;
	}
	if (pid == 0)
		_exit(0); /* the child: a copy of the parent, at this line */

	int status;
	if (waitpid((pid_t)pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	close(pidfd);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
