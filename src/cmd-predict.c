#include "config.h"

#include "cmd.h"

int
cmd_predict(struct session *s, int argc, char **argv)
{
	return cmd_error(s, "predict: not available yet");
}
