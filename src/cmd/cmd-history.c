#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "commands.h"
#include "compare.h"
#include "experiment.h"
#include "flags.h"
#include "history.h"
#include "observation.h"
#include "output.h"
#include "session.h"
#include "util.h"

/* The settings of an experiment on one line: "clone CLONE_VM|SIGCHLD, stack 64k, fn hello". */
static const char *
settings_line(const struct experiment *e, char *buf, size_t len)
{
	char fl[512], sz[32], fn[FN_MAX_ARGS * FN_ARG_LEN + 64];

	snprintf(buf, len, "%s %s, stack %s%s, fn %s", variant_name(e->variant),
	    flags_format(e->flags, e->exit_signal, fl, sizeof(fl)),	/* asked: the settings */
	    size_format(e->stack_size, sz, sizeof(sz)), e->guard ? "" : " (no guard)",
	    cmd_fn_describe(e, fn, sizeof(fn)));
	return buf;
}

static int
cmd_history(struct session *s, int argc, char **argv)
{
	char set[FN_MAX_ARGS * FN_ARG_LEN + 1024], end[256];

	unsigned int oldest = history_oldest(s);
	if (oldest == 0) {
		out_printf(s->out, "history: no experiments yet\n");
		return 0;
	}
	if (history_dropped(s))
		out_printf(s->out, "(%u older experiment%s no longer kept: the last %d are)\n",
		    history_dropped(s), history_dropped(s) == 1 ? " is" : "s are", HISTORY_KEEP);
	for (unsigned int n = oldest; n <= s->nexperiments; n++) {
		const struct observation *o = history_observation(s, n);
		if (!o)
			continue;
		compare_outcome(o, end, sizeof(end));
		if (o->clone_ok) {
			const char *sep = "; shared";
			for (int k = 0; k < SH_COUNT; k++)
				if (o->shared[k].v == 1) {
					str_append(end, sizeof(end), "%s %s", sep, resources_table[k].name);
					sep = "";
				}
			if (*sep)
				str_append(end, sizeof(end), "; shared nothing");
		}
		out_printf(s->out, "#%-3u %s → %s\n", n, settings_line(&o->cfg, set, sizeof(set)), end);
	}
	return 0;
}

/* --- compare ------------------------------------------------------------- */

/* Parses an experiment number ("3" or "#3") and finds it; reports why not. */
static const struct observation *
compare_find(struct session *s, const char *word)
{
	const char *p = word[0] == '#' ? word + 1 : word;
	char *end;
	char ran[64];

	if (s->nexperiments == 1)
		snprintf(ran, sizeof(ran), "only 1 ran");
	else
		snprintf(ran, sizeof(ran), "1 to %u ran", s->nexperiments);
	errno = 0;
	unsigned long n = *p >= '0' && *p <= '9' ? strtoul(p, &end, 10) : 0;
	if (!(*p >= '0' && *p <= '9') || *end || errno) {
		cmd_error(s, "compare: \"%s\" is not an experiment number (%s; \"history\" lists them)",
		    word, ran);
		return NULL;
	}
	if (n == 0 || n > s->nexperiments) {
		cmd_error(s, "compare: experiment %lu does not exist (%s)", n, ran);
		return NULL;
	}
	const struct observation *o = history_observation(s, (unsigned int)n);
	if (!o) {
		if (n < history_oldest(s))
			cmd_error(s, "compare: experiment %lu is no longer kept (the last %d are)", n,
			    HISTORY_KEEP);
		else
			cmd_error(s, "compare: experiment %lu is not kept", n);
	}
	return o;
}

static int
cmd_compare(struct session *s, int argc, char **argv)
{
	if (argc > 3)
		return cmd_too_many(s, "compare");
	if (argc < 3)
		return cmd_error(s, "compare: needs two experiment numbers (usage: compare A B)");
	if (s->dry)
		return 0;
	if (s->nexperiments == 0 || history_oldest(s) == 0)
		return cmd_error(s, "compare: no experiments yet (spawn some first)");
	const struct observation *a = compare_find(s, argv[1]);
	if (!a)
		return -1;
	const struct observation *b = compare_find(s, argv[2]);
	if (!b)
		return -1;
	compare_render(a, b, s->out);
	return 0;
}

const struct command cmd_history_entry = {
	.name = "history",
	.args = "",
	.summary = "list the session's experiments",
	.help =
	    "Lists the experiments of this session: number, settings and a one-line outcome.",
	.man =
	    "List the session's experiments, one a line: number, settings (variant,\n"
	    "flags and exit signal as strace prints them, stack, function and\n"
	    "arguments) and the outcome (exit status or fatal signal and the shared set,\n"
	    "or the errno of a refused clone).\n"
	    "The session keeps the last 100 observations; history says how many older\n"
	    "ones were dropped.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_history,
};

const struct command cmd_compare_entry = {
	.name = "compare",
	.args = "A B",
	.summary = "show two experiments side by side",
	.help =
	    "Shows experiments A and B (numbers from history) side by side, the differences "
	    "marked.",
	.man =
	    "Show experiments\n"
	    ".I A\n"
	    "and\n"
	    ".I B\n"
	    "(numbers from\n"
	    ".BR history ,\n"
	    "with or without\n"
	    ".BR # )\n"
	    "side by side, a row a field, grouped: config, shared (kcmp), namespaces,\n"
	    "ids, memory, fds, signals, fs, exit and stack.\n"
	    "A row whose values differ starts with\n"
	    ".BR \\(!= ;\n"
	    "the last line counts the differences.\n"
	    "Ids are shown as relations (\\fB= parent's pid\\fR, \\fB= its own tid\\fR), not\n"
	    "raw pids, so two runs compare.\n"
	    "Fails for a number that never ran or is no longer kept.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_compare,
};
