#include "config.h"

#include <strings.h>

#include "cmd.h"
#include "commands.h"
#include "experiment.h"
#include "output.h"
#include "session.h"

static int
cmd_variant(struct session *s, int argc, char **argv)
{
	if (argc == 1) {
		out_printf(s->out, "variant: %s\n", variant_name(s->cfg.variant));
		return 0;
	}
	if (argc > 2)
		return cmd_too_many(s, "variant");
	if (strcasecmp(argv[1], variant_name(VARIANT_CLONE)) == 0)
		s->cfg.variant = VARIANT_CLONE;
	else if (strcasecmp(argv[1], variant_name(VARIANT_CLONE3)) == 0)
		s->cfg.variant = VARIANT_CLONE3;
	else
		return cmd_error(s, "variant: \"%s\" is not a variant (clone or clone3)", argv[1]);
	if (!s->json)
		out_printf(s->out, "variant: %s\n", variant_name(s->cfg.variant));
	return 0;
}

const struct command cmd_variant_entry = {
	.name = "variant",
	.args = "[clone|clone3]",
	.summary = "show or choose clone() or clone3()",
	.help =
	    "\"variant clone\" calls glibc's clone() wrapper, whose int flags carry the exit signal "
	    "in their low byte; \"variant clone3\" makes the clone3 system call with a struct "
	    "clone_args, the only one of the two that can pass CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP and "
	    "CLONE_NEWTIME.",
	.man =
	    "Show the variant, or call the kernel through glibc's\n"
	    ".BR clone ()\n"
	    "wrapper or through raw\n"
	    ".BR clone3 ()\n"
	    "with a\n"
	    ".IR \"struct clone_args\" .\n"
	    "CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP and CLONE_NEWTIME need\n"
	    ".BR clone3 .\n",
	.completer = COMPLETE_VARIANT,
	.handler = cmd_variant,
	.dry = DRY_SETTINGS,
};
