#include "config.h"

#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"

static long
act_close_fd(struct child_ctx *ctx)
{
	long r = RAW1(SYS_close, ctx->cfg->iarg[0]);
	return r < 0 ? act_fail(ctx, "close", r) : 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* close-fd: closes fd %ld in the child's table. */\n"
		    "\tlong r = RAW1(SYS_close, %ld);\n"
		    "\tif (r < 0)\n\t\tchild_failed(s, \"close\", r);\n", e->iarg[0], e->iarg[0]);
		return true;
	case CODE_EFFECTS:
		csource_printf(c, "\tprintf(\"fd %ld: %%s in parent\\n\", fcntl(%ld, F_GETFD) >= 0 ? \"open\" : \"closed\");\n",
		    e->iarg[0], e->iarg[0]);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_close_fd = {
	.name = "close-fd",
	.usage = "[FD]",
	.min_args = 0, .max_args = 1,
	.kinds = { ARG_INT },
	.hi = { 1023 },
	.defaults = { "3" },
	.summary = "closes FD (default 3, the lab's file); is it closed in the parent?",
	.touches = "fds",
	.explain = "The child closes FD (by default fd 3, a file the lab opened before the clone). With "
	    "CLONE_FILES the one shared table loses the fd and the parent's fd 3 is gone too; "
	    "without it only the child's copy of the table changes.",
	.after = AFTER_RETURN,
	.act = act_close_fd,
	.finish = act_finish_zero,
	.effect = EFFECT_CLOSED_FD,
	.drill = { .rank = 7, .hard = true, .args = { "3" } },
	.code = { .needs = CODE_NEEDS_FAILED | CODE_NEEDS_MEMFD, .write = write_code },
};
