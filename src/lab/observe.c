/*
 * The observer, in clonesh: the experiment's mapping, the standby lab (made
 * by the maker, or forked here), and the run: clonesh hands the lab its
 * experiment, then measures lab and child at each phase while the child is
 * parked (kcmp, /proc, pidfds, the lab's memory) and fills the observation.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec-report.h"
#include "flags.h"
#include "kernel.h"
#include "lab-int.h"
#include "lab.h"
#include "labcpu.h"
#include "maker.h"
#include "pair.h"
#include "rules.h"
#include "seccomp.h"

#include "clone-compat.h"

/* --- the observer (clonesh) --------------------------------------------- */

/*
 * The shared mapping outlives its experiment when the next one has the same
 * size: mapping, unmapping and faulting in a fresh one (the stack paint alone
 * is 16 pages at 64 KiB) cost more than the rest of clonesh's own work.  It is
 * kept only when every process that could hold it is gone (clonesh, their
 * subreaper, has no child left but the standby lab), so nothing from the
 * last experiment can write into the next.
 */
static unsigned char *lab_map_cached;
static size_t lab_map_cached_size;
static int lab_map_cached_children;
static int lab_map_cached_fd = -1;

/* A mapping's memfd, which the maker maps for a standby; -1 when memfd_create
 * failed and the mapping is anonymous (clonesh then forks the standby). */
static void
lab_map_unmap(unsigned char *map, size_t total, int fd)
{
	munmap(map, total);
	if (fd >= 0)
		close(fd);
}

/* An experiment's mapping of total bytes, and its memfd in *fd. */
static unsigned char *
lab_map_take(size_t total, int *fd)
{
	size_t shared_size = lab_shared_size();
	unsigned char *map = lab_map_cached;
	if (map && lab_map_cached_size == total) {
		/* Zero what the last experiment wrote: the block before the extra
		 * children, and the extras it could have used. */
		int used = lab_map_cached_children < CHILDREN_MAX ? lab_map_cached_children :
		    CHILDREN_MAX - 1;
		memset(map, 0, offsetof(struct lab_shared, extra) + (size_t)used *
		    sizeof(struct extra_child));
		lab_map_cached = NULL;
		*fd = lab_map_cached_fd;
		return map;
	}
	if (map)
		lab_map_unmap(map, lab_map_cached_size, lab_map_cached_fd);
	lab_map_cached = NULL;
	*fd = (int)syscall(SYS_memfd_create, "clonesh-lab-map", MFD_CLOEXEC);
	if (*fd >= 0 && ftruncate(*fd, (off_t)total) < 0) {
		close(*fd);
		*fd = -1;
	}
	map = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_SHARED | (*fd < 0 ? MAP_ANONYMOUS : 0),
	    *fd, 0);
	if (map == MAP_FAILED) {
		if (*fd >= 0)
			close(*fd);
		return NULL;
	}
	/* The guard (or, without one, a safety page under the landing zone)
	 * also keeps a runaway child off the shared control block. */
	if (mprotect(map + shared_size, PAGE, PROT_NONE) < 0) {
		int err = errno;
		lab_map_unmap(map, total, *fd);
		errno = err;
		return NULL;
	}
	return map;
}

static void
lab_map_give(unsigned char *map, size_t total, int fd, bool all_gone, int nchildren)
{
	if (!all_gone || lab_map_cached) {
		lab_map_unmap(map, total, fd);
		return;
	}
	lab_map_cached = map;
	lab_map_cached_size = total;
	lab_map_cached_children = nchildren;
	lab_map_cached_fd = fd;
}

/*
 * The standby lab.  While clonesh waits for an experiment's child and lab to
 * end, it forks the next experiment's lab, which prepares itself (signals,
 * fds, I/O context, undo list) and parks; the next spawn of the same
 * mapping size only hands it the experiment.  Its fork and preparation then
 * overlap the end of the last experiment instead of delaying the next one.
 * It is clonesh's child like every lab, in a process group of its own.
 */
static struct {
	pid_t pid;		/* 0: none */
	bool asked;		/* the maker is making it: pid not known yet */
	pid_t owner;		/* the clonesh that made it (a lab inherits this record) */
	unsigned char *map;
	size_t total;
	int map_fd;
	int outfd, mem_fd, pidfd;
} standby;

/* The mapping of the running experiment, which a standby forked meanwhile
 * inherits and lets go of at once. */
static unsigned char *lab_map_running;
static size_t lab_map_running_size;

static void
standby_forget(void)
{
	if (standby.outfd >= 0)
		close(standby.outfd);
	if (standby.mem_fd >= 0)
		close(standby.mem_fd);
	if (standby.pidfd >= 0)
		close(standby.pidfd);
	lab_map_unmap(standby.map, standby.total, standby.map_fd);
	standby.pid = 0;
	standby.asked = false;
}

/* What clonesh keeps of a standby lab, forked by itself or by the maker. */
static void
standby_adopt(pid_t pid)
{
	setpgid(pid, pid);
	standby.pid = pid;
	standby.mem_fd = probe_mem_open(pid);
	standby.pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
}

/* The maker's answer to standby_make's request, read once it is needed:
 * the standby adopted, or, when the maker could not make it, none (the
 * next lab is forked by clonesh). */
static void
standby_collect(void)
{
	if (!standby.asked || standby.owner != getpid())
		return;
	standby.asked = false;
	pid_t pid = maker_answer();
	if (pid < 0) {
		standby_forget();
		return;
	}
	standby_adopt(pid);
}

/* Ends the standby lab, if there is one. */
static void
standby_discard(void)
{
	standby_collect();
	if (!standby.pid || standby.owner != getpid())
		return;
	kill(standby.pid, SIGKILL);
	while (waitpid(standby.pid, NULL, __WALL) < 0 && errno == EINTR)
		;
	standby_forget();
}

/* Forks a standby lab for experiments whose mapping is total bytes. */
static void
standby_make(size_t total)
{
	static bool registered, usable;
	if (standby.pid || standby.asked)
		return;
	if (!registered) {
		/* Without /proc/PID/task/TID/children (CONFIG_PROC_CHILDREN) the
		 * end of a run could not be told from the standby: none then. */
		char path[64], text[64];
		snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
		usable = file_read(path, text, sizeof(text)) >= 0 && atexit(standby_discard) == 0;
		registered = true;
	}
	if (!usable)
		return;
	int map_fd;
	unsigned char *map = lab_map_take(total, &map_fd);
	if (!map)
		return;
	int out[2];
	if (pipe2(out, O_CLOEXEC) < 0) {
		lab_map_give(map, total, map_fd, true, 0);
		return;
	}
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	standby.owner = getpid();
	standby.map = map;
	standby.total = total;
	standby.map_fd = map_fd;
	standby.outfd = out[0];
	standby.mem_fd = standby.pidfd = -1;
	/* The maker forks it while this experiment ends; its pid is read when
	 * needed (standby_collect). */
	if (map_fd >= 0 && maker_ask(map, total, map_fd, lab_shared_size(), out[1]) == 0) {
		close(out[1]);
		standby.asked = true;
		return;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(out[1]);
		standby_forget();
		return;
	}
	if (pid == 0) {
		if (lab_map_running)
			munmap(lab_map_running, lab_map_running_size);
		close(out[0]);
		lab_standby_main((struct lab_shared *)map, out[1]);
	}
	close(out[1]);
	standby_adopt(pid);
}

/* The standby lab for a mapping of total bytes, alive: its mapping, and its
 * pid and fds in *pid, *outfd, *mem_fd and *pidfd, which are the caller's
 * now, and its namespaces' inodes in ns (*ns_known) once it read them while
 * it prepared; it is no longer the standby.  NULL (and no standby) otherwise. */
static unsigned char *
standby_take(size_t total, int *map_fd, pid_t *pid, int *outfd, int *mem_fd, int *pidfd,
    bool *ns_known, struct ns_inodes *ns)
{
	standby_collect();
	if (!standby.pid || standby.owner != getpid())
		return NULL;
	if (standby.total != total || waitpid(standby.pid, NULL, WNOHANG | __WALL) != 0) {
		standby_discard();
		return NULL;
	}
	*pid = standby.pid;
	*outfd = standby.outfd;
	*mem_fd = standby.mem_fd;
	*pidfd = standby.pidfd;
	const struct lab_shared *block = (const struct lab_shared *)standby.map;
	*ns_known = atomic_load(&block->lab_ns_read);
	if (*ns_known)
		*ns = block->lab_ns;
	*map_fd = standby.map_fd;
	standby.pid = 0;
	unsigned char *map = standby.map;
	/* The maker makes the next one on the other CPUs while this one's
	 * experiment runs on its own (labcpu.c). */
	if (maker_pid() > 0)
		standby_make(total);
	return map;
}

/* Whether the only children clonesh has left are the ones it keeps between
 * experiments: the standby lab and the maker, either of which may be
 * missing.  clonesh has one thread, so its main thread's children are all
 * of them. */
static bool
only_standby_left(void)
{
	standby_collect();
	if (!standby.pid && !maker_pid())
		return false;
	/* Opened once and read again from offset 0 after each experiment (a
	 * seq_file makes its text anew), as procps reads its files. */
	static int children = -1;
	static pid_t children_of;
	if (children >= 0 && children_of != getpid()) {
		close(children);
		children = -1;
	}
	if (children < 0) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
		children = open(path, O_RDONLY | O_CLOEXEC);
		children_of = getpid();
	}
	char text[64];
	/* Two pids and their blanks fill a few bytes; a full buffer is more. */
	ssize_t n = children >= 0 ? pread(children, text, sizeof(text) - 1, 0) : -1;
	if (n < 0 || n >= (ssize_t)sizeof(text) - 1)
		return false;
	text[n] = '\0';
	char *p = text, *end;
	for (long pid; (pid = strtol(p, &end, 10)) > 0; p = end) {
		if (pid != standby.pid && pid != maker_pid())
			return false;
	}
	return end[strspn(end, " \n")] == '\0';
}

