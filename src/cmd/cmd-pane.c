#include "config.h"

#include <stdbool.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "session.h"

/* Only asks: the front end loop changes front ends between commands. */
static int
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
static int
cmd_clear(struct session *s, int argc, char **argv)
{
	if (argc > 1)
		return cmd_too_many(s, "clear");
	if (s->fe)
		s->fe->repaint();
	return 0;
}

const struct command cmd_pane_entry = {
	.name = "pane",
	.args = "[on|off]",
	.summary = "show or switch the ncurses pane",
	.help =
	    "\"pane off\" leaves the ncurses pane for the plain line-by-line front end, \"pane "
	    "on\" goes back, without leaving clonesh or losing any setting. Switching needs an "
	    "interactive terminal. Without arguments, shows which front end is in use.",
	.man =
	    "Show which front end is in use, or switch between the ncurses pane and\n"
	    "the plain line-by-line front end without leaving clonesh; every setting\n"
	    "stays.\n"
	    "Switching needs an interactive terminal.\n",
	.completer = COMPLETE_ON_OFF,
	.handler = cmd_pane,
};

const struct command cmd_clear_entry = {
	.name = "clear",
	.args = "",
	.summary = "redraw the pane (also Ctrl-L)",
	.help =
	    "Repaints the whole pane from scratch, as Ctrl-L does, when something scribbled on the "
	    "terminal or a projector garbled it; the output and the settings stay. Without the pane "
	    "(the plain front end, a script) it does nothing.",
	.man =
	    "Repaint the whole pane from scratch, as Ctrl-L does; the output and the\n"
	    "settings stay.\n"
	    "Without the pane (the plain front end, a script) it does nothing.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_clear,
};
