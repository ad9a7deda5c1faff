#include "config.h"

#include <stdbool.h>
#include <stddef.h>
#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

static void
stack_show(struct session *s)
{
	char sz[32];

	/* The end is said only when it is the wrong one. */
	out_printf(s->out, "stack: %s, guard %s%s\n", size_format(s->cfg.stack_size, sz, sizeof(sz)),
	    s->cfg.guard ? "on" : "off", s->cfg.stack_bottom ? ", end bottom (clone() is handed the "
	    "stack's lowest address: the wrong end)" : "");
}

static int
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
	} else if (strcasecmp(argv[1], "end") == 0) {
		if (argc == 2)
			return cmd_error(s, "stack: end needs top or bottom (usage: stack end top|bottom)");
		if (argc > 3)
			return cmd_too_many(s, "stack");
		if (strcasecmp(argv[2], "top") == 0)
			s->cfg.stack_bottom = false;
		else if (strcasecmp(argv[2], "bottom") == 0)
			s->cfg.stack_bottom = true;
		else
			return cmd_error(s, "stack: end is top or bottom, not \"%s\"", argv[2]);
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

const struct command cmd_stack_entry = {
	.name = "stack",
	.args = "[SIZE | guard on|off | end top|bottom]",
	.summary = "show or set the child's stack",
	.help =
	    "\"stack 16k\" sets the size of the stack the child runs on: a whole number of 4k "
	    "pages, in bytes or with k, K or KiB (1024) or m, M or MiB, from 4k to 256m. \"stack "
	    "guard off\" removes "
	    "the PROT_NONE page below the stack, so an overflow silently corrupts the memory below "
	    "instead of killing the child with SIGSEGV. \"stack end bottom\" hands clone() the "
	    "stack's lowest address instead of its top, the classic mistake (stacks grow down; "
	    "clone3 takes the lowest address and the size, so it is clone()'s alone); \"stack end "
	    "top\" puts it right. Without arguments, shows the settings (the end only when it is the "
	    "bottom).",
	.man =
	    "Show the stack settings, set the size of the child's stack in bytes, with\n"
	    "an optional binary suffix\n"
	    ".RB ( k ,\n"
	    ".B K\n"
	    "or\n"
	    ".B KiB\n"
	    "for 1024,\n"
	    ".BR m ,\n"
	    ".B M\n"
	    "or\n"
	    ".B MiB\n"
	    "for 1048576:\n"
	    ".BR 8k ,\n"
	    ".BR 64KiB ,\n"
	    ".BR 1m ;\n"
	    "a whole number of 4k pages from 4k to 256m; default 64k), or put a PROT_NONE\n"
	    "guard page below it or not.\n"
	    "A size past 256m is refused as over the limit.\n"
	    ".B stack end bottom\n"
	    "hands\n"
	    ".BR clone ()\n"
	    "the stack's lowest address instead of its top, the classic mistake;\n"
	    ".B stack end top\n"
	    "puts it right.\n"
	    "With\n"
	    ".BR clone3 ,\n"
	    "which takes the lowest address and the size, it is refused.\n",
	.completer = COMPLETE_STACK,
	.handler = cmd_stack,
	.dry = DRY_SETTINGS,
};
