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
#include "session.h"
#include "util.h"

struct topic {
	const char *name, *alias;
	const char *title;
	const char *text;
};

static const struct topic explain_topics[] = {
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
	  "can die. Try \"explain flags\", \"explain functions\", or a resource: vm, files, fs, "
	  "sighand, ids, ns, stack, exit, tls." },
	{ "clone3", NULL, "clone3(2): the newer system call, with struct clone_args",
	  "clone3(args, size) (Linux 5.3) takes a struct instead of arguments. Its flags are 64 "
	  "bits wide, so only clone3 can pass CLONE_CLEAR_SIGHAND and CLONE_INTO_CGROUP, and "
	  "since Linux 6.3 it also accepts CLONE_NEWTIME. The exit signal has its own field (0 to 64), "
	  "the stack is given as its lowest byte and its size, and CLONE_PIDFD has a pidfd field "
	  "of its own, so it no longer conflicts with CLONE_PARENT_SETTID. clone3 refuses "
	  "CLONE_DETACHED, and CLONE_THREAD or CLONE_PARENT with a non-zero exit signal (EINVAL). "
	  "clonesh makes the system call directly (\"variant clone3\")." },
	{ "vm", "memory", "the address space (CLONE_VM)",
	  "The address space holds every mapping: code, globals, heap, stacks. Without CLONE_VM "
	  "the child gets a copy-on-write copy: both see the same values at first, a page is "
	  "copied the first time either one writes it, and the child's writes stay its own "
	  "(after write-global the parent still reads its old value). With CLONE_VM there is one "
	  "address space: the parent reads what the child wrote, a page the child maps appears "
	  "in the parent's /proc/PID/maps, and kcmp(KCMP_VM) says the two share it. A CLONE_VM "
	  "child needs a stack of its own, and without CLONE_SETTLS it also runs on its parent's "
	  "thread-local storage (explain tls)." },
	{ "files", "fds", "the file descriptor table (CLONE_FILES)",
	  "The file descriptor table says which numbers are open, and their close-on-exec bits. "
	  "Without CLONE_FILES the child gets a copy: a file it opens or closes is not opened or "
	  "closed in the parent. With it the parent sees the change at once (open-fd, close-fd), "
	  "and kcmp(KCMP_FILES) says the table is shared. Even a copied table points at the same "
	  "open file descriptions, so the file offset is shared either way: seek-fd in a "
	  "fork-like child moves the parent's offset too, and kcmp(KCMP_FILE) says \"same\" for "
	  "that fd." },
	{ "fs", NULL, "root, current directory and umask (CLONE_FS)",
	  "The filesystem information is the root directory, the current directory and the "
	  "umask. Without CLONE_FS the child's chdir(), chroot() and umask() are its own; with "
	  "it the parent's cwd and umask change with the child's, and kcmp(KCMP_FS) says they "
	  "are shared. CLONE_FS cannot be combined with CLONE_NEWNS or CLONE_NEWUSER (EINVAL): "
	  "a new mount or user namespace needs a root and a cwd of its own." },
	{ "sighand", "signals", "the signal-handler table (CLONE_SIGHAND)",
	  "The signal-handler table says what each signal does: its default action, ignore, or "
	  "a handler function. Without CLONE_SIGHAND the child gets a copy; with it, sigaction() "
	  "in the child changes the parent's disposition too, and kcmp(KCMP_SIGHAND) says the "
	  "table is shared. A handler is an address, so CLONE_SIGHAND requires CLONE_VM. The "
	  "mask of blocked signals is never shared: it belongs to each task, so sigmask in the "
	  "child never shows in the parent. CLONE_CLEAR_SIGHAND (clone3) resets caught signals "
	  "to their default in the child and leaves ignored ones ignored." },
	{ "ids", NULL, "process and thread ids",
	  "A new process has its own pid, its tid equals its pid, and its parent is the caller "
	  "(or the caller's parent, with CLONE_PARENT). With CLONE_THREAD the child joins the "
	  "caller's thread group instead: getpid() gives the caller's pid (the tgid), gettid() "
	  "its own tid, and getppid() the caller's parent; the caller's Threads: count in "
	  "/proc/PID/status goes up. In a new pid namespace (CLONE_NEWPID) the child sees itself "
	  "as pid 1 with getppid() 0, while its parent knows it by a pid of the parent's "
	  "namespace; NSpid in /proc/PID/status shows both." },
	{ "ns", "namespaces", "namespaces (CLONE_NEW*)",
	  "A namespace gives the child its own view of one kind of resource: CLONE_NEWUTS the "
	  "hostname, CLONE_NEWPID the pid numbers, CLONE_NEWNS the mounts, CLONE_NEWNET the "
	  "network (only a loopback device, down), CLONE_NEWIPC System V IPC and POSIX message "
	  "queues, CLONE_NEWUSER user and group ids and capabilities, CLONE_NEWCGROUP the root "
	  "of the cgroup tree, CLONE_NEWTIME clock offsets (clone3 only). Each flag changes "
	  "exactly one /proc/PID/ns/* link. All but CLONE_NEWUSER need CAP_SYS_ADMIN (EPERM "
	  "without it), unless CLONE_NEWUSER comes in the same call: a new user namespace has "
	  "every capability, over the namespaces it owns only." },
	{ "stack", NULL, "the child's stack",
	  "A clone child runs on a stack its caller provides: clone() takes the stack's top, "
	  "since x86-64 stacks grow down, and clone3 its lowest byte and its size. clonesh maps "
	  "it with mmap, puts a PROT_NONE guard page below it when guard is on, and fills it "
	  "with a pattern so it can measure how deep the child went. A child that overflows a "
	  "guarded stack is killed by SIGSEGV (with CLONE_THREAD the whole process dies); "
	  "without a guard it writes over whatever lies below, silently. Sizes run from 4k to "
	  "256m (\"stack 16k\", \"stack guard off\"); \"fn recurse DEPTH\" uses the stack on "
	  "purpose." },
	{ "exit", NULL, "the exit signal and waiting",
	  "When a child ends, the kernel sends its parent the exit signal: the low byte of "
	  "clone()'s flags or clone3's exit_signal, SIGCHLD for a fork-like child, nothing with "
	  "\"signal none\". A child with any other exit signal is a clone child: plain waitpid() "
	  "does not see it and __WALL or __WCLONE is needed, which is why the lab always waits "
	  "with __WALL. A CLONE_THREAD child cannot be waited for at all: its end is learnt "
	  "through CLONE_CHILD_CLEARTID (the kernel clears a word and wakes a futex), a pidfd or "
	  "/proc. The exit signal is an ordinary signal: one the parent neither handles nor "
	  "blocks, such as SIGUSR1, takes its default action and kills the parent." },
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
	  "mangled. That is why every "
	  "clonesh function but seed-hello makes raw system calls only." },
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

