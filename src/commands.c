#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "experiment.h"
#include "flags.h"
#include "funcs.h"
#include "kernel.h"
#include "lab.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "util.h"

#define WRAP_WIDTH 76

static const struct command *cmd_self(const char *name);

static int
cmd_error(struct session *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int
cmd_error(struct session *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	out_error(s->out, "%s", msg);
	return -1;
}

/* Reports a message from a parser, adding "name: " unless it names itself. */
static int
cmd_fail(struct session *s, const char *name, const char *msg)
{
	size_t n = strlen(name);

	if (strncmp(msg, name, n) == 0 && msg[n] == ':')
		return cmd_error(s, "%s", msg);
	return cmd_error(s, "%s: %s", name, msg);
}

static int
cmd_too_many(struct session *s, const char *name)
{
	const struct command *c = cmd_self(name);

	return cmd_error(s, "%s: too many arguments (usage: %s%s%s)", name, name,
	    *c->args ? " " : "", c->args);
}

/* Prints text as a paragraph, indented and wrapped at WRAP_WIDTH columns. */
static void
print_wrapped(struct output *out, const char *indent, const char *text)
{
	size_t col = 0;
	size_t ind = strlen(indent);
	const char *p = text;

	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t w = strcspn(p, " ");
		if (col > 0 && col + 1 + w > WRAP_WIDTH) {
			out_printf(out, "\n");
			col = 0;
		}
		if (col == 0) {
			out_printf(out, "%s", indent);
			col = ind;
		} else {
			out_printf(out, " ");
			col++;
		}
		out_write(out, p, w);
		col += w;
		p += w;
	}
	if (col > 0)
		out_printf(out, "\n");
}

