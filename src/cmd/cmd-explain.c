#include "config.h"

#include <sched.h>

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "flags.h"
#include "funcs.h"
#include "glibc.h"
#include "output.h"
#include "resources.h"
#include "session.h"
#include "util.h"

struct topic {
	const char *name, *alias;
	const char *title;
	const char *text;
	const char *(*make)(void);	/* the text made from a table (text: its start, or NULL) */
};

static const char *clone_text(void);
static const char *ns_text(void);

/* The topics before the kcmp resources that have one. */
static const struct topic topics_before[] = {
	{ "clone", NULL, "clone(2): a new process or thread, sharing what you choose",
	  "clone() creates a child like fork() does, but the flags choose what the child shares "
	  "with its parent instead of copying: each CLONE_* flag shares one resource (the address "
	  "space, the fd table, the filesystem information, the signal handlers...) or asks for "
	  "something new (a namespace, a pidfd, a tid stored somewhere). The low byte of clone()'s "
	  "flags is the exit signal, sent to the parent when the child ends: SIGCHLD for a "
	  "fork-like child. glibc's clone(fn, stack, flags, arg) starts fn on the stack you give "
	  "it, at its top since x86-64 stacks grow down, and ends the child with the exit system "
	  "call when fn returns. clonesh never clones itself: each experiment runs in a "
	  "disposable lab process, the child's parent, so whatever the child does, only the lab "
	  "can die. Try \"explain flags\", \"explain functions\", or a resource: ", clone_text },
	{ "clone3", NULL, "clone3(2): the newer system call, with struct clone_args",
	  "clone3(args, size) (Linux 5.3) takes a struct instead of arguments. Its flags are 64 "
	  "bits wide, so only clone3 can pass CLONE_CLEAR_SIGHAND and CLONE_INTO_CGROUP, and "
	  "since Linux 6.3 it also accepts CLONE_NEWTIME. The exit signal has its own field (0 to 64), "
	  "the stack is given as its lowest byte and its size, and CLONE_PIDFD has a pidfd field "
	  "of its own, so it no longer conflicts with CLONE_PARENT_SETTID. clone3 refuses "
	  "CLONE_DETACHED, and CLONE_THREAD or CLONE_PARENT with a non-zero exit signal (EINVAL). "
	  "clonesh makes the system call directly (\"variant clone3\").", NULL },
};

