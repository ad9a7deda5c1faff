#include "config.h"

#include <stdio.h>

#include "cmd.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

void
cmd_list_presets(struct session *s)
{
	for (size_t i = 0; i < experiment_npresets; i++)
		out_printf(s->out, "  %-10s %s\n", experiment_presets[i].name,
		    experiment_presets[i].summary);
}

int
cmd_preset(struct session *s, int argc, char **argv)
{
	char err[512];

	if (argc == 1) {
		cmd_list_presets(s);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "preset");
	if (experiment_apply_preset(&s->cfg, argv[1], err, sizeof(err)) < 0)
		return cmd_fail(s, "preset", err);
	char what[64];
	snprintf(what, sizeof(what), "preset %s", experiment_find_preset(argv[1])->name);
	cmd_print_config(s, what);
	return 0;
}
