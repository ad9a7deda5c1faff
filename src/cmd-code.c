#include "config.h"

#include "cmd.h"

int
cmd_code(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "code: not available yet");
}
