#include "config.h"

#include "cmd.h"
#include "commands.h"
#include "session.h"

static int
cmd_quit(struct session *s, int argc, char **argv)
{
	s->quit = true;
	return 0;
}

const struct command cmd_quit_entry = {
	.name = "quit",
	.alias = "exit",
	.args = "",
	.summary = "leave clonesh",
	.help =
	    "Leaves clonesh; end of input (Ctrl-D) does the same. In a script, stops it with "
	    "success.",
	.man =
	    "Leave clonesh (alias\n"
	    ".BR exit ;\n"
	    "end of input does the same).\n",
	.completer = COMPLETE_NONE,
	.handler = cmd_quit,
};
