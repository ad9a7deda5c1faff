/* sleeper: a process, a child and a thread that sleep.  A safety test.
 *
 * What it shows: a program to kill while it is being traced.  It forks one
 * child and makes one thread, and all three sleep for SECONDS (default 60);
 * then it waits for them and exits 0.  Killing it mid-trace must leave no
 * process behind: the child asks to be killed with its parent
 * (PR_SET_PDEATHSIG), and a tracer must end the rest. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned seconds = 60;

static void *
doze(void *arg)
{
	sleep(seconds);
	return arg;
}

int
main(int argc, char **argv)
{
	if (argc > 2 || (argc == 2 && atoi(argv[1]) <= 0)) {
		fprintf(stderr, "usage: sleeper [SECONDS]\n");
		return 2;
	}
	if (argc == 2)
		seconds = (unsigned)atoi(argv[1]);

	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) == 0 && getppid() == parent)
			sleep(seconds);
		_exit(0);
	}

	pthread_t t;
	int err = pthread_create(&t, NULL, doze, NULL);
	if (err != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(err));
		return 1;
	}
	sleep(seconds);
	pthread_join(t, NULL);
	int status;
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 1;
	}
	return 0;
}
