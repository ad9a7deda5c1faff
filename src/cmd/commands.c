#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "flags.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "util.h"

#define WRAP_WIDTH 76

/* --- the table -------------------------------------------------------------- */

const struct command commands_table[] = {
	{ "flags", NULL, "[[+|-]FLAG... | none]", "show or change the clone flags",
	  "Without arguments, shows the flags of the next experiment with their meaning, the exit "
	  "signal and the variant. \"flags +vm +files -sighand\" adds and removes flags; \"flags "
	  "= vm files\" (or just \"flags vm files\") replaces the whole set; \"flags none\" clears "
	  "it. A flag is named by its kernel name or its short name, in any case: CLONE_VM, "
	  "clone_vm, vm. Words may also be joined with | as strace prints them. An edit with one "
	  "unknown flag changes nothing. \"explain flags\" lists every flag.",
	  COMPLETE_FLAGS, cmd_flags, DRY_SETTINGS },
	{ "preset", NULL, "[NAME]", "set flags, signal and variant as a known call does",
	  "Without arguments, lists the presets. \"preset fork\" is a copy as the fork system "
	  "call makes it, \"preset glibc-fork\" adds the two tid flags glibc's fork() passes, "
	  "\"preset vfork\" shares the memory and suspends the parent, \"preset thread\" passes "
	  "exactly what glibc's pthread_create does, \"preset container\" makes every namespace "
	  "with a user namespace to allow it, \"preset seed\" repeats the seed article's call. A "
	  "preset sets the variant, the flags and the exit signal, and some also the stack and "
	  "the function.",
	  COMPLETE_PRESET, cmd_preset, DRY_SETTINGS },
	{ "signal", NULL, "[SIG|none]", "show or set the exit signal",
	  "The exit signal is what the kernel sends the parent when the child ends: SIGCHLD for "
	  "a fork-like child (the default), none for no signal at all. A signal is a name with "
	  "or without SIG (SIGUSR1, usr1), a number from 1 to 64 (0 is none), or SIGRTMIN+N. Any "
	  "signal but SIGCHLD makes a clone child, which plain waitpid() does not see.",
	  COMPLETE_SIGNAL, cmd_signal, DRY_SETTINGS },
	{ "variant", NULL, "[clone|clone3]", "show or choose clone() or clone3()",
	  "\"variant clone\" calls glibc's clone() wrapper, whose int flags carry the exit signal "
	  "in their low byte; \"variant clone3\" makes the clone3 system call with a struct "
	  "clone_args, the only one of the two that can pass CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP and "
	  "CLONE_NEWTIME.",
	  COMPLETE_VARIANT, cmd_variant, DRY_SETTINGS },
	{ "stack", NULL, "[SIZE | guard on|off]", "show or set the child's stack",
	  "\"stack 16k\" sets the size of the stack the child runs on: a whole number of 4k "
	  "pages, in bytes or with k, K or KiB (1024) or m, M or MiB, from 4k to 256m. \"stack "
	  "guard off\" removes "
	  "the PROT_NONE page below the stack, so an overflow silently corrupts the memory below "
	  "instead of killing the child with SIGSEGV. Without arguments, shows both.",
	  COMPLETE_STACK, cmd_stack, DRY_SETTINGS },
	{ "fn", NULL, "[NAME [ARGS]]", "show or choose the child's function",
	  "\"fn write-global 42\" makes the child run write-global with the argument 42 in the "
	  "next experiment. Missing optional arguments take their defaults. \"functions\" lists "
	  "every function with its arguments; \"explain NAME\" tells what one does.",
	  COMPLETE_FUNCTION, cmd_fn, DRY_SETTINGS },
	{ "functions", NULL, "", "list the functions a child can run",
	  "Lists the child functions, one a line: name, arguments, and what it does. Every "
	  "function but seed-hello uses raw system calls only, so it is safe in a child that "
	  "shares its parent's memory.",
	  COMPLETE_NONE, cmd_functions, DRY_CHECK },
	{ "spawn", "run", "[--force] [-n N] [NAME [ARGS]]", "run the experiment and show what it shared",
	  "Runs the experiment in a fresh lab process, the child's parent, and prints one line "
	  "of what happened; \"show\" tells the rest. \"spawn NAME ARGS\" first chooses the "
	  "function, as fn does. A flag set the kernel would refuse is stopped with the rule "
	  "and its fix; \"spawn --force\" sends it anyway, so the observation shows the kernel's "
	  "error. \"spawn -n 8\" starts 8 children with the same settings (threads of one "
	  "group with CLONE_THREAD; 1 to 1024; not with CLONE_VFORK or CLONE_PARENT); the first is "
	  "measured in full and \"show children\" lists them all. Whatever the child does "
	  "(crash, overflow, hang past the timeout), only the lab dies, and every setting stays.",
	  COMPLETE_SPAWN, cmd_spawn, DRY_SPAWN },
	{ "kill", NULL, "", "end the running experiment (also Ctrl-C)",
	  "Ends the experiment that is running now: the lab is killed with its child, and the "
	  "observation says the experiment was interrupted. Ctrl-C does the same. In the pane, "
	  "a line typed while an experiment runs waits until it ends, but kill runs at once.",
	  COMPLETE_NONE, cmd_kill, DRY_CHECK },
	{ "show", NULL, "[SECTION]", "show the last observation",
	  "Prints what the last experiment showed, measured from the kernel: all of it, or one "
	  "section (clone, ids, children, memory, fds, signals, fs, ns, stack, exit; all is every "
	  "section).",
	  COMPLETE_SECTION, cmd_show, DRY_CHECK },
	{ "report", NULL, "[--json]", "print the last observation in full, or as JSON",
	  "\"report\" prints every section of the last observation. \"report --json\" prints it "
	  "as one JSON object on one line, for scripts; doc/observation.md documents its "
	  "fields.",
	  COMPLETE_REPORT, cmd_report, DRY_CHECK },
	{ "explain", NULL, "[TOPIC]", "explain a flag, function, preset or resource",
	  "\"explain CLONE_VM\" (or vm) explains a flag, \"explain open-fd\" a function, "
	  "\"explain thread\" a preset, \"explain stack\" a resource (vm, files, fs, sighand, "
	  "ids, ns, stack, exit, tls), \"explain clone\" the system call itself. \"explain "
	  "flags\", \"explain functions\" and \"explain presets\" list them.",
	  COMPLETE_TOPIC, cmd_explain, DRY_CHECK },
	{ "timeout", NULL, "[SECONDS]", "show or set how long an experiment may run",
	  "After this many seconds (0.1 to 600, default 5) the lab is killed and the "
	  "observation says the experiment timed out.",
	  COMPLETE_TIMEOUT, cmd_timeout, DRY_SETTINGS },
	{ "lab", NULL, "[user [NAME|UID|root|unprivileged]]", "show or choose the user the lab runs as",
	  "\"lab user nobody\" makes the next experiments' lab (the parent) become that user, its "
	  "uid, its group and no supplementary groups, before it calls clone(), so the child "
	  "starts as that user too; clonesh itself does not change. Only root can choose another "
	  "user; a learner who is not root already runs the lab unprivileged. \"lab user "
	  "unprivileged\" is nobody when clonesh is root and the learner's own user otherwise, so a "
	  "lesson can ask for it on any machine; \"lab user root\" (or reset) goes back to "
	  "clonesh's own user. Without a name, shows the lab's user.",
	  COMPLETE_LAB, cmd_lab, DRY_SETTINGS },
	{ "step", NULL, "[on|off]", "pause at each phase of an experiment (for teaching)",
	  "In step mode each phase of the next experiment (before clone, child started, child "
	  "acted, child exited) waits for Enter or Space, so a teacher can talk over it; the "
	  "child is held still meanwhile, and the timeout does not count the pauses. Step mode "
	  "needs an interactive terminal. Without arguments, shows whether it is on.",
	  COMPLETE_ON_OFF, cmd_step, DRY_SETTINGS },
	{ "reset", NULL, "", "go back to the default settings",
	  "Resets the flags, exit signal, variant, stack, function and timeout to their "
	  "defaults: a fork-like child running hello. The last observation stays for show and "
	  "report.",
	  COMPLETE_NONE, cmd_reset, DRY_SETTINGS },
	{ "pane", NULL, "[on|off]", "show or switch the ncurses pane",
	  "\"pane off\" leaves the ncurses pane for the plain line-by-line front end, \"pane "
	  "on\" goes back, without leaving clonesh or losing any setting. Switching needs an "
	  "interactive terminal. Without arguments, shows which front end is in use.",
	  COMPLETE_ON_OFF, cmd_pane, DRY_CHECK },
	{ "clear", NULL, "", "redraw the pane (also Ctrl-L)",
	  "Repaints the whole pane from scratch, as Ctrl-L does, when something scribbled on the "
	  "terminal or a projector garbled it; the output and the settings stay. Without the pane "
	  "(the plain front end, a script) it does nothing.",
	  COMPLETE_NONE, cmd_clear, DRY_CHECK },
	{ "why", NULL, "", "tie each observed difference to its cause",
	  "After an experiment, explains every row of the observation: what was shared or copied, "
	  "the flag behind it (or its absence), the kernel rule at work and the measurement that "
	  "showed it; and says when the kernel surprised the validator.",
	  COMPLETE_NONE, cmd_why, DRY_CHECK },
	{ "predict", NULL, "[FIELD=VALUE... | clear]", "predict the next experiment, to be graded",
	  "\"predict vm=shared files=copied global=42 exit=0\" records what you expect the next "
	  "spawn to show; after it, each prediction is graded against the kernel (right, or wrong "
	  "with the truth and the reason) and a running score is kept. Fields are the words of "
	  "the observation: vm, files, fs, sighand, io, sysvsem, global, heap, exit, signal, "
	  "pid, uts, ... or any path of report --json. Without arguments, shows the pending "
	  "predictions and the score.",
	  COMPLETE_PREDICT, cmd_predict, DRY_CHECK },
	{ "code", NULL, "[--unshare] [FILE]", "print the experiment as a C program",
	  "Prints (or writes to FILE) a standalone C program that makes the same experiment: "
	  "the same variant, flags, exit signal, stack (mmap'd with a guard page), child function "
	  "and waiting, printing what it observes. It compiles with gcc -Wall -Wextra -Werror. "
	  "\"code --unshare\" prints the unshare(1) command line that makes the same namespaces, "
	  "when only namespace flags are set.",
	  COMPLETE_CODE, cmd_code, DRY_CHECK },
	{ "drill", NULL, "[--seed N] [--level easy|hard] [--answers]", "a random experiment to predict",
	  "Picks a random valid flag set and child function, asks for predictions (answer with "
	  "predict), spawns, grades and explains. --seed N makes the same drill again; --answers "
	  "shows the answers without asking.",
	  COMPLETE_DRILL, cmd_drill, DRY_CHECK },
	{ "history", NULL, "", "list the session's experiments",
	  "Lists the experiments of this session: number, settings and a one-line outcome.",
	  COMPLETE_NONE, cmd_history, DRY_CHECK },
	{ "compare", NULL, "A B", "show two experiments side by side",
	  "Shows experiments A and B (numbers from history) side by side, the differences "
	  "marked.",
	  COMPLETE_NONE, cmd_compare, DRY_CHECK },
	{ "undo", NULL, "", "take back the last change of settings",
	  "Takes back the last command that changed the settings (flags, stack, fn, ...); redo "
	  "makes it again.",
	  COMPLETE_NONE, cmd_undo, DRY_CHECK },
	{ "redo", NULL, "", "make again the change undo took back",
	  "Makes again the settings change that undo took back.",
	  COMPLETE_NONE, cmd_redo, DRY_CHECK },
	{ "projector", NULL, "[on|off|light]", "show or switch projector mode, for a class",
	  "Projector mode lays the pane out for an 80x24 terminal zoomed on a projector: fewer and "
	  "larger elements, the three resource groups the teaching is about (\"focus\" chooses "
	  "others), each verdict as a wide word in reverse video with its symbol, and a dark "
	  "high-contrast scheme; \"projector light\" is the scheme for bright rooms.",
	  COMPLETE_PROJECTOR, cmd_projector, DRY_CHECK },
	{ "focus", NULL, "[GROUP...]", "choose the groups projector mode shows",
	  "In projector mode only a few resource groups fit: \"focus memory fds signals\" (the "
	  "default) chooses them, among memory, fds, signals, fs, ns, stack and ids. Without "
	  "arguments, shows the current choice.",
	  COMPLETE_FOCUS, cmd_focus, DRY_CHECK },
	{ "record", NULL, "[FILE.cast | stop]", "record the session for asciinema",
	  "\"record demo.cast\" starts recording everything clonesh shows into an asciicast v2 "
	  "file that \"asciinema play\" plays back; \"record stop\" ends it. Without arguments, "
	  "says whether a recording runs.",
	  COMPLETE_RECORD, cmd_record, DRY_CHECK },
	{ "save", NULL, "FILE", "save the session's commands as a script",
	  "Writes the commands run so far in this session, one a line, as a script that "
	  "\"clonesh -f FILE\" or \"clonesh --demo FILE\" replays.",
	  COMPLETE_PATH, cmd_save, DRY_CHECK },
	{ "transcript", NULL, "FILE.md", "write the session as a Markdown handout",
	  "Writes the commands run so far and each experiment's observation as Markdown text, for "
	  "a handout.",
	  COMPLETE_PATH, cmd_transcript, DRY_CHECK },
	{ "snapshot", NULL, "FILE.txt", "write the pane as it is now, as text",
	  "Writes what the pane shows now as plain text, for a slide. Without the pane, writes the "
	  "last observation laid out as the pane would show it.",
	  COMPLETE_PATH, cmd_snapshot, DRY_CHECK },
	{ "lessons", NULL, "", "list the lessons and your progress",
	  "Lists the lessons of the course with your progress: [✓] done, [>] started or current, "
	  "[ ] not started, with each one's goal. Lessons are files in the lesson directory "
	  "(CLONESH_LESSONDIR chooses another).",
	  COMPLETE_NONE, cmd_lessons, DRY_CHECK },
	{ "lesson", NULL, "[N|NAME|reset [N|all] [yes]|quit]", "start, resume, reset or leave a lesson",
	  "\"lesson 3\" (or its name, or a file) starts lesson 3, or resumes it where you left "
	  "it. Each step tells a little, gives the commands to type, and often asks you to "
	  "predict what the kernel will do before you spawn; the kernel then grades the "
	  "prediction. \"lesson reset 3\" forgets your progress in lesson 3 (it asks you to add "
	  "yes), \"lesson quit\" leaves the lesson and keeps your progress.",
	  COMPLETE_LESSON, cmd_lesson, DRY_CHECK },
	{ "next", NULL, "", "go to the lesson's next step",
	  "Goes to the next step of the lesson you are following. A step without an experiment is "
	  "done when you go on: next shows its closing text first, and on the last step finishes "
	  "the lesson.",
	  COMPLETE_NONE, cmd_next, DRY_CHECK },
	{ "back", NULL, "", "go back to the lesson's previous step",
	  "Goes back to the previous step of the lesson.",
	  COMPLETE_NONE, cmd_back, DRY_CHECK },
	{ "again", NULL, "", "start this step of the lesson over",
	  "Shows the current step again from its start, with its prediction unanswered.",
	  COMPLETE_NONE, cmd_again, DRY_CHECK },
	{ "answer", NULL, "N|TEXT", "answer the step's prediction",
	  "Answers the question the step asks before you spawn: by the choice's number or its "
	  "words. The kernel grades it after the first spawn that runs the step's own experiment "
	  "(a spawn under other settings is not graded: clonesh names what differs), and the "
	  "lesson explains why.",
	  COMPLETE_NONE, cmd_answer, DRY_CHECK },
	{ "hint", NULL, "", "show the step's next hint",
	  "Shows the hints of the current step, one at a time.",
	  COMPLETE_NONE, cmd_hint, DRY_CHECK },
	{ "solution", NULL, "", "put the step's commands into the prompt",
	  "Puts the commands of the current step into the prompt without running them, so you "
	  "can read and change them first; in a script it prints them.",
	  COMPLETE_NONE, cmd_solution, DRY_CHECK },
	{ "where", NULL, "", "say which lesson and step you are at",
	  "Names the lesson and step you are at and what is left to do in it.",
	  COMPLETE_NONE, cmd_where, DRY_CHECK },
	{ "doctor", NULL, "", "say what this system allows, and what each limit means",
	  "Lists what clonesh found by trying on this system: user namespaces, namespaces, "
	  "clone3, kcmp, a seccomp filter, a chroot, cgroup2, page frame numbers, a container; "
	  "for each limit, what it means for the experiments and the lessons (a refused flag, a "
	  "skipped lesson, a verdict not measured). clonesh --doctor prints the same.",
	  COMPLETE_NONE, cmd_doctor, DRY_CHECK },
	{ "help", NULL, "[COMMAND]", "list the commands, or tell more about one",
	  "Without arguments, lists every command. \"help spawn\" shows its usage and what it "
	  "does.",
	  COMPLETE_COMMAND, cmd_help, DRY_CHECK },
	{ "quit", "exit", "", "leave clonesh",
	  "Leaves clonesh; end of input (Ctrl-D) does the same. In a script, stops it with "
	  "success.",
	  COMPLETE_NONE, cmd_quit, DRY_CHECK },
};

