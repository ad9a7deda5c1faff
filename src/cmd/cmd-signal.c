#include "config.h"

#include "cmd.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

int
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