struct run {
	const struct experiment *e;
	const struct lab_hooks *hooks;
	struct observation *o;
	struct lab_shared *sh;
	pid_t lab;
	pid_t child;		/* global pid (or tid) of the child, 0 until known */
	bool lab_gone;
	int lab_wstatus;
	bool child_reaped;	/* by clonesh itself */
	int child_wstatus;
	int outfd;
	int mem_fd;		/* /proc/LAB/mem, opened once for every read */
	int lab_pidfd;		/* readable when the lab has ended; -1 without pidfd_open */
	int child_pidfd;	/* the child's, from "child started" on; -1 when none */
	/* /proc/PID/status of the lab and the child, kept open from their first
	 * read to be read again (probe_status_fd); -1 until then */
	int lab_status_fd, child_status_fd;
	bool lab_ns_known;	/* lab_ns was read by the standby lab while it prepared */
	struct ns_inodes lab_ns;
	enum phase extras_phase;	/* extras_reached's cursor: the phase ... */
	int extras_done;		/* ... and how many extras reached it */
	unsigned long stack;	/* the stack argument of the call line */
	struct timespec deadline;
	bool timed_out, interrupted;
	bool all_reaped;	/* no process of the run is left (ECHILD, or only the standby) */
	/* The lab's words (funcs.h's LAB_WORD), read at once after the child
	 * acted: words_len bytes from words_lo, 0 when not read. */
	unsigned long words_lo;
	size_t words_len;
	unsigned char words[128];
};

int
lab_init(void)
{
	/* CLONE_PARENT children and the orphans of a dead lab come to us. */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0)
		return -1;
	prctl(PR_GET_NAME, lab_comm);
	/* Before the maker, which inherits the choice. */
	labcpu_init();
	/* Standby labs need /proc/PID/task/TID/children (see standby_make). */
	char path[64], text[64], layout[128];
	snprintf(path, sizeof(path), "/proc/self/task/%d/children", (int)getpid());
	lab_layout(layout, sizeof(layout));
	if (file_read(path, text, sizeof(text)) >= 0 &&
	    maker_start(lab_standby_start, lab_comm, layout))
		atexit(maker_stop);
	return 0;
}

const char *
lab_program(char *why, size_t len, int *maker_maps, int *own_maps)
{
	const char *path = maker_program(why, len);
	*maker_maps = maker_pid() > 0 ? probe_mapping_count(maker_pid()) : -1;
	*own_maps = probe_mapping_count(getpid());
	return path;
}

int
lab_refusal(const struct experiment *e, char *err, size_t errlen)
{
	if (e->fn && (e->fn->needs_flags & ~e->flags)) {
		snprintf(err, errlen, "%s", e->fn->refusal);
		return -1;
	}
	if (e->fn && e->fn->uses_stdio && (e->flags & CLONE_SETTLS) && static_tls_span() == 0) {
		snprintf(err, errlen, "%s calls printf, which needs a copy of the static TLS in the "
		    "child's block, and it does not fit clonesh's %lu bytes here (remove settls, or use "
		    "hello)", e->fn->name, TLS_TCB_OFFSET);
		return -1;
	}
	if (e->variant == VARIANT_CLONE3 && e->stack_bottom) {
		snprintf(err, errlen, "stack end bottom is clone()'s mistake: clone3 is given the "
		    "stack's lowest address and its size, and the kernel finds the top (use variant "
		    "clone, or stack end top)");
		return -1;
	}
	if (e->variant == VARIANT_CLONE3 && !HAVE_CLONE3_TRAMPOLINE) {
		snprintf(err, errlen, "clone3 is not supported by clonesh on this architecture "
		    "(use variant clone)");
		return -1;
	}
	return 0;
}

void
lab_format_syscall(const struct experiment *e, unsigned long stack, long ret, char *buf,
    size_t len)
{
	char fl[512], r[96];
	if (ret == LAB_RET_PENDING)
		str_copy(r, "?", sizeof(r));
	else if (ret >= 0)
		snprintf(r, sizeof(r), "%ld", ret);
	else
		snprintf(r, sizeof(r), "-1 %s (%s)", strerrorname_np((int)-ret) ?
		    strerrorname_np((int)-ret) : "?", strerror((int)-ret));
	if (e->variant == VARIANT_CLONE) {
		flags_format(e->flags, e->exit_signal, fl, sizeof(fl));
		snprintf(buf, len, "clone(child_stack=%#lx, flags=%s) = %s", stack, fl, r);
	} else {
		char sig[32];
		flags_format(e->flags, 0, fl, sizeof(fl));
		snprintf(buf, len, "clone3({flags=%s, exit_signal=%s, stack=%#lx, stack_size=%#zx}, "
		    "88) = %s", fl, e->exit_signal ? signal_name(e->exit_signal, sig, sizeof(sig)) : "0",
		    stack, e->stack_size, r);
	}
}

static void
ts_add_ms(struct timespec *t, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static bool
ts_passed(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

static void
run_drain_output(struct run *r)
{
	char buf[1024];
	ssize_t n;
	while ((n = read(r->outfd, buf, sizeof(buf))) > 0) {
		struct observation *o = r->o;
		size_t room = sizeof(o->output) - 1 - o->output_len;
		size_t take = (size_t)n < room ? (size_t)n : room;
		memcpy(o->output + o->output_len, buf, take);
		o->output_len += take;
		o->output[o->output_len] = '\0';
		if (take < (size_t)n)
			o->output_truncated = true;
	}
}

/* Notices the lab's death, and the child's when clonesh is its parent
 * (CLONE_PARENT, or an orphan after the lab died). */
static void
run_reap(struct run *r)
{
	int st;
	if (!r->lab_gone && waitpid(r->lab, &st, WNOHANG | __WALL) == r->lab) {
		r->lab_gone = true;
		r->lab_wstatus = st;
	}
	/* The child is clonesh's with CLONE_PARENT, or once the lab is gone
	 * (clonesh is the subreaper); else waitpid could only say ECHILD. */
	if (r->child > 0 && !r->child_reaped && !(r->e->flags & CLONE_THREAD) &&
	    ((r->e->flags & CLONE_PARENT) || r->lab_gone) &&
	    waitpid(r->child, &st, WNOHANG | __WALL) == r->child) {
		r->child_reaped = true;
		r->child_wstatus = st;
	}
}

enum wait_for { WAIT_STARTED, WAIT_ACTED, WAIT_PROBED, WAIT_END };

/* Whether every extra child reached phase p, or ended trying.  A cursor
 * remembers how far they all did, so a thousand children cost a thousand
 * checks, not a thousand on every wake-up. */
static bool
extras_reached(struct run *r, enum phase p)
{
	struct lab_shared *sh = r->sh;
	if (r->extras_phase != p) {
		r->extras_phase = p;
		r->extras_done = 0;
	}
	for (; r->extras_done < sh->nextra; r->extras_done++) {
		const struct extra_child *x = &sh->extra[r->extras_done];
		if (atomic_load(&x->phase) >= (int)p)
			continue;
		char st = probe_state((pid_t)x->ret);
		if (st != 'Z' && st != 'X' && st != '?')
			return false;
	}
	return true;
}

static bool
run_condition(struct run *r, enum wait_for what)
{
	struct lab_shared *sh = r->sh;
	int ls = atomic_load(&sh->lab_state);
	int cp = atomic_load(&sh->child_phase);
	bool vfork = r->e->flags & CLONE_VFORK;

	if (r->lab_gone || ls == LAB_CLONE_FAILED)
		return true;
	switch (what) {
	case WAIT_STARTED:
		/* A vfork lab sleeps inside clone(): it cannot say it cloned. */
		return (cp >= PHASE_STARTED && (vfork || (ls >= LAB_CLONED &&
		    extras_reached(r, PHASE_STARTED)))) || ls == LAB_DONE;
	case WAIT_ACTED:
		return (cp >= PHASE_ACTED && extras_reached(r, PHASE_ACTED)) || ls == LAB_DONE ||
		    r->child_reaped;
	case WAIT_PROBED:
		return atomic_load(&sh->probed) >= 1 || ls == LAB_DONE || r->child_reaped;
	case WAIT_END:
		if ((r->e->flags & CLONE_PARENT) && !(r->e->flags & CLONE_THREAD))
			return r->child_reaped;
		/* With the lab's pidfd, wait for its exit itself (one wake-up,
		 * not one for "done" and one for the exit). */
		return ls == LAB_DONE && r->lab_pidfd < 0;
	}
	return true;
}

/* Waits for a condition, the lab's death, the timeout or an interrupt;
 * false when the experiment must stop. */
static bool
run_wait(struct run *r, enum wait_for what)
{
	for (;;) {
		uint32_t seq = atomic_load(&r->sh->seq);
		run_drain_output(r);
		run_reap(r);
		if (run_condition(r, what))
			return !r->lab_gone || what == WAIT_END;
		if (r->hooks && r->hooks->poll && r->hooks->poll(r->hooks->data)) {
			r->interrupted = true;
			return false;
		}
		if (ts_passed(&r->deadline)) {
			r->timed_out = true;
			return false;
		}
		if (what == WAIT_END && r->lab_pidfd >= 0 &&
		    !((r->e->flags & CLONE_PARENT) && !(r->e->flags & CLONE_THREAD))) {
			struct pollfd p = { .fd = r->lab_pidfd, .events = POLLIN };
			poll(&p, 1, 5);
		} else {
			struct timespec tick = { 0, 5 * 1000000L };
			futex_wait_raw(&r->sh->seq, seq, &tick);
		}
	}
}

static void
run_phase_hook(struct run *r, enum phase p)
{
	r->o->reached = p;
	/* Once the lab's clone() has returned, the call line says what it
	 * returned; a vfork lab sleeps in it while the child runs ("= ?"). */
	int ls = atomic_load(&r->sh->lab_state);
	if (p > PHASE_BEFORE && (ls == LAB_CLONED || ls == LAB_DONE) && r->sh->clone_ret > 0)
		lab_format_syscall(r->e, r->stack, r->sh->clone_ret, r->o->syscall,
		    sizeof(r->o->syscall));
	if (!r->hooks || !r->hooks->phase)
		return;
	/* A teacher pausing at a phase (step mode) does not use up the timeout. */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r->hooks->phase(r->hooks->data, p, r->o);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	r->deadline.tv_sec += ms / 1000;
	r->deadline.tv_nsec += (ms % 1000) * 1000000L;
	if (r->deadline.tv_nsec >= 1000000000L) {
		r->deadline.tv_sec++;
		r->deadline.tv_nsec -= 1000000000L;
	}
}

static void
write_id_map(pid_t child, const char *file, unsigned int id)
{
	char path[64], map[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)child, file);
	snprintf(map, sizeof(map), "0 %u 1\n", id);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = write(fd, map, strlen(map));
		(void)n;
		close(fd);
	}
}

