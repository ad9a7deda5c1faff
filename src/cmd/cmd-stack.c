#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <strings.h>

#include "cmd.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

static void
stack_show(struct session *s)
{
	char sz[32];

	out_printf(s->out, "stack: %s, guard %s\n", size_format(s->cfg.stack_size, sz, sizeof(sz)),
	    s->cfg.guard ? "on" : "off");
}

int
cmd_stack(struct session *s, int argc, char **argv)
{
	char err[256];

	if (argc == 1) {
		stack_show(s);
		return 0;
	}
	if (strcasecmp(argv[1], "guard") == 0) {
		if (argc == 2)
			return cmd_error(s, "stack: guard needs on or off (usage: stack guard on|off)");
		if (argc > 3)
			return cmd_too_many(s, "stack");
		if (strcasecmp(argv[2], "on") == 0)
			s->cfg.guard = true;
		else if (strcasecmp(argv[2], "off") == 0)
			s->cfg.guard = false;
		else
			return cmd_error(s, "stack: guard is on or off, not \"%s\"", argv[2]);
	} else {
		size_t size;
		if (argc > 2)
			return cmd_too_many(s, "stack");
		if (size_parse(argv[1], &size, err, sizeof(err)) < 0)
			return cmd_fail(s, "stack", err);
		s->cfg.stack_size = size;
	}
	if (!s->json)
		stack_show(s);
	return 0;
}
