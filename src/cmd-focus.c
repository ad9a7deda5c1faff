#include "config.h"

#include "cmd.h"

int
cmd_focus(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "focus: not available yet");
}
