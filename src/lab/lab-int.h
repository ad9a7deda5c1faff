/* The lab's private header (src/lab/ only): the memory clonesh, the lab
 * and the child share, and what the three parts of the lab reach of each
 * other: the child (child.c: the trampoline, which makes raw system calls
 * only), the lab process (lab.c: its preparation, the clone, its waits,
 * the standby), and the observer in clonesh (observe.c). */
#ifndef CLONESH_LAB_INT_H
#define CLONESH_LAB_INT_H

#include <limits.h>
#include <linux/futex.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>

#include "experiment.h"
#include "funcs.h"
#include "observation.h"
#include "probe.h"
#include "rawsys.h"
#include "util.h"

#define PAGE page_size()
#define STACK_PAINT 0xA5	/* the pattern the high-water scan looks for */
#define LANDING_SIZE (64UL << 10)	/* writable zone below a stack without guard */
#define TLS_SIZE 8192UL		/* the child's TLS area for CLONE_SETTLS */
#define TLS_TCB_OFFSET 4096UL	/* x86-64 TLS lies below the thread pointer */

/* What clone3 takes (include/uapi/linux/sched.h, CLONE_ARGS_SIZE_VER2). */
struct lab_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

enum lab_state { LAB_STARTING, LAB_READY, LAB_CLONED, LAB_CLONE_FAILED, LAB_DONE };

#define EXTRA_TLS_SIZE (TLS_TCB_OFFSET + 256)

struct lab_shared;

/* spawn -n: the children after the first, made with the same settings.  The
 * first child is the one measured in full; these are listed. */
struct extra_child {
	struct lab_shared *sh;
	_Atomic int phase;
	long ret;			/* what clone returned for it */
	bool waited;
	int wait_status;
	pid_t ptid, ctid;		/* its settid words */
	struct child_ctx ctx;
	struct child_report report;
	unsigned char tls[EXTRA_TLS_SIZE] __attribute__((aligned(64)));
};

/* One MAP_SHARED page group per experiment, seen by clonesh, the lab and the
 * child whatever the flags. */
struct lab_shared {
	_Atomic uint32_t seq;		/* futex: bumped on every change below */
	_Atomic uint32_t release;	/* futex: how far the observer lets the child go */
	_Atomic uint32_t lab_go;	/* futex: the observer lets the lab exit */
	_Atomic uint32_t start;		/* futex: a standby lab's experiment is in cfg */
	_Atomic int child_phase;
	_Atomic int lab_state;
	long clone_ret;
	int clone_errno;
	unsigned long heap_addr, pages_addr;
	unsigned long lab_tls;
	size_t tls_span;		/* static TLS copied below the child's TCB */
	long lab_uid, lab_gid;		/* the lab's real ids, once it is the lab user */
	bool printf_timed;		/* printf-locked: the lab saw the child enter printf */
	bool printf_done_locked;	/* ... and return from it while the lab held the lock */
	int wait_errno;
	int wait_status;
	bool waited;
	struct wait_call wplain, wall;	/* the lab's waitpid() calls, as made */
	char waited_with[320];
	long ctid_after_exit;
	/* signal catch on: the siginfo of the first exit signal the lab's
	 * handler received, and how many it received. */
	_Atomic int exit_si_count;
	int exit_si_errno;		/* sigaction failed (glibc keeps 32 and 33) */
	int exit_si_signo, exit_si_code, exit_si_status;
	long exit_si_pid, exit_si_uid;
	/* seccomp: the errno of the lab's filter installation (0: installed) and
	 * which call failed; Seccomp: and Seccomp_filters: of /proc/self/status
	 * as the lab read them after it, -1 unread. */
	int seccomp_errno;
	char seccomp_call[40];
	int seccomp_mode, seccomp_filters;
	_Atomic int seccomp_done;	/* the lab wrote the three above (a vfork lab is still in clone) */
	/* The standby's namespaces, read by itself while it prepared (a lab
	 * never leaves those it was forked in); lab_ns_read once they are. */
	struct ns_inodes lab_ns;
	_Atomic int lab_ns_read;
	char lab_error[128];
	char exec_path[PATH_MAX];	/* the program the function execs (its .program), "" none */
	/* The experiment.  cfg.fn is clonesh's pointer, which means nothing
	 * in the lab program (clonesh-lab): the lab puts its own entry there,
	 * funcs_table[fn_index] (fn_index -1: no function). */
	int fn_index;
	struct experiment cfg;
	/* Where the lab keeps the words clonesh reads in its memory, which its
	 * program places where it will (they are clonesh's own addresses only
	 * in a lab that is a copy of clonesh). */
	unsigned long addr_global, addr_errno, addr_ctid, addr_settid, addr_pidfd, addr_probe_word;
	struct child_ctx ctx;
	struct child_report report;
	unsigned char tls[TLS_SIZE] __attribute__((aligned(64)));
	/* Behaviour probes (where kcmp did not answer): PROBE_* asked by the
	 * observer before release 2; the child sets probed to 1 once it made
	 * the changes, and undoes them on release 3. */
	_Atomic int probe;
	_Atomic int probed;
	int probe_umask_old, probe_umask_new;
	int probe_fd;			/* the fd the child opened, or -1 */
	int nprobe_ofd;
	int probe_ofd[PROBE_OFD_MAX];	/* fds whose offset the child moves */
	long probe_ofd_pos[PROBE_OFD_MAX];	/* ... from here, or -1 where it could not */
	int nextra;			/* extra children made */
	int extra_errno;		/* why the next one could not be, 0 if none */
	struct extra_child extra[CHILDREN_MAX - 1];
};

