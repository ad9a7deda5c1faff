#include "config.h"

#include "cmd.h"

int
cmd_snapshot(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "snapshot: not available yet");
}