/* Makes the child root in its new user namespace: the lab's uid and gid as its 0. */
static void
map_root(pid_t child, unsigned int uid, unsigned int gid)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)child);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = write(fd, "deny", 4);
		(void)n;
		close(fd);
	}
	write_id_map(child, "uid_map", uid);
	write_id_map(child, "gid_map", gid);
}

static void observe_children(struct run *r, const struct proc_status *first);


/* Snapshot "child started": who is who, and what kcmp says is shared. */
/* The child's pid as the lab's namespace knows it, and its id maps written
 * when it has a user namespace of its own. */
static void
observe_started_find(struct run *r)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	const struct experiment *e = r->e;
	struct child_report *rep = &sh->report;

	if (!(e->flags & CLONE_VFORK))
		r->child = (pid_t)sh->clone_ret;
	else if (e->flags & CLONE_NEWPID)
		r->child = probe_find_child((e->flags & CLONE_PARENT) ? getpid() : r->lab, rep->tid);
	else
		r->child = (pid_t)rep->tid;

	if ((e->flags & CLONE_NEWUSER) && r->child > 0) {
		/* The lab's ids, as the kernel says they are (lab user). */
		unsigned int uid = o->parent.uid >= 0 ? (unsigned int)o->parent.uid : (unsigned int)geteuid();
		unsigned int gid = o->parent.gid >= 0 ? (unsigned int)o->parent.gid : (unsigned int)getegid();
		map_root(r->child, uid, gid);
		for (int i = 0; i < sh->nextra; i++)
			map_root((pid_t)sh->extra[i].ret, uid, gid);
		observation_note(o, "clonesh wrote uid_map \"0 %u 1\" and gid_map \"0 %u 1\" for the child, "
		    "so it is root in its user namespace (uid %ld before the map)", uid, gid, rep->uid_start);
	}
}

/* The lab's status once it is on its way no more: after its clone() the
 * lab goes on to its wait, and on the experiments' one CPU (labcpu.c) the
 * child and clonesh may run first.  Read while it is still runnable, the
 * experiment would go on without it, and a child that ends before it made
 * its first waitpid() would find a lab that never made it (a fatal exit
 * signal then kills the lab first).  So clonesh yields the CPU to it until
 * it sleeps in its wait (or in clone(), for vfork), a few times at most. */
static int
lab_status_settled(struct run *r, struct proc_status *ls)
{
	for (int i = 0;; i++) {
		if (probe_status_fd(r->lab, &r->lab_status_fd, ls) < 0)
			return -1;
		if (ls->state != 'R' || i >= 1000 || ts_passed(&r->deadline))
			return 0;
		sched_yield();
	}
}

/* Who the child is, as it sees itself and as /proc says, and the lab's
 * state before the child acts; the child's status in *cs when read. */
static bool
observe_started_ids(struct run *r, struct proc_status *cs)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	const struct experiment *e = r->e;
	struct child_report *rep = &sh->report;
	struct proc_status ls;

	o->parent.pid = r->lab;
	o->parent.tid = r->lab;
	o->ids.pid_self = rep->pid_self;
	o->ids.tid = rep->tid;
	o->ids.ppid = rep->ppid;
	o->ids.pid_in_parent_ns = r->child;
	o->ids.uid_start = rep->uid_start;
	o->ids.gid_start = rep->gid_start;
	if (!(e->flags & CLONE_VFORK))
		o->ids.pid_in_parent_ns = sh->clone_ret;

	bool have_cs = r->child > 0 && probe_status_fd(r->child, &r->child_status_fd, cs) == 0;
	if (have_cs) {
		o->ids.tgid = cs->tgid;
		o->ids.status_ppid = cs->ppid;
	}
	if (have_cs && seccomp_wanted(e)) {
		o->seccomp.child_mode = cs->seccomp;
		o->seccomp.child_filters = cs->seccomp_filters;
	}
	/* The exit signal as the kernel stored it: clone() takes it from the
	 * flags' low byte (CSIGNAL) unchecked, so a flag bit there changes it. */
	if (r->child > 0 && probe_exit_signal(r->child, &o->ids.exit_signal) == 0) {
		o->ids.exit_signal_measured = true;
		char asked[32], got[32], bits[96];
		if (e->variant == VARIANT_CLONE && (e->flags & CSIGNAL) && o->ids.exit_signal >= 0 &&
		    o->ids.exit_signal != e->exit_signal)
			observation_note(o, "the kernel stored exit signal %s (field 38 of /proc/PID/stat), "
			    "not %s: clone() takes it from the flags' low byte, where %s (%#llx) lies, "
			    "unchecked%s", signal_name(o->ids.exit_signal, got, sizeof(got)),
			    signal_name(e->exit_signal, asked, sizeof(asked)),
			    flags_format(e->flags & CSIGNAL, 0, bits, sizeof(bits)),
			    (unsigned long long)(e->flags & CSIGNAL),
			    o->ids.exit_signal > 64 ? "; above 64 none is sent when the child exits" : "");
	}
	/* A vfork parent sleeps in clone() until the child execs or exits: D. */
	o->ids.parent_state = '?';
	o->ioprio.before = probe_ioprio(r->lab);
	if (lab_status_settled(r, &ls) == 0) {
		o->lab_before.measured = true;
		o->lab_before.umask = ls.umask;
		o->lab_before.sig_ign = ls.sig_ign;
		o->lab_before.sig_cgt = ls.sig_cgt;
		o->ids.threads = (int)ls.threads;
		o->parent.ppid = ls.ppid;
		o->ids.parent_state = ls.state;
	}
	return have_cs;
}

/* What the two share, by kcmp, their namespaces and their thread pointers. */
static void
observe_started_shared(struct run *r)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	struct child_report *rep = &sh->report;

	pair_measure_shared(o, r->lab, r->child);
	/* Without kcmp, the lab's fds now are what a new fd is told from. */
	if (o->shared[SH_FILES].v < 0)
		o->lab_before.nfds = probe_fds(r->lab, o->lab_before.fds, OBS_MAX_FDS);

	/* The pidfd's ioctls read a namespace without making a /proc entry of a
	 * process a millisecond old (/proc/PID/ns/NAME without them). */
	r->child_pidfd = r->child > 0 ? probe_pidfd_open(r->child) : -1;
	pair_measure_ns(o, r->lab, r->lab_pidfd, r->lab_ns_known ? &r->lab_ns : NULL, r->child,
	    r->child_pidfd);

	if (rep->tls_base && sh->lab_tls) {
		o->tp_same.v = rep->tls_base == sh->lab_tls;
	} else {
		o->tp_same.v = -1;
		str_copy(o->tp_same.why, "the thread pointer is not read on this architecture",
		    sizeof(o->tp_same.why));
	}
	observation_tls_verdict(o);
}

static void
observe_started(struct run *r)
{
	struct proc_status cs;

	observe_started_find(r);
	bool have_cs = observe_started_ids(r, &cs);
	observe_started_shared(r);
	observe_children(r, have_cs ? &cs : NULL);
	run_phase_hook(r, PHASE_STARTED);
}

static enum disposition
disposition_of(const struct proc_status *st, int sig)
{
	uint64_t bit = 1ULL << (sig - 1);
	return (st->sig_cgt & bit) ? DISP_HANDLER : (st->sig_ign & bit) ? DISP_IGNORE : DISP_DEFAULT;
}

