#include "config.h"

#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"

/* Each frame holds a 256-byte array the compiler cannot drop. */
static long __attribute__((noinline))
recurse(volatile long *depth, long left)
{
	volatile char frame[256];
	frame[0] = (char)left;
	frame[255] = (char)left;
	/* The array's address escapes, so no compiler may shrink the frame. */
	__asm__ volatile ("" : : "r"(frame) : "memory");
	(*depth)++;
	if (left > 1)
		return recurse(depth, left - 1) + frame[0];
	return frame[255];
}

static long
act_recurse(struct child_ctx *ctx)
{
	volatile long *depth = &ctx->report->recurse_depth;
	*depth = 0;
	recurse(depth, ctx->cfg->iarg[0]);
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_HELPERS:
		csource_puts(c, "/* Each frame holds 256 bytes the compiler cannot drop. */\n"
		    "static long __attribute__((noinline))\n"
		    "recurse(volatile long *depth, long left)\n"
		    "{\n"
		    "\tvolatile char frame[256];\n"
		    "\tframe[0] = (char)left;\n"
		    "\tframe[255] = (char)left;\n"
		    "\t__asm__ volatile (\"\" : : \"r\"(frame) : \"memory\");\n"
		    "\t(*depth)++;\n"
		    "\tif (left > 1)\n"
		    "\t\treturn recurse(depth, left - 1) + frame[0];\n"
		    "\treturn frame[255];\n"
		    "}\n\n");
		return true;
	case CODE_ACT:
		csource_printf(c, "\t/* recurse: %ld frames of 256 bytes down the %zu-byte stack. */\n"
		    "\trecurse(&s->value, %ld);\n", e->iarg[0], e->stack_size, e->iarg[0]);
		return true;
	case CODE_END:
		csource_printf(c, "\tprintf(\"recurse: the child reached depth %%ld of %ld\\n\", s->value);\n", e->iarg[0]);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_recurse = {
	.name = "recurse",
	.usage = "DEPTH",
	.min_args = 1, .max_args = 1,
	.kinds = { ARG_INT },
	.lo = { 1 },
	.hi = { 10000000 },
	.summary = "calls itself DEPTH times with a 256-byte frame each: stack use and overflow",
	.touches = "stack",
	.explain = "The child recurses DEPTH times, each frame holding 256 bytes. The stack grows down "
	    "towards the guard page; past it the child dies of SIGSEGV, a stack overflow. "
	    "Without a guard page the child writes into whatever lies below its stack.",
	.after = AFTER_RETURN,
	.act = act_recurse,
	.finish = act_finish_zero,
	.code = { .write = write_code },
};
