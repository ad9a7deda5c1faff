#include "config.h"

#include <errno.h>
#include <sched.h>
#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"

static long
act_sethostname(struct child_ctx *ctx)
{
	/* Checked again here: whatever a caller did, never rename the host. */
	if (!(ctx->cfg->flags & CLONE_NEWUTS))
		return act_fail(ctx, "sethostname", -EPERM);
	const char *name = ctx->cfg->argv[0];
	long r = RAW2(SYS_sethostname, name, act_strlen(name));
	return r < 0 ? act_fail(ctx, "sethostname", r) : 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;
	char q[FN_ARG_LEN * 4 + 8];

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* sethostname: only ever in a new UTS namespace (CLONE_NEWUTS is set). */\n"
		    "\tstatic const char name[] = %s;\n"
		    "\tlong r = RAW2(SYS_sethostname, name, sizeof(name) - 1);\n"
		    "\tif (r < 0)\n\t\tchild_failed(s, \"sethostname\", r);\n",
		    csource_quote(e->argv[0], q, sizeof(q)));
		return true;
	case CODE_ACTED:
		csource_puts(c, "\tstruct utsname u;\n"
		    "\tif (RAW1(SYS_uname, &u) == 0)\n"
		    "\t\tfor (size_t i = 0; i < sizeof(s->hostname) - 1 && u.nodename[i]; i++)\n"
		    "\t\t\ts->hostname[i] = u.nodename[i];\n");
		return true;
	case CODE_EFFECTS:
		csource_puts(c, "\tstruct utsname u;\n"
		    "\tuname(&u);\n"
		    "\tprintf(\"hostname: parent %s\\n\", u.nodename);\n"
		    "\tprintf(\"hostname: child %s\\n\", s->hostname);\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_sethostname = {
	.name = "sethostname",
	.usage = "NAME",
	.min_args = 1, .max_args = 1,
	.kinds = { ARG_STRING },
	.lo = { 1 },
	.hi = { 64 },
	.summary = "renames the host, only inside a new UTS namespace (needs newuts)",
	.touches = "uts",
	.explain = "The child calls sethostname(). clonesh allows it only with CLONE_NEWUTS, so the "
	    "name changes in the child's own UTS namespace and never on this machine; the parent "
	    "keeps its hostname.",
	.after = AFTER_RETURN,
	.act = act_sethostname,
	.finish = act_finish_zero,
	.needs_flags = CLONE_NEWUTS,
	.refusal = "sethostname would change this machine's hostname; add newuts (CLONE_NEWUTS) "
	    "so the child has its own",
	.effect = EFFECT_HOSTNAME,
	.drill = { .rank = 14, .hard = true, .args = { "drill" } },
	.code = { .needs = CODE_NEEDS_FAILED, .write = write_code },
};