static void
observe_fds(struct run *r)
{
	struct observation *o = r->o;
	int pf[OBS_MAX_FDS], cf[OBS_MAX_FDS];
	/* The targets are the lab's (the child's only for an fd the lab lacks),
	 * the positions both's. */
	int np = probe_fds_counted(r->lab, pf, OBS_MAX_FDS);
	int nc = probe_fds_counted(r->child, cf, OBS_MAX_FDS);
	int i = 0, j = 0;

	o->nfds = 0;
	/* Without both lists nothing can be said of any fd, fd 3 included. */
	if (np < 0 || nc < 0) {
		snprintf(o->fds_why, sizeof(o->fds_why), "/proc/%d/fd unreadable",
		    np < 0 ? (int)r->lab : (int)r->child);
		return;
	}
	while ((i < np || j < nc) && o->nfds < OBS_MAX_FDS) {
		int fd = j >= nc || (i < np && pf[i] <= cf[j]) ? pf[i] : cf[j];
		struct fd_obs *f = &o->fds[o->nfds++];
		memset(f, 0, sizeof(*f));
		f->fd = fd;
		f->in_parent = i < np && pf[i] == fd;
		f->in_child = j < nc && cf[j] == fd;
		probe_fd_target(f->in_parent ? r->lab : r->child, fd, f->target, sizeof(f->target));
		int same = f->in_parent && f->in_child ?
		    probe_kcmp(r->lab, r->child, KCMP_FILE, (unsigned long)fd, (unsigned long)fd) : 0;
		f->same_ofd = f->in_parent && f->in_child && same >= 0 ? same : -1;
		if (same < 0)
			f->ofd_errno = -same;	/* -EPERM is -1: not the sentinel */
		/* One open file description, by kcmp, has one offset (struct
		 * file's f_pos, which fdinfo's pos: prints): read once. */
		f->parent_pos = f->in_parent ? probe_fd_pos(r->lab, fd) : -1;
		f->child_pos = f->same_ofd == 1 ? f->parent_pos :
		    f->in_child ? probe_fd_pos(r->child, fd) : -1;
		if (f->in_parent)
			i++;
		if (f->in_child)
			j++;
	}
	/* The lab's own file stays in the list when both closed it. */
	bool have = false;
	for (int k = 0; k < o->nfds; k++)
		have |= o->fds[k].fd == LAB_FILE_FD;
	if (!have && o->nfds < OBS_MAX_FDS) {
		int k = o->nfds++;
		while (k > 0 && o->fds[k - 1].fd > LAB_FILE_FD) {
			o->fds[k] = o->fds[k - 1];
			k--;
		}
		memset(&o->fds[k], 0, sizeof(o->fds[k]));
		o->fds[k].fd = LAB_FILE_FD;
		o->fds[k].same_ofd = -1;
		o->fds[k].parent_pos = o->fds[k].child_pos = -1;
		str_copy(o->fds[k].target, "(closed in both)", sizeof(o->fds[k].target));
	}
}

static void
observe_signals(struct run *r, const struct proc_status *ps, const struct proc_status *cs)
{
	struct observation *o = r->o;
	const struct experiment *e = r->e;
	int fsig = 0;

	if (e->fn && e->fn->kinds[0] == ARG_SIGNAL)
		fsig = (int)e->iarg[0];
	if (e->flags & CLONE_CLEAR_SIGHAND)
		observation_note(o, "the lab caught SIGUSR1 and ignored SIGUSR2 before the clone, so that "
		    "CLONE_CLEAR_SIGHAND has a handler to reset");
	o->nsigs = 0;
	for (int sig = 1; sig <= 64 && o->nsigs < OBS_MAX_SIGS; sig++) {
		uint64_t bit = 1ULL << (sig - 1);
		enum disposition pd = disposition_of(ps, sig), cd = disposition_of(cs, sig);
		bool pb = ps->sig_blk & bit, cb = cs->sig_blk & bit;
		if (sig != fsig && sig != SIGCHLD && pd == DISP_DEFAULT && cd == DISP_DEFAULT && !pb && !cb)
			continue;
		struct sig_obs *s = &o->sigs[o->nsigs++];
		s->sig = sig;
		s->parent = pd;
		s->child = cd;
		s->parent_blocked = pb;
		s->child_blocked = cb;
	}
}

/* Page by page, whether the lab and the child map the same frame ('=') or
 * each its own ('|'), '.' where one maps nothing, '?' where it was not
 * measured: from /proc/PID/pagemap, by page frame number as root, else by the
 * exclusively-mapped bit.  A page both map exclusively is one frame only if
 * both are one address space, which kcmp says, or else pages_settle from
 * what the parent read.  False when pagemap is unreadable. */
static bool
pages_strip(struct run *r, char strip[LAB_PAGES + 1], char *method, size_t methodlen)
{
	const uint64_t pfn_mask = (1ULL << 55) - 1, present = 1ULL << 63, exclusive = 1ULL << 56;
	uint64_t pm[LAB_PAGES], cm[LAB_PAGES];
	int one_mm = r->o->shared[SH_VM].v;

	if (probe_pagemap(r->lab, r->sh->pages_addr, pm, LAB_PAGES) < 0 ||
	    probe_pagemap(r->child, r->sh->pages_addr, cm, LAB_PAGES) < 0) {
		str_copy(method, "pagemap unreadable", methodlen);
		strip[0] = '\0';
		return false;
	}
	bool pfns = false;
	for (int i = 0; i < LAB_PAGES; i++)
		if ((pm[i] & pfn_mask) != 0)
			pfns = true;
	for (int i = 0; i < LAB_PAGES; i++) {
		if (!(pm[i] & present) || !(cm[i] & present))
			strip[i] = '.';
		else if (pfns)
			strip[i] = (pm[i] & pfn_mask) == (cm[i] & pfn_mask) ? '=' : '|';
		else if (!((pm[i] & exclusive) && (cm[i] & exclusive)))
			strip[i] = '=';		/* mapped more than once: both map it */
		else
			strip[i] = one_mm == 1 ? '=' : one_mm == 0 ? '|' : '?';
	}
	strip[LAB_PAGES] = '\0';
	str_copy(method, pfns ? "page frame numbers (pagemap, as root)" :
	    "exclusively-mapped bit (pagemap, no PFNs without CAP_SYS_ADMIN)", methodlen);
	return true;
}

static void
pages_count(struct observation *o)
{
	o->pages.shared_frames = o->pages.split_frames = 0;
	for (int i = 0; i < LAB_PAGES && o->pages.after[i]; i++) {
		o->pages.shared_frames += o->pages.after[i] == '=';
		o->pages.split_frames += o->pages.after[i] == '|';
	}
}

static void
observe_pages(struct run *r)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	unsigned char buf[LAB_PAGES];

	/* The page map first: reading the values must not disturb it. */
	o->pages.shared_frames = o->pages.split_frames = -1;
	bool strip = pages_strip(r, o->pages.after, o->pages.method, sizeof(o->pages.method));

	o->pages.measured = true;
	o->pages.touched = sh->report.pages_touched;
	o->pages.parent_changed = 0;
	for (unsigned long i = 0; i < LAB_PAGES; i++) {
		if (probe_read_mem_fd(r->mem_fd, sh->pages_addr + i * PAGE, &buf[i], 1) < 0) {
			o->pages.measured = false;
			break;
		}
		if (buf[i] == (unsigned char)(0xC0 + (i & 0x0f)))
			o->pages.parent_changed++;
	}
	/* Frames are counted only where every page was measured. */
	if (strip && !strchr(o->pages.after, '?'))
		pages_count(o);
}

/* Without kcmp, a page both map exclusively ('?') is one frame if the
 * behaviour said one address space (the parent read the child's writes: see
 * observation_by_behaviour), two if it said two. */
static void
pages_settle(struct observation *o)
{
	const struct tri *vm = &o->shared[SH_VM];

	if (!strchr(o->pages.before, '?') && !strchr(o->pages.after, '?'))
		return;
	if (vm->v < 0) {
		str_copy(o->pages.method, "exclusively-mapped bit; one address space or two was not "
		    "measured (no PFNs, no kcmp)", sizeof(o->pages.method));
		return;
	}
	char *strips[] = { o->pages.before, o->pages.after };
	for (size_t k = 0; k < ARRAY_SIZE(strips); k++)
		for (char *p = strchr(strips[k], '?'); p; p = strchr(p + 1, '?'))
			*p = vm->v ? '=' : '|';
	snprintf(o->pages.method, sizeof(o->pages.method), "exclusively-mapped bit, and %s "
	    "address space%s by behaviour (no PFNs, no kcmp)", vm->v ? "one" : "two", vm->v ? "" : "s");
	if (o->pages.measured)
		pages_count(o);
}

/* Snapshot "child acted": what the parent sees now. */
/* The lab's words, side by side in their section (LAB_WORD), in one read of
 * its memory rather than one each; nothing when they are further apart. */
static void
lab_words_read(struct run *r)
{
	const struct lab_shared *sh = r->sh;
	unsigned long at[] = { sh->addr_global, sh->addr_settid, sh->addr_ctid, sh->addr_pidfd };
	unsigned long lo = at[0], hi = at[0];
	for (size_t i = 1; i < ARRAY_SIZE(at); i++) {
		lo = at[i] < lo ? at[i] : lo;
		hi = at[i] > hi ? at[i] : hi;
	}
	hi += sizeof(long);
	r->words_len = 0;
	if (hi - lo <= sizeof(r->words) && probe_read_mem_fd(r->mem_fd, lo, r->words, hi - lo) == 0) {
		r->words_lo = lo;
		r->words_len = hi - lo;
	}
}

/* len bytes of the lab's memory at addr: from the words read, else read now. */
static int
lab_mem_read(const struct run *r, unsigned long addr, void *buf, size_t len)
{
	if (r->words_len && addr >= r->words_lo && addr - r->words_lo + len <= r->words_len) {
		memcpy(buf, r->words + (addr - r->words_lo), len);
		return 0;
	}
	return probe_read_mem_fd(r->mem_fd, addr, buf, len);
}

/* What the parent's memory holds after the child acted: the global, the heap
 * word, errno, a new mapping. */
static void
observe_acted_memory(struct run *r)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	struct child_report *rep = &sh->report;

	long v;
	o->global.before = LAB_GLOBAL_BEFORE;
	o->global.child_wrote = rep->global_wrote;
	o->global.child_wrote_valid = rep->wrote_global;
	lab_words_read(r);
	if (lab_mem_read(r, sh->addr_global, &v, sizeof(v)) == 0) {
		o->global.measured = true;
		o->global.parent_sees = v;
	}
	o->heap.before = LAB_HEAP_BEFORE;
	o->heap.child_wrote = rep->heap_wrote;
	o->heap.child_wrote_valid = rep->wrote_heap;
	if (probe_read_mem_fd(r->mem_fd, sh->heap_addr, &v, sizeof(v)) == 0) {
		o->heap.measured = true;
		o->heap.parent_sees = v;
	}
	/* The lab's errno: its one thread's, where the lab said it is. */
	int lab_errno;
	if (probe_read_mem_fd(r->mem_fd, sh->addr_errno, &lab_errno, sizeof(lab_errno)) == 0) {
		o->err.measured = true;
		o->err.parent_sees = lab_errno;
	}
	o->err.child_called = rep->libc_called;
	o->err.child_set = rep->libc_errno;
	if (rep->mapping) {
		o->mapping.addr = rep->mapping;
		int m = probe_has_mapping(r->lab, rep->mapping);
		o->mapping.measured = m >= 0;
		o->mapping.in_parent = m == 1;
	}
}

