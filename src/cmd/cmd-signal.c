#include "config.h"

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

static int
cmd_signal(struct session *s, int argc, char **argv)
{
	char buf[32];

	if (argc == 1) {
		out_printf(s->out, "signal: %s\n", signal_name(s->cfg.exit_signal, buf, sizeof(buf)));
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "signal");
	int sig = signal_parse(argv[1]);
	if (sig < 0)
		return cmd_error(s, "signal: \"%s\" is not a signal (try SIGCHLD, SIGUSR1, 17, "
		    "or none; 1 to 64)", argv[1]);
	s->cfg.exit_signal = sig;
	if (!s->json)
		out_printf(s->out, "signal: %s\n", signal_name(sig, buf, sizeof(buf)));
	return 0;
}

const struct command cmd_signal_entry = {
	.name = "signal",
	.args = "[SIG|none]",
	.summary = "show or set the exit signal",
	.help =
	    "The exit signal is what the kernel sends the parent when the child ends: SIGCHLD for "
	    "a fork-like child (the default), none for no signal at all. A signal is a name with "
	    "or without SIG (SIGUSR1, usr1), a number from 1 to 64 (0 is none), or SIGRTMIN+N. Any "
	    "signal but SIGCHLD makes a clone child, which plain waitpid() does not see.",
	.man =
	    "Show or set the exit signal the parent receives when the child ends (default\n"
	    "SIGCHLD), by name\n"
	    ".RB ( SIGCHLD ,\n"
	    ".BR chld )\n"
	    "or number (1 to 64, or\n"
	    ".BR SIGRTMIN+ \\fIN\\fR);\n"
	    ".B none\n"
	    "(or 0) for no signal.\n",
	.completer = COMPLETE_SIGNAL,
	.handler = cmd_signal,
	.dry = DRY_SETTINGS,
};
