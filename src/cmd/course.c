#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "commands.h"
#include "course.h"
#include "kernel.h"
#include "lesson.h"
#include "lexer.h"
#include "mdtext.h"
#include "observation.h"
#include "output.h"
#include "rehearse.h"
#include "session.h"
#include "util.h"

#define PROGRESS_MAX 128

/* --- where lessons and progress live --------------------------------------- */

/* The source tree's lessons when this is the clonesh of a build tree: the
 * build writes their directory into "lesson-dir" beside the binary, and
 * never installs that file.  NULL otherwise. */
static const char *
build_tree_lessons(void)
{
	static char dir[PATH_MAX];
	return build_tree_dir("lesson-dir", dir, sizeof(dir));
}

const char *
course_lesson_dir(void)
{
	const char *dir = getenv("CLONESH_LESSONDIR");
	if (dir && *dir)
		return dir;
	static const char *build;
	static bool looked;
	if (!looked) {
		build = build_tree_lessons();
		looked = true;
	}
	return build ? build : PKGDATADIR "/lessons";
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
current(const struct session *s)
{
	const struct course *c = s->course;
	return c && c->lesson && c->step < c->lesson->nsteps ? &c->lesson->steps[c->step] : NULL;
}

/* Text without its blank edges, or NULL when nothing is left. */
static char *
trimmed(const char *text)
{
	while (*text == '\n')
		text++;
	size_t n = strlen(text);
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	return n ? strndup(text, n) : NULL;
}

/* The width plain mode wraps the lesson's text to: the terminal's, else 80. */
static int
plain_width(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col > 100 ? 100 : ws.ws_col;
	return 80;
}

/* Plain mode: a block as lines of text, the lesson's Markdown rendered. */
static void
page_print(struct session *s, const struct page_block *b)
{
	struct md_text md;
	switch (b->kind) {
	case PAGE_MARKDOWN:
		if (md_render(b->text, plain_width(), &md) < 0) {
			out_printf(s->out, "%s\n", b->text);
			break;
		}
		for (int i = 0; i < md.nlines; i++)
			out_printf(s->out, "%s\n", md.lines[i].text);
		md_text_free(&md);
		break;
	case PAGE_COMMANDS:
		for (const char *p = b->text, *first = p; *p; ) {
			size_t n = strcspn(p, "\n");
			out_printf(s->out, "%s%.*s\n", p == first ? "  type:  " : "         ", (int)n, p);
			p += n + (p[n] == '\n');
		}
		break;
	default:
		/* At a terminal, each line wrapped to its width under its own
		 * indentation; a script or a pipe gets each line whole. */
		if (!isatty(STDOUT_FILENO)) {
			out_printf(s->out, "%s\n", b->text);
			break;
		}
		for (const char *p = b->text; *p; ) {
			size_t n = strcspn(p, "\n"), ind = strspn(p, " ");
			char first[16], rest[20], *line = strndup(p, n);
			if (ind > 8 || ind > n)
				ind = 0;
			snprintf(first, sizeof(first), "%*s", (int)ind, "");
			snprintf(rest, sizeof(rest), "%*s", (int)ind + 2, "");
			if (line)
				out_wrapped(s->out, first, rest, (size_t)plain_width(), line + ind);
			free(line);
			p += n + (p[n] == '\n');
		}
		break;
	}
}

/* Adds a block to the step's page; plain mode prints it now, the pane
 * draws the page. */
static void
page_add_vtext(struct session *s, enum page_kind kind, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void
page_add_vtext(struct session *s, enum page_kind kind, const char *fmt, va_list ap)
{
	struct course *c = s->course;
	char *text;
	if (vasprintf(&text, fmt, ap) < 0)
		return;
	if (!c) {
		/* No lesson: what would have gone on its page is plain output. */
		out_printf(s->out, "%s\n", text);
		free(text);
		return;
	}
	struct page_block *p = realloc(c->page, (size_t)(c->npage + 1) * sizeof(*p));
	if (!p) {
		free(text);
		return;
	}
	c->page = p;
	p[c->npage] = (struct page_block){ kind, text };
	c->npage++;
	c->page_changes++;
	if (!(s->fe && s->fe->lesson_shown()))
		page_print(s, &p[c->npage - 1]);
}

static void
page_add(struct session *s, enum page_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void
page_add(struct session *s, enum page_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	page_add_vtext(s, kind, fmt, ap);
	va_end(ap);
}

static void
page_add_text(struct session *s, const char *text)
{
	char *t = text ? trimmed(text) : NULL;
	if (t)
		page_add(s, PAGE_MARKDOWN, "%s", t);
	free(t);
}

static void
page_clear(struct course *c)
{
	for (int i = 0; i < c->npage; i++)
		free(c->page[i].text);
	free(c->page);
	c->page = NULL;
	c->npage = 0;
	c->page_changes++;
	/* Unique across lessons, so a new course at the same address is new. */
	static unsigned int epochs;
	c->page_epoch = ++epochs;
}

/* A command in one form whatever its spelling: the command's own name (not
 * an alias or a prefix), then its words, one space apart.  NULL when it
 * does not parse. */
static char *
canonical(int argc, char **argv)
{
	char err[256], buf[LEXER_LINE_MAX];
	const struct command *cmd = argc > 0 ? commands_find(argv[0], err, sizeof(err)) : NULL;
	if (!cmd)
		return NULL;
	str_copy(buf, cmd->name, sizeof(buf));
	for (int i = 1; i < argc; i++)
		str_append(buf, sizeof(buf), " %s", argv[i]);
	return strdup(buf);
}

static void
typed_free(struct course *c)
{
	const struct lesson_step *st = c->lesson && c->step < c->lesson->nsteps ?
	    &c->lesson->steps[c->step] : NULL;
	if (c->typed && st)
		for (int i = 0; i < st->ncommands; i++)
			free(c->typed[i]);
	free(c->typed);
	c->typed = NULL;
}

/* The step's commands still to type, in canonical form. */
static void
typed_init(struct course *c, const struct lesson_step *st)
{
	c->typed = st->ncommands ? calloc((size_t)st->ncommands, sizeof(*c->typed)) : NULL;
	for (int i = 0; c->typed && i < st->ncommands; i++) {
		struct lex_command *cmds;
		size_t n;
		char err[256];
		if (lexer_split(st->commands[i], &cmds, &n, err, sizeof(err)) < 0)
			continue;
		if (n == 1)
			c->typed[i] = canonical(cmds[0].argc, cmds[0].argv);
		lexer_free(cmds, n);
	}
}

/* The experiments the step's commands set up, worked out by rehearsing the
 * lesson from its start: a spawn is graded only when it ran one of them. */
static void
setups_init(struct course *c)
{
	const struct lesson_step *st = &c->lesson->steps[c->step];
	char err[512];
	free(c->setups);
	c->setups = NULL;
	c->nsetups = 0;
	if (c->automatic || st->nspawns == 0)
		return;
	c->setups = calloc((size_t)st->nspawns, sizeof(*c->setups));
	c->nsetups = c->setups ? rehearse_step(c->lesson, c->step, c->setups, st->nspawns, err,
	    sizeof(err)) : -1;
}

/* Whether the learner's experiment is the one the step sets up next; when
 * not, the page says which settings differ and how to set them. */
static bool
setup_matches(struct session *s, const struct experiment *ran)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	if (c->automatic || c->nsetups <= 0)
		return true;
	int k = c->spawns < c->nsetups ? c->spawns : c->nsetups - 1;
	char diff[1024];
	if (!experiment_differs(ran, &c->setups[k].cfg, diff, sizeof(diff)))
		return true;
	char cmds[LEXER_LINE_MAX] = "";
	for (int i = 0; i < st->ncommands; i++)
		str_append(cmds, sizeof(cmds), "%s%s", i ? "; " : "", st->commands[i]);
	page_add(s, PAGE_WRONG, "not graded: this is not the experiment of step %d (%s)",
	    c->step + 1, diff);
	page_add(s, PAGE_NOTE, "the step's commands set it up: %s (\"solution\" puts them in the "
	    "prompt)", cmds);
	return false;
}

bool
course_step_spawns(const struct session *s)
{
	const struct lesson_step *st = current(s);
	return st && lesson_step_experiments(st) > 0;
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
	c->steps_done = calloc((size_t)l->nsteps, sizeof(*c->steps_done));
	if (!c->steps_done) {
		lesson_free(l);
		free(c);
		return;
	}
	/* Resumed: the steps before the one saved were done. */
	for (int i = 0; i < step; i++)
		c->steps_done[i] = true;
	c->lesson = l;
	c->step = step;
	c->fresh = true;
	s->course = c;
	s->course_end = course_end;
	course_goto(s, step);
}

void
course_end(struct session *s)
{
	struct course *c = s->course;
	if (!c)
		return;
	typed_free(c);
	free(c->setups);
	free(c->traced);
	page_clear(c);
	lesson_free(c->lesson);
	free(c->steps_done);
	free(c);
	s->course = NULL;
}

bool
course_goto(struct session *s, int step)
{
	struct course *c = s->course;
	if (!c || step < 0 || step >= c->lesson->nsteps)
		return false;
	typed_free(c);
	c->step = step;
	c->hints_shown = 0;
	c->chosen = -1;
	c->graded = false;
	c->spawns = 0;
	c->step_done = false;
	c->drill_pending = false;
	typed_init(c, &c->lesson->steps[step]);
	setups_init(c);
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
	const struct lesson *l = c->lesson;
	page_clear(c);
	/* The lesson's title when it starts or resumes; its introduction
	 * opens the first step. */
	if (c->fresh || c->step == 0)
		page_add(s, PAGE_NOTE, "lesson %d: %s\n  goal: %s", l->number, l->title, l->goal);
	if (c->step == 0)
		page_add_text(s, l->intro);
	c->fresh = false;
	page_add(s, PAGE_NOTE, "\nstep %d of %d: %s", c->step + 1, l->nsteps, st->title);
	/* A step this system cannot run is skipped, saying why at its top, so
	 * the learner can still read it and finish the lesson. */
	const char *unmet = lesson_step_unmet(st);
	if (unmet)
		page_add(s, PAGE_WRONG, "step %d is skipped here: %s", c->step + 1, unmet);
	page_add_text(s, st->text);
	if (st->ncommands) {
		char cmds[LEXER_LINE_MAX] = "";
		for (int i = 0; i < st->ncommands; i++)
			str_append(cmds, sizeof(cmds), "%s%s", i ? "\n" : "", st->commands[i]);
		page_add(s, PAGE_COMMANDS, "%s", cmds);
	}
	const struct lesson_prediction *pr = st->prediction;
	if (pr) {
		char choices[1024] = "";
		for (int i = 0; i < pr->nchoices; i++)
			str_append(choices, sizeof(choices), "  %d) %s", i + 1, pr->choices[i].label);
		page_add(s, PAGE_QUESTION, "  predict before you %s: %s\n   %s\n  answer with \"answer 1\" "
		    "(or the words)%s", st->ntraces ? "trace" : st->ncosts ? "run cost" : "spawn", pr->question, choices,
		    st->nhints ? "; \"hint\" helps" : "");
	}
	if (unmet)
		course_finish_step(s);
}

void
course_note(struct session *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	page_add_vtext(s, PAGE_NOTE, fmt, ap);
	va_end(ap);
}

/* Why the field at path is null: its "_why" twin ("shared.vm" has
 * "shared_why.vm"), else a plain "not measured". */
static const char *
null_reason(const struct observation *o, const char *path, char *buf, size_t size)
{
	char twin[256];
	bool is_string;
	const char *dot = strchr(path, '.');
	if (dot && snprintf(twin, sizeof(twin), "%.*s_why%s", (int)(dot - path), path, dot) <
	    (int)sizeof(twin) && lesson_lookup(o, twin, buf, size, &is_string) == 0 && is_string)
		return buf;
	return "not measured";
}

/* A field the experiment could not measure (null) where a verdict was
 * wanted: not graded, said with the reason.  It counts against the lesson
 * only where nothing in this system explains it (kcmp works here). */
static void
course_unmeasured(struct session *s, const struct observation *o, const char *what,
    const char *path)
{
	char why[256];
	page_add(s, PAGE_WRONG, "%s: not graded: %s was not measured here (%s)", what, path,
	    null_reason(o, path, why, sizeof(why)));
	s->course->unmeasured++;
}

static bool
is_null(const char *value, bool is_string)
{
	return !is_string && strcmp(value, "null") == 0;
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
		page_add(s, PAGE_WRONG, "prediction: the observation has no %s to grade it (the "
		    "experiment did not get that far)", pr->truth);
		c->failures++;
		return;
	}
	int right = -1;
	for (int i = 0; i < pr->nchoices; i++)
		if (lesson_compare(truth, OP_EQ, pr->choices[i].value))
			right = i;
	if (right < 0 && is_null(truth, is_string)) {
		course_unmeasured(s, o, "prediction", pr->truth);
		return;
	}
	const char *truth_label = right >= 0 ? pr->choices[right].label : truth;
	if (c->chosen < 0) {
		page_add(s, PAGE_NOTE, "prediction: you did not predict; the kernel says %s (%s = %s)",
		    truth_label, pr->truth, truth);
	} else if (c->chosen == right) {
		page_add(s, PAGE_RIGHT, "prediction: you said %s, and the kernel agrees (%s = %s): right",
		    pr->choices[c->chosen].label, pr->truth, truth);
	} else {
		page_add(s, PAGE_WRONG, "prediction: you said %s, but the kernel says %s (%s = %s): wrong",
		    pr->choices[c->chosen].label, truth_label, pr->truth, truth);
		if (c->automatic)
			c->failures++;
	}
	page_add(s, PAGE_NOTE, "  why: %s", pr->explain);
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
			page_add(s, PAGE_WRONG, "expect %s %s %s: not measured in this experiment", e->path,
			    lesson_op_name(e->op), e->value);
			failed++;
		} else if (!lesson_compare(actual, e->op, want) && is_null(actual, is_string)) {
			char what[300];
			snprintf(what, sizeof(what), "expect %s %s %s", e->path, lesson_op_name(e->op),
			    e->value);
			course_unmeasured(s, o, what, e->path);
		} else if (!lesson_compare(actual, e->op, want)) {
			page_add(s, PAGE_WRONG, "expect %s %s %s: no, the kernel did %s", e->path,
			    lesson_op_name(e->op), e->value, actual);
			failed++;
		} else if (!quiet_ok) {
			page_add(s, PAGE_RIGHT, "expect %s %s %s: yes", e->path, lesson_op_name(e->op),
			    e->value);
		}
	}
	return failed;
}