/* The cgroup of each.  One cgroup id (the pidfds' PIDFD_GET_INFO, measured
 * now) is one cgroup, whose path /proc/PID/cgroup gives the same for every
 * process in it; and a cgroup2 directory cannot be renamed (EPERM: the
 * hierarchy has no rename), so an id keeps its path for its life.  The path
 * is read in /proc for an id clonesh has not read one for yet: the first lab
 * of a session, and the child when it is in another cgroup. */
static void
lab_cgroups(struct run *r)
{
	static uint64_t known_id;
	static char known_path[sizeof(r->o->cgroup.parent)];
	struct observation *o = r->o;
	uint64_t lab_cg = probe_cgroup_id(r->lab_pidfd);
	uint64_t child_cg = probe_cgroup_id(r->child_pidfd);

	if (lab_cg && lab_cg == known_id) {
		str_copy(o->cgroup.parent, known_path, sizeof(o->cgroup.parent));
	} else if (probe_cgroup(r->lab, o->cgroup.parent, sizeof(o->cgroup.parent)) == 0 && lab_cg) {
		known_id = lab_cg;
		str_copy(known_path, o->cgroup.parent, sizeof(known_path));
	}
	if (o->cgroup.parent[0] && lab_cg && lab_cg == child_cg)
		str_copy(o->cgroup.child, o->cgroup.parent, sizeof(o->cgroup.child));
	else
		probe_cgroup(r->child, o->cgroup.child, sizeof(o->cgroup.child));
}

/* The fs information, the I/O priority, the hostname and the cgroup of each. */
static void
observe_acted_context(struct run *r, const struct proc_status *ps, const struct proc_status *cs)
{
	struct observation *o = r->o;
	struct child_report *rep = &r->sh->report;

	if (probe_cwd(r->lab, o->cwd.parent, sizeof(o->cwd.parent)) < 0)
		o->cwd.parent[0] = '\0';
	if (probe_cwd(r->child, o->cwd.child, sizeof(o->cwd.child)) < 0)
		o->cwd.child[0] = '\0';
	o->umask.parent = ps->umask;
	o->umask.child = cs->umask;
	o->vm_kb.parent = ps->vm_size_kb;
	o->vm_kb.child = cs->vm_size_kb;
	o->ioprio.parent = probe_ioprio(r->lab);
	o->ioprio.child = probe_ioprio(r->child);
	struct utsname u;
	if (uname(&u) == 0)
		str_copy(o->hostname.parent, u.nodename, sizeof(o->hostname.parent));
	str_copy(o->hostname.child, rep->hostname, sizeof(o->hostname.child));
	lab_cgroups(r);
}

/* The words the kernel wrote for the tid flags, and the pidfd. */
static void
observe_acted_tids(struct run *r)
{
	struct observation *o = r->o;
	struct child_report *rep = &r->sh->report;
	const struct experiment *e = r->e;

	pid_t w;
	int pidfd;
	o->tids.measured = true;
	o->tids.ctid_child = rep->ctid_seen;
	/* A word the lab's memory would not give is -1 (null), not 0. */
	o->tids.ptid_parent = o->tids.ctid_parent = -1;
	if (lab_mem_read(r, r->sh->addr_settid, &w, sizeof(w)) == 0)
		o->tids.ptid_parent = w;
	if (lab_mem_read(r, r->sh->addr_ctid, &w, sizeof(w)) == 0)
		o->tids.ctid_parent = w;
	o->tids.pidfd = -1;
	if ((e->flags & CLONE_PIDFD) &&
	    lab_mem_read(r, r->sh->addr_pidfd, &pidfd, sizeof(pidfd)) == 0 && pidfd >= 0) {
		o->tids.pidfd = pidfd;
		o->tids.pidfd_pid = probe_fd_pidfd_pid(r->lab, pidfd);
	}
}

static void
observe_acted(struct run *r)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	struct child_report *rep = &sh->report;
	const struct experiment *e = r->e;
	struct proc_status ps, cs;

	o->ids.uid_after = rep->uid_after;
	o->ids.gid_after = rep->gid_after;
	if (r->child <= 0 || probe_status_fd(r->lab, &r->lab_status_fd, &ps) < 0 ||
	    probe_status_fd(r->child, &r->child_status_fd, &cs) < 0) {
		observation_note(o, "the effects could not be read from /proc");
		observe_children(r, NULL);
		run_phase_hook(r, PHASE_ACTED);
		return;
	}
	o->effects_measured = true;

	observe_acted_memory(r);
	if (e->fn && (e->fn->lab & FN_LAB_PAGES))
		observe_pages(r);

	observe_fds(r);
	observe_signals(r, &ps, &cs);
	observe_acted_context(r, &ps, &cs);
	observe_acted_tids(r);
	if (rep->act_result < 0)
		observation_note(o, "the child's %s failed: %s", rep->act_failed_call,
		    strerror((int)-rep->act_result));
	/* Where kcmp failed, what the parent saw measures instead; the lab
	 * started in clonesh's cwd. */
	char start_cwd[PATH_MAX];
	observation_by_behaviour(o, getcwd(start_cwd, sizeof(start_cwd)) ? start_cwd : NULL);
	pages_settle(o);
	observe_children(r, &cs);
	run_phase_hook(r, PHASE_ACTED);
}

/* What kcmp left unmeasured, and the effects did not settle, the probe tries:
 * PROBE_* bits, with the probe's settings in the shared pages. */
static int
probe_wanted(struct run *r)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	int want = 0;

	if (r->child <= 0 || !o->effects_measured)
		return 0;
	if (o->shared[SH_VM].v < 0)
		want |= PROBE_VM;
	if (o->shared[SH_FS].v < 0 && o->umask.parent >= 0 && o->umask.child >= 0) {
		want |= PROBE_FS;
		/* A umask neither has, so that either's change shows. */
		sh->probe_umask_new = o->umask.child ^ 07;
		if (sh->probe_umask_new == o->umask.parent)
			sh->probe_umask_new = o->umask.child ^ 070;
	}
	if (o->shared[SH_SIGHAND].v < 0)
		want |= PROBE_SIGHAND;
	if (o->shared[SH_FILES].v < 0 && !o->fds_why[0])
		want |= PROBE_FILES;
	sh->nprobe_ofd = 0;
	for (int i = 0; i < o->nfds && sh->nprobe_ofd < PROBE_OFD_MAX; i++)
		if (o->fds[i].in_parent && o->fds[i].in_child && o->fds[i].same_ofd < 0)
			sh->probe_ofd[sh->nprobe_ofd++] = o->fds[i].fd;
	if (sh->nprobe_ofd > 0)
		want |= PROBE_OFD;
	return want;
}

/* Reads, while the child holds its probe's changes, which reached the lab. */
static void
observe_probed(struct run *r, int want)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	struct probe_seen p;
	struct proc_status ps;
	long word;

	probe_seen_init(&p);
	if ((want & PROBE_VM) && probe_read_mem_fd(r->mem_fd, sh->addr_probe_word, &word,
	    sizeof(word)) == 0 && (word == PROBE_WORD || word == 0))
		p.vm = word == PROBE_WORD;
	if (probe_status_fd(r->lab, &r->lab_status_fd, &ps) == 0) {
		if ((want & PROBE_FS) && (ps.umask == sh->probe_umask_new || ps.umask == o->umask.parent)) {
			p.fs = ps.umask == sh->probe_umask_new;
			p.umask_parent = ps.umask;
			p.umask_child = sh->probe_umask_new;
		}
		/* Only a disposition that was not "ignored" before can show the change. */
		enum disposition before = DISP_DEFAULT;
		for (int i = 0; i < o->nsigs; i++)
			if (o->sigs[i].sig == PROBE_SIG)
				before = o->sigs[i].parent;
		if ((want & PROBE_SIGHAND) && before != DISP_IGNORE) {
			enum disposition now = disposition_of(&ps, PROBE_SIG);
			p.sighand = now == DISP_IGNORE ? 1 : now == before ? 0 : -1;
			p.sig = PROBE_SIG;
		}
	}
	if ((want & PROBE_FILES) && sh->probe_fd >= 0) {
		bool had = false;
		for (int i = 0; i < o->nfds; i++)
			had = had || (o->fds[i].fd == sh->probe_fd && o->fds[i].in_parent);
		int fds[OBS_MAX_FDS];
		int n = had ? -1 : probe_fds(r->lab, fds, OBS_MAX_FDS);
		if (n >= 0) {
			p.files = 0;
			for (int i = 0; i < n; i++)
				p.files = p.files || fds[i] == sh->probe_fd;
			p.fd = sh->probe_fd;
		}
	}
	for (int i = 0; (want & PROBE_OFD) && i < sh->nprobe_ofd; i++) {
		long pos = sh->probe_ofd_pos[i] < 0 ? -1 : probe_fd_pos(r->lab, sh->probe_ofd[i]);
		p.ofd[p.nofd].fd = sh->probe_ofd[i];
		p.ofd[p.nofd].same = pos < 0 ? -1 : pos == sh->probe_ofd_pos[i] + PROBE_OFD_MOVE ? 1 :
		    pos == sh->probe_ofd_pos[i] ? 0 : -1;
		p.nofd++;
	}
	observation_by_probe(o, &p);
	pages_settle(o);
}

/* Every child as /proc shows it now (they are parked, so it holds still);
 * first, when not NULL, is the first child's status, just read. */