/* After the kcmp resources that have a topic (resources.h). */
static const struct topic topics_after[] = {
	{ "ids", NULL, "process and thread ids",
	  "A new process has its own pid, its tid equals its pid, and its parent is the caller "
	  "(or the caller's parent, with CLONE_PARENT). With CLONE_THREAD the child joins the "
	  "caller's thread group instead: getpid() gives the caller's pid (the tgid), gettid() "
	  "its own tid, and getppid() the caller's parent; the caller's Threads: count in "
	  "/proc/PID/status goes up. In a new pid namespace (CLONE_NEWPID) the child sees itself "
	  "as pid 1 with getppid() 0, while its parent knows it by a pid of the parent's "
	  "namespace; NSpid in /proc/PID/status shows both.", NULL },
	{ "ns", "namespaces", "namespaces (CLONE_NEW*)", NULL, ns_text },
	{ "stack", NULL, "the child's stack",
	  "A clone child runs on a stack its caller provides: clone() takes the stack's top, "
	  "since x86-64 stacks grow down, and clone3 its lowest byte and its size. clonesh maps "
	  "it with mmap, puts a PROT_NONE guard page below it when guard is on, and fills it "
	  "with a pattern so it can measure how deep the child went. A child that overflows a "
	  "guarded stack is killed by SIGSEGV (with CLONE_THREAD the whole process dies); "
	  "without a guard it writes over whatever lies below, silently. Sizes run from 4k to "
	  "256m (\"stack 16k\", \"stack guard off\"); \"fn recurse DEPTH\" uses the stack on "
	  "purpose.", NULL },
	{ "exit", NULL, "the exit signal and waiting",
	  "When a child ends, the kernel sends its parent the exit signal: the low byte of "
	  "clone()'s flags or clone3's exit_signal, SIGCHLD for a fork-like child, nothing with "
	  "\"signal none\". A child with any other exit signal is a clone child: plain waitpid() "
	  "does not see it and __WALL or __WCLONE is needed: the lab makes the plain call "
	  "first and, when that fails with ECHILD, waits with __WALL. A CLONE_THREAD child cannot be waited for at all: its end is learnt "
	  "through CLONE_CHILD_CLEARTID (the kernel clears a word and wakes a futex), a pidfd or "
	  "/proc. The exit signal is an ordinary signal: one the parent neither handles nor "
	  "blocks, such as SIGUSR1, takes its default action and kills the parent.", NULL },
	{ "tls", NULL, "thread-local storage (CLONE_SETTLS)",
	  "errno, malloc's per-thread cache and glibc's other per-thread data live in a block "
	  "that the thread pointer (the FS base on x86-64) points at, and glibc knows the owner "
	  "of stdio's locks by that pointer. A clone child keeps its parent's thread pointer unless "
	  "CLONE_SETTLS gives it a new one. With its own address space that is harmless: the "
	  "pointer leads into the child's copy. A CLONE_VM child without CLONE_SETTLS runs on "
	  "the parent's very block: a glibc call that fails in the child, such as close(-1), "
	  "sets the parent's errno, and malloc, which takes no lock while glibc believes the "
	  "process has a single thread, can be entered by both at once and corrupt the heap. "
	  "stdout is a global, so with CLONE_VM both print into one buffer, and nothing orders "
	  "the two printf calls: lines come in either order, and now and then are lost or "
	  "mangled. That is why clonesh's functions make raw system calls, but for the three "
	  "that call glibc to show it: seed-hello, printf-locked and libc-close.", NULL },
};

static void
flags_list(struct session *s)
{
	for (size_t i = 0; i < flags_count; i++) {
		const struct clone_flag *f = &flags_table[i];
		out_printf(s->out, "  %-20s %-15s %s\n", f->name, f->short_name, f->meaning);
	}
}

static void
explain_flag(struct session *s, const struct clone_flag *f)
{
	/* A bare version reads "since Linux 2.0"; a phrase is printed as it is. */
	bool version = isdigit((unsigned char)f->since[0]);
	out_printf(s->out, "%s (%s): %#" PRIx64 ", %s%s%s%s\n", f->name, f->short_name,
	    f->value, version ? "since Linux " : "", f->since,
	    f->attrs & FLAG_CLONE3_ONLY ? (version ? ", clone3 only" : ", not through clone()") : "",
	    (f->attrs & FLAG_NAMESPACE) && f->value != CLONE_NEWUSER ?
	    ", needs CAP_SYS_ADMIN or newuser" : "");
	cmd_print_wrapped(s->out, "  ", f->meaning);
	cmd_print_wrapped(s->out, "  ", f->explain);
}

static void
explain_function(struct session *s, const struct child_func *f)
{
	out_printf(s->out, "function %s%s%s: %s\n", f->name, *f->usage ? " " : "", f->usage,
	    f->summary);
	out_printf(s->out, "  touches: %s\n", f->touches);
	cmd_print_wrapped(s->out, "  ", f->explain);
}

static void
explain_preset(struct session *s, const struct preset *p)
{
	char fl[512], sz[32];

	out_printf(s->out, "preset %s: %s\n", p->name, p->summary);
	out_printf(s->out, "  %s, %s", variant_name(p->variant),
	    flags_format(p->flags, p->exit_signal, fl, sizeof(fl)));
	if (p->stack_size)
		out_printf(s->out, ", stack %s", size_format(p->stack_size, sz, sizeof(sz)));
	if (p->fn)
		out_printf(s->out, ", fn %s", p->fn);
	out_printf(s->out, "\n");
}

/* The i-th topic: those before, the kcmp resources that have one, those
 * after; false past the last. */
