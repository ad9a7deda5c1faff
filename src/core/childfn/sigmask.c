#include "config.h"

#include <signal.h>
#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"
#include "signals.h"

static long
act_sigmask(struct child_ctx *ctx)
{
	unsigned long set = 1UL << (ctx->cfg->iarg[0] - 1);
	long r = RAW4(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, sizeof(set));
	return r < 0 ? act_fail(ctx, "rt_sigprocmask", r) : 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;
	char sig[32];
	char q[32];

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* sigmask: the blocked mask belongs to each task. */\n"
		    "\tunsigned long set = 1UL << (%s - 1);\n"
		    "\tlong r = RAW4(SYS_rt_sigprocmask, SIG_BLOCK, &set, 0, sizeof(set));\n"
		    "\tif (r < 0)\n\t\tchild_failed(s, \"rt_sigprocmask\", r);\n",
		    csource_signal((int)e->iarg[0], sig, sizeof(sig)));
		return true;
	case CODE_EFFECTS:
		csource_signal((int)e->iarg[0], sig, sizeof(sig));
		signal_name((int)e->iarg[0], q, sizeof(q));
		csource_printf(c, "\tsigset_t mask;\n"
		    "\tsigprocmask(SIG_BLOCK, NULL, &mask);\n"
		    "\tprintf(\"sigmask: parent blocks %s: %%s\\n\", sigismember(&mask, %s) == 1 ? \"yes\" : \"no\");\n",
		    q, sig);
		if (!c->vfork)
			csource_printf(c, "\tprintf(\"sigmask: child blocks %s: %%s\\n\",\n"
			    "\t    (proc_sigset(pid, \"SigBlk:\") & (1ULL << (%s - 1))) ? \"yes\" : \"no\");\n", q, sig);
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_sigmask = {
	.name = "sigmask",
	.usage = "SIG",
	.min_args = 1, .max_args = 1,
	.kinds = { ARG_SIGNAL },
	.lo = { 1 },
	.hi = { 64 },
	.summary = "blocks SIG in the child's signal mask; is the parent's mask changed?",
	.touches = "signals",
	.explain = "The child blocks SIG. The blocked mask belongs to each task and is never shared, "
	    "not even by CLONE_SIGHAND or CLONE_THREAD: the parent's mask stays as it was.",
	.after = AFTER_RETURN,
	.act = act_sigmask,
	.finish = act_finish_zero,
	.effect = EFFECT_SIGMASK,
	.drill = { .rank = 10, .hard = true, .args = { "SIGUSR1|SIGUSR2" } },
	.code = { .needs = CODE_NEEDS_FAILED | CODE_NEEDS_PROCSIG, .write = write_code },
};
