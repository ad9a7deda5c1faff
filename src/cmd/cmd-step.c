#include "config.h"

#include <stdbool.h>

#include "cmd.h"
#include "output.h"
#include "session.h"

int
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
