/*
 * The tracer.  clonesh forks it; it forks the program, which asks to be
 * traced (PTRACE_TRACEME), stops itself and execs; the tracer follows every
 * fork, vfork and clone (the kernel attaches each new task, which starts
 * stopped) and stops at each system call's entry and exit (PTRACE_SYSCALL),
 * so that it reads each creation's arguments before the kernel acts, sees a
 * CLONE_UNTRACED child that the kernel did not attach, and reads the flags
 * of clone3 from the tracee's memory.  At a creation the parent is stopped
 * at its ptrace event and the child at its first stop: the pair is measured
 * then (pair.c), and both go on.  Each event goes to clonesh through a pipe,
 * one fixed-size record each (the two are the same program).
 *
 * A process of its own, not clonesh: its only children are the traced tree
 * (waitpid(-1) takes every stop and every exit without touching clonesh's
 * labs), it is the subreaper of that tree so that an orphan comes back to it
 * to be reaped, and clonesh stays free to draw the pane and to stop it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/audit.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pair.h"
#include "probe.h"
#include "seccomp.h"
#include "trace.h"
#include "util.h"

#include "clone-compat.h"

/* The kernel's struct ptrace_syscall_info (Linux 5.3), which glibc 2.36's
 * <sys/ptrace.h> does not declare. */
#define SC_INFO_ENTRY 1
#define SC_INFO_EXIT 2
struct sc_info {
	uint8_t op;
	uint8_t pad[3];
	uint32_t arch;
	uint64_t instruction_pointer, stack_pointer;
	union {
		struct { uint64_t nr, args[6]; } entry;
		struct { int64_t rval; uint8_t is_error; } exit;
		struct { uint64_t nr, args[6]; uint32_t ret_data; } seccomp;
	};
};

/* The kernel's struct clone_args (Linux 5.3 to 5.7's sizes: 64, 80, 88). */
struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

struct task {
	pid_t tid;
	bool held;		/* at its first stop, until its parent's event is seen */
	pid_t waiting_for;	/* at a creation event: the new task, not stopped yet */
	enum trace_kevent kevent;
	bool in_call;		/* between the entry and exit of a creating call */
	bool untraced;		/* ... that asked for CLONE_UNTRACED */
	bool made;		/* ... whose child the kernel attached */
	struct trace_call_args call;
};

struct tracer {
	const struct trace_opts *opts;
	int evfd;
	pid_t root;
	struct task *task;
	size_t n, cap;
	int events;
	struct observation *o;	/* scratch for pair_measure */
	pid_t null_ref;		/* the tracer, when it has no I/O context nor undo list */
};

static volatile sig_atomic_t stop_why;

static void
on_alarm(int sig)
{
	(void)sig;
	if (!stop_why)
		stop_why = TEND_TIMEOUT;
}

static void
on_term(int sig)
{
	(void)sig;
	if (!stop_why)
		stop_why = TEND_INTERRUPTED;
}

static struct task *
task_find(struct tracer *tr, pid_t tid)
{
	for (size_t i = 0; i < tr->n; i++)
		if (tr->task[i].tid == tid)
			return &tr->task[i];
	return NULL;
}

static struct task *
task_add(struct tracer *tr, pid_t tid)
{
	if (tr->n == tr->cap) {
		size_t cap = tr->cap ? tr->cap * 2 : 256;
		struct task *all = realloc(tr->task, cap * sizeof(*all));
		if (!all)
			return NULL;
		tr->task = all;
		tr->cap = cap;
	}
	struct task *k = &tr->task[tr->n++];
	memset(k, 0, sizeof(*k));
	k->tid = tid;
	return k;
}

static void
task_forget(struct tracer *tr, pid_t tid)
{
	for (size_t i = 0; i < tr->n; i++) {
		if (tr->task[i].tid == tid) {
			tr->task[i] = tr->task[--tr->n];
			return;
		}
	}
}

