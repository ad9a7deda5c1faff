#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "course.h"
#include "history.h"
#include "predict.h"
#include "journal.h"
#include "lexer.h"
#include "output.h"
#include "session.h"

void
session_init(struct session *s, struct output *out)
{
	memset(s, 0, sizeof(*s));
	experiment_init(&s->cfg);
	s->out = out;
	s->log = journal_new();	/* NULL only without memory: then nothing is journaled */
}

void
session_done(struct session *s)
{
	free(s->last);
	s->last = NULL;
	course_end(s);
	predict_done(s);
	history_done(s);
	free(s->prompt_insert);
	s->prompt_insert = NULL;
	journal_free(s->log);
	s->log = NULL;
}

void
session_after_spawn(struct session *s, const struct observation *o)
{
	journal_observation(s->log, o);
	history_add(s, o);
	predict_after_spawn(s, o);
	course_after_spawn(s, o);
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
		s->ncommands++;
		const struct command *c = commands_find(cmds[i].argv[0], err, sizeof(err));
		if (!c) {
			out_error(s->out, "%s", err);
			status = -1;
			break;
		}
		struct experiment before = s->cfg;
		if (c->handler(s, cmds[i].argc, cmds[i].argv) < 0) {
			journal_discard(s->log);
			status = -1;
			break;
		}
		/* A change of settings can be undone. */
		if (memcmp(&before, &s->cfg, sizeof(before)) != 0)
			history_settings_changed(s, &before, c->name);
		if (journal_keeps(c->name, cmds[i].argc))
			journal_command(s->log, c->name, cmds[i].argc, cmds[i].argv);
		else
			journal_discard(s->log);
	}
	lexer_free(cmds, n);
	return status;
}
