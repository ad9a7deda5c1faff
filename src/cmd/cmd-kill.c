#include "config.h"

#include <stdbool.h>

#include "cmd.h"
#include "output.h"
#include "session.h"

/* Only asks: the front end's poll hook sees kill_request and the lab ends
 * the experiment, as with Ctrl-C. */
int
cmd_kill(struct session *s, int argc, char **argv)
{
	if (!s->running)
		return cmd_error(s, "kill: no experiment is running");
	s->kill_request = true;
	out_printf(s->out, "kill: ending the experiment\n");
	return 0;
}