/* One record to clonesh; an event past the bound stops the trace. */
static void
emit(struct tracer *tr, const struct trace_event *ev)
{
	const char *p = (const char *)ev;
	size_t left = sizeof(*ev);
	while (left) {
		ssize_t w = write(tr->evfd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			/* clonesh is gone: nobody to trace for. */
			if (!stop_why)
				stop_why = TEND_INTERRUPTED;
			return;
		}
		p += w;
		left -= (size_t)w;
	}
	if (ev->kind != TRACE_END && ++tr->events >= tr->opts->max_events && !stop_why)
		stop_why = TEND_BOUND;
}

static void
resume(pid_t tid, int sig)
{
	ptrace(PTRACE_SYSCALL, tid, NULL, (void *)(long)sig);
}

/* The system calls' numbers are this architecture's: a call of another ABI
 * (a 32-bit program on x86-64) is not decoded. */
#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#endif

static enum trace_call
call_of(uint32_t arch, uint64_t nr)
{
#ifdef NATIVE_ARCH
	if (arch != NATIVE_ARCH)
		return TCALL_UNKNOWN;
#else
	(void)arch;
#endif
	if (nr == SYS_clone)
		return TCALL_CLONE;
#ifdef SYS_clone3
	if (nr == SYS_clone3)
		return TCALL_CLONE3;
#endif
#ifdef SYS_fork
	if (nr == SYS_fork)
		return TCALL_FORK;
#endif
#ifdef SYS_vfork
	if (nr == SYS_vfork)
		return TCALL_VFORK;
#endif
	return TCALL_UNKNOWN;
}

/* A creating call's arguments at its entry: clone's from its registers,
 * clone3's struct from the tracee's memory. */
static void
call_entry(struct task *k, const struct sc_info *si)
{
	struct trace_call_args *c = &k->call;
	memset(c, 0, sizeof(*c));
	c->call = call_of(si->arch, si->entry.nr);
	k->in_call = c->call != TCALL_UNKNOWN;
	k->untraced = k->made = false;
	if (c->call == TCALL_CLONE) {
		c->decoded = true;
		c->flags = si->entry.args[0] & ~(uint64_t)CSIGNAL;
		c->exit_signal = (int)(si->entry.args[0] & CSIGNAL);
		c->stack = si->entry.args[1];
	} else if (c->call == TCALL_CLONE3) {
		struct clone3_args ca = { 0 };
		size_t size = si->entry.args[1] < sizeof(ca) ? (size_t)si->entry.args[1] : sizeof(ca);
		struct iovec local = { &ca, size };
		struct iovec remote = { (void *)(uintptr_t)si->entry.args[0], size };
		c->args_size = si->entry.args[1];
		if (size >= 64 && process_vm_readv(k->tid, &local, 1, &remote, 1, 0) == (ssize_t)size) {
			c->decoded = true;
			c->flags = ca.flags;
			c->exit_signal = (int)ca.exit_signal;
			c->stack = ca.stack;
			c->stack_size = ca.stack_size;
			c->tls = ca.tls;
			c->parent_tid = ca.parent_tid;
			c->child_tid = ca.child_tid;
			c->pidfd = ca.pidfd;
		}
	}
	k->untraced = c->decoded && (c->flags & CLONE_UNTRACED);
}

/* The exit of a creating call: a child made with CLONE_UNTRACED, which the
 * kernel did not attach, is reported as escaped. */
static void creation(struct tracer *tr, struct task *p, struct task *c);

/* Whether tid is traced by this tracer (TracerPid: in its status). */
static bool
traced_here(pid_t tid)
{
	char path[64], text[4096], v[32];
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	return file_read(path, text, sizeof(text)) > 0 && status_field(text, "TracerPid", v,
	    sizeof(v)) && atol(v) == (long)getpid();
}

/* The exit of a creating call.  A child made with CLONE_UNTRACED is not
 * attached by the kernel and is reported as escaped; with CLONE_PTRACE too
 * it is attached, but no event says so: it is measured once both are
 * stopped.  True when the parent must stay stopped (creation() lets it go). */
