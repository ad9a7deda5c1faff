/* What one experiment showed: every field is measured (kcmp, /proc, the
 * lab's memory read after the child acted), never derived from the flags. */
#ifndef CLONESH_OBSERVATION_H
#define CLONESH_OBSERVATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cost.h"
#include "experiment.h"
#include "funcs.h"
#include "resources.h"

struct output;

/* A measured yes/no that may be unmeasurable, with the reason. */
struct tri {
	int v;			/* -1 not measured, 0 no, 1 yes */
	char why[160];		/* why not measured, or a note */
	bool by_behaviour;	/* measured by what the parent saw, kcmp having failed */
};

enum phase {
	PHASE_NONE,		/* nothing ran */
	PHASE_BEFORE,		/* the lab exists, before clone */
	PHASE_STARTED,		/* the child started */
	PHASE_ACTED,		/* the child's function acted */
	PHASE_EXITED,		/* the child has gone */
};

const char *phase_name(enum phase p);

#define OBS_MAX_FDS 32
#define OBS_MAX_SIGS 16
#define OBS_MAX_NOTES 8
#define OBS_MAX_CHILDREN 256	/* children listed one by one; spawn -n goes to CHILDREN_MAX */
#define OBS_OUTPUT_MAX 2048

struct fd_obs {
	int fd;
	bool in_parent, in_child;
	int same_ofd;		/* kcmp KCMP_FILE: -1 not measured, 0 different, 1 same */
	int ofd_errno;		/* why kcmp KCMP_FILE failed, when in both and not measured */
	bool ofd_by_behaviour;	/* same_ofd measured by moving the child's offset */
	/* fdinfo pos:, -1 if absent; read once where kcmp says one open file
	 * description, whose one offset both then have */
	long parent_pos, child_pos;
	char target[96];	/* readlink of /proc/PID/fd/N */
};

enum disposition { DISP_DEFAULT, DISP_IGNORE, DISP_HANDLER };

/* One waitpid() call the lab made for the child, and what the kernel answered. */
struct wait_call {
	bool called;
	long ret;		/* what it returned: the child's pid, or -1 */
	int err;		/* errno when it failed, 0 otherwise */
};

/* What clonesh-probe reported of its own process after the execve (one line,
 * parsed by exec-report.c). */
#define EXEC_MAX_FDS 64
enum exec_marker { MARKER_NONE, MARKER_ABSENT, MARKER_HELD, MARKER_OTHER };
struct exec_report {
	long pid, ppid, uid, euid, gid, egid;
	int umask;
	uint64_t blocked, ignored, caught;	/* bit N-1: signal N */
	int fds[EXEC_MAX_FDS];			/* its open fds, in order */
	bool fd_cloexec[EXEC_MAX_FDS];		/* ... with FD_CLOEXEC */
	int nfds;
	bool fds_truncated;			/* more than EXEC_MAX_FDS */
	char fds_text[128];			/* the list as the probe wrote it ("0,1,2,4") */
	enum exec_marker marker;		/* the old program's marker, at its address */
	char cwd[256];
};

struct sig_obs {
	int sig;
	enum disposition parent, child;
	bool parent_blocked, child_blocked;
};

struct observation {
	unsigned int number;		/* experiment number in the session */
	/* A creation trace measured (trace show N): its parent is a process of
	 * the traced program, not a lab, and cfg is only its decoded call. */
	bool traced;
	/* What `cost` measured (cost.measured): such an observation measured
	 * nothing else, and no child of its own was made. */
	struct cost_result cost;
	struct experiment cfg;
	bool forced;
	char syscall[512];		/* as strace would print it */

	/* clone */
	bool clone_ok;
	int clone_errno;		/* 0 when ok */
	const char *rule_id;		/* the validator's rule that predicts the refusal, or NULL */
	char rule[256];			/* its text and fix, or an explanation of the errno */

	/* how the experiment went */
	enum phase reached;		/* the last phase the child reached */
	bool timed_out, interrupted;
	int lab_signal;			/* the lab died of this signal, 0 if it did not */
	int lab_status;			/* the lab's exit status when it exited, -1 otherwise */
	char lab_note[256];		/* what happened to the lab, in words */

	/* kcmp(2) between the lab (the parent) and the child, while both were alive */
	struct tri shared[SH_COUNT];
	struct tri tp_same;		/* the child's thread pointer has the lab's value */
	/* TLS shared: the same thread-pointer value in one address space (tp_same
	 * and shared[SH_VM] both measured 1); 0 when the pointers differ, or are
	 * equal but kcmp VM measured two address spaces (the same address in the
	 * child's own copy); -1 with the reason when either is not measured. */
	struct tri tls_shared;

	struct {
		unsigned long parent, child;	/* inode numbers, 0 when unreadable */
		int shared;			/* -1 unknown */
	} ns[NS_COUNT];