const size_t commands_count = ARRAY_SIZE(commands_table);

/* The entry of a handler's own command, for its usage. */
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

/* --- helpers for the handlers ----------------------------------------------- */

int
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

int
cmd_fail(struct session *s, const char *name, const char *msg)
{
	size_t n = strlen(name);

	if (strncmp(msg, name, n) == 0 && msg[n] == ':')
		return cmd_error(s, "%s", msg);
	return cmd_error(s, "%s: %s", name, msg);
}

int
cmd_too_many(struct session *s, const char *name)
{
	const struct command *c = cmd_self(name);

	return cmd_error(s, "%s: too many arguments (usage: %s%s%s)", name, name,
	    *c->args ? " " : "", c->args);
}

FILE *
cmd_create(struct session *s, const char *name, const char *file, char *path, size_t size)
{
	char err[1024];
	if (session_check_write(s, file, path, size, err, sizeof(err)) < 0) {
		cmd_error(s, "%s: %s", name, err);
		return NULL;
	}
	FILE *f = fopen(path, "we");
	if (!f)
		cmd_error(s, "%s: cannot write %s: %s", name, path, strerror(errno));
	return f;
}

int
cmd_dry_file(struct session *s, const char *name, const char *file)
{
	char err[1024], path[4096];
	if (file && session_check_write(s, file, path, sizeof(path), err, sizeof(err)) < 0)
		return cmd_error(s, "%s: %s", name, err);
	return 0;
}

