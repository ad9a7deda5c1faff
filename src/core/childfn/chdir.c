#include "config.h"

#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"

static long
act_chdir(struct child_ctx *ctx)
{
	long r = RAW1(SYS_chdir, ctx->cfg->argv[0]);
	return r < 0 ? act_fail(ctx, "chdir", r) : 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;
	char q[FN_ARG_LEN * 4 + 8];

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* chdir: cwd is part of the fs information (CLONE_FS). */\n"
		    "\tlong r = RAW1(SYS_chdir, %s);\n"
		    "\tif (r < 0)\n\t\tchild_failed(s, \"chdir\", r);\n", csource_quote(e->argv[0], q, sizeof(q)));
		return true;
	case CODE_EFFECTS:
		csource_puts(c, "\tchar cwd[4096];\n"
		    "\tprintf(\"cwd: parent in %s\\n\", getcwd(cwd, sizeof(cwd)) ? cwd : \"(unknown)\");\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_chdir = {
	.name = "chdir",
	.usage = "[PATH]",
	.min_args = 0, .max_args = 1,
	.kinds = { ARG_PATH },
	.defaults = { "/tmp" },
	.summary = "changes the working directory (default /tmp); does the parent's change?",
	.touches = "fs",
	.explain = "The child changes its current directory. With CLONE_FS parent and child share root, "
	    "cwd and umask, so the parent moves too; without it only the child moves.",
	.after = AFTER_RETURN,
	.act = act_chdir,
	.finish = act_finish_zero,
	.effect = EFFECT_CWD,
	.drill = { .rank = 3, .args = { "/|/tmp|/usr" } },
	.code = { .needs = CODE_NEEDS_FAILED, .write = write_code },
};
