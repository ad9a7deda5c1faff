/* The command table, command lookup, completion and the lexer. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "lexer.h"
#include "experiment.h"
#include "output.h"
#include "predict.h"
#include "recorder.h"
#include "session.h"
#include "tap.h"
#include "uistate.h"

static void
test_table(void)
{
	for (size_t i = 0; i < commands_count; i++) {
		const struct command *c = commands_table[i];
		ok(c->name && *c->name, "command %zu has a name", i);
		ok(c->args != NULL, "%s has its arguments' usage", c->name);
		ok(c->summary && *c->summary && islower((unsigned char)c->summary[0]) &&
		    c->summary[strlen(c->summary) - 1] != '.',
		    "%s has a summary, lowercase without a final period", c->name);
		ok(c->help && strlen(c->help) > 40, "%s has a help paragraph", c->name);
		ok(c->man && *c->man && c->man[strlen(c->man) - 1] == '\n' &&
		    strstr(c->man, ".TP") == NULL && strstr(c->man, ".SH") == NULL,
		    "%s has its man page text: roff lines after the tag, one entry", c->name);
		ok(c->handler != NULL, "%s has a handler", c->name);
		for (size_t j = 0; j < commands_count; j++) {
			const struct command *d = commands_table[j];
			if (i != j && strcmp(c->name, d->name) == 0)
				ok(0, "%s is named twice", c->name);
			if (d->alias && strcmp(c->name, d->alias) == 0)
				ok(0, "%s is also an alias of %s", c->name, d->name);
			if (i != j && c->alias && d->alias && strcmp(c->alias, d->alias) == 0)
				ok(0, "alias %s is used twice", c->alias);
		}
	}
	ok(1, "names and aliases are unique");
}

static void
check_find(const char *name, const char *want, const char *want_err)
{
	char err[512];
	const struct command *c = commands_find(name, err, sizeof(err));
	is_str(c ? c->name : NULL, want, "commands_find(\"%s\")", name);
	if (want_err)
		is_str(err, want_err, "commands_find(\"%s\"): message", name);
}

static void
test_find(void)
{
	check_find("spawn", "spawn", NULL);
	check_find("run", "spawn", NULL);
	check_find("exit", "quit", NULL);
	check_find("fn", "fn", NULL);
	check_find("func", "functions", NULL);
	check_find("sp", "spawn", NULL);
	check_find("sta", "stack", NULL);
	check_find("s", NULL, "ambiguous command \"s\": save, seccomp, show, signal, snapshot, solution, spawn, "
	    "stack, step");
	check_find("ste", "step", NULL);
	check_find("p", NULL, "ambiguous command \"p\": pane, predict, preset, projector");
	check_find("pa", "pane", NULL);
	check_find("k", "kill", NULL);
	check_find("f", NULL, "ambiguous command \"f\": flags, fn, focus, functions");
	check_find("spwan", NULL, "unknown command \"spwan\" (did you mean spawn? \"help\" "
	    "lists commands)");
	check_find("xyzzy", NULL, "unknown command \"xyzzy\" (\"help\" lists commands)");
	check_find("", NULL, NULL);
	check_find("SPAWN", NULL, NULL);
}

/* Runs line in a fresh session; what it printed. */
static char *
run(const char *line, int *status)
{
	struct output_buffer b;
	struct output out;
	struct session s;

	output_init_buffer(&out, &b);
	session_init(&s, &out);
	*status = session_run_line(&s, line);
	session_done(&s);
	return b.buf ? b.buf : strdup("");
}

/* Runs line in s; what it printed, errors included. */
static char *
run_in(struct session *s, const char *line, int *status)
{
	struct output_buffer b;
	struct output out;
	struct output *saved = s->out;

	output_init_buffer(&out, &b);
	out.where = "";		/* the message alone, without "clonesh: " */
	s->out = &out;
	*status = session_run_line(s, line);
	s->out = saved;
	return b.buf ? b.buf : strdup("");
}

/* Runs line in s and checks its status and output. */
static void
check_run(struct session *s, const char *line, int want_status, const char *want_out)
{
	int status;
	char *out = run_in(s, line, &status);

	is_int(status, want_status, "%s: status", line);
	is_str(out, want_out, "%s: output", line);
	free(out);
}

