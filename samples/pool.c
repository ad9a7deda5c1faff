/* pool: a pool of 4 threads taking 16 jobs from a queue.
 *
 * What it shows: what a server or a runtime's worker pool does: a few
 * threads made at start-up (four pthread_create calls, four clones with the
 * same flags), which then wait on a condition variable for work.  No thread
 * is made per job. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define WORKERS 4
#define JOBS 16

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t more = PTHREAD_COND_INITIALIZER;
static int queued;     /* jobs put in the queue so far */
static int taken;      /* jobs taken by a worker */
static long done_sum;  /* the sum of the jobs done, checked at the end */
static bool closing;   /* no more jobs will come */

static void *
worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		while (taken == queued && !closing)
			pthread_cond_wait(&more, &lock);
		if (taken == queued)
			break; /* closing and nothing left */
		int job = ++taken;
		pthread_mutex_unlock(&lock);
		long result = job; /* the work itself */
		pthread_mutex_lock(&lock);
		done_sum += result;
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int
main(void)
{
	pthread_t pool[WORKERS];
	for (int i = 0; i < WORKERS; i++) {
		int err = pthread_create(&pool[i], NULL, worker, NULL);
		if (err != 0) {
			fprintf(stderr, "pthread_create: %s\n", strerror(err));
			return 1;
		}
	}

	for (int j = 0; j < JOBS; j++) {
		pthread_mutex_lock(&lock);
		queued++;
		pthread_cond_signal(&more);
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	closing = true;
	pthread_cond_broadcast(&more);
	pthread_mutex_unlock(&lock);

	for (int i = 0; i < WORKERS; i++)
		pthread_join(pool[i], NULL);
	return done_sum == (long)JOBS * (JOBS + 1) / 2 ? 0 : 1;
}
