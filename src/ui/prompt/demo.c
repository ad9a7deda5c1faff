#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "commands.h"
#include "lesson.h"
#include "output.h"
#include "repl.h"
#include "session.h"
#include "util.h"

static void
demo_add(struct demo *d, enum demo_kind kind, const char *text)
{
	struct demo_item *items = realloc(d->items, (size_t)(d->n + 1) * sizeof(*items));
	if (!items)
		abort();
	d->items = items;
	items[d->n].kind = kind;
	items[d->n].text = strdup(text);
	if (!items[d->n].text)
		abort();
	d->n++;
}

/* A lesson as a demo: the lesson itself runs, so its page shows each step's
 * narrative, prediction and grade; the demo types each step's commands
 * after a pause (the room reads and predicts), pauses again on the grade,
 * and goes on with next. */
static int
demo_from_lesson(struct demo *d, const char *path, char *err, size_t errlen)
{
	struct lesson *l = lesson_load(path, commands_name_of, err, errlen);
	if (!l)
		return -1;
	if (strchr(path, '\'')) {
		snprintf(err, errlen, "demo: %s: a lesson's path may not hold a single quote", path);
		lesson_free(l);
		return -1;
	}
	char text[PATH_MAX + 16];
	snprintf(text, sizeof(text), "lesson '%s'", path);
	demo_add(d, DEMO_COMMAND, text);
	for (int i = 0; i < l->nsteps; i++) {
		const struct lesson_step *st = &l->steps[i];
		demo_add(d, DEMO_PAUSE, "");
		for (int k = 0; k < st->ncommands; k++)
			demo_add(d, DEMO_COMMAND, st->commands[k]);
		if (st->ncommands)
			demo_add(d, DEMO_PAUSE, "");
		/* The last step ends the lesson by its commands, or by next. */
		if (i + 1 < l->nsteps || st->ncommands == 0)
			demo_add(d, DEMO_COMMAND, "next");
	}
	lesson_free(l);
	return 0;
}

struct demo *
demo_load(const char *path, char *err, size_t errlen)
{
	struct demo *d = calloc(1, sizeof(*d));
	if (!d)
		abort();
	d->path = strdup(path);
	if (str_suffix(path, ".md")) {
		d->lesson = true;
		if (demo_from_lesson(d, path, err, errlen) < 0) {
			demo_free(d);
			return NULL;
		}
	} else {
		FILE *f = fopen(path, "re");
		if (!f) {
			snprintf(err, errlen, "demo: cannot read %s: %s", path, strerror(errno));
			demo_free(d);
			return NULL;
		}
		char *buf = NULL;
		size_t cap = 0;
		ssize_t len;
		int line = 0;
		while ((len = getline(&buf, &cap, f)) >= 0) {
			line++;
			const char *nul = memchr(buf, '\0', (size_t)len);
			if (nul || len > 4097) {
				if (nul)
					snprintf(err, errlen, "%s:%d: byte %ld is a NUL byte (scripts are text)",
					    path, line, (long)(nul - buf) + 1);
				else
					snprintf(err, errlen, "%s:%d: line longer than 4096 bytes", path, line);
				free(buf);
				fclose(f);
				demo_free(d);
				return NULL;
			}
			buf[strcspn(buf, "\r\n")] = '\0';
			const char *t = buf + strspn(buf, " \t");
			if (strcmp(t, "#!pause") == 0)
				demo_add(d, DEMO_PAUSE, "");
			else if (str_prefix(t, "#>"))
				demo_add(d, DEMO_NARRATION, t + 2 + strspn(t + 2, " "));
			else if (*t && *t != '#')
				demo_add(d, DEMO_COMMAND, t);
		}
		free(buf);
		fclose(f);
	}
	if (d->n == 0) {
		snprintf(err, errlen, "%s: nothing to play (no commands)", path);
		demo_free(d);
		return NULL;
	}
	return d;
}

void
demo_free(struct demo *d)
{
	if (!d)
		return;
	for (int i = 0; i < d->n; i++)
		free(d->items[i].text);
	free(d->items);
	free(d->path);
	free(d);
}

int
demo_previous_command(const struct demo *d, int from)
{
	/* The command before the one at from (or the one last played). */
	int seen = 0;
	for (int i = from - 1; i >= 0; i--) {
		if (d->items[i].kind == DEMO_COMMAND && ++seen == 2)
			return i;
	}
	for (int i = 0; i < d->n; i++)
		if (d->items[i].kind == DEMO_COMMAND)
			return i;
	return 0;
}

int
demo_commands(const struct demo *d, int upto)
{
	int n = 0;
	for (int i = 0; i < d->n && i < upto; i++)
		n += d->items[i].kind == DEMO_COMMAND;
	return n;
}

/* --- the plain front end's demo ----------------------------------------- */

static void
type_out(struct session *s, const char *text)
{
	struct timespec tick = { 0, DEMO_CHAR_MS * 1000000L };
	out_printf(s->out, "clonesh> ");
	out_flush(s->out);
	for (const char *p = text; *p; p++) {
		out_write(s->out, p, 1);
		out_flush(s->out);
		nanosleep(&tick, NULL);
	}
}

void
demo_plain(struct session *s, const char *path)
{
	char err[1024];
	struct demo *d = demo_load(path, err, sizeof(err));
	if (!d) {
		out_error(s->out, "%s", err);
		return;
	}
	out_printf(s->out, "demo %s: Space or Enter runs each command, b goes back, p pauses, "
	    "q leaves to the prompt\n", path);
	for (int i = 0; i < d->n && !s->quit; ) {
		const struct demo_item *it = &d->items[i];
		if (it->kind == DEMO_NARRATION) {
			out_printf(s->out, "» %s\n", it->text);
			i++;
			continue;
		}
		if (it->kind == DEMO_PAUSE) {
			out_printf(s->out, "[pause: a key goes on]");
			out_flush(s->out);
			int k = repl_key();
			out_printf(s->out, "\n");
			if (k == 'q' || k == EOF)
				break;
			i++;
			continue;
		}
		type_out(s, it->text);
		int k;
		do
			k = repl_key();
		while (k != ' ' && k != '\n' && k != '\r' && k != 'b' && k != 'p' && k != 'q' && k != EOF);
		out_printf(s->out, "\n");
		if (k == 'q' || k == EOF)
			break;
		if (k == 'b') {
			i = demo_previous_command(d, i + 1);
			continue;
		}
		if (k == 'p') {
			/* The prompt is the presenter's until resume. */
			out_printf(s->out, "\n[demo paused: type any command; \"resume\" goes on]\n");
			if (repl_loop(s, "clonesh (paused)> ", "resume") < 0)
				break;
			continue;	/* the same command is typed again */
		}
		repl_remember(it->text);
		s->untrusted = d->lesson;
		session_run_line(s, it->text);
		s->untrusted = false;
		out_flush(s->out);
		i++;
	}
	out_printf(s->out, "[demo over: the prompt is yours]\n");
	demo_free(d);
}