int
course_steps_undone(const struct course *c, char *list, size_t size, int *first)
{
	int n = 0;

	*first = -1;
	if (size)
		list[0] = '\0';
	for (int i = 0; i < c->lesson->nsteps; i++)
		if (!c->steps_done || !c->steps_done[i]) {
			if (*first < 0)
				*first = i;
			str_append(list, size, "%s%d", n++ ? ", " : "", i + 1);
		}
	return n;
}

void
course_finish_step(struct session *s)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	if (!st || c->step_done)
		return;
	c->step_done = true;
	if (c->steps_done)
		c->steps_done[c->step] = true;
	page_add_text(s, st->after);
	if (c->automatic)
		return;
	const struct lesson *l = c->lesson;
	bool last = c->step + 1 >= l->nsteps;
	/* Done when every step is: one skipped with "next" before its
	 * experiment ran is named, and the progress returns to it. */
	char undone[256];
	int first;
	int nundone = course_steps_undone(c, undone, sizeof(undone), &first);
	if (nundone == 0) {
		course_progress_set(l->name, c->step, true);
		page_add(s, PAGE_DONE, "lesson %d done: \"lessons\" shows what comes next", l->number);
	} else if (last) {
		course_progress_set(l->name, first, false);
		page_add(s, PAGE_DONE, "the last step is done, but not step%s %s, whose experiment did not "
		    "run with the step's settings: \"back\" returns to %s; lesson %d is done with all",
		    nundone > 1 ? "s" : "", undone, nundone > 1 ? "them" : "it", l->number);
	} else {
		course_progress_set(l->name, c->step + 1, false);
		page_add(s, PAGE_DONE, "step done: type \"next\"");
	}
}

