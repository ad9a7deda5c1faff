/* The tracer: runs a program under ptrace in a process of its own, stops
 * parent and child at every creation, measures the pair (pair.c), decodes
 * the call, lets both go, and hands each event to clonesh as it happens.
 * Nothing here writes a sentence for the learner: events and errors only. */
#ifndef CLONESH_TRACE_H
#define CLONESH_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "trace-model.h"

struct experiment;

struct trace_opts {
	const char *path;		/* the program, resolved */
	char *const *argv;		/* its arguments, argv[0] first */
	long uid, gid;			/* become them before the exec (--user); -1 keep */
	const char *user;		/* their name, for the supplementary groups */
	int timeout_ms;
	int max_events;
	/* --seccomp: the session's seccomp filter (seccomp.h), installed in the
	 * program's process just before its exec; NULL for none. */
	const struct experiment *filter;
};

struct trace_hooks {
	bool (*poll)(void *data);	/* true: end the trace (Ctrl-C, kill) */
	void (*event)(void *data, const struct trace_event *ev);
	void (*output)(void *data, const char *buf, size_t len);	/* what the program wrote */
	void *data;
};

/* 0 when ptrace can be used here, else -1 with the reason in err (yama
 * ptrace_scope 3, a seccomp profile that forbids ptrace). */
int lab_trace_probe(char *err, size_t errlen);

/* Runs the traced program to its end, the timeout, the event bound or an
 * interrupt, handing events to hooks; the last one is TRACE_END.  Every
 * task it made is gone (killed and reaped) when it returns.  0, or -1 with
 * the reason in err when the tracer could not start. */
int lab_trace(const struct trace_opts *opts, const struct trace_hooks *hooks, char *err,
    size_t errlen);

#endif
