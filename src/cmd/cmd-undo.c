#include "config.h"

#include <stdbool.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "flags.h"
#include "history.h"
#include "output.h"
#include "session.h"
#include "util.h"

/* Appends to buf each setting where to differs from from: "flags back to
 * CLONE_VM|SIGCHLD, stack back to 16k" (how is "back to" or "now"). */
static void
settings_moved(const struct experiment *from, const struct experiment *to, const char *how,
    char *buf, size_t len)
{
	char v[FN_MAX_ARGS * FN_ARG_LEN + 64];
	const char *sep = "";

	buf[0] = '\0';
	if (from->flags != to->flags) {
		str_append(buf, len, "%sflags %s %s", sep, how, flags_format(to->flags, to->exit_signal,
		    v, sizeof(v)));
		sep = ", ";
	} else if (from->exit_signal != to->exit_signal) {
		str_append(buf, len, "%ssignal %s %s", sep, how, signal_name(to->exit_signal, v,
		    sizeof(v)));
		sep = ", ";
	}
	if (from->variant != to->variant) {
		str_append(buf, len, "%svariant %s %s", sep, how, variant_name(to->variant));
		sep = ", ";
	}
	if (from->stack_size != to->stack_size || from->guard != to->guard) {
		str_append(buf, len, "%sstack %s %s, guard %s", sep, how, size_format(to->stack_size, v,
		    sizeof(v)), to->guard ? "on" : "off");
		sep = ", ";
	}
	if (from->fn != to->fn || from->argc != to->argc ||
	    memcmp(from->argv, to->argv, sizeof(from->argv)) != 0) {
		str_append(buf, len, "%sfn %s %s", sep, how, cmd_fn_describe(to, v, sizeof(v)));
		sep = ", ";
	}
	if (from->timeout_ms != to->timeout_ms) {
		str_append(buf, len, "%stimeout %s %g s", sep, how, to->timeout_ms / 1000.0);
		sep = ", ";
	}
	if (!buf[0])
		str_append(buf, len, "settings %s as they were", how);
}

static int
cmd_undo(struct session *s, int argc, char **argv)
{
	struct history_change c;
	char moved[2048];

	if (!history_undo(s, &c))
		return cmd_error(s, "undo: nothing to undo");
	settings_moved(&c.after, &c.before, "back to", moved, sizeof(moved));
	out_printf(s->out, "undo: %s (before \"%s\")\n", moved, c.what);
	return 0;
}

static int
cmd_redo(struct session *s, int argc, char **argv)
{
	struct history_change c;
	char moved[2048];

	if (!history_redo(s, &c))
		return cmd_error(s, "redo: nothing to redo (redo makes again what undo took back)");
	settings_moved(&c.before, &c.after, "now", moved, sizeof(moved));
	out_printf(s->out, "redo: %s (again \"%s\")\n", moved, c.what);
	return 0;
}

const struct command cmd_undo_entry = {
	.name = "undo",
	.args = "",
	.summary = "take back the last change of settings",
	.help =
	    "Takes back the last command that changed the settings (flags, stack, fn, ...); redo "
	    "makes it again.",
	.man =
	    "Take back the last command that changed the settings\n"
	    ".RB ( flags ,\n"
	    ".BR preset ,\n"
	    ".BR signal ,\n"
	    ".BR variant ,\n"
	    ".BR stack ,\n"
	    ".BR fn ,\n"
	    ".B spawn\n"
	    "with a function,\n"
	    ".BR timeout ,\n"
	    ".BR reset ,\n"
	    ".BR drill ),\n"
	    "and say what they became:\n"
	    ".BR \"undo: flags back to CLONE_VM|SIGCHLD (before \\(dqflags +files\\(dq)\" .\n"
	    "The last 200 changes can be taken back.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_undo,
};

const struct command cmd_redo_entry = {
	.name = "redo",
	.args = "",
	.summary = "make again the change undo took back",
	.help =
	    "Makes again the settings change that undo took back.",
	.man =
	    "Make again the change\n"
	    ".B undo\n"
	    "took back last; a new change of settings forgets what redo could make.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_redo,
};
