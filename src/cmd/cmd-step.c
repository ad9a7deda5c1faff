#include "config.h"

#include <stdbool.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "session.h"

static int
cmd_step(struct session *s, int argc, char **argv)
{
	bool on;

	if (argc == 1) {
		out_printf(s->out, "step: %s\n", s->step ? "on" : "off");
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "step");
	if (cmd_parse_on_off(s, "step", argv[1], &on) < 0)
		return -1;
	/* A script has nobody to press the key, so a pause would never end. */
	if (on && !s->interactive)
		return cmd_error(s, "step: needs an interactive terminal, where each phase waits "
		    "for a key");
	s->step = on;
	if (!s->json)
		out_printf(s->out, "step: %s\n", s->step ? "on" : "off");
	return 0;
}

const struct command cmd_step_entry = {
	.name = "step",
	.args = "[on|off]",
	.summary = "pause at each phase of an experiment (for teaching)",
	.help =
	    "In step mode each phase of the next experiment (before clone, child started, child "
	    "acted, child exited) waits for Enter or Space, so a teacher can talk over it; the "
	    "child is held still meanwhile, and the timeout does not count the pauses. Step mode "
	    "needs an interactive terminal. Without arguments, shows whether it is on.",
	.man =
	    "Show or set step mode.\n"
	    "In step mode each phase of the next experiment (before clone, child\n"
	    "started, child acted, child exited) waits for Enter or Space, so a teacher\n"
	    "can talk over it; the child is held still meanwhile, and the timeout does\n"
	    "not count the pauses.\n"
	    ".B step on\n"
	    "needs an interactive terminal.\n",
	.completer = COMPLETE_ON_OFF,
	.handler = cmd_step,
	.dry = DRY_SETTINGS,
};
