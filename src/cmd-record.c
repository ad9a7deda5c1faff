#include "config.h"

#include "cmd.h"

int
cmd_record(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "record: not available yet");
}