/* The lab's own words, in its private memory: CLONE_PARENT_SETTID writes the
 * parent's copy, CLONE_CHILD_SETTID/CLEARTID the child's (the same one only
 * with CLONE_VM). */
extern pid_t lab_ptid;
extern pid_t lab_ctid;
extern int lab_pidfd;

/* Behaviour probes: what the child changes after it acted when kcmp could
 * not compare the resource; each undone before the child goes on. */
enum {
	PROBE_VM = 1,			/* a word in the lab's private memory */
	PROBE_FS = 2,			/* its umask */
	PROBE_SIGHAND = 4,		/* PROBE_SIG's disposition: ignored */
	PROBE_FILES = 8,		/* an fd opened on "/" */
	PROBE_OFD = 16,			/* the offsets of fds that are in both */
};
/* A signal few programs touch; where the parent already ignores it (fn
 * sigaction SIGPWR ignore), the probe says nothing of the handler table. */
#define PROBE_SIG SIGPWR
#define PROBE_WORD 0x5eed1abL
#define PROBE_OFD_MOVE 7
extern volatile long lab_probe_word;

/* --- futex helpers (shared mapping: no FUTEX_PRIVATE_FLAG) -------------- */

static inline void
futex_wake_all(_Atomic uint32_t *word)
{
	RAW6(SYS_futex, word, FUTEX_WAKE, 0x7fffffff, 0, 0, 0);
}

static inline void
futex_wait_raw(_Atomic uint32_t *word, uint32_t val, const struct timespec *ts)
{
	RAW6(SYS_futex, word, FUTEX_WAIT, val, ts, 0, 0);
}

static inline void
shared_bump(struct lab_shared *sh)
{
	atomic_fetch_add(&sh->seq, 1);
	futex_wake_all(&sh->seq);
}

/* The child (child.c). */
unsigned long thread_pointer(void);
size_t static_tls_span(void);
int child_main(void *arg);
int child_main_extra(void *arg);
/* clone3 starts the child on its new stack with no function to call: a few
 * instructions call fn(arg) and end the task with exit(2). */
long clonesh_clone3(struct lab_clone_args *args, size_t size, int (*fn)(void *), void *arg);
#if defined(__x86_64__) || defined(__aarch64__)
#define HAVE_CLONE3_TRAMPOLINE 1
#else
#define HAVE_CLONE3_TRAMPOLINE 0
#endif

/* The lab process (lab.c). */
size_t lab_shared_size(void);
/* What the lab program and the clonesh that runs it must agree on, as
 * words: the version, the sizes of the shared block and of the experiment,
 * the number of child functions.  Another build's lab program says so. */
void lab_layout(char *buf, size_t size);
void lab_main(struct lab_shared *sh, int outfd, unsigned char *stack_lo, size_t stack_size)
    __attribute__((noreturn));
void lab_standby_main(struct lab_shared *sh, int outfd) __attribute__((noreturn));
void lab_standby_start(void *map, int outfd);
extern char lab_comm[17];
/* The word CLONE_PARENT_SETTID (or, with CLONE_CHILD_CLEARTID too, both
 * flags) write in the lab: &lab_ctid or &lab_ptid. */
pid_t *lab_settid_word(const struct experiment *e);

#endif
