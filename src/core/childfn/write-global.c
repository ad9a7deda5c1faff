#include "config.h"

#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"

LAB_WORD volatile long lab_global = LAB_GLOBAL_BEFORE;

static long
act_write_global(struct child_ctx *ctx)
{
	lab_global = ctx->cfg->iarg[0];
	ctx->report->global_wrote = ctx->cfg->iarg[0];
	ctx->report->wrote_global = true;
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_GLOBALS:
		csource_puts(c, "/* An ordinary global: one copy per address space. */\n"
		    "static volatile long global = 7;\n\n");
		return true;
	case CODE_ACT:
		csource_printf(c, "\t/* write-global: with CLONE_VM this is the parent's global too. */\n"
		    "\tglobal = %ld;\n", e->iarg[0]);
		return true;
	case CODE_EFFECTS:
		csource_printf(c, "\tprintf(\"global: parent sees %%ld (it was 7, the child wrote %ld)\\n\", global);\n",
		    e->iarg[0]);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_write_global = {
	.name = "write-global",
	.usage = "[V]",
	.min_args = 0, .max_args = 1,
	.kinds = { ARG_INT },
	.lo = { -1000000000 },
	.hi = { 1000000000 },
	.defaults = { "42" },
	.summary = "stores V (default 42) in a global variable the parent reads afterwards",
	.touches = "memory",
	.explain = "The child stores V in a global variable that holds 7 before every experiment. With "
	    "CLONE_VM parent and child are one address space and the parent reads V; without it "
	    "the child wrote its own copy-on-write copy and the parent still reads 7.",
	.after = AFTER_RETURN,
	.act = act_write_global,
	.finish = act_finish_zero,
	.effect = EFFECT_GLOBAL,
	.drill = { .rank = 1, .args = { "13|42|99|1000" } },
	.code = { .write = write_code },
};
