/*
 * code --edit: the exported program opened in the learner's editor, then
 * compiled and run, its printed observation grading the pending
 * predictions (and a lesson's edit step).  The program is the learner's own
 * code, trusted as what they type is: it runs with their credentials, in a
 * process group of its own, killed with it at the experiment's timeout.
 *
 * The file is kept in the state directory (code-edit.c), with the export
 * it started from (code-edit.orig.c): "code --edit" again reopens the
 * learner's last version while the settings export the same program; once
 * they export another, it starts from the new export and keeps the last
 * version as code-edit.c.old.  "code --edit --fresh" starts over.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "code-edit.h"
#include "code-run.h"
#include "codegen.h"
#include "course.h"
#include "course-state.h"
#include "observation.h"
#include "output.h"
#include "predict.h"
#include "session.h"
#include "util.h"

extern char **environ;

/* The whole of a file, NUL-terminated; NULL when it cannot be read. */
static char *
edit_file_read(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	char buf[8192];
	size_t n;
	while (mem && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		fwrite(buf, 1, n, mem);
	bool bad = ferror(f);
	fclose(f);
	if (!mem || fclose(mem) != 0 || bad) {
		free(text);
		return NULL;
	}
	return text;
}

static int
edit_file_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");
	if (!f)
		return -1;
	size_t len = strlen(text);
	bool ok = fwrite(text, 1, len, f) == len;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Whether a and b are the same program but for white space. */
static bool
same_but_space(const char *a, const char *b)
{
	for (;;) {
		while (isspace((unsigned char)*a))
			a++;
		while (isspace((unsigned char)*b))
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++, b++;
	}
}

/* The editor: $VISUAL, else $EDITOR, else editor, else vi. */
static const char *
editor_name(void)
{
	const char *e = getenv("VISUAL");
	if (!e || !*e)
		e = getenv("EDITOR");
	if (e && *e)
		return e;
	const char *path = getenv("PATH");
	char p[4096];
	for (const char *d = path ? path : "/usr/bin:/bin"; *d;) {
		size_t n = strcspn(d, ":");
		snprintf(p, sizeof(p), "%.*s/editor", (int)n, d);
		if (access(p, X_OK) == 0)
			return "editor";
		d += n + (d[n] == ':');
	}
	return "vi";
}

/* Runs the editor on file with the terminal, through sh as git does (the
 * variable may hold options: "emacs -nw"); its wait status, or -1. */
static int
editor_run(struct session *s, const char *editor, const char *file)
{
	char script[4200];
	snprintf(script, sizeof(script), "%s \"$1\"", editor);
	char sh[] = "sh", c[] = "-c";
	char *argv[] = { sh, c, script, sh, (char *)file, NULL };
	posix_spawnattr_t at;
	posix_spawnattr_init(&at);
	/* As from a shell: default signals, nothing blocked (clonesh owns its
	 * own signals, and an ignored SIGINT would stay ignored in the editor). */
	sigset_t all, none;
	sigfillset(&all);
	sigemptyset(&none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
	out_flush(s->out);
	fflush(NULL);
	bool lent = s->fe && s->fe->terminal_lend && s->fe->pane_open && s->fe->pane_open();
	if (lent)
		s->fe->terminal_lend(true);
	/* As system(3): a Ctrl-C or a quit key typed while the editor has the
	 * terminal is the editor's, not clonesh's. */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid_t pid;
	int err = posix_spawn(&pid, "/bin/sh", NULL, &at, argv, environ);
	posix_spawnattr_destroy(&at);
	int st = -1;
	if (!err)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (lent)
		s->fe->terminal_lend(false);
	if (err)
		errno = err;
	return err ? -1 : st;
}

/* The kept file and the export it started from, in the state directory. */
struct edit_paths {
	char file[4200], orig[4200], old[4200];
};

/* Puts the program to edit in place: the learner's last version when it
 * was made from this same export, else the export.  0, or -1 (said). */
static int
edit_prepare(struct session *s, const struct edit_paths *p, const char *exported, bool fresh)
{
	char *kept = edit_file_read(p->file), *orig = edit_file_read(p->orig);
	int r = 0;
	if (!fresh && kept && orig && strcmp(orig, exported) == 0) {
		if (strcmp(kept, exported) != 0 && !s->json)
			out_printf(s->out, "code --edit: your last version of this program, %s (\"code "
			    "--edit --fresh\" starts again from the exported program)\n", p->file);
	} else {
		if (kept && (!orig || strcmp(kept, orig) != 0)) {
			/* The learner's own changes are never thrown away. */
			if (rename(p->file, p->old) == 0 && !s->json)
				out_printf(s->out, "code --edit: %s; your last version is kept in %s\n",
				    fresh ? "starting again from the exported program" : "the settings "
				    "changed since you edited it: starting from the exported program", p->old);
		}
		if (edit_file_write(p->orig, exported) < 0 || edit_file_write(p->file, exported) < 0)
			r = cmd_error(s, "code --edit: cannot write %s: %s", p->file, strerror(errno));
	}
	free(kept);
	free(orig);
	return r;
}

/* The told callback of predictions and the course. */
static bool
edit_told(const struct observation *o, const char *path, void *data)
{
	return code_tells(o, *(unsigned int *)data, path);
}

/* Compiles file (the learner's, so the compiler's messages carry its own
 * line numbers) and runs it; the result in *res.  0, or -1 (said). */
static int
edit_build_run(struct session *s, const char *file, struct code_result *res)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], prog[4200], cerr[4200], msg[512];
	snprintf(dir, sizeof(dir), "%s/clonesh-edit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return cmd_error(s, "code --edit: could not make a directory in %s: %s",
		    tmp && *tmp ? tmp : "/tmp", strerror(errno));
	snprintf(prog, sizeof(prog), "%s/experiment", dir);
	snprintf(cerr, sizeof(cerr), "%s/cc.out", dir);
	int r = code_compile(file, prog, cerr, msg, sizeof(msg));
	if (r == 1) {
		const char *cc;
		codegen_compiler(&cc);
		out_printf(s->out, "code --edit: %s could not compile your program; its messages, with "
		    "your file's line numbers:\n", cc);
		FILE *f = fopen(cerr, "re");
		char line[512];
		while (f && fgets(line, sizeof(line), f))
			out_printf(s->out, "  | %s%s", line, strchr(line, '\n') ? "" : "\n");
		if (f)
			fclose(f);
	}
	if (r == 0 && code_execute(prog, s->cfg.timeout_ms, res) < 0) {
		snprintf(msg, sizeof(msg), "could not run it: %s", strerror(errno));
		r = -1;
	}
	unlink(prog);
	unlink(cerr);
	rmdir(dir);
	if (r == 1)
		return cmd_error(s, "code --edit: your program did not compile (\"code --edit\" "
		    "reopens it: %s)", file);
	if (r < 0)
		return cmd_error(s, "code --edit: %s", msg);
	return 0;
}

