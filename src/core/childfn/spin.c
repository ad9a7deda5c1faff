#include "config.h"

#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "funcs.h"

static long
act_spin(struct child_ctx *ctx)
{
	for (volatile unsigned long i = 0; ; i++)
		;
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	switch (at) {
	case CODE_ACT:
		csource_puts(c, "\t/* spin: computes forever.  The parent gives up after TIMEOUT_MS and\n"
		    "\t * kills the child (a thread cannot be killed alone: the program exits). */\n"
		    "\tfor (volatile unsigned long i = 0;; i++)\n"
		    "\t\t;\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_spin = {
	.name = "spin",
	.usage = "",
	.summary = "loops forever; the timeout ends it",
	.touches = "time",
	.explain = "The child never stops computing. clonesh kills the lab when the timeout expires and "
	    "reports the phase it was in.",
	.after = AFTER_RETURN,
	.act = act_spin,
	.finish = act_finish_zero,
	.code = { .write = write_code },
};