static const char *
errno_name(int e)
{
	static char buf[32];

	switch (e) {
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case E2BIG: return "E2BIG";
	case EBADF: return "EBADF";
	case EEXIST: return "EEXIST";
	case ENOSPC: return "ENOSPC";
	case EBUSY: return "EBUSY";
	case EACCES: return "EACCES";
	case ENOMEM: return "ENOMEM";
	case EAGAIN: return "EAGAIN";
	case ENOSYS: return "ENOSYS";
	}
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

/* "write-global 42" */
static const char *
fn_describe(const struct experiment *e, char *buf, size_t len)
{
	if (!e->fn) {
		str_copy(buf, "none", len);
		return buf;
	}
	str_copy(buf, e->fn->name, len);
	for (int i = 0; i < e->argc; i++) {
		const char *a = e->argv[i];
		bool plain = *a && strpbrk(a, " \t\"'\\;#") == NULL;
		str_append(buf, len, plain ? " %s" : " \"%s\"", a);
	}
	return buf;
}

/* The one-line state: "CLONE_VM|SIGCHLD, clone, stack 64k, fn hello" */
static void
print_config_line(struct session *s, const char *what)
{
	char fl[512], sz[32], fn[FN_MAX_ARGS * FN_ARG_LEN + 64];
	const struct experiment *e = &s->cfg;

	if (s->json)
		return;
	out_printf(s->out, "%s: %s, %s, stack %s%s, fn %s\n", what,
	    flags_format(e->flags, e->exit_signal, fl, sizeof(fl)), variant_name(e->variant),
	    size_format(e->stack_size, sz, sizeof(sz)), e->guard ? "" : " (no guard)",
	    fn_describe(e, fn, sizeof(fn)));
}

/* A rendering that may or may not end its line: make sure it does. */
static void
print_line_of(struct output *out, const struct observation *o,
    void (*render)(const struct observation *, struct output *))
{
	struct output_buffer b;
	struct output bo;

	output_init_buffer(&bo, &b);
	render(o, &bo);
	if (b.len)
		out_write(out, b.buf, b.len);
	if (b.len == 0 || b.buf[b.len - 1] != '\n')
		out_write(out, "\n", 1);
	output_buffer_free(&b);
}

/* --- flags ------------------------------------------------------------------ */

static void
flags_show(struct session *s)
{
	const struct experiment *e = &s->cfg;
	char buf[512];

	out_printf(s->out, "flags: %s\n", flags_format(e->flags, e->exit_signal, buf, sizeof(buf)));
	if (e->flags == 0)
		out_printf(s->out, "  (no flags: the child gets a copy of everything, as with fork)\n");
	for (size_t i = 0; i < flags_count; i++)
		if (e->flags & flags_table[i].value)
			out_printf(s->out, "  %-22s %s\n", flags_table[i].name, flags_table[i].meaning);
	out_printf(s->out, "  %-22s %s\n", "exit signal", signal_name(e->exit_signal, buf,
	    sizeof(buf)));
	out_printf(s->out, "  %-22s %s\n", "variant", e->variant == VARIANT_CLONE3 ?
	    "clone3 (raw clone3 with struct clone_args)" : "clone (glibc's clone() wrapper)");
}

/* Looks one flag word up; reports and returns NULL when it is unknown. */
static const struct clone_flag *
flags_word(struct session *s, const char *word)
{
	const struct clone_flag *f = flags_find(word);
	char near[128];

	if (f)
		return f;
	if (strncasecmp(word, "SIG", 3) == 0 && signal_parse(word) > 0) {
		cmd_error(s, "flags: %s is an exit signal, not a flag (set it with \"signal %s\")",
		    word, word);
		return NULL;
	}
	flags_suggest(word, near, sizeof(near));
	if (*near)
		cmd_error(s, "flags: unknown flag \"%s\" (did you mean %s? \"explain flags\" lists "
		    "them)", word, near);
	else
		cmd_error(s, "flags: unknown flag \"%s\" (\"explain flags\" lists them)", word);
	return NULL;
}

static int
cmd_flags(struct session *s, int argc, char **argv)
{
	enum { MAX_TOKENS = 128 };
	char text[1024];
	char *tokens[MAX_TOKENS];
	int ntok = 0;
	bool replace = false;

	if (argc == 1) {
		flags_show(s);
		return 0;
	}
	/* Words may also be joined with '|' or ',' as strace prints them. */
	text[0] = '\0';
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		if (i == 1 && w[0] == '=') {
			replace = true;
			w++;
		}
		str_append(text, sizeof(text), "%s ", w);
	}
	for (char *save = NULL, *t = strtok_r(text, " |,", &save); t;
	    t = strtok_r(NULL, " |,", &save)) {
		if (ntok == MAX_TOKENS)
			return cmd_error(s, "flags: too many flags at once (at most %d)", MAX_TOKENS);
		tokens[ntok++] = t;
	}

	int nsigned = 0, nbare = 0;
	for (int i = 0; i < ntok; i++) {
		if (tokens[i][0] == '+' || tokens[i][0] == '-')
			nsigned++;
		else
			nbare++;
	}
	if (!replace && nbare > 0 && nsigned > 0)
		return cmd_error(s, "flags: a mix of bare and +/- words (\"flags +vm -files\" edits, "
		    "\"flags = vm files\" replaces)");
	if (nbare > 0)
		replace = true;

	uint64_t set = replace ? 0 : s->cfg.flags;
	for (int i = 0; i < ntok; i++) {
		const char *w = tokens[i];
		char sign = '+';
		if (*w == '+' || *w == '-')
			sign = *w++;
		if (strcasecmp(w, "none") == 0 && (replace || sign == '-')) {
			if (sign == '-')
				set = 0;
			continue;
		}
		if (replace && sign == '-')
			return cmd_error(s, "flags: \"-%s\" in a replacement (\"flags = vm files\" "
			    "names the whole set)", w);
		if (!*w)
			return cmd_error(s, "flags: \"%c\" needs a flag name after it (try %cvm)",
			    sign, sign);
		const struct clone_flag *f = flags_word(s, w);
		if (!f)
			return -1;
		if (sign == '+')
			set |= f->value;
		else
			set &= ~f->value;
	}
	s->cfg.flags = set;
	if (!s->json) {
		char buf[512];
		out_printf(s->out, "flags: %s\n", flags_format(set, s->cfg.exit_signal, buf,
		    sizeof(buf)));
		if (s->cfg.variant == VARIANT_CLONE)
			for (size_t i = 0; i < flags_count; i++)
				if ((set & flags_table[i].value) && (flags_table[i].attrs & FLAG_CLONE3_ONLY))
					out_printf(s->out, "note: %s needs clone3 (\"variant clone3\")\n",
					    flags_table[i].name);
	}
	return 0;
}

/* --- settings ---------------------------------------------------------------- */

static void
presets_list(struct session *s)
{
	for (size_t i = 0; i < experiment_npresets; i++)
		out_printf(s->out, "  %-10s %s\n", experiment_presets[i].name,
		    experiment_presets[i].summary);
}

static int
cmd_preset(struct session *s, int argc, char **argv)
{
	char err[512];

	if (argc == 1) {
		presets_list(s);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "preset");
	if (experiment_apply_preset(&s->cfg, argv[1], err, sizeof(err)) < 0)
		return cmd_fail(s, "preset", err);
	char what[64];
	snprintf(what, sizeof(what), "preset %s", experiment_find_preset(argv[1])->name);
	print_config_line(s, what);
	return 0;
}

static int
cmd_signal(struct session *s, int argc, char **argv)
{
	char buf[32];

	if (argc == 1) {
		out_printf(s->out, "signal: %s\n", signal_name(s->cfg.exit_signal, buf, sizeof(buf)));
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "signal");
	int sig = signal_parse(argv[1]);
	if (sig < 0)
		return cmd_error(s, "signal: \"%s\" is not a signal (try SIGCHLD, SIGUSR1, 17, "
		    "or none; 1 to 64)", argv[1]);
	s->cfg.exit_signal = sig;
	if (!s->json)
		out_printf(s->out, "signal: %s\n", signal_name(sig, buf, sizeof(buf)));
	return 0;
}

