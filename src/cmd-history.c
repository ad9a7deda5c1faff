#include "config.h"

#include "cmd.h"

int
cmd_history(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "history: not available yet");
}

int
cmd_compare(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "compare: not available yet");
}
