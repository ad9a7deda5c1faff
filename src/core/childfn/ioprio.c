#include "config.h"

#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "probe.h"
#include "rawsys.h"

/* In the child: its own best-effort I/O priority, by a raw system call.
 * The priority lives in the task's I/O context (the lab made one before the
 * clone, level 4): with CLONE_IO the child has the parent's. */
static long
act_ioprio(struct child_ctx *ctx)
{
	long r = RAW3(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0,
	    (IOPRIO_CLASS_BE << IOPRIO_CLASS_SHIFT) | ctx->cfg->iarg[0]);
	return r < 0 ? act_fail(ctx, "ioprio_set", r) : 0;
}

/* Its C for `code` (teach/codegen.c): the program's parent made its I/O
 * context before the clone, as the lab does. */
static bool
write_code(struct csource *c, enum code_at at)
{
	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* ioprio: best-effort level %ld for this task; the priority lives "
		    "in the I/O context (CLONE_IO). */\n"
		    "\tlong r = RAW3(SYS_ioprio_set, 1, 0, (2 << 13) | %ld);\n"
		    "\tif (r < 0)\n\t\tchild_failed(s, \"ioprio_set\", r);\n",
		    c->e->iarg[0], c->e->iarg[0]);
		return true;
	case CODE_EFFECTS:
		csource_puts(c, "\tlong prio = syscall(SYS_ioprio_get, 1, 0);\t/* WHO_PROCESS, self */\n"
		    "\tif (prio >= 0 && prio >> 13 == 2)\n"
		    "\t\tprintf(\"ioprio: parent best-effort %ld\\n\", prio & 0xff);\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_ioprio = {
	.name = "ioprio",
	.usage = "[LEVEL]",
	.min_args = 0, .max_args = 1,
	.kinds = { ARG_INT },
	.lo = { 0 }, .hi = { 7 },
	.defaults = { "7" },
	.summary = "sets its best-effort I/O priority (0-7); does the parent's change?",
	.touches = "io",
	.explain = "The child calls ioprio_set() for itself, best-effort class, LEVEL (7 unless "
	    "given). The I/O priority is kept in the task's I/O context, which the lab gives "
	    "itself before the clone (best-effort 4): with CLONE_IO parent and child share that "
	    "context, so the parent's priority becomes the child's; without it the child has a "
	    "context of its own.",
	.after = AFTER_RETURN,
	.act = act_ioprio,
	.finish = act_finish_zero,
	.effect = EFFECT_IOPRIO,
	.code = { .needs = CODE_NEEDS_FAILED, .write = write_code },
};