static int
cmd_variant(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		out_printf(s->out, "variant: %s\n", variant_name(s->cfg.variant));
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "variant");
	if (strcasecmp(argv[1], variant_name(VARIANT_CLONE)) == 0)
		s->cfg.variant = VARIANT_CLONE;
	else if (strcasecmp(argv[1], variant_name(VARIANT_CLONE3)) == 0)
		s->cfg.variant = VARIANT_CLONE3;
	else
		return cmd_error(s, "variant: \"%s\" is not a variant (clone or clone3)", argv[1]);
	if (!s->json)
		out_printf(s->out, "variant: %s\n", variant_name(s->cfg.variant));
	return 0;
}

static void
stack_show(struct session *s)
{
	char sz[32];

	out_printf(s->out, "stack: %s, guard %s\n", size_format(s->cfg.stack_size, sz, sizeof(sz)),
	    s->cfg.guard ? "on" : "off");
}

static int
cmd_stack(struct session *s, int argc, char **argv)
{
	char err[256];

	if (argc == 1) {
		stack_show(s);
		return 0;
	}
	if (strcasecmp(argv[1], "guard") == 0) {
		if (argc == 2)
			return cmd_error(s, "stack: guard needs on or off (usage: stack guard on|off)");
		if (argc > 3)
			return cmd_too_many(s, "stack");
		if (strcasecmp(argv[2], "on") == 0)
			s->cfg.guard = true;
		else if (strcasecmp(argv[2], "off") == 0)
			s->cfg.guard = false;
		else
			return cmd_error(s, "stack: guard is on or off, not \"%s\"", argv[2]);
	} else {
		size_t size;
		if (argc > 2)
			return cmd_too_many(s, "stack");
		if (size_parse(argv[1], &size, err, sizeof(err)) < 0)
			return cmd_fail(s, "stack", err);
		s->cfg.stack_size = size;
	}
	if (!s->json)
		stack_show(s);
	return 0;
}

static int
cmd_timeout(struct session *s, int argc, char **argv)
{
	const double lo = TIMEOUT_MIN_MS / 1000.0, hi = TIMEOUT_MAX_MS / 1000.0;

	if (argc == 1) {
		out_printf(s->out, "timeout: %g s\n", s->cfg.timeout_ms / 1000.0);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "timeout");
	char *end;
	errno = 0;
	double v = strtod(argv[1], &end);
	if (end != argv[1] && *end == 's' && end[1] == '\0')
		end++;
	if (end == argv[1] || *end || errno == ERANGE || !isfinite(v) || argv[1][0] == ' ')
		return cmd_error(s, "timeout: \"%s\" is not a number of seconds (%g to %g)",
		    argv[1], lo, hi);
	if (v < lo || v > hi)
		return cmd_error(s, "timeout: %s is out of range (%g to %g seconds)", argv[1], lo, hi);
	s->cfg.timeout_ms = (int)(v * 1000.0 + 0.5);
	if (!s->json)
		out_printf(s->out, "timeout: %g s\n", s->cfg.timeout_ms / 1000.0);
	return 0;
}

static int
cmd_reset(struct session *s, int argc, char **argv)
{
	if (argc > 1)
		return cmd_too_many(s, "reset");
	experiment_init(&s->cfg);
	print_config_line(s, "reset");
	return 0;
}

/* --- functions ----------------------------------------------------------- */

static void
functions_list(struct session *s)
{
	size_t width = 0;

	for (size_t i = 0; i < funcs_count; i++) {
		size_t w = strlen(funcs_table[i].name) + 1 + strlen(funcs_table[i].usage);
		if (w > width)
			width = w;
	}
	for (size_t i = 0; i < funcs_count; i++) {
		char head[128];
		snprintf(head, sizeof(head), "%s %s", funcs_table[i].name, funcs_table[i].usage);
		out_printf(s->out, "  %-*s  %s\n", (int)width, head, funcs_table[i].summary);
	}
}

static int
cmd_functions(struct session *s, int argc, char **argv)
{
	if (argc > 1)
		return cmd_too_many(s, "functions");
	functions_list(s);
	return 0;
}

static int
cmd_fn(struct session *s, int argc, char **argv)
{
	char err[512], buf[FN_MAX_ARGS * FN_ARG_LEN + 64];

	if (argc == 1) {
		out_printf(s->out, "fn: %s\n", fn_describe(&s->cfg, buf, sizeof(buf)));
		return 0;
	}
	if (experiment_set_fn(&s->cfg, argv[1], argc - 2, argv + 2, err, sizeof(err)) < 0)
		return cmd_fail(s, "fn", err);
	if (!s->json)
		out_printf(s->out, "fn: %s\n", fn_describe(&s->cfg, buf, sizeof(buf)));
	return 0;
}

