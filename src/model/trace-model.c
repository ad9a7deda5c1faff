/* A traced program's events and what they say of the tree. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "experiment.h"
#include "flags.h"
#include "trace-model.h"
#include "util.h"

#include "clone-compat.h"

void
trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
	t->root = -1;
}

void
trace_done(struct trace *t)
{
	free(t->ev);
	t->ev = NULL;
	t->n = t->cap = 0;
}

int
trace_add(struct trace *t, const struct trace_event *ev)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct trace_event *all = realloc(t->ev, cap * sizeof(*all));
		if (!all)
			return -1;
		t->ev = all;
		t->cap = cap;
	}
	t->ev[t->n++] = *ev;
	if (ev->kind == TRACE_CREATE || ev->kind == TRACE_ESCAPED)
		t->ncreations++;
	if (t->root < 0 && (ev->kind == TRACE_EXEC || ev->kind == TRACE_END) && ev->pid > 0)
		t->root = ev->pid;
	if (ev->kind == TRACE_END) {
		if (ev->pid > 0)
			t->root = ev->pid;
		t->ended = true;
		t->why = ev->why;
	}
	return 0;
}

void
trace_add_output(struct trace *t, const char *buf, size_t len)
{
	size_t room = sizeof(t->output) - 1 - t->output_len;
	size_t take = len < room ? len : room;
	memcpy(t->output + t->output_len, buf, take);
	t->output_len += take;
	t->output[t->output_len] = '\0';
	if (take < len)
		t->output_truncated = true;
}

static bool
is_creation(const struct trace_event *ev)
{
	return ev->kind == TRACE_CREATE || ev->kind == TRACE_ESCAPED;
}

const struct trace_event *
trace_creation(const struct trace *t, int n)
{
	int k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (is_creation(&t->ev[i]) && ++k == n)
			return &t->ev[i];
	return NULL;
}

const struct trace_event *
trace_made(const struct trace *t, long tid)
{
	for (size_t i = 0; i < t->n; i++)
		if (is_creation(&t->ev[i]) && t->ev[i].child == tid)
			return &t->ev[i];
	return NULL;
}

int
trace_creation_number(const struct trace *t, const struct trace_event *ev)
{
	int k = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (is_creation(&t->ev[i]))
			k++;
		if (&t->ev[i] == ev)
			return k;
	}
	return 0;
}

static void
hex_or_null(char *buf, size_t len, uint64_t v)
{
	if (v)
		snprintf(buf, len, "%#" PRIx64, v);
	else
		str_copy(buf, "NULL", len);
}

const char *
trace_call_format(const struct trace_call_args *c, char *buf, size_t len)
{
	char fl[512], r[32], a[32], sig[32];

	if (c->ret > 0)
		snprintf(r, sizeof(r), "%ld", c->ret);
	else
		str_copy(r, "?", sizeof(r));
	switch (c->call) {
	case TCALL_FORK:
		snprintf(buf, len, "fork() = %s", r);
		break;
	case TCALL_VFORK:
		snprintf(buf, len, "vfork() = %s", r);
		break;
	case TCALL_CLONE:
		hex_or_null(a, sizeof(a), c->stack);
		flags_format(c->flags, c->exit_signal, fl, sizeof(fl));
		snprintf(buf, len, "clone(child_stack=%s, flags=%s) = %s", a, fl, r);
		break;
	case TCALL_CLONE3:
		if (!c->decoded) {
			snprintf(buf, len, "clone3(?) = %s", r);
			break;
		}
		flags_format(c->flags, 0, fl, sizeof(fl));
		snprintf(buf, len, "clone3({flags=%s, exit_signal=%s, stack=%#" PRIx64 ", stack_size=%#"
		    PRIx64 "}, %" PRIu64 ") = %s", fl, c->exit_signal ? signal_name(c->exit_signal, sig,
		    sizeof(sig)) : "0", c->stack, c->stack_size, c->args_size, r);
		break;
	default:
		snprintf(buf, len, "(a creation whose call was not read) = %s", r);
		break;
	}
	return buf;
}

/* The call sites, each set checked with strace -f on Debian 12 (glibc 2.36);
 * Debian 13's glibc 2.41 adds CLONE_CLEAR_SIGHAND to posix_spawn's (seen by
 * trace in tests/env/run.sh trixie). */
