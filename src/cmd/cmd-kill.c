#include "config.h"

#include <stdbool.h>

#include "cmd.h"
#include "commands.h"
#include "output.h"
#include "session.h"

/* Only asks: the front end's poll hook sees kill_request and the lab ends
 * the experiment, as with Ctrl-C. */
static int
cmd_kill(struct session *s, int argc, char **argv)
{
	if (!s->running)
		return cmd_error(s, "kill: no experiment is running");
	s->kill_request = true;
	out_printf(s->out, "kill: ending the experiment\n");
	return 0;
}

const struct command cmd_kill_entry = {
	.name = "kill",
	.args = "",
	.summary = "end the running experiment (also Ctrl-C)",
	.help =
	    "Ends the experiment that is running now: the lab is killed with its child, and the "
	    "observation says the experiment was interrupted. Ctrl-C does the same. In the pane, "
	    "a line typed while an experiment runs waits until it ends, but kill runs at once.",
	.man =
	    "End the running experiment, as Ctrl-C does: the lab is killed with its\n"
	    "child, and the observation says the experiment was interrupted.\n"
	    "In the pane, a line typed while an experiment runs waits for its end, but\n"
	    ".B kill\n"
	    "runs at once.\n"
	    "With no experiment running,\n"
	    ".B kill\n"
	    "fails.\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_kill,
};
