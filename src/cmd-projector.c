#include "config.h"

#include "cmd.h"

int
cmd_projector(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "projector: not available yet");
}
