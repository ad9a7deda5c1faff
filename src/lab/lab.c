/*
 * The lab process: its clean slate, its preparation of what the child may
 * act on, the clone() or clone3() call, its waits for the child (the plain
 * call first, as programs make it), and the standby's wait for its
 * experiment.  It reports through the shared block, never in sentences.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/sem.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel.h"
#include "lab-int.h"
#include "labcpu.h"
#include "maker.h"
#include "seccomp.h"
#include "signals.h"

#include "clone-compat.h"

LAB_WORD pid_t lab_ptid;
LAB_WORD pid_t lab_ctid;
LAB_WORD int lab_pidfd = -1;

pid_t *
lab_settid_word(const struct experiment *e)
{
	const uint64_t both = CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
	return (e->flags & both) == both ? &lab_ctid : &lab_ptid;
}

/* --- the lab ------------------------------------------------------------ */

static void
lab_fail(struct lab_shared *sh, const char *what)
{
	snprintf(sh->lab_error, sizeof(sh->lab_error), "%s: %s", what, strerror(errno));
	atomic_store(&sh->lab_state, LAB_CLONE_FAILED);
	sh->clone_errno = 0;
	shared_bump(sh);
	_exit(120);
}

/* The lab starts with a clean slate: default dispositions, empty mask,
 * fds 0-2 and its own file at fd 3 only. */
static void
lab_reset_process(struct lab_shared *sh, int outfd)
{
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Only the ones caught or ignored: those the maker set, when it says
	 * which (maker_run), else those /proc says: one read, not 62 calls. */
	struct proc_status st;
	uint64_t set = maker_signals_known ? MAKER_SIGNALS :
	    probe_status(getpid(), &st) == 0 ? st.sig_cgt | st.sig_ign : ~0ULL;
	signals_default(set);
	prctl(PR_SET_PDEATHSIG, SIGKILL);

	int null = open("/dev/null", O_RDONLY);
	if (null < 0 || dup2(null, 0) < 0 || dup2(outfd, 1) < 0 || dup2(outfd, 2) < 0)
		lab_fail(sh, "lab: setting up fds 0-2");
	int file = memfd_create("clonesh-lab-file", 0);
	if (file < 0 || dup2(file, LAB_FILE_FD) < 0)
		lab_fail(sh, "lab: memfd_create");
	if (syscall(SYS_close_range, LAB_FILE_FD + 1, ~0U, 0) < 0) {
		for (int fd = LAB_FILE_FD + 1; fd < 1024; fd++)
			close(fd);
	}
	char block[LAB_FILE_SIZE];
	memset(block, 'x', sizeof(block));
	if (write(LAB_FILE_FD, block, sizeof(block)) != (ssize_t)sizeof(block) ||
	    lseek(LAB_FILE_FD, 0, SEEK_SET) != 0)
		lab_fail(sh, "lab: writing its file");
	/* As on a terminal, so seed-hello's printf line leaves the buffer. */
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* kcmp compares pointers and NULL equals NULL: give the lab an I/O context
 * and a SysV undo list, so a child that shares neither compares different. */
static void
lab_give_io_and_undo(void)
{
	/* IOPRIO_WHO_PROCESS = 1, IOPRIO_CLASS_BE = 2 with level 4. */
	syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, (IOPRIO_CLASS_BE << IOPRIO_CLASS_SHIFT) | 4);
	int id = semget(IPC_PRIVATE, 1, 0600);
	if (id >= 0) {
		struct sembuf up = { 0, 1, SEM_UNDO }, down = { 0, -1, SEM_UNDO };
		semop(id, &up, 1);
		semop(id, &down, 1);
		/* The undo list stays with the task after the set is removed. */
		semctl(id, 0, IPC_RMID);
	}
}

static int
lab_cgroup_fd(void)
{
	const char *dir = kernel_cgroup2_dir();
	return dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
}

/* One waitpid() for the child, recorded as the kernel answered it. */
/* One waitpid() for the child, recorded as the kernel answered it.  glibc's
 * waitpid(pid, st, options) is wait4(pid, st, options, NULL); made raw, it
 * leaves the lab's errno alone, which clonesh reads for libc-close. */
