#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "code-edit.h"
#include "code-run.h"
#include "commands.h"
#include "codegen.h"
#include "json.h"
#include "lab.h"
#include "output.h"
#include "resources.h"
#include "session.h"
#include "signals.h"
#include "util.h"

/* The first line of out that starts with prefix, its rest in buf; false if none. */
static bool
line_after(const char *out, const char *prefix, char *buf, size_t size)
{
	size_t n = strlen(prefix);
	for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, prefix, n) == 0) {
			size_t len = strcspn(l + n, "\n");
			snprintf(buf, size, "%.*s", (int)len, l + n);
			return true;
		}
	}
	return false;
}

/* How the program's experiment ended, in the words obs_end uses. */
static void
prog_end(const struct code_result *r, char *buf, size_t size)
{
	char rest[128], name[32];
	if (r->timed_out || line_after(r->output, "timeout: ", rest, sizeof(rest)))
		snprintf(buf, size, "timed out");
	else if (WIFSIGNALED(r->status))
		snprintf(buf, size, "parent killed by %s", signal_name(WTERMSIG(r->status), name,
		    sizeof(name)));
	else if (line_after(r->output, "clone: refused ", rest, sizeof(rest)))
		snprintf(buf, size, "refused %.*s", (int)strcspn(rest, " "), rest);
	else if (line_after(r->output, "exit: ", rest, sizeof(rest))) {
		/* "status 0", "signal SIGSEGV (core dumped)", "none ..." */
		char word[16], val[32];
		if (sscanf(rest, "%15s %31[^ ,(]", word, val) == 2 && (strcmp(word, "status") == 0 ||
		    strcmp(word, "signal") == 0))
			snprintf(buf, size, "%s %s", word, val);
		else
			snprintf(buf, size, "%.*s", (int)strcspn(rest, " ,("), rest);
	} else
		snprintf(buf, size, "no end printed");
}

/* How clonesh's lab saw it end. */
static void
obs_end(const struct observation *o, char *buf, size_t size)
{
	char name[32];
	if (!o->clone_ok)
		snprintf(buf, size, "refused %s", o->clone_errno ? errno_name(o->clone_errno) : "?");
	else if (o->timed_out)
		snprintf(buf, size, "timed out");
	else if (o->lab_signal)
		snprintf(buf, size, "parent killed by %s", signal_name(o->lab_signal, name, sizeof(name)));
	else if (o->exit.known && o->exit.exited)
		snprintf(buf, size, "status %d", o->exit.status);
	else if (o->exit.known)
		snprintf(buf, size, "signal %s", signal_name(o->exit.signal, name, sizeof(name)));
	else
		snprintf(buf, size, "none");
}

/* A kcmp verdict in the program's words: it compares with kcmp only, so a
 * verdict clonesh measured by behaviour is "unknown" there. */
static const char *
obs_kcmp(const struct observation *o, int i)
{
	const struct tri *t = &o->shared[i];
	return t->v < 0 || t->by_behaviour ? "unknown" : t->v ? "shared" : "copied";
}

/* Where the program and the lab agree and where not, on the end and on
 * each kcmp resource the program printed; the number of disagreements. */
/* What the lab's handler got with the exit signal, in the program's words
 * but for the pid, which differs between the two runs. */
static void
obs_caught(const struct observation *o, char *buf, size_t size)
{
	char sig[32];
	if (o->exit_si.count <= 0)
		snprintf(buf, size, "none");
	else
		snprintf(buf, size, "%s si_code %s si_status %d", signal_name(o->exit_si.signo, sig,
		    sizeof(sig)), cld_code_name(o->exit_si.code), o->exit_si.status);
}

/* One thing compared, kept for the JSON form. */
struct code_item {
	char what[32], program[96], lab[96];
	bool same;
};

