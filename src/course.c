#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "course.h"
#include "lesson.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "util.h"

#define PROGRESS_MAX 128

/* --- where lessons and progress live --------------------------------------- */

/* Whether this process is the clonesh built in the build tree (not a copy
 * or the installed one): the directory of /proc/self/exe is the build's src. */
static bool
running_from_build_tree(void)
{
#if defined(BUILDDIR_BIN) && defined(SRCDIR_LESSONS)
	char exe[PATH_MAX], here[PATH_MAX], build[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash || slash == exe)
		return false;
	*slash = '\0';
	return realpath(exe, here) && realpath(BUILDDIR_BIN, build) && strcmp(here, build) == 0;
#else
	return false;
#endif
}

const char *
course_lesson_dir(void)
{
	const char *dir = getenv("CLONESH_LESSONDIR");
	if (dir && *dir)
		return dir;
#ifdef SRCDIR_LESSONS
	/* The build tree's binary reads the source tree's lessons (also in a
	 * VPATH build such as distcheck's), so it runs before "make install". */
	static int build = -1;
	if (build < 0)
		build = running_from_build_tree();
	if (build)
		return SRCDIR_LESSONS;
#endif
	return PKGDATADIR "/lessons";
}

int
course_lesson_dir_state(char *buf, size_t size)
{
	char **paths;
	int n = course_list(&paths);
	if (n < 0 && errno == ENOENT)
		snprintf(buf, size, "missing");
	else if (n < 0)
		snprintf(buf, size, "unreadable: %s", strerror(errno));
	else if (n == 0)
		snprintf(buf, size, "no lesson files (NN-name.md)");
	else
		snprintf(buf, size, "%d lesson%s", n, n == 1 ? "" : "s");
	course_free_list(paths, n > 0 ? n : 0);
	return n;
}

static int
cmp_paths(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
is_lesson_name(const char *name)
{
	size_t n = strlen(name);
	return n > 6 && isdigit((unsigned char)name[0]) && isdigit((unsigned char)name[1]) &&
	    name[2] == '-' && strcmp(name + n - 3, ".md") == 0;
}

int
course_list(char ***paths)
{
	const char *dir = course_lesson_dir();
	DIR *d = opendir(dir);
	*paths = NULL;
	if (!d)
		return -1;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (!is_lesson_name(de->d_name))
			continue;
		char **p = realloc(*paths, (size_t)(n + 1) * sizeof(*p));
		if (!p)
			break;
		*paths = p;
		if (asprintf(&p[n], "%s/%s", dir, de->d_name) < 0)
			break;
		n++;
	}
	closedir(d);
	if (n)
		qsort(*paths, (size_t)n, sizeof(**paths), cmp_paths);
	return n;
}