/* --- a traced creation as a step's experiment ------------------------------- */

/* The step's k-th "trace show N" (0-based) in canonical form in show, and
 * the "trace PROGRAM" last before it in run; false when there is none. */
static bool
step_trace_setup(const struct lesson_step *st, int k, char *run, char *show, size_t size)
{
	int seen = 0;
	run[0] = show[0] = '\0';
	for (int i = 0; i < st->ncommands; i++) {
		struct lex_command *cmds;
		size_t n;
		char err[256];
		if (lexer_split(st->commands[i], &cmds, &n, err, sizeof(err)) < 0)
			continue;
		for (size_t j = 0; j < n && !show[0]; j++) {
			char *cmd = canonical(cmds[j].argc, cmds[j].argv);
			if (cmd && cmds[j].argc > 1 && str_prefix(cmd, "trace ")) {
				if (strcmp(cmds[j].argv[1], "show") == 0 && seen++ == k)
					str_copy(show, cmd, size);
				else if (strcmp(cmds[j].argv[1], "show") != 0 &&
				    strcmp(cmds[j].argv[1], "use") != 0)
					str_copy(run, cmd, size);
			}
			free(cmd);
		}
		lexer_free(cmds, n);
		if (show[0])
			return true;
	}
	return false;
}

/* Whether the traced creation just shown is the one the step grades next:
 * the learner's last trace ran the step's program, and shows the step's
 * creation.  When not, the page says what differs and how to set it up. */
