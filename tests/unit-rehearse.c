/* The dry rehearsal of a lesson's commands: what each step's spawns would
 * run, from the settings the steps before left, and the first command that
 * would fail, with its own line. */
#include "config.h"

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "experiment.h"
#include "funcs.h"
#include "commands.h"
#include "lesson.h"
#include "rehearse.h"
#include "tap.h"

static char path[] = "/tmp/clonesh-rehearse-XXXXXX.md";

/* Writes text as the lesson file and loads it. */
static struct lesson *
load(const char *text)
{
	char err[1024];
	FILE *f = fopen(path, "we");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		diag("cannot write %s", path);
		return NULL;
	}
	struct lesson *l = lesson_load(path, commands_name_of, err, sizeof(err));
	if (!l)
		diag("%s", err);
	return l;
}

static const char good[] =
	"# T\n"						/* 1 */
	"\n"
	"> goal: g\n"
	"\n"
	"## Step 1: Settings\n"				/* 5 */
	"\n"
	"```clonesh\n"
	"reset\n"
	"stack 16k\n"
	"spawn\n"					/* 10 */
	"```\n"
	"\n"
	"## Step 2: Two spawns\n"
	"\n"
	"```clonesh\n"					/* 15 */
	"reset; stack 16k; preset fork; flags +vm\n"
	"# a comment\n"
	"spawn write-global 3\n"
	"spawn -n 3 hello\n"
	"show memory\n"					/* 20 */
	"```\n"
	"\n"
	"## Step 3: Left over\n"
	"\n"
	"```clonesh\n"					/* 25 */
	"spawn\n"
	"```\n";

static void
test_step(void)
{
	char err[1024];
	struct rehearsal_spawn out[4];
	struct lesson *l = load(good);
	if (!l) {
		ok(0, "the lesson loads");
		return;
	}
	is_int(l->steps[1].ncommands, 4, "step 2 has 4 command lines (the comment is none)");
	is_int(l->steps[1].command_lines[0], 16, "the parser keeps each command's line: 16");
	is_int(l->steps[1].command_lines[1], 18, "and 18, after the comment");

	int n = rehearse_step(l, 1, out, 4, err, sizeof(err));
	is_int(n, 2, "step 2 has two spawns");
	if (n < 0)
		diag("%s", err);
	if (n == 2) {
		is_int(out[0].line, 18, "the first on line 18");
		is_str(out[0].cfg.fn ? out[0].cfg.fn->name : NULL, "write-global", "runs write-global");
		is_str(out[0].cfg.argv[0], "3", "with 3");
		ok(out[0].cfg.flags == CLONE_VM, "with CLONE_VM");
		is_int((int)out[0].cfg.stack_size, 16384, "on the 16k stack step 1 left (preset fork keeps it)");
		is_int(out[1].line, 19, "the second on line 19");
		is_int(out[1].cfg.nchildren, 3, "with 3 children");
		is_str(out[1].cfg.fn ? out[1].cfg.fn->name : NULL, "hello", "running hello");
	}
	is_int(rehearse_step(l, 1, out, 1, err, sizeof(err)), 2, "max 1: still counts both");
	is_int(out[0].line, 18, "and fills the first");

	/* rehearse_step says what would run; the rules of a sound step are the check's. */
	n = rehearse_step(l, 2, out, 4, err, sizeof(err));
	is_int(n, 1, "step 3 rehearses: it runs what step 2 left");
	ok(n == 1 && out[0].cfg.fn && strcmp(out[0].cfg.fn->name, "hello") == 0 &&
	    out[0].cfg.nchildren == 1, "hello again, with one child (-n is for one spawn)");
	is_int(rehearse_lesson(l, err, sizeof(err)), -1, "but the lesson does not check");
	char want[1200];
	snprintf(want, sizeof(want), "%s:26: step 3 spawns without choosing its function (add \"fn "
	    "NAME\" or \"spawn NAME\"): a learner arriving from elsewhere would run whatever was "
	    "left", path);
	is_str(err, want, "the error names step 3's spawn, line 26");

	is_int(rehearse_step(l, 3, out, 4, err, sizeof(err)), -1, "there is no step 4");
	lesson_free(l);
}

static void
test_failure(void)
{
	char err[1024], want[1200];
	struct rehearsal_spawn out[2];
	struct lesson *l = load(
	    "# T\n\n> goal: g\n\n## Step 1: S\n\n```clonesh\nreset\nspawn\n```\n\n"
	    "## Step 2: Bad\n\n```clonesh\nreset\nfn write-global 5 6 7 8 9\nspawn\n```\n\n"
	    "## Step 3: Never\n\n```clonesh\nreset\nspawn\n```\n");
	if (!l) {
		ok(0, "the lesson loads");
		return;
	}
	snprintf(want, sizeof(want), "%s:16: fn: write-global: too many arguments (usage: "
	    "write-global [V])", path);
	is_int(rehearse_step(l, 2, out, 2, err, sizeof(err)), -1, "a step after a failing one fails");
	is_str(err, want, "with the failing command's line and the prompt's message");
	is_int(rehearse_step(l, 0, out, 2, err, sizeof(err)), 1, "the steps before it rehearse");
	is_int(rehearse_lesson(l, err, sizeof(err)), -1, "the lesson fails");
	is_str(err, want, "at the same line");
	lesson_free(l);
}

int
main(void)
{
	int fd = mkstemps(path, 3);
	if (fd < 0) {
		printf("1..0 # SKIP cannot make a temporary file\n");
		return 0;
	}
	close(fd);
	test_step();
	test_failure();
	unlink(path);
	return done_testing();
}
