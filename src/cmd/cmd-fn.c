#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "funcs.h"
#include "output.h"
#include "session.h"

void
cmd_list_functions(struct session *s)
{
	size_t width = 0;

	for (size_t i = 0; i < funcs_count; i++) {
		size_t w = strlen(funcs_table[i]->name) + 1 + strlen(funcs_table[i]->usage);
		if (w > width)
			width = w;
	}
	for (size_t i = 0; i < funcs_count; i++) {
		char head[128];
		snprintf(head, sizeof(head), "%s %s", funcs_table[i]->name, funcs_table[i]->usage);
		out_printf(s->out, "  %-*s  %s\n", (int)width, head, funcs_table[i]->summary);
	}
}

static int
cmd_functions(struct session *s, int argc, char **argv)
{
	cmd_list_functions(s);
	return 0;
}

static int
cmd_fn(struct session *s, int argc, char **argv)
{
	char err[512], buf[FN_MAX_ARGS * FN_ARG_LEN + 64];

	if (argc == 1) {
		out_printf(s->out, "fn: %s\n", cmd_fn_describe(&s->cfg, buf, sizeof(buf)));
		return 0;
	}
	if (experiment_set_fn(&s->cfg, argv[1], argc - 2, argv + 2, err, sizeof(err)) < 0)
		return cmd_fail(s, "fn", err);
	if (!s->json)
		out_printf(s->out, "fn: %s\n", cmd_fn_describe(&s->cfg, buf, sizeof(buf)));
	return 0;
}

const struct command cmd_fn_entry = {
	.name = "fn",
	.args = "[NAME [ARGS]]",
	.summary = "show or choose the child's function",
	.help =
	    "\"fn write-global 42\" makes the child run write-global with the argument 42 in the "
	    "next experiment. Missing optional arguments take their defaults. \"functions\" lists "
	    "every function with its arguments; \"explain NAME\" tells what one does.",
	.man =
	    "Show or choose the function the child runs, and its arguments; see CHILD\n"
	    "FUNCTIONS.\n",
	.completer = COMPLETE_FUNCTION,
	.handler = cmd_fn,
	.dry = DRY_SETTINGS,
};

const struct command cmd_functions_entry = {
	.name = "functions",
	.args = "",
	.summary = "list the functions a child can run",
	.help =
	    "Lists the child functions, one a line: name, arguments, and what it does. The "
	    "functions use raw system calls, which are safe in a child that shares its parent's "
	    "memory, but for three that call glibc on purpose to show what goes wrong: "
	    "seed-hello, printf-locked and libc-close.",
	.man =
	    "List the child functions, one line each.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_functions,
};