/* Compiles and runs file, then grades the pending predictions and the
 * lesson's edit step (when step) by what it printed.  0, or -1 (said). */
static int
edit_grade(struct session *s, const char *file, const char *exported, bool step,
    const char *old_text, const char *new_text)
{
	struct code_result *res = malloc(sizeof(*res));
	struct observation *o = malloc(sizeof(*o));
	if (!res || !o) {
		free(res);
		free(o);
		return cmd_error(s, "code --edit: %s", strerror(ENOMEM));
	}
	if (edit_build_run(s, file, res) < 0) {
		free(res);
		free(o);
		return -1;
	}
	out_printf(s->out, "code --edit: your program printed:\n");
	for (const char *l = res->output; *l;) {
		size_t n = strcspn(l, "\n");
		out_printf(s->out, "  | %.*s\n", (int)n, l);
		l += n + (l[n] == '\n');
	}
	if (res->timed_out)
		out_printf(s->out, "  (killed with its process group at the timeout)\n");
	unsigned int told = code_observation(res, o);
	predict_after_program(s->predict, o, edit_told, &told, "your program", s->out);
	if (step) {
		char *mine = edit_file_read(file), *want = NULL;
		bool is_step = mine && codegen_edit_apply(exported, old_text, new_text, &want) == 1 &&
		    same_but_space(mine, want);
		course_after_program(s, o, is_step, edit_told, &told);
		free(mine);
		free(want);
	}
	free(res);
	free(o);
	return 0;
}

/* --run-lesson: the step's own change made to the export, no editor, in a
 * directory of its own (the learner's kept file is left alone). */
