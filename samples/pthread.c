/* pthread: pthread_create(), one thread.
 *
 * What it shows: a thread is a task made by clone with the flags that share
 * nearly everything: memory, open files, the file-system information,
 * signal handlers and the thread group (CLONE_VM|CLONE_FS|CLONE_FILES|
 * CLONE_SIGHAND|CLONE_THREAD...).  The thread writes a global variable and
 * the main thread reads it: the memory is the same. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static int answer;

static void *
work(void *arg)
{
	(void)arg;
	answer = 42; /* the main thread sees this: CLONE_VM */
	return NULL;
}

int
main(void)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, work, NULL);
	if (err != 0) {
		fprintf(stderr, "pthread_create: %s\n", strerror(err));
		return 1;
	}
	err = pthread_join(t, NULL);
	if (err != 0) {
		fprintf(stderr, "pthread_join: %s\n", strerror(err));
		return 1;
	}
	return answer == 42 ? 0 : 1;
}