static void
code_compare_json(struct session *s, const struct code_result *r, const struct code_item *it,
    int n, int ndiffer)
{
	struct json j;
	json_init(&j, s->out);
	json_begin_object(&j, NULL);
	json_begin_object(&j, "code_run");
	json_bool(&j, "agree", ndiffer == 0);
	json_string(&j, "output", r->output);
	json_bool(&j, "timed_out", r->timed_out);
	json_begin_array(&j, "compared");
	for (int i = 0; i < n; i++) {
		json_begin_object(&j, NULL);
		json_string(&j, "what", it[i].what);
		json_string(&j, "program", it[i].program);
		json_string(&j, "lab", it[i].lab);
		json_bool(&j, "same", it[i].same);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	json_end_object(&j);
	out_printf(s->out, "\n");
}

static int
code_compare(struct session *s, const struct code_result *r, const struct observation *o)
{
	char pe[96], oe[96], line[96], agree[256] = "", differ[1024] = "";
	struct code_item items[SH_COUNT + 2];
	int ndiffer = 0, nitems = 0;
	prog_end(r, pe, sizeof(pe));
	obs_end(o, oe, sizeof(oe));
	items[nitems++] = (struct code_item){ "end", "", "", strcmp(pe, oe) == 0 };
	str_copy(items[0].program, pe, sizeof(items[0].program));
	str_copy(items[0].lab, oe, sizeof(items[0].lab));
	if (strcmp(pe, oe) == 0)
		str_append(agree, sizeof(agree), "the end (%s)", pe);
	else
		ndiffer++, str_append(differ, sizeof(differ), "%sthe end: the program says %s, "
		    "clonesh's lab %s", differ[0] ? "; " : "", pe, oe);
	for (int i = 0; i < SH_COUNT && o->clone_ok && !o->timed_out; i++) {
		char key[32];
		snprintf(key, sizeof(key), "%s: ", resources_table[i].name);
		if (!line_after(r->output, key, line, sizeof(line)))
			continue;
		line[strcspn(line, " (")] = '\0';
		struct code_item *it = &items[nitems++];
		*it = (struct code_item){ "", "", "", strcmp(line, obs_kcmp(o, i)) == 0 };
		snprintf(it->what, sizeof(it->what), "shared.%s", resources_table[i].name);
		str_copy(it->program, line, sizeof(it->program));
		str_copy(it->lab, obs_kcmp(o, i), sizeof(it->lab));
		if (it->same)
			str_append(agree, sizeof(agree), "%s%s", agree[0] ? ", " : "", resources_table[i].name);
		else
			ndiffer++, str_append(differ, sizeof(differ), "%s%s: the program says %s, clonesh's "
			    "lab %s", differ[0] ? "; " : "", resources_table[i].name, line, obs_kcmp(o, i));
	}
	/* signal catch on: what came with the exit signal (not its pid). */
	if (o->exit_si.count >= 0 && line_after(r->output, "caught: ", line, sizeof(line)) &&
	    !str_prefix(line, "sigaction")) {
		char *pid = strstr(line, " si_pid");
		if (pid)
			*pid = '\0';
		struct code_item *it = &items[nitems++];
		*it = (struct code_item){ "exit.caught", "", "", false };
		str_copy(it->program, line, sizeof(it->program));
		obs_caught(o, it->lab, sizeof(it->lab));
		it->same = strcmp(it->program, it->lab) == 0;
		if (it->same)
			str_append(agree, sizeof(agree), ", the caught signal (%s)", line);
		else
			ndiffer++, str_append(differ, sizeof(differ), "%sthe caught signal: the program "
			    "says %s, clonesh's lab %s", differ[0] ? "; " : "", it->program, it->lab);
	}
	if (s->json)
		code_compare_json(s, r, items, nitems, ndiffer);
	if (!s->json) {
		out_printf(s->out, "code --run: agree: %s\n", agree[0] ? agree : "nothing compared");
		if (ndiffer)
			out_printf(s->out, "code --run: differ: %s\n", differ);
	}
	return ndiffer;
}

/* The program's output, a line each after "| ". */
static void
code_show_output(struct session *s, const struct code_result *r)
{
	for (const char *l = r->output; *l;) {
		size_t n = strcspn(l, "\n");
		out_printf(s->out, "  | %.*s\n", (int)n, l);
		l += n + (l[n] == '\n');
	}
	if (r->timed_out)
		out_printf(s->out, "  (killed with its process group at the timeout)\n");
}

/* The compiler's messages, whose line numbers are the program's. */
static void
code_show_file(struct session *s, const char *path)
{
	FILE *f = fopen(path, "r");
	char line[512];
	while (f && fgets(line, sizeof(line), f))
		out_printf(s->out, "  | %s%s", line, strchr(line, '\n') ? "" : "\n");
	if (f)
		fclose(f);
}

/* code --run: writes the program into a new directory, compiles and runs
 * it, then spawns the same settings in clonesh's lab and sets the two side
 * by side. */
static int
code_run(struct session *s, const char *text, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], src[4200], prog[4200], cerr[4200], msg[512];
	snprintf(dir, sizeof(dir), "%s/clonesh-code.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return cmd_error(s, "code --run: could not make a directory in %s: %s",
		    tmp && *tmp ? tmp : "/tmp", strerror(errno));
	snprintf(src, sizeof(src), "%s/experiment.c", dir);
	snprintf(prog, sizeof(prog), "%s/experiment", dir);
	snprintf(cerr, sizeof(cerr), "%s/cc.out", dir);
	FILE *f = fopen(src, "w");
	int r = f && fwrite(text, 1, len, f) == len ? 0 : -1;
	if (f && fclose(f) != 0)
		r = -1;
	if (r == 0)
		r = code_compile(src, prog, cerr, msg, sizeof(msg));
	if (r == 1) {
		out_printf(s->out, "code --run: %s:\n", msg);
		code_show_file(s, cerr);
	}
	struct code_result *res = r == 0 ? malloc(sizeof(*res)) : NULL;
	if (res && code_execute(prog, s->cfg.timeout_ms, res) < 0) {
		snprintf(msg, sizeof(msg), "could not run it: %s", strerror(errno));
		r = -1;
	}
	unlink(src);
	unlink(prog);
	unlink(cerr);
	rmdir(dir);
	if (r != 0 || !res) {
		free(res);
		return r == 1 ? cmd_error(s, "code --run: the program did not compile") :
		    cmd_error(s, "code --run: %s", r < 0 ? msg : strerror(ENOMEM));
	}
	if (!s->json) {
		out_printf(s->out, "code --run: the program printed:\n");
		code_show_output(s, res);
		out_printf(s->out, "code --run: clonesh's lab, the same settings:\n");
	}
	char spawn[] = "spawn", force[] = "--force";
	char *argv[] = { spawn, force, NULL };
	int ran = session_run_command(s, 2, argv);
	int differ = ran == 0 && s->last ? code_compare(s, res, s->last) : -1;
	free(res);
	return ran < 0 ? -1 : differ > 0 ? cmd_error(s, "code --run: the program and clonesh's lab "
	    "disagree (%d difference%s above)", differ, differ == 1 ? "" : "s") : 0;
}

