#include "config.h"

#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"

static long
act_umask(struct child_ctx *ctx)
{
	RAW1(SYS_umask, ctx->cfg->iarg[0]);
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* umask: part of the fs information (CLONE_FS). */\n"
		    "\tRAW1(SYS_umask, 0%lo);\n", (unsigned long)e->iarg[0]);
		return true;
	case CODE_EFFECTS:
		csource_puts(c, "\tmode_t m = umask(0);\t/* umask() only sets: read it by setting it back */\n"
		    "\tumask(m);\n"
		    "\tprintf(\"umask: parent %04o\\n\", (unsigned)m);\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_umask = {
	.name = "umask",
	.usage = "MODE",
	.min_args = 1, .max_args = 1,
	.kinds = { ARG_OCTAL },
	.hi = { 0777 },
	.summary = "sets the umask (octal); does the parent's change?",
	.touches = "fs",
	.explain = "The child sets its umask. The umask lives with cwd and root in the fs information: "
	    "shared with CLONE_FS, copied without it.",
	.after = AFTER_RETURN,
	.act = act_umask,
	.finish = act_finish_zero,
	.effect = EFFECT_UMASK,
	.drill = { .rank = 9, .hard = true, .args = { "077|027|002" } },
	.code = { .write = write_code },
};
