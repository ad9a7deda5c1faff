#include "config.h"

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "session.h"

static int
cmd_reset(struct session *s, int argc, char **argv)
{
	experiment_init(&s->cfg);
	cmd_print_config(s, "reset");
	return 0;
}

const struct command cmd_reset_entry = {
	.name = "reset",
	.args = "",
	.summary = "go back to the default settings",
	.help =
	    "Resets the flags, exit signal, variant, stack, function and timeout to their "
	    "defaults: a fork-like child running hello. The last observation stays for show and "
	    "report.",
	.man =
	    "Return to the default settings: the glibc wrapper, no flags, SIGCHLD, a\n"
	    "64 KiB stack with a guard page, the function\n"
	    ".BR hello ,\n"
	    "a 5 second timeout.\n"
	    "The last observation stays for\n"
	    ".B show\n"
	    "and\n"
	    ".BR report .\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_reset,
	.dry = DRY_SETTINGS,
};
