#include "config.h"

#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"

static long
act_write_heap(struct child_ctx *ctx)
{
	*ctx->heap_word = ctx->cfg->iarg[0];
	ctx->report->heap_wrote = ctx->cfg->iarg[0];
	ctx->report->wrote_heap = true;
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* write-heap: through a pointer the parent got from malloc(). */\n"
		    "\t*s->heap_word = %ld;\n", e->iarg[0]);
		return true;
	case CODE_PREPARE:
		csource_puts(c, "\ts->heap_word = malloc(sizeof(*s->heap_word));\n"
		    "\tif (!s->heap_word) {\n\t\tperror(\"malloc\");\n\t\treturn 1;\n\t}\n"
		    "\t*s->heap_word = 11;\n");
		return true;
	case CODE_EFFECTS:
		csource_printf(c, "\tprintf(\"heap: parent sees %%ld (it was 11, the child wrote %ld)\\n\", *s->heap_word);\n",
		    e->iarg[0]);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_write_heap = {
	.name = "write-heap",
	.usage = "[V]",
	.min_args = 0, .max_args = 1,
	.kinds = { ARG_INT },
	.lo = { -1000000000 },
	.hi = { 1000000000 },
	.defaults = { "42" },
	.summary = "stores V (default 42) in a word the parent malloc'd before the clone",
	.touches = "memory",
	.explain = "The lab malloc()s a word and stores 11 in it before the clone; the child writes V "
	    "through the pointer. The heap is ordinary memory: shared with CLONE_VM, copied on "
	    "write without it.",
	.after = AFTER_RETURN,
	.act = act_write_heap,
	.finish = act_finish_zero,
	.effect = EFFECT_HEAP,
	.drill = { .rank = 6, .hard = true, .args = { "5|64|500" } },
	.code = { .write = write_code },
};
