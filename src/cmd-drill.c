#include "config.h"

#include "cmd.h"

int
cmd_drill(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "drill: not available yet");
}