static int
edit_scripted(struct session *s, const char *exported, const char *old_text,
    const char *new_text)
{
	char *changed;
	if (codegen_edit_apply(exported, old_text, new_text, &changed) != 1)
		return cmd_error(s, "code --edit: the step's change s/%s/%s/ does not match the "
		    "exported program once", old_text, new_text);
	const char *tmp = getenv("TMPDIR");
	char dir[4096], file[4200];
	snprintf(dir, sizeof(dir), "%s/clonesh-lesson.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		free(changed);
		return cmd_error(s, "code --edit: could not make a directory in %s: %s",
		    tmp && *tmp ? tmp : "/tmp", strerror(errno));
	}
	snprintf(file, sizeof(file), "%s/code-edit.c", dir);
	int r = edit_file_write(file, changed);
	free(changed);
	if (r < 0)
		r = cmd_error(s, "code --edit: cannot write %s: %s", file, strerror(errno));
	else {
		out_printf(s->out, "code --edit: the step's change, made for you: s/%s/%s/\n",
		    old_text, new_text);
		r = edit_grade(s, file, exported, true, old_text, new_text);
	}
	unlink(file);
	rmdir(dir);
	return r;
}

int
code_edit(struct session *s, const char *exported, bool fresh)
{
	struct edit_paths p;
	char dir[4096];
	const char *old_text = NULL, *new_text = NULL;
	bool step = s->course && course_step_edit(s, &old_text, &new_text);

	/* No compiler: said before the learner edits in vain, as --run says it. */
	const char *cc;
	if (!codegen_compiler(&cc))
		return cmd_error(s, "code --edit: no C compiler: \"%s\" is %s (install one: apt-get "
		    "install gcc; or set CC)", cc, strchr(cc, '/') ? "not an executable" :
		    "not found in PATH");
	if (step && s->course->automatic)
		return edit_scripted(s, exported, old_text, new_text);
	if (session_state_dir(dir, sizeof(dir)) < 0)
		return cmd_error(s, "code --edit: no state directory to keep the program in (set "
		    "HOME or XDG_STATE_HOME)");
	snprintf(p.file, sizeof(p.file), "%s/code-edit.c", dir);
	snprintf(p.orig, sizeof(p.orig), "%s/code-edit.orig.c", dir);
	snprintf(p.old, sizeof(p.old), "%s/code-edit.c.old", dir);
	if (edit_prepare(s, &p, exported, fresh) < 0)
		return -1;

	char *before = edit_file_read(p.file);
	const char *editor = editor_name();
	int st = editor_run(s, editor, p.file);
	char *after = edit_file_read(p.file);
	bool same = before && after && strcmp(before, after) == 0;
	free(before);
	free(after);
	if (st < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 127)
			return cmd_error(s, "code --edit: the editor \"%s\" could not be run (not "
			    "found: set VISUAL or EDITOR): nothing compiled", editor);
		if (st >= 0 && WIFEXITED(st))
			return cmd_error(s, "code --edit: the editor \"%s\" exited with status %d: "
			    "nothing compiled (your file is kept: %s)", editor, WEXITSTATUS(st), p.file);
		return cmd_error(s, "code --edit: the editor \"%s\" %s: nothing compiled",
		    editor, st < 0 ? strerror(errno) : "was killed by a signal");
	}
	if (access(p.file, R_OK) < 0)
		return cmd_error(s, "code --edit: cannot read %s: %s", p.file, strerror(errno));
	if (same)
		return cmd_error(s, "code --edit: %s is unchanged: nothing compiled (change the "
		    "program and save it; \"code --run\" runs it as exported)", p.file);
	return edit_grade(s, p.file, exported, step, old_text, new_text);
}

int
code_edit_check(struct session *s, const char *exported)
{
	const char *old_text, *new_text;
	char *changed;
	if (!s->course || !course_step_edit(s, &old_text, &new_text))
		return 0;
	int n = codegen_edit_apply(exported, old_text, new_text, &changed);
	free(changed);
	if (n == 1)
		return 0;
	return cmd_error(s, "code --edit: the step's change s/%s/%s/ %s the exported program (it "
	    "must occur exactly once)", old_text, new_text, n == 0 ? "is not in" : "occurs more than "
	    "once in");
}