static bool
trace_matches(struct session *s, const char *shown)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	char run[LEXER_LINE_MAX], show[LEXER_LINE_MAX];
	int k = c->spawns < st->ntraces ? c->spawns : st->ntraces - 1;
	if (c->automatic || !step_trace_setup(st, k, run, show, sizeof(show)))
		return true;
	bool same_run = c->traced && strcmp(c->traced, run) == 0;
	if (same_run && strcmp(shown, show) == 0)
		return true;
	if (!same_run)
		page_add(s, PAGE_WRONG, "not graded: step %d traces another program (yours: %s; the "
		    "step's: %s)", c->step + 1, c->traced ? c->traced : "none yet", run);
	else
		page_add(s, PAGE_WRONG, "not graded: step %d looks at another creation (yours: %s; the "
		    "step's: %s)", c->step + 1, shown, show);
	page_add(s, PAGE_NOTE, "the step's commands set it up: \"solution\" puts them in the prompt");
	return false;
}

/* After a command: "trace PROGRAM" is remembered, and in a step that grades
 * traced creations "trace show N" (which made creation N the session's last
 * observation) is graded as a spawn is.  True when the command was the
 * step's business here, false when typing it counts as usual. */
static bool
course_after_trace(struct session *s, int argc, char **argv)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	if (argc < 2)
		return false;
	char *cmd = canonical(argc, argv);
	if (!cmd || !str_prefix(cmd, "trace ") || strcmp(argv[1], "use") == 0) {
		free(cmd);
		return false;
	}
	if (strcmp(argv[1], "show") != 0) {
		free(c->traced);
		c->traced = cmd;
		return st->ntraces > 0;
	}
	if (st->ntraces == 0) {
		free(cmd);
		return false;
	}
	bool graded = s->last && !c->step_done && trace_matches(s, cmd);
	free(cmd);
	if (!graded)
		return true;
	c->spawns++;
	course_grade(s, s->last);
	/* Expectations hold for the step's last creation shown. */
	if (c->automatic || c->spawns < st->ntraces)
		return true;
	if (course_check_expectations(s, s->last, false) == 0)
		course_finish_step(s);
	return true;
}

