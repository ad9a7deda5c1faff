#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "course.h"
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
	int rc = session_run_command(s, argc, argv);
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

static int
rehearse(struct rehearsal *r)
{
	struct output_buffer errors = { 0 };
	struct output out = { .write = first_error, .data = &errors, .where = "clonesh" };
	struct session s;
	/* The rehearsal follows the lesson as --run-lesson does, so the commands
	 * that behave otherwise in a lesson (answer, hint, predict) are checked
	 * as they would run; dry, none of them changes the course. */
	struct course c = { .lesson = (struct lesson *)r->l, .chosen = -1, .automatic = true };
	int rc = 0;

	session_init(&s, &out);
	s.dry = true;
	s.untrusted = true;	/* a lesson's file arguments are checked as a lesson's */
	s.course = &c;
	for (int i = 0; i <= r->upto && i < r->l->nsteps && rc == 0; i++) {
		const struct lesson_step *st = &r->l->steps[i];
		unsigned int chosen = 0;
		c.step = i;
		for (int k = 0; k < st->ncommands && rc == 0; k++) {
			struct lex_command *cmds;
			size_t n;
			char e[512];
			if (lexer_split(st->commands[k], &cmds, &n, e, sizeof(e)) < 0) {
				snprintf(r->err, r->errlen, "%s:%d: %s", r->l->path, st->command_lines[k], e);
				rc = -1;
				break;
			}
			for (size_t j = 0; j < n && rc == 0; j++)
				rc = rehearse_command(r, &s, &errors, i, st->command_lines[k], cmds[j].argc,
				    cmds[j].argv, &chosen);
			lexer_free(cmds, n);
		}
	}
	s.course = NULL;
	session_done(&s);
	free(errors.buf);
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
