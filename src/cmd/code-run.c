/*
 * code --run: the exported program compiled with the system's C compiler in
 * a temporary directory and run, then set against clonesh's own lab for
 * the same settings.  The program is the learner's own code (it could be
 * compiled and run outside clonesh just as well): it runs with the
 * learner's credentials, in a process group of its own, killed with its
 * whole group at the experiment's timeout.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "code-run.h"
#include "util.h"

extern char **environ;

/* The compiler: $CC, else cc, looked up in $PATH; false when there is none. */
static bool
compiler_find(const char **cc)
{
	const char *want = getenv("CC");
	if (!want || !*want)
		want = "cc";
	*cc = want;
	if (strchr(want, '/'))
		return access(want, X_OK) == 0;
	const char *path = getenv("PATH");
	char dir[4096];
	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");
		snprintf(dir, sizeof(dir), "%.*s/%s", (int)n, p, want);
		if (access(dir, X_OK) == 0)
			return true;
		p += n + (p[n] == ':');
	}
	return false;
}

int
code_compile(const char *src, const char *prog, const char *errfile, char *msg, size_t size)
{
	const char *cc;
	if (!compiler_find(&cc)) {
		snprintf(msg, size, "no C compiler: \"%s\" is %s (install one: apt-get install gcc; or "
		    "set CC)", cc, strchr(cc, '/') ? "not an executable" : "not found in PATH");
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	char std[] = "-std=gnu11", opt[] = "-O1", o[] = "-o";
	char *argv[] = { (char *)cc, std, opt, o, (char *)prog, (char *)src, NULL };
	pid_t pid;
	int err = posix_spawnp(&pid, cc, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		snprintf(msg, size, "could not run %s: %s", cc, strerror(err));
		return -1;
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		snprintf(msg, size, "%s could not compile it (its messages follow)", cc);
		return 1;
	}
	return 0;
}

/* Reads what the program writes until it ends or the deadline passes. */
static void
run_collect(int fd, pid_t pid, int timeout_ms, struct code_result *r)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long spent = (now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000;
		if (spent >= timeout_ms) {
			r->timed_out = true;
			kill(-pid, SIGKILL);
			return;
		}
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, (int)(timeout_ms - spent)) <= 0)
			continue;
		char *end = r->output + r->len;
		ssize_t n = read(fd, end, sizeof(r->output) - 1 - r->len);
		if (n <= 0)
			return;
		r->len += (size_t)n;
		r->output[r->len] = '\0';
		if (r->len + 1 >= sizeof(r->output))
			return;
	}
}

int
code_execute(const char *prog, int timeout_ms, struct code_result *r)
{
	memset(r, 0, sizeof(*r));
	int out[2];
	if (pipe2(out, O_CLOEXEC) < 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(out[0]);
		close(out[1]);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		int null = open("/dev/null", O_RDONLY);
		if (null < 0 || dup2(null, 0) < 0 || dup2(out[1], 1) < 0 || dup2(out[1], 2) < 0)
			_exit(127);
		/* exec keeps ignored signals ignored and the mask: the program
		 * starts as from a shell, not with clonesh's. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		for (int sig = 1; sig < NSIG; sig++)
			if (sig != SIGKILL && sig != SIGSTOP)
				signal(sig, SIG_DFL);
		execl(prog, prog, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid);
	close(out[1]);
	run_collect(out[0], pid, timeout_ms, r);
	close(out[0]);
	/* The program and anything of its group (a CLONE_PARENT child, orphans
	 * clonesh adopted as the subreaper): all reaped, none left behind. */
	if (!r->timed_out)
		kill(-pid, SIGKILL);
	int st;
	while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR)
		;
	r->status = st;
	while (waitpid(-pid, NULL, __WALL) > 0 || errno == EINTR)
		;
	return 0;
}
