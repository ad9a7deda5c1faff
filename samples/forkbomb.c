/* forkbomb: forks without end; each child forks again.  A safety test.
 *
 * What it shows: what a tracer must survive.  Each process forks one child
 * and waits for it; the child does the same, so the chain grows by one
 * process per fork until fork fails (the process limit, pid_max) or a
 * tracer's bound stops it.  Then each process exits 0, from the bottom up.
 *
 * Never run it untraced without a bound: as root no process limit applies.
 * `forkbomb N` stops after N generations (for tests); without N it never
 * stops by itself.  Each child asks to be killed when its parent dies
 * (PR_SET_PDEATHSIG), so killing the first process ends the whole chain. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long limit = argc > 1 ? strtol(argv[1], NULL, 10) : 0; /* 0: no end */
	if (argc > 2 || limit < 0) {
		fprintf(stderr, "usage: forkbomb [GENERATIONS]\n");
		return 2;
	}

	for (long generation = 1; limit == 0 || generation <= limit; generation++) {
		pid_t parent = getpid();
		pid_t pid = fork();
		if (pid < 0)
			return 0; /* fork refused: this process is the last one */
		if (pid == 0) {
			/* The child: die with the parent, then fork again. */
			if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
				_exit(0);
			continue;
		}
		int status;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		return 0;
	}
	return 0;
}