/* --- spawn, show, report ------------------------------------------------------- */

static int
cmd_spawn(struct session *s, int argc, char **argv)
{
	bool force = false;
	int i = 1;
	char err[512];

	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
		if (strcmp(argv[i], "--force") == 0)
			force = true;
		else
			return cmd_error(s, "spawn: unknown option \"%s\" (usage: spawn [--force] "
			    "[NAME [ARGS]])", argv[i]);
	}
	/* All or nothing: a refused spawn leaves the function as it was. */
	struct experiment next = s->cfg;
	if (i < argc && experiment_set_fn(&next, argv[i], argc - i - 1, argv + i + 1, err,
	    sizeof(err)) < 0) {
		if (str_prefix(err, "fn:"))
			return cmd_error(s, "%s", err);
		return cmd_fail(s, "spawn", err);
	}

	const struct experiment *e = &next;
	if (e->fn && strcmp(e->fn->name, "sethostname") == 0 && !(e->flags & CLONE_NEWUTS))
		return cmd_error(s, "spawn: sethostname would change this machine's hostname; add "
		    "newuts (CLONE_NEWUTS) so the child has its own");
	const struct flags_rule *r = flags_validate(e, kernel_get());
	if (r && r->err == 0)
		return cmd_error(s, "spawn: %s; fix: %s", r->text, r->fix);
	if (r && !force)
		return cmd_error(s, "spawn: %s (kernel would return %s); fix: %s; or \"spawn --force\" "
		    "to send it anyway", r->text, errno_name(r->err), r->fix);
	s->cfg = next;
	e = &s->cfg;

	struct observation *o = malloc(sizeof(*o));
	if (!o)
		return cmd_error(s, "spawn: could not start the lab: %s", strerror(ENOMEM));
	observation_init(o);
	unsigned int number = s->nexperiments + 1;
	o->number = number;
	out_flush(s->out);
	if (lab_run(e, force, &s->hooks, o) < 0) {
		int saved = errno;
		free(o);
		return cmd_error(s, "spawn: could not start the lab: %s", strerror(saved));
	}
	s->nexperiments = number;
	o->number = number;
	free(s->last);
	s->last = o;
	if (s->json)
		print_line_of(s->out, o, observation_json);
	else
		print_line_of(s->out, o, observation_summary);
	return 0;
}

static int
need_observation(struct session *s, const char *name)
{
	if (s->last)
		return 0;
	return cmd_error(s, "%s: nothing to show yet (run \"spawn\" first)", name);
}

static void
sections_list(char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; observation_sections[i]; i++)
		str_append(buf, len, "%s, ", observation_sections[i]);
	str_append(buf, len, "all");
}

static int
cmd_show(struct session *s, int argc, char **argv)
{
	const char *section = argc > 1 ? argv[1] : "all";

	if (argc > 2)
		return cmd_too_many(s, "show");
	if (!observation_section_valid(section)) {
		char list[256];
		sections_list(list, sizeof(list));
		return cmd_error(s, "show: unknown section \"%s\" (%s)", section, list);
	}
	if (need_observation(s, "show") < 0)
		return -1;
	observation_show(s->last, section, s->out);
	return 0;
}

static int
cmd_report(struct session *s, int argc, char **argv)
{
	bool json = false;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else
			return cmd_error(s, "report: unknown argument \"%s\" (usage: report [--json])",
			    argv[i]);
	}
	if (need_observation(s, "report") < 0)
		return -1;
	if (json)
		print_line_of(s->out, s->last, observation_json);
	else
		observation_show(s->last, "all", s->out);
	return 0;
}

/* --- explain -------------------------------------------------------------- */

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
	  "bits wide, so only clone3 can pass CLONE_CLEAR_SIGHAND and CLONE_INTO_CGROUP, and on "
	  "this kernel it also accepts CLONE_NEWTIME. The exit signal has its own field (0 to 64), "
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
	  "errno, malloc's per-thread caches and stdio's state live in a per-thread block that "
	  "the thread pointer (the FS base on x86-64) points at. A clone child keeps its "
	  "parent's thread pointer unless CLONE_SETTLS gives it a new one. With its own address "
	  "space that is harmless: the pointer leads into the child's copy. A CLONE_VM child "
	  "without CLONE_SETTLS runs on the parent's very block: its failing system calls set "
	  "the parent's errno, and malloc or printf in both at once can corrupt the heap or "
	  "lose output, since glibc believes there is a single thread. That is why every "
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
	out_printf(s->out, "%s (%s): %#" PRIx64 ", since Linux %s%s%s\n", f->name, f->short_name,
	    f->value, f->since, f->attrs & FLAG_CLONE3_ONLY ? ", clone3 only" : "",
	    f->attrs & FLAG_NAMESPACE ? ", needs CAP_SYS_ADMIN or newuser" : "");
	print_wrapped(s->out, "  ", f->meaning);
	print_wrapped(s->out, "  ", f->explain);
}