#define PTHREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
    CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
static const struct {
	enum trace_call call;
	uint64_t flags;
	int exit_signal;
	const char *site;
} call_sites[] = {
	{ TCALL_CLONE, CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID, SIGCHLD, "glibc fork()" },
	{ TCALL_CLONE3, PTHREAD_FLAGS, 0, "pthread_create" },
	{ TCALL_CLONE3, CLONE_VM | CLONE_VFORK, SIGCHLD, "posix_spawn, system() or popen()" },
	{ TCALL_CLONE3, CLONE_VM | CLONE_VFORK | CLONE_CLEAR_SIGHAND, SIGCHLD,
	    "posix_spawn, system() or popen()" },
};

#define NEW_NS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
    CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_NEWTIME)

const char *
trace_call_site(const struct trace_call_args *c)
{
	if (c->call == TCALL_VFORK)
		return "vfork()";
	if (c->call == TCALL_FORK)
		return "the fork system call";
	if (!c->decoded)
		return NULL;
	for (size_t i = 0; i < sizeof(call_sites) / sizeof(call_sites[0]); i++)
		if (call_sites[i].call == c->call && call_sites[i].flags == c->flags &&
		    call_sites[i].exit_signal == c->exit_signal)
			return call_sites[i].site;
	if (c->flags & NEW_NS)
		return "a namespace clone (a container runtime's kind)";
	return NULL;
}

/* What the kernel does for fork() and vfork() (kernel/fork.c): clone with
 * these flags and SIGCHLD. */
static void
call_as_experiment(const struct trace_call_args *c, struct experiment *e)
{
	e->variant = c->call == TCALL_CLONE3 ? VARIANT_CLONE3 : VARIANT_CLONE;
	e->flags = c->call == TCALL_VFORK ? CLONE_VM | CLONE_VFORK : c->call == TCALL_FORK ? 0 :
	    c->flags;
	e->exit_signal = c->call == TCALL_VFORK || c->call == TCALL_FORK ? SIGCHLD : c->exit_signal;
}

void
trace_observation(const struct trace *t, const struct trace_event *ev, int number,
    struct observation *o)
{
	observation_init(o);
	o->number = (unsigned int)number;
	o->traced = true;
	experiment_init(&o->cfg);
	call_as_experiment(&ev->call, &o->cfg);
	o->cfg.fn = NULL;
	o->cfg.argc = 0;
	trace_call_format(&ev->call, o->syscall, sizeof(o->syscall));
	o->clone_ok = true;
	o->reached = PHASE_STARTED;
	for (int i = 0; i < SH_COUNT; i++)
		o->shared[i] = ev->m.shared[i];
	o->tp_same = ev->m.tp_same;
	o->tls_shared = ev->m.tls_shared;
	memcpy(o->ns, ev->m.ns, sizeof(o->ns));
	o->parent = ev->m.parent;
	o->ids = ev->m.ids;
	if (ev->kind == TRACE_ESCAPED)
		observation_note(o, "the child escaped the trace (CLONE_UNTRACED): it was not stopped, "
		    "so nothing of the pair was measured");
	else
		observation_note(o, "traced creation #%d: measured while ptrace held the parent (%ld) "
		    "and the new task (%ld) stopped; what the program did after was not measured",
		    number, ev->pid, ev->child);
	for (size_t i = 0; i < t->n; i++) {
		const struct trace_event *x = &t->ev[i];
		if (x->kind != TRACE_EXIT || x->pid != ev->child || x < ev)
			continue;
		o->exit.known = true;
		o->exit.exited = x->exited;
		o->exit.status = x->status;
		o->exit.signal = x->signal;
		str_copy(o->exit.waited_with, "waitpid(-1, __WALL) by the tracer",
		    sizeof(o->exit.waited_with));
		o->reached = PHASE_EXITED;
		break;
	}
}