void
course_free_list(char **paths, int n)
{
	for (int i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

char *
course_find(const char *what, char *err, size_t errlen)
{
	if (strchr(what, '/') || (strlen(what) > 3 && strcmp(what + strlen(what) - 3, ".md") == 0)) {
		if (access(what, R_OK) == 0)
			return strdup(what);
		snprintf(err, errlen, "lesson: cannot read %s: %s", what, strerror(errno));
		return NULL;
	}
	char **paths;
	int n = course_list(&paths);
	if (n < 0) {
		snprintf(err, errlen, "lesson: no lessons in %s: %s (CLONESH_LESSONDIR chooses another "
		    "directory)", course_lesson_dir(), strerror(errno));
		return NULL;
	}
	/* Its number, its name, or a prefix of the name that only one has. */
	char *end;
	long num = strtol(what, &end, 10);
	size_t len = strlen(what);
	int pick = -1, nmatch = 0;
	char names[512] = "";
	for (int i = 0; i < n; i++) {
		const char *base = strrchr(paths[i], '/') + 1;
		size_t stem = strcspn(base, ".");
		if ((*end == '\0' && num == atol(base)) || (strncasecmp(base, what, len) == 0 &&
		    len == stem) || (strncasecmp(base + 3, what, len) == 0 && len == stem - 3)) {
			pick = i;
			nmatch = 1;
			break;
		}
		if (strncasecmp(base + 3, what, len) == 0 || strncasecmp(base, what, len) == 0) {
			pick = i;
			nmatch++;
			str_append(names, sizeof(names), "%s%.*s", nmatch > 1 ? ", " : "", (int)stem, base);
		}
	}
	char *found = NULL;
	if (nmatch == 1)
		found = strdup(paths[pick]);
	else if (nmatch > 1)
		snprintf(err, errlen, "lesson: \"%s\" could be %s (type more of the name, or the "
		    "number)", what, names);
	else
		snprintf(err, errlen, "lesson: no lesson \"%s\" (\"lessons\" lists the %d there are, "
		    "by number and name)", what, n);
	course_free_list(paths, n);
	return found;
}

static char *
progress_path(void)
{
	char dir[PATH_MAX];
	char *path;
	if (session_state_dir(dir, sizeof(dir)) < 0 || asprintf(&path, "%s/progress", dir) < 0)
		return NULL;
	return path;
}

struct progress_entry {
	char name[96];
	int step;
	bool done;
};

/* The progress file: one line a lesson, "NAME STEP done|open". */
static int
progress_read(struct progress_entry *e, int max)
{
	char *path = progress_path();
	FILE *f = path ? fopen(path, "re") : NULL;
	free(path);
	if (!f)
		return 0;
	int n = 0;
	char line[256], state[16];
	while (n < max && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%95s %d %15s", e[n].name, &e[n].step, state) == 3 && e[n].step >= 0) {
			e[n].done = strcmp(state, "done") == 0;
			n++;
		}
	}
	fclose(f);
	return n;
}

static void
progress_write(const struct progress_entry *e, int n)
{
	char *path = progress_path();
	if (!path)
		return;
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	FILE *f = fopen(tmp, "we");
	if (f) {
		for (int i = 0; i < n; i++)
			fprintf(f, "%s %d %s\n", e[i].name, e[i].step, e[i].done ? "done" : "open");
		/* Replace the old file only once the new one is whole. */
		bool whole = !ferror(f);
		if (fclose(f) == 0 && whole)
			rename(tmp, path);
		else
			unlink(tmp);
	}
	free(path);
}

bool
course_progress_get(const char *name, int *step, bool *done)
{
	struct progress_entry e[PROGRESS_MAX];
	int n = progress_read(e, PROGRESS_MAX);
	for (int i = 0; i < n; i++) {
		if (strcmp(e[i].name, name) == 0) {
			*step = e[i].step;
			*done = e[i].done;
			return true;
		}
	}
	return false;
}

void
course_progress_set(const char *name, int step, bool done)
{
	struct progress_entry e[PROGRESS_MAX];
	int n = progress_read(e, PROGRESS_MAX), i;
	for (i = 0; i < n; i++)
		if (strcmp(e[i].name, name) == 0)
			break;
	if (i == n) {
		if (n == PROGRESS_MAX)
			return;
		n++;
		str_copy(e[i].name, name, sizeof(e[i].name));
		e[i].done = false;
	}
	e[i].step = step;
	e[i].done = e[i].done || done;
	progress_write(e, n);
}

void
course_progress_reset(const char *name)
{
	struct progress_entry e[PROGRESS_MAX];
	int n = progress_read(e, PROGRESS_MAX), k = 0;
	for (int i = 0; i < n; i++)
		if (name && strcmp(e[i].name, name) != 0)
			e[k++] = e[i];
	progress_write(e, k);
}

/* --- the stepper ------------------------------------------------------------- */

static struct lesson_step *
current(struct session *s)
{
	struct course *c = s->course;
	return c && c->lesson && c->step < c->lesson->nsteps ? &c->lesson->steps[c->step] : NULL;
}

/* Narrative as written, without its blank edges. */
static void
course_print_text(struct session *s, const char *text)
{
	while (*text == '\n')
		text++;
	size_t n = strlen(text);
	while (n > 0 && text[n - 1] == '\n')
		n--;
	if (n)
		out_printf(s->out, "%.*s\n", (int)n, text);
}

void
course_begin(struct session *s, struct lesson *l, int step)
{
	course_end(s);
	struct course *c = calloc(1, sizeof(*c));
	if (!c) {
		lesson_free(l);
		return;
	}
	int saved = 0;
	bool done = false;
	if (step < 0) {
		step = course_progress_get(l->name, &saved, &done) && !done ? saved : 0;
		if (step >= l->nsteps)
			step = 0;
	}
	c->lesson = l;
	s->course = c;
	out_printf(s->out, "lesson %d: %s\n  goal: %s\n", l->number, l->title, l->goal);
	if (l->intro && step == 0)
		course_print_text(s, l->intro);
	course_goto(s, step);
}

void
course_end(struct session *s)
{
	if (!s->course)
		return;
	lesson_free(s->course->lesson);
	free(s->course);
	s->course = NULL;
}

bool
course_goto(struct session *s, int step)
{
	struct course *c = s->course;
	if (!c || step < 0 || step >= c->lesson->nsteps)
		return false;
	c->step = step;
	c->hints_shown = 0;
	c->chosen = -1;
	c->graded = false;
	c->spawns = 0;
	c->step_done = false;
	if (!c->automatic)
		course_progress_set(c->lesson->name, step, false);
	course_show_step(s);
	return true;
}

void
course_show_step(struct session *s)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	if (!st)
		return;
	out_printf(s->out, "\nstep %d of %d: %s\n", c->step + 1, c->lesson->nsteps, st->title);
	if (st->text)
		course_print_text(s, st->text);
	if (st->ncommands) {
		for (int i = 0; i < st->ncommands; i++)
			out_printf(s->out, "%s%s\n", i ? "         " : "  type:  ", st->commands[i]);
	}
	const struct lesson_prediction *pr = st->prediction;
	if (pr) {
		out_printf(s->out, "  predict before you spawn: %s\n   ", pr->question);
		for (int i = 0; i < pr->nchoices; i++)
			out_printf(s->out, "  %d) %s", i + 1, pr->choices[i].label);
		out_printf(s->out, "\n  answer with \"answer 1\" (or the words)%s\n",
		    st->nhints ? "; \"hint\" helps" : "");
	}
}