/* Whether cmd (canonical) is one of the step's own lines: a step that
 * grades a cost grades the cost its commands run, not another size. */
static bool
step_has_line(const struct lesson_step *st, const char *cmd)
{
	bool found = false;
	for (int i = 0; i < st->ncommands && !found; i++) {
		struct lex_command *cmds;
		size_t n;
		char err[256];
		if (lexer_split(st->commands[i], &cmds, &n, err, sizeof(err)) < 0)
			continue;
		for (size_t k = 0; k < n && !found; k++) {
			char *own = canonical(cmds[k].argc, cmds[k].argv);
			found = own && strcmp(own, cmd) == 0;
			free(own);
		}
		lexer_free(cmds, n);
	}
	return found;
}

/* After a command: in a step that grades a cost, its "cost" (which made
 * the figures the session's last observation) is graded as a spawn is.
 * True when the command was the step's business here. */
static bool
course_after_cost(struct session *s, int argc, char **argv)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	char *cmd = canonical(argc, argv);
	if (!cmd || (strcmp(cmd, "cost") != 0 && !str_prefix(cmd, "cost ")) || st->ncosts == 0) {
		free(cmd);
		return false;
	}
	bool mine = c->automatic || step_has_line(st, cmd);
	if (!mine)
		page_add(s, PAGE_WRONG, "not graded: step %d measures another cost (yours: %s); the "
		    "step's commands set it up: \"solution\" puts them in the prompt", c->step + 1, cmd);
	free(cmd);
	if (!mine || !s->last || !s->last->cost.measured || c->step_done)
		return true;
	c->spawns++;
	course_grade(s, s->last);
	if (c->automatic || c->spawns < st->ncosts)
		return true;
	if (course_check_expectations(s, s->last, false) == 0)
		course_finish_step(s);
	return true;
}

