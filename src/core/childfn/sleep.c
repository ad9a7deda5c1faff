#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <time.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"

static long
act_sleep(struct child_ctx *ctx)
{
	struct timespec ts = { .tv_sec = ctx->cfg->iarg[0], .tv_nsec = 0 };
	while (RAW2(SYS_nanosleep, &ts, &ts) == -EINTR)
		;
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* sleep: nanosleep(2), restarted when a signal interrupts it. */\n"
		    "\tstruct timespec ts = { .tv_sec = %ld, .tv_nsec = 0 };\n"
		    "\twhile (RAW2(SYS_nanosleep, &ts, &ts) == -EINTR)\n"
		    "\t\t;\n", e->iarg[0]);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_sleep = {
	.name = "sleep",
	.usage = "SECONDS",
	.min_args = 1, .max_args = 1,
	.kinds = { ARG_INT },
	.hi = { 3600 },
	.summary = "sleeps SECONDS before it acts (past the timeout the lab is killed)",
	.touches = "time",
	.explain = "The child sleeps with nanosleep(). A sleep longer than the timeout shows how clonesh "
	    "kills a hanging lab and keeps going.",
	.after = AFTER_RETURN,
	.act = act_sleep,
	.finish = act_finish_zero,
	.code = { .write = write_code },
};