void
course_grade(struct session *s, const struct observation *o)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	if (!st || !st->prediction || c->graded)
		return;
	const struct lesson_prediction *pr = st->prediction;
	char truth[256];
	bool is_string;
	c->graded = true;
	if (lesson_lookup(o, pr->truth, truth, sizeof(truth), &is_string) < 0) {
		out_printf(s->out, "prediction: the observation has no %s to grade it (the experiment "
		    "did not get that far)\n", pr->truth);
		c->failures++;
		return;
	}
	int right = -1;
	for (int i = 0; i < pr->nchoices; i++)
		if (lesson_compare(truth, OP_EQ, pr->choices[i].value))
			right = i;
	const char *truth_label = right >= 0 ? pr->choices[right].label : truth;
	if (c->chosen < 0) {
		out_printf(s->out, "prediction: you did not predict; the kernel says %s (%s = %s)\n",
		    truth_label, pr->truth, truth);
	} else if (c->chosen == right) {
		out_printf(s->out, "prediction: you said %s, and the kernel agrees (%s = %s): right\n",
		    pr->choices[c->chosen].label, pr->truth, truth);
	} else {
		out_printf(s->out, "prediction: you said %s, but the kernel says %s (%s = %s): wrong\n",
		    pr->choices[c->chosen].label, truth_label, pr->truth, truth);
		if (c->automatic)
			c->failures++;
	}
	out_printf(s->out, "  why: %s\n", pr->explain);
}

