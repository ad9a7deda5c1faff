#include "config.h"

#include "cmd.h"

int
cmd_save(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "save: not available yet");
}