static void
observe_children(struct run *r, const struct proc_status *first)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	o->nchildren = 0;
	o->nmade = sh->nextra + 1;
	for (int i = 0; i <= sh->nextra && i < OBS_MAX_CHILDREN; i++) {
		struct child_obs *c = &o->children[o->nchildren++];
		const struct child_report *rep = i ? &sh->extra[i - 1].report : &sh->report;
		c->tid = i ? sh->extra[i - 1].ret : r->child;
		c->pid_self = rep->pid_self;
		c->tgid = c->ppid = -1;
		struct proc_status st;
		c->state = '?';
		if (i == 0 && first) {
			st = *first;
		} else if (c->tid <= 0 || probe_status((pid_t)c->tid, &st) < 0) {
			continue;
		}
		c->tgid = st.tgid;
		c->ppid = st.ppid;
		c->state = st.state;
	}
	o->children_errno = sh->extra_errno;
}

static void
release_child(struct run *r, uint32_t step)
{
	atomic_store(&r->sh->release, step);
	futex_wake_all(&r->sh->release);
}

/* Waits up to ms for process pid (its pidfd if not -1) to end, without reaping it. */
static void
wait_exit(pid_t pid, int pidfd, int ms)
{
	if (pidfd >= 0) {
		struct pollfd p = { .fd = pidfd, .events = POLLIN };
		poll(&p, 1, ms);
		return;
	}
	struct timespec tick = { 0, 1000000 };
	for (int i = 0; i < ms && kill(pid, 0) == 0; i++)
		nanosleep(&tick, NULL);
}

/* Reaps the lab and whatever it left; kills them when the experiment was
 * stopped, or when they outstay a short grace period. */
static void
run_cleanup(struct run *r)
{
	bool killed = false;
	struct timespec limit;

	if (!r->lab_gone && !r->timed_out && !r->interrupted)
		wait_exit(r->lab, r->lab_pidfd, 1000);
	ts_add_ms(&limit, 1000);
	for (;;) {
		if (!killed && (r->timed_out || r->interrupted || ts_passed(&limit))) {
			kill(-r->lab, SIGKILL);
			if (r->child > 0 && !(r->e->flags & CLONE_THREAD))
				kill(r->child, SIGKILL);
			killed = true;
			ts_add_ms(&limit, 2000);
		}
		int st;
		pid_t w = waitpid(-1, &st, WNOHANG | __WALL);
		if (w > 0 && w == standby.pid) {
			/* Killed from outside while it waited: made again next time. */
			standby_forget();
			continue;
		}
		if (w > 0 && w == maker_pid()) {
			/* Killed from outside: clonesh forks its standbys itself. */
			maker_forget();
			continue;
		}
		if (w == 0 && only_standby_left()) {
			r->all_reaped = true;
			break;
		}
		if (w == r->lab) {
			r->lab_gone = true;
			r->lab_wstatus = st;
		} else if (w > 0 && w == r->child && !r->child_reaped) {
			r->child_reaped = true;
			r->child_wstatus = st;
		}
		if (w < 0 && errno == ECHILD) {
			r->all_reaped = true;
			break;
		}
		if (w == 0) {
			if (killed && ts_passed(&limit))
				break;
			run_drain_output(r);
			struct timespec ms = { 0, 1000000 };
			nanosleep(&ms, NULL);
		}
	}
	run_drain_output(r);
}

static void
set_exit_from_status(struct observation *o, int st, const char *how)
{
	o->exit.known = true;
	if (WIFEXITED(st)) {
		o->exit.exited = true;
		o->exit.status = WEXITSTATUS(st);
	} else if (WIFSIGNALED(st)) {
		o->exit.signal = WTERMSIG(st);
		o->exit.core = WCOREDUMP(st);
	}
	str_copy(o->exit.waited_with, how, sizeof(o->exit.waited_with));
}

/* The end's notes.  Each note's cause is measured: the child's pid
 * namespace and the shared handler table (kcmp), its tgid, the lab's end. */
static void
observe_end_notes(struct run *r)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	const struct experiment *e = r->e;
	char sig[32];

	if (sh->wait_errno == ECHILD && observation_child_new_pidns(o) && o->ids.pid_self == 1 &&
	    o->shared[SH_SIGHAND].v == 1)
		observation_note(o, "the lab's waitpid failed with ECHILD: the child was init of a new pid "
		    "namespace and shared the lab's signal-handler table; when it exited the kernel set "
		    "SIGCHLD to ignored in that table, so the child was reaped automatically");
	if (o->lab_signal && observation_child_is_thread(o))
		observation_note(o, "the lab died of %s too: a fatal signal in one thread kills the whole "
		    "thread group", signal_name(o->lab_signal, sig, sizeof(sig)));
	else if (o->lab_signal && o->ids.exit_signal_measured && o->lab_signal == o->ids.exit_signal &&
	    o->ids.exit_signal != SIGCHLD)
		observation_note(o, "the lab was killed by %s, the child's exit signal: the kernel sends it "
		    "to the parent when the child exits, and its default action ends the parent",
		    signal_name(o->lab_signal, sig, sizeof(sig)));
	else if (o->lab_signal == SIGSEGV && e->stack_bottom && !r->timed_out && !r->interrupted &&
	    atomic_load(&sh->lab_state) < LAB_CLONED && o->reached < PHASE_STARTED)
		/* glibc 2.36's clone() on x86-64: mov %rcx,-0x8(%rsi); sub $0x10,%rsi;
		 * mov %rdi,(%rsi), before the syscall instruction. */
		observation_note(o, "the lab died of SIGSEGV before any child: glibc's clone() stores "
		    "the child's function and argument just below the stack address it is given, in the "
		    "caller, and below the stack's lowest address lies the guard page");
	else if (o->lab_signal && !r->timed_out && !r->interrupted)
		observation_note(o, "the lab died of %s", signal_name(o->lab_signal, sig, sizeof(sig)));
	if (r->lab_gone && atomic_load(&sh->lab_state) < LAB_DONE && !o->lab_signal &&
	    o->lab_status == 0 && observation_child_is_thread(o) && e->fn && e->fn->after == AFTER_EXEC)
		observation_note(o, "execve in a thread replaced the whole thread group: the lab's "
		    "process became the new program and exited %d", o->lab_status);

	if (e->fn && e->fn->after == AFTER_EXEC && sh->report.exec_errno)
		observation_note(o, "execve failed: %s", strerror((int)sh->report.exec_errno));
}

/* The program the function execs (exec-probe's probe), found before the
 * run and handed to the child through the shared block. */
static void
exec_program_find(struct observation *o, struct lab_shared *sh)
{
	const struct child_func *fn = o->cfg.fn;
	sh->exec_path[0] = '\0';
	if (!fn || !fn->program)
		return;
	o->exec.asked = true;
	if (fn->program(sh->exec_path, sizeof(sh->exec_path), o->exec.why, sizeof(o->exec.why)))
		str_copy(o->exec.program, sh->exec_path, sizeof(o->exec.program));
	else
		sh->exec_path[0] = '\0';
}

/* The shared block's part of an experiment, before its lab starts. */
static void
shared_prepare(struct lab_shared *sh, const struct experiment *e, struct observation *o)
{
	sh->cfg = *e;
	sh->fn_index = -1;
	for (size_t i = 0; e->fn && i < funcs_count; i++)
		if (funcs_table[i] == e->fn)
			sh->fn_index = (int)i;
	sh->lab_uid = sh->lab_gid = -1;
	atomic_store(&sh->seccomp_done, 0);
	exec_program_find(o, sh);
}

/* exec-probe: the child's state before its execve, and the probe's report
 * of itself after, taken out of the output. */
static void
observe_exec(struct run *r)
{
	struct observation *o = r->o;
	const struct child_report *rep = &r->sh->report;
	if (!o->exec.asked)
		return;
	o->exec.before = rep->exec_before;
	if (o->exec.why[0])
		return;
	if (!o->exec.before.recorded)
		snprintf(o->exec.why, sizeof(o->exec.why), "the child never reached its execve "
		    "(last phase: %s)", phase_name(o->reached));
	else if (rep->exec_errno)
		snprintf(o->exec.why, sizeof(o->exec.why), "execve of %s failed: %s", o->exec.program,
		    errno_name((int)rep->exec_errno));
	else if (!(o->exec.reported = exec_report_take(o, o->exec.before.pid)))
		snprintf(o->exec.why, sizeof(o->exec.why), "the probe's report is not in the child's "
		    "output%s", o->output_truncated ? " (the output was cut short)" : "");
}

/* signal catch on: what the lab's handler got with the exit signal. */
static void
observe_caught(struct run *r)
{
	struct observation *o = r->o;
	const struct lab_shared *sh = r->sh;
	const struct experiment *e = r->e;
	char sig[32];

	o->exit_si.err = sh->exit_si_errno;
	if (o->exit_si.err)
		observation_note(o, "signal catch: the lab could not handle %s: sigaction failed with %s"
		    "%s", signal_name(e->exit_signal, sig, sizeof(sig)), errno_name(o->exit_si.err),
		    e->exit_signal == 32 || e->exit_signal == 33 ? " (glibc keeps 32 and 33 for "
		    "itself)" : "");
	if (!e->catch_exit_signal || e->exit_signal <= 0 || sh->exit_si_errno ||
	    e->exit_signal == SIGKILL || e->exit_signal == SIGSTOP)
		return;
	o->exit_si.count = atomic_load(&sh->exit_si_count);
	if (o->exit_si.count > 0) {
		o->exit_si.signo = sh->exit_si_signo;
		o->exit_si.code = sh->exit_si_code;
		o->exit_si.status = sh->exit_si_status;
		o->exit_si.pid = sh->exit_si_pid;
		o->exit_si.uid = sh->exit_si_uid;
	}
}