static void
test_front_end_commands(void)
{
	struct output_buffer b;
	struct output out;
	struct session s;

	output_init_buffer(&out, &b);
	session_init(&s, &out);

	/* No front end (a test, a rehearsal): no pane, nothing to lay out. */
	ui_state = (struct ui_state){ 0 };
	check_run(&s, "pane", 0, "pane: off\n");
	check_run(&s, "projector", 0, "projector: off\n");
	check_run(&s, "projector on", -1, "projector: no front end here to show it\n");
	check_run(&s, "focus", 0, "focus: memory fds signals (the default)\n");
	check_run(&s, "focus memory", -1, "focus: no front end here to show it\n");
	check_run(&s, "clear", 0, "");
	ok(!ui_state.projector && ui_state.focus == 0 && !ui_state.repaint,
	    "without a front end, projector, focus and clear reach no screen");

	/* A script: nobody at a terminal, the front end clonesh has. */
	s.fe = &ui_front_end;
	check_run(&s, "pane", 0, "pane: off\n");
	check_run(&s, "pane on", -1, "pane: needs an interactive terminal (clonesh is running a "
	    "script)\n");
	check_run(&s, "pane off", -1, "pane: needs an interactive terminal (clonesh is running a "
	    "script)\n");
	ok(!ui_state.pane_on && !ui_state.switch_front, "pane on|off in a script changes nothing");
	check_run(&s, "projector light", 0, "projector: on (light)\n");
	ok(ui_state.projector && ui_state.projector_light && ui_state.repaint,
	    "projector light: the front end's setting, and a repaint");
	ui_state.repaint = false;
	check_run(&s, "projector", 0, "projector: on (light)\n");
	check_run(&s, "projector off", 0, "projector: off\n");
	ok(!ui_state.projector && !ui_state.projector_light && ui_state.repaint,
	    "projector off: the front end's setting, and a repaint");
	ui_state.repaint = false;
	check_run(&s, "focus fds memory", 0, "focus: memory fds\n");
	ok(ui_state.focus != 0 && ui_state.repaint, "focus: the front end's groups, and a repaint");
	check_run(&s, "focus", 0, "focus: memory fds\n");
	ui_state.repaint = false;
	check_run(&s, "clear", 0, "");
	ok(ui_state.repaint, "clear asks the front end to repaint");
	ui_state = (struct ui_state){ 0 };
	check_run(&s, "pane maybe", -1, "pane: \"maybe\" is not on or off (usage: pane [on|off])\n");
	check_run(&s, "pane on off", -1, "pane: too many arguments (usage: pane [on|off])\n");
	check_run(&s, "step", 0, "step: off\n");
	check_run(&s, "step on", -1, "step: needs an interactive terminal, where each phase waits "
	    "for a key\n");
	ok(!s.step, "step on in a script changes nothing");
	check_run(&s, "step off", 0, "step: off\n");
	check_run(&s, "step maybe", -1, "step: \"maybe\" is not on or off (usage: step [on|off])\n");
	check_run(&s, "kill", -1, "kill: no experiment is running\n");
	check_run(&s, "kill now", -1, "kill: too many arguments (usage: kill)\n");
	ok(!s.kill_request, "kill with nothing running asks nothing");

	/* A person at a terminal. */
	s.interactive = true;
	ui_state.pane_on = true;
	check_run(&s, "pane", 0, "pane: on\n");
	check_run(&s, "pane off", 0, "pane: off\n");
	ok(!ui_state.pane_on && ui_state.switch_front,
	    "pane off asks the front end to switch to plain");
	ui_state.switch_front = false;
	check_run(&s, "pane ON", 0, "pane: on\n");
	ok(ui_state.pane_on && ui_state.switch_front, "pane on asks the front end to switch to the pane");
	check_run(&s, "step on", 0, "step: on\n");
	ok(s.step, "step on sets step mode");
	check_run(&s, "step", 0, "step: on\n");
	check_run(&s, "step off", 0, "step: off\n");
	ok(!s.step, "step off clears step mode");
	s.running = true;
	check_run(&s, "kill", 0, "kill: ending the experiment\n");
	ok(s.kill_request, "kill during an experiment asks to end it");

	session_done(&s);
	output_buffer_free(&b);
}

