#include "config.h"

#include "cmd.h"
#include "experiment.h"
#include "session.h"

int
cmd_reset(struct session *s, int argc, char **argv)
{
	experiment_init(&s->cfg);
	cmd_print_config(s, "reset");
	return 0;
}
