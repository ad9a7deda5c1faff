#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
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

int
cmd_functions(struct session *s, int argc, char **argv)
{
	cmd_list_functions(s);
	return 0;
}

int
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