static void
test_command_counter(void)
{
	struct output_buffer b;
	struct output out;
	struct session s;
	int status;

	output_init_buffer(&out, &b);
	session_init(&s, &out);
	is_int((int)s.ncommands, 0, "no command counted at the start");
	free(run_in(&s, "stack 16k; stack", &status));
	is_int((int)s.ncommands, 2, "each command of a line counts");
	free(run_in(&s, "stack 12q; stack", &status));
	is_int((int)s.ncommands, 3, "a failed command counts, the ones it stopped do not");
	free(run_in(&s, "xyzzy", &status));
	is_int((int)s.ncommands, 4, "an unknown command counts");
	free(run_in(&s, "# a comment", &status));
	is_int((int)s.ncommands, 4, "a comment is no command");
	session_done(&s);
	output_buffer_free(&b);
}

static void
test_help_lists_table(void)
{
	int status;
	char *out = run("help", &status);
	char *text = malloc(strlen(out) + 2);

	is_int(status, 0, "help succeeds");
	text[0] = '\n';
	strcpy(text + 1, out);
	free(out);
	for (size_t i = 0; i < commands_count; i++) {
		char want[64];
		snprintf(want, sizeof(want), "\n  %s", commands_table[i]->name);
		/* The name as a whole word: "lesson" must not match "lessons". */
		const char *at = strstr(text, want);
		while (at && at[strlen(want)] != ' ' && at[strlen(want)] != '\n')
			at = strstr(at + 1, want);
		ok(at != NULL, "help lists %s", commands_table[i]->name);
	}
	free(text);

	for (size_t i = 0; i < commands_count; i++) {
		char line[64], want[128];
		snprintf(line, sizeof(line), "help %s", commands_table[i]->name);
		text = run(line, &status);
		snprintf(want, sizeof(want), "usage: %s", commands_table[i]->name);
		ok(status == 0 && strncmp(text, want, strlen(want)) == 0, "%s", line);
		free(text);
	}
}

/* Every candidate for text after before, joined with spaces. */
static char *
complete(const char *before, const char *text)
{
	static char buf[4096];
	char *c;

	buf[0] = '\0';
	for (int state = 0; (c = commands_complete(before, text, state)) != NULL; state++) {
		if (buf[0])
			strcat(buf, " ");
		if (strlen(buf) + strlen(c) + 2 < sizeof(buf))
			strcat(buf, c);
		free(c);
	}
	return buf;
}