	struct {
		long pid, tid;			/* the lab */
		long ppid;			/* the lab's PPid: (clonesh), -1 unmeasured */
		long uid, gid;			/* the lab's real ids from /proc/LAB/status, -1 unread */
	} parent;
	struct {
		/* Every id is -1 until measured (0 is a real ppid in a new pid
		 * namespace), and null in the JSON. */
		long pid_self, tid, tgid, ppid;	/* as the child saw itself / /proc says */
		long pid_in_parent_ns;		/* what clone() returned to the lab */
		long uid_start, uid_after;	/* before and after the id map (CLONE_NEWUSER) */
		long gid_start, gid_after;
		long status_ppid;		/* PPid: in /proc/PID/status */
		int threads;			/* the lab's Threads: after the clone */
		bool exit_signal_measured;
		int exit_signal;		/* field 38 of /proc/PID/stat: the kernel's, -1 for a thread */
		char parent_state;		/* the lab's state (/proc/PID/stat) while the child ran */
	} ids;

	/* what the parent sees after the child acted */
	struct {
		bool measured;
		long before, child_wrote, parent_sees;
		bool child_wrote_valid;
	} global, heap;
	struct {
		bool measured;
		unsigned long addr;
		bool in_parent;
	} mapping;
	struct {
		bool measured;
		int parent_sees;		/* the lab's errno after the child acted (0 before the clone) */
		bool child_called;		/* libc-close ran */
		int child_set;			/* the errno the child read after its call */
	} err;
	struct {
		bool measured;			/* printf-locked ran and the lab timed its printf */
		bool done_while_locked;		/* the child's printf returned while the lab held the lock */
		/* seed-hello and printf-locked: "Child pid : N" lines in the output */
		bool lines_counted;		/* the whole output was kept, so they could be counted */
		int lines_expected;		/* one per child made */
		int lines_intact;		/* distinct children whose line came out whole */
	} stdio;
	struct {
		bool measured;
		int touched;
		int parent_changed;		/* pages whose new value the parent reads */
		int shared_frames, split_frames; /* from pagemap, -1 when not readable */
		/* page by page: '=' one frame for both, '|' a frame each, '.' unmapped */
		char before[LAB_PAGES + 1];	/* when the child started, before it wrote */
		char after[LAB_PAGES + 1];	/* after it wrote */
		char method[160];
	} pages;
	struct fd_obs fds[OBS_MAX_FDS];
	int nfds;
	char fds_why[96];		/* why the fds could not be listed ("" when they were) */
	struct sig_obs sigs[OBS_MAX_SIGS];
	int nsigs;
	/* The lab's own state when the child had started, before it acted:
	 * what the child's change is measured against. */
	struct {
		bool measured;
		int umask;
		uint64_t sig_ign, sig_cgt;
		int fds[OBS_MAX_FDS];	/* read only when kcmp could not compare the tables */
		int nfds;		/* -1 not read */
	} lab_before;
	bool effects_measured;
	struct { char parent[256], child[256]; } cwd;	/* "" unreadable */
	struct { int parent, child; } umask;	/* -1 unknown */
	/* The address space's size (VmSize: of /proc/PID/status, KiB) of each
	 * after the child acted; -1 unknown. */
	struct { long parent, child; } vm_kb;
	/* ioprio_get(IOPRIO_WHO_PROCESS) of the lab before the child acted, and
	 * of lab and child after: class << 13 | level, -1 unknown. */
	struct { int before, parent, child; } ioprio;
	struct { char parent[65], child[65]; } hostname;
	struct { char parent[160], child[160]; } cgroup;	/* the cgroup2 path ("0::") */
	struct {
		bool measured;
		long ptid_parent;		/* CLONE_PARENT_SETTID word in the lab */
		long ctid_parent;		/* CLONE_CHILD_SETTID word as the lab sees it */
		long ctid_child;		/* ... as the child sees it */
		long ctid_after_exit;		/* the lab's word after the child exited */
		int pidfd;			/* CLONE_PIDFD result, -1 if none */
		long pidfd_pid;			/* Pid: in the pidfd's fdinfo */
	} tids;

	/* exit */
	struct {
		bool known;
		bool exited;			/* normal exit with status */
		int status;
		int signal;			/* fatal signal, 0 if none */
		bool core;
		char waited_with[320];		/* how, or why it could not be */
	} exit;

	/* signal catch on: the exit signal as the lab's SA_SIGINFO handler got
	 * it (the first one); count is -1 when not asked or when the handler
	 * could not be installed (errno in err), 0 when none came. */
	struct {
		int count;
		int err;
		int signo, code, status;	/* si_code: CLD_EXITED, CLD_KILLED, CLD_DUMPED... */
		long pid, uid;
	} exit_si;

