#include "config.h"

#include "cmd.h"

int
cmd_undo(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "undo: not available yet");
}

int
cmd_redo(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "redo: not available yet");
}