static void
test_complete(void)
{
	is_str(complete("", "sp"), "spawn", "a command name");
	is_str(complete("", "re"), "report reset redo record", "command names, in table order");
	is_str(complete("stack 16k; ", "var"), "variant", "after ';' a command again");
	is_str(complete("flags ", "+v"), "+vm +vfork", "+flags");
	is_str(complete("flags +vm ", "-fi"), "-files", "-flags");
	is_str(complete("flags ", "no"), "none", "flags none");
	is_str(complete("flags ", "CLONE_VF"), "CLONE_VFORK", "kernel names");
	is_str(complete("stack ", "g"), "guard", "stack guard");
	is_str(complete("stack guard ", "o"), "on off", "stack guard on|off");
	is_str(complete("stack ", "6"), "64k", "stack sizes");
	is_str(complete("variant ", ""), "clone clone3", "variants");
	is_str(complete("drill ", "--r"), "--reverse --rounds", "drill's options");
	is_str(complete("drill --level ", ""), "easy hard", "drill --level's levels");
	is_str(complete("drill --only ", "thr"), "thread", "drill --only: a flag");
	is_str(complete("drill --only vm ", "--a"), "--answers", "drill --only: an option after the flags");
	is_str(complete("drill --only vm ", "secc"), "seccomp", "drill --only: a setting's word");
	is_str(complete("drill --only ", "varia"), "variant", "drill --only: another setting's word");
	is_str(complete("drill ", "--f"), "--forward", "drill: --forward");
	is_str(complete("drill --rounds ", ""), "", "drill --rounds: a number, nothing to offer");
	is_str(complete("answer ", "f"), "flags", "answer flags");
	is_str(complete("answer flags vm ", "fi"), "files", "answer flags: a flag");
	is_str(complete("answer flags ", "no"), "none", "answer flags none");
	is_str(complete("seccomp ", ""), "deny clone3 off", "seccomp's words");
	is_str(complete("seccomp clone3 ", ""), "enosys allow", "seccomp clone3 enosys|allow");
	is_str(complete("seccomp deny ", "newus"), "newuser", "seccomp deny: a flag");
	/* The lessons of CLONESH_LESSONDIR (make check: the source tree's). */
	is_str(complete("lesson ", "1"), "1 10 11 12 13 14 15 16 17", "lesson numbers");
	is_str(complete("lesson ", "4"), "4", "a lesson number");
	is_str(complete("lesson ", "04"), "04-file-descriptors", "a lesson name by its number");
	is_str(complete("lesson ", "q"), "quit", "lesson quit");
	/* The samples, from their table (src/core/samples.c). */
	is_str(complete("trace ", "samples/p"), "samples/posix-spawn samples/popen samples/pthread "
	    "samples/pool", "trace samples/NAME, in the table's order");
	is_str(complete("trace ", "s"), "show samples/fork samples/vfork-exec samples/posix-spawn "
	    "samples/system samples/popen samples/pthread samples/pool samples/clone3 "
	    "samples/forkbomb samples/threads1000 samples/sleeper samples/untraced",
	    "trace show and every sample");
	is_str(complete("trace --user nobody ", "samples/f"), "samples/fork samples/forkbomb",
	    "trace --user NAME samples/NAME");
	is_str(complete("signal ", "SIGUS"), "SIGUSR1 SIGUSR2", "signals");
	is_str(complete("signal ", "sigchl"), "SIGCHLD", "signals, any case");
	is_str(complete("fn ", "open"), "open-fd", "function names");
	is_str(complete("spawn ", "--"), "--force", "spawn --force");
	is_str(complete("spawn --force ", "write-g"), "write-global", "spawn --force NAME");
	is_str(complete("fn crash ", ""), "SEGV ABRT BUS FPE", "a function's words");
	is_str(complete("fn sigaction ", "SIGUSR"), "SIGUSR1 SIGUSR2", "a function's signal");
	is_str(complete("show ", "a"), "all", "show sections");
	is_str(complete("report ", ""), "--json", "report --json");
	is_str(complete("explain ", "fu"), "functions", "explain lists");
	is_str(complete("explain ", "sigh"), "sighand", "explain: a resource and a flag, once");
	is_str(complete("help ", "ex"), "explain", "help: command names");
	is_str(complete("preset ", "th"), "thread", "presets");
	is_str(complete("quit ", ""), "", "quit takes nothing");
	is_str(complete("pane ", ""), "on off", "pane on|off");
	is_str(complete("focus ", ""), "memory fds signals fs ns stack ids", "focus: the groups");
	is_str(complete("focus memory ", "s"), "signals stack", "focus: more groups");
	is_str(complete("step ", "of"), "off", "step on|off");
	is_str(complete("step on ", ""), "", "step takes one word");
	is_str(complete("kill ", ""), "", "kill takes nothing");
	is_str(complete("", "k"), "kill", "kill is a command");
	ok(commands_complete_path("fn open-fd "), "fn open-fd completes a path");
	ok(commands_complete_path("fn chdir "), "fn chdir completes a path");
	ok(commands_complete_path("spawn --force open-fd "), "spawn --force open-fd: a path");
	ok(!commands_complete_path("fn hello "), "fn hello: no path");
	ok(!commands_complete_path("fn "), "fn NAME is not a path");
	ok(!commands_complete_path("stack "), "stack: no path");
	is_str(complete("snapshot ", "--"), "--svg", "snapshot --svg");
	is_str(complete("transcript ", "-"), "--svg", "transcript --svg");
	is_str(complete("save ", "-"), "", "save has no --svg");
	ok(commands_complete_path("snapshot "), "snapshot: a path");
	ok(commands_complete_path("snapshot --svg "), "snapshot --svg: a path");
	ok(commands_complete_path("transcript --svg "), "transcript --svg: a path");
	ok(!commands_complete_path("snapshot --svg x.svg "), "snapshot --svg FILE: nothing more");
}

/* Splits line; "a b|c" for two commands, or "!message" on error. */
static const char *
lex(const char *line)
{
	static char buf[8192];
	char err[256];
	struct lex_command *cmds;
	size_t n;

	if (lexer_split(line, &cmds, &n, err, sizeof(err)) < 0) {
		snprintf(buf, sizeof(buf), "!%s", err);
		return buf;
	}
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(buf, "|");
		for (int j = 0; j < cmds[i].argc; j++) {
			if (j)
				strcat(buf, " ");
			strcat(buf, "<");
			strcat(buf, cmds[i].argv[j]);
			strcat(buf, ">");
		}
		if (cmds[i].argv[cmds[i].argc] != NULL)
			strcat(buf, "(argv not terminated)");
	}
	lexer_free(cmds, n);
	return buf;
}

