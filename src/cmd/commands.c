#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "flags.h"
#include "journal.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "util.h"

#define WRAP_WIDTH 76

/* --- the table -------------------------------------------------------------- */

/* Every command, in the order help lists them; each is defined in its
 * cmd-*.c file beside its handler. */
const struct command *const commands_table[] = {
	&cmd_flags_entry,
	&cmd_preset_entry,
	&cmd_signal_entry,
	&cmd_variant_entry,
	&cmd_stack_entry,
	&cmd_seccomp_entry,
	&cmd_fn_entry,
	&cmd_functions_entry,
	&cmd_spawn_entry,
	&cmd_kill_entry,
	&cmd_trace_entry,
	&cmd_cost_entry,
	&cmd_show_entry,
	&cmd_report_entry,
	&cmd_view_entry,
	&cmd_explain_entry,
	&cmd_timeout_entry,
	&cmd_lab_entry,
	&cmd_step_entry,
	&cmd_reset_entry,
	&cmd_pane_entry,
	&cmd_clear_entry,
	&cmd_why_entry,
	&cmd_predict_entry,
	&cmd_code_entry,
	&cmd_drill_entry,
	&cmd_history_entry,
	&cmd_compare_entry,
	&cmd_undo_entry,
	&cmd_redo_entry,
	&cmd_projector_entry,
	&cmd_focus_entry,
	&cmd_record_entry,
	&cmd_save_entry,
	&cmd_transcript_entry,
	&cmd_snapshot_entry,
	&cmd_lessons_entry,
	&cmd_lesson_entry,
	&cmd_next_entry,
	&cmd_back_entry,
	&cmd_again_entry,
	&cmd_answer_entry,
	&cmd_hint_entry,
	&cmd_solution_entry,
	&cmd_where_entry,
	&cmd_doctor_entry,
	&cmd_help_entry,
	&cmd_quit_entry,
};

const size_t commands_count = ARRAY_SIZE(commands_table);