static bool
call_exit(struct tracer *tr, struct task *k, const struct sc_info *si)
{
	pid_t child = !si->exit.is_error && si->exit.rval > 0 ? (pid_t)si->exit.rval : 0;
	if (!k->untraced || k->made || !child) {
		k->in_call = k->untraced = k->made = false;
		return false;
	}
	struct task *c = task_find(tr, child);
	if (c && c->held) {
		k->kevent = TKEV_NONE;
		creation(tr, k, c);
		return true;
	}
	if (traced_here(child)) {
		/* Its first stop is on its way: measured then. */
		k->kevent = TKEV_NONE;
		k->waiting_for = child;
		return true;
	}
	struct trace_event ev;
	memset(&ev, 0, sizeof(ev));
	ev.kind = TRACE_ESCAPED;
	ev.pid = k->tid;
	ev.child = child;
	ev.call = k->call;
	ev.call.ret = child;
	for (int i = 0; i < SH_COUNT; i++) {
		ev.m.shared[i].v = -1;
		str_copy(ev.m.shared[i].why, "the child escaped the trace (CLONE_UNTRACED): "
		    "never stopped, not measured", sizeof(ev.m.shared[i].why));
	}
	ev.m.tp_same = ev.m.tls_shared = ev.m.shared[0];
	for (int i = 0; i < NS_COUNT; i++)
		ev.m.ns[i].shared = -1;
	ev.m.parent.pid = ev.m.parent.tid = k->tid;
	ev.m.parent.ppid = ev.m.parent.uid = ev.m.parent.gid = -1;
	memset(&ev.m.ids, 0xff, sizeof(ev.m.ids));
	ev.m.ids.pid_in_parent_ns = ev.child;
	ev.m.ids.parent_state = 0;
	ev.m.ids.exit_signal_measured = false;
	k->in_call = k->untraced = k->made = false;
	emit(tr, &ev);
	return false;
}

static void
syscall_stop(struct tracer *tr, struct task *k)
{
	struct sc_info si;
	memset(&si, 0, sizeof(si));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, k->tid, (void *)sizeof(si), &si) > 0) {
		if (si.op == SC_INFO_ENTRY)
			call_entry(k, &si);
		else if (si.op == SC_INFO_EXIT && k->in_call && call_exit(tr, k, &si))
			return;
	}
	resume(k->tid, 0);
}

/* Parent p at its creation event, child c at its first stop: measured, then
 * both go on.  A vfork parent is let go first, and its state read as it
 * waits for the child (D), which stays stopped meanwhile. */
static void
creation(struct tracer *tr, struct task *p, struct task *c)
{
	struct trace_event ev;
	struct observation *o = tr->o;

	memset(&ev, 0, sizeof(ev));
	ev.kind = TRACE_CREATE;
	ev.pid = p->tid;
	ev.child = c->tid;
	ev.kevent = p->kevent;
	if (p->in_call)
		ev.call = p->call;
	ev.call.ret = c->tid;
	p->made = true;
	if (p->kevent == TKEV_NONE)		/* measured at the call's exit */
		p->in_call = p->untraced = p->made = false;

	observation_init(o);
	pair_measure(o, p->tid, c->tid, tr->null_ref);
	/* Stopped by the tracer: its own state is the tracer's, not measured. */
	o->ids.parent_state = 0;
	p->waiting_for = 0;
	c->held = false;
	if (p->kevent == TKEV_VFORK) {
		resume(p->tid, 0);
		char st = '?';
		for (int i = 0; i < 200; i++) {
			st = probe_state(p->tid);
			if (st == 'D' || st == 'Z' || st == 'X' || st == '?')
				break;
			struct timespec ms = { 0, 500000 };
			nanosleep(&ms, NULL);
		}
		o->ids.parent_state = st == '?' ? 0 : st;
	} else {
		resume(p->tid, 0);
	}
	resume(c->tid, 0);

	memcpy(ev.m.shared, o->shared, sizeof(ev.m.shared));
	ev.m.tp_same = o->tp_same;
	ev.m.tls_shared = o->tls_shared;
	memcpy(ev.m.ns, o->ns, sizeof(ev.m.ns));
	ev.m.parent = o->parent;
	ev.m.ids = o->ids;
	emit(tr, &ev);
}

