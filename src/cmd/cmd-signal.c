#include "config.h"

#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

static void
signal_show(struct session *s)
{
	char buf[32];

	out_printf(s->out, "signal: %s%s\n", signal_name(s->cfg.exit_signal, buf, sizeof(buf)),
	    s->cfg.catch_exit_signal ? ", caught by the lab's handler (SA_SIGINFO)" : "");
}

static int
cmd_signal(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		signal_show(s);
		return 0;
	}
	if (strcasecmp(argv[1], "catch") == 0) {
		if (argc == 2)
			return cmd_error(s, "signal: catch needs on or off (usage: signal catch on|off)");
		if (argc > 3)
			return cmd_too_many(s, "signal");
		if (strcasecmp(argv[2], "on") == 0)
			s->cfg.catch_exit_signal = true;
		else if (strcasecmp(argv[2], "off") == 0)
			s->cfg.catch_exit_signal = false;
		else
			return cmd_error(s, "signal: catch is on or off, not \"%s\"", argv[2]);
	} else {
		if (argc > 2)
			return cmd_too_many(s, "signal");
		int sig = signal_parse(argv[1]);
		if (sig < 0)
			return cmd_error(s, "signal: \"%s\" is not a signal (try SIGCHLD, SIGUSR1, 17, "
			    "or none; 1 to 64; or catch on|off)", argv[1]);
		s->cfg.exit_signal = sig;
	}
	if (!s->json)
		signal_show(s);
	return 0;
}

const struct command cmd_signal_entry = {
	.name = "signal",
	.args = "[SIG|none | catch on|off]",
	.summary = "show or set the exit signal",
	.help =
	    "The exit signal is what the kernel sends the parent when the child ends: SIGCHLD for "
	    "a fork-like child (the default), none for no signal at all. A signal is a name with "
	    "or without SIG (SIGUSR1, usr1), a number from 1 to 64 (0 is none), or SIGRTMIN+N. Any "
	    "signal but SIGCHLD makes a clone child, which plain waitpid() does not see. \"signal "
	    "catch on\" has the lab handle the exit signal with an SA_SIGINFO handler and record "
	    "what came with it (si_signo, si_pid, si_code, si_status: show exit); \"signal catch "
	    "off\" leaves the lab's default disposition.",
	.man =
	    "Show or set the exit signal the parent receives when the child ends (default\n"
	    "SIGCHLD), by name\n"
	    ".RB ( SIGCHLD ,\n"
	    ".BR chld )\n"
	    "or number (1 to 64, or\n"
	    ".BR SIGRTMIN+ \\fIN\\fR);\n"
	    ".B none\n"
	    "(or 0) for no signal.\n"
	    ".B signal catch on\n"
	    "has the lab handle the exit signal with an\n"
	    ".B SA_SIGINFO\n"
	    "handler and record the first siginfo it gets\n"
	    ".RI ( si_signo ,\n"
	    ".IR si_pid ,\n"
	    ".IR si_code ,\n"
	    ".IR si_status );\n"
	    ".B signal catch off\n"
	    "leaves the default disposition.\n",
	.completer = COMPLETE_SIGNAL,
	.handler = cmd_signal,
	.dry = DRY_SETTINGS,
};
