#include "config.h"

#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "course-state.h"
#include "experiment.h"
#include "lesson.h"
#include "lexer.h"
#include "output.h"
#include "rehearse.h"
#include "session.h"
#include "util.h"

/* What a command chooses afresh, whatever the settings were. */
enum { CHOOSES_FN = 1, CHOOSES_FLAGS = 2 };

/* The first error a dry command reports; its text output is dropped. */
static void
first_error(struct output *out, enum out_kind kind, const char *s, size_t len)
{
	struct output_buffer *b = out->data;

	if (kind != OUT_ERROR || b->buf)
		return;
	while (len && s[len - 1] == '\n')
		len--;
	b->buf = strndup(s, len);
	b->len = len;
}

/* "flags = vm files", "flags vm", "flags none", "flags -none +vm" replace the
 * whole set; "flags +vm" edits the one there was. */
static bool
flags_replaced(int argc, char **argv)
{
	if (argc > 1 && argv[1][0] == '=')
		return true;
	for (int i = 1; i < argc; i++) {
		char word[512];
		str_copy(word, argv[i], sizeof(word));
		for (char *save = NULL, *t = strtok_r(word, " |,", &save); t;
		    t = strtok_r(NULL, " |,", &save))
			if ((t[0] != '+' && t[0] != '-') || strcasecmp(t, "-none") == 0)
				return true;
	}
	return false;
}

/* What command c, with its words, chooses afresh (CHOOSES_*). */
static unsigned int
chooses(const struct command *c, int argc, char **argv)
{
	if (strcmp(c->name, "reset") == 0)
		return CHOOSES_FN | CHOOSES_FLAGS;
	if (strcmp(c->name, "fn") == 0)
		return argc > 1 ? CHOOSES_FN : 0;
	if (strcmp(c->name, "flags") == 0)
		return flags_replaced(argc, argv) ? CHOOSES_FLAGS : 0;
	if (strcmp(c->name, "preset") == 0 && argc == 2) {
		const struct preset *p = experiment_find_preset(argv[1]);
		return p ? CHOOSES_FLAGS | (p->fn ? CHOOSES_FN : 0) : 0;
	}
	if (strcmp(c->name, "spawn") == 0) {
		int i = 1;
		while (i < argc && argv[i][0] == '-')
			i += strcmp(argv[i], "-n") == 0 ? 2 : 1;
		return i < argc ? CHOOSES_FN : 0;
	}
	return 0;
}

struct rehearsal {
	const struct lesson *l;
	int upto;			/* the last step to run */
	bool strict;			/* apply the rules of a sound step */
	struct rehearsal_spawn *out;	/* the spawns of step upto */
	int max, n;
	char *err;
	size_t errlen;
};

/* Runs one command of step i at line; 0, or -1 with the message in r->err. */
static int
rehearse_command(struct rehearsal *r, struct session *s, struct output_buffer *errors, int i,
    int line, int argc, char **argv, unsigned int *chosen)
{
	char where[PATH_MAX + 32];
	snprintf(where, sizeof(where), "%s:%d", r->l->path, line);
	s->out->where = where;
	size_t before = s->ndry_spawns;
	const struct command *ran;
	int rc = commands_run(s, argc, argv, &ran);
	s->out->where = "clonesh";
	if (rc < 0) {
		snprintf(r->err, r->errlen, "%s", errors->buf ? errors->buf :
		    "the command failed");
		return -1;
	}
	char e[512];
	const struct command *c = commands_find(argv[0], e, sizeof(e));
	if (c)
		*chosen |= chooses(c, argc, argv);
	if (s->ndry_spawns == before)
		return 0;
	if (r->strict && !(*chosen & CHOOSES_FN)) {
		snprintf(r->err, r->errlen, "%s:%d: step %d spawns without choosing its function "
		    "(add \"fn NAME\" or \"spawn NAME\"): a learner arriving from elsewhere would run "
		    "whatever was left", r->l->path, line, i + 1);
		return -1;
	}
	if (r->strict && !(*chosen & CHOOSES_FLAGS)) {
		snprintf(r->err, r->errlen, "%s:%d: step %d spawns without choosing its flags (add "
		    "\"preset NAME\", \"reset\" or \"flags = FLAG...\" before it): a learner arriving "
		    "from elsewhere would run whatever was left", r->l->path, line, i + 1);
		return -1;
	}
	for (size_t k = before; r->strict && k < s->ndry_spawns; k++)
		if (s->dry_spawns[k].variant == VARIANT_CLONE3 && !(r->l->steps[i].needs & NEED_CLONE3)) {
			snprintf(r->err, r->errlen, "%s:%d: step %d spawns through clone3 without \"> requires: "
			    "clone3\": where clone3 fails (ENOSYS: a kernel before 5.3, Docker's default seccomp "
			    "profile) the step could not run; the directive skips it there, saying why",
			    r->l->path, line, i + 1);
			return -1;
		}
	for (size_t k = before; k < s->ndry_spawns && i == r->upto; k++, r->n++)
		if (r->n < r->max)
			r->out[r->n] = (struct rehearsal_spawn){ s->dry_spawns[k], line };
	return 0;
}

/* A dry session following lesson l as --run-lesson does, so the commands
 * that behave otherwise in a lesson (answer, hint, predict) are checked as
 * they would run; dry, none of them changes the course.  Its errors go to
 * *errors (the first one). */