static bool
topic_at(size_t i, struct topic *t)
{
	if (i < ARRAY_SIZE(topics_before)) {
		*t = topics_before[i];
		return true;
	}
	i -= ARRAY_SIZE(topics_before);
	for (int k = 0; k < SH_COUNT; k++) {
		const struct resource *r = &resources_table[k];
		if (r->title && i-- == 0) {
			*t = (struct topic){ r->name, r->alias, r->title, r->explain, NULL };
			return true;
		}
	}
	if (i >= ARRAY_SIZE(topics_after))
		return false;
	*t = topics_after[i];
	return true;
}

/* The clone topic's text: its paragraph, then every topic after clone3. */
static const char *
clone_text(void)
{
	static char text[1536];
	size_t first = ARRAY_SIZE(topics_before);
	struct topic t;

	str_copy(text, topics_before[0].text, sizeof(text));
	for (size_t i = first; topic_at(i, &t); i++)
		str_append(text, sizeof(text), "%s%s", i > first ? ", " : "", t.name);
	str_append(text, sizeof(text), ".");
	return text;
}

/* The ns topic's text: what each namespace's flag gives a view of. */
static const char *
ns_text(void)
{
	static char text[1024];

	str_copy(text, "A namespace gives the child its own view of one kind of resource: ",
	    sizeof(text));
	for (int i = 0; i < NS_COUNT; i++)
		str_append(text, sizeof(text), "%s%s %s", i ? ", " : "",
		    flags_by_value(namespaces_table[i].flag)->name, namespaces_table[i].view);
	str_append(text, sizeof(text), ". Each flag changes exactly one /proc/PID/ns/* link. "
	    "All but CLONE_NEWUSER need CAP_SYS_ADMIN (EPERM without it), unless CLONE_NEWUSER "
	    "comes in the same call: a new user namespace has every capability, over the "
	    "namespaces it owns only.");
	return text;
}

/* The topic named name (or by its alias) into t; false when there is none. */
static bool
topic_find(const char *name, struct topic *t)
{
	for (size_t i = 0; topic_at(i, t); i++)
		if (strcasecmp(t->name, name) == 0 || (t->alias && strcasecmp(t->alias, name) == 0))
			return true;
	return false;
}

/* The nearest name among flags, functions, topics and presets, or NULL. */
static const char *
explain_nearest(const char *bad)
{
	const char *best = NULL;
	int bestd = strlen(bad) > 4 ? 3 : 2;

#define CONSIDER(n) do { \
		int d_ = str_distance(bad, (n)); \
		if (d_ < bestd) { bestd = d_; best = (n); } \
	} while (0)
	for (size_t i = 0; i < flags_count; i++) {
		CONSIDER(flags_table[i].short_name);
		CONSIDER(flags_table[i].name);
	}
	for (size_t i = 0; i < funcs_count; i++)
		CONSIDER(funcs_table[i]->name);
	struct topic t;
	for (size_t i = 0; topic_at(i, &t); i++) {
		CONSIDER(t.name);
		if (t.alias)
			CONSIDER(t.alias);
	}
	for (size_t i = 0; i < experiment_npresets; i++)
		CONSIDER(experiment_presets[i].name);
#undef CONSIDER
	return best;
}

static void
explain_guide(struct session *s)
{
	out_printf(s->out, "explain TOPIC, where TOPIC is\n");
	out_printf(s->out, "  a flag:      vm, CLONE_SIGHAND, ...  (\"explain flags\" lists them)\n");
	out_printf(s->out, "  a function:  hello, open-fd, ...     (\"explain functions\")\n");
	out_printf(s->out, "  a preset:    fork, thread, ...       (\"explain presets\")\n");
	out_printf(s->out, "  a resource: ");
	struct topic t;
	for (size_t i = 0; topic_at(i, &t); i++)
		out_printf(s->out, " %s", t.name);
	out_printf(s->out, "\n");
}

/* 0 when explain has something to say about what, else -1. */
static int
explain_known(const char *what)
{
	if (strcasecmp(what, "flags") == 0 || strcasecmp(what, "functions") == 0 ||
	    strcasecmp(what, "presets") == 0)
		return 0;
	struct topic t;
	return topic_find(what, &t) || flags_find(what) || funcs_find(what) ||
	    experiment_find_preset(what) ? 0 : -1;
}