int
course_check_expectations(struct session *s, const struct observation *o, bool quiet_ok)
{
	const struct lesson_step *st = current(s);
	int failed = 0;
	if (!st)
		return 0;
	for (int i = 0; i < st->nexpects; i++) {
		const struct lesson_expect *e = &st->expects[i];
		char actual[256], other[256];
		bool is_string;
		const char *want = lesson_expected_value(o, e, other, sizeof(other));
		if (lesson_lookup(o, e->path, actual, sizeof(actual), &is_string) < 0 || !want) {
			out_printf(s->out, "expect %s %s %s: not measured in this experiment\n", e->path,
			    lesson_op_name(e->op), e->value);
			failed++;
		} else if (!lesson_compare(actual, e->op, want)) {
			out_printf(s->out, "expect %s %s %s: no, the kernel did %s\n", e->path,
			    lesson_op_name(e->op), e->value, actual);
			failed++;
		} else if (!quiet_ok) {
			out_printf(s->out, "expect %s %s %s: yes\n", e->path, lesson_op_name(e->op), e->value);
		}
	}
	return failed;
}

void
course_after_spawn(struct session *s, const struct observation *o)
{
	struct course *c = s->course;
	if (!c || !current(s))
		return;
	const struct lesson_step *st = current(s);
	c->spawns++;
	course_grade(s, o);
	/* Expectations hold for the step's last experiment, not the ones before. */
	if (c->automatic || c->spawns < st->nspawns)
		return;
	int failed = course_check_expectations(s, o, false);
	if (c->spawns == st->nspawns && st->after)
		course_print_text(s, st->after);
	if (failed == 0 && !c->step_done) {
		c->step_done = true;
		bool last = c->step + 1 >= c->lesson->nsteps;
		course_progress_set(c->lesson->name, last ? c->step : c->step + 1, last);
		if (last)
			out_printf(s->out, "lesson %d done: \"lessons\" shows what comes next\n",
			    c->lesson->number);
		else
			out_printf(s->out, "step done: type \"next\"\n");
	}
}

int
course_run(struct session *s, const char *path)
{
	char err[1024];
	struct lesson *l = lesson_load(path, err, sizeof(err));
	if (!l || lesson_check(l, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		lesson_free(l);
		return 2;
	}
	const char *unmet = lesson_unmet(l);
	if (unmet) {
		printf("%s: skipped: %s\n", path, unmet);
		lesson_free(l);
		return 77;
	}
	struct course *c = calloc(1, sizeof(*c));
	if (!c) {
		lesson_free(l);
		return 1;
	}
	c->lesson = l;
	c->automatic = true;
	s->course = c;
	out_printf(s->out, "lesson %d: %s\n  goal: %s\n", l->number, l->title, l->goal);
	int status = 0;
	for (int i = 0; i < l->nsteps && status == 0; i++) {
		course_goto(s, i);
		const struct lesson_step *st = &l->steps[i];
		if (st->prediction) {
			c->chosen = st->prediction->answer;
			out_printf(s->out, "answer: %s\n", st->prediction->choices[c->chosen].label);
		}
		for (int k = 0; k < st->ncommands; k++) {
			char where[1100];
			snprintf(where, sizeof(where), "%s:%d", path, st->line);
			s->out->where = where;
			out_printf(s->out, "clonesh> %s\n", st->commands[k]);
			/* The lesson's own commands: content from elsewhere. */
			s->untrusted = true;
			int r = session_run_line(s, st->commands[k]);
			s->untrusted = false;
			s->out->where = "clonesh";
			if (r < 0) {
				status = 1;
				break;
			}
		}
		if (status)
			break;
		if (st->nexpects && (!s->last || c->spawns == 0)) {
			out_printf(s->out, "expect: step %d ran no experiment to check\n", i + 1);
			c->failures++;
		} else if (st->nexpects) {
			c->failures += (unsigned int)course_check_expectations(s, s->last, false);
		}
		if (st->after)
			course_print_text(s, st->after);
	}
	out_flush(s->out);
	if (status == 0 && c->failures)
		status = 1;
	out_printf(s->out, "%s: %d steps, %u disagreements with the kernel\n", path, l->nsteps,
	    c->failures);
	course_end(s);
	return status;
}
