/* The running of the command language: a line, a command, and what follows
 * a command and an experiment (undo, the journal, predictions, the course).
 * The top of cmd/: it includes the command table, the course and the
 * history, which include the session (session.h) and nothing of this file,
 * so that no module of cmd/ includes one that includes it back.  Its
 * functions are declared in session.h, with the session they run in. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "course.h"
#include "history.h"
#include "journal.h"
#include "lexer.h"
#include "obs-text.h"
#include "output.h"
#include "predict.h"
#include "session.h"
#include "why.h"

void
session_after_spawn(struct session *s, const struct observation *o)
{
	if (s->log) {
		struct output_buffer b;
		struct output text;
		output_init_buffer(&text, &b);
		observation_show(o, "all", &text);
		journal_observation(s->log, o->number, b.buf);
		free(b.buf);
	}
	history_add(s, o);
	predict_after_spawn(s->predict, o, why_reason, s->out);
	course_after_spawn(s, o);
	if (s->drill && s->drill_after_spawn)
		s->drill_after_spawn(s, o);
}

int
session_run_line(struct session *s, const char *line)
{
	struct lex_command *cmds;
	size_t n;
	char err[512];
	int status = 0;

	if (lexer_split(line, &cmds, &n, err, sizeof(err)) < 0) {
		out_error(s->out, "%s", err);
		return -1;
	}
	for (size_t i = 0; i < n && !s->quit; i++) {
		if (session_run_command(s, cmds[i].argc, cmds[i].argv) < 0) {
			status = -1;
			break;
		}
	}
	lexer_free(cmds, n);
	return status;
}

int
session_run_command(struct session *s, int argc, char **argv)
{
	const struct command *c;
	struct experiment before = s->cfg;

	s->ncommands++;
	int r = commands_run(s, argc, argv, &c);
	if (!c)
		return r;
	if (r < 0) {
		journal_discard(s->log);
		return -1;
	}
	/* A change of settings can be undone. */
	if (memcmp(&before, &s->cfg, sizeof(before)) != 0)
		history_settings_changed(s, &before, c->name);
	course_after_command(s, argc, argv);
	if (journal_keeps(c->name, argc))
		journal_command(s->log, c->name, argc, argv);
	else
		journal_discard(s->log);
	return 0;
}