void
course_after_command(struct session *s, int argc, char **argv)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	if (st && course_after_trace(s, argc, argv))
		return;
	if (st && course_after_cost(s, argc, argv))
		return;
	if (!st || c->automatic || !c->typed || c->step_done)
		return;
	char *cmd = canonical(argc, argv);
	bool left = false, mine = false;
	for (int i = 0; cmd && i < st->ncommands; i++) {
		if (c->typed[i] && strcmp(c->typed[i], cmd) == 0) {
			free(c->typed[i]);
			c->typed[i] = NULL;
			mine = true;
		}
		left = left || c->typed[i];
	}
	/* The step's own drill of rounds: done when they are played, not typed. */
	if (mine && str_prefix(cmd, "drill ") && s->drill)
		c->drill_pending = true;
	free(cmd);
	/* A step with an experiment is done by the experiment, not by typing. */
	if (!left && lesson_step_experiments(st) == 0 && !c->drill_pending)
		course_finish_step(s);
}

void
course_after_drill(struct session *s, unsigned int right, unsigned int graded,
    unsigned int unmeasured)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	if (!st || (!c->drill_pending && !c->automatic))
		return;
	c->drill_pending = false;
	page_add(s, right == graded && graded ? PAGE_RIGHT : PAGE_NOTE, "drill: %u of %u right%s",
	    right, graded, unmeasured ? " (some not measured here)" : "");
	if (c->automatic) {
		c->failures += graded - right;
		c->unmeasured += unmeasured;
		return;
	}
	bool left = false;
	for (int i = 0; c->typed && i < st->ncommands; i++)
		left = left || c->typed[i];
	if (!left && lesson_step_experiments(st) == 0)
		course_finish_step(s);
}

void
course_after_spawn(struct session *s, const struct observation *o)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	if (!st)
		return;
	/* A step without an experiment: a spawn of the learner's own does not
	 * finish it. */
	if (st->nspawns == 0)
		return;
	/* Graded only on the experiment the step sets up. */
	/* The experiment that ran, -n included (the settings keep one child). */
	if (!setup_matches(s, &o->cfg))
		return;
	c->spawns++;
	course_grade(s, o);
	/* Expectations hold for the step's last experiment, not the ones before. */
	if (c->automatic || c->spawns < st->nspawns || c->step_done)
		return;
	if (course_check_expectations(s, o, false) == 0)
		course_finish_step(s);
}

bool
course_step_edit(const struct session *s, const char **old_text, const char **new_text)
{
	const struct lesson_step *st = current(s);
	if (!st || !st->edit_old)
		return false;
	*old_text = st->edit_old;
	*new_text = st->edit_new;
	return true;
}

void
course_after_program(struct session *s, const struct observation *o, bool mine,
    bool (*told)(const struct observation *o, const char *path, void *data), void *data)
{
	struct course *c = s->course;
	const struct lesson_step *st = current(s);
	if (!st || !st->nedits || c->step_done)
		return;
	if (!mine && !c->automatic) {
		page_add(s, PAGE_WRONG, "not graded: your program is not step %d's change (the step's: "
		    "s/%s/%s/; \"code --edit --fresh\" starts again from the exported program)",
		    c->step + 1, st->edit_old, st->edit_new);
		return;
	}
	c->spawns++;
	if (st->prediction && !c->graded && !told(o, st->prediction->truth, data)) {
		c->graded = true;
		page_add(s, PAGE_WRONG, "prediction: not graded: the program did not print %s (it "
		    "ended before)", st->prediction->truth);
		c->unmeasured++;
	} else {
		course_grade(s, o);
	}
	if (!c->automatic)
		course_finish_step(s);
}

/* What --run-lesson counts, for its summary. */
struct run_counts {
	int steps_run, skipped;
	unsigned int failed_commands, unevaluated;
};

/* A step's commands, each shown with the prompt and run as typed, under the
 * lesson's FILE:LINE; 0, or -1 when one failed (the rest not run). */