static void
lab_wait_call(struct wait_call *c, pid_t pid, int options, int *st)
{
	long w;
	do
		w = RAW4(SYS_wait4, pid, st, options, 0);
	while (w == -EINTR);
	c->called = true;
	c->ret = w < 0 ? -1 : w;
	c->err = w < 0 ? (int)-w : 0;
}

/* "ECHILD", or "returned the child's pid". */
static const char *
wait_result(const struct wait_call *c, pid_t pid)
{
	if (c->ret == pid)
		return "returned the child's pid";
	if (c->ret >= 0)
		return "returned 0";
	return strerrorname_np(c->err) ? strerrorname_np(c->err) : "an error";
}

/* Waits for a CLONE_THREAD child, which wait(2) cannot see. */
static void
lab_wait_thread(struct lab_shared *sh, pid_t tid)
{
	const struct experiment *e = &sh->cfg;
	int st;
	/* What a program that treats the thread as a child would do: both
	 * calls answer at once (ECHILD), the thread still running. */
	lab_wait_call(&sh->wplain, tid, 0, &st);
	lab_wait_call(&sh->wall, tid, __WALL, &st);
	if ((e->flags & CLONE_CHILD_CLEARTID) && (e->flags & CLONE_VM) &&
	    __atomic_load_n(&lab_ctid, __ATOMIC_SEQ_CST) != 0) {
		pid_t v;
		while ((v = __atomic_load_n(&lab_ctid, __ATOMIC_SEQ_CST)) != 0)
			RAW6(SYS_futex, &lab_ctid, FUTEX_WAIT, v, 0, 0, 0);
		str_copy(sh->waited_with, "futex wait on the CLONE_CHILD_CLEARTID word, as "
		    "pthread_join() does: a thread cannot be waited for", sizeof(sh->waited_with));
		return;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/task/%d", (int)tid);
	struct timespec ts = { 0, 1000000 };
	while (access(path, F_OK) == 0)
		nanosleep(&ts, NULL);
	str_copy(sh->waited_with, "none possible: a CLONE_THREAD child cannot be waited for; "
	    "its end was seen when /proc/self/task/TID went away", sizeof(sh->waited_with));
}

/* spawn -n: the other children, each on a stack of its own (the lab's private
 * memory, with a guard page when asked), with the same flags. */
static void
lab_clone_extras(struct lab_shared *sh, bool settls, int cgroup_fd)
{
	const struct experiment *e = &sh->cfg;
	size_t size = e->stack_size;
	for (int i = 0; i + 1 < e->nchildren; i++) {
		struct extra_child *x = &sh->extra[i];
		unsigned char *map = mmap(NULL, size + PAGE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
		if (map == MAP_FAILED) {
			sh->extra_errno = errno;
			return;
		}
		if (e->guard)
			mprotect(map, PAGE, PROT_NONE);
		unsigned char *lo = map + PAGE;
		x->sh = sh;
		x->ctx = sh->ctx;
		x->ctx.report = &x->report;
		x->report.fd_opened = -1;
		unsigned long tls = 0;
		if (settls) {
			unsigned char *tcb = x->tls + TLS_TCB_OFFSET;
			memcpy(tcb - sh->tls_span, sh->tls + TLS_TCB_OFFSET - sh->tls_span, sh->tls_span + 64);
#if defined(__x86_64__)
			((unsigned long *)tcb)[0] = (unsigned long)tcb;
			((unsigned long *)tcb)[2] = (unsigned long)tcb;
#endif
			tls = (unsigned long)tcb;
		}
		long ret;
		if (e->variant == VARIANT_CLONE) {
			ret = clone(child_main_extra, lo + size, (int)(e->flags | (uint64_t)e->exit_signal), x,
			    &x->ptid, (void *)tls, &x->ctid);
			if (ret < 0)
				ret = -errno;
		} else {
			struct lab_clone_args a = {
				.flags = e->flags,
				.pidfd = (uint64_t)(uintptr_t)&x->ptid,
				.child_tid = (uint64_t)(uintptr_t)&x->ctid,
				.parent_tid = (uint64_t)(uintptr_t)&x->ptid,
				.exit_signal = (uint64_t)e->exit_signal,
				.stack = (uint64_t)(uintptr_t)lo,
				.stack_size = size,
				.tls = tls,
			};
			if ((e->flags & CLONE_PIDFD) && (e->flags & CLONE_PARENT_SETTID))
				a.parent_tid = (uint64_t)(uintptr_t)&x->ctid;
			if (e->flags & CLONE_INTO_CGROUP)
				a.cgroup = (uint64_t)cgroup_fd;
			ret = clonesh_clone3(&a, sizeof(a), child_main_extra, x);
		}
		/* Only the first child's pidfd is observed: a thousand others would
		 * use up the lab's fds. */
		if (ret >= 0 && (e->flags & CLONE_PIDFD))
			close(x->ptid);
		if (ret < 0) {
			sh->extra_errno = (int)-ret;
			munmap(map, size + PAGE);
			return;
		}
		/* A child with its own address space took its copy of the stack:
		 * the lab lets go of it, or every later clone would copy all the
		 * earlier stacks' mappings (a thousand children, a million copies). */
		if (!(e->flags & CLONE_VM))
			munmap(map, size + PAGE);
		x->ret = ret;
		sh->nextra = i + 1;
	}
}

/* Waits for the other children as for the first. */
static void
lab_wait_extras(struct lab_shared *sh)
{
	const struct experiment *e = &sh->cfg;
	for (int i = 0; i < sh->nextra; i++) {
		struct extra_child *x = &sh->extra[i];
		if (e->flags & CLONE_THREAD) {
			char path[64];
			snprintf(path, sizeof(path), "/proc/self/task/%ld", x->ret);
			struct timespec ts = { 0, 1000000 };
			while (access(path, F_OK) == 0)
				nanosleep(&ts, NULL);
			continue;
		}
		siginfo_t si;
		int st, w;
		do
			w = waitid(P_PID, (id_t)x->ret, &si, WEXITED | WNOWAIT | __WALL);
		while (w < 0 && errno == EINTR);
		if (w == 0 && waitpid((pid_t)x->ret, &st, __WALL) == (pid_t)x->ret) {
			x->waited = true;
			x->wait_status = st;
		}
	}
}

static void
lab_noop_handler(int sig)
{
	(void)sig;
}

/* signal catch on: the lab's handler for the exit signal, which keeps the
 * first siginfo the kernel sends with it in the shared block (plain stores
 * and an atomic: async-signal-safe). */
static struct lab_shared *lab_exit_sh;

static void
lab_exit_signal_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	struct lab_shared *sh = lab_exit_sh;
	if (!sh)
		return;
	if (atomic_load(&sh->exit_si_count) == 0) {
		sh->exit_si_signo = sig;
		sh->exit_si_code = si->si_code;
		sh->exit_si_status = si->si_status;
		sh->exit_si_pid = si->si_pid;
		sh->exit_si_uid = si->si_uid;
	}
	atomic_fetch_add(&sh->exit_si_count, 1);
}

/* Installs it, before the clone, when asked (not for SIGKILL or SIGSTOP,
 * which no handler catches: the lab then records none). */
static void
lab_catch_exit_signal(struct lab_shared *sh, const struct experiment *e)
{
	if (!e->catch_exit_signal || e->exit_signal <= 0 || e->exit_signal == SIGKILL ||
	    e->exit_signal == SIGSTOP)
		return;
	lab_exit_sh = sh;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = lab_exit_signal_handler;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	if (sigaction(e->exit_signal, &sa, NULL) < 0)
		sh->exit_si_errno = errno;
}

/* What every lab does first, whatever the experiment. */
static void
lab_prepare(struct lab_shared *sh, int outfd)
{
	setpgid(0, 0);
	lab_reset_process(sh, outfd);
	lab_give_io_and_undo();
}

/* printf-locked: the lab holds stdout's lock while the child calls printf,
 * gives it 300 ms, notes whether it finished, then lets go.  Only sleeps and
 * atomics meanwhile: no errno, no stdio. */
static void
lab_hold_stdout(struct lab_shared *sh)
{
	struct timespec ms = { 0, 1000000 };
	int waited = 0;
	/* The child enters printf once clonesh has let it act. */
	while (atomic_load(&sh->report.printf_state) == 0 && waited++ < sh->cfg.timeout_ms &&
	    atomic_load(&sh->child_phase) < PHASE_ACTED)
		nanosleep(&ms, NULL);
	if (atomic_load(&sh->report.printf_state) > 0) {
		for (int i = 0; i < 300 && atomic_load(&sh->report.printf_state) < 2; i++)
			nanosleep(&ms, NULL);
		sh->printf_timed = true;
		sh->printf_done_locked = atomic_load(&sh->report.printf_state) == 2;
	}
	funlockfile(stdout);
}

/* lab user: the lab becomes that user before anything of the experiment,
 * so a standby lab prepared as clonesh's user serves any lab user. */
static void
lab_become_user(struct lab_shared *sh, const struct experiment *e)
{
	if (e->lab_uid < 0)
		return;
	if (setgroups(0, NULL) < 0 || setgid((gid_t)e->lab_gid) < 0 || setuid((uid_t)e->lab_uid) < 0)
		lab_fail(sh, "lab user: changing the lab's user");
	/* A change of credentials clears the parent-death signal, and makes the
	 * process non-dumpable (clone-facts surprise 8): set both again. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	prctl(PR_SET_DUMPABLE, 1);
}

/* What the child may act on, made before the clone: the heap word, the
 * pages touch-pages writes (64 page faults, made only when used), the global,
 * and the context the child's function is handed. */
static void
lab_prepare_acts(struct lab_shared *sh, const struct experiment *e)
{
	volatile long *heap = malloc(sizeof(*heap));
	if (!heap)
		lab_fail(sh, "lab: allocating the heap word");
	*heap = LAB_HEAP_BEFORE;
	unsigned char *pages = NULL;
	if (e->fn && (e->fn->lab & FN_LAB_PAGES)) {
		pages = mmap(NULL, LAB_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0);
		if (pages == MAP_FAILED)
			lab_fail(sh, "lab: allocating the pages");
		for (unsigned long i = 0; i < LAB_PAGES; i++)
			memset(pages + i * PAGE, (int)(0x50 + i), PAGE);
	}
	lab_global = LAB_GLOBAL_BEFORE;
	sh->addr_global = (unsigned long)&lab_global;
	sh->addr_errno = (unsigned long)&errno;
	sh->addr_ctid = (unsigned long)&lab_ctid;
	sh->addr_settid = (unsigned long)lab_settid_word(e);
	sh->addr_pidfd = (unsigned long)&lab_pidfd;
	sh->addr_probe_word = (unsigned long)&lab_probe_word;
	sh->heap_addr = (unsigned long)heap;
	sh->pages_addr = (unsigned long)pages;
	sh->lab_tls = thread_pointer();
	sh->ctx.cfg = &sh->cfg;
	sh->ctx.report = &sh->report;
	sh->ctx.heap_word = heap;
	sh->ctx.pages = pages;
	sh->ctx.page = PAGE;
	sh->ctx.exec_path = sh->exec_path;
	sh->report.fd_opened = -1;
}

/* A TLS block for CLONE_SETTLS: the TCB header copied from ours (self
 * pointers, stack-protector canary) and, below it, a copy of the lab's
 * static TLS (errno, the locale pointers glibc's printf needs): the
 * child's own words from then on, as a thread's are. */
static unsigned long
lab_tls_block(struct lab_shared *sh, const struct experiment *e)
{
	unsigned long tls = 0;
	if (e->flags & CLONE_SETTLS) {
		unsigned char *tcb = sh->tls + TLS_TCB_OFFSET;
#if defined(__x86_64__)
		sh->tls_span = static_tls_span();
		memcpy(tcb - sh->tls_span, (void *)(sh->lab_tls - sh->tls_span), sh->tls_span + 64);
		((unsigned long *)tcb)[0] = (unsigned long)tcb;
		((unsigned long *)tcb)[2] = (unsigned long)tcb;
#endif
		tls = (unsigned long)tcb;
	}
	return tls;
}

/* seccomp: the lab's filter, installed last before the clone (the lab is a
 * throwaway process: clonesh keeps none), and what /proc says of it after. */
static void
lab_install_seccomp(struct lab_shared *sh, const struct experiment *e)
{
	const char *what = "";
	sh->seccomp_mode = sh->seccomp_filters = -1;
	if (!seccomp_wanted(e))
		return;
	sh->seccomp_errno = seccomp_install(e, &what);
	str_copy(sh->seccomp_call, what, sizeof(sh->seccomp_call));
	struct proc_status st;
	if (probe_status(getpid(), &st) == 0) {
		sh->seccomp_mode = st.seccomp;
		sh->seccomp_filters = st.seccomp_filters;
	}
	atomic_store(&sh->seccomp_done, 1);
}

/* The clone() or clone3() call; its return, and its errno in sh. */
static long
lab_clone(struct lab_shared *sh, const struct experiment *e, unsigned char *stack_lo,
    size_t stack_size, unsigned long tls, pid_t *settid, int cgroup_fd)
{
	long ret;

	if (e->variant == VARIANT_CLONE) {
		/* clone() returns the pidfd through parent_tid (one pointer for both). */
		void *ptid = (e->flags & CLONE_PIDFD) ? (void *)&lab_pidfd : (void *)settid;
		/* stack end bottom: the stack's lowest address, as asked (glibc's
		 * clone() then writes the function and its argument below it). */
		unsigned char *stack = e->stack_bottom ? stack_lo : stack_lo + stack_size;
		ret = clone(child_main, stack, (int)(e->flags | (uint64_t)e->exit_signal), sh, ptid,
		    (void *)tls, &lab_ctid);
		sh->clone_errno = ret < 0 ? errno : 0;
	} else {
		struct lab_clone_args a = {
			.flags = e->flags,
			.pidfd = (uint64_t)(uintptr_t)&lab_pidfd,
			.child_tid = (uint64_t)(uintptr_t)&lab_ctid,
			.parent_tid = (uint64_t)(uintptr_t)settid,
			.exit_signal = (uint64_t)e->exit_signal,
			.stack = (uint64_t)(uintptr_t)stack_lo,
			.stack_size = stack_size,
			.tls = tls,
		};
		if (e->flags & CLONE_INTO_CGROUP)
			a.cgroup = (uint64_t)cgroup_fd;
		ret = clonesh_clone3(&a, sizeof(a), child_main, sh);
		sh->clone_errno = ret < 0 ? (int)-ret : 0;
	}
	return ret;
}

/* A CLONE_PARENT child is the lab's sibling: the lab's two calls fail at
 * once, and the lab waits for clonesh to let it go. */
static void
lab_wait_sibling(struct lab_shared *sh, long ret)
{
	int st;
	lab_wait_call(&sh->wplain, (pid_t)ret, 0, &st);
	lab_wait_call(&sh->wall, (pid_t)ret, __WALL, &st);
	snprintf(sh->waited_with, sizeof(sh->waited_with), "by clonesh: the lab's waitpid(pid, "
	    "&st, 0) and waitpid(pid, &st, __WALL) said %s and %s, as CLONE_PARENT made the lab's "
	    "parent the child's parent", wait_result(&sh->wplain, (pid_t)ret),
	    wait_result(&sh->wall, (pid_t)ret));
	uint32_t g;
	while ((g = atomic_load(&sh->lab_go)) == 0)
		futex_wait_raw(&sh->lab_go, g, NULL);
}

/* The plain call first, as most programs make it; __WALL when that did not
 * reap the child. */
static void
lab_wait_child(struct lab_shared *sh, long ret)
{
	/* The plain call can see the child only when its exit signal is
	 * SIGCHLD; otherwise it fails at once, the child still parked.  A
	 * waitid without reaping, with the same eligibility, goes first: if
	 * clonesh kills the lab and the child together (timeout, Ctrl-C), the
	 * child's status must stay in its zombie for clonesh, not die with the
	 * lab. */
	int st;
	siginfo_t si0;
	long w0;
	do
		w0 = RAW6(SYS_waitid, P_PID, ret, &si0, WEXITED | WNOWAIT, 0, 0);
	while (w0 == -EINTR);
	(void)w0;
	lab_wait_call(&sh->wplain, (pid_t)ret, 0, &st);
	if (sh->wplain.ret == (pid_t)ret) {
		sh->waited = true;
		sh->wait_status = st;
		str_copy(sh->waited_with, "waitpid(pid, &st, 0) by the lab", sizeof(sh->waited_with));
	} else {
		/* Wait without reaping first: an exit signal whose default
		 * action kills the lab is delivered as waitid returns, and the
		 * child must then stay a zombie for clonesh, its subreaper, to
		 * collect. */
		siginfo_t si;
		long w;
		do
			w = RAW6(SYS_waitid, P_PID, ret, &si, WEXITED | WNOWAIT | __WALL, 0, 0);
		while (w == -EINTR);
		lab_wait_call(&sh->wall, (pid_t)ret, __WALL, &st);
		if (sh->wall.ret == (pid_t)ret) {
			sh->waited = true;
			sh->wait_status = st;
			snprintf(sh->waited_with, sizeof(sh->waited_with), "waitpid(pid, &st, __WALL) by the "
			    "lab, after waitpid(pid, &st, 0) failed with %s", wait_result(&sh->wplain,
			    (pid_t)ret));
		} else {
			sh->wait_errno = sh->wall.err;
			snprintf(sh->waited_with, sizeof(sh->waited_with), "waitpid failed: "
			    "waitpid(pid, &st, 0) said %s, waitpid(pid, &st, __WALL) %s",
			    wait_result(&sh->wplain, (pid_t)ret), wait_result(&sh->wall, (pid_t)ret));
		}
	}
}

static void __attribute__((noreturn))
lab_experiment(struct lab_shared *sh, unsigned char *stack_lo, size_t stack_size)
{
	const struct experiment *e = &sh->cfg;

	/* The child function's entry in this program's table, not clonesh's. */
	sh->cfg.fn = sh->fn_index >= 0 && (size_t)sh->fn_index < funcs_count ?
	    funcs_table[sh->fn_index] : NULL;
	lab_become_user(sh, e);
	/* The real ids, as the kernel keeps them: what the first fields of the
	 * Uid: and Gid: lines of /proc/self/status say, without making and
	 * reading that file between the start and the clone. */
	sh->lab_uid = (long)getuid();
	sh->lab_gid = (long)getgid();

	if (e->flags & CLONE_CLEAR_SIGHAND) {
		/* Something for CLONE_CLEAR_SIGHAND to clear: a handled and an ignored
		 * signal, as in clone-facts S23.  The ignored one survives the clear. */
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = lab_noop_handler;
		sigaction(SIGUSR1, &sa, NULL);
		signal(SIGUSR2, SIG_IGN);
	}

	lab_prepare_acts(sh, e);
	lab_catch_exit_signal(sh, e);

	unsigned long tls = lab_tls_block(sh, e);

	bool locked = e->fn && (e->fn->lab & FN_LAB_STDOUT_LOCK);
	if (locked)
		flockfile(stdout);
	/* No wake-up: clonesh waits for the child, not for this, and would
	 * only look and sleep again (a context switch on its CPU each way). */
	atomic_store(&sh->lab_state, LAB_READY);

	/* Like glibc's pthread_create, one word serves CLONE_PARENT_SETTID and
	 * CLONE_CHILD_CLEARTID: set to the tid at clone, cleared at exit. */
	pid_t *settid = lab_settid_word(e);
	if (e->nchildren > 1)
		labcpu_spread();
	int cgroup_fd = (e->flags & CLONE_INTO_CGROUP) ? lab_cgroup_fd() : -1;
	lab_install_seccomp(sh, e);
	/* clonesh reads the lab's errno after the child acted: from here on the
	 * lab itself makes no call that sets it (raw waits, futexes). */
	errno = 0;
	long ret = lab_clone(sh, e, stack_lo, stack_size, tls, settid, cgroup_fd);
	sh->clone_ret = ret;
	if (ret >= 0)
		lab_clone_extras(sh, tls != 0, cgroup_fd);
	atomic_store(&sh->lab_state, ret < 0 ? LAB_CLONE_FAILED : LAB_CLONED);
	/* clonesh waits for this and for the child's start: a child that has
	 * not started yet wakes it itself when it does, after this store. */
	if (ret < 0 || atomic_load(&sh->child_phase) >= PHASE_STARTED)
		shared_bump(sh);
	if (ret < 0)
		_exit(0);
	if (locked)
		lab_hold_stdout(sh);

	if (e->flags & CLONE_THREAD)
		lab_wait_thread(sh, (pid_t)ret);
	else if (e->flags & CLONE_PARENT)
		lab_wait_sibling(sh, ret);
	else
		lab_wait_child(sh, ret);
	lab_wait_extras(sh);
	sh->ctid_after_exit = __atomic_load_n(&lab_ctid, __ATOMIC_SEQ_CST);
	atomic_store(&sh->lab_state, LAB_DONE);
	shared_bump(sh);
	_exit(0);
}

void __attribute__((noreturn))
lab_main(struct lab_shared *sh, int outfd, unsigned char *stack_lo, size_t stack_size)
{
	lab_prepare(sh, outfd);
	lab_experiment(sh, stack_lo, stack_size);
}

void
lab_layout(char *buf, size_t size)
{
	snprintf(buf, size, "%s/%zu/%zu/%zu", PACKAGE_VERSION, sizeof(struct lab_shared),
	    sizeof(struct experiment), funcs_count);
}

/* The control block's share of an experiment's mapping, in whole pages. */
size_t
lab_shared_size(void)
{
	return (sizeof(struct lab_shared) + PAGE - 1) & ~(PAGE - 1);
}

/* The stack of the experiment in sh->cfg, in a mapping laid out by lab_run. */
static unsigned char *
lab_stack_lo(struct lab_shared *sh)
{
	size_t shared_size = lab_shared_size();
	return (unsigned char *)sh + shared_size + PAGE + (sh->cfg.guard ? 0 : LANDING_SIZE);
}

/* The standby's namespaces, by their /proc/self/ns links (a pidfd's
 * ioctls would give an fd for each, and the lab holds only fds 0 to 3):
 * read beside the running experiment, not on its critical path.  If it
 * cannot read one link, clonesh reads them all, as for a lab forked for
 * the experiment (by the pidfd first). */
static void
lab_read_namespaces(struct lab_shared *sh)
{
	/* Through its own pidfd where the kernel has the namespace ioctls: the
	 * maker holds the namespaces' nsfs entries (probe_hold_namespaces),
	 * which the standby's own ioctls then find made, where its /proc links
	 * would each make an entry.  The pidfd is closed again: fds 0 to 3. */
	int self = probe_pidfd_open(getpid());
	bool all = true;
	for (int i = 0; i < NS_COUNT && all; i++) {
		const struct namespace *n = &namespaces_table[i];
		sh->lab_ns.ino[i] = probe_ns_inode_unheld(getpid(), self, n->name, n->pidfd_nr);
		all = sh->lab_ns.ino[i] != 0;
	}
	if (self >= 0)
		close(self);
	if (all)
		atomic_store(&sh->lab_ns_read, 1);
}

/* The /proc entries of this process that clonesh reads while the child is
 * parked, looked up here first: a look-up makes the entry's dentry and
 * inode, which stay (until the process is reaped) for clonesh's, and this
 * runs beside the running experiment, not on its CPU.  Nothing is read
 * here: clonesh reads them all, as before, when the child started or acted. */
static void
lab_warm_proc(void)
{
	static const char *const entries[] = {
		"status", "fd", "cwd", "cgroup", "mem",
	};
	char path[64];
	struct stat st;
	int pid = (int)getpid();
	for (size_t i = 0; i < ARRAY_SIZE(entries); i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, entries[i]);
		(void)lstat(path, &st);
	}
	for (int fd = 0; fd <= LAB_FILE_FD; fd++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
		(void)lstat(path, &st);
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
		(void)lstat(path, &st);
	}
}

/* A standby lab: prepared, then parked (named clonesh-standby, so that ps
 * and the tests can tell it) until the next spawn puts its experiment in
 * sh->cfg and sets sh->start.  If clonesh dies first, PR_SET_PDEATHSIG
 * (set in the preparation) ends it. */
/* clonesh's name, which a lab has once it is no longer the standby (one
 * the maker made has the maker's before). */
char lab_comm[17];

void __attribute__((noreturn))
lab_standby_main(struct lab_shared *sh, int outfd)
{
	char name[17] = "";
	prctl(PR_GET_NAME, name);
	if (lab_comm[0])
		str_copy(name, lab_comm, sizeof(name));
	prctl(PR_SET_NAME, "clonesh-standby");
	lab_prepare(sh, outfd);
	lab_read_namespaces(sh);
	lab_warm_proc();
	/* Prepared beside the experiment that runs meanwhile; parked on the
	 * experiments' CPU, where clonesh will wake it (labcpu.c). */
	labcpu_standby();
	uint32_t go;
	while ((go = atomic_load(&sh->start)) == 0)
		futex_wait_raw(&sh->start, go, NULL);
	prctl(PR_SET_NAME, name);
	lab_experiment(sh, lab_stack_lo(sh), sh->cfg.stack_size);
}

/* The maker's way in (maker.h's maker_standby_fn). */
void
lab_standby_start(void *map, int outfd)
{
	lab_standby_main(map, outfd);
}
