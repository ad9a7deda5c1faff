/* threads1000: 1,000 threads, each of which exits at once.  A safety test.
 *
 * What it shows: many creations in a short time, as the tracer's benchmark
 * and its event bound need.  All 1,000 are made, then joined; each has a
 * small stack (64 KiB) so that 1,000 live threads cost little memory. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define THREADS 1000

static void *
nothing(void *arg)
{
	return arg;
}

int
main(void)
{
	static pthread_t t[THREADS];
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);

	int made = 0, failed = 0;
	for (int i = 0; i < THREADS; i++) {
		int err = pthread_create(&t[made], &attr, nothing, NULL);
		if (err != 0) {
			if (!failed++)
				fprintf(stderr, "pthread_create: %s\n", strerror(err));
			continue;
		}
		made++;
	}
	pthread_attr_destroy(&attr);
	for (int i = 0; i < made; i++)
		pthread_join(t[i], NULL);
	return failed ? 1 : 0;
}
