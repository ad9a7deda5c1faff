#include "config.h"

#include "cmd.h"
#include "session.h"

int
cmd_quit(struct session *s, int argc, char **argv)
{
	s->quit = true;
	return 0;
}
