#include "config.h"

#include "cmd.h"
#include "session.h"

int
cmd_quit(struct session *s, int argc, char **argv)
{
	if (argc > 1)
		return cmd_too_many(s, "quit");
	s->quit = true;
	return 0;
}