	/* exec-probe: what the program the child exec'd (clonesh-probe) reported
	 * of itself, beside the child's state right before its execve; the
	 * verdicts are made of the two (exec-report.c). */
	struct {
		bool asked;			/* the function execs the probe */
		bool reported;			/* the probe's report was read */
		char why[384];			/* why not, when asked and not reported */
		char program[256];		/* the probe's path, "" when not found */
		struct exec_before before;	/* the child's report, before its execve */
		struct exec_report after;	/* the probe's, after it */
	} exec;

	/* seccomp: the lab's filter (config seccomp_*), as measured: err is the
	 * errno of its installation (0 installed), lab_mode and lab_filters the
	 * Seccomp: and Seccomp_filters: of the lab's /proc/PID/status read after
	 * it, clonesh_mode clonesh's own Seccomp: after the run, child_* the
	 * child's /proc/PID/status once it started; -1 unmeasured
	 * (no filter asked, or not read). */
	struct {
		int err;
		char call[40];
		int lab_mode, lab_filters, clonesh_mode;
		int child_mode, child_filters;	/* the child's, read once it started */
	} seccomp;

	/* the lab's own waitpid() calls for the child, in the order made */
	struct {
		struct wait_call plain;		/* waitpid(pid, &st, 0) */
		struct wait_call all;		/* waitpid(pid, &st, __WALL) */
		const char *reaped_by;		/* "lab", "clonesh", or NULL when nobody did */
	} wait;

	/* stack */
	struct {
		size_t size, used;
		bool guard;
		bool overflow;
		size_t below;			/* bytes written below the stack (guard off) */
		bool measured;
	} stack;

	/* spawn -n: every child, the first one included */
	struct child_obs {
		long tid;			/* what clone returned */
		long pid_self;			/* getpid() in the child */
		long tgid, ppid;		/* /proc/TID/status, -1 unmeasured */
		char state;			/* /proc/TID/stat while the children were parked */
		bool exit_known, exited;
		int status, signal;
	} children[OBS_MAX_CHILDREN];
	int nchildren;			/* listed in children[] */
	int nmade;			/* made in all (more than listed past OBS_MAX_CHILDREN) */
	int children_errno;		/* why fewer children than asked could be made */

	char output[OBS_OUTPUT_MAX];		/* what the lab and the child wrote to stdout/stderr */
	size_t output_len;
	bool output_truncated;

	char notes[OBS_MAX_NOTES][256];		/* explanations of traps met on the way */
	int nnotes;
};

void observation_init(struct observation *o);
/* Sets tls_shared from the two measurements it rests on, tp_same and
 * shared[SH_VM]: a pointer value means the same memory only in one address
 * space. */
void observation_tls_verdict(struct observation *o);
/* Where kcmp could not compare the address space, fd table, fs information
 * or handler table, measures them by behaviour instead: what the parent sees
 * after the child acted (a global or heap word the child wrote, a mapping it
 * made, an fd in one table only, a disposition, cwd or umask that differs, or
 * that both see changed from the lab's before the child acted: lab_before,
 * and start_cwd, where the lab started).
 * Only sound inferences: what the effects cannot tell stays not measured. */
void observation_by_behaviour(struct observation *o, const char *start_cwd);
/* What the lab's probe showed, where kcmp did not answer and the effects of
 * the child's function did not tell: after it acted, the child changed a
 * private word, its umask, its SIGPWR disposition, its fd table and fd
 * offsets, and the observer read whether the parent's changed with them
 * (lab.c, before the child undid them).  Each: -1 not tried, 0 the parent's
 * did not change, 1 it did. */
#define PROBE_OFD_MAX 8		/* fds whose open file the probe tries */
struct probe_seen {
	int vm, fs, sighand, files;
	int umask_parent, umask_child;	/* fs: the umask each had then */
	int sig;			/* sighand: the signal the child ignored */
	int fd;				/* files: the fd the child opened */
	int nofd;
	struct { int fd, same; } ofd[PROBE_OFD_MAX];	/* the offset moved in the parent too */
};
void probe_seen_init(struct probe_seen *p);
/* Sets the verdicts the probe measured, marked as by behaviour. */
void observation_by_probe(struct observation *o, const struct probe_seen *p);
/* Measured facts that notes and explanations are chosen by (never the
 * configuration's flags): the child is a thread of the lab's group (its
 * tgid from /proc is the lab's pid); the child is in another pid namespace
 * (/proc/PID/ns/pid inodes differ). */
bool observation_child_is_thread(const struct observation *o);
bool observation_child_new_pidns(const struct observation *o);
void observation_note(struct observation *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The words of a disposition ("handler", "ignore", "default") and of an
 * errno ("EBADF", "0"), as every renderer writes them. */
const char *disposition_name(enum disposition d);
/* The name of a SIGCHLD siginfo's si_code: "CLD_EXITED"... ("other"). */
const char *cld_code_name(int code);
const char *errno_name(int e);

#endif
