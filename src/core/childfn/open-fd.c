#include "config.h"

#include <fcntl.h>
#include <stdbool.h>

#include "act.h"
#include "csource.h"
#include "experiment.h"
#include "funcs.h"
#include "rawsys.h"

static long
act_open_fd(struct child_ctx *ctx)
{
	long fd = RAW4(SYS_openat, AT_FDCWD, ctx->cfg->argv[0], O_RDONLY, 0);
	if (fd < 0)
		return act_fail(ctx, "open", fd);
	ctx->report->fd_opened = (int)fd;
	return 0;
}

/* Its C for `code` (teach/codegen.c). */
static bool
write_code(struct csource *c, enum code_at at)
{
	const struct experiment *e = c->e;
	char q[FN_ARG_LEN * 4 + 8];

	switch (at) {
	case CODE_ACT:
		csource_printf(c, "\t/* open-fd: the lowest free fd in the child's table. */\n"
		    "\tlong fd = RAW4(SYS_openat, AT_FDCWD, %s, O_RDONLY, 0);\n"
		    "\tif (fd < 0)\n\t\tchild_failed(s, \"open\", fd);\n"
		    "\ts->value = fd;\n", csource_quote(e->argv[0], q, sizeof(q)));
		return true;
	case CODE_EFFECTS:
		csource_puts(c, "\tif (s->value >= 0) {\n"
		    "\t\tchar path[64], target[256];\n"
		    "\t\tsnprintf(path, sizeof(path), \"/proc/self/fd/%ld\", s->value);\n"
		    "\t\tssize_t n = readlink(path, target, sizeof(target) - 1);\n"
		    "\t\ttarget[n > 0 ? n : 0] = '\\0';\n"
		    "\t\tif (n > 0)\n"
		    "\t\t\tprintf(\"fd %ld: open in parent (%s)\\n\", s->value, target);\n"
		    "\t\telse\n"
		    "\t\t\tprintf(\"fd %ld: not open in parent\\n\", s->value);\n"
		    "\t}\n");
		return true;
	default:
		return false;
	}
}

const struct child_func childfn_open_fd = {
	.name = "open-fd",
	.usage = "[PATH]",
	.min_args = 0, .max_args = 1,
	.kinds = { ARG_PATH },
	.defaults = { "/etc/passwd" },
	.summary = "opens PATH read-only (default /etc/passwd); does the parent get the fd?",
	.touches = "fds",
	.explain = "The child opens PATH read-only. With CLONE_FILES parent and child use one file "
	    "descriptor table, so the new fd appears in the parent too; without it only the "
	    "child's copy of the table gets it.",
	.after = AFTER_RETURN,
	.act = act_open_fd,
	.finish = act_finish_zero,
	.effect = EFFECT_NEW_FD,
	.drill = { .rank = 2, .args = { "" } },
	.code = { .needs = CODE_NEEDS_FAILED | CODE_NEEDS_MEMFD, .write = write_code },
};