static void
rehearsal_open(struct session *s, struct output *out, struct output_buffer *errors,
    struct course *c, const struct lesson *l)
{
	*errors = (struct output_buffer){ 0 };
	*out = (struct output){ .write = first_error, .data = errors, .where = "clonesh" };
	*c = (struct course){ .lesson = (struct lesson *)l, .chosen = -1, .automatic = true };
	session_init(s, out);
	s->dry = true;
	s->untrusted = true;	/* a lesson's file arguments are checked as a lesson's */
	s->course = c;
}

static void
rehearsal_close(struct session *s, struct output_buffer *errors)
{
	s->course = NULL;
	session_done(s);
	free(errors->buf);
}

/* Step i's commands, one by one: 0, or -1 with the message in r->err. */
static int
rehearse_commands(struct rehearsal *r, struct session *s, struct output_buffer *errors, int i)
{
	const struct lesson_step *st = &r->l->steps[i];
	unsigned int chosen = 0;
	int rc = 0;

	s->course->step = i;
	for (int k = 0; k < st->ncommands && rc == 0; k++) {
		struct lex_command *cmds;
		size_t n;
		char e[512];
		if (lexer_split(st->commands[k], &cmds, &n, e, sizeof(e)) < 0) {
			snprintf(r->err, r->errlen, "%s:%d: %s", r->l->path, st->command_lines[k], e);
			return -1;
		}
		for (size_t j = 0; j < n && rc == 0; j++)
			rc = rehearse_command(r, s, errors, i, st->command_lines[k], cmds[j].argc,
			    cmds[j].argv, &chosen);
		lexer_free(cmds, n);
	}
	return rc;
}

/* Settings that no step begins with: a learner arriving at step i from
 * another lesson, or from experiments of their own, may have any of them. */
static void
settings_elsewhere(struct experiment *e)
{
	char err[256];
	char sigbus[] = "SIGBUS";
	char *crash[] = { sigbus };

	e->variant = e->variant == VARIANT_CLONE ? VARIANT_CLONE3 : VARIANT_CLONE;
	e->flags = CLONE_FILES | CLONE_SYSVSEM;
	e->exit_signal = SIGUSR2;
	e->stack_size = 12 * 1024;
	e->guard = !e->guard;
	e->stack_bottom = !e->stack_bottom;
	e->catch_exit_signal = !e->catch_exit_signal;
	e->seccomp_deny = e->seccomp_deny ? 0 : CLONE_NEWUSER;
	e->seccomp_clone3_enosys = !e->seccomp_clone3_enosys;
	e->lab_uid = e->lab_gid = 65533;
	experiment_set_fn(e, "crash", 1, crash, err, sizeof(err));
}

/* The rule of a sound step: the experiment step i runs is the same whatever
 * the settings before it, so that a learner who arrives from elsewhere runs,
 * and is graded on, the experiment the lesson means.  Step i is rehearsed
 * again from settings_elsewhere(); its spawns must equal those it made in
 * the lesson's order (ran, n of them).  0, or -1 with the message in r->err. */
static int
rehearse_alone(struct rehearsal *r, int i, const struct experiment *ran, size_t n)
{
	struct output_buffer errors;
	struct output out;
	struct course c;
	struct session s;
	char diff[512] = "";
	/* Its rules were applied in the lesson's order; this run records nothing. */
	struct rehearsal alone = { .l = r->l, .upto = -1, .err = r->err, .errlen = r->errlen };

	rehearsal_open(&s, &out, &errors, &c, r->l);
	settings_elsewhere(&s.cfg);
	int rc = rehearse_commands(&alone, &s, &errors, i);
	if (rc == 0 && s.ndry_spawns != n)
		snprintf(diff, sizeof(diff), "it spawns %zu times, not %zu", s.ndry_spawns, n);
	for (size_t k = 0; rc == 0 && !diff[0] && k < n; k++)
		experiment_differs(&s.dry_spawns[k], &ran[k], diff, sizeof(diff));
	if (rc < 0)
		snprintf(diff, sizeof(diff), "%s", r->err);
	rehearsal_close(&s, &errors);
	if (!diff[0])
		return 0;
	snprintf(r->err, r->errlen, "%s:%d: step %d's experiment depends on the settings before it "
	    "(arriving with other ones: %s): begin its commands with \"reset\", or set what it needs",
	    r->l->path, r->l->steps[i].command_lines[0], i + 1, diff);
	return -1;
}

static int
rehearse(struct rehearsal *r)
{
	struct output_buffer errors;
	struct output out;
	struct course c;
	struct session s;
	int rc = 0;

	rehearsal_open(&s, &out, &errors, &c, r->l);
	for (int i = 0; i <= r->upto && i < r->l->nsteps && rc == 0; i++) {
		size_t first = s.ndry_spawns;
		rc = rehearse_commands(r, &s, &errors, i);
		if (rc == 0 && r->strict && s.ndry_spawns > first)
			rc = rehearse_alone(r, i, &s.dry_spawns[first], s.ndry_spawns - first);
	}
	rehearsal_close(&s, &errors);
	return rc < 0 ? -1 : r->n;
}

int
rehearse_step(const struct lesson *l, int step, struct rehearsal_spawn *out, int max,
    char *err, size_t errlen)
{
	struct rehearsal r = { .l = l, .upto = step, .out = out, .max = max, .err = err,
	    .errlen = errlen };
	if (step < 0 || step >= l->nsteps) {
		snprintf(err, errlen, "%s: no step %d (it has %d)", l->path, step + 1, l->nsteps);
		return -1;
	}
	return rehearse(&r);
}

int
rehearse_lesson(const struct lesson *l, char *err, size_t errlen)
{
	struct rehearsal r = { .l = l, .upto = l->nsteps - 1, .strict = true, .err = err,
	    .errlen = errlen };
	return rehearse(&r) < 0 ? -1 : 0;
}
