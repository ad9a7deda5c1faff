#include "config.h"

#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"

static int
finish_exit(struct child_ctx *ctx)
{
	return (int)ctx->cfg->iarg[0];
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_FINISH:
		csource_printf(c, "\t/* The return value becomes the exit status (glibc passes it to exit(2)). */\n"
		    "\treturn %ld;\n", e->iarg[0]);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_exit = {
	.name = "exit",
	.usage = "N",
	.min_args = 1, .max_args = 1,
	.kinds = { ARG_INT },
	.hi = { 255 },
	.summary = "returns N from the child function: the exit status",
	.touches = "exit",
	.explain = "The child function returns N. glibc's clone() wrapper passes the return value to "
	    "the exit system call, so N becomes the status the parent collects with waitpid().",
	.after = AFTER_RETURN,
	.act = act_nothing,
	.finish = finish_exit,
	.drill = { .rank = 13, .hard = true, .args = { "0|3|42" } },
	.code = { .write = write_code },
};