static const struct topic *
topic_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(explain_topics); i++) {
		const struct topic *t = &explain_topics[i];
		if (strcasecmp(t->name, name) == 0 || (t->alias && strcasecmp(t->alias, name) == 0))
			return t;
	}
	return NULL;
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
	for (size_t i = 0; i < ARRAY_SIZE(explain_topics); i++) {
		CONSIDER(explain_topics[i].name);
		if (explain_topics[i].alias)
			CONSIDER(explain_topics[i].alias);
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
	for (size_t i = 0; i < ARRAY_SIZE(explain_topics); i++)
		out_printf(s->out, " %s", explain_topics[i].name);
	out_printf(s->out, "\n");
}

/* 0 when explain has something to say about what, else -1. */
static int
explain_known(const char *what)
{
	if (strcasecmp(what, "flags") == 0 || strcasecmp(what, "functions") == 0 ||
	    strcasecmp(what, "presets") == 0)
		return 0;
	return topic_find(what) || flags_find(what) || funcs_find(what) ||
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

int
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
	const struct topic *t = topic_find(what);
	const struct clone_flag *f = flags_find(what);
	const struct child_func *fn = funcs_find(what);
	const struct preset *p = experiment_find_preset(what);
	int shown = 0;
	if (f) {
		explain_flag(s, f);
		shown++;
	}
	if (t) {
		if (shown++)
			out_printf(s->out, "\n");
		out_printf(s->out, "%s: %s\n", t->name, t->title);
		cmd_print_wrapped(s->out, "  ", t->text);
		if (strcmp(t->name, "tls") == 0) {
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
	if (i >= ARRAY_SIZE(explain_topics))
		return NULL;
	*alias = explain_topics[i].alias;
	return explain_topics[i].name;
}
