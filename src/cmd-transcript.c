#include "config.h"

#include "cmd.h"

int
cmd_transcript(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "transcript: not available yet");
}