/* code [--unshare] [FILE]: the experiment as a C program or an unshare(1) line. */
static int
cmd_code(struct session *s, int argc, char **argv)
{
	bool unshare = false, run = false, edit = false, fresh = false;
	const char *file = NULL;
	char err[512];

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--unshare") == 0)
			unshare = true;
		else if (strcmp(argv[i], "--run") == 0)
			run = true;
		else if (strcmp(argv[i], "--edit") == 0)
			edit = true;
		else if (strcmp(argv[i], "--fresh") == 0)
			fresh = true;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cmd_error(s, "code: unknown option \"%s\" (usage: code [--unshare | --run | "
			    "--edit [--fresh]] [FILE])", argv[i]);
		else if (file)
			return cmd_too_many(s, "code");
		else
			file = argv[i];
	}
	if (run && (unshare || file))
		return cmd_error(s, "code: --run compiles and runs the program itself: it takes no "
		    "FILE and no --unshare (usage: code --run)");
	if (run && edit)
		return cmd_error(s, "code: --run runs the program as exported, --edit your version "
		    "of it: one of them (usage: code --run, or code --edit [--fresh])");
	if (fresh && !edit)
		return cmd_error(s, "code: --fresh goes with --edit (usage: code --edit --fresh)");
	if (edit && (unshare || file))
		return cmd_error(s, "code: --edit keeps the program it opens itself: it takes no FILE "
		    "and no --unshare (usage: code --edit [--fresh])");
	/* Validator-invalid settings are fine (the program shows the kernel's
	 * refusal), but not what clonesh itself refuses to run. */
	if (!unshare && lab_refusal(&s->cfg, err, sizeof(err)) < 0)
		return cmd_error(s, "code: %s", err);
	if (s->dry && !edit)
		return run ? 0 : cmd_dry_file(s, "code", file);

	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return cmd_error(s, "code: %s", strerror(errno));
	int r = unshare ? codegen_unshare(&s->cfg, mem, err, sizeof(err)) :
	    codegen_c(&s->cfg, mem, err, sizeof(err));
	if (fclose(mem) != 0 && r == 0) {
		r = -1;
		snprintf(err, sizeof(err), "code: %s", strerror(errno));
	}
	if (r < 0) {
		free(text);
		return cmd_error(s, "%s", err);
	}
	if (run || edit) {
		int rr = s->dry ? code_edit_check(s, text) : run ? code_run(s, text, len) :
		    code_edit(s, text, fresh);
		free(text);
		return rr;
	}
	if (!file) {
		out_write(s->out, text, len);
		free(text);
		return 0;
	}
	char path[4096];
	FILE *f = cmd_create(s, "code", file, path, sizeof(path));
	if (!f) {
		free(text);
		return -1;
	}
	file = path;
	fwrite(text, 1, len, f);	/* a short write leaves ferror set */
	free(text);
	if (cmd_finish(s, "code", f, file) < 0)
		return -1;
	if (!s->json)
		out_printf(s->out, "code: %s written to %s%s\n", unshare ? "the unshare(1) line" :
		    "the program", file, unshare ? "" : " (build: cc -Wall -Wextra -o prog FILE)");
	return 0;
}

