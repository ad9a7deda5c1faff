/*
 * The cost lab.  clonesh forks it (a copy of clonesh, whose own memory is
 * small); it maps the memory, asks for small pages (MADV_NOHUGEPAGE: the
 * page tables then hold one entry per 4 KiB page, which fork copies),
 * writes one byte in every page, reads its VmPTE and VmRSS, then times
 * each method COST_RUNS times (fork's last: see lab_measure).  What is timed is the same
 * for all five: CLOCK_MONOTONIC read just before the call and just after
 * it returned in the parent.  The child is reaped (or the thread joined)
 * after the clock stopped.  Each child exits at once, except
 * posix_spawn's, which execs /bin/true: posix_spawn returns in the parent
 * only once the child has exec'd (glibc 2.36 passes CLONE_VM|CLONE_VFORK),
 * so its time holds the exec up to the moment the child left the parent's
 * memory; vfork's holds the child's run to _exit.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "costlab.h"

extern char **environ;

#define COST_STACK (64 * 1024)
#define COST_TIMEOUT_MS (180 * 1000)	/* one size, at most */

static long long
now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* "Name:   123 kB" of /proc/self/status, in kB; -1 when absent. */
static long
status_kb(const char *name)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	long v = -1;
	size_t n = strlen(name);
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, name, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	if (f)
		fclose(f);
	return v;
}

uint64_t
costlab_available(void)
{
	FILE *f = fopen("/proc/meminfo", "re");
	char line[256];
	uint64_t v = 0;
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, "MemAvailable:", 13) == 0)
			v = strtoull(line + 13, NULL, 10) * 1024;
	if (f)
		fclose(f);
	return v;
}

static int
clone_child(void *arg)
{
	(void)arg;
	return 0;
}

static void *
thread_main(void *arg)
{
	return arg;
}

/* vfork alone in its function: the child shares this frame until _exit. */
static pid_t __attribute__((noinline))
time_vfork(long long *ns)
{
	long long t0 = now_ns();
	pid_t p = vfork();
	if (p == 0)
		_exit(0);
	*ns = now_ns() - t0;
	return p;
}

