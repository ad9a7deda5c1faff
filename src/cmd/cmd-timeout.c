#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

static int
cmd_timeout(struct session *s, int argc, char **argv)
{
	const double lo = TIMEOUT_MIN_MS / 1000.0, hi = TIMEOUT_MAX_MS / 1000.0;

	if (argc == 1) {
		out_printf(s->out, "timeout: %g s\n", s->cfg.timeout_ms / 1000.0);
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "timeout");
	char *end;
	errno = 0;
	double v = strtod(argv[1], &end);
	if (end != argv[1] && *end == 's' && end[1] == '\0')
		end++;
	if (end == argv[1] || *end || errno == ERANGE || !isfinite(v) || argv[1][0] == ' ')
		return cmd_error(s, "timeout: \"%s\" is not a number of seconds (%g to %g)",
		    argv[1], lo, hi);
	if (v < lo || v > hi)
		return cmd_error(s, "timeout: %s is out of range (%g to %g seconds)", argv[1], lo, hi);
	s->cfg.timeout_ms = (int)(v * 1000.0 + 0.5);
	if (!s->json)
		out_printf(s->out, "timeout: %g s\n", s->cfg.timeout_ms / 1000.0);
	return 0;
}

const struct command cmd_timeout_entry = {
	.name = "timeout",
	.args = "[SECONDS]",
	.summary = "show or set how long an experiment may run",
	.help =
	    "After this many seconds (0.1 to 600, default 5) the lab is killed and the "
	    "observation says the experiment timed out.",
	.man =
	    "Show or set how long an experiment may run: after\n"
	    ".I seconds\n"
	    "(0.1 to 600, default 5) the lab is killed and the observation says the\n"
	    "experiment timed out.\n",
	.completer = COMPLETE_TIMEOUT,
	.handler = cmd_timeout,
	.dry = DRY_SETTINGS,
};