const struct command cmd_code_entry = {
	.name = "code",
	.args = "[--unshare | --run | --edit [--fresh]] [FILE]",
	.summary = "print the experiment as a C program",
	.help =
	    "Prints (or writes to FILE) a standalone C program that makes the same experiment: "
	    "the same variant, flags, exit signal, stack (mmap'd with a guard page), child function "
	    "and waiting, printing what it observes. It compiles with gcc -Wall -Wextra -Werror. "
	    "\"code --unshare\" prints the unshare(1) command line that makes the same namespaces, "
	    "when only namespace flags are set. \"code --run\" compiles the program with $CC or cc "
	    "in a temporary directory, runs it (in a process group of its own, with the "
	    "experiment's timeout), spawns the same settings in clonesh's lab, and says where the "
	    "two agree (the end, each kcmp verdict, a caught exit signal) and where they do not "
	    "(with --json, as a code_run object after the spawn's). \"code --edit\" opens the "
	    "program in $VISUAL, else $EDITOR, else editor, else vi; once saved, compiles it (the "
	    "compiler's messages with your file's line numbers) and runs it as --run does, and "
	    "grades the pending predictions (predict vm=copied exit=0) by what it prints: the kcmp "
	    "verdicts, clone's answer, the end, the global, a caught exit signal; any other field "
	    "is ? (not graded). The file is kept: \"code --edit\" reopens your last version while "
	    "the settings export the same program, \"code --edit --fresh\" starts again from the "
	    "export.",
	.man =
	    "Print (or write to\n"
	    ".IR file )\n"
	    "a standalone C program that makes the same experiment: the same variant\n"
	    "(glibc's\n"
	    ".BR clone ()\n"
	    "or the raw\n"
	    ".BR clone3 ()\n"
	    "through a small assembly trampoline), flags, exit signal, stack size\n"
	    "(mmap'd, with the guard page unless it is off), child function and waiting\n"
	    ".RB ( waitpid \"() with \" __WALL ;\n"
	    "a futex on the CLONE_CHILD_CLEARTID word or /proc/self/task for a thread;\n"
	    "the grandparent for CLONE_PARENT).\n"
	    "The child uses raw system calls (but for the glibc call that printf-locked\n"
	    "and libc-close make on purpose); parent and child take turns through\n"
	    "futex words in a MAP_SHARED page.\n"
	    "The program prints what it observes, one\n"
	    ".RI \\(lq what \": \" value \\(rq\n"
	    "a line\n"
	    ".RB ( \"vm: shared\" \", \" \"global: parent sees 42\" \", \" \"exit: status 0\" \", \"\n"
	    ".BR \"clone: refused EINVAL\" ).\n"
	    "It compiles with\n"
	    ".B gcc \\-Wall \\-Wextra \\-Werror\n"
	    "and runs on x86-64 and aarch64.\n"
	    "Settings the validator refuses are written anyway (the program shows the\n"
	    "kernel's refusal); clonesh's own refusals apply.\n"
	    "For the seed preset it is the article's program with its fragility fixed,\n"
	    "each fix commented.\n"
	    ".B code \\-\\-unshare\n"
	    "prints the\n"
	    ".BR unshare (1)\n"
	    "command line that makes the same namespaces, and what differs, when only\n"
	    "namespace flags are set; otherwise it names the flags it cannot express.\n"
	    ".B code \\-\\-run\n"
	    "compiles the program with\n"
	    ".B $CC\n"
	    "(or\n"
	    ".BR cc )\n"
	    "in a new directory under\n"
	    ".BR $TMPDIR ,\n"
	    "runs it in a process group of its own (killed with it at the experiment's\n"
	    "timeout), spawns the same settings in the lab, and says where the program\n"
	    "and the lab agree (how it ended, each kcmp verdict) and where they do not.\n"
	    "Without a compiler it says what to install.\n"
	    "With\n"
	    ".BR \\-\\-json ,\n"
	    "the comparison follows the spawn's JSON as one object,\n"
	    ".BR code_run :\n"
	    "whether they agree, and each thing compared with the program's and the\n"
	    "lab's words.\n"
	    ".B code \\-\\-edit\n"
	    "writes the program to\n"
	    ".I code-edit.c\n"
	    "in the state directory and opens it in\n"
	    ".BR $VISUAL ,\n"
	    "else\n"
	    ".BR $EDITOR ,\n"
	    "else\n"
	    ".BR editor ,\n"
	    "else\n"
	    ".BR vi\n"
	    "(the pane leaves the screen to it, and is drawn again after).\n"
	    "Once the editor exits with status 0 and the file changed, it compiles the\n"
	    "file (the compiler's messages name it, with its own line numbers), runs it\n"
	    "as\n"
	    ".B \\-\\-run\n"
	    "does, and grades the pending predictions by what the program printed: the\n"
	    "kcmp verdicts, whether clone was refused (and its errno), how the child\n"
	    "ended, the global the parent reads, what a caught exit signal carried.\n"
	    "A prediction of any other field is shown as\n"
	    ".B ?\n"
	    "(not graded).\n"
	    "The file is kept:\n"
	    ".B code \\-\\-edit\n"
	    "again reopens the last version while the settings export the same program;\n"
	    "once they export another it starts from the new one and keeps the last as\n"
	    ".IR code-edit.c.old ;\n"
	    ".B code \\-\\-edit \\-\\-fresh\n"
	    "starts again from the export.\n",
	.completer = COMPLETE_CODE,
	.handler = cmd_code,
};