static void
test_lexer(void)
{
	is_str(lex("flags +vm +files"), "<flags> <+vm> <+files>", "words");
	is_str(lex("  stack\t16k  \n"), "<stack> <16k>", "blanks and a final newline");
	is_str(lex("stack 16k; spawn;;show ids"), "<stack> <16k>|<spawn>|<show> <ids>", "';'");
	is_str(lex("stack 16k\nspawn"), "<stack> <16k>|<spawn>", "newline separates commands");
	is_str(lex(""), "", "an empty line");
	is_str(lex("  ; ;"), "", "only separators");
	is_str(lex("stack 16k # spawn; show"), "<stack> <16k>", "'#' comments to the end");
	is_str(lex("# all comment"), "", "a comment line");
	is_str(lex("# c\nspawn"), "<spawn>", "a comment ends at a newline");
	is_str(lex("fn a#b"), "<fn> <a#b>", "'#' inside a word is a character");
	is_str(lex("fn open-fd '/tmp/a b;#\\'"), "<fn> <open-fd> </tmp/a b;#\\>",
	    "single quotes are literal");
	is_str(lex("fn x \"a \\\"b\\\" \\\\ \\n\\t \\q\""), "<fn> <x> <a \"b\" \\ \n\t \\q>",
	    "double quotes know \\\" \\\\ \\n \\t");
	is_str(lex("fn x a\\ b\\;c\\#d"), "<fn> <x> <a b;c#d>", "backslash outside quotes");
	is_str(lex("fn x \"\" ''"), "<fn> <x> <> <>", "empty quoted words");
	is_str(lex("fn x a\"b c\"'d'"), "<fn> <x> <ab cd>", "quotes join a word");
	is_str(lex("fn x \"a"), "!parse: unterminated \" quote (close it with \")",
	    "unterminated double quote");
	is_str(lex("fn x 'a"), "!parse: unterminated ' quote (close it with ')",
	    "unterminated single quote");
	is_str(lex("answer the parent's"), "<answer> <the> <parent's>",
	    "an apostrophe between two letters is one, as a learner types a choice");
	is_str(lex("answer \"the parent's\""), "<answer> <the parent's>",
	    "inside double quotes an apostrophe is a character");
	is_str(lex("fn x 'a b'c"), "<fn> <x> <a bc>", "a quote that starts a word still quotes");
	is_str(lex("fn x a' b"), "!parse: unterminated ' quote (close it with ')",
	    "a quote after a letter and before a blank still quotes");
	is_str(lex("fn x a\\"), "!parse: backslash at the end of the line (write \\\\ for a "
	    "backslash)", "a final backslash");
	is_str(lex("stack \xff"), "!parse: byte 7 is not valid UTF-8 (commands are UTF-8 text)",
	    "bad UTF-8");
	is_str(lex("stack \xc0\xaf"), "!parse: byte 7 is not valid UTF-8 (commands are UTF-8 "
	    "text)", "overlong UTF-8");
	is_str(lex("fn sethostname h\xc3\xa9t\xc3\xa9"), "<fn> <sethostname> <h\xc3\xa9t\xc3\xa9>",
	    "UTF-8 text");
	is_str(lex("stack \x1b[1m"), "!parse: byte 7 is a control character (0x1b; commands "
	    "are text, write \\n or \\t inside double quotes)", "a control character");
	is_str(lex("stack 16k\r\n"), "<stack> <16k>", "CRLF");

	char line[5002];
	memset(line, 'a', 5000);
	line[5000] = '\0';
	is_str(lex(line), "!parse: line is 5000 bytes long (at most 4096)", "an overlong line");
	memset(line, 'a', 4096);
	line[4096] = '\n';
	line[4097] = '\0';
	ok(lex(line)[0] == '<', "4096 bytes and a newline are allowed");

	char words[1024] = "flags";
	for (int i = 0; i < 63; i++)
		strcat(words, " vm");
	ok(lex(words)[0] == '<', "64 words are allowed");
	strcat(words, " vm");
	is_str(lex(words), "!parse: a command has more than 64 words", "65 words are not");
	strcat(words, "; flags vm");
	is_str(lex(words), "!parse: a command has more than 64 words", "... also before a ';'");
}

/* Runs line in a fresh dry session and checks that it did nothing a dry
 * command may not: no lab, no lesson, no quitting, no file, no display
 * change, settings only from DRY_SETTINGS and spawn; its status. */