static long
status_euid(pid_t tid)
{
	char path[64], text[4096];
	long r, e;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	if (file_read(path, text, sizeof(text)) < 0)
		return -1;
	const char *u = strstr(text, "\nUid:");
	return u && sscanf(u + 5, "%ld %ld", &r, &e) == 2 ? e : -1;
}

static void
exec_event(struct tracer *tr, struct task *k)
{
	struct trace_event ev;
	unsigned long former = 0;
	char path[64];
	pid_t tid = k->tid;

	memset(&ev, 0, sizeof(ev));
	ev.kind = TRACE_EXEC;
	ev.pid = tid;
	ev.file_uid = ev.euid = -1;
	if (ptrace(PTRACE_GETEVENTMSG, tid, NULL, &former) == 0 && (pid_t)former != tid) {
		/* A thread exec'd: the leader's id is its own now. */
		ev.former = (long)former;
		task_forget(tr, (pid_t)former);
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	ssize_t n = readlink(path, ev.path, sizeof(ev.path) - 1);
	ev.path[n > 0 ? n : 0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)tid);
	char cmd[sizeof(ev.argv0)];
	if (file_read(path, cmd, sizeof(cmd)) > 0)
		str_copy(ev.argv0, cmd, sizeof(ev.argv0));
	struct stat sb;
	if (ev.path[0] && stat(ev.path, &sb) == 0) {
		ev.setuid_file = (sb.st_mode & S_ISUID) != 0;
		ev.file_uid = (long)sb.st_uid;
	}
	ev.euid = status_euid(tid);
	emit(tr, &ev);
}

/* A stop or an end that waitpid reported for tid. */
static void
handle(struct tracer *tr, pid_t tid, int st)
{
	if (WIFEXITED(st) || WIFSIGNALED(st)) {
		struct trace_event ev;
		memset(&ev, 0, sizeof(ev));
		ev.kind = TRACE_EXIT;
		ev.pid = tid;
		ev.exited = WIFEXITED(st);
		ev.status = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
		ev.signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
		task_forget(tr, tid);
		emit(tr, &ev);
		return;
	}
	if (!WIFSTOPPED(st))
		return;
	int sig = WSTOPSIG(st), event = (unsigned int)st >> 16;
	struct task *k = task_find(tr, tid);
	if (!k) {
		/* A new task's first stop: held until its parent's event. */
		if (!(k = task_add(tr, tid))) {
			kill(tid, SIGKILL);
			return;
		}
		k->held = true;
		for (size_t i = 0; i < tr->n; i++)
			if (tr->task[i].waiting_for == tid) {
				creation(tr, &tr->task[i], task_find(tr, tid));
				break;
			}
		return;
	}
	if (sig == (SIGTRAP | 0x80)) {
		syscall_stop(tr, k);
		return;
	}
	if (sig == SIGTRAP && event) {
		unsigned long msg = 0;
		switch (event) {
		case PTRACE_EVENT_FORK:
		case PTRACE_EVENT_VFORK:
		case PTRACE_EVENT_CLONE: {
			ptrace(PTRACE_GETEVENTMSG, tid, NULL, &msg);
			k->kevent = event == PTRACE_EVENT_FORK ? TKEV_FORK : event == PTRACE_EVENT_VFORK ?
			    TKEV_VFORK : TKEV_CLONE;
			k->waiting_for = (pid_t)msg;
			struct task *c = task_find(tr, (pid_t)msg);
			if (c && c->held)
				creation(tr, task_find(tr, tid), c);
			return;
		}
		case PTRACE_EVENT_EXEC:
			exec_event(tr, k);
			resume(tid, 0);
			return;
		default:
			resume(tid, 0);
			return;
		}
	}
	siginfo_t si;
	if (ptrace(PTRACE_GETSIGINFO, tid, NULL, &si) < 0)
		resume(tid, 0);		/* a group stop: the tracer lets it run on */
	else
		resume(tid, sig);	/* a signal for the tracee: delivered */
}

/* Kills every task of the trace, the tracer's children and what they left
 * to it, and reaps them all: nothing stopped, nothing unreaped. */
