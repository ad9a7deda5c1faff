#include "config.h"

#include <stdbool.h>

#include "cmd.h"
#include "output.h"
#include "session.h"

/* Only asks: the front end loop changes front ends between commands. */
int
cmd_pane(struct session *s, int argc, char **argv)
{
	bool on;

	if (argc == 1) {
		if (s->dry)
			return 0;
		out_printf(s->out, "pane: %s\n", s->fe && s->fe->pane_wanted() ? "on" : "off");
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "pane");
	if (cmd_parse_on_off(s, "pane", argv[1], &on) < 0)
		return -1;
	if (s->dry)
		return 0;
	if (!s->interactive || !s->fe)
		return cmd_error(s, "pane: needs an interactive terminal (clonesh is running a "
		    "script)");
	s->fe->pane_switch(on);
	if (!s->json)
		out_printf(s->out, "pane: %s\n", on ? "on" : "off");
	return 0;
}

/* Ctrl-L as a command: the pane repaints the whole screen on its next draw;
 * plain mode and scripts have nothing to repaint. */
int
cmd_clear(struct session *s, int argc, char **argv)
{
	if (argc > 1)
		return cmd_too_many(s, "clear");
	if (s->fe)
		s->fe->repaint();
	return 0;
}