static void
observe_end(struct run *r)
{
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;
	const struct experiment *e = r->e;

	if (r->lab_gone) {
		if (WIFSIGNALED(r->lab_wstatus)) {
			o->lab_signal = WTERMSIG(r->lab_wstatus);
			o->lab_status = -1;
		} else {
			o->lab_status = WEXITSTATUS(r->lab_wstatus);
		}
	}
	/* printf-locked: the lab notes the child's printf after it returned, so
	 * it is read at the end, not when the child acted. */
	o->stdio.measured = sh->printf_timed;
	o->stdio.done_while_locked = sh->printf_done_locked;
	o->wait.plain = sh->wplain;
	o->wait.all = sh->wall;
	if (sh->waited)
		o->wait.reaped_by = "lab";
	else if (r->child_reaped)
		o->wait.reaped_by = "clonesh";
	if (sh->waited)
		set_exit_from_status(o, sh->wait_status, sh->waited_with);
	else if (r->child_reaped)	/* asked: clonesh reaps a CLONE_PARENT child itself */
		set_exit_from_status(o, r->child_wstatus, (e->flags & CLONE_PARENT) && !o->lab_signal ?
		    sh->waited_with : "waitpid(pid, __WALL) by clonesh, the subreaper that inherited "
		    "the child when the lab died");
	else
		str_copy(o->exit.waited_with, sh->waited_with[0] ? sh->waited_with :
		    "not waited for", sizeof(o->exit.waited_with));

	observe_end_notes(r);
	observe_exec(r);

	o->tids.ctid_after_exit = sh->ctid_after_exit;
	observe_caught(r);
	for (int i = 0; i < o->nchildren; i++) {
		struct child_obs *c = &o->children[i];
		bool waited = i ? sh->extra[i - 1].waited : o->exit.known;
		int st = i ? sh->extra[i - 1].wait_status : 0;
		if (i == 0 && waited) {
			c->exit_known = true;
			c->exited = o->exit.exited;
			c->status = o->exit.status;
			c->signal = o->exit.signal;
		} else if (waited) {
			c->exit_known = true;
			c->exited = WIFEXITED(st);
			c->status = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
			c->signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
		}
	}
	if (o->exit.known || atomic_load(&sh->lab_state) == LAB_DONE)
		o->reached = PHASE_EXITED;
}

static void
observe_stack(struct run *r, const unsigned char *landing, size_t landing_size,
    const unsigned char *stack_lo)
{
	struct observation *o = r->o;
	size_t size = r->e->stack_size;

	o->stack.measured = true;
	o->stack.size = size;
	o->stack.guard = r->e->guard;
	/* A word at a time where the paint is whole (the stack is page-aligned),
	 * then the bytes of the first word written: 64 KiB byte by byte was 3 %
	 * of clonesh's time. */
	const uint64_t paint = 0x0101010101010101ULL * STACK_PAINT;
	size_t i = 0;
	uint64_t word;
	while (i + 8 <= size && (memcpy(&word, stack_lo + i, 8), word == paint))
		i += 8;
	while (i < size && stack_lo[i] == STACK_PAINT)
		i++;
	o->stack.used = size - i;
	size_t below = 0;
	for (size_t k = 0; k < landing_size; k++) {
		if (landing[k] != STACK_PAINT) {
			below = landing_size - k;
			break;
		}
	}
	o->stack.below = below;
	bool segv = (o->exit.known && o->exit.signal == SIGSEGV) || o->lab_signal == SIGSEGV;
	/* The last frame need not write its lowest bytes before the call
	 * that faults on the guard, so "reached the bottom" allows 1 KiB. */
	o->stack.overflow = below > 0 || (o->stack.used + 1024 >= size && segv);
	if (o->stack.overflow && r->e->guard)
		observation_note(o, "stack overflow: the child used its %zu-byte stack to the bottom "
		    "(%zu bytes written) and faulted on the guard page (SIGSEGV)", size, o->stack.used);
	else if (o->stack.overflow)
		observation_note(o, "stack overflow without a guard page: the child wrote %zu bytes below "
		    "its stack%s", below, segv ? ", then hit clonesh's safety page (SIGSEGV)" :
		    " and went on as if nothing had happened");
}

/* seed-hello and printf-locked print "Child pid : N": how many children's
 * lines came out whole, each counted once, from the output clonesh kept. */
static void
count_child_lines(struct observation *o)
{
	if (!o->cfg.fn || !o->cfg.fn->uses_stdio || o->output_truncated || o->nchildren < o->nmade)
		return;
	bool seen[OBS_MAX_CHILDREN] = { false };
	o->stdio.lines_counted = true;
	o->stdio.lines_expected = o->nmade;
	for (const char *p = o->output; *p; ) {
		const char *nl = strchr(p, '\n');
		if (!nl)
			break;
		char *end;
		long pid = strncmp(p, "Child pid : ", 12) == 0 ? strtol(p + 12, &end, 10) : -1;
		if (pid > 0 && end == nl) {
			for (int i = 0; i < o->nchildren; i++) {
				if (o->children[i].pid_self == pid && !seen[i]) {
					seen[i] = true;
					o->stdio.lines_intact++;
					break;
				}
			}
		}
		p = nl + 1;
	}
}

/* seccomp: the lab's filter as the lab measured it, clonesh's own Seccomp:
 * (untouched: the filter is the lab's alone), and a note saying both. */
static void
observe_seccomp(struct run *r)
{
	struct observation *o = r->o;
	const struct lab_shared *sh = r->sh;
	char what[600];

	if (!seccomp_wanted(r->e) || sh->lab_error[0] || !atomic_load(&sh->seccomp_done))
		return;
	o->seccomp.err = sh->seccomp_errno;
	str_copy(o->seccomp.call, sh->seccomp_call, sizeof(o->seccomp.call));
	o->seccomp.lab_mode = sh->seccomp_mode;
	o->seccomp.lab_filters = sh->seccomp_filters;
	struct proc_status st;
	if (probe_status(getpid(), &st) == 0)
		o->seccomp.clonesh_mode = st.seccomp;
	if (o->seccomp.err)
		observation_note(o, "seccomp: the lab could not install its filter: %s failed with %s",
		    o->seccomp.call, errno_name(o->seccomp.err));
	else if (o->seccomp.lab_mode >= 0)
		observation_note(o, "seccomp: the lab installed its filter (%s) before the clone: its "
		    "/proc/PID/status then said Seccomp: %d, Seccomp_filters: %d; clonesh's own says "
		    "Seccomp: %d", experiment_seccomp_describe(r->e, what, sizeof(what)), o->seccomp.lab_mode,
		    o->seccomp.lab_filters, o->seccomp.clonesh_mode);
}

static void
explain_refusal(struct run *r)
{
	struct observation *o = r->o;
	const struct flags_rule *rule = flags_validate(r->e, kernel_get());
	o->clone_ok = false;
	o->clone_errno = r->sh->clone_errno;
	int filtered = seccomp_answer(r->e);
	/* The filter answers before the kernel's own checks: when it was
	 * installed (measured) and the errno is the one it was built to give. */
	if (filtered && filtered == o->clone_errno && !o->seccomp.err && o->seccomp.lab_mode == 2) {
		o->rule_id = "seccomp-filter";
		char hit[256];
		if (r->e->variant == VARIANT_CLONE3)
			snprintf(o->rule, sizeof(o->rule), "the lab's seccomp filter answered clone3 with %s "
			    "before the kernel looked at it: a filter cannot read clone3's flags, so it "
			    "refuses the whole call (fix: \"seccomp clone3 allow\", or variant clone)",
			    errno_name(o->clone_errno));
		else
			snprintf(o->rule, sizeof(o->rule), "the lab's seccomp filter answered clone() with "
			    "%s, its flags holding %s, before the kernel's own checks (fix: \"seccomp "
			    "off\")", errno_name(o->clone_errno), flags_format(r->e->flags &
			    r->e->seccomp_deny, 0, hit, sizeof(hit)));
	} else if (rule && (rule->err == o->clone_errno || rule->err == 0)) {
		o->rule_id = rule->id;
		snprintf(o->rule, sizeof(o->rule), "%s (fix: %s)", rule->text, rule->fix);
	} else if (o->clone_errno == EPERM) {
		snprintf(o->rule, sizeof(o->rule), "creating a namespace needs CAP_SYS_ADMIN in the caller's "
		    "user namespace; add newuser (CLONE_NEWUSER), which grants it inside the new one");
	} else if (rule) {
		o->rule_id = rule->id;
		snprintf(o->rule, sizeof(o->rule), "%s; the kernel answered %s where clonesh expected %s",
		    rule->text, strerrorname_np(o->clone_errno) ? strerrorname_np(o->clone_errno) : "?",
		    strerrorname_np(rule->err) ? strerrorname_np(rule->err) : "?");
	} else {
		snprintf(o->rule, sizeof(o->rule), "the kernel refused although clonesh's validator "
		    "knows no rule against it: %s", strerror(o->clone_errno));
	}
}

/* One try of lab_run; *again when it ran in a standby lab that something
 * killed before it began the experiment, which says nothing about it. */
/* A lab forked now, when no standby was ready: its pid, the read end of its
 * output, its memory and its pidfd in *r.  0, or -1 with errno (the
 * mapping given back). */
static int
lab_fork_fresh(struct run *r, unsigned char *map, size_t total, int map_fd, unsigned char *stack_lo)
{
	const struct experiment *e = r->e;
	pid_t lab;

	int out[2];
	if (pipe2(out, O_CLOEXEC) < 0) {
		int err = errno;
		lab_map_running = NULL;
		lab_map_give(map, total, map_fd, true, e->nchildren);
		errno = err;
		return -1;
	}
	fflush(NULL);
	lab = fork();
	if (lab < 0) {
		int err = errno;
		close(out[0]);
		close(out[1]);
		lab_map_running = NULL;
		lab_map_give(map, total, map_fd, true, e->nchildren);
		errno = err;
		return -1;
	}
	if (lab == 0) {
		close(out[0]);
		lab_main(r->sh, out[1], stack_lo, e->stack_size);
	}
	setpgid(lab, lab);
	close(out[1]);
	fcntl(out[0], F_SETFL, O_NONBLOCK);
	r->outfd = out[0];
	r->mem_fd = probe_mem_open(lab);
	r->lab_pidfd = (int)syscall(SYS_pidfd_open, lab, 0);
	r->lab = lab;
	return 0;
}