static void
kill_all(struct tracer *tr)
{
	char path[64], text[8192];
	if (tr->root > 0)
		kill(-tr->root, SIGKILL);
	for (size_t i = 0; i < tr->n; i++)
		kill(tr->task[i].tid, SIGKILL);
	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
	for (int round = 0; round < 10000; round++) {
		int st;
		pid_t w;
		while ((w = waitpid(-1, &st, WNOHANG | __WALL)) > 0)
			if (WIFSTOPPED(st))
				kill(w, SIGKILL);
		if (w < 0 && errno == ECHILD)
			return;
		/* An orphan that came back to the tracer, or one that escaped the trace. */
		if (file_read(path, text, sizeof(text)) > 0) {
			char *p = text, *end;
			for (long pid; (pid = strtol(p, &end, 10)) > 0; p = end)
				kill((pid_t)pid, SIGKILL);
		}
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
	}
}

/* In the program's process, before the exec: its own group, stdin from
 * /dev/null, stdout and stderr to clonesh, default signals, the learner's
 * ids (--user), traced. */
static void
tracee_main(const struct trace_opts *op, int outfd, int errfd)
{
	setpgid(0, 0);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null >= 0)
		dup2(null, 0);
	dup2(outfd, 1);
	dup2(outfd, 2);
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	syscall(SYS_close_range, 3U, ~0U, 4U /* CLOSE_RANGE_CLOEXEC */);
	int e = 0;
	if (op->uid >= 0 && ((op->user && initgroups(op->user, (gid_t)op->gid) < 0) ||
	    setgid((gid_t)op->gid) < 0 || setuid((uid_t)op->uid) < 0))
		e = errno;
	if (!e && ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		e = errno;
	const char *call;
	if (!e && op->filter)
		e = seccomp_install(op->filter, &call);
	if (!e) {
		raise(SIGSTOP);
		execv(op->path, op->argv);
		e = errno;
	}
	ssize_t w = write(errfd, &e, sizeof(e));
	(void)w;
	_exit(127);
}