int
cmd_finish(struct session *s, const char *name, FILE *f, const char *path)
{
	if (ferror(f) | (fclose(f) != 0))
		return cmd_error(s, "%s: cannot write %s: %s", name, path, strerror(errno ? errno : EIO));
	return 0;
}

bool
cmd_date(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	if (localtime_r(&now, &tm) && strftime(buf, size, "%Y-%m-%d %H:%M", &tm) != 0)
		return true;
	buf[0] = '\0';
	return false;
}

int
cmd_parse_on_off(struct session *s, const char *name, const char *word, bool *on)
{
	if (strcasecmp(word, "on") == 0)
		*on = true;
	else if (strcasecmp(word, "off") == 0)
		*on = false;
	else
		return cmd_error(s, "%s: \"%s\" is not on or off (usage: %s %s)", name, word, name,
		    cmd_self(name)->args);
	return 0;
}

void
cmd_print_wrapped(struct output *out, const char *indent, const char *text)
{
	if (*text)
		out_wrapped(out, indent, indent, WRAP_WIDTH, text);
}

const char *
cmd_fn_describe(const struct experiment *e, char *buf, size_t len)
{
	return experiment_fn_describe(e, buf, len);
}

void
cmd_print_config(struct session *s, const char *what)
{
	char fl[512], sz[32], fn[FN_MAX_ARGS * FN_ARG_LEN + 64];
	const struct experiment *e = &s->cfg;

	if (s->json)
		return;
	out_printf(s->out, "%s: %s, %s, stack %s%s, fn %s\n", what,
	    flags_format(e->flags, e->exit_signal, fl, sizeof(fl)), variant_name(e->variant),
	    size_format(e->stack_size, sz, sizeof(sz)), e->guard ? "" : " (no guard)",
	    cmd_fn_describe(e, fn, sizeof(fn)));
}

void
cmd_print_line_of(struct output *out, const struct observation *o,
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

const char *
commands_name_of(const char *word, char *err, size_t errlen)
{
	const struct command *c = commands_find(word, err, errlen);
	return c ? c->name : NULL;
}