static void
explain_function(struct session *s, const struct child_func *f)
{
	out_printf(s->out, "function %s%s%s: %s\n", f->name, *f->usage ? " " : "", f->usage,
	    f->summary);
	out_printf(s->out, "  touches: %s\n", f->touches);
	print_wrapped(s->out, "  ", f->explain);
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
		CONSIDER(funcs_table[i].name);
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

static int
cmd_explain(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		explain_guide(s);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "explain");

	const char *what = argv[1];
	if (strcasecmp(what, "flags") == 0) {
		flags_list(s);
		return 0;
	}
	if (strcasecmp(what, "functions") == 0) {
		functions_list(s);
		return 0;
	}
	if (strcasecmp(what, "presets") == 0) {
		presets_list(s);
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
		print_wrapped(s->out, "  ", t->text);
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

	const char *near = explain_nearest(what);
	if (near)
		return cmd_error(s, "explain: unknown topic \"%s\" (did you mean %s? a topic is a flag, "
		    "a function, a preset, a resource such as vm or stack, or flags, functions, "
		    "presets)", what, near);
	return cmd_error(s, "explain: unknown topic \"%s\" (a topic is a flag, a function, a "
	    "preset, a resource such as vm or stack, or flags, functions, presets)", what);
}

/* --- help, quit ------------------------------------------------------------ */

static void
help_all(struct session *s)
{
	enum { COLUMN = 30 };

	for (size_t i = 0; i < commands_count; i++) {
		const struct command *c = &commands_table[i];
		char head[128];
		snprintf(head, sizeof(head), "%s%s%s", c->name, *c->args ? " " : "", c->args);
		if (strlen(head) > COLUMN)
			out_printf(s->out, "  %s\n  %-*s  %s\n", head, COLUMN, "", c->summary);
		else
			out_printf(s->out, "  %-*s  %s\n", COLUMN, head, c->summary);
	}
	out_printf(s->out, "Separate commands with ; or newlines; # starts a comment. A unique "
	    "prefix\nof a command is enough. \"help COMMAND\" tells more, \"explain clone\" "
	    "where to start.\n");
}

static int
cmd_help(struct session *s, int argc, char **argv)
{
	char err[512];

	if (argc == 1) {
		help_all(s);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "help");
	const struct command *c = commands_find(argv[1], err, sizeof(err));
	if (!c)
		return cmd_fail(s, "help", err);
	out_printf(s->out, "usage: %s%s%s\n", c->name, *c->args ? " " : "", c->args);
	if (c->alias)
		out_printf(s->out, "alias: %s\n", c->alias);
	out_printf(s->out, "%s\n", c->summary);
	print_wrapped(s->out, "  ", c->help);
	return 0;
}

static int
cmd_quit(struct session *s, int argc, char **argv)
{
	if (argc > 1)
		return cmd_too_many(s, "quit");
	s->quit = true;
	return 0;
}

/* --- the table ---------------------------------------------------------------- */

const struct command commands_table[] = {
	{ "flags", NULL, "[[+|-]FLAG... | none]", "show or change the clone flags",
	  "Without arguments, shows the flags of the next experiment with their meaning, the exit "
	  "signal and the variant. \"flags +vm +files -sighand\" adds and removes flags; \"flags "
	  "= vm files\" (or just \"flags vm files\") replaces the whole set; \"flags none\" clears "
	  "it. A flag is named by its kernel name or its short name, in any case: CLONE_VM, "
	  "clone_vm, vm. Words may also be joined with | as strace prints them. An edit with one "
	  "unknown flag changes nothing. \"explain flags\" lists every flag.",
	  COMPLETE_FLAGS, cmd_flags },
	{ "preset", NULL, "[NAME]", "set flags, signal and variant as a known call does",
	  "Without arguments, lists the presets. \"preset fork\" is a copy as fork() makes it, "
	  "\"preset vfork\" shares the memory and suspends the parent, \"preset thread\" passes "
	  "exactly what glibc's pthread_create does, \"preset container\" makes every namespace "
	  "with a user namespace to allow it, \"preset seed\" repeats the seed article's call. A "
	  "preset sets the variant, the flags and the exit signal, and some also the stack and "
	  "the function.",
	  COMPLETE_PRESET, cmd_preset },
	{ "signal", NULL, "[SIG|none]", "show or set the exit signal",
	  "The exit signal is what the kernel sends the parent when the child ends: SIGCHLD for "
	  "a fork-like child (the default), none for no signal at all. A signal is a name with "
	  "or without SIG (SIGUSR1, usr1), a number from 1 to 64, or SIGRTMIN+N. Any signal but "
	  "SIGCHLD makes a clone child, which plain waitpid() does not see.",
	  COMPLETE_SIGNAL, cmd_signal },
	{ "variant", NULL, "[clone|clone3]", "show or choose clone() or clone3()",
	  "\"variant clone\" calls glibc's clone() wrapper, whose int flags carry the exit signal "
	  "in their low byte; \"variant clone3\" makes the clone3 system call with a struct "
	  "clone_args, the only way to pass CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP and "
	  "CLONE_NEWTIME.",
	  COMPLETE_VARIANT, cmd_variant },
	{ "stack", NULL, "[SIZE | guard on|off]", "show or set the child's stack",
	  "\"stack 16k\" sets the size of the stack the child runs on: a whole number of 4k "
	  "pages, with k, m or g for KiB, MiB, GiB, from 4k to 256m. \"stack guard off\" removes "
	  "the PROT_NONE page below the stack, so an overflow silently corrupts the memory below "
	  "instead of killing the child with SIGSEGV. Without arguments, shows both.",
	  COMPLETE_STACK, cmd_stack },
	{ "fn", NULL, "[NAME [ARGS]]", "show or choose the child's function",
	  "\"fn write-global 42\" makes the child run write-global with the argument 42 in the "
	  "next experiment. Missing optional arguments take their defaults. \"functions\" lists "
	  "every function with its arguments; \"explain NAME\" tells what one does.",
	  COMPLETE_FUNCTION, cmd_fn },
	{ "functions", NULL, "", "list the functions a child can run",
	  "Lists the child functions, one a line: name, arguments, and what it does. Every "
	  "function but seed-hello uses raw system calls only, so it is safe in a child that "
	  "shares its parent's memory.",
	  COMPLETE_NONE, cmd_functions },
	{ "spawn", "run", "[--force] [NAME [ARGS]]", "run the experiment and show what it shared",
	  "Runs the experiment in a fresh lab process, the child's parent, and prints one line "
	  "of what happened; \"show\" tells the rest. \"spawn NAME ARGS\" first chooses the "
	  "function, as fn does. A flag set the kernel would refuse is stopped with the rule "
	  "and its fix; \"spawn --force\" sends it anyway, so the observation shows the kernel's "
	  "error. Whatever the child does (crash, overflow, hang past the timeout), only the "
	  "lab dies, and every setting stays.",
	  COMPLETE_SPAWN, cmd_spawn },
	{ "show", NULL, "[SECTION]", "show the last observation",
	  "Prints what the last experiment showed, measured from the kernel: all of it, or one "
	  "section (ids, memory, fds, signals, fs, ns, stack, exit; all is every section).",
	  COMPLETE_SECTION, cmd_show },
	{ "report", NULL, "[--json]", "print the last observation in full, or as JSON",
	  "\"report\" prints every section of the last observation. \"report --json\" prints it "
	  "as one JSON object on one line, for scripts; doc/observation.md documents its "
	  "fields.",
	  COMPLETE_REPORT, cmd_report },
	{ "explain", NULL, "[TOPIC]", "explain a flag, function, preset or resource",
	  "\"explain CLONE_VM\" (or vm) explains a flag, \"explain open-fd\" a function, "
	  "\"explain thread\" a preset, \"explain stack\" a resource (vm, files, fs, sighand, "
	  "ids, ns, stack, exit, tls), \"explain clone\" the system call itself. \"explain "
	  "flags\", \"explain functions\" and \"explain presets\" list them.",
	  COMPLETE_TOPIC, cmd_explain },
	{ "timeout", NULL, "[SECONDS]", "show or set how long an experiment may run",
	  "After this many seconds (0.1 to 600, default 5) the lab is killed and the "
	  "observation says the experiment timed out.",
	  COMPLETE_TIMEOUT, cmd_timeout },
	{ "reset", NULL, "", "go back to the default settings",
	  "Resets the flags, exit signal, variant, stack, function and timeout to their "
	  "defaults: a fork-like child running hello. The last observation stays for show and "
	  "report.",
	  COMPLETE_NONE, cmd_reset },
	{ "help", NULL, "[COMMAND]", "list the commands, or tell more about one",
	  "Without arguments, lists every command. \"help spawn\" shows its usage and what it "
	  "does.",
	  COMPLETE_COMMAND, cmd_help },
	{ "quit", "exit", "", "leave clonesh",
	  "Leaves clonesh; end of input (Ctrl-D) does the same. In a script, stops it with "
	  "success.",
	  COMPLETE_NONE, cmd_quit },
};

const size_t commands_count = ARRAY_SIZE(commands_table);

static const struct command *
cmd_self(const char *name)
{
	for (size_t i = 0; i < commands_count; i++)
		if (strcmp(commands_table[i].name, name) == 0)
			return &commands_table[i];
	return &commands_table[0];
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const struct command *
commands_find(const char *name, char *err, size_t errlen)
{
	const struct command *match = NULL;
	const char *names[ARRAY_SIZE(commands_table)];
	size_t n = 0, len = strlen(name);

	if (errlen)
		err[0] = '\0';
	for (size_t i = 0; i < commands_count; i++) {
		const struct command *c = &commands_table[i];
		if (strcmp(c->name, name) == 0 || (c->alias && strcmp(c->alias, name) == 0))
			return c;
	}
	for (size_t i = 0; len > 0 && i < commands_count; i++) {
		if (strncmp(commands_table[i].name, name, len) == 0) {
			match = &commands_table[i];
			names[n++] = match->name;
		}
	}
	if (n == 1)
		return match;
	if (n > 1) {
		qsort(names, n, sizeof(names[0]), cmp_str);
		snprintf(err, errlen, "ambiguous command \"%s\":", name);
		for (size_t i = 0; i < n; i++)
			str_append(err, errlen, "%s %s", i ? "," : "", names[i]);
		return NULL;
	}

	const char *best = NULL;
	int bestd = len > 4 ? 3 : len > 2 ? 2 : 1;
	for (size_t i = 0; i < commands_count; i++) {
		const struct command *c = &commands_table[i];
		int d = str_distance(name, c->name);
		if (d < bestd) {
			bestd = d;
			best = c->name;
		}
	}
	if (best)
		snprintf(err, errlen, "unknown command \"%s\" (did you mean %s? \"help\" lists "
		    "commands)", name, best);
	else
		snprintf(err, errlen, "unknown command \"%s\" (\"help\" lists commands)", name);
	return NULL;
}

/* --- completion --------------------------------------------------------------- */

struct completion {
	char **items;
	size_t n, cap, next;
};

static struct completion comp;

static void
comp_clear(void)
{
	for (size_t i = comp.next; i < comp.n; i++)
		free(comp.items[i]);
	free(comp.items);
	memset(&comp, 0, sizeof(comp));
}

/* Adds cand when it extends text (ignoring case) and is not there yet. */
static void
comp_add(const char *text, const char *cand)
{
	if (strncasecmp(cand, text, strlen(text)) != 0)
		return;
	for (size_t i = 0; i < comp.n; i++)
		if (strcmp(comp.items[i], cand) == 0)
			return;
	if (comp.n == comp.cap) {
		size_t cap = comp.cap ? comp.cap * 2 : 32;
		char **items = realloc(comp.items, cap * sizeof(*items));
		if (!items)
			return;
		comp.items = items;
		comp.cap = cap;
	}
	char *copy = strdup(cand);
	if (copy)
		comp.items[comp.n++] = copy;
}

/* The words of the last command in before, at most max of them. */
static int
comp_words(const char *before, char words[][64], int max)
{
	const char *p = strrchr(before, ';');
	int n = 0;

	p = p ? p + 1 : before;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		size_t w = strcspn(p, " \t");
		if (n < max)
			str_copy(words[n], p, w + 1 < 64 ? w + 1 : 64);
		n++;
		p += w;
	}
	return n;
}

static void
comp_signals(const char *text)
{
	char buf[32];

	comp_add(text, "none");
	for (int sig = 1; sig < 32; sig++) {
		signal_name(sig, buf, sizeof(buf));
		if (strncmp(buf, "SIG", 3) == 0 && strchr(buf, '+') == NULL)
			comp_add(text, buf);
	}
}

static void
comp_flag_names(const char *text, const char *sign)
{
	char buf[64];
	const char *name = text + strlen(sign);
	size_t len = strlen(name);
	bool kernel = len >= 2 && strncasecmp(name, "CLONE_", len < 6 ? len : 6) == 0;

	for (size_t i = 0; i < flags_count; i++) {
		snprintf(buf, sizeof(buf), "%s%s", sign, flags_table[i].short_name);
		comp_add(text, buf);
		if (kernel) {
			snprintf(buf, sizeof(buf), "%s%s", sign, flags_table[i].name);
			comp_add(text, buf);
		}
	}
}

/* Arguments of a child function; index counts from 0. */
static void
comp_fn_arg(const char *fname, int index, const char *text)
{
	const struct child_func *f = funcs_find(fname);

	if (!f || index >= f->max_args || index >= FN_MAX_ARGS)
		return;
	switch (f->kinds[index]) {
	case ARG_WORD:
		for (int k = 0; f->words[index] && f->words[index][k]; k++)
			comp_add(text, f->words[index][k]);
		break;
	case ARG_SIGNAL:
		comp_signals(text);
		break;
	case ARG_INT:
	case ARG_OCTAL:
		if (f->defaults[index])
			comp_add(text, f->defaults[index]);
		break;
	default:
		break;
	}
}

static void
comp_build(const char *before, const char *text)
{
	char words[8][64];
	int n = comp_words(before, words, 8);

	if (n == 0) {
		for (size_t i = 0; i < commands_count; i++) {
			comp_add(text, commands_table[i].name);
			if (commands_table[i].alias)
				comp_add(text, commands_table[i].alias);
		}
		return;
	}
	char err[256];
	const struct command *c = commands_find(words[0], err, sizeof(err));
	if (!c)
		return;
	int pos = n;		/* the word being completed is argv[pos] */
	switch (c->completer) {
	case COMPLETE_NONE:
		break;
	case COMPLETE_COMMAND:
		if (pos == 1)
			for (size_t i = 0; i < commands_count; i++)
				comp_add(text, commands_table[i].name);
		break;
	case COMPLETE_FLAGS:
		if (text[0] == '+' || text[0] == '-') {
			char sign[2] = { text[0], '\0' };
			comp_flag_names(text, sign);
			if (text[0] == '-')
				comp_add(text, "-none");
		} else {
			if (pos == 1) {
				comp_add(text, "=");
				comp_add(text, "none");
			}
			comp_flag_names(text, "");
		}
		break;
	case COMPLETE_PRESET:
		if (pos == 1)
			for (size_t i = 0; i < experiment_npresets; i++)
				comp_add(text, experiment_presets[i].name);
		break;
	case COMPLETE_SIGNAL:
		if (pos == 1)
			comp_signals(text);
		break;
	case COMPLETE_VARIANT:
		if (pos == 1) {
			comp_add(text, variant_name(VARIANT_CLONE));
			comp_add(text, variant_name(VARIANT_CLONE3));
		}
		break;
	case COMPLETE_STACK:
		if (pos == 1) {
			static const char *const sizes[] = { "4k", "8k", "16k", "64k", "1m", "guard" };
			for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
				comp_add(text, sizes[i]);
		} else if (pos == 2 && strcasecmp(words[1], "guard") == 0) {
			comp_add(text, "on");
			comp_add(text, "off");
		}
		break;
	case COMPLETE_SPAWN:
	case COMPLETE_FUNCTION: {
		int first = 1;
		if (c->completer == COMPLETE_SPAWN) {
			while (first < n && first < 8 && words[first][0] == '-')
				first++;
			if (pos == first && text[0] == '-') {
				comp_add(text, "--force");
				break;
			}
		}
		if (pos == first) {
			for (size_t i = 0; i < funcs_count; i++)
				comp_add(text, funcs_table[i].name);
		} else if (pos > first && first < 8) {
			comp_fn_arg(words[first], pos - first - 1, text);
		}
		break;
	}
	case COMPLETE_SECTION:
		if (pos == 1)
			for (size_t i = 0; observation_sections[i]; i++)
				comp_add(text, observation_sections[i]);
		if (pos == 1)
			comp_add(text, "all");
		break;
	case COMPLETE_REPORT:
		comp_add(text, "--json");
		break;
	case COMPLETE_TOPIC:
		if (pos != 1)
			break;
		comp_add(text, "flags");
		comp_add(text, "functions");
		comp_add(text, "presets");
		for (size_t i = 0; i < ARRAY_SIZE(explain_topics); i++) {
			comp_add(text, explain_topics[i].name);
			if (explain_topics[i].alias)
				comp_add(text, explain_topics[i].alias);
		}
		comp_flag_names(text, "");
		for (size_t i = 0; i < funcs_count; i++)
			comp_add(text, funcs_table[i].name);
		for (size_t i = 0; i < experiment_npresets; i++)
			comp_add(text, experiment_presets[i].name);
		break;
	case COMPLETE_TIMEOUT:
		break;
	}
}

char *
commands_complete(const char *before, const char *text, int state)
{
	if (state == 0) {
		comp_clear();
		comp_build(before, text);
	}
	if (comp.next < comp.n)
		return comp.items[comp.next++];
	comp_clear();
	return NULL;
}

bool
commands_complete_path(const char *before)
{
	char words[8][64], err[256];
	int n = comp_words(before, words, 8);

	if (n < 2)
		return false;
	const struct command *c = commands_find(words[0], err, sizeof(err));
	if (!c || (c->completer != COMPLETE_FUNCTION && c->completer != COMPLETE_SPAWN))
		return false;
	int first = 1;
	if (c->completer == COMPLETE_SPAWN)
		while (first < n && first < 8 && words[first][0] == '-')
			first++;
	if (first >= n || first >= 8)
		return false;
	const struct child_func *f = funcs_find(words[first]);
	int index = n - first - 1;
	return f && index < f->max_args && index < FN_MAX_ARGS && f->kinds[index] == ARG_PATH;
}