static void
tracer_end(struct tracer *tr, enum trace_end_why why, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
tracer_end(struct tracer *tr, enum trace_end_why why, const char *fmt, ...)
{
	struct trace_event ev;
	va_list ap;
	memset(&ev, 0, sizeof(ev));
	ev.kind = TRACE_END;
	ev.why = why;
	ev.pid = tr->root;
	va_start(ap, fmt);
	vsnprintf(ev.note, sizeof(ev.note), fmt, ap);
	va_end(ap);
	emit(tr, &ev);
}

/* The tracer's own state: dies with clonesh, a group of its own (the
 * terminal's Ctrl-C is clonesh's to handle), the subreaper of the traced
 * tree, SIGTERM (clonesh's stop) and SIGALRM (the timeout) interrupting its
 * waits. */
static void
tracer_setup(pid_t clonesh)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != clonesh)
		_exit(1);
	setpgid(0, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	struct sigaction sa = { .sa_handler = on_term };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

/* Everything killed and reaped, then the last event: why it ended. */
static void
tracer_finish(struct tracer *tr, int why)
{
	int events = tr->events;
	kill_all(tr);
	if (why == TEND_BOUND)
		tracer_end(tr, TEND_BOUND, "stopped after %d events (the bound): the program and "
		    "every task it made were killed", events);
	else if (why == TEND_TIMEOUT)
		tracer_end(tr, TEND_TIMEOUT, "timed out after %d ms: the program and every task it "
		    "made were killed", tr->opts->timeout_ms);
	else if (why == TEND_INTERRUPTED)
		tracer_end(tr, TEND_INTERRUPTED, "interrupted: the program and every task it made "
		    "were killed");
	else
		tracer_end(tr, TEND_DONE, "every task ended");
}

/* The tracer's own pid when it has no I/O context and no SysV undo list,
 * else 0: a child forked now has neither unless the tracer's I/O priority
 * was set, so kcmp equal between the two means both are NULL (two processes
 * never share one without CLONE_IO and CLONE_SYSVSEM). */
static pid_t
null_reference(void)
{
	pid_t ref = fork();
	if (ref < 0)
		return 0;
	if (ref == 0) {
		pause();
		_exit(0);
	}
	pid_t self = getpid();
	bool none = probe_kcmp(self, ref, resources_table[SH_IO].kcmp, 0, 0) == 1 &&
	    probe_kcmp(self, ref, resources_table[SH_SYSVSEM].kcmp, 0, 0) == 1;
	kill(ref, SIGKILL);
	while (waitpid(ref, NULL, 0) < 0 && errno == EINTR)
		;
	return none ? self : 0;
}

static void __attribute__((noreturn))
tracer_main(const struct trace_opts *op, int evfd, int outfd, pid_t clonesh)
{
	struct tracer tr = { .opts = op, .evfd = evfd };
	int errp[2];

	tracer_setup(clonesh);
	tr.o = malloc(sizeof(*tr.o));
	if (!tr.o || pipe2(errp, O_CLOEXEC) < 0) {
		tracer_end(&tr, TEND_ERROR, "%s", strerror(errno));
		_exit(1);
	}
	tr.null_ref = null_reference();
	pid_t pid = fork();
	if (pid < 0) {
		tracer_end(&tr, TEND_ERROR, "fork: %s", strerror(errno));
		_exit(1);
	}
	if (pid == 0) {
		close(errp[0]);
		tracee_main(op, outfd, errp[1]);
	}
	close(errp[1]);
	close(outfd);
	setpgid(pid, pid);
	tr.root = pid;
	int st;
	while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR)
		;
	if (!WIFSTOPPED(st)) {
		int e = 0;
		ssize_t n = read(errp[0], &e, sizeof(e));
		tracer_end(&tr, TEND_ERROR, "%s", n == sizeof(e) && e ? strerror(e) :
		    "the program ended before it was traced");
		kill_all(&tr);
		_exit(0);
	}
	ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)(PTRACE_O_TRACESYSGOOD |
	    PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC |
	    PTRACE_O_EXITKILL));
	task_add(&tr, pid);
	struct itimerval it = { { 0, 0 }, { op->timeout_ms / 1000, (op->timeout_ms % 1000) * 1000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	resume(pid, 0);

	for (;;) {
		if (stop_why)
			break;
		pid_t w = waitpid(-1, &st, __WALL);
		if (w > 0) {
			handle(&tr, w, st);
			continue;
		}
		if (errno != EINTR)
			break;		/* ECHILD: every task has ended */
	}
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	int why = stop_why;
	int e = 0;
	if (!why && read(errp[0], &e, sizeof(e)) == sizeof(e) && e) {
		tracer_end(&tr, TEND_ERROR, "%s", strerror(e));
		_exit(0);
	}
	tracer_finish(&tr, why);
	_exit(0);
}

int
lab_trace_probe(char *err, size_t errlen)
{
	char text[16];
	if (file_read("/proc/sys/kernel/yama/ptrace_scope", text, sizeof(text)) > 0 &&
	    atoi(text) == 3) {
		snprintf(err, errlen, "ptrace is forbidden on this system (kernel.yama.ptrace_scope "
		    "is 3)");
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		_exit(ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0 ? (errno & 0x7f) + 1 : 0);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st)) {
		snprintf(err, errlen, "ptrace is not allowed here: PTRACE_TRACEME failed with %s",
		    strerror(WEXITSTATUS(st) - 1));
		return -1;
	}
	return 0;
}

/* clonesh's side: the records read as they come, the program's output,
 * Ctrl-C, and the tracer's end. */
static void
read_events(int fd, char *buf, size_t *have, const struct trace_hooks *h, bool *ended,
    pid_t *root)
{
	for (;;) {
		ssize_t n = read(fd, buf + *have, sizeof(struct trace_event) - *have);
		if (n <= 0)
			return;
		*have += (size_t)n;
		if (*have == sizeof(struct trace_event)) {
			struct trace_event ev;
			memcpy(&ev, buf, sizeof(ev));
			*have = 0;
			if (ev.kind == TRACE_END)
				*ended = true;
			if (*root <= 0 && ev.kind == TRACE_EXEC)
				*root = (pid_t)ev.pid;
			if (h->event)
				h->event(h->data, &ev);
		}
	}
}