/* One creation by method m, timed into *ns; 0, or the errno of the failed call. */
static int
time_one(enum cost_method m, char *stack, long long *ns)
{
	pid_t p = -1;
	pthread_t th;
	int err = 0;
	long long t0 = now_ns();

	switch (m) {
	case COST_FORK:
		p = fork();
		if (p == 0)
			_exit(0);
		*ns = now_ns() - t0;
		break;
	case COST_VFORK:
		p = time_vfork(ns);
		break;
	case COST_CLONE_VM:
		p = clone(clone_child, stack + COST_STACK, CLONE_VM | SIGCHLD, NULL);
		*ns = now_ns() - t0;
		break;
	case COST_POSIX_SPAWN: {
		char *argv[] = { (char *)"true", NULL };
		err = posix_spawn(&p, "/bin/true", NULL, NULL, argv, environ);
		*ns = now_ns() - t0;
		if (err)
			return err;
		break;
	}
	case COST_PTHREAD:
		err = pthread_create(&th, NULL, thread_main, NULL);
		*ns = now_ns() - t0;
		if (err)
			return err;
		pthread_join(th, NULL);
		return 0;
	default:
		return EINVAL;
	}
	if (p < 0)
		return errno;
	while (waitpid(p, NULL, 0) < 0 && errno == EINTR)
		;
	return 0;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static const char *const method_call[COST_NMETHODS] = {
	"fork", "vfork", "clone", "posix_spawn", "pthread_create",
};

/* In the lab: the whole measurement of one size, into *z; 0, or an errno
 * with what failed in z->t[0].call. */
static int
lab_measure(uint64_t bytes, int runs, struct cost_size *z)
{
	static long long ns[COST_NMETHODS][COST_RUNS * 4];
	char *mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *stack = mmap(NULL, COST_STACK, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (mem == MAP_FAILED || stack == MAP_FAILED) {
		snprintf(z->t[0].call, sizeof(z->t[0].call), "mmap");
		return errno;
	}
	madvise(mem, bytes, MADV_NOHUGEPAGE);
	for (uint64_t off = 0; off < bytes; off += 4096)
		mem[off] = 1;
	z->vm_pte_kb = status_kb("VmPTE");
	z->vm_rss_kb = status_kb("VmRSS");
	/* Each method's runs together, fork's last, after one unmeasured call
	 * (pthread_create's first call maps the thread's stack, which later
	 * calls take from glibc's cache).  Measured on this machine: with the
	 * methods taking turns, vfork timed just after a reaped fork child of
	 * a 256m lab had a median 7 times its median at 1m; in a block of its
	 * own, before any fork, it is flat.  What a fork child leaves for the
	 * kernel to finish after it was reaped is fork's to pay, not the next
	 * method's. */
	static const enum cost_method order[COST_NMETHODS] = {
		COST_VFORK, COST_CLONE_VM, COST_POSIX_SPAWN, COST_PTHREAD, COST_FORK,
	};
	for (int k = 0; k < COST_NMETHODS; k++)
		for (int r = -1, m = order[k]; r < runs; r++) {
			long long t = 0;
			if (z->t[m].err)
				continue;
			int e = time_one(m, stack, &t);
			if (e) {
				z->t[m].err = e;
				snprintf(z->t[m].call, sizeof(z->t[m].call), "%s", method_call[m]);
			} else if (r >= 0) {
				ns[m][r] = t;
			}
		}
	for (int m = 0; m < COST_NMETHODS; m++) {
		if (z->t[m].err)
			continue;
		qsort(ns[m], (size_t)runs, sizeof(ns[m][0]), cmp_ll);
		z->t[m].min_ns = ns[m][0];
		z->t[m].max_ns = ns[m][runs - 1];
		z->t[m].median_ns = runs % 2 ? ns[m][runs / 2] :
		    (ns[m][runs / 2 - 1] + ns[m][runs / 2]) / 2;
	}
	return 0;
}

static void __attribute__((noreturn))
lab_main(pid_t clonesh, int fd, uint64_t bytes, int runs)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != clonesh)
		_exit(1);
	prctl(PR_SET_NAME, "clonesh-cost");
	signal(SIGPIPE, SIG_IGN);
	signal(SIGCHLD, SIG_DFL);
	int null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
	}
	/* On one CPU, the one it runs on: parent and child take turns there,
	 * so no wake-up crosses CPUs.  Measured here on a busy machine with two
	 * CPUs: unpinned, vfork's median at 256m went from 17 µs to 255 µs
	 * from one run to the next; pinned, it stayed between 20 and 29 µs.
	 * Where the affinity cannot be set the lab runs unpinned. */
	cpu_set_t one;
	int cpu = sched_getcpu();
	CPU_ZERO(&one);
	CPU_SET(cpu < 0 ? 0 : cpu, &one);
	if (cpu >= 0)
		sched_setaffinity(0, sizeof(one), &one);
	struct cost_size z;
	memset(&z, 0, sizeof(z));
	z.bytes = bytes;
	for (int m = 0; m < COST_NMETHODS; m++)
		z.t[m].median_ns = z.t[m].min_ns = z.t[m].max_ns = -1;
	int e = lab_measure(bytes, runs, &z);
	struct { int err; struct cost_size z; } msg = { e, z };
	_exit(write(fd, &msg, sizeof(msg)) == (ssize_t)sizeof(msg) ? 0 : 1);
}

static void
reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int
costlab_measure(uint64_t bytes, int runs, costlab_poll_fn poll_fn, void *data,
    struct cost_size *z, char *err, size_t errlen)
{
	int p[2];
	if (runs < 1 || runs > COST_RUNS * 4) {
		snprintf(err, errlen, "runs: %d is not from 1 to %d", runs, COST_RUNS * 4);
		return -1;
	}
	if (pipe2(p, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	pid_t clonesh = getpid();
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		/* Its own process group: a Ctrl-C is clonesh's, which ends it. */
		setpgid(0, 0);
		lab_main(clonesh, p[1], bytes, runs);
	}
	close(p[1]);
	setpgid(pid, pid);
	struct { int err; struct cost_size z; } msg;
	size_t got = 0;
	int waited = 0, rc = 0;
	while (got < sizeof(msg)) {
		struct pollfd pf = { p[0], POLLIN, 0 };
		int n = poll(&pf, 1, 10);
		if (n < 0 && errno != EINTR)
			break;
		if (poll_fn && poll_fn(data)) {
			rc = 1;
			break;
		}
		if ((waited += 10) > COST_TIMEOUT_MS) {
			snprintf(err, errlen, "the lab took more than %d s", COST_TIMEOUT_MS / 1000);
			rc = -1;
			break;
		}
		if (n <= 0)
			continue;
		ssize_t r = read(p[0], (char *)&msg + got, sizeof(msg) - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(p[0]);
	if (got < sizeof(msg)) {
		/* Its children are its own: they die with it (its group). */
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		reap(pid);
		if (rc == 0) {
			snprintf(err, errlen, "the lab ended before it reported");
			rc = -1;
		}
		return rc;
	}
	reap(pid);
	if (msg.err) {
		snprintf(err, errlen, "%s: %s", msg.z.t[0].call, strerror(msg.err));
		return -1;
	}
	*z = msg.z;
	return 0;
}
