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
#include "codegen.h"
#include "lesson.h"
#include "observation.h"
#include "resources.h"
#include "signals.h"
#include "util.h"

extern char **environ;

int
code_compile(const char *src, const char *prog, const char *errfile, char *msg, size_t size)
{
	const char *cc;
	if (!codegen_compiler(&cc)) {
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

static int
errno_by_name(const char *name)
{
	for (int e = 1; e < 200; e++) {
		const char *n = strerrorname_np(e);
		if (n && strcmp(n, name) == 0)
			return e;
	}
	return 0;
}

static int
cld_code_by_name(const char *name)
{
	for (int c = 1; c < 7; c++)
		if (strcmp(cld_code_name(c), name) == 0)
			return c;
	return 0;
}

/* One printed line read into o. */
static unsigned int
code_line(const char *l, struct observation *o)
{
	char w[64], w2[64];
	long n, m, pid;
	if (sscanf(l, "clone: returned %ld", &n) == 1) {
		o->clone_ok = true;
		return CODE_TOLD_CLONE;
	}
	if (sscanf(l, "clone: refused %63[A-Z0-9]", w) == 1) {
		o->clone_ok = false;
		o->clone_errno = errno_by_name(w);
		return CODE_TOLD_CLONE;
	}
	if (sscanf(l, "exit: status %ld", &n) == 1) {
		o->exit.known = o->exit.exited = true;
		o->exit.status = (int)n;
		return CODE_TOLD_EXIT;
	}
	if (sscanf(l, "exit: signal %63[A-Z0-9+-]", w) == 1 && signal_parse(w) > 0) {
		o->exit.known = true;
		o->exit.signal = signal_parse(w);
		o->exit.core = strstr(l, "(core dumped)") != NULL;
		return CODE_TOLD_EXIT;
	}
	if (strncmp(l, "timeout: ", 9) == 0)
		o->timed_out = true;
	else if (sscanf(l, "global: parent sees %ld", &n) == 1) {
		o->global.measured = true;
		o->global.parent_sees = n;
	} else if (strncmp(l, "caught: none", 12) == 0) {
		o->exit_si.count = 0;
	} else if (sscanf(l, "caught: %63s si_code %63s si_status %ld si_pid %ld", w, w2, &m,
	    &pid) == 4 && signal_parse(w) > 0) {
		o->exit_si.count = 1;
		o->exit_si.signo = signal_parse(w);
		o->exit_si.code = cld_code_by_name(w2);
		o->exit_si.status = (int)m;
		o->exit_si.pid = pid;
	}
	for (int i = 0; i < NS_COUNT; i++) {
		char key[32];
		size_t k = (size_t)snprintf(key, sizeof(key), "ns %s: ", namespaces_table[i].name);
		if (strncmp(l, key, k) == 0 && (strcmp(l + k, "same") == 0 || strcmp(l + k, "new") == 0))
			o->ns[i].shared = strcmp(l + k, "same") == 0;
	}
	for (int i = 0; i < SH_COUNT; i++) {
		size_t k = strlen(resources_table[i].name);
		if (strncmp(l, resources_table[i].name, k) != 0 || strncmp(l + k, ": ", 2) != 0)
			continue;
		/* "unknown (kcmp failed EPERM)" stays not measured */
		if (strncmp(l + k + 2, "shared", 6) == 0)
			o->shared[i].v = 1;
		else if (strncmp(l + k + 2, "copied", 6) == 0)
			o->shared[i].v = 0;
	}
	return 0;
}

unsigned int
code_observation(const struct code_result *r, struct observation *o)
{
	unsigned int told = 0;
	observation_init(o);
	for (const char *l = r->output; *l;) {
		size_t n = strcspn(l, "\n");
		char line[256];
		snprintf(line, sizeof(line), "%.*s", (int)n, l);
		told |= code_line(line, o);
		l += n + (l[n] == '\n');
	}
	if (r->timed_out)
		o->timed_out = true;
	if (WIFSIGNALED(r->status) && !r->timed_out)
		o->lab_signal = WTERMSIG(r->status);
	return told;
}

bool
code_tells(const struct observation *o, unsigned int told, const char *path)
{
	char v[256];
	bool is_string;
	if (!codegen_tells(path))
		return false;
	/* Where the program printed clone's answer or the end, a null is a
	 * value too: no errno (accepted), no signal (it exited). */
	if (str_prefix(path, "clone."))
		return told & CODE_TOLD_CLONE;
	if (str_prefix(path, "exit.") && !str_prefix(path, "exit.caught."))
		return told & CODE_TOLD_EXIT;
	return lesson_lookup(o, path, v, sizeof(v), &is_string) == 0 &&
	    (is_string || strcmp(v, "null") != 0);
}