static int
run_step_commands(struct session *s, const char *path, const struct lesson_step *st,
    course_run_line_fn *run_line)
{
	for (int k = 0; k < st->ncommands; k++) {
		char where[1100];
		snprintf(where, sizeof(where), "%s:%d", path, st->command_lines[k]);
		s->out->where = where;
		out_printf(s->out, "clonesh> %s\n", st->commands[k]);
		/* The lesson's own commands: content from elsewhere. */
		s->untrusted = true;
		int r = run_line(s, st->commands[k]);
		s->untrusted = false;
		s->out->where = "clonesh";
		if (r < 0)
			return -1;
	}
	return 0;
}

/* --run-lesson's last line, and its status: 1 when a command failed or the
 * kernel disagreed. */
static int
run_summary(struct session *s, const char *path, const struct run_counts *n, int status)
{
	struct course *c = s->course;
	const struct lesson *l = c->lesson;

	out_flush(s->out);
	/* Not measured is this system's limit where kcmp fails here; elsewhere
	 * it is a fault of clonesh's, and counts as one. */
	bool limited = kernel_env()->kcmp_errno != 0;
	if (!limited)
		c->failures += c->unmeasured;
	if (status == 0 && c->failures)
		status = 1;
	char skips[64] = "";
	if (n->skipped)
		snprintf(skips, sizeof(skips), " (%d skipped: this system cannot run %s)", n->skipped,
		    n->skipped == 1 ? "it" : "them");
	char unmeasured[96] = "";
	if (c->unmeasured && limited)
		snprintf(unmeasured, sizeof(unmeasured), ", %u not measured here (kcmp fails: "
		    "\"doctor\")", c->unmeasured);
	out_printf(s->out, "%s: %d of %d steps run%s; %u command%s failed, %u expectation%s not "
	    "evaluated, %u disagreement%s with the kernel%s\n", path, n->steps_run, l->nsteps, skips,
	    n->failed_commands, n->failed_commands == 1 ? "" : "s", n->unevaluated,
	    n->unevaluated == 1 ? "" : "s", c->failures, c->failures == 1 ? "" : "s", unmeasured);
	return status;
}

int
course_run(struct session *s, const char *path, course_run_line_fn *run_line)
{
	char err[1024];
	struct lesson *l = lesson_load(path, commands_name_of, err, sizeof(err));
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
	c->fresh = true;
	s->course = c;
	s->course_end = course_end;
	int status = 0;
	struct run_counts n = { 0 };
	for (int i = 0; i < l->nsteps; i++) {
		const struct lesson_step *st = &l->steps[i];
		/* A failed command stops the lesson: this step's expectations and
		 * every later step's are never evaluated, which is not agreement. */
		if (status) {
			n.unevaluated += (unsigned int)st->nexpects;
			continue;
		}
		course_goto(s, i);
		if (lesson_step_unmet(st)) {
			n.skipped++;
			continue;	/* course_show_step said why */
		}
		if (st->prediction) {
			c->chosen = st->prediction->answer;
			page_add(s, PAGE_NOTE, "answer: %s", st->prediction->choices[c->chosen].label);
		}
		if (run_step_commands(s, path, st, run_line) < 0) {
			status = 1;
			n.failed_commands++;
			n.unevaluated += (unsigned int)st->nexpects;
			continue;
		}
		/* A drill the step started is played with its own answers, which
		 * the kernel then grades: each round measured twice. */
		char line[LEXER_LINE_MAX];
		for (int round = 0; s->drill && s->drill_own_answer && round < 100 &&
		    s->drill_own_answer(s, line, sizeof(line)); round++) {
			out_printf(s->out, "clonesh> %s\n", line);
			if (run_line(s, line) < 0) {
				/* The drill's own answer refused: the lesson is wrong. */
				status = 1;
				n.failed_commands++;
				break;
			}
		}
		n.steps_run++;
		if (st->nexpects && (!s->last || c->spawns == 0)) {
			out_printf(s->out, "expect: step %d ran no experiment to check\n", i + 1);
			c->failures++;
		} else if (st->nexpects) {
			c->failures += (unsigned int)course_check_expectations(s, s->last, false);
		}
		course_finish_step(s);
	}
	status = run_summary(s, path, &n, status);
	course_end(s);
	return status;
}