static int
check_dry(const char *line, size_t want_spawns)
{
	struct output_buffer b;
	struct output out;
	struct session s;
	struct experiment init;

	output_init_buffer(&out, &b);
	session_init(&s, &out);
	experiment_init(&init);
	s.dry = true;
	/* With the front end clonesh has, so that a change to the screen would show. */
	s.fe = &ui_front_end;
	ui_state = (struct ui_state){ 0 };
	int status = session_run_line(&s, line);
	char word[32], err[512];
	snprintf(word, sizeof(word), "%.*s", (int)strcspn(line, " "), line);
	const struct command *c = commands_find(word, err, sizeof(err));
	bool changes = c && c->dry != DRY_CHECK;
	ok(s.nexperiments == 0 && s.last == NULL, "dry \"%s\": no lab ran", line);
	is_int((int)s.ndry_spawns, (int)want_spawns, "dry \"%s\": spawns recorded", line);
	ok(!s.quit && !s.course && !ui_state.pane_on && !ui_state.switch_front &&
	    !ui_state.projector && ui_state.focus == 0 &&
	    predict_pending(s.predict) == 0 && !recorder_active(),
	    "dry \"%s\": no quitting, lesson, front end, projector, focus, prediction, recording", line);
	if (!changes)
		ok(memcmp(&s.cfg, &init, sizeof(init)) == 0, "dry \"%s\": the settings are untouched",
		    line);
	session_done(&s);
	output_buffer_free(&b);
	return status;
}

static void
test_dry(void)
{
	/* Every command bare, as the table has it. */
	for (size_t i = 0; i < commands_count; i++)
		check_dry(commands_table[i]->name, commands_table[i]->dry == DRY_SPAWN);

	/* With arguments that act when not dry. */
	static const char *const acting[] = {
		"show memory", "report --json", "explain vm", "help spawn", "code dry-code.c",
		"save dry-save.txt", "transcript dry-t.md", "snapshot dry-snap.txt",
		"record dry.cast", "record stop", "drill --seed 3 --answers", "predict vm=shared",
		"predict clear", "pane on", "projector on", "projector light", "focus memory fds",
		"compare 1 2", "lesson reset all yes",
	};
	for (size_t i = 0; i < sizeof(acting) / sizeof(acting[0]); i++)
		is_int(check_dry(acting[i], 0), 0, "dry \"%s\": its arguments are sound", acting[i]);
	static const char *const files[] = { "dry-code.c", "dry-save.txt", "dry-t.md", "dry-snap.txt",
	    "dry.cast" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		ok(access(files[i], F_OK) != 0, "dry: %s was not written", files[i]);

	/* Bad arguments fail as they would at the prompt. */
	static const char *const bad[] = {
		"show memroy", "report --xml", "explain nothing-such", "help nothing-such", "code --bad",
		"save", "save a b", "record a b", "drill --level medium", "predict nonsense",
		"pane maybe", "projector bright", "focus nothing-such", "compare 1", "why now",
		"spawn -n 0", "spawn helo", "flags +vmm",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		is_int(check_dry(bad[i], 0), -1, "dry \"%s\": refused", bad[i]);

	/* spawn applies its arguments and records the experiment it would run. */
	struct output_buffer b;
	struct output out;
	struct session s;
	output_init_buffer(&out, &b);
	session_init(&s, &out);
	s.dry = true;
	is_int(session_run_line(&s, "flags = vm; spawn -n 2 write-global 5; spawn"), 0,
	    "dry: flags and two spawns run");
	is_int((int)s.ndry_spawns, 2, "dry: both spawns recorded");
	ok(s.ndry_spawns == 2 && s.dry_spawns[0].nchildren == 2 && s.dry_spawns[1].nchildren == 1 &&
	    strcmp(s.dry_spawns[0].argv[0], "5") == 0 && s.dry_spawns[0].flags == s.cfg.flags,
	    "dry: the first with 2 children and write-global 5, the second with one");
	is_int(session_run_line(&s, "flags = sighand; spawn"), -1,
	    "dry: a spawn the validator refuses fails");
	is_int(session_run_line(&s, "spawn --force"), 0, "dry: spawn --force sends it anyway");
	session_done(&s);
	output_buffer_free(&b);
}

int
main(void)
{
	test_table();
	test_find();
	test_help_lists_table();
	test_front_end_commands();
	test_command_counter();
	test_complete();
	test_lexer();
	test_dry();
	return done_testing();
}