/* The entry of a handler's own command, for its usage. */
static const struct command *
cmd_self(const char *name)
{
	for (size_t i = 0; i < commands_count; i++)
		if (strcmp(commands_table[i]->name, name) == 0)
			return commands_table[i];
	return commands_table[0];
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const struct command *
commands_find(const char *name, char *err, size_t errlen)
{
	const struct command *match = NULL;
	const char *names[ARRAY_SIZE(commands_table)];
	size_t n = 0, len = strlen(name);

	if (errlen)
		err[0] = '\0';
	for (size_t i = 0; i < commands_count; i++) {
		const struct command *c = commands_table[i];
		if (strcmp(c->name, name) == 0 || (c->alias && strcmp(c->alias, name) == 0))
			return c;
	}
	for (size_t i = 0; len > 0 && i < commands_count; i++) {
		if (strncmp(commands_table[i]->name, name, len) == 0) {
			match = commands_table[i];
			names[n++] = match->name;
		}
	}
	if (n == 1)
		return match;
	if (n > 1) {
		qsort(names, n, sizeof(names[0]), cmp_str);
		snprintf(err, errlen, "ambiguous command \"%s\":", name);
		for (size_t i = 0; i < n; i++)
			str_append(err, errlen, "%s %s", i ? "," : "", names[i]);
		return NULL;
	}

	const char *best = NULL;
	int bestd = len > 4 ? 3 : len > 2 ? 2 : 1;
	for (size_t i = 0; i < commands_count; i++) {
		const struct command *c = commands_table[i];
		int d = str_distance(name, c->name);
		if (d < bestd) {
			bestd = d;
			best = c->name;
		}
	}
	if (best)
		snprintf(err, errlen, "unknown command \"%s\" (did you mean %s? \"help\" lists "
		    "commands)", name, best);
	else
		snprintf(err, errlen, "unknown command \"%s\" (\"help\" lists commands)", name);
	return NULL;
}

int
commands_run(struct session *s, int argc, char **argv, const struct command **ran)
{
	char err[512];

	*ran = NULL;
	const struct command *c = commands_find(argv[0], err, sizeof(err));
	if (!c) {
		out_error(s->out, "%s", err);
		return -1;
	}
	/* A command of no arguments (its usage in the table is empty) takes none. */
	if (!*c->args && argc > 1) {
		journal_discard(s->log);
		return cmd_too_many(s, c->name);
	}
	/* Dry, such a command has nothing more to check; the others check
	 * their arguments and stop before acting (enum dry_mode). */
	if (s->dry)
		return c->dry == DRY_CHECK && !*c->args ? 0 : c->handler(s, argc, argv);
	*ran = c;
	return c->handler(s, argc, argv);
}

/* --- helpers for the handlers ----------------------------------------------- */

int
cmd_error(struct session *s, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	out_error(s->out, "%s", msg);
	return -1;
}

int
cmd_fail(struct session *s, const char *name, const char *msg)
{
	size_t n = strlen(name);

	if (strncmp(msg, name, n) == 0 && msg[n] == ':')
		return cmd_error(s, "%s", msg);
	return cmd_error(s, "%s: %s", name, msg);
}

int
cmd_too_many(struct session *s, const char *name)
{
	const struct command *c = cmd_self(name);

	return cmd_error(s, "%s: too many arguments (usage: %s%s%s)", name, name,
	    *c->args ? " " : "", c->args);
}

FILE *
cmd_create(struct session *s, const char *name, const char *file, char *path, size_t size)
{
	char err[1024];
	if (session_check_write(s, file, path, size, err, sizeof(err)) < 0) {
		cmd_error(s, "%s: %s", name, err);
		return NULL;
	}
	FILE *f = fopen(path, "we");
	if (!f)
		cmd_error(s, "%s: cannot write %s: %s", name, path, strerror(errno));
	return f;
}

int
cmd_dry_file(struct session *s, const char *name, const char *file)
{
	char err[1024], path[4096];
	if (file && session_check_write(s, file, path, sizeof(path), err, sizeof(err)) < 0)
		return cmd_error(s, "%s: %s", name, err);
	return 0;
}

int
cmd_finish(struct session *s, const char *name, FILE *f, const char *path)
{
	if (ferror(f) | (fclose(f) != 0))
		return cmd_error(s, "%s: cannot write %s: %s", name, path, strerror(errno ? errno : EIO));
	return 0;
}

bool
cmd_date(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;
	if (localtime_r(&now, &tm) && strftime(buf, size, "%Y-%m-%d %H:%M", &tm) != 0)
		return true;
	buf[0] = '\0';
	return false;
}

int
cmd_parse_on_off(struct session *s, const char *name, const char *word, bool *on)
{
	if (strcasecmp(word, "on") == 0)
		*on = true;
	else if (strcasecmp(word, "off") == 0)
		*on = false;
	else
		return cmd_error(s, "%s: \"%s\" is not on or off (usage: %s %s)", name, word, name,
		    cmd_self(name)->args);
	return 0;
}

void
cmd_print_wrapped(struct output *out, const char *indent, const char *text)
{
	if (*text)
		out_wrapped(out, indent, indent, WRAP_WIDTH, text);
}

const char *
cmd_fn_describe(const struct experiment *e, char *buf, size_t len)
{
	return experiment_fn_describe(e, buf, len);
}

void
cmd_print_config(struct session *s, const char *what)
{
	char fl[512], sz[32], fn[FN_MAX_ARGS * FN_ARG_LEN + 64];
	const struct experiment *e = &s->cfg;

	if (s->json)
		return;
	out_printf(s->out, "%s: %s, %s, stack %s%s, fn %s\n", what,
	    flags_format(e->flags, e->exit_signal, fl, sizeof(fl)), variant_name(e->variant),
	    size_format(e->stack_size, sz, sizeof(sz)), e->guard ? "" : " (no guard)",
	    cmd_fn_describe(e, fn, sizeof(fn)));
}

void
cmd_print_line_of(struct output *out, const struct observation *o,
    void (*render)(const struct observation *, struct output *))
{
	struct output_buffer b;
	struct output bo;

	output_init_buffer(&bo, &b);
	render(o, &bo);
	if (b.len)
		out_write(out, b.buf, b.len);
	if (b.len == 0 || b.buf[b.len - 1] != '\n')
		out_write(out, "\n", 1);
	output_buffer_free(&b);
}

const char *
commands_name_of(const char *word, char *err, size_t errlen)
{
	const struct command *c = commands_find(word, err, errlen);
	return c ? c->name : NULL;
}
