#include "config.h"

#include "cmd.h"

int
cmd_why(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "why: not available yet");
}