/* The experiment's phases: refused, or started, acted and probed, each
 * observed while the child is parked. */
static void
run_phases(struct run *r)
{
	const struct experiment *e = r->e;
	struct observation *o = r->o;
	struct lab_shared *sh = r->sh;

	run_wait(r, WAIT_STARTED);
	if (atomic_load(&sh->lab_state) >= LAB_READY) {
		o->parent.uid = sh->lab_uid;
		o->parent.gid = sh->lab_gid;
	}
	if (atomic_load(&sh->lab_state) == LAB_CLONE_FAILED) {
		if (sh->lab_error[0]) {
			o->clone_ok = false;
			str_copy(o->lab_note, sh->lab_error, sizeof(o->lab_note));
		} else {
			observe_seccomp(r);
			explain_refusal(r);
		}
	} else if (atomic_load(&sh->child_phase) >= PHASE_STARTED) {
		observe_seccomp(r);
		observe_started(r);
		if (e->fn && (e->fn->lab & FN_LAB_PAGES)) {
			char method[64];
			pages_strip(r, o->pages.before, method, sizeof(method));
		}
		release_child(r, 1);
		if (run_wait(r, WAIT_ACTED) && atomic_load(&sh->child_phase) >= PHASE_ACTED) {
			observe_acted(r);
			int want = probe_wanted(r);
			atomic_store(&sh->probed, 0);
			atomic_store(&sh->probe, want);
			release_child(r, 2);
			if (want) {
				if (run_wait(r, WAIT_PROBED) && atomic_load(&sh->probed) == 1)
					observe_probed(r, want);
				release_child(r, 3);
			}
		}
	}
}

/* The run's end, once all went as asked: the next lab forked while this one
 * ends, then the wait for both (a CLONE_PARENT child is reaped here). */
static void
run_end(struct run *r, size_t total)
{
	const struct experiment *e = r->e;
	struct lab_shared *sh = r->sh;

	if (r->timed_out || r->interrupted || !r->o->clone_ok)
		return;
	/* The next lab, unless the maker is making it already: clonesh would
	 * only wait now, and its fork and preparation fit in the time the
	 * child and the lab take to end. */
	if (!r->lab_gone)
		standby_make(total);
	if ((e->flags & CLONE_PARENT) && !(e->flags & CLONE_THREAD)) {
		/* Reap the child ourselves, then let the lab go. */
		if (r->child <= 0)
			r->child = (pid_t)sh->clone_ret;
		run_wait(r, WAIT_END);
		atomic_store(&sh->lab_go, 1);
		futex_wake_all(&sh->lab_go);
	} else {
		run_wait(r, WAIT_END);
	}
}

/* After the run: the note of one stopped, the end measured, and the note of a lab
 * killed by a signal. */
static void
run_after(struct run *r, enum phase reached, unsigned char *landing_lo, size_t landing,
    unsigned char *stack_lo)
{
	const struct experiment *e = r->e;
	struct observation *o = r->o;

	o->timed_out = r->timed_out;
	o->interrupted = r->interrupted;
	if (r->timed_out || r->interrupted) {
		snprintf(o->lab_note, sizeof(o->lab_note), "%s in phase \"%s\" after %d ms: clonesh killed "
		    "the lab and its children", r->timed_out ? "timed out" : "interrupted",
		    phase_name(reached), r->timed_out ? e->timeout_ms : 0);
		if (r->interrupted)
			snprintf(o->lab_note, sizeof(o->lab_note), "interrupted in phase \"%s\": clonesh "
			    "killed the lab and its children", phase_name(reached));
	}
	if (o->clone_ok) {
		observe_end(r);
		count_child_lines(o);
		observe_stack(r, landing_lo, landing, stack_lo);
	}
	if (!o->lab_note[0] && o->lab_signal) {
		char sig[32];
		snprintf(o->lab_note, sizeof(o->lab_note), "the lab died of %s",
		    signal_name(o->lab_signal, sig, sizeof(sig)));
	}
}

/* A standby for experiments of total bytes, asked of the maker now when
 * there is none of that size (the first experiment, another stack size):
 * so every lab is one the maker made, of the lab program, not a copy of
 * clonesh for some and not for others (their mappings and VmSize differ). */
static void
standby_ensure(size_t total)
{
	standby_collect();
	if (!maker_pid())
		return;
	if (standby.pid && standby.owner == getpid() && standby.total != total)
		standby_discard();
	standby_make(total);
}

/* The run's fds: the lab's output, its memory, the pidfds. */
static void
run_close(struct run *r)
{
	close(r->outfd);
	if (r->mem_fd >= 0)
		close(r->mem_fd);
	if (r->lab_pidfd >= 0)
		close(r->lab_pidfd);
	if (r->child_pidfd >= 0)
		close(r->child_pidfd);
	if (r->lab_status_fd >= 0)
		close(r->lab_status_fd);
	if (r->child_status_fd >= 0)
		close(r->child_status_fd);
}

static int
lab_run_once(const struct experiment *e, bool force, const struct lab_hooks *hooks,
    struct observation *o, bool fresh, bool *again)
{
	observation_init(o);
	o->cfg = *e;
	o->forced = force;

	size_t shared_size = lab_shared_size();
	size_t landing = e->guard ? 0 : LANDING_SIZE;
	size_t total = shared_size + PAGE + landing + e->stack_size;
	struct run r = {
		.e = e, .hooks = hooks, .o = o, .outfd = -1, .mem_fd = -1, .lab_pidfd = -1,
		.child_pidfd = -1, .lab_status_fd = -1, .child_status_fd = -1,
	};
	int map_fd = -1;
	unsigned char *map = NULL;
	if (!fresh) {
		standby_ensure(total);
		map = standby_take(total, &map_fd, &r.lab, &r.outfd, &r.mem_fd, &r.lab_pidfd,
		    &r.lab_ns_known, &r.lab_ns);
	}
	bool from_standby = map != NULL;
	if (!map)
		map = lab_map_take(total, &map_fd);
	if (!map)
		return -1;
	lab_map_running = map;
	lab_map_running_size = total;
	unsigned char *landing_lo = map + shared_size + PAGE;
	unsigned char *stack_lo = landing_lo + landing;
	memset(landing_lo, STACK_PAINT, landing + e->stack_size);

	struct lab_shared *sh = (struct lab_shared *)map;
	r.sh = sh;
	shared_prepare(sh, e, o);
	atomic_store(&sh->lab_state, LAB_STARTING);
	unsigned long stack_arg = e->variant == VARIANT_CLONE && !e->stack_bottom ?
	    (unsigned long)(stack_lo + e->stack_size) : (unsigned long)stack_lo;
	lab_format_syscall(e, stack_arg, LAB_RET_PENDING, o->syscall, sizeof(o->syscall));

	if (from_standby) {
		atomic_store(&sh->start, 1);
		futex_wake_all(&sh->start);
	} else if (lab_fork_fresh(&r, map, total, map_fd, stack_lo) < 0) {
		return -1;
	}

	r.stack = stack_arg;
	ts_add_ms(&r.deadline, e->timeout_ms);
	/* Accepted until the kernel says otherwise. */
	o->clone_ok = true;
	run_phase_hook(&r, PHASE_BEFORE);

	run_phases(&r);
	run_end(&r, total);
	if (!o->clone_ok || atomic_load(&sh->lab_state) == LAB_CLONE_FAILED)
		lab_format_syscall(e, stack_arg, -(long)(sh->clone_errno ? sh->clone_errno : EINVAL),
		    o->syscall, sizeof(o->syscall));
	else if (sh->clone_ret > 0 || r.child > 0)
		lab_format_syscall(e, stack_arg, sh->clone_ret > 0 ? sh->clone_ret : r.child,
		    o->syscall, sizeof(o->syscall));

	enum phase reached = o->reached;
	run_cleanup(&r);
	o->reached = reached;
	*again = from_standby && r.lab_gone && !r.timed_out && !r.interrupted &&
	    atomic_load(&sh->lab_state) == LAB_STARTING;
	run_after(&r, reached, landing_lo, landing, stack_lo);
	run_phase_hook(&r, o->reached);

	run_close(&r);
	lab_map_running = NULL;
	lab_map_give(map, total, map_fd, r.all_reaped, e->nchildren);
	/* One standby after every experiment, whatever its end: a refused clone
	 * or a stopped run did not make one while waiting. */
	standby_collect();
	if (!*again)
		standby_make(total);
	return 0;
}

int
lab_run(const struct experiment *e, bool force, const struct lab_hooks *hooks,
    struct observation *o)
{
	bool again = false;
	labcpu_enter();
	int ran = lab_run_once(e, force, hooks, o, false, &again);
	/* The second try runs in a lab clonesh forks for it, not in a standby
	 * of the maker, whose last one ended before it started. */
	if (ran == 0 && again) {
		standby_discard();
		ran = lab_run_once(e, force, hooks, o, true, &again);
	}
	labcpu_leave();
	return ran;
}

enum lab_child_state
lab_child_state(const struct observation *o)
{
	pid_t pid = (pid_t)o->ids.pid_in_parent_ns;
	switch (pid > 0 ? probe_state(pid) : '?') {
	case 'R':
		return LAB_CHILD_RUNNING;
	case 'S':
		return LAB_CHILD_SLEEPING;
	case 'D':
		return LAB_CHILD_WAITING;
	case 'Z':
		return LAB_CHILD_ZOMBIE;
	default:
		return LAB_CHILD_GONE;
	}
}