static int
explain_unknown(struct session *s, const char *what)
{
	const char *near = explain_nearest(what);
	if (near)
		return cmd_error(s, "explain: unknown topic \"%s\" (did you mean %s? a topic is a flag, "
		    "a function, a preset, a resource such as vm or stack, or flags, functions, "
		    "presets)", what, near);
	return cmd_error(s, "explain: unknown topic \"%s\" (a topic is a flag, a function, a "
	    "preset, a resource such as vm or stack, or flags, functions, presets)", what);
}

static int
cmd_explain(struct session *s, int argc, char **argv)
{
	if (argc > 2)
		return cmd_too_many(s, "explain");
	if (argc == 1 || s->dry) {
		if (argc == 1)
			explain_guide(s);
		else if (explain_known(argv[1]) < 0)
			return explain_unknown(s, argv[1]);
		return 0;
	}

	const char *what = argv[1];
	if (strcasecmp(what, "flags") == 0) {
		flags_list(s);
		return 0;
	}
	if (strcasecmp(what, "functions") == 0) {
		cmd_list_functions(s);
		return 0;
	}
	if (strcasecmp(what, "presets") == 0) {
		cmd_list_presets(s);
		return 0;
	}

	/* A word may name several things ("exit": a resource and a function). */
	struct topic t;
	bool topic = topic_find(what, &t);
	const struct clone_flag *f = flags_find(what);
	const struct child_func *fn = funcs_find(what);
	const struct preset *p = experiment_find_preset(what);
	int shown = 0;
	if (f) {
		explain_flag(s, f);
		shown++;
	}
	if (topic) {
		if (shown++)
			out_printf(s->out, "\n");
		out_printf(s->out, "%s: %s\n", t.name, t.title);
		cmd_print_wrapped(s->out, "  ", t.make ? t.make() : t.text);
		if (strcmp(t.name, "tls") == 0) {
			char lock[512];
			cmd_print_wrapped(s->out, "  ", glibc_stdout_lock_text(lock, sizeof(lock)));
		}
	}
	if (fn) {
		if (shown++)
			out_printf(s->out, "\n");
		explain_function(s, fn);
	}
	if (p) {
		if (shown++)
			out_printf(s->out, "\n");
		explain_preset(s, p);
	}
	if (shown)
		return 0;
	return explain_unknown(s, what);
}

const char *
commands_explain_topic(size_t i, const char **alias)
{
	struct topic t;
	if (!topic_at(i, &t))
		return NULL;
	*alias = t.alias;
	return t.name;
}

const struct command cmd_explain_entry = {
	.name = "explain",
	.args = "[TOPIC]",
	.summary = "explain a flag, function, preset or resource",
	.help =
	    "\"explain CLONE_VM\" (or vm) explains a flag, \"explain open-fd\" a function, "
	    "\"explain thread\" a preset, \"explain stack\" a resource (vm, files, fs, sighand, "
	    "ids, ns, stack, exit, tls), \"explain clone\" the system call itself. \"explain "
	    "flags\", \"explain functions\" and \"explain presets\" list them.",
	.man =
	    "Explain a clone flag\n"
	    ".RB ( CLONE_VM\n"
	    "or\n"
	    ".BR vm ),\n"
	    "a child function, a preset or a resource\n"
	    ".RB ( vm ,\n"
	    ".BR files ,\n"
	    ".BR fs ,\n"
	    ".BR sighand ,\n"
	    ".BR ids ,\n"
	    ".BR ns ,\n"
	    ".BR stack ,\n"
	    ".BR exit ,\n"
	    ".BR tls )\n"
	    "in a short paragraph;\n"
	    ".B explain clone\n"
	    "explains the system call itself, and\n"
	    ".BR \"explain flags\" ,\n"
	    ".B explain functions\n"
	    "and\n"
	    ".B explain presets\n"
	    "list them.\n",
	.completer = COMPLETE_TOPIC,
	.handler = cmd_explain,
};
