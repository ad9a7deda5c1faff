#include "config.h"

#include <stdbool.h>
#include <unistd.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"

static long
act_seek_fd(struct child_ctx *ctx)
{
	long r = RAW3(SYS_lseek, ctx->cfg->iarg[1], ctx->cfg->iarg[0], SEEK_SET);
	return r < 0 ? act_fail(ctx, "lseek", r) : 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* seek-fd: the offset lives in the open file description. */\n"
		    "\tlong r = RAW3(SYS_lseek, %ld, %ld, SEEK_SET);\n"
		    "\tif (r < 0)\n\t\tchild_failed(s, \"lseek\", r);\n", e->iarg[1], e->iarg[0]);
		return true;
	case CODE_EFFECTS:
		csource_printf(c, "\tprintf(\"offset: parent's fd %ld is at %%ld (the child moved its fd to %ld)\\n\",\n"
		    "\t    (long)lseek(%ld, 0, SEEK_CUR));\n", e->iarg[1], e->iarg[0], e->iarg[1]);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_seek_fd = {
	.name = "seek-fd",
	.usage = "OFFSET [FD]",
	.min_args = 1, .max_args = 2,
	.kinds = { ARG_INT, ARG_INT },
	.lo = { 0, 0 },
	.hi = { 1L << 30, 1023 },
	.defaults = { NULL, "3" },
	.summary = "moves the offset of FD (default 3) to OFFSET; does the parent's offset move?",
	.touches = "fds",
	.explain = "The child calls lseek() on FD. The offset lives in the open file description, not "
	    "in the fd table, and a copied table still points at the same description: the "
	    "parent's offset moves even without CLONE_FILES.",
	.after = AFTER_RETURN,
	.act = act_seek_fd,
	.finish = act_finish_zero,
	.effect = EFFECT_FD_OFFSET,
	.drill = { .rank = 8, .hard = true, .args = { "100|512|1000" } },
	.code = { .needs = CODE_NEEDS_FAILED | CODE_NEEDS_MEMFD, .write = write_code },
};
