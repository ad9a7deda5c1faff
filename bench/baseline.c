/* The least a clonesh experiment costs, done by hand N times: fork a lab,
 * clone a child (SIGCHLD, no flags) on a 64 KiB mmap'd stack that writes a
 * global and waits to be released, compare the pair with the six kcmp(2)
 * resource types while both are alive, release the child, reap both.
 * Prints experiments per second; bench/run.sh sets it against clonesh.
 * With -1 it first moves itself to the CPU it is on, so that its labs and
 * their children run there too (affinity is inherited): the way clonesh
 * runs each experiment, with its observer, on one CPU (src/lab/labcpu.c).
 *
 * Build: cc -O2 -o baseline bench/baseline.c */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* From <linux/kcmp.h>, which older UAPI headers lack. */
enum { KCMP_FILE, KCMP_VM, KCMP_FILES, KCMP_FS, KCMP_SIGHAND, KCMP_IO, KCMP_SYSVSEM };

#define STACK_SIZE (64 * 1024)

static volatile long global = 7;

struct child_arg {
	int release_fd;		/* the child blocks reading one byte from it */
};

static void die(const char *what)
{
	fprintf(stderr, "baseline: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The experiment's child: act, then wait for the observer to let go. */
static int child_main(void *p)
{
	const struct child_arg *a = p;
	char c;

	global = 42;
	while (read(a->release_fd, &c, 1) < 0 && errno == EINTR)
		;
	return 0;
}

/* In the lab: clone the child, tell the observer its pid, reap it. */
static void lab_main(int release_fd, int report_fd)
{
	struct child_arg a = { .release_fd = release_fd };
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	pid_t child;
	int status;

	if (stack == MAP_FAILED)
		die("mmap");
	child = clone(child_main, stack + STACK_SIZE, SIGCHLD, &a);
	if (child < 0)
		die("clone");
	if (write(report_fd, &child, sizeof child) != sizeof child)
		die("write");
	if (waitpid(child, &status, 0) != child)
		die("waitpid child");
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

/* One experiment, seen from the observer; returns how many kcmp calls said "same". */
static int experiment(void)
{
	static const int types[] = { KCMP_VM, KCMP_FILES, KCMP_FS, KCMP_SIGHAND, KCMP_IO, KCMP_SYSVSEM };
	int release[2], report[2], same = 0, status;
	pid_t lab, child;
	ssize_t n;

	if (pipe2(release, O_CLOEXEC) < 0 || pipe2(report, O_CLOEXEC) < 0)
		die("pipe");
	lab = fork();
	if (lab < 0)
		die("fork");
	if (lab == 0) {
		close(release[1]);
		close(report[0]);
		lab_main(release[0], report[1]);
	}
	close(release[0]);
	close(report[1]);
	while ((n = read(report[0], &child, sizeof child)) < 0 && errno == EINTR)
		;
	if (n != sizeof child) {
		errno = n < 0 ? errno : EPIPE;
		die("read child pid");
	}
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		long r = syscall(SYS_kcmp, lab, child, types[i], 0, 0);
		if (r < 0)
			die("kcmp");
		same += r == 0;
	}
	if (write(release[1], "x", 1) != 1)
		die("release");
	close(release[1]);
	close(report[0]);
	if (waitpid(lab, &status, 0) != lab)
		die("waitpid lab");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "baseline: lab failed (status 0x%x)\n", status);
		exit(1);
	}
	return same;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n = 500;
	int opt;
	double t0, dt;

	while ((opt = getopt(argc, argv, "1n:")) != -1) {
		char *end;

		if (opt == '1') {
			cpu_set_t one;
			int cpu = sched_getcpu();

			CPU_ZERO(&one);
			if (cpu < 0)
				die("sched_getcpu");
			CPU_SET(cpu, &one);
			if (sched_setaffinity(0, sizeof(one), &one) < 0)
				die("sched_setaffinity");
			continue;
		}
		if (opt != 'n')
			goto usage;
		errno = 0;
		n = strtol(optarg, &end, 10);
		if (errno || *end || n < 1 || n > 10000000)
			goto usage;
	}
	if (optind != argc)
		goto usage;

	t0 = now();
	for (long i = 0; i < n; i++)
		experiment();
	dt = now() - t0;
	printf("baseline: %ld experiments in %.3f s: %.1f experiments/s\n", n, dt, n / dt);
	return 0;
usage:
	fprintf(stderr, "usage: baseline [-1] [-n COUNT] (COUNT from 1 to 10000000; -1: on one CPU)\n");
	return 2;
}