static void
read_output(int fd, const struct trace_hooks *h)
{
	char buf[4096];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (h->output)
			h->output(h->data, buf, (size_t)n);
}

static long
ms_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 + (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* clonesh's side of the run: the events and the output as they come, until
 * the tracer closes its end; Ctrl-C (or kill, or the tracer outliving its
 * own timeout) asks it to stop, SIGKILL 5 s later.  *ended when the
 * tracer's last event came, *root the program's pid. */
static void
trace_follow(pid_t tracer, int evfd, int outfd, const struct trace_opts *opts,
    const struct trace_hooks *h, bool *ended, pid_t *root)
{
	char *buf = malloc(sizeof(struct trace_event));
	size_t have = 0;
	bool asked = false, killed = false;
	struct timespec t0, asked_at = { 0, 0 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p[2] = { { evfd, POLLIN, 0 }, { outfd, POLLIN, 0 } };
		if (poll(p, 2, 20) > 0) {
			struct timespec batch = { 0, 5000000 };
			nanosleep(&batch, NULL);
		}
		read_output(outfd, h);
		if (buf)
			read_events(evfd, buf, &have, h, ended, root);
		if (p[0].revents & (POLLHUP | POLLERR) && !(p[0].revents & POLLIN))
			break;
		if (!buf)
			break;
		if (!asked && ((h->poll && h->poll(h->data)) || ms_since(&t0) > opts->timeout_ms + 5000)) {
			kill(tracer, SIGTERM);
			asked = true;
			clock_gettime(CLOCK_MONOTONIC, &asked_at);
		} else if (asked && !killed && ms_since(&asked_at) > 5000) {
			kill(tracer, SIGKILL);
			killed = true;
		}
	}
	free(buf);
}

int
lab_trace(const struct trace_opts *opts, const struct trace_hooks *h, char *err, size_t errlen)
{
	int evp[2], outp[2];
	if (pipe2(evp, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return -1;
	}
	if (pipe2(outp, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		close(evp[0]);
		close(evp[1]);
		return -1;
	}
	pid_t self = getpid();
	fflush(NULL);
	pid_t tracer = fork();
	if (tracer < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(evp[0]);
		close(evp[1]);
		close(outp[0]);
		close(outp[1]);
		return -1;
	}
	if (tracer == 0) {
		close(evp[0]);
		close(outp[0]);
		tracer_main(opts, evp[1], outp[1], self);
	}
	setpgid(tracer, tracer);
	close(evp[1]);
	close(outp[1]);
	fcntl(evp[0], F_SETFL, O_NONBLOCK);
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	/* Room for a few hundred events: clonesh reads them in batches, every
	 * few milliseconds, instead of waking for each (on 2 CPUs, a wake-up a
	 * creation competed with the tracer and its tracees). */
	fcntl(evp[0], F_SETPIPE_SZ, 1 << 20);

	bool ended = false;
	pid_t root = 0;
	trace_follow(tracer, evp[0], outp[0], opts, h, &ended, &root);
	read_output(outp[0], h);
	int st;
	while (waitpid(tracer, &st, __WALL) < 0 && errno == EINTR)
		;
	/* A tracer killed from outside left its orphans to clonesh, the
	 * subreaper: the program's group is killed and reaped here. */
	if (!ended && root > 0) {
		kill(-root, SIGKILL);
		while (waitpid(-root, NULL, __WALL) > 0 || errno == EINTR)
			;
	}
	if (!ended && h->event) {
		struct trace_event ev;
		memset(&ev, 0, sizeof(ev));
		ev.kind = TRACE_END;
		ev.why = TEND_ERROR;
		str_copy(ev.note, "the tracer died; its tasks were killed with it (PTRACE_O_EXITKILL)",
		    sizeof(ev.note));
		h->event(h->data, &ev);
	}
	close(evp[0]);
	close(outp[0]);
	return 0;
}
