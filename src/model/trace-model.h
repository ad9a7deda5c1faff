/* A traced program (trace): its events as the tracer reported them, each
 * creation with what was measured of the pair while both were stopped, and
 * the tree of the tasks they made.  Plain data, filled by lab/trace.c and
 * read by the renderers and the trace command. */
#ifndef CLONESH_TRACE_MODEL_H
#define CLONESH_TRACE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "observation.h"

#define TRACE_EVENTS_DEFAULT 10000
#define TRACE_EVENTS_MAX 1000000
#define TRACE_OUTPUT_MAX 65536

enum trace_kind {
	TRACE_CREATE,		/* a task made a task: both stopped and measured */
	TRACE_ESCAPED,		/* a creation with CLONE_UNTRACED: the child was not stopped */
	TRACE_EXEC,		/* a task ran a new program */
	TRACE_EXIT,		/* a task ended */
	TRACE_END,		/* the trace ended: why, in note */
};

/* The system call as the tracer read it at its entry. */
enum trace_call { TCALL_UNKNOWN, TCALL_CLONE, TCALL_CLONE3, TCALL_FORK, TCALL_VFORK };

/* The kernel's ptrace event of the creation (PTRACE_EVENT_FORK, VFORK, CLONE). */
enum trace_kevent { TKEV_NONE, TKEV_FORK, TKEV_VFORK, TKEV_CLONE };

enum trace_end_why { TEND_DONE, TEND_TIMEOUT, TEND_INTERRUPTED, TEND_BOUND, TEND_ERROR };

struct trace_call_args {
	enum trace_call call;
	bool decoded;			/* the arguments were read */
	uint64_t flags;			/* without the exit signal */
	int exit_signal;		/* clone: the low byte; clone3: exit_signal */
	uint64_t stack, stack_size, tls, parent_tid, child_tid, pidfd;
	uint64_t args_size;		/* clone3: its size argument */
	long ret;			/* the new task's id */
};

/* What was measured of one creation: the observation's own parts. */
struct trace_measure {
	struct tri shared[SH_COUNT];
	struct tri tp_same, tls_shared;
	__typeof__(((struct observation *)0)->ns) ns;
	__typeof__(((struct observation *)0)->parent) parent;
	__typeof__(((struct observation *)0)->ids) ids;
};

struct trace_event {
	enum trace_kind kind;
	long pid;			/* the creating task, or the one that exec'd or ended */
	long child;			/* TRACE_CREATE, TRACE_ESCAPED: the new task */
	enum trace_kevent kevent;
	struct trace_call_args call;
	struct trace_measure m;
	/* TRACE_EXEC */
	char path[256];			/* /proc/PID/exe after the exec */
	char argv0[96];			/* the first word of /proc/PID/cmdline */
	long former;			/* a thread that exec'd: its id before (the leader took it) */
	bool setuid_file;		/* the file has the set-user-ID bit */
	long file_uid;			/* its owner */
	long euid;			/* the effective uid after the exec, -1 unread */
	/* TRACE_EXIT */
	bool exited;
	int status, signal;
	/* TRACE_END */
	enum trace_end_why why;
	char note[256];
};

/* A whole trace. */
struct trace {
	struct trace_event *ev;
	size_t n, cap;
	long root;			/* the traced program's pid */
	int ncreations;
	bool ended;
	enum trace_end_why why;
	char output[TRACE_OUTPUT_MAX];	/* what the program wrote (stdout and stderr) */
	size_t output_len;
	bool output_truncated;
};

void trace_init(struct trace *t);
void trace_done(struct trace *t);
/* Appends a copy of ev; -1 when out of memory. */
int trace_add(struct trace *t, const struct trace_event *ev);
void trace_add_output(struct trace *t, const char *buf, size_t len);
/* The nth creation (1-based, in the order they happened, escaped ones
 * included), or NULL. */
const struct trace_event *trace_creation(const struct trace *t, int n);
/* The creation that made task tid, or NULL (the program itself). */
const struct trace_event *trace_made(const struct trace *t, long tid);
/* The number of creation ev (1-based). */
int trace_creation_number(const struct trace *t, const struct trace_event *ev);

/* The call as strace prints it: "clone(child_stack=NULL, flags=...) = 4243". */
const char *trace_call_format(const struct trace_call_args *c, char *buf, size_t len);
/* The call site the flags are known from ("glibc fork()", "pthread_create"),
 * or NULL for a set clonesh does not know. */
const char *trace_call_site(const struct trace_call_args *c);
/* The creation as an observation, as spawn would have filled it where the
 * tracer measured the same, everything else not measured: the cfg holds
 * the call's flags (code exports them), number the creation's. */
void trace_observation(const struct trace *t, const struct trace_event *ev, int number,
    struct observation *o);

#endif
